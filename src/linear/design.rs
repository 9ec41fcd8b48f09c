//! Polynomial design matrices: every monomial of the inputs up to a total degree.
//!
//! The columns come in scikit-learn's `PolynomialFeatures` order ([`monomials`]). One
//! variable, degree p: 1, x, x², …, xᵖ. Two variables: every xⁱyᵏ with i + k ≤ p,
//! (p + 1)(p + 2)/2 columns, by total degree d = i + k and, within a degree, by
//! increasing power of y:
//!
//! ```text
//! 1, x, y, x², xy, y², x³, x²y, xy², y³, …
//! ```
//!
//! so xⁱyᵏ sits at index d(d + 1)/2 + k (one lower without the constant column).
//! Each monomial is one input times a monomial of lower degree, the products
//! scikit-learn computes, so the values are its values to the last bit.

use ndarray::parallel::prelude::*;
use ndarray::{Array2, ArrayView2, Axis, Zip};

use crate::error::{check_finite, Error, Result};

/// Rows per parallel task: large enough that rayon's overhead is negligible.
const ROWS_PER_TASK: usize = 2048;

/// Number of monomials of total degree ≤ `degree` in `n_features` variables (the
/// constant included), with every power ≤ 1 if `interaction_only`:
/// C(n + p, p), or Σ_{d ≤ min(p, n)} C(n, d). Saturates at `u128::MAX` beyond 2⁶⁰
/// (far more than memory holds), so that counting never overflows.
pub fn n_monomials(n_features: usize, degree: usize, interaction_only: bool) -> u128 {
    const CAP: u128 = 1 << 60;
    // C(n, k) built as Π (n − k + i)/i, exact at every step
    let binomial = |n: u128, k: u128| -> u128 {
        let k = k.min(n - k);
        let mut c: u128 = 1;
        for i in 1..=k {
            if c > CAP {
                return u128::MAX;
            }
            c = c * (n - k + i) / i;
        }
        c
    };
    let (n, p) = (n_features as u128, degree as u128);
    if interaction_only {
        (0..=p.min(n)).fold(0u128, |acc, d| acc.saturating_add(binomial(n, d)))
    } else {
        binomial(n + p, p)
    }
}

/// The monomials of scikit-learn's `PolynomialFeatures` on `n_features` inputs, in
/// its order: by total degree, and within a degree the sorted index tuples
/// (i₁ ≤ … ≤ i_d, strictly increasing if `interaction_only`) in lexicographic
/// order: for 3 inputs, 1, x₀, x₁, x₂, x₀², x₀x₁, x₀x₂, x₁², x₁x₂, x₂², …
/// Entry t is `(parent, feature)`: monomial t is input `feature` (its first, smallest
/// index) times monomial `parent` (the rest), as scikit-learn builds them, so the
/// products round alike (the constant, entry 0, has parent 0 and feature
/// `usize::MAX`). Every parent comes before its monomials, so one pass builds them all.
///
/// **Errors** (naming `degree`) if `per_monomial` bytes for each monomial (the list
/// itself needs 16) would not fit in memory; `what` says what they hold.
pub fn monomials(
    n_features: usize,
    degree: usize,
    interaction_only: bool,
    per_monomial: u128,
    what: &str,
) -> Result<Vec<(usize, usize)>> {
    let count = n_monomials(n_features, degree, interaction_only);
    let shown = if count > 1 << 60 {
        "more than 10¹⁸".to_string()
    } else {
        count.to_string()
    };
    crate::memory::check_bytes(
        "degree",
        degree,
        &format!("{what} of {shown} monomials"),
        crate::memory::product(&[count, per_monomial.max(16)]),
    )?;
    let mut terms = vec![(0usize, usize::MAX)];
    // (first index, one past the last) of the monomials of the previous degree, in
    // lexicographic order, so ascending in their first input
    let mut previous = 0..1;
    let top = if interaction_only {
        degree.min(n_features)
    } else {
        degree
    };
    for _ in 1..=top {
        let start = terms.len();
        for feature in 0..n_features {
            // x_feature times each monomial of the previous degree whose first input is
            // >= feature (> with interaction_only): a contiguous tail of that block
            let block = &terms[previous.clone()];
            let from = previous.start
                + block.partition_point(|&(_, first)| {
                    first < feature || (interaction_only && first == feature)
                });
            for parent in from..previous.end {
                terms.push((parent, feature));
            }
        }
        previous = start..terms.len();
    }
    Ok(terms)
}

/// The exponents of the monomials of [`monomials`], one row per output column
/// (the constant column first unless `include_bias` is false).
pub fn monomial_powers(
    n_features: usize,
    degree: usize,
    include_bias: bool,
    interaction_only: bool,
) -> Result<Array2<i64>> {
    let per_monomial = crate::memory::product(&[n_features as u128 + 2, 8]);
    let terms = monomials(
        n_features,
        degree,
        interaction_only,
        per_monomial,
        "the exponents",
    )?;
    let mut powers = Array2::<i64>::zeros((terms.len(), n_features));
    for t in 1..terms.len() {
        let (parent, feature) = terms[t];
        let row = powers.row(parent).to_owned();
        powers.row_mut(t).assign(&row);
        powers[[t, feature]] += 1;
    }
    let skip = usize::from(!include_bias);
    Ok(powers.slice(ndarray::s![skip.., ..]).to_owned())
}

/// scikit-learn's `PolynomialFeatures(degree, interaction_only, include_bias)` of the
/// rows of `x` (n_samples × n_features): every monomial of total degree ≤ `degree`
/// in the order of [`monomials`], each computed as one input times its parent (the
/// products scikit-learn computes).
///
/// **Errors** if `x` is empty or not finite, if the result would not fit in memory,
/// or if a product overflows to infinity (all naming `degree`, or `X` for the data).
pub fn polynomial_features(
    x: ArrayView2<f64>,
    degree: usize,
    include_bias: bool,
    interaction_only: bool,
) -> Result<Array2<f64>> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(Error::Shape(format!(
            "X must have at least one row and one column, got shape ({}, {})",
            x.nrows(),
            x.ncols()
        )));
    }
    check_finite("X", x.iter())?;
    let per_monomial = crate::memory::product(&[x.nrows() as u128 + 2, 8]);
    let what = format!("a design matrix of {} rows", x.nrows());
    let terms = monomials(x.ncols(), degree, interaction_only, per_monomial, &what)?;
    let skip = usize::from(!include_bias);
    let mut out = Array2::zeros((x.nrows(), terms.len() - skip));
    Zip::from(out.rows_mut())
        .and(x.rows())
        .into_par_iter()
        .with_min_len(ROWS_PER_TASK / 8)
        .for_each(|(mut row, xr)| {
            if skip == 0 {
                row[0] = 1.0;
            }
            for (t, &(parent, feature)) in terms.iter().enumerate().skip(1) {
                let base = if parent == 0 { 1.0 } else { row[parent - skip] };
                row[t - skip] = base * xr[feature];
            }
        });
    check_powers(&out, degree)?;
    Ok(out)
}

fn check_powers(out: &Array2<f64>, degree: usize) -> Result<()> {
    let finite = out
        .axis_chunks_iter(Axis(0), ROWS_PER_TASK)
        .all(|chunk| chunk.iter().all(|v| v.is_finite()));
    if finite {
        Ok(())
    } else {
        Err(Error::param(
            "degree",
            "must keep every power of the inputs finite (rescale the inputs to order one)",
            degree,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use ndarray::array;

    /// The design matrix of the columns of `x`.
    fn design(x: &[&[f64]], degree: usize, include_bias: bool) -> Array2<f64> {
        let x = Array2::from_shape_fn((x[0].len(), x.len()), |(r, c)| x[c][r]);
        polynomial_features(x.view(), degree, include_bias, false).unwrap()
    }

    #[test]
    fn one_variable_is_a_vandermonde_matrix() {
        let x = [2.0, -1.5, 0.0];
        let m = design(&[&x], 3, true);
        assert_eq!(m.shape(), &[3, 4]);
        for (r, &xv) in x.iter().enumerate() {
            for j in 0..4 {
                assert_relative_eq!(m[[r, j]], xv.powi(j as i32));
            }
        }
        let no_bias = design(&[&x], 3, false);
        assert_eq!(no_bias, m.slice(ndarray::s![.., 1..]));
    }

    #[test]
    fn degree_zero_is_the_constant_column_or_nothing() {
        let x = [0.3, 0.7];
        assert_eq!(design(&[&x], 0, true), array![[1.0], [1.0]]);
        assert_eq!(design(&[&x], 0, false).shape(), &[2, 0]);
        assert_eq!(design(&[&x, &x], 0, false).shape(), &[2, 0]);
    }

    #[test]
    fn two_variables_have_the_documented_column_order() {
        // 1, x, y, x², xy, y²
        assert_eq!(
            design(&[&[2.0], &[3.0]], 2, true),
            array![[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
        );
        assert_eq!(
            design(&[&[2.0], &[3.0]], 2, false),
            array![[2.0, 3.0, 4.0, 6.0, 9.0]]
        );
    }

    #[test]
    fn two_variables_hold_every_monomial_at_its_index() {
        let n = 5000; // more than one parallel task
        let x = ndarray::Array1::linspace(-1.0, 1.0, n);
        let y = x.mapv(|v: f64| (3.0 * v).sin());
        let p = 7;
        let m = design(&[x.as_slice().unwrap(), y.as_slice().unwrap()], p, true);
        assert_eq!(m.ncols(), (p + 1) * (p + 2) / 2);
        for r in [0, 1, 255, 256, 2047, 2048, n - 1] {
            for i in 0..=p {
                for k in 0..=(p - i) {
                    let d = i + k;
                    let want = x[r].powi(i as i32) * y[r].powi(k as i32);
                    assert_relative_eq!(m[[r, d * (d + 1) / 2 + k]], want, max_relative = 1e-14);
                }
            }
        }
    }

    #[test]
    fn monomials_of_three_inputs_come_in_scikit_learns_order() {
        let powers = monomial_powers(3, 2, true, false).unwrap();
        let want = array![
            [0, 0, 0],
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
            [2, 0, 0],
            [1, 1, 0],
            [1, 0, 1],
            [0, 2, 0],
            [0, 1, 1],
            [0, 0, 2]
        ];
        assert_eq!(powers, want);
        let pairs = monomial_powers(3, 3, false, true).unwrap();
        let want = array![
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
            [1, 1, 0],
            [1, 0, 1],
            [0, 1, 1],
            [1, 1, 1]
        ];
        assert_eq!(pairs, want);
        for (n, p) in [(1, 5), (2, 4), (4, 3), (7, 2), (3, 0)] {
            let count = monomial_powers(n, p, true, false).unwrap().nrows() as u128;
            assert_eq!(count, n_monomials(n, p, false));
            let count = monomial_powers(n, p, true, true).unwrap().nrows() as u128;
            assert_eq!(count, n_monomials(n, p, true));
        }
        assert_eq!(n_monomials(3, usize::MAX, false), u128::MAX);
        assert_eq!(n_monomials(usize::MAX, 1, false), usize::MAX as u128 + 1);
    }

    #[test]
    fn polynomial_features_are_the_products_of_their_exponents() {
        let x = ndarray::Array2::from_shape_fn((3000, 4), |(r, c)| {
            ((r * 7 + c * 3) % 11) as f64 / 5.0 - 1.0
        });
        let p = 3;
        let powers = monomial_powers(4, p, true, false).unwrap();
        let m = polynomial_features(x.view(), p, true, false).unwrap();
        assert_eq!(m.ncols(), powers.nrows());
        for r in [0, 1, 255, 256, 2999] {
            for (c, e) in powers.rows().into_iter().enumerate() {
                let want: f64 = (0..4).map(|j| x[[r, j]].powi(e[j] as i32)).product();
                assert_relative_eq!(m[[r, c]], want, max_relative = 1e-14);
            }
        }
        let no_bias = polynomial_features(x.view(), p, false, false).unwrap();
        assert_eq!(no_bias, m.slice(ndarray::s![.., 1..]));
        let huge = ndarray::Array2::from_elem((1, 3), 1e200);
        assert!(matches!(
            polynomial_features(huge.view(), 2, true, false),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            polynomial_features(x.view(), 1 << 40, true, false),
            Err(Error::InvalidParameter { .. })
        ));
        let empty = ndarray::Array2::<f64>::zeros((0, 3));
        assert!(matches!(
            polynomial_features(empty.view(), 2, true, false),
            Err(Error::Shape(_))
        ));
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let nan = array![[1.0], [f64::NAN]];
        assert_eq!(
            polynomial_features(nan.view(), 2, true, false),
            Err(Error::NonFinite("X".into()))
        );
        let huge = array![[1e200]];
        assert!(matches!(
            polynomial_features(huge.view(), 2, true, false),
            Err(Error::InvalidParameter { .. })
        ));
    }
}
