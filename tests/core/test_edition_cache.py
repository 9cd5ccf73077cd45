"""The checked edition and its pages kept between builds, under the SHA-256 of what they read."""

import shutil
from pathlib import Path

from annotated_law.rendering import edition_cache


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "site_data"
    (data / "csl" / "articles").mkdir(parents=True)
    (data / "csl" / "law.yaml").write_text("id: csl\n", encoding="utf-8")
    (data / "csl" / "articles" / "001.yaml").write_text("number: 1\n", encoding="utf-8")
    return data


def test_the_key_changes_with_any_file_its_name_or_the_options(tmp_path: Path) -> None:
    data = _data(tmp_path)
    first = edition_cache.key(data, "csl")
    assert edition_cache.key(data, "csl") == first
    assert edition_cache.key(data, "csl,pipl") != first
    article = data / "csl" / "articles" / "001.yaml"
    article.write_text("number: 2\n", encoding="utf-8")
    assert edition_cache.key(data, "csl") != first
    article.write_text("number: 1\n", encoding="utf-8")
    assert edition_cache.key(data, "csl") == first
    article.rename(data / "csl" / "articles" / "002.yaml")
    assert edition_cache.key(data, "csl") != first
    shutil.rmtree(data / "csl" / "articles")
    (data / "csl" / "articles.yaml").write_text("number: 1\n", encoding="utf-8")
    assert edition_cache.key(data, "csl") != first


def test_a_stored_result_is_read_back_under_its_own_name_only(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "edition.pickle"
    assert edition_cache.load(file, "a") is None
    edition_cache.store(file, "a", ([1, 2], {"page": "text"}))
    assert edition_cache.load(file, "a") == ([1, 2], {"page": "text"})
    assert edition_cache.load(file, "b") is None
    assert [p.name for p in file.parent.iterdir()] == ["edition.pickle"]
    file.write_bytes(b"\x80\x05damaged")
    assert edition_cache.load(file, "a") is None
