"""The package data files, read once at import time.

Reading here, not lazily, matters in the browser: a Pyodide memory snapshot taken after
``import csl_calculators`` keeps Python objects but not the in-memory file system.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from typing import Any

_DATA = resources.files(__package__) / "data"


def _toml(name: str) -> dict[str, Any]:
    try:
        return tomllib.loads((_DATA / name).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:  # the message has the line; add the file
        raise ValueError(f"csl_calculators/data/{name}: {exc}") from None


def _json(name: str) -> Any:
    try:
        return json.loads((_DATA / name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"csl_calculators/data/{name}: {exc}") from None


VOCABULARY: dict[str, Any] = _toml("vocabulary.toml")
RULE_FILES: dict[str, dict[str, Any]] = {
    "2016": _toml("rules-2016.toml"),
    "2025": _toml("rules-2025.toml"),
}
CORRESPONDENCE: dict[str, Any] = _toml("correspondence.toml")
STRUCTURE: dict[str, Any] = _json("structure.json")
CATALOGUE: dict[str, Any] = _json("catalogue.json")
TEST_VECTORS: dict[str, Any] = _json("test_vectors.json")
