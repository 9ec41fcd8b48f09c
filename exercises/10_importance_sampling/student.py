"""Exercise 10: VMC with importance sampling (see README.md)."""

import numpy as np


def quantum_force(r: np.ndarray, alpha: float) -> np.ndarray:
    """F = 2 ∇ ln Ψ_α at positions r of shape (n_particles, dim); same shape."""
    raise NotImplementedError("quantum_force")


def log_greens_ratio(r: np.ndarray, r_new: np.ndarray, alpha: float, dt: float) -> float:
    """ln G(r_new → r) − ln G(r → r_new) for the Langevin move with D = 1/2 and time step dt."""
    raise NotImplementedError("log_greens_ratio")


def importance_sampling(alpha: float, omega: float, n_particles: int, dim: int, n_steps: int,
                        dt: float, rng: np.random.Generator, burn_in: int = 1000) -> np.ndarray:
    """The local energies of n_steps importance-sampling steps (after burn_in steps), shape (n_steps,)."""
    raise NotImplementedError("importance_sampling")
