"""Reading and writing ledgers and results (JSON here; Excel and iCalendar load lazily)."""

from __future__ import annotations

from ._json import ledger_json_schema, load_ledger
from ._limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits", "ledger_json_schema", "load_ledger"]
