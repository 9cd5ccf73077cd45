"""Amounts in CNY: exact decimal arithmetic, JSON numbers and display strings."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

CENT = Decimal("0.01")


def to_decimal(value: int | float | Decimal) -> Decimal:
    # str() first, so that 0.1 stays 0.1 rather than its binary approximation
    return value if isinstance(value, Decimal) else Decimal(str(value))


def midpoint_floor(low: Decimal, high: Decimal) -> Decimal:
    """The middle of a range, rounded down to the fen so that it never exceeds the true middle."""
    return ((low + high) / 2).quantize(CENT, rounding=ROUND_FLOOR)


def json_number(value: Decimal) -> int | float:
    """An int when whole, else a float with at most two decimals."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(CENT, rounding=ROUND_FLOOR))


def format_cny(value: Decimal) -> str:
    """10000 -> '10,000'; 100000.01 -> '100,000.01'."""
    number = json_number(value)
    return f"{number:,}" if isinstance(number, int) else f"{number:,.2f}"
