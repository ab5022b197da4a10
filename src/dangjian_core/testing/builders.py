"""A small builder for ledgers in tests: terse to write, valid by construction.

Schools unit-testing their own rules, and this project's own tests, need ledgers with a
handful of records placed exactly at a boundary.  Writing the full JSON each time hides the
one fact under test; :class:`LedgerBuilder` fills in the rest.

    b = LedgerBuilder()
    dept = b.department()
    br = b.branch(dept, category="teacher")
    for _ in range(7):
        b.member(br)                       # 7 full members
    b.meeting("committee", br, "2025-03-31")
    ledger = b.build()

Every method returns the new record's id; keyword arguments go into the record unchanged, so
anything the model accepts can be set.  The builder imports nothing beyond the core.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from ..io import load_ledger
from ..model import Ledger

__all__ = ["LedgerBuilder"]

_DateLike = date | str


def _iso(value: _DateLike | None) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else value


class LedgerBuilder:
    """Accumulates ledger records as plain data and builds a validated :class:`Ledger`."""

    def __init__(self, *, title: str | None = None) -> None:
        self.data: dict[str, Any] = {"title": title} if title else {}
        self._counter = 0
        self._school: str | None = None

    def _id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter}"

    def add(self, collection: str, record: dict[str, Any]) -> str:
        """Append a raw record to ``collection`` (an id is made when missing)."""
        record = {k: v for k, v in record.items() if v is not None}
        record.setdefault("id", self._id(collection[:2] + "-"))
        self.data.setdefault(collection, []).append(record)
        return str(record["id"])

    # -- organisations -------------------------------------------------------------------
    def school(self, **kw: Any) -> str:
        """The school committee (created once; later calls return it)."""
        if self._school is None:
            self._school = self.add(
                "organizations", {"name": "校党委", "kind": "school_committee", **kw}
            )
        return self._school

    def org(self, kind: str, parent: str | None = None, **kw: Any) -> str:
        """Any organisation."""
        return self.add(
            "organizations", {"name": kw.pop("name", kind), "kind": kind, "parent_id": parent, **kw}
        )

    def department(self, **kw: Any) -> str:
        """A general branch (党总支) under the school committee: the department."""
        return self.org("general_branch", self.school(), name=kw.pop("name", "院系党总支"), **kw)

    def branch(self, parent: str | None = None, *, category: str = "teacher", **kw: Any) -> str:
        """A branch; teacher branches default to the faculty (专业教师) kind."""
        if category == "teacher":
            kw.setdefault("teacher_kind", "faculty")
        return self.org(
            "branch",
            parent or self.school(),
            category=category,
            name=kw.pop("name", "党支部"),
            **kw,
        )

    def group(self, branch: str, **kw: Any) -> str:
        """A party group (党小组) of ``branch``."""
        return self.org("group", branch, name=kw.pop("name", "党小组"), **kw)

    # -- people --------------------------------------------------------------------------
    def person(self, *, category: str = "teacher", name: str | None = None, **kw: Any) -> str:
        """A person who is not (yet) a party member."""
        pid = self._id("p-")
        return self.add(
            "people", {"id": pid, "name": name or f"人员{pid}", "category": category, **kw}
        )

    def member(
        self,
        org: str | None = None,
        *,
        status: str = "full",
        since: _DateLike = "2010-01-01",
        joined: _DateLike | None = None,
        left_org: _DateLike | None = None,
        category: str = "teacher",
        **kw: Any,
    ) -> str:
        """A party member: full (``status="full"``, converted on ``since``) or probationary
        (admitted on ``since``), enrolled in ``org`` from ``joined`` (default: the day they
        were admitted, so they belong to the branch for their whole party life)."""
        day = date.fromisoformat(since) if isinstance(since, str) else since
        party = dict(kw.pop("party", {}))
        if status == "full":
            party.setdefault("admission", _iso(day - relativedelta(years=1)))
            party.setdefault("conversion", _iso(day))
        elif status == "probationary":
            party.setdefault("admission", _iso(day))
        if joined is None:
            joined = party.get("admission") or _iso(day)
        memberships = list(kw.pop("memberships", []))
        if org is not None:
            memberships.append({"org_id": org, "start": _iso(joined), "end": _iso(left_org)})
        memberships = [{k: v for k, v in m.items() if v is not None} for m in memberships]
        return self.person(category=category, party=party, memberships=memberships, **kw)

    def role(
        self,
        org: str,
        person: str,
        role: str,
        start: _DateLike = "2020-01-01",
        end: _DateLike | None = None,
        **kw: Any,
    ) -> str:
        """A party role (书记, 组织委员 …) held from ``start``."""
        return self.add(
            "party_roles",
            {
                "org_id": org,
                "person_id": person,
                "role": role,
                "start": _iso(start),
                "end": _iso(end),
                **kw,
            },
        )

    def post(
        self,
        kind: str,
        person: str,
        unit: str | None = None,
        *,
        start: _DateLike = "2020-01-01",
        end: _DateLike | None = None,
        **kw: Any,
    ) -> str:
        """A staffing post (组织员, 辅导员 …)."""
        return self.add(
            "posts",
            {
                "kind": kind,
                "person_id": person,
                "unit_id": unit,
                "start": _iso(start),
                "end": _iso(end),
                **kw,
            },
        )

    # -- activities and records ----------------------------------------------------------
    def meeting(self, kind: str, orgs: str | list[str], day: _DateLike, **kw: Any) -> str:
        """A meeting of ``kind`` counting for ``orgs`` on ``day``.

        General assemblies and committee meetings get full attendance counts by default
        (``present=1, entitled=1``) so they meet quorum; pass ``present``/``entitled`` to test
        quorum itself.
        """
        org_ids = [orgs] if isinstance(orgs, str) else list(orgs)
        if kind in ("general_assembly", "committee"):
            kw.setdefault("entitled", 1)
            kw.setdefault("present", 1)
        return self.add("meetings", {"kind": kind, "org_ids": org_ids, "date": _iso(day), **kw})

    def election(self, org: str, day: _DateLike, **kw: Any) -> str:
        """An election of ``org``'s leadership on ``day``."""
        return self.add("elections", {"org_id": org, "date": _iso(day), **kw})

    def record(self, collection: str, **kw: Any) -> str:
        """Any other record (``documents``, ``trainings``, ``waivers`` …); dates may be
        ``date`` objects."""
        return self.add(
            collection, {k: _iso(v) if isinstance(v, date) else v for k, v in kw.items()}
        )

    def build(self) -> Ledger:
        """Validate and return the ledger (a :class:`~dangjian_core.LedgerError` if unsound)."""
        return load_ledger(self.data)
