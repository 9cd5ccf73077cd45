"""The MkDocs adapter: option validation, generated files, navigation, serve watching."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files

from tests.conftest import ROOT, SITE_DATA


def _config(**plugin_options):
    options = {"site_data": str(SITE_DATA), **plugin_options}
    return load_config(str(ROOT / "mkdocs.yml"), plugins={"annotated-law": options, "search": {}})


def test_unknown_law_option_is_refused() -> None:
    with pytest.raises(Abort):
        _config(law="gdpr")


def test_missing_site_data_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Abort):
        _config(site_data=str(tmp_path / "nowhere"))


def test_generated_files_and_navigation() -> None:
    config = _config()
    # through MkDocs' own event runner, as a build calls it
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    sources = {f.src_uri for f in files}
    assert {f"law/csl/2025/article-{n}.md" for n in range(1, 82)} <= sources
    assert {f"law/csl/2016/article-{n}.md" for n in range(1, 80)} <= sources
    assert {
        "law/csl/index.md",
        "law/csl/changes.md",
        "law/csl/renumbering.md",
        "law/csl/glossary.md",
        "law/csl/2025/full-text.md",
        "law/csl/csl-2025.json",
        "law/csl/csl-2016.json",
    } <= sources
    law_nav = next(entry for entry in config.nav if isinstance(entry, dict) and "Cybersecurity Law 网络安全法" in entry)
    chapters = [e for e in law_nav["Cybersecurity Law 网络安全法"] if isinstance(e, dict) and "Chapter" in next(iter(e))]
    assert len(chapters) == 7  # by chapter, not a flat list of 81 articles
    chapter_3 = next(iter(chapters[2].values()))
    assert [next(iter(e)) for e in chapter_3[1:]] == ["第一节 一般规定", "第二节 关键信息基础设施的运行安全"]


def test_bad_data_is_a_plugin_error_naming_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "site_data"
    shutil.copytree(SITE_DATA, data)
    glossary = data / "csl" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("  - zh: 拘留\n", "  - zhh: 拘留\n"), encoding="utf-8")
    config = _config(site_data=str(data))
    with pytest.raises(PluginError, match=r"site_data/csl/glossary.yaml:\d+: unknown field 'zhh'"):
        config.plugins["annotated-law"].on_config(config)


def test_serve_watches_site_data() -> None:
    config = _config()
    plugin = config.plugins["annotated-law"]
    plugin.on_config(config)

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = plugin.on_serve(Server(), config=config, builder=None)
    assert str(SITE_DATA.resolve()) in server.watched
