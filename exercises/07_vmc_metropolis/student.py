"""Exercise 07: VMC with Metropolis sampling (see README.md)."""

import numpy as np


def local_energy(r: np.ndarray, alpha: float, omega: float) -> float:
    """E_L of Ψ = exp(−α Σ r²) for positions r of shape (n_particles, dim)."""
    raise NotImplementedError("local_energy")


def metropolis(alpha: float, omega: float, n_particles: int, dim: int, n_steps: int,
               step: float, rng: np.random.Generator, burn_in: int = 1000) -> np.ndarray:
    """The local energies of n_steps Metropolis steps (after burn_in steps), shape (n_steps,)."""
    raise NotImplementedError("metropolis")
