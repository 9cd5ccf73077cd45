"""Inline scripts moved into files, for a strict Content-Security-Policy (inline_scripts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotated_law.rendering.inline_scripts import (
    blocked_handlers,
    externalise,
    externalise_site,
    script_path,
)

PAGE = """<html><head>
<script id="__config" type="application/json">{"base": ".."}</script>
<script>var a = 1;</script>
<!-- <script>commented();</script> -->
<script src="x.js"></script>
<script type="module" async>import "./m.js";</script>
</head><body><a href="javascript:void(0)">x</a><script>   </script></body></html>"""


def test_each_inline_script_becomes_a_file_in_its_place() -> None:
    done = externalise(PAGE, "../")
    classic, module = script_path("var a = 1;"), script_path('import "./m.js";')
    assert done.files == {classic: "var a = 1;", module: 'import "./m.js";'}
    # in place, in order, the data block and the comment untouched, the empty script gone
    assert done.html.index(f'src="../{classic}"') < done.html.index('src="x.js"')
    assert f'<script src="../{module}" type="module" async></script>' in done.html
    assert '<script id="__config" type="application/json">{"base": ".."}</script>' in done.html
    assert "<!-- <script>commented();</script> -->" in done.html
    assert "<script>   </script>" not in done.html and done.scripts == 3


def test_a_site_shares_one_file_per_script_and_reports_what_it_cannot_move(tmp_path: Path) -> None:
    (tmp_path / "law").mkdir()
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "law" / "index.html").write_text(PAGE, encoding="utf-8")
    moved = externalise_site(tmp_path)
    assert moved.pages == 2 and len(moved.files) == 2
    inner = (tmp_path / "law" / "index.html").read_text(encoding="utf-8")
    assert f'src="../{script_path("var a = 1;")}"' in inner
    assert (tmp_path / script_path("var a = 1;")).read_text(encoding="utf-8") == "var a = 1;"
    assert any("javascript: URL" in what for what in moved.blocked)


@pytest.mark.parametrize(
    "tag",
    [
        '<a href="#" onclick="go()">',
        "<BODY ONLOAD=go()>",
        '<img src="x"/onerror="go()">',
        '<a href="javascript:go()">',
        '<a href=" JavaScript:go()">',
        '<a href="java\tscript:go()">',
        '<a href="&#106;avascript:go()">',
        '<a href="javascript&colon;go()">',
        '<form action="jav&#x61;script:go()">',
    ],
)
def test_every_inline_handler_and_javascript_url_is_found(tag: str) -> None:
    page = f"<html><body><p>Only one case, once: on average = 1.</p>{tag}x</a></body></html>"
    assert blocked_handlers(page), tag


def test_a_page_with_neither_reports_nothing() -> None:
    page = '<p title="It&#39;s">Only once = one; see <a href="https://x/javascripts/a.js">it</a></p>'
    assert blocked_handlers(page) == []


def test_an_edit_is_made_before_the_scripts_are_moved(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><head></head></html>", encoding="utf-8")
    seen: list[str] = []

    def edit(html: str) -> str:
        seen.append(html)
        return html.replace("<head>", "<head><script>added();</script>")

    moved = externalise_site(tmp_path, edit=edit)
    assert seen == ["<html><head></head></html>"] and moved.pages == 1
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page == f'<html><head><script src="{script_path("added();")}"></script></head></html>'
