use super::*;
use crate::rng;
use rand::Rng as _;
use rand_distr::StandardNormal;

fn random_net(n: usize, d: usize, seed: u64) -> NeuralJastrow {
    random_form(n, d, seed, JastrowForm::DeepSets)
}

/// Random weights, output layers included.
fn random_form(n: usize, d: usize, seed: u64, form: JastrowForm) -> NeuralJastrow {
    let mut nj =
        NeuralJastrow::random(n, d, 1, form, &[5, 4], &[3], Activation::Tanh, true, seed).unwrap();
    let mut r = rng::stream(seed, 1);
    let p: Vec<f64> = nj
        .params
        .iter()
        .map(|v| v + 0.3 * r.sample::<f64, _>(StandardNormal))
        .collect();
    nj.set_params(&p).unwrap();
    nj
}

/// Two particles: the d directions √2 v_1c give ∇²J as G's pivoted Cholesky
/// factor does (to round-off).
#[test]
fn two_particle_shortcut_equals_cholesky() {
    for d in 1..=3 {
        let nj = random_net(2, d, 40 + d as u64);
        let mut r = rng::stream(9, d as u64);
        let x: Vec<f64> = (0..2 * d).map(|_| r.sample(StandardNormal)).collect();
        let st = nj.state(&x);
        let (mut g1, mut g2) = (vec![0.0; 2 * d], vec![0.0; 2 * d]);
        let a = nj.gradient_laplacian_with(&st, &x, Some(&mut g1), true);
        let b = nj.gradient_laplacian_with(&st, &x, Some(&mut g2), false);
        assert!(
            (a - b).abs() <= 1e-13 * (1.0 + b.abs()),
            "d={d}: {a} vs {b}"
        );
        assert_eq!(g1, g2);
    }
}

/// Metropolis: accept_deferred over a sweep, then finish_moves, leaves the same
/// state, bit for bit, as accept after every move (for N = 2 and 4, both forms).
#[test]
fn deferred_accepts_equal_eager_ones_exactly() {
    for (n, form) in [
        (2, JastrowForm::DeepSets),
        (4, JastrowForm::DeepSets),
        (4, JastrowForm::Pair),
    ] {
        let d = 2;
        let nj = random_form(n, d, 11, form);
        let mut r = rng::stream(6, n as u64);
        let mut x: Vec<f64> = (0..n * d).map(|_| r.sample(StandardNormal)).collect();
        let (mut eager, mut lazy) = (nj.state(&x), nj.state(&x));
        // finish_moves only every 7 sweeps (the driver's burn-in defers across sweeps)
        let mut lazier = nj.state(&x);
        // 200 sweeps: past RESUM_EVERY accepted moves
        for sweep in 0..200 {
            for k in 0..n {
                let new: Vec<f64> = (0..d)
                    .map(|c| x[k * d + c] + 0.7 * r.sample::<f64, _>(StandardNormal))
                    .collect();
                let a = nj.propose(&mut eager, &x, k, &new);
                let b = nj.propose(&mut lazy, &x, k, &new);
                assert_eq!(a, b);
                assert_eq!(a, nj.propose(&mut lazier, &x, k, &new));
                if r.random::<f64>() < 0.7 {
                    nj.accept(&mut eager, k, &new);
                    nj.accept_deferred(&mut lazy, k, &new);
                    nj.accept_deferred(&mut lazier, k, &new);
                    x[k * d..(k + 1) * d].copy_from_slice(&new);
                }
            }
            nj.finish_moves(&mut lazy);
            assert_eq!(eager.factor, lazy.factor);
            assert_eq!(eager.lap, lazy.lap);
            assert_eq!(eager.drho, lazy.drho);
            assert_eq!(eager.j, lazy.j);
            if sweep % 7 == 6 {
                nj.finish_moves(&mut lazier);
                assert_eq!(eager.factor, lazier.factor);
                assert_eq!(eager.lap, lazier.lap);
                assert_eq!(eager.drho, lazier.drho);
                assert_eq!(eager.j, lazier.j);
            }
        }
        assert!(eager.accepted > RESUM_EVERY);
    }
}

/// Importance sampling: accept after add_proposed_gradient (which the accept
/// reuses) leaves the same state, bit for bit, as accept alone.
#[test]
fn accept_reuses_the_proposed_row_exactly() {
    let (n, d) = (4, 2);
    let nj = random_net(n, d, 3);
    let mut r = rng::stream(5, 0);
    let mut x: Vec<f64> = (0..n * d).map(|_| r.sample(StandardNormal)).collect();
    let (mut plain, mut reused) = (nj.state(&x), nj.state(&x));
    for step in 0..40 {
        let k = step % n;
        let new: Vec<f64> = (0..d)
            .map(|c| x[k * d + c] + 0.5 * r.sample::<f64, _>(StandardNormal))
            .collect();
        let a = nj.propose(&mut plain, &x, k, &new);
        let b = nj.propose(&mut reused, &x, k, &new);
        assert_eq!(a, b);
        let mut g = vec![0.0; d];
        nj.add_proposed_gradient(&reused, &x, k, &new, &mut g);
        if r.random::<f64>() < 0.7 {
            nj.accept(&mut plain, k, &new);
            nj.accept(&mut reused, k, &new);
            x[k * d..(k + 1) * d].copy_from_slice(&new);
        }
        assert_eq!(plain.factor, reused.factor);
        assert_eq!(plain.lap, reused.lap);
        assert_eq!(plain.drho, reused.drho);
        assert_eq!(plain.j, reused.j);
    }
    // a stale buffer (another state's proposal in between) is not reused
    let k = 1;
    let new = [0.3, -0.2];
    nj.propose(&mut plain, &x, k, &new);
    nj.propose(&mut reused, &x, k, &new);
    let mut g = vec![0.0; d];
    nj.add_proposed_gradient(&reused, &x, k, &new, &mut g);
    let mut other = nj.state(&x);
    nj.propose(&mut other, &x, 0, &[1.5, 1.5]);
    nj.add_proposed_gradient(&other, &x, 0, &[1.5, 1.5], &mut g);
    nj.accept(&mut plain, k, &new);
    nj.accept(&mut reused, k, &new);
    assert_eq!(plain.factor, reused.factor);
    assert_eq!(plain.drho, reused.drho);
}
