// Which files of the standard library the calculators use, or whether a trimmed one suffices:
//   node trace_stdlib.mjs <runtime folder> <standard library zip> <wheel> <requests.json> [snapshot]
// Boots Pyodide on the given standard library (stdLibURL), loads the wheel by name through the
// runtime folder's pyodide-lock.json (the page's plain boot), unpacks it with zipfile (what
// make_snapshot.mjs does), then runs every [command, input text] of requests.json through
// law_calculators.run_json. With a raw memory snapshot, restores it instead (the page's snapshot
// boot) and runs the requests. Prints one JSON line:
//   {"modules": {module: its file in the zip, for every module then loaded from the zip},
//    "answers": sha256 of the answers}
// Exits 1 with a message when Pyodide or the package cannot be loaded.
import nodeCrypto from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, stdlib, wheel, requestsFile, snapshot] = process.argv.slice(2);
if (!requestsFile) {
  console.error("usage: node trace_stdlib.mjs <runtime folder> <stdlib zip> <wheel> <requests.json>");
  process.exit(2);
}
try {
  const indexURL = resolve(runtime) + "/";
  const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.js").href);
  const { default: createPyodideModule } = await import(pathToFileURL(indexURL + "pyodide.asm.js").href);
  const options = {
    indexURL,
    createPyodideModule,
    stdLibURL: resolve(stdlib),
    stdout: () => {},
    stderr: (line) => console.error(line),
  };
  if (snapshot) options._loadSnapshot = new Uint8Array(readFileSync(snapshot));
  const pyodide = await loadPyodide(options);
  if (!snapshot) {
    const errors = [];
    await pyodide.loadPackage("law-calculators", {
      messageCallback: () => {},
      errorCallback: (message) => errors.push(message),
    });
    if (errors.length) throw new Error(errors.join("\n"));
    pyodide.FS.writeFile("/tmp/law_calculators.whl", new Uint8Array(readFileSync(wheel)));
  }
  pyodide.globals.set("requests_json", readFileSync(requestsFile, "utf-8"));
  pyodide.globals.set("unpack", !snapshot);
  const [modules, answers] = pyodide
    .runPython(
      `
import json, sys
if unpack:
    import gc, importlib, os, site, zipfile
    with zipfile.ZipFile("/tmp/law_calculators.whl") as unpacked:
        unpacked.extractall("/tmp/unpacked")
from law_calculators import run_json
answers = [run_json(command, text) for command, text in json.loads(requests_json)]
prefix = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
modules = {
    name: module.__file__.removeprefix(prefix)
    for name, module in sorted(sys.modules.items())
    if isinstance(getattr(module, "__file__", None), str) and module.__file__.startswith(prefix)
}
json.dumps(modules), json.dumps(answers, ensure_ascii=False)
`,
    )
    .toJs();
  const digest = nodeCrypto.createHash("sha256").update(answers).digest("hex");
  console.log(JSON.stringify({ modules: JSON.parse(modules), answers: digest }));
} catch (error) {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
}
