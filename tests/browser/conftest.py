"""Debian's Chromium driven by Playwright against the built site, served on 127.0.0.1 under a sub-path.

Every request the pages make is recorded; a request to any host but 127.0.0.1 fails the test.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from annotated_law.publish import CHROMIUM_ARGS, chromium_executable
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.nginx import Served, serve

SUB_PATH = "/wiki/csl/"
# Material intercepts a link only once it has read sitemap.xml: a click before that loads the page
# in full. Its sitemap is the one XML document the page parses; this marks when it has been read.
SITEMAP_READ = """(() => {
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    const parsed = parse.call(this, text, type);
    if (parsed.querySelector("urlset")) setTimeout(() => { window.__sitemapRead = true; });
    return parsed;
  };
})();"""
# the same Chromium, with the same switches, as make publish prints the PDFs with
CHROMIUM = chromium_executable()


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site only under SUB_PATH, as a static host behind a wiki would."""

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_SubPathHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS), headless=True
        )
        yield browser
        browser.close()


@contextmanager
def recording_context(
    browser: Browser, origin: str, profile: Path | None = None
) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A fresh browser context (own HTTP cache) that records every request it makes; on leaving,
    a request to any host but 127.0.0.1 fails the test. With `profile`, a profile in that folder,
    as a reader's browser has: its HTTP cache is on disk and keeps large files, which the
    in-memory cache of a plain context does not (the 7 MB memory snapshot, for one)."""
    if profile is None:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    else:
        context = browser.browser_type.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    outside: list[str] = []
    seen: list[str] = []

    def record(request) -> None:
        seen.append(request.url)
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            return
        outside.append(request.url)

    context.on("request", record)
    context.add_init_script(SITEMAP_READ)
    yield context, seen
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


@pytest.fixture
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    with recording_context(browser, site_url.split(SUB_PATH)[0]) as (context, _):
        yield context


@pytest.fixture(scope="session")
def nginx_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The built site served by Debian's nginx with its stock mime.types (see nginx.py)."""
    with serve(built_site, tmp_path_factory.mktemp("nginx")) as served:
        yield served


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def wait_for_instant_navigation(page: Page) -> None:
    """Until a click on a link of the site is Material's instant navigation, not a new page."""
    page.wait_for_function("window.__sitemapRead === true")
