"""Sphinx configuration of physml's documentation (scripts/build-docs.sh builds it).

The API pages are generated here from each public module's ``__all__`` (so a new public
object is documented without editing the docs), the example notebooks are copied from
``examples/`` and executed by myst-nb in their quick mode (``PHYSML_QUICK=1``, the
setting tests/test_examples.py runs them with), so the site shows their figures and
printed results, and the README's sections and the changelog are included, not copied,
so that the site and the repository agree.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import re
import shutil

import physml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent

project = "physml"
author = "The physml developers"
copyright = "2026, The physml developers"
release = physml.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "exercises"]  # a link, for the notebooks
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# The notebooks run during the build, in the short mode the tests use (the kernel
# inherits the environment): about 35 s of CPU time for the seven. scripts/build-docs.sh
# and tests/test_docs.py start from an empty build directory, so they execute all of
# them with the installed physml; a hand-run incremental sphinx-build reuses the outputs
# of unchanged notebooks ("cache": jupyter-cache, keyed by the notebook's content only).
# A notebook that raises fails the build.
os.environ["PHYSML_QUICK"] = "1"
nb_execution_mode = "cache"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True

autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": False}
autodoc_typehints = "none"  # the signatures carry them; numpydoc's sections the prose
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# The README's sections are included under each page's own title, one level deeper.
suppress_warnings = ["myst.header"]

html_theme = "pydata_sphinx_theme"
html_title = f"physml {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}

# The public modules and the title of their API page.
API_MODULES = {
    "physml.linear": "Regression (physml.linear)",
    "physml.data": "Data and design matrices (physml.data)",
    "physml.resampling": "Resampling (physml.resampling)",
    "physml.metrics": "Metrics (physml.metrics)",
    "physml.nn": "Neural networks (physml.nn)",
    "physml.rbm": "Restricted Boltzmann machines (physml.rbm)",
    "physml.vmc": "Variational Monte Carlo (physml.vmc)",
    "physml.ising": "Ising model (physml.ising)",
    "physml.testing": "Teaching checks (physml.testing)",
}


# physml's docstrings write formulas in plain text and Unicode (|r_i − r_j|, coef_,
# 'newton-*'), which reStructuredText reads as substitutions, link targets and
# emphasis. Outside inline literals, roles and real emphasis, those characters are
# escaped before numpydoc reads the docstring, so the text shows as written.
_PROTECTED = re.compile(
    r"(:[\w:+-]+:`[^`]*`|``[^`]*``|`[^`]*`_{0,2}|\*\*[^\s*][^*]*?(?<=\S)\*\*|\*[^\s*][^*]*?(?<=\S)\*)"
)
_TRAILING_UNDERSCORE = re.compile(r"(?<=\w)(_+)(?=[\s,.;:)\]}'\"]|$)")


def _escape_plain(text: str) -> str:
    text = text.replace("|", "\\|").replace("*", "\\*")
    return _TRAILING_UNDERSCORE.sub(lambda m: "\\_" * len(m.group(1)), text)


def _escape_line(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith(("..", ">>>", "...")) or (stripped[:1] in "+|" and stripped[-1:] in "+|"):
        return line  # directives, doctest lines and tables stay as they are
    bullet = re.match(r"\s*[*+-] ", line)  # a list item's marker is markup
    head, line = (bullet.group(0), line[bullet.end():]) if bullet else ("", line)
    parts = _PROTECTED.split(line)
    return head + "".join(part if i % 2 else _escape_plain(part) for i, part in enumerate(parts))


def _escape_docstring(app, what, name, obj, options, lines) -> None:
    in_literal_block = False
    block_indent = 0
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if in_literal_block and line.strip() and indent <= block_indent:
            in_literal_block = False
        if not in_literal_block:
            lines[i] = _escape_line(line)
            if line.rstrip().endswith("::") or line.lstrip().startswith(">>>"):
                in_literal_block = line.rstrip().endswith("::")
                block_indent = indent


def setup(app):
    # Before numpydoc (priority 500) turns the sections into reStructuredText.
    app.connect("autodoc-process-docstring", _escape_docstring, priority=100)


def _write_if_changed(path: pathlib.Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _api_pages() -> None:
    """One page per public module, with an autosummary of its ``__all__``."""
    api = HERE / "api"
    api.mkdir(exist_ok=True)
    index = ["API reference", "=============", "", ".. toctree::", "   :maxdepth: 1", ""]
    index += [f"   {name}" for name in API_MODULES]
    index += ["", "The exceptions and warnings of the package:", "",
              ".. autosummary::", "   :toctree: generated", "", "   physml.PhysmlError",
              "   physml.InternalError", "   physml.NotFittedError",
              "   physml.ConvergenceWarning", "   physml.DataConversionWarning", ""]
    _write_if_changed(api / "index.rst", "\n".join(index))
    for name, title in API_MODULES.items():
        module = importlib.import_module(name)
        lines = [title, "=" * len(title), "", f".. automodule:: {name}", "   :no-members:", "",
                 f".. currentmodule:: {name}", "", ".. autosummary::", "   :toctree: generated", ""]
        lines += [f"   {obj}" for obj in module.__all__]
        _write_if_changed(api / f"{name}.rst", "\n".join(lines) + "\n")


def _notebooks() -> None:
    """The notebooks of examples/, copied beside the page that lists them. They run in
    docs/examples/, so ``..`` must lead to what they read from the repository's root
    (teaching_kit.ipynb grades ``../exercises``): docs/exercises links to it."""
    target = HERE / "examples"
    target.mkdir(exist_ok=True)
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        copy = target / notebook.name
        if not copy.exists() or copy.read_bytes() != notebook.read_bytes():
            shutil.copyfile(notebook, copy)
    link = HERE / "exercises"
    if not link.exists():
        link.symlink_to(ROOT / "exercises", target_is_directory=True)


_api_pages()
_notebooks()
