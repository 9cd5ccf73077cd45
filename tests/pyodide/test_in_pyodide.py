"""The calculator test suite and the published test vectors, run inside Pyodide on Node.

The runtime is the one the site ships (the staged copy of the vendored npm release); the
calculators are loaded by name through the site's own pyodide-lock.json, with its sha256
checked; pytest and its pure dependencies are PyPI wheels, downloaded once into .cache/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from annotated_law.runtime.pyodide_vendor import prepare_runtime
from law_calculators.datafiles import TEST_VECTORS

from tests.conftest import ROOT

RUNNER = ROOT / "plugins" / "annotated_law" / "runtime" / "node" / "run_pytest.mjs"
WHEELS = ROOT / ".cache" / "pyodide-test-wheels"
PURE = (
    "pytest",
    "pluggy",
    "iniconfig",
    "packaging",
    "pygments",
    "hypothesis",
    "attrs",
    "sortedcontainers",
)


def _test_wheels() -> Path:
    have = {p.name.split("-")[0].lower() for p in WHEELS.glob("*.whl")}
    if not set(PURE) <= have:
        # pure wheels only: any platform, Pyodide's Python (3.14), no compiled code
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
             "--no-deps", "--python-version", "3.14", "--implementation", "py", "--abi", "none",
             "--platform", "any", "-d", str(WHEELS), *PURE],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.fail(
                f"could not download pytest's pure wheels from the package index:\n{done.stderr}"
            )
    return WHEELS


def test_calculator_suite_and_vectors_pass_inside_pyodide() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed for the in-Pyodide tests"
    runtime = prepare_runtime(
        ROOT, ROOT / "node_modules" / "pyodide", ROOT / ".cache" / "annotated-law", snapshot=False
    )
    done = subprocess.run(
        [node, str(RUNNER), str(runtime.stage), str(ROOT), str(_test_wheels()),
         "-q", "-p", "no:cacheprovider", "--confcutdir=tests/calculators", "tests/calculators"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    assert "on emscripten 3.14" in output
    passed = int(re.search(r"(\d+) passed", output)[1])
    # every published vector ran as its own test, besides the rest of the suite
    assert passed > len(TEST_VECTORS["vectors"]) + 20, output[-2000:]
    assert " failed" not in output
