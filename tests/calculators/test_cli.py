"""The command line contract: `python -m law_calculators fine|certification`, JSON in and out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from law_calculators import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA

# Pyodide has no subprocesses; there the same contract is covered in-process by test_vectors.py
pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="needs a subprocess")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "law_calculators", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_fine_from_stdin() -> None:
    done = run(
        "fine",
        stdin='{"article": 61, "paragraph": 1, "tier": "aggravated", "conduct_date": "2025-06-01"}',
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["applied_version"] == "2016"
    assert result["outcomes"][0]["fine"]["max"] == 100000
    assert done.stderr == ""


def test_certification_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "router.json"
    path.write_text(
        json.dumps({"product": "plc", "specs": {"controller_instruction_execution_time": 0.05}})
    )
    done = run("certification", "--input", str(path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["determination"] == "listed"


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (("fine",), '{"article": 63, "illegal_gains": -5}', "illegal_gains"),
        (("fine",), '{"article": 61, "paragraph": 1, "tier": "extreme"}', "tier"),
        (("fine",), "{not json", None),
        (("fine",), "", None),
        (("certification",), '{"product": "teapot"}', "product"),
        (("fine", "--input", "/nonexistent/input.json"), "", "--input"),
        (("penalty",), "{}", None),
        (("fine", "--colour"), "{}", None),
        (("fine",), '{"article": 61, "article": 64}', "article"),
        (("fine",), '{"violations": [1, {"article": 64}]}', "violations[0]"),
        (("fine",), '{"article": 64, "conduct_date": "9999-12-31"}', "conduct_date"),
        (("certification",), '{"product": "plc", "specs": 5}', "specs"),
        (
            ("certification",),
            '{"product": "rack_server", "specs": {"cpu_count": 8.5}}',
            "specs.cpu_count",
        ),
    ],
)
def test_invalid_input_exits_2_with_a_json_error_and_no_traceback(args, stdin, field) -> None:
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["field"] == field and error["message"]


def run_bytes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "law_calculators", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
    )


def error_of(done: subprocess.CompletedProcess[bytes]) -> dict[str, str | None]:
    """A refused input as a user sees it: status 2, UTF-8 JSON on stdout, nothing on stderr."""
    assert done.returncode == 2, done
    assert done.stderr == b"", done.stderr  # no traceback
    return json.loads(done.stdout.decode("utf-8"))["error"]  # strict: raises if not UTF-8


@pytest.mark.parametrize(
    ("command", "stdin", "field"),
    [
        ("fine", rb'{"\ud800": 1}', "\\ud800"),
        (
            "fine",
            rb'{"violations": [{"article": 61, "\ud800": 1}, {"article": 64}]}',
            "violations[0].\\ud800",
        ),
        (
            "fine",
            rb'{"violations": [{"article": 61, "tier": "\udc00"}, {"article": 64}]}',
            "violations[0].tier",
        ),
        ("certification", rb'{"\ud800": 1}', "\\ud800"),
        ("certification", rb'{"product": "plc", "specs": {"\udfff": 1}}', "specs.\\udfff"),
    ],
)
def test_a_lone_surrogate_exits_2_naming_where(command, stdin, field) -> None:
    error = error_of(run_bytes(command, stdin=stdin))
    assert error["field"] == field
    assert "lone surrogate" in str(error["message"])


def test_bytes_that_are_not_utf8_are_refused_and_never_echoed() -> None:
    done = run_bytes("fine", stdin=b'{"article": 61, "tier": "\xff\xfe"}')
    error = error_of(done)
    assert error["field"] is None
    message = str(error["message"])
    assert message.startswith("the input is not UTF-8 text")
    assert "\\xff at byte offset 25 (line 1)" in message  # the byte, escaped
    assert '"tier": "\\xff\\xfe"' in message  # and where it stands
    assert b"\xff" not in done.stdout


def test_an_input_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes('{\n  "article": 61,\n  "tier": "基础"\n}'.encode("gb18030"))
    error = error_of(run_bytes("fine", "--input", str(path)))
    assert error["field"] == "--input"
    assert "(line 3)" in str(error["message"]) and "\\x" in str(error["message"])


def test_utf16_is_recognised_in_the_message() -> None:
    error = error_of(run_bytes("fine", stdin='{"article": 64}'.encode("utf-16")))
    assert "(it looks like UTF-16)" in str(error["message"])


def test_output_is_utf8_whatever_the_console_encoding() -> None:
    """Chinese text on a console whose encoding cannot hold it (as Windows code pages cannot)."""

    def latin1_console(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-X", "utf8=0", "-m", "law_calculators", *args],
            input=stdin,
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        )

    done = latin1_console("fine", stdin=b'{"article": 64, "tier": "nope"}')
    assert "未知取值" in str(error_of(done)["message_zh"])
    done = latin1_console("fine", "--help")
    assert done.returncode == 0 and done.stderr == b""
    assert "违法主体" in done.stdout.decode("utf-8")


def test_a_command_line_that_is_not_utf8_gets_a_utf8_answer() -> None:
    error = error_of(run_bytes(os.fsdecode(b"fin\xff")))
    assert str(error["message"]).startswith("command line: ")


@pytest.mark.parametrize(
    ("command", "schema"),
    [("fine", FINE_INPUT_SCHEMA), ("certification", CERTIFICATION_INPUT_SCHEMA)],
)
def test_help_documents_every_field(command, schema) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    for field in schema.fields:
        assert f"  {field.name} (" in done.stdout, field.name
        for sub in field.fields:
            assert f"{sub.name} (" in done.stdout, sub.name
        for choice in field.choices:
            assert f"{choice.value}: " in done.stdout, choice.value


def test_a_reader_that_stops_reading_gets_no_traceback() -> None:
    # `law-calculators fine < request.json | head -3`: head closes the pipe before the answer ends
    child = subprocess.Popen(
        [sys.executable, "-m", "law_calculators", "fine"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    child.stdout.close()  # type: ignore[union-attr]
    _, errors = child.communicate(b'{"law": "pipl", "article": 66, "paragraph": 1}', timeout=60)
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors, errors.decode()
