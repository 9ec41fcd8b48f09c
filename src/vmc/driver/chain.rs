//! One chain's run: what it collects (Welford co-moments of the parameter
//! derivatives, merged with Chan et al.'s formula) and its sweeps.

use super::{ChainCursor, ChainRun, CoMoment, Collect};
use crate::error::{Error, Result};
use crate::simd::widest_simd;
use crate::vmc::hamiltonian::Hamiltonian;
use crate::vmc::observables::{local_energy, ObservableAccumulator};
use crate::vmc::sampler::{Sampler, Walker};
use crate::vmc::wavefunction::WaveFunction;

impl CoMoment {
    pub(super) fn new(p: usize) -> Self {
        CoMoment {
            n: 0.0,
            mean: vec![0.0; p],
            c: vec![0.0; p * p],
            delta: vec![0.0; p],
        }
    }

    pub(super) fn add(&mut self, o: &[f64]) {
        self.n += 1.0;
        for ((d, m), oi) in self.delta.iter_mut().zip(self.mean.iter_mut()).zip(o) {
            *d = oi - *m;
            *m += *d / self.n;
        }
        comoment_rows(&self.delta, o, &self.mean, &mut self.c);
    }

    pub(super) fn merge(&mut self, other: &CoMoment) {
        let p = self.mean.len();
        let n = self.n + other.n;
        if other.n == 0.0 {
            return;
        }
        let f = self.n * other.n / n;
        for i in 0..p {
            self.delta[i] = other.mean[i] - self.mean[i];
        }
        for i in 0..p {
            for j in i..p {
                self.c[i * p + j] += other.c[i * p + j] + f * self.delta[i] * self.delta[j];
            }
        }
        for i in 0..p {
            self.mean[i] += self.delta[i] * other.n / n;
        }
        self.n = n;
    }

    /// S = C/n, both triangles.
    pub(super) fn covariance(&self) -> Vec<f64> {
        let p = self.mean.len();
        let mut s = vec![0.0; p * p];
        for i in 0..p {
            for j in i..p {
                let v = self.c[i * p + j] / self.n;
                s[i * p + j] = v;
                s[j * p + i] = v;
            }
        }
        s
    }
}

impl<S> ChainCursor<S> {
    /// A cursor for `n` of the run's `n_total` samples.
    pub(super) fn new(
        n: usize,
        n_total: usize,
        burn_in: usize,
        p: usize,
        collect: Collect,
        hamiltonian: &Hamiltonian,
    ) -> Result<Self> {
        // the derivatives first: they are P times larger than the energies
        let mut derivatives = Vec::new();
        if collect.derivatives {
            n.checked_mul(p)
                .and_then(|len| derivatives.try_reserve_exact(len).ok())
                .ok_or_else(|| {
                    Error::param(
                        "n_samples",
                        &format!(
                            "must be small enough to keep the {p} parameter derivatives of every \
                             sample in memory for the SR solvers 'cg' and 'sample' \
                             (n_samples × {p} × 8 bytes = {:.3} GB); lower n_samples or use \
                             solver='dense'",
                            n_total as f64 * p as f64 * 8e-9
                        ),
                        n_total,
                    )
                })?;
        }
        let mut energies = Vec::new();
        energies.try_reserve_exact(n).map_err(|_| {
            Error::param(
                "n_samples",
                "must be small enough to keep every local energy in memory (8 bytes each)",
                format!("{n} for one chain"),
            )
        })?;
        Ok(ChainCursor {
            state: None,
            burn_in_left: burn_in,
            samples_left: n,
            run: ChainRun {
                energies,
                accepted: 0,
                proposed: 0,
                o_sum: vec![0.0; p],
                eo_sum: vec![0.0; p],
                comoment: collect.covariance.then(|| CoMoment::new(p)),
                derivatives,
                observables: collect.observables.map(|c| {
                    ObservableAccumulator::new(c, hamiltonian.n_particles(), hamiltonian.dim())
                }),
            },
        })
    }
}

widest_simd! {
    /// C_ij += δ_i (o_j − m_j) for j ≥ i (P × P, the upper triangle), vectorised.
    fn comoment_rows(delta: &[f64], o: &[f64], mean: &[f64], c: &mut [f64]) {
        let p = o.len();
        for i in 0..p {
            let di = delta[i];
            let row = &mut c[i * p + i..(i + 1) * p];
            for (c, (oj, mj)) in row.iter_mut().zip(o[i..].iter().zip(&mean[i..])) {
                *c += di * (oj - mj);
            }
        }
    }
}

widest_simd! {
    /// ΣO += O and ΣE·O += E O, vectorised.
    fn accumulate_derivatives(o_sum: &mut [f64], eo_sum: &mut [f64], o: &[f64], e: f64) {
        for ((s, es), oi) in o_sum.iter_mut().zip(eo_sum.iter_mut()).zip(o) {
            *s += oi;
            *es += e * oi;
        }
    }
}

/// Advances one chain by at most `max_sweeps` sweeps (burn-in first, then one sample
/// per sweep) and collects.
pub(super) fn advance_chain<W: WaveFunction>(
    walker: &mut Walker,
    cursor: &mut ChainCursor<W::State>,
    wf: &W,
    hamiltonian: &Hamiltonian,
    sampler: &Sampler,
    max_sweeps: usize,
    collect: Collect,
) -> Result<()> {
    let state = cursor
        .state
        .get_or_insert_with(|| wf.state(walker.position()));
    let run = &mut cursor.run;
    let p = run.o_sum.len();
    let mut grad = vec![0.0; hamiltonian.n_coords()];
    let mut o = vec![0.0; p];
    let moves = walker.moves_per_sweep(sampler, hamiltonian.n_particles());
    let burn = cursor.burn_in_left.min(max_sweeps);
    // burn-in samples are not read: the derivative terms once, after the last
    for _ in 0..burn {
        walker.sweep_values(wf, state, sampler);
    }
    if burn > 0 {
        wf.finish_moves(state);
    }
    cursor.burn_in_left -= burn;
    let n = cursor.samples_left.min(max_sweeps - burn);
    // A sweep that accepts no move leaves the configuration and the state as they
    // were: its sample's local energy and O are the previous sample's (the same
    // numbers), kept instead of computed again.
    let mut previous: Option<f64> = None;
    for _ in 0..n {
        let accepted = walker.sweep(wf, state, sampler);
        run.accepted += accepted;
        run.proposed += moves;
        let x = walker.position();
        let same = accepted == 0 && previous.is_some();
        let e = match previous {
            Some(e) if same => e,
            _ => local_energy(hamiltonian, wf, state, x, &mut grad),
        };
        previous = Some(e);
        if !e.is_finite() {
            return Err(Error::Numerical(format!(
                "the local energy is {e}: a walker escaped to a region where the wave function is not \
                 normalisable or its derivatives overflow; lower the learning rate or the step, or start \
                 from smaller parameters"
            )));
        }
        run.energies.push(e);
        if collect.gradient {
            if !same {
                wf.param_derivatives(state, x, &mut o);
            }
            accumulate_derivatives(&mut run.o_sum, &mut run.eo_sum, &o, e);
            if let Some(cm) = run.comoment.as_mut() {
                cm.add(&o);
            }
            if collect.derivatives {
                run.derivatives.extend_from_slice(&o);
            }
        }
        if let Some(acc) = run.observables.as_mut() {
            acc.add(x);
        }
    }
    cursor.samples_left -= n;
    Ok(())
}
