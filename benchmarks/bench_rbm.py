"""Time per training epoch of physml.rbm.BernoulliRBM against scikit-learn's
BernoulliRBM on the same data and settings, printing the ratio (> 1: physml is faster)
and the mean pseudo-log-likelihood each reaches after the same epochs.

Cases: the 8×8 digits scaled to [0, 1] (1797 × 64), 256 hidden units, learning rate
0.06, PCD-1 (both libraries' default), batch sizes 10 and 100. Each time is the median
(``--stat min``: the minimum) of ``--repeats`` fits of ``--epochs`` epochs.

Two measures per library: the wall time with default threads (scikit-learn's products
on NumPy's BLAS threads; physml's training is sequential: one random stream per epoch,
so the result does not depend on threads), and the CPU time of the process
(``time.process_time``) with BLAS limited to one thread (threadpoolctl), which is robust
to a loaded machine and compares the work each library does.

The ceiling: a PCD-1 update costs five products of b × 64 × 256 per mini-batch of b
rows, ≈ 295 MFLOP per epoch done densely. One core of the development machine (AMD EPYC,
Zen 4, 2 cores) peaks at ≈ 58 GFLOP/s in double precision (16 flop per cycle at 3.6 GHz,
from a register-only loop of AVX-512 or AVX2 FMAs; adds alone: 29 GFLOP/s), i.e. ≈ 5.1
ms per dense epoch. Against scikit-learn's ≈ 38–45 ms (batch 10) and ≈ 22–28 ms (batch
100) of CPU time that allows at most ≈ 8× and ≈ 5× on one core, and physml's whole epoch
already averages ≈ 27–30 GFLOP/s. Skipping the zeros (49 % of the digit pixels; 50–60 %
of the hidden samples after 5 epochs; the visible samples have about the data's mean,
0.31, of ones) roughly halves the multiply-adds, but a product over the non-zeros reads
each selected row of W (128 kB, beyond the 32 kB L1 cache) once per use and ran at ≈
0.33–0.37 vector FMAs per cycle (a third of the peak of one), so it was no faster than
the dense, register-blocked product (branch rbm3-hybrid, issue 16).

The pseudo-log-likelihood is stochastic (one random unit flipped per row), so it is
averaged over 20 evaluations for each model.

Run: python benchmarks/bench_rbm.py [--epochs 10] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.neural_network import BernoulliRBM as SkRBM
from threadpoolctl import threadpool_limits

from physml.rbm import BernoulliRBM


def timed(make, X, repeats, stat, clock=time.perf_counter):
    times, model = [], None
    for _ in range(repeats):
        model = make()
        start = clock()
        model.fit(X)
        times.append(clock() - start)
    return (min(times) if stat == "min" else float(np.median(times))), model


def cpu_timed(make, X, repeats, stat):
    with threadpool_limits(1):
        # OpenBLAS's idle threads spin for a while after a multi-threaded call (the
        # wall-time runs before this): let them go to sleep, or their spinning is
        # counted in this process's CPU time
        time.sleep(1.0)
        return timed(make, X, repeats, stat, time.process_time)[0]


def pll(model, X):
    return float(np.mean([model.score_samples(X).mean() for _ in range(20)]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stat", choices=["median", "min"], default="median")
    args = parser.parse_args()

    X = load_digits().data / 16.0
    print(f"digits {X.shape}, 256 hidden units, {args.epochs} epochs, {args.stat} of {args.repeats}")
    print(f"{'batch':>6} {'physml s/epoch':>15} {'sklearn s/epoch':>16} {'ratio':>7} "
          f"{'CPU physml':>11} {'CPU sklearn':>12} {'ratio':>7} {'PLL physml':>11} {'PLL sklearn':>12}")
    for batch in (10, 100):
        settings = dict(n_components=256, learning_rate=0.06, batch_size=batch,
                        n_iter=args.epochs, random_state=0)
        t_ours, ours = timed(lambda: BernoulliRBM(**settings), X, args.repeats, args.stat)
        t_sk, sk = timed(lambda: SkRBM(**settings), X, args.repeats, args.stat)
        c_ours = cpu_timed(lambda: BernoulliRBM(**settings), X, args.repeats, args.stat)
        c_sk = cpu_timed(lambda: SkRBM(**settings), X, args.repeats, args.stat)
        print(f"{batch:>6} {t_ours / args.epochs:>15.4f} {t_sk / args.epochs:>16.4f} "
              f"{t_sk / t_ours:>7.1f} {c_ours / args.epochs:>11.4f} {c_sk / args.epochs:>12.4f} "
              f"{c_sk / c_ours:>7.1f} {pll(ours, X):>11.2f} {pll(sk, X):>12.2f}")


if __name__ == "__main__":
    main()
