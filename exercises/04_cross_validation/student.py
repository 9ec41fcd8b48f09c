"""Exercise 04: resampling (see README.md)."""

import numpy as np


def kfold_mse(model, X: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Test MSE of each of k consecutive folds (array of length k). ``model`` has
    fit(X, y) and predict(X); refit it for every fold."""
    raise NotImplementedError("kfold_mse")


def bootstrap_bias_variance(model, X_train, y_train, X_test, y_test, indices):
    """(error, bias², variance) over the resamples ``X_train[indices[b]]`` for each
    row b of ``indices`` (shape (B, n_train))."""
    raise NotImplementedError("bootstrap_bias_variance")
