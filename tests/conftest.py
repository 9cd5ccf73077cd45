"""Shared paths and the loaded edition for every test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from annotated_law import load_edition
from annotated_law.law.model import Edition

ROOT = Path(__file__).resolve().parents[1]
SITE_DATA = ROOT / "site_data"
# the official texts the edition must reproduce, with their provenance
CSL_SOURCES = SITE_DATA / "csl" / "official"


LAWS = ("csl", "pipl", "dsl")


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition(SITE_DATA)


@pytest.fixture(scope="session")
def editions() -> dict[str, Edition]:
    """Every law of the edition, by id."""
    return {law: load_edition(SITE_DATA, law) for law in LAWS}


def build(site_dir: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config),
            "--site-dir",
            str(site_dir),
        ],
        capture_output=True,
        text=True,
        cwd=config.parent,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("built") / "site"
    result = build(site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site
