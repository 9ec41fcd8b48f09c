"""Trial wave functions: the ansätze of src/vmc/wavefunction/.

Each factor (Gaussian, RBM, PadeJastrow, HardSphereJastrow, SlaterDeterminant) keeps its
hyper-parameters as attributes and, once initialised for a shape, holds ONE core
object (``_core.WaveFunction``) that owns its variational parameters: ``parameters``,
``a``, ``b``, ``W`` read the core, ``set_parameters`` writes it (the core checks
length, finiteness and domain). A new factor is one small class: ``__init__``
storing its hyper-parameters and ``_new_core(n_particles, dim, n_up)`` building its
core object.
"""

from __future__ import annotations

from typing import Optional, TypeVar

import numpy as np

from physml import _core
from physml._base import check_bool, check_random_state_seed
from physml.vmc._common import STATE_VERSION, check_state, to_configuration, to_float, to_int

_WF = TypeVar("_WF", bound="WaveFunction")  # methods that return self keep its class


def default_n_up(n_particles: int) -> int:
    """The spin assignment when the system gives none: the first ⌈N/2⌉ particles up."""
    return (n_particles + 1) // 2


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

    Attributes
    ----------
    parameters : ndarray of shape (n_parameters,)
        All variational parameters θ (a copy; after initialisation).
    n_parameters : int
        Their number.

    Examples
    --------
    >>> from physml import vmc
    >>> psi = vmc.Gaussian(alpha=0.5)         # Ψ = exp(−α r²)
    >>> psi.log_value([[1.0, 0.0]]), psi.laplacian([[1.0, 0.0]])
    (-0.5, -2.0)
    >>> psi.gradient([[1.0, 0.0]]).tolist()
    [[-1.0, 0.0]]
    >>> psi.parameters.tolist()               # (α, β)
    [0.5, 1.0]
    """

    #: The core object of a factor, once initialised for a shape.
    _inner: Optional[_core.WaveFunction] = None
    #: The number of spin-up particles the core object was built for.
    _n_up: Optional[int] = None
    #: The smallest shape (n_particles, dim) the factor exists for: the constructor
    #: builds a core object of it, so that the core checks the hyper-parameters.
    _probe_shape = (1, 1)

    # ---- a factor: hyper-parameters and its core object ----------------------------
    def _new_core(self, n_particles: int, dim: int, n_up: int) -> _core.WaveFunction:
        """A core object for the shape (N, d) with the first ``n_up`` particles spin
        up, with initial parameters from the hyper-parameters."""
        raise NotImplementedError

    def _check_hyperparameters(self) -> None:
        """Let the core check the hyper-parameters (ranges, with their names)."""
        n_particles, dim = self._probe_shape
        self._new_core(n_particles, dim, default_n_up(n_particles))

    def _hyper(self) -> dict:
        """The hyper-parameters shown by repr."""
        return {}

    def _params(self) -> dict:
        """The constructor's arguments (pickling)."""
        return self._hyper()

    def _factors(self) -> list[WaveFunction]:
        return [self]

    def _initialize_factor(self, n_particles: int, dim: int, n_up: Optional[int],
                           context: Optional[dict] = None) -> None:
        self._configure(context)
        inner = self._inner
        if inner is not None and (inner.n_particles, inner.dim) == (n_particles, dim):
            if n_up is None:  # keep the factor's spins (set with its core object)
                n_up = default_n_up(n_particles) if self._n_up is None else self._n_up
            if n_up == self._n_up and not self._stale(inner):
                return
            new = self._new_core(n_particles, dim, n_up)  # the same shape: keep θ
            new.set_parameters(inner.parameters())
        else:
            n_up = default_n_up(n_particles) if n_up is None else n_up
            new = self._new_core(n_particles, dim, n_up)
            if inner is not None and self._parameters_set:
                if new.n_parameters == inner.n_parameters:
                    new.set_parameters(inner.parameters())  # shape-free (α, β): carried over
                elif not (context or {}).get("reinitialize"):
                    raise ValueError(
                        f"{type(self).__name__} holds parameters that were set or optimised for "
                        f"{inner.n_particles} particle(s) in {inner.dim}-D; they do not fit {n_particles} "
                        f"particle(s) in {dim}-D. Use a new {type(self).__name__}, or call "
                        f"initialize({n_particles}, {dim}, reinitialize=True) to draw new parameters"
                    )
                else:
                    self._parameters_set = False
        self._inner, self._n_up = new, n_up

    #: Whether the parameters were set (``set_parameters``) or optimised (the
    #: driver's ``wavefunction``) rather than drawn from the hyper-parameters.
    _parameters_set = False

    def _take(self, inner: _core.WaveFunction) -> None:
        """Adopt ``inner`` (parameters set by the user or by an optimisation)."""
        self._inner = inner
        self._parameters_set = True

    def _configure(self, context: Optional[dict]) -> None:
        """Take what the factor needs from ``context``: the product's factors and the
        system's trap frequency (see :class:`SlaterDeterminant`)."""

    def _stale(self, inner: _core.WaveFunction) -> bool:
        """Whether ``inner`` must be rebuilt (keeping its parameters) after
        :meth:`_configure`."""
        return False

    # ---- construction -------------------------------------------------------------
    def __mul__(self, other: WaveFunction) -> Product:
        if not isinstance(other, WaveFunction):
            return NotImplemented
        return Product(self, other)

    def initialize(self: _WF, n_particles: int, dim: int, n_up: Optional[int] = None,
                   omega: Optional[float] = None, reinitialize: bool = False) -> _WF:
        """Fix the shape (N, d) and the spin assignment, and draw the initial parameters.

        Nothing happens if this was already done for this shape.

        Parameters
        ----------
        n_particles : int
            The number of particles N.
        dim : int
            The spatial dimension d.
        n_up : int, optional
            The number of spin-up particles (the first ``n_up``); default ⌈N/2⌉, or the
            one the factor has.
        omega : float, optional
            The trap frequency of the system, the initial orbital frequency of a
            ``SlaterDeterminant(omega=None)`` (the driver passes the system's).
        reinitialize : bool, default False
            Allow a new shape to discard parameters that were set or optimised.

        Returns
        -------
        self : WaveFunction
            The wave function, initialised.

        Raises
        ------
        ValueError
            If the shape changes after the parameters were set or optimised and
            ``reinitialize`` is False.

        Notes
        -----
        A new shape (also from evaluating on a configuration of another shape, or
        from a driver of another system) keeps parameters that do not depend on it
        (α, β of :class:`Gaussian`, :class:`PadeJastrow`, :class:`SlaterDeterminant`)
        and draws the others (an :class:`RBM`'s a, b, W) anew from the
        hyper-parameters and seed, the same draw as a fresh object's.
        """
        n_particles = to_int(n_particles, "n_particles")
        dim = to_int(dim, "dim")
        n_up = None if n_up is None else to_int(n_up, "n_up")
        factors = self._factors()
        context = {"factors": factors, "omega": None if omega is None else to_float(omega, "omega"),
                   "reinitialize": bool(reinitialize)}
        for factor in factors:
            factor._initialize_factor(n_particles, dim, n_up, context)
        return self

    def _core_object(self) -> _core.WaveFunction:
        """The core object of the whole wave function (initialised)."""
        inners = [f._inner for f in self._factors()]
        missing = [f for f, inner in zip(self._factors(), inners) if inner is None]
        if missing:
            raise ValueError(
                f"{type(missing[0]).__name__} has no parameters yet: call initialize(n_particles, dim) "
                "or evaluate it on a configuration first"
            )
        cores = [inner for inner in inners if inner is not None]
        return cores[0] if len(cores) == 1 else _core.WaveFunction.product(cores)

    def _adopt(self, inner: _core.WaveFunction) -> None:
        """Take the parameters of ``inner``, a core object of this wave function's kind
        and shape (as the driver's): each factor takes its own factor of it."""
        factors = self._factors()
        cores = inner.factors() if len(factors) > 1 else [inner]
        for factor, core in zip(factors, cores):
            factor._take(core)

    def _build(self, n_particles: int, dim: int, n_up: Optional[int] = None,
               omega: Optional[float] = None) -> _core.WaveFunction:
        """The core object for the shape (N, d), initialised if needed."""
        return self.initialize(n_particles, dim, n_up, omega)._core_object()

    # ---- parameters ---------------------------------------------------------------
    @property
    def n_parameters(self) -> int:
        """Number of variational parameters (after initialisation)."""
        return int(self.parameters.size)

    @property
    def parameters(self) -> np.ndarray:
        """All variational parameters θ as one flat array (a copy)."""
        self._core_object()  # the error if not initialised
        return np.concatenate([f._inner.parameters() for f in self._factors() if f._inner is not None])

    def set_parameters(self: _WF, parameters) -> _WF:
        """Replace all variational parameters.

        Parameters
        ----------
        parameters : array-like of shape (n_parameters,)
            The new flat parameter vector θ, in the order of :attr:`parameters`.

        Returns
        -------
        self : WaveFunction
            The wave function, with the new parameters.

        Raises
        ------
        ValueError
            If their number, finiteness or domain is wrong (the core checks them;
            nothing changes if it refuses them).
        """
        theta = np.ascontiguousarray(np.asarray(parameters, dtype=np.float64).ravel())
        inner = self._core_object()
        inner.set_parameters(theta)
        self._adopt(inner)
        return self

    # ---- evaluation ---------------------------------------------------------------
    def _prepare(self, x) -> tuple[_core.WaveFunction, np.ndarray]:
        x = to_configuration(x)
        return self._build(*x.shape), x

    def log_value(self, x) -> float:
        """ln |Ψ(x)|.

        Parameters
        ----------
        x : array-like of shape (n_particles, dim)
            A configuration: the particle positions in a₀ (a 1-D array is N particles
            in one dimension).

        Returns
        -------
        float
            The logarithm of the absolute value of the (unnormalised) wave function.
        """
        inner, x = self._prepare(x)
        return float(inner.log_value(x))

    def sign(self, x) -> float:
        """The sign of Ψ(x).

        Only a :class:`SlaterDeterminant` changes sign, e.g. when two electrons of the
        same spin are exchanged.

        Parameters
        ----------
        x : array-like of shape (n_particles, dim)
            A configuration: the particle positions in a₀ (a 1-D array is N particles
            in one dimension).

        Returns
        -------
        float
            +1 or −1 (0 on a node).
        """
        inner, x = self._prepare(x)
        return float(inner.sign(x))

    def gradient(self, x) -> np.ndarray:
        """The gradient ∇_i ln Ψ(x) for every particle i.

        Parameters
        ----------
        x : array-like of shape (n_particles, dim)
            A configuration: the particle positions in a₀ (a 1-D array is N particles
            in one dimension).

        Returns
        -------
        ndarray of shape (n_particles, dim)
            ∂ ln Ψ/∂x_ic, in 1/a₀.
        """
        inner, x = self._prepare(x)
        return np.asarray(inner.gradient(x))

    def laplacian(self, x) -> float:
        """The Laplacian of ln Ψ summed over all particles.

        Parameters
        ----------
        x : array-like of shape (n_particles, dim)
            A configuration: the particle positions in a₀ (a 1-D array is N particles
            in one dimension).

        Returns
        -------
        float
            Σ_i ∇_i² ln Ψ(x), in 1/a₀².
        """
        inner, x = self._prepare(x)
        return float(inner.laplacian(x))

    def parameter_gradient(self, x) -> np.ndarray:
        """The log-derivatives O_k(x) = ∂ ln Ψ(x)/∂θ_k.

        Parameters
        ----------
        x : array-like of shape (n_particles, dim)
            A configuration: the particle positions in a₀ (a 1-D array is N particles
            in one dimension).

        Returns
        -------
        ndarray of shape (n_parameters,)
            One derivative per variational parameter, in the order of :attr:`parameters`.
        """
        inner, x = self._prepare(x)
        return np.asarray(inner.parameter_gradient(x))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._hyper().items())})"

    # ---- pickling: a named, versioned state -----------------------------------------
    def __getstate__(self) -> dict:
        return {"version": STATE_VERSION, "kind": type(self).__name__, "params": self._params(),
                "core": self._inner, "n_up": self._n_up, "parameters_set": self._parameters_set}

    def __setstate__(self, state: dict) -> None:
        state = check_state(state, type(self).__name__)
        type(self).__init__(self, **state["params"])
        self._inner, self._n_up = state["core"], state["n_up"]
        self._parameters_set = bool(state.get("parameters_set", False))


class Gaussian(WaveFunction):
    """Gaussian (harmonic-oscillator) factor

        Ψ_G(x) = exp(−α Σ_i (x_i² + y_i² + β z_i²)),

    with variational α (1/a₀²) and β (dimensionless; it scales z, the third
    coordinate, and has no effect for d < 3). α = ω/2, β = ω_z/ω is the exact ground
    state of non-interacting particles.

    Parameters
    ----------
    alpha : float > 0, default 0.5
        The initial width parameter α, in 1/a₀².
    beta : float > 0, default 1.0
        The initial anisotropy β of the z direction (dimensionless).

    Attributes
    ----------
    alpha, beta : float
        The current values (once set or optimised; also shown by the repr). The
        variational parameters are, in order, (α, β).

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.4), optimizer=vmc.SR(learning_rate=0.1),
    ...                  n_samples=2000, seed=1)
    >>> history = driver.optimize(30)
    >>> round(driver.wavefunction.alpha, 4)   # the exact α = ω/2
    0.5
    """

    def __init__(self, alpha: float = 0.5, beta: float = 1.0):
        self.alpha = to_float(alpha, "alpha")
        self.beta = to_float(beta, "beta")
        self._check_hyperparameters()

    def _hyper(self):
        return dict(alpha=self.alpha, beta=self.beta)

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.gaussian(n_particles, dim, self.alpha, self.beta)

    def _take(self, inner):
        # α and β are the current values (shown by repr, the start of a new shape)
        super()._take(inner)
        self.alpha, self.beta = (float(v) for v in inner.parameters())


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

    Attributes
    ----------
    a : ndarray of shape (M,)
        Visible biases, in a₀.
    b : ndarray of shape (H,)
        Hidden biases.
    W : ndarray of shape (M, H)
        Weights. The variational parameters are, in order, a, b and W row-major.

    Examples
    --------
    >>> from physml import vmc
    >>> rbm = vmc.RBM(n_hidden=3, sigma=1.0, random_state=0).initialize(2, 2)
    >>> rbm.a.shape, rbm.b.shape, rbm.W.shape, rbm.n_parameters
    ((4,), (3,), (4, 3), 19)
    >>> psi = vmc.RBM(n_hidden=2, random_state=0) * vmc.PadeJastrow(beta=0.5)
    >>> psi
    RBM(n_hidden=2, sigma=1.0, sqrt=False, scale=0.01) * PadeJastrow(beta=0.5)
    """

    def __init__(self, n_hidden: int = 4, sigma: float = 1.0, sqrt: bool = False, scale: float = 0.01,
                 random_state=None):
        self.n_hidden = to_int(n_hidden, "n_hidden")
        self.sigma = to_float(sigma, "sigma")
        self.sqrt = check_bool(sqrt, "sqrt")
        self.scale = to_float(scale, "scale")
        self.random_state = random_state
        self._seed = check_random_state_seed(random_state)
        self._check_hyperparameters()

    def _hyper(self):
        return dict(n_hidden=self.n_hidden, sigma=self.sigma, sqrt=self.sqrt, scale=self.scale)

    def _params(self):
        return dict(self._hyper(), random_state=self.random_state)

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.rbm(n_particles, dim, self.n_hidden, self.sigma, self.sqrt, self.scale, self._seed)

    def __getstate__(self) -> dict:
        return dict(super().__getstate__(), seed=self._seed)

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self._seed = state["seed"]  # the seed drawn from random_state at construction

    def _split(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        theta = self.parameters
        inner = self._inner
        assert inner is not None  # self.parameters raised otherwise
        m, h = inner.n_particles * inner.dim, self.n_hidden
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

    def set_weights(self, a=None, b=None, W=None) -> RBM:  # noqa: N803
        """Set any of the RBM's a, b and W (the others keep their values).

        Parameters
        ----------
        a : array-like of shape (M,), optional
            Visible biases, in a₀.
        b : array-like of shape (H,), optional
            Hidden biases.
        W : array-like of shape (M, H), optional
            Weights.

        Returns
        -------
        self : RBM
            The wave function, with the new parameters.

        Raises
        ------
        ValueError
            If a shape does not match, or the wave function is not initialised.
        """
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
    variational (the attribute ``beta`` shows its current value once set or
    optimised). Spins: the first ``n_up`` particles are up, the rest down, with
    ``n_up`` from the system (default ⌈N/2⌉; see :meth:`WaveFunction.initialize`).

    Parameters
    ----------
    beta : float >= 0, default 1.0
        The initial β, in 1/a₀.

    Attributes
    ----------
    beta : float
        The current β.

    Examples
    --------
    Two electrons of opposite spins 1 a₀ apart in 2-D: ln J = r/(1 + βr) = 0.5.

    >>> from physml import vmc
    >>> vmc.PadeJastrow(beta=1.0).log_value([[0.0, 0.0], [1.0, 0.0]])
    0.5
    """

    _probe_shape = (2, 2)

    def __init__(self, beta: float = 1.0):
        self.beta = to_float(beta, "beta")
        self._check_hyperparameters()

    def _hyper(self):
        return dict(beta=self.beta)

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.pade_jastrow(n_particles, dim, self.beta, n_up)

    def _take(self, inner):
        super()._take(inner)
        self.beta = float(inner.parameters()[0])  # the current β


class HardSphereJastrow(WaveFunction):
    """Hard-sphere Jastrow factor for bosons of radius a (in a₀):

        J(x) = Π_{i<j} f(r_ij),   f(r) = 1 − a/r for r > a, 0 otherwise.

    No variational parameters.

    Parameters
    ----------
    radius : float >= 0, default 0.0043
        The hard-sphere radius a, in a₀ (the classic trapped-boson value).

    Attributes
    ----------
    radius : float
        The radius a.

    Examples
    --------
    >>> import math
    >>> from physml import vmc
    >>> J = vmc.HardSphereJastrow(radius=0.5)
    >>> J.log_value([[0.0, 0.0, 0.0], [1.0, 0.0, 0.0]]) == math.log(1 - 0.5 / 1.0)
    True
    """

    def __init__(self, radius: float = 0.0043):
        self.radius = to_float(radius, "radius")
        self._check_hyperparameters()

    def _hyper(self):
        return dict(radius=self.radius)

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.hard_sphere_jastrow(n_particles, dim, self.radius)


class SlaterDeterminant(WaveFunction):
    """Slater determinants of harmonic-oscillator orbitals, for electrons:

        Ψ_S(x) = det[φ_j(r_i)]_{i,j ∈ ↑} · det[φ_j(r_i)]_{i,j ∈ ↓} · exp(−α Σ_i r_i²/2),

    one determinant per spin (the first ``n_up`` electrons, from the system, are
    spin up), with the orbitals φ_n(r) = Π_c H_{n_c}(√α x_c) (Hermite polynomials)
    filled shell by shell: shell k of the d-dimensional oscillator holds the
    orbitals with n_1 + … + n_d = k, each taking one spin-up and one spin-down
    electron (closed shells: 2-D N = 2, 6, 12, 20, 30, 42; 3-D N = 2, 8, 20, 40).
    Exchanging two electrons of the same spin changes the sign of Ψ_S (see
    :meth:`sign`); a quantum dot with more than one electron per spin needs this
    factor, and :class:`VMC` refuses it otherwise.

    The orbital frequency α (in E_h/ħ; the inverse squared width, 1/a₀²) is the
    variational parameter. With α = ω, Ψ_S is the exact ground state of N
    non-interacting electrons, with energy ω·{2, 10, 28, 60, 110} (2-D, N = 2 … 30).

    **Who owns the width.** The Gaussian exp(−α Σ r²/2) belongs to the determinant
    unless the product also has an :class:`RBM` or a :class:`Gaussian`, which brings
    its own: then the determinant holds the Hermite polynomials only, and the width
    is the RBM's σ (σ² = 1/ω gives the non-interacting ground state with α = ω and
    W = a = b = 0) or the Gaussian's α. ``envelope`` overrides this rule. The RBM's
    σ is fixed; for a variational width share it with a Gaussian:
    ``SlaterDeterminant() * RBM(sigma=sqrt(2/ω)) * Gaussian(alpha=ω/4) * PadeJastrow()``
    starts from the same non-interacting exp(−ω r²/2) and lets α move (this is what
    ``validation/quantum_dots.py`` uses).

    Parameters
    ----------
    omega : float > 0 or None, default None
        Initial α; None takes the trap frequency ω of the system the wave function is
        used with (1.0 when it is evaluated on its own). Once the parameters are set or
        optimised, the attribute ``omega`` (and the repr) show the current α.
    envelope : bool or None, default None
        Include exp(−α Σ r²/2); None decides by the rule above.
    recompute_every : int >= 1, default 100
        Accepted moves of a spin block between recomputations of its inverse matrix
        from scratch (LU, O(n³)); in between, Sherman–Morrison updates cost O(n²) per
        accepted move. 1 recomputes after every accepted move (slower, for checks);
        the drift of the updates stays below 1e-14 relative over thousands of moves.

    Attributes
    ----------
    alpha : float
        The current orbital frequency α (after initialisation).

    Examples
    --------
    Six independent electrons (a closed shell in 2-D): the determinant with α = ω is
    exact, E = 10 ω at every configuration.

    >>> import numpy as np
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=6, dim=2, omega=1.0, interaction=None)
    >>> x = np.random.default_rng(0).normal(size=(6, 2))
    >>> round(dot.local_energy(vmc.SlaterDeterminant(), x), 10)
    10.0

    Exchanging two electrons of the same spin (the first three are up) flips the sign:

    >>> psi = vmc.SlaterDeterminant().initialize(6, 2)
    >>> psi.sign(x) == -psi.sign(x[[1, 0, 2, 3, 4, 5]])
    True
    """

    _probe_shape = (2, 2)

    def __init__(self, omega: Optional[float] = None, envelope: Optional[bool] = None, recompute_every: int = 100):
        self.omega = None if omega is None else to_float(omega, "omega")
        if self.omega is not None and not (self.omega > 0 and np.isfinite(1.0 / self.omega)):
            # α = omega in exp(−α r²/2) and the width 1/√α: both must be finite
            raise ValueError(f"omega must be > 0 with a finite 1/omega, got {omega!r}")
        if envelope is not None and not isinstance(envelope, (bool, np.bool_)):
            raise TypeError(f"envelope must be True, False or None, got {type(envelope).__name__}")
        self.envelope = None if envelope is None else bool(envelope)
        self.recompute_every = to_int(recompute_every, "recompute_every")
        self._rebind = False
        self._configure(None)
        self._check_hyperparameters()

    def _hyper(self):
        return dict(omega=self.omega, envelope=self.envelope, recompute_every=self.recompute_every)

    def _configure(self, context):
        context = context or {}
        envelope = self.envelope
        if envelope is None:
            factors = context.get("factors", [self])
            envelope = not any(isinstance(f, (RBM, Gaussian)) for f in factors)
        self._with_envelope = envelope
        self._alpha0 = self.omega if self.omega is not None else (context.get("omega") or 1.0)

    def _stale(self, inner):
        return bool(inner.__getstate__()["envelope"]) != self._with_envelope or self._rebind

    def _take(self, inner):
        # the current α becomes ``omega`` (shown by repr, the start of a new shape), as
        # Gaussian's alpha and PadeJastrow's beta
        super()._take(inner)
        self._alpha_from = "set"
        self.omega = self._alpha0 = float(inner.parameters()[0])

    def __getstate__(self) -> dict:
        return dict(super().__getstate__(), alpha_from=getattr(self, "_alpha_from", None))

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self._alpha_from = state.get("alpha_from")

    def _initialize_factor(self, n_particles, dim, n_up, context=None):
        # α of omega=None comes from the system the first time a system is known: a
        # factor evaluated on its own first (α = 1) takes the system's ω then,
        # unless its parameters were set since.
        omega = (context or {}).get("omega")
        self._rebind = (self.omega is None and omega is not None and self._inner is not None
                        and getattr(self, "_alpha_from", None) == "default")
        super()._initialize_factor(n_particles, dim, n_up, context)
        if self._rebind:
            assert self._inner is not None
            self._inner.set_parameters(np.array([omega]))
        if getattr(self, "_alpha_from", None) != "set":
            self._alpha_from = "given" if (self.omega is not None or omega is not None) else "default"
        self._rebind = False

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.slater(n_particles, dim, n_up, self._alpha0, self._with_envelope,
                                         self.recompute_every)

    @property
    def alpha(self) -> float:
        """The current orbital frequency α (after initialisation)."""
        return float(self.parameters[0])


class NeuralJastrow(WaveFunction):
    """Neural-network Jastrow factor Ψ_J = exp(J_θ(x)), a feed-forward network of
    the pair distances r_ij, symmetric under the exchange of any two particles:

    * ``form="pair"``: J = Σ_{i<j} u_θ(q(r_ij)), one network u;
    * ``form="deepsets"``: J = ρ_θ(Σ_{i<j} φ_θ(q(r_ij))), φ with ``hidden_layer_sizes``
      (its last size L, activated, is the width of the sum) and ρ with
      ``rho_hidden_layer_sizes`` and a linear output (NetKet's DeepSetRelDistance).

    The networks see q(r) = r²/(1 + r) (r in a₀): q'(0) = 0, so J is smooth where two
    particles meet and does not change the electron–electron cusp; multiply by
    :class:`PadeJastrow` for the cusp (without it the local energy diverges like 1/r
    at coalescence and the variance grows). With ``spin_dependent`` the networks
    also see s_ij = +1 (parallel) or −1 (antiparallel spins; the first ``n_up``
    particles, from the system, are up).

    Gradient and Laplacian with respect to the coordinates are analytic (forward-mode
    second derivatives through the network); ∂J/∂θ by backpropagation. A move of one
    particle re-evaluates its N − 1 pairs (O(N)).

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (16, 16)
        Hidden layer sizes of u (pair) or φ (deepsets), as in MLPRegressor.
    activation : {"tanh", "logistic", "identity", "exp"}, default "tanh"
        Hidden activation; it must be twice differentiable (ReLU-like ones are refused:
        their Laplacian is not defined).
    form : {"pair", "deepsets"}, default "pair"
        The architecture (see above).
    rho_hidden_layer_sizes : tuple of int, default (16,)
        Hidden sizes of ρ (deepsets only).
    spin_dependent : bool, default False
        Give the networks the spin sign s_ij of each pair too.
    random_state : int, numpy Generator or None
        Seed of the Glorot-uniform hidden weights; biases and output weights start at 0
        (J = const).

    Attributes
    ----------
    coefs_ : list of ndarray
        The weight matrices W (n_in, n_out) of every layer (u or φ, then ρ).
    intercepts_ : list of ndarray
        The bias vectors b (n_out,). The variational parameters are, layer by layer,
        W row-major then b.

    Examples
    --------
    >>> from physml import vmc
    >>> J = vmc.NeuralJastrow(hidden_layer_sizes=(4,), random_state=0).initialize(2, 2)
    >>> [w.shape for w in J.coefs_], J.n_parameters
    ([(1, 4), (4, 1)], 13)
    >>> J.log_value([[0.5, 0.0], [-0.5, 0.0]])   # output weights start at 0: J = 0
    0.0
    """

    def __init__(self, hidden_layer_sizes=(16, 16), activation: str = "tanh", form: str = "pair",
                 rho_hidden_layer_sizes=(16,), spin_dependent: bool = False, random_state=None):
        self.hidden_layer_sizes = tuple(to_int(h, "hidden_layer_sizes") for h in np.atleast_1d(hidden_layer_sizes))
        self.activation = str(activation)
        self.form = str(form)
        self.rho_hidden_layer_sizes = tuple(to_int(h, "rho_hidden_layer_sizes")
                                            for h in np.atleast_1d(rho_hidden_layer_sizes))
        self.spin_dependent = check_bool(spin_dependent, "spin_dependent")
        self.random_state = random_state
        self._seed = check_random_state_seed(random_state)
        self._check_hyperparameters()

    def _hyper(self):
        h = dict(hidden_layer_sizes=self.hidden_layer_sizes, activation=self.activation, form=self.form)
        if self.form == "deepsets":
            h["rho_hidden_layer_sizes"] = self.rho_hidden_layer_sizes
        if self.spin_dependent:
            h["spin_dependent"] = True
        return h

    def _params(self):
        return dict(hidden_layer_sizes=self.hidden_layer_sizes, activation=self.activation, form=self.form,
                    rho_hidden_layer_sizes=self.rho_hidden_layer_sizes, spin_dependent=self.spin_dependent,
                    random_state=self.random_state)

    def _new_core(self, n_particles, dim, n_up):
        return _core.WaveFunction.neural_jastrow(n_particles, dim, n_up, form=self.form,
                                                 hidden_layer_sizes=list(self.hidden_layer_sizes),
                                                 rho_hidden_layer_sizes=list(self.rho_hidden_layer_sizes),
                                                 activation=self.activation, spin_dependent=self.spin_dependent,
                                                 seed=self._seed)

    def __getstate__(self) -> dict:
        return dict(super().__getstate__(), seed=self._seed)

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self._seed = state["seed"]

    def _sizes(self) -> list[tuple[int, int]]:
        n_in = 2 if self.spin_dependent else 1
        sizes = [n_in, *self.hidden_layer_sizes]
        if self.form == "pair":
            sizes.append(1)
            pairs = list(zip(sizes[:-1], sizes[1:]))
        else:
            rho = [sizes[-1], *self.rho_hidden_layer_sizes, 1]
            pairs = list(zip(sizes[:-1], sizes[1:])) + list(zip(rho[:-1], rho[1:]))
        return pairs

    def _layers(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        theta = self.parameters
        coefs, intercepts, at = [], [], 0
        for n_in, n_out in self._sizes():
            coefs.append(theta[at:at + n_in * n_out].reshape(n_in, n_out))
            at += n_in * n_out
            intercepts.append(theta[at:at + n_out])
            at += n_out
        return coefs, intercepts

    @property
    def coefs_(self) -> list[np.ndarray]:
        """Weight matrices W (n_in, n_out) per layer (u or φ, then ρ), copies."""
        return self._layers()[0]

    @property
    def intercepts_(self) -> list[np.ndarray]:
        """Bias vectors b (n_out,) per layer, copies."""
        return self._layers()[1]

    def set_weights(self, coefs=None, intercepts=None) -> NeuralJastrow:
        """Replace the weights and biases of every layer.

        Parameters
        ----------
        coefs : list of array-like
            Weight matrices shaped like :attr:`coefs_`.
        intercepts : list of array-like
            Bias vectors shaped like :attr:`intercepts_`.

        Returns
        -------
        self : NeuralJastrow
            The wave function, with the new parameters.

        Raises
        ------
        ValueError
            If the number of layers or a shape does not match.
        """
        c0, i0 = self._layers()
        coefs = c0 if coefs is None else coefs
        intercepts = i0 if intercepts is None else intercepts
        if len(coefs) != len(c0) or len(intercepts) != len(i0):
            raise ValueError(f"coefs and intercepts must hold {len(c0)} layers")
        parts = []
        for k, (w, b, w0, b0) in enumerate(zip(coefs, intercepts, c0, i0)):
            w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
            if w.shape != w0.shape or b.shape != b0.shape:
                raise ValueError(f"layer {k} must have coefs of shape {w0.shape} and intercepts of shape {b0.shape}, "
                                 f"got {w.shape} and {b.shape}")
            parts += [w.ravel(), b.ravel()]
        return self.set_parameters(np.concatenate(parts))


class Product(WaveFunction):
    """Product Ψ = Π_f Ψ_f of wave functions (``psi1 * psi2``): ln Ψ = Σ_f ln Ψ_f. Its
    parameters are the factors' parameters concatenated in order; the factors are
    shared with the product, not copied (setting the product's parameters sets
    theirs, and setting a factor's changes the product).

    Parameters
    ----------
    *factors : WaveFunction
        The factors; products among them are flattened.

    Attributes
    ----------
    factors : list of WaveFunction
        The factors, in order.

    Examples
    --------
    >>> from physml import vmc
    >>> psi = vmc.Gaussian(alpha=0.5) * vmc.PadeJastrow(beta=1.0)
    >>> psi
    Gaussian(alpha=0.5, beta=1.0) * PadeJastrow(beta=1.0)
    >>> len(psi.factors)
    2
    """

    def __init__(self, *factors: WaveFunction):
        flat: list[WaveFunction] = []
        for factor in factors:
            if not isinstance(factor, WaveFunction):
                raise TypeError(f"factors must be WaveFunction objects, got {type(factor).__name__}")
            flat.extend(factor._factors())
        self.factors = flat

    def _factors(self):
        return self.factors

    def __repr__(self) -> str:
        return " * ".join(repr(f) for f in self.factors)

    def __getstate__(self) -> dict:
        return {"version": STATE_VERSION, "kind": "Product", "factors": self.factors}

    def __setstate__(self, state: dict) -> None:
        self.factors = list(check_state(state, "Product")["factors"])
