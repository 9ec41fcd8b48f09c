"""The choices the networks accept (activations, losses, solvers, schedules,
initialisations) and the flat parameter vector of the core.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np


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
