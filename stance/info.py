"""What this installation would use: package version, default model, segmenter, runtime and CPU (``stance info``).

Nothing here loads torch, transformers or spaCy; installed packages are looked up by name, so ``stance info`` also
runs, and says what is missing, on an install without the ``[model]`` extra.
"""

from __future__ import annotations

import json
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from stance.classify import MODEL_ENV_VAR, default_model_dir
from stance.runtime import WEIGHTS_FILE, choose_runtime, cpu_features, file_sha256
from stance.segment import installed_pipeline
from stance.tfidf import TFIDF_DIR

_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_tile", "amx_int8")


def describe() -> dict[str, Any]:
    """A JSON-able description of the installation.

    >>> sorted(describe())
    ['cpu', 'model', 'packages', 'python', 'segmenter', 'stance']
    """
    from stance import __version__

    return {
        "stance": __version__,
        "python": platform.python_version(),
        "model": _model(default_model_dir()),
        "segmenter": _segmenter(),
        "packages": {name: _version(name) for name in ("torch", "transformers", "spacy", "onnxruntime", "ray")},
        "cpu": _cpu(),
    }


def _model(path: Path) -> dict[str, Any]:
    weights = path / WEIGHTS_FILE
    record: dict[str, Any] = {"path": str(path), "from": "$" + MODEL_ENV_VAR if _env_set() else "default location"}
    if not weights.is_file():
        return {**record, "built": False, "hint": "build it with `make model` or `stance train`"}
    targets = path / "targets.jsonl"
    ids = (
        [json.loads(line)["id"] for line in targets.read_text().split("\n") if line.strip()] if targets.exists() else []
    )
    return {
        **record,
        "built": True,
        "weights_sha256": file_sha256(weights),
        "targets": ids,
        "confusion": (path / "confusion.json").exists(),
        "tfidf": (path / TFIDF_DIR).is_dir(),
        "runtime": choose_runtime(path),  # what `--runtime auto` runs it with
    }


def _segmenter() -> str:
    name = installed_pipeline()
    if name == "blank":
        return "blank('en') + sentencizer (no trained English pipeline installed)"
    return f"{name} (sentence recogniser)"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _cpu() -> dict[str, Any]:
    model, flags = cpu_features()
    return {"model": model or platform.processor(), "instructions": [f for f in _FLAGS if f in flags]}


def _env_set() -> bool:
    return bool(os.environ.get(MODEL_ENV_VAR))
