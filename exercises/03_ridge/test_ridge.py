import pytest

from physml import data, linear
from physml.testing import assert_estimator_close


@pytest.mark.parametrize("alpha", [1e-4, 0.1, 10.0])
def test_ridge_matches_physml(exercise, rng, alpha):
    x, y, z = data.make_franke(150, noise=0.1, random_state=rng)
    X = data.design_matrix(x, y, degree=4, include_bias=False)
    assert_estimator_close(exercise.RidgeRegression(alpha), linear.Ridge(alpha=alpha), X, z)


def test_large_alpha_shrinks_to_the_mean(exercise, rng):
    X = rng.normal(size=(30, 4))
    y = X @ [1.0, 2.0, 3.0, 4.0] + 5.0
    model = exercise.RidgeRegression(1e12).fit(X, y)
    assert abs(model.coef_).max() < 1e-8
    assert model.intercept_ == pytest.approx(y.mean())
