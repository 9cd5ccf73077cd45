"""Load site_data into the typed model, refusing bad data with file:line messages.

Layout (documented in docs/about/editing.md), one folder per law:

    site_data/<law>/law.yaml              titles, texts (versions), dates, chapter/section structure
    site_data/<law>/glossary.yaml         the law's bilingual glossary
    site_data/<law>/official/             the official Chinese texts, with PROVENANCE.md
    site_data/<law>/articles/NNN.yaml     one article of the text in force each
    site_data/<law>/articles-YYYY/NNN.yaml  articles of the earlier text YYYY with no successor

A law has one text in force and, if the edition follows an amendment, one earlier text (the
Cybersecurity Law: 2025 and 2016). The amendment fields (status, from_previous, text_previous, …)
then say how each article changed. An
earlier article's text is, in this order: the ``text_previous`` of the current article that names
it, the text of the unchanged or renumbered current article whose single predecessor it is,
or its own file in ``articles-YYYY``. Each earlier article must come from exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import DataError, DataProblem, shown_path
from . import fixity
from .model import (
    Article,
    Bilingual,
    Chapter,
    Edition,
    GlossaryException,
    GlossaryTerm,
    Item,
    Law,
    LawReference,
    LawVersion,
    Origin,
    Paragraph,
    Section,
    TermLocation,
    VersionId,
)
from .numerals import item_marker
from .official_text import parse_official_text
from .schemas import schema_problems
from .yaml_source import YamlDocument, YamlPath, read_yaml

_EN_ITEM = re.compile(r"^\((\d+)\) ")


class _Problems:
    """Collects problems so an editor sees all of them in one run."""

    def __init__(self) -> None:
        self.items: list[DataProblem] = []

    def add(self, document: YamlDocument, path: YamlPath, message: str) -> None:
        problem = document.problem(path, message)
        # text shared by both versions is checked twice; report it once
        if problem not in self.items:
            self.items.append(problem)

    def raise_if_any(self) -> None:
        if self.items:
            raise DataError(self.items)


def load_edition(site_data: Path, law: str = "csl") -> Edition:
    """Read and validate one law of the edition; raise DataError listing every problem."""
    root = site_data.parent
    folder = site_data / law
    problems = _Problems()
    law_doc = _read(folder / "law.yaml", "law", root, problems)
    problems.raise_if_any()
    previous = [v["id"] for v in law_doc.data["versions"] if v.get("in_force_until")]
    article_docs = [
        _read(path, "article", root, problems)
        for path in sorted((folder / "articles").glob("*.yaml"))
    ]
    only_previous_docs = [
        _read(path, "article_previous", root, problems)
        for version in previous[:1]
        for path in sorted((folder / f"articles-{version}").glob("*.yaml"))
    ]
    glossary_doc = _read(folder / "glossary.yaml", "glossary", root, problems)
    if previous:  # an amended law says how the amendment treated every article
        for document in article_docs:
            if document.data and "status" not in document.data:
                problems.add(
                    document, (), "status is missing (new, amended, renumbered or unchanged)"
                )
    problems.raise_if_any()

    law_model = _build_law(law_doc, article_docs, only_previous_docs, folder, problems)
    problems.raise_if_any()
    glossary = _build_glossary(glossary_doc, law_model, problems)
    problems.raise_if_any()
    return Edition(law_model, glossary)


def law_ids(site_data: Path) -> list[str]:
    """The laws site_data holds: every folder with a law.yaml."""
    return sorted(p.parent.name for p in site_data.glob("*/law.yaml"))


def _read(path: Path, schema: str, root: Path, problems: _Problems) -> YamlDocument:
    if not path.is_file():
        raise DataError([DataProblem(shown_path(path, root), None, "file is missing")])
    try:
        document = read_yaml(path, shown_path(path, root))
    except DataError as exc:
        problems.items.extend(exc.problems)
        return YamlDocument(shown_path(path, root), None, {})
    problems.items.extend(schema_problems(document, schema))
    return document


def _paragraphs(
    document: YamlDocument, path: YamlPath, raw: list[dict[str, Any]], problems: _Problems
) -> tuple[Paragraph, ...]:
    out = []
    for p_index, para in enumerate(raw):
        p_path = (*path, p_index)
        text = _text(document, p_path, para, f"paragraph {p_index + 1}", problems)
        raw_items = para.get("items") or []
        zh_items = sum(1 for item in raw_items if item.get("zh", "").strip())
        en_items = sum(1 for item in raw_items if item.get("en", "").strip())
        # fewer English entries shows up as "no English translation" on each one
        if en_items > zh_items:
            problems.add(
                document,
                (*p_path, "items"),
                f"paragraph {p_index + 1} has {zh_items} Chinese items but {en_items} English items",
            )
        items = []
        for i_index, item in enumerate(raw_items):
            i_path = (*p_path, "items", i_index)
            label = f"paragraph {p_index + 1}, item {i_index + 1}"
            item_text = _text(document, i_path, item, label, problems)
            _check_item_numbers(document, i_path, item_text, i_index + 1, label, problems)
            items.append(Item(i_index + 1, item_text))
        out.append(Paragraph(p_index + 1, text, tuple(items)))
    zh_count = sum(1 for para in raw if para.get("zh", "").strip())
    en_count = sum(1 for para in raw if para.get("en", "").strip())
    if en_count > zh_count:
        problems.add(
            document, path, f"{zh_count} Chinese paragraphs but {en_count} English paragraphs"
        )
    return tuple(out)


def _text(
    document: YamlDocument,
    path: YamlPath,
    raw: dict[str, Any],
    label: str,
    problems: _Problems,
) -> Bilingual:
    zh, en = (raw.get("zh") or "").strip(), (raw.get("en") or "").strip()
    if not zh:
        problems.add(document, path, f"{label} has no Chinese text (zh)")
    if not en:
        problems.add(document, path, f"{label} has no English translation (en)")
    return Bilingual(zh, en)


def _check_item_numbers(
    document: YamlDocument,
    path: YamlPath,
    text: Bilingual,
    number: int,
    label: str,
    problems: _Problems,
) -> None:
    """Items are numbered by position; a wrong marker means the lists went out of step."""
    if text.zh and not text.zh.startswith(item_marker(number)):
        problems.add(
            document, (*path, "zh"), f"{label}: Chinese should start with {item_marker(number)}"
        )
    if text.en:
        match = _EN_ITEM.match(text.en)
        if not match or int(match[1]) != number:
            problems.add(document, (*path, "en"), f"{label}: English should start with ({number})")


def _build_law(
    law_doc: YamlDocument,
    article_docs: list[YamlDocument],
    only_previous_docs: list[YamlDocument],
    folder: Path,
    problems: _Problems,
) -> Law:
    raw = law_doc.data
    structures = {version["id"]: (i, version) for i, version in enumerate(raw["versions"])}
    in_force = [v for v in structures if not structures[v][1].get("in_force_until")]
    superseded = [v for v in structures if structures[v][1].get("in_force_until")]
    if len(in_force) != 1 or len(superseded) > 1:
        problems.add(
            law_doc,
            ("versions",),
            "a law has one text in force (no in_force_until) and at most one earlier text",
        )
    problems.raise_if_any()
    current, previous = in_force[0], (superseded[0] if superseded else None)

    texts = {current: _numbered(article_docs, current, problems)}
    if previous:
        texts[previous] = _texts_previous(article_docs, only_previous_docs, previous, problems)
    else:
        _no_amendment_data(article_docs, problems)
    problems.raise_if_any()

    versions: dict[VersionId, LawVersion] = {}
    for version_id, numbered in texts.items():
        v_index, version = structures[version_id]
        chapters = _chapters(
            law_doc, ("versions", v_index, "chapters"), version["chapters"], problems
        )
        amended = previous is not None and version_id == current
        articles = _articles(version_id, amended, numbered, chapters, law_doc, v_index, problems)
        versions[version_id] = LawVersion(
            id=version_id,
            label=Bilingual(**version["label"]),
            header_note=Bilingual(**version["header_note"]),
            adopted=version["adopted"],
            in_force_from=version["in_force_from"],
            chapters=chapters,
            articles=articles,
            amended=version.get("amended"),
            in_force_until=version.get("in_force_until"),
        )
    problems.raise_if_any()
    # structure first: a missing paragraph is reported as such, not as a difference of text
    for version_id, numbered in texts.items():
        _check_fixity(version_id, numbered, law_doc, structures[version_id][0], folder, problems)
    problems.raise_if_any()
    if previous:
        _check_links_between_versions(
            versions, current, previous, article_docs, only_previous_docs, problems
        )
    return Law(
        id=raw["law"],
        title=Bilingual(**raw["title"]),
        short_title=Bilingual(**raw.get("short_title", raw["title"])),
        citation_title=Bilingual(**raw["citation_title"]),
        checked_against_source=raw["checked_against_source"],
        versions=versions,
    )


_AMENDMENT_FIELDS = (
    "status",
    "from_previous",
    "decision_items",
    "changed_paragraphs",
    "text_previous",
)


def _no_amendment_data(docs: list[YamlDocument], problems: _Problems) -> None:
    """Amendment metadata needs the earlier text it describes."""
    for document in docs:
        for name in _AMENDMENT_FIELDS:
            if name in document.data:
                problems.add(
                    document,
                    (name,),
                    f"{name} describes an amendment, but law.yaml holds only one text of this law",
                )


# An article as read from a file, before it is placed in a chapter: (document, path, fields)
type _Entry = tuple[YamlDocument, YamlPath, dict[str, Any]]


def _check_fixity(
    version_id: str,
    numbered: dict[int, _Entry],
    law_doc: YamlDocument,
    v_index: int,
    folder: Path,
    problems: _Problems,
) -> None:
    """Refuse Chinese text that is not, character for character, the official text."""
    name = law_doc.data["versions"][v_index]["official_text"]
    path = folder / name
    shown = law_doc.file.parent / name
    try:
        official = parse_official_text(path)
    except (OSError, ValueError) as exc:
        problems.add(
            law_doc,
            ("versions", v_index, "official_text"),
            f"cannot read the official text {shown}: {exc}",
        )
        return
    clauses = []
    for number, (document, path_, fields) in sorted(numbered.items()):
        for p_index, para in enumerate(fields.get("paragraphs") or []):
            p_path = (*path_, "paragraphs", p_index)
            clauses.append(
                fixity.Clause(
                    number, p_index + 1, None, (para.get("zh") or "").strip(), (document, p_path)
                )
            )
            for i_index, item in enumerate(para.get("items") or []):
                i_path = (*p_path, "items", i_index)
                zh = (item.get("zh") or "").strip()
                clauses.append(
                    fixity.Clause(number, p_index + 1, i_index + 1, zh, (document, i_path))
                )
    for difference in fixity.compare(clauses, official, shown, version_id):
        document, where = difference.where or (law_doc, ("versions", v_index, "official_text"))
        problems.add(document, (*where, "zh") if difference.where else where, difference.message)


def _numbered(docs: list[YamlDocument], version: str, problems: _Problems) -> dict[int, _Entry]:
    out: dict[int, _Entry] = {}
    for document in docs:
        number = document.data["article"]
        _claim(out, number, (document, (), document.data), version, problems)
    return out


def _texts_previous(
    article_docs: list[YamlDocument],
    only_previous_docs: list[YamlDocument],
    previous: str,
    problems: _Problems,
) -> dict[int, _Entry]:
    """The earlier text, article by article, from wherever each article is written."""
    out: dict[int, _Entry] = {}
    for document in article_docs:
        data = document.data
        if "text_previous" in data:
            entry = (document, ("text_previous",), data["text_previous"])
            _claim(out, data["text_previous"]["article"], entry, previous, problems)
        elif data["status"] in ("unchanged", "renumbered"):
            predecessors = data.get("from_previous", [])
            if len(predecessors) != 1:
                problems.add(
                    document,
                    ("from_previous",),
                    f"a {data['status']} article needs exactly one 2016 predecessor in from_previous",
                )
                continue
            entry = (document, (), {"article": predecessors[0], "paragraphs": data["paragraphs"]})
            _claim(out, predecessors[0], entry, previous, problems)
        elif data["status"] == "amended":
            problems.add(
                document, ("status",), "an amended article needs text_previous (its 2016 wording)"
            )
    for document in only_previous_docs:
        _claim(out, document.data["article"], (document, (), document.data), previous, problems)
    return out


def _claim(
    out: dict[int, _Entry], number: int, entry: _Entry, version: str, problems: _Problems
) -> None:
    if number in out:
        first = out[number][0]
        problems.add(
            entry[0],
            (*entry[1], "article"),
            f"{version} article {number} is defined twice (also in {first.file}:"
            f"{first.line((*out[number][1], 'article'))})",
        )
    else:
        out[number] = entry


def _chapters(
    document: YamlDocument, path: YamlPath, raw: list[dict[str, Any]], problems: _Problems
) -> tuple[Chapter, ...]:
    chapters = []
    expected_first = 1
    for c_index, chapter in enumerate(raw):
        c_path = (*path, c_index)
        first, last = chapter["articles"]
        if chapter["number"] != c_index + 1:
            problems.add(
                document,
                (*c_path, "number"),
                f"chapter numbered {chapter['number']}, expected {c_index + 1}",
            )
        if first != expected_first or last < first:
            problems.add(
                document,
                (*c_path, "articles"),
                f"chapter {chapter['number']} covers articles {first}–{last}; it should start at article {expected_first}",
            )
        expected_first = last + 1
        sections = []
        s_first = first
        for s_index, section in enumerate(chapter.get("sections", [])):
            sf, sl = section["articles"]
            if sf != s_first or sl < sf or sl > last:
                problems.add(
                    document,
                    (*c_path, "sections", s_index, "articles"),
                    f"section {section['number']} covers articles {sf}–{sl}; it should start at article {s_first} and end by {last}",
                )
            s_first = sl + 1
            sections.append(Section(section["number"], Bilingual(**section["title"]), sf, sl))
        if sections and s_first != last + 1:
            problems.add(
                document,
                (*c_path, "sections"),
                f"the sections of chapter {chapter['number']} do not reach article {last}",
            )
        chapters.append(
            Chapter(chapter["number"], Bilingual(**chapter["title"]), first, last, tuple(sections))
        )
    return tuple(chapters)


def _articles(
    version: VersionId,
    amended: bool,
    numbered: dict[int, _Entry],
    chapters: tuple[Chapter, ...],
    law_doc: YamlDocument,
    v_index: int,
    problems: _Problems,
) -> tuple[Article, ...]:
    last_in_chapters = chapters[-1].last if chapters else 0
    for number in range(1, max([*numbered, last_in_chapters]) + 1):
        if number not in numbered:
            problems.add(
                law_doc,
                ("versions", v_index, "chapters"),
                f"{version} article {number} is missing (no file defines it)",
            )
        elif number > last_in_chapters:
            document, path, _ = numbered[number]
            problems.add(
                document,
                (*path, "article"),
                f"{version} article {number} lies outside every chapter in {law_doc.file}",
            )
    articles = []
    for number in sorted(numbered):
        document, path, data = numbered[number]
        chapter = next((c for c in chapters if c.first <= number <= c.last), None)
        if chapter is None:
            continue
        section = next((s.number for s in chapter.sections if s.first <= number <= s.last), None)
        paragraphs = _paragraphs(document, (*path, "paragraphs"), data["paragraphs"], problems)
        extra: dict[str, Any] = {}
        if amended:
            extra = {
                "status": data["status"],
                "predecessors": tuple(data.get("from_previous", [])),
                "changed_paragraphs": tuple(data.get("changed_paragraphs", [])),
                "decision_items": tuple(data.get("decision_items", [])),
                "note": data.get("note"),
            }
            for changed in extra["changed_paragraphs"]:
                if changed > len(paragraphs):
                    problems.add(
                        document,
                        ("changed_paragraphs",),
                        f"changed_paragraphs names paragraph {changed}, but article {number} has {len(paragraphs)}",
                    )
        origin = Origin(document.file, document.line((*path, "article")) or document.line(path))
        extra["other_laws"] = tuple(
            LawReference(
                ref["law"],
                ref.get("chapter"),
                ref.get("article"),
                Origin(document.file, document.line((*path, "other_laws", index))),
            )
            for index, ref in enumerate(data.get("other_laws", []) if path == () else [])
        )
        articles.append(
            Article(version, number, chapter.number, section, paragraphs, origin, **extra)
        )
    return tuple(articles)


def _check_links_between_versions(
    versions: dict[VersionId, LawVersion],
    current: str,
    previous: str,
    article_docs: list[YamlDocument],
    only_previous_docs: list[YamlDocument],
    problems: _Problems,
) -> None:
    """Amendment metadata may only name articles that exist; fill in the earlier successors."""
    count_old = len(versions[previous].articles)
    count_new = len(versions[current].articles)
    successors: dict[int, list[int]] = {}
    for document in article_docs:
        data = document.data
        number = data["article"]
        for index, old in enumerate(data.get("from_previous", [])):
            if not 1 <= old <= count_old:
                problems.add(
                    document,
                    ("from_previous", index),
                    f"from_previous names {previous} article {old}, which does not exist (the {previous} text has {count_old})",
                )
            successors.setdefault(old, []).append(number)
        status = data.get("status")
        if status == "new" and data.get("from_previous"):
            problems.add(
                document, ("from_previous",), f"a new article has no {previous} predecessor"
            )
        if status not in (None, "new") and not data.get("from_previous"):
            problems.add(document, ("status",), f"a {status} article needs from_previous")
        base = data.get("text_previous", {}).get("article")
        if base is not None and base not in data.get("from_previous", []):
            problems.add(
                document,
                ("text_previous", "article"),
                f"text_previous is {previous} article {base}, which from_previous does not list",
            )
    for document in only_previous_docs:
        target = document.data["merged_into"]
        if not 1 <= target <= count_new:
            problems.add(
                document,
                ("merged_into",),
                f"merged_into names {current} article {target}, which does not exist (the {current} text has {count_new})",
            )
    problems.raise_if_any()
    old = versions[previous]
    versions[previous] = replace(
        old,
        articles=tuple(
            replace(a, successors=tuple(sorted(successors.get(a.number, [])))) for a in old.articles
        ),
    )


def _build_glossary(
    document: YamlDocument, law: Law, problems: _Problems
) -> tuple[GlossaryTerm, ...]:
    terms = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(document.data["terms"]):
        path = ("terms", index)
        if raw["zh"] in seen:
            problems.add(
                document,
                (*path, "zh"),
                f"glossary term {raw['zh']} is defined twice (first at line {seen[raw['zh']]})",
            )
            continue
        seen[raw["zh"]] = document.line((*path, "zh")) or 0
        try:
            re.compile(raw["match"])
        except re.error as exc:
            problems.add(
                document, (*path, "match"), f"match is not a valid regular expression: {exc}"
            )
        defined_in = None
        if "defined_in" in raw:
            defined_in = TermLocation(law.current.id, **raw["defined_in"])
            if not _exists(law, defined_in):
                problems.add(
                    document,
                    (*path, "defined_in"),
                    f"defined_in points to a clause that does not exist: {defined_in}",
                )
        exceptions = []
        for e_index, exc_raw in enumerate(raw.get("exceptions", [])):
            location = TermLocation(
                exc_raw["version"],
                exc_raw["article"],
                exc_raw.get("paragraph"),
                exc_raw.get("item"),
            )
            if not _exists(law, location):
                problems.add(
                    document,
                    (*path, "exceptions", e_index),
                    f"exception points to a clause that does not exist: {location}",
                )
            exceptions.append(GlossaryException(location, exc_raw["reason"]))
        terms.append(
            GlossaryTerm(
                zh=raw["zh"],
                en=raw["en"],
                match=raw["match"],
                note=Bilingual(**raw["note"]),
                origin=Origin(document.file, document.line(path)),
                defined_in=defined_in,
                exceptions=tuple(exceptions),
            )
        )
    return tuple(terms)


def _exists(law: Law, where: TermLocation) -> bool:
    return law.versions[where.version].has_clause(where.article, where.paragraph, where.item)
