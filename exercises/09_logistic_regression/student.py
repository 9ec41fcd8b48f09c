"""Exercise 09: logistic regression by gradient descent (see README.md)."""

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + exp(−z)) elementwise, without overflow warnings for any finite z."""
    raise NotImplementedError("sigmoid")


def cost(theta: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float) -> float:
    """Mean cross-entropy of p = σ(θ₀ + X θ[1:]) for labels y ∈ {0, 1}, plus (λ/2)‖θ[1:]‖²."""
    raise NotImplementedError("cost")


def gradient(theta: np.ndarray, X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """∇C(θ), shape (p + 1,): (1/n) Σ(p − y) for θ₀, (1/n) Xᵀ(p − y) + λ θ[1:] for the rest."""
    raise NotImplementedError("gradient")


class LogisticRegression:
    """Binary logistic regression fitted by n_iter steps of gradient descent (step eta) from θ = 0."""

    def __init__(self, lam: float = 0.0, eta: float = 0.5, n_iter: int = 2000):
        self.lam = lam
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LogisticRegression":
        """Set coef_ (p,) and intercept_ (float); return self."""
        raise NotImplementedError("LogisticRegression.fit")

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Shape (n, 2): columns 1 − p and p, p = σ(intercept_ + X @ coef_)."""
        raise NotImplementedError("LogisticRegression.predict_proba")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The label (0 or 1) of the larger probability."""
        raise NotImplementedError("LogisticRegression.predict")
