// The reader's side of the statute pages: layout switch, page outline, term popovers, Cite,
// and a notice for links to a paragraph that does not exist. Mounted on every page through
// Material's document$, so all of it keeps working under instant navigation. No inline script
// or handler anywhere: the site is served with a strict Content-Security-Policy.
(function () {
  "use strict";
  var KEY = "csl-law-layout";
  var LAYOUTS = ["zh", "en", "side", "interleaved"];
  var COPIED_FOR = 2000; // ms that "Copied" shows before the button reads "Cite" again
  // ?layout=… in the address: this visit only (this document, across instant navigation), never
  // saved. Pressing a layout button saves the reader's choice and ends the override.
  var visitLayout = null;

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
    syncOutline();
  }

  function dropLayoutFromAddress() {
    var url = new URL(location.href);
    if (!url.searchParams.has("layout")) return;
    url.searchParams.delete("layout");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }

  // --- page outline: Material's table of contents lists only the headings the layout shows ---

  function byHash(hash) {
    var id = hash.replace(/^#/, "");
    if (!id) return null;
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    return document.getElementById(id);
  }

  function shown(element) {
    return element.getClientRects().length > 0;
  }

  function syncOutline() {
    document.querySelectorAll("nav.md-nav--secondary a.md-nav__link").forEach(function (link) {
      // Material's instant navigation writes the links out in full: this page's are the outline
      if (!link.hash || link.pathname !== location.pathname) return;
      var heading = byHash(link.hash);
      var item = link.closest("li");
      if (!heading || !item) return;
      item.hidden = !shown(heading);
    });
  }

  // --- term popovers: under their term, inside the window ------------------------------------

  var GAP = 4; // px between the term and its popover
  var MARGIN = 8; // px the popover keeps from the edges of the window

  function invoker(popover) {
    return document.querySelector('[popovertarget="' + CSS.escape(popover.id) + '"]');
  }

  function place(popover) {
    var term = invoker(popover);
    var lines = term ? term.getClientRects() : [];
    if (!lines.length) {
      popover.classList.remove("law-term-pop--placing");
      return;
    }
    // a term that wraps: under its last line, from where that line starts
    var line = lines[lines.length - 1];
    var width = document.documentElement.clientWidth;
    var height = window.innerHeight;
    // measured at the top left of the page, where it has the whole width of the window
    popover.classList.add("law-term-pop--placed");
    popover.style.maxHeight = "";
    popover.style.left = window.scrollX + "px";
    popover.style.top = window.scrollY + "px";
    var box = popover.getBoundingClientRect();
    var left = Math.max(MARGIN, Math.min(line.left, width - box.width - MARGIN));
    var below = height - line.bottom - GAP - MARGIN;
    var above = lines[0].top - GAP - MARGIN;
    var top;
    if (box.height <= below || below >= above) {
      top = line.bottom + GAP;
      if (box.height > below) popover.style.maxHeight = Math.max(below, 80) + "px";
    } else {
      if (box.height > above) popover.style.maxHeight = above + "px";
      top = lines[0].top - GAP - Math.min(box.height, above);
    }
    // absolute in the top layer: page coordinates, so the popover scrolls with its term
    popover.style.left = left + window.scrollX + "px";
    popover.style.top = top + window.scrollY + "px";
    popover.classList.remove("law-term-pop--placing");
  }

  function isTermPopover(target) {
    return target && target.classList && target.classList.contains("law-term-pop");
  }

  document.addEventListener("beforetoggle", function (event) {
    if (!isTermPopover(event.target) || event.newState !== "open") return;
    var popover = event.target;
    // it can be measured only once it is shown: hidden until placed, so that it never shows at
    // the centre of the window, where the browser opens a popover
    popover.classList.add("law-term-pop--placing");
    requestAnimationFrame(function () { place(popover); });
  }, true);
  document.addEventListener("toggle", function (event) {
    if (isTermPopover(event.target) && event.newState === "open") place(event.target);
  }, true);
  window.addEventListener("resize", function () {
    document.querySelectorAll(".law-term-pop:popover-open").forEach(place);
  });

  // --- a link that opens search (the landing page's "Search · 搜索") ----------------------------

  // href="?q=" opens Material's search when the page is loaded from it; a click on the page
  // itself opens the dialog and focuses the box (which loads the index), without a navigation.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest("a.law-open-search");
    var toggle = document.getElementById("__search");
    var box = document.querySelector("input.md-search__input");
    if (!link || !toggle || !box) return;
    event.preventDefault();
    event.stopPropagation();
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    box.focus();
  }, true);

  // --- links within the page: the browser's own jump ------------------------------------------

  // Material's instant navigation takes every click on a link of the site, and for a link within
  // the page it scrolls back to where the page was if the reader had scrolled in the last 100 ms
  // (it saves the position then). A cross-reference, ¶ or definition link whose target is on
  // this page (the whole law) is left to the browser: it jumps, :target and hashchange follow.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || !(event.target instanceof Element)) return;
    var link = event.target.closest(".law-text a[href], .law-term-pop a[href]");
    if (!link || !link.hash || link.target) return;
    if (link.origin !== location.origin || link.pathname !== location.pathname ||
        link.search !== location.search || !byHash(link.hash)) return;
    event.stopPropagation();
    var popover = link.closest(".law-term-pop");
    if (popover && popover.matches(":popover-open")) popover.hidePopover();
  }, true);

  // --- Cite: the citation in both languages and the address, with feedback that ends ---------

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "law-copy-area";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function announce(text) {
    var live = document.querySelector(".law-live");
    if (!live) {
      live = document.createElement("div");
      live.className = "law-live";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }

  function citation(button) {
    // one address: the permalink is relative (#p3 on an article page, ../article-61/#p3 on the
    // whole law), resolved without the query (?layout=…) of the page it was copied from
    var url = new URL(button.dataset.permalink, location.origin + location.pathname).href;
    return button.dataset.citeZh + "\n" + button.dataset.citeEn + "\n" + url;
  }

  function failed(button, text) {
    var block = button.closest(".law-block");
    var message = block && block.querySelector(".law-cite-error");
    if (block && !message) {
      message = document.createElement("div");
      message.className = "law-cite-error";
      message.setAttribute("role", "alert");
      message.setAttribute("data-search-exclude", "");
      var en = document.createElement("p");
      en.lang = "en";
      en.textContent = "Could not copy the citation: the browser did not allow access to the clipboard. Select it below and copy it by hand.";
      var zh = document.createElement("p");
      zh.lang = "zh-Hans";
      zh.textContent = "未能复制引注：浏览器不允许访问剪贴板。请选中下面的引注手动复制。";
      var shownText = document.createElement("pre");
      shownText.className = "law-cite-text";
      message.append(en, zh, shownText);
      block.appendChild(message);
    }
    if (message) message.querySelector(".law-cite-text").textContent = text;
  }

  function feedback(button, label, state) {
    var span = button.querySelector(".law-cite-label");
    clearTimeout(button.lawCiteTimer);
    button.classList.remove("law-cite--done", "law-cite--failed");
    button.classList.add(state);
    span.textContent = label;
    button.lawCiteTimer = setTimeout(function () {
      button.classList.remove(state);
      span.textContent = "Cite";
    }, COPIED_FOR);
  }

  function cite(button) {
    var text = citation(button);
    copy(text).then(function () {
      var block = button.closest(".law-block");
      var message = block && block.querySelector(".law-cite-error");
      if (message) message.remove();
      feedback(button, "Copied 已复制", "law-cite--done");
      announce("Citation copied · 已复制引注");
    }, function () {
      feedback(button, "Not copied 未复制", "law-cite--failed");
      failed(button, text);
    });
  }

  // --- a link to a paragraph, item or article this page does not have ------------------------

  var CLAUSE = /^(?:a(\d+)-)?p(\d+)(?:-i(\d+))?$/;

  function missingText(id) {
    var clause = CLAUSE.exec(id);
    var article = /^article-(\d+)$/.exec(id);
    var number = clause ? clause[1] : article ? article[1] : null;
    if (number && (article || clause[1]) && !document.getElementById("article-" + number)) {
      return {
        en: "This article does not exist in this text (the link asks for Article " + number + ").",
        zh: "本文本没有这一条（链接指向第" + number + "条）。"
      };
    }
    if (!clause) {
      return {
        en: "This page has no place “#" + id + "”: the link may be out of date.",
        zh: "本页没有链接所指的位置（#" + id + "），链接可能已过时。"
      };
    }
    var prefix = clause[1] ? "a" + clause[1] + "-" : "";
    var asked = "¶" + clause[2] + (clause[3] ? "(" + clause[3] + ")" : "");
    if (clause[3] && document.getElementById(prefix + "p" + clause[2])) {
      return {
        en: "This item does not exist in this article (the link asks for " + asked + ").",
        zh: "本条没有这一项（链接指向" + asked + "）。"
      };
    }
    var scope = clause[1] ? '[data-article="' + clause[1] + '"] .law-para' : ".law-text .law-para";
    var count = document.querySelectorAll(scope).length;
    return {
      en: "This paragraph does not exist in this article (the link asks for " + asked +
        (count ? "; the article has " + count + (count === 1 ? " paragraph" : " paragraphs") : "") + ").",
      zh: "本条没有这一款（链接指向" + asked + (count ? "；本条共" + count + "款" : "") + "）。"
    };
  }

  function checkTarget(scroll) {
    document.querySelectorAll(".law-missing").forEach(function (notice) { notice.remove(); });
    var hash = location.hash.slice(1);
    if (!hash || hash.indexOf("__") === 0) return; // Material's own (#__search, #__drawer)
    var id = hash;
    try { id = decodeURIComponent(hash); } catch (e) { /* keep it as written */ }
    if (document.getElementById(id) || document.getElementsByName(id).length) return;
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var text = missingText(id);
    var notice = document.createElement("div");
    notice.className = "law-missing";
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-search-exclude", "");
    var en = document.createElement("p");
    en.lang = "en";
    en.textContent = text.en;
    var zh = document.createElement("p");
    zh.lang = "zh-Hans";
    zh.textContent = text.zh;
    notice.append(en, zh);
    var heading = article.querySelector("h1");
    if (heading) heading.after(notice); else article.prepend(notice);
    if (scroll) notice.scrollIntoView({ block: "center" });
  }

  window.addEventListener("hashchange", function () { checkTarget(true); });

  // --- links to another page: the link's own fragment -----------------------------------------

  // Material's instant navigation opens the next page at the link's fragment only if the new
  // address has no saved state yet. The page being left may still write after the click: its
  // scroll position (100 ms after a scroll) and, with navigation.tracking, its heading in view as
  // the fragment (250 ms after). A click within that time (an inertial scroll, say) opened the
  // next page at the old page's offset, or at the top with the old heading in the address. Once
  // Material has placed the page, put the link's fragment back and go to it. Only a link clicked
  // to another page counts: back and forward, and the page first loaded, keep their position.
  var destination = null;
  var mountedPath = location.pathname; // the page on show; Material changes the address on click
  window.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    // defaultPrevented: Material took the click (instant navigation), not the browser; only an
    // HTML link has a pathname to compare (an SVG one's href is not even a string)
    if (event.defaultPrevented && link instanceof HTMLAnchorElement && link.pathname !== mountedPath) {
      destination = new URL(link.href);
    }
  });

  function keepDestination() {
    var wanted = destination;
    destination = null;
    if (!wanted || !wanted.hash || wanted.pathname !== location.pathname ||
        wanted.search !== location.search) return;
    if (wanted.hash !== location.hash) history.replaceState(history.state, "", wanted.href);
    // the browser's own jump to the same address: :target, and the theme's scroll margin
    if (byHash(wanted.hash)) location.replace(wanted.href);
  }

  // --- mount ---------------------------------------------------------------------------------

  function mount() {
    mountedPath = location.pathname;
    var fromUrl = new URLSearchParams(location.search).get("layout");
    if (LAYOUTS.indexOf(fromUrl) >= 0) visitLayout = fromUrl;
    applyLayout(visitLayout || storedLayout() || "interleaved", false);
    document.querySelectorAll(".law-layouts button").forEach(function (button) {
      button.addEventListener("click", function () {
        visitLayout = null;
        dropLayoutFromAddress();
        applyLayout(button.dataset.layout, true);
      });
    });
    document.querySelectorAll(".law-cite").forEach(function (button) {
      button.addEventListener("click", function () { cite(button); });
    });
    keepDestination();
    checkTarget(false);
  }

  if (window.document$) window.document$.subscribe(mount);
  else document.addEventListener("DOMContentLoaded", mount);
})();
