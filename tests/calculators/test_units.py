"""Behaviour that the vectors do not show directly: the lighter rule, eager loading, the API."""

from __future__ import annotations

import pkgutil
import sys
from datetime import date
from decimal import Decimal

import csl_calculators
import pytest
from csl_calculators import severity, timeline
from csl_calculators.citations import csl
from csl_calculators.penalties import Fine, Outcome
from csl_calculators.rules import CLAUSES, Ref


def outcome(
    party: str, low: int, high: int, discretionary: bool = False, detention=None
) -> Outcome:
    fine = Fine(Decimal(low), Decimal(high), discretionary, "range")
    return Outcome(party, None, fine, detention, False, (), csl("2025", 61, 1))


def test_the_maximum_decides_before_the_minimum() -> None:
    old = [outcome("entity", 50_000, 100_000)]
    new = [outcome("entity", 0, 200_000)]
    assert severity.compare(old, new, "entity").verdict == "heavier"
    assert severity.compare(new, old, "entity").verdict == "lighter"


def test_detention_decides_before_fines() -> None:
    old = [outcome("individual", 0, 10_000, detention=(1, 5))]
    new = [outcome("individual", 0, 1_000_000, detention=(1, 3))]
    assert severity.compare(old, new, "individual").verdict == "lighter"


def test_a_discretionary_fine_counts_as_zero_at_the_low_end() -> None:
    mandatory = [outcome("entity", 10_000, 50_000)]
    discretionary = [outcome("entity", 10_000, 50_000, discretionary=True)]
    assert severity.compare(mandatory, discretionary, "entity").verdict == "lighter"


def test_a_lighter_2025_text_is_applied_to_earlier_conduct(monkeypatch) -> None:
    """No clause of the real texts is lighter in 2025, so the branch is checked with a stub rule."""
    monkeypatch.setattr(
        timeline, "compare", lambda *_: severity.Comparison("lighter", "stub", "stub")
    )
    clause = CLAUSES["2025"][Ref(61, 1)]
    asked = timeline.Request(clause, None, "aggravated", "entity")
    decision = timeline.decide(asked, {}, date(2025, 3, 1), date(2026, 3, 1))
    assert decision.applied is not None and decision.applied.clause.version == "2025"
    assert decision.law_in_time and decision.law_in_time["lighter"] == "2025"


def test_importing_the_package_imports_every_module_and_reads_every_data_file() -> None:
    package_dir = csl_calculators.__path__
    for module in pkgutil.iter_modules(package_dir):
        if module.name != "__main__":
            assert f"csl_calculators.{module.name}" in sys.modules, module.name
    data = csl_calculators.datafiles
    assert data.CATALOGUE["security_products"] and data.TEST_VECTORS["vectors"] and data.STRUCTURE


def test_the_python_api_mirrors_the_cli() -> None:
    result = csl_calculators.calculate_fine({"article": 64, "tier": "aggravated"})
    assert result["outcomes"][0]["fine"] == {
        "min": 50000,
        "max": 500000,
        "discretionary": False,
        "basis": "range",
    }
    with pytest.raises(csl_calculators.InputError) as caught:
        csl_calculators.calculate_fine({"article": 64, "tier": "nope"})
    assert caught.value.field == "tier"
    assert csl_calculators.check_certification({"product": "firewall"})["determination"] == "listed"


def test_schemas_describe_every_field_in_both_languages() -> None:
    for schema in (csl_calculators.FINE_INPUT_SCHEMA, csl_calculators.CERTIFICATION_INPUT_SCHEMA):
        for field in schema.as_list():
            assert field["help_en"] and field["help_zh"], field["name"]
            for choice in field.get("choices", []):
                assert choice["en"] and choice["zh"]
    index = csl_calculators.CLAUSE_INDEX
    assert index["2025"]["62"]["1"]["items"] == [1, 2, 3]
    assert index["2025"]["61"]["3"]["tiers"] == ["serious", "particularly_serious"]


def test_every_result_has_steps_citations_warnings_and_a_disclaimer() -> None:
    result = csl_calculators.calculate_fine({"article": 62, "item": 1, "tier": "serious"})
    assert result["steps"] and all(s["en"] and s["zh"] for s in result["steps"])
    assert all(s["citations"] for s in result["steps"])
    urls = {c["url"] for c in result["citations"]}
    assert {
        "law/csl/2025/article-62/#p1-i1",
        "law/csl/2025/article-62/#p2",
        "law/csl/2025/article-61/#p3",
    } <= urls
    assert result["disclaimer"]["en"] and result["disclaimer"]["zh"]
    assert isinstance(result["warnings"], list)
