"""Anchors, page paths and citation strings for articles, paragraphs (款) and items (项).

Anchors are stable and documented (docs/about/reading.md): ``#p3`` is paragraph 3,
``#p1-i2`` item 2 of paragraph 1. The same anchors exist in every layout.
"""

from __future__ import annotations

from .model import Law, VersionId
from .numerals import to_chinese

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def anchor(paragraph: int | None, item: int | None = None) -> str:
    if paragraph is None:
        return ""
    return f"p{paragraph}" + (f"-i{item}" if item else "")


def article_path(law: str, version: VersionId, article: int) -> str:
    """The page of an article, relative to the site root: ``law/csl/2025/article-61/``."""
    return f"law/{law}/{version}/article-{article}/"


def article_src(law: str, version: VersionId, article: int) -> str:
    """The generated Markdown file behind ``article_path``."""
    return f"law/{law}/{version}/article-{article}.md"


def clause_path(
    law: str,
    version: VersionId,
    article: int,
    paragraph: int | None = None,
    item: int | None = None,
) -> str:
    fragment = anchor(paragraph, item)
    return article_path(law, version, article) + (f"#{fragment}" if fragment else "")


def citation_zh(
    law: Law,
    version: VersionId,
    article: int,
    paragraph: int | None = None,
    item: int | None = None,
) -> str:
    """《中华人民共和国网络安全法》（2025年修正）第六十一条第三款"""
    label = law.versions[version].label.zh
    out = f"{law.citation_title.zh}（{label}）第{to_chinese(article)}条"
    if paragraph:
        out += f"第{to_chinese(paragraph)}款"
    if item:
        out += f"第{to_chinese(item)}项"
    return out


def citation_en(
    law: Law,
    version: VersionId,
    article: int,
    paragraph: int | None = None,
    item: int | None = None,
) -> str:
    """Cybersecurity Law of the PRC (as amended 2025), Art. 61(3); items in roman: Art. 62(1)(ii)."""
    label = law.versions[version].label.en
    return f"{law.citation_title.en} ({label}), {short_en(article, paragraph, item)}"


def short_en(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    """Art. 61(3) — for links and badges inside the edition."""
    out = f"Art. {article}"
    if paragraph:
        out += f"({paragraph})"
    if item:
        out += f"({_ROMAN[item - 1]})"
    return out


def heading_zh(article: int) -> str:
    return f"第{to_chinese(article)}条"
