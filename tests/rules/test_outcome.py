"""``outcome.*``: metrics for schemes — task completion, awards, employment, projects and the
branch activity counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.periods import Window
from dangjian_core.rules import Status
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import by_subject, one, run

YEAR_END = date(2025, 12, 31)
LEVELS = ("national", "provincial", "municipal", "school")


# -- outcome.task_completion -----------------------------------------------------------------
def test_task_completion_weighted_by_bundled_counts():
    b = LedgerBuilder()
    d1 = b.department(id="d1")
    d2 = b.department(id="d2")
    br = b.branch(d1)
    t1 = b.record(
        "tasks",
        id="t1",
        title="专业建设",
        org_id=br,
        due="2025-06-30",
        done_on="2025-05-01",
        count=5,
    )
    t2 = b.record("tasks", id="t2", title="课程建设", org_id=d1, due="2025-10-31", count=3)
    t3 = b.record(
        "tasks",
        id="t3",
        title="实训基地",
        org_id=d1,
        due="2025-11-30",
        done_on="2026-01-10",
        count=2,
    )  # done after as_of
    b.record("tasks", title="去年任务", org_id=d1, due="2024-12-31", done_on="2024-12-01")
    b.record("tasks", title="他院任务", org_id=d2, due="2025-03-31", done_on="2025-03-01")
    found = by_subject(run(b, "outcome.task_completion"))
    f = found["d1"]
    assert f.status is Status.PASS
    assert f.measured == Fraction(5, 10)
    assert isinstance(f.measured, Fraction)
    assert f.expected is None
    assert f.evidence == (t1, t2, t3)
    assert f.period.label == "2025"
    assert "任务完成率 50%" in f.message_zh
    assert "完成 5 项，已到期计划 10 项" in f.message_zh
    assert found["d2"].measured == Fraction(1)


def test_tasks_due_after_as_of_leave_the_denominator():
    # 30 June: the 80 June tasks are done; 83 more fall due in December.
    b = LedgerBuilder()
    dept = b.department(id="dept")
    june = b.record(
        "tasks", title="上半年任务", org_id=dept, due="2025-06-30", done_on="2025-06-20", count=80
    )
    b.record("tasks", title="下半年任务", org_id=dept, due="2025-12-31", count=83)
    b.record(  # done early but not yet due: out of both sides, the rate stays within [0, 1]
        "tasks", title="提前完成", org_id=dept, due="2025-07-01", done_on="2025-06-01"
    )
    f = one(run(b, "outcome.task_completion", as_of=date(2025, 6, 30)))
    assert (f.status, f.measured, f.evidence) == (Status.PASS, Fraction(1), (june,))
    assert "完成 80 项，已到期计划 80 项" in f.message_zh
    f = one(run(b, "outcome.task_completion"))  # at the year's end all 164 are due
    assert f.measured == Fraction(81, 164)


def test_no_task_due_yet_is_not_yet_due():
    b = LedgerBuilder()
    dept = b.department()
    b.record("tasks", title="下半年任务", org_id=dept, due="2025-12-31", count=83)
    f = one(run(b, "outcome.task_completion", as_of=date(2025, 6, 30)))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert "83 项均未到期" in f.message_zh


def test_task_completion_without_planned_tasks_is_not_applicable():
    b = LedgerBuilder()
    b.department()
    f = one(run(b, "outcome.task_completion"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_data")


# -- outcome.awards --------------------------------------------------------------------------
def award(b, level, day="2025-05-01", key=None, **kw):
    return b.record(
        "awards", title="奖", level=level, kind="competition", date=day, achievement_key=key, **kw
    )


def test_awards_count_one_achievement_once_at_its_highest_level():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    br = b.branch(dept)
    nat = award(b, "national", key="robot", org_id=br, day="2025-09-01")
    award(b, "provincial", key="robot", org_id=dept, day="2025-05-01")
    s1 = award(b, "school", org_id=dept)
    s2 = award(b, "school")  # no organisation: the only department's
    award(b, "national", day="2024-12-31", org_id=dept)  # before the window
    award(b, "national", day="2025-12-01", org_id=dept)  # after as_of
    f = one(run(b, "outcome.awards", as_of=date(2025, 11, 30)))
    assert f.status is Status.PASS
    assert f.measured == {"national": 1, "provincial": 0, "municipal": 0, "school": 2}
    assert f.expected is None
    assert f.evidence == tuple(sorted((nat, s1, s2)))
    assert "国家级 1 项" in f.message_zh
    assert "校级 2 项" in f.message_zh


def test_awards_with_several_departments_and_no_awards_at_all():
    b = LedgerBuilder()
    b.department(id="d1")
    d2 = b.department(id="d2")
    f = by_subject(run(b, "outcome.awards"))
    assert {x.reason for x in f.values()} == {"no_data"}
    award(b, "municipal", org_id=d2)
    award(b, "national")  # no organisation and two departments: nobody's
    found = by_subject(run(b, "outcome.awards"))
    assert found["d1"].status is Status.PASS
    assert found["d1"].measured == dict.fromkeys(LEVELS, 0)
    assert found[d2].measured == {"national": 0, "provincial": 0, "municipal": 1, "school": 0}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(LEVELS), st.sampled_from(["a", "b", "c", None])),
        min_size=1,
        max_size=8,
    )
)
def test_awards_counted_once_per_key_at_highest_level(rows):
    b = LedgerBuilder()
    b.department()
    for level, key in rows:
        award(b, level, key=key)
    f = one(run(b, "outcome.awards"))
    best = {}
    for level, key in rows:
        if key is not None:
            best[key] = min(best.get(key, 3), LEVELS.index(level))
    expected = dict.fromkeys(LEVELS, 0)
    for rank in best.values():
        expected[LEVELS[rank]] += 1
    for level, key in rows:
        if key is None:
            expected[level] += 1
    assert f.measured == expected
    # The order of the records does not matter, evidence included.
    b.data["awards"].reverse()
    assert one(run(b, "outcome.awards")).to_record() == f.to_record()


# -- outcome.employment_rate -----------------------------------------------------------------
def metric(b, value, end, **kw):
    kw.setdefault("name", "employment_rate")
    kw.setdefault("start", "2023-09-01")
    return b.record("metrics", value=value, end=end, **kw)


def test_employment_rate_latest_metric_in_window():
    b = LedgerBuilder()
    dept = b.department()
    metric(b, "0.90", "2024-08-31", org_id=dept)  # before the window
    m = metric(b, "0.96", "2025-08-31", org_id=dept, cohort="2025届")
    metric(b, "0.91", "2025-06-30", org_id=dept, cohort="2025届春")
    metric(b, "0.99", "2025-12-31", org_id=dept)  # after as_of
    metric(b, "500", "2025-09-30", name="graduates", org_id=dept)
    f = one(run(b, "outcome.employment_rate", as_of=date(2025, 12, 1)))
    assert f.status is Status.PASS
    assert f.measured == Fraction(24, 25) == Decimal("0.96")
    assert isinstance(f.measured, Fraction)
    assert f.expected is None
    assert f.evidence == (m,)
    assert "就业率 96%（2025届）" in f.message_zh


def test_employment_counts_win_over_the_recorded_value():
    b = LedgerBuilder()
    dept = b.department()
    metric(b, "0.5", "2025-08-31", org_id=dept, numerator=96, denominator=100, cohort="2025届")
    f = one(run(b, "outcome.employment_rate"))
    assert f.measured == Fraction(96, 100)
    assert "就业率 96%（就业 96 人，毕业 100 人，2025届）" in f.message_zh


def test_employment_share_shown_as_a_percent():
    b = LedgerBuilder()
    dept = b.department()
    metric(b, "0.875", "2025-08-31", org_id=dept, numerator=7)  # one count alone: the value
    f = one(run(b, "outcome.employment_rate"))
    assert f.measured == Fraction(7, 8)
    assert f.message_zh.endswith("就业率 87.5%")
    assert f.message_en.endswith("employment rate 87.5%")


def test_employment_counts_without_graduates_are_not_applicable():
    b = LedgerBuilder()
    dept = b.department()
    metric(b, "0", "2025-08-31", org_id=dept, numerator=0, denominator=0)
    f = one(run(b, "outcome.employment_rate"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_data")


def test_no_employment_metric_is_not_applicable():
    b = LedgerBuilder()
    dept = b.department()
    metric(b, "0.96", "2024-08-31", org_id=dept)
    f = one(run(b, "outcome.employment_rate"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_data")


# -- outcome.projects ------------------------------------------------------------------------
def test_projects_applied_and_approved_in_window():
    b = LedgerBuilder()
    dept = b.department()
    p1 = b.record(
        "projects", title="课题一", org_id=dept, applied_on="2025-03-01", approved_on="2025-06-01"
    )
    p2 = b.record("projects", title="课题二", org_id=dept, applied_on="2025-04-01")
    p3 = b.record(
        "projects", title="课题三", org_id=dept, applied_on="2024-10-01", approved_on="2025-01-15"
    )
    p4 = b.record(
        "projects", title="课题四", org_id=dept, applied_on="2025-11-01", approved_on="2026-01-10"
    )  # approved after as_of
    f = one(run(b, "outcome.projects", as_of=YEAR_END))
    assert f.status is Status.PASS
    assert f.measured == {"approved": 2, "applied": 3}
    assert f.evidence == tuple(sorted((p1, p2, p3, p4)))
    assert "课题立项 2 项，申报 3 项" in f.message_zh


def test_projects_not_applicable_when_ledger_has_none():
    b = LedgerBuilder()
    b.department()
    f = one(run(b, "outcome.projects"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_data")


# -- branch counts ---------------------------------------------------------------------------
def branches_ledger():
    b = LedgerBuilder()
    dept = b.department()
    br = b.branch(dept, id="br")
    quiet = b.branch(dept, id="quiet")
    b.branch(dept, id="late", founded="2026-02-01")
    b.branch(dept, id="gone", founded="2020-01-01", dissolved="2024-06-30")
    ids = {
        "open1": b.meeting("theme_day", br, "2025-03-01", open_to_non_members=True),
        "open2": b.meeting("open_activity", [br, quiet], "2025-04-01"),
        "closed": b.meeting("theme_day", br, "2025-05-01"),
        "pub": b.meeting("publicity", br, "2025-03-02"),
        "post": b.meeting("media_post", br, "2025-03-03"),
        "contact": b.meeting("member_contact", br, "2025-03-04"),
        "service": b.meeting("service", br, "2025-03-05"),
        "old": b.meeting("service", br, "2024-12-31"),
    }
    return b, ids


def test_open_activities_count_flagged_and_open_activity_meetings():
    b, ids = branches_ledger()
    found = by_subject(
        run(
            b,
            "outcome.open_activities",
            as_of=date(2026, 1, 5),
            window=Window(date(2025, 1, 1), date(2025, 12, 31)),
        )
    )
    assert set(found) == {"br", "quiet", "late"}
    assert (found["br"].status, found["br"].measured) == (Status.PASS, 2)
    assert found["br"].evidence == (ids["open1"], ids["open2"])
    assert found["br"].expected is None
    assert found["quiet"].measured == 1
    assert (found["late"].status, found["late"].reason) == (Status.NOT_APPLICABLE, "not_founded")
    assert "开放活动 2 次" in found["br"].message_zh


def test_publicity_contacts_and_service_counts():
    b, ids = branches_ledger()
    pub = by_subject(run(b, "outcome.publicity_items"))
    assert (pub["br"].measured, pub["br"].evidence) == (2, (ids["pub"], ids["post"]))
    assert (pub["quiet"].status, pub["quiet"].measured) == (Status.PASS, 0)
    contacts = by_subject(run(b, "outcome.member_contacts"))
    assert contacts["br"].measured == 1
    service = by_subject(run(b, "outcome.service_activities"))
    assert (service["br"].measured, service["br"].evidence) == (1, (ids["service"],))
    assert isinstance(service["br"].measured, int)


def test_branch_counts_not_applicable_when_ledger_records_none():
    b = LedgerBuilder()
    b.branch(b.department(), id="br")
    b.meeting("theme_day", "br", "2025-03-01")
    for rule in (
        "outcome.open_activities",
        "outcome.publicity_items",
        "outcome.member_contacts",
        "outcome.service_activities",
    ):
        f = one(run(b, rule))
        assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "no_data"), rule
