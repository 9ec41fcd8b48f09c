//! The duality gap of the elastic-net objective ½‖y − Xw‖² + l₁‖w‖₁ + ½l₂‖w‖²
//! (scikit-learn's, divided by n when reported), and the penalty it is taken under.

use super::dot;

/// The terms of scikit-learn's duality gap (formulation A for l₁ > 0).
pub(super) struct GapTerms {
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
    pub(super) fn new(yy: f64, wq: f64, wgw: f64, w: &[f64]) -> Self {
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
    pub(super) fn add_feature(&mut self, g: f64, w: f64, pen: Penalty) {
        self.dual_norm = self.dual_norm.max(pen.pull(g - pen.l2 * w));
        let b = if pen.positive && (pen.l2 > 0.0 || w == 0.0) {
            g.max(0.0)
        } else {
            g
        };
        self.dual_sq += b * b;
    }

    /// The duality gap of ½‖y − Xw‖² + l₁‖w‖₁ + ½l₂‖w‖² (not divided by n).
    pub(super) fn gap(&self, pen: Penalty) -> f64 {
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

/// The penalty ½l₂‖w‖² + l₁‖w‖₁ of the unscaled objective ½‖y − Xw‖² + …, with
/// the optional constraint w ≥ 0.
#[derive(Clone, Copy, Debug)]
pub(super) struct Penalty {
    pub(super) l1: f64,
    pub(super) l2: f64,
    pub(super) positive: bool,
}

impl Penalty {
    /// The coordinate minimiser: soft thresholding S(z, l₁) / (G_jj + l₂), where
    /// z = X_jᵀr + G_jj w_j; under the sign constraint (z − l₁)₊ / (G_jj + l₂).
    #[inline]
    pub(super) fn minimiser(self, z: f64, gjj: f64) -> f64 {
        if self.positive {
            (z - self.l1).max(0.0) / (gjj + self.l2)
        } else {
            z.signum() * (z.abs() - self.l1).max(0.0) / (gjj + self.l2)
        }
    }

    /// [`pull`] under this penalty's sign constraint.
    #[inline]
    pub(super) fn pull(self, g: f64) -> f64 {
        pull(g, self.positive)
    }
}

/// How hard a gradient X_jᵀr pulls its coefficient away from 0: |X_jᵀr|, or X_jᵀr
/// itself under the sign constraint (a negative pull cannot move it).
#[inline]
pub(super) fn pull(g: f64, positive: bool) -> f64 {
    if positive {
        g
    } else {
        g.abs()
    }
}
