import numpy as np
import pytest

from physml import vmc
from physml.testing import assert_energy

N_HIDDEN, SIGMA = 2, 1.0


def physml_psi(theta=None, scale=0.3, beta=0.7, seed=3):
    """physml's RBM × Padé–Jastrow for 2 electrons in 2-D, with parameters theta."""
    psi = vmc.RBM(n_hidden=N_HIDDEN, sigma=SIGMA, scale=scale, random_state=seed) * vmc.PadeJastrow(beta)
    psi.initialize(2, 2)
    return psi if theta is None else psi.set_parameters(theta)


@pytest.fixture
def walkers(rng):
    return rng.normal(size=(6, 4))


@pytest.mark.parametrize("method", ["log_psi", "gradient", "laplacian", "parameter_gradient"])
def test_wave_function_matches_physml(exercise, walkers, method):
    psi = physml_psi()
    got = getattr(exercise, method)(walkers, psi.parameters, N_HIDDEN, SIGMA)
    physml_method = {"log_psi": "log_value"}.get(method, method)
    want = np.array([np.ravel(getattr(psi, physml_method)(x.reshape(2, 2))) for x in walkers])
    np.testing.assert_allclose(np.reshape(got, want.shape), want, rtol=1e-10, atol=1e-12, err_msg=method)


@pytest.mark.parametrize("omega", [1.0, 0.5])
def test_local_energy_matches_physml(exercise, walkers, omega):
    psi = physml_psi()
    want = [vmc.QuantumDot(2, 2, omega).local_energy(psi, x.reshape(2, 2)) for x in walkers]
    np.testing.assert_allclose(exercise.local_energy(walkers, psi.parameters, N_HIDDEN, SIGMA, omega), want,
                               rtol=1e-10)


def test_energy_gradient_is_twice_the_covariance(exercise, rng):
    energies = 3 + rng.normal(size=500)
    o = rng.normal(size=(500, 3)) + 0.5 * energies[:, None]
    want = 2 * np.cov(energies, o.T, bias=True)[0, 1:]
    np.testing.assert_allclose(exercise.energy_gradient(energies, o), want, rtol=1e-10)


def test_optimised_machine_reaches_the_exact_energy(exercise, rng):
    theta0 = physml_psi(scale=0.05, beta=1.0, seed=1).parameters  # E ≈ 3.05
    theta = exercise.optimize(theta0, N_HIDDEN, SIGMA, 1.0, rng)
    result = vmc.VMC(vmc.QuantumDot(2, 2, 1.0), physml_psi(theta), n_samples=2000, seed=1).sample(100_000)
    assert_energy(result, 3.0, atol=0.005)
