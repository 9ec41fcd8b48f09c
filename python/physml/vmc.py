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
"""

from __future__ import annotations

import copy
import numbers
from typing import Any, Callable, Optional, TypeVar

import numpy as np

from physml import _core
from physml._base import check_random_state_seed, check_scalar

_WF = TypeVar("_WF", bound="WaveFunction")  # methods that return self keep its class

__all__ = [
    "QuantumDot",
    "BoseGas",
    "WaveFunction",
    "Gaussian",
    "RBM",
    "PadeJastrow",
    "HardSphereJastrow",
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


def _check_int(value, name, min_value, max_value=None):
    check_scalar(value, name, kind=numbers.Integral, min_value=min_value, max_value=max_value)
    return int(value)


def _check_positive(value, name):
    check_scalar(value, name, min_value=0.0, include_min=False)
    return float(value)


# ==================================================================================
# Systems
# ==================================================================================
class _System:
    """A Hamiltonian of ``n_particles`` particles in ``dim`` dimensions."""

    n_particles: int
    dim: int
    omega: float
    _inner: Any

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({args})"

    def __getstate__(self) -> dict:
        return self._params()

    def __setstate__(self, state: dict) -> None:
        type(self).__init__(self, **state)

    def _params(self) -> dict:
        raise NotImplementedError

    def local_energy(self, wavefunction: WaveFunction, x) -> float:
        """E_L(x) = HΨ(x)/Ψ(x) in Hartree for a configuration x of shape (N, d)."""
        x = _check_configuration(x, self.n_particles, self.dim)
        inner = wavefunction._build(self.n_particles, self.dim)
        return float(self._inner.local_energy(inner, x))


class QuantumDot(_System):
    """Electrons in an isotropic harmonic trap (a quantum dot):

        H = Σ_i (−½∇_i² + ½ω²r_i²) + Σ_{i<j} 1/|r_i − r_j|    (Hartree units).

    Parameters
    ----------
    n_particles : int >= 1
        Number of electrons N. The first ⌈N/2⌉ are spin up, the rest spin down (this
        fixes the cusp of :class:`PadeJastrow`).
    dim : int in 1..3
        Spatial dimension d.
    omega : float > 0
        Trap frequency ω in E_h/ħ.
    interaction : {"coulomb", None}
        ``"coulomb"`` adds the repulsion Σ_{i<j} 1/r_ij; ``None`` gives independent
        particles (ground-state energy N·d·ω/2 for N <= 2).
    """

    def __init__(self, n_particles: int = 2, dim: int = 2, omega: float = 1.0, interaction: Optional[str] = "coulomb"):
        self.n_particles = _check_int(n_particles, "n_particles", 1)
        self.dim = _check_int(dim, "dim", 1, 3)
        self.omega = _check_positive(omega, "omega")
        if interaction not in ("coulomb", None):
            raise ValueError(f"interaction must be 'coulomb' or None, got {interaction!r}")
        self.interaction = interaction
        self._inner = _core.System.quantum_dot(self.n_particles, self.dim, self.omega, interaction == "coulomb")

    def _params(self) -> dict:
        return dict(n_particles=self.n_particles, dim=self.dim, omega=self.omega, interaction=self.interaction)


class BoseGas(_System):
    """Hard-sphere bosons in an elliptical harmonic trap:

        H = Σ_i [−½∇_i² + ½(ω²(x_i² + y_i²) + ω_z² z_i²)] + Σ_{i<j} V_int(r_ij),

    V_int(r) = ∞ for r <= a and 0 otherwise (lengths in units where the trap is
    given by ω; the classic trap study uses a = 0.0043, ω_z/ω = 2.82843).

    Parameters
    ----------
    n_particles : int >= 1
    dim : int in 1..3
        The elliptical direction is z (the last axis when dim = 3).
    omega : float > 0
        Frequency ω of the x and y directions.
    omega_z : float > 0 or None
        Frequency along z; ``None`` means ω (isotropic trap).
    radius : float >= 0
        Hard-sphere radius a; 0 means non-interacting bosons (ground state
        E = N·d·ω/2 in the isotropic trap).
    """

    def __init__(self, n_particles: int = 10, dim: int = 3, omega: float = 1.0,
                 omega_z: Optional[float] = None, radius: float = 0.0):
        self.n_particles = _check_int(n_particles, "n_particles", 1)
        self.dim = _check_int(dim, "dim", 1, 3)
        self.omega = _check_positive(omega, "omega")
        self.omega_z = self.omega if omega_z is None else _check_positive(omega_z, "omega_z")
        check_scalar(radius, "radius", min_value=0.0)
        self.radius = float(radius)
        self._inner = _core.System.bose_gas(self.n_particles, self.dim, self.omega, self.omega_z, self.radius)

    def _params(self) -> dict:
        return dict(n_particles=self.n_particles, dim=self.dim, omega=self.omega,
                    omega_z=self.omega_z, radius=self.radius)


# ==================================================================================
# Wave functions
# ==================================================================================
def _check_configuration(x, n_particles=None, dim=None) -> np.ndarray:
    x = np.array(x, dtype=np.float64, copy=True)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n_particles, dim), got an array of shape {x.shape}")
    if n_particles is not None and x.shape != (n_particles, dim):
        raise ValueError(f"x must have shape ({n_particles}, {dim}), got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite, got NaN or infinity")
    return np.ascontiguousarray(x)


class WaveFunction:
    """A trial wave function Ψ(x) of N particles in d dimensions.

    Wave functions are specified without the system; they take their shape
    (n_particles, dim) from the first configuration they see or from
    :meth:`initialize`. Products are formed with ``*``: ln(Ψ₁Ψ₂) = ln Ψ₁ + ln Ψ₂.

    Methods evaluating Ψ at a configuration x of shape (N, d):

    * :meth:`log_value`: ln |Ψ(x)|;
    * :meth:`gradient`: ∇_i ln Ψ(x) for every particle, shape (N, d);
    * :meth:`laplacian`: Σ_i ∇_i² ln Ψ(x) (a scalar);
    * :meth:`parameter_gradient`: O_k = ∂ ln Ψ/∂θ_k, shape (n_parameters,).
    """

    _n_particles: Optional[int] = None
    _dim: Optional[int] = None

    # ---- construction -------------------------------------------------------------
    def __mul__(self, other: "WaveFunction") -> "Product":
        if not isinstance(other, WaveFunction):
            return NotImplemented
        return Product(self, other)

    def _factors(self) -> list:
        return [self]

    def _new_parameters(self, n_particles: int, dim: int) -> np.ndarray:
        """Initial parameter vector for the shape (N, d)."""
        raise NotImplementedError

    def _core_factor(self, n_particles: int, dim: int, parameters: np.ndarray):
        raise NotImplementedError

    def initialize(self: _WF, n_particles: int, dim: int) -> _WF:
        """Fix the shape (N, d) and draw initial parameters (if not already done for
        this shape). Returns ``self``."""
        n_particles = _check_int(n_particles, "n_particles", 1)
        dim = _check_int(dim, "dim", 1, 3)
        for factor in self._factors():
            if (factor._n_particles, factor._dim) != (n_particles, dim):
                factor._parameters = factor._new_parameters(n_particles, dim)
                factor._n_particles, factor._dim = n_particles, dim
        return self

    def _build(self, n_particles: int, dim: int):
        """The compiled wave function for the shape (N, d)."""
        self.initialize(n_particles, dim)
        cores = [f._core_factor(n_particles, dim, f._parameters) for f in self._factors()]
        return cores[0] if len(cores) == 1 else _core.WaveFunction.product(cores)

    # ---- parameters ---------------------------------------------------------------
    @property
    def n_parameters(self) -> int:
        """Number of variational parameters (after initialisation)."""
        return int(self.parameters.size)

    @property
    def parameters(self) -> np.ndarray:
        """All variational parameters θ as one flat array (a copy)."""
        missing = [f for f in self._factors() if f._n_particles is None]
        if missing:
            raise ValueError(
                f"{type(missing[0]).__name__} has no parameters yet: call initialize(n_particles, dim) "
                "or evaluate it on a configuration first"
            )
        return np.concatenate([f._parameters for f in self._factors()]).copy()

    def set_parameters(self: _WF, parameters) -> _WF:
        """Replace all variational parameters by the flat array ``parameters``."""
        theta = np.asarray(parameters, dtype=np.float64).ravel()
        current = self.parameters
        if theta.shape != current.shape:
            raise ValueError(f"parameters must have {current.size} values, got {theta.size}")
        if not np.all(np.isfinite(theta)):
            raise ValueError("parameters must be finite, got NaN or infinity")
        start = 0
        for factor in self._factors():
            size = factor._parameters.size
            piece = theta[start:start + size].copy()
            factor._core_factor(factor._n_particles, factor._dim, piece)  # the core checks the domain
            factor._parameters = piece
            start += size
        return self

    def _with_parameters(self: _WF, parameters) -> _WF:
        clone = copy.deepcopy(self)
        return clone.set_parameters(parameters)

    # ---- evaluation ---------------------------------------------------------------
    def _prepare(self, x):
        x = _check_configuration(x)
        return self._build(*x.shape), x

    def log_value(self, x) -> float:
        """ln |Ψ(x)| for a configuration x of shape (N, d)."""
        inner, x = self._prepare(x)
        return float(inner.log_value(x))

    def gradient(self, x) -> np.ndarray:
        """∇_i ln Ψ(x) for every particle i, shape (N, d) (units 1/a₀)."""
        inner, x = self._prepare(x)
        return np.asarray(inner.gradient(x))

    def laplacian(self, x) -> float:
        """Σ_i ∇_i² ln Ψ(x), the Laplacian of ln Ψ summed over all particles (1/a₀²)."""
        inner, x = self._prepare(x)
        return float(inner.laplacian(x))

    def parameter_gradient(self, x) -> np.ndarray:
        """O_k(x) = ∂ ln Ψ(x)/∂θ_k for every variational parameter, shape (n_parameters,)."""
        inner, x = self._prepare(x)
        return np.asarray(inner.parameter_gradient(x))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._hyper().items())})"

    def _hyper(self) -> dict:
        return {}


class Gaussian(WaveFunction):
    """Gaussian (harmonic-oscillator) factor

        Ψ_G(x) = exp(−α Σ_i (x_i² + y_i² + β z_i²)),

    with variational α (1/a₀²) and β (dimensionless; it scales z, the third
    coordinate, and has no effect for d < 3). α = ω/2, β = ω_z/ω is the exact ground
    state of non-interacting particles. Parameters, in order: (α, β).
    """

    def __init__(self, alpha: float = 0.5, beta: float = 1.0):
        self.alpha = _check_positive(alpha, "alpha")
        self.beta = _check_positive(beta, "beta")

    def _hyper(self):
        return dict(alpha=self.alpha, beta=self.beta)

    def _new_parameters(self, n_particles, dim):
        return np.array([self.alpha, self.beta])

    def _core_factor(self, n_particles, dim, parameters):
        return _core.WaveFunction.gaussian(n_particles, dim, float(parameters[0]), float(parameters[1]))


class RBM(WaveFunction):
    """Gaussian–binary restricted Boltzmann machine (a neural-network quantum state):

        F(x) = exp(−Σ_k (x_k − a_k)²/(2σ²)) Π_j (1 + exp(b_j + Σ_k x_k W_kj/σ²)),

    over the M = N·d coordinates x_k and ``n_hidden`` hidden units. With
    ``sqrt=False`` Ψ = F (for Metropolis and importance sampling); with ``sqrt=True``
    Ψ = √F (the form Gibbs sampling needs). With W = a = b = 0 the exact
    non-interacting ground state needs σ² = 1/ω (Ψ = F) or σ² = 1/(2ω) (Ψ = √F).

    Parameters
    ----------
    n_hidden : int >= 1
        Number of hidden units H.
    sigma : float > 0
        Width σ in a₀ (fixed, not optimised).
    sqrt : bool
        Ψ = √F instead of Ψ = F.
    scale : float >= 0
        Initial a, b, W are drawn from N(0, scale²).
    random_state : int, numpy Generator or None
        Seed of the initial parameters.

    The variational parameters, in order, are a (M,), b (H,) and W (M, H) row-major;
    read them as :attr:`a`, :attr:`b`, :attr:`W`.
    """

    def __init__(self, n_hidden: int = 4, sigma: float = 1.0, sqrt: bool = False, scale: float = 0.01,
                 random_state=None):
        self.n_hidden = _check_int(n_hidden, "n_hidden", 1)
        self.sigma = _check_positive(sigma, "sigma")
        self.sqrt = bool(sqrt)
        check_scalar(scale, "scale", min_value=0.0)
        self.scale = float(scale)
        self.random_state = random_state
        self._seed = check_random_state_seed(random_state)

    def _hyper(self):
        return dict(n_hidden=self.n_hidden, sigma=self.sigma, sqrt=self.sqrt, scale=self.scale)

    def _new_parameters(self, n_particles, dim):
        inner = _core.WaveFunction.rbm(n_particles, dim, self.n_hidden, self.sigma, self.sqrt, self.scale, self._seed)
        return np.asarray(inner.parameters())

    def _core_factor(self, n_particles, dim, parameters):
        inner = _core.WaveFunction.rbm(n_particles, dim, self.n_hidden, self.sigma, self.sqrt, 0.0, 0)
        inner.set_parameters(parameters)
        return inner

    def _split(self):
        theta = self.parameters
        m = self._n_particles * self._dim
        h = self.n_hidden
        return theta[:m], theta[m:m + h], theta[m + h:].reshape(m, h)

    @property
    def a(self) -> np.ndarray:
        """Visible biases a_k (M,), in a₀."""
        return self._split()[0]

    @property
    def b(self) -> np.ndarray:
        """Hidden biases b_j (H,), dimensionless."""
        return self._split()[1]

    @property
    def W(self) -> np.ndarray:  # noqa: N802 (the field's name)
        """Weights W_kj (M, H), in a₀."""
        return self._split()[2]

    def set_weights(self, a=None, b=None, W=None) -> "RBM":  # noqa: N803
        """Set any of a (M,), b (H,), W (M, H); the wave function must be initialised."""
        a0, b0, w0 = self._split()
        parts = []
        for name, new, old in (("a", a, a0), ("b", b, b0), ("W", W, w0)):
            value = old if new is None else np.asarray(new, dtype=np.float64)
            if value.shape != old.shape:
                raise ValueError(f"{name} must have shape {old.shape}, got {value.shape}")
            parts.append(value.ravel())
        return self.set_parameters(np.concatenate(parts))


class PadeJastrow(WaveFunction):
    """Padé–Jastrow correlation factor for electrons

        J(x) = exp(Σ_{i<j} c_ij r_ij/(1 + β r_ij)),

    with the cusp c_ij = 1/(d−1) for antiparallel and 1/(d+1) for parallel spins
    (2-D: 1 and 1/3; 3-D: 1/2 and 1/4; d = 1 is not supported). β (1/a₀) is
    variational. Spins: the first ⌈N/2⌉ particles are up, the rest down.
    """

    def __init__(self, beta: float = 1.0):
        self.beta = _check_positive(beta, "beta")

    def _hyper(self):
        return dict(beta=self.beta)

    def _new_parameters(self, n_particles, dim):
        self._core_factor(n_particles, dim, [self.beta])
        return np.array([self.beta])

    def _core_factor(self, n_particles, dim, parameters):
        return _core.WaveFunction.pade_jastrow(n_particles, dim, float(parameters[0]), (n_particles + 1) // 2)


class HardSphereJastrow(WaveFunction):
    """Hard-sphere Jastrow factor for bosons of radius a (in a₀):

        J(x) = Π_{i<j} f(r_ij),   f(r) = 1 − a/r for r > a, 0 otherwise.

    No variational parameters.
    """

    def __init__(self, radius: float = 0.0043):
        check_scalar(radius, "radius", min_value=0.0)
        self.radius = float(radius)

    def _hyper(self):
        return dict(radius=self.radius)

    def _new_parameters(self, n_particles, dim):
        return np.zeros(0)

    def _core_factor(self, n_particles, dim, parameters):
        return _core.WaveFunction.hard_sphere_jastrow(n_particles, dim, self.radius)


class Product(WaveFunction):
    """Product Ψ = Π_f Ψ_f of wave functions (``psi1 * psi2``): ln Ψ = Σ_f ln Ψ_f. Its
    parameters are the factors' parameters concatenated in order; the factors are
    shared with the product, not copied (setting the product's parameters sets
    theirs)."""

    def __init__(self, *factors: WaveFunction):
        flat = []
        for factor in factors:
            if not isinstance(factor, WaveFunction):
                raise TypeError(f"factors must be WaveFunction objects, got {type(factor).__name__}")
            flat.extend(factor._factors())
        self.factors = flat

    def _factors(self):
        return self.factors

    def __repr__(self) -> str:
        return " * ".join(repr(f) for f in self.factors)


# ==================================================================================
# Samplers
# ==================================================================================
class Metropolis:
    """Brute-force Metropolis: move one particle at a time, x_i → x_i + ℓ·u with
    u ~ U(−½, ½)^d, accept with min(1, |Ψ(y)|²/|Ψ(x)|²). One sweep moves every
    particle once; one sample is taken per sweep after ``burn_in`` sweeps per chain.

    Parameters: ``step_length`` ℓ > 0 in a₀; ``burn_in`` >= 0 sweeps.
    """

    def __init__(self, step_length: float = 1.0, burn_in: int = 100):
        self.step_length = _check_positive(step_length, "step_length")
        self.burn_in = _check_int(burn_in, "burn_in", 0)

    def _core(self):
        return _core.Sampler.metropolis(self.step_length, self.burn_in)

    def __repr__(self):
        return f"Metropolis(step_length={self.step_length}, burn_in={self.burn_in})"


class ImportanceSampling:
    """Importance (Langevin / Fokker–Planck) sampling: move one particle by

        y = x + D Δt F(x) + √Δt ξ,   D = ½,  F = 2∇ ln Ψ,  ξ ~ N(0, 1),

    accepted with the Metropolis–Hastings ratio including the Green's functions
    G(y→x)/G(x→y), G(x→y) ∝ exp(−(y − x − DΔtF(x))²/(4DΔt)).

    Parameters: ``dt`` Δt > 0 (ħ/E_h); ``burn_in`` >= 0 sweeps.
    """

    def __init__(self, dt: float = 0.05, burn_in: int = 100):
        self.dt = _check_positive(dt, "dt")
        self.burn_in = _check_int(burn_in, "burn_in", 0)

    def _core(self):
        return _core.Sampler.importance(self.dt, self.burn_in)

    def __repr__(self):
        return f"ImportanceSampling(dt={self.dt}, burn_in={self.burn_in})"


class Gibbs:
    """Gibbs sampling of the RBM's joint distribution P(x, h) ∝ F(x, h): alternately
    h_j ~ Bernoulli(s(b_j + Σ_k x_k W_kj/σ²)) and x ~ N(a + W h, σ²). The marginal of
    x is F(x) = |Ψ(x)|², so the wave function must be ``RBM(sqrt=True)`` (Ψ = √F),
    alone (no other factor).

    Parameters: ``burn_in`` >= 0 sweeps.
    """

    def __init__(self, burn_in: int = 100):
        self.burn_in = _check_int(burn_in, "burn_in", 0)

    def _core(self):
        return _core.Sampler.gibbs(self.burn_in)

    def __repr__(self):
        return f"Gibbs(burn_in={self.burn_in})"


# ==================================================================================
# Optimisers
# ==================================================================================
class SGD:
    """Gradient descent θ ← θ − η g (with momentum μ: v ← μv + g, θ ← θ − ηv) on the
    energy gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩)."""

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0):
        self.learning_rate = _check_positive(learning_rate, "learning_rate")
        check_scalar(momentum, "momentum", min_value=0.0, max_value=1.0, include_max=False)
        self.momentum = float(momentum)

    def _core(self):
        return _core.Optimizer.sgd(self.learning_rate, self.momentum)

    def __repr__(self):
        return f"SGD(learning_rate={self.learning_rate}, momentum={self.momentum})"


class Adam:
    """Adam (Kingma & Ba 2015) on the energy gradient: m ← β₁m + (1−β₁)g,
    v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε) with bias-corrected m̂, v̂."""

    def __init__(self, learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.learning_rate = _check_positive(learning_rate, "learning_rate")
        for name, value in (("beta1", beta1), ("beta2", beta2)):
            check_scalar(value, name, min_value=0.0, max_value=1.0, include_max=False)
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.eps = _check_positive(eps, "eps")

    def _core(self):
        return _core.Optimizer.adam(self.learning_rate, self.beta1, self.beta2, self.eps)

    def __repr__(self):
        return f"Adam(learning_rate={self.learning_rate}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


class SR:
    """Stochastic reconfiguration (natural gradient, Sorella 1998).

    With the energy gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩) and the quantum
    geometric tensor S_kl = ⟨O_k O_l⟩ − ⟨O_k⟩⟨O_l⟩ of the P parameter derivatives
    O_k = ∂ ln|Ψ|/∂θ_k over n samples, solve (S + λ·1) δ = −η g and set θ ← θ + δ.

    Parameters
    ----------
    learning_rate : float, default 0.05
        η > 0.
    diag_shift : float, default 0.01
        λ > 0; raise it if an update is not finite.
    solver : {'auto', 'dense', 'cg', 'sample'}, default 'auto'
        How the system is solved (all give the same δ, up to rounding and the
        conjugate-gradient tolerance):

        - ``'dense'``: S accumulated while sampling (O(P²) per sample, P² memory),
          then a Cholesky factorisation, O(P³).
        - ``'cg'``: conjugate gradients with S applied without forming it,
          S v = (1/n) Σ_s (O_s − Ō)((O_s − Ō)·v): O(nP) per iteration, n·P stored
          derivatives (8 bytes each).
        - ``'sample'``: the n × n system of the sample space,
          δ = −η Ōᵀ(ŌŌᵀ/n + λ·1)⁻¹ (2/n)(E − Ē) with Ō the centred n × P
          derivatives: O(n²P + n³), n·P + n² memory; for n_samples < P.
        - ``'auto'``: ``'dense'`` for P ≤ 512 parameters, otherwise
          ``'sample'`` when n_samples < P, else ``'cg'``.
    tol : float, default 1e-10
        Conjugate gradients stop when |residual| ≤ tol·|η g|.
    max_iter : int, default 1000
        Conjugate gradients stop after this many iterations at the latest (the
        last iterate is the update).
    """

    _solvers = ("auto", "dense", "cg", "sample")

    def __init__(self, learning_rate: float = 0.05, diag_shift: float = 0.01, solver: str = "auto",
                 tol: float = 1e-10, max_iter: int = 1000):
        self.learning_rate = _check_positive(learning_rate, "learning_rate")
        self.diag_shift = _check_positive(diag_shift, "diag_shift")
        if solver not in self._solvers:
            raise ValueError(f"solver must be one of {', '.join(map(repr, self._solvers))}, got {solver!r}")
        self.solver = solver
        self.tol = _check_positive(tol, "tol")
        self.max_iter = _check_int(max_iter, "max_iter", 1)

    def _core(self):
        return _core.Optimizer.sr(self.learning_rate, self.diag_shift, self.solver, self.tol, self.max_iter)

    def __repr__(self):
        return (f"SR(learning_rate={self.learning_rate}, diag_shift={self.diag_shift}, solver={self.solver!r}, "
                f"tol={self.tol}, max_iter={self.max_iter})")


# ==================================================================================
# Results
# ==================================================================================
class _Result:
    _arrays: tuple[str, ...] = ()
    _scalars: tuple[str, ...] = ()

    def save(self, path) -> None:
        """Save to a NumPy ``.npz`` file; read back with :func:`physml.vmc.load`."""
        data: dict[str, Any] = {name: np.asarray(getattr(self, name)) for name in self._arrays + self._scalars}
        np.savez(path, _kind=np.array(type(self).__name__), **data)

    def __eq__(self, other) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(np.array_equal(getattr(self, n), getattr(other, n), equal_nan=True)
                   for n in self._arrays + self._scalars)

    # Unhashable, as a class defining __eq__ is anyway; typeshed types object.__hash__
    # as a method, so no declaration of "None" here is compatible with it.
    __hash__ = None  # type: ignore[assignment]


class OptimizationResult(_Result):
    """Per-iteration history of :meth:`VMC.optimize`, as NumPy arrays of length n_iter:

    ``energy`` (E_h), ``error`` (blocking error of the mean, E_h), ``variance`` (of
    E_L, E_h²), ``acceptance`` (fraction of accepted moves), and ``parameters`` (the
    final flat parameter vector)."""

    _arrays = ("energy", "error", "variance", "acceptance", "parameters")

    def __init__(self, energy, error, variance, acceptance, parameters):
        self.energy = np.asarray(energy, dtype=np.float64)
        self.error = np.asarray(error, dtype=np.float64)
        self.variance = np.asarray(variance, dtype=np.float64)
        self.acceptance = np.asarray(acceptance, dtype=np.float64)
        self.parameters = np.asarray(parameters, dtype=np.float64)

    @property
    def n_iter(self) -> int:
        return int(self.energy.size)

    def __repr__(self) -> str:
        if self.n_iter == 0:
            return "OptimizationResult(n_iter=0)"
        return (f"OptimizationResult(n_iter={self.n_iter}, energy={self.energy[-1]:.6f} "
                f"+- {self.error[-1]:.6f})")


class SampleResult(_Result):
    """Estimates from :meth:`VMC.sample`.

    Attributes
    ----------
    energy, error, variance, acceptance : float
        ⟨E_L⟩ (E_h), its blocking error, Var(E_L) (E_h²), acceptance ratio.
    local_energies : ndarray (n_samples,)
        E_L of every sample, chains concatenated.
    radial_edges, radial_density : ndarray
        One-body density ρ(r) at r = |r_i| (bin edges in a₀): particles per unit
        volume (a₀^−d) in each spherical shell, so Σ ρ_k V_k = N over the range, with
        V_k the shell volume (length 2Δr in 1-D, area π(r₂² − r₁²) in 2-D, ...).
    density_edges, density_2d : ndarray
        Particles per unit area ρ(x, y) in the x–y plane, shape (bins, bins), the x bin
        as row, on [−r_max, r_max]² (edges in a₀; both empty for d = 1).
    pair_edges, pair_distribution : ndarray
        Probability density P(r) of the pair distance r_ij (1/a₀), ∫ P(r) dr = 1 over
        the range (zeros for one particle).
    mean_distance : float
        ⟨r_ij⟩ in a₀ (NaN for one particle).
    """

    _arrays = ("local_energies", "radial_edges", "radial_density", "density_edges", "density_2d",
               "pair_edges", "pair_distribution")
    _scalars = ("energy", "error", "variance", "acceptance", "mean_distance")

    local_energies: np.ndarray
    radial_edges: np.ndarray
    radial_density: np.ndarray
    density_edges: np.ndarray
    density_2d: np.ndarray
    pair_edges: np.ndarray
    pair_distribution: np.ndarray
    energy: float
    error: float
    variance: float
    acceptance: float
    mean_distance: float

    def __init__(self, **values):
        for name in self._arrays:
            setattr(self, name, np.asarray(values[name], dtype=np.float64))
        for name in self._scalars:
            setattr(self, name, float(values[name]))

    @property
    def n_samples(self) -> int:
        return int(self.local_energies.size)

    def __repr__(self) -> str:
        return (f"SampleResult(energy={self.energy:.6f} +- {self.error:.6f}, variance={self.variance:.3g}, "
                f"acceptance={self.acceptance:.3f}, n_samples={self.n_samples})")


def load(path):
    """Read an :class:`OptimizationResult` or :class:`SampleResult` saved by ``save``."""
    with np.load(path, allow_pickle=False) as data:
        kind = str(data["_kind"])
        classes = {"OptimizationResult": OptimizationResult, "SampleResult": SampleResult}
        if kind not in classes:
            raise ValueError(f"path does not hold a physml.vmc result (kind {kind!r})")
        cls = classes[kind]
        return cls(**{name: data[name] for name in cls._arrays + cls._scalars})


# ==================================================================================
# Driver
# ==================================================================================
class VMC:
    """Variational Monte Carlo driver.

    Parameters
    ----------
    system : QuantumDot or BoseGas
    wavefunction : WaveFunction
        The trial function; it is copied (initialised for the system's shape if it was
        not): read the optimised one from :attr:`wavefunction`.
    sampler : Metropolis, ImportanceSampling or Gibbs (default ``Metropolis()``)
    optimizer : SGD, Adam or SR (default ``Adam()``)
    n_samples : int >= 1
        Samples (local energies) per optimisation iteration, over all chains.
    n_chains : int >= 1
        Independent Markov chains; each owns the random stream (seed, chain index), so
        results are the same for any number of threads (``RAYON_NUM_THREADS``).
    seed : int, numpy Generator or None
    """

    def __init__(self, system, wavefunction: WaveFunction, sampler=None, optimizer=None,
                 n_samples: int = 10_000, n_chains: int = 16, seed=None):
        if not isinstance(system, _System):
            raise TypeError(f"system must be a QuantumDot or a BoseGas, got {type(system).__name__}")
        if not isinstance(wavefunction, WaveFunction):
            raise TypeError(f"wavefunction must be a physml.vmc wave function, got {type(wavefunction).__name__}")
        sampler = Metropolis() if sampler is None else sampler
        optimizer = Adam() if optimizer is None else optimizer
        if not isinstance(sampler, (Metropolis, ImportanceSampling, Gibbs)):
            raise TypeError(f"sampler must be Metropolis, ImportanceSampling or Gibbs, got {type(sampler).__name__}")
        if not isinstance(optimizer, (SGD, Adam, SR)):
            raise TypeError(f"optimizer must be SGD, Adam or SR, got {type(optimizer).__name__}")
        self.system = system
        self.sampler = sampler
        self.optimizer = optimizer
        self.n_samples = _check_int(n_samples, "n_samples", 1)
        self.n_chains = _check_int(n_chains, "n_chains", 1)
        self.seed = check_random_state_seed(seed, "seed")
        self._template = copy.deepcopy(wavefunction).initialize(system.n_particles, system.dim)
        inner = self._template._build(system.n_particles, system.dim)
        self._driver = _core.Vmc(system._inner, inner, sampler._core(), optimizer._core(),
                                 self.n_samples, self.n_chains, self.seed)
        #: The result of the last :meth:`sample` call (part of it if interrupted).
        self.last_sample: Optional[SampleResult] = None

    @property
    def wavefunction(self) -> WaveFunction:
        """The current (optimised) wave function, a new object."""
        return self._template._with_parameters(self._driver.parameters())

    @property
    def parameters(self) -> np.ndarray:
        """The current flat parameter vector."""
        return np.asarray(self._driver.parameters())

    @property
    def history(self) -> OptimizationResult:
        """Every optimisation iteration so far (all calls of :meth:`optimize`)."""
        h = self._driver.history()
        return OptimizationResult(h["energy"], h["error"], h["variance"], h["acceptance"], self.parameters)

    def optimize(self, n_iter: int, progress: bool = False,
                 callback: Optional[Callable[[int, float], Optional[bool]]] = None) -> OptimizationResult:
        """Run ``n_iter`` optimisation iterations of ``n_samples`` samples each.

        A step that would leave a wave function's domain is projected back into it
        (Padé–Jastrow β < 0 becomes 0; a Gaussian α or β that would reach ≤ 0 is
        halved instead).

        ``callback(iteration, energy)`` is called after every iteration; returning
        ``False`` stops early. ``progress=True`` shows a ``tqdm.auto`` bar. Ctrl-C (or
        an exception from the callback) stops after the current iteration: the
        parameters of the last completed iteration and the history so far are kept
        (:attr:`history`), and the driver stays usable.

        Returns the history of this call.
        """
        n_iter = _check_int(n_iter, "n_iter", 0)
        start = self._driver.n_iterations()
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=n_iter, desc="VMC", unit="it")

        def report(iteration: int, energy: float, error: float):
            if bar is not None:
                bar.update(1)
                bar.set_postfix(E=f"{energy:.5f}", err=f"{error:.1e}", refresh=False)
            if callback is not None:
                return callback(iteration, energy)
            return None

        try:
            self._driver.optimize(n_iter, report)
        finally:
            if bar is not None:
                bar.close()
        h = self._driver.history()
        return OptimizationResult(h["energy"][start:], h["error"][start:], h["variance"][start:],
                                  h["acceptance"][start:], self.parameters)

    def sample(self, n_samples: Optional[int] = None, bins: int = 50, r_max: Optional[float] = None,
               observables: bool = True, progress: bool = False) -> SampleResult:
        """Sample the current wave function (no optimisation) and estimate the energy
        and, with ``observables=True``, the densities of :class:`SampleResult`.

        ``n_samples`` defaults to the driver's; histograms have ``bins`` bins on
        [0, r_max] (radial, pair distance) and [−r_max, r_max]² (2-D density), with
        r_max in a₀ defaulting to 5/√ω. Without observables their arrays are empty.

        The chains run in chunks of tens of milliseconds with the GIL released; the
        result does not depend on the chunking. ``progress=True`` shows a
        ``tqdm.auto`` bar of the samples drawn. Ctrl-C stops after the current chunk:
        the samples drawn so far are summarised in :attr:`last_sample` (with fewer
        samples than asked), the walkers keep their positions, the driver stays usable,
        and the KeyboardInterrupt propagates. A completed call also sets
        :attr:`last_sample`.
        """
        n_samples = self.n_samples if n_samples is None else _check_int(n_samples, "n_samples", 1)
        bins = _check_int(bins, "bins", 1)
        if r_max is None:
            r_max = 5.0 / np.sqrt(self.system.omega)
        r_max = _check_positive(r_max, "r_max")
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=n_samples, desc="VMC sample", unit="sample")

        def report(done: int, total: int) -> None:
            if bar is not None:
                bar.update(done - bar.n)

        try:
            result = SampleResult(**self._driver.sample(n_samples, bins, r_max, bool(observables),
                                                        report if bar is not None else None))
        except BaseException:
            partial = self._driver.take_partial_sample()
            if partial is not None:
                self.last_sample = SampleResult(**partial)
            raise
        finally:
            if bar is not None:
                bar.close()
        self.last_sample = result
        return result

    def __repr__(self) -> str:
        return (f"VMC({self.system!r}, {self._template!r}, {self.sampler!r}, {self.optimizer!r}, "
                f"n_samples={self.n_samples}, n_chains={self.n_chains})")
