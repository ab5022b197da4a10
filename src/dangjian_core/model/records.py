"""The remaining facts of a 台账: dues, documents, trainings, contacts, societies, outcomes,
incidents, waivers and headcounts."""

from __future__ import annotations

from pydantic import Field

from ._base import Count, Day, Hours, Id, LedgerModel, MetricValue, Money, Month, PositiveCount
from .enums import (
    AwardKind,
    AwardLevel,
    DocumentKind,
    IncidentSeverity,
    PersonCategory,
    SocietyEventKind,
    TrainingKind,
)

__all__ = [
    "Award",
    "ContactAssignment",
    "Document",
    "DuesPayment",
    "Headcount",
    "Incident",
    "Metric",
    "Project",
    "Society",
    "SocietyEvent",
    "Task",
    "Training",
    "Waiver",
]


class DuesPayment(LedgerModel):
    """A dues payment (党费) covering one or more months; split equally among them."""

    id: Id = Field(title="缴费编号")
    person_id: Id = Field(title="党员")
    months: list[Month] = Field(min_length=1, title="所属月份")
    amount: Money = Field(title="金额（元）")
    paid_on: Day = Field(title="交纳日期")


class Document(LedgerModel):
    """A regulation (制度), plan (方案) or report (总结) of an organisation."""

    id: Id = Field(title="文件编号")
    kind: DocumentKind = Field(title="文件类型")
    title: str = Field(min_length=1, title="标题")
    org_id: Id = Field(title="制定组织")
    category: str | None = Field(default=None, title="类别")
    effective: Day | None = Field(default=None, title="施行日期")
    repealed: Day | None = Field(default=None, title="废止日期")


class Training(LedgerModel):
    """Training a person took (学时 count toward the yearly requirement)."""

    id: Id = Field(title="培训编号")
    person_id: Id = Field(title="人员")
    kind: TrainingKind = Field(title="培训类型")
    date: Day = Field(title="日期")
    hours: Hours = Field(title="学时")
    title: str | None = Field(default=None, title="名称")


class ContactAssignment(LedgerModel):
    """A leader's contact assignment (联系基层): a person, or an organisation and its members."""

    id: Id = Field(title="编号")
    leader_id: Id = Field(title="联系领导")
    target_id: Id = Field(title="联系对象（人员或组织）")
    start: Day = Field(title="开始日期")
    end: Day | None = Field(default=None, title="结束日期")


class Society(LedgerModel):
    """A student society (学生社团) of a department, with its advisor (指导教师)."""

    id: Id = Field(title="社团编号")
    name: str = Field(min_length=1, title="社团名称")
    org_id: Id = Field(title="所属院系党组织")
    advisor_id: Id | None = Field(default=None, title="指导教师")
    founded: Day | None = Field(default=None, title="成立日期")
    dissolved: Day | None = Field(default=None, title="撤销日期")


class SocietyEvent(LedgerModel):
    """A society's meeting or event, and the day it was reported (一会一报, 一事一报)."""

    id: Id = Field(title="编号")
    society_id: Id = Field(title="社团")
    kind: SocietyEventKind = Field(title="类型")
    date: Day = Field(title="举办日期")
    reported_on: Day | None = Field(default=None, title="报备日期")
    title: str | None = Field(default=None, title="名称")


class Award(LedgerModel):
    """An award; one ``achievement_key`` links the same achievement across levels."""

    id: Id = Field(title="获奖编号")
    title: str = Field(min_length=1, title="名称")
    level: AwardLevel = Field(title="级别")
    kind: AwardKind = Field(title="类别")
    date: Day = Field(title="获奖日期")
    org_id: Id | None = Field(default=None, title="所属组织")
    person_ids: list[Id] = Field(default_factory=list, title="获奖人")
    winner_category: PersonCategory | None = Field(
        default=None, title="获奖人类别", description="学生或教师获奖；列出获奖人时由其人员类别可知"
    )
    winner_count: PositiveCount | None = Field(default=None, title="获奖人次")
    achievement_key: str | None = Field(default=None, title="同一成果标识")


class Project(LedgerModel):
    """A research or teaching project (课题): applied, and approved if it was."""

    id: Id = Field(title="课题编号")
    title: str = Field(min_length=1, title="名称")
    org_id: Id | None = Field(default=None, title="所属组织")
    kind: str | None = Field(default=None, title="类别")
    level: AwardLevel | None = Field(default=None, title="级别")
    applied_on: Day = Field(title="申报日期")
    approved_on: Day | None = Field(default=None, title="立项日期")


class Task(LedgerModel):
    """Planned work (任务) with its due date and the day it was done; ``count`` bundles rows."""

    id: Id = Field(title="任务编号")
    title: str = Field(min_length=1, title="名称")
    org_id: Id | None = Field(default=None, title="所属组织")
    due: Day = Field(title="计划完成日期")
    done_on: Day | None = Field(default=None, title="完成日期")
    count: PositiveCount = Field(default=1, title="任务数")


class Metric(LedgerModel):
    """A measured value such as the employment rate (就业率) of a cohort."""

    id: Id = Field(title="编号")
    name: str = Field(min_length=1, title="指标", examples=["employment_rate"])
    org_id: Id | None = Field(default=None, title="所属组织")
    value: MetricValue = Field(title="数值")
    start: Day = Field(title="统计起始日期")
    end: Day = Field(title="统计截止日期")
    cohort: str | None = Field(default=None, title="届别")
    numerator: Count | None = Field(default=None, title="分子")
    denominator: Count | None = Field(default=None, title="分母")


class Incident(LedgerModel):
    """An incident in an organisation; a major one may veto a scheme (一票否决)."""

    id: Id = Field(title="编号")
    org_id: Id = Field(title="组织")
    date: Day = Field(title="日期")
    severity: IncidentSeverity = Field(title="严重程度")
    category: str | None = Field(default=None, title="类别")
    description: str | None = Field(default=None, title="说明")


class Waiver(LedgerModel):
    """An approved waiver (豁免) of one rule for one subject over a period.

    It applies when rule and subject match, the finding's period lies inside
    ``[start, end]``, and the run's ``as_of`` is on or before ``expires`` (inclusive).
    """

    id: Id = Field(title="豁免编号")
    rule_id: str = Field(min_length=1, title="规则")
    subject_id: Id = Field(title="对象")
    start: Day = Field(title="起始日期")
    end: Day = Field(title="截止日期")
    facet: str | None = Field(default=None, title="分项")
    reason: str = Field(min_length=1, title="理由")
    approver: str = Field(min_length=1, title="批准人")
    granted_on: Day | None = Field(default=None, title="批准日期")
    expires: Day = Field(title="失效日期")


class Headcount(LedgerModel):
    """Headcounts of a unit on a date, for ratios when people are not listed one by one."""

    id: Id = Field(title="编号")
    unit_id: Id = Field(title="单位（组织）")
    date: Day = Field(title="统计日期")
    students: Count = Field(default=0, title="学生数")
    full_time_students: Count | None = Field(default=None, title="全日制学生数")
    teachers: Count = Field(default=0, title="教师数")
    staff: Count = Field(default=0, title="其他教职工数")
