import numpy as np
import pytest

from physml import metrics
from physml.nn import Network
from physml.testing import check_network_gradient


def circles(rng, n=300):
    """Points in the plane, class 1 inside the circle of radius 1."""
    X = rng.uniform(-1.6, 1.6, size=(n, 2))
    return X, (np.sum(X * X, axis=1) < 1).astype(float).reshape(-1, 1)


def network(sizes, seed):
    return Network(sizes, "sigmoid", loss="binary_crossentropy", random_state=seed)


@pytest.mark.parametrize("sizes", [[2, 1], [2, 6, 1], [3, 4, 4, 2]])
def test_forward_and_cost_match_physml(exercise, rng, sizes):
    net = network(sizes, 1)
    X = rng.normal(size=(8, sizes[0]))
    y = (rng.uniform(size=(8, sizes[-1])) < 0.5).astype(float)
    np.testing.assert_allclose(exercise.forward(net.weights, net.biases, X), net.forward(X), rtol=1e-10)
    assert exercise.cost(net.weights, net.biases, X, y) == pytest.approx(net.loss(X, y), rel=1e-10)


@pytest.mark.parametrize("sizes", [[2, 1], [2, 6, 1], [3, 4, 4, 2]])
def test_backward_matches_finite_differences(exercise, rng, sizes):
    net = network(sizes, 2)
    X = rng.normal(size=(9, sizes[0]))
    y = (rng.uniform(size=(9, sizes[-1])) < 0.5).astype(float)
    gw, gb = exercise.backward(net.weights, net.biases, X, y)
    check_network_gradient(net, X, y, gw, gb)


def test_training_steps_are_physml_s(exercise, rng):
    X, y = circles(rng, 100)
    net = network([2, 6, 1], 3)
    weights, biases = exercise.train(net.weights, net.biases, X, y, eta=0.5, n_epochs=20)
    net.fit(X, y, optimizer="sgd", momentum=0.0, learning_rate=0.5, epochs=20, batch_size=None)
    for mine, theirs in zip(weights + biases, net.weights + net.biases):
        np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-12)


def test_trained_network_classifies_the_circle(exercise, rng):
    X, y = circles(rng)
    net = network([2, 8, 1], 4)
    weights, biases = exercise.train(net.weights, net.biases, X, y, eta=4.0, n_epochs=2000)
    X_test, y_test = circles(rng)
    accuracy = metrics.accuracy_score(y_test[:, 0], exercise.predict(weights, biases, X_test))
    assert accuracy > 0.9, f"test accuracy {accuracy:.3f}: the network did not learn the circle"
