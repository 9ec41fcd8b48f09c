"""The path solvers :func:`enet_path` and :func:`lasso_path`, and the one call into the
core's path solver that every estimator of the family makes (``src/linear/lasso/path.rs``)."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from physml import _core
from physml._base import (
    check_array,
    check_bool,
    check_random_state_seed,
    check_scalar,
)
from physml.linear._base import _check_bool
from physml.linear._coordinate_descent._params import (
    _check_verbose,
    _enet_params,
    _check_precompute,
    _warn_gram_dropped,
    _check_design,
    _alpha_count,
    _check_alphas,
    _warn_not_converged,
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
