"""Citation strings, anchors and relative links."""

import pytest
from annotated_law.law import citations
from annotated_law.law.links import markdown_href, page_url, relative, relative_src
from annotated_law.law.model import Edition


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ("2025", 61, 3),
            "《中华人民共和国网络安全法》（2025年修正）第六十一条第三款",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 61(3)",
        ),
        (
            ("2025", 62, 1, 2),
            "《中华人民共和国网络安全法》（2025年修正）第六十二条第一款第二项",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 62(1)(ii)",
        ),
        (
            ("2016", 59),
            "《中华人民共和国网络安全法》（2016年）第五十九条",
            "Cybersecurity Law of the PRC (2016), Art. 59",
        ),
        (
            ("2025", 10, 1),
            "《中华人民共和国网络安全法》（2025年修正）第十条第一款",
            "Cybersecurity Law of the PRC (as amended 2025), Art. 10(1)",
        ),
    ],
)
def test_citation_strings(edition: Edition, args: tuple, zh: str, en: str) -> None:
    assert citations.citation_zh(edition.law, *args) == zh
    assert citations.citation_en(edition.law, *args) == en


def test_anchors_and_paths() -> None:
    assert citations.anchor(3) == "p3"
    assert citations.anchor(1, 2) == "p1-i2"
    assert citations.clause_path("csl", "2025", 62, 1, 2) == "law/csl/2025/article-62/#p1-i2"
    assert citations.clause_path("csl", "2016", 59) == "law/csl/2016/article-59/"


def test_relative_links_work_under_any_sub_path() -> None:
    assert page_url("law/csl/2025/article-61.md") == "law/csl/2025/article-61/"
    assert page_url("law/csl/index.md") == "law/csl/"
    assert (
        relative("law/csl/2025/article-61.md", "law/csl/2025/article-23/#p1") == "../article-23/#p1"
    )
    assert relative("law/csl/2025/article-61.md", "law/csl/2025/article-61/#p2") == "#p2"
    assert (
        relative("law/csl/2025/article-61.md", "law/csl/2016/article-59/")
        == "../../2016/article-59/"
    )
    assert relative("index.md", "law/csl/") == "law/csl/"
    assert (
        relative_src("law/csl/2025/article-61.md", "calculators/fine.md")
        == "../../../calculators/fine.md"
    )


def test_an_html_link_has_the_href_mkdocs_gives_the_markdown_link() -> None:
    from mkdocs.utils import get_relative_url

    pages = ["law/csl/2025/article-61.md", "law/pipl/2021/article-3.md", "calculators/fine.md"]
    pages += ["law/csl/index.md", "law/csl/2016/article-59.md", "guides/roles.md"]
    for here in pages:
        for there in pages:
            assert markdown_href(here, there) == get_relative_url(page_url(there), page_url(here))
    assert markdown_href(pages[0], pages[0], fragment="p2") == "./#p2"
    assert (
        markdown_href(pages[0], "calculators/fine.md", "offender=entity&amount=1")
        == "../../../../calculators/fine/?offender=entity&amount=1"
    )
