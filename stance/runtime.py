"""Faster CPU runtimes than fp32 torch: bfloat16 matrix products, or ONNX Runtime with int8 weights.

``bf16`` runs torch under ``autocast``; it pays off on CPUs with bf16 units (AVX512-BF16, AMX), where it about halves
the classifier's time. ``onnx-int8`` exports the model once (``torch.onnx.export``, TorchScript exporter) and
quantises it with dynamic int8 quantisation; both files are cached in ``<model_dir>/onnx/``. It needs the ``onnx``
extra (``pip install policy-stance[onnx]``).
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import ModelError

ONNX_DIR = "onnx"
INT8_FILE = "model.int8.onnx"
SOURCE_FILE = "weights.sha256"


def has_bf16_units() -> bool:
    """Whether this CPU computes bfloat16 in hardware (AVX512-BF16 or AMX); elsewhere oneDNN emulates it, slowly."""
    import torch

    return torch.backends.mkldnn.is_available() and (
        torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    )


def prepare_bf16() -> None:
    """Raise :class:`ModelError` unless this CPU has bfloat16 units (else ``bf16`` would be slower, not faster),
    and cap oneDNN's kernel cache."""
    if not has_bf16_units():
        raise ModelError("runtime 'bf16' needs a CPU with bfloat16 units (AVX512-BF16 or AMX); use --runtime torch")
    # oneDNN keeps a compiled kernel, with its own copy of reordered weights, for every input shape it has seen (1,024
    # by default); with dynamic padding a 2,000-document run peaked at 1,209 MB, and at 944 MB with 32, at the same
    # speed (scripts/benchmark_throughput.py). oneDNN reads this once per process, so it takes effect only if no
    # oneDNN kernel has run before.
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "32")


def int8_session(model: Any, model_dir: Path) -> Any:
    """An ONNX Runtime session for ``model`` (a loaded transformers model), exporting and quantising it if needed."""
    try:
        import onnxruntime as ort
    except ImportError as err:
        raise ModelError("runtime 'onnx-int8' needs onnxruntime and onnx: pip install 'policy-stance[onnx]'") from err
    folder = model_dir / ONNX_DIR
    quantised = folder / INT8_FILE
    # The export is tied to the weights it came from: a model retrained into the same directory is exported again.
    source = folder / SOURCE_FILE
    weights = _weights_digest(model_dir)
    if not quantised.exists() or not source.exists() or source.read_text().strip() != weights:
        _export_int8(model, folder, quantised)
        source.write_text(weights + "\n")
    options = ort.SessionOptions()
    options.intra_op_num_threads = _threads()
    return ort.InferenceSession(str(quantised), options, providers=["CPUExecutionProvider"])


def run_session(session: Any, encoded: dict[str, np.ndarray]) -> np.ndarray:
    """Logits for a tokenised batch (numpy arrays), feeding only the inputs the graph declares."""
    names = {i.name for i in session.get_inputs()}
    feed = {k: v.astype(np.int64) for k, v in encoded.items() if k in names}
    return session.run(["logits"], feed)[0]


def _export_int8(model: Any, folder: Path, quantised: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    fp32 = folder / "model.onnx"
    example = {
        "input_ids": torch.ones((2, 8), dtype=torch.long),
        "attention_mask": torch.ones((2, 8), dtype=torch.long),
        "token_type_ids": torch.zeros((2, 8), dtype=torch.long),
    }
    axes = {0: "batch", 1: "sequence"}
    with torch.inference_mode(), warnings.catch_warnings():
        # The TorchScript exporter is chosen on purpose (the dynamo one needs onnxscript and traces this BERT with
        # data-dependent shapes); torch's notice that it is legacy says nothing to the user.
        warnings.filterwarnings(
            "ignore", message="You are using the legacy TorchScript-based ONNX export", category=DeprecationWarning
        )
        torch.onnx.export(
            model,
            (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
            str(fp32),
            input_names=list(example),
            output_names=["logits"],
            dynamic_axes={**{name: axes for name in example}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    import onnx

    # Per-channel weights, and the pooler and heads kept in fp32: measured on the corpus test claims, labels agree
    # with fp32 torch on 98.1% of (claim, target) pairs, against 96.2% for per-tensor quantisation of every layer.
    head = [
        n.name
        for n in onnx.load(str(fp32)).graph.node
        if n.op_type in ("MatMul", "Gemm") and ("classifier" in n.name or "pooler" in n.name)
    ]
    tmp = quantised.with_suffix(".tmp")
    quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=head)
    os.replace(tmp, quantised)  # atomic: a half-written file is never taken for a finished one


def _weights_digest(model_dir: Path) -> str:
    return "".join(file_sha256(file) for file in sorted(model_dir.glob("*.safetensors")))


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _threads() -> int:
    import torch

    return torch.get_num_threads()
