//! Cached inter-particle distances for Jastrow factors Π_{i<j} exp(u_ij(r_ij)).
//!
//! The cache holds the full symmetric matrix r_ij and, after a proposal to move
//! particle k, the new row r'_kj: a proposal and an acceptance cost O(N d).
//!
//! For ln J = Σ_{i<j} u_ij(r_ij):
//! ∇_k ln J = Σ_{j≠k} u'_kj(r_kj) (r_k − r_j)/r_kj and
//! ∇_k² ln J = Σ_{j≠k} [u''_kj(r_kj) + (d − 1) u'_kj(r_kj)/r_kj].

use crate::vmc::hamiltonian::distance;

/// The distance matrix of one walker and the row of a pending proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct PairDistances {
    n: usize,
    dim: usize,
    r: Vec<f64>,
    proposed: Vec<f64>,
}

impl PairDistances {
    /// All distances of configuration `x` (N particles in `dim` dimensions).
    pub fn new(x: &[f64], n: usize, dim: usize) -> Self {
        let mut r = vec![0.0; n * n];
        for i in 0..n {
            for j in (i + 1)..n {
                let rij = distance(&x[i * dim..(i + 1) * dim], &x[j * dim..(j + 1) * dim]);
                r[i * n + j] = rij;
                r[j * n + i] = rij;
            }
        }
        PairDistances {
            n,
            dim,
            r,
            proposed: vec![0.0; n],
        }
    }

    /// r_ij.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.r[i * self.n + j]
    }

    /// The distances r_kj of particle k (r_kk = 0).
    #[inline]
    pub fn row(&self, k: usize) -> &[f64] {
        &self.r[k * self.n..(k + 1) * self.n]
    }

    /// The proposed distances r'_kj of the last [`PairDistances::propose`] (r'_kk = 0).
    #[inline]
    pub fn proposed_row(&self) -> &[f64] {
        &self.proposed
    }

    /// Computes r'_kj = |new − r_j| for every j ≠ k.
    pub fn propose(&mut self, x: &[f64], k: usize, new: &[f64]) {
        let d = self.dim;
        for j in 0..self.n {
            self.proposed[j] = if j == k {
                0.0
            } else {
                distance(new, &x[j * d..(j + 1) * d])
            };
        }
    }

    /// Commits the proposed row (and column) of particle k.
    pub fn accept(&mut self, k: usize) {
        let n = self.n;
        for j in 0..n {
            let v = self.proposed[j];
            self.r[k * n + j] = v;
            self.r[j * n + k] = v;
        }
    }
}

/// Adds ∇ ln J for all particles to `grad` (N·d entries), each pair once;
/// `du(i, j, r)` is u'_ij(r).
#[inline]
pub(crate) fn add_all_pair_gradients(
    x: &[f64],
    dim: usize,
    pairs: &PairDistances,
    mut du: impl FnMut(usize, usize, f64) -> f64,
    grad: &mut [f64],
) {
    let n = pairs.n;
    for i in 0..n {
        for j in (i + 1)..n {
            let r = pairs.get(i, j);
            let f = du(i, j, r) / r;
            for c in 0..dim {
                let v = f * (x[i * dim + c] - x[j * dim + c]);
                grad[i * dim + c] += v;
                grad[j * dim + c] -= v;
            }
        }
    }
}

/// Adds to `grad` (d entries) Σ_{j≠k} u'(r_kj) (p − r_j)/r_kj for particle k at `p`
/// with distances `row`; `du(j, r)` is u'_kj(r).
#[inline]
pub(crate) fn add_pair_gradient(
    x: &[f64],
    dim: usize,
    k: usize,
    p: &[f64],
    row: &[f64],
    mut du: impl FnMut(usize, f64) -> f64,
    grad: &mut [f64],
) {
    for (j, &r) in row.iter().enumerate() {
        if j == k {
            continue;
        }
        let f = du(j, r) / r;
        let q = &x[j * dim..(j + 1) * dim];
        for c in 0..dim {
            grad[c] += f * (p[c] - q[c]);
        }
    }
}
