"""What falls due next: ``dj.upcoming`` and the calendar built from the same list.

A 组织员 asks "what is due next month and not done yet?".  The rules already know every
obligation's period and due date (``Finding.due``), so nothing here re-decides a cadence or a
deadline: the list is read off two ordinary :func:`~dangjian_core.check` runs.

1. **Now** — ``check(ledger, as_of=as_of, window=[as_of, until + 1 day])``: every finding
   ``not_yet_due`` whose due date lies in the span.  These are the current periods (this
   month's 支委会, this quarter's 党员大会, this year's 组织生活会, this month's dues) and the
   pending deadlines (approval within three months, probation end, oath, first training…),
   decided by the rules as of ``as_of``.  A term that expires in the span
   (``structure.term_expiry`` — a date, not a task that can be done early) is listed too, and
   so is an obligation whose last day is ``as_of`` itself and that is still unmet.
2. **Later** — the periods that start after ``as_of``, which the first run cannot see (it
   never judges a period that has not begun): ``check(ledger, as_of=until, window=[as_of,
   until])``, keeping the findings of recurring rules for a calendar period that starts after
   ``as_of`` and applies to its subject (not ``not_applicable`` but for ``not_yet_due``).  As
   of ``as_of`` none of them can be met yet, whatever their status at ``until``: records dated
   after ``as_of`` are not read, as in every run.  This is what covers next month's meetings,
   the next dues months and the next political birthdays.

Both windows end one day after the span, so that what a rule judges once per window (its
"due date" is only the window's last day) falls outside it and is not listed.

A recurring rule is one counted by frequency (its parameters are
:class:`~dangjian_core.rules._common.FrequencyParams`, with their ``per``), one listed in
:data:`RECURRING` (dues months, political birthdays, the annual training quotas), or one
that produced a ``not_yet_due`` calendar period in the first run.

:func:`calendar_events` turns the same list into calendar events, recurring ones as RRULEs of
the cadence (:func:`~dangjian_core.periods.cadence_rrule`), so that a calendar and
``upcoming`` over the same span always show the same dates; :mod:`dangjian_core.io.ics`
writes them as RFC 5545.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from .io.ics import CalendarEvent, calendar_ics
from .model import Ledger
from .periods import Cadence, Period, Window, cadence_rrule, periods_in
from .rules import check
from .rules._common import FrequencyParams
from .rules._finding import Finding, Status, SubjectKind
from .rules._registry import RuleRegistry, default_rules
from .rules._rule import Rule

__all__ = [
    "RECURRING",
    "Upcoming",
    "cadence_due_rrule",
    "calendar_events",
    "calendar_text",
    "due_between",
    "upcoming",
    "write_calendar",
]

#: Recurring obligations whose parameters carry no ``per``: each member's dues month, each
#: member's political birthday, the annual study and training quotas.
RECURRING = frozenset(
    {
        "dues.monthly",
        "education.political_birthday",
        "education.member_training_hours",
        "education.counselor_training",
        "leadership.secretary_training",
    }
)

#: Rules left out because another rule already lists the same obligation on the same day:
#: ``dues.amount`` judges the amount of the very dues month ``dues.monthly`` lists.
_SAME_AS_ANOTHER = frozenset({"dues.amount"})

#: Rules whose due date is a date to act on whatever their status (a term's expiry).
_EXPIRIES = frozenset({"structure.term_expiry"})

#: ``not_yet_due`` messages that mean "nothing is owed this time" rather than "owed later":
#: a political birthday in the year of admission is not yet celebrated.
_NOT_OWED = frozenset({"first_not_reached"})

_KINDS = (SubjectKind.ORGANIZATION, SubjectKind.PERSON, SubjectKind.CASE)


@attrs.frozen(slots=True)
class Upcoming:
    """One obligation that falls due in the span and is not met yet.

    ``subject_*`` is who owes it (an organisation, a person, or a development case, whose
    ``person_*`` is the candidate); ``org_*`` the organisation it belongs to (the nearest
    one).  ``cadence`` is set for a recurring obligation (a month's 支委会, a member's dues
    month) and ``None`` for a one-off deadline.  ``description_zh`` is the line to show.
    """

    due: date
    rule_id: str
    title_zh: str
    subject_id: str
    subject_kind: SubjectKind
    subject_name: str | None
    org_id: str | None
    org_name: str | None
    period: Period
    description_zh: str
    facet: str | None = None
    cadence: Cadence | None = None
    person_id: str | None = None
    person_name: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """Unique within one list: rule, subject, period and facet (as a finding's key)."""
        return (self.rule_id, self.subject_id, self.period.label, self.facet)

    @property
    def series(self) -> tuple[str, str, str | None]:
        """The recurring series this item belongs to: rule, subject and facet."""
        return (self.rule_id, self.subject_id, self.facet)

    def to_record(self) -> dict[str, Any]:
        """A plain dict (JSON-ready), dates as ISO text."""
        return {
            "due": self.due.isoformat(),
            "rule_id": self.rule_id,
            "title_zh": self.title_zh,
            "subject_id": self.subject_id,
            "subject_kind": self.subject_kind.value,
            "subject_name": self.subject_name,
            "org_id": self.org_id,
            "org_name": self.org_name,
            "person_id": self.person_id,
            "person_name": self.person_name,
            "period": self.period.label,
            "facet": self.facet,
            "cadence": self.cadence.value if self.cadence else None,
            "description_zh": self.description_zh,
        }

    def __str__(self) -> str:
        return f"{self.due.isoformat()}  {self.description_zh}"


def _recurring(rules: Iterable[Rule[Any]], now: Iterable[Finding]) -> set[str]:
    out = {r.id for r in rules if isinstance(r.params, FrequencyParams) or r.id in RECURRING}
    out.update(f.rule_id for f in now if f.reason == "not_yet_due" and f.period.cadence is not None)
    return out


def _owed_now(f: Finding, start: date, end: date) -> bool:
    if f.due is None or not start <= f.due <= end or f.rule_id in _SAME_AS_ANOTHER:
        return False
    if f.subject_kind not in _KINDS:
        return False
    if f.rule_id in _EXPIRIES:
        return True
    if f.reason == "not_yet_due":
        return f.message_key not in _NOT_OWED
    # due on as_of itself and still unmet: the rules call it failed from that day on
    return f.due == start and f.effective_status in (Status.FAIL, Status.WARN)


def _owed_later(f: Finding, start: date, end: date, recurring: set[str]) -> bool:
    if f.due is None or not start <= f.due <= end or f.rule_id in _SAME_AS_ANOTHER:
        return False
    if f.rule_id not in recurring or f.subject_kind not in _KINDS:
        return False
    if f.period.cadence is None or f.period.start <= start:
        return False
    if f.message_key in _NOT_OWED:
        return False
    return f.effective_status is not Status.NOT_APPLICABLE or f.reason == "not_yet_due"


def _item(f: Finding, rule: Rule[Any] | None, ledger_names: dict[str, str | None]) -> Upcoming:
    title = rule.title_zh if rule is not None else f.rule_id
    org_id = f.org_chain[0] if f.org_chain else None
    if f.subject_kind is SubjectKind.ORGANIZATION:
        org_id = f.subject_id
    person_id = ledger_names.get(f"case-person:{f.subject_id}")
    person_name = ledger_names.get(person_id) if person_id else None
    if f.subject_kind is SubjectKind.PERSON:
        person_id, person_name = f.subject_id, f.subject_name
    who = person_name or f.subject_name or f.subject_id
    if f.subject_kind is SubjectKind.CASE:
        who = f"{person_name or f.subject_id}（发展对象 {f.subject_id}）"
    due = f.due or f.period.end
    if f.period.cadence is not None:
        what = f"{title}（{f.period.label}），{due:%Y-%m-%d} 到期"
    else:
        detail = f.message_zh.split("：", 1)[-1]
        what = f"{title}：{detail}"
        if due.isoformat() not in detail:
            what += f"（{due:%Y-%m-%d} 到期）"
    return Upcoming(
        due=due,
        rule_id=f.rule_id,
        title_zh=title,
        subject_id=f.subject_id,
        subject_kind=f.subject_kind,
        subject_name=f.subject_name,
        org_id=org_id,
        org_name=ledger_names.get(org_id) if org_id else None,
        period=f.period,
        description_zh=f"{who} · {what}",
        facet=f.facet,
        cadence=f.period.cadence,
        person_id=person_id,
        person_name=person_name,
    )


def _names(ledger: Ledger) -> dict[str, str | None]:
    names: dict[str, str | None] = {o.id: o.name for o in ledger.organizations}
    names.update({p.id: p.name for p in ledger.people})
    names.update({f"case-person:{c.id}": c.person_id for c in ledger.development_cases})
    return names


def due_between(
    ledger: Ledger,
    start: date,
    end: date,
    *,
    registry: RuleRegistry | None = None,
) -> list[Upcoming]:
    """Every obligation due on ``start`` … ``end`` (both included) and not met as of
    ``start``, ordered by due date, organisation and rule (the module docstring says how)."""
    if end < start:
        raise ValueError(f"截止日 {end} 早于起始日 {start} (end {end} is before start {start})")
    registry = registry if registry is not None else default_rules()
    # One day past ``end``: a finding judged once per window falls due on the window's last
    # day, which says nothing about the obligation — so that day must lie outside the span.
    window = Window(start, end + timedelta(days=1))
    now = check(ledger, as_of=start, window=window, registry=registry)
    later = check(ledger, as_of=end, window=window, registry=registry)
    recurring = _recurring(registry.all(report=False), now)
    chosen: dict[tuple[str, str, str, str | None], Finding] = {}
    for f in now:
        if _owed_now(f, start, end):
            chosen.setdefault(f.key, f)
    for f in later:
        if _owed_later(f, start, end, recurring):
            chosen.setdefault(f.key, f)
    rules = {r.id: r for r in registry.all(report=False)}
    names = _names(ledger)
    items = [_item(f, rules.get(f.rule_id), names) for f in chosen.values()]
    items.sort(key=lambda u: (u.due, u.org_id or "", u.rule_id, u.subject_id, u.facet or ""))
    return items


def upcoming(
    ledger: Ledger,
    as_of: date,
    days: int = 30,
    *,
    registry: RuleRegistry | None = None,
) -> list[Upcoming]:
    """What falls due in the ``days`` days after ``as_of`` (``as_of`` itself included) and is
    not met yet: monthly committee meetings, quarterly assemblies, the annual 组织生活会, term
    expiries, probation ends, approval deadlines, dues months, political birthdays … — each
    with its organisation or person, due date and rule.  Built from the rules' own findings
    (see the module docstring), so it never disagrees with ``dj.check``."""
    if days < 0:
        raise ValueError(f"days 不能为负数：{days} (days must not be negative)")
    return due_between(ledger, as_of, as_of + timedelta(days=days), registry=registry)


# -- the calendar ----------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _end_months(cadence: Cadence) -> tuple[int, ...]:
    """The months in which the cadence's periods end: the month before each period's start,
    read off :func:`cadence_rrule` so that the calendar uses the rules' own cadence table."""
    starts = cadence_rrule(cadence, date(2001, 1, 1))
    months = {
        (d.month - 2) % 12 + 1
        for d in starts.between(datetime(2001, 1, 1), datetime(2001, 12, 31), inc=True)
    }
    return tuple(sorted(months))


def cadence_due_rrule(cadence: Cadence) -> str:
    """RFC 5545 RRULE text (without ``RRULE:``) whose dates are the last days of the
    cadence's periods — the days its obligations fall due."""
    months = ",".join(str(m) for m in _end_months(cadence))
    return f"FREQ=MONTHLY;BYMONTH={months};BYMONTHDAY=-1"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _candidates(cadence: Cadence | None, first: date, last: date) -> list[tuple[str, list[date]]]:
    """Ways to recur from ``first`` to ``last``, each as RRULE text and the dates it gives:
    the cadence's period ends (the same periods the rules judge), and once a year at the end
    of ``first``'s month (a political birthday is a monthly rule met once a year)."""
    out = []
    if cadence is not None:
        ends = [p.end for p in periods_in(cadence, Window(first, last))]
        out.append((cadence_due_rrule(cadence), ends))
    yearly = [_month_end(y, first.month) for y in range(first.year, last.year + 1)]
    out.append((f"FREQ=YEARLY;BYMONTH={first.month};BYMONTHDAY=-1", yearly))
    return out


def _uid(*parts: object) -> str:
    """A stable UID: the same obligation gets the same UID in every export, so a calendar
    application updates the event instead of adding a copy."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{hashlib.sha256(text.encode()).hexdigest()[:32]}@dangjian-core"


def _event_text(item: Upcoming) -> tuple[str, str]:
    who = item.person_name or item.subject_name or item.subject_id
    if item.subject_kind is SubjectKind.CASE:
        who = f"{item.person_name or item.subject_id}（发展对象）"
    summary = f"{item.title_zh}：{who}"
    lines = [f"规则 {item.rule_id}", f"对象 {item.subject_id}"]
    if item.org_name or item.org_id:
        lines.append(f"组织 {item.org_name or item.org_id}")
    return summary, "\n".join(lines)


def _series_event(group: Sequence[Upcoming]) -> CalendarEvent | None:
    """One recurring event for a series whose due dates all lie on one recurrence rule,
    with the rule's other dates in between as EXDATEs (periods already met)."""
    dues = sorted({u.due for u in group})
    if len(dues) != len(group) or group[0].cadence is None:
        return None
    best: tuple[int, str, list[date]] | None = None
    for rule_text, dates in _candidates(group[0].cadence, dues[0], dues[-1]):
        if not set(dues) <= set(dates):
            continue
        skipped = [d for d in dates if d not in set(dues)]
        if best is None or len(skipped) < best[0]:
            best = (len(skipped), rule_text, skipped)
    if best is None:
        return None
    _, rule_text, skipped = best
    summary, description = _event_text(group[0])
    return CalendarEvent(
        uid=_uid(*group[0].series),
        day=dues[0],
        summary=summary,
        description=description,
        rrule=f"{rule_text};UNTIL={dues[-1]:%Y%m%d}",
        exdates=tuple(skipped),
        categories=(group[0].rule_id,),
    )


def calendar_events(
    ledger: Ledger,
    *,
    start: date,
    end: date,
    registry: RuleRegistry | None = None,
) -> list[CalendarEvent]:
    """The calendar of ``start`` … ``end``: :func:`due_between`'s obligations as all-day
    events on their due dates.  A recurring obligation (a branch's monthly 支委会, a member's
    dues months) is one event with an RRULE of its cadence and EXDATEs for the periods already
    met; a deadline is a one-off event."""
    items = due_between(ledger, start, end, registry=registry)
    groups: dict[tuple[str, str, str | None], list[Upcoming]] = {}
    for item in items:
        groups.setdefault(item.series, []).append(item)
    events: list[CalendarEvent] = []
    for series, group in groups.items():
        event = _series_event(group)
        if event is not None:
            events.append(event)
            continue
        for item in group:
            summary, description = _event_text(item)
            label = item.period.label if item.cadence is not None else None
            events.append(
                CalendarEvent(
                    uid=_uid(*series, label, item.due if len(group) > 1 else None),
                    day=item.due,
                    summary=summary,
                    description=f"{description}\n{item.description_zh}",
                    categories=(item.rule_id,),
                )
            )
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def calendar_text(
    ledger: Ledger,
    *,
    start: date,
    end: date,
    reminder_days: int = 7,
    registry: RuleRegistry | None = None,
) -> str:
    """The calendar of ``start`` … ``end`` as RFC 5545 text (needs the ``calendar`` extra)."""
    events = calendar_events(ledger, start=start, end=end, registry=registry)
    return calendar_ics(events, reminder_days=reminder_days, name="党建日历")


def write_calendar(
    ledger: Ledger,
    path: str | Path,
    *,
    start: date,
    end: date,
    reminder_days: int = 7,
    registry: RuleRegistry | None = None,
) -> Path:
    """Write :func:`calendar_text` to ``path`` (UTF-8, CRLF line ends as RFC 5545 wants)."""
    text = calendar_text(
        ledger, start=start, end=end, reminder_days=reminder_days, registry=registry
    )
    out = Path(path)
    out.write_bytes(text.encode("utf-8"))
    return out
