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
        let fresh_new = wf.state(&x_new);
        let expected = wf.log_value(&fresh_new, &x_new) - wf.log_value(&wf.state(&x), &x);
        if expected.is_finite() {
            assert!(
                close(lr.exp(), expected.exp(), 1e-10),
                "{name}: ratio {lr} vs {expected}"
            );
            let mut g_new = vec![0.0; d];
            wf.add_proposed_gradient(&st, &x, k, &new, &mut g_new);
            let mut g_ref = vec![0.0; d];
            wf.add_particle_gradient(&fresh_new, &x_new, k, &mut g_ref);
            for c in 0..d {
                assert!(
                    close(g_new[c], g_ref[c], 1e-10),
                    "{name}: proposed gradient"
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
