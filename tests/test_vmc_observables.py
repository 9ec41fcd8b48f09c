"""Densities, pair distribution and their standard errors from the spread over the
independent chains, held to the exact non-interacting ground state.

N non-interacting bosons in a 2-D isotropic trap with the exact Ψ = exp(−ω r²/2) per
particle: each particle is Gaussian with variance 1/(2ω) per axis, so

* ρ(r) = N (ω/π) exp(−ω r²) per unit area; its average over the shell [r₁, r₂) is
  N (exp(−ω r₁²) − exp(−ω r₂²)) / (π (r₂² − r₁²));
* ρ(x, y) over a cell [x₁, x₂) × [y₁, y₂) averages to
  N · ½(erf(√ω x₂) − erf(√ω x₁)) · ½(erf(√ω y₂) − erf(√ω y₁)) / area;
* r_12 is Rayleigh with σ² = 1/ω: P(r) = ω r exp(−ω r²/2), bin average
  (exp(−ω r₁²/2) − exp(−ω r₂²/2)) / Δr, and ⟨r_12⟩ = √(π/(2ω)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from physml import vmc

OMEGA = 0.8
N_CHAINS = 16


def _sample(n_particles=2, n_samples=200_000, n_chains=N_CHAINS, seed=11, bins=25):
    system = vmc.BoseGas(n_particles=n_particles, dim=2, omega=OMEGA, radius=0)
    driver = vmc.VMC(system, vmc.Gaussian(alpha=OMEGA / 2), vmc.Metropolis(step_length=1.0),
                     n_samples=n_samples, n_chains=n_chains, seed=seed)
    return driver.sample(bins=bins, r_max=2.5 / math.sqrt(OMEGA))


def _pulls(value, error, exact):
    assert np.all(np.isfinite(error)) and np.all(error > 0)
    return np.abs(value - exact) / error


def _check_pulls(pulls):
    """Most bins within 3 error bars, none beyond 6 (with 16 chains the ratio is
    t-distributed with 15 degrees of freedom: P(|t| > 3) ≈ 0.9%)."""
    assert np.mean(pulls <= 3) >= 0.9, pulls
    assert np.max(pulls) <= 6, pulls


@pytest.fixture(scope="module")
def two_bosons():
    return _sample()


def test_radial_density_agrees_with_the_exact_one_within_its_error_bars(two_bosons):
    r = two_bosons
    inner, outer = r.radial_edges[:-1], r.radial_edges[1:]
    exact = 2 * (np.exp(-OMEGA * inner**2) - np.exp(-OMEGA * outer**2)) / (np.pi * (outer**2 - inner**2))
    assert r.radial_density_error.shape == r.radial_density.shape == (25,)
    _check_pulls(_pulls(r.radial_density, r.radial_density_error, exact))
    # the error bar is small: a few per cent of the density in the bulk
    bulk = exact > 0.1 * exact.max()
    assert np.all(r.radial_density_error[bulk] < 0.05 * exact[bulk])


def test_density_map_agrees_with_the_exact_one_within_its_error_bars(two_bosons):
    r = two_bosons
    e = r.density_edges
    cdf = np.array([0.5 * (1 + math.erf(math.sqrt(OMEGA) * v)) for v in e])
    p = np.diff(cdf)  # probability of a coordinate in each bin
    area = np.diff(e)[0] ** 2
    exact = 2 * np.outer(p, p) / area
    assert r.density_2d_error.shape == r.density_2d.shape == (25, 25)
    # cells a chain visits often enough for its histogram to be near-Gaussian
    counts_per_chain = 2 * np.outer(p, p) * r.n_samples / N_CHAINS
    reached = counts_per_chain >= 30
    assert reached.sum() > 150
    _check_pulls(_pulls(r.density_2d[reached], r.density_2d_error[reached], exact[reached]))


def test_pair_distribution_and_mean_distance_agree_within_their_error_bars(two_bosons):
    r = two_bosons
    inner, outer = r.pair_edges[:-1], r.pair_edges[1:]
    exact = (np.exp(-OMEGA * inner**2 / 2) - np.exp(-OMEGA * outer**2 / 2)) / np.diff(r.pair_edges)
    keep = inner > 0.1  # the first bin holds few pairs (P(r) ∝ r)
    _check_pulls(_pulls(r.pair_distribution[keep], r.pair_distribution_error[keep], exact[keep]))
    mean = math.sqrt(math.pi / (2 * OMEGA))
    assert r.mean_distance_error > 0
    assert abs(r.mean_distance - mean) <= 4 * r.mean_distance_error
    assert r.mean_distance_error < 0.01 * mean


def test_error_bars_shrink_as_one_over_root_n():
    small = _sample(n_samples=50_000, seed=3)
    large = _sample(n_samples=200_000, seed=4)

    def shrink(name):
        """Geometric mean over the bins of the per-bin ratio of the error bars."""
        a, b = getattr(small, name), getattr(large, name)
        both = (a > 0) & (b > 0)
        assert both.sum() > 0.8 * a.size
        return float(np.exp(np.mean(np.log(b[both] / a[both]))))

    # four times the samples: half the error. Each bin's error is itself uncertain by
    # ~18% with 16 chains (√(1/(2·15))); over many seeds these ratios stayed within
    # 0.42-0.62 (radial, pair: 25 bins) and 0.49-0.55 (2-D map: ~400 cells).
    assert shrink("radial_density_error") == pytest.approx(0.5, abs=0.12)
    assert shrink("pair_distribution_error") == pytest.approx(0.5, abs=0.15)
    assert shrink("density_2d_error") == pytest.approx(0.5, abs=0.06)
    # a single number: only roughly
    assert 0.25 < large.mean_distance_error / small.mean_distance_error < 1.0


def test_one_chain_gives_nan_errors_and_one_particle_no_pair_errors():
    r = _sample(n_samples=2000, n_chains=1)
    assert np.isfinite(r.radial_density).all()
    for name in ("radial_density_error", "density_2d_error", "pair_distribution_error"):
        assert np.isnan(getattr(r, name)).all(), name
    assert np.isnan(r.mean_distance_error)
    one = _sample(n_particles=1, n_samples=4000, n_chains=4)
    assert np.isnan(one.mean_distance) and np.isnan(one.mean_distance_error)
    assert np.isfinite(one.radial_density_error).all() and one.radial_density_error.max() > 0


def test_without_observables_the_error_arrays_are_empty():
    driver = vmc.VMC(vmc.BoseGas(2, 2, radius=0), vmc.Gaussian(alpha=0.5), n_samples=200, n_chains=2, seed=0)
    r = driver.sample(observables=False)
    assert r.radial_density_error.size == 0 and r.density_2d_error.size == 0
    assert r.pair_distribution_error.size == 0 and np.isnan(r.mean_distance_error)


def test_errors_survive_save_and_load_and_old_files_load_with_nan(tmp_path):
    r = _sample(n_samples=4000, n_chains=4, bins=10)
    path = tmp_path / "sample.npz"
    r.save(path)
    back = vmc.load(path)
    assert back == r
    np.testing.assert_array_equal(back.density_2d_error, r.density_2d_error)
    assert back.mean_distance_error == r.mean_distance_error
    # a file written before the errors existed
    old = tmp_path / "old.npz"
    legacy = ("local_energies", "radial_edges", "radial_density", "density_edges", "density_2d",
              "pair_edges", "pair_distribution", "energy", "error", "variance", "acceptance",
              "mean_distance")
    np.savez(old, _kind=np.array("SampleResult"), **{n: np.asarray(getattr(r, n)) for n in legacy})
    loaded = vmc.load(old)
    np.testing.assert_array_equal(loaded.radial_density, r.radial_density)
    assert loaded.radial_density_error.shape == (10,) and np.isnan(loaded.radial_density_error).all()
    assert loaded.density_2d_error.shape == (10, 10) and np.isnan(loaded.density_2d_error).all()
    assert loaded.pair_distribution_error.shape == (10,) and np.isnan(loaded.pair_distribution_error).all()
    assert np.isnan(loaded.mean_distance_error)
