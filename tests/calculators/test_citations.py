"""Every citation the calculators produce points at a clause that exists in the official texts."""

from __future__ import annotations

import json
import re

from law_calculators import run_json
from law_calculators.citations import Citation
from law_calculators.datafiles import STRUCTURE, TEST_VECTORS
from law_calculators.rules import CLAUSES

from tests.calculators.statute_corpus import (
    CORPUS_FILES,
    citations_in,
    clause_exists,
    parse_statute,
)


def test_structure_table_matches_the_official_texts(corpus) -> None:
    for (law, version), path in CORPUS_FILES.items():
        expected = {str(a): items for a, items in parse_statute(path).items()}
        assert STRUCTURE[f"{law}/{version}"] == expected, (
            f"regenerate data/structure.json for {law}/{version}"
        )


def test_every_rule_clause_exists(corpus) -> None:
    for version, clauses in CLAUSES.items():
        for clause in clauses.values():
            for item in clause.items or (None,):
                assert clause_exists(corpus, clause.item_citation(item).as_dict()), (
                    version,
                    clause.ref,
                    item,
                )


def test_every_vector_rests_on_existing_clauses(corpus) -> None:
    for vector in TEST_VECTORS["vectors"]:
        assert vector["rests_on"], vector["id"]
        for cite in vector["rests_on"]:
            assert clause_exists(corpus, cite), (vector["id"], cite)


def test_every_citation_in_every_vector_result_exists(corpus) -> None:
    for vector in TEST_VECTORS["vectors"]:
        text = vector.get("input_text") or json.dumps(vector["input"])
        _, output = run_json(vector["command"], text)
        for cite in citations_in(json.loads(output)):
            assert clause_exists(corpus, cite), (vector["id"], cite)


def test_url_paths_follow_the_site_scheme() -> None:
    pattern = re.compile(r"^law/(csl/(2016|2025)|pipl/2021|dsl/2021)/article-\d+/(#p\d+(-i\d+)?)?$")
    for clauses in CLAUSES.values():
        for clause in clauses.values():
            for item in clause.items or (None,):
                url = clause.item_citation(item).url
                assert url and pattern.match(url), url
                assert url.startswith(
                    f"law/{clause.law}/{clause.version}/article-{clause.article}/"
                )
    assert Citation("apl", "2021", 37).url is None
    assert Citation("pipl", "2021", 66, 2).url == "law/pipl/2021/article-66/#p2"
    assert Citation("dsl", "2021", 47, 1).url == "law/dsl/2021/article-47/#p1"


def test_citation_strings() -> None:
    cases = {
        ("csl", "2025", 61, 3, None): (
            "《中华人民共和国网络安全法》（2025年修正）第六十一条第三款",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 61(3)",
            "law/csl/2025/article-61/#p3",
        ),
        ("csl", "2025", 62, 1, 2): (
            "《中华人民共和国网络安全法》（2025年修正）第六十二条第一款第二项",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 62(1)(ii)",
            "law/csl/2025/article-62/#p1-i2",
        ),
        ("csl", "2025", 63, 1, None): (
            "《中华人民共和国网络安全法》（2025年修正）第六十三条",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 63",
            "law/csl/2025/article-63/#p1",
        ),
        ("csl", "2025", 70, 1, 2): (
            "《中华人民共和国网络安全法》（2025年修正）第七十条第二项",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 70(ii)",
            "law/csl/2025/article-70/#p1-i2",
        ),
        ("csl", "2016", 59, 1, None): (
            "《中华人民共和国网络安全法》（2016年）第五十九条第一款",
            "Cybersecurity Law of the PRC (2016), Art. 59(1)",
            "law/csl/2016/article-59/#p1",
        ),
        ("apl", "2021", 33, 2, None): (
            "《中华人民共和国行政处罚法》第三十三条第二款",
            "Administrative Penalty Law of the PRC, Art. 33(2)",
            None,
        ),
        ("apl", "2021", 32, 1, 4): (
            "《中华人民共和国行政处罚法》第三十二条第四项",
            "Administrative Penalty Law of the PRC, Art. 32(iv)",
            None,
        ),
        ("apl", "2021", 32, 1, 5): (
            "《中华人民共和国行政处罚法》第三十二条第五项",
            "Administrative Penalty Law of the PRC, Art. 32(v)",
            None,
        ),
        ("apl", "2021", 28, 2, None): (
            "《中华人民共和国行政处罚法》第二十八条第二款",
            "Administrative Penalty Law of the PRC, Art. 28(2)",
            None,
        ),
        ("apl", "2021", 9, 1, 1): (
            "《中华人民共和国行政处罚法》第九条第一项",
            "Administrative Penalty Law of the PRC, Art. 9(i)",
            None,
        ),
    }
    for key, (zh, en, url) in cases.items():
        cite = Citation(*key)
        assert (cite.zh, cite.en, cite.url) == (zh, en, url)
        assert cite.exists()
    assert not Citation("csl", "2025", 82).exists()
    assert not Citation("csl", "2025", 62, 1, 4).exists()


def test_the_entry_into_force_of_each_law_is_its_last_article(corpus) -> None:
    """in_force in rules-pipl-2021.toml and rules-dsl-2021.toml is the day the text's last
    article names (本法自……起施行)."""
    from law_calculators.rules import TEXTS

    for text in TEXTS.values():
        if text.law == "csl":
            continue
        assert text.in_force is not None
        source = CORPUS_FILES[(text.law, text.version)].read_text(encoding="utf-8")
        last = source.strip().splitlines()[-1]
        day = text.in_force
        assert last.endswith(f"本法自{day.year}年{day.month}月{day.day}日起施行。"), last
        assert str(len(corpus[(text.law, text.version)])) in STRUCTURE[f"{text.law}/{text.version}"]
