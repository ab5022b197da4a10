"""The ledger (台账): every fact of a unit, validated once at the boundary."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from ..errors import LedgerError
from ._base import Day, LedgerModel, share_fields_sets
from .activities import Meeting
from .development import DevelopmentCase
from .integrity import find_problems
from .organizations import Election, Organization, PartyRole, Post, TermShift
from .people import Person
from .records import (
    Award,
    ContactAssignment,
    Document,
    DuesPayment,
    Headcount,
    Incident,
    Metric,
    Project,
    Society,
    SocietyEvent,
    Task,
    Training,
    Waiver,
)

__all__ = ["SCHEMA_VERSION", "Coverage", "Ledger"]

#: Version of the ledger's JSON format; bumped when a change is not backwards compatible.
SCHEMA_VERSION = "1.0"


class Coverage(LedgerModel):
    """The span of time a ledger records (台账记录起止), both days included.

    No obligation falling before ``start`` is judged (``not_applicable``, ``before_records``):
    a ledger kept since 2025 must not report 2014's dues as unpaid.  Without a coverage the
    run's window is taken.  ``end`` is optional and, for now, only recorded: it documents where
    the records stop, and must not come before ``start``.
    """

    start: Day = Field(title="记录起始日期")
    end: Day | None = Field(default=None, title="记录截止日期")


class Ledger(LedgerModel):
    """All facts a department (or a whole school) records: the 台账.

    A ledger is pure data.  Constructing one checks field types (pydantic) *and* the
    integrity of the whole (unique ids, references, the organisation tree, date order);
    every problem found is reported at once.  Use :func:`dangjian_core.load_ledger` to read
    one from JSON and get a :class:`~dangjian_core.LedgerError` listing the problems.
    """

    model_config = LedgerModel.model_config | {
        "title": "台账",
        "json_schema_extra": {"$id": "https://dangjian-core.example/schema/ledger-1.0.json"},
    }

    schema_version: Literal["1.0"] = Field(default="1.0", title="格式版本")
    title: str | None = Field(default=None, title="台账名称")
    coverage: Coverage | None = Field(default=None, title="记录起止")
    organizations: list[Organization] = Field(default_factory=list, title="党组织")
    elections: list[Election] = Field(default_factory=list, title="换届选举")
    term_shifts: list[TermShift] = Field(default_factory=list, title="提前或延期换届批复")
    party_roles: list[PartyRole] = Field(default_factory=list, title="党内职务")
    people: list[Person] = Field(default_factory=list, title="人员")
    posts: list[Post] = Field(default_factory=list, title="岗位")
    meetings: list[Meeting] = Field(default_factory=list, title="会议与活动")
    development_cases: list[DevelopmentCase] = Field(default_factory=list, title="发展党员")
    dues_payments: list[DuesPayment] = Field(default_factory=list, title="党费交纳")
    documents: list[Document] = Field(default_factory=list, title="制度与文件")
    trainings: list[Training] = Field(default_factory=list, title="培训")
    contact_assignments: list[ContactAssignment] = Field(default_factory=list, title="联系基层")
    societies: list[Society] = Field(default_factory=list, title="学生社团")
    society_events: list[SocietyEvent] = Field(default_factory=list, title="社团会议与活动")
    awards: list[Award] = Field(default_factory=list, title="获奖")
    projects: list[Project] = Field(default_factory=list, title="课题")
    tasks: list[Task] = Field(default_factory=list, title="任务")
    metrics: list[Metric] = Field(default_factory=list, title="指标")
    incidents: list[Incident] = Field(default_factory=list, title="事件")
    waivers: list[Waiver] = Field(default_factory=list, title="豁免")
    headcounts: list[Headcount] = Field(default_factory=list, title="人数统计")

    @model_validator(mode="after")
    def _check_integrity(self) -> Self:
        problems = find_problems(self)
        if problems:
            raise LedgerError(problems)
        # Memory: one set of field names per distinct set, not one per record (issue 12).
        shared: dict[frozenset[str], set[str]] = {}
        for name in type(self).model_fields:
            records = getattr(self, name)
            if isinstance(records, list):
                share_fields_sets(records, shared)
        return self

    def __repr__(self) -> str:
        # One short line: pydantic's repr printed every record (531,000 characters).
        title = self.title or ""
        title = f" {title if len(title) <= 24 else title[:23] + '…'}" if title else ""
        return (
            f"<Ledger{title}: {len(self.organizations)} organizations, "
            f"{len(self.people)} people, {len(self.meetings)} meetings, "
            f"{self.record_count()} records>"
        )

    __str__ = __repr__

    def record_count(self) -> int:
        """How many records the ledger holds, of every kind together."""
        return sum(
            len(value) for name in type(self).model_fields
            if isinstance(value := getattr(self, name), list)
        )  # fmt: skip

    def _repr_html_(self) -> str:
        """Jupyter's view: the organisations and a count of each record type."""
        # Deferred: the card is a view (report/), which sits above the model it reads.
        from ..report._html_repr import ledger_html  # noqa: PLC0415 (a view, above this model)

        return ledger_html(self)
