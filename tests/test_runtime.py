import json
import os
import shutil
import subprocess
import sys

import numpy as np

from stance import runtime
from stance.classify import StanceClassifier
from stance.runtime import (
    INT8_FILE,
    INT8_RECORD,
    ONNX_DIR,
    choose_runtime,
    export_is_current,
    export_onnx,
    quantise_int8,
)
from stance.targets import load_targets
from tests.conftest import build_tiny_model


def _exported(tiny_model, folder):
    model = shutil.copytree(tiny_model, folder)
    export_onnx(StanceClassifier(model, runtime="torch").load().model_, model)
    return model


def test_onnx_runtime_feeds_torchs_ids_and_gives_its_probabilities(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    torch_clf = StanceClassifier(model, runtime="torch", max_length=16).load()
    assert choose_runtime(model) == "torch"  # no export yet
    export_onnx(torch_clf.model_, model)
    assert choose_runtime(model) == "onnx"
    onnx_clf = StanceClassifier(model, max_length=16).load()
    assert onnx_clf.runtime_ == "onnx" and not hasattr(onnx_clf.encoder_, "model")
    texts = [("Talks must resume.", None), ("Sanctions " * 40, None)]
    pairs = [("Talks must resume.", "The envoy said so."), ("Sanctions " * 40, "Drills " * 30)]
    for batch in (texts, pairs):
        expected, expected_cut = torch_clf.encoder_.encode(batch)
        got, cut = onnx_clf.encoder_.encode(batch)
        assert set(got) == set(expected)
        for name in expected:
            np.testing.assert_array_equal(got[name], expected[name])
        assert cut.tolist() == expected_cut.tolist() == [False, True]
    claims = [f"Claim {i}: sanctions must be enforced, talks should resume." * (1 + i % 3) for i in range(12)]
    targets = load_targets()
    np.testing.assert_allclose(
        onnx_clf.predict_proba(claims, targets), torch_clf.predict_proba(claims, targets), atol=1e-5
    )


def test_an_export_follows_its_weights(tiny_model, tmp_path):
    model = _exported(tiny_model, tmp_path / "m")
    copy = shutil.copytree(model, tmp_path / "copy")
    os.utime(copy / "model.safetensors", ns=(1, 1))  # a copy has new times but the same bytes
    assert export_is_current(copy) and choose_runtime(copy) == "onnx"
    other = build_tiny_model(tmp_path / "other", seed=1, steps=0)
    shutil.copy(other / "model.safetensors", model / "model.safetensors")  # retrained into the same folder
    assert not export_is_current(model) and choose_runtime(model) == "torch"
    StanceClassifier(model, runtime="onnx").load()  # an explicit onnx exports the new weights
    assert export_is_current(model)


def test_auto_takes_the_int8_copy_only_on_a_cpu_with_int8_units_and_where_it_agrees(tiny_model, tmp_path, monkeypatch):
    model = _exported(tiny_model, tmp_path / "m")
    monkeypatch.setattr(runtime, "cpu_features", lambda: ("Some CPU", {"avx2", "avx512f", "avx512_vnni"}))
    assert choose_runtime(model) == "onnx"  # no int8 copy yet
    quantise_int8(model)
    assert choose_runtime(model) == "onnx"  # a copy nobody measured
    record = model / ONNX_DIR / INT8_RECORD
    record.write_text(json.dumps({"agreement": 0.985, "judgments": 1000, "measured_on": "test split, real prose"}))
    assert choose_runtime(model) == "onnx"  # measured, but below INT8_MIN_AGREEMENT
    record.write_text(json.dumps({"agreement": 1.0, "judgments": 20, "measured_on": "test split, real prose"}))
    assert choose_runtime(model) == "onnx"  # too few judgments to say
    record.write_text(json.dumps({"agreement": 0.995, "judgments": 1000, "measured_on": "test split, real prose"}))
    assert choose_runtime(model) == "onnx-int8"
    assert StanceClassifier(model).load().runtime_ == "onnx-int8"
    monkeypatch.setattr(runtime, "cpu_features", lambda: ("An AVX2 CPU", {"avx2", "fma"}))
    assert choose_runtime(model) == "onnx"
    export_onnx(StanceClassifier(model, runtime="torch").load().model_, model)  # new weights: copy and record go
    assert not (model / ONNX_DIR / INT8_FILE).exists() and not record.exists()


def test_int8_weights_use_7_bits_on_a_cpu_without_int8_units(tiny_model, tmp_path, monkeypatch):
    import onnx
    from onnx import numpy_helper

    def widest_int8_weight(model):
        weights = [numpy_helper.to_array(w) for w in onnx.load(str(model / ONNX_DIR / INT8_FILE)).graph.initializer]
        return max(int(np.abs(w.astype(np.int32)).max()) for w in weights if w.dtype == np.int8 and w.size > 1)

    for flags, widest in (({"avx2", "avx512_vnni"}, 127), ({"avx2", "fma"}, 64), (set(), 127)):  # set(): unknown
        model = _exported(tiny_model, tmp_path / f"m{widest}-{len(flags)}")
        monkeypatch.setattr(runtime, "cpu_features", lambda flags=flags: ("Some CPU", flags))
        quantise_int8(model)
        assert widest_int8_weight(model) == widest


def test_quantising_leaves_the_process_logging_as_it_was(tiny_model, tmp_path):
    # ONNX Runtime's quantiser warns through the root logger, which would install a stderr handler for the process.
    model = _exported(tiny_model, tmp_path / "m")
    code = (
        "import logging, sys; from pathlib import Path; from stance.runtime import quantise_int8; "
        f"quantise_int8(Path({str(model)!r})); print(len(logging.getLogger().handlers))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0" and "quantization" not in done.stderr
    assert (model / ONNX_DIR / INT8_FILE).is_file()


def test_annotating_through_onnx_imports_neither_torch_nor_pandas(tiny_model, tmp_path):
    model = _exported(tiny_model, tmp_path / "m")
    code = (
        "import sys\n"
        "from stance.segment import import_spacy_without_torch\n"
        "import_spacy_without_torch()\n"
        "import stance\n"
        f"pipe = stance.load({str(model)!r}, nlp='blank')\n"
        "claims = pipe('Talks must resume now. Sanctions should be enforced.').claims\n"
        "assert len(claims) == 2 and claims[0].stances, claims\n"
        "print(sorted(m for m in ('torch', 'transformers', 'pandas', 'scipy') if m in sys.modules))\n"
        "import torch\n"  # torch still imports afterwards
        "print(torch.ones(1).item())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "1.0"]
