"""No rule family does more than linear work (issue 12: "no rule worse than linear").

The example department is copied 1, 2 and 8 times into one ledger (every id prefixed, so the
copies are independent departments: ``benchmarks/bench_check.py``'s ``replicated``) and each
family's rules are run with a profile hook counting Python function calls — operations, not
seconds, so the test is exact and does not depend on a loaded machine.  Linear work means a
constant count per record; a rule that scans the whole ledger per department shows up as a
count per record that doubles with the copies.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pytest

import dangjian_core as dj
from _reference import people_of_department_scan
from dangjian_core.model import Ledger
from dangjian_core.model.index import LedgerIndex
from dangjian_core.rules import default_rules

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2025, 12, 31)
COPIES = (1, 2, 8)
#: Slack on the count per record at 8 copies against 1 copy: a linear family stays at or
#: below 1 (fixed costs spread thinner); a quadratic one grows with the copies.
SLACK = 1.05
FAMILIES = sorted({r.id.split(".")[0] for r in default_rules().select(None)})


def _bench_check() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_check", ROOT / "benchmarks" / "bench_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def growing() -> list[tuple[Ledger, int]]:
    """The example department 1, 2 and 4 times over, with its record count."""
    replicated: Callable[[int], Ledger] = _bench_check().replicated
    out = []
    for k in COPIES:
        ledger = replicated(k)
        records = sum(len(v) for v in vars(ledger).values() if isinstance(v, list))
        out.append((ledger, records))
    # Warm up: the first run fills the registries and imports lazily; counted, it would
    # inflate the smallest size's count and hide growth.
    dj.check(out[0][0], as_of=AS_OF)
    return out


def _calls(ledger: Ledger, rules: str) -> int:
    """Python function calls (generator resumptions included) made by checking ``rules``."""
    count = 0

    def hook(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(hook)
    try:
        dj.check(ledger, as_of=AS_OF, rules=rules)
    finally:
        sys.setprofile(None)
    return count


def _per_record(growing: list[tuple[Ledger, int]], rules: str) -> list[float]:
    return [_calls(ledger, rules) / records for ledger, records in growing]


@pytest.mark.parametrize("family", FAMILIES)
def test_family_work_per_record_does_not_grow(growing, family: str) -> None:
    rates = _per_record(growing, f"{family}.*")
    assert rates[0] > 0
    for k, rate in zip(COPIES[1:], rates[1:], strict=True):
        assert rate <= rates[0] * SLACK, (
            f"{family}: {rate:.1f} calls per record at {k} copies, {rates[0]:.1f} at 1 ({rates})"
        )


def test_the_count_catches_a_quadratic_rule(growing, monkeypatch) -> None:
    """The measure is sensitive: put back the per-department scan of everyone that made
    ``leadership.contact_coverage`` quadratic, and the family's test fails.  (The example
    department is small — about 100 people a copy — so the quadratic part is still small at 8
    copies; at 240 departments it was a quarter of the check, issue 12.)"""

    def scan(self: LedgerIndex, dept_id: str, day: date) -> list[Any]:
        return people_of_department_scan(self, dept_id, day)

    monkeypatch.setattr(LedgerIndex, "people_of_department", scan)
    rates = _per_record(growing, "leadership.*")
    assert rates[-1] > rates[0] * SLACK, rates
