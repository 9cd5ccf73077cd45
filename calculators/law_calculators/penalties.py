"""What a clause of any text imposes, party by party, for one tier, offender and set of amounts.

This is the statute only: no law in time, no mitigation. References inside the text are followed
as the text makes them (依照该款规定处罚, 依照前款规定处罚), and a tier keeps the measures and
confiscation of the lower tiers of the same clause (it adds to them; its fines replace theirs).
A serious-harm tier keeps those of the base tier only: the aggravated tier opens on a refusal to
correct or serious circumstances, an alternative it does not pass through. Illegal gains, where
there are any, are confiscated under every clause (Administrative Penalty Law art. 28(2)).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .citations import Citation
from .money import json_number
from .rules import AMOUNT_WORDS, MEASURES, TIERS, Clause, FineRule, PartyRule, clause_at
from .validation import InputError

_MEASURE_ORDER = {code: i for i, code in enumerate(MEASURES)}
PARTY_ORDER = ("entity", "individual", "responsible_persons")
SERIOUS_HARM = ("serious", "particularly_serious")


@dataclass(frozen=True)
class TurnoverCaps:
    """Two caps joined by 或者 (PIPL art. 66(2)): a fixed amount, or a percentage of the previous
    year's turnover. The higher is the top of the exposure: the editors' reading."""

    fixed: Decimal
    percent: Decimal
    turnover: Decimal | None  # None: not given, so the turnover cap cannot be computed

    @property
    def turnover_cap(self) -> Decimal | None:
        return None if self.turnover is None else self.turnover * self.percent / 100

    @property
    def higher(self) -> str | None:
        """Which cap is the top: fixed, turnover_share, equal; None without the turnover."""
        share = self.turnover_cap
        if share is None:
            return None
        return (
            "fixed" if self.fixed > share else "turnover_share" if share > self.fixed else "equal"
        )

    @property
    def top(self) -> Decimal:
        share = self.turnover_cap
        return self.fixed if share is None else max(self.fixed, share)

    def as_dict(self) -> dict[str, object]:
        share = self.turnover_cap
        return {
            "fixed": json_number(self.fixed),
            "turnover_percent": json_number(self.percent),
            "annual_turnover": None if self.turnover is None else json_number(self.turnover),
            "turnover_cap": None if share is None else json_number(share),
            "higher": self.higher,
        }


@dataclass(frozen=True)
class Fine:
    min: Decimal
    max: Decimal
    discretionary: bool
    # range | cap | multiple_of_illegal_gains | multiple_of_procurement_amount | cap_or_turnover_share
    basis: str
    multiple: tuple[Decimal, Decimal] | None = None
    amount: Decimal | None = None  # the illegal gains or procurement amount multiplied
    rule: FineRule | None = field(default=None, compare=False)  # the statute's rule, for tables
    mitigated_below: Decimal | None = None  # art. 32: the statutory minimum 减轻 goes below
    caps: TurnoverCaps | None = None  # basis cap_or_turnover_share: the two caps

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "min": json_number(self.min),
            "max": json_number(self.max),
            "discretionary": self.discretionary,
            "basis": self.basis,
        }
        if self.mitigated_below is not None:
            out["mitigated_below"] = json_number(self.mitigated_below)
        if self.caps is not None:
            out["caps"] = self.caps.as_dict()
        return out


@dataclass(frozen=True)
class Outcome:
    party: str  # entity | individual | responsible_persons
    scope: str | None  # responsible persons only: managers | managers_and_others
    fine: Fine | None
    detention: tuple[int, int] | None
    confiscation: bool
    measures: tuple[tuple[str, bool], ...]  # (code, mandatory), in vocabulary order
    cite: Citation
    detention_below: int | None = None  # art. 32: the statutory minimum 减轻 goes below

    def as_dict(self) -> dict[str, object]:
        return {
            "party": self.party,
            "scope": self.scope,
            "fine": self.fine.as_dict() if self.fine else None,
            "detention_days": self._detention_dict(),
            "confiscation": self.confiscation,
            "measures": [
                {"code": code, "mandatory": mandatory, "one_of": MEASURES[code].get("group")}
                for code, mandatory in self.measures
            ],
            "cite": self.cite.as_dict(),
        }

    def _detention_dict(self) -> dict[str, int] | None:
        if not self.detention:
            return None
        out = {"min": self.detention[0], "max": self.detention[1]}
        if self.detention_below is not None:
            out["mitigated_below"] = self.detention_below
        return out


@dataclass
class Evaluation:
    outcomes: list[Outcome]
    path: list[Citation]  # the conduct, then every clause the text sends the reader to
    amounts_used: set[str] = field(default_factory=set)
    persons_dropped: bool = False
    gains_confiscated: bool = False  # confiscation added by Administrative Penalty Law art. 28(2)
    zero_multiples: set[str] = field(default_factory=set)  # amounts given as 0 that set the fine


def merge_measures(*groups: tuple[tuple[str, bool], ...]) -> tuple[tuple[str, bool], ...]:
    """Union of measures; a measure mandatory in any group is mandatory."""
    merged: dict[str, bool] = {}
    for group in groups:
        for code, mandatory in group:
            merged[code] = merged.get(code, False) or mandatory
    return tuple(sorted(merged.items(), key=lambda m: _MEASURE_ORDER[m[0]]))


def measure_groups(
    measures: tuple[tuple[str, bool], ...],
) -> list[tuple[tuple[str | None, bool], list[str]]]:
    """Consecutive measures of one `one_of` group and the same force, together; others alone."""
    out: list[tuple[tuple[str | None, bool], list[str]]] = []
    for code, mandatory in measures:
        key = (MEASURES[code].get("group"), mandatory)
        if out and key[0] is not None and out[-1][0] == key:
            out[-1][1].append(code)
        else:
            out.append((key, [code]))
    return out


def sort_outcomes(outcomes: list[Outcome]) -> list[Outcome]:
    return sorted(outcomes, key=lambda o: PARTY_ORDER.index(o.party))


def evaluate(
    clause: Clause,
    item: int | None,
    tier: str,
    offender: str,
    amounts: dict[str, Decimal | None],
) -> Evaluation:
    """The statutory outcome of `clause` at `tier` for this offender and these amounts."""
    ev = Evaluation(outcomes=[], path=[clause.item_citation(item)])
    if item is not None and clause.items_paragraph != clause.paragraph:
        ev.path.append(clause.citation())  # 62(2) punishes the items of 62(1)
    if clause.kind in ("referral", "note"):
        return ev
    outcomes = _tier_outcomes(clause, tier, offender, amounts, ev)
    if offender == "individual":
        # 直接负责的主管人员和其他直接责任人员 presuppose an organisation (单位)
        ev.persons_dropped = any(o.party == "responsible_persons" for o in outcomes)
        outcomes = [o for o in outcomes if o.party != "responsible_persons"]
    if amounts.get("illegal_gains"):
        outcomes, ev.gains_confiscated = confiscate_gains(outcomes)
    if clause.consequence:
        consequence = clause_at(clause.text, clause.consequence)
        ev.path.append(consequence.citation())
        extra = consequence.tiers["base"].offender
        assert extra is not None
        outcomes = [
            replace(o, measures=merge_measures(o.measures, extra.measures))
            if o.party in ("individual", "responsible_persons")
            else o
            for o in outcomes
        ]
    ev.outcomes = sort_outcomes(outcomes)
    return ev


def _tier_outcomes(
    clause: Clause, tier: str, offender: str, amounts: dict[str, Decimal | None], ev: Evaluation
) -> list[Outcome]:
    if clause.punished_as:
        target = clause_at(clause.text, clause.punished_as)
        ev.path.append(target.citation())
        return _tier_outcomes(target, tier, offender, amounts, ev)
    rule = clause.tiers[tier]
    if rule.see:
        target = clause_at(clause.text, rule.see)
        ev.path.append(target.citation())
        outcomes = _tier_outcomes(target, tier, offender, amounts, ev)
    else:
        outcomes = []
        if rule.offender:
            outcomes.append(_party(clause, rule.offender, offender, tier, amounts, ev))
        if rule.responsible_persons:
            outcomes.append(
                _party(clause, rule.responsible_persons, "responsible_persons", tier, amounts, ev)
            )
    return _carry_up(clause, tier, outcomes)


def confiscate_gains(outcomes: list[Outcome]) -> tuple[list[Outcome], bool]:
    """Administrative Penalty Law art. 28(2): 当事人有违法所得……应当予以没收.

    The gains are the offender's, so the responsible persons are left as they are. Returns the
    outcomes and whether confiscation was added where the clause itself did not make it mandatory.
    """
    added = False
    out = []
    for o in outcomes:
        if o.party != "responsible_persons" and not o.confiscation:
            added = True
            measures = tuple(m for m in o.measures if m[0] != "confiscate_illegal_gains")
            o = replace(o, confiscation=True, measures=measures)
        out.append(o)
    return out, added


def _kept_tiers(clause: Clause, tier: str) -> list[str]:
    """The lower tiers of `clause` whose measures and confiscation `tier` keeps."""
    return [
        name
        for name in clause.tiers
        if TIERS.index(name) < TIERS.index(tier)
        and not (tier in SERIOUS_HARM and name == "aggravated")
    ]


def _carry_up(clause: Clause, tier: str, outcomes: list[Outcome]) -> list[Outcome]:
    """Add the measures and confiscation of the lower tiers to this tier's outcomes.

    The lower tiers are the clause's own, and those of the paragraph whose conduct it escalates;
    a serious-harm tier passes by the aggravated tier (see _kept_tiers).
    """
    by_party = {o.party: o for o in outcomes}
    offender_party = next((o.party for o in outcomes if o.party != "responsible_persons"), None)
    sources = [clause] + ([clause_at(clause.text, clause.conduct_of)] if clause.conduct_of else [])
    lower_tiers = [source.tiers[name] for source in sources for name in _kept_tiers(source, tier)]
    for lower in lower_tiers:
        for rule, party in (
            (lower.offender, offender_party),
            (lower.responsible_persons, "responsible_persons"),
        ):
            if rule is None or party is None or party not in by_party:
                continue
            current = by_party[party]
            by_party[party] = replace(
                current,
                measures=merge_measures(current.measures, rule.measures),
                confiscation=current.confiscation or rule.confiscation,
            )
    return list(by_party.values())


def _party(
    clause: Clause,
    rule: PartyRule,
    party: str,
    tier: str,
    amounts: dict[str, Decimal | None],
    ev: Evaluation,
) -> Outcome:
    if rule.as_individual_in:
        # 依照前款规定处罚: the persons are punished as the individual of that paragraph
        source = clause_at(clause.text, rule.as_individual_in)
        ev.path.append(source.citation())
        as_individual = _tier_outcomes(source, tier, "individual", amounts, ev)[0]
        return replace(as_individual, party=party, scope=rule.scope, measures=())
    return Outcome(
        party=party,
        scope=rule.scope,
        fine=_fine(clause, rule.fine, amounts, ev) if rule.fine else None,
        detention=rule.detention,
        confiscation=rule.confiscation,
        measures=merge_measures(rule.measures),
        cite=clause.citation(),
    )


def _fine(
    clause: Clause, rule: FineRule, amounts: dict[str, Decimal | None], ev: Evaluation
) -> Fine:
    if rule.turnover_percent is not None:
        assert rule.range is not None  # checked at import
        ev.amounts_used.add("annual_turnover")
        caps = TurnoverCaps(rule.range[1], rule.turnover_percent, amounts.get("annual_turnover"))
        basis = "cap_or_turnover_share"
        return Fine(rule.range[0], caps.top, rule.discretionary, basis, rule=rule, caps=caps)
    if rule.multiple and rule.multiple_of:
        ev.amounts_used.add(rule.multiple_of)
        amount = amounts.get(rule.multiple_of)
        if amount is None and rule.range is None:
            name, name_zh = AMOUNT_WORDS[rule.multiple_of]
            raise InputError(
                rule.multiple_of,
                f"{clause.label()} sets the fine as a multiple of the {name}; give the {name}",
                f"{clause.label_zh()}以{name_zh}的倍数计算罚款；请填写{name_zh}",
            )
        if amount == 0 and rule.range is None:
            ev.zero_multiples.add(rule.multiple_of)
        amount = amount or Decimal(0)
        # 以上 includes the figure: from multiple_from on (inclusive); without it, any gains at all
        reached = amount >= rule.multiple_from if rule.multiple_from is not None else amount > 0
        if reached or rule.range is None:
            low, high = rule.multiple
            basis = f"multiple_of_{rule.multiple_of}"
            return Fine(
                amount * low, amount * high, rule.discretionary, basis, rule.multiple, amount, rule
            )
    assert rule.range is not None
    low, high = rule.range
    return Fine(low, high, rule.discretionary, "cap" if low == 0 else "range", rule=rule)
