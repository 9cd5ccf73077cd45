"""The Python standard library trimmed to what the calculators use.

Pyodide's python_stdlib.zip holds the whole library (614 files, 2.5 MB, already deflated, so a
host's compression does not shrink it). ``node/trace_stdlib.mjs`` lists, inside Pyodide on Node,
the files of the modules imported when Pyodide starts, loads the calculators' wheel and runs every
published test vector and a few malformed requests. Two copies are made from that list:

- the boot library: every traced file. The page's plain boot uses it, and so does the memory
  snapshot when it is made (``make_snapshot.mjs``);
- the snapshot's library: only the traced files of modules the snapshot has not imported yet
  (the snapshot already holds the others, and forgets the boot library's table of contents
  before it is taken, so it reads whatever library the page gives it afresh). Usually empty.

Each copy is checked: booted (or restored) on it, the calculators must give every answer the
full library gives, else the build stops. Should a request ever import a module neither copy
has, the page adds the full library (shipped beside them) and runs the request again
(calculators-worker.js).

The copies are repeatable: the entries keep the full library's order, names, times and
attributes, and are deflated by Python's zlib at a fixed level (the gzip of the memory snapshot
relies on the same). They are cached, keyed by what they are made from, and named by their
content, so that an HTTP cache never pairs one with another build's snapshot.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from law_calculators.datafiles import TEST_VECTORS

from ..errors import VendorError
from ..whole_file import written_whole
from .calculators_wheel import Wheel
from .pyodide_snapshot import Snapshot, run_node, unpacked

TRACER = Path(__file__).parent / "node" / "trace_stdlib.mjs"
FULL = "python_stdlib.zip"
LEVEL = 9
RECIPE = hashlib.sha256(TRACER.read_bytes() + f"deflate-{LEVEL}".encode()).hexdigest()[:8]
# requests no vector makes: the paths of refused input, so their imports are traced too
MALFORMED = [
    ("fine", "{"),
    ("fine", "[]"),
    ("fine", '{"article": "sixty-one"}'),
    ("fine", '{"article": 61, "article": 62}'),
    ("fine", '{"article": 61, "illegal_gains": 1e999}'),
    ("certification", '{"product": ""}'),
    ("unknown", "{}"),
]


@dataclass(frozen=True)
class Trimmed:
    path: Path  # in the stage, named python_stdlib-<sha256[:12]>.zip
    modules: dict[str, str]  # module -> its file in the zip, as traced
    answers: str  # sha256 of the calculators' answers on the full library


def requests() -> list[tuple[str, str]]:
    """Every test vector's request, then the malformed ones, as the page sends them (JSON text)."""
    found = [
        (v["command"], v["input_text"] if "input_text" in v else json.dumps(v["input"]))
        for v in TEST_VECTORS["vectors"]
    ]
    return found + MALFORMED


def _requests_file(cache: Path, asked: bytes) -> Path:
    """The requests as the tracer reads them (written only when a copy is made)."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "requests.json"
    path.write_bytes(asked)
    return path


def _asked() -> bytes:
    return json.dumps(requests(), ensure_ascii=False).encode()


def _trace(stage: Path, stdlib: Path, wheel: Wheel, asked: Path, *snapshot: Path) -> dict:
    out = run_node(
        TRACER,
        [stage, stdlib, stage / wheel.path.name, asked, *snapshot],
        f"tracing the standard library the calculators use ({stdlib.name})",
    )
    return json.loads(out.strip().splitlines()[-1])


def write_trimmed(full: Path, keep: set[str], target: Path) -> None:
    """The entries of `full` named in `keep`, in their order, deflated at a fixed level."""
    with (
        written_whole(target) as partial,
        zipfile.ZipFile(full) as source,
        zipfile.ZipFile(partial, "w") as trimmed,
    ):
        for entry in source.infolist():
            if entry.filename not in keep:
                continue
            copy = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
            copy.external_attr = entry.external_attr
            copy.compress_type = zipfile.ZIP_DEFLATED
            trimmed.writestr(copy, source.read(entry), compresslevel=LEVEL)


def _refuse(which: str, traced: dict, checked: dict) -> None:
    if checked["answers"] != traced["answers"]:
        missing = sorted(set(traced["modules"]) - set(checked["modules"]))
        raise VendorError(
            f"the {which} standard library does not give the calculators' answers of the full "
            f"one (modules not loaded: {', '.join(missing) or 'none'}); "
            "see plugins/annotated_law/runtime/pyodide_stdlib.py"
        )


def _staged(stage: Path, made: Path, facts: dict) -> Trimmed:
    """The cached copy under its content name in the stage."""
    target = stage / facts["name"]
    if not target.is_file():
        target.write_bytes(made.read_bytes())
    return Trimmed(target, facts["modules"], facts["answers"])


def _cached(made: Path) -> dict | None:
    facts = made.with_suffix(".json")
    if made.is_file() and facts.is_file():
        known = json.loads(facts.read_text(encoding="utf-8"))
        return known if "name" in known else None
    return None


def _store(candidate: Path, made: Path, facts: dict) -> dict:
    """Keep the checked copy in the cache, with its content name; the facts, as stored."""
    facts = {
        **facts,
        "name": f"python_stdlib-{hashlib.sha256(candidate.read_bytes()).hexdigest()[:12]}.zip",
    }
    candidate.replace(made)
    made.with_suffix(".json").write_text(json.dumps(facts, sort_keys=True), encoding="utf-8")
    return facts


def ensure_trimmed(stage: Path, wheel: Wheel, cache: Path, pyodide_version: str) -> Trimmed:
    """The boot library for this runtime and wheel, in the stage (cached)."""
    asked = _asked()
    key = f"{pyodide_version}-{wheel.sha256[:16]}-{hashlib.sha256(asked).hexdigest()[:8]}-{RECIPE}"
    made = cache / f"boot-{key}.zip"
    facts = _cached(made)
    if facts is None:
        requests_file = _requests_file(cache, asked)
        traced = _trace(stage, stage / FULL, wheel, requests_file)
        candidate = cache / "boot.partial.zip"
        write_trimmed(stage / FULL, set(traced["modules"].values()), candidate)
        _refuse("trimmed", traced, _trace(stage, candidate, wheel, requests_file))
        for old in cache.glob("boot-*"):
            old.unlink()
        facts = _store(candidate, made, traced)
    return _staged(stage, made, facts)


def ensure_for_snapshot(
    stage: Path, wheel: Wheel, boot: Trimmed, snapshot: Snapshot, cache: Path
) -> Trimmed:
    """The snapshot's library: the traced modules the snapshot does not hold (cached)."""
    made = cache / f"snapshot-{snapshot.sha256[:16]}-{RECIPE}.zip"
    facts = _cached(made)
    if facts is None:
        held = set(snapshot.modules)
        later = {name: file for name, file in boot.modules.items() if name not in held}
        candidate = cache / "snapshot.partial.zip"
        write_trimmed(stage / FULL, set(later.values()), candidate)
        raw = cache / "snapshot.partial.raw"
        wasm = (stage / "pyodide.asm.wasm").read_bytes()
        raw.write_bytes(unpacked(snapshot.path.read_bytes(), snapshot.restore_facts(), wasm))
        try:
            checked = _trace(stage, candidate, wheel, _requests_file(cache, _asked()), raw)
        finally:
            raw.unlink()
        _refuse("snapshot's", {"answers": boot.answers, "modules": later}, checked)
        for old in cache.glob("snapshot-*"):
            old.unlink()
        facts = _store(candidate, made, {"modules": later, "answers": boot.answers})
    return _staged(stage, made, facts)


def keep_only(stage: Path, *shipped: Path) -> None:
    """Remove the stage's copies of earlier builds."""
    names = {path.name for path in shipped}
    for old in stage.glob("python_stdlib-*.zip"):
        if old.name not in names:
            old.unlink()
