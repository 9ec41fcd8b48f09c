"""Linear regression with a Rust core: ordinary least squares and Ridge.

The estimators follow scikit-learn's contract (``fit``/``predict``/``score``,
``get_params``/``set_params``, fitted attributes ending in ``_``), so scikit-learn's
``clone``, ``Pipeline``, ``GridSearchCV`` and ``cross_val_score`` accept them;
scikit-learn is not needed at run time.

Models, for samples ``x_i`` (rows of ``X``, ``n_samples × n_features``) and targets
``y_i``:

* :class:`LinearRegression` minimises ``‖y − b − Xw‖²``;
* :class:`Ridge` minimises ``‖y − b − Xw‖² + α‖w‖²`` (the intercept ``b`` is not
  penalised: the data are centred first);
* :class:`RidgeCV` chooses ``α`` by efficient leave-one-out or k-fold
  cross-validation;
* :class:`ElasticNet` minimises ``1/(2n)‖y − b − Xw‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖²``
  by coordinate descent (:class:`Lasso` is ``ρ = 1``), with :func:`enet_path`,
  :func:`lasso_path`, :class:`ElasticNetCV` and :class:`LassoCV`.

Every ``fit`` takes ``sample_weight`` (non-negative, one per sample), as
scikit-learn: the squared residuals of sample ``i`` count ``w_i`` times, and with an
intercept ``X`` and ``y`` are centred at their weighted means.

Shapes follow scikit-learn: for 1-D ``y`` of shape ``(n_samples,)``, ``coef_`` has
shape ``(n_features,)`` and ``intercept_`` is a float; for 2-D ``y`` of shape
``(n_samples, n_targets)``, ``coef_`` is ``(n_targets, n_features)`` and
``intercept_`` is ``(n_targets,)``. Like scikit-learn, a single target given as a
column ``(n_samples, 1)`` gives ``coef_`` of shape ``(n_features,)`` (and ``predict``
of shape ``(n_samples,)``) in Ridge, RidgeCV, Lasso and ElasticNet, stays 2-D in
LinearRegression, and is converted to 1-D with a ``DataConversionWarning`` in
LassoCV and ElasticNetCV.
"""

from __future__ import annotations

from physml.linear._coordinate_descent import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    enet_path,
    lasso_path,
)
from physml.linear._ols import LinearRegression
from physml.linear._ridge import Ridge, RidgeCV

__all__ = [
    "LinearRegression",
    "Ridge",
    "RidgeCV",
    "ElasticNet",
    "Lasso",
    "ElasticNetCV",
    "LassoCV",
    "enet_path",
    "lasso_path",
]

# doctest.testmod(physml.linear) runs the examples of the public names, which are
# defined in the private modules.
__test__ = {name: globals()[name] for name in __all__}
