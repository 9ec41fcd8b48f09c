//! Gradient-descent optimisers over a flat parameter vector, shared by the whole
//! library (network training, gradient-descent regression, VMC parameter updates).
//!
//! With gradient g_t at step t = 1, 2, … and learning rate η_t (from a [`Schedule`]):
//!
//! * plain / momentum SGD: v ← μ v − η g;  θ ← θ + v
//!   (Nesterov: θ ← θ + μ v − η g, with the new v; μ = 0 is plain gradient descent)
//! * Adagrad: G ← G + g²;  θ ← θ − η g / (√G + ε)
//! * RMSprop: s ← ρ s + (1 − ρ) g²;  θ ← θ − η g / (√s + ε)
//! * Adam (Kingma & Ba 2015): m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²;
//!   θ ← θ − η m̂ / (√ŝ + ε) with m̂ = m / (1 − β₁ᵗ), ŝ = s / (1 − β₂ᵗ)
//!
//! An L1 penalty λ Σ|θ_j| on some coordinates is not differentiated but applied by a
//! proximal step after the update ([`Optimizer::step_proximal`]): each such θ_j is
//! soft-thresholded, θ_j ← sign(θ_j) max(|θ_j| − τ_j, 0), with τ_j = λ times the
//! coordinate's step size: τ = η λ for plain gradient descent (ISTA; proximal SGD),
//! τ = η λ / (1 − μ) with momentum or Nesterov (the step the velocity settles to),
//! τ_j = η λ / (√G_j + ε) for Adagrad (composite mirror descent, Duchi, Hazan & Singer
//! 2011), τ_j = η λ / (√s_j + ε) for RMSprop and τ_j = η λ / (√ŝ_j + ε) for Adam
//! (the preconditioned proximal step of ProxGen, Yun, Lozano & Yang 2021). A fixed
//! point then satisfies the optimality condition 0 ∈ ∇f(θ) + λ ∂‖θ‖₁ of the
//! penalised objective, and coordinates whose gradient stays below λ are exactly 0.

use crate::error::{Error, Result};
use crate::simd::widest_simd;

/// The update rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// Gradient descent with (optional) momentum μ ∈ [0, 1) and Nesterov's look-ahead.
    Sgd { momentum: f64, nesterov: bool },
    /// Adagrad with numerical floor ε.
    Adagrad { eps: f64 },
    /// RMSprop with decay ρ ∈ [0, 1) and floor ε.
    RmsProp { rho: f64, eps: f64 },
    /// Adam with decays β₁, β₂ ∈ [0, 1) and floor ε.
    Adam { beta1: f64, beta2: f64, eps: f64 },
}

impl Method {
    /// Adam with the usual β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    pub fn adam() -> Self {
        Method::Adam {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }

    /// Plain gradient descent.
    pub fn sgd() -> Self {
        Method::Sgd {
            momentum: 0.0,
            nesterov: false,
        }
    }
}

/// Learning rate η_t as a function of the step count t = 1, 2, …
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// η_t = η₀.
    Constant,
    /// η_t = η₀ / t^power.
    InvScaling { power: f64 },
    /// η_t = η₀ · rate^(t / steps).
    Exponential { rate: f64, steps: f64 },
    /// η_t = η₀ · factor^⌊t / every⌋.
    Step { factor: f64, every: u64 },
}

/// An optimiser with its state (moments and step count); `step` updates θ in place.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    method: Method,
    learning_rate: f64,
    schedule: Schedule,
    t: u64,
    first: Vec<f64>,
    second: Vec<f64>,
}

fn unit_interval(name: &str, value: f64) -> Result<()> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        Err(Error::param(name, "must be in [0, 1)", value))
    }
}

fn positive(name: &str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, "must be > 0", value))
    }
}

impl Optimizer {
    /// A fresh optimiser.
    ///
    /// **Errors** if η₀ ≤ 0 or a decay, momentum or ε lies outside its domain.
    pub fn new(method: Method, learning_rate: f64, schedule: Schedule) -> Result<Self> {
        positive("learning_rate", learning_rate)?;
        match &method {
            Method::Sgd { momentum, .. } => unit_interval("momentum", *momentum)?,
            Method::Adagrad { eps } => positive("epsilon", *eps)?,
            Method::RmsProp { rho, eps } => {
                unit_interval("rho", *rho)?;
                positive("epsilon", *eps)?;
            }
            Method::Adam { beta1, beta2, eps } => {
                unit_interval("beta_1", *beta1)?;
                unit_interval("beta_2", *beta2)?;
                positive("epsilon", *eps)?;
            }
        }
        match &schedule {
            Schedule::Constant => {}
            Schedule::InvScaling { power } => {
                if !(power.is_finite() && *power >= 0.0) {
                    return Err(Error::param("power_t", "must be >= 0", power));
                }
            }
            Schedule::Exponential { rate, steps } => {
                if !(*rate > 0.0 && *rate <= 1.0) {
                    return Err(Error::param("decay_rate", "must be in (0, 1]", rate));
                }
                positive("decay_steps", *steps)?;
            }
            Schedule::Step { factor, every } => {
                if !(*factor > 0.0 && *factor <= 1.0) {
                    return Err(Error::param("decay_rate", "must be in (0, 1]", factor));
                }
                if *every == 0 {
                    return Err(Error::param("decay_steps", "must be >= 1", every));
                }
            }
        }
        Ok(Optimizer {
            method,
            learning_rate,
            schedule,
            t: 0,
            first: Vec::new(),
            second: Vec::new(),
        })
    }

    /// The update rule.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The base learning rate η₀ of the schedule.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// Replace η₀ (e.g. to divide it when training stalls).
    ///
    /// **Errors** unless η₀ > 0.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<()> {
        positive("learning_rate", learning_rate)?;
        self.learning_rate = learning_rate;
        Ok(())
    }

    /// Number of steps taken so far.
    pub fn steps_taken(&self) -> u64 {
        self.t
    }

    /// η at step `t` (1-based).
    pub fn learning_rate_at(&self, t: u64) -> f64 {
        let t = t.max(1) as f64;
        let eta = self.learning_rate;
        match &self.schedule {
            Schedule::Constant => eta,
            Schedule::InvScaling { power } => eta / t.powf(*power),
            Schedule::Exponential { rate, steps } => eta * rate.powf(t / steps),
            Schedule::Step { factor, every } => eta * factor.powi((t as u64 / every) as i32),
        }
    }

    /// Forget the moments and the step count.
    pub fn reset(&mut self) {
        self.t = 0;
        self.first.clear();
        self.second.clear();
    }

    /// The state (t, first moments, second moments), for saving; see [`Optimizer::set_state`].
    pub fn state(&self) -> (u64, &[f64], &[f64]) {
        (self.t, &self.first, &self.second)
    }

    /// Restore a state from [`Optimizer::state`].
    pub fn set_state(&mut self, t: u64, first: Vec<f64>, second: Vec<f64>) {
        self.t = t;
        self.first = first;
        self.second = second;
    }

    /// One update θ ← θ + Δθ(g).
    ///
    /// **Errors** if `params` and `grad` differ in length or the length changed
    /// since the previous step (call [`Optimizer::reset`] first).
    pub fn step(&mut self, params: &mut [f64], grad: &[f64]) -> Result<()> {
        let n = params.len();
        if grad.len() != n {
            return Err(Error::Shape(format!(
                "gradient has {} entries but there are {} parameters",
                grad.len(),
                n
            )));
        }
        if self.first.is_empty() && self.second.is_empty() {
            self.first = vec![0.0; n];
            self.second = vec![0.0; n];
        } else if self.first.len() != n {
            return Err(Error::Shape(format!(
                "optimiser state has {} parameters but this step has {}",
                self.first.len(),
                n
            )));
        }
        self.t += 1;
        let eta = self.learning_rate_at(self.t);
        update(
            &self.method,
            eta,
            self.t,
            params,
            grad,
            &mut self.first,
            &mut self.second,
        );
        Ok(())
    }

    /// One update of the smooth part, θ ← θ + Δθ(g), then the proximal step of the
    /// L1 penalty λ Σ_{j∈ranges} |θ_j| (see the module documentation): every θ_j in
    /// `ranges` becomes sign(θ_j) max(|θ_j| − τ_j, 0). `grad` is the gradient of the
    /// objective without the L1 term. With λ = 0 this is [`Optimizer::step`]; a
    /// negative λ (a penalty divided by a negative sum of sample weights) moves every
    /// non-zero θ_j away from zero by |τ_j|.
    ///
    /// **Errors** as [`Optimizer::step`].
    pub fn step_proximal(
        &mut self,
        params: &mut [f64],
        grad: &[f64],
        l1: f64,
        ranges: &[std::ops::Range<usize>],
    ) -> Result<()> {
        self.step(params, grad)?;
        if l1 == 0.0 {
            return Ok(());
        }
        let eta = self.learning_rate_at(self.t);
        let s = &self.second;
        // sign(θ) max(|θ| − τ, 0), a removed weight being +0 (not −0); θ = 0 stays
        // 0 (also for τ < 0, the anti-shrinkage of a penalty divided by a negative
        // weight sum)
        let soft = |p: &mut f64, tau: f64| {
            if *p != 0.0 {
                let kept = (p.abs() - tau).max(0.0);
                *p = if kept == 0.0 { 0.0 } else { p.signum() * kept };
            }
        };
        for range in ranges {
            let (p, s) = (&mut params[range.clone()], &s[range.clone()]);
            match self.method {
                Method::Sgd { momentum, .. } => {
                    let tau = eta * l1 / (1.0 - momentum);
                    p.iter_mut().for_each(|p| soft(p, tau));
                }
                Method::Adagrad { eps } | Method::RmsProp { eps, .. } => {
                    for (p, &s) in p.iter_mut().zip(s) {
                        soft(p, eta * l1 / (s.sqrt() + eps));
                    }
                }
                Method::Adam { beta2, eps, .. } => {
                    let inv_c2 = 1.0 / (1.0 - beta2.powf(self.t as f64));
                    for (p, &s) in p.iter_mut().zip(s) {
                        soft(p, eta * l1 / ((s * inv_c2).sqrt() + eps));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Parameters per parallel chunk of an update; vectors of fewer than two chunks are
/// updated on the calling thread.
const PAR_CHUNK: usize = 1 << 15;

/// The update, elementwise, so splitting it into chunks over rayon's threads (for
/// long vectors) gives the same numbers for any thread count.
fn update(
    method: &Method,
    eta: f64,
    t: u64,
    params: &mut [f64],
    grad: &[f64],
    m: &mut [f64],
    s: &mut [f64],
) {
    if params.len() < 2 * PAR_CHUNK {
        return update_chunk(method, eta, t, params, grad, m, s);
    }
    use rayon::prelude::*;
    params
        .par_chunks_mut(PAR_CHUNK)
        .zip(grad.par_chunks(PAR_CHUNK))
        .zip(m.par_chunks_mut(PAR_CHUNK).zip(s.par_chunks_mut(PAR_CHUNK)))
        .for_each(|((p, g), (m, s))| update_chunk(method, eta, t, p, g, m, s));
}

widest_simd! {
    /// The update loops, compiled for AVX-512 or AVX2 when the CPU has them. The
    /// arithmetic is the same on every path (no fused multiply-adds), so the results
    /// are identical.
    fn update_chunk(
        method: &Method,
        eta: f64,
        t: u64,
        params: &mut [f64],
        grad: &[f64],
        m: &mut [f64],
        s: &mut [f64],
    ) {
        // Zipped iterators (no bounds checks) so that the loops vectorise.
        let updates = params
            .iter_mut()
            .zip(grad)
            .zip(m.iter_mut().zip(s.iter_mut()));
        match *method {
            Method::Sgd {
                momentum,
                nesterov: false,
            } => {
                for ((p, &g), (m, _)) in updates {
                    *m = momentum * *m - eta * g;
                    *p += *m;
                }
            }
            Method::Sgd {
                momentum,
                nesterov: true,
            } => {
                for ((p, &g), (m, _)) in updates {
                    *m = momentum * *m - eta * g;
                    *p += momentum * *m - eta * g;
                }
            }
            Method::Adagrad { eps } => {
                for ((p, &g), (_, s)) in updates {
                    *s += g * g;
                    *p -= eta * g / (s.sqrt() + eps);
                }
            }
            Method::RmsProp { rho, eps } => {
                for ((p, &g), (_, s)) in updates {
                    *s = rho * *s + (1.0 - rho) * g * g;
                    *p -= eta * g / (s.sqrt() + eps);
                }
            }
            Method::Adam { beta1, beta2, eps } => {
                let inv_c1 = 1.0 / (1.0 - beta1.powf(t as f64));
                let inv_c2 = 1.0 / (1.0 - beta2.powf(t as f64));
                for ((p, &g), (m, s)) in updates {
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *s = beta2 * *s + (1.0 - beta2) * g * g;
                    *p -= eta * (*m * inv_c1) / ((*s * inv_c2).sqrt() + eps);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(θ) = ½ Σ c_i (θ_i − 1)², minimum at θ = 1.
    fn minimise(method: Method, eta: f64, steps: usize) -> Vec<f64> {
        let c = [1.0, 3.0, 0.5];
        let mut opt = Optimizer::new(method, eta, Schedule::Constant).unwrap();
        let mut theta = vec![0.0; 3];
        for _ in 0..steps {
            let g: Vec<f64> = theta.iter().zip(c).map(|(t, c)| c * (t - 1.0)).collect();
            opt.step(&mut theta, &g).unwrap();
        }
        theta
    }

    /// Every method with a learning rate that suits the quadratics below (`adam_eta`
    /// for Adam).
    fn every_method(adam_eta: f64) -> [(Method, f64); 6] {
        [
            (Method::sgd(), 0.3),
            (
                Method::Sgd {
                    momentum: 0.9,
                    nesterov: false,
                },
                0.05,
            ),
            (
                Method::Sgd {
                    momentum: 0.9,
                    nesterov: true,
                },
                0.05,
            ),
            (Method::Adagrad { eps: 1e-8 }, 0.5),
            (
                Method::RmsProp {
                    rho: 0.9,
                    eps: 1e-8,
                },
                0.01,
            ),
            (Method::adam(), adam_eta),
        ]
    }

    #[test]
    fn every_method_finds_the_minimum_of_a_quadratic() {
        for (m, eta) in every_method(0.05) {
            let theta = minimise(m.clone(), eta, 3000);
            for t in theta {
                assert!((t - 1.0).abs() < 1e-2, "{m:?} ended at {t}");
            }
        }
    }

    /// f(θ) = ½ Σ c_i (θ_i − a_i)² + λ Σ_{i<3} |θ_i| has the minimiser
    /// θ_i = sign(a_i) max(|a_i| − λ/c_i, 0) (i < 3) and a_i (i = 3, not penalised).
    /// Every method with its proximal step reaches it, with exact zeros.
    #[test]
    fn proximal_steps_reach_the_lasso_minimiser_with_exact_zeros() {
        let (c, a, lambda) = ([1.0, 3.0, 0.5, 2.0], [0.2, -1.5, 2.0, -0.3], 0.4);
        let expected = [0.0, -1.5 + 0.4 / 3.0, 2.0 - 0.4 / 0.5, -0.3];
        for (m, eta) in every_method(0.01) {
            let mut opt = Optimizer::new(m.clone(), eta, Schedule::Constant).unwrap();
            let mut theta = vec![1.0; 4];
            for _ in 0..5000 {
                let g: Vec<f64> = (0..4).map(|i| c[i] * (theta[i] - a[i])).collect();
                opt.step_proximal(&mut theta, &g, lambda, std::slice::from_ref(&(0..3)))
                    .unwrap();
            }
            assert_eq!(theta[0], 0.0, "{m:?}: {theta:?}");
            for (t, e) in theta.iter().zip(expected) {
                assert!((t - e).abs() < 1e-2, "{m:?} ended at {theta:?}");
            }
        }
        let mut opt = Optimizer::new(Method::sgd(), 0.3, Schedule::Constant).unwrap();
        let (mut p, mut q) = (vec![0.5, -0.2], vec![0.5, -0.2]);
        opt.step_proximal(&mut p, &[1.0, 1.0], 0.0, std::slice::from_ref(&(0..2)))
            .unwrap();
        Optimizer::new(Method::sgd(), 0.3, Schedule::Constant)
            .unwrap()
            .step(&mut q, &[1.0, 1.0])
            .unwrap();
        assert_eq!(p, q);
        // a weight removed from the negative side is +0, as scikit-learn's saga gives
        let mut r = vec![-0.1, 0.1];
        opt.step_proximal(&mut r, &[0.0, 0.0], 1.0, std::slice::from_ref(&(0..2)))
            .unwrap();
        assert!(r.iter().all(|v| *v == 0.0 && v.is_sign_positive()), "{r:?}");
    }

    #[test]
    fn adam_first_step_has_length_eta() {
        let mut opt = Optimizer::new(Method::adam(), 0.1, Schedule::Constant).unwrap();
        let mut theta = vec![0.0, 0.0];
        opt.step(&mut theta, &[5.0, -0.001]).unwrap();
        assert!((theta[0] + 0.1).abs() < 1e-6 && (theta[1] - 0.1).abs() < 1e-4);
    }

    #[test]
    fn schedules() {
        let o = |s| Optimizer::new(Method::sgd(), 1.0, s).unwrap();
        assert_eq!(
            o(Schedule::InvScaling { power: 0.5 }).learning_rate_at(4),
            0.5
        );
        assert_eq!(
            o(Schedule::Step {
                factor: 0.5,
                every: 10
            })
            .learning_rate_at(25),
            0.25
        );
        assert!(
            (o(Schedule::Exponential {
                rate: 0.5,
                steps: 2.0
            })
            .learning_rate_at(2)
                - 0.5)
                .abs()
                < 1e-15
        );
    }

    #[test]
    fn bad_hyperparameters_are_named() {
        let e = Optimizer::new(Method::sgd(), -1.0, Schedule::Constant).unwrap_err();
        assert_eq!(e.to_string(), "learning_rate must be > 0, got -1");
        assert!(Optimizer::new(
            Method::Adam {
                beta1: 1.0,
                beta2: 0.9,
                eps: 1e-8
            },
            0.1,
            Schedule::Constant
        )
        .is_err());
        let mut o = Optimizer::new(Method::sgd(), 0.1, Schedule::Constant).unwrap();
        assert!(o.step(&mut [0.0; 2], &[1.0]).is_err());
    }
}
