"""physml: machine learning for physics, with a Rust core.

Three pillars:

* :mod:`physml.linear` — OLS, Ridge, Lasso and ElasticNet (scikit-learn compatible),
  with :mod:`physml.data` and :mod:`physml.resampling` for the course toolkit.
* :mod:`physml.nn` — feed-forward neural networks trained by backpropagation.
* :mod:`physml.vmc` — variational Monte Carlo with neural-network quantum states.

:mod:`physml.exceptions` holds the exception and warning classes (scikit-learn's
when scikit-learn is imported). :mod:`physml.testing` holds the checks (and the
pytest plugin) of the teaching exercises in ``exercises/``, :mod:`physml.ising` Monte
Carlo samples and exact results of the Ising model, and :mod:`physml.rbm` restricted
Boltzmann machines trained on data (generative models).
"""

from physml import data, exceptions, ising, linear, metrics, nn, rbm, resampling, testing, vmc
from physml._core import __version__
from physml.exceptions import (
    ConvergenceWarning,
    DataConversionWarning,
    InternalError,
    NotFittedError,
    PhysmlError,
)

__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "InternalError",
    "NotFittedError",
    "PhysmlError",
    "__version__",
    "data",
    "exceptions",
    "ising",
    "linear",
    "metrics",
    "nn",
    "rbm",
    "resampling",
    "testing",
    "vmc",
]
