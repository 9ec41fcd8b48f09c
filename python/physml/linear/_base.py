"""Helpers shared by the linear estimators: input checks, the weighted design,
the power-of-two rescaling of the data, non-negative least squares and the
cross-validation splits.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Iterable

import numpy as np

from physml import _core
from physml._base import ConvergenceWarning, check_fitted_X, check_scalar, check_X_y


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _fit_data(X, y):
    """Validated float64 ``X`` (n, p), ``y`` as given (1-D or 2-D) and ``y`` as 2-D."""
    X, y = check_X_y(X, y)
    if y.ndim == 2 and y.shape[1] == 0:
        raise ValueError(f"y must have at least one target, got shape {y.shape}")
    return X, y, (y[:, None] if y.ndim == 1 else y)


def _weighted_design(X: np.ndarray, Y: np.ndarray, w: np.ndarray, fit_intercept: bool):
    """The weighted least-squares rows as an unweighted problem without intercept:
    ``X̃ = √W (X − x̄_w)`` and ``Ỹ = √W (Y − ȳ_w)``, with the weighted means
    ``x̄_w = Σ_i w_i x_i / Σ_i w_i`` (zero without ``fit_intercept``). Then
    ``Σ_i w_i (y_i − b − x_iᵀβ)² = ‖Ỹ − X̃β‖²`` at the optimal ``b = ȳ_w − x̄_wᵀβ``.
    Returns ``(X̃, Ỹ, x̄_w, ȳ_w)``."""
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinity")
    if fit_intercept:
        x_mean, y_mean = np.average(X, axis=0, weights=w), np.average(Y, axis=0, weights=w)
    else:
        x_mean, y_mean = np.zeros(X.shape[1]), np.zeros(Y.shape[1])
    root = np.sqrt(w)[:, None]
    return root * (X - x_mean), root * (Y - y_mean), x_mean, y_mean


def _unit_weights(w: np.ndarray, alphas: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """``(w/c, c, α/c)`` with ``c = max_i w_i``: ``Σ w_i r_i² + α‖β‖² =
    c (Σ (w_i/c) r_i² + (α/c)‖β‖²)``, so the fit with weights ``w/c <= 1`` and
    penalties ``α/c`` is the same, and weights near the limits of float64 neither
    underflow nor overflow in ``√w·X``."""
    scale = float(w.max())
    with np.errstate(over="ignore"):
        scaled_alphas = alphas / scale
    if not np.isfinite(scaled_alphas).all():
        raise ValueError(
            f"sample_weight is too small for alpha: alpha / max(sample_weight) overflows "
            f"(max(sample_weight) = {scale!r}); rescale sample_weight"
        )
    return w / scale, scale, scaled_alphas


def _intercept_attribute(intercept: np.ndarray, y_ndim: int, fit_intercept: bool):
    """scikit-learn's ``intercept_`` from the intercepts (n_targets,): a float for a
    1-D ``y``, else the array, or the scalar 0.0 when no intercept is fitted."""
    if y_ndim == 1:
        return float(intercept[0])
    return intercept if fit_intercept else 0.0


def _predict_data(estimator, X) -> np.ndarray:
    X = check_fitted_X(estimator, X, "coef_")
    return X


def _nnls_fit(X: np.ndarray, Y: np.ndarray, alphas: np.ndarray, fit_intercept: bool):
    """Non-negative (Ridge) least squares for each alpha: coefficients (n_alphas,
    n_targets, n_features) and intercepts (n_alphas, n_targets), with a
    ConvergenceWarning if the active-set method ran out of steps."""
    fits = [_core.nnls_fit(X, Y, fit_intercept, float(a)) for a in alphas]
    if not all(f[2].all() for f in fits):
        warnings.warn(
            f"non-negative least squares stopped after 3*n_features = {3 * X.shape[1]} "
            "active-set steps before every gradient of a zero coefficient was <= 0; the "
            "coefficients may be far from optimal. Scale the features (e.g. standardise "
            "the columns of X) or remove collinear ones.",
            ConvergenceWarning,
            stacklevel=4,
        )
    return np.stack([f[0] for f in fits]), np.stack([f[1] for f in fits])


def _pow2_exponent(value: float) -> int:
    """e with ``value·2^-e`` in [1, 2) (0 for 0), as ``Problem::rescaling``."""
    return int(np.frexp(value)[1]) - 1 if value > 0 else 0


def _rescaling(X: np.ndarray, Y: np.ndarray) -> tuple[int, int]:
    """(e_x, e_y) with which data beyond ``2^±300`` are solved exactly rescaled,
    ``X·2^-e_x`` and ``Y·2^-e_y``; (0, 0) otherwise (the rule of ``Problem::rescaling``)."""
    ex, ey = _pow2_exponent(np.abs(X).max()), _pow2_exponent(np.abs(Y).max())
    return (ex, ey) if max(abs(ex), abs(ey)) > 300 else (0, 0)


def _scale_back(values: np.ndarray, exponent: int, what: str) -> np.ndarray:
    """``values·2^exponent``; :class:`physml.PhysmlError` naming ``what`` if that
    overflows, as the core's own rescaling (underflow to 0 is the nearest
    representable result)."""
    with np.errstate(over="ignore"):
        out = np.ldexp(values, exponent)
    if not np.isfinite(out).all():
        raise _core.PhysmlError(f"{what} overflowed; rescale X and y")
    return out


def _scaled_intercept(y_mean: np.ndarray, x_mean: np.ndarray, coef_s: np.ndarray, exponents: tuple[int, int]) -> np.ndarray:
    """``b = ȳ − W x̄`` with ``W = W_s·2^(e_y − e_x)`` given by the rescaled ``W_s``
    (t, p): each term ``x̄_j W_s,tj 2^-e_x`` is formed from mantissas and exponents
    in units of ``2^e_y``, so that b is right even where W underflows."""
    ex, ey = exponents
    mx, px = np.frexp(x_mean)
    mc, pc = np.frexp(coef_s)
    with np.errstate(over="ignore"):
        terms = np.ldexp(mc * mx, pc + px - ex)
        scaled = np.ldexp(y_mean, -ey) - terms.sum(axis=-1)
    return _scale_back(scaled, ey, "the intercept")


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
        splits = [(np.asarray(tr, dtype=np.intp), np.asarray(te, dtype=np.intp)) for tr, te in cv]
        if not splits or any(len(tr) == 0 or len(te) == 0 for tr, te in splits):
            raise ValueError("cv must give non-empty (train, test) splits")
        return splits
    raise TypeError(f"cv must be an int, a splitter or an iterable of splits, got {cv!r}")
