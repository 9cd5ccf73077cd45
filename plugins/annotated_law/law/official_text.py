"""Parse an official statute text file (the layouts of site_data/<law>/official/).

Two layouts, told apart by the first line:

- plain text (the CSL files): line 1 the title, line 2 the （…） header note, then headings
  ``第X章　…`` and ``第X节　…``, articles opening with ``第X条　``;
- LawRefBook Markdown (the PIPL and DSL files): ``# title``, the adoption line, an
  ``<!-- INFO END -->`` marker, headings ``## 第X章 …`` and ``### 第X节 …``, articles opening
  with ``第X条 `` (an ordinary space), blank lines between lines.

In both, one paragraph (款) or item (（一）…) per line. Headings lose the spaces typesetting puts
inside short titles (总  则 → 总则); the text of articles is taken as it stands. The edition's
tests compare ``site_data`` with what this parser reads, so it must stay independent of
``site_data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .numerals import to_int

_NUM = "[零一二三四五六七八九十百]+"
_CHAPTER = re.compile(rf"^(?:## )?第({_NUM})章[\u3000 ](\S.*)$")
_SECTION = re.compile(rf"^(?:### )?第({_NUM})节[\u3000 ](\S.*)$")
_ARTICLE = re.compile(rf"^第({_NUM})条[\u3000 ](\S.*)$")
_MARKDOWN_END_OF_HEAD = "<!-- INFO END -->"
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
    title, header_note, start = lines[0], lines[1], 2
    if title.startswith("# "):
        if _MARKDOWN_END_OF_HEAD not in lines:
            raise ValueError(f"{path}: Markdown statute text without {_MARKDOWN_END_OF_HEAD}")
        start = lines.index(_MARKDOWN_END_OF_HEAD) + 1
        head = [line for line in lines[1 : start - 1] if line.strip()]
        title, header_note = title[2:], f"（{head[0].replace(' ', '')}）" if head else ""
    chapters: list[OfficialHeading] = []
    sections: dict[int, list[OfficialHeading]] = {}
    articles: list[OfficialArticle] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            continue
        if m := _CHAPTER.match(line):
            chapters.append(OfficialHeading(to_int(m[1]), _heading(m[2]), number))
            sections[chapters[-1].number] = []
        elif m := _SECTION.match(line):
            sections[chapters[-1].number].append(
                OfficialHeading(to_int(m[1]), _heading(m[2]), number)
            )
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
    return OfficialText(title, header_note, chapters, sections, articles)


def _heading(title: str) -> str:
    return re.sub(r"[\u3000 ]+", "", title)
