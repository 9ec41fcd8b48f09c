"""The Ising model on periodic lattices: Monte Carlo samples, exact enumeration and
Onsager's exact results.

H = −J Σ_⟨ij⟩ s_i s_j with s_i = ±1 on an L-ring (``dim=1``) or an L × L torus
(``dim=2``), J = 1, no field, k_B = 1: temperatures are in units of J.

* :func:`sample` — equilibrium configurations from Metropolis (checkerboard) or
  Wolff cluster updates in the Rust core, parallel over independent chains.
* :func:`exact` — thermal averages by enumeration of all 2^N states (small lattices).
* :data:`CRITICAL_TEMPERATURE`, :func:`onsager_magnetization`,
  :func:`onsager_energy` — the exact 2-D results in the thermodynamic limit.
"""

from physml.ising._exact import exact
from physml.ising._onsager import CRITICAL_TEMPERATURE, onsager_energy, onsager_magnetization
from physml.ising._sample import IsingSamples, sample

__all__ = [
    "CRITICAL_TEMPERATURE",
    "IsingSamples",
    "exact",
    "onsager_energy",
    "onsager_magnetization",
    "sample",
]
