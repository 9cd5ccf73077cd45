"""Command line: ``python -m annotated_law export|check``; data errors exit 1 with file:line, usage 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError
from .export import export_version
from .loader import load_edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annotated_law", description=__doc__)
    parser.add_argument(
        "--site-data",
        type=Path,
        default=Path("site_data"),
        help="the site_data folder (default: ./site_data)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="print one version of the law as JSON")
    export.add_argument("--law", default="csl", choices=["csl"], help="the law (only csl)")
    export.add_argument("--version", required=True, choices=["2016", "2025"], help="which text")
    commands.add_parser("check", help="validate site_data and report every problem")
    args = parser.parse_args(argv)

    if not args.site_data.is_dir():
        print(f"error: {args.site_data} is not a folder (use --site-data)", file=sys.stderr)
        return 2
    try:
        edition = load_edition(args.site_data, getattr(args, "law", "csl"))
    except DataError as exc:
        print(f"site_data has {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.command == "export":
        text = json.dumps(export_version(edition, args.version), ensure_ascii=False, indent=1)
        try:
            sys.stdout.write(text + "\n")
        except BrokenPipeError:  # the reader (e.g. head) stopped early; not an error
            sys.stderr.close()
    else:
        versions = edition.law.versions
        print(
            f"ok: {len(versions['2025'].articles)} articles (2025), "
            f"{len(versions['2016'].articles)} articles (2016), {len(edition.glossary)} glossary terms"
        )
    return 0
