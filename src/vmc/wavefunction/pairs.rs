//! Cached inter-particle distances for Jastrow factors Π_{i<j} exp(u_ij(r_ij)).
//!
//! The cache holds the full symmetric matrix r_ij and, after a proposal to move
//! particle k, the new row r'_kj: a proposal and an acceptance cost O(N d).
//!
//! For ln J = Σ_{i<j} u_ij(r_ij):
//! ∇_k ln J = Σ_{j≠k} u'_kj(r_kj) (r_k − r_j)/r_kj and
//! ∇_k² ln J = Σ_{j≠k} [u''_kj(r_kj) + (d − 1) u'_kj(r_kj)/r_kj].

use crate::vmc::hamiltonian::distance;

/// |a − b| for points of D coordinates: the same operations in the same order as
/// [`distance`] (Σ_c (a_c − b_c)² from c = 0, then the square root), so the same bits.
#[inline(always)]
pub(crate) fn distance_d<const D: usize>(a: &[f64; D], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for c in 0..D {
        let t = a[c] - b[c];
        s += t * t;
    }
    s.sqrt()
}

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
        match self.dim {
            1 => self.propose_d::<1>(x, k, new),
            2 => self.propose_d::<2>(x, k, new),
            _ => self.propose_d::<3>(x, k, new),
        }
    }

    /// [`PairDistances::propose`] calling `f(j, r'_kj)` for every j ≠ k as it goes
    /// (a Jastrow factor evaluates its pair terms in the same pass).
    #[inline]
    pub fn propose_with(&mut self, x: &[f64], k: usize, new: &[f64], f: impl FnMut(usize, f64)) {
        match self.dim {
            1 => self.propose_with_d::<1>(x, k, new, f),
            2 => self.propose_with_d::<2>(x, k, new, f),
            _ => self.propose_with_d::<3>(x, k, new, f),
        }
    }

    #[inline]
    fn propose_with_d<const D: usize>(
        &mut self,
        x: &[f64],
        k: usize,
        new: &[f64],
        mut f: impl FnMut(usize, f64),
    ) {
        let p: &[f64; D] = new[..D].try_into().expect("a position has d coordinates");
        for (j, (r, q)) in self.proposed.iter_mut().zip(x.chunks_exact(D)).enumerate() {
            if j == k {
                *r = 0.0;
            } else {
                let v = distance_d::<D>(p, q);
                *r = v;
                f(j, v);
            }
        }
    }

    /// [`PairDistances::propose`] for d = D known at compile time (no bounds checks
    /// or loops over the coordinates; the same arithmetic as [`distance`]).
    #[inline]
    fn propose_d<const D: usize>(&mut self, x: &[f64], k: usize, new: &[f64]) {
        let p: &[f64; D] = new[..D].try_into().expect("a position has d coordinates");
        for (j, (r, q)) in self.proposed.iter_mut().zip(x.chunks_exact(D)).enumerate() {
            *r = if j == k { 0.0 } else { distance_d::<D>(p, q) };
        }
    }

    /// Σ_{i<j} 1/r_ij, the Coulomb energy, from the cache (pairs in the order of
    /// [`Hamiltonian::for_each_pair`](crate::vmc::Hamiltonian::for_each_pair), so the
    /// same bits as [`Hamiltonian::interaction_potential`](crate::vmc::Hamiltonian::interaction_potential)).
    pub fn coulomb_energy(&self) -> f64 {
        let n = self.n;
        let mut v = 0.0;
        for i in 0..n {
            for &r in &self.r[i * n + i + 1..(i + 1) * n] {
                v += 1.0 / r;
            }
        }
        v
    }

    /// Commits the proposed row (and column) of particle k.
    pub fn accept(&mut self, k: usize) {
        commit_row(&mut self.r, self.n, k, &self.proposed);
    }
}

/// Writes `row` into row k and column k of the symmetric n × n matrix `m`.
#[inline]
pub(crate) fn commit_row(m: &mut [f64], n: usize, k: usize, row: &[f64]) {
    for (mj, &v) in m.chunks_exact_mut(n).zip(row) {
        mj[k] = v;
    }
    m[k * n..(k + 1) * n].copy_from_slice(row);
}

/// Adds ∇ ln J for all particles to `grad` (N·d entries), each pair once;
/// `du(i, j, r)` is u'_ij(r).
#[inline]
pub(crate) fn add_all_pair_gradients(
    x: &[f64],
    dim: usize,
    pairs: &PairDistances,
    du: impl FnMut(usize, usize, f64) -> f64,
    grad: &mut [f64],
) {
    match dim {
        1 => add_all_pair_gradients_d::<1>(x, pairs, du, grad),
        2 => add_all_pair_gradients_d::<2>(x, pairs, du, grad),
        _ => add_all_pair_gradients_d::<3>(x, pairs, du, grad),
    }
}

/// [`add_all_pair_gradients`] for d = D: particle i's gradient is held in
/// registers over its pairs j > i (loaded from and stored back to `grad`, so the
/// additions happen in the same order as element by element).
#[inline]
fn add_all_pair_gradients_d<const D: usize>(
    x: &[f64],
    pairs: &PairDistances,
    mut du: impl FnMut(usize, usize, f64) -> f64,
    grad: &mut [f64],
) {
    let n = pairs.n;
    for i in 0..n {
        let xi: [f64; D] = x[i * D..(i + 1) * D].try_into().expect("d coordinates");
        let mut gi: [f64; D] = grad[i * D..(i + 1) * D].try_into().expect("d entries");
        let row = pairs.row(i);
        for j in (i + 1)..n {
            let r = row[j];
            let f = du(i, j, r) / r;
            let xj = &x[j * D..(j + 1) * D];
            let gj = &mut grad[j * D..(j + 1) * D];
            for c in 0..D {
                let v = f * (xi[c] - xj[c]);
                gi[c] += v;
                gj[c] -= v;
            }
        }
        grad[i * D..(i + 1) * D].copy_from_slice(&gi);
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
    du: impl FnMut(usize, f64) -> f64,
    grad: &mut [f64],
) {
    match dim {
        1 => add_pair_gradient_d::<1>(x, k, p, row, du, grad),
        2 => add_pair_gradient_d::<2>(x, k, p, row, du, grad),
        _ => add_pair_gradient_d::<3>(x, k, p, row, du, grad),
    }
}

#[inline]
fn add_pair_gradient_d<const D: usize>(
    x: &[f64],
    k: usize,
    p: &[f64],
    row: &[f64],
    mut du: impl FnMut(usize, f64) -> f64,
    grad: &mut [f64],
) {
    let p: &[f64; D] = p[..D].try_into().expect("d coordinates");
    let mut g: [f64; D] = grad[..D].try_into().expect("d entries");
    for (j, (&r, q)) in row.iter().zip(x.chunks_exact(D)).enumerate() {
        if j == k {
            continue;
        }
        let f = du(j, r) / r;
        for c in 0..D {
            g[c] += f * (p[c] - q[c]);
        }
    }
    grad[..D].copy_from_slice(&g);
}
