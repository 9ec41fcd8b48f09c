"""Exercise 08: blocking (see README.md)."""

import numpy as np


def blocking_error(x: np.ndarray) -> float:
    """The standard error of the mean of a correlated series by automated blocking."""
    raise NotImplementedError("blocking_error")
