"""The command line contract: `python -m csl_calculators fine|certification`, JSON in and out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from csl_calculators import CERTIFICATION_INPUT_SCHEMA, FINE_INPUT_SCHEMA

# Pyodide has no subprocesses; there the same contract is covered in-process by test_vectors.py
pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="needs a subprocess")


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csl_calculators", *args],
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
    ],
)
def test_invalid_input_exits_2_with_a_json_error_and_no_traceback(args, stdin, field) -> None:
    done = run(*args, stdin=stdin)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["field"] == field and error["message"]


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
