"""The reader in a real browser: layouts, citations, term popovers, redlines, search."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_instant_navigation


def article(site_url: str, version: str, number: int) -> str:
    return f"{site_url}law/csl/{version}/article-{number}/"


def test_layout_persists_across_instant_navigation(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 61))
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "en")
    expect(page.locator("#p1 .law-zh")).to_be_hidden()
    expect(page.locator("#p1 .law-en")).to_be_visible()
    # a cross-reference link; Material's instant navigation swaps the page without reloading
    wait_for_instant_navigation(page)
    page.evaluate("window.__marker = 'same document'")
    page.locator("#p1 .law-en a.law-xref").first.click()
    expect(page).to_have_url(re.compile(r"article-23/$"))
    assert page.evaluate("window.__marker") == "same document"
    expect(page.locator("html")).to_have_attribute("data-law-layout", "en")
    expect(page.locator("#p1 .law-zh")).to_be_hidden()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    # the switch still works on the new page (scripts re-mounted on document$)
    page.get_by_role("button", name="对照 Side by side").click()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "side")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-law-layout", "side")
    expect(page.locator("#p1 .law-zh")).to_be_visible()


def test_layout_from_the_url(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 42) + "?layout=zh")
    expect(page.locator("html")).to_have_attribute("data-law-layout", "zh")
    expect(page.locator("#p2 .law-en")).to_be_hidden()
    expect(page.locator("#p2 .law-zh")).to_be_visible()


def test_side_by_side_aligns_and_stacks_on_narrow_screens(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(article(site_url, "2025", 62) + "?layout=side")
    zh = page.locator("#p1-i2 .law-zh").bounding_box()
    en = page.locator("#p1-i2 .law-en").bounding_box()
    assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"] - 1
    page.set_viewport_size({"width": 400, "height": 800})
    zh = page.locator("#p1-i2 .law-zh").bounding_box()
    en = page.locator("#p1-i2 .law-en").bounding_box()
    assert en["y"] >= zh["y"] + zh["height"] - 1


def test_copy_citation_gives_the_exact_strings(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 61))
    page.locator("#p3 .law-cite").click()
    expect(page.locator("#p3 .law-cite")).to_contain_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    permalink = f"{site_url}law/csl/2025/article-61/#p3"
    # the address once, after the citation in both languages
    assert copied.splitlines() == [
        "《中华人民共和国网络安全法》（2025年修正）第六十一条第三款",
        "Cybersecurity Law of the PRC (as amended 2025), Art. 61(3)",
        permalink,
    ]


def test_anchor_targets_an_item_in_every_layout(page: Page, site_url: str) -> None:
    for layout in ("zh", "en", "side", "interleaved"):
        page.goto(article(site_url, "2025", 62) + f"?layout={layout}#p1-i2")
        expect(page.locator("#p1-i2")).to_be_in_viewport()


def test_term_popover_opens_with_both_languages(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 61))
    term = page.locator("#p1 button.law-term", has_text="网络运营者")
    term.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".law-term-pop:popover-open")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("network operator")
    expect(popover.get_by_role("link", name="Art. 78(1)(iii)")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".law-term-pop:popover-open")).to_have_count(0)


def test_article_61_shows_the_redline(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 61))
    panel = page.locator(".law-changes")
    expect(panel).to_contain_text("2016 Art. 59")
    expect(panel.locator(".law-zh ins").first).to_be_visible()
    expect(panel.locator(".law-zh del").first).to_be_visible()
    inserted = "".join(panel.locator(".law-zh ins").all_inner_texts())
    assert "二百万元以上一千万元以下" in inserted


def test_historic_page_links_forward(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2016", 59))
    expect(page.locator(".law-badge--historic")).to_contain_text("No longer in force")
    page.locator(".law-badge--historic a", has_text="Art. 61").click()
    expect(page).to_have_url(re.compile(r"2025/article-61/$"))


def _search(page: Page, query: str) -> list[int]:
    """Article numbers of the first results, in order (2025 pages rank before 2016 pages)."""
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    for _ in range(3):  # Material renders results ten at a time as the list scrolls
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(100)
    titles = page.locator(
        ".md-search-result__item > a h1, .md-search-result__item > a h2"
    ).all_inner_texts()
    numbers = [re.search(r"Article (\d+)", t.replace("\u200b", "")) for t in titles]
    return [int(m[1]) for m in numbers if m]


def test_search_finds_chinese_and_english(page: Page, site_url: str) -> None:
    cii_section = set(range(33, 42))  # Chapter III, Section 2: critical information infrastructure
    page.goto(site_url)
    found_zh = _search(page, "关键信息基础设施")
    # the guides may rank first; among the articles, those on CII lead
    assert 33 in found_zh[:10] and len(cii_section & set(found_zh[:10])) >= 5, found_zh
    page.goto(site_url)
    found_en = _search(page, "critical information infrastructure")
    assert 33 in found_en[:10] and len(cii_section & set(found_en[:10])) >= 5, found_en
    page.goto(site_url)
    # inflected forms: Art. 23 says only "obligations"; the singular finds it (Material adds a
    # trailing wildcard to every term; lunr's stemmer does not combine with the zh segmenter)
    found_inflected = _search(page, "obligation")
    assert 23 in found_inflected, found_inflected


def test_commentary_follows_the_layout(page: Page, site_url: str) -> None:
    page.goto(article(site_url, "2025", 61) + "?layout=en")
    english = page.locator(".commentary[lang='en']")
    chinese = page.locator(".commentary[lang='zh-Hans']")
    expect(english).to_be_visible()
    expect(english).to_contain_text("not legal advice")
    expect(chinese).to_be_hidden()
    page.get_by_role("button", name="中文").click()
    expect(chinese).to_be_visible()
    expect(chinese).to_contain_text("不构成法律意见")
    expect(english).to_be_hidden()
    # the commentary sits below the statute, visibly separate from it
    statute = page.locator(".law-text").bounding_box()
    assert chinese.bounding_box()["y"] > statute["y"] + statute["height"]
