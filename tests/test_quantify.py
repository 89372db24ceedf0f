import json

import numpy as np
import pytest

from stance.errors import StanceError
from stance.quantify import Confusion, correct_shares, rates, read_confusion


def test_correction_undoes_a_known_confusion():
    confusion = np.array([[80, 0, 20], [0, 90, 10], [5, 5, 90]])
    true = np.array([0.5, 0.2, 0.3])
    observed = rates(confusion).T @ true
    np.testing.assert_allclose(correct_shares(observed, rates(confusion)), true, atol=1e-9)
    stacked = correct_shares(np.stack([observed] * 4), np.stack([rates(confusion)] * 4))
    np.testing.assert_allclose(stacked, np.stack([true] * 4), atol=1e-9)


def test_impossible_shares_are_clipped_to_the_simplex():
    corrected = correct_shares(np.array([0.0, 0.02, 0.98]), rates(np.array([[80, 0, 20], [0, 90, 10], [0, 5, 95]])))
    assert (corrected >= 0).all() and corrected.sum() == pytest.approx(1.0) and corrected[1] == 0.0


def test_confusion_draws_spread_with_few_test_claims_and_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    few = Confusion({"t": np.array([[4.0, 0, 1], [0, 3, 1], [1, 0, 9]])}, {"t": np.eye(3) * 5})
    many = Confusion({"t": few.labels["t"] * 100}, {"t": np.eye(3) * 500})
    spread = [m.draw("t", "labels", 2000, rng)[:, 0, 0].std() for m in (few, many)]
    assert spread[0] > 5 * spread[1]
    (tmp_path / "confusion.json").write_text(json.dumps(few.to_dict()))
    again = read_confusion(tmp_path)
    np.testing.assert_array_equal(again.labels["t"], few.labels["t"])
    with pytest.raises(StanceError, match="no target 'sanctions'"):
        again.counts("sanctions", "labels")
    with pytest.raises(StanceError, match="not found"):
        read_confusion(tmp_path / "nowhere")
