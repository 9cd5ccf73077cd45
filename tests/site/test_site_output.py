"""What the built site publishes (issue 11, "Nothing unused is published"), its error page for a
sub-path, and the copy of the release for reading from disk (plugins/annotated_law/rendering/site_output.py).

The built site ships no source map and no script that no page, script or worker loads: the
search languages are exactly those Material's search worker imports for the index's languages.
The error page's addresses move to any sub-path. The copy for file:// has no link to a page
folder (a browser would list the folder) and no link to a file it lacks, its search index is a
script whose every entry opens a page of the copy, and two copies are the same bytes.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
from annotated_law.publish import OFFLINE_EMBED, OFFLINE_LEAVE_OUT
from annotated_law.rendering.site_output import (
    LUNR,
    OFFLINE_SCRIPT_PATH,
    SEARCH_SCRIPT,
    check_base,
    main,
    offline_address,
    offline_copy,
    page_base,
    prune,
    retarget,
    search_scripts,
    sed_command,
)

from tests.conftest import ROOT

SCRIPT_SRC = re.compile(r'<script\b[^>]*\ssrc="([^"]+)"')
URL_ATTRIBUTE = re.compile(r'\s(?:href|src|action|data-permalink)="([^"]*)"')


def _site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _resolve(page: str, url: str) -> str | None:
    """The site path a relative address on `page` names (None: not a relative address)."""
    url = re.split(r"[?#]", url, maxsplit=1)[0]
    if not url or url.startswith("/") or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
    return "" if path == "." else path


# --- nothing unused ----------------------------------------------------------------------------


def test_no_source_map_ships_and_no_script_names_one(built_site: Path) -> None:
    files = _site_files(built_site)
    assert [path for path in files if path.endswith(".map")] == []
    for path, file in files.items():
        # the Pyodide files are npm's own bytes (test_calculators_build); theirs name no shipped map
        if path.endswith((".js", ".css")) and not path.startswith("assets/pyodide/"):
            assert "sourceMappingURL=" not in file.read_text(encoding="utf-8"), path


def test_every_script_shipped_is_loaded_by_a_page_or_by_another_script(built_site: Path) -> None:
    files = _site_files(built_site)
    scripts = {path for path in files if path.endswith(".js")}
    loaded_by_pages: set[str] = set()
    for path in files:
        if path.endswith(".html"):
            html = files[path].read_text(encoding="utf-8")
            config = re.search(r'id="__config" type="application/json">(.*?)<', html)
            worker = [json.loads(config[1])["search"]] if config else []  # the theme's worker
            for src in SCRIPT_SRC.findall(html) + worker:
                target = _resolve(path, src) or src.lstrip("/")  # the error page's are absolute
                loaded_by_pages.add(target)
    texts = {path: files[path].read_text(encoding="utf-8") for path in scripts}
    languages = json.loads((built_site / "search/search_index.json").read_text("utf-8"))["config"]
    lunr = {f"{LUNR}/{name}" for name in search_scripts(languages["lang"])}
    unloaded = []
    for path in sorted(scripts - loaded_by_pages):
        name = posixpath.basename(path)
        named = any(name in text for other, text in texts.items() if other != path)
        if path.startswith(LUNR + "/"):
            named = path in lunr  # imported by the search worker by a name it puts together
        if not named:
            unloaded.append(path)
    assert unloaded == []
    # exactly the search languages of the index (English and Chinese): no Thai segmenter
    # (wordcut.js, 664 kB), no Japanese one, no other language
    shipped_lunr = {path for path in scripts if path.startswith(LUNR + "/")}
    assert (
        shipped_lunr
        == lunr
        == {
            f"{LUNR}/min/lunr.stemmer.support.min.js",
            f"{LUNR}/min/lunr.zh.min.js",
            f"{LUNR}/min/lunr.multi.min.js",
        }
    )


def test_search_scripts_follow_the_workers_rule() -> None:
    assert search_scripts(["en"]) == set()
    assert search_scripts(["ja"]) == {
        "min/lunr.stemmer.support.min.js",
        "tinyseg.js",
        "min/lunr.ja.min.js",
    }
    assert search_scripts(["en", "th"]) == {
        "min/lunr.stemmer.support.min.js",
        "wordcut.js",
        "min/lunr.th.min.js",
        "min/lunr.multi.min.js",
    }


def _fake_site(tmp_path: Path, worker: str) -> Path:
    site = tmp_path / "site"
    (site / "assets/javascripts/workers").mkdir(parents=True)
    (site / "assets/javascripts/lunr/min").mkdir(parents=True)
    (site / "search").mkdir()
    (site / "search/search_index.json").write_text('{"config": {"lang": ["en", "de"]}, "docs": []}')
    (site / "assets/javascripts/workers/search.1.min.js").write_text(
        worker + "\n//# sourceMappingURL=search.1.min.js.map\n"
    )
    (site / "assets/javascripts/workers/search.1.min.js.map").write_text("{}")
    (site / "assets/x.css").write_text("a{}\n/*# sourceMappingURL=x.css.map */")
    (site / "assets/x.css.map").write_text("{}")
    (site / "assets/y.js").write_text("y()\n//# sourceMappingURL=not-shipped.js.map\n")
    for name in ("min/lunr.de.min.js", "min/lunr.fr.min.js", "min/lunr.multi.min.js",
                 "min/lunr.stemmer.support.min.js", "wordcut.js", "tinyseg.js"):  # fmt: skip
        (site / "assets/javascripts/lunr" / name).write_text("//")
    return site


RULE = (
    "importScripts(`${e}/min/lunr.stemmer.support.min.js`);r.push(`${e}/min/lunr.${n}.min.js`);"
    "r.push(`${e}/min/lunr.multi.min.js`);r.push(`${e}/tinyseg.js`);r.push(`${e}/wordcut.js`)"
)


def test_prune_removes_maps_and_unused_languages_and_only_their_comments(tmp_path: Path) -> None:
    site = _fake_site(tmp_path, RULE)
    pruned = prune(site)
    assert not pruned.kept_search_languages
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert left == [
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/min/lunr.multi.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/workers/search.1.min.js",
        "assets/x.css",
        "assets/y.js",
        "search/search_index.json",
    ]
    assert (site / "assets/x.css").read_text() == "a{}\n"
    assert (
        "sourceMappingURL" not in (site / "assets/javascripts/workers/search.1.min.js").read_text()
    )
    # a comment naming a map that was never shipped is not the pruning's to change
    assert "not-shipped.js.map" in (site / "assets/y.js").read_text()
    assert pruned.bytes == sum(len(b) for b in [b"{}", b"{}", b"//", b"//", b"//"])


def test_a_worker_with_another_rule_keeps_every_language(tmp_path: Path) -> None:
    site = _fake_site(tmp_path, "importScripts(somethingElse)")
    pruned = prune(site)
    assert "every file under assets/javascripts/lunr/ is kept" in pruned.kept_search_languages
    assert len(list((site / LUNR).rglob("*.js"))) == 6


# --- the error page ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["wiki/csl/", "/wiki/csl", "/wiki/../csl/", "/wiki csl/", '/a"/'])
def test_a_sub_path_must_be_a_folder_path_from_the_root(bad: str) -> None:
    with pytest.raises(ValueError, match="must start and end with '/'"):
        check_base(bad)


def test_the_error_page_moves_to_any_sub_path_and_back(built_site: Path) -> None:
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert page_base(page) == "/"
    moved = retarget(page, "/wiki/csl/")
    assert page_base(moved) == "/wiki/csl/"
    urls = URL_ATTRIBUTE.findall(moved)
    rooted = [u for u in urls if u.startswith("/")]
    assert rooted and all(u.startswith("/wiki/csl/") for u in rooted), rooted
    assert '"search": "/wiki/csl/assets/javascripts/workers/search.' in moved
    again = retarget(moved, "/docs/law/")
    assert page_base(again) == "/docs/law/" and "/wiki/csl/" not in again
    assert retarget(again, "/") == retarget(page, "/")
    # no other page has an address from the host's root: they work under any sub-path
    for path in built_site.rglob("*.html"):
        if path.name != "404.html" or path.parent != built_site:
            html = path.read_text(encoding="utf-8")
            assert [u for u in URL_ATTRIBUTE.findall(html) if u.startswith("/")] == [], path


# --- the copy for reading from disk ------------------------------------------------------------


@pytest.fixture(scope="module")
def copy(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("offline") / "offline"
    done = offline_copy(built_site, target, leave_out=OFFLINE_LEAVE_OUT, embed=OFFLINE_EMBED)
    assert done.pages > 300 and done.links > 1000
    assert done.embedded == [p.relative_to(built_site).as_posix()
                             for p in built_site.glob("assets/calculators/forms.*.json")]  # fmt: skip
    return target


def test_offline_addresses_name_the_page_file() -> None:
    pages = {"index.html", "law/index.html", "law/csl/2025/article-61/index.html"}
    assert offline_address("", pages) == "index.html"
    assert offline_address("#the-laws", pages) == "index.html#the-laws"
    assert offline_address("law/", pages) == "law/index.html"
    assert offline_address("law/csl/2025/article-61/#p1", pages) == (
        "law/csl/2025/article-61/index.html#p1"
    )
    assert offline_address("law/csl/csl-2025.json", pages) == "law/csl/csl-2025.json"


def test_the_copy_links_only_to_files_it_holds(copy: Path) -> None:
    files = _site_files(copy)
    folders, missing = [], []
    for path, file in files.items():
        if not path.endswith(".html"):
            continue
        for url in URL_ATTRIBUTE.findall(file.read_text(encoding="utf-8")):
            target = _resolve(path, url.replace("&amp;", "&"))
            if target is None:
                assert not url.startswith("/"), (path, url)  # nothing from a host's root
                continue
            if target == "" or (copy / target).is_dir():
                folders.append(f"{path}: {url}")
            elif target not in files:
                missing.append(f"{path}: {url}")
    assert folders == []  # a browser would open the folder, not the page
    assert missing == []


def test_the_copy_holds_no_runtime_and_turns_off_what_needs_a_server(copy: Path) -> None:
    files = _site_files(copy)
    assert not [p for p in files if p.startswith(("assets/pyodide/", "assets/calculators/"))]
    assert "404.html" not in files and "sitemap.xml" not in files
    assert OFFLINE_SCRIPT_PATH in files
    for path in ("index.html", "law/csl/2025/article-61/index.html", "calculators/fine/index.html"):
        html = files[path].read_text(encoding="utf-8")
        config = json.loads(re.search(r'id="__config" type="application/json">(.*?)<', html)[1])
        assert not [f for f in config["features"] if f.startswith("navigation.instant")]
        shim = html.index(posixpath.basename(OFFLINE_SCRIPT_PATH))
        assert shim < html.index("assets/javascripts/bundle.")
        assert ("offline-files." in html) == (path != "index.html")  # only where a form is


def test_the_copys_search_index_is_a_script_whose_entries_open_its_pages(
    copy: Path, built_site: Path
) -> None:
    text = (copy / SEARCH_SCRIPT).read_text(encoding="utf-8")
    assert text.startswith("var __index = ") and text.endswith(";\n")
    index = json.loads(text[len("var __index = ") : -2])
    original = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"] == original["config"]
    assert len(index["docs"]) == len(original["docs"])
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        assert page.endswith("index.html") and (copy / page).is_file(), doc["location"]


def test_two_copies_are_the_same_bytes(copy: Path, built_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    offline_copy(built_site, again, leave_out=OFFLINE_LEAVE_OUT, embed=OFFLINE_EMBED)
    first, second = _site_files(copy), _site_files(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p].read_bytes() != second[p].read_bytes()] == []


def test_the_command_line_rewrites_a_built_sites_error_page(
    built_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    page = (built_site / "404.html").read_text(encoding="utf-8")
    (site / "404.html").write_text(page, encoding="utf-8")
    assert main(["error-page", str(site), "/wiki/csl/"]) == 0
    assert (site / "404.html").read_text(encoding="utf-8") == retarget(page, "/wiki/csl/")
    assert main(["error-page", str(site), "wiki/csl"]) == 2
    assert "must start and end with '/'" in capsys.readouterr().err
    assert main(["error-page", str(tmp_path / "none"), "/x/"]) == 1


def test_the_hosting_page_gives_the_sed_line_the_tests_check() -> None:
    hosting = (ROOT / "docs" / "calculators" / "hosting.md").read_text(encoding="utf-8")
    assert sed_command("/", "/wiki/csl/", "site/404.html") in hosting
    for line in ("error_page 404 /wiki/csl/404.html;", "ErrorDocument 404 /wiki/csl/404.html"):
        assert line in hosting
