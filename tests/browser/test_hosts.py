"""The site on the hosts a site owner is likely to have, in Debian's Chromium (issue 11, item 5).

Served under the sub-path /wiki/csl/ by Debian's Apache httpd with its stock MIME types
(apache.py) and by `python -m http.server` from a folder whose sub-folder is the site: an
article reads in both languages, the layouts switch, search finds the article, the fine
calculator computes in the page what the command line computes, and no request leaves
127.0.0.1.

A missing page under the sub-path, on nginx (`error_page 404 /wiki/csl/404.html;`) and on Apache
(`ErrorDocument 404 /wiki/csl/404.html`), shows the edition's 404 page with its styles, links
that stay under the sub-path, and a working search. The site for these is built with
SITE_SUB_PATH=/wiki/csl/, which changes the error page and nothing else.

From disk (file://), the copy of the release archive (publish.OFFLINE): landing page, laws,
article and cross-reference by their links, layouts, Cite, search, and the calculators saying
that they need a web server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from annotated_law.law.model import Edition
from annotated_law.publish import OFFLINE_EMBED, OFFLINE_LEAVE_OUT
from annotated_law.rendering.site_output import offline_copy, retarget, sed_command
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import apache
from tests.browser.conftest import recording_context
from tests.browser.nginx import MIME_TYPES, NGINX, Served
from tests.browser.processes import free_port, running
from tests.browser.test_calculators import BOOT_TIMEOUT, cli, start_python, wait_for_result
from tests.browser.test_search import search
from tests.conftest import ROOT

SUB_PATH = "/wiki/csl/"
ARTICLE_61 = "law/csl/2025/article-61/"
MISSING = "law/csl/2025/article-999/deeper/still/"


# --- the sites and the hosts -----------------------------------------------------------------


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built for the sub-path /wiki/csl/ (make site SITE_SUB_PATH=/wiki/csl/)."""
    site = tmp_path_factory.mktemp("sub-path") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        capture_output=True, text=True, cwd=ROOT, check=False,
        env=dict(os.environ, SITE_SUB_PATH=SUB_PATH),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    return site


@contextmanager
def http_server(site: Path, folder: Path) -> Iterator[str]:
    """`python -m http.server` serving `folder`, whose wiki/csl/ is the site: its address."""
    (folder / "wiki").mkdir(parents=True)
    (folder / "wiki" / "csl").symlink_to(site.resolve(), target_is_directory=True)
    port = free_port()
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory",
               str(folder), str(port)]  # fmt: skip
    with running(command, port, "python -m http.server"):
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


@contextmanager
def nginx_with_error_page(site: Path, folder: Path) -> Iterator[str]:
    """Debian's nginx, stock mime.types, the site under /wiki/csl/ with the hosting page's
    error_page line: its address."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # pytest's temp folders are 0700
    temp = "\n".join(
        f"  {kind}_temp_path {folder}/tmp-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
  include {MIME_TYPES};
  default_type application/octet-stream;
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{port};
    location {SUB_PATH} {{ alias {site.resolve()}/; }}
    error_page 404 {SUB_PATH}404.html;
  }}
}}
""",
        encoding="utf-8",
    )
    command = [NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)]
    with running(command, port, "nginx"):
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


@pytest.fixture(scope="module")
def apache_site(sub_path_site: Path) -> Iterator[Served]:
    with apache.serve(sub_path_site) as served:
        yield served


@pytest.fixture(scope="module")
def python_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with http_server(built_site, tmp_path_factory.mktemp("http-server")) as url:
        yield url


@pytest.fixture(scope="module")
def nginx_404_site(sub_path_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nginx_with_error_page(sub_path_site, tmp_path_factory.mktemp("nginx-404")) as url:
        yield url


@pytest.fixture(params=["apache", "http.server"])
def host(request: pytest.FixtureRequest) -> str:
    """The site's address on each host."""
    if request.param == "apache":
        return request.getfixturevalue("apache_site").url()
    return request.getfixturevalue("python_site")


@pytest.fixture(params=["nginx", "apache"])
def error_host(request: pytest.FixtureRequest) -> str:
    if request.param == "apache":
        return request.getfixturevalue("apache_site").url()
    return request.getfixturevalue("nginx_404_site")


@contextmanager
def reader(browser: Browser, url: str) -> Iterator[tuple[Page, list[str]]]:
    """A fresh context on `url`'s origin; on leaving, a request off 127.0.0.1 fails the test."""
    origin = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
    with recording_context(browser, origin) as (context, requests):
        page = context.new_page()
        page.set_default_timeout(BOOT_TIMEOUT)
        yield page, requests


def first_paragraph(editions: dict[str, Edition], law: str, version: str, number: int):
    article = next(a for a in editions[law].law.versions[version].articles if a.number == number)
    return article.paragraphs[0].text


# --- Apache and python -m http.server ---------------------------------------------------------


def test_apache_serves_the_stock_types_the_site_needs(apache_site: Served) -> None:
    base = apache_site.url()
    config = (apache_site.folder / "httpd.conf").read_text(encoding="utf-8")
    assert "Include /etc/apache2/mods-available/mime.conf" in config
    assert "AddType" not in config  # no type of its own: the stock ones
    for path, kind in [
        ("assets/javascripts/law.js", "text/javascript"),
        ("search/search_index.json", "application/json"),
        (ARTICLE_61, "text/html"),
    ]:
        with urllib.request.urlopen(base + path) as response:
            assert response.headers.get_content_type() == kind, path


def test_an_article_reads_in_both_languages_and_the_layouts_switch(
    browser: Browser, host: str, editions: dict[str, Edition]
) -> None:
    text = first_paragraph(editions, "csl", "2025", 61)
    with reader(browser, host) as (page, _):
        response = page.goto(host + ARTICLE_61)
        assert response is not None and response.status == 200
        zh, en = page.locator("#p1 .law-zh"), page.locator("#p1 .law-en")
        expect(zh).to_contain_text(text.zh[:20], use_inner_text=True)
        expect(en).to_contain_text(text.en[:60], use_inner_text=True)
        expect(page.locator("html")).to_have_attribute("data-law-layout", "interleaved")
        page.locator(".law-layouts button[data-layout=zh]").click()
        expect(page.locator("html")).to_have_attribute("data-law-layout", "zh")
        expect(zh).to_be_visible()
        expect(en).to_be_hidden()
        page.locator(".law-layouts button[data-layout=en]").click()
        expect(zh).to_be_hidden()
        expect(en).to_be_visible()
        # the reader's choice holds on the next page
        page.locator("#p1 .law-en a.law-xref").first.click()
        expect(page).to_have_url(host + "law/csl/2025/article-23/")
        expect(page.locator("html")).to_have_attribute("data-law-layout", "en")


def test_search_finds_the_article(browser: Browser, host: str) -> None:
    with reader(browser, host) as (page, _):
        page.goto(host)
        found = search(page, "第六十一条")
        assert found[0].article == "csl/2025/61"
        assert found[0].href.startswith(host + ARTICLE_61)
        found = search(page, "network operator")
        assert found and all(r.href.startswith(host) for r in found)


def test_the_fine_calculator_computes_as_the_command_line(browser: Browser, host: str) -> None:
    with reader(browser, host) as (page, requests):
        page.goto(host + ARTICLE_61)
        prebuilt = wait_for_result(page)
        assert prebuilt["lastPrebuilt"] is True
        computed = start_python(page)
        assert computed["stage"] == "ready" and computed["path"] == "snapshot"
        assert json.loads(computed["lastOutput"]) == cli("fine", computed["lastInput"])
        expect(page.locator(".calc-result")).to_contain_text("CNY")
        assert any(u.endswith(".snapshot.gz") for u in requests)


# --- the error page under a sub-path ----------------------------------------------------------


def test_the_sub_path_build_differs_from_the_default_only_in_its_error_page(
    built_site: Path, sub_path_site: Path, tmp_path: Path
) -> None:
    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    default, sub = files(built_site), files(sub_path_site)
    assert sorted(default) == sorted(sub)
    assert [path for path in default if default[path] != sub[path]] == ["404.html"]
    page = default["404.html"].decode("utf-8")
    assert retarget(page, SUB_PATH).encode("utf-8") == sub["404.html"]
    # the sed line the release's README and the hosting page give does the same
    copy = tmp_path / "404.html"
    copy.write_bytes(default["404.html"])
    subprocess.run(sed_command("/", SUB_PATH, str(copy)), shell=True, check=True)
    assert copy.read_bytes() == sub["404.html"]
    assert not (tmp_path / "404.html.orig").exists()


def test_a_missing_page_under_the_sub_path_shows_the_styled_404_with_working_links(
    browser: Browser, error_host: str
) -> None:
    with reader(browser, error_host) as (page, _):
        failed: list[str] = []
        page.on(
            "response",
            lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        response = page.goto(error_host + MISSING)
        assert response is not None and response.status == 404
        expect(page.locator("article h1")).to_have_text("404 - Not found")
        # the theme's stylesheet applies: the header is the edition's colour, not unstyled
        header = page.locator("header.md-header")
        assert header.evaluate("el => getComputedStyle(el).position") in ("sticky", "fixed")
        assert page.evaluate(
            "[...document.styleSheets].some(s => s.href && s.href.includes('/assets/stylesheets/main.'))"
        )
        page.wait_for_load_state("networkidle")
        assert failed == [f"404 {error_host + MISSING}"]  # only the page itself is missing
        # search, from the error page
        found = search(page, "第六十一条")
        assert found[0].href.startswith(error_host + ARTICLE_61)
        page.keyboard.press("Escape")
        # the logo leads to the landing page, the navigation to the laws, both under the sub-path
        page.goto(error_host + MISSING)
        page.locator("header a.md-logo").click()
        expect(page).to_have_url(error_host)
        expect(page.locator("article h1")).to_be_visible()
        page.goto(error_host + MISSING)
        links = page.locator("nav.md-nav--primary a.md-nav__link[href]")
        hrefs = links.evaluate_all("els => els.map(a => a.href)")
        assert hrefs and all(h.startswith(error_host) for h in hrefs), hrefs
        page.locator(f"nav.md-nav--primary a.md-nav__link[href$='{SUB_PATH}law/csl/']").click()
        expect(page).to_have_url(error_host + "law/csl/")
        expect(page.locator("article h1")).to_contain_text("网络安全法")


# --- from disk ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release's copy for reading from disk, made as make publish makes it."""
    target = tmp_path_factory.mktemp("release") / "offline"
    offline_copy(built_site, target, leave_out=OFFLINE_LEAVE_OUT, embed=OFFLINE_EMBED)
    return target


@pytest.fixture
def disk(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context whose pages may only read files: any http(s) request fails the test."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    outside: list[str] = []
    context.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else outside.append(r.url),
    )
    yield context, outside
    context.close()
    assert outside == [], f"requests from a page read from disk: {outside}"


def test_the_copy_on_disk_reads_links_switches_cites_and_searches(
    disk: tuple[BrowserContext, list[str]], offline: Path, editions: dict[str, Edition]
) -> None:
    context, _ = disk
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    root = offline.resolve().as_uri() + "/"
    page.goto(root + "index.html")
    # landing page -> the laws -> the CSL -> Chapter VI -> Article 61, each by its link
    page.locator("a[href='law/index.html']").first.click()
    expect(page).to_have_url(root + "law/index.html")
    page.locator("article a[href='csl/index.html']").first.click()
    expect(page).to_have_url(root + "law/csl/index.html")
    expect(page.locator("article h1")).to_contain_text("网络安全法")
    page.locator("article a[href='2025/chapter-6/index.html']").first.click()
    expect(page).to_have_url(root + "law/csl/2025/chapter-6/index.html")
    page.locator("article a[href='../article-61/index.html']").first.click()
    expect(page).to_have_url(root + ARTICLE_61 + "index.html")
    text = first_paragraph(editions, "csl", "2025", 61)
    expect(page.locator("#p1 .law-zh")).to_contain_text(text.zh[:20], use_inner_text=True)
    expect(page.locator("#p1 .law-en")).to_contain_text(text.en[:60], use_inner_text=True)

    # layouts
    page.locator(".law-layouts button[data-layout=zh]").click()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "zh")
    expect(page.locator("#p1 .law-en")).to_be_hidden()
    page.locator(".law-layouts button[data-layout=interleaved]").click()
    expect(page.locator("#p1 .law-en")).to_be_visible()

    # Cite: the citation and the address of the paragraph in this copy
    page.locator("#p1 .law-cite").first.click()
    expect(page.locator("#p1 .law-cite").first).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [
        "《中华人民共和国网络安全法》（2025年修正）第六十一条第一款",
        "Cybersecurity Law of the PRC (as amended 2025), Art. 61(1)",
        root + ARTICLE_61 + "index.html#p1",
    ]

    # the calculator says truthfully why it cannot run here
    page.wait_for_function(
        "window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'failed'", timeout=BOOT_TIMEOUT
    )
    assert page.evaluate("window.CSL_CALC_STATE.error.code") == "file-protocol"
    status = page.locator(".calc .calc-status")
    expect(status).to_contain_text("opened from a file (file://)")
    expect(status).to_contain_text("served by a web server")
    expect(status).to_contain_text("从文件打开的站点副本")

    # a cross-reference opens the article it names
    page.locator("#p1 .law-en a.law-xref").first.click()
    expect(page).to_have_url(root + "law/csl/2025/article-23/index.html")
    expect(page.locator("article h1")).to_contain_text("23")

    # search, from disk: the result opens its page
    found = search(page, "第六十一条")
    assert found[0].article == "csl/2025/61"
    assert found[0].href.startswith(root + ARTICLE_61 + "index.html")
    page.locator(".md-search-result__item a").first.click()
    expect(page).to_have_url(re.compile(re.escape(root + ARTICLE_61 + "index.html") + r"\?h="))
    expect(page.locator("#p1 .law-zh")).to_contain_text(text.zh[:20], use_inner_text=True)
    assert errors == []


def test_the_fine_calculator_page_on_disk_shows_its_form_and_why_it_cannot_compute(
    disk: tuple[BrowserContext, list[str]], offline: Path
) -> None:
    context, _ = disk
    page = context.new_page()
    page.goto((offline / "calculators" / "fine" / "index.html").resolve().as_uri())
    page.wait_for_function(
        "window.CSL_CALC_STATE && window.CSL_CALC_STATE.stage === 'failed'", timeout=BOOT_TIMEOUT
    )
    assert page.evaluate("window.CSL_CALC_STATE.error.code") == "file-protocol"
    widget = page.locator(".calc").first
    expect(widget.get_by_role("button", name="Calculate")).to_be_visible()
    expect(widget.locator(".calc-status")).to_contain_text("python3 -m http.server")
