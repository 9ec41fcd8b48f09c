"""physml: machine learning for physics, with a Rust core.

Three pillars:

* :mod:`physml.linear` — OLS, Ridge, Lasso and ElasticNet (scikit-learn compatible),
  with :mod:`physml.data` and :mod:`physml.resampling` for the course toolkit.
* :mod:`physml.nn` — feed-forward neural networks trained by backpropagation.
* :mod:`physml.vmc` — variational Monte Carlo with neural-network quantum states.
"""

from physml._core import __version__
from physml import vmc

__all__ = ["__version__", "vmc"]
