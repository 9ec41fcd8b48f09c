#!/usr/bin/env bash
# The documentation site, with every Sphinx warning an error (-W), into docs/_build/html.
# The example notebooks are executed during the build in their quick mode
# (PHYSML_QUICK=1, set by docs/conf.py): about a minute more than without them.
# Installs what it needs in .venv-docs: physml (the wheel in dist/ if scripts/test.sh or
# scripts/build-wheels.sh left one, else built from this tree) with the `docs` extra.
#   bash scripts/build-docs.sh            # then open docs/_build/html/index.html
# Environment: PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
venv="$root/.venv-docs"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
wheel=$(ls "$root"/dist/physml-*.whl 2>/dev/null | head -n 1 || true)
if [ -n "$wheel" ]; then
    "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"
    "$venv/bin/python" -m pip install --quiet "${wheel}[docs]"
else
    "$venv/bin/python" -m pip install --quiet "$root[docs]"
fi
rm -rf "$root/docs/_build"
# From the repository root, python/ is not on sys.path: autodoc reads the installed package.
"$venv/bin/python" -m sphinx -W --keep-going -b html "$root/docs" "$root/docs/_build/html"
echo "documentation: $root/docs/_build/html/index.html"
