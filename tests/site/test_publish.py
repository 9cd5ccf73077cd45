"""make publish (issue 11, items 6 and 7): the PDFs and the versioned archive.

One publish run of the built site (python -m annotated_law.publish, as `make publish` runs it,
with a fixed SOURCE_DATE_EPOCH). Its PDFs are read back with pypdf, which does not use
/ActualText, so their text layer must hold the statute's own characters. The checks: every
article's heading and every Chinese paragraph and item; a bookmark per chapter; the edition and
its date on every page; the fonts embedded; no link out of the PDF. Then the archives: the same
tree in both, the site byte for byte as built, checksums that verify, and a manifest that
matches site_data. Rebuilding the archives from an unpacked copy gives the same bytes. Slow:
Chromium prints four laws (about a minute with the build).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from annotated_law.law.model import Edition
from annotated_law.law.numerals import to_chinese
from annotated_law.publish import (
    LawText,
    correct_outline,
    newest_changelog_entry,
    pdf_fonts,
    pdf_uris,
    write_archives,
)
from pypdf import PdfReader

from tests.conftest import ROOT, SITE_DATA

EPOCH = 1796515200  # 2026-12-06T00:00:00Z
TEXTS = [("csl", "2025"), ("csl", "2016"), ("pipl", "2021"), ("dsl", "2021")]
RADICALS = re.compile("[\u2e80-\u2fdf]")  # CJK Radicals Supplement, Kangxi Radicals


@dataclass(frozen=True)
class Published:
    folder: Path  # dist/<release>/
    name: str
    stdout: str


@pytest.fixture(scope="module")
def published(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Published:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "annotated_law.publish", "--project", str(ROOT),
         "--site", str(built_site), "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=900, check=False,
        env=dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH)),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    assert not list(out.glob("*.partial")), "the scratch folder was left behind"
    return Published(folder, folder.name, done.stdout)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sums(text: str) -> dict[str, str]:
    rows = [line.split("  ", 1) for line in text.splitlines()]
    assert all(len(row) == 2 and re.fullmatch(r"[0-9a-f]{64}", row[0]) for row in rows), text
    return {name: digest for digest, name in rows}


@pytest.fixture(scope="module")
def archive(published: Published) -> dict[str, bytes]:
    """Every file of the .tar.gz, by path."""
    files = {}
    with tarfile.open(published.folder / f"{published.name}.tar.gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                files[member.name] = tar.extractfile(member).read()
    return files


@pytest.fixture(scope="module")
def manifest(published: Published) -> dict:
    return json.loads((published.folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pdf_texts(published: Published) -> dict[str, list[str]]:
    """Each PDF's text, page by page, as pypdf extracts it."""
    return {
        f"{law}-{version}": [
            page.extract_text()
            for page in PdfReader(published.folder / "pdf" / f"{law}-{version}.pdf").pages
        ]
        for law, version in TEXTS
    }


# --- the release folder and the archives ----------------------------------------------------


def test_the_release_folder_holds_the_archives_pdfs_manifest_readme_and_sums(
    published: Published,
) -> None:
    folder, name = published.folder, published.name
    assert re.fullmatch(r"csl-annotated-edition-\d{4}-\d{2}-\d{2}(-[0-9a-f]{7})?(-modified)?", name)
    pdfs = [f"pdf/{law}-{version}.pdf" for law, version in TEXTS]
    listed = _sums((folder / "SHA256SUMS").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(
        [f"{name}.tar.gz", f"{name}.zip", "README.md", "manifest.json", *pdfs]
    )
    for path, digest in listed.items():
        assert _sha256((folder / path).read_bytes()) == digest, path
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted([*listed, "SHA256SUMS"])


def test_tar_and_zip_hold_the_same_tree_with_the_site_byte_for_byte(
    published: Published, archive: dict[str, bytes], built_site: Path
) -> None:
    name = published.name
    with zipfile.ZipFile(published.folder / f"{name}.zip") as zipped:
        zip_files = {i.filename: zipped.read(i) for i in zipped.infolist() if not i.is_dir()}
    assert sorted(zip_files) == sorted(archive)
    assert all(zip_files[path] == data for path, data in archive.items())
    assert all(path.startswith(f"{name}/") for path in archive)
    site = {
        p.relative_to(built_site).as_posix(): p.read_bytes()
        for p in built_site.rglob("*")
        if p.is_file()
    }
    in_archive = {
        path.removeprefix(f"{name}/site/"): data
        for path, data in archive.items()
        if path.startswith(f"{name}/site/")
    }
    assert sorted(in_archive) == sorted(site)
    assert [path for path in site if in_archive[path] != site[path]] == []
    # the PDFs and the top-level files are those of the release folder
    for path in ("README.md", "manifest.json", *(f"pdf/{law}-{v}.pdf" for law, v in TEXTS)):
        assert archive[f"{name}/{path}"] == (published.folder / path).read_bytes(), path


def test_the_archive_sums_cover_every_file_and_verify(
    published: Published, archive: dict[str, bytes]
) -> None:
    prefix = f"{published.name}/"
    listed = _sums(archive[prefix + "SHA256SUMS"].decode("utf-8"))
    assert sorted(prefix + path for path in [*listed, "SHA256SUMS"]) == sorted(archive)
    bad = [path for path, digest in listed.items() if _sha256(archive[prefix + path]) != digest]
    assert bad == []


def test_the_archives_are_reproducible(published: Published, tmp_path: Path) -> None:
    """Sorted entries, the epoch as every time, no owner, fixed modes, no gzip name; and the
    archives of an unpacked copy (new mtimes, this user as owner) are the same bytes."""
    name = published.name
    tar_gz = published.folder / f"{name}.tar.gz"
    header = tar_gz.read_bytes()[:10]
    assert header[3] == 0, "the gzip header holds a file name or other optional field"
    assert int.from_bytes(header[4:8], "little") == EPOCH
    with tarfile.open(tar_gz) as tar:
        members = tar.getmembers()
        tar.extractall(tmp_path / "unpacked", filter="data")
    names = [m.name for m in members]
    assert names == sorted(names, key=lambda n: n.split("/")) and names[0] == name
    for member in members:
        assert (member.mtime, member.uid, member.gid, member.uname, member.gname) == (
            EPOCH, 0, 0, "", ""
        ), member.name  # fmt: skip
        assert member.mode == (0o755 if member.isdir() else 0o644), member.name
        assert member.isdir() or member.isfile(), member.name
    stamp = dt.datetime.fromtimestamp(EPOCH, dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(published.folder / f"{name}.zip") as zipped:
        infos = zipped.infolist()
    assert [i.filename.rstrip("/") for i in infos] == names
    assert {i.date_time for i in infos} == {stamp}
    assert {i.external_attr >> 16 for i in infos} == {0o40755, 0o100644}
    again = tmp_path / "again"
    again.mkdir()
    remade = write_archives(tmp_path / "unpacked" / name, again, EPOCH)
    for path in remade:
        assert path.read_bytes() == (published.folder / path.name).read_bytes(), path.name


def test_the_manifest_names_each_text_its_official_checksum_and_the_build(
    manifest: dict, editions: dict[str, Edition], archive: dict[str, bytes], published: Published
) -> None:
    assert manifest["release"] == published.name
    date, heading = newest_changelog_entry(ROOT)
    assert manifest["edition"]["date"] == date and manifest["edition"]["changelog_entry"] == heading
    build = manifest["build"]
    assert build["source_date_epoch"] == EPOCH and build["date"] == "2026-12-06T00:00:00Z"
    assert build["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", build["commit"])
    assert build["work_tree"] in ("clean", "modified", "unknown")
    assert build["work_tree"] != "modified" or build["work_tree_changes"]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert manifest["pyodide"]["version"] == pinned["pyodide"]
    assert manifest["pdf"]["printed_by"].startswith("Chromium ")
    laws = {entry["law"]: entry for entry in manifest["laws"]}
    assert sorted(laws) == sorted(editions)
    for law, edition in editions.items():
        entry = laws[law]
        assert entry["last_checked_against_official_text"] == edition.law.checked_against_source
        raw = yaml.safe_load((SITE_DATA / law / "law.yaml").read_text(encoding="utf-8"))
        official = {str(v["id"]): v["official_text"] for v in raw["versions"]}
        versions = {v["version"]: v for v in entry["versions"]}
        assert sorted(versions) == sorted(edition.law.versions)
        for version_id, version in edition.law.versions.items():
            got = versions[version_id]
            source = SITE_DATA / law / official[version_id]
            digest = _sha256(source.read_bytes())
            assert got["official_text"]["sha256"] == digest, (law, version_id)
            assert got["official_text"]["source"] == source.relative_to(ROOT).as_posix()
            copy = archive[f"{published.name}/{got['official_text']['file']}"]
            assert _sha256(copy) == digest
            assert got["articles"] == len(version.articles)
            assert (got["in_force_from"], got["in_force_until"]) == (
                version.in_force_from,
                version.in_force_until,
            )
            assert f"{published.name}/{got['full_text_page']}" in archive
            pdf = (published.folder / got["pdf"]["file"]).read_bytes()
            assert got["pdf"]["sha256"] == _sha256(pdf)
    # the official folders travel with their provenance
    assert f"{published.name}/official/csl/PROVENANCE.md" in archive


def test_the_readme_and_release_notes_tell_the_site_owner_what_to_do(
    published: Published, archive: dict[str, bytes]
) -> None:
    prefix = f"{published.name}/"
    notes = archive[prefix + "RELEASE-NOTES.md"].decode("utf-8")
    assert "site/about/changelog/index.html" in notes and "docs/about/changelog.md" in notes
    assert prefix + "site/about/changelog/index.html" in archive
    assert newest_changelog_entry(ROOT)[0] in notes
    readme = (published.folder / "README.md").read_text(encoding="utf-8")
    for needed in (
        "sub-path",
        "/wiki/csl/",
        "application/wasm",
        "text/javascript",
        "Content-Security-Policy: default-src 'self'",
        "'wasm-unsafe-eval'",
        "sha256sum -c SHA256SUMS",
        "manifest.json",
        "error_page 404",
        "ErrorDocument 404",
    ):
        assert needed in readme, needed
    # nothing of the machine that built it: neither the checkout nor the temporary folder
    assert str(ROOT) not in readme and tempfile.gettempdir() not in readme


# --- the PDFs -------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _without_running_heads(pages: list[str], text: LawText, manifest: dict) -> str:
    """The pages' text run together, each page's header and footer checked and taken out."""
    (zh, en), (status_zh, status_en) = text.title, text.status
    date, built = manifest["edition"]["date"], manifest["build"]["date"][:10]
    site_name = manifest["edition"]["title"]
    heads = [_flat(f"{zh} · {en}"), _flat(f"{status_zh} · {status_en}")]
    foot = _flat(f"{site_name} · edition of {date} · 本版日期 {date} · built {built}")
    out = []
    for number, page in enumerate(pages, 1):
        flat = _flat(page)
        for running in [*heads, f"{foot}{number}/{len(pages)}"]:
            assert running in flat, f"page {number}: no {running!r}"
            flat = flat.replace(running, "")
        out.append(flat)
    return "".join(out)


@pytest.mark.parametrize(("law", "version_id"), TEXTS)
def test_each_pdf_holds_every_article_in_the_statute_s_own_characters(
    law: str,
    version_id: str,
    pdf_texts: dict[str, list[str]],
    editions: dict[str, Edition],
    manifest: dict,
) -> None:
    edition = editions[law]
    version = edition.law.versions[version_id]
    pages = pdf_texts[f"{law}-{version_id}"]
    radicals = sorted(set(RADICALS.findall("".join(pages))))
    assert radicals == [], "look-alike radicals in the text layer instead of the ideographs"
    text = _without_running_heads(pages, LawText(edition, version, Path()), manifest)
    missing = []
    for article in version.articles:
        heading = _flat(f"第{to_chinese(article.number)}条Article {article.number}")
        if heading not in text:
            missing.append(f"Art. {article.number}: heading")
        for paragraph in article.paragraphs:
            blocks = [(f"¶{paragraph.number}", paragraph.text)]
            blocks += [(f"¶{paragraph.number}({i.number})", i.text) for i in paragraph.items]
            for where, block in blocks:
                if _flat(block.zh) not in text:
                    missing.append(f"Art. {article.number} {where}: Chinese text")
    assert missing == [], f"{law} {version_id}: {missing[:20]}"


@pytest.mark.parametrize(("law", "version_id"), TEXTS)
def test_each_pdf_has_a_bookmark_per_chapter(
    law: str, version_id: str, published: Published, editions: dict[str, Edition]
) -> None:
    reader = PdfReader(published.folder / "pdf" / f"{law}-{version_id}.pdf")
    version = editions[law].law.versions[version_id]
    # Chromium's outline follows the headings: the law (h1), then chapters, sections, articles
    (top, children) = reader.outline
    chapters = [entry for entry in children if not isinstance(entry, list)]
    assert len(chapters) == len(version.chapters)
    pages = []
    for bookmark, chapter in zip(chapters, version.chapters, strict=True):
        assert chapter.title.zh in bookmark.title and chapter.title.en in bookmark.title
        pages.append(reader.get_destination_page_number(bookmark))
    assert pages == sorted(pages) and pages[0] == 0
    assert version.label.zh in top.title


@pytest.mark.parametrize(("law", "version_id"), TEXTS)
def test_each_pdf_embeds_its_fonts_the_cjk_one_included_and_links_nowhere_outside(
    law: str, version_id: str, published: Published
) -> None:
    reader = PdfReader(published.folder / "pdf" / f"{law}-{version_id}.pdf")
    fonts = pdf_fonts(reader)
    assert [name for name, embedded in fonts.items() if not embedded] == []
    assert any(name.startswith("NotoSansCJK") for name in fonts), fonts
    assert pdf_uris(reader) == []  # no link to the loopback server it was printed from
    info = reader.metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261206000000+00'00'"
    assert reader.trailer["/Root"].get("/MarkInfo", {}).get("/Marked")  # a tagged PDF


def test_the_run_reports_sizes_and_pages(published: Published) -> None:
    out = published.stdout
    assert re.search(r"\.tar\.gz: [\d.]+ MB", out) and re.search(r"\.zip: [\d.]+ MB", out)
    for law, version in TEXTS:
        assert re.search(rf"pdf/{law}-{version}\.pdf: [\d.]+ MB, \d+ pages", out), out


def test_a_wrapped_heading_keeps_its_own_words_as_bookmark() -> None:
    from pypdf import PdfWriter

    heading = (
        "第六章 履行个人信息保护职责的部门 · "
        "Chapter VI Departments Performing Personal Information Protection Duties"
    )
    lost_space = heading.replace("Personal ", "Personal")
    first_line = heading[: heading.index("Information")]
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    # as Chromium writes them: the space at the wrap lost, and (Chromium 156) the first line repeated
    writer.add_outline_item(title=lost_space, page_number=0)
    writer.add_outline_item(title=first_line + lost_space, page_number=0)
    writer.add_outline_item(title="第七章 法律责任 · Chapter VII Legal Liability", page_number=0)
    assert correct_outline(writer, [heading, "第七章 法律责任 · Chapter VII Legal Liability"]) == 2
    buffer = io.BytesIO()
    writer.write(buffer)
    titles = [str(item.title) for item in PdfReader(buffer).outline]
    assert titles == [heading, heading, "第七章 法律责任 · Chapter VII Legal Liability"]
