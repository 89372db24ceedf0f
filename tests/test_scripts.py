"""The benchmark scripts' own logic (not their measurements): loaded from ``scripts/`` as plain modules."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cross_topic() -> ModuleType:
    return load_script("benchmark_cross_topic")


@pytest.mark.parametrize(
    ("motion", "negated"),
    [
        ("We should ban boxing", "We should legalize boxing"),
        ("Surrogacy should be banned", "Surrogacy should be legalized"),
        ("This house would make sport compulsory", "This house would not make sport compulsory"),
        (
            "This house believes that the right to asylum should not be absolute",
            "This house believes that the right to asylum should be absolute",
        ),
        ("This house supports the one-child policy", "This house opposes the one-child policy"),
        ("This house believes atheism is the only way", "This house does not believe that atheism is the only way"),
        ("Social media brings more harm than good", "Social media brings more good than harm"),
        ("abortion", None),
    ],
)
def test_negate_motion(cross_topic: ModuleType, motion: str, negated: str | None) -> None:
    assert cross_topic.negate_motion(motion) == negated


def test_negated_rows_flip_labels_and_keep_the_originals(cross_topic: ModuleType) -> None:
    rows = [
        {"id": "a", "text": "Bans never work.", "target": "We should ban boxing", "label": "against"},
        {"id": "b", "text": "Boxing is a sport.", "target": "We should ban boxing", "label": "none"},
        {"id": "c", "text": "It saves lives.", "target": "abortion", "label": "favor"},
    ]
    out = cross_topic.with_negated_motions(rows)
    assert out[:3] == rows
    assert [(r["target"], r["label"]) for r in out[3:]] == [
        ("We should legalize boxing", "favor"),
        ("We should legalize boxing", "none"),
    ]


def test_same_motion_matches_rephrasings_only(cross_topic: ModuleType) -> None:
    assert cross_topic.same_motion(
        "We should abolish intellectual property rights", "This house would abolish intellectual property rights"
    )
    assert not cross_topic.same_motion("We should ban boxing", "We should ban gambling")


def test_simulate_compare_prints_coverage_and_null_uniformity_last():
    import json
    import subprocess
    import sys

    def simulate(*options: str) -> dict:
        command = [sys.executable, str(SCRIPTS / "simulate_compare.py"), "--runs", "8", "--draws", "500"]
        result = subprocess.run(
            [*command, "--permutations", "200", *options], capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    summary = simulate()
    assert summary["runs"] == 8 and summary["null_tests"] >= 6 and summary["null_ks_p"] > 0.001
    assert summary["coverage"] >= 0.8  # 95% intervals; the 200-run figure is in the README
    # With a classifier that never errs, what is left is the estimator's own error, far below the erring one's.
    exact = simulate("--classifier", "exact", "--method", "cc")
    assert exact["coverage"] >= 0.8 and exact["net_error"] < 0.35 < summary["net_error"]
    assert summary["mean_width_by_documents"]["1"] > summary["mean_width_by_documents"]["20"]


def test_ablate_tfidf_marks_negated_words_up_to_the_next_punctuation():
    tokens = load_script("ablate_tfidf").negation_tokens
    assert tokens("Sanctions are not to be lifted, they work.") == [
        *("sanctions", "are", "not", "NEG_to", "NEG_be", "NEG_lifted"),
        *("they", "work"),
    ]
    assert tokens("Never again; talk now.") == ["never", "NEG_again", "talk", "now"]


def test_ablate_tfidf_recovers_the_encoders_own_logits(tiny_model, tmp_path, monkeypatch):
    import json

    from stance import calibrate
    from stance.calibrate import NONE
    from stance.classify import StanceClassifier
    from stance.heldout import row_logits
    from stance.targets import load_targets
    from stance.train import train
    from stance.training_args import TrainingConfig
    from tests.test_train import rows

    monkeypatch.setattr(calibrate, "fit_none_offsets", lambda logits, labels, targets: dict.fromkeys(targets, -1.5))
    train(
        rows("train") * 3,  # enough rows per target for the TF-IDF part
        tmp_path / "m",
        config=TrainingConfig(base_model=str(tiny_model), epochs=1, batch_size=8, frozen_layers=0),
        targets=load_targets(),
        dev_rows=rows("dev"),
        progress=False,
    )
    held = rows("test")
    encoder = load_script("ablate_tfidf").encoder_logits(tmp_path / "m", held)
    plain = row_logits(StanceClassifier(tmp_path / "m", runtime="torch", tfidf=False).load(), held)
    offsets = json.loads((tmp_path / "m" / "calibration.json").read_text())["none_offsets"]
    plain[:, NONE] -= [offsets[r["target"]] for r in held]
    assert set(offsets.values()) == {-1.5} and (tmp_path / "m" / "tfidf").is_dir()
    assert np.allclose(encoder, plain, atol=1e-4)


def test_second_reading_sends_only_disagreements_to_the_third_reader_and_writes_the_settled_labels(tmp_path):
    reading = load_script("second_reading")
    labels = {"engagement": "none", "sanctions": "favor", "deterrence": "none"}
    document = {
        "doc_id": "b99-001",
        "voice": "a head of government",
        "dateline": "Valmont, 1974",
        "paragraphs": [
            [{"section": "Trade"}, {"text": "We halted the shipments.", "labels": labels, "cases": []}],
            [{"text": "Farm prices rose.", "labels": dict.fromkeys(labels, "none"), "cases": []}],
        ],
    }
    raw = tmp_path / "batch.jsonl"
    raw.write_text(json.dumps(document) + "\n")
    run = ["second_reading.py"]

    def main(*argv: str) -> None:
        sys_argv, sys.argv = sys.argv, run + list(argv)
        try:
            reading.main()
        finally:
            sys.argv = sys_argv

    main("tasks", str(raw), "--out", str(tmp_path / "tasks"), "--parts", "1")
    task = (tmp_path / "tasks" / "part0.txt").read_text()
    assert "b99-001/p00/s00\tWe halted the shipments." in task and "favor" not in task
    second = tmp_path / "second"
    second.mkdir()
    (second / "a.tsv").write_text("b99-001/p00/s00\tn\ta\tn\nb99-001/p01/s00\tn\tn\tn\n")
    settle = ["settle", str(raw), "--second", str(second), "--annotation", str(tmp_path / "ann")]
    settle += ["--out", str(tmp_path)]  # in place
    with pytest.raises(SystemExit, match="1 of 1 disagreements await"):
        main(*settle)
    shown = (tmp_path / "ann" / "adjudication" / "adjudicate.txt").read_text()
    assert "b99-001/p00/s00" in shown and "b99-001/p01/s00" not in shown
    assert json.loads((tmp_path / "ann" / "agreement.json").read_text())["disagreements"]["sanctions"] == 1
    (tmp_path / "ann" / "adjudication" / "decisions.tsv").write_text("b99-001/p00/s00\tn\tf\tn\n")
    main(*settle)
    settled = json.loads(raw.read_text())
    assert settled["paragraphs"][0][1]["labels"]["sanctions"] == "favor"
    assert settled["paragraphs"][0][0] == {"section": "Trade"}
    assert "second annotator" in settled["annotators"]
    agreement = (tmp_path / "ann" / "agreement.json").read_text()
    main(*settle)  # settling again reads the writer's labels from writer.tsv, not the settled file
    assert (tmp_path / "ann" / "agreement.json").read_text() == agreement
    assert json.loads(agreement)["settled"]["as_writer"] == 1
    with pytest.raises(SystemExit, match="the second readers' own folder"):
        main("settle", str(raw), "--second", str(tmp_path / "ann"), "--annotation", str(tmp_path / "ann"))
    (tmp_path / "ann" / "adjudication" / "stray.tsv").write_text("b99-001/p01/s00\tf\tn\tn\n")
    with pytest.raises(SystemExit, match="both readings agree on"):
        main(*settle)


def test_near_duplicates_are_the_pairs_a_comparison_of_every_pair_finds():
    build = load_script("build_corpus")
    rng = np.random.default_rng(0)
    vocabulary = [f"w{i}" for i in range(40)] + ["the"] * 20  # a frequent word shared by most claims
    texts = [" ".join(rng.choice(vocabulary, size=rng.integers(2, 12))) for _ in range(300)]
    texts += [t + " extra" for t in texts[:40]]  # near-copies: one word added
    claims = [(f"d{i % 7}", "train" if i % 3 else "test", text) for i, text in enumerate(texts)]
    words = [build._words(t) for t in texts]
    expected = {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if len(words[i]) >= 4
        and len(words[j]) >= 4
        and len(words[i] & words[j]) / len(words[i] | words[j]) >= build.NEAR_DUPLICATE_JACCARD
    }
    assert len(expected) >= 20
    assert build.near_duplicate_pairs(words) == expected
    found = build.find_near_duplicates(claims)
    assert len(found) == len(expected)
    assert sum(p.startswith("leak across splits") for p in found) == sum(
        claims[i][1] != claims[j][1] for i, j in expected
    )
    # a declared counterfactual edit passes beside the claim it edits in one split, and is a leak across splits
    same = next((i, j) for i, j in sorted(expected) if claims[i][1] == claims[j][1])
    across = next((i, j) for i, j in sorted(expected) if claims[i][1] != claims[j][1])
    with_edits = build.find_near_duplicates(claims, {same[1]: same[0], across[1]: across[0]})
    assert len(with_edits) == len(found) - 1
    assert not any(claims[same[1]][2][:60] in p and claims[same[0]][2][:60] in p for p in with_edits)
    copy = [*claims, (claims[same[0]][0], claims[same[0]][1], claims[same[0]][2].upper())]  # no word changed
    assert len(build.find_near_duplicates(copy, {len(claims): same[0]})) > len(found)


def test_compare_models_gives_the_first_models_paired_lead_and_shared_labels():
    compare = load_script("compare_models")
    rows = [{"label": label, "doc_id": f"d{i % 4}"} for i, label in enumerate(["favor", "against", "none"] * 8)]
    gold = [r["label"] for r in rows]
    worse = ["none" if i % 3 == 0 else label for i, label in enumerate(gold)]  # misses every favour claim
    table = compare.compare_models(rows, {"a": gold, "b": worse}, n_resamples=200)
    assert [row["model"] for row in table] == ["a", "b"]
    assert table[0]["lead"] is None and table[0]["equal_labels"] == 24 and table[0]["macro_f1"] == 1.0
    assert table[1]["equal_labels"] == 16 and table[1]["lead"]["difference"] == pytest.approx(1 - table[1]["macro_f1"])


def test_ablate_tfidf_context_log_odds_are_centred_and_zero_without_a_context():
    from tests.test_train import rows

    train_rows = [
        {**r, "context": "Talks must resume." if r["label"] == "favor" else "Nothing here."} for r in rows("train") * 3
    ]
    held = [{**r, "context": c} for r, c in zip(rows("test")[:3], ["Talks must resume.", "", "Nothing here."])]
    odds = load_script("ablate_tfidf").context_log_odds(train_rows, held)
    assert odds.shape == (3, 3) and np.allclose(odds.sum(axis=1), 0) and not odds[1].any()
    assert odds[0].argmax() == 0  # favor: the context that came before every favourable training claim


def test_counterfactual_tasks_draw_real_training_sentences_once_and_assemble_into_the_train_split(tmp_path):
    cf = load_script("counterfactuals")
    rows = []
    for n in range(60):
        split = ("train", "dev", "test")[n % 3]
        labels = {
            "engagement": "favor" if n % 2 else "none",
            "sanctions": "against" if n % 5 == 0 else "none",
            "deterrence": "favor" if n % 4 == 0 else "none",
        }
        origin = "synthetic" if n % 7 == 0 else "real"
        for target, label in labels.items():
            rows.append(
                {
                    "id": f"d{n}-00-{target}",
                    "text": f"sentence number {n} of a real speech here",
                    "context": "",
                    "target": target,
                    "label": label,
                    "split": split,
                    "doc_id": f"d{n}",
                    "author": f"voice {n % 4}",
                    "origin": origin,
                }
            )
    judgments = tmp_path / "judgments.jsonl"
    judgments.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    claims = cf.real_train_claims(judgments)
    assert claims and all(int(c["doc_id"][1:]) % 3 == 0 and int(c["doc_id"][1:]) % 7 for c in claims)
    tasks = cf.draw(claims)
    sources = [t["id"] for t in tasks]
    eligible = [
        c
        for c in claims
        if {c["labels"]["sanctions"], c["labels"]["engagement"], c["labels"]["deterrence"]} != {"none"}
    ]
    assert len(sources) == len(set(sources)) == len(eligible) < len(claims)  # each source once; the pools run out
    assert {t["kind"] for t in tasks if t["labels"]["sanctions"] != "none"} == {"flip-sanctions"}
    assert all(t["labels"]["engagement"] == "favor" for t in tasks if t["kind"] == "against-engagement")

    folder = tmp_path / "cf"
    (folder / "edits").mkdir(parents=True)
    (folder / "tasks.jsonl").write_text("".join(json.dumps(t) + "\n" for t in tasks), "utf-8")
    (folder / "edits" / "w.tsv").write_text(f"{tasks[0]['task']}\tWe will never talk to them.\ta\tn\tn\n", "utf-8")
    out = tmp_path / "batch.jsonl"
    cf.assemble(argparse.Namespace(folder=folder, out=out))
    (document,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert document["split"] == "train" and document["author"] == f"Counterfactual edits of {tasks[0]['author']}"
    (item,) = document["paragraphs"][0]
    assert item["edit_of"] == tasks[0]["id"]
    assert item["labels"] == {"engagement": "against", "sanctions": "none", "deterrence": "none"}
