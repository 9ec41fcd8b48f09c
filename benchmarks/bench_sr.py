"""Stochastic reconfiguration's solvers side by side: the time of one SR step
(sampling + solve) with the dense, conjugate-gradient and sample-space solvers, for
RBMs of P ≈ 200, 800 and 1700 parameters. Prints the times and the ratios dense / cg
and dense / sample.

    python benchmarks/bench_sr.py [--n-samples 2000] [--repeats 1]

Problem: N non-interacting bosons in a 2-D trap (ω = 1), Gaussian–binary RBM with
M = 2N visible and H hidden units, P = M + H + M·H parameters, drawn from
N(0, 0.05²); Metropolis with step 1, 4 chains, learning rate 0.05, diag_shift 0.01,
CG tolerance 1e-10 (the default). The sizes: N = 10, H = 9 (P = 209); N = 10,
H = 37 (P = 797); N = 20, H = 40 (P = 1680). A first step burns the walkers in;
each timing is the median of ``--repeats`` later steps. The sample-space solver
costs O(n²P + n³), so it is skipped when n_samples > 4P. The machine may be
shared: report the conditions with the figures.
"""

from __future__ import annotations

import argparse
import statistics
import time

from physml import vmc

SIZES = ((10, 9), (10, 37), (20, 40))
SOLVERS = ("dense", "cg", "sample")


def step_seconds(n_particles, n_hidden, solver, n_samples, repeats):
    system = vmc.BoseGas(n_particles, 2, omega=1.0)
    psi = vmc.RBM(n_hidden=n_hidden, sigma=1.0, scale=0.05, random_state=1)
    sr = vmc.SR(learning_rate=0.05, diag_shift=0.01, solver=solver)
    driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.0, burn_in=20), sr,
                     n_samples=n_samples, n_chains=4, seed=2)
    driver.optimize(1)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        driver.optimize(1)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-samples", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    n = args.n_samples
    print(f"one SR step, n_samples = {n}; seconds (ratio dense / solver)")
    print(f"{'P':>6} {'dense':>10} {'cg':>18} {'sample':>18}")
    for n_particles, n_hidden in SIZES:
        m = 2 * n_particles
        p = m + n_hidden + m * n_hidden
        times = {}
        for solver in SOLVERS:
            if solver == "sample" and n > 4 * p:
                continue
            times[solver] = step_seconds(n_particles, n_hidden, solver, n, args.repeats)
        cells = [f"{times['dense']:10.3f}"]
        for solver in ("cg", "sample"):
            if solver in times:
                cells.append(f"{times[solver]:9.3f} ({times['dense'] / times[solver]:5.1f}x)")
            else:
                cells.append(f"{'skipped':>18}")
        print(f"{p:>6} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
