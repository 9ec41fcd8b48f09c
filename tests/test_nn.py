"""Tests of physml.nn against finite differences, a NumPy reference, scikit-learn and
closed-form regression."""

import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.linear_model import Ridge as SkRidge
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.preprocessing import StandardScaler

import physml
import physml.nn as pnn
from physml._base import ConvergenceWarning, NotFittedError
from physml.nn import LogisticRegression, MLPClassifier, MLPRegressor, Network, SGDRegressor

HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu"]
OUTPUTS = [
    ("squared_error", "identity"),
    ("squared_error", "tanh"),
    ("squared_error", "softmax"),
    ("binary_crossentropy", "sigmoid"),
    ("categorical_crossentropy", "softmax"),
]
PENALTIES = [(0.0, 0.0), (0.0, 0.3), (0.2, 0.0)]


def franke(x, y):
    return (
        0.75 * np.exp(-((9 * x - 2) ** 2) / 4 - (9 * y - 2) ** 2 / 4)
        + 0.75 * np.exp(-((9 * x + 1) ** 2) / 49 - (9 * y + 1) / 10)
        + 0.5 * np.exp(-((9 * x - 7) ** 2) / 4 - (9 * y - 3) ** 2 / 4)
        - 0.2 * np.exp(-((9 * x - 4) ** 2) - (9 * y - 7) ** 2)
    )


def franke_data(seed, n=800, noise=0.05):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 2))
    return X, franke(X[:, 0], X[:, 1]) + noise * rng.normal(size=n)


def targets(loss, n, k, rng):
    if loss == "squared_error":
        return rng.normal(size=(n, k))
    if loss == "binary_crossentropy":
        return rng.integers(0, 2, size=(n, k)).astype(float)
    return np.eye(k)[rng.integers(0, k, size=n)]


# --------------------------------------------------------------------- gradients


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("loss,out", OUTPUTS)
@pytest.mark.parametrize("l1,l2", PENALTIES)
def test_backward_matches_finite_differences(hidden, loss, out, l1, l2):
    rng = np.random.default_rng(1)
    net = Network([3, 5, 4, 3], [hidden, hidden, out], loss, init="normal", init_std=0.7, random_state=2)
    net.biases = [b + 0.05 * rng.normal(size=b.shape) for b in net.biases]
    X = rng.normal(size=(6, 3))
    y = targets(loss, 6, 3, rng)
    gw, gb = net.backward(X, y, l1=l1, l2=l2)
    h = 1e-6
    for grads, params in ((gw, net.weights), (gb, net.biases)):
        for g, p in zip(grads, params):
            assert g.shape == p.shape
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + h
                up = net.loss(X, y, l1, l2)
                p[idx] = old - h
                down = net.loss(X, y, l1, l2)
                p[idx] = old
                fd = (up - down) / (2 * h)
                assert abs(fd - g[idx]) < 1e-6 * (1 + abs(fd)), (idx, fd, g[idx])


def _np_act(name, z):
    return {
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0),
        "identity": lambda z: z,
        "softmax": lambda z: np.exp(z - z.max(1, keepdims=True)) / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True),
    }[name](z)


def _np_dact(name, z):
    s = 1 / (1 + np.exp(-z))
    return {"sigmoid": s * (1 - s), "tanh": 1 - np.tanh(z) ** 2, "relu": (z > 0).astype(float), "identity": np.ones_like(z)}[name]


def numpy_reference(weights, biases, acts, loss, X, y, l2):
    """Textbook forward and backward pass in NumPy."""
    a, zs, As = X, [], [X]
    for W, b, f in zip(weights, biases, acts):
        z = a @ W + b
        a = _np_act(f, z)
        zs.append(z)
        As.append(a)
    n = X.shape[0]
    if loss == "squared_error":
        J = 0.5 * np.sum((a - y) ** 2) / n
        delta = (a - y) / n * _np_dact(acts[-1], zs[-1])
    elif loss == "binary_crossentropy":
        J = -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)) / n
        delta = (a - y) / n
    else:
        J = -np.sum(y * np.log(a)) / n
        delta = (a - y) / n
    J += 0.5 * l2 * sum(np.sum(W**2) for W in weights)
    gw, gb = [None] * len(weights), [None] * len(weights)
    for l in range(len(weights) - 1, -1, -1):
        gw[l] = As[l].T @ delta + l2 * weights[l]
        gb[l] = delta.sum(0)
        if l > 0:
            delta = (delta @ weights[l].T) * _np_dact(acts[l - 1], zs[l - 1])
    return As[1:], J, gw, gb


@pytest.mark.parametrize(
    "acts,loss",
    [
        (["sigmoid", "sigmoid", "identity"], "squared_error"),
        (["tanh", "relu", "softmax"], "categorical_crossentropy"),
        (["relu", "tanh", "sigmoid"], "binary_crossentropy"),
    ],
)
def test_agrees_with_numpy_reference_on_fixed_weights(acts, loss):
    rng = np.random.default_rng(7)
    sizes = [4, 6, 5, 3]
    net = Network(sizes, acts, loss)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    net.set_parameters(weights, biases)
    X = rng.normal(size=(9, 4))
    y = targets(loss, 9, 3, rng)
    layers, J, gw, gb = numpy_reference(weights, biases, acts, loss, X, y, l2=0.1)
    for mine, ref in zip(net.layer_outputs(X), layers):
        np.testing.assert_allclose(mine, ref, rtol=0, atol=1e-10)
    j, mw, mb = net.loss_and_gradient(X, y, l2=0.1)
    assert abs(j - J) < 1e-10
    for a, b in zip(mw + mb, gw + gb):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)


# --------------------------------------------------------------------- accuracy


def test_franke_regression_is_as_good_as_scikit_learn():
    kw = dict(hidden_layer_sizes=(50, 50), activation="tanh", max_iter=150, learning_rate_init=0.01,
              batch_size=32, n_iter_no_change=1000)
    ratios = []
    for seed in (0, 1):
        X, y = franke_data(seed)
        Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=0)
        with pytest.warns(ConvergenceWarning):
            mine = MLPRegressor(random_state=seed, **kw).fit(Xtr, ytr)
        with pytest.warns(Warning):
            ref = SkMLPRegressor(random_state=seed, **kw).fit(Xtr, ytr)
        ratios.append(np.mean((mine.predict(Xte) - yte) ** 2) / np.mean((ref.predict(Xte) - yte) ** 2))
        assert mine.n_iter_ == ref.n_iter_ == 150
    assert np.mean(ratios) <= 1.10, ratios


def test_breast_cancer_accuracy():
    X, y = load_breast_cancer(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=0, stratify=y)
    scaler = StandardScaler().fit(Xtr)
    clf = MLPClassifier(hidden_layer_sizes=(30,), alpha=0.1, random_state=0, max_iter=1000)
    clf.fit(scaler.transform(Xtr), ytr)
    assert clf.out_activation_ == "logistic" and clf.n_outputs_ == 1
    assert clf.score(scaler.transform(Xte), yte) >= 0.95
    proba = clf.predict_proba(scaler.transform(Xte))
    assert proba.shape == (len(yte), 2)
    np.testing.assert_allclose(proba.sum(1), 1)


def test_digits_softmax_accuracy():
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X / 16, y, random_state=0, stratify=y)
    clf = MLPClassifier(hidden_layer_sizes=(64,), random_state=0, max_iter=1000).fit(Xtr, ytr)
    assert clf.out_activation_ == "softmax" and list(clf.classes_) == list(range(10))
    assert clf.score(Xte, yte) >= 0.95
    assert len(clf.loss_curve_) == clf.n_iter_ and clf.loss_ == clf.loss_curve_[-1]
    assert clf.t_ == clf.n_iter_ * len(ytr)


def _linear_data(seed=0, n=200, p=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    y = X @ rng.normal(size=p) + 0.7 + 0.3 * rng.normal(size=n)
    return X, y


def test_gradient_descent_ols_reaches_least_squares():
    X, y = _linear_data()
    A = np.column_stack([np.ones(len(y)), X])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    est = SGDRegressor(penalty=None, learning_rate_init=0.1, momentum=0.9, tol=0.0, max_iter=5000).fit(X, y)
    np.testing.assert_allclose(est.coef_, beta[1:], rtol=0, atol=1e-6)
    assert abs(est.intercept_ - beta[0]) < 1e-6


def test_gradient_descent_ridge_reaches_the_ridge_formula():
    X, y = _linear_data(1)
    alpha = 5.0
    Xc, yc = X - X.mean(0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)
    est = SGDRegressor(penalty="l2", alpha=alpha, learning_rate_init=0.1, momentum=0.9, tol=0.0, max_iter=5000).fit(X, y)
    np.testing.assert_allclose(est.coef_, w, rtol=0, atol=1e-6)
    assert abs(est.intercept_ - (y.mean() - X.mean(0) @ w)) < 1e-6
    np.testing.assert_allclose(est.coef_, SkRidge(alpha=alpha).fit(X, y).coef_, atol=1e-6)


def test_weighted_gradient_descent_reaches_the_weighted_closed_forms():
    """sample_weight s: full-batch descent on 1/(2S) Σ s_i r_i² (+ α/(2S)‖w‖²) reaches
    weighted least squares and scikit-learn's weighted Ridge; integer weights are
    repeated rows; a (n, 1) y is a 1-D target."""
    from sklearn.linear_model import LinearRegression as SkLinearRegression

    from physml._base import DataConversionWarning

    X, y = _linear_data(4)
    s = np.random.default_rng(5).integers(0, 4, len(y)).astype(float)
    kw = dict(learning_rate_init=0.1, momentum=0.9, tol=0.0, max_iter=5000, random_state=0)
    ols = SGDRegressor(penalty=None, **kw).fit(X, y, sample_weight=s)
    ref = SkLinearRegression().fit(X, y, sample_weight=s)
    np.testing.assert_allclose(ols.coef_, ref.coef_, rtol=0, atol=1e-6)
    assert abs(ols.intercept_ - ref.intercept_) < 1e-6
    ridge = SGDRegressor(penalty="l2", alpha=5.0, **kw).fit(X, y, sample_weight=s)
    np.testing.assert_allclose(ridge.coef_, SkRidge(alpha=5.0).fit(X, y, sample_weight=s).coef_, rtol=0, atol=1e-6)
    # without the weights the answer is clearly different (the test can fail)
    assert np.abs(SGDRegressor(penalty="l2", alpha=5.0, **kw).fit(X, y).coef_ - ridge.coef_).max() > 1e-3
    rows = np.repeat(np.arange(len(y)), s.astype(int))
    repeated = SGDRegressor(penalty="l2", alpha=5.0, **kw).fit(X[rows], y[rows])
    np.testing.assert_allclose(ridge.coef_, repeated.coef_, rtol=0, atol=1e-8)
    with pytest.warns(DataConversionWarning):
        column = SGDRegressor(penalty="l2", alpha=5.0, **kw).fit(X, y[:, None], sample_weight=s)
    np.testing.assert_array_equal(column.coef_, ridge.coef_)
    with pytest.raises(ValueError, match="sample_weight"):
        SGDRegressor().fit(X, y, sample_weight=0 * s)


def test_weighted_gradient_descent_with_negative_and_huge_weights():
    """scikit-learn's SGDRegressor takes negative weights; so does physml's, whose
    full-batch descent on (1/A) [½ Σ s_i r_i² + α/2 ‖w‖²], A = Σ|s_i|, reaches the
    weighted ridge solution (X_cᵀ diag(s) X_c + αI) w = X_cᵀ diag(s) y_c (weighted
    centring; scikit-learn's Ridge takes √s and fails on negative weights). Weights
    1e307, whose sum overflows float64, with α·1e307 give the same fit."""
    from sklearn.linear_model import SGDRegressor as SkSGDRegressor

    X, y = _linear_data(4)
    s = np.random.default_rng(6).uniform(0.5, 2.0, len(y))
    s[:5] = -0.3
    SkSGDRegressor(max_iter=5, tol=None).fit(X, y, sample_weight=s)
    total = s.sum()
    x_mean, y_mean = s @ X / total, s @ y / total
    Xc, yc = X - x_mean, y - y_mean
    coef = np.linalg.solve(Xc.T @ (s[:, None] * Xc) + 2.0 * np.eye(X.shape[1]), Xc.T @ (s * yc))
    kw = dict(penalty="l2", learning_rate_init=0.1, momentum=0.9, tol=0.0, max_iter=5000, n_iter_no_change=50,
              random_state=0)
    est = SGDRegressor(alpha=2.0, **kw).fit(X, y, sample_weight=s)
    np.testing.assert_allclose(est.coef_, coef, rtol=0, atol=1e-10)
    assert est.intercept_ == pytest.approx(y_mean - x_mean @ coef, abs=1e-10)
    huge = SGDRegressor(alpha=2.0 * 1e307, **kw).fit(X, y, sample_weight=s * 1e307)
    np.testing.assert_allclose(huge.coef_, est.coef_, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("optimizer,lr", [("sgd", 0.05), ("adam", 0.01), ("rmsprop", 0.001), ("adagrad", 0.5)])
def test_every_optimizer_approaches_the_ridge_solution(optimizer, lr):
    X, y = _linear_data(2)
    ref = SkRidge(alpha=1.0).fit(X, y).coef_
    est = SGDRegressor(penalty="l2", alpha=1.0, optimizer=optimizer, learning_rate_init=lr, momentum=0.0,
                       tol=0.0, max_iter=3000, n_iter_no_change=3000, random_state=0)
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
    np.testing.assert_allclose(est.coef_, ref, atol=2e-3)


def test_minibatch_sgd_with_decay_approaches_ols():
    X, y = _linear_data(3)
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(y)), X]), y, rcond=None)[0]
    est = SGDRegressor(batch_size=20, learning_rate="invscaling", learning_rate_init=0.05, power_t=0.4,
                       momentum=0.0, tol=0.0, max_iter=400, n_iter_no_change=400, random_state=0)
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
    np.testing.assert_allclose(est.coef_, beta[1:], atol=1e-4)


def test_logistic_regression_matches_scikit_learn():
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)[:, :6]
    ref = SkLogisticRegression(C=1.0, tol=1e-10, max_iter=10000).fit(X, y)
    est = LogisticRegression(C=1.0, optimizer="sgd", learning_rate_init=0.5, momentum=0.9, tol=0.0, max_iter=20000,
                             n_iter_no_change=20000)
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
    np.testing.assert_allclose(est.coef_, ref.coef_, atol=1e-5)
    np.testing.assert_allclose(est.intercept_, ref.intercept_, atol=1e-5)
    np.testing.assert_allclose(est.predict_proba(X), ref.predict_proba(X), atol=1e-6)


def test_multinomial_logistic_regression_on_digits():
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X / 16, y, random_state=0)
    est = LogisticRegression(C=10.0, batch_size=64, max_iter=300, tol=1e-4, random_state=0).fit(Xtr, ytr)
    assert est.coef_.shape == (10, 64) and est.intercept_.shape == (10,)
    assert est.score(Xte, yte) >= 0.95


# --------------------------------------------------------------------- API and contract


def test_early_stopping_and_partial_fit_attributes():
    X, y = franke_data(3, n=400)
    est = MLPRegressor(hidden_layer_sizes=(20,), early_stopping=True, tol=1e-2, random_state=0, max_iter=500).fit(X, y)
    assert est.best_loss_ is None and len(est.validation_scores_) == est.n_iter_
    assert est.best_validation_score_ == max(est.validation_scores_)
    est2 = MLPRegressor(hidden_layer_sizes=(20,), random_state=0, learning_rate_init=0.01)
    losses = [est2.partial_fit(X, y).loss_ for _ in range(30)]
    assert est2.n_iter_ == 30 and losses[-1] < losses[0]
    clf = MLPClassifier(hidden_layer_sizes=(8,), random_state=0)
    clf.partial_fit(X, (y > 0.4).astype(int), classes=[0, 1])
    with pytest.raises(ValueError, match="not among the classes"):
        clf.partial_fit(X, (y > 0.4).astype(int) + 1)


def test_warm_start_continues():
    X, y = franke_data(4, n=200)
    est = MLPRegressor(hidden_layer_sizes=(10,), max_iter=5, warm_start=True, random_state=0)
    with pytest.warns(ConvergenceWarning):
        est.fit(X, y)
        est.fit(X, y)
    assert est.n_iter_ == 10 and len(est.loss_curve_) == 10


def test_same_seed_same_weights_different_seed_different_weights():
    X, y = franke_data(5, n=300)
    fit = lambda s: MLPRegressor(hidden_layer_sizes=(16, 16), max_iter=20, random_state=s, tol=0.5).fit(X, y)
    a, b, c = fit(1), fit(1), fit(2)
    for wa, wb in zip(a.coefs_, b.coefs_):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])


def test_reproducible_whatever_the_thread_count(tmp_path):
    script = textwrap.dedent(
        """
        import hashlib, numpy as np
        from physml.nn import MLPClassifier
        from sklearn.datasets import load_digits
        X, y = load_digits(return_X_y=True)
        from physml.nn import MLPRegressor
        clf = MLPClassifier(hidden_layer_sizes=(40, 40), max_iter=3, tol=10.0, random_state=3).fit(X / 16, y)
        # wide enough that the matrix products, the penalty and Adam are split over threads
        reg = MLPRegressor(hidden_layer_sizes=(300, 300), batch_size=32, max_iter=1, tol=10.0, random_state=3)
        reg.fit(X[:320] / 16, y[:320] / 9.0)
        arrays = clf.coefs_ + clf.intercepts_ + reg.coefs_ + reg.intercepts_ + [np.array(reg.loss_curve_)]
        print(hashlib.sha256(b"".join(w.tobytes() for w in arrays)).hexdigest())
        """
    )
    outs = []
    for threads in ("1", "2", "3"):
        env = dict(os.environ, RAYON_NUM_THREADS=threads)
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        outs.append(out.stdout.strip())
    assert outs[0] == outs[1] == outs[2] and len(outs[0]) == 64


def test_pickle_round_trip_gives_identical_predictions():
    X, y = franke_data(6, n=200)
    labels = (y > 0.4).astype(int)
    models = [
        (MLPRegressor(hidden_layer_sizes=(8,), max_iter=30, tol=1.0, random_state=0).fit(X, y), "predict"),
        (MLPClassifier(hidden_layer_sizes=(8,), max_iter=30, tol=1.0, random_state=0).fit(X, labels), "predict_proba"),
        (SGDRegressor(penalty="l2", alpha=0.1, tol=1e-6).fit(X, y), "predict"),
        (LogisticRegression(max_iter=50, tol=1e-3).fit(X, labels), "predict_proba"),
        (Network([2, 5, 1], "tanh", random_state=0), "forward"),
    ]
    for model, method in models:
        clone_ = pickle.loads(pickle.dumps(model))
        np.testing.assert_array_equal(getattr(model, method)(X), getattr(clone_, method)(X))


def test_scikit_learn_clone_and_grid_search():
    X, y = franke_data(7, n=200)
    est = MLPRegressor(hidden_layer_sizes=(10,), max_iter=20, tol=1.0, random_state=0)
    c = clone(est)
    assert c.get_params() == est.get_params() and not hasattr(c, "coefs_")
    grid = GridSearchCV(est, {"alpha": [1e-4, 1e-1], "learning_rate_init": [1e-3, 1e-2]}, cv=2).fit(X, y)
    assert set(grid.best_params_) == {"alpha", "learning_rate_init"}
    grid = GridSearchCV(LogisticRegression(max_iter=20, tol=1e-2), {"C": [0.1, 1.0]}, cv=2).fit(X, (y > 0.4).astype(int))
    assert grid.best_estimator_.coef_.shape == (1, 2)
    clone(SGDRegressor(penalty="l1"))


def test_network_teaching_api():
    net = Network([2, 4, 3], ["relu", "softmax"], "categorical_crossentropy", random_state=0)
    assert [w.shape for w in net.weights] == [(2, 4), (4, 3)] and [b.shape for b in net.biases] == [(4,), (3,)]
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = np.eye(3)[(X[:, 0] > 0).astype(int) + (X[:, 1] > 0)]
    assert net.forward(X).shape == (30, 3)
    before = net.loss(X, y)
    net.fit(X, y, epochs=200, learning_rate=0.05, random_state=0)
    assert net.loss_curve_[-1] < before and len(net.loss_curve_) == 200
    w, b = net.parameters()
    w[0][:] = 0
    assert np.any(net.weights[0] != 0)
    net.weights[0] = np.zeros((2, 4))
    np.testing.assert_array_equal(net.layer_outputs(X)[0], np.maximum(net.biases[0], 0) * np.ones((30, 1)))


def test_progress_bar_runs(capsys):
    X, y = franke_data(8, n=100)
    MLPRegressor(hidden_layer_sizes=(5,), max_iter=5, tol=10.0, n_iter_no_change=1, progress=True, random_state=0).fit(X, y)
    assert "MLPRegressor" in capsys.readouterr().err


def test_interrupt_keeps_the_weights_so_far(monkeypatch):
    X, y = franke_data(9, n=300)
    monkeypatch.setattr(pnn._train, "_CHUNK_SECONDS", 0.0)

    class Interrupting(pnn._train._Progress):
        def __call__(self, epochs, loss):
            if epochs >= 3:
                raise KeyboardInterrupt

    monkeypatch.setattr(pnn._train, "_Progress", Interrupting)
    est = MLPRegressor(hidden_layer_sizes=(10,), max_iter=100, random_state=0, progress=True)
    with pytest.raises(KeyboardInterrupt):
        est.fit(X, y)
    assert est.n_iter_ == 3 and len(est.loss_curve_) == 3
    init = pnn._core.nn_init([2, 10, 1], ["relu", "identity"], "squared_error", "glorot", 1.0, est._seed)
    assert not np.array_equal(est._params(), init)
    assert est.predict(X).shape == (300,)
    monkeypatch.undo()
    est.set_params(progress=False, warm_start=True, tol=10.0)
    est.fit(X, y)
    assert est.n_iter_ > 3


# --------------------------------------------------------------------- bad input


def test_bad_input_gets_clear_errors():
    X, y = franke_data(10, n=50)
    with pytest.raises(ValueError, match="2-D"):
        MLPRegressor().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        MLPRegressor().fit(X, y[:-1])
    Xnan = X.copy()
    Xnan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        MLPRegressor().fit(Xnan, y)
    with pytest.raises(ValueError, match="hidden_layer_sizes must be >= 1"):
        MLPRegressor(hidden_layer_sizes=(10, 0)).fit(X, y)
    with pytest.raises(ValueError, match="layer_sizes must be >= 1"):
        Network([2, 0, 1])
    with pytest.raises(ValueError, match="learning_rate_init must be > 0"):
        MLPRegressor(learning_rate_init=-0.1).fit(X, y)
    with pytest.raises(ValueError, match="learning_rate_init must be > 0"):
        SGDRegressor(learning_rate_init=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        Network([2, 1]).fit(X, y, learning_rate=-1.0)
    with pytest.raises(ValueError, match="activation must be one of"):
        MLPRegressor(activation="relux").fit(X, y)
    with pytest.raises(ValueError, match="activations must be one of"):
        Network([2, 3, 1], ["foo", "identity"])
    with pytest.raises(ValueError, match="solver must be one of"):
        MLPClassifier(solver="lbfgs").fit(X, y > 0.4)
    with pytest.raises(ValueError, match="output layer has 2 units"):
        Network([2, 3, 2]).backward(X, np.ones((50, 3)))
    with pytest.raises(ValueError, match="output activation must be softmax"):
        Network([2, 3, 2], ["tanh", "sigmoid"], "categorical_crossentropy")
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        Network([2, 3, 1], "tanh", "binary_crossentropy").backward(X, y + 2)
    with pytest.raises(ValueError, match="at least two classes"):
        MLPClassifier().fit(X, np.zeros(50))
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        MLPRegressor(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\)"):
        MLPRegressor(solver="sgd", momentum=1.5).fit(X, y)
    with pytest.raises(NotFittedError):
        MLPRegressor().predict(X)
    fitted = MLPRegressor(hidden_layer_sizes=(3,), max_iter=5, tol=10.0, n_iter_no_change=1).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        fitted.predict(np.ones((3, 5)))
    with pytest.raises(TypeError):
        MLPRegressor().fit([["a", "b"]], [1.0])


@pytest.mark.parametrize("cls", [MLPRegressor, MLPClassifier, SGDRegressor, LogisticRegression])
def test_every_prediction_method_before_fit_is_not_fitted_error(cls):
    X = np.zeros((3, 2))
    for name in ("predict", "predict_proba", "predict_log_proba", "decision_function", "score"):
        if hasattr(cls, name):
            args = (X, np.zeros(3)) if name == "score" else (X,)
            with pytest.raises(NotFittedError):
                getattr(cls(), name)(*args)


def test_divergence_raises_instead_of_returning_nan():
    X, y = franke_data(11, n=100)
    with pytest.raises(physml._core.PhysmlError, match="diverged"):
        SGDRegressor(learning_rate_init=1e3, momentum=0.0, max_iter=2000, tol=0.0, n_iter_no_change=2000).fit(X * 100, y)


def test_column_vector_y_is_one_target_as_in_sklearn():
    """y of shape (n, 1) is a 1-D target, with scikit-learn's DataConversionWarning:
    predict returns (n,), and the weights are those of the 1-D fit."""
    from physml._base import DataConversionWarning

    rng = np.random.default_rng(4)
    X = rng.normal(size=(120, 3))
    y = np.sin(X[:, 0]) + X[:, 1]
    kw = dict(hidden_layer_sizes=(8,), max_iter=50, tol=10.0, n_iter_no_change=2, random_state=0)
    flat = MLPRegressor(**kw).fit(X, y)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        col = MLPRegressor(**kw).fit(X, y[:, None])
    with pytest.warns(Warning):
        ref = SkMLPRegressor(**kw).fit(X, y[:, None])
    assert col.predict(X).shape == ref.predict(X).shape == (120,)
    for a, b in zip(col.coefs_, flat.coefs_):
        np.testing.assert_array_equal(a, b)


def test_column_vector_labels_are_one_label_per_sample_as_in_sklearn():
    """A (n, 1) column of labels is 1-D labels (scikit-learn's DataConversionWarning),
    not a one-label multi-label problem, for MLPClassifier and LogisticRegression."""
    from physml._base import DataConversionWarning

    rng = np.random.default_rng(5)
    X = rng.normal(size=(150, 3))
    labels = np.array(["a", "b", "c"])[np.argmax(X, axis=1)]
    for y in [(X[:, 0] > 0).astype(int), labels]:
        for model in [
            MLPClassifier(hidden_layer_sizes=(6,), max_iter=40, tol=10.0, n_iter_no_change=2, random_state=0),
            LogisticRegression(max_iter=40, tol=10.0, n_iter_no_change=2, random_state=0),
        ]:
            flat = clone(model).fit(X, y)
            with pytest.warns(DataConversionWarning, match="column-vector y"):
                col = clone(model).fit(X, y[:, None])
            np.testing.assert_array_equal(col.classes_, np.unique(y))
            assert col.predict(X).shape == (150,)
            np.testing.assert_array_equal(col.predict_proba(X), flat.predict_proba(X))


def test_a_tiny_C_and_a_scalar_layer_sizes_name_the_parameter():
    """Found by tests/test_fuzz.py: C = 5e-324 overflowed 1/C and blamed the "l2 penalty";
    Network(2**31) said "'int' object is not iterable"."""
    X, y = np.random.default_rng(0).normal(size=(10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match="C must be >="):
        LogisticRegression(C=5e-324).fit(X, y)
    with pytest.raises(TypeError, match="layer_sizes must be a sequence"):
        Network(2**31)


def test_sgd_regressor_warns_when_momentum_steps_stop_before_the_minimum():
    """Full-batch Nesterov momentum (0.9) at learning_rate_init=0.05 overshoots the
    least-squares solution and the loss oscillates: scikit-learn's rule (stop after
    more than n_iter_no_change epochs without improving the lowest loss by tol) stops
    at epoch 20 at (1.76, −0.77) instead of (1.5, −0.5), as scikit-learn's
    MLPRegressor does (silently) in the same set-up. The last loss (0.10) lay above
    the lowest (0.033) by more than the lowest but below the first (2.8), so neither
    the "loss grew" warning nor the "still oscillating" one fired; now the second does.
    Plain steps or a patient rule reach the minimum without a warning."""
    import warnings

    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 2))
    y = X @ [1.5, -0.5] + 2.0
    with pytest.warns(ConvergenceWarning, match="full-batch loss was still oscillating.*or momentum"):
        early = SGDRegressor(learning_rate_init=0.05).fit(X, y)
    assert early.n_iter_ == 20 and abs(early.coef_[0] - 1.5) > 0.2
    sk = SkMLPRegressor(hidden_layer_sizes=(), activation="identity", solver="sgd", learning_rate_init=0.05,
                        alpha=0.0, batch_size=100, tol=1e-8, random_state=0).fit(X, y)
    assert sk.n_iter_ < 30 and abs(sk.coefs_[0][0, 0] - 1.5) > 0.2  # scikit-learn stops there too
    exact = np.linalg.lstsq(np.column_stack([X, np.ones(100)]), y, rcond=None)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for more, atol in ((dict(momentum=0.0), 1e-3), (dict(n_iter_no_change=100), 1e-5)):
            est = SGDRegressor(learning_rate_init=0.05, max_iter=5000, **more).fit(X, y)
            np.testing.assert_allclose(np.r_[est.coef_, est.intercept_], exact, atol=atol)
