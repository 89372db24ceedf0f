"""Compare authors' stances from saved annotations, with honest uncertainty. Needs numpy and pandas only.

Claims of one document are not independent, so every interval and test resamples **documents**:

- a profile's interval comes from a two-level bootstrap (documents of the author with replacement, then claims
  within each drawn document), so one long document gives a wide interval, not a confident one;
- a difference between two authors is tested by permuting whole documents between them.

Net stance is ``(favor − against) / (favor + against)``: +1 all support, −1 all opposition, NaN when no claim
takes a side (there is nothing to measure, and a 0 would claim neutrality).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotation import Annotation, annotations_to_frame
from stance.io import read_annotations

LABELS = ["favor", "against", "none"]
UNKNOWN_AUTHOR = "(unknown)"


def load_frame(annotations: str | Path | Iterable[Annotation | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (claim, target) from an annotations file or from records."""
    records = read_annotations(annotations) if isinstance(annotations, (str, Path)) else annotations
    return annotations_to_frame(records)


def net_stance(favor: float, against: float) -> float:
    """(favor − against) / (favor + against) in [−1, 1]; NaN when no claim takes a side.

    >>> net_stance(3, 1), net_stance(0, 0)
    (0.5, nan)
    """
    decided = favor + against
    return (favor - against) / decided if decided else float("nan")


def document_counts(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Label counts per (group, target, document): the unit every resampling below works on."""
    frame = frame.assign(**{by: frame[by].fillna(UNKNOWN_AUTHOR)})
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
) -> pd.DataFrame:
    """Every pair of groups: per target, the difference in net stance with a bootstrap interval and a permutation
    p-value (documents shuffled between the two groups); plus a row ``target="(all)"`` for the overall distance,
    the mean absolute difference in net stance over the targets both groups address (0 to 2).
    """
    counts = document_counts(frame, by=by)
    targets = sorted(counts["target"].unique())
    groups = sorted(counts[by].unique())
    rng = np.random.default_rng(seed)
    rows = []
    for a, b in combinations(groups, 2):
        per_target, replicate_diffs, permuted_diffs = [], [], []
        for target in targets:
            ca = counts[(counts[by] == a) & (counts["target"] == target)][LABELS].to_numpy()
            cb = counts[(counts[by] == b) & (counts["target"] == target)][LABELS].to_numpy()
            if not len(ca) or not len(cb):
                continue
            observed = net_stance(*ca.sum(axis=0)[:2]) - net_stance(*cb.sum(axis=0)[:2])
            boot = _net(_bootstrap(ca, n_boot, rng)) - _net(_bootstrap(cb, n_boot, rng))
            permuted = _permuted_differences(ca, cb, n_perm, rng)
            per_target.append(observed)
            replicate_diffs.append(boot)
            permuted_diffs.append(permuted)
            row = {"a": a, "b": b, "target": target}
            row.update(_with_interval("difference", observed, boot, ci))
            row["p_value"] = _p_value(observed, permuted)
            rows.append(row)
        if per_target:
            observed = _mean_abs(np.array(per_target)[:, None])[0]
            row = {"a": a, "b": b, "target": "(all)"}
            row.update(_with_interval("difference", observed, _mean_abs(np.array(replicate_diffs)), ci))
            row["p_value"] = _p_value(observed, _mean_abs(np.array(permuted_diffs)))
            rows.append(row)
    return pd.DataFrame(rows, columns=["a", "b", "target", "difference", "difference_low", "difference_high", "p_value"])


def _bootstrap(counts: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Label counts of ``n_boot`` two-level resamples: documents with replacement, then claims within each."""
    totals = counts.sum(axis=1)
    probs = counts / np.maximum(totals, 1)[:, None]
    drawn = rng.integers(0, len(counts), size=(n_boot, len(counts)))
    return rng.multinomial(totals[drawn], probs[drawn]).sum(axis=1)


def _permuted_differences(ca: np.ndarray, cb: np.ndarray, n_perm: int, rng: np.random.Generator) -> np.ndarray:
    pooled = np.concatenate([ca, cb])
    order = np.argsort(rng.random((n_perm, len(pooled))), axis=1)
    first = pooled[order[:, : len(ca)]].sum(axis=1)
    second = pooled[order[:, len(ca) :]].sum(axis=1)
    return _net(first) - _net(second)


def _shares(counts: np.ndarray, confusion: np.ndarray | None) -> np.ndarray:
    shares = counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1)
    return shares if confusion is None else correct_shares(shares, confusion)


def _net(counts_or_shares: np.ndarray) -> np.ndarray:
    favor, against = counts_or_shares[..., 0], counts_or_shares[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(favor + against > 0, (favor - against) / (favor + against), np.nan)


def _mean_abs(differences: np.ndarray) -> np.ndarray:
    """Mean absolute difference over targets (axis 0), ignoring targets undefined in a replicate."""
    with np.errstate(invalid="ignore"), np.testing.suppress_warnings() as sup:
        sup.filter(RuntimeWarning)
        return np.nanmean(np.abs(differences), axis=0)


def _p_value(observed: float, permuted: np.ndarray) -> float:
    """Two-sided permutation p-value, (1 + #as-extreme) / (1 + #permutations); NaN if the statistic is undefined."""
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
    per_target = metrics.get(split, {}).get("per_target", {})
    return {t: np.array(m["confusion"]["matrix"], dtype=float) for t, m in per_target.items()}


def author_summary(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Point estimates only (no resampling): a quick look at who says what."""
    return profiles(frame, by=by, n_boot=1)[[by, "target", "documents", "claims", "addressing", *LABELS, "net"]]


def order_groups(table: pd.DataFrame, *, by: str = "author") -> Sequence[str]:
    """Groups sorted by their mean net stance over targets, for plots and tables."""
    return list(table.groupby(by)["net"].mean().sort_values().index)
