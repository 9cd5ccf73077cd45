"""Input validation at the boundary: one error, naming the field, in English and Chinese.

The engine behind it works on validated values only, so every message a user can see is
raised here or by a rule lookup with an InputError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .money import to_decimal

MAX_AMOUNT = 10**13  # CNY; far above any fine this law can reach, and safe for float output
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        for key in ("unit", "minimum", "maximum", "element", "min_length"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
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


def validate(schema: Schema | tuple[Field, ...], data: Any, path: str = "") -> dict[str, Any]:
    """Check `data` against the schema; return the values with defaults filled in."""
    fields = schema.fields if isinstance(schema, Schema) else schema
    if not isinstance(data, Mapping):
        raise InputError(
            path or None,
            f"expected a JSON object, got {_json_type(data)}",
            f"应为JSON对象，实际为{_json_type(data)}",
        )
    known = {f.name for f in fields}
    for name in data:
        if name not in known:
            raise InputError(
                f"{path}{name}",
                f"unknown field; the fields are: {', '.join(sorted(known))}",
                f"未知字段；可用字段：{'、'.join(sorted(known))}",
            )
    values: dict[str, Any] = {}
    for f in fields:
        name = f"{path}{f.name}"
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
        raise InputError(name, f"expected a string, got {_json_type(value)}", "应为字符串")
    if f.choices and value not in {c.value for c in f.choices}:
        options = ", ".join(c.value for c in f.choices)
        raise InputError(
            name, f"unknown value {value!r}; choose one of: {options}", f"未知取值；可选：{options}"
        )
    return value


def _integer(f: Field, value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(name, f"expected a whole number, got {_json_type(value)}", "应为整数")
    if (f.minimum is not None and value < f.minimum) or (
        f.maximum is not None and value > f.maximum
    ):
        raise InputError(
            name,
            f"must be between {f.minimum} and {f.maximum}",
            f"应在{f.minimum}至{f.maximum}之间",
        )
    return value


def _number(f: Field, value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(name, f"expected a number, got {_json_type(value)}", "应为数字")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(name, "must be a finite number", "应为有限数值")
    if value < 0:
        raise InputError(name, "must not be negative", "不得为负数")
    if f.maximum is not None and value > f.maximum:
        raise InputError(name, f"must not exceed {f.maximum:,}", f"不得超过{f.maximum:,}")
    return to_decimal(value)


def _date(f: Field, value: Any, name: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise InputError(name, "expected a date written YYYY-MM-DD", "日期格式应为YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(name, f"{value} is not a calendar date", f"{value}不是有效日期") from None


def _array(f: Field, value: Any, name: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(name, f"expected a list, got {_json_type(value)}", "应为列表")
    if f.min_length is not None and len(value) < f.min_length:
        raise InputError(
            name, f"needs at least {f.min_length} entries", f"至少需要{f.min_length}项"
        )
    if f.element == "object":
        return [validate(f.fields, v, f"{name}[{i}].") for i, v in enumerate(value)]
    element = Field(f.name, "string", f.help_en, f.help_zh, choices=f.choices)
    return list(dict.fromkeys(_string(element, v, f"{name}[{i}]") for i, v in enumerate(value)))


def _object(f: Field, value: Any, name: str) -> dict[str, Any]:
    return validate(f.fields, value, f"{name}.")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, Mapping) else type(value).__name__
