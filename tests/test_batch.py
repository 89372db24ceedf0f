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
    assert news["author"] == "Rafael Moreno" and len(news["claims"]) == 5
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


def test_an_output_in_a_folder_that_does_not_exist_yet_is_written_with_its_header(inputs, tiny_model, tmp_path):
    out = tmp_path / "new" / "deeper" / "out.jsonl"  # as `make demo` writes out/examples.jsonl on a fresh clone
    annotate_files([inputs], out, model=tiny_model, nlp="blank", progress=False)
    assert out.exists() and json.loads((out.parent / "out.run.json").read_text())["options"]["nlp"] == "blank"


def test_truncated_claims_are_flagged_in_the_record(tiny_model, tmp_path):
    (tmp_path / "long.txt").write_text("Sanctions " + "really " * 400 + "work.")
    out = tmp_path / "out.jsonl"
    summary = annotate_files([tmp_path / "long.txt"], out, model=tiny_model, nlp="blank", progress=False)
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["claims"][0]["truncated"] is True and summary.truncated == 1


def test_annotate_never_touches_the_network(inputs, tiny_model, tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    import huggingface_hub.constants

    # What keeps it offline must be the code, not this suite's fixture (the hub reads the variable once, at import).
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    summary = annotate_files([inputs], tmp_path / "out.jsonl", model=tiny_model, nlp="blank", progress=False)
    # An attempt would surface as a third error record: the pipeline turns a document's exceptions into records.
    assert summary.documents == 5 and len(summary.errors) == 2


def test_output_is_the_same_across_runs_and_batch_sizes(inputs, tiny_model, tmp_path):
    outputs = []
    for batch_size in (2, 64, 64):
        out = tmp_path / f"out-{len(outputs)}.jsonl"
        annotate_files([inputs], out, model=tiny_model, nlp="blank", batch_size=batch_size, progress=False)
        outputs.append([json.loads(line) for line in out.read_text().splitlines()])
    assert outputs[1] == outputs[2]
    assert [r["doc_id"] for r in outputs[0]] == [r["doc_id"] for r in outputs[1]]
    for a, b in zip(outputs[0], outputs[1]):
        assert [c["text"] for c in a["claims"]] == [c["text"] for c in b["claims"]]
        for ca, cb in zip(a["claims"], b["claims"]):
            for target in ca["stances"]:
                assert ca["stances"][target]["label"] == cb["stances"][target]["label"]
                assert abs(ca["stances"][target]["score"] - cb["stances"][target]["score"]) < 1e-5


def test_hostile_inputs_each_get_a_record_and_the_batch_goes_on(tiny_model, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "01-empty.txt").write_text("")
    (folder / "02-whitespace.txt").write_text(" \n\t \r\n")
    (folder / "03-one-long-sentence.txt").write_text(" ".join(["sanctions"] * 5000) + ".")
    (folder / "04-binary.txt").write_bytes(b"\x00\x01\xff\xfe" * 2000)
    (folder / "05-cp1252.txt").write_bytes("Les sanctions n’ont rien changé — il faut négocier.".encode("cp1252"))
    (folder / "06-control.txt").write_text("Talks \x07 must \x1b resume now, \u202e everyone agrees.")
    records = [
        json.dumps({"id": "s1", "text": "Lone \ud800 surrogate: sanctions must stay."}),
        json.dumps({"id": "dup", "text": "Talks must resume now."}),
        json.dumps({"id": "dup", "text": "Talks must resume later."}),
        json.dumps({"id": "n", "text": None}),
        json.dumps({"id": "x", "body": "no text key"}),
        "{oops",
    ]
    (folder / "07-records.jsonl").write_text("\n".join(records) + "\n")
    (folder / "08-page.html").write_text(
        "<html><body><script>alert('x')</script><article><p>"
        + "Sanctions must be enforced by every state. " * 10
        + "</p></article></body></html>"
    )
    (folder / "09-quoted.csv").write_text('id,text\nq1,"He said ""talks"",\nthen left."\n')
    out = tmp_path / "out.jsonl"
    summary = annotate_files([folder], out, model=tiny_model, nlp="blank", progress=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {r["doc_id"]: r for r in records}
    assert len(records) == 14 and summary.documents == 14
    assert by_id["01-empty"]["claims"] == [] and by_id["01-empty"]["error"] is None
    assert by_id["02-whitespace"]["claims"] == [] and by_id["02-whitespace"]["error"] is None
    assert by_id["03-one-long-sentence"]["claims"][0]["truncated"] is True
    assert "04-binary.txt" in by_id["04-binary"]["error"]
    assert "négocier" in by_id["05-cp1252"]["claims"][0]["text"]
    assert by_id["06-control"]["claims"]
    assert by_id["s1"]["claims"] and by_id["s1"]["error"] is None  # a lone surrogate is classified, not fatal
    assert [r["doc_id"] for r in records].count("dup") == 2
    assert "must be a string" in by_id["n"]["error"] and "no 'text' field" in by_id["x"]["error"]
    assert any(":6: malformed JSON" in (r["error"] or "") for r in records)
    assert "alert" not in json.dumps(by_id["08-page"])
    assert by_id["q1"]["claims"][0]["text"].startswith("He said")
    assert len(summary.errors) == 4


@pytest.mark.parametrize("inside", [False, True])
def test_an_output_that_is_an_input_or_inside_an_input_folder_is_refused_before_anything_is_written(tmp_path, inside):
    folder = tmp_path / "docs"
    folder.mkdir()
    source = folder / "in.jsonl"
    source.write_text('{"id": "a", "text": "Talks must resume."}\n')
    output = folder / "out.jsonl" if inside else source
    with pytest.raises(StanceError, match="the output .* input"):
        annotate_files([folder if inside else source], output, force=True)
    assert source.read_text() == '{"id": "a", "text": "Talks must resume."}\n' and not (folder / "out.jsonl").exists()


def test_the_run_header_carries_the_confusion_only_for_the_model_it_was_measured_on(tiny_model, tmp_path):
    import shutil

    from stance.batch import run_header
    from stance.options import AnnotateOptions, LoadOptions

    model = shutil.copytree(tiny_model, tmp_path / "m")
    (model / "confusion.json").write_text(json.dumps({"source": "test split", "targets": {}}))
    assert (
        run_header(AnnotateOptions(load=LoadOptions(model=model, tfidf=False)))["confusion"]["source"] == "test split"
    )
    (model / "tfidf").mkdir()  # measured with a TF-IDF part: `--no-tfidf` labels are another classifier's
    assert run_header(AnnotateOptions(load=LoadOptions(model=model)))["confusion"]["source"] == "test split"
    assert run_header(AnnotateOptions(load=LoadOptions(model=model, tfidf=False)))["confusion"] is None
