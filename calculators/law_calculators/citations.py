"""Citations of statute clauses: the Chinese and English citation strings and the site URL path.

Conventions (documented in docs/calculators/interface.md):
- Chinese follows legislative drafting practice: 第六十一条第三款, 第六十二条第一款第二项; an
  article with a single paragraph is cited without 第一款 (第六十三条, 第七十条第一项).
- English mirrors it: Art. 61(3), Art. 62(1)(ii); single paragraph: Art. 63, Art. 70(i).
- URL paths exist for the laws whose articles are pages of the site (`site` in vocabulary.toml:
  the Cybersecurity Law, the PIPL and the DSL): law/<law>/<version>/article-N/ with #pK for
  paragraph K and #pK-iJ for item J of paragraph K. The anchor is given even for a
  single-paragraph article, so that links land on the paragraph. The Administrative Penalty Law
  and the other laws named have no pages: `url` is None.
"""

from __future__ import annotations

from dataclasses import dataclass

from .datafiles import STRUCTURE, VOCABULARY

RELATED_VERSION = "2021"  # the texts of the APL, PIPL and DSL that the calculators cite
_DIGITS = "零一二三四五六七八九"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")

# How each text is named in a citation, by (law, version).
_EDITION = {
    ("csl", "2016"): ("（2016年）", " (2016)"),
    ("csl", "2025"): ("（2025年修正）", " (as amended 2025)"),
}


def items_words(items: tuple[int, ...], lang: str) -> str:
    """Items of a paragraph in words: "items (i) and (ii)", "第一项、第二项"."""
    if lang == "en":
        named = [f"({_ROMAN[i - 1]})" for i in items]
        joined = " and ".join(named) if len(named) == 2 else ", ".join(named)
        return ("item " if len(named) == 1 else "items ") + joined
    return "、".join(f"第{chinese_numeral(i)}项" for i in items)


def chinese_numeral(number: int) -> str:
    """1..999 as a statute writes it: 十, 十一, 二十, 一百零五."""
    if not 0 < number < 1000:
        raise ValueError(f"no statute numeral for {number}")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    out = _DIGITS[hundreds] + "百" if hundreds else ""
    if hundreds and rest and not tens:
        out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


def paragraph_items(law: str, version: str, article: int) -> list[int] | None:
    """Item counts per paragraph of an article, or None when the article does not exist."""
    return STRUCTURE.get(f"{law}/{version}", {}).get(str(article))


@dataclass(frozen=True)
class Citation:
    law: str
    version: str
    article: int
    paragraph: int | None = None
    item: int | None = None

    def exists(self) -> bool:
        paragraphs = paragraph_items(self.law, self.version, self.article)
        if paragraphs is None:
            return False
        if self.paragraph is None:
            return self.item is None
        if not 1 <= self.paragraph <= len(paragraphs):
            return False
        return self.item is None or 1 <= self.item <= paragraphs[self.paragraph - 1]

    @property
    def _single_paragraph(self) -> bool:
        return len(paragraph_items(self.law, self.version, self.article) or []) == 1

    @property
    def url(self) -> str | None:
        if not VOCABULARY["laws"][self.law].get("site"):
            return None
        path = f"law/{self.law}/{self.version}/article-{self.article}/"
        if self.paragraph is None:
            return path
        anchor = f"#p{self.paragraph}"
        return path + (anchor if self.item is None else f"{anchor}-i{self.item}")

    @property
    def _cited_paragraph(self) -> int | None:
        """The paragraph as a citation names it: not at all in a single-paragraph article."""
        return None if self._single_paragraph else self.paragraph

    @property
    def short_zh(self) -> str:
        """The clause without the law's name: 第六十二条第一款第二项."""
        paragraph = self._cited_paragraph
        return (
            f"第{chinese_numeral(self.article)}条"
            + (f"第{chinese_numeral(paragraph)}款" if paragraph else "")
            + (f"第{chinese_numeral(self.item)}项" if self.item else "")
        )

    @property
    def short_en(self) -> str:
        """The clause without the law's name: Art. 62(1)(ii)."""
        paragraph = self._cited_paragraph
        return (
            f"Art. {self.article}"
            + (f"({paragraph})" if paragraph else "")
            + (f"({_ROMAN[self.item - 1]})" if self.item else "")
        )

    @property
    def zh(self) -> str:
        edition = _EDITION.get((self.law, self.version), ("", ""))[0]
        return f"《{VOCABULARY['laws'][self.law]['zh']}》{edition}{self.short_zh}"

    @property
    def en(self) -> str:
        edition = _EDITION.get((self.law, self.version), ("", ""))[1]
        return f"{VOCABULARY['laws'][self.law]['en']}{edition}, {self.short_en}"

    def as_dict(self) -> dict[str, object]:
        return {
            "law": self.law,
            "version": self.version,
            "article": self.article,
            "paragraph": self.paragraph,
            "item": self.item,
            "url": self.url,
            "zh": self.zh,
            "en": self.en,
        }


def csl(version: str, article: int, paragraph: int | None = None, item: int | None = None):
    return Citation("csl", version, article, paragraph, item)


def apl(article: int, paragraph: int | None = None, item: int | None = None) -> Citation:
    return Citation("apl", "2021", article, paragraph, item)


def unique(citations) -> list[Citation]:
    """Citations in order of first appearance, each once."""
    return list(dict.fromkeys(citations))
