//! The pieces of a restricted Boltzmann machine shared by the generative models of
//! this module and the wave-function RBM of VMC ([`crate::vmc::wavefunction::Rbm`]).
//!
//! With visible units x (M), hidden units h ∈ {0, 1}^H, hidden biases b and weights
//! W (M × H, row-major, W_kj at index k·H + j), the hidden input of unit j is
//!
//! θ_j(x) = b_j + c Σ_k x_k W_kj,
//!
//! with c = 1 for binary visible units and c = 1/σ² for Gaussian ones. Summing the
//! hidden units out of e^{−E(x, h)} gives the factor Π_j (1 + e^{θ_j}), i.e. the term
//! −Σ_j softplus(θ_j) of the free energy, and the conditional P(h_j = 1 | x) = S(θ_j)
//! with the logistic S(θ) = 1/(1 + e^{−θ}).
//!
//! Both are computed from θ and e = exp(−|θ|), without overflow for any θ:
//! softplus(θ) = ln(1 + e^θ) = max(θ, 0) + ln(1 + e), S(θ) = 1/(1 + e) (θ ≥ 0) or
//! e/(1 + e) (θ < 0).

/// S(θ) from θ and e = exp(−|θ|).
#[inline]
pub fn logistic_from(t: f64, e: f64) -> f64 {
    if t >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// The logistic function S(θ) = 1/(1 + e^{−θ}).
#[inline]
pub fn logistic(t: f64) -> f64 {
    logistic_from(t, (-t.abs()).exp())
}

/// softplus(θ) = ln(1 + e^θ) from θ and e = exp(−|θ|).
#[inline]
pub fn softplus_from(t: f64, e: f64) -> f64 {
    t.max(0.0) + e.ln_1p()
}

/// softplus(θ) = ln(1 + e^θ).
#[inline]
pub fn softplus(t: f64) -> f64 {
    softplus_from(t, (-t.abs()).exp())
}

/// θ_j = b_j + c Σ_k x_k W_kj for every hidden unit, written into `theta`
/// (W row-major M × H with H = `b.len()`). Visible units equal to zero are
/// skipped, which leaves the sum unchanged.
#[inline]
pub fn hidden_input(b: &[f64], w: &[f64], c: f64, x: &[f64], theta: &mut [f64]) {
    let h = b.len();
    theta.copy_from_slice(b);
    for (k, &xk) in x.iter().enumerate() {
        if xk == 0.0 {
            continue;
        }
        let f = xk * c;
        for (t, w) in theta.iter_mut().zip(&w[k * h..(k + 1) * h]) {
            *t += f * w;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softplus_and_logistic_are_stable_and_exact() {
        for &t in &[-800.0, -30.0, -1.5, 0.0, 0.3, 30.0, 800.0] {
            let naive = (1.0f64 + f64::exp(t)).ln();
            if t.abs() < 100.0 {
                assert!((softplus(t) - naive).abs() < 1e-12);
                assert!((logistic(t) - 1.0 / (1.0 + (-t).exp())).abs() < 1e-15);
            }
            assert!(softplus(t).is_finite() && logistic(t).is_finite());
        }
        assert_eq!(softplus(800.0), 800.0);
        assert_eq!(logistic(-800.0), 0.0);
    }

    #[test]
    fn hidden_input_is_the_affine_map() {
        let (b, w) = ([0.5, -1.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let mut t = [0.0; 2];
        hidden_input(&b, &w, 0.5, &[1.0, 0.0, 2.0], &mut t);
        assert_eq!(t, [0.5 + 0.5 * (1.0 + 10.0), -1.0 + 0.5 * (2.0 + 12.0)]);
    }
}
