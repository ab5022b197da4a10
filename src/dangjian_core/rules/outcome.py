"""``outcome.*`` — what the work achieved: metrics that schemes score, never pass/fail.

The shared reading of every metric is ``_METRIC_NOTE`` below, appended to each rule's
description so that the generated docs state it.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Context, DivisionByZero, InvalidOperation, Overflow, localcontext
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import Field

from .._format import percent
from ..model import AwardLevel, Meeting, MeetingKind, Metric, Organization, OrgKind
from ..model.index import LedgerIndex
from ._finding import Finding, Severity, Status, SubjectKind
from ._rule import NoParams, Params, Rule, RuleContext, Scope, rule

__all__ = ["EmploymentParams"]

R = TypeVar("R")

#: Award levels from the highest down; an achievement counts once at its highest level.
LEVELS: tuple[AwardLevel, ...] = (
    AwardLevel.NATIONAL,
    AwardLevel.PROVINCIAL,
    AwardLevel.MUNICIPAL,
    AwardLevel.SCHOOL,
)
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


class EmploymentParams(Params):
    """Which metric holds the employment rate."""

    metric_name: str = Field(default="employment_rate", min_length=1, title="指标名称")


_METRIC_NOTE = """
A metric never fails: its finding is ``pass`` carrying the computed value in ``measured``
(``expected`` is ``None``), or ``not_applicable`` (``no_data``) when the ledger cannot give
the value.  One finding per subject for the whole window; records dated after ``as_of`` are
ignored.  Department metrics take the records of the organisations in the department's
subtree, plus — when the ledger has exactly one department — the records without an
organisation.  An organisation dissolved before the window starts has no finding; one
founded after the window's end (or after ``as_of``) is ``not_applicable`` (``not_founded``).
"""

_F = TypeVar("_F", bound=Callable[..., Any])


def _described(*notes: str) -> Callable[[_F], _F]:
    """Append shared notes to a rule function's docstring (it becomes the docs page)."""

    def apply(func: _F) -> _F:
        parts = [inspect.cleandoc(func.__doc__ or ""), *(inspect.cleandoc(n) for n in notes)]
        func.__doc__ = "\n\n".join(parts)
        return func

    return apply


# -- shared helpers --------------------------------------------------------------------------
def _last_day(ctx: RuleContext[Any]) -> date:
    """The last day records count: the window's end, or ``as_of`` when earlier."""
    return min(ctx.window.end, ctx.as_of)


def _subjects(ctx: RuleContext[Any], orgs: Iterable[Organization]) -> Iterator[Organization]:
    """The organisations not dissolved before the window starts (callers then give those
    founded after its last day a ``not_founded`` finding, see :func:`_not_founded`)."""
    for org in orgs:
        if org.dissolved is not None and org.dissolved < ctx.window.start:
            continue
        yield org


def _not_founded(ctx: RuleContext[Any], org: Organization) -> Finding | None:
    if org.founded is not None and org.founded > _last_day(ctx):
        return ctx.not_applicable(
            org.id, SubjectKind.ORGANIZATION, ctx.window_period, "not_founded"
        )
    return None


def _by_department(
    index: LedgerIndex, key: str, records: Iterable[R], org_of: Callable[[R], str | None]
) -> dict[str, list[R]]:
    """Records by the department organisations they belong to (their organisation's chain;
    records without an organisation go to the only department, if there is one)."""

    def build() -> dict[str, list[R]]:
        departments = {d.id for d in index.departments}
        single = index.departments[0].id if len(index.departments) == 1 else None
        out: dict[str, list[R]] = defaultdict(list)
        for record in records:
            org_id = org_of(record)
            if org_id is None:
                if single is not None:
                    out[single].append(record)
                continue
            for oid in index.org_chain(org_id):
                if oid in departments:
                    out[oid].append(record)
        return out

    return index.memo(f"outcome.{key}", build)


#: Shares are shown through decimals: 60 digits hold any value the ledger admits (a metric is
#: at most 10^12 in size, 20 places), whatever context the caller set.
_SHARE_CONTEXT = Context(prec=60, traps=[InvalidOperation, DivisionByZero, Overflow])


def _percent(value: Fraction) -> str:
    """:func:`percent` in this module's own decimal context."""
    with localcontext(_SHARE_CONTEXT):
        return percent(value)


def _metric_finding(
    ctx: RuleContext[Any],
    org: Organization,
    measured: Any,
    evidence: Iterable[str],
    **context: Any,
) -> Finding:
    return ctx.finding(
        org.id,
        SubjectKind.ORGANIZATION,
        ctx.window_period,
        Status.PASS,
        measured=measured,
        expected=None,
        evidence=evidence,
        **context,
    )



# -- department metrics ----------------------------------------------------------------------
@rule(
    "outcome.task_completion",
    title=("计划任务完成率", "Share of planned tasks done"),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="[S]",
    params=NoParams(),
    messages={
        "pass": (
            "任务完成率 {rate}（完成 {done} 项，已到期计划 {planned} 项）",
            "task completion {rate} ({done} of {planned} due)",
        ),
        "not_applicable": ("本期没有计划任务（{reason}）", "no planned task ({reason})"),
        "not_yet_due": (
            "本期计划任务 {later} 项均未到期",
            "none of the {later} planned tasks is due yet",
        ),
    },
)
@_described(_METRIC_NOTE)
def task_completion(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every department: the tasks of its subtree due in the window and on or before
    ``as_of``, each weighted by its ``count`` (a row may bundle several tasks); ``measured`` =
    done / due as a ``Fraction``, where done means ``done_on`` on or before ``as_of``.  A task
    due after ``as_of`` is not yet due and leaves the denominator — and the numerator, even
    when already done early, so that the rate never exceeds 1: at 30 June, 80 June tasks done
    and 83 more due in December measure 80/80, not 80/163.  Tasks due in the window but none
    yet due → ``not_applicable`` (``not_yet_due``); no task due in the window at all →
    ``not_applicable`` (``no_data``).  Evidence: the tasks due."""
    index = ctx.index
    tasks = _by_department(index, "tasks", index.ledger.tasks, lambda t: t.org_id)
    for org in _subjects(ctx, index.departments):
        if (na := _not_founded(ctx, org)) is not None:
            yield na
            continue
        planned = [t for t in tasks.get(org.id, ()) if t.due in ctx.window]
        due = [t for t in planned if t.due <= ctx.as_of]
        total = sum(t.count for t in due)
        if total == 0:
            later = sum(t.count for t in planned)
            reason = "not_yet_due" if later else "no_data"
            yield ctx.not_applicable(
                org.id, SubjectKind.ORGANIZATION, ctx.window_period, reason, later=later
            )
            continue
        done = sum(t.count for t in due if t.done_on is not None and t.done_on <= ctx.as_of)
        rate = Fraction(done, total)
        yield _metric_finding(
            ctx, org, rate, sorted(t.id for t in due), rate=_percent(rate), done=done, planned=total
        )


@rule(
    "outcome.awards",
    title=(
        "获奖情况（按级别计，同一成果按最高级别计一次）",
        "Awards by level, each achievement once",
    ),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="[S]; counting rule [L]",
    params=NoParams(),
    messages={
        "pass": (
            "获奖：国家级 {national} 项、省级 {provincial} 项、市级 {municipal} 项、校级 {school} 项",
            "awards: national {national}, provincial {provincial}, municipal {municipal}, "
            "school {school}",
        ),
    },
)
@_described(_METRIC_NOTE)
def awards(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every department: its awards dated in the window and on or before ``as_of`` (of
    organisations in its subtree, or without an organisation when the ledger has one
    department), counted by level.  Awards sharing an ``achievement_key`` are one achievement,
    counted once at its highest level (national > provincial > municipal > school); awards
    without a key count one by one.  ``measured`` is ``{level: count}`` with all four levels
    (``national``, ``provincial``, ``municipal``, ``school``).  ``not_applicable``
    (``no_data``) only when the ledger records no award at all; a department without awards
    in the window measures zeros.  Evidence: the award counted for each achievement."""
    index = ctx.index
    if not index.ledger.awards:
        yield from _no_data(ctx, index.departments)
        return
    by_dept = _by_department(index, "awards", index.ledger.awards, lambda a: a.org_id)
    last = _last_day(ctx)
    for org in _subjects(ctx, index.departments):
        if (na := _not_founded(ctx, org)) is not None:
            yield na
            continue
        best: dict[str, Any] = {}
        for award in by_dept.get(org.id, ()):
            if not ctx.window.start <= award.date <= last:
                continue
            key = award.achievement_key or f"\0{award.id}"
            rank = (_RANK[award.level], award.date, award.id)
            if key not in best or rank < (_RANK[best[key].level], best[key].date, best[key].id):
                best[key] = award
        counts = {level.value: 0 for level in LEVELS}
        for award in best.values():
            counts[award.level.value] += 1
        yield _metric_finding(ctx, org, counts, sorted(a.id for a in best.values()), **counts)


def _no_data(ctx: RuleContext[Any], orgs: Iterable[Organization]) -> Iterator[Finding]:
    for org in _subjects(ctx, orgs):
        yield _not_founded(ctx, org) or ctx.not_applicable(
            org.id, SubjectKind.ORGANIZATION, ctx.window_period, "no_data"
        )


def _share(metric: Metric) -> Fraction | None:
    """A share metric's exact value: its counts when both are recorded (they are the
    evidence a rounded ``value`` was computed from), else its ``value``; ``None`` when the
    counts say there is nobody to count (a zero denominator)."""
    if metric.numerator is not None and metric.denominator is not None:
        if metric.denominator == 0:
            return None
        return Fraction(metric.numerator, metric.denominator)
    return Fraction(metric.value)


@rule(
    "outcome.employment_rate",
    title=("毕业生就业率", "Graduate employment rate"),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="[S]",
    params=EmploymentParams(),
    messages={
        "pass": ("就业率 {rate}{detail_zh}", "employment rate {rate}{detail_en}"),
        "not_applicable": ("台账中没有就业率数据", "no employment rate recorded"),
    },
)
@_described(_METRIC_NOTE)
def employment_rate(ctx: RuleContext[EmploymentParams]) -> Iterator[Finding]:
    """Every department: the share of graduates employed, from the latest metric named
    ``metric_name`` (default ``employment_rate``) of its subtree whose ``end`` lies in the
    window and on or before ``as_of`` (latest by end, then start, then id).  The metric is a
    share in [0, 1] (96% is 0.96; a value above 1 is refused when the ledger loads, it is
    never guessed to be a percent).  Recorded counts win over the recorded value: with
    ``numerator`` and ``denominator`` both recorded, ``measured`` = numerator / denominator
    (576/600 → 0.96 whatever ``value`` says), else the ``value``; either way an exact
    ``Fraction``.  Counts with a zero denominator (no graduates) → ``not_applicable``
    (``no_data``).  The message shows the share as a percentage (0.875 → 87.5%), the counts
    when used, and the cohort.  No metric → ``not_applicable`` (``no_data``).  Evidence: the
    metric."""
    index = ctx.index
    name = ctx.params.metric_name
    metrics = _by_department(
        index,
        f"metrics.{name}",
        [m for m in index.ledger.metrics if m.name == name],
        lambda m: m.org_id,
    )
    last = _last_day(ctx)
    for org in _subjects(ctx, index.departments):
        if (na := _not_founded(ctx, org)) is not None:
            yield na
            continue
        found = [m for m in metrics.get(org.id, ()) if ctx.window.start <= m.end <= last]
        if not found:
            yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, ctx.window_period, "no_data")
            continue
        latest = max(found, key=lambda m: (m.end, m.start, m.id))
        share = _share(latest)
        if share is None:
            yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, ctx.window_period, "no_data")
            continue
        zh, en = [], []
        if latest.numerator is not None and latest.denominator is not None:
            zh.append(f"就业 {latest.numerator} 人，毕业 {latest.denominator} 人")
            en.append(f"{latest.numerator} of {latest.denominator}")
        if latest.cohort:
            zh.append(latest.cohort)
            en.append(f"cohort {latest.cohort}")
        yield _metric_finding(
            ctx,
            org,
            share,
            [latest.id],
            rate=_percent(share),
            detail_zh=f"（{'，'.join(zh)}）" if zh else "",
            detail_en=f" ({', '.join(en)})" if en else "",
        )


@rule(
    "outcome.projects",
    title=("课题申报与立项", "Projects applied for and approved"),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="[S]",
    params=NoParams(),
    messages={
        "pass": (
            "课题立项 {approved} 项，申报 {applied} 项",
            "{approved} approved, {applied} applied",
        ),
    },
)
@_described(_METRIC_NOTE)
def projects(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every department: ``measured`` = ``{"approved": n, "applied": m}`` over the projects of
    its subtree — ``applied`` counts those applied for in the window, ``approved`` those
    approved in the window (whenever applied), both on or before ``as_of``.
    ``not_applicable`` (``no_data``) only when the ledger records no project at all.
    Evidence: the projects counted."""
    index = ctx.index
    if not index.ledger.projects:
        yield from _no_data(ctx, index.departments)
        return
    by_dept = _by_department(index, "projects", index.ledger.projects, lambda p: p.org_id)
    last = _last_day(ctx)
    for org in _subjects(ctx, index.departments):
        if (na := _not_founded(ctx, org)) is not None:
            yield na
            continue
        mine = by_dept.get(org.id, ())
        applied = [p for p in mine if ctx.window.start <= p.applied_on <= last]
        approved = [
            p
            for p in mine
            if p.approved_on is not None and ctx.window.start <= p.approved_on <= last
        ]
        measured = {"approved": len(approved), "applied": len(applied)}
        evidence = sorted({p.id for p in (*applied, *approved)})
        yield _metric_finding(ctx, org, measured, evidence, **measured)


# -- branch metrics --------------------------------------------------------------------------
def _meetings_by_org(index: LedgerIndex) -> dict[str, list[Meeting]]:
    def build() -> dict[str, list[Meeting]]:
        out: dict[str, list[Meeting]] = defaultdict(list)
        for m in index.ledger.meetings:
            for org_id in dict.fromkeys(m.org_ids):
                out[org_id].append(m)
        for items in out.values():
            items.sort(key=lambda m: (m.date, m.id))
        return out

    return index.memo("outcome.meetings_by_org", build)


def _branch_counts(ctx: RuleContext[Any], wanted: Callable[[Meeting], bool]) -> Iterator[Finding]:
    """One finding per branch: the number of its meetings in the window (≤ ``as_of``) that
    ``wanted`` selects; ``no_data`` for every branch when the ledger has no such meeting."""
    index = ctx.index
    branches = index.of_kind(OrgKind.BRANCH)
    if not any(wanted(m) for m in index.ledger.meetings):
        yield from _no_data(ctx, branches)
        return
    meetings = _meetings_by_org(index)
    last = _last_day(ctx)
    for org in _subjects(ctx, branches):
        if (na := _not_founded(ctx, org)) is not None:
            yield na
            continue
        counted = [
            m.id
            for m in meetings.get(org.id, ())
            if ctx.window.start <= m.date <= last and wanted(m)
        ]
        yield _metric_finding(ctx, org, len(counted), counted)


@rule(
    "outcome.open_activities",
    title=("面向师生开放的支部活动", "Branch activities open to non-members"),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="[L]",
    params=NoParams(),
    messages={"pass": ("开放活动 {measured} 次", "{measured} open activities")},
)
@_described(_METRIC_NOTE)
def open_activities(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every branch: the number of its meetings and activities in the window (on or before
    ``as_of``) marked ``open_to_non_members``, or of kind 开放活动 (``open_activity``).
    ``not_applicable`` (``no_data``) only when the ledger records no such activity at all;
    otherwise a branch without any measures 0.  Evidence: the activities."""
    yield from _branch_counts(
        ctx, lambda m: m.open_to_non_members or m.kind is MeetingKind.OPEN_ACTIVITY
    )


@rule(
    "outcome.publicity_items",
    title=("支部宣传报道", "Branch publicity items"),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="[L]",
    params=NoParams(),
    messages={"pass": ("宣传报道 {measured} 篇", "{measured} publicity items")},
)
@_described(_METRIC_NOTE)
def publicity_items(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every branch: the number of its publicity records (宣传) and new-media posts (推文) in
    the window (on or before ``as_of``).  ``not_applicable`` (``no_data``) only when the
    ledger records none at all; otherwise a branch without any measures 0.  Evidence: the
    records."""
    kinds = {MeetingKind.PUBLICITY, MeetingKind.MEDIA_POST}
    yield from _branch_counts(ctx, lambda m: m.kind in kinds)


@rule(
    "outcome.member_contacts",
    title=("党员联系服务群众", "Members' contacts with students and colleagues"),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="[L]",
    params=NoParams(),
    messages={"pass": ("联系服务群众 {measured} 次", "{measured} member contacts")},
)
@_described(_METRIC_NOTE)
def member_contacts(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every branch: the number of its 联系服务群众 records (``member_contact``) in the window
    (on or before ``as_of``).  ``not_applicable`` (``no_data``) only when the ledger records
    none at all; otherwise a branch without any measures 0.  Evidence: the records."""
    yield from _branch_counts(ctx, lambda m: m.kind is MeetingKind.MEMBER_CONTACT)


@rule(
    "outcome.service_activities",
    title=("支部志愿服务活动", "Branch service activities"),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="[L]",
    params=NoParams(),
    messages={"pass": ("志愿服务活动 {measured} 次", "{measured} service activities")},
)
@_described(_METRIC_NOTE)
def service_activities(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """Every branch: the number of its service activities (志愿服务, ``service``) in the window
    (on or before ``as_of``).  ``not_applicable`` (``no_data``) only when the ledger records
    none at all; otherwise a branch without any measures 0.  Evidence: the activities."""
    yield from _branch_counts(ctx, lambda m: m.kind is MeetingKind.SERVICE)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    task_completion,
    awards,
    employment_rate,
    projects,
    open_activities,
    publicity_items,
    member_contacts,
    service_activities,
)
