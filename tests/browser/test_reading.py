"""Reading on phones, on paper and with assistive technology: nothing scrolls sideways at
320-430 px, tap targets of at least 24 x 24 px, a print that a practitioner can file, a palette
that meets WCAG AA in light and dark, and no serious or critical axe-core finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
# axe-core comes from the npm registry as a devDependency (package.json); `npm ci` installs it
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAYOUTS = ("zh", "en", "side", "interleaved")
PHONES = (320, 360, 390, 430)
ARTICLE_61 = "law/csl/2025/article-61/"
FULL_TEXT = "law/csl/2025/full-text/"
SITE_NAME = "Cybersecurity Law of the PRC — annotated bilingual edition"


def open_page(page: Page, site_url: str, path: str, layout: str | None = None) -> None:
    page.goto(site_url + path + (f"?layout={layout}" if layout else ""))
    if layout:
        expect(page.locator("html")).to_have_attribute("data-law-layout", layout)


def use_palette(page: Page, site_url: str, scheme: str) -> None:
    """Switches Material's palette with its own toggle; the choice is kept for the context."""
    page.goto(site_url)
    if scheme == "slate":
        page.locator("label[title='Dark mode 深色']").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)


# --- phones ----------------------------------------------------------------------------------


def sideways_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", PHONES)
def test_nothing_scrolls_sideways_on_phones(page: Page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("", "law/csl/glossary/"):  # the glossary is a plain table, not scroll-wrapped
        open_page(page, site_url, path)
        assert sideways_overflow(page) <= 0, path or "landing page"
    for layout in LAYOUTS:
        for path in (ARTICLE_61, "law/csl/2025/article-23/", FULL_TEXT):
            open_page(page, site_url, path, layout)
            assert sideways_overflow(page) <= 0, (width, layout, path)
    # side by side stacks: the English under the Chinese, the commentary no wider than the screen
    open_page(page, site_url, ARTICLE_61, "side")
    zh = page.locator("#p1 .law-zh").bounding_box()
    en = page.locator("#p1 .law-en").bounding_box()
    assert en["y"] >= zh["y"] + zh["height"] - 1 and en["x"] + en["width"] <= width
    for commentary in page.locator(".commentary").all():
        box = commentary.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [390, 1280])
def test_tap_targets_are_at_least_24_px(page: Page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    open_page(page, site_url, ARTICLE_61, "interleaved")
    targets = page.locator(".law-layouts button, .law-text .law-cite, .law-text .law-anchor")
    assert targets.count() >= 4 + 3 + 3
    for target in targets.all():
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (target.inner_text(), box)
    # ¶ and Cite of one paragraph do not overlap each other or the next paragraph's
    anchor = page.locator("#p1 .law-anchor").bounding_box()
    cite = page.locator("#p1 .law-cite").bounding_box()
    following = page.locator("#p2").bounding_box()
    assert not _overlap(anchor, cite)
    assert cite["y"] + cite["height"] <= following["y"] + 1


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_penalty_table_fits_or_scrolls_inside_its_own_box(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    for layout in ("interleaved", "side"):
        open_page(page, site_url, ARTICLE_61, layout)
        _penalty_tables_fit_or_scroll(page)
        assert sideways_overflow(page) <= 0, layout


def _penalty_tables_fit_or_scroll(page: Page) -> None:
    tables = page.locator(".calc-table")
    assert tables.count() == 2
    for i in range(tables.count()):
        box = tables.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        fits_or_scrolls = tables.nth(i).evaluate(
            """box => {
                const table = box.querySelector('table');
                if (table.getBoundingClientRect().width <= box.getBoundingClientRect().width + 1) return 'fits';
                for (let el = table.parentElement; el && el !== box.parentElement; el = el.parentElement) {
                    const overflow = getComputedStyle(el).overflowX;
                    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth
                        && el.getBoundingClientRect().right <= window.innerWidth) return 'scrolls';
                }
                return 'overflows the page';
            }"""
        )
        assert fits_or_scrolls in ("fits", "scrolls")


# --- print -----------------------------------------------------------------------------------


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF: the page objects (/Type /Page, not the /Pages tree nodes)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def pdf_destinations(pdf: bytes) -> dict[str, int]:
    """The page (0-based) on which each linked id lands, from the named destinations Chromium
    writes for in-document links (/Dests in the catalogue; page objects in /Pages order)."""

    def body(number: bytes | int) -> bytes:
        match = re.search(rb"(?:^|\n)%d 0 obj\n(.*?)endobj" % int(number), pdf, re.S)
        assert match, number
        return match.group(1)

    order: list[int] = []

    def walk(number: int) -> None:
        node = body(number)
        if b"/Type /Pages" in node:
            kids = re.search(rb"/Kids \[([^\]]*)\]", node).group(1)
            for kid in re.findall(rb"(\d+) 0 R", kids):
                walk(int(kid))
        else:
            order.append(number)

    catalog = re.search(rb"/Type /Catalog(.*?)>>\s*endobj", pdf, re.S).group(1)
    walk(int(re.search(rb"/Pages (\d+) 0 R", catalog).group(1)))
    dests = body(re.search(rb"/Dests (\d+) 0 R", catalog).group(1))
    index = {number: i for i, number in enumerate(order)}
    return {
        name.decode(): index[int(page)]
        for name, page in re.findall(rb"/([^\s/\[\]<>()]+) \[(\d+) 0 R /XYZ", dests)
    }


def print_media(page: Page) -> None:
    page.emulate_media(media="print")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_an_article_prints_as_a_practitioner_files_it(
    page: Page, site_url: str, scheme: str
) -> None:
    use_palette(page, site_url, scheme)
    open_page(page, site_url, ARTICLE_61, "interleaved")
    print_media(page)
    for furniture in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-search",
        ".law-layouts",
        ".law-cite",
        ".calc",
    ):
        for element in page.locator(furniture).all():
            expect(element).to_be_hidden()
    anchors = page.locator(".law-text .law-anchor")
    expect(anchors.first).to_be_visible()
    assert anchors.all_inner_texts()[:3] == ["¶1", "¶2", "¶3"]
    black, white = "rgb(0, 0, 0)", "rgb(255, 255, 255)"
    style = "(el, p) => getComputedStyle(el)[p]"
    assert page.locator("#p1 .law-en").evaluate(style, "color") == black
    assert page.locator("#p1 .law-en a.law-xref").first.evaluate(style, "color") == black
    assert page.locator(".commentary[lang='en'] p").first.evaluate(style, "color") == black
    assert page.locator("body").evaluate(style, "backgroundColor") == white
    # edition, page, version and address on the first page, whatever the browser prints around it
    source = page.locator(".law-print-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text(SITE_NAME)
    expect(source).to_contain_text("Article 61")
    expect(source).to_contain_text("2025 text")
    expect(source).to_contain_text(ARTICLE_61)
    expect(source).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    assert source.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    # the print line is for paper only
    page.emulate_media(media="screen")
    expect(source).to_be_hidden()


def test_tables_are_not_clipped_on_paper(page: Page, site_url: str) -> None:
    open_page(page, site_url, ARTICLE_61, "interleaved")
    print_media(page)
    tables = page.locator("article table")
    assert tables.count() >= 4  # the penalty tables in both languages, the commentary's tables
    for table in tables.all():
        clipping = table.evaluate(
            """table => {
                const out = [];
                for (let el = table; el && el.tagName !== 'ARTICLE'; el = el.parentElement) {
                    const s = getComputedStyle(el);
                    if (s.overflowX !== 'visible' || s.overflowY !== 'visible') out.push(el.className || el.tagName);
                }
                const article = table.closest('article').getBoundingClientRect();
                if (table.getBoundingClientRect().right > article.right + 1) out.push('wider than the page');
                return out;
            }"""
        )
        assert clipping == []


@pytest.mark.parametrize(("layout", "most"), [("interleaved", 10), ("en", 6), ("zh", 6)])
def test_article_61_prints_on_a_sensible_number_of_pages(
    page: Page, site_url: str, layout: str, most: int
) -> None:
    # measured on A4 (without → with a CJK font): interleaved 16 → 7 (20 → 9 with WenQuanYi),
    # before this stylesheet; English only 11 → 5; Chinese only 6 → 3 (10 → 5)
    open_page(page, site_url, ARTICLE_61, layout)
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= most


@pytest.mark.parametrize("layout", ["interleaved", "en"])
def test_no_heading_is_stranded_at_the_foot_of_a_page(
    page: Page, site_url: str, layout: str
) -> None:
    open_page(page, site_url, ARTICLE_61, layout)
    # the headings on paper: the calculator (and the headings of its result, once Pyodide has
    # computed it) is not printed, so it cannot strand a heading
    print_media(page)
    # each visible heading and the block after it get an id and a link, so that Chromium writes
    # a named destination (with its page) for both into the PDF
    pairs = page.evaluate(
        """() => {
            const shown = el => el.getClientRects().length > 0;
            const links = document.createElement('p');
            const pairs = [];
            document.querySelectorAll('article :is(h1, h2, h3, h4)').forEach((h, i) => {
                if (!shown(h)) return;
                let next = h.nextElementSibling;
                while (next && !shown(next)) next = next.nextElementSibling;
                if (!next) return;
                h.id ||= 'heading-' + i;
                next.id ||= 'after-heading-' + i;
                for (const id of [h.id, next.id]) {
                    const a = document.createElement('a');
                    a.href = '#' + id;
                    a.textContent = '·';
                    links.append(a);
                }
                pairs.push([h.id, next.id, h.textContent.trim()]);
            });
            document.querySelector('article').append(links);
            return pairs;
        }"""
    )
    assert len(pairs) >= 10
    dests = pdf_destinations(page.pdf(format="A4"))
    placed = [(dests[h], dests[n], text) for h, n, text in pairs if h in dests and n in dests]
    assert len(placed) >= len(pairs) - 2, (pairs, sorted(dests))
    stranded = [text for heading, after, text in placed if heading != after]
    assert stranded == []


# --- contrast and axe-core -------------------------------------------------------------------

RATIO = """el => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255; return c <= 0.04045 ? c / 12.92
        : ((c + 0.055) / 1.055) ** 2.4; }).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
    let bg = el;
    while (bg && (getComputedStyle(bg).backgroundColor === 'rgba(0, 0, 0, 0)'
                  || rgb(getComputedStyle(bg).backgroundColor)[3] === 0)) bg = bg.parentElement;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(getComputedStyle(bg || document.body).backgroundColor))];
    return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
            underline: getComputedStyle(el).textDecorationLine};
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_links_and_text_pass_aa_and_links_are_underlined(
    page: Page, site_url: str, scheme: str
) -> None:
    use_palette(page, site_url, scheme)
    open_page(page, site_url, ARTICLE_61, "interleaved")
    for selector in (
        "#p1 .law-en a.law-xref",  # a link inside the muted English text
        "#p1 .law-zh a.law-xref",
        ".commentary[lang='en'] p a",  # on the commentary's tinted background
        ".law-crumbs a",
        "#p1 .law-en",
        ".commentary-reviewed",
        ".law-text .law-anchor",
    ):
        found = page.locator(selector).first.evaluate(RATIO)
        assert found["ratio"] >= 4.5, (selector, found)
        if " a" in selector:
            assert "underline" in found["underline"], selector
    # white on the header and on the pressed layout button
    for selector in (".md-header__topic .md-ellipsis", ".law-layouts [aria-pressed='true']"):
        assert page.locator(selector).first.evaluate(RATIO)["ratio"] >= 4.5, selector


# Material's search dialog and progress bar are checked too (their names come from
# docs/overrides/partials/search.html and progress.html); the embedded calculator has its own
# tests (test_calculators.py; the calculator pages as a whole: test_reader_issue14.py).
AXE_RUN = """async () => {
    const result = await axe.run({exclude: [['.calc']]}, {resultTypes: ['violations']});
    return result.violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .flatMap(v => v.nodes.map(n => ({rule: v.id, target: n.target.join(' '),
                                         why: n.failureSummary})));
}"""


def axe_findings(page: Page) -> list[dict]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (it is a devDependency in package.json)")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_nothing_serious_on_the_reading_pages(
    page: Page, site_url: str, scheme: str
) -> None:
    use_palette(page, site_url, scheme)
    visits = [("", None), (FULL_TEXT, None)] + [(ARTICLE_61, layout) for layout in LAYOUTS]
    for path, layout in visits:
        open_page(page, site_url, path, layout)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        assert axe_findings(page) == [], (scheme, path or "landing page", layout)
