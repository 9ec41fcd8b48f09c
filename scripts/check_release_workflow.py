"""What yamllint cannot see in .github/workflows/release.yml: it builds every platform
that README.md lists with maturin's action (release, stripped; Linux as manylinux2014),
smoke-tests each wheel on its runner, and publishes only after all of them.
scripts/build-wheels.sh runs it (PyYAML comes with yamllint there)."""

import pathlib
import sys

import yaml

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".github/workflows/release.yml")
jobs = yaml.safe_load(path.read_text())["jobs"]
built = set()
for name in ("linux", "macos", "windows"):
    steps = jobs[name]["steps"]
    maturin = [s for s in steps if str(s.get("uses", "")).startswith("PyO3/maturin-action@")]
    assert maturin, f"{name}: no PyO3/maturin-action step"
    assert any("scripts/smoke.py" in s.get("run", "") for s in steps), f"{name}: no smoke test"
    for step in maturin:
        args = step["with"]["args"].split()
        assert "--release" in args and "--strip" in args, f"{name}: {args}"
        if name == "linux":
            assert step["with"]["manylinux"] == "2014", name
    for entry in jobs[name].get("strategy", {}).get("matrix", {}).get("include", [{}]):
        built.add((name, entry.get("target") or maturin[0]["with"]["target"]))
expected = {("linux", "x86_64"), ("linux", "aarch64"), ("macos", "x86_64"),
            ("macos", "aarch64"), ("windows", "x64")}
assert built == expected, f"release builds {sorted(built)}, README lists {sorted(expected)}"
assert jobs["sdist"]["steps"][-2]["with"]["command"] == "sdist"
assert set(jobs["publish"]["needs"]) == {"linux", "macos", "windows", "sdist"}
print(f"{path}: " + ", ".join(f"{o} {t}" for o, t in sorted(built)) + ", sdist, then publish")
