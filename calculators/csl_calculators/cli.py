"""Command line: `python -m csl_calculators fine|certification [--input FILE]`.

Reads one JSON object (stdin, or --input FILE), prints one JSON object. Exit status: 0 result,
2 invalid input (also for a bad command line), 1 internal error. --help documents every field.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence

from .api import INVALID_INPUT, run_json
from .schema import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA
from .validation import Field, Schema

_ABOUT = {
    "fine": "Statutory outcome of a Chapter VI violation: fines, detention, measures, law in time, mitigation.",
    "certification": "Is a product in the 2023 catalogue (Art. 25), and what follows if sold uncertified (Art. 63).",
}


class _JsonErrorParser(argparse.ArgumentParser):
    """Command-line mistakes are reported like input errors: JSON on stdout, status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        error = {
            "error": {
                "field": None,
                "message": f"command line: {message}",
                "message_zh": "命令行参数错误",
            }
        }
        print(json.dumps(error, ensure_ascii=False))
        raise SystemExit(INVALID_INPUT)


def describe(schema: Schema) -> str:
    """Every field of a schema as help text."""
    return "\n".join(_describe(f, "  ") for f in schema.fields)


def _describe(f: Field, indent: str) -> str:
    kind = f.type + (f" of {f.element}s" if f.element else "")
    facts = [kind]
    if f.unit:
        facts.append(f"unit {f.unit}")
    if f.required:
        facts.append("required")
    elif f.default not in (None, [], {}):
        facts.append(f"default {json.dumps(f.default)}")
    if f.minimum is not None and f.type == "integer":
        facts.append(f"{f.minimum}-{f.maximum}")
    if f.type == "number" and f.maximum is not None:
        facts.append(f"0 to {f.maximum:,}")
    wrap = textwrap.TextWrapper(
        width=96, initial_indent=indent + "    ", subsequent_indent=indent + "    "
    )
    lines = [f"{indent}{f.name} ({', '.join(facts)})", wrap.fill(f.help_en), wrap.fill(f.help_zh)]
    if f.choices:
        lines.append(indent + "    choices:")
        lines += [f"{indent}      {c.value}: {c.en}" for c in f.choices]
    lines += [_describe(sub, indent + "    ") for sub in f.fields]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = _JsonErrorParser(
        prog="python -m csl_calculators",
        description="Calculators for the Cybersecurity Law of the PRC. One JSON object in, one out.",
        epilog="Exit status: 0 result, 1 internal error, 2 invalid input. "
        "Contract: docs/calculators/interface.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_JsonErrorParser)
    for name, schema in (
        ("fine", FINE_INPUT_SCHEMA),
        ("certification", CERTIFICATION_INPUT_SCHEMA),
    ):
        sub = commands.add_parser(
            name,
            help=_ABOUT[name],
            description=_ABOUT[name] + " Reads a JSON object with these fields:",
            epilog=describe(schema),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument(
            "--input", metavar="FILE", help="read the JSON object from FILE instead of stdin"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.input:
            with open(args.input, encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        error = {
            "field": "--input",
            "message": f"cannot read the input: {exc}",
            "message_zh": "无法读取输入",
        }
        print(json.dumps({"error": error}, ensure_ascii=False))
        return INVALID_INPUT
    status, output = run_json(args.command, text)
    print(output)
    return status
