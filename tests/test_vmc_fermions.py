"""Many-electron quantum dots through the Python API: Slater determinants of
oscillator orbitals, alone and times an RBM and a Padé–Jastrow factor.

Read as examples: exact non-interacting closed shells, analytic derivatives against
finite differences, antisymmetry, the refusal of electrons without a determinant
(and the deliberate ``statistics="boltzmann"``), persistence, a short interacting
N = 6 run against diffusion Monte Carlo, and reproducibility across thread counts.
The core alone is tested by src/vmc/wavefunction/tests.rs and tests/vmc_fermions.rs.
"""

import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from physml import vmc

FD_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Diffusion Monte Carlo, N = 6, ω = 1, 2-D (Høgberget 2013; DESIGN.md).
DMC_6 = 20.15932


# ----------------------------------------------------------------------------------
# non-interacting closed shells: exact energies, zero variance
# ----------------------------------------------------------------------------------
CLOSED_SHELLS = [(2, 2, 2), (6, 2, 10), (12, 2, 28), (20, 2, 60), (30, 2, 110),
                 (2, 3, 3), (8, 3, 18), (20, 3, 60)]  # (N, d, E/ω)

EXACT_SAMPLERS = {
    "metropolis": lambda omega: vmc.Metropolis(step_length=1.0 / np.sqrt(omega), burn_in=5),
    "importance": lambda omega: vmc.ImportanceSampling(dt=0.1, burn_in=5),
}

EXACT_WAVEFUNCTIONS = {
    # the determinant owns the width: its envelope exp(−α Σ r²/2), α = ω from the system
    "slater": lambda omega: vmc.SlaterDeterminant(),
    # the RBM owns the width (σ² = 1/ω); the determinant holds the Hermite polynomials
    "slater*rbm": lambda omega: vmc.SlaterDeterminant() * vmc.RBM(n_hidden=2, sigma=1 / np.sqrt(omega), scale=0.0),
}


@pytest.mark.parametrize("wavefunction", list(EXACT_WAVEFUNCTIONS))
@pytest.mark.parametrize("sampler", list(EXACT_SAMPLERS))
@pytest.mark.parametrize("n, d, e_over_omega", CLOSED_SHELLS, ids=[f"N{n}-d{d}" for n, d, _ in CLOSED_SHELLS])
def test_non_interacting_closed_shells_are_exact_with_zero_variance(wavefunction, sampler, n, d, e_over_omega):
    omega = 0.7
    system = vmc.QuantumDot(n, d, omega, interaction=None)
    driver = vmc.VMC(system, EXACT_WAVEFUNCTIONS[wavefunction](omega), EXACT_SAMPLERS[sampler](omega), vmc.SGD(),
                     n_samples=100, n_chains=2, seed=1)
    result = driver.sample(observables=False)
    assert result.energy == pytest.approx(e_over_omega * omega, rel=1e-10)
    assert result.variance == pytest.approx(0.0, abs=1e-16 * e_over_omega**2)
    assert 0.0 < result.acceptance <= 1.0
    np.testing.assert_allclose(result.local_energies, e_over_omega * omega, rtol=1e-10)


def test_the_slater_width_follows_the_system_unless_given():
    system = vmc.QuantumDot(6, 2, 0.5, interaction=None)
    x = np.random.default_rng(0).normal(size=(6, 2))
    own = vmc.SlaterDeterminant()
    assert system.local_energy(own, x) == pytest.approx(5.0, rel=1e-12)
    assert own.alpha == 0.5
    fixed = vmc.SlaterDeterminant(omega=0.8)
    assert system.local_energy(fixed, x) != pytest.approx(5.0, rel=1e-6)
    assert fixed.alpha == 0.8


# ----------------------------------------------------------------------------------
# finite differences of ln |Ψ| away from nodes
# ----------------------------------------------------------------------------------
def _make(kind, rng):
    slater = vmc.SlaterDeterminant(omega=rng.uniform(0.5, 1.5))
    if kind == "slater":
        return slater
    pade = vmc.PadeJastrow(beta=rng.uniform(0.3, 2.0))
    if kind == "slater*pade":
        return slater * pade
    rbm = vmc.RBM(n_hidden=int(rng.integers(1, 4)), sigma=rng.uniform(0.7, 1.5), scale=0.2,
                  random_state=int(rng.integers(1 << 30)))
    if kind == "slater*rbm*pade":
        return slater * rbm * pade
    raise ValueError(kind)


def _away_from_nodes(psi, n, d, rng, h=1e-4):
    """A configuration with pair distances > 0.3 where Ψ keeps its sign within ±h of
    every coordinate and |∇ ln|Ψ|| stays moderate (a node is far)."""
    while True:
        x = rng.uniform(-1.5, 1.5, (n, d))
        dist = np.linalg.norm(x[:, None] - x[None], axis=2) + np.eye(n) * 10
        if dist.min() < 0.3 or np.abs(psi.gradient(x)).max() > 8.0:
            continue
        s = psi.sign(x)
        shifted = [x + sgn * h * np.eye(n * d)[k].reshape(n, d) for k in range(n * d) for sgn in (1, -1)]
        if s != 0 and all(psi.sign(y) == s for y in shifted):
            return x


FD_KINDS = ["slater", "slater*pade", "slater*rbm*pade"]
SHAPES = st.sampled_from([(2, 2), (3, 2), (6, 2), (4, 3), (8, 3), (5, 2)])


@pytest.mark.parametrize("kind", FD_KINDS)
@FD_SETTINGS
@given(seed=st.integers(0, 2**31 - 1), shape=SHAPES, data=st.data())
def test_gradient_and_laplacian_match_finite_differences(finite_differences, kind, seed, shape, data):
    n, d = shape
    n_up = data.draw(st.integers(0, n), label="n_up")
    rng = np.random.default_rng(seed)
    psi = _make(kind, rng).initialize(n, d, n_up=n_up)
    x = _away_from_nodes(psi, n, d, rng)
    grad, lap = finite_differences.position_derivatives(psi, x, h=1e-4)
    np.testing.assert_allclose(psi.gradient(x), grad, rtol=1e-6, atol=1e-6)
    assert psi.laplacian(x) == pytest.approx(lap, rel=1e-4, abs=2e-3)


@pytest.mark.parametrize("kind", FD_KINDS)
@FD_SETTINGS
@given(seed=st.integers(0, 2**31 - 1), shape=SHAPES, data=st.data())
def test_parameter_gradient_matches_finite_differences(finite_differences, kind, seed, shape, data):
    n, d = shape
    n_up = data.draw(st.integers(0, n), label="n_up")
    rng = np.random.default_rng(seed)
    psi = _make(kind, rng).initialize(n, d, n_up=n_up)
    x = _away_from_nodes(psi, n, d, rng)
    theta = psi.parameters
    expected = finite_differences.parameter_gradient(psi, x, h=1e-6)
    got = psi.parameter_gradient(x)
    assert got.shape == theta.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


# ----------------------------------------------------------------------------------
# antisymmetry
# ----------------------------------------------------------------------------------
def _swap(x, i, j):
    y = x.copy()
    y[[i, j]] = y[[j, i]]
    return y


SYMMETRIC_CORRELATIONS = {
    "slater": lambda: vmc.SlaterDeterminant(),
    "slater*pade": lambda: vmc.SlaterDeterminant() * vmc.PadeJastrow(beta=0.7),
    # an RBM with a = W = 0 is symmetric under any exchange
    "slater*rbm*pade": lambda: vmc.SlaterDeterminant() * vmc.RBM(n_hidden=3, scale=0.0) * vmc.PadeJastrow(beta=0.7),
}


@pytest.mark.parametrize("kind", list(SYMMETRIC_CORRELATIONS))
@pytest.mark.parametrize("n, d", [(6, 2), (12, 2), (8, 3)])
def test_exchanging_same_spin_electrons_flips_the_sign_and_keeps_the_magnitude(kind, n, d):
    psi = SYMMETRIC_CORRELATIONS[kind]().initialize(n, d)  # the first n/2 electrons are spin up
    rng = np.random.default_rng(n * d)
    up, down = range(n // 2), range(n // 2, n)
    for _ in range(5):
        x = rng.normal(size=(n, d))
        s, f = psi.sign(x), psi.log_value(x)
        assert s in (1.0, -1.0)
        for group in (up, down):
            i, j = rng.choice(list(group), size=2, replace=False)
            y = _swap(x, i, j)
            assert psi.sign(y) == -s
            assert psi.log_value(y) == pytest.approx(f, rel=1e-12, abs=1e-12)


def test_exchanging_opposite_spins_is_no_symmetry():
    psi = vmc.SlaterDeterminant().initialize(6, 2)
    rng = np.random.default_rng(5)
    changed = 0
    for _ in range(10):
        x = rng.normal(size=(6, 2))
        y = _swap(x, 0, 4)  # particle 0 is up, particle 4 down
        changed += abs(psi.log_value(y) - psi.log_value(x)) > 1e-6
    assert changed >= 8


def test_two_same_spin_electrons_at_one_place_give_a_node():
    psi = vmc.SlaterDeterminant().initialize(6, 2)
    x = np.random.default_rng(1).normal(size=(6, 2))
    x[1] = x[0]
    assert psi.sign(x) == 0.0
    assert psi.log_value(x) == -np.inf


# ----------------------------------------------------------------------------------
# the refusal of electrons without a determinant
# ----------------------------------------------------------------------------------
def _driver(system, psi):
    return vmc.VMC(system, psi, vmc.Metropolis(), vmc.SGD(), n_samples=100, n_chains=2, seed=0)


def test_six_electrons_without_a_determinant_are_refused_with_the_reason():
    with pytest.raises(ValueError) as info:
        _driver(vmc.QuantumDot(6), vmc.RBM() * vmc.PadeJastrow())
    message = str(info.value)
    for words in ("antisymmetric", "SlaterDeterminant", "bosonic", "statistics='boltzmann'"):
        assert words in message
    with pytest.raises(ValueError, match="SlaterDeterminant"):
        vmc.QuantumDot(6).local_energy(vmc.RBM() * vmc.PadeJastrow(), np.zeros((6, 2)))
    with pytest.raises(ValueError, match="SlaterDeterminant"):
        _driver(vmc.QuantumDot(3, interaction=None), vmc.Gaussian())


def test_boltzmann_statistics_accept_any_wave_function():
    system = vmc.QuantumDot(6, statistics="boltzmann", interaction=None)
    result = _driver(system, vmc.RBM(sigma=1.0, scale=0.0)).sample()
    assert result.energy == pytest.approx(6.0, rel=1e-12)  # the bosonic ground state, far below 10


def test_two_electrons_in_the_singlet_need_no_determinant_but_a_triplet_does():
    _driver(vmc.QuantumDot(2), vmc.RBM() * vmc.PadeJastrow())
    _driver(vmc.QuantumDot(3, n_up=2), vmc.SlaterDeterminant() * vmc.PadeJastrow())
    with pytest.raises(ValueError, match="SlaterDeterminant"):
        _driver(vmc.QuantumDot(2, n_up=2), vmc.RBM() * vmc.PadeJastrow())
    _driver(vmc.QuantumDot(2, n_up=2), vmc.SlaterDeterminant() * vmc.PadeJastrow())


def test_bosons_refuse_a_determinant():
    with pytest.raises(ValueError, match="SlaterDeterminant"):
        _driver(vmc.BoseGas(4, 3), vmc.SlaterDeterminant())
    with pytest.raises(ValueError, match="SlaterDeterminant"):
        _driver(vmc.BoseGas(4, 3), vmc.RBM() * vmc.SlaterDeterminant())


def test_a_product_of_two_determinants_is_refused():
    psi = vmc.SlaterDeterminant() * vmc.SlaterDeterminant(omega=0.5)
    with pytest.raises(ValueError, match="at most one SlaterDeterminant"):
        psi.log_value(np.zeros((6, 2)))
    with pytest.raises(ValueError, match="at most one SlaterDeterminant"):
        _driver(vmc.QuantumDot(6), vmc.SlaterDeterminant() * vmc.RBM() * vmc.SlaterDeterminant())


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: vmc.QuantumDot(6, n_up=7), ValueError, "n_up"),
        (lambda: vmc.QuantumDot(6, n_up=-1), ValueError, "n_up"),
        (lambda: vmc.QuantumDot(6, n_up=2.5), TypeError, "n_up"),
        (lambda: vmc.QuantumDot(6, statistics="bose"), ValueError, "statistics"),
        (lambda: vmc.QuantumDot(6, statistics=None), TypeError, "statistics"),
        (lambda: vmc.SlaterDeterminant(recompute_every=0), ValueError, "recompute_every"),
        (lambda: vmc.SlaterDeterminant(recompute_every=2.0), TypeError, "recompute_every"),
        (lambda: vmc.SlaterDeterminant(omega=0.0), ValueError, "omega"),
        (lambda: vmc.SlaterDeterminant(omega=-1.0), ValueError, "omega"),
        (lambda: vmc.SlaterDeterminant(omega=float("nan")), ValueError, "omega"),
        (lambda: vmc.SlaterDeterminant(omega="1"), TypeError, "omega"),
        (lambda: vmc.SlaterDeterminant(envelope="yes"), TypeError, "envelope"),
        (lambda: vmc.SlaterDeterminant(envelope=1), TypeError, "envelope"),
        (lambda: vmc.SlaterDeterminant().initialize(6, 2, n_up=7), ValueError, "n_up"),
    ],
)
def test_bad_fermion_parameters_raise_errors_naming_them(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_the_driver_builds_the_wave_function_for_the_systems_spins():
    psi = vmc.SlaterDeterminant(omega=0.9) * vmc.PadeJastrow(beta=0.7)
    psi.initialize(6, 2, n_up=2)
    driver = _driver(vmc.QuantumDot(6), psi)  # n_up = 3: rebuilt, keeping the parameters
    assert [f._n_up for f in driver.wavefunction.factors] == [3, 3]
    np.testing.assert_array_equal(driver.parameters, [0.9, 0.7])
    x = np.random.default_rng(0).normal(size=(6, 2))
    expected = (vmc.SlaterDeterminant(omega=0.9) * vmc.PadeJastrow(beta=0.7)).log_value(x)
    assert driver.wavefunction.log_value(x) == pytest.approx(expected, rel=1e-14)


# ----------------------------------------------------------------------------------
# persistence
# ----------------------------------------------------------------------------------
def _full_ansatz(seed=0):
    return vmc.SlaterDeterminant() * vmc.RBM(n_hidden=3, scale=0.05, random_state=seed) * vmc.PadeJastrow(beta=0.6)


def test_slater_rbm_pade_pickles_to_identical_values_and_signs():
    rng = np.random.default_rng(2)
    psi = _full_ansatz().initialize(6, 2)
    clone = pickle.loads(pickle.dumps(psi))
    assert repr(clone) == repr(psi)
    np.testing.assert_array_equal(clone.parameters, psi.parameters)
    for _ in range(5):
        x = rng.normal(size=(6, 2))
        assert clone.log_value(x) == psi.log_value(x)
        assert clone.sign(x) == psi.sign(x)
        np.testing.assert_array_equal(clone.gradient(x), psi.gradient(x))


def test_the_optimised_wave_function_and_the_system_pickle():
    system = vmc.QuantumDot(6, 2, 1.0, n_up=3, statistics="fermi")
    driver = vmc.VMC(system, _full_ansatz(), vmc.Metropolis(), vmc.Adam(0.01), n_samples=500, n_chains=2, seed=1)
    history = driver.optimize(3)
    psi = driver.wavefunction
    np.testing.assert_array_equal(psi.parameters, history.parameters)
    clone = pickle.loads(pickle.dumps(psi))
    x = np.random.default_rng(3).normal(size=(6, 2))
    assert clone.log_value(x) == psi.log_value(x)
    assert clone.sign(x) == psi.sign(x)
    system_clone = pickle.loads(pickle.dumps(system))
    assert (system_clone.n_up, system_clone.statistics) == (3, "fermi")
    assert system_clone.local_energy(clone, x) == system.local_energy(psi, x)
    boltzmann = pickle.loads(pickle.dumps(vmc.QuantumDot(5, 2, 0.5, n_up=2, statistics="boltzmann")))
    assert (boltzmann.n_up, boltzmann.statistics, boltzmann.omega) == (2, "boltzmann", 0.5)
    assert repr(boltzmann) == repr(vmc.QuantumDot(5, 2, 0.5, n_up=2, statistics="boltzmann"))


# ----------------------------------------------------------------------------------
# interacting N = 6: a short run against diffusion Monte Carlo, every optimiser
# ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sampler", [vmc.ImportanceSampling(dt=0.3), vmc.Metropolis(step_length=1.0)],
                         ids=["importance", "metropolis"])
def test_six_electrons_land_within_one_percent_of_dmc(sampler):
    system = vmc.QuantumDot(6, 2, 1.0)
    driver = vmc.VMC(system, vmc.SlaterDeterminant() * vmc.PadeJastrow(beta=0.5), sampler,
                     vmc.SR(learning_rate=0.1, diag_shift=1e-3), n_samples=4000, n_chains=8, seed=3)
    driver.optimize(30)
    result = driver.sample(100_000, observables=False)
    assert abs(result.energy - DMC_6) < 0.01 * DMC_6
    assert result.energy > DMC_6 - 3 * result.error  # an upper bound
    assert np.isfinite(result.variance) and result.variance < 1.0


@pytest.mark.parametrize("optimizer", [vmc.SGD(learning_rate=0.05, momentum=0.9), vmc.Adam(learning_rate=0.02),
                                       vmc.SR(learning_rate=0.1, diag_shift=1e-2)], ids=["sgd", "adam", "sr"])
def test_every_optimiser_lowers_the_energy_of_slater_rbm_pade(optimizer):
    system = vmc.QuantumDot(6, 2, 1.0)
    # a poor start: the Jastrow far from its optimum (β ≈ 0.4)
    psi = vmc.SlaterDeterminant() * vmc.RBM(n_hidden=2, scale=0.01, random_state=1) * vmc.PadeJastrow(beta=3.0)
    driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.3), optimizer, n_samples=2000, n_chains=4, seed=2)
    history = driver.optimize(15)
    assert np.all(np.isfinite(history.energy)) and np.all(np.isfinite(history.parameters))
    start, end = history.energy[:2].mean(), history.energy[-3:].mean()
    assert end < start - 2 * history.error[:2].max()


# ----------------------------------------------------------------------------------
# reproducibility
# ----------------------------------------------------------------------------------
_RUN = """
import json
from physml import vmc
psi = vmc.SlaterDeterminant() * vmc.RBM(n_hidden=2, random_state=1) * vmc.PadeJastrow(beta=0.5)
driver = vmc.VMC(vmc.QuantumDot(6, 2, 1.0), psi, vmc.ImportanceSampling(dt=0.3), vmc.SR(0.1, 1e-3),
                 n_samples=1000, n_chains=5, seed=11)
h = driver.optimize(4)
r = driver.sample(2000)
print(json.dumps([h.energy.tolist(), h.variance.tolist(), driver.parameters.tolist(), r.energy,
                  r.local_energies[::37].tolist(), r.radial_density.tolist()]))
"""


def test_same_seed_gives_identical_numbers_for_one_and_two_threads(json_output_with_threads):
    assert json_output_with_threads(_RUN, 1) == json_output_with_threads(_RUN, 2)


def test_omega_none_takes_the_systems_frequency_even_after_a_standalone_evaluation():
    """SlaterDeterminant() evaluated on its own (α = 1) and then given to a dot at
    ω = 0.5 starts from α = ω, the exact non-interacting state (E = 5, zero
    variance); parameters set by the user are kept."""
    psi = vmc.SlaterDeterminant()
    psi.log_value(np.random.default_rng(0).normal(size=(6, 2)))
    assert psi.alpha == 1.0
    driver = vmc.VMC(vmc.QuantumDot(6, 2, 0.5, interaction=None), psi, n_samples=2000, n_chains=4, seed=1)
    result = driver.sample(2000)
    assert driver.wavefunction.alpha == 0.5
    assert abs(result.energy - 5.0) < 1e-10 and result.variance < 1e-20
    chosen = vmc.SlaterDeterminant() * vmc.PadeJastrow()
    chosen.initialize(6, 2)
    chosen.set_parameters([0.7, 0.3])
    kept = vmc.VMC(vmc.QuantumDot(6, 2, 0.5), chosen, n_samples=2000, n_chains=4, seed=1)
    np.testing.assert_array_equal(kept.parameters, [0.7, 0.3])


def test_slater_determinant_repr_shows_the_current_alpha():
    """As Gaussian's alpha: once optimised, omega (the initial alpha) and the repr show
    the current alpha, and a pickled copy keeps it."""
    d = vmc.VMC(vmc.QuantumDot(2, interaction=None), vmc.SlaterDeterminant(omega=0.7), vmc.Metropolis(),
                vmc.Adam(0.05), n_samples=500, n_chains=2, seed=1)
    d.optimize(3)
    wf = d.wavefunction
    alpha = float(d.parameters[0])
    assert alpha != 0.7 and wf.alpha == alpha == wf.omega
    assert repr(wf) == f"SlaterDeterminant(omega={alpha!r}, envelope=None, recompute_every=100)"
    again = pickle.loads(pickle.dumps(wf))
    assert repr(again) == repr(wf) and again.alpha == alpha
