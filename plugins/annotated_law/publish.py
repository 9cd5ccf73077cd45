"""Publishing a release: ``python -m annotated_law.publish`` (``make publish``).

From a built site (``make site``) it writes one release folder beside it, ``dist/<release>/``:

    <release>.tar.gz, <release>.zip   the release tree below, packed twice
    pdf/<law>-<version>.pdf           each law's whole text, bilingual
    manifest.json, README.md          the manifest and the site owner's README
    SHA256SUMS                        of every other file of the folder (``sha256sum -c``)

Each archive holds one folder, ``<release>/``: ``site/`` (the built site, byte for byte),
``offline/`` (the same site to read from disk, ``file://``: site_output.offline_copy), ``pdf/``,
``official/`` (the official texts the edition is checked against, with their provenance),
``manifest.json``, ``README.md``, ``RELEASE-NOTES.md`` (pointing to the edition's changelog)
and ``SHA256SUMS`` of every other file in it.

Reproducible: an archive is a function of the release tree and SOURCE_DATE_EPOCH alone. Entries
are sorted by path; every mtime is the epoch; owner and group are 0 with no names; modes are
0644 and 0755; the gzip header holds no file name. The epoch is SOURCE_DATE_EPOCH when set,
else the build commit's date, else the edition date (the changelog's newest entry). The PDFs
carry the epoch as their dates.

PDFs: Debian's Chromium prints each whole-law page (``law/<law>/<version>/full-text/``, in the
interleaved layout, with the site's print stylesheet) through Playwright's ``page.pdf``, from the
site served on 127.0.0.1. A request to any other host is refused and fails the run. Chromium
makes the bookmarks (its document outline from the headings: chapters, sections, articles). Its
header and footer templates put the law, its version and status, the edition with its date, and
the page number on every page. Links to an article of the same text become links within the
PDF; other links to the site are unlinked, since they would point at the loopback address.
pypdf then makes three changes. The text layer: Noto Sans CJK draws some ideographs (文, 人,
民 …) with the same glyph as a look-alike Kangxi or supplementary radical (⽂, ⼈, ⺠ …), and
Chromium maps such a glyph to the radical in the font's ToUnicode map. It marks the real
character only in an /ActualText span, which many readers ignore, so copied or searched text
would not be the statute's characters. Each such glyph is remapped to the character its
/ActualText names. The bookmarks: Chromium drops the space where a heading wraps, so each title
is set back to its heading's text. The metadata: the title, and the epoch as the dates.

The build commit is read from ``.git`` by this module; no git command is run. It reads HEAD, the
commit's date, and whether the checked-out files differ from git's index.

Part of the core: no MkDocs import. Playwright and pypdf (the dev extra) are imported only to
print.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .errors import DataError
from .law.loader import law_ids, load_edition
from .law.model import Edition, LawVersion
from .rendering.site_output import ERROR_PAGE, Offline, offline_copy, page_base, sed_command

RELEASE_PREFIX = "csl-annotated-edition"
CHANGELOG_SOURCE = "docs/about/changelog.md"
CHANGELOG_PAGE = "about/changelog/index.html"
HOSTING_PAGE = "calculators/hosting/index.html"
# the copy of the site to read from disk (file://): what its pages cannot use there is left out
# (the calculators' Python needs a web server; calculators.js says so), and the forms' data is
# embedded so the calculator pages show their form with that message
OFFLINE = "offline"
OFFLINE_LEAVE_OUT = (
    "assets/pyodide/*",
    "assets/calculators/*",
    "assets/javascripts/calculators-worker.js",
)
OFFLINE_EMBED = ("assets/calculators/forms.*.json",)
FULL_TEXT = "law/{law}/{version}/full-text/"
# the policy the site is built to run under (docs/calculators/hosting.md gives nginx and Apache)
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)
CHROMIUM = "/usr/bin/chromium"  # Debian's; the CHROMIUM environment variable overrides it
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_executable() -> str:
    """Debian's Chromium, or the one the CHROMIUM environment variable names."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or CHROMIUM


# what the build reads besides git's index: a file here that git does not track is reported
BUILD_INPUTS = (
    "mkdocs.yml",
    "pyproject.toml",
    "package.json",
    "package-lock.json",
    "docs",
    "site_data",
    "plugins",
    "calculators",
)
# Run in the page before printing. A link to an article of this text (../article-61/#p3) becomes
# a link within the PDF (#a61-p3, #article-61); any other link to the site is unlinked, since the
# PDF would otherwise point at the loopback address it was printed from.
LINKS_FOR_PAPER = r"""() => {
  const here = location.pathname;
  const article = new RegExp("^" + here.replace(/full-text\/$/, "") + "article-(\\d+)/$");
  for (const link of document.querySelectorAll("a[href]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.pathname === here && url.origin === location.origin) continue;
    const match = url.origin === location.origin && article.exec(url.pathname);
    const ids = match ? [url.hash && `a${match[1]}-${url.hash.slice(1)}`, `article-${match[1]}`] : [];
    const id = ids.find((candidate) => candidate && document.getElementById(candidate));
    if (id) link.setAttribute("href", "#" + id);
    else link.removeAttribute("href");
  }
}"""
# the text of every heading as laid out (block parts apart), without Material's ¶ permalink
HEADINGS = r"""() => Array.from(
  document.querySelectorAll("article :is(h1, h2, h3, h4, h5, h6)"),
  (h) => h.innerText.replace(/\s*¶\s*$/, ""),
)"""
ZIP_EPOCH = 315532800  # 1980-01-01: a zip entry cannot hold an earlier time


def site_name(project: Path) -> str:
    """mkdocs.yml's site_name (read as text: the core does not load MkDocs' configuration)."""
    config = project / "mkdocs.yml"
    found = re.search(r"^site_name:\s*(.+?)\s*$", config.read_text(encoding="utf-8"), re.M)
    return found.group(1).strip("'\"") if found else "Annotated bilingual edition"


class PublishError(Exception):
    """A release cannot be made; the message says why and what to do."""


# --- what is published ------------------------------------------------------------------------


@dataclass(frozen=True)
class LawText:
    """One version of one law: its whole-text page, official file and PDF."""

    edition: Edition
    version: LawVersion
    official: Path  # site_data/<law>/official/<file>

    @property
    def law(self) -> str:
        return self.edition.law.id

    @property
    def slug(self) -> str:
        return f"{self.law}-{self.version.id}"

    @property
    def page(self) -> str:
        return FULL_TEXT.format(law=self.law, version=self.version.id)

    @property
    def title(self) -> tuple[str, str]:
        law, label = self.edition.law, self.version.label
        return f"{law.title.zh}（{label.zh}）", f"{law.citation_title.en} ({label.en})"

    @property
    def status(self) -> tuple[str, str]:
        """In the site's own words (the banner of each law page)."""
        start, until = self.version.in_force_from, self.version.in_force_until
        if until:
            return (
                f"本文本已失效：{start}至{until}施行",
                f"No longer in force: applied {start} to {until}",
            )
        return f"现行文本，自{start}起施行", f"Current text, in force from {start}"


@dataclass(frozen=True)
class Commit:
    sha: str | None
    time: int | None  # committer time, seconds since the epoch
    state: str  # clean | modified | unknown
    changed: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Pdf:
    text: LawText
    path: Path
    pages: int
    bookmarks: int
    fonts: tuple[str, ...]
    remapped: int  # glyphs whose ToUnicode entry was corrected
    print_seconds: float  # Chromium's load and print, without the corrections


@dataclass
class Release:
    project: Path
    site: Path
    out: Path
    epoch: int
    edition_date: str
    edition_heading: str
    commit: Commit
    texts: list[LawText]
    site_name: str = ""
    pdfs: list[Pdf] = field(default_factory=list)
    chromium: str = ""
    offline: Offline | None = None

    @property
    def name(self) -> str:
        name = f"{RELEASE_PREFIX}-{self.edition_date}"
        if self.commit.sha:
            name += f"-{self.commit.sha[:7]}"
        if self.commit.state == "modified":
            name += "-modified"
        return name

    @property
    def built(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def law_texts(project: Path, site_data: Path) -> list[LawText]:
    texts = []
    for law in law_ids(site_data):
        edition = load_edition(site_data, law)
        raw = yaml.safe_load((site_data / law / "law.yaml").read_text(encoding="utf-8"))
        files = {str(v["id"]): v.get("official_text") for v in raw["versions"]}
        for version in edition.law.versions.values():
            if not files.get(version.id):
                raise PublishError(
                    f"site_data/{law}/law.yaml: version {version.id} names no official_text"
                )
            texts.append(LawText(edition, version, site_data / law / files[version.id]))
    return texts


_CHANGELOG_ENTRY = re.compile(r"^## (\d{4}-\d{2}-\d{2})\b[ —–-]*(.*)$", re.M)


def newest_changelog_entry(project: Path) -> tuple[str, str]:
    """(date, heading) of the changelog's newest entry: the edition date."""
    path = project / CHANGELOG_SOURCE
    entries = _CHANGELOG_ENTRY.findall(path.read_text(encoding="utf-8"))
    if not entries:
        raise PublishError(f"{CHANGELOG_SOURCE}: no entry heading like '## 2026-12-06 — …'")
    return max(entries, key=lambda entry: entry[0])


def source_date_epoch(project: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the build commit's date, else the edition date."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isdigit():
            raise PublishError(f"SOURCE_DATE_EPOCH must be whole seconds, not {given!r}")
        return int(given)
    commit = read_commit(project, compare=False)
    if commit.time is not None:
        return commit.time
    day = dt.date.fromisoformat(newest_changelog_entry(project)[0])
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


# --- the build commit, read from .git -------------------------------------------------------


def _git_dirs(project: Path) -> tuple[Path, Path] | None:
    """(this work tree's git folder, the repository's common folder), or None."""
    dot = project / ".git"
    if dot.is_file():  # a linked work tree: "gitdir: <path>"
        text = dot.read_text(encoding="utf-8").strip()
        if not text.startswith("gitdir:"):
            return None
        git = (project / text[len("gitdir:") :].strip()).resolve()
    elif dot.is_dir():
        git = dot
    else:
        return None
    common = git
    if (git / "commondir").is_file():
        common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
    return git, common


def _resolve_ref(git: Path, common: Path, ref: str) -> str | None:
    for _ in range(10):  # a symbolic ref may name another
        if not ref.startswith("ref: "):
            return ref if re.fullmatch(r"[0-9a-f]{40}", ref) else None
        name = ref[len("ref: ") :].strip()
        for folder in (git, common):
            if (folder / name).is_file():
                ref = (folder / name).read_text(encoding="utf-8").strip()
                break
        else:
            packed = common / "packed-refs"
            lines = packed.read_text(encoding="utf-8").splitlines() if packed.is_file() else []
            found = [line.split(" ")[0] for line in lines if line.endswith(f" {name}")]
            return found[0] if found else None
    return None


_PACKED_KINDS = {1: "commit", 2: "tree", 3: "blob", 4: "tag"}


def _pack_offset(index: bytes, sha: bytes) -> int | None:
    """The object's offset in the pack, from a version 2 pack index."""
    if index[:4] != b"\377tOc" or int.from_bytes(index[4:8]) != 2:
        return None
    fanout = 8
    count = int.from_bytes(index[fanout + 4 * 255 : fanout + 1024])
    low = int.from_bytes(index[fanout + 4 * (sha[0] - 1) : fanout + 4 * sha[0]]) if sha[0] else 0
    high = int.from_bytes(index[fanout + 4 * sha[0] : fanout + 4 * sha[0] + 4])
    names = fanout + 1024
    while low < high:
        middle = (low + high) // 2
        name = index[names + 20 * middle : names + 20 * middle + 20]
        if name == sha:
            offsets = names + 24 * count  # after the names and their CRCs
            offset = int.from_bytes(index[offsets + 4 * middle : offsets + 4 * middle + 4])
            if offset & 0x80000000:  # in the table of large offsets
                large = offsets + 4 * count + 8 * (offset & 0x7FFFFFFF)
                offset = int.from_bytes(index[large : large + 8])
            return offset
        low, high = (middle + 1, high) if name < sha else (low, middle)
    return None


def _read_object(common: Path, sha: str) -> tuple[str, bytes] | None:
    """A loose or packed object that is not stored as a delta (commits rarely are)."""
    loose = common / "objects" / sha[:2] / sha[2:]
    if loose.is_file():
        header, _, body = zlib.decompress(loose.read_bytes()).partition(b"\0")
        return header.split(b" ")[0].decode(), body
    for index in sorted((common / "objects" / "pack").glob("*.idx")):
        offset = _pack_offset(index.read_bytes(), bytes.fromhex(sha))
        if offset is None:
            continue
        with index.with_suffix(".pack").open("rb") as pack:
            pack.seek(offset)
            byte = pack.read(1)[0]
            kind = (byte >> 4) & 7
            while byte & 0x80:
                byte = pack.read(1)[0]
            if kind not in _PACKED_KINDS:
                return None
            inflate = zlib.decompressobj()
            body = b""
            while not inflate.eof and (chunk := pack.read(1 << 16)):
                body += inflate.decompress(chunk)
            return _PACKED_KINDS[kind], body
    return None


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _index_changes(project: Path, git: Path) -> list[str] | None:
    """Paths whose checked-out content differs from git's index (and build inputs it lacks)."""
    path = git / "index"
    data = path.read_bytes() if path.is_file() else b""
    if data[:4] != b"DIRC" or int.from_bytes(data[4:8]) not in (2, 3):
        return None  # no index, or version 4 (path compression): not read here
    changed, tracked, pos = [], set(), 12
    for _ in range(int.from_bytes(data[8:12])):
        mode = int.from_bytes(data[pos + 24 : pos + 28])
        sha = data[pos + 40 : pos + 60].hex()
        flags = int.from_bytes(data[pos + 60 : pos + 62])
        start = pos + 62 + (2 if flags & 0x4000 else 0)  # extended flags (version 3)
        end = data.index(b"\0", start)
        name = data[start:end].decode("utf-8")
        pos += (end - pos + 8) & ~7  # entries are NUL-padded to a multiple of 8 bytes
        tracked.add(name)
        file = project / name
        kind = mode >> 12
        if kind == 0o16:  # a submodule
            continue
        if (flags >> 12) & 3:  # an unresolved merge
            changed.append(name)
        elif kind == 0o12:  # a symbolic link: its target is the blob
            if not file.is_symlink() or _blob_sha(os.readlink(file).encode()) != sha:
                changed.append(name)
        elif not file.is_file() or _blob_sha(file.read_bytes()) != sha:
            changed.append(name)
    for top in BUILD_INPUTS:
        root = project / top
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        for file in candidates:
            rel = file.relative_to(project).as_posix()
            if (
                file.is_file()
                and rel not in tracked
                and "__pycache__" not in file.parts
                and not any(part.endswith(".egg-info") for part in file.parts)
            ):
                changed.append(f"{rel} (not in git)")
    return sorted(changed)


def read_commit(project: Path, compare: bool = True) -> Commit:
    """HEAD's commit, its date and whether the work tree matches git's index."""
    dirs = _git_dirs(project)
    if dirs is None:
        return Commit(None, None, "unknown", note="not a git checkout")
    git, common = dirs
    sha = _resolve_ref(git, common, (git / "HEAD").read_text(encoding="utf-8").strip())
    if sha is None:
        return Commit(None, None, "unknown", note="HEAD names no commit")
    found = _read_object(common, sha)
    when = None
    if found and found[0] == "commit":
        for line in found[1].decode("utf-8", "replace").splitlines():
            if line.startswith("committer "):
                when = int(line.rsplit(" ", 2)[1])
                break
    if not compare:
        return Commit(sha, when, "unknown")
    changes = _index_changes(project, git)
    if changes is None:
        return Commit(sha, when, "unknown", note="git's index could not be read")
    return Commit(sha, when, "modified" if changes else "clean", tuple(changes))


# --- printing -------------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 (a free port); yields the origin."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _check_cjk_font() -> None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return  # no fontconfig tools: Chromium's own fallback decides; the PDF check follows
    found = subprocess.run(
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not found:
        raise PublishError(
            "no Chinese font is installed, so the PDFs would show empty boxes: "
            "apt-get install fonts-noto-cjk (.ci/run installs it)"
        )


def _templates(text: LawText, release: Release) -> tuple[str, str]:
    """Chromium's header and footer: the law, its version and status on two lines at the head of
    every page; the edition with its date and the page number at the foot."""
    font = (
        "box-sizing:border-box;width:100%;padding:0 14mm;font-size:7pt;line-height:1.35;"
        "color:#000;font-family:'Liberation Sans','Noto Sans CJK SC',sans-serif;"
    )
    zh, en = text.title
    status_zh, status_en = text.status
    header = (
        f'<div style="{font}"><div>{html.escape(zh)} · {html.escape(en)}</div>'
        f"<div>{html.escape(status_zh)} · {html.escape(status_en)}</div></div>"
    )
    footer = (
        f'<div style="{font}display:flex;justify-content:space-between;gap:6mm;">'
        f"<span>{html.escape(release.site_name)} · edition of {release.edition_date}"
        f" · 本版日期 {release.edition_date} · built {release.built[:10]}</span>"
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )
    return header, footer


def print_pdfs(release: Release, folder: Path) -> None:
    """Print every law text to folder/<law>-<version>.pdf; fills release.pdfs, .chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PublishError(
            "Playwright prints the PDFs and is not installed: make setup (pip install -e '.[dev]')"
        ) from exc
    chromium = chromium_executable()
    if not Path(chromium).exists():
        raise PublishError("Debian's chromium prints the PDFs: apt-get install chromium")
    _check_cjk_font()
    folder.mkdir(parents=True, exist_ok=True)
    refused: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with serve(release.site) as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            release.chromium = browser.version
            context = browser.new_context(service_workers="block")
            context.route("**/*", guard)
            page = context.new_page()
            for text in release.texts:
                started = time.monotonic()
                response = page.goto(f"{origin}/{text.page}?layout=interleaved", wait_until="load")
                if response is None or response.status != 200:
                    status = response.status if response else "no response"
                    raise PublishError(
                        f"{release.site}/{text.page}: {status}; build the site first"
                    )
                page.wait_for_load_state("networkidle")
                page.evaluate("document.fonts.ready.then(() => true)")
                layout = page.evaluate("document.documentElement.dataset.lawLayout || ''")
                if layout != "interleaved":
                    raise PublishError(f"{text.page}: the bilingual layout was not applied")
                page.evaluate(LINKS_FOR_PAPER)
                headings = page.evaluate(HEADINGS)
                zh, en = text.title
                title = f"{zh} · {en} — {release.site_name}, {release.edition_date}"
                page.evaluate("title => { document.title = title; }", title)
                header, footer = _templates(text, release)
                data = page.pdf(
                    format="A4",
                    margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                    display_header_footer=True,
                    header_template=header,
                    footer_template=footer,
                    outline=True,
                    tagged=True,
                )
                target = folder / f"{text.slug}.pdf"
                release.pdfs.append(
                    finish_pdf(
                        data, target, text, title, headings, release, time.monotonic() - started
                    )
                )
            context.close()
        finally:
            browser.close()
    if refused:
        raise PublishError(f"printing asked for {len(refused)} outside address(es): {refused[:5]}")


def finish_pdf(
    data: bytes,
    target: Path,
    text: LawText,
    title: str,
    headings: list[str],
    release: Release,
    seconds: float,
) -> Pdf:
    """Correct the text layer and the bookmarks, set the metadata, check the fonts and links,
    write the PDF."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    remapped = correct_to_unicode(writer)
    correct_outline(writer, headings)
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(release.epoch))
    writer.add_metadata(
        {
            "/Title": title,
            "/Subject": f"{text.title[0]} — official Chinese text with the edition's English translation",
            "/Creator": f"annotated_law.publish, printed by Chromium {release.chromium}",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    reader = PdfReader(target)
    fonts = pdf_fonts(reader)
    missing = sorted(name for name, embedded in fonts.items() if not embedded)
    if missing:
        raise PublishError(f"{target.name}: fonts not embedded: {', '.join(missing)}")
    addresses = pdf_uris(reader)
    if addresses:
        raise PublishError(f"{target.name} links outside itself: {addresses[:5]}")
    return Pdf(
        text,
        target,
        len(reader.pages),
        _count_bookmarks(reader.outline),
        tuple(sorted(fonts)),
        remapped,
        seconds,
    )


def correct_outline(writer: Any, headings: list[str]) -> int:
    """Chromium's bookmark titles lose the space where a heading wraps ("Emergency Response"
    printed over two lines becomes "EmergencyResponse"), and Chromium 156 puts the first line in
    front of the whole title once more. Each bookmark whose title is a heading of the page but
    for white space, after such a repeated first line, gets the heading's own text; returns how
    many."""
    from pypdf.generic import NameObject, TextStringObject

    proper = {re.sub(r"\s+", "", heading): " ".join(heading.split()) for heading in headings}
    changed = 0
    outlines = writer.root_object.get("/Outlines")
    pending = [outlines.get_object().get("/First")] if outlines is not None else []
    while pending:
        ref = pending.pop()
        if ref is None:
            continue
        item = ref.get_object()
        title = str(item.get("/Title", ""))
        better = _heading_of(re.sub(r"\s+", "", title), proper)
        if better and better != title:
            item[NameObject("/Title")] = TextStringObject(better)
            changed += 1
        pending += [item.get("/Next"), item.get("/First")]
    return changed


def _heading_of(title: str, proper: dict[str, str]) -> str | None:
    """The heading a bookmark title (white space removed) stands for: the same text, or the
    text after a repeat of its own beginning."""
    if title in proper:
        return proper[title]
    for cut in range(1, len(title) // 2 + 1):
        rest = title[cut:]
        if rest in proper and rest.startswith(title[:cut]):
            return proper[rest]
    return None


def pdf_uris(reader: Any) -> list[str]:
    """The address of every link annotation that leaves the PDF."""
    found = []
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            action = action.get_object() if action is not None else {}
            if "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def _count_bookmarks(outline: list[Any]) -> int:
    return sum(_count_bookmarks(entry) if isinstance(entry, list) else 1 for entry in outline)


def pdf_fonts(reader: Any) -> dict[str, bool]:
    """Every font the pages use, by name (subset tag removed), and whether it is embedded:
    a font program (FontFile, FontFile2, FontFile3) or, for Type 3, its glyph procedures."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            subtype = font.get("/Subtype")
            descriptor = font.get("/FontDescriptor")
            if subtype == "/Type0":
                descendant = font["/DescendantFonts"][0].get_object()
                descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            name = str(descriptor.get("/FontName") or font.get("/BaseFont") or "?").lstrip("/")
            name = re.sub(r"^[A-Z]{6}\+", "", name)
            if subtype == "/Type3":
                embedded = "/CharProcs" in font
            else:
                embedded = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
            fonts[name] = fonts.get(name, True) and embedded
    return fonts


# --- the ToUnicode correction ---------------------------------------------------------------

_CMAP_BLOCK = re.compile(r"\d+\s+begin(bfchar|bfrange)(.*?)end\1", re.S)
_CMAP_CHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_CMAP_RANGE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
_CODESPACE = re.compile(r"begincodespacerange\s*<([0-9A-Fa-f]+)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", "replace")


def parse_cmap(text: str) -> tuple[int, dict[bytes, str]] | None:
    """(code width in bytes, code -> text) of a ToUnicode CMap; None if it has no mappings."""
    blocks = list(_CMAP_BLOCK.finditer(text))
    codespace = _CODESPACE.search(text)
    if not blocks or not codespace:
        return None
    mapping: dict[bytes, str] = {}
    for block in blocks:
        if block.group(1) == "bfchar":
            for code, target in _CMAP_CHAR.findall(block.group(2)):
                mapping[bytes.fromhex(code)] = _utf16(target)
            continue
        for low, high, target in _CMAP_RANGE.findall(block.group(2)):
            width, first, last = len(low) // 2, int(low, 16), int(high, 16)
            if target.startswith("["):
                for i, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", target)):
                    mapping[(first + i).to_bytes(width)] = _utf16(item)
                continue
            base = bytes.fromhex(target[1:-1])
            for i in range(last - first + 1):
                value = (int.from_bytes(base) + i).to_bytes(len(base))
                mapping[(first + i).to_bytes(width)] = value.decode("utf-16-be", "replace")
    return len(codespace.group(1)) // 2, mapping


def render_cmap(text: str, mapping: dict[bytes, str]) -> str:
    """The CMap with its mappings replaced by bfchar blocks (its head and tail kept)."""
    blocks = list(_CMAP_BLOCK.finditer(text))
    body = []
    codes = sorted(mapping)
    for start in range(0, len(codes), 100):  # a block holds at most 100 entries
        chunk = codes[start : start + 100]
        lines = [
            f"<{c.hex().upper()}> <{mapping[c].encode('utf-16-be').hex().upper()}>" for c in chunk
        ]
        body.append(f"{len(chunk)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar\n")
    return text[: blocks[0].start()] + "".join(body) + text[blocks[-1].end() :].lstrip("\n")


def _string_bytes(value: Any) -> bytes:
    original = getattr(value, "original_bytes", None)
    if original is not None:
        return bytes(original)
    return bytes(value) if isinstance(value, bytes) else str(value).encode("latin-1", "replace")


def actual_texts(writer: Any) -> dict[int, dict[bytes, set[str]]]:
    """font object number -> code -> the texts its /ActualText spans give, for spans that draw
    exactly one code of one font."""
    from pypdf.generic import ArrayObject, DictionaryObject

    found: dict[int, dict[bytes, set[str]]] = {}
    for page in writer.pages:
        contents = page.get_contents()
        resources = page.get("/Resources")
        fonts = (resources.get_object().get("/Font") or {}) if resources is not None else {}
        if contents is None or not fonts:
            continue
        fonts = fonts.get_object()
        font = None
        stack: list[dict[str, Any] | None] = []
        for operands, operator in contents.operations:
            if operator == b"Tf" and operands:
                ref = fonts.get(operands[0])
                font = getattr(ref, "idnum", None)
            elif operator in (b"BDC", b"BMC"):
                properties = operands[1] if len(operands) > 1 else None
                if isinstance(properties, DictionaryObject) and "/ActualText" in properties:
                    stack.append(
                        {"text": str(properties["/ActualText"]), "codes": b"", "fonts": set()}
                    )
                else:
                    stack.append(None)
            elif operator == b"EMC" and stack:
                span = stack.pop()
                if span and len(span["fonts"]) == 1:
                    (number,) = span["fonts"]
                    found.setdefault(number, {}).setdefault(span["codes"], set()).add(span["text"])
            elif operator in (b"Tj", b"TJ", b"'", b'"') and operands:
                shown = operands[-1]
                parts = shown if isinstance(shown, ArrayObject) else [shown]
                codes = b"".join(_string_bytes(p) for p in parts if not isinstance(p, int | float))
                for span in stack:
                    if span is not None:
                        span["codes"] += codes
                        span["fonts"].add(font)
    return found


def correct_to_unicode(writer: Any) -> int:
    """Remap every glyph whose ToUnicode text differs from the single character that all its
    /ActualText spans name; returns how many entries changed."""
    changed = 0
    for number, codes in actual_texts(writer).items():
        if number is None:
            continue
        font = writer.get_object(number)
        stream = font.get("/ToUnicode")
        if stream is None:
            continue
        stream = stream.get_object()
        text = stream.get_data().decode("latin-1")
        parsed = parse_cmap(text)
        if parsed is None:
            continue
        width, mapping = parsed
        fixes = 0
        for code, texts in codes.items():
            (actual,) = texts if len(texts) == 1 else ("",)
            if len(code) == width and len(actual) == 1 and mapping.get(code) != actual:
                mapping[code] = actual
                fixes += 1
        if fixes:
            stream.set_data(render_cmap(text, mapping).encode("latin-1"))
            changed += fixes
    return changed


# --- the release tree and the archives ------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).parts
    )


def write_sums(folder: Path, names: list[str]) -> Path:
    """SHA256SUMS in the format `sha256sum -c` reads: hash, two spaces, path."""
    lines = [f"{sha256(folder / name)}  {name}\n" for name in names]
    target = folder / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def _entries(tree: Path) -> list[tuple[str, Path]]:
    """(archive path, file or folder) for the tree and everything in it, sorted by path."""
    paths = [tree, *tree.rglob("*")]
    entries = [(p.relative_to(tree.parent).as_posix(), p) for p in paths]
    return sorted(entries, key=lambda entry: entry[0].split("/"))


def write_tar_gz(tree: Path, target: Path, epoch: int) -> None:
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=epoch) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for name, path in _entries(tree):
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.size, info.mode = path.stat().st_size, 0o644
                with path.open("rb") as file:
                    tar.addfile(info, file)


def write_zip(tree: Path, target: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in _entries(tree):
            if path.is_dir():
                info = zipfile.ZipInfo(name + "/", stamp)
                info.external_attr = (0o40755 << 16) | 0x10  # unix mode, MS-DOS directory flag
                info.create_system = 3
                archive.writestr(info, b"")
            else:
                info = zipfile.ZipInfo(name, stamp)
                info.external_attr = 0o100644 << 16
                info.create_system = 3
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED, 9)


def write_archives(tree: Path, folder: Path, epoch: int) -> tuple[Path, Path]:
    """<tree name>.tar.gz and .zip of the tree in folder."""
    tar_gz, zip_file = folder / f"{tree.name}.tar.gz", folder / f"{tree.name}.zip"
    write_tar_gz(tree, tar_gz, epoch)
    write_zip(tree, zip_file, epoch)
    return tar_gz, zip_file


def _pyodide(site: Path) -> dict[str, str]:
    folders = sorted(p for p in (site / "assets" / "pyodide").glob("*") if p.is_dir())
    if len(folders) != 1:
        raise PublishError(
            f"{site}/assets/pyodide/ should hold one Pyodide version, not {len(folders)}"
        )
    lock = json.loads((folders[0] / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheels = sorted(p.name for p in folders[0].glob("*.whl"))
    return {
        "version": folders[0].name,
        "python": lock.get("info", {}).get("python", ""),
        "folder": f"site/assets/pyodide/{folders[0].name}/",
        "calculators_wheel": wheels[0] if wheels else "",
    }


def manifest(release: Release) -> dict[str, Any]:
    pdfs = {pdf.text.slug: pdf for pdf in release.pdfs}
    laws: dict[str, dict[str, Any]] = {}
    for text in release.texts:
        law = text.edition.law
        entry = laws.setdefault(
            law.id,
            {
                "law": law.id,
                "title": {"zh": law.title.zh, "en": law.title.en},
                "last_checked_against_official_text": law.checked_against_source,
                "versions": [],
            },
        )
        version, pdf = text.version, pdfs.get(text.slug)
        official = f"official/{law.id}/{text.official.name}"
        entry["versions"].append(
            {
                "version": version.id,
                "label": {"zh": version.label.zh, "en": version.label.en},
                "adopted": version.adopted,
                "amended": version.amended,
                "in_force_from": version.in_force_from,
                "in_force_until": version.in_force_until,
                "articles": len(version.articles),
                "official_text": {
                    "file": official,
                    "source": text.official.relative_to(release.project).as_posix(),
                    "sha256": sha256(text.official),
                    "bytes": text.official.stat().st_size,
                },
                "full_text_page": f"site/{text.page}index.html",
                "pdf": {
                    "file": f"pdf/{pdf.path.name}",
                    "sha256": sha256(pdf.path),
                    "pages": pdf.pages,
                    "bookmarks": pdf.bookmarks,
                    "fonts": list(pdf.fonts),
                }
                if pdf
                else None,
            }
        )
    site_files = _files(release.site)
    commit = release.commit
    return {
        "release": release.name,
        "edition": {
            "title": release.site_name,
            "date": release.edition_date,
            "changelog_entry": release.edition_heading,
            "changelog": f"site/{CHANGELOG_PAGE}",
            "changelog_source": CHANGELOG_SOURCE,
        },
        "build": {
            "commit": commit.sha,
            "work_tree": commit.state,
            "work_tree_compared_with": "git's index",
            "work_tree_changes": list(commit.changed[:200]),
            "work_tree_changes_count": len(commit.changed),
            "note": commit.note,
            "source_date_epoch": release.epoch,
            "date": release.built,
        },
        "pyodide": _pyodide(release.site),
        "pdf": {"printed_by": f"Chromium {release.chromium}" if release.chromium else None},
        "laws": list(laws.values()),
        "site": {
            "folder": "site/",
            "files": len(site_files),
            "bytes": sum(p.stat().st_size for p in site_files),
        },
        "offline": {
            "folder": f"{OFFLINE}/",
            "open": f"{OFFLINE}/index.html",
            "files": release.offline.files,
            "bytes": release.offline.bytes,
        }
        if release.offline
        else None,
    }


def owner_readme(release: Release, data: dict[str, Any]) -> str:
    pyodide = data["pyodide"]["version"]
    pdf_lines = "\n".join(
        f"  - `pdf/{pdf.path.name}`: {pdf.text.title[0]} · {pdf.text.title[1]}, {pdf.pages} pages"
        for pdf in release.pdfs
    )
    hosting = (
        f"The page *Hosting the calculators* (`site/{HOSTING_PAGE}`) gives the details: every\n"
        "file the calculators load, how to check a host, and what each error means.\n"
        if (release.site / HOSTING_PAGE).is_file()
        else ""
    )
    error_page = ""
    if (release.site / ERROR_PAGE).is_file():
        base = page_base((release.site / ERROR_PAGE).read_text(encoding="utf-8"))
        other = "/wiki/csl/" if base != "/wiki/csl/" else "/csl/"
        command = sed_command(base, other, f"site/{ERROR_PAGE}").replace(" -e ", " \\\n      -e ")
        where = "the web root, `/`" if base == "/" else f"the sub-path `{base}`"
        error_page = f"""The 404 page is shown at whatever address was missing, so its links start from the host's
root; this build's 404 page is for {where}. For a sub-path, rewrite its
addresses once before uploading (here for `{other}`; GNU or BSD `sed`, as on Linux and macOS):

    {command}
"""
    return f"""# {release.name}

{release.site_name}, edition of {release.edition_date}, built {release.built[:10]}
(commit {release.commit.sha or "unknown"}; work tree {release.commit.state}).
What changed: `RELEASE-NOTES.md` and the edition's changelog, `site/{CHANGELOG_PAGE}`.

This README is in the release folder beside the archives and in the archives themselves.

## What the archive holds

- `site/`: the site. It is static files only, every link is relative, and no request leaves
  the host.
- `{OFFLINE}/`: the same site to read from disk, without a web server: open
  `{OFFLINE}/index.html`. Links, layouts, Cite, cross-references and search work there; the
  calculators do not (their Python needs a web server: serve `site/`, even on this computer with
  `python3 -m http.server 8000` in it, and open `http://localhost:8000/`). Upload `site/`, not
  this folder.
- `pdf/`: the whole text of each law, Chinese and English, with bookmarks per chapter. The site
  does not link these files; put them beside it if readers should have them.
{pdf_lines}
- `official/`: the official Chinese texts the edition is checked against, with their provenance.
- `manifest.json`: each law's versions with the sha256 of its official text and the date it was
  last checked against it; the build commit and date; the Pyodide version ({pyodide}).
- `SHA256SUMS`: the sha256 of every other file of the archive.

## Upload

Copy the **contents** of `site/` to the web root or to any sub-path (for example `/wiki/csl/`).
There is no base URL to set for the pages. Upload every file unchanged, in binary mode: `.wasm`,
`.whl`, `.zip` and `.snapshot.gz` must not be re-encoded, re-compressed or minified. To have the
server answer unknown addresses with the edition's own 404 page, point its error page at
`404.html` under the sub-path:

    nginx:   error_page 404 /wiki/csl/404.html;
    Apache:  ErrorDocument 404 /wiki/csl/404.html

{error_page}
## MIME types

| files | type |
|---|---|
| `.html` | `text/html; charset=utf-8` |
| `.css` | `text/css` |
| `.js` | `text/javascript` (or `application/javascript`). This one is required: browsers refuse a script or module of another type. |
| `.json` | `application/json` |
| `.wasm` | `application/wasm` (another type works, a little slower) |
| `.whl`, `.zip`, `.gz`, `.png` | any binary type; never add `Content-Encoding: gzip` to the `.gz` file |

The stock configurations of nginx, Apache httpd and `python -m http.server` already serve these.
The site ships no `.mjs` file.

## Headers

The site loads nothing from another host, so a strict policy fits; this is the one the
edition is meant for. Its `'wasm-unsafe-eval'` is what lets the calculators compile their
WebAssembly: without it the calculators cannot run, while the penalty tables on the article
pages, which are plain HTML, still serve.

    Content-Security-Policy: {CSP}
    X-Content-Type-Options: nosniff

{hosting}
## Verify

Beside the archives, `SHA256SUMS` covers the `.tar.gz`, the `.zip`, `README.md`, `manifest.json`
and the PDFs. In the download folder, run:

    sha256sum -c SHA256SUMS            (macOS: shasum -a 256 -c SHA256SUMS)

After unpacking, the archive's own `SHA256SUMS` covers every file of the release, `site/`
included. This prints nothing when every file matches (`--quiet` lists only failures):

    cd {release.name} && sha256sum -c --quiet SHA256SUMS

On Windows, compare `Get-FileHash -Algorithm SHA256 <file>` with the line for that file. To
check the statute texts: `official_text.sha256` in `manifest.json` is the sha256 of
`official/<law>/<file>` and of `site_data/<law>/official/<file>` in the project at the build
commit. The build refuses any Chinese text in the edition that differs from that file.
"""


def release_notes(release: Release) -> str:
    return f"""# Release notes · {release.name}

Edition of {release.edition_date}: {release.edition_heading}

The edition's changelog is the record of every change, newest first: the statute text, the
translation, the commentary and guides, and the calculators' rules. It is the page
`site/{CHANGELOG_PAGE}` of this release (the project's `{CHANGELOG_SOURCE}`). Once the site is
uploaded, it is at `about/changelog/` under the site's address.
"""


def publish(project: Path, site: Path, out: Path, site_data: Path) -> Release:
    if not (site / "index.html").is_file() or not (site / CHANGELOG_PAGE).is_file():
        raise PublishError(f"{site} is not a built site (run make site first)")
    edition_date, heading = newest_changelog_entry(project)
    release = Release(
        project=project,
        site=site,
        out=out,
        epoch=source_date_epoch(project),
        edition_date=edition_date,
        edition_heading=heading,
        commit=read_commit(project),
        texts=law_texts(project, site_data),
        site_name=site_name(project),
    )
    partial = out / f"{release.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    tree = partial / ".tree" / release.name
    tree.mkdir(parents=True)
    print_pdfs(release, tree / "pdf")
    shutil.copytree(site, tree / "site")
    release.offline = offline_copy(
        site, tree / OFFLINE, leave_out=OFFLINE_LEAVE_OUT, embed=OFFLINE_EMBED
    )
    for text in release.texts:  # each law's official folder, provenance included
        source = text.official.parent
        if not (tree / "official" / text.law).exists():
            shutil.copytree(source, tree / "official" / text.law)
    related = site_data / "related"
    if related.is_dir():
        shutil.copytree(related, tree / "official" / "related")
    data = manifest(release)
    text_files = {
        "manifest.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "README.md": owner_readme(release, data),
        "RELEASE-NOTES.md": release_notes(release),
    }
    for name, content in text_files.items():
        (tree / name).write_text(content, encoding="utf-8", newline="\n")
    write_sums(tree, [p.relative_to(tree).as_posix() for p in _files(tree)])
    tar_gz, zip_file = write_archives(tree, partial, release.epoch)
    shutil.copytree(tree / "pdf", partial / "pdf")
    for name in ("manifest.json", "README.md"):
        shutil.copy2(tree / name, partial / name)
    shutil.rmtree(partial / ".tree")
    pdfs = [f"pdf/{pdf.path.name}" for pdf in release.pdfs]
    write_sums(partial, [tar_gz.name, zip_file.name, "README.md", "manifest.json", *pdfs])
    final = out / release.name
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    release.pdfs = [replace(p, path=final / "pdf" / p.path.name) for p in release.pdfs]
    return release


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m annotated_law.publish", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--project", type=Path, default=Path("."), help="the checkout (default: .)")
    parser.add_argument("--site", type=Path, help="the built site (default: <project>/site)")
    parser.add_argument(
        "--out", type=Path, help="where the release folder goes (default: <project>/dist)"
    )
    parser.add_argument(
        "--print-source-date-epoch",
        action="store_true",
        help="print the epoch a release would use (SOURCE_DATE_EPOCH, else the commit's date) and stop",
    )
    args = parser.parse_args(argv)
    project = args.project.resolve()
    try:
        if args.print_source_date_epoch:
            print(source_date_epoch(project))
            return 0
        started = time.monotonic()
        release = publish(
            project,
            (args.site or project / "site").resolve(),
            (args.out or project / "dist").resolve(),
            project / "site_data",
        )
    except DataError as exc:
        print(f"site_data has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except PublishError as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 1
    folder = release.out / release.name
    print(f"Release {release.name} in {folder} ({time.monotonic() - started:.0f} s)")
    for suffix in (".tar.gz", ".zip"):
        archive = folder / f"{release.name}{suffix}"
        print(f"  {archive.name}: {_size(archive)}")
    for pdf in release.pdfs:
        print(
            f"  pdf/{pdf.path.name}: {_size(pdf.path)}, {pdf.pages} pages, {pdf.bookmarks} bookmarks, "
            f"{pdf.remapped} glyph(s) remapped, {pdf.print_seconds:.1f} s to print"
        )
    if release.offline:
        print(
            f"  {OFFLINE}/ (to read from disk): {release.offline.files} files, "
            f"{release.offline.bytes / 1e6:.1f} MB"
        )
    print(f"  printed by Chromium {release.chromium}; work tree {release.commit.state}")
    print(f"Verify: cd {folder} && sha256sum -c SHA256SUMS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
