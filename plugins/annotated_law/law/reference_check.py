"""Build-time check of every cross-reference: it must resolve, in Chinese and in English alike.

A reference that points nowhere, or an English paragraph citing other provisions than its
Chinese, is a data error named by file and line, like any other.
"""

from __future__ import annotations

from collections import Counter

from ..errors import DataProblem
from .crossrefs import Place, find_references, unresolved
from .model import Bilingual, Edition


def reference_problems(edition: Edition) -> list[DataProblem]:
    problems: list[DataProblem] = []
    for version in edition.law.versions.values():
        for article in version.articles:
            for paragraph in article.paragraphs:
                texts: list[tuple[int | None, Bilingual]] = [(None, paragraph.text)]
                texts += [(item.number, item.text) for item in paragraph.items]
                for item, text in texts:
                    place = Place(article.number, paragraph.number, item)
                    where = f"{version.id} Art. {article.number} ¶{paragraph.number}" + (
                        f" item {item}" if item else ""
                    )
                    targets: dict[str, Counter] = {}
                    for lang in ("zh", "en"):
                        source = getattr(text, lang)
                        references = find_references(source, lang, place)
                        for ref in unresolved(references, version):
                            problems.append(
                                DataProblem(
                                    article.origin.file,
                                    article.origin.line,
                                    f"{where} ({lang}): cross-reference {source[ref.start : ref.end]!r}"
                                    " points to a provision that does not exist",
                                )
                            )
                        targets[lang] = Counter(t for ref in references for t in ref.targets)
                    if targets["zh"] != targets["en"]:
                        problems.append(
                            DataProblem(
                                article.origin.file,
                                article.origin.line,
                                f"{where}: the English cites other provisions than the Chinese",
                            )
                        )
    # a shared text is checked once per version; report it once
    return list(dict.fromkeys(problems))
