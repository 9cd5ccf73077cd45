"""The points of the reading issue that other files did not check: axe-core on every page the
issue names with nothing left out (Material's search dialog and its progress bar have accessible
names; the fine calculator and the certification checker with a result, as whole pages; search
results in both palettes), what a page downloads before search is first used; one title per
page and one label per sidebar entry, each chapter once, the developers' pages in their own
section; a 2016 article that says so and links the article in force; a printed calculator result
with its inputs, no facts carried over to another article, and a 0 floor that says why."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import recording_context, wait_for_instant_navigation
from tests.browser.nginx import Served

ROOT = Path(__file__).resolve().parents[2]
# axe-core is a devDependency from the npm registry (package.json); `npm ci` installs it
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BOOT_TIMEOUT = 60_000  # ms, as test_calculators.py

# the whole document, nothing excluded
AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .flatMap(v => v.nodes.map(n => ({rule: v.id, target: n.target.join(' '),
                                         why: n.failureSummary})));
}"""


def axe(page: Page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (it is a devDependency in package.json)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def use_palette(page: Page, url: str, scheme: str) -> None:
    page.goto(url)
    if scheme == "slate":
        page.locator("label[title='Dark mode 深色']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)


@pytest.fixture
def fresh(browser: Browser, nginx_site: Served) -> Iterator[Page]:
    with recording_context(browser, nginx_site.origin) as (context, _):
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page


def test_the_search_dialog_and_the_progress_bar_have_accessible_names(
    fresh: Page, nginx_site: Served
) -> None:
    fresh.goto(nginx_site.url() + "law/csl/2025/article-61/")
    dialog = fresh.locator(".md-search[role=dialog]")
    expect(dialog).to_have_attribute("aria-label", "Search the edition · 搜索本版")
    bar = fresh.locator(".md-progress[role=progressbar]")
    expect(bar).to_have_count(1)
    expect(bar).to_have_attribute("aria-label", "Loading the page · 正在加载页面")
    # the names survive instant navigation (Material swaps the page, not the header)
    wait_for_instant_navigation(fresh)
    fresh.locator("#p1 .law-en a.law-xref").first.click()
    expect(fresh).to_have_url(re.compile(r"article-23/$"))
    expect(fresh.get_by_role("dialog", name="Search the edition · 搜索本版")).to_have_count(1)
    expect(fresh.get_by_role("progressbar", name="Loading the page · 正在加载页面")).to_have_count(
        1
    )


def _search(page: Page, query: str) -> None:
    box = page.locator("input.md-search__input")
    if not box.evaluate("el => el === document.activeElement"):
        page.keyboard.press("/")
    expect(box).to_be_focused()
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_nothing_serious_in_search_results(
    fresh: Page, nginx_site: Served, scheme: str
) -> None:
    use_palette(fresh, nginx_site.url(), scheme)
    fresh.goto(nginx_site.url() + "law/csl/2025/article-61/")
    for query in ("网络运营者", "Article 71", "第五十九条"):  # a 2016 result with its label
        _search(fresh, query)
        expect(fresh.locator(".md-search-result__item").first).to_be_visible()
        assert axe(fresh) == [], (scheme, query)


def _wait_for_result(page: Page) -> None:
    page.wait_for_function(
        "window.CSL_CALC_STATE && window.CSL_CALC_STATE.results > 0", timeout=BOOT_TIMEOUT
    )
    expect(page.locator(".calc .calc-result").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize(
    "path",
    [
        "calculators/fine/",
        "calculators/certification/?product=router"
        "&specs.whole_system_throughput_bidirectional=13"
        "&specs.whole_system_routing_table_capacity=400000",
    ],
    ids=["fine", "certification"],
)
def test_axe_finds_nothing_serious_on_the_calculator_pages_with_a_result(
    fresh: Page, nginx_site: Served, path: str, scheme: str
) -> None:
    use_palette(fresh, nginx_site.url(), scheme)
    fresh.goto(nginx_site.url() + path)
    _wait_for_result(fresh)
    assert axe(fresh) == [], (scheme, path)


# What a page downloads before search is used: the search index (3 MB uncompressed) is not
# among it. Measured here from nginx's log (uncompressed body bytes; the site is served without
# gzip): an article page 0.47 MB, the landing page less.
BEFORE_SEARCH = 1_000_000


@pytest.mark.parametrize(
    "path", ["", "law/csl/2025/article-61/", "law/csl/2025/full-text/"], ids=str
)
def test_what_a_page_downloads_before_search_is_used(
    browser: Browser, nginx_site: Served, path: str
) -> None:
    with recording_context(browser, nginx_site.origin) as (context, _):
        page = context.new_page()
        start = len(nginx_site.requests())
        page.goto(nginx_site.url() + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        rows = nginx_site.requests()[start:]
    assert not [p for p, _, _ in rows if p.endswith("search_index.json")], path
    total = sum(size for _, _, size in rows)
    print(f"\n{path or 'landing page'}: {total:,} bytes before search")
    assert total <= BEFORE_SEARCH, (path, total, sorted(rows, key=lambda r: -r[2])[:5])


def test_the_landing_page_links_the_laws_calculators_whole_texts_and_search(
    fresh: Page, nginx_site: Served
) -> None:
    fresh.goto(nginx_site.url())
    main = fresh.locator("article")
    for href in ("law/csl/", "law/pipl/", "law/dsl/", "calculators/fine/",
                 "calculators/certification/", "law/csl/2025/full-text/",
                 "law/csl/2016/full-text/", "law/pipl/2021/full-text/",
                 "law/dsl/2021/full-text/"):  # fmt: skip
        expect(main.locator(f"a[href$='{href}']").first).to_be_visible()
    # the search link opens Material's search dialog with the box focused, and it searches
    main.get_by_role("link", name="Search · 搜索").click()
    box = fresh.locator("input.md-search__input")
    expect(box).to_be_focused()
    box.fill("Article 71")
    box.press("End")
    first = fresh.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(r"law/csl/2025/article-71/"), timeout=30_000)


# --- one title per page, one label per sidebar entry --------------------------------------------

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def test_no_two_pages_share_a_title(built_site: Path) -> None:
    titles: dict[str, list[str]] = {}
    for html in sorted(built_site.rglob("*.html")):
        if html.relative_to(built_site).parts[0] == "offline":
            continue
        found = TITLE.findall(html.read_text(encoding="utf-8"))
        assert len(found) == 1, html
        titles.setdefault(found[0].strip(), []).append(str(html.relative_to(built_site)))
    assert len(titles) > 300
    shared = {title: pages for title, pages in titles.items() if len(pages) > 1}
    assert shared == {}


def test_the_window_title_names_the_law_and_the_text(page: Page, site_url: str) -> None:
    seen = set()
    for path, words in (
        ("law/csl/2025/article-1/", "Cybersecurity Law"),
        ("law/pipl/2021/article-1/", "Personal Information Protection Law"),
        ("law/dsl/2021/article-1/", "Data Security Law"),
        ("law/csl/2016/chapter-1/", "(2016)"),
        ("law/csl/2025/chapter-1/", "Cybersecurity Law"),
    ):
        page.goto(site_url + path)
        assert words in page.title(), path
        seen.add(page.title())
    assert len(seen) == 5
    # a law's landing page: its Chinese and English titles stay two words apart
    page.goto(site_url + "law/csl/")
    assert page.title().startswith("中华人民共和国网络安全法 Cybersecurity Law"), page.title()
    # a 2016 chapter says 2016 in its heading too, not only in its window title
    page.goto(site_url + "law/csl/2016/chapter-6/")
    expect(page.locator("article h1")).to_contain_text("Legal Liability (2016)")
    page.goto(site_url + "law/csl/2025/chapter-6/")
    expect(page.locator("article h1")).not_to_contain_text("2016")
    # instant navigation takes the next page's title along
    page.goto(site_url + "law/csl/2025/article-61/")
    wait_for_instant_navigation(page)
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Glossary 术语表").first.click()
    expect(page).to_have_url(re.compile(r"law/csl/glossary/$"))
    expect(page).to_have_title(re.compile(r"^Glossary 术语表 · Cybersecurity Law 网络安全法 - "))


# the sidebar entries a reader sees at desktop width (not the page's own outline)
SIDEBAR = """() => [...document.querySelectorAll(
        '.md-sidebar--primary nav.md-nav--primary :is(a, label).md-nav__link')]
    .filter(el => !el.closest('.md-nav--secondary') && el.checkVisibility({checkVisibilityCSS: true})
                  && el.textContent.trim())
    .map(el => ({label: el.textContent.trim().replace(/\\s+/g, ' '),
                 href: el.href || '',
                 section: el.closest('.md-nav__item--nested')
                     ?.querySelector(':scope > :is(a, label, div) ')?.textContent.trim()
                     .replace(/\\s+/g, ' ') || ''}))"""

SIDEBAR_PAGES = [
    "",
    "guides/changes-2025/",
    "calculators/fine/",
    "calculators/hosting/",
    "about/changelog/",
    "law/",
    "law/csl/2025/article-61/",
    "law/csl/2025/chapter-3/",
    "law/csl/2016/article-59/",
    "law/csl/2016/chapter-3/",
    "law/csl/changes/",
    "law/pipl/2021/article-66/",
    "law/dsl/2021/article-45/",
]


def sidebar(page: Page, site_url: str, path: str) -> list[dict]:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(site_url + path)
    return page.evaluate(SIDEBAR)


@pytest.mark.parametrize("path", SIDEBAR_PAGES, ids=lambda p: p or "home")
def test_no_two_sidebar_entries_share_a_label(page: Page, site_url: str, path: str) -> None:
    entries = sidebar(page, site_url, path)
    assert len(entries) >= 8
    labels = [e["label"] for e in entries]
    assert [label for label in set(labels) if labels.count(label) > 1] == [], path


@pytest.mark.parametrize(
    ("path", "chapters"),
    [
        ("law/csl/2016/article-59/", {"2025": 7, "2016": 7}),
        ("law/csl/2025/article-61/", {"2025": 7}),
        ("law/csl/2016/chapter-3/", {"2025": 7, "2016": 7}),
        ("law/pipl/2021/article-66/", {"2021": 8}),
        ("law/dsl/2021/article-45/", {"2021": 7}),
    ],
)
def test_each_chapter_appears_once_in_the_sidebar(
    page: Page, site_url: str, path: str, chapters: dict[str, int]
) -> None:
    law = path.split("/")[1]
    found: dict[str, list[tuple[str, str]]] = {}
    for entry in sidebar(page, site_url, path):
        at = re.search(rf"law/{law}/(\d{{4}})/chapter-(\d+)/$", entry["href"])
        if at:
            found.setdefault(at[1], []).append((at[2], entry["label"]))
    assert {version: len(rows) for version, rows in found.items()} == chapters
    for version, rows in found.items():
        numbers = [number for number, _ in rows]
        labels = [label for _, label in rows]
        assert len(set(numbers)) == len(numbers) and len(set(labels)) == len(labels), version
        # a superseded text's chapters say which text they open
        superseded = version == "2016"
        assert all(label.endswith(" (2016)") == superseded for label in labels), rows


DEVELOPER_SECTION = "For site owners and developers 站点维护与开发"
DEVELOPER_PAGES = {
    "calculators/hosting/": "Hosting the calculators 计算器的托管",
    "calculators/method/": "Calculator method 计算方法",
    "calculators/interface/": "Calculator interface 计算器接口",
    "calculators/test-vectors/": "Test vectors 测试用例",
    "about/editing/": "Editing the data 编辑数据",
    "about/commentary-format/": "Commentary files 评注文件格式",
    "about/export/": "Open data export 开放数据导出",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_developer_pages_are_in_their_own_section_in_both_languages(
    page: Page, site_url: str
) -> None:
    entries = sidebar(page, site_url, "calculators/hosting/")
    section = [
        e for e in entries if e["section"] == DEVELOPER_SECTION and e["label"] != DEVELOPER_SECTION
    ]
    assert {e["href"].removeprefix(site_url): e["label"] for e in section} == DEVELOPER_PAGES
    assert CJK.search(DEVELOPER_SECTION) and re.search("[A-Za-z]", DEVELOPER_SECTION)
    for label in DEVELOPER_PAGES.values():
        assert CJK.search(label) and re.search("[A-Za-z]", label), label
    # the readers' sections, opened on one of their pages, hold none of them
    for path, name in (
        ("guides/changes-2025/", "Guides 指南"),
        ("calculators/fine/", "Calculators 计算器"),
        ("about/changelog/", "About 关于"),
    ):
        entries = sidebar(page, site_url, path)
        readers = [e for e in entries if e["section"] == name and e["label"] != name]
        assert len(readers) >= 2, path
        labels = {e["label"] for e in readers}
        assert labels.isdisjoint(DEVELOPER_PAGES.values()), (path, labels)
        assert not [e for e in readers if e["href"].removeprefix(site_url) in DEVELOPER_PAGES]
        # and the developers' section is there, closed, under its own name
        assert [e["label"] for e in entries if e["label"] == DEVELOPER_SECTION] == [
            DEVELOPER_SECTION
        ]


# --- a 2016 article says so, and leads to the article in force ------------------------------------


@pytest.mark.parametrize(("old", "new"), [(59, 61), (21, 23)])
def test_a_2016_article_says_2016_and_links_the_article_in_force(
    page: Page, site_url: str, old: int, new: int
) -> None:
    page.goto(site_url + f"law/csl/2016/article-{old}/")
    assert f"Article {old} (2016)" in page.title()
    h1 = page.locator("article h1")
    expect(h1).to_contain_text(f"Article {old} (2016)")
    expect(h1).to_contain_text("(2016)")
    banner = page.locator(".law-banner--historic")
    expect(banner).to_be_visible()
    expect(banner.locator("p[lang=en]")).to_contain_text("No longer in force")
    expect(banner.locator("p[lang=zh-Hans]")).to_contain_text("本文本已失效")
    for lang in ("en", "zh-Hans"):
        expect(banner.locator(f"p[lang={lang}] a")).to_have_attribute(
            "href", re.compile(rf"law/csl/2025/article-{new}/$")
        )
    banner.locator("p[lang=en] a").click()
    expect(page).to_have_url(re.compile(rf"law/csl/2025/article-{new}/$"))
    expect(page.locator("article h1")).to_contain_text(f"Article {new}")
    expect(page.locator("article h1")).not_to_contain_text("2016")
    assert "2016" not in page.title()
    expect(page.locator(".law-banner--historic")).to_have_count(0)


# --- calculators: print with the inputs, facts not carried to another article, a 0 explained ---


def _calculated(page: Page, condition: str) -> dict:
    page.wait_for_function(
        f"window.CSL_CALC_STATE && window.CSL_CALC_STATE.lastInput && ({condition}) && "
        "document.querySelector('.calc').getAttribute('aria-busy') === null",
        timeout=BOOT_TIMEOUT,
    )
    return page.evaluate("window.CSL_CALC_STATE")


def _fine_case(page: Page, site: Served, article: str, gains: str, conduct: str) -> Locator:
    """The fine calculator page, computing one article with illegal gains and a conduct date."""
    page.goto(site.url() + "calculators/fine/")
    _wait_for_result(page)
    widget = page.locator(".calc")
    widget.get_by_label("Article").select_option(article)
    widget.get_by_label("Date of the conduct").fill(conduct)
    widget.get_by_label("Illegal gains").fill(gains)
    widget.get_by_role("button", name="Calculate").click()
    return widget


def test_a_printed_result_carries_the_inputs_the_reader_typed(
    fresh: Page, nginx_site: Served
) -> None:
    widget = _fine_case(fresh, nginx_site, "64", "1,250,000", "2026-02-01")
    _calculated(
        fresh,
        "CSL_CALC_STATE.lastInput.illegal_gains === 1250000 && "
        "CSL_CALC_STATE.lastInput.article === 64",
    )
    fresh.emulate_media(media="print")
    result = widget.locator(".calc-result")
    expect(result).to_be_visible()
    inputs = result.locator(".calc-inputs")
    expect(inputs).to_be_visible()
    expect(inputs).to_contain_text("Illegal gains: CNY 1,250,000")
    expect(inputs).to_contain_text("1,250,000元")
    expect(inputs).to_contain_text("Date of the conduct: 2026-02-01")
    expect(inputs).to_contain_text("Art. 64")
    expect(inputs).to_contain_text("第六十四条")
    expect(inputs).to_contain_text("Offender: ")
    # the inputs sit with the result, above its table
    assert inputs.bounding_box()["y"] < result.locator("table.calc-outcomes").bounding_box()["y"]
    # no form, no button, no navigation on paper
    expect(widget.locator(".calc-form")).to_be_hidden()
    for button in fresh.locator("button, .md-button").all():
        expect(button).to_be_hidden()
    for furniture in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-tabs"):
        for element in fresh.locator(furniture).all():
            expect(element).to_be_hidden()
    # on screen the form shows the inputs; the summary is for paper
    fresh.emulate_media(media="screen")
    expect(inputs).to_be_hidden()
    expect(widget.get_by_label("Illegal gains")).to_be_visible()


def test_a_conduct_date_left_from_another_article_is_cleared(
    fresh: Page, nginx_site: Served
) -> None:
    widget = _fine_case(fresh, nginx_site, "61", "80000", "2025-06-01")
    _calculated(fresh, "CSL_CALC_STATE.lastInput.conduct_date === '2025-06-01'")
    expect(widget.locator(".calc-applied")).to_contain_text("Applied: the 2016 text")
    # the reader turns to Art. 63 (uncertified equipment, new in 2025)
    widget.get_by_label("Article").select_option("63")
    done = _calculated(fresh, "CSL_CALC_STATE.lastInput.article === 63")
    assert "conduct_date" not in done["lastInput"] and "illegal_gains" not in done["lastInput"]
    expect(widget.get_by_label("Date of the conduct")).to_have_value("")
    expect(widget.get_by_label("Illegal gains")).to_have_value("")
    note = widget.locator(".calc-cleared")
    expect(note).to_contain_text("Date of the conduct 2025-06-01")
    expect(note).to_contain_text("Illegal gains 80000")
    result = widget.locator(".calc-result")
    expect(result).not_to_contain_text("No penalty may be imposed")
    expect(result).not_to_contain_text("依照本法不得给予处罚")
    expect(result.locator(".calc-applied")).to_contain_text("Art. 63")
    expect(result.locator("tr[data-party=entity] td.calc-fine")).not_to_have_text("— —")
    assert "conduct_date" not in fresh.url
    # a change within the article keeps what was typed, and the note goes
    widget.get_by_label("Date of the conduct").fill("2026-03-01")
    widget.get_by_role("button", name="Calculate").click()
    _calculated(fresh, "CSL_CALC_STATE.lastInput.conduct_date === '2026-03-01'")
    expect(widget.get_by_label("Date of the conduct")).to_have_value("2026-03-01")
    expect(note).to_have_text("")


def test_a_floor_lowered_to_0_says_why_beside_the_0(fresh: Page, nginx_site: Served) -> None:
    # 2025 Art. 61(1), more serious, a first minor violation promptly corrected: the authority
    # may impose no penalty (Administrative Penalty Law art. 33(1))
    fresh.goto(
        nginx_site.url() + "calculators/fine/?version=2025&article=61&paragraph=1"
        "&tier=aggravated&circumstances=first_violation_minor_harm_promptly_corrected"
    )
    _wait_for_result(fresh)
    done = fresh.evaluate("window.CSL_CALC_STATE")
    output = json.loads(done["lastOutput"])
    assert output["no_penalty_possible"] is True
    fine = next(o for o in output["outcomes"] if o["party"] == "entity")["fine"]
    statutory = next(o for o in output["unmitigated_outcomes"] if o["party"] == "entity")["fine"]
    assert fine["min"] == 0 and statutory["min"] > 0
    high, low, top = (f"{n:,}" for n in (fine["max"], statutory["min"], statutory["max"]))
    cell = fresh.locator(".calc-result tr[data-party=entity] td.calc-fine")
    expect(cell.locator(".calc-en")).to_have_text(
        f"may: CNY 0–{high} — 0 because the authority may impose no penalty "
        f"(Administrative Penalty Law art. 33(1)); the statute: CNY {low}–{top}"
    )
    expect(cell.locator(".calc-zh")).to_contain_text(
        f"可以处0元至{high}元罚款——下限为0：可以不予行政处罚"
    )
    expect(cell.locator(".calc-zh")).to_contain_text("《行政处罚法》第三十三条第一款")
    # without the circumstance the statutory range stands, with nothing to explain
    fresh.goto(nginx_site.url() + "calculators/fine/?version=2025&article=61&paragraph=1")
    _wait_for_result(fresh)
    expect(fresh.locator(".calc-result")).not_to_contain_text(
        "may impose no penalty (Administrative"
    )
