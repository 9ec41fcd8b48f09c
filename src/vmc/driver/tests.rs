//! Tests of the driver: chains, merges, solvers, simulated MPI ranks.

use super::sampling::tree_cover;
use super::*;
use rand::Rng as _;

/// Chains merged in any grouping give the two-pass covariance.
#[test]
fn co_moments_of_merged_chains_equal_the_two_pass_covariance() {
    let mut rng = crate::rng::stream(1, 0);
    let p = 3;
    let rows: Vec<Vec<f64>> = (0..250)
        .map(|_| {
            (0..p)
                .map(|i| 5.0 * i as f64 + rng.random::<f64>())
                .collect()
        })
        .collect();
    let n = rows.len() as f64;
    let mean: Vec<f64> = (0..p)
        .map(|i| rows.iter().map(|r| r[i]).sum::<f64>() / n)
        .collect();
    let mut total = CoMoment::new(p);
    for chunk in rows.chunks(70) {
        let mut cm = CoMoment::new(p);
        for r in chunk {
            cm.add(r);
        }
        total.merge(&cm);
    }
    let s = total.covariance();
    for i in 0..p {
        assert!((total.mean[i] - mean[i]).abs() < 1e-12);
        for j in 0..p {
            let exact = rows
                .iter()
                .map(|r| (r[i] - mean[i]) * (r[j] - mean[j]))
                .sum::<f64>()
                / n;
            assert!((s[i * p + j] - exact).abs() < 1e-12, "S[{i}][{j}]");
        }
    }
}

use crate::vmc::optimizer::SrSolver;
use crate::vmc::{Interaction, Rbm, RbmForm};

/// A driver for N bosons in a 2-D trap with an RBM of H hidden units
/// (P = 2N + H + 2N·H parameters) and the given SR solver.
fn boson_rbm_sr(n: usize, hidden: usize, solver: SrSolver, n_samples: usize) -> Vmc {
    boson_rbm_sr_chains(n, hidden, solver, n_samples, 4)
}

fn boson_rbm_sr_chains(
    n: usize,
    hidden: usize,
    solver: SrSolver,
    n_samples: usize,
    n_chains: usize,
) -> Vmc {
    let h = Hamiltonian::new(n, 2, 1.0, Interaction::None).unwrap();
    let rbm: Ansatz = Rbm::random(n, 2, hidden, 1.0, RbmForm::F, 0.05, 11)
        .unwrap()
        .into();
    let sr = VmcOptimizer::sr_with(0.05, 0.01, solver, 1e-13, 5000).unwrap();
    Vmc::new(
        h,
        rbm,
        Sampler::metropolis(1.0, 20).unwrap(),
        sr,
        n_samples,
        n_chains,
        5,
    )
    .unwrap()
}

fn update(vmc: &mut Vmc) -> Vec<f64> {
    let before = vmc.wavefunction().params();
    vmc.step().unwrap();
    let after = vmc.wavefunction().params();
    after.iter().zip(&before).map(|(a, b)| a - b).collect()
}

fn solver_used(vmc: &Vmc) -> SrSolver {
    match vmc.optimizer() {
        VmcOptimizer::Sr(sr) => sr.last_solve().unwrap().solver,
        VmcOptimizer::Gradient(_) => unreachable!(),
    }
}

/// 20 particles, 40 hidden units: P = 40 + 40 + 1600 = 1680, n = 1000 < P.
#[test]
fn every_sr_solver_gives_the_same_update_of_a_large_rbm() {
    let mut dense = boson_rbm_sr(20, 40, SrSolver::Dense, 1000);
    assert_eq!(dense.wavefunction().n_params(), 1680);
    let reference = update(&mut dense);
    for solver in [
        SrSolver::ConjugateGradient,
        SrSolver::SampleSpace,
        SrSolver::Auto,
    ] {
        let mut vmc = boson_rbm_sr(20, 40, solver, 1000);
        let delta = update(&mut vmc);
        let diff: f64 = delta
            .iter()
            .zip(&reference)
            .map(|(a, b)| (a - b).powi(2))
            .sum();
        let norm: f64 = reference.iter().map(|b| b * b).sum();
        let err = (diff / norm).sqrt();
        assert!(err < 1e-8, "{solver:?}: relative difference {err:e}");
        assert_eq!(vmc.history(), dense.history());
    }
    assert_eq!(solver_used(&dense), SrSolver::Dense);
}

#[test]
fn auto_uses_dense_sample_space_and_cg_as_documented() {
    use crate::vmc::optimizer::DENSE_MAX_PARAMS;
    // N = 2, 2-D: P = 4 + H + 4H = 4 + 5H.
    let hidden_small = (DENSE_MAX_PARAMS - 4) / 5;
    let hidden_large = hidden_small + 1;
    let p_large = 4 + 5 * hidden_large;
    for (hidden, n_samples, expected) in [
        (hidden_small, 100, SrSolver::Dense),
        (hidden_large, p_large - 1, SrSolver::SampleSpace),
        (hidden_large, p_large, SrSolver::ConjugateGradient),
    ] {
        let mut vmc = boson_rbm_sr(2, hidden, SrSolver::Auto, n_samples);
        vmc.step().unwrap();
        assert_eq!(solver_used(&vmc), expected, "H = {hidden}, n = {n_samples}");
    }
}

#[test]
fn a_cg_step_is_bit_identical_for_one_and_two_threads() {
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let mut vmc = boson_rbm_sr(6, 12, SrSolver::ConjugateGradient, 3000);
                vmc.step().unwrap();
                vmc.step().unwrap();
                vmc.wavefunction().params()
            })
    };
    let bits = |v: Vec<f64>| v.into_iter().map(f64::to_bits).collect::<Vec<_>>();
    assert_eq!(bits(run(1)), bits(run(2)));
}

#[test]
fn too_many_stored_derivatives_is_an_error_naming_n_samples() {
    let mut vmc = boson_rbm_sr(2, 4, SrSolver::ConjugateGradient, usize::MAX / 16);
    let err = vmc.step().unwrap_err().to_string();
    assert!(err.starts_with("n_samples must be small enough"), "{err}");
    assert!(err.contains("solver='dense'"), "{err}");
}

/// Runs `n_steps` steps with the chains split over `ranks` drivers exchanging
/// buffers (as MPI ranks do; threads with a simulated allgather, also for the
/// products of distributed CG), then a sample with observables; returns every
/// rank's parameters, histories and samples.
fn split_run(
    make: &(dyn Fn() -> Vmc + Sync),
    ranks: usize,
    n_steps: usize,
) -> (Vec<Vec<f64>>, Vec<History>, Vec<SampleResult>) {
    let comm = crate::vmc::optimizer::sim::Comm::new(ranks);
    let results = comm.run(|r, comm| {
        let mut d = make();
        let c = d.n_chains();
        d.set_local_chains(r * c / ranks, (r + 1) * c / ranks - r * c / ranks)
            .unwrap();
        for _ in 0..n_steps {
            let mut s = d.start_step().unwrap();
            d.advance(&mut s, usize::MAX).unwrap();
            let bufs = comm.allgather_parts(r, &s.to_buffer());
            let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
            let mut all = d.gather_step(&parts, s).unwrap();
            let exchange = |local: &[f64]| Ok(comm.allgather(r, local));
            d.finish_step_distributed(&mut all, &exchange).unwrap();
        }
        let config = Some(ObservableConfig::new(10, 3.0).unwrap());
        let mut s = d.start_sample(1003, config).unwrap();
        d.advance(&mut s, usize::MAX).unwrap();
        let bufs = comm.allgather_parts(r, &s.to_buffer());
        let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
        let sample = d.finish_sample(&d.gather_sample(&parts, config).unwrap());
        (d.wavefunction().params(), d.history().clone(), sample)
    });
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (p, h, s) in results {
        out.0.push(p);
        out.1.push(h);
        out.2.push(s);
    }
    out
}

/// 1, 2 and 4 "ranks" give bit-identical steps and samples to the driver that
/// runs all chains, for gradient descent and the three SR solvers.
#[test]
fn chains_split_over_ranks_give_identical_numbers() {
    let makers: Vec<Box<dyn Fn() -> Vmc + Sync>> = vec![
        Box::new(|| boson_rbm_sr(3, 4, SrSolver::Dense, 1001)),
        Box::new(|| boson_rbm_sr(3, 4, SrSolver::ConjugateGradient, 1001)),
        Box::new(|| boson_rbm_sr(3, 30, SrSolver::SampleSpace, 101)),
        Box::new(|| {
            let h = Hamiltonian::new(2, 2, 1.0, Interaction::Coulomb).unwrap();
            let rbm: Ansatz = Rbm::random(2, 2, 3, 1.0, RbmForm::F, 0.05, 3)
                .unwrap()
                .into();
            let adam = VmcOptimizer::Gradient(
                crate::nn::optim::Optimizer::new(
                    crate::nn::optim::Method::Adam {
                        beta1: 0.9,
                        beta2: 0.999,
                        eps: 1e-8,
                    },
                    0.01,
                    crate::nn::optim::Schedule::Constant,
                )
                .unwrap(),
            );
            Vmc::new(
                h,
                rbm,
                Sampler::importance(0.1, 10).unwrap(),
                adam,
                999,
                4,
                9,
            )
            .unwrap()
        }),
    ];
    for make in &makers {
        let mut whole = make();
        for _ in 0..3 {
            whole.step().unwrap();
        }
        let config = Some(ObservableConfig::new(10, 3.0).unwrap());
        let sample = whole.sample(1003, config).unwrap();
        for ranks in [1, 2, 3, 4] {
            let (params, histories, samples) = split_run(make.as_ref(), ranks, 3);
            for ((p, h), s) in params.iter().zip(&histories).zip(&samples) {
                assert_eq!(p, &whole.wavefunction().params(), "{ranks} ranks");
                assert_eq!(h, whole.history(), "{ranks} ranks");
                assert_eq!(s, &sample, "{ranks} ranks");
            }
        }
    }
}

/// The merge-tree cover of a range: nodes of the tree, disjoint, in order,
/// covering it, at most 2 log₂ n of them, one for the shares of 2^k processes.
#[test]
fn tree_cover_is_the_fewest_tree_nodes_covering_a_range() {
    fn is_node(lo: usize, hi: usize, l: usize, h: usize) -> bool {
        (l, h) == (lo, hi)
            || (h - l > 1 && {
                let mid = l + (h - l) / 2;
                is_node(lo, hi, l, mid) || is_node(lo, hi, mid, h)
            })
    }
    for n in 1..40 {
        for lo in 0..n {
            for hi in lo + 1..=n {
                let cover = tree_cover(lo, hi, n);
                assert!(cover.iter().all(|&(l, h)| is_node(l, h, 0, n)));
                assert_eq!(cover.first().unwrap().0, lo);
                assert_eq!(cover.last().unwrap().1, hi);
                assert!(cover.windows(2).all(|w| w[0].1 == w[1].0));
                let bound = 2 * (usize::BITS - n.leading_zeros()) as usize;
                assert!(cover.len() <= bound, "{n} {lo} {hi}: {cover:?}");
                // no two neighbours are the halves of one node
                for w in cover.windows(2) {
                    let (l, h) = (w[0].0, w[1].1);
                    assert!(!(is_node(l, h, 0, n) && l + (h - l) / 2 == w[0].1));
                }
            }
        }
    }
    for k in 0..4 {
        let ranks = 1 << k;
        for r in 0..ranks {
            assert_eq!(
                tree_cover(r * 16 / ranks, (r + 1) * 16 / ranks, 16).len(),
                1
            );
        }
    }
}

/// Dense SR on 3, 5 and 6 ranks (30 chains): each rank sends the co-moments of
/// its few tree nodes, not one per chain, and the numbers are bit-for-bit those
/// of one process; so are conjugate gradients on 3 and 5 ranks.
#[test]
fn dense_and_cg_sr_on_3_5_and_6_ranks_give_identical_numbers() {
    for solver in [SrSolver::Dense, SrSolver::ConjugateGradient] {
        let make = move || boson_rbm_sr_chains(3, 4, solver, 930, 30);
        let mut whole = make();
        for _ in 0..2 {
            whole.step().unwrap();
        }
        let config = Some(ObservableConfig::new(10, 3.0).unwrap());
        let sample = whole.sample(1003, config).unwrap();
        for ranks in [3, 5, 6] {
            let (params, histories, samples) = split_run(&make, ranks, 2);
            for ((p, h), s) in params.iter().zip(&histories).zip(&samples) {
                assert_eq!(p, &whole.wavefunction().params(), "{ranks} ranks");
                assert_eq!(h, whole.history(), "{ranks} ranks");
                assert_eq!(s, &sample, "{ranks} ranks");
            }
        }
    }
    // what a rank of 3 sends: its tree nodes' co-moments, 0..7, 7..9, 9..10 for rank 0
    let mut d = boson_rbm_sr_chains(3, 4, SrSolver::Dense, 930, 30);
    let p = d.wavefunction().n_params();
    for (offset, n_nodes) in [(0, 3), (10, 4), (20, 2)] {
        d.set_local_chains(offset, 10).unwrap();
        let mut s = d.start_step().unwrap();
        d.advance(&mut s, usize::MAX).unwrap();
        let buf = s.to_buffer();
        assert_eq!(buf[2] as usize, n_nodes, "chains {offset}..{}", offset + 10);
        let per_chain = 3 + 31 + 2 * p;
        assert_eq!(buf.len(), 3 + n_nodes * (2 + p + p * p) + 10 * per_chain);
    }
}

/// A sample stopped part way (as an interrupted `sample` under MPI stops every
/// rank after the same chunk of sweeps) gathers to the partial result of one
/// process stopped after the same sweeps, on every rank.
#[test]
fn a_sample_stopped_after_the_same_sweeps_gathers_to_the_same_partial_result() {
    let config = Some(ObservableConfig::new(10, 3.0).unwrap());
    let mut whole = boson_rbm_sr(3, 4, SrSolver::Dense, 1001);
    let mut s = whole.start_sample(1003, config).unwrap();
    whole.advance(&mut s, 27).unwrap(); // burn-in 20, then 7 samples per chain
    let partial = whole.finish_sample(&s);
    assert_eq!(partial.estimate.n_samples, 4 * 7);
    let comm = crate::vmc::optimizer::sim::Comm::new(2);
    let samples = comm.run(|r, comm| {
        let mut d = boson_rbm_sr(3, 4, SrSolver::Dense, 1001);
        d.set_local_chains(2 * r, 2).unwrap();
        let mut s = d.start_sample(1003, config).unwrap();
        d.advance(&mut s, 27).unwrap();
        let bufs = comm.allgather_parts(r, &s.to_buffer());
        let parts: Vec<&[f64]> = bufs.iter().map(|b| b.as_slice()).collect();
        d.finish_sample(&d.gather_sample(&parts, config).unwrap())
    });
    for s in samples {
        assert_eq!(s, partial);
    }
}

/// Walkers restored from their states continue bit-for-bit.
#[test]
fn restored_walkers_and_optimizer_continue_bit_for_bit() {
    let mut a = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
    a.step().unwrap();
    let mut b = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
    b.set_params(&a.wavefunction().params()).unwrap();
    b.set_history(a.history().clone()).unwrap();
    b.set_walker_states(&a.walker_states()).unwrap();
    assert_eq!(b.walker_states(), a.walker_states());
    a.step().unwrap();
    b.step().unwrap();
    assert_eq!(a.history(), b.history());
    assert_eq!(a.wavefunction().params(), b.wavefunction().params());
}

#[test]
fn gathered_buffers_of_another_run_are_refused() {
    let mut a = boson_rbm_sr(3, 4, SrSolver::Dense, 500);
    let mut s = a.start_step().unwrap();
    a.advance(&mut s, usize::MAX).unwrap();
    let buf = s.to_buffer();
    let local = |a: &mut Vmc| {
        let mut s = a.start_step().unwrap();
        a.advance(&mut s, usize::MAX).unwrap();
        s
    };
    let l = local(&mut a);
    assert!(a.gather_step(&[&buf[..buf.len() - 1]], l).is_err());
    let l = local(&mut a);
    assert!(a.gather_step(&[&buf, &buf], l).is_err());
    assert!(a.gather_sample(&[&buf], None).is_err());
    let l = local(&mut a);
    assert!(a.gather_step(&[&buf], l).is_ok());
}

/// advance_chain keeps the previous sample's local energy and O after a sweep that
/// accepts nothing, and defers the burn-in's derivative terms: its energies, ΣO,
/// ΣE·O and stored O equal, bit for bit, those of computing everything after every
/// sweep (a moderate step and a large one: few and many rejected sweeps).
#[test]
fn advance_chain_equals_computing_every_sample() {
    use crate::nn::Activation;
    use crate::vmc::observables::local_energy;
    use crate::vmc::{Gaussian, JastrowForm, NeuralJastrow, PadeJastrow, Statistics};
    let (n, d) = (3, 2);
    let h = Hamiltonian::new(n, d, 1.0, Interaction::Coulomb)
        .unwrap()
        .with_statistics(Statistics::Fermions { n_up: 1 })
        .unwrap();
    let nj = NeuralJastrow::random(
        n,
        d,
        1,
        JastrowForm::DeepSets,
        &[4, 4],
        &[4],
        Activation::Tanh,
        false,
        3,
    )
    .unwrap();
    let mut params = nj.params();
    for (i, v) in params.iter_mut().enumerate() {
        *v += 0.01 * (i % 7) as f64;
    }
    let mut wf = Ansatz::from(Gaussian::new(n, d, 0.5, 1.0).unwrap())
        .product(nj.into())
        .unwrap()
        .product(PadeJastrow::new(n, d, 0.3, 1).unwrap().into())
        .unwrap();
    let mut all = wf.params();
    let off = all.len() - params.len() - 1;
    all[off..off + params.len()].copy_from_slice(&params);
    wf.set_params(&all).unwrap();
    let p = wf.n_params();
    for step in [1.5, 6.0] {
        let sampler = Sampler::metropolis(step, 5).unwrap();
        let walker = Walker::new(&wf, &h, 9, 0).unwrap();
        let collect = Collect {
            gradient: true,
            covariance: false,
            derivatives: true,
            share_derivatives: false,
            observables: None,
        };
        let n_samples = 300;
        let mut cursor = ChainCursor::new(n_samples, n_samples, 5, p, collect, &h).unwrap();
        let mut w1 = walker.clone();
        // in chunks of 7 sweeps (burn-in split across chunks too)
        while cursor.samples_left > 0 {
            advance_chain(&mut w1, &mut cursor, &wf, &h, &sampler, 7, collect).unwrap();
        }
        let mut w2 = walker.clone();
        let mut st = wf.state(w2.position());
        let (mut grad, mut o) = (vec![0.0; n * d], vec![0.0; p]);
        let (mut o_sum, mut eo_sum) = (vec![0.0; p], vec![0.0; p]);
        let (mut energies, mut derivatives, mut rejected) = (Vec::new(), Vec::new(), 0);
        for _ in 0..5 {
            w2.sweep(&wf, &mut st, &sampler);
        }
        for _ in 0..n_samples {
            rejected += usize::from(w2.sweep(&wf, &mut st, &sampler) == 0);
            let e = local_energy(&h, &wf, &st, w2.position(), &mut grad);
            wf.param_derivatives(&st, w2.position(), &mut o);
            for i in 0..p {
                o_sum[i] += o[i];
                eo_sum[i] += e * o[i];
            }
            energies.push(e);
            derivatives.extend_from_slice(&o);
        }
        assert!(rejected > 0, "step {step}: no rejected sweep");
        assert_eq!(w1.position(), w2.position());
        assert_eq!(cursor.run.energies, energies);
        assert_eq!(cursor.run.o_sum, o_sum);
        assert_eq!(cursor.run.eo_sum, eo_sum);
        assert_eq!(cursor.run.derivatives, derivatives);
    }
}
