import json

import pytest

from stance.errors import CorpusError
from stance.judgments import read_judgments


def test_an_empty_file_and_a_split_without_rows_are_told_apart(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(CorpusError, match="empty.jsonl holds no rows; each line is a JSON object"):
        read_judgments(empty)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "Talks now.", "target": "t", "label": "favor", "split": "train"}) + "\n")
    with pytest.raises(CorpusError, match=r"no rows in split\(s\) \['test'\]; check --split"):
        read_judgments(rows, split="test")
    assert [r["text"] for r in read_judgments(rows, split="train")] == ["Talks now."]
