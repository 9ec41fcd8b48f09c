"""Monte Carlo samples of the Ising model (Rust core: src/ising/)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from physml import _core
from physml._base import check_random_state_seed


def _check_lattice(L: Any, dim: Any) -> tuple[int, int]:
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral) or dim not in (1, 2):
        raise ValueError(f"dim must be 1 or 2, got {dim!r}")
    if (isinstance(L, bool) or not isinstance(L, numbers.Integral) or L < 2 or L % 2 != 0
            or int(L) >= 2**63):  # the core takes 64-bit sizes
        raise ValueError(f"L must be an even integer >= 2, got {L!r}")
    return int(L), int(dim)


def _check_temperature(T: Any) -> float:
    try:
        t = float(T)
    except (TypeError, ValueError):
        raise ValueError(f"T must be a number > 0, got {T!r}") from None
    if not (math.isfinite(t) and t > 0):
        raise ValueError(f"T must be > 0 and finite, got {T!r}")
    return t


def _check_count(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if int(value) >= 2**63:  # the core counts in 64 bits
        raise ValueError(f"{name} must be an integer < 2**63, got {value!r}")
    return int(value)


def _error(x: NDArray[np.float64], n_chains: int) -> float:
    """Standard error of the mean of ``x``, made of ``n_chains`` consecutive chain
    segments: the spread of the chain means (independent chains)."""
    if n_chains < 2:
        return float(np.std(x, ddof=1) / math.sqrt(len(x))) if len(x) > 1 else math.nan
    means = np.array([c.mean() for c in np.array_split(x, n_chains)])
    return float(means.std(ddof=1) / math.sqrt(n_chains))


@dataclass(frozen=True, repr=False)
class IsingSamples:
    """Equilibrium configurations with their energy and magnetisation per spin.

    Parameters
    ----------
    spins, energy, magnetization, L, T, dim, method, n_chains, acceptance
        The attributes (:func:`sample` builds the object).

    Attributes
    ----------
    spins : ndarray of int8, shape (n_samples, L) or (n_samples, L, L)
        The configurations, s = ±1.
    energy : ndarray, shape (n_samples,)
        e = E/N = −(1/N) Σ_⟨ij⟩ s_i s_j per sample (units of J).
    magnetization : ndarray, shape (n_samples,)
        m = M/N = (1/N) Σ_i s_i per sample (signed).
    L, T, dim, method, n_chains, acceptance
        The lattice, temperature, update and its acceptance rate (Metropolis) or
        mean cluster size over N (Wolff).

    Examples
    --------
    >>> from physml import ising
    >>> samples = ising.sample(8, 2.0, 400, random_state=0, n_chains=4, thermalization=200)
    >>> samples
    IsingSamples(400 samples, 8x8, T=2, metropolis, 4 chains: <e> = -1.75047 +- 0.01583, <|m|> = 0.91484 +- 0.00882)
    >>> samples.binary.shape, samples.n_sites
    ((400, 64), 64)
    """

    spins: NDArray[np.int8]
    energy: NDArray[np.float64]
    magnetization: NDArray[np.float64]
    L: int
    T: float
    dim: int
    method: str
    n_chains: int
    acceptance: float

    def __repr__(self) -> str:
        e, de = self.mean_energy()
        m, dm = self.mean_abs_magnetization()
        lattice = f"{self.L}" if self.dim == 1 else f"{self.L}x{self.L}"
        return (
            f"IsingSamples({len(self.spins)} samples, {lattice}, T={self.T:g}, {self.method}, "
            f"{self.n_chains} chains: <e> = {e:.5f} +- {de:.5f}, <|m|> = {m:.5f} +- {dm:.5f})"
        )

    @property
    def binary(self) -> NDArray[np.float64]:
        """The configurations as 0/1 (s = +1 → 1), flattened to (n_samples, N): the
        visible data of a Boltzmann machine."""
        return ((self.spins.reshape(len(self.spins), -1) + 1) // 2).astype(np.float64)

    @property
    def n_sites(self) -> int:
        """N = L^dim."""
        return int(self.L**self.dim)

    def mean_energy(self) -> tuple[float, float]:
        """The mean energy per spin and its standard error.

        Returns
        -------
        mean : float
            ⟨e⟩, in units of J.
        error : float
            Its standard error, from the spread of the chain means (NaN for one sample).
        """
        return float(self.energy.mean()), _error(self.energy, self.n_chains)

    def mean_abs_magnetization(self) -> tuple[float, float]:
        """The mean absolute magnetisation per spin and its standard error.

        Returns
        -------
        mean : float
            ⟨|m|⟩.
        error : float
            Its standard error, from the spread of the chain means.
        """
        m = np.abs(self.magnetization)
        return float(m.mean()), _error(m, self.n_chains)

    def specific_heat(self) -> float:
        """The specific heat per spin from the energy fluctuations.

        Returns
        -------
        float
            c = N (⟨e²⟩ − ⟨e⟩²)/T², in units of k_B.
        """
        return float(self.n_sites * self.energy.var() / self.T**2)

    def susceptibility(self) -> float:
        """The magnetic susceptibility per spin from the fluctuations of |m|.

        Returns
        -------
        float
            χ = N (⟨m²⟩ − ⟨|m|⟩²)/T, in units of 1/J.
        """
        m = np.abs(self.magnetization)
        return float(self.n_sites * m.var() / self.T)


def sample(
    L: int,
    T: float,
    n_samples: int,
    dim: int = 2,
    method: str = "metropolis",
    random_state: Any = None,
    *,
    n_chains: int = 8,
    thermalization: int = 500,
    interval: int = 1,
) -> IsingSamples:
    """Equilibrium configurations of the Ising model by Monte Carlo.

    The periodic lattice has side ``L``; J = 1, no field. ``n_chains`` independent
    Markov chains (run in parallel) each start from random spins, discard
    ``thermalization`` sweeps and then record one configuration every ``interval``
    sweeps. Chain c draws from the random stream (seed, c), so the samples are the
    same for any number of threads.

    Parameters
    ----------
    L : int
        The side of the lattice, even, >= 2.
    T : float > 0
        The temperature, in units of J/k_B.
    n_samples : int >= 1
        The number of configurations, over all chains.
    dim : {1, 2}, default 2
        A ring or a square torus.
    method : {'metropolis', 'wolff'}, default 'metropolis'
        Checkerboard sweeps of single-spin flips accepted with probability
        min(1, e^{−ΔE/T}), or Wolff clusters (bond probability 1 − e^{−2/T}), a
        sweep being as many clusters as flip N spins.
    random_state : None, int or numpy.random.Generator, default None
        The seed.
    n_chains : int >= 1, default 8
        Independent chains.
    thermalization : int >= 0, default 500
        Sweeps discarded at the start of each chain.
    interval : int >= 1, default 1
        Sweeps between recorded configurations.

    Returns
    -------
    IsingSamples
        The configurations with their energy and magnetisation per spin.

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it), also if the samples
        would not fit in memory.
    KeyboardInterrupt
        On Ctrl-C: every chain stops within one sweep (the core polls for signals
        about every 20 ms). Nothing is kept: the call returns no partial samples,
        and nothing else is changed (``sample`` has no state), so a following call
        works as usual.

    Examples
    --------
    The 4 × 4 torus at T = 2.5 against exact enumeration:

    >>> from physml import ising
    >>> samples = ising.sample(4, 2.5, 4000, method="wolff", random_state=1)
    >>> samples.spins.shape
    (4000, 4, 4)
    >>> e, error = samples.mean_energy()
    >>> bool(abs(e - ising.exact(4, 2.5)["energy"]) < 4 * error)
    True
    """
    L, dim = _check_lattice(L, dim)
    T = _check_temperature(T)
    n_samples = _check_count(n_samples, "n_samples", 1)
    n_chains = _check_count(n_chains, "n_chains", 1)
    thermalization = _check_count(thermalization, "thermalization", 0)
    interval = _check_count(interval, "interval", 1)
    if not isinstance(method, str) or method not in ("metropolis", "wolff"):
        raise ValueError(f"method must be 'metropolis' or 'wolff', got {method!r}")
    seed = check_random_state_seed(random_state)
    n_chains = min(n_chains, n_samples)  # a chain records at least one sample
    params = _core.IsingParams(side=L, dim=dim, temperature=T, n_samples=n_samples, method=method,
                               n_chains=n_chains, thermalization=thermalization, interval=interval,
                               seed=seed)
    spins, energy, magnetization, acceptance = _core.ising_sample(params)
    shape = (n_samples, L) if dim == 1 else (n_samples, L, L)
    return IsingSamples(spins=spins.reshape(shape), energy=energy, magnetization=magnetization,
                        L=L, T=T, dim=dim, method=method, n_chains=n_chains,
                        acceptance=float(acceptance))
