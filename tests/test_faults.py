"""Faults across the API (issue 12): sizes beyond memory, panics, and the VMC driver."""

import copy
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import physml
from physml import _core, vmc

SIZES = r"""
import json, numpy as np
from physml import data, linear, nn, vmc
X = np.random.default_rng(0).normal(size=(20, 2)); y = X[:, 0]
cases = {
    "hidden_layer_sizes": lambda: nn.MLPRegressor(hidden_layer_sizes=(10**9,)).fit(X, y),
    "hidden_layer_sizes ": lambda: nn.MLPRegressor(hidden_layer_sizes=(2**62,)).fit(X, y),
    "layer_sizes": lambda: nn.Network([2, 10**9, 1]),
    "n_hidden": lambda: vmc.RBM(n_hidden=10**9),
    "n_alphas": lambda: linear.lasso_path(X, y, n_alphas=10**12),
    "n_alphas ": lambda: linear.LassoCV(alphas=10**9).fit(X, y),
    "degree": lambda: data.PolynomialFeatures(degree=10**5).fit(X),
    "n_particles": lambda: vmc.VMC(vmc.QuantumDot(10**9, statistics="boltzmann"), vmc.Gaussian()),
    "bins": lambda: vmc.VMC(vmc.QuantumDot(2), vmc.Gaussian() * vmc.PadeJastrow(), n_samples=16,
                            n_chains=4).sample(bins=10**9),
}
out = {}
for name, run in cases.items():
    try:
        run(); out[name] = "no error"
    except Exception as e:
        out[name] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
"""


def test_sizes_beyond_memory_are_value_errors_naming_the_parameter():
    env = dict(os.environ, PHYSML_MEMORY_LIMIT=str(10**9))
    proc = subprocess.run([sys.executable, "-c", SIZES], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name, outcome in json.loads(proc.stdout).items():
        assert outcome.startswith(f"ValueError: {name.strip()} must be small enough to fit in memory"), outcome
        assert "would need" in outcome


@pytest.mark.parametrize("in_worker", [False, True])
def test_a_panic_in_the_core_is_an_ordinary_exception(in_worker):
    with pytest.raises(physml.InternalError, match="this is a bug in physml"):
        _core._panic_for_tests(in_worker)
    assert issubclass(physml.InternalError, RuntimeError)


def driver(**kw):
    system = vmc.QuantumDot(2, 2, interaction=None)
    return vmc.VMC(system, vmc.Gaussian(0.3), vmc.Metropolis(), vmc.Adam(0.05), n_samples=1000, n_chains=4,
                   seed=1, **kw)


def test_a_callback_reads_the_driver_and_the_wavefunction_is_current():
    d = driver()
    seen = []
    d.optimize(3, callback=lambda i, e: seen.append(d.parameters))
    assert len(seen) == 3 and np.array_equal(seen[-1], d.parameters)
    assert d.wavefunction.alpha == d.parameters[0] != 0.3
    assert repr(d.wavefunction) == f"Gaussian(alpha={float(d.parameters[0])!r}, beta={float(d.parameters[1])!r})"


def test_copies_are_independent_and_continue_alike():
    d = driver()
    d.optimize(2)
    c, before = copy.copy(d), d.parameters
    c.optimize(2)
    assert np.array_equal(d.parameters, before) and d.history.n_iter == 2
    d.optimize(2)
    assert np.array_equal(d.parameters, c.parameters)


def test_save_and_load_take_the_same_path(tmp_path):
    result = driver().optimize(2)
    result.save(tmp_path / "h")
    assert vmc.load(str(tmp_path / "h")) == result


def test_a_diverging_optimisation_stops_with_an_error():
    system = vmc.QuantumDot(2, 2)
    d = vmc.VMC(system, vmc.RBM(random_state=0), vmc.Metropolis(), vmc.SGD(10.0), n_samples=1000, n_chains=4,
                seed=1)
    with pytest.raises(physml.PhysmlError, match="diverged"):
        d.optimize(100)
    assert np.isfinite(d.parameters).all() and (d.history.energy >= 2 - 10 * d.history.error).all()


def test_a_new_shape_never_discards_set_parameters():
    rbm = vmc.RBM(random_state=0).initialize(2, 2)
    rbm.set_parameters(np.zeros(rbm.n_parameters))
    with pytest.raises(ValueError, match="reinitialize=True"):
        rbm.log_value(np.zeros((3, 2)))
    assert rbm.initialize(3, 2, reinitialize=True).n_parameters == 6 + 4 + 24
    g = vmc.Gaussian().initialize(2, 2).set_parameters([0.4, 1.0])
    g.log_value(np.zeros((3, 2)))
    assert g.alpha == 0.4 and g.parameters[0] == 0.4


def test_an_rbm_width_whose_square_underflows_is_refused():
    with pytest.raises(ValueError, match="sigma"):
        vmc.RBM(sigma=5e-324)
