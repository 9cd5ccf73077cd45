"""The fine calculator: validated input in, a cited bilingual result out.

Order of work for each violation: find the clause of the law asked for (rules), decide which text
applies (timeline), take its statutory outcome (penalties), apply mitigation (mitigation); then,
for several violations of one act, choose the higher fine (concurrence), across laws where the
violations name different laws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import concurrence
from .citations import RELATED_VERSION, Citation, apl, chinese_numeral, unique
from .explain import DISCLAIMER, Notice, Step, outcome_step, reading_notices
from .mitigation import circumstance_citation, mitigate
from .money import format_cny
from .penalties import Evaluation, Outcome
from .rules import (
    AMOUNT_WORDS,
    CIRCUMSTANCES,
    CLAUSES,
    LAW_VERSIONS,
    NEW_WITHOUT_OLD,
    RULES_VERSION,
    VOCABULARY,
    Ref,
    clause_at,
    law_short,
    resolve,
    text_key,
    tier_words,
)
from .schema import FINE_INPUT_SCHEMA
from .timeline import CONDUCT, DateWords, Request, decide
from .validation import InputError, validate

_CLAUSE_FIELDS = ("law", "version", "article", "paragraph", "item", "tier")
_AMOUNTS = ("illegal_gains", "procurement_amount", "annual_turnover")


@dataclass
class ViolationResult:
    asked: Request
    applied: Request | None
    outcomes: list[Outcome]
    unmitigated: list[Outcome]
    no_penalty: bool
    no_penalty_possible: bool
    law_in_time: dict[str, Any] | None
    steps: list[Step] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.asked.clause.label(self.asked.item)

    @property
    def label_zh(self) -> str:
        return self.asked.clause.label_zh(self.asked.item)

    def labels(self, with_law: bool) -> tuple[str, str]:
        """(en, zh) labels; `with_law` names the CSL too, beside clauses of other laws."""
        clause, item = self.asked.clause, self.asked.item
        return clause.label(item, with_law), clause.label_zh(item, with_law)

    def as_dict(self) -> dict[str, Any]:
        changed = self.outcomes != self.unmitigated
        applied = self.applied
        answer = None
        if applied and applied.clause.answer:
            answer = _answer(applied)
        out: dict[str, Any] = {
            "calculator": "fine",
            "rules_version": RULES_VERSION,
            "kind": (applied or self.asked).clause.kind,
            "law": self.asked.clause.law,
            "request": self.asked.as_dict() | {"offender": self.asked.offender},
            "applied_version": applied.clause.version if applied else _no_penalty_version(self),
            "applied_clause": applied.clause.request_citation(applied.item).as_dict()
            if applied
            else None,
            "applied_tier": applied.tier if applied else None,
            "no_penalty": self.no_penalty,
            "no_penalty_possible": self.no_penalty_possible,
            "outcomes": [o.as_dict() for o in self.outcomes],
        }
        if changed:
            out["unmitigated_outcomes"] = [o.as_dict() for o in self.unmitigated]
        out |= {
            "answer": answer,
            "law_in_time": self.law_in_time,
            "steps": [s.as_dict() for s in self.steps],
            "citations": [c.as_dict() for c in citations_of(self.steps, self.notices)],
            "warnings": [n.as_dict() for n in self.notices],
            "disclaimer": DISCLAIMER,
        }
        return out


def citations_of(steps: list[Step], notices: list[Notice]) -> list[Citation]:
    return unique(c for part in (*steps, *notices) for c in part.citations)


def calculate_fine(data: Any, words: DateWords = CONDUCT) -> dict[str, Any]:
    """The Python API of `python -m law_calculators fine`: a JSON-like dict in, a dict out.

    `words` names the conduct in messages (the certification check passes its sale). Raises
    InputError for invalid input.
    """
    values = validate(FINE_INPUT_SCHEMA, data)
    values["words"] = words
    conduct, decided = values["conduct_date"], values["decision_date"]
    if conduct and decided and decided < conduct:
        raise InputError(
            "decision_date",
            f"the decision ({decided}) cannot come before the {words.en} ({conduct})",
            f"处罚决定日期（{decided}）不能早于{words.zh}日期（{conduct}）",
        )
    if values["violations"]:
        given = [name for name in _CLAUSE_FIELDS if name in data and data[name] is not None]
        if given:
            raise InputError(
                given[0],
                "give the provision either on its own or among the several provisions breached "
                "by one act (violations), not both",
                "条款信息请只在一处填写：单独填写，或者列入同一行为违反的多个条款",
            )
        results = []
        for i, clause_values in enumerate(values["violations"]):
            raw = data["violations"][i]
            clause_values["version"] = _version(
                clause_values["law"], raw.get("version"), f"violations[{i}]."
            )
            try:
                results.append(_violation(clause_values, values))
            except InputError as exc:  # name the violation the clause fields belong to
                field = f"violations[{i}].{exc.field}" if exc.field in _CLAUSE_FIELDS else exc.field
                raise InputError(field, exc.message, exc.message_zh) from None
        _refuse_repeats(results)
        return _combined(results)
    if values["article"] is None:
        raise InputError("article", "this field is required", "此字段为必填")
    values["version"] = _version(values["law"], data.get("version"), "")
    return _violation(values, values).as_dict()


def _version(law: str, given: Any, where: str) -> str:
    """The text asked for: the version given, or the law's default (CSL 2025; PIPL, DSL 2021)."""
    versions = LAW_VERSIONS[law]
    if given is None:
        return versions[-1]
    if given not in versions:
        name_en, name_zh = law_short(law, "en"), law_short(law, "zh")
        have = ", ".join(versions)
        raise InputError(
            f"{where}version",
            f"the {name_en} has no {given} text; its texts: {have} (the {versions[-1]} text if "
            "none is named)",
            f"{name_zh}没有{given}年文本；可选：{have.replace(', ', '、')}"
            f"（不填则为{versions[-1]}年文本）",
        )
    return str(given)


def _violation(clause_values: dict[str, Any], values: dict[str, Any]) -> ViolationResult:
    offender = values["offender"]
    clause = resolve(
        text_key(clause_values["law"], clause_values["version"]),
        clause_values["article"],
        clause_values["paragraph"],
        clause_values["item"],
        clause_values["tier"],
        offender,
    )
    item = clause_values["item"] if clause_values["item"] is not None else clause.ref.item
    asked = Request(clause, item, clause_values["tier"], offender)
    circumstance_notices = _check_circumstances(asked, values["circumstances"])
    amounts = {name: values[name] for name in _AMOUNTS}
    decision = decide(
        asked, amounts, values["conduct_date"], values["decision_date"], values["words"]
    )
    steps = [_clause_step(asked), *decision.steps]
    notices = list(decision.notices)
    applied, ev = decision.applied, decision.evaluation
    if applied is None or ev is None:
        return ViolationResult(
            asked, None, [], [], True, False, decision.law_in_time, steps, notices
        )
    if applied.clause.kind in ("referral", "note"):
        steps.append(_answer_step(applied))
        steps += _computable_step(applied)
        if values["circumstances"]:
            notices.append(_CIRCUMSTANCES_NOT_APPLIED)
        return ViolationResult(
            asked, applied, [], [], False, False, decision.law_in_time, steps, notices
        )
    steps += _statute_steps(applied, ev, values["illegal_gains"])
    notices += _amount_notices(applied, ev, values)
    notices += _clause_readings(ev.path)
    notices += reading_notices(ev.outcomes)
    notices += circumstance_notices
    mitigated = mitigate(
        ev.outcomes, values["circumstances"], applied.clause.version, applied.clause.law
    )
    steps += mitigated.steps
    steps += [outcome_step(o) for o in mitigated.outcomes if mitigated.outcomes != ev.outcomes]
    return ViolationResult(
        asked,
        applied,
        mitigated.outcomes,
        ev.outcomes,
        mitigated.no_penalty,
        mitigated.no_penalty_possible,
        decision.law_in_time,
        steps,
        notices,
    )


_CIRCUMSTANCES_NOT_APPLIED = Notice(
    "circumstances_not_applied",
    "Mitigating circumstances apply to the penalty under the laws referred to; nothing here to "
    "mitigate.",
    "从轻、减轻情形适用于所转致法律的处罚，此处无可调整。",
)


def _statute_steps(applied: Request, ev: Evaluation, gains: Any) -> list[Step]:
    """The tier, each party's statutory outcome, and what the text and the APL add to it."""
    steps = [_tier_step(applied, ev.path), *(outcome_step(o) for o in ev.outcomes)]
    if ev.persons_dropped:
        steps.append(
            Step(
                "The offender is an individual, so the fines on directly responsible persons, which "
                "presuppose an organisation, are not shown.",
                "违法主体为个人；对直接负责的主管人员等的罚款以单位为前提，不予列出。",
                (applied.clause.citation(),),
            )
        )
    steps += _notes(ev.path)
    if ev.gains_confiscated:
        steps.append(_gains_step(gains))
    return steps


def _check_circumstances(asked: Request, codes: list[str]) -> list[Notice]:
    """Refuse circumstances the tier's own trigger negates; warn where it may (vocabulary.toml)."""
    trigger = _trigger(asked)
    opens = f", which opens on: {trigger[0]} ({trigger[1]})" if trigger else ""
    opens_zh = f"（{trigger[1]}）" if trigger else ""
    notices = []
    rule = asked.clause.tiers.get(asked.tier)
    tier_en, tier_zh = tier_words(asked.tier)
    for code in codes:
        c = CIRCUMSTANCES[code]
        where = f"Administrative Penalty Law art. {c['article']}({c.get('paragraph', 1)})"
        where_zh = _apl_article_zh(c)
        if rule is not None and code in rule.excludes_circumstances:
            clause = asked.clause
            raise InputError(
                "circumstances",
                f"The circumstance “{c['en']}” ({where}) cannot stand with "
                f"{clause.label(asked.item)}, whose own terms negate it: {clause.conduct_zh} "
                f"({clause.conduct_en.rstrip('.')}). Remove the circumstance or choose the clause "
                "the facts fit.",
                f"“{c['zh']}”这一情形（{where_zh}）与{clause.label_zh(asked.item)}相互矛盾：该款的构成要件"
                f"（{clause.conduct_zh}）本身否定了这一情形。请删除该情形，或者选择与事实相符的条款。",
            )
        if asked.tier in c.get("excludes_tiers", ()):
            raise InputError(
                "circumstances",
                f"The circumstance “{c['en']}” ({where}) cannot stand with the {tier_en} of "
                f"{asked.clause.label(asked.item)}{opens}: the tier's own facts negate it. Remove the "
                "circumstance or choose the tier the facts fit.",
                f"“{c['zh']}”这一情形（{where_zh}）与{asked.clause.label_zh(asked.item)}的{tier_zh}"
                f"{opens_zh}相互矛盾：该档的事实本身否定了这一情形。请删除该情形，或者选择与事实相符的档次。",
            )
        if asked.tier in c.get("doubts_tiers", ()):
            notices.append(
                Notice(
                    "circumstance_doubtful_for_tier",
                    f"{c['en'].capitalize()} ({where}) sits uneasily with the {tier_en}{opens}: a "
                    "refusal to correct or serious circumstances exclude it (not promptly corrected, "
                    "not minor). The result applies the circumstance as given: check that the facts "
                    "which open the tier leave it standing.",
                    f"{c['zh']}（{where_zh}）与{tier_zh}{opens_zh}难以并存："
                    "拒不改正或者情节严重的，即非及时改正、危害后果轻微。本结果按所填情形计算，请核实开启该档的事实是否与之相容。",
                    (circumstance_citation(code),),
                )
            )
    return notices


def _apl_article_zh(circumstance: dict[str, Any]) -> str:
    """《行政处罚法》第三十三条第一款: where a circumstance stands, in Chinese."""
    paragraph = circumstance.get("paragraph", 1)
    return (
        f"《行政处罚法》第{chinese_numeral(circumstance['article'])}条"
        f"第{chinese_numeral(paragraph)}款"
    )


def _gains_step(gains: Any) -> Step:
    return Step(
        f"There are illegal gains (CNY {format_cny(gains)}): they are confiscated (应当予以没收), save "
        "what must by law be refunded (退赔), although this clause does not itself provide for "
        "confiscation (Administrative Penalty Law art. 28(2)).",
        f"当事人有违法所得（{format_cny(gains)}元）：除依法应当退赔的外，应当予以没收；"
        "本条虽未规定没收违法所得，亦同（《行政处罚法》第二十八条第二款）。",
        (apl(28, 2),),
    )


def _amount_notices(applied: Request, ev: Evaluation, values: dict[str, Any]) -> list[Notice]:
    notices = []
    label, label_zh = applied.clause.label(applied.item), applied.clause.label_zh(applied.item)
    if "illegal_gains" in ev.amounts_used and values["illegal_gains"] is None:
        notices.append(
            Notice(
                "illegal_gains_not_given",
                "No illegal gains given: the calculator assumed there were none. The fine depends on "
                "them.",
                "未填写违法所得：按没有违法所得计算。罚款数额取决于违法所得。",
            )
        )
    new_in_2025 = (
        applied.clause.law == "csl"
        and applied.clause.version == "2025"
        and applied.clause.ref in NEW_WITHOUT_OLD
    )
    if new_in_2025 and "illegal_gains" in ev.amounts_used and values["illegal_gains"]:
        notices.append(
            Notice(
                "gains_from_2026_only",
                f"Only the illegal gains of conduct on or after 2026-01-01 can be counted under {label}: "
                "earlier conduct fell under the 2016 text, which set no penalty for it, and the law in "
                "force at the time of the conduct applies (Administrative Penalty Law art. 37). If the "
                "sales or provision began before 2026-01-01, give as the illegal gains only the gains "
                "of those made on or after that date: the calculator cannot split them, and has "
                "counted the whole amount given.",
                f"{label_zh}只能计入2026-01-01及以后的行为所得的违法所得：此前的行为适用2016年文本，"
                "该文本未规定处罚，且应适用违法行为发生时的法律（《行政处罚法》第三十七条）。"
                "如销售或者提供始于2026-01-01之前，违法所得只应填写该日及以后的销售或者提供所得；"
                "本计算器无法拆分，已按所填全部金额计算。",
                (applied.clause.citation(), apl(37)),
            )
        )
    if "annual_turnover" in ev.amounts_used and values["annual_turnover"] is None:
        notices.append(
            Notice(
                "annual_turnover_not_given",
                f"No previous year's turnover given: the cap of 5% of the previous year's turnover "
                f"under {label} cannot be computed, so only the cap of RMB 50,000,000 is shown. The "
                "fine may reach 5% of the previous year's turnover where that is higher: give the "
                "previous year's turnover (CNY) to see it.",
                f"未填写上一年度营业额：无法计算{label_zh}规定的“上一年度营业额百分之五”上限，"
                "仅列出五千万元上限。上一年度营业额百分之五高于五千万元的，罚款可能达到该数额；"
                "请填写上一年度营业额（元）。",
                (applied.clause.citation(),),
            )
        )
    for amount in sorted(ev.zero_multiples):
        name, name_zh = AMOUNT_WORDS[amount]
        notices.append(
            Notice(
                "amount_is_zero",
                f"The fine of {label} is a multiple of the {name}, and the {name} given is 0, so the "
                "fine comes out as 0. The clause presupposes an amount: check the figure.",
                f"{label_zh}的罚款为{name_zh}的倍数，"
                "所填金额为0，罚款因此为0。该条以存在该金额为前提，请核实。",
                (applied.clause.citation(),),
            )
        )
    return notices


def _refuse_repeats(results: list[ViolationResult]) -> None:
    """The same provision twice is one violation of one provision, not a concurrence."""
    seen: dict[tuple[Any, ...], int] = {}
    for j, r in enumerate(results):
        keys = [("asked", r.asked.clause.text, r.asked.clause.ref, r.asked.item)]
        if r.applied:
            keys.append(("applied", r.applied.clause.text, r.applied.clause.ref, r.applied.item))
        for key in keys:
            if key in seen:
                i = seen[key]
                raise InputError(
                    f"violations[{j}]",
                    f"Provisions no. {i + 1} and no. {j + 1} of those listed come to the same "
                    f"provision ({results[i].label}): one provision breached by one act is one "
                    "violation, not a concurrence (Administrative Penalty Law art. 29 concerns "
                    "several provisions). Give it once, at the tier the facts fit.",
                    f"所列第{i + 1}个与第{j + 1}个条款为同一条款（{results[i].label_zh}）：同一行为违反同一规定，"
                    "只是一个违法行为，不构成《行政处罚法》第二十九条所称的违反多个法律规范。请只填写一次，并选择与事实相符的档次。",
                )
            seen[key] = j


def _clause_step(asked: Request) -> Step:
    clause = asked.clause
    authority_en = f" Authority: {clause.authority_en}." if clause.authority_en else ""
    authority_zh = f"处罚机关：{clause.authority_zh}。" if clause.authority_zh else ""
    return Step(
        f"{clause.label(asked.item)}: {clause.conduct_en}{authority_en}",
        f"{asked.clause.item_citation(asked.item).zh}：{clause.conduct_zh}。{authority_zh}",
        (clause.item_citation(asked.item),),
    )


def _tier_step(applied: Request, path: list[Citation]) -> Step:
    trigger = _trigger(applied)
    tier_en, tier_zh = (VOCABULARY["tiers"][applied.tier][lang] for lang in ("en", "zh"))
    en = f"Tier: {tier_en} — {trigger[0]} ({trigger[1]})." if trigger else f"Tier: {tier_en}."
    zh = f"档次：{tier_zh}（{trigger[1]}）。" if trigger else f"档次：{tier_zh}。"
    if len(path) > 1:
        en += " The text leads from " + " to ".join(c.short_en for c in path) + "."
        zh += "条文援引：" + "→".join(c.short_zh for c in path) + "。"
    return Step(en, zh, tuple(path))


def _trigger(applied: Request) -> tuple[str, str] | None:
    """The words that open the tier: in the clause, or in the clause the text sends to."""
    clause = applied.clause
    seen = set()
    while clause.ref not in seen:
        seen.add(clause.ref)
        if clause.punished_as:
            clause = clause_at(clause.text, clause.punished_as)
            continue
        rule = clause.tiers.get(applied.tier)
        if rule is None:
            return None
        if rule.trigger_zh:
            return rule.trigger_en or "", rule.trigger_zh
        if rule.see is None:
            return None
        clause = clause_at(clause.text, rule.see)
    return None


def _notes(path: list[Citation]) -> list[Step]:
    steps = []
    for cite in path:
        clause = clause_at(text_key(cite.law, cite.version), _ref_of(cite))
        if clause.note_en:
            steps.append(Step(clause.note_en, clause.note_zh or "", (clause.citation(),)))
    return list(dict.fromkeys(steps))


def _clause_readings(path: list[Citation]) -> list[Notice]:
    """The editors' readings of every clause the result rests on ([[clause.reading]])."""
    notices = []
    for cite in path:
        clause = clause_at(text_key(cite.law, cite.version), _ref_of(cite))
        notices += [
            Notice("editors_reading", en, zh, (clause.citation(),)) for en, zh in clause.readings
        ]
    return list(dict.fromkeys(notices))


def _ref_of(cite: Citation) -> Ref:
    return Ref(cite.article, cite.paragraph or 1, cite.item)


def _answer_step(applied: Request) -> Step:
    answer = applied.clause.answer
    assert answer is not None
    cites = [Citation(law, RELATED_VERSION, a) for law, articles in answer.laws for a in articles]
    return Step(answer.en, answer.zh, (applied.clause.item_citation(applied.item), *cites))


def _computable_step(applied: Request) -> list[Step]:
    """A referral to an article this calculator computes (CSL 2025 Art. 71 → PIPL art. 66, DSL
    art. 46): how to ask for it, alone or beside this Law's provisions."""
    answer = applied.clause.answer
    assert answer is not None
    found = [
        (law, article)
        for law, articles in answer.laws
        if law in LAW_VERSIONS and law != applied.clause.law
        for article in articles
        if any(c.article == article and c.kind == "penalty" for c in _law_clauses(law))
    ]
    if not found:
        return []
    names_en = ", ".join(f"{law_short(law, 'en')} art. {a}" for law, a in found)
    names_zh = "、".join(f"{law_short(law, 'zh')}第{chinese_numeral(a)}条" for law, a in found)
    cites = tuple(Citation(law, RELATED_VERSION, a) for law, a in found)
    one = len(found) == 1
    return [
        Step(
            f"The calculator computes {names_en}: ask for {'it' if one else 'each'} on its own, or "
            f"add {'it as a provision' if one else 'them as provisions'} breached by the same act "
            "beside the provisions of this Law, where the higher fine governs (Administrative "
            "Penalty Law art. 29).",
            f"本计算器可计算{names_zh}：可单独查询，也可作为同一行为违反的其他条款，与本法条款一并计算，"
            "按照罚款数额高的规定处罚（《行政处罚法》第二十九条）。",
            (*cites, apl(29)),
        )
    ]


def _law_clauses(law: str) -> list[Any]:
    return [c for version in LAW_VERSIONS[law] for c in CLAUSES[text_key(law, version)].values()]


def _answer(applied: Request) -> dict[str, Any]:
    answer = applied.clause.answer
    assert answer is not None
    laws = []
    for law, articles in answer.laws:
        names = VOCABULARY["laws"][law]
        laws.append(
            {
                "law": law,
                "en": names["en"],
                "zh": names["zh"],
                "articles": list(articles),
                "citations": [Citation(law, RELATED_VERSION, a).as_dict() for a in articles],
            }
        )
    return {"en": answer.en, "zh": answer.zh, "laws": laws}


def _answer_of(result: ViolationResult) -> Any:
    assert result.applied is not None and result.applied.clause.answer is not None
    return result.applied.clause.answer


def _no_penalty_version(result: ViolationResult) -> str | None:
    record = result.law_in_time or {}
    return record.get("text_at_conduct")  # type: ignore[return-value]


def _combined(results: list[ViolationResult]) -> dict[str, Any]:
    unmitigated = [r.unmitigated for r in results]
    referred = [
        i for i, r in enumerate(results) if r.applied and r.applied.clause.kind == "referral"
    ]
    index = concurrence.choose(unmitigated)
    others = [j for j in range(len(results)) if j != index]
    outcomes = concurrence.combine(results[index].outcomes, [results[j].outcomes for j in others])
    unmitigated_chosen = concurrence.combine(unmitigated[index], [unmitigated[j] for j in others])
    governing = results[index]
    laws = list(dict.fromkeys(r.asked.clause.law for r in results))
    several_laws = len(laws) > 1
    pairs = [r.labels(several_laws) for r in results]
    labels = ([en for en, _ in pairs], [zh for _, zh in pairs])
    # (law, article) -> violation, for the penalty provisions a referral may name
    computed = {
        (r.asked.clause.law, r.asked.clause.article): j
        for j, r in enumerate(results)
        if r.asked.clause.kind == "penalty"
    }
    uncovered = [
        i for i in referred if not concurrence.referral_covered(_answer_of(results[i]), computed)
    ]
    step = concurrence.explain(index, unmitigated, labels, uncovered, laws)
    steps = [step] + [s for r in results for s in r.steps]
    own = [concurrence.measures_notice()]
    for i in referred:
        answer = results[i].applied.clause.answer  # type: ignore[union-attr]
        assert answer is not None
        own.append(concurrence.referral_notice(pairs[i][0], pairs[i][1], answer, computed))
    notices = list(dict.fromkeys(own + [n for r in results for n in r.notices]))
    out: dict[str, Any] = {
        "calculator": "fine",
        "rules_version": RULES_VERSION,
        "kind": "penalty",
        "law": governing.asked.clause.law,
        "applied_version": governing.as_dict()["applied_version"],
        "governing_violation": index,
        "no_penalty": all(r.no_penalty for r in results),
        "no_penalty_possible": any(r.no_penalty_possible for r in results),
        "outcomes": [o.as_dict() for o in outcomes],
    }
    if outcomes != unmitigated_chosen:
        out["unmitigated_outcomes"] = [o.as_dict() for o in unmitigated_chosen]
    violations = []
    for r in results:
        single = r.as_dict()
        del single["disclaimer"], single["calculator"], single["rules_version"]
        violations.append(single)
    out |= {
        "violations": violations,
        "steps": [s.as_dict() for s in steps],
        "citations": [c.as_dict() for c in citations_of(steps, notices)],
        "warnings": [n.as_dict() for n in notices],
        "disclaimer": DISCLAIMER,
    }
    return out
