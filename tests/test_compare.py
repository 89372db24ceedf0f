import math

import pandas as pd

from stance.compare import author_summary, load_frame, net_stance


def frame(rows):
    return pd.DataFrame(rows, columns=["doc_id", "author", "target", "label"])


def test_net_stance_bounds_and_empty_case():
    assert net_stance(5, 0) == 1.0 and net_stance(0, 5) == -1.0 and net_stance(2, 2) == 0.0
    assert math.isnan(net_stance(0, 0))


def test_author_summary_known_answers():
    rows = [("d1", "A", "sanctions", "favor"), ("d1", "A", "sanctions", "favor"), ("d2", "A", "sanctions", "none"),
            ("d3", "B", "sanctions", "against"), ("d3", "B", "sanctions", "favor"), ("d4", None, "sanctions", "none")]
    table = author_summary(frame(rows)).set_index("author")
    assert table.loc["A", "documents"] == 2 and table.loc["A", "claims"] == 3
    assert table.loc["A", "net"] == 1.0 and table.loc["B", "net"] == 0.0
    assert math.isnan(table.loc["(unknown)", "net"])


def test_load_frame_reads_records():
    record = {"doc_id": "d", "author": "A", "source": "x", "error": None, "claims": [
        {"start": 0, "end": 5, "text": "Talks", "stances": {
            "engagement": {"label": "favor", "score": 0.9, "probs": {"favor": 0.9, "against": 0.05, "none": 0.05}}}}]}
    table = load_frame([record])
    assert table[["author", "target", "label"]].values.tolist() == [["A", "engagement", "favor"]]
