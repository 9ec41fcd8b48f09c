//! Finite-difference checks of every ansatz and of products, in d = 1, 2, 3, over
//! random configurations and parameters.

use super::*;
use rand::Rng as _;
use rand_distr::StandardNormal;

fn log_psi(wf: &Ansatz, x: &[f64]) -> f64 {
    wf.log_value(&wf.state(x), x)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// Checks gradient, Laplacian, parameter derivatives, ratios, proposed gradients
/// and state updates of `wf` at `x` against finite differences and fresh states.
pub(crate) fn check(wf: &Ansatz, x: &[f64], rng: &mut crate::rng::Rng) {
    let (n, d) = (wf.n_particles(), wf.dim());
    let name = wf.name();
    let st = wf.state(x);
    let f0 = wf.log_value(&st, x);
    assert!(f0.is_finite(), "{name}: ln psi not finite");

    let mut grad = vec![0.0; n * d];
    wf.add_gradient(&st, x, &mut grad);
    // The fused gradient + Laplacian of the local energy agrees with the two calls.
    let mut fused = vec![0.0; n * d];
    let lap_fused = wf.add_gradient_laplacian(&st, x, &mut fused);
    let lap_alone = wf.laplacian(&st, x);
    assert!(
        close(lap_fused, lap_alone, 1e-12),
        "{name}: fused laplacian {lap_fused} vs {lap_alone}"
    );
    for (a, b) in fused.iter().zip(&grad) {
        assert!(close(*a, *b, 1e-12), "{name}: fused gradient {a} vs {b}");
    }
    let h = 1e-5;
    let h2 = 1e-3;
    let mut lap_fd = 0.0;
    for i in 0..n * d {
        let mut xp = x.to_vec();
        let mut xm = x.to_vec();
        xp[i] += h;
        xm[i] -= h;
        let g_fd = (log_psi(wf, &xp) - log_psi(wf, &xm)) / (2.0 * h);
        assert!(
            close(grad[i], g_fd, 1e-6),
            "{name} d={d}: gradient {i}: {} vs {g_fd}",
            grad[i]
        );
        xp[i] = x[i] + h2;
        xm[i] = x[i] - h2;
        lap_fd += (log_psi(wf, &xp) - 2.0 * f0 + log_psi(wf, &xm)) / (h2 * h2);
    }
    let lap = wf.laplacian(&st, x);
    assert!(
        close(lap, lap_fd, 1e-4),
        "{name} d={d}: laplacian {lap} vs {lap_fd}"
    );

    for k in 0..n {
        let mut g = vec![0.0; d];
        wf.add_particle_gradient(&st, x, k, &mut g);
        for c in 0..d {
            assert!(
                close(g[c], grad[k * d + c], 1e-12),
                "{name}: particle gradient"
            );
        }
    }

    let p0 = wf.params();
    let mut o = vec![0.0; p0.len()];
    wf.param_derivatives(&st, x, &mut o);
    for i in 0..p0.len() {
        let mut w = wf.clone();
        let mut p = p0.clone();
        p[i] += h;
        w.set_params(&p).unwrap();
        let fp = log_psi(&w, x);
        p[i] -= 2.0 * h;
        w.set_params(&p).unwrap();
        let fm = log_psi(&w, x);
        let o_fd = (fp - fm) / (2.0 * h);
        assert!(
            close(o[i], o_fd, 1e-6),
            "{name} d={d}: O_{i}: {} vs {o_fd}",
            o[i]
        );
    }

    let mut st = wf.state(x);
    let mut x = x.to_vec();
    for _ in 0..3 * n {
        let k = rng.random_range(0..n);
        let new: Vec<f64> = (0..d)
            .map(|c| x[k * d + c] + 0.5 * rng.sample::<f64, _>(StandardNormal))
            .collect();
        let mut x_new = x.clone();
        x_new[k * d..(k + 1) * d].copy_from_slice(&new);
        let lr = wf.propose(&mut st, &x, k, &new);
        // A determinant's proposed gradient divides by the ratio R: near a node
        // (small R) a few more digits cancel than elsewhere.
        let proposed_tol = if wf.has_determinant() { 1e-8 } else { 1e-10 };
        let fresh_new = wf.state(&x_new);
        let expected = wf.log_value(&fresh_new, &x_new) - wf.log_value(&wf.state(&x), &x);
        if expected.is_finite() {
            assert!(
                close(lr.exp(), expected.exp(), 1e-10),
                "{name} n={n} d={d}: ratio {lr} vs {expected}"
            );
            let mut g_new = vec![0.0; d];
            wf.add_proposed_gradient(&st, &x, k, &new, &mut g_new);
            let mut g_ref = vec![0.0; d];
            wf.add_particle_gradient(&fresh_new, &x_new, k, &mut g_ref);
            for c in 0..d {
                assert!(
                    close(g_new[c], g_ref[c], proposed_tol),
                    "{name}: proposed gradient {} vs {}",
                    g_new[c],
                    g_ref[c]
                );
            }
        } else {
            assert_eq!(
                lr,
                f64::NEG_INFINITY,
                "{name}: ratio into a forbidden region"
            );
        }
        if expected.is_finite() && rng.random::<f64>() < 0.6 {
            wf.accept(&mut st, k, &new);
            x = x_new;
        }
        let f_cached = wf.log_value(&st, &x);
        let f_fresh = log_psi(wf, &x);
        assert!(
            close(f_cached, f_fresh, 1e-10),
            "{name}: state after updates"
        );
        assert!(
            close(wf.laplacian(&st, &x), wf.laplacian(&wf.state(&x), &x), 1e-9),
            "{name}: lap after updates"
        );
    }
}

/// A random configuration with every pair farther apart than 0.2.
fn random_config(n: usize, d: usize, rng: &mut crate::rng::Rng) -> Vec<f64> {
    loop {
        let x: Vec<f64> = (0..n * d)
            .map(|_| rng.sample::<f64, _>(StandardNormal))
            .collect();
        let st = PairDistances::new(&x, n, d);
        if (0..n).all(|i| (0..i).all(|j| st.get(i, j) > 0.2)) {
            return x;
        }
    }
}

fn gaussian(n: usize, d: usize, rng: &mut crate::rng::Rng) -> Ansatz {
    Gaussian::new(n, d, rng.random_range(0.2..1.0), rng.random_range(0.5..3.0))
        .unwrap()
        .into()
}

fn rbm(n: usize, d: usize, form: RbmForm, rng: &mut crate::rng::Rng) -> Ansatz {
    let h = rng.random_range(1..5);
    Rbm::random(n, d, h, rng.random_range(0.6..1.5), form, 0.4, rng.random())
        .unwrap()
        .into()
}

fn pade(n: usize, d: usize, rng: &mut crate::rng::Rng) -> Ansatz {
    PadeJastrow::new(n, d, rng.random_range(0.0..1.5), rng.random_range(0..=n))
        .unwrap()
        .into()
}

fn hard(n: usize, d: usize) -> Ansatz {
    HardSphereJastrow::new(n, d, 0.05).unwrap().into()
}

#[test]
fn every_ansatz_matches_finite_differences() {
    let mut rng = crate::rng::stream(11, 0);
    for d in 1..=3 {
        for _ in 0..4 {
            let n = rng.random_range(1..5);
            let x = random_config(n, d, &mut rng);
            check(&gaussian(n, d, &mut rng), &x, &mut rng);
            check(&rbm(n, d, RbmForm::F, &mut rng), &x, &mut rng);
            check(&rbm(n, d, RbmForm::SqrtF, &mut rng), &x, &mut rng);
            check(&hard(n, d), &x, &mut rng);
            if d > 1 {
                check(&pade(n, d, &mut rng), &x, &mut rng);
            }
        }
    }
}

#[test]
fn products_match_finite_differences() {
    let mut rng = crate::rng::stream(12, 0);
    for d in 1..=3 {
        for _ in 0..3 {
            let n = rng.random_range(2..5);
            let x = random_config(n, d, &mut rng);
            let mut wf = rbm(n, d, RbmForm::F, &mut rng)
                .product(gaussian(n, d, &mut rng))
                .unwrap();
            wf = wf.product(hard(n, d)).unwrap();
            if d > 1 {
                wf = wf.product(pade(n, d, &mut rng)).unwrap();
            }
            check(&wf, &x, &mut rng);
        }
    }
}

#[test]
fn hard_sphere_vanishes_inside_the_core() {
    let hs = HardSphereJastrow::new(2, 3, 0.5).unwrap();
    let x = [0.0, 0.0, 0.0, 0.3, 0.0, 0.0];
    assert_eq!(hs.log_value(&hs.state(&x), &x), f64::NEG_INFINITY);
    let y = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut st = hs.state(&y);
    assert!((hs.log_value(&st, &y) - 0.5f64.ln()).abs() < 1e-15);
    assert_eq!(
        hs.propose(&mut st, &y, 1, &[0.2, 0.0, 0.0]),
        f64::NEG_INFINITY
    );
}

#[test]
fn pade_cusps_follow_spins_and_dimension() {
    let p2 = PadeJastrow::new(3, 2, 0.5, 2).unwrap();
    assert_eq!((p2.cusp(0, 1), p2.cusp(0, 2)), (1.0 / 3.0, 1.0));
    let p3 = PadeJastrow::new(2, 3, 0.5, 1).unwrap();
    assert_eq!((p3.cusp(0, 1), p3.cusp(1, 0)), (0.5, 0.5));
    let p3 = PadeJastrow::new(2, 3, 0.5, 2).unwrap();
    assert_eq!(p3.cusp(0, 1), 0.25);
    assert!(PadeJastrow::new(2, 1, 0.5, 1).is_err());
    assert!(PadeJastrow::new(2, 2, -0.5, 1).is_err());
}

#[test]
fn bad_parameters_are_rejected() {
    let mut g: Ansatz = Gaussian::new(2, 3, 0.5, 1.0).unwrap().into();
    assert_eq!(
        g.set_params(&[f64::NAN, 1.0]).unwrap_err().to_string(),
        "parameters must be finite, got NaN or infinity"
    );
    assert!(g.set_params(&[0.5]).is_err());
    assert_eq!(
        Gaussian::new(2, 3, -1.0, 1.0).unwrap_err().to_string(),
        "alpha must be > 0, got -1"
    );
    assert!(Rbm::new(2, 2, 0, 1.0, RbmForm::F).is_err());
    assert!(Rbm::new(2, 2, 2, 0.0, RbmForm::F).is_err());
    let r: Ansatz = Rbm::new(3, 2, 2, 1.0, RbmForm::F).unwrap().into();
    assert!(r
        .product(Gaussian::new(2, 2, 0.5, 1.0).unwrap().into())
        .is_err());
    let mut p = Gaussian::new(2, 2, 0.5, 1.0)
        .map(Ansatz::from)
        .unwrap()
        .product(PadeJastrow::new(2, 2, 0.3, 1).unwrap().into())
        .unwrap();
    assert_eq!(p.params(), vec![0.5, 1.0, 0.3]);
    assert!(p.set_params(&[0.6, 1.0, -1.0]).is_err());
    assert_eq!(
        p.params(),
        vec![0.5, 1.0, 0.3],
        "a failed set_params changes nothing"
    );
}

fn slater(n: usize, d: usize, envelope: bool, rng: &mut crate::rng::Rng) -> Ansatz {
    let n_up = rng.random_range(0..=n);
    Slater::new(n, d, n_up, rng.random_range(0.5..1.5), envelope, 7)
        .unwrap()
        .into()
}

/// A random configuration where ln|Ψ| is smooth on the finite-difference scale:
/// near a node of a determinant, ∇² ln|Ψ| ~ −1/δ² (δ the distance to the node) and
/// the fourth derivative spoils a difference quotient with step 1e-3.
fn away_from_nodes(wf: &Ansatz, rng: &mut crate::rng::Rng) -> Vec<f64> {
    let (n, d) = (wf.n_particles(), wf.dim());
    loop {
        let x = random_config(n, d, rng);
        let st = wf.state(&x);
        if wf.laplacian(&st, &x).abs() < 20.0 * (n * d) as f64 {
            return x;
        }
    }
}

#[test]
fn slater_determinants_match_finite_differences() {
    let mut rng = crate::rng::stream(13, 0);
    for d in 1..=3 {
        for _ in 0..4 {
            // In 1-D a block of n electrons holds H_0 … H_{n−1} of one variable, a
            // Vandermonde-like matrix whose condition grows fast: fewer particles.
            let n = rng.random_range(1..if d == 1 { 6 } else { 9 });
            let with_envelope = slater(n, d, true, &mut rng);
            let x = away_from_nodes(&with_envelope, &mut rng);
            check(&with_envelope, &x, &mut rng);
            let det = slater(n, d, false, &mut rng);
            let x = away_from_nodes(&det, &mut rng);
            check(&det, &x, &mut rng);
            let up = det.spin_up().unwrap();
            let mut wf = det.product(rbm(n, d, RbmForm::F, &mut rng)).unwrap();
            if d > 1 {
                let pj = PadeJastrow::new(n, d, rng.random_range(0.0..1.5), up).unwrap();
                wf = wf.product(pj.into()).unwrap();
            }
            check(&wf, &x, &mut rng);
        }
    }
}

/// ln|Ψ|, its sign, gradient, Laplacian and α-derivative of a fresh state at x.
fn fresh(wf: &Ansatz, x: &[f64]) -> (f64, f64, Vec<f64>, f64, Vec<f64>) {
    let st = wf.state(x);
    let mut g = vec![0.0; x.len()];
    wf.add_gradient(&st, x, &mut g);
    let mut o = vec![0.0; wf.n_params()];
    wf.param_derivatives(&st, x, &mut o);
    (
        wf.log_value(&st, x),
        wf.sign(&st),
        g,
        wf.laplacian(&st, x),
        o,
    )
}

/// Thousands of accepted and rejected one-particle moves: the updated state agrees
/// with a fresh one (ratios, sign, gradient, Laplacian, α-derivative), with the
/// default recomputation interval and with none (Sherman–Morrison only), for
/// N = 6 and 20 in 2-D (measured: at most 4e-15 relative, with or without the
/// periodic recomputation).
#[test]
fn slater_updates_stay_exact_over_long_move_sequences() {
    let mut rng = crate::rng::stream(14, 0);
    for (n, every) in [
        (6, DEFAULT_RECOMPUTE_EVERY),
        (20, DEFAULT_RECOMPUTE_EVERY),
        (20, usize::MAX),
    ] {
        let det: Ansatz = Slater::new(n, 2, n / 2, 1.0, true, every).unwrap().into();
        let wf = det
            .product(PadeJastrow::new(n, 2, 0.5, n / 2).unwrap().into())
            .unwrap();
        let mut x: Vec<f64> = (0..2 * n)
            .map(|_| rng.sample::<f64, _>(StandardNormal))
            .collect();
        let mut st = wf.state(&x);
        let (mut accepted, mut worst) = (0, 0.0f64);
        for step in 0..5000 {
            let k = rng.random_range(0..n);
            let new: Vec<f64> = (0..2)
                .map(|c| x[2 * k + c] + 0.6 * (rng.random::<f64>() - 0.5))
                .collect();
            let lr = wf.propose(&mut st, &x, k, &new);
            if rng.random::<f64>() < (2.0 * lr).exp() {
                wf.accept(&mut st, k, &new);
                x[2 * k..2 * k + 2].copy_from_slice(&new);
                accepted += 1;
            }
            if step % 250 == 249 {
                let (f, sign, g, lap, o) = fresh(&wf, &x);
                let mut gc = vec![0.0; 2 * n];
                wf.add_gradient(&st, &x, &mut gc);
                let mut oc = vec![0.0; wf.n_params()];
                wf.param_derivatives(&st, &x, &mut oc);
                assert_eq!(wf.sign(&st), sign, "N={n}: sign after {step} moves");
                let rel = |a: f64, b: f64| (a - b).abs() / (1.0 + b.abs());
                worst = worst.max(rel(wf.log_value(&st, &x), f));
                worst = worst.max(rel(wf.laplacian(&st, &x), lap));
                for (a, b) in gc.iter().zip(&g).chain(oc.iter().zip(&o)) {
                    worst = worst.max(rel(*a, *b));
                }
            }
        }
        eprintln!("N={n} recompute every {every}: {accepted} accepted moves, largest relative drift {worst:e}");
        assert!(accepted > 2000, "N={n}: {accepted} accepted");
        assert!(worst < 1e-12, "N={n}, every {every}: drift {worst:e}");
    }
}

/// Exchanging two same-spin electrons flips the sign of Ψ (|Ψ| unchanged);
/// exchanging two of opposite spins does not in general.
#[test]
fn slater_determinants_are_antisymmetric_within_a_spin() {
    let mut rng = crate::rng::stream(15, 0);
    for (n, d) in [(6, 2), (12, 2), (8, 3)] {
        let det: Ansatz = Slater::new(n, d, n / 2, 0.9, true, 100).unwrap().into();
        let wf = det
            .product(PadeJastrow::new(n, d, 0.4, n / 2).unwrap().into())
            .unwrap();
        let x = random_config(n, d, &mut rng);
        let (f, sign, ..) = fresh(&wf, &x);
        let swap = |i: usize, j: usize| {
            let mut y = x.clone();
            for c in 0..d {
                y.swap(i * d + c, j * d + c);
            }
            y
        };
        for (i, j) in [(0, 1), (1, n / 2 - 1), (n / 2, n - 1)] {
            let (fs, ss, ..) = fresh(&wf, &swap(i, j));
            assert!(close(fs, f, 1e-12), "N={n}: |Psi| after swapping {i},{j}");
            assert_eq!(ss, -sign, "N={n}: sign after swapping {i},{j}");
        }
        let (fo, ..) = fresh(&wf, &swap(0, n - 1));
        assert!(
            (fo - f).abs() > 1e-6,
            "N={n}: opposite spins are not exchange partners"
        );
    }
}

#[test]
fn oscillator_shells_fill_in_order() {
    let q = oscillator_quanta(2, 6);
    assert_eq!(
        q.iter().map(|v| [v[0], v[1]]).collect::<Vec<_>>(),
        vec![[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]
    );
    let q3 = oscillator_quanta(3, 10);
    assert_eq!(q3[1..4], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert!(q3[4..10].iter().all(|v| v.iter().sum::<usize>() == 2));
    assert!(Slater::new(4, 2, 5, 1.0, true, 10).is_err());
    assert!(Slater::new(4, 2, 2, 0.0, true, 10).is_err());
    assert!(Slater::new(4, 2, 2, 1.0, true, 0).is_err());
    let two_dets = Ansatz::from(Slater::new(4, 2, 2, 1.0, true, 10).unwrap())
        .product(Slater::new(4, 2, 2, 1.0, true, 10).unwrap().into());
    assert!(
        two_dets.is_err(),
        "a product of two determinants is symmetric"
    );
    let mismatch = Ansatz::from(Slater::new(4, 2, 2, 1.0, true, 10).unwrap())
        .product(PadeJastrow::new(4, 2, 0.5, 3).unwrap().into());
    assert!(mismatch.is_err(), "factors must share the spins");
}

fn neural(
    n: usize,
    d: usize,
    form: JastrowForm,
    act: Activation,
    rng: &mut crate::rng::Rng,
) -> Ansatz {
    let sizes: &[usize] = if act == Activation::Exp {
        &[3]
    } else {
        &[5, 3]
    };
    let noise = if act == Activation::Exp { 0.05 } else { 0.3 };
    let mut nj = NeuralJastrow::random(
        n,
        d,
        n / 2,
        form,
        sizes,
        &[4],
        act,
        rng.random(),
        rng.random(),
    )
    .unwrap();
    // random output weights too, so that every parameter matters (smaller for exp,
    // whose nested exponentials otherwise reach 1e8 and spoil the difference quotients)
    let p: Vec<f64> = nj
        .params()
        .iter()
        .map(|v| v + noise * rng.sample::<f64, _>(StandardNormal))
        .collect();
    nj.set_params(&p).unwrap();
    nj.into()
}

use crate::nn::Activation;

/// The cases of the NeuralJastrow finite-difference tests: every twice-differentiable
/// activation, both forms and d = 1, 2, 3, in that nesting (the order fixes the
/// random draws).
fn neural_jastrow_cases() -> impl Iterator<Item = (Activation, JastrowForm, usize)> {
    let activations = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Identity,
        Activation::Exp,
    ];
    activations.into_iter().flat_map(|act| {
        [JastrowForm::Pair, JastrowForm::DeepSets]
            .into_iter()
            .flat_map(move |form| (1..=3).map(move |d| (act, form, d)))
    })
}

/// Both forms, every twice-differentiable activation, with and without spins, alone
/// and times a Slater determinant and a Padé–Jastrow factor.
#[test]
fn neural_jastrow_matches_finite_differences() {
    let mut rng = crate::rng::stream(21, 0);
    for (act, form, d) in neural_jastrow_cases() {
        let n = rng.random_range(2..6);
        let x = random_config(n, d, &mut rng);
        let nj = neural(n, d, form, act, &mut rng);
        check(&nj, &x, &mut rng);
        if d > 1 {
            let det: Ansatz = Slater::new(n, d, n / 2, 1.0, true, 7).unwrap().into();
            let wf = det
                .product(nj)
                .unwrap()
                .product(PadeJastrow::new(n, d, 0.5, n / 2).unwrap().into())
                .unwrap();
            let x = away_from_nodes(&wf, &mut rng);
            check(&wf, &x, &mut rng);
        }
    }
}

/// Two particles (DeepSets takes a shortcut for G), every activation and dimension.
#[test]
fn two_particle_neural_jastrow_matches_finite_differences() {
    let mut rng = crate::rng::stream(23, 0);
    for (act, form, d) in neural_jastrow_cases() {
        let x = random_config(2, d, &mut rng);
        let nj = neural(2, d, form, act, &mut rng);
        check(&nj, &x, &mut rng);
        if d > 1 {
            let wf = nj
                .product(PadeJastrow::new(2, d, 0.5, 1).unwrap().into())
                .unwrap();
            check(&wf, &x, &mut rng);
        }
    }
}

/// Permuting particles leaves J unchanged; zero output weights give J = const.
#[test]
fn neural_jastrow_is_symmetric_and_constant_without_output_weights() {
    let mut rng = crate::rng::stream(22, 0);
    for form in [JastrowForm::Pair, JastrowForm::DeepSets] {
        let n = 5;
        let nj = neural(n, 2, form, Activation::Tanh, &mut rng);
        let x = random_config(n, 2, &mut rng);
        let mut y = x.clone();
        for c in 0..2 {
            y.swap(c, 3 * 2 + c);
            y.swap(2 + c, 4 * 2 + c);
        }
        assert!(close(log_psi(&nj, &x), log_psi(&nj, &y), 1e-13));
        let Ansatz::NeuralJastrow(mut inner) = nj else {
            unreachable!()
        };
        let last = inner.layers().last().unwrap().weight_range();
        let mut p = inner.params();
        p[last].fill(0.0);
        inner.set_params(&p).unwrap();
        let wf: Ansatz = (*inner).into();
        let z = random_config(n, 2, &mut rng);
        assert!(close(log_psi(&wf, &x), log_psi(&wf, &z), 1e-13));
        let st = wf.state(&x);
        assert!(wf.laplacian(&st, &x).abs() < 1e-13);
    }
    let relu = NeuralJastrow::new(
        2,
        2,
        1,
        JastrowForm::Pair,
        &[4],
        &[],
        Activation::Relu,
        false,
    );
    assert!(relu
        .unwrap_err()
        .to_string()
        .contains("twice differentiable"));
}
