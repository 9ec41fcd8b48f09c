//! Exact partition function, log-likelihood and log-likelihood gradient of small
//! RBMs, by enumerating the smaller binary layer.
//!
//! * Over the visible states (binary units, M ≤ H): ln Z = ln Σ_x e^{−F(x)}.
//! * Over the hidden states: ln Z = ln Σ_h e^{b·h + g(h)} with
//!   g(h) = Σ_k softplus(a_k + (W h)_k) for binary visible units, and, integrating
//!   the Gaussian visible units out in closed form,
//!   g(h) = (M/2) ln(2πσ²) + Σ_k ((a_k + (W h)_k)² − a_k²)/(2σ²).
//!
//! The gradient of the mean log-likelihood ⟨ln P(x)⟩_data is
//! ⟨−∂F/∂θ⟩_data − ⟨−∂E/∂θ⟩_model; the model term is a weighted sum over the
//! enumerated states (see [`Rbm::sufficient_statistics`]): over visible states with
//! weights P(x) and hidden probabilities P(h | x), or over hidden states with weights
//! P(h) and the conditional mean E[x | h] in place of x (the statistics are linear in x).
//!
//! States are processed in fixed chunks, in parallel, and combined in chunk order,
//! so the results do not depend on the number of threads.

use ndarray::{Array1, Array2, ArrayView2};
use rayon::prelude::*;

use super::model::{Rbm, Visible};
use super::units::softplus;
use crate::error::{Error, Result};

/// Largest layer that is enumerated (2^24 states).
pub const MAX_ENUMERATED_UNITS: usize = 24;

const CHUNK_BITS: usize = 12;

/// One chunk of enumerated states: the visible rows (configurations or conditional
/// means), the hidden rows (probabilities or configurations) and ln of each weight.
struct Chunk {
    x: Array2<f64>,
    p: Array2<f64>,
    log_weight: Array1<f64>,
}

fn over_visible(rbm: &Rbm) -> bool {
    rbm.visible() == Visible::Bernoulli && rbm.n_visible() <= rbm.n_hidden()
}

/// The number of enumerated units; **errors** beyond [`MAX_ENUMERATED_UNITS`].
fn enumerated_units(rbm: &Rbm) -> Result<usize> {
    let n = if over_visible(rbm) {
        rbm.n_visible()
    } else {
        rbm.n_hidden()
    };
    if n > MAX_ENUMERATED_UNITS {
        return Err(Error::param(
            "method",
            &format!(
                "'exact' needs at most {MAX_ENUMERATED_UNITS} units in the enumerated layer (the \
                 smaller one, or the hidden one for Gaussian visible units); use method='ais'"
            ),
            format!("'exact' with {n} units"),
        ));
    }
    Ok(n)
}

fn bits(start: usize, len: usize, width: usize) -> Array2<f64> {
    Array2::from_shape_fn((len, width), |(s, k)| (((start + s) >> k) & 1) as f64)
}

fn chunk(rbm: &Rbm, start: usize, len: usize) -> Chunk {
    if over_visible(rbm) {
        let x = bits(start, len, rbm.n_visible());
        let log_weight = -rbm.free_energy(x.view());
        let p = rbm.hidden_probabilities(x.view());
        return Chunk { x, p, log_weight };
    }
    let h = bits(start, len, rbm.n_hidden());
    let input = rbm.visible_input(h.view());
    let hb = h.dot(&ndarray::ArrayView1::from(rbm.b()));
    let a = rbm.a();
    let g: Array1<f64> = match rbm.visible() {
        Visible::Bernoulli => input
            .rows()
            .into_iter()
            .map(|r| r.iter().map(|&t| softplus(t)).sum())
            .collect(),
        Visible::Gaussian { sigma } => {
            let s2 = sigma * sigma;
            let norm = 0.5 * a.len() as f64 * (2.0 * std::f64::consts::PI * s2).ln();
            input
                .rows()
                .into_iter()
                .map(|r| {
                    norm + r
                        .iter()
                        .zip(a)
                        .map(|(m, a)| (m * m - a * a) / (2.0 * s2))
                        .sum::<f64>()
                })
                .collect()
        }
    };
    let x = rbm.visible_mean(h.view());
    Chunk {
        x,
        p: h,
        log_weight: hb + g,
    }
}

fn chunks(rbm: &Rbm) -> Result<Vec<(usize, usize)>> {
    let n_states = 1usize << enumerated_units(rbm)?;
    let size = 1usize << CHUNK_BITS;
    Ok((0..n_states)
        .step_by(size)
        .map(|s| (s, size.min(n_states - s)))
        .collect())
}

fn log_sum_exp(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let max = v.clone().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + v.map(|x| (x - max).exp()).sum::<f64>().ln()
}

/// ln Z by enumeration.
///
/// **Errors** if the enumerated layer has more than [`MAX_ENUMERATED_UNITS`] units.
pub fn log_partition(rbm: &Rbm) -> Result<f64> {
    let parts: Vec<f64> = chunks(rbm)?
        .into_par_iter()
        .map(|(s, n)| log_sum_exp(chunk(rbm, s, n).log_weight.iter().copied()))
        .collect();
    Ok(log_sum_exp(parts.into_iter()))
}

/// ln P(x) = −F(x) − ln Z of every row (a log density for Gaussian visible units).
///
/// **Errors** as [`log_partition`], or if `x` does not fit the RBM.
pub fn log_likelihood(rbm: &Rbm, x: ArrayView2<'_, f64>) -> Result<Array1<f64>> {
    rbm.check_data("X", x)?;
    let log_z = log_partition(rbm)?;
    Ok(-rbm.free_energy(x) - log_z)
}

/// ⟨−∂E/∂θ⟩ under the model, by enumeration (flat parameter layout).
///
/// **Errors** as [`log_partition`].
pub fn model_statistics(rbm: &Rbm) -> Result<Vec<f64>> {
    let log_z = log_partition(rbm)?;
    let parts: Vec<Vec<f64>> = chunks(rbm)?
        .into_par_iter()
        .map(|(s, n)| {
            let c = chunk(rbm, s, n);
            let w: Vec<f64> = c.log_weight.iter().map(|l| (l - log_z).exp()).collect();
            rbm.sufficient_statistics(c.x.view(), c.p.view(), &w)
        })
        .collect();
    let mut total = vec![0.0; rbm.params().len()];
    for p in parts {
        for (t, v) in total.iter_mut().zip(p) {
            *t += v;
        }
    }
    Ok(total)
}

/// ∂⟨ln P(x)⟩_data/∂θ = ⟨−∂F/∂θ⟩_data − ⟨−∂E/∂θ⟩_model, exactly.
///
/// **Errors** as [`log_likelihood`].
pub fn log_likelihood_gradient(rbm: &Rbm, x: ArrayView2<'_, f64>) -> Result<Vec<f64>> {
    rbm.check_data("X", x)?;
    let model = model_statistics(rbm)?;
    let data = rbm.data_statistics(x);
    Ok(data.iter().zip(&model).map(|(d, m)| d - m).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rbm::model::tests::tiny;

    fn data(m: usize, n: usize, gaussian: bool) -> Array2<f64> {
        Array2::from_shape_fn((n, m), |(i, k)| {
            let v = ((i * 31 + k * 17 + i * k) % 7) as f64;
            if gaussian {
                v * 0.4 - 1.2
            } else {
                (v > 3.0) as u8 as f64
            }
        })
    }

    fn mean_ll(rbm: &Rbm, x: &Array2<f64>) -> f64 {
        log_likelihood(rbm, x.view()).unwrap().mean().unwrap()
    }

    #[test]
    fn both_enumerations_give_the_same_log_z() {
        let rbm = tiny(Visible::Bernoulli, 5, 5, 3);
        let by_visible = log_partition(&rbm).unwrap();
        // Against the brute-force double sum over (x, h), for each enumeration.
        let mut brute = Vec::new();
        for s in 0..32usize {
            for t in 0..32usize {
                let x = bits(s, 1, 5);
                let h = bits(t, 1, 5);
                brute.push(-rbm.energy(x.view(), h.view())[0]);
            }
        }
        let exact = log_sum_exp(brute.into_iter());
        assert!((by_visible - exact).abs() < 1e-12);
        let wide = tiny(Visible::Bernoulli, 6, 3, 4);
        assert!(!over_visible(&wide));
        let mut brute = Vec::new();
        for s in 0..64usize {
            for t in 0..8usize {
                let x = bits(s, 1, 6);
                let h = bits(t, 1, 3);
                brute.push(-wide.energy(x.view(), h.view())[0]);
            }
        }
        assert!((log_partition(&wide).unwrap() - log_sum_exp(brute.into_iter())).abs() < 1e-12);
    }

    #[test]
    fn gaussian_log_z_integrates_to_one() {
        // ∫ P(x) dx = 1, by quadrature on a fine grid for M = 1.
        let rbm = tiny(Visible::Gaussian { sigma: 0.7 }, 1, 3, 5);
        let log_z = log_partition(&rbm).unwrap();
        let dx = 1e-3;
        let grid = Array2::from_shape_fn((40_000, 1), |(i, _)| -20.0 + dx * i as f64);
        let total: f64 = rbm
            .free_energy(grid.view())
            .mapv(|f| (-f - log_z).exp())
            .sum()
            * dx;
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn exact_gradient_matches_finite_differences() {
        for (visible, m, h) in [
            (Visible::Bernoulli, 6, 4),
            (Visible::Bernoulli, 4, 7),
            (Visible::Gaussian { sigma: 0.9 }, 3, 4),
        ] {
            let gaussian = visible != Visible::Bernoulli;
            let rbm = tiny(visible, m, h, 7);
            let x = data(m, 9, gaussian);
            let g = log_likelihood_gradient(&rbm, x.view()).unwrap();
            let eps = 1e-5;
            for (i, &gi) in g.iter().enumerate() {
                let (mut up, mut down) = (rbm.clone(), rbm.clone());
                up.params_mut()[i] += eps;
                down.params_mut()[i] -= eps;
                let fd = (mean_ll(&up, &x) - mean_ll(&down, &x)) / (2.0 * eps);
                assert!(
                    (fd - gi).abs() < 1e-7,
                    "{visible:?} param {i}: fd {fd} vs {}",
                    gi
                );
            }
        }
    }

    #[test]
    fn too_large_layers_are_refused() {
        let rbm = Rbm::new(Visible::Bernoulli, 30, 30, vec![0.0; 960]).unwrap();
        let e = log_partition(&rbm).unwrap_err().to_string();
        assert!(e.contains("method='ais'"), "{e}");
    }
}
