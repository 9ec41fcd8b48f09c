"""physml.ising against exact enumeration (L = 4), Onsager's exact 2-D results, and
its contract: reproducible with the seed, clear errors for bad input."""

import math

import numpy as np
import pytest

from physml import ising


@pytest.mark.parametrize("method", ["metropolis", "wolff"])
@pytest.mark.parametrize("T", [1.5, 2.27, 3.5])
def test_small_lattice_agrees_with_enumeration_within_three_sigma(method, T):
    s = ising.sample(4, T, 20_000, method=method, random_state=1, n_chains=16,
                     thermalization=200)
    ex = ising.exact(4, T)
    e, de = s.mean_energy()
    m, dm = s.mean_abs_magnetization()
    assert abs(e - ex["energy"]) < 3 * de, (e, de, ex["energy"])
    assert abs(m - ex["abs_magnetization"]) < 3 * dm, (m, dm, ex["abs_magnetization"])


def test_enumeration_of_the_ring_matches_the_transfer_matrix():
    L, T = 12, 1.3
    b = 1 / T
    z = (2 * math.cosh(b)) ** L + (2 * math.sinh(b)) ** L
    assert ising.exact(L, T, dim=1)["log_z"] == pytest.approx(math.log(z), rel=1e-12)
    # ⟨e⟩ = −tanh β (1 + tanh^{L−2} β)/(1 + tanh^L β) on the ring
    t = math.tanh(b)
    e = -t * (1 + t ** (L - 2)) / (1 + t**L)
    assert ising.exact(L, T, dim=1)["energy"] == pytest.approx(e, rel=1e-12)


@pytest.mark.parametrize("T", [1.8, 3.0])
def test_large_lattice_agrees_with_onsager(T):
    s = ising.sample(32, T, 2000, method="wolff", random_state=3, n_chains=8,
                     thermalization=200)
    e, de = s.mean_energy()
    m, dm = s.mean_abs_magnetization()
    # finite-size corrections at L = 32 away from T_c are far below these margins
    assert abs(e - ising.onsager_energy(T)) < 3 * de + 2e-3
    if T < ising.CRITICAL_TEMPERATURE:
        assert abs(m - ising.onsager_magnetization(T)) < 3 * dm + 2e-3
    else:
        assert m < 0.1


def test_onsager_values():
    assert ising.CRITICAL_TEMPERATURE == pytest.approx(2.269185314213022)
    assert ising.onsager_magnetization(ising.CRITICAL_TEMPERATURE + 1e-9) == 0.0
    assert float(ising.onsager_magnetization(1.0)) == pytest.approx(0.99927, abs=1e-5)
    # u(T_c) = −√2
    assert float(ising.onsager_energy(ising.CRITICAL_TEMPERATURE)) == pytest.approx(-math.sqrt(2), abs=1e-6)


def test_same_seed_same_samples_and_views():
    a = ising.sample(8, 2.5, 50, method="metropolis", random_state=7)
    b = ising.sample(8, 2.5, 50, method="metropolis", random_state=7)
    np.testing.assert_array_equal(a.spins, b.spins)
    assert a.spins.shape == (50, 8, 8) and a.spins.dtype == np.int8
    assert set(np.unique(a.spins)) <= {-1, 1}
    np.testing.assert_array_equal(a.binary, (a.spins.reshape(50, -1) + 1) / 2)
    np.testing.assert_allclose(a.magnetization, a.spins.reshape(50, -1).mean(axis=1))
    s = a.spins.astype(float)
    e = -(s * np.roll(s, 1, axis=1) + s * np.roll(s, 1, axis=2)).sum(axis=(1, 2)) / 64
    np.testing.assert_allclose(a.energy, e)
    ring = ising.sample(10, 1.0, 5, dim=1, random_state=0)
    assert ring.spins.shape == (5, 10)


@pytest.mark.parametrize("kwargs, match", [
    (dict(L=4, T=0.0, n_samples=10), "T must be > 0"),
    (dict(L=4, T=-1.0, n_samples=10), "T must be > 0"),
    (dict(L=4, T=float("nan"), n_samples=10), "T must be > 0"),
    (dict(L=5, T=1.0, n_samples=10), "L must be an even integer"),
    (dict(L=0, T=1.0, n_samples=10), "L must be an even integer"),
    (dict(L=4, T=1.0, n_samples=0), "n_samples must be"),
    (dict(L=4, T=1.0, n_samples=10, dim=3), "dim must be 1 or 2"),
    (dict(L=4, T=1.0, n_samples=10, method="glauber"), "method must be"),
])
def test_bad_input_is_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ising.sample(**kwargs)


def test_exact_refuses_large_lattices():
    with pytest.raises(ValueError, match="L must"):
        ising.exact(6, 2.0)
    with pytest.raises(ValueError, match="T must"):
        ising.exact(4, 0.0)


def test_the_samples_print_their_summary_not_their_arrays():
    from physml import ising

    s = ising.sample(4, 2.5, 200, random_state=0, n_chains=2, thermalization=20)
    text = repr(s)
    e, de = s.mean_energy()
    assert text.startswith("IsingSamples(200 samples, 4x4, T=2.5, metropolis, 2 chains")
    assert f"{e:.5f} +- {de:.5f}" in text
    assert "[" not in text and len(text) < 200


def test_onsager_temperatures_that_are_not_numbers_name_T():
    """Found by tests/test_fuzz.py: T='' gave "could not convert string to float"."""
    for bad in ("", "warm", object()):
        with pytest.raises(TypeError, match="T must be real numbers"):
            ising.onsager_energy(bad)
        with pytest.raises(TypeError, match="T must be real numbers"):
            ising.onsager_magnetization(bad)
