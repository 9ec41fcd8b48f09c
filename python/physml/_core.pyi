"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead."""

__version__: str

class PhysmlError(RuntimeError): ...

# --- linear: polynomial design matrices (src/python/design.rs) ---
import numpy as _np
import numpy.typing as _npt

def polynomial_design_1d(
    x: _npt.NDArray[_np.float64], degree: int, include_bias: bool = True
) -> _npt.NDArray[_np.float64]: ...
def polynomial_design_2d(
    x: _npt.NDArray[_np.float64],
    y: _npt.NDArray[_np.float64],
    degree: int,
    include_bias: bool = True,
) -> _npt.NDArray[_np.float64]: ...
