"""Compare groups' stances (authors, delegations, outlets, years) from saved annotations. numpy, scipy, pandas only.

Claims of one document are not independent, so documents are the unit everywhere:

- **Profiles.** A group's claims on a target are summarised by two hierarchical posteriors (:mod:`stance.posterior`):
  the share of claims that take a side, and the share of those that are in favour. One short document leaves both
  wide; many documents narrow them. Shares (most probable values) and net stance (posterior mean, drawn toward 0
  when few claims take a side) come with the narrowest 95% interval of their draws.
- **Classifier error.** With a measured confusion (the model's ``confusion.json``), every draw is corrected for it,
  each with a confusion drawn from that measurement's own posterior (:mod:`stance.quantify`). ``method`` names the
  estimator: ``cc`` counts labels, ``pcc`` sums probabilities, ``acc`` and ``pacc`` correct those for the confusion;
  ``auto`` is ``pacc`` when a confusion is given and measured on enough claims of every label, ``cc`` otherwise.
- **Differences.** Two groups' net-stance draws are subtracted (the groups are independent); the p-value comes from
  permuting whole documents between them, every split enumerated when there are few (``scipy.stats.permutation_test``),
  and Benjamini–Hochberg adjustment across the table. A group of one document cannot be tested this way: ``n/a``.

Net stance is ``(favor − against) / (favor + against)``: +1 all support, −1 all opposition, NaN when no claim takes a
side (there is nothing to measure, and 0 would claim neutrality).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from stance.annotation import FRAME_COLUMNS, Annotation, annotations_to_frame
from stance.errors import StanceError
from stance.io import read_annotations
from stance.posterior import rate_draws, rate_mean, rate_mode, shortest_interval
from stance.progress import tqdm_disable
from stance.quantify import Confusion, correct_shares, rates
from stance.types import LABELS as TYPES_LABELS

LABELS = list(TYPES_LABELS)
PROBS = [f"p_{x}" for x in LABELS]
UNKNOWN = "(unknown)"
METHODS = ("auto", "cc", "pcc", "acc", "pacc")
FEW_SIDED = 5  # cells with fewer sided claims are flagged: their net stance rests on a handful of sentences
_NOT_GROUPS = set(FRAME_COLUMNS) - {"doc_id", "author"}


def load_frame(annotations: str | Path | Iterable[Annotation | Mapping[str, Any]]) -> pd.DataFrame:
    """One row per (claim, target) from an annotations file or from records, with any ``meta`` fields as columns."""
    records = read_annotations(annotations) if isinstance(annotations, (str, Path)) else annotations
    return annotations_to_frame(_unique_documents(records))


def _unique_documents(records: Iterable[Annotation | Mapping[str, Any]]) -> Iterator[Annotation | Mapping[str, Any]]:
    """The records, raising at the second with a document id already seen: documents are the unit of every interval
    and test, and two documents under one id would be counted as one."""
    seen: set[Any] = set()
    for record in records:
        doc_id = record.doc_id if isinstance(record, Annotation) else record.get("doc_id")
        if doc_id in seen:
            raise StanceError(
                f"two documents have the id {doc_id!r}; comparing needs one id per document. Give the inputs distinct "
                "file names or ids (the JSONL/CSV id field) and annotate them again, or drop the repeated records"
            )
        seen.add(doc_id)
        yield record


def net_stance(favor: float, against: float) -> float:
    """(favor − against) / (favor + against) in [−1, 1]; NaN when no claim takes a side.

    >>> net_stance(3, 1), net_stance(0, 0)
    (0.5, nan)
    """
    return float(_net(np.array([favor, against], dtype=float)))


def uncorrected_reason(confusion: Confusion | None, targets: Iterable[str] | None = None) -> str | None:
    """Why ``confusion`` cannot correct the shares of ``targets`` (all it has, by default) under ``--method auto``, or
    ``None`` if it can: ``"none"`` (no confusion), ``"missing: t, ..."`` (targets it was not measured on), or
    ``"thin: t/label (n), ..."`` (labels measured on too few claims, see :meth:`Confusion.thin_rows`)."""
    if confusion is None:
        return "none"
    targets = list(confusion.targets if targets is None else targets)
    missing = sorted(set(targets) - set(confusion.targets))
    if missing:
        return "missing: " + ", ".join(missing)
    thin = confusion.thin_rows(targets=targets)
    return "thin: " + ", ".join(thin) if thin else None


def resolve_method(method: str, confusion: Confusion | None, targets: Iterable[str] | None = None) -> str:
    """The estimator ``method`` stands for: ``auto`` is ``pacc`` with a confusion that covers ``targets`` (all it
    has, by default) and is measured on enough claims of each of their labels (:func:`uncorrected_reason`), ``cc``
    otherwise."""
    if method not in METHODS:
        raise StanceError(f"method must be one of {METHODS}, got {method!r}")
    if method == "auto":
        return "cc" if uncorrected_reason(confusion, targets) else "pacc"
    if method in ("acc", "pacc") and confusion is None:
        raise StanceError(
            f"method {method} corrects for classifier error and needs a confusion: pass --confusion "
            "MODEL_DIR (its confusion.json), or use --method cc"
        )
    return method


def groupable_fields(frame: pd.DataFrame) -> list[str]:
    """Fields a comparison can group by: the document id, the author and every metadata field."""
    return [c for c in frame.columns if c not in _NOT_GROUPS and not c.startswith("_")]


def document_counts(frame: pd.DataFrame, *, by: str = "author", method: str = "cc") -> pd.DataFrame:
    """Per (group, target, document): label counts (``cc``/``acc``) or summed probabilities (``pcc``/``pacc``) in
    ``favor``/``against``/``none``, and ``sided``, the number of claims labelled favor or against."""
    check_field(frame, by)
    soft = method in ("pcc", "pacc")
    values = (
        frame[PROBS].to_numpy(dtype=float)
        if soft
        else (frame["label"].to_numpy()[:, None] == np.array(LABELS)[None, :]).astype(float)
    )
    table = pd.DataFrame(values, columns=LABELS, index=frame.index)
    table.insert(0, by, group_values(frame[by]))
    table.insert(1, "target", frame["target"])
    table.insert(2, "_doc", frame["doc_id"])
    table["sided"] = (frame["label"] != "none").astype(int)
    return table.groupby([by, "target", "_doc"], sort=True).sum().reset_index()


def group_values(column: pd.Series) -> pd.Series:
    """A field's values as group labels: missing and blank values become "(unknown)", lists and objects their JSON,
    and a whole number written as text ("2018" from ``--meta year=2018``) the number, as a JSON field gives it.

    >>> group_values(pd.Series([2018, "2018", " ", None, 2017.0, "007"], dtype=object)).tolist()
    [2018, 2018, '(unknown)', '(unknown)', 2017, '007']
    """

    def key(value: Any) -> Any:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return UNKNOWN
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return UNKNOWN
            return int(value) if re.fullmatch(r"-?[0-9]+", value) and str(int(value)) == value else value
        if isinstance(value, (bool, np.bool_)):
            return str(bool(value))  # True would otherwise fall into one group with 1
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            return int(value)  # years in a column with gaps arrive as 2017.0
        return json.dumps(value, sort_keys=True) if isinstance(value, (list, dict)) else value

    return column.map(key).astype(object)


@dataclass(frozen=True)
class Cell:
    """One group's claims on one target: its counts, the point estimate of the true label shares and their draws."""

    group: Any
    target: str
    documents: int
    claims: int
    sided: int
    shares: np.ndarray  # (3,) favor, against, none
    draws: np.ndarray  # (n_draws, 3)
    net: float  # posterior mean of net stance; NaN when no claim takes a side

    @property
    def net_draws(self) -> np.ndarray:
        return _net(self.draws) if self.sided else np.full(len(self.draws), np.nan)


def estimate_cell(
    counts: np.ndarray,
    *,
    group: Any,
    target: str,
    sided: int,
    method: str,
    confusion: Confusion | None,
    n_draws: int,
    rng: np.random.Generator,
    weights: np.ndarray | None = None,
) -> Cell:
    """Posterior of one cell from its documents' counts ``(documents, 3)``; ``weights`` per document (trends)."""
    favor, against = counts[:, 0], counts[:, 1]
    sided_share = rate_draws(favor + against, counts.sum(axis=1), size=n_draws, rng=rng, weights=weights)
    favor_share = rate_draws(favor, favor + against, size=n_draws, rng=rng, weights=weights)
    draws = np.stack([sided_share * favor_share, sided_share * (1 - favor_share), 1 - sided_share], axis=1)
    # Estimates and intervals come from one model; a pooled share would let one long document outweigh many short
    # ones that the interval counts as equals. Shares are the posterior's most probable values. Net stance is its
    # posterior mean, which, unlike the mode, is drawn toward 0 when few claims take a side (one favourable claim:
    # +1/3, not +1) and errs less in scripts/simulate_compare.py; the shares' means would not do for them, as the
    # prior's centre (half the claims sided) is far from any real text's and would pull a short document toward it.
    sided_mode = rate_mode(favor + against, counts.sum(axis=1), weights=weights)
    favor_mode = rate_mode(favor, favor + against, weights=weights)
    favor_mode = 0.5 if np.isnan(favor_mode) else favor_mode  # no claim takes a side: the split is moot
    shares = np.array([sided_mode * favor_mode, sided_mode * (1 - favor_mode), 1 - sided_mode])
    if method in ("acc", "pacc"):
        kind = "labels" if method == "acc" else "probabilities"
        draws = correct_shares(draws, rates(confusion.draw(target, kind, n_draws, rng)))
        shares = correct_shares(shares, rates(confusion.counts(target, kind)))
        # Corrected, the net stance is no longer a function of one rate: average the corrected draws instead.
        net_draws = _net(draws)
        finite = net_draws[np.isfinite(net_draws)]
        net = float(finite.mean()) if sided and len(finite) else float("nan")
    else:
        net = 2 * rate_mean(favor, favor + against, weights=weights) - 1 if sided else float("nan")
    return Cell(group, target, len(counts), round(float(counts.sum())), sided, shares, draws, net)


def estimate_cells(
    frame: pd.DataFrame,
    *,
    by: str = "author",
    method: str = "auto",
    confusion: Confusion | None = None,
    n_draws: int = 2000,
    seed: int = 0,
    progress: bool | None = False,
) -> tuple[list[Cell], pd.DataFrame]:
    """Every group × target cell of ``frame``, and the per-document counts they came from."""
    from tqdm.auto import tqdm

    method = resolve_method(method, confusion, frame["target"].unique())
    counts = document_counts(frame, by=by, method=method)
    cells = []
    parts = counts.groupby([by, "target"], sort=True)
    for (group, target), part in tqdm(parts, desc="profiles", unit="cell", disable=tqdm_disable(progress)):
        cells.append(
            estimate_cell(
                part[LABELS].to_numpy(),
                group=group,
                target=target,
                sided=int(part["sided"].sum()),
                method=method,
                confusion=confusion,
                n_draws=n_draws,
                rng=cell_rng(seed, group, target),
            )
        )
    return cells, counts


def profile_table(cells: Sequence[Cell], *, by: str = "author", ci: float = 0.95) -> pd.DataFrame:
    """One row per cell: the grouping field, target, counts, a few-sided-claims flag, shares and net with intervals."""
    rows = []
    for cell in cells:
        row = {
            by: cell.group,
            "target": cell.target,
            "documents": cell.documents,
            "claims": cell.claims,
            "sided": cell.sided,
            "few_sided": cell.sided < FEW_SIDED,
        }
        for i, label in enumerate(LABELS):
            row.update(with_interval(label, cell.shares[i], cell.draws[:, i], ci))
        row.update(with_interval("net", cell.net, cell.net_draws, ci))
        rows.append(row)
    return pd.DataFrame(rows)


def profiles(
    frame: pd.DataFrame,
    *,
    by: str = "author",
    method: str = "auto",
    confusion: Confusion | None = None,
    n_draws: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Stance profile per group × target: label shares and net stance, each with its interval. The table's ``attrs``
    say which estimator ran and why (:func:`method_note`).

    >>> rows = [{"doc_id": "d", "author": "A", "target": "sanctions", "label": "favor"}]  # one favourable claim
    >>> row = profiles(pd.DataFrame(rows), n_draws=2000).iloc[0]
    >>> round(float(row.net), 2), bool(row.net_high - row.net_low > 1)  # drawn toward 0, and a wide interval
    (0.33, True)
    >>> profiles(pd.DataFrame(rows), n_draws=200).attrs  # no confusion given: labels are counted
    {'method': 'cc', 'uncorrected': 'none', 'thin': ''}
    """
    cells, _ = estimate_cells(frame, by=by, method=method, confusion=confusion, n_draws=n_draws, seed=seed)
    table = profile_table(cells, by=by, ci=ci)
    table.attrs.update(method_note(method, confusion, frame["target"].unique()))
    return table


def compare_groups(
    frame: pd.DataFrame,
    *,
    by: str = "author",
    method: str = "auto",
    confusion: Confusion | None = None,
    n_draws: int = 2000,
    n_perm: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Every pair of groups: per target, the difference in net stance with its interval and a permutation p-value,
    plus a row ``target="(all)"``: the mean absolute difference over the targets both groups take sides on (0 to 2).
    The table's ``attrs`` say which estimator ran and why (:func:`method_note`).
    """
    cells, counts = estimate_cells(frame, by=by, method=method, confusion=confusion, n_draws=n_draws, seed=seed)
    table = pair_table(cells, counts, by=by, n_perm=n_perm, ci=ci, seed=seed)
    table.attrs.update(method_note(method, confusion, frame["target"].unique()))
    return table


def method_note(method: str, confusion: Confusion | None, targets: Iterable[str]) -> dict[str, Any]:
    """What a comparison of ``targets`` estimates with: ``method`` (what ``auto`` resolves to), ``uncorrected`` (why
    the shares are not corrected: ``"requested"`` or what :func:`uncorrected_reason` says; ``None`` when they are)
    and ``thin`` (the confusion's rows on few claims, when it corrects the shares anyway)."""
    targets = list(targets)
    resolved = resolve_method(method, confusion, targets)
    if resolved in ("acc", "pacc") and confusion is not None:
        return {"method": resolved, "uncorrected": None, "thin": ", ".join(confusion.thin_rows(targets=targets))}
    reason = "requested" if method != "auto" and confusion is not None else uncorrected_reason(confusion, targets)
    return {"method": resolved, "uncorrected": reason, "thin": ""}


def signed(value: float) -> str:
    """``value`` to two places with its sign, ``+0.00`` for what rounds to zero from either side (never ``-0.00``).

    >>> signed(-1e-16), signed(-0.256)
    ('+0.00', '-0.26')
    """
    return f"{round(value, 2) + 0.0:+.2f}"


def pair_table(
    cells: Sequence[Cell],
    counts: pd.DataFrame,
    *,
    by: str = "author",
    n_perm: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
    progress: bool | None = False,
) -> pd.DataFrame:
    """The pairwise table of :func:`compare_groups` from estimated cells and their document counts."""
    from scipy.stats import false_discovery_control
    from tqdm.auto import tqdm

    by_cell = {(c.group, c.target): c for c in cells}
    targets = sorted({c.target for c in cells})
    groups = sorted({c.group for c in cells}, key=str)
    documents = {group: _document_array(counts, by, group, targets) for group in groups}
    rows = []
    pairs = list(combinations(groups, 2))
    for a, b in tqdm(pairs, desc="pairs", unit="pair", disable=tqdm_disable(progress)):
        docs_a, docs_b = documents[a], documents[b]
        shared = [
            j
            for j, t in enumerate(targets)
            if (a, t) in by_cell and (b, t) in by_cell and by_cell[a, t].sided and by_cell[b, t].sided
        ]
        rng = cell_rng(seed, a, b)
        for j in shared:
            ca, cb = by_cell[a, targets[j]], by_cell[b, targets[j]]
            row = {"a": a, "b": b, "target": targets[j]}
            row.update(with_interval("difference", ca.net - cb.net, ca.net_draws - cb.net_draws, ci))
            row.update(_permutation_test(docs_a, docs_b, [j], n_perm, rng))
            rows.append(row)
        if len(shared) > 1:  # with one shared target, "(all)" would repeat that target's test
            draws = np.mean(
                [np.abs(by_cell[a, targets[j]].net_draws - by_cell[b, targets[j]].net_draws) for j in shared], axis=0
            )
            row = {"a": a, "b": b, "target": "(all)"}
            # Its posterior mean, as for net stance: the absolute differences of the means would sit below its draws.
            row.update(with_interval("difference", float(np.nanmean(draws)), draws, ci))
            row.update(_permutation_test(docs_a, docs_b, shared, n_perm, rng))
            rows.append(row)
    columns = ["a", "b", "target", "difference", "difference_low", "difference_high", "p_value", "p_adjusted", "test"]
    table = pd.DataFrame(rows, columns=columns)
    # Two families, each adjusted on its own: the per-target tests, and the "(all)" tests that summarise them.
    for family in (table["target"] != "(all)", table["target"] == "(all)"):
        tested = family & table["p_value"].notna()
        if tested.any():
            table.loc[tested, "p_adjusted"] = false_discovery_control(table.loc[tested, "p_value"].to_numpy())
    return table


def _permutation_test(
    docs_a: np.ndarray, docs_b: np.ndarray, targets: Sequence[int], n_perm: int, rng: np.random.Generator
) -> dict[str, Any]:
    """Permute documents between the groups. One target: the difference in smoothed net stance, two-sided. Several:
    the mean absolute difference over them, the same statistic and targets for observed and permuted splits.

    Smoothed net, (favor − against) / (favor + against + 1), is defined for every split, so no permutation is
    dropped for having no sided claim."""
    from scipy.stats import permutation_test

    if min(len(docs_a), len(docs_b)) < 2:
        return {"p_value": float("nan"), "test": "n/a: a group has one document"}
    pooled = np.concatenate([docs_a, docs_b])[:, targets]  # (documents, targets, 3)

    def statistic(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
        difference = _smoothed_net(pooled[x.astype(int)].sum(axis=-3)) - _smoothed_net(
            pooled[y.astype(int)].sum(axis=-3)
        )
        return difference[..., 0] if len(targets) == 1 else np.abs(difference).mean(axis=-1)

    index = np.arange(len(pooled), dtype=float)
    result = permutation_test(
        (index[: len(docs_a)], index[len(docs_a) :]),
        statistic,
        vectorized=True,
        n_resamples=n_perm,
        permutation_type="independent",
        rng=rng,
        alternative="two-sided" if len(targets) == 1 else "greater",
    )
    splits = comb(len(pooled), len(docs_a))
    test = f"exact, {splits} splits" if n_perm >= splits else f"{n_perm} permutations"
    return {"p_value": float(result.pvalue), "test": f"documents, {test}"}


def _document_array(counts: pd.DataFrame, by: str, group: Any, targets: Sequence[str]) -> np.ndarray:
    """The group's documents as ``(documents, targets, 3)`` counts; zeros where a document lacks a target."""
    part = counts[counts[by] == group]
    table = part.pivot_table(index="_doc", columns="target", values=LABELS, aggfunc="sum", fill_value=0.0)
    table = table.reindex(columns=pd.MultiIndex.from_product([LABELS, list(targets)]), fill_value=0.0)
    return table.to_numpy(dtype=float).reshape(len(table), len(LABELS), len(targets)).transpose(0, 2, 1)


def cell_rng(seed: int, *keys: Any) -> np.random.Generator:
    """A generator per cell, so a cell's draws do not depend on which other groups are in the file."""
    return np.random.default_rng([seed, *(zlib.crc32(str(k).encode()) for k in keys)])


def _net(shares: np.ndarray) -> np.ndarray:
    favor, against = shares[..., 0], shares[..., 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(favor + against > 0, (favor - against) / (favor + against), np.nan)


def _smoothed_net(counts: np.ndarray) -> np.ndarray:
    return (counts[..., 0] - counts[..., 1]) / (counts[..., 0] + counts[..., 1] + 1.0)


def with_interval(name: str, point: float, draws: np.ndarray, ci: float) -> dict[str, float]:
    """``name``, ``name_low``, ``name_high``: the estimate and the narrowest ``ci`` interval of its draws."""
    if np.isnan(point):
        return {name: float("nan"), f"{name}_low": float("nan"), f"{name}_high": float("nan")}
    low, high = shortest_interval(draws, ci)
    # The estimate can fall outside the narrowest window of draws: a mode can sit on a boundary (a share of 0 or 1)
    # that grid draws never reach exactly, and a corrected share is corrected at the estimate rather than drawn.
    # Widen the interval to hold it.
    return {name: float(point), f"{name}_low": min(low, float(point)), f"{name}_high": max(high, float(point))}


def check_field(frame: pd.DataFrame, field: str, *, option: str = "--by") -> None:
    """Raise unless ``field`` is a field the annotations can be grouped by, naming those that are."""
    fields = groupable_fields(frame)
    if field not in fields:
        raise StanceError(
            f"cannot use {option} {field!r}: the annotations have the fields {fields}. Fields of "
            "JSONL/CSV inputs and `stance annotate --meta key=value` values are kept under meta."
        )


def author_summary(frame: pd.DataFrame, *, by: str = "author") -> pd.DataFrame:
    """Point estimates only, from label counts: a quick look at who says what."""
    per_document = document_counts(frame, by=by).groupby([by, "target"], sort=True)
    counts = per_document[[*LABELS, "sided"]].sum()
    counts.insert(0, "documents", per_document.size())
    counts["net"] = _net(counts[LABELS].to_numpy())
    return counts.reset_index()


def order_groups(table: pd.DataFrame, *, by: str = "author") -> Sequence[Any]:
    """Groups sorted by their mean net stance over targets, for plots and tables."""
    return list(table.groupby(by)["net"].mean().sort_values().index)
