"""The project's list of built-in rule ids, read once: counts in tests derive from it."""

from __future__ import annotations

from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue_ids.txt"
CATALOGUE_IDS: frozenset[str] = frozenset(
    line.strip() for line in CATALOGUE.read_text(encoding="utf-8").splitlines() if line.strip()
)
