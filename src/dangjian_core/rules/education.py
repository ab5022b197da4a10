"""``education.*`` — ideological and political education: training hours, 课程思政, counsellor
training, political birthdays and the department's education programmes (青马班, 讲堂, 新媒体).

Person rules (hours, trainings, birthdays) report one finding per person per period; who is
judged is read on the period's last day, or on ``as_of`` for the period that contains it (that
period is ``pass`` if already met, else ``not_applicable``/``not_yet_due``).  Department rules
count the activities recorded for the department organisation itself (a meeting counts for
every organisation it lists; a branch's own activity does not count for its department).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import Field

from ..model import MeetingKind, Mode, PersonCategory, PostKind, Training, TrainingKind
from ..model.index import HourRecord as _Dated
from ..model.index import LedgerIndex
from ..periods import Cadence, judged_periods
from ._common import FrequencyParams, frequency_findings, judged_states
from ._finding import Finding, Severity, Status, SubjectKind
from ._rule import Params, Rule, RuleContext, Scope, rule

__all__ = ["BirthdayParams", "HoursParams", "TrainingParams"]


# -- parameters ------------------------------------------------------------------------------
class HoursParams(Params):
    """Yearly study hours (学时) of every member."""

    min_hours: Decimal = Field(default=Decimal(32), ge=0, title="每年最少学时")
    count_online: bool = Field(default=True, title="线上学习计入")


class TrainingParams(Params):
    """At least ``min`` trainings of ``kinds`` per year."""

    kinds: tuple[TrainingKind, ...] = Field(min_length=1, title="培训类型")
    min: int = Field(default=1, ge=1, title="每年最少培训次数")


class BirthdayParams(Params):
    """Political-birthday activities (政治生日)."""

    count_online: bool = Field(default=True, title="线上活动计入")


# -- shared helpers --------------------------------------------------------------------------
def _in(items: Iterable[_Dated], start: date, end: date) -> list[_Dated]:
    return [item for item in items if start <= item.day <= end]


def _trainings(index: LedgerIndex) -> dict[str, list[Training]]:
    def build() -> dict[str, list[Training]]:
        out: dict[str, list[Training]] = defaultdict(list)
        for t in sorted(index.ledger.trainings, key=lambda t: (t.date, t.id)):
            out[t.person_id].append(t)
        return out

    return index.memo("education.trainings", build)


def _birthday_meetings(index: LedgerIndex, count_online: bool) -> dict[str, list[_Dated]]:
    """Per person: the political-birthday activities that list them as present."""

    def build() -> dict[str, list[_Dated]]:
        out: dict[str, list[_Dated]] = defaultdict(list)
        for m in index.ledger.meetings:
            if m.kind is not MeetingKind.POLITICAL_BIRTHDAY or not isinstance(m.present, list):
                continue
            if not count_online and m.mode is Mode.ONLINE:
                continue
            for pid in dict.fromkeys(m.present):
                out[pid].append(_Dated(m.date, m.id, Decimal(0)))
        for items in out.values():
            items.sort(key=lambda d: (d.day, d.id))
        return out

    return index.memo(f"education.birthdays.{count_online}", build)


def _admitted_in_month(index: LedgerIndex) -> dict[int, list[str]]:
    """People by the calendar month (1–12) of their admission (their political birthday)."""

    def build() -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        for pid, timeline in index.timelines.items():
            if timeline.admission is not None:
                out[timeline.admission.month].append(pid)
        return out

    return index.memo("education.admission_months", build)


# -- rules -----------------------------------------------------------------------------------
@rule(
    "education.member_training_hours",
    title=("党员每年集中学习培训不少于 32 学时", "Every member studies at least 32 hours a year"),
    scope=Scope.PERSON,
    source="培训规划 [N2]",
    params=HoursParams(),
    messages={
        "pass": ("全年学习培训 {measured} 学时", "{measured} study hours this year"),
        "fail": (
            "全年学习培训 {measured} 学时，不足 {expected} 学时",
            "{measured} study hours, fewer than {expected}",
        ),
    },
)
def member_training_hours(ctx: RuleContext[HoursParams]) -> Iterator[Finding]:
    """One finding per member (正式 + 预备) on the year's last day (on ``as_of`` for the current
    year): the hours of their trainings, plus the ``hours`` of every meeting that lists them in
    ``present``, dated in the year and on or before ``as_of``, total at least ``min_hours``
    (exactly 32 passes).  Meetings recording attendance only as a count, or no hours, add
    nothing; online meetings count unless ``count_online`` is false.  No pro-rata for members
    admitted during the year.  ``measured`` is the total (``Decimal``); evidence: the trainings
    and meetings counted, by date."""
    p = ctx.params
    index = ctx.index
    records = index.study_hours(count_online=p.count_online)
    for period, due, day in judged_states(ctx, Cadence.YEAR, quota=True):
        for person in index.ledger.people:
            if not index.is_member(person.id, day):
                continue
            counted = _in(records.get(person.id, ()), period.start, day)
            total = sum((d.hours for d in counted), Decimal(0))
            status = Status.PASS if total >= p.min_hours else Status.FAIL
            yield ctx.finding(
                person.id,
                SubjectKind.PERSON,
                period,
                status,
                due=due,
                measured=total,
                expected=p.min_hours,
                evidence=[d.id for d in counted],
            )


def _training_findings(
    ctx: RuleContext[TrainingParams], subjects: Callable[[date], Iterable[str]]
) -> Iterator[Finding]:
    """One finding per subject per judged year: at least ``min`` trainings of ``kinds``."""
    p = ctx.params
    trainings = _trainings(ctx.index)
    for period, due, day in judged_states(ctx, Cadence.YEAR, quota=True):
        for pid in sorted(set(subjects(day))):
            took = [
                t
                for t in trainings.get(pid, ())
                if t.kind in p.kinds and period.start <= t.date <= day
            ]
            status = Status.PASS if len(took) >= p.min else Status.FAIL
            yield ctx.finding(
                pid,
                SubjectKind.PERSON,
                period,
                status,
                due=due,
                measured=len(took),
                expected=p.min,
                evidence=[t.id for t in took],
            )


@rule(
    "education.course_ideology_training",
    title=(
        "专业教师参加课程思政培训",
        "Every specialty teacher took 课程思政 training in the year",
    ),
    scope=Scope.PERSON,
    source="[S]",
    params=TrainingParams(kinds=(TrainingKind.COURSE_IDEOLOGY,)),
    messages={
        "pass": ("本年参加课程思政培训 {measured} 次", "{measured} 课程思政 training(s) this year"),
        "fail": ("本年未参加课程思政培训", "no 课程思政 training this year"),
    },
)
def course_ideology_training(ctx: RuleContext[TrainingParams]) -> Iterator[Finding]:
    """One finding per specialty teacher (``Person.specialty_teacher``) per judged year: at
    least ``min`` trainings of ``kinds`` (default 课程思政) dated in the year and on or before
    ``as_of``.  Judged: every flagged person at the school on the year's last day (or
    ``as_of`` for the current year) — arrival and leaving dates decide, as everywhere
    (``LedgerIndex.present``: ``arrived_on`` on or before that day, ``left_on`` not before
    it, not transferred out).  A teacher who left in March, or arrives next year, is not
    judged; one who arrived in September is judged on the whole year.  Left out too: people
    of category retired or whose ``retirement_date`` is on or before that day.  Their
    department comes from their record, for roll-up.  Evidence: the trainings."""
    index = ctx.index
    people = index.ledger.people

    def teachers(day: date) -> list[str]:
        return [
            p.id
            for p in people
            if p.specialty_teacher
            and index.present(p, day)
            and p.category is not PersonCategory.RETIRED
            and (p.retirement_date is None or p.retirement_date > day)
        ]

    yield from _training_findings(ctx, teachers)


@rule(
    "education.counselor_training",
    title=("辅导员每年至少参加一次培训", "Every counsellor took at least one training in the year"),
    scope=Scope.PERSON,
    source="[S]",
    params=TrainingParams(kinds=(TrainingKind.COUNSELOR,)),
    messages={
        "pass": ("本年参加辅导员培训 {measured} 次", "{measured} counsellor training(s) this year"),
        "fail": ("本年未参加辅导员培训", "no counsellor training this year"),
    },
)
def counselor_training(ctx: RuleContext[TrainingParams]) -> Iterator[Finding]:
    """One finding per person holding a counsellor post (full- or part-time, any unit) on the
    year's last day (on ``as_of`` for the current year): at least ``min`` trainings of
    ``kinds`` (default 辅导员培训) dated in the year and on or before ``as_of``.  A counsellor
    who left before the year's last day is not judged.  Evidence: the trainings."""
    index = ctx.index

    def counselors(day: date) -> list[str]:
        return [post.person_id for post in index.posts_on(PostKind.COUNSELOR, day)]

    yield from _training_findings(ctx, counselors)


@rule(
    "education.political_birthday",
    title=("党员政治生日当月开展政治生日活动", "Every member's political birthday is celebrated"),
    scope=Scope.PERSON,
    source="[S]",
    params=BirthdayParams(),
    messages={
        "pass": ("已在入党月份过政治生日", "political birthday activity held"),
        "fail": (
            "入党纪念月（{admitted} 入党）未记录政治生日活动",
            "no political-birthday activity in the admission month (admitted {admitted})",
        ),
        "first_not_reached": (
            "{admitted} 入党，首个政治生日尚未到来",
            "admitted {admitted}: first political birthday not yet reached",
        ),
    },
)
def political_birthday(ctx: RuleContext[BirthdayParams]) -> Iterator[Finding]:
    """One finding per member (正式 + 预备) per judged month that is the calendar month of their
    admission (their political birthday): a political-birthday activity (政治生日) listing them
    in ``present`` is recorded in that month, on or before ``as_of``.  Due from the first
    anniversary: in the year of admission the member's admission month gets
    ``not_applicable`` (``not_yet_due``, message ``first_not_reached``).  The birthday month is
    the admission month every year (admitted 29 February 2024 → February 2025).  The current
    month is ``pass`` if already held, else ``not_yet_due``.  Members are read on the month's
    last day (or ``as_of``).  Evidence: the activities, or ``missing:<month>``."""
    index = ctx.index
    held_by = _birthday_meetings(index, ctx.params.count_online)
    by_month = _admitted_in_month(index)
    for jp in judged_periods(Cadence.MONTH, ctx.window, ctx.as_of):
        period = jp.period
        day = min(period.end, ctx.as_of)
        for pid in sorted(by_month.get(period.start.month, ())):
            admitted = index.timelines[pid].admission
            if admitted is None or not index.is_member(pid, day):
                continue
            if admitted.year >= period.start.year:
                yield ctx.finding(
                    pid,
                    SubjectKind.PERSON,
                    period,
                    Status.NOT_APPLICABLE,
                    reason="not_yet_due",
                    key="first_not_reached",
                    admitted=admitted.isoformat(),
                )
                continue
            held = _in(held_by.get(pid, ()), period.start, day)
            status = Status.PASS if bool(held) else Status.FAIL
            evidence = [d.id for d in held]
            if status is Status.FAIL:
                evidence = [f"missing:{period.label}"]
            yield ctx.finding(
                pid,
                SubjectKind.PERSON,
                period,
                status,
                due=jp.due,
                measured=len(held),
                expected=1,
                evidence=evidence,
                admitted=admitted.isoformat(),
            )


@rule(
    "education.youth_class",
    title=("院系每年举办青马班", "The department runs a Youth Marxism class every year"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=FrequencyParams(per=Cadence.YEAR, min=1),
    messages={
        "pass": ("举办青马班活动 {measured} 次", "{measured} Youth Marxism class session(s)"),
        "fail": (
            "本期未举办青马班（要求至少 {expected} 次，实际 {measured} 次）",
            "too few Youth Marxism class sessions ({measured} of {expected})",
        ),
    },
)
def youth_class(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation records at least ``min`` Youth Marxism class (青马班)
    activities per ``per`` (default: one a year).  Activities count when they list the
    department organisation; a missing year is ``fail`` with evidence ``missing:<period>``."""
    for org in ctx.index.departments:
        yield from frequency_findings(ctx, org, MeetingKind.YOUTH_CLASS)


def _series_names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in names if n.strip()))


@rule(
    "education.lecture_series",
    title=(
        "三讲堂每学期至少开讲两次",
        "Each lecture series holds at least two sessions a semester",
    ),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=FrequencyParams(per=Cadence.SEMESTER, min=2),
    messages={
        "pass": ("「{facet}」本学期开讲 {measured} 次", "{facet}: {measured} session(s)"),
        "fail": (
            "「{facet}」本学期开讲 {measured} 次，少于 {expected} 次",
            "{facet}: {measured} session(s), fewer than {expected}",
        ),
        "not_applicable": ("院系未设讲堂系列，不适用", "the department lists no lecture series"),
    },
)
def lecture_series(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """For every department organisation and each lecture series named in its
    ``lecture_series`` (facet = the series name): at least ``min`` lecture-series meetings
    (讲堂) whose ``series`` equals the name (surrounding spaces ignored) are recorded for the
    department per ``per`` (default: 2 per semester; spring March–August, autumn
    September–February, a semester judged when its last day is in the window).  A department
    listing no series gets ``not_applicable`` (``no_subjects``) per period."""
    p = ctx.params
    index = ctx.index
    for org in index.departments:
        names = _series_names(org.lecture_series)
        for jp in judged_periods(
            p.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
        ):
            if not names:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, jp.period, "no_subjects")
                continue
            meetings = index.counting_meetings(
                org.id,
                MeetingKind.LECTURE_SERIES,
                jp.period.start,
                jp.period.end,
                count_online=p.count_online,
                as_of=ctx.as_of,
            )
            for name in names:
                held = [m.id for m in meetings if (m.series or "").strip() == name]
                status = Status.PASS if len(held) >= p.min else Status.FAIL
                evidence = (
                    held if status is not Status.FAIL else [f"missing:{jp.period.label}", *held]
                )
                yield ctx.finding(
                    org.id,
                    SubjectKind.ORGANIZATION,
                    jp.period,
                    status,
                    facet=name,
                    due=jp.due,
                    measured=len(held),
                    expected=p.min,
                    evidence=evidence,
                )


@rule(
    "education.media_active",
    title=(
        "院系新媒体每月至少发布 4 篇",
        "The department's new-media account posts 4 times a month",
    ),
    scope=Scope.DEPARTMENT,
    severity=Severity.ADVISORY,
    source="[S]",
    params=FrequencyParams(per=Cadence.MONTH, min=4),
    messages={
        "pass": ("本月新媒体推文 {measured} 篇", "{measured} new-media post(s)"),
        "warn": (
            "本月新媒体推文 {measured} 篇，少于 {expected} 篇",
            "{measured} new-media post(s), fewer than {expected}",
        ),
    },
)
def media_active(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation records at least ``min`` new-media posts (推文) per
    ``per`` (default 4 a month).  Advisory: a short month warns, it never fails.  Posts count
    when they list the department organisation (a branch's own posts are its publicity, see
    ``outcome.publicity_items``)."""
    for org in ctx.index.departments:
        yield from frequency_findings(ctx, org, MeetingKind.MEDIA_POST)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    member_training_hours,
    course_ideology_training,
    counselor_training,
    political_birthday,
    youth_class,
    lecture_series,
    media_active,
)
