import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
from safetensors.numpy import load_file

from stance.classify import StanceClassifier
from stance.errors import ModelError
from stance.targets import load_targets
from stance.tfidf import TFIDF_DIR, TfidfModel
from stance.types import LABELS
from tests.conftest import TARGET_LINES, TOY

TARGETS = [t["id"] for t in TARGET_LINES]
ROWS = [
    {"text": f"{text} ({i})", "target": target, "label": labels.get(target, "none")}
    for i in range(3)
    for text, labels in TOY
    for target in TARGETS
]
TEXTS = ["Resume the talks.", "Enforce the sanctions.", "Bring the troops home.", "It rained."]


@pytest.fixture(scope="module")
def fitted() -> TfidfModel:
    return TfidfModel(min_rows_per_target=5).fit(ROWS)


def test_save_and_load_give_the_same_probabilities(fitted, tmp_path):
    loaded = TfidfModel.load(fitted.save(tmp_path / "tfidf"))
    assert sorted(loaded.targets_) == sorted(fitted.targets_) == sorted(TARGETS)
    np.testing.assert_allclose(loaded.log_proba(TEXTS, TARGETS), fitted.log_proba(TEXTS, TARGETS), atol=1e-5)
    queries = [{"text": text, "target": target} for text in TEXTS for target in TARGETS]
    np.testing.assert_allclose(loaded.predict_proba(queries), fitted.predict_proba(queries), atol=1e-6)
    assert not list((tmp_path / "tfidf").glob("*.pkl")) and not list((tmp_path / "tfidf").glob("*.joblib"))
    again = TfidfModel.load(tmp_path / "tfidf")
    again.save(tmp_path / "again")  # a loaded model saves what it read
    written, read = (load_file(str(tmp_path / d / "weights.safetensors")) for d in ("tfidf", "again"))
    assert sorted(written) == sorted(read) and all((written[k] == read[k]).all() for k in written)
    assert (tmp_path / "again" / "vocabulary.json").read_text() == (tmp_path / "tfidf" / "vocabulary.json").read_text()


def test_a_model_fitted_without_the_fallback_loads_without_it(tmp_path):
    model = TfidfModel(min_rows_per_target=5, fallback=False).fit(ROWS)
    loaded = TfidfModel.load(model.save(tmp_path / "tfidf"))
    assert (
        loaded.fallback is False
        and TfidfModel.load(TfidfModel(min_rows_per_target=5).fit(ROWS).save(tmp_path / "f")).fallback
    )
    with pytest.raises(ModelError, match="no TF-IDF model for target"):
        loaded.predict_proba([{"text": "Talks.", "target": "tariffs"}])


def test_loading_leaves_scikit_learn_unimported_until_a_text_is_scored(fitted, tmp_path):
    fitted.save(tmp_path / "tfidf")
    script = (
        "import sys; from stance.tfidf import TfidfModel; m = TfidfModel.load(sys.argv[1]); "
        "print('sklearn' in sys.modules); m.log_proba(['Lift the sanctions.'], ['sanctions']); "
        "print('sklearn' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "tfidf")], check=False, capture_output=True, text=True
    )
    assert done.stdout.split() == ["False", "True"], done.stderr


def test_probabilities_are_the_regressions_and_learn_the_toy_task(fitted):
    probs = fitted.predict_proba([{"text": text, "target": "sanctions"} for text, _ in TOY])
    assert np.allclose(probs.sum(axis=1), 1)
    assert [LABELS[i] for i in probs.argmax(axis=1)][2:4] == ["favor", "against"]
    assert np.allclose(np.exp(fitted.log_proba(TEXTS, TARGETS)).sum(axis=-1), 1, atol=1e-5)
    rows = fitted.row_log_proba(TEXTS, ["sanctions", "engagement", "sanctions", "deterrence"])
    np.testing.assert_allclose(rows, fitted.log_proba(TEXTS, TARGETS)[np.arange(4), [1, 0, 1, 2]])


def test_log_proba_is_zero_where_the_model_has_no_say():
    # "deterrence" has too few rows for a model of its own; "sanctions" was never labelled "against" here.
    rows = [r for r in ROWS if r["target"] == "engagement" or r["target"] == "sanctions" and r["label"] != "against"]
    rows += [r for r in ROWS if r["target"] == "deterrence"][:3]
    model = TfidfModel(min_rows_per_target=5, fallback=False).fit(rows)
    out = model.log_proba(TEXTS, ["engagement", "sanctions", "deterrence", "unseen"])
    assert np.all(out[:, 1:] == 0) and np.all(out[:, 0] < 0)
    with pytest.raises(ModelError, match="no TF-IDF model for target"):
        model.predict_proba([{"text": "x", "target": "unseen"}])


def test_an_unreadable_folder_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no readable TF-IDF model"):
        TfidfModel.load(tmp_path)


def test_the_classifier_adds_the_tfidf_log_probabilities_to_the_encoders_logits(tiny_model, fitted, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    fitted.save(folder / TFIDF_DIR)
    targets = load_targets(folder / "targets.jsonl")
    blended = StanceClassifier(folder, runtime="torch").load()
    encoder = StanceClassifier(folder, runtime="torch", tfidf=False).load()
    assert blended.tfidf_ is not None and encoder.tfidf_ is None
    expected = encoder.logits(TEXTS, targets)[0] + fitted.log_proba(TEXTS, TARGETS)
    np.testing.assert_allclose(blended.logits(TEXTS, targets)[0], expected, atol=1e-4)
    # Row by row (training's calibration and scores read these) the same sums.
    pairs = [(text, target) for text in TEXTS for target in targets]
    rows = blended.row_logits([p[0] for p in pairs], [p[1] for p in pairs])
    np.testing.assert_allclose(rows, expected.reshape(-1, 3), atol=1e-4)
    onnx = StanceClassifier(folder, runtime="onnx").load()  # every runtime blends the same way
    np.testing.assert_allclose(onnx.logits(TEXTS, targets)[0], expected, atol=1e-3)


def test_the_tfidf_part_is_weighted_as_the_training_config_says(tiny_model, fitted, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    fitted.save(folder / TFIDF_DIR)
    (folder / "training_config.json").write_text(json.dumps({"tfidf_weight": 1.5}))
    targets = load_targets(folder / "targets.jsonl")
    blended = StanceClassifier(folder, runtime="torch").load()
    encoder = StanceClassifier(folder, runtime="torch", tfidf=False).load()
    assert blended.tfidf_weight_ == 1.5
    expected = encoder.logits(TEXTS, targets)[0] + 1.5 * fitted.log_proba(TEXTS, TARGETS)
    np.testing.assert_allclose(blended.logits(TEXTS, targets)[0], expected, atol=1e-4)
    pairs = [(text, target) for text in TEXTS for target in targets]
    texts, chosen = [p[0] for p in pairs], [p[1] for p in pairs]
    lexical = blended.lexical_row_logits(texts, [t.id for t in chosen])
    np.testing.assert_allclose(
        blended.row_logits(texts, chosen) - lexical, encoder.row_logits(texts, chosen), atol=1e-4
    )
    assert not encoder.lexical_row_logits(texts, [t.id for t in chosen]).any()


def test_the_setting_reaches_the_classifier_and_the_run_header(tiny_model, fitted, tmp_path):
    import stance
    from stance.options import AnnotateOptions, LoadOptions

    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    fitted.save(folder / TFIDF_DIR)
    assert stance.load(folder, nlp="blank").classifier.tfidf_ is not None
    assert stance.load(folder, nlp="blank", tfidf=False).classifier.tfidf_ is None
    assert AnnotateOptions(load=LoadOptions(tfidf=False)).record()["tfidf"] is False


def test_sample_weights_move_the_fit_and_must_match_the_rows(fitted):
    ones = TfidfModel(min_rows_per_target=5).fit(ROWS, sample_weight=[1.0] * len(ROWS))
    np.testing.assert_allclose(ones.log_proba(TEXTS, TARGETS), fitted.log_proba(TEXTS, TARGETS), atol=1e-4)
    # The first copy of each toy text counts five times over (the regression balances classes by weight, so weighting
    # a whole class would cancel out): the fit moves.
    heavy = [5.0 if row["text"].endswith("(0)") else 1.0 for row in ROWS]
    weighted = TfidfModel(min_rows_per_target=5).fit(ROWS, sample_weight=heavy)
    assert np.abs(weighted.log_proba(TEXTS, TARGETS) - fitted.log_proba(TEXTS, TARGETS)).max() > 0.01
    with pytest.raises(ValueError, match="one weight per row"):
        TfidfModel().fit(ROWS, sample_weight=[1.0])


def test_the_solver_reaches_the_same_regression_and_is_recorded(fitted, tmp_path):
    from safetensors import safe_open

    lbfgs = TfidfModel(min_rows_per_target=5, solver="lbfgs").fit(ROWS)
    assert lbfgs.solver == "lbfgs" and fitted.solver == "newton-cg"
    # The same convex objective: both solvers land on (nearly) the same probabilities.
    np.testing.assert_allclose(
        np.exp(lbfgs.log_proba(TEXTS, TARGETS)), np.exp(fitted.log_proba(TEXTS, TARGETS)), atol=0.02
    )
    with pytest.raises(ValueError, match="solver"):
        TfidfModel(min_rows_per_target=5, solver="no-such-solver").fit(ROWS)
    with safe_open(str(fitted.save(tmp_path / "t") / "weights.safetensors"), "np") as f:
        assert f.metadata()["solver"] == "newton-cg"


def test_a_target_whose_rows_carry_one_label_gets_no_model_of_its_own():
    rows = [{"text": f"claim {i}", "target": "t", "label": ("favor", "none")[i % 2]} for i in range(30)]
    rows += [{"text": f"other {i}", "target": "u", "label": "favor"} for i in range(30)]
    model = TfidfModel(fallback=False).fit(rows)
    assert set(model.weights_) == {"t"}
    assert not model.row_log_proba(["other 3"], ["u"]).any()  # zeros: the classifier is left as it was
