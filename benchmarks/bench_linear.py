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

import numpy as np


def median_time(fn, repeats: int = 5) -> float:
    """Median wall time of ``fn()`` over ``repeats`` calls (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeats):
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
    return "OLS n=200000 p=100", ours, ref


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
    return "Ridge 50 alphas n=20000 p=200", ours, ref


CASES = {
    "ols": bench_ols,
    "ridge_path": bench_ridge_path,
}


def main(names: list[str]) -> None:
    selected = names or list(CASES)
    rows = [CASES[name]() for name in selected]
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'physml s':>10}  {'sklearn s':>10}  {'ratio':>7}")
    for case, ours, ref in rows:
        print(f"{case:<{width}}  {ours:>10.4f}  {ref:>10.4f}  {ours / ref:>7.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
