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


# --------------------------------------------------------------------- verbose


def _lines(text):
    return [line for line in text.splitlines() if line]


@pytest.mark.parametrize("early", [False, True])
def test_verbose_prints_sklearns_lines_every_epoch(capsys, monkeypatch, early):
    import physml.nn as pnn

    monkeypatch.setattr(pnn, "_CHUNK_SECONDS", 0.0)  # one callback per epoch: several chunks
    X, y = data(2)
    kw = dict(hidden_layer_sizes=(6,), max_iter=200, tol=1e-3, n_iter_no_change=3, early_stopping=early,
              random_state=0, learning_rate_init=0.01, verbose=True)
    est = MLPRegressor(**kw).fit(X, y)
    ours = _lines(capsys.readouterr().out)
    SkMLPRegressor(**kw).fit(X, y)
    theirs = _lines(capsys.readouterr().out)
    per_epoch = 2 if early else 1
    assert len(ours) == per_epoch * est.n_iter_ + 1
    expected = []
    for k, loss in enumerate(est.loss_curve_):
        expected.append(f"Iteration {k + 1}, loss = {loss:.8f}")
        if early:
            expected.append(f"Validation score: {est.validation_scores_[k]:f}")
    assert ours[:-1] == expected
    # the same wording as scikit-learn's, numbers aside
    words = lambda line: "".join(c for c in line if not (c.isdigit() or c in ".-"))
    assert words(ours[0]) == words(theirs[0]) and words(ours[-1]) == words(theirs[-1])
    assert ours[-1].endswith("Stopping.")


def test_verbose_numbers_continue_over_warm_starts_and_is_silent_by_default(capsys):
    X, y = data(3)
    est = MLPRegressor(hidden_layer_sizes=(4,), max_iter=3, warm_start=True, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y)
        assert capsys.readouterr().out == ""
        est.set_params(verbose=True).fit(X, y)
    assert _lines(capsys.readouterr().out) == [f"Iteration {k}, loss = {est.loss_curve_[k - 1]:.8f}" for k in (4, 5, 6)]


def test_logistic_regression_verbose(capsys):
    from physml.nn import LogisticRegression

    X, y = data(4)
    est = LogisticRegression(max_iter=5, verbose=1, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y > 0)
    assert _lines(capsys.readouterr().out) == [f"Iteration {k + 1}, loss = {v:.8f}" for k, v in enumerate(est.loss_curve_)]
