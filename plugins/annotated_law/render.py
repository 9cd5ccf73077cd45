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

from . import citations
from .crossrefs import Place, Reference, Target, find_references
from .model import Article, Bilingual, GlossaryTerm, Law

type Linker = Callable[[Target], str]
# the names of the edition's other laws as the statute writes them, to the href of their pages
type LawLinks = dict[str, str]


@dataclass
class TermMarker:
    """Marks the first occurrence of each glossary term on a page with a popover.

    Only the Chinese is marked: one popover per term is enough, and the Chinese term is the
    one the glossary defines.
    """

    terms: tuple[GlossaryTerm, ...]
    glossary_href: str
    definition_href: Callable[[GlossaryTerm], str | None]
    seen: set[str] = field(default_factory=set)
    counter: int = 0
    _by_zh: dict[str, GlossaryTerm] = field(init=False)
    _pattern: tuple[int, re.Pattern[str] | None] = field(init=False, default=(-1, None))

    def __post_init__(self) -> None:
        self._by_zh = {t.zh: t for t in self.terms}

    def pattern(self) -> re.Pattern[str] | None:
        """Terms not yet marked, longest first; rebuilt only when a term has been marked."""
        if self._pattern[0] != len(self.seen):
            options = [
                t.zh for t in sorted(self.terms, key=lambda t: -len(t.zh)) if t.zh not in self.seen
            ]
            compiled = re.compile("|".join(map(re.escape, options))) if options else None
            self._pattern = (len(self.seen), compiled)
        return self._pattern[1]

    def mark(self, text: str) -> str:
        """``text`` escaped, with the first occurrence of each unmarked term as a popover."""
        pattern = self.pattern()
        if pattern is None or not text:
            return escape(text)
        out, cursor = [], 0
        for match in pattern.finditer(text):
            term = self._by_zh[match[0]]
            if term.zh in self.seen:  # the same term twice in one text
                continue
            out.append(escape(text[cursor : match.start()]))
            out.append(self._popover(term, match[0]))
            cursor = match.end()
        out.append(escape(text[cursor:]))
        return "".join(out)

    def _popover(self, term: GlossaryTerm, shown: str) -> str:
        self.counter += 1
        self.seen.add(term.zh)
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
        return (
            f'<button type="button" class="law-term" popovertarget="{pop_id}">{escape(shown)}</button>'
            f'<span class="law-term-pop" id="{pop_id}" popover data-search-exclude>'
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
    it names (and, in Chinese, term popovers)."""
    references = find_references(text, lang, place)
    out: list[str] = []
    cursor = 0
    for ref in references:
        out.append(_plain(text[cursor : ref.start], terms, laws))
        out.append(_reference(text[ref.start : ref.end], ref, link))
        cursor = ref.end
    out.append(_plain(text[cursor:], terms, laws))
    return "".join(out)


def _reference(shown: str, ref: Reference, link: Linker) -> str:
    target = ref.targets[0]
    return f'<a class="law-xref" href="{escape(link(target))}">{escape(shown)}</a>'


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """The other laws' names, longest first; compiled once, not for every paragraph."""
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


def _plain(text: str, terms: TermMarker | None, laws: LawLinks | None = None) -> str:
    if laws:
        out, cursor = [], 0
        for match in _names_pattern(tuple(laws)).finditer(text):
            out.append(_plain(text[cursor : match.start()], terms))
            out.append(
                f'<a class="law-xref" href="{escape(laws[match[0]])}">{escape(match[0])}</a>'
            )
            cursor = match.end()
        out.append(_plain(text[cursor:], terms))
        return "".join(out)
    return terms.mark(text) if terms else escape(text)


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
        f'<div class="law-en" lang="en">{markup(text.en, "en", place, page.link, None, page.laws)}</div>'
        f'<a class="law-anchor" href="#{block_id}" title="Permalink" data-search-exclude>{_label(paragraph, item)}</a>'
        f"{cite}</div>"
    )


def _label(paragraph: int, item: int | None) -> str:
    return f"¶{paragraph}" + (f"({item})" if item else "")
