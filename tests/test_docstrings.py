"""Every public object of physml has numpydoc sections, checked by numpydoc's own
validator (``numpydoc.validate.validate``), and its Examples run (as doctests).

Public objects: each name in the ``__all__`` of a public module (the package and
its subpackages, below), and for each public class its public methods and properties,
including those inherited from a physml base class (checked once, where they are
defined). Enforced numpydoc codes (``ENFORCED``):

========  =============================================================
GL08      the object has a docstring
SS01      it has a one-line summary
PR01      every parameter of the signature is documented ...
PR02      ... and no parameter is documented that the signature lacks
PR07      every documented parameter has a description
RT01      a function or method that returns has a Returns section
YD01      a generator has a Yields section
EX01      a public class or function (not a method) has an Examples section
========  =============================================================

and one check numpydoc has no code for: an estimator (a class with ``fit``) or a
result class documents its ``Attributes``. Codes not enforced are style (capitals,
full stops, line lengths, See Also) and are not errors here.
"""

from __future__ import annotations

import importlib
import inspect
import types

import pytest


MODULES = [
    "physml",
    "physml.linear",
    "physml.nn",
    "physml.vmc",
    "physml.rbm",
    "physml.data",
    "physml.metrics",
    "physml.resampling",
    "physml.ising",
    "physml.testing",
    "physml.exceptions",
]
ENFORCED = {"GL08", "SS01", "PR01", "PR02", "PR07", "RT01", "YD01", "EX01"}
METHOD_EXEMPT = {"EX01"}  # a method's example is its class's


def _is_physml(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").startswith("physml")


def public_objects() -> list[tuple[str, object, bool]]:
    """(import path, object, is_method) of every public class, function, method and
    property, each once (inherited members under the class that defines them)."""
    seen: dict[int, str] = {}
    found = []

    def add(path, obj, is_method):
        key = id(obj.fget if isinstance(obj, property) else obj)
        if key not in seen:
            seen[key] = path
            found.append((path, obj, is_method))

    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or not callable(obj) or not _is_physml(obj):
                continue
            add(f"{module_name}.{name}", obj, False)
            if not inspect.isclass(obj):
                continue
            for klass in obj.__mro__:
                if not _is_physml(klass):
                    continue
                for member, value in vars(klass).items():
                    if member.startswith("_"):
                        continue
                    if isinstance(value, (staticmethod, classmethod)):
                        value = value.__func__
                    if not (inspect.isfunction(value) or isinstance(value, property)):
                        continue
                    path = f"{klass.__module__}.{klass.__qualname__}.{member}"
                    if klass is obj:
                        path = f"{module_name}.{name}.{member}"
                    add(path, value, True)
    return found


PUBLIC = public_objects()


def errors_of(path: str, obj, is_method: bool) -> list[str]:
    """The enforced errors of one public object (empty when it passes)."""
    numpydoc_validate = pytest.importorskip("numpydoc.validate")
    from numpydoc.docscrape import ClassDoc

    result = numpydoc_validate.validate(path)
    codes = ENFORCED - METHOD_EXEMPT if is_method else ENFORCED
    errors = [f"{code} {message}" for code, message in result["errors"] if code in codes]
    if inspect.isclass(obj) and not issubclass(obj, BaseException):
        doc = ClassDoc(obj, config={"show_class_members": False})
        stateful = hasattr(obj, "fit") or obj.__name__.endswith(("Result", "Samples", "Report",
                                                                 "Check", "Variance", "Test"))
        if stateful and not doc["Attributes"]:
            errors.append("ATTR an estimator or result class documents its Attributes")
    return errors


def test_the_public_api_is_found():
    names = {path for path, _, _ in PUBLIC}
    assert "physml.linear.Lasso" in names and "physml.vmc.VMC.optimize" in names
    assert len(PUBLIC) > 100


@pytest.mark.parametrize("path,obj,is_method", PUBLIC, ids=[p for p, _, _ in PUBLIC])
def test_numpydoc_sections(path, obj, is_method):
    errors = errors_of(path, obj, is_method)
    assert not errors, f"{path}:\n  " + "\n  ".join(errors)


def test_help_of_a_subclass_shows_its_own_parameters():
    """help(Lasso) lists Lasso's parameters, not "as ElasticNet" (issue 13)."""
    from physml.linear import Lasso, LassoCV

    for cls in (Lasso, LassoCV):
        doc = cls.__doc__
        assert "as :class:`ElasticNet`, without" not in doc
        section = doc.split("Parameters\n    ----------\n", 1)[1].split("\n\n", 1)[0]
        for name in ("alpha", "max_iter", "tol", "positive", "selection", "random_state"):
            if name in cls().get_params():
                assert f"\n    {name} : " in "\n" + section, (cls.__name__, name)
