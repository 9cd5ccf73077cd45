"""The generated pages of the edition and their navigation.

Everything here is plain Markdown with HTML blocks, built from the model; the MkDocs
plugin only hands the pages to MkDocs. Page sources (and so URLs) are fixed:

    law/<law>/index.md                      landing page with the currency banner
    law/<law>/<version>/index.md            a version's contents
    law/<law>/<version>/chapter-N.md        chapter pages
    law/<law>/<version>/article-N.md        one page per article of every text
    law/<law>/<version>/full-text.md        the entire law on one page
    law/<law>/changes.md                    what the amendment changed (amended laws only)
    law/<law>/renumbering.md                old → new article numbers (amended laws only)
    law/<law>/glossary.md                   the law's bilingual glossary
    law/index.md                            the laws of the edition
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from law_calculators.tables import penalty_table_markdown

from ..law import citations
from ..law.commentary import Commentary, render_commentary
from ..law.crossrefs import Place, Target, find_references
from ..law.diff import diff, diff_html
from ..law.links import page_url, relative, relative_src
from ..law.model import Article, Edition, GlossaryTerm, Law, LawVersion, VersionId
from ..law.numerals import to_chinese
from .calculator_widgets import mount_html, tabled_articles
from .render import TermMarker, article_text

_ROMAN_CHAPTERS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

LAYOUT_SWITCH = (
    '<div class="law-layouts" role="group" aria-label="Layout 版式" data-search-exclude>'
    '<button type="button" data-layout="zh" aria-pressed="false" lang="zh-Hans">中文</button>'
    '<button type="button" data-layout="en" aria-pressed="false">English</button>'
    '<button type="button" data-layout="side" aria-pressed="false">对照 Side by side</button>'
    '<button type="button" data-layout="interleaved" aria-pressed="false">逐段 Interleaved</button>'
    "</div>"
)


@dataclass(frozen=True)
class GeneratedPage:
    src: str
    title: str
    content: str
    # HTML that needs no Markdown processing, stood in for by <!--key--> in `content` and put
    # back after Markdown has run: the statute blocks are most of a page and Markdown's raw-HTML
    # parsing of them was most of the build time
    fragments: dict[str, str] = field(default_factory=dict)


class _Fragments:
    def __init__(self) -> None:
        self.items: dict[str, str] = {}

    def raw(self, html: str) -> str:
        if not html:
            return ""
        key = f"law-fragment-{len(self.items)}"
        self.items[key] = html
        return f"<!--{key}-->"


def put_back(html: str, fragments: dict[str, str]) -> str:
    """Replace the stand-ins of rendered Markdown with the HTML they stand for."""
    for key, fragment in fragments.items():
        html = html.replace(f"<!--{key}-->", fragment, 1)
    return html


_ID = re.compile(r'\sid="([^"]+)"')


def anchor_ids(fragments: dict[str, str]) -> set[str]:
    return {match for fragment in fragments.values() for match in _ID.findall(fragment)}


# Pages that only repeat article text (chapter lists, the whole law on one page) stay out of
# the search index. How the rest ranks (main law, other laws, 2016 text) is set after the build
# by search_terms.Ranking.
_NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n\n"


@dataclass(frozen=True)
class CitedBy:
    article: int
    paragraph: int
    item: int | None


def base(law: Law) -> str:
    return f"law/{law.id}"


def article_src(law: Law, version: VersionId, number: int) -> str:
    return citations.article_src(law.id, version, number)


def chapter_src(law: Law, version: VersionId, number: int) -> str:
    # an index page, so the navigation shows the chapter once: as the section and its page
    return f"{base(law)}/{version}/chapter-{number}/index.md"


def article_title(number: int, law_version: LawVersion | None = None) -> str:
    """第六十一条 Article 61; a superseded text says which: 第五十九条 Article 59 (2016)."""
    title = f"{citations.heading_zh(number)} Article {number}"
    if law_version is not None and law_version.in_force_until:
        title += f" ({law_version.id})"
    return title


def chapter_title(law_version: LawVersion, number: int) -> str:
    chapter = law_version.chapters[number - 1]
    return f"第{to_chinese(number)}章 {chapter.title.zh} · Chapter {_ROMAN_CHAPTERS[number - 1]} {chapter.title.en}"


type Referrals = dict[int, list[tuple[Law, int]]]  # article → (other law, its article)


def referred_by(law: Law, others: tuple[Law, ...]) -> Referrals:
    """The articles of other laws that send the reader to this law, by article reached (a
    reference to a chapter reaches each of its articles)."""
    out: Referrals = defaultdict(list)
    for other in others:
        for article in other.current.articles:
            for ref in article.other_laws:
                if ref.law != law.id:
                    continue
                if ref.chapter is not None:
                    chapter = law.current.chapters[ref.chapter - 1]
                    reached = range(chapter.first, chapter.last + 1)
                else:
                    reached = range(ref.article, ref.article + 1)  # type: ignore[arg-type]
                for number in reached:
                    out[number].append((other, article.number))
    return out


def cited_by_index(law_version: LawVersion) -> dict[int, list[CitedBy]]:
    """For each article, the clauses of the same version whose Chinese refers to it."""
    index: dict[int, list[CitedBy]] = defaultdict(list)
    for article in law_version.articles:
        for paragraph in article.paragraphs:
            texts = [(None, paragraph.text.zh)] + [(i.number, i.text.zh) for i in paragraph.items]
            for item, text in texts:
                for ref in find_references(
                    text, "zh", Place(article.number, paragraph.number, item)
                ):
                    for target in ref.targets:
                        source = CitedBy(article.number, paragraph.number, item)
                        if target.article != article.number and source not in index[target.article]:
                            index[target.article].append(source)
    return index


def generate(
    edition: Edition, commentary: Commentary, others: tuple[Law, ...] = ()
) -> list[GeneratedPage]:
    """Every page of one law; `others` are the edition's other laws, linked where it names them."""
    law = edition.law
    pages = [_landing(edition), _glossary(edition)]
    if law.previous:
        pages += [_changes(law), _renumbering(law)]
    referred = referred_by(law, others)
    for law_version in law.versions.values():
        cited = cited_by_index(law_version)
        pages.append(_version_index(law, law_version))
        pages.append(_full_text(edition, law_version, others))
        for chapter in law_version.chapters:
            pages.append(_chapter(law, law_version, chapter.number, referred))
        for article in law_version.articles:
            pages.append(
                _article(
                    edition,
                    law_version,
                    article,
                    cited.get(article.number, []),
                    commentary,
                    others,
                    referred if law_version is law.current else {},
                )
            )
    return pages


def navigation(law: Law) -> list[Any]:
    """MkDocs nav entries: chapters and sections, not a flat list of articles."""

    def chapter_entries(law_version: LawVersion) -> list[Any]:
        entries: list[Any] = []
        for chapter in law_version.chapters:
            children: list[Any] = [chapter_src(law, law_version.id, chapter.number)]
            if chapter.sections:
                for section in chapter.sections:
                    children.append(
                        {
                            f"第{to_chinese(section.number)}节 {section.title.zh}": [
                                {article_title(n, law_version): article_src(law, law_version.id, n)}
                                for n in range(section.first, section.last + 1)
                            ]
                        }
                    )
            else:
                children += [
                    {article_title(n, law_version): article_src(law, law_version.id, n)}
                    for n in range(chapter.first, chapter.last + 1)
                ]
            # a superseded text's chapters say which, as its articles do: the sidebar shows both
            # texts' chapters, and the same chapter name twice would not say which text it opens
            label = chapter_title(law_version, chapter.number)
            if law_version.in_force_until:
                label += f" ({law_version.id})"
            entries.append({label: children})
        return entries

    current, old = law.current, law.previous
    entries: list[Any] = [
        f"{base(law)}/index.md",
        {"Contents 目录": f"{base(law)}/{current.id}/index.md"},
        *chapter_entries(current),
    ]
    if old:
        entries += [
            {f"Articles changed in {current.id} 修正涉及的条文": f"{base(law)}/changes.md"},
            {"Old and new numbers 新旧条文对照": f"{base(law)}/renumbering.md"},
        ]
    entries += [
        {"Entire law 全文": f"{base(law)}/{current.id}/full-text.md"},
        {"Glossary 术语表": f"{base(law)}/glossary.md"},
    ]
    if old:
        entries.append(
            {
                f"{old.id} text (no longer in force) {old.id}年文本": [
                    f"{base(law)}/{old.id}/index.md",
                    *chapter_entries(old),
                    {f"Entire {old.id} law {old.id}年全文": f"{base(law)}/{old.id}/full-text.md"},
                ]
            }
        )
    return entries


def html_title(title: str, url: str, laws: dict[str, Law]) -> str:
    """The window title of a page of a law: the three laws share article, chapter and page
    names (第一条 Article 1, Glossary 术语表), and a superseded text shares its chapters with
    the text in force, so the title names the law and, for a superseded text, its year."""
    parts = url.split("/")
    law = laws.get(parts[1]) if len(parts) > 2 and parts[0] == "law" else None
    if law is None:
        return title
    version = parts[2] if len(parts) > 3 and parts[2] in law.versions else ""
    if version and version != law.current.id and version not in title:
        title = f"{title} ({version})"
    if law.short_title.zh not in title:
        title = f"{title} · {law.short_title.en} {law.short_title.zh}"
    return title


# --- page builders -------------------------------------------------------------------------


def _currency_banner(
    law: Law, version: LawVersion, current: str = "", searched: bool = True
) -> str:
    """Which text this is and whether it is in force; `current` links the provisions in force
    that replaced the article shown (superseded texts only). On article pages the banner is
    left out of the search index (`searched`): the result's title already says 2016."""
    if version.in_force_until:
        zh = f"本文本已失效：{version.in_force_from}至{version.in_force_until}施行。"
        en = f"No longer in force: this text applied from {version.in_force_from} to {version.in_force_until}."
        if current:
            zh += f"现行条文：{current}。"
            en += f" In force now: {current}."
        kind = "law-banner law-banner--historic"
    else:
        made_zh = f"{version.amended}修正" if version.amended else f"{version.adopted}通过"
        made_en = (
            f"as amended on {version.amended}"
            if version.amended
            else f"adopted on {version.adopted}"
        )
        zh = (
            f"现行文本：{made_zh}，自{version.in_force_from}起施行。中文为正式文本，英文为本版译文，仅供参考。"
            f"文本于{law.checked_against_source}与官方文本核对。"
        )
        en = (
            f"Current text {made_en}, in force from {version.in_force_from}. "
            f"The Chinese text is authoritative; the English translation is unofficial. "
            f"Last checked against the official text on {law.checked_against_source}."
        )
        kind = "law-banner law-banner--current"
    exclude = "" if searched else " data-search-exclude"
    return f'<div class="{kind}" role="note"{exclude}><p lang="zh-Hans">{zh}</p><p lang="en">{en}</p></div>'


def _landing(edition: Edition) -> GeneratedPage:
    law = edition.law
    src = f"{base(law)}/index.md"
    current, old = law.current, law.previous
    rows = "\n".join(
        f"| [{chapter_title(current, c.number)}]({current.id}/chapter-{c.number}/index.md) | {c.first}–{c.last} |"
        for c in current.chapters
    )
    links = []
    if old:
        links += [
            f"- [Articles changed in {current.id} · {current.id}年修正涉及的条文](changes.md)",
            "- [Old and new article numbers · 新旧条文序号对照](renumbering.md)",
        ]
    links += [
        f"- [The entire law on one page · 全文]({current.id}/full-text.md)",
        "- [Glossary · 术语表](glossary.md)",
    ]
    if old:
        links.append(
            f"- [The {old.id} text (no longer in force) · {old.id}年文本（已失效）]({old.id}/index.md)"
        )
    texts = (current, old) if old else (current,)
    links.append(
        "- Open data: " + " · ".join(f"[{v.id} text as JSON]({law.id}-{v.id}.json)" for v in texts)
    )
    content = "\n".join(
        [
            # the space keeps the two titles apart in the window title, which drops the <br>
            f'# {law.title.zh} <br><span lang="en">{law.title.en}</span>',
            "",
            _currency_banner(law, current),
            "",
            f'<p class="law-header-note" lang="zh-Hans">{escape(current.header_note.zh)}</p>',
            f'<p class="law-header-note" lang="en">{escape(current.header_note.en)}</p>',
            "",
            "| Chapter 章 | Articles 条 |",
            "|---|---|",
            rows,
            "",
            *links,
            "",
        ]
    )
    return GeneratedPage(src, law.title.en, content)


def laws_page(editions: list[Edition]) -> GeneratedPage:
    """The edition's list of laws: status, dates and what is authoritative."""
    rows = []
    for edition in editions:
        law, current, old = edition.law, edition.law.current, edition.law.previous
        made = f"amended {current.amended}" if current.amended else f"adopted {current.adopted}"
        texts = f"[{current.id}]({law.id}/{current.id}/index.md)"
        if old:
            texts += f" · [{old.id}]({law.id}/{old.id}/index.md) (no longer in force 已失效)"
        rows.append(
            f"| [{law.title.zh}<br>{law.title.en}]({law.id}/index.md) | {made}; in force from "
            f"{current.in_force_from} | {len(current.articles)} | {texts} | {law.checked_against_source} |"
        )
    content = "\n".join(
        [
            "# The laws in this edition · 本版收录的法律",
            "",
            "In every law the Chinese text is authoritative: it is the official text, checked "
            "character for character whenever the site is built. The English is this edition's own "
            "translation and is not official. 各法律均以中文文本为准（每次构建时逐字核对官方文本）；"
            "英文为本版译文，非官方文本。",
            "",
            "| Law 法律 | Status 状态 | Articles 条数 | Texts 文本 | Checked against the official text 核对日期 |",
            "|---|---|---|---|---|",
            *rows,
            "",
        ]
    )
    return GeneratedPage("law/index.md", "The laws in this edition", content)


def _version_index(law: Law, law_version: LawVersion) -> GeneratedPage:
    src = f"{base(law)}/{law_version.id}/index.md"
    lines = [
        f'# {law.title.zh}（{law_version.label.zh}）<br><span lang="en">{law.title.en} ({law_version.label.en})</span>',
        "",
        _currency_banner(law, law_version),
        "",
    ]
    for chapter in law_version.chapters:
        lines.append(
            f"- [{chapter_title(law_version, chapter.number)}](chapter-{chapter.number}/index.md) (Arts. {chapter.first}–{chapter.last})"
        )
    lines.append(f"- [The entire {law_version.id} text on one page · 全文](full-text.md)")
    return GeneratedPage(src, f"{law.title.en} ({law_version.label.en})", "\n".join(lines) + "\n")


def _chapter(law: Law, law_version: LawVersion, number: int, referred: Referrals) -> GeneratedPage:
    chapter = law_version.chapters[number - 1]
    src = chapter_src(law, law_version.id, number)
    heading = chapter_title(law_version, number)
    if law_version.in_force_until:  # a superseded text's chapter says which, as its articles do
        heading += f" ({law_version.id})"
    lines = [f"# {heading}", ""]
    sources = {
        (other.id, n): other
        for a in range(chapter.first, chapter.last + 1)
        for other, n in referred.get(a, [])
    }
    if law_version is law.current and sources:
        shown = ", ".join(
            f"[{other.short_title.en} {citations.short_en(n)}]({relative_src(src, citations.article_src(i, other.current.id, n))})"
            for (i, n), other in sorted(sources.items())
        )
        lines += [f"Referred to by 引用本章: {shown}", ""]
    if law_version.in_force_until:
        lines += [_currency_banner(law, law_version), ""]

    def article_line(n: int) -> str:
        article = law_version.article(n)
        first = article.paragraphs[0].text
        return (
            f"- [{article_title(n, law_version)}](../article-{n}.md)<br>"
            f'<span lang="zh-Hans" class="law-snippet">{escape(_snippet(first.zh, 40))}</span><br>'
            f'<span lang="en" class="law-snippet">{escape(_snippet(first.en, 110))}</span>'
        )

    if chapter.sections:
        for section in chapter.sections:
            lines += [
                "",
                f"## 第{to_chinese(section.number)}节 {section.title.zh} · Section {section.number} {section.title.en}",
                "",
            ]
            lines += [article_line(n) for n in range(section.first, section.last + 1)]
    else:
        lines += [article_line(n) for n in range(chapter.first, chapter.last + 1)]
    return GeneratedPage(src, heading, _NOT_SEARCHED + "\n".join(lines) + "\n")


def _snippet(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"


def _linker(law: Law, version: VersionId, from_src: str, article: int):
    def link(target: Target) -> str:
        url = citations.clause_path(law.id, version, target.article, target.paragraph, target.item)
        return relative(from_src, url)

    return link


def _term_marker(edition: Edition, from_src: str, on_page: VersionId | None = None) -> TermMarker:
    """Popovers for the page `from_src`; on the whole-law page of `on_page`, a definition in
    that text links to its clause on the same page."""
    law = edition.law

    def definition(term: GlossaryTerm) -> str | None:
        if term.defined_in is None:
            return None
        where = term.defined_in
        if where.version == on_page:
            return _in_page(Target(where.article, where.paragraph, where.item))
        return relative(
            from_src,
            citations.clause_path(
                law.id, where.version, where.article, where.paragraph, where.item
            ),
        )

    return TermMarker(edition.glossary, relative(from_src, f"{base(law)}/glossary/"), definition)


def _in_page(target: Target) -> str:
    """The anchor of a clause on the whole-law page: #article-61, #a61-p3, #a61-p1-i2."""
    fragment = citations.anchor(target.paragraph, target.item)
    return f"#a{target.article}-{fragment}" if fragment else f"#article-{target.article}"


def law_links(others: tuple[Law, ...], src: str) -> dict[str, str]:
    """The other laws' names as statutes write them (《中华人民共和国个人信息保护法》, "Personal
    Information Protection Law of the People's Republic of China"), to their pages."""
    out = {}
    for law in others:
        href = relative(src, page_url(f"{base(law)}/index.md"))
        out[law.citation_title.zh] = out[law.title.en] = href
    return out


def _article(
    edition: Edition,
    law_version: LawVersion,
    article: Article,
    cited_by: list[CitedBy],
    commentary: Commentary,
    others: tuple[Law, ...],
    referred: Referrals,
) -> GeneratedPage:
    law = edition.law
    src = article_src(law, law_version.id, article.number)
    chapter = law_version.chapters[article.chapter - 1]
    old = f" ({law_version.id})" if law_version.in_force_until else ""
    parts = [
        f'# {citations.heading_zh(article.number)}{old} <span lang="en">Article {article.number}{old}</span>',
        "",
    ]
    crumbs = f'<a href="{relative(src, page_url(chapter_src(law, law_version.id, chapter.number)))}">{escape(chapter_title(law_version, chapter.number))}</a>'
    if article.section:
        section = chapter.sections[article.section - 1]
        crumbs += f" › 第{to_chinese(section.number)}节 {escape(section.title.zh)} · Section {section.number} {escape(section.title.en)}"
    raw = _Fragments()
    # what the index keeps of an article page is its statute text and commentary: navigation,
    # badges, banner, layout buttons, redline and link lists carry data-search-exclude
    head = f'<p class="law-crumbs" data-search-exclude>{crumbs}</p>'
    head += _badges(law, law_version, article, src)
    if law_version.in_force_until:
        successors = ", ".join(
            f'<a href="{relative(src, citations.article_path(law.id, law.current.id, n))}">{law.current.id} Art. {n}</a>'
            for n in article.successors
        )
        head += _currency_banner(law, law_version, successors, searched=False)
    parts.append(raw.raw(head + LAYOUT_SWITCH))
    parts.append(
        raw.raw(
            article_text(
                law,
                article,
                _linker(law, law_version.id, src, article.number),
                _term_marker(edition, src),
                permalink=lambda anchor: f"#{anchor}",
                laws=law_links(others, src),
            )
        )
    )
    current = law_version.id == law.current.id
    if current and law.previous:
        parts.append(raw.raw(_changes_panel(law, article, src)))
    parts.append(_penalties(law.id, law_version.id, article.number))
    parts.append(raw.raw(_other_laws(article, others, src)))
    parts.append(
        raw.raw(_cited_by(law, law_version.id, cited_by, src, referred.get(article.number, [])))
    )
    if current:
        parts.append(render_commentary(commentary, article.number, src))
    return GeneratedPage(
        src,
        article_title(article.number, law_version),
        "\n\n".join(p for p in parts if p) + "\n",
        raw.items,
    )


def _penalties(law: str, version: VersionId, number: int) -> str:
    """Penalty articles: the statutory table (useful before and without the in-page
    calculator), rendered by the calculators package, and the calculator preset to the article."""
    if number not in tabled_articles(law, version):
        return ""
    tables = "\n\n".join(
        f'<div class="calc-table" lang="{tag}" markdown="1">\n\n'
        f"{penalty_table_markdown(version, lang, number, law=law)}\n</div>"
        for lang, tag in (("zh", "zh-Hans"), ("en", "en"))
    )
    # the same table on every penalty page would only crowd search results: not indexed
    heading = "## Penalties and calculator · 罚则与计算器 {#penalties data-search-exclude}"
    widget = mount_html("fine", {"law": law, "version": version, "article": number})
    return f"{heading}\n\n{tables}\n\n{widget}"


def _badges(law: Law, law_version: LawVersion, article: Article, src: str) -> str:
    if law.previous is None:
        return ""
    badges = []
    old_id, new_id = law.previous.id, law.current.id
    if law_version.id == new_id:
        old = [
            f'<a href="{relative(src, citations.article_path(law.id, old_id, n))}">{n}</a>'
            for n in article.predecessors
        ]
        joined = "、".join(old)
        if article.status == "new":
            badges.append('<span class="law-badge law-badge--new">New in 2025 · 2025年新增</span>')
        elif article.status == "amended":
            badges.append(
                f'<span class="law-badge law-badge--amended">Amended 2025 · 2025年修改 — from 2016 Art. {joined}</span>'
            )
        elif article.status == "renumbered":
            badges.append(
                f'<span class="law-badge">Renumbered from 2016 Art. {joined} · 原第{"、".join(to_chinese(n) for n in article.predecessors)}条</span>'
            )
        else:
            badges.append('<span class="law-badge">Unchanged since 2016 · 未修改</span>')
        if len(article.predecessors) > 1:
            badges.append(
                f'<span class="law-badge law-badge--merged">Merges 2016 Arts. {joined} · 由原第{"、".join(to_chinese(n) for n in article.predecessors)}条合并</span>'
            )
    else:
        new = [
            f'<a href="{relative(src, citations.article_path(law.id, new_id, n))}">Art. {n}</a>'
            for n in article.successors
        ]
        badges.append(
            f'<span class="law-badge law-badge--historic">No longer in force · 已失效 — now {new_id} {", ".join(new)}</span>'
        )
    return f'<p class="law-badges" data-search-exclude>{" ".join(badges)}</p>'


def _joined(article: Article, lang: str) -> str:
    lines = []
    for paragraph in article.paragraphs:
        lines.append(getattr(paragraph.text, lang))
        lines += [getattr(i.text, lang) for i in paragraph.items]
    return "\n".join(lines)


def _changes_panel(law: Law, article: Article, src: str) -> str:
    if article.status == "new":
        return (
            '<div class="law-changes" data-search-exclude><p><strong>New in 2025.</strong> This article was added by the amendment '
            'decision of 2025-10-28 and has no 2016 predecessor. <span lang="zh-Hans">本条为2025年修正新增。</span></p></div>'
        )
    if not article.changed_paragraphs and article.status != "amended":
        return ""
    old = law.previous
    assert old is not None  # only amended laws have a changes panel
    # compare with the earlier article whose wording this one continues (71 ← 70, 69 ← 68)
    base_article = next(
        (old.article(n) for n in article.predecessors if _is_base(law, n, article.number)),
        old.article(article.predecessors[0]),
    )
    zh = diff_html(diff(_joined(base_article, "zh"), _joined(article, "zh"), "zh")).replace(
        "\n", "<br>"
    )
    en = diff_html(diff(_joined(base_article, "en"), _joined(article, "en"), "en")).replace(
        "\n", "<br>"
    )
    others = [n for n in article.predecessors if n != base_article.number]
    merged = ""
    if others:
        links = ", ".join(
            f'<a href="{relative(src, citations.article_path(law.id, law.previous.id, n))}">2016 Art. {n}</a>'
            for n in others
        )
        merged = f"<p>Also takes in {links} · 并入原第{'、'.join(to_chinese(n) for n in others)}条的内容.</p>"
    base_link = relative(src, citations.article_path(law.id, law.previous.id, base_article.number))
    return f"""<details class="law-changes" open data-search-exclude>
<summary>What changed in 2025 · 2025年修正的变化 (2016 Art. {base_article.number} → 2025 Art. {article.number})</summary>
<p>Compared with <a href="{base_link}">2016 Art. {base_article.number}</a>: <del>deleted</del> <ins>inserted</ins>.</p>
{merged}
<div class="law-diff"><div class="law-zh" lang="zh-Hans">{zh}</div><div class="law-en" lang="en">{en}</div></div>
</details>"""


def _is_base(law: Law, old_number: int, new_number: int) -> bool:
    """The 2016 article whose wording the 2025 article continues (text_previous or shared text)."""
    old = law.previous.article(old_number) if law.previous else None
    new = law.current.article(new_number)
    return old is not None and new is not None and old.origin.file == new.origin.file


def _other_laws(article: Article, others: tuple[Law, ...], src: str) -> str:
    """The editors' links from this article to provisions of the edition's other laws."""
    by_id = {law.id: law for law in others}
    links = []
    for ref in article.other_laws:
        law = by_id.get(ref.law)
        if law is None:  # a law the site was built without
            continue
        if ref.chapter is not None:
            chapter = law.current.chapters[ref.chapter - 1]
            href = page_url(chapter_src(law, law.current.id, ref.chapter))
            shown = f"{law.short_title.en}, {chapter_title(law.current, ref.chapter)} (Arts. {chapter.first}–{chapter.last})"
        else:
            href = citations.article_path(law.id, law.current.id, ref.article)  # type: ignore[arg-type]
            shown = f"{law.short_title.en} {law.short_title.zh}, {article_title(ref.article)}"  # type: ignore[arg-type]
        links.append(f'<li><a href="{relative(src, href)}">{escape(shown)}</a></li>')
    if not links:
        return ""
    return (
        '<div class="law-cited-by"><h2 id="other-laws" data-search-exclude>In other laws of this edition · 其他法律</h2>'
        f"<ul>{''.join(links)}</ul></div>"
    )


def _cited_by(
    law: Law,
    version: VersionId,
    cited_by: list[CitedBy],
    src: str,
    referred: list[tuple[Law, int]],
) -> str:
    if not cited_by and not referred:
        return ""
    links = []
    for source in sorted(cited_by, key=lambda c: (c.article, c.paragraph, c.item or 0)):
        url = citations.clause_path(law.id, version, source.article, source.paragraph, source.item)
        links.append(
            f'<li><a href="{relative(src, url)}">{citations.short_en(source.article, source.paragraph, source.item)}</a></li>'
        )
    for other, number in referred:
        url = citations.article_path(other.id, other.current.id, number)
        links.append(
            f'<li><a href="{relative(src, url)}">{escape(other.short_title.en)} {citations.short_en(number)}</a></li>'
        )
    return f'<div class="law-cited-by"><h2 id="cited-by" data-search-exclude>Cited by · 被引用</h2><ul>{"".join(links)}</ul></div>'


def _full_text(edition: Edition, law_version: LawVersion, others: tuple[Law, ...]) -> GeneratedPage:
    law = edition.law
    src = f"{base(law)}/{law_version.id}/full-text.md"
    raw = _Fragments()
    parts = [
        f'# {law.title.zh}（{law_version.label.zh}）<br><span lang="en">{law.title.en} ({law_version.label.en})</span>',
        _currency_banner(law, law_version),
        f'<p class="law-header-note" lang="zh-Hans">{escape(law_version.header_note.zh)}</p>',
        f'<p class="law-header-note" lang="en">{escape(law_version.header_note.en)}</p>',
        LAYOUT_SWITCH,
    ]
    # one page, so a reference to another article jumps to it here, term popovers mark each
    # term's first occurrence on the page, and Cite gives the article page's address.
    # Headings: h1 the law, h2 chapters, h3 articles (h3 sections and h4 their articles where a
    # chapter has sections), so that no level is skipped.
    terms = _term_marker(edition, src, on_page=law_version.id)
    for chapter in law_version.chapters:
        parts.append(
            f"## {chapter_title(law_version, chapter.number)} {{#chapter-{chapter.number}}}"
        )
        for article in law_version.articles[chapter.first - 1 : chapter.last]:
            if article.section and article.number == chapter.sections[article.section - 1].first:
                section = chapter.sections[article.section - 1]
                parts.append(
                    f"### 第{to_chinese(section.number)}节 {section.title.zh} · Section {section.number} {section.title.en}"
                )
            page = relative(src, citations.article_path(law.id, law_version.id, article.number))
            level = 4 if article.section else 3
            heading = f'<h{level} id="article-{article.number}"><a href="{page}">{article_title(article.number)}</a></h{level}>'
            text = article_text(
                law,
                article,
                _in_page,
                terms,
                permalink=lambda anchor, page=page: page + (f"#{anchor}" if anchor else ""),
                id_prefix=f"a{article.number}-",
                laws=law_links(others, src),
            )
            parts.append(raw.raw(heading + text))
    return GeneratedPage(
        src,
        f"Entire law ({law_version.id})",
        _NOT_SEARCHED + "\n\n".join(parts) + "\n",
        raw.items,
    )


def _renumbering(law: Law) -> GeneratedPage:
    src = f"{base(law)}/renumbering.md"
    rows = []
    for old in law.previous.articles:
        new_links = ", ".join(f"[Art. {n}](2025/article-{n}.md)" for n in old.successors)
        statuses = ", ".join(sorted({law.current.article(n).status for n in old.successors}))
        rows.append(
            f"| [Art. {old.number} 第{to_chinese(old.number)}条](2016/article-{old.number}.md) | {new_links} | {statuses} |"
        )
    new_rows = [
        f"| — | [Art. {a.number} 第{to_chinese(a.number)}条](2025/article-{a.number}.md) | new |"
        for a in law.current.articles
        if a.status == "new"
    ]
    content = (
        "# Old and new article numbers · 新旧条文序号对照\n\n"
        "The 2025 amendment added four articles and merged three 2016 articles into one, so most "
        "article numbers moved. Every 2016 article keeps its page at its old number, which links "
        "forward to the 2025 article. 2025年修正新增四条、合并三条，多数条文序号随之调整；"
        "原条文页面保留原序号，并链接到修正后的条文。\n\n"
        "| 2016 | 2025 | Status 状态 |\n|---|---|---|\n" + "\n".join(rows + new_rows) + "\n"
    )
    return GeneratedPage(src, "Old and new article numbers", content)


def _changes(law: Law) -> GeneratedPage:
    src = f"{base(law)}/changes.md"
    current = law.current
    groups = {
        "new": ("New articles · 新增条文", []),
        "amended": ("Amended articles · 修改条文", []),
        "renumbered-xref": (
            "Renumbered, with cross-references updated · 仅调整序号及引用条文序号",
            [],
        ),
    }
    renumbered_only = 0
    for article in current.articles:
        link = f"[{article_title(article.number)}](2025/article-{article.number}.md)"
        old = ", ".join(f"[2016 Art. {n}](2016/article-{n}.md)" for n in article.predecessors)
        if article.status == "new":
            groups["new"][1].append(f"- {link}")
        elif article.status == "amended":
            changed = ", ".join(f"¶{p}" for p in article.changed_paragraphs) or "paragraph deleted"
            groups["amended"][1].append(
                f"- {link} — from {old}; changed: {changed}"
                + (f" — {article.note}" if article.note else "")
            )
        elif article.changed_paragraphs:
            groups["renumbered-xref"][1].append(f"- {link} — from {old}")
        elif article.status == "renumbered":
            renumbered_only += 1
    parts = ["# Articles changed in 2025 · 2025年修正涉及的条文", ""]
    parts.append(
        "The decision of 2025-10-28 of the NPC Standing Committee amended the Cybersecurity Law with "
        "effect from 2026-01-01. This list is generated from the edition's amendment data; each "
        "article page shows the 2016 wording beside the 2025 wording with the differences marked."
    )
    parts.append("")
    parts.append(
        '<p lang="zh-Hans">全国人大常委会2025年10月28日作出修改决定，自2026年1月1日起施行。下表根据本版的修正数据生成；各条页面并列显示2016年文本与2025年文本并标出差异。</p>'
    )
    for title, lines in groups.values():
        parts += ["", f"## {title}", "", *lines]
    parts += ["", "## Merged 2016 articles · 被合并的条文", ""]
    for old in law.previous.articles:
        successors = old.successors
        if any(not _is_base(law, old.number, n) for n in successors):
            parts.append(
                f"- [2016 Art. {old.number}](2016/article-{old.number}.md) → "
                + ", ".join(f"[2025 Art. {n}](2025/article-{n}.md)" for n in successors)
            )
    parts += [
        "",
        f"{renumbered_only} further articles were renumbered without any change of wording; see [old and new numbers](renumbering.md). 另有{renumbered_only}条仅调整序号。",
    ]
    return GeneratedPage(src, "Articles changed in 2025", "\n".join(parts) + "\n")


def _glossary(edition: Edition) -> GeneratedPage:
    law = edition.law
    src = f"{base(law)}/glossary.md"
    rows = []
    for term in edition.glossary:
        defined = ""
        if term.defined_in:
            where = term.defined_in
            url = citations.clause_path(
                law.id, where.version, where.article, where.paragraph, where.item
            )
            defined = f'<a href="{relative(src, url)}">{citations.short_en(where.article, where.paragraph, where.item)}</a>'
        rows.append(
            f'<tr id="term-{escape(term.zh)}"><td lang="zh-Hans">{escape(term.zh)}</td><td lang="en">{escape(term.en)}</td>'
            f'<td>{defined}</td><td><span lang="en">{escape(term.note.en)}</span><br><span lang="zh-Hans">{escape(term.note.zh)}</span></td></tr>'
        )
    content = (
        "# Glossary · 术语表\n\n"
        f"{len(edition.glossary)} terms: the terms the law defines and its recurring legal terms, with the "
        "English rendering this edition uses for each wherever it occurs.\n\n"
        '<table class="law-glossary"><thead><tr><th>中文</th><th>English</th><th>Defined in 定义</th><th>Note 说明</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>\n"
    )
    return GeneratedPage(src, "Glossary", content)
