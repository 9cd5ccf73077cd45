"""Fixity: the Chinese statutory text in site_data must equal the official text file.

The loader calls `compare` for every version of a law; each difference becomes a problem at the
line of the site_data file that holds the text, naming the official file's line and the
differing characters, so an altered statute can never be built or published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from .official_text import OfficialText

_SHOWN = 12  # characters of context either side of a difference


@dataclass(frozen=True)
class Clause:
    """One paragraph or item of the edition's text, with where it is written."""

    article: int
    paragraph: int
    item: int | None
    zh: str
    where: object  # passed back unchanged so the caller can place the message


@dataclass(frozen=True)
class Difference:
    where: object
    message: str


def compare(
    clauses: list[Clause], official: OfficialText, official_file: Path, version: str
) -> Iterator[Difference]:
    """Every clause whose Chinese is not the official text, and every official clause missing."""
    expected = _official_clauses(official)
    seen = set()
    for clause in clauses:
        key = (clause.article, clause.paragraph, clause.item)
        seen.add(key)
        label = _label(version, *key)
        if key not in expected:
            yield Difference(clause.where, f"{label} is not in the official text {official_file}")
            continue
        text, line = expected[key]
        if clause.zh != text:
            yield Difference(
                clause.where,
                f"the Chinese of {label} differs from the official text "
                f"({official_file}:{line}): {describe(clause.zh, text)}",
            )
    for key, (_, line) in expected.items():
        if key not in seen:
            yield Difference(
                None, f"{_label(version, *key)} ({official_file}:{line}) is missing from site_data"
            )


def describe(ours: str, official: str) -> str:
    """The differing characters, each with the official wording around it in brackets."""
    parts = []
    matcher = SequenceMatcher(None, ours, official, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        have = repr(ours[i1:i2]) if i2 > i1 else "nothing"
        want = repr(official[j1:j2]) if j2 > j1 else "nothing"
        context = (
            f"{official[max(0, j1 - _SHOWN) : j1]}[{official[j1:j2]}]{official[j2 : j2 + _SHOWN]}"
        )
        parts.append(f"{have} where the official text has {want} (…{context}…)")
    return "; ".join(parts)


def _official_clauses(official: OfficialText) -> dict[tuple[int, int, int | None], tuple[str, int]]:
    out: dict[tuple[int, int, int | None], tuple[str, int]] = {}
    for article in official.articles:
        for p_index, paragraph in enumerate(article.paragraphs, start=1):
            out[(article.number, p_index, None)] = (paragraph.text, paragraph.line)
            for i_index, (item, line) in enumerate(
                zip(paragraph.items, paragraph.item_lines, strict=True), start=1
            ):
                out[(article.number, p_index, i_index)] = (item, line)
    return out


def _label(version: str, article: int, paragraph: int, item: int | None) -> str:
    return f"{version} Art. {article} ¶{paragraph}" + (f" item {item}" if item else "")
