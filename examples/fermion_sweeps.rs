//! Times Slater × Padé–Jastrow VMC sampling of an N-electron quantum dot (ω = 1),
//! for profiling the Rust core without Python:
//!     cargo run --release --example fermion_sweeps -- N SAMPLES [RECOMPUTE_EVERY]
//! Prints the energy (all digits: a fixed seed gives the same chain, so an
//! optimisation that keeps the arithmetic bit-identical prints the same number),
//! the wall time per sample (one sweep + E_L) and the CPU time per sample of all
//! the process's threads (Linux, from /proc/self/task/*/schedstat; robust to a
//! loaded machine, where the wall time is not).
use physml::vmc::*;
use std::time::Instant;

/// CPU seconds used so far by all threads of this process (0 where /proc is absent).
fn cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let mut ns = 0u64;
    for t in tasks.flatten() {
        if let Ok(s) = std::fs::read_to_string(t.path().join("schedstat")) {
            ns += s
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    ns as f64 * 1e-9
}

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
    let (t, c) = (Instant::now(), cpu_seconds());
    let r = vmc.sample(samples, None).unwrap().estimate;
    let (dt, dc) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
    println!(
        "N = {n}: E = {:.15} +- {:.5}, {:.3} us/sample wall, {:.3} us/sample CPU, {:.0} samples/CPU s (1 chain)",
        r.energy,
        r.error,
        dt / samples as f64 * 1e6,
        dc / samples as f64 * 1e6,
        samples as f64 / dc
    );
}
