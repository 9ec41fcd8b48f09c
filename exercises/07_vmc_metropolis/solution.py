"""Exercise 07: reference solution (all particles moved at once)."""

import numpy as np


def local_energy(r, alpha, omega):
    n, d = r.shape
    return float(n * d * alpha + (0.5 * omega**2 - 2 * alpha**2) * np.sum(r * r))


def metropolis(alpha, omega, n_particles, dim, n_steps, step, rng, burn_in=1000):
    r = rng.normal(scale=0.5, size=(n_particles, dim))
    r2 = np.sum(r * r)
    energies = np.empty(n_steps)
    for t in range(burn_in + n_steps):
        trial = r + step * (rng.uniform(size=r.shape) - 0.5)
        trial_r2 = np.sum(trial * trial)
        if rng.uniform() < np.exp(-2 * alpha * (trial_r2 - r2)):
            r, r2 = trial, trial_r2
        if t >= burn_in:
            energies[t - burn_in] = n_particles * dim * alpha + (0.5 * omega**2 - 2 * alpha**2) * r2
    return energies
