"""A quick check that an installed physml works: every pillar against an oracle that
needs only NumPy. scripts/build-wheels.sh runs it in fresh virtual environments (each
built wheel on the oldest and newest supported Python and NumPy, and the sdist);
it takes a few seconds and prints one line per check.

    python scripts/smoke.py        # from anywhere but the repository's python/ folder
"""

from __future__ import annotations

import math
import pathlib
import pickle
import sys

import numpy as np

import physml
from physml import data, ising, linear, nn, testing, vmc


def check(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}".rstrip())
    if not ok:
        raise SystemExit(f"smoke test failed: {name} {detail}")


def main() -> None:
    source = pathlib.Path(__file__).resolve().parents[1] / "python"
    where = pathlib.Path(physml.__file__).resolve()
    print(f"physml {physml.__version__} from {where.parent}")
    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}")
    check("installed package, not the source tree", not where.is_relative_to(source))

    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 6))
    y = X @ rng.standard_normal(6) + 0.5 + 0.1 * rng.standard_normal(200)

    # OLS and Ridge against their closed forms on centred data.
    Xc, yc = X - X.mean(0), y - y.mean()
    ols = linear.LinearRegression().fit(X, y)
    ref = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    check("LinearRegression = lstsq", np.allclose(ols.coef_, ref, rtol=1e-10, atol=1e-12))
    alpha = 3.0
    ridge = linear.Ridge(alpha=alpha).fit(X, y)
    ref = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(6), Xc.T @ yc)
    check("Ridge = (XᵀX + αI)⁻¹Xᵀy", np.allclose(ridge.coef_, ref, rtol=1e-10, atol=1e-12))
    check("Ridge pickles", np.array_equal(pickle.loads(pickle.dumps(ridge)).predict(X), ridge.predict(X)))

    # Lasso: the optimality (KKT) conditions of ½n⁻¹‖y − Xb‖² + α‖b‖₁.
    alpha = 0.5
    lasso = linear.Lasso(alpha=alpha, tol=1e-10, max_iter=100_000).fit(X, y)
    grad = Xc.T @ (yc - Xc @ lasso.coef_) / len(y)
    active = lasso.coef_ != 0
    kkt = (np.allclose(grad[active], alpha * np.sign(lasso.coef_[active]), atol=1e-7)
           and bool(np.all(np.abs(grad[~active]) <= alpha + 1e-7)) and 0 < active.sum() < 6)
    check("Lasso satisfies its KKT conditions", kkt, f"({active.sum()} of 6 active)")

    # A small network learns a smooth function, and the same seed gives the same fit.
    x, yy, z = data.make_franke(300, noise=0.0, random_state=0)
    inputs = np.column_stack([x, yy])
    fits = [nn.MLPRegressor(hidden_layer_sizes=(30, 30), max_iter=500, random_state=0).fit(inputs, z)
            for _ in range(2)]
    r2 = fits[0].score(inputs, z)
    check("MLPRegressor fits the Franke function", r2 > 0.8, f"(R² = {r2:.3f})")
    check("MLPRegressor is reproducible", np.array_equal(fits[0].predict(inputs), fits[1].predict(inputs)))

    # VMC: the exact ground state of two free particles in a 2-D trap, E = N d ω / 2 = 2,
    # has a constant local energy.
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0, interaction=None)
    driver = vmc.VMC(system, vmc.Gaussian(alpha=0.5), vmc.Metropolis(step_length=1.0), seed=1)
    result = driver.sample(20_000)
    check("VMC exact energy with zero variance", abs(result.energy - 2.0) < 1e-10,
          f"(E = {result.energy:.12f})")

    # Ising: enumeration of a ring against the closed form e = −(t + t^(L−1))/(1 + t^L).
    L, T = 10, 1.7
    t = math.tanh(1 / T)
    e_exact = -(t + t ** (L - 1)) / (1 + t**L)
    e = ising.exact(L, T, dim=1)["energy"]
    check("Ising ring energy = closed form", abs(e - e_exact) < 1e-12, f"(e = {e:.12f})")

    # Blocking of white noise: the error is σ/√n.
    series = np.random.default_rng(1).standard_normal(2**14)
    err = testing.blocking(series).error
    check("blocking error of white noise ≈ σ/√n", abs(err * math.sqrt(series.size) - 1) < 0.15,
          f"({err * math.sqrt(series.size):.3f} σ/√n)")
    print("smoke test passed")


if __name__ == "__main__":
    main()
