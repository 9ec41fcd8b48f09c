//! [`WaveFunction`] for [`NeuralJastrow`]: a walker's state, its moves, and the
//! derivatives the local energy and the optimisers read.

#![allow(clippy::needless_range_loop)]

use super::passes::*;
use super::*;

impl WaveFunction for NeuralJastrow {
    type State = NeuralJastrowState;

    fn n_particles(&self) -> usize {
        self.n_particles
    }
    fn dim(&self) -> usize {
        self.dim
    }
    fn n_params(&self) -> usize {
        self.params.len()
    }
    fn write_params(&self, out: &mut [f64]) {
        out.copy_from_slice(&self.params);
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        check_params(params, self.params.len())?;
        self.params.copy_from_slice(params);
        self.transpose_weights();
        Ok(())
    }
    fn spin_up(&self) -> Option<usize> {
        self.spin_dependent.then_some(self.n_up)
    }

    fn state(&self, x: &[f64]) -> NeuralJastrowState {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        let n_rho = self.rho.as_ref().map_or(0, Mlp::n_acts);
        let pairs = PairDistances::new(x, n, self.dim);
        let mut st = NeuralJastrowState {
            pairs,
            value: vec![0.0; n * n * l],
            factor: vec![0.0; n * n * l],
            lap: vec![0.0; n * n * l],
            sum: vec![0.0; l],
            j: 0.0,
            drho: vec![0.0; l],
            acts: vec![0.0; n * n * na],
            rho_acts: vec![0.0; n_rho],
            new_acts: vec![0.0; n * na],
            new_sum: vec![0.0; l],
            new_j: 0.0,
            new_rho_acts: vec![0.0; n_rho],
            accepted: 0,
            proposal: 0,
            stale: vec![false; n * n],
            n_stale: 0,
            stale_drho: false,
            phi_scratch: self.phi.scratch(),
            rho_scratch: self.rho.as_ref().map(Mlp::scratch),
            d1: vec![0.0; l],
            d2: vec![0.0; l],
        };
        let (mut acts, mut f, mut lap) = (vec![0.0; na], vec![0.0; l], vec![0.0; l]);
        for i in 0..n {
            for j in (i + 1)..n {
                let r = st.pairs.get(i, j);
                self.pair_value(i, j, r, &mut st.phi_scratch, &mut acts);
                self.pair_derivatives(
                    r,
                    &acts,
                    &mut st.phi_scratch,
                    &mut st.d1,
                    &mut st.d2,
                    &mut f,
                    &mut lap,
                );
                for (a, b) in [(i, j), (j, i)] {
                    let at = (a * n + b) * l;
                    st.value[at..at + l].copy_from_slice(&acts[na - l..]);
                    st.factor[at..at + l].copy_from_slice(&f);
                    st.lap[at..at + l].copy_from_slice(&lap);
                }
                let at = (i * n + j) * na;
                st.acts[at..at + na].copy_from_slice(&acts);
            }
        }
        self.resum(&mut st);
        self.refresh_rho(&mut st);
        st
    }

    fn log_value(&self, st: &NeuralJastrowState, _x: &[f64]) -> f64 {
        st.j
    }

    fn add_gradient(&self, st: &NeuralJastrowState, x: &[f64], grad: &mut [f64]) {
        let (n, d, l) = (self.n_particles, self.dim, self.width());
        for i in 0..n {
            for j in (i + 1)..n {
                let at = (i * n + j) * l;
                let f: f64 = st
                    .drho
                    .iter()
                    .zip(&st.factor[at..at + l])
                    .map(|(a, b)| a * b)
                    .sum();
                for c in 0..d {
                    let v = f * (x[i * d + c] - x[j * d + c]);
                    grad[i * d + c] += v;
                    grad[j * d + c] -= v;
                }
            }
        }
    }

    fn add_particle_gradient(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        k: usize,
        grad: &mut [f64],
    ) {
        let (n, l, d) = (self.n_particles, self.width(), self.dim);
        let p = &x[k * d..(k + 1) * d];
        self.add_row_gradient(x, k, p, |j| (k * n + j) * l, &st.factor, &st.drho, grad);
    }

    fn laplacian(&self, st: &NeuralJastrowState, x: &[f64]) -> f64 {
        self.gradient_laplacian(st, x, None)
    }

    fn add_gradient_laplacian(&self, st: &NeuralJastrowState, x: &[f64], grad: &mut [f64]) -> f64 {
        self.gradient_laplacian(st, x, Some(grad))
    }

    fn param_derivatives(&self, st: &NeuralJastrowState, _x: &[f64], out: &mut [f64]) {
        out.fill(0.0);
        let n = self.n_particles;
        let na = self.phi.n_acts();
        WORK.with_borrow_mut(|w| {
            let s = self.phi.scratch_in(&mut w.phi);
            for i in 0..n {
                for j in (i + 1)..n {
                    let input = self.pair_input(i, j, st.pairs.get(i, j));
                    let at = (i * n + j) * na;
                    self.phi.backprop_from_acts_transposed(
                        &self.params,
                        Some(&self.params_t),
                        &input[..self.phi.n_in()],
                        &st.acts[at..at + na],
                        &st.drho,
                        s,
                        Some(out),
                        None,
                    );
                }
            }
            if let Some(rho) = &self.rho {
                let s = rho.scratch_in(&mut w.rho);
                rho.backprop_from_acts_transposed(
                    &self.params,
                    Some(&self.params_t),
                    &st.sum,
                    &st.rho_acts,
                    &[1.0],
                    s,
                    Some(out),
                    None,
                );
            }
        });
    }

    fn propose(&self, st: &mut NeuralJastrowState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        st.pairs.propose(x, k, new);
        st.proposal = next_proposal_id();
        st.new_sum.copy_from_slice(&st.sum);
        for j in 0..n {
            if j == k {
                continue;
            }
            let r = st.pairs.proposed_row()[j];
            let acts = &mut st.new_acts[j * na..(j + 1) * na];
            self.pair_value(k, j, r, &mut st.phi_scratch, acts);
            let new = &acts[na - l..];
            let old = &st.value[(k * n + j) * l..(k * n + j + 1) * l];
            for m in 0..l {
                st.new_sum[m] += new[m] - old[m];
            }
        }
        st.new_j = self.rho_value(&st.new_sum, st.rho_scratch.as_mut(), &mut st.new_rho_acts);
        st.new_j - st.j
    }

    fn add_proposed_gradient(
        &self,
        st: &NeuralJastrowState,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        // the proposal computed values only: F and Λ of the row and ∂ρ/∂Φ from its
        // activations, into per-thread buffers tagged with the proposal's id, which
        // accept copies instead of computing them again
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        WORK.with_borrow_mut(|w| {
            w.row_factor.resize(n * l, 0.0);
            w.row_lap.resize(n * l, 0.0);
            w.d1.resize(l, 0.0);
            w.d2.resize(l, 0.0);
            w.drho.resize(l, 0.0);
            let s = self.phi.scratch_in(&mut w.phi);
            for j in 0..n {
                if j == k {
                    continue;
                }
                let r = st.pairs.proposed_row()[j];
                self.pair_derivatives(
                    r,
                    &st.new_acts[j * na..(j + 1) * na],
                    s,
                    &mut w.d1,
                    &mut w.d2,
                    &mut w.row_factor[j * l..(j + 1) * l],
                    &mut w.row_lap[j * l..(j + 1) * l],
                );
            }
            let s = self.rho.as_ref().map(|rho| rho.scratch_in(&mut w.rho));
            self.rho_gradient(&st.new_sum, &st.new_rho_acts, s, &mut w.drho);
            self.add_row_gradient(x, k, new, |j| j * l, &w.row_factor, &w.drho, grad);
            w.row_of = st.proposal;
        });
    }

    fn accept(&self, st: &mut NeuralJastrowState, k: usize, _new: &[f64]) {
        self.accept_row(st, k, false);
    }

    fn accept_deferred(&self, st: &mut NeuralJastrowState, k: usize, _new: &[f64]) {
        self.accept_row(st, k, true);
    }

    fn finish_moves(&self, st: &mut NeuralJastrowState) {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        if st.n_stale > 0 {
            for i in 0..n {
                for j in (i + 1)..n {
                    if !std::mem::take(&mut st.stale[i * n + j]) {
                        continue;
                    }
                    let r = st.pairs.get(i, j);
                    let (at, src) = ((i * n + j) * l, (i * n + j) * na);
                    self.pair_derivatives(
                        r,
                        &st.acts[src..src + na],
                        &mut st.phi_scratch,
                        &mut st.d1,
                        &mut st.d2,
                        &mut st.factor[at..at + l],
                        &mut st.lap[at..at + l],
                    );
                    let to = (j * n + i) * l;
                    st.factor.copy_within(at..at + l, to);
                    st.lap.copy_within(at..at + l, to);
                }
            }
            st.n_stale = 0;
        }
        if std::mem::take(&mut st.stale_drho) {
            self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
        }
    }
}

impl NeuralJastrow {
    /// [`WaveFunction::accept`]; with `defer`, F, Λ of the row and ∂ρ/∂Φ are left
    /// for [`WaveFunction::finish_moves`] unless add_proposed_gradient computed
    /// them.
    pub(super) fn accept_row(&self, st: &mut NeuralJastrowState, k: usize, defer: bool) {
        let (n, l) = (self.n_particles, self.width());
        let na = self.phi.n_acts();
        st.pairs.accept(k);
        // the row's F, Λ and ∂ρ/∂Φ: from add_proposed_gradient's buffers if it ran
        // for this proposal on this thread (the same numbers), else computed here
        let cached = st.proposal != 0
            && WORK.with_borrow_mut(|w| {
                if w.row_of != st.proposal {
                    return false;
                }
                w.row_of = 0;
                for j in (0..n).filter(|&j| j != k) {
                    let at = (k * n + j) * l;
                    st.factor[at..at + l].copy_from_slice(&w.row_factor[j * l..(j + 1) * l]);
                    st.lap[at..at + l].copy_from_slice(&w.row_lap[j * l..(j + 1) * l]);
                }
                st.drho.copy_from_slice(&w.drho[..l]);
                true
            });
        for j in 0..n {
            if j == k {
                continue;
            }
            let r = st.pairs.get(k, j);
            let src = &st.new_acts[j * na..(j + 1) * na];
            let at = (k * n + j) * l;
            let (lo, hi) = (k.min(j), k.max(j));
            if defer && !cached {
                if !std::mem::replace(&mut st.stale[lo * n + hi], true) {
                    st.n_stale += 1;
                }
            } else {
                st.stale[lo * n + hi] = false;
            }
            if !defer && !cached {
                self.pair_derivatives(
                    r,
                    src,
                    &mut st.phi_scratch,
                    &mut st.d1,
                    &mut st.d2,
                    &mut st.factor[at..at + l],
                    &mut st.lap[at..at + l],
                );
            }
            st.value[at..at + l].copy_from_slice(&src[na - l..]);
            let to = (j * n + k) * l;
            st.value.copy_within(at..at + l, to);
            // a deferred pair's F and Λ are computed and mirrored by finish_moves
            if !defer || cached {
                st.factor.copy_within(at..at + l, to);
                st.lap.copy_within(at..at + l, to);
            }
            // the activations are read at i < j only
            let at = (lo * n + hi) * na;
            st.acts[at..at + na].copy_from_slice(src);
        }
        std::mem::swap(&mut st.sum, &mut st.new_sum);
        std::mem::swap(&mut st.rho_acts, &mut st.new_rho_acts);
        st.j = st.new_j;
        if defer && !cached {
            st.stale_drho = true;
        } else if !cached {
            self.rho_gradient(&st.sum, &st.rho_acts, st.rho_scratch.as_mut(), &mut st.drho);
            st.stale_drho = false;
        } else {
            st.stale_drho = false;
        }
        st.proposal = 0;
        st.accepted += 1;
        if st.accepted.is_multiple_of(RESUM_EVERY) {
            self.resum(st);
            self.refresh_rho(st);
        }
    }
}
