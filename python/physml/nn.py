"""Feed-forward neural networks trained by backpropagation, and gradient-descent
regression, with a Rust core.

* :class:`MLPRegressor`, :class:`MLPClassifier` — scikit-learn's multi-layer
  perceptrons (same parameters and fitted attributes), with the solvers ``'sgd'``
  (momentum, Nesterov), ``'adam'``, ``'rmsprop'`` and ``'adagrad'``.
* :class:`LogisticRegression` — binary (sigmoid) or multinomial (softmax) logistic
  regression with L2, L1 or elastic-net penalties (``C``, ``l1_ratio``) minimised by
  the same optimisers; at convergence it agrees with scikit-learn's
  ``LogisticRegression(C=C, l1_ratio=l1_ratio)``.
* :class:`SGDRegressor` — the OLS, Ridge and Lasso cost functions minimised by
  (stochastic) gradient descent, converging to the closed-form answers.
* :class:`Network` — a teaching-level network: ``forward``, ``backward`` (every
  layer's weight and bias gradients as NumPy arrays) and weights you can read and
  set, to check your own backpropagation layer by layer.

Conventions. A layer computes a = f(a_prev W + b) with W of shape (n_in, n_out); the
loss is averaged over the samples of a batch: squared error ½ Σ_k (a_k − y_k)²,
binary cross-entropy −Σ_k [y ln a + (1 − y) ln(1 − a)] (sigmoid output), categorical
cross-entropy −Σ_k y_k ln a_k (softmax output), half the Poisson deviance
Σ_k [y_k ln(y_k/a_k) − y_k + a_k] (exponential output a = e^z, targets y ≥ 0). The penalty (λ₂/2) Σ‖W‖² +
λ₁ Σ‖W‖₁ acts on weights, not biases; in training the L1 term is applied by a
proximal (soft-thresholding) step after each optimiser step, so it sets weights
exactly to zero. With per-sample weights s_i every mean over samples becomes the
weighted mean 1/S Σ_i s_i ℓ_i, S = Σ_i s_i (``sample_weight`` in ``fit``, as
scikit-learn; weights may be negative, and the core rescales each mini-batch's
weights by its own exact power of two, so a batch's step depends only on the
weight ratios inside it, as scikit-learn's division by the batch's total weight,
and subnormal weights such as 1e-320 and huge ones such as 1e300 train without
underflow or overflow). Training is single-threaded per step and
reproducible from ``random_state`` on any number of threads; it runs in the Rust
core with the GIL released, shows a ``tqdm`` progress bar with ``progress=True``,
and stops cleanly on Ctrl-C (KeyboardInterrupt), keeping the weights of the last
finished epoch: the estimator is then fitted and usable, and the interrupt is
re-raised.
"""

from __future__ import annotations

import numbers
import warnings
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    ClassifierMixin,
    ConvergenceWarning,
    RegressorMixin,
    check_array,
    check_fitted_X,
    check_random_state_seed,
    check_sample_weight,
    check_scalar,
    column_or_1d,
)

__all__ = ["MLPRegressor", "MLPClassifier", "LogisticRegression", "SGDRegressor", "Network"]

ACTIVATIONS = ("identity", "logistic", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "exp", "softmax")
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a not in ("exp", "softmax"))
SOLVERS = ("sgd", "adam", "rmsprop", "adagrad")
SCHEDULES = ("constant", "invscaling", "adaptive", "exponential", "step")
LOSSES = ("squared_error", "binary_crossentropy", "categorical_crossentropy", "poisson")
REGRESSION_LOSSES = ("squared_error", "poisson")
INITS = ("glorot", "xavier", "he", "normal")
_OUTPUT_FOR_LOSS = {
    "squared_error": "identity",
    "binary_crossentropy": "sigmoid",
    "categorical_crossentropy": "softmax",
    "poisson": "exp",
}
_CHUNK_SECONDS = 0.1


# ----------------------------------------------------------------------------- helpers


def _check_choice(value: Any, name: str, choices: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def _flatten(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> np.ndarray:
    parts = []
    for w, b in zip(weights, biases):
        parts.append(np.ravel(w))
        parts.append(np.ravel(b))
    return np.ascontiguousarray(np.concatenate(parts), dtype=np.float64)


def _unflatten(params: np.ndarray, sizes: Sequence[int]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    weights, biases, k = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        weights.append(params[k : k + n_in * n_out].reshape(n_in, n_out).copy())
        k += n_in * n_out
        biases.append(params[k : k + n_out].copy())
        k += n_out
    return weights, biases


def _batch_size(batch_size: Any, n_samples: int) -> int:
    if batch_size is None:
        return n_samples
    if isinstance(batch_size, str):
        if batch_size != "auto":
            raise ValueError(f"batch_size must be 'auto', None or an integer >= 1, got {batch_size!r}")
        return min(200, n_samples)
    check_scalar(batch_size, "batch_size", kind=numbers.Integral, min_value=1)
    return min(int(batch_size), n_samples)


class _Progress:
    """Progress callback: a ``tqdm.auto`` bar over epochs when enabled."""

    def __init__(self, enabled: bool, total: int, desc: str) -> None:
        self.bar = None
        if enabled:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="epoch")

    def __call__(self, epochs: int, loss: float) -> None:
        if self.bar is not None:
            self.bar.update(epochs - self.bar.n)
            self.bar.set_postfix(loss=f"{loss:.4g}", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _train(
    *,
    sizes: list[int],
    activations: list[str],
    loss: str,
    params: np.ndarray,
    X: np.ndarray,
    Y: np.ndarray,
    validation: tuple[np.ndarray, np.ndarray] | None,
    optimizer: dict,
    training: dict,
    state: tuple,
    optimizer_state: tuple | None,
    progress: bool,
    desc: str,
    store: Callable[[Any], None],
    verbose: bool = False,
    sample_weight: np.ndarray | None = None,
    sample_weight_val: np.ndarray | None = None,
    train_biases: bool = True,
) -> Any:
    """Run a training run in the Rust core and hand the finished (or interrupted)
    run to ``store``; re-raise a KeyboardInterrupt after storing. With ``verbose``,
    print scikit-learn's lines "Iteration k, loss = …" (and "Validation score: …")
    for every epoch, from the progress callback between chunks, and its stopping
    message at the end."""
    epochs, samples_seen, best_loss, best_score, no_improvement = state
    trainer = _core.NnTrainer(
        sizes,
        activations,
        loss,
        params,
        X,
        Y,
        None if validation is None else validation[0],
        None if validation is None else validation[1],
        optimizer_state=optimizer_state,
        epochs=epochs,
        samples_seen=samples_seen,
        best_loss=best_loss,
        best_score=best_score,
        no_improvement=no_improvement,
        sample_weight=sample_weight,
        sample_weight_val=sample_weight_val,
        train_biases=train_biases,
        **optimizer,
        **training,
    )
    bar = _Progress(progress, training["max_epochs"], desc)

    what = "Validation score" if validation is not None else "Training loss"
    stalled = f"{what} did not improve more than tol={training['tol']:f} for {training['n_iter_no_change']} consecutive epochs."

    def report(done: int, losses: list[float], scores: list[float], changes: list[tuple[int, float]]) -> None:
        bar(done, losses[-1] if losses else np.nan)
        if verbose:
            new_rates = dict(changes)
            first = done - len(losses)
            for i, loss in enumerate(losses):
                print(f"Iteration {epochs + first + i + 1}, loss = {loss:.8f}")
                if scores:
                    print(f"Validation score: {scores[i]:f}")
                if first + i + 1 in new_rates:
                    print(f"{stalled} Setting learning rate to {new_rates[first + i + 1]:f}")

    try:
        trainer.run(report if (progress or verbose) else None, _CHUNK_SECONDS)
    except KeyboardInterrupt:
        trainer.finish()
        store(trainer)
        raise
    finally:
        bar.close()
    if verbose and trainer.converged:
        reason = " Learning rate too small." if optimizer["schedule_name"] == "adaptive" else ""
        print(f"{stalled}{reason} Stopping.")
    trainer.finish()
    store(trainer)
    if trainer.converged and validation is None:
        curve = list(trainer.loss_curve)
        best, last = min(curve), curve[-1]
        if last > curve[0] and last - best > max(abs(best), training["tol"]):
            warnings.warn(
                f"{desc}: the training loss grew from {best:.6g} (its lowest, at epoch {curve.index(best) + 1} of "
                f"this fit) to {last:.6g} (epoch {len(curve)}), and training stopped after "
                f"n_iter_no_change={training['n_iter_no_change']} epochs without improvement: the optimiser "
                "diverges; lower learning_rate_init",
                ConvergenceWarning,
                stacklevel=4,
            )
    return trainer


def _optimizer_args(est: Any, solver: str) -> dict:
    """The optimiser keyword arguments of ``_core.NnTrainer`` from an estimator."""
    return dict(
        solver=solver,
        learning_rate_init=float(est.learning_rate_init),
        schedule_name=est.learning_rate,
        power_t=float(est.power_t),
        decay_rate=float(getattr(est, "decay_rate", 0.5)),
        decay_steps=float(getattr(est, "decay_steps", 1000)),
        momentum=float(est.momentum),
        nesterov=bool(est.nesterovs_momentum),
        beta_1=float(est.beta_1),
        beta_2=float(est.beta_2),
        rho=float(est.rho),
        epsilon=float(est.epsilon),
    )


def _check_optimizer_params(est: Any, solver_name: str = "solver") -> None:
    _check_choice(getattr(est, solver_name), solver_name, SOLVERS)
    _check_choice(est.learning_rate, "learning_rate", SCHEDULES)
    check_scalar(est.learning_rate_init, "learning_rate_init", min_value=0, include_min=False)
    check_scalar(est.power_t, "power_t", min_value=0)
    check_scalar(est.momentum, "momentum", min_value=0, max_value=1, include_max=False)
    check_scalar(est.beta_1, "beta_1", min_value=0, max_value=1, include_max=False)
    check_scalar(est.beta_2, "beta_2", min_value=0, max_value=1, include_max=False)
    check_scalar(est.rho, "rho", min_value=0, max_value=1, include_max=False)
    check_scalar(est.epsilon, "epsilon", min_value=0, include_min=False)
    check_scalar(est.max_iter, "max_iter", kind=numbers.Integral, min_value=1)
    check_scalar(est.tol, "tol", min_value=0)
    check_scalar(est.n_iter_no_change, "n_iter_no_change", kind=numbers.Integral, min_value=1)
    if not isinstance(est.shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, got {est.shuffle!r}")


# ----------------------------------------------------------------------------- MLP


_MLP = TypeVar("_MLP", bound="_BaseMLP")


class _BaseMLP(BaseEstimator):
    """Shared machinery of :class:`MLPRegressor` and :class:`MLPClassifier`."""

    _score_name = "r2"
    # Set by the subclasses (as class attributes or in fit) and by _fit:
    _loss: str
    out_activation_: str
    _seed: int
    loss_curve_: list[float]
    validation_scores_: list[float] | None
    best_loss_: float | None
    best_validation_score_: float | None
    _optimizer_state: tuple[int, np.ndarray, np.ndarray] | None

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        rho=0.9,
        penalty="l2",
        init="glorot",
        progress=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.rho = rho
        self.penalty = penalty
        self.init = init
        self.progress = progress

    # -- validation

    def _hidden_sizes(self) -> list[int]:
        h = self.hidden_layer_sizes
        sizes = [h] if isinstance(h, numbers.Integral) else list(h) if h is not None else None
        if sizes is None or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
            raise TypeError(f"hidden_layer_sizes must be an int or a sequence of ints, got {h!r}")
        if any(s < 1 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be >= 1 for every layer, got {tuple(h) if not isinstance(h, numbers.Integral) else h!r}")
        return [int(s) for s in sizes]

    def _validate_params(self) -> None:
        self._hidden_sizes()
        _check_choice(self.activation, "activation", HIDDEN_ACTIVATIONS)
        _check_optimizer_params(self)
        check_scalar(self.alpha, "alpha", min_value=0)
        check_scalar(self.validation_fraction, "validation_fraction", min_value=0, max_value=1, include_min=False, include_max=False)
        _check_choice(self.penalty, "penalty", ("l2", "l1"))
        _check_choice(self.init, "init", INITS)

    def _penalty(self) -> tuple[float, float]:
        alpha = float(self.alpha)
        return (alpha, 0.0) if self.penalty == "l1" else (0.0, alpha)

    # -- the model

    def _sizes(self) -> list[int]:
        return [self.n_features_in_] + self._hidden_sizes() + [self.n_outputs_]

    def _activations(self) -> list[str]:
        act = "sigmoid" if self.activation == "logistic" else self.activation
        out = "sigmoid" if self.out_activation_ == "logistic" else self.out_activation_
        return [act] * len(self._hidden_sizes()) + [out]

    def _params(self) -> np.ndarray:
        return _flatten(self.coefs_, self.intercepts_)

    def _forward(self, X: Any) -> np.ndarray:
        X = check_fitted_X(self, X, "coefs_")
        return _core.nn_forward(self._sizes(), self._activations(), self._loss, self._params(), X)[-1]

    # -- training

    def _fit(self: _MLP, X: np.ndarray, Y: np.ndarray, sample_weight: Any, *, incremental: bool) -> _MLP:
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True (as scikit-learn); set early_stopping=False")
        seed = self._seed if hasattr(self, "_seed") and (incremental or self.warm_start) else check_random_state_seed(self.random_state)
        continuing = hasattr(self, "coefs_") and (incremental or self.warm_start)
        if continuing and (self.coefs_[0].shape[0] != X.shape[1] or self._sizes()[-1] != Y.shape[1] or
                           [w.shape[1] for w in self.coefs_[:-1]] != self._hidden_sizes()):
            raise ValueError(
                f"X has {X.shape[1]} features and {Y.shape[1]} outputs but the fitted network has "
                f"layer sizes {self._sizes()}; fit a new estimator or set warm_start=False"
            )
        self.n_features_in_ = X.shape[1]
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(self._hidden_sizes()) + 2
        sizes, acts = self._sizes(), self._activations()
        if continuing:
            params = self._params()
            state = self._state
        else:
            self._seed = seed
            params = _core.nn_init(sizes, acts, self._loss, self.init, 1.0, seed)
            state = (0, 0, np.inf, -np.inf, 0)
            self.loss_curve_ = []
            self.validation_scores_ = [] if self.early_stopping else None
            self._optimizer_state = None
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        early = self.early_stopping and not incremental
        validation = w_val = None
        if early:
            X, Y, w, validation, w_val = self._split_validation(X, Y, w, seed)
        l1, l2 = self._penalty()
        training = dict(
            batch_size=_batch_size(self.batch_size, X.shape[0]),
            max_epochs=1 if incremental else int(self.max_iter),
            shuffle=bool(self.shuffle),
            tol=float(self.tol),
            n_iter_no_change=int(self.n_iter_no_change),
            l1=l1,
            l2=l2,
            penalty_per_sample="batch",
            score_name=self._score_name,
            seed=seed,
        )
        trainer = _train(
            sizes=sizes,
            activations=acts,
            loss=self._loss,
            params=params,
            X=X,
            Y=Y,
            validation=validation,
            optimizer=_optimizer_args(self, self.solver),
            training=training,
            state=state,
            optimizer_state=self._optimizer_state if incremental and continuing else None,
            progress=bool(self.progress) and not incremental,
            desc=type(self).__name__,
            store=lambda t: self._store(t, sizes, early),
            verbose=bool(self.verbose),
            sample_weight=w,
            sample_weight_val=w_val,
        )
        if not incremental and not trainer.converged and trainer.epochs_this_run >= self.max_iter:
            warnings.warn(
                f"{type(self).__name__}: the optimiser reached max_iter={self.max_iter} epochs before "
                f"the loss stopped improving by tol={self.tol}; increase max_iter or learning_rate_init",
                ConvergenceWarning,
                stacklevel=3,
            )
        return self

    def _split_validation(self, X, Y, w, seed):
        n = X.shape[0]
        n_val = int(np.ceil(self.validation_fraction * n))
        if n_val < 1 or n - n_val < 1:
            raise ValueError(
                f"early_stopping needs at least one training and one validation sample; "
                f"got {n} samples with validation_fraction={self.validation_fraction}"
            )
        order = np.random.default_rng(seed).permutation(n)
        val, train = order[:n_val], order[n_val:]
        if w is None:
            return X[train], Y[train], None, (X[val], Y[val]), None
        if not w[train].any() or not w[val].any():
            raise ValueError(
                "sample_weight is zero on the whole training or validation part of the early-stopping split; "
                "give more samples non-zero weights or change validation_fraction or random_state"
            )
        return X[train], Y[train], w[train], (X[val], Y[val]), w[val]

    def _store(self, trainer, sizes, early) -> None:
        self.coefs_, self.intercepts_ = _unflatten(np.asarray(trainer.params), sizes)
        epochs, samples_seen, best_loss, best_score, no_improvement = trainer.state
        self._state = trainer.state
        t, first, second, eta = trainer.optimizer_state
        self._optimizer_state = (int(t), np.asarray(first), np.asarray(second))
        self._learning_rate = eta
        self.loss_curve_ = list(self.loss_curve_) + list(trainer.loss_curve)
        self.loss_ = self.loss_curve_[-1] if self.loss_curve_ else np.nan
        self.n_iter_ = int(epochs)
        self.t_ = int(samples_seen)
        # as scikit-learn: with early stopping the validation score is tracked and
        # best_loss_ is None; without it best_validation_score_ is None
        if early:
            self.validation_scores_ = list(self.validation_scores_ or []) + list(trainer.validation_scores)
            self.best_validation_score_ = float(best_score)
            self.best_loss_ = None
        else:
            self.best_loss_ = float(best_loss)
            self.best_validation_score_ = None


class MLPRegressor(RegressorMixin, _BaseMLP):
    """Multi-layer perceptron regressor, following scikit-learn's ``MLPRegressor``.

    The network is inputs → ``hidden_layer_sizes`` (activation ``activation``) →
    output, trained per mini-batch of n samples on J = 1/n Σ_i ℓ(a(x_i), y_i) +
    (α/2n) Σ‖W‖² (the L2 term is scikit-learn's; with ``penalty='l1'`` it is
    (α/n) Σ‖W‖₁), where ``loss`` chooses the output and ℓ:

    * ``'squared_error'``: identity output a = z, ℓ = ½ ‖a − y‖²;
    * ``'poisson'``: exponential output a = e^z (the log link, so a > 0 is the
      predicted mean of a count or rate), ℓ = Σ_k [y_k ln(y_k/a_k) − y_k + a_k], half
      the Poisson deviance (y ln(y/a) = 0 for y = 0); its output error is
      ∂ℓ/∂z = a − y. Targets must be y ≥ 0 (a ValueError naming y otherwise;
      scikit-learn lets a negative y train to NaN). ``predict`` returns a = e^z.

    With ``sample_weight`` s_i, as in scikit-learn, n becomes S_B = Σ_{i∈B} s_i in both
    terms: J = 1/S_B Σ_i s_i ℓ_i + (α/2S_B) Σ‖W‖²; the early-stopping split carries the
    weights along and the validation R² is weighted; ``loss_curve_`` averages the batch
    objectives over the samples. Weights may be negative, as in scikit-learn; a batch
    whose weights are all zero takes no step (scikit-learn divides by zero there), and
    one whose weights of mixed sign sum to zero raises a ValueError naming
    ``sample_weight``. Scaling every weight by c leaves the loss term as it is and
    divides the penalty by c (J(c s, c α) = J(s, α)): with α = 0 the weights' magnitude
    does not matter (1e-320 trains like 1), while α/S_B beyond the float64 range (e.g.
    weights 1e-320 with the default α) raises a ValueError naming ``sample_weight`` —
    scikit-learn stops there with non-finite weights. With ``penalty='l1'`` the term
    (α/S_B) Σ‖W‖₁ is applied by a proximal (soft-thresholding) step, so it sets weights
    exactly to zero.

    Parameters are scikit-learn's, in its order (``loss`` in {'squared_error',
    'poisson'}, ``hidden_layer_sizes``, ``activation`` in
    {'identity', 'logistic', 'tanh', 'relu', and physml's 'sigmoid', 'leaky_relu',
    'elu'}, ``solver`` in {'sgd', 'adam', 'rmsprop', 'adagrad'}, ``alpha``,
    ``batch_size`` ('auto' = min(200, n_samples)), ``learning_rate`` in {'constant',
    'invscaling', 'adaptive', and physml's 'exponential', 'step'},
    ``learning_rate_init``, ``power_t``, ``max_iter`` (epochs), ``shuffle``,
    ``random_state``, ``tol``, ``warm_start``, ``momentum``, ``nesterovs_momentum``,
    ``early_stopping``, ``validation_fraction``, ``beta_1``, ``beta_2``, ``epsilon``,
    ``n_iter_no_change``, ``verbose``: print "Iteration k, loss = …" per epoch, and
    the validation score with early stopping), plus ``rho`` (RMSprop decay),
    ``penalty`` ('l2' or 'l1'), ``init`` ('glorot', 'he', 'normal') and ``progress``
    (a tqdm bar).

    ``score`` and the early-stopping validation score are R² of the predictions for
    both losses, as in scikit-learn.

    Differences from scikit-learn: the 'lbfgs' solver (and its ``max_fun``) does not exist; 'invscaling'
    decays η = η₀ / t^power_t with t the number of optimiser steps; the 'adaptive'
    rule (divide η by 5 when ``n_iter_no_change`` epochs do not improve by ``tol``)
    applies to every solver; biases start at zero; when that rule stops a run
    (without ``early_stopping``) whose training loss grew (its last value above the first epoch's and above its lowest
    by more than max(|lowest|, ``tol``)), a ConvergenceWarning says the optimiser
    diverges and names ``learning_rate_init`` (scikit-learn stops silently there);
    Adam divides by √v̂ + ε with the bias-corrected v̂ (Kingma and Ba), scikit-learn
    by √v + ε (a difference of order ε: about 2e-5 in the weights after 5 epochs of
    a small network); with several outputs the squared-error ``loss_`` sums over
    the outputs, scikit-learn's averages (the gradients are the same; ``tol``
    compares the summed loss). Changing ``loss`` between fits that continue from the
    fitted weights (``warm_start``, ``partial_fit``) is refused.

    Attributes: ``coefs_``, ``intercepts_``, ``loss_``, ``loss_curve_``,
    ``best_loss_`` (lowest training loss; None with ``early_stopping``),
    ``validation_scores_`` and ``best_validation_score_`` (the highest of them; both
    None without ``early_stopping``), ``n_iter_``, ``t_``, ``n_features_in_``,
    ``n_outputs_``, ``n_layers_``, ``out_activation_`` ('identity' or 'exp'). As in scikit-learn,
    ``partial_fit`` refuses ``early_stopping=True``.
    """

    _score_name = "r2"

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        rho=0.9,
        penalty="l2",
        init="glorot",
        progress=False,
    ):
        super().__init__(
            hidden_layer_sizes=hidden_layer_sizes,
            activation=activation,
            solver=solver,
            alpha=alpha,
            batch_size=batch_size,
            learning_rate=learning_rate,
            learning_rate_init=learning_rate_init,
            power_t=power_t,
            max_iter=max_iter,
            shuffle=shuffle,
            random_state=random_state,
            tol=tol,
            verbose=verbose,
            warm_start=warm_start,
            momentum=momentum,
            nesterovs_momentum=nesterovs_momentum,
            early_stopping=early_stopping,
            validation_fraction=validation_fraction,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            n_iter_no_change=n_iter_no_change,
            rho=rho,
            penalty=penalty,
            init=init,
            progress=progress,
        )
        self.loss = loss

    def _validate_params(self) -> None:
        if not isinstance(self.loss, str):
            # the layer sizes where physml before scikit-learn 1.9's order took them
            raise ValueError(
                f"loss must be one of {', '.join(map(repr, REGRESSION_LOSSES))}, got {self.loss!r}: as in "
                "scikit-learn 1.9, loss is MLPRegressor's first positional parameter; pass the layer sizes "
                f"by name, hidden_layer_sizes={self.loss!r}"
            )
        _check_choice(self.loss, "loss", REGRESSION_LOSSES)
        super()._validate_params()

    def _check_loss_unchanged(self, continuing: bool) -> None:
        """A fit that continues from the fitted weights keeps their loss (its output
        activation differs: identity or exp)."""
        trained = getattr(self, "_loss", None)
        if continuing and hasattr(self, "coefs_") and trained is not None and trained != self.loss:
            raise ValueError(
                f"loss={self.loss!r} differs from the loss the network was fitted with ({trained!r}); "
                "fit a new estimator or set warm_start=False"
            )

    def fit(self, X, y, sample_weight=None) -> "MLPRegressor":
        """Train on inputs X (n_samples, n_features) and targets y ((n_samples,) or
        (n_samples, n_targets)), optionally weighted by ``sample_weight``
        (n_samples,), for up to ``max_iter`` epochs; returns ``self``."""
        self._validate_params()
        self._check_loss_unchanged(bool(self.warm_start))
        X, Y = self._check_data(X, y)
        return self._fit(X, Y, sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None) -> "MLPRegressor":
        """One epoch over (X, y) (weighted by ``sample_weight``), continuing from the
        current weights and optimiser state."""
        self._validate_params()
        self._check_loss_unchanged(True)
        X, Y = self._check_data(X, y)
        return self._fit(X, Y, sample_weight, incremental=True)

    def _check_data(self, X, y):
        X = check_array(X, "X")
        y = check_array(y, "y", ndim=(1, 2))
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"X and y have inconsistent numbers of samples: X has {X.shape[0]}, y has {y.shape[0]}")
        # as scikit-learn: one target given as a column is one 1-D target
        y = column_or_1d(y)
        if self.loss == "poisson" and (y < 0).any():
            raise ValueError(f"y must be >= 0 (counts or rates) for loss='poisson', got {float(y.min())!r}")
        self._y_1d = y.ndim == 1
        self._loss = self.loss
        self.out_activation_ = _OUTPUT_FOR_LOSS[self.loss]
        return X, y.reshape(len(y), -1)

    def predict(self, X) -> np.ndarray:
        """Network output for X (the identity output, or e^z with ``loss='poisson'``):
        shape (n_samples,) if fitted on 1-D y, else (n_samples, n_targets)."""
        out = self._forward(X)
        return out[:, 0] if self._y_1d else out


class MLPClassifier(ClassifierMixin, _BaseMLP):
    """Multi-layer perceptron classifier, following scikit-learn's ``MLPClassifier``.

    Two classes: one sigmoid output and the binary cross-entropy; more classes: a
    softmax output and the categorical cross-entropy (fused with the softmax:
    δ = a − y); a 2-D 0/1 indicator ``y``: one sigmoid per label (multi-label). The
    loss per mini-batch of n samples is the mean cross-entropy + (α/2n) Σ‖W‖²; with
    ``sample_weight`` s_i the weighted mean 1/S_B Σ s_i CE_i + (α/2S_B) Σ‖W‖², S_B =
    Σ_{i∈B} s_i, and the validation accuracy is weighted, as in scikit-learn
    (negative and subnormal weights as in :class:`MLPRegressor`).

    Parameters and attributes are those of :class:`MLPRegressor`, plus ``classes_``;
    with ``early_stopping`` the validation score is the accuracy.
    """

    _score_name = "accuracy"

    def fit(self, X, y, sample_weight=None) -> "MLPClassifier":
        """Train on inputs X (n_samples, n_features) and labels y, optionally
        weighted by ``sample_weight`` (n_samples,); returns ``self``."""
        self._validate_params()
        X = check_array(X, "X")
        y = self._check_labels(y, X.shape[0])
        self._set_classes(y)
        return self._fit(X, self._encode(y), sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None, classes=None) -> "MLPClassifier":
        """One epoch over (X, y) (weighted by ``sample_weight``). The first call
        needs ``classes`` (every label that will ever appear), as in scikit-learn."""
        self._validate_params()
        X = check_array(X, "X")
        y = self._check_labels(y, X.shape[0])
        if not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit")
            self._set_classes(np.asarray(classes) if np.ndim(y) == 1 else y)
        elif classes is not None and not np.array_equal(np.unique(classes), self.classes_):
            raise ValueError(f"classes={list(np.unique(classes))} differs from the classes of the first call, {list(self.classes_)}")
        return self._fit(X, self._encode(y), sample_weight, incremental=True)

    @staticmethod
    def _check_labels(y, n_samples):
        y = np.asarray(y)
        if y.ndim not in (1, 2) or y.shape[0] != n_samples:
            raise ValueError(f"y must have shape (n_samples,) or (n_samples, n_labels) with n_samples={n_samples}, got {y.shape}")
        if y.size == 0:
            raise ValueError("y must not be empty")
        # as scikit-learn: labels given as one column are 1-D labels, not one label set
        y = column_or_1d(y)
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ValueError("y contains NaN or infinity")
        if y.ndim == 2 and not np.isin(y, (0, 1)).all():
            raise ValueError("a 2-D y must be a 0/1 label-indicator matrix (multi-label classification)")
        return y

    def _set_classes(self, y):
        if y.ndim == 2:
            self.classes_ = np.arange(y.shape[1])
            self._multilabel = True
            self._loss, self.out_activation_ = "binary_crossentropy", "logistic"
            return
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"y must contain at least two classes, got {list(self.classes_)}")
        self._multilabel = False
        if len(self.classes_) == 2:
            self._loss, self.out_activation_ = "binary_crossentropy", "logistic"
        else:
            self._loss, self.out_activation_ = "categorical_crossentropy", "softmax"

    def _encode(self, y) -> np.ndarray:
        if self._multilabel:
            if y.ndim != 2 or y.shape[1] != len(self.classes_):
                raise ValueError(f"y must have {len(self.classes_)} label columns, got shape {y.shape}")
            return np.ascontiguousarray(y, dtype=np.float64)
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(f"y contains labels {list(unknown)} not among the classes {list(self.classes_)}")
        idx = np.searchsorted(self.classes_, y)
        if len(self.classes_) == 2:
            return idx.astype(np.float64).reshape(-1, 1)
        return np.eye(len(self.classes_))[idx]

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes) (multi-label: per label)."""
        out = self._forward(X)
        if not self._multilabel and len(self.classes_) == 2:
            return np.hstack([1.0 - out, out])
        return out

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`."""
        return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        """Most probable class of each sample (multi-label: indicator matrix)."""
        out = self._forward(X)
        if self._multilabel:
            return (out > 0.5).astype(int)
        if len(self.classes_) == 2:
            return self.classes_[(out[:, 0] > 0.5).astype(int)]
        return self.classes_[np.argmax(out, axis=1)]


# ----------------------------------------------------------------------------- linear models


class _LinearGD(BaseEstimator):
    """Shared machinery of the linear models fitted by gradient descent: a network
    without hidden layers, with the penalty divided by the number of samples N (or,
    with sample weights s_i, by A = Σ_i |s_i|, their sum S for non-negative weights,
    and each batch's weighted loss by Σ_{i∈B} |s_i|) so that every batch estimates
    the gradient of one objective."""

    def _run(self, X, Y, loss, out, l1, l2, batch_size, *, sample_weight=None, fit_intercept=True, start=None):
        """Train from the weights ``start`` = (W, b) (zeros when None); with
        ``fit_intercept=False`` the biases stay at zero."""
        _check_optimizer_params(self, "optimizer")
        seed = check_random_state_seed(self.random_state)
        sizes = [X.shape[1], Y.shape[1]]
        if start is None:
            params = np.zeros((X.shape[1] + 1) * Y.shape[1])
        else:
            w0, b0 = start
            params = _flatten([w0], [b0 if fit_intercept else np.zeros_like(b0)])
        self.loss_curve_ = []

        def store(trainer):
            (w,), (b,) = _unflatten(np.asarray(trainer.params), sizes)
            self._w, self._b = w, b
            self.loss_curve_ = list(trainer.loss_curve)
            self.n_iter_ = int(trainer.state[0])
            self.t_ = int(trainer.state[1])

        trainer = _train(
            sizes=sizes,
            activations=[out],
            loss=loss,
            params=params,
            X=X,
            Y=Y,
            validation=None,
            optimizer=_optimizer_args(self, self.optimizer),
            training=dict(
                batch_size=_batch_size(batch_size, X.shape[0]),
                max_epochs=int(self.max_iter),
                shuffle=bool(self.shuffle),
                tol=float(self.tol),
                n_iter_no_change=int(self.n_iter_no_change),
                l1=l1,
                l2=l2,
                penalty_per_sample="dataset",
                score_name="r2",
                seed=seed,
            ),
            state=(0, 0, np.inf, -np.inf, 0),
            optimizer_state=None,
            progress=bool(self.progress),
            desc=type(self).__name__,
            store=store,
            verbose=bool(self.verbose),
            sample_weight=sample_weight,
            train_biases=bool(fit_intercept),
        )
        if not trainer.converged:
            warnings.warn(
                f"{type(self).__name__}: reached max_iter={self.max_iter} epochs before the loss stopped "
                f"improving by tol={self.tol}; increase max_iter or learning_rate_init",
                ConvergenceWarning,
                stacklevel=3,
            )
            return
        curve = self.loss_curve_
        best, last = min(curve), curve[-1]
        full_batch = _batch_size(batch_size, X.shape[0]) >= X.shape[0]
        gap = last - best
        if full_batch and gap > max(float(self.tol), 1e-8 * abs(best)) and not gap > max(abs(best), float(self.tol)):
            # the objective is convex and each epoch one deterministic step: a stop
            # above the lowest loss (beyond rounding, 1e-8 relative) means the steps
            # overshoot the minimum
            warnings.warn(
                f"{type(self).__name__}: training stopped by the n_iter_no_change={self.n_iter_no_change} rule "
                f"while the full-batch loss was still oscillating (its last value {last:.10g} exceeds its lowest "
                f"{best:.10g} by more than tol={self.tol}), so the coefficients are not at the minimum; lower "
                f"learning_rate_init or {'beta_1' if self.optimizer == 'adam' else 'momentum'}, or raise "
                "n_iter_no_change",
                ConvergenceWarning,
                stacklevel=3,
            )


class SGDRegressor(RegressorMixin, _LinearGD):
    """Linear regression y ≈ X w + b by gradient descent on the course's cost functions:

    * ``penalty=None`` (OLS):  J(w, b) = 1/(2N) Σ_i (y_i − x_i·w − b)²
    * ``penalty='l2'`` (Ridge): J + α/(2N) ‖w‖²
    * ``penalty='l1'`` (Lasso): J + α/N ‖w‖₁  (a proximal soft-thresholding step
      after each gradient step, so coefficients become exactly zero)

    The minimisers are the closed forms: OLS the least-squares solution, Ridge
    (X_cᵀX_c + αI) w = X_cᵀ y_c on centred data — scikit-learn's ``Ridge(alpha)`` —
    and Lasso scikit-learn's ``Lasso(alpha / N)``. The intercept is not penalised.
    With ``fit(X, y, sample_weight=s)``, N becomes S = Σ_i s_i and the squared
    residuals count s_i times (per batch, S of the batch, as in :class:`MLPRegressor`):
    full-batch descent then reaches ``Ridge(alpha).fit(X, y, sample_weight=s)``,
    ``LinearRegression`` with the same weights, or ``Lasso(alpha / S)`` with them.
    Weights may be negative, as in scikit-learn's ``SGDRegressor``: S is then
    A = Σ_i |s_i| (Σ_{i∈B} |s_i| for a batch's squared residuals), so the objective
    is (1/A) [½ Σ_i s_i r_i² + penalty], whose minimiser is still Ridge's with the
    same weights where that objective is convex, and may be unbounded below
    otherwise. Weights of any magnitude (1e-300 or 1e307, whose sum overflows
    float64) are rescaled by powers of two; only their ratios to each other and to
    α matter.

    ``optimizer`` is 'sgd' (plain gradient descent, or with ``momentum`` and
    ``nesterovs_momentum``), 'adam', 'rmsprop' or 'adagrad'; ``batch_size=None`` is
    full-batch gradient descent, an integer gives mini-batch SGD with per-epoch
    shuffling (``random_state``). ``learning_rate`` schedules as in
    :class:`MLPRegressor`; ``max_iter`` counts epochs; training stops when the cost
    has not decreased by ``tol`` for ``n_iter_no_change`` epochs. A stop that is not
    convergence gives a ConvergenceWarning: a loss that grew (as in
    :class:`MLPRegressor`), or, full-batch, a last loss above the lowest by more
    than max(``tol``, 10⁻⁸ |lowest|) (the steps overshoot the minimum of the convex
    objective and oscillate). ``verbose`` prints
    "Iteration k, loss = …" per epoch (printed between the chunks of training, so
    in bursts of about 0.1 s) and the stopping message.

    Attributes: ``coef_`` (n_features,), ``intercept_`` (float), ``n_iter_``, ``t_``,
    ``loss_curve_``, ``n_features_in_``.
    """

    def __init__(
        self,
        penalty=None,
        alpha=0.0001,
        *,
        optimizer="sgd",
        learning_rate="constant",
        learning_rate_init=0.01,
        power_t=0.25,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        beta_2=0.999,
        rho=0.9,
        epsilon=1e-8,
        batch_size=None,
        max_iter=1000,
        tol=1e-8,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
        verbose=0,
        progress=False,
    ):
        self.penalty = penalty
        self.alpha = alpha
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.rho = rho
        self.epsilon = epsilon
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose
        self.progress = progress

    def fit(self, X, y, sample_weight=None) -> "SGDRegressor":
        """Minimise the cost on X (n_samples, n_features) and y (n_samples,), optionally
        weighted by ``sample_weight`` (n_samples,); returns ``self``."""
        if self.penalty not in (None, "l2", "l1"):
            raise ValueError(f"penalty must be None, 'l2' or 'l1', got {self.penalty!r}")
        check_scalar(self.alpha, "alpha", min_value=0)
        X = check_array(X, "X")
        # as scikit-learn: one target given as a column is a 1-D target
        y = column_or_1d(check_array(y, "y", ndim=(1, 2)))
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D (one target), got shape {y.shape}")
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"X and y have inconsistent numbers of samples: X has {X.shape[0]}, y has {y.shape[0]}")
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        alpha = float(self.alpha)
        l1, l2 = {None: (0.0, 0.0), "l2": (0.0, alpha), "l1": (alpha, 0.0)}[self.penalty]
        self.n_features_in_ = X.shape[1]
        self._run(X, y.reshape(-1, 1), "squared_error", "identity", l1, l2, self.batch_size, sample_weight=w)
        self.coef_ = self._w[:, 0].copy()
        self.intercept_ = float(self._b[0])
        return self

    def predict(self, X) -> np.ndarray:
        """X w + b."""
        X = check_fitted_X(self, X, "coef_")
        return X @ self.coef_ + self.intercept_


class LogisticRegression(ClassifierMixin, _LinearGD):
    """Logistic regression minimised by gradient descent with physml's optimisers,
    with scikit-learn 1.9's objective and parameters.

    Two classes: p = σ(x·w + b); more: softmax over one (w_k, b_k) per class, reported
    (as scikit-learn) with Σ_k b_k = 0 and, without an L1 part, Σ_k w_k = 0 (adding
    one vector to every class changes no probability).

    Objective (scikit-learn's, ρ = ``l1_ratio``):
    C Σ_i s_i CE(p_i, y_i) + (1 − ρ)/2 ‖W‖² + ρ ‖W‖₁ (biases not penalised), which
    physml minimises in the equivalent form
    J = 1/A Σ_i s_i CE_i + 1/(C A) [(1 − ρ)/2 ‖W‖² + ρ ‖W‖₁], A = Σ_i |s_i| (N
    without weights), so the coefficients agree with scikit-learn's at convergence.
    ρ = 0 is the L2 (ridge) penalty, ρ = 1 the L1 (lasso) penalty, 0 < ρ < 1 the
    elastic net; ``C=np.inf`` is no penalty. The L1 part is applied by a proximal
    (soft-thresholding) step after each optimiser step (see :mod:`physml.nn`'s
    optimisers), so coefficients it removes are exactly zero, as with scikit-learn's
    'saga' solver.

    ``penalty`` is scikit-learn's older spelling (deprecated there since 1.8 and
    accepted here, with scikit-learn's rules): the default ``'deprecated'`` takes
    the penalty from ``l1_ratio`` and ``C``; ``'l2'`` means ρ = 0, ``'l1'`` ρ = 1,
    ``'elasticnet'`` ρ = ``l1_ratio``, ``None`` no penalty (``C`` and ``l1_ratio``
    ignored, with a warning if ``C`` was changed); an explicit ``penalty`` that
    disagrees with ``l1_ratio`` wins. scikit-learn's warnings come with them: a
    FutureWarning for any explicit ``penalty``, and for ``l1_ratio=None``
    (deprecated, read as 0 with the default ``penalty``; refused with
    ``'elasticnet'``), and a UserWarning for an ``l1_ratio`` strictly between 0 and 1
    that goes unused (``penalty`` 'l1', 'l2' or None, or ``C=np.inf``) or that
    contradicts ``penalty``.

    Weights, as in scikit-learn: ``fit(X, y, sample_weight)`` weighs sample i by s_i
    (negative weights allowed, as scikit-learn; the objective may then be unbounded)
    and ``class_weight`` multiplies it by the weight of its class (a dict {label:
    weight}, missing labels 1; ``'balanced'``: S / (n_classes S_c) with S_c the
    weight of class c). Scaling every weight by c is the same as scaling C by c; when
    1/(C A) overflows float64 (e.g. weights 1e-320 with C = 1) the fit raises a
    ValueError naming ``sample_weight`` (scikit-learn's 'lbfgs' returns zeros there).
    With S = Σ_i s_i < 0 the fit differs from scikit-learn's 'lbfgs' and 'newton-*'
    solvers, by design: they divide the objective by the signed S, which turns
    C Σ s_i CE_i + penalty into its negative, so they maximise it. That is a
    well-posed problem only for ``C=np.inf`` with every weight ≤ 0, where it is the
    fit with weights |s_i| (all weights −1 fit like all +1); otherwise it is
    unbounded and they return coefficients such as 1e157. physml divides by
    A = Σ|s_i| > 0 and minimises scikit-learn's stated objective (as its 'saga'
    solver does): with every weight ≤ 0 and ``C=np.inf`` that decreases without
    bound (the coefficients grow until ``max_iter``, with a ConvergenceWarning);
    with an L2 part it is bounded below but not convex. For S > 0 the two
    normalisations have the same minimiser.
    ``fit_intercept=False`` trains no bias (``intercept_`` zeros). ``warm_start=True``
    starts from the previous ``coef_`` and ``intercept_`` (with a new optimiser).

    scikit-learn parameters that only concern its own solvers: ``intercept_scaling``
    (> 0, as scikit-learn checks) matters only for 'liblinear', which penalises the
    intercept through a synthetic feature; physml never penalises the intercept, so
    it has no effect here. ``dual`` must be False: the dual formulation exists only
    in 'liblinear'. Instead of ``solver``, ``optimizer`` chooses physml's optimiser;
    ``tol`` and ``max_iter`` count epochs of it.

    Optimiser parameters and ``verbose`` as in :class:`SGDRegressor`
    (``batch_size=None``: full-batch gradient descent). Attributes: ``coef_`` (1 or
    n_classes, n_features), ``intercept_``, ``classes_``, ``n_iter_`` (epochs, shape
    (1,) as scikit-learn), ``loss_curve_``, ``n_features_in_``.
    """

    coef_: np.ndarray
    intercept_: np.ndarray
    classes_: np.ndarray

    def __init__(
        self,
        penalty="deprecated",
        *,
        C=1.0,
        l1_ratio=0.0,
        dual=False,
        tol=1e-7,
        fit_intercept=True,
        intercept_scaling=1,
        class_weight=None,
        random_state=None,
        optimizer="adam",
        learning_rate="constant",
        learning_rate_init=0.01,
        power_t=0.25,
        momentum=0.9,
        nesterovs_momentum=True,
        beta_1=0.9,
        beta_2=0.999,
        rho=0.9,
        epsilon=1e-8,
        batch_size=None,
        max_iter=1000,
        n_iter_no_change=10,
        shuffle=True,
        verbose=0,
        warm_start=False,
        progress=False,
    ):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.rho = rho
        self.epsilon = epsilon
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.verbose = verbose
        self.warm_start = warm_start
        self.progress = progress

    def _penalty_strengths(self) -> tuple[float, float]:
        """(λ₁, λ₂) = (ρ/C, (1 − ρ)/C) from ``penalty``, ``C`` and ``l1_ratio`` with
        scikit-learn 1.9's rules and warnings (both zero for no penalty)."""
        if self.penalty not in ("deprecated", None, "l2", "l1", "elasticnet"):
            raise ValueError(f"penalty must be None, 'l2', 'l1' or 'elasticnet', got {self.penalty!r}")
        if isinstance(self.C, bool) or not isinstance(self.C, numbers.Real) or not float(self.C) > 0:
            raise ValueError(f"C must be a positive real number (np.inf for no penalty), got {self.C!r}")
        C = float(self.C)
        given = self.l1_ratio
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, numbers.Real) or not 0.0 <= float(given) <= 1.0
        ):
            raise ValueError(f"l1_ratio must be a real number in [0, 1] (None is deprecated), got {given!r}")
        ratio = None if given is None else float(given)
        penalty: str | None
        if self.penalty == "deprecated":
            if ratio is None:
                warnings.warn("'l1_ratio=None' was deprecated in version 1.8 and will trigger an error in 1.10. "
                              "Use 0<=l1_ratio<=1 instead.", FutureWarning, stacklevel=3)
            penalty = "l2" if not ratio else "l1" if ratio == 1 else "elasticnet"
            if C == np.inf:
                penalty = None
        else:
            penalty = self.penalty
            warnings.warn("'penalty' was deprecated in version 1.8 and will be removed in 1.10. To avoid this "
                          "warning, leave 'penalty' set to its default value and use 'l1_ratio' or 'C' instead. "
                          "Use l1_ratio=0 instead of penalty='l2', l1_ratio=1 instead of penalty='l1', l1_ratio set "
                          "to a float between 0 and 1 instead of penalty='elasticnet', and C=np.inf instead of "
                          "penalty=None.", FutureWarning, stacklevel=3)
        if penalty != "elasticnet" and ratio is not None and 0 < ratio < 1:
            warnings.warn(f"l1_ratio parameter is only used when penalty is 'elasticnet'. Got (penalty={penalty})",
                          UserWarning, stacklevel=3)
        if (self.penalty == "l2" and ratio != 0) or (self.penalty == "l1" and ratio != 1):
            warnings.warn(f"Inconsistent values: penalty={self.penalty} with l1_ratio={given}. penalty is "
                          "deprecated. Please use l1_ratio only.", UserWarning, stacklevel=3)
        if penalty == "elasticnet" and ratio is None:
            raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
        if self.penalty is None:
            if C != 1.0:
                warnings.warn("Setting penalty=None will ignore the C and l1_ratio parameters", UserWarning,
                              stacklevel=3)
            return 0.0, 0.0
        if penalty is None or C == np.inf:
            return 0.0, 0.0
        rho = ratio if penalty == "elasticnet" and ratio is not None else 1.0 if penalty == "l1" else 0.0
        return rho / C, (1.0 - rho) / C

    def fit(self, X, y, sample_weight=None) -> "LogisticRegression":
        """Fit on X (n_samples, n_features) and labels y (n_samples,), optionally
        weighted by ``sample_weight`` (n_samples,); returns ``self``."""
        l1, l2 = self._penalty_strengths()
        for name in ("fit_intercept", "warm_start", "dual"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if self.dual:
            raise ValueError("dual=True (the dual formulation) exists only in scikit-learn's 'liblinear' solver; "
                             "physml minimises the primal objective: set dual=False")
        check_scalar(self.intercept_scaling, "intercept_scaling", min_value=0, include_min=False)
        X = check_array(X, "X")
        y = MLPClassifier._check_labels(y, X.shape[0])
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D, got shape {y.shape}")
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        classes = np.unique(y)
        k = len(classes)
        if k < 2:
            raise ValueError(f"y must contain at least two classes, got {list(classes)}")
        idx = np.searchsorted(classes, y)
        w = self._class_weighted(classes, idx, w)
        if k == 2:
            Y, loss, out = idx.astype(np.float64).reshape(-1, 1), "binary_crossentropy", "sigmoid"
        else:
            Y, loss, out = np.eye(k)[idx], "categorical_crossentropy", "softmax"
        start = None
        if self.warm_start and hasattr(self, "coef_"):
            if self.coef_.shape != (Y.shape[1], X.shape[1]) or not np.array_equal(self.classes_, classes):
                raise ValueError(
                    f"warm_start needs the classes and features of the previous fit: it had classes "
                    f"{list(self.classes_)} and {self.coef_.shape[1]} features, now {list(classes)} and {X.shape[1]}"
                )
            start = (self.coef_.T, self.intercept_)
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]
        self._run(X, Y, loss, out, l1, l2, self.batch_size, sample_weight=w, fit_intercept=self.fit_intercept,
                  start=start)
        self.n_iter_ = np.array([self.n_iter_])
        self.coef_ = np.ascontiguousarray(self._w.T)
        self.intercept_ = self._b.copy()
        if k > 2:
            # softmax is unchanged by adding one vector to every class's (w_k, b_k):
            # report scikit-learn's representative, intercepts summing to zero (they
            # are not penalised, and optimisers such as Adam drift along that
            # direction); so do the coefficients without an L1 part, where centring
            # them only lowers the L2 penalty (with an L1 part the minimiser fixes them)
            self.intercept_ -= self.intercept_.mean()
            if l1 == 0.0:
                self.coef_ -= self.coef_.mean(axis=0)
        return self

    def _class_weighted(self, classes, idx, w):
        """The sample weights times the weights of the samples' classes (None when
        neither is given)."""
        cw = self.class_weight
        if cw is None:
            return w
        if isinstance(cw, str) and cw == "balanced":
            # S / (n_classes S_c) does not change when every weight is scaled by one
            # power of two: sum weights brought to max |s| in [0.5, 1) (no overflow)
            scaled = None if w is None else np.ldexp(w, -np.frexp(np.abs(w).max())[1])
            per_class = np.bincount(idx, weights=scaled, minlength=len(classes))
            if not (per_class > 0).all():
                raise ValueError("class_weight='balanced' needs a positive total sample_weight in every class")
            factors = per_class.sum() / (len(classes) * per_class)
        elif isinstance(cw, dict):
            unknown = [c for c in cw if c not in set(classes.tolist())]
            if unknown:
                raise ValueError(f"class_weight has labels {unknown} that are not classes of y, {list(classes)}")
            factors = np.array([cw.get(c, 1.0) for c in classes.tolist()], dtype=np.float64)
            if not (np.isfinite(factors).all() and (factors >= 0).all()):
                raise ValueError(f"class_weight values must be finite and >= 0, got {cw!r}")
        else:
            raise ValueError(f"class_weight must be None, 'balanced' or a dict {{label: weight}}, got {cw!r}")
        if w is None:
            w = factors[idx]
        else:
            with np.errstate(over="ignore"):
                w = w * factors[idx]
            if not np.isfinite(w).all():
                raise ValueError(
                    "sample_weight times the class_weight factor of its class exceeds the float64 range (1.8e308) "
                    f"for {np.count_nonzero(~np.isfinite(w))} samples (factors "
                    + ", ".join(f"{c!r}: {f:.6g}" for c, f in zip(classes.tolist(), factors))
                    + "); "
                    "scale sample_weight down, which is the same as scaling C down"
                )
        if not w.any():
            raise ValueError("class_weight and sample_weight give every sample zero weight")
        return w

    def decision_function(self, X) -> np.ndarray:
        """x·w + b: shape (n_samples,) for two classes, else (n_samples, n_classes)."""
        X = check_fitted_X(self, X, "coef_")
        z = X @ self.coef_.T + self.intercept_
        return z[:, 0] if len(self.classes_) == 2 else z

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (n_samples, n_classes)."""
        z = self.decision_function(X)
        if len(self.classes_) == 2:
            p = 0.5 * (1.0 + np.tanh(0.5 * z))
            return np.column_stack([1.0 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of the class probabilities, shape (n_samples, n_classes),
        computed without forming the probabilities (no log(0) for saturated ones)."""
        z = self.decision_function(X)
        if len(self.classes_) == 2:
            # log σ(z) = −log(1 + e^−z), log(1 − σ(z)) = −log(1 + e^z)
            return np.column_stack([-np.logaddexp(0.0, z), -np.logaddexp(0.0, -z)])
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def predict(self, X) -> np.ndarray:
        """Most probable class of each sample."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


# ----------------------------------------------------------------------------- teaching network


class Network:
    """A feed-forward network to check your own backpropagation against.

    ``Network([2, 10, 10, 1], ["sigmoid", "sigmoid", "identity"], loss="squared_error")``
    builds a → f(a W + b) layers with W of shape (n_in, n_out). ``activations`` is one
    name per layer after the input, or a single name for every hidden layer (the
    output then follows the loss: identity for squared error, sigmoid for binary and
    softmax for categorical cross-entropy, exp for Poisson). Names: identity, sigmoid (= logistic),
    tanh, relu, leaky_relu (slope 0.01), elu (α = 1), exp, softmax (output only).
    ``loss`` is 'squared_error', 'binary_crossentropy' (sigmoid output),
    'categorical_crossentropy' (softmax output) or 'poisson' (exp output, y ≥ 0);
    see the module docstring for the formulas. Weights start from ``init`` ('glorot', 'he', 'normal' with
    ``init_std``) seeded by ``random_state``; biases at zero.

    ``weights`` and ``biases`` are lists of NumPy arrays (one per layer) you may read
    and assign; :meth:`set_parameters` assigns both with shape checks.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activations: str | Sequence[str] = "sigmoid",
        loss: str = "squared_error",
        *,
        init: str = "glorot",
        init_std: float = 1.0,
        random_state: Any = None,
    ) -> None:
        sizes = list(layer_sizes)
        if len(sizes) < 2 or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
            raise ValueError(f"layer_sizes must list at least two integer widths (input and output), got {layer_sizes!r}")
        if any(s < 1 for s in sizes):
            raise ValueError(f"layer_sizes must be >= 1 for every layer, got {sizes}")
        _check_choice(loss, "loss", LOSSES)
        if isinstance(activations, str):
            _check_choice(activations, "activations", HIDDEN_ACTIVATIONS)
            acts = [activations] * (len(sizes) - 2) + [_OUTPUT_FOR_LOSS[loss]]
        else:
            acts = list(activations)
            if len(acts) != len(sizes) - 1:
                raise ValueError(f"activations must have {len(sizes) - 1} entries (one per layer after the input), got {len(acts)}")
            for a in acts:
                _check_choice(a, "activations", ACTIVATIONS)
        _check_choice(init, "init", INITS)
        self.layer_sizes = sizes
        self.activations = ["sigmoid" if a == "logistic" else a for a in acts]
        self.loss_name = loss
        seed = check_random_state_seed(random_state)
        params = _core.nn_init(sizes, self.activations, loss, init, float(init_std), seed)
        self.weights, self.biases = _unflatten(np.asarray(params), sizes)

    def __repr__(self) -> str:
        return f"Network({self.layer_sizes}, {self.activations}, loss={self.loss_name!r})"

    def parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of (weights, biases)."""
        return [w.copy() for w in self.weights], [b.copy() for b in self.biases]

    def set_parameters(self, weights: Sequence[Any], biases: Sequence[Any]) -> "Network":
        """Assign every layer's W (n_in, n_out) and b (n_out,) (copied); returns ``self``."""
        w, b = self._checked(weights, biases)
        self.weights, self.biases = [x.copy() for x in w], [x.copy() for x in b]
        return self

    def _checked(self, weights, biases) -> tuple[list[np.ndarray], list[np.ndarray]]:
        weights, biases = list(weights), list(biases)
        if len(weights) != len(self.layer_sizes) - 1 or len(biases) != len(weights):
            raise ValueError(f"weights and biases must have {len(self.layer_sizes) - 1} entries each")
        out_w, out_b = [], []
        for i, (w, b) in enumerate(zip(weights, biases)):
            shape = (self.layer_sizes[i], self.layer_sizes[i + 1])
            w = check_array(w, f"weights[{i}]")
            b = check_array(b, f"biases[{i}]", ndim=1)
            if w.shape != shape or b.shape != shape[1:]:
                raise ValueError(f"layer {i} needs weights of shape {shape} and biases of shape {shape[1:]}, got {w.shape} and {b.shape}")
            out_w.append(w)
            out_b.append(b)
        return out_w, out_b

    def _flat(self) -> np.ndarray:
        return _flatten(*self._checked(self.weights, self.biases))

    def _targets(self, y: Any, n: int) -> np.ndarray:
        y = check_array(y, "y", ndim=(1, 2))
        if y.ndim == 1:
            if self.layer_sizes[-1] != 1:
                raise ValueError(f"y is 1-D but the output layer has {self.layer_sizes[-1]} units; pass y of shape (n_samples, {self.layer_sizes[-1]})")
            y = y.reshape(-1, 1)
        if y.shape[0] != n:
            raise ValueError(f"X and y have inconsistent numbers of samples: X has {n}, y has {y.shape[0]}")
        return y

    def layer_outputs(self, X: Any) -> list[np.ndarray]:
        """The activations a_1, …, a_L of every layer for inputs X (n_samples, n_inputs)."""
        X = check_array(X, "X")
        return _core.nn_forward(self.layer_sizes, self.activations, self.loss_name, self._flat(), X)

    def forward(self, X: Any) -> np.ndarray:
        """The network output a_L, shape (n_samples, n_outputs)."""
        return self.layer_outputs(X)[-1]

    def loss(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None) -> float:
        """Mean loss over the samples + (l2/2) Σ‖W‖² + l1 Σ‖W‖₁; with
        ``sample_weight`` s_i the mean is the weighted mean 1/S Σ_i s_i ℓ_i, S = Σ s_i
        (weights may be negative but must not sum to zero; their magnitude does not
        matter)."""
        return self.loss_and_gradient(X, y, l1, l2, sample_weight)[0]

    def loss_and_gradient(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None):
        """(loss, weight gradients, bias gradients) of :meth:`loss`, the gradients as
        lists of arrays shaped like ``weights`` and ``biases`` (the L1 term contributes
        its subgradient l1 sign(W), with sign(0) = 0)."""
        X = check_array(X, "X")
        y = self._targets(y, X.shape[0])
        check_scalar(l1, "l1", min_value=0)
        check_scalar(l2, "l2", min_value=0)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        j, grad = _core.nn_loss_and_gradient(self.layer_sizes, self.activations, self.loss_name, self._flat(), X, y, float(l1), float(l2), w)
        gw, gb = _unflatten(np.asarray(grad), self.layer_sizes)
        return float(j), gw, gb

    def backward(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None):
        """Backpropagation: (dJ/dW for every layer, dJ/db for every layer)."""
        _, gw, gb = self.loss_and_gradient(X, y, l1, l2, sample_weight)
        return gw, gb

    def fit(
        self,
        X: Any,
        y: Any,
        *,
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        epochs: int = 100,
        batch_size: int | None = 32,
        l1: float = 0.0,
        l2: float = 0.0,
        momentum: float = 0.9,
        random_state: Any = None,
        progress: bool = False,
    ) -> "Network":
        """Train for ``epochs`` epochs of mini-batch ``optimizer`` steps ('sgd',
        'adam', 'rmsprop', 'adagrad') on J = mean loss + (l2/2)‖W‖² + l1‖W‖₁ per
        batch (the L1 term by a proximal soft-thresholding step); records
        ``loss_curve_``. Returns ``self``."""
        X = check_array(X, "X")
        y = self._targets(y, X.shape[0])
        _check_choice(optimizer, "optimizer", SOLVERS)
        check_scalar(learning_rate, "learning_rate", min_value=0, include_min=False)
        check_scalar(epochs, "epochs", kind=numbers.Integral, min_value=1)
        check_scalar(l1, "l1", min_value=0)
        check_scalar(l2, "l2", min_value=0)
        n = X.shape[0]
        sizes = self.layer_sizes

        def store(trainer):
            self.weights, self.biases = _unflatten(np.asarray(trainer.params), sizes)
            self.loss_curve_ = list(trainer.loss_curve)

        _train(
            sizes=sizes,
            activations=self.activations,
            loss=self.loss_name,
            params=self._flat(),
            X=X,
            Y=y,
            validation=None,
            optimizer=dict(
                solver=optimizer, learning_rate_init=float(learning_rate), schedule_name="constant",
                power_t=0.5, decay_rate=0.5, decay_steps=1000.0, momentum=float(momentum), nesterov=False,
                beta_1=0.9, beta_2=0.999, rho=0.9, epsilon=1e-8,
            ),
            training=dict(
                batch_size=_batch_size(batch_size, n), max_epochs=int(epochs), shuffle=True, tol=0.0,
                n_iter_no_change=int(epochs) + 1, l1=float(l1) * n, l2=float(l2) * n,
                penalty_per_sample="dataset", score_name="r2", seed=check_random_state_seed(random_state),
            ),
            state=(0, 0, np.inf, -np.inf, 0),
            optimizer_state=None,
            progress=progress,
            desc="Network",
            store=store,
        )
        return self
