"""Time the edition's build against a plain Material build of the same text, and size its pages.

Usage: python benchmarks/build_time.py [--runs N]

The baseline is a Material site with one plain Markdown page per article of every law and
version of the edition (CSL 2025 and 2016, PIPL, DSL: Chinese and English paragraphs as plain
text, followed by the article's commentary in both languages where it has one, as plain
Markdown), the same theme features and search settings, and no annotated-law plugin. Both are
built N times in this one run; the medians are compared.

The edition is built as `make site` builds it, with the project's build cache
(.cache/annotated-law): from the second build on, the pages, the checked edition and the refined
search index of unchanged inputs are reused. --cold removes those (not the calculators' runtime
and snapshot) before each edition build: what a build costs when nothing can be reused.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from annotated_law import load_edition

ROOT = Path(__file__).resolve().parents[1]
LAWS = ("csl", "pipl", "dsl")
LINK = r"\]\((?:csl|pipl|dsl|calc):[^)]*\)"
# what the plugin keeps between builds besides the calculators' runtime (plugin.py)
REUSED = ("rendered.json", "edition.pickle")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: an !ENV value becomes its default (the variable unset)."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _plain_project(folder: Path) -> Path:
    docs = folder / "docs"
    for law in LAWS:
        edition = load_edition(ROOT / "site_data", law)
        for version in edition.law.versions.values():
            commentary = ROOT / "site_data" / law / "commentary" / version.id
            for article in version.articles:
                lines = [f"# Article {article.number}", ""]
                for paragraph in article.paragraphs:
                    lines += [paragraph.text.zh, "", paragraph.text.en, ""]
                    for item in paragraph.items:
                        lines += [item.text.zh, "", item.text.en, ""]
                for lang in ("en", "zh"):
                    note = commentary / f"{article.number:03d}.{lang}.md"
                    if not note.is_file():
                        continue
                    body = note.read_text(encoding="utf-8").split("\n---\n", 1)[1]
                    # the same words, with the edition's own link schemes made plain text
                    lines.append(re.sub(LINK, "]", body).replace("[", ""))
                page = docs / law / version.id / f"article-{article.number}.md"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text("\n".join(lines), encoding="utf-8")
    (docs / "index.md").write_text("# Plain\n", encoding="utf-8")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _ConfigLoader)
    config["plugins"] = [p for p in config["plugins"] if "annotated-law" not in p]
    for key in ("nav", "extra_css", "extra_javascript", "validation", "strict"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder / "mkdocs.yml"


def _time_build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        # not --quiet, as make site: a quiet build keeps no converted page for the next one
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        check=True,
        cwd=config.parent,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="reuse no page from earlier builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        plain_config = _plain_project(tmp_path / "plain")
        edition_times, plain_times = [], []
        for _ in range(args.runs):
            for name in REUSED if args.cold else ():
                (ROOT / ".cache" / "annotated-law" / name).unlink(missing_ok=True)
            edition_times.append(_time_build(ROOT / "mkdocs.yml", tmp_path / "edition-site"))
            plain_times.append(_time_build(plain_config, tmp_path / "plain-site"))
        sizes = sorted(
            page.stat().st_size
            for version in ("2025", "2016")
            for page in (tmp_path / "edition-site" / "law" / "csl" / version).glob(
                "article-*/index.html"
            )
        )
    edition, plain = statistics.median(edition_times), statistics.median(plain_times)
    print(f"runs: {args.runs}{' (cold: nothing reused)' if args.cold else ''}")
    print(f"edition build (median): {edition:.2f} s   {[round(t, 2) for t in edition_times]}")
    print(
        f"plain Material build of the same text (median): {plain:.2f} s   {[round(t, 2) for t in plain_times]}"
    )
    print(f"ratio edition/plain: {edition / plain:.2f}")
    print(
        f"article pages: {len(sizes)}; median size {statistics.median(sizes) / 1024:.1f} KiB; largest {sizes[-1] / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
