"""Statute text as HTML blocks: bilingual paragraphs and items with anchors, links and terms.

Pure functions over the model. A ``Linker`` turns a cross-reference target into an href
relative to the page being rendered, so the same text renders on article pages, chapter
pages and the whole-law page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Literal

from ..law import citations
from ..law.crossrefs import Place, Reference, Target, find_references
from ..law.model import Article, Bilingual, GlossaryTerm, Law

type Linker = Callable[[Target], str]
# the names of the edition's other laws as the statute writes them, to the href of their pages
type LawLinks = dict[str, str]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    core: int  # characters the term's own pattern matched, before the rest of the word
    term: GlossaryTerm


@cache
def _english(match: str) -> re.Pattern[str]:
    """A term's English rendering in running text: its glossary ``match`` (case-insensitive,
    allowing for plurals and word order), from the start of a word; the group is what the
    pattern itself matched, and the match runs on to the end of the word, so that a term is
    never marked in the middle of a word (``certif`` marks "certification")."""
    return re.compile(rf"\b(?P<core>{match})\w*", re.IGNORECASE)


@dataclass
class TermMarker:
    """Marks the first occurrence of each glossary term on a page, in each language, with a
    popover: the Chinese term in the Chinese text, its English rendering (the glossary's
    ``match``) in the English text, so that every layout has its popovers.

    Terms are found longest first: where terms overlap, the longest match wins (at one place,
    the one whose own pattern matched more), and a term inside a longer term is never marked,
    even when the longer term has been marked already: 网络 is not marked inside 网络安全保护义务,
    nor "network" inside "network operator".
    """

    terms: tuple[GlossaryTerm, ...]
    glossary_href: str
    definition_href: Callable[[GlossaryTerm], str | None]
    seen: dict[str, set[str]] = field(default_factory=lambda: {"zh": set(), "en": set()})
    counter: int = 0
    # the terms' English patterns, looked up once per page rather than once per paragraph
    english: list[tuple[GlossaryTerm, re.Pattern[str]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.english = [(term, _english(term.match)) for term in self.terms]

    def matches(self, text: str, lang: Literal["zh", "en"]) -> list[_Match]:
        """Every occurrence of a term in ``text``, marked or not: leftmost, then longest."""
        found: list[_Match] = []
        if lang == "zh":
            for term in self.terms:
                start = text.find(term.zh)
                while start >= 0:
                    found.append(_Match(start, start + len(term.zh), len(term.zh), term))
                    start = text.find(term.zh, start + len(term.zh))
        else:
            for term, pattern in self.english:
                for match in pattern.finditer(text):
                    if match.end() > match.start():
                        core = match.end("core") - match.start("core")
                        found.append(_Match(match.start(), match.end(), core, term))
        found.sort(key=lambda m: (m.start, -(m.end - m.start), -m.core))
        chosen: list[_Match] = []
        for match in found:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen

    def mark(self, text: str, lang: Literal["zh", "en"] = "zh") -> str:
        """``text`` escaped, with the first occurrence of each term not yet marked in ``lang``
        on this page as a popover."""
        if not text:
            return ""
        seen = self.seen[lang]
        out, cursor = [], 0
        for match in self.matches(text, lang):
            if match.term.zh in seen:  # consumed, so that no shorter term inside it is marked
                continue
            seen.add(match.term.zh)
            out.append(escape(text[cursor : match.start]))
            out.append(self._popover(match.term, text[match.start : match.end], lang))
            cursor = match.end
        out.append(escape(text[cursor:]))
        return "".join(out)

    def _popover(self, term: GlossaryTerm, shown: str, lang: str) -> str:
        self.counter += 1
        pop_id = f"term-{self.counter}"
        definition = self.definition_href(term)
        defined = (
            f'<a href="{escape(definition)}" data-search-exclude>{escape(citations.short_en(term.defined_in.article, term.defined_in.paragraph, term.defined_in.item))}</a>'
            if definition and term.defined_in
            else ""
        )
        # data-search-exclude keeps the definition out of the search index and its snippets.
        # Material's indexer matches excluded elements by tag name, so the end of the first
        # inner <span> ends the exclusion: every inner span and link carries the attribute too.
        # law.js places the popover under its term (a popover opens at the centre otherwise)
        # and keeps it inside the window; role="dialog" names what the button opens.
        label = f"{term.zh} · {term.en}"
        return (
            f'<button type="button" class="law-term" popovertarget="{pop_id}"'
            f' aria-haspopup="dialog" aria-controls="{pop_id}">{escape(shown)}</button>'
            f'<span class="law-term-pop" id="{pop_id}" popover role="dialog"'
            f' aria-label="{escape(label)}" data-term-lang="{lang}" data-search-exclude>'
            f'<strong lang="zh-Hans">{escape(term.zh)}</strong> · <strong lang="en">{escape(term.en)}</strong>'
            f'<span lang="en" data-search-exclude>{escape(term.note.en)}</span>'
            f'<span lang="zh-Hans" data-search-exclude>{escape(term.note.zh)}</span>'
            f'<span class="law-term-links">{defined} <a href="{escape(self.glossary_href)}" data-search-exclude>Glossary 术语表</a></span>'
            "</span>"
        )


def markup(
    text: str,
    lang: Literal["zh", "en"],
    place: Place,
    link: Linker,
    terms: TermMarker | None = None,
    laws: LawLinks | None = None,
) -> str:
    """Escape ``text`` and add cross-reference links, links to the other laws of the edition
    it names and term popovers."""
    references = find_references(text, lang, place)
    out: list[str] = []
    cursor = 0
    for ref in references:
        out.append(_plain(text[cursor : ref.start], lang, terms, laws))
        out.append(_reference(text[ref.start : ref.end], ref, link))
        cursor = ref.end
    out.append(_plain(text[cursor:], lang, terms, laws))
    return "".join(out)


def _reference(shown: str, ref: Reference, link: Linker) -> str:
    target = ref.targets[0]
    return f'<a class="law-xref" href="{escape(link(target))}">{escape(shown)}</a>'


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The other laws' names, longest first; compiled once, not for every paragraph."""
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def _plain(
    text: str,
    lang: Literal["zh", "en"],
    terms: TermMarker | None,
    laws: LawLinks | None = None,
) -> str:
    if laws:
        out, cursor = [], 0
        for match in _names_pattern(tuple(laws)).finditer(text):
            out.append(_plain(text[cursor : match.start()], lang, terms))
            out.append(
                f'<a class="law-xref" href="{escape(laws[match[0]])}">{escape(match[0])}</a>'
            )
            cursor = match.end()
        out.append(_plain(text[cursor:], lang, terms))
        return "".join(out)
    return terms.mark(text, lang) if terms else escape(text)


@dataclass(frozen=True)
class _Page:
    """What every block of one article needs to know about the page it is rendered on."""

    law: Law
    article: Article
    link: Linker
    terms: TermMarker | None
    permalink: Callable[[str], str] | None
    id_prefix: str
    laws: LawLinks | None


def article_text(
    law: Law,
    article: Article,
    link: Linker,
    terms: TermMarker | None = None,
    permalink: Callable[[str], str] | None = None,
    id_prefix: str = "",
    laws: LawLinks | None = None,
) -> str:
    """The bilingual blocks of one article: every paragraph and item with its anchor.

    ``id_prefix`` keeps ids unique where several articles share a page (the whole law).
    """
    page = _Page(law, article, link, terms, permalink, id_prefix, laws)
    blocks = [
        f'<div class="law-text" data-law-version="{article.version}" data-article="{article.number}">'
    ]
    for paragraph in article.paragraphs:
        blocks.append(_block(page, paragraph.number, None, paragraph.text))
        blocks += [
            _block(page, paragraph.number, item.number, item.text) for item in paragraph.items
        ]
    blocks.append("</div>")
    return "\n".join(blocks)


def _block(page: _Page, paragraph: int, item: int | None, text: Bilingual) -> str:
    article = page.article
    place = Place(article.number, paragraph, item)
    anchor = citations.anchor(paragraph, item)
    kind = "law-item" if item else "law-para"
    cite = ""
    if page.permalink is not None:
        cite = (
            f'<button type="button" class="law-cite" title="Copy citation 复制引注"'
            f' data-cite-zh="{escape(citations.citation_zh(page.law, article.version, article.number, paragraph, item))}"'
            f' data-cite-en="{escape(citations.citation_en(page.law, article.version, article.number, paragraph, item))}"'
            f' data-permalink="{escape(page.permalink(anchor))}" data-search-exclude>'
            f'<span class="law-cite-label">Cite</span></button>'
        )
    block_id = page.id_prefix + anchor
    return (
        f'<div class="law-block {kind}" id="{block_id}">'
        f'<div class="law-zh" lang="zh-Hans">{markup(text.zh, "zh", place, page.link, page.terms, page.laws)}</div>'
        f'<div class="law-en" lang="en">{markup(text.en, "en", place, page.link, page.terms, page.laws)}</div>'
        f'<a class="law-anchor" href="#{block_id}" title="Permalink" data-search-exclude>{_label(paragraph, item)}</a>'
        f"{cite}</div>"
    )


def _label(paragraph: int, item: int | None) -> str:
    return f"¶{paragraph}" + (f"({item})" if item else "")
