// Layout switch, copy-citation. Re-mounted on every page through Material's document$,
// so both keep working under instant navigation.
(function () {
  "use strict";
  var KEY = "csl-law-layout";
  var LAYOUTS = ["zh", "en", "side", "interleaved"];

  function storedLayout() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function applyLayout(layout, persist) {
    if (LAYOUTS.indexOf(layout) < 0) layout = "interleaved";
    document.documentElement.setAttribute("data-law-layout", layout);
    document.querySelectorAll(".law-layouts button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.layout === layout));
    });
    if (persist) {
      try { localStorage.setItem(KEY, layout); } catch (e) { /* private mode: session only */ }
    }
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }

  function mount() {
    var fromUrl = new URLSearchParams(location.search).get("layout");
    applyLayout(fromUrl || storedLayout() || "interleaved", Boolean(fromUrl));
    document.querySelectorAll(".law-layouts button").forEach(function (button) {
      button.addEventListener("click", function () { applyLayout(button.dataset.layout, true); });
    });
    document.querySelectorAll(".law-cite").forEach(function (button) {
      button.addEventListener("click", function () {
        var permalink = location.origin + location.pathname + button.dataset.permalink;
        var text = button.dataset.citeZh + "\n" + permalink + "\n" + button.dataset.citeEn + "\n" + permalink;
        button.dataset.copied = text;
        copy(text).then(function () {
          button.classList.add("law-cite--done");
          button.querySelector(".law-cite-label").textContent = "Copied 已复制";
        });
      });
    });
  }

  if (window.document$) window.document$.subscribe(mount);
  else document.addEventListener("DOMContentLoaded", mount);
})();
