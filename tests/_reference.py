"""Straightforward versions of indexed queries, shared by the tests that compare with them."""

from __future__ import annotations

from datetime import date
from typing import Any

from dangjian_core.model.index import LedgerIndex


def people_of_department_scan(index: LedgerIndex, dept_id: str, day: date) -> list[Any]:
    """The people of a department on ``day``, found by testing everyone against it — the
    per-department scan ``LedgerIndex.people_of_department`` replaced (issue 12)."""
    single = len(index.departments) == 1 and index.departments[0].id == dept_id
    out = []
    for p in index.ledger.people:
        if not index.present(p, day):
            continue
        if p.department_id == dept_id:
            out.append(p)
        elif p.department_id is None:
            branch = index.branch_of(p.id, day)
            if (branch is not None and dept_id in index.org_chain(branch)) or (
                branch is None and single
            ):
                out.append(p)
    return out
