"""The MkDocs adapter: loads the edition, adds the generated pages and their navigation.

All logic lives in the core modules; this file only maps it onto MkDocs events. The data is
loaded and checked in ``on_config``, before MkDocs writes anything, so bad data never leaves a
half-written site behind.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Mapping
from functools import partial
from importlib import metadata
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..errors import DataError, VendorError
from ..law.collection import load_collection
from ..law.export import export_version
from ..law.loader import law_ids
from ..law.model import Edition
from ..rendering import edition_cache, segmenter
from ..rendering.calculator_presets import queries_in, write_results
from ..rendering.calculator_tables import UnknownTable, expand_tables
from ..rendering.calculator_widgets import has_calculator
from ..rendering.inline_scripts import externalise_site
from ..rendering.pages import (
    GeneratedPage,
    anchor_ids,
    generate,
    html_title,
    laws_page,
    navigation,
    put_back,
)
from ..rendering.render_cache import RenderCache
from ..rendering.search_terms import dumps, load_index_on_demand, refine, segmenter_words
from ..rendering.site_output import check_base, prune, set_error_page_base
from ..rendering.sitemap import sitemap
from ..runtime.pyodide_vendor import Runtime, prepare_runtime
from .config import AnnotatedLawConfig

log = get_plugin_logger(__name__)


class AnnotatedLawPlugin(BasePlugin[AnnotatedLawConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # state is rebuilt on every build so `mkdocs serve` picks up edited data
        site_data = Path(self.config.site_data)
        root = Path(config.config_file_path).parent
        laws = self.config.laws or law_ids(site_data)
        # the same data and code give the same checked edition and pages (edition_cache.py)
        stored = root / self.config.cache_dir / "edition.pickle"
        name = edition_cache.key(site_data, f"{root.resolve()}\0{laws}")
        loaded = edition_cache.load(stored, name)
        if loaded is None:
            loaded = _edition_and_pages(site_data, root, laws)
            edition_cache.store(stored, name, loaded)
        self.editions, self.pages = loaded
        self.edition_key = name
        try:  # the calculators' runtime, before any page is written: a failure leaves no site
            self.runtime: Runtime = prepare_runtime(
                root,
                root / self.config.pyodide,
                root / self.config.cache_dir,
                snapshot=self.config.snapshot,
            )
        except VendorError as exc:
            raise PluginError(f"in-page calculators: {exc}") from None
        if self.runtime.snapshot_refused:  # a warning: `mkdocs build --strict` stops here
            log.warning(
                "in-page calculators ship without a memory snapshot: %s",
                self.runtime.snapshot_refused,
            )
        try:  # the sub-path the error page's addresses start with (site_output.py)
            self.sub_path = check_base(str(config.extra.get("sub_path") or "/"))
        except ValueError as exc:
            raise PluginError(f"extra.sub_path in mkdocs.yml (SITE_SUB_PATH): {exc}") from None
        # jieba keeps article headings and glossary terms whole: 第七十一条 and 关键信息基础设施
        # are each indexed as one word
        self.segmenter_words = segmenter_words(self.editions)
        self.page_urls: list[str] = []
        self.rendered = RenderCache(
            root / self.config.cache_dir / "rendered.json", _code_versions()
        )
        self.render_inputs: str | None = None
        self.new_cuts: Callable[[], segmenter.Cuts] | None = None
        self.fragments = {page.src: page.fragments for page in self.pages}
        if config.nav is not None:
            entries = [{"The laws 法律一览": "law/index.md"}] + [
                {f"{e.law.short_title.en} {e.law.short_title.zh}": navigation(e.law)}
                for e in self.editions
            ]
            at = min(self.config.nav_position, len(config.nav))
            config.nav[at:at] = entries
        log.info("loaded %d generated pages", len(self.pages))
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.src, content=page.content))
        for edition in self.editions:
            law = edition.law
            for version in law.versions:
                data = json.dumps(export_version(edition, version), ensure_ascii=False, indent=1)
                files.append(
                    File.generated(config, f"law/{law.id}/{law.id}-{version}.json", content=data)
                )
        for uri, path in self.runtime.files.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        for uri, text in self.runtime.generated.items():
            files.append(File.generated(config, uri, content=text))
        if jieba := _jieba():
            # with a dictionary of the site's own (Material's jieba_dict options) jieba cuts here
            search = config.plugins.get("material/search")
            own = search and any(search.config.get(k) for k in ("jieba_dict", "jieba_dict_user"))
            known = dict if own else self._cuts(files)
            segmenter.remember_cuts(jieba, self.segmenter_words, known)
        return files

    def _cuts(self, files: Files) -> Callable[[], segmenter.Cuts]:
        """How the search index's Chinese is cut: as by the last build, if it cut the same pages
        with the same words; else by a second process while the pages are converted (stored
        after the build)."""
        sources = [file.content_string for file in files.documentation_pages()]
        sources += [text for page in self.pages for text in page.fragments.values()]
        words = self.segmenter_words
        self.cuts_key = self.rendered.key(
            "cuts", _jieba_version(), str(len(words)), *words, *sources
        )
        stored = self.rendered.get(self.cuts_key)
        if stored is not None:
            return lambda: stored
        self.new_cuts = segmenter.cut_elsewhere(words, sources)
        return self.new_cuts

    def _keep_cuts(self) -> None:
        if self.new_cuts and (cuts := self.new_cuts()):  # for the next build, if it made some
            self.rendered.put(self.cuts_key, cuts)

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        # MkDocs converts the page next with page.render(config, files): from the render cache
        if self.render_inputs is None and log.getEffectiveLevel() > logging.DEBUG:
            self.render_inputs = _render_inputs(config, files)
        if self.render_inputs:
            page.render = partial(self._render, page)  # type: ignore[method-assign]
        return page

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if self.render_inputs is None or page.markdown is None:  # MkDocs says what is amiss
            return Page.render(page, config, files)
        key = self.rendered.key(self.render_inputs, page.file.src_uri, page.markdown)
        stored = self.rendered.get(key)
        if stored is not None:
            _restore(page, stored, files)
            return
        mkdocs_log, logged = logging.getLogger("mkdocs"), _Count()
        mkdocs_log.addHandler(logged)
        try:
            Page.render(page, config, files)
        finally:
            mkdocs_log.removeHandler(logged)
        # what it logged (a broken link) it must log again next time; a quiet build (-q) does
        # not even make the records of what it would have logged, so it stores nothing
        if not logged.records and mkdocs_log.isEnabledFor(logging.INFO):
            self.rendered.put(key, _stored(page))

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        try:
            return expand_tables(markdown)
        except UnknownTable as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.page_urls.append(page.url)
        fragments = self.fragments.get(page.file.src_uri)
        if fragments:
            html = put_back(html, fragments)
            # MkDocs collected the page's anchors before this event; links to the
            # paragraphs inside the fragments must still validate
            page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(fragments)
        return html

    def on_page_context(self, context, /, *, page: Page, config: MkDocsConfig, nav):
        # the window title names the law (and a superseded text's year); main.html uses it,
        # the heading, the header and the navigation keep the page's own title
        laws = {edition.law.id: edition.law for edition in self.editions}
        if page.title:
            page.meta["html_title"] = html_title(str(page.title), page.url, laws)
        # main.html starts a returning reader's calculator worker early on such a page
        page.meta["calculators"] = has_calculator(page.content or "")
        return context

    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        # main.html loads the calculators' configuration in every page's <head>
        env.globals["calculators_config"] = self.runtime.config_script
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Material's instant navigation needs every page in sitemap.xml; with no fixed site_url
        # MkDocs writes an empty one, so write root-relative entries that the override in
        # docs/overrides/main.html resolves against the real base in the browser.
        site = Path(config.site_dir)
        (site / "sitemap.xml").write_text(sitemap(self.page_urls), encoding="utf-8")
        (site / "sitemap.xml.gz").unlink(missing_ok=True)
        # Material's search plugin (listed first) has written its index: refine it for the
        # edition (search_terms.py)
        index = site / "search" / "search_index.json"
        searched = index.is_file()
        if searched:  # the same index of the same edition is refined the same way: reused
            text = index.read_text(encoding="utf-8")
            key = self.rendered.key("search index", self.edition_key, _jieba_version(), text)
            refined = self.rendered.get(key)
            if refined is None:
                refined = dumps(refine(json.loads(text), self.editions))
                self.rendered.put(key, refined)
            index.write_text(refined, encoding="utf-8")
        queries: list[str] = []

        def edit(html: str) -> str:  # each page as built, read once for all of this
            # the starting inputs of its calculators; and, with search, the index on first use
            queries.extend(queries_in(html))
            return load_index_on_demand(html) if searched else html

        # after edit: no inline script left for a strict Content-Security-Policy to block (the
        # theme's and the index on demand, moved into files: inline_scripts.py); the error page
        # is shown at any address, so it keeps the root-relative base MkDocs gives it
        moved = externalise_site(
            site, fixed_bases={"404.html": urlsplit(config.site_url or "/").path}, edit=edit
        )
        # the results the calculators' pages start with, so no page needs Python to show them
        log.info(
            "computed %d calculator results at build time",
            write_results(site, self.runtime.results, queries),
        )
        self._keep_cuts()
        self.rendered.save()
        for what in moved.blocked:
            log.warning("a strict Content-Security-Policy blocks %s", what)
        # nothing unused published (source maps, search languages the index does not use), and
        # the error page's addresses under the sub-path the site is served at (site_output.py)
        pruned = prune(site)
        if pruned.kept_search_languages:
            log.warning("%s", pruned.kept_search_languages)
        log.info("left out %d unused files (%d bytes)", len(pruned.removed), pruned.bytes)
        set_error_page_base(site, self.sub_path)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        server.watch(str(Path(self.config.site_data).resolve()))
        return server


def _edition_and_pages(
    site_data: Path, root: Path, laws: list[str]
) -> tuple[list[Edition], list[GeneratedPage]]:
    """Every law loaded and checked, and every page generated from them."""
    try:
        entries = load_collection(site_data, root, laws)
    except DataError as exc:
        raise PluginError(
            f"site_data has {len(exc.problems)} problem(s):\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        ) from None
    editions = [entry.edition for entry in entries]
    pages = [laws_page(editions)]
    loaded = tuple(edition.law for edition in editions)
    for entry in entries:
        others = tuple(law for law in loaded if law.id != entry.edition.law.id)
        pages += generate(entry.edition, entry.commentary, others)
    return editions, pages


def _code_versions() -> str:
    """The code that converts a page: MkDocs, Python-Markdown (with its own extensions), Python."""
    return (
        f"mkdocs {metadata.version('mkdocs')} markdown {metadata.version('markdown')} {sys.version}"
    )


def _jieba_version() -> str:
    """jieba, with its dictionary, cuts the Chinese of the search index's titles (refine)."""
    try:
        return f"jieba {metadata.version('jieba')}"
    except metadata.PackageNotFoundError:
        return "no jieba"


def _render_inputs(config: MkDocsConfig, files: Files) -> str:
    """What a page's conversion reads besides its own Markdown and path: the Markdown extensions
    and their settings, the link checks, and every file's address (links are checked and
    rewritten against them). Empty, so nothing is cached, for an extension given as an object or
    from another package, whose code the key would not cover."""
    extensions = config.markdown_extensions
    short = {e.name: e.value for e in metadata.entry_points(group="markdown.extensions")}
    if not all(
        isinstance(e, str) and short.get(e, e).startswith("markdown.extensions.")
        for e in extensions
    ):
        return ""

    def plain(value: object) -> object:
        if isinstance(value, Mapping):  # MkDocs' sub-configurations (validation)
            return dict(value)
        if callable(value):  # a setting such as toc's slugify function: by its name
            return f"{value.__module__}.{value.__qualname__}"
        raise TypeError(value)

    try:
        settings = json.dumps(
            [extensions, config.mdx_configs, config.validation, config.use_directory_urls],
            sort_keys=True,
            default=plain,
        )
    except TypeError:
        return ""
    addresses = sorted(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion.name}" for f in files)
    return settings + "\n" + "\n".join(addresses)


class _Count(logging.Handler):
    """Counts what MkDocs logs while it converts a page."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


def _stored(page: Page) -> dict:
    """What Page.render set, as JSON: the HTML, the table of contents, the title from the first
    heading, the anchors the page has and the links to anchors that MkDocs checks after the build."""

    def token(link: AnchorLink) -> dict:
        children = [token(child) for child in link.children]
        return {"level": link.level, "id": link.id, "name": link.title, "children": children}

    return {
        "content": page.content,
        "toc": [token(link) for link in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": [[f.src_uri, links] for f, links in (page.links_to_anchors or {}).items()],
    }


def _restore(page: Page, stored: dict, files: Files) -> None:
    page.content = stored["content"]
    page.toc = get_toc(stored["toc"])
    page._title_from_render = stored["title"]
    page.present_anchor_ids = set(stored["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): links for src, links in stored["links"]}


def _jieba() -> ModuleType | None:
    """jieba, which Material's search uses at build time when it is installed."""
    try:
        import jieba
    except ImportError:  # search still works, with jieba's own dictionary only
        return None
    return jieba
