"""Compare authors' stances from saved annotations, with honest uncertainty. Needs numpy and pandas only.

Claims of one document are not independent, so every interval and test resamples **documents**:

- a profile's interval comes from a two-level bootstrap (documents of the author with replacement, then claims
  within each drawn document), so one long document gives a wide interval, not a confident one;
- a difference between two authors is tested by permuting whole documents between them.

Net stance is ``(favor − against) / (favor + against)``: +1 all support, −1 all opposition, NaN when no claim
takes a side (there is nothing to measure, and a 0 would claim neutrality).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotation import Annotation, annotations_to_frame
from stance.errors import StanceError
from stance.io import read_annotations
from stance.types import LABELS as TYPES_LABELS

LABELS = list(TYPES_LABELS)
UNKNOWN = "(unknown)"


def load_frame(annotations: str | Path | Iterable[Annotation | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (claim, target) from an annotations file or from records."""
    records = read_annotations(annotations) if isinstance(annotations, (str, Path)) else annotations
    return annotations_to_frame(records)


def net_stance(favor: float, against: float) -> float:
    """(favor − against) / (favor + against) in [−1, 1]; NaN when no claim takes a side.

    >>> net_stance(3, 1), net_stance(0, 0)
    (0.5, nan)
    """
    return float(_net(np.array([favor, against], dtype=float)))


def document_counts(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Label counts per (group, target, document): the unit every resampling below works on."""
    _check_column(frame, by)
    frame = frame.assign(**{by: frame[by].fillna(UNKNOWN)})
    counts = frame.groupby([by, "target", "doc_id", "label"]).size().unstack("label", fill_value=0)
    return counts.reindex(columns=LABELS, fill_value=0).reset_index()


def correct_shares(shares: np.ndarray, confusion: np.ndarray) -> np.ndarray:
    """Undo classifier error: the true label shares p with ``M.T @ p ≈ shares``, where ``M[i, j]`` = P(predicted j | true i).

    ``confusion`` holds counts (rows true, columns predicted, in favor/against/none order), e.g. from the model's dev
    split. Solved by non-negative least squares and renormalised ("adjusted classify and count"). Works on the last
    axis, so ``shares`` may be a stack of bootstrap replicates.

    >>> confusion = np.array([[8, 0, 2], [0, 10, 0], [0, 0, 10]])  # a fifth of favor claims are missed as none
    >>> correct_shares(np.array([0.4, 0.1, 0.5]), confusion).round(2).tolist()
    [0.5, 0.1, 0.4]
    """
    from scipy.optimize import nnls

    rates = np.asarray(confusion, dtype=float)
    rates = rates / np.maximum(rates.sum(axis=1, keepdims=True), 1)
    flat = np.asarray(shares, dtype=float).reshape(-1, len(LABELS))
    corrected = np.array([nnls(rates.T, row)[0] for row in flat])
    corrected /= np.maximum(corrected.sum(axis=1, keepdims=True), 1e-12)
    return corrected.reshape(np.shape(shares))


def profiles(
    frame: pd.DataFrame,
    *,
    by: str = "author",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    confusion: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Stance profile per group × target: label shares and net stance, each with a bootstrap interval.

    ``confusion`` maps target ids to a confusion matrix (see :func:`correct_shares`) to correct for classifier error.

    >>> rows = [{"doc_id": "d", "author": "A", "target": "sanctions", "label": "favor"}] * 3
    >>> profiles(pd.DataFrame(rows), n_boot=100)[["author", "net", "net_low", "net_high"]].to_dict("records")
    [{'author': 'A', 'net': 1.0, 'net_low': 1.0, 'net_high': 1.0}]
    """
    rng = np.random.default_rng(seed)
    rows = []
    for (group, target), part in document_counts(frame, by=by).groupby([by, "target"], sort=True):
        counts = part[LABELS].to_numpy()
        matrix = None if confusion is None else confusion.get(target)
        point = _shares(counts.sum(axis=0, keepdims=True), matrix)[0]
        replicates = _shares(_bootstrap(counts, n_boot, rng), matrix)
        row = {by: group, "target": target, "documents": len(counts), "claims": int(counts.sum()),
               "addressing": int(counts[:, :2].sum())}
        row.update(_with_interval("net", _net(point[None])[0], _net(replicates), ci))
        for i, label in enumerate(LABELS):
            row.update(_with_interval(label, point[i], replicates[:, i], ci))
        rows.append(row)
    return pd.DataFrame(rows)


def compare_groups(
    frame: pd.DataFrame,
    *,
    by: str = "author",
    n_boot: int = 2000,
    n_perm: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    confusion: Mapping[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Every pair of groups: per target, the difference in net stance with a bootstrap interval and a permutation
    p-value (documents shuffled between the two groups); plus a row ``target="(all)"`` for the overall distance,
    the mean absolute difference in net stance over the targets both groups address (0 to 2).

    Each replicate draws one resample (or one permutation) of documents and applies it to every target, since the
    same documents carry all targets.
    """
    _check_column(frame, by)
    counts = document_counts(frame, by=by)
    targets = sorted(counts["target"].unique())
    rng = np.random.default_rng(seed)
    rows = []
    for a, b in combinations(sorted(counts[by].unique()), 2):
        ca, cb = _aligned(counts, by, a, targets), _aligned(counts, by, b, targets)  # (documents, targets, 3)
        draw_a = rng.integers(0, len(ca), size=(n_boot, len(ca)))
        draw_b = rng.integers(0, len(cb), size=(n_boot, len(cb)))
        order = np.argsort(rng.random((n_perm, len(ca) + len(cb))), axis=1)
        pooled = np.concatenate([ca, cb])
        observed, boot, permuted = [], [], []
        for j, target in enumerate(targets):
            matrix = None if confusion is None else confusion.get(target)
            net_a = _net(_shares(ca[:, j].sum(axis=0, keepdims=True), matrix))[0]
            net_b = _net(_shares(cb[:, j].sum(axis=0, keepdims=True), matrix))[0]
            observed.append(net_a - net_b)
            boot.append(_net(_shares(_resample(ca[:, j], draw_a, rng), matrix))
                        - _net(_shares(_resample(cb[:, j], draw_b, rng), matrix)))
            first = pooled[order[:, : len(ca)], j].sum(axis=1)
            second = pooled[order[:, len(ca) :], j].sum(axis=1)
            permuted.append(_net(_shares(first, matrix)) - _net(_shares(second, matrix)))
            if np.isnan(net_a) or np.isnan(net_b):
                continue  # one of the two never takes a side on this target: nothing to compare
            row = {"a": a, "b": b, "target": target}
            row.update(_with_interval("difference", observed[-1], boot[-1], ci))
            row["p_value"] = _p_value(observed[-1], permuted[-1])
            rows.append(row)
        overall = _mean_abs(np.array(observed)[:, None])[0]
        if not np.isnan(overall):
            row = {"a": a, "b": b, "target": "(all)"}
            row.update(_with_interval("difference", overall, _mean_abs(np.array(boot)), ci))
            row["p_value"] = _p_value(overall, _mean_abs(np.array(permuted)))
            rows.append(row)
    return pd.DataFrame(rows, columns=["a", "b", "target", "difference", "difference_low", "difference_high", "p_value"])


def _aligned(counts: pd.DataFrame, by: str, group: str, targets: Sequence[str]) -> np.ndarray:
    """Label counts of ``group``'s documents as ``(documents, targets, 3)``; zeros where a document lacks a target."""
    part = counts[counts[by] == group]
    docs = sorted(part["doc_id"].unique())
    out = np.zeros((len(docs), len(targets), len(LABELS)))
    doc_index, target_index = {d: i for i, d in enumerate(docs)}, {t: j for j, t in enumerate(targets)}
    for row in part.itertuples(index=False):
        record = row._asdict()
        out[doc_index[record["doc_id"]], target_index[record["target"]]] = [record[x] for x in LABELS]
    return out


def _bootstrap(counts: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Label counts of ``n_boot`` two-level resamples: documents with replacement, then claims within each.

    Resampling both levels is conservative (it counts within-document variation on top of the between-document
    variation that document resampling already carries), and that is the point: resampling documents alone gives
    an author of one document a zero-width interval, however mixed its claims.
    """
    return _resample(counts, rng.integers(0, len(counts), size=(n_boot, len(counts))), rng)


def _resample(counts: np.ndarray, drawn: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Counts of the documents ``drawn`` (replicates × documents), their claims resampled within each document."""
    totals = counts.sum(axis=1).astype(int)
    probs = counts / np.maximum(totals, 1)[:, None]
    return rng.multinomial(totals[drawn], probs[drawn]).sum(axis=1)


def _shares(counts: np.ndarray, confusion: np.ndarray | None) -> np.ndarray:
    shares = counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1)
    return shares if confusion is None else correct_shares(shares, confusion)


def _net(counts_or_shares: np.ndarray) -> np.ndarray:
    favor, against = counts_or_shares[..., 0], counts_or_shares[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(favor + against > 0, (favor - against) / (favor + against), np.nan)


def _mean_abs(differences: np.ndarray) -> np.ndarray:
    """Mean absolute difference over targets (axis 0), ignoring targets undefined in a replicate."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a replicate where no target is defined is NaN, as it should be
        return np.nanmean(np.abs(differences), axis=0)


def _p_value(observed: float, permuted: np.ndarray) -> float:
    """Two-sided permutation p-value, (1 + #as-extreme) / (1 + #permutations), over the permutations where the
    statistic is defined; NaN if it is undefined."""
    permuted = permuted[~np.isnan(permuted)]
    if np.isnan(observed):
        return float("nan")
    extreme = np.abs(permuted) >= abs(observed) - 1e-12
    return float((1 + extreme.sum()) / (1 + len(permuted)))


def _with_interval(name: str, point: float, replicates: np.ndarray, ci: float) -> dict[str, float]:
    finite = replicates[~np.isnan(replicates)]
    if np.isnan(point) or not len(finite):
        low = high = float("nan")
    else:
        low, high = np.quantile(finite, [(1 - ci) / 2, (1 + ci) / 2])
    return {name: float(point), f"{name}_low": float(low), f"{name}_high": float(high)}


def confusion_from_metrics(metrics: Mapping[str, Any], *, split: str = "dev") -> dict[str, np.ndarray]:
    """Per-target confusion matrices from a model's ``metrics.json``, for :func:`profiles`' correction."""
    scores = metrics.get(split, {})
    # metrics.json holds scores per origin; correct with real prose's confusion when the model has it.
    scores = scores.get("real") or scores.get("all") or scores
    per_target = scores.get("per_target", {})
    if not per_target:
        raise StanceError(f"the model's metrics.json has no per-target {split} scores to correct with; "
                          f"train it with a {split} split (stance train --eval-split {split})")
    return {t: np.array(m["confusion"]["matrix"], dtype=float) for t, m in per_target.items()}


def _check_column(frame: pd.DataFrame, by: str) -> None:
    if by not in frame.columns:
        raise StanceError(f"cannot group by {by!r}: the annotations have {sorted(frame.columns)}; use --by author")


def author_summary(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Point estimates only (no resampling): a quick look at who says what."""
    return profiles(frame, by=by, n_boot=1)[[by, "target", "documents", "claims", "addressing", *LABELS, "net"]]


def order_groups(table: pd.DataFrame, *, by: str = "author") -> Sequence[str]:
    """Groups sorted by their mean net stance over targets, for plots and tables."""
    return list(table.groupby(by)["net"].mean().sort_values().index)
