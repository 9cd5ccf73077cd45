"""The official texts in site_data (with their provenance), parsed into clause structure.

Written independently of the package, so that the tests check the package against the texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SITE_DATA = Path(__file__).parents[2] / "site_data"
_NUMERAL = "零一二三四五六七八九十百"
_ARTICLE = re.compile(rf"^第([{_NUMERAL}]+)条[　 ](.*)$")
_ITEM = re.compile(rf"^（[{_NUMERAL}]+）")
_HEADING = re.compile(rf"^(#+ )?第[{_NUMERAL}]+[章节][　 ]")


def chinese_to_int(numeral: str) -> int:
    """第一百零五条 → 105; written independently of the package so the test checks it."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    total, current = 0, 0
    for char in numeral:
        if char == "百":
            total += current * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits[char]
    return total + current


def parse_statute(path: Path) -> dict[int, list[int]]:
    """Article number → item count of each paragraph, from a text with one paragraph per line."""
    articles: dict[int, list[int]] = {}
    current: list[int] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("<!--"):
            continue
        if match := _ARTICLE.match(line):
            current = [0]
            articles[chinese_to_int(match.group(1))] = current
        elif _HEADING.match(line) or line.startswith("#"):
            current = None
        elif current is not None:
            if _ITEM.match(line):
                current[-1] += 1
            else:
                current.append(0)
    return articles


def parse_paragraphs(text: str) -> dict[int, list[str]]:
    """Article number → the text of each paragraph (items joined to their paragraph)."""
    articles: dict[int, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("<!--"):
            continue
        if match := _ARTICLE.match(line):
            current = [match.group(2)]
            articles[chinese_to_int(match.group(1))] = current
        elif _HEADING.match(line) or line.startswith("#"):
            current = None
        elif current is not None:
            if _ITEM.match(line):
                current[-1] += line
            else:
                current.append(line)
    return articles


CORPUS_FILES = {
    ("csl", "2016"): SITE_DATA / "csl" / "official" / "csl-2016.zh.txt",
    ("csl", "2025"): SITE_DATA / "csl" / "official" / "csl-2025.zh.txt",
    ("apl", "2021"): SITE_DATA / "related" / "admin-penalty-law-2021.zh.md",
    ("pipl", "2021"): SITE_DATA / "pipl" / "official" / "pipl-2021.zh.md",
    ("dsl", "2021"): SITE_DATA / "dsl" / "official" / "dsl-2021.zh.md",
}


def clause_exists(corpus: dict, citation: dict) -> bool:
    """True when the cited article, paragraph and item exist in the official text."""
    articles = corpus.get((citation["law"], citation["version"]))
    if articles is None or citation["article"] not in articles:
        return False
    paragraphs = articles[citation["article"]]
    paragraph, item = citation.get("paragraph"), citation.get("item")
    if paragraph is None:
        return item is None
    if not 1 <= paragraph <= len(paragraphs):
        return False
    return item is None or 1 <= item <= paragraphs[paragraph - 1]


def citations_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every citation object anywhere in a result."""
    if isinstance(value, dict):
        if {"law", "version", "article"} <= value.keys():
            yield value
        for v in value.values():
            yield from citations_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from citations_in(v)
