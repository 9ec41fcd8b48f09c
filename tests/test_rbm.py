"""physml.rbm against scikit-learn's BernoulliRBM (where the definitions coincide),
brute-force enumeration in NumPy, and finite differences."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pytest
from scipy.special import expit, logsumexp
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import BernoulliRBM as SkRBM
from sklearn.pipeline import Pipeline

from physml.rbm import BernoulliRBM, GaussianBernoulliRBM


def _set_weights(rbm, W, a, b):
    """Give an estimator (physml's or scikit-learn's) the weights W (H × M), a, b."""
    rbm.components_ = np.array(W, dtype=float)
    rbm.intercept_visible_ = np.array(a, dtype=float)
    rbm.intercept_hidden_ = np.array(b, dtype=float)
    rbm.n_features_in_ = W.shape[1]
    rbm.h_samples_ = np.zeros((10, W.shape[0]))
    rbm._seed = 0
    rbm._stream = 0
    rbm._velocity = np.zeros(0)
    rbm._steps = 0
    return rbm


def _random_model(m, h, seed, scale=0.8, gaussian=False):
    rng = np.random.default_rng(seed)
    W, a, b = (scale * rng.standard_normal(s) for s in ((h, m), m, h))
    rbm = GaussianBernoulliRBM(h, sigma=0.9) if gaussian else BernoulliRBM(h)
    return _set_weights(rbm, W, a, b), (W, a, b)


def _states(n):
    return np.array(list(itertools.product([0.0, 1.0], repeat=n)))


def _brute_log_z(W, a, b):
    X, H = _states(W.shape[1]), _states(W.shape[0])
    minus_e = X @ a[:, None] + (H @ b)[None, :] + X @ W.T @ H.T
    return logsumexp(minus_e)


def _binary_data(n, m, seed):
    return (np.random.default_rng(seed).random((n, m)) < 0.3).astype(float)


# ---------------------------------------------------------------- sklearn oracle
def test_free_energy_transform_and_pseudo_likelihood_match_sklearn():
    rbm, (W, a, b) = _random_model(9, 5, 1)
    sk = _set_weights(SkRBM(n_components=5), W, a, b)
    X = np.random.default_rng(2).random((30, 9))  # probabilities are valid input
    np.testing.assert_allclose(rbm.free_energy(X), sk._free_energy(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rbm.transform(X), sk.transform(X), rtol=1e-12, atol=1e-14)
    # The pseudo-likelihood flips one random unit per row: each value must be one of the
    # M values of scikit-learn's formula -M log(1 + exp(-(F(x~) - F(x)))).
    Xb = _binary_data(40, 9, 3)
    ours = rbm.score_samples(Xb)
    fe = sk._free_energy(Xb)
    candidates = []
    for i in range(9):
        flipped = Xb.copy()
        flipped[:, i] = 1 - flipped[:, i]
        candidates.append(-9 * np.logaddexp(0, -(sk._free_energy(flipped) - fe)))
    candidates = np.array(candidates).T
    assert np.all(np.min(np.abs(candidates - ours[:, None]), axis=1) < 1e-10)


def test_gibbs_and_transform_shapes_and_values():
    rbm, _ = _random_model(6, 4, 5)
    X = _binary_data(7, 6, 1)
    v = rbm.gibbs(X)
    assert v.shape == X.shape and set(np.unique(v)) <= {0.0, 1.0}


# ---------------------------------------------------------------- enumeration
def test_exact_log_partition_and_log_likelihood_against_numpy_enumeration():
    for m, h in [(6, 4), (4, 7)]:
        rbm, (W, a, b) = _random_model(m, h, 10 + m)
        exact = _brute_log_z(W, a, b)
        lz = rbm.log_partition("exact")
        assert lz.std_error == 0.0
        np.testing.assert_allclose(lz.value, exact, rtol=0, atol=1e-10)
        # P(x) sums to 1 over all configurations
        ll = rbm.log_likelihood(_states(m), "exact")
        np.testing.assert_allclose(np.exp(ll).sum(), 1.0, rtol=1e-12)


def test_gaussian_log_likelihood_integrates_to_one():
    rbm, (W, a, b) = _random_model(1, 3, 4, gaussian=True)
    x = np.linspace(-15, 15, 30001)[:, None]
    p = np.exp(rbm.log_likelihood(x, "exact"))
    np.testing.assert_allclose(p.sum() * (x[1, 0] - x[0, 0]), 1.0, rtol=1e-8)
    # transform is S(b + x W / sigma^2)
    np.testing.assert_allclose(rbm.transform(x[:5]), expit(b + x[:5] @ W.T / 0.81), rtol=1e-12)


def test_ais_agrees_with_enumeration_within_its_error():
    rbm, _ = _random_model(12, 8, 21, scale=0.6)
    exact = rbm.log_partition("exact").value
    ais = rbm.log_partition("ais", n_runs=100, n_betas=1000, random_state=3)
    assert ais.std_error > 0
    assert abs(ais.value - exact) < 4 * ais.std_error + 1e-3, (ais, exact)
    assert ais == rbm.log_partition("ais", n_runs=100, n_betas=1000, random_state=3)


def test_exact_gradient_matches_finite_differences_in_the_attributes_layout():
    rbm, _ = _random_model(5, 3, 7)
    X = _binary_data(12, 5, 8)
    g = rbm.log_likelihood_gradient(X)
    eps = 1e-6
    for name, idx in [("components_", (1, 3)), ("intercept_visible_", (2,)), ("intercept_hidden_", (0,))]:
        values = []
        for s in (1, -1):
            other = pickle.loads(pickle.dumps(rbm))
            getattr(other, name)[idx] += s * eps
            values.append(other.log_likelihood(X, "exact").mean())
        np.testing.assert_allclose(g[name][idx], (values[0] - values[1]) / (2 * eps), atol=1e-7)


def test_samples_follow_the_exact_marginals():
    rbm, (W, a, b) = _random_model(5, 3, 9)
    S = rbm.sample(20000, n_steps=50, random_state=1)
    X = _states(5)
    p = np.exp(rbm.log_likelihood(X, "exact"))
    mean = p @ X
    se = np.sqrt(mean * (1 - mean) / 20000)
    assert np.all(np.abs(S.mean(0) - mean) < 5 * se)
    np.testing.assert_array_equal(S, rbm.sample(20000, n_steps=50, random_state=1))


# ---------------------------------------------------------------- training
def test_training_raises_the_exact_log_likelihood_as_much_as_sklearn():
    rng = np.random.default_rng(0)
    prototypes = (rng.random((3, 10)) < 0.5).astype(float)
    X = prototypes[rng.integers(0, 3, 300)]
    X = np.abs(X - (rng.random(X.shape) < 0.05))
    ours = BernoulliRBM(8, learning_rate=0.05, n_iter=20, random_state=0).fit(X)
    sk = SkRBM(n_components=8, learning_rate=0.05, n_iter=20, random_state=0).fit(X)
    sk_as_ours = _set_weights(BernoulliRBM(8), sk.components_, sk.intercept_visible_, sk.intercept_hidden_)
    ll = ours.log_likelihood(X, "exact").mean()
    ll_sk = sk_as_ours.log_likelihood(X, "exact").mean()
    untrained = 10 * -np.log(2)
    assert ll > untrained + 2.0
    assert ll > ll_sk - 0.5, (ll, ll_sk)


def test_same_seed_same_model_and_cd_variant_trains():
    X = _binary_data(50, 6, 2)
    a = BernoulliRBM(4, n_iter=3, random_state=5).fit(X)
    b = BernoulliRBM(4, n_iter=3, random_state=5).fit(X)
    np.testing.assert_array_equal(a.components_, b.components_)
    c = BernoulliRBM(4, n_iter=3, random_state=5, persistent=False, k=3, momentum=0.5,
                     weight_decay=1e-3).fit(X)
    assert np.all(np.isfinite(c.components_)) and not np.array_equal(a.components_, c.components_)
    p = BernoulliRBM(4, random_state=0)
    for _ in range(3):
        p.partial_fit(X[:10])
    assert p.components_.shape == (4, 6)


def test_gaussian_rbm_learns_a_two_cluster_density():
    rng = np.random.default_rng(1)
    X = np.concatenate([rng.normal(-2, 0.5, (200, 2)), rng.normal(2, 0.5, (200, 2))])
    rbm = GaussianBernoulliRBM(4, sigma=0.5, learning_rate=0.01, n_iter=30, random_state=0,
                               momentum=0.5)
    before = _set_weights(GaussianBernoulliRBM(4, sigma=0.5), np.zeros((4, 2)), np.zeros(2),
                          np.zeros(4)).score_samples(X).mean()
    rbm.fit(X)
    assert rbm.score_samples(X).mean() > before + 1.0


# ---------------------------------------------------------------- learning-rate schedule
_STATE = ("components_", "intercept_hidden_", "intercept_visible_", "h_samples_", "_velocity",
          "_steps")


def _assert_same_state(a, b):
    for name in _STATE:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("gaussian", [False, True])
@pytest.mark.parametrize("persistent", [True, False])
def test_learning_rate_final_is_a_partial_fit_loop_with_a_linear_rate_per_epoch(gaussian,
                                                                                persistent):
    # one mini-batch per epoch (batch_size = n_samples), so that an epoch of ``fit`` and a
    # ``partial_fit`` call on X draw the same random numbers: the loop that sets the
    # documented rate eta_e = eta_0 + (eta_f - eta_0) e / (n_iter - 1) before each call
    # must give the very same parameters, momentum and chains
    rng = np.random.default_rng(4)
    X = rng.normal(size=(24, 5)) if gaussian else _binary_data(24, 5, 4)
    cls = GaussianBernoulliRBM if gaussian else BernoulliRBM
    n_iter, eta0, eta1 = 6, 0.2, 0.03
    settings = dict(n_components=3, batch_size=24, k=2, momentum=0.6, weight_decay=1e-3,
                    persistent=persistent, random_state=11)
    fitted = cls(learning_rate=eta0, learning_rate_final=eta1, n_iter=n_iter, **settings).fit(X)
    manual = cls(learning_rate=eta0, **settings)
    rates = []
    for e in range(n_iter):
        manual.learning_rate = eta0 + (eta1 - eta0) * e / (n_iter - 1)
        rates.append(manual.learning_rate)
        manual.partial_fit(X)
    assert rates[0] == eta0 and rates[-1] == pytest.approx(eta1, rel=1e-15)
    _assert_same_state(fitted, manual)
    # and the schedule matters: a constant rate gives other parameters
    constant = cls(learning_rate=eta0, n_iter=n_iter, **settings).fit(X)
    assert not np.array_equal(constant.components_, fitted.components_)


def test_learning_rate_final_equal_to_learning_rate_is_the_constant_rate_over_mini_batches():
    # the schedule runs the core epoch by epoch; with η_f = η₀ that must be the single
    # run of all epochs exactly (state, momentum and random streams carried over)
    X = _binary_data(50, 6, 2)
    settings = dict(n_components=4, learning_rate=0.07, batch_size=7, n_iter=5, k=3,
                    momentum=0.5, random_state=9)
    a = BernoulliRBM(**settings).fit(X)
    b = BernoulliRBM(learning_rate_final=0.07, **settings).fit(X)
    _assert_same_state(a, b)
    # n_iter = 1: the one epoch runs at learning_rate
    one = dict(settings, n_iter=1)
    _assert_same_state(BernoulliRBM(**one).fit(X), BernoulliRBM(learning_rate_final=0.001, **one).fit(X))
    # n_iter = 0: initialised, not trained
    zero = BernoulliRBM(learning_rate_final=0.01, **dict(settings, n_iter=0)).fit(X)
    assert zero.components_.shape == (4, 6) and zero._steps == 0


@pytest.mark.parametrize("final", [None, 0.01])
def test_verbose_and_progress_give_the_same_model(capsys, final):
    # the printed score draws random numbers of its own, not the training's
    X = _binary_data(40, 6, 0)
    settings = dict(n_components=4, learning_rate=0.1, learning_rate_final=final, n_iter=3,
                    random_state=0)
    plain = BernoulliRBM(**settings).fit(X)
    shown = BernoulliRBM(progress=True, verbose=1, **settings).fit(X)
    assert "Iteration 3" in capsys.readouterr().out
    _assert_same_state(plain, shown)


def test_learning_rate_final_in_get_params_clone_and_pickle():
    rbm = BernoulliRBM(5, learning_rate=0.05, learning_rate_final=0.005, n_iter=4, random_state=1)
    assert rbm.get_params()["learning_rate_final"] == 0.005
    assert "learning_rate_final=0.005" in repr(rbm)
    assert BernoulliRBM().get_params()["learning_rate_final"] is None
    c = clone(rbm)
    assert c.get_params() == rbm.get_params()
    X = _binary_data(40, 6, 4)
    _assert_same_state(c.fit(X), rbm.fit(X))
    again = pickle.loads(pickle.dumps(rbm))
    assert again.learning_rate_final == 0.005
    _assert_same_state(again, rbm)
    g = GaussianBernoulliRBM(3, learning_rate_final=0.001).set_params(learning_rate_final=0.002)
    assert clone(g).get_params()["learning_rate_final"] == 0.002


@pytest.mark.parametrize(
    "value, error, match",
    [
        (-0.01, ValueError, "learning_rate_final must be > 0"),
        (0.0, ValueError, "learning_rate_final must be > 0"),
        (np.nan, ValueError, "learning_rate_final must be finite"),
        (np.inf, ValueError, "learning_rate_final must be finite"),
        (0.2, ValueError, "learning_rate_final must be <= learning_rate \\(0.1\\), got 0.2"),
        ("0.01", TypeError, "learning_rate_final must be a real number"),
    ],
)
@pytest.mark.parametrize("cls", [BernoulliRBM, GaussianBernoulliRBM])
def test_bad_learning_rate_final_is_refused(cls, value, error, match):
    X = _binary_data(10, 4, 0)
    rbm = cls(2, learning_rate=0.1, learning_rate_final=value)
    with pytest.raises(error, match=match):
        rbm.fit(X)
    with pytest.raises(error, match=match):
        rbm.partial_fit(X)


# ---------------------------------------------------------------- sklearn contract
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_pipeline_on_digits_matches_sklearns_pipeline_accuracy():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)

    def pipe(rbm):
        return Pipeline([("rbm", rbm), ("logistic", LogisticRegression(C=100.0, max_iter=1000))])

    settings = dict(n_components=64, learning_rate=0.06, n_iter=10, random_state=0)
    ours = pipe(BernoulliRBM(**settings)).fit(Xtr, ytr).score(Xte, yte)
    theirs = pipe(SkRBM(**settings)).fit(Xtr, ytr).score(Xte, yte)
    assert ours > theirs - 0.02, (ours, theirs)


def test_clone_get_params_and_pickle():
    rbm = BernoulliRBM(5, learning_rate=0.02, random_state=3, k=2)
    c = clone(rbm)
    assert c.get_params() == rbm.get_params()
    X = _binary_data(40, 6, 4)
    rbm.fit(X)
    again = pickle.loads(pickle.dumps(rbm))
    np.testing.assert_array_equal(again.transform(X), rbm.transform(X))
    np.testing.assert_array_equal(again.free_energy(X), rbm.free_energy(X))
    g = GaussianBernoulliRBM(3, sigma=2.0)
    assert clone(g).get_params()["sigma"] == 2.0
    assert "sigma=2.0" in repr(g)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "X, match",
    [
        ([[0.0, 2.0]], "X must hold values in \\[0, 1\\]"),
        ([[0.0, -1.0]], "X must hold values in \\[0, 1\\]"),
        ([[np.nan, 1.0]], "X"),
        ([0.0, 1.0], "X must be a 2-D array"),
    ],
)
def test_bad_data_is_refused(X, match):
    with pytest.raises(ValueError, match=match):
        BernoulliRBM(2).fit(X)


def test_bad_parameters_and_usage_are_refused():
    X = _binary_data(10, 4, 0)
    with pytest.raises(ValueError, match="n_components must be >= 1"):
        BernoulliRBM(0).fit(X)
    with pytest.raises(ValueError, match="learning_rate must be > 0"):
        BernoulliRBM(2, learning_rate=-1.0).fit(X)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        GaussianBernoulliRBM(2, sigma=0.0).fit(X)
    with pytest.raises(ValueError, match="not fitted"):
        BernoulliRBM(2).transform(X)
    rbm = BernoulliRBM(2, n_iter=1, random_state=0).fit(X)
    with pytest.raises(ValueError, match="X has 3 features"):
        rbm.transform(X[:, :3])
    with pytest.raises(ValueError, match="method must be"):
        rbm.log_partition("magic")
    big = BernoulliRBM(30, n_iter=1, random_state=0).fit(_binary_data(10, 30, 0))
    with pytest.raises(ValueError, match="method='ais'"):
        big.log_partition("exact")
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        rbm.sample(0)
    with pytest.raises(ValueError, match="GaussianBernoulliRBM"):
        rbm.free_energy([[0.5, 3.0, 0.0, 0.0]])


def test_progress_bar_runs_and_leaves_the_result_unchanged(capsys):
    X = (np.random.default_rng(0).random((40, 6)) < 0.4).astype(float)
    plain = BernoulliRBM(n_components=4, n_iter=3, random_state=0).fit(X)
    shown = BernoulliRBM(n_components=4, n_iter=3, random_state=0, progress=True).fit(X)
    assert "BernoulliRBM" in capsys.readouterr().err
    np.testing.assert_array_equal(plain.components_, shown.components_)
    with pytest.raises(TypeError, match="progress"):
        BernoulliRBM(progress="yes").fit(X)


# ---------------------------------------------------------------- centring and averaging
def _to_ordinary(delta, mu, lam):
    """The change of the ordinary parameters (a, b, W in the attributes' layout) for a
    change ``delta`` = (a', b', W) of the centred ones: a = a' - W lam, b = b' - W^T mu
    (W here M x H)."""
    da, db, dW = delta  # dW: H x M as components_
    return da - dW.T @ lam, db - dW @ mu, dW


def _flat(a, b, W):
    return np.concatenate([a, b, W.ravel()])


def _centring_matrix(mu, lam, m, h):
    """A = d(theta)/d(theta'), built column by column from the map above."""
    p = m + h + m * h
    A = np.zeros((p, p))
    for i in range(p):
        e = np.zeros(p)
        e[i] = 1.0
        A[:, i] = _flat(*_to_ordinary((e[:m], e[m : m + h], e[m + h :].reshape(h, m)), mu, lam))
    return A


def _state_flat(rbm):
    return _flat(rbm.intercept_visible_, rbm.intercept_hidden_, rbm.components_)


@pytest.mark.parametrize("persistent", [True, False])
def test_centred_update_is_the_ordinary_one_in_centred_coordinates(persistent):
    # Same state, same random draws: one centred update moves the ordinary parameters
    # by A A^T times the ordinary update (momentum 0: delta = -eta * gradient), with A
    # the Jacobian of theta(theta') at the offsets after the update.
    X = _binary_data(30, 5, 1)
    base = BernoulliRBM(3, learning_rate=0.3, batch_size=30, k=2, n_iter=3, weight_decay=1e-2,
                        persistent=persistent, random_state=0).fit(X)
    plain = pickle.loads(pickle.dumps(base)).partial_fit(X)
    centred = pickle.loads(pickle.dumps(base)).set_params(centering=True, centering_rate=0.3)
    centred.partial_fit(X)
    # offsets start at the batch means and follow the same batch: unchanged
    np.testing.assert_allclose(centred.visible_offset_, X.mean(0), rtol=0, atol=1e-15)
    np.testing.assert_allclose(centred.hidden_offset_, base.transform(X).mean(0), rtol=0,
                               atol=1e-15)
    A = _centring_matrix(centred.visible_offset_, centred.hidden_offset_, 5, 3)
    d_plain = _state_flat(plain) - _state_flat(base)
    d_centred = _state_flat(centred) - _state_flat(base)
    np.testing.assert_allclose(d_centred, A @ A.T @ d_plain, rtol=1e-9, atol=1e-12)
    assert np.abs(d_centred - d_plain).max() > 1e-3
    np.testing.assert_array_equal(centred.h_samples_, plain.h_samples_)


def test_centred_update_against_the_exact_gradient_by_enumeration():
    # CD-100 on 4000 rows (a tiled data set): the centred update is, within its noise,
    # eta A A^T g with g the exact log-likelihood gradient (enumeration), and not eta g.
    rbm, _ = _random_model(5, 3, 2, scale=0.6)
    rbm.k, rbm.persistent, rbm.learning_rate = 100, False, 1.0
    rbm.centering, rbm.batch_size = True, 4000
    X = np.tile(_binary_data(20, 5, 3), (200, 1))
    before = _state_flat(rbm)
    g = rbm.log_likelihood_gradient(X)
    g = _flat(g["intercept_visible_"], g["intercept_hidden_"], g["components_"])
    rbm.partial_fit(X)
    A = _centring_matrix(rbm.visible_offset_, rbm.hidden_offset_, 5, 3)
    step = _state_flat(rbm) - before
    expected = A @ A.T @ g
    assert np.abs(step - expected).max() < 0.05, np.abs(step - expected).max()
    # (noise: 0.014 here; the ordinary update is 0.23 away)
    assert np.abs(step - g).max() > 0.15


def test_centred_training_reaches_the_exact_maximum_likelihood_model():
    # The 16 states of 4 bits, state i repeated counts[i] times (400 P(x) of a
    # one-hidden-unit RBM, rounded), so that the maximum-likelihood model is finite.
    # Its distribution, from L-BFGS on the exact log-likelihood (enumeration), is
    # reached by PCD with the centred gradient and parameter averaging, run as a
    # partial_fit loop over random mini-batches after a short ordinary fit (which
    # leaves the saddle at W = 0, where centring is slow to start: from the default
    # start a centred fit stays near the independent-units model, KL 0.005).
    # Measured: KL 8.9e-5 (seed 2: 8.5e-5); the ordinary gradient with the same
    # loop, 3.3e-4 and 2.9e-4.
    from scipy.optimize import minimize

    counts = [11, 14, 5, 7, 25, 37, 10, 14, 19, 28, 7, 10, 62, 99, 20, 32]
    states = _states(4)
    X = np.repeat(states, counts, axis=0)
    ml = BernoulliRBM(1, random_state=0)
    ml.partial_fit(X)

    def loss(theta):
        _set_weights(ml, theta[5:].reshape(1, 4), theta[:4], theta[4:5])
        g = ml.log_likelihood_gradient(X)
        return (-ml.log_likelihood(X, "exact").mean(),
                -_flat(g["intercept_visible_"], g["intercept_hidden_"], g["components_"]))

    res = minimize(loss, _state_flat(ml) + 0.1, jac=True, method="L-BFGS-B",
                   options=dict(gtol=1e-10, ftol=1e-15, maxiter=2000))
    loss(res.x)
    assert np.abs(res.jac).max() < 1e-6
    p_ml = np.exp(ml.log_likelihood(states, "exact"))

    rbm = BernoulliRBM(1, batch_size=20, k=5, momentum=0.5, random_state=1,
                       learning_rate=0.05, n_iter=50).fit(X)
    rbm.set_params(centering=True, average=8001, learning_rate=0.03)
    rng = np.random.default_rng(1)
    for _ in range(16000):
        rbm.partial_fit(X[rng.choice(len(X), 20, replace=False)])
    p = np.exp(rbm.log_likelihood(states, "exact"))
    kl = float(np.sum(p_ml * np.log(p_ml / p)))
    assert kl < 2e-4, kl


@pytest.mark.parametrize("gaussian", [False, True])
@pytest.mark.parametrize("average", [True, 4])
def test_average_is_the_mean_over_a_partial_fit_loop(gaussian, average):
    # one mini-batch per epoch, so that an epoch of fit is a partial_fit call: the
    # hand-written loop (no averaging) and the mean of its parameters after the calls
    # average, average + 1, ..., n_iter is fit's model
    rng = np.random.default_rng(4)
    X = rng.normal(size=(24, 5)) if gaussian else _binary_data(24, 5, 4)
    cls = GaussianBernoulliRBM if gaussian else BernoulliRBM
    n_iter = 7
    settings = dict(n_components=3, batch_size=24, k=2, momentum=0.6, random_state=11,
                    learning_rate=0.05)
    if not gaussian:
        settings["centering"] = True
    fitted = cls(n_iter=n_iter, average=average, **settings).fit(X)
    manual = cls(**settings)
    thetas = []
    for _ in range(n_iter):
        manual.partial_fit(X)
        thetas.append(_state_flat(manual))
    start = 1 if average is True else average
    mean = np.mean(thetas[start - 1 :], axis=0)
    np.testing.assert_allclose(_state_flat(fitted), mean, rtol=1e-12, atol=1e-14)
    # the chains, momentum and offsets are the last iterate's
    _assert_same_state_except_parameters(fitted, manual)
    # a partial_fit loop with average gives fit's model, and goes on from the iterate
    looped = cls(average=average, **settings)
    for _ in range(n_iter):
        looped.partial_fit(X)
    _assert_same_state(looped, fitted)
    manual.partial_fit(X)
    thetas.append(_state_flat(manual))
    looped.partial_fit(X)
    np.testing.assert_allclose(_state_flat(looped), np.mean(thetas[start - 1 :], axis=0),
                               rtol=1e-12, atol=1e-14)
    _assert_same_state_except_parameters(looped, manual)


def _assert_same_state_except_parameters(a, b):
    np.testing.assert_array_equal(a.h_samples_, b.h_samples_)
    np.testing.assert_array_equal(a._velocity, b._velocity)
    for name in ("visible_offset_", "hidden_offset_"):
        assert hasattr(a, name) == hasattr(b, name)
        if hasattr(a, name):
            np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_average_false_and_centering_false_are_the_plain_model():
    X = _binary_data(50, 6, 2)
    settings = dict(n_components=4, learning_rate=0.07, batch_size=7, n_iter=5, k=3,
                    momentum=0.5, random_state=9)
    plain = BernoulliRBM(**settings).fit(X)
    _assert_same_state(plain, BernoulliRBM(average=False, centering=False, **settings).fit(X))
    assert not hasattr(plain, "hidden_offset_")
    # averaging over the last epoch only is the last iterate
    last = BernoulliRBM(average=5, **settings).fit(X)
    np.testing.assert_allclose(_state_flat(last), _state_flat(plain), rtol=1e-15, atol=0)
    # a centred fit differs, and refitting without centring drops the offsets
    centred = BernoulliRBM(centering=True, **settings).fit(X)
    assert not np.allclose(centred.components_, plain.components_)
    assert centred.hidden_offset_.shape == (4,) and centred.visible_offset_.shape == (6,)
    assert not hasattr(centred.set_params(centering=False).fit(X), "hidden_offset_")


def test_centering_and_average_in_get_params_clone_and_pickle():
    X = _binary_data(40, 6, 4)
    rbm = BernoulliRBM(5, learning_rate=0.05, n_iter=4, random_state=1, centering=True,
                       centering_rate=0.05, average=2)
    params = rbm.get_params()
    assert (params["centering"], params["centering_rate"], params["average"]) == (True, 0.05, 2)
    assert "centering=True" in repr(rbm) and "average=2" in repr(rbm)
    c = clone(rbm)
    assert c.get_params() == params
    _assert_same_state(c.fit(X), rbm.fit(X))
    _assert_same_state_except_parameters(c, rbm)
    again = pickle.loads(pickle.dumps(rbm))
    _assert_same_state(again, rbm)
    _assert_same_state_except_parameters(again, rbm)
    # the unpickled model trains on exactly as the original (iterate, offsets, mean)
    _assert_same_state(again.partial_fit(X), rbm.partial_fit(X))
    _assert_same_state_except_parameters(again, rbm)
    g = GaussianBernoulliRBM(3, average=True)
    assert clone(g).get_params()["average"] is True
    assert "centering" not in g.get_params()


@pytest.mark.parametrize(
    "settings, error, match",
    [
        (dict(centering="yes"), TypeError, "centering must be True or False"),
        (dict(centering=True, centering_rate=-0.1), ValueError, "centering_rate must be >= 0"),
        (dict(centering=True, centering_rate=1.5), ValueError, "centering_rate must be <= 1"),
        (dict(centering=True, centering_rate=np.nan), ValueError, "centering_rate must be finite"),
        (dict(average=-1), ValueError, "average must be >= 0"),
        (dict(average=0.5), TypeError, "average must be True, False or an int"),
        (dict(average="last"), TypeError, "average must be True, False or an int"),
    ],
)
def test_bad_centering_and_average_are_refused(settings, error, match):
    X = _binary_data(10, 4, 0)
    with pytest.raises(error, match=match):
        BernoulliRBM(2, **settings).fit(X)
    with pytest.raises(error, match=match):
        BernoulliRBM(2, **settings).partial_fit(X)


def test_average_beyond_n_iter_is_refused_by_fit():
    X = _binary_data(10, 4, 0)
    with pytest.raises(ValueError, match="average must be <= n_iter \\(3\\)"):
        BernoulliRBM(2, n_iter=3, average=4).fit(X)
    with pytest.raises(ValueError, match="average must be >= 0"):
        GaussianBernoulliRBM(2, average=-2).fit(X)
