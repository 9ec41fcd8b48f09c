"""Multi-layer perceptrons: :class:`MLPRegressor` and :class:`MLPClassifier`."""

from __future__ import annotations

import numbers
from typing import Any, TypeVar

import numpy as np

from physml import _core
from physml._base import (
    as_sample_weight,
    BaseEstimator,
    check_array,
    check_classification_targets,
    check_feature_names,
    check_fitted_X,
    check_n_features,
    check_random_state_seed,
    check_bool,
    check_scalar,
    ClassifierMixin,
    column_or_1d,
    ConvergenceWarning,
    RegressorMixin,
    warn_user,
)
from physml.nn._base import (
    _OUTPUT_FOR_LOSS,
    HIDDEN_ACTIVATIONS,
    INITS,
    REGRESSION_LOSSES,
    _check_choice,
    _flatten,
    _unflatten,
)
from physml.nn._train import _batch_size, _check_optimizer_params, _optimizer_args, _train


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
        try:
            sizes = [h] if isinstance(h, numbers.Integral) else list(h) if h is not None else None
        except TypeError:  # not iterable (a float)
            sizes = None
        if sizes is None or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
            raise TypeError(f"hidden_layer_sizes must be an int or a sequence of ints, got {h!r}")
        for s in sizes:  # the core takes 64-bit sizes: no OverflowError from a larger int
            check_scalar(s, "hidden_layer_sizes", kind=numbers.Integral)
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
        check_bool(self.early_stopping, "early_stopping")
        check_bool(self.warm_start, "warm_start")

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

    def _check_X(self, X: Any, *, reset: bool) -> np.ndarray:
        """``X`` for ``fit`` (``reset``: its column names become ``feature_names_in_``)
        or for a ``partial_fit`` that continues a fit (same names and column count)."""
        check_feature_names(self, X, reset=reset)
        X = check_array(X, "X")
        if not reset:
            check_n_features(self, X)
        return X

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
        _core.nn_check_size("hidden_layer_sizes", sizes, 1)
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
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0], allow_negative=True)
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
            progress=check_bool(self.progress, "progress") and not incremental,
            desc=type(self).__name__,
            store=lambda t: self._store(t, sizes, early),
            verbose=check_bool(self.verbose, "verbose"),
            sample_weight=w,
            sample_weight_val=w_val,
        )
        if not incremental and not trainer.converged and trainer.epochs_this_run >= self.max_iter:
            warn_user(
                f"{type(self).__name__}: the optimiser reached max_iter={self.max_iter} epochs before "
                f"the loss stopped improving by tol={self.tol}; increase max_iter or learning_rate_init",
                ConvergenceWarning,
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

    Parameters
    ----------
    loss : {'squared_error', 'poisson'}, default='squared_error'
        The output and loss: identity output and ½‖a − y‖², or exponential output a =
        e^z and half the Poisson deviance (targets y ≥ 0).
    hidden_layer_sizes : tuple of int, default=(100,)
        The number of neurons of each hidden layer.
    activation : {'identity', 'logistic', 'tanh', 'relu', 'sigmoid', 'leaky_relu', 'elu'}, default='relu'
        The activation of the hidden layers ('sigmoid' is 'logistic'; 'leaky_relu' and
        'elu' are physml's).
    solver : {'sgd', 'adam', 'rmsprop', 'adagrad'}, default='adam'
        The optimiser ('sgd' with ``momentum`` and ``nesterovs_momentum``);
        scikit-learn's 'lbfgs' does not exist.
    alpha : float, default=0.0001
        The penalty strength α ≥ 0 (see the formula above).
    batch_size : int or 'auto', default='auto'
        Samples per mini-batch; 'auto' is min(200, n_samples).
    learning_rate : {'constant', 'invscaling', 'adaptive', 'exponential', 'step'}, default='constant'
        The schedule of the step size η: constant, η₀/t^power_t (t counts optimiser
        steps), divided by 5 when ``n_iter_no_change`` epochs do not improve by ``tol``
        (every solver), or physml's exponential and step decays.
    learning_rate_init : float, default=0.001
        The initial step size η₀ > 0.
    power_t : float, default=0.5
        The exponent of the 'invscaling' schedule.
    max_iter : int, default=200
        The maximum number of epochs.
    shuffle : bool, default=True
        Shuffle the samples before each epoch (with ``random_state``).
    random_state : None, int or numpy.random.Generator, default=None
        The seed of the initial weights, shuffling and splits; the same seed gives the
        same numbers on any number of threads.
    tol : float, default=0.0001
        Training stops when the loss (or validation score) has not improved by ``tol``
        for ``n_iter_no_change`` epochs.
    verbose : bool or int, default=False
        Print "Iteration k, loss = …" per epoch (and the validation score with early
        stopping).
    warm_start : bool, default=False
        Continue from the fitted weights when ``fit`` is called again.
    momentum : float, default=0.9
        The momentum of 'sgd', in [0, 1].
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with 'sgd'.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop when its score stops
        improving.
    validation_fraction : float, default=0.1
        The held-out share of the data with ``early_stopping``, in (0, 1).
    beta_1 : float, default=0.9
        Adam's decay of the first moment, in [0, 1).
    beta_2 : float, default=0.999
        Adam's decay of the second moment, in [0, 1).
    epsilon : float, default=1e-08
        The ε of Adam, RMSprop and Adagrad's denominators.
    n_iter_no_change : int, default=10
        The epochs without improvement by ``tol`` before stopping.
    rho : float, default=0.9
        The decay of RMSprop's running mean of squared gradients.
    penalty : {'l2', 'l1'}, default='l2'
        The weight penalty: (α/2n) Σ‖W‖² or (α/n) Σ‖W‖₁ (a proximal step).
    init : {'glorot', 'he', 'normal'}, default='glorot'
        The initialisation of the weights (biases start at zero).
    progress : bool, default=False
        Show a tqdm progress bar during ``fit``.

    Attributes
    ----------
    coefs_ : list of ndarray
        The weight matrix W of every layer, shape (n_in, n_out).
    intercepts_ : list of ndarray
        The bias vector b of every layer, shape (n_out,).
    loss_ : float
        The training loss J at the last epoch.
    loss_curve_ : list of float
        J at every epoch.
    best_loss_ : float or None
        The lowest training loss (None with ``early_stopping``).
    validation_scores_ : list of float or None
        The validation score at every epoch (None without ``early_stopping``).
    best_validation_score_ : float or None
        The highest validation score (None without ``early_stopping``).
    n_iter_ : int
        The epochs run.
    t_ : int
        The samples seen in training (scikit-learn's count of optimiser updates).
    n_features_in_ : int
        The number of features seen in ``fit``.
    n_outputs_ : int
        The number of outputs.
    n_layers_ : int
        The number of layers, input and output included.
    out_activation_ : str
        The output activation: 'identity' or 'exp' (regressor); 'logistic' or 'softmax' (classifier).

    Notes
    -----
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

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import MLPRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(200, 1))
    >>> y = np.sin(3 * X[:, 0])
    >>> model = MLPRegressor(hidden_layer_sizes=(20,), activation="tanh", batch_size=20,
    ...                      learning_rate_init=0.02, random_state=0).fit(X, y)
    >>> [w.shape for w in model.coefs_]
    [(1, 20), (20, 1)]
    >>> model.score(X, y) > 0.95
    True
    """

    _multi_output = True  # fit takes y of shape (n_samples, n_targets)

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
        """Train for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : float or array-like of shape (n_samples,), optional
            Per-sample weights s_i (may be negative, not all zero in a batch); None for equal weights.

        Returns
        -------
        self : MLPRegressor
            The fitted estimator.
        """
        self._validate_params()
        self._check_loss_unchanged(bool(self.warm_start))
        X, Y = self._check_data(X, y, reset=True)
        return self._fit(X, Y, sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None) -> "MLPRegressor":
        """Train one epoch, continuing from the current weights and optimiser state.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Targets.
        sample_weight : float or array-like of shape (n_samples,), optional
            Per-sample weights s_i; None for equal weights.

        Returns
        -------
        self : MLPRegressor
            The fitted estimator.
        """
        self._validate_params()
        self._check_loss_unchanged(True)
        X, Y = self._check_data(X, y, reset=not hasattr(self, "coefs_"))
        return self._fit(X, Y, sample_weight, incremental=True)

    def _check_data(self, X, y, *, reset: bool):
        X = self._check_X(X, reset=reset)
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
        """Predict targets: the network output (identity, or e^z with ``loss='poisson'``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, with the features seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples,) if fitted on 1-D y, else (n_samples, n_targets)
            The predictions.
        """
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

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        The number of neurons of each hidden layer.
    activation : {'identity', 'logistic', 'tanh', 'relu', 'sigmoid', 'leaky_relu', 'elu'}, default='relu'
        The activation of the hidden layers ('sigmoid' is 'logistic'; 'leaky_relu' and
        'elu' are physml's).
    solver : {'sgd', 'adam', 'rmsprop', 'adagrad'}, default='adam'
        The optimiser ('sgd' with ``momentum`` and ``nesterovs_momentum``);
        scikit-learn's 'lbfgs' does not exist.
    alpha : float, default=0.0001
        The penalty strength α ≥ 0 (see the formula above).
    batch_size : int or 'auto', default='auto'
        Samples per mini-batch; 'auto' is min(200, n_samples).
    learning_rate : {'constant', 'invscaling', 'adaptive', 'exponential', 'step'}, default='constant'
        The schedule of the step size η: constant, η₀/t^power_t (t counts optimiser
        steps), divided by 5 when ``n_iter_no_change`` epochs do not improve by ``tol``
        (every solver), or physml's exponential and step decays.
    learning_rate_init : float, default=0.001
        The initial step size η₀ > 0.
    power_t : float, default=0.5
        The exponent of the 'invscaling' schedule.
    max_iter : int, default=200
        The maximum number of epochs.
    shuffle : bool, default=True
        Shuffle the samples before each epoch (with ``random_state``).
    random_state : None, int or numpy.random.Generator, default=None
        The seed of the initial weights, shuffling and splits; the same seed gives the
        same numbers on any number of threads.
    tol : float, default=0.0001
        Training stops when the loss (or validation score) has not improved by ``tol``
        for ``n_iter_no_change`` epochs.
    verbose : bool or int, default=False
        Print "Iteration k, loss = …" per epoch (and the validation score with early
        stopping).
    warm_start : bool, default=False
        Continue from the fitted weights when ``fit`` is called again.
    momentum : float, default=0.9
        The momentum of 'sgd', in [0, 1].
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with 'sgd'.
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop when its score stops
        improving.
    validation_fraction : float, default=0.1
        The held-out share of the data with ``early_stopping``, in (0, 1).
    beta_1 : float, default=0.9
        Adam's decay of the first moment, in [0, 1).
    beta_2 : float, default=0.999
        Adam's decay of the second moment, in [0, 1).
    epsilon : float, default=1e-08
        The ε of Adam, RMSprop and Adagrad's denominators.
    n_iter_no_change : int, default=10
        The epochs without improvement by ``tol`` before stopping.
    rho : float, default=0.9
        The decay of RMSprop's running mean of squared gradients.
    penalty : {'l2', 'l1'}, default='l2'
        The weight penalty: (α/2n) Σ‖W‖² or (α/n) Σ‖W‖₁ (a proximal step).
    init : {'glorot', 'he', 'normal'}, default='glorot'
        The initialisation of the weights (biases start at zero).
    progress : bool, default=False
        Show a tqdm progress bar during ``fit``.

    Attributes
    ----------
    coefs_ : list of ndarray
        The weight matrix W of every layer, shape (n_in, n_out).
    intercepts_ : list of ndarray
        The bias vector b of every layer, shape (n_out,).
    loss_ : float
        The training loss J at the last epoch.
    loss_curve_ : list of float
        J at every epoch.
    best_loss_ : float or None
        The lowest training loss (None with ``early_stopping``).
    validation_scores_ : list of float or None
        The validation score at every epoch (None without ``early_stopping``).
    best_validation_score_ : float or None
        The highest validation score (None without ``early_stopping``).
    n_iter_ : int
        The epochs run.
    t_ : int
        The samples seen in training (scikit-learn's count of optimiser updates).
    n_features_in_ : int
        The number of features seen in ``fit``.
    n_outputs_ : int
        The number of outputs.
    n_layers_ : int
        The number of layers, input and output included.
    out_activation_ : str
        The output activation: 'identity' or 'exp' (regressor); 'logistic' or 'softmax' (classifier).
    classes_ : ndarray
        The class labels (multi-label: 0 and 1 per label).

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import MLPClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 2))
    >>> y = (X[:, 0] * X[:, 1] > 0).astype(int)
    >>> model = MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.01,
    ...                       max_iter=1000, random_state=0).fit(X, y)
    >>> model.classes_.tolist(), model.score(X, y) > 0.9
    ([0, 1], True)
    >>> model.predict_proba(X[:3]).shape
    (3, 2)
    """

    _multi_label = True  # fit takes a 0/1 indicator y (n_samples, n_labels)

    _score_name = "accuracy"

    def fit(self, X, y, sample_weight=None) -> "MLPClassifier":
        """Train for up to ``max_iter`` epochs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Labels, or a 0/1 indicator matrix (multi-label).
        sample_weight : float or array-like of shape (n_samples,), optional
            Per-sample weights s_i; None for equal weights.

        Returns
        -------
        self : MLPClassifier
            The fitted estimator.
        """
        self._validate_params()
        X = self._check_X(X, reset=True)
        y = self._check_labels(y, X.shape[0])
        self._set_classes(y)
        return self._fit(X, self._encode(y), sample_weight, incremental=False)

    def partial_fit(self, X, y, sample_weight=None, classes=None) -> "MLPClassifier":
        """Train one epoch, continuing from the current weights and optimiser state.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            Labels, or a 0/1 indicator matrix (multi-label).
        sample_weight : array-like of shape (n_samples,), optional
            Per-sample weights; None for equal weights.
        classes : array-like, optional
            Every label that will ever appear; needed in the first call, as in
            scikit-learn.

        Returns
        -------
        self : MLPClassifier
            The estimator, trained one more epoch.
        """
        self._validate_params()
        X = self._check_X(X, reset=not hasattr(self, "coefs_"))
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
        if y is None:
            raise ValueError("a classifier requires y to be passed, but the target y is None")
        y = np.asarray(y)
        if y.ndim not in (1, 2) or y.shape[0] != n_samples:
            raise ValueError(f"y must have shape (n_samples,) or (n_samples, n_labels) with n_samples={n_samples}, got {y.shape}")
        if y.size == 0:
            raise ValueError("y must not be empty")
        # as scikit-learn: labels given as one column are 1-D labels, not one label set
        y = column_or_1d(y)
        if y.dtype.kind == "f" and not np.isfinite(y).all():
            raise ValueError("y contains NaN or infinity")
        check_classification_targets(y)
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
            raise ValueError(f"y must contain at least two classes, but the data contains only one class: {self.classes_[0]!r}")
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
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            The probability of each class (multi-label: of each label), rows summing
            to 1 for single-label problems.
        """
        out = self._forward(X)
        if not self._multilabel and len(self.classes_) == 2:
            return np.hstack([1.0 - out, out])
        return out

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            ln p of each class.
        """
        return np.log(self.predict_proba(X))

    def predict(self, X) -> np.ndarray:
        """Most probable class of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_labels)
            The labels (multi-label: the 0/1 indicator matrix, p > 0.5).
        """
        out = self._forward(X)
        if self._multilabel:
            return (out > 0.5).astype(int)
        if len(self.classes_) == 2:
            return self.classes_[(out[:, 0] > 0.5).astype(int)]
        return self.classes_[np.argmax(out, axis=1)]
