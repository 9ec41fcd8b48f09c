"""Neural-network Jastrow factors on 2-D quantum dots at ω = 1, against exact and DMC.

Reproduces the validation table of the neural-Jastrow issue:

* two electrons (exact E = 3, Taut): Gaussian × NeuralJastrow alone (no cusp),
  Gaussian × NeuralJastrow × PadeJastrow and SlaterDeterminant × NeuralJastrow ×
  PadeJastrow; the issue asks for E ≤ 3.0001 with a blocking error ≤ 2e-5 (a published
  DNN × Padé–Jastrow result is 3.000023(4));
* six electrons (DMC 20.15932, Høgberget 2013): SlaterDeterminant × NeuralJastrow ×
  PadeJastrow against SlaterDeterminant × RBM × Gaussian × PadeJastrow (the trial
  function of validation/quantum_dots.py) with the same sampler, optimiser and budget.

tests/test_vmc_neural_jastrow.py checks the six-electron ordering at a CI budget
(about 11 CPU seconds): a pair network with one hidden layer of 8 (35 parameters)
against the same RBM, 100 iterations of 4000 samples, 8 chains, then 2·10⁵ samples.
Measured with seeds 1–6: network 20.1778–20.1828 (± 0.0010), RBM 20.1862–20.1897
(± 0.0011), the network lower by 3.7–7.0 combined σ, Var(E_L) 0.112–0.118 against
0.124–0.131. With seed 1 the small network gives 20.1778(9), the (16, 16) one of
this table 20.1777(9).

Every case is optimised by stochastic reconfiguration, then sampled; the table gives
the energy ± blocking error, the variance of the local energy, the number of
parameters and the seconds each case took.

    python validation/neural_jastrow.py                  # the whole table (minutes)
    python validation/neural_jastrow.py --cases 2-nj-pj  # one case
    python validation/neural_jastrow.py --quick          # a smoke test of the script

Units: Hartree atomic units. A variational energy is an upper bound: a result below
the reference beyond 3σ would be a bug, and the script says so.
"""

from __future__ import annotations

import argparse
import math
import time

from physml import vmc

#: Exact (N = 2, Taut) and DMC (N = 6, Høgberget 2013) energies at ω = 1.
REFERENCE = {2: 3.0, 6: 20.15932}


def wavefunction(case: str, seed: int):
    """The trial function of a case, named ``N-factors``."""
    n = int(case.split("-")[0])
    if case == "2-nj":
        return vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(16, 16), random_state=seed)
    if case == "2-nj-pj":
        return (vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(16, 16), random_state=seed)
                * vmc.PadeJastrow(beta=0.3))
    if case == "2-slater-nj-pj":
        return (vmc.SlaterDeterminant() * vmc.NeuralJastrow(hidden_layer_sizes=(16, 16), random_state=seed)
                * vmc.PadeJastrow(beta=0.3))
    if case == "6-slater-nj-pj":
        return (vmc.SlaterDeterminant()
                * vmc.NeuralJastrow(hidden_layer_sizes=(16, 16), spin_dependent=True, random_state=seed)
                * vmc.PadeJastrow(beta=0.5))
    if case == "6-slater-rbm-pj":
        # as validation/quantum_dots.py: the width shared by the RBM (σ² = 2/ω) and
        # a variational Gaussian (α = ω/4)
        return (vmc.SlaterDeterminant()
                * vmc.RBM(n_hidden=6, sigma=math.sqrt(2.0), scale=0.001, random_state=seed)
                * vmc.Gaussian(alpha=0.25) * vmc.PadeJastrow(beta=0.5))
    raise ValueError(f"unknown case {case!r} (N = {n})")


CASES = ["2-nj", "2-nj-pj", "2-slater-nj-pj", "6-slater-nj-pj", "6-slater-rbm-pj"]


def settings(n: int, quick: bool) -> dict:
    """Optimisation and sampling budget for N electrons."""
    if quick:
        return dict(n_iter=5, n_samples=1000, n_final=5000)
    return {2: dict(n_iter=200, n_samples=4_000, n_final=1_000_000),
            6: dict(n_iter=100, n_samples=8_000, n_final=200_000)}[n]


def run_case(case: str, quick: bool = False, seed: int = 1, progress: bool = False, **overrides) -> dict:
    """Optimise and sample one case; returns the table row as a dict."""
    n = int(case.split("-")[0])
    s = dict(settings(n, quick), **{k: v for k, v in overrides.items() if v is not None})
    start = time.perf_counter()
    system = vmc.QuantumDot(n_particles=n, dim=2, omega=1.0)
    sampler = vmc.ImportanceSampling(dt=0.1 if n == 2 else 0.3, burn_in=200)
    driver = vmc.VMC(system, wavefunction(case, seed), sampler, vmc.SR(learning_rate=0.1, diag_shift=1e-4),
                     n_samples=s["n_samples"], n_chains=16, seed=seed)
    driver.optimize(s["n_iter"], progress=progress)
    result = driver.sample(s["n_final"], observables=False, progress=progress)
    seconds = time.perf_counter() - start
    ref = REFERENCE[n]
    return dict(case=case, n=n, energy=result.energy, error=result.error, variance=result.variance,
                reference=ref, rel=(result.energy - ref) / ref, seconds=seconds,
                n_parameters=driver.parameters.size, below=result.energy < ref - 3 * result.error, **s)


def table(rows: list[dict]) -> str:
    """A Markdown table of the rows."""
    lines = ["| case | E (E_h) | blocking error | Var(E_L) | reference | (E − ref)/ref | parameters | "
             "iterations × samples, final | seconds |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {r['energy']:.6f} | {r['error']:.6f} | {r['variance']:.2e} | "
                     f"{r['reference']:.5f} | {100 * r['rel']:+.4f}% | {r['n_parameters']} | "
                     f"{r['n_iter']} × {r['n_samples']}, {r['n_final']} | {r['seconds']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="*", default=None, choices=CASES, help="cases (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny budgets: checks that the script runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--progress", action="store_true")
    for name in ("n_iter", "n_samples", "n_final"):
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=None, help="override the budget")
    args = parser.parse_args()
    rows = []
    for case in args.cases or CASES:
        row = run_case(case, quick=args.quick, seed=args.seed, progress=args.progress,
                       n_iter=args.n_iter, n_samples=args.n_samples, n_final=args.n_final)
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
        if row["below"]:
            print(f"BUG: {case}: E = {row['energy']} below the reference {row['reference']} beyond 3 sigma", flush=True)
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
