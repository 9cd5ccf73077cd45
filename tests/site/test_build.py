"""The built site: every article page, every anchor, no broken internal link."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from annotated_law.law.model import Edition

from tests.conftest import ROOT, SITE_DATA
from tests.conftest import build


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in ("link", "script", "img") and (values.get("href") or values.get("src")):
            self.links.append(values.get("href") or values.get("src"))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_article_page_exists_with_every_anchor(built_site: Path, edition: Edition) -> None:
    for version in ("2025", "2016"):
        articles = edition.law.versions[version].articles
        assert len(articles) == (81 if version == "2025" else 79)
        for article in articles:
            page = built_site / "law" / "csl" / version / f"article-{article.number}" / "index.html"
            ids = _parse(page).ids
            for paragraph in article.paragraphs:
                assert f"p{paragraph.number}" in ids, (version, article.number, paragraph.number)
                for item in paragraph.items:
                    assert f"p{paragraph.number}-i{item.number}" in ids


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    # 404.html is the exception MkDocs makes on purpose: a server shows it at any path,
    # so its links are absolute from the root and cannot be checked as relative files
    pages = {path: _parse(path) for path in built_site.rglob("*.html") if path.name != "404.html"}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)} → {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.relative_to(built_site)} → {href} (no such anchor)")
    assert broken == []


def test_no_reference_to_an_outside_host(built_site: Path) -> None:
    outside = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
    offenders = [
        str(p.relative_to(built_site))
        for p in built_site.rglob("*.html")
        if outside.search(re.sub(r'<a [^>]*class="md-source"[^>]*>', "", p.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_export_files_match_the_cli_export(built_site: Path, edition: Edition) -> None:
    for version in ("2016", "2025"):
        data = json.loads((built_site / "law" / "csl" / f"csl-{version}.json").read_text(encoding="utf-8"))
        assert data["version"] == version
        assert len(data["articles"]) == len(edition.law.versions[version].articles)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("status: amended", "stauts: amended", "site_data/csl/articles/061.yaml:2: unknown field 'stauts'"),
        ("拒不改正", "拒绝改正", "site_data/csl/articles/061.yaml:7: the Chinese of 2025 Art. 61 ¶1 differs"),
    ],
)
def test_bad_data_stops_the_build_with_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    shutil.copytree(SITE_DATA, project / "site_data")
    article = project / "site_data" / "csl" / "articles" / "061.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = build(project / "site", project / "mkdocs.yml")
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_only_the_site_is_published(built_site: Path) -> None:
    """Theme overrides and editing notes stay out of the published folder."""
    assert not (built_site / "overrides").exists()
    assert (built_site / "sitemap.xml").read_text(encoding="utf-8").count("<loc>") > 180


@pytest.mark.parametrize("law", ["pipl", "dsl"])
def test_each_data_law_has_its_pages_anchors_and_export(
    built_site: Path, editions: dict[str, Edition], law: str
) -> None:
    current = editions[law].law.current
    root = built_site / "law" / law
    for page in ("index.html", "glossary/index.html", "2021/index.html", "2021/full-text/index.html"):
        assert (root / page).is_file(), page
    for chapter in current.chapters:
        assert (root / "2021" / f"chapter-{chapter.number}" / "index.html").is_file()
    for article in current.articles:
        ids = _parse(root / "2021" / f"article-{article.number}" / "index.html").ids
        for paragraph in article.paragraphs:
            assert f"p{paragraph.number}" in ids, (law, article.number, paragraph.number)
            for item in paragraph.items:
                assert f"p{paragraph.number}-i{item.number}" in ids
    data = json.loads((root / f"{law}-2021.json").read_text(encoding="utf-8"))
    assert (data["law"], data["version"], len(data["articles"])) == (law, "2021", len(current.articles))
    assert "status" not in data["articles"][0]


def test_the_laws_page_lists_every_law_with_its_status(built_site: Path) -> None:
    text = re.sub(r"<[^>]+>", " ", (built_site / "law" / "index.html").read_text(encoding="utf-8"))
    for name, made, force in (
        ("Cybersecurity Law of the People", "amended 2025-10-28", "2026-01-01"),
        ("Personal Information Protection Law of the People", "adopted 2021-08-20", "2021-11-01"),
        ("Data Security Law of the People", "adopted 2021-06-10", "2021-09-01"),
    ):
        assert name in text and f"{made}; in force from {force}" in text
    assert "Chinese text is authoritative" in text


def test_csl_article_71_and_the_penalty_chapters_link_both_ways(built_site: Path) -> None:
    art71 = _parse(built_site / "law" / "csl" / "2025" / "article-71" / "index.html").links
    assert "../../../pipl/2021/chapter-7/" in art71 and "../../../dsl/2021/chapter-6/" in art71
    for law, article in (("pipl", 66), ("pipl", 71), ("dsl", 44), ("dsl", 52)):
        links = _parse(built_site / "law" / law / "2021" / f"article-{article}" / "index.html").links
        assert "../../../csl/2025/article-71/" in links, (law, article)
    # a law named in the statute links to that law's pages, in both languages
    art42 = (built_site / "law" / "csl" / "2025" / "article-42" / "index.html").read_text(encoding="utf-8")
    assert '<a class="law-xref" href="../../../pipl/">《中华人民共和国个人信息保护法》</a>' in art42
    assert '<a class="law-xref" href="../../../pipl/">Personal Information Protection Law of the People&#x27;s Republic of China</a>' in art42


def test_a_term_defined_in_two_laws_shows_each_laws_definition(built_site: Path) -> None:
    def definition_link(law: str, version: str, article: int) -> str:
        page = (built_site / "law" / law / version / f"article-{article}" / "index.html").read_text(encoding="utf-8")
        pop = re.search(r'<strong lang="zh-Hans">个人信息</strong>.*?</span></span>', page, re.S)
        assert pop, (law, article)
        return re.search(r'<span class="law-term-links"><a href="([^"]+)"', pop[0])[1]

    assert definition_link("csl", "2025", 42) == "../article-78/#p1-i5"
    assert definition_link("pipl", "2021", 13) == "../article-4/#p1"


def test_data_law_penalty_articles_show_the_statutory_table(built_site: Path) -> None:
    page = (built_site / "law" / "pipl" / "2021" / "article-66" / "index.html").read_text(encoding="utf-8")
    assert 'id="penalties"' in page and "50,000,000" in page and "Art. 66(2)" in page
    dsl = (built_site / "law" / "dsl" / "2021" / "article-47" / "index.html").read_text(encoding="utf-8")
    assert 'id="penalties"' in dsl and "1–10 × illegal gains" in dsl
