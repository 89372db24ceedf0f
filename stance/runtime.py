"""How the encoder runs: torch (fp32 or bfloat16 products), or ONNX Runtime (fp32 or int8 weights) without torch.

``stance train`` exports every model it writes to ``<model_dir>/onnx/model.onnx`` (``torch.onnx.export``, TorchScript
exporter), so annotating with ``onnx`` needs only ``onnxruntime`` and ``tokenizers``: no torch or transformers import,
which is most of a run's start-up; on CPUs with int8 units it also writes an int8 copy (dynamic int8 quantisation,
``onnx-int8``; elsewhere made when that runtime is asked for). ``auto``
(the default) takes ``onnx-int8`` on CPUs that multiply int8 in hardware, else ``onnx``, when the export is there and
current and ONNX Runtime is installed, else ``torch`` (see :func:`choose_runtime`). ``bf16`` pays off only on CPUs with
bfloat16 units (AVX512-BF16, AMX).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from stance.errors import ModelError, missing_extra
from stance.text import encodable

RUNTIMES = ("auto", "torch", "bf16", "onnx", "onnx-int8")
ONNX_DIR = "onnx"
FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
SOURCE_FILE = "source.json"
WEIGHTS_FILE = "model.safetensors"
# Where ONNX Runtime's int8 kernels multiply in hardware (AVX512-VNNI, AVX-VNNI, AMX): elsewhere int8 saves nothing.
INT8_UNITS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})
# `auto` takes a model's int8 copy only if its labels equal fp32's on at least this share of the judgments
# `stance train` measured them on (recorded beside the copy, in INT8_RECORD).
INT8_MIN_AGREEMENT = 0.99
INT8_MIN_JUDGMENTS = 500  # fewer say too little: 20 of 20 agreeing is compatible with 85% agreement
INT8_RECORD = "model.int8.json"

logger = logging.getLogger("stance")

Batch = Sequence[tuple[str, "str | None"]]


def choose_runtime(model_dir: Path) -> str:
    """What ``auto`` runs ``model_dir`` with: ``onnx-int8`` on a CPU with int8 dot-product units (VNNI or AMX) when the
    model ships its int8 copy and its build measured that copy's labels equal to fp32's on at least
    :data:`INT8_MIN_AGREEMENT` of its test judgments, else ``onnx`` when ONNX Runtime is installed and ``model_dir``
    holds an export of its current weights, else ``torch``.

    ``onnx`` and ``torch`` both compute in fp32, so their labels agree; ``onnx`` starts seconds sooner because it
    imports neither torch nor transformers. int8 weights change a few labels (on the corpus's real-prose splits and
    on real UN passages its labels equal fp32's on 99.1-99.8% of (claim, target) pairs), and are faster only where the
    CPU multiplies int8 in hardware; scripts/benchmark_throughput.py measures both.
    """
    if importlib.util.find_spec("onnxruntime") is None:
        return "torch"
    if not export_is_current(model_dir):
        logger.info("%s has no ONNX export of its current weights; annotating with torch", model_dir)
        return "torch"
    if (model_dir / ONNX_DIR / INT8_FILE).is_file() and has_int8_units() and _int8_agrees(model_dir):
        return "onnx-int8"
    return "onnx"


def has_int8_units() -> bool | None:
    """Whether this CPU has int8 dot products that add in 32 bits (VNNI, AMX); ``None`` where its flags are unknown.

    Without them ONNX Runtime's u8 x s8 kernels add pairs of products in 16 bits, which can saturate; ONNX Runtime
    advises 7-bit weights there (``reduce_range``), and :func:`quantise_int8` follows that advice (README, "How it
    works").
    """
    flags = cpu_features()[1]
    return bool(INT8_UNITS & flags) if flags else None


def _int8_agrees(model_dir: Path) -> bool:
    """Whether the build measured the int8 copy's labels equal to fp32's on enough of its test judgments."""
    try:
        measured = json.loads((model_dir / ONNX_DIR / INT8_RECORD).read_text("utf-8"))
        return measured["agreement"] >= INT8_MIN_AGREEMENT and measured["judgments"] >= INT8_MIN_JUDGMENTS
    except (OSError, ValueError, KeyError, TypeError):
        # Not measured (a copy made at annotation time, a model trained without test rows or by an older version).
        return False


def cpu_features() -> tuple[str, set[str]]:
    """This CPU's model name and instruction-set flags, as Linux reports them (``("", set())`` elsewhere)."""
    model, flags = "", set()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and not model:
                model = value.strip()
            elif key.strip() == "flags":
                flags = set(value.split())
                break
    return model, flags


def export_is_current(model_dir: Path) -> bool:
    """Whether ``<model_dir>/onnx/model.onnx`` was exported from the weights now in ``model_dir``.

    The weights file's size and modification time, recorded at export, answer without hashing 90 MB; a copied
    directory (new times) is checked by the weights' sha256 once and its record refreshed where it is writable. A
    model retrained into the same directory has new weights and is exported again.
    """
    source = model_dir / ONNX_DIR / SOURCE_FILE
    weights = model_dir / WEIGHTS_FILE
    if not (model_dir / ONNX_DIR / FP32_FILE).is_file() or not source.is_file() or not weights.is_file():
        return False
    try:
        recorded = json.loads(source.read_text("utf-8"))
    except ValueError:
        return False
    if recorded.get("stamp") == _stamp(weights):
        return True
    if recorded.get("sha256") != file_sha256(weights):
        return False
    try:
        source.write_text(json.dumps({**recorded, "stamp": _stamp(weights)}) + "\n")
    except OSError:  # a read-only copy: checked by hash at every start
        pass
    return True


def export_onnx(model: Any, model_dir: Path) -> Path:
    """Export a loaded transformers model to ``<model_dir>/onnx/model.onnx`` (fp32) and record which weights it holds."""
    import torch

    folder = model_dir / ONNX_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target, tmp = folder / FP32_FILE, folder / (FP32_FILE + ".tmp")
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
        # Tracing notes that Python-level shape checks become constants and that indexing becomes Gather nodes; the
        # export is checked against torch on sequences and pairs of other lengths (tests/test_runtime.py).
        warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
        warnings.filterwarnings("ignore", message="Exporting aten::index operator", category=UserWarning)
        torch.onnx.export(
            model.eval(),
            (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
            str(tmp),
            input_names=list(example),
            output_names=["logits"],
            dynamic_axes={**{name: axes for name in example}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    os.replace(tmp, target)  # atomic: a half-written file is never taken for a finished one
    for stale in (INT8_FILE, INT8_RECORD):  # quantised from, and measured on, the weights being replaced
        (folder / stale).unlink(missing_ok=True)
    weights = model_dir / WEIGHTS_FILE
    (folder / SOURCE_FILE).write_text(json.dumps({"sha256": file_sha256(weights), "stamp": _stamp(weights)}) + "\n")
    return target


def quantise_int8(model_dir: Path) -> Path:
    """The int8 copy of the fp32 export, made once and cached beside it (needs the ``onnx`` package)."""
    folder = model_dir / ONNX_DIR
    quantised = folder / INT8_FILE
    if quantised.is_file():
        return quantised
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as err:
        raise ModelError("runtime 'onnx-int8' needs onnxruntime and onnx: pip install 'policy-stance[onnx]'") from err
    fp32 = folder / FP32_FILE
    # Per-channel weights; the pooler, the heads and each layer's feed-forward output projection kept in fp32: that
    # projection reads the GELU's long-tailed activations, and quantising it changed the most labels (README, "Speed").
    head = [
        n.name
        for n in onnx.load(str(fp32)).graph.node
        if n.op_type in ("MatMul", "Gemm")
        and ("classifier" in n.name or "pooler" in n.name or ("/output/dense" in n.name and "attention" not in n.name))
    ]
    tmp = folder / (INT8_FILE + ".tmp")
    reduce_range = has_int8_units() is False
    if reduce_range:
        logger.info("this CPU has no VNNI or AMX: quantising weights to 7 bits (reduce_range)")
    # The quantiser warns through the root logger, whose first use without a handler installs one on stderr for the
    # whole process (logging.basicConfig): a handler of ours for the call keeps the process's logging as it was.
    root, quiet = logging.getLogger(), logging.NullHandler()
    root.addHandler(quiet)
    try:
        quantize_dynamic(
            str(fp32),
            str(tmp),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=reduce_range,
            nodes_to_exclude=head,
        )
    finally:
        root.removeHandler(quiet)
    os.replace(tmp, quantised)
    return quantised


class TorchEncoder:
    """Tokenise with the model's transformers tokenizer and run the transformers model, in fp32 or bfloat16."""

    def __init__(self, model_dir: Path, *, max_length: int, bf16: bool = False) -> None:
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as err:
            raise missing_extra(err) from err
        if bf16:
            _prepare_bf16()
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
            self.model = AutoModelForSequenceClassification.from_pretrained(
                model_dir, local_files_only=True, use_safetensors=True, trust_remote_code=False
            ).eval()
        except Exception as err:  # transformers raises many types for a broken directory
            raise ModelError(
                f"cannot load the model in {model_dir}: {err}. Re-run `stance train` to rebuild it."
            ) from err
        self.max_length, self.bf16 = max_length, bf16

    def encode(self, batch: Batch) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Padded input arrays for a batch of texts or text pairs, and whether each input was cut at ``max_length``."""
        options = {"truncation": True, "max_length": self.max_length, "padding": True, "return_tensors": "np"}
        encoded = self._tokenize(batch, **options)
        truncated = np.zeros(len(batch), dtype=bool)
        full = encoded["attention_mask"].sum(axis=1) >= self.max_length
        if full.any():  # only a batch that hit the window can hold a truncated input
            lengths = [len(ids) for ids in self._tokenize(batch, truncation=False)["input_ids"]]
            truncated = full & (np.array(lengths) > self.max_length)
        return dict(encoded), truncated

    def _tokenize(self, batch: Batch, **options: Any) -> Any:
        first = [encodable(a) for a, _ in batch]
        if batch and batch[0][1] is None:
            return self.tokenizer(first, **options)
        return self.tokenizer(first, [encodable(b or "") for _, b in batch], **options)

    def forward(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        import torch

        inputs = {k: torch.from_numpy(v) for k, v in encoded.items()}
        # bf16: matrix products in bfloat16 (AMX / AVX512-BF16 units), layer norms and softmax kept in fp32 by autocast.
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            return self.model(**inputs).logits.float().numpy()


class OnnxEncoder:
    """Tokenise with the ``tokenizers`` library and run the ONNX export with ONNX Runtime: no torch, no transformers.

    The tokenizer is the model's own ``tokenizer.json`` (what its transformers tokenizer wraps), with the same
    truncation (longest first) and right padding to the batch's longest input, so both encoders feed the model the same ids.
    """

    def __init__(self, model_dir: Path, *, max_length: int, int8: bool = False) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as err:
            raise ModelError(
                "ONNX runtimes need onnxruntime and tokenizers: pip install 'policy-stance[model]'"
            ) from err
        if not export_is_current(model_dir):
            # A model written by an older `stance train`, or weights replaced by hand: export them (needs torch).
            export_onnx(TorchEncoder(model_dir, max_length=max_length).model, model_dir)
        graph = quantise_int8(model_dir) if int8 else model_dir / ONNX_DIR / FP32_FILE
        settings = json.loads((model_dir / "tokenizer_config.json").read_text("utf-8"))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        pad_token = settings.get("pad_token", "[PAD]")
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id(pad_token) or 0, pad_token=pad_token)
        self.tokenizer.enable_truncation(max_length, strategy="longest_first")
        options = ort.SessionOptions()
        options.log_severity_level = 3  # ONNX Runtime's own warnings about graph rewrites say nothing to the user
        self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, batch: Batch) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Padded input arrays for a batch of texts or text pairs, and whether each input was cut at ``max_length``."""
        if batch and batch[0][1] is None:
            encodings = self.tokenizer.encode_batch([encodable(a) for a, _ in batch])
        else:
            encodings = self.tokenizer.encode_batch([(encodable(a), encodable(b or "")) for a, b in batch])
        arrays = {
            name: np.array([getattr(e, field) for e in encodings], dtype=np.int64).reshape(len(batch), -1)
            for name, field in (
                ("input_ids", "ids"),
                ("attention_mask", "attention_mask"),
                ("token_type_ids", "type_ids"),
            )
        }
        return arrays, np.array([bool(e.overflowing) for e in encodings], dtype=bool)

    def forward(self, encoded: dict[str, np.ndarray]) -> np.ndarray:
        return self.session.run(["logits"], {k: v for k, v in encoded.items() if k in self.inputs})[0]


def has_bf16_units() -> bool:
    """Whether this CPU computes bfloat16 in hardware (AVX512-BF16 or AMX); elsewhere oneDNN emulates it, slowly."""
    import torch

    return torch.backends.mkldnn.is_available() and (
        torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    )


def _prepare_bf16() -> None:
    """Raise :class:`ModelError` unless this CPU has bfloat16 units (else ``bf16`` would be slower, not faster),
    and cap oneDNN's kernel cache."""
    if not has_bf16_units():
        raise ModelError("runtime 'bf16' needs a CPU with bfloat16 units (AVX512-BF16 or AMX); use --runtime torch")
    # oneDNN keeps a compiled kernel, with its own copy of reordered weights, for every input shape it has seen (1,024
    # by default); with dynamic padding a 2,000-document run peaked at 1,209 MB, and at 944 MB with 32, at the same
    # speed (scripts/benchmark_throughput.py). oneDNN reads this once per process, so it takes effect only if no
    # oneDNN kernel has run before.
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "32")


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
