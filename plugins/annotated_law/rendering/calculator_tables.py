"""Tables rendered by the calculators package, and calculator widgets, placed into pages.

A page asks for one with a marker such as ``<!-- law-calculators:penalty-table 2025 -->`` or
``<!-- law-calculators:widget fine -->``; the penalty rules live once, in the calculators' data,
and the pages show them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from law_calculators import tables

from .calculator_widgets import mount_html

_MARKER = re.compile(r"<!-- law-calculators:([a-z-]+)(?: ([0-9a-z-]+))? -->")

_TABLES: dict[str, Callable[..., str]] = {
    "penalty-table": tables.penalty_table_markdown,
    "penalty-comparison": tables.penalty_comparison_markdown,
    "test-vectors": tables.test_vectors_markdown,
    "widget": mount_html,
}


class UnknownTable(ValueError):
    pass


def expand_tables(markdown: str) -> str:
    """Replace every calculators marker with its table; an unknown marker is an error."""

    def table(match: re.Match[str]) -> str:
        render = _TABLES.get(match[1])
        if render is None:
            raise UnknownTable(f"unknown table {match[1]!r} (known: {', '.join(sorted(_TABLES))})")
        return render(match[2]) if match[2] else render()

    return _MARKER.sub(table, markdown)
