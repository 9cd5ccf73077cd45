"""What changed between two wordings: character-level for Chinese, word-level for English.

difflib (standard library) does the matching; this module only chooses the units and
renders the result as HTML with <del> and <ins>.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape
from typing import Literal

type Op = tuple[Literal["equal", "delete", "insert"], str]

_WORDS = re.compile(r"\s+|[A-Za-z0-9,.'’\-]+|.", re.UNICODE)


def diff(old: str, new: str, lang: Literal["zh", "en"]) -> list[Op]:
    """The edit script from ``old`` to ``new``; Chinese by character, English by word."""
    units_old = list(old) if lang == "zh" else _WORDS.findall(old)
    units_new = list(new) if lang == "zh" else _WORDS.findall(new)
    matcher = SequenceMatcher(None, units_old, units_new, autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(units_old[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("delete", "".join(units_old[i1:i2])))
        if j2 > j1:
            ops.append(("insert", "".join(units_new[j1:j2])))
    return ops


def diff_html(ops: list[Op]) -> str:
    out = []
    for kind, text in ops:
        if kind == "equal":
            out.append(escape(text))
        elif kind == "delete":
            out.append(f"<del>{escape(text)}</del>")
        else:
            out.append(f"<ins>{escape(text)}</ins>")
    return "".join(out)
