"""jieba at build time, for Material's search: the edition's words kept whole, each text cut once,
and most of the cutting done in a second process while the pages are converted.

Material's search plugin hands jieba.cut every run of Chinese characters it indexes, one run at a
time, in the build's own process: 17,000 runs, over a second of a build. The runs are in the
pages' sources before any page is converted, so a second process cuts them then, while this one
converts Markdown, and jieba.cut answers from what it sends back. A run it did not see (text made
by the conversion) is cut here, as before; so is everything if the second process cannot start.
Either way a run's cut is jieba's own, with the same dictionary and the same words added in the
same order: the index is the same as without the second process. Knows nothing of MkDocs.
"""

from __future__ import annotations

import marshal
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from .calculator_tables import expand_tables
from .search_terms import HAN_RUN

if TYPE_CHECKING:
    import jieba

Cuts = Mapping[str, Sequence[str]]  # a run of Chinese: its words
# markup that splits a run in the source but not in the text the index is made from
_MARKUP = re.compile(r"<[^>]*>|\]\([^)]*\)|[*_`[]")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_PACKAGES = Path(__file__).resolve().parents[2]  # where the second process imports this from
_PATIENCE = 300  # s: the second process has finished long before, unless it is stuck


def teach(jieba: ModuleType, words: Iterable[str]) -> None:
    """Let jieba keep `words` whole (article headings, glossary terms: search_terms)."""
    _start_quickly(jieba.dt)
    for word in words:
        jieba.add_word(word)


def _start_quickly(tokenizer: jieba.Tokenizer) -> None:
    """Load jieba's prefix dictionary from the cache jieba itself made, as jieba would but in one
    read: its marshal.load on the open file reads the 9 MB in small pieces (0.9 s, not 0.2 s)."""
    cache = Path(tokenizer.tmp_dir or tempfile.gettempdir(), tokenizer.cache_file or "jieba.cache")
    if tokenizer.initialized or tokenizer.dictionary is not None or not cache.is_file():
        return  # started already, a dictionary of its own or no cache yet: jieba starts itself
    try:
        tokenizer.FREQ, tokenizer.total = marshal.loads(cache.read_bytes())
    except (ValueError, EOFError, TypeError):  # a damaged cache: jieba makes it again
        return
    tokenizer.initialized = True


def remember_cuts(
    jieba: ModuleType, words: Iterable[str] = (), known: Callable[[], Cuts] = dict
) -> None:
    """Have jieba.cut, which Material's search calls, cut each text once per build, taking the
    cuts `known` gives where it has them: the pages repeat their Chinese (both texts of the CSL,
    the terms), 43,000 calls for 17,000 texts. jieba here is taught `words` only once it has a
    text of its own to cut (loading its dictionary takes 0.2 s). Made anew by every build, so an
    edited glossary counts."""
    untaught = [list(words)]

    def cut(sentence: str | bytes, *args, **kwargs) -> Sequence[str]:
        # Material asks in UTF-8, search_terms (the titles) in text: jieba cuts both alike
        text = sentence.decode() if isinstance(sentence, bytes) else sentence
        found = None if args or kwargs else known().get(text)
        if found is not None:
            return found
        if untaught:
            teach(jieba, untaught.pop())
        return tuple(jieba.dt.cut(sentence, *args, **kwargs))

    cuts = cache(cut)
    jieba.cut = lambda *args, **kwargs: iter(cuts(*args, **kwargs))


def runs_in(texts: Iterable[str]) -> list[str]:
    """Every run of Chinese characters in the pages' sources, markup taken out, once each."""
    found: set[str] = set()
    for text in map(expand_tables, texts):
        # what the index leaves out (a term's popover) may join its two sides or part them:
        # both readings are taken
        for gap in ("", " "):
            found.update(HAN_RUN.findall(_searched(text, gap)))
    return sorted(found)


class _Searched(HTMLParser):
    """The text of a page's source without the elements the index leaves out; where one was,
    `gap` (the two sides joined, or parted)."""

    def __init__(self, gap: str) -> None:
        super().__init__(convert_charrefs=True)
        self.gap = gap
        self.open: list[tuple[str, bool]] = []  # each element open: its tag, whether left out
        self.text: list[str] = []

    def left_out(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        excluded = any(name == "data-search-exclude" for name, _ in attrs)
        if excluded and not self.left_out():
            self.text.append(self.gap)
        self.open.append((tag, excluded or self.left_out()))

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:  # as Material's parser: a stray end is ignored
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if not self.left_out():
            self.text.append(_MARKUP.sub("", data))


def _searched(text: str, gap: str) -> str:
    parser = _Searched(gap)
    parser.feed(text)
    parser.close()
    return "".join(parser.text)


def cut_runs(words: list[str], texts: list[str]) -> dict[str, tuple[str, ...]]:
    """jieba.cut of every run in `texts`, asked as Material asks (UTF-8), taught `words`."""
    import jieba

    teach(jieba, words)
    return {run: tuple(jieba.dt.cut(run.encode())) for run in runs_in(texts)}


def cut_elsewhere(words: list[str], texts: list[str]) -> Callable[[], Cuts]:
    """cut_runs started in a second process; the function returned waits for its cuts (none if
    that process failed or could not start: jieba then cuts everything here)."""
    # a process of its own, not multiprocessing's: that imports the caller's __main__ again, and
    # a build started from a script without a main guard would run twice, into the same site
    with tempfile.NamedTemporaryFile("wb", suffix=".pickle", delete=False) as given:
        pickle.dump((words, texts), given)
    paths = [str(_PACKAGES), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", __spec__.name, given.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except OSError:
        Path(given.name).unlink(missing_ok=True)
        return dict
    # its cuts are read as they come, so it never waits on a full pipe (and ends) even if this
    # build stops before it asks for them
    sent: list[bytes] = []
    reader = threading.Thread(target=lambda: sent.append(child.communicate()[0]), daemon=True)
    reader.start()

    @cache
    def known() -> Cuts:
        reader.join(_PATIENCE)
        if reader.is_alive():  # stuck: cut here
            child.kill()
            return {}
        try:
            return pickle.loads(sent[0]) if child.returncode == 0 else {}
        except Exception:  # cut short (the process died): cut here
            return {}

    return known


# the second process: python -m annotated_law.rendering.segmenter <input>
if __name__ == "__main__":
    given = Path(sys.argv[1])
    given_words, given_texts = pickle.loads(given.read_bytes())
    given.unlink()  # read: gone, even if the build that asked ends before it takes the cuts
    sys.stdout.buffer.write(pickle.dumps(cut_runs(given_words, given_texts)))
