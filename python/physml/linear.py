"""Linear regression with a Rust core: ordinary least squares and Ridge.

The estimators follow scikit-learn's contract (``fit``/``predict``/``score``,
``get_params``/``set_params``, fitted attributes ending in ``_``), so scikit-learn's
``clone``, ``Pipeline``, ``GridSearchCV`` and ``cross_val_score`` accept them;
scikit-learn is not needed at run time.

Models, for samples ``x_i`` (rows of ``X``, ``n_samples × n_features``) and targets
``y_i``:

* :class:`LinearRegression` minimises ``‖y − b − Xw‖²``;
* :class:`Ridge` minimises ``‖y − b − Xw‖² + α‖w‖²`` (the intercept ``b`` is not
  penalised: the data are centred first);
* :class:`RidgeCV` chooses ``α`` by efficient leave-one-out or k-fold
  cross-validation;
* :class:`ElasticNet` minimises ``1/(2n)‖y − b − Xw‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖²``
  by coordinate descent (:class:`Lasso` is ``ρ = 1``), with :func:`enet_path`,
  :func:`lasso_path`, :class:`ElasticNetCV` and :class:`LassoCV`.

Every ``fit`` takes ``sample_weight`` (non-negative, one per sample), as
scikit-learn: the squared residuals of sample ``i`` count ``w_i`` times, and with an
intercept ``X`` and ``y`` are centred at their weighted means.

Shapes follow scikit-learn: for 1-D ``y`` of shape ``(n_samples,)``, ``coef_`` has
shape ``(n_features,)`` and ``intercept_`` is a float; for 2-D ``y`` of shape
``(n_samples, n_targets)``, ``coef_`` is ``(n_targets, n_features)`` and
``intercept_`` is ``(n_targets,)``. Like scikit-learn, a single target given as a
column ``(n_samples, 1)`` gives ``coef_`` of shape ``(n_features,)`` (and ``predict``
of shape ``(n_samples,)``) in Ridge, RidgeCV, Lasso and ElasticNet, stays 2-D in
LinearRegression, and is converted to 1-D with a ``DataConversionWarning`` in
LassoCV and ElasticNetCV.
"""

from __future__ import annotations

import inspect
import numbers
import os
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable

import numpy as np

from physml import _core
from physml.metrics import get_scorer
from physml._base import (
    BaseEstimator,
    ConvergenceWarning,
    RegressorMixin,
    check_array,
    check_fitted_X,
    check_is_fitted,
    check_random_state_seed,
    check_sample_weight,
    check_scalar,
    check_X_y,
    column_or_1d,
)

__all__ = [
    "LinearRegression",
    "Ridge",
    "RidgeCV",
    "ElasticNet",
    "Lasso",
    "ElasticNetCV",
    "LassoCV",
    "enet_path",
    "lasso_path",
]


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


def _check_level(level) -> float:
    check_scalar(level, "level", min_value=0.0, max_value=1.0, include_min=False, include_max=False)
    return float(level)


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares, ``min_w ‖y − b − Xw‖²``, with standard errors and
    confidence intervals of the coefficients. With ``sample_weight`` it is
    weighted least squares, ``min_w Σ_i w_i (y_i − b − x_iᵀw)²``, solved as OLS
    of the rows ``√w_i (x_i − x̄_w)``, ``√w_i (y_i − ȳ_w)`` (weighted means
    ``x̄_w``, ``ȳ_w``; ``b = ȳ_w − x̄_wᵀw``), as scikit-learn does.

    The normal equations are solved by Cholesky when the design is tall and
    well-conditioned; otherwise (collinear columns, ``n_features >= n_samples``)
    the SVD gives the minimum-norm solution, the same as ``numpy.linalg.lstsq``
    applied to the centred data (rank cut-off ``s_i > ε·max(n, p)·s_max``).

    Parameters
    ----------
    fit_intercept : bool, default True
        Fit an intercept ``b`` (by centring ``X`` and ``y``); otherwise ``b = 0``.
    positive : bool, default False
        Constrain the coefficients to ``w >= 0`` (the intercept stays free):
        non-negative least squares by Lawson and Hanson's active-set method on the
        triangle ``R`` of a QR factorisation of the centred design, as
        ``scipy.optimize.nnls``. As in scikit-learn, ``rank_`` and ``singular_`` are
        then not set, and the inference below is not available (the constrained
        estimator is not linear in ``y``).
    copy_X : bool, default True
        physml never modifies ``X``, so either value gives the same result.
    tol : float >= 0, default 1e-6
        scikit-learn's tolerance of its sparse solver; physml's dense solution is
        direct, so it has no effect (as in scikit-learn for dense ``X``).
    n_jobs : None or int, default None
        scikit-learn's parallelism over targets for sparse ``X`` or
        ``positive=True``; physml's threads are rayon's (``RAYON_NUM_THREADS``), and
        its results do not depend on their number, so it has no effect.

    Attributes
    ----------
    coef_ : ndarray, shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    rank_ : int
        Numerical rank of the (centred) design; with weights, of ``√W X_c``.
    singular_ : ndarray, shape (min(n_samples, n_features),)
        Singular values of the (centred) design, non-increasing; with weights,
        of ``√W X_c`` (scikit-learn's ``singular_``).
    n_features_in_ : int
    df_resid_ : int
        Residual degrees of freedom ``ν = n_samples − rank_ − fit_intercept``;
        with weights, ``n_samples`` counts the samples of positive weight.

    Inference (Gaussian noise of constant variance σ² assumed)
    ----------------------------------------------------------
    ``noise_variance_`` is ``σ̂² = RSS/ν`` with ``RSS = Σ_i (y_i − ŷ_i)²``;
    ``coef_cov_`` is ``σ̂² (X_cᵀX_c)⁻¹`` (``X_c`` the centred design; the
    pseudo-inverse when rank deficient); ``coef_stderr_`` is
    ``SE(ŵ_j) = √[σ̂² (X_cᵀX_c)⁻¹]_jj``; ``intercept_stderr_`` is
    ``σ̂ √(1/n + x̄ᵀ(X_cᵀX_c)⁻¹x̄)``; :meth:`conf_int` gives
    ``ŵ_j ± t_{(1+level)/2, ν} SE(ŵ_j)`` with Student's t quantile. These need
    ``ν > 0``.

    With ``sample_weight`` the noise of sample ``i`` is taken to have variance
    ``σ²/w_i`` (weights as inverse variances, up to a common factor): then
    ``RSS = Σ_i w_i (y_i − ŷ_i)²``, ``X_cᵀX_c`` becomes ``X_cᵀWX_c`` with ``X_c``
    centred at the weighted means ``x̄_w``, and ``1/n`` becomes ``1/Σ_i w_i`` —
    the weighted-least-squares covariance ``σ̂² (X_aᵀWX_a)⁻¹`` of the design
    ``X_a = [1, X]``. Multiplying all weights by a constant changes nothing.
    Integer weights give the coefficients of repeating each row ``w_i`` times,
    but not its standard errors: the repeated data count ``ν' = Σ_i w_i − rank_
    − fit_intercept`` residual degrees of freedom, so ``SE_repeated = SE ·
    √(ν/ν')``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = LinearRegression().fit(X, [1.0, 3.1, 4.9, 7.0])
    >>> round(float(model.coef_[0]), 2), round(model.intercept_, 2)
    (1.98, 1.03)
    """

    def __init__(self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None, positive=False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X, y, sample_weight=None):
        """Fit by (weighted) least squares; ``sample_weight``: None, a positive
        number or an array (n_samples,) of weights ``>= 0``. Returns ``self``."""
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        positive = _check_bool(self.positive, "positive")
        _check_bool(self.copy_X, "copy_X")
        check_scalar(self.tol, "tol", min_value=0.0)
        if self.n_jobs is not None:
            check_scalar(self.n_jobs, "n_jobs", kind=numbers.Integral)
        X, y, y2 = _fit_data(X, y)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        for name in ("rank_", "singular_", "df_resid_"):
            self.__dict__.pop(name, None)
        if positive:
            coef, intercept = _ridge_fit(X, y2, w, np.zeros(1), fit_intercept, positive=True)
            self.coef_ = coef[0, 0] if y.ndim == 1 else coef[0]
            self.intercept_ = _intercept_attribute(intercept[0], y.ndim, fit_intercept)
            self.n_features_in_ = X.shape[1]
            return self
        if w is None:
            coef, intercept, rank, singular, gram_pinv, rss, df_resid, exponents = _core.ols_fit(
                X, y2, fit_intercept
            )
            x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
            weight_sum, scale = float(X.shape[0]), 1.0
        else:
            unit, scale, _ = _unit_weights(w, np.zeros(0))
            Xw, Yw, x_mean, y_mean = _weighted_design(X, y2, unit, fit_intercept)
            # rows beyond 2^±300 are solved exactly rescaled here rather than in the
            # core, so that the intercept is formed from the rescaled coefficients
            # (W itself may underflow while x̄ᵀW is representable)
            exponents = _rescaling(Xw, Yw)
            ex, ey = exponents
            coef_s, _, rank, singular, gram_pinv, rss, _, _ = _core.ols_fit(
                np.ldexp(Xw, -ex), np.ldexp(Yw, -ey), False
            )
            coef = _scale_back(coef_s, ey - ex, "least-squares coefficients")
            intercept = _scaled_intercept(y_mean, x_mean, coef_s, exponents)
            singular = np.ldexp(singular, ex) * np.sqrt(scale)
            df_resid = np.count_nonzero(w) - rank - int(fit_intercept)
            weight_sum = float(unit.sum())
        self.coef_ = coef[0] if y.ndim == 1 else coef
        self.intercept_ = _intercept_attribute(intercept, y.ndim, fit_intercept)
        self.rank_ = int(rank)
        self.singular_ = singular
        self.n_features_in_ = X.shape[1]
        self.df_resid_ = int(df_resid)
        # With weights, RSS, (X_cᵀWX_c)⁺ and Σw of the weights w/c (c = max w): the
        # covariances are the same for any c, σ̂² is c times that of w/c. RSS and
        # (X_cᵀX_c)⁺ are those of X·2^-e_x, y·2^-e_y (exponents (0, 0) unless the data
        # lie beyond 2^±300): the inference scales its results back at the end.
        self._exponents = exponents
        self._gram_pinv = gram_pinv
        self._rss = rss[0] if y.ndim == 1 else rss
        self._weight_scale = scale
        self._x_mean = x_mean
        self._weight_sum = weight_sum
        return self

    def predict(self, X):
        """``ŷ = b + Xw``: shape (n_samples,) or (n_samples, n_targets)."""
        X = _predict_data(self, X)
        return X @ self.coef_.T + self.intercept_

    def _check_inference(self) -> None:
        check_is_fitted(self, "coef_")
        if not hasattr(self, "df_resid_"):
            raise ValueError(
                "standard errors and confidence intervals are not available with "
                "positive=True: the constrained estimator is not linear in y, and its "
                "distribution is not Gaussian at the bound w_j = 0"
            )
        if self.df_resid_ <= 0:
            raise ValueError(
                "standard errors need more samples than fitted parameters: residual degrees "
                f"of freedom n_samples - rank - fit_intercept = {self.df_resid_}; add samples "
                "or remove features"
            )

    @property
    def noise_variance_(self):
        """``σ̂² = RSS/ν``: float, or ndarray (n_targets,) for 2-D ``y``."""
        return np.ldexp(self._unit_noise_variance() * self._weight_scale, 2 * self._exponents[1])

    def _unit_noise_variance(self):
        """``σ̂²`` of the weights divided by their largest (of the data without weights),
        for ``y·2^-e_y``."""
        self._check_inference()
        return self._rss / self.df_resid_

    @property
    def coef_cov_(self) -> np.ndarray:
        """``σ̂² (X_cᵀX_c)⁻¹``: (n_features, n_features), or (n_targets, n_features,
        n_features) for 2-D ``y``."""
        sigma2 = self._unit_noise_variance()
        ex, ey = self._exponents
        return np.ldexp(np.multiply.outer(sigma2, self._gram_pinv), 2 * (ey - ex))

    @property
    def coef_stderr_(self) -> np.ndarray:
        """Standard errors ``√[σ̂² (X_cᵀX_c)⁻¹]_jj``, shaped like ``coef_``."""
        sigma2 = self._unit_noise_variance()
        ex, ey = self._exponents
        scaled = np.sqrt(np.multiply.outer(sigma2, np.clip(np.diag(self._gram_pinv), 0.0, None)))
        return np.ldexp(scaled, ey - ex)

    @property
    def intercept_stderr_(self):
        """``σ̂ √(1/n + x̄ᵀ(X_cᵀX_c)⁻¹x̄)`` (``1/Σw`` and weighted ``x̄`` and
        ``X_cᵀWX_c`` with ``sample_weight``; 0 when ``fit_intercept=False``):
        float, or ndarray (n_targets,) for 2-D ``y``."""
        sigma2 = self._unit_noise_variance()
        if not self.fit_intercept:
            return sigma2 * 0.0
        ex, ey = self._exponents
        x_mean = np.ldexp(self._x_mean, -ex)
        quad = 1.0 / self._weight_sum + x_mean @ self._gram_pinv @ x_mean
        return np.ldexp(np.sqrt(sigma2 * max(quad, 0.0)), ey)

    def _t_quantile(self, level) -> float:
        level = _check_level(level)
        self._check_inference()
        return _core.student_t_quantile(0.5 + 0.5 * level, float(self.df_resid_))

    def conf_int(self, level=0.95):
        """Confidence intervals ``ŵ_j ± t_{(1+level)/2, ν} SE(ŵ_j)`` of the
        coefficients: a pair ``(lower, upper)`` of arrays shaped like ``coef_``."""
        t = self._t_quantile(level)
        half = t * self.coef_stderr_
        return self.coef_ - half, self.coef_ + half

    def intercept_conf_int(self, level=0.95):
        """Confidence interval ``b ± t_{(1+level)/2, ν} SE(b)`` of the intercept:
        a pair ``(lower, upper)`` shaped like ``intercept_``."""
        t = self._t_quantile(level)
        half = t * self.intercept_stderr_
        return self.intercept_ - half, self.intercept_ + half


def _alpha_array(alpha, name: str, *, strictly_positive: bool) -> np.ndarray:
    """``alpha`` as a 1-D float array of valid penalties (error names ``name``)."""
    if np.ndim(alpha) == 0 and not isinstance(alpha, (str, bytes)):
        if isinstance(alpha, (np.generic, np.ndarray)):
            alpha = alpha.item()
        check_scalar(alpha, name, min_value=0.0, include_min=not strictly_positive)
        return np.array([float(alpha)])
    values = check_array(alpha, name, ndim=1)
    bad = values <= 0 if strictly_positive else values < 0
    if bad.any():
        op = ">" if strictly_positive else ">="
        raise ValueError(f"{name} must be {op} 0, got {float(values[bad][0])!r}")
    return values


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


_RIDGE_SOLVERS = ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


def _check_ridge_solver(solver, positive: bool) -> None:
    """scikit-learn's rules for Ridge's ``solver`` (physml's method is the same for all)."""
    if solver not in _RIDGE_SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(map(repr, _RIDGE_SOLVERS))}, got {solver!r}")
    if positive and solver not in ("auto", "lbfgs"):
        raise ValueError(f"positive=True takes solver 'auto' or 'lbfgs' only (as scikit-learn), got {solver!r}")
    if solver == "lbfgs" and not positive:
        raise ValueError("solver='lbfgs' needs positive=True (as scikit-learn)")


def _ridge_fit(
    X: np.ndarray,
    Y: np.ndarray,
    w: np.ndarray | None,
    alphas: np.ndarray,
    fit_intercept: bool,
    positive: bool = False,
):
    """Ridge coefficients (n_alphas, n_targets, n_features) and intercepts
    (n_alphas, n_targets) for a 2-D ``Y``; with weights ``w``, of
    ``Σ_i w_i (y_i − b − x_iᵀβ)² + α‖β‖²`` through :func:`_weighted_design`;
    with ``positive``, subject to ``β >= 0``."""
    solve = _nnls_fit if positive else _core.ridge_fit
    if w is None:
        return solve(X, Y, alphas, fit_intercept)
    unit, _, unit_alphas = _unit_weights(w, alphas)
    Xw, Yw, x_mean, y_mean = _weighted_design(X, Y, unit, fit_intercept)
    coef, _ = solve(Xw, Yw, unit_alphas, False)
    return coef, y_mean - coef @ x_mean


class Ridge(RegressorMixin, BaseEstimator):
    """Ridge regression, ``min_w ‖y − b − Xw‖² + α‖w‖²`` (scikit-learn's
    objective; the intercept ``b`` is not penalised).

    One factorisation serves every ``α``: Cholesky of ``X_cᵀX_c + αI`` for a
    single ``α``; for an array of ``α`` one eigendecomposition ``X_cᵀX_c = VΛVᵀ``
    gives ``w(α) = V (Λ + αI)⁻¹ Vᵀ X_cᵀy_c`` (the kernel form
    ``X_cᵀ(X_cX_cᵀ + αI)⁻¹y_c`` when ``n_features > n_samples``). ``α = 0`` gives
    the minimum-norm least-squares solution.

    With ``sample_weight`` the objective is ``Σ_i w_i (y_i − b − x_iᵀw)² + α‖w‖²``
    (scikit-learn's; the weights are not normalised, so scaling them all by ``c``
    acts as ``α/c``), solved as above on the rows ``√w_i (x_i − x̄_w)``,
    ``√w_i (y_i − ȳ_w)`` centred at the weighted means, with ``b = ȳ_w − x̄_wᵀw``.

    Parameters
    ----------
    alpha : float or array-like of shape (n_alphas,), default 1.0
        Penalty strength(s), ``>= 0``. **Unlike scikit-learn** (where an array
        means one penalty per target), an array fits one model per value.
    fit_intercept : bool, default True
    positive : bool, default False
        Constrain the coefficients to ``w >= 0``: non-negative least squares on
        the rows ``[X_c; √α I]``, ``[y_c; 0]`` by Lawson and Hanson's active-set
        method (one solve per alpha).
    copy_X : bool, default True
        physml never modifies ``X``, so either value gives the same result.
    solver : {'auto', 'svd', 'cholesky', 'lsqr', 'sparse_cg', 'sag', 'saga', 'lbfgs'}
        scikit-learn's choice of method, validated as there (``positive=True``
        takes 'auto' or 'lbfgs' only, and 'lbfgs' needs ``positive=True``).
        physml always solves as described above, exactly: the iterative solvers of
        scikit-learn reach the same minimiser to their ``tol``.
    max_iter : None or int >= 1, tol : float >= 0, random_state
        The iteration limit, tolerance and seed of scikit-learn's iterative solvers,
        validated; physml's direct solution needs none of them.

    Attributes
    ----------
    coef_ : ndarray
        Scalar ``alpha``: (n_features,) for 1-D ``y``, (n_targets, n_features) for
        2-D ``y``. Array ``alpha``: one row per alpha, (n_alphas, n_features) or
        (n_alphas, n_targets, n_features).
    intercept_ : float or ndarray
        Scalar ``alpha``: float or (n_targets,). Array ``alpha``: (n_alphas,) or
        (n_alphas, n_targets).
    n_features_in_ : int

    With an array ``alpha``, :meth:`predict` returns (n_samples, n_alphas) or
    (n_samples, n_alphas, n_targets) and :meth:`score` an array of R², one per alpha.
    """

    def __init__(
        self,
        alpha=1.0,
        *,
        fit_intercept=True,
        copy_X=True,
        max_iter=None,
        tol=1e-4,
        solver="auto",
        positive=False,
        random_state=None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.max_iter = max_iter
        self.tol = tol
        self.solver = solver
        self.positive = positive
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Fit for every ``alpha``; ``sample_weight``: None, a positive number or
        an array (n_samples,) of weights ``>= 0``. Returns ``self``."""
        alphas = _alpha_array(self.alpha, "alpha", strictly_positive=False)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        positive = _check_bool(self.positive, "positive")
        _check_ridge_solver(self.solver, positive)
        _check_bool(self.copy_X, "copy_X")
        check_scalar(self.tol, "tol", min_value=0.0)
        if self.max_iter is not None:
            check_scalar(self.max_iter, "max_iter", kind=numbers.Integral, min_value=1)
        check_random_state_seed(self.random_state)
        X, y, y2 = _fit_data(X, y)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        coef, intercept = _ridge_fit(X, y2, w, alphas, fit_intercept, positive)
        self._multi_alpha = np.ndim(self.alpha) != 0
        if self._multi_alpha:
            if y.ndim == 1:
                coef, intercept = coef[:, 0, :], intercept[:, 0]
            self.coef_, self.intercept_ = coef, intercept
        else:
            # as scikit-learn: a single target given as a column also has coef_
            # (n_features,) (and intercept_ (1,)), so that predict returns (n_samples,)
            single = y.ndim == 1 or y.shape[1] == 1
            self.coef_ = coef[0, 0] if single else coef[0]
            self.intercept_ = _intercept_attribute(intercept[0], y.ndim, fit_intercept)
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """``ŷ = b + Xw`` for each fitted alpha (shapes in the class docs)."""
        X = _predict_data(self, X)
        if self.coef_.ndim == 3:
            return np.einsum("np,atp->nat", X, self.coef_) + self.intercept_
        return X @ self.coef_.T + self.intercept_

    def score(self, X, y, sample_weight=None):
        """R² of the prediction; with an array ``alpha``, an array of R² (one per alpha)."""
        check_is_fitted(self, "coef_")
        if not self._multi_alpha:
            return super().score(X, y, sample_weight=sample_weight)
        from physml.metrics import r2_score

        pred = self.predict(X)
        return np.array(
            [r2_score(y, pred[:, i], sample_weight=sample_weight) for i in range(pred.shape[1])]
        )


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


def _weighted_loo_errors(
    X: np.ndarray, Y: np.ndarray, w: np.ndarray, alphas: np.ndarray, fit_intercept: bool, store: bool
):
    """``Σ_i w_i e_ik²`` for each ``α > 0`` and target k, (n_alphas, n_targets), and
    with ``store`` each ``w_i e_ik²`` (n_samples, n_targets, n_alphas), else None,
    both in units of ``2^exponent`` (returned third):
    the weighted squared leave-one-out residuals ``e`` of weighted Ridge
    (scikit-learn's ``RidgeCV`` scores and ``cv_results_``).

    In the rows ``X̃ = √W (X − x̄_w)``, ``Ỹ = √W (Y − ȳ_w)`` the hat matrix is
    ``H = qqᵀ + X̃(X̃ᵀX̃ + αI)⁻¹X̃ᵀ`` with ``q = √w/‖√w‖`` (the unpenalised
    intercept; no ``qqᵀ`` without one), and ``√w_i e_i = ((I − H)Ỹ)_i/(1 − H_ii)``.
    Samples of zero weight contribute 0 and are left out; the weights are
    divided by their largest (:func:`_unit_weights`) and the score scaled back.
    Tall (``p + fit_intercept < m``, the number of positive weights): thin SVD
    ``X̃ = USVᵀ``, ``I − H = I − qqᵀ − U diag(s²/(s² + α)) Uᵀ``. Otherwise (the
    fit can interpolate): an orthonormal basis ``B`` of ``q⊥`` (a Householder
    reflection mapping ``e_1`` to ``−q``; all of ``Rᵐ`` without intercept) and the full SVD
    ``BᵀX̃ = USVᵀ`` give ``I − H = Z diag(α/(s² + α)) Zᵀ`` with ``Z = BU``, free
    of the cancellation in ``1 − H_ii`` near interpolation."""
    n, t = Y.shape
    keep, unit, residuals, ey, scale = _loo_residuals(X, Y, w, alphas, fit_intercept)
    mantissa, scale_exponent = np.frexp(scale)
    kept = residuals**2 * mantissa
    exponent = 2 * ey + int(scale_exponent)
    sums = kept.sum(axis=0).T
    if not store:
        return sums, None, exponent
    # samples of zero weight: w_i e_ik² = 0
    everything = np.zeros((n, t, alphas.size))
    everything[keep] = kept
    return sums, everything, exponent


def _loo_residuals(X: np.ndarray, Y: np.ndarray, w: np.ndarray, alphas: np.ndarray, fit_intercept: bool):
    """The leave-one-out residuals of weighted Ridge behind :func:`_weighted_loo_errors`:
    ``(keep, u, R, e_y, c)`` with ``keep`` the samples of positive weight, ``u = w/c``
    (c = max w) and ``R`` (m, n_targets, n_alphas) the residuals ``√u_i e_ik`` of the kept
    samples in units of ``2^e_y``."""
    unit, scale, alphas = _unit_weights(w, alphas)
    keep = unit > 0
    Xw, Yw, _, _ = _weighted_design(X[keep], Y[keep], unit[keep], fit_intercept)
    m = Xw.shape[0]
    if fit_intercept and m < 2:
        raise ValueError(
            "leave-one-out cross-validation with an intercept needs at least 2 samples of "
            f"positive sample_weight, got {m}"
        )
    q = np.sqrt(unit[keep]) / np.sqrt(unit[keep].sum()) if fit_intercept else np.zeros(m)
    # rows far from 1 in magnitude are solved exactly rescaled by powers of two, as
    # in the Rust core (the penalties follow X; the residuals are returned in units
    # of 2^e_y)
    ex, ey = _rescaling(Xw, Yw)
    Xw, Yw = np.ldexp(Xw, -ex), np.ldexp(Yw, -ey)
    with np.errstate(over="ignore"):
        alphas = np.ldexp(alphas, -2 * ex)
    if not np.isfinite(alphas).all():
        raise ValueError("alphas must be smaller for data this small (alpha / max|X|² overflows); rescale X")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        residuals = _loo_rows(Xw, Yw, q, alphas, fit_intercept)
        finite = np.isfinite(residuals**2).all()
    if not finite:
        raise ValueError(
            "the leave-one-out errors are not finite: a sample has leverage 1 to rounding "
            "(alphas too small, or sample_weight spanning too many orders of magnitude); "
            "use larger alphas, less extreme sample_weight or cv=k"
        )
    return keep, unit, residuals, ey, scale


def _first_best(scores: np.ndarray) -> np.ndarray:
    """Index of the first highest score along axis 0, NaN counting as −∞ (as
    scikit-learn, which keeps a best alpha until a strictly higher score)."""
    return np.argmax(np.where(np.isnan(scores), -np.inf, scores), axis=0)


def _takes_sample_weight(scorer) -> bool:
    """Whether ``scorer`` accepts a ``sample_weight`` keyword: physml's scorers say
    so, other callables by their signature."""
    flag = getattr(scorer, "takes_sample_weight", None)
    if flag is not None:
        return bool(flag)
    try:
        parameters = inspect.signature(scorer).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "sample_weight" or p.kind is p.VAR_KEYWORD for p in parameters)


def _check_fold_weights(w: np.ndarray | None, splits) -> None:
    if w is not None and not all(w[train].sum() > 0 and w[test].sum() > 0 for train, test in splits):
        raise ValueError("sample_weight must have a positive weight in every training and test fold")


class _IdentityRegressor(RegressorMixin, BaseEstimator):
    """What a scorer sees in leave-one-out scoring: ``predict(X)`` returns X, the
    leave-one-out predictions themselves (scikit-learn's device; an estimator, so
    that scikit-learn's own scorers accept it)."""

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return X


def _loo_predictions(X: np.ndarray, Y: np.ndarray, w: np.ndarray | None, alphas: np.ndarray, fit_intercept: bool):
    """Leave-one-out predictions ``y_ik − e_ik`` (n_samples, n_targets, n_alphas) of
    (weighted) Ridge. A sample of zero weight does not take part in the fit, so its
    prediction is the full fit's."""
    n, t = Y.shape
    w = np.ones(n) if w is None else w
    keep, unit, residuals, ey, _ = _loo_residuals(X, Y, w, alphas, fit_intercept)
    predictions = np.empty((n, t, alphas.size))
    with np.errstate(over="ignore"):
        errors = np.ldexp(residuals / np.sqrt(unit[keep])[:, None, None], ey)
    predictions[keep] = Y[keep][:, :, None] - errors
    if not keep.all():
        coefs, intercepts = _ridge_fit(X, Y, w, alphas, fit_intercept)
        predictions[~keep] = np.einsum("np,ktp->ntk", X[~keep], coefs) + intercepts.T[None]
    return predictions


def _loo_rows(
    Xw: np.ndarray, Yw: np.ndarray, q: np.ndarray, alphas: np.ndarray, fit_intercept: bool
) -> np.ndarray:
    """``√w_i e_ik`` (m, n_targets, n_alphas) for the rows of :func:`_loo_residuals`."""
    m, p = Xw.shape
    errors = np.empty((m, Yw.shape[1], alphas.size))
    if p + fit_intercept < m:
        U, s, _ = np.linalg.svd(Xw, full_matrices=False)
        UtY = U.T @ Yw
        U2 = U**2
        for i, alpha in enumerate(alphas):
            shrink = s**2 / (s**2 + alpha)
            residual = Yw - U @ (shrink[:, None] * UtY)
            errors[:, :, i] = residual / (1.0 - q**2 - U2 @ shrink)[:, None]
    else:
        if fit_intercept:
            v = q.copy()
            v[0] += 1.0
            basis = np.eye(m)[:, 1:] - np.outer(v * (2.0 / (v @ v)), v[1:])
        else:
            basis = np.eye(m)
        U, s, _ = np.linalg.svd(basis.T @ Xw, full_matrices=True)
        Z = basis @ U
        ZtY = Z.T @ Yw
        Z2 = Z**2
        for i, alpha in enumerate(alphas):
            keep_share = alpha / (s**2 + alpha)
            residual = Z @ (keep_share[:, None] * ZtY)
            errors[:, :, i] = residual / (Z2 @ keep_share)[:, None]
    return errors


class RidgeCV(RegressorMixin, BaseEstimator):
    """Ridge regression with ``α`` chosen by cross-validation.

    ``cv=None`` (default): efficient leave-one-out. From one decomposition of the
    centred design, the leave-one-out residuals of every ``α`` are
    ``e_i = (y_i − ŷ_i)/(1 − H_ii)`` with the hat matrix
    ``H = 11ᵀ/n + X_c(X_cᵀX_c + αI)⁻¹X_cᵀ``; the chosen ``α`` minimises the mean
    of ``e_i²`` over samples and targets and ``best_score_`` is that mean,
    negated (as scikit-learn's ``RidgeCV``). ``alphas`` must be ``> 0``.

    ``cv=k`` (int): k contiguous folds (scikit-learn's ``KFold`` without
    shuffling); the chosen ``α`` maximises the mean test R² over folds, which is
    ``best_score_``. ``alphas`` must be ``>= 0``. ``cv`` may also be a splitter
    with a ``split(X)`` method (``KFold(shuffle=True)``, ``ShuffleSplit``, ...) or
    an iterable of (train, test) index arrays, scored the same way; each fold
    solves every ``α`` from one factorisation.

    Ties go to the first ``α`` in ``alphas``. The final model is Ridge with
    ``alpha_`` refitted on all data.

    With ``alpha_per_target=True`` (``cv=None`` only) and a 2-D ``y``, each target
    gets the ``α`` of its own smallest mean squared leave-one-out error; with
    ``store_cv_results=True`` (``cv=None`` only) the squared leave-one-out errors
    ``e_ik²`` (``w_i e_ik²`` with weights) are kept in ``cv_results_``.

    With ``sample_weight`` (as scikit-learn's ``RidgeCV``): every fit is the
    weighted Ridge of :class:`Ridge`; with ``cv=None`` the score of an ``α`` is
    ``−(1/(n t)) Σ_ik w_i e_ik²`` (``e`` the leave-one-out residuals of the weighted
    fit, computed with the hat matrix of the rows ``√w_i (x_i − x̄_w)``); with
    ``cv`` given, each training fold is fitted with its weights and scored by the
    weighted R² of its test fold (scikit-learn 1.9 routes ``sample_weight`` to the
    score too).

    With ``scoring`` (a scikit-learn scoring name from
    :data:`physml.metrics.SCORERS`, or a callable ``scorer(estimator, X, y)``), the
    chosen ``α`` maximises that score instead: with ``cv=None`` of the leave-one-out
    predictions ``ŷ_(−i) = y_i − e_i`` (a scorer sees an estimator whose ``predict``
    returns them, as in scikit-learn), with ``cv`` given of each test fold, averaged
    over folds. With ``sample_weight`` the scorer gets it too.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default (0.1, 1.0, 10.0)
    fit_intercept : bool, default True
    scoring : None, str or callable, default None
    cv : None, int >= 2, splitter or iterable of (train, test), default None
    gcv_mode : None, 'auto', 'svd' or 'eigen', default None; scikit-learn's choice of
        decomposition for leave-one-out. physml picks its own (an eigendecomposition
        of X_cᵀX_c or of X_cX_cᵀ, whichever is smaller; an SVD of the weighted rows
        with ``sample_weight`` or ``scoring``), so every value gives the same result.
    store_cv_results : bool, default False
    alpha_per_target : bool, default False

    Attributes
    ----------
    alpha_ : float, or ndarray (n_targets,) with ``alpha_per_target``
    best_score_ : float, or ndarray (n_targets,) with ``alpha_per_target``
    alpha_scores_ : ndarray of shape (n_alphas,), or (n_alphas, n_targets) with
        ``alpha_per_target``
        The score of every alpha (negative mean squared LOO error, or mean R²).
    cv_results_ : ndarray (n_samples, n_alphas), or (n_samples, n_targets, n_alphas)
        for 2-D ``y``: the squared leave-one-out errors (``store_cv_results``), or
        with ``scoring`` the leave-one-out predictions.
    coef_, intercept_, n_features_in_ : as :class:`Ridge` with a scalar alpha.
    """

    def __init__(
        self,
        alphas=(0.1, 1.0, 10.0),
        *,
        fit_intercept=True,
        scoring=None,
        cv=None,
        gcv_mode=None,
        store_cv_results=False,
        alpha_per_target=False,
    ):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.scoring = scoring
        self.cv = cv
        self.gcv_mode = gcv_mode
        self.store_cv_results = store_cv_results
        self.alpha_per_target = alpha_per_target

    def fit(self, X, y, sample_weight=None):
        """Choose ``alpha_`` by cross-validation, then refit; ``sample_weight``:
        None, a positive number or an array (n_samples,) of weights ``>= 0``.
        Returns ``self``."""
        cv = self.cv
        alphas = _alpha_array(self.alphas, "alphas", strictly_positive=cv is None)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        store = _check_bool(self.store_cv_results, "store_cv_results")
        per_target = _check_bool(self.alpha_per_target, "alpha_per_target")
        for name, value in [("store_cv_results", store), ("alpha_per_target", per_target)]:
            if value and cv is not None:
                raise ValueError(f"{name}=True needs cv=None (efficient leave-one-out), got cv={cv!r}")
        if self.gcv_mode not in (None, "auto", "svd", "eigen"):
            raise ValueError(f"gcv_mode must be None, 'auto', 'svd' or 'eigen', got {self.gcv_mode!r}")
        scorer = None if self.scoring is None else get_scorer(self.scoring)
        X, y, y2 = _fit_data(X, y)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        self.__dict__.pop("cv_results_", None)
        if scorer is not None:
            return self._fit_scored(X, y, y2, w, alphas, fit_intercept, store, per_target, scorer)
        # the scores are compared as computed, in units of 2^exponent (the squared
        # errors of a y beyond 2^±300 would overflow or underflow in its own units)
        exponent = 0
        if cv is None:
            if w is None:
                sums, everything, exponent = _core.ridge_loo_errors(X, y2, alphas, fit_intercept, store)
            else:
                sums, everything, exponent = _weighted_loo_errors(X, y2, w, alphas, fit_intercept, store)
            if everything is not None:
                with np.errstate(over="ignore"):  # errors beyond float64 are inf
                    everything = np.ldexp(everything, exponent)
                self.cv_results_ = everything[:, 0, :] if y.ndim == 1 else everything
            if per_target and y2.shape[1] > 1:
                return self._fit_per_target(X, y, w, alphas, -sums / X.shape[0], exponent)
            scores = -sums.sum(axis=1) / (X.shape[0] * y2.shape[1])
        elif isinstance(cv, numbers.Integral) and not isinstance(cv, bool) and w is None:
            check_scalar(cv, "cv", kind=numbers.Integral, min_value=2)
            if cv > X.shape[0]:
                raise ValueError(f"cv must be <= n_samples = {X.shape[0]}, got {cv}")
            scores = _core.ridge_kfold_r2(X, y2, alphas, fit_intercept, int(cv))
        else:
            # splitters, folds and weighted k-fold: the mean test R² of the folds
            return self._fit_scored(X, y, y2, w, alphas, fit_intercept, store, per_target, get_scorer("r2"))
        return self._refit_best(X, y, w, alphas, scores, exponent, per_target)

    def _refit_best(self, X, y, w, alphas, scores, exponent, per_target):
        """The first alpha of the highest score (scores in units of 2^exponent; NaN
        never wins), and the Ridge refit on all data with it."""
        best = int(_first_best(scores))
        self.alpha_ = float(alphas[best])
        with np.errstate(over="ignore"):  # scores beyond float64 are -inf
            self.alpha_scores_ = np.ldexp(scores, exponent)
        self.best_score_ = float(self.alpha_scores_[best])
        if per_target and y.ndim == 2:
            # as scikit-learn: one score per target, also for a single column
            self.best_score_ = np.array([self.best_score_])
        ridge = Ridge(alpha=self.alpha_, fit_intercept=self.fit_intercept).fit(X, y, sample_weight=w)
        self.coef_ = ridge.coef_
        self.intercept_ = ridge.intercept_
        self.n_features_in_ = X.shape[1]
        return self

    def _fit_scored(self, X, y, y2, w, alphas, fit_intercept, store, per_target, scorer):
        """``fit`` with a scorer: leave-one-out predictions (cv=None) or test folds."""
        weighted = w is not None and _takes_sample_weight(scorer)
        params = {"sample_weight": w} if weighted else {}
        if self.cv is None:
            if w is not None and not weighted:
                raise ValueError(
                    f"scoring={self.scoring!r} does not take sample_weight, which leave-one-out "
                    "scoring passes on with sample_weight (as scikit-learn); use cv=k or a scorer "
                    "with a sample_weight argument"
                )
            predictions = _loo_predictions(X, y2, w, alphas, fit_intercept)
            if store:
                self.cv_results_ = predictions[:, 0, :] if y.ndim == 1 else predictions
            if per_target and y2.shape[1] > 1:
                scores = np.array(
                    [
                        [scorer(_IdentityRegressor(), predictions[:, j, i], y2[:, j], **params) for j in range(y2.shape[1])]
                        for i in range(alphas.size)
                    ]
                )
                return self._fit_per_target(X, y, w, alphas, scores, 0)
            scores = np.array(
                [
                    scorer(_IdentityRegressor(), predictions[:, 0, i] if y.ndim == 1 else predictions[:, :, i], y, **params)
                    for i in range(alphas.size)
                ]
            )
            return self._refit_best(X, y, w, alphas, scores, 0, per_target)
        splits = _cv_splits(self.cv, X.shape[0])
        _check_fold_weights(w, splits)
        if w is not None and not weighted:
            warnings.warn(
                f"scoring={self.scoring!r} does not take sample_weight: the test folds are scored "
                "without weights (as scikit-learn)",
                UserWarning,
                stacklevel=3,
            )
        scores = np.zeros(alphas.size)
        for train, test in splits:
            w_train = None if w is None else w[train]
            coefs, intercepts = _ridge_fit(
                np.ascontiguousarray(X[train]), np.ascontiguousarray(y2[train]), w_train, alphas, fit_intercept
            )
            fold_params = {"sample_weight": w[test]} if weighted else {}
            for i, alpha in enumerate(alphas):
                model = Ridge(alpha=float(alpha), fit_intercept=fit_intercept)
                model.coef_ = coefs[i, 0] if y.ndim == 1 else coefs[i]
                model.intercept_ = _intercept_attribute(intercepts[i], y.ndim, fit_intercept)
                model.n_features_in_ = X.shape[1]
                scores[i] += scorer(model, X[test], y[test], **fold_params)
        return self._refit_best(X, y, w, alphas, scores / len(splits), 0, False)

    def _fit_per_target(self, X, y, w, alphas, scores, exponent):
        """The best alpha of each target from its scores (n_alphas, n_targets; in
        units of 2^exponent), and the Ridge refit of each target with it."""
        best = _first_best(scores)
        targets = np.arange(scores.shape[1])
        self.alpha_ = alphas[best]
        with np.errstate(over="ignore"):  # scores beyond float64 are -inf
            self.alpha_scores_ = np.ldexp(scores, exponent)
        self.best_score_ = self.alpha_scores_[best, targets]
        chosen = np.unique(best)
        ridge = Ridge(alpha=alphas[chosen], fit_intercept=self.fit_intercept).fit(X, y, sample_weight=w)
        row = np.searchsorted(chosen, best)
        self.coef_ = ridge.coef_[row, targets]
        self.intercept_ = ridge.intercept_[row, targets] if self.fit_intercept else 0.0
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """``ŷ = b + Xw`` with the chosen ``alpha_``."""
        X = _predict_data(self, X)
        return X @ self.coef_.T + self.intercept_
# ===========================================================================
# Lasso and ElasticNet: coordinate descent (Rust core: src/linear/lasso.rs)
# ===========================================================================
#
# Objective (scikit-learn's), with rho = l1_ratio and n samples:
#
#     1/(2n) ||y - Xw - b||^2 + alpha rho ||w||_1 + alpha (1 - rho)/2 ||w||^2
#
# The solver stops when the duality gap is below tol * ||y||^2 (y centred when an
# intercept is fitted), exactly scikit-learn's criterion.

_ENET_ADVICE = (
    "Increase max_iter, scale the features (e.g. standardise the columns of X), "
    "or raise tol."
)


def _check_enet_params(
    *,
    l1_ratio: Any,
    max_iter: Any,
    tol: Any,
    selection: Any,
    fit_intercept: Any = True,
    positive: Any = False,
) -> None:
    check_scalar(l1_ratio, "l1_ratio", min_value=0.0, max_value=1.0)
    check_scalar(max_iter, "max_iter", kind=numbers.Integral, min_value=1)
    check_scalar(tol, "tol", min_value=0.0)
    if selection not in ("cyclic", "random"):
        raise ValueError(f"selection must be 'cyclic' or 'random', got {selection!r}")
    _check_bool(fit_intercept, "fit_intercept")
    _check_bool(positive, "positive")


def _check_precompute(precompute: Any, n_features: int) -> tuple[bool | None, np.ndarray | None]:
    """scikit-learn's ``precompute``: 'auto' (the Gram form when n_samples > n_features),
    a bool (True: the Gram form, Xᵀr = Xᵀy − Gw; False: the residual form, r = y − Xw),
    or the (n_features, n_features) Gram matrix XᵀX. Returns (form, gram) for the core:
    form None for 'auto'."""
    if isinstance(precompute, str) and precompute == "auto":
        return None, None
    if isinstance(precompute, (bool, np.bool_)):
        return bool(precompute), None
    if precompute is None or isinstance(precompute, (str, bytes, numbers.Number)):
        raise ValueError(
            f"precompute must be 'auto', a bool or the (n_features, n_features) Gram matrix "
            f"XᵀX, got {precompute!r}"
        )
    gram = check_array(precompute, "precompute")
    if gram.shape != (n_features, n_features):
        raise ValueError(
            f"precompute must be the ({n_features}, {n_features}) Gram matrix XᵀX, got shape {gram.shape}"
        )
    return True, gram


def _gram_for_fit(gram: np.ndarray | None, X: np.ndarray, w: np.ndarray | None, fit_intercept: bool) -> np.ndarray | None:
    """The caller's Gram matrix, unless fitting an intercept centres X (its (weighted)
    column means are not all ~0): then it no longer describes the design, and is
    dropped with scikit-learn's warning."""
    if gram is not None and fit_intercept and not np.allclose(np.average(X, axis=0, weights=w), 0.0):
        warnings.warn(
            "Gram matrix was provided but X was centered to fit intercept: recomputing Gram matrix.",
            UserWarning,
            stacklevel=3,
        )
        return None
    return gram


def _check_design(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``check_X_y`` without its NaN/infinity scan of X: the Rust core rejects
    non-finite X (``ValueError: X contains NaN or infinity``) in its own first pass
    over the data, saving a pass over a large X."""
    X = check_array(X, "X", allow_nonfinite=True)
    y = check_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: X has {X.shape[0]}, y has {y.shape[0]}"
        )
    return X, y


def _alpha_count(alphas: Any, n_alphas: Any) -> int | None:
    """The length of the automatic alpha grid, or None when ``alphas`` lists the
    alphas: an integer ``alphas`` is that length (scikit-learn's spelling since 1.7),
    else ``n_alphas`` when ``alphas`` is None."""
    if isinstance(alphas, numbers.Integral) and not isinstance(alphas, (bool, np.bool_)):
        check_scalar(alphas, "alphas", kind=numbers.Integral, min_value=1)
        return int(alphas)
    if alphas is None:
        check_scalar(n_alphas, "n_alphas", kind=numbers.Integral, min_value=1)
        return int(n_alphas)
    return None


def _check_alphas(alphas: Any) -> np.ndarray:
    """A 1-D array of alphas >= 0, sorted in decreasing order (as scikit-learn)."""
    arr = check_array(alphas, "alphas", ndim=1)
    if (arr < 0).any():
        raise ValueError(f"alphas must be >= 0, got {arr.min()!r}")
    return np.ascontiguousarray(np.sort(arr)[::-1])


def _warn_not_converged(converged: np.ndarray, alphas: np.ndarray, max_iter: int) -> None:
    """One ConvergenceWarning for all (target, alpha) problems that hit max_iter
    (attributed to the caller of ``fit``/``enet_path``)."""
    if converged.all():
        return
    bad = np.unique(alphas[np.nonzero(~converged)[-1]])
    shown = ", ".join(f"{a:.3g}" for a in bad[:5]) + (", ..." if len(bad) > 5 else "")
    warnings.warn(
        f"coordinate descent did not reach the tolerance in max_iter={max_iter} sweeps "
        f"at {len(bad)} alpha(s) ({shown}): the duality gap is still above tol*||y||^2. "
        + _ENET_ADVICE,
        ConvergenceWarning,
        stacklevel=4,
    )


def _run_path(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    alphas: np.ndarray | None,
    n_alphas: int,
    eps: float,
    l1_ratio: float,
    fit_intercept: bool,
    max_iter: int,
    tol: float,
    selection: str,
    random_state: Any,
    coef_init: np.ndarray | None = None,
    positive: bool = False,
    precompute: bool | None = None,
    gram: np.ndarray | None = None,
    xy: np.ndarray | None = None,
    verbose: int = 0,
):
    """Call the Rust path solver with a 2-D ``Y`` (n_samples, n_targets); returns
    alphas, coefs (t, p, k), intercepts (t, k), dual gaps (t, k), n_iter (t, k).
    ``precompute`` chooses the form (None: by shape); ``gram`` and ``xy`` are the
    caller's XᵀX and Xᵀy, checked by the core."""
    seed = check_random_state_seed(random_state) if selection == "random" else None
    alphas_out, coefs, intercepts, gaps, n_iter, converged = _core.enet_path(
        X,
        Y,
        alphas,
        int(n_alphas),
        float(eps),
        float(l1_ratio),
        bool(fit_intercept),
        int(max_iter),
        float(tol),
        seed,
        coef_init,
        bool(positive),
        precompute,
        gram,
        xy,
        _path_progress(verbose),
    )
    _warn_not_converged(converged, alphas_out, max_iter)
    return alphas_out, coefs, intercepts, gaps, n_iter


def _path_progress(verbose: int):
    """scikit-learn's path output: with ``verbose`` 1 a dot on stderr per alpha, with
    2 or more a line 'Path: i out of n' on stdout; None (no callback) for 0."""
    if verbose <= 0:
        return None

    def progress(i: int, n: int) -> None:
        if verbose > 1:
            print(f"Path: {i:03d} out of {n:03d}")
        else:
            sys.stderr.write(".")
            sys.stderr.flush()

    return progress


def _run_weighted_path(X: np.ndarray, Y: np.ndarray, w: np.ndarray | None, *, fit_intercept: bool, **kwargs):
    """:func:`_run_path`, or with weights ``w`` the objective
    ``1/(2n) Σ_i w'_i r_i² + penalty`` with ``w' = w·n/Σw`` (scikit-learn rescales
    ``sample_weight`` to sum to ``n``): the core solves it without intercept on the
    rows ``√w'_i (x_i − x̄_w)``, ``√w'_i (y_i − ȳ_w)`` (so ``tol`` and ``dual_gap_``
    refer to them, as in scikit-learn) and ``b = ȳ_w − x̄_wᵀw``."""
    if w is None:
        return _run_path(X, Y, fit_intercept=fit_intercept, **kwargs)
    unit = w / w.max()
    Xw, Yw, x_mean, y_mean = _weighted_design(X, Y, unit * (len(w) / unit.sum()), fit_intercept)
    alphas, coefs, _, gaps, n_iter = _run_path(Xw, Yw, fit_intercept=False, **kwargs)
    return alphas, coefs, y_mean[:, None] - np.einsum("p,tpk->tk", x_mean, coefs), gaps, n_iter


def enet_path(
    X: Any,
    y: Any,
    *,
    l1_ratio: float = 0.5,
    eps: float = 1e-3,
    n_alphas: int = 100,
    alphas: Any = None,
    precompute: Any = "auto",
    Xy: Any = None,
    copy_X: bool = True,
    coef_init: Any = None,
    verbose: Any = False,
    max_iter: int = 1000,
    tol: float = 1e-4,
    selection: str = "cyclic",
    random_state: Any = None,
    return_n_iter: bool = False,
    positive: bool = False,
    check_input: bool = True,
):
    """ElasticNet coefficients along a path of alphas, as ``sklearn.linear_model.enet_path``.

    Minimises, at each alpha (no intercept: centre X and y first if you need one),

        1/(2n) ‖y − Xw‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖²,    ρ = ``l1_ratio``,

    by coordinate descent, warm-starting each alpha from the previous solution.

    Parameters
    ----------
    X : array-like (n_samples, n_features)
    y : array-like (n_samples,) or (n_samples, n_targets); targets are independent problems.
    l1_ratio : float in [0, 1] (must be > 0 when ``alphas`` is None).
    eps : float in (0, 1]; the grid ends at ``eps * alpha_max``.
    n_alphas : int; length of the automatic grid, log-spaced from
        alpha_max = max_j |X_jᵀy| / (n ρ), the smallest alpha with w = 0.
    alphas : array-like, optional; used instead of the grid (sorted decreasingly). An
        integer is the length of the automatic grid instead (scikit-learn's spelling
        since 1.7, where ``n_alphas`` is deprecated).
    precompute : 'auto', bool or array (n_features, n_features). 'auto' runs coordinate
        descent in the Gram form (Xᵀr = Xᵀy − Gw, G = XᵀX) when n_samples > n_features
        and in the residual form (r = y − Xw) otherwise; True and False force one of
        them. physml computes only the Gram columns the path needs, so True costs no
        full XᵀX. An array is XᵀX itself, used instead of computing any column; it must
        be symmetric with ‖X_j‖² on its diagonal (relative tolerance 1e-7), and one
        off-diagonal entry is checked against X, as scikit-learn checks.
    Xy : array (n_features,) or (n_features, n_targets), optional: Xᵀy. physml computes
        it in its first pass over X anyway, so it only checks the given one (same
        tolerance) and raises ValueError if it differs.
    copy_X : bool; physml never modifies X, so either value gives the same result.
    coef_init : array-like (n_features,) or (n_targets, n_features), optional start.
    verbose : bool or int >= 0; as scikit-learn, a dot on stderr per alpha solved
        (1), or a line 'Path: i out of n' (2 and more).
    max_iter, tol : sweeps per alpha; stop when the duality gap < tol·‖y‖².
    selection : 'cyclic' or 'random' (coordinates drawn with ``random_state``).
    return_n_iter : also return the number of sweeps per alpha.
    positive : constrain every coefficient to w_j >= 0 (the grid's alpha_max is then
        max(0, max_j X_jᵀy) / (n ρ), as in scikit-learn).
    check_input : bool; physml validates its input either way (scikit-learn skips
        the checks with False).

    Returns
    -------
    alphas : (n_alphas,)
    coefs : (n_features, n_alphas), or (n_targets, n_features, n_alphas) for 2-D y
    dual_gaps : (n_alphas,) or (n_targets, n_alphas); duality gaps divided by n
    n_iters : like ``dual_gaps``, only if ``return_n_iter``
    """
    X, y = _check_design(X, y)
    _check_enet_params(l1_ratio=l1_ratio, max_iter=max_iter, tol=tol, selection=selection, positive=positive)
    check_scalar(eps, "eps", min_value=0.0, max_value=1.0, include_min=False)
    _check_bool(copy_X, "copy_X")
    _check_bool(check_input, "check_input")
    verbose = _check_verbose(verbose)
    form, gram = _check_precompute(precompute, X.shape[1])
    count = _alpha_count(alphas, n_alphas)
    if count is None:
        alphas = _check_alphas(alphas)
    else:
        alphas, n_alphas = None, count
    if alphas is None and l1_ratio == 0:
        raise ValueError("l1_ratio must be > 0 to choose alphas automatically; pass alphas")
    Y = y.reshape(len(y), -1)
    if coef_init is not None:
        coef_init = check_array(coef_init, "coef_init", ndim=(1, 2)).reshape(Y.shape[1], -1)
    if Xy is not None:
        Xy = check_array(Xy, "Xy", ndim=(1, 2))
        shape = (X.shape[1], Y.shape[1])
        if Xy.shape != shape and not (Xy.ndim == 1 and shape[1] == 1 and Xy.shape[0] == shape[0]):
            raise ValueError(f"Xy must be Xᵀy of shape {shape}, got shape {Xy.shape}")
        Xy = np.ascontiguousarray(Xy.reshape(shape))
    alphas, coefs, _, gaps, n_iter = _run_path(
        X,
        Y,
        alphas=alphas,
        n_alphas=n_alphas,
        eps=eps,
        l1_ratio=l1_ratio,
        fit_intercept=False,
        max_iter=max_iter,
        tol=tol,
        selection=selection,
        random_state=random_state,
        coef_init=coef_init,
        positive=positive,
        precompute=form,
        gram=gram,
        xy=Xy,
        verbose=verbose,
    )
    if y.ndim == 1:
        coefs, gaps, n_iter = coefs[0], gaps[0], n_iter[0]
    out = (alphas, coefs, gaps)
    return out + (n_iter.astype(np.int64),) if return_n_iter else out


def lasso_path(
    X: Any,
    y: Any,
    *,
    eps: float = 1e-3,
    n_alphas: int = 100,
    alphas: Any = None,
    precompute: Any = "auto",
    Xy: Any = None,
    copy_X: bool = True,
    coef_init: Any = None,
    verbose: Any = False,
    max_iter: int = 1000,
    tol: float = 1e-4,
    selection: str = "cyclic",
    random_state: Any = None,
    return_n_iter: bool = False,
    positive: bool = False,
    check_input: bool = True,
):
    """Lasso coefficients along a path of alphas: :func:`enet_path` with ``l1_ratio=1``,
    i.e. minimising 1/(2n) ‖y − Xw‖² + α‖w‖₁ at each alpha. Returns
    ``(alphas, coefs, dual_gaps)`` like ``sklearn.linear_model.lasso_path``."""
    return enet_path(
        X,
        y,
        l1_ratio=1.0,
        eps=eps,
        n_alphas=n_alphas,
        alphas=alphas,
        precompute=precompute,
        Xy=Xy,
        copy_X=copy_X,
        coef_init=coef_init,
        verbose=verbose,
        max_iter=max_iter,
        tol=tol,
        selection=selection,
        random_state=random_state,
        return_n_iter=return_n_iter,
        positive=positive,
        check_input=check_input,
    )


class ElasticNet(RegressorMixin, BaseEstimator):
    """Linear regression with combined L1 and L2 penalties, by coordinate descent.

    Minimises 1/(2n) ‖y − Xw − b‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖² (ρ = ``l1_ratio``;
    ρ = 1 is the Lasso). The intercept b is not penalised (X and y are centred).
    A 2-D ``y`` is fitted as independent problems, one per column.

    With ``sample_weight``, as scikit-learn: the weights are rescaled to
    ``w' = w·n/Σw`` and the loss is 1/(2n) Σ_i w'_i (y_i − x_iᵀw − b)², with X and
    y centred at their weighted means; scaling all weights by a constant changes nothing.

    Parameters
    ----------
    alpha : float >= 0, the penalty strength.
    l1_ratio : float in [0, 1], the L1 share of the penalty.
    fit_intercept : bool.
    precompute : 'auto' (the default; scikit-learn's default is False, with the same
        solution to ``tol``), bool or the Gram matrix XᵀX (n_features, n_features):
        see :func:`enet_path`. With ``fit_intercept`` the Gram matrix describes the
        design only if X's (weighted) column means are ~0; otherwise it is dropped
        with scikit-learn's UserWarning. With ``sample_weight`` it must be
        Xᵀ diag(w') X, w' = w·n/Σw, as in scikit-learn.
    max_iter : int, maximum coordinate-descent sweeps.
    copy_X : bool; physml never modifies X, so either value gives the same result.
    tol : float; converged when the duality gap < tol·‖y − ȳ‖².
    warm_start : bool; start from the previous ``coef_`` when refitting.
    positive : bool; constrain every coefficient to w_j >= 0 (the dual feasible set
        becomes X_jᵀθ <= nαρ, one-sided, in the duality gap).
    selection : 'cyclic' or 'random' (random coordinate order from ``random_state``).
    random_state : None, int or numpy Generator; used when ``selection='random'``.

    Attributes
    ----------
    coef_ : (n_features,) or (n_targets, n_features)
    intercept_ : float or (n_targets,) (0.0 without ``fit_intercept``)
    n_iter_ : int or list of int, sweeps used
    dual_gap_ : float or (n_targets,), duality gap divided by n at the end
    n_features_in_ : int
    """

    coef_: np.ndarray
    intercept_: float | np.ndarray
    dual_gap_: float | np.ndarray
    n_iter_: int | list[int]

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        l1_ratio: float = 0.5,
        fit_intercept: bool = True,
        precompute: Any = "auto",
        max_iter: int = 1000,
        copy_X: bool = True,
        tol: float = 1e-4,
        warm_start: bool = False,
        positive: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.selection = selection
        self.random_state = random_state

    def _l1_ratio(self) -> float:
        return self.l1_ratio

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "ElasticNet":
        """Fit the coefficients on X (n_samples, n_features) and y, with optional
        ``sample_weight`` (a positive number or (n_samples,) weights >= 0); returns ``self``."""
        check_scalar(self.alpha, "alpha", min_value=0.0)
        _check_enet_params(
            l1_ratio=self._l1_ratio(),
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            fit_intercept=self.fit_intercept,
            positive=self.positive,
        )
        _check_bool(self.copy_X, "copy_X")
        X, y = _check_design(X, y)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        form, gram = _check_precompute(self.precompute, X.shape[1])
        gram = _gram_for_fit(gram, X, w, self.fit_intercept)
        Y = y.reshape(len(y), -1)
        coef_init = None
        if self.warm_start and hasattr(self, "coef_"):
            previous = np.reshape(self.coef_, (-1, np.shape(self.coef_)[-1]))
            if previous.shape == (Y.shape[1], X.shape[1]):
                coef_init = np.ascontiguousarray(previous)
        _, coefs, intercepts, gaps, n_iter = _run_weighted_path(
            X,
            Y,
            w,
            alphas=np.array([float(self.alpha)]),
            n_alphas=1,
            eps=1.0,
            l1_ratio=self._l1_ratio(),
            fit_intercept=self.fit_intercept,
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            random_state=self.random_state,
            coef_init=coef_init,
            positive=self.positive,
            precompute=form,
            gram=gram,
        )
        coef, intercept, gap, iters = coefs[:, :, 0], intercepts[:, 0], gaps[:, 0], n_iter[:, 0]
        if y.ndim == 1:
            self.coef_ = coef[0]
            self.intercept_ = float(intercept[0])
            self.dual_gap_ = float(gap[0])
            self.n_iter_ = int(iters[0])
        elif y.shape[1] == 1:
            # as scikit-learn: a single target given as a column has coef_ (n_features,)
            # and intercept_ (1,), so that predict returns (n_samples,)
            self.coef_ = coef[0]
            self.intercept_ = intercept if self.fit_intercept else 0.0
            self.dual_gap_ = float(gap[0])
            self.n_iter_ = int(iters[0])
        else:
            self.coef_ = coef
            # as scikit-learn: a scalar 0.0 when no intercept is fitted
            self.intercept_ = intercept if self.fit_intercept else 0.0
            self.dual_gap_ = gap
            self.n_iter_ = [int(i) for i in iters]
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """ŷ = X coef_ᵀ + intercept_, of shape (n_samples,) or (n_samples, n_targets)."""
        X = check_fitted_X(self, X, "coef_")
        return X @ np.asarray(self.coef_).T + self.intercept_


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty (sparse coefficients), by coordinate descent.

    Minimises 1/(2n) ‖y − Xw − b‖² + α ‖w‖₁: :class:`ElasticNet` with ``l1_ratio=1``.
    Parameters and attributes as :class:`ElasticNet`, without ``l1_ratio``.
    """

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        fit_intercept: bool = True,
        precompute: Any = "auto",
        max_iter: int = 1000,
        copy_X: bool = True,
        tol: float = 1e-4,
        warm_start: bool = False,
        positive: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.copy_X = copy_X
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive
        self.selection = selection
        self.random_state = random_state

    def _l1_ratio(self) -> float:
        return 1.0


def _check_verbose(verbose: Any) -> int:
    """``verbose`` (a bool or an int >= 0) as an int."""
    return int(check_scalar(int(verbose) if isinstance(verbose, (bool, np.bool_)) else verbose,
                            "verbose", kind=numbers.Integral, min_value=0))


def _effective_n_jobs(n_jobs: Any) -> int:
    """Worker threads for ``n_jobs`` as joblib counts them: None is 1, -1 every CPU,
    -k all but k − 1."""
    if n_jobs is None:
        return 1
    check_scalar(n_jobs, "n_jobs", kind=numbers.Integral)
    if n_jobs == 0:
        raise ValueError("n_jobs must be a positive or negative integer or None, got 0")
    cpus = os.cpu_count() or 1
    return int(n_jobs) if n_jobs > 0 else max(1, cpus + 1 + int(n_jobs))


def _run_tasks(fn, tasks: list[tuple], workers: int) -> list:
    """``[fn(*t) for t in tasks]``, on ``workers`` threads when more than one (the
    core releases the GIL while it solves). The results do not depend on the number
    of threads. On an exception (also Ctrl-C in the caller) the tasks not started
    are cancelled."""
    if workers == 1 or len(tasks) < 2:
        return [fn(*t) for t in tasks]
    pool = ThreadPoolExecutor(max_workers=min(workers, len(tasks)))
    try:
        futures = [pool.submit(fn, *t) for t in tasks]
        results = [f.result() for f in futures]
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return results


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


class ElasticNetCV(RegressorMixin, BaseEstimator):
    """ElasticNet with alpha (and l1_ratio) chosen by k-fold cross-validation.

    For each l1_ratio, the path over ``alphas`` (by default ``n_alphas`` log-spaced
    values from alpha_max = max_j |X_cjᵀ y_c| / (n ρ) on the whole data down to
    ``eps``·alpha_max) is fitted on each training fold and scored by the mean squared
    error on its test fold; the (alpha, l1_ratio) with the smallest mean over folds is
    refitted on all data.

    With ``sample_weight`` (as scikit-learn): alpha_max = max_j |X_cjᵀ W y_c| / (Σw ρ)
    with X, y centred at their weighted means; each training fold is fitted with its
    weights (see :class:`ElasticNet`) and each test fold scored by the weighted mean
    squared error Σ w_i r_i² / Σ w_i.

    Parameters
    ----------
    l1_ratio : float or list of floats in (0, 1].
    eps, alphas : the alpha grid (see :func:`enet_path`): ``alphas`` lists the alphas,
        or an integer (default 100) is the length of the automatic grid.
    n_alphas : None or int; the length of the grid in scikit-learn's spelling before
        1.7 (it removed the parameter in 1.9): when set, it is used instead of an
        integer ``alphas``.
    fit_intercept, max_iter, tol, positive, selection, random_state, copy_X : as
        :class:`ElasticNet`.
    precompute : 'auto', bool or the Gram matrix XᵀX: the form of coordinate descent
        (see :func:`enet_path`). A Gram matrix of the whole X serves only the final
        refit on all data (as :class:`ElasticNet`'s); the folds, whose Gram matrices
        differ, run in the Gram form with the columns they need.
    cv : None (5 folds), int (k-fold without shuffling, like scikit-learn's ``KFold``),
        a splitter with ``split(X)``, or an iterable of (train, test) index arrays.
    verbose : bool or int >= 0; print a line as each fold's path is fitted.
    n_jobs : None or int; fit the folds (and l1_ratios) on this many threads (None:
        one; -1: every CPU), as scikit-learn's joblib workers. The results do not
        depend on it.

    Attributes
    ----------
    alpha_, l1_ratio_ : the chosen penalty.
    alphas_ : (n_alphas,) or (n_l1_ratio, n_alphas), decreasing.
    mse_path_ : (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds).
    coef_, intercept_, dual_gap_, n_iter_ : of the refit on all data.
    """

    def __init__(
        self,
        *,
        l1_ratio: Any = 0.5,
        eps: float = 1e-3,
        n_alphas: int | None = None,
        alphas: Any = 100,
        fit_intercept: bool = True,
        precompute: Any = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
        copy_X: bool = True,
        cv: Any = None,
        verbose: Any = False,
        n_jobs: int | None = None,
        positive: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.selection = selection
        self.random_state = random_state

    def _grid(self) -> tuple[Any, Any]:
        """(alphas, n_alphas) for :func:`_alpha_count`: ``n_alphas``, the spelling of
        scikit-learn before 1.7, gives the grid's length when set (and ``alphas`` is
        an integer, the default, or None)."""
        if self.n_alphas is not None and (self.alphas is None or isinstance(self.alphas, numbers.Integral)):
            return None, self.n_alphas
        return self.alphas, 100

    def _l1_ratios(self) -> list[float]:
        ratios = np.atleast_1d(self.l1_ratio)
        if ratios.ndim != 1 or ratios.size == 0:
            raise ValueError(f"l1_ratio must be a number or a list of numbers, got {self.l1_ratio!r}")
        for r in ratios.tolist():
            check_scalar(r, "l1_ratio", min_value=0.0, max_value=1.0, include_min=False)
        return [float(r) for r in ratios]

    def _alpha_grid(self, X: np.ndarray, y: np.ndarray, l1_ratio: float, w: np.ndarray | None) -> np.ndarray:
        count = _alpha_count(*self._grid())
        if count is None:
            return _check_alphas(self.alphas)
        if self.fit_intercept:
            X, y = X - np.average(X, axis=0, weights=w), y - np.average(y, weights=w)
        if w is not None:
            y = w * y
        pull = X.T @ y if self.positive else np.abs(X.T @ y)
        alpha_max = max(float(pull.max()), 0.0) / ((len(y) if w is None else w.sum()) * l1_ratio)
        if alpha_max == 0:
            alpha_max = np.sqrt(np.finfo(float).tiny)
        return np.geomspace(alpha_max, alpha_max * self.eps, num=count)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "ElasticNetCV":
        """Choose alpha (and l1_ratio) by cross-validation, then refit, with optional
        ``sample_weight`` (a positive number or (n_samples,) weights >= 0); returns ``self``."""
        ratios = self._l1_ratios()
        _check_enet_params(
            l1_ratio=ratios[0],
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            fit_intercept=self.fit_intercept,
            positive=self.positive,
        )
        check_scalar(self.eps, "eps", min_value=0.0, max_value=1.0, include_min=False)
        _alpha_count(*self._grid())
        y_array = np.asarray(y)
        if y_array.ndim == 2 and y_array.shape[1] == 1:
            y = column_or_1d(y_array, stacklevel=3)
        X, y = check_X_y(X, y, multi_output=False)
        _check_bool(self.copy_X, "copy_X")
        form, gram = _check_precompute(self.precompute, X.shape[1])
        w = None if sample_weight is None else check_sample_weight(sample_weight, len(y))
        gram = _gram_for_fit(gram, X, w, self.fit_intercept)
        if gram is not None:
            # the core checks the Gram matrix against X when it sets up a path: one
            # without alphas fails before the folds rather than at the final refit
            _run_weighted_path(
                X, y.reshape(-1, 1), w, fit_intercept=self.fit_intercept, alphas=np.empty(0), n_alphas=1,
                eps=self.eps, l1_ratio=1.0, max_iter=self.max_iter, tol=self.tol, selection="cyclic",
                random_state=None, gram=gram,
            )
        splits = _cv_splits(5 if self.cv is None else self.cv, len(y))
        _check_fold_weights(w, splits)
        verbose = _check_verbose(self.verbose)
        workers = _effective_n_jobs(self.n_jobs)
        grids = [self._alpha_grid(X, y, ratio, w) for ratio in ratios]

        def fold_mse(r: int, f: int) -> np.ndarray:
            """Mean squared test error of fold f along the path of l1_ratio r."""
            (train, test), alphas = splits[f], grids[r]
            _, coefs, intercepts, _, _ = _run_weighted_path(
                np.ascontiguousarray(X[train]),
                np.ascontiguousarray(y[train]).reshape(-1, 1),
                None if w is None else w[train],
                alphas=alphas,
                n_alphas=len(alphas),
                eps=self.eps,
                l1_ratio=ratios[r],
                fit_intercept=self.fit_intercept,
                max_iter=self.max_iter,
                tol=self.tol,
                selection=self.selection,
                random_state=self.random_state,
                positive=self.positive,
                precompute=form,
            )
            residual = X[test] @ coefs[0] + intercepts[0] - y[test][:, None]
            if verbose:
                print(f"[{type(self).__name__}] l1_ratio {ratios[r]:g}, fold {f + 1} of {len(splits)}: "
                      f"{len(alphas)} alphas fitted")
            return np.average(residual**2, axis=0, weights=None if w is None else w[test])

        tasks = [(r, f) for r in range(len(ratios)) for f in range(len(splits))]
        results = iter(_run_tasks(fold_mse, tasks, workers))
        mse_path = np.array([np.column_stack([next(results) for _ in splits]) for _ in ratios])
        best_ratio, best_alpha = np.unravel_index(
            np.argmin(mse_path.mean(axis=2)), mse_path.shape[:2]
        )
        self.l1_ratio_ = ratios[best_ratio]
        self.alpha_ = float(grids[best_ratio][best_alpha])
        single = np.ndim(self.l1_ratio) == 0
        self.alphas_ = grids[0] if single else np.array(grids)
        self.mse_path_ = mse_path[0] if single else mse_path
        model = ElasticNet(
            alpha=self.alpha_,
            l1_ratio=self.l1_ratio_,
            fit_intercept=self.fit_intercept,
            # the checked Gram matrix, or the form (a dropped one warned already)
            precompute=gram if gram is not None else ("auto" if form is None else form),
            max_iter=self.max_iter,
            tol=self.tol,
            positive=self.positive,
            selection=self.selection,
            random_state=self.random_state,
        ).fit(X, y, sample_weight=w)
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.dual_gap_ = model.dual_gap_
        self.n_iter_ = model.n_iter_
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """ŷ = X coef_ + intercept_ with the cross-validated penalty."""
        # ElasticNet's predict reads only coef_, intercept_ and n_features_in_, which this has too
        return ElasticNet.predict(self, X)  # type: ignore[arg-type]


class LassoCV(ElasticNetCV):
    """Lasso with alpha chosen by k-fold cross-validation: :class:`ElasticNetCV` with
    ``l1_ratio=1``. Attributes ``alpha_``, ``alphas_`` (n_alphas,), ``mse_path_``
    (n_alphas, n_folds), ``coef_``, ``intercept_``, ``dual_gap_``, ``n_iter_``."""

    def __init__(
        self,
        *,
        eps: float = 1e-3,
        n_alphas: int | None = None,
        alphas: Any = 100,
        fit_intercept: bool = True,
        precompute: Any = "auto",
        max_iter: int = 1000,
        tol: float = 1e-4,
        copy_X: bool = True,
        cv: Any = None,
        verbose: Any = False,
        n_jobs: int | None = None,
        positive: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.precompute = precompute
        self.max_iter = max_iter
        self.tol = tol
        self.copy_X = copy_X
        self.cv = cv
        self.verbose = verbose
        self.n_jobs = n_jobs
        self.positive = positive
        self.selection = selection
        self.random_state = random_state

    def _l1_ratios(self) -> list[float]:
        return [1.0]

    @property
    def l1_ratio(self) -> float:
        return 1.0
