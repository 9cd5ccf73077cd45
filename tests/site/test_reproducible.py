"""Byte-identical builds: two clean copies of the project in different folders, each with its own
caches, build the same site/ tree, file for file (issue 11, item 3).

Each copy is what a clone holds (no .git, .venv, node_modules, site or .cache), plus its own
node_modules as `npm ci` would make it. Each builds with its own copy of the plugin and of the
calculators on PYTHONPATH (ahead of the editable install, which points at this checkout), its own
build cache (the plugin's default .cache/annotated-law, so each makes its own wheel, staged
runtime and memory snapshot) and its own TMPDIR (jieba keeps its dictionary cache there). The
second copy is made from the first, so edits made here meanwhile cannot tell the two apart.
Slow: two full builds, each making a snapshot (about 10 s each on a 2-core machine).
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from annotated_law.runtime.calculators_wheel import PACKAGE_DIR
from annotated_law.runtime.pyodide_snapshot import GZIP_HEADER, unpacked

from tests.conftest import ROOT

# what a clone of the project does not hold (.gitignore's entries and .git)
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "site",
    "site.partial",
    ".cache",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
)


@dataclass(frozen=True)
class Build:
    clone: Path
    site: Path
    seconds: float


def clean_copy(target: Path, source: Path = ROOT) -> Path:
    """The project as a fresh clone with `npm ci` run: sources and node_modules, no caches."""
    shutil.copytree(source, target, ignore=NOT_IN_A_CLONE)
    shutil.copytree(ROOT / "node_modules", target / "node_modules", symlinks=True)
    return target


def build_copy(clone: Path, site: Path) -> Build:
    tmp = clone.parent / f"{clone.name}-tmp"
    tmp.mkdir()
    path = [str(clone / "plugins"), str(clone / "calculators")]
    if os.environ.get("PYTHONPATH"):
        path.append(os.environ["PYTHONPATH"])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path), TMPDIR=str(tmp))
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(clone / "mkdocs.yml"), "--site-dir", str(site)],
        capture_output=True, text=True, cwd=clone, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"build of {clone} failed:\n{done.stderr[-4000:]}"
    return Build(clone, site, time.monotonic() - started)


def two_clean_builds(base: Path) -> tuple[Build, Build]:
    first = clean_copy(base / "one" / "csl-edition")
    second = clean_copy(base / "elsewhere" / "two" / "edition-copy", source=first)
    return (
        build_copy(first, base / "one" / "site"),
        build_copy(second, base / "elsewhere" / "two" / "site"),
    )


def file_hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differences(first: Path, second: Path) -> list[str]:
    """Every path whose bytes differ or that only one tree has, with its sizes."""
    a, b = file_hashes(first), file_hashes(second)
    lines = []
    for name in sorted(a.keys() | b.keys()):
        if a.get(name) != b.get(name):
            sizes = [
                f"{(tree / name).stat().st_size:,} B" if name in hashes else "absent"
                for tree, hashes in ((first, a), (second, b))
            ]
            lines.append(f"{name}: {sizes[0]} / {sizes[1]}")
    return lines


def _config(site: Path) -> dict:
    (script,) = (site / "assets" / "javascripts").glob("calculators-config.*.js")
    text = script.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.index(", {root:")])


def snapshot_file(site: Path) -> Path:
    return site / _config(site)["snapshot"]["url"]


def restorable_snapshot(site: Path) -> bytes:
    """The snapshot as the page hands it to Pyodide: unpacked, its static data XORed back."""
    config = _config(site)
    packed = (site / config["snapshot"]["url"]).read_bytes()
    wasm = (site / config["runtime"] / "pyodide.asm.wasm").read_bytes()
    return unpacked(packed, config["snapshot"], wasm)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    return two_clean_builds(tmp_path_factory.mktemp("reproducible"))


def test_two_clean_builds_with_separate_caches_are_byte_identical(
    builds: tuple[Build, Build],
) -> None:
    first, second = builds
    # each copy made its own snapshot in its own cache: nothing was shared
    for build in builds:
        made = list((build.clone / ".cache" / "annotated-law" / "snapshots").glob("*.snapshot.gz"))
        assert len(made) == 1, build.clone
    assert first.clone.resolve() != second.clone.resolve()
    assert len(file_hashes(first.site)) > 300  # the whole site, not an empty tree
    differ = differences(first.site, second.site)
    assert not differ, f"{len(differ)} file(s) of site/ differ between two clean builds:\n" + (
        "\n".join(differ[:60])
    )


def test_the_snapshot_gzip_header_holds_no_time_or_machine(builds: tuple[Build, Build]) -> None:
    data = snapshot_file(builds[0].site).read_bytes()
    # no FNAME/FEXTRA/FCOMMENT flags, mtime 0, XFL 2, OS 255 "unknown" (RFC 1952)
    assert data[:10] == GZIP_HEADER
    assert gzip.decompress(data)[:4] == (0x706E7300).to_bytes(4, "little")  # Pyodide's magic


RESTORE = r"""
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, snapshot] = process.argv.slice(2);
const indexURL = resolve(runtime) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.js").href);
const { default: createPyodideModule } = await import(pathToFileURL(indexURL + "pyodide.asm.js").href);
const pyodide = await loadPyodide({
  indexURL, createPyodideModule, _loadSnapshot: new Uint8Array(readFileSync(snapshot)),
});
console.log(pyodide.runPython(`
import json, os, sys, time
import law_calculators
json.dumps({
    "urandom": os.urandom(16).hex(),
    "time": time.time(),
    "hash_randomization": sys.flags.hash_randomization,
    "executable": sys.executable,
    "environ": dict(os.environ),
    "fine": law_calculators.run_json("fine", '{"article": 64}')[0],
})
`));
"""


def test_the_restored_snapshot_draws_fresh_entropy_and_names_no_build_folder(
    builds: tuple[Build, Build], tmp_path: Path
) -> None:
    """The fixed entropy and clocks of the snapshot's making do not outlive it: a restored
    runtime gets new random bytes on every start and the real time, and holds no path of the
    machine that built it."""
    node = shutil.which("node")
    assert node, "Node.js is needed to restore the snapshot"
    build = builds[0]
    script = tmp_path / "restore.mjs"
    script.write_text(RESTORE, encoding="utf-8")
    # the staged runtime (the files the site ships, plus a package.json making them ES modules)
    (stage,) = (build.clone / ".cache" / "annotated-law").glob("pyodide-*")
    raw = tmp_path / "snapshot.raw"
    raw.write_bytes(restorable_snapshot(build.site))
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [node, str(script), str(stage), str(raw)],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first, second = runs
    assert first["fine"] == 0
    assert first["urandom"] != second["urandom"]
    assert abs(first["time"] - time.time()) < 600  # the clock is live, not the 1980 of the build
    assert first["hash_randomization"] == 0  # PYTHONHASHSEED=0: fixed, as made
    held = json.dumps([first["executable"], first["environ"]])
    for folder in (build.clone, ROOT):
        assert str(folder) not in held, f"the snapshot holds the build folder {folder}"
    assert first["environ"]["_"] == "./this.program"


def _imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.add("?dynamic")
    return names


def test_the_calculators_do_not_use_the_random_module() -> None:
    """`random` is imported at Pyodide's boot, seeded during the snapshot's making, and not
    re-seeded when the snapshot is restored: random.random() gives every reader the same
    sequence. The calculators must not depend on it (make_snapshot.mjs says why this is safe)."""
    users = sorted(
        path.relative_to(PACKAGE_DIR).as_posix()
        for path in PACKAGE_DIR.rglob("*.py")
        if _imported_modules(path.read_text(encoding="utf-8")) & {"random", "_random", "?dynamic"}
    )
    assert users == [], f"these calculator modules import random (or import dynamically): {users}"
