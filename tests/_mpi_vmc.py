"""A short VMC run for tests/test_mpi.py, with or without MPI.

    python _mpi_vmc.py MODE OUT [CHECKPOINT]

MODE is "serial" (no communicator), "mpi" (MPI.COMM_WORLD), "save" (MPI: optimise,
checkpoint, continue), "resume" (load CHECKPOINT on MPI.COMM_WORLD, or on no
communicator with "resume-serial", and continue), "fail-callback" (a callback raising
on rank 0), "fail-rank1" (rank 1's sampling raising) or "interrupt-sample" (Ctrl-C
on rank 1 during `sample`). Rank 0 pickles its figures
to OUT.
"""

import pickle
import sys

import numpy as np

from physml import vmc

mode, out = sys.argv[1], sys.argv[2]
comm = None
if mode != "serial" and mode != "resume-serial":
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
rank = 0 if comm is None else comm.Get_rank()

system = vmc.QuantumDot(n_particles=2, dim=2, omega=1.0)
psi = vmc.RBM(n_hidden=2, random_state=0) * vmc.PadeJastrow(beta=0.5)


def figures(driver, sample=True):
    h = driver.history
    out = {"energy": h.energy, "error": h.error, "variance": h.variance, "acceptance": h.acceptance,
           "gradient_norm": h.gradient_norm, "parameters": driver.parameters}
    if sample:
        s = driver.sample(400, bins=6)
        out.update({"sample_" + name: getattr(s, name) for name in (
            "energy", "error", "variance", "acceptance", "local_energies", "radial_density",
            "density_2d", "pair_distribution", "mean_distance", "radial_density_error",
            "pair_distribution_error")})
    return {k: np.asarray(v) for k, v in out.items()}


def make(optimizer):
    return vmc.VMC(system, psi, vmc.Metropolis(1.0), optimizer, n_samples=300, n_chains=4, seed=3, comm=comm)


results = {}
if mode in ("serial", "mpi"):
    for name, optimizer in [("adam", vmc.Adam(0.02)), ("sr", vmc.SR(0.05, solver="dense")),
                            ("sr_cg", vmc.SR(0.05, solver="cg"))]:
        driver = make(optimizer)
        driver.optimize(3)
        results[name] = figures(driver)
elif mode == "save":
    driver = make(vmc.Adam(0.02))
    driver.optimize(2)
    driver.save_checkpoint(sys.argv[3])
    driver.optimize(2)
    results["continued"] = figures(driver, sample=False)
elif mode in ("resume", "resume-serial"):
    driver = vmc.VMC.load_checkpoint(sys.argv[3], comm=comm)
    driver.optimize(2)
    results["continued"] = figures(driver, sample=False)
elif mode == "fail-callback":
    driver = make(vmc.Adam(0.02))

    def callback(iteration, energy):
        if iteration == 1:
            raise ValueError("callback failed on rank 0")

    driver.optimize(5, callback=callback)
elif mode == "fail-rank1":
    driver = make(vmc.Adam(0.02))

    class Failing:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def local_step(self):
            raise FloatingPointError("sampling failed on rank 1")

    if rank == 1:
        driver._driver = Failing(driver._driver)
    driver.optimize(3)
elif mode == "interrupt-sample":
    # Ctrl-C on rank 1 during `sample`: both ranks stop after the same chunk, keep
    # the same last_sample, rank 1 raises KeyboardInterrupt, rank 0 a PhysmlError
    import os
    import signal

    from physml import PhysmlError

    driver = make(vmc.Adam(0.02))

    class Interrupted:
        def __init__(self, inner):
            self.inner = inner

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def local_sample(self, *args):
            *head, sync = args

            def interrupting(*a):
                os.kill(os.getpid(), signal.SIGINT)
                return sync(*a)

            return self.inner.local_sample(*head, interrupting)

    if rank == 1:
        driver._driver = Interrupted(driver._driver)
    try:
        driver.sample(400, bins=6)
        raised = None
    except KeyboardInterrupt:
        raised = "KeyboardInterrupt"
    except PhysmlError as exc:
        raised = str(exc)
    s = driver.last_sample
    mine = {"raised": raised, "energy": s.energy, "local_energies": s.local_energies,
            "radial_density": s.radial_density, "n_samples": s.n_samples}
    results = dict(enumerate(comm.gather(mine, root=0) or []))
    if rank == 1:
        driver._driver = driver._driver.inner
    driver.sample(400, bins=6)  # the driver stays usable on every rank
elif mode == "uncaught":
    # an exception outside physml on rank 1 while rank 0 waits in a collective:
    # `python -m mpi4py` aborts the job instead of hanging
    if rank == 1:
        raise KeyError("raised outside physml on rank 1")
    make(vmc.Adam(0.02)).optimize(3)

if rank == 0:
    with open(out, "wb") as f:
        pickle.dump(results, f)
