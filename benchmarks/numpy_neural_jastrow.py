"""A NumPy implementation of VMC with a pair neural-network Jastrow factor, written
for ``bench_neural_jastrow.py`` as the peer physml is timed against (and as an
independent check of physml's local energy).

Trial function, for N particles in d dimensions (Hartree atomic units):

    ln Ψ(x) = −α Σ_i r_i² + Σ_{i<j} u(q(r_ij)),      q(r) = r²/(1 + r),

with u a feed-forward network 1 → hidden (tanh) → 1 (linear) — physml's
``Gaussian(alpha) * NeuralJastrow(form="pair")``. Single-particle Metropolis moves
x_k → x_k + ℓ·U(−½, ½)^d re-evaluate the N − 1 pairs of particle k (O(N) per move);
one sweep is N moves, after which the local energy

    E_L = −½(∇² ln Ψ + |∇ ln Ψ|²) + ½ω² Σ_i r_i² + Σ_{i<j} 1/r_ij

is evaluated from forward-mode jets (u, u', u'') of the network in q:

    ∇_k ln Ψ = −2α x_k + Σ_{j≠k} u'(q) q'(r)/r (x_k − x_j),
    ∇² ln Ψ = −2αdN + 2 Σ_{i<j} [u'' q'² + u' q'' + (d − 1) u' q'/r].

Vectorised the way a careful NumPy user writes it: thousands of independent walkers
advanced together, every operation an array operation over the walker axis.
"""

from __future__ import annotations

import numpy as np


class PairNetwork:
    """u(q): a tanh network with weights ``coefs`` [(n_in, n_out), ...] and
    ``intercepts`` [(n_out,), ...], linear output (as physml's ``coefs_``)."""

    def __init__(self, coefs, intercepts):
        self.coefs = [np.asarray(w, dtype=np.float64) for w in coefs]
        self.intercepts = [np.asarray(b, dtype=np.float64) for b in intercepts]

    def value(self, q):
        a = q[..., None]
        last = len(self.coefs) - 1
        for layer, (w, b) in enumerate(zip(self.coefs, self.intercepts)):
            a = a @ w + b
            if layer < last:
                a = np.tanh(a)
        return a[..., 0]

    def jet(self, q):
        """u, du/dq, d²u/dq² at q (any shape)."""
        a = q[..., None]
        da = np.ones_like(a)
        d2a = np.zeros_like(a)
        last = len(self.coefs) - 1
        for layer, (w, b) in enumerate(zip(self.coefs, self.intercepts)):
            z, dz, d2z = a @ w + b, da @ w, d2a @ w
            if layer == last:
                a, da, d2a = z, dz, d2z
            else:
                t = np.tanh(z)
                f1 = 1.0 - t * t
                a, da, d2a = t, f1 * dz, -2.0 * t * f1 * dz * dz + f1 * d2z
        return a[..., 0], da[..., 0], d2a[..., 0]


def feature(r):
    """q = r²/(1 + r), q', q'/r, q''."""
    p = 1.0 + r
    q1_over_r = (2.0 + r) / (p * p)
    return r * r / p, r * q1_over_r, q1_over_r, 2.0 / p**3


class VectorisedNeuralJastrowVMC:
    """Metropolis VMC of Gaussian × pair neural Jastrow over many walkers at once."""

    def __init__(self, network, n_particles, dim, alpha, omega, n_walkers=4096, step_length=1.0,
                 coulomb=True, seed=1):
        self.net, self.n, self.d = network, n_particles, dim
        self.alpha, self.omega, self.step, self.coulomb = alpha, omega, step_length, coulomb
        self.rng = np.random.default_rng(seed)
        self.x = self.rng.standard_normal((n_walkers, n_particles, dim)) / np.sqrt(omega)
        self.iu = np.triu_indices(n_particles, 1)
        self.accepted = 0
        self.proposed = 0

    def _row(self, x, k, pos):
        """Σ_{j≠k} u(q(|pos − x_j|)) per walker."""
        others = np.delete(x, k, axis=1)
        r = np.linalg.norm(pos[:, None, :] - others, axis=-1)
        return self.net.value(feature(r)[0]).sum(axis=1)

    def sweep(self):
        """N single-particle moves per walker."""
        x = self.x
        for k in range(self.n):
            old = x[:, k, :]
            new = old + self.step * (self.rng.random(old.shape) - 0.5)
            d_log = (-self.alpha * (np.sum(new * new, axis=1) - np.sum(old * old, axis=1))
                     + self._row(x, k, new) - self._row(x, k, old))
            accept = np.log(self.rng.random(d_log.shape)) < 2.0 * d_log
            x[accept, k, :] = new[accept]
            self.accepted += int(accept.sum())
            self.proposed += accept.size

    def local_energy(self, x=None):
        """E_L of every walker (or of configurations ``x`` (M, N, d))."""
        x = self.x if x is None else x
        n, d = self.n, self.d
        i, j = self.iu
        diff = x[:, i, :] - x[:, j, :]
        r = np.linalg.norm(diff, axis=-1)
        q, q1, q1_over_r, q2 = feature(r)
        _, u1, u2 = self.net.jet(q)
        pair = (u1 * q1_over_r)[..., None] * diff
        grad = -2.0 * self.alpha * x
        np.add.at(grad, (slice(None), i), pair)
        np.subtract.at(grad, (slice(None), j), pair)
        lap = -2.0 * self.alpha * d * n + 2.0 * np.sum(u2 * q1 * q1 + u1 * q2 + (d - 1) * u1 * q1_over_r, axis=1)
        kinetic = -0.5 * (lap + np.sum(grad * grad, axis=(1, 2)))
        potential = 0.5 * self.omega**2 * np.sum(x * x, axis=(1, 2))
        if self.coulomb:
            potential = potential + np.sum(1.0 / r, axis=1)
        return kinetic + potential

    def sample(self, n_sweeps, burn_in=0):
        """Local energies of ``n_sweeps`` sweeps × n_walkers samples (after ``burn_in``
        sweeps)."""
        for _ in range(burn_in):
            self.sweep()
        energies = []
        for _ in range(n_sweeps):
            self.sweep()
            energies.append(self.local_energy())
        return np.concatenate(energies)
