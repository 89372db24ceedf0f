import json
from collections import Counter

import numpy as np
import pytest

from stance.evaluate import bootstrap_macro_f1, expected_calibration_error, score
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
    # Over-confident rows in one bin and under-confident ones in another: their gaps add up, they do not cancel
    # (the gap between overall accuracy and overall confidence would be 0.25).
    mixed = np.array([[1.0, 0.0, 0.0]] * 2 + [[0.5, 0.3, 0.2]] * 2)
    assert expected_calibration_error(mixed, ["against", "against", "favor", "favor"]) == pytest.approx(0.75)


def _documents(rng, n_docs, claims=20):
    """Gold and predicted labels of ``n_docs`` documents whose error rates differ by document (clustered errors)."""
    labels = np.array(["favor", "against", "none"])
    gold = rng.choice(3, size=(n_docs, claims), p=[0.2, 0.1, 0.7])
    wrong = rng.random((n_docs, claims)) < rng.beta(2, 5, size=(n_docs, 1))  # some documents are harder than others
    predicted = np.where(wrong, (gold + rng.integers(1, 3, size=gold.shape)) % 3, gold)
    groups = np.repeat(np.arange(n_docs), claims)
    return list(labels[gold.ravel()]), list(labels[predicted.ravel()]), list(groups)


def test_bootstrap_point_estimate_is_the_scorers_macro_f1():
    gold, predicted, groups = _documents(np.random.default_rng(0), 30)
    result = bootstrap_macro_f1(gold, {"model": predicted}, groups, n_resamples=100)
    assert result["systems"]["model"]["macro_f1"] == pytest.approx(score(gold, predicted)["macro_f1"])
    assert result["n_groups"] == 30 and result["differences"] == {}


@pytest.mark.parametrize(
    "predicted",
    [
        ["favor", "none", "favor", "none"],  # no `against` anywhere: its F1 counts as 0, as the scorer counts it
        ["favor", "against", "against", "none"],  # `against` predicted but never true
    ],
)
def test_bootstrap_counts_undefined_f1_as_the_scorer_does(predicted):
    gold = ["favor", "none", "none", "none"]
    result = bootstrap_macro_f1(gold, {"m": predicted}, [0, 0, 1, 1], n_resamples=50)
    assert result["systems"]["m"]["macro_f1"] == pytest.approx(score(gold, predicted)["macro_f1"])


def test_bootstrap_intervals_cover_the_population_macro_f1():
    """Statistics validated by simulation: 95% intervals from 40 documents hold the macro-F1 of the population of
    documents they were drawn from about 95% of the time (too narrow, e.g. claims resampled as if independent, fails)."""
    rng = np.random.default_rng(1)
    truth = score(*_documents(rng, 20000)[:2])["macro_f1"]
    covered = []
    for _ in range(120):
        gold, predicted, groups = _documents(rng, 40)
        interval = bootstrap_macro_f1(gold, {"m": predicted}, groups, n_resamples=300, seed=int(rng.integers(1e9)))
        covered.append(interval["systems"]["m"]["low"] <= truth <= interval["systems"]["m"]["high"])
    assert 0.88 <= np.mean(covered) <= 0.99


def test_bootstrap_resamples_documents_not_claims():
    gold, predicted, groups = _documents(np.random.default_rng(2), 40)
    by_document = bootstrap_macro_f1(gold, {"m": predicted}, groups, n_resamples=400)["systems"]["m"]
    by_claim = bootstrap_macro_f1(gold, {"m": predicted}, range(len(gold)), n_resamples=400)["systems"]["m"]
    assert by_document["high"] - by_document["low"] > 1.2 * (by_claim["high"] - by_claim["low"])


def test_bootstrap_differences_are_paired():
    gold, predicted, groups = _documents(np.random.default_rng(3), 40)
    rotate = {"favor": "against", "against": "none", "none": "favor"}
    worse = [rotate[g] if i % 10 == 0 else p for i, (g, p) in enumerate(zip(gold, predicted))]  # a tenth made wrong
    result = bootstrap_macro_f1(gold, {"model": predicted, "worse": worse}, groups, reference="model")
    difference = result["differences"]["worse"]
    systems = result["systems"]
    assert difference["difference"] == pytest.approx(systems["model"]["macro_f1"] - systems["worse"]["macro_f1"])
    # Pairing cancels what both systems share: the difference is known far better than either score.
    assert (
        0 < difference["low"]
        and difference["high"] - difference["low"] < (systems["model"]["high"] - systems["model"]["low"]) / 2
    )


def test_bootstrap_does_not_depend_on_the_rows_order():
    gold, predicted, groups = _documents(np.random.default_rng(4), 12)
    order = np.random.default_rng(5).permutation(len(gold))
    shuffled = [[x[i] for i in order] for x in (gold, predicted, groups)]
    assert bootstrap_macro_f1(gold, {"m": predicted}, groups) == bootstrap_macro_f1(
        shuffled[0], {"m": shuffled[1]}, shuffled[2]
    )


@pytest.mark.parametrize(
    ("predictions", "groups", "reference", "message"),
    [
        ({"m": ["none"]}, [0, 1], None, "predictions\\['m'\\] has 1 labels for 2"),
        ({"m": ["none", "none"]}, [0], None, "groups has 1 entries for 2 rows"),
        ({"m": ["none", "none"]}, [0, 0], None, "at least 2 groups"),
        ({"m": ["none", "none"]}, [0, 1], "tfidf", "reference 'tfidf' is not one of the systems"),
        ({}, [0, 1], None, "predictions is empty"),
        ({"m": ["none", "FAVOR"]}, [0, 1], None, "labels must be among .* got \\['FAVOR'\\]"),
    ],
)
def test_bootstrap_errors_say_what_to_pass(predictions, groups, reference, message):
    with pytest.raises(ValueError, match=message):
        bootstrap_macro_f1(["none", "favor"], predictions, groups, reference=reference)


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
