"""physml with pandas and scikit-learn: column names (``feature_names_in_``) and
scikit-learn's errors for missing, renamed or reordered columns; DataFrame output
(``set_output``, ``Pipeline``, ``ColumnTransformer``, ``config_context``); physml's
exceptions and warnings caught and filtered by scikit-learn's classes; the refusal
of continuous labels by classifiers and of sparse input; the tags."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning
from sklearn.exceptions import DataConversionWarning as SkDataConversionWarning
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.utils import get_tags

import physml
from physml import data, linear, nn

QUICK = {"max_iter": 30}


def regressors():
    return [
        linear.LinearRegression(),
        linear.Ridge(),
        linear.RidgeCV(),
        linear.Lasso(alpha=0.01),
        linear.ElasticNet(alpha=0.01),
        linear.LassoCV(cv=3),
        linear.ElasticNetCV(cv=3),
        nn.SGDRegressor(**QUICK),
        nn.MLPRegressor(hidden_layer_sizes=(5,), random_state=0, **QUICK),
    ]


def classifiers():
    return [nn.LogisticRegression(**QUICK), nn.MLPClassifier(hidden_layer_sizes=(5,), random_state=0, **QUICK)]


def frame(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"a": rng.normal(size=n), "b": 3.0 * rng.normal(size=n), "c": rng.normal(size=n) - 5.0})
    y = X["a"] + 2.0 * X["b"] - 3.0 * X["c"] + 0.1 * rng.normal(size=n)
    return X, y


def fitted(estimator, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", physml.ConvergenceWarning)
        return estimator.fit(X, y)


@pytest.mark.parametrize("estimator", regressors() + classifiers(), ids=lambda e: type(e).__name__)
def test_reordered_renamed_or_missing_columns_raise_as_sklearn(estimator):
    X, y = frame()
    if estimator._estimator_type == "classifier":
        y = (y > y.median()).astype(int)
    fitted(estimator, X, y)
    np.testing.assert_array_equal(estimator.feature_names_in_, ["a", "b", "c"])
    assert estimator.feature_names_in_.dtype == object
    assert estimator.n_features_in_ == 3
    with pytest.raises(ValueError, match="Feature names must be in the same order as they were in fit"):
        estimator.predict(X[["c", "b", "a"]])
    with pytest.raises(ValueError, match="(?s)unseen at fit time:\n- d\n.*yet now missing:\n- c\n"):
        estimator.predict(X.rename(columns={"c": "d"}))
    with pytest.raises(ValueError, match="(?s)seen at fit time, yet now missing:\n- c"):
        estimator.predict(X[["a", "b"]])
    # the same columns in the fitted order give the array's predictions
    with pytest.warns(UserWarning, match="X does not have valid feature names, but .* was fitted with feature names") as caught:
        array_prediction = estimator.predict(X.to_numpy())
    assert caught[0].filename == __file__  # the warning points at the caller's line
    np.testing.assert_array_equal(estimator.predict(X), array_prediction)


def test_fitted_on_an_array_warns_for_a_frame_and_a_refit_forgets_the_names():
    X, y = frame()
    model = linear.Ridge().fit(X.to_numpy(), y.to_numpy())
    assert not hasattr(model, "feature_names_in_")
    with pytest.warns(UserWarning, match="X has feature names, but Ridge was fitted without feature names") as caught:
        model.predict(X)
    assert caught[0].filename == __file__
    model.fit(X, y)
    assert hasattr(model, "feature_names_in_")
    model.fit(X.to_numpy(), y)
    assert not hasattr(model, "feature_names_in_")


def test_non_string_column_names_are_not_feature_names_and_mixed_ones_are_refused():
    X, y = frame()
    numbered = X.set_axis([0, 1, 2], axis=1)
    model = linear.LinearRegression().fit(numbered, y)
    assert not hasattr(model, "feature_names_in_")
    with pytest.raises(TypeError, match="Feature names are only supported if all input features have string names"):
        linear.LinearRegression().fit(X.set_axis(["a", 1, "c"], axis=1), y)


def test_a_wrong_column_count_gets_sklearns_message():
    X, y = frame()
    model = linear.Lasso(alpha=0.01).fit(X.to_numpy(), y)
    with pytest.raises(ValueError, match="X has 2 features, but Lasso is expecting 3 features as input"):
        model.predict(X.to_numpy()[:, :2])
    mlp = fitted(nn.MLPRegressor(hidden_layer_sizes=(4,), **QUICK), X.to_numpy(), y)
    with pytest.raises(ValueError, match="X has 2 features, but MLPRegressor is expecting 3 features as input"):
        mlp.partial_fit(X.to_numpy()[:, :2], y)


def test_partial_fit_checks_the_column_names_of_the_first_call():
    X, y = frame()
    mlp = nn.MLPRegressor(hidden_layer_sizes=(4,), random_state=0).partial_fit(X, y)
    mlp.partial_fit(X, y)
    with pytest.raises(ValueError, match="same order"):
        mlp.partial_fit(X[["b", "a", "c"]], y)


@pytest.mark.parametrize("transformer", [data.StandardScaler(), data.PolynomialFeatures(3)],
                         ids=lambda t: type(t).__name__)
def test_transformers_return_frames_with_their_feature_names(transformer):
    X, _ = frame()
    X = X[["a", "b"]]
    X.index = np.arange(100, 100 + len(X))
    out = transformer.set_output(transform="pandas").fit_transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(transformer.get_feature_names_out())
    pd.testing.assert_index_equal(out.index, X.index)
    np.testing.assert_allclose(out.to_numpy(), transformer.set_output(transform="default").transform(X))
    assert isinstance(transformer.transform(X), np.ndarray)


@pytest.mark.parametrize("transformer", [data.StandardScaler(), data.PolynomialFeatures(2)],
                         ids=lambda t: type(t).__name__)
def test_transformers_return_polars_frames(transformer):
    """set_output(transform="polars"), compared with scikit-learn's own transformer's
    polars output (polars is in the test extra)."""
    pl = pytest.importorskip("polars")
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    X, _ = frame()
    X = pl.from_pandas(X[["a", "b", "c"]])
    ours = transformer.set_output(transform="polars").fit_transform(X)
    theirs = {"StandardScaler": StandardScaler(), "PolynomialFeatures": PolynomialFeatures(2)}[
        type(transformer).__name__].set_output(transform="polars").fit_transform(X)
    assert isinstance(ours, pl.DataFrame)
    assert ours.columns == theirs.columns == list(transformer.get_feature_names_out())
    np.testing.assert_allclose(ours.to_numpy(), theirs.to_numpy(), rtol=1e-12, atol=1e-14)
    assert list(transformer.feature_names_in_) == ["a", "b", "c"]


def test_feature_names_out_follow_sklearn():
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    X, _ = frame()
    X = X[["a", "b"]]
    for ours, theirs in [(data.StandardScaler(), StandardScaler()),
                         (data.PolynomialFeatures(3), PolynomialFeatures(3)),
                         (data.PolynomialFeatures(2, include_bias=False), PolynomialFeatures(2, include_bias=False))]:
        for Xi in (X, X.to_numpy()):
            np.testing.assert_array_equal(ours.fit(Xi).get_feature_names_out(), theirs.fit(Xi).get_feature_names_out())
            np.testing.assert_array_equal(ours.get_feature_names_out(["u", "v"]) if Xi is not X else
                                          ours.get_feature_names_out(["a", "b"]),
                                          theirs.get_feature_names_out(["u", "v"]) if Xi is not X else
                                          theirs.get_feature_names_out(["a", "b"]))
    scaler = data.StandardScaler().fit(X)
    with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
        scaler.get_feature_names_out(["b", "a"])
    with pytest.raises(ValueError, match="input_features should have length equal to number of features"):
        data.StandardScaler().fit(X.to_numpy()).get_feature_names_out(["u"])
    with pytest.raises(physml.NotFittedError):
        data.StandardScaler().get_feature_names_out()


def test_pipeline_set_output_gives_frames_and_the_model_sees_the_names():
    X, y = frame()
    X2 = X[["a", "b"]]
    pipe = make_pipeline(data.PolynomialFeatures(2, include_bias=False), data.StandardScaler(),
                         linear.Ridge(alpha=0.1)).set_output(transform="pandas")
    pipe.fit(X2, y)
    features = pipe[:-1].transform(X2)
    assert isinstance(features, pd.DataFrame)
    assert list(features.columns) == ["a", "b", "a^2", "a b", "b^2"]
    np.testing.assert_array_equal(pipe[-1].feature_names_in_, features.columns)
    plain = make_pipeline(data.PolynomialFeatures(2, include_bias=False), data.StandardScaler(),
                          linear.Ridge(alpha=0.1)).fit(X2.to_numpy(), y)
    np.testing.assert_allclose(pipe.predict(X2), plain.predict(X2.to_numpy()), rtol=1e-12)


def test_column_transformer_with_physml_transformers():
    X, y = frame()
    ct = ColumnTransformer([("scaled", data.StandardScaler(), ["a", "c"]),
                            ("poly", data.PolynomialFeatures(2, include_bias=False), ["b"])])
    ct.set_output(transform="pandas")
    out = ct.fit_transform(X)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["scaled__a", "scaled__c", "poly__b", "poly__b^2"]
    np.testing.assert_allclose(out["scaled__a"], (X["a"] - X["a"].mean()) / X["a"].std(ddof=0))
    np.testing.assert_allclose(out["poly__b^2"], X["b"] ** 2)
    model = make_pipeline(ct, linear.LinearRegression()).fit(X, y)
    assert model.score(X, y) > 0.99


def test_config_context_transform_output():
    X, _ = frame()
    scaler = data.StandardScaler().fit(X)
    assert isinstance(scaler.transform(X), np.ndarray)
    with sklearn.config_context(transform_output="pandas"):
        out = scaler.transform(X)
        assert isinstance(out, pd.DataFrame) and list(out.columns) == ["a", "b", "c"]
        # an explicit choice on the estimator wins over the global one
        assert isinstance(data.StandardScaler().set_output(transform="default").fit_transform(X), np.ndarray)
    with pytest.raises(ValueError, match="transform must be one of 'default', 'pandas', 'polars' or None"):
        scaler.set_output(transform="xarray")


def test_not_fitted_error_is_sklearns_and_still_value_and_attribute_error():
    with pytest.raises(SkNotFittedError):
        linear.Ridge().predict([[1.0]])
    assert issubclass(physml.NotFittedError, ValueError) and issubclass(physml.NotFittedError, AttributeError)
    try:
        nn.MLPClassifier().predict([[1.0]])
    except SkNotFittedError as exc:
        assert isinstance(exc, physml.exceptions.NotFittedError)
    assert physml.exceptions.NotFittedError is physml.NotFittedError


def test_sklearns_warning_filters_silence_physmls_warnings():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 3))
    y = X @ [1.0, 2.0, 3.0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=SkConvergenceWarning)
        nn.SGDRegressor(max_iter=2).fit(X, y)
    assert caught == []
    with pytest.warns(SkConvergenceWarning):
        nn.SGDRegressor(max_iter=2).fit(X, y)
    with pytest.warns(SkDataConversionWarning):
        linear.LassoCV(cv=3).fit(X, y[:, None])


def test_import_physml_does_not_import_sklearn_and_a_later_import_adopts_its_classes():
    code = """
import sys, warnings
import physml
assert "sklearn" not in sys.modules, "import physml imported scikit-learn"
assert physml.NotFittedError.__mro__[1].__module__ == "physml.exceptions"
from sklearn.exceptions import NotFittedError, ConvergenceWarning, DataConversionWarning
assert issubclass(physml.NotFittedError, NotFittedError)
assert issubclass(physml.ConvergenceWarning, ConvergenceWarning)
assert issubclass(physml.DataConversionWarning, DataConversionWarning)
assert issubclass(physml.NotFittedError, (ValueError)) and issubclass(physml.NotFittedError, AttributeError)
"""
    subprocess.run([sys.executable, "-c", code], check=True)
    sklearn_first = """
import sklearn.exceptions, physml
assert issubclass(physml.NotFittedError, sklearn.exceptions.NotFittedError)
assert issubclass(physml.ConvergenceWarning, sklearn.exceptions.ConvergenceWarning)
"""
    subprocess.run([sys.executable, "-c", sklearn_first], check=True)


def test_classifiers_refuse_continuous_labels():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = rng.normal(size=30)
    for model in classifiers():
        with pytest.raises(ValueError, match="Unknown label type: continuous"):
            model.fit(X, y)
        # whole-number floats are class labels
        fitted(model, X, (y > 0).astype(float))
        assert set(model.classes_) == {0.0, 1.0}


def test_sparse_input_is_refused_with_advice():
    scipy_sparse = pytest.importorskip("scipy.sparse")
    X = scipy_sparse.random(20, 3, density=0.5, format="csr", random_state=0)
    y = np.arange(20.0)
    for model in regressors()[:2] + [data.StandardScaler()]:
        with pytest.raises(TypeError, match=r"sparse matrices are not supported; convert it with X.toarray\(\)"):
            model.fit(X, y)
    model = linear.Ridge().fit(X.toarray(), y)
    with pytest.raises(TypeError, match="sparse"):
        model.predict(scipy_sparse.csr_array(X))


def test_tags_declare_multi_output_where_2d_targets_are_taken():
    multi = {"LinearRegression", "Ridge", "RidgeCV", "Lasso", "ElasticNet", "MLPRegressor"}
    for model in regressors() + classifiers():
        tags = get_tags(model)
        assert tags.target_tags.multi_output == (type(model).__name__ in multi), type(model).__name__
        assert model._more_tags()["multioutput"] == (type(model).__name__ in multi)
    assert get_tags(nn.MLPClassifier()).classifier_tags.multi_label
    assert get_tags(data.StandardScaler()).transformer_tags is not None
    Y = np.random.default_rng(2).normal(size=(20, 2))
    X = np.random.default_rng(3).normal(size=(20, 3))
    for model in regressors():
        if get_tags(model).target_tags.multi_output:
            assert fitted(model, X, Y).predict(X).shape == (20, 2)
