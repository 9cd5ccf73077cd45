// Make the calculators' Pyodide memory snapshot from the staged runtime files (the very files
// the site ships): node make_snapshot.mjs <runtime folder> <wheel> <output> <standard library zip>
// (the trimmed standard library the page boots with: see pyodide_stdlib.py). Writes the raw
// (uncompressed) snapshot to <output>; pyodide_snapshot.py gzips it.
// Prints one JSON line {"raw_size": N, "heap_bytes": N, "modules": [...], "ms": N, "fixed": {...}}
// on success (heap_bytes: the wasm heap when the snapshot was taken; modules: those it holds;
// fixed: how often the fixed entropy and clocks below were read); exits 1 with a message.
//
// What a snapshot keeps (measured with pyodide 314.0.7): imported modules and Python globals.
// What it loses: files in the in-memory file system. So the wheel is written with FS.writeFile
// and unpacked from Python (loadPackage before makeMemorySnapshot fails with "Unexpected hiwire
// entry"), and law_calculators is imported, which imports every submodule and reads its data.
// Docstrings are then dropped (see below).
//
// The snapshot is the whole wasm heap, so it is byte for byte repeatable only if everything that
// reaches the heap is. What did not, measured by making two snapshots and comparing them:
//   - str/bytes hash secret (from entropy), and with it the layout of every dict and set:
//     PYTHONHASHSEED=0 in the environment given to Python;
//   - the Mersenne Twister state of `random` (imported at boot, with tempfile; seeded from
//     entropy), and anything else drawn from entropy: the entropy functions return a fixed
//     stream while the snapshot is made;
//   - a ChaCha20 generator state (by its layout mimalloc's, built into CPython) that follows the
//     monotonic clock, and timestamps kept by Python (stat results and directory mtimes cached by
//     importlib): the clocks read a fixed, evenly advancing time while the snapshot is made;
//   - the program name: Emscripten takes it from process.argv[1] (this script's absolute path, so
//     it differs between clones), and it reaches sys.executable and os.environ["_"]; argv is cut
//     to the node binary so it is "./this.program", as in a browser.
// As a precaution (not seen to differ with Node 20): Emscripten derives LANG from
// navigator.language, which Node 21+ has, so LANG is pinned to C.UTF-8, what Node 20 gives.
// Why the fixed entropy is safe for the reader: the stubs exist only in this Node process while
// the snapshot is made (JS functions are not part of the wasm heap) and are put back before it is
// written. In the browser, os.urandom, secrets, uuid.uuid4 and random.SystemRandom draw from the
// browser's crypto.getRandomValues at the moment they are called, and the clocks are live. What stays fixed
// is state seeded once at boot: the hash secret (hash randomisation is off: a defence against
// hash flooding of a server, not needed for a reader's own input in their own browser) and the
// Mersenne Twister of `random`, which the restored runtime does not re-seed, so random.random()
// repeats the same sequence for every reader. Without this script's fixed stream that state was
// still the same for every reader of one build and public (it is in the downloadable file). The
// calculators do not use `random` (tests/site/test_reproducible.py checks their sources); code
// that needs unpredictable numbers after a restore must use secrets or call random.seed() first.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, wheel, output, stdlib] = process.argv.slice(2);
if (!stdlib) {
  console.error("usage: node make_snapshot.mjs <runtime folder> <wheel> <output> <stdlib zip>");
  process.exit(2);
}
const started = performance.now();
process.argv.length = 1; // Emscripten's program name: "./this.program", not this script's path

// the environment Python boots with; Pyodide adds HOME=/home/pyodide and PYTHONINSPECT=1, and
// Emscripten USER, LOGNAME, PATH, PWD and "_" (all constants once argv is cut)
const ENV = { PYTHONHASHSEED: "0", LANG: "C.UTF-8" };
const EPOCH_MS = Date.UTC(1980, 0, 1); // the wheel's zip entries carry the same time

// A fixed world for the time the snapshot is made; returns the function that undoes it.
function fixTheWorld() {
  const originals = [
    [nodeCrypto, "randomFillSync"], // what Emscripten's getentropy/random_get use in Node
    [globalThis.crypto, "getRandomValues"], // what they use in a browser, in case
    [Math, "random"], // emscripten_random()
    [Date, "now"], // CLOCK_REALTIME, file times in MEMFS
    [performance, "now"], // CLOCK_MONOTONIC, emscripten_get_now()
  ]
    .filter(([owner]) => owner)
    .map(([owner, name]) => [owner, name, Object.getOwnPropertyDescriptor(owner, name)]);
  let block = 0;
  const fill = (view) => {
    // SHA-256 in counter mode over a fixed label: a fixed stream that still looks random
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let at = 0; at < bytes.length; at += 32) {
      const digest = nodeCrypto
        .createHash("sha256")
        .update(`csl-snapshot-entropy:${block++}`)
        .digest();
      bytes.set(digest.subarray(0, Math.min(32, bytes.length - at)), at);
    }
    return view;
  };
  let draws = 0;
  let wallTicks = 0; // each reading advances a clock by 1 ms: fixed, yet time never stands still
  let monotonicTicks = 0;
  const set = (owner, name, value) =>
    Object.defineProperty(owner, name, { value, configurable: true, writable: true });
  set(nodeCrypto, "randomFillSync", fill);
  if (globalThis.crypto) set(globalThis.crypto, "getRandomValues", fill);
  set(Math, "random", () => {
    const [word] = new Uint32Array(fill(new Uint32Array(1)).buffer);
    draws++;
    return word / 2 ** 32;
  });
  set(Date, "now", () => EPOCH_MS + ++wallTicks);
  set(performance, "now", () => ++monotonicTicks);
  return () => {
    for (const [owner, name, descriptor] of originals) {
      if (descriptor) Object.defineProperty(owner, name, descriptor);
      else delete owner[name];
    }
    return {
      entropyBlocks: block,
      mathRandom: draws,
      dateNow: wallTicks,
      performanceNow: monotonicTicks,
    };
  };
}

// Memory that malloc has freed still holds what was last written there (the unpacked wheel, parse
// buffers, ...), and the snapshot carries it all: zeroed, the gzipped snapshot is 1.2 MB smaller
// (measured: 7.30 -> 6.09 MB). Every free block is taken with malloc under a footprint limit of
// the current heap (so nothing grows it), filled with zeros and freed again; malloc keeps only its
// own bookkeeping in free blocks, so this changes nothing any program can read.
function zeroFreeMemory(module) {
  const limit = module._malloc_footprint_limit();
  module._malloc_set_footprint_limit(module._malloc_footprint());
  const taken = [];
  try {
    for (let size = 1 << 24; size >= 8; ) {
      const block = module._malloc(size);
      if (!block) {
        size >>= 1;
        continue;
      }
      module.HEAPU8.fill(0, block, block + size);
      taken.push(block);
    }
  } finally {
    for (const block of taken.reverse()) module._free(block);
    module._malloc_set_footprint_limit(limit);
  }
}

const undo = fixTheWorld();
let raw;
let heapBytes;
let modules; // the names of the modules the snapshot holds
try {
  const indexURL = resolve(runtime) + "/";
  const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.js").href);
  const { default: createPyodideModule } = await import(pathToFileURL(indexURL + "pyodide.asm.js").href);
  const pyodide = await loadPyodide({
    indexURL,
    createPyodideModule,
    stdLibURL: resolve(stdlib),
    _makeSnapshot: true,
    env: { ...ENV },
    stdout: () => {},
    stderr: (line) => console.error(line),
  });
  pyodide.FS.writeFile("/tmp/law_calculators.whl", new Uint8Array(readFileSync(wheel)));
  pyodide.runPython(`
import gc, importlib, os, site, sys, zipfile
assert sys.flags.hash_randomization == 0, "PYTHONHASHSEED did not reach Python"
with zipfile.ZipFile("/tmp/law_calculators.whl") as wheel:
    wheel.extractall(site.getsitepackages()[0])
os.remove("/tmp/law_calculators.whl")
# the import system caches directory listings by mtime: new files must not depend on the clock
importlib.invalidate_caches()
import law_calculators
assert law_calculators.run_json("fine", '{"article": 64}')[0] == 0
# what is imported now lives in the snapshot; the page gives the snapshot a library of only the
# modules imported later (pyodide_stdlib.py), so the boot library's table of contents is
# forgotten here and the page's library is read afresh on the first import after the restore
import zipimport
zipimport._zip_directory_cache.clear()
for entry in [p for p in sys.path_importer_cache if p.endswith(".zip")]:
    del sys.path_importer_cache[entry]
# Docstrings are dropped, as python -OO drops them (asserts are kept): nothing in the page reads
# them, and they are 300 kB of the gzipped snapshot. A function's docstring is the first constant
# of its code; it is kept where the bytecode also loads that constant (a string used twice).
import dis, inspect, types
def without_docstrings(code):
    consts = tuple(without_docstrings(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    if code.co_flags & inspect.CO_HAS_DOCSTRING and not any(
        i.opcode in dis.hasconst and i.arg == 0 for i in dis.get_instructions(code)
    ):
        consts = (None, *consts[1:])
    return code.replace(co_consts=consts) if consts != code.co_consts else code
for thing in gc.get_objects():
    if isinstance(thing, types.FunctionType):
        thing.__code__ = without_docstrings(thing.__code__)
        thing.__doc__ = None
    elif isinstance(thing, type) and isinstance(vars(thing).get("__doc__"), str):
        try:
            thing.__doc__ = None
        except (TypeError, AttributeError):
            pass  # a built-in type's docstring is in the wasm's static data, not the heap
for module in list(sys.modules.values()):
    if isinstance(module, types.ModuleType) and isinstance(module.__doc__, str):
        module.__doc__ = None
gc.collect()
`);
  modules = pyodide.runPython("import sys, json; json.dumps(sorted(sys.modules))");
  zeroFreeMemory(pyodide._module);
  raw = pyodide.makeMemorySnapshot();
  heapBytes = pyodide._module.HEAP8.buffer.byteLength; // the heap a restore must fit in
} catch (error) {
  undo();
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
}
const fixed = undo();
writeFileSync(output, raw);
console.log(
  JSON.stringify({
    raw_size: raw.length,
    heap_bytes: heapBytes,
    modules: JSON.parse(modules),
    ms: Math.round(performance.now() - started),
    fixed,
  }),
);
