import pytest

from physml import vmc
from physml.testing import assert_energy


@pytest.mark.parametrize("alpha", [0.3, 0.5, 0.8])
def test_local_energy_matches_physml(exercise, rng, alpha):
    r = rng.normal(size=(3, 2))
    want = vmc.BoseGas(n_particles=3, dim=2, omega=1.0).local_energy(vmc.Gaussian(alpha), r)
    assert exercise.local_energy(r, alpha, 1.0) == pytest.approx(want, rel=1e-12)


def test_the_exact_trial_function_gives_the_exact_energy(exercise, rng):
    energies = exercise.metropolis(0.5, 1.0, 2, 3, 2000, 1.0, rng)
    assert_energy(energies, 2 * 3 * 0.5)


@pytest.mark.parametrize("alpha", [0.35, 0.7])
def test_energy_agrees_with_the_exact_variational_energy_and_physml(exercise, rng, alpha):
    n, d = 2, 2
    energies = exercise.metropolis(alpha, 1.0, n, d, 20_000, 1.5, rng)
    assert_energy(energies, n * d * (alpha / 2 + 1 / (8 * alpha)), variational=False)
    assert_energy(energies, n * d * 0.5, atol=n * d * (alpha / 2 + 1 / (8 * alpha) - 0.5) + 0.1)
    reference = vmc.VMC(vmc.BoseGas(n, d, 1.0), vmc.Gaussian(alpha), n_samples=1000, seed=1).sample(40_000)
    assert_energy(energies, reference.energy, expected_error=reference.error, variational=False)
