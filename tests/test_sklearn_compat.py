"""scikit-learn's clone, Pipeline, GridSearchCV and cross_val_score accept every
estimator that physml.linear exports, and give the scores of the scikit-learn
estimator of the same name. Parametrised over physml.linear.__all__, so new
estimators are covered as soon as they are exported."""

import inspect

import numpy as np
import pytest
import sklearn.linear_model as sklm
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler as SkStandardScaler

import physml
from physml import data

linear = getattr(physml, "linear", None)
ESTIMATORS = [
    name for name in getattr(linear, "__all__", [])
    if inspect.isclass(getattr(linear, name)) and hasattr(getattr(linear, name), "fit")
]
TIGHT = {"tol": 1e-10, "max_iter": 100_000}


def pair(name, **params):
    """The physml estimator and its scikit-learn namesake with the same parameters
    (and a tight tolerance for iterative solvers, so both reach the same optimum)."""
    ours_cls, sk_cls = getattr(linear, name), getattr(sklm, name)
    accepted = ours_cls().get_params()
    params = {**{k: v for k, v in TIGHT.items() if k in accepted}, **params}
    return ours_cls(**params), sk_cls(**params)


def problem(n=80, p=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0, p) + 2.0
    y = X @ rng.normal(size=p) + 0.5 * rng.normal(size=n)
    return X, y


def grid_for(estimator):
    params = estimator.get_params()
    if "alpha" in params:
        return {"alpha": [0.01, 0.1, 1.0]}
    return {"fit_intercept": [True, False]}


@pytest.mark.parametrize("name", ESTIMATORS)
def test_clone_keeps_the_parameters_and_drops_the_fit(name):
    X, y = problem()
    ours, _ = pair(name)
    ours.fit(X, y)
    copy = clone(ours)
    assert copy.get_params() == ours.get_params()
    assert not hasattr(copy, "coef_")


@pytest.mark.parametrize("name", ESTIMATORS)
def test_pipeline_with_scaler_scores_like_sklearn(name):
    X, y = problem(seed=1)
    X_test, y_test = problem(seed=2)
    ours, sk = pair(name)
    ours_pipe = make_pipeline(data.StandardScaler(), ours).fit(X, y)
    sk_pipe = make_pipeline(SkStandardScaler(), sk).fit(X, y)
    assert ours_pipe.score(X_test, y_test) == pytest.approx(sk_pipe.score(X_test, y_test), rel=1e-8)
    np.testing.assert_allclose(ours_pipe.predict(X_test), sk_pipe.predict(X_test),
                               rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("name", ESTIMATORS)
def test_cross_val_score_matches_sklearn(name):
    X, y = problem(seed=3)
    ours, sk = pair(name)
    cv = KFold(5, shuffle=True, random_state=0)
    np.testing.assert_allclose(cross_val_score(ours, X, y, cv=cv),
                               cross_val_score(sk, X, y, cv=cv), rtol=1e-8)
    np.testing.assert_allclose(
        cross_val_score(ours, X, y, cv=cv, scoring="neg_mean_squared_error"),
        cross_val_score(sk, X, y, cv=cv, scoring="neg_mean_squared_error"), rtol=1e-7)


@pytest.mark.parametrize("name", ESTIMATORS)
def test_grid_search_matches_sklearn(name):
    X, y = problem(seed=4)
    ours, sk = pair(name)
    grid = grid_for(ours)
    ours_search = GridSearchCV(ours, grid, cv=4).fit(X, y)
    sk_search = GridSearchCV(sk, grid, cv=4).fit(X, y)
    assert ours_search.best_params_ == sk_search.best_params_
    np.testing.assert_allclose(ours_search.cv_results_["mean_test_score"],
                               sk_search.cv_results_["mean_test_score"], rtol=1e-8)


def test_physml_transformers_work_in_sklearn_pipelines():
    x, y, z = data.make_franke(200, noise=0.05, random_state=0)
    X = np.column_stack([x, y])
    from sklearn.preprocessing import PolynomialFeatures

    ours = make_pipeline(data.PolynomialFeatures(4, include_bias=False), data.StandardScaler(),
                         sklm.LinearRegression())
    sk = make_pipeline(PolynomialFeatures(4, include_bias=False), SkStandardScaler(),
                       sklm.LinearRegression())
    cv = KFold(5, shuffle=True, random_state=0)
    np.testing.assert_allclose(cross_val_score(ours, X, z, cv=cv), cross_val_score(sk, X, z, cv=cv),
                               rtol=1e-9)
    assert clone(ours).get_params()["polynomialfeatures__degree"] == 4
    search = GridSearchCV(ours, {"polynomialfeatures__degree": [1, 3, 5]}, cv=cv).fit(X, z)
    assert search.best_params_["polynomialfeatures__degree"] == 5


def test_a_single_target_column_gives_sklearns_shapes():
    """y of shape (n, 1): the attribute and prediction shapes of scikit-learn 1.9
    (coef_ 1-D for Ridge/RidgeCV/Lasso/ElasticNet, 2-D for LinearRegression, a
    DataConversionWarning and 1-D fits for the CV estimators), with the values of
    the fit on the 1-D y."""
    import warnings

    from sklearn import linear_model as sk

    from physml import linear
    from physml._base import DataConversionWarning

    rng = np.random.default_rng(8)
    X = rng.normal(size=(60, 5))
    y = X @ rng.normal(size=5) + rng.normal(size=60)
    for name in ["LinearRegression", "Ridge", "RidgeCV", "Lasso", "ElasticNet", "LassoCV", "ElasticNetCV"]:
        for fit_intercept in [True, False]:
            kw = {"fit_intercept": fit_intercept}
            kw_cv = {"cv": 3} if name.endswith("NetCV") or name == "LassoCV" else {}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                ours = getattr(linear, name)(**kw, **kw_cv).fit(X, y[:, None])
                theirs = getattr(sk, name)(**kw, **kw_cv).fit(X, y[:, None])
            flat = getattr(linear, name)(**kw, **kw_cv).fit(X, y)
            kinds = [type(w.message) for w in caught]
            assert (DataConversionWarning in kinds) == (name in ("LassoCV", "ElasticNetCV")), (name, kinds)
            for attr in ["coef_", "intercept_", "dual_gap_", "n_iter_"]:
                if getattr(theirs, attr, None) is not None:
                    assert np.shape(getattr(ours, attr)) == np.shape(getattr(theirs, attr)), (name, attr)
                    np.testing.assert_allclose(np.ravel(getattr(ours, attr)), np.ravel(getattr(flat, attr)), rtol=1e-12)
            assert ours.predict(X).shape == theirs.predict(X).shape, name


# scikit-learn parameters physml does not take, with the reason (none at present)
NOT_TAKEN: dict[str, set[str]] = {}
# defaults that differ on purpose: Lasso's Gram form by shape ('auto') is faster
# than scikit-learn's False and gives the same solution to tol
OTHER_DEFAULTS = {("Lasso", "precompute"), ("ElasticNet", "precompute")}


@pytest.mark.parametrize("name", ESTIMATORS)
def test_constructor_takes_sklearns_parameters_with_its_defaults(name):
    ours = inspect.signature(getattr(linear, name)).parameters
    theirs = inspect.signature(getattr(sklm, name)).parameters
    assert set(theirs) - set(ours) == NOT_TAKEN.get(name, set())
    for param in set(theirs) & set(ours):
        if (name, param) in OTHER_DEFAULTS or theirs[param].default == "deprecated":
            continue
        assert ours[param].default == theirs[param].default, param
        assert ours[param].kind == theirs[param].kind, param


def test_ridge_solver_rules_and_parameters_without_effect():
    X, y = problem()
    base = linear.Ridge(alpha=2.0).fit(X, y)
    for solver in ("auto", "svd", "cholesky", "lsqr", "sparse_cg", "sag", "saga"):
        model = linear.Ridge(alpha=2.0, solver=solver, tol=1e-2, max_iter=3, random_state=0, copy_X=False).fit(X, y)
        np.testing.assert_array_equal(model.coef_, base.coef_)
    positive = linear.Ridge(alpha=2.0, positive=True, solver="lbfgs").fit(X, y)
    np.testing.assert_array_equal(positive.coef_, linear.Ridge(alpha=2.0, positive=True).fit(X, y).coef_)
    for bad, message in [
        (dict(solver="qr"), "solver must be one of"),
        (dict(solver="svd", positive=True), "positive=True takes solver"),
        (dict(solver="lbfgs"), "needs positive=True"),
        (dict(max_iter=0), "max_iter"),
        (dict(tol=-1.0), "tol"),
        (dict(copy_X="yes"), "copy_X"),
    ]:
        with pytest.raises((ValueError, TypeError), match=message):
            linear.Ridge(**bad).fit(X, y)
        with pytest.raises((ValueError, TypeError)):
            sklm.Ridge(**bad).fit(X, y)  # scikit-learn refuses the same


def test_linear_regression_parameters_without_effect_on_dense_data():
    X, y = problem()
    base = linear.LinearRegression().fit(X, y)
    model = linear.LinearRegression(copy_X=False, tol=1e-2, n_jobs=-1).fit(X, y)
    np.testing.assert_array_equal(model.coef_, base.coef_)
    for bad, message in [(dict(tol=-1.0), "tol"), (dict(n_jobs=1.5), "n_jobs"), (dict(copy_X=None), "copy_X")]:
        with pytest.raises((ValueError, TypeError), match=message):
            linear.LinearRegression(**bad).fit(X, y)


@pytest.mark.parametrize("name", ["LassoCV", "ElasticNetCV"])
def test_cv_estimators_give_the_same_numbers_on_any_number_of_threads(name, capsys):
    X, y = problem(n=90, p=8)
    extra = {"l1_ratio": [0.3, 0.8]} if name == "ElasticNetCV" else {}
    base = getattr(linear, name)(cv=4, **extra).fit(X, y)
    for n_jobs in (2, -1, 3):
        model = getattr(linear, name)(cv=4, n_jobs=n_jobs, **extra).fit(X, y)
        assert model.alpha_ == base.alpha_
        np.testing.assert_array_equal(model.mse_path_, base.mse_path_)
        np.testing.assert_array_equal(model.coef_, base.coef_)
    capsys.readouterr()
    getattr(linear, name)(cv=4, verbose=True, n_jobs=2, **extra).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 * (2 if extra else 1) and all(f"[{name}]" in line for line in lines)
    for bad in (0, 1.5, "all"):
        with pytest.raises((ValueError, TypeError), match="n_jobs"):
            getattr(linear, name)(n_jobs=bad).fit(X, y)
    with pytest.raises((ValueError, TypeError), match="verbose"):
        getattr(linear, name)(verbose=-1).fit(X, y)
