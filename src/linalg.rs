//! Dense linear algebra through faer.
