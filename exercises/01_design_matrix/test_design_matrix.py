import numpy as np
import pytest

from physml import data, metrics


@pytest.mark.parametrize("degree", [0, 1, 2, 5])
def test_design_matrix_matches_physml(exercise, rng, degree):
    x, y = rng.uniform(size=(2, 50))
    got = exercise.design_matrix(x, y, degree)
    np.testing.assert_allclose(got, data.design_matrix(x, y, degree=degree), rtol=1e-12)


def test_mse_and_r2_match_physml(exercise, rng):
    x, y, z = data.make_franke(100, noise=0.1, random_state=rng)
    z_pred = data.franke_function(x, y)
    assert exercise.mse(z, z_pred) == pytest.approx(metrics.mean_squared_error(z, z_pred), rel=1e-12)
    assert exercise.r2(z, z_pred) == pytest.approx(metrics.r2_score(z, z_pred), rel=1e-12)
