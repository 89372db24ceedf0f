"""Batch annotation: files in, one JSON record per document out, in input order.

The plain function behind ``stance annotate``; it never prints (the progress bar goes to stderr, off when
stderr is not a terminal).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stance.errors import StanceError
from stance.io import AnnotationWriter, ReadFailure, read_documents
from stance.pipeline import load
from stance.segment import DEFAULT_PIPELINE
from stance.types import Document


@dataclass
class BatchSummary:
    """What a batch run did: counts, and the errors of documents that failed."""

    documents: int = 0
    claims: int = 0
    truncated: int = 0
    errors: list[str] = field(default_factory=list)


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
    batch_size: int = 64,
    force: bool = False,
    resume: bool = False,
    include_text: bool = False,
    runtime: str = "torch",
    progress: bool | None = None,
) -> BatchSummary:
    """Annotate every document in ``inputs`` and write JSON Lines to ``output``.

    Each record is written as one line and flushed, so an interrupted run (Ctrl-C, ``kill -9``) leaves complete
    records plus at most one partial line. ``resume=True`` drops that partial line, checks that the records match
    the first inputs, and continues after them. ``progress=None`` shows a progress bar only when stderr is a terminal.

    >>> annotate_files(["examples/documents"], "out/examples.jsonl", force=True)  # doctest: +SKIP
    BatchSummary(documents=5, claims=158, truncated=0, errors=[])
    """
    from tqdm.auto import tqdm

    output = Path(output)
    if output.exists() and not (force or resume):
        raise StanceError(f"{output} exists; pass --force to overwrite it or --resume to continue an interrupted run")
    pipeline = load(model, targets=targets, nlp=nlp, batch_size=batch_size, runtime=runtime)
    documents = read_documents(inputs, text_key=text_key, id_key=id_key, author_key=author_key, author=author)
    summary = BatchSummary()
    done = _completed_records(output, summary) if resume and output.exists() else []
    if done:
        documents = _skip_done(documents, done, output)
    with AnnotationWriter(output, append=bool(done)) as writer:
        for annotation in tqdm(pipeline.pipe(documents), desc="annotating", unit="doc", disable=_disabled(progress)):
            writer.write(annotation.to_record(include_text=include_text))
            summary.documents += 1
            summary.claims += len(annotation.claims)
            summary.truncated += sum(c.truncated for c in annotation.claims)
            if annotation.error:
                summary.errors.append(annotation.error)
    return summary


def _completed_records(output: Path, summary: BatchSummary) -> list[str]:
    """The doc ids of an interrupted run's complete records, counted into ``summary``; a partial last line is cut.

    Records are read one line at a time and only their ids are kept, so resuming a large run stays small in memory.
    """
    with output.open("rb") as handle:
        size = handle.seek(0, 2)
        complete, end = 0, size
        while end > 0:  # search backwards, a block at a time, for the last line break
            start = max(0, end - (1 << 20))
            handle.seek(start)
            newline = handle.read(end - start).rfind(b"\n")
            if newline >= 0:
                complete = start + newline + 1
                break
            end = start
    if complete != size:
        with output.open("r+b") as handle:
            handle.truncate(complete)
    doc_ids = []
    with output.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise StanceError(
                    f"{output}:{number}: not an annotations record ({err.msg}); use --force to start over"
                ) from err
            doc_ids.append(record.get("doc_id"))
            claims = record.get("claims") or []
            summary.documents += 1
            summary.claims += len(claims)
            summary.truncated += sum(bool(c.get("truncated")) for c in claims)
            if record.get("error"):
                summary.errors.append(record["error"])
    return doc_ids


def _skip_done(documents: Iterator[Document | ReadFailure], done: list[str], output: Path) -> Iterator:
    """Skip the inputs already in ``output``, checking that they are the same documents in the same order."""
    for done_id in done:
        item = next(documents, None)
        doc_id = None if item is None else item.id
        if doc_id != done_id:
            raise StanceError(
                f"{output} does not continue these inputs: it has {done_id!r} where the inputs give "
                f"{doc_id!r}; resume with the same inputs and options, or use --force to start over"
            )
    return documents


def _disabled(progress: bool | None) -> bool | None:
    # tqdm's disable=None means "off when not a terminal", spaCy's convention for CLI progress.
    return None if progress is None else not progress
