"""The VMC driver: src/vmc/driver/, with progress bars, callbacks and Ctrl-C."""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import signal
import threading
from typing import Any, Callable, Iterator, Optional

import numpy as np

from physml import _core
from physml._base import check_bool, check_random_state_seed
from physml.exceptions import PhysmlError
from physml.vmc._common import to_float, to_int
from physml.vmc._hamiltonian import _System
from physml.vmc._optimizer import SGD, SR, Adam
from physml.vmc._results import OptimizationResult, SampleResult
from physml.vmc._sampler import Gibbs, ImportanceSampling, Metropolis
from physml.vmc._wavefunction import WaveFunction


@contextlib.contextmanager
def _deferred_interrupt(failure: list) -> Iterator[None]:
    """Within the block, Ctrl-C (SIGINT) appends a KeyboardInterrupt to ``failure``
    instead of raising, so that a rank is not stopped between two MPI collectives
    that the other ranks are waiting in (only in the main thread, where Python runs
    its signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        failure.append(KeyboardInterrupt())

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


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
    comm : mpi4py communicator or None
        Run across the processes of an MPI communicator (``MPI.COMM_WORLD``; install
        ``physml[mpi]``, start with ``mpiexec -n R python -m mpi4py script.py``). The
        chains are split across the R ranks, rank r running the global chains
        r·C/R … (r+1)·C/R − 1 (``n_chains`` must be a multiple of R); every rank
        builds the driver with the same arguments. Each iteration gathers every
        chain's sums (local energies, ΣO, ΣE·O, the dense SR co-moments merged
        over tree nodes, or every sample's O for the sample-space SR solver) to
        all ranks in one buffer Allgatherv, and conjugate-gradient SR exchanges
        per-chain products S·v once per CG iteration; every rank combines them in
        global chain order, so all ranks take the same step and the numbers are
        bit-for-bit those of a run without MPI with the same seed and
        ``n_chains``, for any R and any thread count per rank. Progress bars and callbacks run on rank 0 only; an exception on any
        rank (Ctrl-C included) ends the call on every rank, the others raising a
        ``physml.PhysmlError`` that names the failing rank and its message.

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
                 n_samples: int = 10_000, n_chains: int = 16, seed=None, comm: Any = None):
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
        self._driver = self._new_core()
        #: The result of the last :meth:`sample` call (part of it if interrupted).
        self.last_sample: Optional[SampleResult] = None
        self._exchange_counts: Optional[list] = None
        #: The MPI communicator (None: this process runs all chains).
        self.comm: Any = None
        if comm is not None:
            if seed is None:
                # every rank must draw the same chains' streams: rank 0's seed
                self.seed = comm.bcast(self.seed, root=0)
                self._driver = self._new_core()
            self._attach(comm)

    def _new_core(self) -> Any:
        system = self.system
        inner = self._template._build(system.n_particles, system.dim, system._spin_up(), system.omega)
        return _core.Vmc(system._inner, inner, self.sampler._inner, self.optimizer._inner,
                         self.n_samples, self.n_chains, self.seed)

    def _attach(self, comm: Any) -> None:
        """Takes this rank's share of the chains of ``comm``, after checking that
        every rank has built the same driver."""
        for name in ("Get_rank", "Get_size", "allgather", "bcast"):
            if not callable(getattr(comm, name, None)):
                raise TypeError(f"comm must be an mpi4py communicator such as MPI.COMM_WORLD, got {type(comm).__name__}")
        size, rank = comm.Get_size(), comm.Get_rank()
        if self.n_chains % size:
            raise ValueError(f"n_chains must be a multiple of the number of MPI ranks ({size}), got {self.n_chains}")
        config = (self.seed, self.n_samples, self.n_chains, repr(self.system), repr(self.sampler),
                  repr(self.optimizer), self.parameters.tobytes())
        configs = comm.allgather(config)
        for r, other in enumerate(configs):
            if other != config:
                raise ValueError(f"every MPI rank must build the VMC driver with the same system, wave function "
                                 f"(parameters), sampler, optimizer, n_samples, n_chains and seed; rank {r}'s differs "
                                 f"from rank {rank}'s")
        share = self.n_chains // size
        self._driver.set_local_chains(rank * share, share)
        self.comm = comm

    @property
    def rank(self) -> int:
        """This process's rank in :attr:`comm` (0 without MPI)."""
        return 0 if self.comm is None else int(self.comm.Get_rank())

    def _collective(self, body: Callable[[], Any]) -> list:
        """Runs ``body`` on every rank and returns every rank's value in rank order;
        if it raised anywhere, raises on every rank (the original exception where
        it happened, a PhysmlError naming it elsewhere) instead of leaving the
        others waiting."""
        try:
            value, error = body(), None
        except BaseException as exc:  # Ctrl-C too: the other ranks must not hang
            value, error = None, exc
        if self.comm is None:
            if error is not None:
                raise error
            return [value]
        message = None if error is None else f"{type(error).__name__}: {error}"
        results = self.comm.allgather((message, value))
        if error is not None:
            raise error
        for r, (msg, _) in enumerate(results):
            if msg is not None:
                raise PhysmlError(f"VMC stopped on every MPI rank: rank {r} failed with {msg}")
        return [v for _, v in results]

    def _collective_arrays(self, body: Callable[[], np.ndarray]) -> list:
        """:meth:`_collective` for a float64 array per rank: the lengths (and any
        error) travel pickled, the numbers by one buffer ``Allgatherv`` into a
        single contiguous array, returned as every rank's view in rank order."""
        if self.comm is None:
            return self._collective(body)
        box: list = [None]

        def run() -> int:
            box[0] = np.ascontiguousarray(body(), dtype=np.float64).ravel()
            return int(box[0].size)

        counts = self._collective(run)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        out = np.empty(int(offsets[-1]), dtype=np.float64)
        self.comm.Allgatherv(box[0], [out, (counts, offsets[:-1].tolist())])
        return [out[offsets[r]:offsets[r + 1]] for r in range(len(counts))]

    def _exchange(self, local: np.ndarray) -> np.ndarray:
        """Every rank's ``local`` concatenated in rank order: the merge-tree nodes
        of S·v partial products of the conjugate-gradient SR solver, one buffer
        ``Allgatherv`` per CG iteration. A rank's length (its nodes × (2 + P))
        is the same in every CG iteration; the lengths travel once per driver."""
        local = np.ascontiguousarray(local, dtype=np.float64).ravel()
        if self._exchange_counts is None or self._exchange_counts[self.rank] != local.size:
            self._exchange_counts = [int(c) for c in self.comm.allgather(int(local.size))]
        counts = self._exchange_counts
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        out = np.empty(int(offsets[-1]), dtype=np.float64)
        self.comm.Allgatherv(local, [out, (counts, offsets[:-1].tolist())])
        return out

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
        if self.comm is not None:
            self._optimize_mpi(n_iter, progress, callback)
            return self._history(start)
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

    def _optimize_mpi(self, n_iter: int, progress: bool,
                      callback: Optional[Callable[[int, float], Optional[bool]]]) -> None:
        bar = None
        if progress and self.rank == 0:
            from physml._progress import progress_bar

            bar = progress_bar(n_iter, "VMC", "it")
        interrupted: list = []

        def sample_step() -> np.ndarray:
            if interrupted:
                raise interrupted.pop()
            return self._driver.local_step()

        try:
            for _ in range(n_iter):
                parts = self._collective_arrays(sample_step)

                def finish() -> bool:
                    # no Ctrl-C inside the exchanges of the SR solve: it would leave
                    # the other ranks waiting; it ends the next collective instead
                    with _deferred_interrupt(interrupted):
                        index, energy, error = self._driver.finish_step(parts, self._exchange)
                    if self.rank != 0:
                        return False
                    if bar is not None:
                        bar.update(1)
                        bar.set_postfix(E=f"{energy:.5f}", err=f"{error:.1e}", refresh=False)
                    return callback is not None and callback(index, energy) is False

                if self._collective(finish)[0]:
                    break

            def end() -> None:
                if interrupted:
                    raise interrupted.pop()

            self._collective(end)
        finally:
            if bar is not None:
                bar.close()

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
        Under MPI, a Ctrl-C on any rank stops every rank after the same chunk (the
        ranks agree between chunks): :attr:`last_sample` is then the same partial
        result on every rank, and the other ranks raise a ``physml.PhysmlError``
        naming the interrupted one.
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

        if self.comm is not None:
            self.last_sample = self._sample_mpi(n_samples, bins, r_max, bool(observables), bar)
            return self.last_sample
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

    def _sample_mpi(self, n_samples: int, bins: int, r_max: float, observables: bool, bar: Any) -> SampleResult:
        from mpi4py import MPI

        size = self.comm.Get_size()
        failure: list = []

        def sync(done: int, total: int, failed: bool) -> bool:
            # between chunks, on every rank the same number of times: a Ctrl-C or
            # an error anywhere stops every rank after the same chunk
            if bar is not None and not failure:  # rank 0's chains stand for all
                try:
                    bar.update(min(done * size, total) - bar.n)
                except BaseException as exc:
                    failure.append(exc)
            return bool(self.comm.allreduce(bool(failure) or failed, op=MPI.LOR))

        try:
            with _deferred_interrupt(failure):
                parts = self._collective_arrays(lambda: self._driver.local_sample(
                    n_samples, bins, r_max, observables, sync))
                result = self._collective(lambda: SampleResult(
                    **self._driver.finish_sample(parts, bins, r_max, observables)))[self.rank]
            if any(self._collective(lambda: bool(failure))):
                # the samples drawn before the stop, the same on every rank
                self.last_sample = result

                def stop() -> None:
                    if failure:
                        raise failure[0]

                self._collective(stop)
            return result
        finally:
            if bar is not None:
                bar.close()

    #: Version of the state that :meth:`__getstate__` returns (pickles, deep copies
    #: and checkpoints); :meth:`__setstate__` refuses other versions.
    STATE_VERSION = 1

    def __getstate__(self) -> dict:
        """The driver's state, named and versioned: ``{"version": 1, "system",
        "wavefunction" (the template; the current parameters are in "core"),
        "sampler", "optimizer", "n_samples", "n_chains", "seed", "last_sample",
        "core"}``, where "core" holds the parameters, the history, the optimiser's
        moments and step count, this process's walkers ("positions", one row of
        N·d coordinates per chain) and their xoshiro256++ streams ("rng", four
        words per chain) with "local_chains" = (first global chain, count). The
        communicator is not part of it (see :meth:`save_checkpoint`)."""
        return {
            "version": self.STATE_VERSION,
            "system": self.system,
            "wavefunction": self._template,
            "sampler": self.sampler,
            "optimizer": self.optimizer,
            "n_samples": self.n_samples,
            "n_chains": self.n_chains,
            "seed": self.seed,
            "last_sample": self.last_sample,
            "core": self._driver.get_state(),
        }

    def __setstate__(self, state: dict) -> None:
        if not isinstance(state, dict) or state.get("version") != self.STATE_VERSION:
            found = state.get("version") if isinstance(state, dict) else type(state).__name__
            raise ValueError(f"state must be a VMC state of version {self.STATE_VERSION}, got version {found!r}")
        self.system = state["system"]
        self._template = state["wavefunction"]
        self.sampler = state["sampler"]
        self.optimizer = state["optimizer"]
        self.n_samples = state["n_samples"]
        self.n_chains = state["n_chains"]
        self.seed = state["seed"]
        self.last_sample = state["last_sample"]
        self.comm = None
        self._exchange_counts = None
        self._driver = self._new_core()
        core = state["core"]
        offset, n_local = core["local_chains"]
        if (offset, n_local) != (0, self.n_chains):
            self._driver.set_local_chains(offset, n_local)
        self._restore_core(core, core["positions"], core["rng"])

    def _restore_core(self, core: dict, positions: np.ndarray, rng: np.ndarray) -> None:
        self._driver.set_state(np.ascontiguousarray(core["parameters"], dtype=np.float64), core["history"],
                               core["optimizer"], np.ascontiguousarray(positions, dtype=np.float64),
                               np.ascontiguousarray(rng, dtype=np.uint64))

    def save_checkpoint(self, path: str | os.PathLike) -> None:
        """Write the driver's state (:meth:`__getstate__`) to ``path``.

        The file is a pickle, replaced atomically. With MPI, every rank must call
        it: rank 0 gathers the walkers and random streams of all ranks and writes
        them with the parameters, optimiser state and history; the other ranks write
        nothing. :meth:`load_checkpoint` continues from it.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write.
        """
        state = self.__getstate__()
        core = state["core"]
        if self.comm is not None:
            gathered = self._collective(lambda: (core["positions"], core["rng"]))
            if self.rank == 0 and all(len(p) for p, _ in gathered):
                core["positions"] = np.concatenate([p for p, _ in gathered])
                core["rng"] = np.concatenate([r for _, r in gathered])
            elif self.rank == 0:  # some rank has not run yet: its walkers start anew
                core["positions"] = core["positions"][:0]
                core["rng"] = core["rng"][:0]
            core["local_chains"] = (0, self.n_chains)

        def write() -> None:
            if self.rank != 0:
                return
            tmp = f"{os.fspath(path)}.tmp{os.getpid()}"
            with open(tmp, "wb") as f:
                pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)

        self._collective(write)

    @classmethod
    def load_checkpoint(cls, path: str | os.PathLike, comm: Any = None) -> VMC:
        """A driver restored from :meth:`save_checkpoint`.

        Every chain's walker and random stream belong to its global index, so with
        the same ``n_chains`` the run continues bit-for-bit on any number of ranks
        (which must divide ``n_chains``), and always with the checkpoint's
        parameters, optimiser state and history. Only rank 0 reads the file; it
        sends the state to the others.

        Parameters
        ----------
        path : str or os.PathLike
            The checkpoint file written by :meth:`save_checkpoint`.
        comm : mpi4py communicator or None, default None
            The communicator to run on (None: one process).

        Returns
        -------
        VMC
            The restored driver.

        Raises
        ------
        ValueError
            If the file is not a VMC checkpoint of this version.
        """

        def read() -> dict:
            with open(path, "rb") as f:
                state = pickle.load(f)
            if not isinstance(state, dict) or state.get("version") != cls.STATE_VERSION:
                raise ValueError(f"{os.fspath(path)!r} is not a VMC checkpoint of version {cls.STATE_VERSION}")
            return state

        if comm is None:
            state = read()
        else:
            box: list = [None]

            def read_root() -> None:
                if comm.Get_rank() == 0:
                    box[0] = read()

            probe = object.__new__(cls)
            probe.comm = comm
            probe._collective(read_root)
            state = comm.bcast(box[0], root=0)
        core = state["core"]
        positions, rng = core["positions"], core["rng"]
        core["positions"], core["rng"] = positions[:0], rng[:0]
        new = object.__new__(cls)
        new.__setstate__(state)
        if comm is not None:
            new._attach(comm)
        offset, n_local = new._driver.get_state()["local_chains"]
        if len(positions):
            new._restore_core(core, positions[offset:offset + n_local], rng[offset:offset + n_local])
        return new

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
        """Through the same state as pickling (:meth:`__getstate__`); the copy
        shares the communicator."""
        new = object.__new__(type(self))
        new.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        new.comm = self.comm
        return new

    def __repr__(self) -> str:
        return (f"VMC({self.system!r}, {self._template!r}, {self.sampler!r}, {self.optimizer!r}, "
                f"n_samples={self.n_samples}, n_chains={self.n_chains})")
