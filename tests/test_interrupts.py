"""Ctrl-C stops every long-running entry point and leaves the state it documents.

One subprocess runs each entry point on a workload that would take minutes, and a
timer thread sends the process a real SIGINT (``os.kill(pid, SIGINT)``) 0.3 s into
it; the process reports what the KeyboardInterrupt left. An entry point that ignored
the signal would run into the subprocess's timeout and fail the test (no timing is
asserted otherwise, except for the Ising sampler, whose delay from the signal to the
exception is bounded).
"""

import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    r"""
    import json, os, signal, threading, time, warnings
    import numpy as np
    from physml import ising, linear, nn, rbm, vmc

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 8))
    y = X @ rng.normal(size=8) + 0.1 * rng.normal(size=400)
    labels = (X[:, 0] + X[:, 1] > 0).astype(int)
    Xwide = rng.normal(size=(200, 400))
    ywide = Xwide[:, :20] @ rng.normal(size=20) + rng.normal(size=200)
    FOREVER = dict(tol=0.0, n_iter_no_change=10**9, max_iter=10**9)
    CD_FOREVER = dict(tol=0.0, max_iter=10**9)


    def interrupted(run):
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
        timer.start()
        try:
            run()
        except KeyboardInterrupt:
            return True
        finally:
            timer.cancel()
        return False


    def report(name, **state):
        print(json.dumps(dict(name=name, **state)), flush=True)


    def estimator(name, est, X, y):
        hit = interrupted(lambda: est.fit(X, y))
        fitted = hasattr(est, "coef_") or hasattr(est, "coefs_")
        usable = fitted and bool(np.isfinite(np.asarray(est.predict(X), dtype=float)).all())
        report(name, interrupted=hit, fitted=fitted, usable=usable,
               n_iter=int(np.max(est.n_iter_)) if fitted else None,
               curve=len(getattr(est, "loss_curve_", []) or []))


    estimator("MLPRegressor", nn.MLPRegressor(hidden_layer_sizes=(20,), batch_size=50, **FOREVER), X, y)
    estimator("MLPClassifier", nn.MLPClassifier(hidden_layer_sizes=(20,), batch_size=50, **FOREVER), X, labels)
    estimator("LogisticRegression", nn.LogisticRegression(batch_size=50, learning_rate_init=1e-4, **FOREVER),
              X, labels)
    estimator("SGDRegressor", nn.SGDRegressor(batch_size=50, learning_rate_init=1e-5, **FOREVER), X, y)

    net = nn.Network([8, 20, 1], "tanh", random_state=0)
    before = net._flat().copy()
    hit = interrupted(lambda: net.fit(X, y, epochs=10**9, batch_size=50, learning_rate=1e-4))
    report("Network.fit", interrupted=hit, changed=bool(not np.array_equal(before, net._flat())),
           finite=bool(np.isfinite(net.forward(X)).all()))

    for name, make in [("Lasso", lambda: linear.Lasso(alpha=1e-4, **CD_FOREVER)),
                       ("ElasticNet", lambda: linear.ElasticNet(alpha=1e-4, l1_ratio=0.5, **CD_FOREVER)),
                       ("LassoCV", lambda: linear.LassoCV(alphas=[1e-4, 1e-5], cv=2, **CD_FOREVER))]:
        est = make()
        hit = interrupted(lambda: est.fit(Xwide, ywide))
        report(name, interrupted=hit, fitted=hasattr(est, "coef_"))

    # n_jobs=2: the folds run on worker threads, which signals do not reach
    est = linear.LassoCV(alphas=[1e-4, 1e-5], cv=2, n_jobs=2, **CD_FOREVER)
    sent = []
    timer = threading.Timer(0.3, lambda: (sent.append(time.perf_counter()), os.kill(os.getpid(), signal.SIGINT)))
    timer.start()
    try:
        est.fit(Xwide, ywide)
        hit, seconds = False, None
    except KeyboardInterrupt:
        hit, seconds = True, time.perf_counter() - sent[0]
    timer.join()
    threads = threading.active_count()
    cpu = time.process_time()
    time.sleep(0.5)
    report("LassoCV n_jobs=2", interrupted=hit, fitted=hasattr(est, "coef_"), seconds=seconds, threads=threads,
           background_cpu=time.process_time() - cpu)

    hit = interrupted(lambda: linear.lasso_path(Xwide, ywide, alphas=[1e-4, 1e-5], **CD_FOREVER))
    report("lasso_path", interrupted=hit)
    hit = interrupted(lambda: linear.enet_path(Xwide, ywide, l1_ratio=0.5, n_alphas=3, eps=1e-6, **CD_FOREVER))
    report("enet_path", interrupted=hit)

    digits = (rng.random((300, 64)) < 0.3).astype(float)
    for name, make, data in [("BernoulliRBM", rbm.BernoulliRBM, digits),
                             ("GaussianBernoulliRBM", rbm.GaussianBernoulliRBM, X)]:
        # inside the first epoch: 10**12 Gibbs sweeps per update
        est = make(8, k=10**12, random_state=0)
        hit = interrupted(lambda: est.fit(data))
        initial = make(8, n_iter=0, random_state=0).fit(data)
        report(name + " k", interrupted=hit,
               initial=bool(np.array_equal(est.components_, initial.components_)
                            and np.array_equal(est.h_samples_, initial.h_samples_)),
               usable=bool(np.isfinite(est.transform(data)).all()))
        # between epochs: the finished epochs are kept, the same as a fit of that many
        est = make(64, n_iter=10**9, batch_size=5, random_state=0)
        hit = interrupted(lambda: est.fit(data))
        n = est._stream
        ref = make(64, n_iter=n, batch_size=5, random_state=0).fit(data)
        kept = all(np.array_equal(getattr(est, a), getattr(ref, a)) for a in
                   ("components_", "intercept_hidden_", "intercept_visible_", "h_samples_"))
        report(name + " n_iter", interrupted=hit, epochs=n, kept=kept,
               changed=bool(not np.array_equal(est.components_, initial.components_)),
               finite=bool(np.isfinite(est.components_).all()),
               usable=bool(np.isfinite(est.transform(data)).all()
                           and np.isfinite(est.score_samples(data[:20])).all()))
        # a fit after the interrupted one starts afresh, and partial_fit continues
        est.set_params(n_iter=2, k=1)
        est.fit(data)
        again = make(64, n_iter=2, batch_size=5, random_state=0).fit(data)
        refit = bool(np.array_equal(est.components_, again.components_))
        est.partial_fit(data[:10])
        # an interrupted partial_fit leaves the estimator as before the call
        before = est.components_.copy()
        est.set_params(k=10**12)
        hit_pf = interrupted(lambda: est.partial_fit(data[:10]))
        report(name + " refit", refit=refit, interrupted=hit_pf,
               unchanged=bool(np.array_equal(before, est.components_)))

    system = vmc.QuantumDot(2, 2)
    psi = vmc.Gaussian(0.4) * vmc.PadeJastrow()
    d = vmc.VMC(system, psi, vmc.Metropolis(burn_in=10**12), vmc.Adam(0.01), n_samples=400, n_chains=4, seed=1)
    start = d.parameters
    hit = interrupted(lambda: d.optimize(10))
    report("VMC.optimize burn-in", interrupted=hit, n_iter=d.history.n_iter,
           unchanged=bool(np.array_equal(start, d.parameters)))

    d = vmc.VMC(system, psi, vmc.Metropolis(burn_in=10), vmc.Adam(0.01), n_samples=4000, n_chains=4, seed=1)
    seen = []
    hit = interrupted(lambda: d.optimize(10**9, callback=lambda i, e: seen.append(d.parameters)))
    n_iter = d.history.n_iter
    # the parameters of the last completed iteration: a fresh run of as many gets them
    ref = vmc.VMC(system, psi, vmc.Metropolis(burn_in=10), vmc.Adam(0.01), n_samples=4000, n_chains=4, seed=1)
    ref.optimize(n_iter)
    kept = bool(np.array_equal(ref.parameters, d.parameters))
    d.optimize(1)  # still usable
    report("VMC.optimize", interrupted=hit, n_iter=n_iter, callbacks=len(seen), kept=kept)

    d = vmc.VMC(system, psi, vmc.Metropolis(burn_in=10), vmc.Adam(0.01), n_samples=400, n_chains=4, seed=1)
    hit = interrupted(lambda: d.sample(10**8, observables=True))
    report("VMC.sample", interrupted=hit, n_samples=d.last_sample.n_samples if d.last_sample else None)

    d = vmc.VMC(system, psi, vmc.Metropolis(burn_in=10**12), vmc.Adam(0.01), n_samples=400, n_chains=4, seed=1)
    hit = interrupted(lambda: d.sample(400))
    report("VMC.sample burn-in", interrupted=hit, n_samples=d.last_sample.n_samples if d.last_sample else None)

    for method in ("metropolis", "wolff"):
        small = dict(method=method, random_state=1, n_chains=2, thermalization=50)
        before = ising.sample(4, 2.5, 200, **small)
        sent = []
        def send():
            sent.append(time.monotonic())
            os.kill(os.getpid(), signal.SIGINT)
        timer = threading.Timer(0.3, send)
        timer.start()
        hit = False
        try:
            ising.sample(16, 2.0, 100, method=method, random_state=0, n_chains=4, thermalization=10**12)
        except KeyboardInterrupt:
            hit = True
            delay = time.monotonic() - sent[0]
        finally:
            timer.cancel()
        after = ising.sample(4, 2.5, 200, **small)
        report(f"ising.sample {method}", interrupted=hit, delay=delay if hit else None,
               works=bool(np.array_equal(before.spins, after.spins) and np.array_equal(before.energy, after.energy)))
    """
)


@pytest.fixture(scope="module")
def states():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {r["name"]: r for r in map(json.loads, proc.stdout.splitlines())}


@pytest.mark.parametrize("name", ["MLPRegressor", "MLPClassifier", "LogisticRegression", "SGDRegressor"])
def test_an_interrupted_nn_fit_leaves_a_fitted_usable_estimator(states, name):
    s = states[name]
    assert s["interrupted"] and s["fitted"] and s["usable"], s
    assert s["curve"] == s["n_iter"], s  # the finished epochs, counted consistently


def test_an_interrupted_network_fit_keeps_finite_trained_weights(states):
    s = states["Network.fit"]
    assert s["interrupted"] and s["finite"], s


@pytest.mark.parametrize("name", ["Lasso", "ElasticNet", "LassoCV"])
def test_an_interrupted_coordinate_descent_fit_leaves_the_estimator_unfitted(states, name):
    s = states[name]
    assert s["interrupted"] and not s["fitted"], s


def test_an_interrupted_parallel_cv_fit_stops_every_worker_fold(states):
    """LassoCV(n_jobs=2): the main thread's KeyboardInterrupt sets the core's StopFlag,
    so both worker folds (forever-running solves) stop after their current sweep:
    fit raises promptly, leaves the estimator unfitted, and no worker thread keeps
    computing afterwards (no Python thread left, no CPU time spent while idle)."""
    s = states["LassoCV n_jobs=2"]
    assert s["interrupted"] and not s["fitted"], s
    assert s["seconds"] < 1.0, s  # a sweep takes about a millisecond; 1 s leaves room for a loaded machine
    assert s["threads"] == 1 and s["background_cpu"] < 0.1, s


@pytest.mark.parametrize("name", ["lasso_path", "enet_path"])
def test_paths_stop_on_ctrl_c(states, name):
    assert states[name]["interrupted"]


def test_vmc_optimize_stops_in_the_burn_in_keeping_the_parameters(states):
    s = states["VMC.optimize burn-in"]
    assert s["interrupted"] and s["n_iter"] == 0 and s["unchanged"], s


def test_vmc_optimize_keeps_the_completed_iterations(states):
    s = states["VMC.optimize"]
    # the callback of the last completed iteration may itself be what was interrupted
    assert s["interrupted"] and s["callbacks"] > 0 and s["n_iter"] - s["callbacks"] in (0, 1) and s["kept"], s


def test_vmc_sample_keeps_the_samples_drawn_so_far(states):
    s = states["VMC.sample"]
    assert s["interrupted"] and 0 < s["n_samples"] < 10**8, s
    s = states["VMC.sample burn-in"]
    assert s["interrupted"] and s["n_samples"] == 0, s


@pytest.mark.parametrize("method", ["metropolis", "wolff"])
def test_ising_sample_stops_promptly_and_leaves_nothing_behind(states, method):
    s = states[f"ising.sample {method}"]
    # a thermalisation of 10**12 sweeps: stopped within one sweep of the next poll
    # (every 20 ms); 3 s leaves room for a loaded machine
    assert s["interrupted"] and s["delay"] < 3.0, s
    # the next call samples as if nothing had happened (same seed, same numbers)
    assert s["works"], s


@pytest.mark.parametrize("name", ["BernoulliRBM", "GaussianBernoulliRBM"])
def test_an_rbm_fit_interrupted_inside_the_first_epoch_keeps_the_initial_model(states, name):
    s = states[name + " k"]
    assert s["interrupted"] and s["initial"] and s["usable"], s


@pytest.mark.parametrize("name", ["BernoulliRBM", "GaussianBernoulliRBM"])
def test_an_rbm_fit_interrupted_between_epochs_keeps_the_finished_epochs(states, name):
    s = states[name + " n_iter"]
    # the parameters equal a fresh fit of as many epochs (the unfinished one undone)
    assert s["interrupted"] and s["epochs"] > 0 and s["kept"], s
    assert s["changed"] and s["finite"] and s["usable"], s


@pytest.mark.parametrize("name", ["BernoulliRBM", "GaussianBernoulliRBM"])
def test_an_interrupted_rbm_refits_and_an_interrupted_partial_fit_changes_nothing(states, name):
    s = states[name + " refit"]
    assert s["refit"] and s["interrupted"] and s["unchanged"], s
