"""The Chinese of the edition equals the official texts in site_data/csl/official, character for character."""

from __future__ import annotations

import json

import pytest
from annotated_law.law.model import Edition
from annotated_law.law.official_text import parse_official_text

from tests.conftest import CSL_SOURCES, SITE_DATA


@pytest.mark.parametrize("version", ["2016", "2025"])
def test_every_article_equals_the_official_text(edition: Edition, version: str) -> None:
    official = parse_official_text(CSL_SOURCES / f"csl-{version}.zh.txt")
    ours = edition.law.versions[version].articles
    assert [a.number for a in ours] == [a.number for a in official.articles]
    for mine, theirs in zip(ours, official.articles, strict=True):
        assert [p.text.zh for p in mine.paragraphs] == [p.text for p in theirs.paragraphs], (
            f"{version} article {mine.number}"
        )
        assert [[i.text.zh for i in p.items] for p in mine.paragraphs] == [
            p.items for p in theirs.paragraphs
        ], f"{version} article {mine.number} items"


@pytest.mark.parametrize(("version", "count"), [("2016", 79), ("2025", 81)])
def test_structure_equals_the_official_text(edition: Edition, version: str, count: int) -> None:
    official = parse_official_text(CSL_SOURCES / f"csl-{version}.zh.txt")
    law_version = edition.law.versions[version]
    assert len(law_version.articles) == count
    assert [c.title.zh for c in law_version.chapters] == [c.title for c in official.chapters]
    for mine, theirs in zip(law_version.articles, official.articles, strict=True):
        assert (mine.chapter, mine.section) == (theirs.chapter, theirs.section), mine.number
    sections = {c.number: [s.title.zh for s in c.sections] for c in law_version.chapters}
    assert sections == {n: [s.title for s in ss] for n, ss in official.sections.items()}
    assert law_version.header_note.zh == official.header_note
    assert edition.law.title.zh == official.title


def test_every_paragraph_and_item_has_english(edition: Edition) -> None:
    for version in edition.law.versions.values():
        for article in version.articles:
            for paragraph in article.paragraphs:
                assert paragraph.text.en.strip(), (version.id, article.number, paragraph.number)
                for item in paragraph.items:
                    assert item.text.en.startswith(f"({item.number}) "), (
                        version.id,
                        article.number,
                        paragraph.number,
                        item.number,
                    )


def test_metadata_agrees_with_the_article_map(edition: Edition) -> None:
    renumbering = json.loads((CSL_SOURCES / "renumbering.json").read_text(encoding="utf-8"))
    status_names = {"renumbered-only": "renumbered"}
    for article in edition.law.versions["2025"].articles:
        expected = renumbering["articles_2025"][str(article.number)]
        assert article.status == status_names.get(expected["status"], expected["status"]), (
            article.number
        )
        assert list(article.predecessors) == (expected.get("from_2016") or []), article.number
    for article in edition.law.versions["2016"].articles:
        new = renumbering["old_to_new"][str(article.number)]
        merged = renumbering["merged_away_2016"].get(str(article.number), {})
        expected_main = new if new is not None else merged["merged_into_2025"]
        assert expected_main in article.successors, article.number


def test_unamended_articles_share_one_text(edition: Edition) -> None:
    """Articles whose wording did not change are stored once and read for both versions.

    66 articles are unchanged or only renumbered; 4 of them (36, 66, 68, 75) had their
    cross-references renumbered, so their 2016 wording differs and is stored beside them.
    """
    law = edition.law
    shared = 0
    for article in law.versions["2025"].articles:
        if article.status in ("unchanged", "renumbered") and article.changed_paragraphs == ():
            old = law.versions["2016"].article(article.predecessors[0])
            assert old is not None
            assert old.paragraphs == article.paragraphs
            assert old.origin.file == article.origin.file
            shared += 1
    assert shared == 62


def test_changed_paragraphs_are_the_ones_that_differ(edition: Edition) -> None:
    law = edition.law
    for article in law.versions["2025"].articles:
        if article.status == "new":
            continue
        old_texts = {
            (p.text.zh, tuple(i.text.zh for i in p.items))
            for n in article.predecessors
            for p in law.versions["2016"].article(n).paragraphs
        }
        differing = [
            p.number
            for p in article.paragraphs
            if (p.text.zh, tuple(i.text.zh for i in p.items)) not in old_texts
        ]
        assert list(article.changed_paragraphs) == differing, article.number


@pytest.mark.parametrize(("law", "count"), [("pipl", 74), ("dsl", 55)])
def test_data_laws_equal_their_official_text(editions, law: str, count: int) -> None:
    """Text, structure, titles and header note of the PIPL and DSL, from their official files."""
    official = parse_official_text(SITE_DATA / law / "official" / f"{law}-2021.zh.md")
    law_model = editions[law].law
    current = law_model.current
    assert (current.id, law_model.previous) == ("2021", None)
    assert len(current.articles) == len(official.articles) == count
    for mine, theirs in zip(current.articles, official.articles, strict=True):
        assert [p.text.zh for p in mine.paragraphs] == [p.text for p in theirs.paragraphs]
        assert [[i.text.zh for i in p.items] for p in mine.paragraphs] == [
            p.items for p in theirs.paragraphs
        ]
        assert (mine.chapter, mine.section) == (theirs.chapter, theirs.section), mine.number
    assert [c.title.zh for c in current.chapters] == [c.title for c in official.chapters]
    sections = {c.number: [s.title.zh for s in c.sections] for c in current.chapters}
    assert sections == {n: [s.title for s in ss] for n, ss in official.sections.items()}
    assert current.header_note.zh == official.header_note
    assert law_model.title.zh == official.title
