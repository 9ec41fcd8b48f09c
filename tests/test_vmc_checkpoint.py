"""Drivers pickle, deep-copy and checkpoint through one versioned state (issue 14),
and continue bit-for-bit."""

import copy
import pickle

import numpy as np
import pytest

from physml import vmc


def make(optimizer=None):
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    psi = vmc.RBM(n_hidden=2, random_state=1) * vmc.PadeJastrow(beta=0.5)
    return vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.1, burn_in=10), optimizer or vmc.Adam(0.02),
                   n_samples=400, n_chains=4, seed=7)


def same_future(a, b):
    ha, hb = a.optimize(2), b.optimize(2)
    for name in ("energy", "error", "variance", "acceptance", "gradient_norm", "parameters"):
        assert np.array_equal(getattr(ha, name), getattr(hb, name)), name
    assert np.array_equal(a.history.energy, b.history.energy)
    sa, sb = a.sample(300, bins=5), b.sample(300, bins=5)
    assert np.array_equal(sa.local_energies, sb.local_energies)
    assert np.array_equal(sa.radial_density, sb.radial_density)


@pytest.mark.parametrize("optimizer", [vmc.Adam(0.02), vmc.SGD(0.01, momentum=0.5), vmc.SR(0.05)])
def test_pickle_deepcopy_and_checkpoint_continue_bit_for_bit(optimizer, tmp_path):
    driver = make(optimizer)
    driver.optimize(3)
    state = driver.__getstate__()
    assert state["version"] == vmc.VMC.STATE_VERSION == 1
    assert state["core"]["positions"].shape == (4, 4) and state["core"]["rng"].shape == (4, 4)
    clones = [pickle.loads(pickle.dumps(driver)), copy.deepcopy(driver), copy.copy(driver)]
    driver.save_checkpoint(tmp_path / "run.ckpt")
    clones.append(vmc.VMC.load_checkpoint(tmp_path / "run.ckpt"))
    for clone in clones:
        assert np.array_equal(clone.history.energy, driver.history.energy)
        assert np.array_equal(clone.parameters, driver.parameters)
    reference = copy.deepcopy(driver)
    for clone in clones:
        same_future(copy.deepcopy(reference), clone)


def test_a_driver_that_never_ran_pickles_and_starts_its_walkers_from_the_streams():
    driver = make()
    clone = pickle.loads(pickle.dumps(driver))
    assert clone.__getstate__()["core"]["positions"].shape == (0, 4)
    same_future(driver, clone)


def test_a_wrong_state_or_file_is_refused(tmp_path):
    driver = make()
    state = driver.__getstate__()
    state["version"] = 99
    with pytest.raises(ValueError, match="version 1"):
        driver.__setstate__(state)
    path = tmp_path / "x.ckpt"
    path.write_bytes(pickle.dumps({"something": "else"}))
    with pytest.raises(ValueError, match="not a VMC checkpoint"):
        vmc.VMC.load_checkpoint(path)


def test_comm_must_divide_the_chains_and_be_a_communicator():
    class OneRank:
        def Get_rank(self):
            return 0

        def Get_size(self):
            return 3

        def allgather(self, value):
            return [value] * 3

        def bcast(self, value, root=0):
            return value

    with pytest.raises(ValueError, match="n_chains must be a multiple of the number of MPI ranks"):
        vmc.VMC(vmc.QuantumDot(2, 2), vmc.Gaussian(), n_samples=100, n_chains=4, seed=1, comm=OneRank())
    with pytest.raises(TypeError, match="comm must be an mpi4py communicator"):
        vmc.VMC(vmc.QuantumDot(2, 2), vmc.Gaussian(), n_samples=100, n_chains=4, seed=1, comm=object())
