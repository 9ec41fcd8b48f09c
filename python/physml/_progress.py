"""Progress bars for ``progress=True``: what a student expects in a terminal and in a
notebook, with or without ipywidgets.

``tqdm.auto`` in a Jupyter kernel without ipywidgets prints tqdm's warning
"IProgress not found. Please update jupyter and ipywidgets." (on stderr, red in the
notebook) before falling back to a text bar on stderr. :func:`progress_bar` chooses
instead:

* a Jupyter kernel with ipywidgets (``pip install ipywidgets``): tqdm's widget;
* a Jupyter kernel without it: tqdm's text bar, on **stdout** (a notebook shows
  stderr as an error), and no warning;
* anywhere else (terminal, script, pytest): tqdm's text bar on stderr, as tqdm.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any


def in_jupyter_kernel() -> bool:
    """Whether the code runs in a Jupyter (IPython) kernel, whose frontend can show
    widgets: a notebook, JupyterLab, VS Code."""
    if "ipykernel" not in sys.modules:
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def widgets_available() -> bool:
    """Whether ipywidgets is installed (tqdm's notebook bar needs it)."""
    return importlib.util.find_spec("ipywidgets") is not None


def bar_kind(in_kernel: bool, widgets: bool) -> str:
    """'widget', 'text-stdout' or 'text-stderr' (see the module docstring)."""
    if in_kernel:
        return "widget" if widgets else "text-stdout"
    return "text-stderr"


def progress_bar(total: int, desc: str, unit: str) -> Any:
    """A tqdm bar of ``total`` steps, of the kind :func:`bar_kind` chooses for where the
    code runs; close it with ``.close()``."""
    kind = bar_kind(in_jupyter_kernel(), widgets_available())
    if kind == "widget":
        from tqdm.notebook import tqdm as widget_bar

        return widget_bar(total=total, desc=desc, unit=unit)
    from tqdm.std import tqdm as text_bar

    return text_bar(total=total, desc=desc, unit=unit, file=sys.stdout if kind == "text-stdout" else None)
