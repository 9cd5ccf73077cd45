"""`python -m annotated_law export` prints each version exactly as the official text has it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from annotated_law.law.official_text import parse_official_text

from tests.conftest import CSL_SOURCES, ROOT


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotated_law", *args], capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.parametrize("version", ["2016", "2025"])
def test_export_matches_the_official_text(version: str) -> None:
    run = _export("export", "--law", "csl", "--version", version)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert (data["law"], data["version"]) == ("csl", version)
    official = parse_official_text(CSL_SOURCES / f"csl-{version}.zh.txt")
    assert len(data["articles"]) == len(official.articles)
    for exported, article in zip(data["articles"], official.articles, strict=True):
        assert exported["number"] == article.number
        assert exported["chapter"] == article.chapter and exported["section"] == article.section
        assert [p["zh"] for p in exported["paragraphs"]] == [p.text for p in article.paragraphs]
        assert [[i["zh"] for i in p["items"]] for p in exported["paragraphs"]] == [
            p.items for p in article.paragraphs
        ]
        assert all(p["en"] for p in exported["paragraphs"])
        assert {"status", "paragraphs"} <= set(exported)
    if version == "2025":
        article_61 = data["articles"][60]
        assert (article_61["status"], article_61["predecessors"]) == ("amended", [59])


def test_export_rejects_an_unknown_version_without_traceback() -> None:
    run = _export("export", "--law", "csl", "--version", "2015")
    assert run.returncode == 2
    assert (
        "error: csl has no '2015' text (it has 2025, 2016)" in run.stderr
        and "Traceback" not in run.stderr
    )
