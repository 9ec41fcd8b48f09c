//! The VMC driver: sampling runs over many independent chains and the optimisation
//! loop.
//!
//! Each of the `n_chains` Markov chains owns a walker and the RNG stream
//! `rng::stream(seed, chain)`; chains run in parallel with rayon and their results
//! are combined in chain order, so every number is bit-for-bit identical for any
//! number of threads. Walkers persist between runs (each run starts with the
//! sampler's burn-in sweeps).
//!
//! A run of n samples gives chain c ⌊n/C⌋ samples, plus one for c < n mod C. The
//! energy is the mean of all local energies, its error the blocking estimate
//! ([`crate::stats::blocking_error`]) of the chains' series concatenated in chain
//! order, the variance the population variance of the local energies.
//!
//! For stochastic reconfiguration a step collects what its solver needs
//! ([`VmcOptimizer::metric_kind`]): the dense covariance S (Welford's co-moment per
//! sample, chains merged in a fixed binary tree over their indices, so that an MPI
//! process sends the merged co-moments of the few tree nodes covering its chains,
//! one for a power-of-two number of processes, and every process merges the same
//! tree), or every sample's parameter derivatives (n × P numbers, kept per chain and
//! centred in place once ⟨O⟩ is known; under MPI the conjugate-gradient solver
//! keeps them on their process and exchanges per-chain products S v, the
//! sample-space solver gathers them all).

mod chain;
mod sampling;
mod step;
#[cfg(test)]
mod tests;

use self::chain::advance_chain;
use super::hamiltonian::Hamiltonian;
use super::observables::{ObservableAccumulator, ObservableConfig, Observables};
use super::optimizer::VmcOptimizer;
use super::sampler::{Sampler, Walker};
use super::wavefunction::{Ansatz, WaveFunction};
use crate::error::{Error, Result};
use rayon::prelude::*;

/// Energy estimate of one sampling run.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// ⟨E_L⟩.
    pub energy: f64,
    /// Blocking error of ⟨E_L⟩.
    pub error: f64,
    /// Var(E_L) (zero for an exact eigenstate).
    pub variance: f64,
    /// Fraction of accepted moves.
    pub acceptance: f64,
    /// Number of samples.
    pub n_samples: usize,
}

/// One optimisation iteration: the estimate at the parameters before the update.
#[derive(Clone, Debug, PartialEq)]
pub struct Iteration {
    /// Index of the iteration (0-based, counted over the driver's lifetime).
    pub index: usize,
    /// The energy estimate.
    pub estimate: Estimate,
    /// |g|, the Euclidean norm of the energy gradient.
    pub gradient_norm: f64,
}

/// Per-iteration history of the optimisation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// ⟨E_L⟩ per iteration.
    pub energy: Vec<f64>,
    /// Blocking error per iteration.
    pub error: Vec<f64>,
    /// Var(E_L) per iteration.
    pub variance: Vec<f64>,
    /// Acceptance per iteration.
    pub acceptance: Vec<f64>,
    /// |g| per iteration.
    pub gradient_norm: Vec<f64>,
}

impl History {
    fn push(&mut self, it: &Iteration) {
        self.energy.push(it.estimate.energy);
        self.error.push(it.estimate.error);
        self.variance.push(it.estimate.variance);
        self.acceptance.push(it.estimate.acceptance);
        self.gradient_norm.push(it.gradient_norm);
    }

    /// Number of iterations recorded.
    pub fn len(&self) -> usize {
        self.energy.len()
    }

    /// Whether no iteration was recorded.
    pub fn is_empty(&self) -> bool {
        self.energy.is_empty()
    }
}

/// The result of [`Vmc::sample`].
#[derive(Clone, Debug, PartialEq)]
pub struct SampleResult {
    /// The energy estimate.
    pub estimate: Estimate,
    /// The local energies, chains concatenated in chain order.
    pub local_energies: Vec<f64>,
    /// Densities and pair statistics with standard errors from the spread over
    /// chains (see [`Observables::from_chains`]), if requested.
    pub observables: Option<Observables>,
}

/// What a chain collects besides the local energies.
#[derive(Clone, Copy, Debug)]
struct Collect {
    gradient: bool,
    covariance: bool,
    /// Every sample's O, kept per chain.
    derivatives: bool,
    /// The derivatives also sent to every process (the sample-space solver needs
    /// them all; conjugate gradients exchange products S v instead).
    share_derivatives: bool,
    observables: Option<ObservableConfig>,
}

/// What one chain has collected in a run.
#[derive(Debug)]
struct ChainRun {
    energies: Vec<f64>,
    accepted: usize,
    proposed: usize,
    o_sum: Vec<f64>,
    eo_sum: Vec<f64>,
    comoment: Option<CoMoment>,
    /// Every sample's O, row-major (when `Collect::derivatives`).
    derivatives: Vec<f64>,
    observables: Option<ObservableAccumulator>,
}

/// Running mean m and co-moment C = Σ_s (O_s − m)(O_s − m)ᵀ of parameter
/// derivatives (Welford's update; chains merged with Chan et al.'s formula),
/// upper triangle only.
#[derive(Clone, Debug)]
struct CoMoment {
    n: f64,
    mean: Vec<f64>,
    c: Vec<f64>,
    delta: Vec<f64>,
}

/// One chain's part of a run in progress: its wave-function state (kept between
/// chunks, so a chunked run is bit-for-bit the same as an unchunked one), the
/// burn-in sweeps and samples still to do, and what it has collected.
#[derive(Debug)]
struct ChainCursor<S> {
    state: Option<S>,
    burn_in_left: usize,
    samples_left: usize,
    run: ChainRun,
}

/// A sampling run in progress, started by [`Vmc::start_sample`], advanced in
/// chunks by [`Vmc::advance`] and summarised by [`Vmc::finish_sample`] (also part
/// way through, for the samples collected so far).
#[derive(Debug)]
pub struct Sampling<S> {
    chains: Vec<ChainCursor<S>>,
    collect: Collect,
    /// Global index of the first chain.
    first: usize,
    /// Chains of the whole run (all processes).
    n_total: usize,
    /// Co-moments already merged over the chains lo..hi (the merge-tree nodes
    /// gathered from the processes).
    blocks: Vec<(usize, usize, CoMoment)>,
    /// The entries of `chains` that hold their derivatives (all, except in a
    /// gathered run of the conjugate-gradient solver: this process's chains).
    with_derivatives: std::ops::Range<usize>,
}

/// Everything combined over chains.
struct Combined {
    estimate: Estimate,
    energies: Vec<f64>,
    gradient: Vec<f64>,
    /// ⟨O⟩ (empty without the gradient).
    o_mean: Vec<f64>,
    covariance: Option<Vec<f64>>,
    observables: Option<Observables>,
}

/// A variational Monte Carlo run: system, trial wave function, sampler, optimiser.
#[derive(Clone, Debug)]
pub struct Vmc<W: WaveFunction = Ansatz> {
    hamiltonian: Hamiltonian,
    wavefunction: W,
    sampler: Sampler,
    optimizer: VmcOptimizer,
    n_samples: usize,
    n_chains: usize,
    seed: u64,
    /// The global index of this process's first chain (0 without MPI).
    chain_offset: usize,
    /// The chains this process runs: global indices chain_offset..chain_offset + n_local.
    n_local: usize,
    walkers: Vec<Walker>,
    history: History,
}

impl<W: WaveFunction> Vmc<W> {
    /// A driver drawing `n_samples` samples per optimisation iteration from
    /// `n_chains` chains seeded by `seed`.
    ///
    /// **Errors** if the wave function's N or d differ from the Hamiltonian's, it
    /// does not fit the particles' statistics
    /// ([`Hamiltonian::check_wavefunction`]: electrons need a Slater determinant),
    /// the sampler cannot sample the wave function (Gibbs on a non-RBM),
    /// n_chains < 1 or n_samples < n_chains.
    pub fn new(
        hamiltonian: Hamiltonian,
        wavefunction: W,
        sampler: Sampler,
        optimizer: VmcOptimizer,
        n_samples: usize,
        n_chains: usize,
        seed: u64,
    ) -> Result<Self> {
        hamiltonian.check_shape(&wavefunction)?;
        sampler.check(&wavefunction)?;
        hamiltonian.check_wavefunction(&wavefunction)?;
        if n_chains < 1 {
            return Err(Error::param("n_chains", "must be >= 1", n_chains));
        }
        check_samples(n_samples, n_chains)?;
        // per chain: the walker (a few copies of the N·d coordinates) and the wave
        // function's state, at most the pair distances and the Slater tables, N² (d + 5)
        let (n, d) = (hamiltonian.n_particles() as u128, hamiltonian.dim() as u128);
        crate::memory::check_f64s(
            "n_particles",
            hamiltonian.n_particles(),
            &format!("the walkers of {n_chains} chains of {n} particles"),
            &[
                n_chains as u128,
                8 * n * d + n.saturating_mul(n).saturating_mul(d + 6),
            ],
        )?;
        Ok(Vmc {
            hamiltonian,
            wavefunction,
            sampler,
            optimizer,
            n_samples,
            n_chains,
            seed,
            chain_offset: 0,
            n_local: n_chains,
            walkers: Vec::new(),
            history: History::default(),
        })
    }

    /// The system.
    pub fn hamiltonian(&self) -> &Hamiltonian {
        &self.hamiltonian
    }

    /// The trial wave function with its current parameters.
    pub fn wavefunction(&self) -> &W {
        &self.wavefunction
    }

    /// Replaces the wave-function parameters (walkers are kept).
    ///
    /// **Errors** as [`WaveFunction::set_params`].
    pub fn set_params(&mut self, params: &[f64]) -> Result<()> {
        self.wavefunction.set_params(params)
    }

    /// The sampler.
    pub fn sampler(&self) -> &Sampler {
        &self.sampler
    }

    /// The optimiser (with its moments).
    pub fn optimizer(&self) -> &VmcOptimizer {
        &self.optimizer
    }

    /// Samples per optimisation iteration.
    pub fn n_samples(&self) -> usize {
        self.n_samples
    }

    /// Number of chains.
    pub fn n_chains(&self) -> usize {
        self.n_chains
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The optimisation history so far.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The current walker configurations (one N·d slice per chain; empty before the
    /// first run).
    pub fn positions(&self) -> Vec<&[f64]> {
        self.walkers.iter().map(|w| w.position()).collect()
    }

    /// Restricts this driver to the chains with global indices `offset..offset +
    /// n_local` (one MPI rank's share); their walkers are created anew from their
    /// streams (seed, global index) at the next run.
    ///
    /// **Errors** if n_local < 1 or the range exceeds n_chains.
    pub fn set_local_chains(&mut self, offset: usize, n_local: usize) -> Result<()> {
        if n_local < 1
            || offset
                .checked_add(n_local)
                .is_none_or(|end| end > self.n_chains)
        {
            return Err(Error::param(
                "n_chains",
                &format!("must hold the chains {offset}..{offset}+{n_local} of this process"),
                self.n_chains,
            ));
        }
        self.chain_offset = offset;
        self.n_local = n_local;
        self.walkers.clear();
        Ok(())
    }

    /// The global index of this process's first chain and its number of chains.
    pub fn local_chains(&self) -> (usize, usize) {
        (self.chain_offset, self.n_local)
    }

    /// Each local walker's configuration (N·d coordinates) and RNG state (the four
    /// words of the xoshiro256++ generator), in chain order; empty before the first
    /// run.
    pub fn walker_states(&self) -> Vec<(Vec<f64>, [u64; 4])> {
        self.walkers
            .iter()
            .map(|w| (w.position().to_vec(), w.rng_state()))
            .collect()
    }

    /// Replaces the local walkers by ones at the given configurations and RNG
    /// states (as [`Vmc::walker_states`] returns them; none: walkers created anew).
    ///
    /// **Errors** if the number of walkers is not the number of local chains, or a
    /// configuration has not N·d finite coordinates.
    pub fn set_walker_states(&mut self, states: &[(Vec<f64>, [u64; 4])]) -> Result<()> {
        if states.is_empty() {
            self.walkers.clear();
            return Ok(());
        }
        if states.len() != self.n_local {
            return Err(Error::param(
                "walkers",
                &format!("must hold one walker per local chain ({})", self.n_local),
                states.len(),
            ));
        }
        let n_coords = self.hamiltonian.n_coords();
        self.walkers = states
            .iter()
            .map(|(x, rng)| {
                if x.len() != n_coords || x.iter().any(|v| !v.is_finite()) {
                    return Err(Error::param(
                        "walkers",
                        &format!("must hold {n_coords} finite coordinates per walker"),
                        format!("{} numbers", x.len()),
                    ));
                }
                Ok(Walker::from_state(&self.wavefunction, x.clone(), *rng))
            })
            .collect::<Result<_>>()?;
        Ok(())
    }

    /// Replaces the history (restoring a checkpoint).
    ///
    /// **Errors** if its arrays differ in length.
    pub fn set_history(&mut self, history: History) -> Result<()> {
        let n = history.energy.len();
        if [
            history.error.len(),
            history.variance.len(),
            history.acceptance.len(),
            history.gradient_norm.len(),
        ]
        .iter()
        .any(|&len| len != n)
        {
            return Err(Error::Shape(
                "the history's arrays must have the same length".into(),
            ));
        }
        self.history = history;
        Ok(())
    }

    /// The first-order optimiser's state (steps taken, first and second moments),
    /// None for SR (which keeps no state between iterations).
    pub fn optimizer_state(&self) -> Option<(u64, Vec<f64>, Vec<f64>)> {
        match &self.optimizer {
            VmcOptimizer::Gradient(opt) => {
                let (t, first, second) = opt.state();
                Some((t, first.to_vec(), second.to_vec()))
            }
            VmcOptimizer::Sr(_) => None,
        }
    }

    /// Restores [`Vmc::optimizer_state`].
    ///
    /// **Errors** if the moments are neither empty nor of the parameter count, or
    /// a state is given for SR.
    pub fn set_optimizer_state(&mut self, t: u64, first: Vec<f64>, second: Vec<f64>) -> Result<()> {
        let p = self.wavefunction.n_params();
        for (name, v) in [("first", &first), ("second", &second)] {
            if !v.is_empty() && v.len() != p {
                return Err(Error::param(
                    "optimizer_state",
                    &format!("must have {name} moments of length 0 or {p}"),
                    v.len(),
                ));
            }
        }
        match &mut self.optimizer {
            VmcOptimizer::Gradient(opt) => {
                opt.set_state(t, first, second);
                Ok(())
            }
            VmcOptimizer::Sr(_) => Err(Error::param(
                "optimizer_state",
                "must be empty for SR, which keeps no state",
                t,
            )),
        }
    }

    fn ensure_walkers(&mut self) -> Result<()> {
        if self.walkers.is_empty() {
            self.walkers = (self.chain_offset..self.chain_offset + self.n_local)
                .map(|c| Walker::new(&self.wavefunction, &self.hamiltonian, self.seed, c as u64))
                .collect::<Result<_>>()?;
        }
        Ok(())
    }

    fn start(&mut self, n_samples: usize, collect: Collect) -> Result<Sampling<W::State>> {
        let c = self.n_chains;
        let p = if collect.gradient {
            self.wavefunction.n_params()
        } else {
            0
        };
        if let Some(config) = collect.observables {
            // per chain: the radial and pair histograms, the plane's bins², and the
            // merged histograms with their errors (about as much again)
            let b = config.n_bins() as u128;
            let plane = if self.hamiltonian.dim() >= 2 {
                b * b
            } else {
                0
            };
            crate::memory::check_f64s(
                "bins",
                config.n_bins(),
                &format!("the histograms of {} bins of {c} chains", config.n_bins()),
                &[c as u128 + 2, 2 * b + plane],
            )?;
        }
        // the local energies (and their copy for blocking), and for the iterative SR
        // solvers every sample's P parameter derivatives: the advice names the way out
        let stored = if collect.derivatives { p as u128 } else { 0 };
        let what = if collect.derivatives {
            format!(
                "the {p} parameter derivatives of each of {n_samples} samples kept for the SR \
                 solvers 'cg' and 'sample' (lower n_samples or use solver='dense')"
            )
        } else {
            format!("the local energies of {n_samples} samples")
        };
        crate::memory::check_f64s(
            "n_samples",
            n_samples,
            &what,
            &[2 + stored, n_samples as u128],
        )?;
        self.ensure_walkers()?;
        let chains: Vec<_> = (self.chain_offset..self.chain_offset + self.n_local)
            .map(|i| {
                let n = n_samples / c + usize::from(i < n_samples % c);
                ChainCursor::new(
                    n,
                    n_samples,
                    self.sampler.burn_in(),
                    p,
                    collect,
                    &self.hamiltonian,
                )
            })
            .collect::<Result<_>>()?;
        Ok(Sampling {
            with_derivatives: 0..chains.len(),
            chains,
            collect,
            first: self.chain_offset,
            n_total: self.n_chains,
            blocks: Vec::new(),
        })
    }

    fn advance_all(&mut self, sampling: &mut Sampling<W::State>, max_sweeps: usize) -> Result<()> {
        let (wf, ham, sampler, collect) = (
            &self.wavefunction,
            &self.hamiltonian,
            &self.sampler,
            sampling.collect,
        );
        let done: Vec<Result<()>> = self
            .walkers
            .par_iter_mut()
            .zip(sampling.chains.par_iter_mut())
            .map(|(w, cursor)| advance_chain(w, cursor, wf, ham, sampler, max_sweeps, collect))
            .collect();
        done.into_iter().collect()
    }

    /// One optimisation iteration: sample `n_samples` local energies and parameter
    /// derivatives, estimate the energy and its gradient, update the parameters.
    ///
    /// **Errors** if a walker escapes (non-finite local energy), the gradient is
    /// not finite, or the update leaves the parameters' domain; the parameters are
    /// then unchanged.
    pub fn step(&mut self) -> Result<Iteration> {
        self.step_interruptible(crate::interrupt::NEVER, usize::MAX)
    }

    /// [`Vmc::step`] with the sampling (burn-in included) in chunks of at most
    /// `chunk_sweeps` sweeps per chain, polling `interrupt` after each chunk; the
    /// result does not depend on the chunking.
    ///
    /// **Errors** as [`Vmc::step`], also when the energy estimate is not finite or
    /// lies below [`Hamiltonian::energy_lower_bound`] by more than 10 standard
    /// errors (a diverged optimisation); and with [`Error::Interrupted`] when
    /// `interrupt` fires. In every case the parameters and the history stay those of
    /// the last completed iteration (the walkers have moved).
    pub fn step_interruptible(
        &mut self,
        interrupt: crate::interrupt::Interrupt<'_>,
        chunk_sweeps: usize,
    ) -> Result<Iteration> {
        let mut sampling = self.start_step()?;
        while !sampling.is_done() {
            self.advance_all(&mut sampling, chunk_sweeps.max(1))?;
            crate::interrupt::check(interrupt)?;
        }
        self.finish_step(&mut sampling)
    }

    /// Runs up to `n_iter` iterations of [`Vmc::step`], calling `callback` after
    /// each; stops early when the callback returns false. Returns the number of
    /// iterations done.
    ///
    /// **Errors** as [`Vmc::step`]; the iterations done before are kept.
    pub fn optimize(
        &mut self,
        n_iter: usize,
        mut callback: impl FnMut(&Iteration) -> bool,
    ) -> Result<usize> {
        for i in 0..n_iter {
            let it = self.step()?;
            if !callback(&it) {
                return Ok(i + 1);
            }
        }
        Ok(n_iter)
    }

    /// Samples `n_samples` local energies at the current parameters (no update),
    /// with the densities of `observables` if given.
    ///
    /// **Errors** if n_samples < n_chains or a walker escapes.
    pub fn sample(
        &mut self,
        n_samples: usize,
        observables: Option<ObservableConfig>,
    ) -> Result<SampleResult> {
        let mut sampling = self.start_sample(n_samples, observables)?;
        self.advance(&mut sampling, usize::MAX)?;
        Ok(self.finish_sample(&sampling))
    }

    /// Starts a chunked [`Vmc::sample`]: advance it with [`Vmc::advance`] until
    /// [`Sampling::is_done`], then summarise with [`Vmc::finish_sample`]. The
    /// result is bit-for-bit that of [`Vmc::sample`] whatever the chunk sizes.
    ///
    /// **Errors** if n_samples < n_chains.
    pub fn start_sample(
        &mut self,
        n_samples: usize,
        observables: Option<ObservableConfig>,
    ) -> Result<Sampling<W::State>> {
        check_samples(n_samples, self.n_chains)?;
        self.start(
            n_samples,
            Collect {
                gradient: false,
                covariance: false,
                derivatives: false,
                share_derivatives: false,
                observables,
            },
        )
    }

    /// Runs at most `max_sweeps` more sweeps (burn-in, then one sample each) in
    /// every chain of `sampling`.
    ///
    /// **Errors** if a walker escapes.
    pub fn advance(&mut self, sampling: &mut Sampling<W::State>, max_sweeps: usize) -> Result<()> {
        self.advance_all(sampling, max_sweeps)
    }

    /// The result of the samples `sampling` has collected so far (all of them once
    /// it is done; part of them after an interruption, with `estimate.n_samples`
    /// counting them; NaN energy for none).
    pub fn finish_sample(&self, sampling: &Sampling<W::State>) -> SampleResult {
        let run = self.combine(sampling);
        SampleResult {
            estimate: run.estimate,
            local_energies: run.energies,
            observables: run.observables,
        }
    }
}

fn check_samples(n_samples: usize, n_chains: usize) -> Result<()> {
    if n_samples < n_chains.max(1) {
        return Err(Error::param(
            "n_samples",
            &format!("must be >= n_chains = {n_chains}"),
            n_samples,
        ));
    }
    Ok(())
}
