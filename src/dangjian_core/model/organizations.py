"""Party organisations and who holds which post in them, over time."""

from __future__ import annotations

from pydantic import Field

from ._base import Day, Id, LedgerModel
from .enums import BranchCategory, OrgKind, PostKind, Role, StudentLevel, TeacherKind

__all__ = ["Election", "Organization", "PartyRole", "Post", "TermShift"]

#: Default term of office in years by organisation kind (任期意见: 支部/总支 3 年, 党委 5 年).
DEFAULT_TERM_YEARS: dict[OrgKind, int] = {
    OrgKind.SCHOOL_COMMITTEE: 5,
    OrgKind.DEPT_COMMITTEE: 5,
    OrgKind.GENERAL_BRANCH: 3,
    OrgKind.BRANCH: 3,
    OrgKind.GROUP: 3,
}


class Organization(LedgerModel):
    """A party organisation (党组织): school committee down to party group.

    ``is_department`` marks the party organisation of a 院系, the subject of department-scope
    rules; left empty it defaults to true for 党总支 and 院系党委 (see :attr:`department`).
    ``external`` marks an organisation the ledger only refers to — the school committee at the
    root of a department's ledger, which approves admissions — and that no rule judges.
    """

    id: Id = Field(title="组织编号")
    name: str = Field(title="组织名称", min_length=1)
    kind: OrgKind = Field(title="组织类型")
    parent_id: Id | None = Field(default=None, title="上级组织")
    category: BranchCategory | None = Field(default=None, title="支部类别")
    teacher_kind: TeacherKind | None = Field(default=None, title="教工支部类别")
    student_level: StudentLevel | None = Field(default=None, title="学生层次")
    joint: bool = Field(default=False, title="联合党支部")
    is_department: bool | None = Field(default=None, title="院系党组织")
    founded: Day | None = Field(default=None, title="成立日期")
    dissolved: Day | None = Field(default=None, title="撤销日期")
    lecture_series: list[str] = Field(default_factory=list, title="讲堂系列")
    external: bool = Field(default=False, title="外部组织（仅供引用，不检查）")

    @property
    def department(self) -> bool:
        """Whether this organisation is the party organisation of a department (院系)."""
        if self.is_department is not None:
            return self.is_department
        return self.kind in (OrgKind.GENERAL_BRANCH, OrgKind.DEPT_COMMITTEE)


class Election(LedgerModel):
    """An election (换届选举) of an organisation's leadership; the latest one starts the term."""

    id: Id = Field(title="选举编号")
    org_id: Id = Field(title="组织")
    date: Day = Field(title="选举日期")
    term_years: int | None = Field(default=None, ge=1, le=10, title="任期（年）")
    approved_by: str | None = Field(default=None, title="批复单位")
    approved_on: Day | None = Field(default=None, title="批复日期")


class TermShift(LedgerModel):
    """An approved move of a re-election date (提前或延期换届), at most one year either way."""

    id: Id = Field(title="编号")
    org_id: Id = Field(title="组织")
    new_due: Day = Field(title="批准的换届日期")
    approved_by: str = Field(title="批准单位", min_length=1)
    approved_on: Day = Field(title="批准日期")
    reason: str | None = Field(default=None, title="原因")


class PartyRole(LedgerModel):
    """A person holding a party post (书记, 委员, 组长 …) in an organisation, dated."""

    id: Id = Field(title="编号")
    org_id: Id = Field(title="组织")
    person_id: Id = Field(title="人员")
    role: Role = Field(title="职务")
    start: Day = Field(title="任职日期")
    end: Day | None = Field(default=None, title="离任日期")


class Post(LedgerModel):
    """A staffing post (专职组织员, 辅导员 …) held by a person in a unit, dated."""

    id: Id = Field(title="编号")
    person_id: Id = Field(title="人员")
    kind: PostKind = Field(title="岗位")
    unit_id: Id | None = Field(default=None, title="所在单位（组织或社团）")
    full_time: bool = Field(default=True, title="专职")
    start: Day = Field(title="任职日期")
    end: Day | None = Field(default=None, title="离任日期")
