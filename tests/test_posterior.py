import numpy as np
import pytest

from stance.posterior import rate_draws, rate_mean, shortest_interval


def test_intervals_cover_known_rates_of_clustered_documents():
    # Known truth: documents' rates spread around the group's (Beta with concentration 5), 1 to 12 documents.
    rng = np.random.default_rng(3)
    hits = []
    for _ in range(300):
        p, n_docs = rng.uniform(0.05, 0.95), int(rng.integers(1, 13))
        rates = rng.beta(5 * p, 5 * (1 - p), size=n_docs)
        trials = rng.integers(1, 30, size=n_docs)
        low, high = shortest_interval(rate_draws(rng.binomial(trials, rates), trials, size=1000, rng=rng), 0.95)
        hits.append(low <= p <= high)
    assert 0.92 <= np.mean(hits) <= 0.995


def test_more_documents_narrow_the_interval():
    rng = np.random.default_rng(0)
    widths = [np.diff(shortest_interval(rate_draws([3] * n, [4] * n, size=3000, rng=rng), 0.95))[0] for n in (1, 5, 50)]
    assert widths[0] > widths[1] > widths[2] and widths[2] < 0.2


def test_empty_or_zero_weight_documents_leave_the_prior():
    rng = np.random.default_rng(0)
    for draws in (rate_draws([], [], size=4000, rng=rng), rate_draws([5], [5], size=4000, rng=rng, weights=[0.0])):
        assert abs(draws.mean() - 0.5) < 0.02 and draws.min() < 0.05 and draws.max() > 0.95


def test_fractional_counts_and_bad_input():
    rng = np.random.default_rng(0)
    assert 0.6 < np.median(rate_draws([7.5] * 10, [10.0] * 10, size=2000, rng=rng)) < 0.9
    # Summed probabilities are fractional counts: 7.5 of 10 lies strictly between 7 and 8, not rounded to either.
    seven, half, eight = (rate_mean([k] * 10, [10.0] * 10) for k in (7.0, 7.5, 8.0))
    assert seven + 0.01 < half < eight - 0.01
    with pytest.raises(ValueError, match="between 0 and trials"):
        rate_draws([3], [2], size=10, rng=rng)
