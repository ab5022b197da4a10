"""``development.*``: one finding per development case per rule, judged on its own day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian_core.errors import RuleError
from dangjian_core.model import CaseClosure, Ledger, OrgKind
from dangjian_core.periods import Window
from dangjian_core.rules import Finding, Status, SubjectKind, check, get_rule
from dangjian_core.rules.development import _working_days
from dangjian_core.testing import ledgers
from dangjian_core.testing.builders import LedgerBuilder

from . import conftest

AS_OF = date(2025, 12, 31)
ALL_RULES = (
    "min_age",
    "application_talk",
    "contacts",
    "activist_reviews",
    "activist_period",
    "introducers",
    "political_review",
    "candidate_training",
    "admission_vote",
    "approval_deadline",
    "approver",
    "oath",
    "probation_end",
    "extension",
    "conversion_approval",
    "pre_review",
    "admission_notice",
    "application_form",
    "conversion_application",
    "conversion_notice",
    "conversion_approver",
)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def d(text: str) -> date:
    return date.fromisoformat(text)


class Setup:
    """A school, a general branch (the department), a branch and an applicant."""

    def __init__(self, *, birth: str | None = "2000-01-01") -> None:
        self.b = LedgerBuilder()
        self.school = self.b.school(id="school")
        self.dept = self.b.department(id="dept")
        self.committee = self.b.org("dept_committee", self.school, id="deptc", name="院系党委")
        self.branch = self.b.branch(self.dept, id="br", name="学生党支部")
        self.applicant = self.b.person(
            id="applicant", name="张三", category="student", birth_date=birth
        )

    def full(self, pid: str, since: str = "2010-01-01") -> str:
        return self.b.member(self.branch, id=pid, since=since, name=f"党员{pid}")

    def probationary(self, pid: str, since: str) -> str:
        return self.b.member(
            self.branch, id=pid, status="probationary", since=since, name=f"党员{pid}"
        )

    def ledger(self, **fields: Any) -> Ledger:
        record = {"id": "case", "person_id": self.applicant, "branch_id": self.branch}
        self.b.add("development_cases", _plain({**record, **fields}))
        return self.b.build()


def case(**fields: Any) -> Ledger:
    return Setup().ledger(**fields)


def run(ledger: Ledger, name: str, **kw: Any) -> list[Finding]:
    """The findings of ``development.<name>`` (see ``conftest.run``), as a list."""
    return list(conftest.run(ledger, f"development.{name}", **kw))


def one(ledger: Ledger, name: str, **kw: Any) -> Finding:
    """The one finding of ``development.<name>``: the case's, for the year of ``as_of``."""
    f = conftest.one(run(ledger, name, **kw))
    year = str(kw.get("as_of", AS_OF).year)
    assert (f.subject_id, f.subject_kind, f.period.label) == ("case", SubjectKind.CASE, year)
    return f


def vote(day: str, entitled: int = 10, present: int = 8, yes: int = 8) -> dict[str, Any]:
    return {"date": day, "entitled": entitled, "present": present, "yes": yes}


# -- catalogue ---------------------------------------------------------------------------------


def test_every_development_rule_is_registered_with_its_defaults():
    defaults = {name: get_rule(f"development.{name}").defaults for name in ALL_RULES}
    assert defaults["min_age"] == {"min_age": 18}
    assert defaults["application_talk"] == {"talk_within_months": 1}
    assert defaults["contacts"] == {"min": 1, "max": 2}
    assert defaults["activist_reviews"] == {"review_gap_months": 6}
    assert defaults["activist_period"] == {"activist_period_years": 1}
    assert defaults["introducers"] == {"introducers": 2}
    assert defaults["candidate_training"] == {"min_days": 3, "min_hours": 24}
    assert defaults["approval_deadline"] == {"approval_months": 3, "approval_hard_cap_months": 6}
    assert defaults["approver"] == {"approver_kinds": ["school_committee", "dept_committee"]}
    assert defaults["oath"] == {"probation_years": 1}
    assert defaults["probation_end"] == {"probation_years": 1, "conversion_grace_months": 1}
    assert defaults["extension"] == {"min_months": 6, "max_months": 12, "max_count": 1}
    assert defaults["conversion_approval"] == {"conversion_approval_months": 3}
    assert defaults["admission_notice"] == defaults["conversion_notice"] == {"min_working_days": 5}
    assert defaults["conversion_approver"] == defaults["approver"]
    for name in ("pre_review", "application_form", "conversion_application"):
        assert defaults[name] == {}
    for name in ALL_RULES:
        r = get_rule(f"development.{name}")
        assert r.scope.value == "case"
        assert r.severity.value == "violation"
        assert r.description
        assert "closed" in r.description  # the family's closure reading, in every rule's docs


def test_inverted_ranges_are_refused():
    with pytest.raises(RuleError):
        check(case(), as_of=AS_OF, rules="development.contacts",
              params={"development.contacts": {"min": 3, "max": 2}})  # fmt: skip


# -- min_age -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "applied", "status", "age"),
    [
        ("2007-05-10", "2025-05-10", Status.PASS, 18),  # the 18th birthday itself
        ("2007-05-10", "2025-05-09", Status.FAIL, 17),  # the day before
        ("1990-01-01", "2025-03-01", Status.PASS, 35),
        ("2008-02-29", "2026-02-28", Status.PASS, 18),  # leap birthday: 28 Feb in a common year
        ("2008-02-29", "2026-02-27", Status.FAIL, 17),
    ],
)
def test_min_age(birth, applied, status, age):
    ledger = Setup(birth=birth).ledger(application=applied)
    f = one(ledger, "min_age", as_of=date(d(applied).year, 12, 31))
    assert f.status is status
    assert (f.measured, f.expected) == (age, 18)
    assert f.evidence == ("case", "applicant")
    if status is Status.FAIL:
        assert "未满 18 周岁" in f.message_zh


def test_min_age_without_birth_date_fails():
    f = one(Setup(birth=None).ledger(application="2025-03-01"), "min_age")
    assert f.status is Status.FAIL
    assert f.message_key == "fail_no_birth_date"
    assert f.measured is None


def test_min_age_judged_only_in_the_window_of_the_application():
    ledger = Setup(birth="2010-01-01").ledger(application="2024-03-01")
    assert run(ledger, "min_age") == []  # judged in 2024, not 2025
    assert run(case(application="2026-01-05"), "min_age") == []  # after as_of: not on record
    assert run(case(), "min_age") == []  # no application


# -- application_talk --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("talk", "status", "key"),
    [
        ("2025-02-28", Status.PASS, "pass"),  # 31 Jan + 1 month = 28 Feb, included
        ("2025-01-31", Status.PASS, "pass"),  # same day
        ("2025-03-01", Status.FAIL, "fail_late"),
        ("2025-01-30", Status.FAIL, "fail_early"),  # before the application
        (None, Status.FAIL, "fail"),
    ],
)
def test_application_talk(talk, status, key):
    f = one(case(application="2025-01-31", talk=talk), "application_talk")
    assert (f.status, f.message_key) == (status, key)
    assert f.expected == d("2025-02-28")
    assert f.measured == (d(talk) if talk else None)


def test_application_talk_not_yet_due_then_judged_on_its_deadline():
    ledger = case(application="2025-01-31")
    f = one(ledger, "application_talk", as_of=d("2025-02-27"))
    assert (f.status, f.reason, f.expected) == (
        Status.NOT_APPLICABLE,
        "not_yet_due",
        d("2025-02-28"),
    )
    # On the deadline day itself the obligation is due, as a period ending on as_of is.
    assert one(ledger, "application_talk", as_of=d("2025-02-28")).status is Status.FAIL
    # A talk after as_of is not on record yet.
    late_record = case(application="2025-01-31", talk="2025-02-20")
    assert one(late_record, "application_talk", as_of=d("2025-02-10")).reason == "not_yet_due"


def test_application_talk_across_windows():
    # Applied in December, talked in January: judged in the year of the talk only.
    ledger = case(application="2024-12-15", talk="2025-01-10")
    assert run(ledger, "application_talk", as_of=d("2024-12-31")) == []
    assert one(ledger, "application_talk").status is Status.PASS
    # Missed deadline in 2024: judged (fail) in 2024, nothing in 2025 though the talk is there.
    missed = case(application="2024-11-01", talk="2025-01-10")
    assert one(missed, "application_talk", as_of=d("2024-12-31")).status is Status.FAIL
    assert run(missed, "application_talk") == []


# -- contacts --------------------------------------------------------------------------------


def _contacts(n: int, *, probationary: int = 0, **fields: Any) -> Ledger:
    s = Setup()
    ids = [s.full(f"c{i}") for i in range(n)]
    ids += [s.probationary(f"q{i}", "2025-01-01") for i in range(probationary)]
    return s.ledger(application="2024-01-05", activist="2025-03-01", contacts=ids, **fields)


@pytest.mark.parametrize(
    ("full", "prob", "status", "key", "measured"),
    [
        (1, 0, Status.PASS, "pass", 1),
        (2, 0, Status.PASS, "pass", 2),
        (0, 0, Status.FAIL, "fail_count", 0),
        (3, 0, Status.FAIL, "fail_count", 3),
        (1, 1, Status.FAIL, "fail_not_full", 2),
    ],
)
def test_contacts(full, prob, status, key, measured):
    f = one(_contacts(full, probationary=prob), "contacts")
    assert (f.status, f.message_key, f.measured, f.expected) == (status, key, measured, (1, 2))
    contacts = sorted([f"c{i}" for i in range(full)] + [f"q{i}" for i in range(prob)])
    assert f.evidence == ("case", *contacts)


def test_contacts_status_read_on_the_assignment_date():
    s = Setup()
    s.probationary("q", "2024-03-01")
    s.b.member(s.branch, id="c", party={"admission": "2024-03-01", "conversion": "2025-03-01"})
    early = s.ledger(activist="2025-02-01", contacts=["c"], contacts_assigned="2025-02-28")
    assert one(early, "contacts").message_key == "fail_not_full"
    s2 = Setup()
    s2.b.member(s2.branch, id="c", party={"admission": "2024-03-01", "conversion": "2025-03-01"})
    on_day = s2.ledger(activist="2025-02-01", contacts=["c"], contacts_assigned="2025-03-01")
    assert one(on_day, "contacts").status is Status.PASS


def test_contacts_assigned_after_as_of_are_not_on_record():
    ledger = _contacts(1, contacts_assigned="2025-07-01")
    f = one(ledger, "contacts", as_of=d("2025-06-30"))
    assert (f.status, f.measured) == (Status.FAIL, 0)
    assert one(ledger, "contacts").status is Status.PASS


# -- activist_reviews ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "status", "measured"),
    [
        ("2025-07-15", Status.PASS, (d("2025-07-15"),)),  # exactly 6 months
        ("2025-07-16", Status.FAIL, (d("2025-07-15"),)),  # 6 months + 1 day
    ],
)
def test_activist_review_gap(review, status, measured):
    f = one(case(activist="2025-01-15", reviews=[review]), "activist_reviews")
    assert (f.status, f.measured, f.expected) == (status, measured, 6)


def test_activist_reviews_up_to_candidate_designation():
    ledger = case(activist="2024-08-01", reviews=["2025-02-01"], candidate="2025-08-01")
    f = one(ledger, "activist_reviews")
    assert (f.status, f.measured) == (Status.PASS, (d("2025-02-01"), d("2025-08-01")))
    late = case(activist="2024-08-01", reviews=["2025-02-01"], candidate="2025-08-02")
    assert one(late, "activist_reviews").measured == (d("2025-08-01"),)
    # A review after the candidate designation does not close the gap.
    after = case(
        activist="2024-08-01", reviews=["2025-02-01", "2025-09-01"], candidate="2025-08-02"
    )
    assert one(after, "activist_reviews").status is Status.FAIL


def test_neglected_activist_fails_in_every_window():
    ledger = case(activist="2023-03-01")
    f = one(ledger, "activist_reviews")
    assert (f.status, f.measured) == (Status.FAIL, (d("2025-03-01"), d("2025-09-01")))
    f24 = one(ledger, "activist_reviews", as_of=d("2024-12-31"))
    assert f24.measured == (d("2024-03-01"), d("2024-09-01"))


def test_activist_reviews_pending():
    ledger = case(activist="2025-03-10")
    f = one(ledger, "activist_reviews", as_of=d("2025-09-09"))
    assert (f.status, f.reason, f.expected) == (
        Status.NOT_APPLICABLE,
        "not_yet_due",
        d("2025-09-10"),
    )
    f = one(ledger, "activist_reviews", as_of=d("2025-09-10"))  # the deadline day is due
    assert (f.status, f.measured) == (Status.FAIL, (d("2025-09-10"),))
    reviewed = case(activist="2025-03-10", reviews=["2025-09-10"])
    assert one(reviewed, "activist_reviews", as_of=d("2025-09-10")).status is Status.PASS
    # The next deadline lies in the next window: no finding this year.
    assert run(case(activist="2025-09-10"), "activist_reviews") == []


# -- activist_period -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "status"),
    [("2024-02-29", Status.FAIL), ("2024-03-01", Status.PASS), ("2024-09-01", Status.PASS)],
)
def test_activist_period_is_a_calendar_year(candidate, status):
    ledger = case(activist="2023-03-01", candidate=candidate)
    f = one(ledger, "activist_period", as_of=d("2024-12-31"))
    assert (f.status, f.measured, f.expected) == (status, d(candidate), d("2024-03-01"))


def test_activist_period_without_activist_date_fails_and_windows():
    f = one(case(candidate="2025-04-01"), "activist_period")
    assert (f.status, f.message_key) == (Status.FAIL, "fail_no_activist")
    assert run(case(activist="2023-03-01", candidate="2024-04-01"), "activist_period") == []


# -- introducers ---------------------------------------------------------------------------------


def _introducers(full: int, *, probationary: int = 0, **fields: Any) -> Ledger:
    s = Setup()
    ids = [s.full(f"i{i}") for i in range(full)]
    ids += [s.probationary(f"p{i}", "2025-01-01") for i in range(probationary)]
    return s.ledger(admission_vote=vote("2025-06-10"), introducers=ids, **fields)


@pytest.mark.parametrize(
    ("full", "prob", "status", "key", "measured"),
    [
        (2, 0, Status.PASS, "pass", 2),
        (1, 0, Status.FAIL, "fail_count", 1),
        (3, 0, Status.FAIL, "fail_count", 3),
        (1, 1, Status.FAIL, "fail_not_full", 2),
    ],
)
def test_introducers(full, prob, status, key, measured):
    f = one(_introducers(full, probationary=prob), "introducers")
    assert (f.status, f.message_key, f.measured, f.expected) == (status, key, measured, 2)
    people = sorted([f"i{i}" for i in range(full)] + [f"p{i}" for i in range(prob)])
    assert f.evidence == ("case", *people)


def test_introducer_converted_on_the_vote_date_counts():
    s = Setup()
    s.full("i0")
    s.full("i1", since="2025-06-10")
    ok = s.ledger(admission_vote=vote("2025-06-10"), introducers=["i0", "i1"])
    assert one(ok, "introducers").status is Status.PASS
    s = Setup()
    s.full("i0")
    s.full("i1", since="2025-06-11")
    late = s.ledger(admission_vote=vote("2025-06-10"), introducers=["i0", "i1"])
    f = one(late, "introducers")
    assert (f.status, f.message_key) == (Status.FAIL, "fail_not_full")
    assert "党员i1" in f.message_zh
    assert "党员i0" not in f.message_zh


def test_introducers_vote_outside_window_or_after_as_of():
    assert run(_introducers(2), "introducers", as_of=d("2026-03-01")) == []
    assert run(_introducers(2), "introducers", as_of=d("2025-06-09")) == []


# -- political_review ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("review", "status", "key"),
    [
        ({"date": "2025-05-01", "passed": True}, Status.PASS, "pass"),
        ({"date": "2025-06-10", "passed": True}, Status.PASS, "pass"),  # the vote day
        ({"date": "2025-06-11", "passed": True}, Status.FAIL, "fail_late"),
        ({"date": "2025-05-01", "passed": False}, Status.FAIL, "fail_not_passed"),
        (None, Status.FAIL, "fail"),
    ],
)
def test_political_review(review, status, key):
    f = one(case(admission_vote=vote("2025-06-10"), political_review=review), "political_review")
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-06-10"))
    assert f.measured == (d(review["date"]) if review else None)


# -- candidate_training --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("training", "status", "key", "days", "hours"),
    [
        ({"start": "2025-05-01", "end": "2025-05-03", "days": 3}, Status.PASS, "pass", 3, None),
        ({"start": "2025-05-01", "end": "2025-05-02", "days": 2, "hours": 24}, Status.PASS, "pass", 2, 24),
        ({"start": "2025-05-01", "end": "2025-05-02", "days": 2, "hours": 23}, Status.FAIL, "fail_short", 2, 23),
        ({"start": "2025-05-01", "end": "2025-05-03"}, Status.PASS, "pass", 3, None),  # span
        ({"start": "2025-05-01", "end": "2025-05-02", "hours": "23.5"}, Status.FAIL, "fail_short", 2, Decimal("23.5")),
        ({"start": "2025-06-08", "end": "2025-06-11", "days": 4}, Status.FAIL, "fail_late", 4, None),
    ],
)  # fmt: skip
def test_candidate_training(training, status, key, days, hours):
    f = one(case(admission_vote=vote("2025-06-10"), training=training), "candidate_training")
    assert (f.status, f.message_key) == (status, key)
    assert f.measured == {"days": Decimal(days), "hours": None if hours is None else Decimal(hours)}
    assert f.expected == {"days": 3, "hours": 24}


def test_candidate_training_missing_fails():
    f = one(case(admission_vote=vote("2025-06-10")), "candidate_training")
    assert (f.status, f.message_key, f.measured) == (Status.FAIL, "fail", None)


# -- admission_vote ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entitled", "present", "yes", "present_ok", "yes_ok", "need"),
    [
        (10, 6, 6, True, True, 6),
        (10, 5, 5, False, False, 6),  # exactly half is not more than half
        (10, 6, 5, True, False, 6),
        (9, 5, 5, True, True, 5),
        (0, 0, 0, False, False, 1),
    ],
)
def test_admission_vote(entitled, present, yes, present_ok, yes_ok, need):
    ledger = case(admission_vote=vote("2025-06-10", entitled, present, yes))
    found = {f.facet: f for f in run(ledger, "admission_vote")}
    assert set(found) == {"present", "yes"}
    assert (found["present"].status is Status.PASS) is present_ok
    assert (found["yes"].status is Status.PASS) is yes_ok
    assert (found["present"].measured, found["present"].expected) == (present, need)
    assert (found["yes"].measured, found["yes"].expected) == (yes, need)


# -- approval_deadline ---------------------------------------------------------------------------


def _approved(day: str | None, org: str = "school", *, voted: str = "2025-01-15") -> Ledger:
    approval = {"date": day, "org_id": org} if day else None
    return case(admission_vote=vote(voted), approval=approval)


@pytest.mark.parametrize(
    ("approved", "status", "key"),
    [
        ("2025-04-15", Status.PASS, "pass"),  # exactly 3 months
        ("2025-04-16", Status.WARN, "warn"),  # 3 months + 1 day
        ("2025-07-15", Status.WARN, "warn"),  # exactly 6 months
        ("2025-07-16", Status.FAIL, "fail_late"),  # 6 months + 1 day
        (None, Status.FAIL, "fail"),
    ],
)
def test_approval_deadline(approved, status, key):
    f = one(_approved(approved), "approval_deadline")
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-04-15"))
    assert f.measured == (d(approved) if approved else None)


def test_approval_deadline_while_undecided():
    ledger = _approved(None)
    f = one(ledger, "approval_deadline", as_of=d("2025-04-14"))
    assert (f.status, f.reason, f.expected) == (
        Status.NOT_APPLICABLE,
        "not_yet_due",
        d("2025-04-15"),
    )
    f = one(ledger, "approval_deadline", as_of=d("2025-04-15"))
    assert (f.status, f.message_key) == (Status.WARN, "warn_missing")
    assert one(ledger, "approval_deadline", as_of=d("2025-07-14")).status is Status.WARN
    f = one(ledger, "approval_deadline", as_of=d("2025-07-15"))
    assert (f.status, f.message_key) == (Status.FAIL, "fail")


def test_approval_deadline_month_end_and_windows():
    f = one(_approved("2025-02-28", voted="2024-11-30"), "approval_deadline")
    assert (f.status, f.expected) == (Status.PASS, d("2025-02-28"))
    # Vote and decision in 2024: judged in 2024 only.
    assert run(_approved("2024-06-01", voted="2024-03-01"), "approval_deadline") == []


# -- approver ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "status", "kind"),
    [
        ("school", Status.PASS, OrgKind.SCHOOL_COMMITTEE),
        ("deptc", Status.PASS, OrgKind.DEPT_COMMITTEE),
        ("dept", Status.FAIL, OrgKind.GENERAL_BRANCH),
        ("br", Status.FAIL, OrgKind.BRANCH),
    ],
)
def test_approver(org, status, kind):
    f = one(_approved("2025-03-01", org), "approver")
    assert (f.status, f.measured) == (status, kind)
    assert f.evidence == ("case", org)
    if status is Status.FAIL:
        assert "应由党委审批" in f.message_zh


def test_approver_judged_on_the_approval_date():
    assert run(_approved("2025-03-01"), "approver", as_of=d("2025-02-28")) == []
    assert run(_approved(None), "approver") == []


# -- oath ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sworn", "as_of", "status", "key"),
    [
        ("2024-07-01", "2025-12-31", Status.PASS, "pass"),
        ("2025-06-10", "2025-12-31", Status.PASS, "pass"),  # on the last day of probation
        ("2025-06-11", "2025-12-31", Status.FAIL, "fail_late"),
        (None, "2025-12-31", Status.FAIL, "fail"),  # probation ended without an oath
        (None, "2025-06-10", Status.FAIL, "fail"),  # ends on as_of: due
        (None, "2025-06-09", Status.NOT_APPLICABLE, "not_yet_due"),  # not yet ended
        ("2024-07-01", "2025-03-01", Status.PASS, "pass"),  # already met before the end
    ],
)
def test_oath(sworn, as_of, status, key):
    f = one(case(admission_vote=vote("2024-06-10"), oath=sworn), "oath", as_of=d(as_of))
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-06-10"))


def test_oath_extension_moves_the_end_and_windows():
    ledger = case(
        admission_vote=vote("2024-06-10"),
        extensions=[{"decided_on": "2025-06-01", "months": 6}],
        oath="2025-11-01",
    )
    f = one(ledger, "oath")
    assert (f.status, f.expected) == (Status.PASS, d("2025-12-10"))
    # Probation ending in 2026: no finding in 2025.
    assert run(case(admission_vote=vote("2025-03-01")), "oath") == []


# -- probation_end -------------------------------------------------------------------------------


def _converted(cv: str | None, *, voted: str = "2024-03-10", **fields: Any) -> Ledger:
    return case(admission_vote=vote(voted), conversion_vote=vote(cv) if cv else None, **fields)


@pytest.mark.parametrize(
    ("cv", "status", "key"),
    [
        ("2025-03-10", Status.PASS, "pass"),  # the anniversary
        ("2025-03-09", Status.FAIL, "fail_early"),  # one day before
        ("2025-04-10", Status.PASS, "pass"),  # end + 1 month
        ("2025-04-11", Status.WARN, "warn_late"),  # end + 1 month + 1 day
    ],
)
def test_probation_end(cv, status, key):
    f = one(_converted(cv), "probation_end")
    assert (f.status, f.message_key, f.measured, f.expected) == (
        status,
        key,
        d(cv),
        d("2025-03-10"),
    )


def test_probation_end_without_conversion_vote():
    ledger = _converted(None)
    f = one(ledger, "probation_end", as_of=d("2025-04-09"))
    assert (f.status, f.reason, f.expected) == (
        Status.NOT_APPLICABLE,
        "not_yet_due",
        d("2025-03-10"),
    )
    f = one(ledger, "probation_end", as_of=d("2025-04-10"))
    assert (f.status, f.message_key) == (Status.WARN, "warn_missing")


def test_probation_end_extension_and_leap_day():
    ext = [{"decided_on": "2025-03-05", "months": 6}]
    f = one(_converted("2025-09-10", extensions=ext), "probation_end")
    assert (f.status, f.expected) == (Status.PASS, d("2025-09-10"))
    f = one(_converted("2025-03-10", extensions=ext), "probation_end")
    assert (f.status, f.message_key) == (Status.FAIL, "fail_early")
    leap = one(_converted("2025-02-28", voted="2024-02-29"), "probation_end")
    assert (leap.status, leap.expected) == (Status.PASS, d("2025-02-28"))


# -- extension -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "status"),
    [([6], Status.PASS), ([12], Status.PASS), ([5], Status.FAIL), ([13], Status.FAIL)],
)
def test_extension_length(months, status):
    ext = [{"decided_on": "2025-03-01", "months": m} for m in months]
    found = {f.facet: f for f in run(_converted(None, extensions=ext), "extension")}
    assert found["count"].status is Status.PASS
    assert (found["months"].status, found["months"].measured) == (status, tuple(months))
    assert found["months"].expected == (6, 12)


def test_two_extensions_fail():
    ext = [{"decided_on": "2025-03-01", "months": 6}, {"decided_on": "2025-09-01", "months": 6}]
    found = {f.facet: f for f in run(_converted(None, extensions=ext), "extension")}
    assert (found["count"].status, found["count"].measured, found["count"].expected) == (
        Status.FAIL,
        2,
        1,
    )
    assert found["count"].message_key == "fail_count"
    # Before the second decision only one is on record.
    early = {
        f.facet: f
        for f in run(_converted(None, extensions=ext), "extension", as_of=d("2025-06-30"))
    }
    assert early["count"].status is Status.PASS


def test_no_extension_no_finding():
    assert run(_converted("2025-03-10"), "extension") == []
    old = [{"decided_on": "2024-03-01", "months": 6}]
    assert run(_converted(None, voted="2023-06-01", extensions=old), "extension") == []


# -- conversion_approval -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("approved", "status", "key"),
    [
        ("2025-06-10", Status.PASS, "pass"),
        ("2025-06-11", Status.FAIL, "fail_late"),
        ("2025-03-09", Status.FAIL, "fail_early"),
        (None, Status.FAIL, "fail"),
    ],
)
def test_conversion_approval(approved, status, key):
    approval = {"date": approved, "org_id": "school"} if approved else None
    f = one(_converted("2025-03-10", conversion_approval=approval), "conversion_approval")
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-06-10"))
    assert f.evidence == (("case", "school") if approved else ("case",))


def test_conversion_approval_not_yet_due():
    f = one(_converted("2025-03-10"), "conversion_approval", as_of=d("2025-06-09"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert (
        one(_converted("2025-03-10"), "conversion_approval", as_of=d("2025-06-10")).status
        is Status.FAIL
    )


# -- steps before the vote: pre_review, application_form, conversion_application ----------------


@pytest.mark.parametrize("name", ["pre_review", "application_form"])
@pytest.mark.parametrize(
    ("day", "status", "key"),
    [
        ("2025-05-20", Status.PASS, "pass"),
        ("2025-06-10", Status.PASS, "pass"),  # the vote day itself: dates carry no time of day
        ("2025-06-11", Status.FAIL, "fail_late"),
        (None, Status.FAIL, "fail"),
    ],
)
def test_step_before_the_admission_vote(name, day, status, key):
    f = one(case(admission_vote=vote("2025-06-10"), **{name: day}), name)
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-06-10"))
    assert f.measured == (d(day) if day else None)


@pytest.mark.parametrize("name", ["pre_review", "application_form"])
def test_step_before_the_admission_vote_is_judged_on_the_vote(name):
    assert run(case(candidate="2025-03-01", **{name: "2025-05-01"}), name) == []  # no vote yet
    assert run(case(admission_vote=vote("2025-06-10")), name, as_of=d("2025-06-09")) == []
    assert run(case(admission_vote=vote("2024-06-10")), name) == []  # judged in 2024
    # A record dated after as_of is not on record yet: as if missing.
    late = case(admission_vote=vote("2025-06-10"), **{name: "2025-06-20"})
    assert one(late, name, as_of=d("2025-06-15")).message_key == "fail"


@pytest.mark.parametrize(
    ("day", "status", "key"),
    [
        ("2025-02-20", Status.PASS, "pass"),
        ("2025-03-10", Status.PASS, "pass"),  # the vote day
        ("2025-03-11", Status.FAIL, "fail_late"),
        ("2024-03-01", Status.FAIL, "fail_early"),  # before the admission vote 2024-03-10
        (None, Status.FAIL, "fail"),
    ],
)
def test_conversion_application(day, status, key):
    f = one(_converted("2025-03-10", conversion_application=day), "conversion_application")
    assert (f.status, f.message_key, f.expected) == (status, key, d("2025-03-10"))
    assert f.measured == (d(day) if day else None)


def test_conversion_application_waits_for_the_vote():
    assert (
        run(_converted(None, conversion_application="2025-02-20"), "conversion_application") == []
    )
    assert run(_converted("2025-03-10"), "conversion_application", as_of=d("2025-03-09")) == []


# -- admission_notice, conversion_notice ---------------------------------------------------------

# The votes are on Monday 2025-06-16; 2025-06-09 is a Monday too.


@pytest.mark.parametrize("name", ["admission_notice", "conversion_notice"])
@pytest.mark.parametrize(
    ("start", "end", "status", "key", "days"),
    [
        ("2025-06-09", "2025-06-13", Status.PASS, "pass", 5),  # Mon–Fri: exactly 5
        ("2025-06-09", "2025-06-12", Status.FAIL, "fail_short", 4),  # Mon–Thu
        ("2025-06-04", "2025-06-10", Status.PASS, "pass", 5),  # Wed–Tue across a weekend
        ("2025-06-05", "2025-06-10", Status.FAIL, "fail_short", 4),  # 6 calendar days, 4 working
        ("2025-06-07", "2025-06-15", Status.PASS, "pass", 5),  # Sat–Sun: the weekends add nothing
        ("2025-06-09", "2025-06-15", Status.PASS, "pass", 5),  # ends on the day before the vote
        ("2025-06-10", "2025-06-16", Status.FAIL, "fail_late", 5),  # still running on the vote day
        ("2025-06-16", "2025-06-20", Status.FAIL, "fail_late", 5),  # after the vote
    ],
)
def test_public_notice_working_days(name, start, end, status, key, days):
    notice = {"start": start, "end": end}
    if name == "admission_notice":
        ledger = case(admission_vote=vote("2025-06-16"), admission_notice=notice)
        voted = "支部大会接收"
    else:
        ledger = _converted("2025-06-16", voted="2024-06-10", conversion_notice=notice)
        voted = "支部大会讨论转正"
    f = one(ledger, name)
    assert (f.status, f.message_key, f.measured, f.expected) == (status, key, days, 5)
    if key == "fail_late":
        assert f"未在{voted}（2025-06-16）前期满" in f.message_zh


@pytest.mark.parametrize("name", ["admission_notice", "conversion_notice"])
def test_public_notice_missing_or_not_yet_on_record(name):
    field = "admission_vote" if name == "admission_notice" else "conversion_vote"
    base = {"admission_vote": vote("2024-06-10")} if name == "conversion_notice" else {}
    f = one(case(**base, **{field: vote("2025-06-16")}), name)
    assert (f.status, f.message_key, f.measured) == (Status.FAIL, "fail", None)
    assert "公示记录" in f.message_zh
    notice = {"start": "2025-07-01", "end": "2025-07-07"}
    later = case(**base, **{field: vote("2025-06-16"), name: notice})
    assert one(later, name, as_of=d("2025-06-20")).message_key == "fail"  # starts after as_of
    assert run(case(**base), name) == []  # the vote it prepares is not held


def test_public_notice_minimum_is_a_parameter():
    ledger = case(
        admission_vote=vote("2025-06-16"),
        admission_notice={"start": "2025-06-09", "end": "2025-06-11"},
    )
    assert one(ledger, "admission_notice").status is Status.FAIL
    params = {"development.admission_notice": {"min_working_days": 3}}
    found = list(check(ledger, as_of=AS_OF, rules="development.admission_notice", params=params))
    assert [(f.status, f.measured, f.expected) for f in found] == [(Status.PASS, 3, 3)]


@given(start=st.dates(date(2000, 1, 1), date(2040, 12, 31)), length=st.integers(-3, 40))
def test_working_days_count_weekdays(start, length):
    end = start + relativedelta(days=length)
    brute = sum(1 for k in range(length + 1) if (start + relativedelta(days=k)).weekday() < 5)
    assert _working_days(start, end) == brute


# -- conversion_approver -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org", "status", "kind"),
    [
        ("school", Status.PASS, OrgKind.SCHOOL_COMMITTEE),
        ("deptc", Status.PASS, OrgKind.DEPT_COMMITTEE),  # 院系党委
        ("dept", Status.FAIL, OrgKind.GENERAL_BRANCH),  # 党总支
        ("br", Status.FAIL, OrgKind.BRANCH),
    ],
)
def test_conversion_approver(org, status, kind):
    approval = {"date": "2025-04-01", "org_id": org}
    f = one(_converted("2025-03-10", conversion_approval=approval), "conversion_approver")
    assert (f.status, f.measured) == (status, kind)
    assert f.evidence == ("case", org)
    if status is Status.FAIL:
        assert "应由党委审批" in f.message_zh and "转正" in f.message_zh


def test_conversion_approver_and_approver_judge_their_own_approval():
    ledger = _converted(
        "2025-03-10",
        voted="2024-03-10",
        approval={"date": "2024-04-01", "org_id": "dept"},  # judged in 2024, by approver
        conversion_approval={"date": "2025-04-01", "org_id": "deptc"},
    )
    assert one(ledger, "conversion_approver").status is Status.PASS
    assert run(ledger, "approver") == []
    assert one(ledger, "approver", as_of=d("2024-12-31")).status is Status.FAIL
    assert run(ledger, "conversion_approver", as_of=d("2025-03-31")) == []  # not yet approved


# -- case closure --------------------------------------------------------------------------------


def closed(day: str, reason: str = "本人撤回入党申请") -> dict[str, str]:
    return {"date": day, "reason": reason}


def test_withdrawn_applicant_is_not_judged_after_closure():
    # Talk due by 2025-04-10; the applicant withdrew on 2025-03-20, before it fell due.
    open_case = case(application="2025-03-10")
    assert one(open_case, "application_talk").status is Status.FAIL
    withdrawn = case(application="2025-03-10", closed=closed("2025-03-20"))
    assert run(withdrawn, "application_talk") == []
    # A talk after the closure is not judged either (and does not pass the case).
    assert run(case(application="2025-03-10", talk="2025-03-25", closed=closed("2025-03-20")),
               "application_talk") == []  # fmt: skip
    # What was met before the closure stays met.
    met = case(application="2025-03-10", talk="2025-03-15", closed=closed("2025-03-20"))
    assert one(met, "application_talk").status is Status.PASS


def test_deadline_missed_before_closure_still_fails():
    ledger = case(application="2025-01-10", closed=closed("2025-05-01"))
    f = one(ledger, "application_talk")
    assert (f.status, f.message_key, f.expected) == (Status.FAIL, "fail", d("2025-02-10"))
    # A deadline on the closing day itself was due (as a deadline on as_of is).
    on_day = case(application="2025-01-10", closed=closed("2025-02-10"))
    assert one(on_day, "application_talk").status is Status.FAIL
    day_after = case(application="2025-01-10", closed=closed("2025-02-09"))
    assert run(day_after, "application_talk") == []


def test_closure_after_as_of_is_not_yet_on_record():
    ledger = case(application="2025-03-10", closed=closed("2025-05-01"))
    f = one(ledger, "application_talk", as_of=d("2025-03-31"))
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "not_yet_due")
    assert one(ledger, "application_talk", as_of=d("2025-04-30")).status is Status.FAIL


def test_cancelled_probation_is_judged_for_every_rule_up_to_the_closure():
    s = Setup()
    s.full("i0")
    s.full("i1")
    ledger = s.ledger(
        admission_vote=vote("2024-06-10"),
        introducers=["i0", "i1"],
        approval={"date": "2024-07-01", "org_id": "school"},
        closed=closed("2025-03-01", "取消预备党员资格"),
        oath="2025-05-01",  # after the closure: ignored
    )
    # Probation would end on 2025-06-10: oath, conversion and notices never fall due.
    assert _all(ledger, AS_OF) == []
    # Without the closure the same case is judged in 2025: the oath counts, no conversion vote.
    reopened = ledger.model_copy(
        update={
            "development_cases": [ledger.development_cases[0].model_copy(update={"closed": None})]
        }
    )
    assert {(f.rule_id, f.status, f.message_key) for f in _all(reopened, AS_OF)} == {
        ("development.oath", Status.PASS, "pass"),
        ("development.probation_end", Status.WARN, "warn_missing"),
    }
    # The rules of 2024, all before the closure, are judged as before.
    closed_2024 = _all(ledger, d("2024-12-31"))
    assert closed_2024 == _all(reopened, d("2024-12-31"))


# -- whole cases -------------------------------------------------------------------------------


def _compliant(base: date) -> Ledger:
    """A case meeting every rule, with all dates on ``base``'s day of month (≤ 28)."""

    def at(months: int) -> date:
        return base + relativedelta(months=months)

    s = Setup(birth=at(-240).isoformat())
    for pid in ("c0", "i0", "i1"):
        s.full(pid, since="2000-01-01")
    return s.ledger(
        application=at(0),
        talk=at(1),
        activist=at(3),
        contacts=["c0"],
        contacts_assigned=at(3),
        reviews=[at(9), at(15)],
        candidate=at(15),
        introducers=["i0", "i1"],
        political_review={"date": at(16), "passed": True},
        training={"start": at(16), "end": at(16), "days": 3, "hours": 24},
        admission_vote={"date": at(18), "entitled": 5, "present": 3, "yes": 3},
        approval={"date": at(21), "org_id": "school"},
        oath=at(21),
        extensions=[{"decided_on": at(30), "months": 6}],
        pre_review=at(17),
        admission_notice={"start": at(17), "end": at(17) + relativedelta(days=13)},
        application_form=at(18),
        conversion_application=at(35),
        conversion_notice={"start": at(35), "end": at(35) + relativedelta(days=13)},
        conversion_vote={"date": at(36), "entitled": 5, "present": 3, "yes": 3},
        conversion_approval={"date": at(39), "org_id": "deptc"},
    )


def _all(ledger: Ledger, as_of: date, window: Window | None = None) -> list[Finding]:
    return list(check(ledger, as_of=as_of, window=window, rules="development.*", strict=True))


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(2005, 2030),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    shift=st.integers(-60, 60),
)
def test_shifting_a_compliant_case_keeps_it_compliant(year, month, day, shift):
    base = date(year, month, day)
    for start in (base, base + relativedelta(months=shift)):
        window = Window(start - relativedelta(years=1), start + relativedelta(years=5))
        found = _all(_compliant(start), window.end, window)
        keys = {(f.rule_id, f.facet) for f in found}
        assert {r for r, _ in keys} == {f"development.{name}" for name in ALL_RULES}
        assert len(found) == len(ALL_RULES) + 2  # admission_vote and extension have 2 facets
        assert all(f.status is Status.PASS for f in found), [
            (f.rule_id, f.facet, f.message_key) for f in found if f.status is not Status.PASS
        ]


@settings(max_examples=40, deadline=None)
@given(
    base=st.dates(date(2005, 1, 1), date(2030, 12, 28)).map(
        lambda x: x.replace(day=min(x.day, 28))
    ),
    offset=st.integers(0, 5 * 366),
)
def test_a_closed_case_is_judged_as_on_its_closing_day(base, offset):
    """Closing a case on day C at any as_of ≥ C gives the findings of a run on C, minus
    what was still pending then; a compliant case closed on any day never fails."""
    window = Window(base - relativedelta(years=1), base + relativedelta(years=5))
    on = min(base + relativedelta(days=offset), window.end)
    ledger = _compliant(base)
    case_ = ledger.development_cases[0]
    closure = CaseClosure(date=on, reason="本人撤回入党申请")
    closed_ledger = ledger.model_copy(
        update={"development_cases": [case_.model_copy(update={"closed": closure})]}
    )
    found = _all(closed_ledger, window.end, window)
    expected = [f for f in _all(ledger, on, window) if f.reason != "not_yet_due"]
    assert found == expected
    assert all(f.status is Status.PASS for f in found)


def test_a_case_whose_events_lie_outside_the_window_yields_nothing():
    ledger = _compliant(date(2015, 5, 5))  # everything between 2015 and 2018
    assert _all(ledger, AS_OF) == []
    assert len(_all(ledger, date(2016, 12, 31))) > 0


def test_findings_do_not_depend_on_the_order_of_cases():
    s = Setup()
    s.b.person(id="other", name="李四", category="student", birth_date="2010-01-01")
    s.b.add("development_cases", {"id": "a-case", "person_id": "other", "branch_id": "br",
                                  "application": "2025-02-01"})  # fmt: skip
    forward = s.ledger(application="2025-02-01", talk="2025-02-10")
    backward = forward.model_copy(
        update={"development_cases": list(reversed(forward.development_cases))}
    )
    assert _all(forward, AS_OF) == _all(backward, AS_OF)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger=ledgers(), as_of=st.dates(date(1990, 1, 1), date(2060, 12, 31)))
def test_random_ledgers_never_break_the_rules(ledger, as_of):
    for f in _all(ledger, as_of):
        assert f.subject_kind is SubjectKind.CASE
        assert f.period.label == str(as_of.year)
        assert f.status is not Status.NOT_APPLICABLE or f.reason in {
            "not_yet_due",
            "before_records",  # a coverage starting after the event: not judged
        }
