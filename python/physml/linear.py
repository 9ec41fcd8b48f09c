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
  cross-validation.

Shapes follow scikit-learn: for 1-D ``y`` of shape ``(n_samples,)``, ``coef_`` has
shape ``(n_features,)`` and ``intercept_`` is a float; for 2-D ``y`` of shape
``(n_samples, n_targets)``, ``coef_`` is ``(n_targets, n_features)`` and
``intercept_`` is ``(n_targets,)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    RegressorMixin,
    check_array,
    check_is_fitted,
    check_scalar,
    check_X_y,
)

__all__ = ["LinearRegression", "Ridge", "RidgeCV"]


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


def _predict_data(estimator, X) -> np.ndarray:
    check_is_fitted(estimator, "coef_")
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != estimator.n_features_in_:
        raise ValueError(
            f"X has {X.shape[1]} features, but {type(estimator).__name__} was fitted "
            f"with {estimator.n_features_in_} features"
        )
    return X


def _check_level(level) -> float:
    check_scalar(level, "level", min_value=0.0, max_value=1.0, include_min=False, include_max=False)
    return float(level)


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares, ``min_w ‖y − b − Xw‖²``, with standard errors and
    confidence intervals of the coefficients.

    The normal equations are solved by Cholesky when the design is tall and
    well-conditioned; otherwise (collinear columns, ``n_features >= n_samples``)
    the SVD gives the minimum-norm solution, the same as ``numpy.linalg.lstsq``
    applied to the centred data (rank cut-off ``s_i > ε·max(n, p)·s_max``).

    Parameters
    ----------
    fit_intercept : bool, default True
        Fit an intercept ``b`` (by centring ``X`` and ``y``); otherwise ``b = 0``.

    Attributes
    ----------
    coef_ : ndarray, shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    rank_ : int
        Numerical rank of the (centred) design.
    singular_ : ndarray, shape (min(n_samples, n_features),)
        Singular values of the (centred) design, non-increasing.
    n_features_in_ : int
    df_resid_ : int
        Residual degrees of freedom ``ν = n_samples − rank_ − fit_intercept``.

    Inference (Gaussian noise of constant variance σ² assumed)
    ----------------------------------------------------------
    ``noise_variance_`` is ``σ̂² = RSS/ν`` with ``RSS = Σ_i (y_i − ŷ_i)²``;
    ``coef_cov_`` is ``σ̂² (X_cᵀX_c)⁻¹`` (``X_c`` the centred design; the
    pseudo-inverse when rank deficient); ``coef_stderr_`` is
    ``SE(ŵ_j) = √[σ̂² (X_cᵀX_c)⁻¹]_jj``; ``intercept_stderr_`` is
    ``σ̂ √(1/n + x̄ᵀ(X_cᵀX_c)⁻¹x̄)``; :meth:`conf_int` gives
    ``ŵ_j ± t_{(1+level)/2, ν} SE(ŵ_j)`` with Student's t quantile. These need
    ``ν > 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = LinearRegression().fit(X, [1.0, 3.1, 4.9, 7.0])
    >>> round(float(model.coef_[0]), 2), round(model.intercept_, 2)
    (1.98, 1.03)
    """

    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fit by least squares; returns ``self``."""
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        X, y, y2 = _fit_data(X, y)
        coef, intercept, rank, singular, gram_pinv, rss, df_resid = _core.ols_fit(X, y2, fit_intercept)
        self.coef_ = coef[0] if y.ndim == 1 else coef
        self.intercept_ = float(intercept[0]) if y.ndim == 1 else intercept
        self.rank_ = int(rank)
        self.singular_ = singular
        self.n_features_in_ = X.shape[1]
        self.df_resid_ = int(df_resid)
        self._gram_pinv = gram_pinv
        self._rss = rss[0] if y.ndim == 1 else rss
        self._x_mean = X.mean(axis=0) if fit_intercept else np.zeros(X.shape[1])
        self._n_samples = X.shape[0]
        return self

    def predict(self, X):
        """``ŷ = b + Xw``: shape (n_samples,) or (n_samples, n_targets)."""
        X = _predict_data(self, X)
        return X @ self.coef_.T + self.intercept_

    def _check_inference(self) -> None:
        check_is_fitted(self, "coef_")
        if self.df_resid_ <= 0:
            raise ValueError(
                "standard errors need more samples than fitted parameters: residual degrees "
                f"of freedom n_samples - rank - fit_intercept = {self.df_resid_}; add samples "
                "or remove features"
            )

    @property
    def noise_variance_(self):
        """``σ̂² = RSS/ν``: float, or ndarray (n_targets,) for 2-D ``y``."""
        self._check_inference()
        return self._rss / self.df_resid_

    @property
    def coef_cov_(self) -> np.ndarray:
        """``σ̂² (X_cᵀX_c)⁻¹``: (n_features, n_features), or (n_targets, n_features,
        n_features) for 2-D ``y``."""
        sigma2 = self.noise_variance_
        return np.multiply.outer(sigma2, self._gram_pinv)

    @property
    def coef_stderr_(self) -> np.ndarray:
        """Standard errors ``√[σ̂² (X_cᵀX_c)⁻¹]_jj``, shaped like ``coef_``."""
        sigma2 = self.noise_variance_
        return np.sqrt(np.multiply.outer(sigma2, np.clip(np.diag(self._gram_pinv), 0.0, None)))

    @property
    def intercept_stderr_(self):
        """``σ̂ √(1/n + x̄ᵀ(X_cᵀX_c)⁻¹x̄)`` (0 when ``fit_intercept=False``):
        float, or ndarray (n_targets,) for 2-D ``y``."""
        sigma2 = self.noise_variance_
        if not self.fit_intercept:
            return sigma2 * 0.0
        quad = 1.0 / self._n_samples + self._x_mean @ self._gram_pinv @ self._x_mean
        return np.sqrt(sigma2 * max(quad, 0.0))

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


class Ridge(RegressorMixin, BaseEstimator):
    """Ridge regression, ``min_w ‖y − b − Xw‖² + α‖w‖²`` (scikit-learn's
    objective; the intercept ``b`` is not penalised).

    One factorisation serves every ``α``: Cholesky of ``X_cᵀX_c + αI`` for a
    single ``α``; for an array of ``α`` one eigendecomposition ``X_cᵀX_c = VΛVᵀ``
    gives ``w(α) = V (Λ + αI)⁻¹ Vᵀ X_cᵀy_c`` (the kernel form
    ``X_cᵀ(X_cX_cᵀ + αI)⁻¹y_c`` when ``n_features > n_samples``). ``α = 0`` gives
    the minimum-norm least-squares solution.

    Parameters
    ----------
    alpha : float or array-like of shape (n_alphas,), default 1.0
        Penalty strength(s), ``>= 0``. **Unlike scikit-learn** (where an array
        means one penalty per target), an array fits one model per value.
    fit_intercept : bool, default True

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

    def __init__(self, alpha=1.0, fit_intercept=True):
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fit for every ``alpha``; returns ``self``."""
        alphas = _alpha_array(self.alpha, "alpha", strictly_positive=False)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        X, y, y2 = _fit_data(X, y)
        coef, intercept = _core.ridge_fit(X, y2, alphas, fit_intercept)
        if y.ndim == 1:
            coef, intercept = coef[:, 0, :], intercept[:, 0]
        self._multi_alpha = np.ndim(self.alpha) != 0
        if self._multi_alpha:
            self.coef_, self.intercept_ = coef, intercept
        else:
            self.coef_ = coef[0]
            self.intercept_ = float(intercept[0]) if y.ndim == 1 else intercept[0]
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
    ``best_score_``. ``alphas`` must be ``>= 0``.

    Ties go to the first ``α`` in ``alphas``. The final model is Ridge with
    ``alpha_`` refitted on all data.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default (0.1, 1.0, 10.0)
    fit_intercept : bool, default True
    cv : None or int >= 2, default None

    Attributes
    ----------
    alpha_ : float
    best_score_ : float
    alpha_scores_ : ndarray of shape (n_alphas,)
        The score of every alpha (negative mean squared LOO error, or mean R²).
    coef_, intercept_, n_features_in_ : as :class:`Ridge` with a scalar alpha.
    """

    def __init__(self, alphas=(0.1, 1.0, 10.0), fit_intercept=True, cv=None):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.cv = cv

    def fit(self, X, y):
        """Choose ``alpha_`` by cross-validation, then refit; returns ``self``."""
        cv = self.cv
        if cv is not None:
            check_scalar(cv, "cv", kind=numbers.Integral, min_value=2)
        alphas = _alpha_array(self.alphas, "alphas", strictly_positive=cv is None)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        X, y, y2 = _fit_data(X, y)
        if cv is None:
            scores = -_core.ridge_loo_mse(X, y2, alphas, fit_intercept)
        else:
            if cv > X.shape[0]:
                raise ValueError(f"cv must be <= n_samples = {X.shape[0]}, got {cv}")
            scores = _core.ridge_kfold_r2(X, y2, alphas, fit_intercept, int(cv))
        best = int(np.argmax(scores))
        self.alpha_ = float(alphas[best])
        self.best_score_ = float(scores[best])
        self.alpha_scores_ = scores
        ridge = Ridge(alpha=self.alpha_, fit_intercept=fit_intercept).fit(X, y)
        self.coef_ = ridge.coef_
        self.intercept_ = ridge.intercept_
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """``ŷ = b + Xw`` with the chosen ``alpha_``."""
        X = _predict_data(self, X)
        return X @ self.coef_.T + self.intercept_
