"""Search: the words the segmenter must keep whole, and a pass over the built search index.

Material for MkDocs (its built-in ``search`` plugin) writes ``search/search_index.json`` at build
time: one entry per page section, Chinese cut into words by jieba and joined with zero-width
spaces; the browser builds a lunr index from it and searches that. Left to the defaults, a
statute edition searches badly. This module fixes it without importing MkDocs:

* Segmentation. jieba does not know 第七十一条 (it cuts 第七十 一条), so every article heading and
  glossary term is taught to it (`segmenter_words`). Material's in-browser query segmenter cuts
  a Chinese query at the longest *indexed* word starting at each position and never tries the
  whole query: with 第 indexed (from 第（一）项), 第七十一条 becomes 第*, every article. So no
  indexed word may be the start of an article heading, or a single character that starts a
  two-character glossary term (`stray_prefixes`; such a word is glued to its neighbour, the
  text shown is unchanged), and each longer term teaches the segmenter its own start
  (`vocabulary`), so that 个人信息 is searched as 个人信*, not 个人*.
* Ranking. Every statute page gets a hidden ``keys`` field: the article number in every form a
  reader types (第七十一条, 71条, Article 71, Art. 71), the law, and the glossary terms the
  article defines or uses most (`key_terms`). Headings weigh little (`Ranking`), the edition's
  main law ranks before the others and the 2016 text after them.
* Results say which law and which text: the law (and "no longer in force" for 2016) is shown
  as Material's tag chips under the title, outside the searched fields.
* Size. The index is written as UTF-8, not ``\\u`` escapes (half of it is Chinese), without the
  zero-width spaces that separate nothing, and without boilerplate sections; and it is fetched
  only when the reader first uses search (`load_index_on_demand`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..law import citations
from ..law.model import Article, Edition, GlossaryTerm, LawVersion
from ..law.numerals import to_chinese

ZWSP = "\u200b"
# the characters Material's build-time segmenter treats as Chinese (\p{script: Han})
_HAN = "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{_HAN}]+")
# Chinese punctuation: a token boundary of its own in SEPARATOR (so the zero-width spaces
# Material writes on both sides of it are redundant) and never part of a word. Full-width
# parentheses are not in it: 第（一）项 must stay one token, or 第 alone would be indexed.
CJK_PUNCTUATION = "、，。；：！？“”‘’《》〈〉「」『』【】…·—"
# The separator (mkdocs.yml, search: separator; the refined index carries it): whitespace,
# zero-width space, hyphen and the Chinese punctuation above, except a comma or 、 right after
# 第 and a numeral: 第一，… ("first, …") would otherwise index 第一, the start of 第一条 and of
# 第十一条 to 第十九条, and Material's segmenter would cut the query 第一条 to 第一*.
SEPARATOR = (
    "(?:[\\s\\u200b\\-"
    + CJK_PUNCTUATION.replace("、", "").replace("，", "")
    + "]|(?<!第[一二三四五六七八九十])[、，])+"
)
_SEPARATOR = re.compile(SEPARATOR)
_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Ranking:
    """Field and page boosts. lunr scores a match by field boost × page boost × how rare the
    word is; Material then favours a page's first entry (the statute text) over its sections.
    Tuned against the queries of tests/browser/test_search.py."""

    keys: float = 5.0  # hidden field: article numbers, law, key terms (see `key_terms`)
    vocab: float = 0.001  # hidden field teaching the query segmenter (see `vocabulary`)
    # Material's default (1000) let any heading naming a term outrank the statute: 个人信息 found
    # the commentary heading 与《数据安全法》《个人信息保护法》的衔接 on eighty pages first
    title: float = 2.0
    text: float = 1.0
    main_law: float = 3.0  # the current text of the edition's main law (the CSL)
    other_laws: float = 2.0  # the current texts of the other laws
    superseded: float = 0.5  # the 2016 text
    other: float = 1.0  # guides, calculators, about pages, tables


# --- segmenter ---------------------------------------------------------------------------


def article_headings(editions: Iterable[Edition]) -> list[str]:
    """第一条 … 第N条 up to the longest text of any law of the edition."""
    longest = max((len(v.articles) for e in editions for v in e.law.versions.values()), default=0)
    return [citations.heading_zh(n) for n in range(1, longest + 1)]


def segmenter_words(editions: Sequence[Edition]) -> list[str]:
    """The words jieba must keep whole: every article heading, chapter and section heading,
    and every glossary term of every law (longest first, so a longer term wins)."""
    words = set(article_headings(editions))
    longest_chapters = max(
        (len(v.chapters) for e in editions for v in e.law.versions.values()), default=0
    )
    words |= {f"第{to_chinese(n)}章" for n in range(1, longest_chapters + 1)}
    words |= {f"第{to_chinese(n)}节" for n in range(1, 10)}
    words |= {term.zh for e in editions for term in e.glossary}
    return sorted(words, key=lambda w: (-len(w), w))


# --- what each statute page is found by ----------------------------------------------------


@dataclass(frozen=True)
class ArticlePage:
    location: str  # law/csl/2025/article-71/
    title: str  # the result's title: 第五十九条 (2016) Article 59 (2016)
    # shown under the title as Material's tag chips, not searched: which law, and a 2016 text
    # marked as no longer in force
    labels: tuple[str, ...]
    keys: str  # hidden: what the page is found by
    boost: float


def _statute_zh(article: Article) -> str:
    return "\n".join(
        [p.text.zh for p in article.paragraphs]
        + [i.text.zh for p in article.paragraphs for i in p.items]
    )


def term_uses(edition: Edition) -> dict[str, Counter[int]]:
    """How often each glossary term occurs in each article of the current Chinese text; an
    occurrence inside a longer term does not count (longest match wins)."""
    terms = sorted(edition.glossary, key=lambda t: -len(t.zh))
    counts: dict[str, Counter[int]] = {t.zh: Counter() for t in terms}
    if terms:
        pattern = re.compile("|".join(re.escape(t.zh) for t in terms))
        for article in edition.law.current.articles:
            for match in pattern.finditer(_statute_zh(article)):
                counts[match[0]][article.number] += 1
    return counts


def key_terms(edition: Edition) -> dict[int, list[tuple[GlossaryTerm, int]]]:
    """For each article of the current text, the glossary terms it is found by, with a weight:

    * 3 — the article defines the term (``defined_in``) or, for a term the law does not define,
      it is the one article that uses the term most: at least three times
      (关键信息基础设施 → Art. 33), or twice where it is also the first to use it
      (网络关键设备 → Art. 25; 网信部门, used twice only in Art. 75 but first in Art. 9, gets none);
    * 1 — a core article: one of the (at most three) articles using the term most, at least
      three times (个人信息 → Arts. 43, 44, 71).
    """
    law = edition.law
    uses = term_uses(edition)
    out: dict[int, list[tuple[GlossaryTerm, int]]] = {}
    for term in edition.glossary:
        most = uses[term.zh].most_common(2)
        ranked = [(n, c) for n, c in uses[term.zh].most_common() if c >= 3][:3]
        principal = None
        if term.defined_in is not None:
            if term.defined_in.version == law.current.id:
                principal = term.defined_in.article
        elif most and (len(most) == 1 or most[0][1] > most[1][1]):
            number, count = most[0]
            if count >= 3 or (count == 2 and number == min(uses[term.zh])):
                principal = number
        if principal is not None:
            out.setdefault(principal, []).append((term, 3))
        for number, _ in ranked:
            if number != principal:
                out.setdefault(number, []).append((term, 1))
    return out


def article_pages(editions: Sequence[Edition], ranking: Ranking = Ranking()) -> list[ArticlePage]:
    """Every article page of every text. The first edition is the main law: its current
    articles rank first for a bare article number ("Article 66" → the CSL's, then the PIPL's)."""
    pages = []
    phrases = english_phrases(editions)
    for index, edition in enumerate(editions):
        law = edition.law
        terms_of = key_terms(edition)
        for version in law.versions.values():
            historic = bool(version.in_force_until)
            if historic:
                boost = ranking.superseded
            else:
                boost = ranking.main_law if index == 0 else ranking.other_laws
            for article in version.articles:
                terms = [] if historic else terms_of.get(article.number, [])
                pages.append(
                    ArticlePage(
                        location=citations.article_path(law.id, version.id, article.number),
                        title=_title(version, article.number),
                        labels=_labels(edition, version),
                        keys=_keys(edition, version, article.number, terms, phrases),
                        boost=boost,
                    )
                )
    return pages


def _title(version: LawVersion, number: int) -> str:
    """第五十九条 (2016) Article 59 (2016), as the page's heading says. The law is a label, not
    part of the title: a title is searched, and 个人信息保护法 in the title of every PIPL
    article would match every query for 个人信息."""
    when = f" ({version.id})" if version.in_force_until else ""
    return f"{citations.heading_zh(number)}{when} Article {number}{when}"


def _labels(edition: Edition, version: LawVersion) -> tuple[str, ...]:
    law = edition.law
    labels = [f"{law.short_title.zh} {law.short_title.en}"]
    if version.in_force_until:
        labels.append(f"{version.id}年文本 已失效 · {version.id} text, no longer in force")
    return tuple(labels)


# The article numbers and Chinese terms of the keys field end in this mark. lunr weighs a word
# by how rare it is in the whole index; marked, a key is rare whatever the text says (个人信息
# occurs on a thousand sections, 个人信息处理者 on fewer), so one key counts as much as another.
# A reader's query carries a trailing wildcard, and 个人信* still finds 个人信息_.
KEY_MARK = "_"


def english_phrases(editions: Sequence[Edition]) -> list[str]:
    """The English glossary terms of two or more words, longest first."""
    terms = {t.en.lower() for e in editions for t in e.glossary if " " in t.en}
    return sorted(terms, key=lambda t: (-len(t), t))


def _english_words(term: str, phrases: list[str]) -> tuple[list[str], list[str]]:
    """A term's own English words, and the words of the shorter glossary terms inside it:
    "sensitive personal information" is (["sensitive"], ["personal", "information"]). The inner
    words are keyed once, not by the term's weight, so that the article defining sensitive
    personal information ranks after the one defining personal information for the query
    "personal information", and first for its own."""
    rest, inner = f" {term.lower()} ", []
    for phrase in phrases:
        if phrase != term.lower() and f" {phrase} " in rest:
            rest = rest.replace(f" {phrase} ", " ")
            inner += phrase.split()
    return rest.split(), inner


def _keys(
    edition: Edition,
    version: LawVersion,
    number: int,
    terms: list[tuple[GlossaryTerm, int]],
    phrases: list[str],
) -> str:
    """Article 71, Art. 71, 71条, 第71条, 第七十一条; the law's abbreviation and the year of
    the text; the Chinese and English of the key terms, repeated by weight.

    A one-digit number is keyed three times: every query ends in a wildcard, so "Article 7"
    also finds Articles 70 to 79, and Article 7 (of each law) must come before them."""
    words = [
        citations.heading_zh(number),
        f"{number}条",
        f"第{number}条",
        "article",
        "art.",
        *[str(number)] * (3 if number < 10 else 1),
        edition.law.id,
        version.id,
    ]
    english: list[str] = []
    for term, weight in terms:
        words += [term.zh] * weight
        own, inner = _english_words(term.en, phrases)
        english += own * weight + inner
    # The English words are not marked: a query of several words must find the article keyed
    # with all of them before one keyed with a common one ("critical information
    # infrastructure" is Art. 33, not an article keyed "personal information"), and lunr's
    # rarity weighting does that.
    return " ".join([word + KEY_MARK for word in words] + english)


# --- the pass over the written index ---------------------------------------------------------


def refine(index: dict, editions: Sequence[Edition], ranking: Ranking = Ranking()) -> dict:
    """Material's search index (as parsed JSON) with the fixes described in the module docstring.
    Returns a new dict; ``index`` is not changed."""
    pages = {page.location: page for page in article_pages(editions, ranking)}
    glossaries = {f"law/{e.law.id}/glossary/": e for e in editions}
    docs = []
    for entry in _without_boilerplate(index["docs"]):
        doc = {k: v for k, v in entry.items() if k not in ("boost", "tags")}
        path = doc["location"].split("#", 1)[0]
        page = pages.get(path)
        if page is not None:
            if path == doc["location"]:
                doc["title"] = segment(page.title)
                doc["tags"] = list(page.labels)  # shown, and not a field of the index
                doc["keys"] = page.keys
            doc["boost"] = page.boost
        elif ranking.other != 1:
            doc["boost"] = ranking.other
        if doc["location"] in glossaries:
            doc["vocab"] = vocabulary(glossaries[doc["location"]])
        doc["title"] = tidy(doc["title"])
        doc["text"] = tidy(doc["text"])
        docs.append(doc)
    _glue_stray_prefixes(docs, editions)
    config = {
        **index["config"],
        "separator": SEPARATOR,
        "fields": {
            "title": {"boost": ranking.title},
            "text": {"boost": ranking.text},
            "keys": {"boost": ranking.keys},
            "vocab": {"boost": ranking.vocab},
        },
    }
    return {**index, "config": config, "docs": docs}


def dumps(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def vocabulary(edition: Edition) -> str:
    """What Material's query segmenter needs to keep a glossary term of three or more characters
    whole: the term less its last character (个人信 for 个人信息).

    The segmenter cuts a Chinese query at the longest indexed word starting at each position, but
    never tries the whole query, and adds a trailing wildcard. With 个人 indexed and 个人信
    not, 个人信息 becomes 个人* (any word starting with 个人); with 个人信 indexed it becomes
    个人信*, which finds 个人信息 and the terms built on it, and nothing else. The field holding
    these words has next to no weight: it only teaches the segmenter."""
    words = dict.fromkeys(t.zh[:-1] for t in edition.glossary if len(t.zh) >= 3)
    return " ".join(words)


def _without_boilerplate(docs: list[dict]) -> list[dict]:
    """Leave out sections whose text repeats word for word on five or more pages (the
    commentary disclaimer under every "Commentary" heading)."""
    pages_with: dict[str, set[str]] = {}
    for doc in docs:
        if "#" in doc["location"] and doc["text"]:
            pages_with.setdefault(doc["text"], set()).add(doc["location"].split("#", 1)[0])
    repeated = {text for text, pages in pages_with.items() if len(pages) >= 5}
    return [d for d in docs if not ("#" in d["location"] and d["text"] in repeated)]


def segment(text: str) -> str:
    """Chinese cut into words as Material cuts it at build time (jieba, zero-width spaces)."""
    try:
        import jieba
    except ImportError:
        return text

    def cut(match: re.Match[str]) -> str:
        return ZWSP + ZWSP.join(jieba.cut(match[0])) + ZWSP

    return tidy(HAN_RUN.sub(cut, text))


_ZWSP_BESIDE_SEPARATOR = re.compile(
    f"{ZWSP}+(?=[\\s{CJK_PUNCTUATION}])|(?<=[\\s{CJK_PUNCTUATION}]){ZWSP}+"
)
_ZWSP_RUN = re.compile(f"{ZWSP}{{2,}}")
# a space the indexer left between two Chinese words where an excluded element stood
_SPACE_IN_CHINESE = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
_SPACE_BESIDE_PUNCTUATION = re.compile(f"(?<=[{_HAN}]) (?=[、，。；：！？])")


def tidy(html: str) -> str:
    """Drop the zero-width spaces that separate nothing: beside whitespace, Chinese punctuation
    (itself a separator) or a tag (a token never spans a tag). Each costs three bytes. A space
    between two Chinese characters becomes a zero-width space."""
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # the text between tags
        if ZWSP not in parts[i] and not HAN_RUN.search(parts[i]):
            continue  # nothing to tidy (English, mostly)
        text = _ZWSP_BESIDE_SEPARATOR.sub("", parts[i])
        text = _SPACE_BESIDE_PUNCTUATION.sub("", _SPACE_IN_CHINESE.sub(ZWSP, text))
        parts[i] = _ZWSP_RUN.sub(ZWSP, text).strip(ZWSP)
    return "".join(parts)


def stray_prefixes(editions: Sequence[Edition]) -> set[str]:
    """Indexed words that would make Material's segmenter cut a query short: the start of an
    article heading (第, 第七十: with one of them indexed, 第七十一条 becomes 第七十* and finds
    every article from 70 to 79) and the first character of a two-character glossary term
    (网 for 网络)."""
    headings = article_headings(editions)
    out = {heading[:i] for heading in headings for i in range(1, len(heading))}
    out -= set(headings)  # 第十条 is a heading itself, and the start of none
    out |= {t.zh[0] for e in editions for t in e.glossary if len(t.zh) == 2}
    return out


def _glue_stray_prefixes(docs: list[dict], editions: Sequence[Edition]) -> None:
    """Make sure no indexed word is a stray prefix, by removing the zero-width space that
    separates it from the next word (or, at the end of a phrase, the previous one)."""
    stray = _StrayTest(stray_prefixes(editions))
    for doc in docs:
        for field in ("title", "text"):
            doc[field] = _glue(doc[field], stray)


# lunr's trimmer (lunr.multiLanguage("en", "zh") keeps it in the pipeline) strips every character
# but these from both ends of an indexed word: 第（ is indexed as 第
_NOT_WORD = re.compile("^[^A-Za-z0-9_\\u4e00-\\u9fa5]+|[^A-Za-z0-9_\\u4e00-\\u9fa5]+$")
# the text as tokens at even and separators at odd indexes; matches are never adjacent, so
# only the first and last token can be empty
_SPLIT = re.compile(f"({SEPARATOR})")


def indexed_form(token: str) -> str:
    """The word lunr indexes for a token of the text."""
    return _NOT_WORD.sub("", token).lower()


class _StrayTest(dict[str, bool]):
    """Whether a token is indexed as a stray prefix, remembered: the index repeats its words."""

    def __init__(self, bad: set[str]) -> None:
        super().__init__()
        self.bad = bad

    def __missing__(self, token: str) -> bool:
        self[token] = found = indexed_form(token) in self.bad
        return found


def _glue(html: str, stray: _StrayTest) -> str:
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):
        if ZWSP not in parts[i]:  # nothing to glue (English, mostly)
            continue
        for _ in range(6):  # a glued word may be a stray prefix again (第 + （ → 第（, indexed 第)
            pieces = _SPLIT.split(parts[i])
            last = len(pieces) - 1
            cut: set[int] = set()  # indexes of the zero-width-space separators to remove
            for n in range(0, len(pieces), 2):
                if not pieces[n] or not stray[pieces[n]] or n - 1 in cut:
                    continue
                if n < last - 1 and pieces[n + 2] and pieces[n + 1] == ZWSP:
                    cut.add(n + 1)
                elif n > 1 and pieces[n - 2] and pieces[n - 1] == ZWSP:
                    cut.add(n - 1)
            if not cut:
                break
            parts[i] = "".join(piece for k, piece in enumerate(pieces) if k not in cut)
    return "".join(parts)


# --- the index on first use ----------------------------------------------------------------

# Material's bundle requests search/search_index.json as soon as any page loads, although most
# visits never search: the index is the larger part of a page's weight. This script, loaded
# before the bundle, holds that one request until the reader first uses search (focuses or
# clicks the search box, presses / or s or f, which focus it, or opens a ?q= link); the bundle
# is unchanged and the worker starts as before, only later. It touches no other request. Placed
# inline; the build then moves it into a file with the theme's inline scripts (inline_scripts.py),
# so that a strict Content-Security-Policy (script-src 'self') allows it.
SEARCH_ON_DEMAND = """// Load the search index on first use of search (plugins/annotated_law/rendering/search_terms.py).
(function () {
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var held = [], wanted = /[?&]q=/.test(location.search);
  XMLHttpRequest.prototype.open = function (method, url) {
    this.lawSearchIndex = /\\/search\\/search_index\\.json([?#]|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.lawSearchIndex && !wanted) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };
  function use() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  function inSearch(event) {
    var target = event.target;
    return target && target.closest && target.closest(".md-search, label[for='__search']");
  }
  document.addEventListener("focusin", function (e) { if (inSearch(e)) use(); }, true);
  document.addEventListener("pointerdown", function (e) { if (inSearch(e)) use(); }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) use();
  }, true);
})();
"""
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


def load_index_on_demand(html: str) -> str:
    """A built page with SEARCH_ON_DEMAND placed right before Material's bundle (once)."""
    if SEARCH_ON_DEMAND in html:
        return html
    match = _BUNDLE.search(html)
    if match is None:
        return html
    tag = f"<script>{SEARCH_ON_DEMAND}</script>\n"
    return html[: match.start()] + tag + html[match.start() :]
