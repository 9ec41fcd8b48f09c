"""NetKet's continuous-space VMC on the benchmark problem of ``bench_vmc.py``: two
electrons in a 2-D harmonic trap (ω = 1) with Coulomb repulsion, trial function
RBM × Padé–Jastrow written as a Flax module with the same parametrisation as physml:

    ln Ψ = −Σ_k (x_k − a_k)²/(2σ²) + Σ_j ln(1 + exp(b_j + Σ_k x_k W_kj/σ²))
           + c r_12/(1 + β r_12),      c = 1 (2-D, antiparallel spins).

Imported only when NetKet is installed.
"""

from __future__ import annotations

import contextlib
import io
import time

import flax.linen as nn
import jax
import jax.numpy as jnp
import netket as nk
import netket.experimental as nkx
import numpy as np

jax.config.update("jax_enable_x64", True)


class RBMPadeJastrow(nn.Module):
    """ln Ψ of the RBM (Ψ = F) times the Padé–Jastrow factor, for 2 particles."""

    n_hidden: int = 4
    sigma2: float = 1.0
    dim: int = 2
    cusp: float | None = 1.0
    init_scale: float = 0.01

    @nn.compact
    def __call__(self, x):
        init = nn.initializers.normal(self.init_scale)
        m = x.shape[-1]
        a = self.param("a", init, (m,), jnp.float64)
        b = self.param("b", init, (self.n_hidden,), jnp.float64)
        w = self.param("W", init, (m, self.n_hidden), jnp.float64)
        u = b + x @ w / self.sigma2
        log_psi = -jnp.sum((x - a) ** 2, axis=-1) / (2 * self.sigma2) + jnp.sum(jax.nn.softplus(u), axis=-1)
        if self.cusp is None:
            return log_psi
        beta = self.param("beta", nn.initializers.constant(1.0), (), jnp.float64)
        r = x.reshape(x.shape[:-1] + (2, self.dim))
        dist = jnp.linalg.norm(r[..., 0, :] - r[..., 1, :], axis=-1)
        return log_psi + self.cusp * dist / (1 + beta * dist)


def _hamiltonian(omega, dim):
    hilbert = nkx.hilbert.Particle(N=2, geometry=nkx.geometry.FreeSpace(d=dim))

    def trap(x):
        return 0.5 * omega**2 * jnp.sum(x**2)

    def coulomb(x):
        r = x.reshape(2, dim)
        return 1.0 / jnp.linalg.norm(r[0] - r[1])

    hamiltonian = (
        nk.operator.KineticEnergy(hilbert, mass=1.0)
        + nk.operator.PotentialEnergy(hilbert, trap)
        + nk.operator.PotentialEnergy(hilbert, coulomb)
    )
    return hilbert, hamiltonian


def _state(hilbert, model, n_samples, n_chains, step_length, seed):
    sampler = nk.sampler.MetropolisGaussian(hilbert, sigma=step_length, n_chains=n_chains, sweep_size=2)
    return nk.vqs.MCState(sampler, model, n_samples=n_samples, n_discard_per_chain=16,
                          seed=seed, sampler_seed=seed + 1)


def sampling_run(n_samples=4096, n_chains=256, step_length=1.0, n_hidden=4, seed=0):
    """A function drawing one batch with NetKet's sampler alone (RBM, no Jastrow),
    compiled and warmed up; it returns the number of Metropolis steps it made.

    One NetKet step moves all particles of one chain at once (Gaussian proposal);
    with ``sweep_size = 2`` each sample costs 2 steps, as a physml sweep of 2
    single-particle moves does. The discarded samples count as steps too.
    """
    hilbert, _ = _hamiltonian(1.0, 2)
    state = _state(hilbert, RBMPadeJastrow(n_hidden=n_hidden, cusp=None, init_scale=0.1),
                   n_samples, n_chains, step_length, seed)
    state.sample().block_until_ready()  # compile
    steps = (n_samples + 16 * n_chains) * 2

    def run():
        state.reset()
        state.sample().block_until_ready()
        return steps

    return run


def time_to_accuracy(target=3.01, n_samples=4096, n_chains=16, learning_rate=0.02, n_hidden=4,
                     max_iter=2000, seed=0):
    """Adam on RBM × Padé–Jastrow from a small random RBM until the iteration's energy
    estimate is <= ``target``. Returns (seconds incl. JIT compilation, seconds after the
    first iteration, iterations, final estimate) or None if not reached."""
    hilbert, hamiltonian = _hamiltonian(1.0, 2)
    state = _state(hilbert, RBMPadeJastrow(n_hidden=n_hidden), n_samples, n_chains, 1.0, seed)
    driver = nk.driver.VMC(hamiltonian, nk.optimizer.Adam(learning_rate=learning_rate), variational_state=state)
    found = {}
    t0 = time.perf_counter()

    def callback(step, log, _driver):
        now = time.perf_counter()
        if step == 0:
            found["t_first"] = now
        energy = float(np.real(log["Energy"].mean))
        if energy <= target:
            found.update(time=now - t0, steady=now - found["t_first"], iters=step + 1, energy=energy)
            return False
        return True

    with contextlib.redirect_stdout(io.StringIO()):  # NetKet prints why it stopped
        driver.run(n_iter=max_iter, callback=callback, show_progress=False)
    if "time" not in found:
        return None
    return found["time"], found["steady"], found["iters"], found["energy"]
