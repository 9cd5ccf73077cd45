"""Markdown tables rendered from the rules data, for the MkDocs plugin to place in pages.

Pure functions: the same rules that drive the calculator, so a rule change shows up identically
in the calculator, the CLI and these tables.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .citations import Citation, items_words
from .datafiles import TEST_VECTORS
from .explain import percent_zh
from .money import format_cny
from .penalties import Outcome, evaluate, measure_groups
from .rules import (
    CLAUSES,
    LAW_VERSIONS,
    MEASURES,
    PAIRS,
    TIERS,
    VOCABULARY,
    Clause,
    FineRule,
    Pair,
    counterparts,
    text_key,
    tiers_of,
)
from .severity import compare

_LANGS = ("en", "zh")
# amounts at which the two texts are compared in the comparison table
_SAMPLES = tuple(
    {"illegal_gains": Decimal(g), "procurement_amount": Decimal(1_000_000)}
    for g in (0, 50_000, 100_000, 1_000_000, 10_000_000)
)
_WORDS = {
    "en": {
        "clause": "Clause",
        "conduct": "Conduct",
        "tier": "Tier",
        "party": "Party",
        "fine": "Fine (CNY)",
        "detention": "Detention",
        "measures": "Confiscation and measures",
        "may": "may",
        "days": "days",
        "none": "none",
        "referrals": "Referrals and notes",
        "readings": "Editors' readings (not the words of the text)",
        "change": "2025 against 2016",
    },
    "zh": {
        "clause": "条款",
        "conduct": "违法行为",
        "tier": "档次",
        "party": "对象",
        "fine": "罚款（元）",
        "detention": "拘留",
        "measures": "没收及其他措施",
        "may": "可以",
        "days": "日",
        "none": "无",
        "referrals": "转致与提示",
        "readings": "编者解读（并非条文原文）",
        "change": "2025年与2016年相比",
    },
}
_AMOUNT_NAMES = {
    ("illegal_gains", "en"): "illegal gains",
    ("illegal_gains", "zh"): "违法所得",
    ("procurement_amount", "en"): "procurement amount",
    ("procurement_amount", "zh"): "采购金额",
}
_VERDICTS = {
    "heavier": ("heavier in 2025", "2025年较重"),
    "lighter": ("lighter in 2025", "2025年较轻"),
    "equal": ("same", "相同"),
    "mixed": ("depends on the amounts", "视金额而定"),
    "referral": ("referred to other laws", "转致其他法律"),
    "new": ("new in 2025: no penalty in 2016", "2025年新增，2016年无罚则"),
}


def _check(lang: str) -> dict[str, str]:
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}")
    return _WORDS[lang]


def _cite(cite: Citation, lang: str) -> str:
    return cite.short_en if lang == "en" else cite.short_zh


def _amount_range(low: Decimal, high: Decimal, lang: str) -> str:
    if low == 0:
        return f"up to {format_cny(high)}" if lang == "en" else f"{format_cny(high)}以下"
    return f"{format_cny(low)}–{format_cny(high)}"


def fine_rule_text(rule: FineRule, lang: str) -> str:
    """The statute's fine rule in words: ranges, multiples and the threshold between them."""
    base = _amount_range(*rule.range, lang) if rule.range else ""
    if rule.multiple and rule.multiple_of:
        low, high = (format_cny(m) for m in rule.multiple)
        what = _AMOUNT_NAMES[(rule.multiple_of, lang)]
        multiple = f"{low}–{high} × {what}" if lang == "en" else f"{what}{low}倍以上{high}倍以下"
        if not base:
            text = multiple
        elif rule.multiple_from is not None:
            threshold = format_cny(rule.multiple_from)
            text = {
                "en": f"{base}; from {what} of {threshold}: {multiple}",
                "zh": f"{base}；{what}{threshold}以上的，{multiple}",
            }[lang]
        else:
            text = {
                "en": f"{multiple}; without {what}: {base}",
                "zh": f"{multiple}；没有{what}的，{base}",
            }[lang]
    elif rule.turnover_percent is not None and rule.range:
        percent = format_cny(rule.turnover_percent)
        text = {
            "en": f"{base} or up to {percent}% of the previous year's turnover (the higher cap "
            "is taken as the top: editors' reading)",
            "zh": f"{base}或者上一年度营业额百分之{percent_zh(rule.turnover_percent)}以下"
            "（以较高者为上限，系编者解读）",
        }[lang]
    else:
        text = base
    return (f"may: {text}" if lang == "en" else f"可以处：{text}") if rule.discretionary else text


def _one_of(names: list[str], lang: str) -> str:
    """Alternatives joined by 或者 in the text (one_of): one of them is imposed."""
    if lang == "en":
        return "one of (" + ", ".join(names[:-1]) + " or " + names[-1] + ")"
    return "择一（" + "、".join(names[:-1]) + "或者" + names[-1] + "）"


def _measures_text(outcome: Outcome, lang: str) -> str:
    words = _WORDS[lang]
    must: list[str] = []
    may: list[str] = []
    if outcome.confiscation:
        must.append(MEASURES["confiscate_illegal_gains"][lang])
    for (_, mandatory), codes in measure_groups(outcome.measures):
        names = [MEASURES[c][lang] for c in codes]
        (must if mandatory else may).append(names[0] if len(names) == 1 else _one_of(names, lang))
    sep = "; " if lang == "en" else "；"
    text = sep.join(must)
    if may:
        text += (
            (sep if text else "") + f"{words['may']}: " + ", ".join(may)
            if lang == "en"
            else ((sep if text else "") + "可以：" + "、".join(may))
        )
    return text or "—"


def _party_text(outcome: Outcome, clause: Clause, lang: str) -> str:
    if outcome.scope:
        return VOCABULARY["scopes"][outcome.scope][lang]
    if outcome.party == "responsible_persons":
        return VOCABULARY["parties"]["responsible_persons"][lang]
    names = [VOCABULARY["parties"][o][lang] for o in clause.offenders]
    return " / ".join(names)


def _tier_text(clause: Clause, tier: str, lang: str) -> str:
    label = VOCABULARY["tiers"][tier][lang]
    rule = clause.tiers.get(tier)
    if rule and rule.trigger_zh:
        return f"{label}: {rule.trigger_zh}" if lang == "en" else f"{label}：{rule.trigger_zh}"
    if rule and rule.see:
        target = CLAUSES[clause.text][rule.see].citation()
        return f"{label}{_only(clause, rule.items, lang)} → {_cite(target, lang)}"
    if clause.punished_as:
        target = CLAUSES[clause.text][clause.punished_as].citation()
        return f"{label} → {_cite(target, lang)}"
    return label


def _only(clause: Clause, items: tuple[int, ...] | None, lang: str) -> str:
    """A tier that reaches only some of the clause's items says which (CSL 2025 Art. 62(2):
    items (i) and (ii) of paragraph 1, not item (iii))."""
    if not items or set(items) == set(clause.items):
        return ""
    words = items_words(items, lang)
    return f" ({words} only)" if lang == "en" else f"（仅{words}）"


def _outcome_cells(outcome: Outcome, clause: Clause, lang: str) -> list[str]:
    fine = outcome.fine
    fine_text = fine_rule_text(fine.rule, lang) if fine and fine.rule else "—"
    detention = "—"
    if outcome.detention:
        low, high = outcome.detention
        detention = (
            f"{low}–{high} {_WORDS[lang]['days']}" if lang == "en" else f"{low}日以上{high}日以下"
        )
    return [_party_text(outcome, clause, lang), fine_text, detention, _measures_text(outcome, lang)]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _statute_outcomes(
    clause: Clause, item: int | None, tier: str, amounts: dict[str, Any]
) -> list[Outcome]:
    offender = "entity" if "entity" in clause.offenders else "individual"
    return evaluate(clause, item, tier, offender, amounts).outcomes


def _text_of(version: str, law: str) -> str:
    """The text key for a table: `law` and `version`, or a version written "pipl-2021" (how a
    page marker, which carries one word, names the text of another law)."""
    if "-" in version and law == "csl":
        law, _, version = version.partition("-")
    if law not in LAW_VERSIONS or version not in LAW_VERSIONS[law]:
        known = [
            f"{v}" if lw == "csl" else f"{lw}-{v}" for lw, vs in LAW_VERSIONS.items() for v in vs
        ]
        raise ValueError(f"version must be one of {tuple(known)} (or law= with its version)")
    return text_key(law, version)


def penalty_table_markdown(
    version: str, lang: str = "en", article: int | None = None, law: str = "csl"
) -> str:
    """Every clause of the legal-liability chapter of one text (or of one `article`): tiers,
    parties, fines, detention and measures, then the referrals and notes.

    The text is `law` ("csl", the default; "pipl"; "dsl") at `version` ("2016", "2025"; "2021"),
    or `version` alone written "pipl-2021" / "dsl-2021"."""
    text = _text_of(version, law)
    words = _check(lang)
    header = [words[k] for k in ("clause", "tier", "party", "fine", "detention", "measures")]
    lines = [_row(header), _row(["---"] * len(header))]
    notes = []
    readings = []  # the editors' readings of the clauses shown ([[clause.reading]])
    clauses = [c for c in CLAUSES[text].values() if article in (None, c.article)]
    if not clauses:
        raise ValueError(f"the text {text} has no clause of its penalties in article {article}")
    for clause in sorted(clauses, key=lambda c: (c.article, c.paragraph, c.ref.item or 0)):
        cite = _cite(clause.citation(), lang)
        if clause.kind in ("referral", "note"):
            assert clause.answer is not None
            notes.append(f"- **{cite}**: {clause.answer.en if lang == 'en' else clause.answer.zh}")
            continue
        readings += [f"- **{cite}**: {en if lang == 'en' else zh}" for en, zh in clause.readings]
        for tier in tiers_of(clause):
            outcomes = _statute_outcomes(
                clause,
                None,
                tier,
                {"illegal_gains": None, "procurement_amount": 0, "annual_turnover": None},
            )
            for outcome in outcomes:
                lines.append(
                    _row(
                        [
                            cite,
                            _tier_text(clause, tier, lang),
                            *_outcome_cells(outcome, clause, lang),
                        ]
                    )
                )
    read = f"\n**{words['readings']}**\n\n" + "\n".join(readings) + "\n" if readings else ""
    if article is not None:  # one article: leave out whichever part it has nothing for
        table = "\n".join(lines) + "\n" if len(lines) > 2 else ""
        return table + read + ("\n" + "\n".join(notes) + "\n" if notes else "")
    return (
        "\n".join(lines)
        + ("\n" + read if read else "")
        + f"\n\n**{words['referrals']}**\n\n"
        + "\n".join(notes)
        + "\n"
    )


def _summary(outcomes: list[Outcome], clause: Clause, lang: str) -> str:
    if not outcomes:
        return "—"
    parts = []
    for o in outcomes:
        party, fine, detention, measures = _outcome_cells(o, clause, lang)
        bits = [b for b in (fine, detention, measures) if b != "—"]
        parts.append(
            f"{party}: " + "; ".join(bits) if lang == "en" else f"{party}：" + "；".join(bits)
        )
    return "<br>".join(parts)


def _verdict(old: Clause, old_item, old_tier, new: Clause, new_item, new_tier) -> str:
    if new.kind in ("referral", "note"):
        return "referral" if old.kind == "penalty" else "equal"
    offender = "entity" if "entity" in old.offenders else "individual"
    verdicts = {
        compare(
            evaluate(old, old_item, old_tier, offender, amounts).outcomes,
            evaluate(new, new_item, new_tier, offender, amounts).outcomes,
            offender,
        ).verdict
        for amounts in _SAMPLES
    }
    return verdicts.pop() if len(verdicts) == 1 else "mixed"


def penalty_comparison_markdown(lang: str = "en") -> str:
    """2016 against 2025, clause by clause and tier by tier, with the change for the offender."""
    words = _check(lang)
    header = ["2016", words["tier"], "2016", "2025", words["tier"], "2025", words["change"]]
    lines = [_row(header), _row(["---"] * len(header))]
    seen: set[tuple[Any, ...]] = set()
    rows: list[tuple[tuple[int, ...], str]] = []
    amounts = {"illegal_gains": None, "procurement_amount": 0}
    for version in ("2016", "2025"):
        for clause in CLAUSES[version].values():
            if clause.kind == "consequence" or (clause.kind == "note" and version == "2016"):
                continue
            for tier in tiers_of(clause):
                for item in _items_to_map(clause):
                    found = counterparts(clause, item, tier)
                    if not found and version == "2025":
                        cells = ["—", "—", "—", _cite(clause.item_citation(item), lang)]
                        cells += [
                            VOCABULARY["tiers"][tier][lang],
                            _summary(_statute_outcomes(clause, item, tier, amounts), clause, lang),
                        ]
                        rows.append(
                            (
                                (clause.article, clause.paragraph, item or 0, TIERS.index(tier)),
                                _row([*cells, _VERDICTS["new"][_LANGS.index(lang)]]),
                            )
                        )
                    for match in found:
                        old = (
                            (clause, item, tier)
                            if version == "2016"
                            else (match.clause, match.item, match.tier)
                        )
                        new = (
                            (match.clause, match.item, match.tier)
                            if version == "2016"
                            else (clause, item, tier)
                        )
                        key = (old[0].ref, old[1], old[2], new[0].ref, new[1], new[2])
                        if key in seen:
                            continue
                        seen.add(key)
                        verdict = (
                            _change_text(match.pair, lang)
                            or (_VERDICTS[_verdict(*old, *new)][_LANGS.index(lang)])
                        )
                        cells = [
                            _cite(old[0].item_citation(old[1]), lang),
                            VOCABULARY["tiers"][old[2]][lang],
                            _summary(_statute_outcomes(*old, amounts), old[0], lang),
                            _cite(new[0].item_citation(new[1]), lang),
                            VOCABULARY["tiers"][new[2]][lang],
                            _summary(_statute_outcomes(*new, amounts), new[0], lang),
                            verdict,
                        ]
                        sort_key = (
                            new[0].article,
                            new[0].paragraph,
                            new[1] or 0,
                            TIERS.index(new[2]),
                        )
                        rows.append((sort_key, _row(cells)))
    lines += [row for _, row in sorted(rows, key=lambda r: r[0])]
    return "\n".join(lines) + "\n"


def _change_text(pair: Pair, lang: str) -> str | None:
    """A change the correspondence records where no comparison of penalties shows it."""
    if pair.change is None:
        return None
    return pair.note_en if lang == "en" else pair.note_zh


def _items_to_map(clause: Clause) -> list[int | None]:
    """Each item where the article map pairs items one by one; else the clause as a whole."""
    if clause.ref.item is not None or not clause.items:
        return [clause.ref.item]
    sides = [p.old if clause.version == "2016" else p.new for p in PAIRS]
    by_item = any(
        s.item is not None and (s.article, s.paragraph) == (clause.article, clause.paragraph)
        for s in sides
    )
    return list(clause.items) if by_item else [None]


def _expected_text(expect: dict[str, Any]) -> str:
    if expect.get("status", 0) != 0:
        return f"exit {expect['status']}, error on `{expect.get('error', {}).get('field')}`"
    parts = []
    for key in ("determination", "applied_version", "kind"):
        if key in expect:
            parts.append(f"{key.replace('_', ' ')} {expect[key]}")
    if expect.get("no_penalty"):
        parts.append("no penalty")
    for o in expect.get("outcomes", []):
        scope = {"managers": " (managers only)", "managers_and_others": " (managers and others)"}
        bits = [o["party"].replace("_", " ") + scope.get(o.get("scope") or "", "")]
        if o.get("fine"):
            f = o["fine"]
            bits.append(
                f"{format_cny(Decimal(str(f['min'])))}–{format_cny(Decimal(str(f['max'])))}"
                + (" (may)" if f.get("discretionary") else "")
            )
        if o.get("detention_days"):
            bits.append(f"{o['detention_days']['min']}–{o['detention_days']['max']} days")
        parts.append(" ".join(bits))
    if expect.get("exposure"):
        parts.append("exposure: " + _expected_text(expect["exposure"]))
    for code in expect.get("warnings", []):
        parts.append(f"warns `{code}`")
    return "; ".join(parts)


def test_vectors_markdown() -> str:
    """The published test vectors (data/test_vectors.json) as a table."""
    lines = [_row(["ID", "Case", "Rests on", "Input", "Expected"]), _row(["---"] * 5)]
    for v in TEST_VECTORS["vectors"]:
        rests = ", ".join(
            f"{Citation(r['law'], r['version'], r['article'], r.get('paragraph'), r.get('item')).short_en}"
            f" ({r['law'].upper()} {r['version']})"
            for r in v["rests_on"]
        )
        command = f"`{v['command']}` " if v["command"] != "fine" else ""
        payload = (
            v["input_text"] if "input_text" in v else json.dumps(v["input"], ensure_ascii=False)
        )
        lines.append(
            _row([v["id"], v["title"], rests, f"{command}`{payload}`", _expected_text(v["expect"])])
        )
    return "\n".join(lines) + "\n"
