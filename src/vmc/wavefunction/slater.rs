//! Slater determinants of harmonic-oscillator orbitals for electrons.
//!
//! Ψ_S(x) = det D↑ · det D↓ · E(x), with one determinant per spin: particles
//! 0 … n_up − 1 are spin up, the rest spin down, and D↑_{ij} = φ_j(r_i) over the
//! up particles i and the first n_up orbitals j (likewise for spin down). Two
//! electrons of the same spin at the same place make two rows equal, so Ψ_S
//! vanishes there and changes sign when they are exchanged.
//!
//! **Orbitals.** The d-dimensional oscillator orbitals without their Gaussian,
//! φ_n(r) = Π_c H_{n_c}(√α x_c) with the physicists' Hermite polynomials H_n,
//! filled shell by shell (shell k holds the quantum numbers with Σ_c n_c = k:
//! k + 1 of them in 2-D, (k + 1)(k + 2)/2 in 3-D; n_x descending inside a shell).
//! Closed shells: 2-D N = 2, 6, 12, 20, 30, 42; 3-D N = 2, 8, 20, 40. Other N fill
//! the last shell partly, in that order.
//!
//! **Envelope.** With `envelope` the Gaussian of the orbitals is a factor
//! E(x) = exp(−α Σ_i r_i²/2) in front of the determinants (each row of D would carry
//! the same exp(−α r_i²/2), so this is the same function, with better-scaled
//! matrices); without it E = 1 and another factor (an RBM or a Gaussian) must
//! provide the confinement: the owner of the width. α is the one variational
//! parameter, the orbital frequency (α = ω is the exact non-interacting ground
//! state with the envelope; with an RBM of σ² = 1/ω owning the width, α = ω
//! gives the same function).
//!
//! **Derivatives**, with u = √α x and H'_n = 2n H_{n−1}, H''_n = 4n(n − 1) H_{n−2}:
//! ∂φ/∂x_c = √α H'_{n_c}(u_c) Π_{c'≠c} H_{n_c'}, ∇²φ = α Σ_c H''_{n_c}(u_c) Π_{c'≠c},
//! ∂φ/∂α = (1/2α) Σ_c u_c H'_{n_c}(u_c) Π_{c'≠c}. From the inverse D⁻¹:
//! ∇_i ln|D| = Σ_j ∇φ_j(r_i) D⁻¹_{ji}, ∇_i² ln|D| = Σ_j ∇²φ_j(r_i) D⁻¹_{ji} −
//! |∇_i ln|D||², ∂ln|D|/∂α = Σ_{ij} ∂_α φ_j(r_i) D⁻¹_{ji}, and the ratio of a move
//! of particle i to r' is R = det D'/det D = Σ_j φ_j(r') D⁻¹_{ji}.
//!
//! **Updates.** The state keeps D, D⁻¹, the orbitals' gradients, Laplacians and
//! α-derivatives, ln|det D| and the sign. A proposal evaluates only the Hermite
//! tables and the orbital values at r' (all the ratio needs); the derivatives of
//! the new row are computed from the kept tables when the move is accepted. An accepted move updates D⁻¹ by
//! Sherman–Morrison in O(n²) (n the block size): with s_k = Σ_l φ_l(r') D⁻¹_{lk},
//! D'⁻¹_{jk} = D⁻¹_{jk} − D⁻¹_{ji}(s_k − δ_{ik})/R. Round-off accumulates, so the
//! inverse, ln|det| and the sign are recomputed from D by an LU factorisation
//! (O(n³)) after every `recompute_every` accepted moves of a block (default
//! [`DEFAULT_RECOMPUTE_EVERY`]) and after any move with |R| < [`SMALL_RATIO`],
//! where the update loses the most digits. The acceptance uses |R|²; the state
//! keeps the sign ([`WaveFunction::sign`]).

use super::{check_params, WaveFunction};
use crate::error::{Error, Result};
use crate::linalg::small_inverse_transposed;
use crate::vmc::hamiltonian::check_shape;

/// Accepted moves of a spin block between two recomputations of its inverse from
/// scratch. Measured over 5000 moves at N = 20 (the tests): the relative drift of
/// ln|Ψ|, gradients, Laplacian and α-derivative stays below 4e-15 with or without
/// it; the recomputation bounds what a long run can accumulate, at the cost of one
/// O(n³) factorisation per hundred O(n²) updates.
pub const DEFAULT_RECOMPUTE_EVERY: usize = 100;

/// An accepted move whose determinant ratio is smaller than this in magnitude
/// triggers a recomputation of the inverse from scratch (Sherman–Morrison divides
/// by the ratio).
pub const SMALL_RATIO: f64 = 1e-3;

/// The highest Hermite polynomial degree (shell) supported: 16 shells hold 136
/// orbitals in 2-D, 816 in 3-D, far beyond what VMC can sample.
const MAX_DEGREE: usize = 15;

/// Slater determinants of oscillator orbitals for N electrons, the first n_up spin
/// up, with the orbital frequency α as variational parameter θ = (α).
#[derive(Clone, Debug, PartialEq)]
pub struct Slater {
    n_particles: usize,
    dim: usize,
    n_up: usize,
    alpha: f64,
    envelope: bool,
    recompute_every: usize,
    quanta: Vec<[usize; 3]>,
    max_degree: usize,
}

/// The quantum numbers (n_1, …, n_d) of the first `count` oscillator orbitals in d
/// dimensions, shell by shell, n_1 descending inside a shell (unused entries 0).
pub fn oscillator_quanta(dim: usize, count: usize) -> Vec<[usize; 3]> {
    let mut out = Vec::with_capacity(count);
    let mut shell = 0;
    while out.len() < count {
        match dim {
            1 => out.push([shell, 0, 0]),
            2 => out.extend((0..=shell).rev().map(|nx| [nx, shell - nx, 0])),
            _ => {
                for nx in (0..=shell).rev() {
                    for ny in (0..=shell - nx).rev() {
                        out.push([nx, ny, shell - nx - ny]);
                    }
                }
            }
        }
        shell += 1;
    }
    out.truncate(count);
    out
}

/// One spin block of a walker's determinant state (n particles, n orbitals).
#[derive(Clone, Debug)]
struct Block {
    /// Number of particles (and orbitals) in the block.
    n: usize,
    /// Global index of the block's first particle.
    first: usize,
    /// D_{ij} = φ_j(r_i), row-major n × n.
    values: Vec<f64>,
    /// ∇φ_j(r_i) at index (i n + j) d + c.
    grads: Vec<f64>,
    /// ∇²φ_j(r_i), n × n.
    laps: Vec<f64>,
    /// ∂φ_j(r_i)/∂α, n × n.
    dalpha: Vec<f64>,
    /// The inverse, transposed: inv_t[i n + j] = D⁻¹_{ji}.
    inv_t: Vec<f64>,
    log_abs: f64,
    sign: f64,
    since_recompute: usize,
    /// The pending move: the orbital values at the proposed position, its Hermite
    /// tables (from which an acceptance or a drift computes the derivatives: a
    /// rejected proposal never needs them), and the ratio R.
    new_values: Vec<f64>,
    new_tables: Tables,
    ratio: f64,
    /// ln|R| of the pending move (the acceptance adds it to ln|det D|).
    log_ratio: f64,
}

/// The Hermite polynomials H_n(u_c), n ≤ the highest degree in use, at the scaled
/// coordinates u = √α r of one position (entries above that degree are stale).
#[derive(Clone, Debug)]
struct Tables {
    u: [f64; 3],
    h: [[f64; MAX_DEGREE + 1]; 3],
}

impl Default for Tables {
    fn default() -> Self {
        Tables {
            u: [0.0; 3],
            h: [[0.0; MAX_DEGREE + 1]; 3],
        }
    }
}

impl Block {
    fn new(n: usize, first: usize, dim: usize) -> Self {
        Block {
            n,
            first,
            values: vec![0.0; n * n],
            grads: vec![0.0; n * n * dim],
            laps: vec![0.0; n * n],
            dalpha: vec![0.0; n * n],
            inv_t: vec![0.0; n * n],
            log_abs: 0.0,
            sign: 1.0,
            since_recompute: 0,
            new_values: vec![0.0; n],
            new_tables: Tables::default(),
            ratio: 1.0,
            log_ratio: 0.0,
        }
    }

    /// D⁻¹, ln|det D| and its sign from D by LU; a singular D gives ln|det| = −∞,
    /// sign 0 and a zero inverse (Ψ = 0: every move from there has ratio 0).
    fn recompute(&mut self) {
        self.since_recompute = 0;
        if self.n == 0 {
            return;
        }
        match small_inverse_transposed(&self.values, self.n, &mut self.inv_t) {
            Some((log_abs, sign)) => {
                self.log_abs = log_abs;
                self.sign = sign;
            }
            None => {
                self.inv_t.fill(0.0);
                self.log_abs = f64::NEG_INFINITY;
                self.sign = 0.0;
            }
        }
    }

    /// Σ_j row_j D⁻¹_{ji}: the inverse's column i against a row.
    #[inline]
    fn dot_column(&self, i: usize, row: &[f64]) -> f64 {
        let col = &self.inv_t[i * self.n..(i + 1) * self.n];
        row.iter().zip(col).map(|(a, b)| a * b).sum()
    }

    /// ∇_i ln|det D| added to `grad` (d entries).
    fn add_row_gradient(&self, i: usize, dim: usize, grad: &mut [f64]) {
        match dim {
            1 => self.add_row_gradient_d::<1>(i, grad),
            2 => self.add_row_gradient_d::<2>(i, grad),
            _ => self.add_row_gradient_d::<3>(i, grad),
        }
    }

    /// [`Block::add_row_gradient`] for d = D known at compile time (the same sums in
    /// the same order, held in registers).
    #[inline]
    fn add_row_gradient_d<const D: usize>(&self, i: usize, grad: &mut [f64]) {
        let n = self.n;
        let col = &self.inv_t[i * n..(i + 1) * n];
        let g = &self.grads[i * n * D..(i + 1) * n * D];
        let mut acc: [f64; D] = grad[..D].try_into().expect("d entries");
        for (gj, &inv) in g.chunks_exact(D).zip(col) {
            for c in 0..D {
                acc[c] += gj[c] * inv;
            }
        }
        grad[..D].copy_from_slice(&acc);
    }

    /// Sherman–Morrison update of D⁻¹ for the accepted proposal of local particle i,
    /// then the new row of values into D (the caller writes the derivative rows).
    ///
    /// One pass over the rows k ≠ i of D⁻ᵀ: s_k = Σ_l φ_l(r') D⁻¹_{lk} uses only row k
    /// and is used only to update row k (by the old row i, scaled last).
    fn accept(&mut self, i: usize, recompute_every: usize) {
        let n = self.n;
        let r = self.ratio;
        let inv_r = 1.0 / r;
        let newv = &self.new_values;
        let (before, rest) = self.inv_t.split_at_mut(i * n);
        let (ci, after) = rest.split_at_mut(n);
        for row in before.chunks_exact_mut(n).chain(after.chunks_exact_mut(n)) {
            let s: f64 = newv.iter().zip(row.iter()).map(|(a, b)| a * b).sum();
            let f = s * inv_r;
            for (v, c) in row.iter_mut().zip(ci.iter()) {
                *v -= f * c;
            }
        }
        for c in ci.iter_mut() {
            *c *= inv_r;
        }
        self.values[i * n..(i + 1) * n].copy_from_slice(&self.new_values);
        self.log_abs += self.log_ratio;
        self.sign *= r.signum();
        self.since_recompute += 1;
        if self.since_recompute >= recompute_every || r.abs() < SMALL_RATIO {
            self.recompute();
        }
    }
}

/// Per-walker state of a [`Slater`] determinant: one block per spin.
#[derive(Clone, Debug)]
pub struct SlaterState {
    blocks: [Block; 2],
}

impl Slater {
    /// Determinants for N electrons in d dimensions, the first `n_up` spin up, with
    /// orbital frequency α (`alpha`), the envelope exp(−α Σ r²/2) if `envelope`,
    /// and the inverses recomputed after every `recompute_every` accepted moves.
    ///
    /// **Errors** if N < 1, d ∉ {1, 2, 3}, n_up > N, α ≤ 0 (or not finite),
    /// recompute_every < 1, or a spin block needs orbitals beyond shell 15.
    pub fn new(
        n_particles: usize,
        dim: usize,
        n_up: usize,
        alpha: f64,
        envelope: bool,
        recompute_every: usize,
    ) -> Result<Self> {
        check_shape(n_particles, dim)?;
        if n_up > n_particles {
            return Err(Error::param(
                "n_up",
                &format!("must be <= n_particles = {n_particles}"),
                n_up,
            ));
        }
        if recompute_every < 1 {
            return Err(Error::param(
                "recompute_every",
                "must be >= 1",
                recompute_every,
            ));
        }
        let count = n_up.max(n_particles - n_up);
        // the orbitals of MAX_DEGREE + 1 shells, C(MAX_DEGREE + d, d): refuse more
        // before listing them (n_particles = 10⁹ would list 5·10⁸)
        let k = MAX_DEGREE as u128 + 1;
        let capacity = [k, k * (k + 1) / 2, k * (k + 1) * (k + 2) / 6][dim - 1];
        if count as u128 > capacity {
            return Err(Error::param(
                "n_particles",
                &format!("must fill at most {k} oscillator shells per spin"),
                n_particles,
            ));
        }
        let quanta = oscillator_quanta(dim, count);
        let max_degree = quanta
            .iter()
            .flat_map(|q| q.iter().copied())
            .max()
            .unwrap_or(0);
        if max_degree > MAX_DEGREE {
            return Err(Error::param(
                "n_particles",
                &format!(
                    "must fill at most {} oscillator shells per spin",
                    MAX_DEGREE + 1
                ),
                n_particles,
            ));
        }
        let mut s = Slater {
            n_particles,
            dim,
            n_up,
            alpha: 1.0,
            envelope,
            recompute_every,
            quanta,
            max_degree,
        };
        s.set_params(&[alpha])?;
        Ok(s)
    }

    /// The orbital frequency α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// Number of spin-up electrons (the first n_up).
    pub fn n_up(&self) -> usize {
        self.n_up
    }

    /// Whether the envelope exp(−α Σ r²/2) is part of the determinant.
    pub fn envelope(&self) -> bool {
        self.envelope
    }

    /// Accepted moves of a spin block between recomputations of its inverse.
    pub fn recompute_every(&self) -> usize {
        self.recompute_every
    }

    /// The orbitals' quantum numbers in filling order (the first d entries count).
    pub fn quanta(&self) -> &[[usize; 3]] {
        &self.quanta
    }

    /// The spin block and local index of particle k.
    #[inline]
    fn locate(&self, k: usize) -> (usize, usize) {
        if k < self.n_up {
            (0, k)
        } else {
            (1, k - self.n_up)
        }
    }

    /// The Hermite tables of position `p`: u = √α p and H_n(u_c) for n ≤ the highest
    /// degree in use (H_0 = 1, H_1 = 2u, H_{n+1} = 2u H_n − 2n H_{n−1}).
    fn tables(&self, p: &[f64], t: &mut Tables) {
        let sqrt_a = self.alpha.sqrt();
        for (c, &pc) in p.iter().enumerate().take(self.dim) {
            let uc = sqrt_a * pc;
            t.u[c] = uc;
            let hc = &mut t.h[c];
            hc[0] = 1.0;
            if self.max_degree >= 1 {
                hc[1] = 2.0 * uc;
            }
            for n in 1..self.max_degree {
                hc[n + 1] = 2.0 * uc * hc[n] - 2.0 * n as f64 * hc[n - 1];
            }
        }
    }

    /// The values φ_j = Π_c H_{n_c}(u_c) of the first `values.len()` orbitals.
    fn orbital_values(&self, t: &Tables, values: &mut [f64]) {
        match self.dim {
            1 => self.orbital_values_d::<1>(t, values),
            2 => self.orbital_values_d::<2>(t, values),
            _ => self.orbital_values_d::<3>(t, values),
        }
    }

    #[inline]
    fn orbital_values_d<const D: usize>(&self, t: &Tables, values: &mut [f64]) {
        for (v, q) in values.iter_mut().zip(&self.quanta) {
            let mut prefix = 1.0;
            for (hc, &n) in t.h.iter().zip(q).take(D) {
                prefix *= hc[n];
            }
            *v = prefix;
        }
    }

    /// The derivatives of orbital `q` from the tables: (∇φ, Σ_c H''_{n_c} Π_{c'≠c} H,
    /// Σ_c u_c H'_{n_c} Π_{c'≠c} H); the Laplacian is α times the second and
    /// ∂φ/∂α is 1/(2α) times the third.
    #[inline(always)]
    fn orbital_derivatives<const D: usize>(
        t: &Tables,
        q: &[usize; 3],
        sqrt_a: f64,
    ) -> ([f64; D], f64, f64) {
        // Π_{c'≠c} H_{n_c'}(u_c') for each c, from prefix and suffix products.
        let mut others = [1.0f64; D];
        let mut prefix = 1.0;
        for c in 0..D {
            others[c] = prefix;
            prefix *= t.h[c][q[c]];
        }
        let mut suffix = 1.0;
        for c in (0..D).rev() {
            others[c] *= suffix;
            suffix *= t.h[c][q[c]];
        }
        let mut grad = [0.0; D];
        let (mut lap, mut da) = (0.0, 0.0);
        for c in 0..D {
            let n = q[c];
            // H'_n = 2n H_{n−1}, H''_n = 4n(n − 1) H_{n−2}
            let h1 = if n >= 1 {
                2.0 * n as f64 * t.h[c][n - 1]
            } else {
                0.0
            };
            let h2 = if n >= 2 {
                4.0 * (n * (n - 1)) as f64 * t.h[c][n - 2]
            } else {
                0.0
            };
            let d1 = h1 * others[c];
            grad[c] = sqrt_a * d1;
            lap += h2 * others[c];
            da += t.u[c] * d1;
        }
        (grad, lap, da)
    }

    /// Gradients (n × d), Laplacians and α-derivatives of the first `laps.len()`
    /// orbitals from the tables.
    fn orbital_derivative_row(
        &self,
        t: &Tables,
        grads: &mut [f64],
        laps: &mut [f64],
        dalpha: &mut [f64],
    ) {
        match self.dim {
            1 => self.orbital_derivative_row_d::<1>(t, grads, laps, dalpha),
            2 => self.orbital_derivative_row_d::<2>(t, grads, laps, dalpha),
            _ => self.orbital_derivative_row_d::<3>(t, grads, laps, dalpha),
        }
    }

    #[inline]
    fn orbital_derivative_row_d<const D: usize>(
        &self,
        t: &Tables,
        grads: &mut [f64],
        laps: &mut [f64],
        dalpha: &mut [f64],
    ) {
        let sqrt_a = self.alpha.sqrt();
        let inv_2a = 0.5 / self.alpha;
        for (((q, g), l), a) in self
            .quanta
            .iter()
            .zip(grads.chunks_exact_mut(D))
            .zip(laps.iter_mut())
            .zip(dalpha.iter_mut())
        {
            let (grad, lap, da) = Self::orbital_derivatives::<D>(t, q, sqrt_a);
            g.copy_from_slice(&grad);
            *l = self.alpha * lap;
            *a = inv_2a * da;
        }
    }

    /// Σ_j ∇φ_j(r') D⁻¹_{ji}/R added to `grad`: ∇_i ln|D'| after the pending move
    /// (the new inverse's column i is the old one divided by R).
    fn add_proposed_row_gradient<const D: usize>(&self, blk: &Block, i: usize, grad: &mut [f64]) {
        let n = blk.n;
        let col = &blk.inv_t[i * n..(i + 1) * n];
        let inv_r = 1.0 / blk.ratio;
        let sqrt_a = self.alpha.sqrt();
        let mut acc: [f64; D] = grad[..D].try_into().expect("d entries");
        for (q, &v) in self.quanta.iter().zip(col) {
            let (gj, ..) = Self::orbital_derivatives::<D>(&blk.new_tables, q, sqrt_a);
            for c in 0..D {
                acc[c] += gj[c] * v * inv_r;
            }
        }
        grad[..D].copy_from_slice(&acc);
    }

    /// Σ_i ∇_i² ln|Ψ_S| = Σ_i [Σ_j ∇²φ_j(r_i) D⁻¹_{ji} − |∇_i ln|D||²] (plus the
    /// envelope's −α d N), calling `row(k, ∇_k ln|D|)` for every particle k on the way.
    fn laplacian_with_rows<const D: usize>(
        &self,
        st: &SlaterState,
        mut row: impl FnMut(usize, &[f64; D]),
    ) -> f64 {
        let mut lap = 0.0;
        for b in &st.blocks {
            let n = b.n;
            if n == 0 {
                continue;
            }
            for (i, ((col, laps), grads)) in b
                .inv_t
                .chunks_exact(n)
                .zip(b.laps.chunks_exact(n))
                .zip(b.grads.chunks_exact(n * D))
                .enumerate()
            {
                lap += laps.iter().zip(col).map(|(l, v)| l * v).sum::<f64>();
                let mut g = [0.0f64; D];
                for (gj, &inv) in grads.chunks_exact(D).zip(col) {
                    for c in 0..D {
                        g[c] += gj[c] * inv;
                    }
                }
                lap -= g.iter().map(|v| v * v).sum::<f64>();
                row(b.first + i, &g);
            }
        }
        if self.envelope {
            lap -= self.alpha * (D * self.n_particles) as f64;
        }
        lap
    }

    /// [`WaveFunction::add_gradient_laplacian`] for d = D.
    fn gradient_laplacian_d<const D: usize>(
        &self,
        st: &SlaterState,
        x: &[f64],
        grad: &mut [f64],
    ) -> f64 {
        let (envelope, alpha) = (self.envelope, self.alpha);
        self.laplacian_with_rows::<D>(st, |k, g| {
            let xk = &x[k * D..(k + 1) * D];
            let gk = &mut grad[k * D..(k + 1) * D];
            for c in 0..D {
                gk[c] += g[c];
                if envelope {
                    gk[c] -= alpha * xk[c];
                }
            }
        })
    }

    /// −α r²/2 for the envelope, 0 without.
    #[inline]
    fn log_envelope(&self, p: &[f64]) -> f64 {
        if self.envelope {
            -0.5 * self.alpha * p.iter().map(|v| v * v).sum::<f64>()
        } else {
            0.0
        }
    }
}

impl WaveFunction for Slater {
    type State = SlaterState;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        1
    }
    fn write_params(&self, out: &mut [f64]) {
        out[0] = self.alpha;
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, 1)?;
        if params[0] <= 0.0 {
            return Err(Error::param("omega", "must be > 0", params[0]));
        }
        self.alpha = params[0];
        Ok(())
    }
    /// α must stay > 0: a step that would cross zero halves the old value.
    fn constrain_params(&self, old: &[f64], new: &mut [f64]) {
        if new[0] <= 0.0 {
            new[0] = 0.5 * old[0];
        }
    }
    fn state(&self, x: &[f64]) -> SlaterState {
        let d = self.dim;
        let n_down = self.n_particles - self.n_up;
        let mut blocks = [
            Block::new(self.n_up, 0, d),
            Block::new(n_down, self.n_up, d),
        ];
        let mut t = Tables::default();
        for b in &mut blocks {
            let n = b.n;
            for i in 0..n {
                let k = b.first + i;
                self.tables(&x[k * d..(k + 1) * d], &mut t);
                self.orbital_values(&t, &mut b.values[i * n..(i + 1) * n]);
                self.orbital_derivative_row(
                    &t,
                    &mut b.grads[i * n * d..(i + 1) * n * d],
                    &mut b.laps[i * n..(i + 1) * n],
                    &mut b.dalpha[i * n..(i + 1) * n],
                );
            }
            b.recompute();
        }
        SlaterState { blocks }
    }
    fn log_value(&self, st: &SlaterState, x: &[f64]) -> f64 {
        let env: f64 = x.chunks_exact(self.dim).map(|p| self.log_envelope(p)).sum();
        st.blocks[0].log_abs + st.blocks[1].log_abs + env
    }
    fn sign(&self, st: &SlaterState) -> f64 {
        st.blocks[0].sign * st.blocks[1].sign
    }
    fn add_gradient(&self, st: &SlaterState, x: &[f64], grad: &mut [f64]) {
        let d = self.dim;
        for k in 0..self.n_particles {
            self.add_particle_gradient(st, x, k, &mut grad[k * d..(k + 1) * d]);
        }
    }
    fn add_particle_gradient(&self, st: &SlaterState, x: &[f64], k: usize, grad: &mut [f64]) {
        let d = self.dim;
        let (b, i) = self.locate(k);
        st.blocks[b].add_row_gradient(i, d, grad);
        if self.envelope {
            for c in 0..d {
                grad[c] -= self.alpha * x[k * d + c];
            }
        }
    }
    fn laplacian(&self, st: &SlaterState, _x: &[f64]) -> f64 {
        match self.dim {
            1 => self.laplacian_with_rows::<1>(st, |_, _| {}),
            2 => self.laplacian_with_rows::<2>(st, |_, _| {}),
            _ => self.laplacian_with_rows::<3>(st, |_, _| {}),
        }
    }
    /// The row gradient ∇_i ln|D| of each particle serves both the gradient and the
    /// −|∇_i ln|D||² term of the Laplacian (same arithmetic, same order as
    /// `add_gradient` and `laplacian`).
    fn add_gradient_laplacian(&self, st: &SlaterState, x: &[f64], grad: &mut [f64]) -> f64 {
        match self.dim {
            1 => self.gradient_laplacian_d::<1>(st, x, grad),
            2 => self.gradient_laplacian_d::<2>(st, x, grad),
            _ => self.gradient_laplacian_d::<3>(st, x, grad),
        }
    }
    fn param_derivatives(&self, st: &SlaterState, x: &[f64], out: &mut [f64]) {
        let mut o = 0.0;
        for b in &st.blocks {
            o += b
                .dalpha
                .chunks_exact(b.n.max(1))
                .zip(b.inv_t.chunks_exact(b.n.max(1)))
                .map(|(da, col)| da.iter().zip(col).map(|(a, v)| a * v).sum::<f64>())
                .sum::<f64>();
        }
        if self.envelope {
            o -= 0.5 * x.iter().map(|v| v * v).sum::<f64>();
        }
        out[0] = o;
    }
    /// Only the orbital values at the new position (the ratio needs no derivatives;
    /// they follow from the kept Hermite tables on acceptance or for a drift).
    fn propose(&self, st: &mut SlaterState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let d = self.dim;
        let (b, i) = self.locate(k);
        let blk = &mut st.blocks[b];
        self.tables(new, &mut blk.new_tables);
        self.orbital_values(&blk.new_tables, &mut blk.new_values);
        blk.ratio = blk.dot_column(i, &blk.new_values);
        blk.log_ratio = blk.ratio.abs().ln();
        blk.log_ratio + self.log_envelope(new) - self.log_envelope(&x[k * d..(k + 1) * d])
    }
    fn add_proposed_gradient(
        &self,
        st: &SlaterState,
        _x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        let (b, i) = self.locate(k);
        let blk = &st.blocks[b];
        match self.dim {
            1 => self.add_proposed_row_gradient::<1>(blk, i, grad),
            2 => self.add_proposed_row_gradient::<2>(blk, i, grad),
            _ => self.add_proposed_row_gradient::<3>(blk, i, grad),
        }
        if self.envelope {
            for (g, p) in grad.iter_mut().zip(new) {
                *g -= self.alpha * p;
            }
        }
    }
    fn accept(&self, st: &mut SlaterState, k: usize, _new: &[f64]) {
        let d = self.dim;
        let (b, i) = self.locate(k);
        let blk = &mut st.blocks[b];
        let Block {
            n,
            new_tables,
            grads,
            laps,
            dalpha,
            ..
        } = blk;
        let n = *n;
        self.orbital_derivative_row(
            new_tables,
            &mut grads[i * n * d..(i + 1) * n * d],
            &mut laps[i * n..(i + 1) * n],
            &mut dalpha[i * n..(i + 1) * n],
        );
        blk.accept(i, self.recompute_every);
    }
    fn spin_up(&self) -> Option<usize> {
        Some(self.n_up)
    }
    fn has_determinant(&self) -> bool {
        true
    }
}
