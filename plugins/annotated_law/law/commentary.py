"""Per-article commentary: Markdown files with front matter (format in docs/about/commentary-format.md).

Links inside commentary use two schemes the build resolves: ``<law>:<version>/<article>``
(``csl:2025/61#p3``, ``pipl:2021/66``) to a clause of a law of the edition (a missing target is
an error naming file and line) and ``calc:fine?…`` to a calculator page with a scenario preset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlunsplit

import yaml

from ..errors import DataError, DataProblem, shown_path
from . import citations
from .links import markdown_href, relative_src
from .model import Law
from .yaml_source import safe_load

_FILE_NAME = re.compile(r"^(\d{3})\.(en|zh)\.md$")
_FIELDS = {"article", "lang", "depth", "reviewed", "sources"}
_LAW_TARGET = r"\]\((?P<law>[a-z]+):(?P<version>\d{4})/(?P<article>\d+)(?:#p(?P<paragraph>\d+)(?:-i(?P<item>\d+))?)?\)"
_CALC_TARGET = r"\]\(calc:(?P<calc>fine|certification)(?P<query>\?[^)\s]*)?\)"
_LAW_LINK, _CALC_LINK = re.compile(_LAW_TARGET), re.compile(_CALC_TARGET)
_TEXT = r"(?<![!\\])\[(?P<text>[^\[\]\\`]*)"
_TEXT_LAW_LINK, _TEXT_CALC_LINK = re.compile(_TEXT + _LAW_TARGET), re.compile(_TEXT + _CALC_TARGET)
_HEADING_ID = re.compile(r"^(#{2,6} .*?)\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
LANGS = {"en": "en", "zh": "zh-Hans"}
DISCLAIMER = {
    "en": "Editors' commentary — not legal advice. The Chinese statutory text above is authoritative.",
    "zh": "编者评注，不构成法律意见。以上中文法律文本为正式文本。",
}
HEADINGS = {"en": "Commentary", "zh": "评注"}


@dataclass(frozen=True)
class CommentaryFile:
    article: int
    lang: str
    depth: str
    reviewed: str  # YYYY-MM-DD: when the commentary was last checked against the statute text
    sources: tuple[str, ...]
    body: str
    file: Path
    body_line: int  # line of the body's first line in the file, for messages
    section_ids: tuple[str, ...]


type Commentary = dict[tuple[int, str], CommentaryFile]


def load_commentary(
    folder: Path, law: Law, root: Path, others: Mapping[str, Law] | None = None
) -> Commentary:
    """Read the commentary on the current text of `law` (links may also reach the `others`);
    raise DataError for any problem, with file and line."""
    problems: list[DataProblem] = []
    out: Commentary = {}
    if not folder.is_dir():
        return out
    laws = {**(others or {}), law.id: law}
    articles = law.current
    for path in sorted(folder.iterdir()):
        shown = shown_path(path, root)
        match = _FILE_NAME.match(path.name)
        if not match:
            problems.append(
                DataProblem(shown, None, "commentary files are named NNN.en.md or NNN.zh.md")
            )
            continue
        parsed = _parse(path, shown, problems)
        if parsed is None:
            continue
        meta, body, body_line = parsed
        number, lang = int(match[1]), match[2]
        unknown = set(meta) - _FIELDS
        if unknown:
            problems.append(
                DataProblem(
                    shown,
                    2,
                    f"unknown field(s) in front matter: {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_FIELDS))})",
                )
            )
        if meta.get("article") != number:
            problems.append(
                DataProblem(
                    shown,
                    2,
                    f"front matter says article {meta.get('article')!r} but the file name says {number}",
                )
            )
        if articles.article(number) is None:
            problems.append(
                DataProblem(
                    shown,
                    2,
                    f"commentary for article {number}, which does not exist in the {articles.id} text (it has {len(articles.articles)} articles)",
                )
            )
            continue
        if meta.get("lang") != lang:
            problems.append(
                DataProblem(
                    shown,
                    2,
                    f"front matter lang {meta.get('lang')!r} does not match the file name ({lang})",
                )
            )
        if meta.get("depth") not in ("full", "summary"):
            problems.append(DataProblem(shown, 2, "depth must be full or summary"))
        sources = meta.get("sources")
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) for s in sources)
        ):
            problems.append(DataProblem(shown, 2, "sources must be a non-empty list of strings"))
            sources = []
        _check_reviewed(meta.get("reviewed"), sources, shown, problems)
        _check_links(body, body_line, shown, law.id, laws, problems)
        out[(number, lang)] = CommentaryFile(
            article=number,
            lang=lang,
            depth=str(meta.get("depth")),
            reviewed=str(meta.get("reviewed", "")),
            sources=tuple(sources),
            body=body,
            file=shown,
            body_line=body_line,
            section_ids=tuple(m[2] for m in _HEADING_ID.finditer(body)),
        )
    if problems:
        raise DataError(problems)
    return out


def _parse(path: Path, shown: Path, problems: list[DataProblem]) -> tuple[dict, str, int] | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or "\n---\n" not in text[4:]:
        problems.append(
            DataProblem(shown, 1, "commentary must start with front matter between --- lines")
        )
        return None
    head, body = text[4:].split("\n---\n", 1)
    try:
        meta = safe_load(head)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 2) if exc.problem_mark else 1
        problems.append(
            DataProblem(shown, line, f"YAML syntax error in front matter: {exc.problem}")
        )
        return None
    if not isinstance(meta, dict):
        problems.append(DataProblem(shown, 2, "front matter must be a mapping"))
        return None
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}
    return meta, body, head.count("\n") + 4  # opening ---, head lines, closing ---


def newest_source_date(sources: tuple[str, ...] | list[str]) -> str | None:
    """The latest date written in the sources list: how current the cited material is."""
    dates = [d for source in sources for d in _DATE.findall(source)]
    return max(dates, default=None)


def _check_reviewed(
    reviewed: object, sources: list[str], shown: Path, problems: list[DataProblem]
) -> None:
    if not isinstance(reviewed, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", reviewed):
        problems.append(DataProblem(shown, 2, "reviewed must be a date, YYYY-MM-DD"))
        return
    newest = newest_source_date(sources)
    if newest and newest > reviewed:
        problems.append(
            DataProblem(
                shown,
                2,
                f"a source is dated {newest}, after the review date {reviewed}: review again and update reviewed",
            )
        )


def _reviewed_note(entry: CommentaryFile, lang: str) -> str:
    """Say what was checked when, and how current the sources are, not more."""
    newest = newest_source_date(entry.sources)
    if lang == "en":
        note = f"Checked against the statute text on {entry.reviewed}."
        if newest:
            note += f" The newest source cited is dated {newest}; later implementing rules and enforcement practice are not reflected."
        return note
    note = f"于{entry.reviewed}对照法律文本核对。"
    if newest:
        note += f"所引资料最新日期为{newest}，其后的配套规定和执法实践未予反映。"
    return note


def _check_links(
    body: str,
    first_line: int,
    shown: Path,
    own: str,
    laws: Mapping[str, Law],
    problems: list[DataProblem],
) -> None:
    for match in _LAW_LINK.finditer(body):
        law_id, version, article = match[1], match[2], int(match[3])
        paragraph, item = match[4], match[5]
        line = first_line + body[: match.start()].count("\n")
        named = f"{version}" if law_id == own else f"{law_id} {version}"
        if law_id not in laws or version not in laws[law_id].versions:
            known = ", ".join(f"{i}:{v}" for i, law in sorted(laws.items()) for v in law.versions)
            problems.append(
                DataProblem(
                    shown,
                    line,
                    f"link to {law_id}:{version}, a text the edition does not hold (it holds {known})",
                )
            )
            continue
        target = laws[law_id].versions[version].article(article)
        if target is None:
            problems.append(
                DataProblem(shown, line, f"link to {named} article {article}, which does not exist")
            )
            continue
        if paragraph:
            para = target.paragraph(int(paragraph))
            if para is None or (item and not 0 < int(item) <= len(para.items)):
                problems.append(
                    DataProblem(
                        shown,
                        line,
                        f"link to {named} Art. {article} #{match[0][match[0].index('#') + 1 : -1]}, which does not exist",
                    )
                )
    schemes = "|".join(["calc", *sorted(laws)])
    for match in re.finditer(rf"\]\(({schemes}):[^)]*\)", body):
        if not (_LAW_LINK.match(match[0]) or _CALC_LINK.match(match[0])):
            line = first_line + body[: match.start()].count("\n")
            problems.append(DataProblem(shown, line, f"malformed link {match[0][2:-1]!r}"))


def render_commentary(commentary: Commentary, article: int, src: str) -> str:
    """The commentary slot of an article page, or nothing if there is no commentary."""
    blocks = []
    for lang in ("en", "zh"):
        entry = commentary.get((article, lang))
        if entry is None:
            continue
        body = _resolve_links(entry.body, src)
        body = _HEADING_ID.sub(lambda m, lang=lang: f"{m[1]}{{#{lang}-{m[2]}}}", body)
        reviewed = _reviewed_note(entry, lang)
        blocks.append(
            f'<div class="commentary" lang="{LANGS[lang]}" markdown="1">\n\n'
            f'<p class="commentary-disclaimer"><strong>{DISCLAIMER[lang]}</strong></p>\n\n'
            f"{body.strip()}\n\n"
            f'<p class="commentary-reviewed">{reviewed}</p>\n\n'
            "</div>"
        )
    if not blocks:
        return ""
    return (
        '<section class="law-commentary" markdown="1">\n\n'
        '<h2 id="commentary">Commentary · 评注</h2>\n\n' + "\n\n".join(blocks) + "\n\n</section>"
    )


def _resolve_links(body: str, src: str) -> str:
    # written as the HTML MkDocs makes of them: Markdown's link parsing rescans the whole
    # paragraph after each link, and was 1.1 of the 2.5 s commentary took to render. _check_links
    # has checked each target; a link whose text holds brackets stays a Markdown link.
    def law_target(match: re.Match[str]) -> tuple[str, str, str]:
        law_id, version, article = match["law"], match["version"], int(match["article"])
        paragraph = int(match["paragraph"]) if match["paragraph"] else None
        item = int(match["item"]) if match["item"] else None
        return (
            citations.article_src(law_id, version, article),
            "",
            citations.anchor(paragraph, item),
        )

    def calc_target(match: re.Match[str]) -> tuple[str, str, str]:
        return f"calculators/{match['calc']}.md", (match["query"] or "?")[1:], ""

    def as_html(target: Callable[[re.Match[str]], tuple[str, str, str]]):
        def link(match: re.Match[str]) -> str:
            href = markdown_href(src, *target(match))
            return f'<a href="{_escape_attribute(href)}">{match["text"]}</a>'

        return link

    def as_markdown(target: Callable[[re.Match[str]], tuple[str, str, str]]):
        def link(match: re.Match[str]) -> str:
            to_src, query, fragment = target(match)
            return f"]({urlunsplit(('', '', relative_src(src, to_src), query, fragment))})"

        return link

    body = _TEXT_LAW_LINK.sub(as_html(law_target), _TEXT_CALC_LINK.sub(as_html(calc_target), body))
    return _CALC_LINK.sub(as_markdown(calc_target), _LAW_LINK.sub(as_markdown(law_target), body))


def _escape_attribute(value: str) -> str:
    """An attribute value escaped as Markdown's serializer escapes it."""
    value = re.sub(r"(?i)&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", "&amp;", value)
    return value.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
