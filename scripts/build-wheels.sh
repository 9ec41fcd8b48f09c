#!/usr/bin/env bash
# The distributions users install, built and checked as pip would see them:
#   1. the sdist and an abi3 manylinux2014 (glibc >= 2.17) x86_64 wheel, built by maturin
#      with zig as linker (the `ziglang` package from PyPI: no Docker, no system
#      toolchain beyond Rust), the shared library stripped;
#   2. `auditwheel show` confirms the manylinux_2_17 tag; `twine check --strict` the
#      metadata; the release workflow is linted (yamllint);
#   3. the wheel installed in fresh virtual environments and smoke-tested
#      (scripts/smoke.py) on the oldest and newest Python and NumPy found
#      (3.9 with NumPy 1.21 and 3.13 with the newest NumPy, when those Pythons exist);
#   4. the sdist built and installed from scratch by pip in a fresh virtual environment
#      (isolated build, maturin from PyPI) and smoke-tested.
# Leaves the sdist and the wheel in dist/. CI runs it after scripts/test.sh.
#
# Environment: PYTHON (default python3) runs the tools; PYTHON_OLDEST / PYTHON_NEWEST
# name the interpreters of step 3 (default: python3.9 / python3.13 if found, pyenv's
# included, else PYTHON). The wheel is built exactly as scripts/test.sh builds the one
# the tests run against, in the same target directory, so after scripts/test.sh cargo
# has nothing to compile; the sdist's build keeps its cargo target directory in
# target/sdist (CARGO_TARGET_DIR overrides both).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
dist="$root/dist"
tools="$root/.venv-tools"  # shared with scripts/test.sh (see there)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

find_python() {  # find_python 3.9 -> a path to that interpreter, or nothing
    local v=$1 p
    for p in "python$v" "$HOME/.pyenv/versions/$v"*/bin/"python$v"; do
        if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import venv' >/dev/null 2>&1; then
            command -v "$p"
            return
        fi
    done
}

echo "== tools: maturin, ziglang, auditwheel, twine, yamllint =="
"$python" -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --upgrade pip
"$tools/bin/python" -m pip install --quiet --upgrade "maturin>=1.9.4,<2" "ziglang>=0.13" \
    "auditwheel>=6.1" "twine>=6.1" "yamllint>=1.35"
export PATH="$tools/bin:$PATH"   # maturin --zig finds zig through `python -m ziglang`

echo "== sdist and manylinux2014 abi3 wheel =="
rm -f "$dist"/physml-*
mkdir -p "$dist"
"$tools/bin/maturin" sdist --out "$dist"
"$tools/bin/maturin" build --release --zig --compatibility manylinux2014 --strip --out "$dist"
sdist=$(ls "$dist"/physml-*.tar.gz)
wheel=$(ls "$dist"/physml-*.whl)
echo "built $(basename "$sdist") and $(basename "$wheel")"
checks=1  # the wheel's tag, then one more per check that follows
case "$wheel" in
    *-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl) ;;
    *) echo "unexpected wheel tag: $wheel" >&2; exit 1 ;;
esac

echo "== auditwheel show, strip check, twine check, release workflow lint =="
"$tools/bin/auditwheel" show "$wheel" | tee "$work/auditwheel.txt"
if ! tr '\n' ' ' < "$work/auditwheel.txt" | grep -q 'consistent with the following platform tag: *"manylinux_2_17_x86_64"'; then
    echo "auditwheel does not find the wheel manylinux_2_17 (manylinux2014) compatible" >&2
    exit 1
fi
checks=$((checks + 1))
"$tools/bin/python" - "$wheel" <<'EOF'
# The extension module must be stripped: no .symtab / .debug_* sections.
import io, sys, zipfile
from elftools.elf.elffile import ELFFile  # pyelftools comes with auditwheel
with zipfile.ZipFile(sys.argv[1]) as whl:
    (so,) = [n for n in whl.namelist() if n.startswith("physml/_core") and n.endswith(".so")]
    elf = ELFFile(io.BytesIO(whl.read(so)))
    extra = [s.name for s in elf.iter_sections() if s.name == ".symtab" or s.name.startswith(".debug")]
    size = whl.getinfo(so).file_size
if extra:
    sys.exit(f"{so} is not stripped: {extra}")
print(f"{so}: stripped, {size / 1e6:.1f} MB")
EOF
checks=$((checks + 1))
"$tools/bin/twine" check --strict "$sdist" "$wheel"
checks=$((checks + 1))
"$tools/bin/yamllint" --strict -c .yamllint.yml .github/workflows/
checks=$((checks + 1))
"$tools/bin/python" scripts/check_release_workflow.py .github/workflows/release.yml
checks=$((checks + 1))

smoke() {  # smoke PYTHON WHAT [pip args...]: fresh venv, install, run scripts/smoke.py
    local py=$1 what=$2 venv
    shift 2
    venv=$(mktemp -d "$work/venv.XXXX")
    echo "-- $what with $("$py" --version 2>&1)"
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet "$@"
    # From an empty directory, so that nothing of the repository is importable.
    (cd "$work" && "$venv/bin/python" "$root/scripts/smoke.py")
    checks=$((checks + 1))
}

echo "== the wheel in fresh virtual environments =="
oldest=${PYTHON_OLDEST:-$(find_python 3.9)}
newest=${PYTHON_NEWEST:-$(find_python 3.13)}
if [ -n "$oldest" ]; then
    # The oldest NumPy that pyproject allows (numpy>=1.21) and that has a cp39 wheel.
    smoke "$oldest" "wheel, oldest NumPy" "$wheel" "numpy==1.21.*" "tqdm==4.60.*"
else
    echo "no Python 3.9 found: oldest-Python check skipped" >&2
fi
if [ -n "$newest" ]; then
    smoke "$newest" "wheel, newest NumPy" "$wheel" --upgrade numpy tqdm
else
    echo "no Python 3.13 found: newest-Python check skipped" >&2
fi
smoke "$python" "wheel" "$wheel"

echo "== the sdist built and installed from scratch by pip =="
# An isolated build (maturin from PyPI) of the unpacked sdist; the cargo target
# directory persists between runs so that a local re-run compiles only physml.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/sdist}
smoke "$python" "sdist" --no-binary physml "$sdist"

echo "dist/ holds $(basename "$sdist") and $(basename "$wheel")"
# Every check above stops the script when it fails; reaching here, all passed.
echo "build-wheels: $checks passed, 0 failed"
