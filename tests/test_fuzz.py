"""Property-based fuzzing of every public constructor, fit, predict and VMC set-up
(issue 12), in a worker subprocess that a bad allocation cannot take down.

For each entry point one parameter at a time gets an adversarial value — huge and
negative sizes (integers beyond 2**63 and 2**64 included), 0, NaN and infinity, wrong
types, bools where numbers are expected, empty, ragged and wrongly shaped sequences —
while the others keep working values, and the entry point is run on small data. The
property: a finite result, or a ValueError/TypeError whose message names the parameter,
or (for a value that is valid but asks for a long computation) a prompt stop at the
soft deadline's Ctrl-C. Never an InternalError (a Rust panic), a crash of the worker
(a segfault, an abort on a failed allocation under RLIMIT_AS), a hang, a MemoryError,
an OverflowError, another exception class, or a NaN or infinite result.

The data entry points get adversarial arrays for X and y instead; there the property
is only a clean ValueError/TypeError (scikit-learn's messages for inconsistent lengths
name no parameter).

The worker (tests/_fuzz_worker.py) runs with PHYSML_MEMORY_LIMIT = 200 MB and an
address-space limit of 3 GiB, and is started once for the module. The hypothesis
profile is fixed (derandomize=True, bounded max_examples) so the run is deterministic.
"""

import inspect
import os
import pickle
import select
import struct
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from physml import data, ising, linear, nn, rbm, resampling, vmc

MEMORY_LIMIT = 200 * 10**6
ADDRESS_SPACE = 3 * 2**30
SOFT_SECONDS = 0.5  # a case still running then gets Ctrl-C (SIGALRM -> KeyboardInterrupt)
HARD_SECONDS = 30.0  # a case that has not stopped by then hangs: the worker is killed
WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_fuzz_worker.py")


class Worker:
    def __init__(self):
        self.proc = None

    def start(self):
        env = dict(os.environ, PHYSML_MEMORY_LIMIT=str(MEMORY_LIMIT),
                   PHYSML_FUZZ_RLIMIT_AS=str(ADDRESS_SPACE),
                   RAYON_NUM_THREADS="2", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        self.proc = subprocess.Popen([sys.executable, WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env)

    def stop(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc = None

    def _read(self, n, deadline):
        chunks, got = [], 0
        fd = self.proc.stdout.fileno()
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, n - got)
            if not chunk:
                return b""
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def run(self, code, kw, soft=SOFT_SECONDS):
        """The outcome tuple of tests/_fuzz_worker.py, or ("crashed", returncode) / ("hung",)."""
        if self.proc is None:
            self.start()
        frame = pickle.dumps((code, kw, soft))
        try:
            self.proc.stdin.write(struct.pack("<Q", len(frame)) + frame)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        deadline = time.monotonic() + soft + HARD_SECONDS
        header = self._read(8, deadline)
        if header:
            body = self._read(struct.unpack("<Q", header)[0], deadline)
            if body:
                return pickle.loads(body)
            header = body
        if header is None:
            self.stop()
            return ("hung",)
        returncode = self.proc.wait()
        self.stop()
        return ("crashed", returncode)


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    yield w
    w.stop()


# --- adversarial values -------------------------------------------------------------

HUGE = [2**31, 2**32 + 1, 2**53 + 1, 2**62, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**100, 10**9, 10**12, 10**18]
NEGATIVE = [-1, -2, -(2**31), -(2**63), -(2**63) - 1, -(2**64), -(10**30)]
ints = st.one_of(st.sampled_from(HUGE + NEGATIVE + [0, 1, 2]), st.integers(-3, 40))
floats = st.one_of(
    st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 0.0, 5e-324, 1e-300, 1e300, -1e300,
                     0.5, -0.5, 1.5, 1e20]),
    st.floats(-10, 10, allow_nan=False, width=64),
)
numpy_scalars = st.sampled_from([np.int64(2**62), np.int64(-1), np.uint64(2**64 - 1), np.int8(-3), np.float64("nan"),
                                 np.float32("inf"), np.float64(0.5), np.bool_(True), np.int64(0), np.float16(3)])
others = st.sampled_from([None, True, False, "", "3", "auto", "nonsense", b"2", 1 + 1j, [], (), {}, object(),
                          np.array([]), np.array([1.0, 2.0]), np.zeros((2, 2)), np.array("x")])
sequences = st.lists(st.one_of(ints, floats, st.sampled_from([None, True, "a"])), max_size=3)
adversarial = st.one_of(ints, ints, floats, numpy_scalars, others, sequences, sequences.map(tuple))

shapes = st.sampled_from([(0,), (0, 2), (24, 0), (24,), (24, 2), (24, 3), (1, 2), (3, 2), (24, 1), (2, 24),
                          (24, 2, 1), ()])
arrays = st.one_of(
    st.tuples(shapes, st.sampled_from(["float64", "float32", "int64", "bool", "complex128", "U2", "object",
                                       "nan", "inf", "huge"]))
    .map(lambda c: make_array(*c)),
    st.sampled_from([None, 3.0, "X", [[1.0, 2.0], [3.0]], [[]], [], [[np.nan, 1.0]] * 24]),
)


def make_array(shape, kind):
    x = np.random.default_rng(len(shape)).normal(size=shape)
    if kind == "nan" and x.size:
        x.flat[x.size // 2] = np.nan
    elif kind == "inf" and x.size:
        x.flat[0] = np.inf
    elif kind == "huge":
        x = x * 1e300
    elif kind == "U2":
        x = x.astype(str).astype("U2")
    elif kind == "object":
        x = x.astype(object)
    elif kind not in ("nan", "inf"):
        x = x.astype(kind)
    return x


# --- the entry points -----------------------------------------------------------------
# (id, the callable whose parameters are fuzzed, the expression run, working values,
#  parameters left alone)

def estimator(module, cls, expr="fit_predict({})", **base):
    return (f"{module}.{cls}", getattr(globals()[module], cls), expr.format(f"{module}.{cls}(**kw)"), base, ())


REGRESSORS = ["LinearRegression", "Ridge", "RidgeCV", "ElasticNet", "Lasso", "ElasticNetCV", "LassoCV"]
SMALL_MLP = dict(hidden_layer_sizes=(4,), max_iter=20)
PARAMETER_CASES = [
    *(estimator("linear", name) for name in REGRESSORS),
    ("linear.lasso_path", linear.lasso_path, "linear.lasso_path(X, y, **kw)", {}, ("X", "y")),
    ("linear.enet_path", linear.enet_path, "linear.enet_path(X, y, **kw)", {}, ("X", "y")),
    estimator("nn", "MLPRegressor", **SMALL_MLP),
    estimator("nn", "MLPClassifier", "fit_predict({}, y=yc)", **SMALL_MLP),
    estimator("nn", "LogisticRegression", "fit_predict({}, y=yc)", max_iter=50),
    estimator("nn", "SGDRegressor", max_iter=50),
    ("nn.Network", nn.Network, "nn.Network(**kw).forward(X)", dict(layer_sizes=[2, 4, 1]), ()),
    estimator("data", "PolynomialFeatures", "fit_transform({})"),
    estimator("data", "StandardScaler", "fit_transform({})"),
    ("data.design_matrix", data.design_matrix, "data.design_matrix(X[:, 0], X[:, 1], **kw)", dict(degree=2),
     ("x", "y")),
    ("data.n_design_columns", data.n_design_columns, "data.n_design_columns(**kw)", dict(degree=2), ()),
    ("data.make_franke", data.make_franke, "data.make_franke(**kw)", dict(n_samples=30), ()),
    ("data.make_runge", data.make_runge, "data.make_runge(**kw)", dict(n_samples=30), ()),
    ("data.train_test_split", data.train_test_split, "data.train_test_split(X, y, **kw)", {}, ("arrays",)),
    estimator("rbm", "BernoulliRBM", "fit_transform({}, X=Xb)", n_components=4, n_iter=2),
    estimator("rbm", "GaussianBernoulliRBM", "fit_transform({})", n_components=4, n_iter=2),
    ("ising.sample", ising.sample, "ising.sample(**kw).energy",
     dict(L=4, T=2.0, n_samples=20, n_chains=2, thermalization=10), ()),
    ("ising.exact", ising.exact, "ising.exact(**kw)", dict(L=2, T=2.0), ()),
    ("ising.onsager_energy", ising.onsager_energy, "ising.onsager_energy(**kw)", dict(T=2.0), ()),
    ("resampling.bootstrap_indices", resampling.bootstrap_indices, "resampling.bootstrap_indices(**kw)",
     dict(n_samples=24, n_bootstraps=3), ()),
    ("resampling.kfold_indices", resampling.kfold_indices, "resampling.kfold_indices(**kw)", dict(n_samples=24),
     ()),
    ("resampling.KFold", resampling.KFold, "list(resampling.KFold(**kw).split(X))", {}, ()),
    ("resampling.bootstrap", resampling.bootstrap,
     "resampling.bootstrap(linear.LinearRegression(), X, y, X, **kw).predictions", dict(n_bootstraps=3),
     ("estimator", "X_train", "y_train", "X_test", "y_test")),
    ("resampling.cross_val_mse", resampling.cross_val_mse,
     "resampling.cross_val_mse(linear.LinearRegression(), X, y, **kw)", {}, ("estimator", "X", "y")),
    ("vmc.QuantumDot", vmc.QuantumDot, "run_vmc(system=vmc.QuantumDot(**kw))", {}, ()),
    ("vmc.BoseGas", vmc.BoseGas, "run_vmc(system=vmc.BoseGas(**kw), wavefunction=vmc.Gaussian())",
     dict(n_particles=2), ()),
    ("vmc.Gaussian", vmc.Gaussian, "run_vmc(wavefunction=vmc.Gaussian(**kw))", {}, ()),
    ("vmc.PadeJastrow", vmc.PadeJastrow, "run_vmc(wavefunction=vmc.Gaussian() * vmc.PadeJastrow(**kw))", {}, ()),
    ("vmc.RBM", vmc.RBM, "run_vmc(wavefunction=vmc.RBM(**kw))", dict(n_hidden=2), ()),
    ("vmc.SlaterDeterminant", vmc.SlaterDeterminant,
     "run_vmc(wavefunction=vmc.SlaterDeterminant(**kw) * vmc.PadeJastrow())", {}, ()),
    ("vmc.HardSphereJastrow", vmc.HardSphereJastrow,
     "run_vmc(system=vmc.BoseGas(2, radius=0.0043), wavefunction=vmc.Gaussian() * vmc.HardSphereJastrow(**kw))",
     {}, ()),
    ("vmc.NeuralJastrow", vmc.NeuralJastrow, "run_vmc(wavefunction=vmc.Gaussian() * vmc.NeuralJastrow(**kw))",
     dict(hidden_layer_sizes=(3,), rho_hidden_layer_sizes=(3,)), ()),
    ("vmc.Metropolis", vmc.Metropolis, "run_vmc(sampler=vmc.Metropolis(**kw))", dict(burn_in=10), ()),
    ("vmc.ImportanceSampling", vmc.ImportanceSampling, "run_vmc(sampler=vmc.ImportanceSampling(**kw))",
     dict(burn_in=10), ()),
    ("vmc.Gibbs", vmc.Gibbs, "run_vmc(sampler=vmc.Gibbs(**kw), wavefunction=vmc.RBM(2, sqrt=True))",
     dict(burn_in=10), ()),
    ("vmc.SGD", vmc.SGD, "run_vmc(optimizer=vmc.SGD(**kw))", {}, ()),
    ("vmc.Adam", vmc.Adam, "run_vmc(optimizer=vmc.Adam(**kw))", {}, ()),
    ("vmc.SR", vmc.SR, "run_vmc(optimizer=vmc.SR(**kw))", {}, ()),
    ("vmc.VMC", vmc.VMC, "run_vmc(**kw)", {}, ()),
    ("vmc.VMC.optimize", vmc.VMC.optimize, "run_vmc(optimize=kw)", dict(n_iter=2), ("self",)),
    ("vmc.VMC.sample", vmc.VMC.sample, "run_vmc(sample=kw)", dict(n_samples=200), ("self",)),
]


def fuzzed_parameters(func, skip):
    skip = set(skip)
    return [p.name for p in inspect.signature(func).parameters.values()
            if p.name not in skip and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


DATA_CASES = [
    *((f"linear.{name}", f"fit_predict(linear.{name}(), **kw)") for name in REGRESSORS),
    ("nn.MLPRegressor", "fit_predict(nn.MLPRegressor(hidden_layer_sizes=(4,), max_iter=5), **kw)"),
    ("nn.MLPClassifier", "fit_predict(nn.MLPClassifier(hidden_layer_sizes=(4,), max_iter=5), **kw)"),
    ("nn.LogisticRegression", "fit_predict(nn.LogisticRegression(max_iter=20), **kw)"),
    ("nn.SGDRegressor", "fit_predict(nn.SGDRegressor(max_iter=20), **kw)"),
    ("data.PolynomialFeatures", "fit_transform(data.PolynomialFeatures(), **kw)"),
    ("data.StandardScaler", "fit_transform(data.StandardScaler(), **kw)"),
    ("rbm.BernoulliRBM", "fit_transform(rbm.BernoulliRBM(4, n_iter=2), **kw)"),
    ("linear.lasso_path", "linear.lasso_path(**kw)"),
    ("nn.Network", "nn.Network([2, 3, 1]).forward(**kw)"),
]

ALLOWED = ("ValueError", "TypeError")  # NotFittedError, PhysmlError checked by class name below
FORBIDDEN = ("InternalError", "MemoryError", "OverflowError")

# no shrinking: a failing example is reported as drawn (deterministic, and a hang is not
# re-run dozens of times)
PROFILE = settings(max_examples=80, derandomize=True, deadline=None, database=None,
                   phases=[Phase.explicit, Phase.generate], report_multiple_bugs=False,
                   suppress_health_check=list(HealthCheck))


def describe(code, kw, outcome):
    return f"{code} with kw={kw!r}: {outcome!r}"


# Errors that rightly name another parameter: a QuantumDot of more than one electron per
# spin needs a SlaterDeterminant in the wave function (the message names wavefunction).
# A GaussianBernoulliRBM of tiny sigma diverges; the message says to lower learning_rate.
# A Network whose input layer is not X's width: "X has 2 features but the network expects".
ALSO_NAMED = {"vmc.QuantumDot": ("wavefunction",), "rbm.GaussianBernoulliRBM": ("learning_rate",),
              "nn.Network": ("X has",)}


def check_outcome(code, kw, outcome, name=None, also=()):
    what = describe(code, kw, outcome)
    kind = outcome[0]
    assert kind not in ("crashed", "hung"), what
    if kind == "ok":
        assert not outcome[1], "silent NaN or infinity in the result: " + what
        return
    if kind == "interrupted":
        return  # a valid request for a long computation, stopped promptly by Ctrl-C
    _, cls, bases, message = outcome
    assert not set(bases) & set(FORBIDDEN), what
    if cls == "PhysmlError":
        return  # the core's documented failure of a computation (divergence, singular system)
    assert set(bases) & set(ALLOWED), what
    if name is not None:
        assert any(n in message for n in (name, *also)), f"the message does not name {name!r}: " + what


@pytest.mark.parametrize("case", PARAMETER_CASES, ids=[c[0] for c in PARAMETER_CASES])
@PROFILE
@given(draw=st.data())
def test_adversarial_parameters_fail_cleanly(worker, case, draw):
    case_id, func, code, base, skip = case
    name = draw.draw(st.sampled_from(fuzzed_parameters(func, skip)), label="parameter")
    value = draw.draw(adversarial, label="value")
    kw = {**base, name: value}
    check_outcome(code, kw, worker.run(code, kw), name, ALSO_NAMED.get(case_id, ()))


@pytest.mark.parametrize("case", DATA_CASES, ids=[c[0] for c in DATA_CASES])
@PROFILE
@given(draw=st.data())
def test_adversarial_data_fail_cleanly(worker, case, draw):
    _, code = case
    kw = {"X": draw.draw(arrays, label="X")}
    if "forward" not in code and "fit_transform" not in code:
        kw["y"] = draw.draw(st.one_of(arrays, st.just(np.zeros(24))), label="y")
    check_outcome(code, kw, worker.run(code, kw))


@pytest.mark.parametrize("case", PARAMETER_CASES, ids=[c[0] for c in PARAMETER_CASES])
def test_the_working_values_work(worker, case):
    """The baseline of each case runs (so the fuzzing above perturbs something that works)."""
    _, func, code, base, skip = case
    outcome = worker.run(code, base, soft=60.0)
    assert outcome == ("ok", False), describe(code, base, outcome)


def test_the_worker_survives_what_it_is_there_for(worker):
    """A crash, a failed allocation beyond RLIMIT_AS and a hang are reported, not fatal."""
    assert worker.run("__import__('os').abort()", {})[0] == "crashed"
    outcome = worker.run("np.ones(2**33)", {})  # 64 GB: beyond the address-space limit
    assert outcome[0] == "raised" and outcome[1] == "MemoryError"
    assert worker.run("__import__('time').sleep(60)", {}) == ("interrupted",)
    assert worker.run("1 + 1", {}) == ("ok", False)


# What the fuzzer found (each fixed in its own commit), replayed through the worker.
REGRESSIONS = [
    # (expression, kw, exception class, words of the message)
    ("run_vmc(system=vmc.QuantumDot(2**31))", {}, "ValueError", "n_particles must be small enough to fit in memory"),
    ("run_vmc(wavefunction=vmc.Gaussian() * vmc.NeuralJastrow(hidden_layer_sizes=2**31))", {}, "ValueError",
     "hidden_layer_sizes must be small enough to fit in memory"),
    ("fit_transform(rbm.GaussianBernoulliRBM(4, batch_size=2**31))", {}, "ValueError",
     "batch_size must be small enough to fit in memory"),
    ("fit_predict(nn.MLPRegressor(hidden_layer_sizes=2**64))", {}, "ValueError", "hidden_layer_sizes must be a 64-bit"),
    ("nn.Network([2, 3, 2**64])", {}, "ValueError", "layer_sizes must be a 64-bit"),
    ("ising.exact(2**100, 2.0)", {}, "ValueError", "L must be an even integer"),
    ("fit_predict(nn.LogisticRegression(C=5e-324), y=yc)", {}, "ValueError", "C must be >="),
    ("nn.Network(2**31)", {}, "TypeError", "layer_sizes must be a sequence"),
    ("nn.Network([2, 1], activations=4.0)", {}, "TypeError", "activations must be a name"),
    ("nn.Network([2, 1], init_std=np.ones(2))", {}, "TypeError", "init_std"),
    ("fit_predict(nn.MLPClassifier(hidden_layer_sizes=0.5), y=yc)", {}, "TypeError", "hidden_layer_sizes"),
    ("fit_predict(nn.LogisticRegression(penalty=np.ones(2)), y=yc)", {}, "ValueError", "penalty must be"),
    ("fit_predict(nn.SGDRegressor(penalty=np.ones(0)))", {}, "ValueError", "penalty must be"),
    ("fit_predict(nn.MLPClassifier(nesterovs_momentum=np.ones(2), solver='sgd'), y=yc)", {}, "TypeError",
     "nesterovs_momentum must be True or False"),
    ("fit_predict(nn.MLPRegressor(verbose=np.ones(2)))", {}, "TypeError", "verbose must be True or False"),
    ("ising.onsager_energy('')", {}, "TypeError", "T must be real numbers"),
    ("resampling.cross_val_mse(linear.LinearRegression(), X, y, cv=2**31)", {}, "ValueError", "cv"),
    ("resampling.cross_val_mse(linear.LinearRegression(), X, y, cv=40)", {}, "ValueError", "cv: n_splits"),
    ("fit_predict(linear.RidgeCV(cv=[0.5, 1.0]))", {}, "TypeError", "cv must give (train, test) pairs"),
    ("fit_predict(linear.RidgeCV(cv=np.zeros((2, 2))))", {}, "TypeError", "cv must give (train, test) pairs"),
    ("fit_predict(linear.Ridge(solver=np.ones(2)))", {}, "ValueError", "solver must be one of"),
    ("fit_predict(linear.ElasticNet(selection=np.ones(0)))", {}, "ValueError", "selection"),
    ("fit_predict(linear.Lasso(warm_start=np.ones(0)))", {}, "TypeError", "warm_start must be True or False"),
    ("linear.enet_path(X, y, coef_init=[-1.0, -1e300])", {}, "ValueError", "coef_init is too large"),
    ("linear.enet_path(X, y, return_n_iter=np.ones(0))", {}, "TypeError", "return_n_iter must be True or False"),
    ("fit_predict(linear.ElasticNetCV(l1_ratio=(5e-324,)))", {}, "ValueError", "l1_ratio = 5e-324 is too small"),
    ("data.n_design_columns(2, n_variables=np.ones(0))", {}, "TypeError", "n_variables must be an integer"),
    ("run_vmc(optimize={'n_iter': 2, 'callback': 3})", {}, "TypeError", "callback must be callable"),
    ("run_vmc(optimize={'n_iter': 2, 'progress': np.ones(2)})", {}, "TypeError", "progress must be True or False"),
    ("run_vmc(sample={'observables': np.ones(2)})", {}, "TypeError", "observables must be True or False"),
    ("vmc.NeuralJastrow(spin_dependent=np.ones(0))", {}, "TypeError", "spin_dependent must be True or False"),
    ("vmc.RBM(sqrt=np.ones(2))", {}, "TypeError", "sqrt must be True or False"),
    ("vmc.SlaterDeterminant(omega=5e-324)", {}, "ValueError", "omega must be > 0 with a finite 1/omega"),
    ("vmc.QuantumDot(interaction=np.ones(2))", {}, "ValueError", "interaction must be"),
    ("ising.sample(4, 2.0, 10, method=np.ones(2))", {}, "ValueError", "method must be"),
    ("fit_predict(linear.RidgeCV(gcv_mode=np.ones(2)))", {}, "ValueError", "gcv_mode must be"),
    ("fit_predict(nn.SGDRegressor(verbose=np.ones(2)))", {}, "TypeError", "verbose must be True or False"),
    ("fit_predict(nn.SGDRegressor(shuffle=np.ones(2)))", {}, "TypeError", "shuffle must be True or False"),
    ("fit_predict(nn.LogisticRegression(warm_start=np.ones(2)), y=yc)", {}, "TypeError",
     "warm_start must be True or False"),
    ("fit_predict(nn.MLPRegressor(early_stopping=np.ones(2)))", {}, "TypeError",
     "early_stopping must be True or False"),
    ("fit_predict(nn.MLPClassifier(warm_start=np.ones(2)), y=yc)", {}, "TypeError", "warm_start must be True or False"),
]


@pytest.mark.parametrize("code, kw, cls, words", REGRESSIONS, ids=[r[0][:60] for r in REGRESSIONS])
def test_what_the_fuzzer_found_stays_fixed(worker, code, kw, cls, words):
    outcome = worker.run(code, kw, soft=30.0)
    assert outcome[:2] == ("raised", cls) and words in outcome[3], describe(code, kw, outcome)


def test_tiny_temperatures_give_the_ground_state_energy_not_nan(worker):
    outcome = worker.run("ising.onsager_energy(np.array([4e-223, 1e-5, 0.1]))", {})
    assert outcome == ("ok", False)
    from physml import ising as local

    np.testing.assert_allclose(local.onsager_energy([4e-223, 1e-5, 0.1]), -2.0, rtol=1e-12)
