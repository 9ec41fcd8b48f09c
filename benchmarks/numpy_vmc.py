"""Two NumPy implementations of the same RBM variational Monte Carlo, written for
``bench_vmc.py`` as the peers physml is timed against.

Both sample |Ψ|² for N particles in d dimensions in the harmonic trap
H = Σ_i (−½∇_i² + ½ω²r_i²) + Σ_{i<j} 1/r_ij (Hartree atomic units) with the
Gaussian–binary RBM (Ψ = F, the DESIGN.md convention for Metropolis sampling)

    F(x) = exp(−Σ_k (x_k − a_k)²/(2σ²)) Π_j (1 + exp(u_j)),   u_j = b_j + Σ_k x_k W_kj/σ²,

optionally times the Padé–Jastrow factor exp(Σ_{i<j} c r_ij/(1 + β r_ij)), by
single-particle Metropolis moves x_i → x_i + step·U(−½, ½)^d. One Metropolis step is
one proposed move of one particle; one sweep is N steps, after which the local energy

    E_L = Σ_k −½(∂_k² ln Ψ + (∂_k ln Ψ)²) + ½ω² Σ_k x_k² + Σ_{i<j} 1/r_ij

is evaluated from the analytic derivatives of ln Ψ:

    ∂_k ln F = −(x_k − a_k)/σ² + Σ_j W_kj s(u_j)/σ²,
    ∂_k² ln F = −1/σ² + Σ_j W_kj² s(u_j)(1 − s(u_j))/σ⁴,      s = logistic sigmoid.

``OneWalkerVMC`` is written the way students write it: one walker, one particle moved
at a time, plain Python loops around small NumPy calls, the whole wave function
evaluated before and after each move. ``VectorisedVMC`` is what a careful NumPy user
writes: thousands of independent walkers advanced together, every operation an array
operation over the walker axis.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(u):
    return 0.5 * (1.0 + np.tanh(0.5 * u))


def _softplus(u):
    return np.logaddexp(0.0, u)


class RBMParams:
    """Parameters of the Gaussian–binary RBM (flattened coordinates, M = N·d)."""

    def __init__(self, n_particles, dim, n_hidden, sigma, scale=0.0, seed=0):
        rng = np.random.default_rng(seed)
        m = n_particles * dim
        self.n_particles, self.dim, self.sigma2 = n_particles, dim, sigma**2
        self.a = scale * rng.standard_normal(m)
        self.b = scale * rng.standard_normal(n_hidden)
        self.W = scale * rng.standard_normal((m, n_hidden))


# ---------------------------------------------------------------------------------
# One walker, one particle at a time (student style)
# ---------------------------------------------------------------------------------
class OneWalkerVMC:
    """Student-style RBM VMC: one walker, Python loops, Ψ = F, Coulomb interaction."""

    def __init__(self, params, omega, step_length=1.0, coulomb=True, seed=1):
        self.p = params
        self.omega = omega
        self.step = step_length
        self.coulomb = coulomb
        self.rng = np.random.default_rng(seed)
        self.r = self.rng.uniform(-0.5, 0.5, (params.n_particles, params.dim))

    def wavefunction(self, r):
        p = self.p
        x = r.ravel()
        gauss = np.exp(-np.sum((x - p.a) ** 2) / (2 * p.sigma2))
        prod = 1.0
        for j in range(len(p.b)):
            prod *= 1.0 + np.exp(p.b[j] + np.dot(x, p.W[:, j]) / p.sigma2)
        return gauss * prod

    def local_energy(self, r):
        p = self.p
        x = r.ravel()
        u = p.b + x @ p.W / p.sigma2
        s = _sigmoid(u)
        kinetic = 0.0
        for k in range(len(x)):
            grad = -(x[k] - p.a[k]) / p.sigma2 + np.dot(p.W[k], s) / p.sigma2
            lap = -1.0 / p.sigma2 + np.dot(p.W[k] ** 2, s * (1 - s)) / p.sigma2**2
            kinetic += -0.5 * (lap + grad**2)
        potential = 0.5 * self.omega**2 * np.sum(x**2)
        if self.coulomb:
            n = r.shape[0]
            for i in range(n):
                for j in range(i + 1, n):
                    potential += 1.0 / np.linalg.norm(r[i] - r[j])
        return kinetic + potential

    def run(self, n_sweeps):
        """n_sweeps sweeps (N single-particle steps each); returns (energies, acceptance)."""
        energies = np.empty(n_sweeps)
        accepted = 0
        psi_old = self.wavefunction(self.r)
        for sweep in range(n_sweeps):
            for i in range(self.p.n_particles):
                trial = self.r.copy()
                trial[i] += self.step * (self.rng.random(self.p.dim) - 0.5)
                psi_new = self.wavefunction(trial)
                if self.rng.random() <= psi_new**2 / psi_old**2:
                    self.r = trial
                    psi_old = psi_new
                    accepted += 1
            energies[sweep] = self.local_energy(self.r)
        return energies, accepted / (n_sweeps * self.p.n_particles)


# ---------------------------------------------------------------------------------
# Thousands of walkers at once
# ---------------------------------------------------------------------------------
class VectorisedVMC:
    """RBM (× optional Padé–Jastrow) VMC vectorised over ``n_walkers`` walkers.

    ``jastrow_c`` is the cusp coefficient c of exp(Σ_{i<j} c r_ij/(1 + β r_ij)) (None:
    no Jastrow factor); β is ``jastrow_beta`` and is optimised with the RBM.
    """

    def __init__(self, params, omega, n_walkers=4096, step_length=1.0, coulomb=True,
                 jastrow_c=None, jastrow_beta=1.0, seed=1):
        self.p = params
        self.omega = omega
        self.step = step_length
        self.coulomb = coulomb
        self.jastrow_c = jastrow_c
        self.beta = jastrow_beta
        self.rng = np.random.default_rng(seed)
        n, d = params.n_particles, params.dim
        self.r = self.rng.uniform(-0.5, 0.5, (n_walkers, n, d))
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.pi = np.array([i for i, _ in pairs], dtype=int)
        self.pj = np.array([j for _, j in pairs], dtype=int)

    # ln Ψ for all walkers ---------------------------------------------------------
    def log_psi(self, r):
        p = self.p
        x = r.reshape(r.shape[0], -1)
        u = p.b + x @ p.W / p.sigma2
        value = -np.sum((x - p.a) ** 2, axis=1) / (2 * p.sigma2) + _softplus(u).sum(axis=1)
        if self.jastrow_c is not None and len(self.pi):
            dist = np.linalg.norm(r[:, self.pi] - r[:, self.pj], axis=2)
            value += np.sum(self.jastrow_c * dist / (1 + self.beta * dist), axis=1)
        return value

    def _jastrow_terms(self, r):
        """Per-walker gradient (W, N, d) and Laplacian sum of the Jastrow exponent."""
        grad = np.zeros_like(r)
        lap = np.zeros(r.shape[0])
        if self.jastrow_c is None or not len(self.pi):
            return grad, lap
        c, beta, d = self.jastrow_c, self.beta, r.shape[2]
        diff = r[:, self.pi] - r[:, self.pj]
        dist = np.linalg.norm(diff, axis=2)
        du = c / (1 + beta * dist) ** 2
        d2u = -2 * c * beta / (1 + beta * dist) ** 3
        g = (du / dist)[..., None] * diff
        for k, (i, j) in enumerate(zip(self.pi, self.pj)):
            grad[:, i] += g[:, k]
            grad[:, j] -= g[:, k]
        lap = 2 * np.sum(d2u + (d - 1) * du / dist, axis=1)
        return grad, lap

    def local_energy(self, r):
        p = self.p
        w = r.shape[0]
        x = r.reshape(w, -1)
        s = _sigmoid(p.b + x @ p.W / p.sigma2)
        grad = (-(x - p.a) + s @ p.W.T) / p.sigma2
        lap = -x.shape[1] / p.sigma2 + (s * (1 - s)) @ np.sum(p.W**2, axis=0) / p.sigma2**2
        jgrad, jlap = self._jastrow_terms(r)
        grad = grad + jgrad.reshape(w, -1)
        lap = lap + jlap
        energy = -0.5 * (lap + np.sum(grad**2, axis=1)) + 0.5 * self.omega**2 * np.sum(x**2, axis=1)
        if self.coulomb and len(self.pi):
            energy += np.sum(1.0 / np.linalg.norm(r[:, self.pi] - r[:, self.pj], axis=2), axis=1)
        return energy

    def sweep(self):
        """One sweep: every particle of every walker proposed once. Returns acceptances."""
        n, d = self.p.n_particles, self.p.dim
        w = self.r.shape[0]
        accepted = 0
        log_old = self.log_psi(self.r)
        for i in range(n):
            trial = self.r.copy()
            trial[:, i] += self.step * (self.rng.random((w, d)) - 0.5)
            log_new = self.log_psi(trial)
            accept = self.rng.random(w) <= np.exp(2 * (log_new - log_old))
            self.r[accept] = trial[accept]
            log_old = np.where(accept, log_new, log_old)
            accepted += int(accept.sum())
        return accepted

    def run(self, n_sweeps):
        """n_sweeps sweeps; returns (local energies (n_sweeps, W), acceptance)."""
        energies = np.empty((n_sweeps, self.r.shape[0]))
        accepted = 0
        for t in range(n_sweeps):
            accepted += self.sweep()
            energies[t] = self.local_energy(self.r)
        return energies, accepted / (n_sweeps * self.r.shape[0] * self.p.n_particles)

    # optimisation ------------------------------------------------------------------
    def log_derivatives(self, r):
        """O = ∂ ln Ψ/∂θ for θ = (a, b, W, β) (β only with the Jastrow factor)."""
        p = self.p
        w = r.shape[0]
        x = r.reshape(w, -1)
        s = _sigmoid(p.b + x @ p.W / p.sigma2)
        blocks = [(x - p.a) / p.sigma2, s, (x[:, :, None] * s[:, None, :]).reshape(w, -1) / p.sigma2]
        if self.jastrow_c is not None:
            dist = np.linalg.norm(r[:, self.pi] - r[:, self.pj], axis=2)
            blocks.append(np.sum(-self.jastrow_c * dist**2 / (1 + self.beta * dist) ** 2, axis=1)[:, None])
        return np.concatenate(blocks, axis=1)

    def _theta(self):
        parts = [self.p.a, self.p.b, self.p.W.ravel()]
        if self.jastrow_c is not None:
            parts.append([self.beta])
        return np.concatenate(parts)

    def _set_theta(self, theta):
        m, h = self.p.W.shape
        self.p.a = theta[:m].copy()
        self.p.b = theta[m:m + h].copy()
        self.p.W = theta[m + h:m + h + m * h].reshape(m, h).copy()
        if self.jastrow_c is not None:
            self.beta = float(theta[-1])

    def optimize(self, n_iter, sweeps_per_iter, learning_rate=0.02, burn_in=20, target=None):
        """Adam on the energy gradient 2(⟨E_L O⟩ − ⟨E_L⟩⟨O⟩).

        Returns the per-iteration mean energies; stops early at the first iteration
        whose mean energy is <= ``target`` when one is given.
        """
        theta = self._theta()
        m1 = np.zeros_like(theta)
        m2 = np.zeros_like(theta)
        b1, b2, eps = 0.9, 0.999, 1e-8
        history = []
        for _ in range(burn_in):
            self.sweep()
        for t in range(1, n_iter + 1):
            e_sum = 0.0
            o_sum = np.zeros_like(theta)
            eo_sum = np.zeros_like(theta)
            count = 0
            for _ in range(sweeps_per_iter):
                self.sweep()
                e = self.local_energy(self.r)
                o = self.log_derivatives(self.r)
                e_sum += e.sum()
                o_sum += o.sum(axis=0)
                eo_sum += e @ o
                count += len(e)
            energy = e_sum / count
            history.append(energy)
            if target is not None and energy <= target:
                break
            grad = 2 * (eo_sum / count - energy * o_sum / count)
            m1 = b1 * m1 + (1 - b1) * grad
            m2 = b2 * m2 + (1 - b2) * grad**2
            theta = theta - learning_rate * (m1 / (1 - b1**t)) / (np.sqrt(m2 / (1 - b2**t)) + eps)
            self._set_theta(theta)
        return np.array(history)
