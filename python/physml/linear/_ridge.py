"""Ridge regression: :class:`Ridge` and :class:`RidgeCV` with efficient leave-one-out
or k-fold cross-validation (``src/linear/ridge.rs``).
"""

from __future__ import annotations

import inspect
import numbers

import numpy as np

from physml import _core
from physml._base import (
    as_sample_weight,
    BaseEstimator,
    check_array,
    check_is_fitted,
    check_random_state_seed,
    check_sample_weight,
    check_scalar,
    RegressorMixin,
    warn_user,
)
from physml.linear._base import (
    _check_bool,
    _check_fold_weights,
    _cv_splits,
    _fit_data,
    _intercept_attribute,
    _nnls_fit,
    _linear_predict,
)
from physml.metrics import get_scorer


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


_RIDGE_SOLVERS = ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga", "lbfgs")


def _check_ridge_solver(solver, positive: bool) -> None:
    """scikit-learn's rules for Ridge's ``solver`` (physml's method is the same for all)."""
    if not isinstance(solver, str) or solver not in _RIDGE_SOLVERS:
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
    ``Σ_i w_i (y_i − b − x_iᵀβ)² + α‖β‖²`` (the core's weighted rows); with
    ``positive``, subject to ``β >= 0``."""
    if positive:
        return _nnls_fit(X, Y, w, alphas, fit_intercept)
    return _core.ridge_fit(X, Y, alphas, fit_intercept, sample_weight=w)


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
        Fit an unpenalised intercept ``b`` (by centring ``X`` and ``y``).
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
    max_iter : None or int, default None
        The iteration limit (>= 1) of scikit-learn's iterative solvers, validated;
        physml's direct solution needs none.
    tol : float, default 1e-4
        The tolerance (>= 0) of scikit-learn's iterative solvers, validated; unused.
    random_state : None, int or numpy.random.Generator, default None
        The seed of scikit-learn's 'sag' and 'saga' solvers, validated; unused.

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
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).
    n_iter_ : None
        The direct solver takes no iterations (scikit-learn's Ridge has None with
        its direct solvers too).

    See Also
    --------
    RidgeCV : ``alpha`` chosen by cross-validation.

    Notes
    -----
    With an array ``alpha``, :meth:`predict` returns (n_samples, n_alphas) or
    (n_samples, n_alphas, n_targets) and :meth:`score` an array of R², one per alpha.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import Ridge
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> y = np.array([0.0, 1.0, 2.0, 3.0])
    >>> model = Ridge(alpha=1.0).fit(X, y)
    >>> round(float(model.coef_[0]), 4), round(model.intercept_, 4)
    (0.8333, 0.25)
    >>> Ridge(alpha=[0.0, 1.0]).fit(X, y).coef_.round(4).tolist()
    [[1.0], [0.8333]]
    """

    _multi_output = True  # fit takes y of shape (n_samples, n_targets)

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
        """Fit for every ``alpha``.

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
        self : Ridge
            The fitted estimator.
        """
        alphas = _alpha_array(self.alpha, "alpha", strictly_positive=False)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        positive = _check_bool(self.positive, "positive")
        _check_ridge_solver(self.solver, positive)
        _check_bool(self.copy_X, "copy_X")
        check_scalar(self.tol, "tol", min_value=0.0)
        if self.max_iter is not None:
            check_scalar(self.max_iter, "max_iter", kind=numbers.Integral, min_value=1)
        check_random_state_seed(self.random_state)
        X, y, y2 = _fit_data(self, X, y)
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0])
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
        self.n_iter_ = None
        return self

    def predict(self, X):
        """Predict targets: ŷ = b + Xw for each fitted alpha.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, with the features seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples,), (n_samples, n_targets), or with an array ``alpha`` (n_samples, n_alphas[, n_targets])
            The predictions.
        """
        return _linear_predict(self, X)

    def score(self, X, y, sample_weight=None):
        """R² of the prediction (see ``RegressorMixin.score``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            True targets.
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the samples.

        Returns
        -------
        float or ndarray of shape (n_alphas,)
            R²; with an array ``alpha``, one R² per alpha.
        """
        check_is_fitted(self, "coef_")
        if not self._multi_alpha:
            return super().score(X, y, sample_weight=sample_weight)
        from physml.metrics import r2_score

        pred = self.predict(X)
        return np.array(
            [r2_score(y, pred[:, i], sample_weight=sample_weight) for i in range(pred.shape[1])]
        )


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


class _IdentityRegressor(RegressorMixin, BaseEstimator):
    """What a scorer sees in leave-one-out scoring: ``predict(X)`` returns X, the
    leave-one-out predictions themselves (scikit-learn's device; an estimator, so
    that scikit-learn's own scorers accept it)."""

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return X


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
        The penalty strengths to try (> 0 for leave-one-out, >= 0 with ``cv``).
    fit_intercept : bool, default True
        Fit an unpenalised intercept.
    scoring : None, str or callable, default None
        None (mean squared error for leave-one-out, R² with ``cv``), a name from
        :data:`physml.metrics.SCORERS`, or ``scorer(estimator, X, y)``.
    cv : None, int, splitter or iterable, default None
        None (efficient leave-one-out), an int >= 2 (k contiguous folds), a splitter
        with ``split(X)`` or an iterable of (train, test) index arrays.
    gcv_mode : {None, 'auto', 'svd', 'eigen'}, default None
        scikit-learn's choice of decomposition for leave-one-out. physml picks its
        own (an eigendecomposition of X_cᵀX_c or of X_cX_cᵀ, whichever is smaller; an
        SVD of the weighted rows with ``sample_weight`` or ``scoring``), so every
        value gives the same result.
    store_cv_results : bool, default False
        Keep the leave-one-out errors (or predictions) in ``cv_results_`` (``cv=None``
        only).
    alpha_per_target : bool, default False
        Choose one alpha per target of a 2-D ``y`` (``cv=None`` only).

    Attributes
    ----------
    alpha_ : float or ndarray of shape (n_targets,)
        The chosen alpha (one per target with ``alpha_per_target``).
    best_score_ : float or ndarray of shape (n_targets,)
        The score of the chosen alpha.
    alpha_scores_ : ndarray of shape (n_alphas,) or (n_alphas, n_targets)
        The score of every alpha (negative mean squared LOO error, or mean R²).
    cv_results_ : ndarray of shape (n_samples, n_alphas) or (n_samples, n_targets, n_alphas)
        The squared leave-one-out errors (``store_cv_results``), or with ``scoring``
        the leave-one-out predictions.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The coefficients of the refit, as :class:`Ridge` with a scalar alpha.
    intercept_ : float or ndarray of shape (n_targets,)
        The intercept of the refit.
    n_features_in_ : int
        The number of features seen in ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import RidgeCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [1.0, 2.0, 3.0] + 0.1 * rng.normal(size=50)
    >>> model = RidgeCV(alphas=[0.01, 0.1, 1.0, 10.0]).fit(X, y)
    >>> float(model.alpha_)
    0.01
    >>> np.round(model.coef_, 1).tolist()
    [1.0, 2.0, 3.0]
    """

    _multi_output = True  # fit takes y of shape (n_samples, n_targets)

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
        """Choose ``alpha_`` by cross-validation, then refit on all data.

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
        self : RidgeCV
            The fitted estimator.
        """
        cv = self.cv
        alphas = _alpha_array(self.alphas, "alphas", strictly_positive=cv is None)
        fit_intercept = _check_bool(self.fit_intercept, "fit_intercept")
        store = _check_bool(self.store_cv_results, "store_cv_results")
        per_target = _check_bool(self.alpha_per_target, "alpha_per_target")
        for name, value in [("store_cv_results", store), ("alpha_per_target", per_target)]:
            if value and cv is not None:
                raise ValueError(f"{name}=True needs cv=None (efficient leave-one-out), got cv={cv!r}")
        if not (self.gcv_mode is None or (isinstance(self.gcv_mode, str) and self.gcv_mode in ("auto", "svd", "eigen"))):
            raise ValueError(f"gcv_mode must be None, 'auto', 'svd' or 'eigen', got {self.gcv_mode!r}")
        scorer = None if self.scoring is None else get_scorer(self.scoring)
        X, y, y2 = _fit_data(self, X, y)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        self.__dict__.pop("cv_results_", None)
        if scorer is not None:
            return self._fit_scored(X, y, y2, w, alphas, fit_intercept, store, per_target, scorer)
        # the scores are compared as computed, in units of 2^exponent (the squared
        # errors of a y beyond 2^±300 would overflow or underflow in its own units)
        exponent = 0
        if cv is None:
            sums, everything, exponent = _core.ridge_loo_errors(X, y2, alphas, fit_intercept, store, sample_weight=w)
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
            predictions = _core.ridge_loo_predictions(X, y2, alphas, fit_intercept, sample_weight=w)
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
            warn_user(
                f"scoring={self.scoring!r} does not take sample_weight: the test folds are scored "
                "without weights (as scikit-learn)",
                UserWarning,
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
        """Predict targets: ŷ = b + Xw with the chosen ``alpha_``.

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
