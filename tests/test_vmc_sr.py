"""Stochastic reconfiguration's solvers: the dense Cholesky solve, conjugate gradients
and the sample-space solve give the same optimisation (to rounding), and bad
options are refused naming the parameter."""

import numpy as np
import pytest

from physml import vmc


def _trajectory(solver, n_hidden, n_samples):
    system = vmc.QuantumDot(2, 2, 1.0)
    psi = vmc.RBM(n_hidden=n_hidden, sigma=1.0, scale=0.1, random_state=3)
    sr = vmc.SR(learning_rate=0.1, diag_shift=0.01, solver=solver, tol=1e-14, max_iter=1000)
    driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.0), sr, n_samples=n_samples, n_chains=4, seed=7)
    return driver.optimize(6)


# P = 4 + H + 4H: 24 parameters with 400 samples (n > P), 44 with 40 samples (n < P).
@pytest.mark.parametrize(("n_hidden", "n_samples"), [(4, 400), (8, 40)])
def test_every_solver_gives_the_same_trajectory(n_hidden, n_samples):
    dense = _trajectory("dense", n_hidden, n_samples)
    assert np.ptp(dense.energy) > 1e-3  # the parameters move
    for solver in ("cg", "sample", "auto"):
        other = _trajectory(solver, n_hidden, n_samples)
        np.testing.assert_allclose(other.energy, dense.energy, rtol=1e-8, err_msg=solver)
        np.testing.assert_allclose(other.parameters, dense.parameters, rtol=1e-8, atol=1e-12, err_msg=solver)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"solver": "lu"}, "solver must be one of 'auto', 'dense', 'cg', 'sample', got \"lu\""),
        ({"tol": 0.0}, "tol"),
        ({"max_iter": 0}, "max_iter"),
        ({"diag_shift": -1.0}, "diag_shift"),
    ],
)
def test_bad_options_are_refused_naming_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        vmc.SR(**kwargs)


def test_a_solver_that_is_not_a_string_is_a_type_error():
    with pytest.raises(TypeError, match="solver must be a str"):
        vmc.SR(solver=None)


def test_the_core_refuses_a_bad_solver_name_too():
    from physml import _core

    with pytest.raises(ValueError, match="solver must be one of"):
        _core.Optimizer.sr(0.1, 0.01, "cholesky", 1e-10, 1000)


def test_repr_shows_the_solver():
    assert "solver='cg'" in repr(vmc.SR(solver="cg"))
