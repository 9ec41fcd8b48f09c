//! The one check of a size against memory, made before anything of that size is
//! allocated.
//!
//! A request such as `Network([2, 10⁹, 1])` or `n_alphas = 10¹²` asks for more
//! memory than the machine has; allocating it aborts the process (or, under
//! overcommit, lets the kernel kill it later), and a size computed with wrapping
//! arithmetic (`2⁶² × 8`) can panic. Every size a user chooses goes through
//! [`check_bytes`] first: the bytes it needs are computed in `u128` (no
//! overflow for any product of a few `usize`s) and compared with [`limit`], and a
//! request above it is [`Error::InvalidParameter`] naming the parameter and the
//! memory it would need (a `ValueError` in Python).

use std::sync::OnceLock;

use crate::error::{Error, Result};

/// Bytes of one `f64`.
pub const F64: u128 = 8;

/// The product of `factors` in `u128`, saturating at `u128::MAX` (more than any
/// machine has, so the check below still refuses it).
pub fn product(factors: &[u128]) -> u128 {
    factors
        .iter()
        .try_fold(1u128, |acc, &f| acc.checked_mul(f))
        .unwrap_or(u128::MAX)
}

/// The memory available to one request, in bytes: the environment variable
/// `PHYSML_MEMORY_LIMIT` (bytes) if set, else the physical memory of the machine
/// (`MemTotal` of `/proc/meminfo` on Linux), else 2⁴⁰ bytes (1 TiB) where physml
/// cannot read it. Read once per process.
pub fn limit() -> u128 {
    static LIMIT: OnceLock<u128> = OnceLock::new();
    *LIMIT.get_or_init(|| {
        std::env::var("PHYSML_MEMORY_LIMIT")
            .ok()
            .and_then(|v| v.trim().parse::<u128>().ok())
            .or_else(physical_memory)
            .unwrap_or(1 << 40)
    })
}

fn physical_memory() -> Option<u128> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u128 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// A byte count for people: "16.0 GB" (decimal units), "8.0e6 TB" beyond.
pub fn human(bytes: u128) -> String {
    let b = bytes as f64;
    match b {
        b if b < 1e3 => format!("{bytes} bytes"),
        b if b < 1e6 => format!("{:.1} kB", b / 1e3),
        b if b < 1e9 => format!("{:.1} MB", b / 1e6),
        b if b < 1e12 => format!("{:.1} GB", b / 1e9),
        b if b < 1e15 => format!("{:.1} TB", b / 1e12),
        b => format!("{:.1e} TB", b / 1e12),
    }
}

/// Fails unless `bytes` fit in [`limit`]: `name` is the parameter whose value
/// `got` asks for them, `what` says what they hold ("the weights and their
/// gradients").
///
/// **Errors** with [`Error::InvalidParameter`]: "n_alphas must be small enough to
/// fit in memory: the path of 1000000000000 alphas would need 8000.0 GB, more than
/// the 16.6 GB of this machine, got 1000000000000".
pub fn check_bytes(name: &str, got: impl std::fmt::Display, what: &str, bytes: u128) -> Result<()> {
    let available = limit();
    if bytes <= available {
        return Ok(());
    }
    let need = if bytes == u128::MAX {
        "more memory than any machine has".to_string()
    } else {
        format!("{} of memory", human(bytes))
    };
    Err(Error::param(
        name,
        &format!(
            "must be small enough to fit in memory: {what} would need {need}, more than the {} \
             available (the machine's memory, or PHYSML_MEMORY_LIMIT)",
            human(available)
        ),
        got,
    ))
}

/// [`check_bytes`] for `product(counts)` values of `f64`.
pub fn check_f64s(
    name: &str,
    got: impl std::fmt::Display,
    what: &str,
    counts: &[u128],
) -> Result<()> {
    check_bytes(name, got, what, product(&[product(counts), F64]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_beyond_any_memory_names_the_parameter_and_the_need() {
        let err = check_f64s(
            "n_alphas",
            1u64 << 62,
            "the alphas",
            &[1 << 62, 1 << 62, 1 << 62],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("n_alphas must be small enough to fit in memory"),
            "{err}"
        );
        assert!(err.contains("more memory than any machine has"), "{err}");
        let err = check_f64s(
            "bins",
            1_000_000_000u64,
            "the histograms",
            &[1_000_000_000, 1_000_000_000],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("8.0e6 TB of memory"), "{err}");
    }

    #[test]
    fn small_requests_pass() {
        assert!(check_f64s("n", 10, "ten numbers", &[10]).is_ok());
        assert_eq!(product(&[u128::MAX, 2]), u128::MAX);
    }
}
