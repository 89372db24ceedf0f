"""Plots (matplotlib) and a self-contained HTML report (jinja2) from profiles and annotations.

No torch, no spaCy: a report can be made from a saved annotations file on any machine.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from stance.annotation import Annotation, render_html
from stance.compare import order_groups


def plot_profiles(table: pd.DataFrame, *, by: str = "author"):  # noqa: ANN201 - a matplotlib Figure
    """Net stance per group and target as dots with interval whiskers, groups sorted (one panel per target)."""
    import matplotlib

    matplotlib.use("Agg")  # files only; never open a window
    import matplotlib.pyplot as plt

    targets = sorted(table["target"].unique())
    groups = order_groups(table, by=by)
    fig, axes = plt.subplots(1, len(targets), figsize=(3.2 * len(targets) + 1.5, 0.45 * len(groups) + 1.4),
                             sharey=True, squeeze=False)
    for ax, target in zip(axes[0], targets):
        part = table[table["target"] == target].set_index(by).reindex(groups)
        y = range(len(groups))
        low = (part["net"] - part["net_low"]).clip(lower=0)
        high = (part["net_high"] - part["net"]).clip(lower=0)
        ax.errorbar(part["net"], y, xerr=[low.fillna(0), high.fillna(0)], fmt="o", color="#333", ecolor="#888",
                    capsize=3)
        ax.axvline(0, color="#bbb", lw=1, zorder=0)
        ax.set_xlim(-1.05, 1.05)
        ax.set_title(target)
        ax.set_xlabel("net stance (against ← → favor)")
        ax.set_yticks(list(y), groups)
    fig.tight_layout()
    return fig


def plot_heatmap(table: pd.DataFrame, *, by: str = "author"):  # noqa: ANN201 - a matplotlib Figure
    """Group × target heatmap of net stance on a diverging scale centred at zero; blank where undefined."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = order_groups(table, by=by)
    grid = table.pivot(index=by, columns="target", values="net").reindex(groups)
    fig, ax = plt.subplots(figsize=(1.4 * grid.shape[1] + 2.5, 0.45 * len(groups) + 1.2))
    image = ax.imshow(grid.to_numpy(dtype=float), cmap="RdBu", vmin=-1, vmax=1, aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(len(groups)), groups)
    for (i, j), value in pd.DataFrame(grid.to_numpy()).stack().items():
        if not math.isnan(value):
            ax.text(j, i, f"{value:+.2f}", ha="center", va="center", fontsize=8,
                    color="white" if abs(value) > 0.6 else "black")
    fig.colorbar(image, ax=ax, label="net stance")
    fig.tight_layout()
    return fig


def save_figures(table: pd.DataFrame, folder: str | Path, *, by: str = "author") -> list[Path]:
    """Write ``profiles`` and ``heatmap`` figures as PNG and SVG; return their paths."""
    import matplotlib
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, figure in (("profiles", plot_profiles(table, by=by)), ("heatmap", plot_heatmap(table, by=by))):
        for suffix in ("png", "svg"):
            path = folder / f"{name}.{suffix}"
            with matplotlib.rc_context({"svg.hashsalt": "policy-stance"}):
                figure.savefig(path, dpi=150 if suffix == "png" else None,
                               metadata={"Date": None} if suffix == "svg" else None)
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
) -> str:
    """A self-contained HTML page: method note, figures (inline SVG), tables, then every document's claims."""
    import jinja2

    from stance import __version__

    documents = [item if isinstance(item, Annotation) else Annotation.from_record(item) for item in annotations]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(resources.files("stance.templates").joinpath("report.html").read_text("utf-8"))
    return template.render(
        title=title, version=__version__, by=by,
        n_documents=len(documents), n_failed=sum(d.error is not None for d in documents),
        n_claims=sum(len(d.claims) for d in documents),
        profiles=_records(profile_table), pairs=_records(pair_table),
        dot_svg=_svg(plot_profiles(profile_table, by=by)), heatmap_svg=_svg(plot_heatmap(profile_table, by=by)),
        documents=[render_html(d) for d in documents],
        pct=lambda x: "–" if _missing(x) else f"{x:.0%}",
        interval=lambda x, lo, hi: "–" if _missing(x) else f"{x:+.2f} [{lo:+.2f}, {hi:+.2f}]",
        pvalue=lambda p: "–" if _missing(p) else f"{p:.3f}",
        **{"ci": 95, "n_boot": 2000, "n_perm": 2000, "seed": 0, "corrected": False, **(settings or {})},
    )


def compare_annotations(
    annotations: str | Path,
    *,
    by: str = "author",
    output: str | Path | None = None,
    csv: str | Path | None = None,
    figures: str | Path | None = None,
    correct_with: str | Path | None = None,
    n_boot: int = 2000,
    n_perm: int = 2000,
    seed: int = 0,
    title: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Profiles and pairwise comparisons of an annotations file, written as CSV, figures and an HTML report on request.

    ``correct_with`` is a model directory whose dev confusion matrices (``metrics.json``) correct the label shares.
    Returns the profile and pairwise tables.

    >>> table, pairs = compare_annotations("out/examples.jsonl", output="out/report.html")  # doctest: +SKIP
    """
    import json

    from stance.compare import compare_groups, confusion_from_metrics, load_frame, profiles
    from stance.errors import StanceError
    from stance.io import read_annotations

    frame = load_frame(annotations)
    if frame.empty:
        raise StanceError(f"{annotations} holds no claims to compare; check that `stance annotate` succeeded")
    confusion = None
    if correct_with is not None:
        metrics_file = Path(correct_with) / "metrics.json"
        if not metrics_file.exists():
            raise StanceError(f"{metrics_file} not found; pass a model directory written by `stance train`")
        confusion = confusion_from_metrics(json.loads(metrics_file.read_text()))
    table = profiles(frame, by=by, n_boot=n_boot, seed=seed, confusion=confusion)
    pairs = compare_groups(frame, by=by, n_boot=n_boot, n_perm=n_perm, seed=seed, confusion=confusion)
    if csv is not None:
        table.to_csv(csv, index=False)
    if figures is not None:
        save_figures(table, figures, by=by)
    if output is not None:
        settings = {"n_boot": n_boot, "n_perm": n_perm, "seed": seed, "corrected": confusion is not None}
        html = render_report(table, pairs, read_annotations(annotations), by=by, settings=settings,
                             title=title or f"Stance report: {Path(annotations).name}")
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(html, encoding="utf-8")
    return table, pairs


def _records(table: pd.DataFrame) -> Sequence[dict[str, Any]]:
    return table.to_dict("records")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _svg(figure) -> str:  # noqa: ANN001 - a matplotlib Figure
    import matplotlib.pyplot as plt

    import matplotlib

    buffer = io.StringIO()
    # No timestamp and fixed element ids: the same input gives the same report, byte for byte.
    with matplotlib.rc_context({"svg.hashsalt": "policy-stance"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML
