"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead."""

__version__: str

class PhysmlError(RuntimeError): ...

# --- neural networks (physml.nn) -------------------------------------------------------

from typing import Any, Callable, Optional

import numpy as np
from numpy.typing import NDArray

def nn_init(
    sizes: list[int], activations: list[str], loss: str, init: str, init_std: float, seed: int
) -> NDArray[np.float64]: ...
def nn_forward(
    sizes: list[int],
    activations: list[str],
    loss: str,
    params: NDArray[np.float64],
    x: NDArray[np.float64],
) -> list[NDArray[np.float64]]: ...
def nn_loss_and_gradient(
    sizes: list[int],
    activations: list[str],
    loss: str,
    params: NDArray[np.float64],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    l1: float,
    l2: float,
) -> tuple[float, NDArray[np.float64]]: ...

class NnTrainer:
    def __init__(
        self,
        sizes: list[int],
        activations: list[str],
        loss: str,
        params: NDArray[np.float64],
        x: NDArray[np.float64],
        y: NDArray[np.float64],
        x_val: Optional[NDArray[np.float64]],
        y_val: Optional[NDArray[np.float64]],
        *,
        solver: str,
        learning_rate_init: float,
        schedule_name: str,
        power_t: float,
        decay_rate: float,
        decay_steps: float,
        momentum: float,
        nesterov: bool,
        beta_1: float,
        beta_2: float,
        rho: float,
        epsilon: float,
        optimizer_state: Optional[tuple[int, NDArray[np.float64], NDArray[np.float64]]],
        batch_size: int,
        max_epochs: int,
        shuffle: bool,
        tol: float,
        n_iter_no_change: int,
        l1: float,
        l2: float,
        penalty_per_sample: str,
        score_name: str,
        seed: int,
        epochs: int,
        samples_seen: int,
        best_loss: float,
        best_score: float,
        no_improvement: int,
    ) -> None: ...
    def run(self, callback: Optional[Callable[[int, float], Any]], chunk_seconds: float) -> None: ...
    def finish(self) -> None: ...
    @property
    def params(self) -> NDArray[np.float64]: ...
    @property
    def loss_curve(self) -> list[float]: ...
    @property
    def validation_scores(self) -> list[float]: ...
    @property
    def state(self) -> tuple[int, int, float, float, int]: ...
    @property
    def optimizer_state(self) -> tuple[int, NDArray[np.float64], NDArray[np.float64], float]: ...
    @property
    def converged(self) -> bool: ...
    @property
    def epochs_this_run(self) -> int: ...
