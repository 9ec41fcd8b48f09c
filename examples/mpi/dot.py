"""Six electrons in a 2-D quantum dot (ω = 1) across MPI ranks.

    mpiexec -n 4 python -m mpi4py dot.py            # or: sbatch slurm.sh

Every rank runs its share of the chains; every iteration all ranks take the same SR
step, and the energies are bit-for-bit those of `python dot.py` (no MPI) with the
same seed and chains. Only rank 0 prints, shows progress and writes files.
A checkpoint is written every CHECKPOINT_EVERY iterations; a job that is
restarted (also on another number of ranks) continues from it.

PHYSML_QUICK=1 runs a short version (tests/test_mpi.py does, on 2 ranks).
"""

import os

from physml import vmc

try:
    from mpi4py import MPI

    comm = MPI.COMM_WORLD if MPI.COMM_WORLD.Get_size() > 1 else None
except ImportError:  # one process without MPI
    comm = None

quick = os.environ.get("PHYSML_QUICK") == "1"
n_iter = 6 if quick else 300
n_samples = 2_000 if quick else 100_000
checkpoint = os.environ.get("PHYSML_CHECKPOINT", "dot.ckpt")
CHECKPOINT_EVERY = 3 if quick else 50

system = vmc.QuantumDot(n_particles=6, dim=2, omega=1.0)  # closed shell, Coulomb
psi = vmc.SlaterDeterminant() * vmc.PadeJastrow(beta=0.5)
rank = 0 if comm is None else comm.Get_rank()

if os.path.exists(checkpoint):
    driver = vmc.VMC.load_checkpoint(checkpoint, comm=comm)
else:
    driver = vmc.VMC(system, psi, vmc.ImportanceSampling(dt=0.05), vmc.SR(learning_rate=0.05),
                     n_samples=n_samples, n_chains=16, seed=2026, comm=comm)

while len(driver.history.energy) < n_iter:
    todo = min(CHECKPOINT_EVERY, n_iter - len(driver.history.energy))
    driver.optimize(todo, progress=not quick)
    driver.save_checkpoint(checkpoint)

result = driver.sample(4 * n_samples)
if rank == 0:
    ranks = 1 if comm is None else comm.Get_size()
    print(f"{ranks} rank(s): E = {result.energy:.5f} +- {result.error:.5f} E_h "
          f"(reference, DMC: 20.1597), acceptance {result.acceptance:.3f}")
