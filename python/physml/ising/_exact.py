"""Exact thermal averages of small Ising lattices by enumeration (Rust core)."""

from __future__ import annotations

from physml import _core
from physml.ising._sample import _check_lattice, _check_temperature


def exact(L: int, T: float, dim: int = 2) -> dict[str, float]:
    """Exact thermal averages per spin of a small periodic Ising lattice.

    The sum runs over all 2^N configurations (N = L^dim ≤ 24: L ≤ 4 in 2-D, L ≤ 24
    in 1-D).

    Parameters
    ----------
    L : int
        The side of the lattice, even, >= 2.
    T : float > 0
        The temperature, in units of J/k_B.
    dim : {1, 2}, default 2
        A ring or a square torus.

    Returns
    -------
    dict of str to float
        ``energy`` ⟨e⟩, ``energy_sq`` ⟨e²⟩, ``abs_magnetization`` ⟨|m|⟩,
        ``magnetization_sq`` ⟨m²⟩, ``specific_heat`` N(⟨e²⟩ − ⟨e⟩²)/T² (k_B),
        ``susceptibility`` N(⟨m²⟩ − ⟨|m|⟩²)/T and ``log_z`` ln Z, with e = E/N (units
        of J) and m = M/N.

    Raises
    ------
    ValueError
        If L is odd or too large to enumerate, dim is not 1 or 2, or T is not > 0.

    Examples
    --------
    >>> from physml import ising
    >>> averages = ising.exact(4, T=2.0)
    >>> round(averages["energy"], 4), round(averages["abs_magnetization"], 4)
    (-1.7554, 0.9189)
    """
    L, dim = _check_lattice(L, dim)
    T = _check_temperature(T)
    return dict(_core.ising_exact(L, dim, T))
