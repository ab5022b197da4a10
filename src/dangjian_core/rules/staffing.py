"""``staffing.*`` — posts and ratios of a department or the school (43号令, 46号令, 学生党建标准).

These rules judge a *state* — who holds which post, how many students there are — once per
period of ``per`` (default: the calendar year).  The shared readings (cadence, where a post
counts, where head counts come from) are the ``_…_NOTE`` texts below, appended to each rule's
description so that the generated docs state them.
"""

from __future__ import annotations

import bisect
import inspect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, NamedTuple, TypeVar

from pydantic import Field

from .._format import percent
from ..model import Headcount, Organization, OrgKind, PersonCategory, Post, PostKind, Society
from ..model.index import LedgerIndex
from ._common import StateParams, judged_states
from ._finding import Finding, Status, SubjectKind
from ._rule import Rule, RuleContext, Scope, rule

__all__ = [
    "CounselorRatioParams",
    "IdeologyTeacherRatioParams",
    "OrganiserParams",
    "PartyStaffRatioParams",
]


_F = TypeVar("_F", bound=Callable[..., Any])


# -- parameters ------------------------------------------------------------------------------
class CounselorRatioParams(StateParams):
    """辅导员 ratio: ``students_per_counselor`` students per counsellor; part-time ones count
    ``1 / part_time_divisor``."""

    students_per_counselor: int = Field(default=200, ge=1, title="每名辅导员对应学生数")
    part_time_divisor: int = Field(default=3, ge=1, title="兼职辅导员折算（几名折合一名专职）")


class IdeologyTeacherRatioParams(StateParams):
    """思政课教师 ratio: one full-time teacher per ``students_per_teacher`` full-time students."""

    students_per_teacher: int = Field(default=350, ge=1, title="每名思政课教师对应全日制学生数")


class PartyStaffRatioParams(StateParams):
    """党务/思政工作人员: at least ``percent`` % of teachers, staff and students."""

    percent: Decimal = Field(default=Decimal(1), gt=0, title="占师生员工总数的百分比")


class OrganiserParams(StateParams):
    """专职组织员: at least ``min`` full-time organisers."""

    min: int = Field(default=1, ge=1, title="最少专职组织员人数")


def _num(value: Fraction) -> str:
    """A count for a message: ``13`` or ``13.33``."""
    if value.denominator == 1:
        return str(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal('0.01'), ROUND_HALF_UP).normalize():f}"



_STATE_NOTE = """
Cadence: judged once per period of ``per`` (default: the calendar year; ``month``,
``quarter``, ``half_year`` or ``semester`` may be set), on the period's last day.  A state is
judged now: the period that contains ``as_of`` is judged on ``as_of`` itself, ``pass`` or
``fail``, never ``not_yet_due`` (an inspector visiting in June fails a department with no
organiser in June).
"""

_PLACEMENT_NOTE = """
Where a post counts: for the organisation named by its ``unit_id`` and every organisation
above it; a post in a student society counts for the society's organisation; a post without
a unit counts where its holder belongs (``department_id``, else their branch on the day, else
the ledger's only department, else its only school committee).  A person holding several
posts of one kind counts once, full-time when any of them is.
"""

_POPULATION_NOTE = """
How many people: the unit's latest headcount dated on or before the day of judgement (later
ones are ignored); a unit without one adds up the latest headcounts of its sub-units
(recursively); with none at all, the people listed in the ledger are counted by category
(placed like posts; retired people left out; every listed student counts as full-time), and
only those present on the day of judgement: arrived (``arrived_on`` on or before it), not
left (``left_on`` not before it) and not transferred out — students who graduated in June
or arrive next year are not counted in December.
"""


def _described(*notes: str) -> Callable[[_F], _F]:
    """Append shared notes to a rule function's docstring (it becomes the docs page)."""

    def apply(func: _F) -> _F:
        parts = [inspect.cleandoc(func.__doc__ or ""), *(inspect.cleandoc(n) for n in notes)]
        func.__doc__ = "\n\n".join(parts)
        return func

    return apply


# -- where posts and people belong -----------------------------------------------------------
def _societies(index: LedgerIndex) -> dict[str, Society]:
    return index.memo("staffing.societies", lambda: {s.id: s for s in index.ledger.societies})


def _default_chain(index: LedgerIndex) -> tuple[str, ...]:
    def build() -> tuple[str, ...]:
        if len(index.departments) == 1:
            return index.org_chain(index.departments[0].id)
        schools = index.of_kind(OrgKind.SCHOOL_COMMITTEE)
        return (schools[0].id,) if len(schools) == 1 else ()

    return index.memo("staffing.default_chain", build)


def _person_chain(index: LedgerIndex, person_id: str, day: date) -> tuple[str, ...]:
    """The organisations a person belongs to for staffing counts."""
    person = index.people.get(person_id)
    if person is not None and person.department_id is not None:
        return index.org_chain(person.department_id)
    branch = index.branch_of(person_id, day)
    if branch is not None:
        return index.org_chain(branch)
    return _default_chain(index)


def _post_chain(index: LedgerIndex, post: Post, day: date) -> tuple[str, ...]:
    """The organisations a post counts for."""
    if post.unit_id is not None:
        if post.unit_id in index.orgs:
            return index.org_chain(post.unit_id)
        society = _societies(index).get(post.unit_id)
        if society is not None:
            return index.org_chain(society.org_id)
    return _person_chain(index, post.person_id, day)


def _holders(index: LedgerIndex, kind: PostKind, unit_id: str, day: date) -> dict[str, list[Post]]:
    """Holders of posts of ``kind`` counting for ``unit_id`` on ``day``: person → posts."""

    def build() -> dict[str, dict[str, list[Post]]]:
        out: dict[str, dict[str, list[Post]]] = defaultdict(lambda: defaultdict(list))
        for post in index.posts_on(kind, day):
            for org_id in _post_chain(index, post, day):
                out[org_id][post.person_id].append(post)
        return out

    by_org = index.memo(f"staffing.holders.{kind.value}.{day.isoformat()}", build)
    return by_org.get(unit_id, {})


def _full_time(holders: dict[str, list[Post]]) -> dict[str, list[Post]]:
    """The holders with at least one full-time post."""
    return {pid: posts for pid, posts in holders.items() if any(p.full_time for p in posts)}


def _post_ids(*groups: dict[str, list[Post]]) -> list[str]:
    return sorted({p.id for holders in groups for posts in holders.values() for p in posts})


# -- how many people -------------------------------------------------------------------------
class _Population(NamedTuple):
    students: int
    full_time_students: int
    teachers: int
    staff: int
    evidence: tuple[str, ...]  # the headcounts used (empty when people were counted)


def _headcounts(index: LedgerIndex) -> dict[str, tuple[list[date], list[Headcount]]]:
    def build() -> dict[str, tuple[list[date], list[Headcount]]]:
        groups: dict[str, list[Headcount]] = defaultdict(list)
        for h in index.ledger.headcounts:
            groups[h.unit_id].append(h)
        out = {}
        for unit, items in groups.items():
            items.sort(key=lambda h: (h.date, h.id))
            out[unit] = ([h.date for h in items], items)
        return out

    return index.memo("staffing.headcounts", build)


def _unit_headcounts(index: LedgerIndex, unit_id: str, day: date) -> list[Headcount]:
    """The unit's latest headcount on or before ``day``, else those of its sub-units."""
    found = _headcounts(index).get(unit_id)
    if found is not None:
        dates, items = found
        position = bisect.bisect_right(dates, day)
        if position:
            return [items[position - 1]]
    out: list[Headcount] = []
    for child in index.children.get(unit_id, ()):
        if index.alive(child, day):
            out.extend(_unit_headcounts(index, child.id, day))
    return out


def _people_counts(index: LedgerIndex, day: date) -> dict[str, Counter[PersonCategory]]:
    """People listed in the ledger, by organisation and category, on ``day``: only those
    present that day (:meth:`LedgerIndex.present` — arrived, not yet left, not transferred
    out), so that June's graduates and next year's freshmen are not counted in December."""

    def build() -> dict[str, Counter[PersonCategory]]:
        out: dict[str, Counter[PersonCategory]] = defaultdict(Counter)
        for person in index.ledger.people:
            if not index.present(person, day):
                continue
            if person.retirement_date is not None and person.retirement_date <= day:
                continue
            for org_id in _person_chain(index, person.id, day):
                out[org_id][person.category] += 1
        return out

    return index.memo(f"staffing.people_counts.{day.isoformat()}", build)


def _population(index: LedgerIndex, unit_id: str, day: date) -> _Population:
    counts = _unit_headcounts(index, unit_id, day)
    if counts:
        return _Population(
            students=sum(h.students for h in counts),
            full_time_students=sum(
                h.students if h.full_time_students is None else h.full_time_students for h in counts
            ),
            teachers=sum(h.teachers for h in counts),
            staff=sum(h.staff for h in counts),
            evidence=tuple(h.id for h in counts),
        )
    people = _people_counts(index, day).get(unit_id, Counter())
    students = people[PersonCategory.STUDENT]
    return _Population(
        students=students,
        full_time_students=students,
        teachers=people[PersonCategory.TEACHER],
        staff=people[PersonCategory.STAFF],
        evidence=(),
    )


def _school_figures_missing(index: LedgerIndex, org: Organization) -> bool:
    """A school is judged only on its own figures: a ledger that holds one department (with
    the school committee as its root) says nothing about the school's whole staffing."""
    return org.kind is OrgKind.SCHOOL_COMMITTEE and org.id not in _headcounts(index)


def _school_and_departments(index: LedgerIndex) -> list[Organization]:
    chosen = {o.id: o for o in index.of_kind(OrgKind.SCHOOL_COMMITTEE)}
    for dept in index.departments:
        chosen.setdefault(dept.id, dept)
    return list(chosen.values())


# -- rules -----------------------------------------------------------------------------------
@rule(
    "staffing.counselor_ratio",
    title=("辅导员按师生比不低于 1:200 配备", "At least one counsellor per 200 students"),
    scope=Scope.DEPARTMENT,
    source="43号令 [N2]",
    params=CounselorRatioParams(),
    messages={
        "pass": (
            "辅导员折合 {achieved} 名（专职 {full} 名、兼职 {part} 名），学生 {students} 名，"
            "应配 {required} 名，配备率 {rate}",
            "{achieved} counsellors ({full} full-time, {part} part-time) for {students} "
            "students, {required} required ({rate})",
        ),
        "fail": (
            "辅导员配备不足：折合 {achieved} 名（专职 {full} 名、兼职 {part} 名），学生 {students} 名，"
            "按 1:{per_counselor} 应配 {required} 名，配备率 {rate}",
            "too few counsellors: {achieved} ({full} full-time, {part} part-time) for "
            "{students} students, {required} required at 1:{per_counselor} ({rate})",
        ),
        "not_applicable": ("没有学生，不适用", "no students"),
    },
)
@_described(_STATE_NOTE, _PLACEMENT_NOTE, _POPULATION_NOTE)
def counselor_ratio(ctx: RuleContext[CounselorRatioParams]) -> Iterator[Finding]:
    """The school and every department: full-time counsellors + part-time counsellors /
    ``part_time_divisor`` ≥ students / ``students_per_counselor``, compared as exact fractions
    (1 per 200 exactly passes; 201 students with one counsellor fail).  ``measured`` is
    achieved / required (a ``Fraction``; schemes score it, e.g. linearly from 0.5 to 1.0);
    ``expected`` is 1.  Students: the ``students`` of the headcounts (see below).  No
    students → ``not_applicable`` (``no_students``).  Counsellors: holders of a counsellor post
    counting for the organisation on the day (see below).  Evidence: the counsellor posts,
    then the headcounts used.  A school committee is judged only when the ledger holds a
    headcount of the school itself (else ``not_applicable``, ``no_school_data``)."""
    p = ctx.params
    index = ctx.index
    for org in _school_and_departments(index):
        for j in judged_states(ctx, p.per, founded=org.founded, dissolved=org.dissolved):
            if _school_figures_missing(index, org):
                yield ctx.not_applicable(
                    org.id, SubjectKind.ORGANIZATION, j.period, "no_school_data"
                )
                continue
            population = _population(index, org.id, j.day)
            if population.students == 0:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, j.period, "no_students")
                continue
            holders = _holders(index, PostKind.COUNSELOR, org.id, j.day)
            full = len(_full_time(holders))
            part = len(holders) - full
            achieved = full + Fraction(part, p.part_time_divisor)
            required = Fraction(population.students, p.students_per_counselor)
            ratio = achieved / required
            status = Status.PASS if achieved >= required else Status.FAIL
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                j.period,
                status,
                due=j.due,
                measured=ratio,
                expected=Fraction(1),
                evidence=[*_post_ids(holders), *population.evidence],
                achieved=_num(achieved),
                full=full,
                part=part,
                students=population.students,
                required=_num(required),
                rate=percent(ratio),
                per_counselor=p.students_per_counselor,
            )


@rule(
    "staffing.ideology_teacher_ratio",
    title=(
        "思政课专职教师按 1:350 配备",
        "At least one full-time ideology teacher per 350 students",
    ),
    scope=Scope.SCHOOL,
    source="46号令 [N2]",
    params=IdeologyTeacherRatioParams(),
    messages={
        "pass": (
            "专职思政课教师 {teachers} 名，全日制学生 {students} 名，应配 {required} 名",
            "{teachers} full-time ideology teachers for {students} students, {required} required",
        ),
        "fail": (
            "专职思政课教师不足：{teachers} 名，全日制学生 {students} 名，"
            "按 1:{per_teacher} 应配 {required} 名，配备率 {rate}",
            "too few ideology teachers: {teachers} for {students} students, {required} "
            "required at 1:{per_teacher} ({rate})",
        ),
        "not_applicable": ("没有全日制学生，不适用", "no full-time students"),
    },
)
@_described(_STATE_NOTE, _PLACEMENT_NOTE, _POPULATION_NOTE)
def ideology_teacher_ratio(ctx: RuleContext[IdeologyTeacherRatioParams]) -> Iterator[Finding]:
    """Every school committee: full-time ideology-course teachers (思政课教师 posts with
    ``full_time``) in the school ≥ full-time students / ``students_per_teacher``, exact
    fractions (350 students with one teacher pass).  Full-time students: the headcount's
    ``full_time_students``, or its ``students`` where that is empty; without a headcount, the
    students listed in the ledger.  Part-time teachers do not count.  ``measured`` is
    achieved / required, ``expected`` 1.  No full-time students → ``not_applicable``
    (``no_students``).  A school is judged only when the ledger holds a headcount of the
    school itself; otherwise ``not_applicable`` (``no_school_data``) — a department's ledger
    does not describe its school."""
    p = ctx.params
    index = ctx.index
    for org in index.of_kind(OrgKind.SCHOOL_COMMITTEE):
        for j in judged_states(ctx, p.per, founded=org.founded, dissolved=org.dissolved):
            if _school_figures_missing(index, org):
                yield ctx.not_applicable(
                    org.id, SubjectKind.ORGANIZATION, j.period, "no_school_data"
                )
                continue
            population = _population(index, org.id, j.day)
            students = population.full_time_students
            if students == 0:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, j.period, "no_students")
                continue
            holders = _full_time(_holders(index, PostKind.IDEOLOGY_TEACHER, org.id, j.day))
            required = Fraction(students, p.students_per_teacher)
            ratio = len(holders) / required
            status = Status.PASS if len(holders) >= required else Status.FAIL
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                j.period,
                status,
                due=j.due,
                measured=ratio,
                expected=Fraction(1),
                evidence=[*_post_ids(holders), *population.evidence],
                teachers=len(holders),
                students=students,
                required=_num(required),
                rate=percent(ratio),
                per_teacher=p.students_per_teacher,
            )


@rule(
    "staffing.party_staff_ratio",
    title=(
        "专职党务和思想政治工作人员不低于师生总数的 1%",
        "Full-time party and ideological staff are at least 1% of teachers and students",
    ),
    scope=Scope.SCHOOL,
    source="学生党建标准 [N2]",
    params=PartyStaffRatioParams(),
    messages={
        "pass": (
            "专职党务和思政工作人员 {staff_count} 名，师生员工 {base} 名，应配 {required} 名",
            "{staff_count} full-time party/ideological staff for {base} people, "
            "{required} required",
        ),
        "fail": (
            "专职党务和思政工作人员不足：{staff_count} 名，师生员工 {base} 名，"
            "按 {percent}% 应配 {required} 名",
            "too few party/ideological staff: {staff_count} for {base} people, {required} "
            "required at {percent}%",
        ),
        "not_applicable": ("没有师生人数，不适用", "no teachers, staff or students"),
    },
)
@_described(_STATE_NOTE, _PLACEMENT_NOTE, _POPULATION_NOTE)
def party_staff_ratio(ctx: RuleContext[PartyStaffRatioParams]) -> Iterator[Finding]:
    """Every school committee: full-time party-affairs staff (党务工作人员) + full-time
    counsellors (they are ideological-work staff) ≥ ``percent`` % of (teachers + other staff +
    students), exact fractions (exactly 1% passes).  Ideology-course teachers do not count; a
    person holding both posts counts once.  The base comes from the latest headcount (teachers
    + staff + students), else the people of those categories listed in the ledger.
    ``measured`` is the number of such staff, ``expected`` the exact number required
    (a ``Fraction``).  A base of 0 → ``not_applicable`` (``no_data``).  A school without a
    headcount of its own is ``not_applicable`` (``no_school_data``)."""
    p = ctx.params
    index = ctx.index
    for org in index.of_kind(OrgKind.SCHOOL_COMMITTEE):
        for j in judged_states(ctx, p.per, founded=org.founded, dissolved=org.dissolved):
            if _school_figures_missing(index, org):
                yield ctx.not_applicable(
                    org.id, SubjectKind.ORGANIZATION, j.period, "no_school_data"
                )
                continue
            population = _population(index, org.id, j.day)
            base = population.teachers + population.staff + population.students
            if base == 0:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, j.period, "no_data")
                continue
            party = _full_time(_holders(index, PostKind.PARTY_STAFF, org.id, j.day))
            counselors = _full_time(_holders(index, PostKind.COUNSELOR, org.id, j.day))
            count = len(set(party) | set(counselors))
            required = base * Fraction(p.percent) / 100
            status = Status.PASS if count >= required else Status.FAIL
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                j.period,
                status,
                due=j.due,
                measured=count,
                expected=required,
                evidence=[*_post_ids(party, counselors), *population.evidence],
                staff_count=count,
                base=base,
                required=_num(required),
                percent=f"{p.percent.normalize():f}",
            )


@rule(
    "staffing.organiser",
    title=("院系配备专职组织员", "The department has a full-time organiser"),
    scope=Scope.DEPARTMENT,
    source="学生党建标准 [N2]; seed [S]",
    params=OrganiserParams(),
    messages={
        "pass": ("专职组织员 {measured} 名", "{measured} full-time organiser(s)"),
        "fail": (
            "未配备专职组织员（要求至少 {expected} 名，实际 {measured} 名）",
            "no full-time organiser ({measured} of {expected})",
        ),
    },
)
@_described(_STATE_NOTE, _PLACEMENT_NOTE)
def organiser(ctx: RuleContext[OrganiserParams]) -> Iterator[Finding]:
    """Every department: at least ``min`` people hold a full-time organiser post (专职组织员)
    in the department organisation or any organisation below it on the period's last day (on
    ``as_of`` for the current period).  A post ending on that day is still held; one that
    ended the day before is not.  Part-time organisers do not count.  Evidence: the posts."""
    p = ctx.params
    index = ctx.index
    for org in index.departments:
        for j in judged_states(ctx, p.per, founded=org.founded, dissolved=org.dissolved):
            holders = _full_time(_holders(index, PostKind.ORGANISER, org.id, j.day))
            status = Status.PASS if len(holders) >= p.min else Status.FAIL
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                j.period,
                status,
                due=j.due,
                measured=len(holders),
                expected=p.min,
                evidence=_post_ids(holders),
            )


@rule(
    "staffing.opinion_officer",
    title=("院系设网络舆情信息员", "The department has an online-opinion officer"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=StateParams(),
    messages={
        "pass": ("网络舆情信息员 {measured} 名", "{measured} online-opinion officer(s)"),
        "fail": ("未设网络舆情信息员", "no online-opinion officer appointed"),
    },
)
@_described(_STATE_NOTE, _PLACEMENT_NOTE)
def opinion_officer(ctx: RuleContext[StateParams]) -> Iterator[Finding]:
    """Every department: someone holds an online-opinion officer post (网络舆情信息员, full- or
    part-time) in the department organisation or below on the period's last day (on ``as_of``
    for the current period).  ``measured`` is the number of holders, ``expected`` 1."""
    index = ctx.index
    for org in index.departments:
        for j in judged_states(ctx, ctx.params.per, founded=org.founded, dissolved=org.dissolved):
            holders = _holders(index, PostKind.OPINION_OFFICER, org.id, j.day)
            status = Status.PASS if bool(holders) else Status.FAIL
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                j.period,
                status,
                due=j.due,
                measured=len(holders),
                expected=1,
                evidence=_post_ids(holders),
            )


def _posts_by_person(index: LedgerIndex, kind: PostKind) -> dict[str, list[Post]]:
    def build() -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = defaultdict(list)
        for post in index.posts_by_kind.get(kind, ()):
            out[post.person_id].append(post)
        return out

    return index.memo(f"staffing.posts_by_person.{kind.value}", build)


def _held(posts: list[Post], day: date) -> list[Post]:
    return [p for p in posts if p.start <= day and (p.end is None or day <= p.end)]


def _advisor_posts(index: LedgerIndex) -> dict[str, list[Post]]:
    def build() -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = defaultdict(list)
        for post in index.posts_by_kind.get(PostKind.SOCIETY_ADVISOR, ()):
            if post.unit_id is not None:
                out[post.unit_id].append(post)
        return out

    return index.memo("staffing.advisor_posts", build)


def _advisors(index: LedgerIndex, society: Society, day: date) -> list[str]:
    """The society's advisor: ``advisor_id``, else holders of its society-advisor posts."""
    if society.advisor_id is not None:
        return [society.advisor_id]
    posts = _held(_advisor_posts(index).get(society.id, []), day)
    return sorted({post.person_id for post in posts})


@rule(
    "staffing.society_advisor",
    title=("学生社团由辅导员担任指导教师", "Every student society has a counsellor as advisor"),
    scope=Scope.SOCIETY,
    source="[S]",
    params=StateParams(),
    messages={
        "pass": ("指导教师 {advisor} 为辅导员", "advisor {advisor} is a counsellor"),
        "fail": ("指导教师 {advisor} 不是辅导员", "advisor {advisor} is not a counsellor"),
        "fail_no_advisor": ("社团未配备指导教师", "the society has no advisor"),
    },
)
@_described(_STATE_NOTE)
def society_advisor(ctx: RuleContext[StateParams]) -> Iterator[Finding]:
    """Every student society alive on the period's last day (founded on or before it, not
    dissolved before it): its advisor holds a counsellor post (full- or part-time, in any unit)
    on that day (on ``as_of`` for the current period).  The advisor is the society's
    ``advisor_id``; where that is empty, the holders of society-advisor posts whose unit is the
    society (one of them being a counsellor suffices).  No advisor → ``fail``
    (``fail_no_advisor``).  ``measured`` is the number of advisors who are counsellors,
    ``expected`` 1; evidence: their counsellor posts."""
    index = ctx.index
    counselor_posts = _posts_by_person(index, PostKind.COUNSELOR)
    for society in index.ledger.societies:
        for j in judged_states(
            ctx, ctx.params.per, founded=society.founded, dissolved=society.dissolved
        ):
            advisors = _advisors(index, society, j.day)
            posts = [p for pid in advisors for p in _held(counselor_posts.get(pid, []), j.day)]
            counselors = sorted({p.person_id for p in posts})
            status = Status.PASS if bool(counselors) else Status.FAIL
            key = "fail_no_advisor" if status is Status.FAIL and not advisors else None
            names = [index.name_of(pid) or pid for pid in (counselors or advisors)]
            yield ctx.finding(
                society.id,
                SubjectKind.SOCIETY,
                j.period,
                status,
                due=j.due,
                measured=len(counselors),
                expected=1,
                evidence=sorted(p.id for p in posts),
                key=key,
                advisor=names,
            )


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    counselor_ratio,
    ideology_teacher_ratio,
    party_staff_ratio,
    organiser,
    opinion_officer,
    society_advisor,
)
