"""The documentation site builds without a single warning (scripts/build-docs.sh does
the same outside the tests). It needs the `docs` extra, which scripts/test.sh installs."""

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
    assert "Parameters" in lasso
