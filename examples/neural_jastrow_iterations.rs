//! Times VMC optimisation iterations of two electrons in a 2-D quantum dot (ω = 1)
//! with Gaussian(α = ½) × NeuralJastrow × Padé–Jastrow(β = 0.3), Adam(0.01),
//! Metropolis (step 1.5), 4096 samples from 16 chains: the physml side of
//! benchmarks/bench_neural_jastrow.py's NetKet comparison, without Python, for
//! profiling (e.g. under `valgrind --tool=callgrind`):
//!     cargo run --release --example neural_jastrow_iterations -- [deepsets|pair] ITERATIONS
//! Prints the final iteration's energy (all digits: a change that keeps the
//! arithmetic the same prints the same number) and the wall time per iteration.
use physml::nn::Activation;
use physml::vmc::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let form = JastrowForm::from_name(args.get(1).map_or("deepsets", String::as_str)).unwrap();
    let n_iter: usize = args.get(2).map_or(20, |s| s.parse().unwrap());
    let (n, d) = (2, 2);
    let h = Hamiltonian::new(n, d, 1.0, Interaction::Coulomb)
        .unwrap()
        .with_statistics(Statistics::Fermions { n_up: 1 })
        .unwrap();
    let nj =
        NeuralJastrow::random(n, d, 1, form, &[16, 16], &[16], Activation::Tanh, false, 0).unwrap();
    let wf = Ansatz::from(Gaussian::new(n, d, 0.5, 1.0).unwrap())
        .product(nj.into())
        .unwrap()
        .product(PadeJastrow::new(n, d, 0.3, 1).unwrap().into())
        .unwrap();
    let sampler = Sampler::metropolis(1.5, 16).unwrap();
    let mut vmc = Vmc::new(
        h,
        wf,
        sampler,
        VmcOptimizer::adam(0.01).unwrap(),
        4096,
        16,
        1,
    )
    .unwrap();
    let t = Instant::now();
    let mut last = 0.0;
    vmc.optimize(n_iter, |it| {
        last = it.estimate.energy;
        true
    })
    .unwrap();
    let dt = t.elapsed().as_secs_f64();
    println!(
        "{}: E(last iteration) = {last:.15}, {:.4} s/iteration wall",
        form.name(),
        dt / n_iter as f64
    );
}
