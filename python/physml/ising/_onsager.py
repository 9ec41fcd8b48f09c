"""Onsager's exact solution of the 2-D Ising model (square lattice, J = k_B = 1) in
the thermodynamic limit (L. Onsager, Phys. Rev. 65, 117 (1944); C. N. Yang,
Phys. Rev. 85, 808 (1952))."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: T_c = 2/ln(1 + √2) ≈ 2.269185 (units of J/k_B).
CRITICAL_TEMPERATURE: float = 2.0 / math.log1p(math.sqrt(2.0))


def _temperatures(T: ArrayLike) -> NDArray[np.float64]:
    try:
        t = np.asarray(T, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"T must be real numbers (an array-like of temperatures), got {T!r}") from None
    if not np.all(np.isfinite(t) & (t > 0)):
        raise ValueError(f"T must be > 0 and finite, got {T!r}")
    return t


def onsager_magnetization(T: ArrayLike) -> NDArray[np.float64]:
    """Spontaneous magnetisation per spin of the infinite 2-D lattice.

    Parameters
    ----------
    T : float or array-like
        Temperatures > 0, in units of J/k_B.

    Returns
    -------
    ndarray
        m(T) = (1 − sinh⁻⁴(2/T))^{1/8} for T < T_c and 0 above (dimensionless), of
        the shape of ``T``.

    Raises
    ------
    ValueError
        If a temperature is not > 0 and finite.

    Examples
    --------
    >>> from physml import ising
    >>> ising.onsager_magnetization([1.0, 2.0, 3.0]).round(6).tolist()
    [0.999276, 0.911319, 0.0]
    """
    t = _temperatures(T)
    with np.errstate(invalid="ignore"):
        m = (1.0 - np.sinh(2.0 / t) ** -4.0) ** 0.125
    return np.where(t < CRITICAL_TEMPERATURE, m, 0.0)


def _ellipk(k: NDArray[np.float64]) -> NDArray[np.float64]:
    """Complete elliptic integral of the first kind K(k) = π / (2 AGM(1, √(1 − k²)))."""
    a, b = np.ones_like(k), np.sqrt(1.0 - k * k)
    for _ in range(60):
        a, b = 0.5 * (a + b), np.sqrt(a * b)
    return np.pi / (2.0 * a)


def onsager_energy(T: ArrayLike) -> NDArray[np.float64]:
    """Internal energy per spin of the infinite 2-D lattice.

    Parameters
    ----------
    T : float or array-like
        Temperatures > 0, in units of J/k_B.

    Returns
    -------
    ndarray
        u(T) in units of J, of the shape of ``T``.

    Raises
    ------
    ValueError
        If a temperature is not > 0 and finite.

    Notes
    -----
    u(T) = −coth(2β) [1 + (2/π)(2 tanh²(2β) − 1) K(κ)], κ = 2 sinh(2β)/cosh²(2β),
    β = 1/T, K the complete elliptic integral of the first kind (finite at T_c,
    where the second term vanishes: u(T_c) = −√2).

    Examples
    --------
    >>> from physml import ising
    >>> round(float(ising.onsager_energy(ising.CRITICAL_TEMPERATURE)), 6)
    -1.414214
    """
    t = _temperatures(T)
    # 2/T beyond 300 is the ground state to double precision (u = -2); capped, so
    # that a tiny T does not make sinh/cosh² = inf/inf
    b2 = np.minimum(2.0 / t, 300.0)
    kappa = np.minimum(2.0 * np.sinh(b2) / np.cosh(b2) ** 2, 1.0 - 1e-16)
    k = _ellipk(kappa)
    return -(1.0 / np.tanh(b2)) * (1.0 + (2.0 / np.pi) * (2.0 * np.tanh(b2) ** 2 - 1.0) * k)
