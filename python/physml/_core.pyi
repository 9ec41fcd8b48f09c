"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead."""

__version__: str

class PhysmlError(RuntimeError): ...

# --- linear: OLS and Ridge (src/python/linear.rs) ---
import numpy as np
import numpy.typing as npt

def ols_fit(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], fit_intercept: bool
) -> tuple[
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    int,
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    int,
]:
    """OLS: (coef (t, p), intercept (t,), rank, singular values, (XcᵀXc)⁺ (p, p),
    residual sums of squares (t,), residual degrees of freedom)."""

def ridge_fit(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    alphas: npt.NDArray[np.float64],
    fit_intercept: bool,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Ridge for each alpha: (coef (a, t, p), intercept (a, t))."""

def ridge_loo_mse(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    alphas: npt.NDArray[np.float64],
    fit_intercept: bool,
) -> npt.NDArray[np.float64]:
    """Mean squared leave-one-out error of Ridge for each alpha (> 0)."""

def ridge_kfold_r2(
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    alphas: npt.NDArray[np.float64],
    fit_intercept: bool,
    n_folds: int,
) -> npt.NDArray[np.float64]:
    """Mean k-fold test R² of Ridge for each alpha (>= 0)."""

def student_t_quantile(q: float, df: float) -> float:
    """The q-quantile of Student's t distribution with df degrees of freedom."""

# ---- linear: Lasso / ElasticNet (src/python/lasso.rs) ----
import numpy as np
from numpy.typing import NDArray

def enet_path(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    alphas: NDArray[np.float64] | None,
    n_alphas: int,
    eps: float,
    l1_ratio: float,
    fit_intercept: bool,
    max_iter: int,
    tol: float,
    random_seed: int | None = None,
    coef_init: NDArray[np.float64] | None = None,
) -> tuple[
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.uint64],
    NDArray[np.bool_],
]:
    """Coordinate descent along alphas for y of shape (n_samples, n_targets); returns
    (alphas, coefs (t, p, k), intercepts (t, k), dual_gaps (t, k), n_iter (t, k),
    converged (t, k))."""
# --- linear: polynomial design matrices (src/python/design.rs) ---
import numpy as _np
import numpy.typing as _npt

def polynomial_design_1d(
    x: _npt.NDArray[_np.float64], degree: int, include_bias: bool = True
) -> _npt.NDArray[_np.float64]: ...
def polynomial_design_2d(
    x: _npt.NDArray[_np.float64],
    y: _npt.NDArray[_np.float64],
    degree: int,
    include_bias: bool = True,
) -> _npt.NDArray[_np.float64]: ...
