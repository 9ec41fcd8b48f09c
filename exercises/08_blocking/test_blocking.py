import numpy as np
import pytest

from physml.testing import blocking


def ar1(rng, phi, n):
    noise = rng.normal(size=n)
    x = np.empty(n)
    value = noise[0] / np.sqrt(1 - phi**2)
    for t in range(n):
        value = phi * value + noise[t]
        x[t] = value
    return x


@pytest.mark.parametrize("phi", [0.0, 0.5, 0.9])
def test_ar1_error_is_recovered(exercise, rng, phi):
    n = 2**17
    x = ar1(rng, phi, n)
    got = exercise.blocking_error(x)
    assert got == pytest.approx(1 / (np.sqrt(n) * (1 - phi)), rel=0.15)
    assert got == pytest.approx(blocking(x).error, rel=0.05)


def test_constant_series_has_a_zero_error(exercise):
    assert exercise.blocking_error(np.full(64, 3.0)) == 0.0
