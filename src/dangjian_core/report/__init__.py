"""Views of an Assessment: they read it and never recompute it."""

from __future__ import annotations

from .csv import write_csv
from .explain import explain
from .tables import Column, Table, assessment_tables
from .text import render_text
from .xlsx import MissingExtraError, write_xlsx

__all__ = [
    "Column",
    "MissingExtraError",
    "Table",
    "assessment_tables",
    "explain",
    "render_text",
    "write_csv",
    "write_xlsx",
]
