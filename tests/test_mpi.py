"""VMC across MPI ranks (issue 14): `mpiexec -n 2` runs of a short optimisation and
sampling give numbers identical (==) to the run without MPI with the same seed and
chains, for 1 and 2 threads per rank; checkpoints restart bit-for-bit on another
number of ranks; a failure on one rank ends the job with its message.

MPI comes from the test extra (mpi4py and the mpich wheel, whose mpiexec lands next
to the interpreter)."""

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).with_name("_mpi_vmc.py")
TIMEOUT = 120


def _mpiexec():
    local = Path(sys.executable).parent / "mpiexec"
    if local.exists():
        return str(local)
    return shutil.which("mpiexec")


MPIEXEC = _mpiexec()
pytestmark = pytest.mark.skipif(MPIEXEC is None, reason="no mpiexec (pip install 'physml[mpi]')")
pytest.importorskip("mpi4py")


def run(args, n=None, threads=1, expect_ok=True):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), PYTHONUNBUFFERED="1")
    cmd = [sys.executable, *args] if n is None else [MPIEXEC, "-n", str(n), sys.executable, *args]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if expect_ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def figures(path):
    with open(path, "rb") as f:
        return pickle.load(f)


def assert_identical(a, b):
    assert a.keys() == b.keys()
    for run_name in a:
        assert a[run_name].keys() == b[run_name].keys()
        for key, value in a[run_name].items():
            other = b[run_name][key]
            # bit-for-bit: NaNs in the same places, every other number equal
            assert value.shape == other.shape, (run_name, key)
            assert np.array_equal(value, other, equal_nan=True), (run_name, key, value, other)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("mpi") / "serial.pkl"
    run([str(SCRIPT), "serial", str(out)])
    return figures(out)


@pytest.mark.parametrize("ranks,threads", [(2, 1), (2, 2), (1, 1)])
def test_ranks_and_threads_give_the_numbers_of_one_process(serial, tmp_path, ranks, threads):
    out = tmp_path / "mpi.pkl"
    run([str(SCRIPT), "mpi", str(out)], n=ranks, threads=threads)
    result = figures(out)
    assert set(result) == {"adam", "sr", "sr_cg"}
    assert len(result["adam"]["energy"]) == 3
    assert np.isfinite(result["sr"]["error"]).all()
    assert_identical(result, serial)


def test_checkpoint_restarts_bit_for_bit_on_another_number_of_ranks(tmp_path):
    checkpoint = tmp_path / "run.ckpt"
    saved = tmp_path / "saved.pkl"
    run([str(SCRIPT), "save", str(saved), str(checkpoint)], n=2)
    continued = figures(saved)
    for mode, n in [("resume-serial", None), ("resume", 2), ("resume", 1)]:
        out = tmp_path / f"{mode}{n}.pkl"
        run([str(SCRIPT), mode, str(out), str(checkpoint)], n=n)
        assert_identical(figures(out), continued)


@pytest.mark.parametrize("mode,message", [
    ("fail-callback", "ValueError: callback failed on rank 0"),
    ("fail-rank1", "FloatingPointError: sampling failed on rank 1"),
])
def test_a_failure_on_one_rank_ends_every_rank_with_its_message(tmp_path, mode, message):
    proc = run([str(SCRIPT), mode, str(tmp_path / "x.pkl")], n=2, expect_ok=False)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    # the failing rank raises its own exception, the other names the failing rank
    assert output.count(message) >= 2, output
    assert "VMC stopped on every MPI rank: rank" in output, output


def test_ctrl_c_on_one_rank_during_sample_ends_every_rank_with_the_same_last_sample(tmp_path):
    out = tmp_path / "x.pkl"
    run([str(SCRIPT), "interrupt-sample", str(out)], n=2)
    ranks = figures(out)
    assert ranks[1]["raised"] == "KeyboardInterrupt"
    assert ranks[0]["raised"].startswith("VMC stopped on every MPI rank: rank 1 failed with KeyboardInterrupt")
    assert 0 < ranks[0]["n_samples"] <= 400
    for key in ("energy", "local_energies", "radial_density", "n_samples"):
        assert np.array_equal(ranks[0][key], ranks[1][key]), key


def test_an_uncaught_exception_outside_physml_aborts_the_job_under_python_m_mpi4py(tmp_path):
    proc = run(["-m", "mpi4py", str(SCRIPT), "uncaught", str(tmp_path / "x.pkl")], n=2, expect_ok=False)
    assert proc.returncode != 0
    assert "raised outside physml on rank 1" in proc.stdout + proc.stderr


def test_the_mpi_example_runs_on_two_ranks_and_resumes_from_its_checkpoint(tmp_path):
    example = Path(__file__).resolve().parents[1] / "examples" / "mpi" / "dot.py"
    env = dict(os.environ, PHYSML_QUICK="1", PHYSML_CHECKPOINT=str(tmp_path / "dot.ckpt"), RAYON_NUM_THREADS="1")
    cmd = [MPIEXEC, "-n", "2", sys.executable, "-m", "mpi4py", str(example)]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.count("2 rank(s): E = ") == 1, first.stdout  # rank 0 prints, once
    # a rerun finds the finished run's checkpoint and only samples: the same energy
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == first.stdout
