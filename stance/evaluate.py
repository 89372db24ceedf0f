"""Stance metrics as pure functions: precision/recall/F1 per label, macro-F1, F_avg, confusion matrices, ECE.

F_avg is the SemEval-2016 Task 6 metric: the mean of F1(favor) and F1(against), computed on the pooled data
(``none`` counts only through the precision and recall of the other two labels).
"""

from __future__ import annotations

from collections.abc import Sequence
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
