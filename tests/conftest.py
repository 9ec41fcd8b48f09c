"""Shared test helpers, handed to tests as fixtures (pytest runs with
``--import-mode=importlib``, so test modules cannot import each other)."""

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest


def _position_derivatives(psi, x, h=1e-4):
    """Central differences of ``ln|Ψ|`` at ``x`` (n, d): the gradient (n, d) from
    ``(f(x + h e) − f(x − h e))/2h`` and the Laplacian from
    ``Σ (f(x + h e) − 2f(x) + f(x − h e))/h²`` over every coordinate ``e``."""
    n, d = x.shape
    grad = np.zeros((n, d))
    lap = 0.0
    f0 = psi.log_value(x)
    for i in range(n):
        for k in range(d):
            e = np.zeros((n, d))
            e[i, k] = h
            fp, fm = psi.log_value(x + e), psi.log_value(x - e)
            grad[i, k] = (fp - fm) / (2 * h)
            lap += (fp - 2 * f0 + fm) / h**2
    return grad, lap


def _parameter_gradient(psi, x, h=1e-6):
    """Central differences ``∂ ln|Ψ|/∂θ_p`` at ``x``; leaves ``psi``'s parameters as found."""
    theta = psi.parameters
    expected = np.zeros(theta.size)
    for p in range(theta.size):
        e = np.zeros(theta.size)
        e[p] = h
        expected[p] = (psi.set_parameters(theta + e).log_value(x) - psi.set_parameters(theta - e).log_value(x)) / (2 * h)
    psi.set_parameters(theta)
    return expected


@pytest.fixture(scope="session")
def finite_differences():
    """``position_derivatives(psi, x, h)`` and ``parameter_gradient(psi, x, h)`` of
    ``ln|Ψ|`` by central differences (session-scoped: hypothesis tests may use it)."""
    return SimpleNamespace(position_derivatives=_position_derivatives, parameter_gradient=_parameter_gradient)


def _json_output(script, threads):
    """What ``script`` prints as JSON when run by a fresh interpreter with
    ``RAYON_NUM_THREADS=threads``."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="session")
def json_output_with_threads():
    """``json_output_with_threads(script, threads)``: the JSON ``script`` prints in a
    subprocess with that many rayon threads (thread-count independence tests)."""
    return _json_output
