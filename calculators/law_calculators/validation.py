"""Input validation at the boundary: one error, naming the field, in English and Chinese.

The engine behind it works on validated values only, so every message a user can see is
raised here or by a rule lookup with an InputError. JSON text is read by parse_json, which
keeps what a plain reader would lose or change silently (a key given twice, a number that over-
or underflows) so that validate can refuse it and say where.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .money import to_decimal

MAX_AMOUNT = 10**13  # CNY; far above any fine this law can reach, and safe for float output
# Every date field takes dates in this range. It is a check of form (a mistyped year), not of
# law: the engine says itself what conduct before 2017-06-01 means. The bounds are fixed, not
# today's date, so that one input gives one answer on every machine and on every day.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2099, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMERIC_TEXT = re.compile(r"\s*[-+]?[0-9][0-9,]*(\.[0-9]+)?([eE][-+]?[0-9]+)?\s*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONGEST_INTEGER = len(str(MAX_AMOUNT)) + 1  # digits; longer literals are out of every range
_QUOTED = 40  # characters of a user's text quoted back in a message


class InputError(ValueError):
    """Invalid input: `field` names the offending field (None for the input as a whole)."""

    def __init__(self, field: str | None, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.message_zh = message_zh

    def as_dict(self) -> dict[str, object]:
        return {
            "error": {"field": self.field, "message": self.message, "message_zh": self.message_zh}
        }


@dataclass(frozen=True)
class Choice:
    value: str
    en: str
    zh: str


@dataclass(frozen=True)
class Field:
    """One input field: what it takes and how to explain it (help text, form labels)."""

    name: str
    type: str  # string | integer | number | date | array | object
    help_en: str
    help_zh: str
    required: bool = False
    default: Any = None
    choices: tuple[Choice, ...] = ()
    unit: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    fields: tuple[Field, ...] = ()  # object fields, or the fields of each array element
    element: str | None = None  # array of "string" (with choices) or of "object" (with fields)
    min_length: int | None = None
    label_en: str = ""  # a short label for forms; the help text says the rest
    label_zh: str = ""
    exclusive_minimum: int | None = None  # a number that must be greater than this

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "help_en": self.help_en,
            "help_zh": self.help_zh,
        }
        if self.label_en:
            out["label_en"], out["label_zh"] = self.label_en, self.label_zh
        for key in ("unit", "minimum", "exclusive_minimum", "maximum", "element", "min_length"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.type == "date":  # as an <input type="date"> takes them
            out["minimum"], out["maximum"] = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
        if self.choices:
            out["choices"] = [{"value": c.value, "en": c.en, "zh": c.zh} for c in self.choices]
        if self.fields:
            out["fields"] = [f.as_dict() for f in self.fields]
        return out


@dataclass(frozen=True)
class Schema:
    fields: tuple[Field, ...]

    def as_list(self) -> list[dict[str, Any]]:
        return [f.as_dict() for f in self.fields]


# --- reading JSON text -------------------------------------------------------------------------


class _Duplicated(dict[str, Any]):
    """A JSON object that gives `key` more than once: refused by validate, which knows where."""

    def __init__(self, pairs: list[tuple[str, Any]], key: str) -> None:
        super().__init__(pairs)
        self.key = key


@dataclass(frozen=True)
class _Constant:
    """NaN, Infinity or -Infinity: accepted by Python's reader, not JSON."""

    text: str


@dataclass(frozen=True)
class _Unrepresentable:
    """A JSON number that cannot be held as written: a float that overflows to infinity or
    underflows to 0, or an integer too long to be within any range (not worth parsing)."""

    text: str
    whole: bool  # an integer literal
    tiny: bool  # underflows: not 0, but read as 0

    @property
    def negative(self) -> bool:
        return self.text.startswith("-")


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                return _Duplicated(pairs, key)
            seen.add(key)
    return out


def _json_float(text: str) -> float | _Unrepresentable:
    value = float(text)
    if math.isinf(value):
        return _Unrepresentable(text, whole=False, tiny=False)
    mantissa = text.lower().partition("e")[0]
    if value == 0 and any(digit in mantissa for digit in "123456789"):
        return _Unrepresentable(text, whole=False, tiny=True)
    return value


def _json_int(text: str) -> int | _Unrepresentable:
    # thousands of digits would be slow to parse (and refused by Python); no range reaches them
    if len(text.lstrip("-")) > _LONGEST_INTEGER:
        return _Unrepresentable(text, whole=True, tiny=False)
    return int(text)


def parse_json(text: str) -> Any:
    """JSON text to Python values, for validate. Raises InputError if it is not JSON."""
    try:
        return json.loads(
            text,
            object_pairs_hook=_json_object,
            parse_float=_json_float,
            parse_int=_json_int,
            parse_constant=_Constant,
        )
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(
            None, f"the input is not valid JSON: {exc}", "输入不是有效的JSON"
        ) from None


def _check_json(data: Any) -> None:
    """Refuse what a JSON reader lets through but the answer cannot carry: NaN and Infinity,
    text with a lone surrogate (not a character: it cannot be written as UTF-8), and a key
    given twice in one object (which value was meant?). Document order; no recursion."""
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        path, value = todo.pop()
        where = f" (at {path})" if path else ""
        where_zh = f"（位置：{path}）" if path else ""
        if isinstance(value, _Constant):
            raise InputError(
                None,
                f"{value.text}{where} is not valid JSON: a JSON number is finite",
                f"{value.text}{where_zh}不是有效的JSON：JSON数值须为有限数",
            )
        if isinstance(value, str):
            _no_surrogate(value, path, "this text")
        elif isinstance(value, Mapping):
            if isinstance(value, _Duplicated):
                key = _escaped(value.key)
                raise InputError(
                    _join(path, key),
                    f'the key "{key}" is given more than once in the same object; give each field once',
                    f"同一对象中键“{key}”出现了不止一次；每个字段只能填写一次",
                )
            for key in value:
                if isinstance(key, str):
                    _no_surrogate(key, _join(path, _escaped(key)), "this field name")
            todo += reversed([(_join(path, str(k)), v) for k, v in value.items()])
        elif isinstance(value, list | tuple):
            todo += reversed([(f"{path}[{i}]", v) for i, v in enumerate(value)])


def _no_surrogate(text: str, path: str, what: str) -> None:
    found = _SURROGATE.search(text)
    if found:
        code = f"\\u{ord(found[0]):04x}"
        raise InputError(
            path or None,
            f"{what} contains {code}, a lone surrogate, which is not a character: "
            "the input must be valid Unicode text",
            f"{'字段名' if what.endswith('name') else '文本'}含有{code}（不成对的代理码元），"
            "不是有效字符：输入须为有效的Unicode文本",
        )


def _escaped(text: str) -> str:
    """Text safe to show and to write as UTF-8: lone surrogates as \\uXXXX."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# --- validating values -------------------------------------------------------------------------


def validate(schema: Schema | tuple[Field, ...], data: Any, path: str = "") -> dict[str, Any]:
    """Check `data` against the schema; return the values with defaults filled in.

    `path` names the object being checked ("" for the input itself, "violations[0]", "specs").
    """
    fields = schema.fields if isinstance(schema, Schema) else schema
    if not path:
        _check_json(data)
    if not isinstance(data, Mapping):
        kind, kind_zh = _kind(data)
        raise InputError(
            path or None, f"expected a JSON object, got {kind}", f"应为JSON对象，实际为{kind_zh}"
        )
    known = {f.name for f in fields}
    for name in data:
        if name not in known:
            raise InputError(
                _join(path, str(name)),
                f"unknown field; the fields are: {', '.join(sorted(known))}",
                f"未知字段；可用字段：{'、'.join(sorted(known))}",
            )
    values: dict[str, Any] = {}
    for f in fields:
        name = _join(path, f.name)
        if data.get(f.name) is None:
            if f.required:
                raise InputError(name, "this field is required", "此字段为必填")
            values[f.name] = f.default
        else:
            values[f.name] = _value(f, data[f.name], name)
    return values


def _value(f: Field, value: Any, name: str) -> Any:
    check = {
        "string": _string,
        "integer": _integer,
        "number": _number,
        "date": _date,
        "array": _array,
        "object": _object,
    }[f.type]
    return check(f, value, name)


def _string(f: Field, value: Any, name: str) -> str:
    if not isinstance(value, str):
        kind, kind_zh = _kind(value)
        raise InputError(name, f"expected a string, got {kind}", f"应为字符串，实际为{kind_zh}")
    if f.choices and value not in {c.value for c in f.choices}:
        options = ", ".join(c.value for c in f.choices)
        raise InputError(
            name,
            f"unknown value {_quoted(value)}; choose one of: {options}",
            f"未知取值{_quoted(value)}；可选：{options}",
        )
    return value


def _integer(f: Field, value: Any, name: str) -> int:
    if isinstance(value, _Unrepresentable) and value.whole:
        _bounds(f, -math.inf if value.negative else math.inf, name)
        _unrepresentable(f, value, name)  # a field without bounds (article: the law's own range)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON does not tell 8 from 8.0
    if isinstance(value, bool) or not isinstance(value, int):
        shown, shown_zh = _kind(value, numbers=True)
        raise InputError(
            name, f"expected a whole number, got {shown}", f"应为整数，实际为{shown_zh}"
        )
    _bounds(f, value, name)
    return value


def _number(f: Field, value: Any, name: str) -> Decimal:
    if isinstance(value, _Unrepresentable):
        _unrepresentable(f, value, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind, kind_zh = _kind(value, numbers=True)
        raise InputError(name, f"expected a number, got {kind}", f"应为数字，实际为{kind_zh}")
    if isinstance(value, float) and math.isnan(value):
        raise InputError(name, "must be a finite number", "应为有限数值")
    _bounds(f, value, name)
    if isinstance(value, float) and math.isinf(value):
        raise InputError(name, "must be a finite number", "应为有限数值")
    return to_decimal(value if value != 0 else 0)  # no -0


def _unrepresentable(f: Field, value: _Unrepresentable, name: str) -> None:
    """Raise the error for a number that cannot be held as written."""
    if value.negative:
        _bounds(f, -math.inf, name)  # every number field has a lower bound: "must not be negative"
    shown = _quoted(value.text, quote="")
    if value.tiny:
        raise InputError(
            name,
            f"{shown} is too close to 0 to be represented (it would be read as 0); "
            "give 0 or a figure that can be represented",
            f"{shown}过于接近0，无法表示（会被当作0）；请填写0或可表示的数值",
        )
    limit = f" (it must not exceed {f.maximum:,})" if f.maximum is not None else ""
    limit_zh = f"（不得超过{f.maximum:,}）" if f.maximum is not None else ""
    raise InputError(
        name,
        f"{shown} is too large to be represented{limit}",
        f"{shown}过大，无法表示{limit_zh}",
    )


def _bounds(f: Field, value: float, name: str) -> None:
    """The field's range: minimum and maximum inclusive, exclusive_minimum exclusive."""
    low, high, above = f.minimum, f.maximum, f.exclusive_minimum
    # a short range is stated whole (article 1-81); the far sanity cap on figures is not
    if f.type == "integer" and low is not None and high is not None and high < MAX_AMOUNT:
        if not low <= value <= high:
            raise InputError(
                name, f"must be between {low:,} and {high:,}", f"应在{low:,}至{high:,}之间"
            )
        return
    if above is not None and value <= above:
        raise InputError(name, f"must be greater than {above:,}", f"应大于{above:,}")
    if low is not None and value < low:
        if low == 0:
            raise InputError(name, "must not be negative", "不得为负数")
        raise InputError(name, f"must be at least {low:,}", f"不得小于{low:,}")
    if high is not None and value > high:
        raise InputError(name, f"must not exceed {high:,}", f"不得超过{high:,}")


def _date(f: Field, value: Any, name: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise InputError(name, "expected a date written YYYY-MM-DD", "日期格式应为YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"{value} is not a calendar date", f"{value}不是有效日期") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InputError(
            name,
            f"{value} is not a plausible date: this calculator takes dates from {EARLIEST_DATE} "
            f"to {LATEST_DATE}; check the year",
            f"{value}不是合理的日期：本计算器接受{EARLIEST_DATE}至{LATEST_DATE}之间的日期；请核对年份",
        )
    return day


def _array(f: Field, value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        kind, kind_zh = _kind(value)
        raise InputError(name, f"expected a list, got {kind}", f"应为列表，实际为{kind_zh}")
    if f.min_length is not None and len(value) < f.min_length:
        raise InputError(
            name, f"needs at least {f.min_length} entries", f"至少需要{f.min_length}项"
        )
    if f.element == "object":
        return [validate(f.fields, v, f"{name}[{i}]") for i, v in enumerate(value)]
    element = Field(f.name, "string", f.help_en, f.help_zh, choices=f.choices)
    return list(dict.fromkeys(_string(element, v, f"{name}[{i}]") for i, v in enumerate(value)))


def _object(f: Field, value: Any, name: str) -> dict[str, Any]:
    return validate(f.fields, value, name)


def _quoted(text: str, quote: str = '"') -> str:
    shown = text if len(text) <= _QUOTED else text[: _QUOTED - 1] + "…"
    return f"{quote}{_escaped(shown)}{quote}"


def _kind(value: Any, numbers: bool = False) -> tuple[str, str]:
    """What a JSON value is, in English and Chinese. With `numbers` (a number was expected) a
    number is shown as written, and a number written as text is pointed out."""
    if value is None:
        return "null", "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})", f"布尔值（{str(value).lower()}）"
    if isinstance(value, _Unrepresentable | _Constant):
        shown = _quoted(value.text, quote="")
        return (shown, shown) if numbers else ("a number", "数字")
    if isinstance(value, int | float):
        return (repr(value), repr(value)) if numbers else ("a number", "数字")
    if isinstance(value, str):
        if numbers and _NUMERIC_TEXT.fullmatch(value):
            shown = _quoted(value)
            return (
                f"the text {shown}: write the number without quotes",
                f"文本{shown}：数字请勿加引号",
            )
        return "a string", "字符串"
    if isinstance(value, list):
        return "a list", "列表"
    if isinstance(value, Mapping):
        return "an object", "对象"
    return type(value).__name__, type(value).__name__
