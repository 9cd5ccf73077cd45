"""The site under a strict Content-Security-Policy (issue 11, item 4), in Debian's Chromium, served
by nginx under a sub-path with the header "Hosting the calculators" gives (nginx.CSP).

No violation anywhere: on the landing page (with the saved dark palette, which the theme's moved
scripts restore), an article in each layout, after instant navigation, on the whole-law page,
in search and while the fine calculator computes. Violations are heard three ways: the pages'
securitypolicyviolation events, the console's CSP errors, and the reports the browser posts to
nginx.REPORTS, which include the workers' own. Under the same policy without 'wasm-unsafe-eval'
the calculator says what the host must allow, downloads nothing in vain, and the statutory table
still serves. The built pages hold no inline script, event-handler attribute or javascript: URL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, expect

from tests.browser.conftest import recording_context, wait_for_instant_navigation
from tests.browser.nginx import CSP, REPORTS, Served
from tests.browser.test_calculators import BOOT_TIMEOUT, cli, state

ROOT = Path(__file__).resolve().parents[2]
ARTICLE_61 = "law/csl/2025/article-61/"
FULL_TEXT = "law/csl/2025/full-text/"
LAYOUTS = {
    "zh": "中文",
    "en": "English",
    "side": "对照 Side by side",
    "interleaved": "逐段 Interleaved",
}
# a report is posted a moment after its violation: time enough for it to be seen
REPORT_DELAY = 1000  # ms


def wait_for_result(page: Page, results_before: int = 0) -> dict:
    """As test_calculators.wait_for_result, with the condition as a function: Playwright polls a
    condition given as an expression with eval() in the page, which this policy refuses."""
    page.wait_for_function(
        "(before) => window.CSL_CALC_STATE && window.CSL_CALC_STATE.results > before",
        arg=results_before,
        timeout=BOOT_TIMEOUT,
    )
    return state(page)


def compute_in_python(page: Page, decision: str = "2026-03-01") -> dict:
    """Ask the page's calculator for a case the build did not compute (its own decision date),
    so that Python answers in the worker; the state once it has."""
    widget = page.locator(".calc")
    widget.get_by_label("Date of the decision").fill(decision)
    widget.get_by_role("button", name="Calculate").click()
    page.wait_for_function(
        """(decision) => window.CSL_CALC_STATE.stage === "ready" &&
          window.CSL_CALC_STATE.lastInput.decision_date === decision &&
          document.querySelector(".calc").getAttribute("aria-busy") === null""",
        arg=decision,
        timeout=BOOT_TIMEOUT,
    )
    done = state(page)
    assert json.loads(done["lastOutput"]) == cli("fine", done["lastInput"])
    return done


WATCH = """(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__cspViolations.push(
      `${e.effectiveDirective} refused ${e.blockedURI || "inline"} in ${e.sourceFile || e.documentURI}` +
        (e.lineNumber ? `:${e.lineNumber}` : "") + (e.sample ? ` (${e.sample.slice(0, 60)})` : ""),
    );
  }, true);
})();"""


class Watch:
    """One browser context on the nginx-served site, hearing every CSP violation and every page,
    script or stylesheet the host could not give."""

    def __init__(self, context: BrowserContext, requests: list[str], site: Served) -> None:
        self.context, self.requests, self.site = context, requests, site
        self.heard: list[str] = []  # page events collected so far
        self.console: list[str] = []
        self.reports: list[dict] = []
        self.failed: list[str] = []
        context.add_init_script(WATCH)
        context.on("request", self._report)
        context.on("response", self._response)
        context.on("console", self._console)

    def _report(self, request: Request) -> None:
        if request.method == "POST" and request.url.split("?")[0].endswith(REPORTS):
            self.reports.append(json.loads(request.post_data or "{}").get("csp-report", {}))

    def _response(self, response: Response) -> None:
        # pages, scripts and stylesheets (a data file may be looked for and absent by design)
        path = response.url.split("?")[0]
        if response.status >= 400 and path.endswith(("/", ".html", ".js", ".css")):
            self.failed.append(f"{response.url} → HTTP {response.status}")

    def _console(self, message) -> None:
        if re.search(r"Content[ -]Security[ -]Policy", message.text, re.IGNORECASE):
            self.console.append(message.text)

    def open(self, path: str, variant: str = "csp") -> Page:
        page = self.context.new_page()
        page.set_default_timeout(BOOT_TIMEOUT)
        page.goto(self.site.url(variant) + path)
        return page

    def collect(self, page: Page) -> None:
        """Keep what the page heard (before it is reloaded or left)."""
        self.heard += page.evaluate("window.__cspViolations")
        page.evaluate("window.__cspViolations = []")

    def violations(self) -> list[str]:
        pages = self.context.pages
        if pages:
            pages[0].wait_for_timeout(REPORT_DELAY)
        for page in pages:
            self.collect(page)
        reports = [
            f"report: {r.get('effective-directive')} refused {r.get('blocked-uri') or 'inline'} "
            f"in {r.get('source-file') or r.get('document-uri')}"
            for r in self.reports
        ]
        return self.heard + [f"console: {text}" for text in self.console] + reports


@pytest.fixture
def watch(browser: Browser, nginx_site: Served) -> Iterator[Watch]:
    with recording_context(browser, nginx_site.origin) as (context, requests):
        yield Watch(context, requests, nginx_site)


def test_the_hosting_page_gives_the_tested_policy() -> None:
    hosting = (ROOT / "docs" / "calculators" / "hosting.md").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{CSP}" always;' in hosting
    assert f'Header always set Content-Security-Policy "{CSP}"' in hosting


def test_the_landing_page_and_the_saved_palette(watch: Watch) -> None:
    page = watch.open("")
    expect(page.locator("h1").first).to_be_visible()
    page.locator("label[title='Dark mode 深色']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    watch.collect(page)
    # the theme's scripts that restore the saved palette before the page is drawn now load
    # from files: after a reload the page is dark from the start
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.evaluate("typeof __md_get") == "function"
    assert watch.violations() == []
    assert watch.failed == []


def test_an_article_in_each_layout_and_after_instant_navigation(watch: Watch) -> None:
    page = watch.open(ARTICLE_61)
    expect(page.locator("h1")).to_contain_text("第六十一条")
    compute_in_python(page)  # the page's calculator starts Python and computes
    for layout, name in LAYOUTS.items():
        page.get_by_role("button", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("data-law-layout", layout)
    expect(page.locator("#p1 .law-zh")).to_be_visible()
    expect(page.locator("#p1 .law-en")).to_be_visible()
    # instant navigation re-runs the scripts of the new page's content, now files
    wait_for_instant_navigation(page)
    page.evaluate("window.__marker = 'same document'")
    results = state(page)["results"]
    page.locator("nav.md-nav a[href$='article-63/']").first.click()
    expect(page).to_have_url(re.compile(r"2025/article-63/$"))
    expect(page.locator("h1")).to_contain_text("第六十三条")
    assert page.evaluate("window.__marker") == "same document"
    assert wait_for_result(page, results)["lastInput"]["article"] == 63
    assert compute_in_python(page)["lastInput"]["article"] == 63  # the same worker answers
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "en")
    assert watch.violations() == []
    assert watch.failed == []


def test_the_whole_law_page(watch: Watch) -> None:
    page = watch.open(FULL_TEXT)
    expect(page.locator("article")).to_contain_text("第七十九条")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "en")
    assert watch.violations() == []
    assert watch.failed == []


def test_search_loads_its_index_on_first_use_and_finds(watch: Watch) -> None:
    page = watch.open("law/csl/2025/article-1/")
    page.wait_for_load_state("networkidle")
    index = [u for u in watch.requests if u.endswith("/search/search_index.json")]
    assert index == []  # held until search is used (search_terms.SEARCH_ON_DEMAND)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill("关键信息基础设施")
    box.press("End")  # Material reads the box on keyup
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=30_000)
    expect(results.first).to_contain_text("关键信息基础设施")
    assert [u for u in watch.requests if u.endswith("/search/search_index.json")]
    assert watch.violations() == []
    assert watch.failed == []


def test_the_fine_calculator_computes(watch: Watch) -> None:
    page = watch.open("calculators/fine/?version=2025&article=61&paragraph=1&tier=aggravated")
    wait_for_result(page)
    done = compute_in_python(page, "2026-02-01")
    assert done["lastInput"]["tier"] == "aggravated" and done["lastInput"]["article"] == 61
    expect(page.locator(".calc .calc-result")).to_contain_text("Art. 61")
    assert watch.violations() == []
    assert watch.failed == []


def test_without_wasm_unsafe_eval_the_calculator_says_what_the_host_must_allow(
    watch: Watch,
) -> None:
    page = watch.open(ARTICLE_61, "cspnowasm")
    widget = page.locator(".calc")
    widget.get_by_label("Date of the decision").fill("2026-03-01")
    widget.get_by_role("button", name="Calculate").click()  # a case only Python can answer
    status = page.locator(".calc .calc-status--failed")
    expect(status).to_be_visible(timeout=30_000)
    assert state(page)["error"]["code"] == "wasm-blocked"
    expect(status).to_contain_text("Content-Security-Policy does not allow WebAssembly")
    expect(status).to_contain_text("不允许WebAssembly")
    expect(status).to_contain_text("script-src 'self' 'wasm-unsafe-eval'")
    expect(status).to_contain_text("站点管理员")
    # the statutory table, built with the page, still serves
    expect(page.locator(".calc-table[lang=en]")).to_contain_text("Art. 61(1)")
    expect(page.locator(".calc-table").first).to_contain_text("第六十一条第一款")
    # the worker gave up before downloading the runtime it could not have compiled
    assert not [u for u in watch.requests if u.endswith(("pyodide.asm.wasm", ".snapshot.gz"))]
    # the only violation is the worker's refused WebAssembly, and the watch hears it
    heard = watch.violations()
    assert heard, "the refused WebAssembly compile was not reported"
    assert all(
        r.get("effective-directive") == "script-src"
        and "calculators-worker.js" in (r.get("document-uri") or "")
        for r in watch.reports
    ), watch.reports
    assert watch.heard == [] and watch.console == []  # the pages themselves are clean
    assert watch.failed == []


# --- the built pages --------------------------------------------------------------------------


class _Blocked(HTMLParser):
    """What a script-src without 'unsafe-inline' would refuse in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.sources: list[str] = []
        self._script: tuple[bool, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}>")
            url = re.sub(r"\s", "", value or "").lower()
            if name in ("href", "src", "action", "formaction") and url.startswith("javascript:"):
                self.found.append(f'<{tag} {name}="{value}">')
        if tag == "script":
            if values.get("src"):
                self.sources.append(values["src"] or "")
            kind = (values.get("type") or "").lower()
            runs = kind in ("", "text/javascript", "application/javascript", "module")
            self._script = (runs and not values.get("src"), "")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script = (self._script[0], self._script[1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if self._script[0]:
                self.found.append(f"inline <script>{self._script[1][:60]}")
            self._script = None


def test_no_page_holds_an_inline_script_handler_or_javascript_url(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 300
    blocked, missing = [], []
    for path in pages:
        parser = _Blocked()
        parser.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(built_site).as_posix()
        blocked += [f"{name}: {what}" for what in parser.found]
        if name == "404.html":  # shown at any address: root-relative, as MkDocs writes it
            assert all(src.startswith("/assets/") for src in parser.sources), parser.sources
            continue
        for src in parser.sources:
            assert not src.startswith("/") and "//" not in src, (name, src)  # relative
            if not (path.parent / src.split("?")[0]).resolve().is_file():
                missing.append(f"{name} → {src}")
    assert blocked == []
    assert missing == []
    # the theme's scripts, moved: each file named by its content, which a page loads
    moved = sorted((built_site / "assets" / "javascripts").glob("inline.*.js"))
    assert moved
    for script in moved:
        digest = hashlib.sha256(script.read_bytes()).hexdigest()[:12]
        assert script.name == f"inline.{digest}.js"
