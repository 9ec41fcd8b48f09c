"""The worker subprocess of tests/test_fuzz.py: runs one fuzz case at a time.

It is started once per test module, with ``PHYSML_MEMORY_LIMIT`` in its environment and
an address-space limit (``RLIMIT_AS``, set here before anything is allocated), so that an
allocation physml failed to check aborts this process and not the test run. Protocol on
stdin / the original stdout: frames of an 8-byte little-endian length and a pickle.
A request is ``(code, kw, soft)``: ``code`` is a Python expression evaluated with the
names below and ``kw``, with a soft deadline of ``soft`` seconds; the reply describes
the outcome:

* ``("ok", nonfinite)`` — a result; ``nonfinite`` tells whether it holds NaN or infinity;
* ``("raised", class_name, base_names, message)`` — an exception;
* ``("interrupted",)`` — still running at the soft deadline, and stopped by the
  KeyboardInterrupt that the SIGALRM handler raises (physml polls for it in long loops).

A case that neither returns nor stops at the deadline is killed by the test (a hang).
"""

import os
import pickle
import resource
import signal
import struct
import sys
import warnings


def nonfinite(value, depth=0):
    import numpy as np

    if depth > 3:
        return False
    if isinstance(value, (float, np.floating, complex, np.complexfloating)):
        return not np.isfinite(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "fc":
        return not np.isfinite(value).all()
    if isinstance(value, (tuple, list)):
        return any(nonfinite(v, depth + 1) for v in value)
    return False


def main():
    limit = int(os.environ.get("PHYSML_FUZZ_RLIMIT_AS", "0"))
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    reply_to = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the protocol
    requests = sys.stdin.buffer

    import numpy as np

    import physml
    from physml import data, ising, linear, nn, rbm, resampling, vmc

    rng = np.random.default_rng(0)
    X = rng.normal(size=(24, 2))
    y = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.normal(size=24)
    yc = (y > 0).astype(int)
    Xb = (rng.random((24, 6)) > 0.5).astype(float)

    def fit_predict(est, X=X, y=y):
        est.fit(X, y)
        return est.predict(X)

    def fit_transform(est, X=X):
        return est.fit(X).transform(X)

    def run_vmc(system=None, wavefunction=None, sampler=None, optimizer=None, sample=None, optimize=None,
                **kw):
        system = vmc.QuantumDot(2, 2) if system is None else system
        if wavefunction is None:
            wavefunction = vmc.Gaussian() * vmc.PadeJastrow()
        kw = {"n_samples": 200, "n_chains": 2, "seed": 1, **kw}
        if sampler is None:
            sampler = vmc.Metropolis(burn_in=10)
        driver = vmc.VMC(system, wavefunction, sampler, optimizer, **kw)
        history = driver.optimize(**({"n_iter": 2} if optimize is None else optimize))
        result = driver.sample(**({"n_samples": 200} if sample is None else sample))
        return history.energy, result.energy, result.error

    names = dict(np=np, physml=physml, data=data, ising=ising, linear=linear, nn=nn, rbm=rbm,
                 resampling=resampling, vmc=vmc, X=X, y=y, yc=yc, Xb=Xb, fit_predict=fit_predict,
                 fit_transform=fit_transform, run_vmc=run_vmc)

    def alarm(signum, frame):
        raise KeyboardInterrupt("fuzz case soft deadline")

    signal.signal(signal.SIGALRM, alarm)
    while True:
        header = requests.read(8)
        if len(header) < 8:
            return
        code, kw, soft = pickle.loads(requests.read(struct.unpack("<Q", header)[0]))
        try:
            signal.setitimer(signal.ITIMER_REAL, soft)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = eval(code, dict(names), {"kw": kw})
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            outcome = ("ok", nonfinite(result))
        except KeyboardInterrupt:
            outcome = ("interrupted",)
        except BaseException as e:  # reported to the test, which decides
            outcome = ("raised", type(e).__name__, [c.__name__ for c in type(e).__mro__], str(e)[:2000])
        frame = pickle.dumps(outcome)
        reply_to.write(struct.pack("<Q", len(frame)) + frame)
        reply_to.flush()


if __name__ == "__main__":
    main()
