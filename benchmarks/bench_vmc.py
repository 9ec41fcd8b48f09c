"""physml's VMC side by side with two NumPy implementations of the same RBM VMC and,
where it installs, NetKet's continuous-space VMC. Prints the figures and the ratios.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_vmc.py

Problem: two electrons in a 2-D harmonic trap, ω = 1, Coulomb repulsion (exact
ground-state energy 3, Taut), Gaussian–binary RBM Ψ = F with 4 hidden units,
σ² = 1/ω, single-particle Metropolis moves of step length 1. One Metropolis step is
one proposed move of one particle; one sweep (N steps) per local-energy sample.

Figures:
  1. validation: non-interacting W = a = b = 0 gives exactly E = 2 (zero variance) in
     every implementation; with Coulomb and a fixed random RBM all agree within errors;
  2. Metropolis steps per second and the ratios physml / peer
     (targets: >= 300x the one-walker code, >= 4x the vectorised one);
  3. time to reach an iteration energy E <= 3.01 with RBM x Pade-Jastrow, Adam
     (learning rate 0.02, 4096 samples per iteration), from the same small random RBM
     (target: >= 10x NetKet);
  4. physml's speed-up from one to two threads (RAYON_NUM_THREADS in a subprocess;
     target >= 1.8x);
  5. physml's time per sweep for N = 10, 50, 100 hard-sphere bosons in an elliptical
     trap (growth no faster than N^2).
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
from numpy_vmc import OneWalkerVMC, RBMParams, VectorisedVMC  # noqa: E402

OMEGA = 1.0
N_HIDDEN = 4
STEP = 1.0
TARGET = 3.01
LEARNING_RATE = 0.02
SAMPLES_PER_ITER = 4096

try:
    from physml import vmc as physml_vmc
except ImportError as exc:  # the binding is not built
    physml_vmc = None
    PHYSML_MISSING = f"physml.vmc not importable ({exc})"


def _median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def _mean_error(series):
    """Mean and a blocking-free error: standard error of means of 20 batches."""
    batches = np.array_split(np.asarray(series), 20)
    means = np.array([b.mean() for b in batches])
    return series.mean(), means.std(ddof=1) / np.sqrt(len(means))


# --------------------------------------------------------------------------------
# physml (through the public Python API)
# --------------------------------------------------------------------------------
def physml_driver(wavefunction, n_chains=16, n_samples=SAMPLES_PER_ITER, seed=1, burn_in=100, system=None):
    v = physml_vmc
    system = system or v.QuantumDot(2, 2, OMEGA, interaction="coulomb")
    return v.VMC(system, wavefunction, v.Metropolis(step_length=STEP, burn_in=burn_in),
                 v.Adam(learning_rate=LEARNING_RATE), n_samples=n_samples, n_chains=n_chains, seed=seed)


def physml_rbm(scale=0.1, seed=3, sigma=1.0):
    """physml's RBM with the same parameters as the NumPy codes' RBMParams."""
    p = RBMParams(2, 2, N_HIDDEN, sigma=sigma, scale=scale, seed=seed)
    rbm = physml_vmc.RBM(n_hidden=N_HIDDEN, sigma=sigma, scale=0.0).initialize(2, 2)
    rbm.set_weights(a=p.a, b=p.b, W=p.W)
    return rbm, p


def physml_steps_per_second(n_sweeps, n_chains, repeats):
    """(steps per wall second, CPU seconds per wall second) of physml's sampling: the
    chains are equilibrated first, then sampled without burn-in (one sample per sweep
    of 2 single-particle moves); the local energy of every sample and its blocking
    error are included, the density histograms are not (as in the NumPy codes)."""
    run = _physml_sampling_run(n_sweeps, n_chains)
    wall, cpu = time.perf_counter(), time.process_time()
    seconds = _median_time(run, repeats)
    cpu_use = (time.process_time() - cpu) / (time.perf_counter() - wall)
    return n_sweeps * n_chains * 2 / seconds, cpu_use


def physml_thread_rate(threads, n_sweeps, n_chains, repeats):
    """physml_steps_per_second in a subprocess with RAYON_NUM_THREADS = threads."""
    code = (
        "import sys, json; sys.path.insert(0, %r); import bench_vmc as b; "
        "print(json.dumps(b.physml_steps_per_second(%d, %d, %d)))"
        % (os.path.dirname(os.path.abspath(__file__)), n_sweeps, n_chains, repeats)
    )
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def physml_time_to_accuracy(max_iter, seed=0):
    v = physml_vmc
    wf = v.RBM(n_hidden=N_HIDDEN, sigma=1.0, scale=0.01, random_state=seed) * v.PadeJastrow(beta=1.0)
    driver = physml_driver(wf, seed=seed + 1)
    found = {}
    t0 = time.perf_counter()

    def callback(iteration, energy):
        if energy <= TARGET:
            found.update(time=time.perf_counter() - t0, iters=iteration + 1, energy=energy)
            return False
        return True

    driver.optimize(max_iter, callback=callback)
    if "time" not in found:
        return None
    return found["time"], found["iters"], found["energy"]


def physml_boson_sweep_times(sizes, n_chains, repeats):
    v = physml_vmc
    out = {}
    for n in sizes:
        system = v.BoseGas(n, 3, omega=1.0, omega_z=2.82843, radius=0.0043)
        wf = v.Gaussian(alpha=0.5, beta=2.82843) * v.HardSphereJastrow(radius=0.0043)
        driver = v.VMC(system, wf, v.Metropolis(step_length=0.5, burn_in=0), v.SGD(learning_rate=0.01),
                       n_samples=n_chains * 4, n_chains=n_chains, seed=1)
        sweeps = max(20, 40000 // n) * n_chains
        driver.sample(n_chains * 20)
        out[n] = _median_time(lambda: driver.sample(sweeps, observables=False), repeats) / sweeps
    return out


# --------------------------------------------------------------------------------
def validate(have_physml):
    print("1. validation (exact non-interacting E = 2: W = a = b = 0, sigma^2 = 1/omega)")
    p0 = RBMParams(2, 2, N_HIDDEN, sigma=1.0, scale=0.0)
    e1, _ = OneWalkerVMC(p0, OMEGA, coulomb=False).run(2000)
    e2, _ = VectorisedVMC(p0, OMEGA, coulomb=False, n_walkers=1024).run(20)
    print(f"   one-walker NumPy : E = {e1.mean():.12f}, std = {e1.std():.1e}")
    print(f"   vectorised NumPy : E = {e2.mean():.12f}, std = {e2.std():.1e}")
    if have_physml:
        v = physml_vmc
        rbm, _ = physml_rbm(scale=0.0)
        r = physml_driver(rbm, system=v.QuantumDot(2, 2, OMEGA, interaction=None), n_samples=20000).sample()
        print(f"   physml           : E = {r.energy:.12f}, std = {np.sqrt(r.variance):.1e}")
    print("   with Coulomb and a fixed random RBM (scale 0.1), same parameters everywhere:")
    p = RBMParams(2, 2, N_HIDDEN, sigma=1.0, scale=0.1, seed=3)
    e1, _ = OneWalkerVMC(p, OMEGA, step_length=STEP).run(40000)
    m1, s1 = _mean_error(e1[2000:])
    vec = VectorisedVMC(p, OMEGA, n_walkers=2048, step_length=STEP)
    vec.run(50)
    e2, _ = vec.run(200)
    m2, s2 = _mean_error(e2.mean(axis=1))
    print(f"   one-walker NumPy : E = {m1:.4f} +- {s1:.4f}")
    print(f"   vectorised NumPy : E = {m2:.4f} +- {s2:.4f}")
    if have_physml:
        rbm, _ = physml_rbm()
        r = physml_driver(rbm, n_samples=400000).sample()
        print(f"   physml           : E = {r.energy:.4f} +- {r.error:.4f}")


def _physml_sampling_run(n_sweeps, n_chains):
    rbm, _ = physml_rbm()
    physml_driver(rbm, n_chains=n_chains, burn_in=100).sample(n_chains)
    driver = physml_driver(rbm, n_chains=n_chains, burn_in=0)
    driver.sample(n_chains * 100)

    def run():
        driver.sample(n_sweeps * n_chains, observables=False)
        return n_sweeps * n_chains * 2

    return run


def steps(args, have_physml, netket):
    print("\n2. Metropolis steps per second (2 electrons, 2-D, RBM with 4 hidden units); the codes take turns,"
          f"\n   {args.repeats} rounds, medians; per CPU second = per core, whatever the load")
    p = RBMParams(2, 2, N_HIDDEN, sigma=1.0, scale=0.1, seed=3)
    one = OneWalkerVMC(p, OMEGA, step_length=STEP)
    one.run(200)
    n_one = 2000 if args.quick else 10000
    vec = VectorisedVMC(p, OMEGA, n_walkers=4096, step_length=STEP)
    vec.run(5)
    n_vec = 20 if args.quick else 100
    runs = {
        "one-walker NumPy": lambda: (one.run(n_one), 2 * n_one)[1],
        "vectorised NumPy (4096 walkers)": lambda: (vec.run(n_vec), 2 * 4096 * n_vec)[1],
    }
    if netket is not None:
        runs["NetKet (256 chains, all-particle moves)"] = netket.sampling_run(n_chains=256)
    if have_physml:
        # 100000 sweeps of 16 chains (3.2 M steps, ~0.15 s): about as long as a timed
        # run of the vectorised code, so that waking the second core (milliseconds on
        # a virtual machine) weighs the same on both.
        runs["physml (16 chains)"] = _physml_sampling_run(10000 if args.quick else 100000, 16)
    wall = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            # A pause, so that OpenBLAS threads still spinning after a NumPy run do
            # not take a core from the next code timed.
            time.sleep(0.3)
            w, c = time.perf_counter(), time.process_time()
            n = run()
            wall[name].append(n / (time.perf_counter() - w))
            cpu[name].append(n / (time.process_time() - c))
    print(f"   {'':40s} {'steps/s (wall)':>16s} {'steps/CPU s':>16s}")
    for name in runs:
        print(f"   {name:40s} {np.median(wall[name]):16,.0f} {np.median(cpu[name]):16,.0f}")
    if have_physml:
        ours = "physml (16 chains)"
        for peer, target in (("one-walker NumPy", " (target >= 300x)"), ("vectorised NumPy (4096 walkers)", " (target >= 4x)"),
                             ("NetKet (256 chains, all-particle moves)", "")):
            if peer in runs:
                ratio_wall = np.median(np.array(wall[ours]) / np.array(wall[peer]))
                ratio_cpu = np.median(np.array(cpu[ours]) / np.array(cpu[peer]))
                print(f"   physml / {peer:32s}: {ratio_wall:7.1f}x wall, {ratio_cpu:7.1f}x per CPU second{target}")


def _numpy_time_to_accuracy(max_iter, seed):
    p = RBMParams(2, 2, N_HIDDEN, sigma=1.0, scale=0.01, seed=seed)
    vec = VectorisedVMC(p, OMEGA, n_walkers=SAMPLES_PER_ITER, step_length=STEP, jastrow_c=1.0, seed=seed + 1)
    t0 = time.perf_counter()
    history = vec.optimize(max_iter, 1, learning_rate=LEARNING_RATE, target=TARGET)
    if history[-1] > TARGET:
        return None
    return time.perf_counter() - t0, len(history), history[-1]


def accuracy(args, have_physml, netket):
    seeds = range(args.seeds)
    print(f"\n3. time to reach E <= {TARGET} (RBM x Pade-Jastrow, Adam lr {LEARNING_RATE}, "
          f"{SAMPLES_PER_ITER} samples/iteration; median over seeds {list(seeds)})")
    max_iter = 400 if args.quick else 2000
    runners = {"vectorised NumPy": lambda s: _numpy_time_to_accuracy(max_iter, s)}
    if netket is not None:
        runners["NetKet"] = lambda s: netket.time_to_accuracy(target=TARGET, max_iter=max_iter, seed=s)
    if have_physml:
        runners["physml"] = lambda s: physml_time_to_accuracy(max_iter, seed=s)
    medians = {}
    for name, run in runners.items():
        found = [run(s) for s in seeds]
        if any(f is None for f in found):
            print(f"   {name:17s}: not reached in {max_iter} iterations for some seed")
            continue
        medians[name] = float(np.median([f[0] for f in found]))
        iters = [f[-2] for f in found]
        extra = ""
        if name == "NetKet":
            extra = f" ({np.median([f[1] for f in found]):.2f} s after the first, JIT-compiling, iteration)"
        print(f"   {name:17s}: {medians[name]:7.3f} s{extra}, iterations {iters}")
    if "physml" in medians:
        for peer in ("vectorised NumPy", "NetKet"):
            if peer in medians:
                target = "  (target >= 10x)" if peer == "NetKet" else ""
                print(f"   {peer} / physml time : {medians[peer] / medians['physml']:8.1f}x{target}")


def threads(args):
    print("\n4. physml thread scaling (RAYON_NUM_THREADS, 64 chains; CPU use = CPU s per wall s)")
    # 40000 sweeps of 64 chains (~0.25 s with two threads): long against the
    # milliseconds this virtual machine may take to wake the second core.
    n_sweeps = 4000 if args.quick else 40000
    one, cpu_one = physml_thread_rate(1, n_sweeps, 64, args.repeats)
    two, cpu_two = physml_thread_rate(2, n_sweeps, 64, args.repeats)
    print(f"   1 thread : {one:14,.0f} steps/s   CPU use {cpu_one:.2f}")
    print(f"   2 threads: {two:14,.0f} steps/s   CPU use {cpu_two:.2f}   speed-up {two / one:.2f}x (target >= 1.8x)")
    if cpu_two < 1.6:
        print("   (the machine is busy: the process got less than 1.6 cores with two threads, so this speed-up\n"
              "    measures the load, not physml; run it on idle cores)")


def bosons(args):
    print("\n5. physml time per sweep, hard-sphere bosons (3-D elliptical trap, a = 0.0043)")
    sizes = [10, 50, 100]
    times = physml_boson_sweep_times(sizes, 16, args.repeats)
    for n in sizes:
        print(f"   N = {n:3d}: {times[n] * 1e6:10.1f} us per sweep")
    slope = np.polyfit(np.log(sizes), np.log([times[n] for n in sizes]), 1)[0]
    print(f"   growth exponent (log-log fit): {slope:.2f}  (target <= 2)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--seeds", type=int, default=3, help="seeds of the time-to-accuracy runs")
    parser.add_argument("--no-netket", action="store_true")
    args = parser.parse_args()
    have_physml = physml_vmc is not None
    print(f"NumPy {np.__version__}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    if not have_physml:
        print(f"physml skipped: {PHYSML_MISSING}")
    netket = None
    if args.no_netket:
        print("NetKet skipped: --no-netket")
    else:
        try:
            import netket_vmc as netket
            import netket as nk

            print(f"NetKet {nk.__version__} (JAX on CPU)")
        except ImportError as exc:
            print(f"NetKet skipped: it is not installed here ({exc}); `pip install netket` to include it")
    validate(have_physml)
    steps(args, have_physml, netket)
    accuracy(args, have_physml, netket)
    if have_physml:
        threads(args)
        bosons(args)


if __name__ == "__main__":
    main()
