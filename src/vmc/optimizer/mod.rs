//! Optimisers of the variational energy E(θ) = ⟨E_L⟩.
//!
//! The energy gradient is g_i = 2(⟨E_L O_i⟩ − ⟨E_L⟩⟨O_i⟩) with O_i = ∂ ln|Ψ|/∂θ_i.
//!
//! * Gradient methods (SGD with momentum, Adam, …) from [`crate::nn::optim`] step
//!   along −g.
//! * Stochastic reconfiguration (Sorella 1998; Carleo & Troyer 2017): with the
//!   covariance S_ij = ⟨O_i O_j⟩ − ⟨O_i⟩⟨O_j⟩ and a diagonal shift ε, solve
//!   (S + ε 1) δ = −η g and set θ ← θ + δ. [`SrSolver`] chooses how: a dense
//!   Cholesky factorisation of S, conjugate gradients with S applied matrix-free
//!   to the stored samples, or the n × n system of the sample space.
//!
//! With n samples, Ō the n × P matrix of centred derivatives (rows O_s − ⟨O⟩) and
//! E the local energies, S = ŌᵀŌ/n and g = (2/n) Ōᵀ(E − Ē).

use crate::error::{Error, Result};
use crate::linalg;
use crate::nn::optim::{Method, Optimizer, Schedule};
use ndarray::{Array2, ArrayView2};

/// The largest number of parameters for which [`SrSolver::Auto`] accumulates and
/// factorises the dense S.
///
/// Measured on one driver step (after a first) of an RBM for 4 bosons in a 2-D trap,
/// 10⁴ samples, 2 chains, the default CG tolerance 1e-10, on a shared 2-core VM
/// (2026-11-25). Dense costs about n·P² whatever S is; CG costs 2nP per iteration
/// and its iteration count depends on the conditioning of S + ε 1:
///
/// | P | well conditioned¹: dense | CG | ill conditioned²: dense | CG |
/// |---|---|---|---|---|
/// | 53 | 0.030 s | 0.009 s (13 it.) | 0.022 s | 0.055 s (71 it.) |
/// | 197 | 0.144 s | 0.069 s (19 it.) | 0.184 s | 0.469 s (153 it.) |
/// | 395 | 0.571 s | 0.167 s (23 it.) | 0.686 s | 1.387 s (198 it.) |
/// | 755 | | | 2.678 s | 2.795 s (254 it.) |
///
/// ¹ ε = 0.01, parameters ~ N(0, 0.05²); ² ε = 0.001, parameters ~ N(0, 0.5²).
///
/// CG wins by 3–4× when S + ε 1 is well conditioned and loses by up to 2.5× when it
/// is not, up to P ≈ 750 where they break even; 512 keeps the exact dense solve
/// where it is never much slower and hands larger P to the solvers whose memory
/// and per-sample cost are O(P).
pub const DENSE_MAX_PARAMS: usize = 512;

/// How stochastic reconfiguration solves (S + ε 1) δ = −η g, for P parameters and
/// n samples per iteration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SrSolver {
    /// [`SrSolver::Dense`] for P ≤ [`DENSE_MAX_PARAMS`]; otherwise
    /// [`SrSolver::SampleSpace`] when n < P, else [`SrSolver::ConjugateGradient`].
    Auto,
    /// S accumulated while sampling (Welford's co-moment update, O(P²) per sample,
    /// P² numbers in memory), then a Cholesky factorisation of S + ε 1, O(P³/3).
    Dense,
    /// Conjugate gradients on (S + ε 1) δ = −η g, S applied without forming it:
    /// S v = (1/n) Σ_s (O_s − Ō)((O_s − Ō)·v), O(nP) per iteration, n·P stored
    /// derivatives (8 bytes each). Stops when |r| ≤ tol·|η g| or after max_iter
    /// iterations (at most min(n, P) + 1 in exact arithmetic, since S has rank < n).
    ConjugateGradient,
    /// The same δ from the n × n system of the sample space: since g = Ōᵀu with
    /// u = (2/n)(E − Ē), (ŌᵀŌ/n + ε 1)⁻¹ Ōᵀu = Ōᵀ(ŌŌᵀ/n + ε 1)⁻¹ u, so
    /// δ = −η Ōᵀ a with (ŌŌᵀ/n + ε 1) a = u. Exact; the Gram matrix costs O(n²P),
    /// its Cholesky factorisation O(n³/3), memory n·P + n². For n < P.
    SampleSpace,
}

impl SrSolver {
    /// The solver of a Python name: `"auto"`, `"dense"`, `"cg"` or `"sample"`.
    ///
    /// **Errors** on any other name, naming the parameter `solver`.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "auto" => Ok(SrSolver::Auto),
            "dense" => Ok(SrSolver::Dense),
            "cg" => Ok(SrSolver::ConjugateGradient),
            "sample" => Ok(SrSolver::SampleSpace),
            _ => Err(Error::param(
                "solver",
                "must be one of 'auto', 'dense', 'cg', 'sample'",
                format!("{name:?}"),
            )),
        }
    }

    /// The Python name (inverse of [`SrSolver::parse`]).
    pub fn name(self) -> &'static str {
        match self {
            SrSolver::Auto => "auto",
            SrSolver::Dense => "dense",
            SrSolver::ConjugateGradient => "cg",
            SrSolver::SampleSpace => "sample",
        }
    }

    /// The solver used for P parameters and n samples: itself, or for
    /// [`SrSolver::Auto`] the rule documented there.
    pub fn resolve(self, n_params: usize, n_samples: usize) -> SrSolver {
        match self {
            SrSolver::Auto if n_params <= DENSE_MAX_PARAMS => SrSolver::Dense,
            SrSolver::Auto if n_samples < n_params => SrSolver::SampleSpace,
            SrSolver::Auto => SrSolver::ConjugateGradient,
            solver => solver,
        }
    }
}

/// Stochastic reconfiguration: learning rate η, diagonal shift ε, the solver and
/// its conjugate-gradient tolerance and iteration limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Sr {
    learning_rate: f64,
    diag_shift: f64,
    solver: SrSolver,
    tol: f64,
    max_iter: usize,
    last_solve: Option<SrSolve>,
}

impl Sr {
    /// Default relative residual at which conjugate gradients stop.
    pub const DEFAULT_TOL: f64 = 1e-10;
    /// Default iteration limit of conjugate gradients.
    pub const DEFAULT_MAX_ITER: usize = 1000;

    /// The learning rate η.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// The diagonal shift ε.
    pub fn diag_shift(&self) -> f64 {
        self.diag_shift
    }

    /// The solver as configured (possibly [`SrSolver::Auto`]).
    pub fn solver(&self) -> SrSolver {
        self.solver
    }

    /// The relative residual at which conjugate gradients stop.
    pub fn tol(&self) -> f64 {
        self.tol
    }

    /// The iteration limit of conjugate gradients.
    pub fn max_iter(&self) -> usize {
        self.max_iter
    }

    /// How the last update was solved (`None` before the first).
    pub fn last_solve(&self) -> Option<&SrSolve> {
        self.last_solve.as_ref()
    }
}

/// How one SR update was solved.
#[derive(Clone, Debug, PartialEq)]
pub struct SrSolve {
    /// The solver used (never [`SrSolver::Auto`]).
    pub solver: SrSolver,
    /// Conjugate-gradient iterations (0 for the direct solvers).
    pub iterations: usize,
    /// |r|/|η g| at the end of conjugate gradients (0 for the direct solvers).
    pub relative_residual: f64,
    /// Whether the solve reached `tol` (always true for the direct solvers); an
    /// unconverged conjugate-gradient update is the last iterate.
    pub converged: bool,
}

/// What the SR solver needs from a sampling run, besides the gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// Nothing (gradient methods).
    None,
    /// The dense covariance S.
    Covariance,
    /// Every sample's derivatives and local energy, all of them in one place
    /// ([`SrSolver::SampleSpace`], which builds the n × n matrix).
    Samples,
    /// Every sample's derivatives, used only through products S v
    /// ([`SrSolver::ConjugateGradient`]): under MPI they stay on the process that
    /// drew them (see [`CentredDerivatives::distributed`]).
    Products,
}

/// Gathers this process's buffer of S v partial products (the merge-tree nodes
/// covering its chains, each as `lo, hi` and P numbers, see
/// [`CentredDerivatives::distributed`]) from every process and returns all
/// processes' buffers concatenated in rank order: an MPI allgather(v).
pub type Exchange<'a> = &'a dyn Fn(&[f64]) -> Result<Vec<f64>>;

/// The fewest nodes of the binary tree over the chains 0..n (every range lo..hi
/// split at lo + ⌊(hi − lo)/2⌋) that cover lo..hi, left to right: one if lo..hi is
/// a node (a power-of-two number of processes dividing n), at most about 2 log₂ n.
/// Dense SR merges its co-moments and CG sums its partial products S v over this
/// tree, in one process too.
pub(crate) fn tree_cover(lo: usize, hi: usize, n: usize) -> Vec<(usize, usize)> {
    fn visit(l: usize, h: usize, lo: usize, hi: usize, out: &mut Vec<(usize, usize)>) {
        if h <= lo || l >= hi || l >= h {
            return;
        }
        if lo <= l && h <= hi {
            out.push((l, h));
            return;
        }
        let mid = l + (h - l) / 2;
        visit(l, mid, lo, hi, out);
        visit(mid, h, lo, hi, out);
    }
    let mut out = Vec::new();
    visit(0, n, lo, hi, &mut out);
    out
}

/// The sum over the chains l..h of P-vectors in the fixed merge tree of
/// [`tree_cover`]: `known(l, h)` gives a node's sum where it is known (a chain's
/// own vector, or a node another process summed the same way), otherwise the node
/// is the sum of its two halves, left + right. None if a chain is not known.
fn tree_sum<'k>(
    l: usize,
    h: usize,
    known: &dyn Fn(usize, usize) -> Option<&'k [f64]>,
) -> Option<Vec<f64>> {
    if let Some(v) = known(l, h) {
        return Some(v.to_vec());
    }
    if h - l <= 1 {
        return None;
    }
    let mid = l + (h - l) / 2;
    let mut left = tree_sum(l, mid, known)?;
    let right = tree_sum(mid, h, known)?;
    for (a, b) in left.iter_mut().zip(&right) {
        *a += b;
    }
    Some(left)
}

/// The parameter derivatives of a run, centred (rows O_s − Ō): chain c's rows,
/// row-major, in `chains[c]`, chains in chain order; with an [`Exchange`], only
/// this process's chains, the others' entering S v through their partial products.
#[derive(Clone)]
pub struct CentredDerivatives<'a> {
    chains: Vec<&'a [f64]>,
    n_params: usize,
    n_samples: usize,
    /// Global index of the first chain here and number of chains of all processes.
    first: usize,
    n_total: usize,
    exchange: Option<Exchange<'a>>,
}

impl std::fmt::Debug for CentredDerivatives<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CentredDerivatives")
            .field("n_chains", &self.chains.len())
            .field("n_params", &self.n_params)
            .field("n_samples", &self.n_samples)
            .field("distributed", &self.exchange.is_some())
            .finish()
    }
}

/// Rows of the centred derivatives per block of the matrix-free product S v: the
/// partial sums of a block are added in block order within a chain, chains in
/// chain order, so S v does not depend on the number of threads.
const BLOCK_ROWS: usize = 256;

impl<'a> CentredDerivatives<'a> {
    /// The centred rows of each chain (row-major, P columns).
    ///
    /// **Errors** if a chain's length is not a multiple of P or there are no rows.
    pub fn new(chains: Vec<&'a [f64]>, n_params: usize) -> Result<Self> {
        if n_params == 0 || chains.iter().any(|c| c.len() % n_params != 0) {
            return Err(Error::Shape(format!(
                "the stored derivatives are not rows of {n_params} parameters"
            )));
        }
        let n_samples = chains.iter().map(|c| c.len()).sum::<usize>() / n_params;
        if n_samples == 0 {
            return Err(Error::Shape("SR needs at least one sample".into()));
        }
        let n_total = chains.len();
        Ok(CentredDerivatives {
            chains,
            n_params,
            n_samples,
            first: 0,
            n_total,
            exchange: None,
        })
    }

    /// The centred rows of this process's chains, the global chains
    /// `first..first + chains.len()` of `n_total`, out of `n_samples` samples of
    /// all processes' chains. For S v each process sums its chains' partial
    /// products into the merge-tree nodes covering them ([`tree_cover`]), sends
    /// those nodes (`lo, hi` and P numbers each) through `exchange`, and every
    /// process sums all nodes in the fixed tree: bit-for-bit the S v of
    /// [`CentredDerivatives::new`] with every chain here. Only [`solve_cg`] can use
    /// it (one exchange of (2 + P) × nodes numbers per process and iteration).
    ///
    /// **Errors** as [`CentredDerivatives::new`], if `n_samples` is fewer than the
    /// local rows, or the chains are not within `n_total`.
    pub fn distributed(
        chains: Vec<&'a [f64]>,
        n_params: usize,
        n_samples: usize,
        (first, n_total): (usize, usize),
        exchange: Exchange<'a>,
    ) -> Result<Self> {
        if first
            .checked_add(chains.len())
            .is_none_or(|end| end > n_total)
        {
            return Err(Error::Shape(format!(
                "the chains {first}..{} here are not among the {n_total} chains of all processes",
                first.saturating_add(chains.len())
            )));
        }
        if n_params == 0 || chains.iter().any(|c| c.len() % n_params != 0) {
            return Err(Error::Shape(format!(
                "the stored derivatives are not rows of {n_params} parameters"
            )));
        }
        let here = chains.iter().map(|c| c.len()).sum::<usize>() / n_params;
        if n_samples == 0 || n_samples < here {
            return Err(Error::Shape(format!(
                "SR over {n_samples} samples in all, fewer than the {here} here"
            )));
        }
        let mut local = CentredDerivatives {
            chains,
            n_params,
            n_samples,
            first,
            n_total,
            exchange: None,
        };
        local.exchange = Some(exchange);
        Ok(local)
    }

    /// Number of samples n.
    pub fn n_samples(&self) -> usize {
        self.n_samples
    }

    /// Number of parameters P.
    pub fn n_params(&self) -> usize {
        self.n_params
    }

    /// The partial products Σ_s Ō_s (Ō_s·v) of each chain here (row c of the
    /// result, n_chains × P): blocks of rows in parallel, added in block order.
    fn chain_products(&self, v: &[f64]) -> Vec<f64> {
        let p = self.n_params;
        let blocks: Vec<(usize, &[f64])> = self
            .chains
            .iter()
            .enumerate()
            .flat_map(|(c, rows)| rows.chunks(BLOCK_ROWS * p).map(move |b| (c, b)))
            .collect();
        let rows: usize = self.chains.iter().map(|c| c.len()).sum();
        let parallel = rows >= 1 << 16;
        let parts = linalg::map_maybe_parallel(blocks, parallel, |(c, block)| {
            let mut part = vec![0.0; p];
            for row in block.chunks_exact(p) {
                axpy(dot(row, v), row, &mut part);
            }
            (c, part)
        });
        let mut out = vec![0.0; self.chains.len() * p];
        for (c, part) in &parts {
            axpy(1.0, part, &mut out[c * p..(c + 1) * p]);
        }
        out
    }

    /// This process's S v buffer: for each merge-tree node covering its chains
    /// (left to right), `lo, hi` and the node's sum of the chains' partial products.
    fn node_buffer(&self, v: &[f64]) -> Vec<f64> {
        let p = self.n_params;
        let parts = self.chain_products(v);
        let (first, end) = (self.first, self.first + self.chains.len());
        let leaf = |l: usize, h: usize| {
            (h == l + 1 && first <= l && h <= end).then(|| &parts[(l - first) * p..(h - first) * p])
        };
        let mut out = Vec::new();
        for (lo, hi) in tree_cover(first, end, self.n_total) {
            out.extend([lo as f64, hi as f64]);
            out.extend(tree_sum(lo, hi, &leaf).expect("the node's chains are here"));
        }
        out
    }

    /// S v + ε v with S v = (1/n) Σ_s Ō_s (Ō_s·v): the chains' partial products
    /// ([`CentredDerivatives::chain_products`]) summed into the merge-tree nodes
    /// covering this process's chains, those of all processes (if distributed)
    /// summed in the fixed tree, so S v depends neither on the number of threads
    /// nor on that of processes.
    ///
    /// **Errors** if the exchange fails or its nodes do not cover all chains.
    fn apply_shifted(&self, v: &[f64], diag_shift: f64) -> Result<Vec<f64>> {
        let p = self.n_params;
        let local = self.node_buffer(v);
        let all = match self.exchange {
            Some(exchange) => exchange(&local)?,
            None => local,
        };
        let bad = || {
            Error::Shape(format!(
                "the exchanged products of S v ({} numbers) are not tree nodes of {p} \
                 covering the {} chains of all processes",
                all.len(),
                self.n_total
            ))
        };
        let mut nodes = std::collections::HashMap::new();
        let mut next = 0;
        for node in all.chunks(2 + p) {
            if node.len() != 2 + p || node[0] != next as f64 || node[1] <= node[0] {
                return Err(bad());
            }
            let (lo, hi) = (node[0] as usize, node[1] as usize);
            nodes.insert((lo, hi), &node[2..]);
            next = hi;
        }
        if next != self.n_total {
            return Err(bad());
        }
        let mut total =
            tree_sum(0, self.n_total, &|l, h| nodes.get(&(l, h)).copied()).ok_or_else(bad)?;
        let n = self.n_samples as f64;
        for (t, vi) in total.iter_mut().zip(v) {
            *t = *t / n + diag_shift * vi;
        }
        Ok(total)
    }

    /// The rows as one n × P array, chains in chain order.
    fn matrix(&self) -> Array2<f64> {
        let rows: Vec<f64> = self.chains.concat();
        Array2::from_shape_vec((self.n_samples, self.n_params), rows)
            .expect("the rows are n_samples × n_params")
    }
}

/// a·b in four lanes (so that the loop vectorises; the order is fixed).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (a4.remainder(), b4.remainder());
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            lanes[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}

/// y ← y + a x.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

fn not_finite_error(what: &str) -> Error {
    Error::Numerical(format!(
        "the SR update is not finite ({what}): S + diag_shift·1 is too ill-conditioned for the \
         samples; raise diag_shift (or lower the learning rate)"
    ))
}

/// Solves (S + ε 1) δ = b by conjugate gradients with S applied matrix-free to the
/// centred derivatives, from δ = 0; stops when |r| ≤ tol·|b| or after `max_iter`
/// iterations, returning the last iterate.
///
/// **Errors** [`Error::Numerical`] (advising a larger diag_shift) if an iterate is
/// not finite.
pub fn solve_cg(
    o: &CentredDerivatives<'_>,
    diag_shift: f64,
    b: &[f64],
    tol: f64,
    max_iter: usize,
) -> Result<(Vec<f64>, SrSolve)> {
    let p = o.n_params;
    if b.len() != p {
        return Err(Error::Shape(format!(
            "SR with {p} parameters got a right-hand side of {}",
            b.len()
        )));
    }
    let mut x = vec![0.0; p];
    let mut r = b.to_vec();
    let mut dir = r.clone();
    let mut rr = dot(&r, &r);
    let b_norm = rr.sqrt();
    if !b_norm.is_finite() {
        return Err(not_finite_error("the gradient"));
    }
    let mut solve = SrSolve {
        solver: SrSolver::ConjugateGradient,
        iterations: 0,
        relative_residual: 0.0,
        converged: true,
    };
    if b_norm == 0.0 {
        return Ok((x, solve));
    }
    solve.converged = false;
    solve.relative_residual = 1.0;
    for k in 1..=max_iter {
        let a_dir = o.apply_shifted(&dir, diag_shift)?;
        let curvature = dot(&dir, &a_dir);
        let alpha = rr / curvature;
        if !(alpha.is_finite() && curvature > 0.0) {
            return Err(not_finite_error(&format!(
                "conjugate gradients met the curvature {curvature} at iteration {k}"
            )));
        }
        axpy(alpha, &dir, &mut x);
        axpy(-alpha, &a_dir, &mut r);
        let rr_new = dot(&r, &r);
        solve.iterations = k;
        solve.relative_residual = rr_new.sqrt() / b_norm;
        if !solve.relative_residual.is_finite() {
            return Err(not_finite_error(&format!(
                "conjugate gradients diverged at iteration {k}"
            )));
        }
        if solve.relative_residual <= tol {
            solve.converged = true;
            break;
        }
        let beta = rr_new / rr;
        rr = rr_new;
        for (d, ri) in dir.iter_mut().zip(&r) {
            *d = ri + beta * *d;
        }
    }
    if x.iter().all(|v| v.is_finite()) {
        Ok((x, solve))
    } else {
        Err(not_finite_error("conjugate gradients"))
    }
}

/// Solves (ŌᵀŌ/n + ε 1) δ = Ōᵀu in the sample space: δ = Ōᵀ a with
/// (ŌŌᵀ/n + ε 1) a = u (n × n Gram matrix by [`linalg::matmul`], Cholesky by
/// [`linalg::cholesky_solve`]).
///
/// **Errors** [`Error::Shape`] if u has not n entries; [`Error::Numerical`]
/// (advising a larger diag_shift) if the system is not positive definite or δ not
/// finite.
pub fn solve_sample_space(
    o: &CentredDerivatives<'_>,
    diag_shift: f64,
    u: &[f64],
) -> Result<Vec<f64>> {
    let (n, p) = (o.n_samples, o.n_params);
    if o.exchange.is_some() {
        return Err(Error::Shape(
            "the sample-space SR solver needs the derivatives of all samples in one place, not distributed"
                .into(),
        ));
    }
    if u.len() != n {
        return Err(Error::Shape(format!(
            "the sample-space SR with {n} samples got {} coefficients",
            u.len()
        )));
    }
    let c = o.matrix();
    let mut k = linalg::matmul(c.view(), c.t());
    let inv_n = 1.0 / n as f64;
    for i in 0..n {
        for j in 0..=i {
            k[[i, j]] *= inv_n;
        }
        k[[i, i]] += diag_shift;
    }
    let u = ArrayView2::from_shape((n, 1), u).expect("u has n entries");
    let a = linalg::cholesky_solve(k.view(), u)
        .map_err(|_| not_finite_error("the sample-space matrix is not positive definite"))?;
    let mut delta = vec![0.0; p];
    for (row, ai) in c.rows().into_iter().zip(a.column(0)) {
        for (d, oi) in delta.iter_mut().zip(row) {
            *d += ai * oi;
        }
    }
    if delta.iter().all(|v| v.is_finite()) {
        Ok(delta)
    } else {
        Err(not_finite_error("the sample-space solve"))
    }
}

/// The optimiser of a VMC run.
#[derive(Clone, Debug, PartialEq)]
pub enum VmcOptimizer {
    /// A first-order method on the energy gradient.
    Gradient(Optimizer),
    /// Stochastic reconfiguration.
    Sr(Sr),
}

/// What [`VmcOptimizer::step`] gets from the sampling run besides the gradient.
#[derive(Clone, Debug)]
pub enum Metric<'a> {
    /// Nothing (gradient methods).
    None,
    /// The covariance S, row-major P × P ([`SrSolver::Dense`]).
    Covariance(&'a [f64]),
    /// The centred derivatives and local energies of every sample (in the same
    /// order), and their mean Ē ([`SrSolver::ConjugateGradient`],
    /// [`SrSolver::SampleSpace`]).
    Samples {
        /// Rows O_s − Ō.
        derivatives: CentredDerivatives<'a>,
        /// E_L of each row.
        local_energies: &'a [f64],
        /// Ē = ⟨E_L⟩.
        energy: f64,
    },
}

fn positive(name: &str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::param(name, "must be > 0", v))
    }
}

impl VmcOptimizer {
    /// Plain gradient descent θ ← θ − η g.
    ///
    /// **Errors** if η ≤ 0.
    pub fn sgd(learning_rate: f64) -> Result<Self> {
        Ok(VmcOptimizer::Gradient(Optimizer::new(
            Method::sgd(),
            learning_rate,
            Schedule::Constant,
        )?))
    }

    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    ///
    /// **Errors** if η ≤ 0.
    pub fn adam(learning_rate: f64) -> Result<Self> {
        Ok(VmcOptimizer::Gradient(Optimizer::new(
            Method::adam(),
            learning_rate,
            Schedule::Constant,
        )?))
    }

    /// Stochastic reconfiguration with learning rate η and diagonal shift ε and
    /// the solver [`SrSolver::Auto`] (with [`Sr::DEFAULT_TOL`] and
    /// [`Sr::DEFAULT_MAX_ITER`] for conjugate gradients).
    ///
    /// **Errors** if η ≤ 0 or ε ≤ 0.
    pub fn sr(learning_rate: f64, diag_shift: f64) -> Result<Self> {
        Self::sr_with(
            learning_rate,
            diag_shift,
            SrSolver::Auto,
            Sr::DEFAULT_TOL,
            Sr::DEFAULT_MAX_ITER,
        )
    }

    /// Stochastic reconfiguration with learning rate η, diagonal shift ε, the
    /// given solver and, for conjugate gradients, the relative residual `tol` at
    /// which they stop and their iteration limit `max_iter`.
    ///
    /// **Errors** if η ≤ 0, ε ≤ 0, tol ≤ 0 (or any of them not finite) or
    /// max_iter < 1.
    pub fn sr_with(
        learning_rate: f64,
        diag_shift: f64,
        solver: SrSolver,
        tol: f64,
        max_iter: usize,
    ) -> Result<Self> {
        positive("learning_rate", learning_rate)?;
        positive("diag_shift", diag_shift)?;
        positive("tol", tol)?;
        if max_iter < 1 {
            return Err(Error::param("max_iter", "must be >= 1", max_iter));
        }
        Ok(VmcOptimizer::Sr(Sr {
            learning_rate,
            diag_shift,
            solver,
            tol,
            max_iter,
            last_solve: None,
        }))
    }

    /// What [`VmcOptimizer::step`] needs from a run of `n_samples` samples of
    /// `n_params` parameter derivatives.
    pub fn metric_kind(&self, n_params: usize, n_samples: usize) -> MetricKind {
        match self {
            VmcOptimizer::Gradient(_) => MetricKind::None,
            VmcOptimizer::Sr(sr) => match sr.solver.resolve(n_params, n_samples) {
                SrSolver::Dense => MetricKind::Covariance,
                SrSolver::ConjugateGradient => MetricKind::Products,
                _ => MetricKind::Samples,
            },
        }
    }

    /// Forgets moments and step counts.
    pub fn reset(&mut self) {
        if let VmcOptimizer::Gradient(o) = self {
            o.reset();
        }
    }

    /// One update of `params` from the energy gradient `grad` and, for SR, the
    /// metric of [`VmcOptimizer::metric_kind`].
    ///
    /// **Errors** on mismatched lengths, a metric other than the solver needs, an
    /// S + ε 1 that is not positive definite, or a non-finite SR update.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], metric: Metric<'_>) -> Result<()> {
        match self {
            VmcOptimizer::Gradient(o) => o.step(params, grad),
            VmcOptimizer::Sr(sr) => {
                let p = params.len();
                if grad.len() != p {
                    return Err(Error::Shape(format!(
                        "SR with {p} parameters got a gradient of {} entries",
                        grad.len()
                    )));
                }
                let (delta, solve) = sr_update(sr, grad, metric)?;
                for (t, d) in params.iter_mut().zip(&delta) {
                    *t += d;
                }
                sr.last_solve = Some(solve);
                Ok(())
            }
        }
    }
}

/// δ = −η (S + ε 1)⁻¹ g by the solver the metric was collected for.
fn sr_update(sr: &Sr, grad: &[f64], metric: Metric<'_>) -> Result<(Vec<f64>, SrSolve)> {
    let p = grad.len();
    let direct = |solver| SrSolve {
        solver,
        iterations: 0,
        relative_residual: 0.0,
        converged: true,
    };
    match metric {
        Metric::Covariance(s) if matches!(sr.solver, SrSolver::Auto | SrSolver::Dense) => {
            if s.len() != p * p {
                return Err(Error::Shape(format!(
                    "SR with {p} parameters got S of {} entries",
                    s.len()
                )));
            }
            let mut a = s.to_vec();
            for i in 0..p {
                a[i * p + i] += sr.diag_shift;
            }
            let mut delta: Vec<f64> = grad.iter().map(|g| -sr.learning_rate * g).collect();
            cholesky_solve(&mut a, p, &mut delta)?;
            Ok((delta, direct(SrSolver::Dense)))
        }
        Metric::Samples {
            derivatives,
            local_energies,
            energy,
        } if derivatives.n_params() == p => {
            let n = derivatives.n_samples();
            match sr.solver.resolve(p, n) {
                SrSolver::ConjugateGradient => {
                    let b: Vec<f64> = grad.iter().map(|g| -sr.learning_rate * g).collect();
                    solve_cg(&derivatives, sr.diag_shift, &b, sr.tol, sr.max_iter)
                }
                SrSolver::SampleSpace => {
                    let scale = -sr.learning_rate * 2.0 / n as f64;
                    let u: Vec<f64> = local_energies.iter().map(|e| scale * (e - energy)).collect();
                    let delta = solve_sample_space(&derivatives, sr.diag_shift, &u)?;
                    Ok((delta, direct(SrSolver::SampleSpace)))
                }
                _ => Err(Error::Shape(
                    "the dense SR solver needs the matrix S, not the samples".into(),
                )),
            }
        }
        _ => Err(Error::Shape(format!(
            "stochastic reconfiguration with solver '{}' did not get the metric it needs for {p} parameters",
            sr.solver.name()
        ))),
    }
}

/// Solves A z = b in place for a symmetric positive-definite A (row-major n × n,
/// overwritten by its Cholesky factor); `b` becomes z.
///
/// **Errors** with [`Error::Numerical`] naming the failing pivot if A is not
/// positive definite.
pub fn cholesky_solve(a: &mut [f64], n: usize, b: &mut [f64]) -> Result<()> {
    for j in 0..n {
        let mut diag = a[j * n + j];
        for k in 0..j {
            diag -= a[j * n + k] * a[j * n + k];
        }
        if diag.is_nan() || diag <= 0.0 || diag.is_infinite() {
            return Err(Error::Numerical(format!(
                "the SR matrix is not positive definite (pivot {j} is {diag}); increase diag_shift"
            )));
        }
        let l = diag.sqrt();
        a[j * n + j] = l;
        for i in (j + 1)..n {
            let mut v = a[i * n + j];
            for k in 0..j {
                v -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = v / l;
        }
    }
    for i in 0..n {
        let mut v = b[i];
        for k in 0..i {
            v -= a[i * n + k] * b[k];
        }
        b[i] = v / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut v = b[i];
        for k in (i + 1)..n {
            v -= a[k * n + i] * b[k];
        }
        b[i] = v / a[i * n + i];
    }
    Ok(())
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod solver_tests;

#[cfg(test)]
pub(crate) mod sim;
