"""Exercise 09: reference solution."""

import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def cost(theta, X, y, lam):
    z = theta[0] + X @ theta[1:]
    # −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = ln(1 + eᶻ) − y z, computed stably
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * lam * theta[1:] @ theta[1:])


def gradient(theta, X, y, lam):
    residual = sigmoid(theta[0] + X @ theta[1:]) - y
    return np.concatenate([[residual.mean()], X.T @ residual / len(y) + lam * theta[1:]])


class LogisticRegression:
    def __init__(self, lam=0.0, eta=0.5, n_iter=2000):
        self.lam = lam
        self.eta = eta
        self.n_iter = n_iter

    def fit(self, X, y):
        theta = np.zeros(X.shape[1] + 1)
        for _ in range(self.n_iter):
            theta = theta - self.eta * gradient(theta, X, y, self.lam)
        self.intercept_, self.coef_ = float(theta[0]), theta[1:]
        return self

    def predict_proba(self, X):
        p = sigmoid(self.intercept_ + X @ self.coef_)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return (self.predict_proba(X)[:, 1] > 0.5).astype(int)
