//! The batch products and the logistic of one CD/PCD update, on row-major slices
//! held in buffers that the training loop reuses across mini-batches (no allocation
//! per update). The products go through [`crate::linalg::gemm`] (faer, sequential,
//! with its `vzeroupper`); the logistic is a branch-free form the compiler vectorises.
//!
//! Products (X: N × M, W: M × H, P: N × H, all row-major):
//! * [`affine`]: Θ = 1 bᵀ + c X W (hidden inputs);
//! * [`affine_transposed`]: V = 1 aᵀ + P Wᵀ (visible inputs);
//! * [`weighted_outer`]: G = c Xᵀ P + λ W (the weight block of the loss gradient,
//!   with both phases stacked in X and P: s₁ X₁ over −s₀ X₀, P₁ over P₀).

use crate::linalg::gemm;
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut2};

fn view(a: &[f64], rows: usize, cols: usize) -> ArrayView2<'_, f64> {
    ArrayView2::from_shape((rows, cols), &a[..rows * cols]).expect("rows × cols entries")
}

fn view_mut(a: &mut [f64], rows: usize, cols: usize) -> ArrayViewMut2<'_, f64> {
    ArrayViewMut2::from_shape((rows, cols), &mut a[..rows * cols]).expect("rows × cols entries")
}

/// Θ[r, j] = bias[j] + c Σ_k x[r, k] w[k, j] for the rows of `x` (N × M, M = `m`),
/// into `out` (N × H, H = `bias.len()`).
///
/// **Panics** if the slices are shorter than the shapes say.
pub fn affine(x: &[f64], m: usize, w: &[f64], bias: &[f64], c: f64, out: &mut [f64]) {
    let h = bias.len();
    let n = x.len().checked_div(m).unwrap_or(0);
    let mut o = view_mut(out, n, h);
    o.assign(&ArrayView1::from(bias));
    gemm(c, &view(x, n, m), &view(w, m, h), 1.0, &mut o);
}

/// V[r, k] = bias[k] + Σ_j p[r, j] w[k, j] for the rows of `p` (N × H, H = `h`),
/// into `out` (N × M, M = `bias.len()`).
///
/// **Panics** if the slices are shorter than the shapes say.
pub fn affine_transposed(p: &[f64], h: usize, w: &[f64], bias: &[f64], out: &mut [f64]) {
    let m = bias.len();
    let n = p.len().checked_div(h).unwrap_or(0);
    let mut o = view_mut(out, n, m);
    o.assign(&ArrayView1::from(bias));
    gemm(1.0, &view(p, n, h), &view(w, m, h).t(), 1.0, &mut o);
}

/// G[k, j] = c Σ_r x[r, k] p[r, j] + λ w[k, j] for the rows of `x` (N × M, M = `m`)
/// and `p` (N × H, H = `h`), into `out` (M × H): one product over the rows of both
/// phases of an update, stacked (the row weights folded into `x`). With λ = 0 the
/// product overwrites `out`.
///
/// **Panics** if the slices are shorter than the shapes say.
#[allow(clippy::too_many_arguments)]
pub fn weighted_outer(
    x: &[f64],
    p: &[f64],
    m: usize,
    h: usize,
    c: f64,
    lambda: f64,
    w: &[f64],
    out: &mut [f64],
) {
    let n = p.len().checked_div(h).unwrap_or(0);
    let mut o = view_mut(out, m, h);
    let beta = if lambda == 0.0 {
        0.0
    } else {
        o.zip_mut_with(&view(w, m, h), |o, &w| *o = lambda * w);
        1.0
    };
    gemm(c, &view(x, n, m).t(), &view(p, n, h), beta, &mut o);
}

/// S(t) = 1/(1 + e^{−t}) of every entry, in place, in a form the compiler vectorises:
/// e = exp(−|t|) by e^x = 2ⁿ e^r with n = round(x/ln 2), r = x − n ln 2 (|r| ≤ ln 2/2,
/// ln 2 split in two parts so r is exact to about 1e-20) and the Taylor series of e^r
/// to degree 13 (truncation below 1e-17 relative), then S = 1/(1 + e) (t ≥ 0) or
/// e/(1 + e) (t < 0). |t| is capped at 708 (e^{−708} ≈ 3e-308, still normal), which
/// changes S by less than 1e-307. Agrees with [`super::units::logistic`] to a few
/// units in the last place.
#[inline(always)]
pub fn logistic_in_place(t: &mut [f64]) {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    const SHIFTER: f64 = 6_755_399_441_055_744.0; // 1.5 · 2⁵², rounds to an integer
    for v in t.iter_mut() {
        let x = (-v.abs()).max(-708.0);
        let shifted = x * LOG2E + SHIFTER;
        let n = shifted - SHIFTER;
        let r = (x - n * LN2_HI) - n * LN2_LO;
        let mut poly = 1.0 / 6_227_020_800.0;
        for d in [
            479_001_600.0,
            39_916_800.0,
            3_628_800.0,
            362_880.0,
            40_320.0,
            5040.0,
            720.0,
            120.0,
            24.0,
            6.0,
            2.0,
            1.0,
            1.0,
        ] {
            poly = poly * r + 1.0 / d;
        }
        // 2ⁿ for −1022 ≤ n ≤ 0: the low bits of `shifted` hold n (two's complement).
        let k = (shifted.to_bits() as i64).wrapping_shl(12) >> 12;
        let scale = f64::from_bits(((k + 1023) as u64) << 52);
        let e = poly * scale;
        let denominator = 1.0 + e;
        *v = if *v >= 0.0 { 1.0 } else { e } / denominator;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn matrix(n: usize, m: usize, seed: usize) -> Array2<f64> {
        Array2::from_shape_fn((n, m), |(i, k)| {
            (((i * 31 + k * 17 + seed * 7) % 23) as f64 - 11.0) / 7.0
        })
    }

    fn close(a: &[f64], b: &[f64]) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    #[test]
    fn vectorised_logistic_equals_the_scalar_one() {
        let mut t: Vec<f64> = (-4000..=4000).map(|i| i as f64 * 0.01).collect();
        t.extend([
            -800.0, -708.5, -50.0, 0.0, -0.0, 37.0, 709.0, 1e10, -1e10, 1e-300,
        ]);
        let mut s = t.clone();
        logistic_in_place(&mut s);
        for (&x, &y) in t.iter().zip(&s) {
            let exact = crate::rbm::units::logistic(x);
            assert!(
                (y - exact).abs() <= 4.0 * f64::EPSILON * exact || (y - exact).abs() < 1e-306,
                "S({x}) = {y}, expected {exact}"
            );
        }
    }

    #[test]
    fn products_equal_ndarray_for_several_shapes() {
        for &(n, m, h) in &[
            (1, 1, 1),
            (3, 5, 7),
            (10, 64, 256),
            (9, 13, 70),
            (4, 33, 31),
        ] {
            let x = matrix(n, m, 1);
            let w = matrix(m, h, 2);
            let b: Vec<f64> = (0..h).map(|j| j as f64 * 0.1 - 1.0).collect();
            let a: Vec<f64> = (0..m).map(|k| 0.5 - k as f64 * 0.05).collect();
            let mut theta = vec![0.0; n * h];
            affine(
                x.as_slice().unwrap(),
                m,
                w.as_slice().unwrap(),
                &b,
                0.7,
                &mut theta,
            );
            let expect = x.dot(&w) * 0.7 + ndarray::ArrayView1::from(&b);
            close(&theta, expect.as_slice().unwrap());

            let p = matrix(n, h, 3);
            let mut v = vec![0.0; n * m];
            affine_transposed(p.as_slice().unwrap(), h, w.as_slice().unwrap(), &a, &mut v);
            let expect = p.dot(&w.t()) + ndarray::ArrayView1::from(&a);
            close(&v, expect.as_slice().unwrap());

            for lambda in [0.0, 0.01] {
                let mut g = vec![f64::NAN; m * h];
                weighted_outer(
                    x.as_slice().unwrap(),
                    p.as_slice().unwrap(),
                    m,
                    h,
                    1.5,
                    lambda,
                    w.as_slice().unwrap(),
                    &mut g,
                );
                let expect = x.t().dot(&p) * 1.5 + &w * lambda;
                close(&g, expect.as_slice().unwrap());
            }
        }
    }
}
