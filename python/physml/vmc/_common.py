"""Conversions at the Python edge of physml.vmc, and the named state the
configuration objects (systems, samplers, optimisers) pickle through.

Validation has one home: the Rust core checks every range and names the Python
parameter in its message (``ValueError: step_length must be > 0, got 0``). Here only
types are converted: integers, finite floats and configurations; a rule lives here
only when it is Python's own (the core takes unsigned integers, so a negative count
is refused here).
"""

from __future__ import annotations

import numbers
from typing import Any, Optional

import numpy as np

from physml._base import check_scalar

#: Version of the named state of every physml.vmc object (pickling).
STATE_VERSION = 1


def to_int(value: Any, name: str, min_value: int = 0, max_value: Optional[int] = None) -> int:
    """``value`` as an int: TypeError unless it is an integer, ValueError below
    ``min_value`` (the core's integers are unsigned) or above ``max_value``."""
    check_scalar(value, name, kind=numbers.Integral, min_value=min_value, max_value=max_value)
    return int(value)


def to_float(value: Any, name: str) -> float:
    """``value`` as a finite float: TypeError unless it is a real number, ValueError
    for NaN or infinity. Its range is checked by the core."""
    check_scalar(value, name)
    return float(value)


def to_configuration(x: Any) -> np.ndarray:
    """A configuration as a C-contiguous float64 array of shape (n_particles, dim); a
    1-D array is N particles in one dimension. Its shape against the wave function's
    and its finiteness are checked by the core."""
    x = np.array(x, dtype=np.float64, copy=True)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n_particles, dim), got an array of shape {x.shape}")
    return np.ascontiguousarray(x)


def check_state(state: Any, kind: str) -> dict:
    """The named state ``state`` of a ``kind`` object, its version and kind checked."""
    if not isinstance(state, dict):
        raise TypeError(f"a {kind} state must be a dict, got {type(state).__name__}")
    version = state.get("version")
    if version != STATE_VERSION:
        raise ValueError(
            f"cannot read a {kind} state of version {version!r}: this physml reads version {STATE_VERSION} "
            "(saved by another physml version?)"
        )
    if state.get("kind") != kind:
        raise ValueError(f"the state is of a {state.get('kind')!r}, not of a {kind}")
    return state


class Configured:
    """An object fully given by its constructor's arguments (``_params()``): its repr
    shows them, and it pickles as ``{"version": 1, "kind": ..., "params": {...}}``,
    rebuilt through the constructor (which converts and validates again)."""

    def _params(self) -> dict:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({args})"

    def __getstate__(self) -> dict:
        return {"version": STATE_VERSION, "kind": type(self).__name__, "params": self._params()}

    def __setstate__(self, state: dict) -> None:
        type(self).__init__(self, **check_state(state, type(self).__name__)["params"])
