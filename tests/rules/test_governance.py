"""``governance.*``: regulations in force, society reporting, major incidents."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest

from dangjian_core.model import Ledger
from dangjian_core.periods import Window
from dangjian_core.rules import Findings, Status, SubjectKind
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import run as _run

AS_OF = date(2025, 6, 15)
run = partial(_run, as_of=AS_OF)  # these rules are checked mid-year unless told otherwise
CATEGORIES = ["党建党务", "教育教学管理", "学生教育管理", "实训实习管理", "安全"]


class Gov:
    def __init__(self) -> None:
        self.b = LedgerBuilder()
        self.dept = self.b.department(id="dept")
        self.branch = self.b.branch(self.dept, id="br")
        self.other = self.b.department(id="other", name="另一院系")

    def regulation(self, category: str, org: str | None = None, **kw: Any) -> str:
        kw.setdefault("effective", "2020-01-01")
        return self.b.record("documents", kind="regulation", title=f"{category}制度",
                             org_id=org or self.dept, category=category, **kw)

    def build(self) -> Ledger:
        return self.b.build()


# -- governance.regulations ----------------------------------------------------------------------


def regs(found: Findings, subject: str = "dept") -> dict[str | None, Any]:
    return {f.facet: f for f in found if f.subject_id == subject}


def test_regulations_all_categories_in_force_pass_one_finding_each():
    g = Gov()
    ids = {c: g.regulation(c, id=f"doc-{i}") for i, c in enumerate(CATEGORIES)}
    g.regulation("安全", org=g.branch, id="doc-branch")  # a branch's regulation counts too
    found = regs(run(g.build(), "governance.regulations"))
    assert sorted(found) == sorted(CATEGORIES)
    for category, f in found.items():
        assert f.status is Status.PASS
        assert f.subject_kind is SubjectKind.ORGANIZATION
        assert f.period.label == "2025"
        assert (f.measured, f.expected) == (len(f.evidence), 1)
        assert ids[category] in f.evidence
    assert found["安全"].evidence == ("doc-4", "doc-branch")
    other = regs(run(g.build(), "governance.regulations"), "other")
    assert {f.status for f in other.values()} == {Status.FAIL}


def test_regulations_missing_or_wrong_kind_or_other_department_fails():
    g = Gov()
    for c in CATEGORIES[1:]:
        g.regulation(c)
    g.b.record("documents", id="plan", kind="plan", title="党建工作方案", org_id=g.dept,
               category="党建党务", effective="2020-01-01")
    g.regulation("党建党务", org=g.other, id="elsewhere")
    f = regs(run(g.build(), "governance.regulations"))["党建党务"]
    assert (f.status, f.measured, f.evidence) == (Status.FAIL, 0, ())
    assert "党建党务" in f.message_zh


@pytest.mark.parametrize(
    ("repealed", "status"),
    [("2025-12-30", Status.FAIL), ("2025-12-31", Status.PASS), ("2026-01-05", Status.PASS)],
)
def test_regulations_judged_on_the_window_end_when_as_of_is_later(repealed, status):
    g = Gov()
    for c in CATEGORIES:
        g.regulation(c, id=f"doc-{c}", repealed=repealed if c == "安全" else None)
    found = regs(run(g.build(), "governance.regulations", as_of=date(2026, 1, 10),
                     window=Window.calendar_year(date(2025, 1, 1))))
    assert found["安全"].status is status
    assert found["党建党务"].status is Status.PASS


def test_regulations_judged_on_as_of_within_the_window():
    g = Gov()
    for c in CATEGORIES:  # 安全 repealed the day before as_of
        g.regulation(c, id=f"doc-{c}", repealed="2025-06-14" if c == "安全" else None)
    g.regulation("安全", id="new", effective="2025-06-16")  # not yet in force at as_of
    f = regs(run(g.build(), "governance.regulations"))["安全"]
    assert (f.status, f.evidence) == (Status.FAIL, ())
    later = regs(run(g.build(), "governance.regulations", as_of=date(2025, 6, 16)))["安全"]
    assert (later.status, later.evidence) == (Status.PASS, ("new",))


def test_regulations_custom_categories_and_unfounded_department():
    g = Gov()
    g.b.department(id="young", founded="2025-09-01")
    g.regulation("意识形态", id="ideo")
    found = run(g.build(), "governance.regulations",
                params={"governance.regulations": {"categories": ["意识形态"]}})
    assert [(f.subject_id, f.facet, f.status) for f in found] == [
        ("dept", "意识形态", Status.PASS),
        ("other", "意识形态", Status.FAIL),
        ("young", "意识形态", Status.NOT_APPLICABLE),
    ]
    assert found[2].reason == "not_founded"


# -- governance.society_reporting ----------------------------------------------------------------


def society_ledger(*events: dict[str, Any]) -> Ledger:
    g = Gov()
    g.b.record("societies", id="soc", name="青年志愿者协会", org_id=g.dept)
    g.b.record("societies", id="quiet", name="书法社", org_id=g.dept)
    for ev in events:
        g.b.record("society_events", society_id="soc", kind=ev.pop("kind", "event"), **ev)
    return g.build()


def test_society_event_reported_the_day_before_passes_same_day_fails():
    ledger = society_ledger(
        {"id": "e1", "date": "2025-03-10", "reported_on": "2025-03-09", "title": "义诊"},
        {"id": "e2", "date": "2025-03-20", "reported_on": "2025-03-20", "kind": "meeting"},
        {"id": "e3", "date": "2025-04-01"},
    )
    found = {f.facet: f for f in run(ledger, "governance.society_reporting")}
    e1, e2, e3 = found["e1"], found["e2"], found["e3"]
    assert (e1.status, e1.subject_id, e1.period.label, e1.subject_kind) == (
        Status.PASS, "soc", "2025-03", SubjectKind.SOCIETY)
    assert (e1.measured, e1.expected, e1.evidence) == (
        date(2025, 3, 9), date(2025, 3, 10), ("e1",))
    assert (e2.status, e2.message_key) == (Status.FAIL, "fail")
    assert "会议" in e2.message_zh
    assert (e3.status, e3.message_key, e3.measured) == (Status.FAIL, "unreported", None)
    quiet = found[None]
    assert (quiet.subject_id, quiet.status, quiet.reason) == (
        "quiet", Status.NOT_APPLICABLE, "no_subjects")


def test_society_events_outside_the_window_or_after_as_of_are_ignored():
    ledger = society_ledger(
        {"id": "old", "date": "2024-12-31"},
        {"id": "future", "date": "2025-06-16"},
        {"id": "today", "date": "2025-06-15", "reported_on": "2025-06-01"},
    )
    found = run(ledger, "governance.society_reporting")
    assert [(f.subject_id, f.facet, f.status) for f in found] == [
        ("quiet", None, Status.NOT_APPLICABLE),
        ("soc", "today", Status.PASS),
    ]


def test_society_report_after_the_event_fails():
    ledger = society_ledger({"id": "e", "date": "2025-05-10", "reported_on": "2025-05-11"})
    f = run(ledger, "governance.society_reporting").filter(subject="soc")[0]
    assert (f.status, f.measured) == (Status.FAIL, date(2025, 5, 11))


# -- governance.major_incident -------------------------------------------------------------------


def incident_ledger(*incidents: tuple[str, str, str, str]) -> Ledger:
    g = Gov()
    for iid, org, day, severity in incidents:
        g.b.record("incidents", id=iid, org_id=org, date=day, severity=severity)
    return g.build()


def test_major_incident_in_the_subtree_fails_minor_passes():
    ledger = incident_ledger(
        ("i2", "br", "2025-05-01", "major"),
        ("i1", "br", "2025-02-01", "major"),
        ("minor", "dept", "2025-03-01", "minor"),
        ("elsewhere-minor", "other", "2025-03-01", "minor"),
    )
    found = {f.subject_id: f for f in run(ledger, "governance.major_incident")}
    dept, other = found["dept"], found["other"]
    assert (dept.status, dept.measured, dept.expected, dept.evidence) == (
        Status.FAIL, 2, 0, ("i1", "i2"))
    assert dept.period.label == "2025"
    assert "一票否决" in dept.message_zh
    assert (other.status, other.measured, other.evidence) == (Status.PASS, 0, ())


def test_major_incident_outside_the_window_or_after_as_of_is_ignored():
    ledger = incident_ledger(
        ("last-year", "dept", "2024-12-31", "major"),
        ("tomorrow", "dept", "2025-06-16", "major"),
    )
    found = {f.subject_id: f for f in run(ledger, "governance.major_incident")}
    assert found["dept"].status is Status.PASS
    later = {f.subject_id: f for f in run(ledger, "governance.major_incident",
                                          as_of=date(2025, 6, 16))}
    assert later["dept"].evidence == ("tomorrow",)


def test_major_incident_only_minor_incident_passes():
    ledger = incident_ledger(("m", "br", "2025-03-01", "minor"))
    f = run(ledger, "governance.major_incident").filter(subject="dept")[0]
    assert (f.status, f.measured, f.evidence) == (Status.PASS, 0, ())
