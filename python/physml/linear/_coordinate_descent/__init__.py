"""Lasso and ElasticNet by coordinate descent: :class:`ElasticNet`, :class:`Lasso`,
:func:`enet_path`, :func:`lasso_path`, :class:`ElasticNetCV` and :class:`LassoCV`
(Rust core: ``src/linear/lasso/``).

Objective (scikit-learn's), with ρ = ``l1_ratio`` and n samples::

    1/(2n) ‖y − Xw − b‖² + αρ‖w‖₁ + ½α(1 − ρ)‖w‖²

The solver stops when the duality gap is below ``tol·‖y‖²`` (y centred when an
intercept is fitted), exactly scikit-learn's criterion.

The family is split as its core, ``src/linear/lasso/``: ``_params`` (the core's
parameters and the checks of scikit-learn's spellings, ``params.rs``), ``_path``
(:func:`enet_path`, :func:`lasso_path` and the call into the core's path solver,
``path.rs``), ``_elastic_net`` (:class:`ElasticNet`, :class:`Lasso`) and ``_cv``
(:class:`ElasticNetCV`, :class:`LassoCV`). The public names are re-exported here
and from :mod:`physml.linear`.
"""

from physml.linear._coordinate_descent._cv import ElasticNetCV, LassoCV
from physml.linear._coordinate_descent._elastic_net import ElasticNet, Lasso
from physml.linear._coordinate_descent._path import enet_path, lasso_path

__all__ = ["ElasticNet", "Lasso", "ElasticNetCV", "LassoCV", "enet_path", "lasso_path"]
