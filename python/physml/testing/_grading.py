"""Grading an exercise folder from Python (an nbgrader autograder cell, an otter-grader
test, a teacher's script): run its pytest file in a fresh interpreter and report."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Optional

import physml

PLUGIN = "physml.testing.pytest_plugin"


@dataclass(frozen=True)
class GradedTest:
    """One test of an exercise.

    Parameters
    ----------
    name : str
        'module::test[parameters]', the module dotted from the folder run.
    outcome : {'passed', 'failed', 'error', 'skipped'}
        The result.
    message : str, default ''
        The first line of the failure, empty when it passed.

    Attributes
    ----------
    name, outcome, message : str
        As above.

    Examples
    --------
    >>> from physml.testing import GradedTest
    >>> GradedTest("test_ols::test_fit", "failed", "assert 1 == 2").outcome
    'failed'
    """

    name: str
    outcome: str
    message: str = ""


@dataclass(frozen=True)
class ExerciseReport:
    """The outcome of :func:`run_exercise`.

    Parameters
    ----------
    path : str
        The folder or file that was run.
    tests : list of GradedTest
        Every test.
    output : str, default ''
        pytest's terminal output (for a full traceback).
    returncode : int, default 0
        pytest's exit status.

    Attributes
    ----------
    path, tests, output, returncode
        As above.
    passed, failed, errors, skipped : int
        The counts of the outcomes.
    score : float
        passed / (tests that were not skipped), in [0, 1] (0 when nothing ran).

    Examples
    --------
    >>> from physml.testing import ExerciseReport, GradedTest
    >>> report = ExerciseReport("01_ols", [GradedTest("t::a", "passed"), GradedTest("t::b", "failed", "x")])
    >>> report.passed, report.failed, report.score
    (1, 1, 0.5)
    """

    path: str
    tests: list[GradedTest] = field(default_factory=list)
    output: str = ""
    returncode: int = 0

    def _count(self, outcome: str) -> int:
        return sum(t.outcome == outcome for t in self.tests)

    @property
    def passed(self) -> int:
        """The number of tests that passed."""
        return self._count("passed")

    @property
    def failed(self) -> int:
        """The number of tests that failed."""
        return self._count("failed")

    @property
    def errors(self) -> int:
        """The number of tests that errored (in set-up or collection)."""
        return self._count("error")

    @property
    def skipped(self) -> int:
        """The number of tests skipped."""
        return self._count("skipped")

    @property
    def score(self) -> float:
        """passed / (tests that were not skipped), in [0, 1] (0 when nothing ran)."""
        graded = len(self.tests) - self.skipped
        return self.passed / graded if graded else 0.0

    def assert_passed(self) -> None:
        """Raise AssertionError listing every test that did not pass (with the first
        line of its message) if any failed or errored, or if no test ran."""
        bad = [t for t in self.tests if t.outcome in ("failed", "error")]
        if not self.tests or self.returncode not in (0, 1) and not bad:
            tail = "\n".join(self.output.strip().splitlines()[-15:])
            raise AssertionError(f"no test of {self.path} ran (pytest exit code {self.returncode}):\n{tail}")
        if bad:
            lines = "\n".join(f"  {t.name}: {t.outcome}: {t.message}" for t in bad)
            raise AssertionError(f"{len(bad)} of {len(self.tests)} tests of {self.path} did not pass:\n{lines}")

    def __repr__(self) -> str:
        return (f"ExerciseReport({pathlib.Path(self.path).name!r}: {self.passed} passed, {self.failed} failed, "
                f"{self.errors} errors, {self.skipped} skipped; score={self.score:.2f})")


def _plugin_registered() -> bool:
    """Whether pytest loads physml's plugin by itself (the ``pytest11`` entry point of
    an installed physml)."""
    return any(ep.value == PLUGIN for ep in entry_points(group="pytest11"))


def _first_line(text: Optional[str]) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0] if lines else ""


def run_exercise(path: Any, *, solutions: bool = False, timeout: float = 600.0,
                 pytest_args: tuple[str, ...] = ()) -> ExerciseReport:
    """Run the tests of one exercise folder (or several, or a single test file) in a
    new Python process and return an :class:`ExerciseReport`.

    The tests run as the student would run them (``pytest PATH``, with physml's pytest
    plugin, so the ``exercise`` fixture loads ``student.py`` beside each test file, or
    ``solution.py`` with ``solutions=True``). A separate process means the notebook or
    grader that calls this never imports (or caches) the student's module, and a
    student's code that crashes the interpreter only fails the report.

    Use it where a grader wants Python rather than a shell: an nbgrader autograder cell
    (``run_exercise("02_ols").assert_passed()``, or partial credit from ``.score``), an
    otter-grader exception-based test, or a teacher's script over every submission.

    Parameters
    ----------
    path : str or path-like
        An exercise folder (with ``test_*.py`` and ``student.py``), a folder of them,
        or one test file.
    solutions : bool
        Run against ``solution.py`` (``--solutions``).
    timeout : float > 0
        Seconds before the run is stopped (subprocess.TimeoutExpired is raised).
    pytest_args : tuple of str
        More pytest arguments (``("-k", "ridge")``, ``("--physml-seed", "7")``).

    Returns
    -------
    ExerciseReport
        The outcome of every test, the counts and the score.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from physml.testing import run_exercise
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "test_sum.py").write_text("def test_sum(): assert 1 + 1 == 2")
    >>> report = run_exercise(folder)
    >>> report.passed, report.score
    (1, 1.0)
    >>> report.assert_passed()
    """
    target = pathlib.Path(os.fspath(path)).resolve()
    if not target.exists():
        raise FileNotFoundError(f"path: no exercise folder or test file at {target}")
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    with tempfile.TemporaryDirectory(prefix="physml-grade-") as tmp:
        report = pathlib.Path(tmp) / "report.xml"
        args = [sys.executable, "-m", "pytest", str(target), "-q", "-p", "no:cacheprovider",
                f"--junitxml={report}", "-o", "junit_family=xunit1"]
        if not _plugin_registered():  # physml imported from a source tree: load the plugin by name
            args += ["-p", PLUGIN]
        if solutions:
            args.append("--physml-solutions")
        args += list(pytest_args)
        env = dict(os.environ)
        package_root = str(pathlib.Path(physml.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        cwd = target if target.is_dir() else target.parent
        run = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=env)
        tests: list[GradedTest] = []
        if report.is_file():
            for case in ET.parse(report).getroot().iter("testcase"):
                module = case.get("classname") or ""  # dotted path of the test module (and class)
                name = f"{module}::{case.get('name')}" if module else str(case.get("name"))
                outcome, message = "passed", ""
                for tag in ("failure", "error", "skipped"):
                    node = case.find(tag)
                    if node is not None:
                        outcome = {"failure": "failed"}.get(tag, tag)
                        message = _first_line(node.get("message") or node.text)
                        break
                tests.append(GradedTest(name, outcome, message))
    return ExerciseReport(str(target), tests, run.stdout + run.stderr, run.returncode)
