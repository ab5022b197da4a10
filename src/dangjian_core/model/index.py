"""Indexes over a ledger, built once per :func:`check` call.

Rules ask "who were the full members of this branch on 31 March?" and "which committee
meetings did it hold in March?" thousands of times; answering by scanning the ledger would
make a check quadratic.  Every lookup here is built on first use and kept for the rest of
the run, so the cost of a whole evaluation grows linearly with the ledger.  Rule families
that need a private index use :meth:`LedgerIndex.memo`.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

import attrs

from .activities import Meeting
from .enums import MeetingKind, MemberStatus, OrgKind, PostKind, Role
from .ledger import Ledger
from .organizations import Organization, PartyRole, Post
from .people import Person

__all__ = ["COMMITTEE_DUTIES", "HourRecord", "LedgerIndex", "PartyTimeline", "Quorum"]

T = TypeVar("T")

#: Roles whose holders make a committee exist (a secretary alone, or with a deputy, does not).
COMMITTEE_DUTIES = frozenset(
    {Role.ORGANIZATION, Role.PUBLICITY, Role.DISCIPLINE, Role.UNITED_FRONT, Role.COMMITTEE_MEMBER}
)
_COMMITTEE_ROLES = COMMITTEE_DUTIES | {Role.SECRETARY, Role.DEPUTY_SECRETARY}
#: Meeting kinds whose validity depends on a quorum (支部条例 第十一、十二条).
QUORUM_KINDS = frozenset({MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE})


def _active(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


def _begun_later(start: date, branch: str, than: tuple[date, str]) -> bool:
    """Whether a membership begun on ``start`` in ``branch`` wins over ``than``: the later
    start, and on the same day the smaller branch id (an order-free tie-break)."""
    return start > than[0] or (start == than[0] and branch < than[1])


@attrs.frozen(slots=True)
class PartyTimeline:
    """A person's party milestones, merged from their record and their development case."""

    application: date | None = None
    activist: date | None = None
    candidate: date | None = None
    admission: date | None = None
    conversion: date | None = None
    left: date | None = None

    def status_on(self, day: date) -> MemberStatus:
        """Party status on ``day`` (正式 from conversion, 预备 from the admission vote)."""
        if self.left is not None and self.left <= day:
            return MemberStatus.NONE
        for when, status in (
            (self.conversion, MemberStatus.FULL),
            (self.admission, MemberStatus.PROBATIONARY),
            (self.candidate, MemberStatus.CANDIDATE),
            (self.activist, MemberStatus.ACTIVIST),
            (self.application, MemberStatus.APPLICANT),
        ):
            if when is not None and when <= day:
                return status
        return MemberStatus.NONE


class HourRecord(NamedTuple):
    """One source of study hours (学时) for a person: a training, or a meeting with hours."""

    day: date
    id: str
    hours: Decimal


@attrs.frozen(slots=True)
class Quorum:
    """Attendance of a meeting against those entitled to attend on its date."""

    entitled: int | None
    present: int | None
    ok: bool
    reason: str | None  # "no_attendance" | "below_quorum" | None


class LedgerIndex:
    """Lazily built, run-scoped lookups over one :class:`Ledger`."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A private index for a rule family, built once per run under ``key``."""
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    # -- organisations -------------------------------------------------------------------
    @cached_property
    def orgs(self) -> dict[str, Organization]:
        """Organisations by id."""
        return {o.id: o for o in self.ledger.organizations}

    @cached_property
    def children(self) -> dict[str, list[Organization]]:
        """Direct children of each organisation, in ledger order."""
        out: dict[str, list[Organization]] = defaultdict(list)
        for o in self.ledger.organizations:
            if o.parent_id is not None:
                out[o.parent_id].append(o)
        return out

    def org_chain(self, org_id: str) -> tuple[str, ...]:
        """``org_id`` and its ancestors up to the root."""
        chains: dict[str, tuple[str, ...]] = self.memo("_org_chains", dict)
        if org_id not in chains:
            org = self.orgs.get(org_id)
            if org is None:
                chains[org_id] = ()
            elif org.parent_id is None or org.parent_id not in self.orgs:
                chains[org_id] = (org_id,)
            else:
                chains[org_id] = (org_id, *self.org_chain(org.parent_id))
        return chains[org_id]

    def descendants(
        self, org_id: str, kinds: Iterable[OrgKind] | None = None
    ) -> list[Organization]:
        """All organisations below ``org_id`` (depth first), optionally of some kinds."""
        wanted = set(kinds) if kinds is not None else None
        out: list[Organization] = []
        stack = list(reversed(self.children.get(org_id, [])))
        while stack:
            org = stack.pop()
            if wanted is None or org.kind in wanted:
                out.append(org)
            stack.extend(reversed(self.children.get(org.id, [])))
        return out

    def department_of(self, org_id: str) -> Organization | None:
        """The department organisation (院系) ``org_id`` belongs to (itself included)."""
        for oid in self.org_chain(org_id):
            if self.orgs[oid].department:
                return self.orgs[oid]
        return None

    @cached_property
    def departments(self) -> list[Organization]:
        """Every department organisation (``is_department``, not external), in ledger order."""
        return [o for o in self.ledger.organizations if o.department and not o.external]

    @cached_property
    def judged_orgs(self) -> list[Organization]:
        """Every organisation rules judge (all but external ones), in ledger order."""
        return [o for o in self.ledger.organizations if not o.external]

    def of_kind(self, *kinds: OrgKind) -> list[Organization]:
        """Organisations of the given kinds that rules judge (external ones are left out),
        in ledger order."""
        return [o for o in self.ledger.organizations if o.kind in kinds and not o.external]

    def alive(self, org: Organization, day: date) -> bool:
        """Whether ``org`` exists on ``day``."""
        return (org.founded is None or org.founded <= day) and (
            org.dissolved is None or day <= org.dissolved
        )

    # -- people and membership -----------------------------------------------------------
    @cached_property
    def people(self) -> dict[str, Person]:
        """People by id."""
        return {p.id: p for p in self.ledger.people}

    @cached_property
    def names(self) -> dict[str, str]:
        """Display names of records: organisations, people, societies, meetings (their title or
        kind and date) and development cases (the person's name)."""
        out = {o.id: o.name for o in self.ledger.organizations}
        out.update({p.id: p.name for p in self.ledger.people})
        out.update({s.id: s.name for s in self.ledger.societies})
        for m in self.ledger.meetings:
            owner = out.get(m.org_ids[0], m.org_ids[0])
            out[m.id] = f"{owner}·{m.title or m.kind.zh}（{m.date.isoformat()}）"
        for c in self.ledger.development_cases:
            person = out.get(c.person_id, c.person_id)
            out[c.id] = f"{person}（发展党员）"
        return out

    def name_of(self, record_id: str) -> str | None:
        """Display name of a record, if it has one."""
        return self.names.get(record_id)

    @cached_property
    def timelines(self) -> dict[str, PartyTimeline]:
        """Each person's party milestones (development-case dates take precedence)."""
        cases = {c.person_id: c for c in self.ledger.development_cases}
        out: dict[str, PartyTimeline] = {}
        for p in self.ledger.people:
            d = p.party
            c = cases.get(p.id)
            out[p.id] = PartyTimeline(
                application=(c.application if c and c.application else d.application),
                activist=(c.activist if c and c.activist else d.activist),
                candidate=(c.candidate if c and c.candidate else d.candidate),
                admission=(c.admission_date if c and c.admission_date else d.admission),
                conversion=(c.conversion_date if c and c.conversion_date else d.conversion),
                left=d.left,
            )
        return out

    def status_on(self, person_id: str, day: date) -> MemberStatus:
        """A person's party status on ``day``."""
        timeline = self.timelines.get(person_id)
        return timeline.status_on(day) if timeline else MemberStatus.NONE

    def is_member(self, person_id: str, day: date, *, full_only: bool = False) -> bool:
        """A party member of this ledger on ``day``: 正式党员 (``full_only``) or 正式 + 预备,
        whose organisational relation is here that day.

        A person whose memberships are recorded counts only while one of them is active — a
        member who transferred out (转出) is another ledger's member from then on.  A person
        with no membership recorded at all counts from the party dates alone.
        """
        status = self.status_on(person_id, day)
        if full_only:
            if status is not MemberStatus.FULL:
                return False
        elif status not in (MemberStatus.FULL, MemberStatus.PROBATIONARY):
            return False
        return self.enrolled_anywhere(person_id, day)

    def enrolled_anywhere(self, person_id: str, day: date) -> bool:
        """Whether the person's organisational relation is in this ledger on ``day`` (true
        for a person whose memberships are not recorded)."""
        person = self.people.get(person_id)
        if person is None or not person.memberships:
            return True
        return any(_active(m.start, m.end, day) for m in person.memberships)

    @cached_property
    def _memberships(self) -> dict[str, list[tuple[str, date, date | None]]]:
        out: dict[str, list[tuple[str, date, date | None]]] = defaultdict(list)
        for p in self.ledger.people:
            for m in p.memberships:
                out[m.org_id].append((p.id, m.start, m.end))
                org = self.orgs.get(m.org_id)
                # A party-group member is a member of the group's branch too.
                if org is not None and org.kind is OrgKind.GROUP and org.parent_id:
                    out[org.parent_id].append((p.id, m.start, m.end))
        return out

    def enrolled(self, org_id: str, day: date) -> list[str]:
        """People whose organisational relation is in ``org_id`` on ``day`` (any status)."""
        seen: dict[str, None] = {}
        for pid, start, end in self._memberships.get(org_id, ()):
            if _active(start, end, day):
                seen[pid] = None
        return list(seen)

    def members(self, org_id: str, day: date, *, full_only: bool = False) -> list[str]:
        """Party members of a branch or group on ``day``: full (``full_only``) or full +
        probationary; for a higher organisation, the members of all branches below it."""
        org = self.orgs.get(org_id)
        if org is None:
            return []
        if org.kind in (OrgKind.BRANCH, OrgKind.GROUP):
            ids = self.enrolled(org_id, day)
        else:
            ids = []
            for branch in self.descendants(org_id, [OrgKind.BRANCH]):
                ids.extend(self.enrolled(branch.id, day))
            ids = list(dict.fromkeys(ids))
        return [pid for pid in ids if self.is_member(pid, day, full_only=full_only)]

    def branch_of(self, person_id: str, day: date) -> str | None:
        """The branch holding a person's organisational relation on ``day`` (or last before).

        A relation is in one branch at a time; a ledger recording two at once (or two ended
        ones begun the same day) gets the one begun last, and between those begun the same
        day the smaller branch id — so the answer never depends on the order of the records.
        """
        active: tuple[date, str] | None = None
        last: tuple[date, str] | None = None
        person = self.people.get(person_id)
        if person is None:
            return None
        for m in person.memberships:
            org = self.orgs.get(m.org_id)
            if org is None or m.start > day:
                continue
            branch = m.org_id if org.kind is OrgKind.BRANCH else org.parent_id
            if branch is None:
                continue
            if _active(m.start, m.end, day):
                if active is None or _begun_later(m.start, branch, active):
                    active = (m.start, branch)
            elif last is None or _begun_later(m.start, branch, last):
                last = (m.start, branch)
        found = active or last
        return found[1] if found else None

    def person_chain(self, person_id: str, day: date) -> tuple[str, ...]:
        """The organisations a person's findings roll up to, so that no finding is left
        without a scope (an unscoped finding reaches no scheme at all).

        In order: the chain of the branch holding their organisational relation; for someone
        with no party membership here, the unit of a post or party role they hold — the one
        held on ``day``, else the latest begun by then, else the first — (a counsellor's post
        unit; a society's organisation); then their ``department_id``; in a one-department
        ledger, that department.  Empty only when nothing at all places the person."""
        branch = self.branch_of(person_id, day)
        if branch is not None:
            return self.org_chain(branch)

        def build() -> dict[str, list[tuple[date, date | None, str]]]:
            societies = {s.id: s.org_id for s in self.ledger.societies}
            out: dict[str, list[tuple[date, date | None, str]]] = defaultdict(list)
            for post in self.ledger.posts:
                if post.unit_id is not None:
                    unit = societies.get(post.unit_id, post.unit_id)
                    out[post.person_id].append((post.start, post.end, unit))
            for role in self.ledger.party_roles:
                out[role.person_id].append((role.start, role.end, role.org_id))
            return dict(out)

        units = self.memo("_person_units", build).get(person_id, [])
        # Held on ``day`` first, then begun by ``day`` (latest first), then the earliest.
        ranked = sorted(
            units,
            key=lambda u: (
                not _active(u[0], u[1], day),
                u[0] > day,
                -u[0].toordinal() if u[0] <= day else u[0].toordinal(),
                u[2],
            ),
        )
        for _start, _end, unit in ranked:
            chain = self.org_chain(unit)
            if chain:
                return chain
        person = self.people.get(person_id)
        if person is not None and person.department_id is not None:
            chain = self.org_chain(person.department_id)
            if chain:
                return chain
        if len(self.departments) == 1:
            return self.org_chain(self.departments[0].id)
        return ()

    def present(self, person: Person, day: date) -> bool:
        """Whether a person belongs to the unit on ``day``: between ``arrived_on`` and
        ``left_on`` (both included), and not transferred out: when memberships are recorded,
        at least one has not ended (a graduate's relation leaves with them)."""
        if person.arrived_on is not None and day < person.arrived_on:
            return False
        if person.left_on is not None and day > person.left_on:
            return False
        # Transferred out: every recorded relation has ended by ``day``.
        return not person.memberships or any(
            m.end is None or day <= m.end for m in person.memberships
        )

    def people_of_department(self, dept_id: str, day: date) -> list[Person]:
        """People of a department on ``day``: named by ``department_id`` or enrolled in one of
        its branches (when the ledger has a single department, everyone without another), and
        :meth:`present` that day."""
        cache: dict[date, dict[str, list[Person]]] = self.memo("_people_of_department", dict)
        if day not in cache:
            cache[day] = self._people_by_department(day)
        return cache[day].get(dept_id, [])

    def _people_by_department(self, day: date) -> dict[str, list[Person]]:
        """Every :meth:`people_of_department` list of ``day`` at once, in one pass over the
        people: asked per department, each answer scanned everyone again — quadratic in a
        school (issue 12).  A person goes under their ``department_id``, or else under every
        organisation of their branch's chain (so asking for any of them gives what the
        per-department test ``dept_id in org_chain(branch)`` gave), or else, with no branch,
        under a one-department ledger's department.  Each list keeps ledger order."""
        out: dict[str, list[Person]] = defaultdict(list)
        only = self.departments[0].id if len(self.departments) == 1 else None
        for p in self.ledger.people:
            if not self.present(p, day):
                continue
            if p.department_id is not None:
                out[p.department_id].append(p)
                continue
            branch = self.branch_of(p.id, day)
            if branch is not None:
                for oid in dict.fromkeys(self.org_chain(branch)):
                    out[oid].append(p)
            elif only is not None:
                out[only].append(p)
        return dict(out)

    # -- roles and posts -----------------------------------------------------------------
    @cached_property
    def roles_by_org(self) -> dict[str, list[PartyRole]]:
        """Party roles of each organisation, by start date."""
        out: dict[str, list[PartyRole]] = defaultdict(list)
        for r in sorted(self.ledger.party_roles, key=lambda r: (r.start, r.id)):
            out[r.org_id].append(r)
        return out

    def role_holders(self, org_id: str, role: Role, day: date) -> list[PartyRole]:
        """Roles of kind ``role`` in ``org_id`` held on ``day``."""
        return [
            r
            for r in self.roles_by_org.get(org_id, ())
            if r.role is role and _active(r.start, r.end, day)
        ]

    def secretary_on(self, org_id: str, day: date) -> PartyRole | None:
        """The secretary's role record on ``day`` (the latest appointed, if several)."""
        holders = self.role_holders(org_id, Role.SECRETARY, day)
        return holders[-1] if holders else None

    def committee_on(self, org_id: str, day: date) -> list[str]:
        """Members of the organisation's committee on ``day``; empty when it has none.

        A committee exists when someone holds a committee duty (组织/宣传/纪检/统战委员 or
        委员); its members are then those holders plus the secretary and deputies.
        """
        active = [r for r in self.roles_by_org.get(org_id, ()) if _active(r.start, r.end, day)]
        if not any(r.role in COMMITTEE_DUTIES for r in active):
            return []
        return list(dict.fromkeys(r.person_id for r in active if r.role in _COMMITTEE_ROLES))

    @cached_property
    def posts_by_kind(self) -> dict[PostKind, list[Post]]:
        """Posts of each kind, by start date."""
        out: dict[PostKind, list[Post]] = defaultdict(list)
        for p in sorted(self.ledger.posts, key=lambda p: (p.start, p.id)):
            out[p.kind].append(p)
        return out

    def posts_on(
        self, kind: PostKind, day: date, *, units: Iterable[str] | None = None
    ) -> list[Post]:
        """Posts of ``kind`` held on ``day``, optionally only in the given units."""
        wanted = set(units) if units is not None else None
        return [
            p
            for p in self.posts_by_kind.get(kind, ())
            if _active(p.start, p.end, day) and (wanted is None or p.unit_id in wanted)
        ]

    def study_hours(self, *, count_online: bool = True) -> dict[str, list[HourRecord]]:
        """Per person, by date: every training, and every meeting recording ``hours`` whose
        attendance list names them (a count names nobody).  Training and meeting rules of
        several families read the same hours, so they are gathered once per run."""

        def build() -> dict[str, list[HourRecord]]:
            out: dict[str, list[HourRecord]] = defaultdict(list)
            for t in self.ledger.trainings:
                out[t.person_id].append(HourRecord(t.date, t.id, t.hours))
            for m in self.ledger.meetings:
                if m.hours is None or not isinstance(m.present, list):
                    continue
                if not count_online and m.mode.value == "online":
                    continue
                for pid in dict.fromkeys(m.present):
                    out[pid].append(HourRecord(m.date, m.id, m.hours))
            for items in out.values():
                items.sort(key=lambda r: (r.day, r.id))
            return dict(out)

        return self.memo(f"_study_hours.{count_online}", build)

    # -- meetings ------------------------------------------------------------------------
    @cached_property
    def _meetings(self) -> dict[tuple[str, MeetingKind], tuple[list[date], list[Meeting]]]:
        groups: dict[tuple[str, MeetingKind], list[Meeting]] = defaultdict(list)
        for m in self.ledger.meetings:
            for org_id in dict.fromkeys(m.org_ids):
                groups[(org_id, m.kind)].append(m)
        out = {}
        for key, items in groups.items():
            items.sort(key=lambda m: (m.date, m.id))
            out[key] = ([m.date for m in items], items)
        return out

    def meetings(self, org_id: str, kind: MeetingKind, start: date, end: date) -> Sequence[Meeting]:
        """Meetings of ``kind`` counting for ``org_id`` dated in ``[start, end]``, by date."""
        found = self._meetings.get((org_id, kind))
        if not found:
            return []
        dates, items = found
        return items[bisect.bisect_left(dates, start) : bisect.bisect_right(dates, end)]

    def quorum(self, meeting: Meeting) -> Quorum:
        """Quorum of a general assembly or committee meeting (more than half attend).

        Entitled: the full members of the listed organisations on the meeting date — one
        converted (转正) that very day included, being a full member that day; anyone whose
        admission is voted at the meeting is not yet a member — (the committee members for a
        committee meeting), unless the record gives them.
        Present: the listed people who are entitled, or the recorded count.
        """
        cache: dict[str, Quorum] = self.memo("_quorum", dict)
        if meeting.id in cache:
            return cache[meeting.id]
        entitled_ids: list[str] = []
        for org_id in meeting.org_ids:
            if meeting.kind is MeetingKind.COMMITTEE:
                entitled_ids.extend(self.committee_on(org_id, meeting.date))
            else:
                entitled_ids.extend(self.members(org_id, meeting.date, full_only=True))
        entitled_set = set(entitled_ids)
        if isinstance(meeting.entitled, int):
            entitled: int | None = meeting.entitled
        elif isinstance(meeting.entitled, list):
            entitled = len(set(meeting.entitled))
        else:
            entitled = len(entitled_set) if entitled_set else None
        if isinstance(meeting.present, int):
            present: int | None = meeting.present
        elif isinstance(meeting.present, list):
            pool = set(meeting.entitled) if isinstance(meeting.entitled, list) else entitled_set
            present = len(set(meeting.present) & pool) if pool else len(set(meeting.present))
        else:
            present = None
        if present is None or not entitled:
            result = Quorum(entitled, present, False, "no_attendance")
        elif present * 2 > entitled:
            result = Quorum(entitled, present, True, None)
        else:
            result = Quorum(entitled, present, False, "below_quorum")
        cache[meeting.id] = result
        return result

    def counting_meetings(
        self,
        org_id: str,
        kind: MeetingKind,
        start: date,
        end: date,
        *,
        count_online: bool = True,
        as_of: date | None = None,
    ) -> list[Meeting]:
        """Meetings that count toward a frequency: in range, not after ``as_of``, online ones
        only when ``count_online``, and for 党员大会/支委会 only with a quorum."""
        last = min(end, as_of) if as_of is not None else end
        return [
            m
            for m in self.meetings(org_id, kind, start, last)
            if (count_online or m.mode.value != "online")
            and (kind not in QUORUM_KINDS or self.quorum(m).ok)
        ]
