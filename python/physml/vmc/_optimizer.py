"""Optimisers of the variational energy: src/vmc/optimizer/ (stochastic
reconfiguration) and the first-order methods of src/nn/optim.rs. Each holds its
core object (``_inner``), built, and validated, by the constructor."""

from __future__ import annotations

from physml import _core
from physml._base import check_scalar
from physml.vmc._common import Configured, to_float, to_int


class SGD(Configured):
    """Gradient descent θ ← θ − η g (with momentum μ: v ← μv + g, θ ← θ − ηv) on the
    energy gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩).

    Parameters
    ----------
    learning_rate : float > 0, default 0.01
        The step size η (units of θ²/E_h).
    momentum : float in [0, 1), default 0.0
        The momentum μ.

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.4), optimizer=vmc.SGD(learning_rate=0.1),
    ...                  n_samples=2000, seed=1)
    >>> history = driver.optimize(30)
    >>> round(float(history.energy[-1]), 6), round(driver.wavefunction.alpha, 6)
    (2.0, 0.5)
    """

    def __init__(self, learning_rate: float = 0.01, momentum: float = 0.0):
        self.learning_rate = to_float(learning_rate, "learning_rate")
        self.momentum = to_float(momentum, "momentum")
        self._inner = _core.Optimizer.sgd(self.learning_rate, self.momentum)

    def _params(self) -> dict:
        return dict(learning_rate=self.learning_rate, momentum=self.momentum)


class Adam(Configured):
    """Adam (Kingma & Ba 2015) on the energy gradient: m ← β₁m + (1−β₁)g,
    v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε) with bias-corrected m̂, v̂.

    Parameters
    ----------
    learning_rate : float > 0, default 0.01
        The step size η (units of θ).
    beta1 : float in [0, 1), default 0.9
        The decay β₁ of the first moment m.
    beta2 : float in [0, 1), default 0.999
        The decay β₂ of the second moment v.
    eps : float > 0, default 1e-8
        ε of the denominator.

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.4), optimizer=vmc.Adam(learning_rate=0.05),
    ...                  n_samples=2000, seed=1)
    >>> history = driver.optimize(30)
    >>> bool(abs(history.energy[-1] - 2.0) < 0.01)
    True
    """

    def __init__(self, learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        self.learning_rate = to_float(learning_rate, "learning_rate")
        # The core shares Adam with physml.nn, whose messages use scikit-learn's names
        # (beta_1, beta_2, epsilon): these three are checked here under this class's names.
        for name, value in (("beta1", beta1), ("beta2", beta2)):
            check_scalar(value, name, min_value=0.0, max_value=1.0, include_max=False)
        check_scalar(eps, "eps", min_value=0.0, include_min=False)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)
        self._inner = _core.Optimizer.adam(self.learning_rate, self.beta1, self.beta2, self.eps)

    def _params(self) -> dict:
        return dict(learning_rate=self.learning_rate, beta1=self.beta1, beta2=self.beta2, eps=self.eps)


class SR(Configured):
    """Stochastic reconfiguration (natural gradient, Sorella 1998).

    With the energy gradient g_k = 2(⟨E_L O_k⟩ − ⟨E_L⟩⟨O_k⟩) and the quantum
    geometric tensor S_kl = ⟨O_k O_l⟩ − ⟨O_k⟩⟨O_l⟩ of the P parameter derivatives
    O_k = ∂ ln|Ψ|/∂θ_k over n samples, solve (S + λ·1) δ = −η g and set θ ← θ + δ.

    Parameters
    ----------
    learning_rate : float, default 0.05
        η > 0.
    diag_shift : float, default 0.01
        λ > 0; raise it if an update is not finite.
    solver : {'auto', 'dense', 'cg', 'sample'}, default 'auto'
        How the system is solved (all give the same δ, up to rounding and the
        conjugate-gradient tolerance):

        - ``'dense'``: S accumulated while sampling (O(P²) per sample, P² memory),
          then a Cholesky factorisation, O(P³).
        - ``'cg'``: conjugate gradients with S applied without forming it,
          S v = (1/n) Σ_s (O_s − Ō)((O_s − Ō)·v): O(nP) per iteration, n·P stored
          derivatives (8 bytes each).
        - ``'sample'``: the n × n system of the sample space,
          δ = −η Ōᵀ(ŌŌᵀ/n + λ·1)⁻¹ (2/n)(E − Ē) with Ō the centred n × P
          derivatives: O(n²P + n³), n·P + n² memory; for n_samples < P.
        - ``'auto'``: ``'dense'`` for P ≤ 512 parameters, otherwise
          ``'sample'`` when n_samples < P, else ``'cg'``.
    tol : float, default 1e-10
        Conjugate gradients stop when |residual| ≤ tol·|η g|.
    max_iter : int, default 1000
        Conjugate gradients stop after this many iterations at the latest (the
        last iterate is the update).

    Examples
    --------
    >>> from physml import vmc
    >>> dot = vmc.QuantumDot(n_particles=2, dim=2, interaction=None)
    >>> driver = vmc.VMC(dot, vmc.Gaussian(alpha=0.4), optimizer=vmc.SR(learning_rate=0.1),
    ...                  n_samples=2000, seed=1)
    >>> history = driver.optimize(30)
    >>> round(driver.wavefunction.alpha, 4)
    0.5
    """

    def __init__(self, learning_rate: float = 0.05, diag_shift: float = 0.01, solver: str = "auto",
                 tol: float = 1e-10, max_iter: int = 1000):
        self.learning_rate = to_float(learning_rate, "learning_rate")
        self.diag_shift = to_float(diag_shift, "diag_shift")
        if not isinstance(solver, str):
            raise TypeError(f"solver must be a str, got {type(solver).__name__}")
        self.solver = solver
        self.tol = to_float(tol, "tol")
        self.max_iter = to_int(max_iter, "max_iter")
        self._inner = _core.Optimizer.sr(self.learning_rate, self.diag_shift, self.solver, self.tol,
                                         self.max_iter)

    def _params(self) -> dict:
        return dict(learning_rate=self.learning_rate, diag_shift=self.diag_shift, solver=self.solver,
                    tol=self.tol, max_iter=self.max_iter)
