"""Cross-references are found in both languages and resolve to provisions that exist."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Literal

import pytest
from annotated_law.law.crossrefs import Place, Reference, Target, find_references, unresolved
from annotated_law.law.model import Bilingual, Edition, LawVersion

type Summary = list[tuple[str, list[tuple[int, ...]], str]]


def address(target: Target) -> tuple[int, ...]:
    return tuple(n for n in (target.article, target.paragraph, target.item) if n is not None)


def summary(text: str, lang: Literal["zh", "en"], place: Place) -> Summary:
    """Each reference as (linked text, target addresses, pattern)."""
    return [
        (text[r.start : r.end], [address(t) for t in r.targets], r.pattern)
        for r in find_references(text, lang, place)
    ]


def texts(version: LawVersion) -> Iterator[tuple[Place, Bilingual]]:
    for article in version.articles:
        for paragraph in article.paragraphs:
            yield Place(article.number, paragraph.number), paragraph.text
            for item in paragraph.items:
                yield Place(article.number, paragraph.number, item.number), item.text


# --- patterns, on small strings ------------------------------------------------------------------

ZH_CASES: list[tuple[str, Place, Summary]] = [
    ("违反本法第二十五条规定", Place(63, 1), [("第二十五条", [(25,)], "article")]),
    (
        "违反本法第二十六条第一款规定",
        Place(64, 1),
        [("第二十六条第一款", [(26, 1)], "article-paragraph")],
    ),
    (
        "依照本法第二十三条第一款第二项规定",
        Place(5, 1),
        [("第二十三条第一款第二项", [(23, 1, 2)], "article-paragraph-item")],
    ),
    (
        "违反本法第二十四条第一款、第二款和第五十条第一款规定",
        Place(62, 1),
        [
            ("第二十四条第一款", [(24, 1)], "article-paragraph"),
            ("第二款", [(24, 2)], "article-paragraph"),
            ("第五十条第一款", [(50, 1)], "article-paragraph"),
        ],
    ),
    (
        "不履行本法第三十五条、第三十六条、第三十八条、第四十条规定的",
        Place(61, 2),
        [
            ("第三十五条", [(35,)], "article"),
            ("第三十六条", [(36,)], "article"),
            ("第三十八条", [(38,)], "article"),
            ("第四十条", [(40,)], "article"),
        ],
    ),
    (
        "违反本法第二十四条第三款、第四十三条至第四十五条规定",
        Place(71, 1, 2),
        [
            ("第二十四条第三款", [(24, 3)], "article-paragraph"),
            ("第四十三条至第四十五条", [(43,), (44,), (45,)], "article-range"),
        ],
    ),
    (
        "依照本法第二十条第一款至第三款",
        Place(5, 1),
        [("第二十条第一款至第三款", [(20, 1), (20, 2), (20, 3)], "article-paragraph-range")],
    ),
    ("知道其用户有前款规定行为的", Place(50, 2), [("前款", [(50, 1)], "preceding-paragraph")]),
    # in an item, 前款 is the paragraph before the item's paragraph
    ("前款", Place(70, 2, 1), [("前款", [(70, 1)], "preceding-paragraph")]),
    (
        "依照前两款规定处罚",
        Place(69, 3),
        [("前两款", [(69, 1), (69, 2)], "preceding-two-paragraphs")],
    ),
    (
        "有前款第一项、第二项行为，造成本法第六十一条第三款规定的后果的，依照该款规定处罚。",
        Place(62, 2),
        [
            ("前款第一项", [(62, 1, 1)], "preceding-paragraph-item"),
            ("第二项", [(62, 1, 2)], "preceding-paragraph-item"),
            ("第六十一条第三款", [(61, 3)], "article-paragraph"),
            ("该款", [(61, 3)], "that-paragraph"),
        ],
    ),
    (
        "本条第二款规定的期限届满，依照本条规定",
        Place(10, 3),
        [
            ("本条第二款", [(10, 2)], "this-article-paragraph"),
            ("本条", [(10,)], "this-article"),
        ],
    ),
    # bare numbers: the article in this Law, the paragraph in this article
    (
        "违反第三十条第二项规定",
        Place(5, 1),
        [("第三十条第二项", [(30, 1, 2)], "article-paragraph-item")],
    ),
    ("依照第二款规定", Place(10, 3), [("第二款", [(10, 2)], "paragraph")]),
]

EN_CASES: list[tuple[str, Place, Summary]] = [
    (
        "in violation of Article 25 of this Law, sells",
        Place(63, 1),
        [("Article 25", [(25,)], "article")],
    ),
    (
        "in violation of paragraph 1 of Article 26 of this Law",
        Place(64, 1),
        [("paragraph 1 of Article 26", [(26, 1)], "article-paragraph")],
    ),
    (
        "under item (2) of paragraph 1 of Article 23 of this Law",
        Place(5, 1),
        [("item (2) of paragraph 1 of Article 23", [(23, 1, 2)], "article-paragraph-item")],
    ),
    (
        "in violation of paragraphs 1 and 2 of Article 24 and paragraph 1 of Article 50 of this Law",
        Place(62, 1),
        [
            ("paragraphs 1", [(24, 1)], "article-paragraph"),
            ("2 of Article 24", [(24, 2)], "article-paragraph"),
            ("paragraph 1 of Article 50", [(50, 1)], "article-paragraph"),
        ],
    ),
    (
        "provided in Articles 35, 36, 38 and 40 of this Law, the",
        Place(61, 2),
        [
            ("Articles 35", [(35,)], "article"),
            ("36", [(36,)], "article"),
            ("38", [(38,)], "article"),
            ("40", [(40,)], "article"),
        ],
    ),
    (
        "in violation of paragraph 3 of Article 24 or Articles 43 to 45 of this Law;",
        Place(71, 1, 2),
        [
            ("paragraph 3 of Article 24", [(24, 3)], "article-paragraph"),
            ("Articles 43 to 45", [(43,), (44,), (45,)], "article-range"),
        ],
    ),
    (
        "under paragraphs 1 to 3 of Article 20",
        Place(5, 1),
        [
            (
                "paragraphs 1 to 3 of Article 20",
                [(20, 1), (20, 2), (20, 3)],
                "article-paragraph-range",
            )
        ],
    ),
    (
        "conduct specified in the preceding paragraph",
        Place(50, 2),
        [("preceding paragraph", [(50, 1)], "preceding-paragraph")],
    ),
    (
        "The preceding paragraph",
        Place(70, 2, 1),
        [("preceding paragraph", [(70, 1)], "preceding-paragraph")],
    ),
    (
        "in accordance with the preceding two paragraphs",
        Place(69, 3),
        [("preceding two paragraphs", [(69, 1), (69, 2)], "preceding-two-paragraphs")],
    ),
    (
        "in accordance with the two preceding paragraphs",
        Place(69, 3),
        [("two preceding paragraphs", [(69, 1), (69, 2)], "preceding-two-paragraphs")],
    ),
    (
        "Where conduct referred to in items (1) and (2) of the preceding paragraph causes the "
        "consequences provided in paragraph 3 of Article 61 of this Law, the party shall be "
        "punished in accordance with that paragraph.",
        Place(62, 2),
        [
            ("items (1)", [(62, 1, 1)], "preceding-paragraph-item"),
            ("(2) of the preceding paragraph", [(62, 1, 2)], "preceding-paragraph-item"),
            ("paragraph 3 of Article 61", [(61, 3)], "article-paragraph"),
            ("that paragraph", [(61, 3)], "that-paragraph"),
        ],
    ),
    (
        "the period in paragraph 2 of this Article; in accordance with this Article",
        Place(10, 3),
        [
            ("paragraph 2 of this Article", [(10, 2)], "this-article-paragraph"),
            ("this Article", [(10,)], "this-article"),
        ],
    ),
    (
        "in violation of item (2) of Article 30",
        Place(5, 1),
        [("item (2) of Article 30", [(30, 1, 2)], "article-paragraph-item")],
    ),
    ("under paragraph 2", Place(10, 3), [("paragraph 2", [(10, 2)], "paragraph")]),
]


@pytest.mark.parametrize(("text", "place", "expected"), ZH_CASES)
def test_chinese_pattern(text: str, place: Place, expected: Summary) -> None:
    assert summary(text, "zh", place) == expected


@pytest.mark.parametrize(("text", "place", "expected"), EN_CASES)
def test_english_pattern(text: str, place: Place, expected: Summary) -> None:
    assert summary(text, "en", place) == expected


@pytest.mark.parametrize(
    "text",
    [
        "依照《中华人民共和国行政处罚法》第三十二条、第三十三条第一款的规定",
        "依照该法第五条规定",
        "依照民法典第一百二十条规定",
        "本条例第三条",
        "该款项、该项目、前款项",
        "第十四届全国人民代表大会常务委员会第十八次会议",
        "违反本法规定，应当遵守本法和有关法律",
        "对来源于中华人民共和国境外的上述信息",
    ],
)
def test_chinese_non_references(text: str) -> None:
    assert find_references(text, "zh", Place(5, 2)) == []


@pytest.mark.parametrize(
    "text",
    [
        "under Article 32 of the Administrative Penalty Law of the People's Republic of China",
        "under Articles 5 and 6 of the Civil Code",
        "in accordance with their articles of association",
        "producing or selling prohibited or controlled articles",
        "liability shall be given in accordance with that Law.",
        "comply with the provisions of this Law",
        "at or above the county level",
    ],
)
def test_english_non_references(text: str) -> None:
    assert find_references(text, "en", Place(5, 2)) == []


@pytest.mark.parametrize(
    ("text", "lang", "place"),
    [
        ("依照该款规定处罚", "zh", Place(62, 2)),  # no paragraph cited before 该款
        ("in accordance with that paragraph", "en", Place(62, 2)),
        ("依照前款规定", "zh", Place(62, 1)),  # a first paragraph has no preceding one
        ("违反本法第四十五条至第四十三条规定", "zh", Place(71, 1)),  # reversed range
        ("in violation of Articles 45 to 43", "en", Place(71, 1)),
        ("依照本法第九十条规定", "zh", Place(71, 1)),
    ],
)
def test_references_without_a_target_are_reported(
    edition: Edition, text: str, lang: Literal["zh", "en"], place: Place
) -> None:
    references = find_references(text, lang, place)
    assert len(references) == 1
    assert unresolved(references, edition.law.versions["2025"]) == references


def test_unresolved_checks_article_paragraph_and_item(edition: Edition) -> None:
    def ref(target: Target) -> Reference:
        return Reference(0, 1, (target,), "test")

    version = edition.law.versions["2025"]
    good = [ref(Target(81)), ref(Target(61, 3)), ref(Target(62, 1, 2))]
    # no Article 82; Article 61 has three paragraphs; 61(1) has no items; 62(1) has no item 9
    bad = [ref(Target(82)), ref(Target(61, 4)), ref(Target(61, 1, 1)), ref(Target(62, 1, 9))]
    assert unresolved(good + bad, version) == bad


# --- the whole text -----------------------------------------------------------------------------


def all_references(version: LawVersion, lang: Literal["zh", "en"]) -> list[Reference]:
    return [
        r
        for place, text in texts(version)
        for r in find_references(getattr(text, lang), lang, place)
    ]


# spans per version, the same in both languages
REFERENCE_COUNTS = {"2025": 41, "2016": 30}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("version_id", ["2025", "2016"])
def test_every_reference_resolves(
    edition: Edition, version_id: Literal["2025", "2016"], lang: Literal["zh", "en"]
) -> None:
    version = edition.law.versions[version_id]
    references = all_references(version, lang)
    assert len(references) == REFERENCE_COUNTS[version_id]
    assert unresolved(references, version) == []


# what reads as a reference in the text; each must lie in a found reference's span
LOOKS_LIKE_REFERENCE = {
    "zh": re.compile(
        r"第[零一二三四五六七八九十百]+[条款项]|前[两二三四五]?款(?!项)|[本该][条款项](?![例项目])"
    ),
    "en": re.compile(
        r"\b(?:Articles?|paragraphs?|items?)\s+\(?\d"
        r"|preceding\s+(?:\w+\s+)?paragraphs?\b|\b(?:this|that)\s+(?:Article|paragraph|item)\b"
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("version_id", ["2025", "2016"])
def test_no_reference_is_missed(
    edition: Edition, version_id: Literal["2025", "2016"], lang: Literal["zh", "en"]
) -> None:
    missed = []
    for place, bilingual in texts(edition.law.versions[version_id]):
        text = getattr(bilingual, lang)
        spans = [(r.start, r.end) for r in find_references(text, lang, place)]
        for found in LOOKS_LIKE_REFERENCE[lang].finditer(text):
            if not any(start <= found.start() < end for start, end in spans):
                missed.append(f"{place}: {found[0]!r}")
    assert missed == []


@pytest.mark.parametrize("version_id", ["2025", "2016"])
def test_english_cites_what_the_chinese_cites(
    edition: Edition, version_id: Literal["2025", "2016"]
) -> None:
    # the translation keeps every reference precise; no exception has been needed
    differences = []
    for place, text in texts(edition.law.versions[version_id]):
        zh = Counter(t for r in find_references(text.zh, "zh", place) for t in r.targets)
        en = Counter(t for r in find_references(text.en, "en", place) for t in r.targets)
        if zh != en:
            differences.append(
                f"{place}: zh {sorted(zh.elements(), key=address)} en {sorted(en.elements(), key=address)}"
            )
    assert differences == []


def pattern_counts(
    edition: Edition, version_id: Literal["2025", "2016"], lang: Literal["zh", "en"]
) -> Counter[str]:
    return Counter(r.pattern for r in all_references(edition.law.versions[version_id], lang))


def test_pattern_counts_2025(edition: Edition) -> None:
    counts = pattern_counts(edition, "2025", "zh")
    print("\n2025 zh cross-references by pattern:", dict(counts.most_common()))
    assert counts == {
        "article": 18,
        "article-paragraph": 9,
        "preceding-paragraph": 7,
        "preceding-two-paragraphs": 2,
        "preceding-paragraph-item": 2,
        "that-paragraph": 2,
        "article-range": 1,
    }
    # one English span per Chinese span, of the same kind
    assert pattern_counts(edition, "2025", "en") == counts
