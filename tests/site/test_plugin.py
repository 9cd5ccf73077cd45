"""The MkDocs adapter: option validation, generated files, navigation, serve watching."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from annotated_law.adapter.plugin import AnnotatedLawPlugin
from annotated_law.rendering.render_cache import RenderCache

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


def _pages(project: Path, plugin: AnnotatedLawPlugin | None = None) -> tuple[list[Page], Files]:
    """Every page of a small project converted as a build converts it, through the plugin's
    render cache if one is given."""
    config = load_config(str(project / "mkdocs.yml"))
    files = get_files(config)
    pages = []
    for file in files.documentation_pages():
        page = Page(None, file, config)
        if plugin is not None:
            page = plugin.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.render(config, files)
        pages.append(page)
    return pages, files


def _small_project(tmp_path: Path) -> None:
    """Three pages: links to a heading and a raw-HTML anchor, one to a missing anchor, and one
    page whose link MkDocs reports."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions: [attr_list, md_in_html, {toc: {permalink: true}}]\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Home\n\nTo [a part](other.md#part), [a gap](other.md#gap) and [here](#mine).\n\n"
        "## Mine {#mine}\n\n### Under it\n",
        encoding="utf-8",
    )
    (docs / "other.md").write_text('# Other\n\n<p id="raw">x</p>\n\n## Part\n', encoding="utf-8")
    (docs / "broken.md").write_text("# Broken\n\nTo [nowhere](nowhere.md).\n", encoding="utf-8")


def _cached(project: Path, store: Path) -> tuple[list[Page], Files]:
    """The project's pages as a build with the render cache ``store`` converts them."""
    plugin = AnnotatedLawPlugin()
    plugin.rendered, plugin.render_inputs = RenderCache(store, "test"), None
    converted = _pages(project, plugin)
    plugin.rendered.save()
    return converted


def test_a_page_from_the_render_cache_is_the_page_mkdocs_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs")  # as mkdocs build sets it
    _small_project(tmp_path)
    store = tmp_path / "cache" / "rendered.json"
    expected, _ = _pages(tmp_path)
    _cached(tmp_path, store)
    # the page whose link MkDocs reported is not stored: the next build reports it again
    assert len(RenderCache(store, "test").entries) == 2
    plain_render = Page.render
    monkeypatch.setattr(
        Page,
        "render",
        lambda page, *args: plain_render(page, *args)
        if page.file.src_uri == "broken.md"
        else pytest.fail(f"{page.file.src_uri} converted again"),
    )
    again, again_files = _cached(tmp_path, store)
    for page, old in zip(again, expected, strict=True):
        assert page.content == old.content
        assert str(page.toc) == str(old.toc) and page.toc.items[0].active
        assert page.title == old.title
        assert page.present_anchor_ids == old.present_anchor_ids
        assert {f.src_uri: a for f, a in page.links_to_anchors.items()} == {
            f.src_uri: a for f, a in old.links_to_anchors.items()
        }
        assert all(f is again_files.get_file_from_path(f.src_uri) for f in page.links_to_anchors)


def test_a_quiet_build_stores_no_page(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # mkdocs build -q: what MkDocs would report about a page is not even recorded
    caplog.set_level(logging.ERROR, logger="mkdocs")
    _small_project(tmp_path)
    _cached(tmp_path, tmp_path / "rendered.json")
    assert RenderCache(tmp_path / "rendered.json", "test").entries == {}


def test_the_render_cache_key_changes_with_the_files_and_the_markdown_settings(
    tmp_path: Path,
) -> None:
    from annotated_law.adapter.plugin import _render_inputs

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")

    def inputs(settings: str) -> str:
        (tmp_path / "mkdocs.yml").write_text(f"site_name: t\n{settings}", encoding="utf-8")
        config = load_config(str(tmp_path / "mkdocs.yml"))
        return _render_inputs(config, get_files(config))

    first = inputs("markdown_extensions: [toc]\n")
    assert first and first == inputs("markdown_extensions: [toc]\n")
    assert inputs("markdown_extensions: [{toc: {permalink: true}}]\n") != first
    assert inputs("markdown_extensions: [toc]\nuse_directory_urls: false\n") != first
    (tmp_path / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    assert inputs("markdown_extensions: [toc]\n") != first
    # an extension of another package: its code is not in the key, so nothing is cached
    assert inputs("markdown_extensions: [pymdownx.caret]\n") == ""


def test_jieba_cuts_a_text_once_per_build_and_anew_in_the_next() -> None:
    import jieba
    from annotated_law.rendering.segmenter import remember_cuts

    text = "甲乙丙丁戊己庚辛"
    remember_cuts(jieba)
    before = list(jieba.cut(text))
    assert list(jieba.cut(text)) == before == list(jieba.dt.cut(text))
    jieba.add_word(text)  # as a build with an edited glossary would
    try:
        assert list(jieba.cut(text)) == before  # this build's cut, remembered
        remember_cuts(jieba)
        assert list(jieba.cut(text)) == [text]
    finally:
        jieba.del_word(text)
        remember_cuts(jieba)


def test_a_second_process_cuts_the_pages_chinese_as_jieba_here_does() -> None:
    import jieba
    from annotated_law.rendering.segmenter import cut_elsewhere, remember_cuts, teach

    words = ["网络安全等级保护制度"]
    sources = [
        "国家实行<button>网络安全等级保护制度</button>。",  # a term's markup inside the run
        "见[第二十三条](csl:23)**规定**的义务",  # Markdown inside the run
        # what the index leaves out, with its two sides joined or parted
        "个人信息<span data-search-exclude>注释<br/>不算</span>处理者",
    ]
    known = cut_elsewhere(words, sources)
    cuts = known()
    # 个人信息处理者: read as the index reads it, the left-out part ending at </span>, not <br/>
    for run in ("国家实行网络安全等级保护制度", "见第二十三条规定的义务", "个人信息处理者", "处理者"):
        assert run in cuts
    # what a jieba of its own, taught the same words, gives
    fresh = ModuleType("fresh_jieba")
    fresh.dt = tokenizer = jieba.Tokenizer()
    fresh.add_word = tokenizer.add_word
    teach(fresh, words)
    for run, cut in cuts.items():
        assert cut == tuple(tokenizer.cut(run.encode())) == tuple(tokenizer.cut(run))
    remember_cuts(fresh, (), known)
    assert list(fresh.cut("国家实行网络安全等级保护制度".encode())) == list(
        cuts["国家实行网络安全等级保护制度"]
    )
    # a run the second process did not see is cut here
    assert list(fresh.cut("甲乙丙丁戊己庚辛")) == list(tokenizer.cut("甲乙丙丁戊己庚辛"))


def test_without_a_second_process_jieba_cuts_everything_here(monkeypatch) -> None:
    from annotated_law.rendering import segmenter

    monkeypatch.setattr(segmenter.sys, "executable", "/nonexistent/python")
    assert segmenter.cut_elsewhere(["甲乙"], ["甲乙丙"])() == {}


def test_the_next_build_of_the_same_pages_cuts_their_chinese_as_this_one_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotated_law.rendering import segmenter

    _small_project(tmp_path)
    (tmp_path / "docs" / "zh.md").write_text("# 中文\n\n网络运营者应当履行义务。\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)

    def build() -> AnnotatedLawPlugin:
        plugin = AnnotatedLawPlugin()
        plugin.rendered = RenderCache(tmp_path / "rendered.json", "test")
        plugin.pages, plugin.segmenter_words, plugin.new_cuts = [], ["网络运营者"], None
        return plugin

    first = build()
    cuts = dict(first._cuts(files)())
    assert cuts["网络运营者应当履行义务"] == ("网络运营者", "应当", "履行义务")
    first._keep_cuts()
    first.rendered.save()
    monkeypatch.setattr(segmenter, "cut_elsewhere", lambda *args: pytest.fail("cut again"))
    again = build()
    assert {run: tuple(words) for run, words in again._cuts(files)().items()} == cuts
    # other words to keep whole, or an edited page, are cut anew
    other_words = build()
    other_words.segmenter_words = ["网络", "运营者"]
    with pytest.raises(pytest.fail.Exception, match="cut again"):
        other_words._cuts(files)
    (tmp_path / "docs" / "zh.md").write_text("# 中文\n\n个人信息处理者\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="cut again"):
        build()._cuts(get_files(config))
