"""Hypothesis strategies that generate ledger values — and whole ledgers — valid by construction.

Why ship them: rules, exporters and views built on :class:`~dangjian_core.Ledger` are only as
trustworthy as the inputs they were tested on, and hand-written fixtures never contain the
values that break code in production — the 31st of a month, 29 February, ``Decimal("0.10")``,
a name such as ``欧阳娜娜`` or ``阿依古丽·买买提``, attendance recorded as a count in one
meeting and as a list of people in the next, a field left empty.  These strategies produce
such values on purpose, and :func:`ledgers` assembles them into ledgers that pass every
integrity check of :mod:`dangjian_core.model.integrity`, so a property test can start from
"any valid ledger" without re-learning the rules.

Conventions, following Hypothesis itself: each strategy draws *one* value (``people()`` draws
one :class:`~dangjian_core.model.Person`, ``ledgers()`` one :class:`~dangjian_core.Ledger`).
Reference parameters (``org_ids``, ``person_ids`` …) default to ``None``, meaning "any text":
the record is valid on its own but its references resolve to nothing.  Pass a sequence
(possibly empty) to draw references only from it, as :func:`ledgers` does.

This module imports Hypothesis; ``import dangjian_core`` never imports it.
"""

from __future__ import annotations

import calendar
import enum
import functools
import operator
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import ParamSpec, Protocol, TypeVar, cast

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..model import (
    AgendaCategory,
    AgendaItem,
    AppraisalGrade,
    Approval,
    ArrearsReason,
    Award,
    AwardKind,
    AwardLevel,
    BranchCategory,
    CandidateTraining,
    CaseClosure,
    ContactAssignment,
    Coverage,
    Degree,
    DevelopmentCase,
    Document,
    DocumentKind,
    DuesPayment,
    Election,
    Extension,
    HardshipReduction,
    Headcount,
    Incident,
    IncidentSeverity,
    Income,
    IncomeCategory,
    Ledger,
    Meeting,
    MeetingKind,
    Membership,
    Metric,
    Mode,
    Organization,
    OrgKind,
    PartyDates,
    PartyRole,
    Person,
    PersonCategory,
    PoliticalReview,
    Post,
    PostKind,
    Project,
    PublicNotice,
    Role,
    Society,
    SocietyEvent,
    SocietyEventKind,
    StudentLevel,
    Task,
    TeacherKind,
    TermShift,
    TitleRank,
    Training,
    TrainingKind,
    Vote,
    Waiver,
)
from ..model.integrity import _PARENT_KINDS, SHARE_METRICS
from ..rules.dues import AmountParams
from ..rules.staffing import CounselorRatioParams
from ..rules.structure import CommitteeRequiredParams, MinMembersParams

__all__ = [
    "BRANCH_MIN_FULL",
    "COMMITTEE_MIN_FULL",
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "STUDENTS_PER_COUNSELLOR",
    "amounts",
    "chinese_names",
    "committee_sizes",
    "counsellor_loads",
    "dates",
    "decimals",
    "development_cases",
    "dues_incomes",
    "edge_dates",
    "ids",
    "ledgers",
    "meetings",
    "minimum_sizes",
    "month_end_days",
    "month_ranges",
    "months",
    "organizations_trees",
    "party_dates",
    "party_dates_of",
    "people",
    "quarter_end_days",
    "sizes_around",
    "texts",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
P = ParamSpec("P")


def _memo(factory: Callable[P, T]) -> Callable[P, T]:
    """Memoise a strategy factory, keeping its signature for type checkers.

    Hypothesis validates each new strategy object on first use; a ledger asks for
    ``dates(lo, hi)`` hundreds of times, so handing back the same object saves most of it.
    """
    return cast("Callable[P, T]", functools.cache(factory))


class _HasId(Protocol):
    """Any ledger record: all that a waiver needs to name it."""

    @property
    def id(self) -> str: ...


#: Default earliest date: 1900 is a century year that is *not* a leap year.
DEFAULT_MIN_DATE = date(1900, 1, 1)
#: Default latest date: 2100 is not a leap year either, while 2000 in between is.
DEFAULT_MAX_DATE = date(2100, 12, 31)

# Which kinds may hang under which: the inverse of the integrity table, so the trees follow
# the rules even when the table changes.
_CHILD_KINDS: dict[OrgKind, tuple[OrgKind, ...]] = {
    parent: tuple(
        sorted(
            (kind for kind, parents in _PARENT_KINDS.items() if parent in parents),
            # Branches first: Hypothesis shrinks towards the first element, and a branch is
            # what memberships and development cases need.
            key=lambda k: (k is not OrgKind.BRANCH, list(OrgKind).index(k)),
        )
    )
    for parent in OrgKind
}

_SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "欧阳", "司马", "上官", "诸葛", "令狐",
)  # fmt: skip
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华建国红梅玉子涵浩然一诺欣怡梓轩雨桐"
_TRANSLITERATED = ("阿依古丽·买买提", "热依扎", "古丽娜扎·艾力", "扎西顿珠", "乌兰托娅")
# Text a 台账 really contains: CJK, full-width punctuation, ASCII, spaces, digits.
_LEDGER_TEXT = (
    "党支部委员会学习贯彻习近平新时代中国特色社会主义思想主题教育组织生活会民主评议"
    "计算机学院马克思主义外国语第一二三四季度月年，。、；：“”‘’（）《》——…·"
    "ABCxyz0123456789 -_/."
)
_UNITS = ("计算机学院", "马克思主义学院", "外国语学院", "机关", "本科生第一", "研究生", "退休")


def _check_range(min_value: date, max_value: date) -> None:
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} is after max_value={max_value}")


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _clamp(day: date, min_value: date, max_value: date) -> date:
    return min(max(day, min_value), max_value)


# Speed: Hypothesis validates every *new* strategy object the first time it is drawn from, and
# a ledger makes thousands of draws.  So the helpers below draw booleans and indices from
# cached strategies instead of building ``st.none() | ...`` or ``st.sampled_from(pool)`` anew,
# and the public factories are memoised.


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[T]) -> T | None:
    """Draw ``None`` or a value: optional fields must be exercised empty as well as filled."""
    return draw(strategy) if draw(st.booleans()) else None


def _keep(draw: st.DrawFn, value: T) -> T | None:
    """``value`` or ``None`` (an optional date that was drawn in order with others)."""
    return value if draw(st.booleans()) else None


def _one(draw: st.DrawFn, pool: Sequence[T]) -> T:
    """One element of a non-empty ``pool``; shrinks towards the first."""
    return pool[draw(st.integers(0, len(pool) - 1))]


def _subset(draw: st.DrawFn, pool: Sequence[str], max_size: int) -> list[str]:
    """A few distinct items of ``pool`` (empty when the pool is)."""
    if not pool or max_size <= 0:
        return []
    size = min(max_size, len(pool))
    indices = draw(st.lists(st.integers(0, len(pool) - 1), max_size=size))
    return [pool[i] for i in dict.fromkeys(indices)]


def _pick(draw: st.DrawFn, pool: Sequence[str] | None, *, optional: bool) -> str | None:
    """One reference from ``pool`` (any id when ``pool`` is None; None when it is empty)."""
    if optional and not draw(st.booleans()):
        return None
    if pool is None:
        return draw(ids())
    return _one(draw, pool) if pool else None


# --------------------------------------------------------------------------- dates and months


_EDGE_KINDS = st.sampled_from(("last", "first", "leap_day", "quarter_end", "before_last"))


@st.composite
def edge_dates(
    draw: st.DrawFn, min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> date:
    """A date where calendar code goes wrong: month ends and starts, 29 February, quarter ends.

    Uniform dates almost never land on 29 February or the 31st; these do, half of the time
    in :func:`dates`.  The result is clamped into ``[min_value, max_value]``.
    """
    _check_range(min_value, max_value)
    index = draw(st.integers(_month_index(min_value), _month_index(max_value)))
    year, month = divmod(index, 12)
    month += 1
    kind = draw(_EDGE_KINDS)
    last = calendar.monthrange(year, month)[1]
    if kind == "first":
        day = date(year, month, 1)
    elif kind == "before_last":
        day = date(year, month, last - 1)
    elif kind == "quarter_end":
        q_month = (month - 1) // 3 * 3 + 3
        day = date(year, q_month, calendar.monthrange(year, q_month)[1])
    elif kind == "leap_day":
        near = [
            y
            for y in range(max(year - 4, min_value.year), min(year + 4, max_value.year) + 1)
            if calendar.isleap(y)
        ]
        day = date(_one(draw, near), 2, 29) if near else date(year, month, last)
    else:
        day = date(year, month, last)
    return _clamp(day, min_value, max_value)


@_memo
def dates(
    min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[date]:
    """Any date in ``[min_value, max_value]``, half of the draws from :func:`edge_dates`."""
    _check_range(min_value, max_value)
    return st.one_of(edge_dates(min_value, max_value), st.dates(min_value, max_value))


def _ordered(draw: st.DrawFn, n: int, min_value: date, max_value: date) -> list[date]:
    """``n`` independent dates, sorted (equal dates are allowed and exercised)."""
    strategy = dates(min_value, max_value)
    return sorted(draw(strategy) for _ in range(n))


_GAPS = st.integers(0, 1500)


def _notice(draw: st.DrawFn, vote: date | None, min_value: date) -> PublicNotice | None:
    """A public notice ending on or before ``vote`` (or none): start ≤ end, as integrity asks."""
    if vote is None or not draw(st.booleans()):
        return None
    end = vote - timedelta(days=draw(st.integers(0, min(30, (vote - min_value).days))))
    start = end - timedelta(days=draw(st.integers(0, min(14, (end - min_value).days))))
    return PublicNotice(start=start, end=end)


def _after(draw: st.DrawFn, day: date, max_value: date) -> date:
    """A day on or after ``day`` (a gap of days, 0 included), never after ``max_value``."""
    gap = draw(_GAPS)
    return max_value if (max_value - day).days < gap else day + timedelta(days=gap)


def _chain(draw: st.DrawFn, n: int, min_value: date, max_value: date) -> list[date]:
    """``n`` dates in order as a first date and day gaps (0 included): one draw per step.

    Long step sequences (a development case has 18) would cost four draws a date if each
    were drawn whole; the first date still comes from :func:`dates`, edges included.
    """
    day = draw(dates(min_value, max_value))
    out = [day]
    for _ in range(n - 1):
        day = _after(draw, day, max_value)
        out.append(day)
    return out


def _date_pair(draw: st.DrawFn, min_value: date, max_value: date) -> tuple[date, date | None]:
    """A start and an optional end on or after it (terms, memberships, validity)."""
    start, end = _ordered(draw, 2, min_value, max_value)
    return start, _keep(draw, end)


def _optional_pair(
    draw: st.DrawFn, min_value: date, max_value: date
) -> tuple[date | None, date | None]:
    """Two optional dates in order (founded/dissolved, effective/repealed)."""
    first, then = _ordered(draw, 2, min_value, max_value)
    return _keep(draw, first), _keep(draw, then)


def _month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@_memo
def months(
    min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> st.SearchStrategy[str]:
    """A ``YYYY-MM`` month string (dues and incomes are kept per month, not per day)."""
    return dates(min_value, max_value).map(_month_text)


@st.composite
def month_ranges(
    draw: st.DrawFn, min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> tuple[str, str | None]:
    """A start month and an optional end month not before it (``YYYY-MM`` text)."""
    first, then = sorted(draw(st.lists(months(min_value, max_value), min_size=2, max_size=2)))
    return first, _keep(draw, then)


# --------------------------------------------------------------------------- numbers and text


@_memo
def amounts(max_value: Decimal = Decimal("99999.99")) -> st.SearchStrategy[Decimal]:
    """A money amount with at most two decimal places, never a float.

    Includes the values that betray a float on the way (``0.10``, ``0.01``, ``19.99``) and
    spellings that are still at most two places once normalised (``5.100``, ``1E+2``).
    """
    tricky = [
        Decimal(v)
        for v in ("0.00", "0.01", "0.10", "0.3", "19.99", "100", "2000.50", "5.100", "1E+2")
        if Decimal(v) <= max_value
    ]
    uniform = st.decimals(min_value=Decimal(0), max_value=max_value, places=2, allow_nan=False)
    return st.one_of(st.sampled_from(tricky), uniform) if tricky else uniform


@_memo
def decimals(
    min_value: Decimal = Decimal(0), max_value: Decimal = Decimal(10_000), *, max_places: int = 4
) -> st.SearchStrategy[Decimal]:
    """A finite decimal (hours, rates) with 0…``max_places`` places: ``1``, ``1.5``, ``0.125``.

    Also the spellings ``str()`` keeps as written — ``-0``, ``0E-10``, ``1E+2`` — when they
    lie in range, since a round trip must keep them.
    """
    spelt = [
        Decimal(v) for v in ("-0", "0E-10", "1E+2", "1.000") if min_value <= Decimal(v) <= max_value
    ]
    by_places = [
        st.decimals(min_value=min_value, max_value=max_value, places=places, allow_nan=False)
        for places in range(max_places + 1)
    ]
    return st.one_of([st.sampled_from(spelt), *by_places] if spelt else by_places)


@_memo
def chinese_names() -> st.SearchStrategy[str]:
    """A person's name: Chinese with one- and two-character surnames, or transliterated."""
    han = st.builds(
        operator.add,
        st.sampled_from(_SURNAMES),
        st.text(alphabet=_GIVEN, min_size=1, max_size=2),
    )
    return st.one_of(han, st.sampled_from(_TRANSLITERATED))


@_memo
def texts(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[str]:
    """Free text: mostly 台账-like Chinese, sometimes any Unicode (control characters too)."""
    return st.one_of(
        st.text(alphabet=_LEDGER_TEXT, min_size=min_size, max_size=max_size),
        st.text(min_size=min_size, max_size=max_size),
    )


@_memo
def ids() -> st.SearchStrategy[str]:
    """A record id on its own: readable (``b-3``) or arbitrary non-empty text."""
    return st.one_of(
        st.builds(
            "{}-{}".format, st.sampled_from(("b", "p", "m", "支部", "人员")), st.integers(0, 99)
        ),
        st.text(min_size=1, max_size=20),
    )


@_memo
def _enum(kind: type[E]) -> st.SearchStrategy[E]:
    """Every member of an enum (Hypothesis shrinks towards the first)."""
    return st.sampled_from(list(kind))


# --------------------------------------------------------------------------- organisations

# A department's own 台账 starts below the school, so any kind but a party group may be a root.
_ROOT_KINDS = (
    OrgKind.DEPT_COMMITTEE,
    OrgKind.GENERAL_BRANCH,
    OrgKind.SCHOOL_COMMITTEE,
    OrgKind.BRANCH,
)


@st.composite
def organizations_trees(
    draw: st.DrawFn,
    *,
    max_size: int = 8,
    id_prefix: str = "org-",
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
) -> list[Organization]:
    """A tree of 1…``max_size`` organisations whose parent kinds follow the integrity table.

    The root is a school committee, a department committee, a general branch or a branch
    with no parent (a department's own 台账 starts below the school); ids are
    ``{id_prefix}{n}``, so pass distinct prefixes to keep ids unique across collections.
    """
    if max_size < 1:
        raise InvalidArgument(f"max_size={max_size} must be at least 1")
    _check_range(min_date, max_date)
    size = draw(st.integers(1, max_size))
    kinds: list[OrgKind] = [_one(draw, _ROOT_KINDS)]
    parents: list[int | None] = [None]
    while len(kinds) < size:
        able = [i for i, k in enumerate(kinds) if _CHILD_KINDS[k]]
        if not able:
            break
        parent = _one(draw, able)
        kinds.append(_one(draw, _CHILD_KINDS[kinds[parent]]))
        parents.append(parent)
    out: list[Organization] = []
    for i, (kind, parent_index) in enumerate(zip(kinds, parents, strict=True)):
        founded, dissolved = _optional_pair(draw, min_date, max_date)
        branch = kind is OrgKind.BRANCH
        out.append(
            Organization(
                id=f"{id_prefix}{i}",
                name=_one(draw, _UNITS) + kind.zh if draw(st.booleans()) else draw(texts()),
                kind=kind,
                parent_id=None if parent_index is None else f"{id_prefix}{parent_index}",
                category=_maybe(draw, _enum(BranchCategory)) if branch else None,
                teacher_kind=_maybe(draw, _enum(TeacherKind)) if branch else None,
                student_level=_maybe(draw, _enum(StudentLevel)) if branch else None,
                joint=draw(st.booleans()) if branch else False,
                is_department=_maybe(draw, st.booleans()),
                founded=founded,
                dissolved=dissolved,
                lecture_series=draw(st.lists(texts(), max_size=2)),
            )
        )
    return out


# --------------------------------------------------------------------------- people


_STEPS = ("application", "activist", "candidate", "admission", "conversion")


def _party_from(
    draw: st.DrawFn, steps: dict[str, date | None], max_date: date, latest: date | None = None
) -> PartyDates:
    """Party dates from milestones in order; ``conversion`` is kept only with ``admission``.

    A person who left the party (one in five) left on or after ``latest``, by default the
    last milestone recorded here.
    """
    values = dict(steps)
    if values["admission"] is None:
        values["conversion"] = None
    reached = [d for d in values.values() if d is not None]
    left: date | None = None
    if reached and draw(st.integers(0, 4)) == 0:
        left = _after(draw, latest or max(reached), max_date)
    return PartyDates(
        application=values["application"],
        activist=values["activist"],
        candidate=values["candidate"],
        admission=values["admission"],
        conversion=values["conversion"],
        left=left,
        left_reason=_maybe(draw, texts()) if left is not None else None,
    )


@st.composite
def party_dates(
    draw: st.DrawFn, min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> PartyDates:
    """Milestones application ≤ activist ≤ candidate ≤ admission ≤ conversion ≤ left.

    Any milestone may be missing (old members often have only admission and conversion), but
    never a conversion without its admission.
    """
    _check_range(min_value, max_value)
    ordered = _chain(draw, len(_STEPS), min_value, max_value)
    keep = draw(st.lists(st.booleans(), min_size=len(_STEPS), max_size=len(_STEPS)))
    steps = {
        name: day if kept else None for name, day, kept in zip(_STEPS, ordered, keep, strict=True)
    }
    return _party_from(draw, steps, max_value)


@st.composite
def people(
    draw: st.DrawFn,
    *,
    person_id: str | None = None,
    branch_ids: Sequence[str] | None = None,
    department_ids: Sequence[str] | None = None,
    party: PartyDates | None = None,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
) -> Person:
    """One person with party dates, memberships, dues bases, reductions and arrears reasons.

    ``branch_ids`` are the branches and party groups a membership may name (the integrity
    rules allow no other kind); ``party`` fixes the party dates, e.g. to match a development
    case, otherwise they are drawn by :func:`party_dates`.
    """
    _check_range(min_date, max_date)
    memberships: list[Membership] = []
    for _ in range(draw(st.integers(0, 2))):
        org_id = _pick(draw, branch_ids, optional=False)
        if org_id is None:
            break
        start, end = _date_pair(draw, min_date, max_date)
        memberships.append(Membership(org_id=org_id, start=start, end=end))
    birth, retirement = _optional_pair(draw, min_date, max_date)
    hardship: list[HardshipReduction] = []
    for _ in range(draw(st.integers(0, 1))):
        start_m, end_m = draw(month_ranges(min_date, max_date))
        hardship.append(
            HardshipReduction(
                start=start_m,
                end=end_m,
                monthly_amount=draw(amounts(Decimal(100))),
                approved_by=draw(texts()),
                approved_on=_maybe(draw, dates(min_date, max_date)),
            )
        )
    arrears: list[ArrearsReason] = []
    for _ in range(draw(st.integers(0, 1))):
        start_m, end_m = draw(month_ranges(min_date, max_date))
        arrears.append(
            ArrearsReason(
                start=start_m,
                end=end_m,
                reason=draw(texts()),
                approved_by=_maybe(draw, texts()),
            )
        )
    return Person(
        id=person_id if person_id is not None else draw(ids()),
        name=draw(chinese_names()),
        category=draw(_enum(PersonCategory)),
        department_id=_pick(draw, department_ids, optional=True),
        specialty_teacher=draw(st.booleans()),
        student_level=_maybe(draw, _enum(StudentLevel)),
        birth_date=birth,
        retirement_date=retirement,
        title_rank=_maybe(draw, _enum(TitleRank)),
        degree=_maybe(draw, _enum(Degree)),
        academic_lead=draw(st.booleans()),
        dual_leader=_maybe(draw, st.booleans()),
        party=party if party is not None else draw(party_dates(min_date, max_date)),
        memberships=memberships,
        incomes=[
            Income(
                effective=draw(months(min_date, max_date)),
                category=draw(_enum(IncomeCategory)),
                base=_maybe(draw, amounts()),
            )
            for _ in range(draw(st.integers(0, 2)))
        ],
        quarterly_dues=draw(st.booleans()),
        hardship_reductions=hardship,
        arrears_reasons=arrears,
    )


# --------------------------------------------------------------------------- development


def _vote(draw: st.DrawFn, day: date) -> Vote:
    """A vote with yes ≤ present ≤ entitled (zero attendance included)."""
    entitled = draw(st.integers(0, 120))
    present = draw(st.integers(0, entitled))
    return Vote(date=day, entitled=entitled, present=present, yes=draw(st.integers(0, present)))


@st.composite
def development_cases(
    draw: st.DrawFn,
    *,
    case_id: str | None = None,
    person_id: str | None = None,
    branch_id: str | None = None,
    person_ids: Sequence[str] | None = None,
    org_ids: Sequence[str] | None = None,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
) -> DevelopmentCase:
    """A development case whose recorded steps are in the order of the regulation.

    Every step may be missing; the ones present are dated application ≤ talk ≤ activist ≤ …
    ≤ conversion vote ≤ its approval, and votes count yes ≤ present ≤ entitled.  Use
    :func:`party_dates_of` to give the person matching party dates.
    """
    _check_range(min_date, max_date)
    names = (
        "application", "talk", "activist", "contacts_assigned", "review", "candidate",
        "political_review", "training_start", "training_end", "pre_review", "application_form",
        "admission", "approval", "oath", "extension", "conversion_application", "conversion",
        "conversion_approval",
    )  # fmt: skip
    ordered = _chain(draw, len(names), min_date, max_date)
    keep = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
    d = {n: day if kept else None for n, day, kept in zip(names, ordered, keep, strict=True)}

    def approval(day: date | None) -> Approval | None:
        org = _pick(draw, org_ids, optional=False)
        if day is None or org is None:
            return None
        return Approval(date=day, org_id=org, approved=draw(st.booleans()))

    training: CandidateTraining | None = None
    if d["training_start"] is not None:
        training = CandidateTraining(
            start=d["training_start"],
            end=d["training_end"] or d["training_start"],
            days=_maybe(draw, decimals(max_value=Decimal(30), max_places=1)),
            hours=_maybe(draw, decimals(max_value=Decimal(200), max_places=1)),
        )
    pool = person_ids if person_ids is not None else draw(st.lists(ids(), max_size=3))
    return DevelopmentCase(
        id=case_id if case_id is not None else draw(ids()),
        person_id=person_id if person_id is not None else draw(ids()),
        branch_id=branch_id if branch_id is not None else draw(ids()),
        application=d["application"],
        talk=d["talk"],
        activist=d["activist"],
        contacts=_subset(draw, pool, 2),
        contacts_assigned=d["contacts_assigned"],
        reviews=[d["review"]] if d["review"] is not None else [],
        candidate=d["candidate"],
        introducers=_subset(draw, pool, 2),
        political_review=(
            PoliticalReview(date=d["political_review"], passed=draw(st.booleans()))
            if d["political_review"] is not None
            else None
        ),
        training=training,
        pre_review=d["pre_review"],
        application_form=d["application_form"],
        admission_vote=_vote(draw, d["admission"]) if d["admission"] is not None else None,
        approval=approval(d["approval"]),
        oath=d["oath"],
        extensions=(
            [Extension(decided_on=d["extension"], months=draw(st.integers(1, 24)))]
            if d["extension"] is not None
            else []
        ),
        conversion_application=d["conversion_application"],
        conversion_vote=_vote(draw, d["conversion"]) if d["conversion"] is not None else None,
        conversion_approval=approval(d["conversion_approval"]),
        admission_notice=_notice(draw, d["admission"], min_date),
        conversion_notice=_notice(draw, d["conversion"], min_date),
        closed=(
            CaseClosure(date=_after(draw, min_date, max_date), reason=draw(texts()))
            if draw(st.booleans()) and draw(st.booleans())
            else None
        ),
    )


@st.composite
def party_dates_of(
    draw: st.DrawFn, case: DevelopmentCase, max_date: date = DEFAULT_MAX_DATE
) -> PartyDates:
    """Party dates agreeing with ``case``: each milestone copied or left empty, never different.

    The integrity rules treat a differing date as a conflict but an empty one as "not
    recorded here", so both copies and gaps are drawn.
    """
    case_steps = {
        "application": case.application,
        "activist": case.activist,
        "candidate": case.candidate,
        "admission": case.admission_date,
        "conversion": case.conversion_date,
    }
    steps = {name: day if draw(st.booleans()) else None for name, day in case_steps.items()}
    # Leaving comes after every step of the case, even the ones not copied here.
    recorded = [day for day in case_steps.values() if day is not None]
    return _party_from(draw, steps, max_date, max(recorded, default=None))


# --------------------------------------------------------------------------- meetings


_ATTENDANCE_FORMS = st.sampled_from(("counts", "lists", "mixed", "none", "present_only"))


def _attendance(
    draw: st.DrawFn, person_ids: Sequence[str] | None
) -> tuple[list[str] | int | None, list[str] | int | None]:
    """Entitled/present as counts (present ≤ entitled), as lists of people, mixed, or empty."""
    form = draw(_ATTENDANCE_FORMS)
    pool = person_ids if person_ids is not None else draw(st.lists(ids(), max_size=4))
    if form == "counts":
        entitled = draw(st.integers(0, 300))
        return entitled, draw(st.integers(0, entitled))
    if form == "lists":
        listed = _subset(draw, pool, 6)
        return listed, [p for p in listed if draw(st.booleans())]
    if form == "mixed":
        return draw(st.integers(0, 300)), _subset(draw, pool, 4)
    if form == "present_only":
        if draw(st.booleans()):
            return None, draw(st.integers(0, 300))
        return None, _subset(draw, pool, 3)
    return None, None


@st.composite
def meetings(
    draw: st.DrawFn,
    *,
    meeting_id: str | None = None,
    org_ids: Sequence[str] | None = None,
    person_ids: Sequence[str] | None = None,
    meeting_ids: Sequence[str] | None = None,
    document_ids: Sequence[str] | None = None,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
) -> Meeting:
    """One meeting or activity, with attendance as lists or as counts, agenda and grades.

    ``org_ids`` (when given) must not be empty: a meeting belongs to at least one
    organisation.  ``meeting_ids`` are what agenda items may cite as their prior review.
    """
    _check_range(min_date, max_date)
    if org_ids is not None and not org_ids:
        raise InvalidArgument("a meeting needs at least one organisation to belong to")
    owners = (
        [_one(draw, org_ids), *_subset(draw, org_ids, 2)]
        if org_ids is not None
        else draw(st.lists(ids(), min_size=1, max_size=3))
    )
    entitled, present = _attendance(draw, person_ids)
    agenda = [
        AgendaItem(
            title=draw(texts()),
            category=draw(_enum(AgendaCategory)),
            prior_party_review=_maybe(draw, st.booleans()),
            prior_review_meeting_id=_pick(draw, meeting_ids, optional=True),
            votes_yes=_maybe(draw, st.integers(0, 200)),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    graded = (
        _subset(draw, person_ids, 3)
        if person_ids is not None
        else draw(st.lists(ids(), max_size=2))
    )
    return Meeting(
        id=meeting_id if meeting_id is not None else draw(ids()),
        kind=draw(_enum(MeetingKind)),
        org_ids=owners,
        date=draw(dates(min_date, max_date)),
        title=_maybe(draw, texts()),
        mode=draw(_enum(Mode)),
        entitled=entitled,
        present=present,
        chair_id=_pick(draw, person_ids, optional=True),
        speaker_id=_pick(draw, person_ids, optional=True),
        hours=_maybe(draw, decimals(max_value=Decimal(24), max_places=2)),
        open_to_non_members=draw(st.booleans()),
        series=_maybe(draw, texts()),
        topics=draw(st.lists(texts(), max_size=2)),
        agenda=agenda,
        grades={pid: draw(_enum(AppraisalGrade)) for pid in graded},
        document_ids=(
            _subset(draw, document_ids, 2)
            if document_ids is not None
            else draw(st.lists(ids(), max_size=2))
        ),
    )


# --------------------------------------------------------------------------- whole ledgers

_PREFIXES_EN = (
    "org", "election", "shift", "role", "person", "post", "meeting", "case", "dues", "doc",
    "training", "contact", "society", "event", "award", "project", "task", "metric",
    "incident", "waiver", "headcount",
)  # fmt: skip
_PREFIXES_ZH = (
    "组织", "选举", "换届", "职务", "人员", "岗位", "会议", "发展", "党费", "文件",
    "培训", "联系", "社团", "社团活动", "获奖", "课题", "任务", "指标",
    "事件", "豁免", "人数",
)  # fmt: skip


_ID_TAGS = st.one_of(
    st.just(""), st.text(max_size=4), st.sampled_from(("院系/", "2025 ", "a.b[0]"))
)
_METRIC_NAMES = st.one_of(st.sampled_from(("employment_rate", "就业率")), texts())
_COHORTS = st.one_of(st.sampled_from(("2025届", "2024")), texts())
_RULE_IDS = st.one_of(st.sampled_from(("meetings.three_meetings", "dues.monthly")), texts())


@st.composite
def ledgers(
    draw: st.DrawFn,
    *,
    max_people: int = 4,
    max_meetings: int = 4,
    max_records: int = 2,
    max_organizations: int = 5,
    min_date: date = DEFAULT_MIN_DATE,
    max_date: date = DEFAULT_MAX_DATE,
) -> Ledger:
    """A ledger that passes every integrity check, touching every collection.

    Valid by construction, not by filtering (a filter would reject almost every draw): ids
    are ``{tag}{collection}-{n}`` with one drawn tag, so they are unique across the whole
    ledger yet may hold Chinese, spaces or control characters; every reference is drawn from
    records made before it; dates that must be ordered are drawn sorted; a person with a
    development case gets party dates copied from it.  ``max_records`` bounds each of the
    smaller collections (elections, dues, awards …).
    """
    _check_range(min_date, max_date)
    tag = draw(_ID_TAGS)
    names = _PREFIXES_ZH if draw(st.booleans()) else _PREFIXES_EN
    prefix = {en: f"{tag}{name}-" for en, name in zip(_PREFIXES_EN, names, strict=True)}

    def numbered(collection: str, count: int) -> list[str]:
        return [f"{prefix[collection]}{i}" for i in range(count)]

    def count(limit: int) -> int:
        return draw(st.integers(0, limit))

    def few() -> int:
        # About half of the smaller collections stay empty: empty lists are worth testing,
        # and each record costs draws, so this keeps a ledger quick to generate.
        return max(0, draw(st.integers(-max_records, max_records)))

    def day() -> date:
        return draw(dates(min_date, max_date))

    orgs = draw(
        organizations_trees(
            max_size=max_organizations,
            id_prefix=prefix["org"],
            min_date=min_date,
            max_date=max_date,
        )
    )
    org_ids = [o.id for o in orgs]
    branches = [o.id for o in orgs if o.kind is OrgKind.BRANCH]
    member_orgs = [o.id for o in orgs if o.kind in (OrgKind.BRANCH, OrgKind.GROUP)]
    person_ids = numbered("person", count(max_people))
    societies = [
        Society(
            id=sid,
            name=draw(texts()),
            org_id=_one(draw, org_ids),
            advisor_id=_pick(draw, person_ids, optional=True),
            founded=founded,
            dissolved=dissolved,
        )
        for sid in numbered("society", few())
        for founded, dissolved in [_optional_pair(draw, min_date, max_date)]
    ]
    documents = [
        Document(
            id=did,
            kind=draw(_enum(DocumentKind)),
            title=draw(texts()),
            org_id=_one(draw, org_ids),
            category=_maybe(draw, texts()),
            effective=effective,
            repealed=repealed,
        )
        for did in numbered("doc", few())
        for effective, repealed in [_optional_pair(draw, min_date, max_date)]
    ]
    cases: list[DevelopmentCase] = []
    people_list: list[Person] = []
    case_ids = iter(numbered("case", len(person_ids)))
    for pid in person_ids:
        party: PartyDates | None = None
        if draw(st.booleans()) and branches:
            case = draw(
                development_cases(
                    case_id=next(case_ids),
                    person_id=pid,
                    branch_id=_one(draw, branches),
                    person_ids=person_ids,
                    org_ids=org_ids,
                    min_date=min_date,
                    max_date=max_date,
                )
            )
            cases.append(case)
            party = draw(party_dates_of(case, max_date))
        people_list.append(
            draw(
                people(
                    person_id=pid,
                    branch_ids=member_orgs,
                    department_ids=org_ids,
                    party=party,
                    min_date=min_date,
                    max_date=max_date,
                )
            )
        )
    meeting_ids = numbered("meeting", count(max_meetings))
    doc_ids = [d.id for d in documents]
    meeting_list = [
        draw(
            meetings(
                meeting_id=mid,
                org_ids=org_ids,
                person_ids=person_ids,
                meeting_ids=meeting_ids,
                document_ids=doc_ids,
                min_date=min_date,
                max_date=max_date,
            )
        )
        for mid in meeting_ids
    ]
    with_people = bool(person_ids)
    roles = [
        PartyRole(
            id=rid,
            org_id=_one(draw, org_ids),
            person_id=_one(draw, person_ids),
            role=draw(_enum(Role)),
            start=start,
            end=end,
        )
        for rid in numbered("role", few() if with_people else 0)
        for start, end in [_date_pair(draw, min_date, max_date)]
    ]
    units = org_ids + [s.id for s in societies]
    posts = [
        Post(
            id=post_id,
            person_id=_one(draw, person_ids),
            kind=draw(_enum(PostKind)),
            unit_id=_pick(draw, units, optional=True),
            full_time=draw(st.booleans()),
            start=start,
            end=end,
        )
        for post_id in numbered("post", few() if with_people else 0)
        for start, end in [_date_pair(draw, min_date, max_date)]
    ]
    dues = [
        DuesPayment(
            id=dues_id,
            person_id=_one(draw, person_ids),
            # Distinct months, by dropping repeats rather than filtering (no rejected draws).
            months=list(
                dict.fromkeys(draw(st.lists(months(min_date, max_date), min_size=1, max_size=3)))
            ),
            amount=draw(amounts()),
            paid_on=day(),
        )
        for dues_id in numbered("dues", few() if with_people else 0)
    ]
    trainings = [
        Training(
            id=tid,
            person_id=_one(draw, person_ids),
            kind=draw(_enum(TrainingKind)),
            date=day(),
            hours=draw(decimals(max_value=Decimal(100), max_places=1)),
            title=_maybe(draw, texts()),
        )
        for tid in numbered("training", few() if with_people else 0)
    ]
    contacts = [
        ContactAssignment(
            id=cid,
            leader_id=_one(draw, person_ids),
            target_id=_one(draw, org_ids + person_ids),
            start=start,
            end=end,
        )
        for cid in numbered("contact", few() if with_people else 0)
        for start, end in [_date_pair(draw, min_date, max_date)]
    ]
    events = [
        SocietyEvent(
            id=eid,
            society_id=_one(draw, societies).id,
            kind=draw(_enum(SocietyEventKind)),
            date=happened,
            reported_on=_keep(draw, reported),
            title=_maybe(draw, texts()),
        )
        for eid in numbered("event", few() if societies else 0)
        for reported, happened in [_ordered(draw, 2, min_date, max_date)]
    ]
    elections = [
        Election(
            id=eid,
            org_id=_one(draw, org_ids),
            date=held,
            term_years=_maybe(draw, st.integers(1, 10)),
            approved_by=_maybe(draw, texts()),
            approved_on=_keep(draw, approved),
        )
        for eid in numbered("election", few())
        for held, approved in [_ordered(draw, 2, min_date, max_date)]
    ]
    shifts = [
        TermShift(
            id=sid,
            org_id=_one(draw, org_ids),
            new_due=new_due,
            approved_by=draw(texts()),
            approved_on=approved_on,
            reason=_maybe(draw, texts()),
        )
        for sid in numbered("shift", few())
        for approved_on, new_due in [_ordered(draw, 2, min_date, max_date)]
    ]
    awards = [
        Award(
            id=aid,
            title=draw(texts()),
            level=draw(_enum(AwardLevel)),
            kind=draw(_enum(AwardKind)),
            date=day(),
            org_id=_pick(draw, org_ids, optional=True),
            person_ids=_subset(draw, person_ids, 3),
            winner_category=_maybe(draw, _enum(PersonCategory)),
            winner_count=_maybe(draw, st.integers(1, 200)),
            achievement_key=_maybe(draw, texts()),
        )
        for aid in numbered("award", few())
    ]
    projects = [
        Project(
            id=pid,
            title=draw(texts()),
            org_id=_pick(draw, org_ids, optional=True),
            kind=_maybe(draw, texts()),
            level=_maybe(draw, _enum(AwardLevel)),
            applied_on=applied,
            approved_on=approved,
        )
        for pid in numbered("project", few())
        for applied, approved in [_date_pair(draw, min_date, max_date)]
    ]
    tasks = [
        Task(
            id=tid,
            title=draw(texts()),
            org_id=_pick(draw, org_ids, optional=True),
            due=day(),
            done_on=_maybe(draw, dates(min_date, max_date)),
            count=draw(st.integers(1, 50)),
        )
        for tid in numbered("task", few())
    ]
    metrics = [
        Metric(
            id=mid,
            name=name,
            org_id=_pick(draw, org_ids, optional=True),
            value=draw(
                decimals(Decimal(0), Decimal(1), max_places=6)
                if name in SHARE_METRICS
                else decimals(Decimal(-1000), Decimal(1000), max_places=6)
            ),
            start=start,
            end=end,
            cohort=_maybe(draw, _COHORTS),
            numerator=numerator,
            denominator=_maybe(draw, st.integers(numerator or 0, 5000)),
        )
        for mid in numbered("metric", few())
        for name in [draw(_METRIC_NAMES)]
        for start, end in [_ordered(draw, 2, min_date, max_date)]
        for numerator in [_maybe(draw, st.integers(0, 5000))]
    ]
    incidents = [
        Incident(
            id=iid,
            org_id=_one(draw, org_ids),
            date=day(),
            severity=draw(_enum(IncidentSeverity)),
            category=_maybe(draw, texts()),
            description=_maybe(draw, texts()),
        )
        for iid in numbered("incident", few())
    ]
    headcounts = [
        Headcount(
            id=hid,
            unit_id=_one(draw, org_ids),
            date=day(),
            students=students,
            full_time_students=_maybe(draw, st.integers(0, students)),
            teachers=draw(st.integers(0, 500)),
            staff=draw(st.integers(0, 500)),
        )
        for hid in numbered("headcount", few())
        for students in [draw(st.integers(0, 20_000))]
    ]
    collections: tuple[Sequence[_HasId], ...] = (
        orgs, elections, shifts, roles, people_list, posts, meeting_list, cases, dues,
        documents, trainings, contacts, societies, events, awards, projects, tasks, metrics,
        incidents, headcounts,
    )  # fmt: skip
    subjects = [record.id for collection in collections for record in collection]
    waiver_ids = numbered("waiver", few())
    waivers = [
        Waiver(
            id=wid,
            rule_id=draw(_RULE_IDS),
            # A waiver may name any record, another waiver included.
            subject_id=_one(draw, subjects + waiver_ids),
            start=start,
            end=end,
            facet=_maybe(draw, texts()),
            reason=draw(texts()),
            approver=draw(texts()),
            granted_on=_maybe(draw, dates(min_date, max_date)),
            expires=expires,
        )
        for wid in waiver_ids
        for start, end, expires in [_ordered(draw, 3, min_date, max_date)]
    ]
    coverage = None
    if draw(st.booleans()):
        cov_start, cov_end = _ordered(draw, 2, min_date, max_date)
        coverage = Coverage(start=cov_start, end=cov_end if draw(st.booleans()) else None)
    return Ledger(
        title=_maybe(draw, texts()),
        coverage=coverage,
        organizations=orgs,
        elections=elections,
        term_shifts=shifts,
        party_roles=roles,
        people=people_list,
        posts=posts,
        meetings=meeting_list,
        development_cases=cases,
        dues_payments=dues,
        documents=documents,
        trainings=trainings,
        contact_assignments=contacts,
        societies=societies,
        society_events=events,
        awards=awards,
        projects=projects,
        tasks=tasks,
        metrics=metrics,
        incidents=incidents,
        waivers=waivers,
        headcounts=headcounts,
    )


# --------------------------------------------------------------------------- thresholds
#
# Rules fail at their thresholds: a branch of exactly 7 full members, an income of exactly
# 3000.00, the last day of a quarter.  Uniform draws land there almost never, so these
# strategies aim at each threshold and draw values on *both* sides of it (each one tested
# to do so in tests/test_testing_kit.py).  The thresholds are read from the rules' default
# parameters, so the strategies follow the rules if a default ever changes.

#: Full members from which a branch must have a committee (structure.committee_required).
COMMITTEE_MIN_FULL: int = CommitteeRequiredParams().min_full
#: Fewest full members a branch may have (structure.branch_min_members).
BRANCH_MIN_FULL: int = MinMembersParams().min_full
#: Students per counsellor (staffing.counselor_ratio): 1:200.
STUDENTS_PER_COUNSELLOR: int = CounselorRatioParams().students_per_counselor
_CENT = Decimal("0.01")


@_memo
def sizes_around(threshold: int, spread: int = 1) -> st.SearchStrategy[int]:
    """A count in ``threshold - spread … threshold + spread`` (never below 0).

    For any rule that counts people against a minimum: the count just below the threshold
    is where an off-by-one (``>`` for ``>=``) shows, and Hypothesis shrinks towards the
    smallest count, so a failure is reported at the lowest size that breaks.
    """
    if spread < 0:
        raise InvalidArgument(f"spread={spread} must not be negative")
    return st.integers(max(0, threshold - spread), threshold + spread)


def committee_sizes() -> st.SearchStrategy[int]:
    """Full members of a branch around the committee threshold: 6, 7 or 8.

    From 7 full members a branch must elect a committee (支委会); 6 need none
    (``structure.committee_required`` is then ``not_applicable``), 7 and 8 do.
    """
    return sizes_around(COMMITTEE_MIN_FULL)


def minimum_sizes() -> st.SearchStrategy[int]:
    """Full members of a branch around the minimum: 2, 3 or 4.

    A branch needs at least 3 full members (``structure.branch_min_members``): 2 fails,
    3 and 4 pass.
    """
    return sizes_around(BRANCH_MIN_FULL)


def _period_end_day(draw: st.DrawFn, min_value: date, max_value: date, step: int) -> date:
    """The last day of a period of ``step`` months (1: month, 3: quarter), the day before
    it, or the day after — for a period ending inside ``[min_value, max_value]`` or just
    before it (whose next day may be ``min_value``).

    With months, one draw in four is a February of a leap year (28th, 29th, 1 March) or
    not (27th, 28th, 1 March) when the range holds one, so both readings of "28 February"
    are exercised.
    """
    _check_range(min_value, max_value)
    lo = max(_month_index(min_value) - 1, _month_index(date.min))
    hi = _month_index(max_value)
    index = draw(st.integers(lo, hi))
    index += (step - 1 - index % step) % step  # forward to the period's last month
    if index > hi:
        index -= step
    if step == 1 and draw(st.integers(0, 3)) == 0:
        leap = draw(st.booleans())
        near = [y for y in range(index // 12 - 4, index // 12 + 5) if lo <= y * 12 + 1 <= hi]
        fitting = [y for y in near if calendar.isleap(y) == leap] or near
        if fitting:
            index = _one(draw, fitting) * 12 + 1
    year, month = divmod(max(index, lo), 12)
    month += 1
    end = date(year, month, calendar.monthrange(year, month)[1])
    offset = draw(st.sampled_from((0, 1, -1)))  # shrinks towards the last day itself
    if offset == 1 and end == date.max:
        offset = 0
    return _clamp(end + timedelta(days=offset), min_value, max_value)


@st.composite
def month_end_days(
    draw: st.DrawFn, min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> date:
    """A day at a month's end: its last day, the day before, or the 1st of the next month.

    Monthly rules (三会一课, dues) close a period on its last day: a meeting on the 31st
    counts for that month, one on the 1st for the next.  Februaries come often, leap or
    not — 28 February is the month's end in 2023 and the day before it in 2024.  Clamped
    into ``[min_value, max_value]``.
    """
    return _period_end_day(draw, min_value, max_value, 1)


@st.composite
def quarter_end_days(
    draw: st.DrawFn, min_value: date = DEFAULT_MIN_DATE, max_value: date = DEFAULT_MAX_DATE
) -> date:
    """A day at a quarter's end: 31 March, 30 June, 30 September or 31 December, the day
    before, or the 1st of the next quarter.

    Quarterly rules (党员大会, 党课) are judged on the quarter's last day; a record the day
    after belongs to the next quarter.  Clamped into ``[min_value, max_value]``.
    """
    return _period_end_day(draw, min_value, max_value, 3)


@_memo
def dues_incomes(retired: bool = False) -> st.SearchStrategy[Decimal]:
    """A monthly income base at a dues bracket bound, or one cent above it.

    The 2008 rate table is by brackets whose upper bound is inclusive: 3000.00 pays 0.5%
    (15.00), 3000.01 pays 1% (30.00).  Salaried bounds: 3000, 5000, 10000; retired
    (``retired=True``): 5000.  Always two decimal places.
    """
    table = AmountParams().retired if retired else AmountParams().salaried
    bounds = [b.up_to for b in table if b.up_to is not None]
    values = [v.quantize(_CENT) for b in bounds for v in (b, b + _CENT)]
    return st.sampled_from(values)


@st.composite
def counsellor_loads(
    draw: st.DrawFn,
    max_counsellors: int = 5,
    per_counsellor: int = STUDENTS_PER_COUNSELLOR,
) -> tuple[int, int]:
    """``(counsellors, students)`` with students one below, at or one above the 1:200 line.

    ``staffing.counselor_ratio`` passes when counsellors ≥ students / 200, exactly: 1 for
    200 students passes, 1 for 201 fails.  ``counsellors`` is 1…``max_counsellors``.
    """
    if max_counsellors < 1 or per_counsellor < 1:
        raise InvalidArgument("max_counsellors and per_counsellor must be at least 1")
    counsellors = draw(st.integers(1, max_counsellors))
    students = counsellors * per_counsellor + draw(st.sampled_from((0, 1, -1)))
    return counsellors, students
