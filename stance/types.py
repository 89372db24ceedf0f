"""The data model: small frozen records that cross every layer boundary.

Nothing here imports from the rest of :mod:`stance`, so every layer can depend on it.
Character offsets always index into :attr:`Document.text`, the text exactly as it was read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Literal

Label = Literal["favor", "against", "none"]
LABELS: tuple[Label, ...] = ("favor", "against", "none")


def frozen_mapping(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


class PicklableRecord:
    """Pickling, and so ``copy.deepcopy``, ``multiprocessing`` and joblib, for a record whose mappings are read-only
    views, which pickle cannot store: the record is rebuilt from its fields, the views passed as plain dicts."""

    def __reduce__(self) -> tuple[type, tuple]:
        values = (getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]
        return type(self), tuple(dict(v) if isinstance(v, MappingProxyType) else v for v in values)


@dataclass(frozen=True)
class Document(PicklableRecord):
    """A text to analyse, with who wrote it and where it came from."""

    id: str
    text: str
    author: str | None = None
    source: str = ""
    meta: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "meta", frozen_mapping(self.meta))


@dataclass(frozen=True)
class Claim:
    """A span of a document that can carry a stance: ``document.text[start:end] == text``."""

    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Target:
    """A policy the stance is taken toward; ``description`` documents it in reports and model cards."""

    id: str
    description: str


@dataclass(frozen=True)
class Stance(PicklableRecord):
    """The stance of one claim toward one target, with the probability of each label."""

    target: str
    label: Label
    probs: Mapping[Label, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "probs", frozen_mapping(self.probs))

    @property
    def score(self) -> float:
        """Probability of the predicted label."""
        return self.probs[self.label]


@dataclass(frozen=True)
class AnnotatedClaim(PicklableRecord):
    """A claim with its stance toward every target."""

    claim: Claim
    stances: Mapping[str, Stance]
    truncated: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "stances", frozen_mapping(self.stances))
