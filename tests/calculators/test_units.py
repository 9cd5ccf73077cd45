"""Behaviour that the vectors do not show directly: the lighter rule, eager loading, the API."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from datetime import date
from decimal import Decimal

import law_calculators
import pytest
from law_calculators import severity, timeline
from law_calculators.citations import csl
from law_calculators.penalties import Fine, Outcome
from law_calculators.rules import CLAUSES, Ref


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
    package_dir = law_calculators.__path__
    for module in pkgutil.iter_modules(package_dir):
        if module.name not in ("__main__", "cli"):
            assert f"law_calculators.{module.name}" in sys.modules, module.name
    data = law_calculators.datafiles
    assert data.CATALOGUE["security_products"] and data.TEST_VECTORS["vectors"] and data.STRUCTURE


@pytest.mark.skipif(sys.platform == "emscripten", reason="needs a subprocess")
def test_importing_the_package_leaves_the_command_line_out_of_the_pages_snapshot() -> None:
    # what `import law_calculators` imports is what the page's memory snapshot carries
    probe = "import sys, law_calculators; print(sorted({'argparse', 'law_calculators.cli'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_python_api_mirrors_the_cli() -> None:
    result = law_calculators.calculate_fine({"article": 64, "tier": "aggravated"})
    assert result["outcomes"][0]["fine"] == {
        "min": 50000,
        "max": 500000,
        "discretionary": False,
        "basis": "range",
    }
    with pytest.raises(law_calculators.InputError) as caught:
        law_calculators.calculate_fine({"article": 64, "tier": "nope"})
    assert caught.value.field == "tier"
    assert law_calculators.check_certification({"product": "firewall"})["determination"] == "listed"


def test_schemas_describe_every_field_in_both_languages() -> None:
    for schema in (law_calculators.FINE_INPUT_SCHEMA, law_calculators.CERTIFICATION_INPUT_SCHEMA):
        for field in schema.as_list():
            assert field["help_en"] and field["help_zh"], field["name"]
            for choice in field.get("choices", []):
                assert choice["en"] and choice["zh"]
    index = law_calculators.CLAUSE_INDEX
    assert index["2025"]["62"]["1"]["items"] == [1, 2, 3]
    assert index["2025"]["61"]["3"]["tiers"] == ["serious", "particularly_serious"]


def test_every_result_has_steps_citations_warnings_and_a_disclaimer() -> None:
    result = law_calculators.calculate_fine({"article": 62, "item": 1, "tier": "serious"})
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


# --- issue 13: the corrections of rules_version 2026.2 -----------------------------------------


def _steps(result: dict) -> str:
    return (
        "\n".join(s["en"] for s in result["steps"])
        + "\n"
        + "\n".join(s["zh"] for s in result["steps"])
    )


def test_alternatives_joined_by_or_are_explained_as_one_of() -> None:
    """2025 Art. 69(2): 或者 joins the business sanctions; one is imposed (D2)."""
    text = _steps(law_calculators.calculate_fine({"article": 69, "tier": "particularly_serious"}))
    assert "one of: suspension of the related business" in text
    assert "(mandatory: one of them is imposed" in text
    assert "suspension of the related business (mandatory)" not in text
    assert (
        "应当择一给予：暂停相关业务、停业整顿、关闭网站或者应用程序、吊销相关业务许可证或者吊销营业执照"
        in text
    )


def test_the_business_sanctions_count_once_in_the_comparison() -> None:
    sanctions = (
        ("suspend_business", True),
        ("suspend_for_rectification", True),
        ("revoke_business_licence", True),
    )
    one = Outcome("entity", None, None, None, False, (("warning", True),), csl("2025", 69, 2))
    many = Outcome("entity", None, None, None, False, sanctions, csl("2025", 69, 2))
    counts = {c.en: c.value for c in severity.components([many], "entity")}
    assert counts["number of mandatory non-monetary penalties"] == 1
    assert severity.compare([one], [many], "entity").verdict == "equal"


def test_mitigated_fines_and_detention_say_below_the_minimum_never_zero_mandatory() -> None:
    """Art. 32: 减轻 is below the statutory minimum; no '0日以上' and no mandatory 0 floor (D14)."""
    result = law_calculators.calculate_fine(
        {
            "article": 66,
            "offender": "individual",
            "tier": "aggravated",
            "circumstances": ["coerced_or_induced"],
        }
    )
    text = _steps(result)
    assert "0日以上" not in text and "CNY 0 to" not in text
    assert "or mitigated (减轻), fewer than 5 days" in text
    assert "or mitigated (减轻), below CNY 100,000" in text
    aggravated = law_calculators.calculate_fine(
        {
            "article": 61,
            "paragraph": 1,
            "tier": "aggravated",
            "circumstances": ["eliminated_or_reduced_harm"],
        }
    )
    fine = aggravated["steps"][-2]["en"].split(";")[0]
    assert "below CNY 50,000" in fine and "(mandatory)" not in fine
    base = law_calculators.calculate_fine(
        {"article": 66, "offender": "individual", "circumstances": ["coerced_or_induced"]}
    )
    assert base["outcomes"][0]["detention_days"] == {"min": 1, "max": 3}
    assert "拘留1日以上3日以下" in _steps(base)


def test_a_decision_date_alone_bounds_the_conduct() -> None:
    """Without conduct_date, a 2025 decision can only apply the 2016 text (D1)."""
    clause = CLAUSES["2025"][Ref(61, 1)]
    asked = timeline.Request(clause, None, "aggravated", "entity")
    decision = timeline.decide(asked, {}, None, date(2025, 6, 1))
    assert decision.applied is not None and decision.applied.clause.version == "2016"
    assert decision.law_in_time and decision.law_in_time["text_at_conduct"] == "2016"
    after = timeline.decide(asked, {}, None, date(2026, 6, 1))
    assert after.applied is not None and after.applied.clause.version == "2025"
    assert [n.code for n in after.notices] == ["no_conduct_date"]


def test_the_limitation_warning_uses_the_assumed_decision_date() -> None:
    """Without decision_date the decision is taken to come on or after 2026-01-01 (D5)."""

    def warned(conduct: str) -> bool:
        result = law_calculators.calculate_fine(
            {"article": 61, "paragraph": 1, "tier": "aggravated", "conduct_date": conduct}
        )
        return "limitation_may_have_run" in {w["code"] for w in result["warnings"]}

    assert warned("2019-03-01") and warned("2023-12-31")
    assert not warned("2024-01-01") and not warned("2025-06-01")


def test_illegal_gains_are_confiscated_under_every_clause() -> None:
    """Administrative Penalty Law art. 28(2): with any gains, confiscation is mandatory (D3)."""
    for request in (
        {"article": 61, "paragraph": 1},
        {"article": 64, "tier": "aggravated"},
        {"article": 65},
        {"article": 69},
        {"article": 70, "item": 2},
        {"version": "2016", "article": 64, "paragraph": 1},
    ):
        with_gains = law_calculators.calculate_fine(request | {"illegal_gains": 1})
        offender = with_gains["outcomes"][0]
        assert offender["confiscation"] is True, request
        assert "confiscate_illegal_gains" not in {m["code"] for m in offender["measures"]}
        without = law_calculators.calculate_fine(request)
        if request.get("version") != "2016":
            assert without["outcomes"][0]["confiscation"] is False, request
    step = law_calculators.calculate_fine({"article": 65, "illegal_gains": 5000})["steps"]
    assert any("art. 28(2)" in s["en"] and s["citations"][0]["article"] == 28 for s in step)


def test_the_persons_fine_of_2016_art_64_is_read_as_mandatory_and_the_reading_is_stated() -> None:
    result = law_calculators.calculate_fine({"version": "2016", "article": 64, "paragraph": 1})
    persons = result["outcomes"][1]
    assert persons["party"] == "responsible_persons" and persons["fine"]["discretionary"] is False
    text = _steps(result)
    assert "natural reading that it is mandatory" in text and "it would be discretionary" in text


def test_the_widened_art_77_is_said_in_the_mapping_step() -> None:
    result = law_calculators.calculate_fine(
        {"version": "2016", "article": 75, "conduct_date": "2026-02-01"}
    )
    assert "Widened in 2025" in _steps(result) and "扩大了适用范围" in _steps(result)


def test_a_concurrence_keeps_detention_and_fines_persons_under_the_governing_provision() -> None:
    """D8 and D9: art. 29 limits fines only; one provision governs the act."""
    tie = law_calculators.calculate_fine(
        {
            "offender": "individual",
            "violations": [{"article": 66}, {"article": 68, "tier": "aggravated"}],
        }
    )
    assert tie["outcomes"][0]["detention_days"] == {"min": 5, "max": 15}
    reversed_order = law_calculators.calculate_fine(
        {
            "offender": "individual",
            "violations": [{"article": 68, "tier": "aggravated"}, {"article": 66}],
        }
    )
    assert reversed_order["outcomes"][0]["detention_days"] == {"min": 5, "max": 15}
    mixed = law_calculators.calculate_fine(
        {
            "violations": [{"article": 63}, {"article": 61, "paragraph": 1, "tier": "serious"}],
            "illegal_gains": 10**6,
        }
    )
    assert [o["party"] for o in mixed["outcomes"]] == ["entity"]
    assert "Art. 61(3) (2025)" not in mixed["steps"][0]["en"].split("governs")[0]
    assert (
        "fine on the responsible persons under Art. 61(1) (2025) is therefore not imposed"
        in mixed["steps"][0]["en"]
    )


def test_a_referral_in_a_concurrence_is_not_left_to_the_csl_fine() -> None:
    """D7: the law referred to (PIPL art. 66) may carry the higher fine."""
    result = law_calculators.calculate_fine(
        {
            "violations": [
                {"article": 61, "paragraph": 1},
                {"article": 71, "paragraph": 1, "item": 2},
            ]
        }
    )
    warning = next(w for w in result["warnings"] if w["code"] == "concurrence_with_referred_law")
    assert "PIPL art. 66" in warning["en"] and "RMB 50,000,000" in warning["en"]
    assert {"law": "pipl", "article": 66} in [
        {"law": c["law"], "article": c["article"]} for c in warning["citations"]
    ]
    assert "governs." not in result["steps"][0]["en"]


def test_the_notice_of_art_69_is_labelled_as_the_editors_reading() -> None:
    result = law_calculators.calculate_fine({"article": 69})
    assert "circulate a notice (予以通报; treated as 通报批评 — editors' reading)" in _steps(result)
    warning = next(w for w in result["warnings"] if w["code"] == "editors_reading")
    assert [(c["law"], c["article"]) for c in warning["citations"]] == [("csl", 69), ("apl", 9)]


def test_the_certification_check_names_the_sale_and_carries_the_exposures_warnings() -> None:
    result = law_calculators.check_certification({"product": "secure_network_storage"})
    codes = [w["code"] for w in result["warnings"]]
    assert "no_conduct_date" in codes and "illegal_gains_not_given" in codes
    no_date = next(w for w in result["warnings"] if w["code"] == "no_conduct_date")
    assert no_date["en"].startswith("No date of sale given") and "you named" not in no_date["en"]
    assert no_date["zh"].startswith("未填写销售日期")
    with pytest.raises(law_calculators.InputError) as caught:
        law_calculators.check_certification(
            {"product": "other_equipment", "sale_date": "2026-03-01", "decision_date": "2026-02-01"}
        )
    assert caught.value.field == "decision_date" and "the sale" in caught.value.message


# --- rules_version 2026.3: the PIPL and the DSL -------------------------------------------------


def test_the_law_field_and_its_versions() -> None:
    fields = {f["name"]: f for f in law_calculators.FINE_INPUT_SCHEMA.as_list()}
    assert [c["value"] for c in fields["law"]["choices"]] == ["csl", "pipl", "dsl"]
    assert fields["law"]["default"] == "csl"
    assert fields["annual_turnover"]["unit"] == "CNY"
    assert "law" in {f["name"] for f in fields["violations"]["fields"]}
    index = law_calculators.CLAUSE_INDEX_BY_LAW
    assert index["csl"] == law_calculators.CLAUSE_INDEX
    assert index["pipl"]["2021"]["66"]["2"]["tiers"] == ["aggravated"]
    assert index["dsl"]["2021"]["47"]["1"]["offenders"] == ["entity"]
    result = law_calculators.calculate_fine({"law": "dsl", "article": 48, "paragraph": 1})
    assert result["request"]["version"] == "2021" and result["law"] == "dsl"
    assert result["request"]["clause"]["url"] == "law/dsl/2021/article-48/#p1"
    for bad in (
        {"law": "pipl", "version": "2016", "article": 66},
        {"version": "2021", "article": 61},
    ):
        with pytest.raises(law_calculators.InputError) as caught:
            law_calculators.calculate_fine(bad)
        assert caught.value.field == "version"


def test_pipl_66_2_says_which_cap_is_the_top_and_that_it_is_a_reading() -> None:
    given = law_calculators.calculate_fine(
        {"law": "pipl", "article": 66, "paragraph": 2, "tier": "aggravated", "annual_turnover": 4e9}
    )
    text = _steps(given)
    assert "fine up to CNY 50,000,000 or up to 5% of the previous year's turnover" in text
    assert "(CNY 200,000,000 of the turnover of CNY 4,000,000,000)" in text
    assert "the higher cap, CNY 200,000,000, is taken as the top of the exposure" in text
    assert "上一年度营业额百分之五以下" in text
    readings = [w for w in given["warnings"] if w["code"] == "editors_reading"]
    assert any("does not say which of them applies" in w["en"] for w in readings)
    assert all(w["en"] and w["zh"] and w["citations"] for w in readings)
    missing = law_calculators.calculate_fine(
        {"law": "pipl", "article": 66, "paragraph": 2, "tier": "aggravated"}
    )
    assert "the turnover cap cannot be computed" in _steps(missing)
    assert "annual_turnover_not_given" in [w["code"] for w in missing["warnings"]]
    unused = law_calculators.calculate_fine({"law": "pipl", "article": 66, "paragraph": 1})
    assert "annual_turnover_not_given" not in [w["code"] for w in unused["warnings"]]


def test_the_readings_of_pipl_66_are_labelled() -> None:
    result = law_calculators.calculate_fine({"law": "pipl", "article": 66, "paragraph": 1})
    readings = [w["en"] for w in result["warnings"] if w["code"] == "editors_reading"]
    assert any("applying to every case under paragraph 1" in r for r in readings)
    assert any("suspend or terminate its service" in r for r in readings)  # the app order


def test_a_circumstance_the_clause_negates_is_refused() -> None:
    with pytest.raises(law_calculators.InputError) as caught:
        law_calculators.calculate_fine(
            {
                "law": "dsl",
                "article": 45,
                "paragraph": 2,
                "circumstances": ["minor_promptly_corrected_no_harm"],
            }
        )
    assert caught.value.field == "circumstances"
    assert "危害国家主权、安全和发展利益" in caught.value.message
    allowed = law_calculators.calculate_fine(
        {"law": "dsl", "article": 45, "paragraph": 2, "circumstances": ["coerced_or_induced"]}
    )
    assert allowed["outcomes"][0]["fine"]["mitigated_below"] == 2_000_000


def test_conduct_before_the_pipl_points_to_the_law_then_in_force() -> None:
    result = law_calculators.calculate_fine(
        {"law": "pipl", "article": 66, "paragraph": 1, "conduct_date": "2021-06-01"}
    )
    assert result["no_penalty"] and result["outcomes"] == []
    text = _steps(result)
    assert "precedes 2021-11-01" in text
    assert (
        "where the Cybersecurity Law reaches the conduct, the calculator computes it in its 2016"
        in text
    )
    assert {(c["law"], c["article"]) for c in result["citations"]} >= {("pipl", 74), ("apl", 37)}


def test_a_referral_to_a_computed_law_says_how_to_compute_it() -> None:
    result = law_calculators.calculate_fine({"article": 71, "paragraph": 1, "item": 3})
    text = _steps(result)
    assert "The calculator computes PIPL art. 66, DSL art. 46" in text
    assert "ask for each on its own, or add them as provisions breached by the same act" in text


def test_across_laws_the_concurrence_names_the_laws_and_compares_the_referred_law() -> None:
    """D7 with the PIPL computed: the referral's law takes part in the art. 29 comparison."""
    result = law_calculators.calculate_fine(
        {
            "annual_turnover": 3_000_000_000,
            "violations": [
                {"article": 61, "paragraph": 1, "tier": "aggravated"},
                {"article": 71, "paragraph": 1, "item": 2},
                {"law": "pipl", "article": 66, "paragraph": 2, "tier": "aggravated"},
            ],
        }
    )
    assert result["governing_violation"] == 2 and result["law"] == "pipl"
    assert result["outcomes"][0]["fine"]["max"] == 150_000_000
    step = result["steps"][0]["en"]
    assert step.startswith("One act breaches provisions of several laws (CSL, PIPL)")
    assert "PIPL Art. 66(2) has the higher fine" in step and "governs." in step
    codes = [w["code"] for w in result["warnings"]]
    assert "referred_law_compared" in codes and "concurrence_with_referred_law" not in codes
    labels = [v["request"]["clause"]["en"] for v in result["violations"]]
    assert labels[2] == "Personal Information Protection Law of the PRC, Art. 66(2)"
    # the CSL fine is the higher where the PIPL's is lower: the measures of both are kept
    csl_first = law_calculators.calculate_fine(
        {
            "violations": [
                {"article": 69, "paragraph": 1, "tier": "aggravated"},
                {"law": "pipl", "article": 66, "paragraph": 1},
            ]
        }
    )
    assert csl_first["governing_violation"] == 0 and csl_first["law"] == "csl"
    codes = {m["code"] for m in csl_first["outcomes"][0]["measures"]}
    assert {"suspend_or_terminate_app_service", "notice_of_criticism"} <= codes
    assert "CSL Art. 69(1) (2025) has the higher fine" in csl_first["steps"][0]["en"]
