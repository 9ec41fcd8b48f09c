"""Results of a VMC run (src/vmc/driver/ returns them; here they become NumPy
arrays that pickle, compare and save to ``.npz``)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np


class _Result:
    _arrays: tuple[str, ...] = ()
    _scalars: tuple[str, ...] = ()

    def save(self, path) -> None:
        """Save to a NumPy ``.npz`` file.

        Parameters
        ----------
        path : str, path-like or file
            Where to write; ``.npz`` is appended to a path without it, as
            :func:`numpy.savez` does. Read back with :func:`physml.vmc.load` given the
            same path.

        Examples
        --------
        >>> import os, tempfile
        >>> from physml import vmc
        >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
        >>> history = vmc.VMC(dot, vmc.Gaussian(alpha=0.5), n_samples=500, seed=0).optimize(2)
        >>> path = os.path.join(tempfile.mkdtemp(), "history")
        >>> history.save(path)
        >>> vmc.load(path) == history
        True
        """
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
    E_L, E_h²), ``acceptance`` (fraction of accepted moves), ``gradient_norm`` (the
    Euclidean norm ‖g‖ of the energy gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩) the
    step used; NaN where unknown, as in files saved before it was recorded), and
    ``parameters`` (the final flat parameter vector).

    Parameters
    ----------
    energy, error, variance, acceptance : array-like of shape (n_iter,)
        The per-iteration estimates (see Attributes).
    parameters : array-like of shape (n_parameters,)
        The final flat parameter vector.
    gradient_norm : array-like of shape (n_iter,), optional
        ‖g‖ per iteration; NaN when not given.

    Attributes
    ----------
    energy : ndarray of shape (n_iter,)
        ⟨E_L⟩ of every iteration, in E_h.
    error : ndarray of shape (n_iter,)
        The blocking error of each energy, in E_h.
    variance : ndarray of shape (n_iter,)
        Var(E_L), in E_h².
    acceptance : ndarray of shape (n_iter,)
        The fraction of accepted moves.
    gradient_norm : ndarray of shape (n_iter,)
        ‖g‖ of the step taken.
    parameters : ndarray of shape (n_parameters,)
        The final flat parameter vector.
    n_iter : int
        The number of iterations.

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> history = vmc.VMC(dot, vmc.Gaussian(alpha=0.5), n_samples=500, seed=0).optimize(3)
    >>> history
    OptimizationResult(n_iter=3, energy=2.000000 +- 0.000000)
    >>> history.energy.shape, history.parameters.tolist()
    ((3,), [0.5, 1.0])
    """

    _arrays = ("energy", "error", "variance", "acceptance", "gradient_norm", "parameters")

    def __init__(self, energy, error, variance, acceptance, parameters, gradient_norm=None):
        self.energy = np.asarray(energy, dtype=np.float64)
        self.error = np.asarray(error, dtype=np.float64)
        self.variance = np.asarray(variance, dtype=np.float64)
        self.acceptance = np.asarray(acceptance, dtype=np.float64)
        self.parameters = np.asarray(parameters, dtype=np.float64)
        if gradient_norm is None:
            gradient_norm = np.full(self.energy.shape, np.nan)
        self.gradient_norm = np.asarray(gradient_norm, dtype=np.float64)

    @property
    def n_iter(self) -> int:
        """The number of iterations recorded."""
        return int(self.energy.size)

    def __repr__(self) -> str:
        if self.n_iter == 0:
            return "OptimizationResult(n_iter=0)"
        return (f"OptimizationResult(n_iter={self.n_iter}, energy={self.energy[-1]:.6f} "
                f"+- {self.error[-1]:.6f})")


class SampleResult(_Result):
    """Estimates from :meth:`VMC.sample`.

    Parameters
    ----------
    **values : dict
        The attributes below by name (as :meth:`VMC.sample` and :func:`load` give
        them); the ``*_error`` ones default to NaN.

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
    radial_density_error : ndarray
        Standard error of each bin of ``radial_density`` (a₀^−d).
    density_2d_error : ndarray (bins, bins)
        Standard error of each cell of ``density_2d`` (a₀^−2).
    pair_distribution_error : ndarray
        Standard error of each bin of ``pair_distribution`` (1/a₀).
    mean_distance_error : float
        Standard error of ``mean_distance`` (a₀; NaN for one particle).

    Notes
    -----
    The ``*_error`` attributes come from the independent Markov chains: with
    chain c contributing n_c samples and its own normalised estimate h_c (a bin, or
    ⟨r_ij⟩), the reported value is the pooled h̄ = Σ_c n_c h_c / n and its standard
    error is

        sqrt( Σ_c n_c (h_c − h̄)² / ((C − 1) n) ),  n = Σ_c n_c,

    unbiased for C ≥ 2 independent chains (autocorrelation within a chain is
    included automatically). They are NaN for a single chain, 0 in bins no sample
    reached, and themselves uncertain by about 1/√(2(C − 1)) relative; with the
    default 16 chains that is ~18%. Files saved before the errors were recorded
    load with NaN errors.

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    >>> psi = vmc.Gaussian(alpha=0.5) * vmc.PadeJastrow(beta=0.4)
    >>> result = vmc.VMC(dot, psi, n_samples=20_000, seed=0).sample(bins=20)
    >>> abs(result.energy - 3.0) < 0.05, result.n_samples    # exact E = 3 E_h
    (True, 20000)
    >>> result.radial_density.shape, result.density_2d.shape
    ((20,), (20, 20))
    """

    _arrays = ("local_energies", "radial_edges", "radial_density", "density_edges", "density_2d",
               "pair_edges", "pair_distribution", "radial_density_error", "density_2d_error",
               "pair_distribution_error")
    _scalars = ("energy", "error", "variance", "acceptance", "mean_distance", "mean_distance_error")
    # error attribute -> the value it belongs to (NaN of that shape when missing)
    _errors = {"radial_density_error": "radial_density", "density_2d_error": "density_2d",
               "pair_distribution_error": "pair_distribution", "mean_distance_error": "mean_distance"}

    local_energies: np.ndarray
    radial_edges: np.ndarray
    radial_density: np.ndarray
    density_edges: np.ndarray
    density_2d: np.ndarray
    pair_edges: np.ndarray
    pair_distribution: np.ndarray
    radial_density_error: np.ndarray
    density_2d_error: np.ndarray
    pair_distribution_error: np.ndarray
    energy: float
    error: float
    variance: float
    acceptance: float
    mean_distance: float
    mean_distance_error: float

    def __init__(self, **values):
        for name, value in self._errors.items():
            if name not in values:  # saved before the errors existed
                values[name] = np.full(np.shape(values[value]), np.nan)
        for name in self._arrays:
            setattr(self, name, np.asarray(values[name], dtype=np.float64))
        for name in self._scalars:
            setattr(self, name, float(values[name]))

    @property
    def n_samples(self) -> int:
        """The number of samples, ``len(local_energies)``."""
        return int(self.local_energies.size)

    def __repr__(self) -> str:
        return (f"SampleResult(energy={self.energy:.6f} +- {self.error:.6f}, variance={self.variance:.3g}, "
                f"acceptance={self.acceptance:.3f}, n_samples={self.n_samples})")


def load(path):
    """Read a result saved by ``save``.

    Parameters
    ----------
    path : str, path-like or file
        The path passed to ``save`` (``"h"`` reads ``h.npz``, as ``save("h")``
        wrote it) or the file's own name.

    Returns
    -------
    OptimizationResult or SampleResult
        The saved result (files saved before ``gradient_norm`` or the observables'
        errors were recorded give NaN for them).

    Raises
    ------
    ValueError
        If the file does not hold a physml.vmc result.

    Examples
    --------
    >>> import os, tempfile
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> result = vmc.VMC(dot, vmc.Gaussian(alpha=0.5), n_samples=500, seed=0).sample()
    >>> path = os.path.join(tempfile.mkdtemp(), "sample.npz")
    >>> result.save(path)
    >>> vmc.load(path).energy
    2.0
    """
    if isinstance(path, (str, os.PathLike)):
        name = os.fspath(path)
        if isinstance(name, str) and not name.endswith(".npz") and not os.path.exists(name) \
                and os.path.exists(f"{name}.npz"):
            path = f"{name}.npz"
    with np.load(path, allow_pickle=False) as data:
        kind = str(data["_kind"])
        classes = {"OptimizationResult": OptimizationResult, "SampleResult": SampleResult}
        if kind not in classes:
            raise ValueError(f"path must hold a physml.vmc result saved by save, got a file of kind {kind!r}")
        cls = classes[kind]
        # (files saved before gradient_norm or the observables' errors were recorded
        # lack them: NaN then)
        return cls(**{name: data[name] for name in cls._arrays + cls._scalars if name in data})
