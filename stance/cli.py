"""The ``stance`` command line: each command checks its options, calls a plain function, and prints.

Only this module prints; the library raises :class:`~stance.errors.StanceError`, which becomes a one-line
message and exit code 1 here (2 for :class:`~stance.errors.OptionsError`, options that would destroy input or mix runs).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from stance.errors import OptionsError, StanceError
from stance.segment import DEFAULT_PIPELINE, import_spacy_without_torch
from stance.training_args import TrainingConfig


# Choices as enums, so that --help lists them; tests/test_cli.py checks each against the library's own list.
class Runtime(str, Enum):
    auto = "auto"
    torch = "torch"
    bf16 = "bf16"
    onnx = "onnx"
    onnx_int8 = "onnx-int8"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class Method(str, Enum):
    auto = "auto"
    cc = "cc"
    pcc = "pcc"
    acc = "acc"
    pacc = "pacc"


class Architecture(str, Enum):
    heads = "heads"
    pair = "pair"


DEFAULT_ARCHITECTURE = Architecture(TrainingConfig.architecture)


class ToolFormat(str, Enum):
    label_studio = "label-studio"
    prodigy = "prodigy"
    doccano = "doccano"


# Click's plain help, not rich's tables: those cut option names and help to fit six columns into 80 ("--dev-split,--ev…").
app = typer.Typer(
    help="Stance analysis of policy writing.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT / "corpora" / "policy-stance" / "judgments.jsonl"

ModelOpt = Annotated[
    Path | None, typer.Option("--model", "-m", help="Model directory (default: the built default model).")
]
TfidfOpt = Annotated[
    bool,
    typer.Option(
        help="Blend the model's TF-IDF part with the encoder (--no-tfidf: the encoder alone, as plain transformers)."
    ),
]
TargetsOpt = Annotated[
    Path | None,
    typer.Option(
        "--targets",
        help="Targets file (JSON Lines of {id, description}) to score; a heads model needs a head per id, a pair "
        "model reads the descriptions.",
    ),
]

RuntimeOpt = Annotated[
    Runtime,
    typer.Option(
        help="auto (onnx-int8 on CPUs with VNNI/AMX int8 units, else onnx, when the model has its ONNX export; else "
        "torch), torch (fp32), bf16 (bfloat16 products: faster on CPUs with AMX/AVX512-BF16), onnx (ONNX Runtime, "
        "fp32, no torch import), or onnx-int8 (int8 weights)."
    ),
]


_QUIET = False  # set by --quiet for this process: status lines are skipped, results and errors still print


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log messages (-vv: debug).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only results and errors.")] = False,
) -> None:
    global _QUIET
    _QUIET = quiet
    # The library logs under "stance"; this is the only place that decides what reaches the terminal.
    level = logging.ERROR if quiet else logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("stance")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    # Not also through the root logger: a library that configures it (ONNX Runtime's quantiser does) would repeat it.
    logger.propagate = False
    # Weight-loading bars from transformers and the Hub say nothing useful on a command line; ours stay.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def _note(message: str) -> None:
    """A status line on stderr (what was written, how many), unless --quiet."""
    if not _QUIET:
        typer.echo(message, err=True)


def _count(n: int, noun: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _fail(err: Exception) -> None:
    typer.secho(f"error: {err}", fg=typer.colors.RED, err=True)
    raise typer.Exit(2 if isinstance(err, OptionsError) else 1)


@app.command(short_help="Segment documents into claims and classify their stance.")
def annotate(
    inputs: Annotated[
        list[Path], typer.Argument(help="Files or directories: .txt .md .html .jsonl .csv", metavar="INPUT")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output JSON Lines file.")],
    model: ModelOpt = None,
    targets: TargetsOpt = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="Keep only these target ids (repeatable).")
    ] = None,
    nlp: Annotated[str, typer.Option(help="spaCy pipeline name or path, or 'blank'.")] = DEFAULT_PIPELINE,
    text_key: Annotated[str, typer.Option(help="JSONL/CSV field holding the text.")] = "text",
    id_key: Annotated[str, typer.Option(help="JSONL/CSV field holding the document id.")] = "id",
    author_key: Annotated[str, typer.Option(help="JSONL/CSV field holding the author.")] = "author",
    author: Annotated[
        str | None, typer.Option(help="Author of every input (overrides Author: lines and fields).")
    ] = None,
    meta: Annotated[
        list[str] | None,
        typer.Option(
            "--meta",
            help="KEY=VALUE kept in every record's meta, e.g. --meta year=2017 (repeatable; a JSONL/CSV field of the same name wins).",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Claims per model batch.")] = 64,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the output file.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run into the same output.")] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Resume, and redo the documents whose records carry an error, each in its old place."
        ),
    ] = False,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Add each document's text (for `stance export`).")
    ] = False,
    runtime: RuntimeOpt = Runtime.auto,
    tfidf: TfidfOpt = True,
    engine: Annotated[
        Engine, typer.Option(help="local, or ray (Ray Data actors on the cluster in RAY_ADDRESS, else a local one).")
    ] = Engine.local,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Ray actors (default: one per CPU of the cluster).")
    ] = None,
) -> None:
    """Segment documents into claims and classify each claim's stance toward every target."""
    from stance.batch import annotate_files

    if nlp in (DEFAULT_PIPELINE, "blank") and engine == Engine.local:
        try:
            import_spacy_without_torch()  # the CNN pipelines never use thinc's torch layers; 1.6 s of start-up
        except StanceError as err:
            _fail(err)
    if targets is not None and target:
        _fail(OptionsError("give either --targets FILE or --target ID, not both"))
    try:
        summary = annotate_files(
            inputs,
            output,
            model=model,
            targets=targets if targets is not None else target,
            nlp=nlp,
            text_key=text_key,
            id_key=id_key,
            author_key=author_key,
            author=author,
            meta=_key_values(meta or []),
            batch_size=batch_size,
            force=force,
            resume=resume,
            retry_failed=retry_failed,
            include_text=include_text,
            runtime=runtime.value,
            tfidf=tfidf,
            engine=engine.value,
            workers=workers,
        )
    except StanceError as err:
        _fail(err)
    for error in summary.errors:
        typer.secho(f"failed: {error}", fg=typer.colors.YELLOW, err=True)
    if summary.repeated_ids:
        repeat = "1 document repeats" if summary.repeated_ids == 1 else f"{summary.repeated_ids} documents repeat"
        typer.secho(
            f"warning: {repeat} an earlier document's id; `stance compare` "
            "needs one id per document: give the inputs distinct file names or ids (the JSONL/CSV id field)",
            fg=typer.colors.YELLOW,
            err=True,
        )
    _note(
        f"wrote {output}: {_count(summary.documents, 'document')}, {_count(summary.claims, 'claim')}"
        + (f", {summary.truncated} truncated to the model's window" if summary.truncated else "")
        + (f", {_count(summary.without_claims, 'document')} without any claim" if summary.without_claims else "")
        + (f", {len(summary.errors)} failed" if summary.errors else ""),
    )
    if summary.errors:
        raise typer.Exit(1)


@app.command(short_help="Compare groups: profiles, tests, trends, figures, a report.")
def compare(
    annotations: Annotated[
        Path, typer.Argument(help="JSON Lines written by `stance annotate`.", metavar="ANNOTATIONS")
    ],
    by: Annotated[
        str,
        typer.Option(help="Compare groups of this field: author, doc_id, or any meta field (country, party, year...)."),
    ] = "author",
    over: Annotated[
        str | None,
        typer.Option(
            help="Follow each group's net stance over this numeric field (e.g. year): per-period estimates and a smoothed trend."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a self-contained HTML report here.")
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(help="Write the profile table as CSV here (and, with --over, NAME-trends.csv beside it)."),
    ] = None,
    figures: Annotated[
        Path | None, typer.Option(help="Write profile, heatmap (and trend) figures as PNG and SVG to this folder.")
    ] = None,
    method: Annotated[
        Method,
        typer.Option(
            help="auto (pacc where the model's measured confusion rests on at least 20 claims of every label of the "
            "compared targets, else cc), cc (count labels), pcc (sum probabilities), acc or pacc (correct those for "
            "the classifier's confusion)."
        ),
    ] = Method.auto,
    confusion: Annotated[
        Path | None,
        typer.Option(
            help="Model directory or confusion.json to correct with (default: the one `stance annotate` recorded beside the annotations)."
        ),
    ] = None,
    bandwidth: Annotated[
        float | None,
        typer.Option(
            min=0.0, help="Trend smoothing, in units of --over (default: 2.5 x the median step between periods)."
        ),
    ] = None,
    n_draws: Annotated[int, typer.Option(min=100, help="Posterior draws per cell.")] = 2000,
    n_perm: Annotated[
        int, typer.Option(min=1, help="Permutations per test (every split when there are fewer).")
    ] = 2000,
    seed: Annotated[int, typer.Option(help="Seed for draws and permutations (results are reproducible).")] = 0,
) -> None:
    """Compare groups: stance profiles with intervals, pairwise tests, trends, figures and an HTML report."""
    from stance.report import compare_annotations

    try:
        table, _, _ = compare_annotations(
            annotations,
            by=by,
            over=over,
            output=output,
            csv=csv,
            figures=figures,
            method=method.value,
            confusion=confusion,
            bandwidth=bandwidth,
            n_draws=n_draws,
            n_perm=n_perm,
            seed=seed,
            progress=None,
        )
    except StanceError as err:
        _fail(err)
    _print_profile(table, by)
    _note(_method_line(table.attrs))
    for path in (csv, figures, output):
        if path is not None:
            _note(f"wrote {path}")


def _method_line(note: dict) -> str:
    """One line on what the shares above are: corrected, or counted and why (see stance.compare.method_note)."""
    method, reason = note.get("method", "cc"), note.get("uncorrected")
    if reason is None:
        thin = f"; rows on few claims: {note['thin']}" if note.get("thin") else ""
        return f"shares corrected for the classifier's measured errors ({method}){thin}"
    why = {
        "requested": "as asked",
        "none": "no measured confusion came with the annotations",
    }.get(
        reason,
        reason.replace("thin: ", "the confusion rests on too few claims: ").replace("missing: ", "no confusion for: "),
    )
    return f"shares not corrected for classifier error ({method}): {why}"


def _key_values(items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            _fail(OptionsError(f"--meta takes KEY=VALUE, got {item!r}; e.g. --meta year=2017"))
        pairs[key.strip()] = value
    return pairs


def _print_profile(table, by: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from stance.compare import signed

    view = Table(
        title="Stance profile: shares (most probable) and net stance (favor - against) / (favor + against), its "
        "posterior mean and 95% interval; † fewer than 5 sided claims"
    )
    for column in (by, "target", "docs", "claims", "sided", "favor", "against", "none", "net [95%]"):
        view.add_column(column, justify="left" if column in (by, "target") else "right")
    for r in table.to_dict("records"):
        net = "–" if r["net"] != r["net"] else f"{signed(r['net'])} [{signed(r['net_low'])}, {signed(r['net_high'])}]"
        view.add_row(
            str(r[by]),
            r["target"],
            str(r["documents"]),
            str(r["claims"]),
            f"{r['sided']}{' †' if r['few_sided'] else ''}",
            *(f"{r[k]:.0%}" for k in ("favor", "against", "none")),
            net,
        )
    Console(width=max(120, Console().width)).print(view)


@app.command(short_help="Fine-tune the classifier into a Hugging Face model directory.")
def train(
    data: Annotated[Path, typer.Option(help="Judgments JSONL {id,text,target,label,split}.")] = DEFAULT_CORPUS,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Model directory to write (default: the default model's, see `stance info`)."
        ),
    ] = None,
    split: Annotated[str, typer.Option(help="Split to train on.")] = "train",
    dev_split: Annotated[
        str | None,
        typer.Option(
            "--dev-split",
            "--eval-split",  # its name before; kept so that old commands still run
            help="Split for calibration and dev scores (default: dev, if the data has it; '' for none).",
        ),
    ] = None,
    test_split: Annotated[
        str | None,
        typer.Option(
            help="Split for test scores, never trained or tuned on (default: test, if the data has it; '' for none)."
        ),
    ] = None,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            help="Targets file (JSON Lines of {id, description}): the heads' order and the descriptions a pair model "
            "reads and the card shows; the heads themselves come from the data's targets.",
        ),
    ] = None,
    base_model: Annotated[
        Path | None, typer.Option(help="Local Hugging Face encoder (default: all-MiniLM-L6-v2).")
    ] = None,
    epochs: Annotated[float, typer.Option(min=0.1)] = TrainingConfig.epochs,
    learning_rate: Annotated[float, typer.Option()] = TrainingConfig.learning_rate,
    batch_size: Annotated[int, typer.Option(min=1)] = TrainingConfig.batch_size,
    seed: Annotated[int, typer.Option()] = TrainingConfig.seed,
    architecture: Annotated[
        Architecture,
        typer.Option(
            help="heads (one pass per claim, trained targets only) or pair ((target, claim) pairs, unseen targets too)."
        ),
    ] = DEFAULT_ARCHITECTURE,
    context: Annotated[
        bool, typer.Option(help="Read each claim with the sentence before it in its paragraph.")
    ] = TrainingConfig.context,
    none_offsets: Annotated[
        bool, typer.Option(help="Fit per-target offsets of the none logit on the dev split (real prose).")
    ] = TrainingConfig.none_offsets,
    encoder_layers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Fine-tune this many of the base encoder's layers, evenly spaced (default: the recipe's)."
        ),
    ] = TrainingConfig.encoder_layers,
    freeze_embeddings: Annotated[
        bool, typer.Option(help="Keep the base encoder's embeddings as they are (a faster optimizer step).")
    ] = TrainingConfig.freeze_embeddings,
    frozen_layers: Annotated[
        int,
        typer.Option(
            min=0,
            help="Keep this many of the lowest layers as they are; their outputs are computed once, not per step.",
        ),
    ] = TrainingConfig.frozen_layers,
    attention_dropout: Annotated[
        float | None,
        typer.Option(
            help="Dropout on the attention probabilities while fine-tuning (default: the base model's own; 0 trains "
            "faster, with torch's fused attention)."
        ),
    ] = TrainingConfig.attention_dropout,
    tfidf: Annotated[
        bool, typer.Option(help="Fit a TF-IDF model on the same rows and ship it, blended with the encoder.")
    ] = TrainingConfig.tfidf,
    tfidf_weight: Annotated[
        float, typer.Option(help="Weight of the TF-IDF part's log-probabilities in the blend (positive).")
    ] = TrainingConfig.tfidf_weight,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing model directory.")] = False,
) -> None:
    """Fine-tune the stance classifier and write a Hugging Face model directory."""
    from stance.judgments import read_judgments, select_split
    from stance.runtime import WEIGHTS_FILE
    from stance.targets import load_targets
    from stance.train import train as train_model

    if output is None:
        from stance.classify import default_model_dir

        output = default_model_dir()
    if (output / WEIGHTS_FILE).exists() and not force:
        _fail(OptionsError(f"{output} already holds a model; pass --force to retrain it"))
    try:
        config = TrainingConfig(
            base_model=str(base_model) if base_model else None,
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            seed=seed,
            architecture=architecture.value,
            context=context,
            none_offsets=none_offsets,
            encoder_layers=encoder_layers,
            freeze_embeddings=freeze_embeddings,
            frozen_layers=frozen_layers,
            attention_dropout=attention_dropout,
            tfidf=tfidf,
            tfidf_weight=tfidf_weight,
        )
    except ValueError as err:
        _fail(err)
    try:
        every = read_judgments(data)
        rows = select_split(every, split, source=data)
        dev = _optional_split(every, dev_split, "dev", data)
        test = _optional_split(every, test_split, "test", data)
        _note(f"training on {len(rows)} {split} judgments from {data}")
        train_model(rows, output, config=config, targets=load_targets(targets), dev_rows=dev, test_rows=test)
    except StanceError as err:
        _fail(err)
    metrics = json.loads((output / "metrics.json").read_text())
    for name, by_origin in metrics.items():
        for origin, result in by_origin.items():
            typer.echo(
                f"{name} ({origin}): macro-F1 {result['macro_f1']:.3f}, F_avg {result['f_avg']:.3f}, "
                f"ECE {result['ece']:.3f}"
            )
    _note(f"wrote {output}")


def _optional_split(rows: list, given: str | None, default: str, data: Path) -> list | None:
    """The rows of a named split (an error if it has none), of ``default`` if present when none is named, or None."""
    from stance.judgments import select_split

    if given == "" or (given is None and not any(r.get("split") == default for r in rows)):
        return None
    return select_split(rows, given or default, source=data)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option(help="Judgments JSONL {id,text,target,label,split}.")],
    model: ModelOpt = None,
    split: Annotated[str | None, typer.Option(help="Only rows of this split.")] = "test",
    origin: Annotated[str | None, typer.Option(help="Only rows of this origin (real or synthetic).")] = None,
    tfidf: TfidfOpt = True,
    runtime: RuntimeOpt = Runtime.auto,
) -> None:
    """Score a model on labelled data; print the metrics as JSON.

    Per target and overall: macro-F1, F_avg, accuracy, confusion and ECE; where rows name their document, macro-F1's
    95% interval from resampling documents; and the runtime that scored them."""
    from stance.classify import StanceClassifier
    from stance.errors import CorpusError
    from stance.heldout import evaluate_rows
    from stance.judgments import read_judgments

    try:
        in_split = read_judgments(data, split=split)
        rows = [r for r in in_split if origin is None or r.get("origin") == origin]
        if not rows:
            present = ", ".join(sorted({str(r["origin"]) for r in in_split if r.get("origin")})) or "none recorded"
            raise CorpusError(f"{data}: no rows of origin {origin!r} in split {split!r}; its rows' origins: {present}")
        classifier = StanceClassifier(model, tfidf=tfidf, runtime=runtime.value).load()
        result = {**evaluate_rows(classifier, rows), "runtime": classifier.runtime_}
    except StanceError as err:
        _fail(err)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


@app.command("targets")
def list_targets(model: ModelOpt = None) -> None:
    """List the targets a model was trained for."""
    from stance.classify import model_targets

    try:
        for t in model_targets(model):
            typer.echo(f"{t.id}\t{t.description}")
    except StanceError as err:
        _fail(err)


@app.command("export", short_help="Export claims and predictions for correction in a tool.")
def export_(
    annotations: Annotated[
        Path, typer.Argument(help="JSON Lines from `stance annotate --include-text`.", metavar="ANNOTATIONS")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[ToolFormat, typer.Option("--format", help="label-studio (JSON), prodigy or doccano (JSON Lines).")],
) -> None:
    """Export claims and predicted stances for correction in an annotation tool."""
    fmt = fmt.value
    from stance.exchange import export_tasks
    from stance.io import read_annotations

    try:
        tasks = list(export_tasks(read_annotations(annotations), fmt))
    except (StanceError, ValueError) as err:
        _fail(err)
    _write_tasks(tasks, output, fmt)
    _note(f"wrote {len(tasks)} tasks to {output}")


@app.command("import", short_help="Read corrected labels back as training rows.")
def import_(
    corrected: Annotated[
        Path, typer.Argument(help="File exported by `stance export` and corrected in the tool.", metavar="CORRECTED")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Judgments JSONL to write (training schema).")],
    fmt: Annotated[ToolFormat, typer.Option("--format", help="label-studio, prodigy or doccano.")],
    split: Annotated[str, typer.Option(help="Split to give the rows.")] = "train",
) -> None:
    """Read corrected labels back as training rows {id, text, target, label, split, doc_id, start, end}."""
    fmt = fmt.value
    from stance.exchange import import_rows, is_completed

    try:
        text = corrected.read_text(encoding="utf-8")
        tasks = (
            json.loads(text)
            if fmt == "label-studio"
            else [json.loads(line) for line in text.split("\n") if line.strip()]  # JSON keeps U+2028 raw
        )
        rows = list(import_rows(tasks, fmt, split=split))
        completed = sum(is_completed(task, fmt) for task in tasks)
    except (StanceError, ValueError, KeyError) as err:
        _fail(StanceError(f"{corrected}: not a {fmt} export ({err})"))
    _write_tasks(rows, output, "jsonl")
    _note(
        f"wrote {len(rows)} rows to {output} from the {completed} of {len(tasks)} tasks a person completed "
        "(untouched and cancelled tasks are skipped)"
    )


def _write_tasks(items: list, output: Path, fmt: str) -> None:
    """Write the tasks whole, once serialised, so that a failure leaves no half-written file."""
    from stance.io import to_json

    # Label Studio imports a JSON array of tasks; the others one task a line
    text = to_json(items, indent=1) if fmt == "label-studio" else "".join(to_json(item) + "\n" for item in items)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")


@app.command(short_help="Version, default model, segmenter, packages and CPU.")
def info(
    as_json: Annotated[bool, typer.Option("--json", help="Print the description as JSON.")] = False,
) -> None:
    """What this installation uses: version, default model (path, weights sha256), segmenter, packages and CPU."""
    from stance.info import describe

    description = describe()
    if as_json:
        typer.echo(json.dumps(description, indent=2))
        return
    model = description["model"]
    typer.echo(f"policy-stance {description['stance']} (Python {description['python']})")
    typer.echo(f"model:     {model['path']} ({model['from']})")
    if model["built"]:
        typer.echo(
            f"           weights sha256 {model['weights_sha256']}; targets {', '.join(model['targets'])}; "
            f"confusion.json {'yes' if model['confusion'] else 'no'}; TF-IDF part {'yes' if model['tfidf'] else 'no'}; "
            f"runtime auto → {model['runtime']}"
        )
    else:
        typer.echo(f"           not built: {model['hint']}")
    typer.echo(f"segmenter: {description['segmenter']}")
    packages = ", ".join(f"{k} {v or 'not installed'}" for k, v in description["packages"].items())
    typer.echo(f"packages:  {packages}")
    cpu = description["cpu"]
    typer.echo(f"cpu:       {cpu['model'] or 'unknown'}; {' '.join(cpu['instructions']) or 'no AVX2'}")


@app.command(short_help="Regenerate a model directory's model card.")
def card(
    model: Annotated[Path, typer.Argument(help="Model directory written by `stance train`.", metavar="MODEL")],
) -> None:
    """Regenerate a model directory's README.md model card from its metrics and training files."""
    from stance.classify import check_model_dir
    from stance.model_card import write_model_card

    try:
        path = write_model_card(check_model_dir(model))
    except StanceError as err:
        _fail(err)
    _note(f"wrote {path}")


def main() -> None:
    app()
