"""Referrals say what their paragraph says and where it refers (CSL 2025 Art. 71, DSL art. 51),
and an article number outside a law is refused with that law's own range, not the CSL's."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from law_calculators import calculate_fine, run_json
from law_calculators.rules import CLAUSES

from tests.calculators.statute_corpus import CORPUS_FILES, parse_paragraphs


def _official_paragraph(law: str, version: str, article: int, paragraph: int) -> str:
    path = CORPUS_FILES[(law, version)]
    if not path.exists():
        pytest.skip(f"official text not found: {path}")
    return parse_paragraphs(path.read_text(encoding="utf-8"))[article][paragraph - 1]


def _messages(result: dict[str, Any]) -> list[tuple[str, str]]:
    parts = [*result.get("steps", []), *result.get("warnings", [])]
    for single in result.get("violations") or [result]:
        parts += single.get("steps", []) + single.get("warnings", [])
        if single.get("answer"):
            parts.append(single["answer"])
    return [(p["en"], p["zh"]) for p in parts]


REFERRALS = [
    clause for text in CLAUSES.values() for clause in text.values() if clause.kind == "referral"
]


# --- CSL 2025 Art. 71(2): the public security organ, under laws the paragraph does not name ------


def test_art_71_2_says_what_the_paragraph_says() -> None:
    official = _official_paragraph("csl", "2025", 71, 2)
    assert "由公安机关依照有关法律、行政法规的规定处罚" in official and "尚不构成犯罪" in official
    result = calculate_fine({"article": 71, "paragraph": 2})
    answer = result["answer"]
    assert answer["zh"].startswith("尚不构成犯罪的，由公安机关依照有关法律、行政法规的规定处罚")
    assert "本款未列明具体的法律、行政法规" in answer["zh"]
    assert answer["en"].startswith(
        "Where the conduct does not yet constitute a crime, the public security organ imposes "
        "punishment in accordance with the relevant laws and administrative regulations, which "
        "the paragraph does not name"
    )
    # PIPL art. 66 is imposed by the personal information protection departments, not by the
    # public security organ: the answer does not send that organ to it
    for en, zh in _messages(result):
        assert "Personal Information Protection Law" not in en and "PIPL" not in en
        assert "个人信息保护法" not in zh
    assert [law["law"] for law in answer["laws"]] == ["psapl"]
    assert ("pipl", 66) not in {(c["law"], c["article"]) for c in result["citations"]}


def test_art_71_2_beside_pipl_66_is_not_taken_as_its_referred_law() -> None:
    result = calculate_fine(
        {"violations": [{"article": 71, "paragraph": 2}, {"law": "pipl", "article": 66}]}
    )
    warning = next(w for w in result["warnings"] if w["code"] == "concurrence_with_referred_law")
    assert warning["en"].startswith(
        "CSL Art. 71(2) (2025) refers the conduct to the relevant laws and administrative "
        "regulations (among them: Public Security Administration Punishments Law of the PRC)."
    )
    assert "Computed here: PIPL art. 66" not in warning["en"]


# --- Art. 71(1): 法律、行政法规 in both languages -------------------------------------------------


@pytest.mark.parametrize("item", [1, 2, 3])
def test_art_71_1_names_laws_and_administrative_regulations_in_english_too(item) -> None:
    assert "有关法律、行政法规" in _official_paragraph("csl", "2025", 71, 1)
    answer = calculate_fine({"article": 71, "paragraph": 1, "item": item})["answer"]
    assert "法律、行政法规" in answer["zh"]
    assert "laws and administrative regulations" in answer["en"]


def test_art_71_1_ii_english_matches_the_chinese() -> None:
    answer = calculate_fine({"article": 71, "paragraph": 1, "item": 2})["answer"]
    assert "and other relevant laws and administrative regulations;" in answer["en"]
    assert "等有关法律、行政法规的规定处理、处罚" in answer["zh"]
    # the figures the English gives are in the Chinese as well
    assert "五千万元以下或者上一年度营业额百分之五以下" in answer["zh"]


@pytest.mark.parametrize("clause", REFERRALS, ids=[f"{c.text}:{c.ref}" for c in REFERRALS])
def test_every_referral_refers_to_laws_and_administrative_regulations(clause) -> None:
    """Every referral the rules hold reads 有关法律、行政法规 in the statute: its answer says so in
    both languages (the concurrence warning words every referral that way)."""
    official = _official_paragraph(clause.law, clause.version, clause.article, clause.paragraph)
    assert "有关法律、行政法规" in official
    assert clause.answer is not None
    assert "法律、行政法规" in clause.answer.zh
    assert "laws and administrative regulations" in clause.answer.en


# --- the concurrence warning of a referral: no empty parentheses ---------------------------------


def test_dsl_51_in_a_concurrence_says_it_names_no_law() -> None:
    assert "依照有关法律、行政法规的规定处罚" in _official_paragraph("dsl", "2021", 51, 1)
    result = calculate_fine(
        {
            "violations": [
                {"law": "dsl", "article": 51},
                {"law": "dsl", "article": 45, "paragraph": 1},
            ]
        }
    )
    warning = next(w for w in result["warnings"] if w["code"] == "concurrence_with_referred_law")
    assert warning["en"].startswith(
        "DSL Art. 51 refers the conduct to the relevant laws and administrative regulations, "
        "without naming any."
    )
    assert warning["zh"].startswith(
        "《数据安全法》第五十一条将该行为转致有关法律、行政法规，未列明具体的法律、行政法规。"
    )
    assert (
        "refers the conduct to the relevant laws and administrative regulations, whose fines"
        in (result["steps"][0]["en"])
    )
    assert "转致有关法律、行政法规，其罚款未全部计算" in result["steps"][0]["zh"]


@pytest.mark.parametrize("clause", REFERRALS, ids=[f"{c.text}:{c.ref}" for c in REFERRALS])
def test_no_referral_in_a_concurrence_prints_empty_parentheses(clause) -> None:
    referral = {"law": clause.law, "version": clause.version, "article": clause.article}
    referral |= {"paragraph": clause.paragraph, "item": clause.ref.item}
    other = {"law": "dsl", "article": 45, "paragraph": 1}
    # a date on which the referral's own text is in force
    conduct = "2025-02-01" if (clause.law, clause.version) == ("csl", "2016") else "2026-02-01"
    result = calculate_fine({"conduct_date": conduct, "violations": [referral, other]})
    assert any(w["code"] == "concurrence_with_referred_law" for w in result["warnings"])
    for en, zh in _messages(result):
        assert "()" not in en and "（）" not in zh, (en, zh)
        assert "other laws (" not in en and "其他法律（" not in zh


# --- an article outside the law asked for: that law's range --------------------------------------

RANGES = [
    # (input, field, the law's name in English and Chinese, its number of articles)
    ({"law": "dsl", "article": 99}, "article", ("the DSL", "《数据安全法》"), 55),
    ({"law": "dsl", "article": 56}, "article", ("the DSL", "《数据安全法》"), 55),
    ({"law": "dsl", "article": 0}, "article", ("the DSL", "《数据安全法》"), 55),
    ({"law": "pipl", "article": 99}, "article", ("the PIPL", "《个人信息保护法》"), 74),
    ({"law": "pipl", "article": 82}, "article", ("the PIPL", "《个人信息保护法》"), 74),
    ({"law": "pipl", "article": -1}, "article", ("the PIPL", "《个人信息保护法》"), 74),
    ({"article": 82}, "article", ("the 2025 text", "2025年文本"), 81),
    ({"version": "2016", "article": 80}, "article", ("the 2016 text", "2016年文本"), 79),
    (
        {"violations": [{"article": 61, "paragraph": 1}, {"law": "dsl", "article": 99}]},
        "violations[1].article",
        ("the DSL", "《数据安全法》"),
        55,
    ),
]


@pytest.mark.parametrize(("data", "field", "names", "count"), RANGES)
def test_an_article_outside_the_law_gives_that_laws_range(data, field, names, count) -> None:
    status, output = run_json("fine", json.dumps(data))
    assert status == 2
    error = json.loads(output)["error"]
    article = (data.get("violations") or [data])[-1]["article"]
    assert error["field"] == field
    assert error["message"] == f"{names[0]} has no Art. {article} (it has Arts. 1-{count})"
    assert error["message_zh"] == f"{names[1]}没有第{article}条（共{count}条）"
    assert "81" not in error["message"] or count == 81


@pytest.mark.skipif(sys.platform == "emscripten", reason="needs a subprocess")
def test_the_command_line_refuses_dsl_99_with_the_dsl_range() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "law_calculators", "fine"],
        input='{"law": "dsl", "article": 99}',
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"] == {
        "field": "article",
        "message": "the DSL has no Art. 99 (it has Arts. 1-55)",
        "message_zh": "《数据安全法》没有第99条（共55条）",
    }


def test_the_ranges_are_the_official_texts_own(corpus) -> None:
    counts = {key: max(articles) for key, articles in corpus.items()}
    assert counts[("dsl", "2021")] == 55 and counts[("pipl", "2021")] == 74
    assert counts[("csl", "2025")] == 81 and counts[("csl", "2016")] == 79


@pytest.mark.skipif(sys.platform == "emscripten", reason="needs a subprocess")
def test_help_states_each_laws_range_not_the_csls_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "law_calculators", "fine", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "article (integer, 1 to 81)" not in done.stdout
    flat = " ".join(done.stdout.split())
    assert "CSL 2025 1-81, CSL 2016 1-79, PIPL 1-74, DSL 1-55" in flat
    assert "《数据安全法》共55条" in flat


def test_a_paragraph_list_in_chinese_uses_the_enumeration_comma() -> None:
    status, output = run_json("fine", json.dumps({"law": "pipl", "article": 66, "paragraph": 3}))
    assert status == 2
    assert json.loads(output)["error"]["message_zh"].endswith("可选款：1、2")


# --- conduct before the PIPL or the DSL: the CSL is pointed to only where it was in force --------


@pytest.mark.parametrize(
    "data",
    [
        {"law": "pipl", "article": 66, "paragraph": 1, "conduct_date": "2016-01-01"},
        {"law": "dsl", "article": 45, "paragraph": 1, "conduct_date": "2012-01-01"},
        {"law": "pipl", "article": 66, "paragraph": 1, "decision_date": "2016-10-01"},
    ],
)
def test_conduct_before_the_csl_is_not_sent_to_the_csls_2016_text(data) -> None:
    result = calculate_fine(data)
    text = " ".join(en for en, _ in _messages(result))
    text_zh = "".join(zh for _, zh in _messages(result))
    assert "computes it in its 2016 text" not in text and "按其2016年文本计算" not in text_zh
    assert "the Cybersecurity Law does not, as it took effect only on 2017-06-01" in text
    assert "《网络安全法》自2017-06-01起施行" in text_zh


def test_conduct_after_the_csl_but_before_the_dsl_is_still_sent_to_the_csl() -> None:
    result = calculate_fine(
        {"law": "dsl", "article": 45, "paragraph": 1, "conduct_date": "2020-01-01"}
    )
    assert "computes it in its 2016 text" in " ".join(en for en, _ in _messages(result))
