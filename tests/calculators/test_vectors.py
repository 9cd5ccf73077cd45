"""The published test vectors (law_calculators/data/test_vectors.json) must all hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from law_calculators import run_json
from law_calculators.datafiles import TEST_VECTORS
from law_calculators.rules import CLAUSES, tiers_of

VECTORS = TEST_VECTORS["vectors"]


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where `actual` departs from `expected` (the matching rule stated in the vectors file)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += mismatches(value, actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} entries, got {actual!r}"]
        return [
            m
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for m in mismatches(e, a, f"{path}[{i}]")
        ]
    if expected != actual or (type(expected) is bool and type(actual) is not bool):
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def run_vector(vector: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    text = vector.get("input_text") or json.dumps(vector["input"])
    status, output = run_json(vector["command"], text)
    return status, json.loads(output)


def test_there_are_enough_vectors_and_ids_are_unique() -> None:
    ids = [v["id"] for v in VECTORS]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids)


def test_vectors_cover_every_clause_and_tier_of_every_text() -> None:
    """Every clause (paragraph or item) and tier of every text (CSL 2016 and 2025, PIPL, DSL) is
    asked for by a passing vector."""
    asked = set()
    for vector in VECTORS:
        status, result = run_vector(vector)
        if vector["command"] != "fine" or status != 0:
            continue
        for single in result.get("violations") or [result]:
            clause, tier = single["request"]["clause"], single["request"]["tier"]
            key = (clause["law"], clause["version"], clause["article"], clause["paragraph"], tier)
            asked.add(key)
    missing = [
        (clause.law, clause.version, clause.article, clause.paragraph, tier)
        for text in CLAUSES
        for clause in CLAUSES[text].values()
        for tier in tiers_of(clause)
        if (clause.law, clause.version, clause.article, clause.paragraph, tier) not in asked
    ]
    assert not missing


def test_every_tier_of_the_pipl_and_dsl_has_a_vector_that_fixes_its_figures() -> None:
    """The new laws' penalty tiers are each pinned by a vector that states the outcomes."""
    pinned = set()
    for vector in VECTORS:
        if vector["command"] != "fine" or "outcomes" not in vector["expect"]:
            continue
        data = vector["input"]
        if data.get("law") in ("pipl", "dsl") and data.get("article") is not None:
            status, result = run_vector(vector)
            if status == 0 and result["outcomes"]:
                clause = result["request"]["clause"]
                pinned.add(
                    (
                        clause["law"],
                        clause["article"],
                        clause["paragraph"],
                        data.get("tier", "base"),
                    )
                )
    wanted = {
        (clause.law, clause.article, clause.paragraph, tier)
        for text in CLAUSES
        for clause in CLAUSES[text].values()
        if clause.law != "csl" and clause.kind == "penalty"
        for tier in tiers_of(clause)
    }
    assert wanted - pinned == set()


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector(vector: dict[str, Any]) -> None:
    status, result = run_vector(vector)
    expect = dict(vector["expect"])
    assert status == expect.pop("status", 0), result
    warnings = expect.pop("warnings", [])
    codes = {w["code"] for w in result.get("warnings", [])}
    assert set(warnings) <= codes, f"missing warnings {set(warnings) - codes}"
    problems = mismatches(expect, result)
    assert not problems, "\n".join(problems)
