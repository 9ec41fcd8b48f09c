"""Exercise 11: a restricted Boltzmann machine (times a Padé–Jastrow factor) for two
electrons in a 2-D quantum dot (see README.md).

Configurations come in batches x of shape (n, 4) (rows (x₁, y₁, x₂, y₂)); the
parameters θ = (a (4), b (n_hidden), W (4·n_hidden, row-major), β) are one vector.
"""

import numpy as np


def log_psi(x: np.ndarray, theta: np.ndarray, n_hidden: int, sigma: float) -> np.ndarray:
    """ln Ψ(x) for every row of x, shape (n,)."""
    raise NotImplementedError("log_psi")


def gradient(x: np.ndarray, theta: np.ndarray, n_hidden: int, sigma: float) -> np.ndarray:
    """∂ ln Ψ/∂x_k for every row, shape (n, 4)."""
    raise NotImplementedError("gradient")


def laplacian(x: np.ndarray, theta: np.ndarray, n_hidden: int, sigma: float) -> np.ndarray:
    """Σ_k ∂² ln Ψ/∂x_k² for every row, shape (n,)."""
    raise NotImplementedError("laplacian")


def parameter_gradient(x: np.ndarray, theta: np.ndarray, n_hidden: int, sigma: float) -> np.ndarray:
    """O_i = ∂ ln Ψ/∂θ_i for every row, shape (n, len(theta)), in the order of θ."""
    raise NotImplementedError("parameter_gradient")


def local_energy(x: np.ndarray, theta: np.ndarray, n_hidden: int, sigma: float, omega: float) -> np.ndarray:
    """E_L = HΨ/Ψ (with the Coulomb repulsion) for every row, shape (n,)."""
    raise NotImplementedError("local_energy")


def energy_gradient(energies: np.ndarray, o: np.ndarray) -> np.ndarray:
    """2(⟨E_L O_i⟩ − ⟨E_L⟩⟨O_i⟩) from samples: energies (n,), o (n, n_parameters)."""
    raise NotImplementedError("energy_gradient")


def optimize(theta: np.ndarray, n_hidden: int, sigma: float, omega: float, rng: np.random.Generator,
             n_iter: int = 50, n_walkers: int = 400, n_steps: int = 10, step: float = 1.0,
             eta: float = 0.3) -> np.ndarray:
    """Gradient descent on the VMC energy from θ: each of n_iter iterations moves all
    n_walkers by Metropolis (steps of step·U(−½, ½) per coordinate) for n_steps steps to
    re-equilibrate, then n_steps more steps whose E_L and O estimate ∂E/∂θ, and sets
    θ ← θ − eta ∂E/∂θ. Returns the final θ. Should take about a second."""
    raise NotImplementedError("optimize")
