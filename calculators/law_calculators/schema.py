"""The input schemas of the two calculators: fields, types, choices, units and help text.

The CLI's --help, the validation of every input and the browser forms are all generated from
these objects; `as_list()` gives them as plain JSON-ready data. CLAUSE_INDEX tells a form which
paragraphs, items, tiers and offenders each article of the Cybersecurity Law takes;
CLAUSE_INDEX_BY_LAW does the same for every law (law → version → article → paragraph).
"""

from __future__ import annotations

from typing import Any

from .datafiles import CATALOGUE, STRUCTURE
from .rules import (
    CIRCUMSTANCES,
    CLAUSES,
    LAWS,
    TEXTS,
    TIERS,
    VERSIONS,
    VOCABULARY,
    Clause,
    articles_by_kind,
    clause_at,
    text_key,
    tiers_of,
)
from .validation import MAX_AMOUNT, Choice, Field, Schema

_TIER_CHOICES = tuple(
    Choice(t, VOCABULARY["tiers"][t]["about_en"], VOCABULARY["tiers"][t]["about_zh"]) for t in TIERS
)
_OFFENDERS = (
    Choice("entity", "entity (单位): a company or other organisation", "单位"),
    Choice("individual", "individual (个人): a natural person", "个人"),
)


def _amount(name: str, en: str, zh: str, label: tuple[str, str]) -> Field:
    return Field(
        name,
        "number",
        en,
        zh,
        unit="CNY",
        minimum=0,
        maximum=MAX_AMOUNT,
        label_en=label[0],
        label_zh=label[1],
    )


def _span(law: str, version: str) -> str:
    """The first and last article of a text's legal-liability chapter that the rules answer for."""
    penalties, notes = articles_by_kind(text_key(law, version))
    numbers = penalties + notes
    return f"{min(numbers)}-{max(numbers)}"


def _article_count(law: str, version: str) -> int:
    return len(STRUCTURE[f"{law}/{version}"])


def _article_counts_en() -> str:
    """Each text's own range of articles, which an article number must fall in."""
    return (
        f" Each law's own articles: CSL 2025 1-{_article_count('csl', '2025')}, CSL 2016 "
        f"1-{_article_count('csl', '2016')}, PIPL 1-{_article_count('pipl', '2021')}, DSL "
        f"1-{_article_count('dsl', '2021')}."
    )


def _article_counts_zh() -> str:
    return (
        f"各法条文数：《网络安全法》2025年文本共{_article_count('csl', '2025')}条，2016年文本共"
        f"{_article_count('csl', '2016')}条；《个人信息保护法》共{_article_count('pipl', '2021')}条；"
        f"《数据安全法》共{_article_count('dsl', '2021')}条。"
    )


def _clause_fields(required: bool) -> tuple[Field, ...]:
    return (
        Field(
            "law",
            "string",
            "The law: csl, the Cybersecurity Law (default); pipl, the Personal Information "
            "Protection Law; dsl, the Data Security Law.",
            "法律：csl为《网络安全法》（默认）；pipl为《个人信息保护法》；dsl为《数据安全法》。",
            default="csl",
            label_en="Law",
            label_zh="法律",
            choices=tuple(
                Choice(law, VOCABULARY["laws"][law]["en"], VOCABULARY["laws"][law]["zh"])
                for law in LAWS
            ),
        ),
        Field(
            "version",
            "string",
            "The text whose article numbering you use. Cybersecurity Law: 2016 (in force 2017-06-01 "
            "to 2025-12-31) or 2025 (as amended, in force 2026-01-01), default 2025; which text is "
            "applied follows from the dates. PIPL and DSL: 2021, their only text (the default for "
            "them).",
            "条文编号所依据的文本。《网络安全法》：2016年文本（2017-06-01至2025-12-31施行）或2025年修正文本"
            "（2026-01-01起施行），默认2025；实际适用哪一文本由日期决定。《个人信息保护法》《数据安全法》："
            "2021年文本（唯一文本，默认）。",
            default="2025",
            label_en="Text (numbering)",
            label_zh="条文版本",
            choices=(
                Choice("2016", "2016 text (CSL)", "2016年文本（网络安全法）"),
                Choice("2025", "2025 text (CSL)", "2025年修正文本（网络安全法）"),
                Choice("2021", "2021 text (PIPL, DSL)", "2021年文本（个人信息保护法、数据安全法）"),
            ),
        ),
        Field(
            "article",
            "integer",
            "Article number of the legal-liability chapter (CSL 2025: "
            f"{_span('csl', '2025')}; CSL 2016: {_span('csl', '2016')}; PIPL: "
            f"{_span('pipl', '2021')}; DSL: {_span('dsl', '2021')}).{_article_counts_en()}",
            "法律责任章的条文序号（《网络安全法》2025年：第六十一条至第七十七条；2016年：第五十九条至第七十五条；"
            "《个人信息保护法》：第六十六条至第七十一条；《数据安全法》：第四十四条至第五十二条）。"
            f"{_article_counts_zh()}",
            required=required,
            # no bounds here: the range is the law's own (1-55 for the DSL), checked once the law
            # and the text are known (rules.resolve), so that an error states that law's range
            label_en="Article",
            label_zh="条",
        ),
        Field(
            "paragraph",
            "integer",
            "Paragraph (款) of the article; may be left out where the article, tier and offender leave "
            "one choice. CSL 2025 Art. 61: 1 for network operators, 2 for CII operators. PIPL art. "
            "66: 1, or 2 where the circumstances are serious (情节严重).",
            "条文的款；条文、档次和处罚对象可确定唯一一款时可不填。《网络安全法》2025年第六十一条：网络运营者填1，"
            "关键信息基础设施运营者填2。《个人信息保护法》第六十六条：一般填1，情节严重的填2。",
            minimum=1,
            maximum=9,
            label_en="Paragraph",
            label_zh="款",
        ),
        Field(
            "item",
            "integer",
            "Item (项) of the paragraph, where the paragraph lists items.",
            "该款所列的项。",
            minimum=1,
            maximum=9,
            label_en="Item",
            label_zh="项",
        ),
        Field(
            "tier",
            "string",
            "How grave the case is, in the article's own terms; an article has only the tiers its "
            "text builds.",
            "案件严重程度，以条文表述为准；各条只有其条文规定的档次。",
            default="base",
            choices=_TIER_CHOICES,
            label_en="Tier",
            label_zh="档次",
        ),
    )


_CIRCUMSTANCES = tuple(
    Choice(code, f"{c['en']} (Administrative Penalty Law art. {c['article']})", c["zh"])
    for code, c in CIRCUMSTANCES.items()
)

_DATES = (
    Field(
        "conduct_date",
        "date",
        "When the conduct happened (YYYY-MM-DD); for continuing conduct, the day it ended. Decides "
        "which text applies.",
        "违法行为发生日期（YYYY-MM-DD）；连续或继续的，为行为终了之日。决定适用哪一文本。",
        label_en="Date of the conduct",
        label_zh="违法行为日期",
    ),
    Field(
        "decision_date",
        "date",
        "When the penalty decision is made (YYYY-MM-DD); left out, it is taken to be on or after "
        "2026-01-01.",
        "作出处罚决定的日期（YYYY-MM-DD）；不填则视为2026-01-01或之后。",
        label_en="Date of the decision",
        label_zh="处罚决定日期",
    ),
)

FINE_INPUT_SCHEMA = Schema(
    (
        *_clause_fields(required=False),
        Field(
            "offender",
            "string",
            "Who committed the violation. Fines on responsible persons apply only to an entity.",
            "违法主体。对责任人员的罚款仅适用于单位。",
            default="entity",
            choices=_OFFENDERS,
            label_en="Offender",
            label_zh="违法主体",
        ),
        _amount(
            "illegal_gains",
            "Illegal gains (违法所得), where the article counts them; left out, taken as none.",
            "违法所得金额（条文以其计算时）；不填视为没有违法所得。",
            ("Illegal gains", "违法所得"),
        ),
        _amount(
            "procurement_amount",
            "Procurement amount (采购金额): required for CSL 2025 Art. 67 and 2016 Art. 65.",
            "采购金额：《网络安全法》2025年第六十七条、2016年第六十五条必填。",
            ("Procurement amount", "采购金额"),
        ),
        _amount(
            "annual_turnover",
            "The previous year's turnover (上一年度营业额), for the cap of 5% of it under PIPL art. "
            "66(2); left out, that cap cannot be computed and only the RMB 50,000,000 cap is shown.",
            "上一年度营业额，用于计算《个人信息保护法》第六十六条第二款“上一年度营业额百分之五”的上限；"
            "不填则无法计算该上限，仅列出五千万元上限。",
            ("Previous year's turnover", "上一年度营业额"),
        ),
        *_DATES,
        Field(
            "circumstances",
            "array",
            "Mitigating circumstances of the Administrative Penalty Law, by code.",
            "《行政处罚法》规定的从轻、减轻或者不予处罚情形（代码）。",
            default=[],
            element="string",
            choices=_CIRCUMSTANCES,
            label_en="Mitigating circumstances",
            label_zh="从轻、减轻或者不予处罚情形",
        ),
        Field(
            "violations",
            "array",
            "Instead of law/version/article/paragraph/item/tier: two or more provisions breached by "
            "one act (Administrative Penalty Law art. 29), of one law or of several. The other "
            "fields apply to all of them.",
            "代替law/version/article/paragraph/item/tier：同一行为违反的两个以上条款，可属于同一部法律，"
            "也可属于不同法律（《行政处罚法》第二十九条）。其他字段对各条款共同适用。",
            element="object",
            fields=_clause_fields(required=True),
            min_length=2,
            label_en="Several provisions breached by one act",
            label_zh="同一行为违反多个条款",
        ),
    )
)


# units of a count: the figure is a whole number of at least 1 (a server has at least one CPU)
_COUNTED_UNITS = frozenset({"count", "entries"})
# How messages write a threshold's unit (catalogue.json `unit`), in English and in Chinese: the
# Chinese as the catalogue writes it (个, 条, 微秒); technical symbols (Tbps, Gpps, GB) as they are.
# A count has no English unit: "CPU count ≥ 8".
_UNIT_WORDS = {"count": ("", "个"), "entries": ("entries", "条"), "us": ("µs", "微秒")}
# the words beside a form field; a count shows none (null): "CPU count"
UNIT_LABELS = {unit: {"en": en, "zh": zh} if en else None for unit, (en, zh) in _UNIT_WORDS.items()}


def unit_words(unit: str) -> tuple[str, str]:
    """A threshold's unit as English and Chinese messages write it."""
    return _UNIT_WORDS.get(unit, (unit, unit))


def metric_words(metric: str) -> str:
    """A catalogue metric in English words: cpu_count -> "CPU count" (the form's label)."""
    words = metric.replace("_", " ").capitalize()
    return " ".join("CPU" if w.lower() == "cpu" else w for w in words.split(" "))


def _spec_fields() -> dict[str, Field]:
    """One field per metric that a catalogue threshold uses.

    Every metric is a size or a speed of real equipment, so 0 is not a figure it can have (a PLC
    does not execute an instruction in no time): counts are whole numbers from 1, measures are
    greater than 0. A figure not known is left out, and the check says it cannot determine.
    """
    fields: dict[str, Field] = {}
    for entry in CATALOGUE["equipment"]:
        for t in entry["thresholds"]:
            counted = t["unit"] in _COUNTED_UNITS
            unit_en, unit_zh = unit_words(t["unit"])
            fields.setdefault(
                t["metric"],
                Field(
                    t["metric"],
                    "integer" if counted else "number",
                    f"{metric_words(t['metric'])} ({t['metric_zh']}), "
                    + (
                        "a whole number" + (f" of {unit_en}" if unit_en else "") + ", at least 1."
                        if counted
                        else f"in {unit_en}, greater than 0."
                    ),
                    f"{t['metric_zh']}（单位：{unit_zh}）"
                    + ("，为不小于1的整数。" if counted else "，应大于0。"),
                    unit=t["unit"],
                    minimum=1 if counted else None,
                    exclusive_minimum=None if counted else 0,
                    maximum=MAX_AMOUNT,
                    label_en=metric_words(t["metric"]),
                    label_zh=t["metric_zh"],
                ),
            )
    return fields


OTHER_PRODUCTS = {
    "other_equipment": Choice(
        "other_equipment",
        "other network equipment (not a router, switch, rack server or PLC)",
        "其他网络设备（非路由器、交换机、机架式服务器或PLC）",
    ),
    "other_security_product": Choice(
        "other_security_product",
        "another cybersecurity product, not listed here",
        "未在此列出的其他网络安全专用产品",
    ),
}


def _product_choices() -> tuple[Choice, ...]:
    entries = CATALOGUE["equipment"] + CATALOGUE["security_products"]
    listed = tuple(Choice(e["key"], e["name_en"], e["name_zh"]) for e in entries if e["key"])
    return listed + tuple(OTHER_PRODUCTS.values())


CERTIFICATION_INPUT_SCHEMA = Schema(
    (
        Field(
            "product",
            "string",
            "The product kind: one of the catalogue's equipment kinds, a security-product kind named "
            "in the research data, or other_equipment / other_security_product.",
            "产品类别：目录所列设备类别、研究数据中已知名称的安全专用产品类别，或其他设备/其他安全产品。",
            required=True,
            choices=_product_choices(),
            label_en="Product",
            label_zh="产品类别",
        ),
        Field(
            "specs",
            "object",
            "Technical figures of equipment, compared with the catalogue's thresholds.",
            "设备技术参数，用于与目录门槛比较。",
            default={},
            fields=tuple(_spec_fields().values()),
            label_en="Technical figures",
            label_zh="技术参数",
        ),
        _amount(
            "illegal_gains",
            "Illegal gains from selling it uncertified, for the Art. 63 exposure; left out, taken as none.",
            "未经认证销售所得的违法所得，用于计算第六十三条的处罚；不填视为没有违法所得。",
            ("Illegal gains", "违法所得"),
        ),
        Field(
            "sale_date",
            "date",
            "When it was sold or provided (YYYY-MM-DD): decides which text applies.",
            "销售或者提供日期（YYYY-MM-DD），决定适用哪一文本。",
            label_en="Date of sale",
            label_zh="销售日期",
        ),
        _DATES[1],
        Field(
            "offender",
            "string",
            "Who sold or provided it.",
            "销售者或者提供者。",
            default="entity",
            choices=_OFFENDERS,
            label_en="Seller",
            label_zh="销售者",
        ),
    )
)


def _clause_index(law: str = "csl") -> dict[str, Any]:
    index: dict[str, Any] = {}
    for key, text in TEXTS.items():
        if text.law != law:
            continue
        for clause in CLAUSES[key].values():
            article = index.setdefault(text.version, {}).setdefault(str(clause.article), {})
            entry = article.setdefault(
                str(clause.paragraph),
                {"kind": clause.kind, "items": [], "tiers": [], "offenders": [], "amounts": []},
            )
            items = [clause.ref.item] if clause.ref.item else list(clause.items)
            entry["items"] = sorted(set(entry["items"]) | set(items))
            entry["tiers"] = [t for t in TIERS if t in set(entry["tiers"]) | set(tiers_of(clause))]
            entry["offenders"] = sorted(set(entry["offenders"]) | set(clause.offenders))
            entry["amounts"] = sorted(set(entry["amounts"]) | _amounts(clause))
    return index


def _amounts(clause: Clause) -> set[str]:
    """The amounts a clause's fines are computed from, so that a form asks only for those."""
    if clause.punished_as:
        return _amounts(clause_at(clause.text, clause.punished_as))
    used = set()
    for tier in clause.tiers.values():
        for party in (tier.offender, tier.responsible_persons):
            fine = party.fine if party else None
            if fine and fine.multiple_of:
                used.add(fine.multiple_of)
            if fine and fine.turnover_percent is not None:
                used.add("annual_turnover")
    return used


# version -> article -> paragraph -> {kind, items, tiers, offenders, amounts}: what a form offers
CLAUSE_INDEX: dict[str, Any] = _clause_index()  # the Cybersecurity Law, as before
# law -> version -> article -> paragraph -> {kind, items, tiers, offenders, amounts}, every law
CLAUSE_INDEX_BY_LAW: dict[str, Any] = {law: _clause_index(law) for law in LAWS}
assert set(CLAUSE_INDEX) == set(VERSIONS)
