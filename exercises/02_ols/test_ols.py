import pytest

from physml import data, linear
from physml.testing import assert_estimator_close


@pytest.mark.parametrize("degree", [1, 3, 5])
def test_ols_matches_physml_on_the_franke_function(exercise, rng, degree):
    x, y, z = data.make_franke(200, noise=0.1, random_state=rng)
    X = data.design_matrix(x, y, degree=degree, include_bias=False)
    assert_estimator_close(exercise.OLS(), linear.LinearRegression(), X, z)


def test_ols_without_intercept(exercise, rng):
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, -2.0, 0.5] + 3.0 + 0.1 * rng.normal(size=40)
    assert_estimator_close(exercise.OLS(fit_intercept=False), linear.LinearRegression(fit_intercept=False), X, y)
