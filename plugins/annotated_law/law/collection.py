"""The edition as a whole: several laws, each with its commentary, checked against each other.

Callable without MkDocs (the plugin and ``python -m annotated_law check`` both use it): every
law is loaded and validated, then what crosses laws — commentary links, editors' links to
another law's chapters and articles — is checked against the laws actually loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, DataProblem
from .commentary import Commentary, load_commentary
from .loader import law_ids, load_edition
from .model import Edition, Law
from .reference_check import reference_problems


@dataclass(frozen=True)
class LawEntry:
    edition: Edition
    commentary: Commentary


def load_collection(site_data: Path, root: Path, laws: list[str]) -> list[LawEntry]:
    """Every named law with its commentary; raise DataError listing every problem."""
    known = law_ids(site_data)
    unknown = [law for law in laws if law not in known]
    if unknown:
        raise DataError(
            [
                DataProblem(
                    Path("mkdocs.yml"),
                    None,
                    f"laws names {', '.join(unknown)}, which site_data does not hold (it holds {', '.join(known)})",
                )
            ]
        )
    editions = [load_edition(site_data, law) for law in laws]
    by_id = {e.law.id: e.law for e in editions}
    entries, problems = [], []
    for edition in editions:
        law = edition.law
        folder = site_data / law.id / "commentary" / law.current.id
        entries.append(LawEntry(edition, load_commentary(folder, law, root, by_id)))
        problems += reference_problems(edition)
        problems += other_law_problems(law, by_id, known)
    if problems:
        raise DataError(problems)
    return entries


def other_law_problems(law: Law, laws: dict[str, Law], known: list[str]) -> list[DataProblem]:
    """An editors' link to another law must name a law of site_data (`known`) and, where that
    law is loaded, a chapter and article it has; a site built without the law omits the link."""
    problems = []
    for article in law.current.articles:
        for ref in article.other_laws:
            where = (ref.origin.file, ref.origin.line)
            target = laws.get(ref.law)
            if ref.law not in known:
                problems.append(
                    DataProblem(
                        *where,
                        f"other_laws names {ref.law}, which is not a law of site_data ({', '.join(known)})",
                    )
                )
            if target is None:
                continue
            text = target.current
            if ref.chapter is not None and not 0 < ref.chapter <= len(text.chapters):
                problems.append(
                    DataProblem(
                        *where,
                        f"other_laws: {ref.law} has no chapter {ref.chapter} (it has {len(text.chapters)})",
                    )
                )
            if ref.article is not None and text.article(ref.article) is None:
                problems.append(
                    DataProblem(
                        *where,
                        f"other_laws: {ref.law} has no article {ref.article} (it has {len(text.articles)})",
                    )
                )
    return problems
