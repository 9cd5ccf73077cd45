// Run pytest inside Pyodide on Node, from the staged runtime the site ships:
//   node run_pytest.mjs <runtime folder> <project folder> <wheels folder> [pytest args...]
// The calculators are loaded by name through the site's own pyodide-lock.json (integrity
// checked); pytest and its pure dependencies from local wheel files. Exit status = pytest's.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [runtime, project, wheels, ...args] = process.argv.slice(2);
const indexURL = resolve(runtime) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.js").href);
const { default: createPyodideModule } = await import(pathToFileURL(indexURL + "pyodide.asm.js").href);
const pyodide = await loadPyodide({ indexURL, createPyodideModule });

async function load(names) {
  const errors = [];
  // loadPackage resolves even when a package fails: collect the errors and check what loaded
  const loaded = await pyodide.loadPackage(names, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  if (errors.length || loaded.length < names.length) {
    console.error(`loading ${names.join(", ")} failed:\n${errors.join("\n")}`);
    process.exit(3);
  }
}
await load(["law-calculators"]);
const local = readdirSync(wheels).filter((f) => f.endsWith(".whl")).map((f) => resolve(wheels, f));
await load(local);

// the checkout at /proj and the shared texts beside it at /shared, as on disk; mountNodeFS
// needs real folders, and ../shared may be a symbolic link
pyodide.FS.mkdirTree("/proj");
pyodide.mountNodeFS("/proj", realpathSync(resolve(project)));
if (existsSync(resolve(project, "..", "shared"))) {
  pyodide.FS.mkdirTree("/shared");
  pyodide.mountNodeFS("/shared", realpathSync(resolve(project, "..", "shared")));
}
pyodide.globals.set("pytest_args", pyodide.toPy(args));
const status = await pyodide.runPythonAsync(`
import os, sys
os.chdir("/proj")
sys.path.insert(0, "/proj")
import law_calculators
# the package must come from the wheel in the lock, not from the mounted checkout
assert law_calculators.__file__.startswith(sys.prefix) or "site-packages" in law_calculators.__file__, law_calculators.__file__
print("law_calculators from", law_calculators.__file__, "on", sys.platform, sys.version.split()[0])
import pytest
int(pytest.main(list(pytest_args)))
`);
process.exit(status);
