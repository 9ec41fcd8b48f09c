"""``python -m physml``: a demo of the three pillars, printed as tables."""

from __future__ import annotations

import time


def _header(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def main() -> None:
    import physml

    print(f"physml {physml.__version__}")
    t0 = time.perf_counter()
    for section in _SECTIONS:
        section()
    print(f"\ndone in {time.perf_counter() - t0:.1f} s")


_SECTIONS: list = []

if __name__ == "__main__":
    main()
