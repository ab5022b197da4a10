"""Views of an Assessment: they read it and never recompute it."""

from __future__ import annotations

from .explain import explain
from .text import render_text

__all__ = ["explain", "render_text"]
