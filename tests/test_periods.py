"""Calendar periods at their boundaries: month ends, leap days, quarters, semesters, windows.

Every rule asks these questions, so they are pinned at the edges where day arithmetic goes
wrong, and checked as properties over any date, cadence and semester calendar.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from dangjian_core.periods import (
    Cadence,
    Period,
    SemesterCalendar,
    Window,
    cadence_rrule,
    deadline,
    judged_periods,
    month_index,
    month_of_index,
    period_of,
    periods_in,
)
from dangjian_core.testing.strategies import dates as ledger_dates

YEAR_2025 = Window.calendar_year(date(2025, 6, 1))


def labels(periods: list[Period]) -> list[str]:
    return [p.label for p in periods]


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("start", "kwargs", "expected"),
    [
        (date(2025, 1, 31), {"months": 1}, date(2025, 2, 28)),
        (date(2024, 1, 31), {"months": 1}, date(2024, 2, 29)),
        (date(2025, 3, 31), {"months": 1}, date(2025, 4, 30)),
        (date(2025, 12, 31), {"months": 2}, date(2026, 2, 28)),
        (date(2024, 2, 29), {"years": 1}, date(2025, 2, 28)),
        (date(2024, 2, 29), {"years": 4}, date(2028, 2, 29)),
        (date(2023, 3, 1), {"years": 1}, date(2024, 3, 1)),  # a year is not 365 days
        (date(2023, 2, 28), {"years": 1}, date(2024, 2, 28)),
        (date(2025, 1, 31), {"days": 1}, date(2025, 2, 1)),
        (date(2025, 1, 15), {}, date(2025, 1, 15)),
    ],
)
def test_deadline_at_month_ends_and_leap_days(start, kwargs, expected):
    assert deadline(start, **kwargs) == expected


def test_deadline_moves_by_calendar_years_and_months_either_way():
    assert deadline(date(2024, 2, 29), years=1) == date(2025, 2, 28)
    assert deadline(date(2025, 1, 31), months=1) == date(2025, 2, 28)
    assert deadline(date(2025, 3, 31), months=-1) == date(2025, 2, 28)


# --------------------------------------------------------------------------- months


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (date(2025, 1, 31), "2025-01", date(2025, 1, 1), date(2025, 1, 31)),
        (date(2025, 2, 1), "2025-02", date(2025, 2, 1), date(2025, 2, 28)),
        (date(2024, 2, 29), "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        (date(1900, 2, 15), "1900-02", date(1900, 2, 1), date(1900, 2, 28)),  # not leap
        (date(2000, 2, 15), "2000-02", date(2000, 2, 1), date(2000, 2, 29)),  # leap
        (date(2025, 12, 31), "2025-12", date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_month_periods(day, label, start, end):
    period = period_of(Cadence.MONTH, day)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.cadence is Cadence.MONTH
    assert str(period) == label


def test_month_index_round_trip():
    assert month_index(date(2025, 1, 1)) == 2025 * 12
    assert month_index(date(2025, 12, 31)) == 2025 * 12 + 11
    assert month_of_index(2025 * 12 + 11).label == "2025-12"
    assert month_of_index(month_index(date(2024, 2, 29))) == period_of(
        Cadence.MONTH, date(2024, 2, 1)
    )
    # consecutive indices are consecutive months across a year end
    assert month_of_index(2025 * 12 - 1).label == "2024-12"
    assert month_of_index(2025 * 12).label == "2025-01"


# --------------------------------------------------------------------------- quarters, halves


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 1, 1), "2025Q1"),
        (date(2025, 3, 31), "2025Q1"),  # last day of the quarter belongs to it
        (date(2025, 4, 1), "2025Q2"),
        (date(2025, 6, 30), "2025Q2"),
        (date(2025, 9, 30), "2025Q3"),
        (date(2025, 10, 1), "2025Q4"),
        (date(2025, 12, 31), "2025Q4"),
    ],
)
def test_quarter_of_a_date(day, label):
    period = period_of(Cadence.QUARTER, day)
    assert period.label == label
    assert day in period


def test_quarters_of_a_year():
    quarters = periods_in(Cadence.QUARTER, YEAR_2025)
    assert labels(quarters) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert [(q.start, q.end) for q in quarters] == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
    ]


def test_half_years():
    first = period_of(Cadence.HALF_YEAR, date(2025, 6, 30))
    second = period_of(Cadence.HALF_YEAR, date(2025, 7, 1))
    assert (first.label, first.start, first.end) == ("2025H1", date(2025, 1, 1), date(2025, 6, 30))
    assert (second.label, second.start, second.end) == (
        "2025H2",
        date(2025, 7, 1),
        date(2025, 12, 31),
    )
    assert labels(periods_in(Cadence.HALF_YEAR, YEAR_2025)) == ["2025H1", "2025H2"]


def test_year_period_and_window_as_period():
    year = period_of(Cadence.YEAR, date(2024, 2, 29))
    assert (year.label, year.start, year.end) == ("2024", date(2024, 1, 1), date(2024, 12, 31))
    assert year.days == 366
    assert YEAR_2025.as_period() == Period(
        date(2025, 1, 1), date(2025, 12, 31), "2025", Cadence.YEAR
    )
    assert Window(date(2025, 1, 15), date(2025, 4, 15)).as_period().label == (
        "2025-01-15..2025-04-15"
    )


# --------------------------------------------------------------------------- semesters


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (date(2025, 3, 1), "2025-spring", date(2025, 3, 1), date(2025, 8, 31)),
        (date(2025, 8, 31), "2025-spring", date(2025, 3, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), "2025-autumn", date(2025, 9, 1), date(2026, 2, 28)),
        # January and February belong to the autumn semester that started the year before
        (date(2025, 1, 10), "2024-autumn", date(2024, 9, 1), date(2025, 2, 28)),
        (date(2024, 2, 29), "2023-autumn", date(2023, 9, 1), date(2024, 2, 29)),
        (date(2023, 12, 31), "2023-autumn", date(2023, 9, 1), date(2024, 2, 29)),
    ],
)
def test_default_semesters(day, label, start, end):
    period = period_of(Cadence.SEMESTER, day)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (date(2025, 2, 1), "2025-spring", date(2025, 2, 1), date(2025, 7, 31)),
        (date(2025, 7, 31), "2025-spring", date(2025, 2, 1), date(2025, 7, 31)),
        (date(2025, 8, 1), "2025-autumn", date(2025, 8, 1), date(2026, 1, 31)),
        (date(2025, 1, 31), "2024-autumn", date(2024, 8, 1), date(2025, 1, 31)),
    ],
)
def test_custom_semester_calendar(day, label, start, end):
    calendar = SemesterCalendar(spring_start=2, autumn_start=8)
    period = period_of(Cadence.SEMESTER, day, calendar)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_semesters_judged_in_a_calendar_year():
    # the autumn semester that ends in February belongs to the window containing that February
    assert labels(periods_in(Cadence.SEMESTER, YEAR_2025)) == ["2024-autumn", "2025-spring"]
    custom = SemesterCalendar(2, 8)
    assert labels(periods_in(Cadence.SEMESTER, YEAR_2025, custom)) == [
        "2024-autumn",
        "2025-spring",
    ]


@pytest.mark.parametrize(
    ("spring", "autumn"),
    [(0, 9), (13, 14), (3, 3), (9, 3), (3, 13), (12, 12), (-1, 9)],
)
def test_invalid_semester_calendars_are_rejected(spring, autumn):
    with pytest.raises(ValueError, match="_start"):
        SemesterCalendar(spring_start=spring, autumn_start=autumn)


def test_semester_calendar_extremes_are_allowed():
    assert SemesterCalendar(1, 12).autumn_start == 12
    assert SemesterCalendar(11, 12).spring_start == 11


# --------------------------------------------------------------------------- windows


def test_window_rejects_end_before_start():
    with pytest.raises(ValueError, match="before its start"):
        Window(date(2025, 2, 1), date(2025, 1, 31))
    one_day = Window(date(2025, 2, 1), date(2025, 2, 1))
    assert date(2025, 2, 1) in one_day
    assert date(2025, 2, 2) not in one_day
    with pytest.raises(ValueError, match="before its start"):
        Period.span(date(2025, 2, 1), date(2025, 1, 31))


def test_window_starting_mid_month_judges_periods_ending_inside_it():
    window = Window(date(2025, 1, 15), date(2025, 4, 15))
    # January ends inside the window, so it is judged; April ends after it, so it is not.
    assert labels(periods_in(Cadence.MONTH, window)) == ["2025-01", "2025-02", "2025-03"]
    assert labels(periods_in(Cadence.QUARTER, window)) == ["2025Q1"]
    assert periods_in(Cadence.HALF_YEAR, window) == []
    late = Window(date(2025, 2, 10), date(2025, 12, 31))
    assert labels(periods_in(Cadence.QUARTER, late)) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def test_window_ending_on_a_month_end_includes_that_month():
    window = Window(date(2024, 2, 29), date(2024, 2, 29))
    assert labels(periods_in(Cadence.MONTH, window)) == ["2024-02"]
    assert periods_in(Cadence.MONTH, Window(date(2024, 2, 1), date(2024, 2, 28))) == []


# --------------------------------------------------------------------------- judged periods


def test_judged_periods_as_of_mid_month():
    judged = judged_periods(Cadence.MONTH, YEAR_2025, date(2025, 3, 15))
    assert [(j.period.label, j.due) for j in judged] == [
        ("2025-01", True),
        ("2025-02", True),
        ("2025-03", False),  # the current month is not due yet; later months are absent
    ]


def test_judged_periods_as_of_a_period_end_makes_it_due():
    judged = judged_periods(Cadence.MONTH, YEAR_2025, date(2025, 3, 31))
    assert [(j.period.label, j.due) for j in judged][-1] == ("2025-03", True)
    assert len(judged) == 3
    quarters = judged_periods(Cadence.QUARTER, YEAR_2025, date(2025, 4, 1))
    assert [(j.period.label, j.due) for j in quarters] == [("2025Q1", True), ("2025Q2", False)]


def test_founded_mid_period():
    judged = judged_periods(
        Cadence.MONTH, YEAR_2025, date(2025, 12, 31), founded=date(2025, 3, 15)
    )
    # January and February ended before the founding; the founding month counts
    assert labels([j.period for j in judged])[:2] == ["2025-03", "2025-04"]
    assert len(judged) == 10
    assert all(j.due for j in judged)
    on_last_day = judged_periods(
        Cadence.MONTH, YEAR_2025, date(2025, 12, 31), founded=date(2025, 2, 28)
    )
    assert labels([j.period for j in on_last_day])[0] == "2025-02"
    quarters = judged_periods(
        Cadence.QUARTER, YEAR_2025, date(2025, 12, 31), founded=date(2025, 3, 31)
    )
    assert labels([j.period for j in quarters]) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def test_dissolved_mid_period():
    judged = judged_periods(
        Cadence.MONTH, YEAR_2025, date(2025, 12, 31), dissolved=date(2025, 5, 20)
    )
    # May ends after the dissolution, so it is not judged
    assert labels([j.period for j in judged]) == ["2025-01", "2025-02", "2025-03", "2025-04"]
    on_last_day = judged_periods(
        Cadence.MONTH, YEAR_2025, date(2025, 12, 31), dissolved=date(2025, 5, 31)
    )
    assert labels([j.period for j in on_last_day])[-1] == "2025-05"
    assert len(on_last_day) == 5


def test_founded_and_dissolved_within_one_year():
    judged = judged_periods(
        Cadence.QUARTER,
        YEAR_2025,
        date(2025, 12, 31),
        founded=date(2025, 2, 1),
        dissolved=date(2025, 9, 30),
    )
    assert labels([j.period for j in judged]) == ["2025Q1", "2025Q2", "2025Q3"]


# --------------------------------------------------------------------------- rrule


def test_cadence_rrule_is_rfc5545_text():
    rule = cadence_rrule(Cadence.QUARTER, date(2025, 5, 17))
    text = str(rule)
    assert "DTSTART:20250401T000000" in text  # moved back to its period's start
    rrule_line = next(line for line in text.splitlines() if line.startswith("RRULE:"))
    assert "FREQ=MONTHLY" in rrule_line
    assert "BYMONTH=1,4,7,10" in rrule_line
    assert "BYMONTHDAY=1" in rrule_line
    # the text parses back to the same occurrences
    reparsed = rrulestr(text)
    assert list(reparsed[:6]) == list(rule[:6])
    assert "BYMONTH=3,9" in str(cadence_rrule(Cadence.SEMESTER, date(2025, 1, 17)))
    assert "BYMONTH=2,8" in str(
        cadence_rrule(Cadence.SEMESTER, date(2025, 1, 17), SemesterCalendar(2, 8))
    )


@pytest.mark.parametrize("cadence", list(Cadence))
def test_cadence_rrule_occurrences_are_the_period_starts(cadence):
    window = Window(date(2023, 11, 15), date(2026, 2, 28))
    periods = periods_in(cadence, window)
    assert periods
    rule = cadence_rrule(cadence, window.start)
    occurrences = rule.between(
        datetime.combine(periods[0].start, datetime.min.time()),
        datetime.combine(periods[-1].start, datetime.min.time()),
        inc=True,
    )
    assert [o.date() for o in occurrences] == [p.start for p in periods]


# --------------------------------------------------------------------------- properties

# period_of needs the neighbouring periods to exist, so keep clear of the ends of date's range
any_day = st.dates(min_value=date(2, 1, 1), max_value=date(9997, 12, 31))
some_day = st.one_of(any_day, ledger_dates())
cadences = st.sampled_from(list(Cadence))
semester_calendars = st.integers(1, 11).flatmap(
    lambda spring: st.integers(spring + 1, 12).map(lambda autumn: SemesterCalendar(spring, autumn))
)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    start = draw(ledger_dates(date(1950, 1, 1), date(2090, 12, 31)))
    length = draw(st.integers(0, 3 * 366))
    return Window(start, start + timedelta(days=length))


@given(some_day, cadences, semester_calendars)
def test_every_day_lies_in_its_period(day, cadence, semesters):
    period = period_of(cadence, day, semesters)
    assert day in period
    assert period.start.day == 1
    assert period.cadence is cadence
    # the period is a fixed point: its ends map back to it
    assert period_of(cadence, period.start, semesters) == period
    assert period_of(cadence, period.end, semesters) == period
    # and the next period starts the day after it ends
    assert period_of(cadence, period.end + timedelta(days=1), semesters).start == (
        period.end + timedelta(days=1)
    )


@given(windows(), cadences, semester_calendars)
def test_periods_in_a_window_are_contiguous_and_exactly_those_ending_inside(
    window, cadence, semesters
):
    periods = periods_in(cadence, window, semesters)
    for prev, nxt in itertools.pairwise(periods):
        assert nxt.start == prev.end + timedelta(days=1)
    assert all(window.start <= p.end <= window.end for p in periods)
    # Brute force: periods are unions of whole months, so the periods touching the window are
    # those of its first day and of the first day of each later month it contains.
    touching = [period_of(cadence, window.start, semesters)]
    for index in range(month_index(window.start) + 1, month_index(window.end) + 1):
        candidate = period_of(cadence, month_of_index(index).start, semesters)
        if candidate != touching[-1]:
            touching.append(candidate)
    assert periods == [p for p in touching if p.end <= window.end]
    if cadence is Cadence.MONTH:
        # the months covered: every month of the window but a final, unfinished one
        first = month_index(window.start)
        last = month_index(window.end)
        if window.end != month_of_index(last).end:
            last -= 1
        assert [month_index(p.start) for p in periods] == list(range(first, last + 1))


@given(windows(), cadences, semester_calendars)
def test_rrule_occurrences_are_the_starts_of_periods_in(window, cadence, semesters):
    periods = periods_in(cadence, window, semesters)
    rule = cadence_rrule(cadence, window.start, semesters)
    first = period_of(cadence, window.start, semesters)
    assert rule[0].date() == first.start
    if periods:
        occurrences = rule.between(
            datetime.combine(periods[0].start, datetime.min.time()),
            datetime.combine(periods[-1].start, datetime.min.time()),
            inc=True,
        )
        assert [o.date() for o in occurrences] == [p.start for p in periods]


@given(windows(), cadences, ledger_dates(date(1950, 1, 1), date(2095, 12, 31)))
def test_judged_periods_are_due_except_the_current_one(window, cadence, as_of):
    judged = judged_periods(cadence, window, as_of)
    all_periods = periods_in(cadence, window)
    assert [j.period for j in judged] == [p for p in all_periods if p.start <= as_of]
    for j in judged:
        assert j.due == (j.period.end <= as_of)
    assert sum(not j.due for j in judged) <= 1


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 11, 30)) | ledger_dates())
def test_one_month_deadline_is_in_the_next_month_and_within_31_days(day):
    due = deadline(day, months=1)
    assert 28 <= (due - day).days <= 31
    assert month_index(due) == month_index(day) + 1
    assert due.day <= day.day


@given(st.integers(month_index(date(1, 1, 1)), month_index(date(9999, 10, 1))))
def test_month_of_index_inverts_month_index(index):
    month = month_of_index(index)
    assert month_index(month.start) == index
    assert month_index(month.end) == index
    assert month_of_index(index + 1).start == month.end + timedelta(days=1)
