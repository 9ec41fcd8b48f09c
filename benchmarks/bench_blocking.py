"""physml.testing.blocking (Rust core) against the NumPy blocking of the course
(exercises/08_blocking/solution.py, the usual vectorised student implementation) on
AR(1) series of 2^16 .. 2^24 values. Prints both times, their ratio (NumPy / physml;
> 1 means physml is faster) as the median of ``--repeat`` runs, and both errors
against the exact 1/(√n (1 − φ)).

    python benchmarks/bench_blocking.py
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import time

import numpy as np

from physml.testing import blocking

SOLUTION = pathlib.Path(__file__).resolve().parents[1] / "exercises" / "08_blocking" / "solution.py"


def numpy_blocking():
    spec = importlib.util.spec_from_file_location("blocking_solution", SOLUTION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.blocking_error


def ar1(phi: float, n: int, seed: int) -> np.ndarray:
    """x_t = φ x_{t−1} + ε_t (a linear filter of the noise)."""
    from scipy.signal import lfilter

    noise = np.random.default_rng(seed).normal(size=n)
    return lfilter([1.0], [1.0, -phi], noise)


def median_time(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--phi", type=float, default=0.9)
    args = parser.parse_args()
    reference = numpy_blocking()
    print(f"{'n':>10} {'physml s':>10} {'numpy s':>10} {'ratio':>7} {'err physml/exact':>17} {'err numpy/exact':>16}")
    for log_n in (16, 20, 24):
        n = 2**log_n
        x = ar1(args.phi, n, seed=log_n)
        exact = 1 / (np.sqrt(n) * (1 - args.phi))
        t_physml = median_time(lambda: blocking(x), args.repeat)
        t_numpy = median_time(lambda: reference(x), args.repeat)
        print(f"{n:>10} {t_physml:>10.4f} {t_numpy:>10.4f} {t_numpy / t_physml:>7.1f} "
              f"{blocking(x).error / exact:>17.3f} {reference(x) / exact:>16.3f}")


if __name__ == "__main__":
    main()
