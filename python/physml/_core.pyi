"""Type stubs of the compiled core ``physml._core``. Import :mod:`physml` instead."""

__version__: str

class PhysmlError(RuntimeError): ...
