"""Chinese numerals as used in statute headings and citations (第六十一条, 第三款, （二）)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(_DIGITS)}


def to_int(numeral: str) -> int:
    """Convert a Chinese numeral below 1000 (八十一, 一百零五, 十) to an int."""
    if not numeral or any(c not in _VALUE and c not in "十百" for c in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    total = 0
    rest = numeral
    if "百" in rest:
        hundreds, rest = rest.split("百", 1)
        total += _VALUE[hundreds] * 100
        rest = rest.lstrip("零")
    if "十" in rest:
        tens, rest = rest.split("十", 1)
        total += (_VALUE[tens] if tens else 1) * 10
    if rest:
        total += _VALUE[rest]
    return total


def to_chinese(number: int) -> str:
    """Convert 1..999 to the numeral a statute writes (十, 十一, 二十, 一百零五)."""
    if not 0 < number < 1000:
        raise ValueError(f"out of range for a statute numeral: {number}")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        # 十一 at the start, 一百一十 after hundreds
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


def item_marker(number: int) -> str:
    """The marker that opens item `number` of a paragraph: （一）."""
    return f"（{to_chinese(number)}）"
