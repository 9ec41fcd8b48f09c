"""NeuralJastrow from Python: derivatives against finite differences, weights,
pickling, refusal of ReLU, and a short optimisation of two electrons in a dot."""

import pickle

import numpy as np
import pytest

from physml import vmc


def _randomise(psi, rng):
    psi.set_parameters(psi.parameters + 0.3 * rng.standard_normal(psi.n_parameters))
    return psi


@pytest.mark.parametrize("form", ["pair", "deepsets"])
@pytest.mark.parametrize("activation", ["tanh", "logistic", "identity"])
def test_derivatives_match_finite_differences(form, activation):
    rng = np.random.default_rng(0)
    psi = vmc.NeuralJastrow(hidden_layer_sizes=(4, 3), activation=activation, form=form,
                            rho_hidden_layer_sizes=(3,), spin_dependent=True, random_state=1)
    x = rng.standard_normal((3, 2))
    psi.initialize(3, 2)
    _randomise(psi, rng)
    g = psi.gradient(x)
    h = 1e-5
    lap = 0.0
    for idx in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        assert g[idx] == pytest.approx((psi.log_value(xp) - psi.log_value(xm)) / (2 * h), abs=1e-7)
        xp[idx] += 1e-3 - h
        xm[idx] -= 1e-3 - h
        lap += (psi.log_value(xp) - 2 * psi.log_value(x) + psi.log_value(xm)) / 1e-6
    assert psi.laplacian(x) == pytest.approx(lap, abs=1e-4 * (1 + abs(lap)))
    o = psi.parameter_gradient(x)
    theta = psi.parameters
    for k in range(theta.size):
        tp, tm = theta.copy(), theta.copy()
        tp[k] += h
        tm[k] -= h
        fp = psi.set_parameters(tp).log_value(x)
        fm = psi.set_parameters(tm).log_value(x)
        assert o[k] == pytest.approx((fp - fm) / (2 * h), abs=1e-7)
    psi.set_parameters(theta)


def test_weights_pickle_repr_and_refusals():
    psi = vmc.NeuralJastrow(hidden_layer_sizes=(5,), form="deepsets", rho_hidden_layer_sizes=(4,), random_state=3)
    psi.initialize(4, 2)
    assert [w.shape for w in psi.coefs_] == [(1, 5), (5, 4), (4, 1)]
    assert [b.shape for b in psi.intercepts_] == [(5,), (4,), (1,)]
    assert "deepsets" in repr(psi) and "(5,)" in repr(psi)
    x = np.random.default_rng(2).standard_normal((4, 2))
    _randomise(psi, np.random.default_rng(1))
    clone = pickle.loads(pickle.dumps(psi))
    assert clone.log_value(x) == psi.log_value(x)
    coefs = psi.coefs_
    coefs[-1][:] = 0.0
    psi.set_weights(coefs=coefs)
    y = np.random.default_rng(5).standard_normal((4, 2))
    assert psi.log_value(x) == pytest.approx(psi.log_value(y), abs=1e-13)
    with pytest.raises(ValueError, match="activation must be twice differentiable"):
        vmc.NeuralJastrow(activation="relu")
    with pytest.raises(ValueError, match="form must be 'pair' or 'deepsets'"):
        vmc.NeuralJastrow(form="mlp")


def test_zero_output_weights_give_the_exact_non_interacting_state():
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0, interaction=None)
    psi = vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(4,), random_state=0)
    driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.0), vmc.Adam(0.01), n_samples=2000, seed=1)
    result = driver.sample(4000)
    assert result.energy == pytest.approx(2.0, abs=1e-12)
    assert result.variance < 1e-20


def test_two_electrons_gaussian_neural_pade():
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    psi = vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(8,), random_state=0) * vmc.PadeJastrow(0.3)
    driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.1), vmc.Adam(0.01), n_samples=4000, seed=3)
    driver.optimize(150)
    result = driver.sample(100_000)
    assert result.energy > 3.0 - 3 * result.error - 1e-12
    assert result.energy < 3.002
    assert result.variance < 2e-3
