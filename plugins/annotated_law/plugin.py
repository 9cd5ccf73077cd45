"""The MkDocs adapter: loads the edition, adds the generated pages and their navigation.

All logic lives in the core modules; this file only maps it onto MkDocs events. The data is
loaded and checked in ``on_config``, before MkDocs writes anything, so bad data never leaves a
half-written site behind.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .calculator_tables import UnknownTable, expand_tables
from .commentary import load_commentary
from .config import AnnotatedLawConfig
from .errors import DataError
from .export import export_version
from .loader import load_edition
from .pages import GeneratedPage, generate, navigation

log = get_plugin_logger(__name__)


class AnnotatedLawPlugin(BasePlugin[AnnotatedLawConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # state is rebuilt on every build so `mkdocs serve` picks up edited data
        site_data = Path(self.config.site_data)
        root = Path(config.config_file_path).parent
        try:
            edition = load_edition(site_data, self.config.law)
            commentary = load_commentary(site_data / "commentary" / "2025", edition.law, root)
        except DataError as exc:
            raise PluginError(
                f"site_data has {len(exc.problems)} problem(s):\n"
                + "\n".join(f"  {p}" for p in exc.problems)
            ) from None
        self.edition = edition
        self.pages: list[GeneratedPage] = generate(edition, commentary)
        entry = {self.config.nav_title: navigation(edition.law)}
        if config.nav is not None:
            config.nav.insert(min(self.config.nav_position, len(config.nav)), entry)
        log.info("loaded %d generated pages", len(self.pages))
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.src, content=page.content))
        law = self.edition.law
        for version in law.versions:
            data = json.dumps(export_version(self.edition, version), ensure_ascii=False, indent=1)
            files.append(
                File.generated(config, f"law/{law.id}/{law.id}-{version}.json", content=data)
            )
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        try:
            return expand_tables(markdown)
        except UnknownTable as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        server.watch(str(Path(self.config.site_data).resolve()))
        return server
