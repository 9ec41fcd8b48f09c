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
import os
import sys
import warnings
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from physml.exceptions import ConvergenceWarning, DataConversionWarning, NotFittedError

__all__ = [
    "BaseEstimator",
    "RegressorMixin",
    "ClassifierMixin",
    "TransformerMixin",
    "NotFittedError",
    "ConvergenceWarning",
    "DataConversionWarning",
    "check_array",
    "check_classification_targets",
    "check_feature_names",
    "column_or_1d",
    "warn_user",
    "check_X_y",
    "check_is_fitted",
    "check_fitted_X",
    "check_feature_names_out",
    "check_n_features",
    "check_scalar",
    "check_random_state_seed",
    "as_sample_weight",
    "check_sample_weight",
]

_Estimator = TypeVar("_Estimator")


class BaseEstimator:
    """Base of physml's estimators: ``get_params``, ``set_params`` and ``__repr__``
    from the ``__init__`` signature, as scikit-learn's ``BaseEstimator``.

    Examples
    --------
    >>> from physml.linear import Ridge
    >>> Ridge(alpha=0.5).get_params()["alpha"]
    0.5
    """

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
        """Parameters of this estimator, as given to ``__init__``.

        Parameters
        ----------
        deep : bool, default True
            Also list the parameters of parameters that are estimators, as
            ``name__subname``.

        Returns
        -------
        dict of str to object
            Parameter names mapped to their values.
        """
        out: dict[str, Any] = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for k, v in value.get_params().items():
                    out[f"{name}__{k}"] = v
            out[name] = value
        return out

    def set_params(self, **params: Any) -> "BaseEstimator":
        """Set parameters, as scikit-learn's ``set_params``.

        Parameters
        ----------
        **params : dict
            ``name=value``, or ``name__subname=value`` for a parameter of a parameter
            that is an estimator.

        Returns
        -------
        self
            The estimator, with the new parameters (not refitted).

        Raises
        ------
        ValueError
            If a name is not a parameter of the estimator.
        """
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


def _sklearn_tags(estimator: Any):
    """scikit-learn >= 1.6 asks estimators for ``__sklearn_tags__``: the tags of an
    estimator of kind ``_estimator_type`` ("regressor", "classifier" or None for a
    transformer), taking 2-D targets if ``_multi_output`` (multi-label indicator
    targets if ``_multi_label``) and dense, finite, numeric 2-D ``X`` only."""
    from sklearn.utils import ClassifierTags, InputTags, RegressorTags, Tags, TargetTags, TransformerTags

    kind = getattr(estimator, "_estimator_type", None)
    multi_output = bool(getattr(estimator, "_multi_output", False))
    return Tags(
        estimator_type=kind,
        target_tags=TargetTags(required=kind is not None, multi_output=multi_output,
                               single_output=True),
        transformer_tags=TransformerTags() if kind is None else None,
        input_tags=InputTags(),
        regressor_tags=RegressorTags() if kind == "regressor" else None,
        classifier_tags=(ClassifierTags(multi_label=bool(getattr(estimator, "_multi_label", False)))
                         if kind == "classifier" else None),
    )


class _TagsMixin:
    """scikit-learn's estimator tags: ``__sklearn_tags__`` (scikit-learn >= 1.6) and
    the dictionary ``_more_tags`` that older versions read."""

    _estimator_type: str | None = None
    _multi_output = False
    _multi_label = False

    def __sklearn_tags__(self):
        return _sklearn_tags(self)

    def _more_tags(self) -> dict[str, Any]:
        return {"multioutput": self._multi_output, "multilabel": self._multi_label,
                "requires_y": self._estimator_type is not None}


class RegressorMixin(_TagsMixin):
    """``score`` = coefficient of determination R² of ``predict(X)`` against ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LinearRegression
    >>> X = np.arange(5.0).reshape(-1, 1)
    >>> LinearRegression().fit(X, 2 * X[:, 0] + 1).score(X, 2 * X[:, 0] + 1)
    1.0
    """

    _estimator_type = "regressor"

    if TYPE_CHECKING:  # every regressor defines them; declared for the type checker only
        def fit(self: _Estimator, X: Any, y: Any) -> _Estimator: ...
        def predict(self, X: Any) -> np.ndarray: ...

    def score(self, X, y, sample_weight=None) -> float:
        """Coefficient of determination of the predictions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            True targets.
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the samples.

        Returns
        -------
        float
            R² of ``self.predict(X)`` against ``y``, averaged uniformly over targets.

        Notes
        -----
        R² = 1 − Σ_i w_i (y_i − ŷ_i)² / Σ_i w_i (y_i − ȳ_w)² (dimensionless; 1 is a
        perfect fit, 0 the constant prediction ȳ_w; it can be negative).
        """
        from physml.metrics import r2_score

        return r2_score(y, self.predict(X), sample_weight=sample_weight)


class ClassifierMixin(_TagsMixin):
    """``score`` = mean accuracy of ``predict(X)`` against ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.nn import LogisticRegression
    >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    >>> LogisticRegression().fit(X, [0, 0, 1, 1]).score(X, [0, 0, 1, 1])
    1.0
    """

    _estimator_type = "classifier"

    if TYPE_CHECKING:  # every classifier defines them; declared for the type checker only
        def fit(self: _Estimator, X: Any, y: Any) -> _Estimator: ...
        def predict(self, X: Any) -> np.ndarray: ...

    def score(self, X, y, sample_weight=None) -> float:
        """Mean accuracy of the predicted labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Test samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the samples.

        Returns
        -------
        float
            The (weighted) fraction of samples whose predicted label equals ``y``.
        """
        y = np.asarray(y)
        correct = (self.predict(X) == y).astype(float)
        return float(np.average(correct, weights=sample_weight))


_OUTPUTS = ("default", "pandas", "polars")


class TransformerMixin(_TagsMixin):
    """``fit_transform`` = ``fit(X, y).transform(X)`` and ``set_output``.

    ``set_output`` is scikit-learn's API: ``transform`` then returns a pandas or
    polars DataFrame with the columns ``get_feature_names_out()``. The class also
    carries scikit-learn's transformer tags.

    Examples
    --------
    >>> from physml.data import StandardScaler
    >>> StandardScaler().fit_transform([[1.0], [3.0]]).ravel().tolist()
    [-1.0, 1.0]
    """

    if TYPE_CHECKING:  # every transformer defines them; declared for the type checker only
        def fit(self: _Estimator, X: Any, y: Any = None) -> _Estimator: ...
        def transform(self, X: Any) -> Any: ...
        def get_feature_names_out(self, input_features: Any = None) -> np.ndarray: ...

    def fit_transform(self, X, y=None, **fit_params):
        """Fit to ``X``, then return ``X`` transformed.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Data to fit and transform.
        y : array-like, optional
            Targets, ignored by unsupervised transformers.
        **fit_params : dict
            Further arguments of ``fit`` (such as ``sample_weight``).

        Returns
        -------
        ndarray or DataFrame of shape (n_samples, n_features_out)
            ``self.fit(X, y, **fit_params).transform(X)``.
        """
        return self.fit(X, y, **fit_params).transform(X)

    def set_output(self, *, transform: str | None = None):
        """Choose the container ``transform`` and ``fit_transform`` return.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None, default None
            ``"default"`` (NumPy arrays), ``"pandas"`` or ``"polars"`` (a DataFrame with
            the columns :meth:`get_feature_names_out` and, for a pandas input, its
            index), or None (leave the choice unchanged). With no choice made here,
            scikit-learn's global ``set_config(transform_output=...)`` applies.

        Returns
        -------
        self
            The transformer (``Pipeline.set_output`` and ``ColumnTransformer`` call it).

        Raises
        ------
        ValueError
            If ``transform`` is not one of the choices.
        """
        if transform is None:
            return self
        if transform not in _OUTPUTS:
            raise ValueError(f"transform must be one of {', '.join(map(repr, _OUTPUTS))} or None, got {transform!r}")
        # scikit-learn's attribute name: its meta-estimators read it
        self._sklearn_output_config = {"transform": transform}
        return self

    def _output_container(self) -> str:
        chosen = getattr(self, "_sklearn_output_config", {}).get("transform")
        if chosen is not None:
            return chosen
        if "sklearn" in sys.modules:  # config_context needs scikit-learn imported
            import sklearn

            return sklearn.get_config().get("transform_output", "default")
        return "default"

    def _wrap_output(self, out: np.ndarray, X: Any):
        """``out`` (the transform of ``X``) in the configured container."""
        container = self._output_container()
        if container == "default":
            return out
        columns = list(self.get_feature_names_out())
        if container == "pandas":
            import pandas as pd

            index = X.index if isinstance(X, pd.DataFrame) else None
            return pd.DataFrame(out, columns=columns, index=index, copy=False)
        import polars as pl

        return pl.DataFrame(out, schema=columns, orient="row")


def _feature_names(X: Any) -> np.ndarray | None:
    """The column names of a DataFrame ``X`` (pandas, polars, ...) if every name is a
    string, None for arrays and for names that are all non-strings; mixed names raise
    scikit-learn's TypeError."""
    columns = getattr(X, "columns", None)
    if columns is None or isinstance(X, np.ndarray):
        return None
    names = np.asarray(list(columns), dtype=object)
    if names.size == 0:
        return None
    kinds = sorted({type(name).__name__ for name in names})
    strings = all(isinstance(name, str) for name in names)
    if not strings and any(isinstance(name, str) for name in names):
        raise TypeError(
            "Feature names are only supported if all input features have string names, but your "
            f"input has {kinds} as feature name / column name types. If you want feature names to "
            "be stored and validated, you must convert them all to strings, by using "
            "X.columns = X.columns.astype(str) for example. Otherwise you can remove feature / "
            "column names from your input data, or convert them all to a non-string data type."
        )
    return names if strings else None


def _list_names(names: list[Any]) -> str:
    shown = [f"- {name}\n" for name in names[:5]]
    return "".join(shown) + ("- ...\n" if len(names) > 5 else "")


def _outside_stacklevel() -> int:
    """The ``stacklevel`` for a warning issued by the caller of this function that
    points at the first frame outside physml: the user's line (or the library's,
    e.g. a scikit-learn Pipeline's), however deep inside physml the warning is made."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame = frame.f_back
        level += 1
    return level



def warn_user(message: str, category: type[Warning] = UserWarning) -> None:
    """Issue a warning attributed to the first frame outside physml: the user's line
    (or the library's that called physml, e.g. a scikit-learn Pipeline), however deep
    inside physml it is made. Every warning physml emits goes through here, so that
    ``warnings.filterwarnings(..., module=...)`` and the line a notebook shows point
    at the user's code."""
    warnings.warn(message, category, stacklevel=_outside_stacklevel())

def check_feature_names(estimator: Any, X: Any, *, reset: bool) -> None:
    """scikit-learn's column-name contract. With ``reset`` (in ``fit``): store the
    string column names of a DataFrame ``X`` as ``feature_names_in_`` (or remove a
    previous fit's). Otherwise (``predict``, ``transform``): raise ValueError if the
    names differ from those of ``fit`` — unseen, missing or reordered columns, which
    would otherwise silently meet the wrong coefficients — and warn (UserWarning)
    when only one of the two had names. Call it before converting ``X`` to an array."""
    names = _feature_names(X)
    if reset:
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return
    fitted = getattr(estimator, "feature_names_in_", None)
    kind = type(estimator).__name__
    if names is None and fitted is None:
        return
    if fitted is None:
        warn_user(f"X has feature names, but {kind} was fitted without feature names",
                  UserWarning)
        return
    if names is None:
        warn_user(f"X does not have valid feature names, but {kind} was fitted with feature names",
                  UserWarning)
        return
    if len(fitted) == len(names) and (fitted == names).all():
        return
    unseen = sorted(set(names) - set(fitted))
    missing = sorted(set(fitted) - set(names))
    message = "The feature names should match those that were passed during fit.\n"
    if unseen:
        message += "Feature names unseen at fit time:\n" + _list_names(unseen)
    if missing:
        message += "Feature names seen at fit time, yet now missing:\n" + _list_names(missing)
    if not unseen and not missing:
        message += "Feature names must be in the same order as they were in fit.\n"
    raise ValueError(message)


def check_feature_names_out(estimator: Any, input_features: Any) -> np.ndarray:
    """The input feature names of a fitted ``estimator`` for ``get_feature_names_out``
    (scikit-learn's rules): ``input_features`` if given (of length ``n_features_in_``,
    equal to ``feature_names_in_`` when that exists), else ``feature_names_in_``,
    else ``x0``, ``x1``, ..."""
    check_is_fitted(estimator, "n_features_in_")
    fitted = getattr(estimator, "feature_names_in_", None)
    if input_features is None:
        if fitted is not None:
            return fitted
        return np.asarray([f"x{i}" for i in range(estimator.n_features_in_)], dtype=object)
    names = np.asarray(input_features, dtype=object)
    if fitted is not None and (len(names) != len(fitted) or not (names == fitted).all()):
        raise ValueError("input_features is not equal to feature_names_in_")
    if len(names) != estimator.n_features_in_:
        raise ValueError(
            f"input_features should have length equal to number of features ({estimator.n_features_in_}), "
            f"got {len(names)}"
        )
    return names


def _is_sparse(value: Any) -> bool:
    """A SciPy sparse matrix or array (recognised without importing SciPy)."""
    return type(value).__module__.startswith("scipy.sparse") and hasattr(value, "toarray")


def check_array(
    value: Any,
    name: str = "X",
    *,
    ndim: int | tuple[int, ...] = 2,
    allow_empty: bool = False,
    allow_nonfinite: bool = False,
) -> np.ndarray:
    """Convert an array-like of numbers to a C-contiguous float64 array, once.

    Raises ``TypeError`` for non-numeric input (strings, objects, sparse matrices)
    and ``ValueError`` naming ``name`` for None, complex numbers, the wrong number of
    dimensions, empty input, NaN or infinity; where scikit-learn's estimator checks
    match on its wording, the message contains scikit-learn's.
    """
    if (type(value) is np.ndarray and value.dtype == np.float64 and value.flags.c_contiguous
            and value.size and (value.ndim == ndim if isinstance(ndim, int) else value.ndim in ndim)):
        # already what the rest makes of it (the common case of predict on small X)
        if not allow_nonfinite and not np.isfinite(value).all():
            raise ValueError(f"{name} contains NaN or infinity")
        return value
    if value is None:
        raise ValueError(f"{name} is None: Expected array-like (array or non-string sequence), got None")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a string")
    if _is_sparse(value):
        raise TypeError(
            f"{name} is a sparse {type(value).__name__}, but sparse matrices are not supported; "
            f"convert it with {name}.toarray() (a dense NumPy array)"
        )
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a rectangular array of numbers: {exc}") from None
    if arr.dtype.kind == "c":
        raise ValueError(f"{name} must be an array of real numbers: Complex data not supported")
    if arr.dtype.kind in "OUSV":
        if arr.dtype.kind == "O":
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"{name} must be an array of real numbers, got dtype object ({exc})"
                ) from None
            if arr.dtype.kind == "c":
                raise ValueError(f"{name} must be an array of real numbers: Complex data not supported")
        else:
            raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    dims = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in dims:
        want = " or ".join(f"{d}-D" for d in dims)
        hint = ""
        if arr.ndim == 1 and 2 in dims:
            hint = (f". Reshape your data either using {name}.reshape(-1, 1) if it has a single "
                    f"feature or {name}.reshape(1, -1) if it contains a single sample")
        raise ValueError(f"{name} must be a {want} array, got shape {arr.shape}{hint}")
    if not allow_empty and arr.size == 0:
        empty = "sample(s)" if arr.shape[0] == 0 else "feature(s)"
        raise ValueError(f"{name} must not be empty: found array with 0 {empty} (shape={arr.shape}) "
                         "while a minimum of 1 is required.")
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    if not allow_nonfinite and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


def column_or_1d(y: np.ndarray) -> np.ndarray:
    """``y`` with a single column as a 1-D array, with scikit-learn's
    :class:`DataConversionWarning` (attributed to the user's line, see :func:`warn_user`);
    other shapes as given."""
    if y.ndim == 2 and y.shape[1] == 1:
        warn_user(
            "A column-vector y was passed when a 1d array was expected: it is used as y.ravel()",
            DataConversionWarning,
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
    if not isinstance(sample_weight, (str, bytes)) and np.asarray(sample_weight).ndim == 0:
        # a Python number as given (check_scalar refuses bool), anything else 0-d unwrapped
        value: Any = sample_weight if isinstance(sample_weight, numbers.Number) else np.asarray(sample_weight).item()
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


def check_fitted_X(estimator: Any, X: Any, attribute: str, *, allow_nonfinite: bool = False) -> np.ndarray:
    """Validate ``X`` for a fitted ``estimator`` (one that has ``attribute``): a 2-D
    float array with the ``n_features_in_`` columns it was fitted with, and the column
    names (:func:`check_feature_names`) if it was fitted on a DataFrame.
    ``allow_nonfinite=True`` leaves the NaN/infinity scan to a core function that makes
    it in its own pass (same ``ValueError: X contains NaN or infinity``)."""
    check_is_fitted(estimator, attribute)
    check_feature_names(estimator, X, reset=False)
    X = check_array(X, "X", ndim=2, allow_nonfinite=allow_nonfinite)
    check_n_features(estimator, X)
    return X


def check_n_features(estimator: Any, X: np.ndarray) -> None:
    """scikit-learn's error for an ``X`` whose column count differs from the fit's."""
    if X.shape[1] != estimator.n_features_in_:
        raise ValueError(
            f"X has {X.shape[1]} features, but {type(estimator).__name__} is expecting "
            f"{estimator.n_features_in_} features as input"
        )


def check_classification_targets(y: np.ndarray) -> None:
    """scikit-learn's refusal of a regression target given to a classifier: float
    labels that are not all whole numbers are "continuous", not classes."""
    if y.dtype.kind == "f" and y.size and (y != np.round(y)).any():
        kind = "continuous" if y.ndim == 1 else "continuous-multioutput"
        raise ValueError(
            f"Unknown label type: {kind}. Maybe you are trying to fit a classifier, which expects "
            "discrete classes on a regression target with continuous values."
        )


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
    if kind is numbers.Integral and not -(2**63) <= value <= 2**63 - 1:
        # the core takes 64-bit integers: a larger Python int would otherwise reach the
        # binding as an OverflowError that names no parameter
        raise ValueError(f"{name} must be a 64-bit integer (|{name}| < 2**63), got {value!r}")
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


def check_bool(value: Any, name: str) -> bool:
    """``value`` as a bool: True/False (NumPy's too) or an integer (0 is False); an
    array or anything else is a TypeError naming ``name``, not NumPy's "truth value of
    an array is ambiguous"."""
    if isinstance(value, (bool, np.bool_, numbers.Integral)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r}")


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
