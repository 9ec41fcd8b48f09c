//! Measures the ceiling of evaluating the DeepSets Jastrow's networks for several
//! walkers in lockstep (walkers in SIMD lanes) against one walker at a time: the
//! four passes of a two-electron DeepSets sample (φ 1 → 16 → 16, ρ 16 → 16 → 1,
//! tanh), each for a batch of W walkers with walker w in lane w of every unit:
//!
//! * `value`: φ and ρ value passes keeping the activations (a proposal);
//! * `accept`: φ's jet along q from the kept activations and ∂ρ/∂Φ by ρ's
//!   backpropagation (the derivative terms of an accepted move);
//! * `curv`: ρ's value and second derivatives along d = 2 directions (the local
//!   energy's tr(H G));
//! * `backprop`: ∂J/∂θ through φ and ρ from the kept activations.
//!
//! The batched passes keep each walker's arithmetic in the order of
//! `physml::nn::forward_mode::Mlp` (bias first, inputs in ascending order,
//! separate multiplies and adds), so they must give the same numbers bit for bit:
//! the example checks that before timing. Prints ns per walker per pass, both ways,
//! and the multiply-add rate against a peak loop.
//!     cargo run --release --example neural_jastrow_lockstep_kernel -- [REPEATS]
//! (x86-64 with AVX-512 only: the lanes are AVX-512 registers.)

// Index loops over units mirror the formulas. (The AVX-512 intrinsics need Rust
// 1.89, the crate's minimum.)
#![allow(clippy::needless_range_loop)]
#[cfg(target_arch = "x86_64")]
mod x86 {
    use physml::nn::forward_mode::Mlp;
    use physml::nn::Activation;

    /// A unit's values for the W walkers of a batch.
    type Lanes<const W: usize> = [f64; W];

    /// out[o] = b[o] + Σ_i w[i, o] input[i] (b = 0 if None), per lane, with the sum in
    /// Mlp's order (bias, then i ascending), in AVX-512 registers of 8 lanes (W a
    /// multiple of 8): blocks of 8 outputs keep 8 independent accumulators, so the
    /// adds' latency is hidden. (Left to itself the compiler vectorised across the
    /// block instead, with gathers and scatters.)
    #[inline(always)]
    fn linear<const W: usize>(
        w: &[f64],
        b: Option<&[f64]>,
        ni: usize,
        no: usize,
        input: &[Lanes<W>],
        out: &mut [Lanes<W>],
    ) {
        use std::arch::x86_64::*;
        const OB: usize = 8;
        assert!(W.is_multiple_of(8) && input.len() >= ni && out.len() >= no && w.len() >= ni * no);
        // SAFETY: AVX-512F is enabled in every caller (the avx512! wrapper); loads and
        // stores stay inside `input` and `out` (checked above), 8 lanes at offsets c·8 < W.
        unsafe {
            for c in (0..W).step_by(8) {
                let mut o = 0;
                while o < no {
                    let nb = OB.min(no - o);
                    let mut acc = [_mm512_setzero_pd(); OB];
                    if let Some(b) = b {
                        for t in 0..nb {
                            acc[t] = _mm512_set1_pd(b[o + t]);
                        }
                    }
                    for i in 0..ni {
                        let a = _mm512_loadu_pd(input[i].as_ptr().add(c));
                        let row = w.as_ptr().add(i * no + o);
                        if nb == OB {
                            for t in 0..OB {
                                acc[t] = _mm512_add_pd(
                                    acc[t],
                                    _mm512_mul_pd(_mm512_set1_pd(*row.add(t)), a),
                                );
                            }
                        } else {
                            for t in 0..nb {
                                acc[t] = _mm512_add_pd(
                                    acc[t],
                                    _mm512_mul_pd(_mm512_set1_pd(*row.add(t)), a),
                                );
                            }
                        }
                    }
                    for t in 0..nb {
                        _mm512_storeu_pd(out[o + t].as_mut_ptr().add(c), acc[t]);
                    }
                    o += nb;
                }
            }
        }
    }

    /// a' = f' z', a'' = f'' z'² + f' z'' elementwise (Mlp's chain rule).
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

    /// g[o] += a · δ[o] per lane (a weight row of ∂/∂W).
    #[inline(always)]
    fn outer_row<const W: usize>(a: &Lanes<W>, delta: &[Lanes<W>], g: &mut [Lanes<W>]) {
        use std::arch::x86_64::*;
        assert!(W.is_multiple_of(8) && g.len() >= delta.len());
        // SAFETY: AVX-512F enabled by the callers; 8-lane loads and stores inside the rows.
        unsafe {
            for c in (0..W).step_by(8) {
                let av = _mm512_loadu_pd(a.as_ptr().add(c));
                for (o, d) in delta.iter().enumerate() {
                    let p = g[o].as_mut_ptr().add(c);
                    let dv = _mm512_loadu_pd(d.as_ptr().add(c));
                    _mm512_storeu_pd(p, _mm512_add_pd(_mm512_loadu_pd(p), _mm512_mul_pd(av, dv)));
                }
            }
        }
    }

    /// out[i] = Σ_o w[i, o] δ[o] per lane, from −0 with o ascending (Mlp's sum).
    #[inline(always)]
    fn transposed<const W: usize>(
        w: &[f64],
        ni: usize,
        no: usize,
        delta: &[Lanes<W>],
        out: &mut [Lanes<W>],
    ) {
        use std::arch::x86_64::*;
        assert!(W.is_multiple_of(8) && delta.len() >= no && out.len() >= ni && w.len() >= ni * no);
        // SAFETY: as outer_row.
        unsafe {
            for c in (0..W).step_by(8) {
                let mut i = 0;
                while i < ni {
                    let nb = 8.min(ni - i);
                    let mut acc = [_mm512_set1_pd(-0.0); 8];
                    for o in 0..no {
                        let dv = _mm512_loadu_pd(delta[o].as_ptr().add(c));
                        for t in 0..nb {
                            let wv = _mm512_set1_pd(*w.get_unchecked((i + t) * no + o));
                            acc[t] = _mm512_add_pd(acc[t], _mm512_mul_pd(wv, dv));
                        }
                    }
                    for t in 0..nb {
                        _mm512_storeu_pd(out[i + t].as_mut_ptr().add(c), acc[t]);
                    }
                    i += nb;
                }
            }
        }
    }

    /// Batched buffers for one network.
    struct Batch<const W: usize> {
        /// every layer's outputs, layer by layer (Mlp::n_acts units)
        acts: Vec<Lanes<W>>,
        z1: Vec<Lanes<W>>,
        z2: Vec<Lanes<W>>,
        d1: Vec<Lanes<W>>,
        d2: Vec<Lanes<W>>,
        f1: Vec<Lanes<W>>,
        f2: Vec<Lanes<W>>,
        delta: Vec<Lanes<W>>,
        delta_in: Vec<Lanes<W>>,
        /// per direction k: a', a'' of each unit at [k · width + o]
        da1: Vec<Lanes<W>>,
        da2: Vec<Lanes<W>>,
        dz1: Vec<Lanes<W>>,
        dz2: Vec<Lanes<W>>,
        z: Vec<Lanes<W>>,
        a: Vec<Lanes<W>>,
        width: usize,
    }

    impl<const W: usize> Batch<W> {
        fn new(net: &Mlp, n_dirs: usize) -> Self {
            let width = net
                .layers()
                .iter()
                .map(|l| l.n_in.max(l.n_out))
                .max()
                .unwrap();
            let z = || vec![[0.0; W]; width];
            let zd = || vec![[0.0; W]; width * n_dirs.max(1)];
            Batch {
                acts: vec![[0.0; W]; net.n_acts()],
                z1: z(),
                z2: z(),
                d1: z(),
                d2: z(),
                f1: z(),
                f2: z(),
                delta: z(),
                delta_in: z(),
                da1: zd(),
                da2: zd(),
                dz1: zd(),
                dz2: zd(),
                z: z(),
                a: z(),
                width,
            }
        }
    }

    macro_rules! avx512 {
        ($($(#[$attr:meta])* fn $name:ident<const W: usize>($($arg:ident: $ty:ty),* $(,)?) $body:block)*) => {$(
            $(#[$attr])*
            #[inline(never)]
            fn $name<const W: usize>($($arg: $ty),*) {
                #[inline(always)]
                fn portable<const W: usize>($($arg: $ty),*) $body
                #[target_feature(enable = "avx512f,avx512dq")]
                unsafe fn wide<const W: usize>($($arg: $ty),*) { portable::<W>($($arg),*) }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has AVX-512F (DQ on every CPU with F this runs on).
                    unsafe { wide::<W>($($arg),*) }
                } else {
                    portable::<W>($($arg),*)
                }
            }
        )*};
    }

    avx512! {
        /// Value pass keeping every layer's outputs (Mlp::value_keeping per lane).
        fn value_batch<const W: usize>(net: &Mlp, p: &[f64], input: &[Lanes<W>], bt: &mut Batch<W>) {
            let mut off = 0;
            for (l, layer) in net.layers().iter().enumerate() {
                let (ni, no) = (layer.n_in, layer.n_out);
                let (done, rest) = bt.acts.split_at_mut(off);
                let inp = if l == 0 { &input[..ni] } else { &done[off - ni..] };
                let out = &mut rest[..no];
                linear(&p[layer.weight_range()], Some(&p[layer.bias_range()]), ni, no, inp, out);
                layer.activation.apply_in_place(out.as_flattened_mut());
                off += no;
            }
        }

        /// Mlp::jet_from_acts along input `dir` per lane: d1, d2 of the outputs end in bt.d1, bt.d2.
        fn jet_batch<const W: usize>(net: &Mlp, p: &[f64], bt: &mut Batch<W>, dir: usize) {
            let n_in = net.n_in();
            for i in 0..n_in {
                bt.d1[i] = [if i == dir { 1.0 } else { 0.0 }; W];
                bt.d2[i] = [0.0; W];
            }
            let mut off = 0;
            for layer in net.layers() {
                let (ni, no) = (layer.n_in, layer.n_out);
                let w = &p[layer.weight_range()];
                linear(w, None, ni, no, &bt.d1[..ni], &mut bt.z1[..no]);
                linear(w, None, ni, no, &bt.d2[..ni], &mut bt.z2[..no]);
                layer.activation.derivatives_from_output_slice(
                    bt.acts[off..off + no].as_flattened(),
                    bt.f1[..no].as_flattened_mut(),
                    bt.f2[..no].as_flattened_mut(),
                );
                chain_rule(
                    bt.f1[..no].as_flattened(),
                    bt.f2[..no].as_flattened(),
                    bt.z1[..no].as_flattened(),
                    bt.z2[..no].as_flattened(),
                    bt.d1[..no].as_flattened_mut(),
                    bt.d2[..no].as_flattened_mut(),
                );
                off += no;
            }
        }

        /// Mlp::backprop_from_acts per lane: upstream c (n_out units) → ∂/∂θ into
        /// `grad` (P units at the network's offsets, when non-empty) and ∂/∂input into
        /// bt.delta[..n_in] (when `d_input`).
        fn backprop_batch<const W: usize>(
            net: &Mlp,
            p: &[f64],
            input: &[Lanes<W>],
            upstream: &[Lanes<W>],
            bt: &mut Batch<W>,
            grad: &mut [Lanes<W>],
            d_input: bool
        ) {
            let n_out = net.n_out();
            bt.delta[..n_out].copy_from_slice(&upstream[..n_out]);
            let layers = net.layers();
            let mut ends = Vec::with_capacity(layers.len());
            let mut off = 0;
            for layer in layers {
                off += layer.n_out;
                ends.push(off);
            }
            for (l, layer) in layers.iter().enumerate().rev() {
                let (ni, no) = (layer.n_in, layer.n_out);
                let end = ends[l];
                layer.activation.derivatives_from_output_slice(
                    bt.acts[end - no..end].as_flattened(),
                    bt.f1[..no].as_flattened_mut(),
                    bt.f2[..no].as_flattened_mut(),
                );
                bt.delta[..no]
                    .as_flattened_mut()
                    .iter_mut()
                    .zip(bt.f1[..no].as_flattened())
                    .for_each(|(d, f)| *d *= f);
                let a_in: &[Lanes<W>] = if l == 0 { &input[..ni] } else { &bt.acts[end - no - ni..end - no] };
                if !grad.is_empty() {
                    let wr = layer.weight_range();
                    let gw = &mut grad[wr];
                    for i in 0..ni {
                        outer_row(&a_in[i], &bt.delta[..no], &mut gw[i * no..(i + 1) * no]);
                    }
                    let gb = &mut grad[layer.bias_range()];
                    gb.as_flattened_mut()
                        .iter_mut()
                        .zip(bt.delta[..no].as_flattened())
                        .for_each(|(g, d)| *g += d);
                }
                if l > 0 || d_input {
                    let w = &p[layer.weight_range()];
                    transposed(w, ni, no, &bt.delta[..no], &mut bt.delta_in[..ni]);
                    std::mem::swap(&mut bt.delta, &mut bt.delta_in);
                }
            }
        }

        /// Mlp::curvatures per lane: output 0 in out[0] lanes... out[1 + k] = u_kᵀ H u_k.
        fn curv_batch<const W: usize>(
            net: &Mlp,
            p: &[f64],
            input: &[Lanes<W>],
            dirs: &[Lanes<W>],
            n_dirs: usize,
            bt: &mut Batch<W>,
            out: &mut [Lanes<W>]
        ) {
            let (n_in, w) = (net.n_in(), bt.width);
            bt.a[..n_in].copy_from_slice(&input[..n_in]);
            for k in 0..n_dirs {
                bt.da1[k * w..k * w + n_in].copy_from_slice(&dirs[k * n_in..(k + 1) * n_in]);
            }
            for (l, layer) in net.layers().iter().enumerate() {
                let (ni, no) = (layer.n_in, layer.n_out);
                let wts = &p[layer.weight_range()];
                linear(wts, Some(&p[layer.bias_range()]), ni, no, &bt.a[..ni], &mut bt.z[..no]);
                for k in 0..n_dirs {
                    let (lo, hi) = (k * w, k * w + no);
                    linear(wts, None, ni, no, &bt.da1[lo..lo + ni], &mut bt.dz1[lo..hi]);
                    if l == 0 {
                        bt.dz2[lo..hi].fill([0.0; W]);
                    } else {
                        linear(wts, None, ni, no, &bt.da2[lo..lo + ni], &mut bt.dz2[lo..hi]);
                    }
                }
                layer.activation.second_order_slice(
                    bt.z[..no].as_flattened(),
                    bt.a[..no].as_flattened_mut(),
                    bt.f1[..no].as_flattened_mut(),
                    bt.f2[..no].as_flattened_mut(),
                );
                for k in 0..n_dirs {
                    let at = k * w..k * w + no;
                    chain_rule(
                        bt.f1[..no].as_flattened(),
                        bt.f2[..no].as_flattened(),
                        bt.dz1[at.clone()].as_flattened(),
                        bt.dz2[at.clone()].as_flattened(),
                        bt.da1[at.clone()].as_flattened_mut(),
                        bt.da2[at].as_flattened_mut(),
                    );
                }
            }
            out[0] = bt.a[0];
            for k in 0..n_dirs {
                out[1 + k] = bt.da2[k * w];
            }
        }
    }

    /// A peak loop: 16 independent 8-lane vectors, separate multiply and add (as the
    /// kernels), `n` rounds; returns a value to keep the work.
    #[inline(never)]
    fn peak(n: usize, x: f64) -> f64 {
        use std::arch::x86_64::*;
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(n: usize, x: f64) -> f64 {
            let mut acc = [_mm512_set1_pd(x); 16];
            let m = _mm512_set1_pd(std::hint::black_box(0.999_999));
            let c = _mm512_set1_pd(std::hint::black_box(1e-9));
            for _ in 0..n {
                for a in acc.iter_mut() {
                    *a = _mm512_add_pd(_mm512_mul_pd(*a, m), c);
                }
            }
            let mut out = [0.0; 8];
            for a in acc {
                _mm512_storeu_pd(out.as_mut_ptr(), a);
            }
            out.iter().sum()
        }
        // SAFETY: run only on a CPU with AVX-512F (checked in main).
        unsafe { wide(n, x) }
    }

    fn lanes<const W: usize>(v: &[Vec<f64>], unit: usize) -> Lanes<W> {
        std::array::from_fn(|l| v[l][unit])
    }

    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, t: *mut Timespec) -> i32;
    }

    /// This thread's CPU seconds (the machine is shared: wall time would count the
    /// other processes' turns).
    fn cpu_seconds() -> f64 {
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut t = Timespec { sec: 0, nsec: 0 };
        // SAFETY: a valid clock id and a pointer to a live timespec.
        unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
        t.sec as f64 + t.nsec as f64 * 1e-9
    }

    /// One pass's timing: (per-walker ns, batched ns) per walker.
    fn time<F: FnMut(), G: FnMut()>(reps: usize, w: usize, mut one: F, mut batch: G) -> (f64, f64) {
        let mut best = (f64::INFINITY, f64::INFINITY);
        for _ in 0..5 {
            let t = cpu_seconds();
            for _ in 0..reps {
                one();
            }
            best.0 = best.0.min((cpu_seconds() - t) / (reps * w) as f64 * 1e9);
            let t = cpu_seconds();
            for _ in 0..reps {
                batch();
            }
            best.1 = best.1.min((cpu_seconds() - t) / (reps * w) as f64 * 1e9);
        }
        best
    }

    fn run<const W: usize>(reps: usize) {
        use rand::{Rng, SeedableRng};
        let tanh = Activation::Tanh;
        let phi = Mlp::new(&[1, 16, 16], tanh, tanh, 0);
        let rho = Mlp::new(&[16, 16, 1], tanh, Activation::Identity, phi.n_params());
        let n_params = phi.n_params() + rho.n_params();
        let mut r = rand::rngs::StdRng::seed_from_u64(7);
        let params: Vec<f64> = (0..n_params).map(|_| r.random_range(-0.5..0.5)).collect();
        let (na_phi, na_rho, l) = (phi.n_acts(), rho.n_acts(), phi.n_out());
        let mut sp = phi.scratch();
        let mut sr = rho.scratch();

        // per-walker inputs: q and the directions; Φ = φ(q) (one pair)
        let q: Vec<f64> = (0..W).map(|_| r.random_range(0.0..3.0)).collect();
        let dirs: Vec<Vec<f64>> = (0..W)
            .map(|_| (0..2 * l).map(|_| r.random_range(-0.3..0.3)).collect())
            .collect();
        let mut acts_phi = vec![vec![0.0; na_phi]; W];
        let mut acts_rho = vec![vec![0.0; na_rho]; W];
        let mut phi_out = vec![vec![0.0; l]; W];
        let mut drho = vec![vec![0.0; l]; W];
        for w in 0..W {
            phi.value_keeping(&params, &[q[w]], &mut sp, &mut acts_phi[w]);
            phi_out[w].copy_from_slice(&acts_phi[w][na_phi - l..]);
            rho.value_keeping(&params, &phi_out[w], &mut sr, &mut acts_rho[w]);
            rho.backprop_from_acts(
                &params,
                &phi_out[w],
                &acts_rho[w],
                &[1.0],
                &mut sr,
                None,
                Some(&mut drho[w]),
            );
        }

        // batched copies
        let qb: Vec<Lanes<W>> = vec![std::array::from_fn(|w| q[w])];
        let phib: Vec<Lanes<W>> = (0..l).map(|u| lanes(&phi_out, u)).collect();
        let drhob: Vec<Lanes<W>> = (0..l).map(|u| lanes(&drho, u)).collect();
        let dirsb: Vec<Lanes<W>> = (0..2 * l).map(|u| lanes(&dirs, u)).collect();
        let one: Vec<Lanes<W>> = vec![[1.0; W]];
        let mut bphi = Batch::<W>::new(&phi, 1);
        let mut brho = Batch::<W>::new(&rho, 2);
        let mut gradb = vec![[0.0; W]; n_params];
        let mut curvb = vec![[0.0; W]; 3];

        // ---- equality checks (bit for bit) ----
        value_batch(&phi, &params, &qb, &mut bphi);
        value_batch(&rho, &params, &phib, &mut brho);
        for w in 0..W {
            for u in 0..na_phi {
                assert_eq!(
                    bphi.acts[u][w].to_bits(),
                    acts_phi[w][u].to_bits(),
                    "phi value"
                );
            }
            for u in 0..na_rho {
                assert_eq!(
                    brho.acts[u][w].to_bits(),
                    acts_rho[w][u].to_bits(),
                    "rho value"
                );
            }
        }
        jet_batch(&phi, &params, &mut bphi, 0);
        backprop_batch(&rho, &params, &phib, &one, &mut brho, &mut [], true);
        let (mut d1, mut d2) = (vec![0.0; l], vec![0.0; l]);
        for w in 0..W {
            phi.jet_from_acts(&params, &acts_phi[w], 0, &mut sp, &mut d1, &mut d2);
            for u in 0..l {
                assert_eq!(bphi.d1[u][w], d1[u], "jet d1");
                assert_eq!(bphi.d2[u][w], d2[u], "jet d2");
                assert_eq!(brho.delta[u][w], drho[w][u], "drho");
            }
        }
        curv_batch(&rho, &params, &phib, &dirsb, 2, &mut brho, &mut curvb);
        let mut curv = [0.0; 2];
        for w in 0..W {
            let y = rho.curvatures(&params, &phi_out[w], &dirs[w], &mut sr, &mut curv);
            assert_eq!(curvb[0][w], y, "curv value");
            assert_eq!(curvb[1][w], curv[0], "curv 0");
            assert_eq!(curvb[2][w], curv[1], "curv 1");
        }
        let mut grad = vec![0.0; n_params];
        value_batch(&rho, &params, &phib, &mut brho);
        backprop_batch(&phi, &params, &qb, &drhob, &mut bphi, &mut gradb, false);
        backprop_batch(&rho, &params, &phib, &one, &mut brho, &mut gradb, false);
        for w in 0..W {
            grad.fill(0.0);
            phi.backprop_from_acts(
                &params,
                &[q[w]],
                &acts_phi[w],
                &drho[w],
                &mut sp,
                Some(&mut grad),
                None,
            );
            rho.backprop_from_acts(
                &params,
                &phi_out[w],
                &acts_rho[w],
                &[1.0],
                &mut sr,
                Some(&mut grad),
                None,
            );
            for i in 0..n_params {
                assert_eq!(gradb[i][w], grad[i], "grad {i}");
            }
        }
        println!("W = {W}: batched passes equal the per-walker ones bit for bit");

        // ---- timings ----
        // multiply-adds per walker per pass (weights touched)
        let (mp, mr) = (16 + 256, 256 + 16);
        let macs = [
            ("value (φ + ρ)", mp + mr),
            ("accept (φ jet + ∂ρ/∂Φ)", 2 * mp + mr),
            ("curv (ρ, 2 directions)", mr + 2 * mr + 2 * 16),
            ("backprop ∂J/∂θ (φ + ρ)", (mp + 256) + (mr + mr)),
        ];
        let mut results = Vec::new();
        let mut acts1 = vec![0.0; na_phi];
        let mut acts2 = vec![0.0; na_rho];
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    phi.value_keeping(&params, &[q[w]], &mut sp, &mut acts1);
                    rho.value_keeping(&params, &acts1[na_phi - l..], &mut sr, &mut acts2);
                }
                std::hint::black_box(&acts2);
            },
            || {
                value_batch(&phi, &params, &qb, &mut bphi);
                let (a, _) = bphi.acts.split_at(na_phi);
                value_batch(&rho, &params, &a[na_phi - l..], &mut brho);
                std::hint::black_box(&brho.acts);
            },
        ));
        let mut dr = vec![0.0; l];
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    phi.jet_from_acts(&params, &acts_phi[w], 0, &mut sp, &mut d1, &mut d2);
                    rho.backprop_from_acts(
                        &params,
                        &phi_out[w],
                        &acts_rho[w],
                        &[1.0],
                        &mut sr,
                        None,
                        Some(&mut dr),
                    );
                }
                std::hint::black_box((&d1, &d2, &dr));
            },
            || {
                jet_batch(&phi, &params, &mut bphi, 0);
                backprop_batch(&rho, &params, &phib, &one, &mut brho, &mut [], true);
                std::hint::black_box(&bphi.d2);
            },
        ));
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    let y = rho.curvatures(&params, &phi_out[w], &dirs[w], &mut sr, &mut curv);
                    std::hint::black_box(y);
                }
            },
            || {
                curv_batch(&rho, &params, &phib, &dirsb, 2, &mut brho, &mut curvb);
                std::hint::black_box(&curvb);
            },
        ));
        value_batch(&phi, &params, &qb, &mut bphi);
        value_batch(&rho, &params, &phib, &mut brho);
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    grad.fill(0.0);
                    phi.backprop_from_acts(
                        &params,
                        &[q[w]],
                        &acts_phi[w],
                        &drho[w],
                        &mut sp,
                        Some(&mut grad),
                        None,
                    );
                    rho.backprop_from_acts(
                        &params,
                        &phi_out[w],
                        &acts_rho[w],
                        &[1.0],
                        &mut sr,
                        Some(&mut grad),
                        None,
                    );
                    std::hint::black_box(&grad);
                }
            },
            || {
                gradb.fill([0.0; W]);
                backprop_batch(&phi, &params, &qb, &drhob, &mut bphi, &mut gradb, false);
                backprop_batch(&rho, &params, &phib, &one, &mut brho, &mut gradb, false);
                std::hint::black_box(&gradb);
            },
        ));
        let mut zt: Vec<f64> = (0..48 * W).map(|i| (i as f64 * 0.37).sin()).collect();
        let t = cpu_seconds();
        for _ in 0..reps {
            Activation::Tanh.apply_in_place(std::hint::black_box(&mut zt));
        }
        println!(
            "tanh (physml's vectorised one) on 48·{W} values: {:.1} ns per walker (48 tanh)",
            (cpu_seconds() - t) / (reps * W) as f64 * 1e9
        );
        let t = cpu_seconds();
        let n_peak = reps * 200;
        std::hint::black_box(peak(n_peak, 1.0));
        let peak_macs = (n_peak * 16 * 8) as f64 / (cpu_seconds() - t);
        println!("peak loop (separate mul + add, 16 independent 8-lane vectors): {:.1} G multiply-adds/s", peak_macs / 1e9);
        println!(
            "{:<28} {:>8} {:>12} {:>12} {:>8} {:>14}",
            "pass", "MACs", "per-walker", "batched", "gain", "batched G MAC/s"
        );
        let mut tot = (0.0, 0.0);
        for ((name, m), (a, b)) in macs.iter().zip(&results) {
            println!(
                "{name:<28} {m:>8} {:>9.1} ns {:>9.1} ns {:>7.2}× {:>10.2} ({:.0} % of peak loop)",
                a,
                b,
                a / b,
                *m as f64 / b,
                100.0 * (*m as f64 / b) / (peak_macs / 1e9)
            );
            tot.0 += a;
            tot.1 += b;
        }
        // a sample: 2 proposals, derivative terms in 92 % of sweeps, one curvature, one backprop
        let sample = |v: &[(f64, f64)], k: usize| -> f64 {
            let g = |i: usize| if k == 0 { v[i].0 } else { v[i].1 };
            2.0 * g(0) + 0.92 * g(1) + g(2) + g(3)
        };
        println!(
            "network passes per sample (2 value + 0.92 accept + curv + backprop): per-walker {:.0} ns, batched {:.0} ns ({:.2}×)",
            sample(&results, 0),
            sample(&results, 1),
            sample(&results, 0) / sample(&results, 1)
        );
    }

    pub fn main() {
        let reps: usize = std::env::args()
            .nth(1)
            .map_or(20_000, |s| s.parse().unwrap());
        assert!(
            std::arch::is_x86_feature_detected!("avx512f"),
            "this measurement is written for AVX-512"
        );
        run::<8>(reps);
        run::<16>(reps / 2);
    }
}

fn main() {
    #[cfg(target_arch = "x86_64")]
    x86::main();
    #[cfg(not(target_arch = "x86_64"))]
    eprintln!("this measurement is written for x86-64 with AVX-512");
}
