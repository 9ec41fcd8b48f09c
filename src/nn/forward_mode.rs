//! A small dense network evaluated on one input at a time, with derivatives with
//! respect to its inputs by forward mode and with respect to its parameters by
//! backpropagation: what a neural-network wave-function factor needs per sample.
//!
//! The layers are [`Dense`] layers (W of shape n_in × n_out row-major, then b, in a
//! flat parameter vector), the same layout as [`crate::nn::Network`], and the
//! activations are [`Activation::second_order`].
//!
//! Forward mode along one input direction e (a jet): every unit carries its value a,
//! its derivative a' = ∂a/∂e and a'' = ∂²a/∂e². For z = Σ_i W_io a_i + b_o and
//! a = f(z): z' = Σ_i W_io a'_i, z'' = Σ_i W_io a''_i, a' = f'(z) z',
//! a'' = f''(z) z'² + f'(z) z''. The full Hessian of one output carries a gradient
//! g ∈ ℝ^n_in and a Hessian H ∈ ℝ^(n_in × n_in) per unit instead:
//! g_a = f'(z) g_z, H_a = f''(z) g_z g_zᵀ + f'(z) H_z.

// Index loops over units (o) and features (m) mirror the formulas above.
#![allow(clippy::needless_range_loop)]

use super::activation::Activation;
use super::layer::Dense;

/// A feed-forward network of [`Dense`] layers, with per-sample input derivatives.
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    layers: Vec<Dense>,
    width: usize,
}

/// Reusable buffers of one evaluation (values, first and second derivatives of the
/// current and next layer), sized for the widest layer.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    a: Vec<f64>,
    d1: Vec<f64>,
    d2: Vec<f64>,
    z: Vec<f64>,
    z1: Vec<f64>,
    z2: Vec<f64>,
    acts: Vec<Vec<f64>>,
    slopes: Vec<Vec<f64>>,
    delta: Vec<f64>,
    delta_in: Vec<f64>,
}

impl Mlp {
    /// Layers of `sizes` = [n_in, h_1, …, n_out] units; hidden layers use
    /// `hidden`, the last one `output`; the parameters start at `offset` in the flat
    /// vector.
    ///
    /// **Panics** if `sizes` has fewer than two entries or an activation is not
    /// twice differentiable (the caller validates both).
    pub fn new(sizes: &[usize], hidden: Activation, output: Activation, offset: usize) -> Self {
        assert!(
            sizes.len() >= 2,
            "a network needs an input and an output size"
        );
        assert!(hidden.is_twice_differentiable() && output.is_twice_differentiable());
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut off = offset;
        for (l, w) in sizes.windows(2).enumerate() {
            let activation = if l + 2 == sizes.len() { output } else { hidden };
            let layer = Dense {
                n_in: w[0],
                n_out: w[1],
                activation,
                offset: off,
            };
            off += layer.n_params();
            layers.push(layer);
        }
        Mlp {
            layers,
            width: sizes.iter().copied().max().unwrap_or(1),
        }
    }

    /// The layers, input first.
    pub fn layers(&self) -> &[Dense] {
        &self.layers
    }

    /// Number of parameters.
    pub fn n_params(&self) -> usize {
        self.layers.iter().map(Dense::n_params).sum()
    }

    /// Inputs per sample.
    pub fn n_in(&self) -> usize {
        self.layers[0].n_in
    }

    /// Outputs per sample.
    pub fn n_out(&self) -> usize {
        self.layers[self.layers.len() - 1].n_out
    }

    /// Where the parameters start in the flat vector.
    pub fn offset(&self) -> usize {
        self.layers[0].offset
    }

    /// Buffers for this network.
    pub fn scratch(&self) -> Scratch {
        let w = self.width;
        Scratch {
            a: vec![0.0; w],
            d1: vec![0.0; w],
            d2: vec![0.0; w],
            z: vec![0.0; w],
            z1: vec![0.0; w],
            z2: vec![0.0; w],
            acts: self.layers.iter().map(|l| vec![0.0; l.n_in]).collect(),
            slopes: self.layers.iter().map(|l| vec![0.0; l.n_out]).collect(),
            delta: vec![0.0; w],
            delta_in: vec![0.0; w],
        }
    }

    /// Values, first and second derivatives of every output with respect to input
    /// `dir` (the other inputs fixed): `out[o] = (y_o, ∂y_o/∂x_dir, ∂²y_o/∂x_dir²)`.
    pub fn jet(
        &self,
        params: &[f64],
        input: &[f64],
        dir: usize,
        s: &mut Scratch,
        out: &mut [(f64, f64, f64)],
    ) {
        let n_in = self.n_in();
        s.a[..n_in].copy_from_slice(input);
        s.d1[..n_in].fill(0.0);
        s.d1[dir] = 1.0;
        s.d2[..n_in].fill(0.0);
        for layer in &self.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            s.z[..no].copy_from_slice(&params[layer.bias_range()]);
            s.z1[..no].fill(0.0);
            s.z2[..no].fill(0.0);
            for i in 0..ni {
                let (a, d1, d2) = (s.a[i], s.d1[i], s.d2[i]);
                let row = &w[i * no..(i + 1) * no];
                for o in 0..no {
                    s.z[o] += row[o] * a;
                    s.z1[o] += row[o] * d1;
                    s.z2[o] += row[o] * d2;
                }
            }
            for o in 0..no {
                let (f, f1, f2) = layer
                    .activation
                    .second_order(s.z[o])
                    .expect("checked at construction");
                let z1 = s.z1[o];
                s.a[o] = f;
                s.d1[o] = f1 * z1;
                s.d2[o] = f2 * z1 * z1 + f1 * s.z2[o];
            }
        }
        for (o, v) in out.iter_mut().enumerate() {
            *v = (s.a[o], s.d1[o], s.d2[o]);
        }
    }

    /// The outputs at `input`, written into `out`.
    pub fn value(&self, params: &[f64], input: &[f64], s: &mut Scratch, out: &mut [f64]) {
        self.forward(params, input, s);
        out.copy_from_slice(&s.a[..self.n_out()]);
    }

    /// Forward pass keeping each layer's input and activation slope for
    /// [`Mlp::backprop`]; the outputs end in `s.a`.
    fn forward(&self, params: &[f64], input: &[f64], s: &mut Scratch) {
        s.a[..self.n_in()].copy_from_slice(input);
        for (l, layer) in self.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            s.acts[l].copy_from_slice(&s.a[..ni]);
            let w = &params[layer.weight_range()];
            s.z[..no].copy_from_slice(&params[layer.bias_range()]);
            for i in 0..ni {
                let a = s.acts[l][i];
                let row = &w[i * no..(i + 1) * no];
                for o in 0..no {
                    s.z[o] += row[o] * a;
                }
            }
            for o in 0..no {
                let (f, f1, _) = layer
                    .activation
                    .second_order(s.z[o])
                    .expect("checked at construction");
                s.a[o] = f;
                s.slopes[l][o] = f1;
            }
        }
    }

    /// Backpropagation of L = Σ_o c_o y_o(input) with c = `upstream`: adds ∂L/∂θ
    /// into `grad` (indexed like `params`, at this network's offsets) when given,
    /// and writes ∂L/∂input into `d_input` when given. Returns the outputs' L.
    pub fn backprop(
        &self,
        params: &[f64],
        input: &[f64],
        upstream: &[f64],
        s: &mut Scratch,
        mut grad: Option<&mut [f64]>,
        d_input: Option<&mut [f64]>,
    ) -> f64 {
        self.forward(params, input, s);
        let n_out = self.n_out();
        let total = (0..n_out).map(|o| upstream[o] * s.a[o]).sum();
        s.delta[..n_out].copy_from_slice(upstream);
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (ni, no) = (layer.n_in, layer.n_out);
            for o in 0..no {
                s.delta[o] *= s.slopes[l][o];
            }
            let w = &params[layer.weight_range()];
            if let Some(g) = grad.as_deref_mut() {
                let gw = &mut g[layer.weight_range()];
                for i in 0..ni {
                    let a = s.acts[l][i];
                    let row = &mut gw[i * no..(i + 1) * no];
                    for o in 0..no {
                        row[o] += a * s.delta[o];
                    }
                }
                let gb = &mut g[layer.bias_range()];
                for o in 0..no {
                    gb[o] += s.delta[o];
                }
            }
            if l > 0 || d_input.is_some() {
                for i in 0..ni {
                    let row = &w[i * no..(i + 1) * no];
                    s.delta_in[i] = (0..no).map(|o| row[o] * s.delta[o]).sum();
                }
                std::mem::swap(&mut s.delta, &mut s.delta_in);
            }
        }
        if let Some(d) = d_input {
            d.copy_from_slice(&s.delta[..self.n_in()]);
        }
        total
    }

    /// Value, gradient (n_in) and Hessian (n_in × n_in, row-major) of output 0 with
    /// respect to all inputs. Allocates (call once per sample, not per move).
    pub fn hessian(&self, params: &[f64], input: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let m = self.n_in();
        let mm = m * m;
        let mut a = input.to_vec();
        let mut g = vec![0.0; m * m];
        for i in 0..m {
            g[i * m + i] = 1.0;
        }
        let mut h = vec![0.0; m * mm];
        for layer in &self.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            let mut z = params[layer.bias_range()].to_vec();
            let mut zg = vec![0.0; no * m];
            let mut zh = vec![0.0; no * mm];
            for i in 0..ni {
                let row = &w[i * no..(i + 1) * no];
                for o in 0..no {
                    let wio = row[o];
                    if wio == 0.0 {
                        continue;
                    }
                    z[o] += wio * a[i];
                    for (t, v) in zg[o * m..(o + 1) * m]
                        .iter_mut()
                        .zip(&g[i * m..(i + 1) * m])
                    {
                        *t += wio * v;
                    }
                    for (t, v) in zh[o * mm..(o + 1) * mm]
                        .iter_mut()
                        .zip(&h[i * mm..(i + 1) * mm])
                    {
                        *t += wio * v;
                    }
                }
            }
            a = vec![0.0; no];
            g = vec![0.0; no * m];
            h = vec![0.0; no * mm];
            for o in 0..no {
                let (f, f1, f2) = layer
                    .activation
                    .second_order(z[o])
                    .expect("checked at construction");
                a[o] = f;
                let zgo = &zg[o * m..(o + 1) * m];
                for p in 0..m {
                    g[o * m + p] = f1 * zgo[p];
                    for q in 0..m {
                        h[o * mm + p * m + q] = f2 * zgo[p] * zgo[q] + f1 * zh[o * mm + p * m + q];
                    }
                }
            }
        }
        (a[0], g[..m].to_vec(), h[..mm].to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng as _;

    fn random_net(sizes: &[usize], act: Activation, seed: u64) -> (Mlp, Vec<f64>) {
        let net = Mlp::new(sizes, act, Activation::Identity, 0);
        let mut r = rng::stream(seed, 0);
        let p = (0..net.n_params())
            .map(|_| r.random_range(-0.8..0.8))
            .collect();
        (net, p)
    }

    fn eval(net: &Mlp, p: &[f64], x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; net.n_out()];
        net.value(p, x, &mut net.scratch(), &mut out);
        out
    }

    /// Jets, Hessians and parameter gradients against central differences.
    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-4;
        for act in [
            Activation::Tanh,
            Activation::Sigmoid,
            Activation::Exp,
            Activation::Identity,
        ] {
            let (net, p) = random_net(&[3, 5, 4, 2], act, 3);
            let x = [0.3, -0.5, 0.9];
            let mut s = net.scratch();
            let y0 = eval(&net, &p, &x);
            for dir in 0..3 {
                let mut out = vec![(0.0, 0.0, 0.0); 2];
                net.jet(&p, &x, dir, &mut s, &mut out);
                let shift = |t: f64| {
                    let mut xs = x;
                    xs[dir] += t;
                    eval(&net, &p, &xs)
                };
                let (yp, ym) = (shift(h), shift(-h));
                for o in 0..2 {
                    assert!((out[o].0 - y0[o]).abs() < 1e-14);
                    let d1 = (yp[o] - ym[o]) / (2.0 * h);
                    let d2 = (yp[o] - 2.0 * y0[o] + ym[o]) / (h * h);
                    assert!((out[o].1 - d1).abs() < 1e-7, "{act:?} d1");
                    assert!((out[o].2 - d2).abs() < 1e-5, "{act:?} d2 {} {d2}", out[o].2);
                }
            }
            let (v, g, hess) = net.hessian(&p, &x);
            assert!((v - y0[0]).abs() < 1e-14);
            for i in 0..3 {
                let mut xs = x;
                xs[i] += h;
                let gp = net.hessian(&p, &xs).1;
                xs[i] -= 2.0 * h;
                let gm = net.hessian(&p, &xs).1;
                let mut out = vec![(0.0, 0.0, 0.0); 2];
                net.jet(&p, &x, i, &mut s, &mut out);
                assert!((g[i] - out[0].1).abs() < 1e-12);
                for j in 0..3 {
                    let fd = (gp[j] - gm[j]) / (2.0 * h);
                    assert!((hess[i * 3 + j] - fd).abs() < 1e-7, "{act:?} H{i}{j}");
                }
            }
            let c = [0.7, -1.3];
            let mut grad = vec![0.0; net.n_params()];
            let mut d_in = vec![0.0; 3];
            let total = net.backprop(&p, &x, &c, &mut s, Some(&mut grad), Some(&mut d_in));
            assert!((total - (c[0] * y0[0] + c[1] * y0[1])).abs() < 1e-14);
            let loss = |q: &[f64], xs: &[f64]| {
                let y = eval(&net, q, xs);
                c[0] * y[0] + c[1] * y[1]
            };
            for k in 0..p.len() {
                let mut q = p.clone();
                q[k] += h;
                let lp = loss(&q, &x);
                q[k] -= 2.0 * h;
                let fd = (lp - loss(&q, &x)) / (2.0 * h);
                assert!((grad[k] - fd).abs() < 1e-7, "{act:?} dθ_{k}");
            }
            for i in 0..3 {
                let mut xs = x;
                xs[i] += h;
                let lp = loss(&p, &xs);
                xs[i] -= 2.0 * h;
                let fd = (lp - loss(&p, &xs)) / (2.0 * h);
                assert!((d_in[i] - fd).abs() < 1e-7, "{act:?} dx_{i}");
            }
        }
    }
}
