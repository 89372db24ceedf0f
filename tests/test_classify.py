import json
import shutil

import numpy as np
import pytest

from stance.classify import StanceClassifier, check_model_dir, softmax
from stance.errors import ModelError
from stance.runtime import has_bf16_units
from stance.targets import load_targets
from tests.conftest import build_tiny_model


def test_probabilities_have_one_row_per_claim_and_target(tiny_model):
    clf = StanceClassifier(tiny_model, batch_size=4).load()
    texts = ["Talks must resume.", "Sanctions failed.", "Drills deter aggression.", "x " * 5]
    probs = clf.predict_proba(texts, clf.targets_)
    assert probs.shape == (4, 3, 3)
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-5)
    stances = clf.predict(texts, clf.targets_)
    assert [s.target for s in stances[0]] == ["engagement", "sanctions", "deterrence"]
    assert stances[0][0].score == max(stances[0][0].probs.values())
    assert clf.predict_proba([], clf.targets_).shape == (0, 3, 3)
    assert clf.row_logits([], []).shape == (0, 3)  # as for a pair model: nothing to score is no error


def test_batch_size_and_order_do_not_change_scores(tiny_model):
    texts = [f"Claim number {i} " + "word " * (i % 7) for i in range(20)]
    targets = load_targets()
    a = StanceClassifier(tiny_model, batch_size=3).load().predict_proba(texts, targets)
    b = StanceClassifier(tiny_model, batch_size=64).load().predict_proba(texts[::-1], targets)[::-1]
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_a_word_broken_at_a_line_end_and_a_markdown_link_are_read_as_the_clean_claim(tiny_model):
    clf = StanceClassifier(tiny_model).load()
    clean = ["Enforce the sanctions, as the panel urged.", "Talks must resume."]
    messy = ["Enforce the sanc-\ntions, as [the panel](https://un.org/p) urged.", "Talks must re-\r\nsume."]
    expected = clf.predict_proba(clean, clf.targets_)
    np.testing.assert_allclose(clf.predict_proba(messy, clf.targets_), expected, atol=1e-6)
    rows = clf.row_logits(messy, [clf.targets_[0]] * 2)
    np.testing.assert_allclose(rows, clf.logits(clean, clf.targets_)[0][:, 0], atol=1e-5)
    # a hyphen within a line is the writer's, and read as written
    assert not np.allclose(
        clf.predict_proba(["Enforce the sanc- tions, as the panel urged."], clf.targets_), expected[:1]
    )


def test_claim_longer_than_the_window_is_truncated_and_flagged(tiny_model):
    clf = StanceClassifier(tiny_model, max_length=32).load()
    logits, truncated = clf.logits(["short claim", "long " * 200], clf.targets_)
    assert logits.shape == (2, 3, 3)
    assert truncated.tolist() == [False, True]


def test_temperature_is_read_from_calibration_file_and_applied(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    (model / "calibration.json").write_text(json.dumps({"temperature": 2.0}))
    clf = StanceClassifier(model).load()
    assert clf.temperature_ == 2.0
    texts, targets = ["Talks must resume.", "Sanctions failed."], clf.targets_
    logits, _ = clf.logits(texts, targets)
    np.testing.assert_allclose(clf.predict_proba(texts, targets), softmax(logits / 2.0), rtol=1e-5)
    assert not np.allclose(softmax(logits / 2.0), softmax(logits), atol=1e-3)  # the tiny model's logits differ
    (model / "calibration.json").write_text("{}")
    with pytest.raises(ModelError, match="calibration.json is corrupt"):
        StanceClassifier(model).load()


def test_missing_corrupt_and_pickle_model_directories_raise_clear_errors(tiny_model, tmp_path):
    with pytest.raises(ModelError, match="no model directory"):
        check_model_dir(tmp_path / "absent")
    broken = shutil.copytree(tiny_model, tmp_path / "no-config")
    (broken / "config.json").unlink()
    with pytest.raises(ModelError, match="no config.json"):
        check_model_dir(broken)
    pickled = shutil.copytree(tiny_model, tmp_path / "pickled")
    (pickled / "model.safetensors").rename(pickled / "pytorch_model.bin")
    with pytest.raises(ModelError, match="pickle weights"):
        check_model_dir(pickled)
    truncated = shutil.copytree(tiny_model, tmp_path / "truncated")
    data = (truncated / "model.safetensors").read_bytes()
    (truncated / "model.safetensors").write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelError, match="cannot load the model"):
        StanceClassifier(truncated).load()


def test_using_an_unloaded_classifier_says_to_load_it():
    with pytest.raises(ModelError, match=r"call \.load\(\)"):
        StanceClassifier("anywhere").logits(["x"], load_targets())


def test_plain_transformers_pipeline_gives_the_same_labels_as_the_card_says(tiny_model):
    """The model directory works without this package, with the input and grouping the model card documents."""
    import math

    from transformers import pipeline

    claims = ["Talks must resume at once.", "Sanctions have failed and should go.", "Drills keep the peace."]
    clf = StanceClassifier(tiny_model).load()
    ours = clf.predict(claims, clf.targets_)
    plain = pipeline("text-classification", model=str(tiny_model), top_k=None, function_to_apply="none")
    for claim, stances in zip(claims, ours):
        scores = {s["label"]: s["score"] for s in plain([claim])[0]}
        for stance in stances:
            logits = {label: scores[f"{stance.target}|{label}"] for label in ("favor", "against", "none")}
            assert max(logits, key=logits.get) == stance.label
            total = sum(math.exp(v) for v in logits.values())
            assert math.exp(logits[stance.label]) / total == pytest.approx(stance.score, abs=1e-4)


def test_a_target_without_a_head_is_refused_with_the_known_ones(tiny_model):
    from stance.errors import TargetError
    from stance.types import Target

    clf = StanceClassifier(tiny_model).load()
    with pytest.raises(TargetError, match=r"no head for target\(s\) \['tariffs'\].*deterrence"):
        clf.predict(["x y z"], [Target("tariffs", "trade tariffs")])


def test_onnx_int8_runtime_matches_torch_closely(tiny_model, tmp_path):
    model = shutil.copytree(tiny_model, tmp_path / "m")
    other_model = build_tiny_model(tmp_path / "other", seed=1)
    texts = [
        f"Claim {i}: sanctions must be enforced, talks should resume, drills deter." * (1 + i % 3) for i in range(24)
    ]
    targets = load_targets()
    torch_probs = StanceClassifier(model).load().predict_proba(texts, targets)
    onnx_clf = StanceClassifier(model, runtime="onnx-int8").load()
    assert (model / "onnx" / "model.int8.onnx").exists()
    onnx_probs = onnx_clf.predict_proba(texts, targets)
    assert onnx_probs.shape == torch_probs.shape
    np.testing.assert_allclose(onnx_probs, torch_probs, atol=0.05)
    # the cached export is reused, and made again when the weights change (a model retrained into the same folder)
    exported = (model / "onnx" / "model.int8.onnx").stat().st_mtime_ns
    assert StanceClassifier(model, runtime="onnx-int8").load().predict_proba(texts, targets).shape == torch_probs.shape
    assert (model / "onnx" / "model.int8.onnx").stat().st_mtime_ns == exported
    shutil.copy(other_model / "model.safetensors", model / "model.safetensors")
    retrained = StanceClassifier(model, runtime="onnx-int8").load().predict_proba(texts, targets)
    np.testing.assert_allclose(retrained, StanceClassifier(model).load().predict_proba(texts, targets), atol=0.05)


def test_bf16_runtime_matches_torch_closely_or_is_refused_where_it_would_be_slow(tiny_model):
    if not has_bf16_units():  # oneDNN would emulate bfloat16: slower than fp32, so it is refused
        with pytest.raises(ModelError, match="needs a CPU with bfloat16 units"):
            StanceClassifier(tiny_model, runtime="bf16").load()
        return
    texts = [f"Claim {i}: sanctions must be enforced, talks should resume." * (1 + i % 3) for i in range(24)]
    targets = load_targets()
    fp32 = StanceClassifier(tiny_model).load().predict_proba(texts, targets)
    bf16 = StanceClassifier(tiny_model, runtime="bf16").load().predict_proba(texts, targets)
    np.testing.assert_allclose(bf16, fp32, atol=0.02)


def test_unknown_runtime_is_refused(tiny_model):
    with pytest.raises(ModelError, match="runtime must be one of"):
        StanceClassifier(tiny_model, runtime="tpu").load()


def test_the_tiny_test_model_is_not_a_constant(tiny_model):
    # Every agreement test below would pass against a model that always says 1/3; this one has learnt the toy task.
    from stance.types import LABELS, Target
    from tests.conftest import TARGET_LINES, TOY

    classifier = StanceClassifier(tiny_model).load()
    targets = [Target(t["id"], t["description"]) for t in TARGET_LINES]
    probs = classifier.predict_proba([text for text, _ in TOY], targets)  # (texts, targets, 3)
    predicted = probs.argmax(axis=-1)
    gold = np.array([[LABELS.index(labels.get(t.id, "none")) for t in targets] for _, labels in TOY])
    assert (predicted == gold).mean() > 0.9 and probs.std() > 0.2


def test_the_window_is_the_one_the_model_was_trained_with_unless_given(tiny_model, tmp_path):
    import json
    import shutil

    model = shutil.copytree(tiny_model, tmp_path / "m")
    recipe = model / "training_config.json"
    record = json.loads(recipe.read_text()) if recipe.exists() else {}
    recipe.write_text(json.dumps({**record, "max_length": 16}))
    assert StanceClassifier(model, runtime="torch").load().max_length_ == 16
    assert StanceClassifier(model, runtime="torch", max_length=32).load().max_length_ == 32
    texts = ["Sanctions " * 40]
    _, truncated = StanceClassifier(model, runtime="torch").load().logits(texts, load_targets())
    assert truncated.tolist() == [True]
