"""Calendar periods, assessment windows and cadences.

The regulations speak in calendar terms — "每月", "每季度", "每年", "一年后" — so every rule
asks the same few questions: *which periods of this cadence are judged in this window?*
and *when does "one month after" end?*  This module answers them once, on top of
``dateutil`` (``rrule`` for the cadences, ``relativedelta`` for "N months/years after"), so
that month ends and leap years are decided in one place and never by day arithmetic.

Every period of a cadence starts on the first day of one of the cadence's *start months*
and ends the day before the next start.  That single table drives both :func:`period_of`
(arithmetic, hot) and :func:`cadence_rrule` (an RFC 5545 rule, for iCalendar export).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from functools import lru_cache

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "MAX_WINDOW_YEARS",
    "Cadence",
    "JudgedPeriod",
    "Period",
    "SemesterCalendar",
    "Window",
    "cadence_rrule",
    "check_run",
    "deadline",
    "in_supported_years",
    "judged_periods",
    "month_index",
    "month_of_index",
    "period_of",
    "periods_in",
]


#: The calendar years that a ledger's dates, a run's ``as_of`` and its window may use.  Party
#: records start well after 1900; the upper bound leaves a century of deadlines.  Outside it a
#: date is almost always a typing error (0001-01-01, 9999-12-31), and a run over thousands of
#: years would only be slow and meaningless, so it is refused with a clear error instead.
FIRST_YEAR = 1900
LAST_YEAR = 2199

#: The longest window one run may judge: an assessment covers a year or a term, not an age.
MAX_WINDOW_YEARS = 20


def in_supported_years(day: date) -> bool:
    """Whether ``day`` lies in :data:`FIRST_YEAR` … :data:`LAST_YEAR`."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def check_run(as_of: date, window: Window) -> None:
    """Refuse a run whose ``as_of`` or window lies outside the supported years, or whose
    window is longer than :data:`MAX_WINDOW_YEARS` (a ``ValueError`` in Chinese and English)."""
    problems = []
    for what_zh, what_en, day in (
        ("评估日", "as_of", as_of),
        ("考核期起点", "window start", window.start),
        ("考核期终点", "window end", window.end),
    ):
        if not in_supported_years(day):
            problems.append(
                f"{what_zh} {day} 超出支持的年份 {FIRST_YEAR}–{LAST_YEAR} "
                f"({what_en} {day} is outside the supported years {FIRST_YEAR}–{LAST_YEAR})"
            )
    # Measured only within the supported years, where adding 20 years cannot overflow.
    if not problems and window.end > window.start + relativedelta(years=MAX_WINDOW_YEARS):
        problems.append(
            f"考核期 {window} 超过 {MAX_WINDOW_YEARS} 年 "
            f"(the window {window} is longer than {MAX_WINDOW_YEARS} years)"
        )
    if problems:
        raise ValueError("；".join(problems))


class Cadence(enum.StrEnum):
    """How often an obligation recurs (每月 / 每季度 / 每半年 / 每学期 / 每年)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    SEMESTER = "semester"
    YEAR = "year"


@attrs.frozen(slots=True)
class SemesterCalendar:
    """Where the two semesters of an academic year start.

    Default: spring (春季学期) March–August, autumn (秋季学期) September–February.  A school
    whose spring term starts in February passes ``SemesterCalendar(spring_start=2,
    autumn_start=8)``.  The autumn semester is labelled with the year it starts in.
    """

    spring_start: int = attrs.field(default=3)
    autumn_start: int = attrs.field(default=9)

    @spring_start.validator
    def _check_spring(self, _: object, value: int) -> None:
        if not 1 <= value <= 12:
            raise ValueError(f"spring_start must be a month 1–12, got {value}")

    @autumn_start.validator
    def _check_autumn(self, _: object, value: int) -> None:
        if not self.spring_start < value <= 12:
            raise ValueError(
                f"autumn_start must be a month after spring_start ({self.spring_start}), "
                f"got {value}"
            )


DEFAULT_SEMESTERS = SemesterCalendar()


@attrs.frozen(slots=True, order=True)
class Period:
    """A closed calendar interval ``[start, end]`` of one cadence, with a stable label.

    Labels are what findings and reports show: ``2025-03`` (month), ``2025Q1`` (quarter),
    ``2025H1`` (half year), ``2025-spring`` / ``2025-autumn`` (semester), ``2025`` (year),
    and ``2025-01-01..2025-06-30`` for an arbitrary span (:meth:`span`).
    """

    start: date
    end: date
    label: str = attrs.field(order=False)
    cadence: Cadence | None = attrs.field(default=None, order=False)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label

    @classmethod
    def span(cls, start: date, end: date) -> Period:
        """An arbitrary closed interval (a whole window, a term, a waiver's reach)."""
        if end < start:
            raise ValueError(f"period end {end} is before its start {start}")
        return cls(start, end, f"{start.isoformat()}..{end.isoformat()}")

    @property
    def days(self) -> int:
        """Number of days in the period, both ends included."""
        return (self.end - self.start).days + 1


@attrs.frozen(slots=True)
class Window:
    """The assessment window (考核期): only periods whose last day lies inside it are judged.

    Both ends are inclusive.  :meth:`calendar_year` gives the default window of a run —
    the calendar year that contains ``as_of``.
    """

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window end {self.end} is before its start {self.start}")

    @classmethod
    def calendar_year(cls, day: date) -> Window:
        """The calendar year containing ``day`` (the default window)."""
        return cls(date(day.year, 1, 1), date(day.year, 12, 31))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def as_period(self) -> Period:
        """The window as a :class:`Period` (for findings about the whole window)."""
        if self.start == date(self.start.year, 1, 1) and self.end == date(self.start.year, 12, 31):
            return Period(self.start, self.end, str(self.start.year), Cadence.YEAR)
        return Period.span(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def _start_months(cadence: Cadence, semesters: SemesterCalendar) -> tuple[int, ...]:
    if cadence is Cadence.MONTH:
        return tuple(range(1, 13))
    if cadence is Cadence.QUARTER:
        return (1, 4, 7, 10)
    if cadence is Cadence.HALF_YEAR:
        return (1, 7)
    if cadence is Cadence.SEMESTER:
        return (semesters.spring_start, semesters.autumn_start)
    return (1,)


def _label(cadence: Cadence, start: date, semesters: SemesterCalendar) -> str:
    if cadence is Cadence.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    if cadence is Cadence.QUARTER:
        return f"{start.year:04d}Q{(start.month - 1) // 3 + 1}"
    if cadence is Cadence.HALF_YEAR:
        return f"{start.year:04d}H{1 if start.month < 7 else 2}"
    if cadence is Cadence.SEMESTER:
        name = "spring" if start.month == semesters.spring_start else "autumn"
        return f"{start.year:04d}-{name}"
    return f"{start.year:04d}"


@lru_cache(maxsize=4096)
def period_of(
    cadence: Cadence, day: date, semesters: SemesterCalendar = DEFAULT_SEMESTERS
) -> Period:
    """The period of ``cadence`` that contains ``day``."""
    starts = _start_months(cadence, semesters)
    before = [m for m in starts if m <= day.month]
    start = date(day.year, before[-1], 1) if before else date(day.year - 1, starts[-1], 1)
    later = [m for m in starts if m > start.month]
    nxt = date(start.year, later[0], 1) if later else date(start.year + 1, starts[0], 1)
    return Period(start, nxt - timedelta(days=1), _label(cadence, start, semesters), cadence)


def cadence_rrule(
    cadence: Cadence, dtstart: date, semesters: SemesterCalendar = DEFAULT_SEMESTERS
) -> rrule:
    """The RFC 5545 rule whose occurrences are the first days of the cadence's periods.

    ``str(cadence_rrule(...))`` is valid iCalendar ``RRULE`` text, so a cadence can be exported
    as a recurring calendar event.  ``dtstart`` is moved back to its own period's start.
    """
    first = period_of(cadence, dtstart, semesters).start
    return rrule(
        MONTHLY,
        dtstart=datetime(first.year, first.month, first.day),
        bymonth=_start_months(cadence, semesters),
        bymonthday=1,
    )


def periods_in(
    cadence: Cadence, window: Window, semesters: SemesterCalendar = DEFAULT_SEMESTERS
) -> list[Period]:
    """Every period of ``cadence`` whose last day lies inside ``window``, in order."""
    return list(_periods_in(cadence, window, semesters))


@lru_cache(maxsize=256)
def _periods_in(
    cadence: Cadence, window: Window, semesters: SemesterCalendar
) -> tuple[Period, ...]:
    # Every rule asks for the same few cadences over the same window: walk the rrule once.
    first = period_of(cadence, window.start, semesters)
    rule = cadence_rrule(cadence, first.start, semesters)
    out: list[Period] = []
    for occurrence in rule.xafter(datetime(first.start.year, first.start.month, 1), inc=True):
        period = period_of(cadence, occurrence.date(), semesters)
        if period.end > window.end:
            break
        if period.end >= window.start:
            out.append(period)
    return tuple(out)


@attrs.frozen(slots=True)
class JudgedPeriod:
    """A period a rule must judge, and whether it is already due at ``as_of``.

    ``due`` is false only for the period that contains ``as_of``: the rules make it ``pass``
    when the obligation is already met and ``not_applicable`` (``not_yet_due``) otherwise.
    """

    period: Period
    due: bool


def judged_periods(
    cadence: Cadence,
    window: Window,
    as_of: date,
    *,
    founded: date | None = None,
    dissolved: date | None = None,
    semesters: SemesterCalendar = DEFAULT_SEMESTERS,
) -> list[JudgedPeriod]:
    """The periods of ``cadence`` judged in ``window`` at ``as_of`` for an organisation's life.

    A period is judged when its last day is inside the window, the organisation was founded
    on or before that last day and not dissolved before it, and it has started by ``as_of``.
    A period that ends after ``as_of`` (the current one) is returned with ``due=False``.
    """
    out: list[JudgedPeriod] = []
    for period in periods_in(cadence, window, semesters):
        if period.start > as_of:
            break
        if founded is not None and founded > period.end:
            continue
        if dissolved is not None and dissolved < period.end:
            continue
        out.append(JudgedPeriod(period, period.end <= as_of))
    return out


def deadline(start: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """The last day of "within N years/months/days of ``start``" (that day included).

    Calendar arithmetic with ``relativedelta``: one month after 31 January is the last day of
    February; one year after 29 February 2024 is 28 February 2025; a year is never 365 days.
    """
    return start + relativedelta(years=years, months=months, days=days)




def month_index(day: date) -> int:
    """A month as one integer (``year * 12 + month - 1``), for streaks and month sets."""
    return day.year * 12 + day.month - 1


def month_of_index(index: int) -> Period:
    """The calendar month of a :func:`month_index` value."""
    return period_of(Cadence.MONTH, date(index // 12, index % 12 + 1, 1))

