import warnings

import numpy as np
import pytest

from physml import linear, nn
from physml.testing import check_gradient


@pytest.fixture
def problem(rng):
    X = rng.normal(size=(200, 3))
    y = 1.0 + X @ [1.5, -2.0, 0.5] + 0.3 * rng.normal(size=200)
    return X, y


def test_gradient_matches_finite_differences(exercise, problem, rng):
    X, y = problem
    theta = rng.normal(size=4)
    check_gradient(lambda t: exercise.cost(t, X, y), theta, exercise.gradient(theta, X, y))


def test_minibatches_partition_a_permutation(exercise, rng):
    batches = exercise.minibatches(103, 10, rng)
    assert [len(b) for b in batches] == [10] * 10 + [3]
    assert sorted(np.concatenate(batches).tolist()) == list(range(103))
    assert not np.array_equal(np.concatenate(batches), np.arange(103)), "the samples were not shuffled"


@pytest.mark.parametrize("optimizer, eta", [("sgd", 0.1), ("adagrad", 0.5), ("rmsprop", 0.01)])
@pytest.mark.parametrize("n_epochs", [1, 7, 50])
def test_full_batch_steps_are_physml_s(exercise, problem, optimizer, eta, n_epochs):
    X, y = problem
    theta = exercise.sgd(X, y, optimizer, eta, n_epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # physml warns that max_iter stopped it before convergence
        ref = nn.SGDRegressor(optimizer=optimizer, learning_rate_init=eta, momentum=0.0, batch_size=None,
                              max_iter=n_epochs, tol=0, n_iter_no_change=n_epochs).fit(X, y)
    np.testing.assert_allclose(theta, np.r_[ref.intercept_, ref.coef_], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("optimizer, eta", [("sgd", 0.05), ("adagrad", 0.5), ("rmsprop", 0.01)])
def test_minibatch_descent_reaches_least_squares(exercise, problem, rng, optimizer, eta):
    X, y = problem
    theta = exercise.sgd(X, y, optimizer, eta, 100, batch_size=20, rng=rng)
    ols = linear.LinearRegression().fit(X, y)
    np.testing.assert_allclose(theta, np.r_[ols.intercept_, ols.coef_], atol=0.05)
