"""Search as a reader uses it: Material's search box in Debian's Chromium, on the site as nginx
serves it. Press "/", type, read the result list.

What is checked: the index is fetched only when search is first used; snippets are statute text
and commentary, never button labels or term definitions; an article number in either script
finds that article first, the edition's main law (the CSL) before the PIPL and the DSL, each
result naming its law and a 2016 result saying so; a glossary term finds the article that
defines it (or uses it most) among the first five, in Chinese and in English; a Chinese query
highlights whole words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import recording_context
from tests.browser.nginx import Served

INDEX = re.compile(r"/search/search_index\.json$")
ARTICLE = re.compile(r"/law/(\w+)/(\d{4})/article-(\d+)/")


@dataclass(frozen=True)
class Result:
    """One entry of the result list: the page it leads to and what it shows."""

    href: str
    title: str
    tags: tuple[str, ...]
    text: str
    marks: tuple[str, ...]

    @property
    def article(self) -> str | None:
        """csl/2025/71 for an article page, None for any other page."""
        match = ARTICLE.search(self.href.split("?")[0])
        return f"{match[1]}/{match[2]}/{match[3]}" if match else None


_READ = """() => [...document.querySelectorAll(".md-search-result__item")].map(item => {
  const link = item.querySelector("a");
  return {
    href: link.href,
    title: link.querySelector("h1, h2").innerText,
    tags: [...link.querySelectorAll(".md-tag")].map(tag => tag.innerText),
    text: item.innerText,
    marks: [...item.querySelectorAll("mark")].map(mark => mark.textContent),
  };
})"""


def search(page: Page, query: str) -> list[Result]:
    """Type `query` into Material's search box (opened with "/", as a reader would) and read
    the results Material shows first (ten entries, one per page)."""
    box = page.locator("input.md-search__input")
    if not box.evaluate("el => el === document.activeElement"):
        page.keyboard.press("/")
    expect(box).to_be_focused()
    # Material reads the box on keyup; a reader's keyboard or input method ends with one, and
    # Playwright's fill() does not send one, so a key press follows it
    box.fill("")
    box.press("End")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    box.fill(query)
    box.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
    previous = None
    for _ in range(40):  # the list is complete when two readings agree
        current = [Result(r["href"], r["title"], tuple(r["tags"]), r["text"], tuple(r["marks"]))
                   for r in page.evaluate(_READ)]  # fmt: skip
        if current and current == previous:
            return current
        previous = current
        page.wait_for_timeout(150)
    raise AssertionError(f"the results for {query!r} did not settle")


def articles(results: list[Result]) -> list[str | None]:
    return [r.article for r in results]


@pytest.fixture(scope="module")
def reader(browser: Browser, nginx_site: Served) -> Iterator[Page]:
    """One page of the nginx-served site with search open, reused by the ranking tests."""
    with recording_context(browser, nginx_site.origin) as (context, _):
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(nginx_site.url() + "law/csl/2025/article-1/")
        yield page


def test_the_index_is_fetched_on_first_use_of_search(browser: Browser, nginx_site: Served) -> None:
    with recording_context(browser, nginx_site.origin) as (context, requests):
        page = context.new_page()
        page.goto(nginx_site.url() + "law/csl/2025/article-61/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        assert not [url for url in requests if INDEX.search(url)], "index fetched before any search"
        # a second page through instant navigation: still not fetched
        page.locator("#p1 .law-en a.law-xref").first.click()
        expect(page).to_have_url(re.compile(r"article-23/$"))
        page.wait_for_timeout(500)
        assert not [url for url in requests if INDEX.search(url)]
        with page.expect_request(INDEX):
            page.keyboard.press("/")
        found = search(page, "第七十一条")
        assert found[0].article == "csl/2025/71"
        assert len([url for url in requests if INDEX.search(url)]) == 1


def test_a_click_in_the_search_box_fetches_the_index(browser: Browser, nginx_site: Served) -> None:
    with recording_context(browser, nginx_site.origin) as (context, requests):
        page = context.new_page()
        page.goto(nginx_site.url())
        page.wait_for_load_state("networkidle")
        assert not [url for url in requests if INDEX.search(url)]
        with page.expect_request(INDEX):
            page.locator("input.md-search__input").click()
        assert search(page, "Article 71")[0].article == "csl/2025/71"


def test_snippets_are_statute_and_commentary_not_buttons_or_definitions(reader: Page) -> None:
    # the first paragraph of Art. 45 has the term button 网络运营者 with its definition beside it
    for query in ("网络运营者", "network operator", "第四十五条"):
        for result in search(reader, query):
            if not result.article:  # the glossary page is where definitions belong
                continue
            for chrome in (
                "中文English",
                "Side by side",
                "逐段 Interleaved",
                "Cite",
                "Glossary 术语表",
            ):
                assert chrome not in result.text, (query, result.title, chrome)
            assert "a very wide category" not in result.text, (query, result.title)
            assert "范围很广" not in result.text, (query, result.title)


def test_the_index_holds_no_definitions_or_buttons_on_statute_pages(
    built_site: Path, editions
) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    statute = "".join(
        p.text.zh + p.text.en + "".join(i.text.zh + i.text.en for i in p.items)
        for e in editions.values()
        for v in e.law.versions.values()
        for a in v.articles
        for p in a.paragraphs
    )
    # a note that quotes the statute's own definition (网络数据, Art. 78) is statute text
    notes = {
        n
        for e in editions.values()
        for t in e.glossary
        for n in (t.note.en, t.note.zh)
        if n not in statute
    }
    for doc in index["docs"]:
        if not ARTICLE.search("/" + doc["location"]):
            continue
        text = doc["text"].replace("\u200b", "")
        assert "中文English" not in text and "Interleaved" not in text, doc["location"]
        assert not re.search(r"¶\d|Cite", text) or "#" in doc["location"], doc["location"]
        for note in notes:
            assert note not in text, (doc["location"], note[:40])


@pytest.mark.parametrize(
    "query", ["第七十一条", "Article 71", "Art. 71", "71条", "article 71", "第71条"]
)
def test_an_article_number_in_either_script_finds_that_article_first(
    reader: Page, query: str
) -> None:
    results = search(reader, query)
    assert results[0].article == "csl/2025/71", articles(results)
    assert results[0].tags[0] == "网络安全法 Cybersecurity Law"


@pytest.mark.parametrize(
    ("query", "first"),
    [("第七条", "csl/2025/7"), ("Article 7", "csl/2025/7"), ("第一条", "csl/2025/1"),
     ("Art. 1", "csl/2025/1"), ("第五十九条", "csl/2025/59"), ("第八十一条", "csl/2025/81")],
)  # fmt: skip
def test_short_and_long_article_numbers(reader: Page, query: str, first: str) -> None:
    # "Article 7" must not lose to Articles 70-79 (every query ends in a wildcard), nor
    # 第一条 to 第十一条 (indexed text holds 第一，… "first, …")
    results = search(reader, query)
    assert results[0].article == first, articles(results)


def test_article_66_is_the_csls_then_the_pipls_then_the_2016_text(reader: Page) -> None:
    # the DSL has 55 articles; the CSL is the edition's main law, the 2016 text is superseded
    results = search(reader, "Article 66")
    found = articles(results)
    assert found[:2] == ["csl/2025/66", "pipl/2021/66"], found
    assert found.index("csl/2016/66") > 1, found
    assert results[0].tags == ("网络安全法 Cybersecurity Law",)
    assert results[1].tags == ("个人信息保护法 Personal Information Protection Law",)
    assert "no longer in force" in " ".join(results[found.index("csl/2016/66")].tags)


def test_article_45_is_the_csls_then_the_data_laws(reader: Page) -> None:
    results = search(reader, "第四十五条")
    found = articles(results)
    assert found[0] == "csl/2025/45", found
    assert set(found[1:3]) == {"pipl/2021/45", "dsl/2021/45"}, found
    assert found.index("csl/2016/45") > 2, found
    assert {r.tags[0] for r in results[:3]} == {
        "网络安全法 Cybersecurity Law",
        "个人信息保护法 Personal Information Protection Law",
        "数据安全法 Data Security Law",
    }


def test_2016_results_are_labelled(reader: Page) -> None:
    results = search(reader, "第五十九条")
    old = next(r for r in results if r.article == "csl/2016/59")
    assert old.title.replace("\u200b", "").endswith("(2016)"), old.title
    assert "2016年文本 已失效 · 2016 text, no longer in force" in old.tags
    current = next(r for r in results if r.article == "csl/2025/59")
    assert "(2016)" not in current.title and len(current.tags) == 1


# Glossary terms of the three laws: the article that must come first and the articles that must
# be among the first five, for the Chinese and for the English. Defining articles are checked
# against the glossaries' defined_in below; the others are the article that uses the term most
# (CII: CSL Art. 33, which sets its scope) or its core rules.
TERMS = [
    ("csl", "个人信息", "personal information", "csl/2025/78", {"csl/2025/78", "pipl/2021/4"}),
    ("csl", "关键信息基础设施", "critical information infrastructure", "csl/2025/33", {"csl/2025/33", "csl/2025/34"}),
    ("csl", "网络运营者", "network operator", "csl/2025/78", {"csl/2025/78"}),
    ("csl", "网络关键设备", "critical network equipment", "csl/2025/25", {"csl/2025/25"}),
    ("pipl", "敏感个人信息", "sensitive personal information", "pipl/2021/28", {"pipl/2021/28"}),
    ("pipl", "个人信息处理者", "personal information processor", "pipl/2021/73", {"pipl/2021/73"}),
    ("pipl", "自动化决策", "automated decision-making", "pipl/2021/73", {"pipl/2021/73", "pipl/2021/24"}),
    ("pipl", "匿名化", "anonymisation", "pipl/2021/73", {"pipl/2021/73"}),
    ("dsl", "数据处理", "data processing", None, {"dsl/2021/3"}),
    ("dsl", "数据安全", "data security", "dsl/2021/3", {"dsl/2021/3"}),
    ("dsl", "重要数据", "important data", "dsl/2021/21", {"dsl/2021/21"}),
]  # fmt: skip


def test_the_expected_defining_articles_are_the_glossaries(editions) -> None:
    for law, zh, en, _, top in TERMS:
        term = next(t for t in editions[law].glossary if t.zh == zh)
        assert term.en == en
        if term.defined_in:
            assert f"{law}/{term.defined_in.version}/{term.defined_in.article}" in top, zh


@pytest.mark.parametrize(("law", "zh", "en", "first", "top"), TERMS, ids=[t[1] for t in TERMS])
def test_a_glossary_term_finds_its_defining_and_core_articles(
    reader: Page, law: str, zh: str, en: str, first: str | None, top: set[str]
) -> None:
    for query in (zh, en):
        found = articles(search(reader, query))
        if first:
            assert found[0] == first, (query, found)
        assert top <= set(found[:5]), (query, found[:5])


def test_personal_information_finds_the_csls_own_rules(reader: Page) -> None:
    # beside the two definitions (CSL Art. 78, PIPL Art. 4): the CSL's personal-information rules
    for query in ("个人信息", "personal information"):
        found = articles(search(reader, query))[:5]
        assert {"csl/2025/42", "csl/2025/43", "csl/2025/44", "csl/2025/45"} & set(found), found


def test_a_chinese_query_highlights_whole_words(reader: Page) -> None:
    results = search(reader, "个人信息")
    assert "个人信息" in results[0].marks, results[0].marks
    marks = [m for r in results for m in r.marks]
    assert marks and all(len(m.strip()) > 1 for m in marks), marks
    assert all(m.startswith("个人信息") for m in marks), marks
    results = search(reader, "关键信息基础设施")
    marks = [m for r in results for m in r.marks]
    assert marks and all(m.startswith("关键信息基础设施") for m in marks), marks
    results = search(reader, "第七十一条")
    assert "第七十一条" in results[0].marks, results[0].marks
