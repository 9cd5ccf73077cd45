"""Options of the ``annotated-law`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class AnnotatedLawConfig(base.Config):
    site_data = c.Dir(exists=True, default="site_data")
    """Folder holding one folder per law: law.yaml, articles, glossary, commentary, official texts."""
    laws = c.Optional(c.ListOfItems(c.Type(str)))
    """The laws of the edition, in the order the navigation lists them (folders of site_data);
    default: every folder of site_data with a law.yaml, in name order."""
    nav_position = c.Type(int, default=1)
    """Where the laws' sections go in the navigation (0 = first)."""
    pyodide = c.Type(str, default="node_modules/pyodide")
    """The npm pyodide release to vendor (pinned exactly in package.json), relative to mkdocs.yml."""
    snapshot = c.Type(bool, default=True)
    """Ship a memory snapshot so the calculators start fast; needs Node.js at build time."""
    cache_dir = c.Type(str, default=".cache/annotated-law")
    """Build cache (wheel, staged runtime, snapshots), relative to mkdocs.yml; git-ignored."""
