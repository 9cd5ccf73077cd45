"""The package data files, read once at import time.

Reading here, not lazily, matters in the browser: a Pyodide memory snapshot taken after
``import law_calculators`` keeps Python objects but not the in-memory file system.
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
        raise ValueError(f"law_calculators/data/{name}: {exc}") from None


def _json(name: str) -> Any:
    try:
        return json.loads((_DATA / name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"law_calculators/data/{name}: {exc}") from None


VOCABULARY: dict[str, Any] = _toml("vocabulary.toml")
# the rules of each text, by text key: the Cybersecurity Law's versions, then "law/version"
RULE_FILE_NAMES: dict[str, str] = {
    "2016": "rules-2016.toml",
    "2025": "rules-2025.toml",
    "pipl/2021": "rules-pipl-2021.toml",
    "dsl/2021": "rules-dsl-2021.toml",
}
RULE_FILES: dict[str, dict[str, Any]] = {key: _toml(name) for key, name in RULE_FILE_NAMES.items()}
CORRESPONDENCE: dict[str, Any] = _toml("correspondence.toml")
STRUCTURE: dict[str, Any] = _json("structure.json")
CATALOGUE: dict[str, Any] = _json("catalogue.json")
TEST_VECTORS: dict[str, Any] = _json("test_vectors.json")
