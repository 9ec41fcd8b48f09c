//! Activation functions a = f(z), applied elementwise (softmax: row by row), and
//! their backpropagation rule δ_z = f'(z) ⊙ δ_a.
//!
//! Every derivative is computed from the output a = f(z) alone, so the forward pass
//! keeps only the activations:
//!
//! | name         | f(z)                               | f'(z) in terms of a            |
//! |--------------|------------------------------------|--------------------------------|
//! | identity     | z                                  | 1                              |
//! | sigmoid      | 1 / (1 + e^(−z))                   | a (1 − a)                      |
//! | tanh         | tanh z                             | 1 − a²                         |
//! | relu         | max(0, z)                          | 1 if a > 0 else 0              |
//! | leaky_relu   | z if z > 0 else s·z  (s ≥ 0)       | 1 if a > 0 else s              |
//! | elu          | z if z > 0 else α(e^z − 1)  (α > 0)| 1 if a > 0 else a + α          |
//! | exp          | e^z  (the log link of a Poisson output) | a                         |
//! | softmax      | e^(z_k) / Σ_j e^(z_j)  (per row)   | δ_z = a ⊙ (δ_a − Σ_k a_k δ_a,k)|
//!
//! The twice-differentiable ones also give f''(z) in terms of a
//! ([`Activation::second_order`]), for forward-mode second derivatives of a network
//! with respect to its inputs (the Laplacian of a neural-network Jastrow factor):
//! identity 0; sigmoid a(1 − a)(1 − 2a); tanh −2a(1 − a²); exp a. ReLU, leaky ReLU
//! and ELU are not twice differentiable at z = 0 (ReLU's f'' is a delta function
//! there), softmax is not elementwise.

use ndarray::{ArrayView2, ArrayViewMut2, Axis, Zip};

use crate::error::{Error, Result};
use crate::simd::widest_simd;

/// An activation function.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// f(z) = z.
    Identity,
    /// The logistic function 1 / (1 + e^(−z)).
    Sigmoid,
    /// The hyperbolic tangent.
    Tanh,
    /// Rectified linear unit max(0, z).
    Relu,
    /// max(0, z) + slope · min(0, z), slope ≥ 0.
    LeakyRelu { slope: f64 },
    /// Exponential linear unit: z for z > 0, α(e^z − 1) otherwise, α > 0.
    Elu { alpha: f64 },
    /// The exponential e^z (the inverse of the log link: a Poisson mean).
    Exp,
    /// Row-wise softmax (output layers only).
    Softmax,
}

/// Default slope of the leaky ReLU for negative inputs.
pub const LEAKY_RELU_SLOPE: f64 = 0.01;
/// Default α of the ELU.
pub const ELU_ALPHA: f64 = 1.0;

/// The names accepted by [`Activation::from_name`].
pub const NAMES: [&str; 8] = [
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "exp",
    "softmax",
];

/// e^x to within a few units in the last place for x ≤ 709 (e^x = ∞ above, and 0
/// below −708), in a form that vectorises:
/// x = k ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite), e^r by its Taylor series to
/// degree 13 (truncation error < 1e-17), and 2^k from the exponent bits.
#[inline(always)]
fn exp(x: f64) -> f64 {
    const LOG2E: f64 = std::f64::consts::LOG2_E;
    // ln 2 split into a high part with trailing zero bits (exact k · LN2_HI) and the rest (fdlibm).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52: adding and subtracting rounds to an integer
    let xc = x.clamp(-708.0, 709.0);
    let shifted = xc * LOG2E + ROUND;
    let k = shifted - ROUND;
    let r = (xc - k * LN2_HI) - k * LN2_LO;
    let mut p = 1.0 / 6_227_020_800.0;
    for d in [
        479_001_600.0,
        39_916_800.0,
        3_628_800.0,
        362_880.0,
        40_320.0,
        5_040.0,
        720.0,
        120.0,
        24.0,
        6.0,
        2.0,
        1.0,
        1.0,
    ] {
        p = p * r + 1.0 / d;
    }
    // 2^k from the bits of `shifted` = 1.5 · 2^52 + k (one binade, unit spacing): its
    // bit pattern is ROUND's plus k, −1021 ≤ k ≤ 1023. Integer arithmetic on the bits
    // vectorises, where `k as i64` (a saturating conversion) was done one lane at a
    // time; the value is the same.
    let biased = shifted
        .to_bits()
        .wrapping_sub(ROUND.to_bits())
        .wrapping_add(1023);
    let scale = f64::from_bits(biased << 52);
    let e = p * scale;
    if x < -708.0 {
        0.0
    } else if x > 709.0 {
        f64::INFINITY
    } else {
        e
    }
}

/// The logistic function, without overflow: e = e^(−|z|), σ = 1/(1 + e) or e/(1 + e).
#[inline(always)]
fn sigmoid(z: f64) -> f64 {
    let e = exp(-z.abs());
    let s = 1.0 / (1.0 + e);
    if z >= 0.0 {
        s
    } else {
        e * s
    }
}

/// tanh z = sign(z) (1 − e)/(1 + e) with e = e^(−2|z|).
#[inline(always)]
fn tanh(z: f64) -> f64 {
    let e = exp(-2.0 * z.abs());
    let t = (1.0 - e) / (1.0 + e);
    if z < 0.0 {
        -t
    } else {
        t
    }
}

/// f'(z) of the logistic function from its output a.
#[inline(always)]
fn sigmoid_slope(a: f64) -> f64 {
    a * (1.0 - a)
}

/// f'(z) of tanh from its output a.
#[inline(always)]
fn tanh_slope(a: f64) -> f64 {
    1.0 - a * a
}

widest_simd! {
    /// values ← f(values) elementwise, compiled for AVX-512 or AVX2 when the CPU has
    /// them (same arithmetic on every path, hence the same results).
    fn map_slice<F: Fn(f64) -> f64>(values: &mut [f64], f: F) {
        values.iter_mut().for_each(|v| *v = f(*v));
    }
}

widest_simd! {
    /// (f, f', f'') = g(z) elementwise into three slices (as long as `z`),
    /// compiled for AVX-512 or AVX2 when the CPU has them.
    fn map_slice3<G: Fn(f64) -> (f64, f64, f64)>(
        z: &[f64],
        f: &mut [f64],
        f1: &mut [f64],
        f2: &mut [f64],
        g: G,
    ) {
        let n = z.len();
        let (f, f1, f2) = (&mut f[..n], &mut f1[..n], &mut f2[..n]);
        let outputs = f.iter_mut().zip(f1.iter_mut()).zip(f2.iter_mut());
        for (z, ((f, f1), f2)) in z.iter().zip(outputs) {
            (*f, *f1, *f2) = g(*z);
        }
    }
}

widest_simd! {
    /// (f', f'') = g(a) elementwise into two slices (as long as `a`).
    fn map_slice2<G: Fn(f64) -> (f64, f64)>(a: &[f64], f1: &mut [f64], f2: &mut [f64], g: G) {
        let n = a.len();
        let (f1, f2) = (&mut f1[..n], &mut f2[..n]);
        for ((a, f1), f2) in a.iter().zip(f1.iter_mut()).zip(f2.iter_mut()) {
            (*f1, *f2) = g(*a);
        }
    }
}

/// a = f(z) over a contiguous slice.
fn apply_slice(activation: Activation, values: &mut [f64]) {
    match activation {
        Activation::Identity | Activation::Softmax => {}
        Activation::Sigmoid => map_slice(values, sigmoid),
        Activation::Tanh => map_slice(values, tanh),
        Activation::Relu => map_slice(values, |v| v.max(0.0)),
        Activation::LeakyRelu { slope } => {
            map_slice(values, |v| if v > 0.0 { v } else { slope * v })
        }
        Activation::Elu { alpha } => {
            map_slice(values, |v| if v > 0.0 { v } else { alpha * (exp(v) - 1.0) })
        }
        Activation::Exp => map_slice(values, exp),
    }
}

impl Activation {
    /// The activation called `name` (`"logistic"` is accepted for `"sigmoid"`, as in
    /// scikit-learn), with the default leaky-ReLU slope and ELU α.
    ///
    /// **Errors** for an unknown name, listing the known ones.
    pub fn from_name(name: &str) -> Result<Self> {
        Ok(match name {
            "identity" | "linear" => Activation::Identity,
            "sigmoid" | "logistic" => Activation::Sigmoid,
            "tanh" => Activation::Tanh,
            "relu" => Activation::Relu,
            "leaky_relu" => Activation::LeakyRelu {
                slope: LEAKY_RELU_SLOPE,
            },
            "elu" => Activation::Elu { alpha: ELU_ALPHA },
            "exp" => Activation::Exp,
            "softmax" => Activation::Softmax,
            other => {
                return Err(Error::param(
                    "activation",
                    &format!("must be one of {}", NAMES.join(", ")),
                    format!("'{other}'"),
                ))
            }
        })
    }

    /// The canonical name.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu { .. } => "leaky_relu",
            Activation::Elu { .. } => "elu",
            Activation::Exp => "exp",
            Activation::Softmax => "softmax",
        }
    }

    /// **Errors** if a shape parameter (leaky slope, ELU α) is outside its domain.
    pub fn validate(&self) -> Result<()> {
        match *self {
            Activation::LeakyRelu { slope } if !(slope.is_finite() && slope >= 0.0) => {
                Err(Error::param("leaky_relu slope", "must be >= 0", slope))
            }
            Activation::Elu { alpha } if !(alpha.is_finite() && alpha > 0.0) => {
                Err(Error::param("elu alpha", "must be > 0", alpha))
            }
            _ => Ok(()),
        }
    }

    /// Whether f is twice continuously differentiable and elementwise (identity,
    /// sigmoid, tanh, exp): the activations [`Activation::second_order`] accepts.
    pub fn is_twice_differentiable(&self) -> bool {
        matches!(
            self,
            Activation::Identity | Activation::Sigmoid | Activation::Tanh | Activation::Exp
        )
    }

    /// (f(z), f'(z), f''(z)) at one point, for forward-mode differentiation; `None`
    /// for an activation that is not twice differentiable (ReLU, leaky ReLU, ELU:
    /// f' or f'' jumps at 0) or not elementwise (softmax). The values are those of
    /// [`Activation::apply`] and the slopes those of [`Activation::backprop`].
    #[inline(always)]
    pub fn second_order(&self, z: f64) -> Option<(f64, f64, f64)> {
        match self {
            Activation::Identity => Some((z, 1.0, 0.0)),
            Activation::Sigmoid => {
                let a = sigmoid(z);
                let s = sigmoid_slope(a);
                Some((a, s, s * (1.0 - 2.0 * a)))
            }
            Activation::Tanh => {
                let a = tanh(z);
                let s = tanh_slope(a);
                Some((a, s, -2.0 * a * s))
            }
            Activation::Exp => {
                let a = exp(z);
                Some((a, a, a))
            }
            _ => None,
        }
    }

    /// f'(z) and f''(z) from the output a = f(z) alone, with the arithmetic of
    /// [`Activation::second_order`] (hence the same numbers); `None` as there.
    #[inline(always)]
    pub fn derivatives_from_output(&self, a: f64) -> Option<(f64, f64)> {
        match self {
            Activation::Identity => Some((1.0, 0.0)),
            Activation::Sigmoid => {
                let s = sigmoid_slope(a);
                Some((s, s * (1.0 - 2.0 * a)))
            }
            Activation::Tanh => {
                let s = tanh_slope(a);
                Some((s, -2.0 * a * s))
            }
            Activation::Exp => Some((a, a)),
            _ => None,
        }
    }

    /// [`Activation::second_order`] over a slice: `f`, `f1`, `f2` (at least as long
    /// as `z`) receive f(z), f'(z), f''(z), the same numbers, vectorised (AVX-512 or
    /// AVX2 when the CPU has them).
    ///
    /// **Panics** if the activation is not twice differentiable or a slice is
    /// shorter than `z`.
    pub fn second_order_slice(&self, z: &[f64], f: &mut [f64], f1: &mut [f64], f2: &mut [f64]) {
        match self {
            Activation::Identity => map_slice3(z, f, f1, f2, |z| (z, 1.0, 0.0)),
            Activation::Sigmoid => map_slice3(z, f, f1, f2, |z| {
                let a = sigmoid(z);
                let s = sigmoid_slope(a);
                (a, s, s * (1.0 - 2.0 * a))
            }),
            Activation::Tanh => map_slice3(z, f, f1, f2, |z| {
                let a = tanh(z);
                let s = tanh_slope(a);
                (a, s, -2.0 * a * s)
            }),
            Activation::Exp => map_slice3(z, f, f1, f2, |z| {
                let a = exp(z);
                (a, a, a)
            }),
            _ => panic!("{} is not twice differentiable", self.name()),
        }
    }

    /// [`Activation::derivatives_from_output`] over a slice: `f1`, `f2` (at least
    /// as long as `a`) receive f' and f'' at the outputs `a`, vectorised.
    ///
    /// **Panics** as [`Activation::second_order_slice`].
    pub fn derivatives_from_output_slice(&self, a: &[f64], f1: &mut [f64], f2: &mut [f64]) {
        match self {
            Activation::Identity => map_slice2(a, f1, f2, |_| (1.0, 0.0)),
            Activation::Sigmoid => map_slice2(a, f1, f2, |a| {
                let s = sigmoid_slope(a);
                (s, s * (1.0 - 2.0 * a))
            }),
            Activation::Tanh => map_slice2(a, f1, f2, |a| {
                let s = tanh_slope(a);
                (s, -2.0 * a * s)
            }),
            Activation::Exp => map_slice2(a, f1, f2, |a| (a, a)),
            _ => panic!("{} is not twice differentiable", self.name()),
        }
    }

    /// a = f(z) in place over a slice, the values of [`Activation::second_order`]
    /// and [`Activation::apply`], vectorised (softmax: not elementwise, unchanged
    /// here; use [`Activation::apply`]).
    pub fn apply_in_place(&self, values: &mut [f64]) {
        apply_slice(*self, values);
    }

    /// Replace the pre-activations z by a = f(z), in place.
    pub fn apply(&self, mut z: ArrayViewMut2<f64>) {
        if let Activation::Softmax = self {
            let k = z.ncols();
            if let (true, Some(values)) = (k > 0, z.as_slice_mut()) {
                // The same steps as below, but e^x over the whole batch in one
                // vectorised call (a row is often shorter than a vector).
                for row in values.chunks_exact_mut(k) {
                    let max = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    row.iter_mut().for_each(|v| *v -= max);
                }
                map_slice(values, exp);
                for row in values.chunks_exact_mut(k) {
                    let sum = ndarray::ArrayView1::from(&*row).sum();
                    row.iter_mut().for_each(|v| *v /= sum);
                }
                return;
            }
            for mut row in z.axis_iter_mut(Axis(0)) {
                let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                row.mapv_inplace(|v| v - max);
                match row.as_slice_mut() {
                    Some(values) => map_slice(values, exp),
                    None => row.mapv_inplace(exp),
                }
                let sum = row.sum();
                row.mapv_inplace(|v| v / sum);
            }
            return;
        }
        match z.as_slice_mut() {
            Some(values) => apply_slice(*self, values),
            None => {
                for mut row in z.axis_iter_mut(Axis(0)) {
                    let mut values = row.to_vec();
                    apply_slice(*self, &mut values);
                    row.assign(&ndarray::ArrayView1::from(&values));
                }
            }
        }
    }

    /// Turn δ_a = ∂L/∂a into δ_z = ∂L/∂z in place, given the outputs `a` = f(z).
    ///
    /// The elementwise rules are written as selects rather than branches: the sign
    /// pattern of a hidden layer is random, so a branch would be mispredicted about
    /// half the time, while a select vectorises (same values either way).
    #[inline(always)]
    pub fn backprop(&self, a: ArrayView2<f64>, mut delta: ArrayViewMut2<f64>) {
        if let Activation::Softmax = self {
            for (mut d, a) in delta.axis_iter_mut(Axis(0)).zip(a.axis_iter(Axis(0))) {
                let dot = d.dot(&a);
                Zip::from(&mut d)
                    .and(&a)
                    .for_each(|d, &a| *d = a * (*d - dot));
            }
            return;
        }
        if a.is_standard_layout() && delta.is_standard_layout() {
            if let (Some(a), Some(d)) = (a.as_slice(), delta.as_slice_mut()) {
                return self.backprop_slice(a, d);
            }
        }
        for (mut d, a) in delta.axis_iter_mut(Axis(0)).zip(a.axis_iter(Axis(0))) {
            let mut values = d.to_vec();
            self.backprop_slice(&a.to_vec(), &mut values);
            d.assign(&ndarray::ArrayView1::from(&values));
        }
    }

    /// [`Activation::backprop`] of an elementwise activation on matching slices.
    #[inline(always)]
    fn backprop_slice(&self, a: &[f64], delta: &mut [f64]) {
        let pairs = delta.iter_mut().zip(a);
        match *self {
            Activation::Identity | Activation::Softmax => {}
            Activation::Sigmoid => pairs.for_each(|(d, &a)| *d *= sigmoid_slope(a)),
            Activation::Tanh => pairs.for_each(|(d, &a)| *d *= tanh_slope(a)),
            Activation::Relu => pairs.for_each(|(d, &a)| *d = if a <= 0.0 { 0.0 } else { *d }),
            Activation::LeakyRelu { slope } => {
                pairs.for_each(|(d, &a)| *d = if a <= 0.0 { *d * slope } else { *d })
            }
            Activation::Elu { alpha } => {
                pairs.for_each(|(d, &a)| *d = if a <= 0.0 { *d * (a + alpha) } else { *d })
            }
            Activation::Exp => pairs.for_each(|(d, &a)| *d *= a),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    const ALL: [Activation; 8] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu { slope: 0.1 },
        Activation::Elu { alpha: 1.5 },
        Activation::Exp,
        Activation::Softmax,
    ];

    #[test]
    fn names_round_trip_and_unknown_names_are_listed() {
        for a in ALL {
            assert_eq!(Activation::from_name(a.name()).unwrap().name(), a.name());
        }
        let e = Activation::from_name("relux").unwrap_err().to_string();
        assert!(
            e.starts_with("activation must be one of identity, sigmoid"),
            "{e}"
        );
        assert!(e.ends_with("got 'relux'"), "{e}");
    }

    /// f, f', f'' of the smooth activations against apply, backprop and central
    /// differences of f'; the others are refused.
    /// The slice forms (vectorised, any length: full vectors and a tail) give the
    /// scalar forms' numbers exactly.
    #[test]
    fn slice_forms_equal_scalar_forms() {
        let z: Vec<f64> = (0..37).map(|i| -9.0 + 0.47 * i as f64).collect();
        let n = z.len();
        for act in ALL {
            if !act.is_twice_differentiable() {
                continue;
            }
            let (mut f, mut f1, mut f2) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
            act.second_order_slice(&z, &mut f, &mut f1, &mut f2);
            let (mut g1, mut g2) = (vec![0.0; n], vec![0.0; n]);
            act.derivatives_from_output_slice(&f, &mut g1, &mut g2);
            let mut v = z.clone();
            act.apply_in_place(&mut v);
            for i in 0..n {
                let (a, d1, d2) = act.second_order(z[i]).unwrap();
                assert_eq!((f[i], f1[i], f2[i]), (a, d1, d2), "{act:?} at {}", z[i]);
                assert_eq!((g1[i], g2[i]), (d1, d2), "{act:?} from output");
                assert_eq!(
                    act.derivatives_from_output(a),
                    Some((d1, d2)),
                    "{act:?} scalar from output"
                );
                assert_eq!(v[i], a, "{act:?} in place");
            }
        }
    }

    #[test]
    fn second_order_matches_apply_backprop_and_finite_differences() {
        let h = 1e-5;
        for act in ALL {
            if !act.is_twice_differentiable() {
                assert!(act.second_order(0.3).is_none(), "{act:?}");
                continue;
            }
            for z in [-3.0, -0.7, 0.0, 0.4, 2.5] {
                let (f, d1, d2) = act.second_order(z).unwrap();
                let mut a = array![[z]];
                act.apply(a.view_mut());
                assert_eq!(f, a[[0, 0]], "{act:?} value");
                let mut delta = array![[1.0]];
                act.backprop(a.view(), delta.view_mut());
                assert_eq!(d1, delta[[0, 0]], "{act:?} slope");
                let slope = |z: f64| act.second_order(z).unwrap().1;
                let fd = (slope(z + h) - slope(z - h)) / (2.0 * h);
                assert!(
                    (fd - d2).abs() < 1e-8 * (1.0 + d2.abs()),
                    "{act:?} f'' at {z}: {d2} vs {fd}"
                );
            }
        }
    }

    #[test]
    fn softmax_rows_sum_to_one_and_survive_large_inputs() {
        let mut z = array![[1000.0, 1001.0, 999.0], [-3.0, 0.0, 2.0]];
        Activation::Softmax.apply(z.view_mut());
        for row in z.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-15);
        }
        assert!(z.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn vectorised_exp_sigmoid_and_tanh_match_the_standard_library() {
        let mut worst = 0.0f64;
        for i in 0..=200_000 {
            let x = -750.0 + 1459.0 * i as f64 / 200_000.0;
            let (mine, std) = (exp(x), x.exp());
            if std.is_finite() && std > 1e-300 {
                worst = worst.max(((mine - std) / std).abs());
            } else if std == 0.0 {
                assert!(mine < 1e-300, "exp({x}) = {mine}");
            }
        }
        assert!(worst < 4.0 * f64::EPSILON, "relative error {worst}");
        for i in 0..=20_000 {
            let z = -40.0 + 80.0 * i as f64 / 20_000.0;
            assert!((tanh(z) - z.tanh()).abs() < 4.0 * f64::EPSILON, "tanh({z})");
            let s = 1.0 / (1.0 + (-z).exp());
            assert!(
                (sigmoid(z) - s).abs() < 4.0 * f64::EPSILON * s.max(1e-300).max(f64::MIN_POSITIVE),
                "sigmoid({z})"
            );
        }
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(1000.0), f64::INFINITY);
    }

    #[test]
    fn exp_scale_from_bits_equals_the_integer_conversion() {
        // 2^k read off the bits of 1.5 · 2^52 + k equals ((k as i64 + 1023) << 52) for
        // every k the clamped argument can give, so exp's values are unchanged by the
        // vectorisable form.
        const ROUND: f64 = 6_755_399_441_055_744.0;
        for k in -1022i64..=1023 {
            let shifted = ROUND + k as f64;
            let biased = shifted
                .to_bits()
                .wrapping_sub(ROUND.to_bits())
                .wrapping_add(1023);
            assert_eq!(biased << 52, ((k + 1023) << 52) as u64, "k = {k}");
        }
        let mut x = -720.0f64;
        while x <= 720.0 {
            let xc = x.clamp(-708.0, 709.0);
            let k = (xc * std::f64::consts::LOG2_E + ROUND) - ROUND;
            assert!((-1021.0..=1023.0).contains(&k), "x = {x}");
            x += 0.37;
        }
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn sigmoid_is_stable_for_large_negative_inputs() {
        let mut z = array![[-800.0, 800.0, 0.0]];
        Activation::Sigmoid.apply(z.view_mut());
        assert_eq!(z, array![[0.0, 1.0, 0.5]]);
    }

    /// Directional derivative v·∂L/∂z with L = Σ w ⊙ f(z), by central differences.
    #[test]
    fn backprop_matches_finite_differences() {
        let z0 = array![[0.3, -1.2, 0.8, -0.4], [1.1, 0.2, -0.7, 2.0]];
        let w = array![[0.5, -1.0, 2.0, 0.3], [1.5, 0.7, -0.2, 1.0]];
        for act in ALL {
            let mut a = z0.clone();
            act.apply(a.view_mut());
            let mut delta = w.clone();
            act.backprop(a.view(), delta.view_mut());
            let h = 1e-6;
            for i in 0..2 {
                for j in 0..4 {
                    let f = |s: f64| {
                        let mut z = z0.clone();
                        z[[i, j]] += s;
                        act.apply(z.view_mut());
                        (&z * &w).sum()
                    };
                    let fd = (f(h) - f(-h)) / (2.0 * h);
                    assert!(
                        (fd - delta[[i, j]]).abs() < 1e-8,
                        "{act:?} at {i},{j}: {fd} vs {}",
                        delta[[i, j]]
                    );
                }
            }
        }
    }
}
