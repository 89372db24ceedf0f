"""Layers point one way: io → segment → classify → pipeline → compare → report → cli."""

import ast
from pathlib import Path

import stance
from tests.conftest import one_claim_record

PACKAGE = Path(stance.__file__).parent
# What each module may import from the rest of the package.
ALLOWED = {
    "types": set(),
    "errors": set(),
    "targets": {"errors", "types"},
    "io": {"errors", "text", "types"},
    "judgments": {"errors", "types"},
    "furniture": {"speakers"},
    "layout": {"furniture", "speakers", "text"},
    "speakers": set(),
    "text": set(),
    "annotation": {"types"},
    "evaluate": {"types"},
    "runtime": {"errors", "text"},
    "tfidf": {"errors", "types"},
    "baselines": {"tfidf", "types"},
    "training_args": set(),
    "layer_cache": set(),
    "segment": {"errors", "furniture", "layout", "speakers", "text", "types"},
    "classify": {"errors", "runtime", "targets", "text", "tfidf", "types"},
    "model_card": {"runtime", "targets", "tfidf"},
    "heldout": {"classify", "evaluate", "judgments", "quantify", "runtime", "targets", "types"},
    "calibrate": {"classify", "evaluate", "heldout", "judgments", "types"},
    "train": {
        "calibrate",
        "classify",
        "errors",
        "heldout",
        "layer_cache",
        "model_card",
        "quantify",
        "runtime",
        "targets",
        "text",
        "tfidf",
        "training_args",
        "types",
    },
    "memory": set(),
    "progress": set(),
    "pipeline": {"annotation", "classify", "errors", "io", "memory", "segment", "targets", "text", "types"},
    "options": {"segment"},
    "batch": {
        "classify",
        "errors",
        "io",
        "options",
        "pipeline",
        "progress",
        "quantify",
        "ray_engine",
        "runtime",
        "segment",
        "tfidf",
        "types",
    },
    "ray_engine": {"errors", "io", "options", "pipeline", "types"},
    "spacy_component": {"annotation", "pipeline", "segment", "types"},
    "info": {"classify", "runtime", "segment", "tfidf"},
    "posterior": set(),
    "quantify": {"errors", "types"},
    "compare": {"annotation", "errors", "io", "posterior", "progress", "quantify", "types"},
    "trends": {"compare", "errors", "progress", "quantify"},
    "exchange": {"errors", "types"},
    "report": {"annotation", "compare", "errors", "io", "quantify", "trends"},
}
HEAVY = {"torch", "transformers", "spacy", "datasets"}


def imports_of(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_each_module_imports_only_lower_layers():
    for module, allowed in ALLOWED.items():
        internal = {n.split(".")[1] for n in imports_of(module) if n.startswith("stance.") and n != "stance.data"}
        assert internal <= allowed, f"stance/{module}.py imports {internal - allowed}"


def test_every_module_is_placed_in_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__", "cli"}
    assert modules <= set(ALLOWED), f"add {modules - set(ALLOWED)} to ALLOWED"


def test_compare_and_annotation_need_neither_torch_nor_spacy():
    for module in ("compare", "posterior", "quantify", "trends", "report", "annotation", "io", "evaluate", "baselines"):
        heavy = {n.split(".")[0] for n in imports_of(module)} & HEAVY
        assert not heavy, f"stance/{module}.py imports {heavy}"


def test_stance_compare_runs_without_loading_torch_or_spacy(tmp_path):
    import json
    import subprocess
    import sys

    record = one_claim_record(meta={"year": 2001})
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({**record, "doc_id": "e", "author": "B"}) + "\n")
    code = (
        "import sys; from stance.cli import app; sys.argv = ['stance', 'compare', sys.argv[1], '-o', sys.argv[2], "
        "'--over', 'year', '--n-draws', '200']\ntry: app()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('torch', 'spacy', 'transformers') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path), str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
    assert (tmp_path / "r.html").exists()


def test_every_public_name_resolves_and_importing_stance_loads_none_of_the_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import sys, stance\n"
        "heavy = [m for m in ('torch', 'pandas', 'spacy', 'sklearn') if m in sys.modules]\n"
        "names = [n for n in stance.__all__ if n != '__version__']\n"
        "missing = [n for n in names if getattr(stance, n, None) is None]\n"
        "print(heavy, missing, len(names))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["[]", "[]"], out


def test_no_public_name_is_also_a_submodule_which_importing_would_replace():
    import pkgutil

    import stance

    assert not set(stance.__all__) & {m.name for m in pkgutil.iter_modules(stance.__path__)}
