"""physml's neural-network Jastrow factor side by side with a vectorised NumPy
implementation of the same VMC (``numpy_neural_jastrow.py``) and, where it installs,
NetKet's ``DeepSetRelDistance`` (``netket_neural_jastrow.py``). Prints the figures and
the ratios.

    python benchmarks/bench_neural_jastrow.py [--repeats 3] [--quick]

Problem: N electrons in a 2-D harmonic trap, ω = 1, Coulomb repulsion, trial function
Gaussian(α = ½) × NeuralJastrow(form="pair", hidden_layer_sizes=(16, 16), tanh), the
network's weights fixed at the same random values in both codes (J is not constant),
single-particle Metropolis moves of step length 1. One sample = one sweep (N moves)
followed by one local energy. For N > 2 the electrons are sampled as distinguishable
particles (``statistics="boltzmann"``, no determinant): the benchmark times the
Jastrow factor, not the Slater determinant.

Figures:
  1. validation: at the same configurations physml's local energy equals NumPy's to
     round-off, and both samplers give the same energy within errors;
  2. seconds per sample (sweep + local energy) for N = 2, 6, 12, 20, physml (all
     threads, and one thread) and NumPy (4096 walkers), wall and CPU (all threads,
     ``time.process_time``), and the ratios; CPU seconds / (sample · N²) should stay
     about constant: O(N) per move;
  3. against NetKet 3.23's DeepSetRelDistance (netket_neural_jastrow.py; a periodic
     box of side 20 a0, much larger than the electron cloud, used only for its
     distance features), on two electrons with Gaussian x DeepSets (phi 16, 16; rho 16;
     tanh) x Pade-Jastrow, Adam (learning rate 0.01), 4096 samples per iteration from
     16 chains: time per optimisation iteration, time to an iteration energy
     <= 3.001 (with and without NetKet's compilation), final energy and variance.
     NetKet runs in its own interpreter (``--netket-python``, default: this one if it
     imports netket).
Each timing is the median of ``--repeats`` runs; the machine may be shared, so
report the conditions with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_neural_jastrow import PairNetwork, VectorisedNeuralJastrowVMC  # noqa: E402

from physml import vmc  # noqa: E402

HIDDEN = (16, 16)
ALPHA = 0.5


def jastrow(seed=0):
    """A pair NeuralJastrow with random output weights (J not constant), and its
    NumPy twin."""
    nj = vmc.NeuralJastrow(hidden_layer_sizes=HIDDEN, random_state=seed)
    nj.initialize(2, 2)
    rng = np.random.default_rng(seed + 100)
    coefs, intercepts = nj.coefs_, nj.intercepts_
    coefs[-1] = 0.1 * rng.standard_normal(coefs[-1].shape)
    intercepts = [0.1 * rng.standard_normal(b.shape) for b in intercepts]
    nj.set_weights(coefs=coefs, intercepts=intercepts)
    return nj, PairNetwork(coefs, intercepts)


def system(n):
    return vmc.QuantumDot(n_particles=n, dim=2, omega=1.0, statistics="fermi" if n <= 2 else "boltzmann")


def check_local_energy(n, nj, net):
    """max |E_L(physml) − E_L(NumPy)| over 20 random configurations."""
    psi = vmc.Gaussian(alpha=ALPHA) * nj
    psi.initialize(n, 2)
    ref = VectorisedNeuralJastrowVMC(net, n, 2, ALPHA, 1.0, n_walkers=1)
    rng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(20):
        x = rng.standard_normal((n, 2))
        g = psi.gradient(x)
        kinetic = -0.5 * (psi.laplacian(x) + np.sum(g * g))
        i, j = np.triu_indices(n, 1)
        potential = 0.5 * np.sum(x * x) + np.sum(1.0 / np.linalg.norm(x[i] - x[j], axis=1))
        worst = max(worst, abs(kinetic + potential - ref.local_energy(x[None])[0]))
    return worst


def physml_driver(n, nj, n_samples, burn_in, seed=1):
    psi = vmc.Gaussian(alpha=ALPHA) * nj
    return vmc.VMC(system(n), psi, vmc.Metropolis(step_length=1.0, burn_in=burn_in), vmc.Adam(),
                   n_samples=n_samples, n_chains=16, seed=seed)


def time_physml(n, nj, n_samples, repeats):
    """Median wall and CPU (all threads) seconds per sample of physml (burn-in 0:
    the walkers start from the previous call's positions after the first)."""
    driver = physml_driver(n, nj, n_samples, burn_in=0)
    driver.sample(n_samples // 4, observables=False)  # place the walkers
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        driver.sample(n_samples, observables=False)
        times.append((time.perf_counter() - t) / n_samples)
        cpu.append((time.process_time() - c) / n_samples)
    return float(np.median(times)), float(np.median(cpu))


def time_numpy(n, net, n_walkers, n_sweeps, repeats):
    """Median wall and CPU seconds per sample of the NumPy VMC."""
    sampler = VectorisedNeuralJastrowVMC(net, n, 2, ALPHA, 1.0, n_walkers=n_walkers, seed=3)
    sampler.sample(2)
    times, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        sampler.sample(n_sweeps)
        times.append((time.perf_counter() - t) / (n_sweeps * n_walkers))
        cpu.append((time.process_time() - c) / (n_sweeps * n_walkers))
    return float(np.median(times)), float(np.median(cpu))


_ONE_THREAD = """
import json, sys
sys.path.insert(0, {here!r})
from bench_neural_jastrow import jastrow, time_physml
nj, _ = jastrow()
print(json.dumps(time_physml({n}, nj, {n_samples}, {repeats})))
"""


def time_physml_one_thread(n, n_samples, repeats):
    code = _ONE_THREAD.format(here=os.path.dirname(os.path.abspath(__file__)), n=n, n_samples=n_samples,
                              repeats=repeats)
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def validate(nj, net, n_samples):
    """Energies of both samplers for N = 2 and 6 at the same weights."""
    rows = []
    for n in (2, 6):
        result = physml_driver(n, nj, n_samples, burn_in=200).sample(n_samples, observables=False)
        ref = VectorisedNeuralJastrowVMC(net, n, 2, ALPHA, 1.0, n_walkers=2000, seed=5)
        e = ref.sample(n_samples // 2000, burn_in=200)
        # walkers are independent chains: the error of the mean of per-walker means
        per_walker = e.reshape(-1, 2000).mean(axis=0)
        rows.append((n, result.energy, result.error, e.mean(), per_walker.std(ddof=1) / np.sqrt(2000)))
    return rows


def physml_deepsets(target=3.001, n_iter=300, n_timed=20, n_final=100_000, seed=0):
    """physml's side of figure 3 (the same fields as netket_neural_jastrow.run)."""
    psi = (vmc.Gaussian(alpha=0.5)
           * vmc.NeuralJastrow(hidden_layer_sizes=(16, 16), form="deepsets", rho_hidden_layer_sizes=(16,),
                               random_state=seed)
           * vmc.PadeJastrow(beta=0.3))
    driver = vmc.VMC(system(2), psi, vmc.Metropolis(step_length=1.5, burn_in=16), vmc.Adam(0.01),
                     n_samples=4096, n_chains=16, seed=seed + 1)
    log = {}
    t0 = time.perf_counter()

    def callback(iteration, energy):
        now = time.perf_counter()
        if iteration == 0:
            log["t_first"] = now
        if "time" not in log and energy <= target:
            log.update(time=now - t0, steady=now - log["t_first"], iters=iteration + 1)

    driver.optimize(n_iter, callback=callback)
    total = time.perf_counter() - t0
    t, cpu = time.perf_counter(), time.process_time()
    driver.optimize(n_timed)
    per_iter = (time.perf_counter() - t) / n_timed
    cpu_per_iter = (time.process_time() - cpu) / n_timed  # all threads
    result = driver.sample(n_final, observables=False)
    return dict(per_iteration=per_iter, cpu_per_iteration=cpu_per_iter, time_to_target=log.get("time"), steady_to_target=log.get("steady"),
                iterations_to_target=log.get("iters"), total=total, n_iter=n_iter, energy=result.energy,
                error=result.error, variance=result.variance, n_parameters=driver.parameters.size)


def netket_deepsets(python, quick):
    """NetKet's side of figure 3, run by ``python`` (None: this interpreter if it
    imports netket); None if NetKet is not available."""
    here = os.path.dirname(os.path.abspath(__file__))
    if python is None:
        try:
            import netket  # noqa: F401
        except ImportError as exc:
            print(f"   NetKet not available ({exc}): pip install netket, or pass --netket-python")
            return None
        python = sys.executable
    cmd = [python, os.path.join(here, "netket_neural_jastrow.py")] + (["--quick"] if quick else [])
    try:
        out = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as exc:
        print(f"   NetKet run failed: {exc}")
        return None
    if out.returncode != 0:
        print(f"   NetKet run failed:\n{out.stderr[-2000:]}")
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="small sizes: checks that the script runs")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2, 6, 12, 20])
    parser.add_argument("--netket-python", default=None,
                        help="a Python interpreter with NetKet installed (default: this one)")
    args = parser.parse_args()
    nj, net = jastrow()
    print(f"physml NeuralJastrow(hidden_layer_sizes={HIDDEN}, tanh, pair) x Gaussian(alpha={ALPHA}); "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print("\n1. validation")
    for n in args.sizes:
        print(f"   N = {n:2d}: max |E_L(physml) - E_L(NumPy)| over 20 configurations = "
              f"{check_local_energy(n, nj, net):.1e}")
    for n, e, err, e_np, err_np in validate(nj, net, 20_000 if args.quick else 200_000):
        print(f"   N = {n}: E physml = {e:.5f} +- {err:.5f}, NumPy = {e_np:.5f} +- {err_np:.5f}, "
              f"difference {abs(e - e_np) / np.hypot(err, err_np):.1f} sigma")
    print("\n2. seconds per sample (one sweep of N moves + one local energy), wall (CPU of all threads)")
    print("   | N | physml | physml 1 thread | NumPy (4096 walkers) | NumPy / physml wall (CPU) "
          "| NumPy / physml 1 thread wall (CPU) | physml CPU s/(sample N^2) |")
    print("   |---|---|---|---|---|---|---|")
    for n in args.sizes:
        n_samples = (20_000 if args.quick else 200_000) // max(1, n // 2)
        n_sweeps = 2 if args.quick else max(2, 24 // n)
        (t_ml, c_ml) = time_physml(n, nj, n_samples, args.repeats)
        (t_one, c_one) = time_physml_one_thread(n, n_samples, args.repeats)
        (t_np, c_np) = time_numpy(n, net, 4096, n_sweeps, args.repeats)
        print(f"   | {n} | {t_ml:.2e} ({c_ml:.2e}) | {t_one:.2e} ({c_one:.2e}) | {t_np:.2e} ({c_np:.2e}) | "
              f"{t_np / t_ml:.1f}x ({c_np / c_ml:.1f}x) | {t_np / t_one:.1f}x ({c_np / c_one:.1f}x) | "
              f"{c_ml / n**2:.2e} |", flush=True)
    print("\n3. DeepSets on two electrons, physml against NetKet")
    n_iter = 20 if args.quick else 300
    ml = physml_deepsets(n_iter=n_iter, n_final=10_000 if args.quick else 100_000)
    nk = netket_deepsets(args.netket_python, args.quick)
    rows = [("physml", ml)] + ([("NetKet " + nk["netket"], nk)] if nk else [])
    print("   | code | parameters | s / iteration (wall) | CPU s / iteration | iterations to E <= 3.001 | s to E <= 3.001 (after the first "
          f"iteration) | E after {n_iter} iterations | Var(E_L) |")
    print("   |---|---|---|---|---|---|---|---|")
    for name, r in rows:
        to = "not reached" if r["time_to_target"] is None else f"{r['time_to_target']:.2f} ({r['steady_to_target']:.2f})"
        print(f"   | {name} | {r['n_parameters']} | {r['per_iteration']:.4f} | {r.get('cpu_per_iteration', float('nan')):.4f} | {r['iterations_to_target']} | {to} | "
              f"{r['energy']:.5f} +- {r['error']:.5f} | {r['variance']:.2e} |")
    if nk:
        print(f"   NetKet / physml time per iteration: {nk['per_iteration'] / ml['per_iteration']:.2f}x wall, "
              f"{nk['cpu_per_iteration'] / ml['cpu_per_iteration']:.2f}x CPU (below 1: NetKet faster)")
        if "sampling" in nk:
            print(f"   NetKet's iteration split: sampling {nk['sampling']:.4f} s, local energies and gradient "
                  f"{nk['energy_and_gradient']:.4f} s")
        if nk["time_to_target"] is not None and ml["time_to_target"] is not None:
            print(f"   NetKet / physml time to E <= 3.001: {nk['time_to_target'] / ml['time_to_target']:.1f}x "
                  f"(without compilation {nk['steady_to_target'] / ml['steady_to_target']:.1f}x)")


if __name__ == "__main__":
    main()
