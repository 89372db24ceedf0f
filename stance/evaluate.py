"""Stance metrics as pure functions: precision/recall/F1 per label, macro-F1, F_avg, confusion matrices, ECE.

F_avg is the SemEval-2016 Task 6 metric: the mean of F1(favor) and F1(against), computed on the pooled data
(``none`` counts only through the precision and recall of the other two labels).

A test split's macro-F1 is an estimate: :func:`bootstrap_macro_f1` gives its interval, and each system's difference
from a reference on the same resamples, resampling whole documents (claims of one document are not independent).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from stance.types import LABELS


def score(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    *,
    targets: Sequence[str] | None = None,
    probs: np.ndarray | None = None,
    n_bins: int = 10,
) -> dict[str, Any]:
    """All metrics, pooled and per target. ``probs`` has shape ``(n, 3)`` in :data:`LABELS` order.

    >>> round(score(["favor", "against", "none"], ["favor", "against", "favor"])["f_avg"], 4)
    0.8333
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true and y_pred must have the same length, got {len(y_true)} and {len(y_pred)}")
    result = _label_scores(list(y_true), list(y_pred), probs, n_bins)
    if targets is not None:
        t = np.asarray(targets)
        yt, yp = np.asarray(y_true), np.asarray(y_pred)
        result["per_target"] = {
            target: _label_scores(
                list(yt[t == target]), list(yp[t == target]), None if probs is None else probs[t == target], n_bins
            )
            for target in dict.fromkeys(targets)
        }
    return result


def expected_calibration_error(probs: np.ndarray, y_true: Sequence[str], *, n_bins: int = 10) -> float:
    """Confidence-binned ECE of the top label, with equal-width bins (Guo et al. 2017)."""
    probs = np.asarray(probs, dtype=float)
    if len(probs) == 0:
        return float("nan")
    confidence = probs.max(axis=1)
    correct = np.array([LABELS[i] for i in probs.argmax(axis=1)]) == np.asarray(y_true)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


def _label_scores(y_true: list[str], y_pred: list[str], probs: np.ndarray | None, n_bins: int) -> dict[str, Any]:
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(LABELS), zero_division=0
    )
    per_label = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support)
    }
    result: dict[str, Any] = {
        "n": len(y_true),
        "accuracy": float(np.mean(np.asarray(y_true) == np.asarray(y_pred))) if y_true else float("nan"),
        "macro_f1": float(np.mean(f1)),
        "f_avg": float((f1[0] + f1[1]) / 2),
        "labels": per_label,
        "confusion": {
            "labels": list(LABELS),
            "matrix": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist() if y_true else [],
        },
    }
    if probs is not None:
        result["ece"] = expected_calibration_error(probs, y_true, n_bins=n_bins)
    return result


def bootstrap_macro_f1(
    y_true: Sequence[str],
    predictions: Mapping[str, Sequence[str]],
    groups: Sequence[Hashable],
    *,
    reference: str | None = None,
    n_resamples: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> dict[str, Any]:
    """Macro-F1 of each system in ``predictions`` with a percentile bootstrap interval, resampling whole ``groups``
    (documents: claims of one document are not independent evidence), and, given a ``reference`` system, each other
    system's difference from it on the same resamples (paired, so what both get right or wrong cancels).

    Returns ``{"systems": {name: {"macro_f1", "low", "high"}}, "differences": {name: {"difference", "low", "high"}},
    "n_groups", "n_resamples", "ci"}`` (differences are ``reference`` minus ``name``, empty without a reference). The
    interval describes resampling the test documents, not retraining the model: a seed's spread comes on top. It is
    a percentile interval, so with a skewed bootstrap distribution (a rare label held by few documents) the point
    estimate can sit near, and in principle outside, one end.

    >>> gold = ["favor", "none", "against", "none"] * 10
    >>> result = bootstrap_macro_f1(gold, {"model": gold, "always none": ["none"] * 40}, range(40),
    ...                             reference="model", n_resamples=200)
    >>> result["systems"]["model"]
    {'macro_f1': 1.0, 'low': 1.0, 'high': 1.0}
    >>> lead = result["differences"]["always none"]
    >>> round(result["systems"]["always none"]["macro_f1"], 3), round(lead["difference"], 3)
    (0.222, 0.778)
    >>> 0.7 < lead["low"] < 0.778 < lead["high"] < 0.9
    True
    """
    from scipy.stats import bootstrap

    names = list(predictions)
    if not names:
        raise ValueError("predictions is empty; pass {system name: predicted labels}")
    if reference is not None and reference not in predictions:
        raise ValueError(f"reference {reference!r} is not one of the systems {names}")
    n = len(y_true)
    for name in names:
        if len(predictions[name]) != n:
            raise ValueError(
                f"predictions[{name!r}] has {len(predictions[name])} labels for {n} gold labels; give one per row"
            )
    if len(groups) != n:
        raise ValueError(f"groups has {len(groups)} entries for {n} rows; give each row its document's id")
    unknown = sorted({str(x) for labels in (y_true, *predictions.values()) for x in labels} - set(LABELS))
    if unknown:
        raise ValueError(f"labels must be among {list(LABELS)}, got {unknown}")
    # Groups in the order of their names, so the resamples do not depend on the rows' order.
    position = {g: i for i, g in enumerate(sorted(dict.fromkeys(groups), key=str))}
    group = np.array([position[g] for g in groups], dtype=int)
    n_groups = len(position)
    if n_groups < 2:
        raise ValueError(f"resampling needs at least 2 groups (documents), got {n_groups}")
    code = {label: i for i, label in enumerate(LABELS)}
    gold = np.array([code[label] for label in y_true])
    # One 3x3 confusion matrix per system and group: a resample's matrix is the sum of its groups' matrices.
    counts = np.stack(
        [
            np.bincount(
                (group * 3 + gold) * 3 + np.array([code[label] for label in predictions[name]]),
                minlength=n_groups * 9,
            ).reshape(n_groups, 3, 3)
            for name in names
        ]
    )
    others = [i for i, name in enumerate(names) if name != reference]

    def statistic(chosen: np.ndarray) -> np.ndarray:
        f1 = _macro_f1(counts[:, chosen].sum(axis=1))
        if reference is None:
            return f1
        return np.concatenate([f1, f1[names.index(reference)] - f1[others]])

    result = bootstrap(
        (np.arange(n_groups),),
        statistic,
        vectorized=False,
        n_resamples=n_resamples,
        confidence_level=ci,
        method="percentile",
        rng=np.random.default_rng(seed),
    )
    point = statistic(np.arange(n_groups))
    low, high = result.confidence_interval
    bounds = [(float(point[i]), float(low[i]), float(high[i])) for i in range(len(point))]
    systems = {name: dict(zip(("macro_f1", "low", "high"), bounds[i])) for i, name in enumerate(names)}
    differences = {}
    if reference is not None:  # the differences follow the systems in the statistic's output
        for k, j in enumerate(others):
            differences[names[j]] = dict(zip(("difference", "low", "high"), bounds[len(names) + k]))
    return {
        "systems": systems,
        "differences": differences,
        "n_groups": n_groups,
        "n_resamples": n_resamples,
        "ci": ci,
    }


def _macro_f1(confusion: np.ndarray) -> np.ndarray:
    """Macro-F1 over :data:`LABELS` of each ``(..., 3, 3)`` confusion matrix (rows true), F1 0 where undefined, as
    :func:`score` counts it."""
    hits = np.diagonal(confusion, axis1=-2, axis2=-1)
    totals = confusion.sum(axis=-1) + confusion.sum(axis=-2)  # true + predicted = 2 TP + FP + FN
    f1 = np.divide(2 * hits, totals, out=np.zeros(hits.shape), where=totals > 0)
    return f1.mean(axis=-1)
