"""Exercise 04: reference solution."""

import numpy as np


def kfold_mse(model, X: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    folds = np.array_split(np.arange(len(y)), k)
    scores = []
    for test in folds:
        train = np.setdiff1d(np.arange(len(y)), test)
        model.fit(X[train], y[train])
        scores.append(np.mean((y[test] - model.predict(X[test])) ** 2))
    return np.array(scores)


def bootstrap_bias_variance(model, X_train, y_train, X_test, y_test, indices):
    predictions = np.array([model.fit(X_train[i], y_train[i]).predict(X_test) for i in indices])
    mean = predictions.mean(axis=0)
    error = np.mean((y_test - predictions) ** 2)
    bias2 = np.mean((y_test - mean) ** 2)
    variance = np.mean((predictions - mean) ** 2)
    return error, bias2, variance
