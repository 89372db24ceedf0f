import math

import numpy as np
import pandas as pd
import pytest

from stance.compare import author_summary, compare_groups, correct_shares, load_frame, net_stance, profiles


def frame(spec: dict[str, list[list[str]]], target: str = "sanctions") -> pd.DataFrame:
    """{author: [[labels of document 1], [labels of document 2], ...]} → one row per claim."""
    rows = [
        {"doc_id": f"{author}-{d}", "author": author, "target": target, "label": label}
        for author, documents in spec.items()
        for d, labels in enumerate(documents)
        for label in labels
    ]
    return pd.DataFrame(rows)


def test_net_stance_bounds_and_empty_case():
    assert net_stance(5, 0) == 1.0 and net_stance(0, 5) == -1.0 and net_stance(2, 2) == 0.0
    assert math.isnan(net_stance(0, 0))


def test_all_favor_author_has_net_one_and_a_degenerate_interval():
    row = profiles(frame({"A": [["favor", "favor"], ["favor"], ["favor", "none"]]}), n_boot=500).iloc[0]
    assert (row.net, row.net_low, row.net_high) == (1.0, 1.0, 1.0)
    assert row.documents == 3 and row.claims == 5 and row.addressing == 4
    assert row.favor == pytest.approx(0.8) and row.none == pytest.approx(0.2)


def test_author_who_never_takes_a_side_has_undefined_net():
    row = profiles(frame({"A": [["none", "none"]]}), n_boot=100).iloc[0]
    assert math.isnan(row.net) and math.isnan(row.net_low)


def test_small_samples_get_wider_intervals_than_large_ones():
    mixed = ["favor", "favor", "against"]
    small = profiles(frame({"A": [mixed]}), n_boot=2000).iloc[0]
    large = profiles(frame({"A": [mixed] * 40}), n_boot=2000).iloc[0]
    assert small.net == pytest.approx(1 / 3) and large.net == pytest.approx(1 / 3)
    assert small.net_high - small.net_low > 1.0  # one short document cannot pin a position down
    assert large.net_high - large.net_low < 0.5


def test_documents_not_claims_are_the_unit_of_resampling():
    # The same 40 claims as 2 one-sided documents or as 20 mixed ones: the first is far less certain.
    clustered = profiles(frame({"A": [["favor"] * 20, ["against"] * 20]}), n_boot=2000, seed=1).iloc[0]
    spread = profiles(frame({"A": [["favor", "against"]] * 20}), n_boot=2000, seed=1).iloc[0]
    assert clustered.net == spread.net == 0.0
    assert (clustered.net_high - clustered.net_low) > 2 * (spread.net_high - spread.net_low)


def test_identical_authors_give_p_near_one_and_opposite_authors_a_small_p():
    same = [["favor", "against", "favor"], ["favor", "none"], ["against", "favor"]] * 4
    result = compare_groups(frame({"A": same, "B": same}), n_perm=1000, n_boot=200)
    row = result[result.target == "sanctions"].iloc[0]
    assert row.difference == 0.0 and row.p_value > 0.9

    opposite = compare_groups(frame({"A": [["favor", "favor"]] * 8, "B": [["against"]] * 8}), n_perm=1000, n_boot=200)
    row = opposite[opposite.target == "sanctions"].iloc[0]
    assert row.difference == 2.0 and row.p_value < 0.01
    assert row.difference_low == row.difference_high == 2.0
    overall = opposite[opposite.target == "(all)"].iloc[0]
    assert overall.difference == 2.0 and overall.p_value < 0.01


def test_results_are_reproducible_with_a_seed():
    data = frame({"A": [["favor", "against"], ["favor"]] * 3, "B": [["against", "none"], ["favor"]] * 3})
    pd.testing.assert_frame_equal(compare_groups(data, seed=7), compare_groups(data, seed=7))
    pd.testing.assert_frame_equal(profiles(data, seed=7), profiles(data, seed=7))


def test_correction_undoes_a_known_confusion():
    confusion = np.array([[80, 0, 20], [0, 90, 10], [5, 5, 90]])
    true = np.array([0.5, 0.2, 0.3])
    rates = confusion / confusion.sum(axis=1, keepdims=True)
    observed = rates.T @ true
    np.testing.assert_allclose(correct_shares(observed, confusion), true, atol=1e-9)
    corrected = profiles(frame({"A": [["favor"] * 4 + ["none"] * 6] * 3}), n_boot=50,
                         confusion={"sanctions": confusion}).iloc[0]
    assert corrected.favor > 0.4  # 20% of favor claims are read as none, so the corrected share rises


def test_unknown_author_is_kept_as_its_own_group_and_summary_matches():
    data = pd.concat([frame({"A": [["favor", "against"]]}), frame({"x": [["favor"]]}).assign(author=None)])
    table = author_summary(data).set_index("author")
    assert table.loc["A", "net"] == 0.0 and table.loc["(unknown)", "net"] == 1.0


def test_load_frame_reads_records():
    record = {"doc_id": "d", "author": "A", "source": "x", "error": None, "claims": [
        {"start": 0, "end": 5, "text": "Talks", "stances": {
            "engagement": {"label": "favor", "score": 0.9, "probs": {"favor": 0.9, "against": 0.05, "none": 0.05}}}}]}
    table = load_frame([record])
    assert table[["author", "target", "label"]].values.tolist() == [["A", "engagement", "favor"]]
