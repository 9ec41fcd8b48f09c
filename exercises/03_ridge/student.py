"""Exercise 03: Ridge regression (see README.md)."""

import numpy as np


class RidgeRegression:
    """Minimises ‖y − intercept_ − X coef_‖² + alpha ‖coef_‖² (intercept not penalised)."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RidgeRegression":
        """Set coef_ (n_features,) and intercept_ (float); return self."""
        raise NotImplementedError("RidgeRegression.fit")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """intercept_ + X @ coef_."""
        raise NotImplementedError("RidgeRegression.predict")
