"""Error measures of a fit: mean squared error and the coefficient of determination."""

from __future__ import annotations

import numpy as np

from physml._base import check_array, check_sample_weight

__all__ = ["mean_squared_error", "r2_score"]


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
