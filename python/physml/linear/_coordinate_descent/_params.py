"""The parameters of coordinate descent as the core takes them (``src/linear/lasso/params.rs``):
Python converts the types and applies scikit-learn's spellings (``precompute``,
``alphas``/``n_alphas``), the core checks the ranges; and the warnings of a path."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from physml import _core
from physml._base import (
    check_array,
    check_scalar,
    ConvergenceWarning,
    warn_user,
)
from physml.linear._base import _check_bool


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


def _check_verbose(verbose: Any) -> int:
    """``verbose`` (a bool or an int >= 0) as an int."""
    return int(check_scalar(int(verbose) if isinstance(verbose, (bool, np.bool_)) else verbose,
                            "verbose", kind=numbers.Integral, min_value=0))
