"""Posterior draws of a group's rate when claims cluster in documents. Needs numpy and scipy only.

One group (an author, a delegation in one year) and one yes/no question about its claims: does a claim take a side;
of the claims that do, is it in favour. Claims of one document resemble each other more than claims of different
documents, so the model has a level for documents (a beta-binomial hierarchy):

    rate_d ~ Beta(κ·p, κ·(1 − p))        each document's own rate, spread around the group's rate p
    k_d | rate_d ~ Binomial(n_d, rate_d)  the claims of document d

with weak priors: p ~ Uniform(0, 1), and κ on [0.3, 1000] with density ∝ κ^(−3/2). κ says how alike documents are. One
document teaches nothing about κ, so its claims cannot pin p down however many there are; many documents can. There are
two parameters, so the posterior is computed on a grid (logit p × log κ): exact up to the grid, with no sampler to tune.

>>> rng = np.random.default_rng(0)
>>> low, high = shortest_interval(rate_draws([1], [1], size=4000, rng=rng), 0.95)  # one document, one claim: a success
>>> bool(low < 0.3 and high > 0.99)  # says little
True
>>> low, high = shortest_interval(rate_draws([8] * 40, [10] * 40, size=4000, rng=rng), 0.95)  # 40 alike documents
>>> bool(0.7 < low and high < 0.9)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.special import betaln, expit, logsumexp

KAPPA = np.geomspace(0.3, 1000.0, 25)  # the prior's support for κ, log-uniform
# Prior mass of each κ on the log-spaced grid: density ∝ κ^(-3/2), the beta-binomial prior of Gelman et al.
# (Bayesian Data Analysis, 3rd ed., §5.3: uniform on the mean and on κ^(-1/2)). A prior flat in log κ leans toward
# alike documents and, with a handful of them, gives intervals that are too narrow.
_LOG_KAPPA_PRIOR = -0.5 * np.log(KAPPA)
_COARSE = np.linspace(-16.0, 16.0, 129)  # logit p: rates from about 1e-7 to 1 - 1e-7
_FINE_POINTS = 241
_CHUNK = 128  # documents per vectorised block: bounds memory at _CHUNK × 25 × 241 doubles


def rate_draws(
    successes: Sequence[float] | np.ndarray,
    trials: Sequence[float] | np.ndarray,
    *,
    size: int,
    rng: np.random.Generator,
    weights: Sequence[float] | np.ndarray | None = None,
) -> np.ndarray:
    """``size`` draws of the group's rate p given each document's ``successes`` out of ``trials``.

    Counts may be fractional (summed probabilities rather than labels). ``weights`` (one per document, default 1)
    scale each document's likelihood, for local smoothing over time. Documents with no trials say nothing and are
    skipped; with none left the draws come from the prior.
    """
    k, n, w = _unique_documents(successes, trials, weights)
    if not len(n):
        return rng.uniform(size=size)
    logits, mass = _posterior_grid(k, n, w)
    cell = logits[1] - logits[0]
    drawn = rng.choice(len(logits), size=size, p=mass)
    return expit(logits[drawn] + rng.uniform(-cell / 2, cell / 2, size=size))


def rate_mean(
    successes: Sequence[float] | np.ndarray,
    trials: Sequence[float] | np.ndarray,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
) -> float:
    """The group rate's posterior mean under the same model (κ summed out, computed on the grid); NaN without trials.

    It shrinks toward the prior's ½ as evidence thins (one document whose 3 claims are all successes gives about
    0.72, where :func:`rate_mode` gives 1), which suits a rate whose prior centre is a neutral value, such as the
    share in favour of the claims that take a side.

    >>> round(rate_mean([3], [3]), 2), round(rate_mean([1, 1], [2, 2]), 2), round(rate_mean([40] * 20, [40] * 20), 2)
    (0.72, 0.5, 0.98)
    """
    k, n, w = _unique_documents(successes, trials, weights)
    if not len(n):
        return float("nan")
    logits, mass = _posterior_grid(k, n, w)
    return float(expit(logits) @ mass)


def rate_mode(
    successes: Sequence[float] | np.ndarray,
    trials: Sequence[float] | np.ndarray,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
) -> float:
    """The most probable group rate under the same model (the posterior mode of p, κ summed out); NaN without trials.

    It is the estimate that goes with :func:`rate_draws`' interval: all of a document's claims on one side give a
    mode at that side, as a pooled share would, while documents weigh as the model says rather than by their length.

    >>> rate_mode([3], [3]), round(rate_mode([1, 1], [2, 2]), 2)
    (1.0, 0.5)
    """
    k, n, w = _unique_documents(successes, trials, weights)
    if not len(n):
        return float("nan")
    grid = np.linspace(0.0, 1.0, 2001)[1:-1]
    # The density over p itself (not logit p), so the uniform prior adds nothing: drop _log_marginal's Jacobian.
    density = _log_marginal(np.log(grid) - np.log1p(-grid), k, n, w) - np.log(grid) - np.log1p(-grid)
    best = int(np.argmax(density))
    if best in (0, len(grid) - 1):  # still rising at the grid's edge: the mode is the boundary itself
        return float(best > 0)
    return float(grid[best])


def shortest_interval(draws: np.ndarray, ci: float) -> tuple[float, float]:
    """The narrowest interval holding a share ``ci`` of the finite draws (highest posterior density, for one mode).

    Unlike equal tails it keeps the boundary when the mass sits there: one favourable claim gives an interval that
    reaches +1, where the mode is.

    >>> shortest_interval(np.array([0.0, 0.1, 0.2, 0.3, 1.0]), 0.8)
    (0.0, 0.3)
    """
    finite = np.sort(draws[np.isfinite(draws)])
    if not len(finite):
        return float("nan"), float("nan")
    width = max(1, int(np.ceil(ci * len(finite))) - 1)
    if width >= len(finite):
        return float(finite[0]), float(finite[-1])
    start = int(np.argmin(finite[width:] - finite[:-width]))
    return float(finite[start]), float(finite[start + width])


def _posterior_grid(k: np.ndarray, n: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells of logit p where the posterior has mass, and each cell's probability (summing to 1).

    The posterior is located on a coarse grid, then evaluated finely where it has mass."""
    coarse = _log_marginal(_COARSE, k, n, w)
    step = _COARSE[1] - _COARSE[0]
    inside = _COARSE[coarse > coarse.max() - 30.0]
    fine = np.linspace(inside.min() - step, inside.max() + step, _FINE_POINTS)
    log_mass = _log_marginal(fine, k, n, w)
    mass = np.exp(log_mass - log_mass.max())
    return fine, mass / mass.sum()


def _unique_documents(
    successes: Sequence[float] | np.ndarray,
    trials: Sequence[float] | np.ndarray,
    weights: Sequence[float] | np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (successes, trials) pairs with their summed weights: many documents share counts like (0, 3)."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    w = np.ones_like(n) if weights is None else np.asarray(weights, dtype=float)
    if not (k.shape == n.shape == w.shape):
        raise ValueError(
            f"successes, trials and weights must have one value per document; got shapes "
            f"{k.shape}, {n.shape}, {w.shape}"
        )
    if np.any(k < 0) or np.any(k > n + 1e-9):
        raise ValueError("successes must lie between 0 and trials for every document")
    keep = (n > 0) & (w > 0)
    pairs, inverse = np.unique(np.stack([k[keep], n[keep]], axis=1), axis=0, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=w[keep], minlength=len(pairs))
    return np.minimum(pairs[:, 0], pairs[:, 1]), pairs[:, 1], summed


def _log_marginal(logits: np.ndarray, k: np.ndarray, n: np.ndarray, w: np.ndarray) -> np.ndarray:
    """log posterior of logit p on ``logits`` (up to a constant), κ summed out over its grid."""
    p = expit(logits)
    alpha = KAPPA[:, None] * p[None, :]
    beta = KAPPA[:, None] * (1.0 - p)[None, :]
    total = -w.sum() * betaln(alpha, beta)
    for start in range(0, len(n), _CHUNK):
        kk, nn, ww = (x[start : start + _CHUNK, None, None] for x in (k, n, w))
        total += (ww * betaln(kk + alpha, nn - kk + beta)).sum(axis=0)
    # The uniform prior on p, as a density over logit p, is p(1 − p).
    prior = np.log(p) + np.log1p(-p)
    return logsumexp(total + _LOG_KAPPA_PRIOR[:, None], axis=0) + prior
