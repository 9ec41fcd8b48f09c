import numpy as np
import pytest

from physml import linear
from physml.testing import check_gradient


@pytest.fixture
def problem(rng):
    X = rng.normal(size=(80, 3))
    y = X @ [1.5, -2.0, 0.5] + 0.1 * rng.normal(size=80)
    return X, y


def test_gradient_matches_finite_differences(exercise, problem, rng):
    X, y = problem
    beta = rng.normal(size=3)
    check_gradient(lambda b: exercise.cost(X, y, b, 0.1), beta, exercise.gradient(X, y, beta, 0.1))


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_gradient_descent_converges_to_ridge(exercise, problem, momentum):
    X, y = problem
    lam = 0.05
    beta = exercise.gradient_descent(X, y, lam, eta=0.05, n_iter=2000, momentum=momentum)
    ref = linear.Ridge(alpha=len(y) * lam, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(beta, ref.coef_, atol=1e-6)


def test_adam_converges_to_ridge(exercise, problem):
    X, y = problem
    beta = exercise.adam(X, y, 0.05, eta=0.02, n_iter=3000)
    ref = linear.Ridge(alpha=len(y) * 0.05, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(beta, ref.coef_, atol=1e-3)
