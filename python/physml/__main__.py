"""``python -m physml``: a demo of the three pillars, printed as tables."""

from __future__ import annotations

import time


def _header(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def main() -> None:
    import physml

    print(f"physml {physml.__version__}")
    t0 = time.perf_counter()
    for section in _SECTIONS:
        section()
    print(f"\ndone in {time.perf_counter() - t0:.1f} s")


_SECTIONS: list = []


def _quantum_dot() -> None:
    """Two electrons in a 2-D quantum dot (ω = 1, exact E = 3) with an RBM × Padé–Jastrow."""
    from physml import vmc

    _header("Variational Monte Carlo: two electrons in a 2-D quantum dot (omega = 1, exact E = 3)")
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    print(f"{'trial wave function':24s} {'E [Hartree]':>12s} {'error':>9s} {'Var(E_L)':>9s} {'time [s]':>9s}")
    for name, psi, n_iter in [
        ("RBM", vmc.RBM(n_hidden=4, random_state=2), 100),
        ("RBM x Pade-Jastrow", vmc.RBM(n_hidden=4, random_state=7) * vmc.PadeJastrow(), 100),
    ]:
        t0 = time.perf_counter()
        driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.5), vmc.SR(learning_rate=0.1, diag_shift=0.001),
                         n_samples=8000, seed=7)
        driver.optimize(n_iter)
        r = driver.sample(200_000, observables=False)
        print(f"{name:24s} {r.energy:12.5f} {r.error:9.5f} {r.variance:9.2e} {time.perf_counter() - t0:9.2f}")
    print(f"{'exact (Taut)':24s} {3.0:12.5f}")


_SECTIONS.append(_quantum_dot)

if __name__ == "__main__":
    main()
