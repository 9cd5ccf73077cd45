"""The words of a result are for lawyers and compliance officers (issue 14): they name the form's
fields by their labels, write dates one way (YYYY-MM-DD), keep English out of the Chinese, and
carry no research source tags ([S1])."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from law_calculators import run_json
from law_calculators.certification import ENTRIES
from law_calculators.datafiles import CATALOGUE, TEST_VECTORS
from law_calculators.rules import AMOUNT_WORDS
from law_calculators.schema import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA
from law_calculators.timeline import CONDUCT, DECISION_EN, DECISION_ZH, SALE

FIELD_NAMES = re.compile(
    r"conduct_date|decision_date|sale_date|illegal_gains|procurement_amount|annual_turnover"
    r"|violations\[|`|\bexposure\)|见exposure"
)
TIER_CODES = re.compile(
    r"\b[Tt]ier (base|aggravated|serious|particularly_serious)\b"
    r"|(base|aggravated|serious|particularly_serious)档"
)
CHINESE_DATE = re.compile(r"[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日")
SOURCE_TAG = re.compile(r"\[[SC][0-9]")
# Latin letters a Chinese sentence may carry: unit symbols and codes the Chinese standards and
# sources use themselves (Gbps, GB/T, CPU, PLC, TC260, CCIA), and the names of products (IDS, UTM)
CHINESE_MAY_CARRY = {"GB", "Tbps", "Gpps", "CPU", "PLC", "UTM", "USB", "IDS", "IPS", "TC", "CCIA"}
CHINESE_MAY_CARRY |= {"YYYY", "MM", "DD"}  # the date format the form and the command line take

FINE_INPUTS: list[dict[str, Any]] = [
    {"article": 61, "paragraph": 1},
    {"article": 61, "paragraph": 1, "tier": "serious"},
    {"article": 61, "paragraph": 1, "tier": "aggravated", "conduct_date": "2025-06-01"},
    {"article": 61, "paragraph": 1, "decision_date": "2025-06-01"},
    {"article": 61, "paragraph": 1, "decision_date": "2017-03-01"},
    {"article": 61, "paragraph": 1, "conduct_date": "2015-01-01"},
    {"article": 61, "paragraph": 1, "conduct_date": "2019-01-01"},
    {"article": 63},
    {"article": 63, "illegal_gains": 100_000, "conduct_date": "2026-03-01"},
    {"article": 67, "procurement_amount": 0},
    {"article": 71, "paragraph": 1, "item": 3},
    {"article": 73},
    {"version": "2016", "article": 64, "paragraph": 1, "tier": "aggravated"},
    {"version": "2016", "article": 75},
    {"law": "pipl", "article": 66, "paragraph": 2, "tier": "aggravated"},
    {"law": "pipl", "article": 66, "paragraph": 1, "conduct_date": "2021-06-01"},
    {"law": "pipl", "article": 66, "paragraph": 1, "decision_date": "2021-10-01"},
    {"law": "dsl", "article": 45, "paragraph": 1},
    {
        "article": 61,
        "paragraph": 1,
        "tier": "aggravated",
        "circumstances": ["first_violation_minor_harm_promptly_corrected"],
    },
    {"violations": [{"article": 71, "paragraph": 1, "item": 3}, {"law": "dsl", "article": 46}]},
    {"violations": [{"article": 71, "paragraph": 1, "item": 2}, {"article": 61, "paragraph": 1}]},
]
# input the engine refuses on the law's terms (not on the form of the JSON)
REFUSED: list[dict[str, Any]] = [
    {"article": 64, "tier": "serious"},
    {"article": 62, "paragraph": 1, "tier": "serious"},
    {"article": 67, "offender": "individual"},
    {"article": 67},
    {"article": 23},
    {"law": "pipl", "article": 65},
    {"article": 63, "item": 1},
    {"version": "2016", "article": 69, "conduct_date": "2024-05-01"},
    {"article": 61, "paragraph": 3, "conduct_date": "2025-01-01"},
    {
        "article": 61,
        "paragraph": 1,
        "tier": "serious",
        "circumstances": ["minor_promptly_corrected_no_harm"],
    },
    {
        "law": "dsl",
        "article": 45,
        "paragraph": 2,
        "circumstances": ["minor_promptly_corrected_no_harm"],
    },
    {"violations": [{"article": 61, "paragraph": 1}, {"article": 61, "paragraph": 1}]},
    {"law": "pipl", "version": "2025", "article": 66},
    {"conduct_date": "2026-03-01", "decision_date": "2026-02-01", "article": 61},
]
CERTIFICATION_INPUTS: list[dict[str, Any]] = [
    {"product": key} | extra
    for key in [*ENTRIES, "other_equipment", "other_security_product"]
    for extra in ({}, {"sale_date": "2020-01-01"}, {"decision_date": "2025-01-01"})
] + [
    {
        "product": "rack_server",
        "specs": {"cpu_count": 8, "cores_per_cpu": 14, "memory_capacity": 256},
    },
    {
        "product": "rack_server",
        "specs": {"cpu_count": 8, "cores_per_cpu": 4, "memory_capacity": 16},
    },
    {"product": "router", "specs": {"whole_system_routing_table_capacity": 1}},
    {"product": "plc", "specs": {"controller_instruction_execution_time": 0.01}},
    {"product": "switch", "specs": {"cpu_count": 1}},
    {"product": "firewall", "specs": {"cpu_count": 1}},
    {"product": "router", "sale_date": "2017-05-01"},
]


def _run(command: str, data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(run_json(command, json.dumps(data))[1])


def _messages(out: Any) -> list[tuple[str, str]]:
    """Every (English, Chinese) pair a reader is shown: steps, warnings, reasons, answers,
    requirements, the error message."""
    found: list[tuple[str, str]] = []
    todo = [out]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if isinstance(item.get("en"), str) and isinstance(item.get("zh"), str):
                found.append((item["en"], item["zh"]))
            if "message" in item:
                found.append((item["message"], item["message_zh"]))
            todo += item.values()
        elif isinstance(item, list):
            todo += item
    return found


def _all_messages() -> list[tuple[str, str]]:
    outs = [_run("fine", d) for d in FINE_INPUTS + REFUSED]
    outs += [_run("certification", d) for d in CERTIFICATION_INPUTS]
    outs += [_run(v["command"], v["input"]) for v in TEST_VECTORS["vectors"] if "input" in v]
    return [m for out in outs for m in _messages(out)]


MESSAGES = _all_messages()


def test_every_refused_input_is_refused() -> None:
    """REFUSED tests the words of errors: each must be one."""
    assert all("error" in _run("fine", d) for d in REFUSED)


@pytest.mark.parametrize("pattern", [FIELD_NAMES, TIER_CODES, CHINESE_DATE, SOURCE_TAG])
def test_messages_name_fields_tiers_dates_and_sources_in_words(pattern: re.Pattern[str]) -> None:
    # the command-line-only refusal of a clause given twice names `violations` once, in parentheses
    bad = [
        m
        for m in MESSAGES
        if (pattern.search(m[0]) or pattern.search(m[1]))
        and not m[0].startswith("unknown field")  # the list of field names, for the command line
        and "is not valid JSON" not in m[0]
    ]
    assert not bad


def test_chinese_messages_carry_no_english_words() -> None:
    bad = []
    for en, zh in MESSAGES:
        if en.startswith(("unknown value", "unknown field", "expected a")) or "JSON" in en:
            continue  # the values, fields and JSON literals (true) of the command line
        latin = set(re.findall(r"[A-Za-z_]{2,}", zh)) - CHINESE_MAY_CARRY
        if latin:
            bad.append((zh, latin))
    assert not bad


def test_the_chinese_threshold_is_the_catalogues_own_wording() -> None:
    """整系统路由表容量≥55万条, CPU数量≥8个, 控制器指令执行时间≤0.08微秒: as the catalogue writes them."""
    for entry in CATALOGUE["equipment"]:
        result = _run("certification", {"product": entry["key"]})
        texts = [row["text"] for row in result["thresholds"]]
        assert texts and all(t in entry["scope_zh"] for t in texts), (entry["key"], texts)
        assert all(t in result["reason"]["zh"] for t in texts)
    server = _run("certification", {"product": "rack_server"})
    assert "CPU count ≥ 8; cores per CPU ≥ 14; memory capacity ≥ 256 GB" in server["reason"]["en"]
    assert " count" not in server["reason"]["en"].replace("CPU count", "")
    plc = _run("certification", {"product": "plc"})
    assert "≤ 0.08 µs" in plc["reason"]["en"]


def test_a_field_named_in_words_is_named_by_its_form_label() -> None:
    """The words messages use are the labels the form shows (schema.py)."""
    fine = {f.name: f for f in FINE_INPUT_SCHEMA.fields}
    check = {f.name: f for f in CERTIFICATION_INPUT_SCHEMA.fields}
    assert CONDUCT.label_en.capitalize() == fine["conduct_date"].label_en
    assert CONDUCT.label_zh == fine["conduct_date"].label_zh
    assert SALE.label_en.capitalize() == check["sale_date"].label_en
    assert SALE.label_zh == check["sale_date"].label_zh
    assert (DECISION_EN.capitalize(), DECISION_ZH) == (
        fine["decision_date"].label_en,
        fine["decision_date"].label_zh,
    )
    for name, (en, zh) in AMOUNT_WORDS.items():
        assert (en.capitalize(), zh) == (fine[name].label_en, fine[name].label_zh)


def test_the_old_wording_is_gone_and_the_new_is_there() -> None:
    text = "\n".join(f"{en}\n{zh}" for en, zh in MESSAGES)
    for new in (
        "No illegal gains given: the calculator assumed there were none.",
        "No previous year's turnover given: the cap of 5% of the previous year's turnover",
        "请填写上一年度营业额（元）。",
        "Give the date of the conduct (and the date of the decision) to apply the law in time.",
        "填写违法行为日期（及处罚决定日期）可适用新旧法选择规则。",
        "No date of the decision given: the calculator assumes the decision is made on or after "
        "2026-01-01",
        "Tier: base case.",
        "Tier: aggravated — refuses to correct",
        "档次：加重情形（拒不改正",
        "the “serious harm” tier corresponds to the “aggravated” tier",
        "“严重危害后果”档次对应“加重情形”档次",
        "发生于2026-01-01之前",
        "发生于本法施行之日（2017-06-01）之前",
        "as a reposted copy of the announcement's Chinese text shows",
        "(see the Art. 63 exposure in the result)",
        "（见结果中的第六十三条责任部分）",
        "punishes an entity, not an individual",
        "处罚的对象为单位，而非个人",
        "has no “serious harm” tier; its tiers: base case, aggravated",
        "没有“严重危害后果”档次；可选档次：一般情形、加重情形",
        "Provisions no. 1 and no. 2 of those listed come to the same provision",
        "请填写采购金额",
    ):
        assert new in text, new
