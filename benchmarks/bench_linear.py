"""Time physml's linear models against scikit-learn, side by side.

Run: ``env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_linear.py``
(optionally with case names as arguments to run only those). Each case reports the
median wall time of several repeats and the ratio physml/scikit-learn (lower is
better). Not run in CI.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np


def median_time(fn, repeats: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls (after one warm-up). Each
    call starts after a short pause, so that OpenBLAS threads still spinning after
    the previous NumPy call do not compete with the code being timed."""
    fn()
    times = []
    for _ in range(repeats):
        time.sleep(0.3)
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_ols():
    """OLS, n = 200000, p = 100, against scikit-learn's LinearRegression."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from physml.linear import LinearRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200_000, 100))
    y = X @ rng.normal(size=100) + rng.normal(size=200_000)
    ours = median_time(lambda: LinearRegression().fit(X, y))
    ref = median_time(lambda: SkLinearRegression().fit(X, y))
    return "OLS n=200000 p=100", ours, ref, ""


def bench_ridge_path():
    """Ridge with 50 alphas, n = 20000, p = 200, against a loop of scikit-learn Ridge."""
    from sklearn.linear_model import Ridge as SkRidge

    from physml.linear import Ridge

    rng = np.random.default_rng(1)
    X = rng.normal(size=(20_000, 200))
    y = X @ rng.normal(size=200) + rng.normal(size=20_000)
    alphas = np.logspace(-3, 3, 50)
    ours = median_time(lambda: Ridge(alpha=alphas).fit(X, y))
    ref = median_time(lambda: [SkRidge(alpha=a).fit(X, y) for a in alphas], repeats=3)
    return "Ridge 50 alphas n=20000 p=200", ours, ref, ""



def _lasso_objective(X: np.ndarray, y: np.ndarray, coefs: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """1/(2n) ‖y − Xw‖² + α‖w‖₁ at each alpha (column of ``coefs``)."""
    residual = y[:, None] - X @ coefs
    return 0.5 * np.mean(residual**2, axis=0) + alphas * np.abs(coefs).sum(axis=0)


def _lasso_problem() -> tuple[np.ndarray, np.ndarray]:
    """n = 10000, p = 1000, 20 true non-zeros, noise σ = 1."""
    rng = np.random.default_rng(0)
    n, p, k = 10_000, 1_000, 20
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[rng.choice(p, k, replace=False)] = 2.0 * rng.standard_normal(k)
    return X, X @ w + rng.standard_normal(n)


def bench_lasso_path():
    """lasso_path, n=10000, p=1000, 20 true non-zeros, 100 alphas, tol=1e-6."""
    from sklearn.linear_model import lasso_path as sk_lasso_path

    from physml.linear import lasso_path

    X, y = _lasso_problem()

    alphas, coefs, _ = lasso_path(X, y, n_alphas=100, tol=1e-6)
    t_ours = median_time(lambda: lasso_path(X, y, n_alphas=100, tol=1e-6), repeats=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        _, sk_coefs, _ = sk_lasso_path(X, y, alphas=alphas, tol=1e-6)
        t_sk = median_time(lambda: sk_lasso_path(X, y, alphas=alphas, tol=1e-6), repeats=3)
        # scikit-learn's time split: its Gram matrix alone, then its coordinate descent
        # given that matrix (what remains for physml is the ratio's lower bound with
        # the Gram columns the path needs)
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        t_gram = median_time(lambda: Xc.T @ Xc, repeats=3)
        gram, xy = Xc.T @ Xc, Xc.T @ yc
        t_cd = median_time(
            lambda: sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-6, precompute=gram, Xy=xy),
            repeats=3,
        )
    ours, theirs = _lasso_objective(X, y, coefs, alphas), _lasso_objective(X, y, sk_coefs, alphas)
    worst = np.max((ours - theirs) / theirs)
    note = (
        f"max rel. objective excess {worst:+.1e}; support at alpha_min "
        f"{np.count_nonzero(coefs[:, -1])}; sklearn's XᵀX alone {t_gram:.4f} s, "
        f"its descent given XᵀX {t_cd:.4f} s"
    )
    return "lasso_path n=10000 p=1000 (100 alphas)", t_ours, t_sk, note


def bench_lasso_path_gram():
    """The same path with the Gram matrix and Xᵀy given (``precompute=G, Xy=Xᵀy`` to both):
    coordinate descent alone."""
    from sklearn.linear_model import lasso_path as sk_lasso_path

    from physml.linear import lasso_path

    X, y = _lasso_problem()
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    gram, xy = Xc.T @ Xc, Xc.T @ yc
    alphas, coefs, _ = lasso_path(Xc, yc, n_alphas=100, tol=1e-6, precompute=gram, Xy=xy)
    t_ours = median_time(lambda: lasso_path(Xc, yc, alphas=alphas, tol=1e-6, precompute=gram, Xy=xy), repeats=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        _, sk_coefs, _ = sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-6, precompute=gram, Xy=xy)
        t_sk = median_time(lambda: sk_lasso_path(Xc, yc, alphas=alphas, tol=1e-6, precompute=gram, Xy=xy), repeats=3)
    ours, theirs = _lasso_objective(Xc, yc, coefs, alphas), _lasso_objective(Xc, yc, sk_coefs, alphas)
    note = f"max rel. objective excess {np.max((ours - theirs) / theirs):+.1e}"
    return "lasso_path, Gram matrix given", t_ours, t_sk, note


CASES = {
    "ols": bench_ols,
    "ridge_path": bench_ridge_path,
    "lasso_path": bench_lasso_path,
    "lasso_path_gram": bench_lasso_path_gram,
}


def main(names: list[str]) -> None:
    selected = names or list(CASES)
    rows = [CASES[name]() for name in selected]
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'physml s':>10}  {'sklearn s':>10}  {'ratio':>7}  note")
    for case, ours, ref, note in rows:
        print(f"{case:<{width}}  {ours:>10.4f}  {ref:>10.4f}  {ours / ref:>7.3f}  {note}")


if __name__ == "__main__":
    main(sys.argv[1:])
