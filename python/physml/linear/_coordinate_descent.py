"""Lasso and ElasticNet by coordinate descent: :class:`ElasticNet`, :class:`Lasso`,
:func:`enet_path`, :func:`lasso_path`, :class:`ElasticNetCV` and :class:`LassoCV`
(Rust core: ``src/linear/lasso/``).

Objective (scikit-learn's), with ρ = ``l1_ratio`` and n samples::

    1/(2n) ‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖²

The solver stops when the duality gap is below ``tol·‖y‖²`` (y centred when an
intercept is fitted), exactly scikit-learn's criterion.
"""

from __future__ import annotations

import numbers
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from physml import _core
from physml._base import (
    as_sample_weight,
    BaseEstimator,
    check_array,
    check_bool,
    check_feature_names,
    check_random_state_seed,
    check_sample_weight,
    check_scalar,
    check_X_y,
    column_or_1d,
    ConvergenceWarning,
    RegressorMixin,
    warn_user,
)
from physml.linear._base import _check_bool, _check_fold_weights, _cv_splits, _linear_predict


_ENET_ADVICE = (
    "Increase max_iter, scale the features (e.g. standardise the columns of X), "
    "or raise tol."
)


def _enet_params(
    *,
    l1_ratio: Any,
    max_iter: Any,
    tol: Any,
    selection: Any,
    fit_intercept: Any = True,
    positive: Any = False,
    precompute: bool | None = None,
    seed: int | None = None,
) -> _core.ElasticNetParams:
    """The core's checked parameters: Python converts the types, the core checks the
    ranges (its errors name these parameters)."""
    check_scalar(l1_ratio, "l1_ratio")
    check_scalar(max_iter, "max_iter", kind=numbers.Integral)
    check_scalar(tol, "tol")
    return _core.ElasticNetParams(
        l1_ratio=float(l1_ratio),
        fit_intercept=_check_bool(fit_intercept, "fit_intercept"),
        max_iter=int(max_iter),
        tol=float(tol),
        selection=selection if isinstance(selection, str) else repr(selection),
        random_seed=seed,
        positive=_check_bool(positive, "positive"),
        precompute=precompute,
    )


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


def _warn_gram_dropped() -> None:
    """scikit-learn's warning when the core set the caller's Gram matrix aside (fitting
    an intercept centred X, whose (weighted) column means were not all ~0), attributed
    to the caller of ``fit``."""
    warn_user(
        "Gram matrix was provided but X was centered to fit intercept: recomputing Gram matrix.",
        UserWarning,
    )


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
    warn_user(
        f"coordinate descent did not reach the tolerance in max_iter={max_iter} sweeps "
        f"at {len(bad)} alpha(s) ({shown}): the duality gap is still above tol*||y||^2. "
        + _ENET_ADVICE,
        ConvergenceWarning,
    )


def _run_path(
    X: np.ndarray,
    Y: np.ndarray,
    w: np.ndarray | None = None,
    *,
    alphas: np.ndarray | None,
    n_alphas: int,
    eps: float,
    params: _core.ElasticNetParams | None = None,
    l1_ratio: float = 1.0,
    fit_intercept: bool = True,
    max_iter: int = 1000,
    tol: float = 1e-4,
    selection: str = "cyclic",
    random_state: Any = None,
    coef_init: np.ndarray | None = None,
    positive: bool = False,
    precompute: bool | None = None,
    gram: np.ndarray | None = None,
    xy: np.ndarray | None = None,
    verbose: int = 0,
    stop: _core.StopFlag | None = None,
):
    """Call the Rust path solver with a 2-D ``Y`` (n_samples, n_targets) and weights
    ``w`` (None: all 1); returns alphas, coefs (t, p, k), intercepts (t, k), dual gaps
    (t, k), n_iter (t, k). ``params`` (the core's checked parameters), when given,
    replaces ``l1_ratio`` … ``random_state``, ``positive`` and ``precompute``.
    ``precompute`` chooses the form (None: by shape); ``gram``
    and ``xy`` are the caller's XᵀX and Xᵀy, checked by the core. With weights the
    core solves scikit-learn's objective ``1/(2n) Σ_i w'_i r_i² + penalty`` with
    ``w' = w·n/Σw`` on the rows ``√w'_i (x_i − x̄_w)`` (so ``tol``, ``gram`` and
    ``dual_gap_`` refer to them, as in scikit-learn) and ``b = ȳ_w − x̄_wᵀw``.
    ``stop``, once set from another thread, ends the solve with a KeyboardInterrupt
    after the current sweep."""
    if params is None:
        seed = check_random_state_seed(random_state) if isinstance(selection, str) and selection == "random" else None
        params = _enet_params(
            l1_ratio=l1_ratio, max_iter=max_iter, tol=tol, selection=selection,
            fit_intercept=fit_intercept, positive=positive, precompute=precompute, seed=seed,
        )
    path = _core.enet_path(
        X,
        Y,
        params,
        alphas=alphas,
        n_alphas=int(n_alphas),
        eps=float(eps),
        coef_init=coef_init,
        gram=gram,
        xy=xy,
        sample_weight=w,
        progress=_path_progress(verbose),
        stop=stop,
    )
    _warn_not_converged(path.converged, path.alphas, params.max_iter)
    if path.gram_dropped:
        _warn_gram_dropped()
    return path.alphas, path.coefs, path.intercepts, path.dual_gaps, path.n_iter


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
    X : array-like of shape (n_samples, n_features)
        The design.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The targets; each column is an independent problem.
    l1_ratio : float, default 0.5
        ρ in [0, 1] (must be > 0 when ``alphas`` is None).
    eps : float, default 1e-3
        In (0, 1]; the grid ends at ``eps * alpha_max``.
    n_alphas : int, default 100
        The length of the automatic grid, log-spaced from
        alpha_max = max_j |X_jᵀy| / (n ρ), the smallest alpha with w = 0.
    alphas : array-like or int, optional
        Used instead of the grid (sorted decreasingly). An integer is the length of
        the automatic grid instead (scikit-learn's spelling since 1.7, where
        ``n_alphas`` is deprecated).
    precompute : 'auto', bool or ndarray of shape (n_features, n_features), default 'auto'
        'auto' runs coordinate
        descent in the Gram form (Xᵀr = Xᵀy − Gw, G = XᵀX) when n_samples > n_features
        and in the residual form (r = y − Xw) otherwise; True and False force one of
        them. physml computes only the Gram columns the path needs, so True costs no
        full XᵀX. An array is XᵀX itself, used instead of computing any column; it must
        be symmetric with ‖X_j‖² on its diagonal (relative tolerance 1e-7), and one
        off-diagonal entry is checked against X, as scikit-learn checks.
    Xy : ndarray of shape (n_features,) or (n_features, n_targets), optional
        Xᵀy. physml computes it in its first pass over X anyway, so it only checks
        the given one (same tolerance) and raises ValueError if it differs.
    copy_X : bool, default True
        physml never modifies X, so either value gives the same result.
    coef_init : array-like of shape (n_features,) or (n_targets, n_features), optional
        The starting coefficients.
    verbose : bool or int, default False
        As scikit-learn, a dot on stderr per alpha solved (1), or a line
        'Path: i out of n' (2 and more).
    max_iter : int, default 1000
        Sweeps per alpha.
    tol : float, default 1e-4
        Stop when the duality gap < tol·‖y‖².
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates (random ones drawn with ``random_state``).
    random_state : None, int or numpy.random.Generator, default None
        Seed of the random coordinate order.
    return_n_iter : bool, default False
        Also return the number of sweeps per alpha.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0 (the grid's alpha_max is then
        max(0, max_j X_jᵀy) / (n ρ), as in scikit-learn).
    check_input : bool, default True
        physml validates its input either way (scikit-learn skips the checks with
        False).

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas, decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        The coefficients at each alpha.
    dual_gaps : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        The duality gaps divided by n.
    n_iters : ndarray
        Like ``dual_gaps``, the sweeps used; only if ``return_n_iter``.

    Raises
    ------
    ValueError
        If a parameter is out of range, ``l1_ratio=0`` without ``alphas``, or ``Xy``
        or the Gram matrix do not match X.

    Notes
    -----
    Ctrl-C is checked between the sweeps of coordinate descent (at most every
    20 ms): the KeyboardInterrupt propagates and no path is returned.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import enet_path
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 3))
    >>> y = X @ [1.0, -2.0, 0.0]
    >>> alphas, coefs, gaps = enet_path(X, y, l1_ratio=0.5, n_alphas=5)
    >>> alphas.shape, coefs.shape
    ((5,), (3, 5))
    >>> np.round(coefs[:, -1], 1).tolist()
    [1.0, -2.0, 0.0]
    """
    X, y = _check_design(X, y)
    _enet_params(l1_ratio=l1_ratio, max_iter=max_iter, tol=tol, selection=selection, positive=positive)
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
        if coef_init.shape[1] == X.shape[1]:
            with np.errstate(all="ignore"):  # the squared residual of the start
                residual = Y - X @ coef_init.T
                rss = float(np.sum(residual * residual))
            if not np.isfinite(rss):
                raise ValueError("coef_init is too large: the squared residual of y - X @ coef_init "
                                 "overflows float64")
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
    return out + (n_iter.astype(np.int64),) if check_bool(return_n_iter, "return_n_iter") else out


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
    """Lasso coefficients along a path of alphas: :func:`enet_path` with ``l1_ratio=1``.

    Minimises 1/(2n) ‖y − Xw‖² + α‖w‖₁ at each alpha (no intercept: centre X and y
    first if you need one), as ``sklearn.linear_model.lasso_path``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The design.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The targets.
    eps : float, default 1e-3
        The automatic grid ends at ``eps``·alpha_max.
    n_alphas : int, default 100
        The length of the automatic grid.
    alphas : array-like, optional
        The alphas to use instead of the grid.
    precompute : 'auto', bool or ndarray, default 'auto'
        The form of coordinate descent, or the Gram matrix XᵀX (see :func:`enet_path`).
    Xy : ndarray, optional
        Xᵀy, checked against X.
    copy_X : bool, default True
        physml never modifies X.
    coef_init : array-like, optional
        Starting coefficients.
    verbose : bool or int, default False
        Progress output, as :func:`enet_path`.
    max_iter : int, default 1000
        Sweeps per alpha.
    tol : float, default 1e-4
        Stop when the duality gap < ``tol``·‖y‖².
    selection : {'cyclic', 'random'}, default 'cyclic'
        The order of the coordinates.
    random_state : None, int or numpy.random.Generator, default None
        Seed of the random order.
    return_n_iter : bool, default False
        Also return the number of sweeps per alpha.
    positive : bool, default False
        Constrain every coefficient to w_j >= 0.
    check_input : bool, default True
        physml validates its input either way.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        The alphas, decreasing.
    coefs : ndarray of shape (n_features, n_alphas) or (n_targets, n_features, n_alphas)
        The coefficients at each alpha.
    dual_gaps : ndarray of shape (n_alphas,) or (n_targets, n_alphas)
        The duality gaps divided by n.
    n_iters : ndarray
        Like ``dual_gaps``, the sweeps used; only if ``return_n_iter``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import lasso_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    >>> alphas, coefs, gaps = lasso_path(X, [2.0, 1.0, -2.0, -1.0], alphas=[1.0, 0.5, 0.0])
    >>> coefs.round(3).tolist()
    [[0.0, 1.0, 2.0], [0.0, 0.0, 1.0]]
    """
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
