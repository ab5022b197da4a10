"""dangjian_core — the 台账, rule checks and 五个到位 scoring of university party building.

The flow is one-way: a :class:`Ledger` of facts → rule checks give findings → a scheme scores
them → views render the result.  Everything a user needs is importable from this package;
submodules are implementation detail unless their docs say otherwise.
"""

from __future__ import annotations

from typing import Any

from . import plot
from ._version import library_version
from .errors import DangjianError, LedgerError, Problem, RuleError, SchemeError
from .io import Limits, dump_ledger, excel, ledger_json_schema, load_ledger
from .model import SCHEMA_VERSION, Ledger, LedgerIndex
from .periods import Cadence, Period, SemesterCalendar, Window
from .redact import Redactor, redacted
from .rules import (
    Finding,
    Findings,
    Params,
    Rule,
    RuleContext,
    Scope,
    Severity,
    Status,
    SubjectKind,
    check,
    get_rule,
    list_rules,
    register_rule,
    rule,
    unregister_rule,
)
from .scale import assess_many
from .scoring import (
    Assessment,
    Scheme,
    assess,
    diff,
    get_scheme,
    load_scheme,
    merge,
    register_scheme,
    schemes,
)
from .upcoming import Upcoming, calendar_text, upcoming, write_calendar

__all__ = [
    "SCHEMA_VERSION",
    "Assessment",
    "Cadence",
    "DangjianError",
    "Finding",
    "Findings",
    "Ledger",
    "LedgerError",
    "LedgerIndex",
    "Limits",
    "Params",
    "Period",
    "Problem",
    "Redactor",
    "Rule",
    "RuleContext",
    "RuleError",
    "Scheme",
    "SchemeError",
    "Scope",
    "SemesterCalendar",
    "Severity",
    "Status",
    "SubjectKind",
    "Upcoming",
    "Window",
    "__version__",
    "assess",
    "assess_many",
    "calendar_text",
    "check",
    "diff",
    "dump_ledger",
    "excel",
    "get_rule",
    "get_scheme",
    "ledger_json_schema",
    "list_rules",
    "load_ledger",
    "load_scheme",
    "merge",
    "plot",
    "redacted",
    "register_rule",
    "register_scheme",
    "rule",
    "rules",
    "schemes",
    "unregister_rule",
    "upcoming",
    "write_calendar",
]


def __getattr__(name: str) -> Any:
    # Looked up on first use, not at import: reading the metadata costs import time.
    if name == "__version__":
        return library_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
