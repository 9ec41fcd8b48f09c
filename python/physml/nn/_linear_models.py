"""Linear models trained by gradient descent: :class:`SGDRegressor` and
:class:`LogisticRegression`.
"""

from __future__ import annotations

import numbers

import numpy as np

from physml._base import (
    as_sample_weight,
    BaseEstimator,
    check_array,
    check_feature_names,
    check_random_state_seed,
    check_bool,
    check_scalar,
    ClassifierMixin,
    column_or_1d,
    ConvergenceWarning,
    RegressorMixin,
    warn_user,
)
from physml.nn._base import _flatten, _unflatten
from physml.nn._mlp import MLPClassifier
from physml.linear._base import _linear_predict
from physml.nn._train import _batch_size, _check_optimizer_params, _optimizer_args, _train


class _LinearGD(BaseEstimator):
    """Shared machinery of the linear models fitted by gradient descent: a network
    without hidden layers, with the penalty divided by the number of samples N (or,
    with sample weights s_i, by A = Σ_i |s_i|, their sum S for non-negative weights,
    and each batch's weighted loss by Σ_{i∈B} |s_i|) so that every batch estimates
    the gradient of one objective."""

    def _run(self, X, Y, loss, out, l1, l2, batch_size, *, finish, sample_weight=None, fit_intercept=True,
             start=None):
        """Train from the weights ``start`` = (W, b) (zeros when None); with
        ``fit_intercept=False`` the biases stay at zero. ``finish()`` sets the public
        fitted attributes from ``_w`` and ``_b``; it runs when training ends, also by
        Ctrl-C (the weights of the last finished epoch, before the KeyboardInterrupt
        propagates), so an interrupted fit leaves a fitted, usable estimator."""
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
            finish()

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
                shuffle=check_bool(self.shuffle, "shuffle"),
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
            progress=check_bool(self.progress, "progress"),
            desc=type(self).__name__,
            store=store,
            verbose=check_bool(self.verbose, "verbose"),
            sample_weight=sample_weight,
            train_biases=bool(fit_intercept),
        )
        if not trainer.converged:
            warn_user(
                f"{type(self).__name__}: reached max_iter={self.max_iter} epochs before the loss stopped "
                f"improving by tol={self.tol}; increase max_iter or learning_rate_init",
                ConvergenceWarning,
            )
            return
        curve = self.loss_curve_
        best, last = min(curve), curve[-1]
        full_batch = _batch_size(batch_size, X.shape[0]) >= X.shape[0]
        gap = last - best
        # the training loop warned already when the loss grew above its first value
        # (a diverging optimiser); a stop between the lowest loss and the first one,
        # however far above the lowest, is still an unconverged stop
        diverged = last > curve[0] and gap > max(abs(best), float(self.tol))
        if full_batch and gap > max(float(self.tol), 1e-8 * abs(best)) and not diverged:
            # the objective is convex and each epoch one deterministic step: a stop
            # above the lowest loss (beyond rounding, 1e-8 relative) means the steps
            # overshoot the minimum
            warn_user(
                f"{type(self).__name__}: training stopped by the n_iter_no_change={self.n_iter_no_change} rule "
                f"while the full-batch loss was still oscillating (its last value {last:.10g} exceeds its lowest "
                f"{best:.10g} by more than tol={self.tol}), so the coefficients are not at the minimum; lower "
                f"learning_rate_init or {'beta_1' if self.optimizer == 'adam' else 'momentum'}, or raise "
                "n_iter_no_change",
                ConvergenceWarning,
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

    Ctrl-C (KeyboardInterrupt) during ``fit`` stops within about 0.1 s and leaves a
    fitted, usable estimator: ``coef_`` and ``intercept_`` of the last finished
    epoch, ``n_iter_`` and ``loss_curve_`` counting the finished epochs; then the
    KeyboardInterrupt propagates.

    Parameters
    ----------
    penalty : {None, 'l2', 'l1'}, default=None
        The cost function: OLS, Ridge or Lasso (see above).
    alpha : float, default=0.0001
        The penalty strength α ≥ 0.
    optimizer : {'sgd', 'adam', 'rmsprop', 'adagrad'}, default='sgd'
        The optimiser ('sgd' with ``momentum`` and ``nesterovs_momentum``).
    learning_rate : {'constant', 'invscaling', 'adaptive', 'exponential', 'step'}, default='constant'
        The schedule of the step size, as :class:`MLPRegressor`.
    learning_rate_init : float, default=0.01
        The initial step size η₀ > 0.
    power_t : float, default=0.25
        The exponent of the 'invscaling' schedule.
    momentum : float, default=0.9
        The momentum of 'sgd', in [0, 1].
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with 'sgd'.
    beta_1 : float, default=0.9
        Adam's decay of the first moment, in [0, 1).
    beta_2 : float, default=0.999
        Adam's decay of the second moment, in [0, 1).
    rho : float, default=0.9
        The decay of RMSprop's running mean of squared gradients.
    epsilon : float, default=1e-08
        The ε of Adam, RMSprop and Adagrad's denominators.
    batch_size : None or int, default=None
        None: full-batch gradient descent; an int: mini-batch SGD.
    max_iter : int, default=1000
        The maximum number of epochs.
    tol : float, default=1e-08
        Training stops when the loss has not decreased by ``tol`` for
        ``n_iter_no_change`` epochs.
    n_iter_no_change : int, default=10
        The epochs without improvement by ``tol`` before stopping.
    shuffle : bool, default=True
        Shuffle the samples before each epoch (with ``random_state``).
    random_state : None, int or numpy.random.Generator, default=None
        The seed of the shuffling of mini-batches.
    verbose : int, default=0
        Print "Iteration k, loss = …" per epoch and the stopping message.
    progress : bool, default=False
        Show a tqdm progress bar during ``fit``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The intercept b.
    n_iter_ : int
        The epochs run.
    t_ : int
        The optimiser steps taken.
    loss_curve_ : list of float
        The cost J at every epoch.
    n_features_in_ : int
        The number of features seen in ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import SGDRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(100, 2))
    >>> y = X @ [1.5, -0.5] + 2.0
    >>> model = SGDRegressor(learning_rate_init=0.1, momentum=0.0).fit(X, y)
    >>> np.round(model.coef_, 3).tolist(), round(model.intercept_, 3)
    ([1.5, -0.5], 2.0)
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
        """Minimise the cost by gradient descent.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,)
            Targets.
        sample_weight : float or array-like of shape (n_samples,), optional
            Per-sample weights s_i; None for equal weights.

        Returns
        -------
        self : SGDRegressor
            The fitted estimator.
        """
        if not (self.penalty is None or isinstance(self.penalty, str)) or self.penalty not in (None, "l2", "l1"):
            raise ValueError(f"penalty must be None, 'l2' or 'l1', got {self.penalty!r}")
        check_scalar(self.alpha, "alpha", min_value=0)
        check_feature_names(self, X, reset=True)
        X = check_array(X, "X")
        # as scikit-learn: one target given as a column is a 1-D target
        y = column_or_1d(check_array(y, "y", ndim=(1, 2)))
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D (one target), got shape {y.shape}")
        if y.shape[0] != X.shape[0]:
            raise ValueError(f"X and y have inconsistent numbers of samples: X has {X.shape[0]}, y has {y.shape[0]}")
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        alpha = float(self.alpha)
        l1, l2 = {None: (0.0, 0.0), "l2": (0.0, alpha), "l1": (alpha, 0.0)}[self.penalty]
        self.n_features_in_ = X.shape[1]

        def finish() -> None:
            self.coef_ = self._w[:, 0].copy()
            self.intercept_ = float(self._b[0])

        self._run(X, y.reshape(-1, 1), "squared_error", "identity", l1, l2, self.batch_size, sample_weight=w,
                  finish=finish)
        return self

    def predict(self, X) -> np.ndarray:
        """Predict targets: ŷ = X w + b.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples, with the features seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_samples,)
            The predictions.
        """
        return _linear_predict(self, X)


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

    Parameters
    ----------
    penalty : {'deprecated', 'l2', 'l1', 'elasticnet', None}, default='deprecated'
        scikit-learn's older spelling of the penalty (see above); the default takes it
        from ``l1_ratio`` and ``C``.
    C : float, default=1.0
        The inverse penalty strength > 0 (``np.inf``: no penalty).
    l1_ratio : float, default=0.0
        The L1 share ρ of the penalty, in [0, 1].
    dual : bool, default=False
        Must be False (the dual formulation exists only in scikit-learn's 'liblinear').
    tol : float, default=1e-07
        Training stops when the loss has not decreased by ``tol`` for
        ``n_iter_no_change`` epochs.
    fit_intercept : bool, default=True
        Train the biases b; False keeps ``intercept_`` at zero.
    intercept_scaling : float, default=1
        scikit-learn's 'liblinear' parameter (> 0, checked); no effect here, as physml
        never penalises the intercept.
    class_weight : None, dict or 'balanced', default=None
        Multiplies each sample's weight by the weight of its class: a dict {label:
        weight} (missing labels 1) or 'balanced', S / (n_classes S_c).
    random_state : None, int or numpy.random.Generator, default=None
        The seed of the shuffling of mini-batches.
    optimizer : {'sgd', 'adam', 'rmsprop', 'adagrad'}, default='adam'
        The optimiser ('sgd' with ``momentum`` and ``nesterovs_momentum``).
    learning_rate : {'constant', 'invscaling', 'adaptive', 'exponential', 'step'}, default='constant'
        The schedule of the step size, as :class:`MLPRegressor`.
    learning_rate_init : float, default=0.01
        The initial step size η₀ > 0.
    power_t : float, default=0.25
        The exponent of the 'invscaling' schedule.
    momentum : float, default=0.9
        The momentum of 'sgd', in [0, 1].
    nesterovs_momentum : bool, default=True
        Use Nesterov's momentum with 'sgd'.
    beta_1 : float, default=0.9
        Adam's decay of the first moment, in [0, 1).
    beta_2 : float, default=0.999
        Adam's decay of the second moment, in [0, 1).
    rho : float, default=0.9
        The decay of RMSprop's running mean of squared gradients.
    epsilon : float, default=1e-08
        The ε of Adam, RMSprop and Adagrad's denominators.
    batch_size : None or int, default=None
        None: full-batch gradient descent; an int: mini-batch SGD.
    max_iter : int, default=1000
        The maximum number of epochs.
    n_iter_no_change : int, default=10
        The epochs without improvement by ``tol`` before stopping.
    shuffle : bool, default=True
        Shuffle the samples before each epoch (with ``random_state``).
    verbose : int, default=0
        Print "Iteration k, loss = …" per epoch and the stopping message.
    warm_start : bool, default=False
        Start from the previous ``coef_`` and ``intercept_`` (with a new optimiser).
    progress : bool, default=False
        Show a tqdm progress bar during ``fit``.

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights w (one row for two classes).
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The biases b.
    classes_ : ndarray
        The class labels.
    n_iter_ : ndarray of shape (1,)
        The epochs run (an array, as scikit-learn).
    loss_curve_ : list of float
        The objective J at every epoch.
    n_features_in_ : int
        The number of features seen in ``fit``.

    Notes
    -----
    Ctrl-C during ``fit`` leaves a fitted, usable estimator with the weights of the
    last finished epoch, as :class:`SGDRegressor`.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import LogisticRegression
    >>> X = np.array([[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0]])
    >>> y = [0, 0, 0, 1, 1, 1]
    >>> model = LogisticRegression(C=1.0).fit(X, y)
    >>> model.predict([[-3.0], [3.0]]).tolist()
    [0, 1]
    >>> model.predict_proba([[0.0]]).round(2).tolist()
    [[0.5, 0.5]]
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
        if not (self.penalty is None or isinstance(self.penalty, str)) or self.penalty not in (
                "deprecated", None, "l2", "l1", "elasticnet"):
            raise ValueError(f"penalty must be None, 'l2', 'l1' or 'elasticnet', got {self.penalty!r}")
        if isinstance(self.C, bool) or not isinstance(self.C, numbers.Real) or not float(self.C) > 0:
            raise ValueError(f"C must be a positive real number (np.inf for no penalty), got {self.C!r}")
        C = float(self.C)
        if not np.isfinite(1.0 / C):  # C below 1/DBL_MAX: the penalty 1/C overflows
            raise ValueError(f"C must be >= {1.0 / np.finfo(np.float64).max:.3g} (1/C must be finite), got {self.C!r}")
        given = self.l1_ratio
        if given is not None and (
            isinstance(given, bool) or not isinstance(given, numbers.Real) or not 0.0 <= float(given) <= 1.0
        ):
            raise ValueError(f"l1_ratio must be a real number in [0, 1] (None is deprecated), got {given!r}")
        ratio = None if given is None else float(given)
        penalty: str | None
        if self.penalty == "deprecated":
            if ratio is None:
                warn_user("'l1_ratio=None' was deprecated in version 1.8 and will trigger an error in 1.10. "
                          "Use 0<=l1_ratio<=1 instead.", FutureWarning)
            penalty = "l2" if not ratio else "l1" if ratio == 1 else "elasticnet"
            if C == np.inf:
                penalty = None
        else:
            penalty = self.penalty
            warn_user("'penalty' was deprecated in version 1.8 and will be removed in 1.10. To avoid this "
                      "warning, leave 'penalty' set to its default value and use 'l1_ratio' or 'C' instead. "
                      "Use l1_ratio=0 instead of penalty='l2', l1_ratio=1 instead of penalty='l1', l1_ratio set "
                      "to a float between 0 and 1 instead of penalty='elasticnet', and C=np.inf instead of "
                      "penalty=None.", FutureWarning)
        if penalty != "elasticnet" and ratio is not None and 0 < ratio < 1:
            warn_user(f"l1_ratio parameter is only used when penalty is 'elasticnet'. Got (penalty={penalty})",
                      UserWarning)
        if (self.penalty == "l2" and ratio != 0) or (self.penalty == "l1" and ratio != 1):
            warn_user(f"Inconsistent values: penalty={self.penalty} with l1_ratio={given}. penalty is "
                      "deprecated. Please use l1_ratio only.", UserWarning)
        if penalty == "elasticnet" and ratio is None:
            raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
        if self.penalty is None:
            if C != 1.0:
                warn_user("Setting penalty=None will ignore the C and l1_ratio parameters", UserWarning)
            return 0.0, 0.0
        if penalty is None or C == np.inf:
            return 0.0, 0.0
        rho = ratio if penalty == "elasticnet" and ratio is not None else 1.0 if penalty == "l1" else 0.0
        return rho / C, (1.0 - rho) / C

    def fit(self, X, y, sample_weight=None) -> "LogisticRegression":
        """Fit by minimising the objective.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (NumPy array, list or DataFrame).
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : float or array-like of shape (n_samples,), optional
            Per-sample weights s_i (multiplied by ``class_weight``); None for equal weights.

        Returns
        -------
        self : LogisticRegression
            The fitted estimator.
        """
        l1, l2 = self._penalty_strengths()
        for name in ("fit_intercept", "warm_start", "dual"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if self.dual:
            raise ValueError("dual=True (the dual formulation) exists only in scikit-learn's 'liblinear' solver; "
                             "physml minimises the primal objective: set dual=False")
        check_scalar(self.intercept_scaling, "intercept_scaling", min_value=0, include_min=False)
        check_feature_names(self, X, reset=True)
        X = check_array(X, "X")
        y = MLPClassifier._check_labels(y, X.shape[0])
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D, got shape {y.shape}")
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        classes = np.unique(y)
        k = len(classes)
        if k < 2:
            raise ValueError(f"y must contain at least two classes, but the data contains only one class: {classes[0]!r}")
        idx = np.searchsorted(classes, y)
        w = self._class_weighted(classes, idx, w)
        if k == 2:
            Y, loss, out = idx.astype(np.float64).reshape(-1, 1), "binary_crossentropy", "sigmoid"
        else:
            Y, loss, out = np.eye(k)[idx], "categorical_crossentropy", "softmax"
        start = None
        if check_bool(self.warm_start, "warm_start") and hasattr(self, "coef_"):
            if self.coef_.shape != (Y.shape[1], X.shape[1]) or not np.array_equal(self.classes_, classes):
                raise ValueError(
                    f"warm_start needs the classes and features of the previous fit: it had classes "
                    f"{list(self.classes_)} and {self.coef_.shape[1]} features, now {list(classes)} and {X.shape[1]}"
                )
            start = (self.coef_.T, self.intercept_)
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]

        def finish() -> None:
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

        self._run(X, Y, loss, out, l1, l2, self.batch_size, sample_weight=w, fit_intercept=self.fit_intercept,
                  start=start, finish=finish)
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
        """The linear scores z = x·w + b.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
            One score per sample for two classes (the log-odds of the second class),
            else one per class.
        """
        z = _linear_predict(self, X)
        return z[:, 0] if len(self.classes_) == 2 else z

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: σ(z) for two classes, softmax(z) for more.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            The probability of each class; rows sum to 1.
        """
        z = self.decision_function(X)
        if len(self.classes_) == 2:
            p = 0.5 * (1.0 + np.tanh(0.5 * z))
            return np.column_stack([1.0 - p, p])
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict_log_proba(self, X) -> np.ndarray:
        """Logarithm of the class probabilities, computed without forming them.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            ln p of each class (no log(0) for saturated probabilities).
        """
        z = self.decision_function(X)
        if len(self.classes_) == 2:
            # log σ(z) = −log(1 + e^−z), log(1 − σ(z)) = −log(1 + e^z)
            return np.column_stack([-np.logaddexp(0.0, z), -np.logaddexp(0.0, -z)])
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))

    def predict(self, X) -> np.ndarray:
        """Most probable class of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,)
            The labels, from ``classes_``.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
