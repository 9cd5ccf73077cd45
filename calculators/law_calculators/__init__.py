"""Calculators for the Cybersecurity Law of the PRC (2016 text and 2025 amendment), with the
penalties of the Personal Information Protection Law and the Data Security Law (2021).

Standard library only, so the same package runs on CPython and on Pyodide. Every submodule the
calculators use is imported here, and the data files are read while importing, so that a memory
snapshot taken after ``import law_calculators`` holds everything the calculators need. The command
line (cli.py) is not: a page never runs it, and it would add argparse to the snapshot (104 kB of
its 4.56 MB gzipped).
"""

from . import (
    api,
    certification,
    citations,
    concurrence,
    datafiles,
    explain,
    fine_calculator,
    mitigation,
    money,
    penalties,
    rules,
    schema,
    severity,
    tables,
    timeline,
    validation,
)
from .api import run_json
from .certification import check_certification
from .fine_calculator import calculate_fine
from .schema import (
    CERTIFICATION_INPUT_SCHEMA,
    CLAUSE_INDEX,
    CLAUSE_INDEX_BY_LAW,
    FINE_INPUT_SCHEMA,
)
from .validation import InputError

__all__ = [
    "CERTIFICATION_INPUT_SCHEMA",
    "CLAUSE_INDEX",
    "CLAUSE_INDEX_BY_LAW",
    "FINE_INPUT_SCHEMA",
    "InputError",
    "api",
    "calculate_fine",
    "certification",
    "check_certification",
    "citations",
    "concurrence",
    "datafiles",
    "explain",
    "fine_calculator",
    "mitigation",
    "money",
    "penalties",
    "rules",
    "run_json",
    "schema",
    "severity",
    "tables",
    "timeline",
    "validation",
]
