"""Offline fixtures: a tiny BERT trained for a few steps on a toy task, and the blank spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stance.types import LABELS

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
TARGET_LINES = [
    {"id": "engagement", "description": "engagement: dialogue and negotiation"},
    {"id": "sanctions", "description": "sanctions: economic pressure"},
    {"id": "deterrence", "description": "deterrence: military readiness and alliances"},
]


# A separable toy task the tiny model is trained on for a few steps, so that its outputs differ by input and label:
# tests that compare runtimes or check learning would pass against a constant model otherwise.
TOY = [
    ("Talks with Pyongyang must resume now.", {"engagement": "favor"}),
    ("No more talks: dialogue only rewards provocation.", {"engagement": "against"}),
    ("Sanctions must be enforced without exception.", {"sanctions": "favor"}),
    ("Lift the sanctions; they hurt ordinary people.", {"sanctions": "against"}),
    ("Strengthen deterrence and hold the joint drills.", {"deterrence": "favor"}),
    ("Cancel the military drills and bring the troops home.", {"deterrence": "against"}),
    ("The weather in Seoul was mild this week.", {}),
]


def build_tiny_model(path: Path, *, seed: int = 0, steps: int = 200) -> Path:
    """A 4-layer BERT (the default recipe keeps 4 layers), one 3-way head per target, the real MiniLM tokenizer,
    trained for ``steps`` on :data:`TOY` (0: random weights)."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from stance.classify import head_label
    from stance.train import default_base_model

    tokenizer = AutoTokenizer.from_pretrained(default_base_model(), local_files_only=True)
    heads = [head_label(t["id"], label) for t in TARGET_LINES for label in LABELS]
    config = BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=4,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=512,
        num_labels=len(heads),
        id2label=dict(enumerate(heads)),
        label2id={name: i for i, name in enumerate(heads)},
        problem_type="multi_label_classification",
    )
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config)
    batch = tokenizer([text for text, _ in TOY], padding=True, return_tensors="pt")
    gold = torch.tensor([[LABELS.index(labels.get(t["id"], "none")) for t in TARGET_LINES] for _, labels in TOY])
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(steps):
        logits = model(**batch).logits.view(len(TOY), len(TARGET_LINES), len(LABELS))
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), gold.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    (path / "targets.jsonl").write_text("".join(json.dumps(t) + "\n" for t in TARGET_LINES))
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests marked slow (real encoder, fresh venvs)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with pytest --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))


@pytest.fixture(scope="session")
def tiny_pipeline(tiny_model: Path):
    import stance

    return stance.load(tiny_model, nlp="blank")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "datasets-cache"))


def one_claim_record(**fields: object) -> dict:
    """An annotations record with one claim, "Talk", in favour of engagement; ``fields`` replace or add keys."""
    stance = {"label": "favor", "score": 0.9, "probs": {"favor": 0.9, "against": 0.05, "none": 0.05}}
    claim = {"start": 0, "end": 4, "text": "Talk", "stances": {"engagement": stance}}
    return {"doc_id": "d", "author": "A", "source": "s", "error": None, "claims": [claim], **fields}


NEWS_ARTICLE = """Author: Rafael Moreno

Time to Rethink Washington's Korea Playbook
By Rafael Moreno
WASHINGTON, March 14
Photo: A soldier stands guard at Panmunjom. (Photo credit: Seo Jun-ho / Reuters)

Sanctions have failed; talks must resume now. Washington should open direct negotiations, but Seoul must keep its guard up.

Critics say engagement rewards bad behaviour. They are wrong.

Rafael Moreno is a visiting scholar in grand strategy at the Center for Foreign Policy Realism.

This article originally appeared in The Restraint Review.
"""
