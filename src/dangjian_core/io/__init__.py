"""Reading and writing ledgers: JSON here, Excel in :mod:`dangjian_core.io.excel` (its
libraries load only when a workbook is opened)."""

from __future__ import annotations

from . import excel
from ._json import WORKBOOK_SUFFIXES, dump_ledger, ledger_json_schema, load_ledger
from ._limits import DEFAULT_LIMITS, Limits

__all__ = [
    "DEFAULT_LIMITS",
    "WORKBOOK_SUFFIXES",
    "Limits",
    "dump_ledger",
    "excel",
    "ledger_json_schema",
    "load_ledger",
]
