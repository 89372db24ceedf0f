import json

import pytest

from stance.batch import annotate_files
from stance.errors import StanceError
from tests.conftest import NEWS_ARTICLE


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-news.txt").write_text(NEWS_ARTICLE)
    (folder / "b-empty.txt").write_text("   \n")
    (folder / "c-binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "d.jsonl").write_text('{"id": "j1", "text": "Talks must resume.", "author": "Kim"}\n{broken\n')
    return folder


def test_annotate_writes_one_record_per_document_in_input_order(inputs, tiny_model, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = annotate_files([inputs], out, model=tiny_model, nlp="blank", progress=False)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["doc_id"] for r in records] == ["a-news", "b-empty", "c-binary", "j1", "d:2"]
    assert summary.documents == 5 and len(summary.errors) == 2
    news, empty, binary, j1, broken = records
    assert news["author"] == "Rafael Moreno" and len(news["claims"]) == 6
    claim = news["claims"][0]
    assert NEWS_ARTICLE[claim["start"] : claim["end"]] == claim["text"]
    stance = claim["stances"]["sanctions"]
    assert set(stance) == {"label", "score", "probs"} and set(stance["probs"]) == {"favor", "against", "none"}
    assert stance["score"] == max(stance["probs"].values())
    assert empty["error"] is None and empty["claims"] == []
    assert binary["error"] and binary["claims"] == [] and "c-binary.txt" in binary["error"]
    assert j1["author"] == "Kim"
    assert ":2: malformed JSON" in broken["error"]


def test_existing_output_needs_force(inputs, tiny_model, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me")
    with pytest.raises(StanceError, match="--force"):
        annotate_files([inputs], out, model=tiny_model, nlp="blank", progress=False)
    assert out.read_text() == "keep me"


def test_truncated_claims_are_flagged_in_the_record(tiny_model, tmp_path):
    (tmp_path / "long.txt").write_text("Sanctions " + "really " * 400 + "work.")
    out = tmp_path / "out.jsonl"
    summary = annotate_files([tmp_path / "long.txt"], out, model=tiny_model, nlp="blank", progress=False)
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["claims"][0]["truncated"] is True and summary.truncated == 1
