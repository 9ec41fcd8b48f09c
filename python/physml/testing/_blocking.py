"""The blocking error of a correlated series (``src/stats.rs``)."""

from __future__ import annotations

from typing import Any, NamedTuple

from physml import _core
from physml._base import check_array


class BlockingResult(NamedTuple):
    """Mean of a series and its automated blocking error.

    Parameters
    ----------
    mean, error, variance, autocorrelation_time : float
        See Attributes.
    n_samples : int
        See Attributes.

    Attributes
    ----------
    mean : float
        x̄ = (1/n) Σ x_i.
    error : float
        The blocking estimate of the standard error of x̄ (same units as x).
    variance : float
        The population variance s² = (1/n) Σ (x_i − x̄)².
    autocorrelation_time : float
        τ = n · error² / s² (1 for independent values).
    n_samples : int
        n.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.testing import blocking
    >>> result = blocking(np.arange(8.0))
    >>> result.mean, result.n_samples, result.variance
    (3.5, 8, 5.25)
    """

    mean: float
    error: float
    variance: float
    autocorrelation_time: float
    n_samples: int

    @property
    def naive_error(self) -> float:
        """√(s²/n): the error of the mean if the values were independent.

        Returns
        -------
        float
            The naive standard error, in units of x.
        """
        return float((self.variance / self.n_samples) ** 0.5)

    def __repr__(self) -> str:
        return (f"BlockingResult(mean={self.mean:.6g} +- {self.error:.3g}, "
                f"autocorrelation_time={self.autocorrelation_time:.3g}, n_samples={self.n_samples})")


def blocking(x: Any) -> BlockingResult:
    """The mean of a correlated, stationary series and its standard error by automated
    blocking (M. Jonsson, Phys. Rev. E 98, 043304 (2018)), as physml's own VMC uses it.

    The series is halved repeatedly by averaging neighbours; at level k, with n_k
    values, variance s_k² and lag-one autocovariance γ_k, the statistic
    M_j = Σ_{k ≥ j} n_k (γ_k/s_k²)² is tested against the 99 % χ² quantile and the
    first uncorrelated level j gives error = √(s_j²/n_j). For an AR(1) series
    x_t = φ x_{t−1} + ε_t the exact error of the mean is σ_ε/(√n (1 − φ)).

    Parameters
    ----------
    x : array-like, shape (n,), n >= 2
        The samples in the order they were generated (e.g. local energies of one
        Markov chain; several chains concatenated work too).

    Returns
    -------
    BlockingResult
        The mean, its blocking error, the variance, the autocorrelation time and n.

    Raises
    ------
    ValueError
        If ``x`` has fewer than 2 values or is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.testing import blocking
    >>> x = np.random.default_rng(0).normal(size=4096)
    >>> r = blocking(x)
    >>> 0.8 < r.error * 64 < 1.2
    True
    """
    values = check_array(x, "x", ndim=1)
    if values.size < 2:
        raise ValueError(f"x must have at least 2 values, got {values.size}")
    mean, variance, error, tau = _core.blocking_summary(values)
    return BlockingResult(float(mean), float(error), float(variance), float(tau), int(values.size))


def autocorrelation_time(x: Any) -> float:
    """The integrated autocorrelation time of a series.

    Parameters
    ----------
    x : array-like of shape (n,)
        The series, in the order it was generated (n >= 2).

    Returns
    -------
    float
        τ = 1 + 2 Σ_{t≥1} ρ(t), estimated as n σ²_blocking / s² (see
        :func:`blocking`): the series is worth n/τ independent samples;
        (1 + φ)/(1 − φ) for an AR(1) series with coefficient φ.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.testing import autocorrelation_time
    >>> rng = np.random.default_rng(0)
    >>> x = np.zeros(2**16)
    >>> for t in range(1, len(x)):
    ...     x[t] = 0.5 * x[t - 1] + rng.normal()
    >>> bool(2.0 < autocorrelation_time(x) < 4.0)    # (1 + φ)/(1 − φ) = 3
    True
    """
    return blocking(x).autocorrelation_time
