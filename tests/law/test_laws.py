"""Several laws in one edition: loading, the command line, and what crosses laws."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from annotated_law import DataError
from annotated_law.law.collection import load_collection

from tests.conftest import SITE_DATA


def _cli(*args: str, site_data: Path = SITE_DATA) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotated_law", "--site-data", str(site_data), *args],
        capture_output=True,
        text=True,
        cwd=site_data.parent,
    )


def test_check_validates_every_law() -> None:
    run = _cli("check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "ok: csl: 81 articles (2025), 79 articles (2016), 37 glossary terms",
        "ok: dsl: 55 articles (2021), 17 glossary terms",
        "ok: pipl: 74 articles (2021), 17 glossary terms",
    ]


def test_export_of_a_data_law(editions) -> None:
    run = _cli("export", "--law", "pipl", "--version", "2021")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    article = editions["pipl"].law.current.article(66)
    assert data["articles"][65]["paragraphs"][1]["zh"] == article.paragraphs[1].text.zh
    assert data["in_force_from"] == "2021-11-01" and data["amended"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("export", "--law", "pipl", "--version", "2025"),
            "error: pipl has no '2025' text (it has 2021)",
        ),
        (("export", "--law", "gdpr", "--version", "2016"), "error: no law 'gdpr' in"),
    ],
)
def test_export_refuses_a_text_the_edition_does_not_hold(
    args: tuple[str, ...], message: str
) -> None:
    run = _cli(*args)
    assert run.returncode == 2 and message in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "site_data"
    shutil.copytree(SITE_DATA, copy)
    return copy


def test_a_link_to_another_laws_missing_chapter_is_refused_with_file_and_line(data: Path) -> None:
    path = data / "csl" / "articles" / "071.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- {law: dsl, chapter: 6}", "- {law: dsl, chapter: 9}"), encoding="utf-8"
    )
    line = text[: text.index("- {law: dsl, chapter: 6}")].count("\n") + 1
    with pytest.raises(DataError) as caught:
        load_collection(data, data.parent, ["csl", "pipl", "dsl"])
    assert [str(p) for p in caught.value.problems] == [
        f"site_data/csl/articles/071.yaml:{line}: other_laws: dsl has no chapter 9 (it has 7)"
    ]


def test_a_commentary_link_to_a_missing_article_of_another_law_is_refused(data: Path) -> None:
    path = data / "csl" / "commentary" / "2025" / "071.en.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body = lines.index("---", 1) + 1
    lines.insert(body + 1, "See [PIPL art. 99](pipl:2021/99) and [GDPR](gdpr:2016/5).")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_collection(data, data.parent, ["csl", "pipl", "dsl"])
    problems = [str(p) for p in caught.value.problems]
    assert (
        problems[0]
        == f"site_data/csl/commentary/2025/071.en.md:{body + 2}: link to pipl 2021 article 99, which does not exist"
    )
    assert problems[1].endswith(
        "link to gdpr:2016, a text the edition does not hold (it holds csl:2025, csl:2016, dsl:2021, pipl:2021)"
    )


def test_the_reference_check_refuses_an_article_a_law_does_not_have(data: Path) -> None:
    path = data / "dsl" / "articles" / "046.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("本法第三十一条", "本法第六十一条", 1), encoding="utf-8")
    run = _cli("check", site_data=data)
    assert run.returncode == 1
    assert "site_data/dsl/articles/046.yaml" in run.stderr and "Traceback" not in run.stderr
