"""scikit-learn's own estimator checks (``parametrize_with_checks``) on every public
estimator and transformer of physml.linear, physml.nn and physml.data, listed from
their ``__all__`` so a new estimator is checked as soon as it is exported.

A check that fails is listed in EXPECTED_FAILURES with the reason it does not apply
(strict: a listed check that starts passing fails the test, so the list stays short);
anything else failing is a bug. The iterative estimators are checked with scikit-learn's
own test settings (``max_iter=100`` for the networks, fewer epochs for the linear
models, 3 folds for the CV estimators): the checks fit each estimator many times on
tiny data sets, and whether a fit converges is not what they test, so their
ConvergenceWarnings are ignored here, as in scikit-learn's own test suite.
"""

from __future__ import annotations

import inspect
import warnings

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

import physml
from physml import data, linear, nn

QUICK = {
    "MLPRegressor": {"max_iter": 100},
    "MLPClassifier": {"max_iter": 100},
    "SGDRegressor": {"max_iter": 50},
    "LogisticRegression": {"max_iter": 50},
    "LassoCV": {"cv": 3},
    "ElasticNetCV": {"cv": 3},
}


def _public_estimators():
    for module in (linear, nn, data):
        for name in module.__all__:
            cls = getattr(module, name)
            if inspect.isclass(cls) and issubclass(cls, physml._base.BaseEstimator):
                yield cls(**QUICK.get(name, {}))


ESTIMATORS = list(_public_estimators())

# estimator name -> {check name: why it fails and why no user meets it}
EXPECTED_FAILURES: dict[str, dict[str, str]] = {
    "Ridge": {
        "check_non_transformer_estimators_n_iter": "Ridge solves by a direct method: n_iter_ is None, as "
        "in scikit-learn's Ridge with its direct solvers (which fails this check too); max_iter is "
        "accepted for scikit-learn's parameter set",
    },
}


def expected_failures(estimator) -> dict[str, str]:
    return EXPECTED_FAILURES.get(type(estimator).__name__, {})


with warnings.catch_warnings():
    # scikit-learn warns that physml's estimators do not inherit from its
    # BaseEstimator: they cannot, scikit-learn being optional; the contract it
    # stands for is what the checks test
    warnings.filterwarnings("ignore", "Estimator .* does not inherit from `sklearn.base.BaseEstimator`",
                            UserWarning)
    CHECKS = parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failures, xfail_strict=True)


@pytest.mark.filterwarnings("ignore::physml.exceptions.ConvergenceWarning")
@pytest.mark.filterwarnings("ignore:Estimator .* does not inherit from:UserWarning")
@CHECKS
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
