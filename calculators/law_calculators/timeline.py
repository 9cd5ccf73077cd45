"""The law in time (Administrative Penalty Law art. 37) and the limitation period (art. 36).

Conduct is judged by the text in force when it happened. Cybersecurity Law: the 2016 text from
2017-06-01, the 2025 text from 2026-01-01; where the decision is made on or after 2026-01-01 and
the 2025 text is lighter for this case (severity.py) or no longer penalises the conduct, the 2025
text applies. A 2025 referral to other laws is not "no longer penalised": those laws still punish
the conduct. The PIPL and the DSL have one text each (2021): conduct before it took effect gets no
penalty under it, later conduct is judged by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .citations import Citation, apl, csl
from .datafiles import STRUCTURE
from .explain import Notice, Step, outcomes_summary
from .penalties import Evaluation, evaluate
from .rules import TEXTS, VOCABULARY, Clause, counterparts, law_short, tier_words
from .severity import compare
from .validation import InputError

CSL_2016_IN_FORCE = date(2017, 6, 1)
CSL_2025_IN_FORCE = date(2026, 1, 1)


@dataclass(frozen=True)
class Request:
    """A resolved request: one clause, item and tier of one text, for one offender."""

    clause: Clause
    item: int | None
    tier: str
    offender: str

    def evaluate(self, amounts: dict[str, Decimal | None]) -> Evaluation:
        return evaluate(self.clause, self.item, self.tier, self.offender, amounts)

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.clause.version,
            "clause": self.clause.request_citation(self.item).as_dict(),
            "conduct": self.clause.item_citation(self.item).as_dict(),
            "tier": self.tier,
            "kind": self.clause.kind,
        }


@dataclass
class Decision:
    applied: Request | None  # None: no penalty under this law for this conduct
    evaluation: Evaluation | None
    steps: list[Step] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    law_in_time: dict[str, object] | None = None


@dataclass(frozen=True)
class DateWords:
    """How messages name the conduct and its date: the fine calculator's or the check's.

    Messages name the date by its label on the form (label_en, label_zh), never by `field`.
    """

    field: str
    en: str
    zh: str
    names_text: bool  # whether the user names the text (version) the clause is numbered in
    label_en: str  # the form's label of the date field, as a message writes it
    label_zh: str


CONDUCT = DateWords(
    "conduct_date", "conduct", "违法行为", True, "date of the conduct", "违法行为日期"
)
SALE = DateWords("sale_date", "sale", "销售行为", False, "date of sale", "销售日期")
# the decision's date field, as messages name it (schema.py: "Date of the decision")
DECISION_EN, DECISION_ZH = "date of the decision", "处罚决定日期"


def decide(
    asked: Request,
    amounts: dict[str, Decimal | None],
    conduct: date | None,
    decided: date | None,
    words: DateWords = CONDUCT,
) -> Decision:
    """Which text and clause apply to this conduct, with the steps that say why."""
    if asked.clause.law != "csl":
        return _single_text(asked, amounts, conduct, decided, words)
    if conduct is None:
        if decided is not None and decided < CSL_2025_IN_FORCE:
            return _bounded_by_decision(asked, amounts, decided, words)
        return _as_named(asked, amounts, words)
    if conduct < CSL_2016_IN_FORCE:
        return Decision(
            None,
            None,
            steps=[
                Step(
                    f"The {words.en} ({conduct}) precedes 2017-06-01, when the Cybersecurity Law took "
                    "effect: this Law imposes no penalty for it.",
                    f"{words.zh}（{conduct}）发生于本法施行之日（2017-06-01）之前，不适用本法罚则。",
                    (csl("2016", 79), apl(37)),
                )
            ],
            law_in_time={
                "conduct_date": str(conduct),
                "in_force": str(CSL_2016_IN_FORCE),
                "text_at_conduct": None,
            },
        )
    at_conduct = "2016" if conduct < CSL_2025_IN_FORCE else "2025"
    record: dict[str, object] = {
        "conduct_date": str(conduct),
        "decision_date": str(decided) if decided else None,
        "decision_date_assumed": decided is None and at_conduct == "2016",
        "in_force": str(CSL_2016_IN_FORCE),
        "text_at_conduct": at_conduct,
        "compared": False,
        "lighter": None,
    }
    steps = [_text_at_conduct_step(conduct, at_conduct, words)]
    if decided is None and at_conduct == "2016":  # the earliest decision the calculator assumes
        notices = limitation_notices(conduct, CSL_2025_IN_FORCE, words, assumed=True)
    else:
        notices = limitation_notices(conduct, decided, words)
    return _apply(asked, amounts, at_conduct, decided, steps, notices, record)


def _single_text(
    asked: Request,
    amounts: dict[str, Decimal | None],
    conduct: date | None,
    decided: date | None,
    words: DateWords,
) -> Decision:
    """A law with one text (PIPL, DSL): no penalty under it for conduct before it took effect."""
    text = TEXTS[asked.clause.text]
    assert text.in_force is not None  # checked at import for every law but the CSL
    in_force, law, version = text.in_force, text.law, text.version
    name_en, name_zh = law_short(law, "en"), law_short(law, "zh")
    full_en = VOCABULARY["laws"][law]["en"]
    # the last article of the text sets the day it takes effect (本法自……起施行)
    entry = Citation(law, version, len(STRUCTURE[f"{law}/{version}"]))
    record: dict[str, object] = {
        "conduct_date": str(conduct) if conduct else None,
        "decision_date": str(decided) if decided else None,
        "decision_date_assumed": False,
        "in_force": str(in_force),
        "text_at_conduct": version,
        "compared": False,
        "lighter": None,
    }
    # the Cybersecurity Law is pointed to only for conduct that can fall on or after 2017-06-01,
    # when it took effect: before that it imposes no penalty either
    latest = conduct if conduct is not None else decided
    earlier_en = " Other laws in force at the time may apply to it"
    earlier_zh = "行为时施行的其他法律可能适用"
    if latest is not None and latest >= CSL_2016_IN_FORCE:
        earlier_en += (
            ": where the Cybersecurity Law reaches the conduct, the calculator computes it in its "
            "2016 text (choose that law and the 2016 text)."
        )
        earlier_zh += (
            "；属于《网络安全法》规定范围的，本计算器可按其2016年文本计算"
            "（法律选《网络安全法》，条文版本选2016年文本）。"
        )
    else:
        earlier_en += (
            "; the Cybersecurity Law does not, as it took effect only on 2017-06-01, after the "
            f"{words.en}."
        )
        earlier_zh += f"；《网络安全法》自2017-06-01起施行，晚于{words.zh}，亦不适用。"
    if conduct is None and decided is not None and decided < in_force:
        record |= {"conduct_date_bounded_by_decision": True, "text_at_conduct": None}
        step = Step(
            f"No {words.label_en} was given; the decision ({decided}) precedes {in_force}, when the "
            f"{full_en} took effect, so the {words.en} does too: the {name_en} does not apply to it "
            f"and imposes no penalty for it (Administrative Penalty Law art. 37).{earlier_en}",
            f"未填写{words.label_zh}；处罚决定（{decided}）早于{name_zh}施行之日（{in_force}），"
            f"{words.zh}亦然：不适用{name_zh}，不依其给予处罚（《行政处罚法》第三十七条）。{earlier_zh}",
            (entry, apl(37)),
        )
        return Decision(None, None, [step], [], record)
    if conduct is None:
        if asked.clause.kind in ("referral", "note"):
            return Decision(asked, asked.evaluate(amounts))
        notice = Notice(
            "no_conduct_date",
            f"No {words.label_en} given: the {name_en} is applied as it stands. Whether the "
            f"{words.en} precedes {in_force}, when the {name_en} took effect and before which it "
            "imposes no penalty, and the limitation period (Administrative Penalty Law art. 36) "
            f"cannot be checked. Give the {words.label_en} (and the {DECISION_EN}) to check them.",
            f"未填写{words.label_zh}：直接按{name_zh}计算，无法核对{words.zh}是否发生于该法施行之日"
            f"（{in_force}）之前（此前的行为不依该法处罚），也无法核对《行政处罚法》第三十六条的时效。"
            f"填写{words.label_zh}（及{DECISION_ZH}）可予核对。",
            (entry, apl(37), apl(36)),
        )
        return Decision(asked, asked.evaluate(amounts), notices=[notice])
    if conduct < in_force:
        record["text_at_conduct"] = None
        step = Step(
            f"The {words.en} ({conduct}) precedes {in_force}, when the {full_en} took effect: the "
            f"{name_en} does not apply to it and imposes no penalty for it (the law in force at the "
            f"time of the conduct applies: Administrative Penalty Law art. 37).{earlier_en}",
            f"{words.zh}（{conduct}）发生于{name_zh}施行之日（{in_force}）之前：不适用{name_zh}，"
            f"不依其给予处罚（适用违法行为发生时的法律：《行政处罚法》第三十七条）。{earlier_zh}",
            (entry, apl(37)),
        )
        return Decision(None, None, [step], [], record)
    step = Step(
        f"The {words.en} ({conduct}) falls on or after {in_force}, when the {full_en} took "
        f"effect: the {name_en} ({version}) applies, the law in force at the time of the conduct "
        "(Administrative Penalty Law art. 37).",
        f"{words.zh}（{conduct}）发生于{name_zh}施行之日（{in_force}）或之后，适用{name_zh}"
        "（适用违法行为发生时的法律：《行政处罚法》第三十七条）。",
        (entry, apl(37)),
    )
    notices = limitation_notices(conduct, decided, words)
    return Decision(asked, asked.evaluate(amounts), [step], notices, record)


def _as_named(asked: Request, amounts: dict[str, Decimal | None], words: DateWords) -> Decision:
    """No date of the conduct, and no decision before 2026 to bound it: the text as named."""
    if asked.clause.kind in ("referral", "note"):
        return Decision(asked, asked.evaluate(amounts))
    version = asked.clause.version
    return Decision(
        asked,
        asked.evaluate(amounts),
        notices=[
            Notice(
                "no_conduct_date",
                f"No {words.label_en} given: the {version} text"
                f"{' you named' if words.names_text else ''} is applied as it stands, and the "
                "limitation period (Administrative Penalty Law art. 36) cannot be checked. Give the "
                f"{words.label_en} (and the {DECISION_EN}) to apply the law in time.",
                f"未填写{words.label_zh}：按{'所选' if words.names_text else ''}{version}年文本直接计算，"
                "也无法核对《行政处罚法》第三十六条的时效。"
                f"填写{words.label_zh}（及{DECISION_ZH}）可适用新旧法选择规则。",
                (apl(37), apl(36)),
            )
        ],
    )


def _bounded_by_decision(
    asked: Request, amounts: dict[str, Decimal | None], decided: date, words: DateWords
) -> Decision:
    """No date of the conduct, but a decision before 2026: the conduct cannot be later than it."""
    before_law = decided < CSL_2016_IN_FORCE
    record: dict[str, object] = {
        "conduct_date": None,
        "conduct_date_bounded_by_decision": True,
        "decision_date": str(decided),
        "decision_date_assumed": False,
        "in_force": str(CSL_2016_IN_FORCE),
        "text_at_conduct": None if before_law else "2016",
        "compared": False,
        "lighter": None,
    }
    notice = Notice(
        "conduct_date_bounded_by_decision",
        f"No {words.label_en} given: the {words.en} cannot be later than the decision "
        f"({decided}), so it took place before 2026-01-01 and is judged by the 2016 text"
        + (", whichever text you named" if words.names_text else "")
        + " (Administrative Penalty Law art. 37). If it took place before 2017-06-01, this Law "
        f"imposes no penalty for it. Give the {words.label_en} to check this and the limitation "
        "period (art. 36).",
        f"未填写{words.label_zh}：{words.zh}不可能晚于处罚决定（{decided}），故发生于2026-01-01之前，"
        + ("无论所选为哪一文本，" if words.names_text else "")
        + "均依2016年文本判断（《行政处罚法》第三十七条）。如发生于2017-06-01之前，"
        f"不适用本法罚则。填写{words.label_zh}可核实此点及第三十六条的时效。",
        (apl(37), apl(36)),
    )
    if before_law:
        step = Step(
            f"No {words.label_en} was given; the decision ({decided}) precedes 2017-06-01, when "
            f"the Cybersecurity Law took effect, so the {words.en} does too: this Law imposes no "
            "penalty.",
            f"未填写{words.label_zh}；处罚决定（{decided}）早于本法施行之日（2017-06-01），"
            f"{words.zh}亦然，不适用本法罚则。",
            (csl("2016", 79), apl(37)),
        )
        return Decision(None, None, [step], [notice], record)
    step = Step(
        f"No {words.label_en} was given; the {words.en} cannot be later than the decision "
        f"({decided}), so it precedes 2026-01-01 and is judged by the 2016 text then in force.",
        f"未填写{words.label_zh}；{words.zh}不可能晚于处罚决定（{decided}），故发生于2026-01-01之前，"
        "适用当时施行的2016年文本。",
        (apl(37),),
    )
    return _apply(asked, amounts, "2016", decided, [step], [notice], record)


def _apply(
    asked: Request,
    amounts: dict[str, Decimal | None],
    at_conduct: str,
    decided: date | None,
    steps: list[Step],
    notices: list[Notice],
    record: dict[str, object],
) -> Decision:
    """The text in force at the conduct, and the later text where the decision allows it."""
    old = asked if asked.clause.version == at_conduct else _counterpart(asked, at_conduct)
    if old is not asked and old is not None:
        steps.append(_mapping_step(asked, old))
    if old is None and asked.clause.kind in ("referral", "note"):  # 2025 Art. 73: nothing to map
        return Decision(asked, asked.evaluate(amounts), steps, notices, record)
    if old is None:  # 2025 Art. 63 going back: the 2016 text set no penalty
        steps.append(
            Step(
                f"{asked.clause.label()} has no counterpart with a penalty in the 2016 text, which was in "
                "force when the conduct happened; a penalty the old law did not provide cannot be "
                "lighter, so none is imposed under this Law (Administrative Penalty Law art. 37).",
                f"{asked.clause.label_zh()}在违法行为发生时施行的2016年文本中没有对应罚则；"
                "依照《行政处罚法》第三十七条，不依本法给予处罚。",
                (asked.clause.citation(), apl(37)),
            )
        )
        return Decision(None, None, steps, notices, record)
    if at_conduct == "2025":
        return Decision(old, old.evaluate(amounts), steps, notices, record)
    if decided is not None and decided < CSL_2025_IN_FORCE:
        steps.append(
            Step(
                f"The decision ({decided}) precedes 2026-01-01, so only the 2016 text was in force.",
                f"处罚决定（{decided}）作出于2026-01-01之前，仅2016年文本有效。",
                (apl(37),),
            )
        )
        return Decision(old, old.evaluate(amounts), steps, notices, record)
    if decided is None:
        notices.append(
            Notice(
                "decision_date_assumed",
                f"No {DECISION_EN} given: the calculator assumes the decision is made on or after "
                "2026-01-01 and compares the two texts.",
                f"未填写{DECISION_ZH}：假定处罚决定于2026-01-01或之后作出，并比较新旧文本。",
            )
        )
    new = asked if asked.clause.version == "2025" else _counterpart(old, "2025")
    assert new is not None  # every 2016 clause has a 2025 counterpart (checked at import)
    return _compare(old, new, amounts, steps, notices, record)


def _compare(
    old: Request,
    new: Request,
    amounts: dict[str, Decimal | None],
    steps: list[Step],
    notices: list[Notice],
    record: dict[str, object],
) -> Decision:
    old_ev, new_ev = old.evaluate(amounts), new.evaluate(amounts)
    record.update(compared=True, old=_side(old, old_ev), new=_side(new, new_ev))
    cites = (old.clause.citation(), new.clause.citation(), apl(37))
    if new.clause.kind in ("referral", "note") and old.clause.kind == "penalty":
        record["lighter"] = None
        steps.append(
            Step(
                f"The 2025 text no longer sets its own penalty for this conduct but refers it to other "
                f"laws ({new.clause.label()}). The conduct stays punishable under them, so the "
                "2025 text is not treated as lighter: the 2016 text applies.",
                f"2025年文本对该行为不再自设罚则，而是转致其他法律（{new.clause.label_zh()}）。"
                "该行为依其他法律仍应受罚，故不视为新规定处罚较轻，适用2016年文本。",
                cites,
            )
        )
        notices.append(
            Notice(
                "referred_to_other_laws",
                "Since 2026-01-01 this conduct is punished under the laws the 2025 text refers to "
                f"({new.clause.label()}); where they also applied at the time of the conduct, "
                "Administrative Penalty Law art. 29 (the higher fine) may make them govern. Not modelled.",
                f"自2026-01-01起，该行为依2025年文本转致的法律处罚（{new.clause.label_zh()}）；"
                "如该等法律在行为时亦可适用，依《行政处罚法》第二十九条可能按罚款数额高的规定处罚，本计算器未予模拟。",
            )
        )
        return Decision(old, old_ev, steps, notices, record)
    offender_party = old.offender
    result = compare(old_ev.outcomes, new_ev.outcomes, offender_party)
    lighter = {"lighter": "2025", "heavier": "2016", "equal": "equal"}[result.verdict]
    record["lighter"] = lighter
    old_en, old_zh = outcomes_summary(old_ev.outcomes)
    new_en, new_zh = outcomes_summary(new_ev.outcomes)
    applied, applied_ev = (new, new_ev) if result.verdict == "lighter" else (old, old_ev)
    verdict_en = {
        "lighter": "The 2025 text is lighter",
        "heavier": "The 2025 text is not lighter (it is heavier)",
        "equal": "The 2025 text is not lighter (the two are equal)",
    }[result.verdict]
    verdict_zh = {
        "lighter": "2025年文本处罚较轻",
        "heavier": "2025年文本处罚较重",
        "equal": "新旧文本处罚相同",
    }[result.verdict]
    steps.append(
        Step(
            f"Under the 2016 text: {old_en} Under the 2025 text: {new_en} {verdict_en} ({result.en}; "
            f"compared as set out in the method), so the {applied.clause.version} text applies.",
            f"依2016年文本：{old_zh}依2025年文本：{new_zh}{verdict_zh}（{result.zh}），"
            f"故适用{applied.clause.version}年文本。",
            cites,
        )
    )
    return Decision(applied, applied_ev, steps, notices, record)


def _side(request: Request, ev: Evaluation) -> dict[str, object]:
    return request.as_dict() | {"outcomes": [o.as_dict() for o in ev.outcomes]}


def _counterpart(request: Request, version: str) -> Request | None:
    found = counterparts(request.clause, request.item, request.tier)
    if len(found) > 1 and request.item is None and request.clause.items:
        items = ", ".join(map(str, request.clause.items))
        raise InputError(
            "item",
            f"the {version} counterpart of {request.clause.label()} depends on the item; give the "
            f"item ({items})",
            f"{request.clause.label_zh()}在{version}年文本中的对应条款因项而异；请填写项"
            f"（{items.replace(', ', '、')}）",
        )
    if len(found) > 1:
        options = ", ".join(f.clause.label(f.item) for f in found)
        options_zh = "、".join(f.clause.label_zh(f.item) for f in found)
        raise InputError(
            "version",
            f"{request.clause.label(request.item)} corresponds to several clauses of the {version} text "
            f"({options}), which the law in time must tell apart; choose the {version} text and "
            "give the clause in its numbering, or give a paragraph of the article that names only "
            "one of them",
            f"{request.clause.label_zh(request.item)}对应{version}年文本的多个条款（{options_zh}），"
            f"新旧法选择需加以区分；请选择{version}年文本并按其条文编号填写，"
            "或填写仅对应其中之一的款",
        )
    if not found:
        return None
    match = found[0]
    return Request(match.clause, match.item, match.tier, request.offender)


def _text_at_conduct_step(conduct: date, at_conduct: str, words: DateWords) -> Step:
    if at_conduct == "2025":
        return Step(
            f"The {words.en} ({conduct}) falls on or after 2026-01-01: the 2025 text applies.",
            f"{words.zh}（{conduct}）发生于2026-01-01或之后，适用2025年文本。",
            (apl(37),),
        )
    return Step(
        f"The {words.en} ({conduct}) precedes 2026-01-01: it is judged by the 2016 text then in force, "
        "unless the text in force at the decision punishes it more lightly or no longer treats it as "
        "unlawful (Administrative Penalty Law art. 37).",
        f"{words.zh}（{conduct}）发生于2026-01-01之前，适用当时施行的2016年文本；"
        "但作出处罚决定时新的规定处罚较轻或者不认为是违法的，适用新的规定（《行政处罚法》第三十七条）。",
        (apl(37),),
    )


def _mapping_step(asked: Request, mapped: Request) -> Step:
    (asked_en, asked_zh), (mapped_en, mapped_zh) = tier_words(asked.tier), tier_words(mapped.tier)
    same = asked.tier == mapped.tier
    tier = "" if same else f"; the {asked_en} corresponds to the {mapped_en}"
    tier_zh = "" if same else f"；{asked_zh}对应{mapped_zh}"
    pair = next(
        (
            c.pair
            for c in counterparts(asked.clause, asked.item, asked.tier)
            if c.clause == mapped.clause
        ),
        None,
    )
    note_en = f" {pair.note_en}" if pair and pair.note_en else ""
    note_zh = pair.note_zh if pair and pair.note_zh else ""
    return Step(
        f"{asked.clause.label(asked.item)} corresponds to {mapped.clause.label(mapped.item)} (article map){tier}.{note_en}",
        f"{asked.clause.label_zh(asked.item)}对应{mapped.clause.label_zh(mapped.item)}（条文对照）{tier_zh}。{note_zh}",
        (asked.clause.item_citation(asked.item), mapped.clause.item_citation(mapped.item)),
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def limitation_notices(
    conduct: date, decided: date | None, words: DateWords = CONDUCT, assumed: bool = False
) -> list[Notice]:
    """Warn when the two-year (or five-year) period of art. 36 may have run; never decide it.

    `assumed`: no decision date was given and `decided` is the earliest the calculator assumes.
    """
    if decided is None or decided <= _add_years(conduct, 2):
        return []
    five = decided > _add_years(conduct, 5)
    years_en, years_zh = ("five", "五") if five else ("two", "二")
    if assumed:
        when_en = (
            f"No {DECISION_EN} given: a decision on or after 2026-01-01, as assumed, comes more "
            f"than {years_en} years after the {words.en}."
        )
        when_zh = f"未填写{DECISION_ZH}：按假定于2026-01-01或之后作出的处罚决定，距{words.zh}已超过{years_zh}年。"
    else:
        when_en = f"The decision comes more than {years_en} years after the {words.en}."
        when_zh = f"处罚决定距{words.zh}已超过{years_zh}年。"
    return [
        Notice(
            "limitation_may_have_run",
            f"{when_en} Under Administrative Penalty Law art. 36 no penalty is imposed for a violation "
            "not discovered within two years (five years where citizens' life and health or financial "
            "security are involved and harm resulted), counted from the end of continuing conduct. The "
            "calculator cannot tell when the violation was discovered: check it.",
            f"{when_zh}依《行政处罚法》第三十六条，违法行为在二年内未被发现的，不再给予行政处罚"
            "（涉及公民生命健康安全、金融安全且有危害后果的为五年），连续或者继续状态的从行为终了之日起计算。"
            "本计算器无法判断违法行为何时被发现，请核实。",
            (apl(36),),
        )
    ]
