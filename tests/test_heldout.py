from pathlib import Path

import numpy as np

from stance.classify import softmax
from stance.evaluate import bootstrap_macro_f1, score
from stance.heldout import evaluate_by_origin, measure_confusion


class Logits:
    """What the scoring helpers need of a classifier when they are given the rows' logits."""

    path_ = Path("models/m")

    def probabilities(self, logits: np.ndarray) -> np.ndarray:
        return softmax(logits / 2.0)


ROWS = [
    {"text": "a", "target": "t", "label": "favor", "origin": "real"},
    {"text": "b", "target": "t", "label": "none", "origin": "real"},
    {"text": "c", "target": "t", "label": "against", "origin": "synthetic"},
    {"text": "d", "target": "u", "label": "none", "origin": "synthetic"},
]
LOGITS = np.array([[3.0, 0, 0], [3.0, 0, 0], [0, 3.0, 0], [0, 3.0, 0]])  # favor, favor, against, against


def test_scores_by_origin_are_the_scores_of_each_origins_rows_alone():
    result = evaluate_by_origin(Logits(), ROWS, logits=LOGITS)
    assert set(result) == {"all", "real", "synthetic"}
    assert result["real"]["accuracy"] == 0.5 and result["synthetic"]["accuracy"] == 0.5
    assert result["real"]["macro_f1"] == score(["favor", "none"], ["favor", "favor"])["macro_f1"]
    assert result["all"]["per_target"]["u"]["accuracy"] == 0.0


def test_the_confusion_is_measured_on_real_prose_when_there_is_any():
    confusion = measure_confusion(Logits(), ROWS, split="test", logits=LOGITS)
    assert confusion.targets == ("t",)  # the synthetic rows' target u is not in it
    assert confusion.labels["t"].tolist() == [[1, 0, 0], [0, 0, 0], [1, 0, 0]]
    assert np.allclose(confusion.probabilities["t"].sum(axis=1), [1, 0, 1])
    assert "real-prose part of the test split" in confusion.source and "2 (claim, target)" in confusion.source

    written = measure_confusion(Logits(), ROWS[2:], split="dev", logits=LOGITS[2:])
    assert written.targets == ("t", "u") and "real-prose" not in written.source


def test_scores_carry_an_interval_from_resampling_documents_when_rows_name_them():
    rows = [{**r, "doc_id": f"d{i % 5}"} for i, r in enumerate(ROWS * 5)]
    logits = np.tile(LOGITS, (5, 1))
    interval = evaluate_by_origin(Logits(), rows, logits=logits)["all"]["macro_f1_interval"]
    predicted = [["favor", "against", "none"][i] for i in logits.argmax(axis=1)]
    direct = bootstrap_macro_f1([r["label"] for r in rows], {"m": predicted}, [r["doc_id"] for r in rows])
    assert interval["documents"] == 5 and interval["ci"] == 0.95 and "2000 resamples" in interval["method"]
    assert (interval["low"], interval["high"]) == (direct["systems"]["m"]["low"], direct["systems"]["m"]["high"])
    # No interval where a row lacks its document, or where there is only one document to resample.
    assert "macro_f1_interval" not in evaluate_by_origin(Logits(), ROWS, logits=LOGITS)["all"]
    partly = [*rows[:-1], {k: v for k, v in rows[-1].items() if k != "doc_id"}]
    assert "macro_f1_interval" not in evaluate_by_origin(Logits(), partly, logits=logits)["all"]
    one = [{**r, "doc_id": "d"} for r in rows]
    assert "macro_f1_interval" not in evaluate_by_origin(Logits(), one, logits=logits)["all"]


def test_the_confusion_names_the_model_by_its_weights_hash_not_its_folder(tmp_path):
    import hashlib

    (tmp_path / "model.safetensors").write_bytes(b"weights")
    classifier = Logits()
    classifier.path_ = tmp_path
    confusion = measure_confusion(classifier, ROWS, split="test", logits=LOGITS)
    assert f"weights sha256 {hashlib.sha256(b'weights').hexdigest()[:12]}" in confusion.source
    assert tmp_path.name not in confusion.source


def test_a_users_own_rows_without_an_origin_count_as_real_prose_beside_the_corpus():
    rows = [*ROWS, {"text": "e", "target": "v", "label": "favor"}]  # a new target, written by the user
    logits = np.vstack([LOGITS, [[3.0, 0, 0]]])
    confusion = measure_confusion(Logits(), rows, split="test", logits=logits)
    assert confusion.targets == ("t", "v")  # the written rows' target u stays out
