import re

import numpy as np
import pandas as pd
import pytest

from stance.compare import compare_groups, profiles
from stance.errors import StanceError
from stance.report import render_report, save_figures

RECORDS = [
    {
        "doc_id": f"{author}{i}",
        "author": author,
        "source": "s",
        "error": None,
        "claims": [
            {
                "start": 0,
                "end": 30,
                "text": "<script>alert('x')</script> talk",
                "stances": {
                    t: {
                        "label": label,
                        "score": 0.8,
                        "probs": {
                            "favor": 0.8 if label == "favor" else 0.1,
                            "against": 0.8 if label == "against" else 0.1,
                            "none": 0.1,
                        },
                    }
                    for t in ("engagement", "sanctions")
                },
            }
        ],
    }
    for author, label in (("Hawk", "against"), ("Dove", "favor"))
    for i in range(3)
]


def tables():
    from stance.compare import load_frame

    frame = load_frame(RECORDS)
    return profiles(frame, n_draws=200), compare_groups(frame, n_draws=200, n_perm=50)


def test_report_is_self_contained_and_escapes_document_text():
    profile, pairs = tables()
    html = render_report(profile, pairs, RECORDS)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.count("<svg") == 2
    assert 'src="http' not in html and "<link" not in html and "<script" not in html  # nothing loads from outside
    # The tables' rows (names and "(all)" appear elsewhere on the page too: in the documents and the notes)
    assert '<td class="l">Dove</td><td class="l">engagement</td>' in html
    # "(all)" is a distance, the mean absolute difference: unsigned, so that it cannot be read as a direction
    overall = re.search(
        r'<td class="l">Dove</td><td class="l">Hawk</td><td class="l">\(all\): mean \|difference\|</td>\s*<td>([^<]*)</td>',
        html,
    )
    assert overall and re.fullmatch(r"\d\.\d\d \[\d\.\d\d, \d\.\d\d\]", overall.group(1)), overall


def test_report_counts_in_words_and_says_why_no_test_was_possible():
    from stance.compare import load_frame

    html = " ".join(render_report(*tables(), RECORDS).split())
    assert "from 6 documents (0 failed) and 6 claims" in html and "no test was possible" not in html
    one = [{**RECORDS[0], "author": "Hawk"}]
    frame = load_frame(one)
    html = " ".join(render_report(profiles(frame, n_draws=50), compare_groups(frame, n_draws=50), one).split())
    assert "from 1 document (0 failed) and 1 claim," in html
    assert "no test was possible</b>: there is only one author to compare" in html


def test_report_is_reproducible():
    profile, pairs = tables()
    assert render_report(profile, pairs, RECORDS) == render_report(profile, pairs, RECORDS)


def test_figures_are_written_as_png_and_svg(tmp_path):
    profile, _ = tables()
    paths = save_figures(profile, tmp_path)
    assert sorted(p.name for p in paths) == ["heatmap.png", "heatmap.svg", "profiles.png", "profiles.svg"]
    assert all(p.stat().st_size > 1000 for p in paths)


def test_report_says_how_to_read_it_and_what_was_corrected():
    profile, pairs = tables()
    plain = render_report(profile, pairs, RECORDS)
    assert "How to read this report" in plain and "not corrected" in plain and "Benjamini" in plain
    corrected = render_report(profile, pairs, RECORDS, settings={"method": "pacc", "confusion": "real test split"})
    assert "PACC" in corrected and "real test split" in corrected and "not corrected" not in corrected
    reasons = {
        "thin: t/against (6)": "too few labelled claims of some labels (t/against (6)",
        "missing: v": "has no rows for v",
        "requested": "No correction was asked for",
        "none": "Annotate with a model that ships its confusion",
    }
    for reason, says in reasons.items():
        html = render_report(profile, pairs, RECORDS, settings={"uncorrected": reason})
        assert " ".join(html.split()).count(says) == 1, reason
        assert all(other == says or other not in " ".join(html.split()) for other in reasons.values()), reason


def test_report_with_trends_has_a_third_figure(tmp_path):
    from stance.compare import load_frame
    from stance.trends import trends

    records = [{**r, "meta": {"year": 2000 + i % 3}} for i, r in enumerate(RECORDS)]
    profile, pairs = tables()
    trend = trends(load_frame(records), over="year", n_draws=200)
    html = render_report(
        profile, pairs, records, trend_table=trend, over="year", settings={"bandwidth": trend.attrs["bandwidth"]}
    )
    assert html.count("<svg") == 3 and "Over year" in html
    paths = save_figures(profile, tmp_path, trend_table=trend, over="year")
    assert {"trends.png", "trends.svg"} <= {p.name for p in paths}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"over": "year", "by": "year"}, "both 'year'"),
        ({"over": "year", "bandwidth": 0.0}, "--bandwidth must be above 0"),
    ],
)
def test_trend_options_are_refused_before_the_pairwise_tests(tmp_path, monkeypatch, options, message):
    import json

    import stance.compare
    from stance.report import compare_annotations

    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({**r, "meta": {"year": 2000 + i}}) + "\n" for i, r in enumerate(RECORDS)))

    def too_late(*args, **kwargs):
        raise AssertionError("the pairwise tests ran before the options were checked")

    monkeypatch.setattr(stance.compare, "pair_table", too_late)
    with pytest.raises(StanceError, match=message):
        compare_annotations(path, **options)


def test_compare_annotations_corrects_with_the_confusion_in_the_run_header_or_given(tmp_path):
    import json

    from stance.quantify import Confusion
    from stance.report import compare_annotations

    # A classifier that reads a third of `against` claims as `favor`: the correction moves every net stance.
    counts = np.array([[90.0, 5, 5], [30, 60, 10], [5, 5, 90]]) * 3
    measured = Confusion(
        {t: counts for t in ("engagement", "sanctions")}, {t: counts for t in ("engagement", "sanctions")}, "test"
    )
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    quick = {"n_draws": 300, "n_perm": 10}
    plain, _, _ = compare_annotations(path, **quick)  # no header: nothing to correct with
    (tmp_path / "a.run.json").write_text(json.dumps({"confusion": measured.to_dict()}))
    auto, _, _ = compare_annotations(path, output=tmp_path / "r.html", **quick)
    counted, _, _ = compare_annotations(path, method="cc", output=tmp_path / "cc.html", **quick)
    (tmp_path / "a.run.json").unlink()
    (tmp_path / "c.json").write_text(json.dumps(measured.to_dict()))
    given, _, _ = compare_annotations(path, confusion=tmp_path / "c.json", **quick)
    pd.testing.assert_frame_equal(plain, counted)
    pd.testing.assert_frame_equal(auto, given)
    assert (auto.net != counted.net).all() and "PACC" in (tmp_path / "r.html").read_text()
    assert "No correction was asked for" in (tmp_path / "cc.html").read_text()  # a confusion was there to use
    (tmp_path / "empty.jsonl").write_text(json.dumps({**RECORDS[0], "claims": []}) + "\n")
    with pytest.raises(StanceError, match="holds no claims"):
        compare_annotations(tmp_path / "empty.jsonl")


def test_a_forced_correction_with_thin_rows_says_so_and_anonymous_documents_are_named(tmp_path, caplog):
    import json

    from stance.quantify import Confusion
    from stance.report import compare_annotations

    thin = np.array([[90.0, 5, 5], [3, 4, 1], [5, 5, 90]])  # `against` measured on 8 claims
    rows = {"engagement": thin, "sanctions": thin}
    (tmp_path / "c.json").write_text(json.dumps(Confusion(rows, rows).to_dict()))
    records = [{**r, "author": None} if r["author"] == "Dove" else r for r in RECORDS]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    quick = {"n_draws": 300, "n_perm": 10, "confusion": tmp_path / "c.json"}
    with caplog.at_level("WARNING", logger="stance.report"):
        compare_annotations(path, method="pacc", output=tmp_path / "forced.html", **quick)
    assert "3 documents have no author and are compared as one group, (unknown)" in caplog.text
    forced = " ".join((tmp_path / "forced.html").read_text().split())
    assert "PACC" in forced and "rest on few labelled claims (engagement/against (8), sanctions/against (8)" in forced
    table, pairs, _ = compare_annotations(path, output=tmp_path / "auto.html", **quick)
    assert table.attrs["method"] == pairs.attrs["method"] == "cc" and table.attrs["uncorrected"].startswith("thin")
    auto = " ".join((tmp_path / "auto.html").read_text().split())
    assert "not corrected" in auto and "rest on few labelled claims" not in auto
