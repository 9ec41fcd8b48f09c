use super::*;
use crate::nn::activation::Activation as A;
use crate::nn::network::Init;
use crate::nn::optim::{Method, Schedule};
use rand::Rng as _;

fn config(batch_size: usize, max_epochs: usize) -> TrainConfig {
    TrainConfig {
        batch_size,
        max_epochs,
        shuffle: true,
        tol: 0.0,
        n_iter_no_change: 10,
        penalty: Penalty::default(),
        penalty_scale: PenaltyScale::Dataset,
        adaptive: false,
        score: Score::R2,
        seed: 3,
    }
}

/// y = 1 + 2 x₁ − 3 x₂ is recovered by a linear "network" (one identity layer).
#[test]
fn gradient_descent_recovers_a_linear_model() {
    let mut r = rng::stream(1, 0);
    let x = Array2::from_shape_fn((50, 2), |_| r.random::<f64>() * 2.0 - 1.0);
    let y = Array2::from_shape_fn((50, 1), |(i, _)| 1.0 + 2.0 * x[[i, 0]] - 3.0 * x[[i, 1]]);
    let net = Network::new(&[2, 1], &[A::Identity], Loss::SquaredError).unwrap();
    let opt = Optimizer::new(
        Method::Sgd {
            momentum: 0.9,
            nesterov: true,
        },
        0.1,
        Schedule::Constant,
    )
    .unwrap();
    let mut c = config(50, 2000);
    c.n_iter_no_change = 2000;
    let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default()).unwrap();
    t.run_for(Duration::from_secs(60)).unwrap();
    let p = t.network().params();
    assert!(
        (p[0] - 2.0).abs() < 1e-9 && (p[1] + 3.0).abs() < 1e-9 && (p[2] - 1.0).abs() < 1e-9,
        "{p:?}"
    );
}

/// Rates y = exp(0.2 + 0.5 x₁ − 0.3 x₂) are recovered by a Poisson "network" (one
/// exponential layer: Poisson regression with the log link), where the half
/// deviance is zero; a negative target is refused, naming y.
#[test]
fn gradient_descent_recovers_a_log_linear_poisson_model() {
    let mut r = rng::stream(2, 0);
    let x = Array2::from_shape_fn((50, 2), |_| r.random::<f64>() * 2.0 - 1.0);
    let y = Array2::from_shape_fn((50, 1), |(i, _)| {
        (0.2 + 0.5 * x[[i, 0]] - 0.3 * x[[i, 1]]).exp()
    });
    let net = Network::new(&[2, 1], &[A::Exp], Loss::Poisson).unwrap();
    let sgd = || {
        Optimizer::new(
            Method::Sgd {
                momentum: 0.9,
                nesterov: true,
            },
            0.1,
            Schedule::Constant,
        )
        .unwrap()
    };
    let mut c = config(50, 2000);
    c.n_iter_no_change = 2000;
    let mut t = Trainer::new(
        net.clone(),
        sgd(),
        c.clone(),
        x.clone(),
        y.clone(),
        None,
        TrainState::default(),
    )
    .unwrap();
    t.run_for(Duration::from_secs(60)).unwrap();
    let p = t.network().params();
    assert!(
        (p[0] - 0.5).abs() < 1e-9 && (p[1] + 0.3).abs() < 1e-9 && (p[2] - 0.2).abs() < 1e-9,
        "{p:?}"
    );
    assert!(*t.loss_curve().last().unwrap() < 1e-15);
    let mut bad = y;
    bad[[7, 0]] = -2.0;
    let e = Trainer::new(net, sgd(), c, x, bad, None, TrainState::default()).err();
    assert_eq!(
        e.unwrap().to_string(),
        "y must be >= 0 (counts or rates) for the poisson loss, got -2"
    );
}

fn xor_trainer(seed: u64, validation: bool) -> Trainer {
    let x = Array2::from_shape_fn((64, 2), |(i, j)| {
        (((i >> j) & 1) as f64) + 0.01 * (i / 4) as f64
    });
    let y = Array2::from_shape_fn((64, 1), |(i, _)| ((i & 1) ^ ((i >> 1) & 1)) as f64);
    let mut net =
        Network::new(&[2, 8, 1], &[A::Tanh, A::Sigmoid], Loss::BinaryCrossEntropy).unwrap();
    net.initialize(Init::Glorot, seed);
    let opt = Optimizer::new(Method::adam(), 0.05, Schedule::Constant).unwrap();
    let mut c = config(8, 300);
    c.seed = seed;
    c.score = Score::Accuracy;
    c.tol = 1e-4;
    let val = validation.then(|| (x.clone(), y.clone()));
    Trainer::new(net, opt, c, x, y, val, TrainState::default()).unwrap()
}

#[test]
fn a_hidden_layer_learns_xor_reproducibly() {
    let mut a = xor_trainer(5, false);
    let mut b = xor_trainer(5, false);
    a.run_for(Duration::from_secs(60)).unwrap();
    while !b.done() {
        b.epoch().unwrap();
    }
    assert_eq!(a.network().params(), b.network().params());
    assert!(*a.loss_curve().last().unwrap() < 0.05);
}

#[test]
fn early_stopping_keeps_the_best_validation_parameters() {
    let mut t = xor_trainer(2, true);
    t.run_for(Duration::from_secs(60)).unwrap();
    t.finish();
    let best = t
        .validation_scores()
        .iter()
        .cloned()
        .fold(f64::NEG_INFINITY, f64::max);
    let mut ws = Workspace::new(t.network(), 16);
    let (x, y) = t.validation.clone().unwrap();
    assert_eq!(
        score(
            t.network(),
            Score::Accuracy,
            x.view(),
            y.view(),
            None,
            &mut ws
        ),
        best
    );
    assert!(t.converged() && best == 1.0, "{:?}", t.validation_scores());
}

/// A network wide enough that its products, penalty and Adam update are split
/// over threads trains to the same bits with 1, 2 and 3 threads.
#[test]
fn wide_networks_train_identically_for_any_thread_count() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut r = rng::stream(4, 0);
            let x = Array2::from_shape_fn((96, 40), |_| r.random::<f64>() - 0.5);
            let y = Array2::from_shape_fn((96, 1), |(i, _)| x[[i, 0]] * x[[i, 1]]);
            let mut net = Network::new(
                &[40, 320, 320, 1],
                &[A::Relu, A::Relu, A::Identity],
                Loss::SquaredError,
            )
            .unwrap();
            net.initialize(Init::Glorot, 1);
            let opt = Optimizer::new(Method::adam(), 1e-3, Schedule::Constant).unwrap();
            let mut c = config(32, 2);
            c.penalty = Penalty { l1: 1e-3, l2: 1e-3 };
            let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default()).unwrap();
            t.run_for(Duration::from_secs(60)).unwrap();
            (t.network().params().to_vec(), t.loss_curve().to_vec())
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

/// Frozen biases stay at exactly zero under every optimiser while the weights
/// learn.
#[test]
fn frozen_biases_do_not_move() {
    for method in [Method::sgd(), Method::adam(), Method::Adagrad { eps: 1e-8 }] {
        let mut r = rng::stream(2, 0);
        let x = Array2::from_shape_fn((40, 2), |_| r.random::<f64>() - 0.5);
        let y = Array2::from_shape_fn((40, 1), |(i, _)| 3.0 + x[[i, 0]]);
        let net = Network::new(&[2, 1], &[A::Identity], Loss::SquaredError).unwrap();
        let opt = Optimizer::new(method.clone(), 0.05, Schedule::Constant).unwrap();
        let mut t = Trainer::new(net, opt, config(10, 50), x, y, None, TrainState::default())
            .unwrap()
            .freeze_biases();
        t.run_for(Duration::from_secs(60)).unwrap();
        let p = t.network().params();
        assert_eq!(p[2], 0.0, "{method:?}");
        assert!(p[0] != 0.0 && p[1] != 0.0);
    }
}

/// Weighted training: integer weights are repeated rows (full batch, no
/// shuffling), with the penalty scaled by the batch's weight sum.
#[test]
fn integer_weights_train_like_repeated_rows() {
    let mut r = rng::stream(3, 0);
    let x = Array2::from_shape_fn((12, 2), |_| r.random::<f64>() - 0.5);
    let y = Array2::from_shape_fn((12, 1), |(i, _)| (x[[i, 0]] * 3.0).sin());
    let w: Vec<f64> = (0..12).map(|i| (i % 4) as f64).collect();
    let rows: Vec<usize> = (0..12)
        .flat_map(|i| std::iter::repeat_n(i, i % 4))
        .collect();
    let run = |x: Array2<f64>, y: Array2<f64>, w: Option<Vec<f64>>| {
        let mut net =
            Network::new(&[2, 5, 1], &[A::Tanh, A::Identity], Loss::SquaredError).unwrap();
        net.initialize(Init::Glorot, 7);
        let opt = Optimizer::new(Method::adam(), 0.01, Schedule::Constant).unwrap();
        let mut c = config(100, 20);
        c.shuffle = false;
        c.penalty_scale = PenaltyScale::Batch;
        c.penalty = Penalty { l1: 0.0, l2: 0.5 };
        let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default())
            .unwrap()
            .with_sample_weights(w, None)
            .unwrap();
        t.run_for(Duration::from_secs(60)).unwrap();
        t.network().params().to_vec()
    };
    let weighted = run(x.clone(), y.clone(), Some(w));
    let repeated = run(x.select(Axis(0), &rows), y.select(Axis(0), &rows), None);
    for (a, b) in weighted.iter().zip(&repeated) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
}

/// Parameters and loss curve of 15 epochs of Adam on a fixed small problem with
/// sample weights `w`, in batches of `batch_size` (shuffled or not).
fn weighted_run(
    w: Vec<f64>,
    penalty: Penalty,
    scale: PenaltyScale,
    batch_size: usize,
    shuffle: bool,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut r = rng::stream(5, 0);
    let x = Array2::from_shape_fn((12, 2), |_| r.random::<f64>() - 0.5);
    let y = Array2::from_shape_fn((12, 1), |(i, _)| (x[[i, 0]] * 3.0).sin());
    let mut net = Network::new(&[2, 5, 1], &[A::Tanh, A::Identity], Loss::SquaredError).unwrap();
    net.initialize(Init::Glorot, 7);
    let opt = Optimizer::new(Method::adam(), 0.01, Schedule::Constant).unwrap();
    let mut c = config(batch_size, 15);
    c.shuffle = shuffle;
    c.penalty_scale = scale;
    c.penalty = penalty;
    let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default())?
        .with_sample_weights(Some(w), None)?;
    t.run_for(Duration::from_secs(60))?;
    Ok((t.network().params().to_vec(), t.loss_curve().to_vec()))
}

/// The objective depends on the weights s and the penalty λ only through s/λ
/// (J(c s, c λ) = J(s, λ)): multiplying both by a power of two, down to subnormal
/// weights, trains the same network bit for bit, for both penalty scales and
/// with negative weights.
#[test]
fn weights_and_penalty_scaled_together_train_identically() {
    let w: Vec<f64> = (0..12).map(|i| (i % 4) as f64 - 0.25).collect();
    let penalty = Penalty { l1: 0.5, l2: 0.25 };
    for scale in [PenaltyScale::Batch, PenaltyScale::Dataset] {
        let reference = weighted_run(w.clone(), penalty, scale, 5, true).unwrap();
        for k in [-1060, -300, 900] {
            let f = |v: f64| scale_by_power_of_two(v, k);
            let scaled = weighted_run(
                w.iter().map(|&v| f(v)).collect(),
                Penalty {
                    l1: f(penalty.l1),
                    l2: f(penalty.l2),
                },
                scale,
                5,
                true,
            )
            .unwrap();
            assert_eq!(reference, scaled, "{scale:?} 2^{k}");
        }
    }
}

/// Each batch is rescaled by its own power of two: without a penalty, a batch's
/// step depends only on the weight ratios inside it (scikit-learn divides by
/// S_B), so batches weighted ~1e-319, 1 and ~1e271 train exactly like the same
/// batches at one scale (a single exponent for the data set flushed the small
/// batch to zero weight and skipped it).
#[test]
fn each_batch_step_depends_only_on_its_weight_ratios() {
    let w: Vec<f64> = (0..12).map(|i| (i % 4) as f64 - 0.25).collect();
    for scale in [PenaltyScale::Batch, PenaltyScale::Dataset] {
        let run = |w: Vec<f64>| weighted_run(w, Penalty::default(), scale, 4, false).unwrap();
        let reference = run(w.clone());
        let mixed = w
            .iter()
            .enumerate()
            .map(|(i, &v)| scale_by_power_of_two(v, [-1060, 0, 900][i / 4]))
            .collect();
        assert_eq!(reference, run(mixed), "{scale:?}");
    }
}

/// Without a penalty, subnormal weights (1e-320) train like unit weights (to
/// rounding: 1e-320 = 0.988… 2^−1063 is not a power of two); with one, λ/S overflows and the error names sample_weight.
#[test]
fn subnormal_weights_train_and_an_overflowing_penalty_is_named() {
    let none = Penalty::default();
    let ones = weighted_run(vec![1.0; 12], none, PenaltyScale::Batch, 5, true).unwrap();
    let tiny = weighted_run(vec![1e-320; 12], none, PenaltyScale::Batch, 5, true).unwrap();
    for (a, b) in ones.0.iter().zip(&tiny.0).chain(ones.1.iter().zip(&tiny.1)) {
        assert!((a - b).abs() <= 1e-14 * b.abs(), "{a} vs {b}");
    }
    let l2 = Penalty { l1: 0.0, l2: 1e-4 };
    for scale in [PenaltyScale::Batch, PenaltyScale::Dataset] {
        let e = weighted_run(vec![1e-320; 12], l2, scale, 5, true).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("sample_weight is too small for the penalty"),
            "{e}"
        );
    }
}

/// Weights of mixed sign that cancel over a batch leave scikit-learn's weighted
/// mean undefined: an error naming sample_weight. The dataset scale divides by
/// Σ|s| instead and trains.
#[test]
fn a_batch_whose_weights_cancel_is_an_error() {
    let w: Vec<f64> = (0..12)
        .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 })
        .collect();
    let e = weighted_run(w.clone(), Penalty::default(), PenaltyScale::Batch, 12, true).unwrap_err();
    assert!(
        e.to_string()
            .contains("must not sum to zero over a mini-batch"),
        "{e}"
    );
    assert!(weighted_run(w, Penalty::default(), PenaltyScale::Dataset, 12, true).is_ok());
}

/// Weights of mixed sign that nearly cancel over a batch (S_B = 1e-12 Σ|s|)
/// make its step huge and training diverge (scikit-learn's too); the error says
/// so besides naming learning_rate_init.
#[test]
fn a_divergence_from_nearly_cancelling_weights_names_them() {
    let run = |w: Vec<f64>| {
        let x = Array2::from_shape_fn((12, 1), |(i, _)| i as f64 / 12.0);
        let y = x.clone();
        let net = Network::new(&[1, 1], &[A::Identity], Loss::SquaredError).unwrap();
        let opt = Optimizer::new(Method::sgd(), 0.1, Schedule::Constant).unwrap();
        let mut c = config(12, 100);
        c.penalty_scale = PenaltyScale::Batch;
        let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default())?
            .with_sample_weights(Some(w), None)?;
        t.run_for(Duration::from_secs(60))
    };
    let mut w: Vec<f64> = (0..12).map(|i| if i < 6 { 1.0 } else { -1.0 }).collect();
    w[0] += 1e-11;
    let message = run(w).unwrap_err().to_string();
    assert!(
        message.contains(
            "lower learning_rate_init (or change the sample_weight: in a mini-batch of \
             epoch 1 its sum S_B is 8.3e-13 times Σ|s_i|"
        ),
        "{message}"
    );
    let mut w: Vec<f64> = (0..12).map(|i| if i < 6 { 1.0 } else { -0.5 }).collect();
    w[0] += 1e-11;
    assert!(run(w).is_ok());
}

#[test]
fn divergence_is_reported() {
    let x = Array2::from_shape_fn((20, 1), |(i, _)| i as f64);
    let y = x.clone() * 100.0;
    let net = Network::new(&[1, 1], &[A::Identity], Loss::SquaredError).unwrap();
    let opt = Optimizer::new(Method::sgd(), 10.0, Schedule::Constant).unwrap();
    let mut c = config(20, 1000);
    c.n_iter_no_change = 1000;
    let mut t = Trainer::new(net, opt, c, x, y, None, TrainState::default()).unwrap();
    let e = t.run_for(Duration::from_secs(60)).unwrap_err();
    assert!(e.to_string().contains("lower learning_rate_init"), "{e}");
}
