"""The edition as typed, immutable values: what the loader produces and everything renders from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

type VersionId = str  # the year of a text: "2016", "2025", "2021"
type Status = Literal["unchanged", "renumbered", "amended", "new"]


@dataclass(frozen=True)
class Bilingual:
    zh: str
    en: str


@dataclass(frozen=True)
class Origin:
    """Where a value was written, for messages and "edit this" links."""

    file: Path
    line: int | None


@dataclass(frozen=True)
class Item:
    number: int
    text: Bilingual


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: Bilingual
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class LawReference:
    """An editors' link from an article to a chapter or article of another law of the edition."""

    law: str
    chapter: int | None
    article: int | None
    origin: Origin


@dataclass(frozen=True)
class Article:
    version: VersionId
    number: int
    chapter: int
    section: int | None
    paragraphs: tuple[Paragraph, ...]
    origin: Origin
    # articles of an amended text: how the amendment treated them
    status: Status | None = None
    predecessors: tuple[int, ...] = ()
    changed_paragraphs: tuple[int, ...] = ()
    decision_items: tuple[str, ...] = ()
    note: str | None = None
    # articles of a superseded text: the articles of the current text they went into
    successors: tuple[int, ...] = ()
    other_laws: tuple[LawReference, ...] = ()

    def paragraph(self, number: int) -> Paragraph | None:
        return self.paragraphs[number - 1] if 0 < number <= len(self.paragraphs) else None


@dataclass(frozen=True)
class Section:
    number: int
    title: Bilingual
    first: int
    last: int


@dataclass(frozen=True)
class Chapter:
    number: int
    title: Bilingual
    first: int
    last: int
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class LawVersion:
    id: VersionId
    label: Bilingual
    header_note: Bilingual
    adopted: str
    in_force_from: str
    chapters: tuple[Chapter, ...]
    articles: tuple[Article, ...]
    amended: str | None = None
    in_force_until: str | None = None

    def article(self, number: int) -> Article | None:
        return self.articles[number - 1] if 0 < number <= len(self.articles) else None

    def has_clause(
        self, article: int, paragraph: int | None = None, item: int | None = None
    ) -> bool:
        """Whether the article (and paragraph, and item) exists in this version."""
        found = self.article(article)
        if found is None:
            return False
        if paragraph is None:
            return item is None
        para = found.paragraph(paragraph)
        return para is not None and (item is None or 0 < item <= len(para.items))


@dataclass(frozen=True)
class Law:
    id: str
    title: Bilingual
    short_title: Bilingual  # for navigation and lists of laws
    citation_title: Bilingual
    checked_against_source: str
    versions: dict[VersionId, LawVersion] = field(hash=False)

    @property
    def current(self) -> LawVersion:
        """The text in force: the one version without an end date."""
        return next(v for v in self.versions.values() if not v.in_force_until)

    @property
    def previous(self) -> LawVersion | None:
        """The superseded text the current one amended, if the edition holds one."""
        return next((v for v in self.versions.values() if v.in_force_until), None)


@dataclass(frozen=True)
class TermLocation:
    version: VersionId
    article: int
    paragraph: int | None = None
    item: int | None = None


@dataclass(frozen=True)
class GlossaryException:
    location: TermLocation
    reason: str


@dataclass(frozen=True)
class GlossaryTerm:
    zh: str
    en: str
    match: str
    note: Bilingual
    origin: Origin
    defined_in: TermLocation | None = None
    exceptions: tuple[GlossaryException, ...] = ()


@dataclass(frozen=True)
class Edition:
    law: Law
    glossary: tuple[GlossaryTerm, ...]
