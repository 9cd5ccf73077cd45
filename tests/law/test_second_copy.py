"""The official PIPL and DSL texts agree with a second, independent copy, character for character.

The project's texts (``site_data/<law>/official/<law>-2021.zh.md``) come from LawRefBook. The
second copies (``<law>-2021.second-copy.zh.txt`` beside them) are the text layer of the NPC
Standing Committee Gazette print (全国人民代表大会常务委员会公报), line for line as the PDF sets
it: every paragraph wrapped at the column width, short headings spaced (总　　则), some headings
wrapped and followed by an indented article. Where each came from is in PROVENANCE.md.

Only whitespace is normalised here: line breaks, ordinary and ideographic spaces, and the
Markdown heading marks (which the project's parser already removes). Punctuation and characters
are compared as they stand. The differences found are listed in ``KNOWN_DIFFERENCES`` and
asserted exactly, so that a new difference, or a documented one that disappears, fails.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from annotated_law.law.numerals import to_int
from annotated_law.law.official_text import OfficialArticle, OfficialText, parse_official_text

from tests.conftest import SITE_DATA

LAWS = {"pipl": 74, "dsl": 55}  # law → number of articles

# (reading of the project's text, reading of the Gazette copy), in the order they occur
Difference = tuple[str, str]
KNOWN_DIFFERENCES: dict[str, dict[int, list[Difference]]] = {
    "pipl": {
        # Art. 74, the date of entry into force: ASCII digits against full-width digits
        74: [("2021", "２０２１"), ("11", "１１"), ("1", "１")],
    },
    "dsl": {
        # Art. 55, the date of entry into force: ASCII digits against full-width digits
        55: [("2021", "２０２１"), ("9", "９"), ("1", "１")],
    },
}
# the header note (adoption date): ASCII digits against full-width digits
KNOWN_HEADER_DIFFERENCES: dict[str, list[Difference]] = {
    "pipl": [("2021", "２０２１"), ("8", "８"), ("20", "２０")],
    "dsl": [("2021", "２０２１"), ("6", "６"), ("10", "１０")],
}

# A line of the Gazette's column holds 18 to 22 characters (counted without the indentation the
# text layer keeps before a few articles); a shorter line is the last line of a paragraph.
FULL_LINE = 18

_NUM = "[零一二三四五六七八九十百]+"
_ARTICLE = re.compile(rf"^第({_NUM})条\u3000(.*)$")
_CHAPTER = re.compile(rf"^第({_NUM})章\u3000(.*)$")
_SECTION = re.compile(rf"^第({_NUM})节\u3000(.*)$")
_WHITESPACE = re.compile(r"\s+")  # str patterns: includes U+3000 and line breaks


def squeeze(text: str) -> str:
    """Drop every whitespace character (spaces of either width, line breaks); nothing else."""
    return _WHITESPACE.sub("", text)


@dataclass
class GazetteArticle:
    number: int
    chapter: int
    section: int | None
    lines: list[str] = field(default_factory=list)  # the article's lines, heading included

    @property
    def text(self) -> str:
        head = re.compile(rf"^第{_NUM}条")
        return head.sub("", squeeze("".join(self.lines)), count=1)


@dataclass
class GazetteText:
    title: str
    header_note: str
    chapters: dict[int, str]
    sections: dict[int, dict[int, str]]
    articles: list[GazetteArticle]


def read_gazette_copy(path: Path) -> GazetteText:
    """Read a second copy: title, header note, then headings and articles, one PDF line a line.

    A heading runs on over the following lines until the next heading or article (the Gazette
    wraps long headings); every other line belongs to the article above it.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    chapters: dict[int, str] = {}
    sections: dict[int, dict[int, str]] = {}
    articles: list[GazetteArticle] = []
    chapter, section, heading = 0, None, None
    for line in lines[2:]:
        text = line.strip(" \u3000")
        if m := _ARTICLE.match(text):
            articles.append(GazetteArticle(to_int(m[1]), chapter, section, [text]))
            heading = None
        elif m := _CHAPTER.match(text):
            chapter, section = to_int(m[1]), None
            chapters[chapter], sections[chapter] = squeeze(m[2]), {}
            heading = ("chapter", chapter)
        elif m := _SECTION.match(text):
            section = to_int(m[1])
            sections[chapter][section] = squeeze(m[2])
            heading = ("section", section)
        elif heading == ("chapter", chapter):
            chapters[chapter] += squeeze(text)
        elif heading == ("section", section):
            sections[chapter][section] += squeeze(text)
        else:
            assert articles, f"{path.name}: text before the first article: {line!r}"
            articles[-1].lines.append(text)
    return GazetteText(lines[0], lines[1], chapters, sections, articles)


def article_text(article: OfficialArticle) -> str:
    return squeeze("".join(p.text + "".join(p.items) for p in article.paragraphs))


def differences(ours: str, theirs: str) -> list[Difference]:
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return [
        (ours[i1:i2], theirs[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def describe(ours: str, theirs: str) -> str:
    """Each difference with the ten characters before it, for the failure message."""
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    return "; ".join(
        f"after …{ours[max(0, i1 - 10) : i1]}: project {ours[i1:i2]!r}, second copy {theirs[j1:j2]!r}"
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


@pytest.fixture(scope="module", params=sorted(LAWS))
def copies(request: pytest.FixtureRequest) -> tuple[str, OfficialText, GazetteText]:
    law = request.param
    folder = SITE_DATA / law / "official"
    official = parse_official_text(folder / f"{law}-2021.zh.md")
    second = read_gazette_copy(folder / f"{law}-2021.second-copy.zh.txt")
    return law, official, second


def test_same_articles_in_the_same_chapters_and_sections(copies) -> None:
    law, official, second = copies
    numbers = [a.number for a in second.articles]
    assert numbers == list(range(1, LAWS[law] + 1)), f"{law}: articles of the second copy"
    assert numbers == [a.number for a in official.articles], law
    for ours, theirs in zip(official.articles, second.articles, strict=True):
        assert (ours.chapter, ours.section) == (theirs.chapter, theirs.section), (
            f"{law} article {ours.number}: chapter/section"
        )


def test_same_title_and_headings(copies) -> None:
    law, official, second = copies
    assert official.title == second.title, law
    assert {c.number: c.title for c in official.chapters} == second.chapters, law
    assert {
        chapter: {s.number: s.title for s in ss} for chapter, ss in official.sections.items()
    } == second.sections, law


def test_header_note_differs_only_as_documented(copies) -> None:
    law, official, second = copies
    ours, theirs = squeeze(official.header_note), squeeze(second.header_note)
    assert differences(ours, theirs) == KNOWN_HEADER_DIFFERENCES[law], (
        f"{law} header note: {describe(ours, theirs)}"
    )


def test_every_article_equals_the_second_copy_but_for_the_documented_differences(
    copies,
) -> None:
    law, official, second = copies
    known = KNOWN_DIFFERENCES[law]
    found = {}
    for ours, theirs in zip(official.articles, second.articles, strict=True):
        mine, other = article_text(ours), theirs.text
        if differences(mine, other) != known.get(ours.number, []):
            found[ours.number] = describe(mine, other) or "no difference (one was documented)"
    assert not found, "\n".join(
        f"{law} article {number}: {message}" for number, message in found.items()
    )


@pytest.mark.parametrize("law", sorted(LAWS))
def test_documented_differences_are_width_variants_only(law: str) -> None:
    """Each documented reading of the Gazette is the project's reading in full-width form."""
    readings = [d for ds in KNOWN_DIFFERENCES[law].values() for d in ds]
    readings += KNOWN_HEADER_DIFFERENCES[law]
    for ours, theirs in readings:
        assert ours != theirs and unicodedata.normalize("NFKC", theirs) == ours, (law, ours)


def test_paragraphs_and_items_end_where_gazette_lines_end(copies) -> None:
    """The project's division into paragraphs and items fits the Gazette's lines.

    Every paragraph or item of the project ends at the end of a Gazette line, and every short
    Gazette line (a paragraph's last line) ends a paragraph or item of the project.
    """
    law, official, second = copies
    for ours, theirs in zip(official.articles, second.articles, strict=True):
        ends, offset = set(), 0
        for paragraph in ours.paragraphs:
            for part in [paragraph.text, *paragraph.items]:
                offset += len(squeeze(part))
                ends.add(offset)
        line_ends, offset = set(), -len(theirs.lines[0].split("\u3000", 1)[0])  # 第X条
        for line in theirs.lines:
            offset += len(squeeze(line))
            line_ends.add(offset)
            if len(line) < FULL_LINE:
                assert offset in ends, (
                    f"{law} article {ours.number}: the Gazette line {line!r} ends a paragraph "
                    "there; the project's text runs on"
                )
        assert ends <= line_ends, (
            f"{law} article {ours.number}: a paragraph or item of the project ends inside a "
            f"Gazette line (at characters {sorted(ends - line_ends)})"
        )
