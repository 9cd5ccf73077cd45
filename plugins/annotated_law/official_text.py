"""Parse an official statute text file (the layout of site_data/<law>/official/).

Layout: line 1 the title, line 2 the （…） header note, then headings
``第X章　…`` and ``第X节　…``, articles opening with ``第X条　``, one paragraph (款)
or item (（一）…) per line. The edition's tests compare ``site_data`` with what
this parser reads, so it must stay independent of ``site_data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .numerals import to_int

_NUM = "[零一二三四五六七八九十百]+"
_CHAPTER = re.compile(rf"^第({_NUM})章\u3000(\S.*)$")
_SECTION = re.compile(rf"^第({_NUM})节\u3000(\S.*)$")
_ARTICLE = re.compile(rf"^第({_NUM})条\u3000(\S.*)$")
_ITEM = re.compile(rf"^（({_NUM})）")


@dataclass
class OfficialParagraph:
    text: str
    line: int  # line of the paragraph in the official file, for messages
    items: list[str] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)


@dataclass
class OfficialArticle:
    number: int
    chapter: int
    section: int | None
    paragraphs: list[OfficialParagraph] = field(default_factory=list)


@dataclass
class OfficialHeading:
    number: int
    title: str
    line: int


@dataclass
class OfficialText:
    title: str
    header_note: str
    chapters: list[OfficialHeading]
    sections: dict[int, list[OfficialHeading]]
    articles: list[OfficialArticle]


def parse_official_text(path: Path) -> OfficialText:
    """Read a statute text file into chapters, sections, articles, paragraphs and items."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) < 3:
        raise ValueError(f"{path}: too short to be a statute text")
    chapters: list[OfficialHeading] = []
    sections: dict[int, list[OfficialHeading]] = {}
    articles: list[OfficialArticle] = []
    for number, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        if m := _CHAPTER.match(line):
            chapters.append(OfficialHeading(to_int(m[1]), m[2], number))
            sections[chapters[-1].number] = []
        elif m := _SECTION.match(line):
            sections[chapters[-1].number].append(OfficialHeading(to_int(m[1]), m[2], number))
        elif m := _ARTICLE.match(line):
            chapter = chapters[-1].number
            section = sections[chapter][-1].number if sections[chapter] else None
            articles.append(
                OfficialArticle(to_int(m[1]), chapter, section, [OfficialParagraph(m[2], number)])
            )
        elif not articles:
            raise ValueError(f"{path}:{number}: text outside any article")
        elif _ITEM.match(line):
            articles[-1].paragraphs[-1].items.append(line)
            articles[-1].paragraphs[-1].item_lines.append(number)
        else:
            articles[-1].paragraphs.append(OfficialParagraph(line, number))
    return OfficialText(lines[0], lines[1], chapters, sections, articles)
