import math

import numpy as np
import pandas as pd
import pytest

from stance.compare import author_summary, compare_groups, load_frame, method_note, net_stance, profiles
from stance.errors import StanceError
from stance.quantify import Confusion


def frame(spec: dict[str, list[list[str]]], target: str = "sanctions") -> pd.DataFrame:
    """{author: [[labels of document 1], [labels of document 2], ...]} → one row per claim."""
    rows = [
        {
            "doc_id": f"{author}-{d}",
            "author": author,
            "target": target,
            "label": label,
            **{f"p_{x}": 0.9 if x == label else 0.05 for x in ("favor", "against", "none")},
        }
        for author, documents in spec.items()
        for d, labels in enumerate(documents)
        for label in labels
    ]
    return pd.DataFrame(rows)


def width(row: pd.Series) -> float:
    return row.net_high - row.net_low


def test_net_stance_bounds_and_empty_case():
    assert net_stance(5, 0) == 1.0 and net_stance(0, 5) == -1.0 and net_stance(2, 2) == 0.0
    assert math.isnan(net_stance(0, 0))


def test_one_short_document_gives_a_wide_interval_and_many_documents_a_narrower_one():
    one = profiles(frame({"A": [["favor"] + ["none"] * 20]})).iloc[0]
    many = profiles(frame({"A": [["favor"]] * 40})).iloc[0]
    # The share in favour is a posterior mean under a uniform prior: one favourable claim reads 2/3 of the way to
    # "all in favour" (net +1/3), forty documents of one nearly all the way.
    assert one.net == pytest.approx(1 / 3, abs=0.01) and 0.9 < many.net < 1.0
    assert width(one) >= 0.5 and one.net_low < 0  # one favourable sentence cannot establish a position
    assert width(many) < 0.3 and many.net_high > 0.999
    assert one.few_sided and not many.few_sided and (one.sided, many.sided) == (1, 40)


def test_author_who_never_takes_a_side_has_undefined_net():
    row = profiles(frame({"A": [["none", "none"]]}), n_draws=200).iloc[0]
    assert math.isnan(row.net) and math.isnan(row.net_low) and row.none == row.none_high == 1.0 and row.none_low < 0.8


def test_documents_not_claims_are_the_unit():
    # The same 40 claims as 2 one-sided documents or as 20 mixed ones: the first is far less certain.
    clustered = profiles(frame({"A": [["favor"] * 20, ["against"] * 20]}), seed=1).iloc[0]
    spread = profiles(frame({"A": [["favor", "against"]] * 20}), seed=1).iloc[0]
    assert clustered.net == pytest.approx(0.0, abs=1e-9) and spread.net == pytest.approx(0.0, abs=1e-9)
    assert width(clustered) > 2 * width(spread)


def test_identical_groups_give_a_large_p_and_opposite_groups_a_small_one():
    same = [["favor", "against", "favor"], ["favor", "none"], ["against", "favor"]] * 4
    row = compare_groups(frame({"A": same, "B": same}), n_perm=1000).query("target == 'sanctions'").iloc[0]
    assert (
        row.difference == pytest.approx(0.0, abs=1e-9)
        and row.p_value > 0.9
        and row.difference_low < 0 < row.difference_high
    )

    opposite = compare_groups(frame({"A": [["favor", "favor"]] * 8, "B": [["against"]] * 8}), n_perm=1000)
    row = opposite.query("target == 'sanctions'").iloc[0]
    # Eight documents wholly on each side: the estimates are drawn a little toward 0 (a ninth document might differ).
    assert 1.5 < row.difference < 2.0 and row.p_value < 0.01 and row.difference_low > 1
    assert "(all)" not in set(opposite.target)  # one shared target: "(all)" would repeat its test


def test_small_groups_are_tested_exactly_and_single_documents_not_at_all():
    pairs = compare_groups(frame({"A": [["favor"]] * 3, "B": [["against"]] * 3, "C": [["favor", "against"]]}))
    exact = pairs.query("a == 'A' and b == 'B' and target == 'sanctions'").iloc[0]
    assert "exact, 20 splits" in exact.test
    assert exact.p_value == pytest.approx(0.1)  # 2 of the 20 splits are as extreme, two-sided
    lonely = pairs.query("b == 'C'")
    assert lonely.p_value.isna().all() and lonely.test.str.contains("one document").all()
    assert lonely.difference_low.notna().all()  # the interval still says what the evidence allows


def test_all_row_ignores_a_target_one_group_never_addresses():
    base = pd.concat(
        [
            frame(
                {"A": [["favor", "none"], ["favor"], ["against"]] * 3, "B": [["against"], ["none", "against"]] * 4},
                target=t,
            )
            for t in ("sanctions", "engagement")
        ]
    )
    only_a = frame({"A": [["favor"]] * 9, "B": [["none"]] * 8}, target="deterrence")
    only_a["doc_id"] = base.drop_duplicates("doc_id")["doc_id"].to_numpy()[: len(only_a)]
    before = compare_groups(base, n_perm=500).query("target == '(all)'").iloc[0]
    after = compare_groups(pd.concat([base, only_a]), n_perm=500).query("target == '(all)'").iloc[0]
    assert before.p_value == after.p_value and before.difference == after.difference


def test_adjusted_p_values_are_benjamini_hochberg_within_each_family():
    from scipy.stats import false_discovery_control

    spec = {"A": [["favor"]] * 4, "B": [["against"]] * 4, "C": [["favor", "against"]] * 4}
    pairs = compare_groups(pd.concat([frame(spec), frame(spec, target="engagement")]), n_perm=500)
    tested = pairs.dropna(subset=["p_value"])
    per_target, overall = tested.query("target != '(all)'"), tested.query("target == '(all)'")
    assert len(per_target) == 6 and len(overall) == 3  # two families: the per-target tests and the "(all)" ones
    assert (tested.p_adjusted >= tested.p_value - 1e-12).all() and tested.p_adjusted.max() <= 1
    for family in (per_target, overall):
        np.testing.assert_allclose(family.p_adjusted, false_discovery_control(family.p_value))


def test_results_are_reproducible_with_a_seed():
    data = frame({"A": [["favor", "against"], ["favor"]] * 3, "B": [["against", "none"], ["favor"]] * 3})
    pd.testing.assert_frame_equal(compare_groups(data, seed=7), compare_groups(data, seed=7))
    pd.testing.assert_frame_equal(profiles(data, seed=7), profiles(data, seed=7))


def test_correction_for_a_classifier_that_misses_favour():
    # A fifth of favour claims are read as none: corrected, the favour share rises from 40% toward 50%.
    counts = np.array([[80.0, 0, 20], [0, 90, 10], [2, 2, 96]]) * 10
    confusion = Confusion({"sanctions": counts}, {"sanctions": counts}, "test")
    data = frame({"A": [["favor"] * 4 + ["none"] * 6] * 10})
    plain = profiles(data, n_draws=500).iloc[0]
    corrected = profiles(data, n_draws=500, confusion=confusion, method="acc").iloc[0]
    assert plain.favor == pytest.approx(0.4, abs=0.01) and corrected.favor > 0.46
    with pytest.raises(StanceError, match="needs a confusion"):
        profiles(data, method="pacc")


def test_pcc_sums_probabilities_and_pacc_undoes_the_soft_confusion_that_made_them():
    # Four claims in ten favour, six none; the classifier's mean probabilities for each true label are below.
    means = {"favor": [0.6, 0.1, 0.3], "against": [0.1, 0.6, 0.3], "none": [0.2, 0.05, 0.75]}
    data = frame({"A": [["favor"] * 4 + ["none"] * 6] * 10})
    for label, row in means.items():
        data.loc[data.label == label, ["p_favor", "p_against", "p_none"]] = row
    soft = np.array([means[label] for label in ("favor", "against", "none")]) * 1000
    confusion = Confusion({"sanctions": soft.round()}, {"sanctions": soft}, "test")
    counted = profiles(data, method="cc", n_draws=500).iloc[0]
    summed = profiles(data, method="pcc", n_draws=500).iloc[0]
    corrected = profiles(data, method="pacc", confusion=confusion, n_draws=500).iloc[0]
    assert counted.favor == pytest.approx(0.4, abs=0.01)
    assert summed.favor == pytest.approx(0.36, abs=0.01) and summed.against == pytest.approx(0.07, abs=0.01)
    assert corrected.favor == pytest.approx(0.4, abs=0.02) and corrected.against < 0.03  # the true shares again


def test_uncertain_confusion_widens_intervals():
    data = frame({"A": [["favor", "favor", "against", "none"]] * 20})
    precise = np.array([[90.0, 5, 5], [5, 90, 5], [5, 5, 90]]) * 20
    vague = precise / 200  # ten test claims per label
    narrow = profiles(data, confusion=Confusion({"sanctions": precise}, {"sanctions": precise}), method="acc").iloc[0]
    wide = profiles(data, confusion=Confusion({"sanctions": vague}, {"sanctions": vague}), method="acc").iloc[0]
    assert width(wide) > width(narrow) * 1.3


def test_group_by_doc_id_or_a_meta_field_and_a_clear_error_otherwise():
    data = frame({"A": [["favor"], ["against"]], "B": [["favor"]]}).assign(country=["X", "Y", "X"])
    assert sorted(profiles(data, by="doc_id", n_draws=200)["doc_id"]) == ["A-0", "A-1", "B-0"]
    by_country = profiles(data, by="country", n_draws=200)
    assert list(by_country.columns[:2]) == ["country", "target"]
    assert dict(zip(by_country.country, by_country.documents)) == {"X": 2, "Y": 1}
    with pytest.raises(StanceError, match=r"--by 'party'.*'author', 'country'"):
        profiles(data, by="party")
    with pytest.raises(StanceError, match="--by 'label'"):
        profiles(data, by="label")


def test_unknown_author_is_its_own_group_and_summary_counts_labels():
    data = pd.concat([frame({"A": [["favor", "against"]]}), frame({"x": [["favor"]]}).assign(author=None)])
    table = author_summary(data).set_index("author")
    assert table.loc["A", "net"] == 0.0 and table.loc["(unknown)", "net"] == 1.0
    assert table.loc["A", "favor"] == 1 and table.loc["A", "against"] == 1


def test_load_frame_reads_records_and_their_meta():
    record = {
        "doc_id": "d",
        "author": "A",
        "source": "x",
        "error": None,
        "meta": {"year": 2017, "label": "op-ed"},
        "claims": [
            {
                "start": 0,
                "end": 5,
                "text": "Talks",
                "stances": {
                    "engagement": {
                        "label": "favor",
                        "score": 0.9,
                        "probs": {"favor": 0.9, "against": 0.05, "none": 0.05},
                    }
                },
            }
        ],
    }
    table = load_frame([record])
    assert table[["author", "target", "label", "year", "meta.label"]].values.tolist() == [
        ["A", "engagement", "favor", 2017, "op-ed"]
    ]
    with pytest.raises(StanceError, match="two documents have the id 'd'"):  # they would be counted as one
        load_frame([record, {**record, "author": "B"}])


def test_auto_corrects_only_with_a_confusion_measured_on_enough_claims():
    from stance.compare import resolve_method

    enough = np.array([[80.0, 5, 15], [5, 30, 10], [10, 5, 400]])
    thin = enough.copy()
    thin[1] = [1, 3, 2]  # six against claims
    assert resolve_method("auto", Confusion({"t": enough}, {"t": enough})) == "pacc"
    assert resolve_method("auto", Confusion({"t": thin}, {"t": thin})) == "cc"
    assert Confusion({"t": thin}, {"t": thin}).thin_rows() == ["t/against (6)"]
    assert (
        resolve_method("auto", None) == "cc" and resolve_method("pacc", Confusion({"t": thin}, {"t": thin})) == "pacc"
    )


def test_auto_judges_the_confusion_only_on_the_targets_compared():
    from stance.compare import resolve_method, uncorrected_reason

    enough = np.array([[80.0, 5, 15], [5, 30, 10], [10, 5, 400]])
    thin = enough.copy()
    thin[1] = [1, 3, 2]
    confusion = Confusion({"t": enough, "u": thin}, {"t": enough, "u": thin})
    assert resolve_method("auto", confusion, ["t"]) == "pacc"  # u's thin row says nothing about t's shares
    assert resolve_method("auto", confusion, ["t", "u"]) == resolve_method("auto", confusion) == "cc"
    assert uncorrected_reason(confusion, ["t", "u"]) == "thin: u/against (6)"
    assert uncorrected_reason(confusion, ["t", "v"]) == "missing: v"
    assert uncorrected_reason(None, ["t"]) == "none" and uncorrected_reason(confusion, ["t"]) is None


def test_estimate_and_interval_come_from_one_model():
    # One long one-sided document and ten short mixed ones: the estimate must not follow the long one alone.
    data = frame({"A": [["favor"] * 100] + [["favor", "against", "against"]] * 10})
    row = profiles(data).iloc[0]
    assert row.net_low <= row.net <= row.net_high and row.net < 0.4  # pooled claims would say +0.69


def test_auto_falls_back_when_the_confusion_lacks_a_target_and_meta_cannot_shadow_columns():
    from stance.annotation import annotations_to_frame
    from stance.compare import resolve_method

    enough = np.array([[80.0, 5, 15], [5, 30, 10], [10, 5, 400]])
    assert resolve_method("auto", Confusion({"t": enough}, {"t": enough}), ["t", "u"]) == "cc"
    record = {
        "doc_id": "d",
        "author": "A",
        "meta": {"sided": "x", "claims": 3},
        "claims": [
            {
                "start": 0,
                "end": 1,
                "text": "T",
                "stances": {"t": {"label": "favor", "probs": {"favor": 0.9, "against": 0.05, "none": 0.05}}},
            }
        ],
    }
    assert {"meta.sided", "meta.claims"} <= set(annotations_to_frame([record]).columns)


def test_group_values_keep_booleans_apart_from_numbers_and_years_whole():
    from stance.compare import group_values

    values = group_values(pd.Series([True, 1, 2017.0, None, [1, 2]], dtype=object)).tolist()
    assert values == ["True", 1, 2017, "(unknown)", "[1, 2]"]


def test_a_corrupt_confusion_or_run_header_is_a_clear_error(tmp_path):
    from stance.io import read_run_header
    from stance.quantify import read_confusion

    (tmp_path / "confusion.json").write_text('{"targets": {"t": {"labels": 3}}}')
    with pytest.raises(StanceError, match="is not a confusion"):
        read_confusion(tmp_path)
    (tmp_path / "out.run.json").write_text("{broken")
    with pytest.raises(StanceError, match="is not a run header"):
        read_run_header(tmp_path / "out.jsonl")


def test_method_note_says_what_ran_and_why_as_the_report_does():
    thin = np.array([[90.0, 5, 5], [3, 4, 1], [5, 5, 90]])
    confusion = Confusion({"t": thin}, {"t": thin})
    assert method_note("auto", confusion, ["t"]) == {"method": "cc", "uncorrected": "thin: t/against (8)", "thin": ""}
    assert method_note("pacc", confusion, ["t"]) == {"method": "pacc", "uncorrected": None, "thin": "t/against (8)"}
    assert method_note("cc", confusion, ["t"])["uncorrected"] == "requested"
    assert method_note("auto", None, ["t"])["uncorrected"] == "none"
    assert method_note("auto", confusion, ["t", "u"])["uncorrected"] == "missing: u"
