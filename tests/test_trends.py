import pandas as pd
import pytest

from stance.errors import StanceError
from stance.trends import trends


def yearly(labels_by_year: dict[int, list[str]], author: str = "A") -> list[dict]:
    return [
        {
            "doc_id": f"{author}{year}-{i}",
            "author": author,
            "year": year,
            "target": "sanctions",
            "label": label,
            "p_favor": 0.1,
            "p_against": 0.1,
            "p_none": 0.8,
        }
        for year, labels in labels_by_year.items()
        for i, label in enumerate(labels)
    ]


def test_a_turn_from_favour_to_opposition_shows_in_the_trend():
    rows = yearly({y: ["favor", "favor"] if y < 2005 else ["against", "against"] for y in range(2000, 2010)})
    table = trends(pd.DataFrame(rows), over="year", n_draws=500)
    assert list(table.columns[:3]) == ["author", "year", "target"] and len(table) == 10
    assert table.trend.iloc[0] > 0.5 and table.trend.iloc[-1] < -0.5
    assert (table.trend_low <= table.trend).all() and (table.trend <= table.trend_high).all()
    # A period's own estimate rests on its two one-claim documents; the trend borrows from neighbours.
    assert ((table.net_high - table.net_low) > (table.trend_high - table.trend_low)).all()
    assert table.attrs["bandwidth"] == 2.5


def test_years_written_as_text_are_read_as_numbers_and_text_is_refused():
    rows = pd.DataFrame(yearly({2001: ["favor"], 2002: ["against"]})).astype({"year": str})
    assert trends(rows, over="year", n_draws=200)["year"].tolist() == [2001, 2002]
    with pytest.raises(StanceError, match="needs a number.*: 1 value is not a number \\('soon'\\)"):
        trends(rows.assign(year=["2001", "soon"]), over="year")
    with pytest.raises(StanceError, match="needs a number.*: 1 document has no year"):
        trends(rows.assign(year=["2001", None]), over="year")
    with pytest.raises(StanceError, match=r"--over 'decade'.*'year'"):
        trends(rows, over="decade")
    with pytest.raises(StanceError, match="both 'year'"):
        trends(rows, over="year", by="year")


def test_groups_are_followed_separately():
    rows = yearly({2001: ["favor"] * 3, 2002: ["favor"] * 3}, "A") + yearly({2001: ["against"] * 3}, "B")
    table = trends(pd.DataFrame(rows), over="year", n_draws=200)
    assert table.groupby("author").size().to_dict() == {"A": 2, "B": 1}
    assert (table.set_index("author").loc["A", "trend"] > 0).all() and table.set_index("author").loc["B", "trend"] < 0
