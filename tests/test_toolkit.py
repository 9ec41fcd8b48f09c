"""The course toolkit (physml.data, physml.resampling) against NumPy and scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression as SkLinearRegression
from sklearn.model_selection import KFold as SkKFold
from sklearn.preprocessing import PolynomialFeatures as SkPolynomialFeatures
from sklearn.preprocessing import StandardScaler as SkStandardScaler

from physml import data, resampling
from physml.data import design_matrix


def explicit_2d(x, y, degree, include_bias=True):
    cols = [x**(d - k) * y**k for d in range(degree + 1) for k in range(d + 1)]
    X = np.column_stack(cols)
    return X if include_bias else X[:, 1:]


# ---------------------------------------------------------------- design matrix


@pytest.mark.parametrize("degree", [0, 1, 2, 5, 10])
@pytest.mark.parametrize("include_bias", [True, False])
def test_design_matrix_one_variable_is_vandermonde(degree, include_bias):
    x = np.random.default_rng(degree).uniform(-2, 2, 37)
    want = np.vander(x, degree + 1, increasing=True)
    if not include_bias:
        want = want[:, 1:]
    got = design_matrix(x, degree=degree, include_bias=include_bias)
    assert got.shape == (37, degree + int(include_bias))
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)
    np.testing.assert_allclose(design_matrix(x[:, None], degree=degree,
                                             include_bias=include_bias), want, rtol=1e-13)


@pytest.mark.parametrize("degree", [0, 1, 3, 8])
@pytest.mark.parametrize("include_bias", [True, False])
def test_design_matrix_two_variables_matches_numpy_and_sklearn(degree, include_bias):
    rng = np.random.default_rng(degree)
    x, y = rng.uniform(-1.5, 1.5, (2, 5001))  # more rows than one parallel task
    got = design_matrix(x, y, degree=degree, include_bias=include_bias)
    assert got.shape[1] == (degree + 1) * (degree + 2) // 2 - (not include_bias)
    assert got.shape[1] == data.n_design_columns(degree, 2, include_bias)
    np.testing.assert_allclose(got, explicit_2d(x, y, degree, include_bias), rtol=1e-12)
    if degree > 0 or include_bias:  # scikit-learn refuses the empty matrix
        sk = SkPolynomialFeatures(degree, include_bias=include_bias).fit(np.column_stack([x, y]))
        np.testing.assert_allclose(got, sk.transform(np.column_stack([x, y])), rtol=1e-12)
    # (x, y) as one (n, 2) matrix is the same
    np.testing.assert_array_equal(design_matrix(np.column_stack([x, y]), degree=degree,
                                                include_bias=include_bias), got)


def test_polynomial_features_transformer_matches_sklearn():
    X = np.random.default_rng(0).random((20, 2))
    ours = data.PolynomialFeatures(4, include_bias=False).fit(X)
    sk = SkPolynomialFeatures(4, include_bias=False).fit(X)
    np.testing.assert_array_equal(ours.powers_, sk.powers_)
    assert list(ours.get_feature_names_out()) == list(sk.get_feature_names_out())
    np.testing.assert_allclose(ours.transform(X), sk.transform(X), rtol=1e-13)
    one = data.PolynomialFeatures(3).fit(X[:, :1])
    np.testing.assert_array_equal(one.powers_, SkPolynomialFeatures(3).fit(X[:, :1]).powers_)


@pytest.mark.parametrize("n_features", [1, 2, 3, 5])
@pytest.mark.parametrize("degree", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("include_bias", [True, False])
@pytest.mark.parametrize("interaction_only", [False, True])
def test_polynomial_features_of_any_width_match_sklearn(n_features, degree, include_bias, interaction_only):
    """scikit-learn's PolynomialFeatures is the oracle: exponents, names and values to
    the last bit (the same products in the same order), for any number of input columns
    (on more rows than one parallel task of the core)."""
    X = np.random.default_rng(n_features).uniform(-1.5, 1.5, (300, n_features))
    kw = dict(include_bias=include_bias, interaction_only=interaction_only)
    if degree == 0 and not include_bias:  # scikit-learn refuses the empty output; it is empty here
        assert data.PolynomialFeatures(degree, **kw).fit_transform(X).shape == (300, 0)
        return
    sk = SkPolynomialFeatures(degree, **kw).fit(X)
    ours = data.PolynomialFeatures(degree, **kw).fit(X)
    np.testing.assert_array_equal(ours.powers_, sk.powers_)
    assert ours.n_output_features_ == sk.n_output_features_
    names = [f"c{i}" for i in range(n_features)]
    assert list(ours.get_feature_names_out(names)) == list(sk.get_feature_names_out(names))
    np.testing.assert_array_equal(ours.transform(X), sk.transform(X))
    if n_features <= 2 and not interaction_only:  # the course's design function is the same
        columns = [X[:, 0]] if n_features == 1 else [X[:, 0], X[:, 1]]
        np.testing.assert_array_equal(design_matrix(*columns, degree=degree, include_bias=include_bias),
                                      sk.transform(X))


def test_polynomial_features_in_three_columns_keep_the_product_order_and_refuse_what_is_wrong():
    X = np.random.default_rng(1).normal(size=(5000, 3))  # more than one parallel task
    got = data.PolynomialFeatures(3).fit_transform(X)
    np.testing.assert_array_equal(got, SkPolynomialFeatures(3).fit_transform(X))  # same products, same bits
    # the one- and two-column cases are design_matrix's
    np.testing.assert_array_equal(data.PolynomialFeatures(3).fit_transform(X[:, :2]),
                                  design_matrix(X[:, :2], degree=3))
    assert list(data.PolynomialFeatures(2).fit(X[:, :2]).get_feature_names_out()) == [
        "1", "x0", "x1", "x0^2", "x0 x1", "x1^2"]
    with pytest.raises(ValueError, match="degree must keep every power"):
        data.PolynomialFeatures(3).fit_transform(np.full((2, 3), 1e200))
    with pytest.raises(ValueError, match="degree must be small enough to fit in memory"):
        data.PolynomialFeatures(10**5).fit(X)
    with pytest.raises(TypeError, match="interaction_only"):
        data.PolynomialFeatures(2, interaction_only="yes").fit(X)
    with pytest.raises(ValueError, match="X has 2 features"):
        data.PolynomialFeatures(2).fit(X).transform(X[:, :2])


def test_design_matrix_accepts_lists_float32_and_views():
    base = np.linspace(0, 1, 20)
    x, y = base[::2], base[1::2]  # non-contiguous views
    want = explicit_2d(x, y, 3)
    np.testing.assert_allclose(design_matrix(x, y, degree=3), want, rtol=1e-13)
    np.testing.assert_allclose(design_matrix(list(x), list(y), degree=3), want, rtol=1e-13)
    got32 = design_matrix(x.astype(np.float32), y.astype(np.float32), degree=3)
    assert got32.dtype == np.float64
    np.testing.assert_allclose(got32, want, rtol=1e-6)
    np.testing.assert_array_equal(design_matrix(np.asfortranarray(np.column_stack([x, y])),
                                                degree=3), design_matrix(x, y, degree=3))


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(degree=-1), ValueError, "degree must be >= 0"),
        (dict(degree=2.5), TypeError, "degree must be an integer"),
        (dict(degree="3"), TypeError, "degree"),
        (dict(degree=None), TypeError, "degree"),
        (dict(degree=2, include_bias="yes"), TypeError, "include_bias"),
        (dict(degree=10**9), ValueError, "degree must be small enough to fit in memory"),
    ],
)
def test_design_matrix_rejects_bad_parameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        design_matrix(np.ones(5), np.ones(5), **kwargs)


def test_design_matrix_rejects_bad_data():
    with pytest.raises(ValueError, match="x contains NaN"):
        design_matrix([1.0, np.nan], degree=2)
    with pytest.raises(ValueError, match="y contains NaN"):
        design_matrix([1.0, 2.0], [np.inf, 1.0], degree=2)
    with pytest.raises(ValueError, match="same length"):
        design_matrix([1.0, 2.0], [1.0], degree=2)
    with pytest.raises(ValueError, match="x must not be empty"):
        design_matrix([], degree=2)
    with pytest.raises(TypeError, match="x must be an array of"):
        design_matrix("abc", degree=2)
    with pytest.raises(TypeError, match="y must be an array of"):
        design_matrix([1.0], ["a"], degree=2)
    with pytest.raises(ValueError, match="degree must keep every power"):
        design_matrix([1e200], degree=2)
    with pytest.raises(ValueError, match="shape"):
        design_matrix(np.ones((3, 3)), degree=2)


# ---------------------------------------------------------------- test functions


def test_franke_function_at_known_points():
    # f(x, y) evaluated term by term from Franke's formula
    def reference(x, y):
        return (0.75 * np.exp(-(9 * x - 2) ** 2 / 4 - (9 * y - 2) ** 2 / 4)
                + 0.75 * np.exp(-(9 * x + 1) ** 2 / 49 - (9 * y + 1) / 10)
                + 0.5 * np.exp(-(9 * x - 7) ** 2 / 4 - (9 * y - 3) ** 2 / 4)
                - 0.2 * np.exp(-(9 * x - 4) ** 2 - (9 * y - 7) ** 2))

    at_origin = (0.75 * np.exp(-2.0) + 0.75 * np.exp(-1 / 49 - 1 / 10)
                 + 0.5 * np.exp(-14.5) - 0.2 * np.exp(-65.0))
    assert data.franke_function(0.0, 0.0) == pytest.approx(at_origin, rel=1e-15)
    assert data.franke_function(0.0, 0.0) == pytest.approx(0.76642059128, rel=1e-10)
    # the global peak sits near (2/9, 2/9) with height ≈ 1.2
    assert data.franke_function(2 / 9, 2 / 9) == pytest.approx(reference(2 / 9, 2 / 9), rel=1e-15)
    assert 1.2 < data.franke_function(2 / 9, 2 / 9) < 1.23
    xx, yy = np.meshgrid(np.linspace(0, 1, 7), np.linspace(0, 1, 5))
    np.testing.assert_allclose(data.franke_function(xx, yy), reference(xx, yy), rtol=1e-15)


def test_make_franke_and_runge_are_reproducible_and_noisy_as_asked():
    x, y, z = data.make_franke(5000, noise=0.1, random_state=3)
    x2, y2, z2 = data.make_franke(5000, noise=0.1, random_state=3)
    np.testing.assert_array_equal(z, z2)
    assert 0 <= x.min() and x.max() < 1 and 0 <= y.min() and y.max() < 1
    assert np.std(z - data.franke_function(x, y)) == pytest.approx(0.1, rel=0.05)
    _, _, z3 = data.make_franke(5000, noise=0.1, random_state=4)
    assert not np.array_equal(z, z3)
    xr, yr = data.make_runge(2000, noise=0.0, random_state=0)
    assert -1 <= xr.min() and xr.max() < 1
    np.testing.assert_allclose(yr, 1 / (1 + 25 * xr**2))
    assert data.runge_function(0.2) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        data.make_franke(10, noise=-1)
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        data.make_runge(0)
    with pytest.raises(TypeError, match="n_samples must be an integer"):
        data.make_franke("10")


# ---------------------------------------------------------------- scaling


@pytest.mark.parametrize("with_mean", [True, False])
@pytest.mark.parametrize("with_std", [True, False])
def test_standard_scaler_matches_sklearn(with_mean, with_std):
    rng = np.random.default_rng(1)
    X_train = rng.normal(3.0, 2.0, (50, 4))
    X_train[:, 2] = 7.0  # a constant column keeps scale 1
    X_test = rng.normal(3.0, 2.0, (20, 4))
    ours = data.StandardScaler(with_mean=with_mean, with_std=with_std).fit(X_train)
    sk = SkStandardScaler(with_mean=with_mean, with_std=with_std).fit(X_train)
    np.testing.assert_allclose(ours.transform(X_test), sk.transform(X_test), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(ours.fit_transform(X_train), sk.transform(X_train), atol=1e-13)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X_test)), X_test, rtol=1e-13)
    if with_std:
        np.testing.assert_allclose(ours.scale_, sk.scale_, rtol=1e-13)
        assert ours.scale_[2] == 1.0
    else:
        assert ours.scale_ is None and sk.scale_ is None


def test_standard_scaler_learns_from_the_training_set_only():
    X_train = np.array([[0.0], [2.0]])
    scaler = data.StandardScaler().fit(X_train)
    np.testing.assert_allclose(scaler.transform([[4.0]]), [[3.0]])


def test_standard_scaler_bad_input():
    scaler = data.StandardScaler()
    with pytest.raises(ValueError, match="not fitted"):
        scaler.transform(np.ones((2, 2)))
    with pytest.raises(ValueError, match="2-D"):
        scaler.fit(np.ones(3))
    scaler.fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="X has 3 features"):
        scaler.transform(np.ones((2, 3)))
    with pytest.raises(TypeError, match="with_mean"):
        data.StandardScaler(with_mean=None).fit(np.ones((3, 2)))


# ---------------------------------------------------------------- train/test split


def test_train_test_split_partitions_and_reproduces():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_size=0.3, random_state=5)
    assert X_tr.shape == (7, 2) and X_te.shape == (3, 2)
    assert y_tr.dtype == y.dtype  # labels keep their dtype
    np.testing.assert_array_equal(X_tr[:, 0] / 2, y_tr)
    assert sorted(np.concatenate([y_tr, y_te])) == list(range(10))
    again = data.train_test_split(X, y, test_size=0.3, random_state=5)
    np.testing.assert_array_equal(again[3], y_te)
    _, _, _, y_te_ordered = data.train_test_split(X, y, test_size=0.3, shuffle=False)
    np.testing.assert_array_equal(y_te_ordered, [7, 8, 9])


@pytest.mark.parametrize("test_size", [0.0, 1.0, -0.1, 1.5])
def test_train_test_split_rejects_test_size_outside_unit_interval(test_size):
    with pytest.raises(ValueError, match="test_size must be"):
        data.train_test_split(np.ones(10), test_size=test_size)


def test_train_test_split_bad_input():
    with pytest.raises(ValueError, match="same length"):
        data.train_test_split(np.ones(10), np.ones(9))
    with pytest.raises(ValueError, match="at least one array"):
        data.train_test_split()
    with pytest.raises(ValueError, match="no training samples"):
        data.train_test_split(np.ones(2), test_size=0.9)
    with pytest.raises(ValueError, match="NaN"):
        data.train_test_split([1.0, np.nan, 2.0])
    with pytest.raises(TypeError, match="arrays\\[0\\]"):
        data.train_test_split(["a", "b", "c"])
    with pytest.raises(ValueError, match="arrays\\[1\\] must be a rectangular array"):
        data.train_test_split(np.ones(2), [[1.0, 2.0], [3.0]])
    with pytest.raises(ValueError, match="must not be empty"):
        data.train_test_split(np.ones((0, 2)))


# ---------------------------------------------------------------- k-fold


@pytest.mark.parametrize("n, k", [(10, 5), (11, 3), (7, 7), (100, 10)])
@pytest.mark.parametrize("shuffle", [False, True])
def test_kfold_partitions_every_sample_once(n, k, shuffle):
    splits = resampling.kfold_indices(n, k, shuffle=shuffle, random_state=0)
    assert len(splits) == k
    tests = np.concatenate([test for _, test in splits])
    assert sorted(tests) == list(range(n))
    for train, test in splits:
        assert set(train).isdisjoint(test)
        assert len(train) + len(test) == n
        assert len(test) in (n // k, n // k + 1)
    if not shuffle:
        sk = list(SkKFold(k).split(np.zeros(n)))
        for (a, b), (c, d) in zip(splits, sk):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)


def test_kfold_splitter_is_reproducible_and_works_in_sklearn():
    from sklearn.model_selection import cross_val_score

    X = np.random.default_rng(0).random((30, 3))
    y = X @ [1.0, 2.0, 3.0]
    cv = resampling.KFold(5, shuffle=True, random_state=2)
    first = [t for _, t in cv.split(X)]
    second = [t for _, t in cv.split(X)]
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    scores = cross_val_score(SkLinearRegression(), X, y, cv=cv)
    assert scores.shape == (5,) and np.allclose(scores, 1.0)


def test_kfold_bad_input():
    with pytest.raises(ValueError, match="n_splits must be <= n_samples = 4"):
        resampling.kfold_indices(4, 5)
    with pytest.raises(ValueError, match="n_splits must be >= 2"):
        resampling.KFold(1)
    X = np.ones((4, 1))
    with pytest.raises(ValueError, match="n_splits must be <= n_samples"):
        resampling.cross_validate(SkLinearRegression(), X, np.ones(4), cv=5)
    with pytest.raises(TypeError, match="cv must be"):
        resampling.cross_validate(SkLinearRegression(), X, np.ones(4), cv="five")


def test_cross_validate_matches_sklearn():
    from sklearn.model_selection import cross_validate as sk_cross_validate

    x, y, z = data.make_franke(300, noise=0.1, random_state=0)
    X = design_matrix(x, y, degree=4)
    cv = resampling.KFold(5, shuffle=True, random_state=1)
    ours = resampling.cross_validate(SkLinearRegression(), X, z, cv=cv)
    sk = sk_cross_validate(SkLinearRegression(), X, z, cv=cv,
                           scoring=("neg_mean_squared_error", "r2"), return_train_score=True)
    np.testing.assert_allclose(ours["test_mse"], -sk["test_neg_mean_squared_error"], rtol=1e-10)
    np.testing.assert_allclose(ours["train_mse"], -sk["train_neg_mean_squared_error"], rtol=1e-10)
    np.testing.assert_allclose(ours["test_r2"], sk["test_r2"], rtol=1e-10)
    np.testing.assert_allclose(resampling.cross_val_mse(SkLinearRegression(), X, z, cv=cv),
                               ours["test_mse"])


class SeveralModels:
    """Predicts one column per model, as physml.linear.Ridge with an array of alphas."""

    def __init__(self, shifts=(0.0, 1.0)):
        self.shifts = shifts

    def get_params(self, deep=True):
        return {"shifts": self.shifts}

    def fit(self, X, y):
        self.model_ = SkLinearRegression().fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)[:, None] + np.asarray(self.shifts)


def test_cross_validate_scores_each_model_of_a_multi_model_estimator():
    X = np.random.default_rng(0).random((40, 3))
    y = X @ [1.0, -2.0, 0.5]
    res = resampling.cross_validate(SeveralModels(), X, y, cv=4)
    assert res["test_mse"].shape == (4, 2)
    np.testing.assert_allclose(res["test_mse"][:, 0], 0.0, atol=1e-20)
    np.testing.assert_allclose(res["test_mse"][:, 1], 1.0)


# ---------------------------------------------------------------- bootstrap, bias-variance


def franke_split(n=200, degree=3, seed=0):
    x, y, z = data.make_franke(n, noise=0.1, random_state=seed)
    X = design_matrix(x, y, degree=degree)
    return data.train_test_split(X, z, test_size=0.25, random_state=seed)


def test_bootstrap_is_reproducible_and_matches_a_manual_loop():
    X_tr, X_te, z_tr, z_te = franke_split()
    est = SkLinearRegression()
    a = resampling.bootstrap(est, X_tr, z_tr, X_te, z_te, n_bootstraps=30, random_state=7)
    b = resampling.bootstrap(est, X_tr, z_tr, X_te, z_te, n_bootstraps=30, random_state=7)
    np.testing.assert_array_equal(a.predictions, b.predictions)
    assert a.predictions.shape == (30, X_te.shape[0])
    assert not hasattr(est, "coef_")  # the estimator passed in stays unfitted
    for bth in (0, 29):
        idx = a.indices[bth]
        manual = SkLinearRegression().fit(X_tr[idx], z_tr[idx]).predict(X_te)
        np.testing.assert_allclose(a.predictions[bth], manual, rtol=1e-12)
        assert a.mse[bth] == pytest.approx(np.mean((z_te - manual) ** 2), rel=1e-12)
    c = resampling.bootstrap(est, X_tr, z_tr, X_te, z_te, n_bootstraps=30, random_state=8)
    assert not np.array_equal(a.predictions, c.predictions)


def test_bootstrap_indices_draw_with_replacement():
    idx = resampling.bootstrap_indices(1000, 50, random_state=0)
    assert idx.shape == (50, 1000) and idx.min() >= 0 and idx.max() < 1000
    # a bootstrap sample holds about 1 - 1/e of the distinct samples
    distinct = np.mean([len(np.unique(row)) for row in idx]) / 1000
    assert distinct == pytest.approx(1 - np.exp(-1), abs=0.02)


def test_bias_variance_identity_holds_exactly():
    X_tr, X_te, z_tr, z_te = franke_split(degree=5)
    res = resampling.bootstrap(SkLinearRegression(), X_tr, z_tr, X_te, z_te, 40, random_state=1)
    assert res.error == pytest.approx(res.bias2 + res.variance, rel=1e-12)
    p = res.predictions
    assert res.error == pytest.approx(np.mean((z_te[None, :] - p) ** 2), rel=1e-14)
    assert res.bias2 == pytest.approx(np.mean((z_te - p.mean(axis=0)) ** 2), rel=1e-14)
    assert res.variance == pytest.approx(np.mean(np.var(p, axis=0)), rel=1e-12)
    assert res.error == pytest.approx(res.mse.mean(), rel=1e-12)


def test_bias_variance_decomposition_over_degrees():
    x, y, z = data.make_franke(400, noise=0.05, random_state=2)
    xy_tr, xy_te, z_tr, z_te = data.train_test_split(np.column_stack([x, y]), z, random_state=2)
    degrees = [1, 3, 6]
    X_trs = [design_matrix(xy_tr, degree=d) for d in degrees]
    X_tes = [design_matrix(xy_te, degree=d) for d in degrees]
    res = resampling.bias_variance_decomposition(
        [SkLinearRegression() for _ in degrees], X_trs, z_tr, X_tes, z_te, 30, random_state=0)
    np.testing.assert_allclose(res.error, res.bias2 + res.variance, rtol=1e-12)
    assert res.bias2[0] > res.bias2[-1]  # bias falls with the degree
    assert res.variance[0] < res.variance[-1]  # variance grows
    # each entry is what bootstrap() gives for that model with the same seed
    single = resampling.bootstrap(SkLinearRegression(), X_trs[1], z_tr, X_tes[1], z_te, 30, 0)
    assert res.error[1] == single.error


def test_bootstrap_bad_input():
    X_tr, X_te, z_tr, z_te = franke_split()
    est = SkLinearRegression()
    with pytest.raises(ValueError, match="n_bootstraps must be >= 1"):
        resampling.bootstrap(est, X_tr, z_tr, X_te, z_te, n_bootstraps=0)
    with pytest.raises(ValueError, match="X_train and y_train"):
        resampling.bootstrap(est, X_tr, z_tr[:-1], X_te, z_te)
    with pytest.raises(ValueError, match="X_test has"):
        resampling.bootstrap(est, X_tr, z_tr, X_te[:, :2], z_te)
    with pytest.raises(TypeError, match="estimator must have"):
        resampling.bootstrap("ols", X_tr, z_tr, X_te, z_te)
    with pytest.raises(ValueError, match="NaN"):
        resampling.bootstrap(est, np.full_like(X_tr, np.nan), z_tr, X_te, z_te)
    with pytest.raises(ValueError, match="predictions must have shape"):
        resampling.bias_variance(z_te, np.ones((3, 2)))
    with pytest.raises(ValueError, match="at least one estimator"):
        resampling.bias_variance_decomposition([], X_tr, z_tr, X_te, z_te)


def test_mse_and_r2_are_the_metrics():
    from physml import metrics

    assert resampling.mse is metrics.mean_squared_error
    assert resampling.r2 is metrics.r2_score
    assert resampling.mse([1.0, 2.0], [1.0, 4.0]) == 2.0


def test_fitted_transformers_pickle_to_identical_output():
    import pickle

    X = np.random.default_rng(0).random((15, 2))
    for transformer in (data.StandardScaler(), data.PolynomialFeatures(3)):
        fitted = transformer.fit(X)
        again = pickle.loads(pickle.dumps(fitted))
        np.testing.assert_array_equal(again.transform(X), fitted.transform(X))


def test_a_cv_beyond_the_fold_limit_names_cv():
    """Found by tests/test_fuzz.py: cv=2**31 was refused as "n_splits must be <= ..."
    (KFold has no size limit of its own: the folds are checked against the samples)."""
    X = np.random.default_rng(0).normal(size=(12, 2))
    with pytest.raises(ValueError, match="cv: n_splits must be <= n_samples = 12"):
        resampling.cross_val_mse(SkLinearRegression(), X, X[:, 0], cv=2**31)


RESAMPLING_SIZES = r"""
import json
from physml import resampling
out = {}
for name, run in {
    "fits": lambda: resampling.bootstrap_indices(1000, 100).shape,       # 0.8 MB
    "n_bootstraps": lambda: resampling.bootstrap_indices(1000, 200),     # 1.6 MB
    "n_samples": lambda: resampling.bootstrap_indices(300_000, 1),       # 2.4 MB
    "n_splits": lambda: resampling.kfold_indices(50_000, 3),             # 1.2 MB
    "kfold n_samples": lambda: resampling.kfold_indices(200_000, 2),     # 1.6 MB for the order alone
}.items():
    try:
        out[name] = str(run())
    except Exception as e:
        out[name] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
"""


def test_resampling_sizes_go_through_the_memory_check():
    """The index generators have no size limit of their own: a request is refused when
    its int64 indices exceed the core's memory limit (PHYSML_MEMORY_LIMIT, 1 MB here),
    with a ValueError naming the parameter and the bytes."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, PHYSML_MEMORY_LIMIT=str(10**6))
    proc = subprocess.run([sys.executable, "-c", RESAMPLING_SIZES], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out.pop("fits") == "(100, 1000)"
    needed = {"n_bootstraps": "1.6 MB", "n_samples": "2.4 MB", "n_splits": "1.2 MB", "kfold n_samples": "1.6 MB"}
    for name, outcome in out.items():
        param = name.split()[-1]
        assert outcome.startswith(f"ValueError: {param} must be small enough to fit in memory"), outcome
        assert needed[name] in outcome, outcome
    assert not hasattr(resampling, "MAX_INDICES")
    # beyond any machine, in this process (its limit is the machine's memory)
    with pytest.raises(ValueError, match=r"n_samples must be small enough to fit in memory.*8\.0 TB"):
        resampling.bootstrap_indices(10**12, 1)
