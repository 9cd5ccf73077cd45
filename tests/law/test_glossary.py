"""The glossary covers the defined and recurring terms, and the translation renders each one the same way."""

from __future__ import annotations

import re

import pytest
from annotated_law.law.model import Edition, TermLocation

from tests.conftest import LAWS

REQUIRED_TERMS = [
    "网络运营者",
    "关键信息基础设施",
    "关键信息基础设施的运营者",
    "网络关键设备",
    "网络安全专用产品",
    "个人信息",
    "重要数据",
    "直接负责的主管人员",
    "其他直接责任人员",
    "有关主管部门",
    "责令改正",
    "拒不改正",
    "情节严重",
    "违法所得",
    "没收违法所得",
    "责令暂停相关业务",
    "停业整顿",
    "关闭网站或者应用程序",
    "吊销相关业务许可证",
    "吊销营业执照",
    "拘留",
    "网信部门",
]


def test_required_terms_are_in_the_glossary(edition: Edition) -> None:
    terms = {t.zh for t in edition.glossary}
    assert not [t for t in REQUIRED_TERMS if t not in terms]


def test_every_definition_of_article_78_is_a_glossary_term(edition: Edition) -> None:
    definitions = edition.law.versions["2025"].article(78).paragraphs[0].items
    by_location = {t.defined_in: t for t in edition.glossary if t.defined_in}
    for item in definitions:
        term = by_location.get(TermLocation("2025", 78, 1, item.number))
        assert term is not None, f"Art. 78 item {item.number} has no glossary entry"
        # the item opens with the defined term: （三）网络运营者，是指…
        assert item.text.zh[len("（三）") :].startswith(term.zh + "，是指")


@pytest.mark.parametrize("law", LAWS)
def test_translation_renders_each_term_consistently(editions: dict[str, Edition], law: str) -> None:
    edition = editions[law]
    misses = []
    for term in edition.glossary:
        pattern = re.compile(term.match, re.IGNORECASE)
        excepted = {e.location for e in term.exceptions}
        for version in edition.law.versions.values():
            for article in version.articles:
                for paragraph in article.paragraphs:
                    places = [(paragraph.number, None, paragraph.text)]
                    places += [(paragraph.number, i.number, i.text) for i in paragraph.items]
                    for p_number, i_number, text in places:
                        where = TermLocation(version.id, article.number, p_number, i_number)
                        if (
                            term.zh in text.zh
                            and not pattern.search(text.en)
                            and where not in excepted
                        ):
                            misses.append(f"{term.zh} → {term.en!r} missing in {where}")
    assert misses == []


@pytest.mark.parametrize("law", LAWS)
def test_every_term_occurs_in_the_text(editions: dict[str, Edition], law: str) -> None:
    edition = editions[law]
    corpus = "".join(
        p.text.zh + "".join(i.text.zh for i in p.items)
        for v in edition.law.versions.values()
        for a in v.articles
        for p in a.paragraphs
    )
    assert [t.zh for t in edition.glossary if t.zh not in corpus] == []


def test_a_term_shared_by_laws_has_one_english_rendering(editions: dict[str, Edition]) -> None:
    """个人信息, 重要数据, 国家网信部门 … read the same in all three laws."""
    renderings: dict[str, dict[str, str]] = {}
    for law, edition in editions.items():
        for term in edition.glossary:
            renderings.setdefault(term.zh, {})[law] = term.en
    shared = {zh: by_law for zh, by_law in renderings.items() if len(by_law) > 1}
    assert {"个人信息", "重要数据", "国家网信部门", "违法所得", "直接负责的主管人员"} <= set(shared)
    assert {zh: by_law for zh, by_law in shared.items() if len(set(by_law.values())) > 1} == {}


def test_data_law_terms_are_in_their_glossaries(editions: dict[str, Edition]) -> None:
    pipl = {t.zh for t in editions["pipl"].glossary}
    dsl = {t.zh for t in editions["dsl"].glossary}
    assert {
        "个人信息",
        "敏感个人信息",
        "个人信息处理者",
        "履行个人信息保护职责的部门",
        "国家网信部门",
    } <= pipl
    assert {"数据", "数据处理", "数据安全", "重要数据", "国家核心数据", "数据处理活动"} <= dsl


def test_each_law_defines_personal_information_in_its_own_article(
    editions: dict[str, Edition],
) -> None:
    defined = {
        law: next(t.defined_in for t in e.glossary if t.zh == "个人信息")
        for law, e in editions.items()
        if any(t.zh == "个人信息" for t in e.glossary)
    }
    assert defined == {
        "csl": TermLocation("2025", 78, 1, 5),
        "pipl": TermLocation("2021", 4, 1),
    }
