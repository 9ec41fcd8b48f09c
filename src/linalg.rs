//! Dense linear algebra: the only door to the linear-algebra crate (faer).
//!
//! Everything here takes and returns `ndarray` arrays; the conversions to faer
//! matrices live in this file only. Provided:
//!
//! * [`gram_cross`]: the centred Gram matrix `X_cᵀX_c` and cross product `X_cᵀY_c`
//!   of a tall design, in one parallel pass over the rows (no centred copy of X).
//! * [`column_means`], [`finite_max_abs`], [`matmul`]: parallel helpers.
//! * [`cholesky_solve`], [`sym_eigen`], [`thin_svd`], [`lstsq_min_norm`]:
//!   factorisations and solves.
//!
//! **Reproducibility.** Row-parallel reductions split the rows into a fixed set of
//! blocks that depends only on the shape, and add the block results in block
//! order, so the numbers do not depend on the number of threads.

use std::ops::Range;

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::prelude::default;
use faer::{Accum, Conj, Mat, MatRef, Par};
use ndarray::{s, Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut2, Axis};
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Rows per dense chunk that is centred into a buffer and multiplied.
const CHUNK_ROWS: usize = 512;

/// A faer view of an ndarray view (any strides), without copying.
fn as_faer<'a>(a: ArrayView2<'a, f64>) -> MatRef<'a, f64> {
    let (nrows, ncols) = a.dim();
    let strides = a.strides();
    // SAFETY: the pointer, shape and element strides come from a valid ndarray
    // view that lives for 'a; faer reads exactly the same elements.
    unsafe { MatRef::from_raw_parts(a.as_ptr(), nrows, ncols, strides[0], strides[1]) }
}

/// An owned ndarray copy of a faer matrix.
fn to_array(m: MatRef<'_, f64>) -> Array2<f64> {
    Array2::from_shape_fn((m.nrows(), m.ncols()), |(i, j)| m[(i, j)])
}

/// Fixed partition of the rows `0..n` into at most 32 contiguous blocks.
///
/// The partition depends only on `(n, p)`, so results of reductions over the
/// blocks are identical for any number of threads. Each block holds at least
/// `4·max(p, 64)` rows, which keeps the per-block partial sums (`p × p`) small
/// next to the data.
pub fn row_blocks(n: usize, p: usize) -> Vec<Range<usize>> {
    let n_blocks = (n / (4 * p.max(64)))
        .min(n * p / MIN_BLOCK_ELEMENTS)
        .clamp(1, 32);
    (0..n_blocks)
        .map(|b| (b * n / n_blocks)..((b + 1) * n / n_blocks))
        .collect()
}

/// Fewest elements in a row block: below this, a design is one block and is
/// handled on the calling thread (see [`map_row_blocks`]).
const MIN_BLOCK_ELEMENTS: usize = 1 << 16;

/// `f` over `items`, in order: on rayon's threads when `parallel`, else directly on
/// the calling thread. Handing a job to rayon's pool from outside it costs a thread
/// wake-up and two context switches (tens of microseconds), which dominates small
/// work; callers pass `parallel` from the size of the work only, so results do not
/// depend on it.
pub fn map_maybe_parallel<I, T, F>(items: Vec<I>, parallel: bool, f: F) -> Vec<T>
where
    I: Send,
    T: Send,
    F: Fn(I) -> T + Sync + Send,
{
    if parallel {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

/// `f` over the [`row_blocks`] of an n × p array, in block order: in parallel when
/// there are several blocks, on the calling thread when there is one (see
/// [`map_maybe_parallel`]).
pub fn map_row_blocks<T, F>(n: usize, p: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(Range<usize>) -> T + Sync + Send,
{
    let blocks = row_blocks(n, p);
    let parallel = blocks.len() > 1;
    map_maybe_parallel(blocks, parallel, f)
}

/// `max_ij |a_ij|` when every element of `a` is finite, else `None` (one parallel
/// pass over row blocks).
pub fn finite_max_abs(a: ArrayView2<'_, f64>) -> Option<f64> {
    let (n, p) = a.dim();
    let blocks = map_row_blocks(n, p, |r| {
        let block = a.slice(s![r, ..]);
        match block.as_slice_memory_order() {
            Some(values) => max_abs_and_finite(values),
            None => block.iter().fold((0.0f64, true), |(m, ok), &v| {
                (m.max(v.abs()), ok & v.is_finite())
            }),
        }
    });
    blocks
        .into_iter()
        .try_fold(0.0f64, |m, (block_max, ok)| ok.then_some(m.max(block_max)))
}

/// (max |v|, whether every v is finite), in eight independent lanes so that the
/// loop vectorises (a single running maximum is a chain of dependent operations).
fn max_abs_and_finite(values: &[f64]) -> (f64, bool) {
    let mut lanes = [0.0f64; 8];
    let mut ok = true;
    let chunks = values.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (m, &v) in lanes.iter_mut().zip(chunk) {
            let a = v.abs();
            // false for NaN and ±∞
            ok &= a <= f64::MAX;
            *m = if a > *m { a } else { *m };
        }
    }
    for &v in tail {
        ok &= v.abs() <= f64::MAX;
        lanes[0] = lanes[0].max(v.abs());
    }
    (lanes.iter().fold(0.0f64, |m, &v| m.max(v)), ok)
}

/// Column means `x̄_j = (1/n) Σ_i X_ij` (parallel, thread-count independent).
///
/// **Panics** if `X` has no rows.
pub fn column_means(x: ArrayView2<'_, f64>) -> Array1<f64> {
    let (n, p) = x.dim();
    assert!(n > 0, "column_means needs at least one row");
    let partial: Vec<Array1<f64>> = map_row_blocks(n, p, |r| x.slice(s![r, ..]).sum_axis(Axis(0)));
    let mut total = Array1::zeros(p);
    for part in &partial {
        total += part;
    }
    total / n as f64
}

/// Centred Gram matrix and cross product of a tall design, in one pass:
///
/// `G = (X − 1 x̄ᵀ)ᵀ (X − 1 x̄ᵀ)` (p × p) and `B = (X − 1 x̄ᵀ)ᵀ (Y − 1 ȳᵀ)` (p × t),
///
/// where `x̄`, `ȳ` are the given shifts (zero when `None`). Rows are centred chunk
/// by chunk into a small buffer, and each chunk adds its rank-k update to the
/// lower triangle of a per-block `G` (faer matmul); blocks run in parallel and
/// are summed in block order.
///
/// **Panics** if shapes disagree (`Y` rows ≠ `X` rows, shift lengths).
pub fn gram_cross(
    x: ArrayView2<'_, f64>,
    x_shift: Option<ArrayView1<'_, f64>>,
    y: ArrayView2<'_, f64>,
    y_shift: Option<ArrayView1<'_, f64>>,
) -> (Array2<f64>, Array2<f64>) {
    let (n, p) = x.dim();
    let t = y.ncols();
    assert_eq!(y.nrows(), n, "X and Y must have the same number of rows");
    let x_shift = x_shift
        .map(|m| m.to_owned())
        .unwrap_or_else(|| Array1::zeros(p));
    let y_shift = y_shift
        .map(|m| m.to_owned())
        .unwrap_or_else(|| Array1::zeros(t));
    assert_eq!(x_shift.len(), p);
    assert_eq!(y_shift.len(), t);

    let partial: Vec<(Mat<f64>, Mat<f64>)> = map_row_blocks(n, p, |rows| {
        let mut g = Mat::<f64>::zeros(p, p);
        let mut b = Mat::<f64>::zeros(p, t);
        let mut xbuf = vec![0.0; CHUNK_ROWS.min(rows.len()) * p];
        let mut ybuf = vec![0.0; CHUNK_ROWS.min(rows.len()) * t];
        let mut start = rows.start;
        while start < rows.end {
            let end = (start + CHUNK_ROWS).min(rows.end);
            let k = end - start;
            for (r, i) in (start..end).enumerate() {
                let dst = &mut xbuf[r * p..(r + 1) * p];
                for ((d, &v), &m) in dst.iter_mut().zip(x.row(i)).zip(&x_shift) {
                    *d = v - m;
                }
                let dst = &mut ybuf[r * t..(r + 1) * t];
                for ((d, &v), &m) in dst.iter_mut().zip(y.row(i)).zip(&y_shift) {
                    *d = v - m;
                }
            }
            let a = MatRef::from_row_major_slice(&xbuf[..k * p], k, p);
            let yc = MatRef::from_row_major_slice(&ybuf[..k * t], k, t);
            triangular::matmul(
                g.as_mut(),
                BlockStructure::TriangularLower,
                Accum::Add,
                a.transpose(),
                BlockStructure::Rectangular,
                a,
                BlockStructure::Rectangular,
                1.0,
                Par::Seq,
            );
            faer::linalg::matmul::matmul(b.as_mut(), Accum::Add, a.transpose(), yc, 1.0, Par::Seq);
            clear_upper_vector_state();
            start = end;
        }
        (g, b)
    });

    let mut g = Array2::<f64>::zeros((p, p));
    let mut b = Array2::<f64>::zeros((p, t));
    for (gp, bp) in &partial {
        for j in 0..p {
            for i in j..p {
                g[[i, j]] += gp[(i, j)];
            }
        }
        b += &to_array(bp.as_ref());
    }
    for j in 0..p {
        for i in j + 1..p {
            g[[j, i]] = g[[i, j]];
        }
    }
    (g, b)
}

/// Matrix product `A B`, parallel over fixed blocks of rows of `A`, each block a
/// sequential faer product, so the result does not depend on the thread count
/// (faer's own parallel product may split the inner dimension).
///
/// **Panics** if `A.ncols() != B.nrows()`.
pub fn matmul(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Array2<f64> {
    assert_eq!(a.ncols(), b.nrows(), "matmul: inner dimensions differ");
    let (m, n) = (a.nrows(), b.ncols());
    let blocks = row_blocks(m, a.ncols().max(n));
    let parts: Vec<Mat<f64>> = map_row_blocks(m, a.ncols().max(n), |rows| {
        let mut out = Mat::<f64>::zeros(rows.len(), n);
        faer::linalg::matmul::matmul(
            out.as_mut(),
            Accum::Replace,
            as_faer(a.slice(s![rows.clone(), ..])),
            as_faer(b),
            1.0,
            Par::Seq,
        );
        clear_upper_vector_state();
        out
    });
    let mut result = Array2::zeros((m, n));
    for (rows, part) in blocks.iter().zip(&parts) {
        for (r, i) in rows.clone().enumerate() {
            for j in 0..n {
                result[[i, j]] = part[(r, j)];
            }
        }
    }
    result
}

/// (A⁻¹)ᵀ of a small dense n × n matrix A (row-major) written into `out` (row-major),
/// by LU factorisation with partial pivoting of Aᵀ; returns (ln|det A|, sign of
/// det A), or `None` if a pivot is zero or not finite (A singular or not finite).
///
/// Hand-written for the matrices of Slater determinants (n ≲ 30, refactorised every
/// hundred moves), where a call into a general library costs more than the work.
///
/// **Panics** if `a` or `out` does not hold n² entries.
pub fn small_inverse_transposed(a: &[f64], n: usize, out: &mut [f64]) -> Option<(f64, f64)> {
    assert!(
        a.len() == n * n && out.len() == n * n,
        "a and out must hold n² entries"
    );
    // B = Aᵀ, factorised in place as P B = L U (unit lower L below the diagonal).
    let mut lu = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            lu[i * n + j] = a[j * n + i];
        }
    }
    let mut perm: Vec<usize> = (0..n).collect();
    let (mut log_abs, mut sign) = (0.0, 1.0);
    for col in 0..n {
        let (mut p, mut best) = (col, lu[col * n + col].abs());
        for r in col + 1..n {
            let v = lu[r * n + col].abs();
            if v > best {
                (p, best) = (r, v);
            }
        }
        if !(best > 0.0 && best.is_finite()) {
            return None;
        }
        if p != col {
            for c in 0..n {
                lu.swap(p * n + c, col * n + c);
            }
            perm.swap(p, col);
            sign = -sign;
        }
        let pivot = lu[col * n + col];
        log_abs += pivot.abs().ln();
        if pivot < 0.0 {
            sign = -sign;
        }
        for r in col + 1..n {
            let f = lu[r * n + col] / pivot;
            lu[r * n + col] = f;
            for c in col + 1..n {
                lu[r * n + c] -= f * lu[col * n + c];
            }
        }
    }
    // B⁻¹ column by column: L y = P e_j, U x = y; out = B⁻¹ = (A⁻¹)ᵀ.
    let mut y = vec![0.0; n];
    for j in 0..n {
        for i in 0..n {
            let mut v = if perm[i] == j { 1.0 } else { 0.0 };
            for k in 0..i {
                v -= lu[i * n + k] * y[k];
            }
            y[i] = v;
        }
        for i in (0..n).rev() {
            let mut v = y[i];
            for k in i + 1..n {
                v -= lu[i * n + k] * y[k];
            }
            y[i] = v / lu[i * n + i];
        }
        for i in 0..n {
            out[i * n + j] = y[i];
        }
    }
    Some((log_abs, sign))
}

/// Solves `A X = B` for symmetric positive definite `A` by Cholesky, `A = L Lᵀ`
/// (only the lower triangle of `A` is read).
///
/// **Errors** [`Error::Numerical`] if `A` is not (numerically) positive definite.
pub fn cholesky_solve(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> Result<Array2<f64>> {
    use faer::linalg::cholesky::llt::{factor, solve};
    let n = a.nrows();
    let mut l = Mat::<f64>::from_fn(n, n, |i, j| if i >= j { a[[i, j]] } else { 0.0 });
    let mut mem = MemBuffer::new(factor::cholesky_in_place_scratch::<f64>(
        n,
        Par::Seq,
        default(),
    ));
    factor::cholesky_in_place(
        l.as_mut(),
        Default::default(),
        Par::Seq,
        MemStack::new(&mut mem),
        default(),
    )
    .map_err(|e| Error::Numerical(format!("Cholesky factorisation failed: {e:?}")))?;
    let mut x = Mat::<f64>::from_fn(b.nrows(), b.ncols(), |i, j| b[[i, j]]);
    solve::solve_in_place_with_conj(
        l.as_ref(),
        Conj::No,
        x.as_mut(),
        Par::Seq,
        MemStack::new(&mut MemBuffer::new(StackReq::EMPTY)),
    );
    Ok(to_array(x.as_ref()))
}

/// Eigendecomposition of a symmetric matrix, `A = V diag(λ) Vᵀ`, eigenvalues in
/// non-decreasing order; only the lower triangle of `A` is read. Sequential, so
/// reproducible bit for bit.
///
/// **Errors** [`Error::Numerical`] if the iteration does not converge (e.g. NaN input).
pub fn sym_eigen(a: ArrayView2<'_, f64>) -> Result<(Array1<f64>, Array2<f64>)> {
    use faer::linalg::evd;
    let n = a.nrows();
    let mut u = Mat::<f64>::zeros(n, n);
    let mut values = Diag::<f64>::zeros(n);
    let mut mem = MemBuffer::new(evd::self_adjoint_evd_scratch::<f64>(
        n,
        evd::ComputeEigenvectors::Yes,
        Par::Seq,
        default(),
    ));
    evd::self_adjoint_evd(
        as_faer(a),
        values.as_mut(),
        Some(u.as_mut()),
        Par::Seq,
        MemStack::new(&mut mem),
        default(),
    )
    .map_err(|e| Error::Numerical(format!("symmetric eigendecomposition failed: {e:?}")))?;
    let col = values.column_vector();
    Ok((
        Array1::from_iter((0..n).map(|i| col[i])),
        to_array(u.as_ref()),
    ))
}

/// Thin singular value decomposition `A = U diag(s) Vᵀ` with `s` non-increasing;
/// returns `(U (m × k), s (k), V (n × k))`, `k = min(m, n)`. Sequential, so
/// reproducible bit for bit.
///
/// **Errors** [`Error::Numerical`] if the iteration does not converge.
pub fn thin_svd(a: ArrayView2<'_, f64>) -> Result<(Array2<f64>, Array1<f64>, Array2<f64>)> {
    use faer::linalg::svd;
    let (m, n) = a.dim();
    let k = m.min(n);
    let mut u = Mat::<f64>::zeros(m, k);
    let mut v = Mat::<f64>::zeros(n, k);
    let mut values = Diag::<f64>::zeros(k);
    let thin = svd::ComputeSvdVectors::Thin;
    let mut mem = MemBuffer::new(svd::svd_scratch::<f64>(
        m,
        n,
        thin,
        thin,
        Par::Seq,
        default(),
    ));
    svd::svd(
        as_faer(a),
        values.as_mut(),
        Some(u.as_mut()),
        Some(v.as_mut()),
        Par::Seq,
        MemStack::new(&mut mem),
        default(),
    )
    .map_err(|e| Error::Numerical(format!("singular value decomposition failed: {e:?}")))?;
    let col = values.column_vector();
    let s = Array1::from_iter((0..k).map(|i| col[i]));
    Ok((to_array(u.as_ref()), s, to_array(v.as_ref())))
}

/// Minimum-norm least-squares solution of `A X ≈ B` from the thin SVD, as
/// `numpy.linalg.lstsq` gives it.
#[derive(Debug, Clone)]
pub struct LeastSquares {
    /// `X = V_r diag(1/s_r) U_rᵀ B` (n × t).
    pub solution: Array2<f64>,
    /// Number of singular values above `rcond · s_max`.
    pub rank: usize,
    /// All singular values of `A`, non-increasing (length `min(m, n)`).
    pub singular_values: Array1<f64>,
    /// `(AᵀA)⁺ = V_r diag(1/s_r²) V_rᵀ` (n × n), the pseudo-inverse of the Gram matrix.
    pub gram_pinv: Array2<f64>,
}

/// Minimum-norm least squares by SVD. Singular values `s_i <= rcond · s_max` are
/// treated as zero; `numpy.linalg.lstsq`'s default is `rcond = ε · max(m, n)`.
///
/// **Errors** [`Error::Numerical`] if the SVD does not converge.
pub fn lstsq_min_norm(
    a: ArrayView2<'_, f64>,
    b: ArrayView2<'_, f64>,
    rcond: f64,
) -> Result<LeastSquares> {
    let (u, s, v) = thin_svd(a)?;
    Ok(min_norm_from_svd(u.view(), s, v.view(), b, rcond))
}

/// [`lstsq_min_norm`] for a tall `A` (m × n with m >= n + t, B m × t), faster: one
/// Householder QR of `[A | B]` gives `R` (n × n) and the first n rows of `QᵀB`
/// without forming Q, and the SVD of the small `R = U Σ Vᵀ` gives those of
/// `A = (QU) Σ Vᵀ`. The same solution, rank and singular values as
/// [`lstsq_min_norm`] up to rounding.
///
/// **Panics** if `m < n + t`.
pub fn lstsq_min_norm_tall(
    a: ArrayView2<'_, f64>,
    b: ArrayView2<'_, f64>,
    rcond: f64,
) -> Result<LeastSquares> {
    let (r, qtb) = qr_reduce(a, b);
    let (u, s, v) = thin_svd(r.view())?;
    Ok(min_norm_from_svd(u.view(), s, v.view(), qtb.view(), rcond))
}

/// For a tall `A` (m × n with m >= n + t) and `B` (m × t), the upper-triangular `R`
/// (n × n) of `A = QR` and the first n rows of `QᵀB` (n × t), from one Householder QR
/// of `[A | B]` without forming Q: `‖AX − B‖² = ‖RX − QᵀB‖² + const` for every X, so
/// least-squares problems in A reduce to n rows.
///
/// **Panics** if `m < n + t`.
pub fn qr_reduce(a: ArrayView2<'_, f64>, b: ArrayView2<'_, f64>) -> (Array2<f64>, Array2<f64>) {
    let ((m, n), t) = (a.dim(), b.ncols());
    assert!(m >= n + t, "qr_reduce needs m >= n + t");
    use faer::linalg::qr::no_pivoting::factor;
    let mut aug = Mat::<f64>::from_fn(
        m,
        n + t,
        |i, j| if j < n { a[(i, j)] } else { b[(i, j - n)] },
    );
    // Sequential: faer's default would hand small factorisations to rayon's pool
    // (a wake-up per call, which dominated the small fits of the course workload),
    // and a split that depends on the number of threads would change the rounding.
    let block = factor::recommended_block_size::<f64>(m, n + t);
    let mut coeff = Mat::<f64>::zeros(block, n + t);
    let mut mem = MemBuffer::new(factor::qr_in_place_scratch::<f64>(
        m,
        n + t,
        block,
        Par::Seq,
        default(),
    ));
    factor::qr_in_place(
        aug.as_mut(),
        coeff.as_mut(),
        Par::Seq,
        MemStack::new(&mut mem),
        default(),
    );
    // R is the upper triangle; below it lie the Householder vectors
    let r = Array2::from_shape_fn((n, n), |(i, j)| if i <= j { aug[(i, j)] } else { 0.0 });
    (r, to_array(aug.as_ref().submatrix(0, n, n, t)))
}

/// The minimum-norm solution `V_r diag(1/s_r) U_rᵀ B`, the rank and `(AᵀA)⁺` from an
/// SVD `A = U diag(s) Vᵀ` with non-increasing `s`.
fn min_norm_from_svd(
    u: ArrayView2<'_, f64>,
    s: Array1<f64>,
    v: ArrayView2<'_, f64>,
    b: ArrayView2<'_, f64>,
    rcond: f64,
) -> LeastSquares {
    let s_max = s.iter().copied().fold(0.0, f64::max);
    let rank = s.iter().filter(|&&si| si > rcond * s_max).count();
    let u_r = u.slice(s![.., ..rank]);
    let v_r = v.slice(s![.., ..rank]);
    let mut utb = matmul(u_r.t(), b);
    for (mut row, &si) in utb.rows_mut().into_iter().zip(s.iter()) {
        row /= si;
    }
    let solution = matmul(v_r, utb.view());
    let mut v_scaled = v_r.to_owned();
    for (mut col, &si) in v_scaled.columns_mut().into_iter().zip(s.iter()) {
        col /= si * si;
    }
    let gram_pinv = matmul(v_scaled.view(), v_r.t());
    LeastSquares {
        solution,
        rank,
        singular_values: s,
        gram_pinv,
    }
}

/// Cross product `out = Aᵀ B` of two column-major blocks sharing `n` rows:
/// A is n × a_cols, B is n × b_cols, `out` is a_cols × b_cols (column-major).
/// Sequential (callers parallelise over independent blocks, so results do not
/// depend on the number of threads).
///
/// **Panics** if a slice length is not a multiple of `n` or `out` has the wrong length.
pub fn cross_product(a: &[f64], b: &[f64], n: usize, out: &mut [f64]) {
    assert!(
        n > 0 && a.len().is_multiple_of(n) && b.len().is_multiple_of(n),
        "blocks must have n rows"
    );
    let (a_cols, b_cols) = (a.len() / n, b.len() / n);
    assert_eq!(out.len(), a_cols * b_cols, "out must be a_cols × b_cols");
    let a = faer::MatRef::from_column_major_slice(a, n, a_cols);
    let b = faer::MatRef::from_column_major_slice(b, n, b_cols);
    let dst = faer::MatMut::from_column_major_slice_mut(out, a_cols, b_cols);
    faer::linalg::matmul::matmul(
        dst,
        faer::Accum::Replace,
        a.transpose(),
        b,
        1.0,
        faer::Par::Seq,
    );
    clear_upper_vector_state();
}

/// Clears the upper halves of the AVX/AVX-512 registers (`vzeroupper`) after a faer
/// product. faer's AVX-512 kernels can return with them dirty, and legacy-SSE code
/// that runs next (glibc's `exp`, `log`, `log1p`) then pays a state-transition
/// penalty on every instruction: measured on this project's Xeon, `exp` went from
/// 4 ns to 460 ns per call after one product, which made the logistic and softplus
/// of an RBM epoch 50 times slower than its matrix products. Results are unchanged
/// (no value lives in those register halves across a function call).
#[inline]
pub fn clear_upper_vector_state() {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            // SAFETY: the CPU supports AVX (checked above), and `vzeroupper` only
            // clears register halves that hold no live value at a call boundary.
            unsafe { std::arch::x86_64::_mm256_zeroupper() }
        }
    }
}

fn faer_ref<'a>(a: &'a ArrayView2<'_, f64>) -> MatRef<'a, f64> {
    let (r, c) = a.dim();
    let s = a.strides();
    // SAFETY: the view's pointer, shape and strides describe valid, borrowed memory.
    unsafe { MatRef::from_raw_parts(a.as_ptr(), r, c, s[0], s[1]) }
}

/// C ← α A B + β C on ndarray views of any strides, with faer's sequential matrix
/// product (cache-blocked SIMD kernels selected at run time). No threads are used, so
/// the result does not depend on the thread count.
///
/// **Panics** if the shapes do not fit: A is m × k, B is k × n, C is m × n.
pub fn gemm(
    alpha: f64,
    a: &ArrayView2<f64>,
    b: &ArrayView2<f64>,
    beta: f64,
    c: &mut ArrayViewMut2<f64>,
) {
    let (m, n) = c.dim();
    assert!(
        a.nrows() == m && b.ncols() == n && a.ncols() == b.nrows(),
        "gemm: shapes do not fit"
    );
    let accum = if beta == 0.0 {
        Accum::Replace
    } else {
        if beta != 1.0 {
            c.mapv_inplace(|v| beta * v);
        }
        Accum::Add
    };
    let s = c.strides().to_vec();
    // SAFETY: the mutable view's pointer, shape and strides describe valid memory that
    // this function borrows exclusively.
    let dst = unsafe { faer::MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, s[0], s[1]) };
    faer::linalg::matmul::matmul(dst, accum, faer_ref(a), faer_ref(b), alpha, Par::Seq);
    clear_upper_vector_state();
}

/// Multiply-adds per leaf of [`gemm_split`]: about 30 µs of one core's work, large
/// enough that handing a leaf to another thread costs little in comparison.
const GEMM_LEAF_WORK: usize = 1 << 20;
/// Columns per leaf of [`gemm_split`] at least.
const GEMM_LEAF_MIN_COLS: usize = 32;

/// C ← α A B + β C like [`gemm`], for products large enough to share between threads:
/// the columns of B and C are halved recursively while a half keeps at least
/// [`GEMM_LEAF_WORK`] multiply-adds and [`GEMM_LEAF_MIN_COLS`] columns, and the
/// halves run with `rayon::join`. The leaves depend only on the shapes, and each
/// output column is computed by one sequential [`gemm`] (no sum is split), so the
/// result is bit-for-bit the same for any number of threads. Small products are one
/// sequential [`gemm`].
///
/// **Panics** as [`gemm`].
pub fn gemm_split(
    alpha: f64,
    a: &ArrayView2<f64>,
    b: &ArrayView2<f64>,
    beta: f64,
    c: &mut ArrayViewMut2<f64>,
) {
    let (m, n) = c.dim();
    let k = a.ncols();
    let half = n / 2;
    if half < GEMM_LEAF_MIN_COLS || m * k * half < GEMM_LEAF_WORK {
        return gemm(alpha, a, b, beta, c);
    }
    assert!(
        a.nrows() == m && b.ncols() == n && b.nrows() == k,
        "gemm: shapes do not fit"
    );
    let (b_left, b_right) = b.view().split_at(Axis(1), half);
    let (mut c_left, mut c_right) = c.view_mut().split_at(Axis(1), half);
    rayon::join(
        || gemm_split(alpha, a, &b_left, beta, &mut c_left),
        || gemm_split(alpha, a, &b_right, beta, &mut c_right),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use ndarray::array;
    use rand_distr::{Distribution, StandardNormal};

    fn assert_close(a: &Array2<f64>, b: &Array2<f64>, tol: f64) {
        assert_eq!(a.dim(), b.dim());
        let err = (a - b).iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert!(err <= tol, "max |a - b| = {err:e} > {tol:e}");
    }

    fn random(n: usize, p: usize, seed: u64) -> Array2<f64> {
        let mut r = rng::stream(seed, 0);
        Array2::from_shape_fn((n, p), |_| StandardNormal.sample(&mut r))
    }

    #[test]
    fn gram_cross_matches_explicit_centred_product() {
        let x = random(1500, 7, 1) + 3.0;
        let y = random(1500, 2, 2);
        let xm = column_means(x.view());
        let ym = column_means(y.view());
        let (g, b) = gram_cross(x.view(), Some(xm.view()), y.view(), Some(ym.view()));
        let xc = &x - &xm;
        let yc = &y - &ym;
        assert_close(&g, &xc.t().dot(&xc), 1e-9);
        assert_close(&b, &xc.t().dot(&yc), 1e-9);
    }

    #[test]
    fn gram_cross_of_strided_view_without_shift() {
        let x = random(300, 10, 3);
        let xt = x.t();
        let y = random(10, 1, 4);
        let (g, b) = gram_cross(xt, None, y.view(), None);
        assert_close(&g, &x.dot(&xt), 1e-10);
        assert_close(&b, &x.dot(&y), 1e-10);
    }

    #[test]
    fn row_blocks_cover_rows_in_order() {
        for (n, p) in [(1, 1), (10, 3), (100_000, 50), (5000, 2000)] {
            let blocks = row_blocks(n, p);
            assert_eq!(blocks[0].start, 0);
            assert_eq!(blocks.last().unwrap().end, n);
            for w in blocks.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
        }
    }

    #[test]
    fn cholesky_solves_spd_system_and_rejects_indefinite() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let b = array![[2.0], [1.0]];
        let x = cholesky_solve(a.view(), b.view()).unwrap();
        assert_close(&a.dot(&x), &b, 1e-12);
        let bad = array![[1.0, 2.0], [2.0, 1.0]];
        assert!(matches!(
            cholesky_solve(bad.view(), b.view()),
            Err(Error::Numerical(_))
        ));
    }

    #[test]
    fn eigen_reconstructs_symmetric_matrix() {
        let x = random(20, 5, 5);
        let a = x.t().dot(&x);
        let (l, v) = sym_eigen(a.view()).unwrap();
        assert!(l.windows(2).into_iter().all(|w| w[0] <= w[1]));
        let rec = (&v * &l).dot(&v.t());
        assert_close(&rec, &a, 1e-10);
    }

    #[test]
    fn lstsq_gives_minimum_norm_solution_of_duplicated_column() {
        // Columns 0 and 1 are equal: the minimum-norm solution splits the weight.
        let x = array![[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        let y = array![[2.0], [4.0], [6.0]];
        let ls = lstsq_min_norm(x.view(), y.view(), f64::EPSILON * 3.0).unwrap();
        assert_eq!(ls.rank, 1);
        assert_close(&ls.solution, &array![[1.0], [1.0]], 1e-12);
        assert!((ls.singular_values[0] - 28f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn tall_lstsq_by_qr_equals_the_svd_of_the_design() {
        for (n, p, t, seed) in [
            (50, 3, 1, 1),
            (200, 20, 2, 2),
            (40, 37, 3, 3),
            (300, 12, 1, 4),
        ] {
            let mut x = random(n, p, seed);
            // column 1 = column 0, column p−1 ∝ column 2: rank p − 2 (p − 1 for p = 3)
            let c0 = x.column(0).to_owned();
            x.column_mut(1).assign(&c0);
            let c2 = x.column(2).to_owned() * 1e-3;
            x.column_mut(p - 1).assign(&c2);
            let y = random(n, t, seed + 10);
            let rcond = f64::EPSILON * n as f64;
            let a = lstsq_min_norm(x.view(), y.view(), rcond).unwrap();
            let b = lstsq_min_norm_tall(x.view(), y.view(), rcond).unwrap();
            assert_eq!(a.rank, b.rank, "n = {n}, p = {p}");
            assert_eq!(b.rank, if p == 3 { 2 } else { p - 2 });
            assert_close(&a.solution, &b.solution, 1e-9);
            assert_close(&a.gram_pinv, &b.gram_pinv, 1e-8);
            let ds = &a.singular_values - &b.singular_values;
            assert!(
                ds.iter().all(|d| d.abs() <= 1e-10 * a.singular_values[0]),
                "{ds}"
            );
        }
    }

    #[test]
    fn max_abs_and_finite_sees_every_position() {
        for len in 0..20 {
            let values: Vec<f64> = (0..len).map(|i| (i as f64 - 7.5) * 0.5).collect();
            let largest = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            assert_eq!(max_abs_and_finite(&values), (largest, true));
            for pos in 0..len {
                for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    let mut v = values.clone();
                    v[pos] = bad;
                    assert!(!max_abs_and_finite(&v).1, "len {len} pos {pos}");
                }
                let mut v = values.clone();
                v[pos] = -100.0;
                assert_eq!(max_abs_and_finite(&v).0, 100.0);
            }
        }
    }

    #[test]
    fn matmul_and_means() {
        let a = random(33, 4, 6);
        let b = random(4, 3, 7);
        assert_close(&matmul(a.view(), b.view()), &a.dot(&b), 1e-12);
        let diff = &column_means(a.view()) - &a.mean_axis(Axis(0)).unwrap();
        assert!(diff.iter().all(|d| d.abs() < 1e-12));
        let largest = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert_eq!(finite_max_abs(a.view()), Some(largest));
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut c = a.clone();
            c[[5, 2]] = bad;
            assert_eq!(finite_max_abs(c.view()), None);
        }
        // several row blocks
        let big = random(9000, 20, 8);
        assert!(row_blocks(9000, 20).len() > 1);
        let largest = big.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        assert_eq!(finite_max_abs(big.view()), Some(largest));
        let mut c = big.clone();
        c[[8999, 19]] = f64::NAN;
        assert_eq!(finite_max_abs(c.view()), None);
    }
}

#[cfg(test)]
mod cross_product_tests {
    use super::cross_product;

    #[test]
    fn matches_the_explicit_sums() {
        let n = 5;
        let a: Vec<f64> = (0..n * 3).map(|i| (i as f64 * 0.7).sin()).collect();
        let b: Vec<f64> = (0..n * 2).map(|i| (i as f64 * 1.3).cos()).collect();
        let mut out = vec![0.0; 6];
        cross_product(&a, &b, n, &mut out);
        for i in 0..3 {
            for j in 0..2 {
                let want: f64 = (0..n).map(|k| a[i * n + k] * b[j * n + k]).sum();
                assert!((out[i + 3 * j] - want).abs() < 1e-12);
            }
        }
    }
}

#[cfg(test)]
mod gemm_tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn gemm_matches_the_naive_product_for_transposed_and_strided_views() {
        let a = Array2::from_shape_fn((7, 5), |(i, j)| (i as f64 - 2.0 * j as f64).sin());
        let b = Array2::from_shape_fn((7, 4), |(i, j)| (1.0 + i as f64 * j as f64).cos());
        let mut c = Array2::from_elem((5, 4), 1.0);
        gemm(2.0, &a.t(), &b.view(), 0.5, &mut c.view_mut());
        let expect = a.t().dot(&b) * 2.0 + 0.5;
        assert!((&c - &expect).iter().all(|d| d.abs() < 1e-13));
        let mut d = Array2::zeros((4, 5));
        gemm(1.0, &b.t(), &a.view(), 0.0, &mut d.view_mut());
        assert!((&d - &b.t().dot(&a)).iter().all(|v| v.abs() < 1e-13));
    }
}
