"""Shared paths and the loaded edition for every test."""

from __future__ import annotations

from pathlib import Path

import pytest
from annotated_law import load_edition
from annotated_law.model import Edition

ROOT = Path(__file__).resolve().parents[1]
SITE_DATA = ROOT / "site_data"
# ../shared beside the checkout holds the official texts the edition must reproduce
SHARED = ROOT.parent / "shared"
CSL_SOURCES = SHARED / "sources" / "csl"


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition(SITE_DATA)
