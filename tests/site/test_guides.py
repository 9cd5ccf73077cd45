"""The guides: in the navigation, in both languages, and the penalty tables are the calculators' own."""

from __future__ import annotations

import re
from pathlib import Path

from law_calculators import tables
from mkdocs.config import load_config

from tests.conftest import ROOT

GUIDES = [
    "about/reading.md",
    "guides/changes-2025.md",
    "guides/penalties.md",
    "guides/ai.md",
    "guides/roles.md",
    "guides/certification.md",
]


def _nav_files(entries) -> list[str]:
    out = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out += _nav_files(value) if isinstance(value, list) else [value]
    return out


def test_guides_are_in_the_navigation() -> None:
    # MkDocs' own loader: mkdocs.yml has tags (!ENV) that a plain YAML loader refuses
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert set(GUIDES) <= set(_nav_files(config["nav"]))


def test_guides_have_english_and_chinese(built_site: Path) -> None:
    for guide in GUIDES:
        page = (built_site / guide.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<div class="guide" lang="en">', page), guide
        assert re.search(r'<div class="guide" lang="zh-Hans">', page), guide


def _cells(markdown: str) -> list[str]:
    """The text of every table cell, as it will read on the page."""
    rows = [line for line in markdown.splitlines() if line.startswith("|") and not set(line) <= set("|-: ")]
    cells = [cell.strip() for row in rows for cell in row.strip("|").split("|")]
    return [re.sub(r"[*`]|<[^>]+>", "", cell) for cell in cells if cell]


def test_penalty_tables_are_rendered_from_the_calculators_rules(built_site: Path) -> None:
    page = (built_site / "guides" / "penalties" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page).replace("&ndash;", "–").replace("&amp;", "&")
    for markdown in (
        tables.penalty_comparison_markdown(),
        tables.penalty_table_markdown("2025"),
        tables.penalty_table_markdown("2016"),
    ):
        missing = [cell for cell in _cells(markdown) if cell not in text]
        assert missing == []
