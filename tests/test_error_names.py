"""Every ValueError reachable from the public linear and nn constructors and ``fit``
names a parameter the user can see: the first word of its message is a parameter of
the class's ``__init__`` or of its ``fit`` (issue 17: validation has one home, the
core checks ranges with the Python names)."""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import pytest

import physml.linear as linear
import physml.nn as nn

ESTIMATORS = [getattr(linear, n) for n in linear.__all__ if inspect.isclass(getattr(linear, n))] + [
    getattr(nn, n) for n in ("MLPRegressor", "MLPClassifier", "LogisticRegression", "SGDRegressor")
]

# values that break a numeric or string parameter one way or another
BAD_VALUES = [-1, 0, -0.5, 1.5, 2, np.nan, np.inf, "bogus"]


def _public_names(cls) -> set[str]:
    return set(inspect.signature(cls).parameters) | set(inspect.signature(cls.fit).parameters)


def _data(cls):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=30)
    if "Classifier" in cls.__name__ or cls.__name__ == "LogisticRegression":
        y = (y > 0).astype(int)
    return X, y


def _cases(cls):
    defaults = {name: p.default for name, p in inspect.signature(cls).parameters.items()}
    for name, default in defaults.items():
        if name in ("random_state", "verbose", "progress", "n_jobs", "copy_X", "warm_start", "cv", "scoring"):
            continue
        for value in BAD_VALUES:
            if isinstance(default, bool) or value is default:
                continue
            yield pytest.param(cls, {name: value}, None, id=f"{cls.__name__}-{name}={value!r}")
    for weights in ([-1.0] * 30, [0.0] * 30, [np.nan] * 30, [1.0] * 29):
        yield pytest.param(cls, {}, np.array(weights), id=f"{cls.__name__}-sample_weight={weights[:1]}x{len(weights)}")


@pytest.mark.parametrize("cls,params,sample_weight", [c for cls in ESTIMATORS for c in _cases(cls)])
def test_value_errors_name_a_public_parameter(cls, params, sample_weight):
    X, y = _data(cls)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls(**params).fit(X, y, sample_weight=sample_weight)
    except ValueError as error:
        message = str(error)
        first = re.match(r"[A-Za-z_][A-Za-z0-9_]*", message)
        assert first is not None and first.group(0) in _public_names(cls), (
            f"{cls.__name__}({params}).fit(sample_weight={sample_weight is not None}): "
            f"{message!r} does not start with a parameter of {sorted(_public_names(cls))}"
        )
    except TypeError:
        pass  # Python converts the types; TypeErrors are not this test's subject


@pytest.mark.parametrize(
    "name,value",
    [("beta_1", 1.5), ("beta_2", 1.0), ("rho", -0.1), ("momentum", 1.0), ("epsilon", 0.0),
     ("power_t", -1.0), ("learning_rate_init", 0.0), ("tol", -1.0)],
)
@pytest.mark.parametrize("solver", ["sgd", "adam", "rmsprop"])
def test_optimizer_ranges_are_checked_once_by_the_core_whatever_the_solver(name, value, solver):
    # as scikit-learn, a hyper-parameter the chosen solver does not use is checked too;
    # the one check is the core's, and its message names the Python parameter
    X, y = _data(nn.MLPRegressor)
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        nn.MLPRegressor(solver=solver, max_iter=1, hidden_layer_sizes=(3,), **{name: value}).fit(X, y)


def test_elastic_net_alpha_is_checked_by_the_core_with_its_name():
    X, y = _data(linear.ElasticNet)
    with pytest.raises(ValueError, match=r"^alpha must be >= 0"):
        linear.ElasticNet(alpha=-1.0).fit(X, y)
    with pytest.raises(TypeError, match="alpha"):
        linear.ElasticNet(alpha="big").fit(X, y)
