"""Exercise 12: reference solution."""

import numpy as np


def cost(theta, X, y):
    r = y - theta[0] - X @ theta[1:]
    return float(r @ r / (2 * len(y)))


def gradient(theta, X, y):
    r = theta[0] + X @ theta[1:] - y
    return np.concatenate([[r.mean()], X.T @ r / len(y)])


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def sgd(X, y, optimizer, eta, n_epochs, batch_size=None, rng=None, rho=0.9, eps=1e-8):
    theta = np.zeros(X.shape[1] + 1)
    s = np.zeros_like(theta)
    for _ in range(n_epochs):
        batches = [np.arange(len(y))] if batch_size is None else minibatches(len(y), batch_size, rng)
        for batch in batches:
            g = gradient(theta, X[batch], y[batch])
            if optimizer == "sgd":
                theta = theta - eta * g
                continue
            s = s + g * g if optimizer == "adagrad" else rho * s + (1 - rho) * g * g
            theta = theta - eta * g / (np.sqrt(s) + eps)
    return theta
