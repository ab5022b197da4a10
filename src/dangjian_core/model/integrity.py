"""Referential and temporal integrity of a ledger, checked in one pass.

Field types are checked by pydantic; this module checks what only the whole ledger can tell:
ids are unique, every reference resolves, organisations form a tree, and dated facts are in
a possible order.  It returns *every* problem so that one run shows the whole to-do list.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from ..errors import Problem
from .enums import OrgKind

if TYPE_CHECKING:
    from .ledger import Ledger
    from .organizations import Organization
    from .records import Metric

__all__ = ["find_problems"]

# Which kinds may be the parent of which (a 直属党支部 hangs directly under the school).
_PARENT_KINDS: dict[OrgKind, frozenset[OrgKind]] = {
    OrgKind.SCHOOL_COMMITTEE: frozenset(),
    OrgKind.DEPT_COMMITTEE: frozenset({OrgKind.SCHOOL_COMMITTEE}),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.SCHOOL_COMMITTEE, OrgKind.DEPT_COMMITTEE}),
    OrgKind.BRANCH: frozenset(
        {OrgKind.SCHOOL_COMMITTEE, OrgKind.DEPT_COMMITTEE, OrgKind.GENERAL_BRANCH}
    ),
    OrgKind.GROUP: frozenset({OrgKind.BRANCH}),
}

# Collections whose records carry an ``id``; ids are unique across all of them, so a waiver
# or a finding can name any subject without saying its kind.
_ID_COLLECTIONS = (
    "organizations",
    "elections",
    "term_shifts",
    "party_roles",
    "people",
    "posts",
    "meetings",
    "development_cases",
    "dues_payments",
    "documents",
    "trainings",
    "contact_assignments",
    "societies",
    "society_events",
    "awards",
    "projects",
    "tasks",
    "metrics",
    "incidents",
    "waivers",
    "headcounts",
)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, location: str, zh: str, en: str, code: str) -> None:
        self.problems.append(Problem(location, zh, en, code))

    def ref(
        self,
        location: str,
        value: str | None,
        known: Iterable[str] | set[str],
        what_zh: str,
        what_en: str,
    ) -> None:
        if value is not None and value not in known:
            self.add(
                location,
                f"引用的{what_zh}“{value}”不存在",
                f"unknown {what_en} '{value}'",
                "unknown_reference",
            )

    def order(
        self,
        location: str,
        first: date | None,
        then: date | None,
        first_zh: str,
        then_zh: str,
        first_en: str,
        then_en: str,
    ) -> None:
        if first is not None and then is not None and then < first:
            self.add(
                location,
                f"{then_zh}（{then}）早于{first_zh}（{first}）",
                f"{then_en} ({then}) is before {first_en} ({first})",
                "date_order",
            )


def find_problems(ledger: Ledger) -> list[Problem]:
    """Every integrity problem of ``ledger``, each with its location; empty when sound."""
    c = _Collector()
    if ledger.coverage is not None:
        c.order(
            "coverage.end",
            ledger.coverage.start,
            ledger.coverage.end,
            "记录起始日期",
            "记录截止日期",
            "start",
            "end",
        )
    _unique_ids(ledger, c)
    orgs = {o.id: o for o in ledger.organizations}
    people = {p.id for p in ledger.people}
    _organizations(ledger, orgs, c)
    _people(ledger, orgs, c)
    _roles_posts(ledger, orgs, people, c)
    _meetings(ledger, orgs, people, c)
    _cases(ledger, orgs, people, c)
    _records(ledger, orgs, people, c)
    return c.problems


def _unique_ids(ledger: Ledger, c: _Collector) -> None:
    # Where an id was first used is spelled only when it is used again (issue 12: this runs
    # for every record).
    seen: dict[str, tuple[str, int]] = {}
    for name in _ID_COLLECTIONS:
        for i, record in enumerate(getattr(ledger, name)):
            first = seen.setdefault(record.id, (name, i))
            if first[0] is not name or first[1] != i:
                used = f"{first[0]}[{first[1]}].id"
                c.add(
                    f"{name}[{i}].id",
                    f"编号“{record.id}”重复（已用于 {used}）",
                    f"duplicate id '{record.id}' (already used at {used})",
                    "duplicate_id",
                )


def _organizations(ledger: Ledger, orgs: Mapping[str, object], c: _Collector) -> None:
    by_id = {o.id: o for o in ledger.organizations}
    cyclic = _in_cycles(by_id)
    for i, org in enumerate(ledger.organizations):
        where = f"organizations[{i}]"
        c.order(
            f"{where}.dissolved",
            org.founded,
            org.dissolved,
            "成立日期",
            "撤销日期",
            "founded",
            "dissolved",
        )
        if org.parent_id is None:
            continue
        parent = by_id.get(org.parent_id)
        if parent is None:
            c.ref(
                f"{where}.parent_id", org.parent_id, orgs.keys(), "上级组织", "parent organization"
            )
            continue
        if parent.kind not in _PARENT_KINDS[org.kind]:
            c.add(
                f"{where}.parent_id",
                f"{org.kind.zh}不能隶属于{parent.kind.zh}“{parent.id}”",
                f"a {org.kind.value} cannot belong to a {parent.kind.value} ('{parent.id}')",
                "bad_parent",
            )
        if org.parent_id in cyclic:
            c.add(
                f"{where}.parent_id",
                "上级组织关系形成了循环",
                "parent organizations form a cycle",
                "cycle",
            )
    for i, e in enumerate(ledger.elections):
        c.ref(f"elections[{i}].org_id", e.org_id, orgs.keys(), "组织", "organization")
    for i, s in enumerate(ledger.term_shifts):
        c.ref(f"term_shifts[{i}].org_id", s.org_id, orgs.keys(), "组织", "organization")


def _in_cycles(by_id: Mapping[str, Organization]) -> set[str]:
    """The organisations whose chain of parents runs into a cycle (those on it, and those
    hanging below it).

    Linear: each organisation's chain is walked once, and every organisation met is given
    its answer, so a later walk stops where an earlier one passed.  Walking each chain up to
    the root instead costs depth × count — over a minute for a 10,000-deep chain.
    """
    answer: dict[str, bool] = {}
    for start in by_id:
        path: list[str] = []
        on_path: set[str] = set()
        cursor: str | None = start
        loops = False
        while cursor is not None and cursor in by_id:
            if cursor in answer:
                loops = answer[cursor]
                break
            if cursor in on_path:
                loops = True
                break
            path.append(cursor)
            on_path.add(cursor)
            cursor = by_id[cursor].parent_id
        for org_id in path:
            answer[org_id] = loops
    return {org_id for org_id, loops in answer.items() if loops}


def _people(ledger: Ledger, orgs: Mapping[str, object], c: _Collector) -> None:
    kinds = {o.id: o.kind for o in ledger.organizations}
    for i, p in enumerate(ledger.people):
        where = f"people[{i}]"
        c.ref(f"{where}.department_id", p.department_id, orgs.keys(), "院系党组织", "department")
        c.order(
            f"{where}.left_on",
            p.arrived_on,
            p.left_on,
            "入职或入学日期",
            "离开日期",
            "arrived_on",
            "left_on",
        )
        d = p.party
        steps = [
            ("application", "递交入党申请书"),
            ("activist", "确定为积极分子"),
            ("candidate", "确定为发展对象"),
            ("admission", "接收为预备党员"),
            ("conversion", "转为正式党员"),
            ("left", "出党"),
        ]
        # Compare each recorded milestone with the last recorded one before it, so an empty
        # step in between cannot hide dates in the wrong order.
        recorded = [(f, f_zh) for f, f_zh in steps if getattr(d, f) is not None]
        for (a, a_zh), (b, b_zh) in itertools.pairwise(recorded):
            c.order(f"{where}.party.{b}", getattr(d, a), getattr(d, b), a_zh, b_zh, a, b)
        if d.conversion is not None and d.admission is None:
            c.add(
                f"{where}.party.admission",
                "有转正日期却没有接收为预备党员的日期",
                "conversion date without an admission date",
                "missing_date",
            )
        for j, m in enumerate(p.memberships):
            mw = f"{where}.memberships[{j}]"
            c.ref(f"{mw}.org_id", m.org_id, orgs.keys(), "组织", "organization")
            if m.org_id in kinds and kinds[m.org_id] not in (OrgKind.BRANCH, OrgKind.GROUP):
                c.add(
                    f"{mw}.org_id",
                    "组织关系只能在党支部或党小组",
                    "memberships are held in a branch or a party group",
                    "bad_membership",
                )
            c.order(f"{mw}.end", m.start, m.end, "转入日期", "转出日期", "start", "end")
        for j, h in enumerate(p.hardship_reductions):
            if h.end is not None and h.end < h.start:
                c.add(
                    f"{where}.hardship_reductions[{j}].end",
                    "截止月份早于起始月份",
                    "end month is before start month",
                    "date_order",
                )
        for j, r in enumerate(p.arrears_reasons):
            if r.end is not None and r.end < r.start:
                c.add(
                    f"{where}.arrears_reasons[{j}].end",
                    "截止月份早于起始月份",
                    "end month is before start month",
                    "date_order",
                )


def _roles_posts(
    ledger: Ledger, orgs: Mapping[str, object], people: set[str], c: _Collector
) -> None:
    societies = {s.id for s in ledger.societies}
    for i, r in enumerate(ledger.party_roles):
        where = f"party_roles[{i}]"
        c.ref(f"{where}.org_id", r.org_id, orgs.keys(), "组织", "organization")
        c.ref(f"{where}.person_id", r.person_id, people, "人员", "person")
        c.order(f"{where}.end", r.start, r.end, "任职日期", "离任日期", "start", "end")
    for i, p in enumerate(ledger.posts):
        where = f"posts[{i}]"
        c.ref(f"{where}.person_id", p.person_id, people, "人员", "person")
        if p.unit_id is not None and p.unit_id not in orgs and p.unit_id not in societies:
            c.ref(f"{where}.unit_id", p.unit_id, (), "单位", "unit")
        c.order(f"{where}.end", p.start, p.end, "任职日期", "离任日期", "start", "end")


def _meetings(ledger: Ledger, orgs: Mapping[str, object], people: set[str], c: _Collector) -> None:
    meeting_ids = {m.id for m in ledger.meetings}
    documents = {d.id for d in ledger.documents}
    for i, m in enumerate(ledger.meetings):
        where = f"meetings[{i}]"
        # Each list is looked up in one set operation first; its items are spelled out only
        # when one of them is unknown (issue 12: a school's meetings list 400,000 people).
        if not orgs.keys() >= set(m.org_ids):
            for j, org_id in enumerate(m.org_ids):
                c.ref(f"{where}.org_ids[{j}]", org_id, orgs.keys(), "组织", "organization")
        c.ref(f"{where}.chair_id", m.chair_id, people, "人员", "person")
        c.ref(f"{where}.speaker_id", m.speaker_id, people, "人员", "person")
        for field in ("entitled", "present"):
            value = getattr(m, field)
            if isinstance(value, list) and not people.issuperset(value):
                for j, pid in enumerate(value):
                    c.ref(f"{where}.{field}[{j}]", pid, people, "人员", "person")
        if isinstance(m.entitled, int) and isinstance(m.present, int) and m.present > m.entitled:
            c.add(
                f"{where}.present",
                f"实到人数 {m.present} 多于应到人数 {m.entitled}",
                f"present ({m.present}) exceeds entitled ({m.entitled})",
                "attendance",
            )
        if m.grades and not people.issuperset(m.grades):
            for pid in m.grades:
                c.ref(f"{where}.grades.{pid}", pid, people, "人员", "person")
        for j, item in enumerate(m.agenda):
            c.ref(
                f"{where}.agenda[{j}].prior_review_meeting_id",
                item.prior_review_meeting_id,
                meeting_ids,
                "会议",
                "meeting",
            )
        if m.document_ids and not documents.issuperset(m.document_ids):
            for j, doc in enumerate(m.document_ids):
                c.ref(f"{where}.document_ids[{j}]", doc, documents, "文件", "document")


def _cases(ledger: Ledger, orgs: Mapping[str, object], people: set[str], c: _Collector) -> None:
    kinds = {o.id: o.kind for o in ledger.organizations}
    persons = {p.id: p for p in ledger.people}
    seen: dict[str, int] = {}
    for i, case in enumerate(ledger.development_cases):
        where = f"development_cases[{i}]"
        c.ref(f"{where}.person_id", case.person_id, people, "人员", "person")
        c.ref(f"{where}.branch_id", case.branch_id, orgs.keys(), "党支部", "branch")
        if case.branch_id in kinds and kinds[case.branch_id] is not OrgKind.BRANCH:
            c.add(
                f"{where}.branch_id",
                "发展党员应由党支部负责",
                "a development case belongs to a branch",
                "bad_branch",
            )
        if case.person_id in seen:
            c.add(
                f"{where}.person_id",
                f"人员“{case.person_id}”已有发展记录 development_cases[{seen[case.person_id]}]",
                f"person '{case.person_id}' already has a development case",
                "duplicate_case",
            )
        seen.setdefault(case.person_id, i)
        for j, pid in enumerate(case.contacts):
            c.ref(f"{where}.contacts[{j}]", pid, people, "人员", "person")
        for j, pid in enumerate(case.introducers):
            c.ref(f"{where}.introducers[{j}]", pid, people, "人员", "person")
        for name in ("approval", "conversion_approval"):
            approval = getattr(case, name)
            if approval is not None:
                c.ref(
                    f"{where}.{name}.org_id", approval.org_id, orgs.keys(), "组织", "organization"
                )
        chain = [
            ("application", case.application, "递交申请"),
            ("activist", case.activist, "确定积极分子"),
            ("candidate", case.candidate, "确定发展对象"),
            ("admission_vote.date", case.admission_date, "接收预备党员"),
            ("conversion_vote.date", case.conversion_date, "转正"),
        ]
        present = [step for step in chain if step[1] is not None]
        for (a, da, a_zh), (b, db, b_zh) in itertools.pairwise(present):
            c.order(f"{where}.{b}", da, db, a_zh, b_zh, a, b)
        for name in ("admission_vote", "conversion_vote"):
            vote = getattr(case, name)
            if vote is not None and (vote.present > vote.entitled or vote.yes > vote.present):
                c.add(
                    f"{where}.{name}",
                    "表决人数不一致：应满足 赞成 ≤ 实到 ≤ 应到",
                    "vote counts must satisfy yes ≤ present ≤ entitled",
                    "vote_counts",
                )
        for name in ("admission_notice", "conversion_notice"):
            notice = getattr(case, name)
            if notice is not None:
                c.order(
                    f"{where}.{name}.end",
                    notice.start,
                    notice.end,
                    "公示开始",
                    "公示结束",
                    "start",
                    "end",
                )
        if case.training is not None:
            c.order(
                f"{where}.training.end",
                case.training.start,
                case.training.end,
                "培训开始",
                "培训结束",
                "start",
                "end",
            )
        person = persons.get(case.person_id)
        if person is not None:
            pairs = [
                ("application", case.application),
                ("activist", case.activist),
                ("candidate", case.candidate),
                ("admission", case.admission_date),
                ("conversion", case.conversion_date),
            ]
            for field, case_date in pairs:
                own = getattr(person.party, field)
                if own is not None and case_date is not None and own != case_date:
                    idx = next(k for k, p in enumerate(ledger.people) if p.id == person.id)
                    c.add(
                        f"people[{idx}].party.{field}",
                        f"与发展记录 {where} 的日期（{case_date}）不一致（{own}）",
                        f"conflicts with {where} ({own} vs {case_date})",
                        "status_conflict",
                    )


def _records(ledger: Ledger, orgs: Mapping[str, object], people: set[str], c: _Collector) -> None:
    societies = {s.id for s in ledger.societies}
    org_or_person = set(orgs) | people
    for i, pay in enumerate(ledger.dues_payments):
        if pay.person_id not in people:
            c.ref(f"dues_payments[{i}].person_id", pay.person_id, people, "人员", "person")
        if len(pay.months) > 1 and len(set(pay.months)) != len(pay.months):
            c.add(
                f"dues_payments[{i}].months",
                "所属月份重复",
                "a month is listed twice",
                "duplicate_month",
            )
    for i, d in enumerate(ledger.documents):
        c.ref(f"documents[{i}].org_id", d.org_id, orgs.keys(), "组织", "organization")
        c.order(
            f"documents[{i}].repealed",
            d.effective,
            d.repealed,
            "施行日期",
            "废止日期",
            "effective",
            "repealed",
        )
    for i, t in enumerate(ledger.trainings):
        if t.person_id not in people:
            c.ref(f"trainings[{i}].person_id", t.person_id, people, "人员", "person")
    for i, a in enumerate(ledger.contact_assignments):
        c.ref(f"contact_assignments[{i}].leader_id", a.leader_id, people, "人员", "person")
        c.ref(
            f"contact_assignments[{i}].target_id",
            a.target_id,
            org_or_person,
            "联系对象",
            "contact target",
        )
        c.order(
            f"contact_assignments[{i}].end", a.start, a.end, "开始日期", "结束日期", "start", "end"
        )
    for i, s in enumerate(ledger.societies):
        c.ref(f"societies[{i}].org_id", s.org_id, orgs.keys(), "组织", "organization")
        c.ref(f"societies[{i}].advisor_id", s.advisor_id, people, "人员", "person")
        c.order(
            f"societies[{i}].dissolved",
            s.founded,
            s.dissolved,
            "成立日期",
            "撤销日期",
            "founded",
            "dissolved",
        )
    for i, ev in enumerate(ledger.society_events):
        c.ref(f"society_events[{i}].society_id", ev.society_id, societies, "社团", "society")
    for i, aw in enumerate(ledger.awards):
        c.ref(f"awards[{i}].org_id", aw.org_id, orgs.keys(), "组织", "organization")
        for j, pid in enumerate(aw.person_ids):
            c.ref(f"awards[{i}].person_ids[{j}]", pid, people, "人员", "person")
    for i, pr in enumerate(ledger.projects):
        c.ref(f"projects[{i}].org_id", pr.org_id, orgs.keys(), "组织", "organization")
        c.order(
            f"projects[{i}].approved_on",
            pr.applied_on,
            pr.approved_on,
            "申报日期",
            "立项日期",
            "applied_on",
            "approved_on",
        )
    for i, task in enumerate(ledger.tasks):
        c.ref(f"tasks[{i}].org_id", task.org_id, orgs.keys(), "组织", "organization")
    for i, m in enumerate(ledger.metrics):
        c.ref(f"metrics[{i}].org_id", m.org_id, orgs.keys(), "组织", "organization")
        c.order(f"metrics[{i}].end", m.start, m.end, "统计起始日期", "统计截止日期", "start", "end")
        _metric_share(m, f"metrics[{i}]", c)
    for i, inc in enumerate(ledger.incidents):
        c.ref(f"incidents[{i}].org_id", inc.org_id, orgs.keys(), "组织", "organization")
    all_ids = {r.id for name in _ID_COLLECTIONS for r in getattr(ledger, name)}
    for i, w in enumerate(ledger.waivers):
        c.ref(f"waivers[{i}].subject_id", w.subject_id, all_ids, "对象", "subject")
        c.order(f"waivers[{i}].end", w.start, w.end, "起始日期", "截止日期", "start", "end")
    for i, h in enumerate(ledger.headcounts):
        c.ref(f"headcounts[{i}].unit_id", h.unit_id, orgs.keys(), "单位", "unit")


#: Metrics that are shares in [0, 1]: 0.96 is 96%; a value of 96 is a ledger error, not a
#: percent to be guessed at.
SHARE_METRICS = frozenset({"employment_rate"})


def _metric_share(m: Metric, where: str, c: _Collector) -> None:
    if m.numerator is not None and m.denominator is not None and m.numerator > m.denominator:
        c.add(
            f"{where}.numerator",
            f"分子（{m.numerator}）大于分母（{m.denominator}）",
            f"numerator {m.numerator} exceeds denominator {m.denominator}",
            "share_counts",
        )
    if m.name in SHARE_METRICS and not (0 <= m.value <= 1):
        c.add(
            f"{where}.value",
            f"比率应在 0 到 1 之间（如 96% 写作 0.96），实际为 {m.value}",
            f"a share must lie in [0, 1] (96% is 0.96), got {m.value}",
            "share_range",
        )
