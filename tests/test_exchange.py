"""Export to annotation tools and import back: offsets survive emoji (UTF-16) and Windows line endings."""

import json

import pytest
from typer.testing import CliRunner

from stance.batch import annotate_files
from stance.cli import app
from stance.exchange import FORMATS, export_tasks, import_rows

TEXT = "Headline 🚀 Here\r\n\r\nSanctions 👍🏽 must stay in place now.\r\nTalks with 🇰🇵 should resume soon, please.\r\n"


def js_slice(text: str, start: int, end: int) -> str:
    """What a browser shows for [start, end) in UTF-16 code units."""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start : 2 * end].decode("utf-16-le", "surrogatepass")


@pytest.fixture
def records(tiny_model, tmp_path):
    (tmp_path / "doc.txt").write_bytes(TEXT.encode("utf-8"))
    out = tmp_path / "out.jsonl"
    annotate_files([tmp_path / "doc.txt"], out, model=tiny_model, nlp="blank", include_text=True, progress=False)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_offsets_exact(records, fmt):
    claims = records[0]["claims"]
    assert [c["text"] for c in claims] == [
        "Sanctions 👍🏽 must stay in place now.",
        "Talks with 🇰🇵 should resume soon, please.",
    ]
    tasks = list(export_tasks(records, fmt))
    shown = tasks[0]["data"]["text"] if fmt == "label-studio" else tasks[0]["text"]
    assert "\r" not in shown
    spans = (
        tasks[0]["predictions"][0]["result"]
        if fmt == "label-studio"
        else tasks[0]["spans"]
        if fmt == "prodigy"
        else tasks[0]["label"]
    )
    for span, claim in zip(spans[::3], claims):
        start, end = (
            (span["value"]["start"], span["value"]["end"])
            if fmt == "label-studio"
            else (span["start"], span["end"])
            if fmt == "prodigy"
            else (span[0], span[1])
        )
        seen = js_slice(shown, start, end) if fmt != "prodigy" else shown[start:end]
        assert seen == claim["text"]  # the tool highlights exactly the claim

    assert list(import_rows(tasks, fmt)) == []  # untouched: the model's guesses are not gold
    task = tasks[0]
    if fmt == "label-studio":  # an annotator corrects one label
        task["annotations"] = [{"result": json.loads(json.dumps(task["predictions"][0]["result"]))}]
        task["annotations"][0]["result"][1]["value"]["labels"] = ["sanctions:favor"]
    elif fmt == "prodigy":
        task["answer"] = "accept"
    else:
        task["label"][1][2] = "sanctions:favor"
    rows = list(import_rows(tasks, fmt))
    assert len(rows) == 6
    for row in rows:
        assert TEXT[row["start"] : row["end"]] == row["text"]
    assert {(r["start"], r["end"]) for r in rows} == {(c["start"], c["end"]) for c in claims}
    if fmt != "prodigy":
        assert next(r for r in rows if r["target"] == "sanctions")["label"] == "favor"


def test_cli_export_import(records, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "ls.json"), "--format", "label-studio"])
    assert result.exit_code == 0, result.output
    tasks = json.loads((tmp_path / "ls.json").read_text())
    tasks.append(json.loads(json.dumps(tasks[0])))
    tasks[0]["annotations"] = [{"result": tasks[0]["predictions"][0]["result"]}]  # accepted as predicted
    tasks[1]["annotations"] = [{"result": [], "was_cancelled": True}]
    (tmp_path / "ls.json").write_text(json.dumps(tasks))
    result = runner.invoke(
        app, ["import", str(tmp_path / "ls.json"), "-o", str(tmp_path / "rows.jsonl"), "--format", "label-studio"]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 2 tasks" in result.output
    rows = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text().splitlines()]
    assert len(rows) == 6 and set(rows[0]) >= {"id", "text", "target", "label", "split"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_export_of_broken_input_text_writes_valid_utf8(records, tmp_path, fmt):
    broken = [{**records[0], "text": records[0]["text"].replace("now", "n\udce9w")}]  # an undecodable byte's escape
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in broken), encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(path), "-o", str(tmp_path / "tasks"), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "\\udce9" in (tmp_path / "tasks").read_text(encoding="utf-8")


def test_export_needs_text():
    with pytest.raises(Exception, match="--include-text"):
        list(export_tasks([{"doc_id": "d", "claims": []}], "prodigy"))


def test_cli_import_reads_jsonl_tasks_whose_text_holds_a_line_separator(records, tmp_path):
    record = json.loads(json.dumps(records[0]))
    record["text"] = record["text"].replace("soon,", "soon\u2028")  # one code point for one: offsets stay
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "p.jsonl"), "--format", "prodigy"])
    assert result.exit_code == 0, result.output
    tasks = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").split("\n") if line]
    (tmp_path / "p.jsonl").write_text(
        "".join(json.dumps({**t, "answer": "accept"}, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["import", str(tmp_path / "p.jsonl"), "-o", str(tmp_path / "rows.jsonl"), "--format", "prodigy"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert len(rows) == 6 and any("\u2028" in r["text"] for r in rows)
