"""Time per training epoch: physml vs scikit-learn's MLPRegressor/MLPClassifier vs a
plain PyTorch CPU loop, side by side, printing the ratios (> 1: physml is faster).

Cases (Adam, learning rate 1e-3, no early stopping, every run trains a fixed number
of epochs):

* Franke regression, 2 → 50 → 50 → 1 (ReLU), 1000 samples, batch 32;
* 8×8 digits, 64 → 64 → 10 (ReLU, softmax + cross-entropy), 1797 samples, batch 32;
* a width sweep, 32 → w → w → 1 (ReLU), 2048 samples, batch 32, w = 16 … 512.

PyTorch runs in float64 (physml's precision) and, for reference, float32, with its
default number of threads. PyTorch is optional (`pip install torch`); without it those
columns are skipped with a message. Each measurement is the median of `--repeats`
(`--stat min`: the minimum, the steadier estimate on a machine shared with other work).

Threads: every library uses its defaults — scikit-learn's matrix products run on
NumPy's BLAS threads, PyTorch on its intra-op threads, physml splits the products of
wide layers (and the optimiser update of long parameter vectors) over rayon's threads
(`RAYON_NUM_THREADS`); all three are printed. On a machine shared with other work,
threads wait for each other and every multi-threaded column gets slower and noisier.

The last two columns are the arithmetic rate of physml and scikit-learn: the
floating-point operations of the three matrix products of backpropagation per epoch
(forward a W, ∂W = aᵀδ, δ Wᵀ except for the first layer; 2 per multiply-add, the same
for every library) divided by the time per epoch. They show how close a case is to
being bound by the matrix products (and so by the machine's peak rate), where no
implementation can be many times faster than another one that also calls a tuned GEMM.

Run: env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_nn.py
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

import physml.nn as pnn
from threadpoolctl import threadpool_info


def physml_threads():
    """Threads physml's rayon pool uses (RAYON_NUM_THREADS, else one per CPU)."""
    env = os.environ.get("RAYON_NUM_THREADS", "")
    return int(env) if env.isdigit() and int(env) > 0 else os.cpu_count()

try:
    import torch
except ImportError:
    torch = None


def franke(x, y):
    return (
        0.75 * np.exp(-((9 * x - 2) ** 2) / 4 - (9 * y - 2) ** 2 / 4)
        + 0.75 * np.exp(-((9 * x + 1) ** 2) / 49 - (9 * y + 1) / 10)
        + 0.5 * np.exp(-((9 * x - 7) ** 2) / 4 - (9 * y - 3) ** 2 / 4)
        - 0.2 * np.exp(-((9 * x - 4) ** 2) - (9 * y - 7) ** 2)
    )


STAT = np.median


def median_time(fn, repeats):
    """The median (or, with `--stat min`, the minimum) of `repeats` timings of fn()."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(STAT(times))


def mlp_kwargs(hidden, epochs):
    return dict(hidden_layer_sizes=hidden, solver="adam", learning_rate_init=1e-3, batch_size=32,
                max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, alpha=1e-4, random_state=0)


def time_physml(cls, hidden, X, y, epochs, repeats):
    return median_time(lambda: cls(**mlp_kwargs(hidden, epochs)).fit(X, y), repeats) / epochs


def time_sklearn(cls, hidden, X, y, epochs, repeats):
    return median_time(lambda: cls(**mlp_kwargs(hidden, epochs)).fit(X, y), repeats) / epochs


def time_torch(hidden, X, y, epochs, repeats, classify, dtype):
    """A plain PyTorch loop: per-epoch permutation, Adam, MSE or cross-entropy."""
    Xt = torch.tensor(X, dtype=dtype)
    if classify:
        yt = torch.tensor(y, dtype=torch.long)
        loss_fn = torch.nn.CrossEntropyLoss()
        n_out = int(y.max()) + 1
    else:
        yt = torch.tensor(y.reshape(-1, 1), dtype=dtype)
        loss_fn = torch.nn.MSELoss()
        n_out = 1
    sizes = [X.shape[1], *hidden, n_out]

    def run():
        torch.manual_seed(0)
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        model = torch.nn.Sequential(*layers[:-1]).to(dtype)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=0.0)
        n = Xt.shape[0]
        for _ in range(epochs):
            perm = torch.randperm(n)
            for i in range(0, n, 32):
                idx = perm[i : i + 32]
                opt.zero_grad()
                loss = loss_fn(model(Xt[idx]), yt[idx])
                loss.backward()
                opt.step()

    return median_time(run, repeats) / epochs


def gemm_flops(sizes, n_samples):
    """Floating-point operations of one epoch's matrix products: forward and weight
    gradient for every layer, the backpropagated error for all but the first."""
    layers = list(zip(sizes[:-1], sizes[1:]))
    mult_adds = sum(a * b for a, b in layers) * 2 + sum(a * b for a, b in layers[1:])
    return 2.0 * mult_adds * n_samples


def row(name, t_phys, t_sk, t_t64, t_t32, flops):
    cells = [f"{name:<26}", f"{t_phys * 1e3:9.3f}", f"{t_sk * 1e3:9.3f}" if t_sk else f"{'-':>9}"]
    cells += [f"{t * 1e3:9.3f}" if t else f"{'-':>9}" for t in (t_t64, t_t32)]
    cells += [f"{t_sk / t_phys:8.1f}x" if t_sk else f"{'-':>9}"]
    cells += [f"{t / t_phys:8.1f}x" if t else f"{'-':>9}" for t in (t_t64, t_t32)]
    cells += [f"{flops / t_phys / 1e9:8.1f}", f"{flops / t_sk / 1e9:8.1f}" if t_sk else f"{'-':>8}"]
    print(" ".join(cells), flush=True)


def small_cases(X, y, E, R, torch_pair):
    """Franke 2-50-50-1 and digits 64-64-10."""
    h = (50, 50)
    row("Franke 2-50-50-1", time_physml(pnn.MLPRegressor, h, X, y, E, R), time_sklearn(SkMLPRegressor, h, X, y, E, R),
        *torch_pair(h, X, y, False), gemm_flops([2, *h, 1], len(X)))
    Xd, yd = load_digits(return_X_y=True)
    Xd = Xd / 16
    h = (64,)
    row("digits 64-64-10", time_physml(pnn.MLPClassifier, h, Xd, yd, E, R), time_sklearn(SkMLPClassifier, h, Xd, yd, E, R),
        *torch_pair(h, Xd, yd, True), gemm_flops([64, *h, 10], len(Xd)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--no-sklearn-sweep", action="store_true", help="skip scikit-learn in the width sweep")
    ap.add_argument("--torch-threads", type=int, default=None, help="torch.set_num_threads (default: PyTorch's choice)")
    ap.add_argument("--only-sweep", action="store_true", help="run the width sweep only")
    ap.add_argument("--stat", choices=("median", "min"), default="median",
                    help="statistic of the repeats; 'min' is steadier on a machine shared with other work")
    args = ap.parse_args()
    global STAT
    STAT = np.min if args.stat == "min" else np.median
    if torch is not None and args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    warnings.simplefilter("ignore")
    if torch is None:
        print("PyTorch is not installed (pip install torch): its columns are skipped.")
    else:
        print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    blas = ", ".join(dict.fromkeys(f"{i['internal_api']} {i['num_threads']}" for i in threadpool_info())) or "unknown"
    print(f"physml: {physml_threads()} rayon threads; scikit-learn/NumPy BLAS threads: {blas}")
    print(f"{args.stat} of {args.repeats} runs of {args.epochs} epochs; times in ms per epoch; ratios = their time / physml's;"
          " GFLOP/s of the matrix products")
    print(" ".join([f"{'case':<26}", f"{'physml':>9}", f"{'sklearn':>9}", f"{'torch64':>9}", f"{'torch32':>9}",
                    f"{'vs skl':>9}", f"{'vs t64':>9}", f"{'vs t32':>9}", f"{'GF/s phy':>8}", f"{'GF/s skl':>8}"]))
    E, R = args.epochs, args.repeats

    def torch_pair(hidden, X, y, classify):
        if torch is None:
            return None, None
        return (time_torch(hidden, X, y, E, R, classify, torch.float64),
                time_torch(hidden, X, y, E, R, classify, torch.float32))

    rng = np.random.default_rng(0)
    X = rng.uniform(size=(1000, 2))
    y = franke(X[:, 0], X[:, 1]) + 0.05 * rng.normal(size=1000)
    if not args.only_sweep:
        small_cases(X, y, E, R, torch_pair)

    Xw = rng.normal(size=(2048, 32))
    yw = np.sin(Xw[:, 0]) + 0.1 * Xw[:, 1]
    for w in (16, 32, 64, 128, 256, 512):
        h = (w, w)
        t_sk = None if args.no_sklearn_sweep else time_sklearn(SkMLPRegressor, h, Xw, yw, E, R)
        row(f"sweep 32-{w}-{w}-1", time_physml(pnn.MLPRegressor, h, Xw, yw, E, R), t_sk, *torch_pair(h, Xw, yw, False),
            gemm_flops([32, *h, 1], len(Xw)))


if __name__ == "__main__":
    main()
