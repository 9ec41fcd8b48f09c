""":class:`ElasticNetCV` and :class:`LassoCV`: the folds' paths, on worker threads with
``n_jobs``, and the refit at the chosen alpha."""

from __future__ import annotations

import numbers
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    check_feature_names,
    check_sample_weight,
    check_scalar,
    check_X_y,
    column_or_1d,
    RegressorMixin,
)
from physml.linear._base import _check_bool, _check_fold_weights, _cv_splits
from physml.linear._coordinate_descent._params import (
    _check_verbose,
    _enet_params,
    _check_precompute,
    _warn_gram_dropped,
    _alpha_count,
    _check_alphas,
)
from physml.linear._coordinate_descent._path import _run_path
from physml.linear._coordinate_descent._elastic_net import ElasticNet


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


def _run_tasks(fn, tasks: list[tuple], workers: int, stop: _core.StopFlag) -> list:
    """``[fn(*t) for t in tasks]``, on ``workers`` threads when more than one (the
    core releases the GIL while it solves). The results do not depend on the number
    of threads. On an exception in the caller's thread (Ctrl-C) or in a task, the
    tasks not started are cancelled and ``stop`` is set, which ``fn`` passes to the
    core's solver: the running tasks end after their current coordinate-descent
    sweep, and this returns (raising) only once they have."""
    if workers == 1 or len(tasks) < 2:
        return [fn(*t) for t in tasks]
    pool = ThreadPoolExecutor(max_workers=min(workers, len(tasks)))
    try:
        futures = [pool.submit(fn, *t) for t in tasks]
        results = [f.result() for f in futures]
    except BaseException:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return results


class ElasticNetCV(RegressorMixin, BaseEstimator):
    """ElasticNet with alpha (and l1_ratio) chosen by k-fold cross-validation.

    For each l1_ratio, the path over ``alphas`` (by default ``n_alphas`` log-spaced
    values from alpha_max = max_j |X_cjᵀ y_c| / (n ρ) on the whole data down to
    ``eps``·alpha_max) is fitted on each training fold and scored by the mean squared
    error on its test fold; the (alpha, l1_ratio) with the smallest mean over folds is
    refitted on all data.

    Parameters
    ----------
    l1_ratio : float or list of float, default 0.5
        The L1 share(s) ρ of the penalty to try, in (0, 1].
    eps : float, default 1e-3
        The automatic grid ends at ``eps``·alpha_max.
    n_alphas : None or int, default None
        The length of the grid in scikit-learn's spelling before 1.7 (it removed the
        parameter in 1.9): when set, it is used instead of an integer ``alphas``.
    alphas : int or array-like of shape (n_alphas,), default 100
        The alphas to try, or an integer, the length of the automatic grid.
    fit_intercept : bool, default True
        As :class:`ElasticNet`.
    precompute : 'auto', bool or ndarray of shape (n_features, n_features), default 'auto'
        The form of coordinate descent (see :func:`enet_path`). A Gram matrix of the
        whole X serves only the final refit on all data (as :class:`ElasticNet`'s);
        the folds, whose Gram matrices differ, run in the Gram form with the columns
        they need.
    max_iter : int, default 1000
        Maximum coordinate-descent sweeps per alpha.
    tol : float, default 1e-4
        Converged when the duality gap < ``tol``·‖y − ȳ‖².
    cv : None, int, splitter or iterable, default None
        None (5 folds), an int (k-fold without shuffling, like scikit-learn's
        ``KFold``), a splitter with ``split(X)``, or an iterable of (train, test)
        index arrays.
    copy_X : bool, default True
        physml never modifies X, so either value gives the same result.
    verbose : bool or int, default False
        Print a line as each fold's path is fitted.
    n_jobs : None or int, default None
        Fit the folds (and l1_ratios) on this many threads (None: one; -1: every
        CPU), as scikit-learn's joblib workers. The results do not depend on it.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0.
    random_state : None, int or numpy.random.Generator, default None
        Seed of the coordinate order with ``selection='random'``.
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates in a sweep.

    Attributes
    ----------
    alpha_ : float
        The chosen penalty strength.
    l1_ratio_ : float
        The chosen L1 share.
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        The grid of alphas, decreasing.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        The test mean squared error of every alpha on every fold.
    coef_ : ndarray of shape (n_features,)
        The coefficients of the refit on all data.
    intercept_ : float
        The intercept of the refit.
    dual_gap_ : float
        The duality gap of the refit, divided by n.
    n_iter_ : int
        The sweeps of the refit.
    n_features_in_ : int
        The number of features seen in ``fit``.

    Notes
    -----
    With ``sample_weight`` (as scikit-learn): alpha_max = max_j |X_cjᵀ W y_c| / (Σw ρ)
    with X, y centred at their weighted means; each training fold is fitted with its
    weights (see :class:`ElasticNet`) and each test fold scored by the weighted mean
    squared error Σ w_i r_i² / Σ w_i.

    Ctrl-C during ``fit`` is checked between coordinate-descent sweeps (at most
    every 20 ms); with ``n_jobs`` > 1 the folds running on worker threads stop after
    their current sweep too, before ``fit`` returns. The estimator keeps its state
    from before the call and the KeyboardInterrupt propagates.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import ElasticNetCV
    >>> rng = np.random.default_rng(1)
    >>> X = rng.normal(size=(120, 4))
    >>> y = X @ [1.0, 0.0, 2.0, 0.0] + 0.1 * rng.normal(size=120)
    >>> model = ElasticNetCV(l1_ratio=[0.5, 1.0], cv=4).fit(X, y)
    >>> model.mse_path_.shape
    (2, 100, 4)
    >>> (np.round(model.coef_, 1) + 0.0).tolist()
    [1.0, 0.0, 2.0, 0.0]
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
        params = _enet_params(
            l1_ratio=l1_ratio, max_iter=self.max_iter, tol=self.tol, selection="cyclic",
            fit_intercept=self.fit_intercept, positive=self.positive,
        )
        grid = _core.enet_alpha_grid(X, y.reshape(-1, 1), params, n_alphas=count, eps=float(self.eps), sample_weight=w)
        if not np.isfinite(grid).all():  # alpha_max = max|X^T y|/(n l1_ratio) overflowed
            raise ValueError(f"l1_ratio = {l1_ratio!r} is too small: the largest alpha of the automatic grid, "
                             "max|X^T y|/(n_samples l1_ratio), overflows float64; pass alphas")
        return grid

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> "ElasticNetCV":
        """Choose alpha (and l1_ratio) by cross-validation, then refit on all data.

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
        self : ElasticNetCV
            The fitted estimator.
        """
        ratios = self._l1_ratios()
        _enet_params(
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
            y = column_or_1d(y_array)
        check_feature_names(self, X, reset=True)
        X, y = check_X_y(X, y, multi_output=False)
        _check_bool(self.copy_X, "copy_X")
        form, gram = _check_precompute(self.precompute, X.shape[1])
        w = None if sample_weight is None else check_sample_weight(sample_weight, len(y))
        if gram is not None:
            # the core checks the Gram matrix against X when it sets up a path: one
            # without alphas fails before the folds rather than at the final refit,
            # and one that centring no longer describes is set aside (with a warning)
            # for the final refit too
            check = _core.enet_path(
                X, y.reshape(-1, 1), _enet_params(l1_ratio=1.0, max_iter=self.max_iter, tol=self.tol,
                                                   selection="cyclic", fit_intercept=self.fit_intercept),
                alphas=np.empty(0), gram=gram, sample_weight=w,
            )
            if check.gram_dropped:
                _warn_gram_dropped()
                gram = None
        splits = _cv_splits(5 if self.cv is None else self.cv, len(y))
        _check_fold_weights(w, splits)
        verbose = _check_verbose(self.verbose)
        workers = _effective_n_jobs(self.n_jobs)
        grids = [self._alpha_grid(X, y, ratio, w) for ratio in ratios]

        def fold_mse(r: int, f: int) -> np.ndarray:
            """Mean squared test error of fold f along the path of l1_ratio r."""
            (train, test), alphas = splits[f], grids[r]
            _, coefs, intercepts, _, _ = _run_path(
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
                stop=stop,
            )
            if verbose:
                print(f"[{type(self).__name__}] l1_ratio {ratios[r]:g}, fold {f + 1} of {len(splits)}: "
                      f"{len(alphas)} alphas fitted")
            return _core.linear_mean_squared_errors(
                np.ascontiguousarray(X[test]),
                np.ascontiguousarray(y[test]),
                np.ascontiguousarray(coefs[0].T),
                np.ascontiguousarray(intercepts[0]),
                sample_weight=None if w is None else np.ascontiguousarray(w[test]),
            )

        tasks = [(r, f) for r in range(len(ratios)) for f in range(len(splits))]
        stop = _core.StopFlag()
        results = iter(_run_tasks(fold_mse, tasks, workers, stop))
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
        """Predict targets: ŷ = X coef_ + intercept_ with the cross-validated penalty.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, with the features seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples,)
            The predictions.
        """
        # ElasticNet's predict reads only coef_, intercept_ and n_features_in_, which this has too
        return ElasticNet.predict(self, X)  # type: ignore[arg-type]


class LassoCV(ElasticNetCV):
    """Lasso with alpha chosen by k-fold cross-validation.

    :class:`ElasticNetCV` with ``l1_ratio=1``: the Lasso path over ``alphas`` is
    fitted on each training fold and scored by its test mean squared error; the
    alpha of the smallest mean over folds is refitted on all data.

    Parameters
    ----------
    eps : float, default 1e-3
        The automatic grid ends at ``eps``·alpha_max, alpha_max = max_j |X_cjᵀ y_c|/n.
    n_alphas : None or int, default None
        The length of the grid in scikit-learn's spelling before 1.7: when set, it is
        used instead of an integer ``alphas``.
    alphas : int or array-like of shape (n_alphas,), default 100
        The alphas to try, or an integer, the length of the automatic grid.
    fit_intercept : bool, default True
        Fit an unpenalised intercept.
    precompute : 'auto', bool or ndarray of shape (n_features, n_features), default 'auto'
        The form of coordinate descent, as in :class:`ElasticNetCV`.
    max_iter : int, default 1000
        Maximum coordinate-descent sweeps per alpha.
    tol : float, default 1e-4
        Converged when the duality gap < ``tol``·‖y − ȳ‖².
    copy_X : bool, default True
        physml never modifies X, so either value gives the same result.
    cv : None, int, splitter or iterable, default None
        None (5 folds), an int (k-fold without shuffling), a splitter with
        ``split(X)``, or an iterable of (train, test) index arrays.
    verbose : bool or int, default False
        Print a line as each fold's path is fitted.
    n_jobs : None or int, default None
        Fit the folds on this many threads (None: one; -1: every CPU); the results
        do not depend on it.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0.
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates in a sweep.
    random_state : None, int or numpy.random.Generator, default None
        Seed of the coordinate order with ``selection='random'``.

    Attributes
    ----------
    alpha_ : float
        The chosen penalty strength.
    alphas_ : ndarray of shape (n_alphas,)
        The grid of alphas, decreasing.
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        The test mean squared error of every alpha on every fold.
    coef_ : ndarray of shape (n_features,)
        The coefficients of the refit on all data.
    intercept_ : float
        The intercept of the refit.
    dual_gap_ : float
        The duality gap of the refit, divided by n.
    n_iter_ : int
        The sweeps of the refit.
    n_features_in_ : int
        The number of features seen in ``fit``.

    Notes
    -----
    ``sample_weight`` and Ctrl-C as in :class:`ElasticNetCV`.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LassoCV
    >>> rng = np.random.default_rng(2)
    >>> X = rng.normal(size=(100, 6))
    >>> y = 4.0 * X[:, 1] + 0.1 * rng.normal(size=100)
    >>> model = LassoCV(cv=5).fit(X, y)
    >>> bool(model.alpha_ < 0.1), np.flatnonzero(np.abs(model.coef_) > 0.1).tolist()
    (True, [1])
    """

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
        """The L1 share of the penalty: always 1 (read-only)."""
        return 1.0
