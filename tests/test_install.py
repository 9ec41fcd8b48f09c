"""The suite runs against the installed wheel, not the source tree."""

import pathlib
import subprocess
import sys

import pytest

import physml


def test_imports_the_installed_package_not_the_source_tree():
    here = pathlib.Path(__file__).resolve().parents[1] / "python"
    assert not pathlib.Path(physml.__file__).resolve().is_relative_to(here)


def test_version_is_a_string():
    assert physml.__version__.count(".") == 2


def test_demo_runs_and_prints_every_section():
    run = subprocess.run(
        [sys.executable, "-m", "physml"], capture_output=True, text=True, check=True, timeout=600
    )
    out = run.stdout
    assert run.stderr == "", "the demo must run without warnings"
    assert out.startswith(f"physml {physml.__version__}")
    assert "done in" in out
    assert "Regression: Franke function" in out
    for header in ("train MSE", "test MSE", "train R2", "test R2"):
        assert header in out
    for model in ("OLS", "Ridge", "Lasso"):
        assert sum(line.startswith(model) for line in out.splitlines()) == 4
    assert "Neural networks (physml.nn)" in out
    assert "Franke 2-50-50-1 (test MSE)" in out
    assert "digits 64-64-10 softmax (accuracy)" in out  # scikit-learn is a test extra
    assert "Variational Monte Carlo: two electrons" in out
    assert "RBM x Pade-Jastrow" in out


def test_type_stubs_match_the_compiled_core(tmp_path):
    """mypy's stubtest compares _core.pyi with the built module: every function,
    class and argument in one is in the other, with the same names and kinds.

    It runs in an empty directory: mypy searches the working directory first, and
    from site-packages it would take typing_extensions.py and mypy_extensions.py
    there for user modules shadowing the library ones (an error since mypy 2)."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "physml._core"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# physml ships py.typed, so users' mypy reads its annotations: they must type-check,
# and the public results must carry their types. mypy checks the installed package
# with the repository's configuration, from an empty directory (as stubtest above)
# with a cache of its own (a shared .mypy_cache can replay another tree's results).
_PYPROJECT = pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml"


@pytest.fixture(scope="module")
def mypy(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("mypy")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(_PYPROJECT), "--cache-dir", str(cwd / "cache"), *args],
            capture_output=True, text=True, timeout=600, cwd=cwd,
        )

    return run


def test_the_package_type_checks(mypy):
    run = mypy("-p", "physml")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Success: no issues found"), run.stdout + run.stderr


_USER_CODE = """
import numpy as np
from physml import linear, nn, vmc

X, y = np.ones((4, 2)), np.ones(4)
for model in [linear.LinearRegression(), linear.Ridge(alpha=1.0), linear.Lasso(alpha=0.1)]:
    prediction: np.ndarray = model.fit(X, y).predict(X)
regressor: nn.MLPRegressor = nn.MLPRegressor().fit(X, y)
system = vmc.QuantumDot(n_particles=2, dim=2)
omega: float = system.omega
rbm: vmc.RBM = vmc.RBM(n_hidden=2).initialize(2, 2)
rbm = rbm.set_weights(b=np.zeros(2)).set_parameters(rbm.parameters)
result = vmc.VMC(system, rbm * vmc.PadeJastrow()).sample(1000)
energy: float = result.energy
error: float = result.error
acceptance: float = result.acceptance
density: np.ndarray = result.radial_density
"""


def test_user_code_sees_the_public_types(mypy):
    run = mypy("-c", _USER_CODE)
    assert run.returncode == 0, run.stdout + run.stderr
    # ... and the check has teeth: a wrong type for a result attribute is an error
    run = mypy("-c", _USER_CODE + "wrong: str = result.energy\n")
    assert run.returncode == 1, run.stdout + run.stderr
    assert 'has type "float", variable has type "str"' in run.stdout, run.stdout
