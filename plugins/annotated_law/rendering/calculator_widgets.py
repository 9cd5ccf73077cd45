"""The in-page calculators as the build sees them: the mount point in a page and the form data.

The page script (docs/assets/javascripts/calculators.js) turns a mount into a form. The form is
generated from the calculators' own input schema, sent as JSON with the clause index and the
labels, so fields, choices, units and help texts exist once, in ``law_calculators.schema``.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from law_calculators import (
    CERTIFICATION_INPUT_SCHEMA,
    CLAUSE_INDEX_BY_LAW,
    FINE_INPUT_SCHEMA,
)
from law_calculators.datafiles import CATALOGUE
from law_calculators.rules import CLAUSES, MEASURES, VOCABULARY
from law_calculators.schema import UNIT_LABELS

from .calculator_presets import canonical, fnv1a, form_input

CALCULATORS = {"fine": FINE_INPUT_SCHEMA, "certification": CERTIFICATION_INPUT_SCHEMA}
_TITLES = {
    "fine": ("Fine calculator", "罚款计算"),
    "certification": ("Certification check", "安全认证与检测检查"),
}


def mount_html(calculator: str, preset: dict[str, str | int] | None = None) -> str:
    """The element the page script turns into the calculator, with what it says until then.

    Without JavaScript the note stays: the statutory table beside it is the static answer."""
    if calculator not in CALCULATORS:
        raise ValueError(f"unknown calculator {calculator!r} (known: {', '.join(CALCULATORS)})")
    en, zh = _TITLES[calculator]
    query = urlencode(preset or {})
    return (
        f'<div class="calc" data-calculator="{calculator}" '
        f'data-preset="{escape(query, quote=True)}"{_prebuilt(calculator, query)}>'
        f'<p class="calc-title"><strong><span lang="en">{en}</span> · '
        f'<span lang="zh-Hans">{zh}</span></strong></p>'
        '<p class="calc-status" role="status">'
        '<span lang="en">The interactive calculator runs Python in your browser; it needs '
        "JavaScript and WebAssembly.</span> "
        '<span lang="zh-Hans">交互式计算器在浏览器中运行Python，需要启用JavaScript和WebAssembly。</span>'
        "</p></div>"
    )


def _prebuilt(calculator: str, query: str) -> str:
    """The name of the build's result for the form's first input, so the page fetches it at once
    (calculator_presets.py computes the same name for the same input)."""
    data = form_input(query) if calculator == "fine" else None
    return f' data-prebuilt="{fnv1a(canonical(data))}"' if data is not None else ""


def has_calculator(html: str) -> bool:
    """Whether a rendered page holds a calculator's mount point."""
    return 'class="calc" data-calculator="' in html


def tabled_articles(law: str, version: str) -> list[int]:
    """The penalty articles of a law whose statutory table and in-page calculator the rules give."""
    return sorted(int(a) for a in CLAUSE_INDEX_BY_LAW.get(law, {}).get(version, {}))


def _clauses() -> dict[str, dict[str, dict[str, dict[str, dict[str, str]]]]]:
    """law -> version -> article -> "paragraph" or "paragraph-item" -> the conduct it describes."""
    out: dict[str, dict[str, dict[str, dict[str, dict[str, str]]]]] = {}
    for clauses in CLAUSES.values():
        for clause in clauses.values():
            versions = out.setdefault(clause.law, {})
            article = versions.setdefault(clause.version, {}).setdefault(str(clause.article), {})
            key = (
                f"{clause.paragraph}-{clause.ref.item}"
                if clause.ref.item
                else str(clause.paragraph)
            )
            article[key] = {
                "en": clause.conduct_en or (clause.note_en or ""),
                "zh": clause.conduct_zh or (clause.note_zh or ""),
            }
    return out


def forms_data() -> dict[str, Any]:
    """Everything the page needs to draw the forms and word the results, as JSON-ready data."""
    metrics = {
        entry["key"]: [t["metric"] for t in entry["thresholds"]]
        for entry in CATALOGUE["equipment"]
        if entry.get("key")
    }
    return {
        "schemas": {name: schema.as_list() for name, schema in CALCULATORS.items()},
        "clauseIndex": CLAUSE_INDEX_BY_LAW,
        "clauses": _clauses(),
        "productMetrics": metrics,
        "vocabulary": {
            key: VOCABULARY[key] for key in ("rules_version", "tiers", "parties", "scopes", "laws")
        },
        "measures": {code: {"en": m["en"], "zh": m["zh"]} for code, m in MEASURES.items()},
        "units": UNIT_LABELS,
    }
