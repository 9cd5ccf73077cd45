"""Mitigation under the Administrative Penalty Law (arts. 32, 33), to which 2025 Art. 73 points;
they apply directly to the penalties of the PIPL and the DSL.

What is law and what is the calculator's assumption:
- Law (art. 32): the penalty must be lighter (从轻: within the statutory range, at its lighter
  end) or mitigated (减轻: below the statutory minimum; the law sets no floor).
  Assumption: "lighter end" means at most the midpoint of the range. So a fine is either from the
  statutory minimum to the midpoint (从轻) or below that minimum (减轻): `max` is the midpoint,
  `min` is 0 because the law sets no floor, and `mitigated_below` names the minimum. Detention
  likewise, but never below one day (below a minimum of one day there is no detention left to
  mitigate). Non-monetary measures are kept as they are.
- Law (art. 33(1), first sentence; 33(2)): no administrative penalty. Orders to correct remain
  (art. 28) and the party is educated (art. 33(3)).
- Law (art. 33(1), second sentence): the authority may impose no penalty. Every penalty becomes
  discretionary, with 0 as the lowest fine and detention.
A mitigated outcome never exceeds the unmitigated one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .citations import Citation, apl, csl
from .explain import Step
from .money import midpoint_floor
from .penalties import Fine, Outcome, merge_measures
from .rules import CIRCUMSTANCES, MEASURES


@dataclass
class Mitigated:
    outcomes: list[Outcome]
    no_penalty: bool = False
    no_penalty_possible: bool = False
    steps: list[Step] = field(default_factory=list)


def circumstance_citation(code: str) -> Citation:
    c = CIRCUMSTANCES[code]
    return apl(c["article"], c.get("paragraph"), c.get("item"))


def mitigate(
    outcomes: list[Outcome], codes: list[str], version: str, law: str = "csl"
) -> Mitigated:
    """Apply the circumstances to the statutory outcomes of the applied text."""
    if not codes:
        return Mitigated(outcomes)
    # CSL 2025 Art. 73 restates the reference; under the 2016 text, the PIPL and the DSL the
    # Administrative Penalty Law applies directly
    gateway = (csl("2025", 73, 1),) if (law, version) == ("csl", "2025") else ()
    steps = [
        Step(
            f"Circumstance: {CIRCUMSTANCES[code]['en']} ({CIRCUMSTANCES[code]['zh']}).",
            f"情形：{CIRCUMSTANCES[code]['zh']}",
            (*gateway, circumstance_citation(code)),
        )
        for code in codes
    ]
    effects = {CIRCUMSTANCES[code]["effect"] for code in codes}
    if "no_penalty" in effects:
        steps.append(
            Step(
                "Law: no administrative penalty is imposed (不予行政处罚). The order to correct and other "
                "measures that are not penalties remain, and the party is educated.",
                "法律规定：不予行政处罚。责令改正等非处罚措施仍然适用，并应当对当事人进行教育。",
                (apl(33), apl(28, 1), apl(33, 3)),
            )
        )
        return Mitigated(_no_penalty(outcomes), no_penalty=True, steps=steps)
    result = outcomes
    if "lighter_or_mitigated" in effects:
        result = [_lighter(o) for o in result]
        steps.append(
            Step(
                "Law: the penalty must be lighter (从轻, within the statutory range) or mitigated (减轻, "
                "below the statutory minimum, with no floor set by law). Calculator's assumption: lighter "
                "means at most the midpoint of the range. So each fine and detention is either from the "
                "statutory minimum to the midpoint, or below that minimum; non-monetary measures are not "
                "reduced.",
                "法律规定：应当从轻（法定幅度内）或者减轻（低于法定最低限度，法律未设下限）处罚。"
                "本计算器的假定：从轻指不超过幅度的中间值。故罚款、拘留或者在法定最低限度至中间值之间（从轻），"
                "或者低于法定最低限度（减轻）；非罚款措施不予调整。",
                (apl(32),),
            )
        )
    if "may_no_penalty" in effects:
        result = [_optional(o) for o in result]
        steps.append(
            Step(
                "Law: the authority may impose no penalty (可以不予行政处罚). Every penalty becomes "
                "discretionary, down to 0.",
                "法律规定：可以不予行政处罚。各项处罚均为可以给予，下限为0。",
                (apl(33, 1),),
            )
        )
    return Mitigated(result, no_penalty_possible="may_no_penalty" in effects, steps=steps)


def _lighter(o: Outcome) -> Outcome:
    fine = o.fine and replace(
        o.fine,
        min=Decimal(0),
        max=midpoint_floor(o.fine.min, o.fine.max),
        mitigated_below=o.fine.min,
    )
    if not o.detention:
        return replace(o, fine=_as_cap(fine))
    low, high = o.detention
    # detention is whole days, at least one: a one-day minimum leaves nothing to go below
    below = low if low > 1 else None
    return replace(o, fine=_as_cap(fine), detention=(1, (low + high) // 2), detention_below=below)


def _optional(o: Outcome) -> Outcome:
    fine = o.fine and replace(o.fine, min=Decimal(0), discretionary=True)
    detention = o.detention and (0, o.detention[1])
    measures = tuple(
        (code, mandatory and not MEASURES[code]["penalty"]) for code, mandatory in o.measures
    )
    if o.confiscation:
        measures = merge_measures(measures, (("confiscate_illegal_gains", False),))
    return replace(
        o, fine=_as_cap(fine), detention=detention, confiscation=False, measures=measures
    )


def _as_cap(fine: Fine | None) -> Fine | None:
    """A mitigated fine starts at 0: a cap, no longer tied to a multiple of an amount or to the two
    caps of PIPL art. 66(2) (the unmitigated outcome keeps them)."""
    return fine and replace(fine, basis="cap", multiple=None, amount=None, caps=None)


def _no_penalty(outcomes: list[Outcome]) -> list[Outcome]:
    kept = []
    for o in outcomes:
        measures = tuple((code, m) for code, m in o.measures if not MEASURES[code]["penalty"])
        if o.party != "responsible_persons":
            measures = merge_measures(measures, (("education", True),))
        if measures:
            kept.append(
                replace(o, fine=None, detention=None, confiscation=False, measures=measures)
            )
    return kept
