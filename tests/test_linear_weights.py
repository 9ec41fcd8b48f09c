"""``sample_weight`` in the linear models, against scikit-learn 1.9 and closed forms.

Weighted least squares minimises Σ_i w_i (y_i − b − x_iᵀβ)² (+ α‖β‖² for Ridge);
ElasticNet/Lasso minimise 1/(2n) Σ_i w'_i r_i² + penalty with w' = w·n/Σw. Every
problem here has some zero weights (those samples drop out of the fit).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import stats
from sklearn import linear_model as sk
from sklearn.model_selection import KFold, ShuffleSplit

from physml._core import PhysmlError
from physml.linear import ElasticNet, ElasticNetCV, Lasso, LassoCV, LinearRegression, Ridge, RidgeCV

TIGHT = dict(tol=1e-11, max_iter=200_000)


def make_problem(kind, seed):
    """(X, y, w): random designs of several shapes and weights in [0, 3) with zeros."""
    rng = np.random.default_rng(seed)
    n, p = {"tall": (60, 6), "wide": (14, 30), "collinear": (40, 7), "multi_target": (50, 5),
            "offset": (70, 4), "few_positive": (24, 15)}[kind]
    X = rng.normal(size=(n, p))
    if kind == "collinear":
        X[:, 3] = X[:, 0]
        X[:, 5] = 2.0 * X[:, 1] - X[:, 2]
    if kind == "offset":
        X = 1e3 + 5.0 * X
    beta = rng.normal(size=(p, 3 if kind == "multi_target" else 1))
    beta[rng.permutation(p)[: p // 2]] = 0.0
    y = X @ beta + 1.5 + 0.3 * rng.normal(size=(n, beta.shape[1]))
    w = rng.uniform(0.0, 3.0, n)
    # "few_positive": tall, but wide once the samples of zero weight drop out
    w[rng.permutation(n)[: 12 if kind == "few_positive" else 4]] = 0.0
    return X, (y if kind == "multi_target" else y[:, 0]), w


def assert_close(actual, desired, tol=1e-8):
    desired = np.asarray(desired, dtype=float)
    scale = max(1.0, float(np.abs(desired).max(initial=0.0)))
    np.testing.assert_allclose(actual, desired, rtol=tol, atol=tol * scale)


def weighted_objective(X, y, w, coef, intercept, alpha, l1_ratio):
    """1/(2n) Σ w'_i r_i² + αρ‖β‖₁ + ½α(1 − ρ)‖β‖², w' = w·n/Σw, for one target."""
    r = y - X @ coef - intercept
    return (
        0.5 * np.sum(w * r**2) / np.sum(w)
        + alpha * l1_ratio * np.abs(coef).sum()
        + 0.5 * alpha * (1 - l1_ratio) * coef @ coef
    )


def repeat_rows(X, y, counts):
    index = np.repeat(np.arange(len(counts)), counts)
    return X[index], y[index]


KINDS = ["tall", "wide", "collinear", "multi_target", "offset", "few_positive"]


# ---------------------------------------------------------------- OLS and Ridge


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", KINDS)
def test_weighted_ols_matches_sklearn(kind, seed, fit_intercept):
    X, y, w = make_problem(kind, seed)
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    ref = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    assert_close(ours.coef_, ref.coef_)
    assert_close(ours.intercept_, ref.intercept_)
    assert ours.rank_ == ref.rank_
    assert_close(ours.singular_, ref.singular_)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", KINDS)
def test_weighted_ridge_matches_sklearn(kind, seed, fit_intercept):
    X, y, w = make_problem(kind, seed)
    alphas = [1e-3, 0.5, 20.0]
    many = Ridge(alpha=alphas, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    for i, alpha in enumerate(alphas):
        ours = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
        ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
        assert_close(ours.coef_, ref.coef_)
        assert_close(ours.intercept_, ref.intercept_)
        assert_close(many.coef_[i], ref.coef_)
        assert_close(many.intercept_[i], ref.intercept_)


@pytest.mark.parametrize("kind", ["tall", "multi_target", "offset"])
def test_weighted_standard_errors_match_the_wls_closed_form(kind):
    X, y, w = make_problem(kind, 7)
    model = LinearRegression().fit(X, y, sample_weight=w)
    # Oracle on the samples of positive weight: A = [1, X], β = (AᵀWA)⁻¹AᵀWy,
    # σ̂² = Σ w r² / (m − p − 1), Cov = σ̂² (AᵀWA)⁻¹.
    keep = w > 0
    A = np.column_stack([np.ones(keep.sum()), X[keep]])
    Wa = A * w[keep, None]
    y2 = y[keep].reshape(keep.sum(), -1)
    inv = np.linalg.inv(A.T @ Wa)
    beta = inv @ (Wa.T @ y2)
    dof = keep.sum() - X.shape[1] - 1
    sigma2 = np.sum(w[keep, None] * (y2 - A @ beta) ** 2, axis=0) / dof
    se = np.sqrt(np.outer(sigma2, np.diag(inv)))
    cov = np.multiply.outer(sigma2, inv[1:, 1:])
    if y.ndim == 1:
        se, sigma2, cov = se[0], sigma2[0], cov[0]
    assert model.df_resid_ == dof
    assert_close(model.coef_, beta[1:].T.reshape(model.coef_.shape))
    assert_close(model.noise_variance_, sigma2, tol=1e-9)
    assert_close(model.coef_stderr_, se[..., 1:], tol=1e-8)
    assert_close(model.coef_cov_, cov, tol=1e-8)
    assert_close(model.intercept_stderr_, se[..., 0], tol=1e-7)
    t = stats.t.ppf(0.975, dof)
    lower, upper = model.conf_int(0.95)
    assert_close(upper - lower, 2 * t * se[..., 1:], tol=1e-8)
    lo, hi = model.intercept_conf_int(0.95)
    assert_close(hi - lo, 2 * t * se[..., 0], tol=1e-7)


def test_weighted_standard_errors_without_intercept():
    X, y, w = make_problem("tall", 8)
    model = LinearRegression(fit_intercept=False).fit(X, y, sample_weight=w)
    keep = w > 0
    Wx = X[keep] * w[keep, None]
    inv = np.linalg.inv(X[keep].T @ Wx)
    beta = inv @ (Wx.T @ y[keep])
    dof = keep.sum() - X.shape[1]
    sigma2 = np.sum(w[keep] * (y[keep] - X[keep] @ beta) ** 2) / dof
    assert model.df_resid_ == dof
    assert_close(model.coef_stderr_, np.sqrt(sigma2 * np.diag(inv)), tol=1e-8)
    assert model.intercept_stderr_ == 0.0


def test_integer_weights_repeat_rows_and_rescale_standard_errors_by_the_degrees_of_freedom():
    X, y, _ = make_problem("tall", 3)
    counts = np.random.default_rng(3).integers(0, 4, len(y))
    Xr, yr = repeat_rows(X, y, counts)
    weighted = LinearRegression().fit(X, y, sample_weight=counts)
    repeated = LinearRegression().fit(Xr, yr)
    assert_close(weighted.coef_, repeated.coef_, tol=1e-10)
    assert_close(weighted.intercept_, repeated.intercept_, tol=1e-10)
    # Same (XᵀWX)⁻¹ and residual sum of squares; only the degrees of freedom differ:
    # ν = #(w > 0) − rank − 1 weighted, ν' = Σw − rank − 1 repeated.
    nu, nu_repeated = weighted.df_resid_, repeated.df_resid_
    assert nu == np.count_nonzero(counts) - X.shape[1] - 1
    assert nu_repeated == counts.sum() - X.shape[1] - 1
    assert_close(weighted.noise_variance_ * nu, repeated.noise_variance_ * nu_repeated, tol=1e-10)
    assert_close(weighted.coef_stderr_ * np.sqrt(nu / nu_repeated), repeated.coef_stderr_, tol=1e-10)
    assert_close(weighted.intercept_stderr_ * np.sqrt(nu / nu_repeated), repeated.intercept_stderr_, tol=1e-10)
    for alpha in (0.3, 10.0):
        ridge_w = Ridge(alpha=alpha).fit(X, y, sample_weight=counts)
        ridge_r = Ridge(alpha=alpha).fit(Xr, yr)
        assert_close(ridge_w.coef_, ridge_r.coef_, tol=1e-10)
        assert_close(ridge_w.intercept_, ridge_r.intercept_, tol=1e-10)


def test_unit_and_scalar_weights():
    X, y, _ = make_problem("multi_target", 4)
    plain = LinearRegression().fit(X, y)
    for sw in (np.ones(len(y)), 1.0, 4.0, np.float64(0.25)):
        model = LinearRegression().fit(X, y, sample_weight=sw)
        assert_close(model.coef_, plain.coef_, tol=1e-12)
        assert_close(model.intercept_, plain.intercept_, tol=1e-12)
        assert_close(model.coef_stderr_, plain.coef_stderr_, tol=1e-10)
        assert_close(model.intercept_stderr_, plain.intercept_stderr_, tol=1e-10)
        assert model.df_resid_ == plain.df_resid_
    assert_close(Ridge(alpha=2.0).fit(X, y, sample_weight=np.ones(len(y))).coef_, Ridge(alpha=2.0).fit(X, y).coef_, tol=1e-12)
    # Ridge weights are not normalised: a scalar c acts as alpha / c (as scikit-learn)
    assert_close(Ridge(alpha=2.0).fit(X, y, sample_weight=4.0).coef_, Ridge(alpha=0.5).fit(X, y).coef_, tol=1e-12)
    assert_close(Ridge(alpha=2.0).fit(X, y, sample_weight=4.0).coef_,
                 sk.Ridge(alpha=2.0).fit(X, y, sample_weight=4.0).coef_)


@pytest.mark.parametrize("factor", [1e-311, 1e-200, 7.0, 1e200])
def test_multiplying_the_weights_leaves_the_fits_and_ols_inference_unchanged(factor):
    """Down to subnormal weights and up to 1e200, without underflow or overflow."""
    X, y, w = make_problem("tall", 5)
    a = LinearRegression().fit(X, y, sample_weight=w)
    b = LinearRegression().fit(X, y, sample_weight=factor * w)
    assert_close(b.coef_, a.coef_, tol=1e-10)
    assert_close(b.coef_stderr_, a.coef_stderr_, tol=1e-10)
    assert_close(b.intercept_stderr_, a.intercept_stderr_, tol=1e-10)
    assert b.noise_variance_ / factor == pytest.approx(a.noise_variance_, rel=1e-10)
    assert_close(b.singular_ / np.sqrt(factor), a.singular_, tol=1e-10)
    # Ridge: c·w with c·α is the same problem; ElasticNet normalises the weights
    assert_close(Ridge(alpha=0.0).fit(X, y, sample_weight=factor * w).coef_, a.coef_, tol=1e-10)
    if factor > 1e-300:
        assert_close(Ridge(alpha=2.0 * factor).fit(X, y, sample_weight=factor * w).coef_,
                     Ridge(alpha=2.0).fit(X, y, sample_weight=w).coef_, tol=1e-10)
    else:
        with pytest.raises(ValueError, match="sample_weight is too small for alpha"):
            Ridge(alpha=1.0).fit(X, y, sample_weight=factor * w)
    assert_close(Lasso(alpha=0.05, **TIGHT).fit(X, y, sample_weight=factor * w).coef_,
                 Lasso(alpha=0.05, **TIGHT).fit(X, y, sample_weight=w).coef_, tol=1e-9)


# ---------------------------------------------------------------- RidgeCV


def brute_force_weighted_loo(X, y, w, alpha, fit_intercept):
    """−(1/(n t)) Σ_i w_i e_i², e_i the residual of sample i under the weighted Ridge
    fitted without sample i."""
    Y = y.reshape(len(y), -1)
    total = 0.0
    for i in range(len(y)):
        rest = np.arange(len(y)) != i
        model = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X[rest], Y[rest], sample_weight=w[rest])
        total += w[i] * np.sum((Y[i] - model.predict(X[i : i + 1])[0]) ** 2)
    return -total / Y.size


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target", "few_positive"])
def test_weighted_leave_one_out_matches_brute_force(kind, fit_intercept):
    X, y, w = make_problem(kind, 6)
    alphas = np.array([1e-6, 1e-2, 1.0, 100.0])
    model = RidgeCV(alphas=alphas, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    expected = [brute_force_weighted_loo(X, y, w, a, fit_intercept) for a in alphas]
    np.testing.assert_allclose(model.alpha_scores_, expected, rtol=1e-7)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", KINDS)
def test_weighted_ridgecv_loo_matches_sklearn(kind, seed, fit_intercept):
    X, y, w = make_problem(kind, seed)
    alphas = np.logspace(-3, 3, 25)
    ours = RidgeCV(alphas=alphas, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    # With fewer positive weights than features scikit-learn's default (eigenvalues of
    # XᵀX, for n > p) loses ~1e-7 in 1 − H_ii near interpolation (ours agrees with the
    # brute-force leave-one-out to 6e-12, scikit-learn to 1.7e-7): compare with its SVD mode there.
    gcv_mode = "svd" if kind == "few_positive" else None
    ref = sk.RidgeCV(alphas=alphas, fit_intercept=fit_intercept, gcv_mode=gcv_mode).fit(X, y, sample_weight=w)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)
    assert_close(ours.coef_, ref.coef_)
    assert_close(ours.intercept_, ref.intercept_)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target"])
def test_weighted_ridgecv_with_folds_matches_sklearn(kind, seed, fit_intercept):
    X, y, w = make_problem(kind, seed)
    alphas = np.logspace(-2, 3, 12)
    for cv in (3, KFold(4, shuffle=True, random_state=seed), ShuffleSplit(5, test_size=0.3, random_state=seed)):
        ours = RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
        ref = sk.RidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
        assert ours.alpha_ == ref.alpha_
        assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8, abs=1e-10)
        assert_close(ours.coef_, ref.coef_)
        assert_close(ours.intercept_, ref.intercept_)


def test_unit_weights_give_the_unweighted_ridgecv():
    X, y, _ = make_problem("tall", 9)
    alphas = np.logspace(-3, 3, 13)
    for cv in (None, 4):
        plain = RidgeCV(alphas=alphas, cv=cv).fit(X, y)
        unit = RidgeCV(alphas=alphas, cv=cv).fit(X, y, sample_weight=np.ones(len(y)))
        np.testing.assert_allclose(unit.alpha_scores_, plain.alpha_scores_, rtol=1e-10)
        assert unit.alpha_ == plain.alpha_
        assert_close(unit.coef_, plain.coef_, tol=1e-12)


# ---------------------------------------------------------------- ElasticNet and Lasso


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("Model,kw", [(Lasso, {}), (ElasticNet, {"l1_ratio": 0.3})])
@pytest.mark.parametrize("kind", ["tall", "wide", "collinear", "multi_target"])
def test_weighted_enet_matches_sklearn(kind, Model, kw, fit_intercept):
    X, y, w = make_problem(kind, 5)
    SkModel = getattr(sk, Model.__name__)
    rho = kw.get("l1_ratio", 1.0)
    Y = y.reshape(len(y), -1)
    for alpha in [0.5, 0.05, 0.005]:
        ours = Model(alpha=alpha, fit_intercept=fit_intercept, **kw, **TIGHT).fit(X, y, sample_weight=w)
        ref = SkModel(alpha=alpha, fit_intercept=fit_intercept, **kw, **TIGHT).fit(X, y, sample_weight=w)
        assert np.shape(ours.coef_) == np.shape(ref.coef_)
        c_ours, c_ref = np.reshape(ours.coef_, (Y.shape[1], -1)), np.reshape(ref.coef_, (Y.shape[1], -1))
        b_ours = np.broadcast_to(ours.intercept_, Y.shape[1])
        b_ref = np.broadcast_to(ref.intercept_, Y.shape[1])
        for t in range(Y.shape[1]):
            f_ours = weighted_objective(X, Y[:, t], w, c_ours[t], b_ours[t], alpha, rho)
            f_ref = weighted_objective(X, Y[:, t], w, c_ref[t], b_ref[t], alpha, rho)
            assert f_ours == pytest.approx(f_ref, rel=1e-7)
            scale = np.abs(c_ref[t]).max() + 1e-300
            clear = (np.abs(c_ours[t]) > 1e-9 * scale) | (np.abs(c_ref[t]) > 1e-9 * scale)
            np.testing.assert_array_equal((c_ours[t] != 0)[clear], (c_ref[t] != 0)[clear])
        assert_close(ours.dual_gap_, ref.dual_gap_, tol=1e-6)


@pytest.mark.parametrize("kind", ["tall", "wide", "multi_target"])
def test_weighted_positive_enet_and_lasso_cv_match_sklearn(kind):
    X, y, w = make_problem(kind, 3)
    Y = y.reshape(len(y), -1)
    for alpha in [0.5, 0.05, 0.005]:
        ours = ElasticNet(alpha=alpha, l1_ratio=0.3, positive=True, **TIGHT).fit(X, y, sample_weight=w)
        ref = sk.ElasticNet(alpha=alpha, l1_ratio=0.3, positive=True, **TIGHT).fit(X, y, sample_weight=w)
        c_ours, c_ref = np.reshape(ours.coef_, (Y.shape[1], -1)), np.reshape(ref.coef_, (Y.shape[1], -1))
        b_ours, b_ref = np.broadcast_to(ours.intercept_, Y.shape[1]), np.broadcast_to(ref.intercept_, Y.shape[1])
        assert (c_ours >= 0).all()
        for t in range(Y.shape[1]):
            assert weighted_objective(X, Y[:, t], w, c_ours[t], b_ours[t], alpha, 0.3) == pytest.approx(
                weighted_objective(X, Y[:, t], w, c_ref[t], b_ref[t], alpha, 0.3), rel=1e-7
            )
    if y.ndim == 1:
        alphas = np.geomspace(1.0, 1e-3, 15)
        ours_cv = LassoCV(cv=4, alphas=alphas, positive=True, **TIGHT).fit(X, y, sample_weight=w)
        ref_cv = sk.LassoCV(cv=4, alphas=alphas, positive=True, **TIGHT).fit(X, y, sample_weight=w)
        np.testing.assert_allclose(ours_cv.mse_path_, ref_cv.mse_path_, rtol=1e-6)
        assert ours_cv.alpha_ == ref_cv.alpha_


def test_enet_integer_unit_and_scaled_weights():
    X, y, _ = make_problem("tall", 2)
    counts = np.random.default_rng(2).integers(0, 4, len(y))
    Xr, yr = repeat_rows(X, y, counts)
    for Model, kw in [(Lasso, {}), (ElasticNet, {"l1_ratio": 0.4})]:
        for alpha in (0.2, 0.02):
            weighted = Model(alpha=alpha, **kw, **TIGHT).fit(X, y, sample_weight=counts)
            repeated = Model(alpha=alpha, **kw, **TIGHT).fit(Xr, yr)
            assert_close(weighted.coef_, repeated.coef_, tol=1e-8)
            assert_close(weighted.intercept_, repeated.intercept_, tol=1e-8)
            plain = Model(alpha=alpha, **kw, **TIGHT).fit(X, y)
            for sw in (np.ones(len(y)), 3.0):
                unit = Model(alpha=alpha, **kw, **TIGHT).fit(X, y, sample_weight=sw)
                assert_close(unit.coef_, plain.coef_, tol=1e-9)
                assert_close(unit.intercept_, plain.intercept_, tol=1e-9)
            scaled = Model(alpha=alpha, **kw, **TIGHT).fit(X, y, sample_weight=5.0 * counts)
            assert_close(scaled.coef_, weighted.coef_, tol=1e-9)


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("Ours,kw", [(LassoCV, {}), (ElasticNetCV, {"l1_ratio": [0.3, 0.8]})])
def test_weighted_cv_matches_sklearn(Ours, kw, fit_intercept):
    X, y, w = make_problem("tall", 11)
    Theirs = getattr(sk, Ours.__name__)
    ours = Ours(**kw, cv=4, n_alphas=25, fit_intercept=fit_intercept, **TIGHT).fit(X, y, sample_weight=w)
    grid = Theirs(**kw, cv=4, alphas=25, fit_intercept=fit_intercept, **TIGHT).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.alphas_, grid.alphas_, rtol=1e-12)
    ref = Theirs(**kw, cv=4, alphas=ours.alphas_.reshape(-1, 25)[0], fit_intercept=fit_intercept, **TIGHT)
    if Ours is ElasticNetCV:
        # scikit-learn uses one grid for every l1_ratio when alphas are given: compare per ratio
        for r, ratio in enumerate(kw["l1_ratio"]):
            one = Theirs(l1_ratio=ratio, cv=4, alphas=ours.alphas_[r], fit_intercept=fit_intercept, **TIGHT)
            one.fit(X, y, sample_weight=w)
            np.testing.assert_allclose(ours.mse_path_[r], one.mse_path_, rtol=1e-6)
        assert ours.alpha_ == pytest.approx(grid.alpha_, rel=1e-12)
        assert ours.l1_ratio_ == grid.l1_ratio_
        ref = grid
    else:
        ref.fit(X, y, sample_weight=w)
        np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-6)
        assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-7)
    assert ours.intercept_ == pytest.approx(ref.intercept_, rel=1e-5, abs=1e-9)


# ---------------------------------------------------------------- bad input

ESTIMATORS = [
    LinearRegression(),
    Ridge(),
    RidgeCV(),
    RidgeCV(cv=3),
    ElasticNet(alpha=0.1),
    Lasso(alpha=0.1),
    LassoCV(cv=3, n_alphas=5),
    ElasticNetCV(cv=3, n_alphas=5),
]


@pytest.mark.parametrize("model", ESTIMATORS, ids=lambda m: repr(m))
def test_bad_sample_weight_names_the_parameter(model):
    X, y, w = make_problem("tall", 0)
    n = len(y)
    bad = w.copy()
    bad[5] = -1.0
    nan = w.copy()
    nan[2] = np.nan
    inf = w.copy()
    inf[2] = np.inf
    cases = [
        (bad, "sample_weight must be >= 0, got -1.0"),
        (nan, "sample_weight contains NaN or infinity"),
        (inf, "sample_weight contains NaN or infinity"),
        (w[:-1], f"sample_weight must have length {n}, got {n - 1}"),
        (w[:, None], "sample_weight must be a 1-D array"),
        (np.zeros(n), "sample_weight must have at least one positive weight"),
        (0.0, "sample_weight must be > 0"),
        (-2.0, "sample_weight must be > 0"),
        (np.nan, "sample_weight must be finite"),
        (np.empty(0), "sample_weight must not be empty"),
        (np.full(n, 1e308), "sample_weight must be rescaled: its sum overflows"),
    ]
    for sw, message in cases:
        with pytest.raises(ValueError, match=message):
            model.fit(X, y, sample_weight=sw)
    with pytest.raises(TypeError, match="sample_weight must be"):
        model.fit(X, y, sample_weight="heavy")
    # complex numbers are a ValueError, as in scikit-learn (whose checks match on its words)
    with pytest.raises(ValueError, match="sample_weight must be an array of real numbers: Complex data not supported"):
        model.fit(X, y, sample_weight=[1j] * n)


def test_folds_without_weight_are_rejected():
    X, y, _ = make_problem("tall", 1)
    w = np.ones(len(y))
    w[:20] = 0.0  # the first of the 3 contiguous folds has no weight
    for model in (RidgeCV(cv=3), LassoCV(cv=3, n_alphas=5)):
        with pytest.raises(ValueError, match="sample_weight must have a positive weight in every training and test fold"):
            model.fit(X, y, sample_weight=w)
    with pytest.raises(ValueError, match="at least 2 samples of positive sample_weight"):
        RidgeCV().fit(X, y, sample_weight=np.eye(len(y))[0])


@settings(max_examples=60, deadline=None)
@given(
    weights=hnp.arrays(np.float64, st.integers(1, 12), elements=st.floats(allow_nan=True, allow_infinity=True)),
    model=st.sampled_from([LinearRegression(), Ridge(alpha=[0.0, 1.0]), RidgeCV(), Lasso(alpha=0.1)]),
)
def test_random_weights_fit_or_raise_a_clear_error(weights, model):
    X, y, _ = make_problem("tall", 2)
    X, y = X[: len(weights)], y[: len(weights)]
    try:
        model.fit(X, y, sample_weight=weights)
    except ValueError as error:
        assert "sample_weight" in str(error) or "leave-one-out" in str(error)
        return
    except PhysmlError:
        # the core's own error on designs near the float64 limits (rows scaled by
        # √w ~ 1e-155 make X̃ᵀX̃ subnormal), as in the unweighted garbage tests
        return
    assert np.isfinite(model.coef_).all() and np.isfinite(model.intercept_).all()
