"""The words of a result: bilingual steps that cite their clauses, warnings, the disclaimer."""

from __future__ import annotations

from dataclasses import dataclass

from .citations import Citation
from .money import format_cny
from .penalties import Fine, Outcome
from .rules import MEASURES, VOCABULARY

DISCLAIMER = {
    "en": (
        "An estimate of the statutory range under the Cybersecurity Law, not legal advice and not a "
        "prediction of a decision. Authorities also apply discretion benchmarks, other laws and the "
        "facts of the case, which this calculator does not model. The Chinese text is authoritative."
    ),
    "zh": (
        "本结果仅为依据《网络安全法》条文估算的法定处罚幅度，不构成法律意见，也不预测具体处罚决定。"
        "执法机关还会适用裁量基准、其他法律及案件事实，本计算器未予模拟。以中文法律文本为准。"
    ),
}


@dataclass(frozen=True)
class Step:
    en: str
    zh: str
    citations: tuple[Citation, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"en": self.en, "zh": self.zh, "citations": [c.as_dict() for c in self.citations]}


@dataclass(frozen=True)
class Notice:
    """A warning: something the reader must check that the calculator cannot decide."""

    code: str
    en: str
    zh: str
    citations: tuple[Citation, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "en": self.en,
            "zh": self.zh,
            "citations": [c.as_dict() for c in self.citations],
        }


def party_label(outcome: Outcome) -> tuple[str, str]:
    party = VOCABULARY["parties"][outcome.party]
    if outcome.scope is None:
        return party["en"].capitalize(), party["zh"]
    scope = VOCABULARY["scopes"][outcome.scope]
    return f"Responsible persons ({scope['en']})", scope["zh"]


def fine_text(fine: Fine) -> tuple[str, str]:
    may_en = " (discretionary: 可以处)" if fine.discretionary else " (mandatory)"
    may_zh = "可以" if fine.discretionary else ""
    if fine.basis == "cap":
        en, zh = (
            f"fine up to CNY {format_cny(fine.max)}",
            f"{may_zh}处{format_cny(fine.max)}元以下罚款",
        )
    else:
        low, high = format_cny(fine.min), format_cny(fine.max)
        en, zh = f"fine of CNY {low} to {high}", f"{may_zh}处{low}元以上{high}元以下罚款"
    if fine.multiple and fine.amount is not None:
        what_en, what_zh = (
            ("procurement amount", "采购金额")
            if fine.basis.endswith("procurement_amount")
            else ("illegal gains", "违法所得")
        )
        m_low, m_high = (format_cny(m) for m in fine.multiple)
        en += f" ({m_low} to {m_high} times the {what_en} of CNY {format_cny(fine.amount)})"
        zh += f"（{what_zh}{format_cny(fine.amount)}元的{m_low}倍以上{m_high}倍以下）"
    return en + may_en, zh


def outcome_text(outcome: Outcome) -> tuple[str, str]:
    """One party's outcome as a sentence in each language."""
    en_parts, zh_parts = [], []
    if outcome.detention:
        low, high = outcome.detention
        en_parts.append(f"administrative detention of {low} to {high} days")
        zh_parts.append(f"拘留{low}日以上{high}日以下")
    if outcome.fine:
        en, zh = fine_text(outcome.fine)
        en_parts.append(en)
        zh_parts.append(zh)
    if outcome.confiscation:
        en_parts.append("confiscation of illegal gains (mandatory)")
        zh_parts.append("没收违法所得")
    for code, mandatory in outcome.measures:
        en_parts.append(f"{MEASURES[code]['en']} ({'mandatory' if mandatory else 'discretionary'})")
        zh_parts.append(("" if mandatory else "可以") + MEASURES[code]["zh"])
    label_en, label_zh = party_label(outcome)
    en_body = "; ".join(en_parts) if en_parts else "nothing"
    zh_body = "；".join(zh_parts) if zh_parts else "无"
    return f"{label_en}: {en_body}.", f"{label_zh}：{zh_body}。"


def outcome_step(outcome: Outcome) -> Step:
    en, zh = outcome_text(outcome)
    return Step(en, zh, (outcome.cite,))


def outcomes_summary(outcomes: list[Outcome]) -> tuple[str, str]:
    if not outcomes:
        return "no penalty", "不予处罚"
    texts = [outcome_text(o) for o in outcomes]
    return " ".join(t[0] for t in texts), "".join(t[1] for t in texts)
