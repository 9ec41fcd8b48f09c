""":class:`ElasticNet` and :class:`Lasso`: one alpha, fitted by the core's path solver."""

from __future__ import annotations

from typing import Any

import numpy as np

from physml._base import (
    as_sample_weight,
    BaseEstimator,
    check_bool,
    check_feature_names,
    check_random_state_seed,
    check_scalar,
    RegressorMixin,
)
from physml.linear._base import _check_bool, _linear_predict
from physml.linear._coordinate_descent._params import (
    _enet_params,
    _check_precompute,
    _check_design,
)
from physml.linear._coordinate_descent._path import _run_path


class ElasticNet(RegressorMixin, BaseEstimator):
    """Linear regression with combined L1 and L2 penalties, by coordinate descent.

    Minimises 1/(2n) ‖y − Xw − b‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖² (ρ = ``l1_ratio``;
    ρ = 1 is the Lasso). The intercept b is not penalised (X and y are centred).
    A 2-D ``y`` is fitted as independent problems, one per column.

    Parameters
    ----------
    alpha : float, default 1.0
        The penalty strength α ``>= 0`` (units of ``y²``/(units of ``w``)).
    l1_ratio : float, default 0.5
        The L1 share ρ of the penalty, in [0, 1]; 1 is the Lasso, 0 Ridge.
    fit_intercept : bool, default True
        Fit an unpenalised intercept ``b`` (X and y are centred); otherwise ``b = 0``.
    precompute : 'auto', bool or ndarray of shape (n_features, n_features), default 'auto'
        The form of coordinate descent (see :func:`enet_path`); scikit-learn's default
        is False, with the same solution to ``tol``. An array is the Gram matrix XᵀX.
        With ``fit_intercept`` the Gram matrix describes the design only if X's
        (weighted) column means are ~0; otherwise it is dropped with scikit-learn's
        UserWarning. With ``sample_weight`` it must be Xᵀ diag(w') X, w' = w·n/Σw, as
        in scikit-learn.
    max_iter : int, default 1000
        Maximum number of coordinate-descent sweeps.
    copy_X : bool, default True
        physml never modifies X, so either value gives the same result.
    tol : float, default 1e-4
        Converged when the duality gap < ``tol``·‖y − ȳ‖².
    warm_start : bool, default False
        Start from the previous ``coef_`` when refitting.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0 (the dual feasible set becomes
        X_jᵀθ <= nαρ, one-sided, in the duality gap).
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates in a sweep (random from ``random_state``).
    random_state : None, int or numpy.random.Generator, default None
        Seed of the random coordinate order; used when ``selection='random'``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The coefficients w.
    intercept_ : float or ndarray of shape (n_targets,)
        The intercept b (0.0 without ``fit_intercept``).
    n_iter_ : int or list of int
        The sweeps used (one per target for 2-D ``y``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        The duality gap divided by n at the end.
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).

    See Also
    --------
    Lasso : ``l1_ratio=1``.
    ElasticNetCV : ``alpha`` and ``l1_ratio`` chosen by cross-validation.

    Notes
    -----
    With ``sample_weight``, as scikit-learn: the weights are rescaled to
    ``w' = w·n/Σw`` and the loss is 1/(2n) Σ_i w'_i (y_i − x_iᵀw − b)², with X and
    y centred at their weighted means; scaling all weights by a constant changes nothing.

    Ctrl-C during ``fit`` is checked between coordinate-descent sweeps (at most
    every 20 ms): the fit stops, the estimator keeps its state from before the call
    (unfitted, or the previous fit), and the KeyboardInterrupt propagates.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import ElasticNet
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 3))
    >>> y = X @ [2.0, 0.0, -1.0] + 0.5
    >>> model = ElasticNet(alpha=0.01, l1_ratio=0.5).fit(X, y)
    >>> (np.round(model.coef_, 1) + 0.0).tolist(), round(model.intercept_, 1)
    ([2.0, 0.0, -1.0], 0.5)
    """

    _multi_output = True  # fit takes y of shape (n_samples, n_targets)

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
        """Fit the coefficients by coordinate descent.

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
        self : ElasticNet
            The fitted estimator.
        """
        check_scalar(self.alpha, "alpha")  # its type; the core checks alpha >= 0
        _check_bool(self.copy_X, "copy_X")
        check_feature_names(self, X, reset=True)
        X, y = _check_design(X, y)
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0])
        form, gram = _check_precompute(self.precompute, X.shape[1])
        params = _enet_params(
            l1_ratio=self._l1_ratio(),
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            fit_intercept=self.fit_intercept,
            positive=self.positive,
            precompute=form,
            seed=(check_random_state_seed(self.random_state)
                  if isinstance(self.selection, str) and self.selection == "random" else None),
        )
        Y = y.reshape(len(y), -1)
        coef_init = None
        if check_bool(self.warm_start, "warm_start") and hasattr(self, "coef_"):
            previous = np.reshape(self.coef_, (-1, np.shape(self.coef_)[-1]))
            if previous.shape == (Y.shape[1], X.shape[1]):
                coef_init = np.ascontiguousarray(previous)
        _, coefs, intercepts, gaps, n_iter = _run_path(
            X,
            Y,
            w,
            alphas=np.array([float(self.alpha)]),
            n_alphas=1,
            eps=1.0,
            params=params,
            coef_init=coef_init,
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
        """Predict targets: ŷ = X coef_ᵀ + intercept_.

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


class Lasso(ElasticNet):
    """Linear regression with an L1 penalty (sparse coefficients), by coordinate descent.

    Minimises 1/(2n) ‖y − Xw − b‖² + α ‖w‖₁: :class:`ElasticNet` with ``l1_ratio=1``.
    The intercept b is not penalised (X and y are centred). A 2-D ``y`` is fitted as
    independent problems, one per column.

    Parameters
    ----------
    alpha : float, default 1.0
        The penalty strength α ``>= 0`` (units of ``y²``/(units of ``w``)).
    fit_intercept : bool, default True
        Fit an unpenalised intercept ``b`` (X and y are centred); otherwise ``b = 0``.
    precompute : 'auto', bool or ndarray of shape (n_features, n_features), default 'auto'
        The form of coordinate descent (see :func:`enet_path`); scikit-learn's default
        is False, with the same solution to ``tol``. An array is the Gram matrix XᵀX.
        With ``fit_intercept`` the Gram matrix describes the design only if X's
        (weighted) column means are ~0; otherwise it is dropped with scikit-learn's
        UserWarning. With ``sample_weight`` it must be Xᵀ diag(w') X, w' = w·n/Σw, as
        in scikit-learn.
    max_iter : int, default 1000
        Maximum number of coordinate-descent sweeps.
    copy_X : bool, default True
        physml never modifies X, so either value gives the same result.
    tol : float, default 1e-4
        Converged when the duality gap < ``tol``·‖y − ȳ‖².
    warm_start : bool, default False
        Start from the previous ``coef_`` when refitting.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0 (the dual feasible set becomes
        X_jᵀθ <= nαρ, one-sided, in the duality gap).
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates in a sweep (random from ``random_state``).
    random_state : None, int or numpy.random.Generator, default None
        Seed of the random coordinate order; used when ``selection='random'``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        The coefficients w.
    intercept_ : float or ndarray of shape (n_targets,)
        The intercept b (0.0 without ``fit_intercept``).
    n_iter_ : int or list of int
        The sweeps used (one per target for 2-D ``y``).
    dual_gap_ : float or ndarray of shape (n_targets,)
        The duality gap divided by n at the end.
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).

    See Also
    --------
    ElasticNet : L1 and L2 penalties.
    LassoCV : ``alpha`` chosen by cross-validation.
    lasso_path : the coefficients along a path of ``alpha``.

    Notes
    -----
    Every coefficient with |X_jᵀ(y − Xw)|/n < α is exactly zero; ``alpha`` at or
    above alpha_max = max_j |X_cjᵀ y_c|/n gives ``coef_ = 0``.
    ``sample_weight`` as in :class:`ElasticNet`.

    Ctrl-C during ``fit`` is checked between coordinate-descent sweeps (at most
    every 20 ms): the fit stops, the estimator keeps its state from before the call
    (unfitted, or the previous fit), and the KeyboardInterrupt propagates.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import Lasso
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 5))
    >>> y = 3.0 * X[:, 0] - 2.0 * X[:, 3] + 1.0
    >>> model = Lasso(alpha=0.1).fit(X, y)
    >>> (np.round(model.coef_, 1) + 0.0).tolist()
    [2.9, 0.0, 0.0, -1.9, 0.0]
    >>> round(model.score(X, y), 3)
    0.999
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
