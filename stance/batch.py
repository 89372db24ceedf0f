"""Batch annotation: files in, one JSON record per document out, in input order.

The plain function behind ``stance annotate``; it never prints (the progress bar goes to stderr, off when
stderr is not a terminal).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from stance.errors import OptionsError, StanceError
from stance.io import AnnotationWriter, input_files, read_file, run_header_path
from stance.options import AnnotateOptions, LoadOptions, ReadOptions
from stance.progress import tqdm_disable
from stance.segment import DEFAULT_PIPELINE

logger = logging.getLogger(__name__)
ENGINES = ("local", "ray")
# One unit of reading: a file, the id of a one-document file, and how many of its documents are already done.
FilePlan = tuple[Path, str, int]


@dataclass
class BatchSummary:
    """What a batch run did: counts, and the errors of documents that failed."""

    documents: int = 0
    claims: int = 0
    truncated: int = 0
    without_claims: int = 0  # read, but empty or too short to hold a claim
    repeated_ids: int = 0  # records whose doc_id an earlier one has: `stance compare` needs one id per document
    errors: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, record: Mapping[str, Any]) -> None:
        """Count one output record."""
        claims = record.get("claims") or []
        self.repeated_ids += record.get("doc_id") in self._ids
        self._ids.add(record.get("doc_id"))
        self.documents += 1
        self.claims += len(claims)
        self.without_claims += not claims and not record.get("error")
        self.truncated += sum(bool(c.get("truncated")) for c in claims)
        if record.get("error"):
            self.errors.append(record["error"])


def _check_output_is_not_input(output: Path, inputs: Sequence[str | Path]) -> None:
    """Refuse to write over an input, or into an input folder where the next run would read the output back."""
    target = output.resolve()
    for given in inputs:
        source = Path(given).resolve()
        if target == source or (source.is_dir() and source in target.parents):
            where = "is" if target == source else "is inside"
            raise OptionsError(
                f"the output {output} {where} the input {given}; writing it would destroy or re-read "
                "input. Choose an output path outside the inputs, e.g. -o annotations.jsonl"
            )


def annotate_files(
    inputs: Sequence[str | Path],
    output: str | Path,
    *,
    model: str | Path | None = None,
    targets: str | Path | Sequence[str] | None = None,
    nlp: str = DEFAULT_PIPELINE,
    text_key: str = "text",
    id_key: str = "id",
    author_key: str = "author",
    author: str | None = None,
    meta: Mapping[str, Any] | None = None,
    batch_size: int = 64,
    force: bool = False,
    resume: bool = False,
    retry_failed: bool = False,
    include_text: bool = False,
    runtime: str = "auto",
    tfidf: bool = True,
    engine: str = "local",
    workers: int | None = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Annotate every document in ``inputs`` and write JSON Lines to ``output``.

    Each record is written as one line and flushed, so an interrupted run (Ctrl-C, ``kill -9``) leaves complete
    records plus at most one partial line. ``resume=True`` checks the run header and that the records match the first
    inputs, then drops that partial line and continues after them. ``retry_failed=True`` (a resume that also redoes
    the documents whose records carry an error) writes the file anew, each redone record in its old place.
    ``progress=None`` shows a progress bar only when stderr is a terminal. ``engine="ray"`` reads and annotates on a Ray cluster (``workers`` actors; see :mod:`stance.ray_engine`) and
    writes the same records in the same order.

    >>> annotate_files(["examples/documents"], "out/examples.jsonl", force=True)  # doctest: +SKIP
    BatchSummary(documents=5, claims=155, truncated=0, without_claims=0, repeated_ids=0, errors=[])
    """
    from tqdm.auto import tqdm

    if engine not in ENGINES:
        raise StanceError(f"engine must be one of {ENGINES}, got {engine!r}")
    output = Path(output)
    _check_output_is_not_input(output, inputs)
    if output.exists() and not (force or resume or retry_failed):
        raise OptionsError(f"{output} exists; pass --force to overwrite it or --resume to continue an interrupted run")
    options = AnnotateOptions(
        read=ReadOptions(text_key=text_key, id_key=id_key, author_key=author_key, author=author, meta=dict(meta or {})),
        load=LoadOptions(model=model, targets=targets, nlp=nlp, batch_size=batch_size, runtime=runtime, tfidf=tfidf),
        include_text=include_text,
    )
    header = run_header(options)
    header_path = run_header_path(output)
    if (resume or retry_failed) and output.exists() and header_path.exists():
        _check_same_run(output, json.loads(header_path.read_text(encoding="utf-8")), header)  # before cutting anything
    if retry_failed:
        if engine != "local":
            raise StanceError("--retry-failed runs on the local engine; drop --engine ray for the retry")
        if not output.exists():
            raise StanceError(f"{output} does not exist: there is nothing to retry; run without --retry-failed")
        return _retry_failed(inputs, output, options, progress=progress)
    summary = BatchSummary()
    done, _, complete = _completed_records(output, summary) if resume and output.exists() else ([], [], 0)
    plan = _plan(inputs, done, output, options.read)  # raises if the records do not continue these inputs
    if resume and output.exists():
        with output.open("r+b") as handle:
            handle.truncate(complete)  # only now: a partial last line of a run being continued
    if engine == "ray":
        from stance.ray_engine import annotate_records

        records = annotate_records(plan, options, workers=workers)
    else:
        records = _annotate_locally(plan, options)
    if not done:
        header_path.parent.mkdir(parents=True, exist_ok=True)  # a new output folder, as AnnotationWriter makes it
        header_path.write_text(json.dumps(header, indent=2) + "\n")
    elif not header_path.exists():  # records from before run headers: nothing to check them against, nor to vouch for
        logger.warning(
            "%s has no run header (%s); resuming without checking that its records were made the same way",
            output,
            header_path.name,
        )
    with AnnotationWriter(output, append=bool(done)) as writer:
        for record in tqdm(records, desc="annotating", unit="doc", disable=tqdm_disable(progress)):
            writer.write(record)
            summary.add(record)
    return summary


def run_header(options: AnnotateOptions) -> dict[str, Any]:
    """What made a run's annotations, written beside them as ``<output>.run.json``: the package version, the model
    and its weights' sha256, the options that shape the records (:meth:`AnnotateOptions.record`) and the model's
    measured confusion, which `stance compare` corrects the shares with. ``--resume`` checks it."""
    from stance import __version__
    from stance.classify import default_model_dir
    from stance.quantify import CONFUSION_FILE
    from stance.runtime import WEIGHTS_FILE, choose_runtime, file_sha256
    from stance.segment import installed_pipeline
    from stance.tfidf import TFIDF_DIR

    model = options.load.model
    model_dir = Path(model) if model is not None else default_model_dir()
    confusion, weights = model_dir / CONFUSION_FILE, model_dir / WEIGHTS_FILE
    if not options.load.tfidf and (model_dir / TFIDF_DIR).is_dir():
        confusion = None  # it was measured with the TF-IDF part, and says nothing of the encoder alone's errors
    # About 0.1 s for the default model's 90 MB, once per run: what tells a retrained model from its old self.
    return {
        "stance_version": __version__,
        "model": str(model_dir.resolve()),
        "weights_sha256": file_sha256(weights) if weights.is_file() else None,
        "options": options.record(),
        # What `auto` picked here. torch and onnx both compute in fp32, so a resumed run may switch between them alone.
        "runtime_used": choose_runtime(model_dir) if options.load.runtime == "auto" else options.load.runtime,
        "segmenter_used": installed_pipeline(options.load.nlp),  # the official pipeline, its re-upload, or blank
        "confusion": json.loads(confusion.read_text()) if confusion is not None and confusion.exists() else None,
    }


_FP32_RUNTIMES = {"torch", "onnx"}


def _check_same_run(output: Path, before: Mapping[str, Any], now: Mapping[str, Any]) -> None:
    """Refuse to append records made differently from those already in ``output``, naming each difference."""
    old = {"model": before.get("model"), "weights_sha256": before.get("weights_sha256"), **before.get("options", {})}
    new = {"model": now["model"], "weights_sha256": now["weights_sha256"], **now["options"]}
    changed = [f"{key}={old.get(key)!r} before, {new[key]!r} now" for key in new if old.get(key) != new[key]]
    used = (before.get("runtime_used"), now["runtime_used"])
    if used[0] and used[0] != used[1] and not set(used) <= _FP32_RUNTIMES:  # int8 or bf16 labels differ from fp32's
        changed.append(f"runtime_used={used[0]!r} before, {used[1]!r} now")
    segmenter = (before.get("segmenter_used"), now["segmenter_used"])
    if segmenter[0] and segmenter[0] != segmenter[1]:  # the same text would be cut into other claims
        changed.append(f"segmenter_used={segmenter[0]!r} before, {segmenter[1]!r} now")
    if changed:
        raise OptionsError(
            f"cannot resume {output}: its records were made differently ({'; '.join(changed)}). "
            "Resume with the same model, options and spaCy pipeline, or pass --force to start over"
        )


def _retry_failed(
    inputs: Sequence[str | Path], output: Path, options: AnnotateOptions, *, progress: bool | None
) -> BatchSummary:
    """Rewrite ``output`` with its error records redone and its missing documents added, in input order."""
    from tqdm.auto import tqdm

    from stance.pipeline import load

    done, failed, _ = _completed_records(output, BatchSummary())
    with output.open(encoding="utf-8") as handle:  # where each failed record came from: a file, or a row of one
        sources = [json.loads(line).get("source") if redo else None for line, redo in zip(handle, failed)]
    replace: list[int | None] = [None] * len(done)  # how many fresh records take each old one's place (None: kept)

    def documents(*, counting: bool) -> Iterator:
        """The documents to annotate, in order; ``counting``: fill ``replace`` and check the kept ids instead."""
        position = 0
        for path, doc_id in input_files(inputs):
            items = read_file(path, doc_id, **options.read.as_kwargs())
            if position < len(done) and failed[position] and sources[position] == str(path):
                # The whole file had failed (a record file without its text column, say): all it holds now, maybe
                # nothing, takes that one record's place.
                if counting:
                    replace[position] = sum(1 for _ in items)
                else:
                    yield from items
                position += 1
                continue
            for item in items:
                if position < len(done) and not failed[position]:
                    if counting:
                        _check_continues(output, done[position], item.id)
                elif not counting:  # a failed document, redone in its place (fixing it may have changed its id), or new
                    yield item
                elif position < len(done):
                    replace[position] = 1
                position += 1
        if counting and position < len(done):
            _check_continues(output, done[position], None)

    for _ in documents(counting=True):  # reading twice keeps one document in memory at a time
        pass

    pipeline = load(**options.load.as_kwargs())
    fresh = (a.to_record(include_text=options.include_text) for a in pipeline.pipe(documents(counting=False)))

    def merged() -> Iterator[dict[str, Any]]:
        with output.open(encoding="utf-8") as handle:
            for line, count in zip(handle, replace):
                yield from [json.loads(line)] if count is None else (next(fresh) for _ in range(count))
        yield from fresh

    summary = BatchSummary()
    staging = output.with_name(output.name + ".retry")
    try:
        with AnnotationWriter(staging) as writer:
            for record in tqdm(merged(), desc="annotating", unit="doc", disable=tqdm_disable(progress)):
                writer.write(record)
                summary.add(record)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    os.replace(staging, output)  # the old file stays whole until the new one is
    return summary


def _annotate_locally(plan: Iterable[FilePlan], options: AnnotateOptions) -> Iterator[dict[str, Any]]:
    from stance.pipeline import load

    pipeline = load(**options.load.as_kwargs())  # now, so that a bad model or target fails before the output opens
    records = pipeline.pipe(_read_planned(plan, options.read))
    return (a.to_record(include_text=options.include_text) for a in records)


def _read_planned(plan: Iterable[FilePlan], read_options: ReadOptions) -> Iterator:
    """The documents of a plan, in order, without those already done."""
    kwargs = read_options.as_kwargs()
    return chain.from_iterable(read_file(path, doc_id, skip=skip, **kwargs) for path, doc_id, skip in plan)


def _plan(inputs: Sequence[str | Path], done: list[str], output: Path, read_options: ReadOptions) -> list[FilePlan]:
    """The files still to read; for a resumed run, check that ``done`` are the first inputs, in order, and skip them.

    Only the files that hold finished documents are read here, and each only as far as the last finished one.
    """
    plan: list[FilePlan] = []
    position = 0
    for path, doc_id in input_files(inputs):
        skip = 0
        if position < len(done):
            for item in read_file(path, doc_id, **read_options.as_kwargs()):
                if position == len(done):
                    break  # this file holds the first document still to do
                _check_continues(output, done[position], item.id)
                position += 1
                skip += 1
            else:
                continue  # every document of this file is done
        plan.append((path, doc_id, skip))
    if position < len(done):
        _check_continues(output, done[position], None)
    return plan


def _check_continues(output: Path, done_id: str, doc_id: str | None) -> None:
    if doc_id != done_id:  # appending would mix two runs' records (exit status 2 on the command line)
        raise OptionsError(
            f"{output} does not continue these inputs: it has {done_id!r} where the inputs give "
            f"{doc_id!r}; resume with the same inputs and options, or use --force to start over"
        )


def _completed_records(output: Path, summary: BatchSummary) -> tuple[list[str], list[bool], int]:
    """The doc ids of an interrupted run's complete records, whether each is an error record, and the bytes they
    take; counted into ``summary``. A partial last line (no line break) is left for the caller to cut, once the
    records are known to continue the inputs.

    Records are read one line at a time and only their ids are kept, so resuming a large run stays small in memory.
    """
    doc_ids, failed, complete = [], [], 0
    with output.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.endswith(b"\n"):
                break  # cut off mid-write
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                raise StanceError(
                    f"{output}:{number}: not an annotations record ({err}); use --force to start over"
                ) from err
            doc_ids.append(record.get("doc_id"))
            failed.append(bool(record.get("error")))
            complete += len(line)
            summary.add(record)
    return doc_ids, failed, complete
