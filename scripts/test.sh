#!/usr/bin/env bash
# Every test of physml: the Rust core alone, then the Python package as users get it
# (the release wheel, installed in a fresh virtual environment with the test extras).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
venv="$root/.venv-test"

echo "== cargo test =="
cargo test --quiet

echo "== build the release wheel, install it in a fresh virtual environment =="
# The wheel users get (scripts/build-wheels.sh builds and checks the same one):
# manylinux2014 (glibc >= 2.17) through zig as linker, from the ziglang package.
# The build tools live in .venv-tools, shared with build-wheels.sh: cargo's
# fingerprints include the path of maturin's zig wrapper, so the same path lets
# build-wheels.sh reuse this compilation.
tools="$root/.venv-tools"
rm -rf "$venv" "$root/dist"
"$python" -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --upgrade pip
"$tools/bin/python" -m pip install --quiet --upgrade "maturin>=1.9.4,<2" "ziglang>=0.13"
PATH="$tools/bin:$PATH" "$tools/bin/maturin" build --release --quiet --zig \
    --compatibility manylinux2014 --strip -o "$root/dist"
wheel=$(ls "$root"/dist/physml-*.whl)
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
# maturin in the test environment too: tests/test_packaging.py builds the sdist
"$venv/bin/python" -m pip install --quiet "${wheel}[test,docs]" "maturin>=1.9.4,<2"

echo "== pytest against the installed wheel =="
# Run from the repository root: python/ is not on sys.path, so `import physml`
# finds the installed wheel (tests/test_install.py checks that).
"$venv/bin/python" -m pytest tests -q "$@"
