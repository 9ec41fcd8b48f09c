"""Non-negative least squares: LinearRegression(positive=True) and Ridge(positive=True)
against scipy.optimize.nnls and scikit-learn as oracles."""

import warnings

import numpy as np
import pytest
from scipy import optimize
from sklearn import linear_model as sk

from physml.linear import LinearRegression, Ridge


def make_problem(kind, seed):
    """(X, y) with a truth of mixed signs, so that the constraint binds."""
    rng = np.random.default_rng(seed)
    n, p = {"tall": (80, 10), "wide": (12, 25), "collinear": (50, 8), "one_feature": (30, 1)}[kind]
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p) + rng.uniform(-1, 1, p)
    if kind == "collinear":
        X[:, 3] = X[:, 0] + X[:, 1]
        X[:, 5] = X[:, 2]
    w = rng.normal(size=p) * 2
    y = X @ w + 0.3 * rng.normal(size=n) + 1.0
    return X, y


def rss(X, y, coef, intercept, sample_weight=None):
    r = y - X @ coef - intercept
    return float(np.sum(r**2 if sample_weight is None else sample_weight * r**2))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_tall_designs_match_scipy_nnls_and_sklearn(seed, fit_intercept):
    X, y = make_problem("tall", seed)
    ours = LinearRegression(positive=True, fit_intercept=fit_intercept).fit(X, y)
    theirs = sk.LinearRegression(positive=True, fit_intercept=fit_intercept).fit(X, y)
    Xc, yc = (X - X.mean(0), y - y.mean()) if fit_intercept else (X, y)
    ref, _ = optimize.nnls(Xc, yc)
    assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, ref, rtol=0, atol=1e-9 * np.abs(ref).max())
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8 * np.abs(ref).max())
    assert ours.intercept_ == pytest.approx(theirs.intercept_, abs=1e-8 * (1 + abs(theirs.intercept_)))
    # an unconstrained fit does better only by using negative coefficients
    free = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    assert np.any(free.coef_ < 0)
    assert rss(X, y, free.coef_, free.intercept_) < rss(X, y, ours.coef_, ours.intercept_)


@pytest.mark.parametrize("kind", ["wide", "collinear", "one_feature"])
def test_non_unique_and_degenerate_designs_reach_the_optimal_residual(kind):
    """Where the minimiser is not unique, the residual sum of squares is the oracle."""
    X, y = make_problem(kind, 7)
    ours = LinearRegression(positive=True).fit(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    ref, _ = optimize.nnls(Xc, yc)
    best = rss(Xc, yc, ref, 0.0)
    assert np.all(ours.coef_ >= 0)
    assert rss(X, y, ours.coef_, ours.intercept_) <= best * (1 + 1e-9) + 1e-20 * (yc @ yc)


def test_multi_target_and_sample_weight_match_sklearn():
    X, y = make_problem("tall", 11)
    Y = np.column_stack([y, -y + 3 * X[:, 2]])
    ours = LinearRegression(positive=True).fit(X, Y)
    theirs = sk.LinearRegression(positive=True).fit(X, Y)
    assert ours.coef_.shape == theirs.coef_.shape == (2, X.shape[1])
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8 * np.abs(theirs.coef_).max())
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-8, atol=1e-10)
    sw = np.random.default_rng(3).uniform(0, 3, len(y))
    sw[:5] = 0
    ours = LinearRegression(positive=True).fit(X, y, sample_weight=sw)
    theirs = sk.LinearRegression(positive=True).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8 * np.abs(theirs.coef_).max())
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-8, abs=1e-10)


@pytest.mark.parametrize("kind", ["tall", "wide"])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_positive_reaches_sklearns_objective_or_lower(kind, fit_intercept):
    """scikit-learn solves Ridge(positive=True) by L-BFGS-B to its tolerance; the
    active-set solution is exact, so its objective is at most scikit-learn's."""
    X, y = make_problem(kind, 5)
    for alpha in [0.1, 3.0]:
        ours = Ridge(alpha=alpha, positive=True, fit_intercept=fit_intercept).fit(X, y)
        theirs = sk.Ridge(alpha=alpha, positive=True, fit_intercept=fit_intercept, tol=1e-12).fit(X, y)
        f_ours = rss(X, y, ours.coef_, ours.intercept_) + alpha * ours.coef_ @ ours.coef_
        f_theirs = rss(X, y, theirs.coef_, theirs.intercept_) + alpha * theirs.coef_ @ theirs.coef_
        assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
        assert f_ours <= f_theirs * (1 + 1e-12)
        assert f_ours == pytest.approx(f_theirs, rel=1e-6)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4 * np.abs(theirs.coef_).max())


def test_ridge_positive_with_several_alphas_and_weights():
    X, y = make_problem("tall", 2)
    alphas = np.array([0.01, 1.0, 100.0])
    many = Ridge(alpha=alphas, positive=True).fit(X, y)
    assert many.coef_.shape == (3, X.shape[1])
    for a, coef, b in zip(alphas, many.coef_, many.intercept_):
        one = Ridge(alpha=a, positive=True).fit(X, y)
        np.testing.assert_array_equal(coef, one.coef_)
        assert b == one.intercept_
    # weights: the same as repeating rows
    counts = np.random.default_rng(0).integers(0, 3, len(y))
    weighted = Ridge(alpha=2.0, positive=True).fit(X, y, sample_weight=counts)
    repeated = Ridge(alpha=2.0, positive=True).fit(np.repeat(X, counts, 0), np.repeat(y, counts))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-9, atol=1e-12)
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, rel=1e-9)


def test_inference_is_refused_and_parameters_are_checked():
    X, y = make_problem("tall", 0)
    model = LinearRegression().fit(X, y)
    assert hasattr(model, "rank_")
    model.set_params(positive=True).fit(X, y)
    assert not hasattr(model, "rank_") and not hasattr(model, "singular_")
    for attribute in ["coef_stderr_", "noise_variance_", "intercept_stderr_"]:
        with pytest.raises(ValueError, match="positive=True"):
            getattr(model, attribute)
    with pytest.raises(ValueError, match="positive=True"):
        model.conf_int()
    with pytest.raises(TypeError, match="positive must be True or False"):
        LinearRegression(positive="yes").fit(X, y)
    with pytest.raises(TypeError, match="positive must be True or False"):
        Ridge(positive=1).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LinearRegression(positive=True).fit(X, y)
