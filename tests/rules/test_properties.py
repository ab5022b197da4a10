"""Properties of a whole check run over a realistic ledger (examples/department.json)."""

from __future__ import annotations

import random
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import dangjian_core as dj
from dangjian_core.rules import LedgerIndex, Status

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "department.json"
AS_OF = date(2025, 12, 31)


@cache
def example_data() -> dict[str, Any]:
    return dj.load_ledger(EXAMPLE).model_dump(mode="json")


@cache
def baseline() -> dj.Findings:
    return dj.check(dj.load_ledger(example_data()), as_of=AS_OF)


def _shuffled(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The same ledger with every collection's records in another order (a record's own
    lists — an agenda, attendance — keep theirs: their order is part of the record)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            value = list(value)
            rng.shuffle(value)
        out[key] = value
    return out


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_findings_do_not_depend_on_the_order_of_records(seed):
    shuffled = _shuffled(example_data(), random.Random(seed))
    assert dj.check(dj.load_ledger(shuffled), as_of=AS_OF) == baseline()


def test_rerunning_check_gives_identical_findings():
    ledger = dj.load_ledger(example_data())
    assert dj.check(ledger, as_of=AS_OF) == dj.check(ledger, as_of=AS_OF) == baseline()


MEETING_KINDS = ["general_assembly", "committee", "group", "lecture", "theme_day", "org_life",
                 "dept_party_meeting", "dept_joint_meeting", "study_group",
                 "ideology_analysis", "ideology_joint", "youth_class"]


@settings(max_examples=15, deadline=None)
@given(
    kind=st.sampled_from(MEETING_KINDS),
    org_index=st.integers(0, 50),
    day=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    online=st.booleans(),
)
def test_adding_a_compliant_meeting_never_turns_a_pass_into_anything_else(kind, org_index, day,
                                                                           online):
    data = example_data()
    orgs = [o["id"] for o in data["organizations"]]
    org = orgs[org_index % len(orgs)]
    ledger = dj.load_ledger(data)
    index = LedgerIndex(ledger)
    is_committee = kind == "committee"
    entitled = (index.committee_on(org, day) if is_committee
                else index.members(org, day, full_only=True))
    meeting: dict[str, Any] = {
        "id": "added-meeting", "kind": kind, "org_ids": [org], "date": day.isoformat(),
        "mode": "online" if online else "onsite",
    }
    if entitled:
        meeting["entitled"] = sorted(entitled)
        meeting["present"] = sorted(entitled)
    else:
        meeting["entitled"], meeting["present"] = 1, 1
    more = {**data, "meetings": [*data["meetings"], meeting]}
    after = dj.check(dj.load_ledger(more), as_of=AS_OF)
    after_by_key = {f.key: f for f in after}
    for f in baseline():
        if f.status is Status.PASS:
            assert after_by_key[f.key].status is Status.PASS, (f.key, after_by_key[f.key])
