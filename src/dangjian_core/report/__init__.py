"""Views of an Assessment: they read it and never recompute it."""

from __future__ import annotations

from .csv import write_csv
from .explain import explain
from .html import render_html, write_html
from .markdown import render_markdown
from .pdf import BrowserError, BrowserMissingError, write_pdf
from .svg import radar_svg
from .tables import Column, Table, assessment_tables
from .text import render_text
from .xlsx import MissingExtraError, write_xlsx

__all__ = [
    "BrowserError",
    "BrowserMissingError",
    "Column",
    "MissingExtraError",
    "Table",
    "assessment_tables",
    "explain",
    "radar_svg",
    "render_html",
    "render_markdown",
    "render_text",
    "write_csv",
    "write_html",
    "write_pdf",
    "write_xlsx",
]
