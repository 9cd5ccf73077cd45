"""The gzipped Pyodide memory snapshot that lets the page skip initialising Python.

Made at build time by ``node/make_snapshot.mjs`` from the staged (= shipped) runtime files:
Pyodide is booted with ``_makeSnapshot``, the wheel is unpacked from Python (``loadPackage``
before a snapshot breaks it), ``law_calculators`` is imported, and ``makeMemorySnapshot()`` is
written out raw; this module gzips it. Making one takes a few seconds, so it is cached under the
build cache, keyed by the Pyodide version, the wheel's sha256 and the recipe (the maker script and
the gzip settings). The underscore options are a private Pyodide API: the version is pinned, and
the page falls back to a plain boot whenever the snapshot fails.

The snapshot is byte for byte repeatable: the maker fixes the hash seed, the entropy, the clocks,
the program name and the locale while it runs (its header says what each one changed and why that
is safe for the reader), and the gzip file is written here with a fixed header (no time, no file
name, OS "unknown") around a deflate stream from Python's zlib. (Node's gzipSync writes mtime 0
too, but the OS byte of its build and a deflate stream from its bundled Chromium fork of zlib:
for the same snapshot a different and larger stream.) Two builds from two clones with separate
caches therefore ship the same file under the same name; tests/site/test_reproducible.py checks.

The first megabytes of the heap are the wasm module's static data, which the wasm file carries
already (its active data segments, 1.5 MB of the gzipped snapshot) and which mostly has not
changed since instantiation. So those bytes are shipped XORed with what instantiation writes
there: mostly zeros, 65 kB gzipped. The page's worker XORs them back from the instance's memory
right after instantiation, before Pyodide copies the snapshot into the heap. A wasm module whose
initial memory cannot be read from its binary gets the snapshot as it is (``xor_bytes`` 0).

Most of the heap is zeros (12 of its 30 MiB are not, in 64 KiB blocks). Only the blocks that
are not are shipped, one after another (``spans``: where each run of them goes): the page writes
them into a zeroed buffer of the full size, so it unpacks 12 MB instead of 31 and keeps no second
copy while it assembles them.

A snapshot restores only into a heap at least as large as the one it was taken from, and the
page's runtime starts with the heap the wasm module declares (Pyodide 314: 480 pages, 30 MiB);
a larger one fails in V8 with "offset is out of bounds" (pyodide issue 6254). So the heap is
measured when the snapshot is made and a snapshot that would not fit is refused (HeapTooSmall):
the build then ships without one, and says so.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zopfli.zopfli as zopfli

from ..errors import VendorError
from .calculators_wheel import Wheel
from .wasm_binary import Segment, active_segments, initial_heap_bytes

MAKER = Path(__file__).parent / "node" / "make_snapshot.mjs"
TIMEOUT = 600  # seconds; making one takes about 5 s on a 2-core machine
LEVEL = 9
BLOCK = 65536  # the snapshot is shipped in blocks of this size, all-zero blocks left out
# 1f 8b: gzip; 08: deflate; flags 0 (no name, no comment); mtime 0; XFL 2 (best compression);
# OS 255 (unknown): nothing of the machine or the time of the build
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
# a changed maker or gzip recipe must not reuse a snapshot made the old way
RECIPE = hashlib.sha256(
    MAKER.read_bytes() + f"gzip-{LEVEL}-xor-initial-memory-spans-{BLOCK}".encode() + GZIP_HEADER
).hexdigest()[:8]


class HeapTooSmall(VendorError):
    """The snapshot needs more heap than the runtime starts with: it could not be restored."""


def check_heap(heap_bytes: int, initial: int) -> None:
    if heap_bytes > initial:
        raise HeapTooSmall(
            f"the memory snapshot needs a heap of {heap_bytes:,} bytes, but the runtime starts "
            f"with {initial:,}: it could not be restored in the browser (pyodide issue 6254)"
        )


@dataclass(frozen=True)
class Snapshot:
    path: Path
    file_name: str  # name in the site; carries the hash so caches never mix builds
    sha256: str  # of the gzipped file, as served
    size: int
    raw_size: int
    heap_bytes: int  # the heap it was taken from: at most the runtime's initial heap
    modules: tuple[str, ...]  # the modules it holds (imported before it was taken)
    heap_at: int  # where in the raw snapshot the heap begins (after Pyodide's header)
    xor_bytes: int  # that many bytes of heap are shipped XORed with the initial memory
    spans: tuple[tuple[int, int], ...]  # (offset, length) in the raw snapshot of what is shipped

    def restore_facts(self) -> dict[str, object]:
        """What the page needs to rebuild the raw snapshot from the shipped file (its config)."""
        return {
            "rawBytes": self.raw_size,
            "spans": [list(span) for span in self.spans],
            # these bytes from `at` on are XORed with the wasm's initial memory: the worker XORs
            # them back when the instance exists
            "xorInitialMemory": {"at": self.heap_at, "bytes": self.xor_bytes},
        }


def node_executable() -> str:
    node = os.environ.get("NODE") or shutil.which("node")
    if not node:
        raise VendorError(
            "Node.js (`node`) is needed to build the calculators' memory snapshot and was not "
            "found on PATH: install Node 20 or newer (or set NODE=/path/to/node), or set "
            "`snapshot: false` for the annotated-law plugin in mkdocs.yml to ship without one"
        )
    return node


def ensure_snapshot(
    stage: Path, wheel: Wheel, stdlib: Path, cache: Path, pyodide_version: str
) -> Snapshot:
    """The snapshot for this runtime, wheel and standard library, from the cache or made now.

    The standard library is the one the page boots with: a module imported after the restore is
    read from it at offsets the snapshot remembers (zipimport's table of contents)."""
    key = f"{pyodide_version}-{wheel.sha256[:16]}-{stdlib.stem[-12:]}-{RECIPE}"
    target = cache / f"law-calculators-{key}.snapshot.gz"
    facts = target.with_suffix(".json")
    wasm = (stage / "pyodide.asm.wasm").read_bytes()
    initial = initial_heap_bytes(wasm)
    if target.is_file() and facts.is_file():
        known = json.loads(facts.read_text(encoding="utf-8"))
        data = target.read_bytes()
        if hashlib.sha256(data).hexdigest() == known.get("sha256") and "spans" in known:
            check_heap(int(known["heap_bytes"]), initial)
            return _described(target, known)
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    raw_partial = target.with_name(target.name + ".raw.partial")
    try:
        out = run_node(
            MAKER,
            [stage, stage / wheel.path.name, raw_partial, stage / stdlib.name],
            "making the calculators' memory snapshot",
        )
    except VendorError:
        raw_partial.unlink(missing_ok=True)
        raise
    report = json.loads(out.strip().splitlines()[-1])
    raw = raw_partial.read_bytes()
    raw_partial.unlink()
    if len(raw) != report["raw_size"]:
        raise VendorError(
            f"the memory snapshot was cut short: {len(raw)} of {report['raw_size']} bytes written"
        )
    check_heap(int(report["heap_bytes"]), initial)
    heap_at = len(raw) - int(report["heap_bytes"])  # the snapshot is a header and the heap
    try:
        raw, xor_bytes = xor_initial_memory(raw, heap_at, active_segments(wasm))
    except VendorError:
        xor_bytes = 0  # shipped as it is: the page then has nothing to XOR back
    spans = nonzero_spans(raw)
    data = gzip_fixed(b"".join(raw[at : at + length] for at, length in spans))
    partial.write_bytes(data)
    known = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "raw_size": len(raw),
        "heap_bytes": int(report["heap_bytes"]),
        "modules": report["modules"],
        "heap_at": heap_at,
        "xor_bytes": xor_bytes,
        "spans": spans,
    }
    partial.replace(target)
    facts.write_text(json.dumps(known), encoding="utf-8")
    for old in cache.glob("law-calculators-*.snapshot.*"):
        if not old.name.startswith(target.name.removesuffix(".gz")):
            old.unlink(missing_ok=True)
    return _described(target, known)


def run_node(script: Path, args: list[Path], what: str) -> str:
    """Run one of the node/ scripts; its standard output, or VendorError saying what failed."""
    try:
        done = subprocess.run(
            [node_executable(), str(script), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        raise VendorError(f"{what} took over {TIMEOUT} s and was stopped") from None
    except OSError as exc:
        raise VendorError(f"could not run Node.js for {what}: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-12:]
        raise VendorError(f"{what} in Node.js failed:\n    " + "\n    ".join(detail))
    return done.stdout


def xor_initial_memory(raw: bytes, heap_at: int, segments: list[Segment]) -> tuple[bytes, int]:
    """The snapshot with the start of its heap XORed with the module's initial memory, and how
    many bytes of heap that covers. Applied twice it gives the snapshot back."""
    out = bytearray(raw)
    covered = 0
    for segment in segments:
        at, length = heap_at + segment.offset, len(segment.data)
        if segment.offset < 0 or at + length > len(out):
            raise VendorError("a data segment of the wasm module lies outside the snapshot's heap")
        mixed = int.from_bytes(out[at : at + length], "little") ^ int.from_bytes(
            segment.data, "little"
        )
        out[at : at + length] = mixed.to_bytes(length, "little")
        covered = max(covered, segment.offset + length)
    return bytes(out), -(-covered // 4) * 4  # whole 32-bit words, as the page XORs them


def nonzero_spans(raw: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each run of BLOCK-sized blocks of raw that are not all zeros."""
    zero = bytes(BLOCK)
    spans: list[tuple[int, int]] = []
    for at in range(0, len(raw), BLOCK):
        block = raw[at : at + BLOCK]
        if block == zero[: len(block)]:
            continue
        if spans and sum(spans[-1]) == at:
            spans[-1] = (spans[-1][0], spans[-1][1] + len(block))
        else:
            spans.append((at, len(block)))
    return spans


def unpacked(packed: bytes, facts: dict[str, Any], wasm: bytes) -> bytes:
    """The raw snapshot Pyodide restores, from the shipped file and the facts the page is given
    (Snapshot.restore_facts, in its configuration): what the page does."""
    shipped = gzip.decompress(packed)
    spans = facts["spans"]
    if sum(n for _, n in spans) != len(shipped) or (spans and sum(spans[-1]) > facts["rawBytes"]):
        raise VendorError("the memory snapshot does not match its spans")
    raw = bytearray(facts["rawBytes"])
    taken = 0
    for at, length in spans:
        raw[at : at + length] = shipped[taken : taken + length]
        taken += length
    xor = facts["xorInitialMemory"]
    if not xor["bytes"]:
        return bytes(raw)
    return xor_initial_memory(bytes(raw), xor["at"], active_segments(wasm))[0]


def gzip_fixed(data: bytes, *, thorough: bool = False) -> bytes:
    """gzip (RFC 1952) with a fixed header: the same data always gives the same bytes.

    thorough: the deflate stream from Zopfli (one iteration), 3 % smaller than zlib's best and
    about 60 times slower: for files made once per Pyodide release (the wasm: 114 kB fewer, 13 s)."""
    if thorough:
        zlib_stream = zopfli.compress(data, numiterations=1, gzip_mode=0)
        body = zlib_stream[2:-4]  # the raw deflate stream: no zlib header, no Adler-32
    else:
        deflate = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = deflate.compress(data) + deflate.flush()
    return GZIP_HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def _described(path: Path, known: dict[str, object]) -> Snapshot:
    sha256 = str(known["sha256"])
    return Snapshot(
        path=path,
        file_name=f"law-calculators-{sha256[:12]}.snapshot.gz",
        sha256=sha256,
        size=path.stat().st_size,
        raw_size=int(known["raw_size"]),  # type: ignore[call-overload]
        heap_bytes=int(known["heap_bytes"]),  # type: ignore[call-overload]
        modules=tuple(known["modules"]),  # type: ignore[arg-type]
        heap_at=int(known["heap_at"]),  # type: ignore[call-overload]
        xor_bytes=int(known["xor_bytes"]),  # type: ignore[call-overload]
        spans=tuple((int(at), int(length)) for at, length in known["spans"]),  # type: ignore[attr-defined]
    )
