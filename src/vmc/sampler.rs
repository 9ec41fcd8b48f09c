//! Markov-chain samplers of |Ψ(x)|².
//!
//! A *sweep* moves every particle once, in order (Metropolis and importance
//! sampling), or redraws all hidden and then all visible units (Gibbs). One sample
//! is taken after every sweep.
//!
//! * **Metropolis**: x'_k = x_k + ℓ (u − ½) with u uniform in [0, 1)^d and step
//!   length ℓ; accepted with probability min(1, |Ψ(x')/Ψ(x)|²).
//! * **Importance sampling** (Langevin): y = x + D Δt F(x) + √Δt ξ with D = ½, the
//!   drift F = 2v̄ evaluated on the old configuration and ξ standard normal;
//!   accepted with probability min(1, G(x, y)|Ψ(y)|² / (G(y, x)|Ψ(x)|²)) with the
//!   Green's function G(y, x) = exp(−|y − x − D Δt F(x)|²/(4 D Δt)). v̄ is the
//!   velocity ∇_k ln|Ψ| limited near nodes of Ψ (Umrigar et al. 1993, see
//!   [`limit_drift`]): with the bare velocity, which diverges at a node of a Slater
//!   determinant, a walker next to the node proposes ever larger jumps, all
//!   rejected, and stays stuck.
//! * **Gibbs** (Ψ = √F of a single RBM): the joint distribution
//!   P(x, h) ∝ exp(−|x − a|²/(2σ²) + b·h + xᵀW h/σ²) has marginal F(x) = |Ψ(x)|²;
//!   h_j | x ~ Bernoulli(S(θ_j)) and x_k | h ~ N(a_k + Σ_j W_kj h_j, σ²). Every
//!   proposal is accepted.
//!
//! Proposals with a non-finite ratio or position are rejected, so a walker never
//! moves to NaN; a walker whose local energy is not finite is reported by the
//! driver as an error.

use super::hamiltonian::Hamiltonian;
use super::wavefunction::{rbm_logistic, RbmForm, WaveFunction};
use crate::error::{Error, Result};
use crate::rng::Rng;
use rand::Rng as _;
use rand::SeedableRng as _;
use rand_distr::StandardNormal;

/// The Markov-chain move.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SamplerKind {
    /// Random-walk Metropolis with step length ℓ (uniform displacements in
    /// [−ℓ/2, ℓ/2) per coordinate).
    Metropolis { step: f64 },
    /// Langevin importance sampling with time step Δt.
    Importance { dt: f64 },
    /// Gibbs sampling of an RBM with Ψ = √F.
    Gibbs,
}

/// A sampler: the move and the number of burn-in sweeps discarded at the start of
/// every sampling run (each optimisation iteration and each call of
/// [`Vmc::sample`](super::driver::Vmc::sample)).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampler {
    kind: SamplerKind,
    burn_in: usize,
}

impl Sampler {
    /// Random-walk Metropolis with step length ℓ > 0.
    ///
    /// **Errors** if ℓ ≤ 0 or not finite.
    pub fn metropolis(step: f64, burn_in: usize) -> Result<Self> {
        if !(step.is_finite() && step > 0.0) {
            return Err(Error::param("step_length", "must be > 0", step));
        }
        Ok(Sampler {
            kind: SamplerKind::Metropolis { step },
            burn_in,
        })
    }

    /// Langevin importance sampling with time step Δt > 0.
    ///
    /// **Errors** if Δt ≤ 0 or not finite.
    pub fn importance(dt: f64, burn_in: usize) -> Result<Self> {
        if !(dt.is_finite() && dt > 0.0) {
            return Err(Error::param("dt", "must be > 0", dt));
        }
        Ok(Sampler {
            kind: SamplerKind::Importance { dt },
            burn_in,
        })
    }

    /// Gibbs sampling (for an RBM with Ψ = √F only; checked by [`Sampler::check`]).
    pub fn gibbs(burn_in: usize) -> Self {
        Sampler {
            kind: SamplerKind::Gibbs,
            burn_in,
        }
    }

    /// The move.
    pub fn kind(&self) -> SamplerKind {
        self.kind
    }

    /// Burn-in sweeps per sampling run.
    pub fn burn_in(&self) -> usize {
        self.burn_in
    }

    /// Checks that this sampler can sample `wf`.
    ///
    /// **Errors** for a Gibbs sampler unless `wf` is a single RBM with Ψ = √F.
    pub fn check<W: WaveFunction>(&self, wf: &W) -> Result<()> {
        if self.kind == SamplerKind::Gibbs {
            match wf.as_rbm() {
                Some(r) if r.form() == RbmForm::SqrtF => {}
                Some(_) => {
                    return Err(Error::param(
                        "wavefunction",
                        "must be an RBM with Psi = sqrt(F) (form='sqrt') for Gibbs sampling",
                        "an RBM with Psi = F",
                    ))
                }
                None => {
                    return Err(Error::param(
                        "wavefunction",
                        "must be a single RBM with Psi = sqrt(F) for Gibbs sampling; use Metropolis or importance sampling",
                        "another wave function",
                    ))
                }
            }
        }
        Ok(())
    }
}

/// Replaces the velocity v = ∇_k ln|Ψ| of one particle by Umrigar, Nightingale and
/// Runge's limited velocity (J. Chem. Phys. 99, 2865 (1993), eq. 34 with a = 1)
/// v̄ = v (−1 + √(1 + 2|v|²Δt))/(|v|²Δt): v̄ ≈ v where |v|²Δt ≪ 1, while the drift
/// step Δt|v̄| stays below √(2Δt) near a node of Ψ, where |v| ~ 1/(distance to the
/// node) diverges. The Metropolis–Hastings test uses v̄ on both sides, so the
/// chain still samples |Ψ|² exactly.
#[inline]
fn limit_drift(v: &mut [f64], dt: f64) {
    let v2dt = v.iter().map(|c| c * c).sum::<f64>() * dt;
    if v2dt > 1e-12 {
        let f = ((1.0 + 2.0 * v2dt).sqrt() - 1.0) / v2dt;
        for c in v.iter_mut() {
            *c *= f;
        }
    }
}

/// One Markov chain: its configuration, its RNG stream and scratch buffers.
///
/// Aligned to 128 bytes so that walkers stored side by side and run on different
/// threads never share a cache line (their RNG state changes at every draw).
#[derive(Clone, Debug)]
#[repr(align(128))]
pub struct Walker {
    x: Vec<f64>,
    rng: Rng,
    new: Vec<f64>,
    drift_old: Vec<f64>,
    drift_new: Vec<f64>,
    hidden: Vec<f64>,
}

/// Tries to place a walker where Ψ ≠ 0 this many times before giving up.
const PLACEMENT_ATTEMPTS: usize = 1000;

impl Walker {
    /// A walker for chain `chain` with RNG `rng::stream(seed, chain)`, at a random
    /// configuration (coordinates N(0, 1/ω)) where Ψ ≠ 0.
    ///
    /// **Errors** if no such configuration is found in 1000 attempts (e.g. hard
    /// spheres packed too densely).
    pub fn new<W: WaveFunction>(
        wf: &W,
        hamiltonian: &Hamiltonian,
        seed: u64,
        chain: u64,
    ) -> Result<Self> {
        let mut rng = crate::rng::stream(seed, chain);
        let (n, d) = (wf.n_particles(), wf.dim());
        let width = 1.0 / hamiltonian.omega().sqrt();
        let hidden = wf.as_rbm().map_or(0, |r| r.n_hidden());
        for _ in 0..PLACEMENT_ATTEMPTS {
            let x: Vec<f64> = (0..n * d)
                .map(|_| width * rng.sample::<f64, _>(StandardNormal))
                .collect();
            if wf.log_value(&wf.state(&x), &x).is_finite() {
                return Ok(Walker {
                    x,
                    rng,
                    new: vec![0.0; d],
                    drift_old: vec![0.0; d],
                    drift_new: vec![0.0; d],
                    hidden: vec![0.0; hidden],
                });
            }
        }
        Err(Error::Numerical(format!(
            "could not place {n} particles where the wave function is nonzero in {PLACEMENT_ATTEMPTS} attempts"
        )))
    }

    /// A walker at configuration `x` (N·d coordinates, not checked) whose RNG has
    /// the state `rng` of [`Walker::rng_state`] (restoring a checkpoint).
    pub fn from_state<W: WaveFunction>(wf: &W, x: Vec<f64>, rng: [u64; 4]) -> Self {
        let d = wf.dim();
        let mut seed = [0u8; 32];
        for (chunk, word) in seed.chunks_mut(8).zip(rng) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        Walker {
            x,
            // xoshiro256++ seeded with 32 bytes takes them as its four state words
            rng: Rng::from_seed(seed),
            new: vec![0.0; d],
            drift_old: vec![0.0; d],
            drift_new: vec![0.0; d],
            hidden: vec![0.0; wf.as_rbm().map_or(0, |r| r.n_hidden())],
        }
    }

    /// The four 64-bit state words of the walker's xoshiro256++ generator.
    pub fn rng_state(&self) -> [u64; 4] {
        // rand_xoshiro keeps them private; its derived Debug shows them as
        // `Xoshiro256PlusPlus { s: [a, b, c, d] }` (checked by a test)
        let text = format!("{:?}", self.rng);
        let inner = text
            .split('[')
            .nth(1)
            .and_then(|t| t.split(']').next())
            .unwrap_or("");
        let mut words = [0u64; 4];
        for (w, t) in words.iter_mut().zip(inner.split(',')) {
            *w = t.trim().parse().unwrap_or(0);
        }
        words
    }

    /// The configuration (N·d coordinates).
    pub fn position(&self) -> &[f64] {
        &self.x
    }

    /// One sweep; returns the number of accepted moves (out of
    /// [`Walker::moves_per_sweep`]). `state` must be valid for the walker's position.
    /// A sweep that returns 0 has left the position and the state's committed
    /// configuration unchanged (the driver reuses the previous sample's local
    /// energy and derivatives); Gibbs sampling moves every time and returns 1.
    pub fn sweep<W: WaveFunction>(
        &mut self,
        wf: &W,
        state: &mut W::State,
        sampler: &Sampler,
    ) -> usize {
        self.sweep_finishing(wf, state, sampler, true)
    }

    /// [`Walker::sweep`] that may leave the state's derivative terms out of date
    /// (Metropolis defers them past the sweep): for sweeps whose samples are not
    /// read (burn-in). Call [`WaveFunction::finish_moves`] before reading any
    /// derivative; the numbers are then those of [`Walker::sweep`].
    pub fn sweep_values<W: WaveFunction>(
        &mut self,
        wf: &W,
        state: &mut W::State,
        sampler: &Sampler,
    ) -> usize {
        self.sweep_finishing(wf, state, sampler, false)
    }

    /// A sweep; `finish` brings Metropolis's deferred derivative terms up to date
    /// at its end (the other samplers keep them up to date).
    fn sweep_finishing<W: WaveFunction>(
        &mut self,
        wf: &W,
        state: &mut W::State,
        sampler: &Sampler,
        finish: bool,
    ) -> usize {
        match sampler.kind {
            SamplerKind::Metropolis { step } => self.metropolis_sweep(wf, state, step, finish),
            SamplerKind::Importance { dt } => self.importance_sweep(wf, state, dt),
            SamplerKind::Gibbs => self.gibbs_sweep(wf, state),
        }
    }

    /// Proposed moves per sweep: N for Metropolis and importance sampling, 1 for Gibbs.
    pub fn moves_per_sweep(&self, sampler: &Sampler, n_particles: usize) -> usize {
        match sampler.kind {
            SamplerKind::Gibbs => 1,
            _ => n_particles,
        }
    }

    fn commit<W: WaveFunction>(&mut self, wf: &W, state: &mut W::State, k: usize) {
        let d = self.new.len();
        wf.accept(state, k, &self.new);
        self.x[k * d..(k + 1) * d].copy_from_slice(&self.new);
    }

    /// [`Walker::commit`] leaving the state's derivative terms for
    /// [`WaveFunction::finish_moves`] at the end of the sweep.
    fn commit_deferred<W: WaveFunction>(&mut self, wf: &W, state: &mut W::State, k: usize) {
        let d = self.new.len();
        wf.accept_deferred(state, k, &self.new);
        self.x[k * d..(k + 1) * d].copy_from_slice(&self.new);
    }

    fn metropolis_sweep<W: WaveFunction>(
        &mut self,
        wf: &W,
        state: &mut W::State,
        step: f64,
        finish: bool,
    ) -> usize {
        let d = self.new.len();
        let n = self.x.len() / d;
        let mut accepted = 0;
        for k in 0..n {
            for c in 0..d {
                self.new[c] = self.x[k * d + c] + step * (self.rng.random::<f64>() - 0.5);
            }
            let log_ratio = wf.propose(state, &self.x, k, &self.new);
            let u: f64 = self.rng.random();
            let accept = log_ratio >= 0.0 || u.ln() < 2.0 * log_ratio;
            if accept && self.new.iter().all(|v| v.is_finite()) {
                self.commit_deferred(wf, state, k);
                accepted += 1;
            }
        }
        // the proposals read values only: derivative terms once per sweep
        if finish {
            wf.finish_moves(state);
        }
        accepted
    }

    fn importance_sweep<W: WaveFunction>(
        &mut self,
        wf: &W,
        state: &mut W::State,
        dt: f64,
    ) -> usize {
        let d = self.new.len();
        let n = self.x.len() / d;
        let sqrt_dt = dt.sqrt();
        let mut accepted = 0;
        for k in 0..n {
            self.drift_old.fill(0.0);
            wf.add_particle_gradient(state, &self.x, k, &mut self.drift_old);
            limit_drift(&mut self.drift_old, dt);
            for c in 0..d {
                let xi: f64 = self.rng.sample(StandardNormal);
                self.new[c] = self.x[k * d + c] + dt * self.drift_old[c] + sqrt_dt * xi;
            }
            let log_ratio = wf.propose(state, &self.x, k, &self.new);
            let u: f64 = self.rng.random();
            if !log_ratio.is_finite() {
                continue;
            }
            self.drift_new.fill(0.0);
            wf.add_proposed_gradient(state, &self.x, k, &self.new, &mut self.drift_new);
            limit_drift(&mut self.drift_new, dt);
            // ln G(x, y) − ln G(y, x) with D Δt F = Δt v̄ and 4 D Δt = 2 Δt.
            let mut log_green = 0.0;
            for c in 0..d {
                let (x, y) = (self.x[k * d + c], self.new[c]);
                let back = x - y - dt * self.drift_new[c];
                let forth = y - x - dt * self.drift_old[c];
                log_green += (forth * forth - back * back) / (2.0 * dt);
            }
            let log_acceptance = 2.0 * log_ratio + log_green;
            let accept = log_acceptance >= 0.0 || u.ln() < log_acceptance;
            if accept && self.new.iter().all(|v| v.is_finite()) {
                self.commit(wf, state, k);
                accepted += 1;
            }
        }
        accepted
    }

    fn gibbs_sweep<W: WaveFunction>(&mut self, wf: &W, state: &mut W::State) -> usize {
        let rbm = wf
            .as_rbm()
            .expect("Sampler::check admits Gibbs sampling of RBMs only");
        let h = rbm.n_hidden();
        let sigma = rbm.sigma();
        rbm.hidden_activations(&self.x, &mut self.hidden);
        for j in 0..h {
            let p = rbm_logistic(self.hidden[j]);
            self.hidden[j] = if self.rng.random::<f64>() < p {
                1.0
            } else {
                0.0
            };
        }
        let (a, w) = (rbm.visible_bias(), rbm.weights());
        for (k, xk) in self.x.iter_mut().enumerate() {
            let row = &w[k * h..(k + 1) * h];
            let mean = a[k]
                + row
                    .iter()
                    .zip(&self.hidden)
                    .map(|(w, hj)| w * hj)
                    .sum::<f64>();
            let xi: f64 = self.rng.sample(StandardNormal);
            *xk = mean + sigma * xi;
        }
        wf.refresh(state, &self.x);
        1
    }
}
