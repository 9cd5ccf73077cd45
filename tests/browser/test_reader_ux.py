"""The reader's experience around the statute text, in Debian's Chromium: term popovers that open
at their term and stay on screen, by mouse, keyboard and touch; English terms marked as well as
Chinese, longest match first; an outline that follows the layout; ?layout= for one visit only;
Cite feedback that ends, and says so when copying fails; the whole law on one page with Cite,
popovers, in-page jumps and headings in order; a notice for a link to a paragraph that does not
exist; no empty footer."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Route, expect

from tests.browser.conftest import wait_for_instant_navigation

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE_61 = "law/csl/2025/article-61/"
FULL_TEXT = "law/csl/2025/full-text/"
KEY = "csl-law-layout"


def glossary(law: str) -> list[dict]:
    return yaml.safe_load((ROOT / "site_data" / law / "glossary.yaml").read_text("utf-8"))["terms"]


def box(locator: Locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


def term_box(term: Locator) -> dict:
    """The last line of a term (a term that wraps has one box per line)."""
    return term.evaluate(
        "el => { const r = [...el.getClientRects()].at(-1); "
        "return {x: r.left, y: r.top, width: r.width, height: r.height}; }"
    )


def open_popover(page: Page) -> Locator:
    popover = page.locator(".law-term-pop:popover-open")
    expect(popover).to_have_count(1)
    expect(popover).to_be_visible()  # hidden until law.js has placed it
    return popover


def assert_inside_the_window(page: Page, popover: Locator) -> None:
    width, height = page.evaluate("[document.documentElement.clientWidth, innerHeight]")
    found = box(popover)
    assert found["x"] >= 0 and found["x"] + found["width"] <= width, found
    assert found["y"] >= 0 and found["y"] + found["height"] <= height, found


def assert_under(term: Locator, popover: Locator) -> None:
    """Right under the term's last line (or right over it), not at the centre of the window."""
    word, pop = term_box(term), box(popover)
    under = 0 <= pop["y"] - (word["y"] + word["height"]) <= 12
    over = 0 <= word["y"] - (pop["y"] + pop["height"]) <= 12
    assert under or over, (word, pop)
    # it starts at the term, unless that would take it past the right edge of the window
    assert pop["x"] <= word["x"] + word["width"] and pop["x"] + pop["width"] >= word["x"], (
        word,
        pop,
    )


# --- 1. term popovers ------------------------------------------------------------------------


def test_a_popover_opens_under_its_term_and_scrolls_with_it(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(site_url + ARTICLE_61 + "?layout=interleaved")
    term = page.locator("#p2 .law-zh button.law-term").first
    term.scroll_into_view_if_needed()
    term.click()
    popover = open_popover(page)
    assert_under(term, popover)
    assert_inside_the_window(page, popover)
    # the centre of the window is where a popover opens unplaced: this one is elsewhere
    middle = box(popover)["y"] + box(popover)["height"] / 2
    assert abs(middle - 450) > 40 or abs(term_box(term)["y"] - 450) < 60
    page.mouse.wheel(0, 120)
    page.wait_for_timeout(200)
    assert_under(term, popover)
    # a click elsewhere closes it
    page.locator("h1").click()
    expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)


def test_every_popover_stays_inside_a_390_px_window(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site_url + ARTICLE_61 + "?layout=interleaved")
    terms = page.locator(".law-text button.law-term")
    assert terms.count() >= 15  # Chinese and English
    for i in range(terms.count()):
        term = terms.nth(i)
        term.scroll_into_view_if_needed()
        term.click()
        popover = open_popover(page)
        assert_inside_the_window(page, popover)
        assert_under(term, popover)
        page.keyboard.press("Escape")
        expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)


def test_a_popover_works_by_keyboard_and_returns_focus(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE_61 + "?layout=interleaved")
    term = page.locator("#p1 .law-zh button.law-term", has_text="网络运营者")
    # Tab from the last layout button reaches the first term of ¶1
    page.get_by_role("button", name="逐段 Interleaved").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if term.evaluate("el => el === document.activeElement"):
            break
    expect(term).to_be_focused()
    page.keyboard.press("Enter")
    popover = open_popover(page)
    expect(popover).to_contain_text("network operator")
    assert_under(term, popover)
    page.keyboard.press("Escape")
    expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)
    expect(term).to_be_focused()
    # Space opens it too; Tab moves into it, Escape closes it and focus goes back to the term
    page.keyboard.press("Space")
    popover = open_popover(page)
    page.keyboard.press("Tab")
    expect(popover.get_by_role("link", name="Art. 78(1)(iii)")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)
    expect(term).to_be_focused()


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    """A 390 px touch screen; as in conftest, no request may leave 127.0.0.1."""
    context: BrowserContext = browser.new_context(
        viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True
    )
    outside: list[str] = []
    context.on(
        "request",
        lambda r: None if urlsplit(r.url).hostname == "127.0.0.1" else outside.append(r.url),
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    assert outside == []


def test_a_popover_opens_by_touch(phone: Page, site_url: str) -> None:
    phone.goto(site_url + ARTICLE_61 + "?layout=en")
    term = phone.locator("#p1 .law-en button.law-term", has_text="network operator")
    term.tap()
    popover = open_popover(phone)
    expect(popover).to_contain_text("网络运营者")
    assert_inside_the_window(phone, popover)
    assert_under(term, popover)
    phone.locator("h1").tap()
    expect(phone.locator(".law-term-pop:popover-open")).to_have_count(0)


# --- 2. English terms, longest match -----------------------------------------------------------


def test_english_terms_have_the_same_popover(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE_61 + "?layout=en")
    english = page.locator("#p1 .law-en button.law-term")
    assert "network operator" in english.all_inner_texts()
    assert "competent authorities" in english.all_inner_texts()
    english.filter(has_text="network operator").click()
    popover = open_popover(page)
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("网络运营者")
    expect(popover.get_by_role("link", name="Art. 78(1)(iii)")).to_be_visible()
    # the popovers stay out of the search index, as the Chinese ones do
    assert page.locator(".law-term-pop:not([data-search-exclude])").count() == 0


# Each language's text with the span of every marked term; popover contents left out
_SPANS = """root => [...root.querySelectorAll('.law-text .law-zh, .law-text .law-en')].map(el => {
    let text = '';
    const spans = [];
    const walk = node => {
        for (const child of node.childNodes) {
            if (child.nodeType === 3) text += child.data;
            else if (child.classList.contains('law-term-pop')) continue;
            else if (child.classList.contains('law-term')) {
                spans.push([text.length, text.length + child.textContent.length]);
                text += child.textContent;
            } else walk(child);
        }
    };
    walk(el);
    return {lang: el.classList.contains('law-zh') ? 'zh' : 'en', text, spans};
})"""


def _occurrences(terms: list[dict], text: str, lang: str) -> list[tuple[int, int]]:
    found = []
    for term in terms:
        if lang == "zh":
            found += [(m.start(), m.end()) for m in re.finditer(re.escape(term["zh"]), text)]
        else:
            pattern = re.compile(rf"\b(?:{term['match']})\w*", re.IGNORECASE)
            found += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return found


@pytest.mark.parametrize(
    "path",
    [
        ARTICLE_61,
        "law/csl/2025/article-43/",
        "law/csl/2025/article-33/",
        "law/pipl/2021/article-50/",
        "law/dsl/2021/article-18/",
    ],
)
def test_no_term_is_marked_inside_a_longer_term(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path + "?layout=interleaved")
    terms = glossary(path.split("/")[1])
    marked = 0
    for block in page.locator("article").evaluate(_SPANS):
        for start, end in block["spans"]:
            marked += 1
            longer = [
                (s, e)
                for s, e in _occurrences(terms, block["text"], block["lang"])
                if s <= start and e >= end and e - s > end - start
            ]
            assert longer == [], (path, block["text"][start:end], block["text"])
    assert marked >= 2, path


def test_a_short_term_inside_a_marked_long_term_stays_plain(page: Page, site_url: str) -> None:
    # Art. 61(1): 网络安全保护义务 — 网络安全 is marked; 网络 (also a term) is not, there or in
    # 网络运营者; likewise "network" inside "network operator"
    page.goto(site_url + ARTICLE_61 + "?layout=interleaved")
    zh = page.locator("#p1 .law-zh button.law-term").all_inner_texts()
    en = page.locator("#p1 .law-en button.law-term").all_inner_texts()
    assert "网络运营者" in zh and "网络安全" in zh and "网络" not in zh
    assert "network operator" in en and "network" not in en
    for text in ("网络运营者", "网络安全"):
        assert zh.count(text) == 1  # first occurrence only


# --- 3. the outline follows the layout ---------------------------------------------------------


def outline(page: Page) -> Locator:
    return page.locator(".md-sidebar--secondary nav.md-nav--secondary")


def test_the_outline_lists_the_headings_the_layout_shows(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(site_url + ARTICLE_61 + "?layout=en")
    toc = outline(page)
    expect(toc.get_by_role("link", name="Summary", exact=True)).to_be_visible()
    expect(toc.get_by_role("link", name="概要")).to_be_hidden()
    toc.get_by_role("link", name="Summary", exact=True).click()
    expect(page.locator("#en-summary")).to_be_in_viewport()
    page.get_by_role("button", name="中文").click()
    expect(toc.get_by_role("link", name="Summary", exact=True)).to_be_hidden()
    expect(toc.get_by_role("link", name="概要")).to_be_visible()
    toc.get_by_role("link", name="实务影响").click()
    expect(page.locator("#zh-implications")).to_be_in_viewport()
    # every entry the outline shows leads to a heading on screen
    for link in toc.locator("a.md-nav__link").all():
        if link.is_visible():
            target = link.evaluate("a => a.hash")
            assert page.locator(target).is_visible(), target
    page.get_by_role("button", name="逐段 Interleaved").click()
    expect(toc.get_by_role("link", name="Summary", exact=True)).to_be_visible()
    expect(toc.get_by_role("link", name="概要")).to_be_visible()


# --- 4. ?layout= is for this visit -------------------------------------------------------------


def test_a_layout_in_the_address_is_not_saved(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE_61)
    page.get_by_role("button", name="中文").click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "zh"
    page.goto(site_url + ARTICLE_61 + "?layout=en")
    expect(page.locator("html")).to_have_attribute("data-law-layout", "en")
    expect(page.locator("#p1 .law-zh")).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "zh"
    # the next visit has the reader's own choice again
    page.goto(site_url + "law/csl/2025/article-23/")
    expect(page.locator("html")).to_have_attribute("data-law-layout", "zh")
    # pressing a button saves it and takes the override out of the address
    page.goto(site_url + ARTICLE_61 + "?layout=en")
    page.get_by_role("button", name="对照 Side by side").click()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") == "side"
    assert "layout=" not in page.url
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "side")


# --- 5. Cite -----------------------------------------------------------------------------------

_WATCH = """button => {
    window.__labels = [[performance.now(), button.innerText]];
    new MutationObserver(() => window.__labels.push([performance.now(), button.innerText]))
        .observe(button, {subtree: true, childList: true, characterData: true});
}"""


def test_cite_says_copied_for_two_seconds_and_copies_the_address_once(
    page: Page, site_url: str
) -> None:
    page.goto(site_url + ARTICLE_61 + "?layout=en")
    cite = page.locator("#p3 .law-cite")
    cite.evaluate(_WATCH)
    cite.click()
    expect(cite).to_contain_text("Copied")
    expect(cite).to_have_text("Cite", timeout=6000)
    labels = page.evaluate("window.__labels")
    copied_at = next(t for t, text in labels if "Copied" in text)
    back_at = next(t for t, text in labels if t > copied_at and text == "Cite")
    assert 1900 <= back_at - copied_at <= 3500, labels
    copied = page.evaluate("navigator.clipboard.readText()")
    permalink = f"{site_url}law/csl/2025/article-61/#p3"
    assert copied.splitlines() == [
        "《中华人民共和国网络安全法》（2025年修正）第六十一条第三款",
        "Cybersecurity Law of the PRC (as amended 2025), Art. 61(3)",
        permalink,
    ]
    assert copied.count("http") == 1
    # the screen reader hears it
    expect(page.locator(".law-live")).to_have_text("Citation copied · 已复制引注")


def test_cite_says_so_when_the_clipboard_is_refused(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    origin = site_url.split("/wiki/")[0]
    # the reader's browser refuses the site the clipboard (as a denied site permission does)
    cdp = context.new_cdp_session(page)
    own = cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
    cdp.send(
        "Browser.setPermission",
        {
            "permission": {"name": "clipboard-write"},
            "setting": "denied",
            "origin": origin,
            "browserContextId": own,
        },
    )
    try:
        page.goto(site_url + ARTICLE_61)
        state = "navigator.permissions.query({name: 'clipboard-write'}).then(s => s.state)"
        assert page.evaluate(state) == "denied"
        cite = page.locator("#p2 .law-cite")
        cite.click()
        expect(cite).to_contain_text("Not copied")
        error = page.locator("#p2 .law-cite-error")
        expect(error).to_be_visible()
        expect(error).to_have_attribute("role", "alert")
        expect(error).to_contain_text("Could not copy the citation")
        expect(error).to_contain_text("未能复制引注")
        # the citation is there to copy by hand, with its address once
        shown = error.locator(".law-cite-text").inner_text()
        assert shown.splitlines() == [
            "《中华人民共和国网络安全法》（2025年修正）第六十一条第二款",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 61(2)",
            f"{site_url}law/csl/2025/article-61/#p2",
        ]
        expect(cite).to_have_text("Cite", timeout=6000)
    finally:
        context.close()


# --- 6. the whole law on one page --------------------------------------------------------------


def test_the_whole_law_has_cite_popovers_and_in_page_jumps(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + FULL_TEXT + "?layout=interleaved")
    page.evaluate("window.__marker = 'same document'")
    # a reference to another article jumps to it on this page
    # (the address then shows the chapter: Material's navigation.tracking follows the outline)
    xref = page.locator("#a61-p1 .law-zh a.law-xref", has_text="第二十三条")
    expect(xref).to_have_attribute("href", re.compile(r"#article-23$"))
    xref.click()
    expect(page.locator("#article-23")).to_be_in_viewport()
    assert page.evaluate("window.__marker") == "same document"
    # a reference to a paragraph, in English
    link = page.locator("#a62-p2 .law-en a.law-xref").first
    href = link.evaluate("a => a.hash")
    assert re.fullmatch(r"#a\d+-p\d+(-i\d+)?|#article-\d+", href), href
    link.click()
    expect(page.locator(href)).to_be_in_viewport()
    # Cite copies the article page's address
    cite = page.locator("#a61-p3 .law-cite")
    cite.click()
    expect(cite).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines()[-1] == f"{site_url}law/csl/2025/article-61/#p3"
    assert copied.count("http") == 1
    # term popovers, in both languages
    assert page.locator(".law-text .law-zh button.law-term").count() >= 20
    assert page.locator(".law-text .law-en button.law-term").count() >= 20
    term = page.locator(".law-text button.law-term").first
    term.scroll_into_view_if_needed()
    term.click()
    popover = open_popover(page)
    assert_under(term, popover)
    assert_inside_the_window(page, popover)
    # a definition link goes to the defining clause on this page
    definition = popover.locator("a", has_text=re.compile(r"^Art\. 78"))
    hash_ = definition.evaluate("a => a.pathname === location.pathname && a.hash")
    assert re.fullmatch(r"#a78-p1-i\d", hash_), hash_
    definition.click()
    expect(page.locator(hash_)).to_be_in_viewport()
    expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)
    assert page.evaluate("window.__marker") == "same document"


AXE_RULE = """async rule => {
    const result = await axe.run(document, {runOnly: {type: 'rule', values: [rule]}});
    return result.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')));
}"""


@pytest.mark.parametrize("path", [FULL_TEXT, "law/csl/2016/full-text/", "law/pipl/2021/full-text/"])
def test_the_whole_law_has_its_headings_in_order(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    levels = page.locator("article.md-content__inner").evaluate(
        "el => [...el.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => [+h.tagName[1], h.id])"
    )
    assert [level for level, _ in levels].count(1) == 1 and levels[0][0] == 1
    previous = 1
    for level, _ in levels:
        assert level <= previous + 1, levels
        previous = level
    chapters = [level for level, id in levels if id.startswith("chapter-")]
    articles = [level for level, id in levels if id.startswith("article-")]
    assert set(chapters) == {2} and set(articles) <= {3, 4} and 3 in articles
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (it is a devDependency in package.json)")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(AXE_RULE, "heading-order") == []


# --- 7. a link to a paragraph that does not exist ------------------------------------------------


def test_a_link_to_a_missing_paragraph_says_so(page: Page, site_url: str) -> None:
    page.goto(site_url + ARTICLE_61 + "#p9")
    notice = page.locator(".law-missing")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("This paragraph does not exist in this article")
    expect(notice).to_contain_text("本条没有这一款")
    expect(notice).to_contain_text("¶9")
    expect(notice).to_be_in_viewport()
    # an item
    page.goto(site_url + ARTICLE_61 + "#p1-i9")
    expect(notice).to_contain_text("This item does not exist in this article")
    expect(notice).to_contain_text("本条没有这一项")
    # a link that works shows none, and a jump within the page updates it
    page.goto(site_url + ARTICLE_61 + "#p3")
    expect(page.locator("#p3")).to_be_in_viewport()
    expect(notice).to_have_count(0)
    page.evaluate("location.hash = '#p7'")
    expect(notice).to_be_visible()
    expect(notice).to_be_in_viewport()
    page.evaluate("location.hash = '#p2'")
    expect(notice).to_have_count(0)


def link_at_the_end_of_article_23(page: Page, site_url: str, target: str) -> Locator:
    """A link to `target` (a page of the site, with its fragment) below CSL 2025 Art. 23's text,
    ready for instant navigation; the page marks its document, to tell instant navigation from a
    new page."""
    page.goto(site_url + "law/csl/2025/article-23/")
    wait_for_instant_navigation(page)
    page.evaluate("window.__marker = 'same document'")
    page.evaluate(
        """href => { const a = document.createElement('a'); a.href = href; a.textContent = 'go';
                     document.querySelector('article').append(a); }""",
        site_url + target,
    )
    return page.locator("article a", has_text="go")


def test_a_missing_paragraph_is_reported_after_instant_navigation(
    page: Page, site_url: str
) -> None:
    link = link_at_the_end_of_article_23(page, site_url, ARTICLE_61 + "#p9")
    link.click()
    expect(page).to_have_url(re.compile(r"article-61/#p9$"))
    assert page.evaluate("window.__marker") == "same document"
    expect(page.locator(".law-missing")).to_contain_text(
        "This paragraph does not exist in this article"
    )


def test_a_link_followed_just_after_a_scroll_opens_the_next_page_at_its_target(
    page: Page, site_url: str
) -> None:
    # the theme's navigation.tracking writes the heading in view into the address 250 ms after a
    # scroll; the next page, held back here for a second, arrives after that
    page.set_viewport_size({"width": 1280, "height": 900})
    link = link_at_the_end_of_article_23(page, site_url, FULL_TEXT + "#a61-p3")

    def held_back(route: Route) -> None:
        time.sleep(1)
        route.continue_()

    page.route("**/" + FULL_TEXT, held_back)
    link.click()  # scrolls to the link, then clicks
    expect(page.locator("#a61-p3")).to_be_in_viewport()
    assert page.evaluate("window.__marker") == "same document"
    page.wait_for_function("location.hash === '#a61-p3'")  # the link's, not the old heading's
    expect(page.locator(".law-missing")).to_have_count(0)


def test_a_missing_paragraph_on_the_whole_law_page(page: Page, site_url: str) -> None:
    page.goto(site_url + FULL_TEXT + "#a61-p9")
    notice = page.locator(".law-missing")
    expect(notice).to_contain_text("This paragraph does not exist in this article")
    expect(notice).to_contain_text("the article has 3 paragraphs")


# --- 8. no empty footer ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", ARTICLE_61])
def test_no_empty_footer_strip(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    for element in page.locator("footer, .md-footer, .md-footer-meta").all():
        if element.is_visible() and box(element)["height"] > 0:
            assert element.inner_text().strip(), "an empty footer strip"
    # the page ends with its content: nothing under the article but the window's edge
    below = page.evaluate(
        """() => document.documentElement.scrollHeight
                 - (document.querySelector('.md-main').getBoundingClientRect().bottom + scrollY)"""
    )
    assert below <= 1, below
