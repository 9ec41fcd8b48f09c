"""MLPRegressor(loss='poisson'): half the Poisson deviance with an exponential output,
checked against scikit-learn 1.9's MLPRegressor(loss='poisson') — the same steps from
the same weights, the same held-out deviance after training — and against its
constructor signature."""

import inspect
import warnings

import numpy as np
import pytest
from sklearn.metrics import mean_poisson_deviance, r2_score
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

from physml import _core
from physml.nn import MLPRegressor, Network, _unflatten


def counts(seed, n=90, d=3, n_outputs=1):
    """Poisson counts with log-mean 0.6 sin(2x₀) + 0.4 x₁x₂ + 0.3 (a second output: 0.5 x₀ − 0.2)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    log_mean = [0.6 * np.sin(2 * X[:, 0]) + 0.4 * X[:, 1] * X[:, 2] + 0.3, 0.5 * X[:, 0] - 0.2][:n_outputs]
    y = rng.poisson(np.exp(np.column_stack(log_mean))).astype(float)
    return X, (y[:, 0] if n_outputs == 1 else y)


def quietly(method, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return method(*args, **kwargs)


def initial_weights(est):
    """The weights physml started from (glorot, seeded by the estimator's seed)."""
    sizes = est._sizes()
    return _unflatten(np.asarray(_core.nn_init(sizes, est._activations(), "poisson", "glorot", 1.0, est._seed)), sizes)


def sklearn_from(est, X, y, **kw):
    """scikit-learn's Poisson regressor of the same architecture, its weights replaced
    by physml's initial ones (and its optimiser dropped, so the next call starts one)."""
    sk = SkMLPRegressor(loss="poisson", hidden_layer_sizes=est.hidden_layer_sizes, activation=est.activation, **kw)
    quietly(sk.set_params(max_iter=1).fit, X, y)
    sk.set_params(max_iter=kw.get("max_iter", 200))
    sk.coefs_, sk.intercepts_ = initial_weights(est)
    del sk._optimizer
    return sk


def assert_same_network(ours, theirs, rtol=1e-12):
    for a, b in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-14)


# --------------------------------------------------------------------- constructor


def test_signature_is_sklearns():
    """loss first, then hidden_layer_sizes and activation positional; the same defaults
    and kinds in scikit-learn's order; physml's extras (rho, penalty, init, progress)
    after them, keyword-only. scikit-learn's max_fun belongs to its lbfgs solver,
    which physml does not have."""
    ours = list(inspect.signature(MLPRegressor).parameters.values())
    theirs = [p for p in inspect.signature(SkMLPRegressor).parameters.values() if p.name != "max_fun"]
    assert [(p.name, p.kind, p.default) for p in ours[: len(theirs)]] == [(p.name, p.kind, p.default) for p in theirs]
    assert [p.name for p in ours[len(theirs):]] == ["rho", "penalty", "init", "progress"]
    assert all(p.kind is p.KEYWORD_ONLY for p in ours[len(theirs):])
    est = MLPRegressor("poisson", (7,), "tanh")
    assert (est.loss, est.hidden_layer_sizes, est.activation) == ("poisson", (7,), "tanh")
    assert MLPRegressor().get_params()["loss"] == "squared_error"


# --------------------------------------------------------------------- the same steps as scikit-learn


@pytest.mark.parametrize("n_outputs", [1, 2])
@pytest.mark.parametrize("weights", [None, "positive", "signed"])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_one_epoch_equals_sklearns_from_the_same_weights(momentum, weights, n_outputs):
    """Mini-batch SGD (plain, and with Nesterov momentum): every step is scikit-learn's
    step on its weighted batch objective; the epoch loss is its loss_."""
    X, y = counts(0, n_outputs=n_outputs)
    w = {None: None, "positive": np.random.default_rng(1).uniform(0, 3, size=90),
         "signed": np.random.default_rng(2).uniform(-0.5, 3, size=90)}[weights]
    kw = dict(solver="sgd", alpha=0.3, learning_rate_init=0.05, batch_size=30, shuffle=False, momentum=momentum)
    est = quietly(MLPRegressor("poisson", (5,), "tanh", max_iter=1, random_state=0, **kw).fit, X, y, sample_weight=w)
    assert est.out_activation_ == "exp"
    sk = sklearn_from(est, X, y, **kw)
    quietly(sk.partial_fit, X, y, sample_weight=w)
    assert_same_network(est, sk)
    assert est.loss_ == pytest.approx(sk.loss_, rel=1e-12)
    np.testing.assert_allclose(est.predict(X), sk.predict(X), rtol=1e-12)


def test_partial_fit_and_warm_start_continue_as_sklearn():
    """Three partial_fit calls keep the Nesterov momentum between them; warm_start
    fits start a new optimiser from the current weights — in both, the same numbers
    as scikit-learn's."""
    X, y = counts(3)
    kw = dict(solver="sgd", learning_rate_init=0.02, batch_size=30, shuffle=False, momentum=0.9, alpha=0.01)
    est = MLPRegressor("poisson", (6,), "relu", random_state=0, **kw)
    for _ in range(3):
        est.partial_fit(X, y)
    sk = sklearn_from(est, X, y, **kw)
    for _ in range(3):
        sk.partial_fit(X, y)
    assert_same_network(est, sk)
    np.testing.assert_allclose(est.loss_curve_, sk.loss_curve_[1:], rtol=1e-12)

    kw.update(max_iter=2, tol=0.0, n_iter_no_change=100, warm_start=True)
    est = MLPRegressor("poisson", (6,), "relu", random_state=0, **kw)
    quietly(est.fit, X, y)
    sk = sklearn_from(est, X, y, **kw)
    for _ in range(2):
        quietly(sk.fit, X, y)
    quietly(est.fit, X, y)
    assert_same_network(est, sk)
    np.testing.assert_allclose(est.loss_curve_, sk.loss_curve_[1:], rtol=1e-12)


# --------------------------------------------------------------------- training quality


def test_held_out_poisson_deviance_is_sklearns():
    """Trained with the same architecture and budget, the held-out mean Poisson
    deviance is within a few per cent of scikit-learn's (averaged over seeds), and
    well below that of the constant mean."""
    X, y = counts(4, n=1500)
    Xtr, ytr, Xte, yte = X[:1000], y[:1000], X[1000:], y[1000:]
    kw = dict(hidden_layer_sizes=(32,), activation="tanh", learning_rate_init=0.01, max_iter=150)
    ours, theirs = [], []
    for seed in range(3):
        est = quietly(MLPRegressor(loss="poisson", random_state=seed, **kw).fit, Xtr, ytr)
        sk = quietly(SkMLPRegressor(loss="poisson", random_state=seed, **kw).fit, Xtr, ytr)
        ours.append(mean_poisson_deviance(yte, est.predict(Xte)))
        theirs.append(mean_poisson_deviance(yte, sk.predict(Xte)))
    assert np.mean(ours) <= 1.05 * np.mean(theirs), (ours, theirs)
    assert np.mean(ours) < 0.8 * mean_poisson_deviance(yte, np.full_like(yte, ytr.mean()))
    assert (est.predict(Xte) > 0).all()


@pytest.mark.parametrize("solver", ["sgd", "adam", "rmsprop", "adagrad"])
def test_every_optimiser_lowers_the_deviance(solver):
    X, y = counts(5, n=400)
    lr = {"sgd": 0.1, "adam": 0.03, "rmsprop": 0.01, "adagrad": 0.1}[solver]
    est = quietly(MLPRegressor("poisson", (16,), "tanh", solver=solver, learning_rate_init=lr, max_iter=60,
                               random_state=0).fit, X, y)
    first, last = est.loss_curve_[0], est.loss_curve_[-1]
    assert last < 0.8 * first, (solver, first, last)
    assert mean_poisson_deviance(y, est.predict(X)) < 0.75 * mean_poisson_deviance(y, np.full_like(y, y.mean()))


def test_early_stopping_scores_are_r2_as_sklearn():
    X, y = counts(6, n=300)
    w = np.random.default_rng(3).uniform(0.2, 3, size=300)
    est = quietly(MLPRegressor("poisson", (8,), "tanh", early_stopping=True, validation_fraction=0.3, max_iter=30,
                               learning_rate_init=0.01, random_state=0).fit, X, y, sample_weight=w)
    _, _, _, (X_val, idx), w_val = est._split_validation(X, np.arange(300)[:, None], w, est._seed)
    expected = r2_score(y[idx[:, 0]], est.predict(X_val), sample_weight=w_val)
    assert est.best_validation_score_ == pytest.approx(expected, rel=1e-12)
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.best_loss_ is None
    assert est.score(X, y) == pytest.approx(r2_score(y, est.predict(X)), rel=1e-12)


def test_pickle_and_clone_keep_the_loss():
    import pickle

    from sklearn.base import clone

    X, y = counts(7)
    est = quietly(MLPRegressor("poisson", (4,), max_iter=5, random_state=0).fit, X, y)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.predict(X), est.predict(X))
    assert clone(est).get_params() == est.get_params()


# --------------------------------------------------------------------- bad input


def test_negative_targets_and_unknown_losses_are_named():
    X, y = counts(8)
    y = y.copy()
    y[3] = -1.0
    est = MLPRegressor("poisson", (3,), max_iter=2)
    for method in (est.fit, est.partial_fit):
        with pytest.raises(ValueError, match=r"y must be >= 0 \(counts or rates\) for loss='poisson', got -1.0"):
            method(X, y)
    # the squared error takes any real y
    quietly(MLPRegressor("squared_error", (3,), max_iter=2).fit, X, y)
    with pytest.raises(ValueError, match="loss must be one of 'squared_error', 'poisson', got 'huber'"):
        MLPRegressor("huber").fit(X, y)
    with pytest.raises(ValueError, match="must be >= 0"):
        Network([3, 1], "tanh", loss="poisson").loss(X, y)


def test_network_poisson_output_is_exp_and_its_gradient_is_a_minus_y():
    """The teaching Network with the Poisson loss: exp output; ∂J/∂b of a network
    without hidden layers is the mean of a − y."""
    X, y = counts(9, n=20)
    net = Network([3, 1], "tanh", loss="poisson", random_state=0)
    assert net.activations == ["exp"]
    a = net.forward(X)[:, 0]
    np.testing.assert_allclose(a, np.exp(X @ net.weights[0][:, 0] + net.biases[0][0]), rtol=1e-14)
    j, gw, gb = net.loss_and_gradient(X, y)
    assert j == pytest.approx(0.5 * mean_poisson_deviance(y, a), rel=1e-12)
    assert gb[0][0] == pytest.approx(np.mean(a - y), rel=1e-12)
    np.testing.assert_allclose(gw[0][:, 0], X.T @ (a - y) / len(y), rtol=1e-12)


def test_old_positional_layer_sizes_and_a_changed_loss_are_refused_clearly():
    """Found in review: MLPRegressor((50,)) now sets loss (scikit-learn 1.9's order)
    and must say so; a warm start or partial_fit with another loss would continue
    an identity-output network with an exp output."""
    import numpy as np
    import pytest

    from physml.nn import MLPRegressor

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = np.exp(0.3 * X[:, 0])
    for old in ((50,), 50, [4, 4]):
        with pytest.raises(ValueError, match=r"loss is MLPRegressor's first positional parameter; pass the layer sizes by name"):
            MLPRegressor(old).fit(X, y)
    model = MLPRegressor(hidden_layer_sizes=(4,), max_iter=3, tol=0.0, random_state=0)
    with pytest.warns(Warning):
        model.fit(X, y)
    before = model.predict(X)
    model.set_params(loss="poisson")
    with pytest.raises(ValueError, match="differs from the loss the network was fitted with"):
        model.partial_fit(X, y)
    model.set_params(warm_start=True)
    with pytest.raises(ValueError, match="differs from the loss the network was fitted with"):
        model.fit(X, y)
    assert model.out_activation_ == "identity"
    np.testing.assert_array_equal(model.predict(X), before)
    model.set_params(warm_start=False)
    with pytest.warns(Warning):
        model.fit(X, y)  # a fresh fit may change the loss
    assert model.out_activation_ == "exp"
