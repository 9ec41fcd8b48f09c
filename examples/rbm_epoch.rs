//! Times CD/PCD training epochs of the generative RBM on digits-sized data
//! (1797 rows of 64 grey levels in [0, 1], synthetic), for profiling the Rust core
//! without Python:
//!     cargo run --release --example rbm_epoch -- [BATCH] [EPOCHS] [HIDDEN]
//! Prints the GFLOP/s of the update's products alone (`kernels`, CPU time) at these
//! shapes, then the CPU time per epoch (all threads, from /proc/self/task/*/schedstat;
//! robust to a loaded machine) and a checksum of the parameters (a fixed seed gives
//! the same numbers, so an optimisation that keeps the arithmetic prints the same).
use ndarray::Array2;
use physml::nn::optim::{Method, Optimizer, Schedule};
use physml::rbm::{train, Rbm, Visible};
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
    let batch: usize = args.get(1).map_or(10, |s| s.parse().unwrap());
    let epochs: usize = args.get(2).map_or(10, |s| s.parse().unwrap());
    let hidden: usize = args.get(3).map_or(256, |s| s.parse().unwrap());
    products(batch, hidden);
    let x = Array2::from_shape_fn((1797, 64), |(i, k)| {
        (((i * 7919 + k * 104_729) % 17) as f64 / 16.0).powi(2)
    });
    let mut rbm = Rbm::random(Visible::Bernoulli, 64, hidden, 0.01, 0).unwrap();
    let method = Method::Sgd {
        momentum: 0.0,
        nesterov: false,
    };
    let mut opt = Optimizer::new(method, 0.06, Schedule::Constant).unwrap();
    let config = train::TrainConfig {
        k: 1,
        persistent: true,
        batch_size: batch,
        weight_decay: 0.0,
        shuffle: true,
    };
    let mut chains = Array2::zeros((batch, hidden));
    let (t, c) = (Instant::now(), cpu_seconds());
    for e in 0..epochs {
        let mut r = physml::rng::stream(0, e as u64);
        train::epoch(&mut rbm, &mut opt, &mut chains, x.view(), &config, &mut r).unwrap();
    }
    let (dt, dc) = (t.elapsed().as_secs_f64(), cpu_seconds() - c);
    let checksum: f64 = rbm.params().iter().map(|p| p * p).sum();
    println!(
        "batch {batch}, {hidden} hidden: {:.2} ms/epoch wall, {:.2} ms/epoch CPU, checksum {checksum:.15e}",
        dt / epochs as f64 * 1e3,
        dc / epochs as f64 * 1e3,
    );
}

/// GFLOP/s of the products of one PCD-1 update (batch rows and as many chains, 64
/// visible units): two hidden inputs, one visible input, the stacked weight gradient.
fn products(batch: usize, hidden: usize) {
    use physml::rbm::kernels;
    let m = 64;
    let w: Vec<f64> = (0..m * hidden)
        .map(|i| ((i % 13) as f64 - 6.0) * 1e-3)
        .collect();
    let (a, b) = (vec![0.1; m], vec![-0.1; hidden]);
    let x: Vec<f64> = (0..batch * m).map(|i| (i % 2) as f64).collect();
    let mut p = vec![0.0; 2 * batch * hidden];
    let mut v = vec![0.0; batch * m];
    let xs: Vec<f64> = (0..2 * batch * m).map(|i| (i % 3) as f64 * 0.1).collect();
    let mut g = vec![0.0; m * hidden];
    let reps = (200_000_000 / (batch * m * hidden * 10)).max(1);
    let c = cpu_seconds();
    for _ in 0..reps {
        kernels::affine(&x, m, &w, &b, 1.0, &mut p[..batch * hidden]);
        kernels::affine_transposed(&p[..batch * hidden], hidden, &w, &a, &mut v);
        kernels::affine(&v, m, &w, &b, 1.0, &mut p[batch * hidden..]);
        kernels::weighted_outer(&xs, &p, m, hidden, 1.0, 0.0, &w, &mut g);
    }
    let dc = cpu_seconds() - c;
    let flops = 10.0 * (batch * m * hidden) as f64 * reps as f64;
    println!(
        "products of an update (batch {batch}, {hidden} hidden): {:.1} GFLOP/s CPU, {:.2} us/update",
        flops / dc * 1e-9,
        dc / reps as f64 * 1e6
    );
}
