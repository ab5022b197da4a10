"""``meeting.*``: 三会一课, organisational life, quorum and department meetings."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.periods import Window
from dangjian_core.rules import Findings, Status
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import by_period, run


def dept_and_branch(**branch_kw):
    b = LedgerBuilder()
    dept = b.department(id="dept")
    br = b.branch(dept, id="br", **branch_kw)
    return b, dept, br


# -- meeting.general_assembly ---------------------------------------------------------------


def test_general_assembly_on_last_day_of_quarter_and_first_day_of_next():
    b, _, br = dept_and_branch()
    b.member(br)
    b.meeting("general_assembly", br, "2025-03-31", id="ga-q1")
    b.meeting("general_assembly", br, "2025-07-01", id="ga-q3")
    found = by_period(run(b.build(), "meeting.general_assembly", date(2025, 8, 10)))
    assert list(found) == ["2025Q1", "2025Q2", "2025Q3"]
    assert found["2025Q1"].status is Status.PASS
    assert found["2025Q1"].evidence == ("ga-q1",)
    assert (found["2025Q1"].measured, found["2025Q1"].expected) == (1, 1)
    assert found["2025Q2"].status is Status.FAIL
    assert found["2025Q2"].evidence == ("missing:2025Q2",)
    assert found["2025Q2"].measured == 0
    # the meeting of 1 July belongs to Q3, which is current and already met
    assert found["2025Q3"].status is Status.PASS
    assert found["2025Q3"].evidence == ("ga-q3",)


def test_general_assembly_current_quarter_not_yet_due_then_met():
    b, _, br = dept_and_branch()
    b.member(br)
    b.meeting("general_assembly", br, "2025-02-10", id="ga1")
    ledger = b.build()
    q2 = by_period(run(ledger, "meeting.general_assembly", date(2025, 5, 20)))["2025Q2"]
    assert q2.status is Status.NOT_APPLICABLE
    assert q2.reason == "not_yet_due"
    b.meeting("general_assembly", br, "2025-05-20", id="ga2")
    q2 = by_period(run(b.build(), "meeting.general_assembly", date(2025, 5, 20)))["2025Q2"]
    assert q2.status is Status.PASS
    assert q2.evidence == ("ga2",)


def test_general_assembly_after_as_of_is_ignored():
    b, _, br = dept_and_branch()
    b.member(br)
    b.meeting("general_assembly", br, "2025-03-20", id="late")
    q1 = by_period(run(b.build(), "meeting.general_assembly", date(2025, 3, 10)))["2025Q1"]
    assert q1.status is Status.NOT_APPLICABLE
    assert q1.measured == 0


def test_general_assembly_below_quorum_does_not_count():
    b, _, br = dept_and_branch()
    b.member(br)
    b.meeting("general_assembly", br, "2025-02-10", id="half", entitled=6, present=3)
    b.meeting("general_assembly", br, "2025-05-10", id="more", entitled=6, present=4)
    ledger = b.build()
    freq = by_period(run(ledger, "meeting.general_assembly", date(2025, 6, 30)))
    assert freq["2025Q1"].status is Status.FAIL
    assert freq["2025Q1"].evidence == ("missing:2025Q1",)
    assert freq["2025Q2"].status is Status.PASS
    assert freq["2025Q2"].evidence == ("more",)
    quorum = {f.subject_id: f for f in run(ledger, "meeting.quorum", date(2025, 6, 30))}
    assert quorum["half"].status is Status.FAIL
    assert quorum["half"].message_key == "below_quorum"
    assert (quorum["half"].measured, quorum["half"].expected) == (3, 4)
    assert quorum["more"].status is Status.PASS
    assert (quorum["more"].measured, quorum["more"].expected) == (4, 4)
    assert quorum["half"].period.label == "2025-02"
    assert quorum["half"].org_chain[0] == "br"


def test_general_assembly_branch_founded_mid_year():
    b, dept, _ = dept_and_branch()
    late = b.branch(dept, id="late", founded="2025-05-10")
    b.member(late)
    b.meeting("general_assembly", late, "2025-06-01")
    found = by_period(run(b.build(), "meeting.general_assembly", date(2025, 9, 30)), "late")
    assert list(found) == ["2025Q2", "2025Q3"]
    assert found["2025Q2"].status is Status.PASS
    assert found["2025Q3"].status is Status.FAIL


def test_general_branch_meeting_does_not_count_for_its_branches():
    b, dept, br = dept_and_branch()
    b.member(br)
    b.meeting("general_assembly", dept, "2025-02-10")
    q1 = by_period(run(b.build(), "meeting.general_assembly", date(2025, 3, 31)), "br")["2025Q1"]
    assert q1.status is Status.FAIL


# -- meeting.quorum -------------------------------------------------------------------------


def quorum_ledger() -> tuple[LedgerBuilder, list[str], list[str]]:
    b, _, br = dept_and_branch()
    full = [b.member(br) for _ in range(4)]
    prob = [b.member(br, status="probationary", since="2024-12-01") for _ in range(2)]
    return b, full, prob


def test_quorum_from_membership_lists_counts_full_members_only():
    b, full, prob = quorum_ledger()
    # entitled = 4 full members; 2 full + 2 probationary present → 2 of 4: not more than half
    b.meeting("general_assembly", "br", "2025-03-05", id="m1", entitled=None,
              present=[full[0], full[1], *prob])
    b.meeting("general_assembly", "br", "2025-03-06", id="m2", entitled=None,
              present=[*full[:3], prob[0]])
    found = {f.subject_id: f for f in run(b.build(), "meeting.quorum", date(2025, 3, 31))}
    assert found["m1"].status is Status.FAIL
    assert (found["m1"].measured, found["m1"].expected) == (2, 3)
    assert found["m2"].status is Status.PASS
    assert (found["m2"].measured, found["m2"].expected) == (3, 3)
    assert found["m2"].facet is None
    assert found["m2"].evidence == ("m2",)


def test_quorum_without_attendance_fails_and_does_not_count():
    b, _, _ = quorum_ledger()
    b.meeting("general_assembly", "br", "2025-02-05", id="blank", entitled=None, present=None)
    ledger = b.build()
    f = run(ledger, "meeting.quorum", date(2025, 3, 31))[0]
    assert (f.subject_id, f.status, f.reason, f.message_key) == (
        "blank", Status.FAIL, "no_attendance", "no_attendance")
    q1 = by_period(run(ledger, "meeting.general_assembly", date(2025, 3, 31)))["2025Q1"]
    assert q1.status is Status.FAIL


def test_quorum_of_committee_meeting_uses_committee_members():
    b, full, _ = quorum_ledger()
    b.role("br", full[0], "secretary")
    b.role("br", full[1], "organization")
    b.role("br", full[2], "publicity")
    b.meeting("committee", "br", "2025-01-10", id="c1", entitled=None, present=[full[0]])
    b.meeting("committee", "br", "2025-01-11", id="c2", entitled=None,
              present=[full[0], full[1], full[3]])
    found = {f.subject_id: f for f in run(b.build(), "meeting.quorum", date(2025, 1, 31))}
    assert (found["c1"].status, found["c1"].measured, found["c1"].expected) == (Status.FAIL, 1, 2)
    # full[3] is no committee member: 2 of 3 present
    assert (found["c2"].status, found["c2"].measured) == (Status.PASS, 2)


def test_quorum_votes_need_more_than_half_of_those_entitled():
    b, _, _ = quorum_ledger()
    agenda = [
        {"title": "接收预备党员甲", "votes_yes": 3},
        {"title": "接收预备党员乙", "votes_yes": 4},
        {"title": "学习文件"},
    ]
    b.meeting("general_assembly", "br", "2025-04-08", id="vote", entitled=6, present=6,
              agenda=agenda)
    found = run(b.build(), "meeting.quorum", date(2025, 4, 30))
    facets = {f.facet: f for f in found}
    assert set(facets) == {None, "vote:0", "vote:1"}
    assert facets[None].status is Status.PASS
    assert facets["vote:0"].status is Status.FAIL
    assert (facets["vote:0"].measured, facets["vote:0"].expected) == (3, 4)
    assert "接收预备党员甲" in facets["vote:0"].message_zh
    assert facets["vote:1"].status is Status.PASS


def test_quorum_only_meetings_in_window_and_not_after_as_of():
    b, _, _ = quorum_ledger()
    b.meeting("general_assembly", "br", "2024-12-31", id="before")
    b.meeting("general_assembly", "br", "2025-01-01", id="first")
    b.meeting("general_assembly", "br", "2025-05-01", id="after")
    b.meeting("theme_day", "br", "2025-01-02", id="other")
    found = run(b.build(), "meeting.quorum", date(2025, 4, 30))
    assert [f.subject_id for f in found] == ["first"]


def test_quorum_counts_a_member_converted_that_very_day_but_not_one_admitted_then():
    b, _, br = dept_and_branch()
    old = [b.member(br, since="2020-01-01") for _ in range(3)]
    b.member(br, id="converted", since="2025-03-10")  # 转正 on the meeting day: full that day
    b.member(br, id="admitted", status="probationary", since="2025-03-10")  # voted in there
    b.meeting("general_assembly", br, "2025-03-10", id="ga", entitled=None,
              present=[old[0], old[1], "admitted"])
    b.meeting("general_assembly", br, "2025-03-11", id="next", entitled=None,
              present=[old[0], old[1], "converted"])
    found = {f.subject_id: f for f in run(b.build(), "meeting.quorum", date(2025, 3, 31))}
    # entitled: the 3 old members and the one converted that day = 4; 2 of 4 is not a quorum
    assert found["ga"].status is Status.FAIL
    assert (found["ga"].measured, found["ga"].expected) == (2, 3)
    assert "应到 4 人" in found["ga"].message_zh
    assert found["next"].status is Status.PASS
    assert (found["next"].measured, found["next"].expected) == (3, 3)


# -- meeting.committee (the exemplar, kept) --------------------------------------------------


def test_committee_still_judged():
    b, _, br = dept_and_branch()
    members = [b.member(br) for _ in range(3)]
    b.role(br, members[0], "secretary")
    b.role(br, members[1], "organization")
    b.meeting("committee", br, "2025-01-15")
    found = by_period(run(b.build(), "meeting.committee", date(2025, 2, 28)))
    assert found["2025-01"].status is Status.PASS
    assert found["2025-02"].status is Status.FAIL


# -- meeting.group --------------------------------------------------------------------------


def test_group_meetings_monthly_and_branch_without_groups():
    b, dept, br = dept_and_branch()
    g = b.group(br, id="g1")
    other = b.branch(dept, id="nogroups")
    b.meeting("group", g, "2025-01-20", id="gm1")
    b.meeting("group", br, "2025-02-20")  # a branch's meeting is not the group's
    found = run(b.build(), "meeting.group", date(2025, 3, 10))
    groups = by_period(found, "g1")
    assert groups["2025-01"].status is Status.PASS
    assert groups["2025-01"].evidence == ("gm1",)
    assert groups["2025-02"].status is Status.FAIL
    assert groups["2025-03"].reason == "not_yet_due"
    na = by_period(found, other)["2025"]
    assert (na.status, na.reason) == (Status.NOT_APPLICABLE, "no_groups")
    assert not by_period(found, br)


# -- meeting.lecture ------------------------------------------------------------------------


def test_lecture_quarterly_default():
    b, _, br = dept_and_branch()
    b.meeting("lecture", br, "2025-01-09", id="l1")
    found = by_period(run(b.build(), "meeting.lecture", date(2025, 6, 30)))
    assert found["2025Q1"].status is Status.PASS
    assert found["2025Q2"].status is Status.FAIL


def test_lecture_per_semester_min_two():
    b, _, br = dept_and_branch()
    b.meeting("lecture", br, "2024-10-10", id="a1")  # autumn 2024 semester, before the window
    b.meeting("lecture", br, "2025-03-01", id="s1")
    b.meeting("lecture", br, "2025-08-31", id="s2")
    params = {"meeting.lecture": {"per": "semester", "min": 2}}
    found = by_period(run(b.build(), "meeting.lecture", date(2025, 12, 31), params=params))
    assert list(found) == ["2024-autumn", "2025-spring"]
    autumn = found["2024-autumn"]
    assert autumn.status is Status.FAIL
    assert (autumn.measured, autumn.expected) == (1, 2)
    assert autumn.evidence == ("missing:2024-autumn", "a1")
    spring = found["2025-spring"]
    assert spring.status is Status.PASS
    assert spring.evidence == ("s1", "s2")


# -- meeting.secretary_lecture --------------------------------------------------------------


def test_secretary_lecture_by_the_secretary_of_the_day():
    b, dept, br = dept_and_branch()
    old, new, other = b.member(br), b.member(br), b.member(br)
    b.role(br, old, "secretary", start="2020-01-01", end="2025-03-31")
    b.role(br, new, "secretary", start="2025-04-01")
    b.meeting("lecture", br, "2025-05-10", id="by-old", speaker_id=old)  # no longer secretary
    b.meeting("lecture", br, "2025-05-11", id="by-other", speaker_id=other)
    ledger = b.build()
    f = by_period(run(ledger, "meeting.secretary_lecture", date(2026, 1, 5),
                      window=_year(2025)), "br")["2025"]
    assert f.status is Status.FAIL
    assert (f.measured, f.expected) == (0, 1)
    b.meeting("lecture", br, "2025-02-11", id="by-old-in-post", speaker_id=old)
    f = by_period(run(b.build(), "meeting.secretary_lecture", date(2026, 1, 5),
                      window=_year(2025)), "br")["2025"]
    assert f.status is Status.PASS
    assert f.evidence == ("by-old-in-post",)
    dept_finding = by_period(run(b.build(), "meeting.secretary_lecture", date(2026, 1, 5),
                                 window=_year(2025)), dept)["2025"]
    assert dept_finding.reason == "no_secretary"


def _year(y: int) -> Window:
    return Window(date(y, 1, 1), date(y, 12, 31))


def test_secretary_lecture_department_lecturing_a_branch_and_no_secretary():
    b, dept, br = dept_and_branch()
    g = b.group(br, id="g")
    boss, sec = b.member(br), b.member(br)
    b.role(dept, boss, "secretary")
    b.role(br, sec, "secretary")
    b.meeting("lecture", br, "2025-03-03", id="dept-talk", speaker_id=boss)
    found = run(b.build(), "meeting.secretary_lecture", date(2025, 4, 1))
    subjects = {f.subject_id: f for f in found}
    assert subjects["dept"].status is Status.PASS
    assert subjects["dept"].evidence == ("dept-talk",)
    assert subjects["br"].status is Status.NOT_APPLICABLE
    assert subjects["br"].reason == "not_yet_due"
    school = next(o.id for o in b.build().organizations if o.kind.value == "school_committee")
    assert subjects[school].reason == "no_secretary"
    assert g not in subjects


def test_secretary_lecture_online_excluded_when_count_online_false():
    b, _, br = dept_and_branch()
    sec = b.member(br)
    b.role(br, sec, "secretary")
    b.meeting("lecture", br, "2024-06-03", id="web", speaker_id=sec, mode="online")
    ledger = b.build()
    on = by_period(run(ledger, "meeting.secretary_lecture", date(2025, 1, 1),
                       window=_year(2024)), "br")["2024"]
    assert on.status is Status.PASS
    off = by_period(run(ledger, "meeting.secretary_lecture", date(2025, 1, 1),
                        window=_year(2024),
                        params={"meeting.secretary_lecture": {"count_online": False}}),
                    "br")["2024"]
    assert off.status is Status.FAIL


# -- meeting.theme_day ----------------------------------------------------------------------


def test_online_theme_day_counts_unless_count_online_false():
    b, _, br = dept_and_branch()
    b.meeting("theme_day", br, "2025-01-15", id="cloud", mode="online")
    b.meeting("theme_day", br, "2025-02-15", id="room")
    ledger = b.build()
    on = by_period(run(ledger, "meeting.theme_day", date(2025, 2, 28)))
    assert on["2025-01"].status is Status.PASS
    assert on["2025-01"].evidence == ("cloud",)
    off = by_period(run(ledger, "meeting.theme_day", date(2025, 2, 28),
                        params={"meeting.theme_day": {"count_online": False}}))
    assert off["2025-01"].status is Status.FAIL
    assert off["2025-01"].evidence == ("missing:2025-01",)
    assert off["2025-02"].status is Status.PASS


def test_joint_theme_day_counts_for_all_three_branches():
    b, dept, _ = dept_and_branch()
    three = [b.branch(dept, id=f"j{i}") for i in range(3)]
    b.meeting("theme_day", three, "2025-01-20", id="joint")
    found = run(b.build(), "meeting.theme_day", date(2025, 1, 31))
    for br in three:
        f = by_period(found, br)["2025-01"]
        assert f.status is Status.PASS
        assert f.evidence == ("joint",)
    assert by_period(found, "br")["2025-01"].status is Status.FAIL


def test_theme_day_current_month_not_yet_due_vs_met():
    b, _, br = dept_and_branch()
    b.meeting("theme_day", br, "2025-03-01")
    ledger = b.build()
    assert by_period(run(ledger, "meeting.theme_day", date(2025, 3, 1)))["2025-03"].status \
        is Status.PASS
    april = by_period(run(ledger, "meeting.theme_day", date(2025, 4, 29)))["2025-04"]
    assert (april.status, april.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    april = by_period(run(ledger, "meeting.theme_day", date(2025, 4, 30)))["2025-04"]
    assert april.status is Status.FAIL


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.integers(min_value=0, max_value=364), max_size=15),
    as_of_day=st.integers(min_value=0, max_value=364),
)
def test_theme_day_property_month_met_iff_a_meeting_by_as_of(days, as_of_day):
    start = date(2025, 1, 1)
    b, _, br = dept_and_branch()
    dates = [start + timedelta(days=d) for d in days]
    for i, d in enumerate(dates):
        b.meeting("theme_day", br, d, id=f"t{i}")
    as_of = start + timedelta(days=as_of_day)
    found = by_period(run(b.build(), "meeting.theme_day", as_of))
    assert len(found) == as_of.month
    for month in range(1, as_of.month + 1):
        f = found[f"2025-{month:02d}"]
        held = sorted(f"t{i}" for i, d in enumerate(dates) if d.month == month and d <= as_of)
        assert f.measured == len(held)
        if held:
            assert f.status is Status.PASS
        elif month < as_of.month or (as_of + timedelta(days=1)).month != as_of.month:
            assert f.status is Status.FAIL
        else:
            assert f.reason == "not_yet_due"


def test_findings_do_not_depend_on_record_order():
    b, dept, br = dept_and_branch()
    other = b.branch(dept, id="br2")
    for i, (d, orgs) in enumerate([("2025-01-03", [br, other]), ("2025-01-02", [br]),
                                   ("2025-02-09", [other]), ("2025-02-01", [br])]):
        b.meeting("theme_day", orgs, d, id=f"m{i}")
    forward = run(b.build(), "meeting.theme_day", date(2025, 3, 31))
    b.data["meetings"].reverse()
    backward = run(b.build(), "meeting.theme_day", date(2025, 3, 31))
    assert forward.to_records() == backward.to_records()
    assert by_period(forward, "br")["2025-01"].evidence == ("m1", "m0")


# -- meeting.org_life -----------------------------------------------------------------------


def test_org_life_in_q4_passes_q3_warns_none_fails():
    b, dept, q4 = dept_and_branch()
    q3 = b.branch(dept, id="q3")
    none = b.branch(dept, id="none")
    b.meeting("org_life", q4, "2025-10-01", id="ol-q4")
    b.meeting("org_life", q3, "2025-09-30", id="ol-q3")
    found = {f.subject_id: f for f in run(b.build(), "meeting.org_life", date(2026, 1, 10),
                                          window=_year(2025))}
    assert found["br"].status is Status.PASS
    assert found["br"].evidence == ("ol-q4",)
    assert found["q3"].status is Status.WARN
    assert found["q3"].message_key == "warn_season"
    assert (found["q3"].measured, found["q3"].expected) == (("2025Q3",), "Q4")
    assert found["q3"].evidence == ("ol-q3",)
    assert found[none].status is Status.FAIL
    assert found[none].evidence == ("missing:2025",)


def test_org_life_current_year_not_yet_due_and_early_meeting_passes_until_q4_ends():
    b, _, br = dept_and_branch()
    f = run(b.build(), "meeting.org_life", date(2025, 11, 30))[0]
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    b.meeting("org_life", br, "2025-03-01", id="early")
    ledger = b.build()
    # September and even 30 December: Q4 is not over, another meeting may still follow.
    for as_of in (date(2025, 9, 15), date(2025, 12, 30)):
        f = run(ledger, "meeting.org_life", as_of)[0]
        assert (f.status, f.measured, f.evidence) == (Status.PASS, 1, ("early",))
    # On 31 December Q4 has ended without a meeting in it: the season warns.
    f = run(ledger, "meeting.org_life", date(2025, 12, 31))[0]
    assert (f.status, f.measured) == (Status.WARN, ("2025Q1",))
    in_q1 = run(ledger, "meeting.org_life", date(2025, 11, 30),
                params={"meeting.org_life": {"quarter": 1}})[0]
    assert in_q1.status is Status.PASS
    # Expected in Q2: once Q2 is over, a Q1 meeting warns although the year is not.
    in_q2 = run(ledger, "meeting.org_life", date(2025, 6, 30),
                params={"meeting.org_life": {"quarter": 2}})[0]
    assert (in_q2.status, in_q2.measured) == (Status.WARN, ("2025Q1",))
    before_q2_end = run(ledger, "meeting.org_life", date(2025, 6, 29),
                        params={"meeting.org_life": {"quarter": 2}})[0]
    assert before_q2_end.status is Status.PASS


# -- meeting.democratic_appraisal -----------------------------------------------------------


def appraisal(grades: list[str], *, extra_member: bool = False) -> Findings:
    b, _, br = dept_and_branch()
    people = [b.member(br) for _ in grades]
    if extra_member:
        people.append(b.member(br, id="forgotten", name="漏评者"))
    b.meeting("democratic_appraisal", br, "2025-12-10", id="da",
              grades=dict(zip(people, grades, strict=False)))
    return run(b.build(), "meeting.democratic_appraisal", date(2025, 12, 31))


def test_democratic_appraisal_exactly_one_third_excellent_passes():
    f = appraisal(["excellent", "qualified", "qualified"])[0]
    assert f.status is Status.PASS
    assert (f.measured, f.expected) == (Fraction(1, 3), Fraction(1, 3))
    assert f.evidence == ("da",)


def test_democratic_appraisal_above_one_third_warns():
    f = appraisal(["excellent", "excellent", "qualified", "qualified", "basically_qualified"])[0]
    assert f.status is Status.WARN
    assert f.message_key == "warn_excellent"
    assert f.measured == Fraction(2, 5)


def test_democratic_appraisal_ungraded_full_member_fails():
    f = appraisal(["qualified", "qualified"], extra_member=True)[0]
    assert f.status is Status.FAIL
    assert f.message_key == "fail_ungraded"
    assert (f.measured, f.expected) == (2, 3)
    assert f.evidence == ("da", "forgotten")
    assert "漏评者" in f.message_zh


def test_democratic_appraisal_probationary_need_no_grade_and_missing_fails():
    b, dept, br = dept_and_branch()
    full = b.member(br)
    b.member(br, status="probationary", since="2025-03-01")
    b.meeting("democratic_appraisal", br, "2025-06-10", id="da", grades={full: "qualified"})
    empty = b.branch(dept, id="empty")
    lonely = b.branch(dept, id="lonely")
    b.member(lonely)
    found = {f.subject_id: f for f in run(b.build(), "meeting.democratic_appraisal",
                                          date(2026, 2, 1), window=_year(2025))}
    assert found["br"].status is Status.PASS
    assert found["br"].measured == 0
    assert found[lonely].status is Status.FAIL
    assert found[lonely].evidence == ("missing:2025",)
    assert found[empty].reason == "no_members"


# -- meeting.heart_talk ---------------------------------------------------------------------


def test_heart_talk_one_finding_per_full_member():
    b, _, br = dept_and_branch()
    talked = b.member(br, id="talked")
    silent = b.member(br, id="silent")
    newcomer = b.member(br, id="newcomer", joined="2025-07-01")
    b.member(br, status="probationary", since="2025-01-10", id="prob")
    b.member(br, id="gone", left_org="2025-06-30")
    b.meeting("heart_talk", br, "2025-03-10", id="h1", present=[talked], chair_id=None)
    b.meeting("heart_talk", br, "2025-08-10", id="h2", present=[newcomer])
    found = {f.subject_id: f for f in run(b.build(), "meeting.heart_talk", date(2026, 1, 2),
                                          window=_year(2025))}
    assert set(found) == {"talked", "silent", "newcomer"}
    assert found["talked"].status is Status.PASS
    assert found["talked"].evidence == ("h1",)
    assert found["newcomer"].status is Status.PASS
    assert found["newcomer"].evidence == ("h2",)
    assert found["silent"].status is Status.FAIL
    assert (found["silent"].measured, found["silent"].expected) == (0, 1)
    assert found["silent"].period.label == "2025"
    assert found["silent"].org_chain[0] == "br"
    assert silent == "silent"


def test_heart_talk_joined_mid_year_without_talk_fails_and_current_year_not_yet_due():
    b, _, br = dept_and_branch()
    b.member(br, id="new", joined="2025-09-01")
    b.member(br, id="chair")
    b.meeting("heart_talk", br, "2025-10-01", id="h", present=[],
              chair_id="chair")
    ledger = b.build()
    done = {f.subject_id: f for f in run(ledger, "meeting.heart_talk", date(2026, 1, 1),
                                         window=_year(2025))}
    assert done["new"].status is Status.FAIL
    assert done["chair"].status is Status.PASS  # the one who conducts the talk has it too
    now = {f.subject_id: f for f in run(ledger, "meeting.heart_talk", date(2025, 11, 1))}
    assert (now["new"].status, now["new"].reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert now["chair"].status is Status.PASS


def test_heart_talk_in_another_branch_does_not_count():
    b, dept, br = dept_and_branch()
    other = b.branch(dept, id="other")
    b.member(br, id="m")
    b.meeting("heart_talk", other, "2025-05-01", present=["m"])
    f = run(b.build(), "meeting.heart_talk", date(2026, 1, 1), window=_year(2025))[0]
    assert (f.subject_id, f.status) == ("m", Status.FAIL)


def test_heart_talk_in_the_previous_branch_counts_after_a_transfer():
    b, dept, br = dept_and_branch()
    new = b.branch(dept, id="new")
    b.member(br, id="mover", left_org="2025-06-30",
             memberships=[{"org_id": new, "start": "2025-07-01"}])
    b.member(br, id="stayer")
    b.meeting("heart_talk", br, "2025-03-10", id="old-talk", present=["mover"])
    # recorded by the new branch before the mover arrived: not a talk of theirs
    b.meeting("heart_talk", new, "2025-04-10", id="too-early", present=["stayer"])
    found = {f.subject_id: f for f in run(b.build(), "meeting.heart_talk", date(2026, 1, 2),
                                          window=_year(2025))}
    assert set(found) == {"mover", "stayer"}
    assert (found["mover"].status, found["mover"].evidence) == (Status.PASS, ("old-talk",))
    assert found["mover"].org_chain[0] == "new"  # judged where they are at the year's end
    assert found["stayer"].status is Status.FAIL


def test_heart_talk_in_a_group_of_the_previous_branch_counts():
    b, dept, br = dept_and_branch()
    g = b.group(br, id="g")
    new = b.branch(dept, id="new")
    b.member(g, id="mover", left_org="2025-05-31",
             memberships=[{"org_id": new, "start": "2025-06-01"}])
    b.meeting("heart_talk", g, "2025-05-31", id="last-day", present=["mover"])
    f = run(b.build(), "meeting.heart_talk", date(2025, 12, 31))[0]
    assert (f.subject_id, f.status, f.evidence) == ("mover", Status.PASS, ("last-day",))


# -- department meetings --------------------------------------------------------------------


def test_dept_party_meeting_satisfied_by_department_committee_meeting():
    b, dept, br = dept_and_branch()
    b.meeting("committee", dept, "2025-01-10", id="dept-cm")
    b.meeting("dept_party_meeting", dept, "2025-02-10", id="dpm")
    b.meeting("committee", br, "2025-03-10", id="branch-cm")
    found = run(b.build(), "meeting.dept_party_meeting", date(2025, 3, 31))
    months = by_period(found, "dept")
    assert months["2025-01"].status is Status.PASS
    assert months["2025-01"].evidence == ("dept-cm",)
    assert months["2025-02"].evidence == ("dpm",)
    assert months["2025-03"].status is Status.FAIL
    assert {f.subject_id for f in found} == {"dept"}


def test_dept_joint_meeting_frequency_and_prior_review():
    b, dept, _ = dept_and_branch()
    review = b.meeting("dept_party_meeting", dept, "2025-01-05", id="review")
    agenda = [
        {"title": "修订人才培养方案", "category": "direction", "prior_party_review": True},
        {"title": "教师职称推荐", "category": "staff", "prior_party_review": False},
        {"title": "奖学金评定", "category": "interests"},
        {"title": "购置设备", "category": "other", "prior_party_review": False},
        {"title": "引进人才", "category": "staff", "prior_review_meeting_id": review},
    ]
    b.meeting("dept_joint_meeting", dept, "2025-01-20", id="jm", agenda=agenda)
    found = run(b.build(), "meeting.dept_joint_meeting", date(2025, 2, 28))
    freq = by_period(found, "dept")
    assert freq["2025-01"].status is Status.PASS
    assert freq["2025-02"].status is Status.FAIL
    items = {f.facet: f for f in found if f.facet}
    assert {f.subject_id for f in items.values()} == {"jm"}
    assert set(items) == {"prior_review:0", "prior_review:1", "prior_review:2",
                          "prior_review:4"}
    assert items["prior_review:0"].status is Status.PASS
    bad = items["prior_review:1"]
    assert bad.status is Status.FAIL
    assert bad.period.label == "2025-01"
    assert bad.evidence == ("jm",)
    assert "教师职称推荐" in bad.message_zh
    assert items["prior_review:2"].status is Status.FAIL
    assert items["prior_review:4"].status is Status.PASS
    assert items["prior_review:4"].evidence == ("jm", "review")


def test_dept_joint_meeting_waiver_names_exactly_one_item():
    b, dept, _ = dept_and_branch()
    agenda = [
        {"title": "教师职称推荐", "category": "staff", "prior_party_review": False},
        {"title": "奖学金评定", "category": "interests", "prior_party_review": False},
    ]
    b.meeting("dept_joint_meeting", dept, "2025-01-20", id="jm", agenda=agenda)
    b.meeting("dept_joint_meeting", dept, "2025-02-20", id="jm2", agenda=agenda[:1])
    b.record("waivers", id="w1", rule_id="meeting.dept_joint_meeting", subject_id="jm",
             facet="prior_review:1", start="2025-01-01", end="2025-12-31",
             reason="经学院党委复核", approver="学院党委", expires="2026-06-30")
    found = run(b.build(), "meeting.dept_joint_meeting", date(2025, 2, 28))
    items = {(f.subject_id, f.facet): f for f in found if f.facet}
    assert set(items) == {("jm", "prior_review:0"), ("jm", "prior_review:1"),
                          ("jm2", "prior_review:0")}
    assert items[("jm", "prior_review:1")].status is Status.WAIVED
    assert items[("jm", "prior_review:1")].original_status is Status.FAIL
    assert items[("jm", "prior_review:0")].status is Status.FAIL
    assert items[("jm2", "prior_review:0")].status is Status.FAIL
    for f in items.values():
        assert f.subject_kind.value == "meeting"
        assert f.org_chain[0] == "dept"  # the item rolls up to the department
    assert {f.status for f in found if not f.facet} == {Status.PASS}


def test_dept_joint_meeting_of_two_departments_has_one_finding_per_item():
    b, dept, _ = dept_and_branch()
    other = b.department(id="dept2")
    agenda = [{"title": "教师职称推荐", "category": "staff", "prior_party_review": False}]
    b.meeting("dept_joint_meeting", [dept, other], "2025-01-20", id="jm", agenda=agenda)
    found = run(b.build(), "meeting.dept_joint_meeting", date(2025, 1, 31))
    (item,) = [f for f in found if f.facet]
    assert (item.subject_id, item.facet, item.status) == ("jm", "prior_review:0", Status.FAIL)
    assert {"dept", "dept2"} <= set(item.org_chain)


# -- meeting.democratic_life ----------------------------------------------------------------


def test_democratic_life_held_on_31_december_passes():
    b, dept, _ = dept_and_branch()
    b.meeting("democratic_life", dept, "2025-12-31", id="dl")
    f = by_period(run(b.build(), "meeting.democratic_life", date(2026, 1, 5),
                      window=_year(2025)))["2025"]
    assert (f.subject_id, f.status, f.evidence) == ("dept", Status.PASS, ("dl",))
    assert (f.measured, f.expected) == (1, 1)


def test_democratic_life_none_fails_at_year_end_and_is_not_yet_due_before():
    b, dept, br = dept_and_branch()
    b.meeting("democratic_life", br, "2025-06-10", id="branch-only")  # not the department's
    b.meeting("democratic_life", dept, "2026-01-01", id="next-year")
    ledger = b.build()
    end = run(ledger, "meeting.democratic_life", date(2025, 12, 31))
    assert [(f.subject_id, f.status) for f in end] == [("dept", Status.FAIL)]
    assert end[0].evidence == ("missing:2025",)
    assert end[0].measured == 0
    now = run(ledger, "meeting.democratic_life", date(2025, 12, 30))[0]
    assert (now.status, now.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert now.severity.value == "violation"
    assert "民主生活会" in now.message_zh


def test_democratic_life_only_judges_department_organisations():
    b, dept, br = dept_and_branch()
    b.meeting("democratic_life", dept, "2025-03-01", id="dl")
    found = run(b.build(), "meeting.democratic_life", date(2025, 4, 1))
    assert [(f.subject_id, f.status) for f in found] == [("dept", Status.PASS)]
    assert br not in {f.subject_id for f in found}


def test_study_group_monthly_default_and_yearly_twelve():
    b, dept, _ = dept_and_branch()
    for month in range(1, 12):
        b.meeting("study_group", dept, f"2025-{month:02d}-15")
    ledger = b.build()
    monthly = by_period(run(ledger, "meeting.study_group", date(2026, 1, 5), window=_year(2025)))
    assert len(monthly) == 12
    assert monthly["2025-11"].status is Status.PASS
    assert monthly["2025-12"].status is Status.FAIL
    yearly = run(ledger, "meeting.study_group", date(2026, 1, 5), window=_year(2025),
                 params={"meeting.study_group": {"per": "year", "min": 12}})
    assert len(yearly) == 1
    assert (yearly[0].status, yearly[0].measured, yearly[0].expected) == (Status.FAIL, 11, 12)


def test_ideology_analysis_monthly_and_joint_quarterly():
    b, dept, _ = dept_and_branch()
    b.meeting("ideology_analysis", dept, "2025-01-31")
    b.meeting("ideology_joint", dept, "2025-02-01", id="ij")
    ledger = b.build()
    analysis = by_period(run(ledger, "meeting.ideology_analysis", date(2025, 3, 31)))
    assert [analysis[m].status for m in ("2025-01", "2025-02", "2025-03")] == [
        Status.PASS, Status.FAIL, Status.FAIL]
    joint = by_period(run(ledger, "meeting.ideology_joint", date(2025, 6, 30)))
    assert joint["2025Q1"].status is Status.PASS
    assert joint["2025Q1"].evidence == ("ij",)
    assert joint["2025Q2"].status is Status.FAIL


def test_department_rules_only_judge_department_organisations():
    b, _, br = dept_and_branch()
    b.meeting("ideology_analysis", br, "2025-01-10")
    found = run(b.build(), "meeting.ideology_analysis", date(2025, 1, 31))
    assert [(f.subject_id, f.status) for f in found] == [("dept", Status.FAIL)]
