"""Error measures of a regression fit, and scorers built from them.

The functions follow ``sklearn.metrics``: the same names, ``sample_weight``, and
uniform averaging over targets (without scikit-learn's ``multioutput`` and
``force_finite`` options; ``r2_score`` of a single sample is 0.0 or 1.0 here, NaN
with a warning there). :func:`get_scorer` turns a scikit-learn scoring name into a
callable ``scorer(estimator, X, y, sample_weight=None)`` (greater is better)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from physml._base import check_array, check_sample_weight

__all__ = [
    "SCORERS",
    "explained_variance_score",
    "get_scorer",
    "max_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "median_absolute_error",
    "r2_score",
    "root_mean_squared_error",
]


def _pair(y_true, y_pred):
    y_true = check_array(y_true, "y_true", ndim=(1, 2))
    y_pred = check_array(y_pred, "y_pred", ndim=(1, 2))
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true and y_pred have different numbers of samples: {y_true.shape[0]} and {y_pred.shape[0]}"
        )
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return y_true, y_pred


def _weights(sample_weight, n: int):
    return None if sample_weight is None else check_sample_weight(sample_weight, n)


def _finite(value: float) -> float:
    if not np.isfinite(value):
        raise ValueError("y_true and y_pred are too large: their squared errors overflow float64")
    return value


def mean_squared_error(y_true, y_pred, sample_weight=None) -> float:
    """MSE = (1/n) Σ_i (y_i − ŷ_i)², averaged over targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    sample_weight = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.mean(np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight)))
    return _finite(value)


def r2_score(y_true, y_pred, sample_weight=None) -> float:
    """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², averaged uniformly over targets.

    A constant ``y_true`` gives 1.0 for a perfect prediction and 0.0 otherwise
    (scikit-learn's convention)."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        mean = np.average(y_true, axis=0, weights=w)
        ss_res = np.average((y_true - y_pred) ** 2, axis=0, weights=w)
        ss_tot = np.average((y_true - mean) ** 2, axis=0, weights=w)
    _finite(float(np.sum(ss_res + ss_tot)))
    scores = np.where(ss_tot > 0, 1.0 - ss_res / np.where(ss_tot > 0, ss_tot, 1.0),
                      np.where(ss_res == 0, 1.0, 0.0))
    return float(np.mean(scores))


def root_mean_squared_error(y_true, y_pred, sample_weight=None) -> float:
    """RMSE = √[(1/n) Σ_i (y_i − ŷ_i)²] per target, averaged over targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.mean(np.sqrt(np.average((y_true - y_pred) ** 2, axis=0, weights=w))))
    return _finite(value)


def mean_absolute_error(y_true, y_pred, sample_weight=None) -> float:
    """MAE = (1/n) Σ_i |y_i − ŷ_i|, averaged over targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    return _finite(float(np.mean(np.average(np.abs(y_true - y_pred), axis=0, weights=w))))


def mean_absolute_percentage_error(y_true, y_pred, sample_weight=None) -> float:
    """MAPE = (1/n) Σ_i |y_i − ŷ_i| / max(|y_i|, ε), ε the float64 machine epsilon
    (a fraction, not per cent), averaged over targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    eps = np.finfo(np.float64).eps
    with np.errstate(over="ignore"):
        ratio = np.abs(y_true - y_pred) / np.maximum(np.abs(y_true), eps)
    return _finite(float(np.mean(np.average(ratio, axis=0, weights=w))))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The median of the distribution with masses ``weights`` at ``values``, by the
    averaged inverted CDF: with cumulative masses C_k of the sorted values and half
    the total H, the first value with C_k ≥ H, averaged with the next value of
    positive mass when C_k = H exactly (so unit weights give ``np.median``)."""
    keep = weights > 0
    order = np.argsort(values[keep], kind="stable")
    v, c = values[keep][order], np.cumsum(weights[keep][order])
    half = 0.5 * c[-1]
    k = int(np.searchsorted(c, half, side="left"))
    if c[k] == half and k + 1 < len(v):
        return 0.5 * (v[k] + v[k + 1])
    return float(v[k])


def median_absolute_error(y_true, y_pred, sample_weight=None) -> float:
    """The median over samples of |y_i − ŷ_i| (weighted: see :func:`_weighted_median`),
    averaged over targets."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    errors = np.abs(y_true - y_pred)
    if w is None:
        return _finite(float(np.mean(np.median(errors, axis=0))))
    if not np.any(w > 0):
        raise ValueError("sample_weight must have a positive weight")
    return _finite(float(np.mean([_weighted_median(errors[:, j], w) for j in range(errors.shape[1])])))


def max_error(y_true, y_pred) -> float:
    """max_i |y_i − ŷ_i| of a single target (scikit-learn does not define it for
    several)."""
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.shape[1] != 1:
        raise ValueError(f"max_error is defined for a single target, got {y_true.shape[1]}")
    return _finite(float(np.max(np.abs(y_true - y_pred))))


def explained_variance_score(y_true, y_pred, sample_weight=None) -> float:
    """1 − Var(y − ŷ) / Var(y) per target (weighted variances about the weighted
    means), averaged over targets; a constant ``y_true`` gives 1.0 when the residual
    is constant too and 0.0 otherwise (scikit-learn's convention)."""
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        diff = y_true - y_pred
        var_res = np.average((diff - np.average(diff, axis=0, weights=w)) ** 2, axis=0, weights=w)
        var_true = np.average((y_true - np.average(y_true, axis=0, weights=w)) ** 2, axis=0, weights=w)
    _finite(float(np.sum(var_res + var_true)))
    scores = np.where(var_true > 0, 1.0 - var_res / np.where(var_true > 0, var_true, 1.0),
                      np.where(var_res == 0, 1.0, 0.0))
    return float(np.mean(scores))


# scoring name -> (metric, sign): the score is sign · metric, greater is better
_METRICS: dict[str, tuple[Callable[..., float], float]] = {
    "r2": (r2_score, 1.0),
    "explained_variance": (explained_variance_score, 1.0),
    "neg_mean_squared_error": (mean_squared_error, -1.0),
    "neg_root_mean_squared_error": (root_mean_squared_error, -1.0),
    "neg_mean_absolute_error": (mean_absolute_error, -1.0),
    "neg_mean_absolute_percentage_error": (mean_absolute_percentage_error, -1.0),
    "neg_median_absolute_error": (median_absolute_error, -1.0),
    "neg_max_error": (max_error, -1.0),
}

#: The scoring names :func:`get_scorer` knows (scikit-learn's regression scorers).
SCORERS = tuple(_METRICS)


class _Scorer:
    """``scorer(estimator, X, y, sample_weight=None) = sign · metric(y, estimator.predict(X))``."""

    def __init__(self, name: str):
        self.name = name
        self._metric, self._sign = _METRICS[name]
        #: whether ``__call__`` takes ``sample_weight`` (the maximum error does not)
        self.takes_sample_weight = self._metric is not max_error

    def __call__(self, estimator, X, y, sample_weight=None) -> float:
        y_pred = estimator.predict(X)
        if sample_weight is None:
            return self._sign * self._metric(y, y_pred)
        if self._metric is max_error:
            raise ValueError("the max_error scorer does not take sample_weight")
        return self._sign * self._metric(y, y_pred, sample_weight=sample_weight)

    def __repr__(self) -> str:
        return f"get_scorer({self.name!r})"


def get_scorer(scoring):
    """A scorer from a scikit-learn scoring name (one of :data:`SCORERS`) or a callable
    ``scoring(estimator, X, y)``, returned as it is (a scikit-learn scorer works)."""
    if callable(scoring):
        return scoring
    if isinstance(scoring, str) and scoring in _METRICS:
        return _Scorer(scoring)
    raise ValueError(f"scoring must be a callable or one of {', '.join(SCORERS)}; got {scoring!r}")
