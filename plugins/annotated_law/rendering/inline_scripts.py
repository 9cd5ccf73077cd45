"""No inline script in a built site: what a strict Content-Security-Policy needs.

A policy whose script-src is only 'self' (docs/calculators/hosting.md, "Security headers")
blocks every inline ``<script>`` element, inline event-handler attribute (``onclick=…``) and
``javascript:`` URL. Themes write some inline scripts into every page; after the build, this
moves each executable one into a file named by its content under ``assets/javascripts/`` and
puts ``<script src="…">`` in its place, addressed relative to the page (the site is served
under any sub-path). An external classic script without async or defer runs where the inline
one ran, blocking the parser as it did, so the order and the synchronous effects are kept;
a module script is deferred either way. The same text on many pages is one file, and the same
site gives the same files and pages, byte for byte.

Data blocks (``type="application/json"`` and other non-script types) are never executed and
stay. What cannot be moved (an import map, speculation rules) and any event-handler attribute
or ``javascript:`` URL is reported, not changed. Knows nothing of a law or of MkDocs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

FOLDER = "assets/javascripts"
# comments first, so a script inside one is left alone; a script's text ends at </script
_ELEMENT = re.compile(
    r"<!--.*?-->|<script\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<body>.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTR = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.DOTALL
)
# the JavaScript MIME type essences of the HTML standard, which run as classic scripts
_CLASSIC = {
    "",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
# run by the browser from inline text only: cannot be moved into a file
_INLINE_ONLY = {"importmap", "speculationrules"}
# attributes whose value is a URL a javascript: scheme would run from
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data"}


@dataclass
class Moved:
    """What externalise_site did: the files it wrote and what a strict policy still blocks."""

    files: dict[str, str] = field(default_factory=dict)  # site path -> script text
    pages: int = 0  # pages changed
    scripts: int = 0  # inline scripts replaced
    blocked: list[str] = field(default_factory=list)  # "page: what", left as it was


def _attributes(text: str) -> list[tuple[str, str | None]]:
    found = []
    for match in _ATTR.finditer(text):
        value = next((v for v in match.groups()[1:] if v is not None), None)
        found.append((match[1].lower(), None if value is None else unescape(value)))
    return found


def _kind(attributes: list[tuple[str, str | None]]) -> str:
    """external, classic, module, inline-only or data: what the browser does with the element."""
    values = dict(attributes)
    if "src" in values:
        return "external"
    kind = (values.get("type") or "").strip().lower()
    if kind in _CLASSIC:
        return "classic"
    if kind == "module":
        return "module"
    return "inline-only" if kind in _INLINE_ONLY else "data"


def script_path(text: str, folder: str = FOLDER) -> str:
    """The site path of the file holding a script's text: named by the text's SHA-256."""
    return f"{folder}/inline.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.js"


def relative_root(page: str) -> str:
    """The relative address of the site root from a page at this site path."""
    return "../" * page.count("/")


@dataclass
class Externalised:
    """One page with its inline scripts moved out."""

    html: str
    files: dict[str, str]  # site path -> script text
    scripts: int  # inline scripts replaced
    blocked: list[str]  # inline scripts left because they cannot be moved


def externalise(html: str, base: str, folder: str = FOLDER) -> Externalised:
    """A page's HTML with each executable inline script replaced by ``<script src>`` addressed
    base + its file, base being the address of the site root from that page."""
    files: dict[str, str] = {}
    blocked: list[str] = []
    replaced = 0

    def replace(match: re.Match[str]) -> str:
        if match["attrs"] is None:  # a comment
            return match[0]
        attributes = _attributes(match["attrs"])
        kind = _kind(attributes)
        if kind in ("external", "data"):
            return match[0]
        if kind == "inline-only":
            blocked.append(f"inline <script {match['attrs'].strip()}>")
            return match[0]
        nonlocal replaced
        replaced += 1
        body = match["body"]
        if not body.strip():
            return ""  # an empty inline script does nothing
        path = script_path(body, folder)
        files[path] = body
        # async and defer do nothing to an inline classic script: dropped, they still do nothing
        kept = [
            (name, value)
            for name, value in attributes
            if not (kind == "classic" and name in ("async", "defer"))
        ]
        attrs = "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
            for name, value in kept
        )
        return f'<script src="{escape(base + path, quote=True)}"{attrs}></script>'

    changed = _ELEMENT.sub(replace, html)
    return Externalised(changed, files, replaced, blocked)


class _Handlers(HTMLParser):
    """Collects the inline event-handler attributes and javascript: URLs of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}=…> (inline event handler)")
            elif name in _URL_ATTRS and value:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith("javascript:"):
                    self.found.append(f'<{tag} {name}="{value[:40]}"> (javascript: URL)')


# What a page must contain to have an inline handler or a javascript: URL at all: an attribute
# named on...= , the word javascript: (spaced or not), or a character reference early in an
# attribute value (an encoded scheme). Pages without any are not parsed: parsing all 354 took
# 7 of the build's 17 s. Three searches, each starting at a letter it can skip to, take half
# the time of one search for any of the three. They search the page lowercased, as the parser
# lowercases the names it checks and the handlers check lowercased values: a case-sensitive
# search skips ahead faster, and lowering once and searching take half the time of searching
# case-insensitively (0.1 s rather than 0.2 s for the site). The third and slowest search, which
# starts at every "=", runs only on pages with a character reference of the kind it looks for.
_GAP = r"[\s\x00-\x1f]*"
_HANDLER = re.compile(rf"""on(?<=[\s"'/]on)[a-z]+{_GAP}=""")
_SCHEME = re.compile(rf"j{_GAP}{_GAP.join('avascript:')}")
_REFERENCE = re.compile(r"&(?:#|colon;|tab;|newline;)")
_EARLY_REFERENCE = re.compile(r"""=\s*["']?[^"'>]{0,40}?&(?:#|colon;|tab;|newline;)""")


def _maybe_blocked(html: str) -> bool:
    lowered = html.lower()
    return bool(
        _HANDLER.search(lowered)
        or _SCHEME.search(lowered)
        or (_REFERENCE.search(lowered) and _EARLY_REFERENCE.search(lowered))
    )


def blocked_handlers(html: str) -> list[str]:
    """Inline event-handler attributes and javascript: URLs in a page (a strict policy blocks
    them; they cannot be moved into a file without rewriting the page's code)."""
    if not _maybe_blocked(html):
        return []
    parser = _Handlers()
    parser.feed(html)
    parser.close()
    return parser.found


def externalise_site(
    site: Path,
    folder: str = FOLDER,
    fixed_bases: Mapping[str, str] | None = None,
    edit: Callable[[str], str] | None = None,
) -> Moved:
    """Move the executable inline scripts of every page of a built site into files.

    fixed_bases: pages served at any address (an error page) with the address of the site root
    they already use for their other files; every other page uses its relative one.
    edit: a change to make to each page first, so that a page is read and written once."""
    fixed = dict(fixed_bases or {})
    moved = Moved()
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        base = fixed.get(name, relative_root(name))
        done = externalise(edit(html) if edit else html, base, folder)
        moved.blocked += [f"{name}: {what}" for what in done.blocked + blocked_handlers(done.html)]
        if done.html != html:
            moved.pages += 1
            moved.scripts += done.scripts
            page.write_text(done.html, encoding="utf-8")
        moved.files.update(done.files)
    for path, text in sorted(moved.files.items()):
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return moved
