//! The Gram cache: the design X as the solver reads it, and the Gram columns
//! G[:, j] = X_cᵀX_c[:, j] of the features needed so far (X_c centred when fitting an
//! intercept), computed block by block and kept across alphas and targets.

use ndarray::{ArrayView2, CowArray, Ix2};
use rayon::prelude::*;

use super::params::GramParams;
use super::{axpy, dot};
use crate::error::{Error, Result};

/// The design and the Gram columns computed so far.
///
/// In covariance form X is borrowed as given (C or Fortran order): it is read to
/// compute Xᵀy, the column norms and, block by block, the Gram columns of the
/// features that are needed, with centring applied on the fly. In residual form
/// (p ≥ n) a centred column-major copy is kept for the coordinate updates.
pub(super) struct GramCache<'a> {
    /// Samples.
    pub(super) n: usize,
    /// Features.
    pub(super) p: usize,
    /// Block sizes.
    pub(super) tuning: GramParams,
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
    pub(super) n_cached: usize,
    /// Column means of X (zeros without centring).
    pub(super) mean: Vec<f64>,
    /// 0 for a zero column, else 1: (x_ij − mean_j)·keep_j is the centred value
    /// without a branch (a zero column's values are finite).
    keep: Vec<f64>,
    /// Diagonal of G: squared norms of the centred columns.
    pub(super) diag: Vec<f64>,
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
    pub(super) fn new(
        x: ArrayView2<'a, f64>,
        center: bool,
        covariance: bool,
        ys: &[Vec<f64>],
        tuning: GramParams,
    ) -> (Self, Vec<Vec<f64>>) {
        let (n, p) = x.dim();
        let mut gram = GramCache {
            n,
            p,
            tuning,
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

    /// Row ranges of the groups of a pass over the n rows (fixed by n and the tuning).
    fn row_groups(&self) -> Vec<(usize, usize)> {
        let n = self.n;
        let groups = n
            .div_ceil(self.tuning.row_group)
            .clamp(1, self.tuning.max_groups);
        let len = n.div_ceil(groups);
        (0..n).step_by(len).map(|s| (s, (s + len).min(n))).collect()
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
        let partials: Vec<(Vec<f64>, Vec<bool>)> = self
            .row_groups()
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
        let (p, k) = (self.p, ys.len());
        let (xs, row_major) = self.borrowed();
        // per group: [diag | q_0 | q_1 | ...], each of length p
        let partials: Vec<Vec<f64>> = self
            .row_groups()
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
        let tuning = self.tuning;
        let (n, p) = (self.n, self.p);
        let mut data = vec![0.0; n * p];
        data.par_chunks_mut(n * tuning.copy_chunk)
            .zip(self.mean.par_chunks_mut(tuning.copy_chunk))
            .zip(self.diag.par_chunks_mut(tuning.copy_chunk))
            .enumerate()
            .for_each(|(block, ((cols, means), diags))| {
                let first = block * tuning.copy_chunk;
                let width = means.len();
                match x.as_slice() {
                    // row-major input: transpose tile by tile
                    Some(xs) => {
                        for i0 in (0..n).step_by(tuning.tile) {
                            let rows = tuning.tile.min(n - i0);
                            for k0 in (0..width).step_by(tuning.tile) {
                                for k in k0..(k0 + tuning.tile).min(width) {
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
    pub(super) fn column_of_x(&self, j: usize) -> &[f64] {
        &self.copy[j * self.n..(j + 1) * self.n]
    }

    /// Xᵀv for a vector v of length n, in feature order (residual form).
    pub(super) fn xt(&self, v: &[f64]) -> Vec<f64> {
        (0..self.p)
            .into_par_iter()
            .map(|j| dot(self.column_of_x(j), v))
            .collect()
    }

    pub(super) fn is_cached(&self, j: usize) -> bool {
        self.slot[j] != usize::MAX
    }

    /// G[:, j]; the column must be cached.
    pub(super) fn column(&self, j: usize) -> &[f64] {
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
        let (p, m, t) = (self.p, rest.len(), block.len());
        let tuning = self.tuning;
        let plain = self.plain();
        let (xs, row_major) = self.borrowed();
        let groups = self.row_groups();
        let width = (tuning.partial_entries / (t * groups.len())).max(t);
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
                    let pa = at_least(&mut buf.pa, if own_lhs { tuning.row_panel * t } else { 0 });
                    let pb = at_least(&mut buf.pb, if direct { 0 } else { tuning.row_panel * w });
                    for r0 in (a..b).step_by(tuning.row_panel) {
                        let r1 = (r0 + tuning.row_panel).min(b);
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
                            // of sub_block × sub_block tiles (the rest by symmetry)
                            for s0 in (0..t).step_by(tuning.sub_block) {
                                let len = tuning.sub_block.min(t - s0);
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
                for s in tuning.sub_block..t {
                    for k in 0..(s / tuning.sub_block) * tuning.sub_block {
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
    pub(super) fn adopt(&mut self, g: ArrayView2<f64>) -> Result<()> {
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
    pub(super) fn cache(&mut self, features: &[usize]) {
        let tuning = self.tuning;
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
        let rest: Vec<usize> = if t * self.n_cached <= tuning.all_features * p {
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
