//! [`Mlp`]'s per-sample passes for up to [`LANES`] samples at once, sample w in lane
//! w of every unit (a unit's values are one [`Lanes`] array: one AVX-512 register),
//! with each sample's arithmetic in the order of the one-sample methods, hence
//! their numbers bit for bit:
//!
//! | lanes                             | one sample                      |
//! |-----------------------------------|---------------------------------|
//! | [`Mlp::value_keeping_lanes`]      | [`Mlp::value_keeping`]          |
//! | [`Mlp::jet_from_acts_lanes`]      | [`Mlp::jet_from_acts`]          |
//! | [`Mlp::curvatures_from_acts_lanes`] | [`Mlp::curvatures_from_acts`] |
//! | [`Mlp::backprop_from_acts_lanes`] | [`Mlp::backprop_from_acts`]     |
//!
//! One sample's passes are latency-bound (a few vectors per call, each sum a chain of
//! dependent adds); in lanes every multiply and add does a full vector of
//! independent work, and a layer keeps eight output units' sums in registers.
//! The sums are those of the one-sample code: a unit's pre-activation starts at its
//! bias (0 for the derivative sums) and adds w_io · a_i for i ascending, with a
//! separate multiply and add (Rust fuses none); a transposed product W δ starts
//! from its first product; the activations and their derivatives are the same
//! functions of [`Activation`] applied to the lanes' values.
//!
//! A batch of fewer than [`LANES`] samples fills the other lanes with anything
//! finite (zeros, say): lanes never mix, and their outputs are ignored. The bodies
//! are compiled for AVX-512, AVX2 and the baseline target and the widest the CPU has
//! runs (the same arithmetic on every path, hence the same numbers).

// Index loops over units mirror the one-sample code; the SIMD bodies (inner
// functions of `widest_simd!`) take the public methods' many arguments.
#![allow(clippy::needless_range_loop, clippy::too_many_arguments)]

use super::Mlp;
use crate::simd::widest_simd;

/// Samples per batch: the f64 lanes of an AVX-512 register.
pub const LANES: usize = 8;

/// One unit's values for the samples of a batch (sample w in lane w).
pub type Lanes = [f64; LANES];

/// Reusable buffers of the lane passes, sized for the widest layer of a network
/// ([`Mlp::lane_scratch`]).
#[derive(Clone, Debug, Default)]
pub struct LaneScratch {
    width: usize,
    z1: Vec<Lanes>,
    z2: Vec<Lanes>,
    d1: Vec<Lanes>,
    d2: Vec<Lanes>,
    f1: Vec<Lanes>,
    f2: Vec<Lanes>,
    delta: Vec<Lanes>,
    delta_in: Vec<Lanes>,
    /// Per-direction a', a'', z', z'' of [`Mlp::curvatures_from_acts_lanes`],
    /// direction k of unit o at [k · width + o] (grown on demand).
    dir_a1: Vec<Lanes>,
    dir_a2: Vec<Lanes>,
    dir_z1: Vec<Lanes>,
    dir_z2: Vec<Lanes>,
}

impl LaneScratch {
    /// Whether these buffers serve `net` (made for a network at least as wide).
    pub fn fits(&self, net: &Mlp) -> bool {
        self.width >= net.width
    }
}

impl Mlp {
    /// Buffers for this network's lane passes.
    pub fn lane_scratch(&self) -> LaneScratch {
        let w = self.width;
        let v = || vec![[0.0; LANES]; w];
        LaneScratch {
            width: w,
            z1: v(),
            z2: v(),
            d1: v(),
            d2: v(),
            f1: v(),
            f2: v(),
            delta: v(),
            delta_in: v(),
            dir_a1: Vec::new(),
            dir_a2: Vec::new(),
            dir_z1: Vec::new(),
            dir_z2: Vec::new(),
        }
    }

    /// `slot`'s lane buffers, (re)made for this network if empty or too narrow.
    pub fn lane_scratch_in<'a>(&self, slot: &'a mut Option<LaneScratch>) -> &'a mut LaneScratch {
        if !slot.as_ref().is_some_and(|s| s.fits(self)) {
            *slot = Some(self.lane_scratch());
        }
        slot.as_mut().expect("just set")
    }

    /// [`Mlp::value_keeping`] per lane: `input` holds the n_in inputs, `acts`
    /// receives every layer's outputs ([`Mlp::n_acts`] units, layer by layer; the
    /// outputs are the last n_out).
    pub fn value_keeping_lanes(&self, params: &[f64], input: &[Lanes], acts: &mut [Lanes]) {
        assert!(input.len() >= self.n_in() && acts.len() >= self.n_acts());
        value_lanes(self, params, input, acts);
    }

    /// [`Mlp::jet_from_acts`] per lane, from the activations `acts` of
    /// [`Mlp::value_keeping_lanes`] (or gathered from [`Mlp::value_keeping`]):
    /// `d1[o]`, `d2[o]` receive ∂y_o/∂x_dir and ∂²y_o/∂x_dir² (n_out units).
    pub fn jet_from_acts_lanes(
        &self,
        params: &[f64],
        acts: &[Lanes],
        dir: usize,
        s: &mut LaneScratch,
        d1: &mut [Lanes],
        d2: &mut [Lanes],
    ) {
        assert!(dir < self.n_in() && acts.len() >= self.n_acts() && s.fits(self));
        assert!(d1.len() >= self.n_out() && d2.len() >= self.n_out());
        jet_lanes(self, params, acts, dir, s, d1, d2);
    }

    /// [`Mlp::curvatures_from_acts`] per lane: `out[k]` = u_kᵀ H u_k per lane, with
    /// u_k the n_in units `dirs[k n_in .. (k + 1) n_in]` (K = `out.len()`).
    pub fn curvatures_from_acts_lanes(
        &self,
        params: &[f64],
        acts: &[Lanes],
        dirs: &[Lanes],
        s: &mut LaneScratch,
        out: &mut [Lanes],
    ) {
        assert!(acts.len() >= self.n_acts() && s.fits(self));
        assert!(dirs.len() >= out.len() * self.n_in());
        curvatures_lanes(self, params, acts, dirs, s, out);
    }

    /// [`Mlp::backprop_from_acts`] per lane: L = Σ_o c_o y_o with c = `upstream`
    /// (n_out units); adds ∂L/∂θ into `grad` (indexed like `params`, one unit per
    /// parameter) when given, writes ∂L/∂input into `d_input` (n_in units) when
    /// given, and returns L per lane.
    #[allow(clippy::too_many_arguments)]
    pub fn backprop_from_acts_lanes(
        &self,
        params: &[f64],
        input: &[Lanes],
        acts: &[Lanes],
        upstream: &[Lanes],
        s: &mut LaneScratch,
        grad: Option<&mut [Lanes]>,
        d_input: Option<&mut [Lanes]>,
    ) -> Lanes {
        assert!(input.len() >= self.n_in() && acts.len() >= self.n_acts() && s.fits(self));
        assert!(upstream.len() >= self.n_out());
        let last = self.layers.last().expect("a layer").bias_range().end;
        assert!(grad.as_ref().is_none_or(|g| g.len() >= last));
        assert!(d_input.as_ref().is_none_or(|d| d.len() >= self.n_in()));
        backprop_lanes(self, params, input, acts, upstream, s, grad, d_input)
    }
}

/// `NB` output units from `o` of out = b + Σ_i W_i· input_i per lane (b = 0 if
/// `None`): NB independent sums in registers, each from its bias with i ascending.
#[inline(always)]
fn linear_block<const NB: usize>(
    w: &[f64],
    b: Option<&[f64]>,
    no: usize,
    o: usize,
    input: &[Lanes],
    out: &mut [Lanes],
) {
    let mut acc = [[0.0; LANES]; NB];
    if let Some(b) = b {
        let b = &b[o..o + NB];
        for t in 0..NB {
            acc[t] = [b[t]; LANES];
        }
    }
    for (i, a) in input.iter().enumerate() {
        let row = &w[i * no + o..i * no + o + NB];
        for t in 0..NB {
            let wio = row[t];
            for c in 0..LANES {
                acc[t][c] += wio * a[c];
            }
        }
    }
    out[o..o + NB].copy_from_slice(&acc);
}

/// out_o = b_o + Σ_i W_io input_i per lane (W: `input.len()` rows of `out.len()`;
/// b = 0 if `None`), in blocks of eight outputs.
#[inline(always)]
fn linear(w: &[f64], b: Option<&[f64]>, input: &[Lanes], out: &mut [Lanes]) {
    let no = out.len();
    let w = &w[..input.len() * no];
    let mut o = 0;
    while no - o >= 8 {
        linear_block::<8>(w, b, no, o, input, out);
        o += 8;
    }
    match no - o {
        0 => {}
        1 => linear_block::<1>(w, b, no, o, input, out),
        2 => linear_block::<2>(w, b, no, o, input, out),
        3 => linear_block::<3>(w, b, no, o, input, out),
        4 => linear_block::<4>(w, b, no, o, input, out),
        5 => linear_block::<5>(w, b, no, o, input, out),
        6 => linear_block::<6>(w, b, no, o, input, out),
        _ => linear_block::<7>(w, b, no, o, input, out),
    }
}

/// `NB` rows from `i` of out_i = Σ_o W_io δ_o per lane, each from its first
/// product with o ascending (the one-sample `transposed_product`).
#[inline(always)]
fn transposed_block<const NB: usize>(w: &[f64], i: usize, delta: &[Lanes], out: &mut [Lanes]) {
    let no = delta.len();
    let rows: [&[f64]; NB] = std::array::from_fn(|t| &w[(i + t) * no..(i + t + 1) * no]);
    let mut acc = [[0.0; LANES]; NB];
    let d0 = &delta[0];
    for t in 0..NB {
        let w0 = rows[t][0];
        for c in 0..LANES {
            acc[t][c] = w0 * d0[c];
        }
    }
    for o in 1..no {
        let d = &delta[o];
        for t in 0..NB {
            let wio = rows[t][o];
            for c in 0..LANES {
                acc[t][c] += wio * d[c];
            }
        }
    }
    out[i..i + NB].copy_from_slice(&acc);
}

/// out_i = Σ_o W_io δ_o per lane (W: `out.len()` rows of `delta.len()`).
#[inline(always)]
fn transposed(w: &[f64], delta: &[Lanes], out: &mut [Lanes]) {
    let (ni, no) = (out.len(), delta.len());
    if no == 0 {
        out.fill([-0.0; LANES]);
        return;
    }
    let w = &w[..ni * no];
    let mut i = 0;
    while ni - i >= 8 {
        transposed_block::<8>(w, i, delta, out);
        i += 8;
    }
    match ni - i {
        0 => {}
        1 => transposed_block::<1>(w, i, delta, out),
        2 => transposed_block::<2>(w, i, delta, out),
        3 => transposed_block::<3>(w, i, delta, out),
        4 => transposed_block::<4>(w, i, delta, out),
        5 => transposed_block::<5>(w, i, delta, out),
        6 => transposed_block::<6>(w, i, delta, out),
        _ => transposed_block::<7>(w, i, delta, out),
    }
}

/// a' = f' z', a'' = f'' z'² + f' z'' per unit and lane: the one-sample
/// [`super::chain_rule`] over the layer's flattened lanes.
#[inline(always)]
fn chain_rule(
    f1: &[Lanes],
    f2: &[Lanes],
    z1: &[Lanes],
    z2: &[Lanes],
    d1: &mut [Lanes],
    d2: &mut [Lanes],
) {
    super::chain_rule(
        f1.as_flattened(),
        f2.as_flattened(),
        z1.as_flattened(),
        z2.as_flattened(),
        d1.as_flattened_mut(),
        d2.as_flattened_mut(),
    );
}

widest_simd! {
    /// [`Mlp::value_keeping_lanes`]'s body.
    fn value_lanes(net: &Mlp, params: &[f64], input: &[Lanes], acts: &mut [Lanes]) {
        let mut off = 0;
        for (l, layer) in net.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            let (done, rest) = acts.split_at_mut(off);
            let inputs = if l == 0 { &input[..ni] } else { &done[off - ni..] };
            let out = &mut rest[..no];
            linear(&params[layer.weight_range()], Some(&params[layer.bias_range()]), inputs, out);
            layer.activation.apply_in_place(out.as_flattened_mut());
            off += no;
        }
    }
}

widest_simd! {
    /// [`Mlp::jet_from_acts_lanes`]'s body.
    fn jet_lanes(
        net: &Mlp,
        params: &[f64],
        acts: &[Lanes],
        dir: usize,
        s: &mut LaneScratch,
        d1_out: &mut [Lanes],
        d2_out: &mut [Lanes],
    ) {
        let n_in = net.n_in();
        s.d1[..n_in].fill([0.0; LANES]);
        s.d1[dir] = [1.0; LANES];
        s.d2[..n_in].fill([0.0; LANES]);
        let mut off = 0;
        for layer in &net.layers {
            let (ni, no) = (layer.n_in, layer.n_out);
            let w = &params[layer.weight_range()];
            linear(w, None, &s.d1[..ni], &mut s.z1[..no]);
            linear(w, None, &s.d2[..ni], &mut s.z2[..no]);
            layer.activation.derivatives_from_output_slice(
                acts[off..off + no].as_flattened(),
                s.f1[..no].as_flattened_mut(),
                s.f2[..no].as_flattened_mut(),
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
    /// [`Mlp::curvatures_from_acts_lanes`]'s body.
    fn curvatures_lanes(
        net: &Mlp,
        params: &[f64],
        acts: &[Lanes],
        dirs: &[Lanes],
        s: &mut LaneScratch,
        out: &mut [Lanes],
    ) {
        let (n_in, w, n_dirs) = (net.n_in(), s.width, out.len());
        for buf in [&mut s.dir_a1, &mut s.dir_a2, &mut s.dir_z1, &mut s.dir_z2] {
            if buf.len() < n_dirs * w {
                buf.resize(n_dirs * w, [0.0; LANES]);
            }
        }
        for k in 0..n_dirs {
            s.dir_a1[k * w..k * w + n_in].copy_from_slice(&dirs[k * n_in..(k + 1) * n_in]);
        }
        let mut off = 0;
        // the inputs are linear in the direction: a'' = 0 at the first layer
        for (l, layer) in net.layers.iter().enumerate() {
            let (ni, no) = (layer.n_in, layer.n_out);
            let wts = &params[layer.weight_range()];
            for k in 0..n_dirs {
                let at = k * w..k * w + no;
                linear(wts, None, &s.dir_a1[k * w..k * w + ni], &mut s.dir_z1[at.clone()]);
                if l == 0 {
                    s.dir_z2[at].fill([0.0; LANES]);
                } else {
                    linear(wts, None, &s.dir_a2[k * w..k * w + ni], &mut s.dir_z2[at]);
                }
            }
            layer.activation.derivatives_from_output_slice(
                acts[off..off + no].as_flattened(),
                s.f1[..no].as_flattened_mut(),
                s.f2[..no].as_flattened_mut(),
            );
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
            off += no;
        }
        for k in 0..n_dirs {
            out[k] = s.dir_a2[k * w];
        }
    }
}

widest_simd! {
    /// [`Mlp::backprop_from_acts_lanes`]'s body (the one-sample `backward_pass`
    /// with the slopes f' from the kept outputs).
    fn backprop_lanes(
        net: &Mlp,
        params: &[f64],
        input: &[Lanes],
        acts: &[Lanes],
        upstream: &[Lanes],
        s: &mut LaneScratch,
        grad: Option<&mut [Lanes]>,
        d_input: Option<&mut [Lanes]>,
    ) -> Lanes {
        let mut grad = grad;
        let n_out = net.n_out();
        let n_acts = net.n_acts();
        // Σ_o c_o y_o from −0 with o ascending (Iterator::sum)
        let mut total = [-0.0; LANES];
        for o in 0..n_out {
            let (c, y) = (&upstream[o], &acts[n_acts - n_out + o]);
            for l in 0..LANES {
                total[l] += c[l] * y[l];
            }
        }
        s.delta[..n_out].copy_from_slice(&upstream[..n_out]);
        let mut end = n_acts;
        for (l, layer) in net.layers.iter().enumerate().rev() {
            let (ni, no) = (layer.n_in, layer.n_out);
            let start = end - no;
            layer.activation.derivatives_from_output_slice(
                acts[start..end].as_flattened(),
                s.f1[..no].as_flattened_mut(),
                s.f2[..no].as_flattened_mut(),
            );
            s.delta[..no]
                .as_flattened_mut()
                .iter_mut()
                .zip(s.f1[..no].as_flattened())
                .for_each(|(d, &f1)| *d *= f1);
            let a_in = if l == 0 { &input[..ni] } else { &acts[start - ni..start] };
            if let Some(g) = grad.as_deref_mut() {
                let delta = s.delta[..no].as_flattened();
                let gw = g[layer.weight_range()].as_flattened_mut();
                for (a, row) in a_in.iter().zip(gw.chunks_exact_mut(no * LANES)) {
                    for (g, d) in row.chunks_exact_mut(LANES).zip(delta.chunks_exact(LANES)) {
                        for c in 0..LANES {
                            g[c] += a[c] * d[c];
                        }
                    }
                }
                g[layer.bias_range()]
                    .as_flattened_mut()
                    .iter_mut()
                    .zip(delta)
                    .for_each(|(g, &dl)| *g += dl);
            }
            if l > 0 || d_input.is_some() {
                transposed(&params[layer.weight_range()], &s.delta[..no], &mut s.delta_in[..ni]);
                std::mem::swap(&mut s.delta, &mut s.delta_in);
            }
            end = start;
        }
        if let Some(d) = d_input {
            d[..net.n_in()].copy_from_slice(&s.delta[..net.n_in()]);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;
    use crate::rng;
    use rand::Rng as _;

    const ACTIVATIONS: [Activation; 4] = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Exp,
        Activation::Identity,
    ];

    /// A network of `sizes` with random parameters (hidden `act`, output `out`),
    /// starting at a non-zero offset of the parameter vector.
    fn random_net(sizes: &[usize], act: Activation, out: Activation, seed: u64) -> (Mlp, Vec<f64>) {
        let offset = 3;
        let net = Mlp::new(sizes, act, out, offset);
        let mut r = rng::stream(seed, 0);
        let p = (0..offset + net.n_params())
            .map(|_| r.random_range(-0.8..0.8))
            .collect();
        (net, p)
    }

    fn gather(v: &[Vec<f64>], n: usize) -> Vec<Lanes> {
        (0..n)
            .map(|u| std::array::from_fn(|w| if w < v.len() { v[w][u] } else { 0.0 }))
            .collect()
    }

    fn assert_lanes(lanes: &[Lanes], one: &[f64], w: usize, what: &str) {
        for (u, v) in one.iter().enumerate() {
            assert_eq!(
                lanes[u][w].to_bits(),
                v.to_bits(),
                "{what}: unit {u}, lane {w}"
            );
        }
    }

    /// Every lane pass gives the one-sample numbers bit for bit: random networks of
    /// several shapes (units not a multiple of 8, 1 or 2 inputs, several layers),
    /// every twice-differentiable activation, full and partial batches.
    #[test]
    fn lanes_equal_one_sample_passes_bit_for_bit() {
        let shapes: [&[usize]; 6] = [
            &[1, 16, 16],
            &[2, 5, 4],
            &[16, 16, 1],
            &[3, 19, 7, 1],
            &[2, 9],
            &[4, 1, 11, 2],
        ];
        let mut seed = 0;
        for sizes in shapes {
            for act in ACTIVATIONS {
                for out_act in [act, Activation::Identity] {
                    for batch in [LANES, 1, 5] {
                        seed += 1;
                        check(sizes, act, out_act, batch, seed);
                    }
                }
            }
        }
    }

    fn check(sizes: &[usize], act: Activation, out_act: Activation, batch: usize, seed: u64) {
        let (net, p) = random_net(sizes, act, out_act, seed);
        let (n_in, n_out, na) = (net.n_in(), net.n_out(), net.n_acts());
        let mut r = rng::stream(seed, 1);
        let mut vec =
            |n: usize, s: f64| -> Vec<f64> { (0..n).map(|_| r.random_range(-s..s)).collect() };
        let inputs: Vec<Vec<f64>> = (0..batch).map(|_| vec(n_in, 1.5)).collect();
        let n_dirs = 3;
        let dirs: Vec<Vec<f64>> = (0..batch).map(|_| vec(n_dirs * n_in, 1.0)).collect();
        let upstream: Vec<Vec<f64>> = (0..batch).map(|_| vec(n_out, 1.0)).collect();
        let n_p = p.len();
        let grad0: Vec<Vec<f64>> = (0..batch).map(|_| vec(n_p, 1.0)).collect();

        let mut sc = net.scratch();
        let mut ls = net.lane_scratch();
        let input_l = gather(&inputs, n_in);
        let mut acts_l = vec![[f64::NAN; LANES]; na];
        net.value_keeping_lanes(&p, &input_l, &mut acts_l);
        let mut acts = vec![vec![0.0; na]; batch];
        for w in 0..batch {
            net.value_keeping(&p, &inputs[w], &mut sc, &mut acts[w]);
            assert_lanes(&acts_l, &acts[w], w, "value");
        }
        // the derivative passes from the kept activations (the lane passes' own)
        for dir in 0..n_in {
            let (mut d1l, mut d2l) = (vec![[0.0; LANES]; n_out], vec![[0.0; LANES]; n_out]);
            net.jet_from_acts_lanes(&p, &acts_l, dir, &mut ls, &mut d1l, &mut d2l);
            let (mut d1, mut d2) = (vec![0.0; n_out], vec![0.0; n_out]);
            for w in 0..batch {
                net.jet_from_acts(&p, &acts[w], dir, &mut sc, &mut d1, &mut d2);
                assert_lanes(&d1l, &d1, w, "jet d1");
                assert_lanes(&d2l, &d2, w, "jet d2");
            }
        }
        for k in [n_dirs, 1, 0] {
            let dirs_l = gather(&dirs, k * n_in);
            let mut curv_l = vec![[0.0; LANES]; k];
            net.curvatures_from_acts_lanes(&p, &acts_l, &dirs_l, &mut ls, &mut curv_l);
            let mut curv = vec![0.0; k];
            for w in 0..batch {
                net.curvatures_from_acts(&p, &acts[w], &dirs[w][..k * n_in], &mut sc, &mut curv);
                assert_lanes(&curv_l, &curv, w, "curvatures");
            }
        }
        let up_l = gather(&upstream, n_out);
        let mut grad_l = gather(&grad0, n_p);
        let mut din_l = vec![[0.0; LANES]; n_in];
        let total_l = net.backprop_from_acts_lanes(
            &p,
            &input_l,
            &acts_l,
            &up_l,
            &mut ls,
            Some(&mut grad_l),
            Some(&mut din_l),
        );
        let mut din_only = vec![[0.0; LANES]; n_in];
        net.backprop_from_acts_lanes(
            &p,
            &input_l,
            &acts_l,
            &up_l,
            &mut ls,
            None,
            Some(&mut din_only),
        );
        let mut grad_only = gather(&grad0, n_p);
        net.backprop_from_acts_lanes(
            &p,
            &input_l,
            &acts_l,
            &up_l,
            &mut ls,
            Some(&mut grad_only),
            None,
        );
        for w in 0..batch {
            let mut grad = grad0[w].clone();
            let mut din = vec![0.0; n_in];
            let total = net.backprop_from_acts(
                &p,
                &inputs[w],
                &acts[w],
                &upstream[w],
                &mut sc,
                Some(&mut grad),
                Some(&mut din),
            );
            assert_eq!(total_l[w].to_bits(), total.to_bits(), "backprop total");
            assert_lanes(&grad_l, &grad, w, "backprop grad");
            assert_lanes(&din_l, &din, w, "backprop d_input");
            assert_lanes(&din_only, &din, w, "backprop d_input without grad");
            assert_lanes(&grad_only, &grad, w, "backprop grad without d_input");
        }
    }
}
