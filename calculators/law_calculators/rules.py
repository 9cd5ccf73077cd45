"""The penalty rules of every text as typed, checked data, and the lookups the calculator needs.

The texts: the Cybersecurity Law of 2016 and as amended in 2025, the Personal Information
Protection Law (2021) and the Data Security Law (2021). Each is named by a text key: "2016" and
"2025" for the Cybersecurity Law (as before the other laws joined), "pipl/2021" and "dsl/2021"
for the others (text_key). The TOML files in data/ are the single source: the calculator, the CLI
and the rendered tables read them through this module. A rule file that breaks a check below
stops the import with a message naming the file and the clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .citations import Citation
from .datafiles import CORRESPONDENCE, RULE_FILE_NAMES, RULE_FILES, STRUCTURE, VOCABULARY
from .money import to_decimal
from .validation import InputError

VERSIONS = ("2016", "2025")  # the texts of the Cybersecurity Law
IN_FORCE = {"2016": "2017-06-01", "2025": "2026-01-01"}
LAWS = ("csl", "pipl", "dsl")  # the laws whose penalties the calculator computes
TIERS: tuple[str, ...] = tuple(VOCABULARY["tiers"])
MEASURES: dict[str, dict[str, Any]] = VOCABULARY["measures"]
CIRCUMSTANCES: dict[str, dict[str, Any]] = VOCABULARY["circumstances"]
RULES_VERSION: str = VOCABULARY["rules_version"]
KINDS = ("penalty", "consequence", "referral", "note")
PAIR_CHANGES = (None, "widened")
AMOUNT_BASES = ("illegal_gains", "procurement_amount")
# How messages name the amounts: the words of the form's labels (schema.py), never the field names.
AMOUNT_WORDS = {
    "illegal_gains": ("illegal gains", "违法所得"),
    "procurement_amount": ("procurement amount", "采购金额"),
    "annual_turnover": ("previous year's turnover", "上一年度营业额"),
}


def text_key(law: str, version: str) -> str:
    """The key of a text in CLAUSES: "2025" for the Cybersecurity Law, "pipl/2021" for another law."""
    return version if law == "csl" else f"{law}/{version}"


def law_short(law: str, lang: str) -> str:
    """CSL, PIPL, DSL; 《网络安全法》, 《个人信息保护法》, 《数据安全法》."""
    return VOCABULARY["laws"][law][f"short_{lang}"]


def tier_words(tier: str) -> tuple[str, str]:
    """How messages name a tier: "“aggravated” tier" / "“加重情形”档次" (vocabulary.toml)."""
    words = VOCABULARY["tiers"][tier]
    return f"“{words['en']}” tier", f"“{words['zh']}”档次"


def tiers_words(tiers: list[str]) -> tuple[str, str]:
    """A list of tiers in words: "base case, aggravated" / "一般情形、加重情形"."""
    en = ", ".join(VOCABULARY["tiers"][t]["en"] for t in tiers)
    return en, "、".join(VOCABULARY["tiers"][t]["zh"] for t in tiers)


def party_words(party: str) -> tuple[str, str]:
    """An offender in words: "an entity" / "单位"; "an individual" / "个人"."""
    words = VOCABULARY["parties"][party]
    return f"an {words['en']}", words["zh"]


def text_name(key: str) -> tuple[str, str]:
    """How messages name a text: "the 2025 text" / "2025年文本"; "the PIPL" / "《个人信息保护法》"."""
    law, version = TEXTS[key].law, TEXTS[key].version
    if law == "csl":
        return f"the {version} text", f"{version}年文本"
    return f"the {law_short(law, 'en')}", law_short(law, "zh")


def article_name(key: str, article: int) -> tuple[str, str]:
    """Art. 64 (2025) / 第64条（2025年）; PIPL art. 66 / 《个人信息保护法》第66条."""
    law, version = TEXTS[key].law, TEXTS[key].version
    if law == "csl":
        return f"Art. {article} ({version})", f"第{article}条（{version}年）"
    return f"{law_short(law, 'en')} art. {article}", f"{law_short(law, 'zh')}第{article}条"


class RulesError(Exception):
    """A rule file is inconsistent; the message names the file and the clause."""


@dataclass(frozen=True)
class Ref:
    """A clause reference within one text: article.paragraph or article.paragraph.item."""

    article: int
    paragraph: int
    item: int | None = None

    @classmethod
    def parse(cls, text: str) -> Ref:
        parts = [int(p) for p in str(text).split(".")]
        if len(parts) not in (2, 3):
            raise ValueError(f"not a clause reference: {text!r}")
        return cls(*parts)

    def __str__(self) -> str:
        return ".".join(str(p) for p in (self.article, self.paragraph, self.item) if p is not None)


@dataclass(frozen=True)
class FineRule:
    range: tuple[Decimal, Decimal] | None
    multiple: tuple[Decimal, Decimal] | None
    multiple_of: str | None
    multiple_from: Decimal | None  # None: the multiple applies to any amount above zero
    discretionary: bool
    # a second cap joined to `range` by 或者: this percentage of the previous year's turnover
    turnover_percent: Decimal | None = None


@dataclass(frozen=True)
class PartyRule:
    scope: str | None
    fine: FineRule | None
    detention: tuple[int, int] | None
    confiscation: bool
    measures: tuple[tuple[str, bool], ...]  # (code, mandatory)
    as_individual_in: Ref | None


@dataclass(frozen=True)
class TierRule:
    name: str
    trigger_zh: str | None
    trigger_en: str | None
    see: Ref | None
    items: tuple[int, ...] | None
    offender: PartyRule | None
    responsible_persons: PartyRule | None
    excludes_circumstances: tuple[str, ...] = ()  # circumstances the clause's own terms negate


@dataclass(frozen=True)
class Answer:
    """What a referral or note says, and the laws it names: (law code, articles)."""

    en: str
    zh: str
    laws: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Clause:
    version: str
    ref: Ref
    kind: str
    offenders: tuple[str, ...]
    items: tuple[int, ...]
    items_paragraph: int
    conduct_zh: str
    conduct_en: str
    authority_zh: str | None
    authority_en: str | None
    note_zh: str | None
    note_en: str | None
    punished_as: Ref | None
    conduct_of: Ref | None
    consequence: Ref | None
    tiers: dict[str, TierRule]
    answer: Answer | None
    law: str = "csl"
    readings: tuple[tuple[str, str], ...] = ()  # (en, zh): the editors' readings of the clause

    @property
    def text(self) -> str:
        """The key of the clause's text in CLAUSES."""
        return text_key(self.law, self.version)

    @property
    def article(self) -> int:
        return self.ref.article

    @property
    def paragraph(self) -> int:
        return self.ref.paragraph

    def citation(self) -> Citation:
        return Citation(self.law, self.version, self.article, self.paragraph, self.ref.item)

    def item_citation(self, item: int | None) -> Citation:
        """The conduct as cited: the item of the paragraph the clause's items belong to."""
        if item is None:
            return self.citation()
        return Citation(self.law, self.version, self.article, self.items_paragraph, item)

    def request_citation(self, item: int | None) -> Citation:
        """The clause asked for: with the item where the items are this paragraph's own."""
        return (
            self.item_citation(item) if self.items_paragraph == self.paragraph else self.citation()
        )

    def label(self, item: int | None = None, with_law: bool = False) -> str:
        """Art. 62(1)(ii) (2025), or CSL Art. 62(1)(ii) (2025) `with_law`; PIPL Art. 66(2)."""
        cite = self.citation() if item is None else self.item_citation(item)
        if self.law != "csl":
            return f"{law_short(self.law, 'en')} {cite.short_en}"
        return f"{'CSL ' if with_law else ''}{cite.short_en} ({self.version})"

    def label_zh(self, item: int | None = None, with_law: bool = False) -> str:
        """2025年文本第六十二条第一款第二项 (《网络安全法》2025年文本… `with_law`);
        《个人信息保护法》第六十六条第二款."""
        cite = self.citation() if item is None else self.item_citation(item)
        if self.law != "csl":
            return f"{law_short(self.law, 'zh')}{cite.short_zh}"
        return f"{law_short('csl', 'zh') if with_law else ''}{self.version}年文本{cite.short_zh}"


@dataclass(frozen=True)
class Pair:
    old: Ref
    new: Ref
    same_items: bool
    forward: bool
    new_tiers: dict[str, str]  # 2025 tier -> 2016 tier
    old_tiers: dict[str, str]  # 2016 tier -> 2025 tier
    change: str | None = None  # how a note or referral changed, where no comparison shows it
    note_en: str | None = None
    note_zh: str | None = None


# --- loading and checking -------------------------------------------------------------------


def _amount_pair(raw: Any, where: str) -> tuple[Decimal, Decimal]:
    low, high = (to_decimal(v) for v in raw)
    if not 0 <= low <= high:
        raise RulesError(f"{where}: range {raw} must satisfy 0 <= min <= max")
    return low, high


def _party(raw: dict[str, Any], where: str, is_persons: bool) -> PartyRule:
    allowed = {"fine", "may_fine", "fine_multiple", "multiple_of", "multiple_from", "detention"}
    allowed |= {"confiscation", "measures", "may_measures", "scope", "as_individual_in"}
    allowed |= {"fine_turnover_percent"}
    if unknown := set(raw) - allowed:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    if "fine" in raw and "may_fine" in raw:
        raise RulesError(f"{where}: give fine or may_fine, not both")
    base = raw.get("fine", raw.get("may_fine"))
    fine = None
    if base is not None or "fine_multiple" in raw:
        of = raw.get("multiple_of")
        if ("fine_multiple" in raw) != (of is not None) or (of and of not in AMOUNT_BASES):
            raise RulesError(f"{where}: fine_multiple needs multiple_of in {AMOUNT_BASES}")
        percent = raw.get("fine_turnover_percent")
        if percent is not None and (base is None or of is not None or not 0 < percent <= 100):
            raise RulesError(
                f"{where}: fine_turnover_percent (0-100) is a second cap beside a fine range, "
                "without a multiple"
            )
        fine = FineRule(
            range=_amount_pair(base, where) if base is not None else None,
            multiple=_amount_pair(raw["fine_multiple"], where) if "fine_multiple" in raw else None,
            multiple_of=of,
            multiple_from=to_decimal(raw["multiple_from"]) if "multiple_from" in raw else None,
            discretionary="may_fine" in raw,
            turnover_percent=to_decimal(percent) if percent is not None else None,
        )
    measures = [(code, True) for code in raw.get("measures", [])]
    measures += [(code, False) for code in raw.get("may_measures", [])]
    for code, _ in measures:
        if code not in MEASURES:
            raise RulesError(f"{where}: unknown measure {code!r} (define it in vocabulary.toml)")
    scope = raw.get("scope")
    if is_persons != (scope is not None) or (scope and scope not in VOCABULARY["scopes"]):
        raise RulesError(
            f"{where}: responsible persons need a scope from vocabulary.toml, others none"
        )
    detention = tuple(raw["detention"]) if "detention" in raw else None
    if detention and not 1 <= detention[0] <= detention[1] <= 15:
        raise RulesError(f"{where}: detention {detention} must lie within 1-15 days")
    as_individual = Ref.parse(raw["as_individual_in"]) if "as_individual_in" in raw else None
    return PartyRule(
        scope, fine, detention, bool(raw.get("confiscation")), tuple(measures), as_individual
    )


def _tier(name: str, raw: dict[str, Any], where: str) -> TierRule:
    if name not in TIERS:
        raise RulesError(f"{where}: unknown tier {name!r}; tiers are {TIERS}")
    if unknown := set(raw) - {
        "trigger_zh",
        "trigger_en",
        "see",
        "items",
        "offender",
        "responsible_persons",
        "excludes_circumstances",
    }:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    excludes = tuple(raw.get("excludes_circumstances", ()))
    if set(excludes) - set(CIRCUMSTANCES):
        raise RulesError(f"{where}: excludes_circumstances names an unknown circumstance")
    see = Ref.parse(raw["see"]) if "see" in raw else None
    if see and ({"offender", "responsible_persons"} & set(raw)):
        raise RulesError(f"{where}: a tier that refers elsewhere (see) sets no penalties itself")
    offender = _party(raw["offender"], f"{where}.offender", False) if "offender" in raw else None
    persons = raw.get("responsible_persons")
    return TierRule(
        name=name,
        trigger_zh=raw.get("trigger_zh"),
        trigger_en=raw.get("trigger_en"),
        see=see,
        items=tuple(raw["items"]) if "items" in raw else None,
        offender=offender,
        responsible_persons=_party(persons, f"{where}.responsible_persons", True)
        if persons
        else None,
        excludes_circumstances=excludes,
    )


def _clause(law: str, version: str, raw: dict[str, Any], filename: str) -> Clause:
    where = f"{filename}, clause {raw.get('ref')}"
    ref = Ref.parse(raw["ref"])
    kind = raw.get("kind")
    if kind not in KINDS:
        raise RulesError(f"{where}: kind must be one of {KINDS}")
    offenders = tuple(raw.get("offenders", ()))
    if not offenders or set(offenders) - {"entity", "individual"}:
        raise RulesError(f"{where}: offenders must list entity and/or individual")
    tiers = {
        name: _tier(name, t, f"{where}, tier {name}") for name, t in raw.get("tier", {}).items()
    }
    tiers = {name: tiers[name] for name in TIERS if name in tiers}  # lowest first
    answer = None
    if "answer" in raw:
        a = raw["answer"]
        laws = tuple(
            (entry["law"], tuple(entry.get("articles", ()))) for entry in a.get("laws", ())
        )
        for named, _ in laws:
            if named not in VOCABULARY["laws"]:
                raise RulesError(f"{where}: unknown law {named!r} (define it in vocabulary.toml)")
        answer = Answer(a["en"], a["zh"], laws)
    if kind in ("referral", "note"):
        if answer is None or tiers:
            raise RulesError(f"{where}: a {kind} has an [clause.answer] and no tiers")
        tiers = {"base": TierRule("base", None, None, None, None, None, None)}
    elif not tiers and "punished_as" not in raw:
        raise RulesError(f"{where}: a {kind} clause needs tiers or punished_as")
    readings = tuple((r["en"], r["zh"]) for r in raw.get("reading", ()))
    return Clause(
        law=law,
        readings=readings,
        version=version,
        ref=ref,
        kind=kind,
        offenders=offenders,
        items=tuple(raw.get("items", ())),
        items_paragraph=raw.get("items_paragraph", ref.paragraph),
        conduct_zh=raw["conduct_zh"],
        conduct_en=raw["conduct_en"],
        authority_zh=raw.get("authority_zh"),
        authority_en=raw.get("authority_en"),
        note_zh=raw.get("note_zh"),
        note_en=raw.get("note_en"),
        punished_as=Ref.parse(raw["punished_as"]) if "punished_as" in raw else None,
        conduct_of=Ref.parse(raw["conduct_of"]) if "conduct_of" in raw else None,
        consequence=Ref.parse(raw["consequence"]) if "consequence" in raw else None,
        tiers=tiers,
        answer=answer,
    )


@dataclass(frozen=True)
class Text:
    """One text of one law: its key in CLAUSES, and for a law with a single text the day it took
    effect (the Cybersecurity Law's two texts take theirs from timeline.py)."""

    key: str
    law: str
    version: str
    filename: str
    in_force: date | None


def _texts() -> dict[str, Text]:
    texts = {}
    for key, filename in RULE_FILE_NAMES.items():
        raw = RULE_FILES[key]
        law, version = raw.get("law", "csl"), raw.get("version")
        if law not in LAWS or not isinstance(version, str) or text_key(law, version) != key:
            raise RulesError(f"{filename}: law and version must give the text key {key!r}")
        in_force = raw.get("in_force")
        if (law == "csl") != (in_force is None):
            raise RulesError(f"{filename}: in_force is given for the laws other than the CSL only")
        try:
            day = date.fromisoformat(in_force) if in_force is not None else None
        except (TypeError, ValueError):
            raise RulesError(f"{filename}: in_force must be a date written YYYY-MM-DD") from None
        texts[key] = Text(key, law, version, filename, day)
    return texts


TEXTS: dict[str, Text] = _texts()
LAW_VERSIONS: dict[str, tuple[str, ...]] = {
    law: tuple(t.version for t in TEXTS.values() if t.law == law) for law in LAWS
}


def _load() -> tuple[dict[str, dict[Ref, Clause]], dict[str, dict[int, dict[str, str]]]]:
    clauses: dict[str, dict[Ref, Clause]] = {}
    not_penalty: dict[str, dict[int, dict[str, str]]] = {}
    for key, text in TEXTS.items():
        raw = RULE_FILES[key]
        clauses[key] = {}
        for entry in raw["clause"]:
            clause = _clause(text.law, text.version, entry, text.filename)
            if clause.ref in clauses[key]:
                raise RulesError(f"{text.filename}: clause {clause.ref} is defined twice")
            clauses[key][clause.ref] = clause
        not_penalty[key] = {e["article"]: e for e in raw.get("not_penalty", [])}
    return clauses, not_penalty


# text key -> clause reference -> clause
CLAUSES, NOT_PENALTY = _load()


def _check_references() -> None:
    """Every reference resolves, and every clause the rules cite exists in the law's text."""
    for code, c in CIRCUMSTANCES.items():
        if not Citation("apl", "2021", c["article"], c.get("paragraph"), c.get("item")).exists():
            raise RulesError(
                f"vocabulary.toml: circumstance {code} cites a clause that does not exist"
            )
        named = set(c.get("excludes_tiers", [])) | set(c.get("doubts_tiers", []))
        if named - set(TIERS):
            raise RulesError(f"vocabulary.toml: circumstance {code} names an unknown tier")
    for code, m in MEASURES.items():
        if not all(Citation(*cite).exists() for cite in m.get("reading_cites", [])):
            raise RulesError(f"vocabulary.toml: measure {code} cites a clause that does not exist")
    for key, clauses in CLAUSES.items():
        filename = TEXTS[key].filename
        for clause in clauses.values():
            where = f"{filename}, clause {clause.ref}"
            cites = [clause.citation()] + [clause.item_citation(i) for i in clause.items]
            for cite in cites:
                if not cite.exists():
                    raise RulesError(f"{where}: {cite.en} does not exist in the text")
            targets = [clause.punished_as, clause.conduct_of, clause.consequence]
            targets += [t.see for t in clause.tiers.values()]
            for tier in clause.tiers.values():
                for party in (tier.offender, tier.responsible_persons):
                    targets.append(party.as_individual_in if party else None)
            for target in filter(None, targets):
                if target not in clauses:
                    raise RulesError(
                        f"{where}: refers to {target}, which is not a clause of {filename}"
                    )
            for tier in clause.tiers.values():
                if tier.see and tier.name not in tiers_of(clauses[tier.see]):
                    raise RulesError(
                        f"{where}: tier {tier.name} refers to {tier.see}, which lacks it"
                    )


# --- lookups --------------------------------------------------------------------------------


def clause_at(text: str, ref: Ref) -> Clause:
    """The clause a checked reference names (see find_clause for references to one item)."""
    found = find_clause(text, ref)
    assert found is not None, ref  # references are checked at import
    return found


def find_clause(text: str, ref: Ref) -> Clause | None:
    """The clause of a text (key) for a reference, whether it is defined per item or for a group
    of items."""
    clauses = CLAUSES[text]
    if ref in clauses:
        return clauses[ref]
    if ref.item is None:
        return None
    group = clauses.get(Ref(ref.article, ref.paragraph))
    return group if group and ref.item in group.items else None


def tiers_of(clause: Clause, item: int | None = None) -> list[str]:
    """The tiers the clause has for this item (a paragraph punished as another has its tiers)."""
    if clause.punished_as:
        return tiers_of(clause_at(clause.text, clause.punished_as), item)
    return [
        name
        for name, tier in clause.tiers.items()
        if item is None or tier.items is None or item in tier.items
    ]


def tier_items(clause: Clause, tier: str) -> tuple[int, ...] | None:
    """The items a tier is limited to, or None when it covers them all."""
    if clause.punished_as:
        return tier_items(clause_at(clause.text, clause.punished_as), tier)
    return clause.tiers[tier].items


def _entry_clauses(candidates: list[Clause], tier: str, offender: str) -> list[Clause]:
    """Where the paragraph is left out: the paragraphs through which this tier is reached.

    A paragraph another one sends the reader to for this tier (62(2) from 62(1)) and a paragraph
    punished as another of the same article (69(3), a different kind of provider) are left aside,
    and so are consequences (66(3)); one paragraph left is the answer.
    """
    fitting = [
        c
        for c in candidates
        if c.kind != "consequence"
        and offender in c.offenders
        and tier in tiers_of(c)
        and not (c.punished_as and c.punished_as.article == c.article)
    ]
    targets = {c.tiers[tier].see for c in fitting if tier in c.tiers}
    return [c for c in fitting if c.ref not in targets]


def article_clauses(text: str, article: int) -> list[Clause]:
    return [c for ref, c in CLAUSES[text].items() if ref.article == article]


def articles_by_kind(text: str) -> tuple[list[int], list[int]]:
    """(articles with penalties, articles answered as referrals or notes) of a text (key)."""
    kinds = {c.article: c.kind for c in CLAUSES[text].values() if c.kind != "consequence"}
    penalties = sorted(a for a, k in kinds.items() if k == "penalty")
    return penalties, sorted(a for a in kinds if a not in penalties)


def resolve(
    text: str, article: int, paragraph: int | None, item: int | None, tier: str, offender: str
) -> Clause:
    """The clause a request names in a text (key), with the defaults the text allows, or an
    InputError."""
    candidates = article_clauses(text, article)
    if not candidates:
        raise _no_penalty_article(text, article)
    art_en, art_zh = article_name(text, article)
    if paragraph is not None:
        candidates = [c for c in candidates if c.paragraph == paragraph]
        if not candidates:
            have = ", ".join(
                str(p) for p in sorted({c.paragraph for c in article_clauses(text, article)})
            )
            raise InputError(
                "paragraph",
                f"{art_en} has no paragraph {paragraph} with a penalty, referral or note; its "
                f"paragraphs: {have}",
                f"{art_zh}第{paragraph}款无罚则；可选款：{have.replace(', ', '、')}",
            )
    if item is not None:
        with_item = [c for c in candidates if item in c.items or c.ref.item == item]
        if not with_item:
            items = sorted(
                {i for c in candidates for i in c.items}
                | {c.ref.item for c in candidates if c.ref.item}
            )
            have = ", ".join(map(str, items))
            have_zh = "、".join(map(str, items))
            raise InputError(
                "item",
                f"{art_en} has no item {item} here; "
                + (f"its items: {have}" if items else "it lists no items"),
                f"{art_zh}此处没有第{item}项；" + (f"可选项：{have_zh}" if items else "该处不分项"),
            )
        candidates = with_item
    if len(candidates) > 1:
        candidates = _entry_clauses(candidates, tier, offender) or candidates
    if len(candidates) > 1:
        raise _ambiguous(text, article, candidates, tier)
    clause = candidates[0]
    item = item if item is not None else clause.ref.item
    available = tiers_of(clause, item)
    if tier not in available:
        tier_en, tier_zh = tier_words(tier)
        have_en, have_zh = tiers_words(available)
        raise InputError(
            "tier",
            f"{clause.label(item)} has no {tier_en}; its tiers: {have_en}",
            f"{clause.label_zh(item)}没有{tier_zh}；可选档次：{have_zh}",
        )
    limited = tier_items(clause, tier)
    if item is None and limited is not None and set(limited) != set(clause.items):
        tier_en, tier_zh = tier_words(tier)
        listed, listed_zh = ", ".join(map(str, limited)), "、".join(map(str, limited))
        raise InputError(
            "item",
            f"The {tier_en} of {clause.label()} exists for items {listed} only; give the item",
            f"{clause.label_zh()}的{tier_zh}仅适用于第{listed_zh}项；请填写项",
        )
    if offender not in clause.offenders:
        who_en = " or ".join(party_words(p)[0] for p in clause.offenders)
        who_zh = "或者".join(party_words(p)[1] for p in clause.offenders)
        not_en, not_zh = party_words(offender)
        raise InputError(
            "offender",
            f"{clause.label()} punishes {who_en}, not {not_en}",
            f"{clause.label_zh()}处罚的对象为{who_zh}，而非{not_zh}",
        )
    return clause


def _no_penalty_article(text: str, article: int) -> InputError:
    name_en, name_zh = text_name(text)
    last = len(STRUCTURE[f"{TEXTS[text].law}/{TEXTS[text].version}"])
    if not 1 <= article <= last:
        return InputError(
            "article",
            f"{name_en} has no Art. {article} (it has Arts. 1-{last})",
            f"{name_zh}没有第{article}条（共{last}条）",
        )
    if article in NOT_PENALTY[text]:
        entry = NOT_PENALTY[text][article]
        return InputError("article", entry["en"], entry["zh"])
    penalties, notes = articles_by_kind(text)
    first, last_penalty = penalties[0], penalties[-1]
    if first == last_penalty:
        listing = f"penalty article: {first}"
        listing_zh = f"罚则条款：第{first}条"
    else:
        listing = f"penalty articles: {first}-{last_penalty}"
        listing_zh = f"罚则条款：第{first}条至第{last_penalty}条"
    listing += f"; referrals and notes: {', '.join(map(str, notes))}"
    listing_zh += f"；转致或者说明条款：{'、'.join(map(str, notes))}"
    return InputError(
        "article",
        f"Art. {article} of {name_en} sets no penalty; {listing}",
        f"{name_zh}第{article}条不是罚则条款；{listing_zh}",
    )


def _ambiguous(text: str, article: int, candidates: list[Clause], tier: str) -> InputError:
    art_en, art_zh = article_name(text, article)
    paragraphs = sorted({c.paragraph for c in candidates})
    if len(paragraphs) > 1:
        first = {c.paragraph: c for c in reversed(candidates)}

        def option(p: int) -> str:
            rule = first[p].tiers.get(tier)
            opens = (
                f" [{tier_words(tier)[0]}: {rule.trigger_en}]" if rule and rule.trigger_en else ""
            )
            return f"{p}: {first[p].conduct_en.rstrip('.')}{opens}"

        options = "; ".join(option(p) for p in paragraphs)
        return InputError(
            "paragraph",
            f"{art_en} has several paragraphs that fit; give paragraph ({options})",
            f"{art_zh}有多款可适用；请填写款：{'、'.join(map(str, paragraphs))}",
        )
    items = ", ".join(str(c.ref.item) for c in candidates)
    law, version = TEXTS[text].law, TEXTS[text].version
    cite = Citation(law, version, article, paragraphs[0]).short_en
    where_en = f"{cite} ({version})" if law == "csl" else f"{law_short(law, 'en')} {cite}"
    return InputError(
        "item",
        f"{where_en} is answered item by item; give the item: {items}",
        f"{art_zh}第{paragraphs[0]}款各项处理不同；请填写项：{items.replace(', ', '、')}",
    )


# --- correspondence between the texts --------------------------------------------------------


@dataclass(frozen=True)
class Counterpart:
    clause: Clause
    item: int | None
    tier: str
    pair: Pair


def _matches(side: Ref, clause: Clause, item: int | None) -> bool:
    if (side.article, side.paragraph) != (clause.article, clause.paragraph):
        return False
    return side.item is None or item is None or side.item == item


def counterparts(clause: Clause, item: int | None, tier: str) -> list[Counterpart]:
    """The clause(s) of the other text that continue (2016 -> 2025) or precede (2025 -> 2016) it.

    More than one means the request is ambiguous for the other text; none means the other text
    has no such clause (2025 Art. 63 going back).
    """
    backward = clause.version == "2025"
    found: dict[tuple[Ref, str], list[Counterpart]] = {}
    for pair in PAIRS:
        here, there = (pair.new, pair.old) if backward else (pair.old, pair.new)
        if (not backward and not pair.forward) or not _matches(here, clause, item):
            continue
        target_item = there.item if there.item is not None else (item if pair.same_items else None)
        target = clause_at(
            "2016" if backward else "2025", Ref(there.article, there.paragraph, target_item)
        )
        mapped = (pair.new_tiers if backward else pair.old_tiers).get(tier, tier)
        found.setdefault((target.ref, mapped), []).append(
            Counterpart(target, target_item, mapped, pair)
        )
    out = []
    for group in found.values():
        items = {c.item for c in group}
        first = group[0]
        out.append(
            first if len(items) == 1 else Counterpart(first.clause, None, first.tier, first.pair)
        )
    return out


def _load_pairs() -> list[Pair]:
    pairs = []
    for raw in CORRESPONDENCE["pair"]:
        pair = Pair(
            old=Ref.parse(raw["old"]),
            new=Ref.parse(raw["new"]),
            same_items=raw.get("items") == "same",
            forward=raw.get("forward", True),
            new_tiers=raw.get("new_tiers", {}),
            old_tiers=raw.get("old_tiers", {}),
            change=raw.get("change"),
            note_en=raw.get("note_en"),
            note_zh=raw.get("note_zh"),
        )
        if pair.change not in PAIR_CHANGES or (pair.change is None) != (pair.note_en is None):
            raise RulesError(
                f"correspondence.toml: pair {pair.old} -> {pair.new}: change must be one of "
                f"{PAIR_CHANGES[1:]} and comes with note_en and note_zh"
            )
        for version, ref in (("2016", pair.old), ("2025", pair.new)):
            if find_clause(version, ref) is None:
                raise RulesError(
                    f"correspondence.toml: {ref} is not a clause of rules-{version}.toml"
                )
        pairs.append(pair)
    return pairs


def _check_pairs() -> None:
    for clause in CLAUSES["2016"].values():
        for item in clause.items or (clause.ref.item,):
            for tier in tiers_of(clause, item):
                found = counterparts(clause, item, tier)
                if len(found) != 1 or tier_missing(found[0]):
                    raise RulesError(
                        f"correspondence.toml: 2016 clause {clause.ref} item {item} tier {tier} "
                        "needs exactly one 2025 counterpart that has the (mapped) tier"
                    )
    for ref, clause in CLAUSES["2025"].items():
        covered = any(_matches(p.new, clause, ref.item) for p in PAIRS)
        if not covered and ref not in NEW_WITHOUT_OLD:
            raise RulesError(
                f"correspondence.toml: 2025 clause {ref} has no pair and is not listed as new"
            )
        for tier in tiers_of(clause):
            found_all = counterparts(clause, ref.item, tier)
            for found in found_all:
                # a unique counterpart must take the same offenders; several are refused at run time
                other_offenders = len(found_all) == 1 and not set(clause.offenders) <= set(
                    found.clause.offenders
                )
                if tier_missing(found) or other_offenders:
                    raise RulesError(
                        f"correspondence.toml: 2025 clause {ref} tier {tier} maps to 2016 clause "
                        f"{found.clause.ref} tier {found.tier}, which it lacks or which punishes other offenders"
                    )


def tier_missing(counterpart: Counterpart) -> bool:
    return counterpart.tier not in tiers_of(counterpart.clause, counterpart.item)


PAIRS = _load_pairs()
NEW_WITHOUT_OLD = frozenset(Ref.parse(r) for r in CORRESPONDENCE["new_without_old"]["refs"])
_check_references()
_check_pairs()
