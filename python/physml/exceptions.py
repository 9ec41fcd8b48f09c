"""physml's exceptions and warnings, which are scikit-learn's when scikit-learn is used.

* :class:`NotFittedError` (a ``ValueError`` and an ``AttributeError``) — ``predict``,
  ``transform`` or another fitted-state method called before ``fit``.
* :class:`ConvergenceWarning` (a ``UserWarning``) — an iterative solver stopped at its
  iteration limit before reaching ``tol``.
* :class:`DataConversionWarning` (a ``UserWarning``) — the input was converted to the
  shape the estimator expects (a column vector ``y`` where a 1-D ``y`` was expected).
* :class:`PhysmlError` (a ``RuntimeError``) — the Rust core could not carry out a
  computation (a singular system, a non-finite result); :class:`InternalError` (a
  ``RuntimeError``) — a bug in physml (a panic of the core), please report it.

Interoperation with scikit-learn. The first three are subclasses of scikit-learn's
classes of the same names (``sklearn.exceptions``) as soon as scikit-learn is
imported, so ``except sklearn.exceptions.NotFittedError`` catches physml's error and
``warnings.filterwarnings("ignore", category=sklearn.exceptions.ConvergenceWarning)``
silences physml's warning, as they do scikit-learn's own. scikit-learn is not a
dependency, and ``import physml`` does not import it (importing scikit-learn takes
seconds on a loaded machine): until ``sklearn.exceptions`` is imported the classes
derive from the built-in bases above, and when it is imported (before or after
physml) their base becomes scikit-learn's class, which has those same built-in
bases. Code that never imports scikit-learn cannot name scikit-learn's classes, so it
never sees the difference.
"""

from __future__ import annotations

import importlib.machinery
import sys
from types import ModuleType
from typing import Any, Sequence

from physml._core import InternalError, PhysmlError

__all__ = [
    "ConvergenceWarning",
    "DataConversionWarning",
    "InternalError",
    "NotFittedError",
    "PhysmlError",
]


# Each public class derives from a private stand-in with the layout of scikit-learn's
# class, so that its base can be swapped for scikit-learn's (``__bases__`` assignment
# needs the old and the new base to have the same layout).
class _NotFittedBase(ValueError, AttributeError):
    pass


class _ConvergenceBase(UserWarning):
    pass


class _DataConversionBase(UserWarning):
    pass


class NotFittedError(_NotFittedBase):
    """Raised when ``predict`` (or another fitted-state method) is called before ``fit``.

    A ``ValueError`` and an ``AttributeError`` (so ``hasattr``-style probes see an
    unfitted estimator), and a ``sklearn.exceptions.NotFittedError`` once
    scikit-learn is imported.

    Examples
    --------
    >>> from physml import NotFittedError
    >>> from physml.linear import Ridge
    >>> try:
    ...     Ridge().predict([[1.0]])
    ... except NotFittedError as error:
    ...     print(type(error).__name__)
    NotFittedError
    """


class ConvergenceWarning(_ConvergenceBase):
    """An iterative solver stopped at its iteration limit before reaching ``tol``.

    A ``UserWarning``, and a ``sklearn.exceptions.ConvergenceWarning`` once
    scikit-learn is imported.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from physml import ConvergenceWarning
    >>> from physml.linear import Lasso
    >>> X = np.random.default_rng(0).normal(size=(20, 5))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = Lasso(alpha=1e-4, max_iter=1, tol=1e-12).fit(X, X @ np.ones(5))
    >>> any(issubclass(w.category, ConvergenceWarning) for w in caught)
    True
    """


class DataConversionWarning(_DataConversionBase):
    """The input was converted to the shape the estimator expects.

    As scikit-learn's warning of the same name: a column vector y where a 1-D y was
    expected. A ``UserWarning``, and a ``sklearn.exceptions.DataConversionWarning``
    once scikit-learn is imported.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> from physml import DataConversionWarning
    >>> from physml.linear import LassoCV
    >>> X = np.random.default_rng(0).normal(size=(30, 2))
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = LassoCV(cv=3).fit(X, X[:, :1])
    >>> any(issubclass(w.category, DataConversionWarning) for w in caught)
    True
    """


_OURS = {
    "NotFittedError": NotFittedError,
    "ConvergenceWarning": ConvergenceWarning,
    "DataConversionWarning": DataConversionWarning,
}


def _adopt_sklearn_bases(sklearn_exceptions: ModuleType) -> None:
    """Make each class of ``_OURS`` a subclass of scikit-learn's namesake."""
    for name, cls in _OURS.items():
        theirs = getattr(sklearn_exceptions, name, None)
        if isinstance(theirs, type) and theirs not in cls.__mro__:
            try:
                cls.__bases__ = (theirs,)
            except TypeError:  # a scikit-learn whose class has another layout: keep ours
                pass


class _AdoptingLoader:
    """The loader of ``sklearn.exceptions``, adopting its classes once it has run (a
    loader by protocol: importlib.abc would add 10 ms to ``import physml``)."""

    def __init__(self, loader: Any):
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _adopt_sklearn_bases(module)


class _SklearnImportHook:
    """Watches for the import of ``sklearn.exceptions`` (which ``import sklearn``
    runs) and removes itself once it has seen it."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "sklearn.exceptions":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = None
        for finder in list(sys.meta_path):  # the spec the import would use without this hook
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _AdoptingLoader(spec.loader)
        return spec


if "sklearn.exceptions" in sys.modules:
    _adopt_sklearn_bases(sys.modules["sklearn.exceptions"])
else:
    sys.meta_path.insert(0, _SklearnImportHook())
