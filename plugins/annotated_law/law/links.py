"""Relative hrefs between pages of the built site, so it works under any sub-path."""

from __future__ import annotations

import posixpath
from functools import cache
from urllib.parse import urlunsplit


def page_url(src: str) -> str:
    """The directory URL MkDocs gives a Markdown file: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    stem = src.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


# remembered: a build asks for the same few thousand hrefs again and again, and relpath is slow
@cache
def relative(from_src: str, to_url: str) -> str:
    """Href from the page built from ``from_src`` to the site-root-relative ``to_url``."""
    path, _, fragment = to_url.partition("#")
    here = page_url(from_src) or "."
    target = posixpath.relpath(path or ".", here)
    if path.endswith("/") or not path:
        target = target.rstrip("/") + "/"
    if target == "./":
        target = "" if fragment else "./"
    return target + (f"#{fragment}" if fragment else "")


@cache
def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link between two source files, which MkDocs resolves and validates."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


@cache
def markdown_href(from_src: str, to_src: str, query: str = "", fragment: str = "") -> str:
    """The href MkDocs writes for a Markdown link from one source file to another (its
    get_relative_url between the two pages' URLs), so a link written as HTML reads the same."""
    target = page_url(to_src)
    here = [part for part in page_url(from_src).split("/") if part]
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    path = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return urlunsplit(("", "", path + "/" if target.endswith("/") else path, query, fragment))
