//! The network passes of the pair terms and of ρ, and the local energy's sums over the
//! cached pair terms; per-thread work buffers and proposal ids.

#![allow(clippy::needless_range_loop)]

use super::*;

impl NeuralJastrow {
    /// Width L of Φ.
    pub(super) fn width(&self) -> usize {
        self.phi.n_out()
    }

    /// The spin input of pair (i, j).
    #[inline]
    pub(super) fn spin(&self, i: usize, j: usize) -> f64 {
        if (i < self.n_up) == (j < self.n_up) {
            1.0
        } else {
            -1.0
        }
    }

    /// φ's input for pair (i, j) at distance r: q(r) (and the spin input).
    #[inline]
    pub(super) fn pair_input(&self, i: usize, j: usize, r: f64) -> [f64; 2] {
        let p = 1.0 + r;
        [r * r / p, self.spin(i, j)]
    }

    /// φ's activations at pair (i, j) at distance r into `acts` (A entries; φ_l
    /// are the last L): values only.
    #[inline]
    pub(super) fn pair_value(&self, i: usize, j: usize, r: f64, s: &mut Scratch, acts: &mut [f64]) {
        let input = self.pair_input(i, j, r);
        self.phi
            .value_keeping(&self.params, &input[..self.phi.n_in()], s, acts);
    }

    /// F_l and Λ_l of a pair at distance r into `factor`, `lap` (L each), from its
    /// activations `acts` ([`NeuralJastrow::pair_value`]); `d1`, `d2` are buffers
    /// of L.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn pair_derivatives(
        &self,
        r: f64,
        acts: &[f64],
        s: &mut Scratch,
        d1: &mut [f64],
        d2: &mut [f64],
        factor: &mut [f64],
        lap: &mut [f64],
    ) {
        let (_, q1, q1_over_r, q2) = feature(r);
        self.phi.jet_from_acts(&self.params, acts, 0, s, d1, d2);
        let dm1 = self.dim as f64 - 1.0;
        let l = d1.len();
        let (d2, factor, lap) = (&d2[..l], &mut factor[..l], &mut lap[..l]);
        for m in 0..l {
            let (d1, d2) = (d1[m], d2[m]);
            factor[m] = d1 * q1_over_r;
            lap[m] = d2 * q1 * q1 + d1 * q2 + dm1 * d1 * q1_over_r;
        }
    }

    /// ρ(Φ), keeping ρ's activations in `rho_acts` (Φ_0 for the pair form).
    pub(super) fn rho_value(
        &self,
        sum: &[f64],
        s: Option<&mut Scratch>,
        rho_acts: &mut [f64],
    ) -> f64 {
        match (&self.rho, s) {
            (Some(rho), Some(s)) => {
                rho.value_keeping(&self.params, sum, s, rho_acts);
                // as Mlp::backprop's value Σ_o c_o y_o with c = [1]
                std::iter::once(1.0 * rho_acts[rho_acts.len() - 1]).sum()
            }
            _ => sum[0],
        }
    }

    /// ∂ρ/∂Φ at Φ = `sum` from ρ's activations there (1 for the pair form).
    pub(super) fn rho_gradient(
        &self,
        sum: &[f64],
        rho_acts: &[f64],
        s: Option<&mut Scratch>,
        drho: &mut [f64],
    ) {
        match (&self.rho, s) {
            (Some(rho), Some(s)) => {
                rho.backprop_from_acts_transposed(
                    &self.params,
                    Some(&self.params_t),
                    sum,
                    rho_acts,
                    &[1.0],
                    s,
                    None,
                    Some(drho),
                );
            }
            _ => drho[0] = 1.0,
        }
    }

    /// Φ from the cached pair terms.
    pub(super) fn resum(&self, st: &mut NeuralJastrowState) {
        let (n, l) = (self.n_particles, self.width());
        st.sum.fill(0.0);
        for i in 0..n {
            for j in (i + 1)..n {
                let v = &st.value[(i * n + j) * l..(i * n + j + 1) * l];
                st.sum.iter_mut().zip(v).for_each(|(s, v)| *s += v);
            }
        }
    }

    /// ρ, its activations and ∂ρ/∂Φ at the state's Φ.
    pub(super) fn refresh_rho(&self, st: &mut NeuralJastrowState) {
        st.stale_drho = false;
        st.j = self.rho_value(&st.sum, st.rho_scratch.as_mut(), &mut st.rho_acts);
        self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
    }

    /// Adds Σ_l ∂ρ/∂Φ_l F_l(r_kj) (p − x_j) over j ≠ k to `grad` (d entries).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_row_gradient(
        &self,
        x: &[f64],
        k: usize,
        p: &[f64],
        factors: impl Fn(usize) -> usize,
        factor: &[f64],
        drho: &[f64],
        grad: &mut [f64],
    ) {
        let (d, l) = (self.dim, self.width());
        for j in 0..self.n_particles {
            if j == k {
                continue;
            }
            let at = factors(j);
            let f: f64 = drho
                .iter()
                .zip(&factor[at..at + l])
                .map(|(a, b)| a * b)
                .sum();
            for c in 0..d {
                grad[c] += f * (p[c] - x[j * d + c]);
            }
        }
    }

    /// The Laplacian ∇²J from the cached pair terms, and with `grad` also ∇J added
    /// to it, in one pass over the particles k: v_kc,l = Σ_{j≠k} F_l(r_kj)
    /// (x_kc − x_jc), ∇_kc J = Σ_l ρ_l v_kc,l, ∇²J = Σ_l ρ_l Σ_k Σ_{j≠k} Λ_l(r_kj)
    /// + Σ_{l,m} H_lm Σ_{k,c} v_kc,l v_kc,m (the second term for DeepSets only).
    pub(super) fn gradient_laplacian(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        grad: Option<&mut [f64]>,
    ) -> f64 {
        self.gradient_laplacian_with(st, x, grad, true)
    }

    /// [`NeuralJastrow::gradient_laplacian`]; `shortcut` = false takes G's pivoted
    /// Cholesky factor for two particles too (to test the shortcut).
    pub(super) fn gradient_laplacian_with(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        grad: Option<&mut [f64]>,
        shortcut: bool,
    ) -> f64 {
        let (n, d, l) = (self.n_particles, self.dim, self.width());
        WORK.with_borrow_mut(|w| {
            let deepsets = self.rho.is_some();
            // two particles: v_1c = −v_0c (exactly: F is symmetric and x_1 − x_0 =
            // −(x_0 − x_1)), so G = 2 Σ_c v_1c v_1cᵀ needs neither G nor its
            // Cholesky factor: the d directions √2 v_1c
            let two = shortcut && deepsets && n == 2;
            w.lap_sum.clear();
            w.lap_sum.resize(l, 0.0);
            w.g.clear();
            w.g.resize(if deepsets && !two { l * l } else { 0 }, 0.0);
            w.vk.resize(d * l, 0.0);
            accumulate_pairs(
                (n, d, l),
                x,
                &st.factor,
                &st.lap,
                &st.drho,
                deepsets && !two,
                &mut w.lap_sum,
                &mut w.g,
                &mut w.vk,
                grad,
            );
            let first: f64 = st.drho.iter().zip(&w.lap_sum).map(|(a, b)| a * b).sum();
            let Some(rho) = &self.rho else {
                return first;
            };
            // tr(H G) without H: G = Σ_i u_i u_iᵀ by pivoted Cholesky (rank ≤
            // min(L, (N − 1) d) directions), then Σ_i u_iᵀ H u_i from one forward
            // pass of ρ carrying a jet per direction
            let n_dirs = if two {
                // accumulate_pairs leaves v_1c (the last particle's) in vk
                w.dirs.clear();
                w.dirs
                    .extend(w.vk[..d * l].iter().map(|v| std::f64::consts::SQRT_2 * v));
                d
            } else {
                for a in 0..l {
                    for b in 0..a {
                        w.g[a * l + b] = w.g[b * l + a];
                    }
                }
                pivoted_cholesky(&mut w.g, l, &mut w.dirs)
            };
            w.curv.resize(n_dirs, 0.0);
            let scratch = rho.scratch_in(&mut w.rho);
            // from ρ's activations at Φ (kept by the state): no value pass, no tanh
            rho.curvatures_from_acts(
                &self.params,
                &st.rho_acts,
                &w.dirs[..n_dirs * l],
                scratch,
                &mut w.curv[..n_dirs],
            );
            first + w.curv[..n_dirs].iter().sum::<f64>()
        })
    }
}

widest_simd! {
    /// The pass over the particles k of [`NeuralJastrow::gradient_laplacian`]
    /// (`shape` = (N, d, L)): Σ_k Σ_{j≠k} Λ(r_kj) into `lap_sum`, ∇_k J added to
    /// `grad` when given and, with `deepsets`, the upper triangle of G into `g`;
    /// `vk` ends holding v_kc of the last particle (c-th row of L at [c L]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn accumulate_pairs(
        shape: (usize, usize, usize),
        x: &[f64],
        factor: &[f64],
        lap: &[f64],
        drho: &[f64],
        deepsets: bool,
        lap_sum: &mut [f64],
        g: &mut [f64],
        vk: &mut [f64],
        grad: Option<&mut [f64]>,
    ) {
        let (n, d, l) = shape;
        let mut grad = grad;
        for k in 0..n {
            vk.fill(0.0);
            for j in 0..n {
                if j == k {
                    continue;
                }
                let at = (k * n + j) * l;
                let factor = &factor[at..at + l];
                lap_sum
                    .iter_mut()
                    .zip(&lap[at..at + l])
                    .for_each(|(a, b)| *a += b);
                for c in 0..d {
                    let dx = x[k * d + c] - x[j * d + c];
                    let row = &mut vk[c * l..(c + 1) * l];
                    row.iter_mut().zip(factor).for_each(|(v, f)| *v += f * dx);
                }
            }
            if let Some(grad) = grad.as_deref_mut() {
                for c in 0..d {
                    grad[k * d + c] += drho
                        .iter()
                        .zip(&vk[c * l..(c + 1) * l])
                        .map(|(a, b)| a * b)
                        .sum::<f64>();
                }
            }
            if deepsets {
                // G += v vᵀ for each coordinate (upper triangle; mirrored by the caller)
                for c in 0..d {
                    let row = &vk[c * l..(c + 1) * l];
                    for a in 0..l {
                        let ra = row[a];
                        let (ga, rb) = (&mut g[a * l + a..(a + 1) * l], &row[a..]);
                        ga.iter_mut().zip(rb).for_each(|(g, &b)| *g += ra * b);
                    }
                }
            }
        }
    }
}

/// Per-thread buffers of the `&self` evaluations (the local energy and ∂J/∂θ
/// read the walker's state without owning it): no allocation per sample.
#[derive(Default)]
pub(super) struct Work {
    pub(super) lap_sum: Vec<f64>,
    pub(super) g: Vec<f64>,
    pub(super) vk: Vec<f64>,
    pub(super) dirs: Vec<f64>,
    pub(super) curv: Vec<f64>,
    pub(super) phi: Option<Scratch>,
    pub(super) rho: Option<Scratch>,
    /// F of the proposed row, a Λ buffer, jet buffers and ∂ρ/∂Φ at the proposal
    /// (importance sampling's proposed drift).
    pub(super) row_factor: Vec<f64>,
    pub(super) row_lap: Vec<f64>,
    pub(super) d1: Vec<f64>,
    pub(super) d2: Vec<f64>,
    pub(super) drho: Vec<f64>,
    /// The proposal id whose row the four buffers above hold (0: none).
    pub(super) row_of: u64,
}

thread_local! {
    pub(super) static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
    /// This thread's next proposal id and the end of its block of ids.
    static PROPOSAL_IDS: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// Proposal ids are unique across threads: each thread draws them from its own
/// block of this many, taken from a global counter (no contention per proposal).
pub(super) const PROPOSAL_ID_BLOCK: u64 = 1 << 20;
static NEXT_PROPOSAL_BLOCK: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A proposal id never returned before in this process (never 0).
pub(super) fn next_proposal_id() -> u64 {
    PROPOSAL_IDS.with(|ids| {
        let (mut next, mut end) = ids.get();
        if next == end {
            next = NEXT_PROPOSAL_BLOCK
                .fetch_add(PROPOSAL_ID_BLOCK, std::sync::atomic::Ordering::Relaxed);
            end = next + PROPOSAL_ID_BLOCK;
        }
        ids.set((next + 1, end));
        next
    })
}

/// Writes u_1 … u_r (L each) into `dirs` with G = Σ_i u_i u_iᵀ for the symmetric
/// positive semi-definite L × L matrix `g` (overwritten), by Cholesky with
/// diagonal pivoting stopped once the largest remaining diagonal entry is below
/// 1e-14 of G's largest (the rest of G is round-off: |G − Σ u uᵀ| ≤ 1e-14 |G| L);
/// returns r ≤ L.
pub(super) fn pivoted_cholesky(g: &mut [f64], l: usize, dirs: &mut Vec<f64>) -> usize {
    dirs.clear();
    let scale = (0..l).map(|a| g[a * l + a]).fold(0.0, f64::max);
    let tol = 1e-14 * scale;
    let mut r = 0;
    while r < l {
        let (p, pivot) = (0..l)
            .map(|a| (a, g[a * l + a]))
            .fold((0, f64::NEG_INFINITY), |m, v| if v.1 > m.1 { v } else { m });
        if pivot.is_nan() || pivot <= tol {
            break;
        }
        let inv = 1.0 / pivot.sqrt();
        let start = dirs.len();
        dirs.extend((0..l).map(|a| g[a * l + p] * inv));
        let u = &dirs[start..];
        for a in 0..l {
            for b in 0..l {
                g[a * l + b] -= u[a] * u[b];
            }
        }
        r += 1;
    }
    r
}
