"""Exercise 10: reference solution (all particles moved at once)."""

import numpy as np

D = 0.5


def quantum_force(r, alpha):
    return -4 * alpha * r


def log_greens_ratio(r, r_new, alpha, dt):
    forward = r_new - r - D * dt * quantum_force(r, alpha)       # r → r_new
    backward = r - r_new - D * dt * quantum_force(r_new, alpha)  # r_new → r
    return float((np.sum(forward**2) - np.sum(backward**2)) / (4 * D * dt))


def importance_sampling(alpha, omega, n_particles, dim, n_steps, dt, rng, burn_in=1000):
    r = rng.normal(scale=0.5, size=(n_particles, dim))
    energies = np.empty(n_steps)
    for t in range(burn_in + n_steps):
        trial = r + D * dt * quantum_force(r, alpha) + np.sqrt(dt) * rng.normal(size=r.shape)
        log_ratio = -2 * alpha * (np.sum(trial**2) - np.sum(r**2)) + log_greens_ratio(r, trial, alpha, dt)
        if np.log(rng.uniform()) < log_ratio:
            r = trial
        if t >= burn_in:
            energies[t - burn_in] = n_particles * dim * alpha + (0.5 * omega**2 - 2 * alpha**2) * np.sum(r * r)
    return energies
