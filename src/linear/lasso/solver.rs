//! Coordinate descent along a path of alphas: screening by the sequential strong
//! rule, sweeps over the working set, and the full KKT check (see the module docs).

use ndarray::{Array2, ArrayView1, ArrayView2};
use rand::Rng as _;

use super::gap::{pull, GapTerms, Penalty};
use super::gram::GramCache;
use super::params::{ElasticNetParams, Form, Selection};
use super::{axpy, dot};
use crate::error::{check_finite, Error, Result};
use crate::rng;

/// The solution at one alpha, for every target.
#[derive(Clone, Debug)]
pub struct AlphaSolution {
    /// Coefficients, n_targets × n_features.
    pub coef: Array2<f64>,
    /// Intercepts b = ȳ − x̄ᵀw (zero without `fit_intercept`), one per target.
    pub intercept: Vec<f64>,
    /// Duality gap divided by n (scikit-learn's `dual_gap_`), one per target.
    pub dual_gap: Vec<f64>,
    /// Coordinate-descent sweeps, one per target.
    pub n_iter: Vec<usize>,
    /// Whether the gap reached tol·‖y‖² within `max_iter` sweeps, one per target.
    pub converged: Vec<bool>,
}

/// One target's problem and its state along the path.
pub(super) struct Target {
    /// ‖y‖² of the (centred) target.
    yy: f64,
    /// ȳ (zero without centring).
    y_mean: f64,
    /// The (centred) target.
    y: Vec<f64>,
    /// q = Xᵀy.
    q: Vec<f64>,
    /// Current coefficients.
    w: Vec<f64>,
    /// Xᵀr = q − Gw at the current w (valid after each full check).
    grad: Vec<f64>,
    /// l₁ at which `grad` was last used for screening, if any.
    l1_prev: Option<f64>,
    /// Generator for random selection.
    rng: rng::Rng,
}

/// Coordinate-descent solver along a path of alphas, sharing the design and its
/// Gram columns between alphas and targets (warm starts from one alpha to the next).
pub struct PathSolver<'a> {
    /// Whether a caller's Gram matrix was set aside because centring moved X (see
    /// [`describes_centred_design`]); the solver then computes its own columns.
    pub gram_dropped: bool,
    gram: GramCache<'a>,
    /// Covariance (Gram) updates when n > p, residual updates otherwise.
    pub(super) covariance: bool,
    targets: Vec<Target>,
    pub(super) params: ElasticNetParams,
}

/// Products of the design supplied by the caller instead of computed (scikit-learn's
/// `precompute` array and `Xy`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Precomputed<'g> {
    /// The Gram matrix G = X_cᵀX_c (p × p) of the design as the solver sees it
    /// (centred when fitting an intercept).
    pub gram: Option<ArrayView2<'g, f64>>,
    /// Xᵀy (p × n_targets), checked against the product the solver computes anyway.
    pub xy: Option<ArrayView2<'g, f64>>,
}

/// Whether a Gram matrix `XᵀX` of the design as given also describes it centred at
/// its column means `x̄` (`|x̄_j| <= 1e-8` for every column, scikit-learn's
/// `np.allclose(X_offset, 0)`). When fitting an intercept, one that does not is set
/// aside (scikit-learn warns "Gram matrix was provided but X was centered").
pub fn describes_centred_design(x_mean: &[f64]) -> bool {
    x_mean.iter().all(|m| m.abs() <= 1e-8)
}

impl<'a> PathSolver<'a> {
    /// Set up the problem for X (n × p) and y (n × n_targets).
    ///
    /// **Errors** on invalid parameters, empty or non-finite input, or mismatched shapes.
    pub fn new(
        x: ArrayView2<'a, f64>,
        y: ArrayView2<f64>,
        params: ElasticNetParams,
    ) -> Result<Self> {
        Self::with_precomputed(x, y, params, Precomputed::default())
    }

    /// [`PathSolver::new`] with a Gram matrix and/or Xᵀy given by the caller. A Gram
    /// matrix selects the covariance form and replaces every Gram column the solver
    /// would compute; it must be symmetric, with the squared column norms of the
    /// (centred) X on its diagonal (relative tolerance 1e-7), as must one
    /// off-diagonal entry, checked exactly as scikit-learn does. Xᵀy must match the
    /// product of the (centred) X and y to the same tolerance.
    ///
    /// **Errors** as [`PathSolver::new`], and naming `precompute` or `Xy` when a
    /// supplied product has the wrong shape, is not finite or does not match X.
    pub fn with_precomputed(
        x: ArrayView2<'a, f64>,
        y: ArrayView2<f64>,
        params: ElasticNetParams,
        pre: Precomputed<'_>,
    ) -> Result<Self> {
        params.validate()?;
        let (n, p) = x.dim();
        if n == 0 || p == 0 {
            return Err(Error::Shape(format!(
                "X must not be empty, got shape ({n}, {p})"
            )));
        }
        if y.nrows() != n {
            return Err(Error::Shape(format!(
                "X and y have inconsistent numbers of samples: X has {n}, y has {}",
                y.nrows()
            )));
        }
        if y.ncols() == 0 {
            return Err(Error::Shape("y must have at least one target".into()));
        }
        check_finite("y", y.iter())?;
        if let Some(g) = pre.gram {
            if g.dim() != (p, p) {
                return Err(Error::Shape(format!(
                    "precompute must be the ({p}, {p}) Gram matrix XᵀX, got shape {:?}",
                    g.dim()
                )));
            }
            check_finite("precompute", g.iter())?;
            if params.form == Form::Residual {
                return Err(Error::param(
                    "precompute",
                    "a Gram matrix requires the covariance form",
                    "the residual form",
                ));
            }
        }
        if let Some(xy) = pre.xy {
            if xy.dim() != (p, y.ncols()) {
                return Err(Error::Shape(format!(
                    "Xy must be Xᵀy of shape ({p}, {}), got {:?}",
                    y.ncols(),
                    xy.dim()
                )));
            }
            check_finite("Xy", xy.iter())?;
        }
        let covariance = match params.form {
            Form::Auto => n > p || pre.gram.is_some(),
            Form::Covariance => true,
            Form::Residual => false,
        };
        let y_means: Vec<f64> = y
            .columns()
            .into_iter()
            .map(|col| {
                if params.fit_intercept {
                    col.sum() / n as f64
                } else {
                    0.0
                }
            })
            .collect();
        let ycs: Vec<Vec<f64>> = y
            .columns()
            .into_iter()
            .zip(&y_means)
            .map(|(col, m)| col.iter().map(|v| v - m).collect())
            .collect();
        let (gram, qs) = GramCache::new(x, params.fit_intercept, covariance, &ycs, params.tuning);
        // NaN or infinity in X shows in the column norms; so does overflow
        if check_scale("X", &gram.diag, &gram.mean).is_err() {
            check_finite("X", x.iter())?;
            return Err(overflow("X"));
        }
        let seed = match params.selection {
            Selection::Random { seed } => seed,
            Selection::Cyclic => 0,
        };
        let targets: Vec<Target> = ycs
            .into_iter()
            .zip(qs)
            .zip(y_means)
            .enumerate()
            .map(|(t, ((yc, q), y_mean))| Target {
                yy: dot(&yc, &yc),
                y: yc,
                y_mean,
                grad: q.clone(),
                q,
                w: vec![0.0; p],
                l1_prev: None,
                rng: rng::stream(seed, t as u64),
            })
            .collect();
        for t in &targets {
            check_scale("y", &[t.yy, t.y_mean], &t.q)?;
        }
        let mut gram = gram;
        let gram_dropped = pre.gram.is_some() && !describes_centred_design(&gram.mean);
        if let Some(g) = pre.gram.filter(|_| !gram_dropped) {
            gram.adopt(g)?;
        }
        if let Some(xy) = pre.xy {
            for (t, (target, col)) in targets.iter().zip(xy.columns()).enumerate() {
                check_xy(&gram, t, target, col)?;
            }
        }
        Ok(PathSolver {
            gram_dropped,
            covariance,
            gram,
            targets,
            params,
        })
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.gram.p
    }

    /// The smallest alpha with w = 0 for every target: max_j |X_jᵀy| / (n ρ), and
    /// under the sign constraint max(0, max_j X_jᵀy) / (n ρ) (as scikit-learn's grid).
    /// Infinite for ρ = 0 (Ridge never zeroes the coefficients).
    pub fn alpha_max(&self) -> f64 {
        let positive = self.params.positive;
        let m = self
            .targets
            .iter()
            .flat_map(|t| t.q.iter())
            .fold(0.0f64, |m, &v| m.max(pull(v, positive)));
        m / (self.gram.n as f64 * self.params.l1_ratio)
    }

    /// Start the next alpha from `coef` (n_targets × n_features) instead of the last solution.
    ///
    /// **Errors** if the shape is wrong or a value is not finite.
    pub fn set_coef(&mut self, coef: ArrayView2<f64>) -> Result<()> {
        if coef.dim() != (self.targets.len(), self.gram.p) {
            return Err(Error::Shape(format!(
                "coef_init must have shape ({}, {}), got {:?}",
                self.targets.len(),
                self.gram.p,
                coef.dim()
            )));
        }
        check_finite("coef_init", coef.iter())?;
        if self.covariance {
            let support: Vec<usize> = (0..self.gram.p)
                .filter(|&j| coef.column(j).iter().any(|&v| v != 0.0))
                .collect();
            self.gram.cache(&support);
        }
        for (t, row) in self.targets.iter_mut().zip(coef.rows()) {
            t.w = row.to_vec();
            t.grad = full_gradient(&self.gram, self.covariance, t);
            t.l1_prev = None;
        }
        Ok(())
    }

    /// Minimise the objective at `alpha`, warm-started from the previous solution.
    ///
    /// **Errors** if alpha is negative or not finite.
    pub fn solve(&mut self, alpha: f64) -> Result<AlphaSolution> {
        self.solve_interruptible(alpha, crate::interrupt::NEVER)
    }

    /// [`PathSolver::solve`], polling `interrupt` after every sweep of coordinate
    /// descent.
    ///
    /// **Errors** as [`PathSolver::solve`], and [`Error::Interrupted`] when
    /// `interrupt` fires: the solver then holds the coefficients of the last
    /// completed working-set pass (a valid warm start, not a solution at `alpha`).
    pub fn solve_interruptible(
        &mut self,
        alpha: f64,
        interrupt: crate::interrupt::Interrupt<'_>,
    ) -> Result<AlphaSolution> {
        if !(alpha >= 0.0 && alpha.is_finite()) {
            return Err(Error::param("alpha", "must be >= 0", alpha));
        }
        let n = self.gram.n as f64;
        let pen = Penalty {
            l1: n * alpha * self.params.l1_ratio,
            l2: n * alpha * (1.0 - self.params.l1_ratio),
            positive: self.params.positive,
        };
        let p = self.gram.p;
        let k = self.targets.len();
        let mut coef = Array2::zeros((k, p));
        let mut out = AlphaSolution {
            coef: Array2::zeros((0, 0)),
            intercept: Vec::with_capacity(k),
            dual_gap: Vec::with_capacity(k),
            n_iter: Vec::with_capacity(k),
            converged: Vec::with_capacity(k),
        };
        for (t, mut row) in (0..k).zip(coef.rows_mut()) {
            let (gap, n_iter, converged) = solve_target(
                &mut self.gram,
                self.covariance,
                &mut self.targets[t],
                &self.params,
                pen,
                interrupt,
            )?;
            let target = &self.targets[t];
            row.assign(&ArrayView1::from(&target.w));
            let intercept = if self.params.fit_intercept {
                target.y_mean - dot(&self.gram.mean, &target.w)
            } else {
                0.0
            };
            out.intercept.push(intercept);
            out.dual_gap.push(gap / n);
            out.n_iter.push(n_iter);
            out.converged.push(converged);
        }
        if !coef.iter().all(|v| v.is_finite()) {
            return Err(overflow("X"));
        }
        out.coef = coef;
        Ok(out)
    }
}

/// Checks a caller's Xᵀy column against the solver's q = Xᵀy of target `t`:
/// |Xy_j − q_j| ≤ 1e-7 (‖x_j‖‖y‖ + |q_j|) for every feature.
fn check_xy(gram: &GramCache, t: usize, target: &Target, xy: ArrayView1<f64>) -> Result<()> {
    let y_norm = target.yy.sqrt();
    for (j, (&given, &q)) in xy.iter().zip(&target.q).enumerate() {
        let scale = gram.diag[j].sqrt() * y_norm + q.abs();
        if (given - q).abs() > 1e-7 * scale {
            return Err(Error::param(
                "Xy",
                &format!("must be Xᵀy of the (centred) X and y (entry ({j}, {t}) is {q:e})"),
                format!("{given:e}"),
            ));
        }
    }
    Ok(())
}

/// The error for data so large that squares of its values overflow.
fn overflow(name: &str) -> Error {
    Error::param(
        name,
        "must be scaled so that squared norms stay finite (standardise the columns)",
        "values too large for double precision",
    )
}

/// Fails with [`overflow`] unless every derived quantity is finite.
fn check_scale(name: &str, a: &[f64], b: &[f64]) -> Result<()> {
    if a.iter().chain(b).all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(overflow(name))
    }
}

/// Xᵀr, as q − Σ_{w_j ≠ 0} w_j G[:, j] in covariance mode (the Gram columns of the
/// support must be cached), else from the residual.
fn full_gradient(gram: &GramCache, covariance: bool, target: &Target) -> Vec<f64> {
    if covariance {
        let mut g = target.q.clone();
        for (j, &wj) in target.w.iter().enumerate() {
            if wj != 0.0 {
                axpy(-wj, gram.column(j), &mut g);
            }
        }
        g
    } else {
        gram.xt(&residual(gram, target))
    }
}

/// r = y − Xw.
fn residual(gram: &GramCache, target: &Target) -> Vec<f64> {
    let mut r = target.y.clone();
    for (j, &wj) in target.w.iter().enumerate() {
        if wj != 0.0 {
            axpy(-wj, gram.column_of_x(j), &mut r);
        }
    }
    r
}

/// Gap terms of the full problem from the gradient Xᵀr.
fn full_gap_terms(target: &Target, pen: Penalty) -> GapTerms {
    let w = &target.w;
    let wq = dot(w, &target.q);
    // wᵀGw = wᵀ(q − Xᵀr).
    let wgw = wq - dot(w, &target.grad);
    let mut terms = GapTerms::new(target.yy, wq, wgw, w);
    for (&g, &wj) in target.grad.iter().zip(w) {
        terms.add_feature(g, wj, pen);
    }
    terms
}

/// Coordinate descent restricted to a working set of features.
trait Restricted {
    /// One coordinate update of the a-th feature of the set.
    fn update(&mut self, a: usize, pen: Penalty);
    /// Duality-gap terms of the restricted problem.
    fn gap_terms(&self, yy: f64, pen: Penalty) -> GapTerms;
    /// Coefficients of the set's features.
    fn coef(&self) -> &[f64];
}

/// Covariance form: Gram sub-block and vectors restricted to the features `set`.
struct WorkingSet {
    set: Vec<usize>,
    /// G[set, set], column-major.
    g: Vec<f64>,
    q: Vec<f64>,
    w: Vec<f64>,
    /// G[set, set] w.
    h: Vec<f64>,
}

impl WorkingSet {
    fn new(gram: &GramCache, target: &Target, set: Vec<usize>) -> Self {
        let m = set.len();
        let mut g = vec![0.0; m * m];
        for (a, &j) in set.iter().enumerate() {
            let col = gram.column(j);
            for (b, &i) in set.iter().enumerate() {
                g[a * m + b] = col[i];
            }
        }
        let q: Vec<f64> = set.iter().map(|&j| target.q[j]).collect();
        let w: Vec<f64> = set.iter().map(|&j| target.w[j]).collect();
        let mut h = vec![0.0; m];
        for (a, &wa) in w.iter().enumerate() {
            if wa != 0.0 {
                axpy(wa, &g[a * m..(a + 1) * m], &mut h);
            }
        }
        WorkingSet { set, g, q, w, h }
    }
}

impl Restricted for WorkingSet {
    #[inline]
    fn update(&mut self, a: usize, pen: Penalty) {
        let m = self.set.len();
        let gaa = self.g[a * m + a];
        let old = self.w[a];
        let new = pen.minimiser(self.q[a] - self.h[a] + gaa * old, gaa);
        if new != old {
            self.w[a] = new;
            axpy(new - old, &self.g[a * m..(a + 1) * m], &mut self.h);
        }
    }

    fn coef(&self) -> &[f64] {
        &self.w
    }

    fn gap_terms(&self, yy: f64, pen: Penalty) -> GapTerms {
        let (wq, wgw) = (dot(&self.w, &self.q), dot(&self.w, &self.h));
        let mut terms = GapTerms::new(yy, wq, wgw, &self.w);
        for ((q, h), &w) in self.q.iter().zip(&self.h).zip(&self.w) {
            terms.add_feature(q - h, w, pen);
        }
        terms
    }
}

/// Residual form: r = y − Xw is updated with each coordinate change.
struct ResidualSet<'a> {
    columns: Vec<&'a [f64]>,
    diag: Vec<f64>,
    w: Vec<f64>,
    r: Vec<f64>,
    y: &'a [f64],
}

impl<'a> ResidualSet<'a> {
    fn new(gram: &'a GramCache, target: &'a Target, set: &[usize]) -> Self {
        ResidualSet {
            columns: set.iter().map(|&j| gram.column_of_x(j)).collect(),
            diag: set.iter().map(|&j| gram.diag[j]).collect(),
            w: set.iter().map(|&j| target.w[j]).collect(),
            r: residual(gram, target),
            y: &target.y,
        }
    }
}

impl Restricted for ResidualSet<'_> {
    #[inline]
    fn update(&mut self, a: usize, pen: Penalty) {
        let (x, gaa, old) = (self.columns[a], self.diag[a], self.w[a]);
        let new = pen.minimiser(dot(x, &self.r) + gaa * old, gaa);
        if new != old {
            self.w[a] = new;
            axpy(old - new, x, &mut self.r);
        }
    }

    fn gap_terms(&self, yy: f64, pen: Penalty) -> GapTerms {
        // r² = yy + wᵀGw − 2wᵀq and rᵀy = yy − wᵀq.
        let wq = yy - dot(&self.r, self.y);
        let wgw = dot(&self.r, &self.r) - yy + 2.0 * wq;
        let mut terms = GapTerms::new(yy, wq, wgw, &self.w);
        for (x, &w) in self.columns.iter().zip(&self.w) {
            terms.add_feature(dot(x, &self.r), w, pen);
        }
        terms
    }

    fn coef(&self) -> &[f64] {
        &self.w
    }
}

/// Sweeps over the working set until its duality gap is at most `tol` or `sweeps`
/// reaches `max_iter`, polling `interrupt` after every sweep.
#[allow(clippy::too_many_arguments)]
fn run_sweeps<R: Restricted>(
    ws: &mut R,
    m: usize,
    target_rng: &mut rng::Rng,
    params: &ElasticNetParams,
    yy: f64,
    pen: Penalty,
    tol: f64,
    sweeps: &mut usize,
    interrupt: crate::interrupt::Interrupt<'_>,
) -> Result<()> {
    while m > 0 && *sweeps < params.max_iter {
        *sweeps += 1;
        match params.selection {
            Selection::Cyclic => (0..m).for_each(|a| ws.update(a, pen)),
            Selection::Random { .. } => (0..m).for_each(|_| {
                let a = target_rng.random_range(0..m);
                ws.update(a, pen)
            }),
        }
        if ws.gap_terms(yy, pen).gap(pen) <= tol {
            break;
        }
        crate::interrupt::check(interrupt)?;
    }
    Ok(())
}

/// Solve one target with penalty `pen`; returns (duality gap, sweeps, converged).
///
/// **Errors** with [`Error::Interrupted`] when `interrupt` fires (polled after every
/// sweep); the target keeps the coefficients of its last completed pass.
fn solve_target(
    gram: &mut GramCache,
    covariance: bool,
    target: &mut Target,
    params: &ElasticNetParams,
    pen: Penalty,
    interrupt: crate::interrupt::Interrupt<'_>,
) -> Result<(f64, usize, bool)> {
    let tol = params.tol * target.yy;
    let l1 = pen.l1;
    // Sequential strong rule: keep the support and pull(X_jᵀ r_prev) ≥ 2l₁ − l₁,prev. A
    // cold start from w = 0 is the solution at l₁,max = max_j pull(X_jᵀy), the top of
    // the path.
    let l1_prev = target.l1_prev.or_else(|| {
        let cold = target.w.iter().all(|&v| v == 0.0);
        cold.then(|| target.grad.iter().fold(0.0f64, |m, &g| m.max(pen.pull(g))))
    });
    let threshold = l1_prev.map_or(l1, |prev| l1.min(2.0 * l1 - prev));
    target.l1_prev = Some(l1);
    let mut in_set: Vec<bool> = (target.w.iter().zip(&target.grad).zip(&gram.diag))
        .map(|((&w, &g), &d)| (w != 0.0 || pen.pull(g) >= threshold) && d > 0.0)
        .collect();
    let mut set: Vec<usize> = (0..gram.p).filter(|&j| in_set[j]).collect();
    let mut sweeps = 0;
    loop {
        let (m, yy) = (set.len(), target.yy);
        let mut rng = target.rng.clone();
        // the sweeps over either kind of working set, to its coefficients
        macro_rules! sweep {
            ($ws:expr) => {{
                let mut ws = $ws;
                run_sweeps(
                    &mut ws,
                    m,
                    &mut rng,
                    params,
                    yy,
                    pen,
                    tol,
                    &mut sweeps,
                    interrupt,
                )?;
                ws.coef().to_vec()
            }};
        }
        let coef = if covariance {
            ensure_cached(gram, &set, &target.grad, pen);
            sweep!(WorkingSet::new(gram, target, set.clone()))
        } else {
            sweep!(ResidualSet::new(gram, target, &set))
        };
        target.rng = rng;
        for (&j, c) in set.iter().zip(coef) {
            target.w[j] = c;
        }
        target.grad = full_gradient(gram, covariance, target);
        let gap = full_gap_terms(target, pen).gap(pen);
        if gap <= tol {
            return Ok((gap, sweeps, true));
        }
        if sweeps >= params.max_iter {
            return Ok((gap, sweeps, false));
        }
        let before = set.len();
        for (j, (inside, (&g, &d))) in in_set
            .iter_mut()
            .zip(target.grad.iter().zip(&gram.diag))
            .enumerate()
        {
            if !*inside && d > 0.0 && pen.pull(g) > l1 {
                *inside = true;
                set.push(j);
            }
        }
        if set.is_empty() || (set.len() == before && !gap.is_finite()) {
            // nothing left to iterate on (only reachable through overflow)
            return Ok((gap, sweeps, false));
        }
    }
}

/// Cache the Gram columns of `set`; when some are missing, compute at least
/// [`GramParams::batch`](super::GramParams::batch) at once, adding the uncached
/// features with the largest pull(X_jᵀr).
fn ensure_cached(gram: &mut GramCache, set: &[usize], grad: &[f64], pen: Penalty) {
    let mut missing: Vec<usize> = set
        .iter()
        .copied()
        .filter(|&j| !gram.is_cached(j))
        .collect();
    if missing.is_empty() {
        return;
    }
    let want = gram.tuning.batch.max(gram.n_cached);
    if missing.len() < want {
        let mut others: Vec<usize> = (0..gram.p)
            .filter(|&j| !gram.is_cached(j) && !missing.contains(&j) && gram.diag[j] > 0.0)
            .collect();
        let extra = (want - missing.len()).min(others.len());
        if extra > 0 {
            others.select_nth_unstable_by(extra - 1, |&a, &b| {
                pen.pull(grad[b]).total_cmp(&pen.pull(grad[a]))
            });
            missing.extend_from_slice(&others[..extra]);
        }
    }
    gram.cache(&missing);
}
