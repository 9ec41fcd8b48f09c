"""physml.testing.run_exercise: an exercise folder's tests in a fresh interpreter,
summarised for nbgrader / otter-grader cells and grading scripts."""

import pathlib
import shutil

import pytest

from physml.testing import ExerciseReport, run_exercise

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDER = ROOT / "exercises" / "05_gradient_descent"


def copy_exercise(tmp_path, student_from):
    copy = tmp_path / FOLDER.name
    copy.mkdir()
    for test in FOLDER.glob("test_*.py"):
        shutil.copy(test, copy / test.name)
    shutil.copy(FOLDER / student_from, copy / "student.py")
    return copy


def test_a_correct_submission_scores_one(tmp_path):
    report = run_exercise(copy_exercise(tmp_path, "solution.py"))
    assert isinstance(report, ExerciseReport)
    assert report.passed == len(report.tests) >= 4 and report.failed == report.errors == 0
    assert report.score == 1.0
    report.assert_passed()
    assert "4 passed" in repr(report) or f"{report.passed} passed" in repr(report)


def test_the_stub_scores_zero_and_names_every_failure(tmp_path):
    report = run_exercise(copy_exercise(tmp_path, "student.py"))
    assert report.failed == len(report.tests) > 0 and report.score == 0.0
    assert all("NotImplementedError" in t.message for t in report.tests)
    with pytest.raises(AssertionError, match="did not pass") as info:
        report.assert_passed()
    assert "test_gradient_matches_finite_differences" in str(info.value)


def test_partial_credit_and_solutions_option(tmp_path):
    copy = copy_exercise(tmp_path, "solution.py")
    # an Adam that never moves fails only the Adam test
    with open(copy / "student.py", "a") as f:
        f.write("\n\ndef adam(X, y, lam, eta, n_iter, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                "    return np.zeros(X.shape[1])\n")
    shutil.copy(FOLDER / "solution.py", copy / "solution.py")
    report = run_exercise(copy)
    assert [t.name.rsplit("::", 1)[-1] for t in report.tests if t.outcome != "passed"] == [
        "test_adam_converges_to_ridge"]
    assert 0 < report.score < 1
    assert run_exercise(copy, solutions=True).score == 1.0


def test_bad_paths_are_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="path"):
        run_exercise(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    report = run_exercise(tmp_path / "empty")
    assert report.tests == []
    with pytest.raises(AssertionError, match="no test"):
        report.assert_passed()
