"""One act, several provisions (Administrative Penalty Law art. 29).

The same act may not be fined twice; where it breaches several provisions that each carry a fine,
the provision with the higher fine applies. The calculator chooses, party by party, the violation
whose statutory (unmitigated) fine is higher (severity.fine_key: highest fine, then lowest) and
shows that violation's outcome. Art. 29 limits fines only: the non-monetary measures of the other
provisions are not excluded, so every violation's own result is kept beside the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .citations import apl
from .explain import Notice, Step, fine_text, party_label
from .penalties import Outcome, sort_outcomes
from .severity import fine_key


@dataclass(frozen=True)
class Choice:
    party: str
    index: int  # of the violation that governs this party


def choose(unmitigated: list[list[Outcome]]) -> list[Choice]:
    """For each party of any violation, the violation with the higher fine (first on a tie)."""
    parties = [o.party for o in sort_outcomes([o for group in unmitigated for o in group])]
    choices = []
    for party in dict.fromkeys(parties):
        keys = [
            fine_key(next((o for o in group if o.party == party), None)) for group in unmitigated
        ]
        choices.append(Choice(party, keys.index(max(keys))))
    return choices


def explain(
    choices: list[Choice], unmitigated: list[list[Outcome]], labels: list[str]
) -> tuple[Step, Notice]:
    lines_en, lines_zh = [], []
    for choice in choices:
        outcome = next(o for o in unmitigated[choice.index] if o.party == choice.party)
        label_en, label_zh = party_label(outcome)
        fine_en, fine_zh = fine_text(outcome.fine) if outcome.fine else ("no fine", "无罚款")
        lines_en.append(f"{label_en}: {labels[choice.index]} governs ({fine_en})")
        lines_zh.append(f"{label_zh}：适用{labels[choice.index]}（{fine_zh}）")
    step = Step(
        "One act breaches several provisions: it may be fined only once, under the provision with the "
        "higher fine (Administrative Penalty Law art. 29). " + "; ".join(lines_en) + ".",
        "同一违法行为违反多个法律规范，只能给予一次罚款，按照罚款数额高的规定处罚（《行政处罚法》第二十九条）。"
        + "；".join(lines_zh)
        + "。",
        (apl(29),),
    )
    notice = Notice(
        "other_provisions_measures",
        "Art. 29 limits fines only: warnings, suspensions and other measures under the other "
        "provisions are not excluded. Each violation's own result is listed under `violations`.",
        "第二十九条仅限制罚款：其他规定中的警告、停业整顿等措施并不因此排除。各项违法的单独结果见`violations`。",
        (apl(29),),
    )
    return step, notice
