//! Exact results of the VMC engine: non-interacting particles sampled with their
//! exact ground state, reproducibility over thread counts, densities, bad input.

use physml::vmc::*;

fn driver(h: Hamiltonian, wf: Ansatz, sampler: Sampler, n_chains: usize, seed: u64) -> Vmc {
    Vmc::new(
        h,
        wf,
        sampler,
        VmcOptimizer::sgd(0.01).unwrap(),
        2000,
        n_chains,
        seed,
    )
    .unwrap()
}

/// Two electrons in a 2-D dot (ω = 1) with a small random RBM × Padé–Jastrow.
fn dot_with_rbm_pade() -> (Hamiltonian, Ansatz) {
    let h = Hamiltonian::quantum_dot(2, 2, 1.0).unwrap();
    let wf: Ansatz = Rbm::random(2, 2, 3, 1.0, RbmForm::F, 0.1, 5)
        .unwrap()
        .into();
    let wf = wf
        .product(PadeJastrow::new(2, 2, 0.4, 1).unwrap().into())
        .unwrap();
    (h, wf)
}

fn samplers() -> Vec<Sampler> {
    vec![
        Sampler::metropolis(1.0, 20).unwrap(),
        Sampler::importance(0.3, 20).unwrap(),
    ]
}

/// E = N d ω/2 with zero variance, for every sampler and both exact ansätze.
#[test]
fn non_interacting_bosons_with_the_exact_wave_function() {
    for (n, d, omega) in [
        (1, 1, 1.0),
        (2, 2, 0.5),
        (3, 3, 1.0),
        (5, 1, 2.0),
        (7, 2, 1.0),
        (10, 3, 0.7),
    ] {
        let h = Hamiltonian::new(n, d, omega, Interaction::None).unwrap();
        let exact = n as f64 * d as f64 * omega / 2.0;
        let mut cases: Vec<(Ansatz, Sampler)> = Vec::new();
        for s in samplers() {
            cases.push((Gaussian::new(n, d, omega / 2.0, 1.0).unwrap().into(), s));
            let rbm = Rbm::new(n, d, 3, (1.0 / omega).sqrt(), RbmForm::F).unwrap();
            cases.push((rbm.into(), s));
        }
        let sqrt_rbm = Rbm::new(n, d, 3, (0.5 / omega).sqrt(), RbmForm::SqrtF).unwrap();
        cases.push((sqrt_rbm.into(), Sampler::gibbs(10)));
        for (wf, s) in cases {
            let name = format!("N={n} d={d} {} {:?}", wf.name(), s.kind());
            let mut vmc = driver(h.clone(), wf, s, 4, 7);
            let r = vmc.sample(4000, None).unwrap();
            let e = r.estimate;
            assert!((e.energy - exact).abs() < 1e-10, "{name}: {}", e.energy);
            assert!(
                e.variance < 1e-18 && e.error < 1e-9,
                "{name}: var {}",
                e.variance
            );
            assert!(
                e.acceptance > 0.3 && e.acceptance <= 1.0,
                "{name}: acceptance {}",
                e.acceptance
            );
        }
    }
}

#[test]
fn elliptical_trap_with_the_exact_gaussian() {
    let (n, omega, beta) = (4, 1.0, 2.82843);
    let h = Hamiltonian::bose_gas(n, 3, omega, beta, 0.0).unwrap();
    for s in samplers() {
        let mut vmc = driver(
            h.clone(),
            Gaussian::new(n, 3, 0.5, beta).unwrap().into(),
            s,
            2,
            1,
        );
        let e = vmc.sample(2000, None).unwrap().estimate;
        assert!((e.energy - n as f64 * (omega + beta * omega / 2.0)).abs() < 1e-10);
        assert!(e.variance < 1e-18);
    }
}

/// A Gaussian away from the optimum has a positive variance and an energy above
/// the exact one; the estimate agrees with the analytic ⟨E⟩ = N d (α/2 + ω²/(8α)).
#[test]
fn gaussian_off_the_optimum_matches_the_analytic_energy() {
    let (n, d, omega, alpha) = (3, 2, 1.0, 0.35);
    let h = Hamiltonian::new(n, d, omega, Interaction::None).unwrap();
    let exact = n as f64 * d as f64 * (alpha / 2.0 + omega * omega / (8.0 * alpha));
    for s in samplers() {
        let mut vmc = driver(
            h.clone(),
            Gaussian::new(n, d, alpha, 1.0).unwrap().into(),
            s,
            4,
            3,
        );
        let e = vmc.sample(200_000, None).unwrap().estimate;
        assert!(e.variance > 1e-3);
        assert!(
            (e.energy - exact).abs() < 4.0 * e.error,
            "{:?}: {} ± {} vs {exact}",
            s.kind(),
            e.energy,
            e.error
        );
    }
}

#[test]
fn same_seed_same_numbers_for_any_thread_count() {
    let (h, wf) = dot_with_rbm_pade();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut vmc = Vmc::new(
                h.clone(),
                wf.clone(),
                Sampler::importance(0.2, 10).unwrap(),
                VmcOptimizer::sr(0.05, 0.01).unwrap(),
                4000,
                8,
                42,
            )
            .unwrap();
            vmc.optimize(3, |_| true).unwrap();
            let r = vmc.sample(4000, None).unwrap();
            (
                vmc.wavefunction().params(),
                r.local_energies,
                vmc.history().clone(),
            )
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn one_body_density_and_pair_distance_of_non_interacting_particles() {
    let (n, d, omega) = (2, 2, 1.0);
    let h = Hamiltonian::new(n, d, omega, Interaction::None).unwrap();
    let mut vmc = driver(
        h,
        Gaussian::new(n, d, omega / 2.0, 1.0).unwrap().into(),
        Sampler::importance(0.5, 50).unwrap(),
        4,
        9,
    );
    let cfg = ObservableConfig::new(20, 3.0).unwrap();
    let obs = vmc.sample(200_000, Some(cfg)).unwrap().observables.unwrap();
    // ρ(r) = N (ω/π)^{d/2} exp(−ω r²) at the bin centres (inner bins, where the
    // density varies little over a bin).
    for i in 2..10 {
        let r = 0.5 * (obs.radial_edges[i] + obs.radial_edges[i + 1]);
        let exact = n as f64 * (omega / std::f64::consts::PI) * (-omega * r * r).exp();
        assert!(
            (obs.radial_density[i] / exact - 1.0).abs() < 0.05,
            "bin {i}: {} vs {exact}",
            obs.radial_density[i]
        );
    }
    // P(r_12 < 3) = 1 − exp(−9/2) for the Rayleigh distribution with σ = 1.
    let pair_mass: f64 = obs.pair_distribution.iter().sum::<f64>() * 3.0 / 20.0;
    assert!(
        (pair_mass - (1.0 - (-4.5f64).exp())).abs() < 0.005,
        "{pair_mass}"
    );
    let plane_mass: f64 = obs.plane_density.iter().sum::<f64>() * (6.0f64 / 20.0).powi(2);
    assert!((plane_mass - n as f64).abs() < 0.01);
    // r_12 is Rayleigh-distributed with σ² = 1/ω: mean √(π/(2ω)).
    let mean = obs.mean_distance.unwrap();
    assert!(
        (mean - (std::f64::consts::PI / (2.0 * omega)).sqrt()).abs() < 0.01,
        "{mean}"
    );
}

/// Every float of the observables, as bits (NaN-safe comparison).
fn observable_bits(o: &Observables) -> Vec<u64> {
    [
        &o.radial_edges,
        &o.radial_density,
        &o.radial_density_error,
        &o.plane_edges,
        &o.plane_density,
        &o.plane_density_error,
        &o.pair_distribution,
        &o.pair_distribution_error,
    ]
    .iter()
    .flat_map(|v| v.iter())
    .chain(o.mean_distance.iter())
    .chain(o.mean_distance_error.iter())
    .map(|v| v.to_bits())
    .collect()
}

#[test]
fn densities_and_their_errors_are_the_same_for_any_thread_count() {
    let (h, wf) = dot_with_rbm_pade();
    let run = |threads: usize, n_chains: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut vmc = Vmc::new(
                h.clone(),
                wf.clone(),
                Sampler::importance(0.2, 10).unwrap(),
                VmcOptimizer::sgd(0.01).unwrap(),
                2000,
                n_chains,
                42,
            )
            .unwrap();
            let cfg = ObservableConfig::new(12, 4.0).unwrap();
            vmc.sample(6000, Some(cfg)).unwrap().observables.unwrap()
        })
    };
    let one = run(1, 6);
    assert!(one.radial_density_error.iter().all(|e| e.is_finite()));
    assert!(one.plane_density_error.iter().any(|e| *e > 0.0));
    assert!(one.pair_distribution_error.iter().any(|e| *e > 0.0));
    assert!(one.mean_distance_error.unwrap() > 0.0);
    assert_eq!(observable_bits(&one), observable_bits(&run(2, 6)));
    // one chain: no spread to measure
    let single = run(2, 1);
    assert!(single.radial_density_error.iter().all(|e| e.is_nan()));
    assert!(single.mean_distance_error.unwrap().is_nan());
}

#[test]
fn gibbs_needs_a_square_root_rbm() {
    let h = Hamiltonian::new(2, 2, 1.0, Interaction::None).unwrap();
    let opt = VmcOptimizer::sgd(0.1).unwrap();
    let g: Ansatz = Gaussian::new(2, 2, 0.5, 1.0).unwrap().into();
    let e = Vmc::new(h.clone(), g, Sampler::gibbs(10), opt.clone(), 100, 1, 0).unwrap_err();
    assert!(e.to_string().contains("Gibbs"), "{e}");
    let f: Ansatz = Rbm::new(2, 2, 2, 1.0, RbmForm::F).unwrap().into();
    assert!(Vmc::new(h.clone(), f, Sampler::gibbs(10), opt.clone(), 100, 1, 0).is_err());
    let r: Ansatz = Rbm::new(3, 2, 2, 1.0, RbmForm::SqrtF).unwrap().into();
    assert!(
        Vmc::new(h, r, Sampler::gibbs(10), opt, 100, 1, 0).is_err(),
        "N mismatch"
    );
}

#[test]
fn bad_driver_and_sampler_settings_are_named() {
    assert_eq!(
        Sampler::metropolis(0.0, 1).unwrap_err().to_string(),
        "step_length must be > 0, got 0"
    );
    assert_eq!(
        Sampler::importance(f64::NAN, 1).unwrap_err().to_string(),
        "dt must be > 0, got NaN"
    );
    let h = Hamiltonian::new(1, 1, 1.0, Interaction::None).unwrap();
    let g: Ansatz = Gaussian::new(1, 1, 0.5, 1.0).unwrap().into();
    let s = Sampler::metropolis(1.0, 1).unwrap();
    let o = VmcOptimizer::sgd(0.1).unwrap();
    let e = Vmc::new(h.clone(), g.clone(), s, o.clone(), 10, 0, 0).unwrap_err();
    assert_eq!(e.to_string(), "n_chains must be >= 1, got 0");
    let mut vmc = Vmc::new(h, g, s, o, 10, 4, 0).unwrap();
    assert_eq!(
        vmc.sample(3, None).unwrap_err().to_string(),
        "n_samples must be >= n_chains = 4, got 3"
    );
    assert!(ObservableConfig::new(0, 1.0).is_err() && ObservableConfig::new(10, -1.0).is_err());
}

/// Absurd steps push proposals to infinity: they are rejected, never turned into NaN.
#[test]
fn walkers_never_move_to_non_finite_positions() {
    let h = Hamiltonian::quantum_dot(2, 2, 1.0).unwrap();
    let wf: Ansatz = Gaussian::new(2, 2, 0.5, 1.0).unwrap().into();
    let wf = wf
        .product(PadeJastrow::new(2, 2, 0.3, 1).unwrap().into())
        .unwrap();
    for s in [
        Sampler::metropolis(1e308, 5).unwrap(),
        Sampler::importance(1e300, 5).unwrap(),
    ] {
        let mut vmc = driver(h.clone(), wf.clone(), s, 2, 3);
        let r = vmc.sample(200, None).unwrap();
        assert!(
            r.estimate.energy.is_finite() && r.estimate.acceptance < 0.05,
            "{:?}",
            r.estimate
        );
        assert!(vmc
            .positions()
            .iter()
            .all(|x| x.iter().all(|v| v.is_finite())));
    }
}

/// Hard-sphere bosons: walkers start outside the cores and never enter them.
#[test]
fn hard_sphere_bosons_stay_outside_the_cores() {
    let (n, a) = (10, 0.0043);
    let h = Hamiltonian::bose_gas(n, 3, 1.0, 2.82843, a).unwrap();
    let wf: Ansatz = Gaussian::new(n, 3, 0.5, 2.82843).unwrap().into();
    let wf = wf
        .product(HardSphereJastrow::new(n, 3, a).unwrap().into())
        .unwrap();
    let mut vmc = driver(h, wf, Sampler::importance(0.1, 50).unwrap(), 2, 5);
    let r = vmc
        .sample(4000, Some(ObservableConfig::new(50, 0.5).unwrap()))
        .unwrap();
    let e = r.estimate;
    // Above the non-interacting N(1 + β/2) = 24.14215: the hard cores raise E/N to
    // about 2.44 for N = 10 at α = ½.
    assert!(
        e.energy > 24.3 && e.energy < 24.5,
        "{} ± {}",
        e.energy,
        e.error
    );
    let p = r.observables.unwrap().pair_distribution;
    assert_eq!(p[0], 0.0, "no pair inside the first bin [0, 0.01) ∋ a");
}

/// The three samplers sample the same |Ψ|²: for a fixed, non-trivial RBM (× Padé–
/// Jastrow) with Coulomb repulsion their energies agree within their error bars.
#[test]
fn samplers_agree_on_an_interacting_system() {
    let h = Hamiltonian::quantum_dot(2, 2, 1.0).unwrap();
    let energy = |wf: Ansatz, s: Sampler| {
        let mut vmc = driver(h.clone(), wf, s, 4, 11);
        vmc.sample(400_000, None).unwrap().estimate
    };
    let agree = |a: &Estimate, b: &Estimate| {
        let sigma = (a.error * a.error + b.error * b.error).sqrt();
        eprintln!(
            "{:.5} ± {:.5} vs {:.5} ± {:.5}",
            a.energy, a.error, b.energy, b.error
        );
        assert!((a.energy - b.energy).abs() < 4.0 * sigma, "{a:?} vs {b:?}");
    };
    let rbm: Ansatz = Rbm::random(2, 2, 3, 1.0, RbmForm::F, 0.3, 8)
        .unwrap()
        .into();
    let wf = rbm
        .product(PadeJastrow::new(2, 2, 0.3, 1).unwrap().into())
        .unwrap();
    let m = energy(wf.clone(), Sampler::metropolis(1.5, 50).unwrap());
    let i = energy(wf, Sampler::importance(0.3, 50).unwrap());
    agree(&m, &i);

    let sqrt_rbm: Ansatz = Rbm::random(2, 2, 3, 0.8, RbmForm::SqrtF, 0.5, 9)
        .unwrap()
        .into();
    let m = energy(sqrt_rbm.clone(), Sampler::metropolis(1.5, 50).unwrap());
    let g = energy(sqrt_rbm, Sampler::gibbs(50));
    assert!(m.variance > 0.01, "a non-trivial test");
    agree(&m, &g);
}

/// A chunked `sample` (as the Python binding runs it, to check for Ctrl-C between
/// chunks) gives bit-for-bit the numbers of one call, and a sampling stopped part way
/// keeps what it collected.
#[test]
fn chunked_sampling_equals_one_call() {
    let (h, wf) = dot_with_rbm_pade();
    let make = || {
        driver(
            h.clone(),
            wf.clone(),
            Sampler::importance(0.2, 7).unwrap(),
            3,
            11,
        )
    };
    let cfg = Some(ObservableConfig::new(10, 3.0).unwrap());
    let whole = make().sample(1001, cfg).unwrap();
    for chunk in [1, 5, 64] {
        let mut vmc = make();
        let mut sampling = vmc.start_sample(1001, cfg).unwrap();
        let mut rounds = 0;
        while !sampling.is_done() {
            vmc.advance(&mut sampling, chunk).unwrap();
            rounds += 1;
        }
        assert!(
            rounds >= (7 + 334) / chunk,
            "chunk {chunk}: {rounds} rounds"
        );
        let chunked = vmc.finish_sample(&sampling);
        assert_eq!(
            chunked.local_energies, whole.local_energies,
            "chunk {chunk}"
        );
        assert_eq!(
            chunked.estimate.energy.to_bits(),
            whole.estimate.energy.to_bits()
        );
        assert_eq!(chunked.observables, whole.observables);
    }
    // Stopped after burn-in and 10 sweeps: 10 samples per chain, all finite.
    let mut vmc = make();
    let mut sampling = vmc.start_sample(1001, cfg).unwrap();
    vmc.advance(&mut sampling, 17).unwrap();
    assert!(!sampling.is_done());
    assert_eq!(sampling.n_collected(), 30);
    let part = vmc.finish_sample(&sampling);
    assert_eq!(part.local_energies.len(), 30);
    assert!(part.estimate.energy.is_finite());
}

/// More samples than memory can hold is a named error, not an abort.
#[test]
fn too_many_samples_is_an_error() {
    let h = Hamiltonian::quantum_dot(1, 1, 1.0).unwrap();
    let mut vmc = driver(
        h,
        Gaussian::new(1, 1, 0.5, 1.0).unwrap().into(),
        Sampler::metropolis(1.0, 0).unwrap(),
        1,
        0,
    );
    let err = vmc.sample(usize::MAX / 2, None).unwrap_err().to_string();
    assert!(err.contains("n_samples"), "{err}");
}
