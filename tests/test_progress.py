"""physml._progress.progress_bar: a text bar on stdout in a Jupyter kernel without
ipywidgets (tqdm.auto warns "IProgress not found" there, on stderr), the widget with
ipywidgets, tqdm's text bar on stderr elsewhere."""

import importlib.util
import warnings

import nbformat
import pytest
from nbclient import NotebookClient

from physml._progress import bar_kind, in_jupyter_kernel, progress_bar

HAS_WIDGETS = importlib.util.find_spec("ipywidgets") is not None


def test_the_choice():
    assert bar_kind(in_kernel=True, widgets=True) == "widget"
    assert bar_kind(in_kernel=True, widgets=False) == "text-stdout"
    assert bar_kind(in_kernel=False, widgets=True) == "text-stderr"
    assert bar_kind(in_kernel=False, widgets=False) == "text-stderr"


def test_outside_a_kernel_a_text_bar_on_stderr(capsys):
    assert not in_jupyter_kernel()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bar = progress_bar(3, "work", "it")
        bar.update(3)
        bar.close()
    out, err = capsys.readouterr()
    assert out == "" and "3/3" in err


def run_cells(*sources):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return [[(o.get("name", o["output_type"]), o.get("text", "")) for o in c.outputs] for c in nb.cells]


@pytest.mark.skipif(HAS_WIDGETS, reason="the kernel would show the widget")
def test_in_a_kernel_without_ipywidgets_a_text_bar_on_stdout_and_no_warning():
    ours, theirs = run_cells(
        "from physml._progress import progress_bar, in_jupyter_kernel\n"
        "bar = progress_bar(4, 'work', 'it')\nbar.update(4)\nbar.close()\nprint(in_jupyter_kernel())",
        "from tqdm.auto import tqdm\nbar = tqdm(total=4)\nbar.update(4)\nbar.close()",
    )
    assert all(name == "stdout" for name, _ in ours), ours
    text = "".join(t for _, t in ours)
    assert "4/4" in text and "True" in text and "IProgress" not in text
    # what tqdm.auto does there: the warning on stderr, and the bar on stderr
    assert any(name == "stderr" and "IProgress not found" in t for name, t in theirs), theirs
