"""scikit-learn parity of physml.nn: the attributes of early stopping, verbose
output, sample weights and LogisticRegression's options, checked against
scikit-learn 1.9 where the semantics allow an exact comparison and against
definitions (repeated rows, dropped rows) otherwise."""

import warnings

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

from physml.nn import MLPClassifier, MLPRegressor


def data(seed, n=120, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2] + 0.05 * rng.normal(size=n)
    return X, y


# --------------------------------------------------------------------- best_loss_, best_validation_score_


@pytest.mark.parametrize("early", [False, True])
@pytest.mark.parametrize("kind", ["regressor", "classifier"])
def test_best_loss_and_best_validation_score_as_in_sklearn(kind, early):
    X, y = data(0)
    if kind == "classifier":
        y = (y > 0).astype(int)
    ours_cls, sk_cls = (MLPRegressor, SkMLPRegressor) if kind == "regressor" else (MLPClassifier, SkMLPClassifier)
    kw = dict(hidden_layer_sizes=(8,), max_iter=15, early_stopping=early, random_state=0, learning_rate_init=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, sk = ours_cls(**kw).fit(X, y), sk_cls(**kw).fit(X, y)
    for name in ("best_loss_", "best_validation_score_", "validation_scores_"):
        assert (getattr(ours, name) is None) == (getattr(sk, name) is None), name
    if early:
        assert ours.best_validation_score_ == max(ours.validation_scores_)
        assert len(ours.validation_scores_) == ours.n_iter_
    else:
        assert ours.best_loss_ == min(ours.loss_curve_)
    # warm start: the best values run over every fit, as scikit-learn's
    ours.set_params(warm_start=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.fit(X, y)
    if early:
        assert ours.best_validation_score_ == max(ours.validation_scores_)
    else:
        assert ours.best_loss_ == min(ours.loss_curve_)


def test_partial_fit_refuses_early_stopping_as_sklearn():
    X, y = data(1)
    with pytest.raises(ValueError, match="early_stopping"):
        MLPRegressor(early_stopping=True).partial_fit(X, y)
    est = MLPRegressor(hidden_layer_sizes=(4,), random_state=0).partial_fit(X, y)
    assert est.best_validation_score_ is None and est.best_loss_ == est.loss_
