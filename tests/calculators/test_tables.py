"""The Markdown tables rendered from the rules, and the docs page that receives the vectors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from law_calculators import tables
from law_calculators.datafiles import TEST_VECTORS
from law_calculators.rules import CLAUSES, VOCABULARY, text_key, tiers_of

DOCS = Path(__file__).parents[2] / "docs" / "calculators"


@pytest.mark.parametrize(
    ("version", "law"), [("2016", "csl"), ("2025", "csl"), ("2021", "pipl"), ("2021", "dsl")]
)
def test_penalty_table_has_every_clause_and_tier(version: str, law: str) -> None:
    table = tables.penalty_table_markdown(version, law=law)
    rows = [line for line in table.splitlines() if line.startswith("| Art.")]
    for clause in CLAUSES[text_key(law, version)].values():
        label = clause.citation().short_en
        if clause.kind in ("referral", "note"):
            assert f"**{label}**" in table
            continue
        for tier in tiers_of(clause):
            assert any(
                row.startswith(f"| {label} |") and f"| {tier_label(tier)}" in row for row in rows
            ), (label, tier)


def tier_label(tier: str) -> str:
    return VOCABULARY["tiers"][tier]["en"]


def test_penalty_table_shows_the_statutory_figures() -> None:
    table = tables.penalty_table_markdown("2025")
    assert "| Art. 61(3) | serious harm: 造成大量数据泄露" in table
    assert (
        "500,000–2,000,000" in table
        and "20,000–100,000; from illegal gains of 100,000: 1–5 × illegal gains" in table
    )
    assert "| directly responsible managers only | 10,000–100,000 |" in table  # Art. 62
    assert "1–10 × procurement amount" in table
    chinese = tables.penalty_table_markdown("2016", "zh")
    assert (
        "| 第五十九条第一款 | 加重情形：拒不改正或者导致危害网络安全等后果 | 直接负责的主管人员 | 5,000–50,000 |"
        in chinese
    )
    with pytest.raises(ValueError):
        tables.penalty_table_markdown("2017")


def test_comparison_table_sets_2016_against_2025() -> None:
    table = tables.penalty_comparison_markdown()
    assert "| Art. 59(1) | aggravated |" in table
    assert "heavier in 2025" in table and "same" in table
    assert "referred to other laws" in table  # 2016 Art. 64 -> 2025 Art. 71
    assert "| — | — | — | Art. 63 |" in table  # new in 2025
    assert "2025年较重" in tables.penalty_comparison_markdown("zh")


def test_vectors_table_lists_every_vector() -> None:
    table = tables.test_vectors_markdown()
    for vector in TEST_VECTORS["vectors"]:
        assert f"| {vector['id']} |" in table


@pytest.mark.skipif(sys.platform == "emscripten", reason="the docs are not shipped with the wheel")
def test_docs_page_carries_the_marker_for_the_vectors_table() -> None:
    page = (DOCS / "test-vectors.md").read_text(encoding="utf-8")
    assert "<!-- law-calculators:test-vectors -->" in page.splitlines()


def test_tables_carry_the_corrections_of_rules_version_2026_2() -> None:
    """Issue 13: the generated tables follow the corrected rules data."""
    table = tables.penalty_table_markdown("2025")
    serious_65 = [
        row
        for row in table.splitlines()
        if row.startswith(
            ("| Art. 65(1) | serious", "| Art. 65(1) | particularly", "| Art. 65(2) |")
        )
    ]
    assert len(serious_65) == 8
    assert not [row for row in serious_65 if "suspension" in row or "revocation" in row]
    assert "circulate a notice (予以通报; treated as 通报批评 — editors' reading)" in table
    assert "notice of criticism" not in table
    row_69_2 = next(
        row
        for row in table.splitlines()
        if row.startswith("| Art. 69(2) | particularly serious") and "entity" in row
    )
    assert "one of (suspension of the related business" in row_69_2 and "may:" not in row_69_2
    chinese_2016 = tables.penalty_table_markdown("2016", "zh")
    assert (
        "| 第六十四条第一款 | 一般情形 | 直接负责的主管人员和其他直接责任人员 | 10,000–100,000 |"
        in chinese_2016
    )
    assert "没收违法所得；责令改正；可以：警告 |" in chinese_2016
    comparison = tables.penalty_comparison_markdown()
    row_75 = next(row for row in comparison.splitlines() if row.startswith("| Art. 75 |"))
    assert "Widened in 2025" in row_75 and not row_75.endswith("| same |")
    assert "2025年文本扩大了适用范围" in tables.penalty_comparison_markdown("zh")


def test_tables_of_the_pipl_and_the_dsl() -> None:
    """The law is passed as law= (default csl) or, for page markers, as "pipl-2021"."""
    pipl = tables.penalty_table_markdown("2021", law="pipl")
    assert pipl == tables.penalty_table_markdown("pipl-2021")
    assert tables.penalty_table_markdown("2025") == tables.penalty_table_markdown("2025", law="csl")
    assert (
        "| Art. 66(2) | aggravated: 情节严重 | entity / individual | up to 50,000,000 or up to 5% "
        "of the previous year's turnover (the higher cap is taken as the top: editors' reading) |"
        in pipl
    )
    assert (
        "| Art. 66(1) | base case | directly responsible managers and other directly responsible persons | 10,000–100,000 |"
        in pipl
    )
    assert "may: ban, for a period, from serving as director" in pipl
    assert "**Art. 67**" in pipl and "**Art. 71**" in pipl
    chinese = tables.penalty_table_markdown("pipl-2021", "zh")
    assert "50,000,000以下或者上一年度营业额百分之五以下" in chinese
    dsl = tables.penalty_table_markdown("dsl-2021", "zh", 47)
    assert "100,000–1,000,000；违法所得100,000以上的，违法所得1倍以上10倍以下" in dsl
    assert "**转致与提示**" not in dsl
    assert "| 第四十五条第二款 | 一般情形 | 单位 / 个人 | 2,000,000–10,000,000 |" in (
        tables.penalty_table_markdown("dsl-2021", "zh")
    )
    for bad in (("2021", "csl"), ("2025", "pipl"), ("2021", "gdpr"), ("pipl-2025", "csl")):
        with pytest.raises(ValueError):
            tables.penalty_table_markdown(bad[0], law=bad[1])
    with pytest.raises(ValueError):
        tables.penalty_table_markdown("pipl-2021", article=61)


def test_the_serious_tiers_of_art_62_1_say_they_reach_items_i_and_ii_only() -> None:
    """Art. 62(2) sends only items (i) and (ii) of paragraph 1 to Art. 61(3); item (iii), ending
    security maintenance, has no serious-harm tier (the calculator refuses it)."""
    for lang, first, only in (
        ("en", "| Art. 62(1) |", "(items (i) and (ii) only) → Art. 62(2)"),
        ("zh", "| 第六十二条第一款 |", "（仅第一项、第二项） → 第六十二条第二款"),
    ):
        rows = tables.penalty_table_markdown("2025", lang, 62).splitlines()
        serious = [r for r in rows if r.startswith(first) and "→" in r]
        assert len(serious) == 4 and all(only in r for r in serious), serious
    # no other clause of the three laws is marked so: their tiers reach all their items
    for law, versions in (("csl", ("2025", "2016")), ("pipl", ("2021",)), ("dsl", ("2021",))):
        for version in versions:
            text = tables.penalty_table_markdown(version, "en", law=law)
            assert text.count(" only) →") == (4 if (law, version) == ("csl", "2025") else 0)
