// The in-page calculators: forms generated from the calculators' input schema, one Python
// worker per tab (started lazily, kept across Material's instant navigation), results that
// cite and link the clauses, inputs in the URL, a bilingual memo to copy.
//
// Pages without a .calc element load nothing more than this file. Everything a user types
// or the calculator answers is put into the page as text (textContent), never as HTML.
(function () {
  "use strict";

  // Python must start within BOOT_TIMEOUT_MS of the worker's last message once its files are in;
  // while they download, only a stall counts: no byte for STALL_MS (a slow link never times out).
  // window.CSL_CALC_STALL_MS, set before the page loads, changes the stall limit (tests use it).
  var BOOT_TIMEOUT_MS = 90000;
  function stallMs() {
    return Number(window.CSL_CALC_STALL_MS) || (config() && Number(config().stallMs)) || 30000;
  }
  var state = (window.CSL_CALC_STATE = window.CSL_CALC_STATE || {
    boots: 0, // how many workers this tab started (one, however many pages are visited)
    stage: "idle",
    path: null, // "snapshot" or "plain" once ready
    bootMs: null,
    note: "",
    error: null,
    results: 0,
    refused: 0, // inputs the form refused itself (an ambiguous comma), without asking the calculator
    firstResultAt: null, // performance.now() of the first result in this document
    lastResultAt: null,
  });
  var widgets = [];
  var engine = null;
  var formsData = null;
  var widgetCount = 0;

  function config() {
    return window.CSL_CALC_CONFIG || null;
  }
  function siteUrl(path) {
    return new URL(path, config().root).href;
  }

  // --- DOM helpers: text only ---------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === null || attrs[key] === undefined || attrs[key] === false) return;
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // One text in both languages; the layout (data-law-layout) decides which show.
  function bi(en, zh, tag) {
    return el(tag || "span", { class: "calc-bi" }, [
      el("span", { class: "calc-en", lang: "en", text: en }),
      " ",
      el("span", { class: "calc-zh", lang: "zh-Hans", text: zh }),
    ]);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // --- the worker -------------------------------------------------------------------------

  var STAGES = {
    idle: ["The calculator starts in your browser when you use the form.", "使用表单时，计算器即在您的浏览器中启动。"],
    download: ["Downloading the Python runtime…", "正在下载Python运行环境……"],
    snapshot: ["Starting Python from the prepared snapshot…", "正在从预置快照启动Python……"],
    start: ["Starting Python…", "正在启动Python……"],
    package: ["Loading the calculators package…", "正在加载计算器程序包……"],
  };

  var FAILURES = {
    unsupported: [
      "This browser cannot run the calculator: it needs WebAssembly and module Web Workers (any current Chrome, Edge, Firefox or Safari). WebAssembly may also be turned off by a policy of your organisation.",
      "此浏览器无法运行计算器：需要WebAssembly和模块Web Worker（当前版本的Chrome、Edge、Firefox或Safari均支持）。WebAssembly也可能被所在单位的策略禁用。",
      "Site owner: nothing on the host can change this. The statutory table on this page and the command-line calculator apply the same rules.",
      "站点管理员：服务器端无法解决此问题。本页的法定罚则表和命令行计算器适用相同规则。",
    ],
    "file-protocol": [
      "The calculator cannot run in a copy of the site opened from a file (file://): its Python runtime has to be served by a web server. The rest of this copy, the penalty tables of the articles included, reads the same as online.",
      "从文件打开的站点副本（file://）无法运行计算器：计算器的Python运行环境必须由Web服务器提供。本副本的其余内容（包括各条的罚则表）与在线版本相同。",
      "To use the calculators, serve the release's site/ folder with a web server, which may run on this computer: for example python3 -m http.server 8000 in that folder, then open http://localhost:8000/; see “Hosting the calculators”.",
      "如需使用计算器，请用Web服务器（也可在本机运行）提供发布包中的site/目录：例如在该目录中运行python3 -m http.server 8000，然后打开http://localhost:8000/；详见“Hosting the calculators”。",
    ],
    "wasm-blocked": [
      "The calculator cannot start: this site's Content-Security-Policy does not allow WebAssembly, which the calculator's Python runtime needs. The statutory table on this page applies the same rules.",
      "计算器无法启动：本站的内容安全策略（Content-Security-Policy）不允许WebAssembly，而计算器的Python运行环境需要它。本页的法定罚则表适用相同规则。",
      "Site owner: add 'wasm-unsafe-eval' to script-src in the site's Content-Security-Policy header (script-src 'self' 'wasm-unsafe-eval'), and allow the worker with worker-src 'self'; see “Hosting the calculators”, Security headers.",
      "站点管理员：请在本站Content-Security-Policy响应头的script-src中加入'wasm-unsafe-eval'（script-src 'self' 'wasm-unsafe-eval'），并以worker-src 'self'允许计算器的Worker；详见“Hosting the calculators”中的Security headers一节。",
    ],
    "runtime-missing": [
      "The Python runtime could not be loaded from this site.",
      "无法从本站加载Python运行环境。",
      "Site owner: check that the folder assets/pyodide/ was uploaded completely and that .js files are served as JavaScript (text/javascript) and .wasm as application/wasm; see “Hosting the calculators”.",
      "站点管理员：请检查assets/pyodide/目录是否完整上传，.js文件是否以JavaScript类型（text/javascript）提供、.wasm是否以application/wasm提供；详见“Hosting the calculators”。",
    ],
    "runtime-failed": [
      "The Python runtime was downloaded but did not start: a file may be damaged, or WebAssembly is blocked by a policy.",
      "Python运行环境已下载但未能启动：文件可能已损坏，或WebAssembly被策略禁用。",
      "Site owner: upload assets/pyodide/ again, unchanged, from the same build, and make sure the server does not rewrite or truncate pyodide.asm.wasm.",
      "站点管理员：请从同一次构建中原样重新上传assets/pyodide/，并确认服务器未改写或截断pyodide.asm.wasm。",
    ],
    "package-failed": [
      "The calculators package did not load, or failed its integrity check.",
      "计算器程序包未能加载，或未通过完整性校验。",
      "Site owner: upload the .whl file and pyodide-lock.json in assets/pyodide/ from the same build.",
      "站点管理员：请上传同一次构建的assets/pyodide/中的.whl文件和pyodide-lock.json。",
    ],
    "forms-missing": [
      "The calculator's form data could not be loaded.",
      "无法加载计算器的表单数据。",
      "Site owner: upload the folder assets/calculators/ from the same build as the pages.",
      "站点管理员：请上传与页面同一次构建的assets/calculators/目录。",
    ],
    "not-built": [
      "This copy of the site has no configuration for the calculators.",
      "本站点副本缺少计算器配置。",
      "Site owner: rebuild with `make site` and upload assets/javascripts/ completely.",
      "站点管理员：请用`make site`重新构建并完整上传assets/javascripts/。",
    ],
    timeout: [
      "The calculator's files arrived, but Python did not start within 90 seconds. Reloading the page tries again; the files already downloaded are reused.",
      "计算器的文件已下载，但Python未能在90秒内启动。重新加载页面即可重试，已下载的文件会被重复使用。",
      "Site owner: if this repeats, report it with the details below and the browser's console messages.",
      "站点管理员：如反复出现，请附下列详细信息及浏览器控制台消息报告。",
    ],
    crashed: [
      "The calculator stopped working. Reloading the page starts it again.",
      "计算器已停止运行，重新加载页面即可重启。",
      "Site owner: if this repeats, report it with the details below.",
      "站点管理员：如反复出现，请附下列详细信息报告。",
    ],
  };

  function notify() {
    widgets.forEach(function (w) {
      showStatus(w);
    });
  }

  function fail(code, detail) {
    state.stage = "failed";
    state.error = { code: code, detail: detail || "" };
    if (engine) {
      clearTimeout(engine.timer);
      Object.keys(engine.pending).forEach(function (id) {
        engine.pending[id].reject(new Error(code));
      });
      engine.pending = {};
      if (engine.worker) engine.worker.terminate();
      engine.worker = null;
    }
    state.queued = 0;
    notify();
  }

  // Files still arriving: the worker reports bytes until every download it started is complete.
  function downloading() {
    return state.stage === "download" || state.stage === "stalled" || (state.total > 0 && state.loaded < state.total);
  }

  // (Re)arm the watch: a stall while downloading, the boot timeout once the files are in.
  function watch() {
    if (!engine || engine.ready) return;
    clearTimeout(engine.timer);
    var limit = downloading() ? stallMs() : BOOT_TIMEOUT_MS;
    engine.timer = setTimeout(function () {
      if (!engine || engine.ready || state.stage === "failed") return;
      if (downloading()) {
        stalled("no data received for " + Math.round(limit / 1000) + " s");
      } else {
        fail("timeout", "no answer from the worker for " + BOOT_TIMEOUT_MS / 1000 + " s after its files arrived (stage: " + state.stage + ")");
      }
    }, limit);
  }

  function stalled(detail) {
    clearTimeout(engine.timer);
    state.stage = "stalled";
    state.stallDetail = detail;
    state.stalls = (state.stalls || 0) + 1;
    notify();
  }

  // Retry after a stall: the worker asks again from the last byte received of each download.
  function retry() {
    if (!engine || !engine.worker || state.stage !== "stalled") return;
    state.retries = (state.retries || 0) + 1;
    state.stage = "download";
    engine.worker.postMessage({ type: "retry" });
    watch();
    notify();
  }

  // The worker calculators-early.js started in the <head>, taken once; null if there is none
  // (or it could not start: a worker of our own then says why).
  function takeEarlyWorker() {
    var early = window.CSL_CALC_EARLY;
    window.CSL_CALC_EARLY = null;
    if (!early || early.failed) return null;
    early.worker.onmessage = null;
    return early;
  }

  // A new worker for the same engine (or the early one, adopted); the calculations asked for are
  // sent to it again.
  function spawn(cfg) {
    if (engine.worker) engine.worker.terminate();
    var early = takeEarlyWorker();
    try {
      engine.worker = early ? early.worker : new Worker(siteUrl(cfg.worker), { type: "module" });
    } catch (error) {
      fail("unsupported", String(error));
      return;
    }
    state.boots += 1;
    state.early = Boolean(early); // started in the <head> by calculators-early.js
    state.stage = "download";
    state.loaded = 0;
    state.total = 0;
    var worker = engine.worker;
    worker.onmessage = function (event) {
      if (worker !== engine.worker) return;
      var m = event.data;
      if (m.type === "progress") {
        if (state.stage !== "stalled" || m.stage !== "download") state.stage = m.stage;
        watch();
        notify();
      } else if (m.type === "bytes") {
        state.loaded = m.loaded;
        state.total = m.total;
        var wasStalled = state.stage === "stalled";
        if (wasStalled) state.stage = "download"; // bytes again: not stalled any more
        watch();
        // the status (a live region) is rewritten once per whole percent, not at every chunk
        var percent = m.total ? Math.floor((100 * Math.min(m.loaded, m.total)) / m.total) : -1;
        if (wasStalled || percent !== state.percent || m.loaded >= m.total) notify();
        state.percent = percent;
      } else if (m.type === "stalled") {
        stalled(m.detail); // the connection broke: what arrived is kept, Retry continues
      } else if (m.type === "retrying") {
        if (!m.count) spawn(cfg); // nothing of the worker's own to resume: start it again (HTTP cache)
      } else if (m.type === "ready") {
        clearTimeout(engine.timer);
        engine.ready = true;
        remember(USED, "1");
        state.stage = "ready";
        state.path = m.path;
        state.snapshotFrom = m.from || ""; // "kept": unpacked by an earlier boot in this browser
        state.bootMs = m.ms;
        state.note = m.note || "";
        state.queued = 0;
        notify();
        widgets.forEach(function (w) {
          if (!w.computed && w.form) compute(w);
        });
      } else if (m.type === "failed") {
        fail(m.code, m.detail);
      } else if (m.type === "result") {
        var job = engine.pending[m.id];
        delete engine.pending[m.id];
        if (job) job.resolve(m);
      }
    };
    worker.onerror = function (event) {
      if (event && event.preventDefault) event.preventDefault();
      // a worker that cannot even start: its script is missing, or the browser has no module workers
      var url = siteUrl(cfg.worker);
      fetch(url, { cache: "no-store" }).then(
        function (response) {
          var detail = url + " → HTTP " + response.status + ", " + (response.headers.get("content-type") || "");
          fail(response.ok && engine.ready ? "crashed" : response.ok ? "unsupported" : "runtime-missing", detail);
        },
        function (error) {
          fail("runtime-missing", url + " → " + error);
        }
      );
    };
    if (early) {
      early.messages.forEach(function (m) {
        worker.onmessage({ data: m }); // what it said before it was adopted
      });
    }
    // an early worker already booting ignores it; usedBefore: the worker may have kept a snapshot
    worker.postMessage({ type: "boot", config: cfg, usedBefore: usedBefore() });
    Object.keys(engine.pending).forEach(function (id) {
      var job = engine.pending[id];
      worker.postMessage({ type: "run", id: Number(id), command: job.command, input: job.input });
    });
    watch();
    notify();
  }

  function startEngine() {
    if (engine) return engine;
    engine = { worker: null, pending: {}, next: 1, ready: false, timer: null };
    var cfg = config();
    if (!cfg) {
      fail("not-built", "window.CSL_CALC_CONFIG is missing");
      return engine;
    }
    if (location.protocol === "file:") {
      fail("file-protocol", "location.protocol is file: (module workers and fetch need an http origin)");
      return engine;
    }
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      fail("unsupported", "WebAssembly: " + typeof WebAssembly + ", Worker: " + typeof Worker);
      return engine;
    }
    state.startedAt = performance.now();
    spawn(cfg);
    return engine;
  }

  function runCalculator(command, input) {
    var e = startEngine();
    if (state.stage === "failed") return Promise.reject(new Error(state.error.code));
    if (!e.ready) {
      // asked before Python is there: the worker runs it once it is ready, and the form says so
      state.queued = (state.queued || 0) + 1;
      notify();
    }
    return new Promise(function (resolve, reject) {
      var id = e.next++;
      e.pending[id] = { resolve: resolve, reject: reject, command: command, input: input };
      e.worker.postMessage({ type: "run", id: id, command: command, input: input });
    });
  }

  // --- the forms --------------------------------------------------------------------------

  function loadForms() {
    if (!formsData) {
      var early = window.CSL_CALC_FORMS; // requested by calculators-early.js in the <head>
      window.CSL_CALC_FORMS = null;
      formsData = (early || fetch(siteUrl(config().forms))).then(function (response) {
        if (!response.ok) throw new Error(config().forms + " → HTTP " + response.status);
        return response.json();
      });
      formsData.catch(function () {
        formsData = null; // try again on the next page
      });
    }
    return formsData;
  }

  var ZH_DIGITS = "〇一二三四五六七八九";
  function zhNumber(n) {
    if (n < 10) return ZH_DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? ZH_DIGITS[n % 10] : "");
    return ZH_DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? ZH_DIGITS[n % 10] : "");
  }
  var ROMAN = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];

  function label(field) {
    var en = field.label_en || field.name.replace(/_/g, " ");
    return { en: en, zh: field.label_zh || en };
  }

  // A field's unit beside its label, in words (µs · 微秒); a count has none (null); CNY as it is
  function unitLabel(w, unit) {
    var words = unit ? w.data.units[unit] : null;
    if (words === null) return null;
    var text = words ? words.en + (words.zh !== words.en ? " · " + words.zh : "") : unit;
    return el("span", { class: "calc-unit", text: " (" + text + ")" });
  }

  // One control per schema field; the clause fields of the fine calculator are selects fed by
  // the clause index so that a form only offers what the article has.
  function fieldControl(w, field, prefix) {
    var name = (prefix ? prefix + "." : "") + field.name;
    var id = "calc-" + w.id + "-" + name.replace(/\W/g, "-");
    var names = label(field);
    var input;
    var clause = w.kind === "fine" && !prefix && CLAUSE_FIELDS.concat(["offender"]).indexOf(field.name) >= 0;
    if (field.type === "array" && field.choices) {
      input = el("fieldset", { class: "calc-choices", id: id }, [
        el("legend", {}, [bi(names.en, names.zh)]),
      ]);
      field.choices.forEach(function (choice) {
        input.appendChild(
          el("label", { class: "calc-choice" }, [
            el("input", { type: "checkbox", name: name, value: choice.value }),
            " ",
            bi(choice.en, choice.zh),
          ])
        );
      });
    } else if (field.choices || clause) {
      input = el("select", { id: id, name: name });
      if (!clause) {
        if (!field.required && field.default === null) input.appendChild(el("option", { value: "", text: "—" }));
        field.choices.forEach(function (choice) {
          input.appendChild(el("option", { value: choice.value, text: choice.en + " · " + choice.zh }));
        });
      }
    } else if (field.type === "date") {
      input = el("input", { id: id, name: name, type: "date" });
    } else {
      // text, not type=number: what the user typed reaches the calculator, which names the error
      input = el("input", {
        id: id,
        name: name,
        type: "text",
        inputmode: field.type === "integer" ? "numeric" : "decimal",
        autocomplete: "off",
      });
    }
    var wrap = el("div", { class: "calc-field", "data-field": name }, []);
    if (input.tagName !== "FIELDSET") {
      wrap.appendChild(
        el("label", { for: id }, [
          bi(names.en, names.zh),
          unitLabel(w, field.unit),
        ])
      );
    }
    wrap.appendChild(input);
    wrap.appendChild(el("div", { class: "calc-help", id: id + "-help" }, [bi(field.help_en, field.help_zh, "small")]));
    var error = el("p", { class: "calc-field-error", id: id + "-error", role: "alert", hidden: true });
    wrap.appendChild(error);
    // screen readers read the help, and the error once there is one, with the field
    input.setAttribute("aria-describedby", id + "-error " + id + "-help");
    w.controls[name] = { field: field, wrap: wrap, input: input, error: error };
    return wrap;
  }

  function setOptions(select, options, keep) {
    clear(select);
    options.forEach(function (o) {
      select.appendChild(el("option", { value: o.value, text: o.text }));
    });
    var values = options.map(function (o) {
      return o.value;
    });
    select.value = values.indexOf(String(keep)) >= 0 ? String(keep) : values[0] || "";
  }

  function numeric(a, b) {
    return Number(a) - Number(b);
  }

  // The fields that name a clause, in the order each narrows the next; a clause set is the main
  // clause of the form or one of the other provisions breached by the same act.
  var CLAUSE_FIELDS = ["law", "version", "article", "paragraph", "item", "tier"];

  // A select's choices limited to the keys the clause index has, in the schema's order.
  function choicesIn(field, keys) {
    return field.choices
      .filter(function (ch) {
        return keys[ch.value];
      })
      .map(function (ch) {
        return { value: ch.value, text: ch.en + " · " + ch.zh };
      });
  }

  // Fill a clause set's selects from the clause index, keeping what still fits.
  function refreshClauses(w, set, wanted) {
    var c = set.controls;
    var d = w.data;
    wanted = wanted || {};
    function want(name) {
      return wanted[name] !== undefined ? wanted[name] : c[name].input.value;
    }
    // only the laws and texts the clause index has; a law with one text needs no choice of text
    setOptions(c.law.input, choicesIn(c.law.field, d.clauseIndex), want("law"));
    var law = c.law.input.value;
    setOptions(c.version.input, choicesIn(c.version.field, d.clauseIndex[law]), want("version"));
    c.version.wrap.hidden = c.version.input.options.length < 2;
    var version = c.version.input.value;
    var index = d.clauseIndex[law][version];
    // articles and paragraphs: the index's keys in numeric order, named in both languages
    function numbered(keys, words) {
      return Object.keys(keys).sort(numeric).map(function (k) {
        return { value: k, text: words[0] + k + words[1] + " · 第" + zhNumber(Number(k)) + words[2] };
      });
    }
    setOptions(c.article.input, numbered(index, ["Art. ", "", "条"]), want("article"));
    var article = index[c.article.input.value];
    setOptions(c.paragraph.input, numbered(article, ["(", ")", "款"]), want("paragraph"));
    var entry = (set.entry = article[c.paragraph.input.value]);
    setOptions(
      c.item.input,
      [{ value: "", text: "—" }].concat(
        entry.items.map(function (i) {
          return { value: String(i), text: "(" + ROMAN[i] + ") · 第" + zhNumber(i) + "项" };
        })
      ),
      want("item")
    );
    c.item.wrap.hidden = entry.items.length === 0;
    // tiers and offenders: codes the clause allows, named from the calculators' vocabulary
    [["tier", entry.tiers, d.vocabulary.tiers], ["offender", entry.offenders, d.vocabulary.parties]].forEach(function (row) {
      if (!c[row[0]]) return; // the other provisions share the form's offender
      var names = row[2];
      var options = row[1].map(function (code) {
        return { value: code, text: names[code].en + " · " + names[code].zh };
      });
      setOptions(c[row[0]].input, options, want(row[0]));
    });
    var texts = ((d.clauses[law] || {})[version] || {})[c.article.input.value] || {};
    var item = c.item.input.value;
    var text = (item && texts[c.paragraph.input.value + "-" + item]) || texts[c.paragraph.input.value];
    clear(set.conduct);
    if (text) set.conduct.appendChild(bi(text.en, text.zh));
    refreshAmounts(w);
  }

  // The amounts a fine is computed from that only some clauses use (the procurement amount, the
  // previous year's turnover) are asked for only where a clause of the form uses them.
  var CLAUSE_AMOUNTS = ["procurement_amount", "annual_turnover"];
  function refreshAmounts(w) {
    var used = {};
    [w.main].concat(w.rows).forEach(function (set) {
      ((set && set.entry && set.entry.amounts) || []).forEach(function (name) {
        used[name] = true;
      });
    });
    CLAUSE_AMOUNTS.forEach(function (name) {
      if (w.controls[name]) w.controls[name].wrap.hidden = !used[name];
    });
  }

  // The article a clause set names: law, text and number.
  function articleOf(set) {
    var c = set.controls;
    return [c.law.input.value, c.version.input.value, c.article.input.value].join(".");
  }

  // The facts typed for one article (dates, amounts, circumstances) are not carried over to
  // another: a 2025 conduct date left from Art. 61 would make Art. 63 say "no penalty". They are
  // cleared when the reader picks another article, and the form says which were.
  var FACTS = ["conduct_date", "decision_date", "illegal_gains", "procurement_amount", "circumstances"];
  function clearFacts(w) {
    var en = [];
    var zh = [];
    FACTS.forEach(function (name) {
      var c = w.controls[name];
      if (!c) return;
      var names = label(c.field);
      if (c.field.type === "array") {
        var boxes = Array.from(c.input.querySelectorAll("input:checked"));
        if (!boxes.length) return;
        boxes.forEach(function (box) {
          box.checked = false;
        });
      } else {
        if (c.input.value.trim() === "") return;
        names = { en: names.en + " " + c.input.value.trim(), zh: names.zh + " " + c.input.value.trim() };
        c.input.value = "";
      }
      en.push(names.en);
      zh.push(names.zh);
    });
    clear(w.cleared);
    if (en.length) {
      w.cleared.appendChild(
        bi("Another article: cleared what was typed for the previous one (" + en.join("; ") + ").", "已换条文：此前条文填写的内容已清空（" + zh.join("；") + "）。")
      );
    }
  }

  // --- other provisions breached by the same act (Administrative Penalty Law art. 29) --------

  function violationFields(w) {
    var field = w.data.schemas.fine.filter(function (f) {
      return f.name === "violations";
    })[0];
    return field.fields;
  }

  // A row of selects for one more provision; `values` as in a shared link.
  function addRow(w, values) {
    var defaults = {};
    violationFields(w).forEach(function (field) {
      if (field.default !== null && field.default !== undefined) defaults[field.name] = field.default;
    });
    values = Object.assign(defaults, values);
    var n = ++w.rowCount;
    var row = { controls: {}, conduct: el("p", { class: "calc-conduct" }), entry: null };
    row.node = el("li", { class: "calc-also-row" }, []);
    var grid = el("div", { class: "calc-also-fields" }, []);
    violationFields(w).forEach(function (field) {
      var id = "calc-" + w.id + "-also" + n + "-" + field.name;
      var names = label(field);
      var input = el("select", { id: id, name: "also-" + field.name });
      var wrap = el("div", { class: "calc-field" }, [el("label", { for: id }, [bi(names.en, names.zh)]), input]);
      row.controls[field.name] = { field: field, wrap: wrap, input: input };
      grid.appendChild(wrap);
    });
    var remove = el("button", { type: "button", class: "md-button calc-also-remove" }, [bi("Remove this provision", "删除此条款")]);
    row.node.appendChild(grid);
    row.node.appendChild(row.conduct);
    row.node.appendChild(remove);
    w.rows.push(row);
    w.alsoList.appendChild(row.node);
    refreshClauses(w, row, values);
    row.node.addEventListener("change", function (event) {
      event.stopPropagation(); // refreshed here, then computed as any change
      refreshClauses(w, row);
      w.scheduleCompute();
    });
    remove.addEventListener("click", function () {
      w.rows.splice(w.rows.indexOf(row), 1);
      row.node.remove();
      refreshAmounts(w);
      w.addButton.focus();
      w.scheduleCompute();
    });
    return row;
  }

  function alsoFieldset(w) {
    w.alsoList = el("ol", { class: "calc-also-list" }, []);
    w.addButton = el("button", { type: "button", class: "md-button calc-also-add" }, [
      bi("Add a provision breached by the same act", "添加同一行为违反的其他条款"),
    ]);
    w.addButton.addEventListener("click", function () {
      var row = addRow(w, {});
      row.controls.law.input.focus();
      w.scheduleCompute();
    });
    return el("fieldset", { class: "calc-group calc-also" }, [
      el("legend", {}, [bi("Other provisions breached by the same act", "同一行为违反的其他条款")]),
      el("div", { class: "calc-help" }, [
        bi(
          "One act that breaches several provisions, of one law or of several, is fined only once, under the provision with the higher fine (Administrative Penalty Law art. 29). The result shows that fine, the other provisions' measures beside it, and each provision on its own.",
          "同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚（《行政处罚法》第二十九条）。计算结果列出该罚款、其他条款规定的其他措施，以及各条款单独适用的结果。",
          "small"
        ),
      ]),
      w.alsoList,
      w.addButton,
    ]);
  }

  // "pipl.2021.66.1..base" (law, version, article, paragraph, item, tier) and back, for the address
  function rowToText(v) {
    return CLAUSE_FIELDS.map(function (name) {
      return v[name] === undefined ? "" : String(v[name]);
    }).join(".");
  }
  function rowFromText(text) {
    var parts = String(text).split(".");
    var values = {};
    CLAUSE_FIELDS.forEach(function (name, i) {
      if (parts[i]) values[name] = parts[i];
    });
    return values;
  }

  // The clause a set names, as the calculator's JSON: numbers as numbers, an absent item left out.
  function clauseInput(set) {
    var out = {};
    CLAUSE_FIELDS.forEach(function (name) {
      var c = set.controls[name];
      if (c.wrap.hidden && name === "item") return;
      var value = c.input.value;
      if (value === "") return;
      out[name] = c.field.type === "integer" ? Number(value) : value;
    });
    return out;
  }

  function refreshSpecs(w) {
    var product = w.controls.product.input.value;
    var metrics = w.data.productMetrics[product] || [];
    var any = false;
    Object.keys(w.controls).forEach(function (name) {
      if (name.indexOf("specs.") !== 0) return;
      var shown = metrics.indexOf(name.slice(6)) >= 0;
      w.controls[name].wrap.hidden = !shown;
      any = any || shown;
    });
    w.controls.specs.wrap.hidden = !any;
  }

  // Values from the form, as the calculator's JSON input, and the fields refused here (a comma
  // that could be a decimal comma, a figure no JSON number can carry): {input, errors}.
  function readInput(w) {
    var input = {};
    var errors = [];
    function take(field, name, raw, into, key) {
      var read = scalar(field, raw, name);
      if (read.error) errors.push(read.error);
      else if (read.value !== undefined) into[key] = read.value;
    }
    w.fields.forEach(function (field) {
      var control = w.controls[field.name];
      if (field.type === "object" && field.fields) {
        var nested = {};
        field.fields.forEach(function (sub) {
          var name = field.name + "." + sub.name;
          var c = w.controls[name];
          if (!c.wrap.hidden) take(sub, name, c.input.value, nested, sub.name);
        });
        if (Object.keys(nested).length) input[field.name] = nested;
      } else if (field.type === "array") {
        var checked = Array.from(control.input.querySelectorAll("input:checked")).map(function (box) {
          return box.value;
        });
        if (checked.length) input[field.name] = checked;
      } else if (!control.wrap.hidden) {
        take(field, field.name, control.input.value, input, field.name);
      }
    });
    if (w.rows && w.rows.length) {
      // one act, several provisions: the form's clause and the others, as `violations`
      CLAUSE_FIELDS.forEach(function (name) {
        delete input[name];
      });
      input.violations = [clauseInput(w.main)].concat(w.rows.map(clauseInput));
    }
    return { input: input, errors: errors };
  }

  // How a typed figure is read (docs/calculators/interface.md, "The in-page forms"):
  // - a decimal point only: 8.5, .5, 1e6, with an optional sign;
  // - a comma only as a thousands separator, in groups of three after a first group of one to
  //   three digits (1,000,000; 1,234.56), and only in fields where that cannot be a decimal comma:
  //   whole numbers, and CNY amounts (the yuan has two decimal places, so 8,500 is not 8.5 yuan);
  // - any other comma (8,5; 1.234,5; 12,50), or any comma in a measure (Tbps, GB, µs, where 1,250
  //   could be 1.25), is refused beside the field, never guessed;
  // - a figure that no JSON number can carry (1e400, 1e-400) is refused beside the field rather
  //   than sent as Infinity (which JSON turns into null, i.e. "not given") or as 0;
  // - anything else that is not a number goes to the calculator as typed, which names the error.
  var NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  var GROUPED = /^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
  var QUOTED = 40; // characters of a user's text quoted back, as the calculator does

  function quoted(text) {
    return text.length <= QUOTED ? text : text.slice(0, QUOTED - 1) + "…";
  }

  var CHINESE_UNITS = /^([-+]?(?:\d+\.?\d*|\.\d+))\s*(万|亿)\s*元?$/;

  function scalar(field, raw, name) {
    var text = String(raw).trim();
    if (text === "") return {};
    if (field.type === "date") return dateValue(text, name);
    if (field.type !== "integer" && field.type !== "number") return { value: text };
    var plain = text.replace(/\uFF0C/g, ","); // a full-width comma is a comma too
    if (field.unit === "CNY") {
      plain = plain.replace(/\s*元$/, "");
      // 100万, 1.5亿: the sum in yuan, worked out in whole fen so that 1.2万 is 12000, not 11999.99…
      var units = CHINESE_UNITS.exec(plain);
      if (units) {
        var scale = units[2] === "万" ? 1e4 : 1e8;
        return { value: Math.round(Number(units[1]) * scale * 100) / 100 };
      }
    }
    var shown = quoted(text);
    if (plain.indexOf(",") >= 0 && NUMBER_TEXT.test(plain.replace(/,/g, ""))) {
      var grouping = field.type === "integer" || field.unit === "CNY";
      if (!grouping || !GROUPED.test(plain)) {
        var head = ["“" + shown + "”: this comma is ambiguous (a decimal comma, or a thousands separator?), so the figure is not read. ", "“" + shown + "”中的逗号有歧义（是小数点还是千位分隔符？），故不予读取。"];
        var how =
          field.type === "integer"
            ? ["Give a whole number; a comma is accepted only between groups of three digits (400,000).", "请填写整数；逗号只可用作三位一组的千位分隔符（400,000）。"]
            : grouping
            ? ["Write decimals with a point (8.5); a comma is accepted only between groups of three digits (1,000,000).", "小数请用小数点（8.5）；逗号只可用作三位一组的千位分隔符（1,000,000）。"]
            : ["Write the figure without commas, with a point for decimals (1.25).", "请不用逗号填写，小数用小数点（1.25）。"];
        return { error: { field: name, message: head[0] + how[0], message_zh: head[1] + how[1] } };
      }
      plain = plain.replace(/,/g, "");
    }
    // not a number: sent as typed, for the calculator to refuse and say why
    if (!NUMBER_TEXT.test(plain)) return { value: text };
    var value = Number(plain);
    if (!isFinite(value)) {
      return {
        error: {
          field: name,
          message: "“" + shown + "” is too large to be represented; check the figure.",
          message_zh: "“" + shown + "”过大，无法表示；请核对数值。",
        },
      };
    }
    if (value === 0 && /[1-9]/.test(plain.split(/[eE]/)[0])) {
      return {
        error: {
          field: name,
          message: "“" + shown + "” is too close to 0 to be represented (it would be read as 0); give 0 or a figure that can be represented.",
          message_zh: "“" + shown + "”过于接近0，无法表示（会被当作0）；请填写0或可表示的数值。",
        },
      };
    }
    return { value: value === 0 ? 0 : value }; // no -0
  }

  // A date as the browser's date field gives it (YYYY-MM-DD); one after today is refused here,
  // as no conduct or decision can be dated in the future.
  function dateValue(text, name) {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    if (/^\d{4}-\d{2}-\d{2}$/.test(text) && text > today) {
      return {
        error: {
          field: name,
          message: text + " is after today (" + today + "): give the date on which it happened.",
          message_zh: text + "晚于今天（" + today + "）：请填写实际发生的日期。",
        },
      };
    }
    return { value: text };
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function setValue(w, name, value) {
    var control = w.controls[name];
    if (!control) return;
    if (control.field.type === "array") {
      var values = Array.isArray(value) ? value : String(value).split(",");
      control.input.querySelectorAll("input").forEach(function (box) {
        box.checked = values.indexOf(box.value) >= 0;
      });
    } else {
      control.input.value = value === null || value === undefined ? "" : String(value);
    }
  }

  // Field values from a query string (?article=61&circumstances=a,b&specs.cpu_count=2).
  function fromQuery(w, query) {
    var params = new URLSearchParams(query);
    var values = {};
    params.forEach(function (value, key) {
      if (w.controls[key]) values[key] = value;
    });
    return values;
  }

  // The other provisions of a shared link (?also=pipl.2021.66.1..base&also=…).
  function alsoFromQuery(query) {
    return new URLSearchParams(query).getAll("also").map(rowFromText);
  }

  function toQuery(w, input) {
    var params = new URLSearchParams(location.search);
    Object.keys(w.controls).forEach(function (name) {
      params.delete(name);
    });
    params.delete("also");
    Object.keys(input).forEach(function (name) {
      var value = input[name];
      if (name === "violations") {
        // the form's own clause as its fields, each other provision as one `also`
        Object.keys(value[0]).forEach(function (key) {
          params.set(key, String(value[0][key]));
        });
        value.slice(1).forEach(function (v) {
          params.append("also", rowToText(v));
        });
      } else if (Array.isArray(value)) params.set(name, value.join(","));
      else if (value && typeof value === "object") {
        Object.keys(value).forEach(function (sub) {
          params.set(name + "." + sub, String(value[sub]));
        });
      } else params.set(name, String(value));
    });
    return params.toString();
  }

  function build(w, data) {
    w.data = data;
    w.fields = data.schemas[w.kind].filter(function (f) {
      return f.name !== "violations"; // the other provisions have rows of their own (addRow)
    });
    w.rows = [];
    w.rowCount = 0;
    var timer = null;
    w.scheduleCompute = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        compute(w, true);
      }, 150);
    };
    w.form = el("form", { class: "calc-form", novalidate: true });
    w.conduct = el("p", { class: "calc-conduct" });
    w.fields.forEach(function (field) {
      if (field.type === "object" && field.fields) {
        var group = el("fieldset", { class: "calc-group" }, [el("legend", {}, [bi(label(field).en, label(field).zh)])]);
        w.controls[field.name] = { field: field, wrap: group, input: group, error: el("p", { class: "calc-field-error", role: "alert", hidden: true }) };
        group.appendChild(w.controls[field.name].error);
        field.fields.forEach(function (sub) {
          group.appendChild(fieldControl(w, sub, field.name));
        });
        w.form.appendChild(group);
      } else {
        w.form.appendChild(fieldControl(w, field));
      }
      if (field.name === "offender" && w.kind === "fine") {
        w.form.appendChild(w.conduct);
        w.form.appendChild(alsoFieldset(w));
      }
    });
    w.main = { controls: w.controls, conduct: w.conduct, entry: null };
    if (w.kind === "fine") {
      w.cleared = el("p", { class: "calc-note calc-cleared", role: "status" });
      w.conduct.parentNode.insertBefore(w.cleared, w.conduct.nextSibling);
    }
    w.formError = el("p", { class: "calc-field-error calc-form-error", role: "alert", hidden: true });
    w.copy = el("button", { type: "button", class: "md-button calc-copy", disabled: true }, [bi("Copy result", "复制结果")]);
    w.form.appendChild(w.formError);
    w.form.appendChild(
      el("p", { class: "calc-actions" }, [
        el("button", { type: "submit", class: "md-button md-button--primary" }, [bi("Calculate", "计算")]),
        " ",
        w.copy,
      ])
    );
    w.result = el("div", { class: "calc-result" });
    w.announce = el("p", { class: "calc-announce", role: "status" });
    w.root.appendChild(w.form);
    w.root.appendChild(w.announce);
    w.root.appendChild(w.result);

    // initial values: schema defaults, then the page's preset, then the address
    var values = {};
    w.fields.forEach(function (field) {
      if (field.default !== null && typeof field.default !== "object") values[field.name] = field.default;
    });
    Object.assign(values, fromQuery(w, w.root.getAttribute("data-preset") || ""));
    var fromAddress = fromQuery(w, location.search);
    Object.assign(values, fromAddress);
    var also = w.kind === "fine" ? alsoFromQuery(location.search) : [];
    w.linked = Object.keys(fromAddress).length > 0 || also.length > 0;
    if (w.kind === "fine") {
      refreshClauses(w, w.main, values);
      also.forEach(function (v) {
        addRow(w, v);
      });
      ["illegal_gains", "procurement_amount", "annual_turnover", "conduct_date", "decision_date", "circumstances"].forEach(function (name) {
        if (values[name] !== undefined) setValue(w, name, values[name]);
      });
      w.article = articleOf(w.main);
    } else {
      Object.keys(values).forEach(function (name) {
        setValue(w, name, values[name]);
      });
      refreshSpecs(w);
    }

    w.form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (w.kind === "fine") {
        // the select has its new value already: compare with the article the form last had
        if (["law", "version", "article", "paragraph", "item"].indexOf(name) >= 0) refreshClauses(w, w.main);
        if (articleOf(w.main) !== w.article) clearFacts(w);
        else clear(w.cleared);
        w.article = articleOf(w.main);
      }
      if (name === "product") refreshSpecs(w);
      w.scheduleCompute();
    });
    w.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      compute(w, true);
    });
    // the reader has started using the form: Python starts now, not when the first result is
    // asked for (the change is computed after a pause, 150 ms, in case more follow)
    ["focusin", "input", "change"].forEach(function (type) {
      w.form.addEventListener(type, startEngine, { once: true });
    });
    w.copy.addEventListener("click", function () {
      copyMemo(w);
    });
    showStatus(w);
  }

  // --- status -----------------------------------------------------------------------------

  function showStatus(w) {
    var status = w.status;
    clear(status);
    status.className = "calc-status calc-status--" + state.stage;
    if (state.stage === "failed") {
      var f = FAILURES[state.error.code] || FAILURES.crashed;
      status.appendChild(bi(f[0], f[1], "p"));
      status.appendChild(bi(f[2], f[3], "p"));
      status.appendChild(
        el("details", {}, [el("summary", {}, [bi("Technical details", "技术细节")]), el("pre", { text: state.error.code + "\n" + state.error.detail })])
      );
      return;
    }
    if (state.stage === "ready") {
      var how = state.path === "snapshot" ? ["from the prepared snapshot", "从预置快照启动"] : ["plain start", "常规启动"];
      status.appendChild(
        bi(
          "Ready: Python in your browser (" + how[0] + ", " + (state.bootMs / 1000).toFixed(1) + " s). Nothing you enter leaves this page.",
          "就绪：Python在您的浏览器中运行（" + how[1] + "，" + (state.bootMs / 1000).toFixed(1) + "秒）。输入内容不会离开本页。"
        )
      );
      return;
    }
    if (state.stage === "stalled") {
      status.appendChild(
        bi(
          "The download has paused: " + state.stallDetail + ", after " + bytesWords(state.loaded, state.total) +
            ". The connection may be slow or interrupted. What has arrived is kept: Retry continues from there.",
          "下载已暂停：暂时未收到数据（此前已收到" + bytesWords(state.loaded, state.total, true) +
            "）。网络连接可能较慢或已中断。已下载的部分会保留，点击“重试”将从中断处继续。",
          "p"
        )
      );
      var again = el("button", { type: "button", class: "md-button calc-retry" }, [bi("Retry", "重试")]);
      again.addEventListener("click", retry);
      status.appendChild(again);
      queuedNote(status);
      return;
    }
    var words = STAGES[state.stage] || STAGES.idle;
    if (state.stage === "idle") {
      status.appendChild(bi(words[0], words[1]));
      return;
    }
    if (downloading() && state.total > 0) {
      var shown = Math.min(state.loaded, state.total);
      status.appendChild(el("progress", { "aria-label": "Downloading 下载中", max: state.total, value: shown }));
      status.appendChild(
        bi(
          "Downloading the calculator (Python runtime): " + bytesWords(state.loaded, state.total) + ".",
          "正在下载计算器（Python运行环境）：" + bytesWords(state.loaded, state.total, true) + "。",
          "span"
        )
      );
    } else {
      status.appendChild(el("progress", { "aria-label": "Starting 启动中" }));
      status.appendChild(bi(words[0], words[1]));
    }
    queuedNote(status);
  }

  // "3.1 of 19.4 MB (16%)", "19.4 MB中的3.1 MB（16%）"
  function bytesWords(loaded, total, zh) {
    var mb = function (n) {
      return (n / 1e6).toFixed(1);
    };
    if (!total) return mb(loaded || 0) + " MB";
    var shown = Math.min(loaded, total);
    var percent = Math.floor((100 * shown) / total);
    if (zh) return mb(total) + " MB中的" + mb(shown) + " MB（" + percent + "%）";
    return mb(shown) + " of " + mb(total) + " MB (" + percent + "%)";
  }

  function queuedNote(status) {
    if (!state.queued) return;
    status.appendChild(
      bi(
        "Your calculation will be computed once the calculator is ready.",
        "计算器就绪后即会计算您的输入。",
        "p"
      )
    ).classList.add("calc-queued");
  }

  // --- computing and results ----------------------------------------------------------------

  function clearErrors(w) {
    Object.keys(w.controls).forEach(function (name) {
      var c = w.controls[name];
      c.error.hidden = true;
      clear(c.error);
      c.wrap.classList.remove("calc-field--invalid");
      if (c.input.removeAttribute) c.input.removeAttribute("aria-invalid");
    });
    w.formError.hidden = true;
    clear(w.formError);
  }

  function showFieldError(w, error) {
    var path = String(error.field || "").replace(/\[\d+\]/g, "");
    var control = path && w.controls[path];
    var target = control ? control.error : w.formError;
    target.appendChild(bi(error.message || "", error.message_zh || ""));
    target.hidden = false;
    if (control) {
      control.wrap.classList.add("calc-field--invalid");
      control.input.setAttribute("aria-invalid", "true");
    }
  }

  // byUser: the reader changed or submitted the form, so the address takes the inputs; the
  // first automatic result of a page with its preset leaves the address as it is
  function compute(w, byUser) {
    if (!w.form) return;
    w.computed = true;
    clearErrors(w);
    var read = readInput(w);
    var input = read.input;
    var seq = (w.seq = (w.seq || 0) + 1); // an answer still on its way is stale now
    if (read.errors.length) {
      // refused here: the calculator is not asked, and no earlier result stays beside the error
      read.errors.forEach(function (error) {
        showFieldError(w, error);
      });
      markStale(w);
      w.copy.disabled = true;
      w.root.removeAttribute("aria-busy");
      w.root.setAttribute("data-status", "2");
      state.refused = (state.refused || 0) + 1;
      return;
    }
    if (byUser || w.linked) {
      var query = toQuery(w, input);
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    w.root.setAttribute("aria-busy", "true");
    runCalculator(w.kind, JSON.stringify(input)).then(
      function (answer) {
        if (seq === w.seq) showAnswer(w, input, answer, false);
      },
      function () {
        w.root.removeAttribute("aria-busy");
      }
    );
  }

  // An answer of the calculator ({status, output}), computed now or when the site was built.
  function showAnswer(w, input, answer, prebuilt) {
    w.root.removeAttribute("aria-busy");
    var output;
    try {
      output = JSON.parse(answer.output);
    } catch (error) {
      output = { error: { field: null, message: String(answer.output), message_zh: "计算器出错" } };
    }
    w.copy.disabled = true;
    if (answer.status !== 0) {
      showFieldError(w, output.error || { field: null, message: answer.output, message_zh: "" });
      markStale(w);
    } else {
      clear(w.result);
      w.result.classList.remove("calc-result--stale");
      w.last = null;
      w.last = { input: input, output: output, url: location.href };
      if (prebuilt) {
        w.result.appendChild(
          el("p", { class: "calc-prebuilt" }, [
            bi(
              "Computed when this site was built, by the same calculator. Changing the form computes again, in your browser.",
              "本结果于网站构建时由同一计算器算出。修改表单后，将在您的浏览器中重新计算。",
              "small"
            ),
          ])
        );
      }
      w.result.appendChild(inputsSummary(w, input, output));
      w.result.appendChild(w.kind === "fine" ? fineResult(w, output) : certificationResult(w, output));
      w.copy.disabled = false;
    }
    announce(w, answer.status === 0);
    w.root.setAttribute("data-status", String(answer.status));
    // the last exchange with the calculator, for tests and benchmarks
    state.lastInput = input;
    state.lastOutput = answer.output;
    state.lastPrebuilt = prebuilt;
    if (prebuilt) state.prebuilt = (state.prebuilt || 0) + 1;
    state.results += 1;
    state.lastResultAt = performance.now();
    if (state.firstResultAt === null) state.firstResultAt = state.lastResultAt;
    if (prebuilt && !state.firstPrebuiltAt) state.firstPrebuiltAt = state.lastResultAt;
  }

  // The inputs a result was computed from, in words, with the result: on paper the form is not
  // printed (calculators.css), so a printed result carries what the reader typed and chose.
  function inputsSummary(w, input, output) {
    var items = [];
    function add(names, value) {
      items.push(el("li", {}, [bi(names.en + ": " + value.en, names.zh + "：" + value.zh)]));
    }
    function words(field, control, value) {
      if (field.type === "array") {
        var chosen = (field.choices || []).filter(function (ch) {
          return value.indexOf(ch.value) >= 0;
        });
        return {
          en: chosen.map(function (ch) { return ch.en; }).join("; "),
          zh: chosen.map(function (ch) { return ch.zh; }).join("；"),
        };
      }
      if (field.choices) {
        var choice = field.choices.filter(function (ch) {
          return ch.value === String(value);
        })[0];
        if (choice) return { en: choice.en, zh: choice.zh };
      }
      if (control && control.input.tagName === "SELECT") {
        var option = Array.from(control.input.options).filter(function (o) {
          return o.value === String(value);
        })[0];
        if (option) return { en: option.text, zh: option.text };
      }
      if (typeof value === "number") {
        var unit = field.unit && w.data.units[field.unit];
        var text = money(value);
        if (field.unit === "CNY") return { en: "CNY " + text, zh: text + "元" };
        return { en: text + (unit ? " " + unit.en : ""), zh: text + (unit ? " " + unit.zh : "") };
      }
      return { en: String(value), zh: String(value) };
    }
    // the provision (or provisions) as the calculator cites them
    var clauses = output.violations
      ? output.violations.map(function (v) {
          return v.request.clause;
        })
      : output.request && output.request.clause
        ? [output.request.clause]
        : [];
    clauses.forEach(function (c) {
      add({ en: "Provision", zh: "条款" }, { en: c.en, zh: c.zh });
    });
    w.fields.forEach(function (field) {
      var value = input[field.name];
      if (clauses.length && CLAUSE_FIELDS.indexOf(field.name) >= 0 && field.name !== "tier") return;
      if (field.name === "tier" && input.violations) return;
      if (value === undefined || value === null || value === "") return;
      if (field.type === "object" && field.fields) {
        field.fields.forEach(function (sub) {
          if (value[sub.name] === undefined) return;
          var c = w.controls[field.name + "." + sub.name];
          add(label(sub), words(sub, c, value[sub.name]));
        });
        return;
      }
      add(label(field), words(field, w.controls[field.name], value));
    });
    return el("section", { class: "calc-inputs" }, [
      el("h4", {}, [bi("Inputs", "输入")]),
      el("ul", {}, items),
    ]);
  }

  // The result of an earlier input stays in view after a refused one, marked as not current.
  function markStale(w) {
    w.last = null;
    if (!w.result.firstChild || w.result.classList.contains("calc-result--stale")) return;
    w.result.classList.add("calc-result--stale");
    w.result.insertBefore(
      el("p", { class: "calc-stale-note" }, [
        bi("This result is for the previous input: correct the field marked above to update it.", "以下结果对应此前的输入：请更正上方标出的字段以更新结果。"),
      ]),
      w.result.firstChild
    );
  }

  // One announcement per computation, once the reader has stopped changing the form for a moment
  // (arrow keys through a select change it at every step).
  function announce(w, ok) {
    clearTimeout(w.announceTimer);
    w.announceTimer = setTimeout(function () {
      clear(w.announce);
      w.announce.appendChild(
        ok ? bi("Result updated.", "计算结果已更新。") : bi("The input was not accepted: see the field marked.", "输入未被接受：请查看标出的字段。")
      );
    }, 800);
  }

  // --- results computed when the site was built (plugins/annotated_law/rendering/calculator_presets.py)

  // The JSON text both sides hash: keys sorted, no spaces.
  function canonical(value) {
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (key) {
        return JSON.stringify(key) + ":" + canonical(value[key]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  // FNV-1a, 32 bits, of the UTF-8 text (no crypto.subtle: plain-HTTP hosts are not secure contexts)
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return ("0000000" + hash.toString(16)).slice(-8);
  }

  // The build's result file of that name: its record, or null.
  function prebuiltRecord(name) {
    return fetch(siteUrl(config().results + name + ".json")).then(function (response) {
      return response.ok ? response.json() : null;
    });
  }

  // Show the build's result for the form's first input, if the build computed it: resolves true.
  function showPrebuilt(w) {
    var cfg = config();
    if (!cfg.results || w.kind !== "fine") return Promise.resolve(false);
    var read = readInput(w);
    if (read.errors.length) return Promise.resolve(false);
    var key = canonical(read.input);
    var name = fnv1a(key);
    var early = w.prebuilt && w.prebuilt.name === name ? w.prebuilt.record : null;
    return (early || prebuiltRecord(name))
      .then(
        function (record) {
          if (!record || canonical(record.input) !== key || w.computed) return false;
          var now = readInput(w); // the reader may have changed the form while it was fetched
          if (now.errors.length || canonical(now.input) !== key) return false;
          w.computed = true;
          showAnswer(w, read.input, record, true);
          return true;
        },
        function () {
          return false;
        }
      );
  }

  function link(citation, lang) {
    var text = lang === "zh" ? citation.zh : citation.en;
    if (!citation.url) return el("span", { class: "calc-cite", lang: lang === "zh" ? "zh-Hans" : "en", text: text });
    return el("a", { class: "calc-cite", href: siteUrl(citation.url), lang: lang === "zh" ? "zh-Hans" : "en", text: text });
  }

  function citeBoth(citation) {
    return el("span", { class: "calc-bi" }, [
      el("span", { class: "calc-en" }, [link(citation, "en")]),
      " ",
      el("span", { class: "calc-zh" }, [link(citation, "zh")]),
    ]);
  }

  // one formatter for every amount: toLocaleString with options builds a new one at each call
  var MONEY = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  function money(n) {
    return MONEY.format(Number(n));
  }

  // "A, B or C" / "A、B或者C"
  function orList(names, sep, last) {
    return names.length === 1 ? names[0] : names.slice(0, -1).join(sep) + last + names[names.length - 1];
  }

  // A fine in words. After mitigation (Administrative Penalty Law art. 32) the result gives
  // `mitigated_below`, the statutory minimum: lighter (从轻) is from it up to `max`, mitigated
  // (减轻) is below it; `min` is then 0 only because the law sets no floor for 减轻.
  function fineWords(f) {
    var words = rangeWords(f);
    if (!f.caps) return words;
    var caps = capsWords(f.caps);
    return { en: words.en + caps.en, zh: words.zh + caps.zh };
  }

  // A fine capped at a fixed sum 或者 a share of the previous year's turnover (PIPL art. 66(2)):
  // both caps, and which is the top of the exposure (the higher: the editors' reading).
  function capsWords(c) {
    var fixed = money(c.fixed);
    var pct = String(c.turnover_percent);
    if (c.turnover_cap === null || c.turnover_cap === undefined) {
      return {
        en: " — the statute's caps: CNY " + fixed + ", or " + pct + "% of the previous year's turnover; no turnover was given, so only CNY " + fixed + " is shown as the top",
        zh: "——法定上限：" + fixed + "元，或者上一年度营业额的百分之" + pct + "；未填写营业额，故仅以" + fixed + "元列为上限",
      };
    }
    var share = money(c.turnover_cap);
    var which = {
      fixed: ["the fixed cap is the higher", "固定数额较高"],
      turnover_share: ["the turnover share is the higher", "营业额比例较高"],
      equal: ["both caps are equal", "两者相等"],
    }[c.higher] || ["", ""];
    return {
      en: " — the statute's caps: CNY " + fixed + ", or " + pct + "% of the previous year's turnover of CNY " + money(c.annual_turnover) + " = CNY " + share + "; " + which[0] + " and is shown as the top (the editors' reading)",
      zh: "——法定上限：" + fixed + "元，或者上一年度营业额" + money(c.annual_turnover) + "元的百分之" + pct + "即" + share + "元；" + which[1] + "，列为上限（编者理解）",
    };
  }

  function rangeWords(f) {
    var may = f.discretionary ? { en: "may: ", zh: "可以" } : { en: "", zh: "" };
    if (f.mitigated_below !== undefined && f.mitigated_below !== null) {
      var high = money(f.max);
      if (f.mitigated_below === 0) {
        // an upper limit only (…元以下): no minimum to go below
        return {
          en: may.en + "lighter (从轻): up to CNY " + high + " (the statutory range has no minimum to go below)",
          zh: may.zh + "从轻处" + high + "元以下罚款",
        };
      }
      var low = money(f.mitigated_below);
      return {
        en: may.en + "lighter (从轻) CNY " + low + "–" + high + ", or mitigated (减轻) below CNY " + low,
        zh: may.zh + "从轻处" + low + "元以上" + high + "元以下罚款，或者减轻处低于" + low + "元的罚款",
      };
    }
    var range = f.min === 0 && (f.basis === "cap" || f.basis === "cap_or_turnover_share") ? { en: "up to CNY " + money(f.max), zh: money(f.max) + "元以下" } : { en: "CNY " + money(f.min) + "–" + money(f.max), zh: money(f.min) + "元以上" + money(f.max) + "元以下" };
    var basis = {
      multiple_of_illegal_gains: [" (multiple of the illegal gains)", "（违法所得的倍数）"],
      multiple_of_procurement_amount: [" (multiple of the procurement amount)", "（采购金额的倍数）"],
    }[f.basis] || ["", ""];
    return {
      en: may.en + range.en + basis[0],
      zh: (f.discretionary ? "可以处" : "处") + range.zh + "罚款" + basis[1],
    };
  }

  // Detention in words: a minimum of 0 means the authority may impose none (art. 33(1), second
  // sentence); `mitigated_below` as for fines (art. 32), in whole days.
  function detentionWords(d) {
    if (!d) return { en: "—", zh: "—" };
    var may = d.min === 0 ? { en: "may: ", zh: "可以" } : { en: "", zh: "" };
    if (d.mitigated_below) {
      var b = d.mitigated_below;
      return {
        en: may.en + "lighter (从轻) " + b + "–" + d.max + " days, or mitigated (减轻) fewer than " + b + " days",
        zh: may.zh + "从轻处" + b + "日以上" + d.max + "日以下，或者减轻处不满" + b + "日",
      };
    }
    if (d.min === 0) return { en: "may: up to " + d.max + " days", zh: "可以处" + d.max + "日以下" };
    return { en: d.min + "–" + d.max + " days", zh: d.min + "日以上" + d.max + "日以下" };
  }

  // Measures in words. Consecutive measures of one `one_of` group with the same force are
  // alternatives joined by 或者 in the text: one of them is imposed, so they are shown as one.
  function measureWords(o, data) {
    var groups = [];
    o.measures.forEach(function (m) {
      var last = groups[groups.length - 1];
      if (last && m.one_of && last.one_of === m.one_of && last.mandatory === m.mandatory) last.codes.push(m.code);
      else groups.push({ one_of: m.one_of || null, mandatory: m.mandatory, codes: [m.code] });
    });
    var en = [];
    var zh = [];
    if (o.confiscation) {
      en.push(data.measures.confiscate_illegal_gains.en);
      zh.push(data.measures.confiscate_illegal_gains.zh);
    }
    groups.forEach(function (g) {
      var words = g.codes.map(function (code) {
        return data.measures[code] || { en: code, zh: code };
      });
      var names = {
        en: orList(words.map(function (x) { return x.en; }), ", ", " or "),
        zh: orList(words.map(function (x) { return x.zh; }), "、", "或者"),
      };
      var one = g.codes.length > 1 ? { en: "one of: ", zh: "择一：" } : { en: "", zh: "" };
      en.push((g.mandatory ? "" : "may: ") + one.en + names.en);
      zh.push((g.mandatory ? "" : "可以") + one.zh + names.zh);
    });
    return { en: en.join("; ") || "—", zh: zh.join("；") || "—" };
  }

  // An outcome in words, in both languages: {party, fine, detention, measures}. `r` is the result
  // the outcome belongs to: where the authority may impose no penalty (Administrative Penalty Law
  // art. 33(1)) and the statute has a minimum, the fine or detention starts at 0, and says why.
  function outcomeWords(o, data, r) {
    var v = data.vocabulary;
    var statutory = r && r.no_penalty_possible ? statutoryOutcome(o, r) : null;
    return {
      party: o.scope ? v.scopes[o.scope] : v.parties[o.party],
      fine: o.fine ? zeroFloorFine(o.fine, statutory && statutory.fine) || fineWords(o.fine) : { en: "—", zh: "—" },
      detention: zeroFloorDetention(o.detention_days, statutory && statutory.detention_days) || detentionWords(o.detention_days),
      measures: measureWords(o, data),
    };
  }

  // The same party's outcome before mitigation.
  function statutoryOutcome(o, r) {
    return (r.unmitigated_outcomes || []).filter(function (u) {
      return u.party === o.party && (u.scope || null) === (o.scope || null);
    })[0] || null;
  }

  var ZERO_WHY = {
    en: " — 0 because the authority may impose no penalty (Administrative Penalty Law art. 33(1)); the statute: ",
    zh: "——下限为0：可以不予行政处罚（《行政处罚法》第三十三条第一款）；法定：",
  };

  // A fine whose minimum mitigation took to 0 (not a range the statute itself starts at 0).
  function zeroFloorFine(f, statutory) {
    var lowered = f.min === 0 && (f.mitigated_below === undefined || f.mitigated_below === null);
    if (!lowered || !statutory || !(statutory.min > 0)) return null;
    var before = fineWords(statutory);
    return {
      en: "may: CNY 0–" + money(f.max) + ZERO_WHY.en + before.en,
      zh: "可以处0元至" + money(f.max) + "元罚款" + ZERO_WHY.zh + before.zh,
    };
  }

  function zeroFloorDetention(d, statutory) {
    if (!d || d.min !== 0 || d.mitigated_below || !statutory || !(statutory.min > 0)) return null;
    var before = detentionWords(statutory);
    return {
      en: "may: 0–" + d.max + " days" + ZERO_WHY.en + before.en,
      zh: "可以处0日至" + d.max + "日拘留" + ZERO_WHY.zh + before.zh,
    };
  }

  function outcomesTable(outcomes, data, r) {
    var head = el("tr", {}, [
      ["Party", "对象"],
      ["Fine", "罚款"],
      ["Detention", "拘留"],
      ["Confiscation and measures", "没收及其他措施"],
      ["Clause", "条款"],
    ].map(function (h) {
      return el("th", {}, [bi(h[0], h[1])]);
    }));
    var body = outcomes.map(function (o) {
      var words = outcomeWords(o, data, r);
      return el("tr", { "data-party": o.party }, [
        el("td", {}, [bi(words.party.en, words.party.zh)]),
        el("td", { class: "calc-fine" }, [bi(words.fine.en, words.fine.zh)]),
        el("td", {}, [bi(words.detention.en, words.detention.zh)]),
        el("td", {}, [bi(words.measures.en, words.measures.zh)]),
        el("td", {}, [citeBoth(o.cite)]),
      ]);
    });
    // in a box of its own that scrolls on a narrow screen, so the page never scrolls sideways
    return el("div", { class: "calc-scroll" }, [
      el("table", { class: "calc-outcomes" }, [el("thead", {}, [head]), el("tbody", {}, body)]),
    ]);
  }

  var VERSION_NAMES = { 2016: ["the 2016 text", "2016年文本"], 2025: ["the 2025 text (as amended)", "2025年修正文本"] };

  // A law with several texts names the text; a law with one names the law (“the PIPL”).
  function textName(r, version, data) {
    var law = r.law || "csl";
    if (Object.keys(data.clauseIndex[law] || {}).length > 1 && VERSION_NAMES[version]) return VERSION_NAMES[version];
    var names = data.vocabulary.laws[law] || { short_en: law, short_zh: law };
    return ["the " + names.short_en + " (" + version + ")", names.short_zh + "（" + version + "年）"];
  }

  // Which text was applied, and why, from `applied_version`, `applied_clause` and `law_in_time`.
  // The conduct's date may be missing while a decision date before 2026 bounds it
  // (`conduct_date_bounded_by_decision`): the words then say so, never "(null)".
  function appliedWhy(r, data) {
    var t = r.law_in_time;
    var inForce = (t && t.in_force) || "";
    var bounded = !!(t && t.conduct_date_bounded_by_decision);
    if (!r.applied_version) {
      if (bounded) {
        return [
          "No text applies: no date of the conduct was given, and the decision (" + t.decision_date + ") precedes " + inForce + ", when the Law took effect, so the conduct does too.",
          "不适用：未填写违法行为日期，而处罚决定（" + t.decision_date + "）早于该法施行之日（" + inForce + "），违法行为亦然。",
        ];
      }
      var on = t && t.conduct_date ? [" (" + t.conduct_date + ")", "（" + t.conduct_date + "）"] : ["", ""];
      return [
        "No text applies: the conduct" + on[0] + " predates the Law (in force " + inForce + ").",
        "不适用：违法行为" + on[1] + "发生在该法施行（" + inForce + "）之前。",
      ];
    }
    var name = textName(r, r.applied_version, data);
    if (!t) return ["Applied: " + name[0] + ", as asked (no date of conduct given).", "适用" + name[1] + "（未填写行为日期，按所选文本）。"];
    var at = t.text_at_conduct ? textName(r, t.text_at_conduct, data) : ["—", "—"];
    // "the conduct (2025-06-01)", or what the decision date tells of it
    var conduct = bounded
      ? [
          "the conduct (no date given: it cannot be later than the decision, " + t.decision_date + ", so it took place before 2026-01-01)",
          "违法行为（未填写日期：其不可能晚于" + t.decision_date + "的处罚决定，故发生于2026年1月1日之前）",
        ]
      : ["the conduct (" + t.conduct_date + ")", "违法行为（" + t.conduct_date + "）"];
    var Conduct = conduct[0].charAt(0).toUpperCase() + conduct[0].slice(1);
    if (!r.applied_clause) {
      // the text in force at the conduct sets no penalty for it (2025 Art. 63 before 2026)
      return [
        Conduct + " fell under " + name[0] + ", which sets no penalty for it.",
        conduct[1] + "发生时适用" + name[1] + "，该文本对此没有规定处罚。",
      ];
    }
    if (t.compared) {
      var why =
        t.lighter === "equal"
          ? ["both are the same here", "本案两者相同"]
          : t.lighter
          ? ["lighter here: " + t.lighter, "本案较轻者：" + t.lighter + "年文本"]
          : ["the 2025 text refers the conduct to other laws, so it is not treated as lighter", "2025年文本将该行为转致其他法律，不视为处罚较轻"];
      return [
        "Applied: " + name[0] + ". " + Conduct + " fell under " + at[0] + "; the later text applies only where it is lighter (" + why[0] + ").",
        "适用" + name[1] + "。" + conduct[1] + "发生时适用" + at[1] + "；新文本仅在较轻时适用（" + why[1] + "）。",
      ];
    }
    if (t.text_at_conduct === r.applied_version) {
      if (bounded) {
        return [
          "Applied: " + name[0] + ". No date of the conduct was given, but it cannot be later than the decision (" + t.decision_date + "), so it took place before 2026-01-01, when " + name[0] + " was in force.",
          "适用" + name[1] + "。未填写违法行为日期，但违法行为不可能晚于处罚决定（" + t.decision_date + "），故发生于2026年1月1日之前，当时施行的是" + name[1] + "。",
        ];
      }
      return ["Applied: " + name[0] + ", in force when the conduct happened (" + t.conduct_date + ").", "适用" + name[1] + "，即行为发生时（" + t.conduct_date + "）施行的文本。"];
    }
    // a note or referral of the text asked for, without a counterpart in the text of the conduct
    return [
      "Shown: " + name[0] + ", as asked. " + Conduct + " fell under " + at[0] + ", which has no counterpart to this clause.",
      "按所选" + name[1] + "列示。" + conduct[1] + "发生时适用" + at[1] + "，该文本没有对应条款。",
    ];
  }

  // The steps, each with the clauses it rests on, leaving out those the result above already cites.
  function stepsList(steps, cited) {
    return el(
      "ol",
      { class: "calc-steps" },
      steps.map(function (s) {
        var cites = el("span", { class: "calc-step-cites" }, []);
        (s.citations || []).forEach(function (c) {
          if (c.url && cited[c.url]) return;
          cites.appendChild(document.createTextNode(" "));
          cites.appendChild(citeBoth(c));
        });
        return el("li", {}, [bi(s.en, s.zh), cites]);
      })
    );
  }

  function citedAbove(r) {
    var cited = {};
    [r.applied_clause].concat((r.outcomes || []).map(function (o) {
      return o.cite;
    })).forEach(function (c) {
      if (c && c.url) cited[c.url] = true;
    });
    return cited;
  }

  function tail(r, parts) {
    if (r.steps && r.steps.length) {
      parts.push(el("h4", {}, [bi("Steps", "推理步骤")]));
      parts.push(stepsList(r.steps, citedAbove(r)));
    }
    if (r.warnings && r.warnings.length) {
      parts.push(el("h4", {}, [bi("Check", "请注意")]));
      parts.push(
        el(
          "ul",
          { class: "calc-warnings" },
          r.warnings.map(function (wa) {
            return el("li", { "data-code": wa.code }, [bi(wa.en, wa.zh)]);
          })
        )
      );
    }
    parts.push(el("p", { class: "calc-disclaimer" }, [bi(r.disclaimer.en, r.disclaimer.zh, "small")]));
    return el("section", { class: "calc-result-body" }, parts);
  }

  function fineSummary(r, data) {
    if (r.violations) return concurrenceSummary(r, data);
    var parts = [];
    var why = appliedWhy(r, data);
    var applied = el("p", { class: "calc-applied" }, [bi(why[0], why[1])]);
    if (r.applied_clause) {
      applied.appendChild(document.createTextNode(" "));
      applied.appendChild(citeBoth(r.applied_clause));
    }
    parts.push(applied);
    if (r.no_penalty) parts.push(el("p", { class: "calc-no-penalty" }, [bi("No penalty may be imposed under this Law.", "依照本法不得给予处罚。")]));
    if (r.no_penalty_possible) parts.push(el("p", { class: "calc-no-penalty" }, [bi("The authority may decide to impose no penalty.", "执法机关可以不予处罚。")]));
    if (r.answer) parts.push(el("p", { class: "calc-answer" }, [bi(r.answer.en, r.answer.zh)]));
    if (r.outcomes && r.outcomes.length) parts.push(outcomesTable(r.outcomes, data, r));
    return parts;
  }

  // One act, several provisions: the governing provision, the combined outcomes, then each
  // provision on its own.
  function concurrenceWhy(r) {
    var governing = r.governing_violation === null || r.governing_violation === undefined ? null : r.violations[r.governing_violation];
    var clause = governing && (governing.applied_clause || governing.request.clause);
    return {
      clause: clause,
      words: clause
        ? ["One act, several provisions: fined once, under the provision with the higher fine (Administrative Penalty Law art. 29):", "同一行为违反多个条款：按照罚款数额高的规定处罚一次（《行政处罚法》第二十九条）："]
        : ["One act, several provisions (Administrative Penalty Law art. 29): none of them sets a fine computed here; see the steps.", "同一行为违反多个条款（《行政处罚法》第二十九条）：各条款均无本计算器可计算的罚款，详见推理步骤。"],
    };
  }

  function concurrenceSummary(r, data) {
    var why = concurrenceWhy(r);
    var applied = el("p", { class: "calc-applied" }, [bi(why.words[0], why.words[1])]);
    if (why.clause) {
      applied.appendChild(document.createTextNode(" "));
      applied.appendChild(citeBoth(why.clause));
    }
    var parts = [applied];
    if (r.no_penalty) parts.push(el("p", { class: "calc-no-penalty" }, [bi("No penalty may be imposed.", "不得给予处罚。")]));
    if (r.no_penalty_possible) parts.push(el("p", { class: "calc-no-penalty" }, [bi("The authority may decide to impose no penalty.", "执法机关可以不予处罚。")]));
    if (r.outcomes && r.outcomes.length) parts.push(outcomesTable(r.outcomes, data, r));
    parts.push(el("h4", {}, [bi("Each provision on its own", "各条款单独适用")]));
    parts.push(
      el(
        "ol",
        { class: "calc-violations" },
        r.violations.map(function (v) {
          var item = el("li", {}, [citeBoth(v.applied_clause || v.request.clause)]);
          if (v.answer) item.appendChild(el("p", { class: "calc-answer" }, [bi(v.answer.en, v.answer.zh)]));
          if (v.no_penalty) item.appendChild(el("p", { class: "calc-no-penalty" }, [bi("No penalty may be imposed under it.", "依该条款不得给予处罚。")]));
          if (v.outcomes && v.outcomes.length) item.appendChild(outcomesTable(v.outcomes, data, v));
          return item;
        })
      )
    );
    return parts;
  }

  function fineResult(w, r) {
    var parts = [el("h3", {}, [bi("Result", "计算结果")])].concat(fineSummary(r, w.data));
    return tail(r, parts);
  }

  var DETERMINATIONS = {
    listed: ["In the catalogue: certification or testing is required before sale.", "属于目录范围：销售前须通过安全认证或安全检测。"],
    not_listed: ["Not in the catalogue.", "不属于目录范围。"],
    cannot_determine: ["Cannot determine from the known catalogue data.", "依据已知目录数据无法判断。"],
  };

  function certificationResult(w, r) {
    var d = DETERMINATIONS[r.determination];
    var parts = [
      el("h3", {}, [bi("Result", "检查结果")]),
      el("p", { class: "calc-determination", "data-determination": r.determination }, [el("strong", {}, [bi(d[0], d[1])])]),
      el("p", {}, [bi(r.reason.en, r.reason.zh)]),
    ];
    if (r.thresholds && r.thresholds.length) {
      var rows = r.thresholds.map(function (t) {
        var met = t.met === null ? ["not given", "未填写"] : t.met ? ["met", "满足"] : ["not met", "不满足"];
        return el("tr", {}, [
          el("td", {}, [bi(t.text_en || t.text, t.text)]),
          el("td", { text: t.given === null ? "—" : String(t.given) }),
          el("td", {}, [bi(met[0], met[1])]),
        ]);
      });
      parts.push(
        el("table", { class: "calc-thresholds" }, [
          el("thead", {}, [el("tr", {}, [el("th", {}, [bi("Threshold", "门槛")]), el("th", {}, [bi("Given", "填写值")]), el("th", {}, [bi("Result", "结果")])])]),
          el("tbody", {}, rows),
        ])
      );
    }
    if (r.requirements) {
      parts.push(el("p", {}, [bi(r.requirements.en, r.requirements.zh)]));
      parts.push(
        el(
          "ul",
          { class: "calc-standards" },
          r.requirements.standards.map(function (s) {
            return el("li", {}, [el("span", { text: s.std + " " }), bi(s.title_en, s.title_zh), s.mandatory ? bi(" (mandatory)", "（强制性）") : null]);
          })
        )
      );
    }
    if (r.exposure) {
      parts.push(el("h4", {}, [bi("If sold without certification or testing (Art. 63)", "未经认证或检测销售的后果（第六十三条）")]));
      if (r.exposure_conditional) parts.push(el("p", {}, [bi("This applies only if the product is in the catalogue.", "仅在产品属于目录范围时适用。")]));
      fineSummary(r.exposure, w.data).forEach(function (node) {
        parts.push(node);
      });
    }
    return tail(r, parts);
  }

  // --- the memo -----------------------------------------------------------------------------

  function permalink(citation) {
    return citation.url ? siteUrl(citation.url) : "";
  }

  function memoOutcomes(r, data, lines) {
    if (r.answer) lines.push(r.answer.en, "", r.answer.zh, "");
    (r.outcomes || []).forEach(function (o) {
      var words = outcomeWords(o, data, r);
      // only what the clause imposes: no "fine —" or "detention —"
      function present(pairs) {
        return pairs
          .filter(function (pair) {
            return pair[1] !== "—";
          })
          .map(function (pair) {
            return pair[0] + pair[1];
          });
      }
      var en = present([["fine ", words.fine.en], ["detention ", words.detention.en], ["", words.measures.en]]);
      var zh = present([["", words.fine.zh], ["拘留", words.detention.zh], ["", words.measures.zh]]);
      lines.push(
        "- " + words.party.en + ": " + (en.join("; ") || "no penalty listed") + " — [" + o.cite.en + "](" + permalink(o.cite) + ")",
        "  " + words.party.zh + "：" + (zh.join("；") || "未列处罚") + " — [" + o.cite.zh + "](" + permalink(o.cite) + ")"
      );
    });
    if (r.no_penalty) lines.push("- No penalty may be imposed under this Law. 依照本法不得给予处罚。");
  }

  function memo(w) {
    var r = w.last.output;
    var titles = { fine: ["Fine calculation", "罚款计算"], certification: ["Certification check", "安全认证与检测检查"] }[w.kind];
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var lines = ["# " + titles[0] + " · " + titles[1] + " (" + today + ")", ""];
    lines.push("Rules version 规则版本: " + r.rules_version + " · Calculation 计算链接: " + w.last.url, "");
    lines.push("## Inputs · 输入", "");
    Object.keys(w.last.input).forEach(function (name) {
      var c = w.controls[name];
      var names = c ? label(c.field) : name === "violations" ? { en: "Provisions breached by one act", zh: "同一行为违反的条款" } : { en: name, zh: name };
      lines.push("- " + names.en + " " + names.zh + " (`" + name + "`): " + JSON.stringify(w.last.input[name]));
    });
    lines.push("", "## Result · 结果", "");
    if (w.kind === "fine" && r.violations) {
      var one = concurrenceWhy(r);
      var at = one.clause ? [" " + one.clause.en + " (" + permalink(one.clause) + ")", " " + one.clause.zh] : ["", ""];
      lines.push(one.words[0] + at[0], "", one.words[1] + at[1], "");
      memoOutcomes(r, w.data, lines);
      lines.push("", "### Each provision on its own · 各条款单独适用", "");
      r.violations.forEach(function (v, i) {
        var clause = v.applied_clause || v.request.clause;
        lines.push(i + 1 + ". " + clause.en + " · " + clause.zh, "");
        memoOutcomes(v, w.data, lines);
        lines.push("");
      });
    } else if (w.kind === "fine") {
      var why = appliedWhy(r, w.data);
      lines.push(why[0], "", why[1], "");
      memoOutcomes(r, w.data, lines);
    } else {
      lines.push(DETERMINATIONS[r.determination][0] + " " + DETERMINATIONS[r.determination][1], "", r.reason.en, "", r.reason.zh, "");
      if (r.exposure) {
        lines.push("Art. 63 exposure 第六十三条责任" + (r.exposure_conditional ? " (only if in the catalogue 仅在属于目录时)" : "") + ":", "");
        memoOutcomes(r.exposure, w.data, lines);
      }
    }
    lines.push("", "## Steps · 推理步骤", "");
    r.steps.forEach(function (s, i) {
      var cites = (s.citations || [])
        .map(function (c) {
          return c.url ? "[" + c.en + "](" + siteUrl(c.url) + ")" : c.en;
        })
        .join("; ");
      lines.push(i + 1 + ". " + s.en + (cites ? " — " + cites : ""), "   " + s.zh);
    });
    if (r.warnings.length) {
      lines.push("", "## Check · 请注意", "");
      r.warnings.forEach(function (wa) {
        lines.push("- " + wa.en, "  " + wa.zh);
      });
    }
    lines.push("", "## Citations · 引用", "");
    r.citations.forEach(function (c) {
      lines.push("- " + c.zh + " / " + c.en + (c.url ? " — " + siteUrl(c.url) : ""));
    });
    lines.push("", "> " + r.disclaimer.en, ">", "> " + r.disclaimer.zh, "");
    return lines.join("\n");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = el("textarea", { readonly: true, style: "position:fixed;opacity:0" });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  function copyMemo(w) {
    if (!w.last) return;
    var text = memo(w);
    w.copy.dataset.copied = text;
    copyText(text).then(function () {
      clear(w.copy);
      w.copy.appendChild(bi("Copied", "已复制"));
    });
  }

  // --- mounting (first load and every instant navigation) -----------------------------------

  function mount(root) {
    root.setAttribute("data-mounted", "");
    var w = { id: ++widgetCount, root: root, kind: root.getAttribute("data-calculator"), controls: {}, form: null };
    w.status = root.querySelector(".calc-status") || root.appendChild(el("p", { class: "calc-status", role: "status" }));
    widgets.push(w);
    if (!config()) {
      fail("not-built", "window.CSL_CALC_CONFIG is missing");
      return w;
    }
    showStatus(w);
    startIfCached();
    // the build names the result of the page's own preset: it is fetched with the forms, not
    // after them (unless the address gives other values, which the form reads first)
    var named = root.getAttribute("data-prebuilt");
    if (named && config().results && !location.search) {
      w.prebuilt = { name: named, record: prebuiltRecord(named) };
      w.prebuilt.record.catch(function () {}); // showPrebuilt sees the failure, if it asks
    }
    loadForms().then(
      function (data) {
        build(w, data);
        if (engine && engine.ready) return compute(w);
        // Python is fetched only for a result the build did not compute, or when the form is used
        showPrebuilt(w).then(function (shown) {
          if (shown) return;
          if (engine && engine.ready) compute(w);
          else startWhenIdle();
        });
      },
      function (error) {
        state.stage = "failed";
        state.error = { code: "forms-missing", detail: String(error) };
        showStatus(w);
      }
    );
    return w;
  }

  function mountAll() {
    // widgets of a page left by instant navigation are gone from the document
    widgets = widgets.filter(function (w) {
      return document.body.contains(w.root);
    });
    var roots = document.querySelectorAll(".calc:not([data-mounted])");
    if (!roots.length) return;
    roots.forEach(mount);
  }

  // start Python when the browser is idle, so the page itself stays responsive
  function startWhenIdle() {
    if (engine) return;
    if (window.requestIdleCallback) window.requestIdleCallback(startEngine, { timeout: 250 });
    else setTimeout(startEngine, 50);
  }

  // A reader who has used a calculator before (this browser remembers it) mostly has its runtime
  // in the HTTP cache: it starts at once then, with nothing from the network, so their first
  // input is answered sooner. Anyone else keeps the rule above: Python is fetched only when the
  // form is used (not even this cache probe is made).
  var USED = "csl-calculators-used";

  function remember(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (e) {
      /* storage refused: no early start next time */
    }
  }

  function usedBefore() {
    try {
      return Boolean(localStorage.getItem(USED));
    } catch (e) {
      return false;
    }
  }

  function startIfCached() {
    var cfg = config();
    if (engine || !cfg || !cfg.snapshot || location.protocol === "file:") return;
    var early = window.CSL_CALC_EARLY;
    if (early && !early.failed) {
      // started in the <head>: it has asked the cache already, or will say
      if (early.hit) startEngine();
      else if (early.hit === undefined) early.onHit = startEngine;
      return;
    }
    if (!usedBefore()) return;
    fetch(siteUrl(cfg.snapshot.url), { cache: "only-if-cached", mode: "same-origin" }).then(
      function (response) {
        if (response.body) response.body.cancel();
        if (response.ok) startEngine();
      },
      function () {} // not in the cache
    );
  }

  // The page's forms are built as soon as this script has run (it comes after the article), not
  // when the theme's document$ first emits, after DOMContentLoaded: the form, and with it a
  // reader's first input, comes sooner (by 140 ms on a first visit here). document$ mounts the
  // forms of each page instant navigation brings; mountAll leaves a mounted form alone.
  mountAll();
  if (window.document$) window.document$.subscribe(mountAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
})();
