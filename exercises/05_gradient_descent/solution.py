"""Exercise 05: reference solution."""

import numpy as np


def cost(X, y, beta, lam):
    return float(np.mean((y - X @ beta) ** 2) + lam * beta @ beta)


def gradient(X, y, beta, lam):
    return 2 / len(y) * X.T @ (X @ beta - y) + 2 * lam * beta


def gradient_descent(X, y, lam, eta, n_iter, momentum=0.0):
    beta, v = np.zeros(X.shape[1]), np.zeros(X.shape[1])
    for _ in range(n_iter):
        v = momentum * v + eta * gradient(X, y, beta, lam)
        beta = beta - v
    return beta


def adam(X, y, lam, eta, n_iter, beta1=0.9, beta2=0.999, eps=1e-8):
    beta = np.zeros(X.shape[1])
    m, s = np.zeros_like(beta), np.zeros_like(beta)
    for t in range(1, n_iter + 1):
        g = gradient(X, y, beta, lam)
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        beta = beta - eta * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps)
    return beta
