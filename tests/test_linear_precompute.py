"""scikit-learn's `precompute`, `Xy` and `copy_X` in the coordinate-descent models:
every form of the solver reaches scikit-learn's objective, a caller's Gram matrix is
used as given when it describes X and refused with a named error when it does not."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn.base import clone

from physml.linear import ElasticNet, ElasticNetCV, Lasso, LassoCV, enet_path, lasso_path


def make_problem(kind, seed):
    rng = np.random.default_rng(seed)
    n, p = {"tall": (120, 15), "wide": (25, 60), "one_feature": (40, 1)}[kind]
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p)
    w = np.zeros(p)
    w[: max(1, p // 5)] = rng.normal(size=max(1, p // 5)) * 3
    y = X @ w + 0.5 * rng.normal(size=n)
    return X, y


def objective(X, y, coef, alpha, l1_ratio):
    """scikit-learn's 1/(2n)‖y − Xw‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖² (no intercept)."""
    r = y - X @ coef
    return r @ r / (2 * len(y)) + alpha * l1_ratio * np.abs(coef).sum() + 0.5 * alpha * (1 - l1_ratio) * coef @ coef


@pytest.mark.parametrize("kind", ["tall", "wide", "one_feature"])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_every_form_reaches_sklearn_objective_with_its_support(kind, l1_ratio):
    X, y = make_problem(kind, 3)
    gram = X.T @ X
    alphas, sk_coefs, _ = sk.enet_path(X, y, l1_ratio=l1_ratio, alphas=30, precompute=gram, tol=1e-12, max_iter=100_000)
    for precompute in ["auto", True, False, gram]:
        a, coefs, gaps = enet_path(
            X, y, l1_ratio=l1_ratio, alphas=alphas, precompute=precompute, Xy=X.T @ y, tol=1e-12, max_iter=100_000
        )
        np.testing.assert_array_equal(a, alphas)
        assert np.all(gaps >= -1e-12)
        for k, alpha in enumerate(alphas):
            ours = objective(X, y, coefs[:, k], alpha, l1_ratio)
            theirs = objective(X, y, sk_coefs[:, k], alpha, l1_ratio)
            assert ours <= theirs * (1 + 1e-7), (precompute if isinstance(precompute, (str, bool)) else "array", k)
            big = np.abs(sk_coefs[:, k]) > 1e-6 * np.abs(sk_coefs[:, k]).max(initial=0)
            np.testing.assert_array_equal(coefs[big, k] != 0, True)


def test_a_given_gram_matrix_gives_the_computed_path_to_rounding():
    """With XᵀX from NumPy the solver follows the path it follows when it builds the
    columns itself (the two products differ only in rounding)."""
    X, y = make_problem("tall", 5)
    computed = lasso_path(X, y, n_alphas=40, precompute=True, tol=1e-10)
    given = lasso_path(X, y, n_alphas=40, precompute=X.T @ X, tol=1e-10)
    np.testing.assert_array_equal(computed[0], given[0])
    np.testing.assert_allclose(given[1], computed[1], rtol=0, atol=1e-12 * np.abs(computed[1]).max())


def test_multi_target_paths_take_a_gram_matrix_and_xy():
    X, y = make_problem("tall", 6)
    Y = np.column_stack([y, -2 * y + X[:, 3]])
    alphas, coefs, _ = lasso_path(X, Y, n_alphas=10, tol=1e-10)
    _, given, _ = lasso_path(X, Y, alphas=alphas, precompute=X.T @ X, Xy=X.T @ Y, tol=1e-10)
    np.testing.assert_allclose(given, coefs, rtol=0, atol=1e-8 * np.abs(coefs).max())


def gram_errors(X, y):
    gram = X.T @ X
    asym = gram.copy()
    asym[1, 4] += 1e-3 * np.sqrt(gram[1, 1] * gram[4, 4])
    off = gram.copy()
    f1, f2 = X.shape[1] // 2, X.shape[1] // 2 + 1  # the entry scikit-learn checks
    off[f1, f2] += 1e-3 * np.sqrt(gram[f1, f1] * gram[f2, f2])
    off[f2, f1] = off[f1, f2]
    nan = gram.copy()
    nan[2, 2] = np.nan
    return {
        "scaled": (2 * gram, "entry (0, 0)"),
        "asymmetric": (asym, "not symmetric"),
        "off-diagonal": (off, f"entry ({f1}, {f2})"),
        "shape": (gram[:-1, :-1], "Gram matrix XᵀX, got shape"),
        "nan": (nan, "precompute"),
        "string": ("yes", "precompute must be 'auto', a bool"),
        "none": (None, "precompute must be 'auto', a bool"),
        "number": (3.0, "precompute must be 'auto', a bool"),
        "1-D": (np.diag(gram), "precompute must be a 2-D array"),
    }


@pytest.mark.parametrize("case", list(gram_errors(*make_problem("tall", 0))))
def test_a_wrong_gram_matrix_is_refused_naming_precompute(case):
    X, y = make_problem("tall", 0)
    bad, message = gram_errors(X, y)[case]
    with pytest.raises(ValueError, match="precompute") as info:
        lasso_path(X, y, n_alphas=5, precompute=bad)
    assert message in str(info.value)
    with pytest.raises(ValueError, match="precompute"):
        Lasso(alpha=0.1, precompute=bad, fit_intercept=False).fit(X, y)


def test_a_wrong_xy_is_refused_and_a_right_one_changes_nothing():
    X, y = make_problem("tall", 1)
    reference = lasso_path(X, y, n_alphas=10)
    same = lasso_path(X, y, n_alphas=10, Xy=X.T @ y)
    np.testing.assert_array_equal(same[1], reference[1])
    with pytest.raises(ValueError, match="Xy must be Xᵀy"):
        lasso_path(X, y, n_alphas=10, Xy=X.T @ (2 * y))
    with pytest.raises(ValueError, match=r"Xy must be Xᵀy of shape \(15, 1\)"):
        lasso_path(X, y, n_alphas=10, Xy=np.ones(7))
    with pytest.raises(ValueError, match="Xy"):
        lasso_path(X, y, n_alphas=10, Xy=np.full(15, np.nan))


def test_estimators_with_a_gram_matrix_match_sklearn():
    X, y = make_problem("tall", 2)
    Xc = X - X.mean(axis=0)
    gram = Xc.T @ Xc
    for ours, theirs in [
        (Lasso(alpha=0.05, precompute=gram, tol=1e-12), sk.Lasso(alpha=0.05, precompute=gram, tol=1e-12)),
        (
            ElasticNet(alpha=0.05, l1_ratio=0.3, precompute=gram, tol=1e-12),
            sk.ElasticNet(alpha=0.05, l1_ratio=0.3, precompute=gram, tol=1e-12),
        ),
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # centred X: no recomputation warning
            ours.fit(Xc, y)
        theirs.fit(Xc, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8)
        assert ours.intercept_ == pytest.approx(theirs.intercept_, abs=1e-8)


def test_weighted_fit_takes_the_weighted_gram_matrix_as_sklearn():
    X, y = make_problem("tall", 4)
    sw = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    scaled = sw * len(sw) / sw.sum()
    gram = X.T @ (scaled[:, None] * X)
    ours = Lasso(alpha=0.05, fit_intercept=False, precompute=gram, tol=1e-12).fit(X, y, sample_weight=sw)
    theirs = sk.Lasso(alpha=0.05, fit_intercept=False, precompute=gram, tol=1e-12).fit(X, y, sample_weight=sw)
    plain = Lasso(alpha=0.05, fit_intercept=False, tol=1e-12).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-8)
    np.testing.assert_allclose(ours.coef_, plain.coef_, rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match="precompute"):
        Lasso(alpha=0.05, fit_intercept=False, precompute=X.T @ X).fit(X, y, sample_weight=sw)


def test_gram_of_an_uncentred_x_is_dropped_with_sklearns_warning():
    X, y = make_problem("tall", 7)
    X = X + 3.0
    with pytest.warns(UserWarning, match="recomputing Gram matrix"):
        ours = Lasso(alpha=0.05, precompute=X.T @ X, tol=1e-12).fit(X, y)
    reference = Lasso(alpha=0.05, tol=1e-12).fit(X, y)
    np.testing.assert_array_equal(ours.coef_, reference.coef_)


@pytest.mark.parametrize("precompute", [True, False, "gram"])
def test_cross_validation_chooses_the_same_alpha_in_every_form(precompute):
    X, y = make_problem("tall", 8)
    Xc = X - X.mean(axis=0)
    if precompute == "gram":
        precompute = Xc.T @ Xc
    reference = LassoCV(cv=4, tol=1e-10).fit(Xc, y)
    ours = LassoCV(cv=4, tol=1e-10, precompute=precompute).fit(Xc, y)
    assert ours.alpha_ == reference.alpha_
    np.testing.assert_allclose(ours.mse_path_, reference.mse_path_, rtol=1e-7)
    np.testing.assert_allclose(ours.coef_, reference.coef_, rtol=0, atol=1e-8)
    enet = ElasticNetCV(l1_ratio=[0.5, 1.0], cv=3, precompute=precompute, tol=1e-10).fit(Xc, y)
    assert enet.alpha_ > 0


def test_copy_x_leaves_x_unchanged_and_is_validated():
    X, y = make_problem("tall", 9)
    X0 = X.copy()
    a = Lasso(alpha=0.1, copy_X=False).fit(X, y)
    b = Lasso(alpha=0.1, copy_X=True).fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    lasso_path(X, y, n_alphas=5, copy_X=False, check_input=False)
    np.testing.assert_array_equal(X, X0)
    with pytest.raises((TypeError, ValueError), match="copy_X"):
        Lasso(copy_X="no").fit(X, y)
    with pytest.raises((TypeError, ValueError), match="check_input"):
        lasso_path(X, y, check_input="no")


def test_estimators_with_a_gram_matrix_clone_and_pickle():
    X, y = make_problem("tall", 10)
    Xc = X - X.mean(axis=0)
    model = Lasso(alpha=0.1, precompute=Xc.T @ Xc, copy_X=False)
    params = clone(model).get_params()
    assert params["copy_X"] is False and params["precompute"].shape == (15, 15)
    fitted = model.fit(Xc, y)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(again.predict(Xc), fitted.predict(Xc))


def test_gram_matrices_of_centred_x_with_constant_columns_match_sklearn():
    """Found in review: X centred by NumPy has means of order 1e-17 (a constant
    column becomes 4e-17, not 0), so its Gram matrix is that of X as given, which
    physml centres again; both are accepted, and the constant column stays 0."""
    rng = np.random.default_rng(0)
    for second in (0.1 * np.ones(50), 1e3 + 1e-10 * rng.standard_normal(50)):
        X = np.column_stack([rng.standard_normal(50), second, rng.standard_normal(50)])
        y = X[:, 0] - X[:, 2] + 0.1 * rng.standard_normal(50)
        Xc = X - X.mean(axis=0)
        gram = Xc.T @ Xc
        ours = Lasso(alpha=0.01, precompute=gram, tol=1e-12).fit(Xc, y)
        theirs = sk.Lasso(alpha=0.01, precompute=gram, tol=1e-12).fit(Xc, y)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-9)
        np.testing.assert_allclose(ours.coef_, Lasso(alpha=0.01, tol=1e-12).fit(Xc, y).coef_, rtol=0, atol=1e-9)


@pytest.mark.parametrize("scale", [1e-100, 1e100, 1e150])
def test_a_wrong_gram_matrix_of_extreme_data_is_refused_in_short_words(scale):
    """Found in review: products of two squared norms beyond 1e308 made the
    tolerance infinite and any matrix passed; the values printed in 300 digits."""
    X, y = make_problem("tall", 11)
    Xs = X * scale
    gram = Xs.T @ Xs
    with pytest.raises(ValueError, match="precompute") as info:
        lasso_path(Xs, y, alphas=[0.1 * scale], precompute=2 * gram)
    assert len(str(info.value)) < 250
    _, given, _ = lasso_path(Xs, y, alphas=[0.1 * scale], precompute=gram)
    _, built, _ = lasso_path(Xs, y, alphas=[0.1 * scale])
    np.testing.assert_allclose(given, built, rtol=1e-9, atol=0)


def test_xy_of_the_wrong_orientation_is_a_shape_error():
    X, y = make_problem("tall", 12)
    Y = np.column_stack([y, 2 * y])
    with pytest.raises(ValueError, match=r"Xy must be Xᵀy of shape \(15, 2\), got shape \(2, 15\)"):
        lasso_path(X, Y, alphas=[0.1], Xy=(X.T @ Y).T)
    lasso_path(X, y, alphas=[0.1], Xy=(X.T @ y)[:, None])  # (p, 1) for a 1-D y


def test_cross_validation_refuses_a_wrong_gram_matrix_before_the_folds():
    """Found in review: the matrix was checked only at the final refit, after the
    whole cross-validation. The folds would call this splitter."""
    X, y = make_problem("tall", 13)
    Xc = X - X.mean(axis=0)

    class Folds:
        used = False

        def split(self, X):
            Folds.used = True
            return iter([(np.arange(60), np.arange(60, 120)), (np.arange(60, 120), np.arange(60))])

    with pytest.raises(ValueError, match="precompute"):
        LassoCV(cv=Folds(), precompute=2 * Xc.T @ Xc).fit(Xc, y)
    assert not Folds.used
    with pytest.warns(UserWarning, match="recomputing Gram matrix"):
        LassoCV(cv=3, precompute=(X + 1.0).T @ (X + 1.0)).fit(X + 1.0, y)


def test_path_verbose_prints_as_sklearn(capsys):
    X, y = make_problem("tall", 14)
    lasso_path(X, y, n_alphas=7, verbose=True)
    assert capsys.readouterr().err == "." * 7
    enet_path(X, y, n_alphas=3, verbose=2)
    assert capsys.readouterr().out.splitlines() == [f"Path: {i:03d} out of 003" for i in range(3)]
    lasso_path(X, y, n_alphas=3)
    assert capsys.readouterr() == ("", "")
    with pytest.raises((ValueError, TypeError), match="verbose"):
        lasso_path(X, y, verbose=-1)
