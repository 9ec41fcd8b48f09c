//! Lasso and ElasticNet by coordinate descent, with scikit-learn's objective
//!
//! ```text
//!   P(w) = 1/(2n) ‖y − Xw − b‖² + α ρ ‖w‖₁ + ½ α (1 − ρ) ‖w‖²        (ρ = l1_ratio)
//! ```
//!
//! (Friedman, Hastie & Tibshirani, J. Stat. Softw. 33 (2010)). The intercept b is
//! handled by centering X and y; each column of a multi-target y is an independent
//! problem. Multiplied by n, the problem reads ½‖y − Xw‖² + l₁‖w‖₁ + ½ l₂‖w‖² with
//! l₁ = nαρ, l₂ = nα(1 − ρ), and the coordinate update is
//!
//! ```text
//!   w_j ← S(X_jᵀ r + G_jj w_j, l₁) / (G_jj + l₂),   S(z, t) = sign(z) max(|z| − t, 0),
//! ```
//!
//! with r = y − Xw. When n > p it is written in covariance form, Xᵀr = Xᵀy − G w with
//! G = XᵀX, but only the Gram columns of features that have ever been candidates
//! are computed (lazily, and cached across alphas and targets). X is then read as
//! given, never copied: each block of new columns is one pass over its rows, centred
//! on the fly, and the blocks grow geometrically so that the passes stay few and the
//! matrix products wide. When p ≥ n the residual r is updated instead
//! (r ← r − Δw_j X_j) on a centred column-major copy of X.
//!
//! At each alpha of a path the solver
//! 1. screens with the sequential strong rule (Tibshirani et al., J. R. Stat. Soc. B
//!    74 (2012)): the working set is the current support plus every feature with
//!    |X_jᵀ r(α_prev)| ≥ 2l₁ − l₁,prev;
//! 2. runs coordinate descent on the working set until the duality gap of the
//!    restricted problem is below tol·‖y‖²;
//! 3. checks the full KKT conditions, |X_jᵀ r| ≤ l₁ for every feature outside the
//!    working set, and repeats from 2 with the violators added.
//!
//! It stops when scikit-learn's duality gap of the full problem is below tol·‖y‖²,
//! so the answer is as exact as scikit-learn's at the same `tol`.

use ndarray::{Array2, ArrayView1, ArrayView2, CowArray, Ix2};
use rand::Rng as _;
use rayon::prelude::*;

use crate::error::{check_finite, Error, Result};
use crate::rng;

/// Order in which coordinates are updated within a sweep.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Selection {
    /// Features in index order.
    Cyclic,
    /// A feature drawn uniformly at random for each update, from the stream `seed`.
    Random { seed: u64 },
}

/// Which form of coordinate descent to run (scikit-learn's `precompute`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Covariance (Gram) form when n > p, residual form otherwise.
    Auto,
    /// Covariance form: Xᵀr = Xᵀy − Gw from Gram columns (`precompute=True`).
    Covariance,
    /// Residual form: r = y − Xw updated with each change (`precompute=False`).
    Residual,
}

/// Validated hyper-parameters of the coordinate-descent solver (all but alpha).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ElasticNetParams {
    /// ρ ∈ [0, 1]: 1 is the Lasso, 0 Ridge.
    pub l1_ratio: f64,
    /// Centre X and y, and report an intercept.
    pub fit_intercept: bool,
    /// Maximum number of coordinate-descent sweeps per alpha and target.
    pub max_iter: usize,
    /// Stop when the duality gap is below tol·‖y‖² (y centred when fitting an intercept).
    pub tol: f64,
    /// Coordinate order.
    pub selection: Selection,
    /// Constrain every coefficient to w_j ≥ 0.
    pub positive: bool,
    /// Covariance or residual form.
    pub form: Form,
}

impl Default for ElasticNetParams {
    fn default() -> Self {
        Self {
            l1_ratio: 1.0,
            fit_intercept: true,
            max_iter: 1000,
            tol: 1e-4,
            selection: Selection::Cyclic,
            positive: false,
            form: Form::Auto,
        }
    }
}

impl ElasticNetParams {
    /// **Errors** naming the parameter when a value is outside its domain.
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(Error::param("l1_ratio", "must be in [0, 1]", self.l1_ratio));
        }
        if self.max_iter == 0 {
            return Err(Error::param("max_iter", "must be >= 1", self.max_iter));
        }
        if !(self.tol >= 0.0 && self.tol.is_finite()) {
            return Err(Error::param("tol", "must be >= 0", self.tol));
        }
        Ok(())
    }
}

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

/// Log-spaced alphas from `alpha_max` down to `eps·alpha_max` (scikit-learn's grid).
///
/// **Errors** if `n_alphas` is 0 or `eps` is not in (0, 1].
pub fn alpha_grid(alpha_max: f64, n_alphas: usize, eps: f64) -> Result<Vec<f64>> {
    if n_alphas == 0 {
        return Err(Error::param("n_alphas", "must be >= 1", n_alphas));
    }
    if !(eps > 0.0 && eps <= 1.0) {
        return Err(Error::param("eps", "must be in (0, 1]", eps));
    }
    if n_alphas == 1 {
        return Ok(vec![alpha_max]);
    }
    let (hi, lo) = (alpha_max.log10(), (alpha_max * eps).log10());
    Ok((0..n_alphas)
        .map(|k| 10f64.powf(hi + (lo - hi) * k as f64 / (n_alphas - 1) as f64))
        .collect())
}

/// Dot product with eight independent accumulators (vectorises; fixed order).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f64>() + tail
}

/// y ← y + a·x.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Features per parallel task when copying X into column-major order.
const GRAM_CHUNK: usize = 128;
/// Gram columns are computed at least this many at a time, and at least as many as
/// are cached already (the extra ones are the features closest to entering): each
/// block costs one pass over X, so geometric growth keeps the passes few and the
/// matrix products wide.
const GRAM_BATCH: usize = 32;
/// Side of the square tiles in which a row-major X is transposed into the copy.
const TILE: usize = 8;
/// Rows per group in passes over a borrowed X. Each group is one parallel task with
/// its own partial sums, added in group order, so results do not depend on the
/// number of threads.
const ROW_GROUP: usize = 1024;
/// At most this many row groups (longer groups for larger n).
const MAX_GROUPS: usize = 16;
/// Rows gathered at a time into a packed panel for a Gram block product.
const ROW_PANEL: usize = 128;
/// Tile side for the product of a Gram block with itself (only tiles on and below
/// the diagonal are computed).
const SUB_BLOCK: usize = 64;
/// A Gram block of t features goes against all p features (not only the uncached
/// ones) while t·n_cached ≤ ALL_FEATURES·p.
const ALL_FEATURES: usize = 32;
/// Bound on the entries of the per-group partial Gram blocks held at once.
const PARTIAL_ENTRIES: usize = 1 << 22;

/// The design and the Gram columns computed so far.
///
/// In covariance form X is borrowed as given (C or Fortran order): it is read to
/// compute Xᵀy, the column norms and, block by block, the Gram columns of the
/// features that are needed, with centring applied on the fly. In residual form
/// (p ≥ n) a centred column-major copy is kept for the coordinate updates.
struct GramCache<'a> {
    n: usize,
    p: usize,
    /// X in C or Fortran order (covariance form only).
    x: Option<CowArray<'a, f64, Ix2>>,
    /// Centred column-major copy of X (residual form only).
    copy: Vec<f64>,
    /// Features whose centred column is exactly zero (constant columns when centring).
    zero: Vec<bool>,
    /// Slot of each feature's Gram column in `columns`, or `usize::MAX`.
    slot: Vec<usize>,
    /// Cached Gram columns G[:, j], each of length p in feature order.
    columns: Vec<f64>,
    /// Number of cached columns.
    n_cached: usize,
    /// Column means of X (zeros without centring).
    mean: Vec<f64>,
    /// 0 for a zero column, else 1: (x_ij − mean_j)·keep_j is the centred value
    /// without a branch (a zero column's values are finite).
    keep: Vec<f64>,
    /// Diagonal of G: squared norms of the centred columns.
    diag: Vec<f64>,
    /// Buffers of the Gram block passes, one per row group, kept from one pass to
    /// the next: fresh pages cost a fault each.
    scratch: Vec<Scratch>,
}

/// One row group's buffers in a Gram block pass.
#[derive(Default)]
struct Scratch {
    /// Partial sums of the group.
    acc: Vec<f64>,
    /// Packed panel of the block's columns.
    pa: Vec<f64>,
    /// Packed panel of the other columns.
    pb: Vec<f64>,
}

/// `buf` with at least `len` entries (their values are left as they are).
fn at_least(buf: &mut Vec<f64>, len: usize) -> &mut [f64] {
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    &mut buf[..len]
}

/// Row ranges of the groups of a pass over n rows (fixed by n alone).
fn row_groups(n: usize) -> Vec<(usize, usize)> {
    let groups = n.div_ceil(ROW_GROUP).clamp(1, MAX_GROUPS);
    let len = n.div_ceil(groups);
    (0..n).step_by(len).map(|s| (s, (s + len).min(n))).collect()
}

/// Σ over groups, in group order, of equal-length partial vectors.
fn sum_partials(partials: Vec<Vec<f64>>) -> Vec<f64> {
    let mut it = partials.into_iter();
    let mut total = it.next().unwrap_or_default();
    for part in it {
        total.iter_mut().zip(&part).for_each(|(t, v)| *t += v);
    }
    total
}

impl<'a> GramCache<'a> {
    /// Sets up the design; returns it with Xᵀy for each (centred) target in `ys`.
    fn new(
        x: ArrayView2<'a, f64>,
        center: bool,
        covariance: bool,
        ys: &[Vec<f64>],
    ) -> (Self, Vec<Vec<f64>>) {
        let (n, p) = x.dim();
        let mut gram = GramCache {
            n,
            p,
            x: None,
            copy: Vec::new(),
            zero: vec![false; p],
            slot: vec![usize::MAX; p],
            columns: Vec::new(),
            n_cached: 0,
            mean: vec![0.0; p],
            keep: vec![1.0; p],
            diag: vec![0.0; p],
            scratch: Vec::new(),
        };
        if !covariance {
            gram.copy_columns(x, center);
            let q = ys.iter().map(|y| gram.xt(y)).collect();
            return (gram, q);
        }
        let xc = if x.is_standard_layout() || x.t().is_standard_layout() {
            CowArray::from(x)
        } else {
            CowArray::from(x.as_standard_layout().into_owned())
        };
        gram.x = Some(xc);
        if center {
            gram.column_means();
        }
        let q = gram.norms_and_products(ys);
        (gram, q)
    }

    /// X in covariance form, with its layout: (data, row-major?).
    fn borrowed(&self) -> (&[f64], bool) {
        let x = self.x.as_ref().expect("covariance form");
        match x.as_slice() {
            Some(s) => (s, true),
            None => (x.t().to_slice().expect("C or Fortran order"), false),
        }
    }

    /// x_ij, centred (0 for a zero column).
    #[inline]
    fn value(&self, xs: &[f64], row_major: bool, i: usize, j: usize) -> f64 {
        if self.zero[j] {
            return 0.0;
        }
        let v = if row_major {
            xs[i * self.p + j]
        } else {
            xs[j * self.n + i]
        };
        v - self.mean[j]
    }

    /// Column means and constant columns (which become zero when centred).
    fn column_means(&mut self) {
        let (n, p) = (self.n, self.p);
        let (xs, row_major) = self.borrowed();
        let first: Vec<f64> = (0..p)
            .map(|j| if row_major { xs[j] } else { xs[j * n] })
            .collect();
        // (sums, varies) per group; the first row is the reference for "constant".
        // Each sum runs over the group's rows in order, for either layout.
        let partials: Vec<(Vec<f64>, Vec<bool>)> = row_groups(n)
            .into_par_iter()
            .map(|(a, b)| {
                let mut sum = vec![0.0; p];
                let mut varies = vec![false; p];
                if row_major {
                    for row in xs[a * p..b * p].chunks_exact(p) {
                        for (((s, v), &x), &f) in
                            sum.iter_mut().zip(varies.iter_mut()).zip(row).zip(&first)
                        {
                            *s += x;
                            *v |= x != f;
                        }
                    }
                } else {
                    for j in 0..p {
                        for &x in &xs[j * n + a..j * n + b] {
                            sum[j] += x;
                            varies[j] |= x != first[j];
                        }
                    }
                }
                (sum, varies)
            })
            .collect();
        let (sums, flags): (Vec<_>, Vec<_>) = partials.into_iter().unzip();
        let sum = sum_partials(sums);
        let mut varies = vec![false; p];
        for f in flags {
            varies.iter_mut().zip(f).for_each(|(v, g)| *v |= g);
        }
        for j in 0..p {
            self.mean[j] = sum[j] / n as f64;
            self.zero[j] = !varies[j] && first[j].is_finite();
            self.keep[j] = if self.zero[j] { 0.0 } else { 1.0 };
        }
    }

    /// Squared norms of the centred columns, and Xᵀy for each target (one pass).
    fn norms_and_products(&mut self, ys: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let (n, p, k) = (self.n, self.p, ys.len());
        let (xs, row_major) = self.borrowed();
        // per group: [diag | q_0 | q_1 | ...], each of length p
        let partials: Vec<Vec<f64>> = row_groups(n)
            .into_par_iter()
            .map(|(a, b)| {
                let mut acc = vec![0.0; p * (k + 1)];
                let mut v = vec![0.0; p];
                if row_major && k == 1 {
                    // one target: d and q updated together, four rows at a time
                    // (each entry still adds the rows' terms in row order)
                    let (d, q) = acc.split_at_mut(p);
                    let y = &ys[0];
                    let (mean, keep) = (&self.mean[..], &self.keep[..]);
                    let mut i = a;
                    while i + 4 <= b {
                        let (r0, r1, r2, r3) = (
                            &xs[i * p..(i + 1) * p],
                            &xs[(i + 1) * p..(i + 2) * p],
                            &xs[(i + 2) * p..(i + 3) * p],
                            &xs[(i + 3) * p..(i + 4) * p],
                        );
                        let (y0, y1, y2, y3) = (y[i], y[i + 1], y[i + 2], y[i + 3]);
                        for j in 0..p {
                            let (m, kj) = (mean[j], keep[j]);
                            let v0 = (r0[j] - m) * kj;
                            let v1 = (r1[j] - m) * kj;
                            let v2 = (r2[j] - m) * kj;
                            let v3 = (r3[j] - m) * kj;
                            d[j] = d[j] + v0 * v0 + v1 * v1 + v2 * v2 + v3 * v3;
                            q[j] = q[j] + y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
                        }
                        i += 4;
                    }
                    for i in i..b {
                        let row = &xs[i * p..(i + 1) * p];
                        for j in 0..p {
                            let v = (row[j] - mean[j]) * keep[j];
                            d[j] += v * v;
                            q[j] += y[i] * v;
                        }
                    }
                } else if row_major {
                    for i in a..b {
                        let row = &xs[i * p..(i + 1) * p];
                        for (((vj, &x), &m), &k) in
                            v.iter_mut().zip(row).zip(&self.mean).zip(&self.keep)
                        {
                            *vj = (x - m) * k;
                        }
                        let (d, qs) = acc.split_at_mut(p);
                        d.iter_mut().zip(&v).for_each(|(dj, vj)| *dj += vj * vj);
                        for (q, y) in qs.chunks_mut(p).zip(ys) {
                            axpy(y[i], &v, q);
                        }
                    }
                } else {
                    for j in 0..p {
                        for i in a..b {
                            let vj = self.value(xs, false, i, j);
                            acc[j] += vj * vj;
                            for (t, y) in ys.iter().enumerate() {
                                acc[(t + 1) * p + j] += vj * y[i];
                            }
                        }
                    }
                }
                acc
            })
            .collect();
        let total = sum_partials(partials);
        self.diag.copy_from_slice(&total[..p]);
        total[p..].chunks(p).map(|q| q.to_vec()).collect()
    }

    /// Residual form: the centred column-major copy, column means and norms.
    fn copy_columns(&mut self, x: ArrayView2<f64>, center: bool) {
        let (n, p) = (self.n, self.p);
        let mut data = vec![0.0; n * p];
        data.par_chunks_mut(n * GRAM_CHUNK)
            .zip(self.mean.par_chunks_mut(GRAM_CHUNK))
            .zip(self.diag.par_chunks_mut(GRAM_CHUNK))
            .enumerate()
            .for_each(|(block, ((cols, means), diags))| {
                let first = block * GRAM_CHUNK;
                let width = means.len();
                match x.as_slice() {
                    // row-major input: transpose tile by tile
                    Some(xs) => {
                        for i0 in (0..n).step_by(TILE) {
                            let rows = TILE.min(n - i0);
                            for k0 in (0..width).step_by(TILE) {
                                for k in k0..(k0 + TILE).min(width) {
                                    let col = &mut cols[k * n + i0..k * n + i0 + rows];
                                    let src = &xs[i0 * p + first + k..];
                                    for (r, c) in col.iter_mut().enumerate() {
                                        *c = src[r * p];
                                    }
                                }
                            }
                        }
                    }
                    None => {
                        for k in 0..width {
                            let src = x.column(first + k);
                            cols[k * n..(k + 1) * n]
                                .iter_mut()
                                .zip(src)
                                .for_each(|(c, v)| *c = *v);
                        }
                    }
                }
                for k in 0..width {
                    let col = &mut cols[k * n..(k + 1) * n];
                    if center {
                        let m = col.iter().sum::<f64>() / n as f64;
                        means[k] = m;
                        if col[0].is_finite() && col.iter().all(|&v| v == col[0]) {
                            col.fill(0.0);
                        } else {
                            col.iter_mut().for_each(|v| *v -= m);
                        }
                    }
                    diags[k] = dot(col, col);
                }
            });
        self.copy = data;
    }

    /// Column j of the centred copy (residual form).
    fn column_of_x(&self, j: usize) -> &[f64] {
        &self.copy[j * self.n..(j + 1) * self.n]
    }

    /// Xᵀv for a vector v of length n, in feature order (residual form).
    fn xt(&self, v: &[f64]) -> Vec<f64> {
        (0..self.p)
            .into_par_iter()
            .map(|j| dot(self.column_of_x(j), v))
            .collect()
    }

    fn is_cached(&self, j: usize) -> bool {
        self.slot[j] != usize::MAX
    }

    /// G[:, j]; the column must be cached.
    fn column(&self, j: usize) -> &[f64] {
        let s = self.slot[j];
        &self.columns[s * self.p..(s + 1) * self.p]
    }

    /// Whether X is used as given: no centring and no zeroed column.
    fn plain(&self) -> bool {
        self.mean.iter().all(|&m| m == 0.0) && !self.zero.iter().any(|&z| z)
    }

    /// Rows a..b of the centred columns `features`, packed row-major into `buf`.
    fn gather(&self, (a, b): (usize, usize), features: &[usize], plain: bool, buf: &mut [f64]) {
        let (xs, row_major) = self.borrowed();
        let w = features.len();
        if row_major {
            let contiguous = features.windows(2).all(|f| f[1] == f[0] + 1);
            let f0 = features.first().copied().unwrap_or(0);
            let rows = xs[a * self.p..b * self.p].chunks_exact(self.p);
            if plain {
                for (row, out) in rows.zip(buf.chunks_mut(w)) {
                    if contiguous {
                        out.copy_from_slice(&row[f0..f0 + w]);
                    } else {
                        out.iter_mut().zip(features).for_each(|(o, &j)| *o = row[j]);
                    }
                }
            } else if contiguous {
                let (mean, keep) = (&self.mean[f0..f0 + w], &self.keep[f0..f0 + w]);
                for (row, out) in rows.zip(buf.chunks_mut(w)) {
                    for (((o, &x), &m), &k) in
                        out.iter_mut().zip(&row[f0..f0 + w]).zip(mean).zip(keep)
                    {
                        *o = (x - m) * k;
                    }
                }
            } else {
                let mean: Vec<f64> = features.iter().map(|&j| self.mean[j]).collect();
                let keep: Vec<f64> = features.iter().map(|&j| self.keep[j]).collect();
                for (row, out) in rows.zip(buf.chunks_mut(w)) {
                    for (o, &j) in out.iter_mut().zip(features) {
                        *o = row[j];
                    }
                    for ((o, &m), &k) in out.iter_mut().zip(&mean).zip(&keep) {
                        *o = (*o - m) * k;
                    }
                }
            }
        } else {
            for (k, &j) in features.iter().enumerate() {
                for (r, i) in (a..b).enumerate() {
                    buf[r * w + k] = self.value(xs, false, i, j);
                }
            }
        }
    }

    /// products[s + t·k] = X_{block[s]}ᵀ X_{rest[k]} (centred), t = block.len().
    fn products(&mut self, block: &[usize], rest: &[usize]) -> Vec<f64> {
        let mut scratch = std::mem::take(&mut self.scratch);
        let out = self.products_with(block, rest, &mut scratch);
        self.scratch = scratch;
        out
    }

    fn products_with(
        &self,
        block: &[usize],
        rest: &[usize],
        scratch: &mut Vec<Scratch>,
    ) -> Vec<f64> {
        let (n, p, m, t) = (self.n, self.p, rest.len(), block.len());
        let plain = self.plain();
        let (xs, row_major) = self.borrowed();
        let groups = row_groups(n);
        let width = (PARTIAL_ENTRIES / (t * groups.len())).max(t);
        // X's rows serve as they are when every feature is needed in index order
        // (in one chunk)
        let direct = plain
            && row_major
            && m == p
            && width >= m
            && rest.iter().enumerate().all(|(k, &j)| k == j);
        let mut out = vec![0.0; t * m];
        scratch.resize_with(groups.len(), Scratch::default);
        for (c0, dst) in (0..m).step_by(width).zip(out.chunks_mut(t * width)) {
            let chunk = &rest[c0..(c0 + width).min(m)];
            let w = chunk.len();
            // the block sits in the first chunk; later chunks gather it apart
            let own_lhs = c0 > 0 || direct || rest[..t.min(m)] != *block;
            groups
                .par_iter()
                .zip(scratch.par_iter_mut())
                .for_each(|(&(a, b), buf)| {
                    let acc = at_least(&mut buf.acc, t * w);
                    acc.fill(0.0);
                    let pa = at_least(&mut buf.pa, if own_lhs { ROW_PANEL * t } else { 0 });
                    let pb = at_least(&mut buf.pb, if direct { 0 } else { ROW_PANEL * w });
                    for r0 in (a..b).step_by(ROW_PANEL) {
                        let r1 = (r0 + ROW_PANEL).min(b);
                        let rows = r1 - r0;
                        let rhs = if direct {
                            faer::MatRef::from_row_major_slice(&xs[r0 * p..r1 * p], rows, p)
                        } else {
                            self.gather((r0, r1), chunk, plain, &mut pb[..rows * w]);
                            faer::MatRef::from_row_major_slice(&pb[..rows * w], rows, w)
                        };
                        let lhs = if own_lhs {
                            self.gather((r0, r1), block, plain, &mut pa[..rows * t]);
                            faer::MatRef::from_row_major_slice(&pa[..rows * t], rows, t)
                        } else {
                            rhs
                        };
                        let mut acc_mat = faer::MatMut::from_column_major_slice_mut(acc, t, w);
                        if own_lhs {
                            faer::linalg::matmul::matmul(
                                acc_mat,
                                faer::Accum::Add,
                                lhs.transpose(),
                                rhs,
                                1.0,
                                faer::Par::Seq,
                            );
                        } else {
                            // the block against itself: only on and below the diagonal
                            // of SUB_BLOCK × SUB_BLOCK tiles (the rest by symmetry)
                            for s0 in (0..t).step_by(SUB_BLOCK) {
                                let len = SUB_BLOCK.min(t - s0);
                                faer::linalg::matmul::matmul(
                                    acc_mat.as_mut().submatrix_mut(s0, s0, len, t - s0),
                                    faer::Accum::Add,
                                    rhs.subcols(s0, len).transpose(),
                                    rhs.subcols(s0, t - s0),
                                    1.0,
                                    faer::Par::Seq,
                                );
                            }
                            // the block against the other features: one product, so
                            // their panel is packed once rather than once per tile row
                            if w > t {
                                faer::linalg::matmul::matmul(
                                    acc_mat.as_mut().submatrix_mut(0, t, t, w - t),
                                    faer::Accum::Add,
                                    rhs.subcols(0, t).transpose(),
                                    rhs.subcols(t, w - t),
                                    1.0,
                                    faer::Par::Seq,
                                );
                            }
                        }
                    }
                });
            // Σ over groups, in group order
            dst.copy_from_slice(&scratch[0].acc[..t * w]);
            for buf in &scratch[1..] {
                dst.iter_mut()
                    .zip(&buf.acc[..t * w])
                    .for_each(|(d, v)| *d += v);
            }
            if !own_lhs {
                // entries above the tile diagonal, by symmetry within the block
                for s in SUB_BLOCK..t {
                    for k in 0..(s / SUB_BLOCK) * SUB_BLOCK {
                        dst[s + t * k] = dst[k + t * s];
                    }
                }
            }
        }
        out
    }

    /// Takes every Gram column from the caller's matrix `g` (p × p) after checking it
    /// against X: symmetric, with the squared column norms on its diagonal, and one
    /// off-diagonal entry, (p/2, p/2 + 1) as in scikit-learn, computed from X, each
    /// to a relative 1e-7 of the Gram matrix of X centred, G_c, or of X as given,
    /// G_c + n·x̄x̄ᵀ (what a caller computes from an X whose means are zero only to
    /// rounding). A matrix of X as given is centred here, g − n·x̄x̄ᵀ, unless that
    /// cancels more than 8 of its digits; a column that is zero once centred gets a
    /// zero row and column. The solver then uses this one matrix throughout.
    fn adopt(&mut self, g: ArrayView2<f64>) -> Result<()> {
        let (n, p) = (self.n as f64, self.p);
        let mismatch = |what: String, got: f64| {
            Error::param(
                "precompute",
                &format!("must be the Gram matrix XᵀX of X (centred or as given): {what}"),
                format!("{got:e}"),
            )
        };
        // n·x̄_i x̄_j: the Gram matrix of X as given minus that of X centred
        let mean = self.mean.clone();
        let shift = |i: usize, j: usize| n * mean[i] * mean[j];
        // √ of the squared norms of X as given (products of two would overflow for
        // data beyond 1e77, and a tolerance of ∞ accept anything)
        let root: Vec<f64> = (0..p)
            .map(|j| self.diag[j].sqrt().hypot(n.sqrt() * mean[j]))
            .collect();
        let off = |got: f64, centred: f64, i: usize, j: usize| {
            let tol = 1e-7 * root[i] * root[j];
            (
                (got - centred).abs() <= tol,
                (got - centred - shift(i, j)).abs() <= tol,
            )
        };
        let mut as_given = false;
        for j in 0..p {
            let d = self.diag[j];
            match off(g[[j, j]], d, j, j) {
                (true, _) => {}
                (false, true) => as_given |= !self.zero[j],
                (false, false) => {
                    return Err(mismatch(
                        format!("entry ({j}, {j}) should be {d:e}"),
                        g[[j, j]],
                    ));
                }
            }
            for i in 0..j {
                if (g[[i, j]] - g[[j, i]]).abs() > 1e-7 * root[i] * root[j] {
                    return Err(mismatch(
                        format!(
                            "not symmetric at ({i}, {j}), where ({j}, {i}) is {:e}",
                            g[[j, i]]
                        ),
                        g[[i, j]],
                    ));
                }
            }
        }
        if p > 1 {
            let (f1, f2) = (p / 2, (p / 2 + 1).min(p - 1));
            let centred = self.products(&[f1], &[f2])[0];
            if off(g[[f1, f2]], centred, f1, f2) == (false, false) {
                return Err(mismatch(
                    format!("entry ({f1}, {f2}) should be {centred:e}"),
                    g[[f1, f2]],
                ));
            }
        }
        if as_given {
            let lost = (0..p)
                .filter(|&j| !self.zero[j])
                .map(|j| shift(j, j) / self.diag[j])
                .fold(0.0f64, f64::max);
            if lost > 1e8 {
                return Err(Error::param(
                    "precompute",
                    "a Gram matrix of X centred (X's column means are too large against its \
                     spread to centre XᵀX itself)",
                    format!("n·x̄_j²/‖X_j − x̄_j‖² up to {lost:e}"),
                ));
            }
        }
        let zero = &self.zero;
        let entry = |i: usize, j: usize| {
            if zero[i] || zero[j] {
                0.0
            } else if as_given {
                g[[i, j]] - shift(i, j)
            } else {
                g[[i, j]]
            }
        };
        let columns: Vec<f64> = (0..p)
            .flat_map(|j| (0..p).map(move |i| (i, j)))
            .map(|(i, j)| entry(i, j))
            .collect();
        for j in 0..p {
            self.diag[j] = columns[j * p + j];
        }
        self.columns = columns;
        self.slot = (0..p).collect();
        self.n_cached = p;
        Ok(())
    }

    /// Computes and caches the Gram columns of `features` (those not cached yet).
    fn cache(&mut self, features: &[usize]) {
        let p = self.p;
        let mut in_block = vec![false; p];
        let mut block = Vec::new();
        for &j in features {
            if !self.is_cached(j) && !in_block[j] {
                in_block[j] = true;
                block.push(j);
            }
        }
        let t = block.len();
        if t == 0 {
            return;
        }
        // the block against itself and every uncached feature; the rest by symmetry.
        // While few columns are cached, the block goes against all features: whole
        // rows are centred as contiguous slices, cheaper than gathering the uncached
        // ones, for t·n_cached extra products (whose values are not used).
        let rest: Vec<usize> = if t * self.n_cached <= ALL_FEATURES * p {
            (0..p).collect()
        } else {
            block
                .iter()
                .copied()
                .chain((0..p).filter(|&j| !self.is_cached(j) && !in_block[j]))
                .collect()
        };
        let products = self.products(&block, &rest);
        let cached: Vec<usize> = (0..p).filter(|&j| self.is_cached(j)).collect();
        let mut fresh = vec![0.0; t * p];
        for (s, col) in fresh.chunks_mut(p).enumerate() {
            for &i in &cached {
                col[i] = self.column(i)[block[s]];
            }
            for (k, &i) in rest.iter().enumerate() {
                if !self.is_cached(i) {
                    col[i] = products[s + t * k];
                }
            }
        }
        if self.columns.capacity() == 0 && p <= self.n {
            // room for every column (p² ≤ np): no copy on growth
            self.columns.reserve_exact(p * p);
        }
        let first = self.columns.len() / p;
        for (s, &j) in block.iter().enumerate() {
            self.slot[j] = first + s;
        }
        self.columns.extend_from_slice(&fresh);
        self.n_cached += t;
    }
}

/// The terms of scikit-learn's duality gap (formulation A for l₁ > 0).
struct GapTerms {
    /// ‖y‖².
    yy: f64,
    /// wᵀXᵀy.
    wq: f64,
    /// wᵀGw.
    wgw: f64,
    /// max_j |X_jᵀr − l₂w_j| (max_j of X_jᵀr − l₂w_j under the sign constraint).
    dual_norm: f64,
    /// Σ_j (X_jᵀr)², used only when l₁ = 0: with l₂ > 0 the penalty term of the dual
    /// in formulation B (scikit-learn's), with l₂ = 0 the squared gradient.
    dual_sq: f64,
    /// ‖w‖₁.
    w_l1: f64,
    /// ‖w‖².
    w_l2sq: f64,
}

impl GapTerms {
    /// Terms with the feature sums still empty (see [`GapTerms::add_feature`]).
    fn new(yy: f64, wq: f64, wgw: f64, w: &[f64]) -> Self {
        GapTerms {
            yy,
            wq,
            wgw,
            dual_norm: 0.0,
            dual_sq: 0.0,
            w_l1: w.iter().map(|v| v.abs()).sum(),
            w_l2sq: dot(w, w),
        }
    }

    /// Adds the dual terms of one feature with gradient g = X_jᵀr and coefficient w.
    /// Under the sign constraint the dual feasible set is X_jᵀθ ≤ l₁ (one-sided), and
    /// formulation B's term is (X_jᵀr)₊²; with l₂ = 0 too, the projected gradient.
    #[inline]
    fn add_feature(&mut self, g: f64, w: f64, pen: Penalty) {
        self.dual_norm = self.dual_norm.max(pen.pull(g - pen.l2 * w));
        let b = if pen.positive && (pen.l2 > 0.0 || w == 0.0) {
            g.max(0.0)
        } else {
            g
        };
        self.dual_sq += b * b;
    }

    /// The duality gap of ½‖y − Xw‖² + l₁‖w‖₁ + ½l₂‖w‖² (not divided by n).
    fn gap(&self, pen: Penalty) -> f64 {
        let Penalty { l1, l2, .. } = pen;
        let r2 = self.yy + self.wgw - 2.0 * self.wq;
        let ry = self.yy - self.wq;
        if l1 == 0.0 {
            if l2 == 0.0 {
                return self.dual_sq;
            }
            return r2 + 0.5 * l2 * self.w_l2sq - ry + self.dual_sq / (2.0 * l2);
        }
        let (scale, mut gap) = if self.dual_norm > l1 {
            let s = l1 / self.dual_norm;
            (s, 0.5 * (r2 + r2 * s * s))
        } else {
            (1.0, r2)
        };
        gap += l1 * self.w_l1 - scale * ry + 0.5 * l2 * (1.0 + scale * scale) * self.w_l2sq;
        gap
    }
}

/// One target's problem and its state along the path.
struct Target {
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
    gram: GramCache<'a>,
    /// Covariance (Gram) updates when n > p, residual updates otherwise.
    covariance: bool,
    targets: Vec<Target>,
    params: ElasticNetParams,
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
        let (gram, qs) = GramCache::new(x, params.fit_intercept, covariance, &ycs);
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
        if let Some(g) = pre.gram {
            gram.adopt(g)?;
        }
        if let Some(xy) = pre.xy {
            for (t, (target, col)) in targets.iter().zip(xy.columns()).enumerate() {
                check_xy(&gram, t, target, col)?;
            }
        }
        Ok(PathSolver {
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
            );
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

/// The penalty ½l₂‖w‖² + l₁‖w‖₁ of the unscaled objective ½‖y − Xw‖² + …, with
/// the optional constraint w ≥ 0.
#[derive(Clone, Copy, Debug)]
struct Penalty {
    l1: f64,
    l2: f64,
    positive: bool,
}

impl Penalty {
    /// The coordinate minimiser: soft thresholding S(z, l₁) / (G_jj + l₂), where
    /// z = X_jᵀr + G_jj w_j; under the sign constraint (z − l₁)₊ / (G_jj + l₂).
    #[inline]
    fn minimiser(self, z: f64, gjj: f64) -> f64 {
        if self.positive {
            (z - self.l1).max(0.0) / (gjj + self.l2)
        } else {
            z.signum() * (z.abs() - self.l1).max(0.0) / (gjj + self.l2)
        }
    }

    /// [`pull`] under this penalty's sign constraint.
    #[inline]
    fn pull(self, g: f64) -> f64 {
        pull(g, self.positive)
    }
}

/// How hard a gradient X_jᵀr pulls its coefficient away from 0: |X_jᵀr|, or X_jᵀr
/// itself under the sign constraint (a negative pull cannot move it).
#[inline]
fn pull(g: f64, positive: bool) -> f64 {
    if positive {
        g
    } else {
        g.abs()
    }
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
/// reaches `max_iter`.
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
) {
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
    }
}

/// Solve one target with penalty `pen`; returns (duality gap, sweeps, converged).
fn solve_target(
    gram: &mut GramCache,
    covariance: bool,
    target: &mut Target,
    params: &ElasticNetParams,
    pen: Penalty,
) -> (f64, usize, bool) {
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
        let coef = if covariance {
            ensure_cached(gram, &set, &target.grad, pen);
            let mut ws = WorkingSet::new(gram, target, set.clone());
            run_sweeps(&mut ws, m, &mut rng, params, yy, pen, tol, &mut sweeps);
            ws.coef().to_vec()
        } else {
            let mut ws = ResidualSet::new(gram, target, &set);
            run_sweeps(&mut ws, m, &mut rng, params, yy, pen, tol, &mut sweeps);
            ws.coef().to_vec()
        };
        target.rng = rng;
        for (&j, c) in set.iter().zip(coef) {
            target.w[j] = c;
        }
        target.grad = full_gradient(gram, covariance, target);
        let gap = full_gap_terms(target, pen).gap(pen);
        if gap <= tol {
            return (gap, sweeps, true);
        }
        if sweeps >= params.max_iter {
            return (gap, sweeps, false);
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
            return (gap, sweeps, false);
        }
    }
}

/// Cache the Gram columns of `set`; when some are missing, compute at least
/// [`GRAM_BATCH`] at once, adding the uncached features with the largest pull(X_jᵀr).
fn ensure_cached(gram: &mut GramCache, set: &[usize], grad: &[f64], pen: Penalty) {
    let mut missing: Vec<usize> = set
        .iter()
        .copied()
        .filter(|&j| !gram.is_cached(j))
        .collect();
    if missing.is_empty() {
        return;
    }
    let want = GRAM_BATCH.max(gram.n_cached);
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

/// The whole path of one design: coefficients (n_targets × n_features per alpha).
#[derive(Clone, Debug)]
pub struct Path {
    /// The alphas, in the order solved.
    pub alphas: Vec<f64>,
    /// One solution per alpha.
    pub solutions: Vec<AlphaSolution>,
}

/// Solve along `alphas` (or, if `None`, `n_alphas` log-spaced values from alpha_max
/// down to `eps`·alpha_max), each warm-started from the previous one.
///
/// **Errors** on invalid input or parameters.
pub fn enet_path(
    x: ArrayView2<f64>,
    y: ArrayView2<f64>,
    alphas: Option<&[f64]>,
    n_alphas: usize,
    eps: f64,
    params: ElasticNetParams,
) -> Result<Path> {
    let mut solver = PathSolver::new(x, y, params)?;
    let alphas = match alphas {
        Some(a) => a.to_vec(),
        None => default_alphas(&solver, n_alphas, eps)?,
    };
    let solutions = alphas
        .iter()
        .map(|&a| solver.solve(a))
        .collect::<Result<_>>()?;
    Ok(Path { alphas, solutions })
}

/// scikit-learn's default grid for this problem; an l1_ratio of 0 has no alpha_max.
///
/// **Errors** if l1_ratio is 0 or the grid parameters are invalid.
pub fn default_alphas(solver: &PathSolver<'_>, n_alphas: usize, eps: f64) -> Result<Vec<f64>> {
    if solver.params.l1_ratio == 0.0 {
        return Err(Error::param(
            "l1_ratio",
            "must be > 0 to choose alphas automatically",
            0.0,
        ));
    }
    let alpha_max = solver.alpha_max();
    if alpha_max == 0.0 {
        // y is orthogonal to every column: the solution is 0 for every alpha.
        return alpha_grid(f64::MIN_POSITIVE.sqrt(), n_alphas, eps);
    }
    alpha_grid(alpha_max, n_alphas, eps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use rand_distr::{Distribution, StandardNormal};

    /// A random problem with `k` true non-zero coefficients and noise.
    fn problem(n: usize, p: usize, k: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
        let mut r = rng::stream(seed, 0);
        let x = Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut r));
        let mut w = vec![0.0; p];
        for j in 0..k.min(p) {
            w[(j * 7) % p] = 1.0 + j as f64 * 0.3;
        }
        let y = Array2::from_shape_fn((n, 1), |(i, _)| {
            let noise: f64 = StandardNormal.sample(&mut r);
            (0..p).map(|j| x[[i, j]] * w[j]).sum::<f64>() + 0.5 * noise + 3.0
        });
        (x, y)
    }

    /// Centred X, y (when fitting an intercept).
    fn centred(x: &Array2<f64>, y: &Array2<f64>, center: bool) -> (Array2<f64>, Vec<f64>) {
        let mut xc = x.clone();
        let mut yc: Vec<f64> = y.column(0).to_vec();
        if center {
            for mut col in xc.columns_mut() {
                let m = col.mean().unwrap();
                col.mapv_inplace(|v| v - m);
            }
            let m = yc.iter().sum::<f64>() / yc.len() as f64;
            yc.iter_mut().for_each(|v| *v -= m);
        }
        (xc, yc)
    }

    /// Largest violation of the KKT conditions of ½‖y − Xw‖²/n + αρ‖w‖₁ + ½α(1−ρ)‖w‖²,
    /// relative to αρ: X_jᵀr/n − α(1−ρ)w_j = αρ sign(w_j) if w_j ≠ 0, |·| ≤ αρ otherwise.
    fn kkt_violation(
        x: &Array2<f64>,
        y: &Array2<f64>,
        w: ArrayView1<f64>,
        alpha: f64,
        rho: f64,
        center: bool,
        positive: bool,
    ) -> f64 {
        let (xc, yc) = centred(x, y, center);
        let n = x.nrows() as f64;
        let r: Vec<f64> = (0..x.nrows()).map(|i| yc[i] - xc.row(i).dot(&w)).collect();
        let l1 = alpha * rho;
        (0..x.ncols())
            .map(|j| {
                let g = xc.column(j).iter().zip(&r).map(|(a, b)| a * b).sum::<f64>() / n
                    - alpha * (1.0 - rho) * w[j];
                if w[j] != 0.0 {
                    (g - l1 * w[j].signum()).abs()
                } else if positive {
                    (g - l1).max(0.0)
                } else {
                    (g.abs() - l1).max(0.0)
                }
            })
            .fold(0.0, f64::max)
            / l1
    }

    fn params(rho: f64, center: bool) -> ElasticNetParams {
        ElasticNetParams {
            l1_ratio: rho,
            fit_intercept: center,
            max_iter: 100_000,
            tol: 1e-12,
            selection: Selection::Cyclic,
            positive: false,
            form: Form::Auto,
        }
    }

    #[test]
    fn kkt_conditions_hold_along_the_path() {
        for &(n, p, rho, center) in &[
            (60, 10, 1.0, true),
            (30, 80, 1.0, false),
            (50, 20, 0.5, true),
            (40, 40, 0.2, false),
        ] {
            let (x, y) = problem(n, p, 5, (n * p) as u64);
            let path = enet_path(x.view(), y.view(), None, 30, 1e-3, params(rho, center)).unwrap();
            for (alpha, sol) in path.alphas.iter().zip(&path.solutions) {
                assert!(sol.converged[0]);
                let v = kkt_violation(&x, &y, sol.coef.row(0), *alpha, rho, center, false);
                assert!(
                    v < 1e-4,
                    "KKT violated by {v} at alpha {alpha} (n={n}, p={p}, rho={rho})"
                );
            }
        }
    }

    #[test]
    fn sign_constrained_path_meets_its_kkt_conditions() {
        // w ≥ 0: X_jᵀr/n − α(1−ρ)w_j = αρ where w_j > 0, ≤ αρ where w_j = 0; covariance
        // and residual forms, with and without centring
        for &(n, p, rho, center) in &[
            (60, 10, 1.0, true),
            (30, 80, 1.0, false),
            (50, 20, 0.5, false),
            (40, 60, 0.3, true),
        ] {
            let (x, y) = problem(n, p, 6, (3 * n + p) as u64);
            let params = ElasticNetParams {
                positive: true,
                ..params(rho, center)
            };
            let path = enet_path(x.view(), y.view(), None, 30, 1e-3, params).unwrap();
            let mut negative_pull = false;
            for (alpha, sol) in path.alphas.iter().zip(&path.solutions) {
                let w = sol.coef.row(0);
                assert!(sol.converged[0] && sol.dual_gap[0] >= 0.0);
                assert!(
                    w.iter().all(|&v| v >= 0.0),
                    "negative coefficient at {alpha}"
                );
                let v = kkt_violation(&x, &y, w, *alpha, rho, center, true);
                assert!(
                    v < 1e-4,
                    "KKT violated by {v} at alpha {alpha} (n={n}, p={p})"
                );
                // the unconstrained conditions fail somewhere: the constraint binds
                negative_pull |= kkt_violation(&x, &y, w, *alpha, rho, center, false) > 1e-2;
            }
            assert!(negative_pull, "n={n} p={p}: the constraint never mattered");
        }
    }

    #[test]
    fn both_forms_and_a_given_gram_matrix_meet_the_kkt_conditions() {
        // tall and wide designs in either form, forced; and with the caller's XᵀX
        for &(n, p, center) in &[(60, 10, true), (30, 80, false), (40, 25, true)] {
            let (x, y) = problem(n, p, 5, (7 * n + p) as u64);
            let (xc, _) = centred(&x, &y, center);
            let gram = xc.t().dot(&xc);
            let xy = xc.t().dot(&y);
            let cases = [
                (Form::Covariance, None),
                (Form::Residual, None),
                (Form::Auto, Some(gram.view())),
            ];
            for (form, g) in cases {
                let params = ElasticNetParams {
                    form,
                    ..params(0.8, center)
                };
                let pre = Precomputed {
                    gram: g,
                    xy: Some(xy.view()),
                };
                let mut solver =
                    PathSolver::with_precomputed(x.view(), y.view(), params, pre).unwrap();
                assert_eq!(solver.covariance, form != Form::Residual);
                let alphas = default_alphas(&solver, 20, 1e-3).unwrap();
                for &alpha in &alphas {
                    let sol = solver.solve(alpha).unwrap();
                    assert!(sol.converged[0]);
                    let v = kkt_violation(&x, &y, sol.coef.row(0), alpha, 0.8, center, false);
                    assert!(v < 1e-4, "KKT violated by {v} ({form:?}, n={n}, p={p})");
                }
            }
        }
    }

    #[test]
    fn a_gram_matrix_of_x_as_given_is_centred_and_zero_columns_stay_zero() {
        // X with means ≈ 0.1 (as given: G_c + n·x̄x̄ᵀ) and a constant column: the path
        // is the one of the centred Gram matrix the solver builds itself
        let (mut x, y) = problem(60, 6, 3, 13);
        x.column_mut(2).fill(0.1);
        let built = enet_path(x.view(), y.view(), None, 15, 1e-2, params(1.0, true)).unwrap();
        let (xc, _) = centred(&x, &y, true);
        for gram in [x.t().dot(&x), xc.t().dot(&xc)] {
            let pre = Precomputed {
                gram: Some(gram.view()),
                xy: None,
            };
            let mut solver =
                PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre).unwrap();
            for (alpha, sol) in built.alphas.iter().zip(&built.solutions) {
                let given = solver.solve(*alpha).unwrap();
                assert_eq!(given.coef[[0, 2]], 0.0);
                for (a, b) in given.coef.iter().zip(sol.coef.iter()) {
                    assert!((a - b).abs() <= 1e-9 * (1.0 + b.abs()), "{a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn a_gram_matrix_or_xy_that_does_not_describe_x_is_refused() {
        let (x, y) = problem(50, 8, 3, 11);
        let (xc, _) = centred(&x, &y, true);
        let gram = xc.t().dot(&xc);
        let mut off = gram.clone();
        off[[4, 5]] *= 1.01;
        off[[5, 4]] *= 1.01;
        let mut asym = gram.clone();
        asym[[0, 1]] += 1e-3 * gram[[0, 0]];
        let scaled = &gram * 2.0;
        for bad in [off, asym, scaled] {
            let pre = Precomputed {
                gram: Some(bad.view()),
                xy: None,
            };
            let err = PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre)
                .err()
                .expect("a wrong Gram matrix is refused");
            assert!(err.to_string().contains("precompute"), "{err}");
        }
        let wrong_xy = xc.t().dot(&y) * 1.5;
        let pre = Precomputed {
            gram: None,
            xy: Some(wrong_xy.view()),
        };
        let err = PathSolver::with_precomputed(x.view(), y.view(), params(1.0, true), pre)
            .err()
            .expect("a wrong Xy is refused");
        assert!(err.to_string().contains("Xy"), "{err}");
        let residual = ElasticNetParams {
            form: Form::Residual,
            ..params(1.0, true)
        };
        let pre = Precomputed {
            gram: Some(gram.view()),
            xy: None,
        };
        assert!(PathSolver::with_precomputed(x.view(), y.view(), residual, pre).is_err());
    }

    #[test]
    fn sign_constrained_alpha_max_is_the_largest_positive_pull() {
        let (x, mut y) = problem(50, 12, 3, 4);
        y.mapv_inplace(|v| -v);
        let positive = ElasticNetParams {
            positive: true,
            ..params(1.0, true)
        };
        let mut solver = PathSolver::new(x.view(), y.view(), positive).unwrap();
        let amax = solver.alpha_max();
        assert!(amax > 0.0);
        assert!(solver.solve(amax).unwrap().coef.iter().all(|&v| v == 0.0));
        assert!(solver
            .solve(0.9 * amax)
            .unwrap()
            .coef
            .iter()
            .any(|&v| v > 0.0));
        let free = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
        assert!(
            free.alpha_max() > amax,
            "the negative pulls set the unconstrained top"
        );
    }

    #[test]
    fn zero_l1_ratio_is_ridge() {
        // ½‖y − Xw‖² + ½·nα‖w‖² is Ridge with penalty nα; the gap (formulation B) must
        // not stop the sweeps early
        for &(n, p, center) in &[(80, 15, true), (25, 60, false), (40, 40, true)] {
            let (x, y) = problem(n, p, 5, (7 * n + p) as u64);
            let alpha = 0.3;
            let path = enet_path(
                x.view(),
                y.view(),
                Some(&[alpha]),
                1,
                1.0,
                params(0.0, center),
            )
            .unwrap();
            let sol = &path.solutions[0];
            assert!(sol.converged[0] && sol.dual_gap[0] >= 0.0);
            let ridge =
                crate::linear::ridge::fit(x.view(), y.view(), &[n as f64 * alpha], center).unwrap();
            let expected = ridge.coef.index_axis(ndarray::Axis(0), 0);
            // the objective is l₂-strongly convex: ½l₂‖w − w*‖² ≤ P(w) − P* ≤ gap
            let dist_sq = (&sol.coef.row(0) - &expected.row(0)).mapv(|d| d * d).sum();
            let (l2, gap) = (n as f64 * alpha, n as f64 * sol.dual_gap[0]);
            assert!(
                dist_sq <= 2.0 * gap / l2 + 1e-24,
                "n={n} p={p}: ‖Δw‖² {dist_sq}, gap {gap}"
            );
            assert!(dist_sq < 1e-10, "n={n} p={p}: ‖Δw‖² {dist_sq}");
        }
    }

    #[test]
    fn alpha_at_or_above_alpha_max_gives_zero() {
        let (x, y) = problem(50, 12, 3, 1);
        let mut solver = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
        let amax = solver.alpha_max();
        for a in [amax, 1.5 * amax] {
            let sol = solver.solve(a).unwrap();
            assert!(sol.coef.iter().all(|&v| v == 0.0));
            assert!((sol.intercept[0] - y.column(0).mean().unwrap()).abs() < 1e-12);
        }
        let sol = solver.solve(0.99 * amax).unwrap();
        assert_eq!(sol.coef.iter().filter(|&&v| v != 0.0).count(), 1);
    }

    #[test]
    fn cold_and_warm_starts_agree_and_random_selection_converges() {
        let (x, y) = problem(80, 30, 6, 2);
        let path = enet_path(x.view(), y.view(), None, 20, 1e-2, params(0.7, true)).unwrap();
        let alpha = path.alphas[15];
        let mut cold = PathSolver::new(x.view(), y.view(), params(0.7, true)).unwrap();
        let c = cold.solve(alpha).unwrap();
        let mut p = params(0.7, true);
        p.selection = Selection::Random { seed: 3 };
        let mut random = PathSolver::new(x.view(), y.view(), p).unwrap();
        let r = random.solve(alpha).unwrap();
        for ((a, b), d) in c
            .coef
            .iter()
            .zip(path.solutions[15].coef.iter())
            .zip(r.coef.iter())
        {
            assert!((a - b).abs() < 1e-6 && (a - d).abs() < 1e-6);
        }
    }

    #[test]
    fn multi_target_equals_separate_fits() {
        let (x, y1) = problem(40, 15, 4, 5);
        let (_, y2) = problem(40, 15, 2, 6);
        let mut y = Array2::zeros((40, 2));
        y.column_mut(0).assign(&y1.column(0));
        y.column_mut(1).assign(&y2.column(0));
        let mut both = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
        let joint = both.solve(0.05).unwrap();
        for (t, yt) in [y1, y2].iter().enumerate() {
            let mut one = PathSolver::new(x.view(), yt.view(), params(1.0, true)).unwrap();
            let single = one.solve(0.05).unwrap();
            // Equal up to rounding: the Gram columns are shared, computed in another order.
            for (a, b) in joint.coef.row(t).iter().zip(single.coef.row(0)) {
                assert!((a - b).abs() < 1e-10);
            }
            assert!((joint.intercept[t] - single.intercept[0]).abs() < 1e-10);
        }
    }

    #[test]
    fn column_major_input_gives_the_same_solution() {
        use ndarray::ShapeBuilder;
        let (x, y) = problem(70, 25, 5, 9);
        let mut xf = Array2::zeros(x.dim().f());
        xf.assign(&x);
        let a = PathSolver::new(x.view(), y.view(), params(0.8, true))
            .unwrap()
            .solve(0.02)
            .unwrap();
        let b = PathSolver::new(xf.view(), y.view(), params(0.8, true))
            .unwrap()
            .solve(0.02)
            .unwrap();
        assert_eq!(a.coef, b.coef);
    }

    #[test]
    fn same_numbers_for_any_number_of_threads() {
        let (x, y) = problem(300, 200, 10, 10);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                enet_path(x.view(), y.view(), None, 20, 1e-3, params(0.9, true)).unwrap()
            })
        };
        let (one, four) = (run(1), run(4));
        for (a, b) in one.solutions.iter().zip(&four.solutions) {
            assert_eq!(a.coef, b.coef);
        }
    }

    #[test]
    fn max_iter_reached_is_reported() {
        let (x, y) = problem(50, 20, 8, 7);
        let mut p = params(1.0, true);
        p.max_iter = 1;
        let mut solver = PathSolver::new(x.view(), y.view(), p).unwrap();
        let sol = solver.solve(0.001).unwrap();
        assert!(!sol.converged[0]);
        assert_eq!(sol.n_iter[0], 1);
    }

    #[test]
    fn bad_input_is_an_error() {
        let (x, y) = problem(10, 3, 1, 8);
        let mut p = params(1.0, true);
        p.l1_ratio = 1.5;
        let message = PathSolver::new(x.view(), y.view(), p)
            .err()
            .expect("an error")
            .to_string();
        assert!(message.contains("l1_ratio"));
        let mut solver = PathSolver::new(x.view(), y.view(), params(1.0, true)).unwrap();
        assert!(solver
            .solve(-1.0)
            .unwrap_err()
            .to_string()
            .contains("alpha must be >= 0"));
        let mut bad = x.clone();
        bad[[0, 0]] = f64::NAN;
        assert!(PathSolver::new(bad.view(), y.view(), params(1.0, true)).is_err());
        assert!(
            PathSolver::new(x.slice(ndarray::s![..5, ..]), y.view(), params(1.0, true)).is_err()
        );
        assert!(alpha_grid(1.0, 0, 1e-3).is_err());
    }

    #[test]
    fn gram_blocks_match_the_centred_products() {
        use ndarray::ShapeBuilder;
        // more samples than ROW_GROUP and several blocks, including the tiled
        // block-with-itself product; one constant column (zero once centred)
        let (n, p) = (2500, 150);
        let (mut x, _) = problem(n, p, 3, 11);
        x.column_mut(7).fill(4.0);
        let mut xf = Array2::zeros(x.dim().f());
        xf.assign(&x);
        for center in [false, true] {
            let (xc, _) = centred(&x, &Array2::zeros((n, 1)), center);
            let exact = xc.t().dot(&xc);
            for xv in [x.view(), xf.view()] {
                let (mut gram, _) = GramCache::new(xv, center, true, &[]);
                let mut order: Vec<usize> = (0..p).rev().collect();
                order.rotate_left(5);
                // blocks against all features (t·n_cached ≤ ALL_FEATURES·p), then
                // against the uncached ones only
                assert!(60 * 40 <= ALL_FEATURES * p && 50 * 100 > ALL_FEATURES * p);
                for chunk in [&order[..3], &order[3..40], &order[40..100], &order[100..]] {
                    gram.cache(chunk);
                }
                for j in 0..p {
                    assert!(gram.is_cached(j));
                    for (i, &g) in gram.column(j).iter().enumerate() {
                        let e = exact[[i, j]];
                        assert_eq!(g, gram.column(i)[j], "G[{i},{j}] symmetric");
                        assert!(
                            (g - e).abs() <= 1e-9 * (1.0 + e.abs()),
                            "G[{i},{j}] = {g}, expected {e}"
                        );
                    }
                    assert!((gram.diag[j] - exact[[j, j]]).abs() <= 1e-9 * (1.0 + exact[[j, j]]));
                }
                if center {
                    assert!(gram.column(7).iter().all(|&v| v == 0.0) && gram.diag[7] == 0.0);
                }
            }
        }
    }

    #[test]
    fn alpha_grid_is_log_spaced() {
        let g = alpha_grid(2.0, 3, 1e-2).unwrap();
        assert!(
            (g[0] - 2.0).abs() < 1e-12 && (g[1] - 0.2).abs() < 1e-12 && (g[2] - 0.02).abs() < 1e-12
        );
    }
}
