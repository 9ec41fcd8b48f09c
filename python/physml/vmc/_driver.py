"""The VMC driver: src/vmc/driver.rs, with progress bars, callbacks and Ctrl-C."""

from __future__ import annotations

import copy
from typing import Callable, Optional

import numpy as np

from physml import _core
from physml._base import check_bool, check_random_state_seed
from physml.vmc._common import to_float, to_int
from physml.vmc._hamiltonian import _System
from physml.vmc._optimizer import SGD, SR, Adam
from physml.vmc._results import OptimizationResult, SampleResult
from physml.vmc._sampler import Gibbs, ImportanceSampling, Metropolis
from physml.vmc._wavefunction import WaveFunction


class VMC:
    """Variational Monte Carlo driver.

    Parameters
    ----------
    system : QuantumDot or BoseGas
        The Hamiltonian.
    wavefunction : WaveFunction
        The trial function; it is copied (initialised for the system's shape if it was
        not): read the optimised one from :attr:`wavefunction`.
    sampler : Metropolis, ImportanceSampling or Gibbs, optional
        The Markov-chain sampler of |Ψ|² (default ``Metropolis()``).
    optimizer : SGD, Adam or SR, optional
        The parameter update (default ``Adam()``).
    n_samples : int >= 1
        Samples (local energies) per optimisation iteration, over all chains.
    n_chains : int >= 1
        Independent Markov chains; each owns the random stream (seed, chain index), so
        results are the same for any number of threads (``RAYON_NUM_THREADS``).
    seed : int, numpy Generator or None
        The seed of every chain's random stream (None: fresh entropy).

    Attributes
    ----------
    wavefunction : WaveFunction
        The current (optimised) wave function, a new object.
    parameters : ndarray
        The current flat parameter vector.
    history : OptimizationResult
        Every optimisation iteration so far.
    last_sample : SampleResult or None
        The result of the last :meth:`sample` call.

    Examples
    --------
    Two electrons in a 2-D quantum dot (ω = 1, exact E = 3 E_h):

    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    >>> psi = vmc.Gaussian(alpha=0.5) * vmc.PadeJastrow(beta=0.5)
    >>> driver = vmc.VMC(dot, psi, vmc.Metropolis(step_length=1.0), vmc.Adam(0.02),
    ...                  n_samples=4000, seed=1)
    >>> history = driver.optimize(20)
    >>> history.n_iter
    20
    >>> result = driver.sample(40_000)
    >>> abs(result.energy - 3.0) < 0.01
    True
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
        self.n_samples = to_int(n_samples, "n_samples")
        self.n_chains = to_int(n_chains, "n_chains")
        self.seed = check_random_state_seed(seed, "seed")
        self._template = copy.deepcopy(wavefunction)
        inner = self._template._build(system.n_particles, system.dim, system._spin_up(), system.omega)
        self._driver = _core.Vmc(system._inner, inner, sampler._inner, optimizer._inner,
                                 self.n_samples, self.n_chains, self.seed)
        #: The result of the last :meth:`sample` call (part of it if interrupted).
        self.last_sample: Optional[SampleResult] = None

    @property
    def wavefunction(self) -> WaveFunction:
        """The current (optimised) wave function, a new object."""
        wavefunction = copy.deepcopy(self._template)
        wavefunction._adopt(self._driver.wavefunction())
        return wavefunction

    @property
    def parameters(self) -> np.ndarray:
        """The current flat parameter vector."""
        return np.asarray(self._driver.parameters())

    @property
    def history(self) -> OptimizationResult:
        """Every optimisation iteration so far (all calls of :meth:`optimize`)."""
        return self._history(0)

    def _history(self, start: int) -> OptimizationResult:
        h = self._driver.history()
        return OptimizationResult(h["energy"][start:], h["error"][start:], h["variance"][start:],
                                  h["acceptance"][start:], self.parameters,
                                  gradient_norm=h["gradient_norm"][start:])

    def optimize(self, n_iter: int, progress: bool = False,
                 callback: Optional[Callable[[int, float], Optional[bool]]] = None) -> OptimizationResult:
        """Run ``n_iter`` optimisation iterations of ``n_samples`` samples each.

        Each iteration samples |Ψ|², estimates the energy E = ⟨E_L⟩ (E_h) and its
        gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩), and lets the optimiser update θ.

        Parameters
        ----------
        n_iter : int >= 1
            The number of iterations.
        progress : bool, default False
            Show a progress bar (a widget in Jupyter with ipywidgets, text otherwise).
        callback : callable, optional
            ``callback(iteration, energy)``, called after every iteration; it may read
            the driver (:attr:`parameters`, :attr:`wavefunction`, :attr:`history`), and
            returning ``False`` stops early.

        Returns
        -------
        OptimizationResult
            The history of this call (:attr:`history` holds that of all calls).

        Raises
        ------
        physml.PhysmlError
            If the run diverges (a RuntimeError): an energy estimate that is not finite,
            or that lies more than 10 standard errors below a rigorous lower bound of
            the Hamiltonian (N independent particles in the trap, Σ_i Σ_c ω_c/2; the
            interactions are repulsive), cannot come from a normalisable wave function.
            The parameters of the last good iteration are kept.

        Notes
        -----
        A step that would leave a wave function's domain is projected back into it
        (Padé–Jastrow β < 0 becomes 0; a Gaussian α or β that would reach ≤ 0 is
        halved instead).

        Ctrl-C is checked every few tens of milliseconds, also during an iteration's
        sampling and burn-in: it (or an exception from the callback) abandons the
        iteration in progress and keeps the parameters of the last completed
        iteration and the history so far (:attr:`history`); the walkers keep their
        positions, the driver stays usable, and the KeyboardInterrupt propagates.
        """
        n_iter = to_int(n_iter, "n_iter")
        progress = check_bool(progress, "progress")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable as callback(iteration, energy), got {callback!r}")
        start = self._driver.n_iterations()
        bar = None
        if progress:
            from physml._progress import progress_bar

            bar = progress_bar(n_iter, "VMC", "it")

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
        return self._history(start)

    def sample(self, n_samples: Optional[int] = None, bins: int = 50, r_max: Optional[float] = None,
               observables: bool = True, progress: bool = False) -> SampleResult:
        """Sample the current wave function (no optimisation) and estimate the energy.

        Parameters
        ----------
        n_samples : int, optional
            The number of samples over all chains; default the driver's.
        bins : int, default 50
            The number of histogram bins of the observables.
        r_max : float, optional
            The range of the histograms in a₀: [0, r_max] (radial, pair distance) and
            [−r_max, r_max]² (2-D density); default 5/√ω.
        observables : bool, default True
            Also estimate the densities of :class:`SampleResult` (with False their
            arrays are empty).
        progress : bool, default False
            Show a progress bar of the samples drawn.

        Returns
        -------
        SampleResult
            The energy (E_h) with its blocking error, the variance, the acceptance and
            the observables; also kept in :attr:`last_sample`.

        Notes
        -----
        The chains run in chunks of tens of milliseconds with the GIL released; the
        result does not depend on the chunking. Ctrl-C (also during the burn-in) stops
        after the current chunk: the samples drawn so far are summarised in
        :attr:`last_sample` (with fewer samples than asked), the walkers keep their
        positions, the driver stays usable, and the KeyboardInterrupt propagates.
        """
        n_samples = self.n_samples if n_samples is None else to_int(n_samples, "n_samples")
        bins = to_int(bins, "bins")
        r_max = 5.0 / np.sqrt(self.system.omega) if r_max is None else to_float(r_max, "r_max")
        observables = check_bool(observables, "observables")
        progress = check_bool(progress, "progress")
        bar = None
        if progress:
            from physml._progress import progress_bar

            bar = progress_bar(n_samples, "VMC sample", "sample")

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

    def __copy__(self) -> VMC:
        """An independent driver in the same state (parameters, optimiser moments,
        history, walkers, random streams): advancing one leaves the other as it was,
        and both continue as the original would have."""
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new._template = copy.deepcopy(self._template)
        new._driver = self._driver.copy()
        return new

    def __deepcopy__(self, memo: dict) -> VMC:
        new = self.__copy__()
        for name in ("system", "sampler", "optimizer", "last_sample"):
            setattr(new, name, copy.deepcopy(getattr(self, name), memo))
        return new

    def __repr__(self) -> str:
        return (f"VMC({self.system!r}, {self._template!r}, {self.sampler!r}, {self.optimizer!r}, "
                f"n_samples={self.n_samples}, n_chains={self.n_chains})")
