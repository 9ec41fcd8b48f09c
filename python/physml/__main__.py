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
        ("Lasso a=1e-4", linear.Lasso(alpha=1e-4, max_iter=100_000)),
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

if __name__ == "__main__":
    main()
