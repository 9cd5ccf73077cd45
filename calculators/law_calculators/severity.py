"""The rule this calculator uses to call one statutory outcome lighter than another.

Administrative Penalty Law art. 37 applies the new text to earlier conduct only where it
"处罚较轻" (punishes more lightly), and art. 29 picks "罚款数额高的规定" (the provision with the
higher fine); neither says how to compare two ranges. The calculator borrows the order used for
the same question in criminal law (最高人民法院《关于适用刑法第十二条几个问题的解释》, 1997:
the statutory maximum first, then the minimum) and compares, in this order, stopping at the first
difference:

1. for the offender (entity or individual), then for the responsible persons:
   longest detention, highest fine, shortest detention, lowest fine (a discretionary fine, 可以处,
   counts as 0 at the low end);
2. the number of mandatory non-monetary penalties (confiscation counted), then of discretionary ones;
   alternatives joined by 或者 (one_of, e.g. the business sanctions) count as one, since one is imposed.

The outcomes compared are those of the actual case (with its illegal gains or procurement amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .money import format_cny
from .penalties import Outcome, measure_groups
from .rules import MEASURES, VOCABULARY


@dataclass(frozen=True)
class Component:
    en: str
    zh: str
    value: Decimal


def components(outcomes: list[Outcome], offender_party: str) -> list[Component]:
    """The ordered values compared; a larger value is heavier."""
    by_party = {o.party: o for o in outcomes}
    out: list[Component] = []
    for party in (offender_party, "responsible_persons"):
        o = by_party.get(party)
        en = VOCABULARY["parties"][party]["en"]
        zh = VOCABULARY["parties"][party]["zh"]
        detention = o.detention if o and o.detention else (0, 0)
        fine = o.fine if o else None
        out += [
            Component(
                f"longest detention of the {en} (days)",
                f"{zh}拘留上限（日）",
                Decimal(detention[1]),
            ),
            Component(
                f"highest fine on the {en}", f"{zh}罚款上限", fine.max if fine else Decimal(0)
            ),
            Component(
                f"shortest detention of the {en} (days)",
                f"{zh}拘留下限（日）",
                Decimal(detention[0]),
            ),
            Component(
                f"lowest fine on the {en}",
                f"{zh}罚款下限",
                fine.min if fine and not fine.discretionary else Decimal(0),
            ),
        ]
    mandatory = sum(o.confiscation for o in outcomes) + _penalties(outcomes, True)
    optional = _penalties(outcomes, False)
    out += [
        Component(
            "number of mandatory non-monetary penalties",
            "应当给予的非罚款处罚种数",
            Decimal(mandatory),
        ),
        Component(
            "number of discretionary non-monetary penalties",
            "可以给予的非罚款处罚种数",
            Decimal(optional),
        ),
    ]
    return out


def _penalties(outcomes: list[Outcome], mandatory: bool) -> int:
    """Non-monetary penalties of that force; alternatives joined by 或者 (one_of) count once."""
    return sum(
        1
        for o in outcomes
        for (_, force), codes in measure_groups(o.measures)
        if force == mandatory and MEASURES[codes[0]]["penalty"]
    )


@dataclass(frozen=True)
class Comparison:
    verdict: str  # "lighter" | "heavier" | "equal": the second outcome against the first
    en: str
    zh: str


def compare(first: list[Outcome], second: list[Outcome], offender_party: str) -> Comparison:
    """Is `second` lighter than, heavier than or equal to `first`? With the deciding difference."""
    for a, b in zip(
        components(first, offender_party), components(second, offender_party), strict=True
    ):
        if a.value != b.value:
            verdict = "lighter" if b.value < a.value else "heavier"
            en = f"{a.en}: {format_cny(b.value)} against {format_cny(a.value)}"
            return Comparison(verdict, en, f"{a.zh}：{format_cny(b.value)}对{format_cny(a.value)}")
    return Comparison("equal", "no difference in any compared element", "各比较要素均相同")


def fine_key(outcome: Outcome | None) -> tuple[Decimal, Decimal]:
    """For art. 29 (the higher fine): highest fine, then lowest fine."""
    if outcome is None or outcome.fine is None:
        return (Decimal(-1), Decimal(-1))
    fine = outcome.fine
    return (fine.max, Decimal(0) if fine.discretionary else fine.min)
