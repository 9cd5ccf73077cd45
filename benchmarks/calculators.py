"""Time to the first calculator result and bytes transferred, against a naive Pyodide page.

Usage: python benchmarks/calculators.py [--runs N] [--rate MBIT]

Builds the site into a temporary folder, serves it with Debian's nginx (stock mime.types) under
/wiki/csl/ on 127.0.0.1, and drives headless Chromium (fresh profile per cold run):

- widget: the Art. 61 page as built (one module worker, memory snapshot);
- plain: the same page when the snapshot is missing (plain boot + the locked wheel);
- naive: the same page with main-thread loadPyodide at page load, then loadPackage of the
  wheel, then the same calculation (the usual documentation-site integration, minus the CDN).

The widget's preset result is computed when the site is built and shown without Python, so
"first result" is the worst case of a reader who acts at once: as soon as the form is there, the
benchmark changes an input (tier → aggravated) and times, from navigation, until the result of
that input, computed in the page; the naive page computes the same input at load. "preset shown"
is when the build's result for the page's preset appeared. Bytes are nginx's body bytes sent for
the requests of that load. Medians of N runs. --rate serves every response at that many Mbit/s
per connection (nginx limit_rate), like a slow office link or VPN.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.nginx import Served, serve  # noqa: E402
from tests.conftest import build  # noqa: E402

ARTICLE = "law/csl/2025/article-61/"
NAIVE = "law/csl/2025/article-61-naive/"
# what the widget's form sends once the tier is changed (law and version as the form has them)
INPUT = {
    "law": "csl",
    "version": "2025",
    "article": 61,
    "paragraph": 1,
    "tier": "aggravated",
    "offender": "entity",
}

_NAIVE_SCRIPT = """<script type="module">
// naive baseline: main thread, at page load, plain boot, then the wheel, then compute
const runtime = new URL("../../../../assets/pyodide/%(version)s/", location.href).href;
const { loadPyodide } = await import(runtime + "pyodide.js");
const { default: createPyodideModule } = await import(runtime + "pyodide.asm.js");
const pyodide = await loadPyodide({ indexURL: runtime, createPyodideModule });
await pyodide.loadPackage(runtime + "%(wheel)s");
const answer = pyodide.pyimport("law_calculators.api").run_json("fine", %(input)s).toJs();
window.NAIVE = { at: performance.now(), status: answer[0] };
</script>
</body>"""


def _naive_page(site: Path, config: dict) -> None:
    html = (site / ARTICLE / "index.html").read_text(encoding="utf-8")
    html = html.replace('<script src="../../../../assets/javascripts/calculators.js"></script>', "")
    html = html.replace(
        "</body>",
        _NAIVE_SCRIPT
        % {
            "version": config["pyodideVersion"],
            "wheel": config["wheel"]["file"],
            "input": json.dumps(json.dumps(INPUT)),
        },
    )
    (site / NAIVE).mkdir(parents=True)
    (site / NAIVE / "index.html").write_text(html, encoding="utf-8")


def _config(site: Path) -> dict:
    (script,) = (site / "assets" / "javascripts").glob("calculators-config.*.js")
    text = script.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.index(", {root:")])


class Meter:
    def __init__(self, served: Served) -> None:
        self.served = served
        self.mark = 0

    def start(self) -> None:
        self.mark = len(self.served.requests())

    def bytes(self, only: Callable[[str], bool] = lambda path: True) -> int:
        return sum(size for path, _, size in self.served.requests()[self.mark :] if only(path))


TIMEOUT = 600_000  # ms: at 1.5 Mbit/s the runtime takes minutes


def _widget_result(page: Page, before: int = 0) -> float:
    page.wait_for_function(
        f"window.CSL_CALC_STATE && window.CSL_CALC_STATE.results > {before}", timeout=TIMEOUT
    )
    return page.evaluate("window.CSL_CALC_STATE.lastResultAt")


def _acting_reader(page: Page) -> float:
    """Change the tier as soon as the form exists; time until that input's own result."""
    # one command that waits for the field and selects (a wait, then a select, lagged 100 ms)
    page.locator(".calc select[name=tier]").select_option("aggravated", timeout=TIMEOUT)
    page.wait_for_function(
        "window.CSL_CALC_STATE.lastInput && window.CSL_CALC_STATE.lastInput.tier === 'aggravated'"
        " && window.CSL_CALC_STATE.lastPrebuilt === false",
        timeout=TIMEOUT,
    )
    return page.evaluate("window.CSL_CALC_STATE.lastResultAt")


def _naive_result(page: Page) -> float:
    page.wait_for_function("window.NAIVE", timeout=TIMEOUT)
    return page.evaluate("window.NAIVE.at")


def _measure(playwright: Playwright, meter: Meter, url: str, wait: Callable[[Page], float]) -> dict:
    """Cold load in a fresh browser profile, then a reload with its warm (disk) HTTP cache."""
    profile = tempfile.TemporaryDirectory()
    context = playwright.chromium.launch_persistent_context(
        profile.name, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    page = context.new_page()
    meter.start()
    page.goto(url, timeout=TIMEOUT)
    cold = wait(page)
    # when the build's result for the preset was shown (never, if the changed input's came first)
    preset = page.evaluate("(window.CSL_CALC_STATE || {}).firstPrebuiltAt || null")
    page.wait_for_timeout(300)
    cold_bytes = meter.bytes()
    meter.start()
    page.reload(timeout=TIMEOUT)
    warm = wait(page)
    page.wait_for_timeout(300)
    warm_bytes = meter.bytes()
    out = {
        "cold": cold,
        "warm": warm,
        "cold_bytes": cold_bytes,
        "warm_bytes": warm_bytes,
        "preset": preset,
    }
    if url.endswith(ARTICLE):  # a second calculator page in the same tab (instant navigation)
        before = page.evaluate("window.CSL_CALC_STATE.results")
        clicked = page.evaluate("performance.now()")
        page.locator("nav.md-nav a[href$='article-63/']").first.click()
        out["second"] = _widget_result(page, before) - clicked
        out["boots"] = page.evaluate("window.CSL_CALC_STATE.boots")
    context.close()
    profile.cleanup()
    return out


def _no_calculator_bytes(browser: Browser, meter: Meter, base: str) -> int:
    context = browser.new_context()
    page = context.new_page()
    meter.start()
    for path in ("", "law/csl/2025/article-23/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(2000)
    pyodide = meter.bytes(lambda p: "/assets/pyodide/" in p or "calculators-worker" in p)
    context.close()
    return pyodide


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rate", type=float, help="Mbit/s per connection (nginx limit_rate)")
    args = parser.parse_args()
    if args.rate is not None and args.rate <= 0:
        parser.error("--rate must be a positive number of Mbit/s")
    rate = f"{round(args.rate * 125)}k" if args.rate else None  # 1 Mbit/s = 125 kB/s
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        done = build(site)
        if done.returncode != 0:
            sys.exit(done.stderr[-3000:])
        config = _config(site)
        _naive_page(site, config)
        with (
            serve(site, Path(tmp) / "nginx", rate) as served,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            meter = Meter(served)
            runs: dict[str, list[dict]] = {"widget": [], "plain": [], "naive": []}
            for _ in range(args.runs):
                runs["naive"].append(
                    _measure(playwright, meter, served.url() + NAIVE, _naive_result)
                )
                runs["widget"].append(
                    _measure(playwright, meter, served.url() + ARTICLE, _acting_reader)
                )
                runs["plain"].append(
                    _measure(playwright, meter, served.url("nosnap") + ARTICLE, _acting_reader)
                )
            no_calc = _no_calculator_bytes(browser, meter, served.url())
            browser.close()

    widget, plain, naive = runs["widget"], runs["plain"], runs["naive"]
    mb = 1_000_000
    link = f"{args.rate:g} Mbit/s per connection" if args.rate else "loopback, no limit"
    print(
        f"Pyodide {config['pyodideVersion']}, {link}, runs: {args.runs} "
        "(medians; times from navigation)"
    )
    for name, rows in (
        ("naive baseline", naive),
        ("widget, snapshot", widget),
        ("widget, plain boot", plain),
    ):
        print(
            f"{name:20s} first result cold {_median(rows, 'cold') / 1000:5.2f} s   "
            f"warm reload {_median(rows, 'warm') / 1000:5.2f} s   "
            f"bytes cold {_median(rows, 'cold_bytes') / mb:6.2f} MB   warm {_median(rows, 'warm_bytes') / mb:5.2f} MB"
        )
    ratio = _median(widget, "cold") / _median(naive, "cold")
    aim = "0.40" if args.rate else "0.30"
    print(f"cold first result of a changed input, widget / naive: {ratio:.2f} (aim ≤ {aim})")
    shown = [r["preset"] for r in widget if r["preset"] is not None]
    print(
        f"preset result shown (built at build time): {statistics.median(shown) / 1000:.2f} s"
        if shown
        else "preset result shown: never before the changed input's result"
    )
    print(f"warm reload first result, widget: {_median(widget, 'warm') / 1000:.2f} s (aim ≤ 0.7 s)")
    print(
        f"second calculator page in the same tab: {_median(widget, 'second') / 1000:.2f} s "
        f"(aim < 0.2 s); workers started per tab: {max(r['boots'] for r in widget)}"
    )
    print(f"Pyodide bytes on pages without a calculator: {no_calc} (aim 0)")
    snapshot = config["snapshot"]
    print(
        f"snapshot: {snapshot['bytes'] / mb:.2f} MB gzip ({snapshot['rawBytes'] / mb:.1f} MB raw); "
        f"extra bytes against the plain boot: "
        f"{(_median(widget, 'cold_bytes') - _median(plain, 'cold_bytes')) / mb:+.2f} MB"
    )


if __name__ == "__main__":
    main()
