//! Equilibrium samples of the Ising model from independent Markov chains.
//!
//! Chain c starts from random spins drawn from stream (seed, c), is thermalised for
//! `thermalization` sweeps and then records one configuration every `interval`
//! sweeps. For Wolff updates a "sweep" is, during thermalisation, as many clusters
//! as it takes to flip N spins in total, and afterwards a fixed number of clusters (N
//! over the mean cluster size of the thermalisation), so both methods spend comparable work per sample. The chains run
//! in parallel (rayon) and chain c writes samples c·n/n_chains … (c+1)·n/n_chains − 1,
//! so the result is the same for any number of threads.

use std::sync::atomic::AtomicBool;

use rand::Rng as _;
use rayon::prelude::*;

use super::{check_temperature, metropolis, packed, wolff, Lattice};
use crate::error::{Error, Result};
use crate::interrupt::{self, Interrupt};
use crate::memory;
use crate::rng::{self, Rng};

/// The Markov-chain update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Checkerboard single-spin-flip Metropolis.
    Metropolis,
    /// Wolff cluster updates.
    Wolff,
}

impl Method {
    /// `"metropolis"` or `"wolff"`.
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "metropolis" => Ok(Method::Metropolis),
            "wolff" => Ok(Method::Wolff),
            other => Err(Error::param(
                "method",
                "must be 'metropolis' or 'wolff'",
                format!("'{other}'"),
            )),
        }
    }
}

/// What to sample and how.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleConfig {
    /// Side L (even, ≥ 2).
    pub side: usize,
    /// Dimension d ∈ {1, 2}.
    pub dim: usize,
    /// Temperature T > 0 (units of J/k_B).
    pub temperature: f64,
    /// Number of configurations to return.
    pub n_samples: usize,
    /// The update.
    pub method: Method,
    /// Independent chains (≥ 1), run in parallel.
    pub n_chains: usize,
    /// Sweeps discarded at the start of every chain.
    pub thermalization: usize,
    /// Sweeps between recorded configurations (≥ 1).
    pub interval: usize,
    /// Seed of the random streams.
    pub seed: u64,
}

/// Sampled configurations with their energy and magnetisation per spin.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    /// Spins ±1, row-major n_samples × N.
    pub spins: Vec<i8>,
    /// E/N of every sample.
    pub energy: Vec<f64>,
    /// M/N of every sample.
    pub magnetization: Vec<f64>,
    /// Fraction of attempted single-spin flips accepted (Metropolis) or mean
    /// cluster size over N (Wolff).
    pub acceptance: f64,
}

/// One Wolff sweep of thermalisation: clusters until N spins have flipped; returns
/// the spins flipped and the clusters.
fn wolff_sweep(
    lat: &Lattice,
    spins: &mut [i8],
    threshold: u64,
    cluster: &mut wolff::Cluster,
    draws: &mut wolff::Draws,
) -> (usize, usize) {
    let n = lat.n_sites();
    let (mut flipped, mut clusters) = (0, 0);
    while flipped < n {
        flipped += wolff::update(lat, spins, threshold, cluster, draws).size;
        clusters += 1;
    }
    (flipped, clusters)
}

impl SampleConfig {
    /// Checks the configuration, and that its samples fit in memory.
    ///
    /// **Errors** for a bad lattice ([`Lattice::new`]), T ≤ 0, n_samples < 1,
    /// n_chains < 1, interval < 1, or samples beyond the memory ([`crate::memory`]).
    pub fn validate(&self) -> Result<()> {
        let lat = Lattice::new(self.side, self.dim)?;
        check_temperature(self.temperature)?;
        if self.n_samples < 1 {
            return Err(Error::param("n_samples", "must be >= 1", self.n_samples));
        }
        if self.n_chains < 1 {
            return Err(Error::param("n_chains", "must be >= 1", self.n_chains));
        }
        if self.interval < 1 {
            return Err(Error::param("interval", "must be >= 1", self.interval));
        }
        // per sample: N spins (i8) and two f64; per chain: its current spins, and
        // for Wolff the cluster's stack of up to N sites (u32)
        let n = lat.n_sites() as u128;
        let chains = self.n_chains.min(self.n_samples) as u128;
        let per_chain = match self.method {
            Method::Metropolis => n,
            Method::Wolff => 5 * n,
        };
        let one = n + 16 + per_chain;
        memory::check_bytes("L", self.side, "one sample of the lattice", one)?;
        let bytes = memory::product(&[self.n_samples as u128, n + 16]) + chains * per_chain;
        memory::check_bytes(
            "n_samples",
            self.n_samples,
            &format!("{} samples of {n} spins", self.n_samples),
            bytes,
        )
    }
}

/// One Metropolis chain from `state`, on the multi-spin coded lattice
/// ([`packed`]): (flipped spins, attempted flips).
#[allow(clippy::too_many_arguments)]
fn metropolis_chain(
    lat: &Lattice,
    config: &SampleConfig,
    acc: &metropolis::Acceptance,
    state: Vec<i8>,
    mut rng: Rng,
    stop: &AtomicBool,
    out: &mut [i8],
    e_out: &mut [f64],
    m_out: &mut [f64],
) -> Result<(usize, usize)> {
    let n = lat.n_sites();
    let th = packed::Thresholds::new(acc);
    let mut spins = packed::Packed::new(lat, &state);
    let mut scratch = Vec::new();
    for _ in 0..config.thermalization.max(1) {
        interrupt::stopped(stop)?;
        spins.sweep(th, &mut rng, &mut scratch);
    }
    let (mut flipped, mut attempts) = (0usize, 0usize);
    for (k, conf) in out.chunks_mut(n).enumerate() {
        for _ in 0..config.interval {
            interrupt::stopped(stop)?;
            flipped += spins.sweep(th, &mut rng, &mut scratch);
            attempts += n;
        }
        spins.unpack(conf);
        let (e, m) = spins.energy_and_magnetization();
        e_out[k] = e as f64 / n as f64;
        m_out[k] = m as f64 / n as f64;
    }
    Ok((flipped, attempts))
}

/// A zeroed buffer of `len` spins for the samples. A large one is asked to be
/// backed by transparent huge pages (Linux `madvise`; where the kernel allows it
/// on request): a fresh allocation is mapped on first write, and the kernel then
/// maps and zeroes 2 MiB per page fault instead of 4 KiB, which at L = 128 cuts
/// the system time of recording (a fault per 4 KiB cost about a quarter of it).
fn zeroed_samples(len: usize) -> Vec<i8> {
    let mut buf = vec![0i8; len];
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn madvise(
                addr: *mut std::ffi::c_void,
                len: usize,
                advice: std::ffi::c_int,
            ) -> std::ffi::c_int;
        }
        const MADV_HUGEPAGE: std::ffi::c_int = 14;
        const HUGE: usize = 2 << 20;
        let start = buf.as_mut_ptr() as usize;
        let (begin, end) = (start.next_multiple_of(HUGE), (start + len) / HUGE * HUGE);
        if end > begin {
            // SAFETY: [begin, end) lies inside `buf` and is page aligned; the advice
            // changes how the pages are backed, never their contents. A refusal
            // (e.g. no huge pages in this kernel) leaves the buffer as it is.
            unsafe { madvise(begin as *mut std::ffi::c_void, end - begin, MADV_HUGEPAGE) };
        }
    }
    buf
}

/// Samples the Ising model; see the module documentation.
///
/// **Errors** as [`SampleConfig::validate`].
pub fn sample(config: &SampleConfig) -> Result<Samples> {
    config.validate()?;
    run(config, &AtomicBool::new(false))
}

/// [`sample`], polling `interrupt` on the calling thread while the chains run
/// ([`interrupt::watch`]); every chain checks for it after each sweep.
///
/// **Errors** as [`sample`], and with [`Error::Interrupted`] when `interrupt`
/// fires: nothing is returned (the samples drawn so far are dropped).
pub fn sample_interruptible(config: &SampleConfig, interrupt: Interrupt<'_>) -> Result<Samples> {
    config.validate()?;
    interrupt::watch(interrupt, |stop| run(config, stop))
}

/// The chains of a validated `config`, stopping with [`Error::Interrupted`] once
/// `stop` is set (checked after every sweep).
fn run(config: &SampleConfig, stop: &AtomicBool) -> Result<Samples> {
    let lat = Lattice::new(config.side, config.dim)?;
    let n = lat.n_sites();
    let n_chains = config.n_chains.min(config.n_samples);
    let total = config.n_samples;
    let acc = metropolis::Acceptance::new(config.temperature);
    let threshold = wolff::bond_threshold(config.temperature);
    let mut spins = zeroed_samples(total * n);
    let mut energy = vec![0.0; total];
    let mut magnetization = vec![0.0; total];
    // split the outputs into the chains' contiguous ranges
    let bounds: Vec<usize> = (0..=n_chains).map(|c| c * total / n_chains).collect();
    let mut jobs = Vec::with_capacity(n_chains);
    let (mut s_rest, mut e_rest, mut m_rest) =
        (&mut spins[..], &mut energy[..], &mut magnetization[..]);
    for c in 0..n_chains {
        let len = bounds[c + 1] - bounds[c];
        let (s, sr) = s_rest.split_at_mut(len * n);
        let (e, er) = e_rest.split_at_mut(len);
        let (m, mr) = m_rest.split_at_mut(len);
        jobs.push((c, s, e, m));
        (s_rest, e_rest, m_rest) = (sr, er, mr);
    }
    let counts: Vec<(usize, usize)> = jobs
        .into_par_iter()
        .map(|(c, out, e_out, m_out)| {
            let mut rng = rng::stream(config.seed, c as u64);
            let mut state: Vec<i8> = (0..n)
                .map(|_| if rng.random::<bool>() { 1 } else { -1 })
                .collect();
            if config.method == Method::Metropolis {
                return metropolis_chain(&lat, config, &acc, state, rng, stop, out, e_out, m_out);
            }
            let mut cluster = wolff::Cluster::default();
            // the same numbers as `rng`, drawn ahead (see `wolff::Draws`)
            let mut draws = wolff::Draws::new(rng);
            let (mut flipped_th, mut clusters_th) = (0usize, 0usize);
            for _ in 0..config.thermalization.max(1) {
                interrupt::stopped(stop)?;
                let (f, a) = wolff_sweep(&lat, &mut state, threshold, &mut cluster, &mut draws);
                flipped_th += f;
                clusters_th += a;
            }
            // Recording when the flipped count first reaches N would favour states
            // that just grew a large cluster (a state-dependent stopping time): after
            // thermalisation a Wolff sweep is a fixed number of clusters, N over the
            // mean cluster size seen so far.
            let fixed = (n * clusters_th).div_ceil(flipped_th.max(1)).max(1);
            // the energy and magnetisation follow the cluster flips (exact integers)
            let (mut e, mut m) = (lat.energy(&state), lat.magnetization(&state));
            let (mut flipped, mut attempts) = (0usize, 0usize);
            for (k, conf) in out.chunks_mut(n).enumerate() {
                for _ in 0..config.interval {
                    interrupt::stopped(stop)?;
                    for _ in 0..fixed {
                        let f =
                            wolff::update(&lat, &mut state, threshold, &mut cluster, &mut draws);
                        flipped += f.size;
                        e += f.energy;
                        m += f.magnetization;
                    }
                    attempts += fixed;
                }
                conf.copy_from_slice(&state);
                e_out[k] = e as f64 / n as f64;
                m_out[k] = m as f64 / n as f64;
            }
            Ok((flipped, attempts))
        })
        .collect::<Result<_>>()?;
    let (flipped, attempts) = counts
        .iter()
        .fold((0usize, 0usize), |(f, a), &(df, da)| (f + df, a + da));
    let acceptance = match config.method {
        Method::Metropolis => flipped as f64 / attempts as f64,
        Method::Wolff => flipped as f64 / attempts as f64 / n as f64,
    };
    Ok(Samples {
        spins,
        energy,
        magnetization,
        acceptance,
    })
}
