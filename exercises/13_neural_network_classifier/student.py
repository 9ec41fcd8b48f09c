"""Exercise 13: a feed-forward classifier from scratch (see README.md).

weights[l] has shape (n_in, n_out) and biases[l] shape (n_out,); every layer
(hidden and output) is a sigmoid; y has shape (n_samples, n_outputs) with 0/1 entries.
"""

import numpy as np


def forward(weights: list, biases: list, X: np.ndarray) -> np.ndarray:
    """Network output a_L (n_samples, n_outputs): a_l = σ(a_{l−1} W_l + b_l)."""
    raise NotImplementedError("forward")


def cost(weights: list, biases: list, X: np.ndarray, y: np.ndarray) -> float:
    """Binary cross-entropy −(1/n) Σ_i Σ_k [y ln a + (1 − y) ln(1 − a)]."""
    raise NotImplementedError("cost")


def backward(weights: list, biases: list, X: np.ndarray, y: np.ndarray) -> tuple:
    """(list of ∂C/∂W_l, list of ∂C/∂b_l), the shapes of weights and biases."""
    raise NotImplementedError("backward")


def train(weights: list, biases: list, X: np.ndarray, y: np.ndarray, eta: float, n_epochs: int) -> tuple:
    """(weights, biases) after n_epochs full-batch gradient-descent steps W ← W − η ∂C/∂W
    (the same for b); the arguments are not modified."""
    raise NotImplementedError("train")


def predict(weights: list, biases: list, X: np.ndarray) -> np.ndarray:
    """Class labels (n_samples,): 1 where the (single) output exceeds ½, else 0."""
    raise NotImplementedError("predict")
