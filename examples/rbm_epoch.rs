//! Times CD/PCD training epochs of the generative RBM on digits-sized data
//! (1797 rows of 64 grey levels in [0, 1], synthetic), for profiling the Rust core
//! without Python:
//!     cargo run --release --example rbm_epoch -- [BATCH] [EPOCHS] [HIDDEN]
//! Prints the CPU time per epoch (all threads, from /proc/self/task/*/schedstat;
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
