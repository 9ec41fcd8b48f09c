"""Variational Monte Carlo with neural-network quantum states.

The pieces compose explicitly, as in NetKet: a *system* (the Hamiltonian), a trial
*wave function* (products with ``*``), a *sampler*, an *optimiser* and the driver
:class:`VMC`::

    from physml import vmc

    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)          # exact E = 3
    psi = vmc.RBM(n_hidden=4, sigma=1.0, random_state=0) * vmc.PadeJastrow(beta=1.0)
    driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.0), vmc.Adam(0.02),
                     n_samples=10_000, seed=1)
    history = driver.optimize(200, progress=True)
    result = driver.sample(1_000_000)
    print(result.energy, "+-", result.error)

Units are Hartree atomic units throughout (lengths in Bohr radii a₀, energies in
Hartree E_h, ω in E_h/ħ). The quantum-dot Hamiltonian is

    H = Σ_i (−½∇_i² + ½ω²r_i²) + Σ_{i<j} 1/|r_i − r_j|.

The variational energy E = ⟨Ψ|H|Ψ⟩/⟨Ψ|Ψ⟩ is estimated as the mean of the local
energy E_L(x) = HΨ(x)/Ψ(x) over samples x ~ |Ψ|², computed from the analytic
gradient and Laplacian of ln Ψ; its error bar is the automated blocking estimate
(Jonsson, Phys. Rev. E 98, 043304 (2018)). Parameters θ move along the energy
gradient ∂E/∂θ_i = 2(⟨E_L O_i⟩ − ⟨E_L⟩⟨O_i⟩) with O_i = ∂ ln Ψ/∂θ_i.

Configurations ``x`` passed to wave functions are arrays of shape
``(n_particles, dim)``.

The package mirrors the core's ``src/vmc/``: ``_hamiltonian`` (systems),
``_wavefunction`` (the ansätze and their product), ``_sampler``, ``_optimizer``,
``_driver`` (:class:`VMC`) and ``_results``.
"""

from physml.vmc._driver import VMC
from physml.vmc._hamiltonian import BoseGas, QuantumDot
from physml.vmc._optimizer import SGD, SR, Adam
from physml.vmc._results import OptimizationResult, SampleResult, load
from physml.vmc._sampler import Gibbs, ImportanceSampling, Metropolis
from physml.vmc._wavefunction import (
    RBM,
    Gaussian,
    HardSphereJastrow,
    NeuralJastrow,
    PadeJastrow,
    Product,
    SlaterDeterminant,
    WaveFunction,
)

__all__ = [
    "QuantumDot",
    "BoseGas",
    "WaveFunction",
    "Gaussian",
    "RBM",
    "PadeJastrow",
    "SlaterDeterminant",
    "HardSphereJastrow",
    "NeuralJastrow",
    "Product",
    "Metropolis",
    "ImportanceSampling",
    "Gibbs",
    "SGD",
    "Adam",
    "SR",
    "VMC",
    "OptimizationResult",
    "SampleResult",
    "load",
]
