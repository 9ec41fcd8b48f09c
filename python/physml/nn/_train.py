"""Training plumbing shared by every estimator of :mod:`physml.nn`: the batch size,
the optimiser's parameters, and the chunked run of the core's trainer with a progress
bar and Ctrl-C (``src/nn/train.rs``).
"""

from __future__ import annotations

import numbers
from typing import Any, Callable

import numpy as np

from physml import _core
from physml._base import check_bool, check_scalar, ConvergenceWarning, warn_user
from physml.nn._base import SCHEDULES, SOLVERS, _check_choice


_CHUNK_SECONDS = 0.1


def _batch_size(batch_size: Any, n_samples: int) -> int:
    if batch_size is None:
        return n_samples
    if isinstance(batch_size, str):
        if batch_size != "auto":
            raise ValueError(f"batch_size must be 'auto', None or an integer >= 1, got {batch_size!r}")
        return min(200, n_samples)
    check_scalar(batch_size, "batch_size", kind=numbers.Integral, min_value=1)
    return min(int(batch_size), n_samples)


class _Progress:
    """Progress callback: a bar over epochs when enabled (:func:`physml._progress.progress_bar`)."""

    def __init__(self, enabled: bool, total: int, desc: str) -> None:
        self.bar = None
        if enabled:
            from physml._progress import progress_bar

            self.bar = progress_bar(total, desc, "epoch")

    def __call__(self, epochs: int, loss: float) -> None:
        if self.bar is not None:
            self.bar.update(epochs - self.bar.n)
            self.bar.set_postfix(loss=f"{loss:.4g}", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _train(
    *,
    sizes: list[int],
    activations: list[str],
    loss: str,
    params: np.ndarray,
    X: np.ndarray,
    Y: np.ndarray,
    validation: tuple[np.ndarray, np.ndarray] | None,
    optimizer: dict,
    training: dict,
    state: tuple,
    optimizer_state: tuple | None,
    progress: bool,
    desc: str,
    store: Callable[[Any], None],
    verbose: bool = False,
    sample_weight: np.ndarray | None = None,
    sample_weight_val: np.ndarray | None = None,
    train_biases: bool = True,
) -> Any:
    """Run a training run in the Rust core and hand the finished (or interrupted)
    run to ``store``; re-raise a KeyboardInterrupt after storing. With ``verbose``,
    print scikit-learn's lines "Iteration k, loss = …" (and "Validation score: …")
    for every epoch, from the progress callback between chunks, and its stopping
    message at the end."""
    trainer = _core.NnTrainer(
        sizes,
        activations,
        loss,
        params,
        X,
        Y,
        validation,
        optimizer=_core.OptimizerParams(**optimizer),
        training=_core.TrainParams(**training),
        state=state,
        optimizer_state=optimizer_state,
        sample_weight=sample_weight,
        sample_weight_val=sample_weight_val,
        train_biases=train_biases,
    )
    bar = _Progress(progress, training["max_epochs"], desc)

    what = "Validation score" if validation is not None else "Training loss"
    stalled = f"{what} did not improve more than tol={training['tol']:f} for {training['n_iter_no_change']} consecutive epochs."

    def report(done: int, losses: list[float], scores: list[float], changes: list[tuple[int, float]]) -> None:
        bar(done, losses[-1] if losses else np.nan)
        if verbose:
            new_rates = dict(changes)
            first = done - len(losses)
            for i, loss in enumerate(losses):
                print(f"Iteration {state[0] + first + i + 1}, loss = {loss:.8f}")
                if scores:
                    print(f"Validation score: {scores[i]:f}")
                if first + i + 1 in new_rates:
                    print(f"{stalled} Setting learning rate to {new_rates[first + i + 1]:f}")

    try:
        trainer.run(report if (progress or verbose) else None, _CHUNK_SECONDS)
    except KeyboardInterrupt:
        trainer.finish()
        store(trainer)
        raise
    finally:
        bar.close()
    if verbose and trainer.converged:
        reason = " Learning rate too small." if optimizer["schedule_name"] == "adaptive" else ""
        print(f"{stalled}{reason} Stopping.")
    trainer.finish()
    store(trainer)
    if trainer.converged and validation is None:
        curve = list(trainer.loss_curve)
        best, last = min(curve), curve[-1]
        if last > curve[0] and last - best > max(abs(best), training["tol"]):
            warn_user(
                f"{desc}: the training loss grew from {best:.6g} (its lowest, at epoch {curve.index(best) + 1} of "
                f"this fit) to {last:.6g} (epoch {len(curve)}), and training stopped after "
                f"n_iter_no_change={training['n_iter_no_change']} epochs without improvement: the optimiser "
                "diverges; lower learning_rate_init",
                ConvergenceWarning,
            )
    return trainer


def _optimizer_args(est: Any, solver: str) -> dict:
    """The optimiser keyword arguments of ``_core.NnTrainer`` from an estimator."""
    return dict(
        solver=solver,
        learning_rate_init=float(est.learning_rate_init),
        schedule_name=est.learning_rate,
        power_t=float(est.power_t),
        decay_rate=float(getattr(est, "decay_rate", 0.5)),
        decay_steps=float(getattr(est, "decay_steps", 1000)),
        momentum=float(est.momentum),
        nesterov=check_bool(est.nesterovs_momentum, "nesterovs_momentum"),
        beta_1=float(est.beta_1),
        beta_2=float(est.beta_2),
        rho=float(est.rho),
        epsilon=float(est.epsilon),
    )


def _check_optimizer_params(est: Any, solver_name: str = "solver") -> None:
    _check_choice(getattr(est, solver_name), solver_name, SOLVERS)
    _check_choice(est.learning_rate, "learning_rate", SCHEDULES)
    # types here; the ranges are the core's (OptimizerParams, TrainParams), whose
    # errors name these parameters. Integers are checked >= 1 here, as they convert
    # to the core's unsigned counts.
    for name in ("learning_rate_init", "power_t", "momentum", "beta_1", "beta_2", "rho", "epsilon", "tol"):
        check_scalar(getattr(est, name), name)
    check_scalar(est.max_iter, "max_iter", kind=numbers.Integral, min_value=1)
    check_scalar(est.n_iter_no_change, "n_iter_no_change", kind=numbers.Integral, min_value=1)
    if not isinstance(est.shuffle, (bool, np.bool_)):
        raise TypeError(f"shuffle must be True or False, got {est.shuffle!r}")
