"""A cross-reference that points nowhere, or differs between the languages, is refused."""

import shutil
from pathlib import Path

from annotated_law import load_edition
from annotated_law.law.reference_check import reference_problems

from tests.conftest import SITE_DATA


def test_the_edition_has_no_reference_problem(edition) -> None:
    assert reference_problems(edition) == []


def test_english_reference_to_a_missing_article(tmp_path: Path) -> None:
    data = tmp_path / "site_data"
    shutil.copytree(SITE_DATA, data)
    file = data / "csl" / "articles" / "061.yaml"
    text = file.read_text(encoding="utf-8")
    assert "Articles 23 and 27 of this Law" in text
    file.write_text(
        text.replace("Articles 23 and 27 of this Law", "Articles 23 and 97 of this Law", 1),
        encoding="utf-8",
    )
    problems = [str(p) for p in reference_problems(load_edition(data))]
    assert problems == [
        "site_data/csl/articles/061.yaml:1: 2025 Art. 61 ¶1 (en): cross-reference '97' points to a provision that does not exist",
        "site_data/csl/articles/061.yaml:1: 2025 Art. 61 ¶1: the English cites other provisions than the Chinese",
    ]
