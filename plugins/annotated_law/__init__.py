"""Annotated bilingual edition of a statute: load, validate, link, diff, cite and render.

The core does not import MkDocs; ``annotated_law.adapter.plugin`` is the thin adapter that does.
"""

from .errors import DataError, DataProblem
from .law.loader import load_edition

__all__ = ["DataError", "DataProblem", "load_edition"]
