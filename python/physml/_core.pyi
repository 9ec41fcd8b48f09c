"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead."""

__version__: str

class PhysmlError(RuntimeError): ...

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
