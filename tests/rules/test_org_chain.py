"""Scopes: every finding rolls up to the organisations above its subject, so that a scheme
sees it.  A person with no party membership rolls up through their posts and party roles,
then their ``department_id``, then the only department of the ledger (docs/rules/README.md, "Person
findings roll up to the department the person works in")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dangjian_core import load_ledger
from dangjian_core.model.index import LedgerIndex
from dangjian_core.rules import Status, check
from dangjian_core.scoring import assess
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import one

YEAR_END = date(2025, 12, 31)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def two_departments() -> tuple[LedgerBuilder, str, str]:
    """Two departments, so that the one-department fallback cannot hide a missing scope."""
    b = LedgerBuilder()
    return b, b.department(id="dept-a"), b.department(id="dept-b")


def test_a_counsellor_without_membership_rolls_up_through_the_post_unit():
    b, _, dept_b = two_departments()
    counsellor = b.person(category="staff")
    b.post("counselor", counsellor, dept_b)
    f = one(check(b.build(), as_of=YEAR_END, rules="education.counselor_training"), counsellor)
    assert f.status is Status.FAIL
    assert f.org_chain == (dept_b, b.school())


def test_a_post_held_on_the_day_wins_over_an_ended_one():
    b, dept_a, dept_b = two_departments()
    counsellor = b.person(category="staff")
    b.post("counselor", counsellor, dept_a, start="2020-01-01", end="2024-12-31")
    b.post("counselor", counsellor, dept_b, start="2025-01-01")
    f = one(check(b.build(), as_of=YEAR_END, rules="education.counselor_training"), counsellor)
    assert f.org_chain[0] == dept_b


def test_a_party_role_places_a_person_without_membership():
    b, dept_a, _ = two_departments()
    secretary = b.person(category="staff")
    b.role(dept_a, secretary, "secretary")
    f = one(check(b.build(), as_of=YEAR_END, rules="leadership.secretary_training"), secretary)
    assert f.org_chain == (dept_a, b.school())


def test_department_id_places_a_person_without_membership_or_post():
    b, _, dept_b = two_departments()
    teacher = b.person(specialty_teacher=True, department_id=dept_b)
    found = check(b.build(), as_of=YEAR_END, rules="education.course_ideology_training")
    assert one(found, teacher).org_chain == (dept_b, b.school())


def test_in_a_one_department_ledger_everyone_else_rolls_up_to_it():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    teacher = b.person(specialty_teacher=True)  # no membership, post or department_id
    found = check(b.build(), as_of=YEAR_END, rules="education.course_ideology_training")
    assert one(found, teacher).org_chain == (dept, b.school())


def test_a_counsellor_s_missing_training_costs_the_department_points():
    """The issue's case: the counsellor counted in E1 but E3 stayed 0/0 not_applicable."""
    b = LedgerBuilder()
    dept = b.department(id="dept")
    counsellor = b.person(category="staff")
    b.post("counselor", counsellor, dept)
    b.department(id="other")  # a second department: no fallback to lean on
    s = assess(b.build(), "five-in-place", as_of=YEAR_END, subject=dept).subject(dept)
    (e3,) = [i for d in s.dimensions for i in d.indicators if i.id == "E3"]
    assert (e3.excluded, e3.possible, e3.passed, e3.failed) == (None, 3, 0, 1)


@pytest.mark.parametrize(
    ("path", "as_of"),
    [
        ("department.json", date(2025, 12, 31)),
        ("jidian/ledger.json", date(2021, 12, 31)),
        ("jidian/weaker.json", date(2021, 12, 31)),
    ],
)
def test_no_finding_of_the_examples_is_left_without_a_scope(path: str, as_of: date):
    found = check(load_ledger(EXAMPLES / path), as_of=as_of)
    assert [f for f in found if f.status is Status.ERROR] == []
    assert [f.key for f in found if not f.org_chain] == []


@pytest.mark.parametrize("reverse", [False, True])
def test_two_memberships_at_once_place_the_person_whatever_their_order(reverse):
    """A relation recorded in two branches from the same day (a ledger inconsistency that
    loads) rolls up to the smaller branch id, in either record order; one begun later wins."""
    b = LedgerBuilder()
    dept = b.department(id="dept")
    first, second = b.branch(dept, id="br-a"), b.branch(dept, id="br-b")
    member = b.member(first, id="m")
    ledger = b.build()
    data = ledger.model_dump(mode="json")
    person = next(p for p in data["people"] if p["id"] == member)
    person["memberships"] = [
        {"org_id": first, "start": "2020-01-01"},
        {"org_id": second, "start": "2020-01-01"},
    ][:: -1 if reverse else 1]
    index = LedgerIndex(load_ledger(data))
    assert index.branch_of(member, YEAR_END) == first
    person["memberships"].append({"org_id": second, "start": "2021-06-01"})
    assert LedgerIndex(load_ledger(data)).branch_of(member, YEAR_END) == second
    assert LedgerIndex(load_ledger(data)).branch_of(member, date(2021, 5, 31)) == first
