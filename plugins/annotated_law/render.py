"""Statute text as HTML blocks: bilingual paragraphs and items with anchors, links and terms.

Pure functions over the model. A ``Linker`` turns a cross-reference target into an href
relative to the page being rendered, so the same text renders on article pages, chapter
pages and the whole-law page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from . import citations
from .crossrefs import Place, Reference, Target, find_references
from .model import Article, Bilingual, GlossaryTerm, Law

type Linker = Callable[[Target], str]

LANG_ATTR = {"zh": "zh-Hans", "en": "en"}


@dataclass
class TermMarker:
    """Marks the first occurrence of each glossary term on a page with a popover."""

    terms: tuple[GlossaryTerm, ...]
    glossary_href: str
    definition_href: Callable[[GlossaryTerm], str | None]
    seen: set[str]
    counter: int = 0

    def pattern(self, lang: str) -> re.Pattern[str] | None:
        options = [
            (t.zh if lang == "zh" else t.match)
            for t in sorted(self.terms, key=lambda t: -len(t.zh))
            if t.zh not in self.seen
        ]
        if not options:
            return None
        if lang == "zh":
            return re.compile("|".join(re.escape(o) for o in options))
        return None  # English terms are not marked: one popover per term, on the Chinese

    def popover(self, term: GlossaryTerm, shown: str) -> str:
        self.counter += 1
        self.seen.add(term.zh)
        pop_id = f"term-{self.counter}"
        definition = self.definition_href(term)
        defined = (
            f'<a href="{escape(definition)}">{escape(citations.short_en(term.defined_in.article, term.defined_in.paragraph, term.defined_in.item))}</a>'
            if definition and term.defined_in
            else ""
        )
        return (
            f'<button type="button" class="law-term" popovertarget="{pop_id}">{escape(shown)}</button>'
            f'<span class="law-term-pop" id="{pop_id}" popover>'
            f'<strong lang="zh-Hans">{escape(term.zh)}</strong> · <strong lang="en">{escape(term.en)}</strong>'
            f'<span lang="en">{escape(term.note.en)}</span><span lang="zh-Hans">{escape(term.note.zh)}</span>'
            f'<span class="law-term-links">{defined} <a href="{escape(self.glossary_href)}">Glossary 术语表</a></span>'
            "</span>"
        )


def markup(
    text: str,
    lang: str,
    place: Place,
    link: Linker,
    terms: TermMarker | None = None,
) -> str:
    """Escape ``text`` and add cross-reference links (and, in Chinese, term popovers)."""
    references = find_references(text, lang, place)  # type: ignore[arg-type]
    out: list[str] = []
    cursor = 0
    for ref in references:
        out.append(_plain(text[cursor : ref.start], lang, terms))
        out.append(_reference(text[ref.start : ref.end], ref, link))
        cursor = ref.end
    out.append(_plain(text[cursor:], lang, terms))
    return "".join(out)


def _reference(shown: str, ref: Reference, link: Linker) -> str:
    target = ref.targets[0]
    return f'<a class="law-xref" href="{escape(link(target))}">{escape(shown)}</a>'


def _plain(text: str, lang: str, terms: TermMarker | None) -> str:
    pattern = terms.pattern(lang) if terms else None
    if not pattern or not text:
        return escape(text)
    out, cursor = [], 0
    by_zh = {t.zh: t for t in terms.terms}  # type: ignore[union-attr]
    for match in pattern.finditer(text):
        term = by_zh.get(match[0])
        if term is None or term.zh in terms.seen:  # type: ignore[union-attr]
            continue
        out.append(escape(text[cursor : match.start()]))
        out.append(terms.popover(term, match[0]))  # type: ignore[union-attr]
        cursor = match.end()
    out.append(escape(text[cursor:]))
    return "".join(out)


@dataclass(frozen=True)
class _Page:
    """What every block of one article needs to know about the page it is rendered on."""

    law: Law
    article: Article
    link: Linker
    terms: TermMarker | None
    permalink: Callable[[str], str] | None
    id_prefix: str


def article_text(
    law: Law,
    article: Article,
    link: Linker,
    terms: TermMarker | None = None,
    permalink: Callable[[str], str] | None = None,
    id_prefix: str = "",
) -> str:
    """The bilingual blocks of one article: every paragraph and item with its anchor.

    ``id_prefix`` keeps ids unique where several articles share a page (the whole law).
    """
    page = _Page(law, article, link, terms, permalink, id_prefix)
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
            f' data-permalink="{escape(page.permalink(anchor))}">'
            f'<span class="law-cite-label">Cite</span></button>'
        )
    block_id = page.id_prefix + anchor
    return (
        f'<div class="law-block {kind}" id="{block_id}">'
        f'<div class="law-zh" lang="zh-Hans">{markup(text.zh, "zh", place, page.link, page.terms)}</div>'
        f'<div class="law-en" lang="en">{markup(text.en, "en", place, page.link, None)}</div>'
        f'<a class="law-anchor" href="#{block_id}" title="Permalink">{_label(paragraph, item)}</a>'
        f"{cite}</div>"
    )


def _label(paragraph: int, item: int | None) -> str:
    return f"¶{paragraph}" + (f"({item})" if item else "")
