"""Stance over time: each group's net stance per period, and a smoothed trend with its band. No torch, no spaCy.

A period's own estimate uses that period's documents (:func:`stance.compare.estimate_cell`). The trend at a period
weighs every document of the group by a Gaussian kernel of its distance in time, ``exp(−½ (Δ / bandwidth)²)``, and
uses the same hierarchical model with each document's likelihood raised to its weight (local likelihood): far
documents count less, near ones nearly fully, so the band narrows where documents are many and widens where few.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from stance.compare import (
    FEW_SIDED,
    LABELS,
    cell_rng,
    check_field,
    document_counts,
    estimate_cell,
    resolve_method,
    with_interval,
)
from stance.errors import OptionsError, StanceError
from stance.progress import tqdm_disable
from stance.quantify import Confusion

_MIN_WEIGHT = 0.01  # documents further than about three bandwidths away are left out of a trend


def period_values(frame: pd.DataFrame, over: str) -> pd.Series:
    """The ``over`` field as numbers (years from CSV arrive as text); raise if some are not numbers."""
    check_field(frame, over, option="--over")
    values = pd.to_numeric(frame[over], errors="coerce")
    bad = frame.loc[values.isna(), [over, "doc_id"]]
    if len(bad):
        missing = bad[over].isna()
        documents = bad.loc[missing, "doc_id"].nunique()
        words = bad.loc[~missing, over].astype(str)
        values = words.nunique()
        problems = [
            f"{documents} document has no {over}" if documents == 1 else f"{documents} documents have no {over}"
        ]
        problems = (problems if documents else []) + (
            [f"{values} value is not a number" if values == 1 else f"{values} values are not numbers"] if values else []
        )
        example = f" ({words.iloc[0]!r})" if values else ""
        raise StanceError(
            f"--over {over} needs a number in every document (a year, say): {' and '.join(problems)}{example}. "
            f"Fill them in, or group by it with --by {over}"
        )
    return values


def check_trend_options(frame: pd.DataFrame, *, over: str, by: str, bandwidth: float | None) -> pd.Series:
    """:func:`period_values`, after checking ``over`` against ``by`` and ``bandwidth``: what :func:`trends` would
    refuse, refused before anything slow has run."""
    if over == by:
        raise OptionsError(f"--over and --by are both {over!r}; group by one field and follow another over time")
    if bandwidth is not None and not bandwidth > 0:
        raise OptionsError(
            f"--bandwidth must be above 0 (in units of --over), got {bandwidth}; leave it out for 2.5 times the median "
            "step between periods"
        )
    return period_values(frame, over)


def trends(
    frame: pd.DataFrame,
    *,
    over: str,
    by: str = "author",
    bandwidth: float | None = None,
    method: str = "auto",
    confusion: Confusion | None = None,
    n_draws: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
    progress: bool | None = False,
) -> pd.DataFrame:
    """One row per group × period × target: documents, claims, sided claims, net stance with its interval, and the
    smoothed trend with its band. ``bandwidth`` is in the units of ``over``; by default 2.5 × the median step between
    periods (2.5 years for yearly data).

    >>> rows = [{"doc_id": f"d{y}", "author": "A", "year": y, "target": "t", "label": "favor" if y < 2003 else "against"}
    ...         for y in range(2000, 2006) for _ in range(3)]
    >>> table = trends(pd.DataFrame(rows), over="year", n_draws=500)
    >>> table.net.round(2).tolist(), bool(table.trend.iloc[0] > table.trend.iloc[-1])  # one document a year
    ([0.45, 0.45, 0.45, -0.45, -0.45, -0.45], True)
    """
    from tqdm.auto import tqdm

    periods = check_trend_options(frame, over=over, by=by, bandwidth=bandwidth)
    method = resolve_method(method, confusion, frame["target"].unique())
    counts = document_counts(frame, by=by, method=method)
    counts["_period"] = counts["_doc"].map(periods.groupby(frame["doc_id"]).first())
    steps = np.diff(np.unique(periods))
    bandwidth = bandwidth if bandwidth is not None else 2.5 * (float(np.median(steps)) if len(steps) else 1.0)
    rows: list[dict[str, Any]] = []
    parts = counts.groupby([by, "target"], sort=True)
    for (group, target), part in tqdm(parts, desc="trends", unit="series", disable=tqdm_disable(progress)):
        values, sided = part[LABELS].to_numpy(), part["sided"].to_numpy()
        for period in np.unique(part["_period"]):
            here = (part["_period"] == period).to_numpy()
            weights = np.exp(-0.5 * ((part["_period"].to_numpy() - period) / bandwidth) ** 2)
            near = weights >= _MIN_WEIGHT
            rng = cell_rng(seed, group, target, period)
            own = estimate_cell(
                values[here],
                group=group,
                target=target,
                sided=int(sided[here].sum()),
                method=method,
                confusion=confusion,
                n_draws=n_draws,
                rng=rng,
            )
            smooth = estimate_cell(
                values[near],
                group=group,
                target=target,
                sided=int(sided[near].sum()),
                method=method,
                confusion=confusion,
                n_draws=n_draws,
                rng=rng,
                weights=weights[near],
            )
            row = {
                by: group,
                over: period,
                "target": target,
                "documents": own.documents,
                "claims": own.claims,
                "sided": own.sided,
                "few_sided": own.sided < FEW_SIDED,
            }
            row.update(with_interval("net", own.net, own.net_draws, ci))
            row.update(with_interval("trend", smooth.net, smooth.net_draws, ci))
            rows.append(row)
    table = pd.DataFrame(rows)
    table.attrs["bandwidth"] = bandwidth
    return table
