"""The pytest plugin of physml, registered through the ``pytest11`` entry point (so
it is active in every pytest run of an environment where physml is installed).

It only adds things a test asks for, so other test suites are not disturbed:

* fixture ``rng`` — a ``numpy.random.Generator`` seeded from ``--physml-seed``
  (default 2024) and the test's node id: reproducible, different per test. A
  ``rng`` fixture of your own (in a conftest.py) takes precedence.
* fixture ``exercise`` — the module a teaching exercise tests: ``student.py``
  beside the test file, or ``solution.py`` with ``--solutions``.
* option ``--solutions`` (also spelled ``--physml-solutions``; only the latter
  when another plugin owns ``--solutions``).
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys
import types
import zlib
from typing import Any

import pytest

STUDENT_FILE = "student.py"
SOLUTION_FILE = "solution.py"
DEFAULT_SEED = 2024


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("physml", "physml teaching exercises")
    help_solutions = ("run exercises against their reference solution (solution.py) instead of "
                      "the student's module (student.py)")
    try:
        group.addoption("--physml-solutions", "--solutions", action="store_true", dest="physml_solutions",
                        default=False, help=help_solutions)
    except ValueError:  # another plugin registered --solutions
        group.addoption("--physml-solutions", action="store_true", dest="physml_solutions", default=False,
                        help=help_solutions)
    group.addoption("--physml-seed", type=int, default=DEFAULT_SEED, dest="physml_seed",
                    help=f"base seed of the rng fixture (default {DEFAULT_SEED})")


def pytest_report_header(config: pytest.Config) -> list[str]:
    if config.getoption("physml_solutions"):
        return ["physml: exercises run against the reference solutions (solution.py)"]
    return []


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> Any:
    """A ``numpy.random.Generator`` seeded from ``--physml-seed`` and the test id."""
    import numpy as np

    base = int(request.config.getoption("physml_seed"))
    return np.random.default_rng([base, zlib.crc32(request.node.nodeid.encode())])


_LOADED: dict[pathlib.Path, types.ModuleType] = {}


def load_exercise_module(path: pathlib.Path) -> types.ModuleType:
    """Import the file ``path`` as a module of its own (cached): the exercise folders
    are not packages and their files share names (``student.py`` in each)."""
    path = path.resolve()
    if path in _LOADED:
        return _LOADED[path]
    if not path.is_file():
        raise FileNotFoundError(f"the exercise module {path} does not exist")
    tag = re.sub(r"\W", "_", f"{path.parent.name}_{path.stem}")
    name = f"physml_exercise_{tag}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    _LOADED[path] = module
    return module


@pytest.fixture(scope="module")
def exercise(request: pytest.FixtureRequest) -> types.ModuleType:
    """The module under test: ``student.py`` in the test file's folder, or
    ``solution.py`` there with ``--solutions``."""
    solutions = request.config.getoption("physml_solutions")
    folder = pathlib.Path(str(request.node.path)).parent
    path = folder / (SOLUTION_FILE if solutions else STUDENT_FILE)
    if not path.is_file():
        pytest.fail(f"{path.name} not found in {folder}" + (" (--solutions needs the reference solution)"
                                                             if solutions else ""), pytrace=False)
    return load_exercise_module(path)
