"""The input boundary: what a user sees for input the calculators cannot take.

In process, through run_json (what the command line and the in-page calculator call), so these
hold on Pyodide too. Every error names what is wrong and where, and the answer is always text
that can be written as UTF-8.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from law_calculators import (
    CERTIFICATION_INPUT_SCHEMA,
    FINE_INPUT_SCHEMA,
    InputError,
    calculate_fine,
    check_certification,
    run_json,
)


def refused(command: str, text: str) -> dict[str, Any]:
    """The error object of an input the calculator must refuse (status 2, never a traceback)."""
    status, output = run_json(command, text)
    assert status == 2, output
    output.encode("utf-8")  # what is printed can be written as UTF-8
    assert "Traceback" not in output
    error = json.loads(output)["error"]
    assert error["message"] and error["message_zh"]
    assert not str(error["field"]).endswith("."), error
    return error


def answered(command: str, text: str) -> dict[str, Any]:
    status, output = run_json(command, text)
    assert status == 0, output
    return json.loads(output)


PLC = '{"product": "plc", "specs": {"controller_instruction_execution_time": %s}}'
SERVER = '{"product": "rack_server", "specs": {"cpu_count": %s, "cores_per_cpu": 14, "memory_capacity": 256}}'


# --- text that is not Unicode -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "text", "field", "what"),
    [
        ("fine", r'{"\ud800": 1}', r"\ud800", "field name"),
        ("fine", r'{"article": 61, "tier": "\ud800"}', "tier", "text"),
        (
            "fine",
            r'{"article": 61, "paragraph": 1, "circumstances": ["x", "\udfff"]}',
            "circumstances[1]",
            "text",
        ),
        (
            "fine",
            r'{"violations": [{"article": 61, "\udc00x": 1}, {"article": 64}]}',
            r"violations[0].\udc00x",
            "field name",
        ),
        (
            "fine",
            r'{"violations": [{"article": 61}, {"article": 64, "tier": "a\ud800"}]}',
            "violations[1].tier",
            "text",
        ),
        ("certification", r'{"product": "\ud800"}', "product", "text"),
        (
            "certification",
            r'{"product": "plc", "specs": {"\udbff": 1}}',
            r"specs.\udbff",
            "field name",
        ),
        (
            "certification",
            r'{"product": "plc", "sale_date": "2026-01-0\ud800"}',
            "sale_date",
            "text",
        ),
    ],
)
def test_a_lone_surrogate_is_refused_naming_where(command, text, field, what) -> None:
    error = refused(command, text)
    assert error["field"] == field
    assert f"this {what} contains" in error["message"]
    assert "lone surrogate" in error["message"]


def test_the_python_api_refuses_a_lone_surrogate_too() -> None:
    with pytest.raises(InputError) as raised:
        calculate_fine({"article": 61, "\ud800": 1})
    assert raised.value.field == r"\ud800"  # shown escaped, never as the surrogate itself
    with pytest.raises(InputError) as raised:
        check_certification({"product": "firewall\udc80"})
    assert raised.value.field == "product"


def test_a_surrogate_pair_is_a_character_and_is_not_refused_for_it() -> None:
    error = refused("fine", r'{"article": 61, "tier": "\ud83d\ude00"}')
    assert error["field"] == "tier" and "unknown value" in error["message"]


# --- a key given twice --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "text", "field"),
    [
        ("fine", '{"article": 61, "article": 64}', "article"),
        ("fine", '{"article": 64, "article": 64}', "article"),  # the same value twice as well
        (
            "fine",
            '{"violations": [{"article": 61}, {"article": 64, "tier": "base", "tier": "aggravated"}]}',
            "violations[1].tier",
        ),
        (
            "certification",
            '{"product": "rack_server", "specs": {"cpu_count": 8, "cpu_count": 2}}',
            "specs.cpu_count",
        ),
    ],
)
def test_a_key_given_twice_is_refused_naming_the_key_and_where(command, text, field) -> None:
    error = refused(command, text)
    assert error["field"] == field
    key = field.rsplit(".", 1)[-1]
    assert f'"{key}"' in error["message"] and "more than once" in error["message"]


# --- an item that is not an object ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "text", "field", "kind"),
    [
        ("fine", '{"violations": [1, {"article": 64}]}', "violations[0]", "a number"),
        (
            "fine",
            '{"violations": [{"article": 61, "paragraph": 1}, []]}',
            "violations[1]",
            "a list",
        ),
        ("fine", '{"violations": ["61", {"article": 64}]}', "violations[0]", "a string"),
        ("certification", '{"product": "plc", "specs": 5}', "specs", "a number"),
        ("certification", '{"product": "plc", "specs": [0.05]}', "specs", "a list"),
        ("fine", "[61, 1]", None, "a list"),
    ],
)
def test_an_item_that_is_not_an_object_is_named_properly(command, text, field, kind) -> None:
    error = refused(command, text)
    assert error["field"] == field
    assert error["message"] == f"expected a JSON object, got {kind}"
    assert "a " not in error["message_zh"]  # the Chinese message says it in Chinese


# --- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "data", "field"),
    [
        ("fine", {"article": 61, "paragraph": 1, "conduct_date": "9999-12-31"}, "conduct_date"),
        (
            "fine",
            {
                "article": 61,
                "paragraph": 1,
                "conduct_date": "2025-01-01",
                "decision_date": "9999-12-31",
            },
            "decision_date",
        ),
        ("fine", {"article": 61, "paragraph": 1, "conduct_date": "2100-01-01"}, "conduct_date"),
        ("fine", {"article": 61, "paragraph": 1, "conduct_date": "0202-06-01"}, "conduct_date"),
        (
            "fine",
            {
                "violations": [{"article": 61, "paragraph": 1}, {"article": 64}],
                "conduct_date": "1989-12-31",
            },
            "conduct_date",
        ),
        ("certification", {"product": "firewall", "sale_date": "9999-12-31"}, "sale_date"),
        ("certification", {"product": "firewall", "decision_date": "2100-01-01"}, "decision_date"),
    ],
)
def test_an_implausible_date_is_refused(command, data, field) -> None:
    error = refused(command, json.dumps(data))
    assert error["field"] == field
    assert "not a plausible date" in error["message"]
    assert "1990-01-01 to 2099-12-31" in error["message"]


def test_the_date_range_is_inclusive_and_the_law_in_time_still_decides() -> None:
    early = answered("fine", '{"article": 61, "paragraph": 1, "conduct_date": "1990-01-01"}')
    assert early["no_penalty"] and "precedes 2017-06-01" in early["steps"][-1]["en"]
    late = answered(
        "fine",
        '{"article": 61, "paragraph": 1, "conduct_date": "2099-12-31", "decision_date": "2099-12-31"}',
    )
    assert late["applied_version"] == "2025"
    old = answered(
        "fine",
        '{"article": 61, "paragraph": 1, "conduct_date": "2020-01-01", "decision_date": "2099-12-31"}',
    )
    assert "limitation_may_have_run" in {w["code"] for w in old["warnings"]}


@pytest.mark.parametrize(
    "day", ["2026-01-01\n", "２０２６-０１-０１", "٢٠٢٦-٠١-٠١", " 2026-01-01", "2026-1-1"]
)
def test_a_date_not_written_yyyy_mm_dd_in_ascii_digits_is_refused_as_to_form(day) -> None:
    error = refused("fine", json.dumps({"article": 64, "conduct_date": day}))
    assert error["field"] == "conduct_date"
    assert error["message"] == "expected a date written YYYY-MM-DD"


def test_date_fields_state_their_range_for_forms() -> None:
    fields = {f["name"]: f for f in FINE_INPUT_SCHEMA.as_list()}
    assert (fields["conduct_date"]["minimum"], fields["conduct_date"]["maximum"]) == (
        "1990-01-01",
        "2099-12-31",
    )


# --- equipment figures -------------------------------------------------------------------------


def test_a_count_must_be_a_whole_number() -> None:
    error = refused("certification", SERVER % "8.5")
    assert error["field"] == "specs.cpu_count"
    assert error["message"] == "expected a whole number, got 8.5"
    # JSON does not tell 8 from 8.0: both are the whole number 8
    assert answered("certification", SERVER % "8.0") == answered("certification", SERVER % "8")
    error = refused("certification", SERVER % "0")
    assert (error["field"], error["message"]) == ("specs.cpu_count", "must be at least 1")


@pytest.mark.parametrize("figure", ["0", "0.0", "-0.05", "-1e400", "1e-400"])
def test_an_instruction_time_must_be_greater_than_0(figure) -> None:
    error = refused("certification", PLC % figure)
    assert error["field"] == "specs.controller_instruction_execution_time"
    if figure == "1e-400":
        assert error["message"].startswith("1e-400 is too close to 0 to be represented")
    else:
        assert error["message"] == "must be greater than 0"


def test_every_figure_of_a_count_is_an_integer_and_every_measure_is_above_0() -> None:
    (specs,) = [f for f in CERTIFICATION_INPUT_SCHEMA.fields if f.name == "specs"]
    for f in specs.fields:
        if f.unit in ("count", "entries"):
            assert (f.type, f.minimum) == ("integer", 1), f.name
        else:
            assert (f.type, f.exclusive_minimum) == ("number", 0), f.name


# --- amounts: range and representability ----------------------------------------------------------


@pytest.mark.parametrize("literal", ["-1", "-1e400", "-100000000000000000000", "-1e-400"])
@pytest.mark.parametrize("name", ["illegal_gains", "procurement_amount"])
def test_a_negative_amount_is_called_negative_however_large(name, literal) -> None:
    error = refused("fine", f'{{"article": 67, "{name}": {literal}}}')
    assert (error["field"], error["message"]) == (name, "must not be negative")


@pytest.mark.parametrize("literal", ["1e400", "100000000000000000000", "10000000000000.01"])
def test_an_amount_too_large_is_refused_with_the_limit(literal) -> None:
    error = refused("fine", f'{{"article": 63, "illegal_gains": {literal}}}')
    assert error["field"] == "illegal_gains"
    assert "must not exceed 10,000,000,000,000" in error["message"]
    assert "finite" not in error["message"]


@pytest.mark.parametrize(
    "literal",
    [
        "1e-400",
        "0." + "0" * 400 + "1",
    ],
)
def test_a_number_that_underflows_is_refused_not_taken_as_0(literal) -> None:
    error = refused("fine", f'{{"article": 63, "illegal_gains": {literal}}}')
    assert error["field"] == "illegal_gains"
    assert "too close to 0 to be represented" in error["message"]


def test_zero_written_any_way_is_zero() -> None:
    zero = answered("fine", '{"article": 63, "illegal_gains": 0}')
    for literal in ("0.0", "-0", "-0.0", "0e-400"):
        assert answered("fine", f'{{"article": 63, "illegal_gains": {literal}}}') == zero


# --- the wrong kind of value ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "text", "field", "message"),
    [
        (
            "fine",
            '{"article": 63, "illegal_gains": true}',
            "illegal_gains",
            "expected a number, got a boolean (true)",
        ),
        ("fine", '{"article": false}', "article", "expected a whole number, got a boolean (false)"),
        (
            "certification",
            SERVER % "true",
            "specs.cpu_count",
            "expected a whole number, got a boolean (true)",
        ),
        (
            "certification",
            PLC % "false",
            "specs.controller_instruction_execution_time",
            "expected a number, got a boolean (false)",
        ),
        (
            "fine",
            '{"article": 63, "illegal_gains": "5000"}',
            "illegal_gains",
            'expected a number, got the text "5000": write the number without quotes',
        ),
        (
            "fine",
            '{"article": "63"}',
            "article",
            'expected a whole number, got the text "63": write the number without quotes',
        ),
        (
            "certification",
            PLC % '"0.05"',
            "specs.controller_instruction_execution_time",
            'expected a number, got the text "0.05": write the number without quotes',
        ),
        (
            "fine",
            '{"article": 63, "illegal_gains": "five"}',
            "illegal_gains",
            "expected a number, got a string",
        ),
        (
            "fine",
            '{"article": 63, "illegal_gains": [5]}',
            "illegal_gains",
            "expected a number, got a list",
        ),
        ("fine", '{"article": 1e400}', "article", "expected a whole number, got 1e400"),
        ("fine", '{"article": 61.5}', "article", "expected a whole number, got 61.5"),
    ],
)
def test_a_value_of_the_wrong_kind_says_what_it_got(command, text, field, message) -> None:
    error = refused(command, text)
    assert (error["field"], error["message"]) == (field, message)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"article": 63, "illegal_gains": NaN}', "illegal_gains"),
        ('{"article": 63, "illegal_gains": Infinity}', "illegal_gains"),
        ('{"article": 63, "illegal_gains": -Infinity}', "illegal_gains"),
        ('{"violations": [{"article": 61}, {"article": NaN}]}', "violations[1].article"),
        ("NaN", None),
    ],
)
def test_nan_and_infinity_are_not_json_and_the_message_says_where(text, where) -> None:
    error = refused("fine", text)
    assert error["field"] is None  # the input as a whole is not JSON (the documented contract)
    assert "is not valid JSON" in error["message"]
    if where:
        assert f"(at {where})" in error["message"] and where in error["message_zh"]


def test_a_long_value_is_quoted_back_shortened() -> None:
    error = refused("fine", json.dumps({"article": 64, "tier": "x" * 5000}))
    assert error["field"] == "tier" and len(error["message"]) < 200
