"""The exercises' tests catch the usual mistakes: a reference solution with one
classic bug (appended to student.py, overriding the correct function) must fail the
test aimed at it. Run through physml.testing.run_exercise."""

import pathlib
import shutil

import pytest

from physml.testing import run_exercise

EXERCISES = pathlib.Path(__file__).resolve().parents[1] / "exercises"

MUTATIONS = {
    # a sigmoid that overflows: exp(−z) for z = −1000
    "naive sigmoid": ("09_logistic_regression", "sigmoid",
                      "def sigmoid(z):\n    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))\n"),
    # the penalty on the intercept too
    "penalised intercept": ("09_logistic_regression", "fit_matches",
                            "_gradient = gradient\n\n"
                            "def gradient(theta, X, y, lam):\n"
                            "    return _gradient(theta, X, y, lam) + lam * np.eye(len(theta))[0] * theta[0]\n"),
    # importance sampling without the Green's function ratio
    "no Green's function": ("10_importance_sampling", "energy_agrees",
                            "def log_greens_ratio(r, r_new, alpha, dt):\n    return 0.0\n"),
    # the drift without its factor 2
    "drift ∇ ln Ψ": ("10_importance_sampling", "quantum_force",
                     "def quantum_force(r, alpha):\n    return -2 * alpha * r\n"),
    # the Coulomb repulsion forgotten
    "no repulsion": ("11_boltzmann_machine", "local_energy",
                     "_local_energy = local_energy\n\n"
                     "def local_energy(x, theta, n_hidden, sigma, omega):\n"
                     "    d = x[:, :2] - x[:, 2:]\n"
                     "    return _local_energy(x, theta, n_hidden, sigma, omega) - 1 / np.sqrt(np.sum(d * d, axis=1))\n"),
    # no optimisation at all (E ≈ 3.05)
    "not optimised": ("11_boltzmann_machine", "optimised",
                      "def optimize(theta, *args, **kwargs):\n    return np.array(theta, dtype=float)\n"),
    # Adagrad without accumulating the squared gradients
    "Adagrad forgets": ("12_sgd_adagrad_rmsprop", "full_batch and adagrad",
                        "def sgd(X, y, optimizer, eta, n_epochs, batch_size=None, rng=None, rho=0.9, eps=1e-8):\n"
                        "    return _sgd(X, y, 'rmsprop' if optimizer == 'adagrad' else optimizer, eta, n_epochs,\n"
                        "                batch_size, rng, 0.0, eps)\n"),
    # backpropagation multiplying by σ'(z_L) at a cross-entropy output
    "output derivative": ("13_neural_network_classifier", "backward",
                          "_backward = backward\n\n"
                          "def backward(weights, biases, X, y):\n"
                          "    a = forward(weights, biases, X)\n"
                          "    return _backward(weights, biases, X, y + (a - y) * (1 - a * (1 - a)))\n"),
}


def test_every_classic_mistake_fails_its_test(tmp_path):
    """All mutants in one pytest run (one interpreter start-up): a folder per mistake."""
    for k, (name, (folder, _, patch)) in enumerate(MUTATIONS.items()):
        copy = tmp_path / f"m{k}_{folder}"
        shutil.copytree(EXERCISES / folder, copy)
        solution = (EXERCISES / folder / "solution.py").read_text()
        if "_sgd(" in patch:
            patch = "_sgd = sgd\n\n" + patch
        (copy / "student.py").write_text(solution + "\n\n# the mistake: " + name + "\n" + patch)
    report = run_exercise(tmp_path, pytest_args=("--import-mode=importlib",))
    assert report.tests and report.errors == 0, report.output[-3000:]
    assert not any("NotImplementedError" in t.message for t in report.tests)
    for k, (name, (folder, selection, _)) in enumerate(MUTATIONS.items()):
        words = selection.split(" and ")
        aimed = [t for t in report.tests if t.name.startswith(f"m{k}_{folder}.") and all(w in t.name for w in words)]
        assert aimed, f"{name}: no test matches {selection!r} in {[t.name for t in report.tests][:5]}"
        assert any(t.outcome == "failed" for t in aimed), f"{name}: {aimed}"
