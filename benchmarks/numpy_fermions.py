"""A walker-vectorised NumPy VMC for closed-shell 2-D quantum dots, written for
``bench_fermions.py`` as the peer physml's Slater-determinant VMC is timed against.

    python benchmarks/numpy_fermions.py --check     # validation (about 15 s)
    python benchmarks/numpy_fermions.py --profile 20 --walkers 1024   # where the time goes

System (Hartree atomic units): N electrons in a 2-D harmonic trap,

    H = Σ_i (−½∇_i² + ½ω²r_i²) + Σ_{i<j} 1/r_ij,

particles 0 … N/2−1 spin up, the rest spin down. Trial function

    Ψ = D_↑ · D_↓ · exp(Σ_{i<j} a_ij u(r_ij)),   u(r) = r/(1 + βr),

a_ij = 1 for antiparallel and 1/3 for parallel spins (the 2-D cusp conditions). The
determinants hold the 2-D oscillator orbitals

    φ_{nx,ny}(x, y) = H_nx(√α x) H_ny(√α y) exp(−α(x² + y²)/2)

(physicists' Hermite polynomials, unnormalised) filled shell by shell: shell k = nx + ny
holds k + 1 orbitals, N = 2, 6, 12, 20, 30 fill 1 … 5 shells, and each orbital takes one
up and one down electron. With α = ω and no Jastrow factor and no Coulomb term Ψ is the
exact non-interacting ground state, E = ω·{2, 10, 28, 60, 110}.

Sampling: W walkers advance together. One Metropolis step proposes one particle k of
every walker, r_k' = r_k + ℓ(u − ½) with u uniform in [0, 1)², and accepts with
|Ψ'/Ψ|² = R² exp(2ΔJ). One sweep is N steps (k = 0 … N−1); one sample is one sweep
followed by the local energy of every walker. Per step:

  * the determinant ratio from the inverse, R = Σ_j φ_j(r_k') D⁻¹_jk, with
    D_ij = φ_j(r_i) the matrix of the moved particle's spin;
  * the Jastrow ratio ΔJ = Σ_j a_kj [u(|r_k' − r_j|) − u(r_kj)] from the cached pair
    distances and pair terms a_ij u(r_ij), whose row and column k are replaced on
    acceptance;
  * Sherman–Morrison for the accepted walkers: with S_i = Σ_j φ_j(r_k') D⁻¹_ji
    (S_k = R), D⁻¹' = D⁻¹ − D⁻¹_{:,k} (S − e_k)ᵀ / R, O(n²) per accepted move.
The inverses are recomputed from scratch (batched ``np.linalg.inv``) every
``recompute_every`` sweeps. ``update="inverse"`` replaces Sherman–Morrison by a fresh
inverse of the accepted walkers' matrices after every step (the O(n³) baseline).

Local energy, from the analytic derivatives (d = 2):

    ∇_k ln D  = Σ_j ∇φ_j(r_k) D⁻¹_jk,         ∇²_k D / D = Σ_j ∇²φ_j(r_k) D⁻¹_jk,
    ∇_k J     = Σ_{j≠k} a_kj u'(r_kj) (r_k − r_j)/r_kj,
    ∇²_k J    = Σ_{j≠k} a_kj [u''(r_kj) + (d − 1) u'(r_kj)/r_kj],
    u' = 1/(1 + βr)²,  u'' = −2β/(1 + βr)³,
    E_L = −½ Σ_k [∇²_k D/D + ∇²_k J + |∇_k J|² + 2 ∇_k ln D · ∇_k J] + V,

which is −½ Σ_k [∇²_k ln Ψ + |∇_k ln Ψ|²] + V with ∇² ln D = ∇²D/D − |∇ ln D|².

The only Python loop in a sweep is over the particles k; everything inside is an array
operation over the W walkers.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

CUSP_ANTIPARALLEL = 1.0  # 1/(d − 1) in 2-D
CUSP_PARALLEL = 1.0 / 3.0  # 1/(d + 1) in 2-D
CLOSED_SHELLS = {2: 1, 6: 2, 12: 3, 20: 4, 30: 5}
NONINTERACTING_ENERGY = {2: 2.0, 6: 10.0, 12: 28.0, 20: 60.0, 30: 110.0}  # in units of ω
DMC_N6_OMEGA1 = 20.15932  # Høgberget (2013): the lowest a variational energy may go


def shell_orbitals(n_particles):
    """Quantum numbers (nx, ny) of the N/2 orbitals of a closed 2-D shell, shell by shell."""
    if n_particles not in CLOSED_SHELLS:
        raise ValueError(f"n_particles must fill closed 2-D shells {sorted(CLOSED_SHELLS)}, got {n_particles}")
    pairs = [(nx, k - nx) for k in range(CLOSED_SHELLS[n_particles]) for nx in range(k, -1, -1)]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def hermite_table(t, n_max):
    """H_0(t) … H_{n_max}(t) stacked on a new first axis (H_{n+1} = 2t H_n − 2n H_{n−1}).

    The order axis comes first so that every operation runs over whole (W, …) slabs:
    NumPy is several times slower on a short last axis."""
    table = np.empty((n_max + 1,) + t.shape)
    table[0] = 1.0
    if n_max >= 1:
        np.multiply(2.0, t, out=table[1])
    for n in range(1, n_max):
        np.multiply(table[1], table[n], out=table[n + 1])
        table[n + 1] -= 2.0 * n * table[n - 1]
    return table


def cusp_matrix(n_particles):
    """a_ij: 1/3 for parallel spins, 1 for antiparallel, 0 on the diagonal."""
    half = n_particles // 2
    spin = np.arange(n_particles) >= half
    a = np.where(spin[:, None] == spin[None, :], CUSP_PARALLEL, CUSP_ANTIPARALLEL)
    np.fill_diagonal(a, 0.0)
    return a


class FermionVMC:
    """Slater–Jastrow VMC of a closed-shell 2-D quantum dot, vectorised over walkers.

    Parameters: ``alpha`` the orbital frequency (default ω), ``beta`` the Padé–Jastrow
    β, ``jastrow=False`` drops the Jastrow factor, ``coulomb=False`` the interaction,
    ``recompute_every`` the sweeps between from-scratch inverses, ``update`` "sm"
    (Sherman–Morrison) or "inverse" (a fresh inverse after every accepted step).
    """

    def __init__(self, n_particles, omega=1.0, alpha=None, beta=0.5, jastrow=True, coulomb=True,
                 n_walkers=4096, step_length=1.0, recompute_every=100, update="sm", seed=1):
        if update not in ("sm", "inverse"):
            raise ValueError(f"update must be 'sm' or 'inverse', got {update!r}")
        self.nx, self.ny = shell_orbitals(n_particles)
        self.n_particles = n_particles
        self.n_orbitals = n_particles // 2
        self.n_max = int(max(self.nx.max(), self.ny.max()))
        self.omega = omega
        self.alpha = omega if alpha is None else alpha
        self.beta = beta
        self.jastrow = jastrow
        self.coulomb = coulomb
        self.step = step_length
        self.recompute_every = recompute_every
        self.update = update
        self.rng = np.random.default_rng(seed)
        self.a = cusp_matrix(n_particles)
        self.n_walkers = n_walkers
        radius = np.sqrt(CLOSED_SHELLS[n_particles] / self.alpha)
        self.r = self.rng.normal(scale=radius, size=(n_walkers, n_particles, 2))
        self._sweeps_since_recompute = 0
        self.recompute()

    # orbitals ---------------------------------------------------------------------
    def orbitals(self, pos):
        """φ_j(pos) for pos (..., 2): shape (..., n)."""
        s = np.sqrt(self.alpha)
        hx = hermite_table(s * pos[..., 0], self.n_max)
        hy = hermite_table(s * pos[..., 1], self.n_max)
        gauss = np.exp(-0.5 * self.alpha * (pos[..., 0] ** 2 + pos[..., 1] ** 2))
        return np.ascontiguousarray(np.moveaxis(hx[self.nx] * hy[self.ny] * gauss, 0, -1))

    def _factor_tables(self, t):
        """A_n, A'_n, A''_n on a new first axis, with f_n(x) = H_n(√α x) e^{−αx²/2} =
        A_n e^{−αx²/2}, f_n' = A'_n e^{−αx²/2}, f_n'' = A''_n e^{−αx²/2}; t = √α x:
        A' = √α(2n H_{n−1} − t H_n), A'' = α(4n(n−1) H_{n−2} − 4nt H_{n−1} + (t² − 1) H_n)."""
        h = hermite_table(t, self.n_max)
        d1 = -t * h
        d2 = (t * t - 1) * h
        for n in range(1, self.n_max + 1):
            d1[n] += 2 * n * h[n - 1]
            d2[n] -= 4 * n * t * h[n - 1]
            if n >= 2:
                d2[n] += 4 * n * (n - 1) * h[n - 2]
        d1 *= np.sqrt(self.alpha)
        d2 *= self.alpha
        return h, d1, d2

    def slater_derivatives(self, pos, inv_rows):
        """∇_k ln D = Σ_j ∇φ_j(r_k) D⁻¹_jk (..., 2) and ∇²_k D/D = Σ_j ∇²φ_j(r_k) D⁻¹_jk
        (...,) at pos (..., 2), inv_rows[..., j] = D⁻¹_jk. With φ_j = A_nx(x) A_ny(y) g
        (g the Gaussian): ∂_x φ_j = A'_nx A_ny g, ∇²φ_j = (A''_nx A_ny + A_nx A''_ny) g;
        g is common to the orbitals, so it multiplies the sums once."""
        s = np.sqrt(self.alpha)
        ax, ax1, ax2 = (t[self.nx] for t in self._factor_tables(s * pos[..., 0]))  # (n, ...)
        ay, ay1, ay2 = (t[self.ny] for t in self._factor_tables(s * pos[..., 1]))
        gauss = np.exp(-0.5 * self.alpha * (pos[..., 0] ** 2 + pos[..., 1] ** 2))
        inv_j = np.ascontiguousarray(np.moveaxis(inv_rows, -1, 0))
        by = ay * inv_j  # A_ny D⁻¹, orbital axis first
        bx = ax * inv_j
        grad = np.empty(pos.shape)
        np.multiply(np.sum(ax1 * by, axis=0), gauss, out=grad[..., 0])
        np.multiply(np.sum(ay1 * bx, axis=0), gauss, out=grad[..., 1])
        ax2 *= by
        ay2 *= bx
        ax2 += ay2
        lap = np.sum(ax2, axis=0) * gauss
        return grad, lap

    # state --------------------------------------------------------------------------
    def slater_matrices(self, r):
        """D[s, w, i, j] = φ_j(r_{s·n + i}) for the two spins s: shape (2, W, n, n)."""
        n = self.n_orbitals
        return self.orbitals(r).reshape(r.shape[0], 2, n, n).swapaxes(0, 1)

    def recompute(self):
        """Inverses, pair distances and pair terms from scratch.

        ``self.inv_t[s, w, k, j] = D⁻¹[s, w, j, k]``: row k is the column of D⁻¹ that the
        ratio and the derivatives of particle k read, contiguous in memory, and each
        spin's (W, n, n) block is contiguous for the masked Sherman–Morrison update."""
        d = self.slater_matrices(self.r)
        self.inv_t = np.ascontiguousarray(np.linalg.inv(d).swapaxes(-1, -2))
        if self.update == "inverse":
            self.d = np.ascontiguousarray(d)
        diff = self.r[:, :, None, :] - self.r[:, None, :, :]
        self.dist = np.sqrt(np.sum(diff * diff, axis=-1))
        self.pair = self.a * self.dist / (1.0 + self.beta * self.dist)
        self._sweeps_since_recompute = 0

    def log_psi(self, r):
        """ln|Ψ| of configurations r (M, N, 2) by direct determinants (for checks)."""
        value = np.linalg.slogdet(self.slater_matrices(r))[1].sum(axis=0)
        if self.jastrow:
            dist = np.linalg.norm(r[:, :, None, :] - r[:, None, :, :], axis=-1)
            value += 0.5 * np.sum(self.a * dist / (1.0 + self.beta * dist), axis=(1, 2))
        return value

    # sampling -----------------------------------------------------------------------
    def step_ratio(self, k, new):
        """(R, ΔJ, φ(new), new distances) of moving particle k to new (W, 2)."""
        spin, row = divmod(k, self.n_orbitals)
        phi = self.orbitals(new)
        ratio = np.einsum("wj,wj->w", phi, self.inv_t[spin, :, row])
        dist = None
        delta_j = 0.0
        if self.jastrow or self.coulomb:
            dx = new[:, 0, None] - self.r[:, :, 0]
            dy = new[:, 1, None] - self.r[:, :, 1]
            dx *= dx
            dy *= dy
            dx += dy
            dist = np.sqrt(dx, out=dx)
            dist[:, k] = 0.0
        if self.jastrow:
            pair = self.beta * dist
            pair += 1.0
            np.divide(dist, pair, out=pair)
            pair *= self.a[k]
            delta_j = pair.sum(axis=1) - self.pair[:, k].sum(axis=1)
            dist = (dist, pair)
        return ratio, delta_j, phi, dist

    def _accept(self, k, accept, new, ratio, phi, dist):
        """Masked updates over all walkers (np.copyto with where=, and a Sherman–Morrison
        coefficient of 0 for the rejected): cheaper in NumPy than gathering the accepted
        walkers' rows and matrices and scattering them back."""
        spin, row = divmod(k, self.n_orbitals)
        mask = accept[:, None]
        np.copyto(self.r[:, k], new, where=mask)
        if dist is not None:
            if self.jastrow:
                dist, pair = dist
                np.copyto(self.pair[:, k], pair, where=mask)
                self.pair[:, :, k] = self.pair[:, k]
            np.copyto(self.dist[:, k], dist, where=mask)
            self.dist[:, :, k] = self.dist[:, k]
        inv_t = self.inv_t[spin]
        if self.update == "inverse":
            idx = np.flatnonzero(accept)
            self.d[spin, idx, row] = phi[idx]
            inv_t[idx] = np.linalg.inv(self.d[spin, idx]).swapaxes(-1, -2)
            return
        # Sherman–Morrison, masked: in the transposed storage B = D⁻ᵀ,
        # B' = B − c (S − e_k) ⊗ B_k with S = B φ(r_k'), c = 1/R if accepted, else 0.
        s = np.matmul(inv_t, phi[:, :, None])[:, :, 0]
        s[:, row] -= 1.0
        s *= np.divide(1.0, ratio, out=np.zeros_like(ratio), where=accept)[:, None]
        inv_t -= np.einsum("wi,wj->wij", s, inv_t[:, row])

    def sweep(self):
        """N Metropolis steps (each particle of every walker proposed once); returns the
        number of accepted steps."""
        w = self.n_walkers
        uniforms = self.rng.random((self.n_particles, w, 3))
        accepted = 0
        for k in range(self.n_particles):
            new = self.r[:, k] + self.step * (uniforms[k, :, :2] - 0.5)
            ratio, delta_j, phi, dist = self.step_ratio(k, new)
            accept = uniforms[k, :, 2] < ratio * ratio * np.exp(2.0 * delta_j)
            self._accept(k, accept, new, ratio, phi, dist)
            accepted += int(np.count_nonzero(accept))
        self._sweeps_since_recompute += 1
        if self._sweeps_since_recompute >= self.recompute_every:
            self.recompute()
        return accepted

    # local energy -------------------------------------------------------------------
    def log_psi_derivatives(self):
        """(∇ ln D (W, N, 2), ∇²D/D (W, N), ∇J (W, N, 2), ∇²J (W, N), 1/r_ij (W, N, N)
        with a zero diagonal, or None without Jastrow and Coulomb) at self.r."""
        w, n_p = self.n_walkers, self.n_particles
        inv_rows = self.inv_t.swapaxes(0, 1).reshape(w, n_p, self.n_orbitals)
        grad_d, lap_d = self.slater_derivatives(self.r, inv_rows)
        if not (self.jastrow or self.coulomb):
            return grad_d, lap_d, 0.0, 0.0, None
        inv_dist = self.dist + np.eye(n_p)
        np.reciprocal(inv_dist, out=inv_dist)
        np.einsum("wkk->wk", inv_dist)[...] = 0.0
        if not self.jastrow:
            return grad_d, lap_d, 0.0, 0.0, inv_dist
        # ∇_k J = Σ_j c_kj (r_k − r_j) = r_k Σ_j c_kj − (c r)_k with c = a u'(r)/r;
        # ∇²_k J = Σ_j a [u'' + (d − 1)u'/r] = Σ_j a u' (1/r − 2βq), q = 1/(1 + βr), d = 2
        q = self.beta * self.dist
        q += 1.0
        np.reciprocal(q, out=q)
        du = q * q
        du *= self.a
        c = du * inv_dist
        grad_j = self.r * c.sum(axis=2)[..., None] - c @ self.r
        q *= -2.0 * self.beta
        q += inv_dist
        q *= du
        lap_j = q.sum(axis=2)
        return grad_d, lap_d, grad_j, lap_j, inv_dist

    def local_energy(self):
        """E_L of every walker (W,)."""
        grad_d, lap_d, grad_j, lap_j, inv_dist = self.log_psi_derivatives()
        kinetic = lap_d + lap_j + np.sum(grad_j * (grad_j + 2.0 * grad_d), axis=2)
        energy = -0.5 * kinetic.sum(axis=1) + 0.5 * self.omega**2 * np.sum(self.r * self.r, axis=(1, 2))
        if self.coulomb:
            energy += 0.5 * inv_dist.sum(axis=(1, 2))
        return energy

    def potential(self):
        """V of every walker (W,), for checks."""
        v = 0.5 * self.omega**2 * np.sum(self.r * self.r, axis=(1, 2))
        if self.coulomb:
            iu = np.triu_indices(self.n_particles, 1)
            v += np.sum(1.0 / self.dist[:, iu[0], iu[1]], axis=1)
        return v

    def run(self, n_sweeps):
        """n_sweeps samples; returns (local energies (n_sweeps, W), acceptance)."""
        energies = np.empty((n_sweeps, self.n_walkers))
        accepted = 0
        for t in range(n_sweeps):
            accepted += self.sweep()
            energies[t] = self.local_energy()
        return energies, accepted / (n_sweeps * self.n_walkers * self.n_particles)


# ---------------------------------------------------------------------------------
# self-check
# ---------------------------------------------------------------------------------
def blocking_error(series):
    """Standard error of the mean of a correlated series by blocking (Flyvbjerg and
    Petersen): the largest error over block sizes with at least 32 blocks."""
    x = np.asarray(series, dtype=float)
    best = x.std(ddof=1) / np.sqrt(len(x))
    while len(x) >= 64:
        x = 0.5 * (x[: len(x) // 2 * 2 : 2] + x[1 : len(x) // 2 * 2 : 2])
        best = max(best, x.std(ddof=1) / np.sqrt(len(x)))
    return best


def check_noninteracting(omega=1.0, n_walkers=256, n_sweeps=20):
    print(f"non-interacting closed shells, alpha = omega = {omega} (no Jastrow, no Coulomb): E = omega*{{2,10,28,60,110}}")
    ok = True
    for n in CLOSED_SHELLS:
        vmc = FermionVMC(n, omega=omega, jastrow=False, coulomb=False, n_walkers=n_walkers, seed=n)
        e, acc = vmc.run(n_sweeps)
        exact = NONINTERACTING_ENERGY[n] * omega
        dev = np.max(np.abs(e - exact))
        good = dev < 1e-8 * exact
        ok &= good
        print(f"   N = {n:2d}: E = {e.mean():.12f} (exact {exact:g}), max |E_L - exact| = {dev:.1e}, "
              f"acceptance {acc:.2f}  {'ok' if good else 'FAIL'}")
    return ok


def check_derivatives(n=12, n_walkers=8):
    """Ratio, Sherman–Morrison, gradient, Laplacian and E_L against direct determinants."""
    print(f"derivatives against np.linalg.det and finite differences (N = {n}, alpha = 0.9, beta = 0.5):")
    vmc = FermionVMC(n, omega=1.0, alpha=0.9, beta=0.5, n_walkers=n_walkers, step_length=0.8, seed=7)
    for _ in range(30):
        vmc.sweep()  # 30 sweeps of Sherman–Morrison updates since the last recompute
    ok = True

    fresh = np.linalg.inv(vmc.slater_matrices(vmc.r)).swapaxes(-1, -2)
    err = np.max(np.abs(vmc.inv_t - fresh)) / np.max(np.abs(fresh))
    ok &= err < 1e-9
    print(f"   Sherman-Morrison inverse after 30 sweeps vs np.linalg.inv: rel. error {err:.1e}")

    k = n // 2 + 1
    new = vmc.r[:, k] + 0.3
    ratio, delta_j, _, _ = vmc.step_ratio(k, new)
    moved = vmc.r.copy()
    moved[:, k] = new
    det_old = np.linalg.det(vmc.slater_matrices(vmc.r))
    det_new = np.linalg.det(vmc.slater_matrices(moved))
    direct = np.prod(det_new / det_old, axis=0)
    direct_j = (vmc.log_psi(moved) - np.log(np.abs(np.prod(det_new, axis=0)))
                - vmc.log_psi(vmc.r) + np.log(np.abs(np.prod(det_old, axis=0))))
    err_r = np.max(np.abs(ratio - direct) / np.abs(direct))
    err_j = np.max(np.abs(delta_j - direct_j))
    ok &= err_r < 1e-9 and err_j < 1e-12
    print(f"   determinant ratio vs det(D')/det(D): rel. error {err_r:.1e}; Jastrow ratio: abs. error {err_j:.1e}")

    grad_d, lap_d, grad_j, lap_j, _ = vmc.log_psi_derivatives()
    grad = grad_d + grad_j
    lap_ln = lap_d - np.sum(grad_d**2, axis=2) + lap_j  # ∇² ln Ψ per particle
    h = 1e-4
    fd_grad = np.empty_like(grad)
    fd_lap = np.zeros_like(lap_ln)
    base = vmc.log_psi(vmc.r)
    for p in range(n):
        for c in range(2):
            plus, minus = vmc.r.copy(), vmc.r.copy()
            plus[:, p, c] += h
            minus[:, p, c] -= h
            lp, lm = vmc.log_psi(plus), vmc.log_psi(minus)
            fd_grad[:, p, c] = (lp - lm) / (2 * h)
            fd_lap[:, p] += (lp - 2 * base + lm) / h**2
    err_g = np.max(np.abs(grad - fd_grad)) / np.max(np.abs(fd_grad))
    err_l = np.max(np.abs(lap_ln - fd_lap)) / np.max(np.abs(fd_lap))
    ok &= err_g < 1e-7 and err_l < 1e-4
    print(f"   grad ln Psi vs central differences: rel. error {err_g:.1e}; "
          f"lap ln Psi vs second differences: rel. error {err_l:.1e}")

    e_fd = -0.5 * np.sum(fd_lap + np.sum(fd_grad**2, axis=2), axis=1) + vmc.potential()
    err_e = np.max(np.abs(vmc.local_energy() - e_fd)) / np.max(np.abs(e_fd))
    ok &= err_e < 1e-4
    print(f"   local energy vs finite differences of ln Psi: rel. error {err_e:.1e}")

    runs = [FermionVMC(n, alpha=0.9, n_walkers=64, update=update, seed=3).run(20) for update in ("sm", "inverse")]
    err_u = np.max(np.abs(runs[0][0] - runs[1][0]))
    ok &= err_u < 1e-8 and runs[0][1] == runs[1][1]
    print(f"   update='sm' and update='inverse', same seed, 20 sweeps: max |E_L difference| {err_u:.1e}  "
          f"{'ok' if ok else 'FAIL'}")
    return ok


def check_interacting(n_walkers=2048, n_sweeps=400, burn_in=100):
    alpha, beta = 0.93, 0.5
    print(f"interacting N = 6, omega = 1, alpha = {alpha}, beta = {beta} ({n_walkers} walkers x {n_sweeps} sweeps):")
    vmc = FermionVMC(6, omega=1.0, alpha=alpha, beta=beta, n_walkers=n_walkers, seed=11)
    vmc.run(burn_in)
    e, acc = vmc.run(n_sweeps)
    series = e.mean(axis=1)
    mean, err = series.mean(), blocking_error(series)
    ok = mean > DMC_N6_OMEGA1 - 3 * err and mean < 20.5
    print(f"   E = {mean:.4f} +- {err:.4f}, variance {e.var():.3f}, acceptance {acc:.2f} "
          f"(DMC {DMC_N6_OMEGA1}: a lower bound; expected about 20.2)  {'ok' if ok else 'FAIL'}")
    return ok


def check():
    t0 = time.perf_counter()
    results = [check_noninteracting(), check_noninteracting(omega=0.5, n_sweeps=5), check_derivatives(),
               check_interacting()]
    print(f"self-check {'passed' if all(results) else 'FAILED'} in {time.perf_counter() - t0:.0f} s")
    return all(results)


def profile(n, n_walkers, n_sweeps=20):
    """Where the time goes: CPU seconds per method over n_sweeps samples (cProfile with
    time.process_time, so other processes on the machine do not count)."""
    import cProfile
    import pstats

    vmc = FermionVMC(n, alpha=0.9, n_walkers=n_walkers)
    vmc.run(3)
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(vmc.run, n_sweeps)
    stats = pstats.Stats(profiler).stats
    total = sum(v[2] for v in stats.values())  # every function's own time
    print(f"N = {n}, {n_walkers} walkers, {n_sweeps} samples: {total / (n_sweeps * n_walkers) * 1e6:.2f} "
          f"CPU us per sample, {n_sweeps * n_walkers / total:,.0f} samples per CPU second")
    parts = ["step_ratio", "orbitals", "_accept", "local_energy", "slater_derivatives", "log_psi_derivatives",
             "recompute"]
    for (_, _, name), (_, _, own, cumulative, _) in sorted(stats.items(), key=lambda kv: -kv[1][3]):
        if name in parts:
            print(f"   {name:22s} {cumulative / total:6.1%} (own lines {own / total:6.1%})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="run the self-check")
    parser.add_argument("--profile", type=int, metavar="N", help="profile one run at N electrons")
    parser.add_argument("--walkers", type=int, default=1024, help="walkers of --profile")
    args = parser.parse_args()
    if args.check:
        sys.exit(0 if check() else 1)
    if args.profile:
        profile(args.profile, args.walkers)
        return
    parser.print_help()


if __name__ == "__main__":
    main()
