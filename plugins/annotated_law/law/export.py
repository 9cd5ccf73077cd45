"""The open-data export: one version of the law as a JSON document (format in docs/data/export.md)."""

from __future__ import annotations

from typing import Any

from .model import Article, Edition, VersionId


def export_version(edition: Edition, version: VersionId) -> dict[str, Any]:
    law = edition.law
    law_version = law.versions[version]
    return {
        "law": law.id,
        "version": version,
        "title": {"zh": law.title.zh, "en": law.title.en},
        "header_note": {"zh": law_version.header_note.zh, "en": law_version.header_note.en},
        "adopted": law_version.adopted,
        "amended": law_version.amended,
        "in_force_from": law_version.in_force_from,
        "in_force_until": law_version.in_force_until,
        "checked_against_source": law.checked_against_source,
        "chapters": [
            {
                "number": c.number,
                "title": {"zh": c.title.zh, "en": c.title.en},
                "articles": [c.first, c.last],
                "sections": [
                    {
                        "number": s.number,
                        "title": {"zh": s.title.zh, "en": s.title.en},
                        "articles": [s.first, s.last],
                    }
                    for s in c.sections
                ],
            }
            for c in law_version.chapters
        ],
        "articles": [_article(a, law.previous is not None) for a in law_version.articles],
    }


def _article(article: Article, amended: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": article.number,
        "chapter": article.chapter,
        "section": article.section,
    }
    if article.status:
        out |= {
            "status": article.status,
            "predecessors": list(article.predecessors),
            "changed_paragraphs": list(article.changed_paragraphs),
        }
    elif amended:  # an article of the superseded text
        out |= {"status": "repealed-version", "successors": list(article.successors)}
    out["paragraphs"] = [
        {
            "number": p.number,
            "zh": p.text.zh,
            "en": p.text.en,
            "items": [{"number": i.number, "zh": i.text.zh, "en": i.text.en} for i in p.items],
        }
        for p in article.paragraphs
    ]
    return out
