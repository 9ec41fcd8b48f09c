//! A lower bound on the CPU time per sample of the neural-Jastrow VMC of
//! benchmarks/bench_neural_jastrow.py's NetKet comparison (two electrons in 2-D,
//! Gaussian × DeepSets NeuralJastrow (φ: q(r) → 16 → 16 tanh; ρ: 16 → 16 tanh → 1
//! linear) × Padé–Jastrow; 4096 samples per iteration, one sample = one sweep of two
//! single-particle Metropolis moves + the local energy + ∂ ln Ψ/∂θ + the sums of O and
//! E·O), from the network arithmetic alone, on one core:
//!
//! 1. the peak multiply-add rate of the core, (a) fused (FMA intrinsics, AVX-512 or
//!    AVX2) and (b) a separate multiply then add, as physml's kernels compute (Rust
//!    does not contract a · b + c, and every SIMD path must give the same numbers):
//!    (b) is the relevant peak;
//! 2. the throughput of physml's tanh ([`Activation::apply_in_place`]);
//! 3. the multiply-adds and tanh evaluations per sample of physml's algorithm
//!    (counted term by term in [`terms`] from the layer sizes, following
//!    `src/vmc/wavefunction/neural_jastrow/` and `src/nn/forward_mode.rs`);
//! 4. the resulting time per sample and per iteration if every multiply-add ran at
//!    the peak and every tanh at the measured rate, and the best possible speed-up
//!    against NetKet's CPU time per iteration.
//!
//! The bound leaves out everything but the networks and the O sums (random numbers,
//! the Gaussian, Padé and Coulomb terms, the Adam step, Python): it is a floor, not
//! an estimate.
//!     cargo run --release --example neural_jastrow_limit -- [NETKET_MS] [PHYSML_MS] [--spin]
//! NETKET_MS: NetKet's CPU milliseconds per iteration (default 13.4); PHYSML_MS
//! (optional): physml's, to print how far it is from the bound; `--spin`: count φ
//! with the spin input (2 inputs; the benchmark uses `spin_dependent=False`, 1).
//! Times are this thread's CPU time (the machine may be shared), best of 5 runs of
//! at least 0.2 s each.

use physml::nn::Activation;
use physml::vmc::*;
use std::hint::black_box;

#[path = "common/cpu_time.rs"]
mod cpu_time;
use cpu_time::cpu_seconds;

/// The best rate (`work(n)` does `per_round · n` operations) over 5 runs of at least
/// 0.2 s each (n doubled from 1024 until one run takes 0.2 s).
fn best_rate(per_round: f64, mut work: impl FnMut(u64)) -> f64 {
    let mut n = 1024u64;
    loop {
        let t = cpu_seconds();
        work(n);
        if cpu_seconds() - t >= 0.2 {
            break;
        }
        n *= 2;
    }
    (0..5)
        .map(|_| {
            let t = cpu_seconds();
            work(n);
            per_round * n as f64 / (cpu_seconds() - t)
        })
        .fold(0.0, f64::max)
}

/// Peak loops: K independent vector accumulators a_k ← a_k · m + c (fused or a
/// multiply then an add), n rounds. The accumulators start at different values (equal
/// ones would be merged into one chain by the compiler) and are all summed into the
/// result (an accumulator whose value is not used would be removed); the inputs and
/// the result pass through `black_box` at the call. a → c / (1 − m) = 1e-3: no
/// overflow, no subnormals.
#[cfg(target_arch = "x86_64")]
mod peak {
    use std::arch::x86_64::*;

    /// Accumulators of the AVX-512 loops (of 32 registers): latency × throughput is
    /// 4 × 2 = 8 for an FMA, (3 + 3) × 2 = 12 for a multiply then an add on Zen 4/5.
    pub const K512: usize = 16;
    /// Accumulators of the AVX2 loops (of 16 registers, two hold m and c).
    pub const K256: usize = 12;

    macro_rules! peak_loop {
        ($name:ident, $feat:literal, $k:expr, $v:ty, $set1:ident, $store:ident, $lanes:expr,
         |$a:ident, $m:ident, $c:ident| $step:expr) => {
            #[target_feature(enable = $feat)]
            pub unsafe fn $name(n: u64, x: f64, m: f64, c: f64) -> f64 {
                let mut acc: [$v; $k] = [$set1(0.0); $k];
                for (k, a) in acc.iter_mut().enumerate() {
                    *a = $set1(x + k as f64);
                }
                let ($m, $c) = ($set1(m), $set1(c));
                for _ in 0..n {
                    for $a in acc.iter_mut() {
                        *$a = $step;
                    }
                }
                let mut out = [0.0; $lanes];
                let mut sum = 0.0;
                for a in acc {
                    // SAFETY: `out` holds a full vector.
                    unsafe { $store(out.as_mut_ptr(), a) };
                    sum += out.iter().sum::<f64>();
                }
                sum
            }
        };
    }

    peak_loop!(
        fma512,
        "avx512f",
        K512,
        __m512d,
        _mm512_set1_pd,
        _mm512_storeu_pd,
        8,
        |a, m, c| _mm512_fmadd_pd(*a, m, c)
    );
    peak_loop!(
        mul_add512,
        "avx512f",
        K512,
        __m512d,
        _mm512_set1_pd,
        _mm512_storeu_pd,
        8,
        |a, m, c| _mm512_add_pd(_mm512_mul_pd(*a, m), c)
    );
    peak_loop!(
        fma256,
        "avx2,fma",
        K256,
        __m256d,
        _mm256_set1_pd,
        _mm256_storeu_pd,
        4,
        |a, m, c| _mm256_fmadd_pd(*a, m, c)
    );
    peak_loop!(
        mul_add256,
        "avx2",
        K256,
        __m256d,
        _mm256_set1_pd,
        _mm256_storeu_pd,
        4,
        |a, m, c| _mm256_add_pd(_mm256_mul_pd(*a, m), c)
    );

    /// (fused, separate) peak multiply-adds per second of one core, and a label.
    pub fn rates() -> Option<(f64, f64, &'static str)> {
        use std::hint::black_box;
        let run = |f: unsafe fn(u64, f64, f64, f64) -> f64, per_round: usize| {
            super::best_rate(per_round as f64, |n| {
                let (x, m, c) = black_box((1.0, 0.999_999, 1e-9));
                // SAFETY: called only after the feature check below.
                black_box(unsafe { f(black_box(n), x, m, c) });
            })
        };
        if is_x86_feature_detected!("avx512f") {
            Some((
                run(fma512, K512 * 8),
                run(mul_add512, K512 * 8),
                "AVX-512, 16 × 8 lanes",
            ))
        } else if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            Some((
                run(fma256, K256 * 4),
                run(mul_add256, K256 * 4),
                "AVX2, 12 × 4 lanes",
            ))
        } else {
            None
        }
    }
}

/// physml's tanh: ns per element on a long slice (2048 values in [−3, 3], in L1; one
/// call per slice) and on slices of 16 (one call per layer of 16 units, as the
/// network passes call it). Each run copies fresh inputs in; the copy's time, timed
/// alone, is subtracted.
fn tanh_ns() -> (f64, f64) {
    const N: usize = 2048;
    let src: Vec<f64> = (0..N).map(|i| 3.0 * (i as f64 * 0.37).sin()).collect();
    let mut buf = src.clone();
    let rate = |buf: &mut Vec<f64>, apply: &dyn Fn(&mut [f64])| {
        best_rate(N as f64, |n| {
            for _ in 0..n {
                buf.copy_from_slice(black_box(&src));
                apply(black_box(&mut buf[..]));
                black_box(&buf);
            }
        })
    };
    let copy = 1e9 / rate(&mut buf, &|_| {});
    let long = 1e9 / rate(&mut buf, &|v| Activation::Tanh.apply_in_place(v));
    let short = 1e9
        / rate(&mut buf, &|v| {
            v.chunks_exact_mut(16)
                .for_each(|c| Activation::Tanh.apply_in_place(c))
        });
    (long - copy, short - copy)
}

/// The network sizes of the benchmark's DeepSets Jastrow and the sampling figures
/// that set how often each pass runs.
struct Shape {
    /// φ's inputs (q; and the spin with `spin_dependent`), hidden units, outputs L.
    n_in: usize,
    h: usize,
    l: usize,
    /// ρ's hidden units (then one linear output).
    r: usize,
    /// Dimensions; particles are 2 (one pair).
    d: usize,
    /// Variational parameters of the whole product (the O sums).
    n_params: usize,
    /// Fraction of accepted moves, and of sweeps with at least one (the derivative
    /// terms of the pair and ∂ρ/∂Φ are computed once per such sweep).
    accept_move: f64,
    accept_sweep: f64,
}

/// One term of a sample's work: `per_sample` occurrences of `macs` multiply-adds
/// (products of a weight, or of two per-unit values accumulated into a sum), `tanh`
/// tanh evaluations, and `mul`, `add` other (elementwise) multiplies and adds.
struct Term {
    what: &'static str,
    per_sample: f64,
    macs: usize,
    tanh: usize,
    mul: usize,
    add: usize,
}

/// The work per sample, term by term (N = 2 particles: one pair, so every
/// per-pair pass runs once per move and the pair sums are over one pair). Per-unit
/// costs of a tanh layer from its outputs a (`derivatives_from_output_slice`):
/// f' = 1 − a², f'' = −2 a f' (3 multiplies, 1 add); the forward-mode chain rule
/// per unit and direction: a' = f' z', a'' = f'' z'² + f' z'' (4 multiplies, 1 add).
/// Scalar work of O(1) per pass (a handful of operations) is left out.
fn terms(s: &Shape) -> Vec<Term> {
    let Shape {
        n_in: n,
        h,
        l,
        r,
        d,
        ..
    } = *s;
    let (deriv_mul, deriv_add) = (3, 1);
    let (chain_mul, chain_add) = (4, 1);
    let f = s.accept_sweep;
    vec![
        // ---- each of the 2 proposals (NeuralJastrow::propose): values only ----
        Term {
            what: "propose: φ value pass (value_keeping)",
            per_sample: 2.0,
            macs: n * h + h * l, // z = b + Σ_i W_io a_i, both layers
            tanh: h + l,         // both φ layers are tanh
            mul: 0,
            add: 0,
        },
        Term {
            what: "propose: Φ += φ(new) − φ(old)",
            per_sample: 2.0,
            macs: 0,
            tanh: 0,
            mul: 0,
            add: 2 * l,
        },
        Term {
            what: "propose: ρ value pass (value_keeping)",
            per_sample: 2.0,
            macs: l * r + r, // 16 → 16, then 16 → 1
            tanh: r,         // the output is linear
            mul: 0,
            add: 0,
        },
        // ---- once per sweep with an accepted move (finish_moves) ----
        Term {
            what: "accepted: φ jet along q (jet_from_acts)",
            per_sample: f,
            // z' and z'' for every weight (the first layer's z'' sums zeros, computed)
            macs: 2 * (n * h + h * l),
            tanh: 0, // f', f'' from the kept outputs
            mul: (deriv_mul + chain_mul) * (h + l),
            add: (deriv_add + chain_add) * (h + l),
        },
        Term {
            what: "accepted: F, Λ of the pair (pair_derivatives)",
            per_sample: f,
            macs: 0,
            tanh: 0,
            // F = φ' q'/r (1 multiply); Λ = φ'' q'² + φ' q'' + (d−1) φ' q'/r (5, 2 adds)
            mul: 6 * l,
            add: 2 * l,
        },
        Term {
            what: "accepted: ∂ρ/∂Φ (backprop_from_acts, d_input)",
            per_sample: f,
            // output value Σ c y (1); δ through W₂ (R products); W₁ δ (L · R)
            macs: 1 + r + l * r,
            tanh: 0,
            // f', f'' of the tanh layer; δ ← δ f' (R + 1)
            mul: deriv_mul * r + (r + 1),
            add: deriv_add * r,
        },
        // ---- local energy (gradient_laplacian, two-particle shortcut) ----
        Term {
            what: "E_L: pair sums (accumulate_pairs, k = 0, 1)",
            per_sample: 1.0,
            // per particle: v_kc += F Δx_c (d · L), ∇_kc J = ρ_l · v_kc (d · L)
            macs: 2 * (2 * d * l),
            tanh: 0,
            // per particle: Σ Λ (L adds), Δx_c (d subtractions)
            mul: 0,
            add: 2 * (l + d),
        },
        Term {
            what: "E_L: ρ_l · Σ Λ_l, and the directions √2 v_1c",
            per_sample: 1.0,
            macs: l,
            tanh: 0,
            mul: d * l,
            add: 0,
        },
        Term {
            what: "E_L: tr(H G), ρ's curvatures along d directions",
            per_sample: 1.0,
            // per direction: z' through W₁ (L · R; z'' = 0 at the inputs), z' and
            // z'' through W₂ (2 R)
            macs: d * (l * r + 2 * r),
            tanh: 0,
            // f', f'' of the tanh layer once; the chain rule per direction, R + 1 units
            mul: deriv_mul * r + d * chain_mul * (r + 1),
            add: deriv_add * r + d * chain_add * (r + 1),
        },
        // ---- ∂J/∂θ (param_derivatives): backpropagation from the kept activations ----
        Term {
            what: "∂J/∂θ: φ backprop (upstream ∂ρ/∂Φ)",
            per_sample: 1.0,
            // output value Σ c_o y_o (L); ∂W₂ = a δᵀ (H · L); W₂ δ (H · L); ∂W₁ (n · H)
            macs: l + 2 * h * l + n * h,
            tanh: 0,
            // f', f'' of both layers; δ ← δ f' (L + H); bias gradients (L + H adds)
            mul: deriv_mul * (h + l) + (l + h),
            add: deriv_add * (h + l) + (l + h),
        },
        Term {
            what: "∂J/∂θ: ρ backprop (upstream 1)",
            per_sample: 1.0,
            // output value (1); ∂W₂ (R); W₂ δ (R); ∂W₁ (L · R); no W₁ δ (no d_input)
            macs: 1 + 2 * r + l * r,
            tanh: 0,
            mul: deriv_mul * r + (r + 1),
            add: deriv_add * r + (r + 1),
        },
        Term {
            what: "O and E·O sums (accumulate_derivatives)",
            per_sample: 1.0,
            macs: s.n_params, // E·O
            tanh: 0,
            mul: 0,
            add: s.n_params, // O
        },
        // ---- every 64 accepted moves: Φ resummed, ρ and ∂ρ/∂Φ recomputed ----
        Term {
            what: "resum every 64 accepts: ρ value + ∂ρ/∂Φ",
            per_sample: 2.0 * s.accept_move / 64.0,
            macs: (l * r + r) + (1 + r + l * r),
            tanh: r,
            mul: deriv_mul * r + (r + 1),
            add: l + deriv_add * r,
        },
    ]
}

/// The benchmark's wave function and sampler: (number of parameters, fraction of
/// accepted moves over 3 iterations from its start).
fn benchmark_figures(spin: bool) -> (usize, f64) {
    let (n, d) = (2, 2);
    let h = Hamiltonian::new(n, d, 1.0, Interaction::Coulomb)
        .unwrap()
        .with_statistics(Statistics::Fermions { n_up: 1 })
        .unwrap();
    let form = JastrowForm::DeepSets;
    let nj =
        NeuralJastrow::random(n, d, 1, form, &[16, 16], &[16], Activation::Tanh, spin, 0).unwrap();
    let wf = Ansatz::from(Gaussian::new(n, d, 0.5, 1.0).unwrap())
        .product(nj.into())
        .unwrap()
        .product(PadeJastrow::new(n, d, 0.3, 1).unwrap().into())
        .unwrap();
    let n_params = wf.n_params();
    let sampler = Sampler::metropolis(1.5, 16).unwrap();
    let opt = VmcOptimizer::adam(0.01).unwrap();
    let mut vmc = Vmc::new(h, wf, sampler, opt, 4096, 16, 1).unwrap();
    let acc: f64 = (0..3)
        .map(|_| vmc.step().unwrap().estimate.acceptance)
        .sum();
    (n_params, acc / 3.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spin = args.iter().any(|a| a == "--spin");
    let mut numbers = args.iter().filter(|a| *a != "--spin").map(|a| {
        a.parse::<f64>()
            .expect("usage: [NETKET_MS] [PHYSML_MS] [--spin]")
    });
    let netket_ms = numbers.next().unwrap_or(13.4);
    let physml_ms = numbers.next();
    const SAMPLES: f64 = 4096.0;

    // ---- 1. peak multiply-add rate ----
    #[cfg(target_arch = "x86_64")]
    let rates = peak::rates();
    #[cfg(not(target_arch = "x86_64"))]
    let rates: Option<(f64, f64, &str)> = None;
    let Some((fused, separate, how)) = rates else {
        eprintln!("this measurement needs x86-64 with AVX2 and FMA, or AVX-512");
        return;
    };
    println!("1. peak multiply-adds of one core ({how} independent accumulators, best of 5 runs ≥ 0.2 s):");
    println!(
        "   (a) fused (FMA intrinsics):          {:6.2} G/s",
        fused / 1e9
    );
    println!(
        "   (b) multiply then add (as physml):   {:6.2} G/s",
        separate / 1e9
    );

    // ---- 2. tanh ----
    let (tanh_long, tanh_16) = tanh_ns();
    println!("2. physml's tanh (Activation::Tanh.apply_in_place): {tanh_long:.3} ns/element on a slice of 2048, {tanh_16:.3} ns/element in calls of 16");

    // ---- 3. counts ----
    let (n_params, accept_move) = benchmark_figures(spin);
    let accept_sweep = 1.0 - (1.0 - accept_move).powi(2);
    let shape = Shape {
        n_in: if spin { 2 } else { 1 },
        h: 16,
        l: 16,
        r: 16,
        d: 2,
        n_params,
        accept_move,
        accept_sweep,
    };
    println!(
        "3. work per sample: φ {} → {} → {} tanh, ρ {} → {} tanh → 1, d = {}, {} parameters; \
         acceptance {:.3} per move (benchmark's start, 3 iterations), so ≈ {:.3} of sweeps accept a move (1 − (1 − a)²)",
        shape.n_in, shape.h, shape.l, shape.l, shape.r, shape.d, n_params, accept_move, accept_sweep
    );
    println!(
        "   {:<50} {:>6} {:>6} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "term", "×/samp", "MACs", "tanh", "mul", "add", "MACs/samp", "tanh/s."
    );
    let (mut macs, mut tanh, mut mul, mut add) = (0.0, 0.0, 0.0, 0.0);
    for t in terms(&shape) {
        println!(
            "   {:<50} {:>6.3} {:>6} {:>5} {:>5} {:>5} {:>9.1} {:>7.2}",
            t.what,
            t.per_sample,
            t.macs,
            t.tanh,
            t.mul,
            t.add,
            t.per_sample * t.macs as f64,
            t.per_sample * t.tanh as f64
        );
        macs += t.per_sample * t.macs as f64;
        tanh += t.per_sample * t.tanh as f64;
        mul += t.per_sample * t.mul as f64;
        add += t.per_sample * t.add as f64;
    }
    println!("   per sample: {macs:.0} multiply-adds, {tanh:.1} tanh, {mul:.0} other multiplies, {add:.0} other adds");

    // ---- 4. bounds ----
    let t_tanh = tanh * tanh_long * 1e-9;
    // separate pipes for multiplies and adds (as Zen 4/5: a multiply-add rate P is P
    // multiplies and P adds per second): max(multiplies, adds) / P
    let with_elementwise = (macs + mul).max(macs + add) / separate + t_tanh;
    let bounds = [
        ("(a) fused peak, MACs + tanh", macs / fused + t_tanh),
        (
            "(b) multiply-then-add peak, MACs + tanh",
            macs / separate + t_tanh,
        ),
        (
            "(b) + elementwise ops: max(mul, add) + tanh",
            with_elementwise,
        ),
    ];
    println!(
        "4. lower bound, one core (tanh alone: {:.3} µs/sample), against NetKet's {netket_ms} ms CPU/iteration:",
        t_tanh * 1e6
    );
    for (what, t) in bounds {
        let ms = t * SAMPLES * 1e3;
        print!(
            "   {what:<46} {:.3} µs/sample, {:.3} ms/iteration (4096 samples): best possible {:.1}× NetKet",
            t * 1e6,
            ms,
            netket_ms / ms
        );
        match physml_ms {
            Some(p) => println!("; physml's {p} ms is {:.1}× this bound", p / ms),
            None => println!(),
        }
    }
    println!(
        "   (10× NetKet needs {:.3} ms/iteration = {:.3} µs/sample)",
        netket_ms / 10.0,
        netket_ms / 10.0 / SAMPLES * 1e3
    );
}
