"""People: who they are, their party status over time, memberships and dues bases."""

from __future__ import annotations

from pydantic import Field

from ._base import Day, Id, LedgerModel, Money, Month
from .enums import Degree, IncomeCategory, PersonCategory, StudentLevel, TitleRank

__all__ = [
    "ArrearsReason",
    "HardshipReduction",
    "Income",
    "Membership",
    "PartyDates",
    "Person",
]


class PartyDates(LedgerModel):
    """The dated milestones of a person's party life.

    Status on a day is derived from them: 正式党员 from ``conversion``, 预备党员 from
    ``admission`` (the branch's admission vote).  Where a development case exists, its dates
    are authoritative and a different date here is a ledger error.
    """

    application: Day | None = Field(default=None, title="递交入党申请书日期")
    activist: Day | None = Field(default=None, title="确定为入党积极分子日期")
    candidate: Day | None = Field(default=None, title="确定为发展对象日期")
    admission: Day | None = Field(default=None, title="支部大会接收为预备党员日期")
    conversion: Day | None = Field(default=None, title="转为正式党员日期")
    left: Day | None = Field(default=None, title="出党日期")
    left_reason: str | None = Field(default=None, title="出党原因")


class Membership(LedgerModel):
    """Membership of a branch or party group (组织关系), with transfers in and out."""

    org_id: Id = Field(title="组织")
    start: Day = Field(title="转入日期")
    end: Day | None = Field(default=None, title="转出日期")


class Income(LedgerModel):
    """The dues base of a member from ``effective`` on (交纳基数, after tax, monthly)."""

    effective: Month = Field(title="生效月份")
    category: IncomeCategory = Field(title="收入类别")
    base: Money | None = Field(default=None, title="月交纳基数（税后）")


class HardshipReduction(LedgerModel):
    """An approved reduction or exemption of dues (困难党员少交或免交)."""

    start: Month = Field(title="起始月份")
    end: Month | None = Field(default=None, title="截止月份")
    monthly_amount: Money = Field(title="每月应交金额")
    approved_by: str = Field(min_length=1, title="批准组织")
    approved_on: Day | None = Field(default=None, title="批准日期")


class ArrearsReason(LedgerModel):
    """An approved reason for not paying dues for some months (e.g. 出国、病重)."""

    start: Month = Field(title="起始月份")
    end: Month | None = Field(default=None, title="截止月份")
    reason: str = Field(min_length=1, title="原因")
    approved_by: str | None = Field(default=None, title="批准组织")


class Person(LedgerModel):
    """A teacher, student, staff member or retiree of the unit, member or not.

    ``arrived_on`` / ``left_on`` bound the time the person belongs to the unit at all (both
    days included): a graduate who left in June is not among the students to be covered in
    December.  Party membership is dated separately, by ``party`` and ``memberships``.
    """

    id: Id = Field(title="人员编号")
    name: str = Field(min_length=1, title="姓名")
    category: PersonCategory = Field(title="人员类别")
    department_id: Id | None = Field(default=None, title="所在院系（党组织）")
    arrived_on: Day | None = Field(default=None, title="入职或入学日期")
    left_on: Day | None = Field(default=None, title="离职、调离或毕业离校日期")
    specialty_teacher: bool = Field(default=False, title="专业教师")
    student_level: StudentLevel | None = Field(default=None, title="学生层次")
    birth_date: Day | None = Field(default=None, title="出生日期")
    retirement_date: Day | None = Field(default=None, title="退休日期")
    title_rank: TitleRank | None = Field(default=None, title="职称")
    degree: Degree | None = Field(default=None, title="学位")
    academic_lead: bool = Field(default=False, title="学术带头人")
    dual_leader: bool | None = Field(default=None, title="认定为双带头人")
    party: PartyDates = Field(default_factory=PartyDates, title="党员信息")
    memberships: list[Membership] = Field(default_factory=list, title="组织关系")
    incomes: list[Income] = Field(default_factory=list, title="党费交纳基数")
    quarterly_dues: bool = Field(default=False, title="经支部同意按季度交纳党费")
    hardship_reductions: list[HardshipReduction] = Field(default_factory=list, title="减免党费")
    arrears_reasons: list[ArrearsReason] = Field(default_factory=list, title="未交党费的批准理由")
