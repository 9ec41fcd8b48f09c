"""Checks for a course where students write their own regression, gradient descent,
backpropagation and Monte Carlo code and test it against physml with pytest.

* :func:`check_gradient` — an analytic gradient against central finite differences,
  for a function of one array or of a list of arrays (a network's layers), and
  :func:`check_network_gradient` for :meth:`physml.nn.Network.backward` or a
  student's per-layer gradients.
* :func:`assert_estimator_close` — fit a student's estimator and a reference on the
  same data and compare coefficients and predictions, with tolerances that scale
  with the problem and a diagnosis (intercept, scaling, regularisation convention).
* :func:`assert_energy` — a statistical assert for Monte Carlo energies (value ±
  error against an exact or reference value), which flags a variational energy below
  the exact ground state.
* :func:`blocking` and :func:`autocorrelation_time` — the automated blocking error of
  the mean of a correlated series (Jonsson, Phys. Rev. E 98, 043304 (2018)), from the
  Rust core.
* :func:`run_exercise` — run an exercise folder's tests in a fresh interpreter and
  get an :class:`ExerciseReport` (counts, score, messages, ``assert_passed()``), for
  nbgrader / otter-grader cells and grading scripts.

The pytest plugin (:mod:`physml.testing.pytest_plugin`, registered through the
``pytest11`` entry point, so it is active wherever physml is installed) adds the
fixtures ``rng`` and ``exercise`` and the option ``--solutions``; see the README's
"Teaching kit" section.
"""

from physml.testing._blocking import BlockingResult, autocorrelation_time, blocking
from physml.testing._energy import assert_energy
from physml.testing._estimator import assert_estimator_close
from physml.testing._gradient import GradientCheck, check_gradient, check_network_gradient
from physml.testing._grading import ExerciseReport, GradedTest, run_exercise

__all__ = [
    "BlockingResult",
    "ExerciseReport",
    "GradedTest",
    "GradientCheck",
    "assert_energy",
    "assert_estimator_close",
    "autocorrelation_time",
    "blocking",
    "check_gradient",
    "check_network_gradient",
    "run_exercise",
]
