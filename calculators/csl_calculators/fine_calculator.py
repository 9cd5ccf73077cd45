"""The fine calculator: validated input in, a cited bilingual result out.

Order of work for each violation: find the clause (rules), decide which text applies (timeline),
take its statutory outcome (penalties), apply mitigation (mitigation); then, for several
violations of one act, choose the higher fine (concurrence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import concurrence
from .citations import Citation, unique
from .explain import DISCLAIMER, Notice, Step, outcome_step
from .mitigation import mitigate
from .penalties import Outcome
from .rules import RULES_VERSION, VOCABULARY, Ref, clause_at, resolve
from .schema import FINE_INPUT_SCHEMA
from .timeline import Request, decide
from .validation import InputError, validate

_CLAUSE_FIELDS = ("version", "article", "paragraph", "item", "tier")
RELATED_VERSION = "2021"  # the texts of the APL, PIPL and DSL that referrals cite


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


def calculate_fine(data: Any) -> dict[str, Any]:
    """The Python API of `python -m csl_calculators fine`: a JSON-like dict in, a dict out.

    Raises InputError for invalid input.
    """
    values = validate(FINE_INPUT_SCHEMA, data)
    conduct, decided = values["conduct_date"], values["decision_date"]
    if conduct and decided and decided < conduct:
        raise InputError(
            "decision_date",
            f"the decision ({decided}) cannot come before the conduct ({conduct})",
            f"处罚决定日期（{decided}）不能早于违法行为日期（{conduct}）",
        )
    if values["violations"]:
        given = [name for name in _CLAUSE_FIELDS if name in data and data[name] is not None]
        if given:
            raise InputError(
                given[0],
                "give the clause either here or in violations, not both",
                "条款信息请只在一处填写",
            )
        results = []
        for i, clause_values in enumerate(values["violations"]):
            try:
                results.append(_violation(clause_values, values))
            except InputError as exc:  # name the violation the clause fields belong to
                field = f"violations[{i}].{exc.field}" if exc.field in _CLAUSE_FIELDS else exc.field
                raise InputError(field, exc.message, exc.message_zh) from None
        return _combined(results)
    if values["article"] is None:
        raise InputError("article", "this field is required", "此字段为必填")
    return _violation(values, values).as_dict()


def _violation(clause_values: dict[str, Any], values: dict[str, Any]) -> ViolationResult:
    offender = values["offender"]
    clause = resolve(
        clause_values["version"],
        clause_values["article"],
        clause_values["paragraph"],
        clause_values["item"],
        clause_values["tier"],
        offender,
    )
    item = clause_values["item"] if clause_values["item"] is not None else clause.ref.item
    asked = Request(clause, item, clause_values["tier"], offender)
    amounts = {
        "illegal_gains": values["illegal_gains"],
        "procurement_amount": values["procurement_amount"],
    }
    decision = decide(asked, amounts, values["conduct_date"], values["decision_date"])
    steps = [_clause_step(asked), *decision.steps]
    notices = list(decision.notices)
    applied, ev = decision.applied, decision.evaluation
    if applied is None or ev is None:
        return ViolationResult(
            asked, None, [], [], True, False, decision.law_in_time, steps, notices
        )
    if applied.clause.kind in ("referral", "note"):
        steps.append(_answer_step(applied))
        if values["circumstances"]:
            notices.append(
                Notice(
                    "circumstances_not_applied",
                    "Mitigating circumstances apply to the penalty under the laws referred to; "
                    "nothing here to mitigate.",
                    "从轻、减轻情形适用于所转致法律的处罚，此处无可调整。",
                )
            )
        return ViolationResult(
            asked,
            applied,
            [],
            [],
            False,
            False,
            decision.law_in_time,
            steps,
            notices,
        )
    steps.append(_tier_step(applied, ev.path))
    steps += [outcome_step(o) for o in ev.outcomes]
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
    if "illegal_gains" in ev.amounts_used and values["illegal_gains"] is None:
        notices.append(
            Notice(
                "illegal_gains_not_given",
                "No illegal_gains given: the calculator assumed there were none. The fine depends on them.",
                "未填写违法所得：按没有违法所得计算。罚款数额取决于违法所得。",
            )
        )
    mitigated = mitigate(ev.outcomes, values["circumstances"], applied.clause.version)
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
    tier_zh = VOCABULARY["tiers"][applied.tier]["zh"]
    en = (
        f"Tier {applied.tier}: {trigger[0]} ({trigger[1]})." if trigger else f"Tier {applied.tier}."
    )
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
            clause = clause_at(clause.version, clause.punished_as)
            continue
        rule = clause.tiers.get(applied.tier)
        if rule is None:
            return None
        if rule.trigger_zh:
            return rule.trigger_en or "", rule.trigger_zh
        if rule.see is None:
            return None
        clause = clause_at(clause.version, rule.see)
    return None


def _notes(path: list[Citation]) -> list[Step]:
    steps = []
    for cite in path:
        clause = clause_at(cite.version, _ref_of(cite))
        if clause.note_en:
            steps.append(Step(clause.note_en, clause.note_zh or "", (clause.citation(),)))
    return list(dict.fromkeys(steps))


def _ref_of(cite: Citation) -> Ref:
    return Ref(cite.article, cite.paragraph or 1, cite.item)


def _answer_step(applied: Request) -> Step:
    answer = applied.clause.answer
    assert answer is not None
    cites = [Citation(law, RELATED_VERSION, a) for law, articles in answer.laws for a in articles]
    return Step(answer.en, answer.zh, (applied.clause.item_citation(applied.item), *cites))


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


def _no_penalty_version(result: ViolationResult) -> str | None:
    record = result.law_in_time or {}
    return record.get("text_at_conduct")  # type: ignore[return-value]


def _combined(results: list[ViolationResult]) -> dict[str, Any]:
    unmitigated = [r.unmitigated for r in results]
    choices = concurrence.choose(unmitigated)
    step, notice = concurrence.explain(choices, unmitigated, [r.label for r in results])
    outcomes: list[Outcome] = []
    unmitigated_chosen: list[Outcome] = []
    for choice in choices:
        chosen = results[choice.index]
        outcomes += [o for o in chosen.outcomes if o.party == choice.party]
        unmitigated_chosen += [o for o in chosen.unmitigated if o.party == choice.party]
    governing = results[choices[0].index] if choices else results[0]
    steps = [step] + [s for r in results for s in r.steps]
    notices = list(dict.fromkeys([notice] + [n for r in results for n in r.notices]))
    out: dict[str, Any] = {
        "calculator": "fine",
        "rules_version": RULES_VERSION,
        "kind": "penalty",
        "applied_version": governing.as_dict()["applied_version"],
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
