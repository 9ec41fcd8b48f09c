"""Random garbage fed to every public function and estimator of physml.linear,
physml.data and physml.resampling never crashes the interpreter: the only
outcomes are a result, a ValueError or a TypeError (a ConvergenceWarning is allowed).

The entry points are discovered from each module's ``__all__``: functions are called
with garbage for their parameters, classes are built with garbage parameters and then
fitted, used to predict/transform/split with garbage data. New estimators are
covered as soon as their module exports them.
"""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import physml
from physml._base import ConvergenceWarning, DataConversionWarning

MODULES = [name for name in ("linear", "data", "resampling") if hasattr(physml, name)]


def public(module_name):
    module = getattr(physml, module_name)
    return [(f"{module_name}.{name}", getattr(module, name)) for name in module.__all__]


ENTRY_POINTS = [pair for module in MODULES for pair in public(module)]
ESTIMATOR_CLASSES = [obj for _, obj in ENTRY_POINTS
                     if inspect.isclass(obj) and hasattr(obj, "fit") and hasattr(obj, "predict")]

finite_or_not = st.floats(allow_nan=True, allow_infinity=True, width=64)
plausible_arrays = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.int64, np.bool_]),
    shape=hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=6),
    elements=None,
)
odd_arrays = hnp.arrays(
    dtype=st.sampled_from([np.complex128, np.dtype("U2"), np.float64, np.int8]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([-1, 0, 1, 2, 3, 5, 1000, 2**31, 2**64]),
    finite_or_not,
    st.text(max_size=3),
)
ragged = st.lists(st.one_of(finite_or_not, st.text(max_size=2), st.none(),
                            st.lists(finite_or_not, max_size=3)), max_size=5)
garbage = st.one_of(plausible_arrays, plausible_arrays, odd_arrays, scalars, ragged)


def estimators_strategy():
    from sklearn.linear_model import LinearRegression

    choices = [LinearRegression()] + [cls() for cls in ESTIMATOR_CLASSES]
    return st.sampled_from(choices)


def value_for(name, data):
    """Garbage for a parameter, or, for an estimator parameter, some estimator."""
    if name == "estimator":
        return data.draw(st.one_of(estimators_strategy(), garbage))
    if name == "estimators":
        return data.draw(st.one_of(st.lists(estimators_strategy(), max_size=3), garbage))
    return data.draw(garbage)


def call_function(func, data):
    args, kwargs = [], {}
    positional = True  # until an optional parameter is left out
    for p in inspect.signature(func).parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            args.extend(data.draw(st.lists(garbage, max_size=3)))
        elif p.kind == p.VAR_KEYWORD:
            continue
        elif p.default is p.empty or data.draw(st.booleans()):
            value = value_for(p.name, data)
            if positional and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                args.append(value)
            else:
                kwargs[p.name] = value
        else:
            positional = False
    result = func(*args, **kwargs)
    if hasattr(result, "split") and callable(result.split) and not isinstance(result, str):
        list(result.split(data.draw(garbage)))
    return result


def exercise_class(cls, data):
    obj = call_function(cls, data)
    if hasattr(obj, "fit"):
        obj.fit(data.draw(garbage), data.draw(garbage))
        for method in ("predict", "transform", "score", "inverse_transform"):
            if hasattr(obj, method):
                n_args = 2 if method == "score" else 1
                getattr(obj, method)(*(data.draw(garbage) for _ in range(n_args)))


@pytest.mark.parametrize("name, obj", ENTRY_POINTS, ids=[n for n, _ in ENTRY_POINTS])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(data=st.data())
def test_garbage_gives_value_or_type_errors_only(name, obj, data):
    if not callable(obj):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        # a column-vector y is legitimate input that scikit-learn also warns about
        # (and then ravels); the garbage drawn around it must still raise cleanly
        warnings.simplefilter("ignore", DataConversionWarning)
        try:
            if inspect.isclass(obj):
                exercise_class(obj, data)
            else:
                call_function(obj, data)
        except (ValueError, TypeError):
            pass


def test_every_module_is_covered():
    assert {"data", "resampling"} <= set(MODULES)
    assert len(ENTRY_POINTS) >= 15
