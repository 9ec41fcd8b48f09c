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
//! | softmax      | e^(z_k) / Σ_j e^(z_j)  (per row)   | δ_z = a ⊙ (δ_a − Σ_k a_k δ_a,k)|

use ndarray::{ArrayView2, ArrayViewMut2, Axis, Zip};

use crate::error::{Error, Result};

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
    /// Row-wise softmax (output layers only).
    Softmax,
}

/// Default slope of the leaky ReLU for negative inputs.
pub const LEAKY_RELU_SLOPE: f64 = 0.01;
/// Default α of the ELU.
pub const ELU_ALPHA: f64 = 1.0;

/// The names accepted by [`Activation::from_name`].
pub const NAMES: [&str; 7] = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax"];

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
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
            "leaky_relu" => Activation::LeakyRelu { slope: LEAKY_RELU_SLOPE },
            "elu" => Activation::Elu { alpha: ELU_ALPHA },
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

    /// Replace the pre-activations z by a = f(z), in place.
    pub fn apply(&self, mut z: ArrayViewMut2<f64>) {
        match *self {
            Activation::Identity => {}
            Activation::Sigmoid => z.mapv_inplace(sigmoid),
            Activation::Tanh => z.mapv_inplace(f64::tanh),
            Activation::Relu => z.mapv_inplace(|v| v.max(0.0)),
            Activation::LeakyRelu { slope } => z.mapv_inplace(|v| if v > 0.0 { v } else { slope * v }),
            Activation::Elu { alpha } => z.mapv_inplace(|v| if v > 0.0 { v } else { alpha * v.exp_m1() }),
            Activation::Softmax => {
                for mut row in z.axis_iter_mut(Axis(0)) {
                    let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let mut sum = 0.0;
                    row.mapv_inplace(|v| {
                        let e = (v - max).exp();
                        sum += e;
                        e
                    });
                    row.mapv_inplace(|v| v / sum);
                }
            }
        }
    }

    /// Turn δ_a = ∂L/∂a into δ_z = ∂L/∂z in place, given the outputs `a` = f(z).
    pub fn backprop(&self, a: ArrayView2<f64>, mut delta: ArrayViewMut2<f64>) {
        let zip = Zip::from(&mut delta).and(&a);
        match *self {
            Activation::Identity => {}
            Activation::Sigmoid => zip.for_each(|d, &a| *d *= a * (1.0 - a)),
            Activation::Tanh => zip.for_each(|d, &a| *d *= 1.0 - a * a),
            Activation::Relu => zip.for_each(|d, &a| {
                if a <= 0.0 {
                    *d = 0.0
                }
            }),
            Activation::LeakyRelu { slope } => zip.for_each(|d, &a| {
                if a <= 0.0 {
                    *d *= slope
                }
            }),
            Activation::Elu { alpha } => zip.for_each(|d, &a| {
                if a <= 0.0 {
                    *d *= a + alpha
                }
            }),
            Activation::Softmax => {
                for (mut d, a) in delta.axis_iter_mut(Axis(0)).zip(a.axis_iter(Axis(0))) {
                    let dot = d.dot(&a);
                    Zip::from(&mut d).and(&a).for_each(|d, &a| *d = a * (*d - dot));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    const ALL: [Activation; 7] = [
        Activation::Identity,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu { slope: 0.1 },
        Activation::Elu { alpha: 1.5 },
        Activation::Softmax,
    ];

    #[test]
    fn names_round_trip_and_unknown_names_are_listed() {
        for a in ALL {
            assert_eq!(Activation::from_name(a.name()).unwrap().name(), a.name());
        }
        let e = Activation::from_name("relux").unwrap_err().to_string();
        assert!(e.starts_with("activation must be one of identity, sigmoid"), "{e}");
        assert!(e.ends_with("got 'relux'"), "{e}");
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
                    assert!((fd - delta[[i, j]]).abs() < 1e-8, "{act:?} at {i},{j}: {fd} vs {}", delta[[i, j]]);
                }
            }
        }
    }
}
