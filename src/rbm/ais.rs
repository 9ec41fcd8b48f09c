//! Annealed importance sampling (AIS) estimate of ln Z (Neal 2001; for RBMs
//! Salakhutdinov & Murray, ICML 2008).
//!
//! The intermediate distributions scale the hidden part of the RBM by β ∈ [0, 1]:
//! f_β(x) = e^{−V(x)} Π_j (1 + e^{β θ_j(x)}), with V(x) = −a·x (binary visible units)
//! or Σ_k (x_k − a_k)²/(2σ²) (Gaussian ones). f_β is the marginal of the RBM with
//! parameters (a, βb, βW), so block Gibbs sampling of that RBM leaves it invariant;
//! f_1 is the model and f_0 a product of independent visible units with
//! ln Z_0 = Σ_k softplus(a_k) + H ln 2 (binary) or (M/2) ln(2πσ²) + H ln 2 (Gaussian),
//! sampled exactly.
//!
//! Each run starts from x ~ f_0 and, for β_1 < … < β_K = 1 (linear spacing), adds
//! ln f_{β_t}(x) − ln f_{β_{t−1}}(x) = Σ_j softplus(β_t θ_j) − softplus(β_{t−1} θ_j)
//! to its log weight, then moves x by one Gibbs sweep at β_t. E[w] = Z/Z_0, so
//! ln Ẑ = ln Z_0 + ln mean(w); its standard error (delta method) is
//! std(w)/(√R mean(w)) over the R runs.
//!
//! Runs are processed in blocks of [`BLOCK`] with random stream (seed, block), in
//! parallel, so the estimate does not depend on the number of threads.

use ndarray::{Array1, Array2, ArrayView1};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use super::model::{Rbm, Visible};
use super::units::{logistic, softplus};
use crate::error::{Error, Result};
use crate::rng;

/// Runs per random stream.
pub const BLOCK: usize = 16;

/// An AIS estimate of ln Z.
#[derive(Clone, Debug, PartialEq)]
pub struct AisEstimate {
    /// ln Ẑ.
    pub log_z: f64,
    /// Standard error of ln Ẑ (delta method).
    pub std_error: f64,
    /// ln w of every run.
    pub log_weights: Vec<f64>,
}

fn base_log_z(rbm: &Rbm) -> f64 {
    let hidden = rbm.n_hidden() as f64 * std::f64::consts::LN_2;
    match rbm.visible() {
        Visible::Bernoulli => rbm.a().iter().map(|&a| softplus(a)).sum::<f64>() + hidden,
        Visible::Gaussian { sigma } => {
            0.5 * rbm.n_visible() as f64 * (2.0 * std::f64::consts::PI * sigma * sigma).ln()
                + hidden
        }
    }
}

/// The RBM (a, βb, βW).
fn scaled(rbm: &Rbm, beta: f64) -> Rbm {
    let m = rbm.n_visible();
    let mut out = rbm.clone();
    for p in &mut out.params_mut()[m..] {
        *p *= beta;
    }
    out
}

/// The log weights of `runs` runs with random stream (seed, block).
fn block(rbm: &Rbm, runs: usize, betas: &[f64], seed: u64, block: u64) -> Vec<f64> {
    let mut r = rng::stream(seed, block);
    let a = ArrayView1::from(rbm.a());
    let m = rbm.n_visible();
    let mut x: Array2<f64> = match rbm.visible() {
        Visible::Bernoulli => {
            let p = a
                .mapv(logistic)
                .insert_axis(ndarray::Axis(0))
                .broadcast((runs, m))
                .unwrap()
                .to_owned();
            Rbm::sample_binary(&p, &mut r)
        }
        Visible::Gaussian { sigma } => Array2::from_shape_fn((runs, m), |(_, k)| {
            let z: f64 = StandardNormal.sample(&mut r);
            a[k] + sigma * z
        }),
    };
    let mut log_w = Array1::<f64>::zeros(runs);
    let mut previous = 0.0;
    for &beta in betas {
        let theta = rbm.hidden_input(x.view());
        for (lw, row) in log_w.iter_mut().zip(theta.rows()) {
            *lw += row
                .iter()
                .map(|&t| softplus(beta * t) - softplus(previous * t))
                .sum::<f64>();
        }
        previous = beta;
        if beta < 1.0 {
            let model = scaled(rbm, beta);
            let p = theta.mapv(|t| logistic(beta * t));
            let h = Rbm::sample_binary(&p, &mut r);
            x = model.sample_visible(h.view(), &mut r);
        }
    }
    log_w.to_vec()
}

/// AIS estimate of ln Z with `n_runs` runs and `n_betas` intermediate temperatures.
///
/// **Errors** if `n_runs` < 2 or `n_betas` < 1.
pub fn log_partition(rbm: &Rbm, n_runs: usize, n_betas: usize, seed: u64) -> Result<AisEstimate> {
    if n_runs < 2 {
        return Err(Error::param("n_runs", "must be >= 2", n_runs));
    }
    if n_betas < 1 {
        return Err(Error::param("n_betas", "must be >= 1", n_betas));
    }
    let betas: Vec<f64> = (1..=n_betas).map(|t| t as f64 / n_betas as f64).collect();
    let blocks: Vec<(usize, usize)> = (0..n_runs)
        .step_by(BLOCK)
        .enumerate()
        .map(|(i, s)| (i, BLOCK.min(n_runs - s)))
        .collect();
    let log_weights: Vec<f64> = blocks
        .into_par_iter()
        .map(|(i, n)| block(rbm, n, &betas, seed, i as u64))
        .collect::<Vec<_>>()
        .concat();
    let max = log_weights
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let r: Vec<f64> = log_weights.iter().map(|l| (l - max).exp()).collect();
    let n = r.len() as f64;
    let mean = r.iter().sum::<f64>() / n;
    let var = r.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    Ok(AisEstimate {
        log_z: base_log_z(rbm) + max + mean.ln(),
        std_error: var.sqrt() / (n.sqrt() * mean),
        log_weights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbm::exact;
    use crate::rbm::model::tests::tiny;

    #[test]
    fn ais_agrees_with_enumeration_within_its_error() {
        for (visible, m, h) in [
            (Visible::Bernoulli, 12, 8),
            (Visible::Bernoulli, 10, 16),
            (Visible::Gaussian { sigma: 1.0 }, 5, 8),
        ] {
            let rbm = tiny(visible, m, h, 11);
            let exact = exact::log_partition(&rbm).unwrap();
            let est = log_partition(&rbm, 200, 2000, 5).unwrap();
            let err = (est.log_z - exact).abs();
            assert!(
                err < 4.0 * est.std_error + 1e-3,
                "{visible:?}: AIS {} ± {} vs exact {exact}",
                est.log_z,
                est.std_error
            );
            assert!(est.std_error < 0.2, "{visible:?}: error {}", est.std_error);
        }
    }

    #[test]
    fn ais_is_independent_of_the_thread_count() {
        let rbm = tiny(Visible::Bernoulli, 6, 5, 2);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| log_partition(&rbm, 50, 100, 9).unwrap())
        };
        assert_eq!(run(1), run(3));
    }
}
