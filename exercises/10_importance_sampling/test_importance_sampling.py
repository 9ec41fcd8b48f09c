import numpy as np
import pytest

from physml import vmc
from physml.testing import assert_energy


@pytest.mark.parametrize("alpha", [0.3, 0.5, 0.8])
def test_quantum_force_is_twice_the_gradient_of_ln_psi(exercise, rng, alpha):
    r = rng.normal(size=(3, 2))
    want = 2 * vmc.Gaussian(alpha).gradient(r)
    np.testing.assert_allclose(exercise.quantum_force(r, alpha), want, rtol=1e-12)


@pytest.mark.parametrize("dt", [0.01, 0.5])
def test_greens_ratio_is_the_ratio_of_the_gaussian_proposals(exercise, rng, dt):
    from scipy.stats import norm

    alpha, psi = 0.4, vmc.Gaussian(0.4)
    r = rng.normal(size=(2, 3))
    r_new = r + rng.normal(scale=np.sqrt(dt), size=r.shape)
    # the Langevin proposal from x: Gaussian of mean x + ½ Δt F(x), variance 2DΔt = Δt
    forward = norm.logpdf(r_new, loc=r + 0.5 * dt * 2 * psi.gradient(r), scale=np.sqrt(dt)).sum()
    backward = norm.logpdf(r, loc=r_new + 0.5 * dt * 2 * psi.gradient(r_new), scale=np.sqrt(dt)).sum()
    assert exercise.log_greens_ratio(r, r_new, alpha, dt) == pytest.approx(backward - forward, rel=1e-10, abs=1e-12)


def test_the_exact_trial_function_gives_the_exact_energy(exercise, rng):
    energies = exercise.importance_sampling(0.5, 1.0, 2, 3, 2000, 0.1, rng)
    assert_energy(energies, 2 * 3 * 0.5)


@pytest.mark.parametrize("alpha", [0.35, 0.7])
def test_energy_agrees_with_the_exact_variational_energy_and_physml(exercise, rng, alpha):
    n, d, dt = 2, 2, 0.4
    energies = exercise.importance_sampling(alpha, 1.0, n, d, 10_000, dt, rng)
    assert_energy(energies, n * d * (alpha / 2 + 1 / (8 * alpha)), variational=False)
    reference = vmc.VMC(vmc.BoseGas(n, d, 1.0), vmc.Gaussian(alpha), vmc.ImportanceSampling(dt),
                        n_samples=1000, seed=1).sample(40_000)
    assert_energy(energies, reference.energy, expected_error=reference.error, variational=False)
