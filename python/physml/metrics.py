"""Error measures of a regression fit, and scorers built from them; classification
metrics (accuracy, confusion matrix, precision, recall, F1, ROC curve and AUC,
log-loss) at the end of the module.

The functions follow ``sklearn.metrics``: the same names, ``sample_weight``, and
uniform averaging over targets (without scikit-learn's ``multioutput`` and
``force_finite`` options; ``r2_score`` of a single sample is 0.0 or 1.0 here, NaN
with a warning there). :func:`get_scorer` turns a scikit-learn scoring name into a
callable ``scorer(estimator, X, y, sample_weight=None)`` (greater is better)."""

from __future__ import annotations

from typing import Callable

import numpy as np

from physml._base import check_array, check_sample_weight

__all__ = [
    "SCORERS",
    "accuracy_score",
    "confusion_matrix",
    "f1_score",
    "log_loss",
    "precision_score",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "explained_variance_score",
    "get_scorer",
    "max_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "mean_squared_error",
    "median_absolute_error",
    "r2_score",
    "root_mean_squared_error",
]


def _pair(y_true, y_pred):
    y_true = check_array(y_true, "y_true", ndim=(1, 2))
    y_pred = check_array(y_pred, "y_pred", ndim=(1, 2))
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true and y_pred have different numbers of samples: {y_true.shape[0]} and {y_pred.shape[0]}"
        )
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}")
    return y_true, y_pred


def _weights(sample_weight, n: int):
    return None if sample_weight is None else check_sample_weight(sample_weight, n)


def _finite(value: float) -> float:
    if not np.isfinite(value):
        raise ValueError("y_true and y_pred are too large: their squared errors overflow float64")
    return value


def mean_squared_error(y_true, y_pred, sample_weight=None) -> float:
    """Mean squared error of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    MSE = (1/n) Σ_i (y_i − ŷ_i)² (weighted: Σ_i w_i (y_i − ŷ_i)² / Σ_i w_i), in units of y².

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    1.3333333333333333
    """
    y_true, y_pred = _pair(y_true, y_pred)
    sample_weight = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.mean(np.average((y_true - y_pred) ** 2, axis=0, weights=sample_weight)))
    return _finite(value)


def r2_score(y_true, y_pred, sample_weight=None) -> float:
    """Coefficient of determination R² of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    R² = 1 − Σ_i w_i (y_i − ŷ_i)² / Σ_i w_i (y_i − ȳ_w)² (dimensionless). A constant
    ``y_true`` gives 1.0 for a perfect prediction and 0.0 otherwise (scikit-learn's
    convention).

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 4.0])
    0.5
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        mean = np.average(y_true, axis=0, weights=w)
        ss_res = np.average((y_true - y_pred) ** 2, axis=0, weights=w)
        ss_tot = np.average((y_true - mean) ** 2, axis=0, weights=w)
    _finite(float(np.sum(ss_res + ss_tot)))
    scores = np.where(ss_tot > 0, 1.0 - ss_res / np.where(ss_tot > 0, ss_tot, 1.0),
                      np.where(ss_res == 0, 1.0, 0.0))
    return float(np.mean(scores))


def root_mean_squared_error(y_true, y_pred, sample_weight=None) -> float:
    """Root mean squared error of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    RMSE = √[(1/n) Σ_i (y_i − ŷ_i)²] per target (units of y), then averaged over targets.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.root_mean_squared_error([0.0, 0.0], [3.0, -3.0])
    3.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(np.mean(np.sqrt(np.average((y_true - y_pred) ** 2, axis=0, weights=w))))
    return _finite(value)


def mean_absolute_error(y_true, y_pred, sample_weight=None) -> float:
    """Mean absolute error of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    MAE = (1/n) Σ_i |y_i − ŷ_i| (weighted mean with weights), in units of y.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.mean_absolute_error([1.0, 2.0, 3.0], [2.0, 2.0, 1.0])
    1.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    return _finite(float(np.mean(np.average(np.abs(y_true - y_pred), axis=0, weights=w))))


def mean_absolute_percentage_error(y_true, y_pred, sample_weight=None) -> float:
    """Mean absolute percentage error of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    MAPE = (1/n) Σ_i |y_i − ŷ_i| / max(|y_i|, ε), ε the float64 machine epsilon: a
    fraction, not per cent.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.mean_absolute_percentage_error([1.0, 2.0, 4.0], [1.1, 2.0, 3.6])
    0.0666...
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    eps = np.finfo(np.float64).eps
    with np.errstate(over="ignore"):
        ratio = np.abs(y_true - y_pred) / np.maximum(np.abs(y_true), eps)
    return _finite(float(np.mean(np.average(ratio, axis=0, weights=w))))


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The median of the distribution with masses ``weights`` at ``values``, by the
    averaged inverted CDF: with cumulative masses C_k of the sorted values and half
    the total H, the first value with C_k ≥ H, averaged with the next value of
    positive mass when C_k = H exactly (so unit weights give ``np.median``)."""
    keep = weights > 0
    order = np.argsort(values[keep], kind="stable")
    v, c = values[keep][order], np.cumsum(weights[keep][order])
    half = 0.5 * c[-1]
    k = int(np.searchsorted(c, half, side="left"))
    if c[k] == half and k + 1 < len(v):
        return 0.5 * (v[k] + v[k + 1])
    return float(v[k])


def median_absolute_error(y_true, y_pred, sample_weight=None) -> float:
    """Median absolute error of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    The median over samples of |y_i − ŷ_i| (with weights, the weighted median), in
    units of y.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.median_absolute_error([1.0, 2.0, 3.0, 4.0], [1.0, 2.5, 5.0, 4.0])
    0.25
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    errors = np.abs(y_true - y_pred)
    if w is None:
        return _finite(float(np.mean(np.median(errors, axis=0))))
    if not np.any(w > 0):
        raise ValueError("sample_weight must have a positive weight")
    return _finite(float(np.mean([_weighted_median(errors[:, j], w) for j in range(errors.shape[1])])))


def max_error(y_true, y_pred) -> float:
    """The largest absolute error of a single target.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True targets.
    y_pred : array-like of shape (n_samples,)
        Predicted targets.

    Returns
    -------
    float
        max_i |y_i − ŷ_i|, in units of y (scikit-learn does not define it for
        several targets).

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.max_error([1.0, 2.0, 3.0], [1.5, 2.0, 0.0])
    3.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.shape[1] != 1:
        raise ValueError(f"max_error is defined for a single target, got {y_true.shape[1]}")
    return _finite(float(np.max(np.abs(y_true - y_pred))))


def explained_variance_score(y_true, y_pred, sample_weight=None) -> float:
    """Explained variance of the predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_targets)
        True targets.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_targets)
        Predicted targets.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The score, averaged uniformly over targets.

    Notes
    -----
    1 − Var(y − ŷ) / Var(y) per target (weighted variances about the weighted means);
    a constant ``y_true`` gives 1.0 when the residual is constant too and 0.0
    otherwise (scikit-learn's convention). Unlike R², a constant offset of ŷ is not
    penalised.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.explained_variance_score([1.0, 2.0, 3.0], [2.0, 3.0, 4.0])
    1.0
    """
    y_true, y_pred = _pair(y_true, y_pred)
    w = _weights(sample_weight, y_true.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        diff = y_true - y_pred
        var_res = np.average((diff - np.average(diff, axis=0, weights=w)) ** 2, axis=0, weights=w)
        var_true = np.average((y_true - np.average(y_true, axis=0, weights=w)) ** 2, axis=0, weights=w)
    _finite(float(np.sum(var_res + var_true)))
    scores = np.where(var_true > 0, 1.0 - var_res / np.where(var_true > 0, var_true, 1.0),
                      np.where(var_res == 0, 1.0, 0.0))
    return float(np.mean(scores))


# scoring name -> (metric, sign): the score is sign · metric, greater is better
_METRICS: dict[str, tuple[Callable[..., float], float]] = {
    "r2": (r2_score, 1.0),
    "explained_variance": (explained_variance_score, 1.0),
    "neg_mean_squared_error": (mean_squared_error, -1.0),
    "neg_root_mean_squared_error": (root_mean_squared_error, -1.0),
    "neg_mean_absolute_error": (mean_absolute_error, -1.0),
    "neg_mean_absolute_percentage_error": (mean_absolute_percentage_error, -1.0),
    "neg_median_absolute_error": (median_absolute_error, -1.0),
    "neg_max_error": (max_error, -1.0),
}

#: The scoring names :func:`get_scorer` knows (scikit-learn's regression scorers).
SCORERS = tuple(_METRICS)


class _Scorer:
    """``scorer(estimator, X, y, sample_weight=None) = sign · metric(y, estimator.predict(X))``."""

    def __init__(self, name: str):
        self.name = name
        self._metric, self._sign = _METRICS[name]
        #: whether ``__call__`` takes ``sample_weight`` (the maximum error does not)
        self.takes_sample_weight = self._metric is not max_error

    def __call__(self, estimator, X, y, sample_weight=None) -> float:
        y_pred = estimator.predict(X)
        if sample_weight is None:
            return self._sign * self._metric(y, y_pred)
        if self._metric is max_error:
            raise ValueError("the max_error scorer does not take sample_weight")
        return self._sign * self._metric(y, y_pred, sample_weight=sample_weight)

    def __repr__(self) -> str:
        return f"get_scorer({self.name!r})"


def get_scorer(scoring):
    """A scorer ``scorer(estimator, X, y)`` from a scoring name or a callable.

    Parameters
    ----------
    scoring : str or callable
        A scikit-learn scoring name (one of :data:`SCORERS`, such as ``'r2'`` or
        ``'neg_mean_squared_error'``), or a callable ``scoring(estimator, X, y)``,
        returned as it is (a scikit-learn scorer works).

    Returns
    -------
    callable
        ``scorer(estimator, X, y, sample_weight=None)``, greater is better.

    Raises
    ------
    ValueError
        If the name is not one of :data:`SCORERS`.

    Examples
    --------
    >>> import numpy as np
    >>> from physml import metrics
    >>> from physml.linear import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> model = LinearRegression().fit(X, [0.0, 1.0, 2.0])
    >>> scorer = metrics.get_scorer("neg_mean_squared_error")
    >>> round(scorer(model, X, [0.0, 1.0, 3.0]), 4)
    -0.3333
    """
    if callable(scoring):
        return scoring
    if isinstance(scoring, str) and scoring in _METRICS:
        return _Scorer(scoring)
    raise ValueError(f"scoring must be a callable or one of {', '.join(SCORERS)}; got {scoring!r}")


# ---------------------------------------------------------------- classification
#
# The classification metrics of a course, with sklearn.metrics' names, conventions
# and sample weights. Labels may be any comparable values (ints, strings); the
# positive class of binary metrics is ``pos_label``. Unlike scikit-learn, a ratio
# with a zero denominator (precision without predicted positives, say) is
# ``zero_division`` without a warning.


def _labels_pair(y_true, y_pred, sample_weight):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.ndim != 1:
            raise ValueError(f"{name} must be a 1-D array of labels, got shape {y.shape}")
        if y.size == 0:
            raise ValueError(f"{name} must not be empty")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred have different numbers of samples: {y_true.size} and {y_pred.size}")
    w = np.ones(y_true.size) if sample_weight is None else check_sample_weight(sample_weight, y_true.size)
    return y_true, y_pred, w


def accuracy_score(y_true, y_pred, sample_weight=None) -> float:
    """Fraction of samples whose predicted label equals the true one.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    float
        The (weighted) fraction of correct labels, in [0, 1].

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.accuracy_score([0, 1, 1, 0], [0, 1, 0, 0])
    0.75
    """
    y_true, y_pred, w = _labels_pair(y_true, y_pred, sample_weight)
    return float(np.average(y_true == y_pred, weights=w))


def confusion_matrix(y_true, y_pred, labels=None, sample_weight=None) -> np.ndarray:
    """The confusion matrix of a classifier.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    labels : array-like of shape (n_classes,), optional
        The labels indexing the matrix; default the sorted union of both arrays'
        labels.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.

    Returns
    -------
    ndarray of shape (n_classes, n_classes)
        C[i, j] = the (weighted) number of samples of true class labels[i] predicted
        as labels[j]: integer counts without weights, floats with them (as scikit-learn).

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2]).tolist()
    [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    """
    y_true, y_pred, w = _labels_pair(y_true, y_pred, sample_weight)
    labels = np.unique(np.concatenate([y_true, y_pred])) if labels is None else np.asarray(labels)
    index = {label: k for k, label in enumerate(labels.tolist())}
    keep = np.array([t in index and p in index for t, p in zip(y_true.tolist(), y_pred.tolist())])
    rows = np.array([index[t] for t in y_true[keep].tolist()], dtype=np.intp)
    cols = np.array([index[p] for p in y_pred[keep].tolist()], dtype=np.intp)
    dtype = np.int64 if sample_weight is None else np.float64
    cm = np.zeros((labels.size, labels.size), dtype=dtype)
    np.add.at(cm, (rows, cols), w[keep].astype(dtype))
    return cm


_AVERAGES = ("binary", "micro", "macro", "weighted", None)


def _precision_recall_f1(y_true, y_pred, pos_label, average, sample_weight, zero_division, beta=1.0):
    if average not in _AVERAGES:
        raise ValueError(f"average must be one of {_AVERAGES}, got {average!r}")
    y_true, y_pred, w = _labels_pair(y_true, y_pred, sample_weight)
    labels = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if labels.size > 2:
            raise ValueError(f"average='binary' needs two classes, got {labels.size}; choose average='macro', 'micro' or 'weighted'")
        if pos_label not in labels.tolist() and labels.size == 2:
            raise ValueError(f"pos_label={pos_label!r} is not a label; the labels are {labels.tolist()}")
        labels = np.array([pos_label])
    cm_all = confusion_matrix(y_true, y_pred, np.unique(np.concatenate([y_true, y_pred, labels])), w).astype(float)
    all_labels = np.unique(np.concatenate([y_true, y_pred, labels])).tolist()
    idx = [all_labels.index(label) for label in labels.tolist()]
    tp = np.diag(cm_all)[idx]
    pred = cm_all.sum(axis=0)[idx]
    true = cm_all.sum(axis=1)[idx]
    if average == "micro":
        tp, pred, true = tp.sum(keepdims=True), pred.sum(keepdims=True), true.sum(keepdims=True)

    def ratio(a, b):
        return np.where(b > 0, a / np.where(b > 0, b, 1.0), zero_division)

    precision, recall = ratio(tp, pred), ratio(tp, true)
    b2 = beta * beta
    f = ratio((1 + b2) * tp, b2 * true + pred)
    if average == "weighted":
        weights = true
        if weights.sum() == 0:
            return (float(zero_division),) * 3
        return tuple(float(np.average(v, weights=weights)) for v in (precision, recall, f))
    if average is None:
        return precision, recall, f
    return tuple(float(np.mean(v)) for v in (precision, recall, f))


def precision_score(y_true, y_pred, *, pos_label=1, average="binary", sample_weight=None, zero_division=0.0):
    """Precision TP/(TP + FP).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default 1
        The positive class with ``average='binary'``.
    average : {'binary', 'micro', 'macro', 'weighted'} or None, default 'binary'
        'binary' (the class ``pos_label``), 'micro' (global counts), 'macro'
        (unweighted mean over classes), 'weighted' (mean weighted by each class's
        support), or None (one value per class, sorted labels).
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.
    zero_division : float, default 0.0
        The value when the denominator is zero.

    Returns
    -------
    float or ndarray of shape (n_classes,)
        The precision (one per class with ``average=None``).

    Notes
    -----
    Of the samples predicted as a class, the fraction that are.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.precision_score([0, 1, 1, 0], [1, 1, 1, 0])
    0.666...
    """
    return _precision_recall_f1(y_true, y_pred, pos_label, average, sample_weight, zero_division)[0]


def recall_score(y_true, y_pred, *, pos_label=1, average="binary", sample_weight=None, zero_division=0.0):
    """Recall TP/(TP + FN).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default 1
        The positive class with ``average='binary'``.
    average : {'binary', 'micro', 'macro', 'weighted'} or None, default 'binary'
        'binary' (the class ``pos_label``), 'micro' (global counts), 'macro'
        (unweighted mean over classes), 'weighted' (mean weighted by each class's
        support), or None (one value per class, sorted labels).
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.
    zero_division : float, default 0.0
        The value when the denominator is zero.

    Returns
    -------
    float or ndarray of shape (n_classes,)
        The recall (one per class with ``average=None``).

    Notes
    -----
    Of the samples of a class, the fraction predicted as it.

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.recall_score([0, 1, 1, 0], [1, 1, 0, 0])
    0.5
    """
    return _precision_recall_f1(y_true, y_pred, pos_label, average, sample_weight, zero_division)[1]


def f1_score(y_true, y_pred, *, pos_label=1, average="binary", sample_weight=None, zero_division=0.0):
    """F1 score, the harmonic mean of precision and recall.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,)
        Predicted labels.
    pos_label : int, float, bool or str, default 1
        The positive class with ``average='binary'``.
    average : {'binary', 'micro', 'macro', 'weighted'} or None, default 'binary'
        'binary' (the class ``pos_label``), 'micro' (global counts), 'macro'
        (unweighted mean over classes), 'weighted' (mean weighted by each class's
        support), or None (one value per class, sorted labels).
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples; None for equal weights.
    zero_division : float, default 0.0
        The value when the denominator is zero.

    Returns
    -------
    float or ndarray of shape (n_classes,)
        F1 (one per class with ``average=None``).

    Notes
    -----
    F1 = 2 TP/(2 TP + FP + FN).

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.f1_score([0, 1, 1, 0], [1, 1, 0, 0])
    0.5
    """
    return _precision_recall_f1(y_true, y_pred, pos_label, average, sample_weight, zero_division)[2]


def _binary_scores(y_true, y_score, pos_label, sample_weight):
    y_true = np.asarray(y_true)
    y_score = check_array(y_score, "y_score", ndim=1)
    if y_true.ndim != 1 or y_true.shape != y_score.shape:
        raise ValueError(f"y_true must be 1-D with the length of y_score ({y_score.size}), got shape {y_true.shape}")
    classes = np.unique(y_true)
    if pos_label is None:
        if classes.size > 2 or not set(classes.tolist()) <= {0, 1, -1}:
            raise ValueError(f"pos_label must be given for the labels {classes.tolist()}")
        pos_label = 1
    w = np.ones(y_true.size) if sample_weight is None else check_sample_weight(sample_weight, y_true.size)
    return (y_true == pos_label).astype(float), y_score, w


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """The receiver operating characteristic of a binary classifier's scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels.
    y_score : array-like of shape (n_samples,)
        Scores (probabilities or decision values) of the positive class.
    pos_label : int, float, bool or str, optional
        The positive class; default 1 for labels {0, 1} or {−1, 1}.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples.
    drop_intermediate : bool, default True
        Drop the points on straight segments of the curve, as scikit-learn does.

    Returns
    -------
    fpr : ndarray
        The false-positive rate FPR = FP/N at each threshold.
    tpr : ndarray
        The true-positive rate TPR = TP/P at each threshold.
    thresholds : ndarray
        The distinct thresholds t, decreasing, the first +inf; a sample is
        predicted positive when score >= t.

    Examples
    --------
    >>> from physml import metrics
    >>> fpr, tpr, thresholds = metrics.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    y, score, w = _binary_scores(y_true, y_score, pos_label, sample_weight)
    order = np.argsort(-score, kind="mergesort")
    y, score, w = y[order], score[order], w[order]
    distinct = np.where(np.diff(score))[0]
    ends = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y * w)[ends]
    fps = np.cumsum((1 - y) * w)[ends]
    thresholds = score[ends]
    if drop_intermediate and tps.size > 2:
        keep = np.where(np.r_[True, np.logical_or(np.diff(fps, 2), np.diff(tps, 2)), True])[0]
        tps, fps, thresholds = tps[keep], fps[keep], thresholds[keep]
    tps, fps = np.r_[0.0, tps], np.r_[0.0, fps]
    thresholds = np.r_[np.inf, thresholds]
    if fps[-1] <= 0 or tps[-1] <= 0:
        raise ValueError("y_true must contain both classes for a ROC curve")
    return fps / fps[-1], tps / tps[-1], thresholds


def roc_auc_score(y_true, y_score, *, sample_weight=None) -> float:
    """Area under the ROC curve.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples.

    Returns
    -------
    float
        The area, by the trapezoidal rule: the probability that a random positive
        scores above a random negative (ties count ½).

    Examples
    --------
    >>> from physml import metrics
    >>> metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    fpr, tpr, _ = roc_curve(y_true, y_score, sample_weight=sample_weight)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def log_loss(y_true, y_pred, *, labels=None, sample_weight=None) -> float:
    """Cross-entropy of predicted probabilities.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_classes)
        Predicted probabilities: (n,) for the larger label of two, or (n, n_classes)
        in sorted label order.
    labels : array-like, optional
        The labels, when ``y_true`` does not contain them all.
    sample_weight : array-like of shape (n_samples,), optional
        Weights of the samples.

    Returns
    -------
    float
        −(1/n) Σ_i Σ_k y_ik ln p_ik (in nats), with p clipped to [ε, 1 − ε], ε the
        float64 machine epsilon.

    Examples
    --------
    >>> from physml import metrics
    >>> round(metrics.log_loss([0, 1], [[0.9, 0.1], [0.2, 0.8]]), 4)
    0.1643
    """
    y_true = np.asarray(y_true)
    p = check_array(y_pred, "y_pred", ndim=(1, 2))
    classes = np.unique(y_true) if labels is None else np.unique(np.asarray(labels))
    if y_true.ndim != 1 or y_true.size != p.shape[0]:
        raise ValueError(f"y_true must be 1-D with one label per row of y_pred ({p.shape[0]}), got shape {y_true.shape}")
    if p.ndim == 1:
        p = np.column_stack([1 - p, p])
    if classes.size < 2:
        raise ValueError("y_true must contain at least two labels, or give labels")
    if p.shape[1] != classes.size:
        raise ValueError(f"y_pred has {p.shape[1]} columns but there are {classes.size} labels {classes.tolist()}")
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("y_pred must hold probabilities in [0, 1]")
    eps = np.finfo(np.float64).eps
    p = np.clip(p, eps, 1 - eps)
    column = np.searchsorted(classes, y_true)
    if np.any(column >= classes.size) or np.any(classes[np.minimum(column, classes.size - 1)] != y_true):
        raise ValueError(f"y_true holds labels outside {classes.tolist()}")
    w = None if sample_weight is None else check_sample_weight(sample_weight, y_true.size)
    return float(np.average(-np.log(p[np.arange(y_true.size), column]), weights=w))
