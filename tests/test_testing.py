"""physml.testing: each checker against a case with a known answer, and the failure
messages a student reads."""

import numpy as np
import pytest

from physml import linear, vmc
from physml.nn import Network
from physml.testing import (
    assert_energy,
    assert_estimator_close,
    autocorrelation_time,
    blocking,
    check_gradient,
    check_network_gradient,
)


def ar1(phi, n, seed):
    rng = np.random.default_rng(seed)
    noise = rng.normal(size=n)
    x = np.empty(n)
    value = noise[0] / np.sqrt(1 - phi**2)
    for t in range(n):
        value = phi * value + noise[t]
        x[t] = value
    return x


@pytest.mark.parametrize("phi", [0.0, 0.5, 0.9])
def test_blocking_recovers_the_known_error_and_time_of_ar1_series(phi):
    n = 2**18
    x = ar1(phi, n, seed=int(10 * phi))
    r = blocking(x)
    assert r.mean == pytest.approx(np.mean(x), rel=1e-12, abs=1e-15)
    assert r.variance == pytest.approx(np.var(x), rel=1e-10)
    assert r.error == pytest.approx(1 / (np.sqrt(n) * (1 - phi)), rel=0.1)
    assert r.autocorrelation_time == pytest.approx((1 + phi) / (1 - phi), rel=0.2)
    assert autocorrelation_time(x) == r.autocorrelation_time
    assert r.naive_error == pytest.approx(np.sqrt(np.var(x) / n))
    assert "+-" in repr(r) and len(repr(r)) < 120


def test_blocking_refuses_bad_series():
    with pytest.raises(ValueError, match="x"):
        blocking([1.0])
    with pytest.raises(ValueError, match="x"):
        blocking([1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match="x"):
        blocking(np.ones((3, 3)))
    assert blocking(np.full(100, 2.0)).error == 0.0


def test_check_gradient_accepts_a_right_gradient_and_names_the_worst_wrong_component():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    def f(x):
        return float(np.sin(x) @ A @ np.sin(x))
    def grad(x):
        return 2 * np.cos(x) * (A @ np.sin(x))
    x = np.array([0.3, -1.2])
    ok = check_gradient(f, x, grad)
    assert ok.max_abs_error < 1e-6
    numerical = check_gradient(f, x).numerical
    np.testing.assert_allclose(numerical, grad(x), rtol=1e-7)
    with pytest.raises(AssertionError, match=r"worst at \[1\].*factor 2"):
        check_gradient(f, x, grad(x) * [1.0, 2.0])
    with pytest.raises(AssertionError, match="shape"):
        check_gradient(f, x, np.zeros(3))
    with pytest.raises(ValueError, match="eps"):
        check_gradient(f, x, grad, eps=0.0)


def test_check_gradient_of_a_list_of_arrays():
    def f(p):
        return float(np.sum(p[0] ** 2) + np.sum(p[0]) * np.sum(p[1] ** 3))
    p = [np.array([[1.0, 2.0]]), np.array([0.5, -1.0, 2.0])]
    g = [2 * p[0] + np.sum(p[1] ** 3), np.sum(p[0]) * 3 * p[1] ** 2]
    check_gradient(f, p, g)
    g[1] = -g[1]
    with pytest.raises(AssertionError, match="array 1"):
        check_gradient(f, p, g)


def test_check_network_gradient_on_physml_and_on_a_wrong_backpropagation():
    rng = np.random.default_rng(0)
    net = Network([3, 5, 2], "tanh", random_state=0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    before = net.parameters()
    check_network_gradient(net, X, y, l2=0.1)
    gw, gb = net.backward(X, y)
    gb[0] = gb[0] * 0
    with pytest.raises(AssertionError, match="array 2"):
        check_network_gradient(net, X, y, gw, gb)
    for a, b in zip(before[0] + before[1], net.parameters()[0] + net.parameters()[1]):
        np.testing.assert_array_equal(a, b)


class _ScaledRidge:
    """A 'student' Ridge with a chosen regularisation convention or bug."""

    def __init__(self, alpha, alpha_factor=1.0, drop_intercept=False, scale=1.0):
        self.alpha, self.alpha_factor, self.drop_intercept, self.scale = alpha, alpha_factor, drop_intercept, scale

    def fit(self, X, y):
        ref = linear.Ridge(alpha=self.alpha * self.alpha_factor).fit(X, y)
        self.coef_ = ref.coef_ * self.scale
        self.intercept_ = 0.0 if self.drop_intercept else ref.intercept_
        return self

    def predict(self, X):
        return self.intercept_ + X @ self.coef_


@pytest.fixture
def regression():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 4))
    return X, X @ [1.0, -2.0, 3.0, 0.5] + 4.0 + 0.3 * rng.normal(size=50)


def test_assert_estimator_close_passes_and_diagnoses(regression):
    X, y = regression
    assert_estimator_close(_ScaledRidge(2.0), linear.Ridge(alpha=2.0), X, y)
    with pytest.raises(AssertionError, match=r"α·n"):
        assert_estimator_close(_ScaledRidge(2.0, alpha_factor=50), linear.Ridge(alpha=2.0), X, y)
    with pytest.raises(AssertionError, match="constant.*intercept"):
        assert_estimator_close(_ScaledRidge(2.0, drop_intercept=True), linear.Ridge(alpha=2.0), X, y)
    with pytest.raises(AssertionError, match=r"coef_\[2\].*1.1 times"):
        assert_estimator_close(_ScaledRidge(2.0, scale=1.1), linear.Ridge(alpha=2.0), X, y)


def test_assert_energy_passes_fails_and_flags_the_variational_principle():
    assert assert_energy((3.001, 0.001), 3.0) == pytest.approx(1.0)
    assert_energy(3.0, 3.0)
    with pytest.raises(AssertionError, match="differs"):
        assert_energy((3.01, 0.001), 3.0)
    with pytest.raises(AssertionError, match="below the exact ground-state"):
        assert_energy((2.99, 0.001), 3.0)
    assert_energy((2.99, 0.001), 3.0, variational=False, atol=0.01)
    assert_energy((20.2, 0.01), 20.15932, expected_error=0.01, atol=0.05)
    with pytest.raises(AssertionError, match="finite"):
        assert_energy((np.nan, 0.1), 3.0)
    with pytest.raises(ValueError, match="n_sigma"):
        assert_energy(3.0, 3.0, n_sigma=0)


def test_assert_energy_reads_physml_results_and_local_energies():
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0, interaction=None)
    result = vmc.VMC(system, vmc.Gaussian(0.5), n_samples=500, seed=0).sample(2000)
    assert_energy(result, 2.0)
    assert_energy(result.local_energies, 2.0)
    off = vmc.VMC(system, vmc.Gaussian(0.4), n_samples=500, seed=0).sample(20_000)
    assert_energy(off, 2 * 2 * (0.4 / 2 + 1 / (8 * 0.4)), variational=False)
    assert_energy(blocking(off.local_energies), off.energy, 0.0, variational=False)


def test_the_docstring_examples_run():
    import doctest

    import physml.testing

    modules = [physml.testing._blocking, physml.testing._gradient]
    for module in modules:
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_bootstrap_result_repr_is_short():
    from physml import resampling

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 2)), rng.normal(size=40)
    result = resampling.bootstrap(linear.LinearRegression(), X[:30], y[:30], X[30:], y[30:], n_bootstraps=50,
                                  random_state=0)
    text = repr(result)
    assert text.startswith("BootstrapResult(predictions: 50x10, error=") and len(text) < 120
    assert "no y_test" in repr(resampling.bootstrap(linear.LinearRegression(), X, y, X, n_bootstraps=2))
