"""One act, several provisions (Administrative Penalty Law art. 29).

同一个违法行为违反多个法律规范应当给予罚款处罚的，按照罚款数额高的规定处罚: one act is fined
once, under the one provision with the higher fine. The calculator chooses that provision on the
statutory (unmitigated) fines: the offender's (highest, then lowest: severity.fine_key), then the
responsible persons'; on a full tie, the first. The entity and the responsible persons are both
fined under the provision chosen. Art. 29 limits fines only: the detention, confiscation and
non-monetary measures of the other provisions are kept beside the governing fine (detention once,
at the longest range: an assumption, art. 29 does not settle it), and every violation's own result
is listed as well.

The provisions may belong to different laws (a CSL clause and PIPL art. 66, say): art. 29 speaks of
法律规范 (legal norms) of any law, so the higher fine governs whichever law sets it.

A provision that refers the conduct to the relevant laws and administrative regulations (CSL 2025
Art. 71, DSL art. 51) has no fine of its own. Where
the provisions it names are computed in the same request (PIPL art. 66, DSL art. 46, listed as
violations of their own), they take part in the comparison; otherwise the law referred to may
carry the higher fine unseen, and the result says so instead of letting this Law's fine govern.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .citations import RELATED_VERSION, Citation, apl, chinese_numeral
from .explain import Notice, Step, fine_text
from .penalties import Outcome, merge_measures, sort_outcomes
from .rules import CLAUSES, LAW_VERSIONS, VOCABULARY, Answer, law_short, text_key
from .severity import fine_key


def _key(group: list[Outcome]) -> tuple[Decimal, ...]:
    offender = next((o for o in group if o.party != "responsible_persons"), None)
    persons = next((o for o in group if o.party == "responsible_persons"), None)
    return (*fine_key(offender), *fine_key(persons))


def choose(unmitigated: list[list[Outcome]]) -> int:
    """The violation whose fines govern: the higher fine on the offender, then on the persons."""
    keys = [_key(group) for group in unmitigated]
    return keys.index(max(keys))


def combine(governing: list[Outcome], others: list[list[Outcome]]) -> list[Outcome]:
    """The governing outcomes, with the detention, confiscation and measures of the others."""
    everyone = governing + [o for group in others for o in group]
    parties = dict.fromkeys(o.party for o in sort_outcomes(everyone))
    out = []
    for party in parties:
        base = next((o for o in governing if o.party == party), None)
        rest = [o for group in others for o in group if o.party == party]
        merged = _merge(base, rest)
        if merged is not None:
            out.append(merged)
    return sort_outcomes(out)


def _merge(base: Outcome | None, rest: list[Outcome]) -> Outcome | None:
    if base is None:  # the governing provision does not reach this party: its fines are not imposed
        kept = [replace(o, fine=None) for o in rest]
        kept = [o for o in kept if o.detention or o.confiscation or o.measures]
        if not kept:
            return None
        base, rest = kept[0], kept[1:]
    everyone = [base, *rest]
    longest = max(
        (o for o in everyone if o.detention),
        key=lambda o: (o.detention[1], o.detention[0]) if o.detention else (0, 0),
        default=None,
    )
    return replace(
        base,
        detention=longest.detention if longest else None,
        detention_below=longest.detention_below if longest else None,
        confiscation=any(o.confiscation for o in everyone),
        measures=merge_measures(*(o.measures for o in everyone)),
    )


def explain(
    index: int,
    unmitigated: list[list[Outcome]],
    labels: tuple[list[str], list[str]],
    referred: list[int],
    laws: list[str] | None = None,
) -> Step:
    """Why the provision at `index` governs; `labels` are the violations' labels (en, zh);
    `referred`, the referrals whose laws are not all computed here; `laws`, the laws named."""
    en_labels, zh_labels = labels
    if laws and len(laws) > 1:
        names_en = ", ".join(law_short(law, "en") for law in laws)
        names_zh = "".join(law_short(law, "zh") for law in laws)  # 《…》《…》: no 、 between
        en = (
            f"One act breaches provisions of several laws ({names_en}): it may be fined only once, "
            "under the provision with the higher fine, whichever law sets it (Administrative "
            "Penalty Law art. 29). The fines are compared as the statutes set them; which "
            "authority imposes the fine is not modelled. "
        )
        zh = (
            f"同一违法行为违反多部法律（{names_zh}）的规范，只能给予一次罚款，按照罚款数额高的规定处罚，"
            "不论该规定属于哪部法律（《行政处罚法》第二十九条）。此处按法定罚款幅度比较；由哪一机关处罚，本计算器未予模拟。"
        )
    else:
        en = (
            "One act breaches several provisions: it may be fined only once, under the provision "
            "with the higher fine (Administrative Penalty Law art. 29). "
        )
        zh = "同一违法行为违反多个法律规范，只能给予一次罚款，按照罚款数额高的规定处罚（《行政处罚法》第二十九条）。"
    if not any(unmitigated):
        en += "None of them imposes a penalty here, so there is nothing to choose."
        zh += "此处各规定均不予处罚，无须选择。"
        return Step(en, zh, (apl(29),))
    offender = next((o for o in unmitigated[index] if o.party != "responsible_persons"), None)
    if offender and offender.fine:
        fine_en, fine_zh = fine_text(offender.fine)
    else:
        fine_en, fine_zh = "no fine on the offender", "对违法主体无罚款"
    if referred:
        names_en = ", ".join(en_labels[i] for i in referred)
        names_zh = "、".join(zh_labels[i] for i in referred)
        verb = "refers" if len(referred) == 1 else "refer"
        en += (
            f"Of the provisions computed here, {en_labels[index]} has the higher fine "
            f"({fine_en}); {names_en} {verb} the conduct to the relevant laws and administrative "
            "regulations, whose fines are not all computed here (see the warnings)."
        )
        zh += (
            f"在本计算器所计算的条款中，{zh_labels[index]}罚款数额较高（{fine_zh}）；"
            f"{names_zh}转致有关法律、行政法规，其罚款未全部计算（见提示）。"
        )
    else:
        en += f"{en_labels[index]} has the higher fine ({fine_en}) and governs."
        zh += f"{zh_labels[index]}罚款数额较高（{fine_zh}），适用该规定。"
    if any(o.party == "responsible_persons" for group in unmitigated for o in group):
        en += " The offender and the responsible persons are fined under that one provision only."
        zh += "违法主体和责任人员均仅依该规定处以罚款。"
    computed = [i for i in range(len(en_labels)) if i not in referred]
    dropped = _persons_fined_elsewhere(index, unmitigated, computed)
    if dropped:
        en += (
            " The fine on the responsible persons under "
            + ", ".join(en_labels[i] for i in dropped)
            + " is therefore not imposed."
        )
        zh += "因此，" + "、".join(zh_labels[i] for i in dropped) + "对责任人员的罚款不予适用。"
    return Step(en, zh, (apl(29),))


def _persons_fined_elsewhere(
    index: int, unmitigated: list[list[Outcome]], computed: list[int]
) -> list[int]:
    def persons_fine(group: list[Outcome]) -> bool:
        return any(o.party == "responsible_persons" and o.fine for o in group)

    if persons_fine(unmitigated[index]):
        return []
    return [i for i in computed if i != index and persons_fine(unmitigated[i])]


def measures_notice() -> Notice:
    return Notice(
        "other_provisions_measures",
        "Art. 29 limits fines only: the detention, confiscation, warnings, suspensions and other "
        "measures of the other provisions are not excluded, so the combined outcomes keep them. "
        "Detention is shown once, at the longest range of the provisions breached: an assumption, "
        "as art. 29 does not say whether detention may be imposed under each. Each provision's own "
        "result is given as well.",
        "第二十九条仅限制罚款：其他规定中的拘留、没收、警告、停业整顿等措施并不因此排除，合并结果予以保留。"
        "拘留按所违反各规定中最长的幅度列示一次，此为本计算器的假定，第二十九条未规定能否依各规定分别拘留。"
        "各条款的单独结果亦一并列出。",
        (apl(29),),
    )


def _penalty_articles(law: str) -> set[int]:
    return {
        c.article
        for version in LAW_VERSIONS[law]
        for c in CLAUSES[text_key(law, version)].values()
        if c.kind == "penalty"
    }


def referred_provisions(answer: Answer) -> tuple[list[tuple[str, int]], bool]:
    """The penalty articles a referral names that the calculator computes (law, article), and
    whether it names a law the calculator does not compute (the PSAPL, say)."""
    computable = [
        (law, article)
        for law, articles in answer.laws
        if law in LAW_VERSIONS
        for article in articles
        if article in _penalty_articles(law)
    ]
    return computable, any(law not in LAW_VERSIONS for law, _ in answer.laws)


def referral_covered(answer: Answer, computed: dict[tuple[str, int], int]) -> bool:
    """Every law the referral names is computed here: its penalty articles are violations too."""
    provisions, other_laws = referred_provisions(answer)
    return bool(provisions) and not other_laws and all(p in computed for p in provisions)


def referral_notice(
    label: str,
    label_zh: str,
    answer: Answer,
    computed: dict[tuple[str, int], int] | None = None,
) -> Notice:
    """A referral in a concurrence: the law referred to may carry the higher fine, unless its
    provisions are computed here as violations of their own (`computed`: (law, article) → index)."""
    computed = computed or {}
    refers_en, refers_zh = _refers(label, label_zh, answer)
    provisions, _ = referred_provisions(answer)
    cites = tuple(
        Citation(law, RELATED_VERSION, a) for law, articles in answer.laws for a in articles
    )
    present = [(law, a, computed[(law, a)]) for law, a in provisions if (law, a) in computed]
    present_en = ", ".join(
        f"{law_short(law, 'en')} art. {a} (provision no. {j + 1} of those listed)"
        for law, a, j in present
    )
    present_zh = "、".join(
        f"{law_short(law, 'zh')}第{chinese_numeral(a)}条（所列第{j + 1}个条款）"
        for law, a, j in present
    )
    if referral_covered(answer, computed):
        return Notice(
            "referred_law_compared",
            f"{refers_en} The penalty provisions of the laws named are computed here as "
            f"violations of their own ({present_en}) and compared under "
            "Administrative Penalty Law art. 29: the higher fine governs, whichever law sets it. "
            "Check that the tier and paragraph given for them fit the facts.",
            f"{refers_zh}该等法律的罚则已作为单独的违法条款计算（{present_zh}），"
            "并依《行政处罚法》第二十九条比较：按照罚款数额高的规定处罚，不论其属于哪部法律。请核实为其填写的款、档次是否与事实相符。",
            (apl(29), *cites),
        )
    missing = [(law, a) for law, a in provisions if (law, a) not in computed]
    hint_en = hint_zh = ""
    if missing:
        missing_en = ", ".join(f"{law_short(law, 'en')} art. {a}" for law, a in missing)
        one = len(missing) == 1
        add = "it as a provision" if one else "them as provisions"
        hint_en = (
            f" The calculator computes {missing_en}: add {add} breached by the same act to compare "
            f"{'it' if one else 'them'}."
        )
        hint_zh = (
            "本计算器可计算"
            + "、".join(f"{law_short(law, 'zh')}第{chinese_numeral(a)}条" for law, a in missing)
            + "：将其作为同一行为违反的其他条款一并填写，即可比较。"
        )
    if present:
        hint_en += f" Computed here: {present_en}."
        hint_zh += f"已计算：{present_zh}。"
    laws = dict(answer.laws)
    pipl_en = pipl_zh = ""
    if 66 in laws.get("pipl", ()) and ("pipl", 66) not in computed:
        pipl_en = (
            " PIPL art. 66 fines up to RMB 1,000,000 where the party refuses to correct (¶1) and, "
            "in serious cases, up to RMB 50,000,000 or 5% of the previous year's turnover (¶2), "
            "with fines on the responsible persons."
        )
        pipl_zh = (
            "《个人信息保护法》第六十六条：拒不改正的，并处一百万元以下罚款（第一款）；情节严重的，"
            "并处五千万元以下或者上一年度营业额百分之五以下罚款（第二款），并对责任人员处以罚款。"
        )
    return Notice(
        "concurrence_with_referred_law",
        f"{refers_en} Under Administrative Penalty Law art. 29 the provision with the higher "
        "fine governs, and the law referred to may carry the "
        f"higher fine.{pipl_en} Fines under a law referred to are compared here only where its "
        "provisions are listed as violations of their own: the fine shown governs only if it is the "
        f"higher. Compare it with the law referred to before relying on it.{hint_en}",
        f"{refers_zh}依《行政处罚法》第二十九条，按照罚款数额高的规定处罚，"
        f"所转致的法律可能规定更高的罚款。{pipl_zh}所转致法律的罚款，仅在其条款作为单独的违法条款列入时才予比较："
        f"此处所示罚款仅在数额较高时适用，请先与所转致的法律比较。{hint_zh}",
        (apl(29), *cites),
    )


def _refers(label: str, label_zh: str, answer: Answer) -> tuple[str, str]:
    """What a referral refers the conduct to, in the words every referral of the rules uses (有关
    法律、行政法规: CSL 2016 Art. 70, CSL 2025 Art. 71, DSL art. 51), with the laws the answer
    names; a referral that names none (DSL art. 51) is said to name none."""
    if not answer.laws:
        return (
            f"{label} refers the conduct to the relevant laws and administrative regulations, "
            "without naming any.",
            f"{label_zh}将该行为转致有关法律、行政法规，未列明具体的法律、行政法规。",
        )
    names_en = "; ".join(_law_name(law, articles, "en") for law, articles in answer.laws)
    names_zh = "、".join(_law_name(law, articles, "zh") for law, articles in answer.laws)
    return (
        f"{label} refers the conduct to the relevant laws and administrative regulations (among "
        f"them: {names_en}).",
        f"{label_zh}将该行为转致有关法律、行政法规（其中包括{names_zh}）。",
    )


def _law_name(law: str, articles: tuple[int, ...], lang: str) -> str:
    name = VOCABULARY["laws"][law][lang]
    if not articles:
        return name if lang == "en" else f"《{name}》"
    if lang == "en":
        return f"{name}, art{'s' if len(articles) > 1 else ''}. {', '.join(map(str, articles))}"
    return f"《{name}》" + "、".join(f"第{chinese_numeral(a)}条" for a in articles)
