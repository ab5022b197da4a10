"""``development.*`` — admitting new members (《中国共产党发展党员工作细则》, 5 stages / 25 steps).

Every rule judges each development case (subject kind ``case``) at most once per window, in
the window's own period.  Each rule has one *judgement day* — its own event, or the deadline
of its obligation, whichever decides it — and a case is judged by the rule when that day lies
inside the window and on or before ``as_of``.  A case whose judgement day lies outside the
window gets no finding from that rule (it is judged in the window that holds the day), and a
deadline inside the window but after ``as_of`` that is not yet met is ``not_applicable``
(``not_yet_due``); a deadline falling on ``as_of`` itself is due, as a period ending on
``as_of`` is.  Records dated after ``as_of`` are ignored.

All date arithmetic is calendar arithmetic (:func:`~dangjian_core.periods.deadline`, the
deadline day included).  The probation ends ``probation_years`` after the admission vote,
moved by the months of every extension decided on or before the conversion vote (and
``as_of``), computed as one calendar step from the admission vote.

A rule here judges one case at a time (:func:`_case_rule`); the family's readings that hold
for every rule — a closed case is judged as on its closing day, nothing left pending — are
applied there, once, and not in the rules.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Self

import attrs
from pydantic import Field, model_validator

from ..model import Approval, DevelopmentCase, OrgKind, PublicNotice
from ..periods import deadline
from ._finding import Finding, Status, SubjectKind
from ._messages import deadline_messages, step_messages
from ._rule import Params, Rule, RuleContext, Scope, rule

__all__: list[str] = []


# -- shared helpers ----------------------------------------------------------------------------


def _cases(ctx: RuleContext[Any]) -> list[DevelopmentCase]:
    """Every development case, by id (built once per run)."""
    index = ctx.index
    return index.memo(
        "development.cases",
        lambda: sorted(index.ledger.development_cases, key=lambda c: c.id),
    )


CaseJudge = Callable[[RuleContext[Any], DevelopmentCase], Iterable[Finding]]
"""A family rule's body: the findings of one case."""

_CLOSURE_NOTE = """\
A closed case (``closed``: the applicant withdrew, 取消预备党员资格, left or transferred out)
is judged as on its closing day: records dated after it are ignored, and whatever would then
still be pending (``not_yet_due``) gets no finding — it never falls due.  What was already
due on the closing day (the day itself included) stays as it was.  A closure dated after
``as_of`` is not yet on record."""


def _case_rule(id: str, **kwargs: Any) -> Callable[[CaseJudge], Rule[Any]]:
    """:func:`~._rule.rule` for this family: the decorated function judges *one* case.

    The rule it makes runs the function for every case (:func:`_cases`) through
    :func:`_judge_case`, so the readings common to the family — case closure — live in one
    place and no rule can forget them.  The rule's description is the function's docstring
    followed by the closure reading.
    """

    def decorate(judge: CaseJudge) -> Rule[Any]:
        def evaluate(ctx: RuleContext[Any]) -> Iterator[Finding]:
            for case in _cases(ctx):
                yield from _judge_case(ctx, case, judge)

        evaluate.__name__ = evaluate.__qualname__ = judge.__name__
        evaluate.__doc__ = inspect.cleandoc(judge.__doc__ or "") + "\n\n" + _CLOSURE_NOTE
        return rule(id, scope=Scope.CASE, **kwargs)(evaluate)

    return decorate


def _judge_case(
    ctx: RuleContext[Any], case: DevelopmentCase, judge: CaseJudge
) -> Iterator[Finding]:
    """The findings of ``case``, with its closure applied (docs/rules/README.md: nothing of the case
    falling after its closing date is judged; what was already overdue stays as it was).

    A closure on or before ``as_of`` moves the case's ``as_of`` back to the closing day:
    records after it are ignored by every rule as records after ``as_of`` are, obligations
    due by it are judged as they were, and a finding still ``not_yet_due`` on that day is
    dropped — its deadline or event lies after the closure, where nothing is judged.
    """
    closed = case.closed
    if closed is None or closed.date > ctx.as_of:
        yield from judge(ctx, case)
        return
    on_closure = attrs.evolve(ctx, as_of=closed.date)
    for found in judge(on_closure, case):
        if found.reason != "not_yet_due":
            yield found


def _seen(ctx: RuleContext[Any], day: date | None) -> date | None:
    """``day`` if it is on or before ``as_of`` (later records are ignored), else ``None``."""
    return day if day is not None and day <= ctx.as_of else None


def _judged(ctx: RuleContext[Any], day: date) -> bool:
    """Whether a judgement day makes the case judged in this run (in window, not after as_of)."""
    return day in ctx.window and day <= ctx.as_of


def _person(ctx: RuleContext[Any], case: DevelopmentCase) -> str:
    return ctx.index.name_of(case.person_id) or case.person_id


def _finding(
    ctx: RuleContext[Any],
    case: DevelopmentCase,
    status: Status,
    *,
    key: str | None = None,
    facet: str | None = None,
    measured: Any = None,
    expected: Any = None,
    evidence: Iterable[str] = (),
    due_on: date | None = None,
    **context: Any,
) -> Finding:
    """A finding on ``case`` for the window; its evidence starts with the case itself.
    ``due_on`` is the step's deadline where it has one (else the window's last day)."""
    return ctx.finding(
        case.id,
        SubjectKind.CASE,
        ctx.window_period,
        status,
        facet=facet,
        measured=measured,
        expected=expected,
        evidence=(case.id, *evidence),
        key=key,
        due_on=due_on,
        person=_person(ctx, case),
        **context,
    )


def _not_yet_due(
    ctx: RuleContext[Any],
    case: DevelopmentCase,
    due: date,
    *,
    facet: str | None = None,
    **context: Any,
) -> Finding:
    return ctx.finding(
        case.id,
        SubjectKind.CASE,
        ctx.window_period,
        Status.NOT_APPLICABLE,
        facet=facet,
        reason="not_yet_due",
        expected=due,
        evidence=(case.id,),
        due_on=due,
        person=_person(ctx, case),
        **context,
    )


def _deadline_finding(
    ctx: RuleContext[Any],
    case: DevelopmentCase,
    *,
    start: date,
    due: date,
    event: date | None,
    evidence: Sequence[str] = (),
) -> Finding | None:
    """Judge "``event`` happens between ``start`` and ``due``" (both days included).

    The judgement day is the event when it is on time, else the deadline.  An event dated
    before ``start`` cannot fulfil the obligation (``fail_early`` once the deadline passed);
    one after the deadline is late (``fail_late``); none at all is ``fail``.
    """
    seen = _seen(ctx, event)
    valid = seen if seen is not None and start <= seen else None
    day = valid if valid is not None and valid <= due else due
    if day not in ctx.window:
        return None
    if valid is not None and valid <= due:
        return _finding(
            ctx, case, Status.PASS, measured=valid, expected=due, evidence=evidence, due_on=due
        )
    if valid is None and due > ctx.as_of:
        return _not_yet_due(ctx, case, due)
    if valid is not None:
        key = "fail_late"
    elif seen is not None:
        key = "fail_early"
    else:
        key = "fail"
    return _finding(
        ctx,
        case,
        Status.FAIL,
        key=key,
        measured=seen,
        expected=due,
        evidence=evidence,
        due_on=due,
        start=start,
    )


def _admission(ctx: RuleContext[Any], case: DevelopmentCase) -> date | None:
    """The admission vote's date when it is judged in this run, else ``None``."""
    vote = _seen(ctx, case.admission_date)
    return vote if vote is not None and vote in ctx.window else None


def _conversion(ctx: RuleContext[Any], case: DevelopmentCase) -> date | None:
    """The conversion vote's date when it is judged in this run, else ``None``."""
    vote = _seen(ctx, case.conversion_date)
    return vote if vote is not None and vote in ctx.window else None


def _step_before_vote(
    ctx: RuleContext[Any],
    case: DevelopmentCase,
    vote: date,
    step: date | None,
    *,
    earliest: date | None = None,
    **context: Any,
) -> Finding:
    """Judge "the recorded ``step`` is dated on or before ``vote``" (dates carry no time of
    day, so a step on the vote day counts, as the political review does).

    A step after ``as_of`` is not on record (``fail``, as none); one after the vote is
    ``fail_late``; one before ``earliest`` (when given) cannot be this step (``fail_early``).
    ``measured`` = the step's date, ``expected`` = the vote's.
    """
    seen = _seen(ctx, step)
    if seen is None:
        status, key = Status.FAIL, "fail"
    elif seen > vote:
        status, key = Status.FAIL, "fail_late"
    elif earliest is not None and seen < earliest:
        status, key = Status.FAIL, "fail_early"
    else:
        status, key = Status.PASS, "pass"
    return _finding(ctx, case, status, key=key, measured=seen, expected=vote, vote=vote, **context)


def _working_days(start: date, end: date) -> int:
    """Monday–Friday days from ``start`` to ``end``, both included (0 if ``end < start``)."""
    if end < start:
        return 0
    weeks, rest = divmod((end - start).days + 1, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for k in range(rest) if (first + k) % 7 < 5)


class NoticeParams(Params):
    """How long a public notice (公示) runs."""

    min_working_days: int = Field(default=5, ge=1, title="公示最少工作日")


_NOTICE_MESSAGES: dict[str, tuple[str, str]] = {
    "pass": (
        "{what}自 {start} 至 {end}，共 {measured} 个工作日（至少 {expected}），早于{vote_zh}（{vote}）",
        "{what_en} {start}–{end}: {measured} working day(s) (at least {expected}), before the vote {vote}",
    ),
    "fail": (
        "{vote_zh}（{vote}）前无{what}记录",
        "no {what_en} before the vote {vote}",
    ),
    "fail_short": (
        "{what}自 {start} 至 {end}，仅 {measured} 个工作日，不足 {expected} 个工作日",
        "{what_en} {start}–{end}: {measured} working day(s), fewer than {expected}",
    ),
    "fail_late": (
        "{what}至 {end} 结束，未在{vote_zh}（{vote}）前期满",
        "the {what_en} ends on {end}, not before the vote {vote}",
    ),
}
"""Messages of both notice rules; ``what``/``vote_zh`` name the notice and its vote."""


def _notice_finding(
    ctx: RuleContext[NoticeParams],
    case: DevelopmentCase,
    vote: date,
    notice: PublicNotice | None,
    *,
    what: tuple[str, str],
    vote_zh: str,
) -> Finding:
    """Judge a public notice before ``vote``: at least ``min_working_days`` working days
    (Monday–Friday, both ends included) and ended by the day before the vote.

    A notice starting after ``as_of`` is not on record (``fail``, as none).  Ending on or
    after the vote day is ``fail_late`` (checked first: a late notice is late however long);
    too few working days is ``fail_short``.  ``measured`` = the working days, ``expected`` =
    the minimum.
    """
    need = ctx.params.min_working_days
    names: dict[str, Any] = {"what": what[0], "what_en": what[1], "vote_zh": vote_zh, "vote": vote}
    if notice is None or _seen(ctx, notice.start) is None:
        return _finding(ctx, case, Status.FAIL, expected=need, **names)
    days = _working_days(notice.start, notice.end)
    if notice.end >= vote:
        status, key = Status.FAIL, "fail_late"
    elif days < need:
        status, key = Status.FAIL, "fail_short"
    else:
        status, key = Status.PASS, "pass"
    return _finding(
        ctx,
        case,
        status,
        key=key,
        measured=days,
        expected=need,
        start=notice.start,
        end=notice.end,
        **names,
    )


def _probation_end(ctx: RuleContext[Any], case: DevelopmentCase, years: int) -> date | None:
    """When the probation ends: ``years`` after the admission vote plus every extension
    decided on or before the conversion vote (or ``as_of`` while there is none)."""
    admitted = _seen(ctx, case.admission_date)
    if admitted is None:
        return None
    limit = _seen(ctx, case.conversion_date) or ctx.as_of
    months = sum(e.months for e in case.extensions if e.decided_on <= limit)
    return deadline(admitted, years=years, months=months)


def _range_check(low: int, high: int, what: str) -> None:
    if low > high:
        raise ValueError(f"{what}: minimum {low} exceeds maximum {high}")


# -- stage 1: application ------------------------------------------------------------------


class MinAgeParams(Params):
    """Minimum age on the application date."""

    min_age: int = Field(default=18, ge=0, title="最低年龄（周岁）")


def _age_on(birth: date, day: date) -> int:
    """Full years of age on ``day`` (a 29 February birthday falls on 28 February)."""
    age = day.year - birth.year
    if deadline(birth, years=age) > day:
        age -= 1
    return age


@_case_rule(
    "development.min_age",
    title=("申请入党时年满十八周岁", "The applicant is at least 18 on the application date"),
    source="细则 第五条 [N]",
    params=MinAgeParams(),
    messages={
        "pass": (
            "递交入党申请时 {measured} 周岁",
            "{person} was {measured} on the application date",
        ),
        "fail": (
            "递交入党申请时 {measured} 周岁，未满 {expected} 周岁（{adult_on} 满 {expected} 周岁）",
            "{person} was {measured} on the application date, under {expected} (turns {expected} on {adult_on})",
        ),
        "fail_no_birth_date": (
            "台账缺少出生日期，无法核实申请时是否年满 {expected} 周岁",
            "{person} has no recorded birth date: age {expected} cannot be verified",
        ),
    },
)
def min_age(ctx: RuleContext[MinAgeParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The applicant is at least ``min_age`` full years old on the day the application is
    handed in (the judgement day).  The birthday counts: someone born on 2007-05-10 may apply
    on 2025-05-10; someone born on 29 February turns 18 on 28 February of a common year
    (calendar arithmetic).  A case without an application date is not judged.  A person
    without a recorded birth date fails (``fail_no_birth_date``): the ledger is the evidence,
    and an age that cannot be verified is not shown to be met."""
    need = ctx.params.min_age
    applied = _seen(ctx, case.application)
    if applied is None or not _judged(ctx, applied):
        return
    person = ctx.index.people.get(case.person_id)
    birth = person.birth_date if person is not None else None
    if birth is None:
        yield _finding(
            ctx,
            case,
            Status.FAIL,
            key="fail_no_birth_date",
            expected=need,
            evidence=(case.person_id,),
        )
        return
    adult_on = deadline(birth, years=need)
    yield _finding(
        ctx,
        case,
        Status.PASS if adult_on <= applied else Status.FAIL,
        measured=_age_on(birth, applied),
        expected=need,
        evidence=(case.person_id,),
        adult_on=adult_on,
    )


class TalkParams(Params):
    """How soon after the application the organisation talks with the applicant."""

    talk_within_months: int = Field(default=1, ge=0, title="谈话期限（月）")


@_case_rule(
    "development.application_talk",
    title=("收到入党申请书后一个月内派人谈话", "A talk with the applicant within 1 month"),
    source="细则 第七条 [N2]",
    params=TalkParams(),
    messages=deadline_messages("谈话", "talk", "递交入党申请", "application"),
)
def application_talk(ctx: RuleContext[TalkParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The party organisation talks with the applicant within ``talk_within_months`` of the
    application, the deadline day included (an application on 31 January is due by the last
    day of February).  Judgement day: the talk when it is on time, else the deadline.  A talk
    dated before the application does not count (``fail_early`` once the deadline passed).
    A case without an application date is not judged."""
    months = ctx.params.talk_within_months
    applied = _seen(ctx, case.application)
    if applied is None:
        return
    found = _deadline_finding(
        ctx, case, start=applied, due=deadline(applied, months=months), event=case.talk
    )
    if found is not None:
        yield found


# -- stage 2: activists ----------------------------------------------------------------------


class ContactsParams(Params):
    """How many full members an activist has as contacts (培养联系人)."""

    min: int = Field(default=1, ge=0, title="最少培养联系人")
    max: int = Field(default=2, ge=0, title="最多培养联系人")

    @model_validator(mode="after")
    def _check_range(self) -> Self:
        _range_check(self.min, self.max, "contacts")
        return self


@_case_rule(
    "development.contacts",
    title=(
        "为入党积极分子指定一至两名正式党员作培养联系人",
        "An activist has 1–2 full members as contacts",
    ),
    source="细则 第九条 [N2]",
    params=ContactsParams(),
    messages={
        "pass": ("有培养联系人 {measured} 名", "{person} has {measured} contact(s)"),
        "fail_count": (
            "有培养联系人 {measured} 名，应为 {min}–{max} 名",
            "{person} has {measured} contact(s), expected {min}–{max}",
        ),
        "fail_not_full": (
            "培养联系人 {not_full} 在指定时不是正式党员",
            "contact(s) {not_full} of {person} were not full members when assigned",
        ),
    },
)
def contacts(ctx: RuleContext[ContactsParams], case: DevelopmentCase) -> Iterator[Finding]:
    """An activist has between ``min`` and ``max`` distinct contacts, each a full member
    (正式党员) on the day they were assigned (``contacts_assigned``, or the activist
    designation when that is not recorded).  Judgement day: the activist designation.
    Contacts assigned after ``as_of`` are not yet on record (none listed → fail).
    ``measured`` is the number of contacts listed; ``expected`` is ``(min, max)``."""
    p = ctx.params
    designated = _seen(ctx, case.activist)
    if designated is None or not _judged(ctx, designated):
        return
    assigned = case.contacts_assigned
    if assigned is not None and assigned > ctx.as_of:
        listed: list[str] = []
    else:
        listed = sorted(set(case.contacts))
    yield _listed_members(
        ctx,
        case,
        listed,
        assigned or designated,
        counted=p.min <= len(listed) <= p.max,
        expected=(p.min, p.max),
        min=p.min,
        max=p.max,
    )


def _listed_members(
    ctx: RuleContext[Any],
    case: DevelopmentCase,
    listed: list[str],
    on: date,
    *,
    counted: bool,
    expected: Any,
    **context: Any,
) -> Finding:
    """The finding on the people a case lists (contacts, introducers): as many as required
    (``counted``), each a full member (正式党员, not 预备) on ``on``.  A wrong count fails
    first (``fail_count``), then anyone not a full member (``fail_not_full``, named)."""
    not_full = [pid for pid in listed if not ctx.index.is_member(pid, on, full_only=True)]
    if not counted:
        status, key = Status.FAIL, "fail_count"
    elif not_full:
        status, key = Status.FAIL, "fail_not_full"
    else:
        status, key = Status.PASS, "pass"
    return _finding(
        ctx,
        case,
        status,
        key=key,
        measured=len(listed),
        expected=expected,
        evidence=listed,
        not_full=[ctx.index.name_of(pid) or pid for pid in not_full],
        **context,
    )


class ReviewParams(Params):
    """The longest allowed gap between reviews of an activist (培养考察)."""

    review_gap_months: int = Field(default=6, ge=1, title="考察间隔（月）")


def _missed_deadlines(
    previous: date, stop: date, months: int, *, passed_on_stop: bool
) -> tuple[list[date], date]:
    """Deadlines every ``months`` after ``previous`` that passed unmet by ``stop`` — those
    before it, and the one on it when ``passed_on_stop`` — and the first one that did not."""
    missed: list[date] = []
    k = 1
    due = deadline(previous, months=months)
    while due < stop or (passed_on_stop and due == stop):
        missed.append(due)
        k += 1
        due = deadline(previous, months=months * k)
    return missed, due


def _review_checkpoints(
    start: date, reviews: Iterable[date], end: date | None, as_of: date, months: int
) -> tuple[list[tuple[date, bool]], date | None]:
    """The review deadlines of one activist, each as ``(day, met)``, and the pending one.

    From the designation and from each review the next review (or the candidate designation
    ``end``) is due within ``months``: on time it is a met checkpoint on its own date; when
    it is late every deadline it missed (``months``, ``2×months`` … after the last point) is a
    missed checkpoint.  While there is no ``end``, the open tail's deadlines on or before
    ``as_of`` are missed checkpoints and the next one is returned as pending.
    """
    limit = end if end is not None else as_of
    targets = sorted({r for r in reviews if start < r <= limit} | ({end} if end else set()))
    out: list[tuple[date, bool]] = []
    previous = start
    for target in targets:
        missed, _ = _missed_deadlines(previous, target, months, passed_on_stop=False)
        out.extend((day, False) for day in missed)
        if not missed:
            out.append((target, True))
        previous = target
    if end is not None:
        return out, None
    missed, pending = _missed_deadlines(previous, as_of, months, passed_on_stop=True)
    out.extend((day, False) for day in missed)
    return out, pending


@_case_rule(
    "development.activist_reviews",
    title=("入党积极分子每半年考察一次", "Each activist is reviewed every half year"),
    source="细则 第十一条 [N2]",
    params=ReviewParams(),
    messages={
        "pass": (
            "本期按时考察：{measured}",
            "{person} reviewed on time: {measured}",
        ),
        "fail": (
            "考察间隔超过 {expected} 个月：{measured} 前未考察",
            "{person}: gap over {expected} months, no review by {measured}",
        ),
        "not_yet_due": ("下次考察期限 {expected} 尚未到期", "next review due by {expected}"),
    },
)
def activist_reviews(ctx: RuleContext[ReviewParams], case: DevelopmentCase) -> Iterator[Finding]:
    """While an activist (from the designation to the candidate designation), no gap between
    the designation, the reviews and the candidate designation exceeds ``review_gap_months``
    (calendar months, the deadline day included: 6 months after 15 January is 15 July).

    Each gap yields checkpoints: a review (or the candidate designation) on time is a met
    checkpoint on its date; a late one leaves a missed checkpoint on every deadline it
    overran (6, 12 … months after the previous point), so an activist left without reviews
    fails in every window.  Reviews dated on or before the designation or after the candidate
    designation do not count.  The case is judged in a window holding a checkpoint: ``fail``
    when any of them was missed (``measured`` = the missed deadlines), else ``pass``
    (``measured`` = the dates of the reviews judged).  With no checkpoint yet, a pending
    deadline inside the window is ``not_yet_due``."""
    gap = ctx.params.review_gap_months
    designated = _seen(ctx, case.activist)
    if designated is None:
        return
    end = _seen(ctx, case.candidate)
    reviews = [r for r in case.reviews if r <= ctx.as_of]
    checkpoints, pending = _review_checkpoints(designated, reviews, end, ctx.as_of, gap)
    judged = [(day, met) for day, met in checkpoints if day in ctx.window]
    missed = tuple(day for day, met in judged if not met)
    if missed:
        yield _finding(ctx, case, Status.FAIL, measured=missed, expected=gap)
    elif judged:
        yield _finding(
            ctx, case, Status.PASS, measured=tuple(day for day, _ in judged), expected=gap
        )
    elif pending is not None and pending in ctx.window:
        yield _not_yet_due(ctx, case, pending)


class ActivistPeriodParams(Params):
    """The shortest time an activist is trained before becoming a candidate."""

    activist_period_years: int = Field(default=1, ge=0, title="培养教育期（年）")


@_case_rule(
    "development.activist_period",
    title=(
        "入党积极分子经过一年以上培养教育方可列为发展对象",
        "≥ 1 year as activist before candidacy",
    ),
    source="细则 第十三条 [N]",
    params=ActivistPeriodParams(),
    messages={
        "pass": (
            "于 {measured} 确定为发展对象（最早 {expected}）",
            "{person} became a candidate on {measured} (earliest {expected})",
        ),
        "fail": (
            "于 {measured} 确定为发展对象，培养期不满 {years} 年（积极分子 {activist}，最早 {expected}）",
            "{person} became a candidate on {measured}, less than {years} year(s) after {activist} (earliest {expected})",
        ),
        "fail_no_activist": (
            "确定为发展对象（{measured}）但台账无确定为入党积极分子的日期",
            "{person} became a candidate on {measured} with no recorded activist designation",
        ),
    },
)
def activist_period(
    ctx: RuleContext[ActivistPeriodParams], case: DevelopmentCase
) -> Iterator[Finding]:
    """The candidate designation (the judgement day) is at least ``activist_period_years``
    calendar years after the activist designation: from 2023-03-01 the earliest day is
    2024-03-01 (365 days across 29 February is not a year).  A candidate without a recorded
    activist designation fails (``fail_no_activist``)."""
    years = ctx.params.activist_period_years
    candidate = _seen(ctx, case.candidate)
    if candidate is None or not _judged(ctx, candidate):
        return
    if case.activist is None:
        yield _finding(ctx, case, Status.FAIL, key="fail_no_activist", measured=candidate)
        return
    earliest = deadline(case.activist, years=years)
    yield _finding(
        ctx,
        case,
        Status.PASS if earliest <= candidate else Status.FAIL,
        measured=candidate,
        expected=earliest,
        years=years,
        activist=case.activist,
    )


# -- stage 3: candidates ---------------------------------------------------------------------


class IntroducersParams(Params):
    """How many introducers (入党介绍人) a candidate has."""

    introducers: int = Field(default=2, ge=1, title="入党介绍人人数")


@_case_rule(
    "development.introducers",
    title=("有两名正式党员作入党介绍人", "Two full members are the introducers"),
    source="细则 第十四条 [N]",
    params=IntroducersParams(),
    messages={
        "pass": ("入党介绍人 {names}", "introducers of {person}: {names}"),
        "fail_count": (
            "有入党介绍人 {measured} 名，应为 {expected} 名",
            "{person} has {measured} introducer(s), expected {expected}",
        ),
        "fail_not_full": (
            "入党介绍人 {not_full} 在支部大会接收之日（{vote}）不是正式党员",
            "introducer(s) {not_full} of {person} were not full members on the vote date {vote}",
        ),
    },
)
def introducers(ctx: RuleContext[IntroducersParams], case: DevelopmentCase) -> Iterator[Finding]:
    """Exactly ``introducers`` distinct introducers, each a full member (正式党员, not 预备)
    on the date of the branch's admission vote (the judgement day).  ``measured`` is the
    number listed; the evidence lists them.  A probationary or former member fails
    (``fail_not_full``)."""
    need = ctx.params.introducers
    vote = _admission(ctx, case)
    if vote is None:
        return
    listed = sorted(set(case.introducers))
    yield _listed_members(
        ctx,
        case,
        listed,
        vote,
        counted=len(listed) == need,
        expected=need,
        vote=vote,
        names=[ctx.index.name_of(pid) or pid for pid in listed],
    )


@_case_rule(
    "development.political_review",
    title=("接收前政治审查合格", "A political review passed before the admission vote"),
    source="细则 第十六条 [N2]",
    messages={
        "pass": (
            "于 {measured} 政审合格",
            "{person} passed the political review on {measured}",
        ),
        "fail": (
            "接收前（{expected}）无政治审查记录",
            "no political review before the vote {expected}",
        ),
        "fail_not_passed": (
            "政治审查（{measured}）结论为不合格，仍提交支部大会接收",
            "the political review of {measured} was not passed",
        ),
        "fail_late": (
            "政治审查日期 {measured} 晚于支部大会接收（{expected}）",
            "the political review of {measured} is after the vote {expected}",
        ),
    },
)
def political_review(ctx: RuleContext[Any], case: DevelopmentCase) -> Iterator[Finding]:
    """A political review with a passing conclusion dated on or before the admission vote
    (the judgement day; dates carry no time, so a review on the vote day counts).  No review,
    a failed one, or one after the vote fails.  ``measured`` = the review date, ``expected``
    = the vote date."""
    vote = _admission(ctx, case)
    if vote is None:
        return
    review = case.political_review
    if review is None:
        status, key, measured = Status.FAIL, "fail", None
    elif review.date > vote:
        status, key, measured = Status.FAIL, "fail_late", review.date
    elif not review.passed:
        status, key, measured = Status.FAIL, "fail_not_passed", review.date
    else:
        status, key, measured = Status.PASS, "pass", review.date
    yield _finding(ctx, case, status, key=key, measured=measured, expected=vote)


class TrainingParams(Params):
    """The length of a candidate's concentrated training (集中培训)."""

    min_days: int = Field(default=3, ge=0, title="最少培训天数")
    min_hours: int = Field(default=24, ge=0, title="最少培训学时")


def _training_days(start: date, end: date, days: Decimal | None) -> Decimal:
    """Recorded days, or the training's calendar span (both ends included)."""
    return days if days is not None else Decimal((end - start).days + 1)


@_case_rule(
    "development.candidate_training",
    title=(
        "发展对象接收前参加不少于三天（24学时）的集中培训",
        "Candidate training ≥ 3 days or 24 hours",
    ),
    source="细则 第十七条 [N]",
    params=TrainingParams(),
    messages={
        "pass": (
            "集中培训 {days} 天 / {hours} 学时",
            "{person} trained {days} day(s) / {hours} hour(s)",
        ),
        "fail": (
            "接收前（{vote}）无集中培训记录",
            "no candidate training before the vote {vote}",
        ),
        "fail_short": (
            "集中培训 {days} 天 / {hours} 学时，既不足 {min_days} 天也不足 {min_hours} 学时",
            "{person} trained {days} day(s) / {hours} hour(s): neither {min_days} days nor {min_hours} hours",
        ),
        "fail_late": (
            "集中培训至 {end} 结束，晚于支部大会接收（{vote}）",
            "the training ends on {end}, after the vote {vote}",
        ),
    },
)
def candidate_training(
    ctx: RuleContext[TrainingParams], case: DevelopmentCase
) -> Iterator[Finding]:
    """A concentrated training of at least ``min_days`` days *or* at least ``min_hours``
    学时, ended on or before the admission vote (the judgement day).  Days are the recorded
    days, else the training's calendar span with both ends included; hours count only when
    recorded.  ``measured`` = ``{"days", "hours"}``, ``expected`` = the two minimums."""
    p = ctx.params
    expected = {"days": p.min_days, "hours": p.min_hours}
    vote = _admission(ctx, case)
    if vote is None:
        return
    t = case.training
    if t is None:
        yield _finding(ctx, case, Status.FAIL, expected=expected, vote=vote)
        return
    days = _training_days(t.start, t.end, t.days)
    measured = {"days": days, "hours": t.hours}
    if t.end > vote:
        status, key = Status.FAIL, "fail_late"
    elif days >= p.min_days or (t.hours is not None and t.hours >= p.min_hours):
        status, key = Status.PASS, "pass"
    else:
        status, key = Status.FAIL, "fail_short"
    yield _finding(
        ctx,
        case,
        status,
        key=key,
        measured=measured,
        expected=expected,
        vote=vote,
        end=t.end,
        days=days,
        hours=t.hours if t.hours is not None else "—",
        min_days=p.min_days,
        min_hours=p.min_hours,
    )


@_case_rule(
    "development.pre_review",
    title=("接收前报上级党委预审", "The committee's pre-review (预审) before the admission vote"),
    source="细则 第五章 [N2]",
    messages=step_messages("上级党委预审", "pre-review", "支部大会接收", "admission vote"),
)
def pre_review(ctx: RuleContext[Any], case: DevelopmentCase) -> Iterator[Finding]:
    """The higher committee's pre-review of the candidate (``pre_review``) is dated on or
    before the branch's admission vote (the judgement day).  Dates carry no time of day, so
    a pre-review on the vote day counts, as for the political review.  No pre-review on
    record by the vote → ``fail``; one after it → ``fail_late``.  A case whose admission vote
    is not held (or not on record by ``as_of``) is not judged.  ``measured`` = the
    pre-review date, ``expected`` = the vote date."""
    vote = _admission(ctx, case)
    if vote is not None:
        yield _step_before_vote(ctx, case, vote, case.pre_review)


@_case_rule(
    "development.admission_notice",
    title=(
        "接收前对发展对象公示不少于五个工作日",
        "The candidate is publicly noticed (公示) for ≥ 5 working days before the vote",
    ),
    source="细则 第五章 [N2]; 5 working days [L]",
    params=NoticeParams(),
    messages=_NOTICE_MESSAGES,
)
def admission_notice(ctx: RuleContext[NoticeParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The public notice of the candidate (``admission_notice``) runs at least
    ``min_working_days`` working days and has ended before the admission vote (the
    judgement day).  Working days are Monday to Friday, the first and the last day of the
    notice included; weekend days do not count and public holidays are not known to the
    ledger, so they count as working days when they fall on a weekday.  "Before the vote"
    means the notice's last day is the day before the vote at the latest: a notice still
    running on the vote day has not run its course when the branch decides (``fail_late``).
    No notice on record → ``fail``; too short → ``fail_short``.  A case whose admission vote
    is not held is not judged.  ``measured`` = the working days, ``expected`` = the
    minimum."""
    vote = _admission(ctx, case)
    if vote is not None:
        yield _notice_finding(
            ctx,
            case,
            vote,
            case.admission_notice,
            what=("发展对象公示", "public notice of the candidate"),
            vote_zh="支部大会接收",
        )


# -- stage 4: admission ----------------------------------------------------------------------


@_case_rule(
    "development.application_form",
    title=(
        "接收前填写入党志愿书",
        "The application form (入党志愿书) is filled in before the vote",
    ),
    source="细则 第五章 [N2]",
    messages=step_messages("填写入党志愿书", "application form", "支部大会接收", "admission vote"),
)
def application_form(ctx: RuleContext[Any], case: DevelopmentCase) -> Iterator[Finding]:
    """The candidate's 入党志愿书 (``application_form``) is dated on or before the admission
    vote (the judgement day).  A form dated on the vote day itself passes: dates carry no
    time of day, and the form is filled in before the meeting that discusses it, as is the
    common practice (the political review is read the same way).  No form on record by the
    vote → ``fail``; a form dated after it → ``fail_late``.  A case whose admission vote is
    not held is not judged.  ``measured`` = the form's date, ``expected`` = the vote date."""
    vote = _admission(ctx, case)
    if vote is not None:
        yield _step_before_vote(ctx, case, vote, case.application_form)


@_case_rule(
    "development.admission_vote",
    title=(
        "支部大会接收预备党员：到会和赞成均超过应到人数半数",
        "Admission vote: quorum and majority",
    ),
    source="细则; 党章 [N2]",
    messages={
        "pass": (
            "接收表决 {what} {measured} 人（应到 {entitled}，至少 {expected}）",
            "{what_en} {measured} of {entitled} entitled (at least {expected})",
        ),
        "fail": (
            "接收表决 {what} {measured} 人，未超过应到 {entitled} 人的半数（至少 {expected}）",
            "{what_en} {measured} of {entitled} entitled: not more than half (at least {expected})",
        ),
    },
)
def admission_vote(ctx: RuleContext[Any], case: DevelopmentCase) -> Iterator[Finding]:
    """The branch general assembly's admission vote (the judgement day) counts as recorded:
    facet ``present`` — voting full members present > entitled / 2; facet ``yes`` — yes
    votes > entitled / 2 (not of those present).  ``expected`` is the smallest count that is
    more than half (``entitled // 2 + 1``): with 10 entitled, 5 present fails and 6 passes.
    With nobody entitled both facets fail."""
    vote = _admission(ctx, case)
    if vote is None or case.admission_vote is None:
        return
    v = case.admission_vote
    need = v.entitled // 2 + 1
    for facet, count, what, what_en in (
        ("present", v.present, "实到", "present"),
        ("yes", v.yes, "赞成", "yes votes"),
    ):
        yield _finding(
            ctx,
            case,
            Status.PASS if count >= need else Status.FAIL,
            facet=facet,
            measured=count,
            expected=need,
            entitled=v.entitled,
            what=what,
            what_en=what_en,
        )


class ApprovalParams(Params):
    """How soon the approving committee decides on an admission (审批)."""

    approval_months: int = Field(default=3, ge=0, title="审批期限（月）")
    approval_hard_cap_months: int = Field(default=6, ge=0, title="审批最长期限（月）")

    @model_validator(mode="after")
    def _check_range(self) -> Self:
        _range_check(self.approval_months, self.approval_hard_cap_months, "approval")
        return self


@_case_rule(
    "development.approval_deadline",
    title=("上级党委在三个月内审批", "The committee decides within 3 months of the vote"),
    source="细则 第二十五条 [N2]",
    params=ApprovalParams(),
    messages={
        "pass": (
            "于 {measured} 审批（期限 {expected}）",
            "decided on {measured} (due {expected})",
        ),
        "warn": (
            "于 {measured} 审批，超过 {months} 个月期限（{expected}），未超过 {cap} 个月（{hard}）",
            "decided on {measured}: after {expected}, within the {cap}-month cap {hard}",
        ),
        "warn_missing": (
            "支部大会接收（{vote}）后超过 {months} 个月（{expected}）仍未审批，最迟 {hard}",
            "no decision by {expected} ({months} months after the vote {vote}); cap {hard}",
        ),
        "fail": (
            "支部大会接收（{vote}）后超过 {cap} 个月（{hard}）仍未审批",
            "no decision within {cap} months of the vote {vote} (by {hard})",
        ),
        "fail_late": (
            "于 {measured} 审批，超过 {cap} 个月最长期限（{hard}）",
            "decided on {measured}, after the {cap}-month cap {hard}",
        ),
        "not_yet_due": ("审批期限 {expected} 尚未到期", "decision due by {expected}"),
    },
)
def approval_deadline(ctx: RuleContext[ApprovalParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The approving committee's decision (approval or refusal: either is a decision) is
    dated within ``approval_months`` of the admission vote → ``pass`` (exactly 3 months
    passes); later but within ``approval_hard_cap_months`` → ``warn``; later still → ``fail``.
    Judgement day: the decision when it came within the cap; else the cap's deadline; while
    there is no decision, the 3-month deadline (``warn_missing`` once it has passed,
    ``not_yet_due`` before) until the cap passes.  A decision dated before the vote does
    not count.  ``expected`` = the 3-month deadline."""
    p = ctx.params
    vote = _seen(ctx, case.admission_date)
    if vote is None:
        return
    soft = deadline(vote, months=p.approval_months)
    hard = deadline(vote, months=p.approval_hard_cap_months)
    decided = _seen(ctx, case.approval.date if case.approval else None)
    if decided is not None and decided < vote:
        decided = None
    status, key, day = _approval_outcome(ctx.as_of, decided, soft, hard)
    if day not in ctx.window:
        return
    if key == "not_yet_due":
        yield _not_yet_due(ctx, case, soft)
        return
    org = (case.approval.org_id,) if decided is not None and case.approval else ()
    yield _finding(
        ctx,
        case,
        status,
        key=key,
        measured=decided,
        expected=soft,
        evidence=org,
        due_on=soft,
        vote=vote,
        hard=hard,
        months=p.approval_months,
        cap=p.approval_hard_cap_months,
    )


def _approval_outcome(
    as_of: date, decided: date | None, soft: date, hard: date
) -> tuple[Status, str, date]:
    """``(status, message key, judgement day)`` of an approval deadline with a warn band."""
    if decided is not None:
        if decided <= soft:
            return Status.PASS, "pass", decided
        if decided <= hard:
            return Status.WARN, "warn", decided
        return Status.FAIL, "fail_late", hard
    if as_of >= hard:
        return Status.FAIL, "fail", hard
    if as_of >= soft:
        return Status.WARN, "warn_missing", soft
    return Status.NOT_APPLICABLE, "not_yet_due", soft


class ApproverParams(Params):
    """Which kinds of organisation may approve an admission (or a conversion)."""

    approver_kinds: tuple[OrgKind, ...] = Field(
        default=(OrgKind.SCHOOL_COMMITTEE, OrgKind.DEPT_COMMITTEE), title="有审批权的党组织类型"
    )


@_case_rule(
    "development.approver",
    title=("发展党员须经党委审批", "Admission is approved by a party committee (党委)"),
    source="[N2]",
    params=ApproverParams(),
    messages={
        "pass": ("由{org}（{kind}）审批", "approved by {org} ({measured})"),
        "fail": (
            "由{org}（{kind}）审批，{kind}无权审批发展党员，应由党委审批",
            "approved by {org} ({measured}): only a party committee (党委) may approve",
        ),
    },
)
def approver(ctx: RuleContext[ApproverParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The admission's approval (``approval.org_id``) is decided by an organisation of one of
    ``approver_kinds`` — the school committee or a department committee (党委) — never by a
    党总支 or a branch.  Judgement day: the approval date; a refusal is judged the same way.
    An approver missing from the ledger's organisations fails (its power is not shown).
    The conversion approval is judged by ``development.conversion_approver``, the same way.
    ``measured`` = the approver's kind, the evidence names it."""
    yield from _approver_findings(ctx, case, case.approval)


def _approver_findings(
    ctx: RuleContext[ApproverParams], case: DevelopmentCase, approval: Approval | None
) -> Iterator[Finding]:
    """Judge who decided ``approval`` (of the admission or of the conversion): an
    organisation of one of ``approver_kinds``, on the approval date (the judgement day)."""
    if approval is None or not _judged(ctx, approval.date):
        return
    kinds = ctx.params.approver_kinds
    org = ctx.index.orgs.get(approval.org_id)
    kind = org.kind if org is not None else None
    yield _finding(
        ctx,
        case,
        Status.PASS if kind in kinds else Status.FAIL,
        measured=kind,
        expected=kinds,
        evidence=(approval.org_id,),
        org=org.name if org is not None else approval.org_id,
        kind=kind.zh if kind is not None else "未知组织",
    )


# -- stage 5: probation and conversion ------------------------------------------------------


class OathParams(Params):
    """The probation during which the oath is taken."""

    probation_years: int = Field(default=1, ge=0, title="预备期（年）")


@_case_rule(
    "development.oath",
    title=("预备期内进行入党宣誓", "The oath is taken during probation"),
    source="党章 第六条 [N]",
    params=OathParams(),
    messages={
        "pass": ("于 {measured} 入党宣誓", "{person} took the oath on {measured}"),
        "fail": (
            "预备期已满（{expected}）仍无入党宣誓记录",
            "no oath by the end of probation {expected}",
        ),
        "fail_late": (
            "入党宣誓（{measured}）晚于预备期满（{expected}）",
            "oath on {measured}, after the probation ended {expected}",
        ),
        "fail_early": (
            "入党宣誓日期 {measured} 早于支部大会接收（{vote}）",
            "oath dated {measured}, before the admission vote {vote}",
        ),
        "not_yet_due": (
            "预备期至 {expected} 期满，尚未宣誓",
            "probation ends {expected}; no oath yet",
        ),
    },
)
def oath(ctx: RuleContext[OathParams], case: DevelopmentCase) -> Iterator[Finding]:
    """An oath dated during the probation — from the admission vote to the probation's end
    (extensions included), both days included.  Judgement day: the probation's end.  Until
    it, a missing oath is ``not_applicable`` (``not_yet_due``) and an oath already taken
    ``pass``; after it, no oath (or one dated outside the probation) fails.  ``measured`` =
    the oath date, ``expected`` = the probation's end."""
    years = ctx.params.probation_years
    vote = _seen(ctx, case.admission_date)
    end = _probation_end(ctx, case, years)
    if vote is None or end is None or end not in ctx.window:
        return
    sworn = _seen(ctx, case.oath)
    if sworn is not None and vote <= sworn <= end:
        yield _finding(ctx, case, Status.PASS, measured=sworn, expected=end, due_on=end)
    elif end > ctx.as_of:
        yield _not_yet_due(ctx, case, end)
    else:
        key = "fail" if sworn is None else ("fail_late" if sworn > end else "fail_early")
        yield _finding(
            ctx, case, Status.FAIL, key=key, measured=sworn, expected=end, vote=vote, due_on=end
        )


class ProbationParams(Params):
    """The probation and how soon after it ends the conversion vote is held."""

    probation_years: int = Field(default=1, ge=0, title="预备期（年）")
    conversion_grace_months: int = Field(default=1, ge=0, title="期满后讨论转正期限（月）")


@_case_rule(
    "development.probation_end",
    title=("预备期满后及时讨论转正", "The conversion vote follows the end of probation"),
    source="党章 第七条 [N]; 1 month [L]",
    params=ProbationParams(),
    messages={
        "pass": (
            "于 {measured} 讨论转正（预备期满 {expected}）",
            "conversion vote on {measured} (probation ended {expected})",
        ),
        "fail_early": (
            "于 {measured} 讨论转正，早于预备期满（{expected}）",
            "conversion vote on {measured}, before the probation ends {expected}",
        ),
        "warn_late": (
            "于 {measured} 讨论转正，晚于预备期满后 {months} 个月（{late}）",
            "conversion vote on {measured}, more than {months} month(s) after {expected}",
        ),
        "warn_missing": (
            "预备期于 {expected} 期满，至 {late} 仍未讨论转正",
            "probation ended {expected}; no conversion vote by {late}",
        ),
        "not_yet_due": ("预备期至 {expected} 期满，转正讨论尚未到期", "probation ends {expected}"),
    },
)
def probation_end(ctx: RuleContext[ProbationParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The conversion vote is not before the probation ends — ``probation_years`` after the
    admission vote, moved by every extension decided by the conversion vote; a vote on the
    anniversary is on time — else ``fail`` (``fail_early``).  It is held within
    ``conversion_grace_months`` after the end (the deadline day included), else ``warn``
    (advisory band: ``warn_late``; no vote by then: ``warn_missing``).  Judgement day: the
    conversion vote when it is not late, else the grace deadline.  ``measured`` = the vote
    date, ``expected`` = the probation's end."""
    p = ctx.params
    end = _probation_end(ctx, case, p.probation_years)
    if end is None:
        return
    late = deadline(end, months=p.conversion_grace_months)
    voted = _seen(ctx, case.conversion_date)
    if voted is not None and voted < end:
        status, key, day = Status.FAIL, "fail_early", voted
    elif voted is not None and voted <= late:
        status, key, day = Status.PASS, "pass", voted
    elif voted is not None:
        status, key, day = Status.WARN, "warn_late", late
    elif ctx.as_of >= late:
        status, key, day = Status.WARN, "warn_missing", late
    else:
        status, key, day = Status.NOT_APPLICABLE, "not_yet_due", late
    if day not in ctx.window:
        return
    if status is Status.NOT_APPLICABLE:
        yield _not_yet_due(ctx, case, end, late=late)
        return
    yield _finding(
        ctx,
        case,
        status,
        key=key,
        measured=voted,
        expected=end,
        due_on=end,
        late=late,
        months=p.conversion_grace_months,
    )


class ExtensionParams(Params):
    """How often and how long a probation may be extended (延长预备期)."""

    min_months: int = Field(default=6, ge=1, title="最短延长（月）")
    max_months: int = Field(default=12, ge=1, title="最长延长（月）")
    max_count: int = Field(default=1, ge=0, title="最多延长次数")

    @model_validator(mode="after")
    def _check_range(self) -> Self:
        _range_check(self.min_months, self.max_months, "extension")
        return self


@_case_rule(
    "development.extension",
    title=("预备期最多延长一次，时间为半年至一年", "At most one extension, of 6–12 months"),
    source="细则 第三十二条 [N]",
    params=ExtensionParams(),
    messages={
        "pass": ("延长预备期 {measured}", "{person}: extension(s) {measured}"),
        "fail_count": (
            "预备期延长 {measured} 次，最多 {expected} 次",
            "{person}: probation extended {measured} times, at most {expected}",
        ),
        "fail_months": (
            "延长预备期 {measured} 个月，应为 {min}–{max} 个月",
            "{person}: extension of {measured} month(s), expected {min}–{max}",
        ),
    },
)
def extension(ctx: RuleContext[ExtensionParams], case: DevelopmentCase) -> Iterator[Finding]:
    """A case is judged in a window in which an extension was decided (on or before
    ``as_of``); a case never extended gets no finding.  Facet ``count``: the extensions
    decided so far number at most ``max_count`` (``measured`` = their number).  Facet
    ``months``: every extension decided in the window lasts ``min_months``–``max_months``
    whole months (``measured`` = their lengths, ``expected`` = ``(min, max)``)."""
    p = ctx.params
    decided = sorted(
        (e for e in case.extensions if e.decided_on <= ctx.as_of),
        key=lambda e: (e.decided_on, e.months),
    )
    in_window = [e for e in decided if e.decided_on in ctx.window]
    if not in_window:
        return
    ok_count = len(decided) <= p.max_count
    yield _finding(
        ctx,
        case,
        Status.PASS if ok_count else Status.FAIL,
        key="pass" if ok_count else "fail_count",
        facet="count",
        measured=len(decided),
        expected=p.max_count,
    )
    lengths = tuple(e.months for e in in_window)
    ok_months = all(p.min_months <= m <= p.max_months for m in lengths)
    yield _finding(
        ctx,
        case,
        Status.PASS if ok_months else Status.FAIL,
        key="pass" if ok_months else "fail_months",
        facet="months",
        measured=lengths,
        expected=(p.min_months, p.max_months),
        min=p.min_months,
        max=p.max_months,
    )


@_case_rule(
    "development.conversion_application",
    title=("讨论转正前本人提出书面转正申请", "A written conversion application before the vote"),
    source="细则 第六章 [N2]",
    messages={
        **step_messages("提出书面转正申请", "conversion application", "支部大会讨论转正", "conversion vote"),
        "fail_early": (
            "转正申请日期 {measured} 早于成为预备党员（{admitted}），不能作为转正申请",
            "the conversion application of {measured} precedes the admission {admitted}",
        ),
    },
)
def conversion_application(ctx: RuleContext[Any], case: DevelopmentCase) -> Iterator[Finding]:
    """The probationary member's written application for conversion
    (``conversion_application``) is dated on or before the branch's conversion vote (the
    judgement day; one on the vote day counts, dates carry no time of day).  It is an
    application of a probationary member, so one dated before the admission vote cannot be
    it (``fail_early``).  No application on record by the vote → ``fail``; one after it →
    ``fail_late``.  A case whose conversion vote is not held is not judged.  ``measured`` =
    the application date, ``expected`` = the vote date."""
    vote = _conversion(ctx, case)
    if vote is not None:
        admitted = case.admission_date
        yield _step_before_vote(
            ctx,
            case,
            vote,
            case.conversion_application,
            earliest=admitted,
            admitted=admitted or "—",
        )


@_case_rule(
    "development.conversion_notice",
    title=(
        "讨论转正前公示不少于五个工作日",
        "The conversion is publicly noticed (公示) for ≥ 5 working days before the vote",
    ),
    source="细则 第六章 [N2]; 5 working days [L]",
    params=NoticeParams(),
    messages=_NOTICE_MESSAGES,
)
def conversion_notice(ctx: RuleContext[NoticeParams], case: DevelopmentCase) -> Iterator[Finding]:
    """The public notice of the probationary member's conversion (``conversion_notice``)
    runs at least ``min_working_days`` working days and has ended before the conversion vote
    (the judgement day), read as for ``development.admission_notice``: Monday to Friday, the
    first and last day included (public holidays unknown, a weekday counts); the last day
    is the day before the vote at the latest (still running on the vote day →
    ``fail_late``).  No notice on record → ``fail``; too short → ``fail_short``.  A case
    whose conversion vote is not held is not judged.  ``measured`` = the working days,
    ``expected`` = the minimum."""
    vote = _conversion(ctx, case)
    if vote is not None:
        yield _notice_finding(
            ctx,
            case,
            vote,
            case.conversion_notice,
            what=("转正公示", "public notice of the conversion"),
            vote_zh="支部大会讨论转正",
        )


class ConversionApprovalParams(Params):
    """How soon the committee decides on a conversion."""

    conversion_approval_months: int = Field(default=3, ge=0, title="转正审批期限（月）")


@_case_rule(
    "development.conversion_approval",
    title=("转正在支部大会讨论后三个月内审批", "Conversion approved within 3 months of the vote"),
    source="[N2]",
    params=ConversionApprovalParams(),
    messages=deadline_messages("审批转正", "conversion approval", "支部大会讨论转正", "conversion vote"),
)
def conversion_approval(
    ctx: RuleContext[ConversionApprovalParams], case: DevelopmentCase
) -> Iterator[Finding]:
    """The committee decides on the conversion within ``conversion_approval_months`` of the
    branch's conversion vote, the deadline day included.  Judgement day: the decision when
    on time, else the deadline.  A decision dated before the vote does not count
    (``fail_early`` once the deadline passed)."""
    months = ctx.params.conversion_approval_months
    voted = _seen(ctx, case.conversion_date)
    if voted is None:
        return
    approval = case.conversion_approval
    found = _deadline_finding(
        ctx,
        case,
        start=voted,
        due=deadline(voted, months=months),
        event=approval.date if approval else None,
        evidence=(approval.org_id,) if approval else (),
    )
    if found is not None:
        yield found


@_case_rule(
    "development.conversion_approver",
    title=("预备党员转正须经党委审批", "A conversion is approved by a party committee (党委)"),
    source="[N2]",
    params=ApproverParams(),
    messages={
        "pass": ("转正由{org}（{kind}）审批", "conversion approved by {org} ({measured})"),
        "fail": (
            "转正由{org}（{kind}）审批，{kind}无权审批预备党员转正，应由党委审批",
            "conversion approved by {org} ({measured}): only a party committee (党委) may approve",
        ),
    },
)
def conversion_approver(
    ctx: RuleContext[ApproverParams], case: DevelopmentCase
) -> Iterator[Finding]:
    """The conversion's approval (``conversion_approval.org_id``) is decided by an
    organisation with the power to approve, read exactly as ``development.approver`` reads
    the admission's: one of ``approver_kinds`` — the school committee or a department
    committee (党委) — never a 党总支 or a branch, and an approver missing from the ledger's
    organisations fails.  Judgement day: the conversion approval date; a refusal is judged
    the same way.  No conversion approval yet → no finding (its deadline is
    ``development.conversion_approval``'s).  ``measured`` = the approver's kind, the
    evidence names it."""
    yield from _approver_findings(ctx, case, case.conversion_approval)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    min_age,
    application_talk,
    contacts,
    activist_reviews,
    activist_period,
    introducers,
    political_review,
    candidate_training,
    pre_review,
    admission_notice,
    application_form,
    admission_vote,
    approval_deadline,
    approver,
    oath,
    probation_end,
    extension,
    conversion_application,
    conversion_notice,
    conversion_approval,
    conversion_approver,
)
