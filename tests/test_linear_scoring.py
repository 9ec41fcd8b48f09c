"""Regression metrics and scorers (physml.metrics) against sklearn.metrics, and
RidgeCV's `scoring` against scikit-learn's RidgeCV and brute-force refits."""

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn import metrics as skm
from sklearn.model_selection import KFold

from physml import metrics
from physml.linear import Ridge, RidgeCV

METRICS = [
    "r2_score",
    "explained_variance_score",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_error",
    "mean_absolute_percentage_error",
    "median_absolute_error",
]


@pytest.mark.parametrize("name", METRICS)
@pytest.mark.parametrize("targets", [None, 3])
def test_metrics_match_sklearn_with_and_without_weights(name, targets):
    rng = np.random.default_rng(len(name))
    for trial in range(40):
        n = int(rng.integers(2, 25))
        shape = (n,) if targets is None else (n, targets)
        y = rng.normal(size=shape)
        pred = y + rng.normal(size=shape)
        if trial % 4 == 0:  # ties and exact halves for the medians
            y, pred = np.round(y), np.round(pred)
        w = rng.integers(0, 4, size=n).astype(float)
        w[0] += 1.0
        for sw in (None, w, rng.uniform(0.1, 2.0, n)):
            ours = getattr(metrics, name)(y, pred, sample_weight=sw)
            theirs = getattr(skm, name)(y, pred, sample_weight=sw)
            assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-14), (name, trial)


def test_max_error_and_constant_targets_follow_sklearn():
    y, pred = np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 0.0])
    assert metrics.max_error(y, pred) == skm.max_error(y, pred) == 3.0
    with pytest.raises(ValueError, match="single target"):
        metrics.max_error(np.ones((3, 2)), np.zeros((3, 2)))
    const = np.full(4, 2.0)
    for name in ("r2_score", "explained_variance_score"):
        for pred in (const, const + 1.0, np.arange(4.0)):
            assert getattr(metrics, name)(const, pred) == getattr(skm, name)(const, pred)


def test_get_scorer_names_callables_and_errors():
    model = Ridge(alpha=1.0).fit(np.arange(10.0).reshape(5, 2), np.arange(5.0))
    X, y = np.arange(10.0).reshape(5, 2), np.arange(5.0) + 0.3
    for name in metrics.SCORERS:
        ours = metrics.get_scorer(name)(model, X, y)
        theirs = skm.get_scorer(name)(model, X, y)
        assert ours == pytest.approx(theirs, rel=1e-12), name
    own = lambda est, X, y: 1.0  # noqa: E731
    assert metrics.get_scorer(own) is own
    with pytest.raises(ValueError, match="scoring must be a callable or one of"):
        metrics.get_scorer("accuracy")
    with pytest.raises(ValueError, match="max_error scorer does not take sample_weight"):
        metrics.get_scorer("neg_max_error")(model, X, y, sample_weight=np.ones(5))


def make_problem(seed, targets=None):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 5))
    y = X @ rng.normal(size=5) + rng.normal(size=40)
    if targets:
        y = np.column_stack([y, y**2 / 3 + X[:, 0]])
    return X, y, rng.uniform(0.3, 2.0, 40)


ALPHAS = np.logspace(-3, 3, 13)
SCORINGS = [
    "r2",
    "neg_mean_absolute_error",
    "neg_median_absolute_error",
    "explained_variance",
    skm.make_scorer(skm.mean_absolute_error, greater_is_better=False),
]


@pytest.mark.parametrize("scoring", SCORINGS, ids=lambda s: s if isinstance(s, str) else "make_scorer")
@pytest.mark.parametrize("targets", [None, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_ridgecv_scoring_matches_sklearn(scoring, targets, weighted):
    X, y, sw = make_problem(0, targets)
    w = sw if weighted else None
    cvs = [None, 4, KFold(3, shuffle=True, random_state=0)]
    for cv in cvs:
        for per_target in [False, True] if (cv is None and targets) else [False]:
            kwargs = dict(alphas=ALPHAS, scoring=scoring, cv=cv, alpha_per_target=per_target, store_cv_results=cv is None)
            ours = RidgeCV(**kwargs).fit(X, y, sample_weight=w)
            theirs = sk.RidgeCV(**kwargs).fit(X, y, sample_weight=w)
            np.testing.assert_array_equal(ours.alpha_, theirs.alpha_)
            np.testing.assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8, atol=1e-10)
            if cv is None:
                np.testing.assert_allclose(ours.cv_results_, theirs.cv_results_, rtol=1e-9, atol=1e-10)
    # the scores of all alphas: the chosen one is their first maximum
    scores = np.atleast_2d(ours.alpha_scores_.T)
    assert np.all(scores.max(axis=-1) == np.atleast_1d(ours.best_score_))


def test_leave_one_out_predictions_equal_refits_without_each_sample():
    """The independent oracle: refit without sample i, predict sample i. A sample of
    zero weight takes no part in any fit, so its prediction is the full fit's
    (scikit-learn divides by its √w = 0 and gets NaN)."""
    X, y, sw = make_problem(3)
    sw[[4, 9]] = 0.0
    alphas = np.array([0.01, 1.0, 30.0])
    model = RidgeCV(alphas=alphas, scoring="r2", store_cv_results=True).fit(X, y, sample_weight=sw)
    for k, alpha in enumerate(alphas):
        full = Ridge(alpha=alpha).fit(X, y, sample_weight=sw)
        for i in range(len(y)):
            if sw[i] == 0:
                expected = full.predict(X[i : i + 1])[0]
            else:
                keep = np.arange(len(y)) != i
                expected = Ridge(alpha=alpha).fit(X[keep], y[keep], sample_weight=sw[keep]).predict(X[i : i + 1])[0]
            assert model.cv_results_[i, k] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_a_callable_scorer_decides_the_alpha():
    X, y, _ = make_problem(5)
    # a scorer that prefers the largest alpha's (most shrunk) predictions
    shrink = lambda est, X, y: -float(np.abs(est.predict(X)).sum())  # noqa: E731
    model = RidgeCV(alphas=ALPHAS, scoring=shrink).fit(X, y)
    assert model.alpha_ == ALPHAS[-1]
    assert model.alpha_ != RidgeCV(alphas=ALPHAS).fit(X, y).alpha_


def test_gcv_mode_is_validated_and_changes_nothing():
    X, y, _ = make_problem(6)
    base = RidgeCV(alphas=ALPHAS).fit(X, y)
    for mode in (None, "auto", "svd", "eigen"):
        model = RidgeCV(alphas=ALPHAS, gcv_mode=mode).fit(X, y)
        assert model.alpha_ == base.alpha_
        np.testing.assert_array_equal(model.coef_, base.coef_)
    with pytest.raises(ValueError, match="gcv_mode must be"):
        RidgeCV(gcv_mode="qr").fit(X, y)
    with pytest.raises(ValueError, match="scoring must be a callable or one of"):
        RidgeCV(scoring="accuracy").fit(X, y)


def test_a_nan_score_never_wins():
    """Found in review: np.argmax picked the alpha whose score was NaN; scikit-learn
    keeps its best alpha until a strictly higher score."""
    X, y, _ = make_problem(7)
    calls = []

    def scorer(est, X_, y_):
        calls.append(1)
        return np.nan if len(calls) == 2 else -float(np.mean((est.predict(X_) - y_) ** 2))

    alphas = [1e3, 1e2, 1.0]
    ours = RidgeCV(alphas=alphas, scoring=scorer).fit(X, y)
    calls.clear()
    theirs = sk.RidgeCV(alphas=alphas, scoring=scorer).fit(X, y)
    assert ours.alpha_ == theirs.alpha_ == 1.0
    assert ours.best_score_ == pytest.approx(theirs.best_score_, rel=1e-10)


def test_a_scorer_without_sample_weight_scores_folds_unweighted_as_sklearn():
    X, y, sw = make_problem(8)
    mae = lambda est, X_, y_: -float(np.mean(np.abs(est.predict(X_) - y_)))  # noqa: E731
    with pytest.warns(UserWarning, match="does not take sample_weight"):
        ours = RidgeCV(alphas=ALPHAS, scoring=mae, cv=4).fit(X, y, sample_weight=sw)
    with pytest.warns(UserWarning):
        theirs = sk.RidgeCV(alphas=ALPHAS, scoring=mae, cv=4).fit(X, y, sample_weight=sw)
    assert ours.alpha_ == theirs.alpha_
    assert ours.best_score_ == pytest.approx(theirs.best_score_, rel=1e-10)
    with pytest.warns(UserWarning, match="does not take sample_weight"):
        RidgeCV(alphas=ALPHAS, scoring="neg_max_error", cv=4).fit(X, y, sample_weight=sw)
    with pytest.raises(ValueError, match="scoring=.* does not take sample_weight"):
        RidgeCV(alphas=ALPHAS, scoring=mae).fit(X, y, sample_weight=sw)
