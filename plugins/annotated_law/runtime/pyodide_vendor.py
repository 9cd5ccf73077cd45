"""Vendoring the pinned npm ``pyodide`` release and the calculators' wheel into the site.

Everything the in-page calculators load comes from the site itself, under one versioned folder
``assets/pyodide/<version>/``:

- the runtime: ``pyodide.js`` and ``pyodide.asm.js`` (the release's ``.mjs`` ES modules under
  ``.js`` names, because stock nginx serves ``.mjs`` as application/octet-stream and browsers
  refuse such a module script), ``pyodide.asm.wasm`` and ``python_stdlib.zip``;
- ``pyodide.asm.wasm.gz``, the wasm gzipped (3.5 MB instead of 9.6 MB): stock hosts compress
  only HTML, so the worker fetches this and unpacks it itself, the plain wasm being the fallback;
- the site's own ``pyodide-lock.json``, holding the calculators' wheel with its sha256 (written
  with pyodide-lock's API), so the page loads the package by name with integrity checking;
- the wheel, and the gzipped memory snapshot (see ``pyodide_snapshot``).

The files are first staged in a cache folder that mirrors that site folder exactly; the memory
snapshot and the in-Pyodide tests run from the staged copy, i.e. from the files the site ships.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..errors import VendorError
from ..rendering.calculator_widgets import forms_data
from .calculators_wheel import Wheel, build_wheel
from .pyodide_snapshot import HeapTooSmall, Snapshot, ensure_snapshot, gzip_fixed
from .pyodide_stdlib import FULL, ensure_for_snapshot, ensure_trimmed, keep_only

# npm file name -> name in the site (ES modules under .js names: see the module docstring)
RUNTIME_FILES = {
    "pyodide.mjs": "pyodide.js",
    "pyodide.asm.mjs": "pyodide.asm.js",
    "pyodide.asm.wasm": "pyodide.asm.wasm",
    "python_stdlib.zip": "python_stdlib.zip",
}
# fetched gzipped by the worker (site name -> its .gz beside it)
PACKED = {"pyodide.asm.wasm": "pyodide.asm.wasm.gz"}
LOCK = "pyodide-lock.json"
PACKAGE = "law-calculators"  # the lock entry's name, which loadPackage takes


@dataclass(frozen=True)
class Release:
    version: str
    folder: Path


@dataclass(frozen=True)
class Runtime:
    """What the site gets: files to copy, generated text, and the page configuration."""

    release: Release
    stage: Path
    wheel: Wheel
    snapshot: Snapshot | None
    files: dict[str, Path] = field(default_factory=dict)  # site path -> file to copy
    generated: dict[str, str] = field(default_factory=dict)  # site path -> content
    config_script: str = ""  # site path of the generated configuration script
    results: str = ""  # site folder of the results computed at build time (calculator_presets)
    snapshot_refused: str = ""  # why no snapshot ships although one was asked for


def find_release(project_root: Path, npm_folder: Path) -> Release:
    """The npm pyodide release pinned exactly in package.json, installed in npm_folder."""
    manifest = project_root / "package.json"
    try:
        pinned = json.loads(manifest.read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    except (OSError, ValueError, KeyError, TypeError):
        raise VendorError(
            f"{manifest} must pin the npm package pyodide exactly, e.g. "
            '"dependencies": {"pyodide": "314.0.7"}'
        ) from None
    if not pinned[:1].isdigit():
        # the snapshot and the vendored files are only valid for one exact release
        raise VendorError(f"{manifest}: pin pyodide to an exact version, not {pinned!r}")
    installed = npm_folder / "package.json"
    try:
        version = json.loads(installed.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise VendorError(
            f"the npm package pyodide {pinned} is not installed at {npm_folder}: "
            "run `npm ci` (or `make setup`) in the project folder"
        ) from None
    if version != pinned:
        raise VendorError(
            f"{npm_folder} holds pyodide {version} but package.json pins {pinned}: run `npm ci`"
        )
    missing = [name for name in (*RUNTIME_FILES, LOCK) if not (npm_folder / name).is_file()]
    if missing:
        raise VendorError(
            f"the pyodide {version} package at {npm_folder} lacks {', '.join(missing)}: "
            "run `npm ci` to reinstall it"
        )
    return Release(version, npm_folder)


def _copy_if_changed(source: Path, target: Path) -> None:
    # same size and copied after the source last changed: already there
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and target.stat().st_mtime_ns >= source.stat().st_mtime_ns
    ):
        return
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    partial.replace(target)


PACKING = "zopfli-1"  # how the runtime files are packed; a new way must not reuse old files


def _gzip_if_changed(source: Path, target: Path) -> None:
    # written after the source last changed, the same way: already made from it (gzip_fixed is
    # repeatable); the runtime changes only with the Pyodide release, so it is packed thoroughly
    recipe = target.with_name(target.name + ".recipe")
    if (
        target.exists()
        and target.stat().st_mtime_ns >= source.stat().st_mtime_ns
        and recipe.is_file()
        and recipe.read_text(encoding="utf-8") == PACKING
    ):
        return
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(gzip_fixed(source.read_bytes(), thorough=True))
    partial.replace(target)
    recipe.write_text(PACKING, encoding="utf-8")


def site_lock(npm_lock: Path, wheel: Path) -> str:
    """The site's pyodide-lock.json: the release's lock info plus the calculators' wheel.

    The npm release ships none of the 350-odd packages its lock lists, so their entries are left
    out: the page would only ever get 404s for them, and the lock shrinks from 119 kB to 1 kB."""
    try:
        from pyodide_lock import PyodideLockSpec
        from pyodide_lock.utils import add_wheels_to_spec
    except ImportError as exc:
        raise VendorError(
            f"pyodide-lock is needed to register the calculators' wheel ({exc}): "
            "run `make setup` (pip install -e '.[dev]')"
        ) from None
    spec = add_wheels_to_spec(PyodideLockSpec.from_json(npm_lock), [wheel])
    spec.packages = {PACKAGE: spec.packages[PACKAGE]}
    return json.dumps(spec.to_dict(), indent=1, sort_keys=True) + "\n"


def _lock_if_changed(npm_lock: Path, wheel: Wheel, target: Path) -> None:
    # made from this release's lock and this wheel by this pyodide-lock already: pyodide-lock
    # (0.08 s to import and run) is not needed
    try:
        tool = metadata.version("pyodide-lock")
    except metadata.PackageNotFoundError:  # site_lock says what to install
        tool = "none"
    lock = hashlib.sha256(npm_lock.read_bytes()).hexdigest()
    made_from = f"{lock} {wheel.sha256} pyodide-lock {tool}\n"
    recipe = target.with_name(target.name + ".recipe")
    if target.is_file() and recipe.is_file() and recipe.read_text(encoding="utf-8") == made_from:
        return
    target.write_text(site_lock(npm_lock, wheel.path), encoding="utf-8")
    recipe.write_text(made_from, encoding="utf-8")


def stage_runtime(release: Release, wheel: Wheel, stage: Path) -> None:
    """Mirror of assets/pyodide/<version>/ without the snapshot, in the cache folder."""
    stage.mkdir(parents=True, exist_ok=True)
    for npm_name, site_name in RUNTIME_FILES.items():
        _copy_if_changed(release.folder / npm_name, stage / site_name)
    for site_name, packed in PACKED.items():
        _gzip_if_changed(stage / site_name, stage / packed)
    for old in stage.glob("*.whl"):
        if old.name != wheel.path.name:
            old.unlink()
    _copy_if_changed(wheel.path, stage / wheel.path.name)
    _lock_if_changed(release.folder / LOCK, wheel, stage / LOCK)
    # lets Node import the .js copies as ES modules (the file is not copied into the site)
    (stage / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")


def prepare_runtime(
    project_root: Path, npm_folder: Path, cache: Path, *, snapshot: bool = True
) -> Runtime:
    """Build, stage and describe everything the in-page calculators need."""
    release = find_release(project_root, npm_folder)
    wheel = build_wheel(cache / "wheel")
    stage = cache / f"pyodide-{release.version}"
    stage_runtime(release, wheel, stage)
    # the trimmed standard libraries are made in Node, like the snapshot: without it, the full one
    stdlib, after_snapshot = stage / FULL, None
    made, refused = None, ""
    if snapshot:
        boot = ensure_trimmed(stage, wheel, cache / "stdlib", release.version)
        stdlib = boot.path
        try:
            made = ensure_snapshot(stage, wheel, stdlib, cache / "snapshots", release.version)
        except HeapTooSmall as exc:  # the page boots Python without it, as on any snapshot failure
            refused = str(exc)
        if made:
            after_snapshot = ensure_for_snapshot(stage, wheel, boot, made, cache / "stdlib").path
        keep_only(stage, stdlib, *([after_snapshot] if after_snapshot else []))

    base = f"assets/pyodide/{release.version}/"
    shipped = {*RUNTIME_FILES.values(), *PACKED.values(), stdlib.name, wheel.path.name}
    if after_snapshot:
        shipped.add(after_snapshot.name)
    files = {base + name: stage / name for name in sorted(shipped)}
    lock_text = (stage / LOCK).read_text(encoding="utf-8")
    generated = {base + LOCK: lock_text}
    if made:
        files[base + made.file_name] = made.path
    forms = json.dumps(forms_data(), ensure_ascii=False, separators=(",", ":"))
    build_id = hashlib.sha256(
        f"{release.version}\0{wheel.sha256}\0{made.sha256 if made else ''}\0{forms}".encode()
    ).hexdigest()[:12]
    forms_path = f"assets/calculators/forms.{build_id}.json"
    results = f"assets/calculators/results/{build_id}/"
    generated[forms_path] = forms
    config = {
        "pyodideVersion": release.version,
        "runtime": base,
        # the query string makes a changed lock a new URL for every HTTP cache
        "lock": f"{base}{LOCK}?v={hashlib.sha256(lock_text.encode()).hexdigest()[:12]}",
        "package": PACKAGE,
        "wheel": {"file": wheel.path.name, "sha256": wheel.sha256},
        "packedWasm": PACKED["pyodide.asm.wasm"],
        # the standard library the page boots with, and the full one if a module is missing
        "stdlib": stdlib.name,
        "fullStdlib": FULL,
        "snapshot": (
            {
                "url": base + made.file_name,
                "sha256": made.sha256,
                "bytes": made.size,
                "heapBytes": made.heap_bytes,
                **made.restore_facts(),  # how the worker rebuilds it (pyodide_snapshot.py)
                # the standard library a restored snapshot reads modules it does not hold from
                "stdlib": after_snapshot.name if after_snapshot else stdlib.name,
            }
            if made
            else None
        ),
        # bytes of the big runtime files, for the download progress the page shows
        "bytes": {
            name: (stage / name).stat().st_size
            for name in sorted(shipped | {*PACKED, FULL})
            if name.endswith((".wasm", ".gz", ".zip", ".whl"))
        },
        "forms": forms_path,
        "results": results,
        "worker": f"assets/javascripts/calculators-worker.js?v={build_id}",
        "build": build_id,
    }
    config_path = f"assets/javascripts/calculators-config.{build_id}.js"
    generated[config_path] = (
        "// Generated by the annotated-law plugin: where the in-page calculators find their files.\n"
        "// Paths are relative to the site root, found from this script's own URL, so the site\n"
        "// works under any sub-path.\n"
        "window.CSL_CALC_CONFIG = Object.assign("
        + json.dumps(config, indent=1)
        + ', {root: new URL("../../", document.currentScript.src).href});\n'
    )
    return Runtime(release, stage, wheel, made, files, generated, config_path, results, refused)
