"""Resampling for model assessment: the bootstrap, k-fold cross-validation and the
bias–variance decomposition of the test error.

Every estimator with ``fit(X, y)`` and ``predict(X)`` and the scikit-learn
``get_params`` contract works (physml's, scikit-learn's, pipelines); it is copied
before each fit, so the estimator passed in stays unfitted. The same
``random_state`` gives the same numbers.

Bias–variance decomposition (the course's definitions). With B models ŷ⁽¹⁾ … ŷ⁽ᴮ⁾
fitted on bootstrap resamples of the training set and evaluated at the n test points
(x_i, y_i), and ȳ_i = (1/B) Σ_b ŷ_i⁽ᵇ⁾ the mean prediction:

    error    = (1/n) Σ_i (1/B) Σ_b (y_i − ŷ_i⁽ᵇ⁾)²
    bias²    = (1/n) Σ_i (y_i − ȳ_i)²
    variance = (1/n) Σ_i (1/B) Σ_b (ŷ_i⁽ᵇ⁾ − ȳ_i)²

and error = bias² + variance holds exactly (up to rounding) for every data set. When
y = f(x) + ε with noise of variance σ², the expectation of bias² is
E[(f − E ŷ)²] + σ²: the bias² measured against noisy test targets contains the
irreducible noise. Passing the noiseless f(x_i) as ``y_test`` gives the bias proper,
and then E[error against y] = bias² + variance + σ².
"""

from __future__ import annotations

import copy
import numbers
from typing import NamedTuple

import numpy as np

from physml._base import check_array, check_random_state_seed, check_scalar
from physml.metrics import mean_squared_error, r2_score

__all__ = [
    "mse",
    "r2",
    "clone",
    "bootstrap_indices",
    "BootstrapResult",
    "bootstrap",
    "BiasVariance",
    "bias_variance",
    "bias_variance_decomposition",
    "kfold_indices",
    "KFold",
    "cross_validate",
    "cross_val_mse",
]

mse = mean_squared_error
r2 = r2_score


def clone(estimator):
    """An unfitted copy of ``estimator`` with the same parameters: estimators found
    among the parameters (e.g. the steps of a pipeline) are cloned too, anything else
    is deep-copied."""
    if isinstance(estimator, (list, tuple, set, frozenset)):
        return type(estimator)(clone(e) for e in estimator)
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        return copy.deepcopy(estimator)
    params = estimator.get_params(deep=False)
    return type(estimator)(**{name: clone(value) for name, value in params.items()})


def _check_estimator(estimator):
    for method in ("fit", "predict", "get_params"):
        if not callable(getattr(estimator, method, None)):
            raise TypeError(
                f"estimator must have fit, predict and get_params methods, got {estimator!r}"
            )
    return estimator


def _check_Xy(X, y, X_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
    X = check_array(X, X_name, ndim=2)
    y = check_array(y, y_name, ndim=(1, 2))
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{X_name} and {y_name} have different numbers of samples: {X.shape[0]} and {y.shape[0]}"
        )
    return X, y


#: Largest number of samples (and of bootstrap indices in all) that the index
#: generators produce; larger requests are refused instead of exhausting memory.
MAX_INDICES = 2**28


def _check_count(value, name: str, minimum: int = 1) -> int:
    return int(check_scalar(value, name, kind=numbers.Integral, min_value=minimum,
                            max_value=MAX_INDICES))


def bootstrap_indices(n_samples: int, n_bootstraps: int, random_state=None) -> np.ndarray:
    """Indices of ``n_bootstraps`` bootstrap resamples of ``n_samples`` samples:
    row b holds n_samples indices drawn uniformly with replacement.
    Shape (n_bootstraps, n_samples), int64."""
    n = _check_count(n_samples, "n_samples")
    b = _check_count(n_bootstraps, "n_bootstraps")
    if n * b > MAX_INDICES:
        raise ValueError(f"n_bootstraps * n_samples must be <= {MAX_INDICES}, got {b} * {n}")
    rng = np.random.default_rng(check_random_state_seed(random_state))
    return rng.integers(0, n, size=(b, n), dtype=np.int64)


class BiasVariance(NamedTuple):
    """Error, squared bias and variance of bootstrap predictions (floats for one model,
    arrays with one entry per model from :func:`bias_variance_decomposition`)."""

    error: float | np.ndarray
    bias2: float | np.ndarray
    variance: float | np.ndarray


def bias_variance(y_true, predictions) -> BiasVariance:
    """Error, bias² and variance of ``predictions`` (n_bootstraps, n_test[, n_targets])
    against ``y_true`` (n_test[, n_targets]), with the definitions of the module
    documentation: error = mean (y − ŷ)², bias² = mean (y − ȳ)², variance = mean
    (ŷ − ȳ)², where ȳ is the mean of the predictions over the bootstraps."""
    y = check_array(y_true, "y_true", ndim=(1, 2))
    pred = check_array(predictions, "predictions", ndim=(2, 3))
    if pred.shape[1:] != y.shape:
        raise ValueError(
            f"predictions must have shape (n_bootstraps,) + y_true.shape = (B,) + {y.shape}, "
            f"got {pred.shape}"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        mean_pred = pred.mean(axis=0)
        error = float(np.mean((y - pred) ** 2))
        bias2 = float(np.mean((y - mean_pred) ** 2))
        variance = float(np.mean((pred - mean_pred) ** 2))
    if not np.isfinite([error, bias2, variance]).all():
        raise ValueError("y_true and predictions are too large: their squares overflow float64")
    return BiasVariance(error, bias2, variance)


class BootstrapResult(NamedTuple):
    """What :func:`bootstrap` returns.

    Attributes
    ----------
    predictions : ndarray of shape (n_bootstraps, n_test[, n_targets])
        Predictions on the test set, one row per resample.
    indices : ndarray of shape (n_bootstraps, n_train)
        Training-set indices of each resample.
    mse : ndarray of shape (n_bootstraps,) or None
        Test MSE of each resample (NaN-free; None without y_test).
    error, bias2, variance : float or None
        The bias–variance decomposition (None without y_test).
    """

    predictions: np.ndarray
    indices: np.ndarray
    mse: np.ndarray | None
    error: float | None
    bias2: float | None
    variance: float | None

    def __repr__(self) -> str:
        shape = "x".join(str(d) for d in self.predictions.shape)
        if self.error is None:
            return f"BootstrapResult(predictions: {shape}, no y_test)"
        return (f"BootstrapResult(predictions: {shape}, error={self.error:.6g}, bias2={self.bias2:.6g}, "
                f"variance={self.variance:.6g})")


def bootstrap(
    estimator,
    X_train,
    y_train,
    X_test,
    y_test=None,
    n_bootstraps: int = 100,
    random_state=None,
) -> BootstrapResult:
    """Fit a copy of ``estimator`` on ``n_bootstraps`` resamples (drawn with
    replacement) of the training set and predict the test set with each.

    Returns a :class:`BootstrapResult` with the predictions and, when ``y_test`` is
    given, the test MSE per resample and the error, bias² and variance of the module
    documentation (error = bias² + variance).
    """
    _check_estimator(estimator)
    X_train, y_train = _check_Xy(X_train, y_train, "X_train", "y_train")
    X_test = check_array(X_test, "X_test", ndim=2)
    if X_test.shape[1] != X_train.shape[1]:
        raise ValueError(
            f"X_test has {X_test.shape[1]} features but X_train has {X_train.shape[1]}"
        )
    if y_test is not None:
        X_test, y_test = _check_Xy(X_test, y_test, "X_test", "y_test")
        if y_test.shape[1:] != y_train.shape[1:]:
            raise ValueError(
                f"y_test has shape {y_test.shape} but y_train has shape {y_train.shape}"
            )
    indices = bootstrap_indices(X_train.shape[0], n_bootstraps, random_state)
    predictions = _bootstrap_predictions(estimator, X_train, y_train, X_test, indices)
    if y_test is None:
        return BootstrapResult(predictions, indices, None, None, None, None)
    error, bias2, variance = bias_variance(y_test, predictions)  # floats for one model
    axes = tuple(range(1, predictions.ndim))
    per_resample = np.mean((predictions - y_test) ** 2, axis=axes)
    return BootstrapResult(predictions, indices, per_resample, float(error), float(bias2), float(variance))


def _bootstrap_predictions(estimator, X_train, y_train, X_test, indices) -> np.ndarray:
    n_out = (indices.shape[0], X_test.shape[0]) + y_train.shape[1:]
    predictions = np.empty(n_out)
    for b, idx in enumerate(indices):
        model = clone(estimator).fit(X_train[idx], y_train[idx])
        predictions[b] = np.asarray(model.predict(X_test), dtype=np.float64).reshape(n_out[1:])
    return predictions


def bias_variance_decomposition(
    estimators,
    X_train,
    y_train,
    X_test,
    y_test,
    n_bootstraps: int = 100,
    random_state=None,
) -> BiasVariance:
    """Error, bias² and variance of each model in ``estimators`` from the bootstrap.

    ``X_train`` and ``X_test`` are either one matrix each, shared by every model
    (e.g. when the models are pipelines that build their own features), or sequences
    with one matrix per model (e.g. design matrices of increasing degree). Every
    model sees the same resamples (the same ``random_state``), so differences
    between models are not resampling noise.

    Returns a :class:`BiasVariance` of three arrays of length ``len(estimators)``;
    ``error = bias2 + variance`` entry by entry (module documentation).
    """
    estimators = list(estimators)
    if not estimators:
        raise ValueError("estimators must hold at least one estimator")
    n_models = len(estimators)
    X_trains = _per_model(X_train, n_models, "X_train")
    X_tests = _per_model(X_test, n_models, "X_test")
    seed = check_random_state_seed(random_state)
    rows = []
    for est, Xtr, Xte in zip(estimators, X_trains, X_tests):
        res = bootstrap(est, Xtr, y_train, Xte, y_test, n_bootstraps, random_state=seed)
        rows.append((res.error, res.bias2, res.variance))
    error, bias2, variance = (np.array(col) for col in zip(*rows))
    return BiasVariance(error, bias2, variance)


def _per_model(X, n_models: int, name: str) -> list:
    if isinstance(X, (list, tuple)) and X and not np.isscalar(X[0]) and np.ndim(X[0]) == 2:
        if len(X) != n_models:
            raise ValueError(
                f"{name} must be one matrix or one per estimator ({n_models}), got {len(X)}"
            )
        return list(X)
    return [X] * n_models


def kfold_indices(
    n_samples: int, n_splits: int = 5, shuffle: bool = False, random_state=None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs of k-fold cross-validation.

    The samples (permuted first if ``shuffle``) are cut into ``n_splits`` consecutive
    folds; the first n_samples mod n_splits folds hold one sample more. Fold j is the
    test set of split j, the other folds its training set; every sample is tested
    exactly once. Same folds as scikit-learn's ``KFold`` without shuffling.
    """
    n = _check_count(n_samples, "n_samples")
    k = _check_count(n_splits, "n_splits", minimum=2)
    if k > n:
        raise ValueError(f"n_splits must be <= n_samples = {n}, got {k}")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
    if shuffle:
        order = np.random.default_rng(check_random_state_seed(random_state)).permutation(n)
    else:
        order = np.arange(n)
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    splits = []
    for j in range(k):
        test = order[bounds[j]: bounds[j + 1]]
        train = np.concatenate([order[: bounds[j]], order[bounds[j + 1]:]])
        splits.append((train, test))
    return splits


class KFold:
    """k-fold cross-validation splitter (see :func:`kfold_indices`), usable as the
    ``cv`` argument of :func:`cross_validate` and of scikit-learn's model selection."""

    def __init__(self, n_splits: int = 5, shuffle: bool = False, random_state=None):
        self.n_splits = _check_count(n_splits, "n_splits", minimum=2)
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
        self.shuffle = bool(shuffle)
        self.random_state = random_state
        if shuffle:
            check_random_state_seed(random_state)

    def __repr__(self) -> str:
        return (
            f"KFold(n_splits={self.n_splits}, shuffle={self.shuffle}, "
            f"random_state={self.random_state!r})"
        )

    def get_n_splits(self, X=None, y=None, groups=None) -> int:
        """The number of splits."""
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """Yield (train indices, test indices) for each fold of ``X``'s samples.
        An int ``random_state`` gives the same folds at every call."""
        shape = np.shape(X) if not isinstance(X, (str, bytes)) else ()
        if len(shape) == 0:
            raise TypeError(f"X must be an array of samples, got {type(X).__name__}")
        n = shape[0]
        yield from kfold_indices(n, self.n_splits, self.shuffle, self.random_state)


def _check_cv(cv):
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        try:
            return KFold(cv)
        except ValueError as e:
            raise ValueError(f"cv, the number of folds, is invalid: {e}") from None
    if callable(getattr(cv, "split", None)) and not isinstance(cv, (str, bytes)):
        return cv
    raise TypeError(f"cv must be an int or a splitter with a split method, got {cv!r}")


def cross_validate(estimator, X, y, cv=5) -> dict[str, np.ndarray]:
    """k-fold cross-validation of ``estimator`` on (X, y).

    ``cv`` is the number of folds (consecutive folds, no shuffling, as
    ``KFold(cv)``) or a splitter such as ``KFold(5, shuffle=True, random_state=0)``.
    Returns a dict of arrays with one entry per fold: ``test_mse``, ``train_mse``,
    ``test_r2``, ``train_r2``. The cross-validated error estimate is
    ``result["test_mse"].mean()``.

    An estimator whose ``predict`` returns one column per model for a 1-D ``y``
    (``physml.linear.Ridge`` with an array of alphas: one factorisation per fold
    serves every alpha) gives arrays of shape (n_splits, n_models): average over
    axis 0 for one estimate per model.
    """
    _check_estimator(estimator)
    X, y = _check_Xy(X, y, "X", "y")
    splitter = _check_cv(cv)
    if isinstance(splitter, KFold) and splitter.n_splits > X.shape[0]:
        raise ValueError(f"cv: n_splits must be <= n_samples = {X.shape[0]}, got {splitter.n_splits}")
    scores: dict[str, list[float | list[float]]] = {"test_mse": [], "train_mse": [], "test_r2": [], "train_r2": []}
    for train, test in splitter.split(X, y):
        model = clone(estimator).fit(X[train], y[train])
        for part, idx in (("train", train), ("test", test)):
            pred = np.asarray(model.predict(X[idx]), dtype=np.float64)
            if pred.ndim == y.ndim + 1:  # one model per column, e.g. Ridge(alpha=array)
                columns = [pred[:, j] for j in range(pred.shape[1])]
                scores[f"{part}_mse"].append([mean_squared_error(y[idx], c) for c in columns])
                scores[f"{part}_r2"].append([r2_score(y[idx], c) for c in columns])
            else:
                scores[f"{part}_mse"].append(mean_squared_error(y[idx], pred))
                scores[f"{part}_r2"].append(r2_score(y[idx], pred))
    return {name: np.array(values) for name, values in scores.items()}


def cross_val_mse(estimator, X, y, cv=5) -> np.ndarray:
    """Test MSE of each fold of :func:`cross_validate`; average it for the
    cross-validated estimate of the prediction error."""
    return cross_validate(estimator, X, y, cv)["test_mse"]
