//! Measures the ceiling of evaluating the DeepSets Jastrow's networks for several
//! walkers in lockstep (walkers in SIMD lanes) against one walker at a time: the
//! four passes of a two-electron DeepSets sample (φ 1 → 16 → 16, ρ 16 → 16 → 1,
//! tanh), each for a batch of 8 walkers with walker w in lane w of every unit
//! (the library's lane passes, `physml::nn::forward_mode::lanes`):
//!
//! * `value`: φ and ρ value passes keeping the activations (a proposal);
//! * `accept`: φ's jet along q from the kept activations and ∂ρ/∂Φ by ρ's
//!   backpropagation (the derivative terms of an accepted move);
//! * `curv`: ρ's second derivatives along d = 2 directions from its kept
//!   activations (the local energy's tr(H G));
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
#[path = "common/cpu_time.rs"]
mod cpu_time;

#[cfg(target_arch = "x86_64")]
mod x86 {
    use physml::nn::forward_mode::lanes::{Lanes, LANES};
    use physml::nn::forward_mode::Mlp;
    use physml::nn::Activation;

    /// A peak loop: 16 independent 8-lane vectors, separate multiply and add (as the
    /// kernels), `n` rounds; returns a value to keep the work. The vectors start at
    /// different values (equal ones would be merged into one chain) and all enter
    /// the result (an unused one would be removed); `examples/neural_jastrow_limit.rs`
    /// measures the peaks more carefully.
    #[inline(never)]
    fn peak(n: usize, x: f64) -> f64 {
        use std::arch::x86_64::*;
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(n: usize, x: f64) -> f64 {
            let mut acc = [_mm512_setzero_pd(); 16];
            for (k, a) in acc.iter_mut().enumerate() {
                *a = _mm512_set1_pd(x + k as f64);
            }
            let m = _mm512_set1_pd(std::hint::black_box(0.999_999));
            let c = _mm512_set1_pd(std::hint::black_box(1e-9));
            for _ in 0..n {
                for a in acc.iter_mut() {
                    *a = _mm512_add_pd(_mm512_mul_pd(*a, m), c);
                }
            }
            let mut out = [0.0; 8];
            let mut sum = 0.0;
            for a in acc {
                // SAFETY: `out` holds 8 values.
                unsafe { _mm512_storeu_pd(out.as_mut_ptr(), a) };
                sum += out.iter().sum::<f64>();
            }
            sum
        }
        // SAFETY: run only on a CPU with AVX-512F (checked in main).
        unsafe { wide(n, x) }
    }

    fn lanes(v: &[Vec<f64>], unit: usize) -> Lanes {
        std::array::from_fn(|l| v[l][unit])
    }

    use crate::cpu_time::cpu_seconds;

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

    fn run(reps: usize) {
        use rand::{Rng, SeedableRng};
        const W: usize = LANES;
        let tanh = Activation::Tanh;
        let phi = Mlp::new(&[1, 16, 16], tanh, tanh, 0);
        let rho = Mlp::new(&[16, 16, 1], tanh, Activation::Identity, phi.n_params());
        let n_params = phi.n_params() + rho.n_params();
        let mut r = rand::rngs::StdRng::seed_from_u64(7);
        let params: Vec<f64> = (0..n_params).map(|_| r.random_range(-0.5..0.5)).collect();
        // the transposed weights NeuralJastrow keeps for its backpropagation
        let mut params_t = params.clone();
        phi.transpose_weights(&params, &mut params_t);
        rho.transpose_weights(&params, &mut params_t);
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

        // lane copies, and the library's lane passes (physml::nn::forward_mode::lanes)
        let qb: Vec<Lanes> = vec![std::array::from_fn(|w| q[w])];
        let phib: Vec<Lanes> = (0..l).map(|u| lanes(&phi_out, u)).collect();
        let drhob: Vec<Lanes> = (0..l).map(|u| lanes(&drho, u)).collect();
        let dirsb: Vec<Lanes> = (0..2 * l).map(|u| lanes(&dirs, u)).collect();
        let one: Vec<Lanes> = vec![[1.0; W]];
        let (mut lp, mut lr) = (phi.lane_scratch(), rho.lane_scratch());
        let mut aphi = vec![[0.0; W]; na_phi];
        let mut arho = vec![[0.0; W]; na_rho];
        let (mut d1b, mut d2b) = (vec![[0.0; W]; l], vec![[0.0; W]; l]);
        let mut drb = vec![[0.0; W]; l];
        let mut gradb = vec![[0.0; W]; n_params];
        let mut curvb = vec![[0.0; W]; 2];

        // ---- equality checks (bit for bit) ----
        phi.value_keeping_lanes(&params, &qb, &mut aphi);
        rho.value_keeping_lanes(&params, &phib, &mut arho);
        for w in 0..W {
            for u in 0..na_phi {
                assert_eq!(aphi[u][w].to_bits(), acts_phi[w][u].to_bits(), "phi value");
            }
            for u in 0..na_rho {
                assert_eq!(arho[u][w].to_bits(), acts_rho[w][u].to_bits(), "rho value");
            }
        }
        phi.jet_from_acts_lanes(&params, &aphi, 0, &mut lp, &mut d1b, &mut d2b);
        rho.backprop_from_acts_lanes(&params, &phib, &arho, &one, &mut lr, None, Some(&mut drb));
        let (mut d1, mut d2) = (vec![0.0; l], vec![0.0; l]);
        for w in 0..W {
            phi.jet_from_acts(&params, &acts_phi[w], 0, &mut sp, &mut d1, &mut d2);
            for u in 0..l {
                assert_eq!(d1b[u][w].to_bits(), d1[u].to_bits(), "jet d1");
                assert_eq!(d2b[u][w].to_bits(), d2[u].to_bits(), "jet d2");
                assert_eq!(drb[u][w].to_bits(), drho[w][u].to_bits(), "drho");
            }
        }
        rho.curvatures_from_acts_lanes(&params, &arho, &dirsb, &mut lr, &mut curvb);
        let mut curv = [0.0; 2];
        for w in 0..W {
            rho.curvatures_from_acts(&params, &acts_rho[w], &dirs[w], &mut sr, &mut curv);
            assert_eq!(curvb[0][w].to_bits(), curv[0].to_bits(), "curv 0");
            assert_eq!(curvb[1][w].to_bits(), curv[1].to_bits(), "curv 1");
        }
        let mut grad = vec![0.0; n_params];
        phi.backprop_from_acts_lanes(&params, &qb, &aphi, &drhob, &mut lp, Some(&mut gradb), None);
        rho.backprop_from_acts_lanes(&params, &phib, &arho, &one, &mut lr, Some(&mut gradb), None);
        for w in 0..W {
            grad.fill(0.0);
            phi.backprop_from_acts_transposed(
                &params,
                Some(&params_t),
                &[q[w]],
                &acts_phi[w],
                &drho[w],
                &mut sp,
                Some(&mut grad),
                None,
            );
            rho.backprop_from_acts_transposed(
                &params,
                Some(&params_t),
                &phi_out[w],
                &acts_rho[w],
                &[1.0],
                &mut sr,
                Some(&mut grad),
                None,
            );
            for i in 0..n_params {
                assert_eq!(gradb[i][w].to_bits(), grad[i].to_bits(), "grad {i}");
            }
        }
        println!("W = {W}: lane passes equal the per-walker ones bit for bit");

        // ---- timings ----
        // multiply-adds per walker per pass (weights touched)
        let (mp, mr) = (16 + 256, 256 + 16);
        let macs = [
            ("value (φ + ρ)", mp + mr),
            ("accept (φ jet + ∂ρ/∂Φ)", 2 * mp + mr),
            ("curv (ρ, 2 directions)", 2 * mr + 2 * 16),
            // φ: ∂W (mp) and W₂ δ (256); ρ: ∂W (mr) and W₂ δ (16), no W₁ δ (no d_input)
            ("backprop ∂J/∂θ (φ + ρ)", (mp + 256) + (mr + 16)),
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
                phi.value_keeping_lanes(&params, &qb, &mut aphi);
                rho.value_keeping_lanes(&params, &aphi[na_phi - l..], &mut arho);
                std::hint::black_box(&arho);
            },
        ));
        let mut dr = vec![0.0; l];
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    phi.jet_from_acts(&params, &acts_phi[w], 0, &mut sp, &mut d1, &mut d2);
                    rho.backprop_from_acts_transposed(
                        &params,
                        Some(&params_t),
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
                phi.jet_from_acts_lanes(&params, &aphi, 0, &mut lp, &mut d1b, &mut d2b);
                rho.backprop_from_acts_lanes(
                    &params,
                    &phib,
                    &arho,
                    &one,
                    &mut lr,
                    None,
                    Some(&mut drb),
                );
                std::hint::black_box((&d2b, &drb));
            },
        ));
        // value_keeping_lanes above left the lanes' activations of the first check
        phi.value_keeping_lanes(&params, &qb, &mut aphi);
        rho.value_keeping_lanes(&params, &phib, &mut arho);
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    rho.curvatures_from_acts(&params, &acts_rho[w], &dirs[w], &mut sr, &mut curv);
                    std::hint::black_box(&curv);
                }
            },
            || {
                rho.curvatures_from_acts_lanes(&params, &arho, &dirsb, &mut lr, &mut curvb);
                std::hint::black_box(&curvb);
            },
        ));
        results.push(time(
            reps,
            W,
            || {
                for w in 0..W {
                    grad.fill(0.0);
                    phi.backprop_from_acts_transposed(
                        &params,
                        Some(&params_t),
                        &[q[w]],
                        &acts_phi[w],
                        &drho[w],
                        &mut sp,
                        Some(&mut grad),
                        None,
                    );
                    rho.backprop_from_acts_transposed(
                        &params,
                        Some(&params_t),
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
                phi.backprop_from_acts_lanes(
                    &params,
                    &qb,
                    &aphi,
                    &drhob,
                    &mut lp,
                    Some(&mut gradb),
                    None,
                );
                rho.backprop_from_acts_lanes(
                    &params,
                    &phib,
                    &arho,
                    &one,
                    &mut lr,
                    Some(&mut gradb),
                    None,
                );
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
        std::hint::black_box(peak(
            std::hint::black_box(n_peak),
            std::hint::black_box(1.0),
        ));
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
        run(reps);
    }
}

fn main() {
    #[cfg(target_arch = "x86_64")]
    x86::main();
    #[cfg(not(target_arch = "x86_64"))]
    eprintln!("this measurement is written for x86-64 with AVX-512");
}
