"""scikit-learn parity of physml.nn: the attributes of early stopping, verbose
output, sample weights and LogisticRegression's options, checked against
scikit-learn 1.9 where the semantics allow an exact comparison and against
definitions (repeated rows, dropped rows) otherwise."""

import warnings

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

from physml._base import ConvergenceWarning
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

    monkeypatch.setattr(pnn._train, "_CHUNK_SECONDS", 0.0)  # one callback per epoch: several chunks
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


def test_verbose_adaptive_schedule_prints_sklearns_learning_rate_lines(capsys, monkeypatch):
    import physml.nn as pnn

    monkeypatch.setattr(pnn._train, "_CHUNK_SECONDS", 0.0)
    X, y = data(2)
    kw = dict(hidden_layer_sizes=(4,), solver="sgd", learning_rate="adaptive", learning_rate_init=0.01, tol=10.0,
              n_iter_no_change=1, max_iter=100, random_state=0, verbose=True)
    MLPRegressor(**kw).fit(X, y)
    ours = _lines(capsys.readouterr().out)
    SkMLPRegressor(**kw).fit(X, y)
    theirs = _lines(capsys.readouterr().out)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        if a.startswith("Iteration"):
            assert a.split(",")[0] == b.split(",")[0]
        else:
            assert a == b
    assert sum("Setting learning rate to 0.002000" in line for line in ours) == 1
    assert ours[-1].endswith("Learning rate too small. Stopping.")


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


# --------------------------------------------------------------------- sample_weight in the MLPs


def _fit_quietly(est, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(*args, **kwargs)


def _labels(kind, y):
    if kind == "regressor":
        return y
    if kind == "binary":
        return (y > 0).astype(int)
    return np.digitize(y, [-0.5, 0.0, 0.5])


def _estimator(kind, **kw):
    return (MLPRegressor if kind == "regressor" else MLPClassifier)(**kw)


def _sklearn_steps(kind, est, X, y, w, batch, lr):
    """The parameters after one epoch of plain SGD over (X, y, w) in consecutive
    batches, each step the gradient of scikit-learn's own weighted batch objective
    (its private _backprop) from physml's initial weights, and the epoch loss."""
    from physml import _core

    sk = (SkMLPRegressor if kind == "regressor" else SkMLPClassifier)(
        hidden_layer_sizes=est.hidden_layer_sizes, activation=est.activation, alpha=est.alpha, max_iter=1
    )
    _fit_quietly(sk, X, y)
    coefs, intercepts = pnn_unflatten(
        _core.nn_init(est._sizes(), est._activations(), est._loss, "glorot", 1.0, est._seed), est._sizes()
    )
    sk.coefs_, sk.intercepts_ = coefs, intercepts
    Y = y.reshape(len(y), -1).astype(float) if kind != "multiclass" else np.eye(4)[y]
    total = 0.0
    for start in range(0, len(X), batch):
        sl = slice(start, start + batch)
        n_layers = len(coefs) + 1
        acts = [X[sl]] + [None] * (n_layers - 1)
        cg = [np.empty_like(c) for c in coefs]
        ig = [np.empty_like(b) for b in intercepts]
        loss, cg, ig = sk._backprop(X[sl], Y[sl], w[sl], acts, [None] * (n_layers - 1), cg, ig)
        total += loss * len(X[sl])
        for p, g in zip(coefs + intercepts, cg + ig):
            p -= lr * g
    return coefs, intercepts, total / len(X)


def pnn_unflatten(params, sizes):
    from physml.nn import _unflatten

    return _unflatten(np.asarray(params), sizes)


def _zero_some(w):
    w[::7] = 0.0
    return w


def _scale_batches(w):
    return w * np.repeat([1e-300, 1.0, 1e300], 30)


# (data seed, weights, alpha, learning rate): weights with zeros; negative weights
# (scikit-learn's MLPs accept them and divide by the signed batch sum S_B); batches
# weighted 1e-300, 1 and 1e300 (each batch's step depends only on the weight ratios
# inside it, whatever its scale)
WEIGHTED_STEP_CASES = {
    "zeros": (5, lambda: _zero_some(np.random.default_rng(1).uniform(0, 3, size=90)), 0.3, 0.1),
    "negative": (7, lambda: np.random.default_rng(3).uniform(-0.5, 3, size=90), 0.3, 0.05),
    "batch scales": (5, lambda: _scale_batches(np.random.default_rng(1).uniform(0.5, 3, size=90)), 0.0, 0.1),
}


@pytest.mark.parametrize("kind", ["regressor", "binary", "multiclass"])
@pytest.mark.parametrize("case", list(WEIGHTED_STEP_CASES))
def test_weighted_minibatch_steps_equal_sklearns_objective(kind, case):
    seed, weights, alpha, lr = WEIGHTED_STEP_CASES[case]
    X, y = data(seed, n=90)
    y = _labels(kind, y)
    w = weights()
    est = _estimator(kind, hidden_layer_sizes=(5,), activation="tanh", alpha=alpha, solver="sgd", momentum=0.0,
                     learning_rate_init=lr, batch_size=30, shuffle=False, max_iter=1, random_state=0)
    _fit_quietly(est, X, y, sample_weight=w)
    coefs, intercepts, loss = _sklearn_steps(kind, est, X, y, w, 30, lr)
    for ours, theirs in zip(est.coefs_ + est.intercepts_, coefs + intercepts):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
    assert est.loss_curve_[0] == pytest.approx(loss, rel=1e-12)


@pytest.mark.parametrize("kind", ["regressor", "binary", "multiclass"])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_integer_weights_are_repeated_rows_and_zero_weights_dropped_rows(kind, solver):
    X, y = data(6, n=60)
    y = _labels(kind, y)
    w = np.random.default_rng(2).integers(0, 4, size=60)
    kw = dict(hidden_layer_sizes=(6,), alpha=0.01, solver=solver, learning_rate_init=0.05, batch_size=1000,
              max_iter=25, tol=0.0, n_iter_no_change=100, random_state=3)
    weighted = _fit_quietly(_estimator(kind, **kw), X, y, sample_weight=w)
    rows = np.repeat(np.arange(60), w)
    repeated = _fit_quietly(_estimator(kind, **kw), X[rows], y[rows])
    kept = w > 0
    dropped = _fit_quietly(_estimator(kind, **kw), X[kept], y[kept], sample_weight=w[kept])
    for other in (repeated, dropped):
        for a, b in zip(weighted.coefs_ + weighted.intercepts_, other.coefs_ + other.intercepts_):
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(weighted.loss_curve_, other.loss_curve_, rtol=1e-11)


@pytest.mark.parametrize("kind", ["regressor", "multiclass"])
def test_unit_weights_train_the_very_same_network(kind):
    X, y = data(7, n=100)
    y = _labels(kind, y)
    kw = dict(hidden_layer_sizes=(8,), batch_size=32, max_iter=10, random_state=0, learning_rate_init=0.01)
    plain = _fit_quietly(_estimator(kind, **kw), X, y)
    ones = _fit_quietly(_estimator(kind, **kw), X, y, sample_weight=np.ones(100))
    scalar = _fit_quietly(_estimator(kind, **kw), X, y, sample_weight=1.0)
    for other in (ones, scalar):
        for a, b in zip(plain.coefs_ + plain.intercepts_, other.coefs_ + other.intercepts_):
            np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(plain.loss_curve_, ones.loss_curve_, rtol=1e-14)


@pytest.mark.parametrize("kind", ["regressor", "multiclass"])
def test_weighted_validation_score_is_sklearns_weighted_metric(kind):
    from sklearn.metrics import accuracy_score, r2_score

    X, y = data(8, n=150)
    y = _labels(kind, y)
    w = np.random.default_rng(3).uniform(0.1, 5, size=150)
    est = _estimator(kind, hidden_layer_sizes=(8,), early_stopping=True, validation_fraction=0.3, max_iter=15,
                     random_state=0, learning_rate_init=0.01)
    _fit_quietly(est, X, y, sample_weight=w)
    # the split of the sample indices gives the validation rows
    _, _, _, (X_val, idx), w_val = est._split_validation(X, np.arange(150)[:, None], w, est._seed)
    idx = idx[:, 0]
    metric = r2_score if kind == "regressor" else accuracy_score
    expected = metric(y[idx], est.predict(X_val), sample_weight=w_val)
    assert est.best_validation_score_ == pytest.approx(expected, rel=1e-12, abs=1e-15)
    unweighted = metric(y[idx], est.predict(X_val))
    assert expected != unweighted


@pytest.mark.parametrize("kind", ["regressor", "binary"])
def test_partial_fit_takes_sample_weight(kind):
    X, y = data(9, n=80)
    y = _labels(kind, y)
    w = np.random.default_rng(4).integers(0, 3, size=80)
    extra = {} if kind == "regressor" else {"classes": [0, 1]}
    kw = dict(hidden_layer_sizes=(4,), batch_size=1000, random_state=0, solver="sgd", momentum=0.0)
    a, b = _estimator(kind, **kw), _estimator(kind, **kw)
    rows = np.repeat(np.arange(80), w)
    for _ in range(3):
        a.partial_fit(X, y, sample_weight=w, **extra)
        b.partial_fit(X[rows], y[rows], **extra)
    for p, q in zip(a.coefs_, b.coefs_):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("kind", ["regressor", "binary"])
def test_bad_sample_weight_is_named(kind):
    X, y = data(10, n=40)
    y = _labels(kind, y)
    est = _estimator(kind, hidden_layer_sizes=(3,), max_iter=2)
    bad = [np.ones(39), np.r_[np.inf, np.ones(39)], np.r_[np.nan, np.ones(39)], np.zeros(40), np.ones((40, 1)), 0.0]
    for w in bad:
        with pytest.raises(ValueError, match="sample_weight"):
            est.fit(X, y, sample_weight=w)
        with pytest.raises(ValueError, match="sample_weight"):
            est.partial_fit(X, y, sample_weight=w, **({} if kind == "regressor" else {"classes": [0, 1]}))
    # weights that vanish on the validation part of the early-stopping split
    est.set_params(early_stopping=True, validation_fraction=0.5, random_state=0)
    _, _, _, (_, val), _ = est._split_validation(X, np.arange(40)[:, None], np.ones(40), 0)
    w = np.ones(40)
    w[val[:, 0]] = 0.0
    with pytest.raises(ValueError, match="sample_weight is zero"):
        est.fit(X, y, sample_weight=w)


def test_network_loss_and_gradient_with_weights_is_repeated_rows():
    from physml.nn import Network

    X, y = data(11, n=12)
    net = Network([3, 4, 1], "tanh", random_state=0)
    w = np.array([1, 0, 2, 3, 1, 0, 1, 1, 2, 1, 0, 4])
    rows = np.repeat(np.arange(12), w)
    j, gw, gb = net.loss_and_gradient(X, y, l2=0.1, sample_weight=w)
    jr, gwr, gbr = net.loss_and_gradient(X[rows], y[rows], l2=0.1)
    assert j == pytest.approx(jr, rel=1e-13)
    for a, b in zip(gw + gb, gwr + gbr):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="sample_weight"):
        net.loss(X, y, sample_weight=np.ones(3))


# --------------------------------------------------------------------- LogisticRegression options


def _logistic_data(kind, seed=12, n=160):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    z = X @ np.array([1.5, -1.0, 0.5, 0.0]) + 0.8 * rng.normal(size=n)
    y = (z > 0.3).astype(int) if kind == "binary" else np.digitize(z, [-1.0, 0.5])
    return X, y


def _converged(**kw):
    from physml.nn import LogisticRegression

    est = LogisticRegression(optimizer="sgd", learning_rate_init=0.5, momentum=0.9, tol=0.0, max_iter=4000,
                             n_iter_no_change=4000, **kw)
    return est


def _fit_both(kind, sample_weight=None, **kw):
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    X, y = _logistic_data(kind)
    sk = SkLogisticRegression(C=0.5, tol=1e-12, max_iter=10000, **kw).fit(X, y, sample_weight=sample_weight)
    ours = _fit_quietly(_converged(C=0.5, **kw), X, y, sample_weight=sample_weight)
    return ours, sk, X


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
@pytest.mark.parametrize("case", ["sample_weight", "balanced", "dict", "both", "no_intercept"])
def test_logistic_regression_options_agree_with_sklearn(kind, case):
    rng = np.random.default_rng(13)
    w = rng.uniform(0, 3, size=160)
    w[::9] = 0.0
    kw = {
        "sample_weight": dict(sample_weight=w),
        "balanced": dict(class_weight="balanced"),
        "dict": dict(class_weight={1: 3.0, 0: 0.5}),
        "both": dict(sample_weight=w, class_weight="balanced"),
        "no_intercept": dict(fit_intercept=False, sample_weight=w),
    }[case]
    ours, sk, X = _fit_both(kind, **kw)
    np.testing.assert_allclose(ours.coef_, sk.coef_, atol=2e-6)
    np.testing.assert_allclose(ours.intercept_, sk.intercept_, atol=2e-6)
    np.testing.assert_allclose(ours.predict_proba(X), sk.predict_proba(X), atol=2e-6)
    if case == "no_intercept":
        assert ours.intercept_.shape == sk.intercept_.shape and not ours.intercept_.any()


def test_logistic_regression_class_weight_is_sample_weight_and_bad_values_are_named():
    from physml.nn import LogisticRegression

    X, y = _logistic_data("multiclass")
    kw = dict(optimizer="sgd", momentum=0.0, learning_rate_init=0.3, max_iter=30, shuffle=False, tol=0.0)
    a = _fit_quietly(LogisticRegression(class_weight={0: 2.0, 2: 0.5}, **kw), X, y)
    b = _fit_quietly(LogisticRegression(**kw), X, y, sample_weight=np.array([2.0, 1.0, 0.5])[y])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-13, atol=1e-15)
    for bad, match in [({5: 1.0}, "class_weight has labels"), ({0: -1.0}, "class_weight values"),
                       ("uniform", "class_weight must be")]:
        with pytest.raises(ValueError, match=match):
            LogisticRegression(class_weight=bad).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight"):
        LogisticRegression().fit(X, y, sample_weight=np.zeros(160))
    with pytest.raises(TypeError, match="fit_intercept"):
        LogisticRegression(fit_intercept="yes").fit(X, y)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_logistic_regression_warm_start_continues_gradient_descent(fit_intercept):
    from physml.nn import LogisticRegression

    X, y = _logistic_data("binary")
    kw = dict(optimizer="sgd", momentum=0.0, learning_rate_init=0.3, shuffle=False, tol=0.0, n_iter_no_change=100,
              fit_intercept=fit_intercept)
    once = _fit_quietly(LogisticRegression(max_iter=40, **kw), X, y)
    twice = LogisticRegression(max_iter=25, warm_start=True, **kw)
    _fit_quietly(twice, X, y)
    _fit_quietly(twice.set_params(max_iter=15), X, y)
    np.testing.assert_allclose(twice.coef_, once.coef_, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(twice.intercept_, once.intercept_, rtol=1e-13, atol=1e-15)
    assert twice.loss_curve_[0] < _fit_quietly(LogisticRegression(max_iter=1, **kw), X, y).loss_curve_[0]
    with pytest.raises(ValueError, match="warm_start"):
        twice.fit(X[:, :3], y)


def test_multiclass_logistic_regression_with_adam_reports_sklearns_intercepts():
    """Adam drifts along the direction that adds a constant to every class's intercept
    (no probability changes); the reported intercepts sum to zero, as scikit-learn's."""
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    X, y = _logistic_data("multiclass")
    ours = _fit_quietly(
        LogisticRegression(C=0.5, optimizer="adam", learning_rate_init=0.05, tol=0.0, max_iter=4000,
                           n_iter_no_change=4000, random_state=0),
        X, y,
    )
    sk = SkLogisticRegression(C=0.5, tol=1e-12, max_iter=10000).fit(X, y)
    assert abs(ours.intercept_.sum()) < 1e-12
    np.testing.assert_allclose(ours.predict_proba(X), sk.predict_proba(X), atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, sk.intercept_, atol=1e-3)
    np.testing.assert_allclose(ours.coef_, sk.coef_, atol=1e-3)


# --------------------------------------------------------------------- weights of any magnitude and sign


def _sklearn_batch_objective(kind, X, y, w, alpha, coefs, intercepts):
    """scikit-learn's own weighted batch objective and gradient (its private
    _backprop) at the given parameters."""
    sk = (SkMLPRegressor if kind == "regressor" else SkMLPClassifier)(
        hidden_layer_sizes=(5,), activation="tanh", alpha=alpha, max_iter=1
    )
    _fit_quietly(sk, X, y)
    sk.coefs_, sk.intercepts_ = [c.copy() for c in coefs], [b.copy() for b in intercepts]
    Y = y.reshape(len(y), -1).astype(float) if kind != "multiclass" else np.eye(4)[y]
    n = len(coefs)
    loss, cg, ig = sk._backprop(X, Y, w, [X] + [None] * n, [None] * n, [np.empty_like(c) for c in coefs],
                                [np.empty_like(b) for b in intercepts])
    return loss, cg + ig


@pytest.mark.parametrize("kind", ["regressor", "binary", "multiclass"])
def test_sklearns_mlp_objective_depends_on_weights_only_relative_to_alpha(kind):
    """The oracle first: scikit-learn's batch objective (1/S) [Σ s_i ℓ_i + α/2 ‖W‖²]
    is unchanged when the weights and α are multiplied by one factor, so it is
    scale-invariant in the weights only for α = 0; at 1e-320 with α > 0 its
    penalty α/S overflows and its fit stops with non-finite weights."""
    X, y = data(5, n=40)
    y = _labels(kind, y)
    w = np.random.default_rng(1).uniform(0.5, 2, size=40)
    est = _estimator(kind, hidden_layer_sizes=(5,), activation="tanh", max_iter=1, random_state=0)
    _fit_quietly(est, X, y)
    ref = _sklearn_batch_objective(kind, X, y, w, 0.3, est.coefs_, est.intercepts_)
    for c in (1e-300, 1e300):
        for alpha in (0.3 * c, 0.3):
            loss, grads = _sklearn_batch_objective(kind, X, y, w * c, alpha, est.coefs_, est.intercepts_)
            if alpha == 0.3 * c:
                assert loss == pytest.approx(ref[0], rel=1e-12)
                for a, b in zip(grads, ref[1]):
                    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
            else:
                assert loss != pytest.approx(ref[0], rel=1e-3)
    sk = (SkMLPRegressor if kind == "regressor" else SkMLPClassifier)(hidden_layer_sizes=(5,), max_iter=3)
    with pytest.raises(ValueError, match="non-finite"):
        _fit_quietly(sk, X, y, sample_weight=np.full(40, 1e-320))


@pytest.mark.parametrize("kind", ["regressor", "binary", "multiclass"])
@pytest.mark.parametrize("scale,alpha", [(1e-300, 0.0), (1e300, 0.0), (1e300, 0.3), (1e-300, 3e-301), (1.0, 0.3)])
def test_weighted_steps_at_extreme_scales_equal_sklearns(kind, scale, alpha):
    """One epoch of plain SGD with weights s·c equals steps on scikit-learn's
    weighted objective with the same weights, and physml's own epoch with weights s
    and α/c (the same objective)."""
    X, y = data(5, n=90)
    y = _labels(kind, y)
    w = np.random.default_rng(1).uniform(0, 3, size=90)
    w[::7] = 0.0
    lr = 0.1
    kw = dict(hidden_layer_sizes=(5,), activation="tanh", solver="sgd", momentum=0.0, learning_rate_init=lr,
              batch_size=30, shuffle=False, max_iter=1, random_state=0)
    est = _fit_quietly(_estimator(kind, alpha=alpha, **kw), X, y, sample_weight=w * scale)
    coefs, intercepts, loss = _sklearn_steps(kind, est, X, y, w * scale, 30, lr)
    unscaled = _fit_quietly(_estimator(kind, alpha=alpha / scale, **kw), X, y, sample_weight=w)
    for ours, theirs, same in zip(est.coefs_ + est.intercepts_, coefs + intercepts,
                                  unscaled.coefs_ + unscaled.intercepts_):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(ours, same, rtol=1e-13, atol=1e-15)
    assert est.loss_curve_[0] == pytest.approx(loss, rel=1e-12)


@pytest.mark.parametrize("kind", ["regressor", "binary", "multiclass"])
def test_subnormal_weights_train_like_unit_weights(kind):
    """Weights 1e-320 (subnormal) without a penalty train the network that unit
    weights train (to rounding: 1e-320 is not a power of two); with the default α
    the penalty α/S overflows float64, which is named."""
    X, y = data(6, n=60)
    y = _labels(kind, y)
    kw = dict(hidden_layer_sizes=(6,), batch_size=20, max_iter=15, random_state=3, learning_rate_init=0.01)
    tiny = _fit_quietly(_estimator(kind, alpha=0.0, **kw), X, y, sample_weight=np.full(60, 1e-320))
    ones = _fit_quietly(_estimator(kind, alpha=0.0, **kw), X, y)
    for a, b in zip(tiny.coefs_ + tiny.intercepts_, ones.coefs_ + ones.intercepts_):
        np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(tiny.loss_curve_, ones.loss_curve_, rtol=1e-12)
    with pytest.raises(ValueError, match="sample_weight is too small for the penalty"):
        _estimator(kind, **kw).fit(X, y, sample_weight=np.full(60, 1e-320))


def test_a_batch_whose_weights_cancel_is_named():
    """Weights of mixed sign summing to zero over a batch: scikit-learn divides by
    zero (ZeroDivisionError); physml raises a ValueError naming sample_weight."""
    X, y = data(8, n=40)
    w = np.where(np.arange(40) % 2 == 0, 1.0, -1.0)
    kw = dict(hidden_layer_sizes=(3,), batch_size=40, shuffle=False, max_iter=2)
    with pytest.raises(ZeroDivisionError):
        _fit_quietly(SkMLPRegressor(**kw), X, y, sample_weight=w)
    with pytest.raises(ValueError, match="sample_weight must not sum to zero over a mini-batch"):
        MLPRegressor(**kw).fit(X, y, sample_weight=w)


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_logistic_regression_with_negative_weights_matches_sklearn(kind):
    rng = np.random.default_rng(14)
    w = rng.uniform(0.5, 3, size=160)
    w[rng.choice(160, 12, replace=False)] = -0.4
    ours, sk, X = _fit_both(kind, sample_weight=w)
    np.testing.assert_allclose(ours.coef_, sk.coef_, atol=2e-6)
    np.testing.assert_allclose(ours.intercept_, sk.intercept_, atol=2e-6)


def test_logistic_regression_weights_of_any_magnitude():
    """Weights scale like C (C Σ s_i ℓ_i + penalty): weights·c with C/c is the same
    fit; without penalty 1e-320 weights fit like unit weights; with C = 1 they make
    1/(C Σ s) overflow, which is named."""
    from physml.nn import LogisticRegression

    X, y = _logistic_data("multiclass")
    kw = dict(optimizer="sgd", momentum=0.9, learning_rate_init=0.5, tol=0.0, max_iter=300, n_iter_no_change=300)
    ref = _fit_quietly(LogisticRegression(C=0.5, **kw), X, y)
    for c in (1e-300, 1e300):
        scaled = _fit_quietly(LogisticRegression(C=0.5 / c, **kw), X, y, sample_weight=np.full(160, c))
        np.testing.assert_allclose(scaled.coef_, ref.coef_, rtol=1e-12, atol=1e-14)
    free = _fit_quietly(LogisticRegression(C=np.inf, **kw), X, y)
    tiny = _fit_quietly(LogisticRegression(C=np.inf, **kw), X, y, sample_weight=np.full(160, 1e-320))
    np.testing.assert_allclose(tiny.coef_, free.coef_, rtol=1e-11, atol=1e-12)
    # without a penalty scikit-learn's objective is scale-invariant too
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    sk = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(X, y)
    long = dict(kw, max_iter=3000, n_iter_no_change=3000)
    ours = _fit_quietly(LogisticRegression(C=np.inf, **long), X, y)
    for c in (1e-300, 1e300):
        sk_scaled = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10000).fit(X, y, sample_weight=np.full(160, c))
        np.testing.assert_allclose(sk_scaled.coef_, sk.coef_, rtol=0, atol=1e-12)
        scaled = _fit_quietly(LogisticRegression(C=np.inf, **long), X, y, sample_weight=np.full(160, c))
        np.testing.assert_allclose(scaled.coef_, ours.coef_, rtol=1e-12, atol=1e-13)
        # scikit-learn's L-BFGS stops 1.4e-6 short of the flat unpenalised optimum
        np.testing.assert_allclose(scaled.coef_, sk_scaled.coef_, atol=2e-6)
    with pytest.raises(ValueError, match="sample_weight is too small for the penalty"):
        LogisticRegression(**kw).fit(X, y, sample_weight=np.full(160, 1e-320))


def test_logistic_regression_batches_of_any_scale_train_like_unit_weights():
    """Each mini-batch's data term is its weighted mean, so without a penalty
    batches weighted 1e-300 and 1e300 take the steps of unit weights (one exponent
    for the whole data set flushed the small batch's weights to zero)."""
    from physml.nn import LogisticRegression

    X, y = _logistic_data("binary")
    kw = dict(C=np.inf, batch_size=80, shuffle=False, max_iter=20, optimizer="sgd", learning_rate_init=0.1)
    ones = _fit_quietly(LogisticRegression(**kw), X, y, sample_weight=np.ones(160))
    mixed = _fit_quietly(LogisticRegression(**kw), X, y, sample_weight=np.r_[np.full(80, 1e-300), np.full(80, 1e300)])
    np.testing.assert_allclose(mixed.coef_, ones.coef_, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(mixed.intercept_, ones.intercept_, rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------- LogisticRegression: l1_ratio and scikit-learn 1.9's parameters


def _sparse_logistic_data(kind):
    rng = np.random.default_rng(21)
    X = rng.normal(size=(160, 8))
    z = X @ np.array([1.5, -1.0, 0.5, 0.0, 0.0, 0.2, 0.0, 0.0]) + 0.8 * rng.normal(size=160)
    y = (z > 0.3).astype(int) if kind == "binary" else np.digitize(z, [-1.0, 0.5])
    return X, y


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("optimizer,momentum,atol", [("sgd", 0.0, 1e-9), ("sgd", 0.9, 1e-9), ("adam", 0.9, 1e-5)])
def test_logistic_regression_elastic_net_matches_saga(kind, l1_ratio, optimizer, momentum, atol):
    """C Σ ℓ_i + (1 − ρ)/2 ‖W‖² + ρ ‖W‖₁: the proximal steps reach scikit-learn's
    'saga' solution (tol 1e-12) and its exact zeros; proximal gradient descent
    (with or without momentum) to 1e-9, Adam (whose constant step does not settle
    exactly) to 1e-5."""
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    X, y = _sparse_logistic_data(kind)
    sk = SkLogisticRegression(C=0.1, l1_ratio=l1_ratio, solver="saga", tol=1e-12, max_iter=200000).fit(X, y)
    lr = 0.5 if optimizer == "sgd" else 0.01
    ours = _fit_quietly(LogisticRegression(C=0.1, l1_ratio=l1_ratio, optimizer=optimizer, learning_rate_init=lr,
                                           momentum=momentum, tol=0.0, max_iter=4000, n_iter_no_change=4000,
                                           random_state=0), X, y)
    np.testing.assert_allclose(ours.coef_, sk.coef_, rtol=0, atol=atol)
    np.testing.assert_allclose(ours.intercept_, sk.intercept_, rtol=0, atol=atol)
    np.testing.assert_array_equal(ours.coef_ == 0.0, sk.coef_ == 0.0)
    if l1_ratio > 0:
        assert (sk.coef_ == 0.0).sum() >= 3


def test_sgd_regressor_lasso_has_exact_zeros():
    """The L1 cost by proximal gradient descent: scikit-learn's Lasso(alpha/N) with
    its exact zeros."""
    from sklearn.linear_model import Lasso

    from physml.nn import SGDRegressor

    rng = np.random.default_rng(22)
    X = rng.normal(size=(100, 6))
    y = X @ np.array([2.0, -1.0, 0.0, 0.0, 0.5, 0.0]) + 0.3 * rng.normal(size=100)
    ours = _fit_quietly(SGDRegressor(penalty="l1", alpha=20.0, learning_rate_init=0.1, momentum=0.0, tol=0.0,
                                     max_iter=3000, n_iter_no_change=3000), X, y)
    sk = Lasso(alpha=0.2, tol=1e-14, max_iter=100000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, sk.coef_, atol=1e-10)
    np.testing.assert_array_equal(ours.coef_ == 0.0, sk.coef_ == 0.0)
    assert (sk.coef_ == 0.0).sum() >= 2


def test_logistic_regression_parameters_follow_sklearn():
    """scikit-learn 1.9's constructor parameters exist (solver and n_jobs aside:
    physml's optimisers replace the solvers), the deprecated ``penalty`` spellings
    give the l1_ratio/C fits, and bad values are named."""
    import inspect

    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    theirs = set(inspect.signature(SkLogisticRegression).parameters) - {"solver", "n_jobs"}
    assert theirs <= set(inspect.signature(LogisticRegression).parameters)
    assert LogisticRegression().get_params()["penalty"] == SkLogisticRegression().get_params()["penalty"]
    X, y = _sparse_logistic_data("binary")
    kw = dict(optimizer="sgd", learning_rate_init=0.5, tol=0.0, max_iter=200, n_iter_no_change=200, random_state=0)

    def coef(**more):
        return _fit_quietly(LogisticRegression(**kw, **more), X, y).coef_

    np.testing.assert_array_equal(coef(penalty="l1", l1_ratio=1.0), coef(l1_ratio=1.0))
    np.testing.assert_array_equal(coef(penalty="l2"), coef())
    np.testing.assert_array_equal(coef(penalty="elasticnet", l1_ratio=0.3), coef(l1_ratio=0.3))
    np.testing.assert_array_equal(coef(penalty=None), coef(C=np.inf))
    assert not np.array_equal(coef(C=np.inf), coef())
    np.testing.assert_array_equal(coef(intercept_scaling=10.0), coef())
    # l1_ratio=None is deprecated but still accepted by scikit-learn 1.9: L2
    np.testing.assert_array_equal(coef(l1_ratio=None), coef())
    np.testing.assert_array_equal(coef(penalty="l2", l1_ratio=None), coef())
    for bad, match in [(dict(l1_ratio=1.5), "l1_ratio must be"), (dict(l1_ratio="0"), "l1_ratio must be"),
                       (dict(penalty="elasticnet", l1_ratio=None), "l1_ratio must be specified"),
                       (dict(C=0.0), "C must be"), (dict(C=np.nan), "C must be"),
                       (dict(penalty="ridge"), "penalty must be"), (dict(dual=True), "dual"),
                       (dict(intercept_scaling=0.0), "intercept_scaling must be")]:
        with pytest.raises(ValueError, match=match), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            LogisticRegression(**bad).fit(X, y)


def _warnings_and_error(cls, X, y, **kw):
    """The (category, message) of every warning but convergence warnings, and the
    error message or None, of cls(**kw).fit(X, y)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cls(**kw).fit(X, y)
            error = None
        except ValueError as e:
            error = str(e)
    found = {(w.category.__name__, str(w.message)) for w in caught if w.category.__name__ != "ConvergenceWarning"}
    return found, error


@pytest.mark.parametrize("penalty", ["deprecated", "l2", "l1", "elasticnet", None])
def test_logistic_regression_warns_and_refuses_as_sklearn(penalty):
    """scikit-learn 1.9.1's rules for penalty/l1_ratio/C: the same warnings (the
    FutureWarnings of an explicit penalty and of l1_ratio=None, the UserWarnings of
    an unused or inconsistent l1_ratio and of C with penalty=None), with the same
    messages, and the same refusals."""
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    X, y = _sparse_logistic_data("binary")
    for l1_ratio in (0.0, 0.5, 1.0, None):
        for C in (1.0, 0.5, np.inf):
            kw = dict(penalty=penalty, l1_ratio=l1_ratio, C=C, max_iter=1)
            # 'saga' takes every penalty but fails on l1_ratio=None with C=inf (a
            # TypeError of its own); 'lbfgs' takes that one
            solver = "lbfgs" if penalty == "deprecated" and l1_ratio is None and C == np.inf else "saga"
            theirs = _warnings_and_error(SkLogisticRegression, X, y, solver=solver, **kw)
            ours = _warnings_and_error(LogisticRegression, X, y, **kw)
            assert ours == theirs, kw


@pytest.mark.parametrize("kind", ["binary", "multiclass"])
def test_logistic_regression_log_proba_and_n_iter_as_sklearn(kind):
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    X, y = _sparse_logistic_data(kind)
    ours = _fit_quietly(LogisticRegression(max_iter=50), X, y)
    sk = SkLogisticRegression().fit(X, y)
    np.testing.assert_allclose(ours.predict_log_proba(X), np.log(ours.predict_proba(X)), rtol=1e-12, atol=1e-14)
    assert ours.n_iter_.shape == sk.n_iter_.shape == (1,)
    far = ours.predict_log_proba(X * 1e3)
    assert np.isfinite(far).all() and far.max() <= 0.0


# --------------------------------------------------------------------- stops that are not convergence


def test_a_growing_loss_stop_warns_naming_learning_rate_init():
    """scikit-learn's MLPs stop silently when the loss grows for n_iter_no_change
    epochs (its stopping rule cannot tell growth from a plateau); physml stops at the
    same epoch and warns that the optimiser diverges."""
    from physml.nn import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = (X[:, 0] > 0.5).astype(int)
    kw = dict(hidden_layer_sizes=(), solver="sgd", learning_rate_init=50.0, alpha=1000.0, momentum=0.0, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sk = SkMLPClassifier(**kw).fit(X, y)
    assert sk.loss_curve_[-1] > 1e50
    with pytest.warns(ConvergenceWarning, match="the optimiser diverges; lower learning_rate_init"):
        ours = MLPClassifier(**kw).fit(X, y)
    assert ours.n_iter_ == sk.n_iter_ == 12
    with pytest.warns(ConvergenceWarning, match="grew from 0.693147 .* the optimiser diverges"):
        LogisticRegression(C=1e-3, optimizer="sgd", learning_rate_init=0.5).fit(X, y)


def test_logistic_regression_warns_when_full_batch_steps_still_oscillate():
    """With C = 1e-6 and l1_ratio = 1 every coefficient is zero and the intercept is
    the log-odds of the labels. Full-batch momentum steps overshoot it and the loss
    oscillates; the n_iter_no_change rule stopped there (intercept −0.84, not
    −0.94) without a word. It now warns; plain steps, or a patient rule, reach it."""
    from physml.nn import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = (X[:, 0] > 0.5).astype(int)
    log_odds = np.log(y.mean() / (1 - y.mean()))
    kw = dict(C=1e-6, l1_ratio=1.0, max_iter=5000, optimizer="sgd", learning_rate_init=0.5)
    with pytest.warns(ConvergenceWarning, match="full-batch loss was still oscillating.*or momentum"):
        early = LogisticRegression(**kw).fit(X, y)
    assert abs(early.intercept_[0] - log_odds) > 0.05
    # with Adam the advice names its momentum parameter, beta_1 (found in review: a
    # third warm-started Adam fit on the digits restarts at the minimum and is
    # kicked out of it)
    from sklearn.datasets import load_digits

    X_digits, y_digits = load_digits(return_X_y=True)
    X_digits = (X_digits - X_digits.mean(axis=0)) / np.maximum(X_digits.std(axis=0), 1e-12)
    adam = LogisticRegression(warm_start=True, random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            adam.fit(X_digits, y_digits)
    messages = [str(w.message) for w in caught if "still oscillating" in str(w.message)]
    assert messages and all("or beta_1" in m and "or momentum" not in m for m in messages)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for more in (dict(momentum=0.0), dict(n_iter_no_change=100)):
            est = LogisticRegression(**kw, **more).fit(X, y)
            assert np.all(est.coef_ == 0.0)
            assert est.intercept_[0] == pytest.approx(log_odds, abs=1e-3)


def test_balanced_class_weight_with_huge_sample_weights():
    """class_weight='balanced' depends on the weights only through their ratios: its
    per-class sums are formed on weights rescaled by a power of two, so weights 1e307
    (whose sums overflow float64) fit like unit weights; a product s_i · factor
    beyond the float64 range is named as such (not as a non-finite sample_weight)."""
    from physml.nn import LogisticRegression

    X, y = _logistic_data("binary")
    kw = dict(class_weight="balanced", C=np.inf, optimizer="sgd", learning_rate_init=0.5, max_iter=100, random_state=0)
    ones = _fit_quietly(LogisticRegression(**kw), X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        huge = _fit_quietly(LogisticRegression(**kw), X, y, sample_weight=np.full(len(y), 1e307))
        np.testing.assert_allclose(huge.coef_, ones.coef_, rtol=1e-12, atol=1e-14)
        lone = np.zeros(len(y), dtype=int)
        lone[0] = 1
        w = np.full(len(y), 1e307)
        w[0] = 1e300
        with pytest.raises(ValueError, match=r"sample_weight times the class_weight factor of its class exceeds "
                                             r"the float64 range \(1.8e308\) for 1 samples \(factors 0: 0.5"):
            LogisticRegression(**kw).fit(X, lone, sample_weight=w)


def test_a_divergence_from_nearly_cancelling_weights_names_them():
    """Weights of mixed sign whose batch sum is 5e-14 of Σ|s_i| (1e-12 of 20): scikit-learn's
    weighted mean divides by that sum and its fit blows up as well; physml's
    divergence error names the near-cancelling sample_weight besides
    learning_rate_init."""
    from physml import _core

    X, y = data(11, n=20)
    w = np.r_[1 + 1e-12, np.ones(9), -np.ones(10)]
    kw = dict(hidden_layer_sizes=(3,), solver="sgd", batch_size=20, max_iter=50, random_state=0)
    with pytest.raises(ValueError, match="non-finite"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        SkMLPRegressor(**kw).fit(X, y, sample_weight=w)
    with pytest.raises(_core.PhysmlError, match=r"lower learning_rate_init \(or change the sample_weight: in a "
                                                r"mini-batch of epoch 1 its sum S_B is 5.0e-14 times"):
        MLPRegressor(**kw).fit(X, y, sample_weight=w)


def test_logistic_regression_with_negative_weight_sum_minimises_the_stated_objective():
    """The documented difference for Σ s_i < 0: scikit-learn's 'lbfgs' divides by
    the signed sum and so, with C = np.inf and weights −1, fits like weights +1;
    physml minimises C Σ s_i CE_i, which then falls without bound (a ConvergenceWarning
    at max_iter, the loss going down every epoch)."""
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    X, y = _logistic_data("binary")
    minus = np.full(len(y), -1.0)
    sk_minus = SkLogisticRegression(C=np.inf, max_iter=1000).fit(X, y, sample_weight=minus)
    sk_plus = SkLogisticRegression(C=np.inf, max_iter=1000).fit(X, y)
    np.testing.assert_allclose(sk_minus.coef_, sk_plus.coef_, rtol=1e-6)
    with pytest.warns(ConvergenceWarning, match="reached max_iter=200"):
        ours = LogisticRegression(C=np.inf, max_iter=200, random_state=0).fit(X, y, sample_weight=minus)
    assert np.all(np.diff(ours.loss_curve_) < 0) and ours.loss_curve_[-1] < -1.0


def test_l1_zeros_are_positive_zeros_as_saga_gives():
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression

    from physml.nn import LogisticRegression

    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 4))
    y = (X[:, 0] + 0.5 * rng.normal(size=80) > 0).astype(int)
    sk = SkLogisticRegression(C=1e-6, l1_ratio=1.0, solver="saga").fit(X, y)
    ours = _fit_quietly(LogisticRegression(C=1e-6, l1_ratio=1.0, optimizer="sgd", learning_rate_init=0.5), X, y)
    assert np.all(sk.coef_ == 0.0) and np.all(ours.coef_ == 0.0)
    np.testing.assert_array_equal(np.signbit(ours.coef_), np.signbit(sk.coef_))
