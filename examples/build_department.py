"""Generate ``examples/department.json``: the 2025 台账 of one (fictitious) department.

Run ``python examples/build_department.py`` to rewrite the JSON; ``tests/test_examples.py``
checks that the committed file is exactly what :func:`render` produces, so the two cannot
drift apart.  The script is deterministic: no random numbers, no clock — every date and
amount follows from the tables below.

The department is realistic but not perfect.  The gaps it leaves on purpose (so that the
rule checks have something to find) are listed in :data:`DELIBERATE_GAPS`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from dangjian_core.model import (
    SCHEMA_VERSION,
    AgendaCategory,
    AgendaItem,
    AppraisalGrade,
    Approval,
    Award,
    AwardKind,
    AwardLevel,
    BranchCategory,
    CandidateTraining,
    ContactAssignment,
    Degree,
    DevelopmentCase,
    Document,
    DocumentKind,
    DuesPayment,
    Election,
    HardshipReduction,
    Headcount,
    Incident,
    IncidentSeverity,
    Income,
    IncomeCategory,
    Ledger,
    Meeting,
    MeetingKind,
    Membership,
    Metric,
    Mode,
    Organization,
    OrgKind,
    PartyDates,
    PartyRole,
    Person,
    PersonCategory,
    PoliticalReview,
    Post,
    PostKind,
    Project,
    PublicNotice,
    Role,
    Society,
    SocietyEvent,
    SocietyEventKind,
    StudentLevel,
    Task,
    TeacherKind,
    TitleRank,
    Training,
    TrainingKind,
    Vote,
    Waiver,
)

__all__ = ["DELIBERATE_GAPS", "OUTPUT", "build", "main", "render"]

OUTPUT = Path(__file__).resolve().parent / "department.json"
YEAR = 2025
TITLE = "示例学院党总支 2025 年台账"

#: What the example gets wrong on purpose; later rule tests rely on each of these.
DELIBERATE_GAPS: tuple[str, ...] = (
    "meeting.committee: br-t2 holds no 支委会 in 2025-08",
    "meeting.committee: br-s1 holds no 支委会 in 2025-02, covered by waiver wv-01",
    "meeting.lecture: br-s2 holds no 党课 in 2025-Q3",
    "meeting.quorum + meeting.general_assembly: br-t3's only Q2 党员大会 (2025-06) has "
    "2 of 5 full members present",
    "meeting.org_life: br-r1 holds its 组织生活会 in June (outside Q4: warn)",
    "meeting.dept_joint_meeting: the 2025-09 党政联席会议 item on hiring (staff) has "
    "prior_party_review=false",
    "structure.term_expiry: br-t3 was elected 2023-03-22, its term ends 2026-03-22 "
    "(due within 6 months of 2025-12-31: warn)",
    "dues.monthly / dues.arrears: p-024 (罗斌) paid nothing for 2025-06..08 by month end; "
    "back-paid in one payment on 2025-09-12",
    "education.media_active: only 2 new-media posts in 2025-08",
    "governance.society_reporting: society event se-11 (2025-11-15) reported on 2025-11-17",
    "leadership.dual_leader_*: the staff branch br-t3's secretary (p-035) is neither 副高 "
    "nor a doctor (only matters if staff branches are included)",
    "outcome.task_completion: 5 of the 163 双高 tasks (tk-03) are not done",
)

_CENT = Decimal("0.01")
_HOLIDAYS = frozenset(
    [date(YEAR, 1, 1)]
    + [date(YEAR, 1, 28) + timedelta(days=i) for i in range(8)]  # 春节 1-28..2-4
    + [date(YEAR, 4, 4), date(YEAR, 4, 5), date(YEAR, 4, 6)]  # 清明
    + [date(YEAR, 5, d) for d in range(1, 6)]  # 劳动节
    + [date(YEAR, 5, 31), date(YEAR, 6, 1), date(YEAR, 6, 2)]  # 端午
    + [date(YEAR, 10, d) for d in range(1, 9)]  # 国庆、中秋
)


def wd(month: int, day: int, year: int = YEAR) -> date:
    """The given day, moved forward to the next working day (never out of the month)."""
    d = date(year, month, day)
    while d.weekday() >= 5 or d in _HOLIDAYS:
        d += timedelta(days=1)
    if d.month != month:  # pragma: no cover - a mistake in the tables below
        raise ValueError(f"{year}-{month}-{day} has no working day left in its month")
    return d


def D(text: str) -> date:
    return date.fromisoformat(text)


def one_year_later(d: date) -> date:
    return d.replace(year=d.year + 1)


def month_label(month: int) -> str:
    return f"{YEAR}-{month:02d}"


def last_day(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


# --------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------

SC, GB = "org-sc", "org-gb"
T1, T2, T3, S1, S2, R1 = "br-t1", "br-t2", "br-t3", "br-s1", "br-s2", "br-r1"
G1A, G1B = "grp-t1a", "grp-t1b"
BRANCHES = (T1, T2, T3, S1, S2, R1)
LECTURE_SERIES = ("工匠讲堂", "思政讲堂", "青年讲堂")


def organizations() -> list[Organization]:
    teacher, student, retired = BranchCategory.TEACHER, BranchCategory.STUDENT, BranchCategory.RETIRED
    return [
        Organization(id=SC, name="示例大学党委", kind=OrgKind.SCHOOL_COMMITTEE, external=True,
                     is_department=False, founded=D("1958-09-01")),
        Organization(id=GB, name="示例学院党总支", kind=OrgKind.GENERAL_BRANCH, parent_id=SC,
                     is_department=True, founded=D("2012-09-01"),
                     lecture_series=list(LECTURE_SERIES)),
        Organization(id=T1, name="示例学院机械工程教工党支部", kind=OrgKind.BRANCH,
                     parent_id=GB, category=teacher, teacher_kind=TeacherKind.FACULTY,
                     founded=D("2012-09-01")),
        Organization(id=T2, name="示例学院电气工程教工党支部", kind=OrgKind.BRANCH,
                     parent_id=GB, category=teacher, teacher_kind=TeacherKind.FACULTY,
                     founded=D("2012-09-01")),
        Organization(id=T3, name="示例学院行政教辅党支部", kind=OrgKind.BRANCH, parent_id=GB,
                     category=teacher, teacher_kind=TeacherKind.STAFF, founded=D("2014-03-01")),
        Organization(id=S1, name="示例学院机械类本科生党支部", kind=OrgKind.BRANCH,
                     parent_id=GB, category=student, student_level=StudentLevel.UNDERGRADUATE,
                     founded=D("2013-10-01")),
        Organization(id=S2, name="示例学院电气类本科生党支部", kind=OrgKind.BRANCH,
                     parent_id=GB, category=student, student_level=StudentLevel.UNDERGRADUATE,
                     founded=D("2016-10-01")),
        Organization(id=R1, name="示例学院离退休党支部", kind=OrgKind.BRANCH, parent_id=GB,
                     category=retired, founded=D("2015-05-01")),
        Organization(id=G1A, name="机械工程教工党支部第一党小组", kind=OrgKind.GROUP,
                     parent_id=T1, founded=D("2024-03-25")),
        Organization(id=G1B, name="机械工程教工党支部第二党小组", kind=OrgKind.GROUP,
                     parent_id=T1, founded=D("2024-03-25")),
    ]


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

T, ST, STU, RET = (
    PersonCategory.TEACHER,
    PersonCategory.STAFF,
    PersonCategory.STUDENT,
    PersonCategory.RETIRED,
)
FS, AS, IM, JR = (
    TitleRank.FULL_SENIOR,
    TitleRank.ASSOCIATE_SENIOR,
    TitleRank.INTERMEDIATE,
    TitleRank.JUNIOR,
)
DR, MA, BA = Degree.DOCTORATE, Degree.MASTER, Degree.BACHELOR
GRADUATION = D("2025-06-30")  # the class of 2025 transfers out on graduation


@dataclass(frozen=True)
class CaseDates:
    """The dated milestones of a development case, shared by the case and its person."""

    application: date
    activist: date | None = None
    candidate: date | None = None
    admission: date | None = None
    conversion: date | None = None


# The five development cases (dc-1 … dc-5) at different stages at the end of 2025.
C1 = CaseDates(D("2022-10-08"), D("2023-03-15"), D("2024-03-25"), D("2024-06-05"),
               D("2025-06-05"))  # converted in 2025
C2 = CaseDates(D("2023-03-10"), D("2023-10-12"), D("2024-11-05"), D("2025-04-16"))  # probation
C3 = CaseDates(D("2024-04-08"), D("2024-10-15"))  # activist
C4 = CaseDates(D("2023-09-25"), D("2024-03-20"), D("2025-03-25"))  # candidate
C5 = CaseDates(D("2025-10-10"))  # applicant


@dataclass
class People:
    """Builds :class:`Person` records with consecutive ids ``p-001`` …"""

    items: list[Person] = field(default_factory=list)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        name: str,
        category: PersonCategory,
        birth: str,
        *,
        title: TitleRank | None = None,
        degree: Degree | None = None,
        specialty: bool = False,
        academic_lead: bool = False,
        dual_leader: bool | None = None,
        department: str | None = GB,
        admission: str | None = None,
        case: CaseDates | None = None,
        branch: str | None = None,
        joined: str | None = None,
        left: date | None = None,
        group: str | None = None,
        base: str | None = None,
        raise_to: tuple[str, str] | None = None,
        quarterly: bool = False,
        hardship: HardshipReduction | None = None,
        retired_on: str | None = None,
    ) -> str:
        pid = f"p-{len(self.items) + 1:03d}"
        if name in self.by_name:  # pragma: no cover - a mistake in the tables
            raise ValueError(f"duplicate name {name}")
        self.by_name[name] = pid
        if case is not None:
            party = PartyDates(
                application=case.application,
                activist=case.activist,
                candidate=case.candidate,
                admission=case.admission,
                conversion=case.conversion,
            )
            admitted = case.admission
        elif admission is not None:
            admitted = D(admission)
            conversion = one_year_later(admitted)
            party = PartyDates(admission=admitted, conversion=conversion)
        else:
            admitted = None
            party = PartyDates()
        memberships: list[Membership] = []
        incomes: list[Income] = []
        if branch is not None and admitted is not None:
            start = D(joined) if joined else admitted
            memberships.append(Membership(org_id=branch, start=start, end=left))
            if group is not None:
                memberships.append(
                    Membership(org_id=group, start=max(start, D("2024-03-25")), end=left)
                )
            if category is STU:
                incomes.append(Income(effective=f"{max(start, D('2024-01-01')):%Y-%m}",
                                      category=IncomeCategory.STUDENT))
            else:
                kind = IncomeCategory.RETIRED if category is RET else IncomeCategory.SALARIED
                effective = f"{max(start, D('2025-01-01')):%Y-%m}"
                incomes.append(Income(effective=effective, category=kind, base=Decimal(base or "0")))
                if raise_to is not None:
                    incomes.append(Income(effective=raise_to[0], category=kind,
                                          base=Decimal(raise_to[1])))
        self.items.append(
            Person(
                id=pid,
                name=name,
                category=category,
                department_id=department,
                specialty_teacher=specialty,
                student_level=StudentLevel.UNDERGRADUATE if category is STU else None,
                birth_date=D(birth),
                retirement_date=D(retired_on) if retired_on else None,
                title_rank=title,
                degree=degree,
                academic_lead=academic_lead,
                dual_leader=dual_leader,
                party=party,
                memberships=memberships,
                incomes=incomes,
                quarterly_dues=quarterly,
                hardship_reductions=[hardship] if hardship else [],
            )
        )
        return pid


# Non-member students: (name, birth date); generated into both student branches' areas.
S1_STUDENTS = (
    ("彭子涵", "2004-08-18"), ("吕嘉乐", "2003-07-21"), ("苏晨曦", "2003-12-09"),
    ("卢浩宇", "2004-02-03"), ("蔡思彤", "2004-09-14"), ("贾梓轩", "2005-01-26"),
    ("丁若彤", "2005-04-30"), ("魏子墨", "2005-08-11"), ("薛一诺", "2006-02-17"),
    ("叶沐阳", "2006-05-08"), ("阎书瑶", "2006-10-22"), ("余景行", "2007-01-15"),
    ("潘雨泽", "2003-06-02"), ("杜欣悦", "2004-11-28"), ("戴俊豪", "2005-06-19"),
    ("夏语嫣", "2006-07-04"),
)
S2_STUDENTS = (
    ("蒋欣怡", "2007-03-02"), ("钟浩然", "2003-10-13"), ("汪思琪", "2004-04-25"),
    ("田逸飞", "2004-07-30"), ("任婉清", "2005-02-08"), ("姜博远", "2005-05-17"),
    ("范雨晴", "2005-09-26"), ("方子睿", "2006-01-12"), ("石佳音", "2006-03-23"),
    ("姚天翊", "2006-08-15"), ("谭可馨", "2006-12-01"), ("廖子轩", "2007-04-09"),
    ("邹雅静", "2003-11-06"), ("熊宇辰", "2004-12-20"), ("金若楠", "2005-10-03"),
    ("陆昊天", "2006-06-27"),
)


@dataclass
class Cast:
    """Who is who: the ids the rest of the generator refers to."""

    people: list[Person]
    school_secretary: str
    gb_committee: dict[Role, str]
    secretaries: dict[str, str]
    branch_committees: dict[str, dict[Role, str]]
    group_leaders: dict[str, str]
    counsellors: tuple[str, str, str]
    part_time_counsellor: str
    organiser: str
    party_staff: str
    deputy_dean: str
    cases: dict[str, str]
    dues_gap: str
    retired_old_secretary: str
    s1_old_publicity: str
    s1_new_publicity: str
    t2_transfer: str
    non_members: dict[str, list[str]]


def cast() -> Cast:
    pp = People()
    hardship = HardshipReduction(start="2025-01", monthly_amount=Decimal("2.00"),
                                 approved_by="示例学院党总支", approved_on=D("2024-12-20"))
    school_sec = pp.add("周建明", ST, "1966-05-04", title=FS, degree=DR, department=None)

    # 机械工程教工党支部 — 12 full members in two party groups, a 5-member committee.
    t1 = {"branch": T1, "specialty": True}
    a = {**t1, "group": G1A}
    b = {**t1, "group": G1B}
    zhang = pp.add("张志强", T, "1975-04-12", title=FS, degree=DR, academic_lead=True,
                   dual_leader=True, admission="1998-05-20", joined="2012-09-01",
                   base="12800", **a)
    liming = pp.add("李明", T, "1970-09-03", title=FS, degree=DR, academic_lead=True,
                    admission="1993-06-18", joined="2012-09-01", base="14200", **a)
    sunli = pp.add("孙丽", T, "1980-01-25", title=AS, degree=DR, admission="2004-04-16",
                   joined="2012-09-01", base="9860", **a)
    zhoutao = pp.add("周涛", T, "1983-07-09", title=AS, degree=MA, admission="2006-11-20",
                     joined="2012-09-01", base="8650", **a)
    wuting = pp.add("吴婷", T, "1987-03-14", title=IM, degree=MA, admission="2009-05-22",
                    joined="2013-07-10", base="7834.50", **b)
    zhenglei = pp.add("郑磊", T, "1985-10-30", title=AS, degree=MA, admission="2008-12-05",
                      joined="2012-09-01", base="10000", **b)
    liufang = pp.add("刘芳", T, "1978-06-21", title=AS, degree=MA, admission="2002-11-15",
                     joined="2012-09-01", base="9600", raise_to=("2025-07", "10800"), **b)
    majun = pp.add("马骏", T, "1982-02-17", title=IM, degree=MA, admission="2005-06-08",
                   joined="2012-09-01", base="6200", **a)
    huang = pp.add("黄海燕", T, "1984-12-02", title=IM, degree=MA, admission="2007-05-25",
                   joined="2012-09-01", base="5400", **b)
    pp.add("郭文博", T, "1990-08-19", title=IM, degree=DR, admission="2012-05-18",
           joined="2019-07-15", base="4980", **a)
    pp.add("梁思远", T, "1993-01-07", title=JR, degree=MA, admission="2015-11-27",
           joined="2020-07-20", base="4200", **b)
    pp.add("谢宏", T, "1968-03-29", title=FS, degree=MA, admission="1991-07-01",
           joined="2012-09-01", base="11250", **b)
    non_t1 = [
        pp.add("徐红", T, "1979-05-09", title=AS, degree=DR, specialty=True),  # 副院长，民盟
        pp.add("冯雅琪", T, "1994-03-18", title=JR, degree=MA, specialty=True),
        pp.add("董一鸣", T, "1992-10-06", title=IM, degree=DR, specialty=True),
        pp.add("萧晨阳", T, "1995-12-24", title=JR, degree=MA, specialty=True),
        pp.add("程若曦", T, "1990-07-31", title=IM, degree=MA, specialty=True),
        pp.add("袁博", T, "1988-01-13", title=IM, degree=MA, specialty=True),
    ]

    # 电气工程教工党支部 — 8 full members (+1 transferred in in September), committee of 3.
    t2 = {"branch": T2, "specialty": True}
    chen = pp.add("陈晓东", T, "1979-11-08", title=AS, degree=MA, admission="2003-06-12",
                  joined="2012-09-01", base="9450", **t2)
    zhaowei = pp.add("赵伟", T, "1976-05-16", title=FS, degree=DR, academic_lead=True,
                     admission="1999-12-10", joined="2012-09-01", base="13600", **t2)
    linjia = pp.add("林佳", T, "1986-09-23", title=IM, degree=MA, admission="2010-05-28",
                    joined="2012-09-01", base="6980", **t2)
    hejun = pp.add("何俊", T, "1988-04-04", title=IM, degree=MA, admission="2011-11-18",
                   joined="2014-07-01", base="6350", **t2)
    luobin = pp.add("罗斌", T, "1984-08-27", title=AS, degree=MA, admission="2008-06-06",
                    joined="2012-09-01", base="8120", **t2)
    tang = pp.add("唐嘉怡", T, "1992-02-14", title=IM, degree=MA, admission="2014-05-30",
                  joined="2018-07-10", base="5200", **t2)
    pp.add("邓宇轩", T, "1990-07-12", title=IM, degree=DR, admission="2012-11-09",
           joined="2019-07-01", base="5000", **t2)
    pp.add("曾桂芳", T, "1972-12-19", title=AS, degree=BA, admission="1996-05-17",
           joined="2012-09-01", base="8900", **t2)
    song = pp.add("宋雨桐", T, "1991-03-30", title=IM, degree=DR, admission="2016-11-08",
                  joined="2025-09-05", base="6100", **t2)
    non_t2 = [
        pp.add("许诺", T, "1996-06-15", title=JR, degree=MA, specialty=True, case=C3),
        pp.add("蔡文", T, "1993-02-11", title=IM, degree=MA, specialty=True),
        pp.add("贾佳琪", T, "1995-09-05", title=JR, degree=MA, specialty=True),
        pp.add("丁俊杰", T, "1989-04-28", title=IM, degree=DR, specialty=True),
        pp.add("魏梦瑶", T, "1994-11-19", title=JR, degree=MA, specialty=True),
    ]

    # 行政教辅党支部 — 5 full members, no committee.
    t3 = {"branch": T3}
    wang = pp.add("王建国", ST, "1972-08-08", title=AS, degree=MA, admission="1995-06-30",
                  joined="2016-03-01", base="9200", **t3)
    gao = pp.add("高翔", ST, "1985-03-12", title=IM, degree=BA, admission="2008-05-16",
                 joined="2014-03-01", base="5800", **t3)
    chenjing = pp.add("陈静", ST, "1988-10-05", title=IM, degree=MA, admission="2010-12-03",
                      joined="2015-07-01", base="5650", **t3)
    yang = pp.add("杨帆", ST, "1996-04-21", title=JR, degree=MA, admission="2018-06-01",
                  joined="2021-07-05", base="2900", **t3)
    pp.add("田野", ST, "1994-09-09", title=JR, degree=BA, admission="2016-05-20",
           joined="2019-07-08", base="3000", **t3)
    non_t3 = [
        pp.add("薛静怡", ST, "1993-06-30", title=JR, degree=BA),
        pp.add("叶皓宇", ST, "1990-02-22", title=IM, degree=BA),
    ]

    # 机械类本科生党支部 — two counsellors and student members; committee of 3.
    s1 = {"branch": S1}
    zhaomin = pp.add("赵敏", ST, "1990-02-26", title=IM, degree=MA, admission="2012-05-18",
                     joined="2019-09-01", base="5300", **s1)
    sunhao = pp.add("孙浩", ST, "1994-11-11", title=JR, degree=MA, admission="2015-12-04",
                    joined="2021-07-15", base="4600", **s1)
    hu = pp.add("胡天佑", STU, "2003-05-14", admission="2022-11-18", left=GRADUATION, **s1)
    pp.add("朱雨萱", STU, "2003-09-02", admission="2023-05-12", left=GRADUATION, **s1)
    pp.add("林诗涵", STU, "2003-01-20", admission="2022-11-18", left=GRADUATION, **s1)
    pan = pp.add("潘泽宇", STU, "2004-03-08", admission="2023-05-12", **s1)
    pp.add("杜可欣", STU, "2004-06-27", admission="2023-05-12", **s1)
    hanxue = pp.add("韩雪", STU, "2004-02-11", case=C1, **s1)
    non_s1 = [
        pp.add(name, STU, birth, case=C4 if name == "彭子涵" else None)
        for name, birth in S1_STUDENTS
    ]

    # 电气类本科生党支部 — one counsellor and student members; no committee.
    s2 = {"branch": S2}
    zhoulin = pp.add("周琳", ST, "1989-07-07", title=IM, degree=MA, admission="2011-06-10",
                     joined="2018-08-20", base="5500", **s2)
    pp.add("钟明轩", STU, "2003-04-16", admission="2022-06-10", left=GRADUATION, **s2)
    pp.add("姜语桐", STU, "2003-08-08", admission="2023-05-19", left=GRADUATION, **s2)
    pp.add("汪家豪", STU, "2004-01-30", admission="2023-11-24", **s2)
    pp.add("石紫涵", STU, "2004-05-05", admission="2023-11-24", **s2)
    pp.add("廖昊然", STU, "2004-10-10", admission="2023-11-24", **s2)
    cao = pp.add("曹宇航", STU, "2004-12-05", case=C2, **s2)
    non_s2 = [
        pp.add(name, STU, birth, case=C5 if name == "蒋欣怡" else None)
        for name, birth in S2_STUDENTS
    ]

    # 离退休党支部 — 6 retirees; re-elected in May 2025 with a new secretary.
    r1 = {"branch": R1}
    wgp = pp.add("吴国平", RET, "1951-03-15", admission="1975-07-01", joined="2015-05-01",
                 base="5600", quarterly=True, retired_on="2011-03-31", **r1)
    qian = pp.add("钱秀英", RET, "1956-08-20", admission="1982-06-25", joined="2015-05-01",
                  base="5000", retired_on="2011-08-31", **r1)
    pp.add("孔德明", RET, "1949-11-02", admission="1970-10-01", joined="2015-05-01",
           base="7150", quarterly=True, retired_on="2009-11-30", **r1)
    pp.add("白桂芳", RET, "1958-01-18", admission="1986-05-30", joined="2015-05-01",
           base="4200", retired_on="2013-01-31", **r1)
    pp.add("毛建华", RET, "1953-06-06", admission="1978-12-20", joined="2015-05-01",
           base="3900", hardship=hardship, retired_on="2013-06-30", **r1)
    pp.add("邱玉兰", RET, "1960-04-04", admission="1988-07-01", joined="2020-04-30",
           base="6800", retired_on="2020-04-30", **r1)

    return Cast(
        people=pp.items,
        school_secretary=school_sec,
        gb_committee={
            Role.SECRETARY: wang,
            Role.DEPUTY_SECRETARY: liming,
            Role.ORGANIZATION: chenjing,
            Role.PUBLICITY: zhaowei,
            Role.DISCIPLINE: liufang,
        },
        secretaries={T1: zhang, T2: chen, T3: gao, S1: zhaomin, S2: zhoulin, R1: qian},
        branch_committees={
            T1: {Role.DEPUTY_SECRETARY: sunli, Role.ORGANIZATION: zhoutao,
                 Role.PUBLICITY: wuting, Role.DISCIPLINE: zhenglei},
            T2: {Role.ORGANIZATION: linjia, Role.PUBLICITY: hejun},
            S1: {Role.ORGANIZATION: sunhao, Role.PUBLICITY: hu},
        },
        group_leaders={G1A: majun, G1B: huang},
        counsellors=(zhaomin, zhoulin, sunhao),
        part_time_counsellor=tang,
        organiser=chenjing,
        party_staff=yang,
        deputy_dean=non_t1[0],
        cases={"dc-1": hanxue, "dc-2": cao, "dc-3": non_t2[0], "dc-4": non_s1[0],
               "dc-5": non_s2[0]},
        dues_gap=luobin,
        retired_old_secretary=wgp,
        s1_old_publicity=hu,
        s1_new_publicity=pan,
        t2_transfer=song,
        non_members={T1: non_t1, T2: non_t2, T3: non_t3, S1: non_s1, S2: non_s2},
    )


# --------------------------------------------------------------------------------------
# Queries on the people (who is a member of what on a day)
# --------------------------------------------------------------------------------------


class Roster:
    """Membership, status and posts on a given day, read from the dated records."""

    def __init__(self, people: Sequence[Person], roles: Sequence[PartyRole]) -> None:
        self.people = list(people)
        self.by_id = {p.id: p for p in people}
        self.roles = list(roles)

    @staticmethod
    def _in(p: Person, org: str, day: date) -> bool:
        return any(
            m.org_id == org and m.start <= day and (m.end is None or day <= m.end)
            for m in p.memberships
        )

    def members(self, org: str, day: date) -> list[str]:
        """Full and probationary members of ``org`` on ``day``."""
        return [
            p.id for p in self.people
            if self._in(p, org, day) and p.party.admission is not None
            and p.party.admission <= day
        ]

    def full(self, org: str, day: date) -> list[str]:
        """Full members of ``org`` on ``day``."""
        return [
            pid for pid in self.members(org, day)
            if (c := self.by_id[pid].party.conversion) is not None and c <= day
        ]

    def holders(self, org: str, day: date, roles: Iterable[Role] | None = None) -> list[str]:
        wanted = set(roles) if roles is not None else None
        return [
            r.person_id for r in self.roles
            if r.org_id == org and r.start <= day and (r.end is None or day <= r.end)
            and (wanted is None or r.role in wanted)
        ]

    def secretary(self, org: str, day: date) -> str:
        (sec,) = self.holders(org, day, [Role.SECRETARY])
        return sec

    def committee(self, org: str, day: date) -> list[str]:
        return self.holders(org, day, [r for r in Role if r is not Role.GROUP_LEADER])


def absent_one(ids: Sequence[str], seed: int, keep: Iterable[str] = ()) -> list[str]:
    """Everyone but one (chosen by ``seed``), never dropping anyone in ``keep``."""
    kept = set(keep)
    candidates = [i for i in ids if i not in kept]
    if len(ids) < 6 or not candidates:
        return list(ids)
    gone = candidates[seed % len(candidates)]
    return [i for i in ids if i != gone]


# --------------------------------------------------------------------------------------
# Elections, roles and posts
# --------------------------------------------------------------------------------------

ELECTIONS: tuple[tuple[str, str, str, int | None], ...] = (
    ("el-01", SC, "2022-11-20", 5),
    ("el-02", GB, "2023-09-20", 3),
    ("el-03", T1, "2024-03-20", None),
    ("el-04", T2, "2023-11-10", None),
    ("el-05", T3, "2023-03-22", None),
    ("el-06", S1, "2024-10-15", None),
    ("el-07", S2, "2024-10-18", None),
    ("el-08", R1, "2022-05-18", None),
    ("el-09", R1, "2025-05-20", None),
)


def elections() -> list[Election]:
    out = []
    for eid, org, day, term in ELECTIONS:
        held = D(day)
        approver = "示例大学党委组织部" if org in (GB, *BRANCHES) else "上级党委"
        out.append(Election(id=eid, org_id=org, date=held, term_years=term,
                            approved_by=approver, approved_on=held + timedelta(days=9)))
    return out


def party_roles(c: Cast) -> list[PartyRole]:
    rows: list[tuple[str, str, Role, date, date | None]] = [
        (SC, c.school_secretary, Role.SECRETARY, D("2021-06-15"), None),
    ]
    for role, pid in c.gb_committee.items():
        rows.append((GB, pid, role, D("2023-09-20"), None))
    elected = {org: D(day) for _, org, day, _ in ELECTIONS if org in BRANCHES}
    for org in BRANCHES:
        if org == R1:
            continue
        # Secretaries re-elected in 2024 have been in post since the previous term.
        start = {T1: D("2021-03-18"), S1: D("2021-10-12"), S2: D("2021-10-20")}.get(
            org, elected[org]
        )
        rows.append((org, c.secretaries[org], Role.SECRETARY, start, None))
        for role, pid in c.branch_committees.get(org, {}).items():
            end = GRADUATION if pid == c.s1_old_publicity else None
            rows.append((org, pid, role, elected[org], end))
    rows.append((S1, c.s1_new_publicity, Role.PUBLICITY, D("2025-07-08"), None))  # 补选
    rows.append((R1, c.retired_old_secretary, Role.SECRETARY, D("2019-05-16"), D("2025-05-20")))
    rows.append((R1, c.secretaries[R1], Role.SECRETARY, D("2025-05-20"), None))
    for group, pid in c.group_leaders.items():
        rows.append((group, pid, Role.GROUP_LEADER, D("2024-03-25"), None))
    return [
        PartyRole(id=f"pr-{i:03d}", org_id=org, person_id=pid, role=role, start=start, end=end)
        for i, (org, pid, role, start, end) in enumerate(rows, start=1)
    ]


def posts(c: Cast) -> list[Post]:
    a, b, cc = c.counsellors
    rows: list[tuple[str, PostKind, str | None, bool, str]] = [
        (c.organiser, PostKind.ORGANISER, GB, True, "2019-03-01"),
        (a, PostKind.COUNSELOR, GB, True, "2019-09-01"),
        (b, PostKind.COUNSELOR, GB, True, "2018-08-20"),
        (cc, PostKind.COUNSELOR, GB, True, "2021-07-15"),
        (c.part_time_counsellor, PostKind.COUNSELOR, GB, False, "2023-09-01"),
        (c.party_staff, PostKind.PARTY_STAFF, GB, True, "2021-07-05"),
        (c.party_staff, PostKind.OPINION_OFFICER, GB, False, "2022-03-01"),
        (a, PostKind.SOCIETY_ADVISOR, "soc-1", False, "2020-10-01"),
        (b, PostKind.SOCIETY_ADVISOR, "soc-2", False, "2019-10-01"),
        (cc, PostKind.SOCIETY_ADVISOR, "soc-3", False, "2022-03-01"),
    ]
    return [
        Post(id=f"post-{i:02d}", person_id=pid, kind=kind, unit_id=unit, full_time=full,
             start=D(start))
        for i, (pid, kind, unit, full, start) in enumerate(rows, start=1)
    ]


# --------------------------------------------------------------------------------------
# Meetings
# --------------------------------------------------------------------------------------


@dataclass
class Draft:
    """A meeting before ids are assigned (meetings are numbered in date order)."""

    kind: MeetingKind
    org_ids: list[str]
    date: date
    title: str
    key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    agenda: list[tuple[str, AgendaCategory, bool | None, str | None]] = field(
        default_factory=list
    )


THEMES = {
    1: "学习贯彻全国教育大会精神",
    2: "“云上过”组织生活：新学期再出发",
    3: "学雷锋志愿服务月",
    4: "清明祭英烈，传承红色基因",
    5: "劳动创造幸福——走进实训基地",
    6: "重温入党誓词",
    7: "庆祝建党 104 周年",
    8: "暑期红色研学线上分享",
    9: "迎新季：党员先锋岗",
    10: "学习贯彻党的二十届四中全会精神",
    11: "深化作风建设，争做四有好老师",
    12: "年度党建工作回顾与展望",
}
LECTURE_TOPICS = (
    "深入学习习近平新时代中国特色社会主义思想",
    "以教育家精神铸魂强师",
    "中央八项规定精神学习教育专题党课",
    "学习贯彻党的二十届四中全会精神",
)
STUDY_TOPICS = {
    1: "全国教育大会精神",
    2: "《中国共产党普通高等学校基层组织工作条例》",
    3: "全国两会精神",
    4: "中央八项规定精神学习教育",
    5: "《习近平谈治国理政》第五卷",
    6: "纪念建党 104 周年",
    7: "意识形态工作责任制",
    8: "教育强国建设规划纲要",
    9: "中国人民抗日战争胜利 80 周年",
    10: "党的二十届四中全会精神",
    11: "职业教育法与“双高”建设",
    12: "年度专题民主生活会学习",
}
JOINT_AGENDA: dict[int, list[tuple[str, AgendaCategory]]] = {
    1: [("2025 年学院工作要点", AgendaCategory.DIRECTION),
        ("寒假学生安全教育安排", AgendaCategory.OTHER)],
    2: [("教师寒假研修与企业实践安排", AgendaCategory.STAFF),
        ("新学期教学运行检查", AgendaCategory.OTHER)],
    3: [("2025 级人才培养方案修订原则", AgendaCategory.DIRECTION),
        ("国家奖助学金评审细则", AgendaCategory.INTERESTS)],
    4: [("专业技术职务评审推荐", AgendaCategory.STAFF),
        ("实训室建设项目采购", AgendaCategory.OTHER)],
    5: [("毕业生就业工作推进", AgendaCategory.INTERESTS),
        ("技能大赛集训安排", AgendaCategory.OTHER)],
    6: [("年度评优评先推荐", AgendaCategory.STAFF),
        ("毕业生离校安排", AgendaCategory.OTHER)],
    7: [("暑期教师培训计划", AgendaCategory.STAFF),
        ("新专业申报论证", AgendaCategory.DIRECTION)],
    8: [("迎新工作方案", AgendaCategory.INTERESTS),
        ("秋季学期教学任务安排", AgendaCategory.OTHER)],
    9: [("新进教师岗位聘任", AgendaCategory.STAFF),  # the one not reviewed first (gap)
        ("新生入学教育安排", AgendaCategory.OTHER)],
    10: [("学生资助认定结果", AgendaCategory.INTERESTS),
         ("产教融合共同体建设", AgendaCategory.DIRECTION)],
    11: [("教师年度考核办法", AgendaCategory.STAFF),
         ("教学质量检查", AgendaCategory.OTHER)],
    12: [("年终绩效分配方案", AgendaCategory.INTERESTS),
         ("2026 年工作思路", AgendaCategory.DIRECTION)],
}
MEDIA_TITLES = (
    "【党建动态】{m}月主题党日活动掠影",
    "【理论学习】中心组{m}月集体学习",
    "【学院新闻】{m}月教学工作简报",
    "【青春风采】学生党员先锋岗{m}月纪实",
    "【榜样力量】{m}月优秀党员风采",
)
QUARTER_MONTHS = (3, 6, 9, 12)
BRANCH_OFFSET = {T1: 0, T2: 1, T3: 2, S1: 3, S2: 4, R1: 5}


def meeting_drafts(c: Cast, roster: Roster) -> list[Draft]:
    drafts: list[Draft] = []
    gb_committee = list(c.gb_committee.values())
    leaders = [c.gb_committee[Role.SECRETARY], c.gb_committee[Role.DEPUTY_SECRETARY],
               c.gb_committee[Role.PUBLICITY], c.deputy_dean, c.organiser]

    def add(kind: MeetingKind, orgs: str | list[str], day: date, title: str,
            key: str | None = None, **extra: Any) -> Draft:
        draft = Draft(kind, [orgs] if isinstance(orgs, str) else orgs, day, title, key, extra)
        drafts.append(draft)
        return draft

    # --- department level (党总支) ---------------------------------------------------
    for m in range(1, 13):
        party_day = wd(m, 10 if m == 2 else 6)
        present = absent_one(gb_committee, m, keep=[c.gb_committee[Role.SECRETARY]])
        if m % 4 == 1:  # one member away now and then (5 entitled: keep it simple)
            present = [p for p in gb_committee if p != c.gb_committee[Role.DISCIPLINE]]
        add(MeetingKind.DEPT_PARTY_MEETING, GB, party_day, f"{m}月党总支委员会会议",
            key=f"party-{m}", entitled=gb_committee, present=present,
            chair_id=c.gb_committee[Role.SECRETARY],
            topics=[title for title, cat in JOINT_AGENDA[m] if cat is not AgendaCategory.OTHER])
        joint = add(MeetingKind.DEPT_JOINT_MEETING, GB, wd(m, 13), f"{m}月党政联席会议",
                    entitled=leaders, present=leaders,
                    chair_id=c.gb_committee[Role.DEPUTY_SECRETARY])
        for title, cat in JOINT_AGENDA[m]:
            if cat is AgendaCategory.OTHER:
                joint.agenda.append((title, cat, None, None))
            elif m == 9 and cat is AgendaCategory.STAFF:
                joint.agenda.append((title, cat, False, None))
            else:
                joint.agenda.append((title, cat, True, f"party-{m}"))
        study = [*gb_committee, c.deputy_dean]
        add(MeetingKind.STUDY_GROUP, GB, wd(m, 17 if m == 2 else 20),
            f"理论学习中心组集体学习：{STUDY_TOPICS[m]}", entitled=study,
            present=study, chair_id=c.gb_committee[Role.SECRETARY], hours=Decimal("3"),
            topics=[STUDY_TOPICS[m]])
        analysts = [c.gb_committee[Role.SECRETARY], c.organiser, c.party_staff, *c.counsellors]
        add(MeetingKind.IDEOLOGY_ANALYSIS, GB, wd(m, 24), f"{m}月意识形态工作研判会",
            entitled=analysts, present=analysts, chair_id=c.gb_committee[Role.SECRETARY])
        if m in QUARTER_MONTHS:
            joint_members = [*leaders, c.party_staff, *c.counsellors]
            add(MeetingKind.IDEOLOGY_JOINT, GB, wd(m, 26),
                f"第{QUARTER_MONTHS.index(m) + 1}季度意识形态工作联席会议",
                entitled=joint_members, present=joint_members,
                chair_id=c.gb_committee[Role.SECRETARY])
        days = (8, 22) if m == 8 else (3, 10, 17, 24, 28) if m in (3, 9, 12) else (3, 10, 17, 24)
        for i, day in enumerate(days):
            title = MEDIA_TITLES[(m + i) % len(MEDIA_TITLES)].format(m=m)
            add(MeetingKind.MEDIA_POST, GB, wd(m, day), title, mode=Mode.ONLINE)

    # 讲堂: two sessions of each series per semester (autumn 2024 included: it ends in Feb).
    series_days = {
        "工匠讲堂": ("2024-10-16", "2024-12-11", "2025-03-19", "2025-05-21", "2025-10-15",
                 "2025-12-10"),
        "思政讲堂": ("2024-10-23", "2024-11-27", "2025-04-09", "2025-06-11", "2025-10-22",
                 "2025-11-26"),
        "青年讲堂": ("2024-11-13", "2024-12-18", "2025-04-23", "2025-06-18", "2025-11-12",
                 "2025-12-17"),
    }
    speakers = [c.secretaries[T1], c.gb_committee[Role.PUBLICITY], c.counsellors[0],
                c.gb_committee[Role.DEPUTY_SECRETARY], c.gb_committee[Role.SECRETARY],
                c.counsellors[1]]
    for s, (series, days_) in enumerate(series_days.items()):
        for i, day in enumerate(days_):
            add(MeetingKind.LECTURE_SERIES, GB, D(day), f"{series}第{i + 1}讲", series=series,
                speaker_id=speakers[(s + i) % len(speakers)], open_to_non_members=True,
                present=120 + 10 * i, hours=Decimal("2"))

    youth = [*c.non_members[S1][1:9], *c.non_members[S2][1:9]]
    for i, day in enumerate(("2025-04-18", "2025-05-16", "2025-06-13", "2025-10-17",
                             "2025-11-14")):
        add(MeetingKind.YOUTH_CLASS, GB, D(day), f"第六期青马班第{i + 1}次集中学习",
            entitled=len(youth), present=len(youth) - i % 2, hours=Decimal("4"),
            speaker_id=c.gb_committee[Role.SECRETARY] if i == 0 else c.counsellors[i % 3])

    all_members_mid = sorted({p for org in BRANCHES for p in roster.members(org, D("2025-06-27"))})
    add(MeetingKind.LECTURE, GB, D("2025-06-27"), "七一专题党课：以党建高质量发展引领“双高”建设",
        speaker_id=c.gb_committee[Role.SECRETARY], entitled=all_members_mid,
        present=absent_one(all_members_mid, 7), hours=Decimal("2"), open_to_non_members=True)
    school_audience = sorted({p for org in (T1, T2, T3) for p in roster.members(org, D("2025-04-24"))})
    add(MeetingKind.LECTURE, SC, D("2025-04-24"), "校党委书记专题党课：中央八项规定精神学习教育",
        speaker_id=c.school_secretary, present=school_audience, hours=Decimal("2"))
    add(MeetingKind.DEMOCRATIC_LIFE, GB, D("2025-12-23"), "党总支委员会年度专题民主生活会",
        entitled=gb_committee, present=gb_committee, chair_id=c.gb_committee[Role.SECRETARY])
    teachers_jul = sorted({p for org in (T1, T2, T3) for p in roster.members(org, D("2025-07-08"))})
    add(MeetingKind.TRAINING, [T1, T2, T3], D("2025-07-08"), "暑期教职工党员集中培训",
        entitled=teachers_jul, present=absent_one(teachers_jul, 3), hours=Decimal("8"))
    add(MeetingKind.TRAINING, GB, D("2025-03-10"), "2025 年春季发展对象培训班",
        present=[c.cases["dc-2"]], hours=Decimal("32"))
    add(MeetingKind.TRAINING, GB, D("2025-11-03"), "2025 年秋季发展对象培训班",
        present=[c.cases["dc-4"]], hours=Decimal("40"))
    add(MeetingKind.TRAINING, GB, D("2025-10-20"), "入党积极分子培训班",
        present=[c.cases["dc-3"], *c.non_members[S1][1:4], *c.non_members[S2][1:4]],
        hours=Decimal("16"))
    add(MeetingKind.PUBLICITY, GB, D("2025-06-30"), "“七一”党建成果展",
        open_to_non_members=True)

    # --- branches ----------------------------------------------------------------------
    for org in BRANCHES:
        k = BRANCH_OFFSET[org]
        student = org in (S1, S2)
        # 支委会 monthly for branches with a committee.
        if org in c.branch_committees:
            for m in range(1, 13):
                if (org, m) in ((T2, 8), (S1, 2)):
                    continue  # gaps: br-t2 skips August; br-s1's February is waived
                day = wd(m, 8 + k if m != 2 else 11 + k)
                entitled = roster.committee(org, day)
                add(MeetingKind.COMMITTEE, org, day, f"{m}月支部委员会会议",
                    entitled=entitled, present=entitled, chair_id=roster.secretary(org, day),
                    mode=Mode.ONLINE if (student and m in (7, 8)) else Mode.ONSITE)
        # 党员大会 quarterly; quorum lists against full members on the day.
        ga_days = {T1: ("03-18", "06-17", "09-16", "12-16"),
                   T2: ("03-19", "06-18", "09-17", "12-17"),
                   T3: ("03-20", "06-19", "09-18", "12-18"),
                   S1: ("03-21", "06-05", "09-19", "12-19"),
                   S2: ("03-24", "04-16", "09-22", "12-22"),
                   R1: ("03-25", "05-20", "09-23", "12-23")}[org]
        for q, md in enumerate(ga_days, start=1):
            day = D(f"{YEAR}-{md}")
            entitled = roster.full(org, day)
            title = f"第{q}季度支部党员大会"
            topics: list[str] = []
            if org == S1 and q == 2:
                entitled = [p for p in entitled if p != c.cases["dc-1"]]
                title, topics = "支部党员大会（讨论预备党员转正）", ["韩雪同志转正"]
            if org == S2 and q == 2:
                title, topics = "支部党员大会（讨论接收预备党员）", ["接收曹宇航同志为预备党员"]
            if org == R1 and q == 2:
                title, topics = "支部党员大会（换届选举）", ["选举产生新一届支部书记"]
            sec = roster.secretary(org, day) if org != R1 or q != 2 else c.retired_old_secretary
            present = absent_one(entitled, q + k, keep=[sec])
            if org == T3 and q == 2:  # gap: below quorum (2 of 5)
                present = [sec, c.party_staff]
            add(MeetingKind.GENERAL_ASSEMBLY, org, day, title, entitled=entitled,
                present=present, chair_id=sec, topics=topics)
        # 党课 quarterly; the secretary gives the Q2 one (br-r1: the new secretary in Q4).
        for q, month in enumerate(QUARTER_MONTHS, start=1):
            if org == S2 and q == 3:
                continue  # gap: no party lecture in Q3
            day = D(f"{YEAR}-{ga_days[q - 1]}") if org not in (S1, S2, R1) else wd(month, 12 + k)
            sec = roster.secretary(org, day)
            speaker = {
                1: c.gb_committee[Role.SECRETARY],
                2: sec if org != R1 else c.retired_old_secretary,
                3: c.gb_committee[Role.DEPUTY_SECRETARY] if not student else c.counsellors[2],
                4: sec if org == R1 else c.gb_committee[Role.ORGANIZATION],
            }[q]
            if org == R1 and q == 2:
                day = wd(5, 13)
            audience = roster.members(org, day)
            add(MeetingKind.LECTURE, org, day, LECTURE_TOPICS[q - 1], speaker_id=speaker,
                entitled=audience, present=absent_one(audience, q + 2 * k), hours=Decimal("2"))
        # 主题党日 monthly (July: one joint theme day of the three teacher branches).
        for m in range(1, 13):
            if m == 7 and org in (T1, T2, T3):
                if org == T1:
                    day = wd(7, 1)
                    count = sum(len(roster.members(o, day)) for o in (T1, T2, T3))
                    add(MeetingKind.THEME_DAY, [T1, T2, T3], day, THEMES[7],
                        entitled=count, present=count - 2)
                continue
            day = wd(m, 15 + k if m != 2 else 18 + k)
            online = m == 2 or (student and m in (7, 8))
            n = len(roster.members(org, day))
            add(MeetingKind.THEME_DAY, org, day, THEMES[m], entitled=n,
                present=n - (1 if n > 5 and m % 3 == 0 else 0),
                mode=Mode.ONLINE if online else Mode.ONSITE)
        # 组织生活会 + 民主评议党员: December (br-r1 in June — a gap: outside Q4).
        appraisal_day = D("2025-06-24") if org == R1 else wd(12, 24 + (k % 3))
        add(MeetingKind.ORG_LIFE, org, appraisal_day, "2025 年度组织生活会",
            entitled=roster.full(org, appraisal_day),
            present=roster.full(org, appraisal_day), chair_id=roster.secretary(org, appraisal_day))
        graded = roster.full(org, appraisal_day)
        n_excellent = len(graded) // 3  # at most a third (br-t1: exactly 4 of 12)
        grades = {pid: AppraisalGrade.EXCELLENT if i < n_excellent else AppraisalGrade.QUALIFIED
                  for i, pid in enumerate(graded)}
        add(MeetingKind.DEMOCRATIC_APPRAISAL, org, appraisal_day, "2025 年度民主评议党员",
            entitled=graded, present=graded, grades=grades)
        # 谈心谈话: every full member at year end, one talk each.
        talkers_end = roster.full(org, D("2025-12-31"))
        for i, pid in enumerate(talkers_end):
            month = 3 + i % 9 if org != R1 else 9 + i % 3
            day = wd(month, 5 + (3 * i + k) % 18)
            sec = roster.secretary(org, day)
            talker = sec if pid != sec else c.gb_committee[Role.SECRETARY]
            if pid == c.gb_committee[Role.SECRETARY]:
                talker = c.gb_committee[Role.DEPUTY_SECRETARY]
            if pid not in roster.members(org, day):  # transferred in later in the year
                day = wd(11, 20)
            add(MeetingKind.HEART_TALK, org, day, "谈心谈话", present=[talker, pid])
        # 政治生日: members admitted in this month of an earlier year.
        for m in range(1, 13):
            day = wd(m, 19 if m != 2 else 21)
            due = [pid for pid in roster.members(org, day)
                   if (adm := roster.by_id[pid].party.admission) is not None
                   and adm.month == m and adm.year < YEAR]
            if due:
                add(MeetingKind.POLITICAL_BIRTHDAY, org, day, "“五个一”政治生日活动",
                    present=due)
        # Outcomes: open activities, service, member contact.
        if org in (T1, T2):
            add(MeetingKind.OPEN_ACTIVITY, org, wd(5, 16 + k), "党员先锋岗进实训室开放日",
                open_to_non_members=True, present=40 + 5 * k)
        if org in (S1, S2):
            add(MeetingKind.SERVICE, org, wd(3, 5), "学雷锋志愿服务进社区", present=18 + k)
            add(MeetingKind.MEMBER_CONTACT, org, wd(10, 28), "学生党员联系宿舍",
                present=len(roster.members(org, D("2025-10-28"))))
        if org == R1:
            add(MeetingKind.SERVICE, org, wd(9, 26), "银发宣讲团进社区", present=5)

    # 党小组会 monthly.
    for g, offset in ((G1A, 0), (G1B, 1)):
        for m in range(1, 13):
            day = wd(m, 11 + offset if m != 2 else 13 + offset)
            members = roster.members(g, day)
            add(MeetingKind.GROUP, g, day, f"{m}月党小组学习会", entitled=members,
                present=absent_one(members, m + offset, keep=[c.group_leaders[g]]),
                chair_id=c.group_leaders[g])
    return drafts


def meetings(c: Cast, roster: Roster) -> list[Meeting]:
    drafts = meeting_drafts(c, roster)
    kind_order = {kind: i for i, kind in enumerate(MeetingKind)}
    org_order = {org: i for i, org in enumerate((SC, GB, *BRANCHES, G1A, G1B))}
    drafts.sort(key=lambda d: (d.date, kind_order[d.kind], org_order[d.org_ids[0]]))
    ids = {d.key: f"m-{i:04d}" for i, d in enumerate(drafts, start=1) if d.key}
    out = []
    for i, d in enumerate(drafts, start=1):
        agenda = [
            AgendaItem(title=title, category=cat, prior_party_review=reviewed,
                       prior_review_meeting_id=ids[ref] if ref else None)
            for title, cat, reviewed, ref in d.agenda
        ]
        out.append(Meeting(id=f"m-{i:04d}", kind=d.kind, org_ids=d.org_ids, date=d.date,
                           title=d.title, agenda=agenda, **d.extra))
    return out


# --------------------------------------------------------------------------------------
# Development cases
# --------------------------------------------------------------------------------------


def development_cases(c: Cast, roster: Roster) -> list[DevelopmentCase]:
    """Cases at every stage.  Every vote is prepared as the rules ask: 入党志愿书 and
    上级党委预审 before the admission vote, a 公示 of 5 working days (Monday–Friday, both ends
    included, clear of public holidays) ending before each vote, a written 转正申请 before the
    conversion vote, and both approvals by the school's 党委."""
    a, b, cc = c.counsellors
    sc = SC

    def vote(org: str, day: date, exclude: str | None = None) -> Vote:
        entitled = [p for p in roster.full(org, day) if p != exclude]
        return Vote(date=day, entitled=len(entitled), present=len(entitled),
                    yes=len(entitled))

    s1_senior = c.branch_committees[S1][Role.PUBLICITY]  # 胡天佑, full since 2023-11
    t2_contacts = [c.branch_committees[T2][Role.ORGANIZATION], c.secretaries[T2]]
    s2_full = roster.full(S2, D("2024-01-01"))
    return [
        DevelopmentCase(
            id="dc-1", person_id=c.cases["dc-1"], branch_id=S1,
            application=C1.application, talk=D("2022-10-20"),
            activist=C1.activist, contacts=[a, cc], contacts_assigned=C1.activist,
            reviews=[D("2023-09-12"), D("2024-03-08")],
            candidate=C1.candidate, introducers=[a, s1_senior],
            political_review=PoliticalReview(date=D("2024-04-15"), passed=True),
            training=CandidateTraining(start=D("2024-04-22"), end=D("2024-04-26"),
                                       days=Decimal("5"), hours=Decimal("32")),
            pre_review=D("2024-05-10"), application_form=D("2024-05-20"),
            admission_notice=PublicNotice(start=D("2024-05-21"), end=D("2024-05-27")),
            admission_vote=vote(S1, D("2024-06-05")),
            approval=Approval(date=D("2024-06-25"), org_id=sc),
            oath=D("2024-07-01"), conversion_application=D("2025-05-09"),
            conversion_notice=PublicNotice(start=D("2025-05-26"), end=D("2025-05-30")),
            conversion_vote=vote(S1, D("2025-06-05"), exclude=c.cases["dc-1"]),
            conversion_approval=Approval(date=D("2025-06-24"), org_id=sc),
        ),
        DevelopmentCase(
            id="dc-2", person_id=c.cases["dc-2"], branch_id=S2,
            application=C2.application, talk=D("2023-03-28"),
            activist=C2.activist, contacts=[b, s2_full[1]], contacts_assigned=C2.activist,
            reviews=[D("2024-04-10"), D("2024-10-09")],
            candidate=C2.candidate, introducers=[b, s2_full[1]],
            political_review=PoliticalReview(date=D("2025-03-05"), passed=True),
            training=CandidateTraining(start=D("2025-03-10"), end=D("2025-03-14"),
                                       days=Decimal("5"), hours=Decimal("32")),
            pre_review=D("2025-03-25"), application_form=D("2025-04-02"),
            admission_notice=PublicNotice(start=D("2025-04-07"), end=D("2025-04-11")),
            admission_vote=vote(S2, D("2025-04-16")),
            approval=Approval(date=D("2025-05-20"), org_id=sc),
            oath=D("2025-07-01"),
        ),
        DevelopmentCase(
            id="dc-3", person_id=c.cases["dc-3"], branch_id=T2,
            application=C3.application, talk=D("2024-04-22"),
            activist=C3.activist, contacts=t2_contacts, contacts_assigned=C3.activist,
            reviews=[D("2025-04-10"), D("2025-10-09")],
        ),
        DevelopmentCase(
            id="dc-4", person_id=c.cases["dc-4"], branch_id=S1,
            application=C4.application, talk=D("2023-10-12"),
            activist=C4.activist, contacts=[cc, a], contacts_assigned=C4.activist,
            reviews=[D("2024-09-18"), D("2025-03-12")],
            candidate=C4.candidate, introducers=[a, cc],
            political_review=PoliticalReview(date=D("2025-10-20"), passed=True),
            training=CandidateTraining(start=D("2025-11-03"), end=D("2025-11-07"),
                                       days=Decimal("5"), hours=Decimal("40")),
        ),
        DevelopmentCase(
            id="dc-5", person_id=c.cases["dc-5"], branch_id=S2,
            application=C5.application, talk=D("2025-10-28"),
        ),
    ]


# --------------------------------------------------------------------------------------
# Dues
# --------------------------------------------------------------------------------------

PAY_DAY = {T1: 15, T2: 18, T3: 12, S1: 20, S2: 22, R1: 10}


def monthly_due(p: Person, month: str) -> Decimal:
    """The dues of ``p`` for ``month`` under 党费规定 (brackets, not progressive)."""
    for h in p.hardship_reductions:
        if h.start <= month and (h.end is None or month <= h.end):
            return h.monthly_amount
    income = [i for i in p.incomes if i.effective <= month][-1]
    if income.category in (IncomeCategory.STUDENT, IncomeCategory.UNEMPLOYED,
                           IncomeCategory.LOW_INCOME):
        return Decimal("0.20")
    base = income.base or Decimal(0)
    if income.category is IncomeCategory.RETIRED:
        rate = Decimal("0.005") if base <= 5000 else Decimal("0.01")
    elif base <= 3000:
        rate = Decimal("0.005")
    elif base <= 5000:
        rate = Decimal("0.01")
    elif base <= 10000:
        rate = Decimal("0.015")
    else:
        rate = Decimal("0.02")
    return (base * rate).quantize(_CENT, rounding=ROUND_HALF_UP)


def due_months(p: Person) -> list[int]:
    """Months of 2025 in which ``p`` is a (full or probationary) member of a branch."""
    admission = p.party.admission
    if admission is None:
        return []
    out = []
    for m in range(1, 13):
        first, last = date(YEAR, m, 1), last_day(YEAR, m)
        if admission > last:
            continue
        if any(ms.org_id in BRANCHES and ms.start <= last and (ms.end is None or ms.end >= first)
               for ms in p.memberships):
            out.append(m)
    return out


def dues_payments(c: Cast) -> list[DuesPayment]:
    rows: list[tuple[str, list[int], date]] = []
    for p in c.people:
        months = due_months(p)
        if not months:
            continue
        branch = next(ms.org_id for ms in p.memberships if ms.org_id in BRANCHES)
        if p.quarterly_dues:
            for q in range(4):
                covered = [m for m in months if 3 * q < m <= 3 * q + 3]
                if covered:
                    rows.append((p.id, covered, wd(covered[-1], PAY_DAY[branch])))
            continue
        for m in months:
            if p.id == c.dues_gap and m in (6, 7, 8):
                continue  # gap: three months unpaid …
            rows.append((p.id, [m], wd(m, PAY_DAY[branch])))
            if p.id == c.dues_gap and m == 9:
                rows.append((p.id, [6, 7, 8], D("2025-09-12")))  # … back-paid in September
    rows.sort(key=lambda r: (r[2], r[0], r[1]))
    by_id = {p.id: p for p in c.people}
    out = []
    for i, (pid, months_, paid) in enumerate(rows, start=1):
        labels = [month_label(m) for m in months_]
        amount = sum((monthly_due(by_id[pid], lab) for lab in labels), Decimal("0.00"))
        out.append(DuesPayment(id=f"d-{i:04d}", person_id=pid, months=labels,
                               amount=amount.quantize(_CENT), paid_on=paid))
    return out


# --------------------------------------------------------------------------------------
# Documents, trainings, contacts, societies, outcomes
# --------------------------------------------------------------------------------------


def documents() -> list[Document]:
    reg, plan, report = DocumentKind.REGULATION, DocumentKind.PLAN, DocumentKind.REPORT
    rows: list[tuple[DocumentKind, str, str | None, str, str | None]] = [
        (reg, "示例学院党总支会议议事规则", "党建党务", "2023-10-09", None),
        (reg, "示例学院党政联席会议制度（2019 年版）", "党建党务", "2019-03-01", "2025-03-01"),
        (reg, "示例学院党政联席会议制度", "党建党务", "2025-03-01", None),
        (reg, "示例学院党政领导班子联系基层工作制度", "党建党务", "2021-09-01", None),
        (reg, "示例学院政治安全和意识形态工作研判制度", "党建党务", "2021-03-15", None),
        (reg, "示例学院教学质量监控管理办法", "教育教学管理", "2022-09-01", None),
        (reg, "示例学院课程思政建设实施办法", "教育教学管理", "2023-03-01", None),
        (reg, "示例学院学生社团管理办法（一会一报、一事一报）", "学生教育管理", "2022-10-10",
         None),
        (reg, "示例学院辅导员工作考核办法", "学生教育管理", "2021-09-01", None),
        (reg, "示例学院实训室管理规定", "实训实习管理", "2020-09-01", None),
        (reg, "示例学院学生岗位实习管理办法", "实训实习管理", "2022-03-01", None),
        (reg, "示例学院实验实训安全管理制度", "安全", "2020-09-01", None),
        (reg, "示例学院网络与信息安全管理办法", "安全", "2021-06-01", None),
        (plan, "示例学院党总支 2025 年党建工作要点", None, "2025-01-06", None),
        (plan, "示例学院 2025 年意识形态工作实施方案", None, "2025-02-10", None),
        (plan, "示例学院 2025 年发展党员工作计划", None, "2025-03-03", None),
        (report, "示例学院党总支 2024 年度党建工作总结", None, "2025-01-10", None),
        (report, "示例学院党总支 2025 年度党建工作总结", None, "2025-12-26", None),
    ]
    return [
        Document(id=f"doc-{i:02d}", kind=kind, title=title, org_id=GB, category=cat,
                 effective=D(eff), repealed=D(rep) if rep else None)
        for i, (kind, title, cat, eff, rep) in enumerate(rows, start=1)
    ]


def trainings(c: Cast, roster: Roster) -> list[Training]:
    rows: list[tuple[str, TrainingKind, str, str, str]] = []
    year_end = D("2025-12-31")
    ever_members = sorted({p for org in BRANCHES for p in roster.members(org, D("2025-06-20"))}
                          | {p for org in BRANCHES for p in roster.members(org, year_end)})
    for pid in ever_members:
        p = roster.by_id[pid]
        if pid == c.t2_transfer:
            rows.append((pid, TrainingKind.MEMBER_STUDY, "2025-05-23", "16",
                         "原单位 2025 年春季党员集中学习"))
        elif any(ms.start <= D("2025-05-23") for ms in p.memberships) and \
                p.party.admission is not None and p.party.admission <= D("2025-05-23"):
            rows.append((pid, TrainingKind.MEMBER_STUDY, "2025-05-23", "16",
                         "2025 年春季党员集中学习（网络学院）"))
        if any(ms.end is None for ms in p.memberships):
            rows.append((pid, TrainingKind.MEMBER_STUDY, "2025-11-21", "16",
                         "2025 年秋季党员集中学习（网络学院）"))
    # dc-2 joined in April: the spring session above already counts for her.
    specialty = [p.id for p in c.people if p.specialty_teacher]
    for pid in specialty:
        rows.append((pid, TrainingKind.COURSE_IDEOLOGY, "2025-07-10", "16",
                     "专业教师课程思政专题培训"))
    for pid in (*c.counsellors, c.part_time_counsellor):
        rows.append((pid, TrainingKind.COUNSELOR, "2025-08-20", "24",
                     "辅导员素质能力提升培训"))
    secretaries = [c.gb_committee[Role.SECRETARY], *c.secretaries.values()]
    for pid in secretaries:
        rows.append((pid, TrainingKind.SECRETARY, "2025-07-15", "32",
                     "2025 年基层党组织书记示范培训班"))
        rows.append((pid, TrainingKind.SECRETARY, "2025-11-12", "24", "书记网络专题培训"))
    rows.append((c.school_secretary, TrainingKind.SECRETARY, "2025-08-18", "32",
                 "高校党委书记暑期专题培训班"))
    rows.append((c.school_secretary, TrainingKind.SECRETARY, "2025-11-10", "24",
                 "高校党委书记网络专题培训"))
    rows.append((c.retired_old_secretary, TrainingKind.SECRETARY, "2025-03-14", "24",
                 "离退休党支部书记培训"))
    committee = [pid for role, pid in c.gb_committee.items() if role is not Role.SECRETARY]
    for org in (T1, T2, S1):
        committee += [pid for pid in c.branch_committees[org].values()
                      if pid != c.s1_old_publicity]
    for pid in dict.fromkeys(committee):
        rows.append((pid, TrainingKind.COMMITTEE, "2025-07-16", "32", "支部委员培训班"))
        rows.append((pid, TrainingKind.COMMITTEE, "2025-11-13", "24", "支部委员网络专题培训"))
    rows.append((c.s1_old_publicity, TrainingKind.COMMITTEE, "2025-04-11", "32",
                 "学生党支部委员培训"))
    rows.append((c.s1_new_publicity, TrainingKind.COMMITTEE, "2025-10-17", "32",
                 "学生党支部委员培训"))
    rows.append((c.s1_new_publicity, TrainingKind.COMMITTEE, "2025-11-13", "24",
                 "支部委员网络专题培训"))
    rows.append((c.cases["dc-2"], TrainingKind.CANDIDATE, "2025-03-14", "32",
                 "2025 年春季发展对象培训班"))
    rows.append((c.cases["dc-4"], TrainingKind.CANDIDATE, "2025-11-07", "40",
                 "2025 年秋季发展对象培训班"))
    rows.sort(key=lambda r: (r[2], r[1].value, r[0]))
    return [
        Training(id=f"tr-{i:04d}", person_id=pid, kind=kind, date=D(day), hours=Decimal(hours),
                 title=title)
        for i, (pid, kind, day, hours, title) in enumerate(rows, start=1)
    ]


def contact_assignments(c: Cast) -> list[ContactAssignment]:
    sec = c.gb_committee[Role.SECRETARY]
    dean = c.gb_committee[Role.DEPUTY_SECRETARY]
    vice = c.gb_committee[Role.PUBLICITY]
    plan: list[tuple[str, list[str]]] = [
        (dean, [T1, *c.non_members[T1]]),
        (vice, [T2, *c.non_members[T2]]),
        (sec, [T3, R1, S1, *c.non_members[T3], *c.non_members[S1]]),
        (c.deputy_dean, [S2, *c.non_members[S2]]),
    ]
    out = []
    for leader, targets in plan:
        for target in targets:
            out.append(ContactAssignment(id=f"ca-{len(out) + 1:03d}", leader_id=leader,
                                         target_id=target, start=D("2024-09-02")))
    return out


def societies(c: Cast) -> tuple[list[Society], list[SocietyEvent]]:
    a, b, cc = c.counsellors
    socs = [
        Society(id="soc-1", name="青年志愿者协会", org_id=GB, advisor_id=a,
                founded=D("2015-10-01")),
        Society(id="soc-2", name="电子设计协会", org_id=GB, advisor_id=b, founded=D("2017-10-01")),
        Society(id="soc-3", name="机器人创新协会", org_id=GB, advisor_id=cc,
                founded=D("2020-03-01")),
    ]
    rows: list[tuple[str, SocietyEventKind, str, str, str]] = [
        ("soc-1", SocietyEventKind.MEETING, "2025-03-03", "2025-02-26", "春季学期换届大会"),
        ("soc-1", SocietyEventKind.EVENT, "2025-03-05", "2025-02-28", "学雷锋志愿服务"),
        ("soc-1", SocietyEventKind.EVENT, "2025-09-06", "2025-09-01", "迎新志愿服务"),
        ("soc-1", SocietyEventKind.EVENT, "2025-12-05", "2025-11-28", "国际志愿者日活动"),
        ("soc-2", SocietyEventKind.MEETING, "2025-03-12", "2025-03-07", "年度活动计划会"),
        ("soc-2", SocietyEventKind.EVENT, "2025-05-17", "2025-05-09", "电子设计校内选拔赛"),
        ("soc-2", SocietyEventKind.EVENT, "2025-10-25", "2025-10-20", "新会员焊接技能培训"),
        ("soc-3", SocietyEventKind.MEETING, "2025-03-14", "2025-03-10", "社团骨干会议"),
        ("soc-3", SocietyEventKind.EVENT, "2025-04-26", "2025-04-18", "机器人开放日"),
        ("soc-3", SocietyEventKind.EVENT, "2025-09-20", "2025-09-15", "纳新宣讲会"),
        ("soc-3", SocietyEventKind.EVENT, "2025-11-15", "2025-11-17", "机器人邀请赛"),  # late
        ("soc-3", SocietyEventKind.MEETING, "2025-12-12", "2025-12-08", "年度总结会"),
    ]
    events = [
        SocietyEvent(id=f"se-{i:02d}", society_id=soc, kind=kind, date=D(day),
                     reported_on=D(rep), title=title)
        for i, (soc, kind, day, rep, title) in enumerate(rows, start=1)
    ]
    return socs, events


def outcomes(c: Cast) -> dict[str, list[Any]]:
    s1 = c.non_members[S1]
    s2 = c.non_members[S2]
    nat, prov, mun, sch = (AwardLevel.NATIONAL, AwardLevel.PROVINCIAL, AwardLevel.MUNICIPAL,
                           AwardLevel.SCHOOL)
    comp, hon, proj = AwardKind.COMPETITION, AwardKind.HONOUR, AwardKind.PROJECT
    award_rows: list[tuple[str, AwardLevel, AwardKind, str, str | None, list[str], str | None]] = [
        ("省职业院校技能大赛工业机器人技术应用赛项一等奖", prov, comp, "2025-04-20", None,
         [s1[2], s1[3]], "robot-2025"),
        ("全国职业院校技能大赛工业机器人技术应用赛项二等奖", nat, comp, "2025-06-15", None,
         [s1[2], s1[3]], "robot-2025"),
        ("全国大学生电子设计竞赛省赛三等奖", prov, comp, "2025-08-30", None, [s2[2], s2[3]],
         None),
        ("省教育工委先进基层党组织", prov, hon, "2025-06-28", GB, [], None),
        ("省级课程思政示范课程", prov, proj, "2025-11-10", T1, [c.secretaries[T1]], None),
        ("市级优秀共产党员", mun, hon, "2025-06-28", None, [c.secretaries[S1]], None),
        ("校级先进党支部", sch, hon, "2025-06-26", T1, [], None),
        ("校级优秀共产党员", sch, hon, "2025-06-26", None,
         [c.branch_committees[T2][Role.ORGANIZATION], c.counsellors[2]], None),
        ("校级优秀党务工作者", sch, hon, "2025-06-26", None, [c.organiser], None),
        ("校技能节数控加工赛项一等奖", sch, comp, "2025-05-24", None, [s1[4]], None),
    ]
    awards = [
        Award(id=f"aw-{i:02d}", title=t, level=lv, kind=k, date=D(day), org_id=org,
              person_ids=who, achievement_key=key)
        for i, (t, lv, k, day, org, who, key) in enumerate(award_rows, start=1)
    ]
    project_rows: list[tuple[str, str, AwardLevel, str, str | None]] = [
        ("“双高”背景下教工党支部“双带头人”培育路径研究", "党建课题", prov, "2025-03-15",
         "2025-06-20"),
        ("智能制造专业群课程思政元素挖掘与实践", "教研课题", prov, "2025-03-20", "2025-07-02"),
        ("工业机器人实训教学资源库建设", "教研课题", mun, "2025-04-10", "2025-07-15"),
        ("高职学生党员先锋作用发挥机制研究", "党建课题", sch, "2025-04-18", "2025-05-30"),
        ("新能源汽车电控系统故障诊断研究", "科研课题", prov, "2025-05-08", None),
        ("基于数字孪生的数控实训平台开发", "科研课题", mun, "2025-09-12", None),
    ]
    projects = [
        Project(id=f"pj-{i:02d}", title=t, org_id=GB, kind=k, level=lv, applied_on=D(ap),
                approved_on=D(ok) if ok else None)
        for i, (t, k, lv, ap, ok) in enumerate(project_rows, start=1)
    ]
    tasks = [
        Task(id="tk-01", title="“双高”建设任务（上半年）", org_id=GB, due=D("2025-06-30"),
             done_on=D("2025-06-26"), count=120),
        Task(id="tk-02", title="“双高”建设任务（下半年）", org_id=GB, due=D("2025-12-31"),
             done_on=D("2025-12-19"), count=38),
        Task(id="tk-03", title="“双高”建设任务（跨年度结转）", org_id=GB, due=D("2025-12-31"),
             count=5),
        Task(id="tk-04", title="党建标杆院系创建任务", org_id=GB, due=D("2025-12-31"),
             done_on=D("2025-12-15"), count=12),
    ]
    metrics = [
        Metric(id="mt-01", name="employment_rate", org_id=GB, value=Decimal("0.955"),
               start=D("2024-01-01"), end=D("2024-08-31"), cohort="2024届", numerator=191,
               denominator=200),
        Metric(id="mt-02", name="employment_rate", org_id=GB, value=Decimal("0.96"),
               start=D("2025-01-01"), end=D("2025-08-31"), cohort="2025届", numerator=240,
               denominator=250),
    ]
    return {"awards": awards, "projects": projects, "tasks": tasks, "metrics": metrics}


# --------------------------------------------------------------------------------------
# The ledger
# --------------------------------------------------------------------------------------


def build() -> Ledger:
    """The example ledger (constructing it runs every integrity check)."""
    c = cast()
    roles = party_roles(c)
    roster = Roster(c.people, roles)
    socs, events = societies(c)
    return Ledger(
        title=TITLE,
        organizations=organizations(),
        elections=elections(),
        party_roles=roles,
        people=c.people,
        posts=posts(c),
        meetings=meetings(c, roster),
        development_cases=development_cases(c, roster),
        dues_payments=dues_payments(c),
        documents=documents(),
        trainings=trainings(c, roster),
        contact_assignments=contact_assignments(c),
        societies=socs,
        society_events=events,
        **outcomes(c),
        incidents=[
            Incident(id="inc-01", org_id=GB, date=D("2025-10-22"),
                     severity=IncidentSeverity.MINOR, category="安全",
                     description="实训室插线板过载发热，当场处置，未造成损失"),
        ],
        waivers=[
            Waiver(id="wv-01", rule_id="meeting.committee", subject_id=S1,
                   start=D("2025-02-01"), end=D("2025-02-28"),
                   reason="寒假期间学生委员离校，2 月支委会并入 3 月召开",
                   approver="示例学院党总支", granted_on=D("2025-01-15"),
                   expires=D("2026-03-31")),
        ],
        headcounts=[
            Headcount(id="hc-01", unit_id=GB, date=D("2025-03-15"), students=612,
                      full_time_students=612, teachers=58, staff=12),
            Headcount(id="hc-02", unit_id=GB, date=D("2025-10-15"), students=640,
                      full_time_students=640, teachers=60, staff=12),
        ],
    )


def render() -> str:
    """The JSON text of the example: model field order, English enum values, UTF-8."""
    data = build().model_dump(mode="json", exclude_defaults=True)
    ordered = {"schema_version": SCHEMA_VERSION, **data}
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    target = Path(argv[0]) if argv else OUTPUT
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
