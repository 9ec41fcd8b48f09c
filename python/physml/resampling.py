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

from physml import _core
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
    """An unfitted copy of an estimator with the same parameters.

    Parameters
    ----------
    estimator : estimator
        Any object with scikit-learn's ``get_params``; estimators found among its
        parameters (e.g. the steps of a pipeline) are cloned too, anything else is
        deep-copied.

    Returns
    -------
    estimator
        A new, unfitted estimator of the same class and parameters.

    Examples
    --------
    >>> from physml.linear import Ridge
    >>> from physml.resampling import clone
    >>> fitted = Ridge(alpha=2.0).fit([[0.0], [1.0]], [0.0, 1.0])
    >>> copy = clone(fitted)
    >>> copy.alpha, hasattr(copy, "coef_")
    (2.0, False)
    """
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


def _check_count(value, name: str, minimum: int = 1) -> int:
    return int(check_scalar(value, name, kind=numbers.Integral, min_value=minimum))


def _check_indices(name: str, value: int, n_indices: int, what: str) -> None:
    """The project's one memory check (``PHYSML_MEMORY_LIMIT``, else the machine's
    memory) for ``n_indices`` int64 indices that ``name`` = ``value`` asks for: a
    ValueError naming ``name`` and the bytes when they do not fit."""
    _core.check_memory(name, str(value), what, 8.0 * n_indices)


def bootstrap_indices(n_samples: int, n_bootstraps: int, random_state=None) -> np.ndarray:
    """Indices of bootstrap resamples.

    Parameters
    ----------
    n_samples : int >= 1
        The number of samples n.
    n_bootstraps : int >= 1
        The number of resamples B.
    random_state : None, int or numpy.random.Generator, default None
        The seed (same seed, same indices).

    Returns
    -------
    ndarray of shape (n_bootstraps, n_samples)
        Row b holds n indices drawn uniformly with replacement (int64).

    Examples
    --------
    >>> from physml.resampling import bootstrap_indices
    >>> idx = bootstrap_indices(5, 3, random_state=0)
    >>> idx.shape, bool(((idx >= 0) & (idx < 5)).all())
    ((3, 5), True)
    """
    n = _check_count(n_samples, "n_samples")
    b = _check_count(n_bootstraps, "n_bootstraps")
    _check_indices("n_samples", n, n, f"one resample of {n} indices")
    _check_indices("n_bootstraps", b, n * b, f"{b} resamples of {n} indices")
    rng = np.random.default_rng(check_random_state_seed(random_state))
    return rng.integers(0, n, size=(b, n), dtype=np.int64)


class BiasVariance(NamedTuple):
    """Error, squared bias and variance of bootstrap predictions.

    Floats for one model, arrays with one entry per model from
    :func:`bias_variance_decomposition`; error = bias2 + variance.

    Parameters
    ----------
    error : float or ndarray
        The mean squared test error.
    bias2 : float or ndarray
        The squared bias.
    variance : float or ndarray
        The variance.

    Attributes
    ----------
    error, bias2, variance : float or ndarray
        As above (the module's definitions).

    Examples
    --------
    >>> from physml.resampling import bias_variance
    >>> result = bias_variance([1.0, 2.0], [[1.0, 2.0], [3.0, 2.0]])
    >>> result
    BiasVariance(error=1.0, bias2=0.5, variance=0.5)
    """

    error: float | np.ndarray
    bias2: float | np.ndarray
    variance: float | np.ndarray


def bias_variance(y_true, predictions) -> BiasVariance:
    """Error, bias² and variance of bootstrap predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_test,) or (n_test, n_targets)
        The test targets y (or the noiseless f(x) for the bias proper).
    predictions : array-like of shape (n_bootstraps, n_test) or (n_bootstraps, n_test, n_targets)
        The predictions ŷ⁽ᵇ⁾ of each bootstrap model.

    Returns
    -------
    BiasVariance
        error = mean (y − ŷ)², bias² = mean (y − ȳ)², variance = mean (ŷ − ȳ)², where
        ȳ is the mean of the predictions over the bootstraps (units of y²).

    Examples
    --------
    >>> from physml.resampling import bias_variance
    >>> error, bias2, variance = bias_variance([1.0, 2.0], [[1.0, 2.0], [3.0, 2.0]])
    >>> error == bias2 + variance
    True
    """
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

    Parameters
    ----------
    predictions : ndarray
        See Attributes.
    indices : ndarray
        See Attributes.
    mse : ndarray or None
        See Attributes.
    error, bias2, variance : float or None
        See Attributes.

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

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LinearRegression
    >>> from physml.resampling import bootstrap
    >>> X = np.arange(10.0).reshape(-1, 1)
    >>> result = bootstrap(LinearRegression(), X, 3 * X[:, 0], X[:3], n_bootstraps=4, random_state=0)
    >>> result.predictions.shape, result.mse is None
    ((4, 3), True)
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
    """Fit copies of an estimator on bootstrap resamples and predict the test set.

    Parameters
    ----------
    estimator : estimator
        Any estimator with ``fit(X, y)``, ``predict(X)`` and ``get_params`` (copied
        before each fit).
    X_train : array-like of shape (n_train, n_features)
        The training inputs.
    y_train : array-like of shape (n_train,) or (n_train, n_targets)
        The training targets.
    X_test : array-like of shape (n_test, n_features)
        The test inputs.
    y_test : array-like of shape (n_test,) or (n_test, n_targets), optional
        The test targets; with them the MSE per resample and the decomposition.
    n_bootstraps : int >= 1, default 100
        The number of resamples B, drawn with replacement.
    random_state : None, int or numpy.random.Generator, default None
        The seed of the resamples.

    Returns
    -------
    BootstrapResult
        The predictions and, when ``y_test`` is given, the test MSE per resample and
        the error, bias² and variance of the module documentation
        (error = bias² + variance).

    Examples
    --------
    >>> import numpy as np
    >>> from physml import resampling
    >>> from physml.linear import LinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(40, 1))
    >>> y = 2.0 * X[:, 0] + 0.1 * rng.normal(size=40)
    >>> result = resampling.bootstrap(LinearRegression(), X[:30], y[:30], X[30:], y[30:],
    ...                               n_bootstraps=50, random_state=0)
    >>> result.predictions.shape
    (50, 10)
    >>> bool(np.isclose(result.error, result.bias2 + result.variance))
    True
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
    _check_indices("n_bootstraps", indices.shape[0], int(np.prod(n_out, dtype=float)),
                   f"the predictions of {indices.shape[0]} resamples on {X_test.shape[0]} test samples")
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
    """Error, bias² and variance of several models from the bootstrap.

    Every model sees the same resamples (the same ``random_state``), so differences
    between models are not resampling noise.

    Parameters
    ----------
    estimators : sequence of estimator
        The models.
    X_train : array-like or sequence of array-like
        One training matrix shared by every model (e.g. when the models are
        pipelines that build their own features), or one per model (e.g. design
        matrices of increasing degree).
    y_train : array-like of shape (n_train,)
        The training targets.
    X_test : array-like or sequence of array-like
        The test matrix, shared or one per model like ``X_train``.
    y_test : array-like of shape (n_test,)
        The test targets.
    n_bootstraps : int >= 1, default 100
        The number of resamples.
    random_state : None, int or numpy.random.Generator, default None
        The seed of the resamples.

    Returns
    -------
    BiasVariance
        Three arrays of length ``len(estimators)``; ``error = bias2 + variance``
        entry by entry (module documentation).

    Examples
    --------
    >>> import numpy as np
    >>> from physml.data import design_matrix
    >>> from physml.linear import LinearRegression
    >>> from physml.resampling import bias_variance_decomposition
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(-1, 1, 60)
    >>> y = np.sin(3 * x) + 0.1 * rng.normal(size=60)
    >>> degrees = [1, 3, 5]
    >>> Xs = [design_matrix(x, degree=p, include_bias=False) for p in degrees]
    >>> result = bias_variance_decomposition(
    ...     [LinearRegression()] * 3, [X[:40] for X in Xs], y[:40], [X[40:] for X in Xs], y[40:],
    ...     n_bootstraps=30, random_state=0)
    >>> result.error.shape, bool(result.bias2[0] > result.bias2[2])
    ((3,), True)
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

    Parameters
    ----------
    n_samples : int >= 1
        The number of samples.
    n_splits : int >= 2, default 5
        The number of folds k (at most ``n_samples``).
    shuffle : bool, default False
        Permute the samples before cutting the folds.
    random_state : None, int or numpy.random.Generator, default None
        The seed of the permutation.

    Returns
    -------
    list of (ndarray, ndarray)
        (train indices, test indices) of each split.

    Examples
    --------
    >>> from physml.resampling import kfold_indices
    >>> [test.tolist() for train, test in kfold_indices(5, 2)]
    [[0, 1, 2], [3, 4]]
    """
    n = _check_count(n_samples, "n_samples")
    k = _check_count(n_splits, "n_splits", minimum=2)
    if k > n:
        raise ValueError(f"n_splits must be <= n_samples = {n}, got {k}")
    _check_indices("n_samples", n, n, f"the order of {n} samples")
    _check_indices("n_splits", k, n * k, f"{k} splits of {n} indices (train and test)")
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
    """k-fold cross-validation splitter (see :func:`kfold_indices`).

    Usable as the ``cv`` argument of :func:`cross_validate` and of scikit-learn's
    model selection.

    Parameters
    ----------
    n_splits : int >= 2, default 5
        The number of folds.
    shuffle : bool, default False
        Permute the samples before cutting the folds.
    random_state : None, int or numpy.random.Generator, default None
        The seed of the permutation; an int gives the same folds at every call.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.resampling import KFold
    >>> cv = KFold(3)
    >>> [test.tolist() for train, test in cv.split(np.zeros((6, 1)))]
    [[0, 1], [2, 3], [4, 5]]
    """

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
        """The number of splits.

        Parameters
        ----------
        X, y, groups : object, optional
            Ignored (scikit-learn's signature).

        Returns
        -------
        int
            ``n_splits``.
        """
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """The folds of ``X``'s samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, ...)
            The data; only its length is used.
        y, groups : object, optional
            Ignored (scikit-learn's signature).

        Yields
        ------
        train : ndarray
            The training indices of a split.
        test : ndarray
            Its test indices.
        """
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
    """k-fold cross-validation of an estimator.

    Parameters
    ----------
    estimator : estimator
        Any estimator with ``fit``, ``predict`` and ``get_params`` (copied before
        each fit).
    X : array-like of shape (n_samples, n_features)
        The inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The targets.
    cv : int or splitter, default 5
        The number of folds (consecutive folds, no shuffling, as ``KFold(cv)``) or a
        splitter such as ``KFold(5, shuffle=True, random_state=0)``.

    Returns
    -------
    dict of str to ndarray
        ``test_mse``, ``train_mse``, ``test_r2``, ``train_r2``, one entry per fold.
        The cross-validated error estimate is ``result["test_mse"].mean()``.

    Notes
    -----
    An estimator whose ``predict`` returns one column per model for a 1-D ``y``
    (``physml.linear.Ridge`` with an array of alphas: one factorisation per fold
    serves every alpha) gives arrays of shape (n_splits, n_models): average over
    axis 0 for one estimate per model.

    Examples
    --------
    >>> import numpy as np
    >>> from physml import resampling
    >>> from physml.linear import LinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(40, 1))
    >>> y = 2.0 * X[:, 0] + 0.1 * rng.normal(size=40)
    >>> scores = resampling.cross_validate(LinearRegression(), X, y, cv=4)
    >>> sorted(scores), scores["test_mse"].shape
    (['test_mse', 'test_r2', 'train_mse', 'train_r2'], (4,))
    >>> bool(scores["test_r2"].mean() > 0.9)
    True
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
    """Test MSE of each fold of :func:`cross_validate`.

    Parameters
    ----------
    estimator : estimator
        The model.
    X : array-like of shape (n_samples, n_features)
        The inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The targets.
    cv : int or splitter, default 5
        The folds, as :func:`cross_validate`.

    Returns
    -------
    ndarray of shape (n_splits,)
        The test MSE of each fold (units of y²); its mean is the cross-validated
        estimate of the prediction error.

    Examples
    --------
    >>> import numpy as np
    >>> from physml import resampling
    >>> from physml.linear import LinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(40, 1))
    >>> y = 2.0 * X[:, 0] + 0.1 * rng.normal(size=40)
    >>> mse = resampling.cross_val_mse(LinearRegression(), X, y, cv=5)
    >>> mse.shape, bool(mse.mean() < 0.02)
    ((5,), True)
    """
    return cross_validate(estimator, X, y, cv)["test_mse"]
