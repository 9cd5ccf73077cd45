"""Fixtures for the calculator tests."""

from __future__ import annotations

import pytest

from tests.calculators.statute_corpus import CORPUS_FILES, parse_statute


@pytest.fixture(scope="session")
def corpus() -> dict[tuple[str, str], dict[int, list[int]]]:
    missing = [str(p) for p in CORPUS_FILES.values() if not p.exists()]
    if missing:
        pytest.skip(f"official texts not found beside the checkout: {missing}")
    return {key: parse_statute(path) for key, path in CORPUS_FILES.items()}
