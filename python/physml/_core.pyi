"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead.

Checked against the built module by ``tests/test_install.py`` (``mypy.stubtest``)."""

from typing import Any, Callable, Optional, final

import numpy as np
from numpy.typing import NDArray
from typing_extensions import Self

__all__ = [
    "PhysmlError",
    "InternalError",
    "check_memory",
    "_panic_for_tests",
    "nn_check_size",
    "OlsResult",
    "ols_fit",
    "linear_predict",
    "linear_mean_squared_errors",
    "nnls_fit",
    "ridge_fit",
    "ridge_kfold_r2",
    "ridge_loo_errors",
    "ridge_loo_predictions",
    "student_t_quantile",
    "blocking_summary",
    "ising_exact",
    "ising_sample",
    "IsingParams",
    "ElasticNetParams",
    "EnetPath",
    "StopFlag",
    "enet_alpha_grid",
    "enet_path",
    "polynomial_features",
    "polynomial_powers",
    "nn_forward",
    "nn_init",
    "nn_loss_and_gradient",
    "NnTrainer",
    "OptimizerParams",
    "TrainParams",
    "Optimizer",
    "Sampler",
    "System",
    "Vmc",
    "WaveFunction",
    "__version__",
    "rbm_init",
    "RbmTrainer",
    "rbm_free_energy",
    "rbm_hidden_probabilities",
    "rbm_gibbs",
    "rbm_sample",
    "rbm_log_partition_exact",
    "rbm_log_partition_ais",
    "rbm_log_likelihood_gradient",
]

__version__: str

class PhysmlError(RuntimeError): ...
class InternalError(RuntimeError): ...

def check_memory(name: str, got: str, what: str, n_bytes: float) -> None: ...
def _panic_for_tests(in_worker: bool = False) -> None: ...

# --- linear: OLS and Ridge (src/python/linear.rs) ---
@final
class OlsResult:
    """A (weighted) OLS fit; ``gram_pinv`` and ``rss`` are those of the data rescaled
    by 2^-e_x, 2^-e_y (``exponents``, (0, 0) unless the data lie beyond 2^±300 in
    magnitude) and of the weights w/c (c = ``weight_scale`` = max w)."""

    @property
    def coef(self) -> NDArray[np.float64]: ...
    @property
    def intercept(self) -> NDArray[np.float64]: ...
    @property
    def rank(self) -> int: ...
    @property
    def singular_values(self) -> NDArray[np.float64]: ...
    @property
    def gram_pinv(self) -> NDArray[np.float64]: ...
    @property
    def rss(self) -> NDArray[np.float64]: ...
    @property
    def df_resid(self) -> int: ...
    @property
    def exponents(self) -> tuple[int, int]: ...
    @property
    def x_mean(self) -> NDArray[np.float64]: ...
    @property
    def weight_sum(self) -> float: ...
    @property
    def weight_scale(self) -> float: ...

def ols_fit(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    fit_intercept: bool,
    sample_weight: NDArray[np.float64] | None = None,
) -> OlsResult:
    """(Weighted) OLS of y (n, t) on x (n, p)."""

def nnls_fit(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    fit_intercept: bool,
    alpha: float = 0.0,
    sample_weight: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """(Weighted) non-negative least squares with Ridge penalty alpha: (coef (t, p),
    intercept (t,), converged (t,))."""

def ridge_fit(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    alphas: NDArray[np.float64],
    fit_intercept: bool,
    sample_weight: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(Weighted) Ridge for each alpha: (coef (a, t, p), intercept (a, t))."""

def ridge_loo_errors(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    alphas: NDArray[np.float64],
    fit_intercept: bool,
    store: bool = False,
    sample_weight: NDArray[np.float64] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None, int]:
    """Squared leave-one-out errors w_i e_ik² of (weighted) Ridge for each alpha (> 0):
    their sums per alpha and target (a, t), and with ``store`` every one (n, t, a),
    else None, both times 2^-exponent; and exponent."""

def ridge_loo_predictions(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    alphas: NDArray[np.float64],
    fit_intercept: bool,
    sample_weight: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """Leave-one-out predictions (n, t, a) of (weighted) Ridge for each alpha (> 0)."""

def linear_predict(
    x: NDArray[np.float64], coef: NDArray[np.float64], intercept: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Predictions ``X Wᵀ + b`` (n, m) of the models ``W`` (m, p), ``b`` (m)."""

def linear_mean_squared_errors(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    coef: NDArray[np.float64],
    intercept: NDArray[np.float64],
    sample_weight: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """(Weighted) mean squared test errors (m,) of the models ``W`` (m, p), ``b`` (m)."""

def ridge_kfold_r2(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    alphas: NDArray[np.float64],
    fit_intercept: bool,
    n_folds: int,
) -> NDArray[np.float64]:
    """Mean k-fold test R² of Ridge for each alpha (>= 0)."""

def student_t_quantile(q: float, df: float) -> float:
    """The q-quantile of Student's t distribution with df degrees of freedom."""


# ---- linear: Lasso / ElasticNet (src/python/lasso.rs) ----
@final
class ElasticNetParams:
    """Checked coordinate-descent parameters; errors name the argument."""

    def __new__(
        cls,
        *,
        l1_ratio: float = 1.0,
        fit_intercept: bool = True,
        max_iter: int = 1000,
        tol: float = 1e-4,
        selection: str = "cyclic",
        random_seed: int | None = None,
        positive: bool = False,
        precompute: bool | None = None,
    ) -> Self: ...
    @property
    def max_iter(self) -> int: ...

@final
class StopFlag:
    """A flag shared between threads: once set, every enet_path given it stops after
    its current sweep with a KeyboardInterrupt."""

    def __new__(cls) -> Self: ...
    def set(self) -> None:
        """Ask every solver polling this flag to stop."""
    def is_set(self) -> bool:
        """Whether set was called."""

@final
class EnetPath:
    """A solved path: alphas (k,), coefs (t, p, k), intercepts (t, k), dual_gaps
    (t, k), n_iter (t, k), converged (t, k)."""

    @property
    def alphas(self) -> NDArray[np.float64]: ...
    @property
    def coefs(self) -> NDArray[np.float64]: ...
    @property
    def intercepts(self) -> NDArray[np.float64]: ...
    @property
    def dual_gaps(self) -> NDArray[np.float64]: ...
    @property
    def gram_dropped(self) -> bool:
        """The caller's Gram matrix was set aside: centring for the intercept moved X."""
    @property
    def n_iter(self) -> NDArray[np.uint64]: ...
    @property
    def converged(self) -> NDArray[np.bool_]: ...

def enet_alpha_grid(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    params: ElasticNetParams,
    *,
    n_alphas: int = 100,
    eps: float = 1e-3,
    sample_weight: NDArray[np.float64] | None = None,
) -> NDArray[np.float64]:
    """scikit-learn's default alpha grid of the (weighted) problem."""

def enet_path(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    params: ElasticNetParams,
    *,
    alphas: NDArray[np.float64] | None = None,
    n_alphas: int = 100,
    eps: float = 1e-3,
    coef_init: NDArray[np.float64] | None = None,
    gram: NDArray[np.float64] | None = None,
    xy: NDArray[np.float64] | None = None,
    sample_weight: NDArray[np.float64] | None = None,
    progress: Callable[[int, int], object] | None = None,
    stop: StopFlag | None = None,
) -> EnetPath:
    """Coordinate descent along alphas for y of shape (n_samples, n_targets)."""

# --- linear: polynomial design matrices (src/python/design.rs) ---
def polynomial_features(
    x: NDArray[np.float64],
    degree: int,
    include_bias: bool = True,
    interaction_only: bool = False,
) -> NDArray[np.float64]: ...
def polynomial_powers(
    n_features: int,
    degree: int,
    include_bias: bool = True,
    interaction_only: bool = False,
) -> NDArray[np.int64]: ...

# --- neural networks (physml.nn) -------------------------------------------------------

from typing import Any, Callable, Optional

def nn_check_size(name: str, sizes: list[int], batch: int) -> None: ...
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
    *,
    l1: float,
    l2: float,
    sample_weight: Optional[NDArray[np.float64]] = None,
) -> tuple[float, NDArray[np.float64]]: ...

@final
class OptimizerParams:
    """The optimiser of a training run, checked when built."""

    def __new__(
        cls,
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
    ) -> Self: ...

@final
class TrainParams:
    """The training loop's settings, checked when built."""

    def __new__(
        cls,
        *,
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
    ) -> Self: ...

@final
class NnTrainer:
    def __new__(
        cls,
        sizes: list[int],
        activations: list[str],
        loss: str,
        params: NDArray[np.float64],
        x: NDArray[np.float64],
        y: NDArray[np.float64],
        validation: Optional[tuple[NDArray[np.float64], NDArray[np.float64]]] = None,
        *,
        optimizer: OptimizerParams,
        training: TrainParams,
        state: tuple[int, int, float, float, int],
        optimizer_state: Optional[tuple[int, NDArray[np.float64], NDArray[np.float64]]] = None,
        sample_weight: Optional[NDArray[np.float64]] = None,
        sample_weight_val: Optional[NDArray[np.float64]] = None,
        train_biases: bool = True,
    ) -> Self: ...
    def run(self, callback: Optional[Callable[[int, list[float], list[float], list[tuple[int, float]]], Any]], chunk_seconds: float) -> None: ...
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

# ---- vmc (src/python/vmc/) -------------------------------------------------------
from typing import Any, Callable, Optional

@final
class System:
    @staticmethod
    def quantum_dot(
        n_particles: int, dim: int, omega: float, coulomb: bool, n_up: int, statistics: str
    ) -> System: ...
    @staticmethod
    def bose_gas(n_particles: int, dim: int, omega: float, omega_z: float, radius: float) -> System: ...
    @property
    def n_particles(self) -> int: ...
    @property
    def dim(self) -> int: ...
    def local_energy(self, wavefunction: WaveFunction, x: NDArray[np.float64]) -> float: ...

@final
class WaveFunction:
    @staticmethod
    def gaussian(n_particles: int, dim: int, alpha: float, beta: float) -> WaveFunction: ...
    @staticmethod
    def rbm(
        n_particles: int, dim: int, n_hidden: int, sigma: float, sqrt: bool, scale: float, seed: int
    ) -> WaveFunction: ...
    @staticmethod
    def pade_jastrow(n_particles: int, dim: int, beta: float, n_up: int) -> WaveFunction: ...
    @staticmethod
    def hard_sphere_jastrow(n_particles: int, dim: int, radius: float) -> WaveFunction: ...
    @staticmethod
    def neural_jastrow(
        n_particles: int,
        dim: int,
        n_up: int,
        *,
        form: str,
        hidden_layer_sizes: list[int],
        rho_hidden_layer_sizes: list[int],
        activation: str,
        spin_dependent: bool,
        seed: int,
    ) -> WaveFunction: ...
    @staticmethod
    def slater(
        n_particles: int, dim: int, n_up: int, alpha: float, envelope: bool, recompute_every: int
    ) -> WaveFunction: ...
    @staticmethod
    def product(factors: list[WaveFunction]) -> WaveFunction: ...
    @staticmethod
    def _from_state(state: dict[str, Any]) -> WaveFunction: ...
    def __getstate__(self) -> dict[str, Any]: ...
    def __setstate__(self, state: dict[str, Any]) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def factors(self) -> list[WaveFunction]: ...
    @property
    def name(self) -> str: ...
    @property
    def n_particles(self) -> int: ...
    @property
    def dim(self) -> int: ...
    @property
    def n_parameters(self) -> int: ...
    def parameters(self) -> NDArray[np.float64]: ...
    def set_parameters(self, parameters: NDArray[np.float64]) -> None: ...
    def log_value(self, x: NDArray[np.float64]) -> float: ...
    def sign(self, x: NDArray[np.float64]) -> float: ...
    def gradient(self, x: NDArray[np.float64]) -> NDArray[np.float64]: ...
    def laplacian(self, x: NDArray[np.float64]) -> float: ...
    def parameter_gradient(self, x: NDArray[np.float64]) -> NDArray[np.float64]: ...

@final
class Sampler:
    @staticmethod
    def metropolis(step_length: float, burn_in: int) -> Sampler: ...
    @staticmethod
    def importance(dt: float, burn_in: int) -> Sampler: ...
    @staticmethod
    def gibbs(burn_in: int) -> Sampler: ...

@final
class Optimizer:
    @staticmethod
    def sgd(learning_rate: float, momentum: float) -> Optimizer: ...
    @staticmethod
    def adam(learning_rate: float, beta1: float, beta2: float, eps: float) -> Optimizer: ...
    @staticmethod
    def sr(
        learning_rate: float,
        diag_shift: float,
        solver: str,
        tol: float,
        max_iter: int,
    ) -> Optimizer: ...

@final
class Vmc:
    def __new__(
        cls,
        system: System,
        wavefunction: WaveFunction,
        sampler: Sampler,
        optimizer: Optimizer,
        n_samples: int,
        n_chains: int,
        seed: int,
    ) -> Self: ...
    def optimize(
        self, n_iter: int, callback: Optional[Callable[[int, float, float], Optional[bool]]] = None
    ) -> int: ...
    def sample(
        self,
        n_samples: int,
        bins: int,
        r_max: float,
        observables: bool,
        callback: Optional[Callable[[int, int], object]] = None,
    ) -> dict[str, Any]: ...
    def take_partial_sample(self) -> Optional[dict[str, Any]]: ...
    def copy(self) -> Vmc: ...
    def history(self) -> dict[str, NDArray[np.float64]]: ...
    def n_iterations(self) -> int: ...
    def parameters(self) -> NDArray[np.float64]: ...
    def wavefunction(self) -> WaveFunction: ...
    def set_local_chains(self, offset: int, n_local: int) -> None: ...
    def local_step(self) -> NDArray[np.float64]: ...
    def finish_step(
        self,
        parts: list[NDArray[np.float64]],
        exchange: Optional[Callable[[NDArray[np.float64]], NDArray[np.float64]]] = None,
    ) -> tuple[int, float, float]: ...
    def local_sample(
        self,
        n_samples: int,
        bins: int,
        r_max: float,
        observables: bool,
        callback: Optional[Callable[[int, int, bool], object]] = None,
    ) -> NDArray[np.float64]: ...
    def finish_sample(
        self, parts: list[NDArray[np.float64]], bins: int, r_max: float, observables: bool
    ) -> dict[str, Any]: ...
    def get_state(self) -> dict[str, Any]: ...
    def set_state(
        self,
        parameters: NDArray[np.float64],
        history: dict[str, NDArray[np.float64]],
        optimizer: Optional[tuple[int, NDArray[np.float64], NDArray[np.float64]]],
        positions: NDArray[np.float64],
        rng: NDArray[np.uint64],
    ) -> None: ...

def blocking_summary(x: NDArray[np.float64]) -> tuple[float, float, float, float]:
    """(mean, population variance, blocking error of the mean, integrated
    autocorrelation time) of a 1-D contiguous finite series."""
@final
class IsingParams:
    """Checked settings of ``ising_sample``; errors name the argument."""

    def __new__(
        cls,
        *,
        side: int,
        dim: int,
        temperature: float,
        n_samples: int,
        method: str,
        n_chains: int,
        thermalization: int,
        interval: int,
        seed: int,
    ) -> Self: ...

def ising_sample(
    params: IsingParams,
) -> tuple[NDArray[np.int8], NDArray[np.float64], NDArray[np.float64], float]:
    """(spins ±1, n_samples × N; energy per spin; magnetisation per spin; acceptance),
    with Ctrl-C polled."""
def ising_exact(side: int, dim: int, temperature: float) -> dict[str, float]: ...
def rbm_init(
    sigma: Optional[float], n_visible: int, n_hidden: int, scale: float, seed: int
) -> NDArray[np.float64]:
    """Flat RBM parameters (a, b, W): zero biases, W ~ N(0, scale²)."""
@final
class RbmTrainer:
    """A CD-k/PCD-k training run kept in the core between epochs."""

    def __new__(
        cls,
        sigma: Optional[float],
        n_visible: int,
        params: NDArray[np.float64],
        chains: NDArray[np.float64],
        seed: int,
        *,
        learning_rate: float,
        momentum: float,
        weight_decay: float,
        k: int,
        persistent: bool,
        optimizer_state: Optional[tuple[int, NDArray[np.float64]]] = None,
        offsets: Optional[tuple[NDArray[np.float64], NDArray[np.float64], float]] = None,
    ) -> Self: ...
    def run(self, x: NDArray[np.float64], n_epochs: int, batch_size: int, stream: int) -> int: ...
    @property
    def components(self) -> NDArray[np.float64]: ...
    @property
    def intercept_hidden(self) -> NDArray[np.float64]: ...
    @property
    def intercept_visible(self) -> NDArray[np.float64]: ...
    @property
    def chains(self) -> NDArray[np.float64]: ...
    @property
    def epochs(self) -> int: ...
    @property
    def optimizer_state(self) -> tuple[int, NDArray[np.float64]]: ...
    @property
    def offsets(self) -> Optional[tuple[NDArray[np.float64], NDArray[np.float64]]]: ...

def rbm_free_energy(
    sigma: Optional[float], n_visible: int, params: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]: ...
def rbm_hidden_probabilities(
    sigma: Optional[float], n_visible: int, params: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]: ...
def rbm_gibbs(
    sigma: Optional[float],
    n_visible: int,
    params: NDArray[np.float64],
    x: NDArray[np.float64],
    steps: int,
    seed: int,
    stream: int,
) -> NDArray[np.float64]: ...
def rbm_sample(
    sigma: Optional[float],
    n_visible: int,
    params: NDArray[np.float64],
    n: int,
    steps: int,
    seed: int,
) -> NDArray[np.float64]: ...
def rbm_log_partition_exact(
    sigma: Optional[float], n_visible: int, params: NDArray[np.float64]
) -> float: ...
def rbm_log_partition_ais(
    sigma: Optional[float],
    n_visible: int,
    params: NDArray[np.float64],
    n_runs: int,
    n_betas: int,
    seed: int,
) -> tuple[float, float]: ...
def rbm_log_likelihood_gradient(
    sigma: Optional[float], n_visible: int, params: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]: ...
