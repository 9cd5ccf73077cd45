"""The gzipped Pyodide memory snapshot that lets the page skip initialising Python.

Made at build time by ``node/make_snapshot.mjs`` from the staged (= shipped) runtime files:
Pyodide is booted with ``_makeSnapshot``, the wheel is unpacked from Python (``loadPackage``
before a snapshot breaks it), ``csl_calculators`` is imported, and ``makeMemorySnapshot()`` is
gzipped. Making one takes a few seconds, so it is cached under the build cache, keyed by the
Pyodide version and the wheel's sha256. The underscore options are a private Pyodide API: the
version is pinned, and the page falls back to a plain boot whenever the snapshot fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .calculators_wheel import Wheel
from .errors import VendorError

MAKER = Path(__file__).parent / "node" / "make_snapshot.mjs"
TIMEOUT = 600  # seconds; making one takes about 5 s on a 2-core machine


@dataclass(frozen=True)
class Snapshot:
    path: Path
    file_name: str  # name in the site; carries the hash so caches never mix builds
    sha256: str  # of the gzipped file, as served
    size: int
    raw_size: int


def node_executable() -> str:
    node = os.environ.get("NODE") or shutil.which("node")
    if not node:
        raise VendorError(
            "Node.js (`node`) is needed to build the calculators' memory snapshot and was not "
            "found on PATH: install Node 20 or newer (or set NODE=/path/to/node), or set "
            "`snapshot: false` for the annotated-law plugin in mkdocs.yml to ship without one"
        )
    return node


def ensure_snapshot(stage: Path, wheel: Wheel, cache: Path, pyodide_version: str) -> Snapshot:
    """The snapshot for this runtime and wheel, from the cache or made now."""
    key = f"{pyodide_version}-{wheel.sha256[:16]}"
    target = cache / f"csl-calculators-{key}.snapshot.gz"
    facts = target.with_suffix(".json")
    if target.is_file() and facts.is_file():
        known = json.loads(facts.read_text(encoding="utf-8"))
        data = target.read_bytes()
        if hashlib.sha256(data).hexdigest() == known.get("sha256"):
            return _described(target, known)
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        done = subprocess.run(
            [node_executable(), str(MAKER), str(stage), str(stage / wheel.path.name), str(partial)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise VendorError(
            f"making the memory snapshot took over {TIMEOUT} s and was stopped"
        ) from None
    except OSError as exc:
        raise VendorError(f"could not run Node.js to make the memory snapshot: {exc}") from None
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        detail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        raise VendorError(
            "making the calculators' memory snapshot in Node.js failed:\n    "
            + "\n    ".join(detail)
        )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    data = partial.read_bytes()
    known = {"sha256": hashlib.sha256(data).hexdigest(), "raw_size": report["raw_size"]}
    partial.replace(target)
    facts.write_text(json.dumps(known), encoding="utf-8")
    for old in cache.glob("csl-calculators-*.snapshot.*"):
        if not old.name.startswith(target.name.removesuffix(".gz")):
            old.unlink(missing_ok=True)
    return _described(target, known)


def _described(path: Path, known: dict[str, object]) -> Snapshot:
    sha256 = str(known["sha256"])
    return Snapshot(
        path=path,
        file_name=f"csl-calculators-{sha256[:12]}.snapshot.gz",
        sha256=sha256,
        size=path.stat().st_size,
        raw_size=int(known["raw_size"]),  # type: ignore[call-overload]
    )
