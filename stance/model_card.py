"""Render a model directory's README.md (a Hugging Face model card) from its metrics and training files."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from stance.runtime import INT8_MIN_AGREEMENT, INT8_RECORD, ONNX_DIR, WEIGHTS_FILE
from stance.targets import load_targets
from stance.tfidf import TFIDF_DIR

BASE_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
ORIGIN_NAMES = {"real": "real prose", "synthetic": "written for the project", "all": "all rows"}
# Real prose first: it is what the model is for, and what its scores should be judged on.
ORIGIN_ORDER = ("real", "synthetic", "all")
TRAINING_DATA = (
    "The policy-stance corpus (`corpora/policy-stance` in the project repository), in two parts. **Real prose:** "
    "sentences of U.S. State of the Union addresses 1946–2000 and of UN General Debate statements on Korea 1991–2005, "
    "whole paragraphs, each sentence labelled by two independent annotators (language-model helpers, blind to each "
    "other and to every model output) with disagreements settled by a third; split by president and by year. "
    "**Written for the project:** op-eds, think-tank briefs, government statements, speeches, news analyses, "
    "parliamentary questions, editorials, letters and blog posts (nine genres) written with language-model "
    "assistance, labelled by their writers, read again by a blind second annotator and settled by a third where the "
    "two differed; split by author. "
    "No benchmark data is used to build this model."
)
EXAMPLE_CLAIMS = {
    "engagement": "Washington should reopen talks with Pyongyang without preconditions.",
    "sanctions": "Governments must close the loopholes that let the regime evade sanctions.",
    "deterrence": "The alliance must keep its missile defences ready.",
}


def render_model_card(model_dir: str | Path) -> str:
    """The model card text for ``model_dir`` (it reads ``metrics.json``, ``training_config.json``, ``targets.jsonl``)."""
    from huggingface_hub import EvalResult, ModelCard, ModelCardData

    path = Path(model_dir)
    metrics = _read_json(path / "metrics.json")
    config = _read_json(path / "training_config.json")
    calibration = _read_json(path / "calibration.json")
    targets = load_targets(path / "targets.jsonl")
    tfidf = (path / TFIDF_DIR).is_dir()
    results = [
        EvalResult(
            task_type="text-classification",
            task_name="Stance detection",
            dataset_type="policy-stance",
            dataset_name=f"policy-stance corpus ({ORIGIN_NAMES.get(origin, origin)})",
            dataset_config=origin,  # results are grouped by type, config and split, not by name
            dataset_split=split,
            metric_type=metric,
            metric_name=name,
            metric_value=round(float(values[metric]), 4),
        )
        for split, origin, values in _scored_parts(metrics)
        for metric, name in (("macro_f1", "macro-F1"), ("f_avg", "F_avg"), ("accuracy", "accuracy"))
        if metric in values
    ]
    # The verified MiniLM (stance.train.default_base_model) by its Hub id; another base by the folder it came from.
    recorded = config.get("base_model")
    base_is_minilm = recorded is None or "all_minilm_l6_v2" in Path(recorded).as_posix().lower()
    base_model = BASE_MODEL_ID if base_is_minilm else Path(recorded).name
    card_data = ModelCardData(
        language="en",
        license="mit",
        library_name="transformers",
        pipeline_tag="text-classification",
        base_model=base_model,
        tags=["stance-detection", "policy", "political-science", "multi-target"],
        datasets=["policy-stance"],
        metrics=["f1", "accuracy"],
        model_name=path.name,
        eval_results=results or None,
    )
    template = resources.files("stance.templates").joinpath("model_card.md").read_text("utf-8")
    card = ModelCard.from_template(
        card_data,
        template_str=template,
        model_name=path.name,
        model_path=str(path),
        base_model=base_model,
        base_is_minilm=base_is_minilm,
        pair=config.get("architecture") == "pair",
        context=bool(config.get("context")),
        targets=targets,
        target_ids=[t.id for t in targets],
        example_claim=EXAMPLE_CLAIMS.get(targets[0].id, "The government should pursue this policy."),
        training_data=_training_data(config),
        hyperparameters={k: v for k, v in config.items() if k != "base_model"},
        encoder_layers=config.get("encoder_layers"),
        frozen_layers=config.get("frozen_layers"),
        parameters=_parameter_count(path),
        results_table=_results_table(metrics) + _benchmarks_table(_read_json(path / BENCHMARKS_FILE)),
        calibration=_calibration_text(calibration, tfidf=tfidf),
        tfidf=tfidf,
        tfidf_weight=config.get("tfidf_weight", 1.0),
        int8=_read_json(path / ONNX_DIR / INT8_RECORD),
        int8_min=INT8_MIN_AGREEMENT,
    )
    return str(card)


def _training_data(config: dict[str, Any]) -> str:
    """The corpus's description, and a line on any rows without an origin (a user's own data, which this card
    cannot describe)."""
    origins = config.get("train_origins") or {}
    other = origins.get("unknown")
    if not other:
        return TRAINING_DATA
    described = "this card cannot describe: say here where they come from, how they were labelled and by whom."
    if not set(origins) & {"real", "synthetic"}:  # none of the corpus
        return f"{other:,} training rows without an origin (not the policy-stance corpus), which {described}"
    return f"{TRAINING_DATA} **Other data:** {other:,} training rows without an origin, which {described}"


def _parameter_count(path: Path) -> str:
    """The weights' parameter count in millions, read from the safetensors header ("15.6M"); "?" without weights."""
    from safetensors import safe_open

    weights = path / WEIGHTS_FILE
    if not weights.is_file():
        return "?"
    with safe_open(str(weights), framework="np") as handle:
        total = sum(int(np.prod(handle.get_slice(name).get_shape())) for name in handle.keys())  # noqa: SIM118 (not a dict)
    return f"{total / 1e6:.1f}M"


BENCHMARKS_FILE = "benchmarks.json"
BENCHMARKS_NOTE = "measured with the project's `scripts/benchmark_*.py`; the recipe is retrained on each benchmark"


def write_model_card(model_dir: str | Path) -> Path:
    path = Path(model_dir) / "README.md"
    path.write_text(render_model_card(model_dir), encoding="utf-8")
    return path


def add_benchmark_rows(model_dir: str | Path, rows: list[dict[str, Any]], note: str = BENCHMARKS_NOTE) -> Path:
    """Record benchmark rows in the model's ``benchmarks.json`` and re-render its card.

    A row is ``{"dataset", "system", "metric", "value", "source", ...}``, where ``source`` names the script that
    measured it. The rows replace every earlier row of the same dataset and source, so rerunning a benchmark drops its
    stale rows (seeds it did not repeat) and leaves other scripts' rows alone.
    """
    file = Path(model_dir) / BENCHMARKS_FILE
    old = _read_json(file).get("rows", [])
    replaced = {(r["dataset"], r.get("source")) for r in rows}
    kept = [r for r in old if (r["dataset"], r.get("source")) not in replaced]
    file.write_text(json.dumps({"note": note, "rows": kept + rows}, indent=2) + "\n", encoding="utf-8")
    return write_model_card(model_dir)


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _scored_parts(metrics: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(split, origin, scores) for every scored part of ``metrics.json``, real prose first.

    ``metrics.json`` holds ``{split: {origin: scores}}``; a model trained before origins existed has ``{split: scores}``.
    """
    parts = []
    for split, by_origin in metrics.items():
        if "n" in by_origin:
            by_origin = {"all": by_origin}
        for origin in sorted(by_origin, key=lambda o: ORIGIN_ORDER.index(o) if o in ORIGIN_ORDER else 99):
            parts.append((split, origin, by_origin[origin]))
    order = {"test": 0, "dev": 1}
    return sorted(parts, key=lambda p: (ORIGIN_ORDER.index(p[1]) if p[1] in ORIGIN_ORDER else 99, order.get(p[0], 2)))


def _results_table(metrics: dict[str, Any]) -> str:
    if not metrics:
        return "No evaluation was run."
    parts = _scored_parts(metrics)
    lines = ["| text | split | n | accuracy | macro-F1 | F_avg | ECE |", "|---|---|---|---|---|---|---|"]
    for split, origin, m in parts:
        interval = m.get("macro_f1_interval")
        bracket = f" [{interval['low']:.3f}, {interval['high']:.3f}]" if interval else ""
        lines.append(
            f"| {ORIGIN_NAMES.get(origin, origin)} | {split} | {m['n']} | {m['accuracy']:.3f} | "
            f"{m['macro_f1']:.3f}{bracket} | {m['f_avg']:.3f} | {m.get('ece', float('nan')):.3f} |"
        )
    levels = {m["macro_f1_interval"].get("ci", 0.95) for _, _, m in parts if "macro_f1_interval" in m}
    if levels:
        level = "/".join(f"{x:.0%}" for x in sorted(levels))
        lines += [
            "",
            (
                f"In brackets: the {level} interval of macro-F1 from resampling the split's documents (a percentile "
                "bootstrap; claims of one document are not independent). It says how far another sample of such "
                "documents could move the score, not how far another training seed could."
            ),
        ]
    for split, origin, m in parts:
        if split != "test" or origin == "all" and len(parts) > 2 or not m.get("per_target"):
            continue
        lines += [
            "",
            f"Per target ({ORIGIN_NAMES.get(origin, origin)}, test): F1 of each label.",
            "",
            "| target | favor | against | none | macro-F1 |",
            "|---|---|---|---|---|",
        ]
        for target, t in m["per_target"].items():
            f1 = {k: v["f1"] for k, v in t["labels"].items()}
            lines.append(
                f"| {target} | {f1['favor']:.3f} | {f1['against']:.3f} | {f1['none']:.3f} | {t['macro_f1']:.3f} |"
            )
    return "\n".join(lines)


def _benchmarks_table(benchmarks: dict[str, Any]) -> str:
    """The training recipe on public benchmarks (``benchmarks.json``, written by the ``scripts/benchmark_*.py``)."""
    if not benchmarks.get("rows"):
        return ""
    lines = [
        "",
        "",
        (
            f"The same training recipe on public benchmarks ({benchmarks['note']}), scored on their test "
            "splits, with the baselines in the same harness:"
        ),
        "",
        "| dataset | system | metric | test |",
        "|---|---|---|---|",
    ]
    for row in benchmarks["rows"]:
        lines.append(f"| {row['dataset']} | {row['system']} | {row['metric']} | {100 * row['value']:.2f} |")
    return "\n".join(lines)


def _calibration_text(calibration: dict[str, Any], *, tfidf: bool = False) -> str:
    if not calibration:
        return "Not calibrated (temperature 1)."
    fitted_on = calibration.get("fitted_on", "dev split")
    offsets = calibration.get("none_offsets")
    floor = calibration.get("none_offsets_min_stances")
    only = f" (only for a target with at least {floor} stances there; the others keep 0)" if floor else ""
    shift = ""
    if offsets:
        shift = (
            f"Each target's `none` logit was first shifted by an offset chosen to maximise macro-F1 on the same "
            f"rows{only}, and the offsets are folded into the saved output bias ("
            + (
                "fitted to the encoder and TF-IDF together"
                if tfidf
                else "so plain `transformers` gives the same labels"
            )
            + "): "
            + ", ".join(f"{t} {v:+.2f}" for t, v in offsets.items())
            + ". "
        )
    return (
        f"{shift}Logits are divided by a temperature of {calibration['temperature']:.3f} fitted on the "
        f"{fitted_on} (`calibration.json`). Expected calibration error there: {calibration['ece_before']:.3f} "
        f"before, {calibration['ece_after']:.3f} after."
    )
