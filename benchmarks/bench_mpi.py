"""VMC on 2 MPI ranks x 1 thread against 1 process x 2 threads, and the cost of the
per-iteration communication.

    python benchmarks/bench_mpi.py [--samples 20000] [--iters 6]

Problem: N = 6 electrons in a 2-D quantum dot (ω = 1), Slater determinant x
Padé-Jastrow (2 parameters), and, for a larger parameter vector, N = 6 distinguishable (Boltzmann) particles with
an RBM of 24 hidden units (P = 24 + 12 + 288 = 324) under dense SR and under
conjugate-gradient SR (distributed S·v). Importance sampling, 16 chains,
``--samples`` samples per iteration.

Figures (each the median over ``--iters`` iterations after one warm-up):
  1. Metropolis steps per second and seconds per SR iteration, both ways, and the
     ratio (target: 2 ranks within 10% of 2 threads);
  2. the numbers: the two runs' energies must be identical (==);
  3. with 2 ranks, the bytes gathered per iteration, the time spent in the
     collective (which includes waiting for the slower rank), and the pure
     communication time of an Allgatherv of the same bytes after a barrier, to
     check the scaling model of docs/mpi.md;
  4. one exchange of 160 kB and of 2 MB: pickled ``allgather`` against buffer
     ``Allgatherv``.
The machine may be shared: report its load with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


class TimedComm:
    """A communicator that times its allgather calls (pickled and buffer) and
    counts the bytes of their arrays."""

    def __init__(self, comm):
        self.comm, self.seconds, self.bytes, self.calls = comm, 0.0, 0, 0

    def __getattr__(self, name):
        return getattr(self.comm, name)

    def _timed(self, call, recv):
        t0 = time.perf_counter()
        call()
        self.seconds += time.perf_counter() - t0
        self.calls += 1
        self.bytes += recv.nbytes

    def Allgatherv(self, send, recv):
        self._timed(lambda: self.comm.Allgatherv(send, recv), recv[0])

    def Allgather(self, send, recv):
        self._timed(lambda: self.comm.Allgather(send, recv), recv)

    def allgather(self, value):
        t0 = time.perf_counter()
        out = self.comm.allgather(value)
        self.seconds += time.perf_counter() - t0
        self.calls += 1
        payload = value[1] if isinstance(value, tuple) and len(value) == 2 else value
        if isinstance(payload, np.ndarray):
            self.bytes += payload.nbytes * self.comm.Get_size()
        return out


def problems():
    from physml import vmc

    return {
        "electrons N=6 (P=2)": (vmc.QuantumDot(6, 2, 1.0),
                                vmc.SlaterDeterminant() * vmc.PadeJastrow(beta=0.5)),
        "distinguishable N=6 RBM (P=324)": (vmc.QuantumDot(6, 2, 1.0, statistics="boltzmann"),
                                   vmc.RBM(n_hidden=24, random_state=0)),
        "distinguishable N=6 RBM (P=324), CG": (vmc.QuantumDot(6, 2, 1.0, statistics="boltzmann"),
                                       vmc.RBM(n_hidden=24, random_state=0)),
    }


def exchange_times(comm, total_bytes, repeats=40) -> dict:
    """Median seconds of one exchange of ``total_bytes`` over all ranks: a pickled
    ``allgather`` of arrays against a buffer ``Allgatherv`` (after a barrier)."""
    size = comm.Get_size()
    local = np.random.default_rng(comm.Get_rank()).random(int(total_bytes / 8 / size))
    out = np.empty(local.size * size)
    counts = [local.size] * size
    displs = [i * local.size for i in range(size)]
    times = {"pickle": [], "buffer": []}
    for _ in range(repeats):
        comm.Barrier()
        t0 = time.perf_counter()
        comm.allgather((None, local))
        times["pickle"].append(time.perf_counter() - t0)
        comm.Barrier()
        t0 = time.perf_counter()
        comm.Allgatherv(local, [out, (counts, displs)])
        times["buffer"].append(time.perf_counter() - t0)
    return {k: float(np.median(v)) for k, v in times.items()}


def worker(args) -> dict:
    from physml import vmc

    comm = None
    if args.mode == "mpi":
        from mpi4py import MPI

        comm = TimedComm(MPI.COMM_WORLD)
    out = {}
    for name, (system, psi) in problems().items():
        if args.only is not None and args.only not in name:
            continue
        solver = "cg" if name.endswith("CG") else "dense"
        driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.05, burn_in=20), vmc.SR(0.02, solver=solver),
                         n_samples=args.samples, n_chains=16, seed=5, comm=comm)
        driver.optimize(1)  # warm-up: walkers placed, burn-in
        if comm is not None:
            comm.seconds, comm.bytes, comm.calls = 0.0, 0, 0
        times = []
        for _ in range(args.iters):
            t0 = time.perf_counter()
            driver.optimize(1)
            times.append(time.perf_counter() - t0)
        per_iter = float(np.median(times))
        steps = (args.samples + 16 * 20) * system.n_particles  # samples + burn-in, N moves a sweep
        entry = {"seconds_per_iteration": per_iter, "steps_per_second": steps / per_iter,
                 "energies": [float(e) for e in driver.history.energy]}
        if comm is not None:
            entry["collective_seconds_per_iteration"] = comm.seconds / args.iters
            entry["bytes_per_iteration"] = comm.bytes / args.iters
            entry["exchanges_per_iteration"] = comm.calls / args.iters
            # pure communication: the same bytes after a barrier, one buffer Allgatherv
            entry["pure_allgather_seconds"] = exchange_times(comm.comm, entry["bytes_per_iteration"], 20)["buffer"]
        out[name] = entry
    if comm is not None:
        out["exchange"] = {str(n): exchange_times(comm.comm, n) for n in (160e3, 2e6)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--iters", type=int, default=6)
    parser.add_argument("--only", default=None, help="run only the problems whose name contains this (e.g. CG)")
    parser.add_argument("--mode", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode is not None:
        result = worker(args)
        rank = 0
        if args.mode == "mpi":
            from mpi4py import MPI

            rank = MPI.COMM_WORLD.Get_rank()
        if rank == 0:
            Path(args.out).write_text(json.dumps(result))
        return

    mpiexec = Path(sys.executable).parent / "mpiexec"
    mpiexec = str(mpiexec) if mpiexec.exists() else shutil.which("mpiexec")
    if mpiexec is None:
        sys.exit("no mpiexec: pip install 'physml[mpi]'")
    here = os.path.abspath(__file__)
    common = ["--samples", str(args.samples), "--iters", str(args.iters)]
    if args.only is not None:
        common += ["--only", args.only]
    with tempfile.TemporaryDirectory() as tmp:
        threads_out, ranks_out = os.path.join(tmp, "threads.json"), os.path.join(tmp, "ranks.json")
        subprocess.run([sys.executable, here, "--mode", "serial", "--out", threads_out, *common],
                       env=dict(os.environ, RAYON_NUM_THREADS="2"), check=True)
        subprocess.run([mpiexec, "-n", "2", sys.executable, here, "--mode", "mpi", "--out", ranks_out, *common],
                       env=dict(os.environ, RAYON_NUM_THREADS="1"), check=True)
        threads, ranks = json.loads(Path(threads_out).read_text()), json.loads(Path(ranks_out).read_text())
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{args.samples} samples per iteration, 16 chains, dense SR")
    for name in threads:
        t, r = threads[name], ranks[name]
        solver = "CG" if name.endswith("CG") else "dense SR"
        print(f"\n{name}")
        print(f"  1 rank x 2 threads: {t['steps_per_second']:.3e} steps/s, {t['seconds_per_iteration'] * 1e3:.1f} ms/iteration")
        print(f"  2 ranks x 1 thread: {r['steps_per_second']:.3e} steps/s, {r['seconds_per_iteration'] * 1e3:.1f} ms/iteration")
        print(f"  ratio (2 ranks / 2 threads, steps/s): {r['steps_per_second'] / t['steps_per_second']:.3f}")
        print(f"  energies identical: {t['energies'] == r['energies']}")
        print(f"  {solver}: gathered per iteration: {r['bytes_per_iteration'] / 1e3:.1f} kB in "
              f"{r['exchanges_per_iteration']:.0f} collectives (buffers, metadata, CG products); there "
              f"{r['collective_seconds_per_iteration'] * 1e3:.2f} ms/iteration (with waiting); "
              f"pure Allgatherv of those bytes at once {r['pure_allgather_seconds'] * 1e3:.3f} ms")
    print("\none exchange over 2 ranks (median, after a barrier): pickled allgather vs buffer Allgatherv")
    for n, t in ranks["exchange"].items():
        print(f"  {float(n) / 1e3:.0f} kB: pickle {t['pickle'] * 1e3:.3f} ms, buffer {t['buffer'] * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
