"""physml.metrics' classification metrics equal sklearn.metrics' on random cases,
with and without sample weights."""

import numpy as np
import pytest
from sklearn import metrics as skm

from physml import metrics


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weighted", [False, True])
def test_label_metrics_match_sklearn(seed, weighted):
    rng = np.random.default_rng(seed)
    n = 60
    y_true, y_pred = rng.integers(0, 3, n), rng.integers(0, 3, n)
    w = rng.uniform(0.1, 2.0, n) if weighted else None
    assert metrics.accuracy_score(y_true, y_pred, sample_weight=w) == pytest.approx(
        skm.accuracy_score(y_true, y_pred, sample_weight=w))
    np.testing.assert_allclose(metrics.confusion_matrix(y_true, y_pred, sample_weight=w),
                               skm.confusion_matrix(y_true, y_pred, sample_weight=w))
    for average in ("micro", "macro", "weighted", None):
        for ours, theirs in ((metrics.precision_score, skm.precision_score), (metrics.recall_score, skm.recall_score),
                             (metrics.f1_score, skm.f1_score)):
            np.testing.assert_allclose(ours(y_true, y_pred, average=average, sample_weight=w),
                                       theirs(y_true, y_pred, average=average, sample_weight=w, zero_division=0.0),
                                       err_msg=f"{ours.__name__} {average}")
    yb, pb = y_true % 2, y_pred % 2
    for ours, theirs in ((metrics.precision_score, skm.precision_score), (metrics.recall_score, skm.recall_score),
                         (metrics.f1_score, skm.f1_score)):
        for pos in (0, 1):
            assert ours(yb, pb, pos_label=pos, sample_weight=w) == pytest.approx(
                theirs(yb, pb, pos_label=pos, sample_weight=w, zero_division=0.0))


def test_string_labels_and_zero_division():
    y_true = np.array(["cat", "dog", "dog", "cat"])
    y_pred = np.array(["dog", "dog", "dog", "dog"])
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred), [[0, 2], [0, 2]])
    assert metrics.precision_score(y_true, y_pred, pos_label="cat") == 0.0
    assert metrics.recall_score(y_true, y_pred, pos_label="dog") == 1.0
    with pytest.raises(ValueError, match="average"):
        metrics.f1_score(y_true, y_pred, average="mean")
    with pytest.raises(ValueError, match="y_pred"):
        metrics.accuracy_score(y_true, y_pred[:3])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("weighted", [False, True])
def test_roc_auc_and_log_loss_match_sklearn(seed, weighted):
    rng = np.random.default_rng(seed)
    n = 80
    y = rng.integers(0, 2, n)
    score = np.round(y + rng.normal(size=n), 1)  # ties
    w = rng.uniform(0.1, 2.0, n) if weighted else None
    for drop in (True, False):
        ours = metrics.roc_curve(y, score, sample_weight=w, drop_intermediate=drop)
        theirs = skm.roc_curve(y, score, sample_weight=w, drop_intermediate=drop)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b)
    assert metrics.roc_auc_score(y, score, sample_weight=w) == pytest.approx(skm.roc_auc_score(y, score, sample_weight=w))
    p = 1 / (1 + np.exp(-score))
    assert metrics.log_loss(y, p, sample_weight=w) == pytest.approx(skm.log_loss(y, p, sample_weight=w))
    y3 = rng.integers(0, 3, n)
    p3 = rng.dirichlet(np.ones(3), size=n)
    assert metrics.log_loss(y3, p3, sample_weight=w) == pytest.approx(skm.log_loss(y3, p3, sample_weight=w))
