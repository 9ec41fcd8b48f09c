"""NeuralJastrow from Python: derivatives against finite differences, weights,
pickling, refusal of ReLU, short optimisations of two electrons in a dot with every
optimiser and sampler, the effect of the Padé cusp on the variance, six electrons
against Slater × RBM × Gaussian × Padé (energy and variance), and the same numbers for
one and two threads."""

import json
import os
import pickle
import subprocess
import sys

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
    # six electrons: the determinant fills two shells, E = 10 ω
    six = vmc.QuantumDot(n_particles=6, dim=2, omega=1.0, interaction=None)
    psi = vmc.SlaterDeterminant() * vmc.NeuralJastrow(hidden_layer_sizes=(4,), spin_dependent=True, random_state=0)
    result = vmc.VMC(six, psi, vmc.ImportanceSampling(dt=0.3), n_samples=1000, seed=1).sample(2000)
    assert result.energy == pytest.approx(10.0, abs=1e-10)
    assert result.variance < 1e-18


def test_two_electrons_gaussian_neural_pade():
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    psi = vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(8,), random_state=0) * vmc.PadeJastrow(0.3)
    driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.1), vmc.Adam(0.01), n_samples=4000, seed=3)
    driver.optimize(150)
    result = driver.sample(100_000)
    assert result.energy > 3.0 - 3 * result.error - 1e-12
    assert result.energy < 3.002
    assert result.variance < 2e-3


# ----------------------------------------------------------------------------------
# every optimiser and sampler
# ----------------------------------------------------------------------------------
# Two electrons, 2-D, ω = 1 (exact E = 3). The start, Gaussian(α = ½) × a constant
# network × PadeJastrow(β = 3), has the cusp but a Jastrow factor that saturates at
# 1/3 after r ~ 1/β: E ≈ 3.18, Var(E_L) ≈ 0.8. The network (and β) learn the rest of
# the correlation from there.
OPTIMISERS = {
    "sgd": lambda: vmc.SGD(learning_rate=0.05, momentum=0.5),
    "sr": lambda: vmc.SR(learning_rate=0.05, diag_shift=1e-3),
    "adam": lambda: vmc.Adam(0.02),
}
SAMPLERS = {
    "metropolis": lambda: vmc.Metropolis(step_length=1.5, burn_in=50),
    "importance": lambda: vmc.ImportanceSampling(dt=0.2, burn_in=50),
}


@pytest.mark.parametrize("form", ["pair", "deepsets"])
@pytest.mark.parametrize("sampler", sorted(SAMPLERS))
@pytest.mark.parametrize("optimizer", sorted(OPTIMISERS))
def test_every_optimiser_and_sampler_lowers_the_energy(optimizer, sampler, form):
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    psi = (vmc.Gaussian(alpha=0.5)
           * vmc.NeuralJastrow(hidden_layer_sizes=(8,), form=form, rho_hidden_layer_sizes=(4,), random_state=0)
           * vmc.PadeJastrow(beta=3.0))
    driver = vmc.VMC(system, psi, SAMPLERS[sampler](), OPTIMISERS[optimizer](), n_samples=2000, n_chains=4, seed=5)
    history = driver.optimize(40)
    assert history.energy[0] > 3.1
    result = driver.sample(20_000, observables=False)
    # a variational energy: never below the exact 3 beyond 3σ ...
    assert result.energy > 3.0 - 3 * result.error
    # ... and most of the way down from 3.18, with a variance five times lower
    assert result.energy < 3.015
    assert result.energy < history.energy[0] - 10 * result.error
    assert result.variance < history.variance[0] / 5
    if optimizer == "sr":  # the natural gradient gets much further in 40 steps
        assert result.energy < 3.002
        assert result.variance < 0.01


def test_gibbs_refuses_a_neural_jastrow_with_the_reason():
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    psi = vmc.RBM(n_hidden=2, sqrt=True, random_state=0) * vmc.NeuralJastrow(hidden_layer_sizes=(4,), random_state=0)
    with pytest.raises(ValueError, match="single RBM with Psi = sqrt"):
        vmc.VMC(system, psi, vmc.Gibbs(), vmc.Adam(0.01), n_samples=100, seed=0).optimize(1)


# ----------------------------------------------------------------------------------
# the cusp
# ----------------------------------------------------------------------------------
def test_pade_cusp_lowers_the_variance():
    """The network sees q(r) = r²/(1+r), flat at r = 0, so alone it cannot cancel the
    1/r of the Coulomb term at coalescence: in 2-D ⟨E_L²⟩ then diverges
    logarithmically (∫ r⁻² r dr) and the sampled variance stays large. × PadeJastrow
    (a = 1 for the antiparallel pair) supplies the cusp, and the variance drops by more
    than two orders of magnitude at the same training budget (measured: 0.97
    against 1.2e-4)."""
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    variances = {}
    for name, extra in (("alone", None), ("pade", vmc.PadeJastrow(beta=0.3))):
        psi = vmc.Gaussian(alpha=0.5) * vmc.NeuralJastrow(hidden_layer_sizes=(8,), random_state=0)
        if extra is not None:
            psi = psi * extra
        driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.1, burn_in=50), vmc.Adam(0.02),
                         n_samples=2000, n_chains=4, seed=7)
        driver.optimize(80)
        result = driver.sample(40_000, observables=False)
        assert result.energy > 3.0 - 3 * result.error
        variances[name] = result.variance
    assert variances["pade"] < variances["alone"] / 100


# ----------------------------------------------------------------------------------
# six electrons: the network against the RBM
# ----------------------------------------------------------------------------------
DMC_SIX = 20.15932  # six electrons, 2-D, ω = 1 (DMC, Høgberget 2013)


def _six_electrons(jastrow):
    """Slater × jastrow × Padé on six electrons: 100 SR iterations of 4000 samples,
    then 2·10⁵ samples; the same sampler, optimiser, budget and seed for every
    trial function."""
    psi = vmc.SlaterDeterminant() * jastrow * vmc.PadeJastrow(beta=0.5)
    driver = vmc.VMC(vmc.QuantumDot(n_particles=6, dim=2, omega=1.0), psi,
                     vmc.ImportanceSampling(dt=0.3, burn_in=100), vmc.SR(learning_rate=0.1, diag_shift=1e-4),
                     n_samples=4000, n_chains=8, seed=1)
    driver.optimize(100)
    return driver.sample(200_000, observables=False)


def test_six_electrons_network_below_rbm_in_energy_and_variance():
    """The issue's six-electron claim at a CI budget: Slater × NeuralJastrow × Padé
    (pair form, one hidden layer of 8, spin-dependent: 35 parameters) below Slater ×
    RBM × Gaussian × Padé (validation/quantum_dots.py's trial function, 94 parameters)
    in energy and in variance, both above DMC. Measured with seeds 1–6 (the seed of
    the driver and of both factors; load 12–14 on 2 shared cores): network 20.1778 to
    20.1828, RBM 20.1862 to 20.1897, errors 0.0010 / 0.0011, the network lower by 3.7 to
    7.0 combined σ; Var(E_L) 0.112–0.118 against 0.124–0.131. About 8 + 2.5 CPU
    seconds. The full budget (validation/neural_jastrow.py, (16, 16) network) gives
    20.1777(9) against 20.1882(11)."""
    nn = _six_electrons(vmc.NeuralJastrow(hidden_layer_sizes=(8,), spin_dependent=True, random_state=1))
    rbm = _six_electrons(vmc.RBM(n_hidden=6, sigma=2 ** 0.5, scale=0.001, random_state=1) * vmc.Gaussian(alpha=0.25))
    for result in (nn, rbm):  # variational: above DMC (itself an upper bound, ~1e-4 above exact)
        assert result.energy > DMC_SIX - 3 * result.error
    # lower in energy, by more than twice the combined error (measured: at least 3.7 σ) ...
    sigma = (nn.error ** 2 + rbm.error ** 2) ** 0.5
    assert nn.energy < rbm.energy - 2 * sigma
    # ... and in variance
    assert nn.variance < rbm.variance


# ----------------------------------------------------------------------------------
# reproducibility
# ----------------------------------------------------------------------------------
_RUN = """
import json
from physml import vmc
psi = (vmc.SlaterDeterminant() * vmc.NeuralJastrow(hidden_layer_sizes=(4,), form="deepsets",
       rho_hidden_layer_sizes=(3,), spin_dependent=True, random_state=2) * vmc.PadeJastrow(beta=0.5))
driver = vmc.VMC(vmc.QuantumDot(6, 2, 1.0), psi, vmc.ImportanceSampling(dt=0.3, burn_in=20), vmc.SR(0.1, 1e-3),
                 n_samples=600, n_chains=5, seed=11)
h = driver.optimize(3)
r = driver.sample(1000, observables=False)
print(json.dumps([h.energy.tolist(), h.variance.tolist(), driver.parameters.tolist(), r.energy,
                  r.local_energies[::37].tolist()]))
"""


def _run_with_threads(threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", _RUN], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_same_seed_gives_identical_numbers_for_one_and_two_threads():
    one = _run_with_threads(1)
    assert one == _run_with_threads(2)
    assert len(set(one[2])) > 1  # the parameters moved


@pytest.mark.parametrize("kw, name", [(dict(hidden_layer_sizes=2**31), "hidden_layer_sizes"),
                                      (dict(hidden_layer_sizes=(3,), form="deepsets",
                                            rho_hidden_layer_sizes=(4, 2**40)), "rho_hidden_layer_sizes")])
def test_huge_layers_are_value_errors_naming_them(kw, name):
    """Found by tests/test_fuzz.py: hidden_layer_sizes=2**31 aborted the process on a
    failed allocation of 51 GB."""
    with pytest.raises(ValueError, match=f"{name} must be small enough to fit in memory"):
        vmc.NeuralJastrow(**kw).initialize(2, 2)
