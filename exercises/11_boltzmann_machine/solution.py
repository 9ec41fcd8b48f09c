"""Exercise 11: reference solution (every function works on a batch of walkers)."""

import numpy as np

N_PARTICLES, DIM = 2, 2
M = N_PARTICLES * DIM
CUSP = 1.0 / (DIM - 1)  # antiparallel spins


def split(theta, n_hidden):
    a, b = theta[:M], theta[M:M + n_hidden]
    W = theta[M + n_hidden:M + n_hidden + M * n_hidden].reshape(M, n_hidden)
    return a, b, W, theta[-1]


def _logistic(u):
    return 0.5 * (1 + np.tanh(0.5 * u))


def _pair(x):
    d12 = x[:, :DIM] - x[:, DIM:]
    return d12, np.sqrt(np.sum(d12 * d12, axis=1))


def log_psi(x, theta, n_hidden, sigma):
    a, b, W, beta = split(theta, n_hidden)
    u = b + x @ W / sigma**2
    _, r = _pair(x)
    return -np.sum((x - a) ** 2, axis=1) / (2 * sigma**2) + np.sum(np.logaddexp(0, u), axis=1) \
        + CUSP * r / (1 + beta * r)


def gradient(x, theta, n_hidden, sigma):
    a, b, W, beta = split(theta, n_hidden)
    s = _logistic(b + x @ W / sigma**2)
    g = (a - x) / sigma**2 + s @ W.T / sigma**2
    d12, r = _pair(x)
    pair = CUSP * d12 / (r * (1 + beta * r) ** 2)[:, None]
    return g + np.hstack([pair, -pair])


def laplacian(x, theta, n_hidden, sigma):
    a, b, W, beta = split(theta, n_hidden)
    s = _logistic(b + x @ W / sigma**2)
    rbm = -M / sigma**2 + (s * (1 - s)) @ np.sum(W * W, axis=0) / sigma**4
    _, r = _pair(x)
    f1 = CUSP / (1 + beta * r) ** 2
    f2 = -2 * CUSP * beta / (1 + beta * r) ** 3
    return rbm + 2 * (f2 + (DIM - 1) * f1 / r)


def parameter_gradient(x, theta, n_hidden, sigma):
    a, b, W, beta = split(theta, n_hidden)
    s = _logistic(b + x @ W / sigma**2)
    _, r = _pair(x)
    o_w = (x[:, :, None] * s[:, None, :] / sigma**2).reshape(len(x), -1)
    o_beta = -CUSP * r**2 / (1 + beta * r) ** 2
    return np.hstack([(x - a) / sigma**2, s, o_w, o_beta[:, None]])


def local_energy(x, theta, n_hidden, sigma, omega):
    g = gradient(x, theta, n_hidden, sigma)
    kinetic = -0.5 * (laplacian(x, theta, n_hidden, sigma) + np.sum(g * g, axis=1))
    _, r = _pair(x)
    return kinetic + 0.5 * omega**2 * np.sum(x * x, axis=1) + 1 / r


def energy_gradient(energies, o):
    return 2 * (energies @ o / len(energies) - energies.mean() * o.mean(axis=0))


def optimize(theta, n_hidden, sigma, omega, rng, n_iter=50, n_walkers=400, n_steps=10, step=1.0, eta=0.3):
    theta = np.array(theta, dtype=float)
    x = rng.normal(size=(n_walkers, M))
    log_p = 2 * log_psi(x, theta, n_hidden, sigma)
    for _ in range(n_iter):
        energies, o = [], []
        for t in range(2 * n_steps):  # n_steps to re-equilibrate, then n_steps recorded
            trial = x + step * (rng.uniform(size=x.shape) - 0.5)
            log_trial = 2 * log_psi(trial, theta, n_hidden, sigma)
            accept = np.log(rng.uniform(size=n_walkers)) < log_trial - log_p
            x[accept], log_p[accept] = trial[accept], log_trial[accept]
            if t >= n_steps:
                energies.append(local_energy(x, theta, n_hidden, sigma, omega))
                o.append(parameter_gradient(x, theta, n_hidden, sigma))
        theta = theta - eta * energy_gradient(np.concatenate(energies), np.concatenate(o))
        log_p = 2 * log_psi(x, theta, n_hidden, sigma)
    return theta
