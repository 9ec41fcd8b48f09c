"""Systems: the Hamiltonians of src/vmc/hamiltonian.rs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from physml import _core
from physml.vmc._common import Configured, to_configuration, to_float, to_int

if TYPE_CHECKING:
    from physml.vmc._wavefunction import WaveFunction


class _System(Configured):
    """A Hamiltonian of ``n_particles`` particles in ``dim`` dimensions, held by one
    core object (``_inner``) built, and validated, by the constructor."""

    n_particles: int
    dim: int
    omega: float
    _inner: _core.System

    def _spin_up(self) -> Optional[int]:
        """The number of spin-up particles the wave function is built for (None: the
        wave function's default, the first ⌈N/2⌉)."""
        return getattr(self, "n_up", None)

    def local_energy(self, wavefunction: WaveFunction, x) -> float:
        """The local energy E_L(x) = HΨ(x)/Ψ(x) at one configuration.

        Parameters
        ----------
        wavefunction : WaveFunction
            The trial wave function Ψ (initialised for this system if needed).
        x : array-like of shape (n_particles, dim)
            The particle positions, in a₀.

        Returns
        -------
        float
            E_L(x) in Hartree, from the analytic gradient and Laplacian of ln Ψ:
            E_L = Σ_i [−½(∇_i² ln Ψ + |∇_i ln Ψ|²) + V_trap(r_i)] + V_int.
        """
        inner = wavefunction._build(self.n_particles, self.dim, self._spin_up(), self.omega)
        return float(self._inner.local_energy(inner, to_configuration(x)))


class QuantumDot(_System):
    """Electrons in an isotropic harmonic trap (a quantum dot):

        H = Σ_i (−½∇_i² + ½ω²r_i²) + Σ_{i<j} 1/|r_i − r_j|    (Hartree units).

    Electrons are fermions: a trial wave function must change sign when two
    electrons of the same spin are exchanged. With more than one electron of either
    spin it needs a :class:`SlaterDeterminant` factor, e.g.
    ``SlaterDeterminant() * RBM(...) * PadeJastrow()``; :class:`VMC` refuses a wave
    function without one, since it would converge to the bosonic ground state, below
    the true (fermionic) energy. Two electrons of opposite spins (the singlet) have a
    symmetric spatial wave function and need none.

    Parameters
    ----------
    n_particles : int >= 1
        Number of electrons N.
    dim : int in 1..3
        Spatial dimension d.
    omega : float > 0
        Trap frequency ω in E_h/ħ.
    interaction : {"coulomb", None}
        ``"coulomb"`` adds the repulsion Σ_{i<j} 1/r_ij; ``None`` gives independent
        electrons (closed shells in 2-D: E = ω·{2, 10, 28, 60, 110} for
        N = {2, 6, 12, 20, 30}).
    n_up : int or None
        Number of spin-up electrons: the first ``n_up`` are up, the rest down.
        Default ⌈N/2⌉ (N/2 each for closed shells). The cusps of
        :class:`PadeJastrow` and the determinants of :class:`SlaterDeterminant`
        follow it.
    statistics : {"fermi", "boltzmann"}
        ``"fermi"`` (electrons) or ``"boltzmann"``: distinguishable particles that
        happen to carry the spin labels, whose ground state is the bosonic one; only
        for deliberate studies of that state (any wave function is accepted).

    Attributes
    ----------
    n_particles, dim, omega, interaction, n_up, statistics
        The parameters, validated.

    Raises
    ------
    TypeError, ValueError
        If a parameter has the wrong type or is out of range (the message names it).

    Examples
    --------
    Two independent electrons in the Gaussian ground state: the local energy is
    exactly ω·2 = 2 E_h at every configuration.

    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0, interaction=None)
    >>> dot.local_energy(vmc.Gaussian(alpha=0.5), [[0.1, 0.2], [-0.3, 0.5]])
    2.0
    """

    def __init__(self, n_particles: int = 2, dim: int = 2, omega: float = 1.0, interaction: Optional[str] = "coulomb",
                 n_up: Optional[int] = None, statistics: str = "fermi"):
        self.n_particles = to_int(n_particles, "n_particles")
        self.dim = to_int(dim, "dim", 1, 3)
        self.omega = to_float(omega, "omega")
        if not (interaction is None or isinstance(interaction, str)) or interaction not in ("coulomb", None):
            raise ValueError(f"interaction must be 'coulomb' or None, got {interaction!r}")
        self.interaction = interaction
        self.n_up = (self.n_particles + 1) // 2 if n_up is None else to_int(n_up, "n_up")
        if not isinstance(statistics, str):
            raise TypeError(f"statistics must be a str, got {type(statistics).__name__}")
        self.statistics = statistics
        self._inner = _core.System.quantum_dot(self.n_particles, self.dim, self.omega, interaction == "coulomb",
                                               self.n_up, self.statistics)

    def _params(self) -> dict:
        return dict(n_particles=self.n_particles, dim=self.dim, omega=self.omega, interaction=self.interaction,
                    n_up=self.n_up, statistics=self.statistics)


class BoseGas(_System):
    """Hard-sphere bosons in an elliptical harmonic trap:

        H = Σ_i [−½∇_i² + ½(ω²(x_i² + y_i²) + ω_z² z_i²)] + Σ_{i<j} V_int(r_ij),

    V_int(r) = ∞ for r <= a and 0 otherwise (lengths in units where the trap is
    given by ω; the classic trap study uses a = 0.0043, ω_z/ω = 2.82843).

    Parameters
    ----------
    n_particles : int >= 1
        Number of bosons N.
    dim : int in 1..3
        Spatial dimension d. The elliptical direction is z (the last axis when
        dim = 3).
    omega : float > 0
        Frequency ω of the x and y directions.
    omega_z : float > 0 or None
        Frequency along z; ``None`` means ω (isotropic trap).
    radius : float >= 0
        Hard-sphere radius a; 0 means non-interacting bosons (ground state
        E = N·d·ω/2 in the isotropic trap).

    Attributes
    ----------
    n_particles, dim, omega, omega_z, radius
        The parameters, validated (``omega_z`` is ``omega`` when given None).

    Examples
    --------
    >>> from physml import vmc
    >>> gas = vmc.BoseGas(n_particles=2, dim=3)   # no interaction: E = N d ω/2 = 3
    >>> gas.local_energy(vmc.Gaussian(alpha=0.5), [[0.1, 0.2, 0.3], [-0.3, 0.5, 0.0]])
    3.0
    """

    def __init__(self, n_particles: int = 10, dim: int = 3, omega: float = 1.0,
                 omega_z: Optional[float] = None, radius: float = 0.0):
        self.n_particles = to_int(n_particles, "n_particles")
        self.dim = to_int(dim, "dim", 1, 3)
        self.omega = to_float(omega, "omega")
        self.omega_z = self.omega if omega_z is None else to_float(omega_z, "omega_z")
        self.radius = to_float(radius, "radius")
        self._inner = _core.System.bose_gas(self.n_particles, self.dim, self.omega, self.omega_z, self.radius)

    def _params(self) -> dict:
        return dict(n_particles=self.n_particles, dim=self.dim, omega=self.omega,
                    omega_z=self.omega_z, radius=self.radius)
