import numpy as np
import pytest

from physml.nn import Network
from physml.testing import check_network_gradient


@pytest.mark.parametrize("sizes", [[2, 1], [2, 5, 1], [3, 4, 4, 2]])
def test_forward_matches_physml(exercise, rng, sizes):
    net = Network(sizes, "sigmoid", random_state=rng)
    X = rng.normal(size=(7, sizes[0]))
    np.testing.assert_allclose(exercise.forward(net.weights, net.biases, X), net.forward(X), rtol=1e-10)


@pytest.mark.parametrize("sizes", [[2, 1], [2, 5, 1], [3, 4, 4, 2]])
def test_backward_matches_finite_differences(exercise, rng, sizes):
    net = Network(sizes, "sigmoid", random_state=rng)
    X, y = rng.normal(size=(9, sizes[0])), rng.normal(size=(9, sizes[-1]))
    gw, gb = exercise.backward(net.weights, net.biases, X, y)
    check_network_gradient(net, X, y, gw, gb)
    want_w, want_b = net.backward(X, y)
    for mine, theirs in zip(gw + gb, want_w + want_b):
        np.testing.assert_allclose(mine, theirs, rtol=1e-8, atol=1e-12)
