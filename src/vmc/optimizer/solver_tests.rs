//! Tests of the SR solvers: dense, conjugate gradients, sample space, and their
//! distributed forms against one process.

use super::*;
use rand::Rng as _;

/// Random centred derivatives of n samples and P parameters (uneven means and
/// spreads, in three chains of unequal length), their local energies, and S
/// and g by two passes.
struct Problem {
    chains: Vec<Vec<f64>>,
    energies: Vec<f64>,
    energy: f64,
    s: Vec<f64>,
    g: Vec<f64>,
}

impl Problem {
    fn new(n: usize, p: usize, seed: u64) -> Problem {
        let mut rng = crate::rng::stream(seed, 0);
        let centre: Vec<f64> = (0..p).map(|_| rng.random_range(-3.0..3.0)).collect();
        let spread: Vec<f64> = (0..p).map(|_| rng.random_range(0.1..2.0)).collect();
        let mut rows: Vec<f64> = (0..n * p)
            .map(|k| centre[k % p] + spread[k % p] * rng.random_range(-1.0..1.0))
            .collect();
        let energies: Vec<f64> = (0..n)
            .map(|s| 3.0 + rows[s * p] + rng.random::<f64>())
            .collect();
        let nf = n as f64;
        let energy = energies.iter().sum::<f64>() / nf;
        for i in 0..p {
            let mean = (0..n).map(|s| rows[s * p + i]).sum::<f64>() / nf;
            for s in 0..n {
                rows[s * p + i] -= mean;
            }
        }
        let mut s = vec![0.0; p * p];
        let mut g = vec![0.0; p];
        for (row, e) in rows.chunks_exact(p).zip(&energies) {
            for i in 0..p {
                g[i] += 2.0 * (e - energy) * row[i] / nf;
                for j in 0..p {
                    s[i * p + j] += row[i] * row[j] / nf;
                }
            }
        }
        let cut = [0, n / 5, n / 2, n];
        let chains = (0..3)
            .map(|c| rows[cut[c] * p..cut[c + 1] * p].to_vec())
            .collect();
        Problem {
            chains,
            energies,
            energy,
            s,
            g,
        }
    }

    fn derivatives(&self) -> CentredDerivatives<'_> {
        let p = self.g.len();
        CentredDerivatives::new(self.chains.iter().map(|c| c.as_slice()).collect(), p).unwrap()
    }

    fn metric(&self) -> Metric<'_> {
        Metric::Samples {
            derivatives: self.derivatives(),
            local_energies: &self.energies,
            energy: self.energy,
        }
    }

    /// The dense Cholesky solution δ = −η (S + ε 1)⁻¹ g.
    fn dense(&self, eta: f64, eps: f64) -> Vec<f64> {
        let p = self.g.len();
        let mut theta = vec![0.0; p];
        let mut sr = VmcOptimizer::sr_with(eta, eps, SrSolver::Dense, 1e-10, 10).unwrap();
        sr.step(&mut theta, &self.g, Metric::Covariance(&self.s))
            .unwrap();
        theta
    }
}

fn relative_difference(a: &[f64], b: &[f64]) -> f64 {
    let diff: f64 = a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum();
    let norm: f64 = b.iter().map(|y| y * y).sum();
    (diff / norm).sqrt()
}

#[test]
fn cg_and_sample_space_agree_with_the_dense_cholesky_solution() {
    let (eta, eps) = (0.1, 1e-2);
    for (k, (n, p)) in [(40, 5), (3, 5), (50, 60), (200, 60), (120, 300), (700, 300)]
        .into_iter()
        .enumerate()
    {
        let problem = Problem::new(n, p, k as u64);
        let dense = problem.dense(eta, eps);
        for solver in [SrSolver::ConjugateGradient, SrSolver::SampleSpace] {
            let mut theta = vec![0.0; p];
            let mut sr = VmcOptimizer::sr_with(eta, eps, solver, 1e-14, 10 * p).unwrap();
            sr.step(&mut theta, &problem.g, problem.metric()).unwrap();
            let err = relative_difference(&theta, &dense);
            assert!(err < 1e-8, "{solver:?}, n = {n}, P = {p}: {err:e}");
            let VmcOptimizer::Sr(sr) = sr else {
                unreachable!()
            };
            assert_eq!(sr.last_solve().unwrap().solver, solver);
            assert!(sr.last_solve().unwrap().converged);
        }
    }
}

#[test]
fn cg_is_bit_identical_for_one_and_two_threads() {
    let problem = Problem::new(2000, 100, 7);
    let b: Vec<f64> = problem.g.iter().map(|g| -0.1 * g).collect();
    let solve = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| solve_cg(&problem.derivatives(), 1e-3, &b, 1e-12, 500).unwrap())
    };
    let (one, info) = solve(1);
    let (two, _) = solve(2);
    assert!(info.iterations > 5);
    assert_eq!(
        one.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
        two.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    );
}

/// CG with the chains split over simulated processes (threads, each holding
/// only its chains and exchanging the per-chain products S v needs) is
/// bit-for-bit CG with all chains in one place, also with a process holding no
/// rows, and on every process.
#[test]
fn distributed_cg_is_bit_identical_to_one_process() {
    let problem = Problem::new(1500, 40, 11);
    let p = problem.g.len();
    let b: Vec<f64> = problem.g.iter().map(|g| -0.1 * g).collect();
    let (whole, info) = solve_cg(&problem.derivatives(), 1e-3, &b, 1e-12, 500).unwrap();
    assert!(info.iterations > 5);
    let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    // the three chains split as [0, 1 | 2], [0 | 1 | 2], [0, 1, 2 | none]
    for split in [vec![0, 2, 3], vec![0, 1, 2, 3], vec![0, 3, 3]] {
        let comm = sim::Comm::new(split.len() - 1);
        let results = comm.run(|rank, comm| {
            let mine: Vec<&[f64]> = problem.chains[split[rank]..split[rank + 1]]
                .iter()
                .map(|c| c.as_slice())
                .collect();
            let exchange = |local: &[f64]| Ok(comm.allgather(rank, local));
            let range = (split[rank], 3);
            let o = CentredDerivatives::distributed(mine, p, 1500, range, &exchange).unwrap();
            assert!(solve_sample_space(&o, 1e-3, &[0.0; 1500]).is_err());
            solve_cg(&o, 1e-3, &b, 1e-12, 500).unwrap()
        });
        for (x, solve) in results {
            assert_eq!(bits(&x), bits(&whole), "{split:?}");
            assert_eq!(solve, info);
        }
    }
}

/// 13 chains of uneven lengths (one empty) over 1 to 6 simulated processes,
/// and over 4 with a process holding no chains: each process sends only the
/// merge-tree nodes covering its chains (2 + P numbers each), and CG is
/// bit-for-bit that of one process, which sums the same tree.
#[test]
fn distributed_cg_sums_the_merge_tree_bit_identically_on_1_to_6_processes() {
    let problem = Problem::new(1500, 24, 5);
    let p = problem.g.len();
    let rows = problem.chains.concat();
    let cuts = [
        0, 40, 41, 200, 260, 260, 500, 731, 800, 1000, 1111, 1300, 1310, 1500,
    ];
    let chains: Vec<&[f64]> = cuts.windows(2).map(|w| &rows[w[0] * p..w[1] * p]).collect();
    let n = chains.len();
    let b: Vec<f64> = problem.g.iter().map(|g| -0.1 * g).collect();
    let whole = CentredDerivatives::new(chains.clone(), p).unwrap();
    let (x_whole, info) = solve_cg(&whole, 1e-3, &b, 1e-12, 500).unwrap();
    assert!(info.iterations > 5);
    // the tree sum is the chain-order sum up to rounding
    let (x_ref, _) = solve_cg(&problem.derivatives(), 1e-3, &b, 1e-12, 500).unwrap();
    assert!(relative_difference(&x_whole, &x_ref) < 1e-10);
    let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let mut splits: Vec<Vec<usize>> = (1..=6)
        .map(|r| (0..=r).map(|k| k * n / r).collect())
        .collect();
    splits.push(vec![0, 5, 5, 9, n]);
    for split in splits {
        let ranks = split.len() - 1;
        let comm = sim::Comm::new(ranks);
        let results = comm.run(|rank, comm| {
            let (lo, hi) = (split[rank], split[rank + 1]);
            let sent = std::cell::Cell::new(0);
            let exchange = |local: &[f64]| {
                sent.set(local.len());
                Ok(comm.allgather(rank, local))
            };
            let o = CentredDerivatives::distributed(
                chains[lo..hi].to_vec(),
                p,
                1500,
                (lo, n),
                &exchange,
            )
            .unwrap();
            let out = solve_cg(&o, 1e-3, &b, 1e-12, 500).unwrap();
            assert_eq!(sent.get(), tree_cover(lo, hi, n).len() * (2 + p));
            assert!(sent.get() <= (hi - lo) * (2 + p), "{split:?}");
            out
        });
        for (x, solve) in results {
            assert_eq!(bits(&x), bits(&x_whole), "{split:?}");
            assert_eq!(solve, info);
        }
    }
    // an exchange that drops a process's nodes is an error, not a wrong S v
    let exchange = |local: &[f64]| Ok(local.to_vec());
    let o =
        CentredDerivatives::distributed(chains[..5].to_vec(), p, 1500, (0, n), &exchange).unwrap();
    assert!(solve_cg(&o, 1e-3, &b, 1e-12, 500).is_err());
    let o = CentredDerivatives::distributed(chains.clone(), p, 1500, (1, n), &exchange);
    assert!(o.is_err());
}

#[test]
fn unconverged_cg_returns_its_last_iterate() {
    let problem = Problem::new(300, 80, 3);
    let b: Vec<f64> = problem.g.iter().map(|g| -0.1 * g).collect();
    let (x, info) = solve_cg(&problem.derivatives(), 1e-4, &b, 1e-14, 3).unwrap();
    assert_eq!(info.iterations, 3);
    assert!(!info.converged && info.relative_residual > 1e-14);
    assert!(x.iter().all(|v| v.is_finite()) && x.iter().any(|v| *v != 0.0));
}

#[test]
fn a_non_finite_cg_update_is_an_error_advising_a_larger_diag_shift() {
    let rows = [1e300, -1e300, -1e300, 1e300];
    let o = CentredDerivatives::new(vec![&rows], 2).unwrap();
    let err = solve_cg(&o, 1e-3, &[1.0, 2.0], 1e-10, 10).unwrap_err();
    assert!(
        matches!(&err, Error::Numerical(m) if m.contains("diag_shift")),
        "{err}"
    );
    let err = solve_sample_space(&o, 1e-3, &[1.0, 2.0]).unwrap_err();
    assert!(
        matches!(&err, Error::Numerical(m) if m.contains("diag_shift")),
        "{err}"
    );
}

#[test]
fn auto_picks_dense_then_sample_space_then_cg() {
    let d = DENSE_MAX_PARAMS;
    assert_eq!(SrSolver::Auto.resolve(d, 10), SrSolver::Dense);
    assert_eq!(SrSolver::Auto.resolve(d, 1_000_000), SrSolver::Dense);
    assert_eq!(SrSolver::Auto.resolve(d + 1, d), SrSolver::SampleSpace);
    assert_eq!(
        SrSolver::Auto.resolve(d + 1, d + 1),
        SrSolver::ConjugateGradient
    );
    assert_eq!(SrSolver::Dense.resolve(5000, 10), SrSolver::Dense);
    assert_eq!(SrSolver::SampleSpace.resolve(3, 10), SrSolver::SampleSpace);
    let auto = VmcOptimizer::sr(0.1, 0.01).unwrap();
    assert_eq!(auto.metric_kind(d, 10), MetricKind::Covariance);
    assert_eq!(auto.metric_kind(d + 1, 10), MetricKind::Samples);
    assert_eq!(auto.metric_kind(d + 1, d + 1), MetricKind::Products);
    assert_eq!(
        VmcOptimizer::adam(0.1).unwrap().metric_kind(9, 9),
        MetricKind::None
    );
}

#[test]
fn options_are_validated_under_their_python_names() {
    let message = |r: Result<VmcOptimizer>| r.unwrap_err().to_string();
    let sr = |eta, eps, tol, max_iter| {
        VmcOptimizer::sr_with(eta, eps, SrSolver::ConjugateGradient, tol, max_iter)
    };
    assert!(message(sr(0.0, 0.1, 1e-8, 10)).starts_with("learning_rate must be > 0"));
    assert!(message(sr(0.1, f64::NAN, 1e-8, 10)).starts_with("diag_shift must be > 0"));
    assert!(message(sr(0.1, 0.1, -1.0, 10)).starts_with("tol must be > 0"));
    assert!(message(sr(0.1, 0.1, 1e-8, 0)).starts_with("max_iter must be >= 1"));
    assert_eq!(
        SrSolver::parse("lu").unwrap_err().to_string(),
        "solver must be one of 'auto', 'dense', 'cg', 'sample', got \"lu\""
    );
    for solver in [
        SrSolver::Auto,
        SrSolver::Dense,
        SrSolver::ConjugateGradient,
        SrSolver::SampleSpace,
    ] {
        assert_eq!(SrSolver::parse(solver.name()), Ok(solver));
    }
}
