"""``structure.*``: member counts, committees, secretaries, group leaders, terms and the
department's form — each at its boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_core.model import Ledger
from dangjian_core.rules import Finding, Severity, Status, check
from dangjian_core.testing.builders import LedgerBuilder
from dangjian_core.testing.strategies import ledgers

from .conftest import one, run

YEAR_END = date(2025, 12, 31)
MID_YEAR = date(2025, 6, 15)


def branch_with(full: int, probationary: int = 0, **kw) -> tuple[LedgerBuilder, str, list[str]]:
    b = LedgerBuilder()
    dept = b.department(id="dept")
    br = b.branch(dept, id="br", **kw)
    people = [b.member(br) for _ in range(full)]
    people += [b.member(br, status="probationary", since="2025-03-01") for _ in range(probationary)]
    return b, br, people


# -- branch_min_members ---------------------------------------------------------------------


def test_three_full_members_pass():
    b, br, people = branch_with(3)
    f = one(run(b.build(), "structure.branch_min_members"), br)
    assert (f.status, f.measured, f.expected) == (Status.PASS, 3, 3)
    assert f.evidence == tuple(sorted(people))
    assert f.period.label == "2025"


def test_two_full_members_fail_and_probationary_members_do_not_count():
    b, br, people = branch_with(2, probationary=3)
    f = one(run(b.build(), "structure.branch_min_members"), br)
    assert (f.status, f.measured, f.expected) == (Status.FAIL, 2, 3)
    assert f.evidence == tuple(sorted(people[:2]))
    assert f.message_key == "fail"
    assert "联合党支部" in f.message_zh


def test_a_joint_branch_counts_its_own_full_members():
    b, br, _ = branch_with(2, joint=True)
    f = one(run(b.build(), "structure.branch_min_members"), br)
    assert (f.status, f.message_key) == (Status.FAIL, "fail_joint")
    assert "联合党支部" in f.message_zh


def test_members_are_read_on_the_last_day_and_the_current_period_on_as_of():
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    for _ in range(2):
        b.member(br)
    b.member(br, left_org="2025-06-14")  # gone before as_of
    b.member(br, joined="2025-06-16")  # arrives after as_of
    mid = one(run(b.build(), "structure.branch_min_members", as_of=MID_YEAR), br)
    # read on as_of (2 full members): a state is judged now, the year need not be over
    assert (mid.status, mid.measured, mid.reason) == (Status.FAIL, 2, None)

    monthly = run(
        b.build(),
        "structure.branch_min_members",
        params={"structure.branch_min_members": {"per": "month"}},
    )
    statuses = {f.period.label: (f.status, f.measured) for f in monthly}
    assert statuses["2025-05"] == (Status.PASS, 3)
    assert statuses["2025-06"] == (Status.PASS, 3)  # joined on the 16th, read on the 30th
    assert statuses["2025-07"] == (Status.PASS, 3)
    assert len(monthly) == 12


def test_a_branch_founded_after_as_of_is_not_judged():
    b, br, _ = branch_with(3, founded="2025-07-01")
    assert len(run(b.build(), "structure.branch_min_members", as_of=MID_YEAR)) == 0
    assert [f.subject_id for f in run(b.build(), "structure.branch_min_members")] == [br]


# -- branch_max_members ---------------------------------------------------------------------


def test_fifty_members_pass_and_fifty_one_warn():
    b, br, _ = branch_with(48, probationary=2)
    f = one(run(b.build(), "structure.branch_max_members"), br)
    assert (f.status, f.measured, f.expected) == (Status.PASS, 50, 50)
    b, br, people = branch_with(49, probationary=2)
    f = one(run(b.build(), "structure.branch_max_members"), br)
    assert (f.status, f.measured, f.severity) == (Status.WARN, 51, Severity.ADVISORY)
    assert f.evidence == tuple(sorted(people))
    assert "51" in f.message_zh


# -- committee_required ---------------------------------------------------------------------


def test_seven_full_members_need_a_committee():
    b, br, people = branch_with(7)
    b.role(br, people[0], "secretary")  # a secretary alone is no committee
    f = one(run(b.build(), "structure.committee_required"), br)
    assert (f.status, f.measured, f.expected) == (Status.FAIL, 7, 7)
    assert f.evidence == tuple(sorted(people))


def test_seven_full_members_with_a_committee_pass():
    b, br, people = branch_with(7)
    b.role(br, people[0], "secretary")
    b.role(br, people[1], "organization")
    b.role(br, people[2], "publicity")
    f = one(run(b.build(), "structure.committee_required"), br)
    assert (f.status, f.measured) == (Status.PASS, 7)
    assert f.evidence == tuple(sorted(people[:3]))


def test_six_full_members_do_not_need_a_committee():
    b, br, _ = branch_with(6, probationary=3)
    f = one(run(b.build(), "structure.committee_required"), br)
    assert (f.status, f.reason, f.measured, f.expected) == (
        Status.NOT_APPLICABLE,
        "below_threshold",
        6,
        7,
    )


# -- committee_size -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "status"),
    [
        (2, Status.FAIL),
        (3, Status.PASS),
        (5, Status.PASS),
        (6, Status.WARN),
        (7, Status.WARN),
        (8, Status.FAIL),
    ],
)
def test_committee_sizes(size, status):
    b, br, people = branch_with(9)
    b.role(br, people[0], "secretary")
    for person in people[1:size]:
        b.role(br, person, "committee_member")
    f = one(run(b.build(), "structure.committee_size"), br)
    assert (f.status, f.measured, f.expected) == (status, size, "3–5")
    assert f.evidence == tuple(sorted(people[:size]))


def test_no_committee_is_not_applicable():
    b, br, people = branch_with(3)
    b.role(br, people[0], "secretary")
    f = one(run(b.build(), "structure.committee_size"), br)
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_committee")


def test_committee_size_bounds_are_validated():
    b, _, _ = branch_with(3)
    with pytest.raises(Exception, match="max_tolerated"):
        run(
            b.build(),
            "structure.committee_size",
            params={"structure.committee_size": {"max_size": 8}},
        )


# -- secretary_present ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "status"), [("2025-12-30", Status.FAIL), ("2025-12-31", Status.PASS)]
)
def test_a_secretary_ending_the_day_before_the_last_day_is_absent(end, status):
    b, br, people = branch_with(3)
    role = b.role(br, people[0], "secretary", start="2024-01-01", end=end)
    f = one(run(b.build(), "structure.secretary_present"), br)
    assert f.status is status
    assert f.evidence == (() if status is Status.FAIL else (role, people[0]))


def test_every_organisation_but_groups_needs_a_secretary():
    b, br, people = branch_with(3)
    b.group(br, id="grp")
    b.role("dept", people[1], "secretary")
    found = run(b.build(), "structure.secretary_present")
    statuses = {f.subject_id: f.status for f in found}
    school = b.school()
    assert statuses == {school: Status.FAIL, "dept": Status.PASS, br: Status.FAIL}
    assert one(found, "dept").message_zh.endswith(f"书记：人员{people[1]}")


def test_the_current_period_is_read_on_as_of():
    b, br, people = branch_with(3)
    b.role(br, people[0], "secretary", end="2025-06-14")
    b.role(br, people[1], "secretary", start="2025-06-16")
    f = one(run(b.build(), "structure.secretary_present", as_of=MID_YEAR), br)
    assert (f.status, f.reason) == (Status.FAIL, None)  # vacant on as_of: judged now
    f = one(run(b.build(), "structure.secretary_present", as_of=date(2025, 6, 14)), br)
    assert f.status is Status.PASS  # read on as_of: the first secretary is still in post
    assert one(run(b.build(), "structure.secretary_present"), br).status is Status.PASS


# -- secretary_party_age --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("converted", "appointed", "status"),
    [
        ("2020-02-29", "2021-02-28", Status.PASS),  # 1 year from 29 Feb ends on 28 Feb
        ("2020-02-29", "2021-02-27", Status.WARN),
        ("2023-02-28", "2024-02-29", Status.PASS),  # appointed on a leap day
        ("2023-03-01", "2024-02-29", Status.WARN),
        ("2023-03-01", "2024-03-01", Status.PASS),  # exactly one year
    ],
)
def test_party_age_of_one_year_on_appointment(converted, appointed, status):
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    sec = b.member(br, since=converted)
    role = b.role(br, sec, "secretary", start=appointed)
    f = one(run(b.build(), "structure.secretary_party_age"), br)
    reached = {
        "2020-02-29": date(2021, 2, 28),
        "2023-02-28": date(2024, 2, 28),
        "2023-03-01": date(2024, 3, 1),
    }
    assert (f.status, f.measured, f.expected) == (
        status,
        reached[converted],
        date.fromisoformat(appointed),
    )
    assert f.evidence == (role, sec)


def test_a_secretary_appointed_before_conversion_warns():
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    sec = b.member(br, since="2024-05-01")  # converted after the appointment
    b.role(br, sec, "secretary", start="2024-03-01")
    f = one(run(b.build(), "structure.secretary_party_age"), br)
    assert (f.status, f.measured, f.message_key) == (Status.WARN, None, "warn_not_full")
    probationary = LedgerBuilder()
    br2 = probationary.branch(probationary.department(), id="br")
    p = probationary.member(br2, status="probationary", since="2024-01-01")
    probationary.role(br2, p, "secretary", start="2024-03-01")
    f = one(run(probationary.build(), "structure.secretary_party_age"), br2)
    assert (f.status, f.measured) == (Status.WARN, None)


def test_no_secretary_no_party_age_finding():
    b, br, _ = branch_with(3)
    f = one(run(b.build(), "structure.secretary_party_age"), br)
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_secretary")


# -- group_leader ---------------------------------------------------------------------------


def test_groups_need_a_leader():
    b, br, people = branch_with(4)
    led = b.group(br, id="g1")
    unled = b.group(br, id="g2")
    role = b.role(led, people[0], "group_leader")
    b.role(unled, people[1], "group_leader", end="2025-12-30")
    found = run(b.build(), "structure.group_leader")
    assert {f.subject_id for f in found} == {led, unled}
    assert (one(found, led).status, one(found, led).evidence) == (Status.PASS, (role,))
    assert (one(found, unled).status, one(found, unled).evidence) == (Status.FAIL, ())


# -- term_expiry ----------------------------------------------------------------------------


def elected(day: str, kind: str = "branch", **kw) -> tuple[LedgerBuilder, str, str]:
    b = LedgerBuilder()
    school = b.school(founded="1950-01-01")
    org = b.org(kind, school, id="org", **({"category": "teacher"} if kind == "branch" else {}))
    election = b.election(org, day, **kw)
    b.election(org, "2019-01-01")  # an older one never wins
    b.election(org, "2026-03-01")  # after as_of: ignored
    return b, org, election


def expiry(b: LedgerBuilder, as_of: date) -> Finding:
    return one(run(b.build(), "structure.term_expiry", as_of=as_of), "org")


def test_a_term_due_exactly_at_as_of_warns_and_the_day_after_fails():
    b, _, e = elected("2022-12-31")
    f = expiry(b, YEAR_END)
    assert (f.status, f.measured, f.expected, f.evidence) == (
        Status.WARN,
        date(2025, 12, 31),
        YEAR_END,
        (e,),
    )
    f = expiry(b, date(2026, 1, 1))
    assert (f.status, f.measured) == (Status.FAIL, date(2025, 12, 31))
    assert "未按期换届" in f.message_zh


@pytest.mark.parametrize(
    ("day", "status"), [("2022-12-15", Status.WARN), ("2022-12-16", Status.PASS)]
)
def test_due_in_six_months_warns_and_six_months_and_a_day_passes(day, status):
    b, _, _ = elected(day)
    assert expiry(b, MID_YEAR).status is status  # 2025-06-15 + 6 months = 2025-12-15


def test_committees_serve_five_years_and_an_election_may_set_its_own_term():
    b, _, _ = elected("2021-01-10", kind="dept_committee")
    f = expiry(b, MID_YEAR)
    assert (f.status, f.measured) == (Status.PASS, date(2026, 1, 10))
    b, _, _ = elected("2021-01-10", term_years=4)
    assert expiry(b, MID_YEAR).measured == date(2025, 1, 10)
    b, _, _ = elected("2021-01-10")
    assert expiry(b, MID_YEAR).measured == date(2024, 1, 10)


def test_an_approved_shift_moves_the_due_date():
    b, _, e = elected("2022-03-01")  # due 2025-03-01: overdue at MID_YEAR
    assert expiry(b, MID_YEAR).status is Status.FAIL
    shift = b.record(
        "term_shifts",
        org_id="org",
        new_due="2025-12-01",
        approved_by="校党委",
        approved_on="2025-01-10",
    )
    f = expiry(b, MID_YEAR)
    assert (f.status, f.measured, f.evidence) == (Status.WARN, date(2025, 12, 1), (e, shift))


def test_shifts_approved_later_too_long_or_for_an_earlier_term_are_ignored():
    b, _, _ = elected("2022-03-01")
    b.record(
        "term_shifts",
        org_id="org",
        new_due="2025-12-01",
        approved_by="校党委",
        approved_on="2025-06-16",
    )
    b.record(
        "term_shifts",
        org_id="org",
        new_due="2026-03-02",
        approved_by="校党委",
        approved_on="2025-01-10",
    )
    b.record(
        "term_shifts",
        org_id="org",
        new_due="2025-12-01",
        approved_by="校党委",
        approved_on="2022-02-01",
    )
    f = expiry(b, MID_YEAR)
    assert (f.status, f.measured) == (Status.FAIL, date(2025, 3, 1))


def test_without_an_election_the_term_runs_from_the_founding():
    b = LedgerBuilder()
    br = b.branch(b.school(founded="1950-01-01"), id="org", founded="2024-01-01")
    b.group(br)  # groups have no term
    f = expiry(b, MID_YEAR)
    assert (f.status, f.measured, f.evidence) == (Status.PASS, date(2027, 1, 1), ())
    found = run(b.build(), "structure.term_expiry", as_of=MID_YEAR)
    assert {x.subject_id for x in found} == {"org", b.school()}


def test_no_election_and_no_founding_date_fails():
    b = LedgerBuilder()
    b.branch(b.school(founded="1950-01-01"), id="org")
    f = expiry(b, MID_YEAR)
    assert (f.status, f.message_key, f.period.label) == (Status.FAIL, "fail_no_election", "2025")


# -- term_shift -----------------------------------------------------------------------------


def shifted(previous: str, again: str, **kw) -> tuple[LedgerBuilder, str, str]:
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org")
    first = b.election(org, previous)
    second = b.election(org, again, **kw)
    return b, first, second


def shift_finding(b: LedgerBuilder) -> Finding:
    return one(run(b.build(), "structure.term_shift"), "org")


def test_a_re_election_in_the_due_month_is_on_time():
    b, first, second = shifted("2022-03-10", "2025-03-28")
    f = shift_finding(b)
    assert (f.status, f.message_key, f.measured, f.expected) == (
        Status.PASS,
        "pass",
        date(2025, 3, 28),
        date(2025, 3, 10),
    )
    assert f.evidence == (second, first)
    assert f.period.label == "2025-03"


def test_a_re_election_off_the_due_month_needs_approval():
    b, _, _ = shifted("2022-03-10", "2025-04-01")
    assert (shift_finding(b).status, shift_finding(b).message_key) == (Status.FAIL, "fail")


@pytest.mark.parametrize("approved", [True, False])
def test_a_shift_of_exactly_one_year(approved):
    b, first, second = shifted("2021-06-15", "2025-06-15")
    b.election("org", "2018-06-15")  # before the previous one: not the previous term
    shift = None
    if approved:
        shift = b.record(
            "term_shifts",
            org_id="org",
            new_due="2025-06-15",
            approved_by="校党委",
            approved_on="2024-05-01",
        )
    f = shift_finding(b)
    assert (f.measured, f.expected) == (date(2025, 6, 15), date(2024, 6, 15))
    if approved:
        assert (f.status, f.message_key, f.evidence) == (
            Status.PASS,
            "pass_approved",
            (second, first, shift),
        )
    else:
        assert (f.status, f.message_key, f.evidence) == (Status.FAIL, "fail", (second, first))


def test_more_than_a_year_fails_even_with_approval():
    b, _, _ = shifted("2021-06-15", "2025-06-16", approved_by="校党委", approved_on="2025-05-01")
    f = shift_finding(b)
    assert (f.status, f.message_key) == (Status.FAIL, "fail_too_far")


@pytest.mark.parametrize(
    ("approval", "status"),
    [
        ({"approved_by": "校党委"}, Status.PASS),
        ({"approved_by": "校党委", "approved_on": "2025-03-01"}, Status.PASS),
        ({"approved_by": "校党委", "approved_on": "2025-03-02"}, Status.FAIL),  # dated after
    ],
)
def test_an_approval_recorded_on_the_election(approval, status):
    b, _, _ = shifted("2022-09-01", "2025-03-01", **approval)
    assert shift_finding(b).status is status


def test_a_shift_approved_before_the_previous_election_does_not_count():
    b, _, _ = shifted("2022-09-01", "2025-03-01")
    b.record(
        "term_shifts",
        org_id="org",
        new_due="2025-03-01",
        approved_by="校党委",
        approved_on="2022-08-01",
    )
    assert shift_finding(b).status is Status.FAIL


def test_only_re_elections_in_the_window_and_before_as_of_are_judged():
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org")
    b.election(org, "2021-05-01")
    b.election(org, "2024-05-20")  # previous window
    assert len(run(b.build(), "structure.term_shift")) == 0
    b.election(org, "2025-07-01")  # after MID_YEAR
    assert len(run(b.build(), "structure.term_shift", as_of=MID_YEAR)) == 0
    f = shift_finding(b)
    assert (f.status, f.expected) == (Status.FAIL, date(2027, 5, 20))


def test_the_first_term_runs_from_the_founding():
    # founded 2020-01-10: the first term was due 2023-01-10; re-elected 2 years late
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org", founded="2020-01-10")
    late = b.election(org, "2025-01-20")
    f = shift_finding(b)
    assert (f.status, f.message_key, f.measured, f.expected) == (
        Status.FAIL,
        "fail_too_far",
        date(2025, 1, 20),
        date(2023, 1, 10),
    )
    assert f.evidence == (late,)


@pytest.mark.parametrize(
    ("again", "status", "key"),
    [("2023-01-25", Status.PASS, "pass"), ("2023-06-01", Status.FAIL, "fail")],
)
def test_a_first_re_election_is_judged_against_the_founding(again, status, key):
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org", founded="2020-01-10")
    b.election(org, again)
    f = one(run(b.build(), "structure.term_shift", as_of=date(2023, 12, 31)), "org")
    assert (f.status, f.message_key, f.expected) == (status, key, date(2023, 1, 10))


def test_a_shift_approved_during_the_first_term_counts():
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org", founded="2022-03-01")
    shift = b.record("term_shifts", org_id=org, new_due="2025-09-01", approved_by="校党委",
                     approved_on="2024-12-01")
    election = b.election(org, "2025-09-01")
    f = shift_finding(b)
    assert (f.status, f.message_key, f.evidence) == (Status.PASS, "pass_approved",
                                                     (election, shift))


def test_an_election_in_the_founding_month_is_the_founding_election():
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org", founded="2025-03-01")
    b.election(org, "2025-03-20")  # elected at the founding: starts the first term
    assert len(run(b.build(), "structure.term_shift")) == 0
    b.election(org, "2028-03-05")
    f = one(run(b.build(), "structure.term_shift", as_of=date(2028, 12, 31)), "org")
    assert (f.status, f.expected) == (Status.PASS, date(2028, 3, 20))


def test_without_a_founding_date_the_first_recorded_election_starts_the_first_term():
    b = LedgerBuilder()
    org = b.branch(b.school(), id="org")
    b.election(org, "2025-01-20")
    assert len(run(b.build(), "structure.term_shift")) == 0


# -- general_branch_threshold ---------------------------------------------------------------


def direct_branch(members: int) -> tuple[LedgerBuilder, str]:
    b = LedgerBuilder()
    br = b.branch(b.school(), id="dept", is_department=True)
    for _ in range(members - 1):
        b.member(br)
    b.member(br, status="probationary", since="2025-01-01")
    return b, br


@pytest.mark.parametrize(("members", "status"), [(49, Status.PASS), (50, Status.WARN)])
def test_a_department_branch_of_fifty_members_should_be_a_general_branch(members, status):
    b, dept = direct_branch(members)
    f = one(run(b.build(), "structure.general_branch_threshold"), dept)
    assert (f.status, f.measured, f.expected) == (status, members, 50)


def test_a_general_branch_of_a_hundred_may_become_a_committee():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    for _ in range(2):
        br = b.branch(dept)
        for _ in range(50):
            b.member(br)
    f = one(run(b.build(), "structure.general_branch_threshold"), dept)
    assert (f.status, f.measured, f.message_key) == (Status.PASS, 100, "pass_may_committee")


def test_a_department_without_members_is_not_applicable():
    b = LedgerBuilder()
    b.department(id="dept")
    f = one(run(b.build(), "structure.general_branch_threshold"), "dept")
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_members")


# -- properties -----------------------------------------------------------------------------


def _reversed(ledger: Ledger) -> Ledger:
    data = ledger.model_dump()
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = value[::-1]
    return Ledger.model_validate(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger=ledgers(), as_of=st.dates(date(2015, 1, 1), date(2030, 12, 31)))
def test_any_ledger_checks_and_the_order_of_records_does_not_matter(ledger, as_of):
    rules = ["structure.*", "leadership.*"]
    found = check(ledger, as_of=as_of, rules=rules, strict=True)
    again = check(_reversed(ledger), as_of=as_of, rules=rules, strict=True)
    assert found.to_records() == again.to_records()
