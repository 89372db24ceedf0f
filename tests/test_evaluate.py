import json
from collections import Counter

import numpy as np
import pytest

from stance.evaluate import expected_calibration_error, score
from tests.conftest import BENCHMARKS

TWEETEVAL = BENCHMARKS / "tweeteval_stance"


def test_known_answers():
    result = score(
        ["favor", "favor", "against", "none"], ["favor", "against", "against", "none"], targets=["a", "a", "b", "b"]
    )
    assert result["labels"]["favor"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert result["labels"]["against"]["f1"] == pytest.approx(2 / 3)
    assert result["f_avg"] == pytest.approx(2 / 3)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert result["confusion"]["matrix"] == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    assert result["per_target"]["b"]["accuracy"] == 1.0


def test_ece_is_zero_when_confidence_matches_accuracy_and_large_when_overconfident():
    probs = np.array([[1.0, 0.0, 0.0]] * 4)
    assert expected_calibration_error(probs, ["favor"] * 4) == 0.0
    assert expected_calibration_error(probs, ["against"] * 4) == 1.0
    half = np.array([[0.5, 0.3, 0.2]] * 4)
    assert expected_calibration_error(half, ["favor", "favor", "none", "none"]) == pytest.approx(0.0)


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="same length"):
        score(["favor"], [])


@pytest.mark.skipif(not TWEETEVAL.exists(), reason="../shared/benchmarks/tweeteval_stance is absent")
def test_scorer_reproduces_the_tweeteval_anchors():
    rows = [json.loads(line) for line in (TWEETEVAL / "tweeteval_stance.jsonl").open()]
    train = [r for r in rows if r["split"] == "train"]
    test = [r for r in rows if r["split"] == "test"]
    majority = {
        t: Counter(r["label"] for r in train if r["target"] == t).most_common(1)[0][0]
        for t in {r["target"] for r in rows}
    }
    gold = [r["label"] for r in test]
    assert score(gold, [majority[r["target"]] for r in test])["f_avg"] * 100 == pytest.approx(65.22, abs=0.005)

    # TweetEval's shipped RoBERTa predictions, in the order of each target's test file (0 none, 1 against, 2 favor).
    ids = {"0": "none", "1": "against", "2": "favor"}
    original = TWEETEVAL / "original"
    gold, predicted = [], []
    for target in ("abortion", "atheism", "climate", "feminist", "hillary"):
        gold += [ids[x] for x in (original / target / "test_labels.txt").read_text().split()]
        predicted += [ids[x] for x in (original / "predictions_RoB-RT" / f"{target}.txt").read_text().split()]
    assert score(gold, predicted)["f_avg"] * 100 == pytest.approx(72.44, abs=0.005)


def test_baselines_fit_per_target():
    from stance.baselines import MajorityBaseline, TfidfBaseline

    rows = [{"text": f"we must enforce sanctions {i}", "target": "sanctions", "label": "favor"} for i in range(15)]
    rows += [{"text": f"lift the sanctions now {i}", "target": "sanctions", "label": "against"} for i in range(15)]
    rows += [{"text": f"talks are useless {i}", "target": "engagement", "label": "against"} for i in range(3)]
    tfidf = TfidfBaseline(min_rows_per_target=10).fit(rows)
    assert tfidf.predict(
        [{"text": "enforce sanctions", "target": "sanctions"}, {"text": "lift the sanctions", "target": "sanctions"}]
    ) == ["favor", "against"]
    assert tfidf.targets_ == ["sanctions"]  # too few engagement rows: the pooled model answers for it
    probs = tfidf.predict_proba([{"text": "talks", "target": "engagement"}])
    assert probs.shape == (1, 3) and abs(probs.sum() - 1) < 1e-9
    assert MajorityBaseline().fit(rows).predict([{"text": "?", "target": "unseen"}]) == ["against"]  # 18 of 33
