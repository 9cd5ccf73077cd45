// In the <head> of a page with a calculator (docs/overrides/main.html). It requests the forms'
// data at once. In a browser where a calculator has run before, Python's worker is started here
// too, before the page is parsed, and boots only if the runtime is in the HTTP cache (the worker
// checks, off the page's thread); calculators.js adopts the worker when it mounts the form.
// Anywhere else no more happens here: a reader who never used a calculator fetches no Python
// until they use the form.
(function () {
  var cfg = window.CSL_CALC_CONFIG;
  // The forms' data is requested now, while the page is parsed, not when calculators.js runs
  // after it: the form (and with it the reader's first input) is there sooner.
  if (cfg && cfg.forms && location.protocol !== "file:" && typeof fetch === "function") {
    window.CSL_CALC_FORMS = fetch(new URL(cfg.forms, cfg.root).href);
    window.CSL_CALC_FORMS.catch(function () {}); // calculators.js says why, if it failed
  }
  try {
    if (!cfg || !cfg.snapshot || location.protocol === "file:" || !localStorage.getItem("csl-calculators-used")) return;
    if (typeof Worker !== "function" || typeof WebAssembly !== "object") return;
  } catch (e) {
    return; // storage refused
  }
  var early = { worker: null, messages: [], hit: undefined, onHit: null };
  try {
    early.worker = new Worker(new URL(cfg.worker, cfg.root).href, { type: "module" });
  } catch (e) {
    return; // calculators.js starts its own when the form is used, and explains a failure
  }
  // kept for calculators.js, which replays them when it adopts the worker
  early.worker.onmessage = function (event) {
    var m = event.data;
    if (m.type === "cached") {
      early.hit = m.hit;
      if (m.hit && early.onHit) early.onHit();
    } else early.messages.push(m);
  };
  early.worker.onerror = function (event) {
    if (event && event.preventDefault) event.preventDefault();
    early.failed = true; // calculators.js starts a worker of its own, which says why
  };
  early.worker.postMessage({ type: "boot", config: cfg, onlyIfCached: true });
  window.CSL_CALC_EARLY = early;
})();
