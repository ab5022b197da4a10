"""``education.*``: training hours, 课程思政 and counsellor training, political birthdays, the
Youth Marxism class, lecture series and new-media posts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.rules import Severity, Status, check
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import by_period, by_subject, one

YEAR_END = date(2025, 12, 31)
MID_YEAR = date(2025, 6, 15)


# -- education.member_training_hours ---------------------------------------------------------
def hours_ledger(training_hours, meeting_hours=None, **meeting):
    b = LedgerBuilder()
    dept = b.department()
    br = b.branch(dept)
    pid = b.member(br, id="m")
    t = b.record(
        "trainings", person_id=pid, kind="member_study", date="2025-04-01", hours=training_hours
    )
    m = None
    if meeting_hours is not None:
        meeting.setdefault("present", [pid])
        m = b.meeting("study_group", br, "2025-05-01", hours=meeting_hours, **meeting)
    return b, pid, t, m


def hours(b, as_of=YEAR_END, **kw):
    return check(b.build(), as_of=as_of, rules="education.member_training_hours", strict=True, **kw)


def test_training_hours_31_5_fails():
    b, _, t, _ = hours_ledger("31.5")
    f = one(hours(b))
    assert f.status is Status.FAIL
    assert (f.measured, f.expected) == (Decimal("31.5"), Decimal(32))
    assert f.evidence == (t,)
    assert "31.5" in f.message_zh


def test_training_hours_32_passes_with_meeting_hours_adding():
    b, _, t, m = hours_ledger("30", "2")
    f = one(hours(b))
    assert (f.status, f.measured) == (Status.PASS, Decimal(32))
    assert f.evidence == (t, m)
    b, _, _, _ = hours_ledger("32")
    assert one(hours(b)).status is Status.PASS


def test_meeting_hours_count_only_for_people_listed_present():
    b, _, _, _ = hours_ledger("30", "2", present=5)  # a count names nobody
    assert one(hours(b)).measured == Decimal(30)
    b, _, _, _ = hours_ledger("30", "2", present=[])
    assert one(hours(b)).measured == Decimal(30)


def test_online_meeting_hours_excluded_when_count_online_false():
    b, _, _, _ = hours_ledger("30", "2", mode="online")
    assert one(hours(b)).status is Status.PASS
    f = one(hours(b, params={"education.member_training_hours": {"count_online": False}}))
    assert (f.status, f.measured) == (Status.FAIL, Decimal(30))


def test_training_hours_current_year_and_records_after_as_of():
    b, pid, _, _ = hours_ledger("20")
    b.record("trainings", person_id=pid, kind="other", date="2025-07-01", hours="12")
    f = one(hours(b, as_of=MID_YEAR))
    assert (f.status, f.reason, f.measured) == (Status.NOT_APPLICABLE, "not_yet_due", Decimal(20))
    f = one(hours(b, as_of=date(2025, 7, 1)))
    assert f.status is Status.PASS


def test_training_hours_judges_members_on_the_last_day_only():
    b, _, _, _ = hours_ledger("40")
    br = b.data["organizations"][-1]["id"]
    b.person(id="non-member")
    b.member(br, id="left", party={"left": "2025-10-01"})
    b.member(br, id="probationary", status="probationary", since="2025-11-01")
    found = by_subject(hours(b))
    assert set(found) == {"m", "probationary"}
    assert found["probationary"].status is Status.FAIL


# -- education.course_ideology_training ------------------------------------------------------
def test_course_ideology_training_per_specialty_teacher():
    b = LedgerBuilder()
    b.department()
    ok = b.person(id="ok", specialty_teacher=True)
    other = b.person(id="other", specialty_teacher=True)
    b.person(id="not-specialty")
    b.person(id="retired", specialty_teacher=True, retirement_date="2025-07-01")
    t = b.record("trainings", person_id=ok, kind="course_ideology", date="2025-03-01", hours=4)
    b.record("trainings", person_id=other, kind="member_study", date="2025-03-01", hours=4)
    b.record("trainings", person_id=other, kind="course_ideology", date="2024-12-31", hours=4)
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="education.course_ideology_training", strict=True)
    )
    assert set(found) == {"ok", "other"}
    assert (found["ok"].status, found["ok"].evidence) == (Status.PASS, (t,))
    assert (found["other"].status, found["other"].measured) == (Status.FAIL, 0)


def test_course_ideology_training_judges_only_teachers_at_the_school():
    b = LedgerBuilder()
    b.department()
    b.person(id="left", specialty_teacher=True, left_on="2025-03-31")
    b.person(id="next-year", specialty_teacher=True, arrived_on="2026-09-01")
    b.person(id="autumn", specialty_teacher=True, arrived_on="2025-09-01")
    b.person(id="last-day", specialty_teacher=True, left_on="2025-12-31")
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="education.course_ideology_training", strict=True)
    )
    assert set(found) == {"autumn", "last-day"}
    assert {f.status for f in found.values()} == {Status.FAIL}
    found = by_subject(
        check(b.build(), as_of=MID_YEAR, rules="education.course_ideology_training", strict=True)
    )
    assert set(found) == {"last-day"}  # read on as_of: "autumn" has not arrived yet


# -- education.counselor_training ------------------------------------------------------------
def test_counselor_training_every_counsellor_in_post_on_the_last_day():
    b = LedgerBuilder()
    dept = b.department()
    trained = b.person(id="trained")
    untrained = b.person(id="untrained")
    left = b.person(id="left")
    b.post("counselor", trained, dept)
    b.post("counselor", untrained, dept, full_time=False)
    b.post("counselor", left, dept, end="2025-08-31")
    t = b.record("trainings", person_id=trained, kind="counselor", date="2025-10-01", hours=8)
    b.record("trainings", person_id=untrained, kind="course_ideology", date="2025-10-01", hours=8)
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="education.counselor_training", strict=True)
    )
    assert set(found) == {"trained", "untrained"}
    assert (found["trained"].status, found["trained"].evidence) == (Status.PASS, (t,))
    assert found["untrained"].status is Status.FAIL
    found = by_subject(
        check(b.build(), as_of=MID_YEAR, rules="education.counselor_training", strict=True)
    )
    assert found["left"].reason == "not_yet_due"


# -- education.political_birthday ------------------------------------------------------------
def birthday(b, as_of=YEAR_END):
    return check(b.build(), as_of=as_of, rules="education.political_birthday", strict=True)


def test_political_birthday_admitted_on_29_february():
    b = LedgerBuilder()
    br = b.branch(b.department())
    pid = b.member(br, status="probationary", since="2024-02-29")
    f = one(birthday(b))
    assert f.period.label == "2025-02"
    assert f.status is Status.FAIL
    assert f.evidence == ("missing:2025-02",)
    held = b.meeting("political_birthday", br, "2025-02-28", present=[pid])
    b.meeting("political_birthday", br, "2025-03-01", present=[pid])  # wrong month
    f = one(birthday(b))
    assert (f.status, f.evidence) == (Status.PASS, (held,))


def test_member_admitted_this_year_has_no_birthday_due():
    b = LedgerBuilder()
    br = b.branch(b.department())
    b.member(br, status="probationary", since="2025-03-10")
    f = one(birthday(b))
    assert f.period.label == "2025-03"
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert f.message_key == "first_not_reached"


def test_political_birthday_requires_the_member_present_and_current_month():
    b = LedgerBuilder()
    br = b.branch(b.department())
    pid = b.member(br, party={"admission": "2010-06-20", "conversion": "2011-06-20"})
    other = b.member(br, party={"admission": "2012-06-01", "conversion": "2013-06-01"})
    b.meeting("political_birthday", br, "2025-06-10", present=[pid])
    found = by_subject(birthday(b, as_of=MID_YEAR))
    assert found[pid].status is Status.PASS
    assert (found[other].status, found[other].reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    found = by_subject(birthday(b, as_of=date(2025, 6, 30)))
    assert found[other].status is Status.FAIL
    assert found[pid].period.label == "2025-06"


def test_political_birthday_not_judged_after_leaving_or_before_as_of_month():
    b = LedgerBuilder()
    br = b.branch(b.department())
    b.member(
        br, party={"admission": "2010-02-01", "conversion": "2011-02-01", "left": "2025-01-15"}
    )
    b.member(br, party={"admission": "2010-09-01", "conversion": "2011-09-01"})
    assert len(birthday(b, as_of=MID_YEAR)) == 0


@settings(max_examples=30, deadline=None)
@given(admitted=st.dates(min_value=date(2000, 1, 1), max_value=date(2024, 12, 31)))
def test_one_birthday_finding_per_member_a_year(admitted):
    b = LedgerBuilder()
    br = b.branch(b.department())
    b.member(br, status="probationary", since=admitted)
    f = one(birthday(b))
    assert f.period.start.month == admitted.month
    assert f.status is Status.FAIL


# -- education.youth_class -------------------------------------------------------------------
def test_youth_class_once_a_year_for_the_department():
    b = LedgerBuilder()
    d1 = b.department(id="d1")
    d2 = b.department(id="d2")
    br = b.branch(d2)
    m = b.meeting("youth_class", d1, "2025-10-01")
    b.meeting("youth_class", br, "2025-10-01")  # a branch's own class
    found = by_subject(check(b.build(), as_of=YEAR_END, rules="education.youth_class", strict=True))
    assert (found["d1"].status, found["d1"].evidence) == (Status.PASS, (m,))
    assert found["d2"].status is Status.FAIL
    assert found["d2"].evidence == ("missing:2025",)


# -- education.lecture_series ----------------------------------------------------------------
def test_lecture_series_two_sessions_per_semester():
    b = LedgerBuilder()
    dept = b.department(id="dept", lecture_series=["思政讲堂", "名师讲堂"])
    b.department(id="none")
    a = b.meeting("lecture_series", dept, "2025-01-10", series="思政讲堂")
    s1 = b.meeting("lecture_series", dept, "2025-04-10", series="思政讲堂")
    s2 = b.meeting("lecture_series", dept, "2025-05-10", series=" 思政讲堂 ")
    b.meeting("lecture_series", dept, "2025-05-12", series="名师讲堂")
    b.meeting("lecture_series", dept, "2025-05-13", series="其他讲堂")
    b.meeting("lecture", dept, "2025-05-14", series="名师讲堂")
    found = check(b.build(), as_of=YEAR_END, rules="education.lecture_series", strict=True)
    mine = {(f.period.label, f.facet): f for f in found.filter(subject="dept")}
    assert set(mine) == {
        ("2024-autumn", "思政讲堂"),
        ("2024-autumn", "名师讲堂"),
        ("2025-spring", "思政讲堂"),
        ("2025-spring", "名师讲堂"),
    }
    autumn = mine[("2024-autumn", "思政讲堂")]
    assert (autumn.status, autumn.measured, autumn.expected) == (Status.FAIL, 1, 2)
    assert autumn.evidence == ("missing:2024-autumn", a)
    spring = mine[("2025-spring", "思政讲堂")]
    assert (spring.status, spring.evidence) == (Status.PASS, (s1, s2))
    assert mine[("2025-spring", "名师讲堂")].status is Status.FAIL
    none = found.filter(subject="none")
    assert {f.reason for f in none} == {"no_subjects"}
    assert len(none) == 2


# -- education.media_active ------------------------------------------------------------------
def test_media_posts_three_warn_four_pass():
    b = LedgerBuilder()
    dept = b.department()
    for day in (1, 2, 3, 4):
        b.meeting("media_post", dept, f"2025-01-{day:02d}")
    for day in (1, 2, 3):
        b.meeting("media_post", dept, f"2025-02-{day:02d}")
    found = by_period(
        check(b.build(), as_of=date(2025, 3, 10), rules="education.media_active", strict=True)
    )
    assert found["2025-01"].status is Status.PASS
    assert found["2025-02"].status is Status.WARN
    assert found["2025-02"].severity is Severity.ADVISORY
    assert (found["2025-02"].measured, found["2025-02"].expected) == (3, 4)
    assert (found["2025-03"].status, found["2025-03"].reason) == (
        Status.NOT_APPLICABLE,
        "not_yet_due",
    )
