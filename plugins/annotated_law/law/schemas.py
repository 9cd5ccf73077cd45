"""JSON Schemas of the site_data files, and their violations as file:line problems."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataProblem
from .yaml_source import YamlDocument

if TYPE_CHECKING:  # imported where data is checked: a build that reuses its checked edition
    # (edition_cache.py) checks nothing and spares the 0.06 s jsonschema takes to import
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_NAMES = ("article", "article_previous", "law", "glossary")


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    folder = Path(__file__).parent / "schemas"
    return Registry().with_resources(
        (f"{name}.json", Resource.from_contents(json.loads((folder / f"{name}.json").read_text())))
        for name in SCHEMA_NAMES
    )


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = _registry()[f"{name}.json"].contents
    return Draft202012Validator(schema, registry=_registry())


def schema_problems(document: YamlDocument, name: str) -> list[DataProblem]:
    """Every place where ``document`` breaks schema ``name``, in file order."""
    problems = [_describe(document, error) for error in _validator(name).iter_errors(document.data)]
    return sorted(problems, key=lambda p: p.line or 0)


def _describe(document: YamlDocument, error: ValidationError) -> DataProblem:
    path = tuple(error.absolute_path)
    where = _dotted(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        key = unknown[0]
        return document.problem(
            (*path, key),
            f"unknown field {key!r}{' in ' + where if where else ''}"
            f" (allowed: {', '.join(allowed)})",
        )
    if error.validator == "required":
        return document.problem(path, f"{where or 'file'}: {error.message}")
    return document.problem(path, f"{where or 'file'}: {error.message}")


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
