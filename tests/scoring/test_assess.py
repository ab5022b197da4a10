"""assess(): scoring a ledger end to end with small schemes and hand-built ledgers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dangjian_core as dj
from dangjian_core.rules import Status, SubjectKind, check
from dangjian_core.scoring import Assessment, assess, diff, merge, parse_scheme, score_findings
from dangjian_core.scoring._assess import _shown
from dangjian_core.testing.builders import LedgerBuilder

AS_OF = date(2025, 6, 30)

SCHEME: dict[str, Any] = {
    "id": "mini", "version": "1", "title": "小方案", "scope": "department", "total": 10,
    "grades": [{"grade": "优秀", "min": 90}, {"grade": "合格", "min": 60},
               {"grade": "不合格", "min": 0}],
    "veto": [{"rules": ["governance.major_incident"], "grade": "不合格"}],
    "verdict": {"title": "达标", "min_total": 90, "min_dimension_share": 0.8},
    "dimensions": [
        {"id": "org", "title": "组织", "points": 6, "indicators": [
            {"id": "C", "title": "支委会", "points": 6, "function": "ratio",
             "rules": ["meeting.committee"]}]},
        {"id": "other", "title": "其他", "points": 4, "indicators": [
            {"id": "Q", "title": "会议人数", "points": 4, "function": "all",
             "rules": ["meeting.quorum"]}]},
    ],
}


def department(prefix: str = "", *, months: tuple[int, ...] = (1, 2, 3, 4, 5, 6),
               incident: bool = False, with_committee: bool = True) -> LedgerBuilder:
    b = LedgerBuilder()
    b._counter = 0  # ids are prefixed so two departments can share one ledger
    dept = b.org("general_branch", None, id=f"{prefix}dept", name=f"{prefix}院系党总支")
    br = b.branch(dept, id=f"{prefix}br", name=f"{prefix}教工支部")
    people = [b.member(br, id=f"{prefix}p{i}") for i in range(5)]
    b.role(br, people[0], "secretary", id=f"{prefix}r0")
    if with_committee:
        b.role(br, people[1], "organization", id=f"{prefix}r1")
    for m in months:
        b.meeting("committee", br, f"2025-{m:02d}-15", id=f"{prefix}m{m}")
    if incident:
        b.record("incidents", id=f"{prefix}inc", org_id=dept, date="2025-03-01",
                 severity="major", category="安全")
    return b


def test_full_marks_and_verdict():
    a = assess(department().build(), parse_scheme(SCHEME), as_of=AS_OF)
    (s,) = a.subjects
    assert (s.subject_id, s.score, s.grade, s.verdict) == ("dept", 100.0, "优秀", True)
    assert a.gaps() == []


def test_missing_months_lose_points_in_proportion_and_are_explained():
    a = assess(department(months=(1, 2, 3)).build(), parse_scheme(SCHEME), as_of=AS_OF)
    s = a.subject("dept")
    c = s.dimensions[0].indicators[0]
    assert (c.passed, c.failed) == (3, 3)  # as_of is June's last day: June is due
    assert c.earned == pytest.approx(3)
    gaps = a.gaps()
    assert [g.gain for g in gaps] == [pytest.approx(1.0)] * 3
    assert gaps[0].findings[0].period == "2025-04"
    text = a.explain()
    assert "支委会" in text and "2025-04" in text and "优先整改" in text
    assert "Score" in a.explain(lang="en")


def test_indicator_without_applicable_findings_leaves_the_denominator():
    a = assess(department(with_committee=False).build(), parse_scheme(SCHEME), as_of=AS_OF)
    s = a.subject()
    c = s.dimensions[0].indicators[0]
    assert c.excluded == "not_applicable" and c.possible == 0
    assert s.possible == 4 and s.score == 100.0  # rescaled to 100 over what applied


def test_raw_and_waived_scores_are_both_reported():
    b = department(months=(1, 2, 3, 5, 6))
    b.record("waivers", id="w", rule_id="meeting.committee", subject_id="br",
             start="2025-04-01", end="2025-04-30", reason="疫情", approver="校党委",
             expires="2025-12-31")
    s = assess(b.build(), parse_scheme(SCHEME), as_of=AS_OF).subject()
    assert (s.score, s.score_waived) == (90.0, 100.0)
    assert (s.grade, s.grade_waived) == ("优秀", "优秀")


def test_the_dimension_share_gate_of_the_verdict():
    # committee 4 of 6 months: 4 of 6 points in "org" (66% < 80%), total 8/10 = 80 < 90
    s = assess(department(months=(1, 2, 3, 4)).build(), parse_scheme(SCHEME),
               as_of=AS_OF).subject()
    assert s.verdict is False and s.grade == "合格"


def test_assessment_json_round_trip_and_schema():
    a = assess(department(months=(1, 3)).build(), parse_scheme(SCHEME), as_of=AS_OF)
    again = Assessment.model_validate_json(a.to_json())
    assert again == a
    schema = dj.scoring.assessment_json_schema()
    assert schema["title"] == "Assessment" and schema["x-title-zh"] == "评估结果"
    assert "subjects" in schema["properties"]


def test_unknown_subject_is_a_clear_error():
    with pytest.raises(dj.SchemeError, match="nowhere"):
        assess(department().build(), parse_scheme(SCHEME), as_of=AS_OF, subject="nowhere")


months_subsets = st.lists(st.integers(1, 12), unique=True, max_size=12).map(
    lambda xs: tuple(sorted(xs)))


@settings(max_examples=25, deadline=None)
@given(months_subsets, months_subsets, st.booleans(), st.dates(date(2025, 1, 1), date(2025, 12, 31)))
def test_merge_of_independent_ledgers_equals_the_union(a_months, b_months, committee, as_of):
    a_builder = department("a-", months=a_months)
    b_builder = department("b-", months=b_months, with_committee=committee)
    scheme = parse_scheme(SCHEME)
    separate = merge([assess(a_builder.build(), scheme, as_of=as_of),
                      assess(b_builder.build(), scheme, as_of=as_of)])
    union_data: dict[str, list[Any]] = {}
    for data in (a_builder.data, b_builder.data):
        for key, records in data.items():
            union_data.setdefault(key, []).extend(records)
    together = assess(dj.load_ledger(union_data), scheme, as_of=as_of)
    assert separate == together
    with pytest.raises(dj.SchemeError):
        merge([together, together])


def test_diff_between_two_years_of_the_same_scheme():
    scheme = parse_scheme(SCHEME)
    before = assess(department(months=(1, 2)).build(), scheme, as_of=AS_OF)
    after = assess(department(months=(1, 2, 3, 4)).build(), scheme, as_of=AS_OF)
    d = diff(before, after)
    assert d.score["dept"] > 0
    assert d.indicators["dept"]["C"] == pytest.approx(6 * 4 / 6 - 6 * 2 / 6)
    assert {f.period for f in d.resolved} == {"2025-03", "2025-04"}
    assert d.new == []
    other = parse_scheme({**SCHEME, "version": "2"})
    with pytest.raises(dj.SchemeError):
        diff(before, assess(department().build(), other, as_of=AS_OF))


# -- the verdict's gate: a gate rule must *pass* ----------------------------------------------

GATED: dict[str, Any] = {
    "id": "gated", "version": "1", "title": "样板", "scope": "branch", "total": 6,
    "grades": [{"grade": "优秀", "min": 90}, {"grade": "不合格", "min": 0}],
    "verdict": {"title": "样板", "min_total": 90,
                "gate_rules": ["leadership.dual_leader_qualified"]},
    "dimensions": [{"id": "org", "title": "组织", "points": 6, "indicators": [
        {"id": "C", "title": "支委会", "points": 6, "function": "ratio",
         "rules": ["meeting.committee"]}]}],
}


def teacher_branch(secretary: dict[str, Any] | None) -> LedgerBuilder:
    """A teacher branch with a committee meeting every month, full marks but for the gate."""
    b = LedgerBuilder()
    br = b.branch(b.department(id="dept"), id="br")
    people = [b.member(br, id=f"p{i}") for i in range(3)]
    if secretary is not None:
        b.data["people"][0].update(secretary)
        b.role(br, people[0], "secretary", id="r0")
    b.role(br, people[1], "organization", id="r1")
    for m in range(1, 13):
        b.meeting("committee", br, f"2025-{m:02d}-15", id=f"m{m}")
    return b


@pytest.mark.parametrize(("secretary", "open_"), [
    (None, False),  # vacant: closes the gate (whether the rule says fail or not_applicable)
    ({"title_rank": "intermediate"}, False),  # not qualified: fails
    ({"title_rank": "associate_senior"}, True),  # 副高: qualified
    ({"dual_leader": True}, True),
])
def test_the_gate_needs_a_pass_of_the_secretary(secretary, open_):
    ledger = teacher_branch(secretary).build()
    s = assess(ledger, parse_scheme(GATED), as_of=date(2025, 12, 31)).subject("br")
    assert s.score == 100.0
    assert (s.verdict, s.verdict_waived) == (open_, open_)
    assert any("必备条件" in m for m in s.verdict_misses) is not open_
    builtin = assess(ledger, "seven-effective", as_of=date(2025, 12, 31)).subject("br")
    assert any("必备条件" in m for m in builtin.verdict_misses) is not open_


def test_a_gate_finding_is_found_through_its_scope_whatever_its_subject():
    """The gate finding may name the secretary (a person) and reach the branch by its scope."""


    ledger = teacher_branch({"title_rank": "intermediate"}).build()
    found = check(ledger, as_of=date(2025, 12, 31),
                  rules=["meeting.committee", "leadership.dual_leader_qualified"])
    moved = [attrs.evolve(f, subject_id="p0", subject_kind=SubjectKind.PERSON)
             if f.rule_id == "leadership.dual_leader_qualified" else f for f in found]
    assert any(f.subject_id == "p0" and "br" in f.org_chain for f in moved)
    (s,) = score_findings(dj.Findings(moved, as_of=found.as_of, window=found.window),
                          parse_scheme(GATED), [("br", "支部")])
    assert s.verdict is False and any("必备条件" in m for m in s.verdict_misses)


def test_a_score_is_shown_rounded_down_to_two_decimals():
    # committee met 6 of 7 months: (6 × 6/7 + 4) / 10 × 100 = 91.428571…
    s = assess(department().build(), parse_scheme(SCHEME), as_of=date(2025, 7, 31)).subject()
    assert s.score == 91.42 and s.grade == "优秀"
    # 5 of 7 months: 82.857142… is shown 82.85, never rounded up
    s = assess(department(months=(1, 2, 3, 4, 5)).build(), parse_scheme(SCHEME),
               as_of=date(2025, 7, 31)).subject()
    assert s.score == 82.85
    assert "总分 82.85 低于 90" in s.verdict_misses


def test_a_score_just_below_a_grade_is_never_shown_at_it():
    assert _shown(Fraction(8999999, 100000)) == 89.99  # 89.99999 < 90: not "90.00"
    assert _shown(Fraction(90)) == 90.0


@pytest.mark.parametrize(("status", "reason", "open_"), [
    ("pass", None, True),
    ("warn", None, False),  # only a pass opens the gate
    ("not_applicable", "no_secretary", False),
    ("not_applicable", "not_a_teacher_branch", True),  # the gate does not concern it
])
def test_the_gate_opens_only_on_a_pass(status, reason, open_):
    ledger = teacher_branch({"title_rank": "associate_senior"}).build()
    found = check(ledger, as_of=date(2025, 12, 31),
                  rules=["meeting.committee", "leadership.dual_leader_qualified"])
    changed = [attrs.evolve(f, status=Status(status), reason=reason)
               if f.rule_id == "leadership.dual_leader_qualified" else f for f in found]
    (s,) = score_findings(dj.Findings(changed, as_of=found.as_of, window=found.window),
                          parse_scheme(GATED), [("br", "支部")])
    assert s.verdict is open_
