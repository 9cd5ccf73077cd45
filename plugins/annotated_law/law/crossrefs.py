"""Cross-references between provisions of the Law: found in a text, resolved to their targets.

A reference resolves within the version of the Law its text belongs to: 本法第二十三条 in the 2016
text is the 2016 Article 23. Relative references (前款, 前两款, 本条, 该款; "the preceding
paragraph", "this Article", "that paragraph") resolve from the `Place` of the text; 该款 and
"that paragraph" mean the paragraph cited last before them in the same text.

Spans (the text the site turns into a link):
- each element of a list is its own span, so each links to its own target; the words naming the
  shared container go with the element written next to them:
  本法第二十四条第一款、第二款 → 第二十四条第一款 | 第二款;
  前款第一项、第二项 → 前款第一项 | 第二项;
  "paragraphs 1 and 2 of Article 24" → "paragraphs 1" | "2 of Article 24";
- 本法 and "of this Law" stay outside the span: they name the law, not the provision; so does
  "the" before a relative phrase ("the preceding paragraph" → "preceding paragraph");
- a range (第四十三条至第四十五条, "Articles 43 to 45") is one span whose targets are every
  provision in it, in order: the link goes to the first, and each gets its "cited by" back-link.

Provisions of other laws (《中华人民共和国行政处罚法》第三十二条, "Article 32 of the
Administrative Penalty Law") are read past, never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import LawVersion
from .numerals import to_int

type _Address = tuple[int, ...]  # (article,), (article, paragraph) or (article, paragraph, item)

_LEVELS = ("article", "paragraph", "item")
_COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class Target:
    article: int
    paragraph: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class Reference:
    start: int  # text[start:end] is the span to turn into a link
    end: int
    targets: tuple[Target, ...]  # empty when a relative reference has nothing to point at
    pattern: str  # e.g. "article-paragraph", "preceding-two-paragraphs", "article-range"


@dataclass(frozen=True)
class Place:
    article: int
    paragraph: int
    item: int | None = None


def find_references(text: str, lang: Literal["zh", "en"], place: Place) -> list[Reference]:
    """Every reference to a provision of this Law in `text`, in order of appearance."""
    resolver = _Resolver(place)
    if lang == "zh":
        _scan_zh(text, resolver)
    else:
        _scan_en(text, resolver)
    return resolver.references


def unresolved(references: Iterable[Reference], version: LawVersion) -> list[Reference]:
    """The references with no target, or with a target `version` does not have."""
    return [
        r for r in references if not r.targets or not all(_exists(t, version) for t in r.targets)
    ]


def _exists(target: Target, version: LawVersion) -> bool:
    return version.has_clause(target.article, target.paragraph, target.item)


@dataclass(frozen=True)
class _Base:
    """What the numbers of a reference hang from, and the words that named it."""

    addresses: tuple[_Address, ...]  # several for 前两款; none when nothing fits 该款
    kind: str  # "" when only numbers name the provision, else "this-article", "that-paragraph", …
    level: int  # how deep the words of `kind` reach: 1 for 本条, 2 for 前款


def _pattern(kind: str, level: int, depth: int) -> str:
    return "-".join(part for part in (kind, *_LEVELS[level:depth]) if part)


def _descend(address: _Address, level: int, number: int) -> _Address:
    # 第三十条第二项 names no paragraph: an article whose items sit in its single paragraph
    parent = address[: level - 1]
    return parent + (1,) * (level - 1 - len(parent)) + (number,)


def _resolve(
    base: _Base, path: Sequence[tuple[int, int]], last: int | None = None
) -> tuple[tuple[_Address, ...], str]:
    """Addresses and pattern of the numbers `path` ((level, number), …) below `base`.

    `last` ends a range whose first number is the last of `path`.
    """
    if not path:
        return base.addresses, base.kind
    if len(base.addresses) != 1:  # numbers below 前两款, or below an unresolved 该款
        return (), base.kind
    address = base.addresses[0]
    for level, number in path:
        address = _descend(address, level, number)
    pattern = _pattern(base.kind, base.level, len(address))
    if last is None:
        return (address,), pattern
    # a reversed range stays empty, so `unresolved` reports it
    return tuple((*address[:-1], n) for n in range(address[-1], last + 1)), pattern + "-range"


class _Resolver:
    """Resolves the references of one text and collects them, remembering what was cited."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.references: list[Reference] = []
        self._cited: list[_Address] = []

    def root(self, level: int) -> _Base:
        """Where a bare number at `level` hangs: 第X条 in the Law, 第X款 in this article."""
        return _Base(((self.place.article, self.place.paragraph)[: level - 1],), "", level - 1)

    def this(self, level: int) -> _Base:
        here = (self.place.article, self.place.paragraph, self.place.item)[:level]
        # 本项 in a paragraph's own text has no item to point at
        found = () if None in here else (here,)
        return _Base(found, f"this-{_LEVELS[level - 1]}", level)

    def that(self, level: int) -> _Base:
        # 该款 after 第六十一条第三款 is that paragraph, also when an item of it was cited
        found = next((a[:level] for a in reversed(self._cited) if len(a) >= level), None)
        return _Base((found,) if found else (), f"that-{_LEVELS[level - 1]}", level)

    def preceding(self, count: int) -> _Base:
        article, paragraph = self.place.article, self.place.paragraph
        kind = (
            "preceding-paragraph" if count == 1 else f"preceding-{_COUNT_WORDS[count]}-paragraphs"
        )
        # 前款 in a first paragraph gives paragraph 0, which `unresolved` reports
        return _Base(tuple((article, p) for p in range(paragraph - count, paragraph)), kind, 2)

    def emit(self, start: int, end: int, addresses: tuple[_Address, ...], pattern: str) -> None:
        targets = tuple(Target(*a) for a in addresses)
        self.references.append(Reference(start, end, targets, pattern))
        self._cited.extend(addresses)


# --- Chinese -----------------------------------------------------------------------------------

_ZH_NUMERAL = "[零一二三四五六七八九十百]+"
_ZH_UNITS = {"条": 1, "款": 2, "项": 3}
_ZH_COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
_ZH_DESIGNATOR = re.compile(rf"第({_ZH_NUMERAL})([条款项])")
# 本条例 (these Regulations), 该款项 (that sum), 该项目 (that project) are not references
_ZH_QUALIFIER = re.compile(r"(本法)|([本该])([条款项])(?![例项目])|前([两二三四五])?款(?!项)")
_ZH_START = re.compile(rf"{_ZH_QUALIFIER.pattern}|第{_ZH_NUMERAL}[条款项]")
# a list or range goes on with numbers only: 第二十四条第一款、第二款和第五十条第一款
_ZH_JOIN = re.compile(rf"(以及|或者|[、和及或至])(?=第{_ZH_NUMERAL}[条款项])")
# names another law right before its 第X条: 《…》, 该法, 民法典, …条例
_ZH_OTHER_LAW = re.compile(r"(?:》|(?<!本)法|法典|条例|办法|细则)$")


def _scan_zh(text: str, resolver: _Resolver) -> None:
    pos = 0
    while found := _ZH_START.search(text, pos):
        pos = _zh_citation(text, found.start(), resolver)


def _zh_path(text: str, pos: int, above: int) -> tuple[list[tuple[int, int]], int]:
    """Read 第X条第Y款第Z项 at `pos`, each level deeper than the one before and than `above`."""
    path: list[tuple[int, int]] = []
    while (found := _ZH_DESIGNATOR.match(text, pos)) and (level := _ZH_UNITS[found[2]]) > (
        path[-1][0] if path else above
    ):
        path.append((level, to_int(found[1])))
        pos = found.end()
    return path, pos


def _zh_citation(text: str, start: int, resolver: _Resolver) -> int:
    """Resolve the citation at `start` and the list or range continuing it; return its end."""
    qualifier = _ZH_QUALIFIER.match(text, start)
    if qualifier is None:
        path, end = _zh_path(text, start, 0)
        if path[0][0] == 1 and _ZH_OTHER_LAW.search(text, 0, start):
            # another law's provisions, with any list continuing them
            while join := _ZH_JOIN.match(text, end):
                end = _zh_path(text, join.end(), 0)[1]
            return end
        base = resolver.root(path[0][0])
    elif qualifier[1]:  # 本法 names the law; the numbers after it name the provision
        path, end = _zh_path(text, qualifier.end(), 0)
        if not path or path[0][0] != 1:
            return qualifier.end()
        start, base = qualifier.end(), resolver.root(1)
    elif qualifier[2]:
        level = _ZH_UNITS[qualifier[3]]
        base = resolver.this(level) if qualifier[2] == "本" else resolver.that(level)
        path, end = _zh_path(text, qualifier.end(), level)
    else:
        count = _ZH_COUNTS[qualifier[4]] if qualifier[4] else 1
        base = resolver.preceding(count)
        # 前两款 takes no numbers below it
        path, end = _zh_path(text, qualifier.end(), 2) if count == 1 else ([], qualifier.end())

    addresses, pattern = _resolve(base, path)
    resolver.emit(start, end, addresses, pattern)
    if len(addresses) != 1:
        return end
    previous = addresses[0]
    while join := _ZH_JOIN.match(text, end):
        path, next_end = _zh_path(text, join.end(), 0)
        level = path[0][0]
        # 第二款 after 第二十四条第一款 keeps the words of the head; 第五十条 after 前款 does not
        if level > base.level:
            element = _Base((previous,), base.kind, base.level)
        else:
            element = _Base((previous,), "", level - 1)
        (address,), pattern = _resolve(element, path)
        if join[1] == "至":
            first = resolver.references.pop()
            same_parent = len(address) == len(previous) and address[:-1] == previous[:-1]
            span = range(previous[-1], address[-1] + 1) if same_parent else range(0)
            addresses = tuple((*previous[:-1], n) for n in span)
            resolver.emit(first.start, next_end, addresses, first.pattern + "-range")
        else:
            resolver.emit(join.end(), next_end, (address,), pattern)
        previous, end = address, next_end
    return end


# --- English -----------------------------------------------------------------------------------

_EN_UNITS = {"article": 1, "paragraph": 2, "item": 3}
_EN_COUNTS = {word: count for count, word in _COUNT_WORDS.items()}
_EN_KEYWORD = re.compile(r"\b(?i:(article|paragraph|item))s?\s+(?=\(?\d)")
_EN_NUMBERS = {1: re.compile(r"(\d+)\b"), 2: re.compile(r"(\d+)\b"), 3: re.compile(r"\((\d+)\)")}
_EN_RELATIVE = re.compile(
    r"(?:\b[Tt]he\s+)?\b(?P<phrase>"
    r"(?P<deixis>[Tt]his|[Tt]hat)\s+(?P<unit>(?i:article|paragraph|item))\b"
    r"|preceding\s+paragraph\b"
    r"|preceding\s+(?P<count>two|three|four|five)\s+paragraphs\b"
    r"|(?P<count_first>two|three|four|five)\s+preceding\s+paragraphs\b)"
)
_EN_START = re.compile(rf"{_EN_KEYWORD.pattern}|{_EN_RELATIVE.pattern}")
_EN_AND = re.compile(r",?\s+(?:and|or)\s+|,\s*")
_EN_TO = re.compile(r"\s+(?:to|through)\s+")
_EN_OF = re.compile(r"\s+of\s+")
_EN_THIS_LAW = re.compile(r"\s+of\s+this\s+Law\b")
_EN_OTHER_LAW = re.compile(r"\s+of\s+(?:that\s+Law\b|the\s+[A-Z]|[A-Z])")


@dataclass(frozen=True)
class _EnHead:
    """A run of numbers after one keyword ("paragraphs 1 and 2 of Article 24"), or a phrase."""

    start: int
    end: int  # after the container, if any
    level: int
    numbers: tuple[tuple[int, int, int, int | None], ...] = ()  # (start, end, first, range end)
    container: _EnHead | None = None
    relative: re.Match[str] | None = None


def _scan_en(text: str, resolver: _Resolver) -> None:
    pos = 0
    while found := _EN_START.search(text, pos):
        pos = _en_group(text, found.start(), resolver) or found.end()


def _en_group(text: str, start: int, resolver: _Resolver) -> int | None:
    """Resolve the heads joined at `start` ("paragraph 3 of Article 24 or Articles 43 to 45").

    They are read together because "of this Law" or "of the … Law" after the last one says
    which law all of them belong to. Returns the end, or None if nothing at `start` is a head.
    """
    head = _en_head(text, start, single=False)
    if head is None:
        return None
    heads = [head]
    while (join := _EN_AND.match(text, head.end)) and (
        head := _en_head(text, join.end(), single=False)
    ):
        heads.append(head)
    end = heads[-1].end
    if this_law := _EN_THIS_LAW.match(text, end):
        end = this_law.end()
    elif _EN_OTHER_LAW.match(text, end):
        return end
    for head in heads:
        _en_emit(head, resolver)
    return end


def _en_head(text: str, pos: int, *, single: bool) -> _EnHead | None:
    """Read a head at `pos`; a container ("of Article 24") takes a `single` number."""
    if relative := _EN_RELATIVE.match(text, pos):
        unit = relative["unit"]
        level = _EN_UNITS[unit.lower()] if unit else 2
        return _EnHead(relative.start("phrase"), relative.end(), level, relative=relative)
    keyword = _EN_KEYWORD.match(text, pos)
    if keyword is None:
        return None
    level = _EN_UNITS[keyword[1].lower()]
    number = _EN_NUMBERS[level]
    found = number.match(text, keyword.end())
    if found is None:
        return None
    numbers = [(found.start(), found.end(), int(found[1]), None)]
    end = found.end()
    while not single:
        if (to := _EN_TO.match(text, end)) and (found := number.match(text, to.end())):
            first_start, _, first, _ = numbers.pop()
            numbers.append((first_start, found.end(), first, int(found[1])))
        elif (join := _EN_AND.match(text, end)) and (found := number.match(text, join.end())):
            numbers.append((found.start(), found.end(), int(found[1]), None))
        else:
            break
        end = found.end()
    container = None
    # a container names a wider provision: "paragraph 3 of Article 61", not "Article 5 of item (1)"
    if (
        (of := _EN_OF.match(text, end))
        and (outer := _en_head(text, of.end(), single=True))
        and outer.level < level
    ):
        container, end = outer, outer.end
    return _EnHead(keyword.start(), end, level, tuple(numbers), container)


def _en_base(head: _EnHead, resolver: _Resolver) -> _Base:
    """What `head`, as the container of other numbers, makes them hang from."""
    if head.relative is not None:
        relative = head.relative
        if relative["deixis"]:
            level = _EN_UNITS[relative["unit"].lower()]
            this = relative["deixis"].lower() == "this"
            return resolver.this(level) if this else resolver.that(level)
        count = relative["count"] or relative["count_first"]
        return resolver.preceding(_EN_COUNTS[count] if count else 1)
    base = _en_base(head.container, resolver) if head.container else resolver.root(head.level)
    addresses, _ = _resolve(base, [(head.level, head.numbers[0][2])])
    return _Base(addresses, base.kind, base.level)


def _en_emit(head: _EnHead, resolver: _Resolver) -> None:
    if head.relative is not None:
        base = _en_base(head, resolver)
        resolver.emit(head.start, head.end, base.addresses, base.kind)
        return
    base = _en_base(head.container, resolver) if head.container else resolver.root(head.level)
    last = len(head.numbers) - 1
    for i, (start, end, first, range_end) in enumerate(head.numbers):
        addresses, pattern = _resolve(base, [(head.level, first)], range_end)
        resolver.emit(
            head.start if i == 0 else start, head.end if i == last else end, addresses, pattern
        )
