"""Properties that must hold for every input, checked with hypothesis."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from law_calculators import run_json
from law_calculators.mitigation import mitigate
from law_calculators.penalties import SERIOUS_HARM, Outcome, evaluate
from law_calculators.rules import CIRCUMSTANCES, CLAUSES, MEASURES, TIERS, Clause, Ref, tiers_of

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
    money = {"illegal_gains": gains, "procurement_amount": procurement, "annual_turnover": gains}
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
    st.sampled_from(["illegal_gains", "procurement_amount", "annual_turnover"]),
)
def test_outcomes_never_shrink_as_amounts_grow(situation, tier, a, b, which) -> None:
    """Over positive amounts. At zero the 2016 text's own rule differs: 2016 Art. 64 caps the fine at
    RMB 1,000,000 without illegal gains but at 10 times the gains with any gains at all."""
    clause, item, offender = situation
    if tier not in tiers_of(clause, item):
        return
    small, large = sorted((a, b))
    base = {"illegal_gains": Decimal(1), "procurement_amount": Decimal(1), "annual_turnover": None}
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
        clause,
        item,
        tier,
        offender,
        {"illegal_gains": gains, "procurement_amount": gains, "annual_turnover": gains},
    ).outcomes
    mitigated = mitigate(unmitigated, codes, clause.version, clause.law)
    assert not no_more_than(mitigated.outcomes, unmitigated)


PIPL_66_2 = CLAUSES["pipl/2021"][Ref(66, 2)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal(10**12), places=2)))
def test_pipl_66_2_shows_both_caps_and_takes_the_higher(turnover) -> None:
    """PIPL art. 66(2): 五千万元以下或者上一年度营业额百分之五以下. Both caps are shown; the higher is the
    top of the exposure (editors' reading); without the turnover only the fixed cap can be."""
    (entity,) = [
        o
        for o in evaluate(
            PIPL_66_2, None, "aggravated", "entity", {"annual_turnover": turnover}
        ).outcomes
        if o.party == "entity"
    ]
    assert entity.fine is not None and entity.fine.caps is not None
    caps = entity.fine.caps
    assert caps.fixed == 50_000_000 and caps.percent == 5
    if turnover is None:
        assert caps.turnover_cap is None and entity.fine.max == 50_000_000
    else:
        assert caps.turnover_cap == turnover * 5 / 100
        assert entity.fine.max == max(Decimal(50_000_000), turnover * 5 / 100)
    assert entity.fine.min == 0 and not entity.fine.discretionary


def test_every_pipl_and_dsl_figure_is_written_in_the_official_text(corpus) -> None:
    """Each fine figure of the new rules appears, in Chinese numerals, in its own paragraph."""
    from tests.calculators.statute_corpus import CORPUS_FILES

    def words(amount: Decimal) -> str:
        yuan = int(amount)
        units = [(10**7, "千万"), (10**6, "百万"), (10**5, "十万"), (10**4, "万")]
        for size, word in units:
            if yuan % size == 0 and yuan // size < 10:
                digit = "一二三四五六七八九"[yuan // size - 1]
                return ("" if word == "十万" and digit == "一" else digit) + word + "元"
        raise AssertionError(amount)

    for law in ("pipl", "dsl"):
        text = CORPUS_FILES[(law, "2021")].read_text(encoding="utf-8")
        for clause in CLAUSES[f"{law}/2021"].values():
            for tier in clause.tiers.values():
                for party in (tier.offender, tier.responsible_persons):
                    if party is None or party.fine is None or party.fine.range is None:
                        continue
                    low, high = party.fine.range
                    figures = [words(high) + "以下"] if low == 0 else [words(low) + "以上"]
                    figures += [] if low == 0 else [words(high) + "以下"]
                    line = _paragraph(text, clause.article, clause.paragraph)
                    for figure in figures:
                        assert figure in line, (law, clause.ref, figure)
                    if party.fine.turnover_percent is not None:
                        assert "上一年度营业额百分之五以下" in line


def _paragraph(text: str, article: int, paragraph: int) -> str:
    from tests.calculators.statute_corpus import parse_paragraphs

    return parse_paragraphs(text)[article][paragraph - 1]


@st.composite
def cross_law_violations(draw) -> list[dict[str, Any]]:
    """Two penalty clauses of two different laws, with a tier each."""
    laws = draw(st.sampled_from([("csl", "pipl"), ("csl", "dsl"), ("pipl", "dsl")]))
    out = []
    for law in laws:
        clause = draw(
            st.sampled_from([c for c in PENALTY_CLAUSES if c.law == law and c.kind == "penalty"])
        )
        item = draw(st.sampled_from(clause.items)) if clause.items else clause.ref.item
        entry: dict[str, Any] = {
            "law": law,
            "version": clause.version,
            "article": clause.article,
            "paragraph": clause.paragraph,
            "tier": draw(st.sampled_from(tiers_of(clause, item))),
        }
        if item is not None:
            entry["item"] = item
        out.append(entry)
    return out


@settings(max_examples=200, deadline=None)
@given(cross_law_violations(), st.integers(0, 10**8), st.integers(0, 10**10))
def test_across_laws_the_higher_fine_governs(violations, gains, turnover) -> None:
    """APL art. 29 across laws: the governing fine on the offender is the highest of the
    violations' own (unmitigated) fines, whichever law sets it."""
    request = {
        "violations": violations,
        "illegal_gains": gains,
        "procurement_amount": 1_000_000,
        "annual_turnover": turnover,
    }
    status, output = run_json("fine", json.dumps(request))
    assert status in (0, 2), output
    if status == 2:
        return
    result = json.loads(output)

    def top(outcomes: list[dict[str, Any]]) -> float:
        fines = [
            o["fine"]["max"] for o in outcomes if o["party"] != "responsible_persons" and o["fine"]
        ]
        return max(fines, default=-1)

    own = [top(v["outcomes"]) for v in result["violations"]]
    governing = result["governing_violation"]
    assert own[governing] == max(own)
    assert result["law"] == violations[governing]["law"]
    if max(own) >= 0:
        assert top(result["outcomes"]) == max(own)


@st.composite
def fine_requests(draw) -> dict[str, Any]:
    """Valid-looking requests over every clause, with dates, amounts and circumstances."""
    clause, item, offender = draw(situations([c for v in CLAUSES.values() for c in v.values()]))
    request: dict[str, Any] = {
        "law": clause.law,
        "annual_turnover": draw(st.integers(0, 10**10)),
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
    "law",
    "annual_turnover",
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
