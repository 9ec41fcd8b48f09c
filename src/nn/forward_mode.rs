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
use crate::simd::widest_simd;

pub mod lanes;

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
    /// f'(z) and f''(z) of the current layer.
    f1: Vec<f64>,
    f2: Vec<f64>,
    acts: Vec<Vec<f64>>,
    slopes: Vec<Vec<f64>>,
    delta: Vec<f64>,
    delta_in: Vec<f64>,
    /// Per-direction first and second derivatives of [`Mlp::curvatures`], direction
    /// k of unit o at [k · width + o] (grown on demand).
    dir_a1: Vec<f64>,
    dir_a2: Vec<f64>,
    dir_z1: Vec<f64>,
    dir_z2: Vec<f64>,
}

impl Scratch {
    /// Whether these buffers were made by [`Mlp::scratch`] for `net` (or a network
    /// of the same shape).
    pub fn fits(&self, net: &Mlp) -> bool {
        self.a.len() == net.width
            && self.acts.len() == net.layers.len()
            && self
                .acts
                .iter()
                .zip(&net.layers)
                .all(|(a, l)| a.len() == l.n_in)
    }
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
            f1: vec![0.0; w],
            f2: vec![0.0; w],
            acts: self.layers.iter().map(|l| vec![0.0; l.n_in]).collect(),
            slopes: self.layers.iter().map(|l| vec![0.0; l.n_out]).collect(),
            delta: vec![0.0; w],
            delta_in: vec![0.0; w],
            dir_a1: Vec::new(),
            dir_a2: Vec::new(),
            dir_z1: Vec::new(),
            dir_z2: Vec::new(),
        }
    }

    /// `slot`'s buffers, (re)made for this network if empty or of another shape:
    /// a persistent workspace shared by networks of different shapes.
    pub fn scratch_in<'a>(&self, slot: &'a mut Option<Scratch>) -> &'a mut Scratch {
        if !slot.as_ref().is_some_and(|s| s.fits(self)) {
            *slot = Some(self.scratch());
        }
        slot.as_mut().expect("just set")
    }

    /// Output 0 at `input` and its second derivatives along K directions:
    /// `out[k]` = u_kᵀ H u_k with H the Hessian of y_0 in the inputs and u_k =
    /// `dirs[k n_in .. (k + 1) n_in]` (K = `out.len()`). One forward pass carries the
    /// value and, per direction, the jet (a', a'') of every unit, so the cost is
    /// about (1 + 2K) forward passes, with no Hessian formed; tr(H G) for
    /// G = Σ_k u_k u_kᵀ is Σ_k `out[k]`. Returns y_0.
    pub fn curvatures(
        &self,
        params: &[f64],
        input: &[f64],
        dirs: &[f64],
        s: &mut Scratch,
        out: &mut [f64],
    ) -> f64 {
        curvatures_pass(self, params, input, dirs, s, out)
    }

    /// [`Mlp::curvatures`]'s second derivatives `out[k]` = u_kᵀ H u_k from the
    /// activations `acts` of [`Mlp::value_keeping`] at the same input: no value pass
    /// and no activation evaluated (f' and f'' from the kept outputs), the same
    /// numbers.
    pub fn curvatures_from_acts(
        &self,
        params: &[f64],
        acts: &[f64],
        dirs: &[f64],
        s: &mut Scratch,
        out: &mut [f64],
    ) {
        curvatures_derivative_pass(self, params, acts, dirs, s, out);
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
        jet_pass(self, params, input, dir, s, out);
    }

    /// Number of activations [`Mlp::value_keeping`] keeps: every layer's outputs.
    pub fn n_acts(&self) -> usize {
        self.layers.iter().map(|l| l.n_out).sum()
    }

    /// The outputs at `input` (the last `n_out` entries of `acts`), keeping every
    /// layer's outputs in `acts` (layer by layer, [`Mlp::n_acts`] entries) for
    /// [`Mlp::jet_from_acts`] and [`Mlp::backprop_from_acts`]: a value-only pass,
    /// with the arithmetic (hence the numbers) of [`Mlp::jet`]'s values.
    pub fn value_keeping(&self, params: &[f64], input: &[f64], s: &mut Scratch, acts: &mut [f64]) {
        value_pass(self, params, input, s, acts);
    }

    /// [`Mlp::jet`]'s derivatives along input `dir` from the activations `acts` of
    /// [`Mlp::value_keeping`] at the same input (no activation evaluated): the same
    /// numbers. `d1[o]`, `d2[o]` receive ∂y_o/∂x_dir and ∂²y_o/∂x_dir².
    pub fn jet_from_acts(
        &self,
        params: &[f64],
        acts: &[f64],
        dir: usize,
        s: &mut Scratch,
        d1: &mut [f64],
        d2: &mut [f64],
    ) {
        jet_derivative_pass(self, params, acts, dir, s, d1, d2);
    }

    /// The outputs at `input`, written into `out`.
    pub fn value(&self, params: &[f64], input: &[f64], s: &mut Scratch, out: &mut [f64]) {
        self.forward(params, input, s);
        out.copy_from_slice(&s.a[..self.n_out()]);
    }

    /// Forward pass keeping each layer's input and activation slope for
    /// [`Mlp::backprop`]; the outputs end in `s.a`.
    fn forward(&self, params: &[f64], input: &[f64], s: &mut Scratch) {
        forward_pass(self, params, input, s);
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
        grad: Option<&mut [f64]>,
        d_input: Option<&mut [f64]>,
    ) -> f64 {
        self.forward(params, input, s);
        backward_pass(self, params, None, upstream, s, grad, d_input)
    }

    /// [`Mlp::backprop`] at the input `input` whose activations `acts`
    /// ([`Mlp::value_keeping`]) are known: no forward pass, the same numbers.
    #[allow(clippy::too_many_arguments)]
    pub fn backprop_from_acts(
        &self,
        params: &[f64],
        input: &[f64],
        acts: &[f64],
        upstream: &[f64],
        s: &mut Scratch,
        grad: Option<&mut [f64]>,
        d_input: Option<&mut [f64]>,
    ) -> f64 {
        self.backprop_from_acts_transposed(params, None, input, acts, upstream, s, grad, d_input)
    }

    /// Each layer's W transposed (n_out rows of n_in) at W's place in a copy of
    /// `params`, for [`Mlp::backprop_from_acts_transposed`]; the other entries of
    /// `out` are left as they are.
    pub fn transpose_weights(&self, params: &[f64], out: &mut [f64]) {
        for layer in &self.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let (w, wt) = (
                &params[layer.weight_range()],
                &mut out[layer.weight_range()],
            );
            for i in 0..ni {
                for o in 0..no {
                    wt[o * ni + i] = w[i * no + o];
                }
            }
        }
    }

    /// [`Mlp::backprop_from_acts`] with the layers' transposed weights
    /// (`weights_t` from [`Mlp::transpose_weights`] of the same `params`): the
    /// products W δ read Wᵀ row by row, in registers, instead of W column by
    /// column. The same numbers, bit for bit.
    #[allow(clippy::too_many_arguments)]
    pub fn backprop_from_acts_transposed(
        &self,
        params: &[f64],
        weights_t: Option<&[f64]>,
        input: &[f64],
        acts: &[f64],
        upstream: &[f64],
        s: &mut Scratch,
        grad: Option<&mut [f64]>,
        d_input: Option<&mut [f64]>,
    ) -> f64 {
        let mut off = 0;
        for (l, layer) in self.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            if l == 0 {
                s.acts[0].copy_from_slice(&input[..ni]);
            } else {
                s.acts[l].copy_from_slice(&acts[off - ni..off]);
            }
            let out = &acts[off..off + no];
            layer
                .activation
                .derivatives_from_output_slice(out, &mut s.slopes[l], &mut s.f2[..no]);
            off += no;
        }
        let n_out = self.n_out();
        s.a[..n_out].copy_from_slice(&acts[off - n_out..off]);
        backward_pass(self, params, weights_t, upstream, s, grad, d_input)
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

widest_simd! {
    /// [`Mlp::curvatures`]'s body.
    fn curvatures_pass(
        net: &Mlp,
        params: &[f64],
        input: &[f64],
        dirs: &[f64],
        s: &mut Scratch,
        out: &mut [f64],
    ) -> f64 {
        let (n_in, w, n_dirs) = (net.n_in(), net.width, out.len());
        debug_assert_eq!(dirs.len(), n_dirs * n_in);
        for buf in [&mut s.dir_a1, &mut s.dir_a2, &mut s.dir_z1, &mut s.dir_z2] {
            if buf.len() < n_dirs * w {
                buf.resize(n_dirs * w, 0.0);
            }
        }
        s.a[..n_in].copy_from_slice(input);
        for k in 0..n_dirs {
            s.dir_a1[k * w..k * w + n_in].copy_from_slice(&dirs[k * n_in..(k + 1) * n_in]);
        }
        // the inputs are linear in the direction: a'' = 0 at the first layer
        for (l, layer) in net.layers.iter().enumerate() {
            let first = l == 0;
            let (ni, no) = (layer.n_in, layer.n_out);
            let wts = &params[layer.weight_range()];
            s.z[..no].copy_from_slice(&params[layer.bias_range()]);
            for k in 0..n_dirs {
                s.dir_z1[k * w..k * w + no].fill(0.0);
                s.dir_z2[k * w..k * w + no].fill(0.0);
            }
            for i in 0..ni {
                let row = &wts[i * no..(i + 1) * no];
                let a = s.a[i];
                let z = &mut s.z[..no];
                z.iter_mut().zip(row).for_each(|(z, &wio)| *z += wio * a);
                for k in 0..n_dirs {
                    let a1 = s.dir_a1[k * w + i];
                    let z1 = &mut s.dir_z1[k * w..k * w + no];
                    z1.iter_mut().zip(row).for_each(|(z, &wio)| *z += wio * a1);
                    if !first {
                        let a2 = s.dir_a2[k * w + i];
                        let z2 = &mut s.dir_z2[k * w..k * w + no];
                        z2.iter_mut().zip(row).for_each(|(z, &wio)| *z += wio * a2);
                    }
                }
            }
            layer
                .activation
                .second_order_slice(&s.z[..no], &mut s.a[..no], &mut s.f1[..no], &mut s.f2[..no]);
            chain_rule_directions(s, n_dirs, w, no);
        }
        for k in 0..n_dirs {
            out[k] = s.dir_a2[k * w];
        }
        s.a[0]
    }
}

widest_simd! {
    /// [`Mlp::curvatures_from_acts`]'s body: [`curvatures_pass`] without the values
    /// (the same sums for z' and z'' per direction, f' and f'' from the outputs).
    fn curvatures_derivative_pass(
        net: &Mlp,
        params: &[f64],
        acts: &[f64],
        dirs: &[f64],
        s: &mut Scratch,
        out: &mut [f64],
    ) {
        let (n_in, w, n_dirs) = (net.n_in(), net.width, out.len());
        debug_assert_eq!(dirs.len(), n_dirs * n_in);
        for buf in [&mut s.dir_a1, &mut s.dir_a2, &mut s.dir_z1, &mut s.dir_z2] {
            if buf.len() < n_dirs * w {
                buf.resize(n_dirs * w, 0.0);
            }
        }
        for k in 0..n_dirs {
            s.dir_a1[k * w..k * w + n_in].copy_from_slice(&dirs[k * n_in..(k + 1) * n_in]);
        }
        let mut off = 0;
        // the inputs are linear in the direction: a'' = 0 at the first layer
        for (l, layer) in net.layers.iter().enumerate() {
            let first = l == 0;
            let (ni, no) = (layer.n_in, layer.n_out);
            let wts = &params[layer.weight_range()];
            // direction by direction (each sum still over i ascending, from 0:
            // curvatures_pass's numbers), so that a direction's sums stay in registers
            for k in 0..n_dirs {
                let at = k * w..k * w + no;
                let (a1, z1) = (&s.dir_a1[k * w..k * w + ni], &mut s.dir_z1[at.clone()]);
                if first {
                    accumulate_rows(wts, [a1], [z1]);
                    s.dir_z2[at].fill(0.0);
                } else {
                    let (a2, z2) = (&s.dir_a2[k * w..k * w + ni], &mut s.dir_z2[at]);
                    accumulate_rows(wts, [a1, a2], [z1, z2]);
                }
            }
            layer.activation.derivatives_from_output_slice(
                &acts[off..off + no],
                &mut s.f1[..no],
                &mut s.f2[..no],
            );
            chain_rule_directions(s, n_dirs, w, no);
            off += no;
        }
        for k in 0..n_dirs {
            out[k] = s.dir_a2[k * w];
        }
    }
}

widest_simd! {
    /// [`Mlp::jet`]'s body (z, z', z'' accumulated row by row of W, then the
    /// activation over the layer).
    fn jet_pass(
        net: &Mlp,
        params: &[f64],
        input: &[f64],
        dir: usize,
        s: &mut Scratch,
        out: &mut [(f64, f64, f64)],
    ) {
        let n_in = net.n_in();
        s.a[..n_in].copy_from_slice(input);
        s.d1[..n_in].fill(0.0);
        s.d1[dir] = 1.0;
        s.d2[..n_in].fill(0.0);
        for layer in &net.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            s.z[..no].copy_from_slice(&params[layer.bias_range()]);
            s.z1[..no].fill(0.0);
            s.z2[..no].fill(0.0);
            add_rows(
                w,
                [&s.a[..ni], &s.d1[..ni], &s.d2[..ni]],
                [&mut s.z[..no], &mut s.z1[..no], &mut s.z2[..no]],
            );
            layer
                .activation
                .second_order_slice(&s.z[..no], &mut s.a[..no], &mut s.f1[..no], &mut s.f2[..no]);
            chain_rule(
                &s.f1[..no],
                &s.f2[..no],
                &s.z1[..no],
                &s.z2[..no],
                &mut s.d1[..no],
                &mut s.d2[..no],
            );
        }
        for (o, v) in out.iter_mut().enumerate() {
            *v = (s.a[o], s.d1[o], s.d2[o]);
        }
    }
}

/// out_i = Σ_o W_io δ_o (W: `out.len()` rows of `delta.len()`), each sum over o
/// ascending from the first product, the numbers of `Iterator::sum` (whose −0 start
/// adds nothing); four rows at a time, so that four independent sums hide the
/// adds' latency.
#[inline(always)]
fn transposed_product(w: &[f64], delta: &[f64], out: &mut [f64]) {
    let no = delta.len();
    if no == 0 {
        out.fill(-0.0);
        return;
    }
    let mut rows = w.chunks_exact(no);
    let mut outs = out.chunks_exact_mut(4);
    for o4 in &mut outs {
        let (r0, r1, r2, r3) = (
            rows.next().expect("4 rows"),
            rows.next().expect("4 rows"),
            rows.next().expect("4 rows"),
            rows.next().expect("4 rows"),
        );
        let (r0, r1, r2, r3) = (&r0[..no], &r1[..no], &r2[..no], &r3[..no]);
        let d0 = delta[0];
        let mut acc = [r0[0] * d0, r1[0] * d0, r2[0] * d0, r3[0] * d0];
        for o in 1..no {
            let d = delta[o];
            acc[0] += r0[o] * d;
            acc[1] += r1[o] * d;
            acc[2] += r2[o] * d;
            acc[3] += r3[o] * d;
        }
        o4.copy_from_slice(&acc);
    }
    for (d, row) in outs.into_remainder().iter_mut().zip(rows) {
        let mut acc = row[0] * delta[0];
        for o in 1..no {
            acc += row[o] * delta[o];
        }
        *d = acc;
    }
}

/// [`transposed_product`] from Wᵀ (`delta.len()` rows of `out.len()`): out =
/// Wᵀ_0 δ_0, then the rows o ≥ 1 added in order by [`add_rows`], the numbers of
/// [`transposed_product`] (each out_i from its first product, o ascending).
#[inline(always)]
fn transposed_product_from_rows(wt: &[f64], delta: &[f64], out: &mut [f64]) {
    let (no, ni) = (delta.len(), out.len());
    if no == 0 {
        out.fill(-0.0);
        return;
    }
    let d0 = delta[0];
    for (o, &w) in out.iter_mut().zip(&wt[..ni]) {
        *o = w * d0;
    }
    add_rows(&wt[ni..ni * no], [&delta[1..]], [out]);
}

/// G_io += a_i δ_o (G: `a.len()` rows of `delta.len()`), with δ held in registers
/// in blocks of 16 and 8 across the rows.
#[inline(always)]
fn add_outer(g: &mut [f64], a: &[f64], delta: &[f64]) {
    let no = delta.len();
    if no == 0 {
        return;
    }
    let mut start = 0;
    while start + 16 <= no {
        add_outer_block::<16>(g, no, a, &delta[start..start + 16], start);
        start += 16;
    }
    if start + 8 <= no {
        add_outer_block::<8>(g, no, a, &delta[start..start + 8], start);
        start += 8;
    }
    if start < no {
        for (&ai, row) in a.iter().zip(g.chunks_exact_mut(no)) {
            for (g, &dl) in row[start..].iter_mut().zip(&delta[start..]) {
                *g += ai * dl;
            }
        }
    }
}

/// [`add_outer`] on the B columns from `start` (G has rows of `no`).
#[inline(always)]
fn add_outer_block<const B: usize>(
    g: &mut [f64],
    no: usize,
    a: &[f64],
    delta: &[f64],
    start: usize,
) {
    let d: [f64; B] = delta.try_into().expect("B columns");
    for (&ai, row) in a.iter().zip(g.chunks_exact_mut(no)) {
        let row: &mut [f64; B] = (&mut row[start..start + B]).try_into().expect("B columns");
        for o in 0..B {
            row[o] += ai * d[o];
        }
    }
}

/// z_k = Σ_i a_k,i W_i· for K streams sharing W (`a[k].len()` rows of
/// `z[k].len()`), from 0 with i ascending ([`add_rows`] on zeros).
#[inline(always)]
fn accumulate_rows<const K: usize>(w: &[f64], a: [&[f64]; K], mut z: [&mut [f64]; K]) {
    for z in z.iter_mut() {
        z.fill(0.0);
    }
    add_rows(w, a, z);
}

/// z_k += Σ_i a_k,i W_i· for K streams sharing W (`a[k].len()` rows of
/// `z[k].len()`): every z_k,o gets its products W_io a_k,i one at a time, i
/// ascending (the numbers of the plain row-by-row loop), but the outputs stay in
/// registers in blocks of 16 and 8 for all the rows instead of being stored and
/// reloaded per row, and the K streams' sums interleave (independent chains).
#[inline(always)]
fn add_rows<const K: usize>(w: &[f64], a: [&[f64]; K], mut z: [&mut [f64]; K]) {
    let no = z[0].len();
    let ni = a[0].len();
    assert!(w.len() >= ni * no);
    assert!(a.iter().all(|a| a.len() == ni) && z.iter().all(|z| z.len() == no));
    let mut start = 0;
    while start + 16 <= no {
        add_rows_block::<K, 16>(w, no, start, &a, &mut z);
        start += 16;
    }
    if start + 8 <= no {
        add_rows_block::<K, 8>(w, no, start, &a, &mut z);
        start += 8;
    }
    // the last < 8 outputs one at a time (an output layer of one unit), each
    // stream's sum in a register
    for o in start..no {
        let mut acc = [0.0; K];
        for k in 0..K {
            acc[k] = z[k][o];
        }
        for (i, row) in w.chunks_exact(no).take(ni).enumerate() {
            let wio = row[o];
            for k in 0..K {
                acc[k] += wio * a[k][i];
            }
        }
        for k in 0..K {
            z[k][o] = acc[k];
        }
    }
}

/// [`add_rows`] on the B outputs from `start` (B ≤ n_out − start).
#[inline(always)]
fn add_rows_block<const K: usize, const B: usize>(
    w: &[f64],
    no: usize,
    start: usize,
    a: &[&[f64]; K],
    z: &mut [&mut [f64]; K],
) {
    let mut acc = [[0.0; B]; K];
    for k in 0..K {
        acc[k].copy_from_slice(&z[k][start..start + B]);
    }
    for (i, row) in w.chunks_exact(no).take(a[0].len()).enumerate() {
        let row: &[f64; B] = row[start..start + B].try_into().expect("B outputs");
        for k in 0..K {
            let ai = a[k][i];
            for o in 0..B {
                acc[k][o] += row[o] * ai;
            }
        }
    }
    for k in 0..K {
        z[k][start..start + B].copy_from_slice(&acc[k]);
    }
}

/// a' = f' z', a'' = f'' z'² + f' z'' over a layer (all slices of one length).
#[inline(always)]
fn chain_rule(f1: &[f64], f2: &[f64], z1: &[f64], z2: &[f64], d1: &mut [f64], d2: &mut [f64]) {
    let n = f1.len();
    let (f2, z1, z2, d1, d2) = (&f2[..n], &z1[..n], &z2[..n], &mut d1[..n], &mut d2[..n]);
    for o in 0..n {
        let z1o = z1[o];
        d1[o] = f1[o] * z1o;
        d2[o] = f2[o] * z1o * z1o + f1[o] * z2[o];
    }
}

/// [`chain_rule`] for each of the `n_dirs` directions of a layer of `no` units, from
/// the layer's f' and f'' in `s.f1`, `s.f2` and each direction's z', z'' (direction k
/// at [k · w, k · w + no) of the `dir_` buffers).
#[inline(always)]
fn chain_rule_directions(s: &mut Scratch, n_dirs: usize, w: usize, no: usize) {
    for k in 0..n_dirs {
        let at = k * w..k * w + no;
        chain_rule(
            &s.f1[..no],
            &s.f2[..no],
            &s.dir_z1[at.clone()],
            &s.dir_z2[at.clone()],
            &mut s.dir_a1[at.clone()],
            &mut s.dir_a2[at],
        );
    }
}

widest_simd! {
    /// [`Mlp::value_keeping`]'s body.
    fn value_pass(net: &Mlp, params: &[f64], input: &[f64], s: &mut Scratch, acts: &mut [f64]) {
        let mut off = 0;
        for (l, layer) in net.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            let z = &mut s.z[..no];
            z.copy_from_slice(&params[layer.bias_range()]);
            let (done, rest) = acts.split_at_mut(off);
            let inputs = if l == 0 { &input[..ni] } else { &done[off - ni..] };
            add_rows(w, [inputs], [&mut *z]);
            let out = &mut rest[..no];
            out.copy_from_slice(z);
            layer.activation.apply_in_place(out);
            off += no;
        }
    }
}

widest_simd! {
    /// [`Mlp::jet_from_acts`]'s body: [`jet_pass`] without the values.
    fn jet_derivative_pass(
        net: &Mlp,
        params: &[f64],
        acts: &[f64],
        dir: usize,
        s: &mut Scratch,
        d1_out: &mut [f64],
        d2_out: &mut [f64],
    ) {
        let n_in = net.n_in();
        s.d1[..n_in].fill(0.0);
        s.d1[dir] = 1.0;
        s.d2[..n_in].fill(0.0);
        let mut off = 0;
        for layer in &net.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            accumulate_rows(
                w,
                [&s.d1[..ni], &s.d2[..ni]],
                [&mut s.z1[..no], &mut s.z2[..no]],
            );
            layer.activation.derivatives_from_output_slice(
                &acts[off..off + no],
                &mut s.f1[..no],
                &mut s.f2[..no],
            );
            chain_rule(
                &s.f1[..no],
                &s.f2[..no],
                &s.z1[..no],
                &s.z2[..no],
                &mut s.d1[..no],
                &mut s.d2[..no],
            );
            off += no;
        }
        let n_out = net.n_out();
        d1_out[..n_out].copy_from_slice(&s.d1[..n_out]);
        d2_out[..n_out].copy_from_slice(&s.d2[..n_out]);
    }
}

widest_simd! {
    /// [`Mlp::forward`]'s body.
    fn forward_pass(net: &Mlp, params: &[f64], input: &[f64], s: &mut Scratch) {
        s.a[..net.n_in()].copy_from_slice(input);
        for (l, layer) in net.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            s.acts[l].copy_from_slice(&s.a[..ni]);
            let w = &params[layer.weight_range()];
            s.z[..no].copy_from_slice(&params[layer.bias_range()]);
            add_rows(w, [&s.acts[l][..]], [&mut s.z[..no]]);
            layer
                .activation
                .second_order_slice(&s.z[..no], &mut s.a[..no], &mut s.slopes[l], &mut s.f2[..no]);
        }
    }
}

widest_simd! {
    /// The backward half of [`Mlp::backprop`], from the layer inputs and slopes
    /// kept in `s` and the outputs in `s.a`.
    fn backward_pass(
        net: &Mlp,
        params: &[f64],
        weights_t: Option<&[f64]>,
        upstream: &[f64],
        s: &mut Scratch,
        grad: Option<&mut [f64]>,
        d_input: Option<&mut [f64]>,
    ) -> f64 {
        let mut grad = grad;
        let n_out = net.n_out();
        let total = (0..n_out).map(|o| upstream[o] * s.a[o]).sum();
        s.delta[..n_out].copy_from_slice(upstream);
        for (l, layer) in net.layers.iter().enumerate().rev() {
            let (ni, no) = (layer.n_in, layer.n_out);
            s.delta[..no]
                .iter_mut()
                .zip(&s.slopes[l])
                .for_each(|(d, &f1)| *d *= f1);
            let w = &params[layer.weight_range()];
            if let Some(g) = grad.as_deref_mut() {
                let gw = &mut g[layer.weight_range()];
                let delta = &s.delta[..no];
                add_outer(gw, &s.acts[l], delta);
                let gb = &mut g[layer.bias_range()];
                gb.iter_mut().zip(delta).for_each(|(g, &dl)| *g += dl);
            }
            if l > 0 || d_input.is_some() {
                match weights_t {
                    Some(wt) => transposed_product_from_rows(
                        &wt[layer.weight_range()],
                        &s.delta[..no],
                        &mut s.delta_in[..ni],
                    ),
                    None => transposed_product(&w[..ni * no], &s.delta[..no], &mut s.delta_in[..ni]),
                }
                std::mem::swap(&mut s.delta, &mut s.delta_in);
            }
        }
        if let Some(d) = d_input {
            d.copy_from_slice(&s.delta[..net.n_in()]);
        }
        total
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

    /// The blocked W δ products give Iterator::sum's numbers bit for bit (rows in
    /// blocks of four and the remainder; one column).
    #[test]
    fn transposed_product_equals_the_iterator_sum() {
        let mut r = rng::stream(4, 2);
        for (ni, no) in [(16, 16), (13, 16), (7, 5), (3, 1), (1, 16), (0, 4)] {
            let w: Vec<f64> = (0..ni * no).map(|_| r.random_range(-1.0..1.0)).collect();
            let delta: Vec<f64> = (0..no).map(|_| r.random_range(-1.0..1.0)).collect();
            let mut out = vec![f64::NAN; ni];
            transposed_product(&w, &delta, &mut out);
            let mut wt = vec![0.0; ni * no];
            for i in 0..ni {
                for o in 0..no {
                    wt[o * ni + i] = w[i * no + o];
                }
            }
            let mut out_t = vec![f64::NAN; ni];
            transposed_product_from_rows(&wt, &delta, &mut out_t);
            for i in 0..ni {
                assert_eq!(
                    out_t[i].to_bits(),
                    out[i].to_bits(),
                    "Wᵀ rows ({ni}, {no}) row {i}"
                );
                let sum: f64 = w[i * no..(i + 1) * no]
                    .iter()
                    .zip(&delta)
                    .map(|(a, b)| a * b)
                    .sum();
                assert_eq!(out[i].to_bits(), sum.to_bits(), "({ni}, {no}) row {i}");
            }
        }
    }

    /// Backpropagation from the transposed weights gives the plain pass's
    /// parameter gradient, input gradient and value bit for bit.
    #[test]
    fn backprop_from_transposed_weights_is_bit_identical() {
        for (k, sizes) in [
            &[1, 16, 16][..],
            &[16, 16, 1],
            &[3, 5, 4, 2],
            &[2, 9, 17, 1],
        ]
        .into_iter()
        .enumerate()
        {
            let (net, p) = random_net(sizes, Activation::Tanh, 11 + k as u64);
            let mut pt = vec![f64::NAN; p.len()];
            net.transpose_weights(&p, &mut pt);
            let mut r = rng::stream(12, k as u64);
            let x: Vec<f64> = (0..net.n_in()).map(|_| r.random_range(-1.0..1.0)).collect();
            let up: Vec<f64> = (0..net.n_out())
                .map(|_| r.random_range(-1.0..1.0))
                .collect();
            let mut s = net.scratch();
            let mut acts = vec![0.0; net.n_acts()];
            net.value_keeping(&p, &x, &mut s, &mut acts);
            let run = |wt: Option<&[f64]>, s: &mut Scratch| {
                let (mut g, mut d) = (vec![0.5; p.len()], vec![0.0; net.n_in()]);
                let v = net.backprop_from_acts_transposed(
                    &p,
                    wt,
                    &x,
                    &acts,
                    &up,
                    s,
                    Some(&mut g),
                    Some(&mut d),
                );
                (v, g, d)
            };
            let (v0, g0, d0) = run(None, &mut s);
            let (v1, g1, d1) = run(Some(&pt), &mut s);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(v0.to_bits(), v1.to_bits(), "{sizes:?}");
            assert_eq!(bits(&g0), bits(&g1), "{sizes:?}");
            assert_eq!(bits(&d0), bits(&d1), "{sizes:?}");
        }
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
            let dirs = [0.4, -1.1, 0.3, 0.0, 0.9, -0.2];
            let mut curv = [0.0; 2];
            let y = net.curvatures(&p, &x, &dirs, &mut s, &mut curv);
            assert!((y - y0[0]).abs() < 1e-14);
            for k in 0..2 {
                let u = &dirs[3 * k..3 * k + 3];
                let uhu: f64 = (0..9).map(|ij| u[ij / 3] * hess[ij] * u[ij % 3]).sum();
                assert!(
                    (curv[k] - uhu).abs() < 1e-12 * (1.0 + uhu.abs()),
                    "{act:?} uHu {k}"
                );
            }
            // from the kept activations: the same numbers, bit for bit
            let mut acts = vec![0.0; net.n_acts()];
            net.value_keeping(&p, &x, &mut s, &mut acts);
            let mut kept = [0.0; 2];
            net.curvatures_from_acts(&p, &acts, &dirs, &mut s, &mut kept);
            assert_eq!(kept, curv, "{act:?} curvatures from activations");
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
