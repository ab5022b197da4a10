"""``governance.*`` — written regulations, student-society reporting and major incidents."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import Field

from ..model import Document, DocumentKind, Incident, IncidentSeverity, Organization, SocietyEvent
from ..model.index import LedgerIndex
from ..periods import Cadence, period_of
from ._finding import Finding, Status, SubjectKind
from ._rule import NoParams, Params, Rule, RuleContext, Scope, rule

__all__ = ["RegulationParams"]

_SEED_CATEGORIES = ("党建党务", "教育教学管理", "学生教育管理", "实训实习管理", "安全")


class RegulationParams(Params):
    """The categories in which a department must have a regulation in force."""

    categories: tuple[str, ...] = Field(default=_SEED_CATEGORIES, title="必备制度类别")


def _regulations(index: LedgerIndex) -> dict[tuple[str, str], list[Document]]:
    """Regulations by (organisation id, category), built once per run."""

    def build() -> dict[tuple[str, str], list[Document]]:
        out: dict[tuple[str, str], list[Document]] = defaultdict(list)
        for doc in index.ledger.documents:
            if doc.kind is DocumentKind.REGULATION and doc.category:
                out[(doc.org_id, doc.category.strip())].append(doc)
        return dict(out)

    return index.memo("governance.regulations", build)


def _subtree(index: LedgerIndex, org_id: str) -> list[str]:
    return [org_id, *(o.id for o in index.descendants(org_id))]


def _in_force(doc: Document, day: date) -> bool:
    """Effective on or before ``day`` (undated: on file, so in force) and not repealed before
    it (a regulation repealed on ``day`` itself still counts for that day)."""
    return (doc.effective is None or doc.effective <= day) and (
        doc.repealed is None or doc.repealed >= day
    )


def _life_reason(org: Organization, day: date) -> str | None:
    """Why a department is not judged on ``day``: not founded yet, or dissolved before it."""
    if org.founded is not None and org.founded > day:
        return "not_founded"
    if org.dissolved is not None and org.dissolved < day:
        return "dissolved"
    return None


@rule(
    "governance.regulations",
    title=("各类必备制度健全且现行有效", "Written regulations are in force in every category"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=RegulationParams(),
    messages={
        "pass": ("“{facet}”类制度现行有效：{titles}", "regulation in force for {facet}"),
        "fail": ("缺少现行有效的“{facet}”类制度", "no regulation in force for {facet}"),
    },
)
def regulations(ctx: RuleContext[RegulationParams]) -> Iterator[Finding]:
    """One finding per department per required category (facet = the category; period: the
    window), judged on the window's end or ``as_of``, whichever is earlier: passes when a
    ``Document`` of kind ``regulation`` with exactly that category (surrounding spaces
    ignored), issued by the department's organisation or any organisation below it, is in
    force that day — effective on or before it (a document without an effective date counts
    as in force) and not repealed before it (repealed on that very day still counts; repealed
    the day before does not).  A standing obligation: missing at ``as_of`` fails even while
    the window runs.  Evidence: the regulations in force, by id.  A department founded after
    the day, or dissolved before it, is ``not_applicable`` (``not_founded`` / ``dissolved``)."""
    index = ctx.index
    day = min(ctx.window.end, ctx.as_of)
    period = ctx.window_period
    table = _regulations(index)
    for dept in index.departments:
        orgs = _subtree(index, dept.id)
        reason = _life_reason(dept, day)
        for category in dict.fromkeys(c.strip() for c in ctx.params.categories):
            if reason is not None:
                yield ctx.not_applicable(
                    dept.id, SubjectKind.ORGANIZATION, period, reason, facet=category
                )
                continue
            docs = sorted(
                (d for oid in orgs for d in table.get((oid, category), ()) if _in_force(d, day)),
                key=lambda d: d.id,
            )
            yield ctx.finding(
                dept.id,
                SubjectKind.ORGANIZATION,
                period,
                Status.PASS if docs else Status.FAIL,
                facet=category,
                measured=len(docs),
                expected=1,
                evidence=[d.id for d in docs],
                titles=[f"《{d.title}》" for d in docs],
            )


@rule(
    "governance.society_reporting",
    title=("学生社团一会一报、一事一报", "Every society meeting and event is reported beforehand"),
    scope=Scope.SOCIETY,
    source="[S]",
    params=NoParams(),
    messages={
        "pass": (
            "{kind}“{title}”（{date}）已于 {measured} 事前报备",
            "{kind_en} '{title}' on {date} reported on {measured}",
        ),
        "fail": (
            "{kind}“{title}”（{date}）未事前报备（报备日期 {measured}）",
            "{kind_en} '{title}' on {date} not reported beforehand (reported {measured})",
        ),
        "unreported": (
            "{kind}“{title}”（{date}）未报备",
            "{kind_en} '{title}' on {date} was never reported",
        ),
        "not_applicable": ("本期无社团会议或活动", "no society meeting or event in the window"),
    },
)
def society_reporting(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """One finding per society meeting or event dated in the window on or before ``as_of``:
    its report (``reported_on``) must be dated strictly before the event — reported on the
    day itself fails (key ``fail``), never reported fails (key ``unreported``).  Key: subject
    = the society, period = the event's calendar month, facet = the event's id (unique in
    the ledger, so a waiver may target one event through its facet).  ``measured`` is the
    report date, ``expected`` the event date.  A society with no event in the window gets one
    ``not_applicable`` (``no_subjects``) for the window."""
    index = ctx.index
    last = min(ctx.window.end, ctx.as_of)
    events: dict[str, list[SocietyEvent]] = defaultdict(list)
    for ev in index.ledger.society_events:
        if ctx.window.start <= ev.date <= last:
            events[ev.society_id].append(ev)
    for society in sorted(index.ledger.societies, key=lambda s: s.id):
        found = sorted(events.get(society.id, ()), key=lambda e: (e.date, e.id))
        if not found:
            yield ctx.not_applicable(
                society.id, SubjectKind.SOCIETY, ctx.window_period, "no_subjects"
            )
        for ev in found:
            yield _event_finding(ctx, society.id, ev)


def _event_finding(ctx: RuleContext[NoParams], society_id: str, ev: SocietyEvent) -> Finding:
    if ev.reported_on is None:
        status, key = Status.FAIL, "unreported"
    elif ev.reported_on < ev.date:
        status, key = Status.PASS, "pass"
    else:
        status, key = Status.FAIL, "fail"
    return ctx.finding(
        society_id,
        SubjectKind.SOCIETY,
        period_of(Cadence.MONTH, ev.date),
        status,
        facet=ev.id,
        key=key,
        measured=ev.reported_on,
        expected=ev.date,
        evidence=[ev.id],
        kind=ev.kind.zh,
        kind_en=ev.kind.value,
        title=ev.title or ev.id,
        date=ev.date,
    )


@rule(
    "governance.major_incident",
    title=("未发生重大事件（一票否决）", "No major incident (veto)"),
    scope=Scope.DEPARTMENT,
    source="2018 双创 notice [N]",
    params=NoParams(),
    messages={
        "pass": ("本期未发生重大事件", "no major incident in the window"),
        "fail": (
            "本期发生重大事件 {measured} 起（一票否决）",
            "{measured} major incident(s) in the window (veto)",
        ),
    },
)
def major_incident(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """One finding per department per window: fails when any ``Incident`` of severity
    ``major`` in the department's organisation or any organisation below it is dated in the
    window on or before ``as_of`` (evidence: their ids, by date); minor incidents do not count.
    Passes otherwise — also while the window still runs.  ``measured`` is the number of major
    incidents, ``expected`` 0.  A department founded after the window's end (or ``as_of``) is
    ``not_applicable`` (``not_founded``)."""
    index = ctx.index
    last = min(ctx.window.end, ctx.as_of)
    period = ctx.window_period
    majors: dict[str, list[Incident]] = index.memo(
        "governance.major_incidents", lambda: _majors(index)
    )
    for dept in index.departments:
        if dept.founded is not None and dept.founded > last:
            yield ctx.not_applicable(dept.id, SubjectKind.ORGANIZATION, period, "not_founded")
            continue
        found = sorted(
            (
                inc
                for oid in _subtree(index, dept.id)
                for inc in majors.get(oid, ())
                if ctx.window.start <= inc.date <= last
            ),
            key=lambda inc: (inc.date, inc.id),
        )
        yield ctx.finding(
            dept.id,
            SubjectKind.ORGANIZATION,
            period,
            Status.FAIL if found else Status.PASS,
            measured=len(found),
            expected=0,
            evidence=[inc.id for inc in found],
        )


def _majors(index: LedgerIndex) -> dict[str, list[Incident]]:
    out: dict[str, list[Incident]] = defaultdict(list)
    for inc in index.ledger.incidents:
        if inc.severity is IncidentSeverity.MAJOR:
            out[inc.org_id].append(inc)
    return dict(out)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    regulations,
    society_reporting,
    major_incident,
)
