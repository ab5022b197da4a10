"""Views of an Assessment: they read it and never recompute it."""

from __future__ import annotations

from .text import render_text

__all__ = ["render_text"]
