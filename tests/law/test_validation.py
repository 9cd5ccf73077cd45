"""Broken site_data is refused with a message that names the file, the line and the fault."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from annotated_law import DataError, load_edition

from tests.conftest import SITE_DATA


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "site_data"
    shutil.copytree(SITE_DATA, copy)
    return copy


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` in a file and return the (1-based) line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_edition(data)
    return [str(p) for p in caught.value.problems]


def test_yaml_syntax_error(data: Path) -> None:
    file = data / "csl" / "articles" / "023.yaml"
    line = edit(file, "status: renumbered", "status: [renumbered")
    found = problems(data)
    assert len(found) == 1
    assert found[0].startswith("site_data/csl/articles/023.yaml:")
    assert "YAML syntax error" in found[0]
    assert int(found[0].split(":")[1]) >= line


def test_missing_english_for_a_paragraph(data: Path) -> None:
    file = data / "csl" / "articles" / "061.yaml"
    text = file.read_text(encoding="utf-8")
    english = re.search(r'^  en: (".*")$', text, re.MULTILINE)[1]
    line = edit(file, f"  en: {english}", "  en: ''")
    assert problems(data) == [
        f"site_data/csl/articles/061.yaml:{line - 1}: paragraph 1 has no English translation (en)"
    ]


def test_missing_english_for_an_item(data: Path) -> None:
    file = data / "csl" / "articles" / "023.yaml"
    text = file.read_text(encoding="utf-8")
    english = re.search(r'^    en: "\(2\) .*\n', text, re.MULTILINE)[0]
    line = edit(file, english, "")
    assert problems(data) == [
        f"site_data/csl/articles/023.yaml:{line - 1}: paragraph 1, item 2 has no English translation (en)"
    ]


def test_more_english_items_than_chinese(data: Path) -> None:
    file = data / "csl" / "articles" / "023.yaml"
    edit(file, "  - zh: （五）法律、行政法规规定的其他义务。\n", "  - zh: ''\n")
    found = problems(data)
    assert any(
        p.startswith("site_data/csl/articles/023.yaml:")
        and "paragraph 1 has 4 Chinese items but 5 English items" in p
        for p in found
    )


def test_more_english_paragraphs_than_chinese(data: Path) -> None:
    file = data / "csl" / "articles" / "026.yaml"
    line = edit(file, "- zh: 国家实施网络可信身份战略", "- zh: ''\n  #国家实施网络可信身份战略")
    found = problems(data)
    assert f"site_data/csl/articles/026.yaml:{line}: paragraph 2 has no Chinese text (zh)" in found
    assert (
        "site_data/csl/articles/026.yaml:4: 1 Chinese paragraphs but 2 English paragraphs" in found
    )


def test_duplicate_article_number(data: Path) -> None:
    file = data / "csl" / "articles" / "024.yaml"
    line = edit(file, "article: 24", "article: 23")
    found = problems(data)
    assert (
        f"site_data/csl/articles/024.yaml:{line}: 2025 article 23 is defined twice (also in site_data/csl/articles/023.yaml:1)"
        in found
    )


def test_skipped_article_number(data: Path) -> None:
    (data / "csl" / "articles" / "040.yaml").unlink()
    found = problems(data)
    assert any(
        re.match(r"site_data/csl/law.yaml:\d+: 2025 article 40 is missing", p) for p in found
    )


def test_article_outside_any_chapter(data: Path) -> None:
    law = data / "csl" / "law.yaml"
    line = edit(law, "articles: [78, 81]", "articles: [78, 80]")
    found = problems(data)
    assert any(
        p.startswith(
            "site_data/csl/articles/081.yaml:1: 2025 article 81 lies outside every chapter"
        )
        for p in found
    ), found
    assert line > 0


def test_amendment_metadata_naming_a_missing_article(data: Path) -> None:
    file = data / "csl" / "articles" / "061.yaml"
    line = edit(file, "from_previous: [59]", "from_previous: [59, 97]")
    found = problems(data)
    assert found == [
        f"site_data/csl/articles/061.yaml:{line}: from_previous names 2016 article 97, which does not exist (the 2016 text has 79)"
    ]


def test_merged_into_a_missing_article(data: Path) -> None:
    file = data / "csl" / "articles-2016" / "064.yaml"
    line = edit(file, "merged_into: 71", "merged_into: 710")
    assert problems(data) == [
        f"site_data/csl/articles-2016/064.yaml:{line}: merged_into names 2025 article 710, which does not exist (the 2025 text has 81)"
    ]


def test_changed_paragraph_that_does_not_exist(data: Path) -> None:
    file = data / "csl" / "articles" / "042.yaml"
    line = edit(file, "changed_paragraphs: [2]", "changed_paragraphs: [2, 5]")
    assert problems(data) == [
        f"site_data/csl/articles/042.yaml:{line}: changed_paragraphs names paragraph 5, but article 42 has 2"
    ]


def test_glossary_term_defined_twice(data: Path) -> None:
    glossary = data / "csl" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    first = text[: text.index("  - zh: 拘留")].count("\n") + 1
    glossary.write_text(
        text + text[text.index("  - zh: 拘留") : text.index("  - zh: 罚款")], encoding="utf-8"
    )
    found = problems(data)
    assert len(found) == 1
    assert re.fullmatch(
        rf"site_data/csl/glossary.yaml:\d+: glossary term 拘留 is defined twice \(first at line {first}\)",
        found[0],
    )


def test_unknown_field(data: Path) -> None:
    file = data / "csl" / "articles" / "061.yaml"
    line = edit(file, "status: amended", "stauts: amended")
    found = problems(data)
    assert (
        f"site_data/csl/articles/061.yaml:{line}: unknown field 'stauts' (allowed: article, changed_paragraphs, decision_items, from_previous, note, other_laws, paragraphs, status, text_previous)"
        in found
    )
    assert (
        "site_data/csl/articles/061.yaml:1: status is missing (new, amended, renumbered or unchanged)"
        in found
    )


def test_unknown_field_in_law_structure(data: Path) -> None:
    law = data / "csl" / "law.yaml"
    line = edit(law, "in_force_from: 2026-01-01", "in_force_form: 2026-01-01")
    found = problems(data)
    assert any(
        p.startswith(f"site_data/csl/law.yaml:{line}: unknown field 'in_force_form' in versions[1]")
        for p in found
    )


def test_cli_reports_problems_without_traceback(data: Path) -> None:
    edit(data / "csl" / "articles" / "061.yaml", "status: amended", "stauts: amended")
    run = subprocess.run(
        [sys.executable, "-m", "annotated_law", "--site-data", str(data), "check"],
        capture_output=True,
        text=True,
        cwd=data.parent,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "site_data/csl/articles/061.yaml:2: unknown field 'stauts'" in run.stderr


def test_altered_statute_text_is_refused_naming_both_places(data: Path) -> None:
    file = data / "csl" / "articles" / "061.yaml"
    line = edit(file, "拒不改正", "拒绝改正")
    official = (data / "csl" / "official" / "csl-2025.zh.txt").read_text(encoding="utf-8")
    official_line = official[: official.index("第六十一条")].count("\n") + 1
    assert problems(data) == [
        f"site_data/csl/articles/061.yaml:{line}: the Chinese of 2025 Art. 61 ¶1 differs from the "
        f"official text (site_data/csl/official/csl-2025.zh.txt:{official_line}): '绝' where the "
        "official text has '不' (…元以上五万元以下罚款；拒[不]改正或者导致危害网络安全…)"
    ]


def test_altered_2016_item_and_dropped_punctuation_are_refused(data: Path) -> None:
    file = data / "csl" / "articles-2016" / "064.yaml"
    text = file.read_text(encoding="utf-8")
    first_zh = re.search(r"^- zh: (.*)$", text, re.MULTILINE)[1]
    edit(file, first_zh, first_zh.replace("，", "", 1))
    [found] = problems(data)
    assert found.startswith("site_data/csl/articles-2016/064.yaml:")
    assert (
        "2016 Art. 64 ¶1 differs from the official text (site_data/csl/official/csl-2016.zh.txt:"
        in found
    )
    assert "nothing where the official text has '，'" in found


def test_changing_the_official_text_with_the_data_is_the_deliberate_way(data: Path) -> None:
    edit(data / "csl" / "articles" / "061.yaml", "拒不改正", "拒绝改正")
    edit(data / "csl" / "official" / "csl-2025.zh.txt", "拒不改正", "拒绝改正")
    assert (
        load_edition(data).law.versions["2025"].article(61).paragraphs[0].text.zh.count("拒绝改正")
        == 1
    )


def test_a_missing_official_text_is_named(data: Path) -> None:
    (data / "csl" / "official" / "csl-2016.zh.txt").unlink()
    [found] = problems(data)
    assert found.startswith("site_data/csl/law.yaml:")
    assert "cannot read the official text site_data/csl/official/csl-2016.zh.txt" in found
