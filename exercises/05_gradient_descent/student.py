"""Exercise 05: gradient descent (see README.md)."""

import numpy as np


def cost(X: np.ndarray, y: np.ndarray, beta: np.ndarray, lam: float) -> float:
    """(1/n)‖y − Xβ‖² + λ‖β‖²."""
    raise NotImplementedError("cost")


def gradient(X: np.ndarray, y: np.ndarray, beta: np.ndarray, lam: float) -> np.ndarray:
    """∇C = (2/n)Xᵀ(Xβ − y) + 2λβ."""
    raise NotImplementedError("gradient")


def gradient_descent(X, y, lam: float, eta: float, n_iter: int, momentum: float = 0.0) -> np.ndarray:
    """β after n_iter steps of gradient descent with momentum, from β = 0."""
    raise NotImplementedError("gradient_descent")


def adam(X, y, lam: float, eta: float, n_iter: int, beta1=0.9, beta2=0.999, eps=1e-8) -> np.ndarray:
    """β after n_iter Adam steps on the full gradient, from β = 0."""
    raise NotImplementedError("adam")
