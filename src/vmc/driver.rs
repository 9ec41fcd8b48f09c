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

use super::hamiltonian::Hamiltonian;
use super::observables::{local_energy, ObservableAccumulator, ObservableConfig, Observables};
use super::optimizer::{CentredDerivatives, Exchange, Metric, MetricKind, VmcOptimizer};
use super::sampler::{Sampler, Walker};
use super::wavefunction::{Ansatz, WaveFunction};
use crate::error::{Error, Result};
use crate::stats;
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

impl CoMoment {
    fn new(p: usize) -> Self {
        CoMoment {
            n: 0.0,
            mean: vec![0.0; p],
            c: vec![0.0; p * p],
            delta: vec![0.0; p],
        }
    }

    fn add(&mut self, o: &[f64]) {
        let p = o.len();
        self.n += 1.0;
        for ((d, m), oi) in self.delta.iter_mut().zip(self.mean.iter_mut()).zip(o) {
            *d = oi - *m;
            *m += *d / self.n;
        }
        for i in 0..p {
            let di = self.delta[i];
            let row = &mut self.c[i * p + i..(i + 1) * p];
            for (c, (oj, mj)) in row.iter_mut().zip(o[i..].iter().zip(&self.mean[i..])) {
                *c += di * (oj - mj);
            }
        }
    }

    fn merge(&mut self, other: &CoMoment) {
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
    fn covariance(&self) -> Vec<f64> {
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

impl<S> ChainCursor<S> {
    /// A cursor for `n` of the run's `n_total` samples.
    fn new(
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

/// Advances one chain by at most `max_sweeps` sweeps (burn-in first, then one sample
/// per sweep) and collects.
fn advance_chain<W: WaveFunction>(
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
    for _ in 0..burn {
        walker.sweep(wf, state, sampler);
    }
    cursor.burn_in_left -= burn;
    let n = cursor.samples_left.min(max_sweeps - burn);
    for _ in 0..n {
        run.accepted += walker.sweep(wf, state, sampler);
        run.proposed += moves;
        let x = walker.position();
        let e = local_energy(hamiltonian, wf, state, x, &mut grad);
        if !e.is_finite() {
            return Err(Error::Numerical(format!(
                "the local energy is {e}: a walker escaped to a region where the wave function is not \
                 normalisable or its derivatives overflow; lower the learning rate or the step, or start \
                 from smaller parameters"
            )));
        }
        run.energies.push(e);
        if collect.gradient {
            wf.param_derivatives(state, x, &mut o);
            for ((s, es), oi) in run.o_sum.iter_mut().zip(run.eo_sum.iter_mut()).zip(&o) {
                *s += oi;
                *es += e * oi;
            }
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

impl<S> Sampling<S> {
    /// The data this process's chains have collected, as f64s (exact), for
    /// [`Vmc::gather_step`] / [`Vmc::gather_sample`] on every process: the number
    /// of chains and of parameters, the number of co-moment blocks and the blocks
    /// (chain count, n, mean, P × P: the co-moments of the fewest nodes of the
    /// merge tree that cover this process's chains, at most 2 log₂ n_chains, one
    /// for a power-of-two number of processes), then per chain the sample count,
    /// accepted and proposed moves, local energies, ΣO and ΣE·O, every sample's O
    /// for the sample-space solver, and the histograms.
    pub fn to_buffer(&self) -> Vec<f64> {
        let p = self.chains.first().map_or(0, |c| c.run.o_sum.len());
        let (lo, hi) = (self.first, self.first + self.chains.len());
        let nodes = if self.collect.covariance {
            tree_cover(lo, hi, self.n_total)
        } else {
            Vec::new()
        };
        let mut out = vec![self.chains.len() as f64, p as f64, nodes.len() as f64];
        for (l, h) in nodes {
            let cm = self
                .merged_comoment(l, h)
                .unwrap_or_else(|| CoMoment::new(p));
            out.push((h - l) as f64);
            out.push(cm.n);
            out.extend_from_slice(&cm.mean);
            out.extend_from_slice(&cm.c);
        }
        for c in &self.chains {
            let r = &c.run;
            out.extend_from_slice(&[
                r.energies.len() as f64,
                r.accepted as f64,
                r.proposed as f64,
            ]);
            out.extend_from_slice(&r.energies);
            out.extend_from_slice(&r.o_sum);
            out.extend_from_slice(&r.eo_sum);
            if self.collect.share_derivatives {
                out.extend_from_slice(&r.derivatives);
            }
            if let Some(acc) = &r.observables {
                acc.write_to(&mut out);
            }
        }
        out
    }

    /// The co-moment of the chains lo..hi (global indices), merged in a fixed
    /// binary tree over the chain indices (halves split at ⌊len/2⌋), so that the
    /// merge of all chains is the same whether they ran here or their blocks came
    /// pre-merged from other processes; None without co-moments.
    fn merged_comoment(&self, lo: usize, hi: usize) -> Option<CoMoment> {
        if let Some((_, _, cm)) = self.blocks.iter().find(|(l, h, _)| (*l, *h) == (lo, hi)) {
            return Some(cm.clone());
        }
        if hi == lo + 1 {
            return lo
                .checked_sub(self.first)
                .and_then(|i| self.chains.get(i))
                .and_then(|c| c.run.comoment.clone());
        }
        if hi <= lo {
            return None;
        }
        let mid = lo + (hi - lo) / 2;
        let mut left = self.merged_comoment(lo, mid)?;
        left.merge(&self.merged_comoment(mid, hi)?);
        Some(left)
    }

    /// Whether every chain has drawn all its samples.
    pub fn is_done(&self) -> bool {
        self.chains
            .iter()
            .all(|c| c.burn_in_left == 0 && c.samples_left == 0)
    }

    /// Samples collected so far (all chains).
    pub fn n_collected(&self) -> usize {
        self.chains.iter().map(|c| c.run.energies.len()).sum()
    }
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
        if wavefunction.n_particles() != hamiltonian.n_particles()
            || wavefunction.dim() != hamiltonian.dim()
        {
            return Err(Error::Shape(format!(
                "the wave function is for {} particles in {}-D but the system has {} particles in {}-D",
                wavefunction.n_particles(),
                wavefunction.dim(),
                hamiltonian.n_particles(),
                hamiltonian.dim()
            )));
        }
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

    fn combine(&self, sampling: &Sampling<W::State>) -> Combined {
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

    /// What an optimisation step collects: the gradient and what the SR solver needs.
    fn step_collect(&self) -> Collect {
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

    /// The sampling run of all chains from the buffers ([`Sampling::to_buffer`])
    /// of an optimisation step's processes, in order of their first chain, with
    /// this process's own run `local` (whose derivatives stay here for the
    /// conjugate-gradient solver, which exchanges products S v instead).
    ///
    /// **Errors** if the buffers do not hold the n_chains chains' data of this
    /// driver's step, or `local` is not this process's run of it.
    pub fn gather_step(
        &self,
        parts: &[&[f64]],
        mut local: Sampling<W::State>,
    ) -> Result<Sampling<W::State>> {
        let collect = self.step_collect();
        let mut all = self.gather(parts, collect)?;
        if collect.derivatives && !collect.share_derivatives {
            let (lo, n) = (self.chain_offset, self.n_local);
            if local.first != lo
                || local.chains.len() != n
                || !local.collect.derivatives
                || !local.is_done()
            {
                return Err(Error::Shape(
                    "gather_step needs this process's completed run of the step".into(),
                ));
            }
            for (mine, theirs) in local.chains.iter_mut().zip(&mut all.chains[lo..lo + n]) {
                theirs.run.derivatives = std::mem::take(&mut mine.run.derivatives);
            }
            all.with_derivatives = lo..lo + n;
        }
        Ok(all)
    }

    /// The sampling run of all chains from the buffers of a [`Vmc::start_sample`]
    /// run (with the same `observables`) of every process.
    ///
    /// **Errors** as [`Vmc::gather_step`].
    pub fn gather_sample(
        &self,
        parts: &[&[f64]],
        observables: Option<ObservableConfig>,
    ) -> Result<Sampling<W::State>> {
        self.gather(
            parts,
            Collect {
                gradient: false,
                covariance: false,
                derivatives: false,
                share_derivatives: false,
                observables,
            },
        )
    }

    fn gather(&self, parts: &[&[f64]], collect: Collect) -> Result<Sampling<W::State>> {
        let p = if collect.gradient {
            self.wavefunction.n_params()
        } else {
            0
        };
        let template = collect.observables.map(|c| {
            ObservableAccumulator::new(c, self.hamiltonian.n_particles(), self.hamiltonian.dim())
        });
        let bad = |what: &str| {
            Error::Shape(format!(
                "the sampling buffers gathered from the processes are not those of this driver's                  run ({what}): every process must run the same driver, parameters and call"
            ))
        };
        let mut chains = Vec::with_capacity(self.n_chains);
        let mut blocks = Vec::new();
        for part in parts {
            let mut r = Reader { buf: part, pos: 0 };
            let head = r.take(3).ok_or_else(|| bad("too short"))?;
            let (n_chains, p_buf, n_blocks) =
                (head[0] as usize, head[1] as usize, head[2] as usize);
            if p_buf != p || (n_blocks > 0) != (collect.covariance && n_chains > 0) {
                return Err(bad("parameter count"));
            }
            let mut lo = chains.len();
            for _ in 0..n_blocks {
                let (len, cm) = (|| {
                    let len = r.take(1)?[0] as usize;
                    let cm = CoMoment {
                        n: r.take(1)?[0],
                        mean: r.take(p)?.to_vec(),
                        c: r.take(p * p)?.to_vec(),
                        delta: vec![0.0; p],
                    };
                    Some((len, cm))
                })()
                .ok_or_else(|| bad("too short"))?;
                blocks.push((lo, lo + len, cm));
                lo += len;
            }
            if n_blocks > 0 && lo != chains.len() + n_chains {
                return Err(bad("co-moment blocks"));
            }
            for _ in 0..n_chains {
                let chain = (|| {
                    let counts = r.take(3)?;
                    let n = counts[0] as usize;
                    let energies = r.take(n)?.to_vec();
                    let o_sum = r.take(p)?.to_vec();
                    let eo_sum = r.take(p)?.to_vec();
                    let derivatives = if collect.share_derivatives {
                        r.take(n.checked_mul(p)?)?.to_vec()
                    } else {
                        Vec::new()
                    };
                    let observables = match &template {
                        Some(t) => {
                            let (acc, used) = t.read_from(r.rest())?;
                            r.take(used)?;
                            Some(acc)
                        }
                        None => None,
                    };
                    Some(ChainRun {
                        energies,
                        accepted: counts[1] as usize,
                        proposed: counts[2] as usize,
                        o_sum,
                        eo_sum,
                        comoment: None,
                        derivatives,
                        observables,
                    })
                })()
                .ok_or_else(|| bad("too short"))?;
                chains.push(ChainCursor {
                    state: None,
                    burn_in_left: 0,
                    samples_left: 0,
                    run: chain,
                });
            }
            if !r.rest().is_empty() {
                return Err(bad("too long"));
            }
        }
        if chains.len() != self.n_chains {
            return Err(bad(&format!(
                "{} chains, not n_chains = {}",
                chains.len(),
                self.n_chains
            )));
        }
        let shared = if collect.share_derivatives {
            chains.len()
        } else {
            0
        };
        Ok(Sampling {
            with_derivatives: 0..shared,
            chains,
            collect,
            first: 0,
            n_total: self.n_chains,
            blocks,
        })
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

    fn finish(
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
                    CentredDerivatives::distributed(rows, p, run.estimate.n_samples, exchange)?
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
    fn check_estimate(&self, e: &Estimate) -> Result<()> {
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

/// The fewest nodes of the binary tree over the chains 0..n (every range split at
/// ⌊len/2⌋) that cover lo..hi, left to right: one if lo..hi is a node (a
/// power-of-two number of processes dividing n), at most about 2 log₂ n.
fn tree_cover(lo: usize, hi: usize, n: usize) -> Vec<(usize, usize)> {
    fn visit(l: usize, h: usize, lo: usize, hi: usize, out: &mut Vec<(usize, usize)>) {
        if h <= lo || l >= hi || l >= h {
            return;
        }
        if lo <= l && h <= hi {
            out.push((l, h));
            return;
        }
        let mid = l + (h - l) / 2;
        visit(l, mid, lo, hi, out);
        visit(mid, h, lo, hi, out);
    }
    let mut out = Vec::new();
    visit(0, n, lo, hi, &mut out);
    out
}

/// Reads a buffer of [`Sampling::to_buffer`] front to back.
struct Reader<'a> {
    buf: &'a [f64],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The next `n` numbers, None past the end.
    fn take(&mut self, n: usize) -> Option<&'a [f64]> {
        let end = self.pos.checked_add(n)?;
        let head = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(head)
    }

    /// What is left.
    fn rest(&self) -> &'a [f64] {
        &self.buf[self.pos..]
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;

    /// Chains merged in any grouping give the two-pass covariance.
    #[test]
    fn co_moments_of_merged_chains_equal_the_two_pass_covariance() {
        let mut rng = crate::rng::stream(1, 0);
        let p = 3;
        let rows: Vec<Vec<f64>> = (0..250)
            .map(|_| {
                (0..p)
                    .map(|i| 5.0 * i as f64 + rng.random::<f64>())
                    .collect()
            })
            .collect();
        let n = rows.len() as f64;
        let mean: Vec<f64> = (0..p)
            .map(|i| rows.iter().map(|r| r[i]).sum::<f64>() / n)
            .collect();
        let mut total = CoMoment::new(p);
        for chunk in rows.chunks(70) {
            let mut cm = CoMoment::new(p);
            for r in chunk {
                cm.add(r);
            }
            total.merge(&cm);
        }
        let s = total.covariance();
        for i in 0..p {
            assert!((total.mean[i] - mean[i]).abs() < 1e-12);
            for j in 0..p {
                let exact = rows
                    .iter()
                    .map(|r| (r[i] - mean[i]) * (r[j] - mean[j]))
                    .sum::<f64>()
                    / n;
                assert!((s[i * p + j] - exact).abs() < 1e-12, "S[{i}][{j}]");
            }
        }
    }

    use crate::vmc::optimizer::SrSolver;
    use crate::vmc::{Interaction, Rbm, RbmForm};

    /// A driver for N bosons in a 2-D trap with an RBM of H hidden units
    /// (P = 2N + H + 2N·H parameters) and the given SR solver.
    fn boson_rbm_sr(n: usize, hidden: usize, solver: SrSolver, n_samples: usize) -> Vmc {
        boson_rbm_sr_chains(n, hidden, solver, n_samples, 4)
    }

    fn boson_rbm_sr_chains(
        n: usize,
        hidden: usize,
        solver: SrSolver,
        n_samples: usize,
        n_chains: usize,
    ) -> Vmc {
        let h = Hamiltonian::new(n, 2, 1.0, Interaction::None).unwrap();
        let rbm: Ansatz = Rbm::random(n, 2, hidden, 1.0, RbmForm::F, 0.05, 11)
            .unwrap()
            .into();
        let sr = VmcOptimizer::sr_with(0.05, 0.01, solver, 1e-13, 5000).unwrap();
        Vmc::new(
            h,
            rbm,
            Sampler::metropolis(1.0, 20).unwrap(),
            sr,
            n_samples,
            n_chains,
            5,
        )
        .unwrap()
    }

    fn update(vmc: &mut Vmc) -> Vec<f64> {
        let before = vmc.wavefunction().params();
        vmc.step().unwrap();
        let after = vmc.wavefunction().params();
        after.iter().zip(&before).map(|(a, b)| a - b).collect()
    }

    fn solver_used(vmc: &Vmc) -> SrSolver {
        match vmc.optimizer() {
            VmcOptimizer::Sr(sr) => sr.last_solve().unwrap().solver,
            VmcOptimizer::Gradient(_) => unreachable!(),
        }
    }

    /// 20 particles, 40 hidden units: P = 40 + 40 + 1600 = 1680, n = 1000 < P.
    #[test]
    fn every_sr_solver_gives_the_same_update_of_a_large_rbm() {
        let mut dense = boson_rbm_sr(20, 40, SrSolver::Dense, 1000);
        assert_eq!(dense.wavefunction().n_params(), 1680);
        let reference = update(&mut dense);
        for solver in [
            SrSolver::ConjugateGradient,
            SrSolver::SampleSpace,
            SrSolver::Auto,
        ] {
            let mut vmc = boson_rbm_sr(20, 40, solver, 1000);
            let delta = update(&mut vmc);
            let diff: f64 = delta
                .iter()
                .zip(&reference)
                .map(|(a, b)| (a - b).powi(2))
                .sum();
            let norm: f64 = reference.iter().map(|b| b * b).sum();
            let err = (diff / norm).sqrt();
            assert!(err < 1e-8, "{solver:?}: relative difference {err:e}");
            assert_eq!(vmc.history(), dense.history());
        }
        assert_eq!(solver_used(&dense), SrSolver::Dense);
    }

    #[test]
    fn auto_uses_dense_sample_space_and_cg_as_documented() {
        use crate::vmc::optimizer::DENSE_MAX_PARAMS;
        // N = 2, 2-D: P = 4 + H + 4H = 4 + 5H.
        let hidden_small = (DENSE_MAX_PARAMS - 4) / 5;
        let hidden_large = hidden_small + 1;
        let p_large = 4 + 5 * hidden_large;
        for (hidden, n_samples, expected) in [
            (hidden_small, 100, SrSolver::Dense),
            (hidden_large, p_large - 1, SrSolver::SampleSpace),
            (hidden_large, p_large, SrSolver::ConjugateGradient),
        ] {
            let mut vmc = boson_rbm_sr(2, hidden, SrSolver::Auto, n_samples);
            vmc.step().unwrap();
            assert_eq!(solver_used(&vmc), expected, "H = {hidden}, n = {n_samples}");
        }
    }

    #[test]
    fn a_cg_step_is_bit_identical_for_one_and_two_threads() {
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let mut vmc = boson_rbm_sr(6, 12, SrSolver::ConjugateGradient, 3000);
                    vmc.step().unwrap();
                    vmc.step().unwrap();
                    vmc.wavefunction().params()
                })
        };
        let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
        assert_eq!(bits(run(1)), bits(run(2)));
    }

    #[test]
    fn too_many_stored_derivatives_is_an_error_naming_n_samples() {
        let mut vmc = boson_rbm_sr(2, 4, SrSolver::ConjugateGradient, usize::MAX / 16);
        let err = vmc.step().unwrap_err().to_string();
        assert!(err.starts_with("n_samples must be small enough"), "{err}");
        assert!(err.contains("solver='dense'"), "{err}");
    }

    /// Runs `n_steps` steps with the chains split over `ranks` drivers exchanging
    /// buffers (as MPI ranks do; threads with a simulated allgather, also for the
    /// products of distributed CG), then a sample with observables; returns every
    /// rank's parameters, histories and samples.
    fn split_run(
        make: &(dyn Fn() -> Vmc + Sync),
        ranks: usize,
        n_steps: usize,
    ) -> (Vec<Vec<f64>>, Vec<History>, Vec<SampleResult>) {
        let comm = crate::vmc::optimizer::sim::Comm::new(ranks);
        let results = comm.run(|r, comm| {
            let mut d = make();
            let c = d.n_chains();
            d.set_local_chains(r * c / ranks, (r + 1) * c / ranks - r * c / ranks)
                .unwrap();
            for _ in 0..n_steps {
                let mut s = d.start_step().unwrap();
                d.advance(&mut s, usize::MAX).unwrap();
                let bufs = comm.allgather_parts(r, &s.to_buffer());
                let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
                let mut all = d.gather_step(&parts, s).unwrap();
                let exchange = |local: &[f64]| Ok(comm.allgather(r, local));
                d.finish_step_distributed(&mut all, &exchange).unwrap();
            }
            let config = Some(ObservableConfig::new(10, 3.0).unwrap());
            let mut s = d.start_sample(1003, config).unwrap();
            d.advance(&mut s, usize::MAX).unwrap();
            let bufs = comm.allgather_parts(r, &s.to_buffer());
            let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
            let sample = d.finish_sample(&d.gather_sample(&parts, config).unwrap());
            (d.wavefunction().params(), d.history().clone(), sample)
        });
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for (p, h, s) in results {
            out.0.push(p);
            out.1.push(h);
            out.2.push(s);
        }
        out
    }

    /// 1, 2 and 4 "ranks" give bit-identical steps and samples to the driver that
    /// runs all chains, for gradient descent and the three SR solvers.
    #[test]
    fn chains_split_over_ranks_give_identical_numbers() {
        let makers: Vec<Box<dyn Fn() -> Vmc + Sync>> = vec![
            Box::new(|| boson_rbm_sr(3, 4, SrSolver::Dense, 1001)),
            Box::new(|| boson_rbm_sr(3, 4, SrSolver::ConjugateGradient, 1001)),
            Box::new(|| boson_rbm_sr(3, 30, SrSolver::SampleSpace, 101)),
            Box::new(|| {
                let h = Hamiltonian::new(2, 2, 1.0, Interaction::Coulomb).unwrap();
                let rbm: Ansatz = Rbm::random(2, 2, 3, 1.0, RbmForm::F, 0.05, 3)
                    .unwrap()
                    .into();
                let adam = VmcOptimizer::Gradient(
                    crate::nn::optim::Optimizer::new(
                        crate::nn::optim::Method::Adam {
                            beta1: 0.9,
                            beta2: 0.999,
                            eps: 1e-8,
                        },
                        0.01,
                        crate::nn::optim::Schedule::Constant,
                    )
                    .unwrap(),
                );
                Vmc::new(
                    h,
                    rbm,
                    Sampler::importance(0.1, 10).unwrap(),
                    adam,
                    999,
                    4,
                    9,
                )
                .unwrap()
            }),
        ];
        for make in &makers {
            let mut whole = make();
            for _ in 0..3 {
                whole.step().unwrap();
            }
            let config = Some(ObservableConfig::new(10, 3.0).unwrap());
            let sample = whole.sample(1003, config).unwrap();
            for ranks in [1, 2, 3, 4] {
                let (params, histories, samples) = split_run(make.as_ref(), ranks, 3);
                for ((p, h), s) in params.iter().zip(&histories).zip(&samples) {
                    assert_eq!(p, &whole.wavefunction().params(), "{ranks} ranks");
                    assert_eq!(h, whole.history(), "{ranks} ranks");
                    assert_eq!(s, &sample, "{ranks} ranks");
                }
            }
        }
    }

    /// The merge-tree cover of a range: nodes of the tree, disjoint, in order,
    /// covering it, at most 2 log₂ n of them, one for the shares of 2^k processes.
    #[test]
    fn tree_cover_is_the_fewest_tree_nodes_covering_a_range() {
        fn is_node(lo: usize, hi: usize, l: usize, h: usize) -> bool {
            (l, h) == (lo, hi)
                || (h - l > 1 && {
                    let mid = l + (h - l) / 2;
                    is_node(lo, hi, l, mid) || is_node(lo, hi, mid, h)
                })
        }
        for n in 1..40 {
            for lo in 0..n {
                for hi in lo + 1..=n {
                    let cover = tree_cover(lo, hi, n);
                    assert!(cover.iter().all(|&(l, h)| is_node(l, h, 0, n)));
                    assert_eq!(cover.first().unwrap().0, lo);
                    assert_eq!(cover.last().unwrap().1, hi);
                    assert!(cover.windows(2).all(|w| w[0].1 == w[1].0));
                    let bound = 2 * (usize::BITS - n.leading_zeros()) as usize;
                    assert!(cover.len() <= bound, "{n} {lo} {hi}: {cover:?}");
                    // no two neighbours are the halves of one node
                    for w in cover.windows(2) {
                        let (l, h) = (w[0].0, w[1].1);
                        assert!(!(is_node(l, h, 0, n) && l + (h - l) / 2 == w[0].1));
                    }
                }
            }
        }
        for k in 0..4 {
            let ranks = 1 << k;
            for r in 0..ranks {
                assert_eq!(
                    tree_cover(r * 16 / ranks, (r + 1) * 16 / ranks, 16).len(),
                    1
                );
            }
        }
    }

    /// Dense SR on 3, 5 and 6 ranks (30 chains): each rank sends the co-moments of
    /// its few tree nodes, not one per chain, and the numbers are bit-for-bit those
    /// of one process; so are conjugate gradients on 3 and 5 ranks.
    #[test]
    fn dense_and_cg_sr_on_3_5_and_6_ranks_give_identical_numbers() {
        for solver in [SrSolver::Dense, SrSolver::ConjugateGradient] {
            let make = move || boson_rbm_sr_chains(3, 4, solver, 930, 30);
            let mut whole = make();
            for _ in 0..2 {
                whole.step().unwrap();
            }
            let config = Some(ObservableConfig::new(10, 3.0).unwrap());
            let sample = whole.sample(1003, config).unwrap();
            let ranks_list: &[usize] = if solver == SrSolver::Dense {
                &[3, 5, 6]
            } else {
                &[3, 5]
            };
            for &ranks in ranks_list {
                let (params, histories, samples) = split_run(&make, ranks, 2);
                for ((p, h), s) in params.iter().zip(&histories).zip(&samples) {
                    assert_eq!(p, &whole.wavefunction().params(), "{ranks} ranks");
                    assert_eq!(h, whole.history(), "{ranks} ranks");
                    assert_eq!(s, &sample, "{ranks} ranks");
                }
            }
        }
        // what a rank of 3 sends: its tree nodes' co-moments, 0..7, 7..9, 9..10 for rank 0
        let mut d = boson_rbm_sr_chains(3, 4, SrSolver::Dense, 930, 30);
        let p = d.wavefunction().n_params();
        for (offset, n_nodes) in [(0, 3), (10, 4), (20, 2)] {
            d.set_local_chains(offset, 10).unwrap();
            let mut s = d.start_step().unwrap();
            d.advance(&mut s, usize::MAX).unwrap();
            let buf = s.to_buffer();
            assert_eq!(buf[2] as usize, n_nodes, "chains {offset}..{}", offset + 10);
            let per_chain = 3 + 31 + 2 * p;
            assert_eq!(buf.len(), 3 + n_nodes * (2 + p + p * p) + 10 * per_chain);
        }
    }

    /// A sample stopped part way (as an interrupted `sample` under MPI stops every
    /// rank after the same chunk of sweeps) gathers to the partial result of one
    /// process stopped after the same sweeps, on every rank.
    #[test]
    fn a_sample_stopped_after_the_same_sweeps_gathers_to_the_same_partial_result() {
        let config = Some(ObservableConfig::new(10, 3.0).unwrap());
        let mut whole = boson_rbm_sr(3, 4, SrSolver::Dense, 1001);
        let mut s = whole.start_sample(1003, config).unwrap();
        whole.advance(&mut s, 27).unwrap(); // burn-in 20, then 7 samples per chain
        let partial = whole.finish_sample(&s);
        assert_eq!(partial.estimate.n_samples, 4 * 7);
        let comm = crate::vmc::optimizer::sim::Comm::new(2);
        let samples = comm.run(|r, comm| {
            let mut d = boson_rbm_sr(3, 4, SrSolver::Dense, 1001);
            d.set_local_chains(2 * r, 2).unwrap();
            let mut s = d.start_sample(1003, config).unwrap();
            d.advance(&mut s, 27).unwrap();
            let bufs = comm.allgather_parts(r, &s.to_buffer());
            let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
            d.finish_sample(&d.gather_sample(&parts, config).unwrap())
        });
        for s in samples {
            assert_eq!(s, partial);
        }
    }

    /// Walkers restored from their states continue bit-for-bit.
    #[test]
    fn restored_walkers_and_optimizer_continue_bit_for_bit() {
        let mut a = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
        a.step().unwrap();
        let mut b = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
        b.set_params(&a.wavefunction().params()).unwrap();
        b.set_history(a.history().clone()).unwrap();
        b.set_walker_states(&a.walker_states()).unwrap();
        assert_eq!(b.walker_states(), a.walker_states());
        a.step().unwrap();
        b.step().unwrap();
        assert_eq!(a.history(), b.history());
        assert_eq!(a.wavefunction().params(), b.wavefunction().params());
    }

    #[test]
    fn gathered_buffers_of_another_run_are_refused() {
        let mut a = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
        let mut s = a.start_step().unwrap();
        a.advance(&mut s, usize::MAX).unwrap();
        let buf = s.to_buffer();
        let local = |a: &mut Vmc| {
            let mut s = a.start_step().unwrap();
            a.advance(&mut s, usize::MAX).unwrap();
            s
        };
        let l = local(&mut a);
        assert!(a.gather_step(&[&buf[..buf.len() - 1]], l).is_err());
        let l = local(&mut a);
        assert!(a.gather_step(&[&buf, &buf], l).is_err());
        assert!(a.gather_sample(&[&buf], None).is_err());
        let l = local(&mut a);
        assert!(a.gather_step(&[&buf], l).is_ok());
    }
}
