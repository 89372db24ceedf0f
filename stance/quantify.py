"""Correct label shares for classifier error: adjusted and probabilistic adjusted classify-and-count.

A classifier that misses a fifth of the favour claims reports too few of them, and one that reads some neutral claims
as favour reports too many, so counting its labels measures the classifier as much as the author. With the classifier's
confusion measured on labelled claims, ``rates[i, j]`` = the chance that a claim whose true label is ``i`` is given
``j`` (or, for probabilities, the mean probability of ``j``), the shares it reports are ``φ = ratesᵀ θ``, and the true
shares ``θ`` are recovered by solving that system by non-negative least squares, then renormalising: ACC for labels,
PACC for probabilities (Forman 2008; Bella et al. 2010). The confusion is itself estimated from a finite test set,
so :meth:`Confusion.draw` samples it from its posterior (each row Dirichlet(counts + ½)) and every posterior draw of
the shares is corrected with its own confusion; the intervals carry that uncertainty too.

Only numpy and scipy: quapy's estimators need the classifier and its training data in the process, while here the
classifier is a transformer and only its measured confusion travels with the annotations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import StanceError
from stance.types import LABELS

CONFUSION_FILE = "confusion.json"
# A confusion row measured on fewer labelled claims than this is too uncertain to correct with by default: with 8
# claims a recall of 0/8 is compatible with anything from 0 to 0.3, and inverting it turns noise into shares.
MIN_ROW_CLAIMS = 20


@dataclass(frozen=True)
class Confusion:
    """A classifier's measured error per target: ``labels[target][i, j]`` counts claims of true label ``i`` given
    label ``j``; ``probabilities[target][i, j]`` sums their probabilities of ``j``. Rows and columns are in
    favor, against, none order; ``source`` says what it was measured on.

    >>> confusion = Confusion.from_predictions(["t"] * 4, ["favor", "favor", "none", "none"],
    ...                                        np.array([[.8, .1, .1], [.2, .1, .7], [.1, 0, .9], [0, 0, 1]]))
    >>> confusion.labels["t"].tolist()
    [[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 0.0, 2.0]]
    """

    labels: Mapping[str, np.ndarray]
    probabilities: Mapping[str, np.ndarray]
    source: str = ""
    targets: Sequence[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(sorted(self.labels)))

    @classmethod
    def from_predictions(
        cls, targets: Sequence[str], gold: Sequence[str], probs: np.ndarray, *, source: str = ""
    ) -> Confusion:
        """Measure the confusion from each (claim, target) row's true label and predicted probabilities."""
        probs = np.asarray(probs, dtype=float)
        hard: dict[str, np.ndarray] = {}
        soft: dict[str, np.ndarray] = {}
        for target, label, row in zip(targets, gold, probs):
            i = LABELS.index(label)
            hard.setdefault(target, np.zeros((3, 3)))[i, int(row.argmax())] += 1
            soft.setdefault(target, np.zeros((3, 3)))[i] += row
        return cls(hard, soft, source)

    def counts(self, target: str, kind: str) -> np.ndarray:
        """The matrix for ``target`` of ``kind`` "labels" or "probabilities"."""
        table = self.labels if kind == "labels" else self.probabilities
        if target not in table:
            raise StanceError(
                f"the confusion ({self.source or 'no source'}) has no target {target!r}; it has "
                f"{list(self.targets)}. Annotate with the model it was measured on, or use --method cc"
            )
        return table[target]

    def thin_rows(self, min_claims: int = MIN_ROW_CLAIMS, targets: Iterable[str] | None = None) -> list[str]:
        """``"target/label (n)"`` for every true label measured on fewer than ``min_claims`` claims (of ``targets``
        only, if given)."""
        wanted = set(self.targets if targets is None else targets)
        chosen = [t for t in self.targets if t in wanted]
        return [
            f"{t}/{label} ({int(n)})"
            for t in chosen
            for label, n in zip(LABELS, self.labels[t].sum(axis=1))
            if n < min_claims
        ]

    def draw(self, target: str, kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
        """``size`` confusion rate matrices ``(size, 3, 3)`` from the posterior of each row, Dirichlet(counts + ½)."""
        counts = self.counts(target, kind)
        return np.stack([rng.dirichlet(row + 0.5, size=size) for row in counts], axis=1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "labels_order": list(LABELS),
            "targets": {
                t: {
                    "labels": self.labels[t].round(6).tolist(),
                    "probabilities": self.probabilities[t].round(6).tolist(),
                }
                for t in self.targets
            },
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Confusion:
        if list(record.get("labels_order", LABELS)) != list(LABELS):
            raise StanceError(f"a confusion must order its labels {list(LABELS)}, got {record.get('labels_order')}")
        targets = record.get("targets") or {}
        return cls(
            {t: np.array(m["labels"], dtype=float) for t, m in targets.items()},
            {t: np.array(m["probabilities"], dtype=float) for t, m in targets.items()},
            str(record.get("source", "")),
        )


def read_confusion(path: str | Path) -> Confusion:
    """The confusion in a model directory (its ``confusion.json``) or in a JSON file of that form."""
    path = Path(path)
    file = path / CONFUSION_FILE if path.is_dir() else path
    if not file.exists():
        raise StanceError(
            f"{file} not found; pass a model directory trained with a test split (stance train "
            "--test-split test) or its confusion.json"
        )
    try:
        return Confusion.from_dict(json.loads(file.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise StanceError(
            f"{file} is not a confusion ({err!r}); re-run `stance train` to measure it again, or use --method cc"
        ) from err


def rates(counts: np.ndarray) -> np.ndarray:
    """Row-normalised confusion: P(given j | true i); a row with no claims stays zero."""
    counts = np.asarray(counts, dtype=float)
    return counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1e-12)


def correct_shares(shares: np.ndarray, rate_matrices: np.ndarray) -> np.ndarray:
    """True label shares θ with ``rates.T @ θ ≈ shares``, θ ≥ 0, summing to 1.

    ``shares`` is ``(3,)`` or ``(n, 3)``; ``rate_matrices`` one ``(3, 3)`` matrix or one per row ``(n, 3, 3)``.

    >>> rates_ = np.array([[.8, 0, .2], [0, 1, 0], [0, 0, 1]])  # a fifth of favour claims are missed as none
    >>> correct_shares(np.array([0.4, 0.1, 0.5]), rates_).round(2).tolist()
    [0.5, 0.1, 0.4]
    """
    from scipy.optimize import nnls

    shares = np.asarray(shares, dtype=float)
    flat = shares.reshape(-1, len(LABELS))
    matrices = np.broadcast_to(np.asarray(rate_matrices, dtype=float), (len(flat), len(LABELS), len(LABELS)))
    corrected = np.array([nnls(m.T, row)[0] for m, row in zip(matrices, flat)])
    corrected /= np.maximum(corrected.sum(axis=1, keepdims=True), 1e-12)
    return corrected.reshape(shares.shape)
