//! A dense (fully connected) layer a_out = f(a_in W + b), with its weights stored in
//! a slice of the network's flat parameter vector: W (n_in × n_out, row-major) at
//! `offset`, then b (n_out).
//!
//! Backpropagation through the layer, for δ = ∂L/∂z of this layer on a batch:
//! ∂L/∂W = a_inᵀ δ,  ∂L/∂b = Σ_rows δ,  ∂L/∂a_in = δ Wᵀ.
//! The three products are general matrix products into preallocated buffers
//! ([`crate::linalg::gemm_split`], faer's kernels), so a training step allocates
//! nothing; products of wide layers are split by output columns over rayon's threads
//! (the same split for any thread count, hence the same numbers).

use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis, Zip};

use super::activation::Activation;
use crate::linalg::gemm_split as gemm;

/// A dense layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    /// Inputs per sample.
    pub n_in: usize,
    /// Outputs (units) per sample.
    pub n_out: usize,
    /// The activation f.
    pub activation: Activation,
    /// Where W starts in the flat parameter vector.
    pub offset: usize,
}

impl Dense {
    /// n_in · n_out weights plus n_out biases.
    pub fn n_params(&self) -> usize {
        (self.n_in + 1) * self.n_out
    }

    /// Range of W in the flat parameter vector.
    pub fn weight_range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.n_in * self.n_out
    }

    /// Range of b in the flat parameter vector.
    pub fn bias_range(&self) -> std::ops::Range<usize> {
        let start = self.offset + self.n_in * self.n_out;
        start..start + self.n_out
    }

    /// W as an n_in × n_out view of `params`.
    pub fn weights<'a>(&self, params: &'a [f64]) -> ArrayView2<'a, f64> {
        ArrayView2::from_shape((self.n_in, self.n_out), &params[self.weight_range()])
            .expect("layer shape")
    }

    /// b as a view of `params`.
    pub fn bias<'a>(&self, params: &'a [f64]) -> ArrayView1<'a, f64> {
        ArrayView1::from(&params[self.bias_range()])
    }

    /// (∂L/∂W, ∂L/∂b) as mutable views of the flat gradient `grad`.
    pub fn grads_mut<'a>(
        &self,
        grad: &'a mut [f64],
    ) -> (ArrayViewMut2<'a, f64>, ArrayViewMut1<'a, f64>) {
        let (w, b) =
            grad[self.offset..self.offset + self.n_params()].split_at_mut(self.n_in * self.n_out);
        (
            ArrayViewMut2::from_shape((self.n_in, self.n_out), w).expect("layer shape"),
            ArrayViewMut1::from(b),
        )
    }

    /// output ← f(input W + b).
    #[inline(always)]
    pub fn forward(
        &self,
        params: &[f64],
        input: &ArrayView2<f64>,
        output: &mut ArrayViewMut2<f64>,
    ) {
        let b = &params[self.bias_range()];
        match output.as_slice_mut() {
            Some(rows) => rows
                .chunks_exact_mut(self.n_out)
                .for_each(|row| row.copy_from_slice(b)),
            None => output
                .axis_iter_mut(Axis(0))
                .for_each(|mut row| row.assign(&ArrayView1::from(b))),
        }
        gemm(1.0, input, &self.weights(params), 1.0, output);
        self.activation.apply(output.view_mut());
    }

    /// Given δ = ∂L/∂z of this layer, write ∂L/∂W and ∂L/∂b into `grad` and, when
    /// `delta_in` is given, ∂L/∂a_in = δ Wᵀ into it.
    #[inline(always)]
    pub fn backward(
        &self,
        params: &[f64],
        input: &ArrayView2<f64>,
        delta: &ArrayView2<f64>,
        grad: &mut [f64],
        delta_in: Option<&mut ArrayViewMut2<f64>>,
    ) {
        let (mut gw, mut gb) = self.grads_mut(grad);
        gemm(1.0, &input.t(), delta, 0.0, &mut gw);
        gb.fill(0.0);
        match (delta.as_slice(), gb.as_slice_mut()) {
            (Some(rows), Some(gb)) => {
                for row in rows.chunks_exact(self.n_out) {
                    gb.iter_mut().zip(row).for_each(|(g, &d)| *g += d);
                }
            }
            _ => {
                for row in delta.axis_iter(Axis(0)) {
                    Zip::from(&mut gb).and(&row).for_each(|g, &d| *g += d);
                }
            }
        }
        if let Some(d_in) = delta_in {
            gemm(1.0, delta, &self.weights(params).t(), 0.0, d_in);
        }
    }
}
