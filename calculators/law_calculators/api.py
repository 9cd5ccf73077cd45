"""The JSON boundary shared by the command line and the browser: text in, status and text out.

Nothing escapes as a traceback: invalid input gives status 2 and {"error": {...}}; a bug in the
calculator gives status 1 and an error object that says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .certification import check_certification
from .fine_calculator import calculate_fine
from .validation import InputError, parse_json

COMMANDS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "fine": calculate_fine,
    "certification": check_certification,
}
OK, INTERNAL_ERROR, INVALID_INPUT = 0, 1, 2


def run_json(command: str, text: str) -> tuple[int, str]:
    """Run a calculator on one JSON object; return (exit status, JSON text)."""
    try:
        if command not in COMMANDS:
            raise InputError(
                None, f"unknown command {command!r}; use fine or certification", "未知命令"
            )
        data = parse_json(text)  # keeps a duplicate key or an unrepresentable number for validate
        result = COMMANDS[command](data)
        return OK, json.dumps(result, ensure_ascii=False, indent=2)
    except InputError as exc:
        return INVALID_INPUT, json.dumps(exc.as_dict(), ensure_ascii=False, indent=2)
    except Exception as exc:  # a bug: report it as data, never as a traceback
        error = {
            "field": None,
            "message": f"internal error ({type(exc).__name__}); please report it",
        }
        return INTERNAL_ERROR, json.dumps({"error": error}, ensure_ascii=False)
