"""Plots (matplotlib) and a self-contained HTML report (jinja2) from profiles and annotations.

No torch, no spaCy: a report can be made from a saved annotations file on any machine.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotation import Annotation, render_html
from stance.compare import FEW_SIDED, UNKNOWN, order_groups, signed

logger = logging.getLogger(__name__)


def plot_profiles(table: pd.DataFrame, *, by: str = "author"):
    """Net stance per group and target as dots with interval whiskers (one panel per target), groups sorted.

    Each dot is labelled with its number of sided claims; hollow dots rest on fewer than ``FEW_SIDED``.
    """
    plt = _pyplot()
    targets = sorted(table["target"].unique())
    groups = order_groups(table, by=by)
    fig, axes = plt.subplots(
        1, len(targets), figsize=(3.4 * len(targets) + 1.8, 0.45 * len(groups) + 1.6), sharey=True, squeeze=False
    )
    for ax, target in zip(axes[0], targets):
        part = table[table["target"] == target].set_index(by).reindex(groups)
        y = np.arange(len(groups))
        for few in (False, True):
            rows = (part["few_sided"] == few).to_numpy() & part["net"].notna().to_numpy()
            low = (part["net"] - part["net_low"])[rows].clip(lower=0)
            high = (part["net_high"] - part["net"])[rows].clip(lower=0)
            label = f"fewer than {FEW_SIDED} sided claims" if few else None
            ax.errorbar(
                part["net"][rows],
                y[rows],
                xerr=[low, high],
                fmt="o",
                color="#333",
                ecolor="#888",
                capsize=3,
                mfc="white" if few else "#333",
                label=label,
            )
        for yy, (net, sided) in enumerate(zip(part["net"], part["sided"])):
            if not math.isnan(net):
                ax.annotate(
                    f"{int(sided)}",
                    (net, yy),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                    color="#666",
                )
        ax.axvline(0, color="#bbb", lw=1, zorder=0)
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-0.7, len(groups) - 0.3)
        ax.set_title(target)
        ax.set_xlabel("net stance (against ← → favor)")
        ax.set_yticks(list(y), [str(g) for g in groups])
    fig.tight_layout()
    fig.subplots_adjust(top=fig.subplotpars.top - 0.35 / fig.get_figheight())
    fig.text(0.01, 0.99, "numbers: sided claims; whiskers: 95% interval", va="top", fontsize=8, color="#666")
    if table["few_sided"].any():
        fig.legend(*axes[0][0].get_legend_handles_labels(), loc="upper right", fontsize=8, frameon=False)
    return fig


def plot_heatmap(table: pd.DataFrame, *, by: str = "author"):
    """Group × target heatmap of net stance on a diverging scale centred at zero; blank where undefined, † where a
    cell has fewer than ``FEW_SIDED`` sided claims."""
    plt = _pyplot()
    groups = order_groups(table, by=by)
    grid = table.pivot(index=by, columns="target", values="net").reindex(groups)
    few = table.pivot(index=by, columns="target", values="few_sided").reindex(groups)
    fig, ax = plt.subplots(figsize=(1.4 * grid.shape[1] + 2.5, 0.45 * len(groups) + 1.2))
    image = ax.imshow(grid.to_numpy(dtype=float), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(len(groups)), [str(g) for g in groups])
    for (i, j), value in pd.DataFrame(grid.to_numpy()).stack().items():
        if not math.isnan(value):
            mark = "†" if few.iat[i, j] else ""
            ax.text(
                j,
                i,
                f"{signed(value)}{mark}",
                ha="center",
                va="center",
                fontsize=8,
                color="white" if abs(value) > 0.6 else "black",
            )
    fig.colorbar(image, ax=ax, label="net stance")
    fig.tight_layout()
    return fig


def plot_trends(table: pd.DataFrame, *, over: str, by: str = "author"):
    """Net stance over ``over``: one row of panels per group, one column per target. Each panel has the smoothed
    trend with its band, and the periods' own estimates as dots with whiskers (hollow: fewer than ``FEW_SIDED``
    sided claims).
    """
    plt = _pyplot()
    targets = sorted(table["target"].unique())
    groups = sorted(table[by].unique(), key=str)
    fig, axes = plt.subplots(
        len(groups),
        len(targets),
        figsize=(3.3 * len(targets) + 1.2, 1.55 * len(groups) + 0.9),
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    for i, group in enumerate(groups):
        for j, target in enumerate(targets):
            ax = axes[i, j]
            part = table[(table["target"] == target) & (table[by] == group)].sort_values(over)
            ax.fill_between(part[over], part["trend_low"], part["trend_high"], color="#4c72b0", alpha=0.18, lw=0)
            ax.plot(part[over], part["trend"], color="#4c72b0", lw=1.6)
            for few in (False, True):
                rows = part[(part["few_sided"] == few) & part["net"].notna()]
                ax.errorbar(
                    rows[over],
                    rows["net"],
                    yerr=[
                        (rows["net"] - rows["net_low"]).clip(lower=0),
                        (rows["net_high"] - rows["net"]).clip(lower=0),
                    ],
                    fmt="o",
                    ms=2.5,
                    color="#555",
                    mfc="white" if few else "#555",
                    elinewidth=0.6,
                    alpha=0.6,
                )
            ax.axhline(0, color="#bbb", lw=0.8, zorder=0)
            ax.set_ylim(-1.1, 1.1)
            if i == 0:
                ax.set_title(target)
            if j == 0:
                ax.set_ylabel(str(group))
    for ax in axes[-1]:
        ax.set_xlabel(over)
    fig.tight_layout()
    fig.subplots_adjust(top=fig.subplotpars.top - 0.3 / fig.get_figheight())
    fig.text(
        0.01,
        0.995,
        f"net stance by {over}: line and band, smoothed trend and its 95% interval; dots, each "
        f"{over}'s own estimate (hollow: fewer than {FEW_SIDED} sided claims)",
        va="top",
        fontsize=8,
        color="#666",
    )
    return fig


def save_figures(
    table: pd.DataFrame,
    folder: str | Path,
    *,
    by: str = "author",
    trend_table: pd.DataFrame | None = None,
    over: str | None = None,
) -> list[Path]:
    """Write the ``profiles`` and ``heatmap`` figures (and ``trends`` when given) as PNG and SVG; return their paths."""
    import matplotlib

    plt = _pyplot()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    figures = [("profiles", plot_profiles(table, by=by)), ("heatmap", plot_heatmap(table, by=by))]
    if trend_table is not None and len(trend_table):
        figures.append(("trends", plot_trends(trend_table, over=over, by=by)))
    paths = []
    for name, figure in figures:
        for suffix in ("png", "svg"):
            path = folder / f"{name}.{suffix}"
            with matplotlib.rc_context({"svg.hashsalt": "policy-stance"}):
                figure.savefig(
                    path, dpi=150 if suffix == "png" else None, metadata={"Date": None} if suffix == "svg" else None
                )
            paths.append(path)
        plt.close(figure)
    return paths


def render_report(
    profile_table: pd.DataFrame,
    pair_table: pd.DataFrame,
    annotations: Iterable[Annotation | Mapping[str, Any]],
    *,
    by: str = "author",
    title: str = "Stance report",
    settings: Mapping[str, Any] | None = None,
    trend_table: pd.DataFrame | None = None,
    over: str | None = None,
) -> str:
    """A self-contained HTML page: how to read it, figures (inline SVG), tables, then every document's claims.

    ``settings`` describes the analysis for the page: ``ci``, ``n_draws``, ``n_perm``, ``seed``, ``method`` and
    ``confusion`` (what the shares were corrected with), ``uncorrected`` and ``thin`` (as
    :func:`stance.compare.method_note` gives them), ``bandwidth``.
    """
    import jinja2

    from stance import __version__
    from stance.quantify import MIN_ROW_CLAIMS

    documents = [item if isinstance(item, Annotation) else Annotation.from_record(item) for item in annotations]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    environment.filters["plural"] = lambda n, noun: f"{n} {noun}{'' if n == 1 else 's'}"
    template = environment.from_string(resources.files("stance.templates").joinpath("report.html").read_text("utf-8"))
    has_trends = trend_table is not None and len(trend_table) > 0
    return template.render(
        title=title,
        version=__version__,
        by=by,
        over=over,
        n_documents=len(documents),
        n_failed=sum(d.error is not None for d in documents),
        n_claims=sum(len(d.claims) for d in documents),
        profiles=_records(profile_table),
        pairs=_records(pair_table),
        n_tests=int(pair_table["p_value"].notna().sum()) if len(pair_table) else 0,
        n_groups=profile_table[by].nunique() if len(profile_table) else 0,
        few=int(profile_table["few_sided"].sum()) if len(profile_table) else 0,
        dot_svg=_svg(plot_profiles(profile_table, by=by)),
        heatmap_svg=_svg(plot_heatmap(profile_table, by=by)),
        trend_svg=_svg(plot_trends(trend_table, over=over, by=by)) if has_trends else None,
        documents=[render_html(d) for d in documents],
        pct=lambda x: "–" if _missing(x) else f"{x:.0%}",
        interval=lambda x, lo, hi: "–" if _missing(x) else f"{signed(x)} [{signed(lo)}, {signed(hi)}]",
        distance=lambda x, lo, hi: "–" if _missing(x) else f"{x:.2f} [{lo:.2f}, {hi:.2f}]",  # no sign: no direction
        pvalue=lambda p: "n/a" if _missing(p) else f"{p:.3f}",
        few_sided=FEW_SIDED,
        min_row_claims=MIN_ROW_CLAIMS,
        **{
            "ci": 95,
            "n_draws": 2000,
            "n_perm": 2000,
            "seed": 0,
            "method": "cc",
            "confusion": None,
            "uncorrected": None,
            "thin": "",
            "bandwidth": None,
            **(settings or {}),
        },
    )


def compare_annotations(
    annotations: str | Path,
    *,
    by: str = "author",
    over: str | None = None,
    output: str | Path | None = None,
    csv: str | Path | None = None,
    figures: str | Path | None = None,
    method: str = "auto",
    confusion: str | Path | None = None,
    bandwidth: float | None = None,
    n_draws: int = 2000,
    n_perm: int = 2000,
    seed: int = 0,
    title: str | None = None,
    progress: bool | None = False,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Profiles, pairwise comparisons and (with ``over``) trends of an annotations file, written as CSV, figures and
    an HTML report on request. Returns the profile, pair and trend tables.

    ``confusion`` is a model directory or ``confusion.json`` to correct the shares with; by default the confusion
    that `stance annotate` copied from the model into the run header beside the annotations, if any. ``csv`` gets the
    profile table; with ``over`` the trend table goes beside it as ``<name>-trends.csv``.

    >>> tables = compare_annotations("out/examples.jsonl", output="out/report.html")  # doctest: +SKIP
    """
    from stance.compare import (
        check_field,
        estimate_cells,
        load_frame,
        method_note,
        pair_table,
        profile_table,
    )
    from stance.errors import StanceError
    from stance.io import read_annotations, read_run_header
    from stance.quantify import Confusion, read_confusion
    from stance.trends import check_trend_options, trends

    frame = load_frame(annotations)
    if frame.empty:
        raise StanceError(f"{annotations} holds no claims to compare; check that `stance annotate` succeeded")
    check_field(frame, by)
    unknown = frame.loc[frame[by].isna(), "doc_id"].nunique()
    if unknown:
        fix = (
            "an Author: line or --author"
            if by == "author"
            else f"a {by} field (JSONL, CSV) or --meta {by}=VALUE (text files)"
        )
        logger.warning(
            "%s no %s and %s compared as one group, %s; give each %s when annotating",
            "1 document has" if unknown == 1 else f"{unknown} documents have",
            by,
            "is" if unknown == 1 else "are",
            UNKNOWN,
            fix,
        )
    if over is not None:
        check_trend_options(frame, over=over, by=by, bandwidth=bandwidth)  # now, not after the pairwise tests
    if confusion is not None:
        measured = read_confusion(confusion)
    else:
        header = read_run_header(annotations) or {}
        measured = Confusion.from_dict(header["confusion"]) if header.get("confusion") else None
    note = method_note(method, measured, frame["target"].unique())
    method = note["method"]
    used = measured if method in ("acc", "pacc") else None
    cells, counts = estimate_cells(
        frame, by=by, method=method, confusion=used, n_draws=n_draws, seed=seed, progress=progress
    )
    table = profile_table(cells, by=by)
    pairs = pair_table(cells, counts, by=by, n_perm=n_perm, seed=seed, progress=progress)
    table.attrs.update(note)
    pairs.attrs.update(note)
    trend_table = None
    if over is not None:
        trend_table = trends(
            frame,
            over=over,
            by=by,
            bandwidth=bandwidth,
            method=method,
            confusion=used,
            n_draws=n_draws,
            seed=seed,
            progress=progress,
        )
    if csv is not None:
        Path(csv).parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(csv, index=False)
        if trend_table is not None:
            trend_table.to_csv(Path(csv).with_name(f"{Path(csv).stem}-trends.csv"), index=False)
    if figures is not None:
        save_figures(table, figures, by=by, trend_table=trend_table, over=over)
    if output is not None:
        settings = {
            "n_draws": n_draws,
            "n_perm": n_perm,
            "seed": seed,
            "method": method,
            "confusion": used.source if used is not None else None,
            "uncorrected": note["uncorrected"],
            "thin": note["thin"],
            "bandwidth": trend_table.attrs.get("bandwidth") if trend_table is not None else None,
        }
        html = render_report(
            table,
            pairs,
            read_annotations(annotations),
            by=by,
            settings=settings,
            title=title or f"Stance report: {Path(annotations).name}",
            trend_table=trend_table,
            over=over,
        )
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(html, encoding="utf-8")
    return table, pairs, trend_table


def _records(table: pd.DataFrame) -> Sequence[dict[str, Any]]:
    return table.to_dict("records")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pyplot():  # the matplotlib.pyplot module, imported on first use
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window
    import matplotlib.pyplot as plt

    return plt


def _svg(figure) -> str:
    import matplotlib
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    # No timestamp and fixed element ids: the same input gives the same report, byte for byte.
    with matplotlib.rc_context({"svg.hashsalt": "policy-stance"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML
