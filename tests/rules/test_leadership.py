"""``leadership.*``: 双带头人 qualification and coverage, contact coverage, secretary training."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.rules import Finding, Status
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import one, run

YEAR_END = date(2025, 12, 31)
MID_YEAR = date(2025, 6, 15)
CRITERIA = ("designated", "title_rank", "degree")


# -- dual_leader_qualified ------------------------------------------------------------------


def led_branch(
    b: LedgerBuilder, dept: str, branch_id: str | None = None, **secretary
) -> tuple[str, str, str]:
    kind = secretary.pop("teacher_kind", "faculty")
    category = secretary.pop("category", "teacher")
    br = b.branch(
        dept, category=category, teacher_kind=kind if category == "teacher" else None, id=branch_id
    )
    person = b.member(br, **secretary)
    role = b.role(br, person, "secretary")
    return br, person, role


@pytest.mark.parametrize(
    ("secretary", "status", "measured", "key"),
    [
        ({"dual_leader": True, "title_rank": "junior"}, Status.PASS, ("designated",), "pass"),
        ({"dual_leader": False, "title_rank": "full_senior"}, Status.FAIL, (), "fail_designated"),
        ({"title_rank": "associate_senior"}, Status.PASS, ("title_rank",), "pass"),
        ({"title_rank": "intermediate", "degree": "master"}, Status.FAIL, (), "fail"),
        ({"degree": "doctorate"}, Status.PASS, ("degree",), "pass"),
        ({"academic_lead": True}, Status.FAIL, (), "fail"),  # not a default criterion
        (
            {"title_rank": "full_senior", "degree": "doctorate"},
            Status.PASS,
            ("title_rank", "degree"),
            "pass",
        ),
    ],
)
def test_secretary_qualification(secretary, status, measured, key):
    b = LedgerBuilder()
    br, person, role = led_branch(b, b.department(), "br", **secretary)
    f = one(run(b.build(), "leadership.dual_leader_qualified"), person, br)
    assert (f.status, f.measured, f.expected, f.message_key) == (status, measured, CRITERIA, key)
    assert f.evidence == (role, person)
    assert f.period.label == "2025"


def test_academic_lead_counts_only_when_a_scheme_accepts_it():
    b = LedgerBuilder()
    br, person, _ = led_branch(b, b.department(), "br", academic_lead=True)
    f = one(run(b.build(), "leadership.dual_leader_qualified"), person, br)
    assert (f.status, f.measured) == (Status.FAIL, ())
    assert "正高或副高职称、博士学位" in f.message_zh and "学术带头人" not in f.message_zh
    params = {"leadership.dual_leader_qualified": {"accept_academic_lead": True}}
    f = one(run(b.build(), "leadership.dual_leader_qualified", params=params), person, br)
    assert (f.status, f.measured, f.expected) == (
        Status.PASS,
        ("academic_lead",),
        (*CRITERIA, "academic_lead"),
    )


def test_the_secretary_is_the_subject_and_the_finding_rolls_up_through_the_branch():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    other = b.department(id="other")
    br = b.branch(dept, id="br")
    home = b.branch(other, id="home")
    sec = b.member(home, title_rank="associate_senior")  # enrolled in another department
    b.role(br, sec, "secretary")
    b.role(home, sec, "secretary")
    found = run(b.build(), "leadership.dual_leader_qualified")
    assert {(f.subject_id, f.facet) for f in found} == {(sec, "br"), (sec, "home")}
    f = one(found, sec, "br")
    assert (f.status, f.subject_kind.value) == (Status.PASS, "person")
    assert f.org_chain == (br, dept, b.school())
    assert one(found, sec, "home").org_chain == (home, other, b.school())
    assert "任党支部书记" in f.message_zh


def test_only_faculty_teacher_branches_by_default():
    b = LedgerBuilder()
    dept = b.department()
    faculty, _, _ = led_branch(b, dept, "faculty")
    staff, _, _ = led_branch(b, dept, "staff", teacher_kind="staff")
    student, _, _ = led_branch(b, dept, "student", category="student")
    unrecorded = b.org("branch", dept, category="teacher", id="unrecorded")
    b.role(unrecorded, b.member(unrecorded), "secretary")
    found = run(b.build(), "leadership.dual_leader_qualified")
    assert {f.facet for f in found} == {faculty, unrecorded}
    params = {"leadership.dual_leader_qualified": {"include_staff_branches": True}}
    found = run(b.build(), "leadership.dual_leader_qualified", params=params)
    assert {f.facet for f in found} == {faculty, unrecorded, staff}
    assert student not in {f.facet for f in found}


def test_the_secretary_is_read_on_the_last_day_and_a_vacancy_fails_on_the_branch():
    b = LedgerBuilder()
    dept = b.department()
    br = b.branch(dept, id="br")
    old = b.member(br, title_rank="full_senior")
    new = b.member(br, title_rank="junior")
    b.role(br, old, "secretary", start="2020-01-01", end="2025-09-30")
    b.role(br, new, "secretary", start="2025-10-01", end="2025-12-30")
    mid = one(run(b.build(), "leadership.dual_leader_qualified", as_of=MID_YEAR), old, br)
    assert mid.status is Status.PASS
    params = {"leadership.dual_leader_qualified": {"per": "quarter"}}
    by_quarter = {
        f.period.label: f for f in run(b.build(), "leadership.dual_leader_qualified", params=params)
    }
    assert by_quarter["2025Q3"].status is Status.PASS
    assert by_quarter["2025Q3"].subject_id == old
    # Vacant on 31 December: the branch is the subject, and it is not led by a 双带头人.
    q4 = by_quarter["2025Q4"]
    assert (q4.subject_id, q4.subject_kind.value, q4.facet) == (br, "organization", None)
    assert (q4.status, q4.message_key) == (Status.FAIL, "fail_no_secretary")
    assert q4.org_chain == (br, dept, b.school())
    # The current period is judged on as_of: a vacancy then fails too, never not_yet_due.
    f = one(run(b.build(), "leadership.dual_leader_qualified", as_of=date(2026, 3, 1)), br)
    assert (f.status, f.reason) == (Status.FAIL, None)


# -- dual_leader_coverage -------------------------------------------------------------------


def coverage_ledger(total: int, qualified: int) -> tuple[LedgerBuilder, str, list[str]]:
    b = LedgerBuilder()
    dept = b.department(id="dept")
    branches = []
    for i in range(total):
        rank = "associate_senior" if i < qualified else "intermediate"
        br, _, _ = led_branch(b, dept, f"br{i:03d}", title_rank=rank)
        branches.append(br)
    return b, dept, branches


def test_all_teacher_branches_led_by_dual_leaders_pass():
    b, dept, branches = coverage_ledger(100, 100)
    found = run(b.build(), "leadership.dual_leader_coverage")
    f = one(found, dept)
    assert (f.status, f.measured, f.expected) == (Status.PASS, Fraction(1), Fraction(1))
    assert f.evidence == tuple(branches)
    school = one(found, b.school())  # the school counts every teacher branch below it
    assert (school.status, school.measured) == (Status.PASS, Fraction(1))


def test_ninety_nine_percent_fails():
    b, dept, branches = coverage_ledger(100, 99)
    f = one(run(b.build(), "leadership.dual_leader_coverage"), dept)
    assert (f.status, f.measured, f.expected) == (Status.FAIL, Fraction(99, 100), Fraction(1))
    assert f.evidence == (branches[99],)
    assert "99/100" in f.message_zh and "99%" in f.message_zh
    params = {"leadership.dual_leader_coverage": {"min_ratio": "99/100"}}
    f = one(run(b.build(), "leadership.dual_leader_coverage", params=params), dept)
    assert (f.status, f.expected) == (Status.PASS, Fraction(99, 100))


def test_a_branch_without_secretary_is_not_covered_and_staff_branches_count_on_request():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    led_branch(b, dept, "good", dual_leader=True)
    b.branch(dept, id="vacant")
    led_branch(b, dept, "staff", teacher_kind="staff")
    led_branch(b, dept, "student", category="student")
    f = one(run(b.build(), "leadership.dual_leader_coverage"), dept)
    assert (f.status, f.measured, f.evidence) == (Status.FAIL, Fraction(1, 2), ("vacant",))
    params = {"leadership.dual_leader_coverage": {"include_staff_branches": True}}
    f = one(run(b.build(), "leadership.dual_leader_coverage", params=params), dept)
    assert (f.measured, f.evidence) == (Fraction(1, 3), ("staff", "vacant"))


def test_a_department_branch_counts_itself_and_no_teacher_branch_is_not_applicable():
    b = LedgerBuilder()
    direct = b.branch(b.school(), id="direct", is_department=True)
    b.role(direct, b.member(direct, degree="doctorate"), "secretary")
    other = b.department(id="other")
    b.branch(other, category="student")
    found = run(b.build(), "leadership.dual_leader_coverage")
    assert (one(found, "direct").status, one(found, "direct").measured) == (
        Status.PASS,
        Fraction(1),
    )
    assert (one(found, "other").status, one(found, "other").reason) == (
        Status.NOT_APPLICABLE,
        "no_subjects",
    )


def test_a_branch_dissolved_before_the_last_day_is_left_out():
    b, dept, branches = coverage_ledger(2, 1)
    b.data["organizations"][-1]["dissolved"] = "2025-06-30"
    f = one(run(b.build(), "leadership.dual_leader_coverage"), dept)
    assert (f.status, f.measured, f.evidence) == (Status.PASS, Fraction(1), (branches[0],))


def test_coverage_does_not_accept_an_academic_lead_by_default():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    led_branch(b, dept, "lead", academic_lead=True)
    f = one(run(b.build(), "leadership.dual_leader_coverage"), dept)
    assert (f.status, f.measured, f.evidence) == (Status.FAIL, Fraction(0), ("lead",))
    params = {"leadership.dual_leader_coverage": {"accept_academic_lead": True}}
    f = one(run(b.build(), "leadership.dual_leader_coverage", params=params), dept)
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))


# -- contact_coverage -----------------------------------------------------------------------


def contacts() -> tuple[LedgerBuilder, dict[str, str]]:
    b = LedgerBuilder()
    ids: dict[str, str] = {}
    ids["dept"] = b.department(id="dept")
    ids["leader"] = b.person(category="staff", department_id="dept")
    ids["t1"] = b.person(department_id="dept")
    ids["t2"] = b.person(department_id="dept")
    ids["sbr"] = b.branch("dept", category="student", id="sbr")
    ids["grp"] = b.group("sbr", id="grp")
    ids["m1"] = b.member("sbr", category="student")
    ids["m2"] = b.member("grp", category="student")
    ids["s1"] = b.person(category="student", department_id="dept")
    return b, ids


def assign(
    b: LedgerBuilder, ids: dict[str, str], target: str, start: str = "2024-09-01", **kw
) -> str:
    return b.record(
        "contact_assignments", leader_id=ids["leader"], target_id=target, start=start, **kw
    )


def test_teachers_covered_by_person_targets():
    b, ids = contacts()
    a1 = assign(b, ids, ids["t1"])
    f = one(run(b.build(), "leadership.contact_coverage"), "dept", "teachers")
    assert (f.status, f.measured, f.expected, f.evidence) == (
        Status.FAIL,
        Fraction(1, 2),
        Fraction(1),
        (ids["t2"],),
    )
    assert "联系教师仅覆盖 1/2 人" in f.message_zh
    a2 = assign(b, ids, ids["t2"])
    f = one(run(b.build(), "leadership.contact_coverage"), "dept", "teachers")
    assert (f.status, f.measured, f.evidence) == (Status.PASS, Fraction(1), tuple(sorted([a1, a2])))


def test_an_organisation_target_covers_its_members_and_those_of_its_groups():
    b, ids = contacts()
    a = assign(b, ids, ids["sbr"])
    found = run(b.build(), "leadership.contact_coverage")
    members = one(found, "dept", "student_members")
    assert (members.status, members.measured, members.evidence) == (Status.PASS, Fraction(1), (a,))
    students = one(found, "dept", "students")  # a non-member student is not enrolled anywhere
    assert (students.status, students.measured, students.evidence) == (
        Status.FAIL,
        Fraction(2, 3),
        (ids["s1"],),
    )


def test_a_department_target_covers_members_of_its_sub_organisations():
    b, ids = contacts()
    assign(b, ids, "dept")
    assign(b, ids, ids["s1"])
    f = one(run(b.build(), "leadership.contact_coverage"), "dept", "students")
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))


def test_only_assignments_active_in_the_period_count():
    b, ids = contacts()
    assign(b, ids, ids["t1"], start="2023-01-01", end="2024-12-31")  # ended before the year
    assign(b, ids, ids["t2"], start="2025-01-01", end="2025-01-31")  # active in January
    f = one(run(b.build(), "leadership.contact_coverage"), "dept", "teachers")
    assert (f.measured, f.evidence) == (Fraction(1, 2), (ids["t1"],))
    assign(b, ids, ids["t1"], start="2025-06-16")  # after as_of
    f = one(run(b.build(), "leadership.contact_coverage", as_of=MID_YEAR), "dept", "teachers")
    # coverage is a state: the current year is judged on as_of, unmet fails
    assert (f.status, f.measured, f.reason) == (Status.FAIL, Fraction(1, 2), None)


def test_people_transferred_out_are_no_longer_listed():
    b, ids = contacts()
    gone = b.member("sbr", category="student", left_org="2025-06-30", department_id="dept")
    assign(b, ids, ids["sbr"])
    found = run(b.build(), "leadership.contact_coverage")
    f = one(found, "dept", "student_members")
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))
    f = one(
        run(b.build(), "leadership.contact_coverage", as_of=MID_YEAR), "dept", "student_members"
    )
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))  # still enrolled and covered
    params = {"leadership.contact_coverage": {"per": "quarter"}}
    by_quarter = {
        f.period.label: f
        for f in run(b.build(), "leadership.contact_coverage", params=params)
        if f.facet == "students"
    }
    assert by_quarter["2025Q2"].measured == Fraction(3, 4)  # m1, m2, gone of 4 students
    assert by_quarter["2025Q3"].measured == Fraction(2, 3)
    assert by_quarter["2025Q3"].evidence == (ids["s1"],)
    assert gone not in by_quarter["2025Q3"].evidence


def test_nobody_of_a_kind_is_not_applicable():
    b = LedgerBuilder()
    b.department(id="dept")
    t = b.person(department_id="dept")
    b.record("contact_assignments", leader_id=t, target_id=t, start="2025-01-01")
    found = run(b.build(), "leadership.contact_coverage")
    assert {f.facet: (f.status, f.reason) for f in found} == {
        "teachers": (Status.PASS, None),
        "students": (Status.NOT_APPLICABLE, "no_subjects"),
        "student_members": (Status.NOT_APPLICABLE, "no_subjects"),
    }


# -- secretary_training: first_training -----------------------------------------------------


def new_secretary(start: str = "2025-03-15") -> tuple[LedgerBuilder, str, str]:
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    sec = b.member(br)
    role = b.role(br, sec, "secretary", start=start)
    return b, sec, role


def train(
    b: LedgerBuilder, person: str, day: str, hours: str = "8", kind: str = "secretary"
) -> str:
    return b.record("trainings", person_id=person, kind=kind, date=day, hours=hours)


def first(b: LedgerBuilder, person: str, as_of: date = YEAR_END) -> Finding:
    return one(
        run(b.build(), "leadership.secretary_training", as_of=as_of), person, "first_training"
    )


def test_trained_on_the_day_six_months_after_taking_office_passes():
    b, sec, role = new_secretary()
    t = train(b, sec, "2025-09-15")
    f = first(b, sec)
    assert (f.status, f.measured, f.expected, f.evidence) == (
        Status.PASS,
        date(2025, 9, 15),
        date(2025, 9, 15),
        (role, t),
    )
    assert f.period.label == "2025-03-15..2025-09-15"


def test_trained_the_day_after_fails():
    b, sec, role = new_secretary()
    train(b, sec, "2025-09-16")
    train(b, sec, "2025-03-14")  # before taking office
    train(b, sec, "2025-04-01", kind="member_study")  # not a secretary training
    f = first(b, sec)
    assert (f.status, f.measured, f.expected, f.evidence) == (
        Status.FAIL,
        None,
        date(2025, 9, 15),
        (role,),
    )


def test_not_yet_due_before_the_deadline():
    b, sec, _ = new_secretary()
    f = first(b, sec, as_of=MID_YEAR)
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    train(b, sec, "2025-05-01")
    assert first(b, sec, as_of=MID_YEAR).status is Status.PASS


def test_the_deadline_on_as_of_fails_and_the_day_after_is_not_yet_due():
    b, sec, _ = new_secretary()  # deadline 2025-09-15
    f = first(b, sec, as_of=date(2025, 9, 15))
    assert (f.status, f.reason) == (Status.FAIL, None)
    f = first(b, sec, as_of=date(2025, 9, 14))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")


def test_a_start_in_the_previous_year_is_judged_when_its_deadline_falls_in_the_window():
    b, sec, _ = new_secretary("2024-10-31")
    f = first(b, sec)
    assert (f.status, f.expected, f.period.label) == (
        Status.FAIL,
        date(2025, 4, 30),
        "2024-10-31..2025-04-30",
    )
    b, sec, _ = new_secretary("2024-03-01")  # both start and deadline in 2024
    found = run(b.build(), "leadership.secretary_training")
    assert [f.facet for f in found if f.subject_id == sec] == ["annual_hours"]


def test_a_continuing_secretary_is_not_new():
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    other = b.branch(b.department(name="另一院系"), id="other")
    sec = b.member(br)
    b.role(br, sec, "secretary", start="2022-01-01", end="2025-03-14")
    b.role(other, sec, "secretary", start="2025-03-15")  # moves on without a gap
    found = run(b.build(), "leadership.secretary_training")
    assert [f.facet for f in found if f.subject_id == sec] == ["annual_hours"]


# -- secretary_training: annual_hours -------------------------------------------------------


def hours(b: LedgerBuilder, person: str, as_of: date = YEAR_END) -> Finding:
    return one(run(b.build(), "leadership.secretary_training", as_of=as_of), person, "annual_hours")


def test_fifty_six_hours_from_trainings_and_meetings_pass():
    b, sec, _ = new_secretary("2020-01-01")
    t = train(b, sec, "2025-03-01", hours="40", kind="other")
    m = b.meeting("lecture", "br", "2025-05-10", hours="16", present=[sec])
    b.meeting("lecture", "br", "2025-05-11", hours="16", present=[b.member("br")])  # not there
    b.meeting("lecture", "br", "2025-05-12", hours="16", present=5)  # a count names nobody
    train(b, sec, "2024-12-31", hours="99")  # previous year
    f = hours(b, sec)
    assert (f.status, f.measured, f.expected) == (Status.PASS, Decimal("56"), Decimal("56.00"))
    assert f.evidence == tuple(sorted([t, m]))
    assert f.period.label == "2025"


def test_fifty_five_and_a_half_hours_fail():
    b, sec, _ = new_secretary("2020-01-01")
    train(b, sec, "2025-03-01", hours="55.5")
    f = hours(b, sec)
    assert (f.status, f.measured, f.expected) == (Status.FAIL, Decimal("55.5"), Decimal("56.00"))


@pytest.mark.parametrize(("got", "status"), [("28.23", Status.PASS), ("28.22", Status.FAIL)])
def test_hours_are_pro_rata_for_the_part_of_the_year_in_office(got, status):
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    member = b.member(br)
    b.role(br, member, "organization", start="2025-07-01")  # 184 of 365 days
    b.role(br, member, "committee_member", start="2025-08-01", end="2025-08-31")  # overlaps
    train(b, member, "2025-09-01", hours=got, kind="committee")
    f = hours(b, member)
    assert (f.status, f.expected) == (status, Decimal("28.23"))  # 56 × 184 / 365 = 28.230…


def test_the_current_year_passes_early_or_is_not_yet_due():
    b, sec, _ = new_secretary("2020-01-01")
    train(b, sec, "2025-03-01", hours="30")
    f = hours(b, sec, as_of=MID_YEAR)
    assert (f.status, f.reason, f.measured) == (Status.NOT_APPLICABLE, "not_yet_due", Decimal("30"))
    train(b, sec, "2025-06-15", hours="26")
    train(b, sec, "2025-06-16", hours="99")  # after as_of
    assert hours(b, sec, as_of=MID_YEAR).status is Status.PASS


def test_group_leaders_owe_no_hours():
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    leader = b.member(br)
    b.role(b.group(br), leader, "group_leader")
    assert len(run(b.build(), "leadership.secretary_training")) == 0


@settings(max_examples=30, deadline=None)
@given(
    start=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
    end=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
)
def test_required_hours_grow_with_the_days_in_office(start, end):
    start, end = min(start, end), max(start, end)
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    member = b.member(br)
    b.role(br, member, "secretary", start=start, end=end)
    f = hours(b, member)
    days = (end - start).days + 1
    exact = Fraction(56 * days, 365)
    assert abs(Fraction(f.expected) - exact) <= Fraction(1, 200)
    assert f.status is Status.FAIL
