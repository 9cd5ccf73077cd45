"""Commentary: present for every article in both languages, same sections, links that resolve."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from annotated_law import DataError
from annotated_law.law.commentary import load_commentary, render_commentary
from annotated_law.law.crossrefs import Place, find_references
from annotated_law.law.model import Article, Edition
from law_calculators import run_json
from law_calculators.schema import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA

from tests.conftest import ROOT, SITE_DATA

COMMENTARY = SITE_DATA / "csl" / "commentary" / "2025"
SCHEMAS = {"fine": FINE_INPUT_SCHEMA, "certification": CERTIFICATION_INPUT_SCHEMA}
FULL = {3, 19, 20, 42, 61, 62, 63, 64, 65, 67, 69, 70, 71, 73, 77, *range(23, 30), *range(33, 61)}
FULL_SECTIONS = (
    "summary",
    "requirements",
    "changes-2025",
    "implications",
    "other-laws",
    "related",
    "sources",
)


@pytest.fixture(scope="module")
def laws(editions):
    """Every law of the edition: commentary links may reach any of them."""
    return {law: e.law for law, e in editions.items()}


@pytest.fixture(scope="module")
def commentary(edition: Edition, laws):
    return load_commentary(COMMENTARY, edition.law, ROOT, laws)


def test_every_article_has_commentary_in_both_languages(edition: Edition, commentary) -> None:
    missing = [
        (a.number, lang)
        for a in edition.law.versions["2025"].articles
        for lang in ("en", "zh")
        if (a.number, lang) not in commentary
    ]
    assert missing == []


def test_both_languages_have_the_same_sections(edition: Edition, commentary) -> None:
    for article in edition.law.versions["2025"].articles:
        en, zh = commentary[(article.number, "en")], commentary[(article.number, "zh")]
        assert en.section_ids == zh.section_ids, article.number
        assert en.depth == zh.depth, article.number
        assert {"summary", "related", "sources"} <= set(en.section_ids), article.number


def test_important_articles_get_full_treatment(commentary) -> None:
    for number in sorted(FULL):
        entry = commentary[(number, "en")]
        assert entry.depth == "full", number
        assert set(FULL_SECTIONS) <= set(entry.section_ids), (number, entry.section_ids)


def test_penalty_articles_have_a_worked_example_linking_the_calculator(commentary) -> None:
    for number in range(61, 71):
        for lang in ("en", "zh"):
            entry = commentary[(number, lang)]
            assert "example" in entry.section_ids, (number, lang)
            assert "](calc:fine?" in entry.body, (number, lang)


def test_every_commentary_lists_sources(commentary) -> None:
    assert all(entry.sources for entry in commentary.values())


def test_commentary_for_a_missing_article_is_refused(
    tmp_path: Path, edition: Edition, laws
) -> None:
    folder = tmp_path / "site_data" / "csl" / "commentary" / "2025"
    shutil.copytree(COMMENTARY, folder)
    text = (folder / "081.en.md").read_text(encoding="utf-8").replace("article: 81", "article: 82")
    (folder / "082.en.md").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_commentary(folder, edition.law, tmp_path, laws)
    assert [str(p) for p in caught.value.problems] == [
        "site_data/csl/commentary/2025/082.en.md:2: commentary for article 82, which does not exist in the 2025 text (it has 81 articles)"
    ]


def test_a_link_to_a_missing_clause_is_refused(tmp_path: Path, edition: Edition, laws) -> None:
    folder = tmp_path / "site_data" / "csl" / "commentary" / "2025"
    shutil.copytree(COMMENTARY, folder)
    path = folder / "061.en.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    body_start = lines.index("---", 1) + 1
    lines.insert(body_start + 1, "See [Art. 61(4)](csl:2025/61#p4) and [Art. 99](csl:2025/99).")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_commentary(folder, edition.law, tmp_path, laws)
    line = body_start + 2
    assert [str(p) for p in caught.value.problems] == [
        f"site_data/csl/commentary/2025/061.en.md:{line}: link to 2025 Art. 61 #p4, which does not exist",
        f"site_data/csl/commentary/2025/061.en.md:{line}: link to 2025 article 99, which does not exist",
    ]


def _presets() -> list[tuple[str, str, str]]:
    """(file, calculator, query) of every calculator link in commentary and guides."""
    files = [*COMMENTARY.glob("*.md"), *(ROOT / "docs").rglob("*.md")]
    return [
        (path.name, match[1], match[2] or "")
        for path in files
        for match in re.finditer(
            r"calc:(fine|certification)\??([^)\s`]*)", path.read_text(encoding="utf-8")
        )
    ]


def test_every_calculator_link_is_a_scenario_the_calculator_accepts() -> None:
    """The worked examples open the calculator preset: every field must exist and the
    calculator must answer the preset without an input error."""
    presets = _presets()
    assert len(presets) >= 20
    for name, command, query in presets:
        if not query:
            continue
        fields = {f.name: f for f in SCHEMAS[command].fields}
        data: dict[str, object] = {}
        for key, value in parse_qsl(query):
            assert key in fields, f"{name}: unknown calculator field {key!r} in {query}"
            kind = fields[key].type
            data[key] = (
                int(value)
                if kind == "integer"
                else float(value)
                if kind == "number"
                else value.split(",")
                if kind == "array"
                else value
            )
        status, output = run_json(command, json.dumps(data))
        assert status == 0, f"{name}: {query} → {output}"


_LINK = re.compile(r"\[([^\]]*)\]\(calc:fine\?([^)\s]*)\)")
# general provisions of Chapter VI that apply to every penalty: their commentary may work
# an example under any penalty article
_GENERAL = {73}


def _cited(article: Article) -> set[int]:
    """Articles of the same version the article's Chinese text refers to."""
    return {
        target.article
        for paragraph in article.paragraphs
        for text in (paragraph.text.zh, *(item.text.zh for item in paragraph.items))
        for ref in find_references(text, "zh", Place(article.number, paragraph.number))
        for target in ref.targets
    }


def _related(edition: Edition, number: int, version: str) -> set[int]:
    """Articles of `version` a worked example on 2025 Art. `number` may compute: the article
    itself (or its 2016 predecessor), the penalty articles that enforce it, those it cites."""
    law = edition.law.versions
    own = {number} if version == "2025" else set(law["2025"].article(number).predecessors)
    related = set(own)
    for article in law[version].articles:  # type: ignore[index]
        if own & _cited(article):
            related.add(article.number)
    for number_ in own:
        related |= _cited(law[version].article(number_))  # type: ignore[index]
    return related


def test_calculator_links_compute_the_article_they_sit_on(edition: Edition, commentary) -> None:
    """A worked example on Art. N opens the calculator on Art. N, a penalty for Art. N's duty or a
    provision Art. N cites; a link labelled for an entity or an individual presets that offender."""
    wrong = []
    for entry in commentary.values():
        number = entry.article
        for label, query in _LINK.findall(entry.body):
            fields = dict(parse_qsl(query))
            version, article = fields.get("version", "2025"), int(fields["article"])
            if number not in _GENERAL and article not in _related(edition, number, version):
                wrong.append(f"{entry.file}: {label!r} computes {version} Art. {article}")
            lowered = label.lower()
            for words, offender in (
                (("individual", "个人"), "individual"),
                (("entit", "单位"), "entity"),
            ):
                if any(w in lowered for w in words) and fields.get("offender") != offender:
                    wrong.append(
                        f"{entry.file}: {label!r} presets offender={fields.get('offender')}"
                    )
    assert wrong == []


def test_the_review_note_says_what_was_checked_and_how_current_the_sources_are(
    edition: Edition, laws
) -> None:
    src = "law/csl/2025/article-65.md"
    shown = render_commentary(load_commentary(COMMENTARY, edition.law, ROOT, laws), 65, src)
    entry = load_commentary(COMMENTARY, edition.law, ROOT, laws)[(65, "en")]
    newest = max(re.findall(r"\d{4}-\d{2}-\d{2}", " ".join(entry.sources)))
    assert f"Checked against the statute text on {entry.reviewed}." in shown
    assert f"The newest source cited is dated {newest}" in shown
    assert f"所引资料最新日期为{newest}" in shown


def test_a_source_dated_after_the_review_is_refused(tmp_path: Path, edition: Edition, laws) -> None:
    folder = tmp_path / "site_data" / "csl" / "commentary" / "2025"
    shutil.copytree(COMMENTARY, folder)
    path = folder / "061.en.md"
    text = re.sub(r"reviewed: \S+", "reviewed: 2025-01-01", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_commentary(folder, edition.law, tmp_path, laws)
    [problem] = caught.value.problems
    assert str(problem).startswith(
        "site_data/csl/commentary/2025/061.en.md:2: a source is dated 20"
    )
    assert "after the review date 2025-01-01" in str(problem)


DATA_LAW_FULL = {
    "pipl": {13, 14, *range(28, 33), *range(38, 44), *range(51, 60), *range(66, 72)},
    "dsl": {21, *range(27, 32), 35, 36, *range(44, 53)},
}
DATA_LAW_FULL_SECTIONS = (
    "summary",
    "requirements",
    "implications",
    "other-laws",
    "related",
    "sources",
)


@pytest.mark.parametrize("law", ["pipl", "dsl"])
def test_every_data_law_article_has_commentary_in_both_languages_with_the_same_sections(
    laws, law: str
) -> None:
    found = load_commentary(SITE_DATA / law / "commentary" / "2021", laws[law], ROOT, laws)
    for article in laws[law].current.articles:
        en, zh = found[(article.number, "en")], found[(article.number, "zh")]
        assert en.section_ids == zh.section_ids, (law, article.number)
        assert en.depth == zh.depth, (law, article.number)
        assert {"summary", "related", "sources"} <= set(en.section_ids), (law, article.number)
        assert "changes-2025" not in en.section_ids  # the data laws were not amended
        if article.number in DATA_LAW_FULL[law]:
            assert en.depth == "full", (law, article.number)
            assert set(DATA_LAW_FULL_SECTIONS) <= set(en.section_ids), (law, article.number)


def test_a_commentary_link_is_the_html_markdown_and_mkdocs_would_make_of_it() -> None:
    import markdown
    from annotated_law.law.commentary import _resolve_links

    src = "law/csl/2025/article-61.md"
    body = "See [Art. 23 *para.* 1](csl:2025/23#p1) and [the calculator](calc:fine?offender=entity&a=1)."
    html = markdown.markdown(_resolve_links(body, src))
    assert html == (
        '<p>See <a href="../article-23/#p1">Art. 23 <em>para.</em> 1</a> and '
        '<a href="../../../../calculators/fine/?offender=entity&amp;a=1">the calculator</a>.</p>'
    )
