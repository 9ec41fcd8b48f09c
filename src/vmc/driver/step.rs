//! An optimisation step's second half: the chains combined in chain order, the
//! estimate checked, and the update (the SR solvers, distributed under MPI).

use super::{ChainRun, Collect, Combined, Estimate, Iteration, Sampling, Vmc};
use crate::error::{Error, Result};
use crate::stats;
use crate::vmc::observables::Observables;
use crate::vmc::optimizer::{CentredDerivatives, Exchange, Metric, MetricKind};
use crate::vmc::wavefunction::WaveFunction;
use rayon::prelude::*;

impl<W: WaveFunction> Vmc<W> {
    pub(super) fn combine(&self, sampling: &Sampling<W::State>) -> Combined {
        let (collect, p) = (sampling.collect, self.wavefunction.n_params());
        let runs: Vec<&ChainRun> = sampling.chains.iter().map(|c| &c.run).collect();
        let n_samples = sampling.n_collected();
        // The chains' energies, concatenated in chain order; copied in parallel (for
        // millions of samples the copy and its page faults are a good part of what a
        // call does outside the chains).
        let mut energies = vec![0.0; n_samples];
        {
            let mut rest: &mut [f64] = &mut energies;
            let mut parts = Vec::with_capacity(runs.len());
            for r in &runs {
                let (part, tail) = rest.split_at_mut(r.energies.len());
                parts.push((part, &r.energies));
                rest = tail;
            }
            // a few thousand samples: not worth a hand-off to the thread pool
            crate::linalg::map_maybe_parallel(parts, n_samples >= 1 << 16, |(part, src)| {
                part.copy_from_slice(src)
            });
        }
        let (mut accepted, mut proposed) = (0, 0);
        let mut o_sum = vec![0.0; if collect.gradient { p } else { 0 }];
        let mut eo_sum = o_sum.clone();
        for r in &runs {
            accepted += r.accepted;
            proposed += r.proposed;
            for i in 0..o_sum.len() {
                o_sum[i] += r.o_sum[i];
                eo_sum[i] += r.eo_sum[i];
            }
        }
        let n = energies.len() as f64;
        let summary = stats::summarize(&energies);
        let energy = summary.mean;
        let estimate = Estimate {
            energy,
            error: summary.error,
            variance: summary.variance,
            acceptance: accepted as f64 / proposed.max(1) as f64,
            n_samples: energies.len(),
        };
        let o_mean: Vec<f64> = o_sum.iter().map(|s| s / n).collect();
        let gradient: Vec<f64> = (0..o_sum.len())
            .map(|i| 2.0 * (eo_sum[i] / n - energy * o_mean[i]))
            .collect();
        let covariance = if collect.covariance {
            let (lo, hi) = (sampling.first, sampling.first + runs.len());
            sampling.merged_comoment(lo, hi).map(|cm| cm.covariance())
        } else {
            None
        };
        Combined {
            estimate,
            energies,
            gradient,
            o_mean,
            covariance,
            // merged in chain order, with standard errors from the chains' spread
            observables: Observables::from_chains(
                &runs
                    .iter()
                    .filter_map(|r| r.observables.as_ref())
                    .collect::<Vec<_>>(),
            ),
        }
    }

    /// What an optimisation step collects: the gradient and what the SR solver needs.
    pub(super) fn step_collect(&self) -> Collect {
        let kind = self
            .optimizer
            .metric_kind(self.wavefunction.n_params(), self.n_samples);
        Collect {
            gradient: true,
            covariance: kind == MetricKind::Covariance,
            derivatives: matches!(kind, MetricKind::Samples | MetricKind::Products),
            share_derivatives: kind == MetricKind::Samples,
            observables: None,
        }
    }

    /// Starts the sampling of an optimisation step in this process's chains:
    /// advance it with [`Vmc::advance`] until [`Sampling::is_done`], then either
    /// [`Vmc::finish_step`] (all chains here), or (MPI) send
    /// [`Sampling::to_buffer`] to every process and
    /// [`Vmc::finish_step_distributed`] the [`Vmc::gather_step`] of all processes'
    /// buffers in chain order.
    ///
    /// **Errors** as [`Vmc::step`].
    pub fn start_step(&mut self) -> Result<Sampling<W::State>> {
        let collect = self.step_collect();
        self.start(self.n_samples, collect)
    }

    /// The second half of an optimisation step: from the samples of all chains,
    /// the energy estimate and gradient, checked, and the update (see
    /// [`Vmc::start_step`]). The result depends only on the chains' samples, so it
    /// is the same whether they ran in one process or many.
    ///
    /// **Errors** as [`Vmc::step_interruptible`], and if the conjugate-gradient
    /// solver needs the products of other processes (use
    /// [`Vmc::finish_step_distributed`]).
    pub fn finish_step(&mut self, sampling: &mut Sampling<W::State>) -> Result<Iteration> {
        self.finish(sampling, None)
    }

    /// [`Vmc::finish_step`] of a [`Vmc::gather_step`] run under MPI: the
    /// conjugate-gradient solver applies S to its iterates with this process's
    /// derivatives and `exchange` (an allgather of n_local × P numbers, one per CG
    /// iteration, called the same number of times on every process); the other
    /// solvers do not call it. The numbers are bit-for-bit those of
    /// [`Vmc::finish_step`] with all chains in one process.
    ///
    /// **Errors** as [`Vmc::finish_step`], and with the exchange's error.
    pub fn finish_step_distributed(
        &mut self,
        sampling: &mut Sampling<W::State>,
        exchange: Exchange<'_>,
    ) -> Result<Iteration> {
        self.finish(sampling, Some(exchange))
    }

    pub(super) fn finish(
        &mut self,
        sampling: &mut Sampling<W::State>,
        exchange: Option<Exchange<'_>>,
    ) -> Result<Iteration> {
        let p = self.wavefunction.n_params();
        let kind = self.optimizer.metric_kind(p, self.n_samples);
        if sampling.chains.len() != self.n_chains || !sampling.collect.gradient {
            return Err(Error::Shape(format!(
                "finish_step needs the step's samples of all {} chains, got {}",
                self.n_chains,
                sampling.chains.len()
            )));
        }
        let sampling = &mut *sampling;
        let run = self.combine(sampling);
        self.check_estimate(&run.estimate)?;
        crate::error::check_finite("the energy gradient", &run.gradient)?;
        let derivatives = matches!(kind, MetricKind::Samples | MetricKind::Products);
        if derivatives {
            centre_derivatives(sampling, &run.o_mean);
        }
        let rows: Vec<&[f64]> = sampling.chains[sampling.with_derivatives.clone()]
            .iter()
            .map(|c| c.run.derivatives.as_slice())
            .collect();
        let metric = match (kind, &run.covariance) {
            (MetricKind::Covariance, Some(s)) => Metric::Covariance(s),
            (_, _) if derivatives => Metric::Samples {
                derivatives: if sampling.with_derivatives == (0..self.n_chains) {
                    CentredDerivatives::new(rows, p)?
                } else {
                    let exchange = exchange.ok_or_else(|| {
                        Error::Shape(
                            "this run's SR needs the derivatives of other processes: finish it with \
                             finish_step_distributed"
                                .into(),
                        )
                    })?;
                    CentredDerivatives::distributed(
                        rows,
                        p,
                        run.estimate.n_samples,
                        (sampling.with_derivatives.start, self.n_chains),
                        exchange,
                    )?
                },
                local_energies: &run.energies,
                energy: run.estimate.energy,
            },
            _ => Metric::None,
        };
        let old = self.wavefunction.params();
        let mut params = old.clone();
        self.optimizer.step(&mut params, &run.gradient, metric)?;
        self.wavefunction.constrain_params(&old, &mut params);
        self.wavefunction.set_params(&params)?;
        let it = Iteration {
            index: self.history.len(),
            estimate: run.estimate,
            gradient_norm: run.gradient.iter().map(|g| g * g).sum::<f64>().sqrt(),
        };
        self.history.push(&it);
        Ok(it)
    }

    /// Refuses an energy estimate that cannot belong to a normalisable wave
    /// function: not finite (or with a non-finite error or variance), or below
    /// [`Hamiltonian::energy_lower_bound`] by more than 10 standard errors (the
    /// larger of the blocking error and √(Var/n)) plus 10⁻⁸ relative. Optimisers
    /// that run away (energies of −10¹⁸⁰ with an error that underflows to 0) stop
    /// here instead of going on silently.
    pub(super) fn check_estimate(&self, e: &Estimate) -> Result<()> {
        let bound = self.hamiltonian.energy_lower_bound();
        let advice = "the parameters of the previous iteration are kept; lower the learning rate \
                      (or raise diag_shift for SR), or start from other parameters";
        if !(e.energy.is_finite() && e.error.is_finite() && e.variance.is_finite()) {
            return Err(Error::Numerical(format!(
                "the optimisation diverged at iteration {}: the energy estimate is {} ± {} (variance {}), \
                 not a finite number; {advice}",
                self.history.len(),
                e.energy,
                e.error,
                e.variance
            )));
        }
        let sigma = e.error.max((e.variance / e.n_samples.max(1) as f64).sqrt());
        let margin = 10.0 * sigma + 1e-8 * bound.abs().max(1.0);
        if e.energy < bound - margin {
            return Err(Error::Numerical(format!(
                "the optimisation diverged at iteration {}: the energy estimate {:.6e} ± {:.2e} E_h lies \
                 below {bound} E_h, a rigorous lower bound of this Hamiltonian (N independent particles \
                 in the trap; the interaction is repulsive), so the samples no longer describe a \
                 normalisable wave function; {advice}",
                self.history.len(),
                e.energy,
                e.error
            )));
        }
        Ok(())
    }
}

/// Subtracts ⟨O⟩ from every stored row of derivatives (chains in parallel).
fn centre_derivatives<S: Send>(sampling: &mut Sampling<S>, o_mean: &[f64]) {
    let p = o_mean.len();
    sampling.chains.par_iter_mut().for_each(|c| {
        for row in c.run.derivatives.chunks_exact_mut(p) {
            for (o, m) in row.iter_mut().zip(o_mean) {
                *o -= m;
            }
        }
    });
}
