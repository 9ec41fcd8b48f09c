"""Exact thermal averages of small Ising lattices by enumeration (Rust core)."""

from __future__ import annotations

from physml import _core
from physml.ising._sample import _check_lattice, _check_temperature


def exact(L: int, T: float, dim: int = 2) -> dict[str, float]:
    """Exact thermal averages per spin of the Ising model on the periodic lattice of
    side ``L`` (``dim`` = 1 or 2) at temperature ``T``, by summing over all 2^N
    configurations (N = L^dim ≤ 24: L ≤ 4 in 2-D, L ≤ 24 in 1-D).

    Returns a dict with ``energy`` ⟨e⟩, ``energy_sq`` ⟨e²⟩, ``abs_magnetization``
    ⟨|m|⟩, ``magnetization_sq`` ⟨m²⟩, ``specific_heat`` N(⟨e²⟩ − ⟨e⟩²)/T²,
    ``susceptibility`` N(⟨m²⟩ − ⟨|m|⟩²)/T and ``log_z`` ln Z (e = E/N, m = M/N).
    """
    L, dim = _check_lattice(L, dim)
    T = _check_temperature(T)
    return dict(_core.ising_exact(L, dim, T))
