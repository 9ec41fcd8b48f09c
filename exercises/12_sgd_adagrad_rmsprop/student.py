"""Exercise 12: stochastic gradient descent, Adagrad and RMSprop (see README.md)."""

from typing import List, Optional

import numpy as np


def cost(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    """1/(2n) Σ (y − θ₀ − X θ[1:])²."""
    raise NotImplementedError("cost")


def gradient(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∇C(θ), shape (p + 1,), the intercept's component first."""
    raise NotImplementedError("gradient")


def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> List[np.ndarray]:
    """A random permutation of range(n) cut into consecutive index arrays of batch_size
    (the last one may be shorter)."""
    raise NotImplementedError("minibatches")


def sgd(X: np.ndarray, y: np.ndarray, optimizer: str, eta: float, n_epochs: int,
        batch_size: Optional[int] = None, rng: Optional[np.random.Generator] = None,
        rho: float = 0.9, eps: float = 1e-8) -> np.ndarray:
    """θ = (b, w) after n_epochs epochs from θ = 0; optimizer is 'sgd' (plain steps),
    'adagrad' or 'rmsprop'; batch_size=None is full-batch gradient descent."""
    raise NotImplementedError("sgd")
