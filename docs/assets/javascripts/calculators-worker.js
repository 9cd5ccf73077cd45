// The calculators' Python, in one module Web Worker per tab (started by calculators.js).
//
// Boot: from the gzipped memory snapshot made at build time (Python already initialised and
// law_calculators imported), else a plain boot plus loadPackage of the wheel locked in the
// site's pyodide-lock.json. The wasm is fetched gzipped (a third of its size: stock hosts
// compress nothing but HTML) and unpacked here; the plain file is the fallback. The runtime's
// ES modules are imported here under .js names and handed to loadPyodide, so no .mjs URL is
// ever built (stock nginx serves .mjs wrongly).
//
// Slow links: the big files (wasm, standard library, snapshot) are read chunk by chunk, and the
// bytes received are reported, so the page shows progress and counts a stall from the last byte.
// A download that stalls or breaks waits for {type: "retry"}, then continues where it stopped
// (a Range request; a host without ranges sends it whole again); what has arrived is kept.
// Requests use the browser's HTTP cache as usual, so a reload reuses the files already complete.
//
// Messages in:  {type: "boot", config, usedBefore} (usedBefore: a calculator has run in this
//               browser), {type: "run", id, command, input}, {type: "retry"}
// Messages out: {type: "progress", stage}, {type: "bytes", loaded, total},
//               {type: "stalled", detail}, {type: "retrying", count}, {type: "cached", hit},
//               {type: "ready", path, from, ms, note} (from: the snapshot "downloaded" or "kept"),
//               {type: "failed", code, detail}, {type: "result", id, status, output}

let booting = null;
let pyodide = null;
let runJson = null;
let fullStdlibURL = null; // the whole standard library, added only if a module is missing
let fullStdlib = null;

const post = (message) => self.postMessage(message);

// The wasm is compiled as soon as the worker starts, while the runtime's JavaScript and the
// snapshot download; Pyodide's own request for it is then answered without a second download.
// The standard library is requested at once too, and handed over when Pyodide asks for it.
const originalFetch = self.fetch.bind(self);
const early = new Map(); // URL -> response promise, used once
let wasmURL = null;
let wasmModule = Promise.resolve(null);

// --- downloads that report their bytes and resume after a stall ----------------------------
const downloads = new Map(); // URL -> {loaded, total, done, ...}
let sizes = {}; // file name -> bytes, recorded by the build
let lastBytes = 0;

function reportBytes(force) {
  const now = performance.now();
  if (!force && now - lastBytes < 200) return;
  lastBytes = now;
  let loaded = 0;
  let total = 0;
  for (const d of downloads.values()) {
    loaded += d.loaded;
    total += Math.max(d.total, d.loaded);
  }
  post({ type: "bytes", loaded, total });
}

// A Response whose body is the file, fed as bytes arrive, across as many requests as it takes.
// An HTTP error of the first request is returned as it is, for the caller to explain.
function download(url) {
  const name = url.split("?")[0].split("/").pop();
  const d = { url, loaded: 0, total: sizes[name] || 0, done: false, controller: null, resume: null };
  downloads.set(url, d);
  let sink = null;
  const body = new ReadableStream({
    start(controller) {
      sink = controller;
    },
  });
  const waitForRetry = (detail) =>
    new Promise((resolve) => {
      d.resume = resolve;
      post({ type: "stalled", detail: `${name}: ${detail}` });
    });
  return new Promise((resolve) => {
    let answered = false;
    (async () => {
      for (;;) {
        d.controller = new AbortController();
        const headers = {};
        if (d.loaded) {
          headers.Range = `bytes=${d.loaded}-`;
          if (d.etag) headers["If-Range"] = d.etag;
        }
        try {
          const response = await originalFetch(url, { signal: d.controller.signal, headers });
          if (!answered) {
            if (!response.ok) {
              downloads.delete(url);
              reportBytes(true);
              return resolve(response);
            }
            const encoded = response.headers.get("content-encoding");
            const length = Number(response.headers.get("content-length")) || 0;
            if (length && !encoded) d.total = length; // what this host sends (the build's size otherwise)
            d.etag = encoded ? null : response.headers.get("etag");
            d.ranges = !encoded;
            answered = true;
            resolve(new Response(body, { status: 200, headers: response.headers }));
          } else if (!response.ok) {
            throw new Error(`HTTP ${response.status} when resuming at byte ${d.loaded}`);
          }
          // 206: the rest of the file; 200: a host without ranges sends it whole, the bytes kept are skipped
          let skip = response.status === 206 ? 0 : d.loaded;
          const reader = response.body.getReader();
          for (;;) {
            const { done } = await reader.read().then((chunk) => {
              let value = chunk.value;
              if (chunk.done) return chunk;
              if (skip) {
                const dropped = Math.min(skip, value.length);
                skip -= dropped;
                value = value.subarray(dropped);
              }
              if (value.length) {
                sink.enqueue(value);
                d.loaded += value.length;
                reportBytes(false);
              }
              return chunk;
            });
            if (done) break;
          }
          if (d.total && d.loaded < d.total && d.ranges) throw new Error(`ended after ${d.loaded} of ${d.total} bytes`);
          d.done = true;
          reportBytes(true);
          sink.close();
          return;
        } catch (error) {
          if (d.loaded && !d.ranges) {
            // bytes of a compressed response cannot be resumed by range: the file fails
            sink.error(error);
            return;
          }
          if (!d.retrying) await waitForRetry(message(error));
          d.retrying = false;
        }
      }
    })();
  });
}

// Retry: every download not complete asks again from its last byte; answers how many did.
function retryDownloads() {
  let count = 0;
  for (const d of downloads.values()) {
    if (d.done) continue;
    count += 1;
    if (d.resume) {
      const resume = d.resume;
      d.resume = null;
      resume();
    } else if (d.controller) {
      d.retrying = true;
      d.controller.abort();
    }
  }
  return count;
}

// The body's bytes as stored in the file: a .gz is unpacked here, unless the host already sent
// it with Content-Encoding: gzip and the browser has unpacked it (then it is not gzip any more).
async function gunzipped(body) {
  const reader = body.getReader();
  let head = new Uint8Array(0);
  for (let chunk = { done: false }; head.length < 2 && !chunk.done; ) {
    chunk = await reader.read();
    if (chunk.value) head = head.length ? new Uint8Array([...head, ...chunk.value]) : chunk.value;
  }
  const bytes = new ReadableStream({
    start(controller) {
      if (head.length) controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return head[0] === 0x1f && head[1] === 0x8b ? bytes.pipeThrough(new DecompressionStream("gzip")) : bytes;
}

// The gzipped wasm when the build made one and the browser can unpack it; null when it cannot
// be had, so the plain file is fetched instead.
async function compilePacked(url) {
  if (!url || typeof DecompressionStream !== "function") return null;
  const response = await download(url);
  if (!response.ok) return null;
  const wasm = new Response(await gunzipped(response.body), { headers: { "Content-Type": "application/wasm" } });
  return WebAssembly.compileStreaming(wasm);
}

function compileEarly(url, packedURL) {
  wasmURL = url;
  wasmModule = (async () => {
    const packed = await compilePacked(packedURL).catch(() => null);
    if (packed) return packed;
    const response = await download(url);
    if (!response.ok) return null; // Pyodide's own request will fail and say why
    if ((response.headers.get("content-type") || "").split(";")[0].trim() === "application/wasm") {
      return WebAssembly.compileStreaming(response);
    }
    return WebAssembly.compile(await response.arrayBuffer()); // streaming needs the MIME type
  })().catch(() => null);
}

self.fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url === wasmURL && (await wasmModule)) return new Response(null); // compiled already
  const pending = early.get(url);
  if (pending && !(init && init.integrity)) {
    early.delete(url);
    return pending;
  }
  return originalFetch(input, init);
};

// The snapshot's first heap bytes (the wasm's static data) are shipped XORed with the memory
// instantiation writes (pyodide_snapshot.py): mostly zeros, so 1.5 MB fewer to download. They are
// XORed back here when the instance exists, before Pyodide copies the snapshot into the heap
// (it reads the very array it was given, after instantiating).
let xorPending = null; // {bytes, at, length}, for the snapshot boot only

function completeSnapshot(instance) {
  if (!xorPending) return;
  const { bytes, at, length } = xorPending;
  xorPending = null;
  const memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
  if (!memory || (bytes.byteOffset + at) % 4) throw new Error("cannot complete the snapshot from this wasm module");
  const initial = new Uint32Array(memory.buffer, 0, length / 4);
  const heap = new Uint32Array(bytes.buffer, bytes.byteOffset + at, length / 4);
  for (let word = 0; word < heap.length; word++) heap[word] ^= initial[word];
}

// Pyodide compiles its wasm with instantiateStreaming and, when that fails, only logs a warning
// and waits forever. Streaming fails when a host serves .wasm with another MIME type (many do):
// fall back to compiling the bytes, and when even that fails, end the boot with the reason.
let wasmFailed = () => {};
const streaming = WebAssembly && WebAssembly.instantiateStreaming;
if (streaming) {
  const instantiate = async (source, imports) => {
    const module = await wasmModule;
    if (module) return { instance: await WebAssembly.instantiate(module, imports), module };
    const response = await source;
    try {
      return await streaming.call(WebAssembly, response, imports);
    } catch (error) {
      if (!response.ok) throw new Error(`${response.url} → HTTP ${response.status}`);
      const again = await fetch(response.url); // the first body was used up by the failed attempt
      return await WebAssembly.instantiate(await again.arrayBuffer(), imports);
    }
  };
  WebAssembly.instantiateStreaming = async (source, imports) => {
    try {
      const result = await instantiate(source, imports);
      completeSnapshot(result.instance);
      return result;
    } catch (error) {
      wasmFailed(error);
      throw error;
    }
  };
}

// loadPyodide, ended by a wasm failure instead of hanging on it
function loadGuarded(loader, options) {
  const failure = new Promise((_, reject) => {
    wasmFailed = (error) => reject(new Error(`pyodide.asm.wasm: ${error && error.message ? error.message : error}`));
  });
  return Promise.race([loader.loadPyodide(options), failure]);
}

class BootError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = detail;
  }
}

// A Content-Security-Policy whose script-src lacks 'wasm-unsafe-eval' forbids compiling any
// WebAssembly. Chromium (tested: tests/browser/test_csp.py) then throws a CompileError whose
// message names the Content Security Policy and 'unsafe-eval'; an EvalError is accepted too, and
// the words matched are ones a browser's refusal is likely to use (not tested in other engines:
// one worded otherwise ends as "runtime-failed", whose message names a blocking policy too).
// An empty module (8 bytes) is compiled first, so the reader and the site owner learn this at
// once, before anything is downloaded; a later compile refused the same way is caught by its text.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const BY_POLICY = /Content[ -]Security[ -]Policy|unsafe-eval|\bCSP\b/i;
const WASM_ADVICE = "the host's Content-Security-Policy must allow WebAssembly: script-src 'self' 'wasm-unsafe-eval'";

function message(error) {
  return String(error && error.message ? error.message : error);
}

function wasmBlocked(error) {
  return BY_POLICY.test(message(error));
}

function checkWasmAllowed() {
  try {
    new WebAssembly.Module(EMPTY_WASM);
  } catch (error) {
    const name = error && error.name;
    if ((name === "CompileError" || name === "EvalError") && wasmBlocked(error)) {
      throw new BootError("wasm-blocked", `${name}: ${message(error)}\n${WASM_ADVICE}`);
    }
  }
}

// What the host did with a file we could not use: status and type, for the site owner.
async function describe(url) {
  try {
    const response = await fetch(url, { cache: "no-store" });
    const type = response.headers.get("content-type") || "no Content-Type";
    return Object.assign(new String(`${url} → HTTP ${response.status}, ${type}`), { ok: response.ok });
  } catch (error) {
    return Object.assign(new String(`${url} → ${error && error.message ? error.message : error}`), { ok: false });
  }
}

const snapshotURL = (config) => new URL(config.snapshot.url, config.root).href;

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

// The snapshot, checked and decompressed; throws with the reason when it cannot be used. It is
// unpacked while it arrives (on a slow link the unpacking is done when the last byte is), and the
// packed bytes are kept for the checksum.
async function fetchSnapshot(config) {
  const response = await download(snapshotURL(config));
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const [forDigest, forUnpacking] = response.body.tee();
  const [packed, bytes] = await Promise.all([
    new Response(forDigest).arrayBuffer(),
    gunzipped(forUnpacking).then((stream) => spread(stream, config.snapshot)),
  ]);
  if (self.crypto && crypto.subtle) {
    const digest = await sha256Hex(packed);
    if (digest !== config.snapshot.sha256) throw new Error("snapshot: sha256 does not match the build");
  } // without crypto.subtle (plain http on a non-local host) gzip's own CRC-32 still checks it
  return bytes;
}

// The file holds only the snapshot's blocks that are not all zeros, one after another; each run
// goes to its place (spans: [offset, length]) in a buffer of the full size, zeros already.
async function spread(stream, { rawBytes, spans }) {
  const raw = new Uint8Array(rawBytes);
  const reader = stream.getReader();
  let span = 0;
  let filled = 0; // bytes of spans[span] written so far
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    const bytes = chunk.value;
    for (let at = 0; at < bytes.length; ) {
      if (span === spans.length) throw new Error("snapshot: longer than its spans");
      const [offset, length] = spans[span];
      const n = Math.min(length - filled, bytes.length - at);
      raw.set(bytes.subarray(at, at + n), offset + filled);
      at += n;
      filled += n;
      if (filled === length) [span, filled] = [span + 1, 0];
    }
  }
  if (span !== spans.length) throw new Error("snapshot: shorter than its spans");
  return raw;
}

// A snapshot restored once is kept unpacked (and XORed back) in this browser's Cache Storage,
// so a later boot reads it as it is instead of unpacking the download again. Only its parts that
// are not zeros are kept (15.7 of its 31.5 MB): fewer bytes to read, and to store in the
// reader's profile. Cache Storage exists only in secure contexts (https, localhost);
// elsewhere every boot unpacks the download. The key is the snapshot's URL, which names its
// build; the entries of other builds (and of the whole-heap copies kept before) are deleted.
const UNPACKED = "csl-calculators-unpacked";
const unpackedKey = (config) => snapshotURL(config) + "?spans";

// [offset, length] of what is kept: the file's spans, and where it was XORed (zeros in the file
// there are the wasm's static data in the heap), merged
function keptRanges({ spans, xorInitialMemory: xor }) {
  const ranges = [...spans, ...(xor.bytes ? [[xor.at, xor.bytes]] : [])]
    .map(([offset, length]) => [offset, length]) // merged below: the config's own stay as they are
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [offset, length] of ranges) {
    const last = merged[merged.length - 1];
    if (last && offset <= last[0] + last[1]) last[1] = Math.max(last[1], offset + length - last[0]);
    else merged.push([offset, length]);
  }
  return merged;
}

async function readUnpacked(config) {
  try {
    const hit = self.caches && (await (await caches.open(UNPACKED)).match(unpackedKey(config)));
    if (!hit) return null;
    const kept = new Uint8Array(await hit.arrayBuffer());
    const ranges = keptRanges(config.snapshot);
    if (kept.length !== ranges.reduce((sum, [, length]) => sum + length, 0)) {
      await dropUnpacked(config); // cut short (a full disk, say): the download is unpacked instead
      return null;
    }
    const raw = new Uint8Array(config.snapshot.rawBytes);
    let at = 0;
    for (const [offset, length] of ranges) {
      raw.set(kept.subarray(at, at + length), offset);
      at += length;
    }
    return raw;
  } catch (error) {
    return null;
  }
}

async function keepUnpacked(config, raw) {
  try {
    if (!self.caches) return;
    const cache = await caches.open(UNPACKED);
    for (const old of await cache.keys()) if (old.url !== unpackedKey(config)) await cache.delete(old);
    const parts = keptRanges(config.snapshot).map(([offset, length]) => raw.subarray(offset, offset + length));
    await cache.put(unpackedKey(config), new Response(new Blob(parts)));
  } catch (error) {
    /* no room, or storage refused: the next boot unpacks the download */
  }
}

// Writing the kept copy to Cache Storage took 90 ms of this thread (when it was the whole 31 MB):
// it waits until the first result has been sent (or a few seconds, for a worker not asked
// anything), so that result is not delayed.
let keepPending = null;
function keepAfterFirstResult(keep) {
  keepPending = keep;
  setTimeout(keepNow, 3000);
}

function keepNow() {
  const keep = keepPending;
  keepPending = null;
  if (keep) keep();
}

async function dropUnpacked(config) {
  try {
    if (self.caches) await (await caches.open(UNPACKED)).delete(unpackedKey(config));
  } catch (error) {
    /* nothing kept */
  }
}

// The snapshot: {bytes, kept} when this browser kept it unpacked, else {bytes} downloaded.
// Cache Storage is asked only where the page says a calculator has run before: opening it in a
// fresh profile took 200 ms here, which would hold back the download for a first-time reader.
async function snapshotBytes(config, mayBeKept) {
  const kept = mayBeKept ? await readUnpacked(config) : null;
  return kept ? { bytes: kept, kept: true } : { bytes: await fetchSnapshot(config) };
}

async function boot(config, mayBeKept) {
  const started = performance.now();
  if (typeof WebAssembly !== "object") {
    throw new BootError("no-wasm", "WebAssembly is not available in this browser");
  }
  checkWasmAllowed();
  const runtime = new URL(config.runtime, config.root).href;
  const lockFileURL = new URL(config.lock, config.root).href;
  post({ type: "progress", stage: "download" });
  sizes = config.bytes || {};
  if (config.snapshot) sizes[config.snapshot.url.split("/").pop()] = config.snapshot.bytes;
  compileEarly(runtime + "pyodide.asm.wasm", config.packedWasm && runtime + config.packedWasm);
  // the plain boot's standard library, and the (smaller) one a restored snapshot reads from
  const stdLibURL = runtime + config.stdlib;
  fullStdlibURL = runtime + config.fullStdlib;
  const xor = config.snapshot ? config.snapshot.xorInitialMemory : { bytes: 0 };
  const wantSnapshot = Boolean(config.snapshot) && typeof DecompressionStream === "function" && (!xor.bytes || streaming);
  const snapshotStdLibURL = wantSnapshot ? runtime + config.snapshot.stdlib : stdLibURL;
  early.set(snapshotStdLibURL, download(snapshotStdLibURL));
  // download the snapshot while the runtime modules load
  const snapshot = wantSnapshot && snapshotBytes(config, mayBeKept).catch((error) => ({ error }));
  let loader;
  let asm;
  try {
    [loader, asm] = await Promise.all([
      import(runtime + "pyodide.js"),
      import(runtime + "pyodide.asm.js"),
    ]);
  } catch (error) {
    const files = await Promise.all([describe(runtime + "pyodide.js"), describe(runtime + "pyodide.asm.js")]);
    throw new BootError("runtime-missing", `${error && error.message ? error.message : error}\n${files.join("\n")}`);
  }
  const options = {
    indexURL: runtime,
    lockFileURL,
    stdLibURL,
    createPyodideModule: asm.default,
    stdout: () => {},
    stderr: () => {},
  };
  let note = "no snapshot in this build or browser";
  if (snapshot) {
    // Pyodide awaits the snapshot only when it sizes the heap: its set-up before that (and its
    // request for the lock file) runs while the snapshot is still arriving
    const heap = snapshot.then((snap) => {
      if (snap.error) throw snap.error;
      post({ type: "progress", stage: "snapshot" });
      xorPending = xor.bytes && !snap.kept ? { bytes: snap.bytes, at: xor.at, length: xor.bytes } : null;
      return snap.bytes;
    });
    heap.catch(() => {}); // the reason is taken from the snapshot below, should Pyodide not ask
    try {
      const restored = await loadGuarded(loader, { ...options, stdLibURL: snapshotStdLibURL, _loadSnapshot: heap });
      runJson = restored.pyimport("law_calculators.api").run_json;
      pyodide = restored;
      const snap = await snapshot;
      if (!snap.kept) keepAfterFirstResult(() => keepUnpacked(config, snap.bytes)); // Pyodide copied it, unchanged
      const from = snap.kept ? "kept" : "downloaded";
      return { path: "snapshot", from, ms: Math.round(performance.now() - started), note: "" };
    } catch (error) {
      const snap = await snapshot;
      note = snap.error ? message(snap.error) : `snapshot refused: ${message(error)}`;
      xorPending = null;
      if (snap.kept) dropUnpacked(config);
    }
  }
  post({ type: "progress", stage: "start" });
  let plain;
  try {
    plain = await loadGuarded(loader, options);
  } catch (error) {
    if (wasmBlocked(error)) throw new BootError("wasm-blocked", `${message(error)}\n${WASM_ADVICE}`);
    const wasm = await describe(runtime + "pyodide.asm.wasm");
    const code = wasm.ok ? "runtime-failed" : "runtime-missing";
    throw new BootError(code, `${error && error.message ? error.message : error}\n${wasm}`);
  }
  post({ type: "progress", stage: "package" });
  const errors = [];
  // loadPackage resolves even when the package fails: check its errors and its result
  const loaded = await plain.loadPackage(config.package, {
    checkIntegrity: true,
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  if (errors.length || !loaded.some((p) => p.name === config.package)) {
    const wheel = await describe(new URL(config.wheel.file, lockFileURL).href);
    throw new BootError("package-failed", `${errors.join("\n") || "not loaded"}\n${wheel}`);
  }
  runJson = plain.pyimport("law_calculators.api").run_json;
  pyodide = plain;
  return { path: "plain", ms: Math.round(performance.now() - started), note };
}

function run(command, input) {
  const answer = runJson(command, input);
  try {
    const [status, output] = answer.toJs();
    return { status, output };
  } finally {
    answer.destroy();
  }
}

// The page boots with the standard library trimmed to what the calculators were seen to import
// (pyodide_stdlib.py). Should a request ever import another module, the full library is added
// once and the request runs again: slower that one time, never a failure.
async function runWithFullStdlib(command, input) {
  const first = run(command, input);
  if (first.status !== 1 || !first.output.includes("ModuleNotFoundError")) return first;
  fullStdlib ||= (async () => {
    const response = await originalFetch(fullStdlibURL);
    if (!response.ok) throw new Error(`${fullStdlibURL} → HTTP ${response.status}`);
    pyodide.FS.writeFile("/lib/python_stdlib_full.zip", new Uint8Array(await response.arrayBuffer()));
    pyodide.runPython("import importlib, sys; sys.path.append('/lib/python_stdlib_full.zip'); importlib.invalidate_caches()");
  })();
  await fullStdlib;
  return run(command, input);
}

function startBoot(config, mayBeKept) {
  if (booting) return;
  booting = boot(config, mayBeKept).then(
    (done) => post({ type: "ready", ...done }),
    (error) => {
      post({ type: "failed", code: error.code || "runtime-failed", detail: error.detail || String(error) });
      throw error;
    },
  );
  booting.catch(() => {});
}

// Whether the snapshot is in the HTTP cache, asked without touching the network.
async function snapshotCached(config) {
  try {
    const response = await originalFetch(snapshotURL(config), { cache: "only-if-cached", mode: "same-origin" });
    if (response.body) response.body.cancel();
    return response.ok;
  } catch (error) {
    return false;
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    // {onlyIfCached: true} (calculators-early.js): boot now only if nothing need be downloaded;
    // a plain boot message, whenever it comes, boots in any case
    if (!message.onlyIfCached) startBoot(message.config, message.usedBefore);
    else if (!booting) {
      const hit = await snapshotCached(message.config);
      post({ type: "cached", hit });
      if (hit) startBoot(message.config, true);
    }
    return;
  }
  if (message.type === "retry") {
    post({ type: "retrying", count: retryDownloads() });
    return;
  }
  if (message.type === "run") {
    try {
      await booting;
      post({ type: "result", id: message.id, ...(await runWithFullStdlib(message.command, message.input)) });
      setTimeout(keepNow, 0);
    } catch (error) {
      post({ type: "result", id: message.id, status: -1, output: String(error) });
    }
  }
};
