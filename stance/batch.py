"""Batch annotation: files in, one JSON record per document out, in input order.

The plain function behind ``stance annotate``; it never prints (the progress bar goes to stderr, off when
stderr is not a terminal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stance.errors import StanceError
from stance.io import AnnotationWriter, read_documents
from stance.pipeline import load
from stance.segment import DEFAULT_PIPELINE


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
    progress: bool | None = None,
) -> BatchSummary:
    """Annotate every document in ``inputs`` and write JSON Lines to ``output``.

    ``progress=None`` shows a progress bar only when stderr is a terminal.

    >>> annotate_files(["examples/documents"], "out/examples.jsonl", force=True)  # doctest: +SKIP
    BatchSummary(documents=5, claims=158, truncated=0, errors=[])
    """
    from tqdm.auto import tqdm

    output = Path(output)
    if output.exists() and not force:
        raise StanceError(f"{output} exists; pass --force (force=True) to overwrite it")
    pipeline = load(model, targets=targets, nlp=nlp, batch_size=batch_size)
    documents = read_documents(inputs, text_key=text_key, id_key=id_key, author_key=author_key, author=author)
    summary = BatchSummary()
    with AnnotationWriter(output) as writer:
        for annotation in tqdm(pipeline.pipe(documents), desc="annotating", unit="doc", disable=_disabled(progress)):
            writer.write(annotation.to_record())
            summary.documents += 1
            summary.claims += len(annotation.claims)
            summary.truncated += sum(c.truncated for c in annotation.claims)
            if annotation.error:
                summary.errors.append(annotation.error)
    return summary


def _disabled(progress: bool | None) -> bool | None:
    # tqdm's disable=None means "off when not a terminal", spaCy's convention for CLI progress.
    return None if progress is None else not progress
