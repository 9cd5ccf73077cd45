"""Properties that must hold for every input, checked with hypothesis."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from csl_calculators import run_json
from csl_calculators.mitigation import mitigate
from csl_calculators.penalties import SERIOUS_HARM, Outcome, evaluate
from csl_calculators.rules import CIRCUMSTANCES, CLAUSES, MEASURES, TIERS, Clause, Ref, tiers_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.calculators.statute_corpus import citations_in, clause_exists

PENALTY_CLAUSES = [
    c for v in CLAUSES.values() for c in v.values() if c.kind in ("penalty", "consequence")
]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)


def situations(clauses: list[Clause] = PENALTY_CLAUSES):
    """A clause with one of its items and offenders."""

    @st.composite
    def build(draw):
        clause: Clause = draw(st.sampled_from(clauses))
        item = draw(st.sampled_from(clause.items)) if clause.items else clause.ref.item
        offender = draw(st.sampled_from(clause.offenders))
        return clause, item, offender

    return build()


def _fine(o: Outcome | None) -> tuple[Decimal, Decimal]:
    if o is None or o.fine is None:
        return Decimal(0), Decimal(0)
    return (Decimal(0) if o.fine.discretionary else o.fine.min), o.fine.max


def no_more_than(lower: list[Outcome], higher: list[Outcome]) -> list[str]:
    """What `lower` imposes that `higher` does not (empty when higher >= lower throughout)."""
    by_party = {o.party: o for o in higher}
    problems = []
    for low in lower:
        high = by_party.get(low.party)
        if high is None:
            problems.append(f"{low.party} disappears")
            continue
        if any(a > b for a, b in zip(_fine(low), _fine(high), strict=True)):
            problems.append(f"{low.party} fine {_fine(low)} > {_fine(high)}")
        if low.detention and (
            not high.detention
            or any(a > b for a, b in zip(low.detention, high.detention, strict=True))
        ):
            problems.append(f"{low.party} detention {low.detention} > {high.detention}")
        if low.confiscation and not high.confiscation:
            problems.append(f"{low.party} loses confiscation")
        high_measures = dict(high.measures)
        if high.confiscation:  # mandatory confiscation is the strongest form of the measure
            high_measures["confiscate_illegal_gains"] = True
        for code, mandatory in low.measures:
            if not MEASURES[code]["penalty"]:
                continue
            if code not in high_measures or (mandatory and not high_measures[code]):
                problems.append(f"{low.party} loses or softens {code}")
    return problems


def without_measures(outcomes: list[Outcome]) -> list[Outcome]:
    return [replace(o, measures=()) for o in outcomes]


@settings(max_examples=300, deadline=None)
@given(situations(), amounts, amounts)
def test_outcomes_never_shrink_as_the_tier_rises(situation, gains, procurement) -> None:
    """Each tier imposes at least what the tier below imposes. A serious-harm tier does not pass
    through the aggravated tier (refusal to correct, serious circumstances: an alternative trigger),
    so against that tier only its fines, detention and confiscation must not shrink; it must keep
    everything the base tier imposes."""
    clause, item, offender = situation
    money = {"illegal_gains": gains, "procurement_amount": procurement}
    tiers = [t for t in TIERS if t in tiers_of(clause, item)]
    results = [evaluate(clause, item, t, offender, money).outcomes for t in tiers]
    for i in range(len(tiers) - 1):
        where = (clause.version, clause.ref, tiers[i], tiers[i + 1])
        lower, higher = results[i], results[i + 1]
        if tiers[i] == "aggravated" and tiers[i + 1] in SERIOUS_HARM:
            assert not no_more_than(without_measures(lower), higher), where
        else:
            assert not no_more_than(lower, higher), where
        if tiers[0] == "base":
            assert not no_more_than(results[0], higher), where


def test_serious_harm_under_art_65_takes_no_business_sanction() -> None:
    """2025 Art. 65(2) is punished under Art. 61(3), which sets fines only (issue 13, item 15)."""
    for ref in (Ref(65, 1), Ref(65, 2)):
        for tier in SERIOUS_HARM:
            outcomes = evaluate(CLAUSES["2025"][ref], None, tier, "entity", {}).outcomes
            codes = {code for o in outcomes for code, _ in o.measures}
            assert codes == {"order_to_correct", "warning"}, (ref, tier, codes)


@settings(max_examples=300, deadline=None)
@given(
    situations(),
    st.sampled_from(TIERS),
    amounts,
    amounts,
    st.sampled_from(["illegal_gains", "procurement_amount"]),
)
def test_outcomes_never_shrink_as_amounts_grow(situation, tier, a, b, which) -> None:
    """Over positive amounts. At zero the 2016 text's own rule differs: 2016 Art. 64 caps the fine at
    RMB 1,000,000 without illegal gains but at 10 times the gains with any gains at all."""
    clause, item, offender = situation
    if tier not in tiers_of(clause, item):
        return
    small, large = sorted((a, b))
    base = {"illegal_gains": Decimal(1), "procurement_amount": Decimal(1)}
    lower = evaluate(clause, item, tier, offender, base | {which: small}).outcomes
    higher = evaluate(clause, item, tier, offender, base | {which: large}).outcomes
    assert not no_more_than(lower, higher)


@given(amounts, amounts)
def test_art_63_never_shrinks_from_zero_gains_on(a, b) -> None:
    clause = CLAUSES["2025"][next(r for r in CLAUSES["2025"] if r.article == 63)]
    outcomes = [
        evaluate(clause, None, "base", "entity", {"illegal_gains": g}).outcomes
        for g in (Decimal(0), *sorted((a, b)))
    ]
    assert not no_more_than(outcomes[0], outcomes[1]) and not no_more_than(outcomes[1], outcomes[2])


@settings(max_examples=300, deadline=None)
@given(
    situations(),
    st.sampled_from(TIERS),
    amounts,
    st.lists(st.sampled_from(sorted(CIRCUMSTANCES)), unique=True),
)
def test_mitigation_never_raises_anything(situation, tier, gains, codes) -> None:
    clause, item, offender = situation
    if tier not in tiers_of(clause, item):
        return
    unmitigated = evaluate(
        clause, item, tier, offender, {"illegal_gains": gains, "procurement_amount": gains}
    ).outcomes
    mitigated = mitigate(unmitigated, codes, clause.version)
    assert not no_more_than(mitigated.outcomes, unmitigated)


@st.composite
def fine_requests(draw) -> dict[str, Any]:
    """Valid-looking requests over every clause, with dates, amounts and circumstances."""
    clause, item, offender = draw(situations([c for v in CLAUSES.values() for c in v.values()]))
    request: dict[str, Any] = {
        "version": clause.version,
        "article": clause.article,
        "paragraph": clause.paragraph,
        "tier": draw(st.sampled_from(tiers_of(clause, item))),
        "offender": offender,
        "illegal_gains": draw(st.integers(0, 10**8)),
        "procurement_amount": draw(st.integers(0, 10**8)),
        "circumstances": draw(
            st.lists(st.sampled_from(sorted(CIRCUMSTANCES)), unique=True, max_size=3)
        ),
    }
    if item is not None:
        request["item"] = item
    dates = draw(st.lists(st.dates(min_value=date(2015, 1, 1)), min_size=0, max_size=2))
    for name, day in zip(("conduct_date", "decision_date"), sorted(dates), strict=False):
        request[name] = day.isoformat()
    return request


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fine_requests())
def test_every_citation_points_at_an_existing_clause(corpus, request) -> None:
    status, output = run_json("fine", json.dumps(request))
    assert status in (0, 2), output
    for cite in citations_in(json.loads(output)):
        assert clause_exists(corpus, cite), cite


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
FIELD_NAMES = [
    "version",
    "article",
    "paragraph",
    "item",
    "tier",
    "offender",
    "illegal_gains",
    "procurement_amount",
    "conduct_date",
    "decision_date",
    "circumstances",
    "violations",
    "product",
    "specs",
    "sale_date",
]


def assert_clean(status: int, output: str) -> None:
    assert status in (0, 2), output  # 1 would be an internal error
    assert "Traceback" not in output
    result = json.loads(output)
    if status == 2:
        assert set(result["error"]) >= {"field", "message"}


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["fine", "certification"]), json_values)
def test_arbitrary_json_never_produces_a_traceback(command, value) -> None:
    assert_clean(*run_json(command, json.dumps(value)))


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["fine", "certification"]),
    st.dictionaries(
        st.sampled_from(FIELD_NAMES),
        json_values | st.integers(40, 90) | st.sampled_from(TIERS),
        max_size=6,
    ),
)
def test_arbitrary_values_in_known_fields_never_produce_a_traceback(command, value) -> None:
    assert_clean(*run_json(command, json.dumps(value)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_produces_a_traceback(text) -> None:
    assert_clean(*run_json("fine", text))
