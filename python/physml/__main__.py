"""``python -m physml``: a demo of the three pillars, printed as tables."""

from __future__ import annotations

import time


def _header(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def main() -> None:
    import physml

    print(f"physml {physml.__version__}")
    t0 = time.perf_counter()
    for section in _SECTIONS:
        section()
    print(f"\ndone in {time.perf_counter() - t0:.1f} s")


_SECTIONS: list = []


def _regression() -> None:
    """OLS, Ridge and Lasso fits of the Franke function over polynomial degrees."""
    import numpy as np

    from physml import data, linear
    from physml.metrics import mean_squared_error as mse
    from physml.metrics import r2_score as r2

    n, noise = 600, 0.1
    _header(f"Regression: Franke function, n = {n}, noise = {noise}, 80/20 split")
    x, y, z = data.make_franke(n, noise=noise, random_state=2024)
    xy_train, xy_test, z_train, z_test = data.train_test_split(
        np.column_stack([x, y]), z, test_size=0.2, random_state=2024
    )
    models = [
        ("OLS", linear.LinearRegression()),
        ("Ridge a=1e-3", linear.Ridge(alpha=1e-3)),
        ("Lasso a=1e-3", linear.Lasso(alpha=1e-3, max_iter=100_000)),
    ]
    print(f"{'model':<14}{'degree':>7}{'train MSE':>11}{'test MSE':>10}{'train R2':>10}{'test R2':>9}")
    for label, model in models:
        for degree in (1, 3, 5, 8):
            features = data.PolynomialFeatures(degree, include_bias=False).fit(xy_train)
            scaler = data.StandardScaler().fit(features.transform(xy_train))
            X_train = scaler.transform(features.transform(xy_train))
            X_test = scaler.transform(features.transform(xy_test))
            model.fit(X_train, z_train)
            fit, pred = model.predict(X_train), model.predict(X_test)
            print(
                f"{label:<14}{degree:>7}{mse(z_train, fit):>11.5f}{mse(z_test, pred):>10.5f}"
                f"{r2(z_train, fit):>10.4f}{r2(z_test, pred):>9.4f}"
            )


_SECTIONS.append(_regression)
def _networks() -> None:
    """Franke regression with a 2-50-50-1 network and digit classification."""
    import numpy as np

    from physml.nn import MLPClassifier, MLPRegressor

    from physml import data

    n, noise = 600, 0.1
    _header("Neural networks (physml.nn): the same Franke split, and digits")
    x, y, z = data.make_franke(n, noise=noise, random_state=2024)
    X_train, X_test, z_train, z_test = data.train_test_split(
        np.column_stack([x, y]), z, test_size=0.2, random_state=2024
    )
    print(f"{'task':<34} {'epochs':>6} {'test score':>11} {'time':>7}")
    t0 = time.perf_counter()
    reg = MLPRegressor(hidden_layer_sizes=(50, 50), activation="tanh", learning_rate_init=0.01,
                       batch_size=32, max_iter=1000, n_iter_no_change=50, random_state=0)
    reg.fit(X_train, z_train)
    mse = float(np.mean((reg.predict(X_test) - z_test) ** 2))
    print(f"{'Franke 2-50-50-1 (test MSE)':<34} {reg.n_iter_:>6} {mse:>11.5f} {time.perf_counter() - t0:>6.2f}s")
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        print("digits classification: needs scikit-learn's bundled data (pip install scikit-learn)")
        return
    rng = np.random.default_rng(0)
    digits = load_digits()
    order = rng.permutation(len(digits.target))
    Xd, yd = digits.data[order] / 16.0, digits.target[order]
    t0 = time.perf_counter()
    clf = MLPClassifier(hidden_layer_sizes=(64,), max_iter=1000, random_state=0).fit(Xd[:1300], yd[:1300])
    acc = clf.score(Xd[1300:], yd[1300:])
    print(f"{'digits 64-64-10 softmax (accuracy)':<34} {clf.n_iter_:>6} {acc:>11.3f} {time.perf_counter() - t0:>6.2f}s")


_SECTIONS.append(_networks)


def _quantum_dot() -> None:
    """Two electrons in a 2-D quantum dot (ω = 1, exact E = 3) with an RBM × Padé–Jastrow."""
    from physml import vmc

    _header("Variational Monte Carlo: two electrons in a 2-D quantum dot (omega = 1, exact E = 3)")
    system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
    print(f"{'trial wave function':24s} {'E [Hartree]':>12s} {'error':>9s} {'Var(E_L)':>9s} {'time [s]':>9s}")
    for name, psi, n_iter in [
        ("RBM", vmc.RBM(n_hidden=4, random_state=2), 100),
        ("RBM x Pade-Jastrow", vmc.RBM(n_hidden=4, random_state=7) * vmc.PadeJastrow(), 100),
    ]:
        t0 = time.perf_counter()
        driver = vmc.VMC(system, psi, vmc.Metropolis(step_length=1.5), vmc.SR(learning_rate=0.1, diag_shift=0.001),
                         n_samples=8000, seed=7)
        driver.optimize(n_iter)
        r = driver.sample(200_000, observables=False)
        print(f"{name:24s} {r.energy:12.5f} {r.error:9.5f} {r.variance:9.2e} {time.perf_counter() - t0:9.2f}")
    print(f"{'exact (Taut)':24s} {3.0:12.5f}")


_SECTIONS.append(_quantum_dot)

if __name__ == "__main__":
    main()
