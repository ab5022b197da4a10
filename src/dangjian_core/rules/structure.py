"""``structure.*`` — how organisations are set up (支部条例 第四条、第六章; 任期意见).

Most structure rules judge a *state* (how many members, who holds which post), not an event.
They share one reading of time, :func:`~dangjian_core.rules._common.judged_states`: one finding per organisation per period
of ``per`` (default: the calendar year), read on the period's last day; the period that
contains ``as_of`` is read on ``as_of`` and, as docs/rules/README.md says of every current period, is
``pass`` when already met and otherwise ``not_applicable`` (``not_yet_due``).  Terms are
judged once per window, at ``as_of``; re-elections once each.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Self

from pydantic import Field, model_validator

from ..model import DEFAULT_TERM_YEARS, Election, Organization, OrgKind, Role, TermShift
from ..periods import Cadence, deadline, month_index, period_of
from ._common import StateParams, judged_states
from ._finding import Finding, Severity, Status, SubjectKind
from ._rule import Params, Rule, RuleContext, Scope, rule

__all__: list[str] = []

_ORG = SubjectKind.ORGANIZATION
#: Organisations whose leadership is elected for a term (a party group's leader is not).
_ELECTED = (
    OrgKind.SCHOOL_COMMITTEE,
    OrgKind.DEPT_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.BRANCH,
)
_COMMITTEE_KINDS = frozenset({OrgKind.SCHOOL_COMMITTEE, OrgKind.DEPT_COMMITTEE})


# -- members ---------------------------------------------------------------------------------


class MinMembersParams(StateParams):
    """Minimum number of full members of a branch."""

    min_full: int = Field(default=3, ge=1, title="最少正式党员数")


@rule(
    "structure.branch_min_members",
    title=("党支部正式党员不少于3人", "A branch has at least 3 full members"),
    scope=Scope.BRANCH,
    source="支部条例 第四条 [N]",
    params=MinMembersParams(),
    messages={
        "pass": ("正式党员 {measured} 人", "{measured} full members"),
        "fail": (
            "正式党员仅 {measured} 人（不足 {expected} 人），应与邻近单位成立联合党支部",
            "only {measured} full members (fewer than {expected}): form a joint branch",
        ),
        "fail_joint": (
            "联合党支部正式党员仅 {measured} 人（不足 {expected} 人），应调整合并",
            "joint branch with only {measured} full members (fewer than {expected}): merge further",
        ),
    },
)
def branch_min_members(ctx: RuleContext[MinMembersParams]) -> Iterator[Finding]:
    """Every branch has at least ``min_full`` full (正式) members on the period's last day
    (``as_of`` for the current period); probationary members do not count.  A joint branch
    (联合党支部) is judged on its own full members too.  Fewer fails — the message suggests a
    joint branch (or, for a joint branch, a further merger).  ``measured`` = number of full
    members, ``expected`` = ``min_full``, evidence = the full members' ids (sorted).  A branch
    with nobody listed fails with 0."""
    p = ctx.params
    for org in ctx.index.of_kind(OrgKind.BRANCH):
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            full = sorted(ctx.index.members(org.id, day, full_only=True))
            ok = len(full) >= p.min_full
            key = None if ok else ("fail_joint" if org.joint else "fail")
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if ok else Status.FAIL,
                measured=len(full),
                expected=p.min_full,
                evidence=full,
                key=key,
                due=due,
            )


class MaxMembersParams(StateParams):
    """Maximum number of members (full + probationary) of a branch."""

    max_members: int = Field(default=50, ge=1, title="最多党员数")


@rule(
    "structure.branch_max_members",
    title=("党支部党员一般不超过50人", "A branch has at most 50 members"),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="支部条例 第四条 [N]",
    params=MaxMembersParams(),
    messages={
        "pass": ("党员 {measured} 人", "{measured} members"),
        "warn": (
            "党员 {measured} 人，超过 {expected} 人，一般应分设党支部",
            "{measured} members, more than {expected}: consider splitting the branch",
        ),
    },
)
def branch_max_members(ctx: RuleContext[MaxMembersParams]) -> Iterator[Finding]:
    """Every branch has at most ``max_members`` members (正式 + 预备) on the period's last day
    (``as_of`` for the current period).  Advisory: more warns.  ``measured`` = number of
    members, ``expected`` = ``max_members``, evidence = the members' ids (sorted)."""
    p = ctx.params
    for org in ctx.index.of_kind(OrgKind.BRANCH):
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            members = sorted(ctx.index.members(org.id, day))
            ok = len(members) <= p.max_members
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if ok else Status.FAIL,
                measured=len(members),
                expected=p.max_members,
                evidence=members,
                due=due,
            )


# -- committee -------------------------------------------------------------------------------


class CommitteeRequiredParams(StateParams):
    """From how many full members a branch needs a committee."""

    min_full: int = Field(default=7, ge=1, title="应设支委会的正式党员数")


@rule(
    "structure.committee_required",
    title=("正式党员7人以上的党支部设立支部委员会", "A branch of 7+ full members has a committee"),
    scope=Scope.BRANCH,
    source="支部条例 第六章 [N]",
    params=CommitteeRequiredParams(),
    messages={
        "pass": (
            "正式党员 {measured} 人，已设立支部委员会",
            "{measured} full members and a committee",
        ),
        "fail": (
            "正式党员 {measured} 人（不少于 {expected} 人），未设立支部委员会",
            "{measured} full members (at least {expected}) but no committee",
        ),
        "not_applicable": (
            "正式党员 {measured} 人，不足 {expected} 人，不要求设立支部委员会",
            "{measured} full members, fewer than {expected}: no committee required",
        ),
    },
)
def committee_required(ctx: RuleContext[CommitteeRequiredParams]) -> Iterator[Finding]:
    """A branch with at least ``min_full`` full members on the period's last day (``as_of``
    for the current period) has a branch committee (支部委员会) that day — someone holds a
    committee duty (组织/宣传/纪检/统战委员 or 委员); a secretary alone is no committee.
    Fewer full members → ``not_applicable`` (``below_threshold``).  ``measured`` = number of
    full members, ``expected`` = ``min_full``; evidence = the committee's members (pass) or
    the full members (fail), sorted."""
    p = ctx.params
    index = ctx.index
    for org in index.of_kind(OrgKind.BRANCH):
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            full = sorted(index.members(org.id, day, full_only=True))
            if len(full) < p.min_full:
                yield ctx.finding(
                    org.id,
                    _ORG,
                    period,
                    Status.NOT_APPLICABLE,
                    reason="below_threshold",
                    measured=len(full),
                    expected=p.min_full,
                    due=due,
                )
                continue
            committee = sorted(index.committee_on(org.id, day))
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if committee else Status.FAIL,
                measured=len(full),
                expected=p.min_full,
                evidence=committee or full,
                due=due,
            )


class CommitteeSizeParams(StateParams):
    """The committee's size: ``min_size``–``max_size`` passes, up to ``max_tolerated`` warns."""

    min_size: int = Field(default=3, ge=1, title="委员最少人数")
    max_size: int = Field(default=5, ge=1, title="委员一般最多人数")
    max_tolerated: int = Field(default=7, ge=1, title="委员最多人数")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min_size <= self.max_size <= self.max_tolerated:
            raise ValueError("need min_size ≤ max_size ≤ max_tolerated")
        return self


@rule(
    "structure.committee_size",
    title=("支部委员会由3至5人组成", "A branch committee has 3 to 5 members"),
    scope=Scope.BRANCH,
    source="支部条例 第六章 [N]",
    params=CommitteeSizeParams(),
    messages={
        "pass": ("支部委员会 {measured} 人", "committee of {measured}"),
        "warn": (
            "支部委员会 {measured} 人，一般应为 {expected} 人",
            "committee of {measured}, normally {expected}",
        ),
        "fail": (
            "支部委员会 {measured} 人，应为 {expected} 人（最多 {max_tolerated} 人）",
            "committee of {measured}, expected {expected} (at most {max_tolerated})",
        ),
        "not_applicable": ("未设支部委员会，不适用", "no branch committee"),
    },
)
def committee_size(ctx: RuleContext[CommitteeSizeParams]) -> Iterator[Finding]:
    """A branch committee on the period's last day (``as_of`` for the current period) has
    ``min_size``–``max_size`` members (default 3–5: pass); ``max_size`` + 1 to
    ``max_tolerated`` (6–7) warns; fewer than ``min_size`` or more than ``max_tolerated``
    fails.  Members are the committee-duty holders plus the secretary and deputies
    (``LedgerIndex.committee_on``).  No committee → ``not_applicable`` (``no_committee``).
    ``measured`` = size, ``expected`` = the text ``"3–5"``, evidence = members (sorted)."""
    p = ctx.params
    expected = f"{p.min_size}–{p.max_size}"
    for org in ctx.index.of_kind(OrgKind.BRANCH):
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            committee = sorted(ctx.index.committee_on(org.id, day))
            if not committee:
                yield ctx.not_applicable(org.id, _ORG, period, "no_committee")
                continue
            size = len(committee)
            if size < p.min_size or size > p.max_tolerated:
                status = Status.FAIL
            elif size > p.max_size:
                status = Status.WARN
            else:
                status = Status.PASS
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                status,
                measured=size,
                expected=expected,
                evidence=committee,
                max_tolerated=p.max_tolerated,
                due=due,
            )


# -- secretary and group leader --------------------------------------------------------------


@rule(
    "structure.secretary_present",
    title=("党组织配备书记", "The organisation has a secretary"),
    scope=Scope.ORGANIZATION,
    source="支部条例 第六章 [N]",
    params=StateParams(),
    messages={
        "pass": ("书记：{secretary}", "secretary: {secretary}"),
        "fail": ("书记空缺", "no secretary in post"),
    },
)
def secretary_present(ctx: RuleContext[StateParams]) -> Iterator[Finding]:
    """Every organisation except party groups (a group has a 组长, see
    ``structure.group_leader``) has a secretary (书记) in post on the period's last day
    (``as_of`` for the current period): a dated secretary role covering that day, with or
    without a committee.  A secretary whose role ended the day before fails.  Evidence = the
    role record and the person (pass)."""
    index = ctx.index
    for org in index.judged_orgs:
        if org.kind is OrgKind.GROUP:
            continue
        for period, due, day in judged_states(
            ctx, ctx.params.per, founded=org.founded, dissolved=org.dissolved
        ):
            role = index.secretary_on(org.id, day)
            if role is None:
                yield ctx.finding(org.id, _ORG, period, Status.FAIL, due=due)
                continue
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS,
                evidence=[role.id, role.person_id],
                secretary=index.name_of(role.person_id) or role.person_id,
                due=due,
            )


class PartyAgeParams(StateParams):
    """Party age a branch secretary must have when appointed."""

    min_years: int = Field(default=1, ge=0, title="任职时最低党龄（年）")


@rule(
    "structure.secretary_party_age",
    title=(
        "党支部书记一般应具有1年以上党龄",
        "A branch secretary has at least 1 year of party age",
    ),
    scope=Scope.BRANCH,
    severity=Severity.ADVISORY,
    source="支部条例 第二十三条 [N]",
    params=PartyAgeParams(),
    messages={
        "pass": (
            "书记 {secretary} 于 {expected} 任职时党龄已满 {min_years} 年（满于 {measured}）",
            "secretary {secretary} had {min_years} year(s) of party age on appointment",
        ),
        "warn": (
            "书记 {secretary} 于 {expected} 任职时党龄不满 {min_years} 年（满于 {measured}）",
            "secretary {secretary} had less than {min_years} year(s) of party age on appointment",
        ),
        "warn_not_full": (
            "书记 {secretary} 于 {expected} 任职时不是正式党员",
            "secretary {secretary} was not a full member when appointed ({expected})",
        ),
        "not_applicable": ("书记空缺，不适用", "no secretary in post"),
    },
)
def secretary_party_age(ctx: RuleContext[PartyAgeParams]) -> Iterator[Finding]:
    """The branch secretary in post on the period's last day (``as_of`` for the current
    period) had at least ``min_years`` of party age on the day the secretary role started.
    Party age counts from conversion to full membership (转正), in calendar years: converted
    on 2020-02-29, one year is reached on 2021-02-28.  Advisory: less warns; a secretary who
    was not a full member when appointed warns (``warn_not_full``).  ``measured`` = the day
    the party age was reached (``None`` without conversion), ``expected`` = the appointment
    day; met when ``measured ≤ expected``.  No secretary → ``not_applicable``
    (``no_secretary``)."""
    p = ctx.params
    index = ctx.index
    for org in index.of_kind(OrgKind.BRANCH):
        for period, due, day in judged_states(
            ctx, p.per, founded=org.founded, dissolved=org.dissolved
        ):
            role = index.secretary_on(org.id, day)
            if role is None:
                yield ctx.not_applicable(org.id, _ORG, period, "no_secretary")
                continue
            timeline = index.timelines.get(role.person_id)
            conversion = timeline.conversion if timeline is not None else None
            if conversion is None or conversion > role.start:
                reached, key = None, "warn_not_full"
            else:
                reached = deadline(conversion, years=p.min_years)
                key = None
            ok = reached is not None and reached <= role.start
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if ok else Status.FAIL,
                measured=reached,
                expected=role.start,
                evidence=[role.id, role.person_id],
                key=key,
                secretary=index.name_of(role.person_id) or role.person_id,
                min_years=p.min_years,
                due=due,
            )


@rule(
    "structure.group_leader",
    title=("党小组设组长", "Each party group has a leader"),
    scope=Scope.GROUP,
    source="支部条例 第十三条 [N]",
    params=StateParams(),
    messages={
        "pass": ("组长：{leader}", "group leader: {leader}"),
        "fail": ("党小组组长空缺", "no group leader in post"),
    },
)
def group_leader(ctx: RuleContext[StateParams]) -> Iterator[Finding]:
    """Every party group (党小组) has a leader (组长) in post on the period's last day
    (``as_of`` for the current period).  Evidence = the leader roles' ids (sorted)."""
    index = ctx.index
    for org in index.of_kind(OrgKind.GROUP):
        for period, due, day in judged_states(
            ctx, ctx.params.per, founded=org.founded, dissolved=org.dissolved
        ):
            roles = index.role_holders(org.id, Role.GROUP_LEADER, day)
            names = sorted(index.name_of(r.person_id) or r.person_id for r in roles)
            yield ctx.finding(
                org.id,
                _ORG,
                period,
                Status.PASS if roles else Status.FAIL,
                evidence=sorted(r.id for r in roles),
                leader=names,
                due=due,
            )


# -- terms -----------------------------------------------------------------------------------


class TermParams(Params):
    """Default term lengths (an election's own ``term_years`` wins) and the allowed shift."""

    branch_years: int = Field(
        default=DEFAULT_TERM_YEARS[OrgKind.BRANCH], ge=1, title="党支部、党总支任期（年）"
    )
    committee_years: int = Field(
        default=DEFAULT_TERM_YEARS[OrgKind.DEPT_COMMITTEE], ge=1, title="党委任期（年）"
    )
    max_shift_years: int = Field(default=1, ge=0, title="提前或延期换届最长（年）")


class TermExpiryParams(TermParams):
    """Terms, plus how long before the due date a reminder is given."""

    reminder_months: int = Field(default=6, ge=0, title="提前提醒（月）")


def _elections(ctx: RuleContext[Any]) -> dict[str, list[Election]]:
    """Elections dated on or before ``as_of``, by organisation, in date order."""

    def build() -> dict[str, list[Election]]:
        out: dict[str, list[Election]] = {}
        for e in sorted(ctx.index.ledger.elections, key=lambda e: (e.date, e.id)):
            if e.date <= ctx.as_of:
                out.setdefault(e.org_id, []).append(e)
        return out

    return ctx.index.memo("structure.elections", build)


def _shifts(ctx: RuleContext[Any]) -> dict[str, list[TermShift]]:
    """Term shifts approved on or before ``as_of``, by organisation, in approval order."""

    def build() -> dict[str, list[TermShift]]:
        out: dict[str, list[TermShift]] = {}
        for s in sorted(ctx.index.ledger.term_shifts, key=lambda s: (s.approved_on, s.id)):
            if s.approved_on <= ctx.as_of:
                out.setdefault(s.org_id, []).append(s)
        return out

    return ctx.index.memo("structure.shifts", build)


def _term_years(p: TermParams, org: Organization, election: Election | None) -> int:
    if election is not None and election.term_years is not None:
        return election.term_years
    return p.committee_years if org.kind in _COMMITTEE_KINDS else p.branch_years


def _within_shift(p: TermParams, due: date, day: date) -> bool:
    """Whether ``day`` is at most ``max_shift_years`` before or after ``due``."""
    years = p.max_shift_years
    return deadline(due, years=-years) <= day <= deadline(due, years=years)


@rule(
    "structure.term_expiry",
    title=("党组织按期换届", "The organisation re-elects its leadership before the term ends"),
    scope=Scope.ORGANIZATION,
    source="任期意见 [N]; 6-month reminder [N2]",
    params=TermExpiryParams(),
    messages={
        "pass": ("本届任期至 {measured} 届满", "term ends on {measured}"),
        "warn": (
            "本届任期将于 {measured} 届满，请做好换届准备",
            "term ends on {measured}: prepare the re-election",
        ),
        "fail": (
            "任期已于 {measured} 届满，未按期换届",
            "term ended on {measured} without re-election",
        ),
        "fail_no_election": (
            "台账中没有选举记录和成立日期，无法确认任期",
            "no election or founding date on record: the term is unknown",
        ),
    },
)
def term_expiry(ctx: RuleContext[TermExpiryParams]) -> Iterator[Finding]:
    """Judged once per window, at ``as_of``, for every 党支部, 党总支 and 党委 existing then:
    the term of its elected leadership (支委会, 总支委员会, 党委, or the secretary of a branch
    without committee) starts at its latest election on or before ``as_of`` — or, with no
    election on record, at its founding (a new organisation elects its leadership when it is
    founded) — and lasts the election's ``term_years``, else ``branch_years`` (支部、总支,
    default 3) or ``committee_years`` (党委, default 5).  A shift (``TermShift``) approved on or
    after that election and on or before ``as_of`` moves the due date to its ``new_due`` (the
    latest such approval wins) — but only a shift of at most ``max_shift_years`` from the
    regular due date; a longer one is ignored.  Overdue (``as_of`` after the due date) fails;
    due on or before ``as_of`` + ``reminder_months`` (the due day itself included) warns;
    later passes.  Neither an election nor a founding date → fail (``fail_no_election``).
    ``measured`` = the due date, ``expected`` = ``as_of``; evidence = the election and the
    shift."""
    p = ctx.params
    elections = _elections(ctx)
    shifts = _shifts(ctx)
    period = ctx.window_period
    reminder = deadline(ctx.as_of, months=p.reminder_months)
    for org in ctx.index.of_kind(*_ELECTED):
        if not ctx.index.alive(org, ctx.as_of):
            continue
        history = elections.get(org.id, [])
        latest = history[-1] if history else None
        start = latest.date if latest is not None else org.founded
        if start is None:
            yield ctx.finding(org.id, _ORG, period, Status.FAIL, key="fail_no_election")
            continue
        due = deadline(start, years=_term_years(p, org, latest))
        evidence = [latest.id] if latest is not None else []
        moved = [
            s
            for s in shifts.get(org.id, [])
            if s.approved_on >= start and _within_shift(p, due, s.new_due)
        ]
        if moved:
            due = moved[-1].new_due
            evidence.append(moved[-1].id)
        if ctx.as_of > due:
            status = Status.FAIL
        elif due <= reminder:
            status = Status.WARN
        else:
            status = Status.PASS
        yield ctx.finding(
            org.id,
            _ORG,
            period,
            status,
            measured=due,
            expected=ctx.as_of,
            evidence=evidence,
            due_on=due,
        )


def _last_per_month(history: list[Election]) -> list[Election]:
    """The last election of each calendar month (earlier ones that month are superseded)."""
    by_month: dict[int, Election] = {}
    for e in history:
        by_month[month_index(e.date)] = e
    return [by_month[m] for m in sorted(by_month)]


def _approval(
    shifts: list[TermShift], since: date, election: Election
) -> tuple[bool, list[str]]:
    """Whether the re-election had a recorded approval (a shift approved from ``since``, the
    start of the term it ends, up to the election), and the records showing it."""
    found = [s.id for s in shifts if since <= s.approved_on <= election.date]
    on_record = (election.approved_by or election.approved_on) and (
        election.approved_on is None or election.approved_on <= election.date
    )
    return bool(found or on_record), found


@rule(
    "structure.term_shift",
    title=("提前或延期换届不超过1年并经批准", "A re-election moved by at most 1 year, approved"),
    scope=Scope.ORGANIZATION,
    source="任期意见; 选举工作条例 第三条 [N]",
    params=TermParams(),
    messages={
        "pass": (
            "于 {measured} 按期换届（任期届满 {expected}）",
            "re-elected on {measured}, on time (term due {expected})",
        ),
        "pass_approved": (
            "于 {measured} 换届（任期届满 {expected}），提前或延期已经批准",
            "re-elected on {measured} (term due {expected}) with approval",
        ),
        "fail": (
            "于 {measured} 换届（任期届满 {expected}），提前或延期未经批准",
            "re-elected on {measured} (term due {expected}) without approval",
        ),
        "fail_too_far": (
            "于 {measured} 换届（任期届满 {expected}），提前或延期超过 {max_shift_years} 年",
            "re-elected on {measured} (term due {expected}): moved by more than "
            "{max_shift_years} year(s)",
        ),
    },
)
def term_shift(ctx: RuleContext[TermParams]) -> Iterator[Finding]:
    """One finding per re-election dated inside the window and on or before ``as_of`` (the
    period is the election's month — of several elections in one month only the last is
    judged).  The first term runs from the organisation's founding, or, with no founding date,
    from its first recorded election: an election ending the first term is a re-election even
    when no earlier election is recorded (an election in the founding month, or before it, is
    the founding election itself and starts the first term).  The term's due date is its
    start plus its term — the starting election's ``term_years``, else the default (see
    ``structure.term_expiry``; shifts are not applied here, they are what is judged).  A
    re-election in the same calendar month
    as the due date is on time (pass).  Otherwise, within ``max_shift_years`` (default 1, the
    exact anniversary included) before or after the due date it passes only with a recorded
    approval — a ``TermShift`` of the organisation approved between the previous election and
    the re-election (both days included), or an approval on the election itself
    (``approved_by``/``approved_on``, not dated after it) — else fails; further away fails
    whatever the approval (``fail_too_far``).  ``measured`` = the re-election date,
    ``expected`` = the due date; evidence = the re-election, the previous election (none for
    the first term from the founding), and any approving shifts."""
    p = ctx.params
    elections = _elections(ctx)
    shifts = _shifts(ctx)
    for org in ctx.index.of_kind(*_ELECTED):
        history = _last_per_month(elections.get(org.id, []))
        if not history:
            continue
        # Each term (its start, and the election starting it) is ended by the next election.
        terms: list[tuple[date, Election | None]] = [(e.date, e) for e in history[:-1]]
        ended = history[1:]
        founded = org.founded
        if founded is not None and month_index(history[0].date) > month_index(founded):
            terms.insert(0, (founded, None))
            ended = history
        for (since, previous), election in zip(terms, ended, strict=True):
            if election.date not in ctx.window:
                continue
            due = deadline(since, years=_term_years(p, org, previous))
            approved, approvals = _approval(shifts.get(org.id, []), since, election)
            if month_index(election.date) == month_index(due):
                status, key = Status.PASS, "pass"
            elif not _within_shift(p, due, election.date):
                status, key = Status.FAIL, "fail_too_far"
            elif approved:
                status, key = Status.PASS, "pass_approved"
            else:
                status, key = Status.FAIL, "fail"
            yield ctx.finding(
                org.id,
                _ORG,
                period_of(Cadence.MONTH, election.date),
                status,
                measured=election.date,
                expected=due,
                evidence=[election.id, *([previous.id] if previous else []), *approvals],
                key=key,
                due_on=due,
                max_shift_years=p.max_shift_years,
            )


# -- department ------------------------------------------------------------------------------


class GeneralBranchParams(StateParams):
    """Member counts from which a department is organised as 党总支 (or may be a 党委)."""

    general_branch_min: int = Field(default=50, ge=1, title="设立党总支的党员数")
    committee_min: int = Field(default=100, ge=1, title="可设立党委的党员数")


@rule(
    "structure.general_branch_threshold",
    title=("党员50人以上的院系设立党总支", "A department of 50+ members is a general branch"),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="安徽 2007 [L]",
    params=GeneralBranchParams(),
    messages={
        "pass": ("党员 {measured} 人，组织形式为{kind}", "{measured} members, organised as {kind}"),
        "pass_may_committee": (
            "党员 {measured} 人（不少于 {committee_min} 人），可考虑设立党委",
            "{measured} members (at least {committee_min}): may be a party committee",
        ),
        "warn": (
            "党员 {measured} 人（不少于 {expected} 人），仍为党支部，宜设立党总支",
            "{measured} members (at least {expected}) but organised as a branch: "
            "a general branch is advised",
        ),
        "not_applicable": ("院系没有党员，不适用", "the department has no members"),
    },
)
def general_branch_threshold(ctx: RuleContext[GeneralBranchParams]) -> Iterator[Finding]:
    """Advisory, per department organisation (``is_department``): members (正式 + 预备) of
    all its branches on the period's last day (``as_of`` for the current period).  A
    department organised as a branch (a 直属党支部 marked ``is_department``) with at least
    ``general_branch_min`` (50) members warns: it should be a 党总支.  A 党总支 with at least
    ``committee_min`` (100) passes with a note that it may become a 党委
    (``pass_may_committee``); every other case passes.  No members → ``not_applicable``
    (``no_members``).  ``measured`` = members, ``expected`` = ``general_branch_min``."""
    p = ctx.params
    for dept in ctx.index.departments:
        for period, due, day in judged_states(
            ctx, p.per, founded=dept.founded, dissolved=dept.dissolved
        ):
            count = len(ctx.index.members(dept.id, day))
            if count == 0:
                yield ctx.not_applicable(dept.id, _ORG, period, "no_members")
                continue
            key = None
            if dept.kind is OrgKind.BRANCH and count >= p.general_branch_min:
                status = Status.FAIL
            else:
                status = Status.PASS
                if dept.kind is OrgKind.GENERAL_BRANCH and count >= p.committee_min:
                    key = "pass_may_committee"
            yield ctx.finding(
                dept.id,
                _ORG,
                period,
                status,
                measured=count,
                expected=p.general_branch_min,
                key=key,
                kind=dept.kind.zh,
                committee_min=p.committee_min,
                due=due,
            )


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    branch_min_members,
    branch_max_members,
    committee_required,
    committee_size,
    secretary_present,
    secretary_party_age,
    group_leader,
    term_expiry,
    term_shift,
    general_branch_threshold,
)
