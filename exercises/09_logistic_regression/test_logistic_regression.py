import warnings

import numpy as np
import pytest

from physml import metrics, nn
from physml.testing import check_gradient


@pytest.fixture
def problem(rng):
    n = 200
    X = rng.normal(size=(n, 3))
    p = 1 / (1 + np.exp(-(0.3 + X @ [1.5, -2.0, 0.5])))
    y = (rng.uniform(size=n) < p).astype(int)
    return X, y


def test_sigmoid_is_the_logistic_function_without_overflow(exercise):
    from scipy.special import expit

    z = np.array([-1000.0, -745.0, -30.0, -1.0, 0.0, 0.5, 30.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow in exp is a RuntimeWarning
        s = exercise.sigmoid(z)
    np.testing.assert_allclose(s, expit(z), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("lam", [0.0, 0.1])
def test_cost_is_the_log_loss_plus_the_penalty(exercise, problem, rng, lam):
    X, y = problem
    theta = rng.normal(size=4)
    p = 1 / (1 + np.exp(-(theta[0] + X @ theta[1:])))
    want = metrics.log_loss(y, p) + 0.5 * lam * theta[1:] @ theta[1:]
    assert exercise.cost(theta, X, y, lam) == pytest.approx(want, rel=1e-10)


@pytest.mark.parametrize("lam", [0.0, 0.1])
def test_gradient_matches_finite_differences(exercise, problem, rng, lam):
    X, y = problem
    theta = rng.normal(size=4)
    check_gradient(lambda t: exercise.cost(t, X, y, lam), theta, exercise.gradient(theta, X, y, lam))


@pytest.mark.parametrize("lam", [0.01, 0.1])
def test_fit_matches_physml_and_scikit_learn(exercise, problem, lam):
    X, y = problem
    n, eta, n_iter = len(y), 0.5, 3000
    model = exercise.LogisticRegression(lam=lam, eta=eta, n_iter=n_iter).fit(X, y)
    ref = nn.LogisticRegression(C=1 / (n * lam), optimizer="sgd", momentum=0.0, learning_rate_init=eta,
                                max_iter=n_iter, tol=1e-14).fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_[0], atol=1e-4, err_msg="coef_ vs physml")
    assert model.intercept_ == pytest.approx(ref.intercept_[0], abs=1e-4), "intercept_ vs physml"
    np.testing.assert_allclose(model.predict_proba(X), ref.predict_proba(X), atol=1e-4)
    assert metrics.accuracy_score(y, model.predict(X)) == metrics.accuracy_score(y, ref.predict(X))

    sklearn = pytest.importorskip("sklearn.linear_model")
    sk = sklearn.LogisticRegression(C=1 / (n * lam), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(model.coef_, sk.coef_[0], atol=1e-4, err_msg="coef_ vs scikit-learn")
