import json

from typer.testing import CliRunner

from stance.cli import app
from tests.conftest import NEWS_ARTICLE, one_claim_record

runner = CliRunner()


def test_annotate_then_compare(tiny_model, tmp_path):
    (tmp_path / "news.txt").write_text(NEWS_ARTICLE)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app,
        [
            "annotate",
            str(tmp_path / "news.txt"),
            "-o",
            str(out),
            "--model",
            str(tiny_model),
            "--nlp",
            "blank",
            "--meta",
            "year=2017",
            "--meta",
            "outlet=Wire",
        ],
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert len(record["claims"]) == 5 and record["meta"] == {"year": "2017", "outlet": "Wire"}
    header = json.loads((tmp_path / "out.run.json").read_text())
    assert header["model"] == str(tiny_model.resolve()) and header["options"]["nlp"] == "blank"
    assert header["confusion"] is None
    report, csv = tmp_path / "report.html", tmp_path / "profiles.csv"
    result = runner.invoke(
        app,
        [
            "compare",
            str(out),
            "-o",
            str(report),
            "--csv",
            str(csv),
            "--figures",
            str(tmp_path / "fig"),
            "--n-draws",
            "200",
            "--n-perm",
            "50",
            "--over",
            "year",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Rafael" in result.output and "sanctions" in result.output
    assert "shares not corrected for classifier error (cc): no measured confusion" in " ".join(result.output.split())
    assert "<svg" in report.read_text() and "Rafael Moreno" in csv.read_text()
    assert csv.read_text().startswith("author,target,documents,claims,sided,few_sided,")
    assert (tmp_path / "profiles-trends.csv").read_text().startswith("author,year,target,")
    assert sorted(p.name for p in (tmp_path / "fig").iterdir()) == [
        "heatmap.png",
        "heatmap.svg",
        "profiles.png",
        "profiles.svg",
        "trends.png",
        "trends.svg",
    ]
    for by in ("doc_id", "outlet", "year"):
        result = runner.invoke(app, ["compare", str(out), "--by", by, "--n-draws", "100"])
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    result = runner.invoke(app, ["compare", str(out), "--by", "party"])
    assert result.exit_code == 1 and "'outlet'" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["compare", str(out), "--method", "pacc"])
    assert result.exit_code == 1 and "needs a confusion" in result.output


def test_annotate_exits_non_zero_when_a_document_fails(tiny_model, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("Talks must resume now.")
    (docs / "bad.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["annotate", str(docs), "-o", str(out), "--model", str(tiny_model), "--nlp", "blank"])
    assert result.exit_code == 1
    assert "bad.txt" in result.output
    assert len(out.read_text().splitlines()) == 2
    (docs / "bad.txt").unlink()
    (docs / "empty.txt").write_text("")
    result = runner.invoke(
        app, ["annotate", str(docs), "-o", str(out), "--model", str(tiny_model), "--nlp", "blank", "--force"]
    )
    assert result.exit_code == 0 and "2 documents, 1 claim, 1 document without any claim" in result.output
    assert "repeat" not in result.output
    (docs / "more.jsonl").write_text('{"id": "r", "text": "Talks must resume."}\n{"id": "r", "text": "Again."}\n')
    result = runner.invoke(
        app, ["annotate", str(docs), "-o", str(out), "--model", str(tiny_model), "--nlp", "blank", "--force"]
    )
    assert result.exit_code == 0 and "1 document repeats an earlier document's id" in result.output


def test_missing_model_and_unknown_target_are_one_line_errors(tiny_model, tmp_path):
    source = tmp_path / "ok.txt"
    source.write_text("Talks must resume now.")
    result = runner.invoke(
        app, ["annotate", str(source), "-o", str(tmp_path / "o.jsonl"), "--model", str(tmp_path / "nowhere")]
    )
    assert result.exit_code == 1 and "no model directory" in result.output and "Traceback" not in result.output
    result = runner.invoke(
        app,
        [
            "annotate",
            str(source),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--model",
            str(tiny_model),
            "--target",
            "tariffs",
            "--nlp",
            "blank",
        ],
    )
    assert result.exit_code == 1 and "unknown target" in result.output


def test_evaluate_prints_json_metrics(tiny_model, tmp_path):
    from stance.runtime import choose_runtime

    data = tmp_path / "d.jsonl"
    rows = [
        {"id": str(i), "text": f"claim {i}", "target": "sanctions", "label": l, "split": "test"}
        for i, l in enumerate(["favor", "against", "none"] * 3)
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["evaluate", "--model", str(tiny_model), "--data", str(data)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 9 and "f_avg" in metrics and "ece" in metrics and "sanctions" in metrics["per_target"]
    assert metrics["runtime"] == choose_runtime(tiny_model)  # auto: what this CPU and model give
    result = runner.invoke(app, ["evaluate", "--model", str(tiny_model), "--data", str(data), "--runtime", "torch"])
    assert result.exit_code == 0 and json.loads(result.stdout)["runtime"] == "torch"
    result = runner.invoke(app, ["evaluate", "--model", str(tiny_model), "--data", str(data), "--origin", "real"])
    assert (
        result.exit_code == 1
        and "no rows of origin 'real' in split 'test'; its rows' origins: none recorded"
        in " ".join(result.output.split())
    )
    data.write_text("".join(json.dumps({**r, "origin": "synthetic"}) + "\n" for r in rows))
    result = runner.invoke(app, ["evaluate", "--model", str(tiny_model), "--data", str(data), "--origin", "real"])
    assert result.exit_code == 1 and "its rows' origins: synthetic" in " ".join(result.output.split())


def test_usage_errors_exit_with_status_2(tiny_model, tmp_path):
    (tmp_path / "a.txt").write_text("Talks must resume.")
    args = ["annotate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--model", str(tiny_model)]
    result = runner.invoke(app, [*args, "--targets", str(tmp_path / "t.jsonl"), "--target", "sanctions"])
    assert result.exit_code == 2 and "not both" in result.output
    result = runner.invoke(app, [*args, "--meta", "year"])
    assert result.exit_code == 2 and "KEY=VALUE" in result.output
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "model.safetensors").write_bytes(b"")
    result = runner.invoke(app, ["train", "--output", str(tmp_path / "m")])
    assert result.exit_code == 2 and "--force" in result.output


def test_targets_lists_the_models_targets(tiny_model):
    result = runner.invoke(app, ["targets", "--model", str(tiny_model)])
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("engagement\t")


def test_unknown_engine_and_architecture_are_one_line_errors(tiny_model, tmp_path):
    (tmp_path / "a.txt").write_text("Talks must resume at once.")
    result = runner.invoke(
        app,
        [
            "annotate",
            str(tmp_path / "a.txt"),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--model",
            str(tiny_model),
            "--nlp",
            "blank",
            "--engine",
            "spark",
        ],
    )
    assert result.exit_code == 2 and "'spark' is not one of" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["train", "--output", str(tmp_path / "m"), "--architecture", "siamese"])
    assert result.exit_code == 2 and "'siamese' is not one of" in result.output


def test_choices_are_the_librarys_and_help_lists_them():
    from stance import cli
    from stance.batch import ENGINES
    from stance.compare import METHODS
    from stance.exchange import FORMATS
    from stance.runtime import RUNTIMES
    from stance.training_args import ARCHITECTURES

    for enum, values in (
        (cli.Runtime, RUNTIMES),
        (cli.Engine, ENGINES),
        (cli.Method, METHODS),
        (cli.ToolFormat, FORMATS),
        (cli.Architecture, ARCHITECTURES),
    ):
        assert tuple(member.value for member in enum) == tuple(values), enum
    result = runner.invoke(app, ["annotate", "--help"], env={"COLUMNS": "200"})
    assert "auto|torch|bf16|onnx|onnx-int8" in result.output and "local|ray" in result.output
    result = runner.invoke(app, ["compare", "x.jsonl", "--method", "magic"])
    assert result.exit_code == 2 and "magic" in result.output


def test_help_fits_the_terminal_and_names_every_option_in_full():
    import re

    import typer.main

    group = typer.main.get_command(app)
    for columns in (80, 120):
        assert "annotate" in runner.invoke(app, ["--help"], env={"COLUMNS": str(columns)}).output
        for name, command in group.commands.items():
            output = runner.invoke(app, [name, "--help"], env={"COLUMNS": str(columns)}).output
            assert max(len(line) for line in output.splitlines()) <= columns, (name, columns)
            for param in command.params:
                for option in (o for o in (*param.opts, *param.secondary_opts) if o.startswith("-")):
                    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", output), (name, option)


def test_quiet_keeps_results_and_errors_and_drops_status_lines(tmp_path):
    record = one_claim_record()
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n")
    csv = tmp_path / "p.csv"
    loud = runner.invoke(app, ["compare", str(path), "--csv", str(csv), "--n-draws", "200"])
    quiet = runner.invoke(app, ["-q", "compare", str(path), "--csv", str(csv), "--n-draws", "200"])
    assert loud.exit_code == quiet.exit_code == 0
    assert f"wrote {csv}" in loud.output and "wrote" not in quiet.output and "engagement" in quiet.output
    failed = runner.invoke(app, ["-q", "compare", str(path), "--by", "party"])
    assert failed.exit_code == 1 and "cannot use --by 'party'" in failed.output


def test_train_passes_its_options_to_the_recipe_and_writes_the_model(tiny_model, tmp_path):
    claims = {"Talks must resume.": "favor", "Sanctions failed; lift them.": "against", "It rained today.": "none"}
    rows = [
        {"id": f"{split}{i}{t}", "text": text, "target": t, "label": label, "split": split}
        for split in ("train", "dev", "test")
        for i, (text, label) in enumerate(claims.items())
        for t in ("engagement", "sanctions", "deterrence")
    ]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    options = ["--epochs", "1", "--batch-size", "2", "--seed", "5", "--learning-rate", "1e-4", "--tfidf-weight", "2"]
    args = ["train", "--data", str(data), "--base-model", str(tiny_model), "-o", str(tmp_path / "m"), *options]
    result = runner.invoke(app, [*args, "--frozen-layers", "0", "--no-none-offsets", "--test-split", ""])
    assert result.exit_code == 0, result.output
    recipe = json.loads((tmp_path / "m" / "training_config.json").read_text())
    assert (recipe["epochs"], recipe["batch_size"], recipe["seed"], recipe["learning_rate"]) == (1.0, 2, 5, 1e-4)
    assert (recipe["tfidf_weight"], recipe["frozen_layers"], recipe["none_offsets"]) == (2.0, 0, False)
    assert recipe["train_rows"] == 9 and recipe["base_model"] == str(tiny_model)
    metrics = json.loads((tmp_path / "m" / "metrics.json").read_text())
    assert "dev" in metrics and "test" not in metrics  # --test-split '' scores no test split
