"""Samplers: the Markov-chain moves of src/vmc/sampler.rs. Each holds its core
object (``_inner``), built, and validated, by the constructor."""

from __future__ import annotations

from physml import _core
from physml.vmc._common import Configured, to_float, to_int


class Metropolis(Configured):
    """Brute-force Metropolis: move one particle at a time, x_i → x_i + ℓ·u with
    u ~ U(−½, ½)^d, accept with min(1, |Ψ(y)|²/|Ψ(x)|²). One sweep moves every
    particle once; one sample is taken per sweep after ``burn_in`` sweeps per chain.

    Parameters: ``step_length`` ℓ > 0 in a₀; ``burn_in`` >= 0 sweeps.
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

    Parameters: ``dt`` Δt > 0 (ħ/E_h); ``burn_in`` >= 0 sweeps.
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

    Parameters: ``burn_in`` >= 0 sweeps.
    """

    def __init__(self, burn_in: int = 100):
        self.burn_in = to_int(burn_in, "burn_in")
        self._inner = _core.Sampler.gibbs(self.burn_in)

    def _params(self) -> dict:
        return dict(burn_in=self.burn_in)
