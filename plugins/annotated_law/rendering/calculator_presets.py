"""Fine calculator results computed when the site is built, for the inputs its pages start with.

Every penalty article's preset, the fine page's own defaults and every link into the calculator
(commentary's ``calc:`` links) are computed here by the same package the browser runs, so that a
reader sees the result at once and Python is downloaded only when the form is used.

The page script (docs/assets/javascripts/calculators.js) reads its form as it always does, writes
the input as canonical JSON (keys sorted, no spaces) and asks for ``<results>/<fnv1a>.json``; the
file holds that input as well, and is used only when it is the same. ``form_input`` mirrors how
the form turns a preset or an address into its input; where it cannot be sure (an ambiguous
figure, several provisions), it gives None and the page computes in the browser as before. The
browser tests check that both sides agree on every article page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from law_calculators import CLAUSE_INDEX_BY_LAW, FINE_INPUT_SCHEMA, run_json

_FIELDS = [f for f in FINE_INPUT_SCHEMA.as_list() if f["name"] != "violations"]
_BY_NAME = {f["name"]: f for f in _FIELDS}
_CLAUSE_AMOUNTS = ("procurement_amount", "annual_turnover")  # asked only where a clause uses them
_NUMBER_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_MOUNT = re.compile(r'<div class="calc" data-calculator="fine" data-preset="([^"]*)"')
_LINK = re.compile(r'href="[^"?#]*calculators/fine/\?([^"#]*)')


def canonical(data: Any) -> str:
    """The JSON text both sides hash: keys sorted, no spaces, characters as they are."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fnv1a(text: str) -> str:
    """FNV-1a (32 bits) of the UTF-8 text, as eight hex digits: cheap in any browser, without
    the secure context that crypto.subtle needs on plain-HTTP intranet hosts."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def _pick(options: list[str], wanted: Any) -> str:
    """A select keeps the wanted value when it is offered, else shows its first option."""
    return str(wanted) if str(wanted) in options else options[0]


def _number(text: str) -> int | float | None:
    """A figure as the form reads it; None where the form might read it otherwise."""
    if not _NUMBER_TEXT.fullmatch(text):
        return None
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def form_input(query: str) -> dict[str, Any] | None:
    """The input the fine form sends first for a preset or address query, or None."""
    given = dict(parse_qsl(query, keep_blank_values=True))
    if "also" in given:
        return None
    values: dict[str, Any] = {
        f["name"]: f["default"] for f in _FIELDS if f["default"] is not None and not _is_data(f)
    }
    values.update({k: v for k, v in given.items() if k in _BY_NAME})
    choices = {n: [c["value"] for c in _BY_NAME[n]["choices"]] for n in ("law", "version")}

    law = _pick([c for c in choices["law"] if c in CLAUSE_INDEX_BY_LAW], values["law"])
    texts = CLAUSE_INDEX_BY_LAW[law]
    versions = [v for v in choices["version"] if v in texts]
    version = _pick(versions, values.get("version"))
    articles = sorted(texts[version], key=int)
    article = _pick(articles, values.get("article"))
    paragraphs = sorted(texts[version][article], key=int)
    paragraph = _pick(paragraphs, values.get("paragraph"))
    entry = texts[version][article][paragraph]
    item = _pick(["", *map(str, entry["items"])], values.get("item", ""))
    shown: dict[str, Any] = {
        "law": law,
        "version": version if len(versions) > 1 else "",
        "article": article,
        "paragraph": paragraph,
        "item": item if entry["items"] else "",
        "tier": _pick(entry["tiers"], values.get("tier")),
        "offender": _pick(entry["offenders"], values.get("offender")),
    }
    for name in ("illegal_gains", *_CLAUSE_AMOUNTS, "conduct_date", "decision_date"):
        hidden = name in _CLAUSE_AMOUNTS and name not in entry["amounts"]
        shown[name] = "" if hidden else str(values.get(name, "")).strip()

    out: dict[str, Any] = {}
    for field in _FIELDS:
        name = field["name"]
        if name == "circumstances":
            wanted = str(values.get(name, "")).split(",")
            checked = [c["value"] for c in field["choices"] if c["value"] in wanted]
            if checked:
                out[name] = checked
            continue
        text = shown.get(name, "")
        if text == "":
            continue
        if field["type"] in ("integer", "number"):
            number = _number(text)
            if number is None:
                return None
            out[name] = number
        else:
            out[name] = text
    return out


def _is_data(field: dict[str, Any]) -> bool:
    return isinstance(field["default"], (dict, list))


def queries_in(html: str) -> Iterable[str]:
    """The fine calculator's starting queries a page holds: its mounts' presets and its links."""
    for pattern in (_MOUNT, _LINK):
        for match in pattern.finditer(html):
            yield unescape(match[1])


def write_results(site: Path, folder: str, queries: Iterable[str]) -> int:
    """Compute the result for every starting input (``queries``: those of the built site's
    pages, queries_in) into ``site/folder``; return how many there are."""
    inputs: dict[str, dict[str, Any]] = {}
    for query in queries:
        data = form_input(urlsplit("?" + query).query)
        if data is not None:
            inputs[canonical(data)] = data
    target = site / folder
    target.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for key in sorted(inputs):
        name = fnv1a(key)
        if names.setdefault(name, key) != key:  # two inputs, one name: keep neither ambiguous
            raise ValueError(f"prebuilt results: {key} and {names[name]} share the name {name}")
        status, output = run_json("fine", json.dumps(inputs[key], ensure_ascii=False))
        record = {"input": inputs[key], "status": status, "output": output}
        (target / f"{name}.json").write_text(canonical(record), encoding="utf-8")
    return len(inputs)
