import numpy as np
import pytest

from physml import data, linear, resampling


@pytest.fixture
def franke(rng):
    x, y, z = data.make_franke(103, noise=0.2, random_state=rng)
    return data.design_matrix(x, y, degree=3, include_bias=False), z


@pytest.mark.parametrize("k", [2, 5, 10])
def test_kfold_matches_physml(exercise, franke, k):
    X, z = franke
    got = exercise.kfold_mse(linear.Ridge(alpha=0.01), X, z, k)
    want = resampling.cross_val_mse(linear.Ridge(alpha=0.01), X, z, cv=k)
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_bootstrap_matches_physml(exercise, franke):
    X, z = franke
    X_train, X_test, z_train, z_test = data.train_test_split(X, z, test_size=0.25, random_state=0)
    ref = resampling.bootstrap(linear.LinearRegression(), X_train, z_train, X_test, z_test,
                               n_bootstraps=30, random_state=1)
    error, bias2, variance = exercise.bootstrap_bias_variance(
        linear.LinearRegression(), X_train, z_train, X_test, z_test, ref.indices)
    np.testing.assert_allclose([error, bias2, variance], [ref.error, ref.bias2, ref.variance], rtol=1e-9)
    assert error == pytest.approx(bias2 + variance)
