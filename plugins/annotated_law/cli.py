"""Command line: ``python -m annotated_law export|check``; data errors exit 1 with file:line, usage 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError
from .law.collection import load_collection
from .law.export import export_version
from .law.loader import law_ids, load_edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotated_law", description=__doc__)
    parser.add_argument(
        "--site-data",
        type=Path,
        default=Path("site_data"),
        help="the site_data folder (default: ./site_data)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="print one text of one law as JSON")
    export.add_argument(
        "--law", required=True, help="the law: a folder of site_data (csl, pipl, dsl)"
    )
    export.add_argument("--version", required=True, help="which text: its year (e.g. 2025)")
    commands.add_parser("check", help="validate every law of site_data and report every problem")
    args = parser.parse_args(argv)

    if not args.site_data.is_dir():
        print(f"error: {args.site_data} is not a folder (use --site-data)", file=sys.stderr)
        return 2
    known = law_ids(args.site_data)
    law = getattr(args, "law", None)
    if law and law not in known:
        print(
            f"error: no law {law!r} in {args.site_data} (it holds {', '.join(known)})",
            file=sys.stderr,
        )
        return 2
    try:
        if law:
            editions = [load_edition(args.site_data, law)]
        else:  # check: every law, with its commentary and what crosses laws
            entries = load_collection(args.site_data, args.site_data.parent, known)
            editions = [entry.edition for entry in entries]
    except DataError as exc:
        print(f"site_data has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.command == "export":
        [edition] = editions
        if args.version not in edition.law.versions:
            texts = ", ".join(edition.law.versions)
            print(
                f"error: {args.law} has no {args.version!r} text (it has {texts})", file=sys.stderr
            )
            return 2
        text = json.dumps(export_version(edition, args.version), ensure_ascii=False, indent=1)
        try:
            sys.stdout.write(text + "\n")
        except BrokenPipeError:  # the reader (e.g. head) stopped early; not an error
            sys.stderr.close()
        return 0
    for edition in editions:
        texts = ", ".join(
            f"{len(v.articles)} articles ({v.id})" for v in edition.law.versions.values()
        )
        print(f"ok: {edition.law.id}: {texts}, {len(edition.glossary)} glossary terms")
    return 0
