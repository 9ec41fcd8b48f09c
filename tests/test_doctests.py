"""The Examples of every public docstring run, as doctests (what a user pastes from
``help()`` or the API pages works and prints what it says).

The public objects are those tests/test_docstrings.py checks: each name in the
``__all__`` of a public module, with its methods (inherited ones once, where they are
defined), plus the modules' own docstrings. Floats are printed rounded in the
examples; ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import sys

import numpy as np
import pytest

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from test_docstrings import MODULES, PUBLIC  # noqa: E402

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _tests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(recurse=False)
    found: dict[str, doctest.DocTest] = {}
    objects = [(name, importlib.import_module(name)) for name in MODULES]
    objects += [(path, obj.fget if isinstance(obj, property) else obj) for path, obj, _ in PUBLIC]
    for name, obj in objects:
        module = inspect.getmodule(obj)
        for test in finder.find(obj, name, module=module, globs={}):
            if test.examples:
                found.setdefault(test.name, test)
    return list(found.values())


TESTS = _tests()


def test_there_are_examples():
    assert len(TESTS) > 50


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_example_runs(test):
    messages: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    test.globs = {}
    result = runner.run(test, out=messages.append)
    assert result.failed == 0, "".join(messages)
