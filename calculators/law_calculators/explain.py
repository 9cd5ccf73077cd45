"""The words of a result: bilingual steps that cite their clauses, warnings, the disclaimer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .citations import Citation, chinese_numeral
from .money import format_cny
from .penalties import Fine, Outcome, measure_groups
from .rules import MEASURES, VOCABULARY

DISCLAIMER = {
    "en": (
        "An estimate of the statutory range under the Cybersecurity Law, the Personal Information "
        "Protection Law or the Data Security Law, not legal advice and not a prediction of a "
        "decision. Authorities also apply discretion benchmarks, other laws and the facts of the "
        "case, which this calculator does not model. The Chinese text is authoritative."
    ),
    "zh": (
        "本结果仅为依据《网络安全法》《个人信息保护法》《数据安全法》条文估算的法定处罚幅度，不构成法律意见，"
        "也不预测具体处罚决定。执法机关还会适用裁量基准、其他法律及案件事实，本计算器未予模拟。以中文法律文本为准。"
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
    may_zh = "可以" if fine.discretionary else ""
    if fine.mitigated_below is not None:
        en, zh = _mitigated_fine_text(fine)
        suffix = (
            " (discretionary: 可以处)"
            if fine.discretionary
            else " (lighter or mitigated, as Administrative Penalty Law art. 32 requires)"
        )
        return en + suffix, may_zh + zh
    may_en = " (discretionary: 可以处)" if fine.discretionary else " (mandatory)"
    if fine.caps is not None:
        en, zh = _turnover_caps_text(fine)
        return en + may_en, may_zh + zh
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


def percent_zh(percent: Decimal) -> str:
    """5 -> 五 (百分之五), as the statute writes it; a fraction stays in figures."""
    return chinese_numeral(int(percent)) if percent == int(percent) else format_cny(percent)


def _turnover_caps_text(fine: Fine) -> tuple[str, str]:
    """PIPL art. 66(2): both caps, and the higher as the top (the editors' reading)."""
    caps = fine.caps
    assert caps is not None
    fixed, percent = format_cny(caps.fixed), format_cny(caps.percent)
    en = f"fine up to CNY {fixed} or up to {percent}% of the previous year's turnover"
    percent = percent_zh(caps.percent)
    zh = f"处{fixed}元以下或者上一年度营业额百分之{percent}以下罚款"
    share = caps.turnover_cap
    if share is None:
        return (
            en + " (no previous year's turnover given: the turnover cap cannot be computed, so CNY "
            f"{fixed} is shown as the top; the fine may reach {format_cny(caps.percent)}% of the "
            "turnover where that is higher)",
            zh + f"（未填写上一年度营业额，无法计算营业额上限；此处以{fixed}元为上限，"
            f"营业额的百分之{percent}较高的，罚款可能达到该数额）",
        )
    turnover, top = format_cny(caps.turnover), format_cny(caps.top)
    return (
        en + f" (CNY {format_cny(share)} of the turnover of CNY {turnover}); the higher cap, CNY "
        f"{top}, is taken as the top of the exposure (editors' reading: the text does not say "
        "which cap applies)",
        zh + f"（上一年度营业额{turnover}元的百分之{percent}为{format_cny(share)}元）；"
        f"以较高的上限{top}元作为处罚幅度上限（编者解读：条文未规定适用哪一上限）",
    )


def _mitigated_fine_text(fine: Fine) -> tuple[str, str]:
    """Art. 32: 从轻 within the statutory range, 减轻 below its minimum (never a floor of 0)."""
    assert fine.mitigated_below is not None
    high = format_cny(fine.max)
    if fine.mitigated_below == 0:  # an upper limit only: there is no minimum to go below
        return (
            f"fine up to CNY {high} (lighter, 从轻; the statutory range has no minimum to go below)",
            f"从轻处{high}元以下罚款",
        )
    low = format_cny(fine.mitigated_below)
    return (
        f"fine lighter (从轻), CNY {low} to {high}, or mitigated (减轻), below CNY {low}",
        f"从轻处{low}元以上{high}元以下罚款，或者减轻处低于{low}元的罚款",
    )


def detention_text(outcome: Outcome) -> tuple[str, str]:
    assert outcome.detention is not None
    low, high = outcome.detention
    may_en, may_zh = ("may: ", "可以") if low == 0 else ("", "")
    below = outcome.detention_below
    if below:
        return (
            f"{may_en}administrative detention lighter (从轻), {below} to {high} days, or mitigated "
            f"(减轻), fewer than {below} days",
            f"{may_zh}从轻处{below}日以上{high}日以下拘留，或者减轻处不满{below}日的拘留",
        )
    if low == 0:
        return f"may: administrative detention of up to {high} days", f"可以处{high}日以下拘留"
    return f"administrative detention of {low} to {high} days", f"拘留{low}日以上{high}日以下"


def _or_list(names: list[str], sep: str, last: str) -> str:
    return names[0] if len(names) == 1 else sep.join(names[:-1]) + last + names[-1]


def measures_text(measures: tuple[tuple[str, bool], ...]) -> tuple[list[str], list[str]]:
    """Each measure, or each group of alternatives (`one_of`), with whether it is mandatory."""
    en: list[str] = []
    zh: list[str] = []
    for (group, mandatory), codes in measure_groups(measures):
        if group is None or len(codes) == 1:
            code = codes[0]
            en.append(f"{MEASURES[code]['en']} ({'mandatory' if mandatory else 'discretionary'})")
            zh.append(("" if mandatory else "可以") + MEASURES[code]["zh"])
            continue
        names_en = _or_list([MEASURES[c]["en"] for c in codes], ", ", " or ")
        names_zh = _or_list([MEASURES[c]["zh"] for c in codes], "、", "或者")
        how = (
            "mandatory: one of them is imposed"
            if mandatory
            else "discretionary: one may be imposed"
        )
        en.append(f"one of: {names_en} ({how}; 或者 makes them alternatives)")
        zh.append(("应当" if mandatory else "可以") + f"择一给予：{names_zh}")
    return en, zh


def outcome_text(outcome: Outcome) -> tuple[str, str]:
    """One party's outcome as a sentence in each language."""
    en_parts, zh_parts = [], []
    if outcome.detention:
        en, zh = detention_text(outcome)
        en_parts.append(en)
        zh_parts.append(zh)
    if outcome.fine:
        en, zh = fine_text(outcome.fine)
        en_parts.append(en)
        zh_parts.append(zh)
    if outcome.confiscation:
        en_parts.append("confiscation of illegal gains (mandatory)")
        zh_parts.append("没收违法所得")
    measures_en, measures_zh = measures_text(outcome.measures)
    en_parts += measures_en
    zh_parts += measures_zh
    label_en, label_zh = party_label(outcome)
    en_body = "; ".join(en_parts) if en_parts else "nothing"
    zh_body = "；".join(zh_parts) if zh_parts else "无"
    return f"{label_en}: {en_body}.", f"{label_zh}：{zh_body}。"


def reading_notices(outcomes: list[Outcome]) -> list[Notice]:
    """A warning for each measure shown whose status is the editors' reading (vocabulary.toml)."""
    codes = dict.fromkeys(code for o in outcomes for code, _ in o.measures)
    return [
        Notice(
            "editors_reading",
            MEASURES[code]["reading_en"],
            MEASURES[code]["reading_zh"],
            reading_citations(code),
        )
        for code in codes
        if "reading_en" in MEASURES[code]
    ]


def reading_citations(code: str) -> tuple[Citation, ...]:
    return tuple(Citation(*cite) for cite in MEASURES[code].get("reading_cites", []))


def outcome_step(outcome: Outcome) -> Step:
    en, zh = outcome_text(outcome)
    return Step(en, zh, (outcome.cite,))


def outcomes_summary(outcomes: list[Outcome]) -> tuple[str, str]:
    if not outcomes:
        return "no penalty", "不予处罚"
    texts = [outcome_text(o) for o in outcomes]
    return " ".join(t[0] for t in texts), "".join(t[1] for t in texts)
