"""A statistical assert for Monte Carlo energies."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from physml._base import check_scalar


def _value_and_error(result: Any, error: float | None) -> tuple[float, float]:
    if hasattr(result, "energy") and hasattr(result, "error"):  # physml.vmc results
        e, s = np.asarray(result.energy), np.asarray(result.error)
        value, err = float(e.reshape(-1)[-1]), float(s.reshape(-1)[-1])
    elif hasattr(result, "mean") and hasattr(result, "error"):  # BlockingResult
        value, err = float(result.mean), float(result.error)
    elif isinstance(result, tuple) and len(result) == 2:
        value, err = float(result[0]), float(result[1])
    elif np.ndim(result) == 1:  # local energies: blocking gives the error
        from physml.testing._blocking import blocking

        b = blocking(result)
        value, err = b.mean, b.error
    elif np.ndim(result) == 0:
        value, err = float(result), 0.0
    else:
        raise TypeError("result_or_value must be a number, a (value, error) pair, a 1-D array of "
                        "local energies, or an object with energy and error")
    if error is not None:
        err = float(check_scalar(error, "error", min_value=0))
    if not math.isfinite(value) or not math.isfinite(err) or err < 0:
        raise AssertionError(f"the energy is {value} +- {err}: not a finite number with a non-negative error")
    return value, err


def assert_energy(
    result_or_value: Any,
    expected: float,
    error: float | None = None,
    n_sigma: float = 3.0,
    *,
    expected_error: float = 0.0,
    atol: float = 0.0,
    variational: bool = True,
) -> float:
    """Assert that a Monte Carlo energy agrees with an exact or reference value within
    its statistical error.

    With E ± σ the estimate and E_ref ± σ_ref the reference, the check is

        |E − E_ref| ≤ n_sigma · √(σ² + σ_ref²) + atol  (+ 1e-12 |E_ref| for rounding).

    ``atol`` is for a known systematic difference (a trial function that is not
    exact). With ``variational`` (the default) ``expected`` is taken to be the exact
    ground-state energy: an estimate *below* it beyond the error bar breaks the
    variational principle and is reported as a bug (a wrong sign in the kinetic
    energy, a missing factor ½, samples not drawn from |Ψ|²), not as bad luck.

    Parameters
    ----------
    result_or_value : float, (value, error), 1-D array of local energies, a
        :class:`physml.vmc.SampleResult` / :class:`~physml.vmc.OptimizationResult`
        (its last iteration), or a :class:`BlockingResult`.
        An array is summarised by :func:`blocking`.
    expected : float
        The exact (or reference) energy, in the same units (Hartree in physml.vmc).
    error : float, optional
        The standard error of the estimate, overriding the one the result carries.
    n_sigma : float > 0, default 3.0
        The number of combined standard errors allowed.
    expected_error : float >= 0, default 0.0
        Error bar of a reference value (a DMC energy, say).
    atol : float >= 0, default 0.0
        A known systematic difference allowed on top (same units).
    variational : bool, default True
        ``expected`` is the exact ground-state energy: an estimate below it beyond the
        error bar is reported as a bug.

    Returns
    -------
    float
        z = (E − E_ref)/√(σ² + σ_ref²) (±inf for a zero error bar and a difference).

    Raises
    ------
    AssertionError
        If the estimate is outside the tolerance, naming the difference in error bars
        (and a broken variational principle when it lies below ``expected``).

    Examples
    --------
    >>> from physml import vmc
    >>> from physml.testing import assert_energy
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> result = vmc.VMC(dot, vmc.Gaussian(alpha=0.45), n_samples=20_000, seed=0).sample()
    >>> z = assert_energy(result, 2.0, atol=0.05)       # exact E = 2 E_h
    >>> z = assert_energy((3.01, 0.02), 3.0)
    >>> round(z, 2)
    0.5
    """
    check_scalar(expected, "expected")
    check_scalar(n_sigma, "n_sigma", min_value=0, include_min=False)
    check_scalar(expected_error, "expected_error", min_value=0)
    check_scalar(atol, "atol", min_value=0)
    value, err = _value_and_error(result_or_value, error)
    sigma = math.hypot(err, expected_error)
    diff = value - float(expected)
    slack = n_sigma * sigma + atol + 1e-12 * abs(float(expected))
    z = diff / sigma if sigma > 0 else (0.0 if diff == 0 else math.copysign(math.inf, diff))
    if variational and diff < -slack:
        raise AssertionError(
            f"energy {value:.8g} +- {err:.3g} is below the exact ground-state energy {float(expected):.8g} "
            f"by {-diff:.3g} ({abs(z):.1f} sigma): a variational energy cannot be, so this is a bug "
            "(kinetic-energy sign or factor 1/2, the drift or acceptance ratio, samples not from |psi|^2?)"
        )
    if abs(diff) > slack:
        raise AssertionError(
            f"energy {value:.8g} +- {err:.3g} differs from the expected {float(expected):.8g} by {diff:.3g}, "
            f"{abs(z):.1f} sigma (allowed: {n_sigma:g} sigma{f' + {atol:g}' if atol else ''})"
        )
    return z
