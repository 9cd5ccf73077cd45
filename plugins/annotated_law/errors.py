"""Errors in the edition's data, each naming the file and line it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong with one place in site_data."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"


def shown_path(path: Path, root: Path) -> Path:
    """Paths in messages are relative to the project, never absolute machine paths."""
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


class DataError(Exception):
    """The data cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class VendorError(Exception):
    """A build step of the in-page calculators failed (Node.js or the npm package missing, the
    snapshot not made); the message says what to do."""
