"""What PyPI and pip see: the metadata and contents of the wheel and the sdist.

scripts/test.sh builds the release wheel into dist/ before pytest runs; these tests
read that wheel (they skip when there is none, e.g. after `maturin develop`) and build
the sdist themselves (`maturin sdist` compiles nothing). `twine check --strict` is
the check PyPI's upload runs on the long description and the metadata.
"""

from __future__ import annotations

import email.parser
import pathlib
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUPPORTED_PYTHONS = ("3.9", "3.10", "3.11", "3.12", "3.13")
# Repository-only folders that the sdist must not carry (pyproject's [tool.maturin] exclude).
NOT_IN_SDIST = (".ci/", ".github/", "benchmarks/", "validation/", "scripts/", "docs/")


def _wheel() -> pathlib.Path:
    wheels = sorted((ROOT / "dist").glob("physml-*.whl"))
    if not wheels:
        pytest.skip("no wheel in dist/ (scripts/test.sh builds one)")
    return wheels[-1]


def _maturin() -> list[str]:
    exe = shutil.which("maturin", path=str(pathlib.Path(sys.executable).parent))
    if exe is None:
        exe = shutil.which("maturin")
    if exe is None:
        pytest.skip("maturin is not installed (scripts/test.sh installs it)")
    return [exe]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("sdist")
    run = subprocess.run(
        [*_maturin(), "sdist", "--manifest-path", str(ROOT / "Cargo.toml"), "-o", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    (archive,) = out.glob("physml-*.tar.gz")
    return archive


def _twine_check(path: pathlib.Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(path)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PASSED" in run.stdout


def _metadata(text: str) -> email.message.Message:
    return email.parser.Parser().parsestr(text)


def _check_metadata(meta: email.message.Message) -> None:
    assert meta["Name"] == "physml"
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Author"]
    assert meta["Requires-Python"] == ">=3.9"
    assert meta["Keywords"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Documentation", "Repository", "Issues", "Changelog"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
    classifiers = set(meta.get_all("Classifier"))
    for version in SUPPORTED_PYTHONS:
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert any(c.startswith("Intended Audience ::") for c in classifiers)
    assert any(c.startswith("Operating System ::") for c in classifiers)
    # PEP 639: the license expression replaces the License :: classifiers.
    assert not any(c.startswith("License ::") for c in classifiers)
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert "pip install physml" in meta.get_payload()


def test_the_wheel_passes_twine_check_strict():
    _twine_check(_wheel())


def test_the_sdist_passes_twine_check_strict(sdist):
    _twine_check(sdist)


def test_the_wheel_is_abi3_and_portable():
    """scripts/test.sh builds the manylinux2014 wheel users get (glibc >= 2.17)."""
    name = _wheel().name
    assert "-cp39-abi3-" in name
    if sys.platform == "linux" and name.endswith("_x86_64.whl"):
        assert name.endswith("-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"), name


def test_the_wheel_carries_the_metadata_and_the_license():
    with zipfile.ZipFile(_wheel()) as whl:
        names = whl.namelist()
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = _metadata(whl.read(meta_name).decode())
        license_names = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert license_names, names
        assert whl.read(license_names[0]).decode().startswith("MIT License")
    _check_metadata(meta)
    assert "physml/py.typed" in names
    assert any(n.startswith("physml/_core") for n in names)


def test_the_sdist_carries_what_builds_the_package_and_no_repository_files(sdist):
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
        member = tar.extractfile(tar.getmember(f"{sdist.name[:-len('.tar.gz')]}/PKG-INFO"))
        assert member is not None
        meta = _metadata(member.read().decode())
    _check_metadata(meta)
    for needed in ("pyproject.toml", "Cargo.toml", "Cargo.lock", "LICENSE", "CHANGELOG.md",
                   "README.md", "src/lib.rs", "python/physml/__init__.py",
                   "python/physml/py.typed", "python/physml/_core.pyi"):
        assert needed in names, needed
    for folder in NOT_IN_SDIST:
        assert not [n for n in names if n.startswith(folder)], folder


def test_the_changelog_has_an_unreleased_section():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "## [Unreleased]" in text
