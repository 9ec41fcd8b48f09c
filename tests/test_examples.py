"""Every notebook in examples/ runs from top to bottom without error (in a fresh
python3 kernel, within a time limit), so the examples cannot rot.

The kernel inherits ``PHYSML_QUICK=1``: a notebook whose full settings take minutes
(examples/quantum_dot_fermions.ipynb) reads it and runs a short version. A notebook must not show a warning (stderr output):
a student would read it as a problem of their own."""

import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    monkeypatch.setenv("PHYSML_QUICK", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()
    shown = [output.get("text", "") for cell in nb.cells for output in cell.get("outputs", [])
             if output.get("name") == "stderr" or output.get("output_type") == "error"]
    assert not shown, f"{path.name} shows warnings or errors:\n" + "\n".join(shown)
