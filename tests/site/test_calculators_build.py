"""What the build ships for the in-page calculators: the vendored runtime under a versioned path,
the site's own lock with the wheel's sha256, the snapshot, the widgets on the right pages, and
clear build errors when Node.js or the npm package is missing."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from annotated_law.rendering.calculator_presets import form_input
from annotated_law.rendering.calculator_widgets import tabled_articles
from annotated_law.runtime.pyodide_vendor import RUNTIME_FILES, prepare_runtime

from tests.conftest import ROOT, SITE_DATA, build

NPM = ROOT / "node_modules" / "pyodide"
VERSION = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]


def runtime_dir(site: Path) -> Path:
    return site / "assets" / "pyodide" / VERSION


def config(site: Path) -> dict:
    (script,) = (site / "assets" / "javascripts").glob("calculators-config.*.js")
    text = script.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.index(", {root:")])


def test_the_runtime_is_vendored_under_its_version_with_js_names(built_site: Path) -> None:
    folder = runtime_dir(built_site)
    for npm_name, site_name in RUNTIME_FILES.items():
        assert (folder / site_name).read_bytes() == (NPM / npm_name).read_bytes(), site_name
    # no file the site needs may depend on a .mjs MIME mapping that stock servers lack
    assert list(built_site.rglob("*.mjs")) == []
    assert not (folder / "package.json").exists()


def test_the_wheel_is_in_the_sites_own_lock_with_its_sha256(built_site: Path) -> None:
    folder = runtime_dir(built_site)
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    npm_lock = json.loads((NPM / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"] == npm_lock["info"]
    entry = lock["packages"]["law-calculators"]
    wheel = folder / entry["file_name"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["law_calculators"] and entry["depends"] == []
    # every entry of the lock points at a file the site ships
    assert all((folder / p["file_name"]).is_file() for p in lock["packages"].values())
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "law_calculators/__init__.py" in names
    assert "law_calculators/data/rules-2025.toml" in names
    assert not [n for n in names if "__pycache__" in n]
    assert config(built_site)["wheel"]["sha256"] == entry["sha256"]


def test_the_snapshot_is_gzipped_with_its_sha256_recorded(built_site: Path) -> None:
    snapshot = config(built_site)["snapshot"]
    data = (built_site / snapshot["url"]).read_bytes()
    assert snapshot["url"].startswith(f"assets/pyodide/{VERSION}/")
    assert hashlib.sha256(data).hexdigest() == snapshot["sha256"]
    assert snapshot["bytes"] == len(data)
    # only its blocks that are not all zeros are shipped, in order, inside the full size
    spans = snapshot["spans"]
    assert len(gzip.decompress(data)) == sum(length for _, length in spans)
    assert all(a + n < b for (a, n), (b, _) in zip(spans, spans[1:]))
    assert sum(spans[-1]) <= snapshot["rawBytes"]
    assert sum(length for _, length in spans) < snapshot["rawBytes"] / 2


def test_the_wasm_ships_gzipped_beside_the_plain_file(built_site: Path) -> None:
    settings = config(built_site)
    folder = built_site / settings["runtime"]
    packed = (folder / settings["packedWasm"]).read_bytes()
    assert gzip.decompress(packed) == (NPM / "pyodide.asm.wasm").read_bytes()
    assert settings["bytes"][settings["packedWasm"]] == len(packed) < 4_000_000


def test_the_page_boots_with_the_standard_library_the_calculators_use(built_site: Path) -> None:
    settings = config(built_site)
    folder = built_site / settings["runtime"]
    assert settings["fullStdlib"] == "python_stdlib.zip"  # kept for a module never seen used
    trimmed = folder / settings["stdlib"]
    data = trimmed.read_bytes()
    assert settings["stdlib"] == f"python_stdlib-{hashlib.sha256(data).hexdigest()[:12]}.zip"
    assert len(data) < 1_000_000 < (folder / "python_stdlib.zip").stat().st_size
    with zipfile.ZipFile(trimmed) as small, zipfile.ZipFile(NPM / "python_stdlib.zip") as full:
        names = small.namelist()
        assert names == [n for n in full.namelist() if n in set(names)]  # same order
        for name in names:
            assert small.read(name) == full.read(name), name
    # what the calculators and Pyodide's start import is there; what nothing imports is not
    assert {"json/__init__.py", "tomllib/__init__.py", "zipfile/__init__.py"} <= set(names)
    unused = ("unittest/", "xml/", "http/", "sqlite3/", "pydoc.py", "doctest.py")
    assert not [n for n in names if n.startswith(unused)]
    # a restored snapshot holds the modules imported before it was taken: its own library has
    # only what the calculators import later, checked against every answer at build time
    after = folder / settings["snapshot"]["stdlib"]
    assert after != trimmed and after.stat().st_size < 100_000
    with zipfile.ZipFile(after) as later:
        assert set(later.namelist()) <= set(names)
        assert "json/__init__.py" not in later.namelist()


def test_the_wheel_is_built_byte_for_byte_the_same(tmp_path: Path) -> None:
    from annotated_law.runtime.calculators_wheel import build_wheel

    first = build_wheel(tmp_path / "a")
    second = build_wheel(tmp_path / "b")
    assert first.path.name == second.path.name
    assert first.sha256 == second.sha256


def _mounts(page: Path) -> list[tuple[str, str]]:
    html = page.read_text(encoding="utf-8")
    return re.findall(r'<div class="calc" data-calculator="(\w+)" data-preset="([^"]*)"', html)


PENALTY_ARTICLES = {
    ("csl", "2025"): [*range(61, 74), 76, 77],
    ("csl", "2016"): [*range(59, 72), 74, 75],
    ("pipl", "2021"): [*range(66, 72)],
    ("dsl", "2021"): [*range(44, 53)],
}


def test_every_penalty_article_of_each_law_has_its_table_and_a_preset_calculator(
    built_site: Path,
) -> None:
    for (law, version), expected in PENALTY_ARTICLES.items():
        assert tabled_articles(law, version) == expected, (law, version)
        for number in expected:
            page = built_site / "law" / law / version / f"article-{number}" / "index.html"
            preset = f"law={law}&amp;version={version}&amp;article={number}"
            assert _mounts(page) == [("fine", preset)], page
            html = page.read_text(encoding="utf-8")
            assert 'class="calc-table" lang="zh-Hans"' in html
            assert 'class="calc-table" lang="en"' in html
    table = (built_site / "law/csl/2025/article-61/index.html").read_text(encoding="utf-8")
    assert "500,000–2,000,000" in table and "第六十一条第三款" in table
    for page in ("law/csl/2025/article-23", "law/csl/2025/article-60", "law/csl/2016/article-58"):
        assert _mounts(built_site / page / "index.html") == []


def test_each_preset_names_the_builds_result_for_the_forms_first_input(built_site: Path) -> None:
    # the page fetches the result it names with the forms, before the form exists to compute it
    results = built_site / config(built_site)["results"]
    named = 0
    for page in (built_site / "law").rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for preset, name in re.findall(r'data-preset="([^"]*)" data-prebuilt="(\w+)"', html):
            record = json.loads((results / f"{name}.json").read_text(encoding="utf-8"))
            assert record["input"] == form_input(preset.replace("&amp;", "&")), page
            named += 1
    assert named == sum(len(articles) for articles in PENALTY_ARTICLES.values())


def test_the_calculator_pages_have_their_widgets(built_site: Path) -> None:
    fine = built_site / "calculators" / "fine" / "index.html"
    certification = built_site / "calculators" / "certification" / "index.html"
    assert _mounts(fine) == [("fine", "")]
    assert _mounts(certification) == [("certification", "")]
    for page in (fine, certification):
        assert "calc-static-note" not in page.read_text(encoding="utf-8")


def test_the_forms_come_from_the_calculators_schema(built_site: Path) -> None:
    from law_calculators import (
        CERTIFICATION_INPUT_SCHEMA,
        CLAUSE_INDEX_BY_LAW,
        FINE_INPUT_SCHEMA,
    )

    forms = json.loads((built_site / config(built_site)["forms"]).read_text(encoding="utf-8"))
    assert forms["schemas"]["fine"] == FINE_INPUT_SCHEMA.as_list()
    assert forms["schemas"]["certification"] == CERTIFICATION_INPUT_SCHEMA.as_list()
    # every law's clauses, with the amounts each asks for (PIPL 66(2): the turnover)
    assert forms["clauseIndex"] == CLAUSE_INDEX_BY_LAW
    assert forms["clauseIndex"]["pipl"]["2021"]["66"]["2"]["amounts"] == ["annual_turnover"]
    assert forms["clauses"]["dsl"]["2021"]["45"]["1"]["zh"]


def _project_copy(tmp_path: Path, *, node_modules: bool) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "package.json"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    shutil.copytree(SITE_DATA, project / "site_data")
    if node_modules:
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


def _assert_stopped_cleanly(result: subprocess.CompletedProcess[str], project: Path) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_a_missing_npm_package_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    project = _project_copy(tmp_path, node_modules=False)
    result = build(project / "site", project / "mkdocs.yml")
    _assert_stopped_cleanly(result, project)
    assert f"the npm package pyodide {VERSION} is not installed" in result.stderr
    assert "run `npm ci`" in result.stderr


def test_a_missing_node_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    project = _project_copy(tmp_path, node_modules=True)
    empty = tmp_path / "bin"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        capture_output=True,
        text=True,
        cwd=project,
        env={"PATH": str(empty), "HOME": str(tmp_path), "NO_MKDOCS_2_WARNING": "1"},
    )
    _assert_stopped_cleanly(result, project)
    assert "Node.js (`node`) is needed to build the calculators' memory snapshot" in result.stderr


def test_a_cached_snapshot_is_reused_without_node(
    tmp_path: Path, built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repeated builds do not make the snapshot again (keyed by wheel hash and Pyodide version)."""
    monkeypatch.setenv("PATH", str(tmp_path))  # no node to be found
    monkeypatch.delenv("NODE", raising=False)
    cache = ROOT / ".cache" / "annotated-law"
    reused = prepare_runtime(ROOT, NPM, cache)
    assert reused.snapshot is not None
    assert config(built_site)["snapshot"]["sha256"] == reused.snapshot.sha256


@pytest.mark.parametrize("pin", ["^314.0.7", "latest"])
def test_a_loose_pyodide_pin_is_refused(tmp_path: Path, pin: str) -> None:
    from annotated_law.errors import VendorError
    from annotated_law.runtime.pyodide_vendor import find_release

    (tmp_path / "package.json").write_text(json.dumps({"dependencies": {"pyodide": pin}}))
    with pytest.raises(VendorError, match="exact version"):
        find_release(tmp_path, NPM)


def test_the_build_computes_every_pages_starting_result(built_site: Path) -> None:
    from annotated_law.rendering.calculator_presets import canonical, fnv1a, form_input
    from law_calculators import run_json

    folder = built_site / config(built_site)["results"]
    records = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    assert len(records) > 62  # every penalty article of the three laws, the links into the form
    pipl = form_input("law=pipl&version=2021&article=66")
    assert pipl == {
        "law": "pipl",
        "article": 66,
        "paragraph": 1,
        "tier": "base",
        "offender": "entity",
    }
    record = records[fnv1a(canonical(pipl))]
    assert record["input"] == pipl
    assert (record["status"], record["output"]) == run_json("fine", json.dumps(pipl))


def test_the_snapshot_fits_the_heap_the_runtime_starts_with(built_site: Path) -> None:
    from annotated_law.runtime.pyodide_snapshot import HeapTooSmall, check_heap
    from annotated_law.runtime.wasm_binary import initial_heap_bytes

    settings = config(built_site)
    wasm = built_site / settings["runtime"] / "pyodide.asm.wasm"
    initial = initial_heap_bytes(wasm.read_bytes())
    assert initial == 480 * 65536  # Pyodide 314's 30 MiB
    heap = settings["snapshot"]["heapBytes"]
    assert 0 < heap <= initial  # the three laws' package fits: the page can restore it
    with pytest.raises(HeapTooSmall, match="could not be restored"):
        check_heap(initial + 65536, initial)
