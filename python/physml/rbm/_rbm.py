"""Binary and Gaussian restricted Boltzmann machines (Rust core: src/rbm/)."""

from __future__ import annotations

import math
import numbers
import sys
import time
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from physml import _core
from physml._base import (
    BaseEstimator,
    TransformerMixin,
    check_array,
    check_feature_names,
    check_feature_names_out,
    check_is_fitted,
    check_random_state_seed,
    check_scalar,
)

#: Largest number of hidden units for which ``method="auto"`` enumerates.
_AUTO_EXACT_UNITS = 20


class LogPartition(NamedTuple):
    """ln Z of an RBM: the value and its standard error (0 for enumeration).

    Parameters
    ----------
    value : float
        ln Z (dimensionless, k_B T = 1).
    std_error : float
        Its standard error (AIS), 0 for enumeration.

    Attributes
    ----------
    value, std_error : float
        As above.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.rbm import BernoulliRBM
    >>> X = np.array([[0, 1, 1], [1, 0, 1]], dtype=float)
    >>> rbm = BernoulliRBM(n_components=2, n_iter=5, random_state=0).fit(X)
    >>> exact = rbm.log_partition("exact")
    >>> exact.std_error
    0.0
    >>> ais = rbm.log_partition("ais", n_runs=50, n_betas=200, random_state=0)
    >>> bool(abs(ais.value - exact.value) < 5 * ais.std_error + 1e-3)
    True
    """

    value: float
    std_error: float


class _RBM(TransformerMixin, BaseEstimator):
    """The machinery shared by the binary and Gaussian RBMs."""

    _sigma_or_none: float | None = None
    centering_rate: float  # BernoulliRBM's parameter, read when _centering() is True
    _average_params: NDArray[np.float64] | None = None
    _iterate: NDArray[np.float64] | None = None

    def __init__(
        self,
        n_components: int = 256,
        *,
        learning_rate: float = 0.1,
        learning_rate_final: float | None = None,
        batch_size: int = 10,
        n_iter: int = 10,
        verbose: int = 0,
        random_state: Any = None,
        k: int = 1,
        persistent: bool = True,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        average: bool | int = False,
        progress: bool = False,
    ) -> None:
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.learning_rate_final = learning_rate_final
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.verbose = verbose
        self.random_state = random_state
        self.k = k
        self.persistent = persistent
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.average = average
        self.progress = progress

    # ------------------------------------------------------------------ checks
    def _centering(self) -> bool:
        return False

    def _average_start(self) -> int:
        """The epoch (counted from 1) from which the parameters are averaged, 0 for none."""
        if isinstance(self.average, (bool, np.bool_)):
            return int(bool(self.average))
        return int(self.average)

    def _sigma(self) -> float | None:
        return None

    def _check_params(self) -> None:
        check_scalar(self.n_components, "n_components", kind=numbers.Integral, min_value=1)
        check_scalar(
            self.learning_rate, "learning_rate", kind=numbers.Real, min_value=0, include_min=False
        )
        if self.learning_rate_final is not None:
            check_scalar(
                self.learning_rate_final, "learning_rate_final", kind=numbers.Real, min_value=0,
                include_min=False,
            )
            if self.learning_rate_final > self.learning_rate:
                raise ValueError(
                    f"learning_rate_final must be <= learning_rate ({self.learning_rate!r}), "
                    f"got {self.learning_rate_final!r}"
                )
        check_scalar(self.batch_size, "batch_size", kind=numbers.Integral, min_value=1)
        check_scalar(self.n_iter, "n_iter", kind=numbers.Integral, min_value=0)
        check_scalar(self.verbose, "verbose", kind=numbers.Integral, min_value=0)
        check_scalar(self.k, "k", kind=numbers.Integral, min_value=1)
        if not isinstance(self.persistent, (bool, np.bool_)):
            raise TypeError(f"persistent must be True or False, got {self.persistent!r}")
        if not isinstance(self.progress, (bool, np.bool_)):
            raise TypeError(f"progress must be True or False, got {self.progress!r}")
        check_scalar(
            self.momentum, "momentum", kind=numbers.Real, min_value=0, max_value=1,
            include_max=False,
        )
        check_scalar(self.weight_decay, "weight_decay", kind=numbers.Real, min_value=0)
        if not isinstance(self.average, (bool, np.bool_)):
            if not isinstance(self.average, numbers.Integral):
                raise TypeError(
                    f"average must be True, False or an int (the first averaged epoch), "
                    f"got {self.average!r}"
                )
            check_scalar(self.average, "average", kind=numbers.Integral, min_value=0)

    def _check_X(self, X: Any, name: str = "X") -> NDArray[np.float64]:
        return check_array(X, name, ndim=2)

    def _check_fitted_X(self, X: Any, name: str = "X") -> NDArray[np.float64]:
        check_is_fitted(self, "components_")
        check_feature_names(self, X, reset=False)
        X = self._check_X(X, name)
        self._check_n_features(X, name)
        return X

    def _check_n_features(self, X: NDArray[np.float64], name: str = "X") -> None:
        # scikit-learn's wording (its estimator checks match on it)
        if X.shape[1] != self.components_.shape[1]:
            raise ValueError(
                f"{name} has {X.shape[1]} features, but {type(self).__name__} is expecting "
                f"{self.components_.shape[1]} features as input (its visible units)"
            )

    # ------------------------------------------------------------------ state
    def _params(self) -> NDArray[np.float64]:
        """The flat parameter vector (a, b, W) of the core, W = components_ᵀ (M × H)."""
        return np.concatenate(
            [
                np.asarray(self.intercept_visible_, dtype=np.float64).ravel(),
                np.asarray(self.intercept_hidden_, dtype=np.float64).ravel(),
                np.asarray(self.components_, dtype=np.float64).T.ravel(),
            ]
        )

    def _set_params_flat(self, params: NDArray[np.float64], n_visible: int) -> None:
        h = self.n_components
        self.intercept_visible_ = params[:n_visible].copy()
        self.intercept_hidden_ = params[n_visible : n_visible + h].copy()
        self.components_ = np.ascontiguousarray(params[n_visible + h :].reshape(n_visible, h).T)

    def _next_stream(self) -> int:
        self._stream = getattr(self, "_stream", 0) + 1
        return self._stream

    def _initialize(self, n_features: int) -> None:
        self._seed = check_random_state_seed(self.random_state)
        self._stream = 0
        params = _core.rbm_init(self._sigma(), n_features, int(self.n_components), 0.01, self._seed)
        self._set_params_flat(params, n_features)
        self.n_features_in_ = n_features
        _core.check_memory("batch_size", str(self.batch_size), "the persistent chains (batch_size x n_components)",
                           8.0 * float(self.batch_size) * float(self.n_components))
        self.h_samples_ = np.zeros((int(self.batch_size), int(self.n_components)))
        self._velocity = np.zeros(params.size)
        self._steps = 0
        # Polyak averaging: epochs since initialisation, the running mean and its count,
        # and the last iterate while the public parameters hold the mean
        self._epochs_seen = 0
        self._average_params = None
        self._n_averaged = 0
        self._iterate = None
        for name in ("visible_offset_", "hidden_offset_"):
            self.__dict__.pop(name, None)

    def _init_offsets(self, X: NDArray[np.float64]) -> None:
        """The centring offsets at the start: μ = the mean of the rows of ``X``,
        λ = the mean of P(h | x) over them."""
        self.visible_offset_ = X.mean(axis=0)
        self.hidden_offset_ = _core.rbm_hidden_probabilities(
            self._sigma(), X.shape[1], self._train_params(), X
        ).mean(axis=0)

    def _train_params(self) -> NDArray[np.float64]:
        """The flat parameters training continues from: the last iterate."""
        iterate = getattr(self, "_iterate", None)
        return self._params() if iterate is None else np.asarray(iterate, dtype=np.float64)

    def _epoch_done(self) -> None:
        """Count a finished epoch and add the current iterate (the public parameters
        after :meth:`_store`) to the running mean once averaging has started."""
        self._epochs_seen = getattr(self, "_epochs_seen", 0) + 1
        start = self._average_start()
        if start > 0 and self._epochs_seen >= start:
            theta = self._params()
            n = getattr(self, "_n_averaged", 0) + 1
            mean = self._average_params
            self._average_params = (
                theta.copy() if n == 1 or mean is None else mean + (theta - mean) / n
            )
            self._n_averaged = n

    def _publish(self) -> None:
        """The public parameters: the running mean once averaging has started (the
        last iterate kept aside), else the last iterate."""
        mean = self._average_params
        if self._average_start() > 0 and getattr(self, "_n_averaged", 0) > 0 and mean is not None:
            self._iterate = self._params()
            self._set_params_flat(mean, self.components_.shape[1])
        else:
            self._n_averaged = 0
            self._average_params = None

    def _learning_rates(self, n_iter: int) -> list[float] | None:
        """The learning rate of each epoch of ``fit``, None for a constant rate."""
        if self.learning_rate_final is None:
            return None
        eta0, eta1 = float(self.learning_rate), float(self.learning_rate_final)
        if n_iter <= 1:
            return [eta0] * n_iter
        # clamped at eta1, which the formula never goes below: with eta1 far smaller
        # than eta0 the last rate would otherwise round to eta1 - (a few ulp of eta0),
        # down to 0 when eta1 < 1e-17 eta0
        return [max(eta0 + (eta1 - eta0) * e / (n_iter - 1), eta1) for e in range(n_iter)]

    def _start(self, n_visible: int, batch_size: int, learning_rate: float | None = None) -> Any:
        """A training run in the core from the current attributes (with
        ``learning_rate`` instead of the estimator's if given); it keeps the state
        between epochs (:meth:`_store` copies it back)."""
        chains = self.h_samples_
        if self.persistent and chains.shape[1] != self.n_components:
            chains = np.zeros((batch_size, int(self.n_components)))
        params = self._train_params()
        velocity = np.asarray(self._velocity, dtype=np.float64)
        state = (int(self._steps), velocity) if velocity.size == params.size else None
        offsets = None
        if self._centering():
            offsets = (
                np.ascontiguousarray(self.visible_offset_, dtype=np.float64),
                np.ascontiguousarray(self.hidden_offset_, dtype=np.float64),
                float(self.centering_rate),
            )
        return _core.RbmTrainer(
            self._sigma(),
            n_visible,
            params,
            np.ascontiguousarray(chains, dtype=np.float64),
            self._seed,
            learning_rate=float(self.learning_rate if learning_rate is None else learning_rate),
            momentum=float(self.momentum),
            weight_decay=float(self.weight_decay),
            k=int(self.k),
            persistent=bool(self.persistent),
            optimizer_state=state,
            offsets=offsets,
        )

    def _store(self, trainer: Any) -> None:
        """The attributes from a training run's state (the public parameters are its
        last iterate until :meth:`_publish`)."""
        self.components_ = trainer.components
        self.intercept_hidden_ = trainer.intercept_hidden
        self.intercept_visible_ = trainer.intercept_visible
        self._iterate = None
        self._steps, self._velocity = trainer.optimizer_state
        self.h_samples_ = trainer.chains
        offsets = trainer.offsets
        if offsets is not None:
            self.visible_offset_, self.hidden_offset_ = offsets

    def _run(self, trainer: Any, X: NDArray[np.float64], n_epochs: int, batch_size: int) -> None:
        """``n_epochs`` epochs, epoch e with random stream ``_stream`` + 1 + e; only
        finished epochs use up their stream."""
        stream, before = getattr(self, "_stream", 0), trainer.epochs
        try:
            trainer.run(X, n_epochs, batch_size, stream + 1)
        finally:
            self._stream = stream + trainer.epochs - before

    # ------------------------------------------------------------------ fitting
    def fit(self, X: Any, y: Any = None) -> Any:
        """Train for ``n_iter`` epochs over ``X`` in shuffled mini-batches.

        Each update is a CD-k (or PCD-k) step of the log-likelihood over ``batch_size``
        rows. With ``learning_rate_final`` set, epoch e = 0, …, n_iter − 1 uses the
        rate η_e = η₀ + (η_f − η₀) e/(n_iter − 1) (η₀ = ``learning_rate``, η_f =
        ``learning_rate_final``) for all its mini-batches, as a loop of ``partial_fit``
        calls that sets ``learning_rate`` epoch by epoch would; the momentum carries
        over between epochs. With ``centering`` the offsets start at the data's means
        and follow the mini-batches; with ``average`` the model is the mean of the
        parameters at the end of the averaged epochs (see the class docstring).

        Ctrl-C (KeyboardInterrupt) is polled before every mini-batch and Gibbs sweep
        and stops within about 20 ms: the unfinished epoch is undone, so the
        estimator keeps the parameters, momentum and persistent chains of the last
        finished epoch (the initial ones if none finished) and is fitted and usable,
        before the KeyboardInterrupt propagates; ``fit`` again starts afresh.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).
        y : None
            Ignored.

        Returns
        -------
        self
            The fitted estimator.
        """
        self._check_params()
        check_feature_names(self, X, reset=True)
        X = self._check_X(X)
        n_iter, batch_size = int(self.n_iter), int(self.batch_size)
        if not isinstance(self.average, (bool, np.bool_)) and self.average > max(n_iter, 1):
            raise ValueError(
                f"average must be <= n_iter ({n_iter}), the first averaged epoch, "
                f"got {self.average!r}"
            )
        self._initialize(X.shape[1])
        if self._centering():
            self._init_offsets(X)
        rates = self._learning_rates(n_iter)
        averaging = self._average_start() > 0
        bar = None
        if self.progress:
            from physml._progress import progress_bar

            bar = progress_bar(n_iter, type(self).__name__, "epoch")
        # one call per epoch when something happens between epochs (a progress bar,
        # a printout, a new learning rate), else one call
        chunk = (
            1 if bar is not None or self.verbose or rates is not None or averaging
            else max(n_iter, 1)
        )
        trainer = self._start(X.shape[1], batch_size, rates[0] if rates else None)
        done = 0
        try:
            while done < n_iter:
                start = time.perf_counter()
                if rates is not None and done > 0:
                    # a new run from the last one's state, at this epoch's rate
                    self._store(trainer)
                    trainer = self._start(X.shape[1], batch_size, rates[done])
                before = trainer.epochs
                self._run(trainer, X, min(chunk, n_iter - done), batch_size)
                done += trainer.epochs - before
                if averaging:
                    self._store(trainer)
                    self._epoch_done()
                if bar is not None:
                    bar.update(1)
                if self.verbose:
                    self._store(trainer)
                    # the score draws from a random stream of its own: put the counter
                    # back, so that printing leaves the training's streams unchanged
                    stream = self._stream
                    score = self.score_samples(X).mean()
                    self._stream = stream
                    print(
                        f"[{type(self).__name__}] Iteration {done}, "
                        f"{self._verbose_score_name()} = {score:.2f}, "
                        f"time = {time.perf_counter() - start:.2f}s",
                        file=sys.stdout,
                    )
        finally:
            self._store(trainer)
            if not averaging:
                self._epochs_seen = done
            self._publish()
            if bar is not None:
                bar.close()
        return self

    def partial_fit(self, X: Any, y: Any = None) -> Any:
        """One update on ``X`` taken as a single mini-batch (as scikit-learn's).

        The update uses ``learning_rate`` (``learning_rate_final`` applies to ``fit``
        only). The first call initialises the model (and, with ``centering``, the
        offsets from ``X``). With ``average``, each call counts as one epoch: from
        call number ``average`` on, the model is the running mean of the parameters
        after each call, and the next call continues from the last iterate. Ctrl-C (KeyboardInterrupt) during the
        update undoes it: the estimator is left as before the call (initialised, on a
        first call), and the KeyboardInterrupt propagates.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).
        y : None
            Ignored.

        Returns
        -------
        self
            The updated estimator.
        """
        self._check_params()
        first = not hasattr(self, "components_")
        check_feature_names(self, X, reset=first)
        X = self._check_X(X)
        if first:
            self._initialize(X.shape[1])
        else:
            self._check_n_features(X)
        if self._centering() and not hasattr(self, "hidden_offset_"):
            self._init_offsets(X)
        trainer = self._start(X.shape[1], X.shape[0])
        finished = False
        try:
            self._run(trainer, X, 1, X.shape[0])
            finished = True
        finally:
            self._store(trainer)
            if finished:
                self._epoch_done()
            self._publish()
        return self

    # ------------------------------------------------------------------ model
    def transform(self, X: Any) -> NDArray[np.float64]:
        """The hidden probabilities P(h_j = 1 | x) = S(b_j + c Σ_k x_k W_kj).

        c = 1 (binary) or 1/σ² (Gaussian); S is the logistic function.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).

        Returns
        -------
        ndarray of shape (n_samples, n_components)
            The probabilities (a DataFrame if so configured by ``set_output``).
        """
        checked = self._check_fitted_X(X)
        out = _core.rbm_hidden_probabilities(self._sigma(), checked.shape[1], self._params(), checked)
        return self._wrap_output(out, X)

    def get_feature_names_out(self, input_features: Any = None) -> NDArray[np.object_]:
        """The names of the hidden units, the columns of :meth:`transform`.

        Parameters
        ----------
        input_features : array-like of str, optional
            Checked against ``feature_names_in_`` (or ``n_features_in_``), otherwise
            unused: the hidden units do not inherit the input names.

        Returns
        -------
        ndarray of str objects, shape (n_components,)
            The class name in lower case followed by the unit's index
            (``bernoullirbm0``, ``bernoullirbm1``, ...), as scikit-learn names them.
        """
        check_is_fitted(self, "components_")
        check_feature_names_out(self, input_features)
        prefix = type(self).__name__.lower()
        return np.asarray([f"{prefix}{j}" for j in range(self.components_.shape[0])], dtype=object)

    def free_energy(self, X: Any) -> NDArray[np.float64]:
        """The free energy F(x) = −ln Σ_h e^{−E(x, h)} of every row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).

        Returns
        -------
        ndarray of shape (n_samples,)
            F(x) in units of k_B T = 1; P(x) = e^{−F(x)}/Z.
        """
        X = self._check_fitted_X(X)
        return _core.rbm_free_energy(self._sigma(), X.shape[1], self._params(), X)

    def gibbs(self, v: Any) -> NDArray[np.float64]:
        """One block Gibbs step from every row of ``v``: h ~ P(h | v), then v' ~ P(v | h).

        Parameters
        ----------
        v : array-like of shape (n_samples, n_features)
            The starting visible configurations.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            v' (binary samples, or Gaussian samples for Gaussian units).
        """
        v = self._check_fitted_X(v, "v")
        return _core.rbm_gibbs(
            self._sigma(), v.shape[1], self._params(), v, 1, self._seed, self._next_stream()
        )

    def sample(self, n_samples: int = 1, n_steps: int = 100, random_state: Any = None) -> NDArray[np.float64]:
        """Configurations from independent block Gibbs chains.

        Parameters
        ----------
        n_samples : int, default 1
            The number of chains, one sample each.
        n_steps : int, default 100
            Gibbs sweeps per chain, started at random (binary units: uniform 0/1;
            Gaussian units: N(a, σ²)).
        random_state : None, int or numpy.random.Generator, default None
            The seed; default the estimator's seed and a fresh stream. Same seed, same
            samples for any number of threads.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            The samples.
        """
        check_is_fitted(self, "components_")
        check_scalar(n_samples, "n_samples", kind=numbers.Integral, min_value=1)
        check_scalar(n_steps, "n_steps", kind=numbers.Integral, min_value=0)
        seed = (
            check_random_state_seed(random_state)
            if random_state is not None
            else (self._seed + 0x9E3779B97F4A7C15 * self._next_stream()) % 2**64
        )
        return _core.rbm_sample(
            self._sigma(), self.components_.shape[1], self._params(), int(n_samples),
            int(n_steps), seed,
        )

    def log_partition(
        self,
        method: str = "auto",
        *,
        n_runs: int = 100,
        n_betas: int = 1000,
        random_state: Any = None,
    ) -> LogPartition:
        """The log-partition function ln Z = ln Σ_x Σ_h e^{−E(x, h)}.

        x is integrated for Gaussian units.

        Parameters
        ----------
        method : {'auto', 'exact', 'ais'}, default 'auto'
            'exact' enumerates the smaller binary layer (at most 24 units; the hidden
            layer for Gaussian units); 'ais' is annealed importance sampling
            (Salakhutdinov & Murray 2008); 'auto' enumerates when that layer has at
            most 20 units.
        n_runs : int, default 100
            AIS runs.
        n_betas : int, default 1000
            AIS temperatures.
        random_state : None, int or numpy.random.Generator, default None
            The seed of AIS.

        Returns
        -------
        LogPartition
            ``(value, std_error)``; the error is 0 for enumeration.

        Raises
        ------
        ValueError
            If ``method='exact'`` and the layer to enumerate has more than 24 units.
        """
        check_is_fitted(self, "components_")
        if not isinstance(method, str) or method not in ("auto", "exact", "ais"):
            raise ValueError(f"method must be 'auto', 'exact' or 'ais', got {method!r}")
        m, h = self.components_.shape[1], self.components_.shape[0]
        enumerated = h if self._sigma() is not None else min(m, h)
        if method == "exact" or (method == "auto" and enumerated <= _AUTO_EXACT_UNITS):
            return LogPartition(_core.rbm_log_partition_exact(self._sigma(), m, self._params()), 0.0)
        check_scalar(n_runs, "n_runs", kind=numbers.Integral, min_value=2)
        check_scalar(n_betas, "n_betas", kind=numbers.Integral, min_value=1)
        seed = check_random_state_seed(random_state) if random_state is not None else self._seed
        value, err = _core.rbm_log_partition_ais(
            self._sigma(), m, self._params(), int(n_runs), int(n_betas), seed
        )
        return LogPartition(value, err)

    def log_likelihood(self, X: Any, method: str = "auto", **kwargs: Any) -> NDArray[np.float64]:
        """The log-likelihood ln P(x) = −F(x) − ln Z of every row.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).
        method : {'auto', 'exact', 'ais'}, default 'auto'
            How ln Z is computed (:meth:`log_partition`).
        **kwargs : dict
            Further arguments of :meth:`log_partition`.

        Returns
        -------
        ndarray of shape (n_samples,)
            ln P(x) (a log density for Gaussian units).
        """
        F = self.free_energy(X)
        return -F - self.log_partition(method, **kwargs).value

    def log_likelihood_gradient(self, X: Any) -> dict[str, NDArray[np.float64]]:
        """The exact gradient of the mean log-likelihood of ``X``, by enumeration.

        For small models only (see ``log_partition(method="exact")``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).

        Returns
        -------
        dict of str to ndarray
            ``{"intercept_visible_", "intercept_hidden_", "components_"}`` arrays shaped
            like the attributes.
        """
        X = self._check_fitted_X(X)
        m, h = X.shape[1], self.components_.shape[0]
        g = _core.rbm_log_likelihood_gradient(self._sigma(), m, self._params(), X)
        return {
            "intercept_visible_": g[:m],
            "intercept_hidden_": g[m : m + h],
            "components_": g[m + h :].reshape(m, h).T.copy(),
        }

    def score_samples(self, X: Any) -> NDArray[np.float64]:
        """A score of every row (each RBM defines its own; see the subclasses).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).

        Returns
        -------
        ndarray of shape (n_samples,)
            The scores.
        """
        raise NotImplementedError  # each RBM defines its own score

    def _verbose_score_name(self) -> str:
        return "pseudo-likelihood"


class BernoulliRBM(_RBM):
    """Restricted Boltzmann machine with binary visible and hidden units.

    Energy E(x, h) = −a·x − b·h − xᵀ W h with x ∈ {0, 1}^M, h ∈ {0, 1}^H; free energy
    F(x) = −a·x − Σ_j ln(1 + e^{b_j + (xW)_j}); P(x) = e^{−F(x)}/Z. Parameters and
    attributes follow scikit-learn's ``BernoulliRBM`` (``components_`` = Wᵀ,
    ``intercept_visible_`` = a, ``intercept_hidden_`` = b, ``h_samples_`` = the
    persistent chains), so it drops into pipelines as a feature extractor.

    Parameters
    ----------
    n_components : int, default=256
        Number of hidden units H.
    learning_rate : float, default=0.1
        Step size η of the updates (the gradient is averaged over a mini-batch); the
        initial one when ``learning_rate_final`` is set.
    learning_rate_final : float or None, default=None
        If set, ``fit`` lowers the step size linearly, epoch by epoch, from
        ``learning_rate`` (first epoch) to ``learning_rate_final`` (last epoch):
        epoch e = 0, …, n_iter − 1 uses η_e = η₀ + (η_f − η₀) e/(n_iter − 1). Must
        satisfy 0 < learning_rate_final <= learning_rate. ``partial_fit`` uses
        ``learning_rate``. A decaying rate damps the oscillations of PCD around the
        optimum (see ``examples/rbm_ising.ipynb``).
    batch_size : int, default=10
        Rows per mini-batch, and number of persistent chains.
    n_iter : int, default=10
        Epochs over the training data.
    verbose : int, default=0
        Print the mean pseudo-log-likelihood after each epoch.
    random_state : None, int or numpy Generator
        Seed of the initial weights W ~ N(0, 0.01²), the mini-batch order and the
        Gibbs chains. Same seed → same model for any number of threads.
    k : int, default=1
        Gibbs sweeps per update (CD-k / PCD-k).
    persistent : bool, default=True
        Persistent chains (PCD, Tieleman 2008; scikit-learn's choice) or chains
        restarted at the data (CD, Hinton 2002).
    momentum : float in [0, 1), default=0.0
        Momentum μ of the SGD updates: v ← μ v − η g; θ ← θ + v.
    weight_decay : float, default=0.0
        λ of the L2 penalty λ‖W‖²/2 on the weights.
    centering : bool, default=False
        Train with the centred gradient (Melchior, Fischer and Wiskott, JMLR 17,
        2016). With offsets μ (visible) and λ (hidden) the energy reads
        E = −(x − μ)·a′ − (h − λ)·b′ − (x − μ)ᵀ W (h − λ), the ordinary energy up to
        a constant with a = a′ − W λ and b = b′ − Wᵀ μ. Each update ascends the
        log-likelihood in (W, a′, b′): with g the ordinary gradient estimate
        (g_W = ⟨x hᵀ⟩_data − ⟨x hᵀ⟩_model, g_a, g_b likewise, h → P(h | x)), the weight
        step is η G′ with G′ = ⟨(x − μ)(h − λ)ᵀ⟩_data − ⟨(x − μ)(h − λ)ᵀ⟩_model =
        g_W − μ g_bᵀ − g_a λᵀ, the bias steps are η g_a and η g_b, so the ordinary
        parameters move by ΔW = η G′, Δa = η (g_a − G′ λ), Δb = η (g_b − G′ᵀ μ): the
        ordinary gradient times a positive-definite matrix (same fixed points,
        better conditioned). Weight decay subtracts ``weight_decay`` W from G′.
        ``fit`` starts from μ = the mean of the rows of X and λ = the mean of
        P(h | x) over them (the first batch for ``partial_fit``); before each
        mini-batch they follow it, μ ← (1 − ν) μ + ν ⟨x⟩_batch and
        λ ← (1 − ν) λ + ν ⟨P(h | x)⟩_batch (ν = ``centering_rate``). The model keeps
        the ordinary parameters, which a move of the offsets leaves unchanged (in
        the centred ones this is the bias correction a′ ← a′ + W Δλ,
        b′ ← b′ + Wᵀ Δμ), so ``free_energy``, ``transform``, ``sample`` and the
        scores do not depend on the offsets.
    centering_rate : float in [0, 1], default=0.01
        The rate ν at which the offsets follow the mini-batches (0: fixed at their
        start values).
    average : bool or int, default=False
        Polyak–Ruppert averaging of the parameters over epochs, after scikit-learn's
        ``SGDClassifier(average=...)`` (which counts samples where this counts
        epochs): True (or 1) averages the parameters at the end of every epoch; an
        int n >= 1 those at the end of epochs n, n + 1, …, n_iter (counted from 1:
        ``n_iter=400, average=301`` averages the last 100); False (or 0) keeps the
        last iterate. The running mean θ̄ ← θ̄ + (θ − θ̄)/count becomes the model
        (``components_`` and the intercepts); training goes on from the last iterate,
        kept aside with the momentum and the chains. ``partial_fit`` counts each call
        as one epoch since the model was initialised and carries the mean over
        calls, so a loop of ``partial_fit`` calls with one mini-batch per call gives
        the model of ``fit``. In ``fit`` an int must be <= n_iter.
    progress : bool, default=False
        Show a progress bar over the epochs of ``fit`` (tqdm).

    Attributes
    ----------
    components_ : ndarray, shape (n_components, n_features)
        The weights Wᵀ (the Polyak mean with ``average``).
    intercept_hidden_ : ndarray, shape (n_components,)
        The hidden biases b.
    intercept_visible_ : ndarray, shape (n_features,)
        The visible biases a.
    h_samples_ : ndarray, shape (batch_size, n_components)
        The persistent chains' hidden states.
    visible_offset_ : ndarray, shape (n_features,)
        The centring offset μ (only with ``centering=True``).
    hidden_offset_ : ndarray, shape (n_components,)
        The centring offset λ (only with ``centering=True``).
    n_features_in_ : int
        The number of visible units M seen in ``fit``.
    feature_names_in_ : ndarray of str objects, shape (n_features_in_,)
        The column names of ``X`` in ``fit``, when it was a DataFrame with string names.

    Notes
    -----
    The data must lie in [0, 1]: binary configurations, or probabilities (grey
    levels), which the gradient uses as mean-field values, as scikit-learn does.
    Values outside [0, 1] raise ``ValueError``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.rbm import BernoulliRBM
    >>> X = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
    >>> rbm = BernoulliRBM(n_components=2, random_state=0).fit(X)
    >>> rbm.transform(X).shape
    (4, 2)
    """

    def __init__(
        self,
        n_components: int = 256,
        *,
        learning_rate: float = 0.1,
        learning_rate_final: float | None = None,
        batch_size: int = 10,
        n_iter: int = 10,
        verbose: int = 0,
        random_state: Any = None,
        k: int = 1,
        persistent: bool = True,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        centering: bool = False,
        centering_rate: float = 0.01,
        average: bool | int = False,
        progress: bool = False,
    ) -> None:
        super().__init__(
            n_components,
            learning_rate=learning_rate,
            learning_rate_final=learning_rate_final,
            batch_size=batch_size,
            n_iter=n_iter,
            verbose=verbose,
            random_state=random_state,
            k=k,
            persistent=persistent,
            momentum=momentum,
            weight_decay=weight_decay,
            average=average,
            progress=progress,
        )
        self.centering = centering
        self.centering_rate = centering_rate

    def _centering(self) -> bool:
        return bool(self.centering)

    def _check_params(self) -> None:
        super()._check_params()
        if not isinstance(self.centering, (bool, np.bool_)):
            raise TypeError(f"centering must be True or False, got {self.centering!r}")
        check_scalar(
            self.centering_rate, "centering_rate", kind=numbers.Real, min_value=0, max_value=1
        )

    def _check_X(self, X: Any, name: str = "X") -> NDArray[np.float64]:
        X = check_array(X, name, ndim=2)
        if X.size and (X.min() < 0.0 or X.max() > 1.0):
            bad = X[(X < 0.0) | (X > 1.0)][0]
            raise ValueError(
                f"{name} must hold values in [0, 1] (binary data, or probabilities) for "
                f"BernoulliRBM, got {bad!r}; use GaussianBernoulliRBM for real-valued data"
            )
        return X

    def score_samples(self, X: Any) -> NDArray[np.float64]:
        """Pseudo-log-likelihood of every row, as scikit-learn.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Visible configurations (values in [0, 1] for binary units).

        Returns
        -------
        ndarray of shape (n_samples,)
            M · ln S(F(x̃) − F(x)), with x̃ the row with one randomly chosen unit i
            flipped (x_i → 1 − x_i) and S the logistic function: a stochastic proxy of
            M ln P(x_i | x_¬i).
        """
        X = self._check_fitted_X(X)
        rng = np.random.default_rng([self._seed % 2**63, self._next_stream()])
        flipped = X.copy()
        idx = rng.integers(0, X.shape[1], X.shape[0])
        rows = np.arange(X.shape[0])
        flipped[rows, idx] = 1.0 - flipped[rows, idx]
        fe = self.free_energy(X)
        fe_flipped = self.free_energy(flipped)
        return -X.shape[1] * np.logaddexp(0.0, -(fe_flipped - fe))


class GaussianBernoulliRBM(_RBM):
    """Restricted Boltzmann machine with Gaussian visible units and binary hidden units.

    Energy E(x, h) = Σ_k (x_k − a_k)²/(2σ²) − b·h − xᵀ W h/σ² with x ∈ ℝ^M; the visible
    units given h are independent normals N(a + W h, σ²), and P(h_j = 1 | x) =
    S(b_j + Σ_k x_k W_kj/σ²). This is the visible part of the VMC RBM wave function
    (``physml.vmc``), there written as F_rbm(x) = e^{−F(x)}.

    ``score_samples`` is the log-likelihood ln p(x) = −F(x) − ln Z (a log density),
    with ln Z exact for at most 20 hidden units and from AIS otherwise.

    Parameters
    ----------
    n_components : int, default=256
        Number of hidden units H.
    sigma : float > 0, default=1.0
        The width σ of the visible units, in the units of the data; standardise the
        data and keep σ = 1, or set it to the noise level.
    learning_rate : float, default=0.01
        Step size η (smaller than :class:`BernoulliRBM`'s: the gradient of a
        Gaussian unit grows like x/σ²); the initial one when ``learning_rate_final``
        is set.
    learning_rate_final : float or None, default=None
        If set, ``fit`` lowers the step size linearly, epoch by epoch, from
        ``learning_rate`` (first epoch) to ``learning_rate_final`` (last epoch):
        epoch e = 0, …, n_iter − 1 uses η_e = η₀ + (η_f − η₀) e/(n_iter − 1). Must
        satisfy 0 < learning_rate_final <= learning_rate. ``partial_fit`` uses
        ``learning_rate``.
    batch_size : int, default=10
        Rows per mini-batch, and number of persistent chains.
    n_iter : int, default=10
        Epochs over the training data.
    verbose : int, default=0
        Print the mean log-likelihood after each epoch.
    random_state : None, int or numpy Generator
        Seed of the initial weights, the mini-batch order and the Gibbs chains.
    k : int, default=1
        Gibbs sweeps per update (CD-k / PCD-k).
    persistent : bool, default=True
        Persistent chains (PCD) or chains restarted at the data (CD).
    momentum : float in [0, 1), default=0.0
        Momentum μ of the SGD updates.
    weight_decay : float, default=0.0
        λ of the L2 penalty λ‖W‖²/2 on the weights.
    average : bool or int, default=False
        Polyak–Ruppert averaging of the parameters over epochs, after scikit-learn's
        ``SGDClassifier(average=...)`` (which counts samples where this counts
        epochs): True (or 1) averages the parameters at the end of every epoch; an
        int n >= 1 those at the end of epochs n, n + 1, …, n_iter (counted from 1:
        ``n_iter=400, average=301`` averages the last 100); False (or 0) keeps the
        last iterate. The running mean θ̄ ← θ̄ + (θ − θ̄)/count becomes the model
        (``components_`` and the intercepts); training goes on from the last iterate,
        kept aside with the momentum and the chains. ``partial_fit`` counts each call
        as one epoch since the model was initialised and carries the mean over
        calls, so a loop of ``partial_fit`` calls with one mini-batch per call gives
        the model of ``fit``. In ``fit`` an int must be <= n_iter.
    progress : bool, default=False
        Show a progress bar over the epochs of ``fit`` (tqdm).

    Attributes
    ----------
    components_ : ndarray, shape (n_components, n_features)
        The weights Wᵀ (the Polyak mean with ``average``).
    intercept_hidden_ : ndarray, shape (n_components,)
        The hidden biases b.
    intercept_visible_ : ndarray, shape (n_features,)
        The visible biases a.
    h_samples_ : ndarray, shape (batch_size, n_components)
        The persistent chains' hidden states.
    n_features_in_ : int
        The number of visible units M seen in ``fit``.
    feature_names_in_ : ndarray of str objects, shape (n_features_in_,)
        The column names of ``X`` in ``fit``, when it was a DataFrame with string names.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.rbm import GaussianBernoulliRBM
    >>> X = np.random.default_rng(0).normal(size=(100, 3))
    >>> rbm = GaussianBernoulliRBM(n_components=4, n_iter=5, random_state=0).fit(X)
    >>> rbm.transform(X).shape, rbm.sample(5, random_state=1).shape
    ((100, 4), (5, 3))
    >>> bool(np.isfinite(rbm.score_samples(X[:3])).all())
    True
    """

    def __init__(
        self,
        n_components: int = 256,
        *,
        sigma: float = 1.0,
        learning_rate: float = 0.01,
        learning_rate_final: float | None = None,
        batch_size: int = 10,
        n_iter: int = 10,
        verbose: int = 0,
        random_state: Any = None,
        k: int = 1,
        persistent: bool = True,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        average: bool | int = False,
        progress: bool = False,
    ) -> None:
        super().__init__(
            n_components,
            learning_rate=learning_rate,
            learning_rate_final=learning_rate_final,
            batch_size=batch_size,
            n_iter=n_iter,
            verbose=verbose,
            random_state=random_state,
            k=k,
            persistent=persistent,
            momentum=momentum,
            weight_decay=weight_decay,
            average=average,
            progress=progress,
        )
        self.sigma = sigma

    def _sigma(self) -> float | None:
        return float(self.sigma)

    def _check_params(self) -> None:
        super()._check_params()
        check_scalar(self.sigma, "sigma", kind=numbers.Real, min_value=0, include_min=False)
        if not (1e-150 < float(self.sigma) < 1e150) or not math.isfinite(float(self.sigma) ** -2):
            raise ValueError(f"sigma must be between 1e-150 and 1e150, got {self.sigma!r}")

    def score_samples(self, X: Any) -> NDArray[np.float64]:
        """Log-likelihood ln p(x) = −F(x) − ln Z of every row (``log_likelihood(X, "auto")``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Continuous visible data.

        Returns
        -------
        ndarray of shape (n_samples,)
            ln p(x), a log density (in units of the data to the power −n_features).
        """
        return self.log_likelihood(X, "auto")

    def _verbose_score_name(self) -> str:
        return "log-likelihood"
