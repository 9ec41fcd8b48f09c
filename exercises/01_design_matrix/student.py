"""Exercise 01: fill in the functions (see README.md)."""

import numpy as np


def design_matrix(x: np.ndarray, y: np.ndarray, degree: int) -> np.ndarray:
    """Columns xⁱyᵏ for i + k <= degree, ordered 1, x, y, x², xy, y², x³, ...;
    shape (len(x), (degree + 1)(degree + 2)/2)."""
    raise NotImplementedError("design_matrix")


def mse(z: np.ndarray, z_pred: np.ndarray) -> float:
    """Mean squared error (1/n) Σ (z_i − ẑ_i)²."""
    raise NotImplementedError("mse")


def r2(z: np.ndarray, z_pred: np.ndarray) -> float:
    """Coefficient of determination 1 − Σ (z − ẑ)² / Σ (z − z̄)²."""
    raise NotImplementedError("r2")
