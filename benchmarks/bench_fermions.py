"""physml's Slater-determinant VMC side by side with a walker-vectorised NumPy peer
(numpy_fermions.py). Prints the figures and the ratios.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_fermions.py [--quick]

Problem: N electrons (N/2 up, N/2 down) in a 2-D harmonic trap, ω = 1, Coulomb
repulsion; Ψ = D_↑ D_↓ exp(Σ_{i<j} a_ij r_ij/(1 + β r_ij)) with Hermite-function
orbitals of frequency α = 0.93 (N = 6; 0.9 otherwise), β = 0.5, a = 1 (antiparallel)
and 1/3 (parallel); single-particle Metropolis moves of step length 1. One sample is
one sweep (N proposed moves) of one walker or chain, followed by its local energy.

Figures:
  1. validation: both codes give the non-interacting closed shell exactly (N = 6,
     E = 10, zero variance) and agree on the interacting N = 6 energy (about 20.2,
     above the DMC 20.15932);
  2. (a) samples per second, physml against the peer at N = 6 and N = 20, the same
     number of samples (sweeps x walkers = samples over chains), wall clock (both
     cores) and per CPU second of the process (time.process_time), physml also on one
     thread (RAYON_NUM_THREADS=1, in a subprocess) → ratios physml / peer;
  3. (b) the cost of one sweep for N = 2, 6, 12, 20, 30 and the exponent of a log-log
     least-squares fit of time against N (target <= 3), physml and the peer;
  4. (c) Sherman–Morrison against a from-scratch inverse after every accepted move,
     at N = 20 (physml recompute_every = 100 against 1; the peer update="sm" against
     "inverse");
  5. (d) the arithmetic per move and per local energy counted from the formulas (see
     flops_per_move, flops_per_local_energy) and the achieved rate, against the
     GFLOP/s of a NumPy float64 matmul on one and on two threads.
The peer runs on one core (NumPy's element-wise operations are single-threaded), so
"per CPU second" is the like-for-like figure. Each timing is the median of
``--repeats`` runs taken in turns; the machine may be shared, so report the conditions
(load average, printed first) with the figures.
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
from numpy_fermions import CLOSED_SHELLS, DMC_N6_OMEGA1, FermionVMC, blocking_error  # noqa: E402

OMEGA = 1.0
BETA = 0.5
STEP = 1.0
RECOMPUTE_EVERY = 100
N_CHAINS = 16  # physml chains (rayon over chains)
# The peer's walker count, from a scan of 512 … 8192 walkers: per CPU second N = 6 is
# flat from 2048 on, N >= 20 is best near 512 - 1024 (the (W, N, N) pair caches and
# the inverses then stay in cache).
PEER_WALKERS = {2: 4096, 6: 4096, 12: 2048, 20: 1024, 30: 512}

try:
    from physml import vmc as physml_vmc
except ImportError as exc:  # the binding is not built
    physml_vmc = None
    PHYSML_MISSING = f"physml.vmc not importable ({exc})"
else:
    PHYSML_MISSING = "physml has no SlaterDeterminant yet"
HAVE_SLATER = physml_vmc is not None and hasattr(physml_vmc, "SlaterDeterminant")


def alpha_for(n):
    return 0.93 if n == 6 else 0.9


# --------------------------------------------------------------------------------
# physml (through the public Python API)
# --------------------------------------------------------------------------------
def physml_driver(n, n_samples, n_chains=N_CHAINS, burn_in=0, recompute_every=RECOMPUTE_EVERY, interacting=True,
                  seed=1):
    v = physml_vmc
    if interacting:
        system = v.QuantumDot(n_particles=n, dim=2, omega=OMEGA)
        psi = v.SlaterDeterminant(omega=alpha_for(n), recompute_every=recompute_every) * v.PadeJastrow(beta=BETA)
    else:
        system = v.QuantumDot(n_particles=n, dim=2, omega=OMEGA, interaction=None)
        psi = v.SlaterDeterminant(omega=OMEGA, recompute_every=recompute_every)
    return v.VMC(system, psi, v.Metropolis(step_length=STEP, burn_in=burn_in), v.SR(), n_samples=n_samples,
                 n_chains=n_chains, seed=seed)


def physml_sampling_run(n, n_samples, n_chains=N_CHAINS, recompute_every=RECOMPUTE_EVERY):
    """A function drawing n_samples samples from equilibrated chains (the walkers keep
    their positions between calls), returning the number drawn."""
    driver = physml_driver(n, n_samples, n_chains, burn_in=0, recompute_every=recompute_every)
    driver.sample(n_chains * 200, observables=False)  # equilibrate

    def run():
        driver.sample(n_samples, observables=False)
        return n_samples

    return run


def _rates(run, repeats):
    """Median (samples per wall second, samples per CPU second) of `repeats` runs."""
    wall, cpu = [], []
    for _ in range(repeats):
        time.sleep(0.3)
        w, c = time.perf_counter(), time.process_time()
        n = run()
        wall.append(n / (time.perf_counter() - w))
        cpu.append(n / (time.process_time() - c))
    return float(np.median(wall)), float(np.median(cpu))


def physml_rates(n, n_samples, repeats):
    return _rates(physml_sampling_run(n, n_samples), repeats)


def physml_rates_threads(threads, n, n_samples, repeats):
    """physml_rates in a subprocess with RAYON_NUM_THREADS = threads."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = (f"import sys, json; sys.path.insert(0, {here!r}); import bench_fermions as b; "
            f"print(json.dumps(b.physml_rates({n}, {n_samples}, {repeats})))")
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------
# the NumPy peer
# --------------------------------------------------------------------------------
def peer(n, n_walkers=None, update="sm", interacting=True, seed=1):
    if interacting:
        return FermionVMC(n, omega=OMEGA, alpha=alpha_for(n), beta=BETA, n_walkers=n_walkers or PEER_WALKERS[n],
                          step_length=STEP, recompute_every=RECOMPUTE_EVERY, update=update, seed=seed)
    return FermionVMC(n, omega=OMEGA, jastrow=False, coulomb=False, n_walkers=n_walkers or PEER_WALKERS[n],
                      step_length=STEP, update=update, seed=seed)


def peer_sampling_run(n, n_samples, update="sm"):
    """(run, vmc, acceptances): run() draws about n_samples samples (whole sweeps of
    all walkers) from equilibrated walkers and returns the number drawn; the
    acceptance of each run is appended to acceptances."""
    vmc = peer(n, update=update)
    vmc.run(50)
    sweeps = max(1, round(n_samples / vmc.n_walkers))
    acceptances = []

    def run():
        acceptances.append(vmc.run(sweeps)[1])
        return sweeps * vmc.n_walkers

    return run, vmc, acceptances


# --------------------------------------------------------------------------------
# arithmetic
# --------------------------------------------------------------------------------
def flops_per_move(n, acceptance):
    """Floating-point operations of one proposed move of one particle (+, −, ×, ÷,
    sqrt and exp one each), counted from the formulas, for N = n electrons:
    proposal 6; orbital values at r' (Hermite recursion 3 per order and coordinate,
    Gaussian 6, φ_j = H H g 2 per orbital); ratio R = Σ_j φ_j D⁻¹_jk 2 per orbital;
    Jastrow ratio 12 per other particle (distance 6, u = a r/(1 + βr) 4, sums 2);
    acceptance test 5; and, for the accepted fraction, Sherman–Morrison
    S = D⁻ᵀ φ (2m²), scaling (m + 1) and the rank-one update (2m²), m = N/2."""
    m = n // 2
    n_max = CLOSED_SHELLS[n] - 1
    orbitals = 2 * (2 + 3 * (n_max - 1) if n_max else 0) + 6 + 2 * m
    return 6 + orbitals + 2 * m + 12 * (n - 1) + 5 + acceptance * (4 * m * m + m + 1)


def flops_per_local_energy(n):
    """Floating-point operations of one local energy (counted as in flops_per_move):
    for each particle the 1-D tables H, A', A'' (2 + 14 per order and coordinate),
    the Gaussian (6), ∇φ_j and ∇²φ_j (8 per orbital), the contractions with the row of
    D⁻¹ (6 per orbital), the kinetic combination (10) and the trap (3); per pair
    i < j the Padé–Jastrow gradient and Laplacian (20) and the Coulomb term (2)."""
    m = n // 2
    n_max = CLOSED_SHELLS[n] - 1
    per_particle = 2 * (2 + 14 * (n_max + 1)) + 6 + 8 * m + 6 * m + 10 + 3
    return n * per_particle + (n * (n - 1) // 2) * 22


def flops_per_sample(n, acceptance):
    return n * flops_per_move(n, acceptance) + flops_per_local_energy(n)


def matmul_gflops(threads, size=1024, repeats=5):
    """GFLOP/s of a float64 NumPy matmul (2·size³ per product) with OpenBLAS on
    `threads` threads, in a subprocess (the thread count is read at start-up):
    (per wall second, per CPU second)."""
    code = ("import numpy as np, time, json\n"
            f"a = np.random.default_rng(0).random(({size}, {size})); b = a.T.copy(); a @ b\n"
            "best = None\n"
            f"for _ in range({repeats}):\n"
            "    w, c = time.perf_counter(), time.process_time(); a @ b\n"
            "    w, c = time.perf_counter() - w, time.process_time() - c\n"
            "    best = (w, c) if best is None or w < best[0] else best\n"
            f"print(json.dumps([2 * {size}**3 / best[0] / 1e9, 2 * {size}**3 / best[1] / 1e9]))\n")
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------
def validate(args):
    print("1. validation")
    vmc = peer(6, n_walkers=512, interacting=False)
    e, _ = vmc.run(10)
    print(f"   non-interacting N = 6 (exact 10): peer   E = {e.mean():.12f}, std = {e.std():.1e}")
    if HAVE_SLATER:
        r = physml_driver(6, 20000, burn_in=100, interacting=False).sample(observables=False)
        print(f"   {'':34s}physml E = {r.energy:.12f}, std = {np.sqrt(r.variance):.1e}")
    sweeps = 100 if args.quick else 400
    vmc = peer(6, n_walkers=2048)
    vmc.run(100)
    e, acc = vmc.run(sweeps)
    series = e.mean(axis=1)
    print(f"   interacting N = 6, alpha = {alpha_for(6)}, beta = {BETA} (DMC {DMC_N6_OMEGA1} is a lower bound):")
    print(f"      peer   E = {series.mean():.4f} +- {blocking_error(series):.4f}  acceptance {acc:.3f}")
    if HAVE_SLATER:
        r = physml_driver(6, 2048 * sweeps, burn_in=100).sample(observables=False)
        print(f"      physml E = {r.energy:.4f} +- {r.error:.4f}  acceptance {r.acceptance:.3f}")


def throughput(args):
    print(f"\n2. (a) samples per second (one sample = one sweep of N moves + E_L); codes in turns, "
          f"{args.repeats} rounds, medians;\n   the same samples for both; per CPU second = per core, whatever the load")
    rates = {}
    for n in (6, 20):
        n_samples = (400_000 if n == 6 else 40_000) // (5 if args.quick else 1)
        peer_run, vmc, acceptances = peer_sampling_run(n, n_samples)
        n_samples = vmc.n_walkers * max(1, round(n_samples / vmc.n_walkers))
        peer_name, physml_name = f"NumPy peer ({vmc.n_walkers} walkers)", f"physml ({N_CHAINS} chains)"
        runs = {peer_name: peer_run}
        if HAVE_SLATER:
            runs[physml_name] = physml_sampling_run(n, n_samples)
        wall = {name: [] for name in runs}
        cpu = {name: [] for name in runs}
        for _ in range(args.repeats):
            for name, run in runs.items():
                time.sleep(0.3)  # OpenBLAS threads still spinning do not take a core from the next code
                w, c = time.perf_counter(), time.process_time()
                k = run()
                wall[name].append(k / (time.perf_counter() - w))
                cpu[name].append(k / (time.process_time() - c))
        print(f"   N = {n}: {n_samples} samples")
        print(f"   {'':34s} {'samples/s (wall)':>17s} {'samples/CPU s':>15s}")
        for name in runs:
            print(f"   {name:34s} {np.median(wall[name]):17,.0f} {np.median(cpu[name]):15,.0f}")
        if HAVE_SLATER:
            one_wall, one_cpu = physml_rates_threads(1, n, n_samples, args.repeats)
            print(f"   {'physml, RAYON_NUM_THREADS=1':34s} {one_wall:17,.0f} {one_cpu:15,.0f}")
            ratio_wall = np.median(np.array(wall[physml_name]) / np.array(wall[peer_name]))
            ratio_cpu = np.median(np.array(cpu[physml_name]) / np.array(cpu[peer_name]))
            print(f"   physml / peer: {ratio_wall:6.1f}x wall (2 threads against 1 core), "
                  f"{ratio_cpu:6.1f}x per CPU second, {one_wall / np.median(wall[peer_name]):6.1f}x wall on one thread")
        else:
            print(f"   physml: {PHYSML_MISSING}")
        rates[n] = {name: (float(np.median(wall[name])), float(np.median(cpu[name]))) for name in runs}
        rates[n]["acceptance"] = float(np.mean(acceptances))
    return rates


def _fit_exponent(sizes, times):
    return float(np.polyfit(np.log(sizes), np.log(times), 1)[0])


def budgeted_run(make_run, budget, probe):
    """make_run(n_samples) -> run; a run of about `budget` CPU seconds, sized from one
    probe run of `probe` samples."""
    c = time.process_time()
    make_run(probe)()
    per_sample = max(time.process_time() - c, 1e-4) / probe
    return make_run(max(probe, int(budget / per_sample)))


def _peer_run(n, update="sm"):
    return lambda n_samples: peer_sampling_run(n, n_samples, update=update)[0]


def _physml_run(n, recompute_every=RECOMPUTE_EVERY):
    return lambda n_samples: physml_sampling_run(n, n_samples, recompute_every=recompute_every)


def _seconds_per_sample(run, repeats):
    """Median (wall, CPU) seconds per sample of `repeats` calls of run."""
    times = []
    for _ in range(repeats):
        time.sleep(0.1)
        w, c = time.perf_counter(), time.process_time()
        k = run()
        times.append(((time.perf_counter() - w) / k, (time.process_time() - c) / k))
    return tuple(np.median(np.array(times), axis=0))


def scaling(args):
    sizes = sorted(CLOSED_SHELLS)
    print(f"\n3. (b) cost of one sweep (N moves) + E_L per walker/chain, N = {sizes}; "
          "fit log t = p log N + c on CPU time")
    budget = 0.3 if args.quick else 1.0  # CPU seconds per run
    codes = {"NumPy peer": (_peer_run, lambda n: PEER_WALKERS[n])}
    if HAVE_SLATER:
        codes["physml"] = (_physml_run, lambda n: N_CHAINS * 20)
    rows = {name: {} for name in codes}
    for n in sizes:
        for name, (factory, probe) in codes.items():
            rows[name][n] = _seconds_per_sample(budgeted_run(factory(n), budget, probe(n)), args.repeats)
    print(f"   {'N':>4s}" + "".join(f" {name + ' wall us':>18s} {name + ' CPU us':>18s}" for name in rows))
    for n in sizes:
        print(f"   {n:4d}" + "".join(f" {rows[name][n][0] * 1e6:18.2f} {rows[name][n][1] * 1e6:18.2f}"
                                     for name in rows))
    for name in rows:
        p = _fit_exponent(sizes, [rows[name][n][1] for n in sizes])
        p_big = _fit_exponent(sizes[2:], [rows[name][n][1] for n in sizes[2:]])
        target = "  (target <= 3)" if name == "physml" else ""
        print(f"   {name}: time ~ N^{p:.2f} over N = 2 … 30, N^{p_big:.2f} over N = 12 … 30{target}")
    if not HAVE_SLATER:
        print(f"   physml: {PHYSML_MISSING}")
    return rows


def sherman_morrison(args):
    n = 20
    print(f"\n4. (c) Sherman-Morrison against a from-scratch inverse after every accepted move, N = {n}")
    budget = 0.3 if args.quick else 1.0  # CPU seconds per run
    runs = {}
    for update in ("sm", "inverse"):
        runs[f"NumPy peer, update={update!r}"] = budgeted_run(_peer_run(n, update), budget, PEER_WALKERS[n])
    if HAVE_SLATER:
        for every in (RECOMPUTE_EVERY, 1):
            runs[f"physml, recompute_every={every}"] = budgeted_run(_physml_run(n, every), budget, N_CHAINS * 20)
    rates = {name: _rates(run, args.repeats) for name, run in runs.items()}
    print(f"   {'':34s} {'samples/s (wall)':>17s} {'samples/CPU s':>15s}")
    for name, (wall, cpu) in rates.items():
        print(f"   {name:34s} {wall:17,.0f} {cpu:15,.0f}")
    names = list(rates)
    print(f"   peer speed-up of Sherman-Morrison: {rates[names[0]][1] / rates[names[1]][1]:.1f}x per CPU second")
    if HAVE_SLATER:
        print(f"   physml speed-up of Sherman-Morrison: {rates[names[2]][1] / rates[names[3]][1]:.1f}x per CPU second, "
              f"{rates[names[2]][0] / rates[names[3]][0]:.1f}x wall")
    else:
        print(f"   physml: {PHYSML_MISSING}")


def arithmetic(args, rates):
    print("\n5. (d) arithmetic counted from the formulas, achieved rate, and a float64 NumPy matmul for reference")
    one, two = matmul_gflops(1), matmul_gflops(2)
    print(f"   matmul 1024^3: {one[0]:.1f} GFLOP/s on 1 thread, {two[0]:.1f} GFLOP/s on 2 threads (wall)")
    print(f"   {'N':>3s} {'acc':>5s} {'flop/move':>10s} {'flop/E_L':>10s} {'flop/sample':>12s}   "
          f"{'code':34s} {'GFLOP/CPU s':>12s} {'of 1-thread matmul':>19s}")
    for n, codes in rates.items():
        acc = codes.pop("acceptance")
        f_move, f_el, f_sample = flops_per_move(n, acc), flops_per_local_energy(n), flops_per_sample(n, acc)
        for i, (name, (_, per_cpu)) in enumerate(codes.items()):
            lead = f"{n:3d} {acc:5.2f} {f_move:10.0f} {f_el:10.0f} {f_sample:12.0f}" if i == 0 else " " * 44
            gflops = f_sample * per_cpu / 1e9
            print(f"   {lead}   {name:34s} {gflops:12.3f} {gflops / one[1]:18.1%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    args = parser.parse_args()
    print(f"NumPy {np.__version__}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    if not HAVE_SLATER:
        print(f"physml skipped: {PHYSML_MISSING}; the NumPy peer runs alone")
    validate(args)
    rates = throughput(args)
    scaling(args)
    sherman_morrison(args)
    arithmetic(args, rates)


if __name__ == "__main__":
    main()
