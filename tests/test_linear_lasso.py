"""Lasso / ElasticNet against scikit-learn as the oracle.

The objective of both solvers is computed here with one formula,
1/(2n) ‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖², and both run with a tight tol, so
the objectives agree to 1e-7 (relative) at every alpha of a path, and the supports
(sets of non-zero coefficients) are the same.
"""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import linear_model as sk
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from physml._base import ConvergenceWarning, NotFittedError
from physml.linear import ElasticNet, ElasticNetCV, Lasso, LassoCV, enet_path, lasso_path

TIGHT = dict(tol=1e-11, max_iter=200_000)


def objective(X, y, coef, intercept, alpha, l1_ratio):
    """1/(2n) ‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖² for one target."""
    r = y - X @ coef - intercept
    return (
        0.5 * np.mean(r**2)
        + alpha * l1_ratio * np.abs(coef).sum()
        + 0.5 * alpha * (1 - l1_ratio) * coef @ coef
    )


def make_problem(kind: str, seed: int):
    """(X, y) of one of the shapes the issue asks for, with a sparse truth and noise."""
    rng = np.random.default_rng(seed)
    n, p = {"tall": (80, 15), "wide": (30, 70), "one_feature": (40, 1), "collinear": (60, 20), "multi": (50, 12)}[kind]
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3.0, p) + rng.uniform(-2, 2, p)
    if kind == "collinear":
        # strongly correlated columns, and one column a combination of two others
        X[:, 1] = X[:, 0] + 0.01 * rng.standard_normal(n)
        X[:, 5] = 2 * X[:, 3] - X[:, 4] + 1e-3 * rng.standard_normal(n)
    w = np.zeros(p)
    nonzero = rng.choice(p, min(p, 5), replace=False)
    w[nonzero] = rng.standard_normal(len(nonzero)) * 2
    y = X @ w + 0.5 * rng.standard_normal(n) + 1.5
    if kind == "multi":
        y = np.column_stack([y, X[:, :3] @ [1.0, -2.0, 0.5] + rng.standard_normal(n)])
    return X, y


def assert_same_support(ours, theirs, scale):
    """Same non-zero pattern; coefficients below 1e-9·scale count as ties at the kink."""
    clear = (np.abs(ours) > 1e-9 * scale) | (np.abs(theirs) > 1e-9 * scale)
    np.testing.assert_array_equal((ours != 0)[clear], (theirs != 0)[clear])


KINDS = ["tall", "wide", "one_feature", "collinear", "multi"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5, 0.2])
@pytest.mark.parametrize("seed", [0, 1])
def test_path_objective_and_support_match_sklearn(kind, l1_ratio, seed):
    X, Y = make_problem(kind, seed)
    Y2 = Y.reshape(len(Y), -1)
    alphas, coefs, gaps = enet_path(X, Y, l1_ratio=l1_ratio, n_alphas=30, **TIGHT)
    assert np.all(np.diff(alphas) < 0)
    coefs = coefs.reshape(Y2.shape[1], X.shape[1], len(alphas))
    for t in range(Y2.shape[1]):
        y = Y2[:, t]
        _, sk_coefs, _ = sk.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, **TIGHT)
        for k, alpha in enumerate(alphas):
            ours = objective(X, y, coefs[t, :, k], 0.0, alpha, l1_ratio)
            theirs = objective(X, y, sk_coefs[:, k], 0.0, alpha, l1_ratio)
            assert ours == pytest.approx(theirs, rel=1e-7), (kind, alpha)
            assert_same_support(coefs[t, :, k], sk_coefs[:, k], np.abs(sk_coefs).max())
    assert np.all(np.asarray(gaps) >= -1e-12)


def test_default_alpha_grid_matches_sklearn():
    X, y = make_problem("tall", 3)
    ours, _, _ = lasso_path(X, y, n_alphas=25, eps=1e-2)
    sk_alphas = np.geomspace(np.abs(X.T @ y).max() / len(y), np.abs(X.T @ y).max() / len(y) * 1e-2, 25)
    np.testing.assert_allclose(ours, sk_alphas, rtol=1e-12)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("Model,kw", [(Lasso, {}), (ElasticNet, {"l1_ratio": 0.3})])
def test_estimators_match_sklearn(kind, fit_intercept, Model, kw):
    X, y = make_problem(kind, 5)
    SkModel = getattr(sk, Model.__name__)
    rho = kw.get("l1_ratio", 1.0)
    for alpha in [1.0, 0.1, 0.01]:
        ours = Model(alpha=alpha, fit_intercept=fit_intercept, **kw, **TIGHT).fit(X, y)
        theirs = SkModel(alpha=alpha, fit_intercept=fit_intercept, **kw, **TIGHT).fit(X, y)
        assert np.shape(ours.coef_) == np.shape(theirs.coef_)
        assert np.shape(ours.intercept_) == np.shape(theirs.intercept_)
        Y = y.reshape(len(y), -1)
        c_ours, c_theirs = np.reshape(ours.coef_, (Y.shape[1], -1)), np.reshape(theirs.coef_, (Y.shape[1], -1))
        b_ours = np.broadcast_to(ours.intercept_, Y.shape[1])
        b_theirs = np.broadcast_to(theirs.intercept_, Y.shape[1])
        for t in range(Y.shape[1]):
            f_ours = objective(X, Y[:, t], c_ours[t], b_ours[t], alpha, rho)
            f_theirs = objective(X, Y[:, t], c_theirs[t], b_theirs[t], alpha, rho)
            assert f_ours == pytest.approx(f_theirs, rel=1e-7)
            assert_same_support(c_ours[t], c_theirs[t], np.abs(c_theirs).max() + 1e-300)
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-5, atol=1e-5 * np.abs(y).max())


@pytest.mark.parametrize("kind", ["tall", "wide", "collinear"])
def test_zero_l1_ratio_is_ridge(kind):
    """l1_ratio = 0 is Ridge with penalty n·alpha: the duality gap of that case
    (scikit-learn's formulation B) must not stop the sweeps before the optimum."""
    from physml.linear import Ridge

    X, y = make_problem(kind, 2)
    for fit_intercept in [True, False]:
        ours = ElasticNet(alpha=0.2, l1_ratio=0.0, fit_intercept=fit_intercept, **TIGHT).fit(X, y)
        ridge = Ridge(alpha=0.2 * len(y), fit_intercept=fit_intercept).fit(X, y)
        # the objective (times n) is l2-strongly convex, l2 = n·alpha: ½l2‖w − w*‖² ≤ n·gap
        l2, gap = 0.2 * len(y), len(y) * ours.dual_gap_
        assert gap >= 0
        assert np.sum((ours.coef_ - ridge.coef_) ** 2) <= 2 * gap / l2 + 1e-20
        np.testing.assert_allclose(ours.coef_, ridge.coef_, rtol=0, atol=1e-4 * np.abs(ridge.coef_).max())


@pytest.mark.parametrize("kind", ["tall", "wide", "collinear", "one_feature"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_positive_path_matches_sklearn(kind, l1_ratio):
    """w >= 0 along the path: the objective within 1e-7 of scikit-learn's, the same
    support, and the constraint binding somewhere (else the test would prove nothing)."""
    X, y = make_problem(kind, 4)
    y = y - 3 * X[:, 0]  # a clearly negative coefficient, zeroed by the constraint
    # the unconstrained grid (the positive one starts lower, and on the collinear
    # design reaches an alpha where neither solver converges to TIGHT in 2e5 sweeps)
    top = np.abs(X.T @ y).max() / (len(y) * l1_ratio)
    grid = np.geomspace(top, 1e-3 * top, 25)
    alphas, coefs, gaps = enet_path(X, y, l1_ratio=l1_ratio, alphas=grid, positive=True, **TIGHT)
    _, sk_coefs, _ = sk.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, positive=True, **TIGHT)
    assert np.all(coefs >= 0)
    for k, alpha in enumerate(alphas):
        ours = objective(X, y, coefs[:, k], 0.0, alpha, l1_ratio)
        theirs = objective(X, y, sk_coefs[:, k], 0.0, alpha, l1_ratio)
        assert ours == pytest.approx(theirs, rel=1e-7), (kind, alpha)
        assert_same_support(coefs[:, k], sk_coefs[:, k], np.abs(sk_coefs).max() + 1e-300)
    assert np.all(gaps >= -1e-12)
    _, free, _ = enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas[:8], tol=1e-6)
    assert (free < 0).any()


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("Model,kw", [(Lasso, {}), (ElasticNet, {"l1_ratio": 0.3})])
def test_positive_estimators_match_sklearn(fit_intercept, Model, kw):
    X, y = make_problem("collinear", 6)
    y = y - 2 * X[:, 2] + X[:, 7]
    SkModel = getattr(sk, Model.__name__)
    rho = kw.get("l1_ratio", 1.0)
    for alpha in [0.5, 0.05, 0.005]:
        ours = Model(alpha=alpha, fit_intercept=fit_intercept, positive=True, **kw, **TIGHT).fit(X, y)
        theirs = SkModel(alpha=alpha, fit_intercept=fit_intercept, positive=True, **kw, **TIGHT).fit(X, y)
        assert np.all(ours.coef_ >= 0)
        f_ours = objective(X, y, ours.coef_, ours.intercept_, alpha, rho)
        f_theirs = objective(X, y, theirs.coef_, theirs.intercept_, alpha, rho)
        assert f_ours == pytest.approx(f_theirs, rel=1e-7)
        assert_same_support(ours.coef_, theirs.coef_, np.abs(theirs.coef_).max() + 1e-300)


def test_positive_cv_and_multi_target():
    """LassoCV(positive=True) picks scikit-learn's alpha on the same folds and grid; a
    2-D y (which scikit-learn refuses with positive=True) is fitted column by column."""
    X, y = make_problem("tall", 9)
    y = y - 2 * X[:, 1]
    ours = LassoCV(cv=4, n_alphas=20, positive=True, **TIGHT).fit(X, y)
    theirs = sk.LassoCV(cv=4, alphas=ours.alphas_, positive=True, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.mse_path_, theirs.mse_path_, rtol=1e-6)
    assert ours.alpha_ == pytest.approx(theirs.alpha_, rel=1e-12)
    Y = np.column_stack([y, -y + X[:, 3]])
    joint = Lasso(alpha=0.01, positive=True, **TIGHT).fit(X, Y)
    for t in range(2):
        single = Lasso(alpha=0.01, positive=True, **TIGHT).fit(X, Y[:, t])
        np.testing.assert_allclose(joint.coef_[t], single.coef_, rtol=1e-10, atol=1e-12)
        assert joint.intercept_[t] == pytest.approx(single.intercept_, rel=1e-10)


def test_many_gram_batches_and_path_of_a_larger_problem():
    """p = 300 features: Gram columns are computed in many blocks along the path."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((400, 300))
    y = X[:, :10] @ rng.standard_normal(10) + rng.standard_normal(400)
    alphas, coefs, _ = lasso_path(X, y, n_alphas=100, **TIGHT)
    _, sk_coefs, _ = sk.lasso_path(X, y, alphas=alphas, **TIGHT)
    for k, alpha in enumerate(alphas):
        assert objective(X, y, coefs[:, k], 0, alpha, 1) == pytest.approx(
            objective(X, y, sk_coefs[:, k], 0, alpha, 1), rel=1e-7
        )
    assert np.count_nonzero(coefs[:, -1]) > 100


def test_alpha_above_alpha_max_gives_zero_coefficients():
    X, y = make_problem("tall", 2)
    Xc, yc = X - X.mean(0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / len(y)
    m = Lasso(alpha=alpha_max * (1 + 1e-9)).fit(X, y)
    assert np.all(m.coef_ == 0) and m.intercept_ == pytest.approx(y.mean())
    assert np.count_nonzero(Lasso(alpha=alpha_max * 0.99).fit(X, y).coef_) == 1


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_cv_chooses_sklearns_alpha_with_the_same_folds(l1_ratio):
    X, y = make_problem("tall", 7)
    Ours, Theirs = (LassoCV, sk.LassoCV) if l1_ratio == 1 else (ElasticNetCV, sk.ElasticNetCV)
    extra = {} if l1_ratio == 1 else {"l1_ratio": l1_ratio}
    ours = Ours(**extra, cv=5, n_alphas=40, eps=1e-3, **TIGHT).fit(X, y)
    Xc, yc = X - X.mean(0), y - y.mean()
    alpha_max = np.abs(Xc.T @ yc).max() / (len(y) * l1_ratio)
    np.testing.assert_allclose(ours.alphas_, np.geomspace(alpha_max, 1e-3 * alpha_max, 40), rtol=1e-12)
    # scikit-learn's way of asking for a grid changed in 1.9: give it ours
    theirs = Theirs(**extra, cv=5, alphas=ours.alphas_, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.mse_path_, theirs.mse_path_, rtol=1e-6)
    assert ours.alpha_ == pytest.approx(theirs.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-5, atol=1e-7)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-5)


def test_elastic_net_cv_over_several_l1_ratios_and_explicit_splits():
    X, y = make_problem("tall", 8)
    splits = list(KFold(4, shuffle=True, random_state=0).split(X))
    ours = ElasticNetCV(l1_ratio=[0.2, 0.7, 1.0], cv=splits, alphas=np.geomspace(1, 1e-3, 20), **TIGHT).fit(X, y)
    theirs = sk.ElasticNetCV(l1_ratio=[0.2, 0.7, 1.0], cv=splits, alphas=np.geomspace(1, 1e-3, 20), **TIGHT).fit(X, y)
    assert ours.mse_path_.shape == theirs.mse_path_.shape == (3, 20, 4)
    np.testing.assert_allclose(ours.mse_path_, theirs.mse_path_, rtol=1e-6)
    assert (ours.alpha_, ours.l1_ratio_) == (pytest.approx(theirs.alpha_, rel=1e-12), theirs.l1_ratio_)


def test_warm_start_reuses_the_previous_solution():
    X, y = make_problem("tall", 9)
    m = Lasso(alpha=0.05, warm_start=True, tol=1e-10).fit(X, y)
    first = m.n_iter_
    m.fit(X, y)
    assert m.n_iter_ < first
    np.testing.assert_allclose(m.coef_, Lasso(alpha=0.05, tol=1e-10).fit(X, y).coef_, atol=1e-8)


def test_random_selection_is_seeded_and_converges():
    X, y = make_problem("wide", 4)
    a = Lasso(alpha=0.05, selection="random", random_state=3, tol=1e-10).fit(X, y)
    b = Lasso(alpha=0.05, selection="random", random_state=3, tol=1e-10).fit(X, y)
    c = Lasso(alpha=0.05, tol=1e-10).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert objective(X, y, a.coef_, a.intercept_, 0.05, 1) == pytest.approx(
        objective(X, y, c.coef_, c.intercept_, 0.05, 1), rel=1e-8
    )


def test_convergence_warning_says_what_to_do():
    X, y = make_problem("collinear", 1)
    with pytest.warns(ConvergenceWarning, match="Increase max_iter, scale the features.*raise tol"):
        m = Lasso(alpha=1e-4, max_iter=2, tol=1e-12).fit(X, y)
    assert m.n_iter_ == 2
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        lasso_path(X, y, n_alphas=5, max_iter=2, tol=1e-12)


@pytest.mark.parametrize(
    "params,match",
    [
        ({"alpha": -1.0}, "alpha must be >= 0"),
        ({"alpha": float("nan")}, "alpha must be finite"),
        ({"alpha": "1"}, "alpha must be a real number"),
        ({"l1_ratio": 1.5}, "l1_ratio must be <= 1"),
        ({"l1_ratio": -0.1}, "l1_ratio must be >= 0"),
        ({"max_iter": 0}, "max_iter must be >= 1"),
        ({"max_iter": 2.5}, "max_iter must be an integer"),
        ({"tol": -1e-3}, "tol must be >= 0"),
        ({"selection": "greedy"}, "selection must be 'cyclic' or 'random'"),
        ({"fit_intercept": "yes"}, "fit_intercept must be True or False"),
        ({"positive": "yes"}, "positive must be True or False"),
    ],
)
def test_bad_parameters_name_the_parameter(params, match):
    X, y = make_problem("tall", 0)
    with pytest.raises((ValueError, TypeError), match=match):
        ElasticNet(**params).fit(X, y)


def test_bad_data_names_the_problem():
    X, y = make_problem("tall", 0)
    bad = X.copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        Lasso().fit(bad, y)
    with pytest.raises(ValueError, match="y contains NaN"):
        Lasso().fit(X, np.where(np.arange(len(y)) == 0, np.inf, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Lasso().fit(X, y[:-1])
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        Lasso().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="must not be empty"):
        Lasso().fit(np.empty((0, 3)), np.empty(0))
    with pytest.raises(TypeError, match="X must be an array of real numbers"):
        Lasso().fit([["a", "b"]] * 3, [1, 2, 3])
    with pytest.raises(NotFittedError):
        Lasso().predict(X)
    with pytest.raises(ValueError, match="X has 3 features"):
        Lasso(alpha=0.1).fit(X, y).predict(X[:, :3])
    with pytest.raises(ValueError, match="cv must be <= n_samples"):
        LassoCV(cv=200).fit(X, y)
    with pytest.raises(ValueError, match="cv must be >= 2"):
        LassoCV(cv=1).fit(X, y)
    with pytest.raises(ValueError, match="l1_ratio must be > 0"):
        ElasticNetCV(l1_ratio=0.0).fit(X, y)
    with pytest.raises(ValueError, match="alphas must be >= 0"):
        lasso_path(X, y, alphas=[1.0, -1.0])
    with pytest.raises(ValueError, match="eps must be > 0"):
        lasso_path(X, y, eps=0.0)
    with pytest.raises(ValueError, match="n_alphas must be >= 1"):
        lasso_path(X, y, n_alphas=0)
    with pytest.raises(ValueError, match="l1_ratio must be > 0 to choose alphas"):
        enet_path(X, y, l1_ratio=0.0)


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=64) | st.integers(-5, 5),
        min_size=0,
        max_size=40,
    ),
    n_cols=st.integers(1, 5),
    alpha=st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 3),
    l1_ratio=st.floats(-1, 2),
)
def test_random_garbage_never_crashes(data, n_cols, alpha, l1_ratio):
    X = np.array(data[: len(data) // n_cols * n_cols], dtype=float).reshape(-1, n_cols)
    y = np.array(data[: len(X)], dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)  # overflow in the caller's own data
        try:
            m = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, max_iter=50).fit(X, y)
        except (ValueError, TypeError):
            return
    assert np.all(np.isfinite(m.coef_)) and np.isfinite(m.intercept_)


def test_fitted_estimators_pickle_to_identical_predictions():
    X, y = make_problem("tall", 6)
    for m in [Lasso(alpha=0.1), ElasticNet(alpha=0.1, l1_ratio=0.4), LassoCV(cv=3, n_alphas=10)]:
        m.fit(X, y)
        again = pickle.loads(pickle.dumps(m))
        np.testing.assert_array_equal(again.predict(X), m.predict(X))
        assert repr(again) == repr(m)


def test_sklearn_tools_accept_the_estimators():
    X, y = make_problem("tall", 10)
    for m in [Lasso(alpha=0.2), ElasticNet(alpha=0.2, l1_ratio=0.5), LassoCV(cv=3, n_alphas=10)]:
        c = clone(m)
        assert c.get_params() == m.get_params() and c is not m
    search = GridSearchCV(Lasso(), {"alpha": [1.0, 0.1, 0.01]}, cv=3).fit(X, y)
    sk_search = GridSearchCV(sk.Lasso(), {"alpha": [1.0, 0.1, 0.01]}, cv=3).fit(X, y)
    assert search.best_params_ == sk_search.best_params_
    scores = cross_val_score(make_pipeline(StandardScaler(), ElasticNet(alpha=0.05)), X, y, cv=4)
    assert scores.shape == (4,) and np.all(scores > 0.5)


def test_constant_feature_gets_zero_coefficient():
    X, y = make_problem("tall", 12)
    X[:, 4] = 3.0
    m = Lasso(alpha=0.01, **TIGHT).fit(X, y)
    s = sk.Lasso(alpha=0.01, **TIGHT).fit(X, y)
    assert m.coef_[4] == 0
    np.testing.assert_allclose(m.coef_, s.coef_, atol=1e-7)


def test_an_integer_alphas_is_the_length_of_the_grid_as_in_sklearn():
    """scikit-learn >= 1.7 spells the grid length alphas=int (n_alphas is deprecated)."""
    X, y = make_problem("tall", 3)
    by_count, _, _ = lasso_path(X, y, alphas=25, eps=1e-2)
    by_n, _, _ = lasso_path(X, y, n_alphas=25, eps=1e-2)
    np.testing.assert_array_equal(by_count, by_n)
    ours = LassoCV(alphas=30, cv=3, **TIGHT).fit(X, y)
    theirs = sk.LassoCV(alphas=30, cv=3, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.alphas_, theirs.alphas_, rtol=1e-12)
    assert ours.alpha_ == pytest.approx(theirs.alpha_, rel=1e-12)
    np.testing.assert_allclose(ElasticNetCV(alphas=12, l1_ratio=0.5, cv=3).fit(X, y).alphas_.shape, (12,))
    for bad in [0, -3]:
        with pytest.raises(ValueError, match="alphas must be >= 1"):
            LassoCV(alphas=bad).fit(X, y)
        with pytest.raises(ValueError, match="alphas must be >= 1"):
            lasso_path(X, y, alphas=bad)


@pytest.mark.parametrize("weighted", [False, True])
def test_positive_grid_starts_at_the_largest_positive_correlation_as_in_sklearn(weighted):
    """Under w >= 0 only positive correlations X_jᵀy pull a feature in: the grid's top
    is max(0, max_j X_jᵀy)/(n ρ), scikit-learn's, and the solution is zero exactly there."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 12))
    y = X @ rng.normal(size=12) + 0.3 * rng.normal(size=80) + 1
    sw = rng.uniform(0.5, 2.0, 80) if weighted else None
    ours, coefs, _ = lasso_path(X, y, alphas=5, positive=True)
    theirs, _, _ = sk.lasso_path(X, y, alphas=5, positive=True)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert np.all(coefs[:, 0] == 0) and np.any(coefs[:, 1] > 0)
    free, _, _ = lasso_path(X, y, alphas=5)
    assert free[0] > ours[0]
    for Ours, Theirs, kw in [(LassoCV, sk.LassoCV, {}), (ElasticNetCV, sk.ElasticNetCV, {"l1_ratio": 0.5})]:
        o = Ours(positive=True, alphas=20, cv=5, **kw, **TIGHT).fit(X, y, sample_weight=sw)
        t = Theirs(positive=True, alphas=20, cv=5, **kw, **TIGHT).fit(X, y, sample_weight=sw)
        np.testing.assert_allclose(o.alphas_, t.alphas_, rtol=1e-12)
        assert o.alpha_ == pytest.approx(t.alpha_, rel=1e-12)
