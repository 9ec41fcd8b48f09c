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

from physml import _core
from physml.nn._base import (
    ACTIVATIONS,
    HIDDEN_ACTIVATIONS,
    INITS,
    LOSSES,
    REGRESSION_LOSSES,
    SCHEDULES,
    SOLVERS,
    _unflatten,
)
from physml.nn._linear_models import LogisticRegression, SGDRegressor
from physml.nn._mlp import MLPClassifier, MLPRegressor
from physml.nn._network import Network

__all__ = ["MLPRegressor", "MLPClassifier", "LogisticRegression", "SGDRegressor", "Network"]
