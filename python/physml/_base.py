"""Shared machinery of physml's estimators: the scikit-learn estimator contract
without a runtime dependency on scikit-learn, and input validation that names the
offending parameter.

Every estimator stores its keyword arguments unchanged in ``__init__``, learns state
ending in ``_`` in ``fit``, and inherits ``get_params``/``set_params``/``__repr__``
from :class:`BaseEstimator`, so that scikit-learn's ``clone``, ``Pipeline``,
``GridSearchCV`` and ``cross_val_score`` accept it.
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

__all__ = [
    "BaseEstimator",
    "RegressorMixin",
    "ClassifierMixin",
    "TransformerMixin",
    "NotFittedError",
    "ConvergenceWarning",
    "DataConversionWarning",
    "check_array",
    "column_or_1d",
    "check_X_y",
    "check_is_fitted",
    "check_fitted_X",
    "check_scalar",
    "check_random_state_seed",
    "as_sample_weight",
    "check_sample_weight",
]

_Estimator = TypeVar("_Estimator")


class NotFittedError(ValueError, AttributeError):
    """Raised when ``predict`` (or another fitted-state method) is called before ``fit``."""


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at its iteration limit before reaching ``tol``."""


class DataConversionWarning(UserWarning):
    """The input was converted to the shape the estimator expects (as scikit-learn's
    warning of the same name: a column vector y where a 1-D y was expected)."""


class BaseEstimator:
    """``get_params``/``set_params``/``__repr__`` from the ``__init__`` signature."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        init = cls.__init__
        if init is object.__init__:
            return []
        sig = inspect.signature(init)
        return sorted(
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters of this estimator, as given to ``__init__``."""
        out: dict[str, Any] = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for k, v in value.get_params().items():
                    out[f"{name}__{k}"] = v
            out[name] = value
        return out

    def set_params(self, **params: Any) -> "BaseEstimator":
        """Set parameters (``name=value`` or ``sub__name=value``); returns ``self``."""
        valid = self._get_param_names()
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"invalid parameter {name!r} for estimator {type(self).__name__}; "
                    f"valid parameters are {valid}"
                )
            if sub:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        sig = inspect.signature(type(self).__init__)
        shown = []
        for name in self._get_param_names():
            default = sig.parameters[name].default
            value = getattr(self, name, None)
            try:
                same = bool(value == default) if not isinstance(value, np.ndarray) else False
            except (ValueError, TypeError):
                same = False
            if not same:
                shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _sklearn_tags(estimator_type: str):
    """scikit-learn >= 1.6 asks estimators for ``__sklearn_tags__``."""
    from sklearn.utils import ClassifierTags, InputTags, RegressorTags, Tags, TargetTags

    return Tags(
        estimator_type=estimator_type,
        target_tags=TargetTags(required=True),
        input_tags=InputTags(),
        regressor_tags=RegressorTags() if estimator_type == "regressor" else None,
        classifier_tags=ClassifierTags() if estimator_type == "classifier" else None,
    )


class RegressorMixin:
    """``score`` = coefficient of determination R² of ``predict(X)`` against ``y``."""

    _estimator_type = "regressor"

    if TYPE_CHECKING:  # every regressor defines them; declared for the type checker only
        def fit(self: _Estimator, X: Any, y: Any) -> _Estimator: ...
        def predict(self, X: Any) -> np.ndarray: ...

    def __sklearn_tags__(self):
        return _sklearn_tags("regressor")

    def score(self, X, y, sample_weight=None) -> float:
        """R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)², averaged uniformly over targets."""
        from physml.metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)


class ClassifierMixin:
    """``score`` = mean accuracy of ``predict(X)`` against ``y``."""

    _estimator_type = "classifier"

    if TYPE_CHECKING:  # every classifier defines them; declared for the type checker only
        def fit(self: _Estimator, X: Any, y: Any) -> _Estimator: ...
        def predict(self, X: Any) -> np.ndarray: ...

    def __sklearn_tags__(self):
        return _sklearn_tags("classifier")

    def score(self, X, y, sample_weight=None) -> float:
        """Fraction of samples whose predicted label equals ``y``."""
        y = np.asarray(y)
        correct = (self.predict(X) == y).astype(float)
        return float(np.average(correct, weights=sample_weight))


class TransformerMixin:
    """``fit_transform`` = ``fit(X, y).transform(X)``; scikit-learn's transformer tags."""

    def __sklearn_tags__(self):
        from sklearn.utils import InputTags, Tags, TargetTags, TransformerTags

        return Tags(
            estimator_type=None,
            target_tags=TargetTags(required=False),
            transformer_tags=TransformerTags(),
            input_tags=InputTags(),
        )

    def fit_transform(self, X, y=None, **fit_params):
        """Fit to ``X`` and return ``X`` transformed."""
        return self.fit(X, y, **fit_params).transform(X)


def check_array(
    value: Any,
    name: str = "X",
    *,
    ndim: int | tuple[int, ...] = 2,
    allow_empty: bool = False,
    allow_nonfinite: bool = False,
) -> np.ndarray:
    """Convert an array-like of numbers to a C-contiguous float64 array, once.

    Raises ``TypeError`` for non-numeric input (strings, objects, complex) and
    ``ValueError`` naming ``name`` for the wrong number of dimensions, empty input,
    NaN or infinity.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a string")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a rectangular array of numbers: {exc}") from None
    if arr.dtype.kind in "OUSV" or arr.dtype.kind == "c":
        if arr.dtype.kind == "O":
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError):
                raise TypeError(
                    f"{name} must be an array of real numbers, got dtype object"
                ) from None
        else:
            raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    dims = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in dims:
        want = " or ".join(f"{d}-D" for d in dims)
        hint = ""
        if arr.ndim == 1 and 2 in dims:
            hint = "; reshape with X.reshape(-1, 1) for a single feature"
        raise ValueError(f"{name} must be a {want} array, got shape {arr.shape}{hint}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if not allow_nonfinite and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def column_or_1d(y: np.ndarray, *, stacklevel: int = 4) -> np.ndarray:
    """``y`` with a single column as a 1-D array, with scikit-learn's
    :class:`DataConversionWarning` (attributed ``stacklevel`` frames up: the caller of
    ``fit`` when called from the validation helper of a ``fit``); other shapes as given."""
    if y.ndim == 2 and y.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected: it is used as y.ravel()",
            DataConversionWarning,
            stacklevel=stacklevel,
        )
        return y[:, 0]
    return y


def check_X_y(X: Any, y: Any, *, multi_output: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Validate a design matrix ``X`` (n_samples, n_features) and targets ``y``
    ((n_samples,) or, with ``multi_output``, (n_samples, n_targets))."""
    X = check_array(X, "X", ndim=2)
    y = check_array(y, "y", ndim=(1, 2) if multi_output else 1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: X has {X.shape[0]}, y has {y.shape[0]}"
        )
    return X, y


def as_sample_weight(sample_weight: Any, n_samples: int, *, allow_negative: bool = False) -> np.ndarray:
    """Per-sample weights converted: a float64 array of length ``n_samples``, its
    values left to the Rust core to check (its errors name ``sample_weight``). A
    scalar means that weight for every sample (scikit-learn's rule): it must be
    ``> 0``, or with ``allow_negative=True`` (scikit-learn's networks) non-zero."""
    if np.ndim(sample_weight) == 0 and not isinstance(sample_weight, (str, bytes)):
        value = sample_weight.item() if isinstance(sample_weight, (np.generic, np.ndarray)) else sample_weight
        if allow_negative:
            check_scalar(value, "sample_weight")
            if value == 0:
                raise ValueError("sample_weight must contain at least one non-zero weight, got 0")
        else:
            check_scalar(value, "sample_weight", min_value=0.0, include_min=False)
        return np.full(n_samples, float(value))
    w = check_array(sample_weight, "sample_weight", ndim=1)
    if w.shape[0] != n_samples:
        raise ValueError(f"sample_weight must have length {n_samples}, got {w.shape[0]}")
    return w


def check_sample_weight(sample_weight: Any, n_samples: int) -> np.ndarray:
    """Validate per-sample weights where no core checks them (the metrics): those of
    :func:`as_sample_weight`, every weight ``>= 0``, at least one ``> 0``. Errors
    name ``sample_weight``."""
    w = as_sample_weight(sample_weight, n_samples)
    if (w < 0).any():
        raise ValueError(f"sample_weight must be >= 0, got {float(w[w < 0][0])!r}")
    with np.errstate(over="ignore"):
        total = w.sum()
    if not total > 0:
        raise ValueError("sample_weight must have at least one positive weight, got all zeros")
    if not np.isfinite(total):
        raise ValueError("sample_weight must be rescaled: its sum overflows float64")
    return w


def check_is_fitted(estimator: Any, attribute: str) -> None:
    """Raise :class:`NotFittedError` unless ``estimator`` has ``attribute``."""
    if not hasattr(estimator, attribute):
        raise NotFittedError(
            f"this {type(estimator).__name__} instance is not fitted yet; call 'fit' first"
        )


def check_fitted_X(estimator: Any, X: Any, attribute: str) -> np.ndarray:
    """Validate ``X`` for a fitted ``estimator`` (one that has ``attribute``): a 2-D
    float array with the ``n_features_in_`` columns it was fitted with."""
    check_is_fitted(estimator, attribute)
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != estimator.n_features_in_:
        raise ValueError(
            f"X has {X.shape[1]} features, but {type(estimator).__name__} was fitted "
            f"with {estimator.n_features_in_} features"
        )
    return X


def check_scalar(
    value: Any,
    name: str,
    *,
    kind: type[Any] = numbers.Real,
    min_value: float | None = None,
    max_value: float | None = None,
    include_min: bool = True,
    include_max: bool = True,
):
    """Check that ``value`` is a finite number of type ``kind`` within bounds;
    the error names ``name``: ``ValueError: alpha must be >= 0, got -1.0``."""
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "an integer" if kind is numbers.Integral else "a real number"
        raise TypeError(f"{name} must be {what}, got {value!r} of type {type(value).__name__}")
    if isinstance(value, numbers.Real) and not np.isfinite(float(value)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if min_value is not None:
        ok = value >= min_value if include_min else value > min_value
        if not ok:
            op = ">=" if include_min else ">"
            raise ValueError(f"{name} must be {op} {min_value}, got {value!r}")
    if max_value is not None:
        ok = value <= max_value if include_max else value < max_value
        if not ok:
            op = "<=" if include_max else "<"
            raise ValueError(f"{name} must be {op} {max_value}, got {value!r}")
    return value


def check_random_state_seed(random_state: Any, name: str = "random_state") -> int:
    """Turn ``random_state`` (None, an int, or a ``numpy.random.Generator``) into a
    64-bit seed for the Rust core. ``None`` draws a fresh seed from the OS."""
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0])
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**63 - 1))
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**31 - 1))
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"{name} must be >= 0, got {random_state}")
        return int(random_state) % 2**64
    raise TypeError(
        f"{name} must be None, a non-negative int or a numpy Generator, got {random_state!r}"
    )
