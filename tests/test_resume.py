"""An interrupted run continues where it stopped: every input exactly once, in order, no partial line."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from stance.batch import annotate_files
from stance.errors import OptionsError, StanceError


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "docs.jsonl"
    with path.open("w") as handle:
        for i in range(3000):
            text = f"Sanctions number {i} must be enforced. Talks on item {i} should resume soon."
            handle.write(json.dumps({"id": f"d{i:05d}", "text": text, "author": f"A{i % 3}"}) + "\n")
    return path


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_kill_9_midway_then_resume_gives_the_full_output_once(corpus, tiny_model, tmp_path):
    reference = tmp_path / "reference.jsonl"
    annotate_files([corpus], reference, model=tiny_model, nlp="blank", progress=False)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "stance",
        "annotate",
        str(corpus),
        "-o",
        str(out),
        "--model",
        str(tiny_model),
        "--nlp",
        "blank",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while (not out.exists() or len(out.read_bytes().splitlines()) < 200) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be interrupted; make the input larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    written = len(out.read_bytes().splitlines())
    assert 0 < written < 3000

    with out.open("a") as handle:  # simulate a record cut off mid-write
        handle.write('{"doc_id": "d9')
    result = subprocess.run(command + ["--resume"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert records(out) == records(reference)


def test_resume_refuses_an_output_from_other_inputs(corpus, tiny_model, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"doc_id": "other", "claims": []}) + "\n" + '{"doc_id": "oth')
    before = out.read_bytes()
    with pytest.raises(OptionsError, match="does not continue these inputs"):
        annotate_files([corpus], out, model=tiny_model, nlp="blank", resume=True, progress=False)
    assert out.read_bytes() == before  # not even the partial last line is cut from a file that is not this run's


def test_resume_of_a_finished_run_changes_nothing(tmp_path, tiny_model):
    (tmp_path / "a.txt").write_text("Talks must resume at once.")
    out = tmp_path / "out.jsonl"
    annotate_files([tmp_path / "a.txt"], out, model=tiny_model, nlp="blank", progress=False)
    before = out.read_text()
    summary = annotate_files([tmp_path / "a.txt"], out, model=tiny_model, nlp="blank", resume=True, progress=False)
    assert out.read_text() == before and summary.documents == 1


def test_resume_refuses_other_options_and_leaves_the_output_untouched(corpus, tiny_model, tmp_path):
    out = tmp_path / "out.jsonl"
    source = tmp_path / "few.jsonl"
    source.write_text("".join(corpus.read_text().splitlines(keepends=True)[:3]))
    annotate_files([source], out, model=tiny_model, nlp="blank", progress=False)
    header = json.loads((tmp_path / "out.run.json").read_text())
    assert header["options"]["nlp"] == "blank" and header["model"] == str(tiny_model.resolve())
    with out.open("a") as handle:
        handle.write('{"doc_id": "d9')  # a partial line that a resume would cut
    before = out.read_bytes()
    with pytest.raises(StanceError, match=r"include_text=False before, True now"):
        annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, include_text=True, progress=False)
    with pytest.raises(StanceError, match=r"author=None before, 'Kim' now"):
        annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, author="Kim", progress=False)
    # `auto` that picked int8 on one CPU and fp32 on another would mix their labels; torch and onnx (both fp32) may mix.
    (tmp_path / "out.run.json").write_text(json.dumps({**header, "runtime_used": "onnx-int8"}))
    with pytest.raises(StanceError, match=r"runtime_used='onnx-int8' before"):
        annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, progress=False)
    assert out.read_bytes() == before
    # A header written where another pipeline was installed: the same text would be cut into other claims.
    assert header["segmenter_used"] == "blank"
    (tmp_path / "out.run.json").write_text(json.dumps({**header, "segmenter_used": "en_core_web_sm"}))
    with pytest.raises(StanceError, match=r"segmenter_used='en_core_web_sm' before, 'blank' now"):
        annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, progress=False)
    old = {k: v for k, v in header.items() if k != "segmenter_used"}  # written before the field existed
    (tmp_path / "out.run.json").write_text(json.dumps({**old, "runtime_used": "torch"}))
    annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, progress=False)


def test_resume_without_a_run_header_warns_and_writes_none(corpus, tiny_model, tmp_path, caplog):
    out = tmp_path / "out.jsonl"
    source = tmp_path / "few.jsonl"
    source.write_text("".join(corpus.read_text().splitlines(keepends=True)[:3]))
    annotate_files([source], out, model=tiny_model, nlp="blank", progress=False)
    (tmp_path / "out.run.json").unlink()  # as a run made before run headers existed
    with caplog.at_level("WARNING", logger="stance.batch"):
        annotate_files([source], out, model=tiny_model, nlp="blank", resume=True, progress=False)
    assert "no run header" in caplog.text and not (tmp_path / "out.run.json").exists()


def test_retry_failed_redoes_error_records_in_place_and_keeps_the_rest(tiny_model, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Talks must resume now.")
    (docs / "b.txt").write_bytes(bytes(range(256)) * 4)  # unreadable: an error record
    (docs / "c.txt").write_text("Sanctions must stay.")
    out = tmp_path / "out.jsonl"
    annotate_files([docs], out, model=tiny_model, nlp="blank", progress=False)
    before = records(out)
    assert [bool(r["error"]) for r in before] == [False, True, False]

    (docs / "b.txt").write_text("Deterrence must be strengthened.")  # fixed
    (docs / "d.txt").write_text("Pressure works.")  # and one more document
    summary = annotate_files([docs], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    after = records(out)
    assert [r["doc_id"] for r in after] == ["a", "b", "c", "d"] and not any(r["error"] for r in after)
    assert after[0] == before[0] and after[2] == before[2]  # untouched records are kept as they were
    assert after[1]["claims"][0]["text"] == "Deterrence must be strengthened."
    assert summary.documents == 4 and not summary.errors
    with pytest.raises(OptionsError, match="does not continue these inputs"):
        annotate_files([docs / "c.txt"], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    assert records(out) == after  # a refused retry leaves the output whole


def test_retry_failed_takes_a_fixed_row_whose_id_changed(tiny_model, tmp_path):
    source = tmp_path / "docs.csv"
    source.write_text("text,id\nTalks must resume, now,d1\nSanctions must stay in place.,d2\n")  # an unquoted comma
    out = tmp_path / "out.jsonl"
    annotate_files([source], out, model=tiny_model, nlp="blank", progress=False)
    assert [(r["doc_id"], bool(r["error"])) for r in records(out)] == [("docs:2", True), ("d2", False)]
    source.write_text('text,id\n"Talks must resume, now",d1\nSanctions must stay in place.,d2\n')  # fixed
    annotate_files([source], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    assert [(r["doc_id"], bool(r["error"])) for r in records(out)] == [("d1", False), ("d2", False)]


def test_retry_failed_redoes_a_whole_record_file_that_had_failed(tiny_model, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Talks must resume now.")
    (docs / "d.csv").write_text("id,body\nr1,Sanctions must stay in place.\nr2,Deterrence must hold.\n")  # no "text"
    (docs / "e.txt").write_text("Pressure works on the regime.")
    out = tmp_path / "out.jsonl"
    annotate_files([docs], out, model=tiny_model, nlp="blank", progress=False)
    assert [(r["doc_id"], bool(r["error"])) for r in records(out)] == [("a", False), ("d", True), ("e", False)]
    before = records(out)
    (docs / "d.csv").write_text("id,text\nr1,Sanctions must stay in place.\nr2,Deterrence must hold.\n")  # fixed
    summary = annotate_files([docs], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    after = records(out)
    assert [(r["doc_id"], bool(r["error"])) for r in after] == [(i, False) for i in ("a", "r1", "r2", "e")]
    assert after[0] == before[0] and after[3] == before[2] and summary.documents == 4

    # a file that failed whole and now holds no document leaves no stale error; a failed row named like its file is
    # redone as a row
    (docs / "d.csv").write_text("id,body\n")
    annotate_files([docs], out, model=tiny_model, nlp="blank", force=True, progress=False)
    (docs / "d.csv").write_text("id,text\n")
    summary = annotate_files([docs], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    assert [r["doc_id"] for r in records(out)] == ["a", "e"] and not summary.errors
    (docs / "d.csv").write_text('id,text\nd,"Sanctions must, stay",x\nr2,Deterrence must hold.\n')  # row d breaks
    annotate_files([docs], out, model=tiny_model, nlp="blank", force=True, progress=False)
    assert [(r["doc_id"], bool(r["error"])) for r in records(out)][1:3] == [("d", True), ("r2", False)]
    (docs / "d.csv").write_text('id,text\nd,"Sanctions must, stay"\nr2,Deterrence must hold.\n')
    annotate_files([docs], out, model=tiny_model, nlp="blank", retry_failed=True, progress=False)
    assert [(r["doc_id"], bool(r["error"])) for r in records(out)] == [(i, False) for i in ("a", "d", "r2", "e")]


@pytest.mark.parametrize(
    "change",
    [
        {"include_text": True},
        {"author": "Kim"},
        {"meta": {"year": 2001}},
        {"runtime": "bf16"},
        {"targets": ["sanctions"]},
        {"text_key": "body"},
        {"model": "copy"},
        {"model": "retrained"},
    ],
)
def test_resume_with_any_option_changed_is_refused_and_mixes_nothing(change, tiny_model, tmp_path):
    import shutil

    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"d{i}", "text": "Talks must resume.", "body": "x"}) + "\n" for i in range(3))
    )
    out = tmp_path / "out.jsonl"
    annotate_files([source], out, model=tiny_model, nlp="blank", progress=False)
    before = out.read_bytes()
    if change.get("model") == "copy":
        change = {"model": shutil.copytree(tiny_model, tmp_path / "other-model")}
    if change.get("model") == "retrained":  # same folder, other weights
        model = shutil.copytree(tiny_model, tmp_path / "model")
        annotate_files([source], out, model=model, nlp="blank", progress=False, force=True)
        before = out.read_bytes()
        weights = model / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:-8] + b"\0" * 8)
        change = {"model": model}
    options = {"model": tiny_model, "nlp": "blank", "progress": False, **change}
    with pytest.raises(StanceError, match="cannot resume .* made differently"):
        annotate_files([source], out, resume=True, **options)
    with pytest.raises(StanceError, match="cannot resume .* made differently"):
        annotate_files([source], out, retry_failed=True, **options)
    assert out.read_bytes() == before


def test_cli_exits_2_for_options_that_would_destroy_input(tiny_model, tmp_path):
    from typer.testing import CliRunner

    from stance.cli import app

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "Talks must resume."}\n')
    result = CliRunner().invoke(
        app, ["annotate", str(source), "-o", str(source), "--force", "--model", str(tiny_model)]
    )
    assert result.exit_code == 2 and "is the input" in result.output
    assert source.read_text() == '{"id": "a", "text": "Talks must resume."}\n'
