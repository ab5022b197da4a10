"""Helpers shared by the rule tests: run a rule, then pick findings out of what it found.

Plain functions, imported explicitly (``from .conftest import run, one``), since the tests
call them with arguments.  A filter left at its default does not filter: ``facet=...`` (the
default) matches any facet, ``facet=None`` only findings without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import EllipsisType
from typing import Any

from dangjian_core.model import Ledger
from dangjian_core.rules import Finding, Findings, check
from dangjian_core.testing.builders import LedgerBuilder

YEAR_END = date(2025, 12, 31)


def run(ledger: Ledger | LedgerBuilder, rule: str, as_of: date = YEAR_END, **kw: Any) -> Findings:
    """The findings of ``rule`` (an id or a glob) on ``ledger`` — a builder is built first —
    checked strictly at ``as_of``; ``kw`` goes to ``check``.  Every message is filled in."""
    if isinstance(ledger, LedgerBuilder):
        ledger = ledger.build()
    found = check(ledger, as_of=as_of, rules=rule, strict=True, **kw)
    for f in found:  # every template placeholder is filled
        assert "{" not in f.message_zh and "{" not in f.message_en, f.message_zh
    return found


def _matches(
    f: Finding, subject: str | None, facet: str | EllipsisType | None, period: str | None
) -> bool:
    return (
        (subject is None or f.subject_id == subject)
        and (facet is ... or f.facet == facet)
        and (period is None or f.period.label == period)
    )


def one(
    found: Iterable[Finding],
    subject: str | None = None,
    facet: str | EllipsisType | None = ...,
    period: str | None = None,
) -> Finding:
    """The one finding of ``subject``, ``facet`` and ``period`` label; with no filter, the
    one finding there is.  Fails unless exactly one matches."""
    hits = [f for f in found if _matches(f, subject, facet, period)]
    assert len(hits) == 1, hits
    return hits[0]


def by_subject(found: Findings) -> dict[str, Finding]:
    """The findings keyed by subject id (the last one wins)."""
    return {f.subject_id: f for f in found}


def by_period(
    found: Findings, subject: str | None = None, facet: str | EllipsisType | None = ...
) -> dict[str, Finding]:
    """The findings of ``subject`` and ``facet`` keyed by period label (the last one wins)."""
    return {f.period.label: f for f in found if _matches(f, subject, facet, None)}
