"""The rule engine: catalogue, selection, parameters, errors, waivers, Findings helpers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

import dangjian_core as dj
from _catalogue import CATALOGUE_IDS
from dangjian_core.model import Ledger
from dangjian_core.periods import Cadence
from dangjian_core.rules import (
    Finding,
    RuleContext,
    Scope,
    Status,
    SubjectKind,
    check,
    get_rule,
    list_rules,
    register_rule,
    rule,
    unregister_rule,
)
from dangjian_core.testing.builders import LedgerBuilder

AS_OF = date(2025, 6, 15)


def committee_ledger(*, waiver_expires: str | None = None) -> Ledger:
    b = LedgerBuilder()
    dept = b.department()
    br = b.branch(dept, id="br")
    people = [b.member(br) for _ in range(5)]
    b.role(br, people[0], "secretary")
    b.role(br, people[1], "organization")
    for month in (1, 2, 4, 5):
        b.meeting("committee", br, f"2025-{month:02d}-10")
    if waiver_expires:
        b.record("waivers", id="w1", rule_id="meeting.committee", subject_id="br",
                 start="2025-03-01", end="2025-03-31", reason="疫情封控", approver="校党委",
                 expires=waiver_expires)
    return b.build()


def test_catalogue_matches_the_project_list_exactly():
    expected = set(CATALOGUE_IDS)
    builtin = {r.id for r in list_rules()}
    assert builtin - expected == set(), "rules not in the catalogue list"
    assert expected - builtin == set(), "catalogue rules not implemented"


def test_every_rule_is_described():
    for r in list_rules():
        assert r.title_zh and r.title_en and r.source, r.id
        assert r.description, f"{r.id} has no docstring"
        assert r.id.split(".")[0] == r.family


def test_select_by_glob_and_unknown_pattern():
    ledger = committee_ledger()
    found = check(ledger, as_of=AS_OF, rules="meeting.comm*")
    assert {f.rule_id for f in found} == {"meeting.committee"}
    with pytest.raises(dj.RuleError, match=r"meeting\.nope"):
        check(ledger, as_of=AS_OF, rules=["meeting.nope"])


def test_missing_month_fails_with_evidence_and_current_month_not_yet_due():
    found = check(committee_ledger(), as_of=AS_OF, rules="meeting.committee", strict=True)
    by_period = {f.period.label: f for f in found}
    assert list(by_period) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    march = by_period["2025-03"]
    assert march.status is Status.FAIL
    assert march.evidence == ("missing:2025-03",)
    assert (march.measured, march.expected) == (0, 1)
    assert by_period["2025-06"].status is Status.NOT_APPLICABLE
    assert by_period["2025-06"].reason == "not_yet_due"
    assert "支委会" in march.message_zh and "2025-03" in march.message_zh
    assert march.org_chain[0] == "br"  # rolls up through the tree


def test_parameter_override_and_bad_parameters():
    ledger = committee_ledger()
    quarterly = check(ledger, as_of=AS_OF, rules="meeting.committee",
                      params={"meeting.committee": {"per": "quarter"}})
    assert [f.period.label for f in quarterly] == ["2025Q1", "2025Q2"]
    assert all(f.status is Status.PASS for f in quarterly)
    with pytest.raises(dj.RuleError) as info:
        check(ledger, as_of=AS_OF, rules="meeting.committee",
              params={"meeting.committee": {"per": "fortnight", "bogus": 1},
                      "no.such_rule": {}})
    text = str(info.value)
    assert "meeting.committee.per" in text and "bogus" in text and "no.such_rule" in text


def test_waiver_applies_until_its_expiry_inclusive():
    key = ("meeting.committee", "br", "2025-03", None)
    on_expiry = check(committee_ledger(waiver_expires="2025-06-15"), as_of=AS_OF,
                      rules="meeting.committee")
    waived = on_expiry.get(key)
    assert waived is not None
    assert waived.status is Status.WAIVED
    assert waived.original_status is Status.FAIL
    assert waived.effective_status is Status.FAIL
    assert waived.waiver_id == "w1"
    assert on_expiry.expired_waivers == ()

    day_after = check(committee_ledger(waiver_expires="2025-06-14"), as_of=AS_OF,
                      rules="meeting.committee")
    assert day_after.get(key).status is Status.FAIL
    assert day_after.expired_waivers == ("w1",)

    ignored = check(committee_ledger(waiver_expires="2025-06-15"), as_of=AS_OF,
                    rules="meeting.committee", waivers=False)
    assert ignored.get(key).status is Status.FAIL


def _custom_rules():
    @rule("custom.boom", title=("总是出错", "always raises"), scope=Scope.BRANCH,
          source="测试")
    def boom(ctx: RuleContext) -> list[Finding]:
        """Raises, to test error findings."""
        raise ZeroDivisionError("division by zero")

    @rule("custom.ok", title=("总是通过", "always passes"), scope=Scope.BRANCH,
          source="测试")
    def ok(ctx: RuleContext) -> list[Finding]:
        """One pass per branch."""
        return [ctx.finding(o.id, SubjectKind.ORGANIZATION, ctx.window_period, Status.PASS)
                for o in ctx.index.of_kind(dj.model.OrgKind.BRANCH)]

    return boom, ok


@pytest.fixture
def custom():
    boom, ok = _custom_rules()
    register_rule(boom)
    register_rule(ok)
    yield boom, ok
    unregister_rule("custom.boom")
    unregister_rule("custom.ok")


def test_raising_rule_is_an_error_finding_and_the_run_continues(custom):
    found = check(committee_ledger(), as_of=AS_OF, rules="custom.*")
    errors = found.filter(status="error")
    assert len(errors) == 1
    assert "ZeroDivisionError" in errors[0].reason
    assert len(found.filter(rule="custom.ok", status=Status.PASS)) == 1
    with pytest.raises(ZeroDivisionError):
        check(committee_ledger(), as_of=AS_OF, rules="custom.*", strict=True)


def test_duplicate_rule_ids_are_refused(custom):
    boom, _ = _custom_rules()
    with pytest.raises(dj.RuleError, match=r"custom\.boom"):
        register_rule(boom)
    with pytest.raises(dj.RuleError, match=r"meeting\.committee"):
        register_rule(get_rule("meeting.committee"))
    with pytest.raises(dj.RuleError):
        unregister_rule("meeting.committee")


def test_findings_helpers():
    found = check(committee_ledger(), as_of=AS_OF, rules="meeting.committee")
    assert found.counts() == {"pass": 4, "fail": 1, "not_applicable": 1}
    assert len(found.failing()) == 1
    assert set(found.by_rule()) == {"meeting.committee"}
    assert set(found.by_subject()) == {"br"}
    assert len(found.filter(within="br")) == 6 and len(found.filter(within="elsewhere")) == 0
    records = found.to_records()
    assert records[0]["period"] == "2025-01" and records[0]["status"] == "pass"
    assert isinstance(found[1:], type(found))


def test_check_never_depends_on_the_clock_and_is_repeatable():
    ledger = committee_ledger()
    assert check(ledger, as_of=AS_OF) == check(ledger, as_of=AS_OF)
    earlier = check(ledger, as_of=date(2025, 3, 15), rules="meeting.committee")
    assert [f.period.label for f in earlier][-1] == "2025-03"


def test_window_other_than_a_calendar_year():
    window = dj.Window(date(2024, 9, 1), date(2025, 2, 28))
    found = check(committee_ledger(), as_of=AS_OF, window=window, rules="meeting.committee")
    assert [f.period.label for f in found] == ["2024-09", "2024-10", "2024-11", "2024-12",
                                               "2025-01", "2025-02"]
    assert Cadence.MONTH.value == "month"


def test_external_organisations_are_referred_to_but_never_judged():
    b = LedgerBuilder()
    school = b.school(id="school", external=True)
    b.department(id="dept")
    found = check(b.build(), as_of=AS_OF, rules=["structure.secretary_present"])
    assert {f.subject_id for f in found} == {"dept"}
    assert school not in {f.subject_id for f in found}


def test_people_who_left_the_unit_are_no_longer_listed():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    leader = b.person(id="leader", department_id=dept)
    b.person(id="stays", category="student", department_id=dept)
    b.person(id="graduate", category="student", department_id=dept, left_on="2025-06-30")
    b.person(id="freshman", category="student", department_id=dept, arrived_on="2025-09-01")
    b.record("contact_assignments", leader_id=leader, target_id="stays", start="2025-01-01")
    found = check(b.build(), as_of=date(2025, 12, 31), rules="leadership.contact_coverage")
    students = next(f for f in found if f.facet == "students")
    assert students.status is Status.FAIL
    assert students.measured == Fraction(1, 2)  # stays and the freshman; not the graduate


def test_a_member_converted_at_the_meeting_counts_toward_its_quorum():
    # docs/rules/README.md: entitled = every full member on the meeting date, including one converted
    # that very day.
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    old = [b.member(br, since="2020-01-01") for _ in range(4)]
    converted = [b.member(br, since="2025-03-10") for _ in range(3)]
    # 3 of the 7 full members that day come: no quorum (3 of the 4 older ones alone would be)
    b.meeting("general_assembly", br, "2025-03-10", id="ga", entitled=None,
              present=[*old[:3]], topics=["讨论预备党员转正"])
    found = check(b.build(), as_of=AS_OF, rules="meeting.quorum", strict=True)
    (quorum,) = found.filter(subject="ga")
    assert quorum.status is Status.FAIL
    assert quorum.expected == 4  # more than half of 7
    assert len(converted) == 3
