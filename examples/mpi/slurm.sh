#!/bin/bash
# A Slurm job running examples/mpi/dot.py on 4 MPI ranks (2 nodes x 2 tasks), each
# rank with 8 threads for its chains. Submit with `sbatch slurm.sh`; a resubmitted
# job continues from dot.ckpt (written every 50 iterations).
#SBATCH --job-name=physml-dot
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --output=dot-%j.out

set -euo pipefail
# An environment with physml[mpi]; on a cluster, prefer mpi4py built against the
# site's MPI (module load openmpi; pip install --no-binary mpi4py mpi4py physml).
source "$HOME/venvs/physml/bin/activate"

# threads per rank: one rayon thread per allocated core
export RAYON_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}

# `python -m mpi4py` aborts every rank if one dies of an uncaught exception
# (physml itself ends all ranks on errors inside optimize/sample)
mpiexec -n "${SLURM_NTASKS:-4}" python -m mpi4py dot.py
