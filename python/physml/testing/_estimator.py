"""A student's estimator against a reference, with a diagnosis a student can act on."""

from __future__ import annotations

from typing import Any

import numpy as np

from physml._base import check_X_y, check_scalar


def _coef(est: Any) -> np.ndarray | None:
    c = getattr(est, "coef_", None)
    return None if c is None else np.asarray(c, dtype=np.float64)


def _intercept(est: Any) -> np.ndarray | None:
    b = getattr(est, "intercept_", None)
    return None if b is None else np.asarray(b, dtype=np.float64)


def _ridge_alphas_matching(X: np.ndarray, y: np.ndarray, coef: np.ndarray, alpha: float, tol: float) -> str:
    """The regularisation convention a student's coefficients follow, if one of the
    usual alternatives to ‖y − Xw‖² + α‖w‖² reproduces them."""
    Xc, yc = X - X.mean(axis=0), y - y.mean(axis=0)
    n = X.shape[0]
    for factor, name in ((n, "α·n (a cost averaged over the samples, (1/n)‖y − Xw‖² + α‖w‖²)"),
                         (1 / n, "α/n"), (2.0, "2α (a ½ on the squared error only)"),
                         (0.5, "α/2 (a ½ on the penalty only)"), (0.0, "α = 0 (no penalty)")):
        a = alpha * factor
        w = np.linalg.lstsq(Xc.T @ Xc + a * np.eye(X.shape[1]), Xc.T @ yc, rcond=None)[0]
        if w.shape == coef.shape and np.max(np.abs(w - coef)) <= tol:
            return (f" Your coefficients are those of the penalty {name} instead of α = {alpha:g}:"
                    " check the regularisation convention.")
    return ""


def _diagnose(student: Any, reference: Any, X: np.ndarray, y: np.ndarray, cs: np.ndarray | None,
              cr: np.ndarray | None, ps: np.ndarray, pr: np.ndarray, tol: float) -> str:
    hints = []
    offset = ps - pr
    if np.ptp(offset) <= tol and abs(float(np.mean(offset))) > tol:
        hints.append(f" The predictions differ by a constant {float(np.mean(offset)):.4g}: check the intercept"
                     " (fit_intercept, centring X and y, or a column of ones in X fitted as well as an intercept).")
    if cs is not None and cr is not None and cs.shape == cr.shape and np.any(cr != 0):
        k = float(np.vdot(cs, cr) / np.vdot(cr, cr))
        if abs(k - 1) > 1e-3 and np.max(np.abs(cs - k * cr)) <= max(tol, 1e-3 * np.max(np.abs(cr))):
            hints.append(f" Your coefficients are {k:.4g} times the reference's: check the scaling of X"
                         " (standardised in one fit only?) or a factor in the cost or its gradient.")
    alpha = getattr(reference, "alpha", None)
    if cs is not None and isinstance(alpha, (int, float)) and alpha > 0 and cs.ndim == 1 and y.ndim == 1:
        hints.append(_ridge_alphas_matching(X, y, cs, float(alpha), max(tol, 1e-6 * np.max(np.abs(cs)))))
    if cs is not None and cr is not None and cs.shape[-1] == cr.shape[-1] + 1:
        hints.append(" You have one coefficient more than the reference: is a column of ones in your X?")
    return "".join(hints)


def assert_estimator_close(
    student: Any,
    reference: Any,
    X: Any,
    y: Any,
    *,
    X_test: Any = None,
    rtol: float = 1e-6,
    fit: bool = True,
    sample_weight: Any = None,
) -> None:
    """Fit ``student`` and ``reference`` on (X, y) and assert they agree.

    Both follow the scikit-learn contract (``fit(X, y)``, ``predict(X)``, and
    optionally ``coef_``/``intercept_``), e.g. a student's ``OLS`` class against
    :class:`physml.linear.LinearRegression`. Compared are ``coef_`` and
    ``intercept_`` when both have them, and the predictions on ``X_test`` (default
    ``X``).

    Tolerances scale with the problem: the solution of a least-squares problem is
    sensitive to rounding by the condition number κ(X) of the (centred) design, so
    coefficients must agree within max(rtol, 10 κ ε_machine) · max|coef_ref| and
    predictions within rtol · max|y| (+ the same κ term).

    On failure the ``AssertionError`` names the worst coefficient, how far it is,
    and a likely cause when one is recognised: a missing or double intercept, a
    common scale factor, or another regularisation convention (α·n, α/2, ...).

    Parameters
    ----------
    student : estimator
        The estimator under test.
    reference : estimator
        The trusted estimator.
    X : array-like of shape (n_samples, n_features)
        The training inputs.
    y : array-like of shape (n_samples,) or (n_samples, n_targets)
        The targets.
    X_test : array-like, optional
        Where the predictions are compared; default ``X``.
    rtol : float >= 0, default 1e-6
        The relative tolerance.
    fit : bool, default True
        False: both are fitted already.
    sample_weight : array-like, optional
        Passed to both ``fit`` calls.

    Raises
    ------
    AssertionError
        If coefficients or predictions differ beyond the tolerance, with a diagnosis.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.linear import LinearRegression
    >>> from physml.testing import assert_estimator_close
    >>> class OLS:
    ...     def fit(self, X, y):
    ...         A = np.column_stack([np.ones(len(X)), X])
    ...         w = np.linalg.lstsq(A, y, rcond=None)[0]
    ...         self.intercept_, self.coef_ = w[0], w[1:]
    ...         return self
    ...     def predict(self, X):
    ...         return self.intercept_ + X @ self.coef_
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(30, 3))
    >>> y = X @ [1.0, 2.0, 3.0] + 4.0
    >>> assert_estimator_close(OLS(), LinearRegression(), X, y)
    """
    X, y = check_X_y(X, y)
    check_scalar(rtol, "rtol", min_value=0)
    if fit:
        kwargs = {} if sample_weight is None else {"sample_weight": sample_weight}
        reference.fit(X, y, **kwargs)
        student.fit(X, y, **kwargs)
    Xt = X if X_test is None else check_X_y(X_test, np.zeros(np.shape(X_test)[0]))[0]
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    kappa = float(s[0] / s[-1]) if s[-1] > 0 else np.inf
    rel = max(rtol, min(10 * kappa * np.finfo(np.float64).eps, 1e-2))
    cs, cr = _coef(student), _coef(reference)
    pr = np.asarray(reference.predict(Xt), dtype=np.float64)
    ps = np.asarray(student.predict(Xt), dtype=np.float64)
    y_scale = float(np.max(np.abs(y))) or 1.0
    tol_pred = rel * y_scale
    problems = []
    if cs is not None and cr is not None:
        if cs.shape != cr.shape:
            problems.append(f"coef_ has shape {cs.shape}, the reference's {cr.shape}.")
        else:
            tol = rel * (float(np.max(np.abs(cr))) or 1.0)
            diff = np.abs(cs - cr)
            if not np.all(diff <= tol):
                i = np.unravel_index(int(np.argmax(np.where(np.isnan(diff), np.inf, diff))), diff.shape)
                where = ", ".join(str(int(j)) for j in i)
                problems.append(f"coef_[{where}] is {cs[i]:.6g}, the reference {cr[i]:.6g} "
                                f"(off by {abs(cs[i] - cr[i]):.3g}, tolerance {tol:.2g}).")
    bs, br = _intercept(student), _intercept(reference)
    if bs is not None and br is not None:
        if bs.shape != br.shape or not np.all(np.abs(bs - br) <= tol_pred):
            problems.append(f"intercept_ is {np.round(bs, 6).tolist()}, the reference {np.round(br, 6).tolist()}.")
    if ps.shape != pr.shape:
        problems.append(f"predict returns shape {ps.shape}, the reference {pr.shape}.")
    else:
        diff = np.abs(ps - pr)
        if not np.all(diff <= tol_pred):
            k = int(np.argmax(np.where(np.isnan(diff), np.inf, diff).reshape(-1)))
            problems.append(f"prediction {k} is {ps.reshape(-1)[k]:.6g}, the reference {pr.reshape(-1)[k]:.6g} "
                            f"(tolerance {tol_pred:.2g}).")
    if problems:
        hint = _diagnose(student, reference, X, y, cs, cr, ps, pr, tol_pred) if ps.shape == pr.shape else ""
        raise AssertionError(f"{type(student).__name__} does not match {type(reference).__name__}: "
                             + " ".join(problems) + hint)
