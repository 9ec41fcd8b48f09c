//! Times Slater × Padé–Jastrow VMC sampling of an N-electron quantum dot (ω = 1),
//! for profiling the Rust core without Python:
//!     cargo run --release --example fermion_sweeps -- N SAMPLES [RECOMPUTE_EVERY]
//! Prints the energy and the CPU-independent wall time per sample (one sweep + E_L).
use physml::vmc::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(20, |s| s.parse().unwrap());
    let samples: usize = args.get(2).map_or(20_000, |s| s.parse().unwrap());
    let every: usize = args.get(3).map_or(100, |s| s.parse().unwrap());
    let alpha = if n == 6 { 0.93 } else { 0.9 };
    let h = Hamiltonian::new(n, 2, 1.0, Interaction::Coulomb)
        .unwrap()
        .with_statistics(Statistics::Fermions { n_up: n / 2 })
        .unwrap();
    let wf = Ansatz::from(Slater::new(n, 2, n / 2, alpha, true, every).unwrap())
        .product(PadeJastrow::new(n, 2, 0.5, n / 2).unwrap().into())
        .unwrap();
    let sampler = Sampler::metropolis(1.0, 200).unwrap();
    let mut vmc = Vmc::new(
        h,
        wf,
        sampler,
        VmcOptimizer::sgd(0.01).unwrap(),
        samples,
        1,
        1,
    )
    .unwrap();
    vmc.sample(1000, None).unwrap();
    let t = Instant::now();
    let r = vmc.sample(samples, None).unwrap().estimate;
    let dt = t.elapsed().as_secs_f64();
    println!(
        "N = {n}: E = {:.5} +- {:.5}, {:.3} us/sample, {:.0} samples/s (1 chain)",
        r.energy,
        r.error,
        dt / samples as f64 * 1e6,
        samples as f64 / dt
    );
}
