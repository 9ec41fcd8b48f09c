//! Dense linear algebra through faer.

use faer::linalg::matmul::matmul;
use faer::{Accum, MatMut, MatRef, Par};
use ndarray::{ArrayView2, ArrayViewMut2};

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
pub fn gemm(alpha: f64, a: &ArrayView2<f64>, b: &ArrayView2<f64>, beta: f64, c: &mut ArrayViewMut2<f64>) {
    let (m, n) = c.dim();
    assert!(a.nrows() == m && b.ncols() == n && a.ncols() == b.nrows(), "gemm: shapes do not fit");
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
    let dst = unsafe { MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, s[0], s[1]) };
    matmul(dst, accum, faer_ref(a), faer_ref(b), alpha, Par::Seq);
}

#[cfg(test)]
mod tests {
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
