"""Member development (发展党员): one case per person, the 5 stages / 25 steps as dated milestones.

The steps of 《中国共产党发展党员工作细则》 are grouped into the five stages — application,
activist, candidate, probationary member, conversion — and each recorded step is a date (or a
small record where the regulation asks for more than a date: votes, trainings, reviews).
A missing milestone is simply absent; the rules decide whether it was due.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ._base import Count, Day, Hours, Id, LedgerModel

__all__ = [
    "Approval",
    "CandidateTraining",
    "CaseClosure",
    "DevelopmentCase",
    "Extension",
    "PoliticalReview",
    "PublicNotice",
    "Vote",
]


class Vote(LedgerModel):
    """A branch general-assembly vote (接收预备党员 or 转正): who was entitled, came and agreed."""

    date: Day = Field(title="表决日期")
    entitled: Count = Field(title="应到有表决权的正式党员")
    present: Count = Field(title="实到有表决权的正式党员")
    yes: Count = Field(title="赞成票")


class Approval(LedgerModel):
    """A higher organisation's approval (审批) of an admission or a conversion."""

    date: Day = Field(title="审批日期")
    org_id: Id = Field(title="审批组织")
    approved: bool = Field(default=True, title="批准")


class PoliticalReview(LedgerModel):
    """The political review (政治审查) of a candidate."""

    date: Day = Field(title="政审日期")
    passed: bool = Field(title="政审合格")


class CandidateTraining(LedgerModel):
    """Concentrated training of a candidate (集中培训): days or hours."""

    start: Day = Field(title="开始日期")
    end: Day = Field(title="结束日期")
    days: Hours | None = Field(default=None, title="天数")
    hours: Hours | None = Field(default=None, title="学时")


class PublicNotice(LedgerModel):
    """A public notice (公示) of a candidate before admission, or of a member before conversion.

    The rules ask for at least 5 working days (Monday–Friday) from ``start`` to ``end``, both
    days included, and for the notice to end before the vote it prepares.
    """

    start: Day = Field(title="公示开始日期")
    end: Day = Field(title="公示结束日期")


class CaseClosure(LedgerModel):
    """The end of a development case before it ran its course.

    The applicant withdrew, the probationary membership was cancelled (取消预备党员资格), or the
    person left the school or transferred out.  Nothing of the case falling after ``date`` is
    judged; what was already overdue before it stays as it was.
    """

    date: Day = Field(title="终止日期")
    reason: str = Field(min_length=1, title="终止原因")


class Extension(LedgerModel):
    """An extension of probation (延长预备期), in whole months."""

    decided_on: Day = Field(title="决定日期")
    months: int = Field(ge=1, le=24, title="延长月数")


class DevelopmentCase(LedgerModel):
    """The development of one person into a party member, step by step."""

    id: Id = Field(title="发展编号")
    person_id: Id = Field(title="发展人员")
    branch_id: Id = Field(title="所在党支部")
    # Stage 1 — 申请入党
    application: Day | None = Field(default=None, title="递交入党申请书")
    talk: Day | None = Field(default=None, title="党组织派人谈话")
    # Stage 2 — 入党积极分子的确定和培养教育
    activist: Day | None = Field(default=None, title="确定为入党积极分子")
    contacts: list[Id] = Field(default_factory=list, title="培养联系人")
    contacts_assigned: Day | None = Field(default=None, title="指定培养联系人")
    reviews: list[Day] = Field(default_factory=list, title="培养考察（每半年）")
    # Stage 3 — 发展对象的确定和考察
    candidate: Day | None = Field(default=None, title="确定为发展对象")
    introducers: list[Id] = Field(default_factory=list, title="入党介绍人")
    political_review: PoliticalReview | None = Field(default=None, title="政治审查")
    training: CandidateTraining | None = Field(default=None, title="集中培训")
    pre_review: Day | None = Field(default=None, title="上级党委预审")
    admission_notice: PublicNotice | None = Field(default=None, title="发展对象公示")
    # Stage 4 — 预备党员的接收
    application_form: Day | None = Field(default=None, title="填写入党志愿书")
    admission_vote: Vote | None = Field(default=None, title="支部大会讨论接收")
    approval: Approval | None = Field(default=None, title="上级党委审批")
    # Stage 5 — 预备党员的教育考察和转正
    oath: Day | None = Field(default=None, title="入党宣誓")
    extensions: list[Extension] = Field(default_factory=list, title="延长预备期")
    conversion_application: Day | None = Field(default=None, title="提出转正申请")
    conversion_notice: PublicNotice | None = Field(default=None, title="转正公示")
    conversion_vote: Vote | None = Field(default=None, title="支部大会讨论转正")
    conversion_approval: Approval | None = Field(default=None, title="上级党委审批转正")
    closed: CaseClosure | None = Field(default=None, title="发展终止")

    @property
    def admission_date(self) -> dt.date | None:
        """The day the person became a probationary member (the admission vote)."""
        return self.admission_vote.date if self.admission_vote else None

    @property
    def conversion_date(self) -> dt.date | None:
        """The day the person became a full member (the conversion vote)."""
        return self.conversion_vote.date if self.conversion_vote else None
