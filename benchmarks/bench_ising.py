"""Spin updates per second of physml.ising.sample against NumPy/Python peers
written for this benchmark, printing the ratio (> 1: physml is faster).

* Metropolis: physml's checkerboard sweeps against a checkerboard-vectorised NumPy
  Metropolis (each half sweep: the local fields of one sublattice by ``np.roll``,
  ΔE = 2 s h, acceptance min(1, e^{−ΔE/T}) by a table lookup, one uniform number per
  site), at L = 32 and 128, T = 2.27. Rate = attempted single-spin updates per second.
* Wolff: physml's cluster updates against a Python Wolff (a stack-based cluster
  growth on a NumPy array, bond probability 1 − e^{−2/T}), at L = 32 and 64,
  T = 2.27 (near T_c, where clusters are largest) and 3.0. Rate = flipped spins per
  second; a physml Wolff sweep flips N spins on average by construction (N over the
  mean cluster size clusters).

Times are CPU seconds of the process (``time.process_time``, all threads), the
least of ``--repeat`` runs for every code alike (a run that a busy machine slowed,
e.g. page faults taking long while other processes churn memory, says nothing of
the code); physml runs ``--chains`` chains (default 1, like the peers), so
the rates are per CPU second. physml's time is that of a run with the samples minus
that of the same run with one sample (same thermalisation), so it counts the
recorded sweeps only (including copying out each configuration).

Run: python benchmarks/bench_ising.py [--sweeps 200] [--chains 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from physml.ising import sample


def numpy_metropolis(L, T, sweeps, rng):
    """Checkerboard Metropolis on an L × L torus; returns the spins (±1)."""
    s = rng.choice(np.array([-1, 1], dtype=np.int64), size=(L, L))
    i, j = np.indices((L, L))
    masks = [(i + j) % 2 == 0, (i + j) % 2 == 1]
    # ΔE = 2 s h with s h ∈ {−4, −2, 0, 2, 4}: acceptance by table lookup.
    table = np.minimum(1.0, np.exp(-2.0 * np.arange(-4, 5) / T))
    for _ in range(sweeps):
        for mask in masks:
            h = np.roll(s, 1, 0) + np.roll(s, -1, 0) + np.roll(s, 1, 1) + np.roll(s, -1, 1)
            accept = rng.random((L, L)) < table[s * h + 4]
            s = np.where(mask & accept, -s, s)
    return s


def python_wolff(L, T, n_clusters, rng):
    """n_clusters Wolff updates on an L × L torus; returns (spins, flipped spins)."""
    s = rng.choice(np.array([-1, 1], dtype=np.int8), size=(L, L))
    p_add = 1.0 - math.exp(-2.0 / T)
    flipped = 0
    for _ in range(n_clusters):
        i, j = int(rng.integers(L)), int(rng.integers(L))
        spin = s[i, j]
        s[i, j] = -spin
        stack = [(i, j)]
        flipped += 1
        while stack:
            a, b = stack.pop()
            for c, d in (((a + 1) % L, b), ((a - 1) % L, b), (a, (b + 1) % L), (a, (b - 1) % L)):
                if s[c, d] == spin and rng.random() < p_add:
                    s[c, d] = -spin
                    stack.append((c, d))
                    flipped += 1
    return s, flipped


REPEAT = 3


def cpu_once(f):
    start = time.process_time()
    out = f()
    return time.process_time() - start, out


def cpu(f):
    """The least CPU time of ``REPEAT`` calls of f, with the last call's output."""
    best, out = math.inf, None
    for _ in range(REPEAT):
        out = None  # free the previous output before the clock starts
        start = time.process_time()
        out = f()
        best = min(best, time.process_time() - start)
    return best, out


def physml_cpu(L, T, samples, method, chains, thermalization=100):
    """CPU seconds of ``samples`` recorded sweeps per chain (see the module docstring)."""
    def run(n):
        return cpu(lambda: sample(L, T, n * chains, method=method, random_state=0,
                                  n_chains=chains, thermalization=thermalization))[0]
    return max(run(samples) - run(1), 1e-9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweeps", type=int, default=200)
    parser.add_argument("--chains", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(args.repeat, 1)
    rng = np.random.default_rng(0)

    print("Metropolis (checkerboard), T = 2.27: attempted spin updates per CPU second")
    print(f"{'L':>5} {'physml':>12} {'NumPy':>12} {'ratio':>7}")
    for L in (32, 128):
        n = L * L
        sweeps = args.sweeps
        t_np, _ = cpu(lambda: numpy_metropolis(L, 2.27, sweeps, rng))
        samples = 10 * sweeps
        t_ours = physml_cpu(L, 2.27, samples, "metropolis", args.chains)
        r_ours = samples * args.chains * n / t_ours
        r_np = sweeps * n / t_np
        print(f"{L:>5} {r_ours:>12.3g} {r_np:>12.3g} {r_ours / r_np:>7.1f}")

    print("Wolff: flipped spins per CPU second")
    print(f"{'L':>5} {'T':>5} {'physml':>12} {'Python':>12} {'ratio':>7}")
    for L in (32, 64):
        for T in (2.27, 3.0):
            n = L * L
            # the best rate of REPEAT runs (each flips a different number of spins)
            r_py = 0.0
            for _ in range(REPEAT):
                t_py, (_, flipped) = cpu_once(lambda: python_wolff(L, T, 20 * args.sweeps, rng))
                r_py = max(r_py, flipped / t_py)
            samples = 20 * args.sweeps
            t_ours = physml_cpu(L, T, samples, "wolff", args.chains)
            r_ours = samples * args.chains * n / t_ours
            print(f"{L:>5} {T:>5} {r_ours:>12.3g} {r_py:>12.3g} {r_ours / r_py:>7.1f}")


if __name__ == "__main__":
    main()
