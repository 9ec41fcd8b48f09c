"""Time physml's linear models against scikit-learn, side by side.

Run (outside CI, with NumPy's BLAS at full speed):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_linear.py

Each case is a function returning (name, physml seconds, scikit-learn seconds, note);
the script prints one table row per case with the ratio physml / scikit-learn.
"""

from __future__ import annotations

import time
import warnings

import numpy as np


def _best_time(fn, repeat: int = 3) -> tuple[float, object]:
    """Minimum wall time of ``repeat`` calls, and the last result. Each call starts
    after a pause, so that OpenBLAS threads still spinning after the previous NumPy
    call do not compete with the code being timed."""
    best, out = np.inf, None
    for _ in range(repeat):
        time.sleep(0.3)
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _lasso_objective(X: np.ndarray, y: np.ndarray, coefs: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """1/(2n) ‖y − Xw‖² + α‖w‖₁ at each alpha (column of ``coefs``)."""
    residual = y[:, None] - X @ coefs
    return 0.5 * np.mean(residual**2, axis=0) + alphas * np.abs(coefs).sum(axis=0)


def case_lasso_path():
    """lasso_path, n=10000, p=1000, 20 true non-zeros, 100 alphas, tol=1e-6."""
    from sklearn.linear_model import lasso_path as sk_lasso_path

    from physml.linear import lasso_path

    rng = np.random.default_rng(0)
    n, p, k = 10_000, 1_000, 20
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[rng.choice(p, k, replace=False)] = 2.0 * rng.standard_normal(k)
    y = X @ w + rng.standard_normal(n)

    t_ours, (alphas, coefs, _) = _best_time(lambda: lasso_path(X, y, n_alphas=100, tol=1e-6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        t_sk, (_, sk_coefs, _) = _best_time(lambda: sk_lasso_path(X, y, alphas=alphas, tol=1e-6))
    ours, theirs = _lasso_objective(X, y, coefs, alphas), _lasso_objective(X, y, sk_coefs, alphas)
    worst = np.max((ours - theirs) / theirs)
    note = f"max rel. objective excess {worst:+.1e}; support at alpha_min {np.count_nonzero(coefs[:, -1])}"
    return "lasso_path n=10000 p=1000 (100 alphas)", t_ours, t_sk, note


CASES = [case_lasso_path]


def main() -> None:
    rows = [case() for case in CASES]
    print(f"{'case':<42} {'physml s':>9} {'sklearn s':>10} {'ratio':>7}  note")
    for name, ours, theirs, note in rows:
        print(f"{name:<42} {ours:9.3f} {theirs:10.3f} {ours / theirs:7.3f}  {note}")


if __name__ == "__main__":
    main()
