"""RFC 5545 (iCalendar) text from plain calendar events.

This module only writes: it knows nothing of rules or ledgers (``io`` sits below the rules
in the import layers), so the events come ready-made from
:func:`dangjian_core.upcoming.calendar_events`, and ``dj.write_calendar`` joins the two.
The ``icalendar`` package is an optional extra (``pip install 'dangjian-core[calendar]'``),
imported on first use so that ``import dangjian_core`` never loads it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from ..errors import DangjianError

__all__ = ["CalendarEvent", "CalendarExtraError", "calendar_ics"]

#: The fixed DTSTAMP of every event.  RFC 5545 asks for the time the object was created; a
#: clock reading would make every export differ, so the export stays byte-for-byte
#: repeatable and the stable UIDs alone tell a calendar application what changed.
_STAMP = datetime(2000, 1, 1, tzinfo=UTC)

_PRODID = "-//dangjian-core//党建日历//ZH"


class CalendarExtraError(DangjianError, ImportError):
    """The ``icalendar`` package (the ``calendar`` extra) is not installed."""


@attrs.frozen(slots=True)
class CalendarEvent:
    """One all-day event on ``day``; ``rrule`` (RFC 5545 RRULE text without the ``RRULE:``
    prefix) makes it recur, ``exdates`` leaves out some of its dates.  ``uid`` must stay the
    same for the same obligation across exports."""

    uid: str
    day: date
    summary: str
    description: str = ""
    rrule: str | None = None
    exdates: tuple[date, ...] = ()
    categories: tuple[str, ...] = ()


def _icalendar() -> Any:
    """The icalendar package, imported on first use: an optional extra that ``import
    dangjian_core`` must not load."""
    try:
        import icalendar  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise CalendarExtraError(
            "导出日历需要 icalendar：pip install 'dangjian-core[calendar]' "
            "(the calendar needs icalendar: pip install 'dangjian-core[calendar]')"
        ) from None
    return icalendar


def calendar_ics(
    events: list[CalendarEvent], *, reminder_days: int = 7, name: str = "党建日历"
) -> str:
    """The events as one VCALENDAR, each with a display VALARM ``reminder_days`` days before
    (none when ``reminder_days`` is 0)."""
    if reminder_days < 0:
        raise ValueError(
            f"提前提醒天数不能为负数：{reminder_days} (reminder_days must not be negative)"
        )
    ical = _icalendar()
    cal = ical.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for e in events:
        ev = ical.Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", _STAMP)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + timedelta(days=1))
        ev.add("summary", e.summary)
        if e.description:
            ev.add("description", e.description)
        if e.categories:
            ev.add("categories", list(e.categories))
        ev.add("transp", "TRANSPARENT")
        if e.rrule:
            ev.add("rrule", ical.vRecur.from_ical(e.rrule))
        for day in e.exdates:
            ev.add("exdate", day)
        if reminder_days:
            alarm = ical.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{reminder_days} 天后到期：{e.summary}")
            alarm.add("trigger", timedelta(days=-reminder_days))
            ev.add_component(alarm)
        cal.add_component(ev)
    text: str = cal.to_ical().decode("utf-8")
    return text
