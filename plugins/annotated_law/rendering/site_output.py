"""What a built site publishes: nothing unused, an error page for the sub-path it is served
under, and a copy to read from disk.

``plugin.py`` calls the first two last in the build; ``make publish`` (publish.py) the third.

``prune(site)``
    Nothing unused is published. The theme copies files that no page or worker loads: source
    maps (``*.map``, read only by a browser's developer tools; the comment naming each one is
    taken out of the file it maps) and the search languages the index does not use (Material's
    search worker imports ``lunr/min/lunr.<lang>.min.js`` per language of the index, a Japanese
    or Thai segmenter only for those languages). What the worker imports is worked out the way
    the worker does it; if the worker's text no longer shows that rule, nothing under ``lunr/``
    is removed and the reason is returned for the build to report.

``set_error_page_base(site, base)``
    The error page (``404.html``) is shown at whatever address was missing, at any depth, so no
    relative address in it can be right, and a script could not find the site's root either
    without knowing it (a strict Content-Security-Policy allows no inline script). The theme
    writes it with addresses from the root of the host (``/assets/…``). This rewrites them for
    the sub-path the site is served under (``/wiki/csl/``), which the host's error-page line names
    anyway: ``error_page 404 /wiki/csl/404.html;``. The page records its base in the theme's
    configuration, so it can be rewritten again for another sub-path
    (``python -m annotated_law.rendering.site_output error-page SITE /other/path/``).

``offline_copy(site, target)``
    A copy to read from disk (``file://``), for the release archive; the site itself is not
    changed. Browsers open a folder, not its ``index.html``, for a link to ``…/article-61/``, so
    every relative link to a page gets its ``index.html``. They run no Web Worker and allow no
    ``fetch`` from a file: the search index becomes a script (``search/search_index.js``, which
    the theme reads from ``file://``), a small script (OFFLINE_SCRIPT) runs the search worker in
    a hidden frame, and answers ``fetch`` for the few data files embedded in the copy. Instant
    navigation, which needs ``fetch``, is switched off in each page's configuration.

Part of the core: no MkDocs import, nothing about a law.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import html
import json
import posixpath
import re
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ERROR_PAGE = "404.html"
LUNR = "assets/javascripts/lunr"
SEARCH_INDEX = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"
_WORKER_GLOB = "assets/javascripts/workers/search.*.js"
# what Material's search worker must say for prune() to know which lunr files it imports
_WORKER_RULE = (
    "/min/lunr.stemmer.support.min.js",
    "/min/lunr.${",
    "/min/lunr.multi.min.js",
    "/tinyseg.js",
    "/wordcut.js",
)
_MAP_COMMENT = {
    ".js": re.compile(r"\n?//# sourceMappingURL=(?P<name>[^\s]+)\s*\Z"),
    ".css": re.compile(r"\n?/\*# sourceMappingURL=(?P<name>[^\s*]+) \*/\s*\Z"),
}
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# the theme's features that need fetch, which browsers refuse on file://
_FETCHING_FEATURES = {"navigation.instant", "navigation.instant.progress"}
_BUNDLE = re.compile(
    r'<script src="(?P<base>[^"]*)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>'
)
# attributes holding an address (data-permalink: the address a Cite button copies)
_URL_ATTRIBUTE = re.compile(r'(?P<lead>\s(?:href|src|action|data-permalink)=")(?P<url>[^"]*)"')


# --- nothing unused --------------------------------------------------------------------------


@dataclass
class Pruned:
    removed: list[str] = field(default_factory=list)  # site paths
    bytes: int = 0
    trimmed: list[str] = field(default_factory=list)  # files whose map comment was taken out
    kept_search_languages: str = ""  # why nothing under lunr/ was removed, if so


def search_scripts(languages: Iterable[str]) -> set[str]:
    """The files under lunr/ that Material's search worker imports for an index in these
    languages (its rule: a segmenter for ja, hi and th, a script per language but English,
    lunr.multi for more than one, and the stemmer support before any of them)."""
    languages = list(languages)
    wanted: list[str] = []
    for lang in languages:
        if lang == "ja":
            wanted.append("tinyseg.js")
        elif lang in ("hi", "th"):
            wanted.append("wordcut.js")
        if lang != "en":
            wanted.append(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        wanted.append("min/lunr.multi.min.js")
    return {"min/lunr.stemmer.support.min.js", *wanted} if wanted else set()


def _remove(site: Path, path: Path, pruned: Pruned) -> None:
    pruned.removed.append(path.relative_to(site).as_posix())
    pruned.bytes += path.stat().st_size
    path.unlink()


def prune(site: Path) -> Pruned:
    """Remove the source maps and the unused search languages from a built site."""
    pruned = Pruned()
    maps = sorted(site.rglob("*.map"))
    names = {path.name for path in maps}
    for path in maps:
        _remove(site, path, pruned)
    for path in sorted(site.rglob("*")):
        comment = _MAP_COMMENT.get(path.suffix)
        if comment is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        found = comment.search(text)
        if found and found["name"] in names:
            path.write_text(text[: found.start()] + "\n", encoding="utf-8")
            pruned.trimmed.append(path.relative_to(site).as_posix())
    lunr = site / LUNR
    if lunr.is_dir():
        index = site / SEARCH_INDEX
        workers = sorted(p for p in site.glob(_WORKER_GLOB) if p.is_file())
        worker = "".join(p.read_text(encoding="utf-8") for p in workers)
        missing = [rule for rule in _WORKER_RULE if rule not in worker]
        if not index.is_file():
            keep: set[str] = set()  # no search: the worker is never started
        elif missing:
            pruned.kept_search_languages = (
                f"Material's search worker does not show the rule prune() follows "
                f"(no {', '.join(missing)}); every file under {LUNR}/ is kept"
            )
            return pruned
        else:
            config = json.loads(index.read_text(encoding="utf-8")).get("config", {})
            keep = search_scripts(config.get("lang") or ["en"])
        for path in sorted(lunr.rglob("*")):
            if path.is_file() and path.relative_to(lunr).as_posix() not in keep:
                _remove(site, path, pruned)
        for folder in sorted((p for p in lunr.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
        if not any(lunr.iterdir()):
            lunr.rmdir()
    return pruned


# --- the error page --------------------------------------------------------------------------


def check_base(base: str) -> str:
    """A sub-path as the error page needs it: from the host's root, ending in a slash."""
    path = re.fullmatch(r"/(?:[A-Za-z0-9._~!$&()*+,;=:@%-]+/)*", base)
    if path is None or {".", ".."} & set(base.split("/")):
        raise ValueError(
            f"the sub-path must start and end with '/' and hold only URL path characters "
            f"(for example /wiki/csl/), not {base!r}"
        )
    return base


def _config(page: str) -> tuple[re.Match[str], dict]:
    found = _CONFIG.search(page)
    if found is None:
        raise ValueError('the page has no theme configuration (<script id="__config">)')
    return found, json.loads(found[2])


def _tojson(data: object) -> str:
    """JSON as the theme writes its configuration (Jinja's tojson: safe inside <script>)."""
    text = json.dumps(data, sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return text


def page_base(page: str) -> str:
    """The address of the site root a page written with absolute addresses uses (its theme
    configuration's base: "/" or "/." at the root, "/wiki/csl/." under a sub-path)."""
    _, config = _config(page)
    base = str(config.get("base", "/"))
    base = base[:-1] if base.endswith("/.") else base
    return base if base.endswith("/") else base + "/"


def retarget(page: str, base: str) -> str:
    """The error page's HTML with every address from its current base moved to `base`.

    Only the addresses change, by their prefix (what `sed` would do, so a site owner without
    Python can do the same: docs/calculators/hosting.md), and the theme's configuration records
    the new base."""
    check_base(base)
    old = page_base(page)
    if not old.startswith("/"):
        raise ValueError(f"the page's addresses are relative ({old!r}), not from the host's root")

    def move(url: str) -> str:
        return base + url[len(old) :] if url.startswith(old) and not url.startswith("//") else url

    def attribute(found: re.Match[str]) -> str:
        return f'{found["lead"]}{html.escape(move(html.unescape(found["url"])))}"'

    def config(found: re.Match[str]) -> str:
        text = re.sub(
            r'("base":\s*")[^"]*(")', lambda m: m[1] + base + "." + m[2], found[2], count=1
        )
        text = re.sub(
            r'("search":\s*")([^"]*)(")', lambda m: m[1] + move(m[2]) + m[3], text, count=1
        )
        return found[1] + text + found[3]

    # the theme resolves "/wiki/csl/." against the page as MkDocs' own "." base: the folder
    return _URL_ATTRIBUTE.sub(attribute, _CONFIG.sub(config, page, count=1))


def sed_expressions(old: str, new: str) -> list[str]:
    """The `sed` expressions that make of an error page whose base is `old` what
    retarget(page, new) makes of it (for a site owner with the built site but not this code)."""
    check_base(old)
    check_base(new)
    bre = re.sub(r"([.*$])", r"[\1]", old)  # a path's characters, literal in sed
    new = new.replace("&", "\\&")  # & in a sed replacement is the matched text
    return [
        f's#href="{bre}#href="{new}#g',
        f's#src="{bre}#src="{new}#g',
        f's#"base": "{bre}[.]#"base": "{new}.#',
        f's#"search": "{bre}#"search": "{new}#',
    ]


def sed_command(old: str, new: str, path: str) -> str:
    """One shell command (GNU and BSD sed) rewriting the error page at `path`."""
    expressions = " ".join(f"-e '{e}'" for e in sed_expressions(old, new))
    return f"sed -i.orig {expressions} {path} && rm {path}.orig"


def set_error_page_base(site: Path, base: str, page: str = ERROR_PAGE) -> bool:
    """Rewrite the site's error page for the sub-path `base`; False if the site has none."""
    path = site / page
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    changed = retarget(text, base)
    if changed != text:
        path.write_text(changed, encoding="utf-8")
    return True


# --- a copy to read from disk ----------------------------------------------------------------

OFFLINE_SCRIPT = """\
// Only in the copy of the edition made for reading from disk (file://); the published site
// does not load it (plugins/annotated_law/rendering/site_output.py). Browsers start no Web Worker and
// allow no fetch from a page opened from a file. This stands in for both, for this copy only:
// the search's worker script runs in a hidden frame of the page, exchanging messages with it
// as a worker would, and fetch answers for the data files embedded in the copy
// (window.OFFLINE_FILES, by path from the copy's root). A module worker (the calculators'
// Python) cannot be stood in for: the calculators say that they need a web server.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var root = new URL("../../", document.currentScript.src).href;

  var nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" ? input : input.url, location.href);
    var files = window.OFFLINE_FILES || {};
    var path = url.href.slice(root.length).split(/[?#]/)[0];
    if (url.href.indexOf(root) === 0 && Object.prototype.hasOwnProperty.call(files, path)) {
      var type = /\\.json$/.test(path) ? "application/json" : "text/plain";
      return Promise.resolve(new Response(files[path], { status: 200, headers: { "Content-Type": type } }));
    }
    // any other file of the copy: not there to fetch (the pages then do without it)
    if (url.href.indexOf(root) === 0) return Promise.resolve(new Response(null, { status: 404 }));
    return nativeFetch.apply(this, arguments);
  };

  class FrameWorker extends EventTarget {
    constructor(url, options) {
      super();
      if (options && options.type === "module") {
        throw new TypeError("a module worker needs a web server; it cannot run from a file");
      }
      this.onmessage = null;
      this.onerror = null;
      this.ready = false;
      this.waiting = [];
      var worker = this;
      var frame = (this.frame = document.createElement("iframe"));
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      document.body.appendChild(frame);
      var scope = frame.contentWindow;
      var doc = scope.document;
      doc.open();
      doc.write("<!DOCTYPE html><html><head></head><body></body></html>");
      doc.close();
      // what the worker's script calls: its answers go to this page
      scope.postMessage = function (data) {
        setTimeout(function () { worker.deliver(data); }, 0);
      };
      // a worker's importScripts loads in order and returns when done; here, a promise
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, src) {
          return done.then(function () {
            return new Promise(function (resolve, reject) {
              var script = doc.createElement("script");
              script.src = new URL(src, location.href).href;
              script.onload = function () { resolve(); };
              script.onerror = function () { reject(new Error("could not load " + src)); };
              doc.body.appendChild(script);
            });
          });
        }, Promise.resolve());
      };
      scope.addEventListener("error", function (event) { worker.fail(event.message, event.error); });
      var script = doc.createElement("script");
      script.src = new URL(url, location.href).href; // the first script: the worker finds its folder from it
      script.onload = function () {
        worker.ready = true;
        worker.waiting.splice(0).forEach(function (data) { worker.postMessage(data); });
      };
      script.onerror = function () { worker.fail("could not load " + url); };
      doc.body.appendChild(script);
    }
    postMessage(data) {
      if (!this.frame) return;
      if (!this.ready) { this.waiting.push(data); return; }
      var scope = this.frame.contentWindow;
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }
    deliver(data) {
      var event = new MessageEvent("message", { data: data });
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function") this.onmessage(event);
    }
    fail(message, error) {
      var event = new ErrorEvent("error", { message: message, error: error });
      this.dispatchEvent(event);
      if (typeof this.onerror === "function") this.onerror(event);
    }
    terminate() {
      if (this.frame) this.frame.remove();
      this.frame = null;
    }
  }
  // Material's search worker looks for this name to find its own folder from inside a frame
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
"""
OFFLINE_SCRIPT_PATH = (
    "assets/javascripts/offline."
    + hashlib.sha256(OFFLINE_SCRIPT.encode("utf-8")).hexdigest()[:12]
    + ".js"
)
# what a copy read from disk has no use for: the error page and the sitemap are for a web
# server, and the search index is read from its script instead
LEFT_OUT = (ERROR_PAGE, "sitemap.xml", "sitemap.xml.gz", SEARCH_INDEX)


@dataclass
class Offline:
    target: Path
    files: int = 0
    bytes: int = 0
    pages: int = 0
    links: int = 0  # addresses given their index.html
    left_out: int = 0  # files of the site not copied
    embedded: list[str] = field(default_factory=list)


def _page_address(url: str, page_dir: str, pages: set[str]) -> str | None:
    """`url` with index.html added if it is a relative address of a page folder, else None."""
    if not url or url.startswith(("#", "/", "?")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return None
    cut = re.search(r"[?#]", url)
    path, rest = (url[: cut.start()], url[cut.start() :]) if cut else (url, "")
    if path.endswith("index.html"):
        return None
    target = posixpath.normpath(posixpath.join(page_dir, path)) if path else page_dir
    target = "" if target == "." else target
    if (f"{target}/index.html" if target else "index.html") not in pages:
        return None
    joined = path + ("" if not path or path.endswith("/") else "/") + "index.html"
    return joined + rest


def offline_address(location: str, pages: set[str]) -> str:
    """A search index location (relative to the site root) with its page's index.html."""
    return _page_address(location, "", pages) or (
        "index.html" + location if location.startswith("#") or location == "" else location
    )


def offline_page(
    page: str, page_path: str, pages: set[str], scripts: Iterable[str] = ()
) -> tuple[str, int]:
    """A page of the copy: page links with their index.html, instant navigation off, and
    OFFLINE_SCRIPT (then `scripts`) loaded before the theme's bundle. Returns (html, links)."""
    page_dir = posixpath.dirname(page_path)
    count = 0

    def attribute(found: re.Match[str]) -> str:
        nonlocal count
        url = html.unescape(found["url"])
        changed = _page_address(url, page_dir, pages)
        if changed is None:
            return found[0]
        count += 1
        return f'{found["lead"]}{html.escape(changed)}"'

    page = _URL_ATTRIBUTE.sub(attribute, page)
    config = _CONFIG.search(page)
    if config is not None:
        data = json.loads(config[2])
        data["features"] = [f for f in data.get("features", []) if f not in _FETCHING_FEATURES]
        page = page[: config.start(2)] + _tojson(data) + page[config.end(2) :]
    bundle = _BUNDLE.search(page)
    if bundle is not None:
        base = bundle["base"]
        tags = "".join(
            f'<script src="{html.escape(base + path)}"></script>\n'
            for path in [OFFLINE_SCRIPT_PATH, *scripts]
        )
        page = page[: bundle.start()] + tags + page[bundle.start() :]
    return page, count


def offline_copy(
    site: Path, target: Path, leave_out: Iterable[str] = (), embed: Iterable[str] = ()
) -> Offline:
    """Write to `target` the copy of `site` to read from disk (see the module's docstring).

    leave_out: glob patterns (of site paths) of files the copy need not hold, beside LEFT_OUT;
    embed: glob patterns of data files the pages fetch, answered from a script in the copy."""
    leave_out = (*LEFT_OUT, *leave_out)
    embed = tuple(embed)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    paths = [p.relative_to(site).as_posix() for p in files]
    pages = {p for p in paths if p.endswith(".html")}
    done = Offline(target)
    embedded = {
        path: (site / path).read_text(encoding="utf-8")
        for path in paths
        if any(fnmatch.fnmatchcase(path, p) for p in embed)
    }
    written = {OFFLINE_SCRIPT_PATH: OFFLINE_SCRIPT}
    data_script = ""
    if embedded:
        body = json.dumps(embedded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        text = f"// The data files the pages fetch, for reading from disk (site_output.py).\nwindow.OFFLINE_FILES = {body};\n"
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        data_script = f"assets/javascripts/offline-files.{digest}.js"
        written[data_script] = text
        done.embedded = sorted(embedded)
    for source, path in zip(files, paths, strict=True):
        if any(fnmatch.fnmatchcase(path, p) for p in leave_out):
            done.left_out += 1
            continue
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        if not path.endswith(".html"):
            shutil.copyfile(source, out)
            continue
        text = source.read_text(encoding="utf-8")
        # the data script only on the pages that fetch it: those with a calculator
        scripts = [data_script] if data_script and "data-calculator=" in text else []
        page, links = offline_page(text, path, pages, scripts)
        out.write_text(page, encoding="utf-8")
        done.pages += 1
        done.links += links
    index = site / SEARCH_INDEX
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        for doc in data.get("docs", []):
            doc["location"] = offline_address(doc.get("location", ""), pages)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        written[SEARCH_SCRIPT] = f"var __index = {text};\n"
    for path, text in written.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(text, encoding="utf-8")
    copied = [p for p in target.rglob("*") if p.is_file()]
    done.files = len(copied)
    done.bytes = sum(p.stat().st_size for p in copied)
    return done


# --- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m annotated_law.rendering.site_output",
        description="Rewrite a built site's error page (404.html) for the sub-path it is served under.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    error = commands.add_parser("error-page", help="rewrite 404.html for a sub-path")
    error.add_argument("site", type=Path, help="the built site (the folder holding 404.html)")
    error.add_argument("base", help="the sub-path the site is served under, e.g. /wiki/csl/")
    args = parser.parse_args(argv)
    try:
        found = set_error_page_base(args.site, args.base)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not found:
        print(f"error: {args.site / ERROR_PAGE} does not exist", file=sys.stderr)
        return 1
    print(f"{args.site / ERROR_PAGE}: addresses now under {args.base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
