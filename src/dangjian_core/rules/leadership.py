"""``leadership.*`` — who leads, and whom they reach (双带头人, 联系基层, 书记培训).

``dual_leader_*`` and ``contact_coverage`` judge states and read time like the structure rules
(:func:`~dangjian_core.rules._common.judged_states`: per period, default yearly, read on the
period's last day, or on ``as_of`` for the current one, which is then ``pass`` or ``fail`` —
a state is judged now, never ``not_yet_due``).  ``secretary_training`` judges what falls due:
a deadline (the first training), unmet and after ``as_of``, is ``not_yet_due``; the yearly
hours are a quota that accumulates, so the current year keeps that grace until it ends.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import attrs
from pydantic import Field

from .._format import percent
from ..model import (
    BranchCategory,
    Degree,
    Organization,
    OrgKind,
    PartyRole,
    Person,
    PersonCategory,
    Role,
    TeacherKind,
    TitleRank,
    TrainingKind,
)
from ..model.index import COMMITTEE_DUTIES
from ..periods import Cadence, Period, deadline, judged_periods
from ._common import StateParams, judged_states
from ._finding import Finding, Status, SubjectKind
from ._rule import Params, Rule, RuleContext, Scope, rule

__all__: list[str] = []

_ORG = SubjectKind.ORGANIZATION
_CENT = Decimal("0.01")
#: Roles whose holders owe the yearly training hours: the secretary and the committee.
_LEADER_ROLES = COMMITTEE_DUTIES | {Role.SECRETARY, Role.DEPUTY_SECRETARY}



# -- 双带头人 -----------------------------------------------------------------------------------


class DualLeaderParams(StateParams):
    """Which branches are teacher branches, and the criteria of a 双带头人.

    The default criteria are a recorded designation, a title in ``titles`` and a degree in
    ``degrees``; anything else — a recorded academic lead (学术带头人) — counts only when a
    scheme switches it on (``accept_academic_lead``)."""

    include_staff_branches: bool = Field(default=False, title="包括非专业教师党支部")
    titles: tuple[TitleRank, ...] = Field(
        default=(TitleRank.FULL_SENIOR, TitleRank.ASSOCIATE_SENIOR), title="符合条件的职称"
    )
    degrees: tuple[Degree, ...] = Field(default=(Degree.DOCTORATE,), title="符合条件的学位")
    accept_academic_lead: bool = Field(default=False, title="学术带头人符合条件")


def _teacher_branch(org: Organization, p: DualLeaderParams) -> bool:
    """A teacher branch of specialty teachers (专业教师; an unrecorded kind counts as one),
    or of any teachers when ``include_staff_branches``."""
    if org.kind is not OrgKind.BRANCH or org.category is not BranchCategory.TEACHER:
        return False
    return p.include_staff_branches or org.teacher_kind is not TeacherKind.STAFF


def _grounds(person: Person | None, p: DualLeaderParams) -> tuple[str, ...]:
    """Why ``person`` is a 双带头人: a recorded designation, or the criteria met."""
    if person is None or person.dual_leader is False:
        return ()
    if person.dual_leader:
        return ("designated",)
    grounds = []
    if person.title_rank is not None and person.title_rank in p.titles:
        grounds.append("title_rank")
    if person.degree is not None and person.degree in p.degrees:
        grounds.append("degree")
    if p.accept_academic_lead and person.academic_lead:
        grounds.append("academic_lead")
    return tuple(grounds)


def _criteria(p: DualLeaderParams) -> tuple[str, ...]:
    return ("designated", "title_rank", "degree") + (
        ("academic_lead",) if p.accept_academic_lead else ()
    )


def _criteria_zh(p: DualLeaderParams) -> str:
    """The criteria besides a designation, in words: ``正高或副高职称、博士学位``."""
    parts = []
    if p.titles:
        parts.append("或".join(t.zh for t in p.titles) + "职称")
    if p.degrees:
        parts.append("或".join(d.zh for d in p.degrees) + "学位")
    if p.accept_academic_lead:
        parts.append("学术带头人身份")
    return "、".join(parts) or "其他条件"


@rule(
    "leadership.dual_leader_qualified",
    title=("教师党支部书记是“双带头人”", "A teacher-branch secretary is a dual leader"),
    scope=Scope.PERSON,
    source="criteria [L]",
    params=DualLeaderParams(),
    messages={
        "pass": (
            "任{branch}书记，符合“双带头人”条件",
            "secretary of {branch}, a dual leader",
        ),
        "fail": (
            "任{branch}书记，未认定为“双带头人”，也不具备{criteria_zh}",
            "secretary of {branch}, neither designated a dual leader nor meeting the criteria",
        ),
        "fail_designated": (
            "任{branch}书记，经认定不是“双带头人”",
            "secretary of {branch}, recorded as not a dual leader",
        ),
        "fail_no_secretary": (
            "书记空缺，支部不是由“双带头人”带领",
            "no secretary in post: the branch is not led by a dual leader",
        ),
    },
)
def dual_leader_qualified(ctx: RuleContext[DualLeaderParams]) -> Iterator[Finding]:
    """One finding per teacher branch (专业教师 by default; an unrecorded teacher kind counts
    as 专业教师; ``include_staff_branches`` adds 非专业教师 branches) per period, about the
    secretary in post on the period's last day (``as_of`` for the current period, judged then:
    a state, never ``not_yet_due``).

    The subject is the secretary (a person), with the branch as ``facet`` — a person leading
    two teacher branches gets one finding for each.  The finding rolls up through the branch:
    its ``scope`` is the branch's chain, whatever branch the secretary's own membership is in.

    A recorded designation decides: ``dual_leader`` true qualifies, false does not.  Without
    one, the default criteria: a title in ``titles`` (正高, 副高) or a degree in ``degrees``
    (博士).  Nothing else counts by default: a recorded academic lead (学术带头人) counts only
    when a scheme sets ``accept_academic_lead``.  ``measured`` = the grounds met
    (``designated``, ``title_rank``, ``degree``, ``academic_lead``), ``expected`` = the
    grounds that would qualify; evidence = the role record and the person.

    No secretary in post: the subject is the branch, and the finding is ``fail``
    (``fail_no_secretary``) — a branch with nobody in post is not led by a 双带头人, as in
    ``leadership.dual_leader_coverage``, where it counts as not covered; a scheme that requires
    this rule to pass (a gate) stays shut.  ``structure.secretary_present`` reports the vacancy
    itself."""
    p = ctx.params
    index = ctx.index
    for org in index.of_kind(OrgKind.BRANCH):
        if not _teacher_branch(org, p):
            continue
        branch = index.name_of(org.id) or org.id
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            role = index.secretary_on(org.id, day)
            if role is None:
                yield ctx.finding(
                    org.id,
                    _ORG,
                    period,
                    Status.FAIL,
                    measured=(),
                    expected=_criteria(p),
                    key="fail_no_secretary",
                    due=due,
                )
                continue
            person = index.people.get(role.person_id)
            grounds = _grounds(person, p)
            key = "fail_designated" if person is not None and person.dual_leader is False else None
            found = ctx.finding(
                role.person_id,
                SubjectKind.PERSON,
                period,
                Status.PASS if grounds else Status.FAIL,
                facet=org.id,
                measured=grounds,
                expected=_criteria(p),
                evidence=[role.id, role.person_id],
                key=None if grounds else key,
                branch=branch,
                criteria_zh=_criteria_zh(p),
                due=due,
            )
            yield attrs.evolve(found, org_chain=index.org_chain(org.id))


class CoverageParams(DualLeaderParams):
    """Teacher branches and 双带头人 criteria (as above), and the share required."""

    min_ratio: Fraction = Field(default=Fraction(1), ge=0, le=1, title="最低覆盖率")


def _qualified_branch(ctx: RuleContext[CoverageParams], branch: str, day: date) -> bool:
    """Whether the branch's secretary on ``day`` is a 双带头人 (no secretary: not)."""
    cache: dict[tuple[str, date], bool] = ctx.index.memo("leadership.dual_qualified", dict)
    if (branch, day) not in cache:
        role = ctx.index.secretary_on(branch, day)
        person = ctx.index.people.get(role.person_id) if role is not None else None
        cache[(branch, day)] = bool(_grounds(person, ctx.params))
    return cache[(branch, day)]


@rule(
    "leadership.dual_leader_coverage",
    title=("教师党支部书记“双带头人”全覆盖", "Every teacher branch is led by a dual leader"),
    scope=Scope.DEPARTMENT,
    source="双带头人意见 [N]",
    params=CoverageParams(),
    messages={
        "pass": (
            "{covered}/{total} 个教师党支部书记为“双带头人”",
            "{covered} of {total} teacher branches led by a dual leader",
        ),
        "fail": (
            "仅 {covered}/{total} 个教师党支部书记为“双带头人”（{ratio}，要求不低于 {minimum}）",
            "only {covered} of {total} teacher branches led by a dual leader "
            "({ratio}, expected at least {minimum})",
        ),
        "not_applicable": ("没有教师党支部，不适用", "no teacher branch"),
    },
)
def dual_leader_coverage(ctx: RuleContext[CoverageParams]) -> Iterator[Finding]:
    """Per department organisation and per school committee, per period: the share of its
    teacher branches (as in ``leadership.dual_leader_qualified``; a department that is itself
    a teacher branch counts itself) existing on the period's last day (``as_of`` for the
    current period) whose secretary that day qualifies as a 双带头人.  A branch without a
    secretary counts as not covered.  Met when the share ≥ ``min_ratio`` (default 1: all).
    ``measured`` = the exact share (``Fraction``), ``expected`` = ``min_ratio``; evidence =
    the branches not covered (fail) or all covered branches (pass), sorted.  No teacher
    branch → ``not_applicable`` (``no_subjects``)."""
    p = ctx.params
    index = ctx.index
    subjects = {o.id: o for o in (*index.departments, *index.of_kind(OrgKind.SCHOOL_COMMITTEE))}
    for org in subjects.values():
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            below = [org, *index.descendants(org.id, [OrgKind.BRANCH])]
            branches = sorted(b.id for b in below if _teacher_branch(b, p) and index.alive(b, day))
            if not branches:
                yield ctx.not_applicable(org.id, _ORG, period, "no_subjects")
                continue
            covered = [b for b in branches if _qualified_branch(ctx, b, day)]
            ratio = Fraction(len(covered), len(branches))
            ok = ratio >= p.min_ratio
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if ok else Status.FAIL,
                measured=ratio,
                expected=p.min_ratio,
                evidence=covered if ok else sorted(set(branches) - set(covered)),
                covered=len(covered),
                total=len(branches),
                ratio=percent(ratio),
                minimum=percent(p.min_ratio),
                due=due,
            )


# -- 联系基层 -----------------------------------------------------------------------------------


class ContactParams(StateParams):
    """The share of each kind of people that contact assignments must cover."""

    min_ratio: Fraction = Field(default=Fraction(1), ge=0, le=1, title="最低覆盖率")


_FACETS: tuple[tuple[str, str], ...] = (
    ("teachers", "教师"),
    ("students", "学生"),
    ("student_members", "学生党员"),
)


def _covered(ctx: RuleContext[Any], period: Period, day: date) -> dict[str, list[str]]:
    """Person id → ids of the contact assignments covering them in ``period`` (read on
    ``day``): active at some time in ``[period.start, day]`` and targeting the person, or an
    organisation in which (or in one of whose sub-organisations) they are enrolled on ``day``.
    Built once per run and period."""
    cache: dict[tuple[date, date], dict[str, list[str]]] = ctx.index.memo(
        "leadership.contact_covered", dict
    )
    if (period.start, day) in cache:
        return cache[(period.start, day)]
    index = ctx.index
    out: dict[str, list[str]] = defaultdict(list)
    for a in sorted(index.ledger.contact_assignments, key=lambda a: a.id):
        if a.start > day or (a.end is not None and a.end < period.start):
            continue
        if a.target_id in index.people:
            out[a.target_id].append(a.id)
            continue
        if a.target_id not in index.orgs:
            continue
        orgs = [a.target_id, *(o.id for o in index.descendants(a.target_id))]
        for pid in dict.fromkeys(pid for oid in orgs for pid in index.enrolled(oid, day)):
            out[pid].append(a.id)
    cache[(period.start, day)] = dict(out)
    return cache[(period.start, day)]


def _listed(ctx: RuleContext[Any], dept: str, day: date) -> dict[str, list[str]]:
    """The department's people on ``day`` by facet, ids sorted."""
    people = ctx.index.people_of_department(dept, day)
    teachers = sorted(p.id for p in people if p.category is PersonCategory.TEACHER)
    students = sorted(p.id for p in people if p.category is PersonCategory.STUDENT)
    members = [pid for pid in students if ctx.index.is_member(pid, day)]
    return {"teachers": teachers, "students": students, "student_members": members}


@rule(
    "leadership.contact_coverage",
    title=("领导班子联系基层全覆盖", "Leaders' contact assignments cover everyone"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=ContactParams(),
    messages={
        "pass": (
            "联系{facet_zh}覆盖 {covered}/{total} 人",
            "{covered} of {total} {facet} covered",
        ),
        "fail": (
            "联系{facet_zh}仅覆盖 {covered}/{total} 人（{ratio}，要求不低于 {minimum}）",
            "only {covered} of {total} {facet} covered ({ratio}, expected at least {minimum})",
        ),
        "not_applicable": ("院系没有{facet_zh}，不适用", "no {facet} listed"),
    },
)
def contact_coverage(ctx: RuleContext[ContactParams]) -> Iterator[Finding]:
    """Per department organisation and period, three facets: ``teachers`` (people of category
    教师), ``students`` (学生) and ``student_members`` (students who are full or probationary
    members) among the department's listed people on the period's last day (``as_of`` for the
    current period; ``LedgerIndex.people_of_department``, which leaves out people who have
    left — ``left_on`` passed, or every organisational relation ended, as for graduates
    transferred out).  A person is covered by a contact
    assignment active at some time between the period's start and that day which targets the
    person, or an organisation in which — or in one of whose sub-organisations — they are
    enrolled that day (organisational relation; a person with none is covered only when
    targeted by name).  Coverage = covered / listed, exact; met when ≥ ``min_ratio``
    (default 1).  Evidence = the covering assignments (pass) or the people not covered
    (fail), sorted.  Nobody of the kind listed → ``not_applicable`` (``no_subjects``)."""
    p = ctx.params
    for dept in ctx.index.departments:
        for period, due, day in judged_states(
            ctx, p.per, founded=dept.founded, dissolved=dept.dissolved
        ):
            covered_by = _covered(ctx, period, day)
            listed = _listed(ctx, dept.id, day)
            for facet, facet_zh in _FACETS:
                people = listed[facet]
                if not people:
                    yield ctx.not_applicable(
                        dept.id, _ORG, period, "no_subjects", facet=facet, facet_zh=facet_zh
                    )
                    continue
                covered = [pid for pid in people if pid in covered_by]
                ratio = Fraction(len(covered), len(people))
                ok = ratio >= p.min_ratio
                if ok:
                    evidence = sorted({a for pid in covered for a in covered_by[pid]})
                else:
                    evidence = [pid for pid in people if pid not in covered_by]
                yield ctx.finding(
                    dept.id,
                    _ORG,
                    period,
                    Status.PASS if ok else Status.FAIL,
                    facet=facet,
                    measured=ratio,
                    expected=p.min_ratio,
                    evidence=evidence,
                    facet_zh=facet_zh,
                    covered=len(covered),
                    total=len(people),
                    ratio=percent(ratio),
                    minimum=percent(p.min_ratio),
                    due=due,
                )


# -- 书记培训 -----------------------------------------------------------------------------------


class TrainingParams(Params):
    """How soon a new secretary is trained, and the yearly hours of secretaries and committees."""

    first_within_months: int = Field(default=6, ge=0, title="新任书记培训期限（月）")
    annual_hours: Decimal = Field(default=Decimal(56), ge=0, title="每年培训学时")


def _leader_roles(ctx: RuleContext[Any]) -> dict[str, list[PartyRole]]:
    """Person id → their secretary and committee roles (not in party groups) starting on or
    before ``as_of``, by start date."""

    def build() -> dict[str, list[PartyRole]]:
        index = ctx.index
        out: dict[str, list[PartyRole]] = defaultdict(list)
        for r in sorted(index.ledger.party_roles, key=lambda r: (r.start, r.id)):
            org = index.orgs.get(r.org_id)
            in_group = org is None or org.kind is OrgKind.GROUP
            if r.role in _LEADER_ROLES and r.start <= ctx.as_of and not in_group:
                out[r.person_id].append(r)
        return dict(out)

    return ctx.index.memo("leadership.leader_roles", build)


def _new_secretary_roles(roles: Sequence[PartyRole]) -> list[PartyRole]:
    """Secretary roles by which a person takes office: not held as a secretary the day
    before; one per start date."""
    secretary = [r for r in roles if r.role is Role.SECRETARY]
    out: dict[date, PartyRole] = {}
    for r in secretary:
        before = r.start - timedelta(days=1)
        held = any(o.start <= before and (o.end is None or before <= o.end) for o in secretary)
        if not held:
            out.setdefault(r.start, r)
    return list(out.values())


def _first_training(ctx: RuleContext[TrainingParams], person: str) -> Iterator[Finding]:
    p = ctx.params
    secretary_trainings = _secretary_trainings(ctx).get(person, [])
    for role in _new_secretary_roles(_leader_roles(ctx).get(person, [])):
        due = deadline(role.start, months=p.first_within_months)
        if role.start not in ctx.window and due not in ctx.window:
            continue
        period = Period.span(role.start, due)
        done = [
            (day, tid)
            for day, tid in secretary_trainings
            if role.start <= day <= min(due, ctx.as_of)
        ]
        if done:
            status, reason = Status.PASS, None
        elif due > ctx.as_of:
            status, reason = Status.NOT_APPLICABLE, "not_yet_due"
        else:
            status, reason = Status.FAIL, None
        yield ctx.finding(
            person,
            SubjectKind.PERSON,
            period,
            status,
            facet="first_training",
            reason=reason,
            measured=done[0][0] if done else None,
            expected=due,
            evidence=[role.id, *(tid for _, tid in done[:1])],
            key=f"{status.value}_first" if reason is None else None,
            due_on=due,
            org=ctx.index.name_of(role.org_id) or role.org_id,
            start=role.start,
        )


def _secretary_trainings(ctx: RuleContext[Any]) -> dict[str, list[tuple[date, str]]]:
    """Person id → (date, id) of their secretary trainings (书记培训), by date."""

    def build() -> dict[str, list[tuple[date, str]]]:
        out: dict[str, list[tuple[date, str]]] = defaultdict(list)
        for t in ctx.index.ledger.trainings:
            if t.kind is TrainingKind.SECRETARY:
                out[t.person_id].append((t.date, t.id))
        return {pid: sorted(rows) for pid, rows in out.items()}

    return ctx.index.memo("leadership.secretary_trainings", build)


def _days_in_office(roles: Sequence[PartyRole], year: Period) -> int:
    """Days of ``year`` on which at least one of ``roles`` is held (overlaps merged)."""
    spans = sorted(
        (max(r.start, year.start), min(r.end or year.end, year.end))
        for r in roles
        if r.start <= year.end and (r.end is None or r.end >= year.start)
    )
    days, cursor = 0, year.start - timedelta(days=1)
    for start, end in spans:
        start = max(start, cursor + timedelta(days=1))
        if end >= start:
            days += (end - start).days + 1
            cursor = end
    return days


def _annual_hours(ctx: RuleContext[TrainingParams], person: str) -> Iterator[Finding]:
    p = ctx.params
    roles = _leader_roles(ctx).get(person, [])
    records = ctx.index.study_hours().get(person, [])
    for jp in judged_periods(Cadence.YEAR, ctx.window, ctx.as_of):
        year = jp.period
        days = _days_in_office(roles, year)
        if days == 0:
            continue
        required = (p.annual_hours * days / year.days).quantize(_CENT, ROUND_HALF_UP)
        last = min(year.end, ctx.as_of)
        counted = [(r.hours, r.id) for r in records if year.start <= r.day <= last]
        hours = sum((h for h, _ in counted), Decimal(0))
        if hours >= required:
            status, reason = Status.PASS, None
        elif not jp.due:
            status, reason = Status.NOT_APPLICABLE, "not_yet_due"
        else:
            status, reason = Status.FAIL, None
        yield ctx.finding(
            person,
            SubjectKind.PERSON,
            year,
            status,
            facet="annual_hours",
            reason=reason,
            measured=hours,
            expected=required,
            evidence=sorted({rid for _, rid in counted}),
            key=f"{status.value}_hours" if reason is None else None,
            days=days,
        )


@rule(
    "leadership.secretary_training",
    title=("书记和支委按要求参加培训", "Secretaries and committee members are trained"),
    scope=Scope.PERSON,
    source="2019–2023 培训规划 [N2]",
    params=TrainingParams(),
    messages={
        "pass_first": (
            "{start} 任{org}书记，已于 {measured} 参加书记培训（期限 {expected}）",
            "secretary of {org} from {start}, trained on {measured} (due {expected})",
        ),
        "fail_first": (
            "{start} 任{org}书记，{expected} 前未参加书记培训",
            "secretary of {org} from {start}, not trained by {expected}",
        ),
        "pass_hours": (
            "本年培训 {measured} 学时（要求 {expected} 学时）",
            "{measured} hours of training (required {expected})",
        ),
        "fail_hours": (
            "本年培训仅 {measured} 学时（要求 {expected} 学时，在任 {days} 天）",
            "only {measured} hours of training (required {expected}, {days} days in office)",
        ),
    },
)
def secretary_training(ctx: RuleContext[TrainingParams]) -> Iterator[Finding]:
    """Two facets per person (subject: the person).

    ``first_training``: a person taking office as a secretary (书记) of any organisation — a
    secretary role starting on a day they held no secretary role the day before — takes a
    secretary training (``TrainingKind.SECRETARY``) dated from the role's start to
    ``first_within_months`` (6) months after it, that day included.  Judged when the start or
    that deadline lies inside the window (and the start on or before ``as_of``); the period is
    the span from the start to the deadline, so the finding keeps its key across windows.
    Not trained and the deadline after ``as_of`` → ``not_applicable`` (``not_yet_due``).
    ``measured`` = the first such training's date, ``expected`` = the deadline.

    ``annual_hours``: per judged year, every person holding a secretary, deputy-secretary or
    committee-duty role (any organisation but a party group) on some day of it has
    ``annual_hours`` (56) 学时, pro rata: 56 × days in office in the year / days of the year
    (open-ended roles run to the year's end), rounded half-up to 0.01.  Hours are those of
    all the person's trainings (any kind) and of every meeting recording ``hours`` whose
    attendance list names them, dated in the year and on or before ``as_of``.  The current
    year passes when already met, else ``not_yet_due``.  ``measured`` = hours (``Decimal``),
    ``expected`` = the required hours; evidence = the counted trainings and meetings."""
    for person in sorted(_leader_roles(ctx)):
        yield from _first_training(ctx, person)
        yield from _annual_hours(ctx, person)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    dual_leader_qualified,
    dual_leader_coverage,
    contact_coverage,
    secretary_training,
)
