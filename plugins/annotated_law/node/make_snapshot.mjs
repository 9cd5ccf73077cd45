// Make the calculators' Pyodide memory snapshot from the staged runtime files (the very files
// the site ships): node make_snapshot.mjs <runtime folder> <wheel> <output .gz>
// Prints one JSON line {"raw_size": N, "size": N, "ms": N} on success; exits 1 with a message.
//
// What a snapshot keeps (measured with pyodide 314.0.7): imported modules and Python globals.
// What it loses: files in the in-memory file system. So the wheel is written with FS.writeFile
// and unpacked from Python (loadPackage before makeMemorySnapshot fails with "Unexpected hiwire
// entry"), and csl_calculators is imported, which imports every submodule and reads its data.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const [runtime, wheel, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: node make_snapshot.mjs <runtime folder> <wheel> <output .gz>");
  process.exit(2);
}
const started = Date.now();
try {
  const indexURL = resolve(runtime) + "/";
  const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.js").href);
  const { default: createPyodideModule } = await import(pathToFileURL(indexURL + "pyodide.asm.js").href);
  const pyodide = await loadPyodide({
    indexURL,
    createPyodideModule,
    _makeSnapshot: true,
    stdout: () => {},
    stderr: (line) => console.error(line),
  });
  pyodide.FS.writeFile("/tmp/csl_calculators.whl", new Uint8Array(readFileSync(wheel)));
  pyodide.runPython(`
import gc, os, site, zipfile
with zipfile.ZipFile("/tmp/csl_calculators.whl") as wheel:
    wheel.extractall(site.getsitepackages()[0])
os.remove("/tmp/csl_calculators.whl")
import csl_calculators
assert csl_calculators.run_json("fine", '{"article": 64}')[0] == 0
gc.collect()
`);
  const raw = pyodide.makeMemorySnapshot();
  const gz = gzipSync(raw, { level: 9 });
  writeFileSync(output, gz);
  console.log(JSON.stringify({ raw_size: raw.length, size: gz.length, ms: Date.now() - started }));
} catch (error) {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
}
