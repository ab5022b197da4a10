"""``meeting.*`` — 三会一课 and organisational life (支部工作条例 第十一至十九条).

Frequencies go through :func:`~._common.frequency_findings`: a meeting counts for every
organisation it lists (a joint theme day of three branches counts for all three), a general
branch's own meeting does not count for its branches, online meetings count unless a scheme
sets ``count_online=false``, and 党员大会/支委会 count only with a quorum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from pydantic import Field

from ..model import (
    AgendaCategory,
    AppraisalGrade,
    Meeting,
    MeetingKind,
    Organization,
    OrgKind,
    Role,
)
from ..model.index import QUORUM_KINDS, LedgerIndex
from ..periods import Cadence, JudgedPeriod, Period, judged_periods, period_of
from ._common import FP, FrequencyParams, frequency_finding, frequency_findings
from ._finding import Finding, Status, SubjectKind
from ._messages import frequency_messages
from ._rule import NoParams, Rule, RuleContext, Scope, rule

__all__: list[str] = []

Messages = dict[str, tuple[str, str]]


def _judged(ctx: RuleContext[FP], org: Organization) -> list[JudgedPeriod]:
    return judged_periods(
        ctx.params.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
    )


def _counting(
    ctx: RuleContext[FP], org_id: str, kind: MeetingKind, period: Period
) -> list[Meeting]:
    """Meetings of ``kind`` counting for ``org_id`` in ``period`` (up to ``as_of``)."""
    return ctx.index.counting_meetings(
        org_id,
        kind,
        period.start,
        period.end,
        count_online=ctx.params.count_online,
        as_of=ctx.as_of,
    )


def _ids(meetings: Iterable[Meeting]) -> list[str]:
    return [m.id for m in sorted(meetings, key=lambda m: (m.date, m.id))]


def _frequency(
    ctx: RuleContext[FrequencyParams],
    orgs: Iterable[Organization],
    kinds: MeetingKind | tuple[MeetingKind, ...],
) -> Iterator[Finding]:
    for org in orgs:
        yield from frequency_findings(ctx, org, kinds)


def _branches(index: LedgerIndex) -> list[Organization]:
    return index.of_kind(OrgKind.BRANCH)


# -- 三会一课 ---------------------------------------------------------------------------------


@rule(
    "meeting.committee",
    title=("支委会每月至少召开一次", "The branch committee meets at least once a month"),
    scope=Scope.BRANCH,
    source="支部条例 第十二条 [N]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages={
        "pass": ("召开支委会 {measured} 次", "{measured} committee meeting(s) held"),
        "fail": (
            "本期未召开有效支委会（要求至少 {expected} 次，实际 {measured} 次）",
            "no valid committee meeting ({measured} of {expected})",
        ),
        "not_applicable": ("未设支部委员会，不适用", "no branch committee"),
    },
)
def committee(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every branch that has a committee on a period's last day (or on ``as_of`` for the
    current period) holds at least ``min`` committee meetings per ``per``.  A meeting below
    quorum or without attendance does not count (it gets its own ``meeting.quorum`` finding).
    A branch without a committee gets one ``not_applicable`` (``no_committee``) per period."""
    index = ctx.index
    for org in index.of_kind(OrgKind.BRANCH):
        periods = judged_periods(
            ctx.params.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
        )
        with_committee = {
            jp.period.label
            for jp in periods
            if index.committee_on(org.id, min(jp.period.end, ctx.as_of))
        }
        for f in frequency_findings(ctx, org, MeetingKind.COMMITTEE):
            if f.period.label in with_committee:
                yield f
            else:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, f.period, "no_committee")


@rule(
    "meeting.general_assembly",
    title=("党员大会每季度至少召开一次", "The branch general assembly meets at least quarterly"),
    scope=Scope.BRANCH,
    source="支部条例 第十一条 [N]",
    params=FrequencyParams(per=Cadence.QUARTER, min=1),
    messages=frequency_messages("有效党员大会", "valid general assembly(ies)"),
)
def general_assembly(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every branch holds at least ``min`` 党员大会 per ``per`` (default: one a quarter).

    A meeting on the last day of a quarter counts for that quarter; one on the first day of
    the next counts for the next.  A general assembly without attendance data or below quorum
    (present ≤ half of the full members entitled) does not count; it gets its own failing
    ``meeting.quorum`` finding.  A meeting listing several branches counts for each of them; a
    general branch's own meeting does not count for the branches below it."""
    yield from _frequency(ctx, _branches(ctx.index), MeetingKind.GENERAL_ASSEMBLY)


@rule(
    "meeting.group",
    title=("党小组会每月至少召开一次", "Each party group meets at least once a month"),
    scope=Scope.GROUP,
    source="支部条例 第十三条 [N]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages={
        **frequency_messages("党小组会", "group meeting(s)"),
        "no_groups": ("支部未设党小组，不适用", "the branch has no party group"),
    },
)
def group(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every party group (党小组) holds at least ``min`` group meetings per ``per``, judged
    over the group's own life (founded/dissolved).  A branch that is alive in the window but
    has no party group for any judged period gets one ``not_applicable`` (``no_groups``) for
    the whole window, on the branch."""
    index = ctx.index
    groups = index.of_kind(OrgKind.GROUP)
    yield from _frequency(ctx, groups, MeetingKind.GROUP)
    with_groups = {g.parent_id for g in groups if _judged(ctx, g)}
    for branch in _branches(index):
        if branch.id not in with_groups and _judged(ctx, branch):
            yield ctx.finding(
                branch.id,
                SubjectKind.ORGANIZATION,
                ctx.window_period,
                Status.NOT_APPLICABLE,
                reason="no_groups",
                key="no_groups",
            )


@rule(
    "meeting.lecture",
    title=("党课每季度至少一次", "A party lecture at least once a quarter"),
    scope=Scope.BRANCH,
    source="[L]",
    params=FrequencyParams(per=Cadence.QUARTER, min=1),
    messages=frequency_messages("党课", "party lecture(s)"),
)
def lecture(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every branch holds at least ``min`` 党课 per ``per`` (default one a quarter; a scheme
    may set ``per="semester", min=2``: semesters are spring March–August and autumn
    September–February, judged when they end inside the window).  Any speaker counts."""
    yield from _frequency(ctx, _branches(ctx.index), MeetingKind.LECTURE)


def _lectures_by_speaker(index: LedgerIndex) -> dict[str, list[Meeting]]:
    def build() -> dict[str, list[Meeting]]:
        out: dict[str, list[Meeting]] = defaultdict(list)
        for m in index.ledger.meetings:
            if m.kind is MeetingKind.LECTURE and m.speaker_id is not None:
                out[m.speaker_id].append(m)
        for items in out.values():
            items.sort(key=lambda m: (m.date, m.id))
        return dict(out)

    return index.memo("meeting.lectures_by_speaker", build)


def _secretary_lectures(
    ctx: RuleContext[FrequencyParams], org: Organization, period: Period
) -> tuple[bool, list[Meeting]]:
    """Whether ``org`` had a secretary during ``period`` (up to ``as_of``), and the lectures
    its secretary of the day gave to it or an organisation below it."""
    index = ctx.index
    last = min(period.end, ctx.as_of)
    roles = [
        r
        for r in index.roles_by_org.get(org.id, ())
        if r.role is Role.SECRETARY and r.start <= last and (r.end is None or period.start <= r.end)
    ]
    held: dict[str, Meeting] = {}
    for r in roles:
        first = max(r.start, period.start)
        until = last if r.end is None else min(r.end, last)
        for m in _lectures_by_speaker(index).get(r.person_id, ()):
            if (
                first <= m.date <= until
                and (ctx.params.count_online or m.mode.value != "online")
                and any(org.id in index.org_chain(o) for o in m.org_ids)
            ):
                held[m.id] = m
    return bool(roles), sorted(held.values(), key=lambda m: (m.date, m.id))


@rule(
    "meeting.secretary_lecture",
    title=("书记每年至少讲一次党课", "The secretary gives at least one party lecture a year"),
    scope=Scope.ORGANIZATION,
    source="支部条例 第十六条 [N2]",
    params=FrequencyParams(per=Cadence.YEAR, min=1),
    messages={
        "pass": ("书记讲党课 {measured} 次", "the secretary gave {measured} lecture(s)"),
        "fail": (
            "书记本年度未讲党课（要求至少 {expected} 次，实际 {measured} 次）",
            "the secretary gave {measured} of {expected} lecture(s)",
        ),
        "not_yet_due": (
            "本期尚未到期，书记已讲党课 {measured} 次",
            "not yet due: the secretary gave {measured} lecture(s) so far",
        ),
        "no_secretary": ("本期无书记在任，不适用", "no secretary in post in this period"),
    },
)
def secretary_lecture(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every organisation except party groups: the person holding its secretary role on the
    date of a 党课 (``speaker_id``) gives at least ``min`` lectures per ``per`` (default one a
    year).  A lecture counts when it is listed for the organisation or for one below it (a
    department secretary lecturing a branch counts for the department).  When the secretary
    changes mid-year, a lecture by either, given while in post, meets the obligation.  A
    period in which nobody held the secretary role is ``not_applicable`` (``no_secretary``):
    ``structure.secretary_present`` reports the vacancy."""
    for org in ctx.index.judged_orgs:
        if org.kind is OrgKind.GROUP:
            continue
        for jp in _judged(ctx, org):
            had_secretary, held = _secretary_lectures(ctx, org, jp.period)
            if not had_secretary:
                yield ctx.finding(
                    org.id,
                    SubjectKind.ORGANIZATION,
                    jp.period,
                    Status.NOT_APPLICABLE,
                    reason="no_secretary",
                    key="no_secretary",
                )
            elif len(held) >= ctx.params.min:
                yield ctx.finding(
                    org.id,
                    SubjectKind.ORGANIZATION,
                    jp.period,
                    Status.PASS,
                    measured=len(held),
                    expected=ctx.params.min,
                    evidence=_ids(held),
                )
            else:
                yield frequency_finding(ctx, org, jp, held)


# -- organisational life -------------------------------------------------------------------


@rule(
    "meeting.theme_day",
    title=("主题党日每月至少一次", "A theme party day at least once a month"),
    scope=Scope.BRANCH,
    source="支部条例 第十六条 [N2]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages=frequency_messages("主题党日", "theme day(s)"),
)
def theme_day(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every branch holds at least ``min`` 主题党日 per ``per`` (default monthly).  A joint
    theme day listing several branches counts for each; one held online counts unless
    ``count_online=false``."""
    yield from _frequency(ctx, _branches(ctx.index), MeetingKind.THEME_DAY)


class OrgLifeParams(FrequencyParams):
    """组织生活会: at least ``min`` per ``per``, expected in quarter ``quarter``."""

    quarter: int = Field(default=4, ge=1, le=4, title="应召开的季度")


@rule(
    "meeting.org_life",
    title=("组织生活会每年至少召开一次", "Organisational-life meeting at least once a year"),
    scope=Scope.BRANCH,
    source="支部条例 第十七条 [N]",
    params=OrgLifeParams(per=Cadence.YEAR, min=1, quarter=4),
    messages={
        **frequency_messages("组织生活会", "organisational-life meeting(s)"),
        "warn_season": (
            "组织生活会于 {measured} 召开，一般应在第 {quarter} 季度召开",
            "held in {measured}, expected in Q{quarter}",
        ),
    },
)
def org_life(ctx: RuleContext[OrgLifeParams]) -> Iterator[Finding]:
    """Every branch holds at least ``min`` 组织生活会 per ``per`` (default one a year): none
    fails.  When none of the counted meetings falls in quarter ``quarter`` (default Q4, the
    year-end review) the finding is ``warn`` (key ``warn_season``; ``measured`` lists the
    quarters they were held in, ``expected`` the quarter) — but only once that quarter of the
    period's year has ended (its last day on or before ``as_of``).  Until then another meeting
    can still be held in season, so a meeting already held passes: in September a meeting
    of March passes, on 31 December it warns.  A meeting dated in the quarter passes at once."""
    want = ctx.params.quarter
    for org in _branches(ctx.index):
        for jp in _judged(ctx, org):
            held = _counting(ctx, org.id, MeetingKind.ORG_LIFE, jp.period)
            if len(held) < ctx.params.min:
                yield frequency_finding(ctx, org, jp, held)
                continue
            season = period_of(Cadence.QUARTER, date(jp.period.start.year, 3 * want, 1))
            in_season = [m for m in held if season.start <= m.date <= season.end]
            if in_season or ctx.as_of < season.end:
                yield ctx.finding(
                    org.id,
                    SubjectKind.ORGANIZATION,
                    jp.period,
                    Status.PASS,
                    measured=len(held),
                    expected=ctx.params.min,
                    evidence=_ids(held),
                )
            else:
                quarters = sorted({period_of(Cadence.QUARTER, m.date).label for m in held})
                yield ctx.finding(
                    org.id,
                    SubjectKind.ORGANIZATION,
                    jp.period,
                    Status.WARN,
                    measured=tuple(quarters),
                    expected=f"Q{want}",
                    evidence=_ids(held),
                    key="warn_season",
                    quarter=want,
                )


class AppraisalParams(FrequencyParams):
    """民主评议党员: at least ``min`` per ``per``; share of 优秀 at most ``excellent_max``."""

    excellent_max: Fraction = Field(default=Fraction(1, 3), gt=0, le=1, title="优秀比例上限")


def _appraisal_grades(held: Sequence[Meeting]) -> dict[str, AppraisalGrade]:
    """Each graded person's grade, the latest appraisal of the period winning."""
    grades: dict[str, AppraisalGrade] = {}
    for m in held:  # held is in date order
        grades.update(m.grades)
    return grades


@rule(
    "meeting.democratic_appraisal",
    title=("每年开展民主评议党员", "Members are appraised once a year"),
    scope=Scope.BRANCH,
    source="支部条例 第十八条 [N]; 1/3 [L]",
    params=AppraisalParams(per=Cadence.YEAR, min=1),
    messages={
        **frequency_messages("民主评议党员", "democratic appraisal(s)"),
        "pass": (
            "已开展民主评议，优秀比例 {measured}（上限 {expected}）",
            "appraisal held; share excellent {measured} (at most {expected})",
        ),
        "fail_ungraded": (
            "民主评议未评定全部正式党员：{ungraded} 未评定（已评 {measured}/{expected} 人）",
            "full members not graded: {ungraded} ({measured} of {expected} graded)",
        ),
        "warn_excellent": (
            "优秀比例 {measured} 超过 {expected}",
            "share excellent {measured} exceeds {expected}",
        ),
        "no_members": ("没有正式党员，不适用", "no full members"),
    },
)
def democratic_appraisal(ctx: RuleContext[AppraisalParams]) -> Iterator[Finding]:
    """Every branch holds at least ``min`` 民主评议党员 per ``per`` (default one a year),
    and every full member (正式党员) of the branch on the date of the period's latest
    appraisal has a grade in one of the period's appraisals (a later grade replaces an
    earlier one).  A full member without a grade fails (key ``fail_ungraded``; ``measured``
    = full members graded, ``expected`` = full members; evidence the meetings and the
    ungraded people).  Otherwise the share of 优秀 among everyone graded in those meetings
    (``measured``, a ``Fraction``) above ``excellent_max`` (default 1/3) warns; exactly 1/3
    passes.  Probationary members may be graded and then count in the share.  No appraisal:
    fail when due, ``not_yet_due`` in the current period, ``not_applicable`` (``no_members``)
    when the branch has no full member on the period's last day (or ``as_of``)."""
    index = ctx.index
    for org in _branches(index):
        for jp in _judged(ctx, org):
            held = _counting(ctx, org.id, MeetingKind.DEMOCRATIC_APPRAISAL, jp.period)
            yield _appraisal_finding(ctx, org, jp, held)


def _appraisal_finding(
    ctx: RuleContext[AppraisalParams], org: Organization, jp: JudgedPeriod, held: list[Meeting]
) -> Finding:
    index, period = ctx.index, jp.period
    day = held[-1].date if held else min(period.end, ctx.as_of)
    full = sorted(index.members(org.id, day, full_only=True))
    grades = _appraisal_grades(held)
    if not full and not grades:
        return ctx.finding(
            org.id,
            SubjectKind.ORGANIZATION,
            period,
            Status.NOT_APPLICABLE,
            reason="no_members",
            key="no_members",
            evidence=_ids(held),
        )
    if len(held) < ctx.params.min:
        return frequency_finding(ctx, org, jp, held)
    ungraded = [pid for pid in full if pid not in grades]
    if ungraded:
        return ctx.finding(
            org.id,
            SubjectKind.ORGANIZATION,
            period,
            Status.FAIL,
            measured=len(full) - len(ungraded),
            expected=len(full),
            evidence=[*_ids(held), *ungraded],
            key="fail_ungraded",
            ungraded=[index.name_of(pid) or pid for pid in ungraded],
        )
    excellent = sum(1 for g in grades.values() if g is AppraisalGrade.EXCELLENT)
    share = Fraction(excellent, len(grades))
    over = share > ctx.params.excellent_max
    return ctx.finding(
        org.id,
        SubjectKind.ORGANIZATION,
        period,
        Status.WARN if over else Status.PASS,
        measured=share,
        expected=ctx.params.excellent_max,
        evidence=_ids(held),
        key="warn_excellent" if over else "pass",
    )


def _talks_by_person(index: LedgerIndex) -> dict[str, list[Meeting]]:
    """Every heart talk a person took part in (named in ``present`` or as ``chair_id``: a
    talk is had by both sides), by date."""

    def build() -> dict[str, list[Meeting]]:
        out: dict[str, dict[str, Meeting]] = defaultdict(dict)
        for m in index.ledger.meetings:
            if m.kind is not MeetingKind.HEART_TALK:
                continue
            people = list(m.present) if isinstance(m.present, list) else []
            if m.chair_id is not None:
                people.append(m.chair_id)
            for pid in people:
                out[pid][m.id] = m
        return {
            pid: sorted(talks.values(), key=lambda m: (m.date, m.id)) for pid, talks in out.items()
        }

    return index.memo("meeting.talks_by_person", build)


def _talk_branch(index: LedgerIndex, org_id: str) -> str | None:
    """The branch a heart talk recorded by ``org_id`` belongs to: the branch itself, or the
    branch of a party group."""
    org = index.orgs.get(org_id)
    if org is None:
        return None
    if org.kind is OrgKind.BRANCH:
        return org.id
    if org.kind is OrgKind.GROUP:
        return org.parent_id
    return None


def _talks_of(ctx: RuleContext[FrequencyParams], pid: str, period: Period) -> list[str]:
    """The heart talks of ``pid`` in ``period`` (up to ``as_of``), each recorded by the branch
    (or a group of the branch) the person belonged to on the talk's date."""
    index = ctx.index
    last = min(period.end, ctx.as_of)
    found: list[str] = []
    for m in _talks_by_person(index).get(pid, ()):
        if not period.start <= m.date <= last:
            continue
        if not ctx.params.count_online and m.mode.value == "online":
            continue
        branches = {b for o in m.org_ids if (b := _talk_branch(index, o)) is not None}
        if any(pid in index.enrolled(b, m.date) for b in branches):
            found.append(m.id)
    return found


@rule(
    "meeting.heart_talk",
    title=(
        "每名正式党员每年至少谈心谈话一次",
        "Every full member has a heart-to-heart talk a year",
    ),
    scope=Scope.BRANCH,
    source="支部条例 第十九条 [N]",
    params=FrequencyParams(per=Cadence.YEAR, min=1),
    messages={
        "pass": ("谈心谈话 {measured} 次", "{measured} heart-to-heart talk(s)"),
        "fail": (
            "本年度无谈心谈话记录（要求至少 {expected} 次，实际 {measured} 次）",
            "{measured} of {expected} heart-to-heart talk(s) recorded",
        ),
        "not_yet_due": (
            "本期尚未到期，已谈心谈话 {measured} 次",
            "not yet due: {measured} talk(s) so far",
        ),
    },
)
def heart_talk(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """One finding per person who is a full member (正式党员) of a branch on the period's last
    day (``as_of`` for the current period): at least ``min`` 谈心谈话 per ``per`` (default one
    a year), recorded as heart-talk meetings in which the person is named in ``present`` or
    is the ``chair_id`` (a talk is had by both sides).  A talk counts wherever the member was
    when it took place: it is recorded by the branch, or by a party group of the branch, the
    person belonged to on the talk's date — so a member who moved branch mid-year keeps the
    talk of the previous branch, while a branch's record naming someone who was not its
    member that day does not count.  A member who joined mid-year is judged for the year.
    A person enrolled in two branches (a ledger error) gets one finding."""
    per_period: dict[str, tuple[JudgedPeriod, set[str]]] = {}
    for branch in _branches(ctx.index):
        for jp in _judged(ctx, branch):
            day = min(jp.period.end, ctx.as_of)
            full = ctx.index.members(branch.id, day, full_only=True)
            if not full:
                continue
            _, people = per_period.setdefault(jp.period.label, (jp, set()))
            people.update(full)
    for label in sorted(per_period):
        jp, people = per_period[label]
        for pid in sorted(people):
            yield _talk_finding(ctx, pid, jp, sorted(_talks_of(ctx, pid, jp.period)))


def _talk_finding(
    ctx: RuleContext[FrequencyParams], pid: str, jp: JudgedPeriod, talks: list[str]
) -> Finding:
    if len(talks) >= ctx.params.min:
        status, reason, evidence = Status.PASS, None, talks
    elif jp.due:
        status, reason, evidence = Status.FAIL, None, [f"missing:{jp.period.label}", *talks]
    else:
        status, reason, evidence = Status.NOT_APPLICABLE, "not_yet_due", talks
    return ctx.finding(
        pid,
        SubjectKind.PERSON,
        jp.period,
        status,
        reason=reason,
        measured=len(talks),
        expected=ctx.params.min,
        evidence=evidence,
    )


# -- quorum --------------------------------------------------------------------------------


def _needed(entitled: int) -> int:
    """The smallest count that is more than half of ``entitled``."""
    return entitled // 2 + 1


@rule(
    "meeting.quorum",
    title=("党员大会、支委会须过半数出席", "More than half of those entitled attend"),
    scope=Scope.MEETING,
    source="支部条例 第十一、十二条 [N]",
    messages={
        "pass": (
            "实到 {measured} 人，应到 {entitled} 人，超过半数",
            "{measured} of {entitled} present: quorum",
        ),
        "below_quorum": (
            "实到 {measured} 人，应到 {entitled} 人，未超过半数（至少需 {expected} 人）",
            "{measured} of {entitled} present, at least {expected} needed",
        ),
        "no_attendance": ("会议无出席记录，无法认定有效", "no attendance recorded"),
        "vote_pass": (
            "议题“{item}”赞成 {measured} 票，超过应到 {entitled} 人的半数",
            "item '{item}': {measured} yes of {entitled} entitled",
        ),
        "vote_fail": (
            "议题“{item}”赞成 {measured} 票，未超过应到 {entitled} 人的半数（至少需 {expected} 票）",
            "item '{item}': {measured} yes of {entitled} entitled, {expected} needed",
        ),
        "vote_no_attendance": (
            "议题“{item}”表决无应到人数记录，无法认定",
            "item '{item}': no attendance recorded to judge the vote",
        ),
    },
)
def quorum(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """One finding per 党员大会 and 支委会 dated inside the window and on or before ``as_of``
    (subject: the meeting; period: the calendar month of the meeting; facet ``None``): pass
    when present > entitled / 2.  Entitled are the full members of the listed organisations
    on the meeting date (the committee members for a committee meeting) unless the record
    gives a count or a list; of a ``present`` list only entitled people count (probationary
    members present do not).  ``measured`` = present, ``expected`` = the least number that is
    more than half (exactly half fails).  No attendance data fails (reason and key
    ``no_attendance``).  For a general assembly, each agenda item with ``votes_yes`` gets a
    finding with facet ``vote:<item index>`` (0-based): yes > half of those entitled."""
    index, window = ctx.index, ctx.window
    last = min(window.end, ctx.as_of)
    meetings = sorted(
        (
            m
            for m in index.ledger.meetings
            if m.kind in QUORUM_KINDS and window.start <= m.date <= last
        ),
        key=lambda m: (m.date, m.id),
    )
    for m in meetings:
        period = period_of(Cadence.MONTH, m.date)
        yield _attendance_finding(ctx, m, period)
        if m.kind is MeetingKind.GENERAL_ASSEMBLY:
            for i, item in enumerate(m.agenda):
                if item.votes_yes is not None:
                    yield _vote_finding(ctx, m, period, i, item.title, item.votes_yes)


def _attendance_finding(ctx: RuleContext[NoParams], m: Meeting, period: Period) -> Finding:
    q = ctx.index.quorum(m)
    if q.entitled is None or q.present is None or q.entitled == 0:
        return ctx.finding(
            m.id,
            SubjectKind.MEETING,
            period,
            Status.FAIL,
            reason="no_attendance",
            key="no_attendance",
            measured=q.present,
            expected=None if not q.entitled else _needed(q.entitled),
            evidence=[m.id],
            entitled=q.entitled,
        )
    return ctx.finding(
        m.id,
        SubjectKind.MEETING,
        period,
        Status.PASS if q.ok else Status.FAIL,
        reason=None if q.ok else "below_quorum",
        key="pass" if q.ok else "below_quorum",
        measured=q.present,
        expected=_needed(q.entitled),
        evidence=[m.id],
        entitled=q.entitled,
    )


def _vote_finding(
    ctx: RuleContext[NoParams], m: Meeting, period: Period, i: int, title: str, yes: int
) -> Finding:
    entitled = ctx.index.quorum(m).entitled
    facet = f"vote:{i}"
    if not entitled:
        return ctx.finding(
            m.id,
            SubjectKind.MEETING,
            period,
            Status.FAIL,
            facet=facet,
            reason="no_attendance",
            key="vote_no_attendance",
            measured=yes,
            evidence=[m.id],
            item=title,
        )
    ok = yes * 2 > entitled
    return ctx.finding(
        m.id,
        SubjectKind.MEETING,
        period,
        Status.PASS if ok else Status.FAIL,
        facet=facet,
        key="vote_pass" if ok else "vote_fail",
        measured=yes,
        expected=_needed(entitled),
        evidence=[m.id],
        item=title,
        entitled=entitled,
    )


# -- department meetings -------------------------------------------------------------------


@rule(
    "meeting.dept_party_meeting",
    title=("院系党组织会议每月至少一次", "The department party meeting at least monthly"),
    scope=Scope.DEPARTMENT,
    source="高校条例 [N2]; frequency [L]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages=frequency_messages("党组织会议", "department party meeting(s)"),
)
def dept_party_meeting(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation (``is_department``) holds at least ``min`` 党组织会议
    (党总支会议 / 党委会议) per ``per`` (default monthly).  Both 党组织会议 records and the
    department organisation's own committee meetings (支委会/委员会, counted only with a
    quorum) count; a branch's meeting does not count for its department."""
    kinds = (MeetingKind.DEPT_PARTY_MEETING, MeetingKind.COMMITTEE)
    yield from _frequency(ctx, ctx.index.departments, kinds)


@rule(
    "meeting.democratic_life",
    title=(
        "院系领导班子每年至少召开一次民主生活会",
        "The department's leadership holds a democratic-life meeting at least once a year",
    ),
    scope=Scope.DEPARTMENT,
    source="县以上党和国家机关党员领导干部民主生活会若干规定 [N2]; 高校条例 [N2]",
    params=FrequencyParams(per=Cadence.YEAR, min=1),
    messages=frequency_messages("领导班子民主生活会", "democratic-life meeting(s)"),
)
def democratic_life(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation (``is_department``: a 党总支 or 院系党委, or a small
    department's 直属党支部 that carries the mark) has its leadership team hold at least
    ``min`` 民主生活会 per ``per`` (default one a year; the seed's 规范民主生活会).  Only a
    meeting listing the department organisation itself counts: a 民主生活会 recorded for a
    branch below it is not the leadership's (branches hold 组织生活会, ``meeting.org_life``).
    A meeting on 31 December counts for that year; none by the year's end fails; in the
    current year none yet is ``not_applicable`` (``not_yet_due``).  Online meetings count
    unless ``count_online=false``."""
    yield from _frequency(ctx, ctx.index.departments, MeetingKind.DEMOCRATIC_LIFE)


class JointMeetingParams(FrequencyParams):
    """党政联席会议: frequency, and the agenda categories that need a prior party review."""

    reserved: tuple[AgendaCategory, ...] = Field(
        default=(AgendaCategory.DIRECTION, AgendaCategory.STAFF, AgendaCategory.INTERESTS),
        title="须经党组织会议前置研究的议题类别",
    )


def _reviewed(index: LedgerIndex, m: Meeting, prior: bool | None, review_id: str | None) -> bool:
    """Whether an item had its prior party review: recorded true, or (left blank) a named
    review meeting dated on or before the joint meeting."""
    if prior is not None:
        return prior
    if review_id is None:
        return False
    review = _meetings_by_id(index).get(review_id)
    return review is not None and review.date <= m.date


def _meetings_by_id(index: LedgerIndex) -> dict[str, Meeting]:
    return index.memo("meeting.by_id", lambda: {m.id: m for m in index.ledger.meetings})


@rule(
    "meeting.dept_joint_meeting",
    title=(
        "党政联席会议每月至少一次，重大事项先经党组织研究",
        "Joint meeting monthly; key items reviewed by the party first",
    ),
    scope=Scope.DEPARTMENT,
    source="高校条例 [N2]; 2018 双创 notice [N]; frequency [L]",
    params=JointMeetingParams(per=Cadence.MONTH, min=1),
    messages={
        **frequency_messages("党政联席会议", "joint meeting(s)"),
        "prior_review_pass": (
            "议题“{item}”已经党组织会议前置研究",
            "item '{item}' was reviewed by the party first",
        ),
        "prior_review_fail": (
            "议题“{item}”属{category}，未经党组织会议前置研究",
            "item '{item}' of category {category} had no prior party review",
        ),
    },
)
def dept_joint_meeting(ctx: RuleContext[JointMeetingParams]) -> Iterator[Finding]:
    """Every department organisation holds at least ``min`` 党政联席会议 per ``per`` (default
    monthly; subject: the department, facet ``None``).

    In addition, each agenda item of a reserved category (办学方向, 教师队伍建设, 师生切身利益
    by default) of a joint meeting counting for a department, dated in a judged period and on
    or before ``as_of`` (online or not), gets its own finding: subject the **joint meeting**
    (subject kind ``meeting``), facet ``prior_review:<item index>`` (the item's 0-based
    position in the meeting's agenda), period the department's period containing the
    meeting.  It passes when ``prior_party_review`` is true, or when it is left blank and
    ``prior_review_meeting_id`` names a meeting dated on or before the joint meeting;
    otherwise (false, or nothing recorded) it fails.  The key is what a ledger writes in a
    waiver to excuse exactly one item: ``rule_id = "meeting.dept_joint_meeting"``,
    ``subject_id = <joint meeting id>``, ``facet = "prior_review:1"`` for the second item (a
    waiver without a facet covers every item of that meeting).  The finding rolls up to every
    organisation the meeting lists and their ancestors, so to the department; a joint
    meeting listed for two departments still has one finding per item."""
    seen: set[str] = set()
    for dept in ctx.index.departments:
        yield from frequency_findings(ctx, dept, MeetingKind.DEPT_JOINT_MEETING)
        for jp in _judged(ctx, dept):
            yield from _prior_review_findings(ctx, dept, jp.period, seen)


def _prior_review_findings(
    ctx: RuleContext[JointMeetingParams], dept: Organization, period: Period, seen: set[str]
) -> Iterator[Finding]:
    index = ctx.index
    reserved = set(ctx.params.reserved)
    last = min(period.end, ctx.as_of)
    for m in index.meetings(dept.id, MeetingKind.DEPT_JOINT_MEETING, period.start, last):
        if m.id in seen:
            continue
        seen.add(m.id)
        for i, item in enumerate(m.agenda):
            if item.category not in reserved:
                continue
            ok = _reviewed(index, m, item.prior_party_review, item.prior_review_meeting_id)
            evidence = [m.id]
            if item.prior_review_meeting_id is not None:
                evidence.append(item.prior_review_meeting_id)
            yield ctx.finding(
                m.id,
                SubjectKind.MEETING,
                period,
                Status.PASS if ok else Status.FAIL,
                facet=f"prior_review:{i}",
                key="prior_review_pass" if ok else "prior_review_fail",
                measured=item.prior_party_review,
                expected=True,
                evidence=evidence,
                item=item.title,
                category=item.category.zh,
            )


@rule(
    "meeting.study_group",
    title=("理论学习中心组每月至少集体学习一次", "The central study group meets at least monthly"),
    scope=Scope.DEPARTMENT,
    source="中心组学习规则 2017 [N2]; numbers [L] [S]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages=frequency_messages("中心组集体学习", "study-group session(s)"),
)
def study_group(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation's 理论学习中心组 holds at least ``min`` collective study
    sessions per ``per`` (default ``per="month", min=1``; a scheme may set ``per="year",
    min=12``, judged once for the year)."""
    yield from _frequency(ctx, ctx.index.departments, MeetingKind.STUDY_GROUP)


@rule(
    "meeting.ideology_analysis",
    title=("意识形态工作每月研判一次", "Monthly ideology analysis (月研判)"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages=frequency_messages("意识形态研判", "ideology analysis session(s)"),
)
def ideology_analysis(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation holds at least ``min`` 意识形态研判 per ``per``
    (default monthly, the seed's 月研判)."""
    yield from _frequency(ctx, ctx.index.departments, MeetingKind.IDEOLOGY_ANALYSIS)


@rule(
    "meeting.ideology_joint",
    title=("意识形态联席会议每季度一次", "Quarterly ideology joint meeting (季度联席会议)"),
    scope=Scope.DEPARTMENT,
    source="[S]",
    params=FrequencyParams(per=Cadence.QUARTER, min=1),
    messages=frequency_messages("意识形态联席会议", "ideology joint meeting(s)"),
)
def ideology_joint(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every department organisation holds at least ``min`` 意识形态联席会议 per ``per``
    (default quarterly, the seed's 季度联席会议)."""
    yield from _frequency(ctx, ctx.index.departments, MeetingKind.IDEOLOGY_JOINT)


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    committee,
    general_assembly,
    group,
    lecture,
    secretary_lecture,
    theme_day,
    org_life,
    democratic_appraisal,
    heart_talk,
    quorum,
    dept_party_meeting,
    democratic_life,
    dept_joint_meeting,
    study_group,
    ideology_analysis,
    ideology_joint,
)
