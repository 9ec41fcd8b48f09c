"""physml: machine learning for physics, with a Rust core.

Three pillars:

* :mod:`physml.linear` — OLS, Ridge, Lasso and ElasticNet (scikit-learn compatible),
  with :mod:`physml.data` and :mod:`physml.resampling` for the course toolkit.
* :mod:`physml.nn` — feed-forward neural networks trained by backpropagation.
* :mod:`physml.vmc` — variational Monte Carlo with neural-network quantum states.

and :mod:`physml.ising`, Monte Carlo samples and exact results of the Ising model.
"""

from physml import data, ising, linear, metrics, nn, resampling, vmc
from physml._core import PhysmlError, __version__

__all__ = ["PhysmlError", "__version__", "data", "ising", "linear", "metrics", "nn", "resampling", "vmc"]
