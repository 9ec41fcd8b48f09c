//! Trial wave functions Ψ(x; θ) for N particles in d dimensions.
//!
//! Every ansatz implements [`WaveFunction`]: analytic ln|Ψ|, its gradient
//! ∇_k ln|Ψ| per particle, the Laplacian Σ_k ∇_k² ln|Ψ|, the parameter derivatives
//! O_i = ∂ ln|Ψ| / ∂θ_i, and cheap ratios |Ψ(x')/Ψ(x)| for moves of one particle
//! with accept/reject updates of cached quantities (a per-walker
//! [`WaveFunction::State`]). The parameters θ live in the wave function and are
//! shared by all walkers; every walker owns one state.
//!
//! Configurations are flat slices of length N·d: particle k occupies
//! `x[k*d .. (k+1)*d]`.
//!
//! The ansätze ([`Gaussian`], [`Rbm`], [`PadeJastrow`], [`HardSphereJastrow`],
//! [`NeuralJastrow`], [`Slater`]) and products of them ([`Product`]) are gathered in the enum
//! [`Ansatz`], the type the Python bindings use. A new ansatz adds one file, one
//! [`Ansatz`] variant and one [`AnsatzState`] variant. Wave functions are real;
//! only a determinant changes sign, which its state keeps ([`WaveFunction::sign`]):
//! ratios and acceptances use |Ψ|.

mod gaussian;
mod hard_sphere_jastrow;
mod neural_jastrow;
mod pade_jastrow;
mod pairs;
mod product;
mod rbm;
mod slater;

pub use gaussian::Gaussian;
pub use hard_sphere_jastrow::HardSphereJastrow;
pub use neural_jastrow::{JastrowForm, NeuralJastrow, NeuralJastrowState};
pub use pade_jastrow::{PadeJastrow, PadeJastrowState};
pub use pairs::PairDistances;
pub use product::{Product, ProductState};
pub(crate) use rbm::logistic as rbm_logistic;
pub use rbm::{Rbm, RbmForm, RbmState};
pub use slater::{oscillator_quanta, Slater, SlaterState, DEFAULT_RECOMPUTE_EVERY, SMALL_RATIO};

use crate::error::{Error, Result};

/// A trial wave function with analytic derivatives and one-particle-move updates.
///
/// Call protocol for a move of particle k from `x[k*d..(k+1)*d]` to `new`:
/// [`propose`](WaveFunction::propose) (returns ln|Ψ(x')/Ψ(x)| and remembers the
/// proposal in the state), optionally
/// [`add_proposed_gradient`](WaveFunction::add_proposed_gradient), then either
/// [`accept`](WaveFunction::accept) followed by the caller writing `new` into `x`,
/// or nothing (a rejected proposal leaves the state valid for the old `x`). A
/// sampler that reads only values between moves may use
/// [`accept_deferred`](WaveFunction::accept_deferred) instead of `accept`, and must
/// call [`finish_moves`](WaveFunction::finish_moves) before any derivative is read.
pub trait WaveFunction: Clone + Send + Sync {
    /// Quantities cached per walker (distances, pre-activations, inverse matrices).
    type State: Clone + Send + Sync + std::fmt::Debug;

    /// Number of particles N.
    fn n_particles(&self) -> usize;
    /// Dimension d.
    fn dim(&self) -> usize;
    /// Number of variational parameters.
    fn n_params(&self) -> usize;
    /// Writes the flat parameter vector θ into `out` (length [`n_params`](WaveFunction::n_params)).
    fn write_params(&self, out: &mut [f64]);
    /// Sets θ from a flat vector.
    ///
    /// **Errors** on a wrong length, non-finite values or values outside the
    /// ansatz's domain.
    fn set_params(&mut self, params: &[f64]) -> Result<()>;
    /// Brings an optimiser's proposal `new` for the parameters back into the
    /// ansatz's domain, given the current (valid) parameters `old`: the projected
    /// step of a constrained optimisation. The default (an unconstrained ansatz)
    /// leaves `new` as it is.
    fn constrain_params(&self, _old: &[f64], _new: &mut [f64]) {}

    /// The flat parameter vector θ.
    fn params(&self) -> Vec<f64> {
        let mut p = vec![0.0; self.n_params()];
        self.write_params(&mut p);
        p
    }

    /// A fresh state for configuration `x` (allocates; call outside hot loops).
    fn state(&self, x: &[f64]) -> Self::State;
    /// Recomputes `state` for configuration `x` in place (after a move of many
    /// particles at once, e.g. a Gibbs sweep); the default builds a fresh state.
    fn refresh(&self, state: &mut Self::State, x: &[f64]) {
        *state = self.state(x);
    }
    /// ln|Ψ(x)| (−∞ where Ψ vanishes).
    fn log_value(&self, state: &Self::State, x: &[f64]) -> f64;
    /// The sign of Ψ(x) (real wave functions): ±1, or 0 where Ψ vanishes. Only
    /// determinants change sign; every other factor is positive.
    fn sign(&self, _state: &Self::State) -> f64 {
        1.0
    }
    /// The number of spin-up particles (the first ones) the ansatz is built for,
    /// if it depends on spins (Padé–Jastrow cusps, Slater determinants).
    fn spin_up(&self) -> Option<usize> {
        None
    }
    /// Whether Ψ contains a Slater determinant: it is then antisymmetric under the
    /// exchange of two same-spin particles (up to its symmetric factors) and has the
    /// nodes of a fermion state.
    fn has_determinant(&self) -> bool {
        false
    }
    /// Adds ∇ ln|Ψ(x)| (all N·d coordinates) to `grad`.
    fn add_gradient(&self, state: &Self::State, x: &[f64], grad: &mut [f64]);
    /// Adds ∇_k ln|Ψ(x)| (the d coordinates of particle k) to `grad`.
    fn add_particle_gradient(&self, state: &Self::State, x: &[f64], k: usize, grad: &mut [f64]);
    /// The Laplacian Σ_k ∇_k² ln|Ψ(x)|.
    fn laplacian(&self, state: &Self::State, x: &[f64]) -> f64;
    /// Adds ∇ ln|Ψ(x)| for all particles to `grad` (as [`WaveFunction::add_gradient`])
    /// and returns the Laplacian (as [`WaveFunction::laplacian`]): the local energy
    /// needs both, and an ansatz that computes them from the same intermediates
    /// (the determinant's row gradients, the Jastrow's pair terms) overrides this to
    /// do the work once.
    fn add_gradient_laplacian(&self, state: &Self::State, x: &[f64], grad: &mut [f64]) -> f64 {
        self.add_gradient(state, x, grad);
        self.laplacian(state, x)
    }
    /// Writes O_i = ∂ ln|Ψ(x)| / ∂θ_i into `out` (length `n_params`).
    fn param_derivatives(&self, state: &Self::State, x: &[f64], out: &mut [f64]);
    /// Proposes moving particle k to `new`; returns ln|Ψ(x')/Ψ(x)| (−∞ if Ψ(x') = 0).
    fn propose(&self, state: &mut Self::State, x: &[f64], k: usize, new: &[f64]) -> f64;
    /// After [`propose`](WaveFunction::propose): adds ∇_k ln|Ψ(x')| at the proposed
    /// configuration to `grad`.
    fn add_proposed_gradient(
        &self,
        state: &Self::State,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    );
    /// Commits the last proposal for particle k to the state.
    fn accept(&self, state: &mut Self::State, k: usize, new: &[f64]);
    /// As [`accept`](WaveFunction::accept), but the derivative terms the state
    /// caches (those the gradient, Laplacian and parameter derivatives read) may stay
    /// out of date until [`finish_moves`](WaveFunction::finish_moves): for a sampler
    /// that needs only values between moves (Metropolis), so that a term changed by
    /// several accepted moves in a sweep is computed once. The default accepts.
    fn accept_deferred(&self, state: &mut Self::State, k: usize, new: &[f64]) {
        self.accept(state, k, new);
    }
    /// Brings the derivative terms left out of date by
    /// [`accept_deferred`](WaveFunction::accept_deferred) up to date (the same
    /// numbers as [`accept`](WaveFunction::accept) would have left). The default does
    /// nothing.
    fn finish_moves(&self, _state: &mut Self::State) {}

    /// The wave function as a single RBM (for Gibbs sampling), if it is one.
    fn as_rbm(&self) -> Option<&Rbm> {
        None
    }
    /// The pair distances r_ij of the configuration, if the state caches them (a
    /// Jastrow factor): the local energy then takes its Coulomb term from the cache
    /// instead of recomputing N(N − 1)/2 square roots.
    fn pair_distances<'a>(&self, _state: &'a Self::State) -> Option<&'a PairDistances> {
        None
    }
}

/// Checks a flat parameter vector: length and finiteness.
pub(crate) fn check_params(params: &[f64], expected: usize) -> Result<()> {
    if params.len() != expected {
        return Err(Error::param(
            "parameters",
            &format!("must have {expected} values"),
            params.len(),
        ));
    }
    if params.iter().all(|p| p.is_finite()) {
        Ok(())
    } else {
        Err(Error::param(
            "parameters",
            "must be finite",
            "NaN or infinity",
        ))
    }
}

/// Any of physml's ansätze, or a product of them: the wave-function type of the
/// Python bindings.
#[derive(Clone, Debug, PartialEq)]
pub enum Ansatz {
    /// [`Gaussian`] exp(−α Σ (x² + y² + β z²)).
    Gaussian(Gaussian),
    /// [`Rbm`], the Gaussian–binary restricted Boltzmann machine.
    Rbm(Rbm),
    /// [`PadeJastrow`] factor.
    PadeJastrow(PadeJastrow),
    /// [`HardSphereJastrow`] factor.
    HardSphereJastrow(HardSphereJastrow),
    /// [`Slater`] determinants of oscillator orbitals (electrons).
    Slater(Slater),
    /// [`NeuralJastrow`] factor (boxed: its networks and parameters).
    NeuralJastrow(Box<NeuralJastrow>),
    /// [`Product`] of ansätze.
    Product(Product),
}

/// The per-walker state of an [`Ansatz`].
#[derive(Clone, Debug)]
pub enum AnsatzState {
    /// State of a [`Gaussian`] (nothing cached).
    Gaussian(()),
    /// State of an [`Rbm`].
    Rbm(RbmState),
    /// State of a [`PadeJastrow`].
    PadeJastrow(PadeJastrowState),
    /// State of a [`HardSphereJastrow`].
    HardSphereJastrow(PairDistances),
    /// State of a [`Slater`] determinant (boxed: two spin blocks of matrices).
    Slater(Box<SlaterState>),
    /// State of a [`NeuralJastrow`] (boxed: cached pair terms).
    NeuralJastrow(Box<NeuralJastrowState>),
    /// State of a [`Product`].
    Product(ProductState),
}

impl Ansatz {
    /// The product self · other (ln Ψ adds; parameters concatenate, self's first).
    ///
    /// **Errors** if the two factors disagree on N or d.
    pub fn product(self, other: Ansatz) -> Result<Ansatz> {
        Ok(Ansatz::Product(Product::new(vec![self, other])?))
    }

    /// A short name of the ansatz ("Gaussian", "RBM", "PadeJastrow",
    /// "HardSphereJastrow", "Product").
    pub fn name(&self) -> &'static str {
        match self {
            Ansatz::Gaussian(_) => "Gaussian",
            Ansatz::Rbm(_) => "RBM",
            Ansatz::PadeJastrow(_) => "PadeJastrow",
            Ansatz::HardSphereJastrow(_) => "HardSphereJastrow",
            Ansatz::Slater(_) => "SlaterDeterminant",
            Ansatz::NeuralJastrow(_) => "NeuralJastrow",
            Ansatz::Product(_) => "Product",
        }
    }
}

impl From<Gaussian> for Ansatz {
    fn from(w: Gaussian) -> Self {
        Ansatz::Gaussian(w)
    }
}
impl From<Rbm> for Ansatz {
    fn from(w: Rbm) -> Self {
        Ansatz::Rbm(w)
    }
}
impl From<PadeJastrow> for Ansatz {
    fn from(w: PadeJastrow) -> Self {
        Ansatz::PadeJastrow(w)
    }
}
impl From<HardSphereJastrow> for Ansatz {
    fn from(w: HardSphereJastrow) -> Self {
        Ansatz::HardSphereJastrow(w)
    }
}
impl From<Slater> for Ansatz {
    fn from(w: Slater) -> Self {
        Ansatz::Slater(w)
    }
}
impl From<NeuralJastrow> for Ansatz {
    fn from(w: NeuralJastrow) -> Self {
        Ansatz::NeuralJastrow(Box::new(w))
    }
}
impl From<Product> for Ansatz {
    fn from(w: Product) -> Self {
        Ansatz::Product(w)
    }
}

/// Dispatches a method on the variant of `self` with the matching state variant.
macro_rules! dispatch {
    ($self:ident, $st:ident, |$w:ident, $s:ident| $body:expr) => {
        match ($self, $st) {
            (Ansatz::Gaussian($w), AnsatzState::Gaussian($s)) => $body,
            (Ansatz::Rbm($w), AnsatzState::Rbm($s)) => $body,
            (Ansatz::PadeJastrow($w), AnsatzState::PadeJastrow($s)) => $body,
            (Ansatz::HardSphereJastrow($w), AnsatzState::HardSphereJastrow($s)) => $body,
            (Ansatz::Slater($w), AnsatzState::Slater($s)) => $body,
            (Ansatz::NeuralJastrow($w), AnsatzState::NeuralJastrow($s)) => $body,
            (Ansatz::Product($w), AnsatzState::Product($s)) => $body,
            _ => unreachable!("a state is only used with the ansatz that made it"),
        }
    };
}

macro_rules! each {
    ($self:ident, |$w:ident| $body:expr) => {
        match $self {
            Ansatz::Gaussian($w) => $body,
            Ansatz::Rbm($w) => $body,
            Ansatz::PadeJastrow($w) => $body,
            Ansatz::HardSphereJastrow($w) => $body,
            Ansatz::Slater($w) => $body,
            Ansatz::NeuralJastrow($w) => $body,
            Ansatz::Product($w) => $body,
        }
    };
}

impl WaveFunction for Ansatz {
    type State = AnsatzState;

    fn n_particles(&self) -> usize {
        each!(self, |w| w.n_particles())
    }
    fn dim(&self) -> usize {
        each!(self, |w| w.dim())
    }
    fn n_params(&self) -> usize {
        each!(self, |w| w.n_params())
    }
    fn write_params(&self, out: &mut [f64]) {
        each!(self, |w| w.write_params(out))
    }
    fn set_params(&mut self, params: &[f64]) -> Result<()> {
        each!(self, |w| w.set_params(params))
    }
    fn constrain_params(&self, old: &[f64], new: &mut [f64]) {
        each!(self, |w| w.constrain_params(old, new))
    }
    fn state(&self, x: &[f64]) -> AnsatzState {
        match self {
            Ansatz::Gaussian(_) => AnsatzState::Gaussian(()),
            Ansatz::Rbm(w) => AnsatzState::Rbm(w.state(x)),
            Ansatz::PadeJastrow(w) => AnsatzState::PadeJastrow(w.state(x)),
            Ansatz::HardSphereJastrow(w) => AnsatzState::HardSphereJastrow(w.state(x)),
            Ansatz::Slater(w) => AnsatzState::Slater(Box::new(w.state(x))),
            Ansatz::NeuralJastrow(w) => AnsatzState::NeuralJastrow(Box::new(w.state(x))),
            Ansatz::Product(w) => AnsatzState::Product(w.state(x)),
        }
    }
    fn refresh(&self, state: &mut AnsatzState, x: &[f64]) {
        match (self, state) {
            (Ansatz::Rbm(w), AnsatzState::Rbm(s)) => w.refresh(s, x),
            (w, s) => *s = w.state(x),
        }
    }
    fn log_value(&self, state: &AnsatzState, x: &[f64]) -> f64 {
        dispatch!(self, state, |w, s| w.log_value(s, x))
    }
    fn sign(&self, state: &AnsatzState) -> f64 {
        dispatch!(self, state, |w, s| w.sign(s))
    }
    fn spin_up(&self) -> Option<usize> {
        each!(self, |w| w.spin_up())
    }
    fn has_determinant(&self) -> bool {
        each!(self, |w| w.has_determinant())
    }
    fn add_gradient(&self, state: &AnsatzState, x: &[f64], grad: &mut [f64]) {
        dispatch!(self, state, |w, s| w.add_gradient(s, x, grad))
    }
    fn add_particle_gradient(&self, state: &AnsatzState, x: &[f64], k: usize, grad: &mut [f64]) {
        dispatch!(self, state, |w, s| w.add_particle_gradient(s, x, k, grad))
    }
    fn add_gradient_laplacian(&self, state: &AnsatzState, x: &[f64], grad: &mut [f64]) -> f64 {
        dispatch!(self, state, |w, s| w.add_gradient_laplacian(s, x, grad))
    }
    fn laplacian(&self, state: &AnsatzState, x: &[f64]) -> f64 {
        dispatch!(self, state, |w, s| w.laplacian(s, x))
    }
    fn param_derivatives(&self, state: &AnsatzState, x: &[f64], out: &mut [f64]) {
        dispatch!(self, state, |w, s| w.param_derivatives(s, x, out))
    }
    fn propose(&self, state: &mut AnsatzState, x: &[f64], k: usize, new: &[f64]) -> f64 {
        dispatch!(self, state, |w, s| w.propose(s, x, k, new))
    }
    fn add_proposed_gradient(
        &self,
        state: &AnsatzState,
        x: &[f64],
        k: usize,
        new: &[f64],
        grad: &mut [f64],
    ) {
        dispatch!(self, state, |w, s| w
            .add_proposed_gradient(s, x, k, new, grad))
    }
    fn accept(&self, state: &mut AnsatzState, k: usize, new: &[f64]) {
        dispatch!(self, state, |w, s| w.accept(s, k, new))
    }
    fn accept_deferred(&self, state: &mut AnsatzState, k: usize, new: &[f64]) {
        dispatch!(self, state, |w, s| w.accept_deferred(s, k, new))
    }
    fn finish_moves(&self, state: &mut AnsatzState) {
        dispatch!(self, state, |w, s| w.finish_moves(s))
    }
    fn as_rbm(&self) -> Option<&Rbm> {
        match self {
            Ansatz::Rbm(r) => Some(r),
            _ => None,
        }
    }
    fn pair_distances<'a>(&self, state: &'a AnsatzState) -> Option<&'a PairDistances> {
        dispatch!(self, state, |w, s| w.pair_distances(s))
    }
}

#[cfg(test)]
pub(crate) mod tests;
