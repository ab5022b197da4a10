"""The iCalendar export: parsed back with ``icalendar``, its recurrences expanded with
``dateutil.rrule``, it must show exactly the dates ``upcoming`` lists for the same span."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

import dangjian_core as dj
from dangjian_core.io.ics import CalendarExtraError
from dangjian_core.periods import Cadence, Window, periods_in
from dangjian_core.upcoming import (
    cadence_due_rrule,
    calendar_text,
    due_between,
    upcoming,
    write_calendar,
)

icalendar = pytest.importorskip("icalendar")

SEED = Path(__file__).resolve().parents[1] / "examples" / "jidian" / "ledger.json"

SPANS = [
    (date(2021, 3, 1), date(2021, 12, 31)),
    (date(2021, 11, 20), date(2022, 6, 30)),
]


@pytest.fixture(scope="module")
def seed() -> dj.Ledger:
    return dj.load_ledger(SEED)


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _expand(text: str) -> Counter[tuple[str, str, date]]:
    """(rule, subject, day) of every occurrence in the calendar."""
    out: Counter[tuple[str, str, date]] = Counter()
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        start = _day(event.decoded("DTSTART"))
        rule = str(event.get("CATEGORIES").cats[0])
        subject = next(
            line.removeprefix("对象 ")
            for line in str(event.get("DESCRIPTION")).splitlines()
            if line.startswith("对象 ")
        )
        if event.get("RRULE") is None:
            days = [start]
        else:
            recur = event.get("RRULE").to_ical().decode()
            days = [d.date() for d in rrulestr(recur, dtstart=datetime(*start.timetuple()[:3]))]
        excluded = set()
        exdates = event.get("EXDATE") or []
        for ex in exdates if isinstance(exdates, list) else [exdates]:
            excluded.update(_day(d.dt) for d in ex.dts)
        for day in days:
            if day not in excluded:
                out[(rule, subject, day)] += 1
    return out


@pytest.mark.parametrize(("start", "end"), SPANS)
def test_the_expanded_calendar_agrees_with_upcoming(seed, start, end):
    text = calendar_text(seed, start=start, end=end)
    expected = Counter((u.rule_id, u.subject_id, u.due) for u in due_between(seed, start, end))
    assert expected
    assert _expand(text) == expected
    # and upcoming itself is the same list for the same span
    days = (end - start).days
    listed = Counter((u.rule_id, u.subject_id, u.due) for u in upcoming(seed, start, days))
    assert listed == expected


def test_recurring_obligations_are_rrules(seed):
    cal = icalendar.Calendar.from_ical(calendar_text(seed, start=SPANS[0][0], end=SPANS[0][1]))
    events = list(cal.walk("VEVENT"))
    recurring = [e for e in events if e.get("RRULE") is not None]
    assert len(recurring) > len(events) / 2
    committees = [e for e in recurring if "meeting.committee" in str(e.get("CATEGORIES").cats)]
    assert committees
    assert all(e.get("RRULE")["FREQ"] == ["MONTHLY"] for e in committees)
    assert all(e.get("RRULE")["BYMONTHDAY"] == [-1] for e in committees)


def test_every_event_has_a_reminder_and_a_unique_stable_uid(seed, tmp_path):
    start, end = SPANS[1]
    text = calendar_text(seed, start=start, end=end, reminder_days=3)
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for e in events:
        alarms = list(e.walk("VALARM"))
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == timedelta(days=-3)
    assert "TRIGGER:-P7D" in calendar_text(seed, start=start, end=end)
    assert "VALARM" not in calendar_text(seed, start=start, end=end, reminder_days=0)
    # a re-export is the same file, and a longer one keeps the recurring series' UIDs
    assert calendar_text(seed, start=start, end=end, reminder_days=3) == text
    longer = icalendar.Calendar.from_ical(
        calendar_text(seed, start=start, end=end + timedelta(days=200))
    )
    longer_uids = {str(e["UID"]) for e in longer.walk("VEVENT")}
    series = {str(e["UID"]) for e in events if e.get("RRULE") is not None}
    assert series <= longer_uids
    path = write_calendar(seed, tmp_path / "党建日历.ics", start=start, end=end, reminder_days=3)
    assert path.read_bytes().decode("utf-8") == text
    assert text.startswith("BEGIN:VCALENDAR\r\n")


@pytest.mark.parametrize("cadence", list(Cadence))
def test_the_rrule_of_due_days_matches_the_rules_periods(cadence):
    # over years with and without 29 February, and from a period end mid-year
    window = Window(date(2023, 5, 1), date(2026, 12, 31))
    ends = [p.end for p in periods_in(cadence, window)]
    first = ends[0]
    text = f"{cadence_due_rrule(cadence)};UNTIL=20261231"
    assert [d.date() for d in rrulestr(text, dtstart=datetime(*first.timetuple()[:3]))] == ends


def test_a_missing_icalendar_names_the_extra(seed, monkeypatch):
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(CalendarExtraError, match=r"pip install 'dangjian-core\[calendar\]'"):
        calendar_text(seed, start=date(2021, 6, 1), end=date(2021, 6, 30))


def test_importing_the_library_does_not_load_icalendar():
    code = "import sys, dangjian_core, dangjian_core.upcoming; print('icalendar' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
