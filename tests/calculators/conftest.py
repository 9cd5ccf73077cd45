"""Shared fixtures: the official texts beside the checkout, parsed into clause structure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SHARED = Path(__file__).parents[2] / ".." / "shared"
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


CORPUS_FILES = {
    ("csl", "2016"): SHARED / "sources" / "csl" / "csl-2016.zh.txt",
    ("csl", "2025"): SHARED / "sources" / "csl" / "csl-2025.zh.txt",
    ("apl", "2021"): SHARED / "sources" / "related" / "admin-penalty-law-2021.zh.md",
    ("pipl", "2021"): SHARED / "sources" / "related" / "pipl-2021.zh.md",
    ("dsl", "2021"): SHARED / "sources" / "related" / "dsl-2021.zh.md",
}


@pytest.fixture(scope="session")
def corpus() -> dict[tuple[str, str], dict[int, list[int]]]:
    missing = [str(p) for p in CORPUS_FILES.values() if not p.exists()]
    if missing:
        pytest.skip(f"official texts not found beside the checkout: {missing}")
    return {key: parse_statute(path) for key, path in CORPUS_FILES.items()}


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
