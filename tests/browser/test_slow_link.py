"""The calculator on a slow or stalling link (issue 12), in Debian's Chromium against nginx.

nginx's limit_rate makes a slow but moving link; a request held by Playwright (never answered,
nothing leaves 127.0.0.1) makes a stalled one. The stall limit, 30 s in production, is shortened
with window.CSL_CALC_STALL_MS, set before the page loads."""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import recording_context
from tests.browser.nginx import Served, serve

ARTICLE = "law/csl/2025/article-61/"
STALL_MS = 2000
PROGRESS = re.compile(r"(\d+\.\d) of (\d+\.\d) MB \((\d+)%\)")


@pytest.fixture(scope="module")
def slow_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Every response at 500 kB/s per connection: the runtime takes about 12 s to arrive."""
    with serve(built_site, tmp_path_factory.mktemp("nginx-slow"), rate="500k") as served:
        yield served


@pytest.fixture(scope="module")
def own_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """An nginx of this module's own, so that its access log holds only these tests' requests."""
    with serve(built_site, tmp_path_factory.mktemp("nginx-own")) as served:
        yield served


def open_page(browser: Browser, site: Served) -> Iterator[tuple[Page, list[str]]]:
    with recording_context(browser, site.origin) as (context, requests):
        context.add_init_script(f"window.CSL_CALC_STALL_MS = {STALL_MS};")
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(site.url() + ARTICLE)
        page.wait_for_function("window.CSL_CALC_STATE && window.CSL_CALC_STATE.results > 0")
        yield page, requests


def runtime_bytes(page: Page) -> int:
    """Bytes of the files a snapshot boot downloads, as the build recorded them."""
    return page.evaluate(
        """() => {
          const c = window.CSL_CALC_CONFIG;
          return c.bytes[c.packedWasm] + c.bytes[c.snapshot.stdlib] + c.snapshot.bytes;
        }"""
    )


def calculate_aggravated(page: Page) -> None:
    widget = page.locator(".calc")
    widget.get_by_label("Tier").select_option("aggravated")
    widget.get_by_role("button", name="Calculate").click()


def wait_for_computed(page: Page) -> dict:
    page.wait_for_function(
        "window.CSL_CALC_STATE.lastPrebuilt === false && "
        "window.CSL_CALC_STATE.lastInput.tier === 'aggravated'",
        timeout=60_000,
    )
    return page.evaluate("window.CSL_CALC_STATE")


def test_a_slow_download_shows_its_progress_queues_calculate_and_never_times_out(
    browser: Browser, slow_site: Served
) -> None:
    for page, _ in open_page(browser, slow_site):
        status = page.locator(".calc .calc-status")
        started = time.monotonic()
        calculate_aggravated(page)  # the build has no result for this input: Python must start
        # the form says the calculation waits for the download, and shows bytes and percent
        expect(status.locator(".calc-queued")).to_contain_text(
            "Your calculation will be computed once the calculator is ready"
        )
        expect(status.locator(".calc-en").first).to_contain_text(PROGRESS)
        first = PROGRESS.search(status.locator(".calc-en").first.text_content() or "")
        assert first
        page.wait_for_timeout(STALL_MS + 500)  # past the stall limit: bytes keep coming
        expect(status).not_to_contain_text("paused")
        later = PROGRESS.search(status.locator(".calc-en").first.text_content() or "")
        assert later, status.text_content()
        assert float(later[1]) > float(first[1]) and int(later[3]) >= int(first[3])
        # the total is what the runtime downloads: the gzipped wasm, standard library, snapshot
        assert abs(float(later[2]) - runtime_bytes(page) / 1e6) < 0.06, later[2]
        done = wait_for_computed(page)
        took = time.monotonic() - started
        assert took > 3 * STALL_MS / 1000, took  # the download outlasted the stall limit
        assert done["stage"] == "ready" and done["path"] == "snapshot"
        assert not done.get("stalls") and not done.get("error")
        expect(status).to_contain_text("Ready")
        expect(status.locator(".calc-queued")).to_have_count(0)
        expect(page.locator(".calc .calc-result")).to_contain_text("CNY 10,000–100,000")


def test_a_stalled_download_offers_retry_which_keeps_what_arrived(
    browser: Browser, own_site: Served
) -> None:
    held: list[Route] = []

    def hold_first(route: Route) -> None:
        if not held:
            held.append(route)  # never answered: the link stalls on this file
            return
        route.continue_()  # to nginx on 127.0.0.1

    for page, requests in open_page(browser, own_site):
        page.context.route("**/pyodide.asm.wasm.gz", hold_first)
        status = page.locator(".calc .calc-status")
        calculate_aggravated(page)
        expect(status).to_contain_text("The download has paused", timeout=30_000)
        text = status.text_content() or ""
        assert "blocked" not in text and "Site owner" not in text
        assert "What has arrived is kept" in text
        assert held, "the wasm request was not held"
        stalled = page.evaluate("window.CSL_CALC_STATE")
        assert stalled["stage"] == "stalled" and stalled["results"] == 1  # only the build's result
        # everything but the held wasm arrived: the standard library and the snapshot
        wasm = page.evaluate("CSL_CALC_CONFIG.bytes[CSL_CALC_CONFIG.packedWasm]")
        assert stalled["loaded"] == runtime_bytes(page) - wasm, stalled
        page.locator(".calc").get_by_role("button", name="Retry").click()
        done = wait_for_computed(page)
        assert done["stage"] == "ready" and done["boots"] == 1 and done["retries"] == 1
        expect(page.locator(".calc .calc-result")).to_contain_text("CNY 10,000–100,000")
        # Retry asked only for the file that had stalled; the others were not fetched again
        served = [path for path, code, _ in own_site.requests() if code in (200, 206)]
        # the standard library of the snapshot; the plain boot's and the full one are not fetched
        stdlib = page.evaluate("[CSL_CALC_CONFIG.snapshot.stdlib, CSL_CALC_CONFIG.stdlib]")
        for name in (stdlib[0], ".snapshot.gz", "pyodide.asm.wasm.gz"):
            assert len([p for p in served if p.split("?")[0].endswith(name)]) == 1, (name, served)
        assert not [p for p in served if p.endswith(("/python_stdlib.zip", stdlib[1]))]
        assert len([u for u in requests if u.endswith("pyodide.asm.wasm.gz")]) == 2


class _BreaksMidFile(SimpleHTTPRequestHandler):
    """The site, except that the first request for the snapshot sends half of it and then nothing
    (the connection stays open, as on a link that stalls); a Range request gets the rest (206)."""

    sent_first: threading.Event
    release: threading.Event
    ranges: list[str]

    def do_GET(self) -> None:
        if not self.path.split("?")[0].endswith(".snapshot.gz"):
            return super().do_GET()
        data = Path(self.translate_path(self.path)).read_bytes()
        asked = self.headers.get("Range")
        start = int(asked.removeprefix("bytes=").split("-")[0]) if asked else 0
        self.send_response(206 if asked else 200)
        self.send_header("Content-Type", "application/gzip")
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("ETag", '"snapshot"')
        self.send_header("Accept-Ranges", "bytes")
        if asked:
            self.ranges.append(f"{asked} If-Range: {self.headers.get('If-Range')}")
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        if asked:
            self.wfile.write(data[start:])
            return
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.sent_first.set()
        self.release.wait(60)  # the rest never comes on this connection

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class _Stalling:
    origin: str

    def url(self) -> str:
        return self.origin + "/"


def test_a_download_broken_mid_file_resumes_from_its_last_byte(
    browser: Browser, built_site: Path
) -> None:
    handler = type(
        "Handler",
        (_BreaksMidFile,),
        {"sent_first": threading.Event(), "release": threading.Event(), "ranges": []},
    )
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        site = _Stalling(f"http://127.0.0.1:{server.server_address[1]}")
        for page, _ in open_page(browser, site):
            calculate_aggravated(page)
            status = page.locator(".calc .calc-status")
            expect(status).to_contain_text("The download has paused", timeout=30_000)
            assert handler.sent_first.is_set()
            half = (built_site / page.evaluate("CSL_CALC_CONFIG.snapshot.url")).stat().st_size // 2
            stalled = page.evaluate("window.CSL_CALC_STATE")
            assert stalled["loaded"] >= half  # what arrived is counted and kept
            page.locator(".calc").get_by_role("button", name="Retry").click()
            done = wait_for_computed(page)
            # the rest was asked for from the last byte received, for the same file
            assert handler.ranges == [f'bytes={half}- If-Range: "snapshot"'], handler.ranges
            assert done["stage"] == "ready" and done["path"] == "snapshot", done
            expect(page.locator(".calc .calc-result")).to_contain_text("CNY 10,000–100,000")
    finally:
        handler.release.set()
        server.shutdown()
