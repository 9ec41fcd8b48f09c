"""The teaching network: :class:`Network` (``src/nn/network.rs``)."""

from __future__ import annotations

import numbers
from typing import Any, Sequence

import numpy as np

from physml import _core
from physml._base import check_array, as_sample_weight, check_random_state_seed, check_scalar
from physml.nn._base import (
    _OUTPUT_FOR_LOSS,
    ACTIVATIONS,
    HIDDEN_ACTIVATIONS,
    INITS,
    LOSSES,
    SOLVERS,
    _check_choice,
    _flatten,
    _unflatten,
)
from physml.nn._train import _batch_size, _train


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

    Parameters
    ----------
    layer_sizes : sequence of int
        The widths of all layers, inputs first and outputs last, e.g. (2, 8, 1).
    activations : str or sequence of str, default='sigmoid'
        The activation of every layer after the input (one name for all, or one per
        layer): 'identity', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'softmax',
        'exp'.
    loss : {'squared_error', 'binary_crossentropy', 'categorical_crossentropy', 'poisson'}, default='squared_error'
        The loss averaged over the samples (see the module's conventions).
    init : {'glorot', 'he', 'normal'}, default='glorot'
        The initialisation of the weights (biases start at zero).
    init_std : float, default=1.0
        The standard deviation of ``init='normal'``.
    random_state : None, int or numpy.random.Generator, default=None
        The seed of the initial weights.

    Attributes
    ----------
    weights : list of ndarray
        The weight matrix W of every layer, shape (n_in, n_out); read and assign freely.
    biases : list of ndarray
        The bias vector b of every layer, shape (n_out,).
    layer_sizes : list of int
        The widths of the layers, input first.
    activations : list of str
        The activation of every layer after the input.
    loss_name : str
        The loss.
    loss_curve_ : list of float
        The mean training loss of every epoch (after :meth:`fit`).

    See Also
    --------
    physml.testing.check_network_gradient : the gradients against finite differences.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import Network
    >>> net = Network([2, 3, 1], ["sigmoid", "identity"], random_state=0)
    >>> [w.shape for w in net.weights], [b.shape for b in net.biases]
    ([(2, 3), (3, 1)], [(3,), (1,)])
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> y = np.array([1.0, -1.0])
    >>> dW, db = net.backward(X, y)
    >>> [g.shape for g in dW]
    [(2, 3), (3, 1)]
    >>> net.forward(X).shape
    (2, 1)
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
        try:
            sizes = list(layer_sizes)
        except TypeError:
            raise TypeError(f"layer_sizes must be a sequence of integer widths, got {layer_sizes!r}") from None
        if len(sizes) < 2 or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
            raise ValueError(f"layer_sizes must list at least two integer widths (input and output), got {layer_sizes!r}")
        for s in sizes:  # the core takes 64-bit sizes: no OverflowError from a larger int
            check_scalar(s, "layer_sizes", kind=numbers.Integral)
        if any(s < 1 for s in sizes):
            raise ValueError(f"layer_sizes must be >= 1 for every layer, got {sizes}")
        _check_choice(loss, "loss", LOSSES)
        if isinstance(activations, str):
            _check_choice(activations, "activations", HIDDEN_ACTIVATIONS)
            acts = [activations] * (len(sizes) - 2) + [_OUTPUT_FOR_LOSS[loss]]
        else:
            try:
                acts = list(activations)
            except TypeError:
                raise TypeError(f"activations must be a name or a sequence of names, got {activations!r}") from None
            if len(acts) != len(sizes) - 1:
                raise ValueError(f"activations must have {len(sizes) - 1} entries (one per layer after the input), got {len(acts)}")
            for a in acts:
                _check_choice(a, "activations", ACTIVATIONS)
        _check_choice(init, "init", INITS)
        self.layer_sizes = sizes
        self.activations = ["sigmoid" if a == "logistic" else a for a in acts]
        self.loss_name = loss
        seed = check_random_state_seed(random_state)
        init_std = check_scalar(init_std, "init_std")
        params = _core.nn_init(sizes, self.activations, loss, init, float(init_std), seed)
        self.weights, self.biases = _unflatten(np.asarray(params), sizes)

    def __repr__(self) -> str:
        return f"Network({self.layer_sizes}, {self.activations}, loss={self.loss_name!r})"

    def parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Copies of the weights and biases.

        Returns
        -------
        weights : list of ndarray
            W of every layer, shape (n_in, n_out).
        biases : list of ndarray
            b of every layer, shape (n_out,).
        """
        return [w.copy() for w in self.weights], [b.copy() for b in self.biases]

    def set_parameters(self, weights: Sequence[Any], biases: Sequence[Any]) -> "Network":
        """Assign every layer's weights and biases (copied), with shape checks.

        Parameters
        ----------
        weights : sequence of array-like
            W of every layer, shape (n_in, n_out).
        biases : sequence of array-like
            b of every layer, shape (n_out,).

        Returns
        -------
        self : Network
            The network, with the new parameters.

        Raises
        ------
        ValueError
            If the number of layers or a shape does not match ``layer_sizes``.
        """
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
        """The activations a_1, …, a_L of every layer.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs a_0.

        Returns
        -------
        list of ndarray
            a_l = f_l(a_(l−1) W_l + b_l) for l = 1 … L, each of shape (n_samples, n_l).
        """
        X = check_array(X, "X")
        return _core.nn_forward(self.layer_sizes, self.activations, self.loss_name, self._flat(), X)

    def forward(self, X: Any) -> np.ndarray:
        """The network output a_L.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs.

        Returns
        -------
        ndarray of shape (n_samples, n_outputs)
            The output layer's activations.
        """
        return self.layer_outputs(X)[-1]

    def loss(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None) -> float:
        """The loss J: the mean loss over the samples plus the penalty.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets (0/1 or one-hot for the cross-entropies, ≥ 0 for Poisson).
        l1 : float, default 0.0
            The L1 strength λ₁ ≥ 0 of the penalty λ₁ Σ‖W‖₁.
        l2 : float, default 0.0
            The L2 strength λ₂ ≥ 0 of the penalty (λ₂/2) Σ‖W‖².
        sample_weight : array-like of shape (n_samples,), optional
            Weights s_i of the samples (may be negative, must not sum to zero; their
            magnitude does not matter); None for equal weights.

        Returns
        -------
        float
            J = 1/S Σ_i s_i ℓ_i + (l2/2) Σ‖W‖² + l1 Σ‖W‖₁, S = Σ_i s_i (s_i = 1 without
            weights).
        """
        return self.loss_and_gradient(X, y, l1, l2, sample_weight)[0]

    def loss_and_gradient(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None):
        """The loss J of :meth:`loss` and its gradients, by backpropagation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets (0/1 or one-hot for the cross-entropies, ≥ 0 for Poisson).
        l1 : float, default 0.0
            The L1 strength λ₁ ≥ 0 of the penalty λ₁ Σ‖W‖₁.
        l2 : float, default 0.0
            The L2 strength λ₂ ≥ 0 of the penalty (λ₂/2) Σ‖W‖².
        sample_weight : array-like of shape (n_samples,), optional
            Weights s_i of the samples (may be negative, must not sum to zero; their
            magnitude does not matter); None for equal weights.

        Returns
        -------
        loss : float
            J, as :meth:`loss`.
        weight_gradients : list of ndarray
            ∂J/∂W of every layer, shaped like ``weights`` (the L1 term contributes its
            subgradient l1 sign(W), with sign(0) = 0).
        bias_gradients : list of ndarray
            ∂J/∂b of every layer, shaped like ``biases``.
        """
        X = check_array(X, "X")
        y = self._targets(y, X.shape[0])
        check_scalar(l1, "l1", min_value=0)
        check_scalar(l2, "l2", min_value=0)
        w = None if sample_weight is None else as_sample_weight(sample_weight, X.shape[0], allow_negative=True)
        j, grad = _core.nn_loss_and_gradient(
            self.layer_sizes, self.activations, self.loss_name, self._flat(), X, y,
            l1=float(l1), l2=float(l2), sample_weight=w,
        )
        gw, gb = _unflatten(np.asarray(grad), self.layer_sizes)
        return float(j), gw, gb

    def backward(self, X: Any, y: Any, l1: float = 0.0, l2: float = 0.0, sample_weight: Any = None):
        """Backpropagation: the gradients of :meth:`loss`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets (0/1 or one-hot for the cross-entropies, ≥ 0 for Poisson).
        l1 : float, default 0.0
            The L1 strength λ₁ ≥ 0 of the penalty λ₁ Σ‖W‖₁.
        l2 : float, default 0.0
            The L2 strength λ₂ ≥ 0 of the penalty (λ₂/2) Σ‖W‖².
        sample_weight : array-like of shape (n_samples,), optional
            Weights s_i of the samples (may be negative, must not sum to zero; their
            magnitude does not matter); None for equal weights.

        Returns
        -------
        weight_gradients : list of ndarray
            ∂J/∂W of every layer, shaped like ``weights``.
        bias_gradients : list of ndarray
            ∂J/∂b of every layer, shaped like ``biases``.
        """
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
        """Train by mini-batch gradient descent.

        Each step minimises J = mean loss + (l2/2)‖W‖² + l1‖W‖₁ over a batch (the L1
        term by a proximal soft-thresholding step); the mean loss of every epoch is
        recorded in ``loss_curve_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_inputs)
            Inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        optimizer : {'sgd', 'adam', 'rmsprop', 'adagrad'}, default 'adam'
            The optimiser.
        learning_rate : float, default 0.01
            The step size η > 0.
        epochs : int, default 100
            The number of passes over the data.
        batch_size : int or None, default 32
            Samples per step; None is full-batch gradient descent.
        l1 : float, default 0.0
            The L1 strength λ₁ ≥ 0.
        l2 : float, default 0.0
            The L2 strength λ₂ ≥ 0.
        momentum : float, default 0.9
            The momentum of 'sgd'.
        random_state : None, int or numpy.random.Generator, default None
            The seed of the shuffling of the batches.
        progress : bool, default False
            Show a tqdm progress bar.

        Returns
        -------
        self : Network
            The trained network.
        """
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
