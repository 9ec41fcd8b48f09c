"""Every warning physml emits points at the user's line (issue 11): a notebook shows the
line of the user's ``fit``, and ``warnings.filterwarnings(module=...)`` sees the user's
module, not physml's internals.

Each case below triggers one warning through the public API, from this file; the
warning's ``filename`` must be this file. A scan of the package then checks that no
module calls ``warnings.warn`` directly: every warning goes through
``physml._base.warn_user``, which finds the first frame outside physml.
"""

from __future__ import annotations

import ast
import pathlib
import warnings

import numpy as np
import pytest

import physml
from physml import exceptions
from physml.linear import ElasticNet, Lasso, LassoCV, LinearRegression
from physml.nn import LogisticRegression, MLPRegressor, SGDRegressor


def _data(n=60, p=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + 3.0  # not centred: a given Gram matrix is set aside
    y = X @ rng.normal(size=p) + 0.1 * rng.normal(size=n)
    return X, y


def _fit_dataframe_predict_array():
    pd = pytest.importorskip("pandas")
    X, y = _data()
    model = LinearRegression().fit(pd.DataFrame(X, columns=["a", "b", "c"]), y)
    return model.predict(X)


def _lasso_not_converged():
    X, y = _data()
    return Lasso(alpha=1e-4, max_iter=1, tol=1e-12).fit(X, y)


def _lasso_gram_set_aside():
    X, y = _data()
    return ElasticNet(alpha=0.1, precompute=X.T @ X).fit(X, y)


def _lassocv_column_y():
    X, y = _data()
    return LassoCV(cv=3, n_alphas=5).fit(X, y[:, None])


def _mlp_max_iter():
    X, y = _data()
    return MLPRegressor(hidden_layer_sizes=(4,), max_iter=2, random_state=0).fit(X, y)


def _mlp_column_y():
    X, y = _data()
    return MLPRegressor(hidden_layer_sizes=(4,), max_iter=200, tol=1e30, random_state=0).fit(X, y[:, None])


def _sgd_max_iter():
    X, y = _data()
    return SGDRegressor(max_iter=2, tol=1e-12, random_state=0).fit(X, y)


def _logistic_penalty_deprecated():
    X, y = _data()
    return LogisticRegression(penalty="l2", l1_ratio=0.0).fit(X, (y > np.median(y)).astype(int))


CASES = {
    "feature names": (_fit_dataframe_predict_array, UserWarning, "feature names"),
    "coordinate descent max_iter": (_lasso_not_converged, exceptions.ConvergenceWarning, "max_iter"),
    "Gram matrix set aside": (_lasso_gram_set_aside, UserWarning, "Gram matrix"),
    "column-vector y (LassoCV)": (_lassocv_column_y, exceptions.DataConversionWarning, "column-vector"),
    "MLP max_iter": (_mlp_max_iter, exceptions.ConvergenceWarning, "max_iter"),
    "column-vector y (MLP)": (_mlp_column_y, exceptions.DataConversionWarning, "column-vector"),
    "SGD max_iter": (_sgd_max_iter, exceptions.ConvergenceWarning, "max_iter"),
    "LogisticRegression penalty": (_logistic_penalty_deprecated, FutureWarning, "'penalty' was deprecated"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_warning_points_at_the_users_line(case):
    trigger, category, text = CASES[case]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trigger()
    ours = [w for w in caught if issubclass(w.category, category) and text in str(w.message)]
    assert ours, f"{case}: no {category.__name__} containing {text!r}; got {[str(w.message) for w in caught]}"
    for w in ours:
        assert pathlib.Path(w.filename).resolve() == pathlib.Path(__file__).resolve(), (
            f"{case}: the warning points at {w.filename}:{w.lineno}, not at the caller's line"
        )


def test_a_filter_on_the_users_module_silences_the_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=exceptions.ConvergenceWarning, module=__name__)
        _lasso_not_converged()
    assert not [w for w in caught if issubclass(w.category, exceptions.ConvergenceWarning)]


def test_no_module_calls_warnings_warn_directly():
    package = pathlib.Path(physml.__file__).parent
    offenders = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "warn_user":
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "warn"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "warnings"
            ):
                offenders.append(f"{path.relative_to(package)}:{node.lineno}")
    # warn_user's own call is the one allowed
    assert [o for o in offenders if not o.startswith("_base.py")] == [], offenders
    assert len([o for o in offenders if o.startswith("_base.py")]) == 1, offenders
