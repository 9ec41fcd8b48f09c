"""The suite runs against the installed wheel, not the source tree."""

import pathlib
import subprocess
import sys

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


def test_type_stubs_match_the_compiled_core():
    """mypy's stubtest compares _core.pyi with the built module: every function,
    class and argument in one is in the other, with the same names and kinds."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "physml._core"],
        capture_output=True, text=True, timeout=600, cwd=pathlib.Path(physml.__file__).parents[1],
    )
    assert run.returncode == 0, run.stdout + run.stderr
