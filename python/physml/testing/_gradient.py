"""Analytic gradients against central finite differences."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Sequence, Union

import numpy as np

from physml._base import check_array, check_scalar

Params = Union[np.ndarray, Sequence[np.ndarray]]


@dataclass(repr=False)
class GradientCheck:
    """The outcome of :func:`check_gradient`.

    Attributes
    ----------
    numerical : ndarray or list of ndarray
        The central-difference gradient, shaped like ``x`` (a list of arrays when
        ``x`` is a list).
    analytic : ndarray, list of ndarray or None
        The gradient checked (None when none was given).
    max_abs_error : float
        max_i |analytic_i − numerical_i|.
    worst : str
        Where that happens, e.g. ``"[2, 1]"`` or ``"array 1 [0, 3]"``.

    Parameters
    ----------
    numerical, analytic, max_abs_error, worst
        The attributes (:func:`check_gradient` builds the object).

    Examples
    --------
    >>> import numpy as np
    >>> from physml.testing import check_gradient
    >>> check = check_gradient(lambda x: float(x @ x), np.array([1.0, -2.0]))
    >>> check.numerical.round(6).tolist(), check.analytic is None
    ([2.0, -4.0], True)
    """

    numerical: Any
    analytic: Any
    max_abs_error: float
    worst: str

    def __repr__(self) -> str:
        if self.analytic is None:
            return "GradientCheck(numerical only)"
        return f"GradientCheck(max_abs_error={self.max_abs_error:.3g} at {self.worst})"


def _as_list(x: Any, name: str) -> tuple[list[np.ndarray], bool]:
    if isinstance(x, (list, tuple)) and len(x) > 0 and all(np.ndim(a) >= 1 for a in x):
        return [check_array(a, f"{name}[{i}]", ndim=(1, 2, 3, 4)).copy() for i, a in enumerate(x)], True
    arr = np.asarray(x, dtype=np.float64) if np.ndim(x) == 0 else check_array(x, name, ndim=(1, 2, 3, 4))
    return [np.array(arr, dtype=np.float64, ndmin=1)], False


def _value(f: Callable[..., Any], arrays: list[np.ndarray], is_list: bool, shape: tuple[int, ...]) -> float:
    arg: Any = arrays if is_list else arrays[0].reshape(shape)
    value = f(arg)
    if np.ndim(value) != 0:
        raise ValueError(f"f must return a scalar, got an array of shape {np.shape(value)}")
    return float(value)


def check_gradient(
    f: Callable[..., Any],
    x: Any,
    grad: Any = None,
    *,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float | None = None,
) -> GradientCheck:
    """Compare an analytic gradient with central finite differences.

    g_i ≈ [f(x + h_i e_i) − f(x − h_i e_i)] / (2 h_i),  h_i = eps · max(1, |x_i|),

    whose error is O(h²) from truncation plus O(ε_machine |f| / h) from rounding.
    Component i passes when |a_i − g_i| ≤ atol + rtol · |g_i|.

    Parameters
    ----------
    f : callable
        The scalar function: ``f(x)`` for an array ``x``, or ``f([A, B, ...])`` for a
        list of arrays (a network's per-layer weights, say).
    x : array-like or list of array-likes
        The point; not modified.
    grad : None, array(s) or callable
        The analytic gradient at ``x`` (shaped like ``x``), or a function returning
        it. None: only the numerical gradient is computed (no assertion).
    eps : float > 0
        Relative step.
    rtol, atol : float
        Tolerances; ``atol`` defaults to 1e-6 · max(1, |f(x)|) (the rounding error of
        the differences grows with |f|).

    Returns
    -------
    GradientCheck

    Raises
    ------
    AssertionError
        naming the worst component, both values and their difference, when a
        component is outside the tolerance.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.testing import check_gradient
    >>> result = check_gradient(lambda x: np.sum(x ** 3), [1.0, 2.0], lambda x: 3 * x ** 2)
    >>> result.max_abs_error < 1e-6
    True
    """
    check_scalar(eps, "eps", min_value=0, include_min=False)
    check_scalar(rtol, "rtol", min_value=0)
    if not callable(f):
        raise TypeError(f"f must be a callable returning a scalar, got {f!r}")
    arrays, is_list = _as_list(x, "x")
    shape = np.shape(x) if not is_list else ()
    f0 = _value(f, arrays, is_list, shape)
    if atol is None:
        atol = 1e-6 * max(1.0, abs(f0))
    check_scalar(atol, "atol", min_value=0)
    numerical = []
    for a in arrays:
        flat = a.reshape(-1)
        g = np.empty_like(flat)
        for i in range(flat.size):
            old = flat[i]
            h = eps * max(1.0, abs(old))
            flat[i] = old + h
            up = _value(f, arrays, is_list, shape)
            flat[i] = old - h
            down = _value(f, arrays, is_list, shape)
            flat[i] = old
            g[i] = (up - down) / (2 * h)
        numerical.append(g.reshape(a.shape))
    num_out: Any = numerical if is_list else numerical[0].reshape(shape)
    if grad is None:
        return GradientCheck(num_out, None, float("nan"), "")
    point: Any = [a.copy() for a in arrays] if is_list else arrays[0].reshape(shape).copy()
    analytic = grad(point) if callable(grad) else grad
    if is_list:
        if not isinstance(analytic, (list, tuple)) or len(analytic) != len(arrays):
            raise ValueError(f"grad must give {len(arrays)} arrays, one per array of x")
        ana = [np.asarray(g, dtype=np.float64) for g in analytic]
    else:
        ana = [np.array(analytic, dtype=np.float64, ndmin=1)]
    worst, worst_where, failing = -1.0, "", 0
    for k, (a, n) in enumerate(zip(ana, numerical)):
        if a.shape != n.shape:
            where = f"array {k} " if is_list else ""
            raise AssertionError(f"gradient {where}has shape {a.shape}, expected {n.shape} (the shape of x)")
        diff = np.abs(a - n)
        bad = ~(diff <= atol + rtol * np.abs(n))  # NaN counts as bad
        failing += int(bad.sum())
        score = np.where(np.isnan(diff), np.inf, diff)
        i = int(np.argmax(score))
        if score.reshape(-1)[i] > worst:
            worst = float(score.reshape(-1)[i])
            idx = list(np.unravel_index(i, a.shape)) if a.ndim else []
            worst_where = (f"array {k} " if is_list else "") + str([int(j) for j in idx])
            worst_pair = (a.reshape(-1)[i], n.reshape(-1)[i])
    ana_out: Any = ana if is_list else ana[0].reshape(shape)
    if failing:
        a_w, n_w = worst_pair
        hint = ""
        if np.isfinite(a_w) and n_w != 0 and abs(a_w / n_w - 2) < 1e-3:
            hint = " (a factor 2: a missing 1/2 in the cost, or the derivative of x² written 2x twice?)"
        elif np.isfinite(a_w) and n_w != 0 and abs(a_w / n_w + 1) < 1e-3:
            hint = " (opposite sign: the gradient of −f, or y − ŷ where ŷ − y is meant?)"
        raise AssertionError(
            f"gradient mismatch in {failing} of {sum(n.size for n in numerical)} components; worst at {worst_where}: "
            f"analytic {a_w:.6g}, finite differences {n_w:.6g}, difference {abs(a_w - n_w):.3g} "
            f"(tolerance {atol:.2g} + {rtol:.2g}·|numerical|){hint}"
        )
    return GradientCheck(num_out, ana_out, worst, worst_where)


def check_network_gradient(
    network: Any,
    X: Any,
    y: Any,
    weight_gradients: Sequence[Any] | None = None,
    bias_gradients: Sequence[Any] | None = None,
    *,
    l1: float = 0.0,
    l2: float = 0.0,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float | None = None,
) -> GradientCheck:
    """Check per-layer gradients of a network's loss against finite differences.

    The loss is that of :meth:`physml.nn.Network.loss`: mean loss + (l2/2) Σ‖W‖² +
    l1 Σ‖W‖₁, differentiated in every weight and bias. The network is left
    unchanged.

    Parameters
    ----------
    network : physml.nn.Network
        The network (its current weights).
    X : array-like of shape (n_samples, n_inputs)
        Inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets.
    weight_gradients : sequence of array-like, optional
        The gradients to check, shaped like ``network.weights`` (a student's
        backpropagation run on the same weights); default physml's own
        :meth:`~physml.nn.Network.backward`.
    bias_gradients : sequence of array-like, optional
        Likewise, shaped like ``network.biases``.
    l1 : float, default 0.0
        The L1 strength of the loss.
    l2 : float, default 0.0
        The L2 strength of the loss.
    eps : float > 0, default 1e-6
        The relative finite-difference step.
    rtol : float, default 1e-4
        The relative tolerance.
    atol : float, optional
        The absolute tolerance; default 1e-6 · max(1, |loss|).

    Returns
    -------
    GradientCheck
        The numerical and analytic gradients: the weights' arrays first, then the
        biases' (``array k`` in a message is layer k's weights for k < L, layer
        k − L's biases after).

    Raises
    ------
    AssertionError
        If a component is outside the tolerance, naming it.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import Network
    >>> from physml.testing import check_network_gradient
    >>> net = Network([2, 4, 1], ["tanh", "identity"], random_state=0)
    >>> X, y = np.random.default_rng(1).normal(size=(5, 2)), np.ones(5)
    >>> check = check_network_gradient(net, X, y, l2=0.1)
    >>> len(check.numerical), bool(check.max_abs_error < 1e-6)
    (4, True)
    """
    weights, biases = network.parameters()
    if weight_gradients is None and bias_gradients is None:
        weight_gradients, bias_gradients = network.backward(X, y, l1=l1, l2=l2)
    if weight_gradients is None or bias_gradients is None:
        raise ValueError("weight_gradients and bias_gradients must be given together")
    n_layers = len(weights)
    probe = copy.copy(network)  # set_parameters rebinds its lists: network keeps its own

    def loss(params: list[np.ndarray]) -> float:
        probe.set_parameters(params[:n_layers], params[n_layers:])
        return float(probe.loss(X, y, l1=l1, l2=l2))

    return check_gradient(loss, list(weights) + list(biases), list(weight_gradients) + list(bias_gradients),
                          eps=eps, rtol=rtol, atol=atol)
