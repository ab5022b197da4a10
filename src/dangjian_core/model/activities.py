"""Meetings and activities: 三会一课, organisational life, department meetings and the rest."""

from __future__ import annotations

from pydantic import Field

from ._base import Count, Day, Hours, Id, LedgerModel
from .enums import AgendaCategory, AppraisalGrade, MeetingKind, Mode

__all__ = ["AgendaItem", "Meeting"]


class AgendaItem(LedgerModel):
    """An item decided at a meeting; joint meetings mark whether the party reviewed it first."""

    title: str = Field(min_length=1, title="议题")
    category: AgendaCategory = Field(default=AgendaCategory.OTHER, title="议题类别")
    prior_party_review: bool | None = Field(default=None, title="已经党组织会议前置研究")
    prior_review_meeting_id: Id | None = Field(default=None, title="前置研究的会议")
    votes_yes: Count | None = Field(default=None, title="赞成票")


class Meeting(LedgerModel):
    """A meeting or activity, counting for every organisation in ``org_ids``.

    Attendance is either lists of person ids or plain counts: ``entitled`` (应到) and
    ``present`` (实到).  Lists let the rules check quorum against the membership on the
    day; counts are taken as recorded.  For a heart-to-heart talk or a political-birthday
    activity, ``present`` names the people it was with.
    """

    id: Id = Field(title="会议编号")
    kind: MeetingKind = Field(title="会议类型")
    org_ids: list[Id] = Field(min_length=1, title="所属组织")
    date: Day = Field(title="日期")
    title: str | None = Field(default=None, title="主题")
    mode: Mode = Field(default=Mode.ONSITE, title="形式")
    entitled: list[Id] | Count | None = Field(default=None, title="应到")
    present: list[Id] | Count | None = Field(default=None, title="实到")
    chair_id: Id | None = Field(default=None, title="主持人")
    speaker_id: Id | None = Field(default=None, title="主讲人")
    hours: Hours | None = Field(default=None, title="学时")
    open_to_non_members: bool = Field(default=False, title="面向师生开放")
    series: str | None = Field(default=None, title="系列（讲堂）")
    topics: list[str] = Field(default_factory=list, title="议题/内容")
    agenda: list[AgendaItem] = Field(default_factory=list, title="议程")
    grades: dict[Id, AppraisalGrade] = Field(default_factory=dict, title="评议等次")
    document_ids: list[Id] = Field(default_factory=list, title="佐证材料")
