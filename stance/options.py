"""The options of one annotation run, as one frozen record passed end to end (batch, Ray actors, run header).

What shapes the records (how documents are read, which model, targets, segmenter and runtime, whether texts are
kept) is written beside the output as the run header, and ``--resume`` compares it field by field.

>>> options = AnnotateOptions(read=ReadOptions(author="Kim"), load=LoadOptions(nlp="blank"))
>>> options.record()["author"], options.record()["nlp"]
('Kim', 'blank')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stance.segment import DEFAULT_PIPELINE


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read (see :func:`stance.io.read_file`); ``meta`` is added to every document's metadata."""

    text_key: str = "text"
    id_key: str = "id"
    author_key: str = "author"
    author: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "text_key": self.text_key,
            "id_key": self.id_key,
            "author_key": self.author_key,
            "author": self.author,
            "meta": dict(self.meta),
        }


@dataclass(frozen=True)
class LoadOptions:
    """Which model, targets, segmenter and runtime annotate (see :func:`stance.pipeline.load`)."""

    model: str | Path | None = None
    targets: str | Path | Sequence[str] | None = None
    nlp: str = DEFAULT_PIPELINE
    batch_size: int = 64
    runtime: str = "auto"
    tfidf: bool = True

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "targets": self.targets,
            "nlp": self.nlp,
            "batch_size": self.batch_size,
            "runtime": self.runtime,
            "tfidf": self.tfidf,
        }


@dataclass(frozen=True)
class AnnotateOptions:
    """Everything about a run that shapes its records."""

    read: ReadOptions = field(default_factory=ReadOptions)
    load: LoadOptions = field(default_factory=LoadOptions)
    include_text: bool = False

    def record(self) -> dict[str, Any]:
        """The options as the run header stores them (JSON values; the batch size changes no record, so is left out)."""
        targets = self.load.targets
        chosen = list(targets) if isinstance(targets, (list, tuple)) else targets and str(targets)
        return {
            "targets": chosen,
            "nlp": self.load.nlp,
            "runtime": self.load.runtime,
            "tfidf": self.load.tfidf,
            "include_text": self.include_text,
            **self.read.as_kwargs(),
        }
