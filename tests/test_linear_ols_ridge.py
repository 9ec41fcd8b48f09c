"""OLS, Ridge and RidgeCV against NumPy and scikit-learn as oracles."""

import os
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats
from sklearn import linear_model as sk
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import physml
from physml._base import NotFittedError
from physml._core import PhysmlError
from physml.linear import LinearRegression, Ridge, RidgeCV

KINDS = ["tall", "wide", "collinear", "one_feature", "multi_target", "offset", "square"]
SEEDS = range(4)


def make_problem(kind, seed):
    """Random regression problems of several shapes; y is 2-D only for multi_target."""
    rng = np.random.default_rng(seed)
    n, p = {"tall": (60, 6), "wide": (12, 30), "collinear": (40, 7), "one_feature": (25, 1),
            "multi_target": (50, 5), "offset": (80, 4), "square": (9, 8)}[kind]
    X = rng.normal(size=(n, p))
    if kind == "collinear":
        X[:, 3] = X[:, 0]
        X[:, 5] = 2.0 * X[:, 1] - X[:, 2]
        X[:, 6] = 0.0
    if kind == "offset":
        X = 1e3 + 5.0 * X
    w = rng.normal(size=(p, 3 if kind == "multi_target" else 1))
    y = X @ w + 1.5 + 0.3 * rng.normal(size=(n, w.shape[1]))
    return X, (y if kind == "multi_target" else y[:, 0])


def lstsq_oracle(X, y, fit_intercept):
    """Minimum-norm least squares of the (centred) data with numpy, as sklearn's
    LinearRegression defines the intercept."""
    if fit_intercept:
        xm, ym = X.mean(axis=0), y.mean(axis=0)
        coef, _, rank, sv = np.linalg.lstsq(X - xm, y - ym, rcond=None)
        intercept = ym - xm @ coef
    else:
        coef, _, rank, sv = np.linalg.lstsq(X, y, rcond=None)
        intercept = np.zeros_like(y[0]) if y.ndim == 2 else 0.0
    return coef.T, intercept, rank, sv


def assert_close(actual, desired, tol=1e-8):
    desired = np.asarray(desired, dtype=float)
    scale = max(1.0, float(np.abs(desired).max(initial=0.0)))
    np.testing.assert_allclose(actual, desired, rtol=tol, atol=tol * scale)


# ---------------------------------------------------------------- OLS


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", KINDS)
def test_ols_matches_numpy_lstsq(kind, seed, fit_intercept):
    X, y = make_problem(kind, seed)
    model = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    coef, intercept, rank, sv = lstsq_oracle(X, y, fit_intercept)
    assert model.coef_.shape == coef.shape
    assert_close(model.coef_, coef)
    assert_close(model.intercept_, intercept)
    assert model.rank_ == rank
    assert_close(model.singular_, sv, tol=1e-9)
    assert model.n_features_in_ == X.shape[1]
    assert_close(model.predict(X), X @ coef.T + intercept)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["tall", "one_feature", "multi_target", "offset"])
def test_ols_matches_sklearn_on_full_rank_designs(kind, seed):
    X, y = make_problem(kind, seed)
    ours = LinearRegression().fit(X, y)
    ref = sk.LinearRegression().fit(X, y)
    assert_close(ours.coef_, ref.coef_)
    assert_close(ours.intercept_, ref.intercept_)
    assert ours.rank_ == ref.rank_
    assert_close(ours.singular_, ref.singular_, tol=1e-9)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-10)
    assert isinstance(ours.intercept_, float) == (np.ndim(y) == 1)


def test_ols_ill_conditioned_design_falls_back_to_svd():
    # Condition number ~1e7 of X: the normal equations would lose ~14 digits.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(200, 3))
    X[:, 2] = X[:, 0] + 1e-7 * rng.normal(size=200)
    y = X @ [1.0, 2.0, 3.0] + 0.01 * rng.normal(size=200)
    coef, intercept, rank, _ = lstsq_oracle(X, y, True)
    model = LinearRegression().fit(X, y)
    assert model.rank_ == rank == 3
    assert_close(model.coef_, coef, tol=1e-6)
    assert_close(model.intercept_, intercept, tol=1e-8)


def test_ols_large_tall_problem_uses_parallel_gram():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(20000, 40)) + rng.normal(size=40)
    y = X @ rng.normal(size=40) + rng.normal(size=20000)
    coef, intercept, _, sv = lstsq_oracle(X, y, True)
    model = LinearRegression().fit(X, y)
    assert_close(model.coef_, coef, tol=1e-10)
    assert_close(model.intercept_, intercept, tol=1e-10)
    assert_close(model.singular_, sv, tol=1e-10)
    # The fixed row partition makes the result independent of the thread count.
    again = LinearRegression().fit(X, y)
    np.testing.assert_array_equal(model.coef_, again.coef_)


def test_ols_accepts_lists_float32_fortran_and_strided_input():
    X, y = make_problem("tall", 1)
    ref = LinearRegression().fit(X, y).coef_
    np.testing.assert_allclose(LinearRegression().fit(X.tolist(), list(y)).coef_, ref, rtol=1e-12)
    np.testing.assert_allclose(LinearRegression().fit(np.asfortranarray(X), y).coef_, ref, rtol=1e-12)
    X2 = np.repeat(X, 2, axis=1)[:, ::2]
    np.testing.assert_allclose(LinearRegression().fit(X2, y).coef_, ref, rtol=1e-12)
    low = LinearRegression().fit(X.astype(np.float32), y.astype(np.float32)).coef_
    assert low.dtype == np.float64
    np.testing.assert_allclose(low, ref, rtol=1e-4, atol=1e-4)


# ----------------------------------------------------- standard errors and CIs


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", ["tall", "one_feature", "multi_target", "offset"])
def test_standard_errors_and_intervals_match_closed_form(kind, seed):
    X, y = make_problem(kind, seed)
    n, p = X.shape
    model = LinearRegression().fit(X, y)
    # Closed form with an explicit column of ones: cov = σ² (AᵀA)⁻¹, A = [1, X].
    A = np.column_stack([np.ones(n), X])
    y2 = y.reshape(n, -1)
    beta = np.linalg.solve(A.T @ A, A.T @ y2)
    resid = y2 - A @ beta
    dof = n - p - 1
    sigma2 = (resid**2).sum(axis=0) / dof
    inv = np.linalg.inv(A.T @ A)
    se = np.sqrt(np.outer(sigma2, np.diag(inv)))  # (t, p + 1)
    if y.ndim == 1:
        se, sigma2 = se[0], sigma2[0]
    assert model.df_resid_ == dof
    assert_close(model.noise_variance_, sigma2, tol=1e-9)
    assert_close(model.coef_stderr_, se[..., 1:], tol=1e-8)
    assert_close(model.intercept_stderr_, se[..., 0], tol=1e-7)
    cov = model.coef_cov_
    assert cov.shape == (p, p) if y.ndim == 1 else (y.shape[1], p, p)
    assert_close(np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1)), se[..., 1:], tol=1e-8)
    t = stats.t.ppf(0.975, dof)
    lower, upper = model.conf_int(0.95)
    assert_close(lower, model.coef_ - t * se[..., 1:], tol=1e-8)
    assert_close(upper, model.coef_ + t * se[..., 1:], tol=1e-8)
    t90 = stats.t.ppf(0.95, dof)
    lo, hi = model.intercept_conf_int(level=0.9)
    assert_close(hi - lo, 2 * t90 * se[..., 0], tol=1e-7)


def test_confidence_intervals_cover_true_coefficients_at_nominal_rate():
    rng = np.random.default_rng(11)
    w = np.array([1.0, -2.0, 0.5])
    hits = 0
    trials = 400
    for _ in range(trials):
        X = rng.normal(size=(30, 3))
        y = X @ w + 0.7 + rng.normal(size=30)
        lo, hi = LinearRegression().fit(X, y).conf_int(0.9)
        hits += np.sum((lo <= w) & (w <= hi))
    rate = hits / (3 * trials)
    assert abs(rate - 0.9) < 0.03


def test_student_t_quantile_matches_scipy():
    for df in [1, 2, 3.5, 10, 57, 1000]:
        for q in [0.001, 0.05, 0.5, 0.8, 0.975, 0.9999]:
            assert physml._core.student_t_quantile(q, df) == pytest.approx(stats.t.ppf(q, df), rel=1e-9, abs=1e-12)


def test_no_intercept_standard_errors():
    X, y = make_problem("tall", 2)
    model = LinearRegression(fit_intercept=False).fit(X, y)
    n, p = X.shape
    resid = y - X @ model.coef_
    sigma2 = resid @ resid / (n - p)
    se = np.sqrt(sigma2 * np.diag(np.linalg.inv(X.T @ X)))
    assert_close(model.coef_stderr_, se)
    assert model.intercept_stderr_ == 0.0


def test_standard_errors_need_residual_degrees_of_freedom():
    X, y = make_problem("wide", 0)
    model = LinearRegression().fit(X, y)
    assert model.df_resid_ <= 0
    with pytest.raises(ValueError, match="degrees of freedom"):
        model.coef_stderr_
    with pytest.raises(ValueError, match="degrees of freedom"):
        model.conf_int()
    with pytest.raises(ValueError, match="level"):
        LinearRegression().fit(*make_problem("tall", 0)).conf_int(1.5)


# ---------------------------------------------------------------- Ridge


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", KINDS)
def test_ridge_matches_sklearn(kind, seed, fit_intercept):
    X, y = make_problem(kind, seed)
    alphas = [1e-3, 0.5, 7.0, 300.0]
    many = Ridge(alpha=alphas, fit_intercept=fit_intercept).fit(X, y)
    for i, alpha in enumerate(alphas):
        ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
        one = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
        assert one.coef_.shape == ref.coef_.shape
        assert_close(one.coef_, ref.coef_)
        assert_close(one.intercept_, ref.intercept_)
        assert_close(many.coef_[i], ref.coef_)
        assert_close(many.intercept_[i], ref.intercept_)
        assert_close(one.predict(X), ref.predict(X))


def test_ridge_many_alphas_shapes_predict_and_score():
    X, y = make_problem("multi_target", 0)
    alphas = np.array([0.1, 1.0, 10.0])
    model = Ridge(alpha=alphas).fit(X, y)
    assert model.coef_.shape == (3, 3, 5)
    assert model.intercept_.shape == (3, 3)
    pred = model.predict(X)
    assert pred.shape == (50, 3, 3)
    for i, a in enumerate(alphas):
        assert_close(pred[:, i], Ridge(alpha=a).fit(X, y).predict(X))
    X1, y1 = make_problem("tall", 0)
    m1 = Ridge(alpha=alphas).fit(X1, y1)
    assert m1.coef_.shape == (3, 6) and m1.intercept_.shape == (3,)
    scores = m1.score(X1, y1)
    assert scores.shape == (3,)
    assert scores[0] == pytest.approx(Ridge(alpha=0.1).fit(X1, y1).score(X1, y1))
    assert np.all(np.diff(scores) < 0)


@pytest.mark.parametrize("kind", ["tall", "wide", "collinear"])
def test_ridge_alpha_zero_is_minimum_norm_least_squares(kind):
    X, y = make_problem(kind, 3)
    coef, intercept, _, _ = lstsq_oracle(X, y, True)
    model = Ridge(alpha=[0.0, 1.0]).fit(X, y)
    assert_close(model.coef_[0], coef)
    assert_close(model.intercept_[0], intercept)


# ---------------------------------------------------------------- RidgeCV


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", ["tall", "wide", "collinear", "multi_target", "one_feature"])
def test_ridgecv_loo_picks_sklearn_alpha(kind, seed, fit_intercept):
    X, y = make_problem(kind, seed)
    alphas = np.logspace(-3, 3, 25)
    ours = RidgeCV(alphas=alphas, fit_intercept=fit_intercept).fit(X, y)
    ref = sk.RidgeCV(alphas=alphas, fit_intercept=fit_intercept).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)
    assert_close(ours.coef_, ref.coef_)
    assert_close(ours.intercept_, ref.intercept_)
    assert ours.alpha_scores_.shape == (25,)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("cv", [2, 3, 5])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target"])
def test_ridgecv_kfold_picks_sklearn_alpha(kind, seed, cv, fit_intercept):
    X, y = make_problem(kind, seed)
    # alpha = 0 only where scikit-learn's own solver is well-posed (not p > n).
    alphas = np.concatenate([[] if kind == "wide" else [0.0], np.logspace(-2, 3, 12)])
    ours = RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y)
    ref = sk.RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8, abs=1e-10)
    assert_close(ours.coef_, ref.coef_)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target"])
def test_ridgecv_with_a_splitter_or_explicit_splits_matches_sklearn(kind, seed, fit_intercept):
    from sklearn.model_selection import KFold, ShuffleSplit

    X, y = make_problem(kind, seed)
    alphas = np.logspace(-2, 3, 12)
    for cv in (KFold(4, shuffle=True, random_state=seed), ShuffleSplit(5, test_size=0.3, random_state=seed)):
        ours = RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y)
        ref = sk.RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y)
        assert ours.alpha_ == ref.alpha_
        assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8, abs=1e-10)
        assert_close(ours.coef_, ref.coef_)
    # explicit contiguous folds score exactly as cv=k (the Rust k-fold path)
    folds = list(KFold(3).split(X))
    explicit = RidgeCV(alphas=alphas, cv=folds, fit_intercept=fit_intercept).fit(X, y)
    integer = RidgeCV(alphas=alphas, cv=3, fit_intercept=fit_intercept).fit(X, y)
    np.testing.assert_allclose(explicit.alpha_scores_, integer.alpha_scores_, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target"])
def test_ridgecv_stored_loo_errors_and_alpha_per_target_match_sklearn(kind, fit_intercept, weighted):
    X, y = make_problem(kind, 3)
    if y.ndim == 1:
        y = np.column_stack([y, 0.3 * X[:, 0] + 4.0 * np.random.default_rng(1).normal(size=len(y))])
    sw = np.random.default_rng(2).uniform(0.2, 2.0, len(y)) if weighted else None
    alphas = np.logspace(-3, 3, 15)
    kw = dict(alphas=alphas, fit_intercept=fit_intercept, store_cv_results=True, alpha_per_target=True)
    ours = RidgeCV(**kw).fit(X, y, sample_weight=sw)
    ref = sk.RidgeCV(**kw).fit(X, y, sample_weight=sw)
    t = y.shape[1]
    assert ours.cv_results_.shape == ref.cv_results_.shape == (len(y), t, 15)
    np.testing.assert_allclose(ours.cv_results_, ref.cv_results_, rtol=1e-7, atol=1e-12 * np.abs(ref.cv_results_).max())
    np.testing.assert_array_equal(ours.alpha_, ref.alpha_)
    np.testing.assert_allclose(ours.best_score_, ref.best_score_, rtol=1e-8)
    assert_close(ours.coef_, ref.coef_)
    assert_close(ours.intercept_, ref.intercept_)
    # the targets chose different alphas (else alpha_per_target would prove nothing)
    assert len(set(ours.alpha_)) > 1
    # each target's fit is the Ridge of its own alpha; 1-D y keeps (n_samples, n_alphas)
    for k in range(t):
        single = RidgeCV(alphas=alphas, fit_intercept=fit_intercept, store_cv_results=True).fit(
            X, y[:, k], sample_weight=sw
        )
        assert single.alpha_ == ours.alpha_[k]
        assert single.cv_results_.shape == (len(y), 15)
        np.testing.assert_allclose(single.cv_results_, ours.cv_results_[:, k, :], rtol=1e-10, atol=1e-14)
        assert_close(single.coef_, ours.coef_[k])


def test_ridgecv_options_that_need_leave_one_out():
    X, y = make_problem("tall", 0)
    for option in ["store_cv_results", "alpha_per_target"]:
        with pytest.raises(ValueError, match=f"{option}=True needs cv=None"):
            RidgeCV(cv=3, **{option: True}).fit(X, y)
        with pytest.raises(TypeError, match=f"{option} must be True or False"):
            RidgeCV(**{option: "yes"}).fit(X, y)
    model = RidgeCV(store_cv_results=True).fit(X, y)
    assert hasattr(model, "cv_results_")
    assert not hasattr(model.set_params(store_cv_results=False).fit(X, y), "cv_results_")


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("Est", [LinearRegression, Ridge, RidgeCV])
def test_bad_data_raises_naming_the_parameter(Est):
    X, y = make_problem("tall", 0)
    Xn = X.copy()
    Xn[3, 2] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        Est().fit(Xn, y)
    yi = y.copy()
    yi[0] = np.inf
    with pytest.raises(ValueError, match="y contains NaN or infinity"):
        Est().fit(X, yi)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Est().fit(X, y[:-1])
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        Est().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="X must not be empty"):
        Est().fit(np.empty((0, 3)), np.empty(0))
    with pytest.raises(TypeError, match="X must be"):
        Est().fit("not an array", y)
    with pytest.raises(TypeError, match="y must be an array of real numbers"):
        Est().fit(X, np.array(["a"] * len(y)))
    with pytest.raises(TypeError, match="fit_intercept must be True or False"):
        Est(fit_intercept="yes").fit(X, y)
    with pytest.raises(NotFittedError):
        Est().predict(X)
    model = Est().fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but .* 6 features"):
        model.predict(X[:, :5])


def test_bad_alpha_and_cv():
    X, y = make_problem("tall", 0)
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        Ridge(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="alpha must be >= 0, got -2.0"):
        Ridge(alpha=[1.0, -2.0]).fit(X, y)
    with pytest.raises(TypeError, match="alpha must be"):
        Ridge(alpha="big").fit(X, y)
    with pytest.raises(ValueError, match="alpha must be finite"):
        Ridge(alpha=np.nan).fit(X, y)
    assert Ridge(alpha=np.array(2.0)).fit(X, y).coef_.shape == (6,)
    with pytest.raises(ValueError, match="alphas must be > 0"):
        RidgeCV(alphas=[0.0, 1.0]).fit(X, y)
    with pytest.raises(ValueError, match="alphas must not be empty"):
        RidgeCV(alphas=[]).fit(X, y)
    with pytest.raises(ValueError, match="cv must be >= 2"):
        RidgeCV(cv=1).fit(X, y)
    with pytest.raises(ValueError, match="cv must be <= n_samples = 60"):
        RidgeCV(cv=61).fit(X, y)
    with pytest.raises(TypeError, match="cv must be an int, a splitter or an iterable"):
        RidgeCV(cv="5").fit(X, y)
    with pytest.raises(ValueError, match="cv must give non-empty"):
        RidgeCV(cv=[]).fit(X, y)


def test_overflowing_data_raise_instead_of_returning_nan():
    X = np.full((10, 2), 1e200)
    X[:, 1] = np.arange(10) * 1e200
    y = np.arange(10.0)
    for est in [LinearRegression(), Ridge()]:
        try:
            model = est.fit(X, y)
        except (ValueError, PhysmlError):
            continue
        assert np.all(np.isfinite(model.coef_))


finite_or_not = st.floats(allow_nan=True, allow_infinity=True, width=64)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    X=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6), elements=finite_or_not),
    y=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6), elements=finite_or_not),
    alpha=st.one_of(st.floats(allow_nan=True), st.lists(st.floats(-1, 10), max_size=3)),
)
def test_random_garbage_never_crashes(X, y, alpha):
    for est in [LinearRegression(), Ridge(alpha=alpha), RidgeCV(), RidgeCV(cv=2)]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                model = est.fit(X, y)
        except (ValueError, TypeError, PhysmlError):
            continue
        assert np.all(np.isfinite(model.coef_))


_THREADS_SCRIPT = """
import sys
import numpy as np
from physml.linear import LinearRegression, Ridge, RidgeCV
rng = np.random.default_rng(0)
X = rng.normal(size=(6000, 90)); y = X @ rng.normal(size=90) + rng.normal(size=6000)
Xw = rng.normal(size=(80, 200)); yw = rng.normal(size=80)
np.savez(sys.argv[1], LinearRegression().fit(X, y).coef_, Ridge(alpha=[0.1, 1.0]).fit(X, y).coef_,
         Ridge(alpha=[0.1, 1.0]).fit(Xw, yw).coef_, RidgeCV().fit(X, y).alpha_scores_,
         RidgeCV().fit(Xw, yw).alpha_scores_, LinearRegression().fit(Xw, yw).coef_,
         RidgeCV(cv=3).fit(X, y).alpha_scores_)
"""


def test_results_are_identical_for_any_number_of_threads(tmp_path):
    results = []
    for threads in ["1", "2", "3"]:
        out = tmp_path / f"threads{threads}.npz"
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        subprocess.run([sys.executable, "-c", _THREADS_SCRIPT, str(out)], check=True, env=env)
        results.append(np.load(out))
    for key in results[0]:
        for other in results[1:]:
            np.testing.assert_array_equal(results[0][key], other[key])


# ------------------------------------------------- persistence and scikit-learn


@pytest.mark.parametrize(
    "est", [LinearRegression(), Ridge(alpha=0.3), Ridge(alpha=[0.1, 2.0]), RidgeCV(), RidgeCV(cv=3)]
)
def test_pickle_roundtrip_gives_identical_predictions(est):
    X, y = make_problem("multi_target", 1)
    est.fit(X, y)
    back = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(back.predict(X), est.predict(X))
    assert back.get_params() == est.get_params()
    if isinstance(est, LinearRegression):
        np.testing.assert_array_equal(back.coef_stderr_, est.coef_stderr_)


def test_scikit_learn_tools_accept_the_estimators():
    X, y = make_problem("tall", 5)
    for est in [LinearRegression(), Ridge(alpha=2.0), RidgeCV()]:
        c = clone(est)
        assert c.get_params() == est.get_params() and c is not est
        pipe = make_pipeline(StandardScaler(), est).fit(X, y)
        ref = make_pipeline(StandardScaler(), {"LinearRegression": sk.LinearRegression(),
                                              "Ridge": sk.Ridge(alpha=2.0),
                                              "RidgeCV": sk.RidgeCV()}[type(est).__name__]).fit(X, y)
        assert_close(pipe.predict(X), ref.predict(X))
        ours = cross_val_score(est, X, y, cv=4)
        assert ours.shape == (4,) and np.all(np.isfinite(ours))
    grid = GridSearchCV(Ridge(), {"alpha": [0.01, 1.0, 100.0]}, cv=3).fit(X, y)
    ref = GridSearchCV(sk.Ridge(), {"alpha": [0.01, 1.0, 100.0]}, cv=3).fit(X, y)
    assert grid.best_params_ == ref.best_params_
    assert grid.best_score_ == pytest.approx(ref.best_score_, rel=1e-10)
    assert repr(Ridge(alpha=2.0)) == "Ridge(alpha=2.0)"


def test_public_api_is_reexported():
    assert physml.linear.LinearRegression is LinearRegression
    assert {"LinearRegression", "Ridge", "RidgeCV"} <= set(physml.linear.__all__)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(physml.linear)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("scale", [1e-250, 1e-200, 1e-155, 1e150, 1e250])
def test_designs_of_extreme_magnitude_give_the_scaled_solution(scale):
    """X·s: the coefficients are w/s (NumPy's lstsq on the scaled design agrees).
    Before, 1e-155 raised a failed eigendecomposition, 1e-200 returned wrong
    coefficients without a word, and 1e250 a failed SVD."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 4))
    y = X @ [1.0, 2.0, 3.0, 4.0] + 0.1 * rng.normal(size=50)
    base = LinearRegression().fit(X, y)
    ours = LinearRegression().fit(X * scale, y)
    np.testing.assert_allclose(ours.coef_ * scale, base.coef_, rtol=1e-10)
    assert ours.intercept_ == pytest.approx(base.intercept_, rel=1e-10)
    np.testing.assert_allclose(ours.coef_stderr_ * scale, base.coef_stderr_, rtol=1e-8)
    assert ours.intercept_stderr_ == pytest.approx(base.intercept_stderr_, rel=1e-8)
    assert ours.noise_variance_ == pytest.approx(base.noise_variance_, rel=1e-8)
    # the targets at the same extreme scale: the coefficients and errors of the base fit
    both = LinearRegression().fit(X * scale, y * scale)
    np.testing.assert_allclose(both.coef_, base.coef_, rtol=1e-10)
    np.testing.assert_allclose(both.coef_stderr_, base.coef_stderr_, rtol=1e-8)
    assert both.intercept_stderr_ == pytest.approx(base.intercept_stderr_ * scale, rel=1e-8)
    np.testing.assert_allclose(LinearRegression(positive=True).fit(X * scale, y).coef_ * scale, base.coef_, rtol=1e-8)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("sx, sy", [(1e155, 1e-300), (1e250, 1e-250), (1e-250, 1e-250), (1e-160, 1e140)])
def test_mixed_extreme_scales_give_the_representable_intercept(weighted, sx, sy):
    """X·s_x, y·s_y: the intercept is b·s_y even where the coefficients w·s_y/s_x
    underflow (1e-455 and 1e-500 here). Before, the weighted fit formed b from the
    underflowed coefficients and was off by x̄ᵀw (119% here)."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 3)) + 2.0
    y = X @ [1.0, 2.0, 3.0] + 1.0 + 0.1 * rng.normal(size=40)
    sw = rng.uniform(0.5, 2.0, 40) if weighted else None
    base = LinearRegression().fit(X, y, sample_weight=sw)
    ours = LinearRegression().fit(X * sx, y * sy, sample_weight=sw)
    assert ours.intercept_ == pytest.approx(base.intercept_ * sy, rel=1e-10)
    expected = base.coef_ * (sy / sx)  # 0 where it underflows, as in ours
    np.testing.assert_allclose(ours.coef_, expected, rtol=1e-10, atol=0)
    assert ours.intercept_stderr_ == pytest.approx(base.intercept_stderr_ * sy, rel=1e-8)
    np.testing.assert_allclose(ours.singular_, base.singular_ * sx, rtol=1e-10)


def test_coefficients_beyond_float64_are_a_named_error_with_or_without_weights():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 2))
    y = X @ [1.0, -1.0] + 0.1 * rng.normal(size=30)
    for sw in (None, rng.uniform(0.5, 2.0, 30)):
        with pytest.raises(physml.PhysmlError, match="coefficients overflowed"):
            LinearRegression().fit(X * 1e-200, y * 1e200, sample_weight=sw)


@pytest.mark.parametrize("weighted", [False, True])
def test_ridgecv_loo_chooses_the_same_alpha_for_data_of_any_magnitude(weighted):
    """The choice of alpha does not depend on the units of y (or of X, with the alphas
    scaled alike); the squared errors of y·1e160 overflow in y's own units, so the
    scores are compared exactly rescaled."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 5))
    y = X @ rng.normal(size=5) + rng.normal(size=40)
    sw = rng.uniform(0.5, 2.0, 40) if weighted else None
    A = np.logspace(-3, 3, 7)
    base = RidgeCV(alphas=A, store_cv_results=True).fit(X, y, sample_weight=sw)
    assert base.alpha_ not in (A[0], A[-1])
    for u in [1e160, 1e-170]:
        scaled = RidgeCV(alphas=A, store_cv_results=True).fit(X, y * u, sample_weight=sw)
        assert scaled.alpha_ == base.alpha_
        if u > 1:
            assert scaled.best_score_ == -np.inf  # -1e320·mse: beyond float64
        else:
            assert scaled.best_score_ == 0.0 or abs(scaled.best_score_) < 1e-300
    # X·1e150 with the alphas times 1e300 is the same problem
    big = RidgeCV(alphas=A * 1e300).fit(X * 1e150, y, sample_weight=sw)
    assert big.alpha_ == base.alpha_ * 1e300
    # exact powers of two: the stored errors are the base ones, exactly rescaled
    pow2 = RidgeCV(alphas=A * 2.0**1000, store_cv_results=True).fit(X * 2.0**500, y * 2.0**-400, sample_weight=sw)
    np.testing.assert_allclose(pow2.cv_results_ * 2.0**800, base.cv_results_, rtol=1e-9)


def test_ridgecv_alpha_per_target_with_a_single_column_scores_like_sklearn():
    X, y = make_problem("tall", 1)
    ours = RidgeCV(alpha_per_target=True).fit(X, y[:, None])
    theirs = sk.RidgeCV(alpha_per_target=True).fit(X, y[:, None])
    assert np.shape(ours.best_score_) == np.shape(theirs.best_score_) == (1,)
    assert np.shape(ours.alpha_) == np.shape(theirs.alpha_)
    np.testing.assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-8)


def test_every_linear_predict_is_the_affine_map_of_its_coefficients():
    # predict goes through the core (src/linear/predict.rs): X coef_ᵀ + intercept_ to rounding
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(40, 4)), rng.normal(size=(40, 2))
    for model in [LinearRegression(), Ridge(alpha=0.5), Ridge(alpha=[0.1, 1.0]), RidgeCV()]:
        for y in (Y[:, 0], Y):
            if isinstance(model, RidgeCV) and y.ndim == 2:
                continue
            fitted = model.fit(X, y)
            expected = np.moveaxis(np.einsum("np,...p->n...", X, np.asarray(fitted.coef_)), 0, 0) + fitted.intercept_
            np.testing.assert_allclose(fitted.predict(X), expected, rtol=1e-13, atol=1e-13)
