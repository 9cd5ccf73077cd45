"""Command line: `python -m law_calculators fine|certification [--input FILE]`.

Reads one JSON object (stdin, or --input FILE), prints one JSON object. Exit status: 0 result,
2 invalid input (also for a bad command line), 1 internal error. --help documents every field.
Input and output are UTF-8: input that is not is refused, and what is printed always is.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import textwrap
from collections.abc import Sequence

from .api import INVALID_INPUT, run_json
from .schema import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA
from .validation import EARLIEST_DATE, LATEST_DATE, Field, InputError, Schema

_ABOUT = {
    "fine": "Statutory outcome of a violation of the penalty chapter of the CSL (Chapter VI), the PIPL (Chapter VII) or the DSL (Chapter VI): fines, detention, measures, law in time, mitigation.",
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
        _emit(json.dumps(error, ensure_ascii=False))
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
    if f.type == "integer" and f.minimum is not None and f.maximum is not None:
        facts.append(f"{f.minimum:,} to {f.maximum:,}")
    if f.type == "number" and f.maximum is not None:
        low = f"more than {f.exclusive_minimum:,}, up" if f.exclusive_minimum is not None else "0"
        facts.append(f"{low} to {f.maximum:,}")
    if f.type == "date":
        facts.append(f"{EARLIEST_DATE} to {LATEST_DATE}")
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
        prog="python -m law_calculators",
        description="Calculators for the Cybersecurity Law of the PRC, with the penalties of the "
        "Personal Information Protection Law and the Data Security Law. One JSON object in, one out.",
        epilog="Exit status: 0 result, 1 internal error, 2 invalid input. Input and output are UTF-8. "
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
    _utf8_stdout()  # --help and command-line errors too
    args = _parser().parse_args(argv)
    source = "--input" if args.input else None
    try:
        if args.input:
            with open(args.input, "rb") as handle:
                raw = handle.read()
        else:
            stdin = getattr(sys.stdin, "buffer", None)
            raw = stdin.read() if stdin is not None else sys.stdin.read()
    except OSError as exc:
        return _input_error("--input", f"cannot read the input: {exc}", "无法读取输入")
    if isinstance(raw, str):  # a text stream without bytes beneath (embedding); checked as text
        text = raw
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return _input_error(source, *_not_utf8(raw, exc))
    status, output = run_json(args.command, text)
    _emit(output)
    return status


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> tuple[str, str]:
    """Where the input stops being UTF-8, with the bytes there escaped (\\xff)."""
    line = raw.count(b"\n", 0, exc.start) + 1
    bad = raw[exc.start : exc.end].decode("ascii", "backslashreplace")
    near = raw[max(0, exc.start - 20) : exc.end + 20].decode("utf-8", "backslashreplace")
    near = "".join(c if c.isprintable() else repr(c)[1:-1] for c in near)
    hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
    return (
        f"the input is not UTF-8 text{hint}: {bad} at byte offset {exc.start} (line {line}) is "
        f"not UTF-8, in: {near}; send or save the JSON as UTF-8",
        f"输入不是UTF-8编码文本：第{line}行（字节偏移{exc.start}）的{bad}不是UTF-8编码，"
        f"所在位置：{near}；请以UTF-8编码发送或保存JSON",
    )


def _input_error(field: str | None, message: str, message_zh: str) -> int:
    _emit(json.dumps(InputError(field, message, message_zh).as_dict(), ensure_ascii=False))
    return INVALID_INPUT


def _emit(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # the reader stopped reading (`| head`): nothing left to say, and no traceback; stdout
        # goes to devnull so that Python's exit flush does not fail again
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115


def _utf8_stdout() -> None:
    """Whatever the console's encoding (a Windows code page, PYTHONIOENCODING), print UTF-8;
    a lone surrogate, which validation refuses before any output, would print as \\udXXX."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
