"""Ordinary least squares: :class:`LinearRegression` (``src/linear/ols.rs``)."""

from __future__ import annotations

import numbers

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    RegressorMixin,
    check_is_fitted,
    as_sample_weight,
    check_scalar,
)
from physml.linear._base import (
    _check_bool,
    _fit_data,
    _intercept_attribute,
    _linear_predict,
)
from physml.linear._ridge import _ridge_fit


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
        The coefficients w.
    intercept_ : float or ndarray of shape (n_targets,)
        The intercept b (0.0 without ``fit_intercept``).
    rank_ : int
        Numerical rank of the (centred) design; with weights, of ``√W X_c``.
    singular_ : ndarray, shape (min(n_samples, n_features),)
        Singular values of the (centred) design, non-increasing; with weights,
        of ``√W X_c`` (scikit-learn's ``singular_``).
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).
    df_resid_ : int
        Residual degrees of freedom ``ν = n_samples − rank_ − fit_intercept``;
        with weights, ``n_samples`` counts the samples of positive weight.

    Notes
    -----
    **Inference** (Gaussian noise of constant variance σ² assumed):
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

    _multi_output = True  # fit takes y of shape (n_samples, n_targets)

    def __init__(self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None, positive=False):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    def fit(self, X, y, sample_weight=None):
        """Fit by (weighted) least squares.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : float or array-like of shape (n_samples,), optional
            None, a positive number (the same weight for every sample) or an array of weights ``>= 0``.

        Returns
        -------
        self : LinearRegression
            The fitted estimator.
        """
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        positive = _check_bool(self.positive, "positive")
        _check_bool(self.copy_X, "copy_X")
        check_scalar(self.tol, "tol", min_value=0.0)
        if self.n_jobs is not None:
            check_scalar(self.n_jobs, "n_jobs", kind=numbers.Integral)
        X, y, y2 = _fit_data(self, X, y)
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0])
        for name in ("rank_", "singular_", "df_resid_"):
            self.__dict__.pop(name, None)
        if positive:
            coef, intercept = _ridge_fit(X, y2, w, np.zeros(1), fit_intercept, positive=True)
            self.coef_ = coef[0, 0] if y.ndim == 1 else coef[0]
            self.intercept_ = _intercept_attribute(intercept[0], y.ndim, fit_intercept)
            self.n_features_in_ = X.shape[1]
            return self
        fit = _core.ols_fit(X, y2, fit_intercept, sample_weight=w)
        self.coef_ = fit.coef[0] if y.ndim == 1 else fit.coef
        self.intercept_ = _intercept_attribute(fit.intercept, y.ndim, fit_intercept)
        self.rank_ = fit.rank
        self.singular_ = fit.singular_values
        self.n_features_in_ = X.shape[1]
        self.df_resid_ = fit.df_resid
        # With weights, RSS, (X_cᵀWX_c)⁺ and Σw of the weights w/c (c = max w): the
        # covariances are the same for any c, σ̂² is c times that of w/c. RSS and
        # (X_cᵀX_c)⁺ are those of X·2^-e_x, y·2^-e_y (exponents (0, 0) unless the data
        # lie beyond 2^±300): the inference scales its results back at the end.
        self._exponents = fit.exponents
        self._gram_pinv = fit.gram_pinv
        self._rss = fit.rss[0] if y.ndim == 1 else fit.rss
        self._weight_scale = fit.weight_scale
        self._x_mean = fit.x_mean
        self._weight_sum = fit.weight_sum
        return self

    def predict(self, X):
        """Predict targets: ŷ = b + Xw.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, with the features seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_targets)
            The predictions.
        """
        return _linear_predict(self, X)

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
        """Confidence intervals of the coefficients.

        Parameters
        ----------
        level : float, default 0.95
            The confidence level, in (0, 1).

        Returns
        -------
        lower, upper : ndarray
            The bounds ``ŵ_j ∓ t_{(1+level)/2, ν} SE(ŵ_j)``, each shaped like ``coef_``.

        Raises
        ------
        ValueError
            If ``level`` is not in (0, 1), or the fit leaves no residual degrees of
            freedom (ν = 0) or used ``positive=True``.

        Notes
        -----
        Student's t quantile with ν = ``df_resid_`` degrees of freedom; Gaussian noise of
        constant variance assumed (see the class Notes). Units of ``coef_``.
        """
        t = self._t_quantile(level)
        half = t * self.coef_stderr_
        return self.coef_ - half, self.coef_ + half

    def intercept_conf_int(self, level=0.95):
        """Confidence interval of the intercept.

        Parameters
        ----------
        level : float, default 0.95
            The confidence level, in (0, 1).

        Returns
        -------
        lower, upper : float or ndarray of shape (n_targets,)
            The bounds ``b ∓ t_{(1+level)/2, ν} SE(b)``, shaped like ``intercept_``.

        Raises
        ------
        ValueError
            If ``level`` is not in (0, 1) or inference is not available (see
            :meth:`conf_int`).
        """
        t = self._t_quantile(level)
        half = t * self.intercept_stderr_
        return self.intercept_ - half, self.intercept_ + half
