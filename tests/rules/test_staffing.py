"""``staffing.*``: counsellor, ideology-teacher and party-staff ratios, organisers, opinion
officers and society advisors."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.periods import Window
from dangjian_core.rules import Status, check
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import by_subject, one

YEAR_END = date(2025, 12, 31)
MID_YEAR = date(2025, 6, 15)
W2025 = Window(date(2025, 1, 1), date(2025, 12, 31))


def counsellors(b, unit, full=0, part=0, **kw):
    ids = []
    for _ in range(full):
        ids.append(b.post("counselor", b.person(), unit, **kw))
    for _ in range(part):
        ids.append(b.post("counselor", b.person(), unit, full_time=False, **kw))
    return ids


# -- staffing.counselor_ratio ----------------------------------------------------------------
def ratio_ledger(students, full=0, part=0):
    b = LedgerBuilder()
    dept = b.department(id="dept")
    hc = b.record("headcounts", id="hc", unit_id=dept, date="2025-09-01", students=students)
    posts = counsellors(b, dept, full, part)
    return b.build(), dept, hc, posts


def dept_ratio(ledger, as_of=YEAR_END, **kw):
    found = check(ledger, as_of=as_of, rules="staffing.counselor_ratio", strict=True, **kw)
    return found.filter(subject="dept")


def test_counselor_ratio_one_per_200_exactly_passes():
    ledger, _, hc, posts = ratio_ledger(200, full=1)
    f = one(dept_ratio(ledger))
    assert f.status is Status.PASS
    assert f.period.label == "2025"
    assert f.measured == Fraction(1)
    assert isinstance(f.measured, Fraction)
    assert f.expected == 1
    assert f.evidence == (*posts, hc)


def test_counselor_ratio_201_students_per_counsellor_fails():
    ledger, _, _, _ = ratio_ledger(201, full=1)
    f = one(dept_ratio(ledger))
    assert f.status is Status.FAIL
    assert f.measured == Fraction(200, 201)
    assert "学生 201 名" in f.message_zh


def test_part_time_counsellor_counts_one_third_exactly():
    # 800 students need 4: three full-time and three part-time make exactly 4.
    ledger, _, _, _ = ratio_ledger(800, full=3, part=3)
    f = one(dept_ratio(ledger))
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))
    ledger, _, _, _ = ratio_ledger(800, full=3, part=2)
    f = one(dept_ratio(ledger))
    assert f.status is Status.FAIL
    assert f.measured == Fraction(11, 12)  # (3 + 2/3) / 4


def test_latest_headcount_on_or_before_period_end_is_used():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    b.record("headcounts", id="hc-early", unit_id=dept, date="2025-03-01", students=400)
    b.record("headcounts", id="hc-late", unit_id=dept, date="2025-09-01", students=200)
    b.record("headcounts", id="hc-next", unit_id=dept, date="2026-01-05", students=1000)
    (post,) = counsellors(b, dept, full=1)
    ledger = b.build()
    f = one(dept_ratio(ledger, as_of=date(2026, 1, 10), window=W2025))
    assert f.status is Status.PASS
    assert f.evidence == (post, "hc-late")
    # Judged mid-year: a headcount dated after as_of is ignored as well, and the ratio is a
    # state, judged on as_of (fail, never not_yet_due).
    f = one(dept_ratio(ledger, as_of=date(2025, 5, 1)))
    assert (f.status, f.reason) == (Status.FAIL, None)
    assert f.measured == Fraction(1, 2)
    assert "hc-early" in f.evidence


def test_current_period_passes_when_already_met():
    ledger, _, _, _ = ratio_ledger(200, full=1)
    f = one(dept_ratio(ledger, as_of=MID_YEAR))
    # The headcount is dated 2025-09-01, after as_of: no students yet.
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_students")
    b = LedgerBuilder()
    dept = b.department(id="dept")
    b.record("headcounts", unit_id=dept, date="2025-01-01", students=200)
    counsellors(b, dept, full=1)
    f = one(dept_ratio(b.build(), as_of=MID_YEAR))
    assert f.status is Status.PASS


def test_zero_students_is_not_applicable():
    ledger, _, _, _ = ratio_ledger(0, full=1)
    f = one(dept_ratio(ledger))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_students")


def test_counsellors_counted_by_unit_and_school_sums_departments():
    b = LedgerBuilder()
    school = b.school(id="school")
    d1 = b.department(id="d1")
    d2 = b.department(id="d2")
    br = b.branch(d1, category="student")
    b.record("headcounts", unit_id=d1, date="2025-01-01", students=400)
    b.record("headcounts", unit_id=d2, date="2025-01-01", students=200)
    in_branch = counsellors(b, br, full=1)  # a branch below d1 counts for d1
    in_d1 = counsellors(b, d1, full=1)
    in_d2 = counsellors(b, d2, part=3)
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="staffing.counselor_ratio", strict=True)
    )
    assert found["d1"].status is Status.PASS
    assert set(found["d1"].evidence) >= {*in_branch, *in_d1}
    assert not set(found["d1"].evidence) & set(in_d2)
    assert (found["d2"].status, found["d2"].measured) == (Status.PASS, Fraction(1))
    # The school has no headcount of its own: a ledger need not describe its whole school,
    # so the school is not judged from whatever departments the ledger happens to hold.
    assert found[school].status is Status.NOT_APPLICABLE
    assert found[school].reason == "no_school_data"
    b.record("headcounts", unit_id=school, date="2025-01-01", students=600)
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="staffing.counselor_ratio", strict=True)
    )
    assert found[school].status is Status.PASS
    assert found[school].measured == Fraction(1)  # 2 + 3/3 = 3 for 600 students
    assert "学生 600 名" in found[school].message_zh


def test_students_counted_from_people_without_headcount_and_person_counted_once():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    for _ in range(201):
        b.person(category="student", department_id=dept)
    c = b.person()
    p1 = b.post("counselor", c, dept)
    p2 = b.post("counselor", c, dept, full_time=False)
    f = one(dept_ratio(b.build()))
    assert f.status is Status.FAIL
    assert f.measured == Fraction(200, 201)  # one person, counted once, full-time
    assert f.evidence == tuple(sorted((p1, p2)))


def test_students_counted_from_people_only_while_present():
    # No headcount: 150 students present, 100 who graduated in June, 60 who arrive next year.
    b = LedgerBuilder()
    dept = b.department(id="dept")
    for _ in range(150):
        b.person(category="student", department_id=dept, arrived_on="2024-09-01")
    for _ in range(100):
        b.person(category="student", department_id=dept, left_on="2025-06-30")
    for _ in range(60):
        b.person(category="student", department_id=dept, arrived_on="2026-09-01")
    counsellors(b, dept, full=1)
    f = one(dept_ratio(b.build()))
    assert (f.status, f.measured) == (Status.PASS, Fraction(4, 3))  # 1 for 150: 0.75 needed
    assert "学生 150 名" in f.message_zh
    f = one(dept_ratio(b.build(), as_of=date(2025, 6, 30)))  # graduates still here that day
    assert (f.status, f.measured) == (Status.FAIL, Fraction(4, 5))


def test_party_staff_base_counts_only_teachers_present():
    # The school's headcount is dated after as_of: the people listed are counted instead.
    b = LedgerBuilder()
    school = b.school(id="school")
    b.department()
    b.record("headcounts", unit_id=school, date="2025-09-01", teachers=500)
    for _ in range(99):
        b.person(department_id="school")
    for _ in range(50):
        b.person(department_id="school", left_on="2025-03-31")
    for _ in range(50):
        b.person(department_id="school", arrived_on="2025-09-01")
    b.post("party_staff", b.person(category="staff", department_id="school"), school)
    found = check(
        b.build(), as_of=date(2025, 6, 30), rules="staffing.party_staff_ratio", strict=True
    )
    f = one(found)
    assert (f.status, f.measured, f.expected) == (Status.PASS, 1, Fraction(1))  # 99 + 1 staff


def test_counsellor_post_ended_before_period_end_does_not_count():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    b.record("headcounts", unit_id=dept, date="2025-01-01", students=100)
    counsellors(b, dept, full=1, end="2025-12-30")
    f = one(dept_ratio(b.build()))
    assert (f.status, f.measured) == (Status.FAIL, Fraction(0))


@settings(max_examples=40, deadline=None)
@given(
    students=st.integers(min_value=1, max_value=1500),
    full=st.integers(min_value=0, max_value=5),
    part=st.integers(min_value=0, max_value=6),
)
def test_counselor_ratio_is_exact(students, full, part):
    ledger, _, _, _ = ratio_ledger(students, full=full, part=part)
    f = one(dept_ratio(ledger))
    assert f.measured == Fraction(600 * full + 200 * part, 3 * students)
    expected = Status.PASS if 600 * full + 200 * part >= 3 * students else Status.FAIL
    assert f.status is expected


# -- staffing.ideology_teacher_ratio ---------------------------------------------------------
def ideology_ledger(full_time_students, teachers=1, part_time=0, **hc):
    b = LedgerBuilder()
    school = b.school(id="school")
    b.department()
    b.record(
        "headcounts",
        id="hc",
        unit_id=school,
        date="2025-01-01",
        full_time_students=full_time_students,
        **hc,
    )
    posts = [b.post("ideology_teacher", b.person(), school) for _ in range(teachers)]
    for _ in range(part_time):
        b.post("ideology_teacher", b.person(), school, full_time=False)
    found = check(b.build(), as_of=YEAR_END, rules="staffing.ideology_teacher_ratio", strict=True)
    return one(found), posts


def test_ideology_ratio_350_passes_351_fails():
    f, posts = ideology_ledger(350, students=400)
    assert (f.status, f.measured, f.expected) == (Status.PASS, Fraction(1), 1)
    assert f.evidence == (*posts, "hc")
    f, _ = ideology_ledger(351, students=400)
    assert (f.status, f.measured) == (Status.FAIL, Fraction(350, 351))


def test_ideology_ratio_ignores_part_time_teachers():
    f, _ = ideology_ledger(700, teachers=1, part_time=5, students=700)
    assert (f.status, f.measured) == (Status.FAIL, Fraction(1, 2))


def test_ideology_ratio_uses_all_students_when_full_time_unknown():
    f, _ = ideology_ledger(None, teachers=2, students=700)
    assert (f.status, f.measured) == (Status.PASS, Fraction(1))
    f, _ = ideology_ledger(0, students=700)
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_students")


# -- staffing.party_staff_ratio --------------------------------------------------------------
def party_staff_ledger(party=0, counsellors_=0, both=0, ideology=0, part=0):
    b = LedgerBuilder()
    school = b.school(id="school")
    dept = b.department()
    b.record("headcounts", unit_id=school, date="2025-01-01", teachers=100, staff=50, students=850)
    for _ in range(party):
        b.post("party_staff", b.person(), school)
    for _ in range(counsellors_):
        b.post("counselor", b.person(), dept)
    for _ in range(both):
        pid = b.person()
        b.post("party_staff", pid, school)
        b.post("counselor", pid, dept)
    for _ in range(ideology):
        b.post("ideology_teacher", b.person(), school)
    for _ in range(part):
        b.post("party_staff", b.person(), school, full_time=False)
    found = check(b.build(), as_of=YEAR_END, rules="staffing.party_staff_ratio", strict=True)
    return one(found)


def test_party_staff_exactly_one_percent_passes():
    f = party_staff_ledger(party=6, counsellors_=4)
    assert (f.status, f.measured, f.expected) == (Status.PASS, 10, Fraction(10))
    assert len(f.evidence) == 10 + 1  # ten posts and the headcount


def test_party_staff_below_one_percent_fails_and_ideology_teachers_do_not_count():
    f = party_staff_ledger(party=6, counsellors_=3, ideology=5, part=4)
    assert (f.status, f.measured) == (Status.FAIL, 9)
    # A person holding both posts counts once.
    f = party_staff_ledger(party=5, counsellors_=4, both=1)
    assert (f.status, f.measured) == (Status.PASS, 10)
    f = party_staff_ledger(party=5, counsellors_=3, both=1)
    assert (f.status, f.measured) == (Status.FAIL, 9)


def test_party_staff_ratio_with_percent_parameter():
    b = LedgerBuilder()
    school = b.school()
    b.record("headcounts", unit_id=school, date="2025-01-01", students=150)
    b.post("party_staff", b.person(), school)
    found = check(
        b.build(),
        as_of=YEAR_END,
        rules="staffing.party_staff_ratio",
        params={"staffing.party_staff_ratio": {"percent": "0.5"}},
        strict=True,
    )
    f = one(found)
    assert (f.status, f.expected) == (Status.PASS, Fraction(3, 4))


# -- staffing.organiser ----------------------------------------------------------------------
def organiser_ledger(**post):
    b = LedgerBuilder()
    dept = b.department(id="dept")
    br = b.branch(dept)
    pid = b.post("organiser", b.person(), br, **post)
    return b.build(), pid


def test_organiser_post_ending_on_the_last_day_is_still_held():
    ledger, post = organiser_ledger(end="2025-12-31")
    f = one(check(ledger, as_of=YEAR_END, rules="staffing.organiser", strict=True))
    assert (f.status, f.measured, f.expected) == (Status.PASS, 1, 1)
    assert f.evidence == (post,)


def test_organiser_post_ending_the_day_before_fails():
    ledger, _ = organiser_ledger(end="2025-12-30")
    f = one(check(ledger, as_of=YEAR_END, rules="staffing.organiser", strict=True))
    assert (f.status, f.measured) == (Status.FAIL, 0)


def test_part_time_organiser_does_not_count_and_the_current_year_is_judged_on_as_of():
    ledger, _ = organiser_ledger(full_time=False)
    f = one(check(ledger, as_of=YEAR_END, rules="staffing.organiser", strict=True))
    assert f.status is Status.FAIL
    f = one(check(ledger, as_of=MID_YEAR, rules="staffing.organiser", strict=True))
    assert (f.status, f.reason) == (Status.FAIL, None)  # a post is a state: judged now
    ledger, _ = organiser_ledger()
    f = one(check(ledger, as_of=MID_YEAR, rules="staffing.organiser", strict=True))
    assert f.status is Status.PASS


def test_organiser_monthly_cadence():
    ledger, _ = organiser_ledger(start="2025-03-15")
    found = check(
        ledger,
        as_of=YEAR_END,
        rules="staffing.organiser",
        params={"staffing.organiser": {"per": "month"}},
        strict=True,
    )
    statuses = {f.period.label: f.status for f in found}
    assert len(statuses) == 12
    assert statuses["2025-02"] is Status.FAIL
    assert statuses["2025-03"] is Status.PASS


# -- staffing.opinion_officer ----------------------------------------------------------------
def test_opinion_officer_pass_and_fail():
    b = LedgerBuilder()
    d1 = b.department(id="d1")
    b.department(id="d2")
    post = b.post("opinion_officer", b.person(), d1, full_time=False)
    b.post("opinion_officer", b.person(), d1, end="2025-06-30")
    found = by_subject(check(b.build(), as_of=YEAR_END, rules="staffing.opinion_officer"))
    assert (found["d1"].status, found["d1"].measured) == (Status.PASS, 1)
    assert found["d1"].evidence == (post,)
    assert found["d2"].status is Status.FAIL
    assert found["d2"].message_zh.endswith("未设网络舆情信息员")


# -- staffing.society_advisor ----------------------------------------------------------------
def test_society_advisor_must_be_a_counsellor_on_the_last_day():
    b = LedgerBuilder()
    dept = b.department()
    counsellor = b.person(name="张老师")
    teacher = b.person(name="李老师")
    post = b.post("counselor", counsellor, dept, full_time=False)
    b.post("counselor", teacher, dept, end="2025-12-30")
    b.record("societies", id="s-ok", name="书法社", org_id=dept, advisor_id=counsellor)
    b.record("societies", id="s-bad", name="棋社", org_id=dept, advisor_id=teacher)
    b.record("societies", id="s-none", name="话剧社", org_id=dept)
    b.record("societies", id="s-gone", name="旧社", org_id=dept, dissolved="2025-11-30")
    b.record("societies", id="s-new", name="新社", org_id=dept, founded="2026-01-01")
    found = by_subject(
        check(b.build(), as_of=YEAR_END, rules="staffing.society_advisor", strict=True)
    )
    assert set(found) == {"s-ok", "s-bad", "s-none"}
    assert found["s-ok"].status is Status.PASS
    assert found["s-ok"].evidence == (post,)
    assert "张老师" in found["s-ok"].message_zh
    assert (found["s-bad"].status, found["s-bad"].measured) == (Status.FAIL, 0)
    assert "李老师" in found["s-bad"].message_zh
    assert found["s-none"].status is Status.FAIL
    assert found["s-none"].message_key == "fail_no_advisor"


def test_society_advisor_from_society_advisor_post():
    b = LedgerBuilder()
    dept = b.department()
    advisor = b.person()
    b.record("societies", id="soc", name="书法社", org_id=dept)
    b.post("society_advisor", advisor, "soc", full_time=False)
    post = b.post("counselor", advisor, dept)
    f = one(check(b.build(), as_of=YEAR_END, rules="staffing.society_advisor", strict=True))
    assert (f.status, f.evidence) == (Status.PASS, (post,))
    assert f.org_chain[0] == dept


def test_findings_do_not_depend_on_record_order():
    b = LedgerBuilder()
    school = b.school()
    dept = b.department()
    b.record("headcounts", unit_id=dept, date="2025-01-01", students=300)
    b.record("headcounts", unit_id=dept, date="2025-01-01", students=500)  # same day
    b.record("headcounts", unit_id=school, date="2025-01-01", students=900, teachers=100)
    for unit in (dept, school):
        counsellors(b, unit, full=1, part=2)
        b.post("party_staff", b.person(), unit)
        b.post("organiser", b.person(), unit)
    first = check(b.build(), as_of=YEAR_END, rules="staffing.*", strict=True).to_records()
    for collection in ("posts", "headcounts", "people"):
        b.data[collection].reverse()
    again = check(b.build(), as_of=YEAR_END, rules="staffing.*", strict=True).to_records()
    assert again == first
