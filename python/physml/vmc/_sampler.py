"""Samplers: the Markov-chain moves of src/vmc/sampler.rs. Each holds its core
object (``_inner``), built, and validated, by the constructor."""

from __future__ import annotations

from physml import _core
from physml.vmc._common import Configured, to_float, to_int


class Metropolis(Configured):
    """Brute-force Metropolis: move one particle at a time, x_i → x_i + ℓ·u with
    u ~ U(−½, ½)^d, accept with min(1, |Ψ(y)|²/|Ψ(x)|²). One sweep moves every
    particle once; one sample is taken per sweep after ``burn_in`` sweeps per chain.

    Parameters
    ----------
    step_length : float > 0, default 1.0
        The step length ℓ, in a₀.
    burn_in : int >= 0, default 100
        Sweeps discarded at the start of each chain.

    Examples
    --------
    Sampling the exact non-interacting ground state gives E = 2 E_h with zero
    variance:

    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.5), vmc.Metropolis(step_length=1.0), n_samples=1000, seed=0)
    >>> result = driver.sample()
    >>> result.energy, result.variance
    (2.0, 0.0)
    >>> round(result.acceptance, 3)
    0.777
    """

    def __init__(self, step_length: float = 1.0, burn_in: int = 100):
        self.step_length = to_float(step_length, "step_length")
        self.burn_in = to_int(burn_in, "burn_in")
        self._inner = _core.Sampler.metropolis(self.step_length, self.burn_in)

    def _params(self) -> dict:
        return dict(step_length=self.step_length, burn_in=self.burn_in)


class ImportanceSampling(Configured):
    """Importance (Langevin / Fokker–Planck) sampling: move one particle by

        y = x + D Δt F(x) + √Δt ξ,   D = ½,  F = 2∇ ln Ψ,  ξ ~ N(0, 1),

    accepted with the Metropolis–Hastings ratio including the Green's functions
    G(y→x)/G(x→y), G(x→y) ∝ exp(−(y − x − DΔtF(x))²/(4DΔt)).

    Parameters
    ----------
    dt : float > 0, default 0.05
        The time step Δt, in ħ/E_h.
    burn_in : int >= 0, default 100
        Sweeps discarded at the start of each chain.

    Examples
    --------
    Sampling the exact non-interacting ground state gives E = 2 E_h with zero
    variance:

    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.5), vmc.ImportanceSampling(dt=0.05), n_samples=1000, seed=0)
    >>> result = driver.sample()
    >>> result.energy, result.variance
    (2.0, 0.0)
    >>> round(result.acceptance, 2)
    0.99
    """

    def __init__(self, dt: float = 0.05, burn_in: int = 100):
        self.dt = to_float(dt, "dt")
        self.burn_in = to_int(burn_in, "burn_in")
        self._inner = _core.Sampler.importance(self.dt, self.burn_in)

    def _params(self) -> dict:
        return dict(dt=self.dt, burn_in=self.burn_in)


class Gibbs(Configured):
    """Gibbs sampling of the RBM's joint distribution P(x, h) ∝ F(x, h): alternately
    h_j ~ Bernoulli(s(b_j + Σ_k x_k W_kj/σ²)) and x ~ N(a + W h, σ²). The marginal of
    x is F(x) = |Ψ(x)|², so the wave function must be ``RBM(sqrt=True)`` (Ψ = √F),
    alone (no other factor).

    Parameters
    ----------
    burn_in : int >= 0, default 100
        Sweeps discarded at the start of each chain.

    Examples
    --------
    Sampling the exact non-interacting ground state gives E = 2 E_h with zero
    variance:

    >>> import math
    >>> from physml import vmc
    >>> psi = vmc.RBM(n_hidden=2, sigma=math.sqrt(0.5), sqrt=True, scale=0.0)   # σ² = 1/(2ω)
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, psi, vmc.Gibbs(), n_samples=1000, seed=0)
    >>> result = driver.sample()
    >>> round(result.energy, 10), round(result.variance, 10)
    (2.0, 0.0)
    >>> driver.wavefunction.sqrt
    True
    """

    def __init__(self, burn_in: int = 100):
        self.burn_in = to_int(burn_in, "burn_in")
        self._inner = _core.Sampler.gibbs(self.burn_in)

    def _params(self) -> dict:
        return dict(burn_in=self.burn_in)
