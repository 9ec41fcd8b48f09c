"""The regression course workload in physml and in scikit-learn, side by side.

Franke function, n = 1000 samples with noise 0.1; for each polynomial degree 1..10:
the design matrix, an 80/20 train/test split, 100 bootstrap refits of OLS predicting
the test set (error, bias², variance), and 5-fold cross-validation of Ridge over 20
values of λ. Prints both times and their ratio (physml / scikit-learn; < 1 means
physml is faster) as the median of ``--repeat`` runs.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_course.py
"""

from __future__ import annotations

import argparse
import time

import numpy as np

N_SAMPLES, NOISE, DEGREES, N_BOOTSTRAPS, N_FOLDS = 1000, 0.1, range(1, 11), 100, 5
LAMBDAS = np.logspace(-6, 1, 20)


def franke():
    from physml import data

    return data.make_franke(N_SAMPLES, noise=NOISE, random_state=0)


def physml_workload(x, y, z):
    from physml import data, linear, resampling

    summary = []
    for degree in DEGREES:
        X = data.design_matrix(x, y, degree=degree, include_bias=False)
        X_train, X_test, z_train, z_test = data.train_test_split(X, z, test_size=0.2, random_state=0)
        boot = resampling.bootstrap(linear.LinearRegression(), X_train, z_train, X_test, z_test,
                                    n_bootstraps=N_BOOTSTRAPS, random_state=0)
        cv = resampling.KFold(N_FOLDS, shuffle=True, random_state=0)
        # Ridge with an array of alphas: one factorisation per fold serves all 20
        cv_mse = resampling.cross_val_mse(linear.Ridge(alpha=LAMBDAS), X, z, cv=cv).mean(axis=0)
        summary.append((boot.error, boot.bias2, boot.variance, min(cv_mse)))
    return np.array(summary)


def sklearn_workload(x, y, z):
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.metrics import mean_squared_error
    from sklearn.model_selection import KFold, train_test_split
    from sklearn.preprocessing import PolynomialFeatures
    from sklearn.utils import resample

    summary = []
    xy = np.column_stack([x, y])
    for degree in DEGREES:
        X = PolynomialFeatures(degree, include_bias=False).fit_transform(xy)
        X_train, X_test, z_train, z_test = train_test_split(X, z, test_size=0.2, random_state=0)
        pred = np.empty((N_BOOTSTRAPS, len(z_test)))
        for b in range(N_BOOTSTRAPS):
            Xb, zb = resample(X_train, z_train, random_state=b)
            pred[b] = LinearRegression().fit(Xb, zb).predict(X_test)
        error = np.mean((z_test - pred) ** 2)
        bias2 = np.mean((z_test - pred.mean(axis=0)) ** 2)
        variance = np.mean(pred.var(axis=0))
        kfold = KFold(N_FOLDS, shuffle=True, random_state=0)
        cv_mse = []
        for lam in LAMBDAS:
            fold = [mean_squared_error(z[te], Ridge(alpha=lam).fit(X[tr], z[tr]).predict(X[te]))
                    for tr, te in kfold.split(X)]
            cv_mse.append(np.mean(fold))
        summary.append((error, bias2, variance, min(cv_mse)))
    return np.array(summary)


def timed(func, *args):
    t0 = time.perf_counter()
    out = func(*args)
    return time.perf_counter() - t0, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    x, y, z = franke()
    physml_workload(x, y, z)  # warm-up: imports, thread pool
    sklearn_workload(x, y, z)
    ours, theirs = [], []
    for _ in range(args.repeat):
        t, ours_summary = timed(physml_workload, x, y, z)
        ours.append(t)
        t, sk_summary = timed(sklearn_workload, x, y, z)
        theirs.append(t)
    t_ours, t_sk = np.median(ours), np.median(theirs)
    print("degree  error(physml)  error(sklearn)  bias2(physml)  var(physml)  best CV MSE(physml)  (sklearn)")
    for d, a, b in zip(DEGREES, ours_summary, sk_summary):
        print(f"{d:>6}  {a[0]:13.5f}  {b[0]:14.5f}  {a[1]:13.5f}  {a[2]:11.5f}  {a[3]:19.5f}  {b[3]:9.5f}")
    print(f"\ncourse workload (n={N_SAMPLES}, degrees 1..10, {N_BOOTSTRAPS} bootstraps, "
          f"{N_FOLDS}-fold CV of Ridge over {len(LAMBDAS)} lambdas), median of {args.repeat}:")
    print(f"  physml       {t_ours:8.3f} s")
    print(f"  scikit-learn {t_sk:8.3f} s")
    print(f"  ratio        {t_ours / t_sk:8.3f}  (target <= 0.5)")


if __name__ == "__main__":
    main()
