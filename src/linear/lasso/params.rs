use crate::error::{Error, Result};

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
    /// Block sizes of the Gram cache (performance only).
    pub tuning: GramParams,
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
            tuning: GramParams::default(),
        }
    }
}

impl ElasticNetParams {
    /// **Errors** naming the parameter when a value is outside its domain.
    pub fn validate(&self) -> Result<()> {
        if self.l1_ratio.is_nan() || self.l1_ratio < 0.0 {
            return Err(Error::param("l1_ratio", "must be >= 0", self.l1_ratio));
        }
        if self.l1_ratio > 1.0 {
            return Err(Error::param("l1_ratio", "must be <= 1", self.l1_ratio));
        }
        if self.max_iter == 0 {
            return Err(Error::param("max_iter", "must be >= 1", self.max_iter));
        }
        if !(self.tol >= 0.0 && self.tol.is_finite()) {
            return Err(Error::param("tol", "must be >= 0", self.tol));
        }
        self.tuning.validate()
    }
}

/// Block sizes of the Gram cache and the passes over X (cf. faer's `LltParams`).
///
/// They decide how the work is cut, not what is computed: any values give the
/// solution to rounding, and results do not depend on the number of threads for any
/// values. The defaults fix the rounding (`row_group` and `max_groups` fix the order
/// of the partial sums over rows; the tile and panel sizes that of the products).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GramParams {
    /// Features per parallel task when copying X into column-major order (128).
    pub copy_chunk: usize,
    /// Gram columns are computed at least this many at a time, and at least as many
    /// as are cached already (the extra ones are the features closest to entering):
    /// each block costs one pass over X, so geometric growth keeps the passes few and
    /// the matrix products wide (32).
    pub batch: usize,
    /// Side of the square tiles in which a row-major X is transposed into the copy (8).
    pub tile: usize,
    /// Rows per group in passes over a borrowed X. Each group is one parallel task
    /// with its own partial sums, added in group order, so results do not depend on
    /// the number of threads (1024).
    pub row_group: usize,
    /// At most this many row groups (longer groups for larger n) (16).
    pub max_groups: usize,
    /// Rows gathered at a time into a packed panel for a Gram block product (128).
    pub row_panel: usize,
    /// Tile side for the product of a Gram block with itself (only tiles on and below
    /// the diagonal are computed) (64).
    pub sub_block: usize,
    /// A Gram block of t features goes against all p features (not only the uncached
    /// ones) while t·n_cached ≤ all_features·p (32).
    pub all_features: usize,
    /// Bound on the entries of the per-group partial Gram blocks held at once (2²²).
    pub partial_entries: usize,
}

impl Default for GramParams {
    fn default() -> Self {
        Self {
            copy_chunk: 128,
            batch: 32,
            tile: 8,
            row_group: 1024,
            max_groups: 16,
            row_panel: 128,
            sub_block: 64,
            all_features: 32,
            partial_entries: 1 << 22,
        }
    }
}

impl GramParams {
    /// **Errors** naming the field that is 0 (every size must be >= 1).
    pub fn validate(&self) -> Result<()> {
        let sizes = [
            ("tuning.copy_chunk", self.copy_chunk),
            ("tuning.batch", self.batch),
            ("tuning.tile", self.tile),
            ("tuning.row_group", self.row_group),
            ("tuning.max_groups", self.max_groups),
            ("tuning.row_panel", self.row_panel),
            ("tuning.sub_block", self.sub_block),
            ("tuning.all_features", self.all_features),
            ("tuning.partial_entries", self.partial_entries),
        ];
        for (name, size) in sizes {
            if size == 0 {
                return Err(Error::param(name, "must be >= 1", size));
            }
        }
        Ok(())
    }
}
