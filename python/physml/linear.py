"""Linear regression with scikit-learn's estimator contract and a Rust core.

Every estimator here follows scikit-learn's conventions (``fit``/``predict``/``score``,
``get_params``/``set_params``, fitted attributes ending in ``_``), so scikit-learn's
``clone``, ``Pipeline``, ``GridSearchCV`` and ``cross_val_score`` accept them, and
fitted estimators pickle.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Iterable

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    ConvergenceWarning,
    RegressorMixin,
    check_array,
    check_is_fitted,
    check_random_state_seed,
    check_scalar,
    check_X_y,
)

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
) -> None:
    check_scalar(l1_ratio, "l1_ratio", min_value=0.0, max_value=1.0)
    check_scalar(max_iter, "max_iter", kind=numbers.Integral, min_value=1)
    check_scalar(tol, "tol", min_value=0.0)
    if selection not in ("cyclic", "random"):
        raise ValueError(f"selection must be 'cyclic' or 'random', got {selection!r}")
    if not isinstance(fit_intercept, (bool, np.bool_)):
        raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")


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
):
    """Call the Rust path solver with a 2-D ``Y`` (n_samples, n_targets); returns
    alphas, coefs (t, p, k), intercepts (t, k), dual gaps (t, k), n_iter (t, k)."""
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
    )
    _warn_not_converged(converged, alphas_out, max_iter)
    return alphas_out, coefs, intercepts, gaps, n_iter


def enet_path(
    X: Any,
    y: Any,
    *,
    l1_ratio: float = 0.5,
    eps: float = 1e-3,
    n_alphas: int = 100,
    alphas: Any = None,
    coef_init: Any = None,
    max_iter: int = 1000,
    tol: float = 1e-4,
    selection: str = "cyclic",
    random_state: Any = None,
    return_n_iter: bool = False,
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
    alphas : array-like, optional; used instead of the grid (sorted decreasingly).
    coef_init : array-like (n_features,) or (n_targets, n_features), optional start.
    max_iter, tol : sweeps per alpha; stop when the duality gap < tol·‖y‖².
    selection : 'cyclic' or 'random' (coordinates drawn with ``random_state``).
    return_n_iter : also return the number of sweeps per alpha.

    Returns
    -------
    alphas : (n_alphas,)
    coefs : (n_features, n_alphas), or (n_targets, n_features, n_alphas) for 2-D y
    dual_gaps : (n_alphas,) or (n_targets, n_alphas); duality gaps divided by n
    n_iters : like ``dual_gaps``, only if ``return_n_iter``
    """
    X, y = _check_design(X, y)
    _check_enet_params(l1_ratio=l1_ratio, max_iter=max_iter, tol=tol, selection=selection)
    check_scalar(eps, "eps", min_value=0.0, max_value=1.0, include_min=False)
    check_scalar(n_alphas, "n_alphas", kind=numbers.Integral, min_value=1)
    if alphas is not None:
        alphas = _check_alphas(alphas)
    elif l1_ratio == 0:
        raise ValueError("l1_ratio must be > 0 to choose alphas automatically; pass alphas")
    Y = y.reshape(len(y), -1)
    if coef_init is not None:
        coef_init = check_array(coef_init, "coef_init", ndim=(1, 2)).reshape(Y.shape[1], -1)
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
    coef_init: Any = None,
    max_iter: int = 1000,
    tol: float = 1e-4,
    selection: str = "cyclic",
    random_state: Any = None,
    return_n_iter: bool = False,
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
        coef_init=coef_init,
        max_iter=max_iter,
        tol=tol,
        selection=selection,
        random_state=random_state,
        return_n_iter=return_n_iter,
    )


class ElasticNet(RegressorMixin, BaseEstimator):
    """Linear regression with combined L1 and L2 penalties, by coordinate descent.

    Minimises 1/(2n) ‖y − Xw − b‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖² (ρ = ``l1_ratio``;
    ρ = 1 is the Lasso). The intercept b is not penalised (X and y are centred).
    A 2-D ``y`` is fitted as independent problems, one per column.

    Parameters
    ----------
    alpha : float >= 0, the penalty strength.
    l1_ratio : float in [0, 1], the L1 share of the penalty.
    fit_intercept : bool.
    max_iter : int, maximum coordinate-descent sweeps.
    tol : float; converged when the duality gap < tol·‖y − ȳ‖².
    warm_start : bool; start from the previous ``coef_`` when refitting.
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

    def __init__(
        self,
        alpha: float = 1.0,
        *,
        l1_ratio: float = 0.5,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        warm_start: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.selection = selection
        self.random_state = random_state

    def _l1_ratio(self) -> float:
        return self.l1_ratio

    def fit(self, X: Any, y: Any) -> "ElasticNet":
        """Fit the coefficients on X (n_samples, n_features) and y; returns ``self``."""
        check_scalar(self.alpha, "alpha", min_value=0.0)
        _check_enet_params(
            l1_ratio=self._l1_ratio(),
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            fit_intercept=self.fit_intercept,
        )
        X, y = _check_design(X, y)
        Y = y.reshape(len(y), -1)
        coef_init = None
        if self.warm_start and hasattr(self, "coef_"):
            previous = np.reshape(self.coef_, (-1, np.shape(self.coef_)[-1]))
            if previous.shape == (Y.shape[1], X.shape[1]):
                coef_init = np.ascontiguousarray(previous)
        _, coefs, intercepts, gaps, n_iter = _run_path(
            X,
            Y,
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
        )
        coef, intercept, gap, iters = coefs[:, :, 0], intercepts[:, 0], gaps[:, 0], n_iter[:, 0]
        if y.ndim == 1:
            self.coef_ = coef[0]
            self.intercept_ = float(intercept[0])
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
        check_is_fitted(self, "coef_")
        X = check_array(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(self).__name__} was fitted "
                f"with {self.n_features_in_}"
            )
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
        max_iter: int = 1000,
        tol: float = 1e-4,
        warm_start: bool = False,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.selection = selection
        self.random_state = random_state

    def _l1_ratio(self) -> float:
        return 1.0


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
        if cv > n_samples:
            raise ValueError(f"cv must be <= n_samples = {n_samples}, got {cv}")
        return _kfold(n_samples, int(cv))
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

    Parameters
    ----------
    l1_ratio : float or list of floats in (0, 1].
    eps, n_alphas, alphas : the alpha grid (see :func:`enet_path`).
    fit_intercept, max_iter, tol, selection, random_state : as :class:`ElasticNet`.
    cv : int (k-fold without shuffling, like scikit-learn's ``KFold``), a splitter
        with ``split(X)``, or an iterable of (train, test) index arrays.

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
        n_alphas: int = 100,
        alphas: Any = None,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        cv: Any = 5,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.selection = selection
        self.random_state = random_state

    def _l1_ratios(self) -> list[float]:
        ratios = np.atleast_1d(self.l1_ratio)
        if ratios.ndim != 1 or ratios.size == 0:
            raise ValueError(f"l1_ratio must be a number or a list of numbers, got {self.l1_ratio!r}")
        for r in ratios.tolist():
            check_scalar(r, "l1_ratio", min_value=0.0, max_value=1.0, include_min=False)
        return [float(r) for r in ratios]

    def _alpha_grid(self, X: np.ndarray, y: np.ndarray, l1_ratio: float) -> np.ndarray:
        if self.alphas is not None:
            return _check_alphas(self.alphas)
        if self.fit_intercept:
            X, y = X - X.mean(axis=0), y - y.mean()
        alpha_max = np.abs(X.T @ y).max() / (len(y) * l1_ratio)
        if alpha_max == 0:
            alpha_max = np.sqrt(np.finfo(float).tiny)
        return np.geomspace(alpha_max, alpha_max * self.eps, num=self.n_alphas)

    def fit(self, X: Any, y: Any) -> "ElasticNetCV":
        """Choose alpha (and l1_ratio) by cross-validation, then refit; returns ``self``."""
        ratios = self._l1_ratios()
        _check_enet_params(
            l1_ratio=ratios[0],
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            fit_intercept=self.fit_intercept,
        )
        check_scalar(self.eps, "eps", min_value=0.0, max_value=1.0, include_min=False)
        check_scalar(self.n_alphas, "n_alphas", kind=numbers.Integral, min_value=1)
        X, y = check_X_y(X, y, multi_output=False)
        splits = _cv_splits(self.cv, len(y))
        grids, mse = [], []
        for ratio in ratios:
            alphas = self._alpha_grid(X, y, ratio)
            fold_mse = np.empty((len(alphas), len(splits)))
            for f, (train, test) in enumerate(splits):
                _, coefs, intercepts, _, _ = _run_path(
                    np.ascontiguousarray(X[train]),
                    np.ascontiguousarray(y[train]).reshape(-1, 1),
                    alphas=alphas,
                    n_alphas=len(alphas),
                    eps=self.eps,
                    l1_ratio=ratio,
                    fit_intercept=self.fit_intercept,
                    max_iter=self.max_iter,
                    tol=self.tol,
                    selection=self.selection,
                    random_state=self.random_state,
                )
                residual = X[test] @ coefs[0] + intercepts[0] - y[test][:, None]
                fold_mse[:, f] = np.mean(residual**2, axis=0)
            grids.append(alphas)
            mse.append(fold_mse)
        mse_path = np.array(mse)
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
            max_iter=self.max_iter,
            tol=self.tol,
            selection=self.selection,
            random_state=self.random_state,
        ).fit(X, y)
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.dual_gap_ = model.dual_gap_
        self.n_iter_ = model.n_iter_
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: Any) -> np.ndarray:
        """ŷ = X coef_ + intercept_ with the cross-validated penalty."""
        return ElasticNet.predict(self, X)


class LassoCV(ElasticNetCV):
    """Lasso with alpha chosen by k-fold cross-validation: :class:`ElasticNetCV` with
    ``l1_ratio=1``. Attributes ``alpha_``, ``alphas_`` (n_alphas,), ``mse_path_``
    (n_alphas, n_folds), ``coef_``, ``intercept_``, ``dual_gap_``, ``n_iter_``."""

    def __init__(
        self,
        *,
        eps: float = 1e-3,
        n_alphas: int = 100,
        alphas: Any = None,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        cv: Any = 5,
        selection: str = "cyclic",
        random_state: Any = None,
    ):
        self.eps = eps
        self.n_alphas = n_alphas
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.selection = selection
        self.random_state = random_state

    def _l1_ratios(self) -> list[float]:
        return [1.0]

    @property
    def l1_ratio(self) -> float:
        return 1.0
