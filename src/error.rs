//! One error type for the whole crate.
//!
//! Every function that a user can call with bad input returns [`Result`]; the
//! Python layer maps each variant to one Python exception (see `python/error.rs`).

use thiserror::Error;

/// Everything that can go wrong in physml.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A parameter has a value outside its domain, e.g. `alpha must be >= 0, got -1`.
    #[error("{name} {expected}, got {got}")]
    InvalidParameter {
        name: String,
        expected: String,
        got: String,
    },
    /// Arrays whose shapes do not fit together.
    #[error("{0}")]
    Shape(String),
    /// NaN or infinity where finite numbers are required.
    #[error("{0} contains NaN or infinity")]
    NonFinite(String),
    /// A numerical method failed (e.g. a matrix is not positive definite).
    #[error("{0}")]
    Numerical(String),
    /// A combination of inputs that would give wrong physics (e.g. electrons
    /// without an antisymmetric wave function); the message says why and what to
    /// use instead.
    #[error("{0}")]
    Unphysical(String),
    /// The run was interrupted (Ctrl-C); what was computed so far is kept.
    #[error("interrupted")]
    Interrupted,
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// `Error::InvalidParameter` from anything printable.
    pub fn param(name: &str, expected: &str, got: impl std::fmt::Display) -> Self {
        Error::InvalidParameter {
            name: name.to_string(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }
}

/// Fails with [`Error::NonFinite`] unless every value is finite.
pub fn check_finite<'a>(name: &str, values: impl IntoIterator<Item = &'a f64>) -> Result<()> {
    if values.into_iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::NonFinite(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_parameter_and_expectation() {
        let e = Error::param("alpha", "must be >= 0", -1.0);
        assert_eq!(e.to_string(), "alpha must be >= 0, got -1");
    }

    #[test]
    fn check_finite_rejects_nan() {
        assert!(check_finite("X", &[1.0, 2.0]).is_ok());
        assert_eq!(
            check_finite("X", &[1.0, f64::NAN]),
            Err(Error::NonFinite("X".into()))
        );
    }
}
