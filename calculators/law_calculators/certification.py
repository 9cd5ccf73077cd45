"""The certification check: is a product in the 2023 catalogue, what must precede its sale, and
what selling it uncertified exposes the seller to (Arts. 25 and 63 of the 2025 text).

The catalogue data is incomplete (data/catalogue-provenance.md). The check answers
"cannot determine", with the reason, wherever the data does not decide:
- a security-product kind the research only inferred, or did not identify at all;
- equipment that meets some thresholds but not all, or whose figures were not all given: the
  catalogue does not say whether all thresholds or any one must be met, so only "all met" and
  "none met" decide.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .citations import Citation, csl, unique
from .datafiles import CATALOGUE
from .explain import DISCLAIMER, Notice, Step
from .fine_calculator import calculate_fine
from .rules import RULES_VERSION
from .schema import CERTIFICATION_INPUT_SCHEMA, OTHER_PRODUCTS, metric_words, unit_words
from .timeline import CSL_2016_IN_FORCE, CSL_2025_IN_FORCE, SALE
from .validation import InputError, validate

ENTRIES: dict[str, dict[str, Any]] = {
    e["key"]: e for e in CATALOGUE["equipment"] + CATALOGUE["security_products"] if e["key"]
}
MEMBERSHIP = ("official", "name-confirmed")  # statuses that count as catalogue membership
CATALOGUE_IN_FORCE = date.fromisoformat(CATALOGUE["announcement"]["effective"])
SECURITY_PRODUCT_RULE = date.fromisoformat(CATALOGUE["security_product_rule_from"]["date"])
_OPS = {">=": (lambda v, t: v >= t, "≥"), "<=": (lambda v, t: v <= t, "≤")}
# What the research found for a kind it only inferred, in words (the catalogue's `notes` are
# research notes, with source tags; catalogue-2023-research.md, section 3). Keyed by the kind's
# sources, which tell the three groups of inferred kinds apart; every inferred kind has one.
_TC260 = (
    "Its name is one of 14 product specifications that the standards committee TC260 put out as "
    "drafts for comment on 2024-09-30 (网安秘字〔2024〕119号); three of the 14 are named as catalogue "
    "kinds by a secondary source, but no source says this one is.",
    "其名称见于TC260（网安标委）2024-09-30发布征求意见的14项产品技术规范草案（网安秘字〔2024〕119号）；"
    "其中3项经二手资料确认为目录类别，但没有资料称该类别属于目录。",
)
_CCIA = (
    "it is a sub-category (细分类别) in the CCIA's 《网络安全专用产品指南》 (third edition), whose "
    "entries cover 30 of the catalogue's security-product kinds",
    "其为CCIA《网络安全专用产品指南》（第三版）中的细分类别，该指南收录产品覆盖目录所列30类网络安全专用产品",
)
_INFERRED_EVIDENCE: dict[tuple[str, ...], tuple[str, str]] = {
    ("S10", "S9"): _TC260,
    ("S9", "S10"): (
        f"Two indications: {_CCIA[0]}; and {_TC260[0][0].lower()}{_TC260[0][1:]}",
        f"两项迹象：{_CCIA[1]}；且{_TC260[1]}",
    ),
    ("S9", "C7", "C10"): (
        f"One indication only: {_CCIA[0]}. No source says it is a catalogue kind.",
        f"仅有一项迹象：{_CCIA[1]}。没有资料称该类别属于目录。",
    ),
    ("S13", "S1", "S2", "C5"): (
        "It was a kind of the 2017 first-batch catalogue. The first five rows of the 2023 catalogue "
        "follow the first 2017 kinds in their order, and a consultancy's summary presents the 2023 "
        "catalogue as the 2017 list with new products added, so it was probably kept; that it is "
        "in the 2023 catalogue, its position and its 2023 wording are not confirmed.",
        "该类别属于2017年第一批目录。2023年目录前五类依次对应2017年目录前列类别，且有咨询机构的介绍称"
        "2023年目录系在2017年目录基础上增加新产品，故很可能予以保留；但其是否属于2023年目录、序号及"
        "2023年的表述均未经证实。",
    ),
}
assert all(
    tuple(e["sources"]) in _INFERRED_EVIDENCE
    for e in CATALOGUE["security_products"]
    if e["status"] == "inferred"
), "an inferred security-product kind without words for its evidence (_INFERRED_EVIDENCE)"


def _in_sentence(words: str) -> str:
    """A label as a sentence writes it: "Memory capacity" -> "memory capacity"; "CPU count" stays."""
    first = words.split(" ")[0]
    return words if first.isupper() else words[0].lower() + words[1:]


# metric -> (English words, Chinese words), as messages name it: the form's labels
_METRICS = {
    t["metric"]: (_in_sentence(metric_words(t["metric"])), t["metric_zh"])
    for e in CATALOGUE["equipment"]
    for t in e["thresholds"]
}


def _figure_zh(value: float) -> str:
    """A threshold's figure as the catalogue's Chinese writes it: 550000 -> 55万; 12 -> 12."""
    if value == int(value) and value >= 10_000 and value % 10_000 == 0:
        return f"{int(value) // 10_000}万"
    return f"{value:g}"


def check_certification(data: Any) -> dict[str, Any]:
    """The Python API of `python -m law_calculators certification`. Raises InputError."""
    values = validate(CERTIFICATION_INPUT_SCHEMA, data)
    key = values["product"]
    entry = ENTRIES.get(key)
    kind = (
        entry["kind"]
        if entry
        else ("equipment" if key == "other_equipment" else "security_product")
    )
    specs = {k: v for k, v in values["specs"].items() if v is not None}
    _check_specs(key, entry, specs)
    _check_dates(values["sale_date"], values["decision_date"])
    duty = _duty_citation(values["sale_date"], values["decision_date"])
    steps: list[Step] = []
    notices: list[Notice] = []
    thresholds: list[dict[str, Any]] = []
    if entry is None:
        determination, reason = _other(key)
    elif kind == "equipment":
        determination, reason, thresholds = _equipment(entry, specs)
    else:
        determination, reason = _security_product(entry, notices)
    steps.append(Step(reason[0], reason[1], (duty,)))
    requirements = (
        None if determination == "not_listed" else _requirements(kind, entry, duty, steps)
    )
    notices += _date_notices(kind, values["sale_date"])
    exposure = None
    if determination != "not_listed":
        exposure = calculate_fine(
            {
                "version": "2025",
                "article": 63,
                "offender": values["offender"],
                "illegal_gains": data.get("illegal_gains"),
                "conduct_date": data.get("sale_date"),
                "decision_date": data.get("decision_date"),
            },
            SALE,
        )
        steps.append(_exposure_step(exposure, determination))
    citations, warnings = _citations_and_warnings(steps, notices, exposure)
    return {
        "calculator": "certification",
        "rules_version": RULES_VERSION,
        "applied_version": duty.version,
        "product": _product(key, entry, kind),
        "determination": determination,
        "in_catalogue": {"listed": True, "not_listed": False}.get(determination),
        "reason": {"en": reason[0], "zh": reason[1]},
        "thresholds": thresholds,
        "requirements": requirements,
        "exposure": exposure,
        "exposure_conditional": determination == "cannot_determine",
        "steps": [s.as_dict() for s in steps],
        "citations": citations,
        "warnings": warnings,
        "disclaimer": DISCLAIMER,
    }


def _citations_and_warnings(
    steps: list[Step], notices: list[Notice], exposure: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The check's own, and the exposure's: its warnings concern the seller too."""
    citations = [
        c.as_dict() for c in unique(c for part in (*steps, *notices) for c in part.citations)
    ]
    warnings = [n.as_dict() for n in notices]
    if exposure is not None:
        warnings += [w for w in exposure["warnings"] if w not in warnings]
        for cite in (c for w in warnings for c in w["citations"]):
            if cite not in citations:
                citations.append(cite)
    return citations, warnings


def _check_specs(key: str, entry: dict[str, Any] | None, specs: dict[str, Any]) -> None:
    thresholds = (entry or {}).get("thresholds", [])
    allowed = {t["metric"] for t in thresholds}
    name_en, name_zh = _product_names(key, entry)
    for metric in specs:
        if metric not in allowed:
            metric_en, metric_zh = _METRICS[metric]
            have_en = "; ".join(_METRICS[t["metric"]][0] for t in thresholds)
            have_zh = "、".join(_METRICS[t["metric"]][1] for t in thresholds)
            raise InputError(
                f"specs.{metric}",
                f"{metric_en} is not a catalogue threshold for this product ({name_en}); "
                + (
                    f"its thresholds: {have_en}" if thresholds else "the catalogue sets none for it"
                ),
                f"{metric_zh}不是该产品（{name_zh}）的目录门槛指标；"
                + (f"其门槛指标为：{have_zh}" if thresholds else "目录对其未设门槛"),
            )


def _product_names(key: str, entry: dict[str, Any] | None) -> tuple[str, str]:
    if entry is None:
        return OTHER_PRODUCTS[key].en, OTHER_PRODUCTS[key].zh
    return entry["name_en"], entry["name_zh"]


def _check_dates(sale_date: date | None, decided: date | None) -> None:
    if sale_date is not None and sale_date < CSL_2016_IN_FORCE:
        raise InputError(
            "sale_date",
            f"the sale ({sale_date}) precedes 2017-06-01, when the Cybersecurity Law took effect: "
            "neither its certification duty (2016 Art. 23) nor a catalogue under it applied; this "
            "check covers sales from 2017-06-01",
            f"销售日期（{sale_date}）早于本法施行之日（2017-06-01）：当时既无本法规定的认证义务（2016年文本"
            "第二十三条），也无依本法公布的目录；本检查仅适用于2017-06-01及以后的销售",
        )
    if sale_date and decided and decided < sale_date:
        raise InputError(
            "decision_date",
            f"the decision ({decided}) cannot come before the sale ({sale_date})",
            f"处罚决定日期（{decided}）不能早于销售日期（{sale_date}）",
        )


def _duty_citation(sale_date: date | None, decided: date | None) -> Citation:
    """Art. 25 of the 2025 text, or Art. 23 of the 2016 text (same words) for earlier sales.

    Without a sale date, a decision before 2026 shows that the sale was earlier still.
    """
    before_2026 = (
        sale_date < CSL_2025_IN_FORCE
        if sale_date
        else bool(decided and decided < CSL_2025_IN_FORCE)
    )
    return csl("2016", 23, 1) if before_2026 else csl("2025", 25, 1)


def _other(key: str) -> tuple[str, tuple[str, str]]:
    if key == "other_equipment":
        return "not_listed", (
            "The catalogue lists four kinds of network critical equipment (routers, switches, "
            "rack-mounted servers, programmable logic controllers); this product is none of them, "
            "so it is not in the catalogue.",
            "目录所列网络关键设备为路由器、交换机、机架式服务器、可编程逻辑控制器四类；该产品不属于其中任何一类，不在目录之内。",
        )
    counts = {
        s: sum(1 for e in CATALOGUE["security_products"] if e["status"] == s)
        for s in ("inferred", "unknown")
    }
    return "cannot_determine", (
        f"Cannot determine: the catalogue has {CATALOGUE['counts']['security_products']} security-product "
        f"kinds, of which {counts['unknown']} are not identified and {counts['inferred']} only inferred "
        "in the available sources; a kind not named in the data can be neither ruled in nor ruled out.",
        f"无法判断：目录列有{CATALOGUE['counts']['security_products']}类网络安全专用产品，"
        f"现有资料中{counts['unknown']}类名称不明、{counts['inferred']}类仅为推断；"
        "资料未列名的类别既不能认定在目录内，也不能排除。",
    )


def _equipment(
    entry: dict[str, Any], specs: dict[str, Any]
) -> tuple[str, tuple[str, str], list[dict[str, Any]]]:
    rows = []
    for t in entry["thresholds"]:
        given = specs.get(t["metric"])
        test, symbol = _OPS[t["op"]]
        met = None if given is None else test(given, t["value"])
        unit_en, unit_zh = unit_words(t["unit"])
        rows.append(
            {
                "metric": t["metric"],
                "metric_zh": t["metric_zh"],
                "op": t["op"],
                "value": t["value"],
                "unit": t["unit"],
                "given": None if given is None else float(given) if given % 1 else int(given),
                "met": met,
                # as the catalogue writes it: 整系统路由表容量≥55万条, CPU数量≥8个
                "text": f"{t['metric_zh']}{symbol}{_figure_zh(t['value'])}{unit_zh}",
                "text_en": f"{_METRICS[t['metric']][0]} {symbol} {t['value']:,}"
                + (f" {unit_en}" if unit_en else ""),
            }
        )
    name_en, name_zh = entry["name_en"], entry["name_zh"]
    listing = "; ".join(r["text_en"] for r in rows)
    listing_zh = "；".join(r["text"] for r in rows)
    missing = [r for r in rows if r["met"] is None]
    if missing:
        return (
            "cannot_determine",
            (
                f"Cannot determine: the catalogue lists {name_en} meeting {listing}; no figure was given for "
                f"{', '.join(_METRICS[r['metric']][0] for r in missing)}.",
                f"无法判断：目录所列{name_zh}的门槛为{listing_zh}；未提供{'、'.join(r['metric_zh'] for r in missing)}的数值。",
            ),
            rows,
        )
    if all(r["met"] for r in rows):
        return (
            "listed",
            (
                f"Listed: {name_en} meeting {listing} are network critical equipment in the catalogue, and "
                "this product meets every threshold.",
                f"在目录内：满足{listing_zh}的{name_zh}属于目录所列网络关键设备，该产品满足全部门槛。",
            ),
            rows,
        )
    if not any(r["met"] for r in rows):
        return (
            "not_listed",
            (
                f"Not listed: the catalogue covers {name_en} meeting {listing}; this product meets none of "
                "the thresholds.",
                f"不在目录内：目录涵盖满足{listing_zh}的{name_zh}，该产品不满足任何一项门槛。",
            ),
            rows,
        )
    met = "; ".join(r["text_en"] for r in rows if r["met"])
    unmet = "; ".join(r["text_en"] for r in rows if not r["met"])
    met_zh = "；".join(r["text"] for r in rows if r["met"])
    unmet_zh = "；".join(r["text"] for r in rows if not r["met"])
    return (
        "cannot_determine",
        (
            f"Cannot determine: the product meets {met} but not {unmet}, and the catalogue does not say "
            "whether all thresholds or any one of them must be met.",
            f"无法判断：该产品满足{met_zh}，但不满足{unmet_zh}；目录未说明须满足全部门槛还是任一门槛。",
        ),
        rows,
    )


def _security_product(entry: dict[str, Any], notices: list[Notice]) -> tuple[str, tuple[str, str]]:
    name_en, name_zh, status = entry["name_en"], entry["name_zh"], entry["status"]
    if status == "official":
        if not entry.get("scope_complete", True):
            notices.append(
                Notice(
                    "description_incomplete",
                    f"The catalogue's description of {name_en} survives only in part in the sources; "
                    "check the product against the official text.",
                    f"目录对{name_zh}的产品描述在现有资料中不完整，请对照官方文本核实。",
                )
            )
        return "listed", (
            f"Listed: {name_en} ({name_zh}) is row {entry['catalogue_position']} of the catalogue's "
            "specialized cybersecurity products, as a reposted copy of the announcement's Chinese "
            "text shows.",
            f"在目录内：{name_zh}为目录网络安全专用产品第{entry['catalogue_position']}类"
            "（据转载的公告中文文本）。",
        )
    if status == "name-confirmed":
        notices.append(
            Notice(
                "membership_single_source",
                f"That {name_en} is a catalogue kind rests on one secondary source, an article on "
                "the CCIA's 《网络安全专用产品指南》 (third edition); its official wording and "
                "description were not retrieved.",
                f"{name_zh}属于目录类别仅有一个二手来源支持（一篇介绍CCIA《网络安全专用产品指南》（第三版）的文章）；"
                "官方表述和产品描述未能获取。",
            )
        )
        return "listed", (
            f"Listed: {name_en} ({name_zh}) is named as a catalogue kind of specialized cybersecurity "
            "product (position in the catalogue unknown).",
            f"在目录内：{name_zh}被确认为目录所列网络安全专用产品类别（序号不详）。",
        )
    evidence_en, evidence_zh = _INFERRED_EVIDENCE[tuple(entry["sources"])]
    return "cannot_determine", (
        f"Cannot determine: {name_en} ({name_zh}) appears in the research only as an inferred, "
        f"unconfirmed catalogue kind. {evidence_en}",
        f"无法判断：{name_zh}在研究资料中仅为推断、未经证实的目录类别。{evidence_zh}",
    )


def _requirements(
    kind: str, entry: dict[str, Any] | None, duty: Citation, steps: list[Step]
) -> dict[str, Any]:
    base = CATALOGUE["standards"][kind]
    standards = [
        {
            "std": base["std"],
            "title_zh": base["title_zh"],
            "title_en": base["title_en"],
            "mandatory": True,
        }
    ]
    for s in (entry or {}).get("standards", []):
        standards.append(
            {"std": s["std"], "title_zh": s["title_zh"], "title_en": None, "mandatory": False}
        )
    what_en = (
        "network critical equipment"
        if kind == "equipment"
        else "a specialized cybersecurity product"
    )
    what_zh = "网络关键设备" if kind == "equipment" else "网络安全专用产品"
    en = (
        f"Before it is sold or provided, {what_en} must pass security certification by a qualified "
        f"institution or be found by one to meet security-testing requirements, under the mandatory "
        f"requirements of {base['std']} ({base['title_en']})."
    )
    zh = (
        f"{what_zh}应当按照{base['std']}《{base['title_zh']}》等国家标准的强制性要求，由具备资格的机构"
        "安全认证合格或者安全检测符合要求后，方可销售或者提供。"
    )
    if len(standards) > 1:
        named = [_standard_words(s) for s in (entry or {}).get("standards", [])]
        en += " Product standards named by the sources: " + "; ".join(n[0] for n in named) + "."
        zh += "资料所列产品标准：" + "、".join(n[1] for n in named) + "。"
    steps.append(Step(en, zh, (duty,)))
    return {
        "routes": [
            {
                "code": "certification",
                "en": "security certification (安全认证)",
                "zh": "安全认证合格",
            },
            {"code": "testing", "en": "security testing (安全检测)", "zh": "安全检测符合要求"},
        ],
        "standards": standards,
        "en": en,
        "zh": zh,
    }


_DRAFT = re.compile(r"draft \((.*)\)")


def _standard_words(standard: dict[str, Any]) -> tuple[str, str]:
    """A product standard the sources name, in English and Chinese prose: its number, or, for a
    draft, its title and the notice that put it out ("draft (TC260 网安秘字〔2024〕119号, …)")."""
    std = standard["std"]
    draft = _DRAFT.fullmatch(std)
    if draft:
        title = standard["title_zh"].removesuffix("（征求意见稿）")
        about = draft[1]  # "TC260 网安秘字〔2024〕119号, 2024-09-30"
        about_zh = about.removeprefix("TC260").strip(" ,").replace(", ", "，")
        return (
            f"the draft 《{title}》 ({about})",
            f"《{title}》（征求意见稿，{about_zh}）" if about_zh else f"《{title}》（征求意见稿）",
        )
    unchecked = std.removesuffix(" (edition not checked)")
    if unchecked != std:
        return std, f"{unchecked}（版本未核实）"
    return std, std


def _date_notices(kind: str, sale_date: date | None) -> list[Notice]:
    notices = []
    if sale_date is not None and sale_date < CATALOGUE_IN_FORCE:
        notices.append(
            Notice(
                "earlier_catalogue",
                f"The 2023 catalogue took effect on {CATALOGUE_IN_FORCE}; a sale before that fell under the "
                "2017 first-batch catalogue, which this check does not model.",
                f"2023年目录自{CATALOGUE_IN_FORCE}起施行；此前的销售适用2017年第一批目录，本检查未予模拟。",
            )
        )
    if kind == "security_product" and sale_date is not None and sale_date < SECURITY_PRODUCT_RULE:
        notices.append(
            Notice(
                "sales_licence_regime",
                f"Before {SECURITY_PRODUCT_RULE} security products were sold under the Ministry of Public "
                "Security's sales licence (销售许可证) instead of certification or testing.",
                f"{SECURITY_PRODUCT_RULE}之前，网络安全专用产品适用公安部销售许可证制度，而非安全认证或者安全检测。",
            )
        )
    return notices


def _exposure_step(exposure: dict[str, Any], determination: str) -> Step:
    conditional_en = (
        "If it is in the catalogue, selling" if determination == "cannot_determine" else "Selling"
    )
    conditional_zh = "如属目录产品，" if determination == "cannot_determine" else ""
    if exposure["no_penalty"]:
        en = (
            f"{conditional_en} it uncertified at that date carries no penalty under this Law (see "
            "the Art. 63 exposure in the result)."
        )
        zh = f"{conditional_zh}在该日期未经认证销售不依本法处罚（见结果中的第六十三条责任部分）。"
    else:
        en = (
            f"{conditional_en} it uncertified is punished under Art. 63 (see the Art. 63 exposure "
            "in the result)."
        )
        zh = f"{conditional_zh}未经认证销售的，依照第六十三条处罚（见结果中的第六十三条责任部分）。"
    return Step(en, zh, (csl("2025", 63, 1),))


def _product(key: str, entry: dict[str, Any] | None, kind: str) -> dict[str, Any]:
    if entry is None:
        choice = OTHER_PRODUCTS[key]
        return {
            "key": key,
            "kind": kind,
            "name_en": choice.en,
            "name_zh": choice.zh,
            "catalogue_status": None,
        }
    return {
        "key": key,
        "kind": kind,
        "name_en": entry["name_en"],
        "name_zh": entry["name_zh"],
        "catalogue_status": entry["status"],
        "catalogue_position": entry["catalogue_position"],
        "sources": entry["sources"],
    }
