"""Exercise 02: ordinary least squares (see README.md)."""

import numpy as np


class OLS:
    """Least squares y ≈ intercept_ + X @ coef_ (intercept_ = 0 without fit_intercept)."""

    def __init__(self, fit_intercept: bool = True):
        self.fit_intercept = fit_intercept

    def fit(self, X: np.ndarray, y: np.ndarray) -> "OLS":
        """Set coef_ (n_features,) and intercept_ (float); return self."""
        raise NotImplementedError("OLS.fit")

    def predict(self, X: np.ndarray) -> np.ndarray:
        """intercept_ + X @ coef_."""
        raise NotImplementedError("OLS.predict")
