"""The store of rendered pages kept between builds."""

from pathlib import Path

from annotated_law.rendering.render_cache import RenderCache


def test_a_key_names_every_input_and_where_each_ends() -> None:
    cache = RenderCache(Path("/nonexistent/rendered.json"), "salt")
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a") != RenderCache(Path("/nonexistent/x.json"), "other").key("a")
    assert cache.key("a", "b") == cache.key("a", "b")


def test_a_build_keeps_only_the_entries_it_used(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "rendered.json"
    first = RenderCache(file, "salt")
    first.put("old", {"content": "<p>old</p>"})
    first.put("kept", {"content": "<p>kept</p>"})
    first.save()
    second = RenderCache(file, "salt")
    assert second.get("kept") == {"content": "<p>kept</p>"}
    assert second.get("missing") is None
    second.put("new", {"content": "<p>new</p>"})
    second.save()
    assert RenderCache(file, "salt").entries == {
        "kept": {"content": "<p>kept</p>"},
        "new": {"content": "<p>new</p>"},
    }
    assert [p.name for p in file.parent.iterdir()] == ["rendered.json"]  # no partial file left


def test_a_damaged_store_is_an_empty_one(tmp_path: Path) -> None:
    file = tmp_path / "rendered.json"
    file.write_text('{"cut": ', encoding="utf-8")
    assert RenderCache(file, "salt").entries == {}
