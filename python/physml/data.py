"""Data for the regression course: polynomial design matrices, the Franke and Runge
test functions, feature scaling and the train/test split.

A typical session::

    import physml.data as data
    x, y, z = data.make_franke(1000, noise=0.1, random_state=0)
    X = data.design_matrix(x, y, degree=5, include_bias=False)
    X_train, X_test, z_train, z_test = data.train_test_split(X, z, test_size=0.2, random_state=0)
    scaler = data.StandardScaler().fit(X_train)          # fitted on the training set only
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from physml import _core
from physml._base import (
    BaseEstimator,
    TransformerMixin,
    check_array,
    check_feature_names,
    check_feature_names_out,
    check_fitted_X,
    check_is_fitted,
    check_random_state_seed,
    check_scalar,
)

__all__ = [
    "design_matrix",
    "n_design_columns",
    "PolynomialFeatures",
    "franke_function",
    "make_franke",
    "runge_function",
    "make_runge",
    "StandardScaler",
    "train_test_split",
]

def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _check_degree(degree) -> int:
    return int(check_scalar(degree, "degree", kind=numbers.Integral, min_value=0))


def n_design_columns(degree: int, n_variables: int = 1, include_bias: bool = True) -> int:
    """Number of columns of the polynomial design matrix.

    Parameters
    ----------
    degree : int >= 0
        The polynomial degree p.
    n_variables : {1, 2}, default 1
        The number of variables.
    include_bias : bool, default True
        Count the constant column.

    Returns
    -------
    int
        p + 1 in one variable, (p + 1)(p + 2)/2 in two variables, one fewer without
        the constant column.

    Examples
    --------
    >>> from physml.data import n_design_columns
    >>> n_design_columns(5), n_design_columns(5, n_variables=2, include_bias=False)
    (6, 20)
    """
    degree = _check_degree(degree)
    include_bias = _check_bool(include_bias, "include_bias")
    if not isinstance(n_variables, (numbers.Integral, np.integer)) or isinstance(n_variables, bool):
        raise TypeError(f"n_variables must be an integer (1 or 2), got {n_variables!r}")
    if n_variables == 1:
        total = degree + 1
    elif n_variables == 2:
        total = (degree + 1) * (degree + 2) // 2
    else:
        raise ValueError(f"n_variables must be 1 or 2, got {n_variables!r}")
    return total - (not include_bias)


def _stack_variables(x, y) -> np.ndarray:
    """``x`` (n,) or (n, 1) alone, ``x`` (n, 2) alone, or ``x`` and ``y`` (n,) each, as
    the columns of one (n, 1) or (n, 2) array."""
    x = check_array(x, "x", ndim=(1, 2))
    if x.ndim == 2:
        if x.shape[1] == 2 and y is None:
            return x
        if x.shape[1] != 1:
            raise ValueError(
                f"x must have shape (n,), (n, 1), or (n, 2) without y, got shape {x.shape}"
            )
        x = x[:, 0]
    if y is None:
        return x.reshape(-1, 1)
    y = check_array(y, "y", ndim=(1, 2))
    if y.ndim == 2:
        if y.shape[1] != 1:
            raise ValueError(f"y must have shape (n,) or (n, 1), got shape {y.shape}")
        y = y[:, 0]
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"x and y must have the same length, got {x.shape[0]} and {y.shape[0]}")
    return np.column_stack((x, y))


def design_matrix(x, y=None, *, degree: int, include_bias: bool = True) -> np.ndarray:
    """Polynomial design matrix in one or two variables.

    One variable (``y`` is None): row r is (1, x_r, x_r², …, x_rᵖ), p + 1 columns.

    Two variables: every monomial xⁱyᵏ with i + k ≤ p, (p + 1)(p + 2)/2 columns,
    ordered by total degree d = i + k and then by increasing power of y::

        1, x, y, x², xy, y², x³, x²y, xy², y³, …

    so xⁱyᵏ is column d(d + 1)/2 + k. This is :class:`PolynomialFeatures` applied to
    ``[x]`` or ``[x, y]``: the same columns, computed by the same products as
    scikit-learn's (xⁱyᵏ as x times x^(i-1)yᵏ, or y times yᵏ⁻¹ for i = 0).

    Parameters
    ----------
    x : array-like of shape (n,), (n, 1) or (n, 2)
        The first variable, or (n, 2) holding both variables.
    y : array-like of shape (n,), optional
        The second variable.
    degree : int >= 0
        The polynomial degree p.
    include_bias : bool, default True
        Keep the constant column of ones. Drop it (``False``) when the estimator fits
        its own intercept or when the features are centred by :class:`StandardScaler`.

    Returns
    -------
    ndarray of shape (n, n_columns)
        The design matrix, float64, C order.

    Raises
    ------
    ValueError
        For a negative degree, NaN/inf or empty input, lengths that differ, a matrix
        that would not fit in memory (the core's memory check: the limit is
        ``PHYSML_MEMORY_LIMIT`` in bytes if set, else the machine's memory; the
        message names ``degree`` and the bytes needed), or powers that overflow
        float64.
    TypeError
        For non-numeric input.

    Examples
    --------
    >>> from physml.data import design_matrix
    >>> design_matrix([1.0, 2.0], degree=3).tolist()
    [[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 4.0, 8.0]]
    >>> design_matrix([2.0], [3.0], degree=2).tolist()     # 1, x, y, x², xy, y²
    [[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
    """
    degree = _check_degree(degree)
    include_bias = _check_bool(include_bias, "include_bias")
    return _core.polynomial_features(_stack_variables(x, y), degree, include_bias, False)


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """Polynomial features: ``X`` of n_features columns becomes every monomial of its
    columns of total degree ≤ ``degree``, scikit-learn's ``PolynomialFeatures``.

    The columns come in scikit-learn's order: by total degree, and within a degree the
    sorted index tuples i₁ ≤ … ≤ i_d in lexicographic order, the monomial being
    x_{i₁}⋯x_{i_d}; for three inputs a, b, c and degree 2::

        1, a, b, c, a², a b, a c, b², b c, c²

    C(n_features + degree, degree) columns (one fewer without the constant). Each
    monomial is computed as its first input times the monomial of the others, the
    products scikit-learn computes, so the values are scikit-learn's to the last bit.
    For one column (x) or two (x, y) this is :func:`design_matrix` (1, x, y, x², xy,
    y², …). Names (:meth:`get_feature_names_out`)
    are scikit-learn's (``'a b'``, ``'a^2'``).

    Parameters
    ----------
    degree : int >= 0, default 2
        The largest total degree.
    include_bias : bool, default True
        Keep the constant column of ones (the monomial of degree 0).
    interaction_only : bool, default False
        Only products of distinct columns (every power 0 or 1): a, b, c, a b, a c, b c, …;
        degrees above n_features add nothing.

    Attributes
    ----------
    n_features_in_ : int
        The number of input columns.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).
    n_output_features_ : int
        The number of output columns.
    powers_ : ndarray of shape (n_output_features_, n_features_in_)
        The exponents of each output column.

    Notes
    -----
    :meth:`set_output` makes ``transform`` return a DataFrame. A degree whose output
    would not fit in memory is a ValueError naming ``degree`` (the core's memory check).

    Examples
    --------
    >>> import numpy as np
    >>> from physml.data import PolynomialFeatures
    >>> poly = PolynomialFeatures(degree=2).fit(np.array([[2.0, 3.0]]))
    >>> poly.transform([[2.0, 3.0]]).tolist()
    [[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
    >>> poly.get_feature_names_out().tolist()
    ['1', 'x0', 'x1', 'x0^2', 'x0 x1', 'x1^2']
    """

    def __init__(self, degree: int = 2, include_bias: bool = True, *, interaction_only: bool = False):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _checked(self) -> tuple[int, bool, bool]:
        return (_check_degree(self.degree), _check_bool(self.include_bias, "include_bias"),
                _check_bool(self.interaction_only, "interaction_only"))

    def fit(self, X, y=None):
        """Check ``X`` and the parameters, and list the monomials (``powers_``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input variables.
        y : None
            Ignored.

        Returns
        -------
        self : PolynomialFeatures
            The fitted transformer.
        """
        degree, include_bias, interaction_only = self._checked()
        check_feature_names(self, X, reset=True)
        X = check_array(X, "X", ndim=2)
        self.n_features_in_ = X.shape[1]
        self.powers_ = _core.polynomial_powers(self.n_features_in_, degree, include_bias, interaction_only)
        self.n_output_features_ = self.powers_.shape[0]
        return self

    def transform(self, X):
        """The monomials of the rows of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            The variables.

        Returns
        -------
        ndarray or DataFrame of shape (n_samples, n_output_features_)
            The monomials (a DataFrame if so configured by :meth:`set_output`).
        """
        checked = check_fitted_X(self, X, "powers_")
        degree, include_bias, interaction_only = self._checked()
        out = _core.polynomial_features(checked, degree, include_bias, interaction_only)
        return self._wrap_output(out, X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output columns (scikit-learn's).

        Parameters
        ----------
        input_features : array-like of str, optional
            The input names; default ``feature_names_in_``, else ``x0``, ``x1``.

        Returns
        -------
        ndarray of str
            E.g. ``['1', 'x0', 'x1', 'x0^2', 'x0 x1', ...]``.
        """
        check_is_fitted(self, "powers_")
        input_features = check_feature_names_out(self, input_features)
        names = []
        for row in self.powers_:
            terms = [
                name if p == 1 else f"{name}^{p}"
                for name, p in zip(input_features, row)
                if p > 0
            ]
            names.append(" ".join(terms) if terms else "1")
        return np.array(names, dtype=object)


def _check_points(value, name: str) -> np.ndarray:
    """Finite real numbers of any shape, a scalar included."""
    return check_array(value, name, ndim=tuple(range(0, 33)), allow_empty=True).reshape(
        np.shape(value)
    )


def franke_function(x, y) -> np.ndarray:
    """Franke's test function (R. Franke, 1979) on the unit square.

    Parameters
    ----------
    x, y : array-like
        The coordinates, broadcast against each other (e.g. a meshgrid).

    Returns
    -------
    ndarray
        f(x, y), of the broadcast shape.

    Raises
    ------
    ValueError
        If |x| or |y| > 1e150.

    Notes
    -----
    f(x, y) = ¾ exp(−(9x − 2)²/4 − (9y − 2)²/4) + ¾ exp(−(9x + 1)²/49 − (9y + 1)/10)
    + ½ exp(−(9x − 7)²/4 − (9y − 3)²/4) − ⅕ exp(−(9x − 4)² − (9y − 7)²).

    The function is meant for the unit square; far below it (y < −78.8) the second
    term is +inf.

    Examples
    --------
    >>> from physml.data import franke_function
    >>> round(float(franke_function(0.5, 0.5)), 6)
    0.325762
    """
    x, y = _check_points(x, "x"), _check_points(y, "y")
    try:
        x, y = np.broadcast_arrays(x, y)
    except ValueError:
        raise ValueError(
            f"x and y must have broadcastable shapes, got {x.shape} and {y.shape}"
        ) from None
    for name, values in (("x", x), ("y", y)):
        if values.size and np.abs(values).max() > 1e150:
            raise ValueError(f"{name} must lie within ±1e150 (the function is meant for [0, 1])")
    u, v = 9.0 * x, 9.0 * y
    with np.errstate(over="ignore"):  # exp(−(9y + 1)/10) is +inf for y < −78.8
        f = (
            0.75 * np.exp(-((u - 2.0) ** 2) / 4.0 - (v - 2.0) ** 2 / 4.0)
            + 0.75 * np.exp(-((u + 1.0) ** 2) / 49.0 - (v + 1.0) / 10.0)
            + 0.5 * np.exp(-((u - 7.0) ** 2) / 4.0 - (v - 3.0) ** 2 / 4.0)
            - 0.2 * np.exp(-((u - 4.0) ** 2) - (v - 7.0) ** 2)
        )
    return f[()]


def _check_n_samples(n_samples, n_arrays: int) -> int:
    n = int(check_scalar(n_samples, "n_samples", kind=numbers.Integral, min_value=1))
    # the arrays returned and as many temporaries of the function's evaluation
    _core.check_memory("n_samples", str(n), f"{n_arrays} arrays of {n} samples and their temporaries",
                       2.0 * 8 * n_arrays * n)
    return n


def _check_noise(noise) -> float:
    return float(check_scalar(noise, "noise", min_value=0, max_value=1e150))


def make_franke(n_samples: int = 1000, noise: float = 0.0, random_state=None):
    """Samples of the Franke function with Gaussian noise.

    Parameters
    ----------
    n_samples : int, default 1000
        The number of points.
    noise : float >= 0, default 0.0
        The standard deviation σ of the noise.
    random_state : None, int or numpy.random.Generator, default None
        The seed; the same seed gives the same numbers.

    Returns
    -------
    x, y, z : ndarray of shape (n_samples,)
        x and y uniform on [0, 1) and z = f(x, y) + σ ε with ε ~ N(0, 1). For
        estimators that take one matrix, stack the inputs:
        ``X = np.column_stack([x, y])``.

    Examples
    --------
    >>> from physml.data import make_franke, franke_function
    >>> x, y, z = make_franke(100, noise=0.0, random_state=0)
    >>> x.shape, bool((z == franke_function(x, y)).all())
    ((100,), True)
    """
    n = _check_n_samples(n_samples, 3)
    sigma = _check_noise(noise)
    rng = np.random.default_rng(check_random_state_seed(random_state))
    x = rng.random(n)
    y = rng.random(n)
    z = franke_function(x, y) + sigma * rng.standard_normal(n)
    return x, y, z


def runge_function(x) -> np.ndarray:
    """Runge's function f(x) = 1/(1 + 25x²).

    Its equidistant polynomial interpolants on [−1, 1] diverge near the ends
    (Runge's phenomenon).

    Parameters
    ----------
    x : array-like
        The points.

    Returns
    -------
    ndarray
        f(x), of the shape of ``x``.

    Examples
    --------
    >>> from physml.data import runge_function
    >>> runge_function([0.0, 0.2]).tolist()
    [1.0, 0.5]
    """
    x = _check_points(x, "x")
    with np.errstate(over="ignore"):  # 25x² = inf gives the right limit, 0
        return (1.0 / (1.0 + 25.0 * x**2))[()]


def make_runge(n_samples: int = 100, noise: float = 0.0, random_state=None):
    """Samples of Runge's function with Gaussian noise.

    Parameters
    ----------
    n_samples : int, default 100
        The number of points.
    noise : float >= 0, default 0.0
        The standard deviation σ of the noise.
    random_state : None, int or numpy.random.Generator, default None
        The seed; the same seed gives the same numbers.

    Returns
    -------
    x, y : ndarray of shape (n_samples,)
        x uniform on [−1, 1) and y = 1/(1 + 25x²) + σ ε with ε ~ N(0, 1).

    Examples
    --------
    >>> from physml.data import make_runge
    >>> x, y = make_runge(50, noise=0.1, random_state=1)
    >>> x.shape, bool(x.min() >= -1 and x.max() < 1)
    ((50,), True)
    """
    n = _check_n_samples(n_samples, 2)
    sigma = _check_noise(noise)
    rng = np.random.default_rng(check_random_state_seed(random_state))
    x = rng.uniform(-1.0, 1.0, n)
    return x, runge_function(x) + sigma * rng.standard_normal(n)


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise features: z = (x − μ)/s.

    μ is the mean and s = √((1/n) Σ (x − μ)²) the standard deviation of each column
    of the data given to ``fit``. Fit it on the training set only and apply the same
    ``transform`` to the test set, so that no information from the test set leaks
    into the model. A column of zero variance (e.g. the constant column of a design
    matrix) keeps s = 1. :meth:`set_output` makes ``transform`` return a DataFrame
    with the input's column names (:meth:`get_feature_names_out`).

    Parameters
    ----------
    with_mean : bool, default True
        Subtract μ (``mean_`` is None otherwise).
    with_std : bool, default True
        Divide by s (``scale_`` and ``var_`` are None otherwise).

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,) or None
        μ of each column.
    var_ : ndarray of shape (n_features,) or None
        s² of each column.
    scale_ : ndarray of shape (n_features,) or None
        s of each column (1 where the variance is zero).
    n_features_in_ : int
        The number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        The column names of a DataFrame ``X`` (only then).
    n_samples_seen_ : int
        The number of samples seen in ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.data import StandardScaler
    >>> X = np.array([[1.0, 10.0], [3.0, 10.0]])
    >>> scaler = StandardScaler().fit(X)
    >>> scaler.mean_.tolist(), scaler.scale_.tolist()
    ([2.0, 10.0], [1.0, 1.0])
    >>> scaler.transform(X).tolist()
    [[-1.0, 0.0], [1.0, 0.0]]
    """

    def __init__(self, with_mean: bool = True, with_std: bool = True):
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None):
        """Learn μ and s from ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The training data.
        y : None
            Ignored.

        Returns
        -------
        self : StandardScaler
            The fitted scaler.
        """
        with_mean = _check_bool(self.with_mean, "with_mean")
        with_std = _check_bool(self.with_std, "with_std")
        check_feature_names(self, X, reset=True)
        X = check_array(X, "X", ndim=2)
        self.n_features_in_ = X.shape[1]
        self.n_samples_seen_ = X.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)
        if not (np.isfinite(mean).all() and np.isfinite(var).all()):
            raise ValueError("X is too large: its mean or variance overflows float64; rescale X")
        self.mean_ = mean if with_mean else None
        if with_std:
            self.var_ = var
            scale = np.sqrt(self.var_)
            # A numerically zero spread (relative to the column's magnitude) is no spread.
            tiny = 10 * np.finfo(np.float64).eps * np.maximum(np.abs(mean), 1.0)
            self.scale_ = np.where(scale > tiny, scale, 1.0)
        else:
            self.var_ = None
            self.scale_ = None
        return self

    def _check_X(self, X) -> np.ndarray:
        X = check_fitted_X(self, X, "n_features_in_")
        return X

    def transform(self, X):
        """Standardise ``X`` with the fitted μ and s.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.

        Returns
        -------
        ndarray or DataFrame of shape (n_samples, n_features)
            (X − μ)/s (a DataFrame if so configured by :meth:`set_output`).
        """
        Z = self._check_X(X)
        if self.mean_ is not None:
            Z = Z - self.mean_
        if self.scale_ is not None:
            Z = Z / self.scale_
        return self._wrap_output(Z, X)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Names of the output columns: those of the input.

        Parameters
        ----------
        input_features : array-like of str, optional
            The input names; default ``feature_names_in_``, else ``x0``, ``x1``, ...

        Returns
        -------
        ndarray of str
            The names.
        """
        return check_feature_names_out(self, input_features).copy()

    def inverse_transform(self, X) -> np.ndarray:
        """Back to the original units: X s + μ.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Standardised data.

        Returns
        -------
        ndarray of shape (n_samples, n_features)
            The data in the units of the training data.
        """
        X = self._check_X(X)
        if self.scale_ is not None:
            X = X * self.scale_
        if self.mean_ is not None:
            X = X + self.mean_
        return X


def _check_split_array(value, index: int) -> np.ndarray:
    """A numeric, finite array of at least one dimension; integer and boolean arrays
    keep their dtype (labels), everything else becomes float64."""
    name = f"arrays[{index}]"
    if value is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    checked = check_array(value, name, ndim=tuple(range(1, 33)))  # names the bad argument
    raw = np.asarray(value)
    return raw if raw.dtype.kind in "biu" else checked


def train_test_split(*arrays, test_size: float = 0.2, random_state=None, shuffle: bool = True):
    """Split arrays of equal length into training and test parts.

    Parameters
    ----------
    *arrays : array-like
        Arrays (or lists, DataFrames) with the same first dimension n.
    test_size : float in (0, 1), default 0.2
        The test part holds ⌈test_size · n⌉ samples, the training part the rest.
    random_state : None, int or numpy.random.Generator, default None
        The seed of the permutation (same seed, same split).
    shuffle : bool, default True
        Permute the samples first; without it the test part is the last samples.

    Returns
    -------
    list
        ``[a_train, a_test, b_train, b_test, ...]``, as scikit-learn's function does.

    Examples
    --------
    >>> import numpy as np
    >>> from physml.data import train_test_split
    >>> X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    >>> X_train.shape, X_test.shape, y_test.shape
    ((7, 2), (3, 2), (3,))
    >>> bool((X_test[:, 0] == 2 * y_test).all())
    True
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array")
    checked = [_check_split_array(a, i) for i, a in enumerate(arrays)]
    n = checked[0].shape[0]
    for i, a in enumerate(checked[1:], start=1):
        if a.shape[0] != n:
            raise ValueError(
                f"all arrays must have the same length: arrays[0] has {n}, arrays[{i}] has {a.shape[0]}"
            )
    test_size = float(
        check_scalar(test_size, "test_size", min_value=0.0, max_value=1.0,
                     include_min=False, include_max=False)
    )
    shuffle = _check_bool(shuffle, "shuffle")
    n_test = math.ceil(test_size * n)
    n_train = n - n_test
    if n_train == 0:
        raise ValueError(
            f"test_size={test_size} with {n} samples leaves no training samples; lower test_size"
        )
    if shuffle:
        order = np.random.default_rng(check_random_state_seed(random_state)).permutation(n)
    else:
        order = np.arange(n)
    train, test = order[:n_train], order[n_train:]
    out = []
    for a in checked:
        out.extend([a[train], a[test]])
    return out
