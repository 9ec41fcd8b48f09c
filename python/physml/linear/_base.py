"""Helpers shared by the linear estimators: input checks, the weighted design,
the power-of-two rescaling of the data, non-negative least squares and the
cross-validation splits.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Iterable

import numpy as np

from physml import _core
from physml._base import (
    check_feature_names,
    check_fitted_X,
    check_scalar,
    check_X_y,
    ConvergenceWarning,
    warn_user,
)


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _fit_data(estimator, X, y):
    """Validated float64 ``X`` (n, p), ``y`` as given (1-D or 2-D) and ``y`` as 2-D;
    the column names of a DataFrame ``X`` become ``estimator.feature_names_in_``."""
    check_feature_names(estimator, X, reset=True)
    X, y = check_X_y(X, y)
    if y.ndim == 2 and y.shape[1] == 0:
        raise ValueError(f"y must have at least one target, got shape {y.shape}")
    return X, y, (y[:, None] if y.ndim == 1 else y)


def _intercept_attribute(intercept: np.ndarray, y_ndim: int, fit_intercept: bool):
    """scikit-learn's ``intercept_`` from the intercepts (n_targets,): a float for a
    1-D ``y``, else the array, or the scalar 0.0 when no intercept is fitted."""
    if y_ndim == 1:
        return float(intercept[0])
    return intercept if fit_intercept else 0.0


def _linear_predict(estimator, X) -> np.ndarray:
    """``ŷ = X coef_ᵀ + intercept_`` by the core (``src/linear/predict.rs``): for
    ``coef_`` of shape (..., n_features), predictions of shape (n_samples, ...)."""
    # the core scans X for NaN/infinity (one pass over X, not two)
    X = check_fitted_X(estimator, X, "coef_", allow_nonfinite=True)
    coef = np.asarray(estimator.coef_, dtype=np.float64)
    models = coef.shape[:-1]
    n_models = math.prod(models)
    intercept = np.asarray(estimator.intercept_, dtype=np.float64).reshape(-1)
    if intercept.shape[0] != n_models:  # a scalar 0.0 for every model
        intercept = np.broadcast_to(intercept, (n_models,))
    # math.prod and no broadcast in the common case: np.prod and np.broadcast_to cost
    # more than the core's product on small X
    pred = _core.linear_predict(
        X, np.ascontiguousarray(coef.reshape(n_models, coef.shape[-1])), np.ascontiguousarray(intercept)
    )
    return pred.reshape((X.shape[0],) + models)


def _nnls_fit(X: np.ndarray, Y: np.ndarray, w: np.ndarray | None, alphas: np.ndarray, fit_intercept: bool):
    """Non-negative (Ridge) least squares for each alpha, with weights ``w`` if
    given: coefficients (n_alphas, n_targets, n_features) and intercepts (n_alphas,
    n_targets), with a ConvergenceWarning if the active-set method ran out of steps."""
    fits = [_core.nnls_fit(X, Y, fit_intercept, float(a), sample_weight=w) for a in alphas]
    if not all(f[2].all() for f in fits):
        warn_user(
            f"non-negative least squares stopped after 3*n_features = {3 * X.shape[1]} "
            "active-set steps before every gradient of a zero coefficient was <= 0; the "
            "coefficients may be far from optimal. Scale the features (e.g. standardise "
            "the columns of X) or remove collinear ones.",
            ConvergenceWarning,
        )
    return np.stack([f[0] for f in fits]), np.stack([f[1] for f in fits])


def _check_fold_weights(w: np.ndarray | None, splits) -> None:
    if w is not None and not all(w[train].sum() > 0 and w[test].sum() > 0 for train, test in splits):
        raise ValueError("sample_weight must have a positive weight in every training and test fold")


def _kfold(n_samples: int, n_splits: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Contiguous k-fold splits, the first ``n_samples % n_splits`` folds one larger
    (the splits of scikit-learn's ``KFold`` without shuffling)."""
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    stops = np.cumsum(sizes)
    index = np.arange(n_samples)
    return [
        (np.concatenate([index[: stop - size], index[stop:]]), index[stop - size : stop])
        for size, stop in zip(sizes, stops)
    ]


def _cv_splits(cv: Any, n_samples: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds from an int (k-fold), an object with ``split(X)`` or an iterable of
    (train, test) index arrays."""
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        check_scalar(cv, "cv", kind=numbers.Integral, min_value=2)
        if int(cv) > n_samples:
            raise ValueError(f"cv must be <= n_samples = {n_samples}, got {cv}")
        return _kfold(n_samples, int(cv))
    if isinstance(cv, (str, bytes)):
        raise TypeError(f"cv must be an int, a splitter or an iterable of splits, got {cv!r}")
    if hasattr(cv, "split"):
        cv = cv.split(np.zeros((n_samples, 1)))
    if isinstance(cv, Iterable):
        try:
            splits = [(np.asarray(tr, dtype=np.intp), np.asarray(te, dtype=np.intp)) for tr, te in cv]
        except (TypeError, ValueError) as e:  # not pairs of index arrays
            raise TypeError(f"cv must give (train, test) pairs of integer index arrays: {e}") from None
        if any(tr.ndim != 1 or te.ndim != 1 for tr, te in splits):
            raise TypeError("cv must give (train, test) pairs of 1-D integer index arrays")
        if not splits or any(len(tr) == 0 or len(te) == 0 for tr, te in splits):
            raise ValueError("cv must give non-empty (train, test) splits")
        return splits
    raise TypeError(f"cv must be an int, a splitter or an iterable of splits, got {cv!r}")
