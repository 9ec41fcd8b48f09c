"""The documentation site builds without a single warning (scripts/build-docs.sh does
the same outside the tests), with the example notebooks executed in their quick mode
(PHYSML_QUICK=1, set by docs/conf.py). It needs the `docs` extra, which scripts/test.sh
installs."""

import importlib.util
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("sphinx", "numpydoc", "myst_nb")),
    reason="the docs extra is not installed",
)
def test_the_documentation_builds_without_warnings(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-20000:]
    html = tmp_path / "html"
    for page in ("index.html", "install.html", "regression.html", "vmc.html", "changelog.html",
                 "api/index.html", "api/generated/physml.linear.Lasso.html",
                 "examples/quantum_dot_rbm.html"):
        assert (html / page).is_file(), page
    lasso = (html / "api/generated/physml.linear.Lasso.html").read_text(encoding="utf-8")
    assert "Parameters" in lasso and "Examples" in lasso
    assert (html / "api/generated/physml.rbm.BernoulliRBM.html").is_file()
    # the notebooks are shown executed: every one has outputs, the plotting ones figures
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        page = (html / "examples" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert "cell_output" in page, notebook.name
        assert "Traceback" not in page, notebook.name
    assert "<img" in (html / "examples/regression_franke.html").read_text(encoding="utf-8")


def test_the_readme_quick_start_runs_and_prints_what_it_says(capsys):
    """The README's quick start is what a new user pastes first: it runs without a
    warning (pytest turns them into errors) and prints the figures its comments state."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md (Quick start)", "exec"), {})
    printed = capsys.readouterr().out.split()
    stated = [line.split("#", 1)[1] for line in code.splitlines() if line.startswith("print(")]
    assert len(stated) == 3
    r2_ridge, r2_net = float(printed[0]), float(printed[1])
    energy, error = float(printed[2]), float(printed[4])
    assert f"R² = {r2_ridge:.2f}" in stated[0]
    assert f"R² = {r2_net:.2f}" in stated[1]
    assert abs(energy - 3.0) < 5 * error < 0.01  # the exact energy within the error bar
    assert f"{energy:.5f} +- {error:.5f}" in stated[2]
