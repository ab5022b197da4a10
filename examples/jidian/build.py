"""Generate the 2021 台账 of two departments of 山西工程职业学院.

* ``ledger.json`` — 机电工程系党总支, the department of the seed case report
  (``“双创”背景下高校党建标杆院系建设创新案例``): every figure the report gives is here
  (10 regulations in 5 categories, 163 双高 tasks, 3 national + 58 provincial awards over
  2019–2021, 2020届 employment 96 %, 2021届 employment intent 95.7 %, 6 projects applied /
  4 approved, 1:200 counsellors, 三讲堂, 青马班, “五个一” political birthdays, online
  organisational life, the leadership's 民主生活会, awards naming their 80余 winners …), and its
  ``five-in-place`` assessment reaches the benchmark verdict.  Its branches also record what
  makes them 七个有力 (:data:`SEED_LIFE`: open activities, publicity, members' contacts,
  学生党员先锋队 and “我为群众办实事” service), scored by ``seven-effective``.
* ``weaker.json`` — 信息工程系党总支 of the same college in the same year, which keeps its
  ledger less well: the gaps it leaves are listed in :data:`WEAKER_GAPS`.

Run ``python examples/jidian/build.py`` to rewrite both files; ``tests/test_jidian.py``
checks that the committed files are exactly what :func:`render_seed` and
:func:`render_weaker` produce.  The script is deterministic: no random numbers, no clock —
every name, date and amount follows from the tables below.

Both ledgers come out of one generator (:class:`Builder`) driven by a :class:`DeptSpec`; the
weaker department differs by its own people and figures and by its :class:`Gaps`.
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

from dateutil.relativedelta import relativedelta

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
)

__all__ = [
    "SEED",
    "SEED_IMPERFECTIONS",
    "SEED_OUTPUT",
    "WEAKER",
    "WEAKER_GAPS",
    "WEAKER_OUTPUT",
    "build",
    "build_seed",
    "build_weaker",
    "main",
    "render",
    "render_seed",
    "render_weaker",
]

HERE = Path(__file__).resolve().parent
SEED_OUTPUT = HERE / "ledger.json"
WEAKER_OUTPUT = HERE / "weaker.json"
YEAR = 2021
AS_OF = date(2021, 12, 31)
SC = "sxgc-dw"  # the school committee, root of both ledgers
SC_NAME = "中共山西工程职业学院委员会"

#: What the seed department leaves imperfect (honestly, as real ledgers do).
SEED_IMPERFECTIONS: tuple[str, ...] = (
    "structure.term_expiry: 机关教工党支部 was elected on 2019-04-18; its term ends on "
    "2022-04-18, within 6 months of 2021-12-31 (a reminder: warn)",
    "education.media_active: only 3 WeChat posts in August 2021 (summer vacation: warn)",
    "dues.monthly: one member of 机械制造教工党支部 paid February's dues on 2021-03-02, after "
    "the Spring Festival (late: fail for that member-month)",
    "development.application_talk: one 2021级 freshman who applied on 2021-10-08 was talked "
    "with only on 2021-11-12, after the National Day holiday (late: fail for that case)",
)

#: What the weaker department gets wrong on purpose; tests/test_jidian.py relies on each.
WEAKER_GAPS: tuple[str, ...] = (
    "meeting.committee: 计算机应用教工党支部 held no 支委会 in 2021-07 and 2021-08",
    "meeting.study_group: no 理论学习中心组 session in 2021-07 and 2021-08",
    "meeting.ideology_analysis: no 意识形态研判 in 2021-08",
    "meeting.dept_joint_meeting: the 2021-12 joint meeting decided the year-end performance "
    "pay (师生切身利益) without a prior party review",
    "meeting.heart_talk: two full members of 软件技术教工党支部 had no 谈心谈话 in 2021",
    "staffing.opinion_officer: no 网络舆情信息员 appointed",
    "staffing.counselor_ratio: 5 full-time counsellors for 1500 students (1:300)",
    "structure.committee_size: 电子信息学生党支部's committee has only 2 members",
    "leadership.dual_leader_coverage: 软件技术教工党支部's secretary (讲师, 硕士) is not a "
    "双带头人",
    "education.youth_class: no 青马班 in 2021",
    "education.lecture_series: 思政大讲堂 held only one session in spring 2021",
    "education.course_ideology_training: 3 specialty teachers took no 课程思政 training",
    "education.political_birthday: no political-birthday activity in August 2021",
    "education.media_active: 2 posts in July and 1 in August (warn)",
    "dues.monthly / dues.arrears: one member of 软件技术教工党支部 paid nothing for "
    "2021-09..12 (4 months in a row: warn)",
    "governance.society_reporting: a society event of 2021-10-21 was reported on 2021-10-22",
    "development.activist_period: a student became a candidate only 10 months after being "
    "made an activist",
    "development.approval_deadline: one admission approved 4 months after the vote (warn)",
    "outcome.task_completion: 120 of 163 planned tasks done",
    "outcome.employment_rate: 88 % (2020届)",
    "outcome.awards / outcome.projects: 3 provincial + 2 school awards; 3 projects applied, "
    "1 approved",
    "governance.major_incident: none — one minor safety incident only (no veto)",
    "structure.term_expiry: 机关教工党支部's term ends on 2022-05-16, within 6 months "
    "(a reminder: warn)",
    "outcome.open_activities / publicity_items / service_activities: the branches record "
    "0–2 open activities, 4–5 publicity items and 1–5 service activities in 2021 "
    "(seven-effective only)",
    "outcome.member_contacts: no member records a 联系服务群众 (no data; seven-effective only)",
)

T, ST, STU = PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.STUDENT
FS, AS, IM, JR = (
    TitleRank.FULL_SENIOR,
    TitleRank.ASSOCIATE_SENIOR,
    TitleRank.INTERMEDIATE,
    TitleRank.JUNIOR,
)
DR, MA, BA = Degree.DOCTORATE, Degree.MASTER, Degree.BACHELOR
SEC, DEP, ORG, PUB, DIS, MEM = (
    Role.SECRETARY,
    Role.DEPUTY_SECRETARY,
    Role.ORGANIZATION,
    Role.PUBLICITY,
    Role.DISCIPLINE,
    Role.COMMITTEE_MEMBER,
)
ONLINE, ONSITE = Mode.ONLINE, Mode.ONSITE


# --------------------------------------------------------------------------------------
# Calendar and money
# --------------------------------------------------------------------------------------


def D(text: str) -> date:
    return date.fromisoformat(text)


def _days(start: str, n: int) -> list[date]:
    return [D(start) + timedelta(days=i) for i in range(n)]


_HOLIDAYS = frozenset(
    _days("2020-10-01", 8)  # 国庆、中秋
    + _days("2021-01-01", 3)  # 元旦
    + _days("2021-02-11", 7)  # 春节
    + _days("2021-04-03", 3)  # 清明
    + _days("2021-05-01", 5)  # 劳动节
    + _days("2021-06-12", 3)  # 端午
    + _days("2021-09-19", 3)  # 中秋
    + _days("2021-10-01", 7)  # 国庆
)
#: When students are away (winter vacation began early in January 2021; summer vacation).
_STUDENTS_AWAY = ((D("2021-01-06"), D("2021-02-28")), (D("2021-07-10"), D("2021-08-31")))
#: When teachers are away (Spring Festival; summer vacation).
_TEACHERS_AWAY = ((D("2021-02-08"), D("2021-02-21")), (D("2021-07-17"), D("2021-08-22")))


def working(d: date) -> bool:
    return d.weekday() < 5 and d not in _HOLIDAYS


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def wd(month: int, day: int, year: int = YEAR) -> date:
    """The given day moved to the next working day — or back to the previous one when the
    next lies in another month."""
    start = date(year, month, min(day, month_end(year, month).day))
    d = start
    while not working(d):
        d += timedelta(days=1)
    if d.month == month:
        return d
    d = start
    while not working(d):
        d -= timedelta(days=1)
    return d


def next_working(d: date) -> date:
    while not working(d):
        d += timedelta(days=1)
    return d


def notice_after(day: date, days: int = 5) -> PublicNotice:
    """A 公示 of ``days`` working days that opens on the working day after ``day`` (both ends
    included).  Counting real working days — not just Monday to Friday — keeps the notice long
    enough whichever way a rule counts."""
    start = end = next_working(day + timedelta(days=1))
    for _ in range(days - 1):
        end = next_working(end + timedelta(days=1))
    return PublicNotice(start=start, end=end)


def later(d: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    return d + relativedelta(years=years, months=months, days=days)


def month_label(month: int, year: int = YEAR) -> str:
    return f"{year}-{month:02d}"


def away(day: date, students: bool) -> bool:
    spans = _STUDENTS_AWAY if students else _TEACHERS_AWAY
    return any(a <= day <= b for a, b in spans)


_CENT = Decimal("0.01")
STUDENT_DUES = Decimal("0.20")


def salaried_due(base: Decimal) -> Decimal:
    """党费规定 2008: bracket rates (not progressive), upper bounds inclusive, 0.01 half-up."""
    if base <= 3000:
        rate = Decimal("0.005")
    elif base <= 5000:
        rate = Decimal("0.01")
    elif base <= 10000:
        rate = Decimal("0.015")
    else:
        rate = Decimal("0.02")
    return (base * rate).quantize(_CENT, ROUND_HALF_UP)


# --------------------------------------------------------------------------------------
# Names (a fixed walk through common surnames and given names: no randomness)
# --------------------------------------------------------------------------------------

SURNAMES = (
    "王李张刘郭赵杨武贾阎梁韩任郝薛田孟宋吴陈周高胡马冯孙程侯乔白"
    "段崔常牛申范卫史秦霍温曹姚邢石杜董尹苗庞吕丁靳卢曾彭邓许袁傅"
)
TEACHER_GIVEN = (
    "建平", "海军", "晓峰", "丽娟", "红霞", "志军", "永刚", "文杰", "秀兰", "国强",
    "俊峰", "晓红", "彦军", "瑞芳", "建新", "玉梅", "宏斌", "春燕", "卫东", "淑芬",
    "少华", "亚男", "振华", "雪梅", "立军", "海霞", "锦涛", "燕妮", "光明", "晓丽",
    "浩然", "静怡", "宇飞", "佳宁", "博文", "婷婷", "子健", "雅琴", "晨光", "慧敏",
    "天宇", "梦瑶", "鹏飞", "亚楠", "志远", "思远", "一凡", "可欣", "家豪", "晓宇",
    "艳红", "国栋", "利军",
)
STUDENT_GIVEN = (
    "子涵", "浩宇", "欣怡", "梓轩", "雨萱", "佳怡", "宇航", "思琪", "嘉豪", "一鸣",
    "若曦", "俊杰", "诗涵", "皓轩", "雅琪", "子墨", "梦琪", "晨阳", "语桐", "明轩",
    "欣妍", "博涛", "雨泽", "可馨", "天佑", "佳琪", "宇轩", "紫涵", "浩天", "思彤",
    "俊熙", "雪莹", "子豪", "婉清", "梓涵", "嘉怡", "铭泽", "心怡", "乐天", "书瑶",
    "泽宇", "艺涵", "景行", "芷若", "昊天", "晓彤", "奕辰", "雨桐", "俊宇", "思雨",
    "鑫磊", "佳乐", "文轩",
)


class NamePool:
    """Hands out names that are unique in one ledger."""

    def __init__(self, taken: Iterable[str], offset: int) -> None:
        self.taken = set(taken)
        self.i = offset

    def next(self, given: Sequence[str]) -> str:
        while True:
            i = self.i
            self.i += 1
            name = SURNAMES[(i * 7) % len(SURNAMES)] + given[(i * 11) % len(given)]
            if name not in self.taken:
                self.taken.add(name)
                return name


# --------------------------------------------------------------------------------------
# Development batches: the dated milestones shared by the people admitted together
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """Milestones of one development batch (one branch committee / general assembly each)."""

    cohort: int  # entry year of the students (a teacher batch: 0)
    application: str  # the first application; the others follow every two days
    activist: str | None = None
    reviews: tuple[str, ...] = ()
    candidate: str | None = None
    training: tuple[str, str] | None = None
    political_review: str | None = None
    pre_review: str | None = None
    form: str | None = None
    admission: str | None = None
    approval: str | None = None
    oath: str | None = None
    conversion_application: str | None = None
    conversion: str | None = None
    conversion_approval: str | None = None


BATCHES: dict[str, Batch] = {
    # 2018级 (2021届), admitted in January 2020, converted online on 2021-01-08.
    "A": Batch(2018, "2018-09-20", "2018-11-20", ("2019-05-15", "2019-11-12"), "2019-11-20",
               ("2019-12-02", "2019-12-04"), "2019-12-10", "2019-12-16", "2019-12-20",
               "2020-01-08", "2020-03-05", "2020-07-01", "2020-12-21", "2021-01-08",
               "2021-02-26"),
    # 2018级, admitted in June 2020, converted on 2021-06-11, just before graduation.
    "B": Batch(2018, "2018-10-08", "2019-04-10", ("2019-10-09", "2020-04-08"), "2020-04-15",
               ("2020-05-25", "2020-05-27"), "2020-05-20", "2020-05-29", "2020-06-02",
               "2020-06-11", "2020-07-09", "2020-07-01", "2021-05-20", "2021-06-11",
               "2021-06-25"),
    # 2019级, admitted in December 2020, converted on 2021-12-10.
    "C": Batch(2019, "2019-09-16", "2019-11-15", ("2020-05-12", "2020-11-10"), "2020-11-16",
               ("2020-11-23", "2020-11-25"), "2020-11-27", "2020-12-02", "2020-12-04",
               "2020-12-10", "2021-01-15", "2021-07-01", "2021-11-22", "2021-12-10",
               "2021-12-28"),
    # 2019级, admitted on 2021-05-20; sworn in on the party's centenary.
    "D": Batch(2019, "2019-09-23", "2020-04-16", ("2020-10-15", "2021-04-12"), "2021-04-16",
               ("2021-04-26", "2021-04-28"), "2021-05-06", "2021-05-10", "2021-05-13",
               "2021-05-20", "2021-06-17", "2021-07-01"),
    # 2019级, admitted on 2021-11-25 (oath at the next 七一).
    "E": Batch(2019, "2019-10-08", "2020-10-22", ("2021-04-20", "2021-10-18"), "2021-10-22",
               ("2021-10-27", "2021-10-29"), "2021-11-05", "2021-11-10", "2021-11-15",
               "2021-11-25", "2021-12-16"),
    # 2019级 candidates (发展对象) since 2021-10-22, to be admitted in 2022.
    "K": Batch(2019, "2019-10-14", "2020-10-22", ("2021-04-20", "2021-10-18"), "2021-10-22",
               ("2021-10-27", "2021-10-29")),
    # 2020级 activists since 2021-04-15.
    "V": Batch(2020, "2020-09-21", "2021-04-15", ("2021-10-14",)),
    # 2021级 freshmen who applied in the autumn.
    "N": Batch(2021, "2021-09-22"),
    # A young teacher admitted in September 2020, converted on 2021-09-17.
    "TT": Batch(0, "2019-03-12", "2019-06-18", ("2019-12-10", "2020-06-09"), "2020-06-19",
                ("2020-07-13", "2020-07-15"), "2020-07-08", "2020-08-27", "2020-09-03",
                "2020-09-17", "2020-10-22", "2020-11-05", "2021-08-30", "2021-09-17",
                "2021-10-21"),
    # A young teacher admitted on 2021-06-24.
    "TA": Batch(0, "2019-09-10", "2020-03-12", ("2020-09-10", "2021-03-09"), "2021-03-15",
                ("2021-04-26", "2021-04-28"), "2021-05-27", "2021-06-03", "2021-06-10",
                "2021-06-24", "2021-06-29", "2021-07-01"),
    # A teacher made an activist on 2021-03-18.
    "TV": Batch(0, "2020-10-20", "2021-03-18", ("2021-09-16",)),
}
GRADUATION = D("2021-06-30")  # the class of 2021 (2018级) transfers out on graduation
GROUP_FOUNDED = {2018: D("2019-12-20"), 2019: D("2020-12-10")}


# --------------------------------------------------------------------------------------
# Specification of a department
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """A person the tables name: a leader, a secretary, a committee member."""

    name: str
    birth: str
    category: PersonCategory = T
    title: TitleRank | None = None
    degree: Degree | None = None
    admission: str | None = None
    base: str | None = None
    raise_to: tuple[str, str] | None = None
    specialty: bool = False
    academic_lead: bool = False
    dual_leader: bool | None = None
    joined: str = "2012-09-01"


@dataclass(frozen=True)
class Term:
    """One elected term of an organisation: its secretary and committee."""

    elected: str
    secretary: str
    committee: tuple[tuple[str, Role], ...] = ()


@dataclass(frozen=True)
class BranchSpec:
    key: str
    name: str
    category: BranchCategory
    teacher_kind: TeacherKind | None = None
    named: tuple[str, ...] = ()
    ordinary: int = 0  # further members (teachers)
    nonmembers: int = 0  # specialty teachers who are not party members
    counselors: int = 0
    batches: tuple[tuple[str, int], ...] = ()
    groups: bool = False
    terms: tuple[Term, ...] = ()
    contact_leader: str = ""
    service_skips: tuple[int, ...] = ()  # rows of the service table this branch did not run


@dataclass(frozen=True)
class SocietySpec:
    name: str
    advisor: str  # handle of a counsellor
    founded: str
    events: tuple[tuple[str, SocietyEventKind, str, int], ...]  # title, kind, date, days ahead


@dataclass(frozen=True)
class AwardSpec:
    title: str
    level: AwardLevel
    kind: AwardKind
    day: str
    count: int = 1  # identical entries (e.g. several provincial prizes of one contest)
    winners: int = 0  # winners (人次) of each entry; 0: the organisation's own honour
    category: PersonCategory | None = None  # teacher or student winners
    named: tuple[str, ...] = ()  # winners of the first entry who are on the ledger's roster


#: One row of a branch activity table: month, day (moved to a working day), title.
ActivityRow = tuple[int, int, str]


@dataclass(frozen=True)
class BranchLife:
    """What the branches record beyond 三会一课 — the outcomes 样板支部“七个有力” counts.

    Tables are keyed by the kind of branch: ``faculty`` (专业教师党支部), ``staff`` (机关教工
    党支部, with the counsellors) and ``student``; each branch shifts the days by its index so
    that branches do not all meet on one day.
    """

    open_: dict[str, tuple[ActivityRow, ...]] = field(default_factory=dict)
    service: dict[str, tuple[ActivityRow, ...]] = field(default_factory=dict)
    #: Months in which each branch reports its 主题党日 as 支部动态 on the school's 党建网.
    dynamics: tuple[int, ...] = ()
    #: Items every branch posts to the “三晋先锋” platform.
    platform: tuple[ActivityRow, ...] = ()
    #: When each member records a 联系服务群众 (one per member and date), per kind of branch.
    contacts: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Gaps:
    """Departures from good practice (all empty for the seed department)."""

    committee_missing: tuple[tuple[str, int], ...] = ()
    study_group_missing: tuple[int, ...] = ()
    ideology_missing: tuple[int, ...] = ()
    unreviewed_months: tuple[int, ...] = ()
    heart_talk_missing: tuple[str, ...] = ()
    untrained_specialty: int = 0
    dues_unpaid: tuple[tuple[str, tuple[int, ...]], ...] = ()
    dues_late: tuple[tuple[str, int, str], ...] = ()  # handle, month, paid on
    late_report: tuple[str, ...] = ()  # society event titles reported a day late
    birthday_missing: tuple[int, ...] = ()
    overrides: tuple[tuple[str, str, str], ...] = ()  # handle, batch field, date
    media_short: tuple[tuple[int, int], ...] = ()  # month, posts
    minor_incident: tuple[str, str, str] | None = None  # date, category, description


@dataclass(frozen=True)
class DeptSpec:
    prefix: str
    short: str  # 机电工程系
    gb_name: str
    title: str
    named: dict[str, Named]
    gb_terms: tuple[Term, ...]
    center_group: tuple[str, ...]  # 理论学习中心组
    leaders: tuple[str, ...]  # 党政领导班子
    organiser: str
    opinion_officer: str | None
    branches: tuple[BranchSpec, ...]
    headcounts: tuple[tuple[str, int], ...]  # date, students
    lecture_series: tuple[str, ...]
    series_sessions: tuple[tuple[str, str, str], ...]  # series, date, topic
    youth_class: tuple[tuple[str, str], ...]  # date, topic
    regulations: tuple[tuple[str, str, str], ...]  # title, category, effective
    plans: tuple[tuple[str, str, str], ...]  # title, category, effective
    societies: tuple[SocietySpec, ...]
    awards: tuple[AwardSpec, ...]
    tasks: tuple[tuple[str, int, str, bool], ...]  # title, count, due, done
    metrics: tuple[tuple[str, str, str, str, str, int, int], ...]
    projects: tuple[tuple[str, str, str, str | None], ...]  # title, kind, applied, approved
    media: tuple[str, ...]  # post titles, used in turn
    pool_offset: int
    extras: tuple[tuple[str, str, MeetingKind, str], ...] = ()  # date, org keys, kind, title
    life: BranchLife = field(default_factory=BranchLife)
    democratic_life: tuple[str, str] | None = None  # date, title of the leadership's 民主生活会
    gaps: Gaps = field(default_factory=Gaps)


# --------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------


@dataclass
class Entry:
    """A person under construction."""

    id: str
    handle: str
    name: str
    category: PersonCategory
    birth: date
    branch: str  # the branch (org id) whose area the person belongs to
    title: TitleRank | None = None
    degree: Degree | None = None
    specialty: bool = False
    academic_lead: bool = False
    dual_leader: bool | None = None
    party: dict[str, date] = field(default_factory=dict)
    memberships: list[tuple[str, date, date | None]] = field(default_factory=list)
    incomes: list[tuple[str, IncomeCategory, Decimal | None]] = field(default_factory=list)
    batch: str | None = None
    counselor_since: date | None = None

    def member_on(self, day: date, *, full: bool = False) -> bool:
        key = "conversion" if full else "admission"
        return key in self.party and self.party[key] <= day

    def enrolled_in(self, org: str, day: date) -> bool:
        return any(o == org and s <= day and (e is None or day <= e) for o, s, e in self.memberships)


#: One agenda item of a draft: title, category, prior review, review meeting key, yes votes.
AgendaRow = tuple[str, AgendaCategory, bool | None, str | None, int | None]


@dataclass
class Draft:
    """A meeting before ids are given out (ids follow the date order)."""

    key: str
    kind: MeetingKind
    orgs: list[str]
    day: date
    title: str
    mode: Mode = ONSITE
    entitled: list[str] | int | None = None
    present: list[str] | int | None = None
    chair: str | None = None
    speaker: str | None = None
    hours: Decimal | None = None
    open_: bool = False
    series: str | None = None
    agenda: list[AgendaRow] = field(
        default_factory=list
    )
    grades: dict[str, AppraisalGrade] = field(default_factory=dict)


_KIND_ORDER = {k: i for i, k in enumerate(MeetingKind)}

#: What a member records as 联系服务群众, by the kind of branch.
_CONTACT_TITLES = {
    "faculty": "党员联系服务群众：联系学生班级，开展学业帮扶和就业指导",
    "staff": "党员联系服务群众：联系非党员教职工和学生，听取意见建议、帮助解决困难",
    "student": "党员联系服务群众：联系学生宿舍（党员示范寝室），帮助同学解决学习生活困难",
}

_COMMITTEE_TOPICS = {
    1: "研究部署寒假期间党员教育管理和疫情防控工作",
    2: "研究春季学期支部工作计划",
    3: "研究党史学习教育实施方案",
    4: "研究发展对象人选和培养联系人调整",
    5: "研究预备党员接收工作",
    6: "研究庆祝建党100周年活动安排",
    7: "研究暑期党员教育和“我为群众办实事”安排",
    8: "研究秋季学期开学和迎新工作",
    9: "研究秋季学期支部工作计划",
    10: "研究确定发展对象和组织生活会准备工作",
    11: "研究民主评议党员和谈心谈话安排",
    12: "研究年度支部工作总结和组织生活会方案",
}
_THEME_TOPICS = {
    1: "学习习近平总书记新年贺词，线上交流学习体会",
    2: "“云上过”主题党日：学习《中国共产党党史学习教育》有关文件",
    3: "党史学习教育动员：学习习近平总书记在党史学习教育动员大会上的讲话",
    4: "清明祭英烈：缅怀革命先烈，传承红色基因",
    5: "学党史、悟思想：观看红色纪录片《山河岁月》并交流",
    6: "重温入党誓词，学习《论中国共产党历史》",
    8: "“云上过”主题党日：学习“七一”重要讲话精神",
    9: "学习“七一”重要讲话精神，开展“我为群众办实事”实践活动",
    10: "喜迎国庆：参观太原解放纪念馆",
    11: "学习党的十九届六中全会精神",
    12: "学习《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
}
_STUDY_TOPICS = {
    1: "学习习近平总书记关于教育的重要论述",
    2: "学习《中国共产党普通高等学校基层组织工作条例》",
    3: "学习习近平总书记在党史学习教育动员大会上的讲话",
    4: "学习《中国共产党简史》第一至四章",
    5: "学习《习近平新时代中国特色社会主义思想学习问答》",
    6: "学习《论中国共产党历史》",
    7: "学习习近平总书记“七一”重要讲话精神",
    8: "学习习近平总书记对职业教育工作的重要指示和全国职业教育大会精神",
    9: "专题研讨习近平总书记在庆祝中国共产党成立100周年大会上的重要讲话",
    10: "学习《关于推动现代职业教育高质量发展的意见》",
    11: "学习党的十九届六中全会精神",
    12: "学习《中共中央关于党的百年奋斗重大成就和历史经验的决议》",
}
_JOINT_AGENDA: dict[int, tuple[tuple[str, AgendaCategory], ...]] = {
    1: (("{short}2021年工作要点", AgendaCategory.DIRECTION), ("寒假值班和安全工作安排", AgendaCategory.OTHER)),
    2: (("春季学期开学和疫情防控工作方案", AgendaCategory.INTERESTS), ("春季学期教学运行安排", AgendaCategory.OTHER)),
    3: (("推荐参加教师教学能力比赛人选", AgendaCategory.STAFF), ("“双高”建设年度任务分解", AgendaCategory.DIRECTION)),
    4: (("专业技术职务评审推荐人选", AgendaCategory.STAFF), ("技能大赛集训安排", AgendaCategory.OTHER)),
    5: (("实训基地建设项目论证", AgendaCategory.DIRECTION), ("毕业生顶岗实习检查", AgendaCategory.OTHER)),
    6: (("毕业生就业和离校工作", AgendaCategory.INTERESTS), ("期末考试安排", AgendaCategory.OTHER)),
    7: (("暑期实训室改造和安全检查", AgendaCategory.OTHER), ("新进教师岗位安排", AgendaCategory.STAFF)),
    8: (("2021级新生迎新工作方案", AgendaCategory.INTERESTS), ("秋季学期教学准备", AgendaCategory.OTHER)),
    9: (("教学创新团队建设方案", AgendaCategory.STAFF), ("学生技能竞赛计划", AgendaCategory.OTHER)),
    10: (("国家奖助学金评审结果", AgendaCategory.INTERESTS), ("专业群建设中期检查", AgendaCategory.OTHER)),
    11: (("2022级专业人才培养方案修订", AgendaCategory.DIRECTION), ("冬季安全工作", AgendaCategory.OTHER)),
    12: (("年终绩效考核分配方案", AgendaCategory.INTERESTS), ("年度工作总结", AgendaCategory.OTHER)),
}


class Builder:
    """Turns a :class:`DeptSpec` into a :class:`Ledger`."""

    def __init__(self, spec: DeptSpec) -> None:
        self.s = spec
        self.p = spec.prefix
        self.gb = f"{self.p}-gb"
        self.entries: list[Entry] = []
        self.by_handle: dict[str, Entry] = {}
        self.roles: list[PartyRole] = []
        self.elections: list[Election] = []
        self.orgs: list[Organization] = []
        self.groups: dict[str, dict[int, str]] = {}  # branch id -> cohort -> group id
        self.kinds: dict[str, BranchSpec] = {}  # branch id -> spec
        self.pool = NamePool((n.name for n in spec.named.values()), spec.pool_offset)
        self._j = 0  # counter for the attributes of generated teachers
        self._regular_topics: dict[tuple[str, date], str] = {}
        self.votes: dict[tuple[str, str], Vote] = {}
        self._turns = {"teacher": 0, "student": 0}  # which branch the next 支部风采 post names
        self._overrides = {(h, f): D(v) for h, f, v in spec.gaps.overrides}
        self._organizations()
        self._people()
        self._party_roles()

    # -- ids -----------------------------------------------------------------------------
    def oid(self, key: str) -> str:
        return f"{self.p}-{key}"

    def pid(self, handle: str) -> str:
        return self.by_handle[handle].id

    # -- organisations -------------------------------------------------------------------
    def _organizations(self) -> None:
        s = self.s
        self.orgs.append(
            Organization(id=SC, name=SC_NAME, kind=OrgKind.SCHOOL_COMMITTEE, is_department=False, external=True)
        )
        self.orgs.append(
            Organization(id=self.gb, name=s.gb_name, kind=OrgKind.GENERAL_BRANCH, parent_id=SC,
                         is_department=True, lecture_series=list(s.lecture_series))
        )
        for b in s.branches:
            bid = self.oid(b.key)
            self.kinds[bid] = b
            self.orgs.append(
                Organization(
                    id=bid, name=b.name, kind=OrgKind.BRANCH, parent_id=self.gb,
                    category=b.category, teacher_kind=b.teacher_kind,
                    student_level=(StudentLevel.UNDERGRADUATE
                                   if b.category is BranchCategory.STUDENT else None),
                )
            )
            if b.groups:
                g18, g19 = self.oid(f"{b.key}-g18"), self.oid(f"{b.key}-g19")
                self.groups[bid] = {2018: g18, 2019: g19}
                short = b.name.removesuffix("党支部")
                self.orgs.append(Organization(id=g18, name=f"{short}2018级党小组", kind=OrgKind.GROUP,
                                              parent_id=bid, founded=GROUP_FOUNDED[2018],
                                              dissolved=GRADUATION))
                self.orgs.append(Organization(id=g19, name=f"{short}2019级党小组", kind=OrgKind.GROUP,
                                              parent_id=bid, founded=GROUP_FOUNDED[2019]))

    @property
    def branch_ids(self) -> list[str]:
        return [self.oid(b.key) for b in self.s.branches]

    def is_student_branch(self, bid: str) -> bool:
        return self.kinds[bid].category is BranchCategory.STUDENT

    @staticmethod
    def life_kind(b: BranchSpec) -> str:
        """The key of ``b`` in the :class:`BranchLife` tables."""
        if b.category is BranchCategory.STUDENT:
            return "student"
        return "faculty" if b.teacher_kind is TeacherKind.FACULTY else "staff"

    # -- people --------------------------------------------------------------------------
    def _add(self, handle: str, name: str, category: PersonCategory, birth: date, branch: str,
             **kw: Any) -> Entry:
        e = Entry(id=f"{self.p}-p{len(self.entries) + 1:03d}", handle=handle, name=name,
                  category=category, birth=birth, branch=branch, **kw)
        self.entries.append(e)
        self.by_handle[handle] = e
        return e

    def _member_dates(self, e: Entry, admission: date, joined: date) -> None:
        e.party["admission"] = admission
        e.party["conversion"] = later(admission, years=1)
        e.memberships.append((e.branch, max(joined, admission), None))

    def _people(self) -> None:
        for b in self.s.branches:
            bid = self.oid(b.key)
            for handle in b.named:
                self._named(handle, bid)
            for i in range(1, b.counselors + 1):
                self._counselor(f"{b.key}.c{i}", bid, i)
            for i in range(1, b.ordinary + 1):
                self._teacher(f"{b.key}.o{i}", bid, member=True)
            for i in range(1, b.nonmembers + 1):
                self._teacher(f"{b.key}.n{i}", bid, member=False)
            for batch, n in b.batches:
                for i in range(1, n + 1):
                    self._developing(f"{b.key}.{batch}{i}", bid, batch, i)

    def _named(self, handle: str, bid: str) -> None:
        n = self.s.named[handle]
        e = self._add(handle, n.name, n.category, D(n.birth), bid, title=n.title,
                      degree=n.degree, specialty=n.specialty, academic_lead=n.academic_lead,
                      dual_leader=n.dual_leader)
        if n.admission is not None:
            self._member_dates(e, D(n.admission), D(n.joined))
            self._salaried(e, n.base, n.raise_to)

    def _salaried(self, e: Entry, base: str | None, raise_to: tuple[str, str] | None,
                  effective: str = "2021-01") -> None:
        e.incomes.append((effective, IncomeCategory.SALARIED, Decimal(base or "0")))
        if raise_to is not None:
            e.incomes.append((raise_to[0], IncomeCategory.SALARIED, Decimal(raise_to[1])))

    def _counselor(self, handle: str, bid: str, i: int) -> None:
        j = self._next_j()
        birth = date(1986 + j % 8, j * 5 % 12 + 1, j * 7 % 27 + 1)
        e = self._add(handle, self.pool.next(TEACHER_GIVEN), T, birth, bid,
                      title=IM if j % 3 else JR, degree=MA)
        admission = date(birth.year + 20 + j % 2, (j * 7) % 6 + 4, j * 11 % 26 + 1)
        since = date(2014 + (j + i) % 6, 9, 1)
        e.counselor_since = since
        self._member_dates(e, admission, since)
        self._salaried(e, f"{4600 + j * 97 % 1100}.{j * 13 % 100:02d}", None)

    def _next_j(self) -> int:
        self._j += 1
        return self._j

    def _teacher(self, handle: str, bid: str, *, member: bool) -> None:
        j = self._next_j()
        title = (AS, IM, IM, AS, JR, IM, FS, IM, AS, IM, JR)[j % 11]
        degree = (MA, MA, DR, MA, BA, MA, MA, DR, MA)[j % 9]
        year = {FS: 1965 + j % 7, AS: 1973 + j % 11, IM: 1983 + j % 8, JR: 1991 + j % 5}[title]
        birth = date(year, j * 5 % 12 + 1, j * 7 % 27 + 1)
        e = self._add(handle, self.pool.next(TEACHER_GIVEN), T, birth, bid, title=title,
                      degree=degree, specialty=True)
        if not member:
            return
        admission = date(min(year + 21 + j % 6, 2016), j * 7 % 12 + 1, j * 11 % 26 + 1)
        base = {FS: 9200 + j * 37 % 600, AS: 7100 + j * 53 % 1500, IM: 5300 + j * 41 % 1400,
                JR: 4200 + j * 29 % 700}[title]
        text = f"{base}.{j * 17 % 100:02d}" if j % 3 == 0 else str(base)
        raise_to = ("2021-07", str(base + 320)) if j % 6 == 2 else None
        self._member_dates(e, admission, date(max(2012, year + 25), 9, 1))
        self._salaried(e, text, raise_to)

    def batch_date(self, handle: str, batch: Batch, name: str) -> date | None:
        if (handle, name) in self._overrides:
            return self._overrides[(handle, name)]
        value = getattr(batch, name, None)
        return None if value is None else D(value)

    def _developing(self, handle: str, bid: str, key: str, i: int) -> None:
        batch = BATCHES[key]
        j = self._next_j()
        if batch.cohort:
            y = batch.cohort - 19
            birth = date(y + (j % 12 > 7), (j % 12 + 8) % 12 + 1, j * 7 % 27 + 1)
            e = self._add(handle, self.pool.next(STUDENT_GIVEN), STU, birth, bid)
        else:
            birth = date(1993 + j % 4, j * 5 % 12 + 1, j * 7 % 27 + 1)
            e = self._add(handle, self.pool.next(TEACHER_GIVEN), T, birth, bid, title=JR,
                          degree=MA, specialty=True)
        e.batch = key
        applied = next_working(D(batch.application) + timedelta(days=2 * (i - 1)))
        e.party["application"] = applied
        for name in ("activist", "candidate"):
            value = self.batch_date(handle, batch, name)
            if value is not None:
                e.party[name] = value
        admission = self.batch_date(handle, batch, "admission")
        if admission is None:
            return
        e.party["admission"] = admission
        conversion = self.batch_date(handle, batch, "conversion")
        if conversion is not None:
            e.party["conversion"] = conversion
        end = GRADUATION if batch.cohort == 2018 else None
        e.memberships.append((bid, admission, end))
        groups = self.groups.get(bid)
        if groups and batch.cohort in groups:
            start = max(admission, GROUP_FOUNDED[batch.cohort])
            e.memberships.append((groups[batch.cohort], start, end))
        if batch.cohort:
            e.incomes.append((f"{admission:%Y-%m}", IncomeCategory.STUDENT, None))
        else:
            self._salaried(e, f"{4400 + j * 31 % 500}", None, f"{max(admission, D('2021-01-01')):%Y-%m}")

    # -- roles ---------------------------------------------------------------------------
    def _party_roles(self) -> None:
        n = 0

        def add(org: str, handle: str, role: Role, start: date, end: date | None) -> None:
            nonlocal n
            n += 1
            self.roles.append(PartyRole(id=f"{self.p}-r{n:03d}", org_id=org,
                                        person_id=self.pid(handle), role=role, start=start,
                                        end=end))

        def terms(org: str, items: Sequence[Term]) -> None:
            for k, term in enumerate(items):
                start = D(term.elected)
                end = D(items[k + 1].elected) - timedelta(days=1) if k + 1 < len(items) else None
                self.elections.append(Election(id=f"{self.p}-el{len(self.elections) + 1:02d}",
                                               org_id=org, date=start))
                add(org, term.secretary, SEC, start, end)
                for handle, role in term.committee:
                    add(org, handle, role, start, end)

        terms(self.gb, self.s.gb_terms)
        for b in self.s.branches:
            bid = self.oid(b.key)
            terms(bid, b.terms)
            for cohort, gid in self.groups.get(bid, {}).items():
                leader = f"{b.key}.c{3 if cohort == 2018 else 4}"
                end = GRADUATION if cohort == 2018 else None
                add(gid, leader, Role.GROUP_LEADER, GROUP_FOUNDED[cohort], end)
                e = self.by_handle[leader]
                e.memberships.append((gid, GROUP_FOUNDED[cohort], end))

    # -- roster queries ------------------------------------------------------------------
    def in_org(self, org: str, day: date) -> list[Entry]:
        """People enrolled in ``org`` (a branch: also through its groups) on ``day``."""
        orgs = {org, *self.groups.get(org, {}).values()}
        return [e for e in self.entries if any(e.enrolled_in(o, day) for o in orgs)]

    def members(self, org: str, day: date, *, full: bool = False) -> list[str]:
        return [e.id for e in self.in_org(org, day) if e.member_on(day, full=full)]

    def all_members(self, day: date, *, full: bool = False) -> list[Entry]:
        return [e for e in self.entries
                if e.member_on(day, full=full) and any(e.enrolled_in(b, day) for b in self.branch_ids)]

    def holders(self, org: str, day: date) -> list[PartyRole]:
        return [r for r in self.roles
                if r.org_id == org and r.start <= day and (r.end is None or day <= r.end)]

    def committee(self, org: str, day: date) -> list[str]:
        roles = self.holders(org, day)
        if not any(r.role not in (SEC, DEP, Role.GROUP_LEADER) for r in roles):
            return []
        return list(dict.fromkeys(r.person_id for r in roles if r.role is not Role.GROUP_LEADER))

    def secretary(self, org: str, day: date) -> str:
        return next(r.person_id for r in self.holders(org, day) if r.role is SEC)

    def counselors(self) -> list[Entry]:
        return [e for e in self.entries if e.counselor_since is not None]

    @staticmethod
    def attend(pool: Sequence[str], salt: int, keep: Iterable[str] = ()) -> list[str]:
        """Those present: about one in twelve stays away (never those in ``keep``)."""
        kept = set(keep)
        if len(pool) < 5:
            return list(pool)
        return [pid for i, pid in enumerate(pool) if pid in kept or (i * 7 + salt) % 12 != 5]

    # -- meetings ------------------------------------------------------------------------
    def meetings(self) -> list[Meeting]:
        """Every meeting and activity of the year (and of the autumn semester 2020 for the
        lecture series, whose first judged semester began then)."""
        drafts: list[Draft] = []
        for k, b in enumerate(self.s.branches):
            self._branch_meetings(drafts, k, b)
        self._dept_meetings(drafts)
        return self._finish(drafts)

    def _branch_meetings(self, out: list[Draft], k: int, b: BranchSpec) -> None:
        bid = self.oid(b.key)
        student = b.category is BranchCategory.STUDENT
        for m in range(1, 13):
            day = wd(2, 2 + k) if m == 2 else wd(m, 3 + k)
            committee = self.committee(bid, day)
            if committee and (b.key, m) not in self.s.gaps.committee_missing:
                present = committee[:-1] if len(committee) >= 4 and (m + k) % 5 == 0 else committee
                out.append(Draft(f"{bid}-cm{m}", MeetingKind.COMMITTEE, [bid], day,
                                 f"{m}月支部委员会会议：{_COMMITTEE_TOPICS[m]}",
                                 mode=ONLINE if away(day, False) else ONSITE,
                                 entitled=committee, present=present,
                                 chair=self.secretary(bid, day)))
            if m != 7:  # July: the joint theme day of the centenary (see _dept_meetings)
                day = wd(2, 22 + k) if m == 2 else wd(m, 12 + k)
                out.append(Draft(f"{bid}-td{m}", MeetingKind.THEME_DAY, [bid], day,
                                 f"主题党日：{_THEME_TOPICS[m]}",
                                 mode=ONLINE if away(day, student) else ONSITE,
                                 present=self.attend(self.members(bid, day), m * 3 + k,
                                                     keep=[self.secretary(bid, day)]),
                                 chair=self.secretary(bid, day), hours=Decimal(2)))
            for cohort, gid in self.groups.get(bid, {}).items():
                day = wd(m, 8 + k)
                if day < GROUP_FOUNDED[cohort] or (cohort == 2018 and day > GRADUATION):
                    continue
                out.append(Draft(f"{gid}-gm{m}", MeetingKind.GROUP, [gid], day,
                                 f"党小组会：学习交流{_THEME_TOPICS.get(m, '党史学习教育')}",
                                 mode=ONLINE if away(day, True) else ONSITE,
                                 present=self.members(gid, day)))
        self._assemblies(out, k, b, bid)
        self._lectures(out, k, bid)
        self._year_end(out, k, bid)
        self._branch_life(out, k, b, bid)

    def _branch_life(self, out: list[Draft], k: int, b: BranchSpec, bid: str) -> None:
        """The branch's open activities, publicity, members' contacts and service activities
        (what 样板支部“七个有力” counts), from the department's :class:`BranchLife`."""
        life, kind = self.s.life, self.life_kind(b)
        student = kind == "student"
        names = {"branch": b.name}
        for n, (month, day, title) in enumerate(life.open_.get(kind, ())):
            d = wd(month, day + k)
            out.append(Draft(f"{bid}-oa{n}", MeetingKind.OPEN_ACTIVITY, [bid], d,
                             title.format(**names), mode=ONLINE if away(d, student) else ONSITE,
                             present=35 + (n * 13 + k * 7) % 60, chair=self.secretary(bid, d),
                             open_=True))
        for n, (month, day, title) in enumerate(life.service.get(kind, ())):
            if n in b.service_skips:
                continue
            d = wd(month, day + k)
            out.append(Draft(f"{bid}-sv{n}", MeetingKind.SERVICE, [bid], d, title.format(**names),
                             present=self.attend(self.members(bid, d), n * 5 + k,
                                                 keep=[self.secretary(bid, d)]),
                             chair=self.secretary(bid, d)))
        for m in life.dynamics:  # a few days after the month's 主题党日
            held = wd(2, 22 + k) if m == 2 else wd(m, 12 + k)
            out.append(Draft(f"{bid}-pu{m}", MeetingKind.PUBLICITY, [bid],
                             next_working(held + timedelta(days=3)),
                             f"学院党建网“支部动态”：{b.name}主题党日——{_THEME_TOPICS[m]}",
                             mode=ONLINE))
        for n, (month, day, title) in enumerate(life.platform):
            out.append(Draft(f"{bid}-pf{n}", MeetingKind.PUBLICITY, [bid], wd(month, day + k),
                             title.format(**names), mode=ONLINE))
        for n, (month, day) in enumerate(life.contacts.get(kind, ())):
            start = wd(month, day)
            for i, pid in enumerate(self.members(bid, start)):
                d = next_working(start + timedelta(days=(i * 3 + k * 2) % 15))
                out.append(Draft(f"{bid}-mc{n}-{i}", MeetingKind.MEMBER_CONTACT, [bid], d,
                                 _CONTACT_TITLES[kind], present=[pid]))

    def _assemblies(self, out: list[Draft], k: int, b: BranchSpec, bid: str) -> None:
        student = b.category is BranchCategory.STUDENT
        votes: dict[date, list[tuple[str, str]]] = {}
        for e in self.entries:
            if e.branch != bid or e.batch is None:
                continue
            for what in ("admission", "conversion"):
                day = e.party.get(what)
                if day is not None and day.year == YEAR:
                    votes.setdefault(day, []).append((e.handle, what))
        for term in b.terms:
            if D(term.elected).year == YEAR:
                votes.setdefault(D(term.elected), [])
        quarters = {(d.month - 1) // 3 for d in votes}
        regular = {
            0: (wd(3, 16 + k), "传达学习全国两会精神，部署党史学习教育"),
            1: (wd(6, 16 + k), "党史学习教育专题学习，评选表彰优秀共产党员"),
            2: (wd(9, 15 + k), "学习“七一”重要讲话精神，通报上半年支部工作"),
            3: (wd(12, 14 + k), "学习党的十九届六中全会精神，部署年终工作"),
        }
        for q, (day, topic) in regular.items():
            if q not in quarters:
                votes.setdefault(day, [])
                self._regular_topics[(bid, day)] = topic
        for n, day in enumerate(sorted(votes)):
            items = votes[day]
            sec = self.secretary(bid, day)
            entitled = self.members(bid, day - timedelta(days=1), full=True)
            voted = [self.pid(h) for h, _ in items]
            pool = list(dict.fromkeys([*self.members(bid, day), *voted]))
            present = self.attend(pool, n * 5 + k, keep=[sec, *voted])
            count = len(set(present) & set(entitled))
            agenda: list[AgendaRow] = []
            for handle, what in items:
                name = self.by_handle[handle].name
                text = f"讨论接收{name}为预备党员" if what == "admission" else f"讨论{name}预备党员转为正式党员"
                agenda.append((text, AgendaCategory.OTHER, None, None, count))
                self.votes[(handle, what)] = Vote(date=day, entitled=len(entitled), present=count,
                                                  yes=count)
            if any(D(t.elected) == day for t in b.terms):
                title = "支部党员大会：换届选举新一届支部委员会"
            elif items:
                title = "支部党员大会：" + "；".join(a[0] for a in agenda[:2]) + ("等" if len(agenda) > 2 else "")
            else:
                title = f"支部党员大会：{self._regular_topics[(bid, day)]}"
            out.append(Draft(f"{bid}-ga{n}", MeetingKind.GENERAL_ASSEMBLY, [bid], day, title,
                             mode=ONLINE if away(day, student) else ONSITE, entitled=entitled,
                             present=present, chair=sec, agenda=agenda))

    def _lectures(self, out: list[Draft], k: int, bid: str) -> None:
        student = self.is_student_branch(bid)
        plan = (
            (wd(3, 24 + k), "党史学习教育专题党课：学习《中国共产党简史》", ORG),
            (wd(9, 22 + k), "支部书记讲党课：学习贯彻习近平总书记“七一”重要讲话精神", SEC),
            (wd(11, 17 + k), "专题党课：学习党的十九届六中全会精神", PUB),
        )
        for n, (day, title, role) in enumerate(plan):
            speaker = next((r.person_id for r in self.holders(bid, day) if r.role is role),
                           self.secretary(bid, day))
            out.append(Draft(f"{bid}-lc{n}", MeetingKind.LECTURE, [bid], day, title,
                             mode=ONLINE if away(day, student) else ONSITE,
                             present=self.attend(self.members(bid, day), n * 11 + k,
                                                 keep=[speaker]),
                             speaker=speaker, hours=Decimal(2)))

    def _year_end(self, out: list[Draft], k: int, bid: str) -> None:
        skip = {self.pid(h) for h in self.s.gaps.heart_talk_missing}
        full = self.members(bid, AS_OF, full=True)
        gb_secretary = self.secretary(self.gb, AS_OF)
        for i, pid in enumerate(full):
            if pid in skip:
                continue
            day = next_working(D("2021-11-08") + timedelta(days=(i * 3 + k * 2) % 32))
            sec = self.secretary(bid, day)
            chair = sec if pid != sec else (gb_secretary if pid != gb_secretary else
                                            self.pid(self.s.leaders[2]))
            out.append(Draft(f"{bid}-ht{i}", MeetingKind.HEART_TALK, [bid], day,
                             "年度谈心谈话", present=[pid], chair=chair))
        day = wd(12, 20 + k)
        members = self.members(bid, day)
        graded = self.members(bid, day, full=True)
        grades = {pid: AppraisalGrade.EXCELLENT if i % 4 == 1 else AppraisalGrade.QUALIFIED
                  for i, pid in enumerate(graded)}
        present = self.attend(members, 7 + k, keep=[self.secretary(bid, day)])
        out.append(Draft(f"{bid}-ol", MeetingKind.ORG_LIFE, [bid], day,
                         "2021年度组织生活会：以学史明理、学史增信、学史崇德、学史力行为主题",
                         present=present, chair=self.secretary(bid, day)))
        out.append(Draft(f"{bid}-da", MeetingKind.DEMOCRATIC_APPRAISAL, [bid], day,
                         "2021年度民主评议党员", present=present,
                         chair=self.secretary(bid, day), grades=grades))

    def _dept_meetings(self, out: list[Draft]) -> None:
        s, gb, gaps = self.s, self.gb, self.s.gaps
        leaders = [self.pid(h) for h in s.leaders]
        center = [self.pid(h) for h in s.center_group]
        officer = [self.pid(s.opinion_officer)] if s.opinion_officer else []
        counselor_heads = [self.pid(f"{b.key}.c1") for b in s.branches if b.counselors]
        for m in range(1, 13):
            items = [(t.format(short=s.short), c) for t, c in _JOINT_AGENDA[m]]
            reserved = [t for t, c in items if c is not AgendaCategory.OTHER]
            day = wd(2, 3) if m == 2 else wd(m, 4)
            committee = self.committee(gb, day)
            topic = "前置研究" + "、".join(reserved) if reserved else "研究党建工作"
            out.append(Draft(f"pm{m}", MeetingKind.DEPT_PARTY_MEETING, [gb], day,
                             f"{m}月党总支委员会会议：{topic}",
                             mode=ONLINE if away(day, False) else ONSITE, entitled=committee,
                             present=committee, chair=self.secretary(gb, day)))
            day = wd(2, 9) if m == 2 else wd(m, 9)
            agenda: list[AgendaRow] = []
            for title, cat in items:
                if cat is AgendaCategory.OTHER:
                    agenda.append((title, cat, None, None, None))
                elif m in gaps.unreviewed_months:
                    agenda.append((title, cat, False, None, None))
                else:
                    agenda.append((title, cat, True, f"pm{m}", None))
            out.append(Draft(f"jm{m}", MeetingKind.DEPT_JOINT_MEETING, [gb], day,
                             f"{m}月党政联席会议", mode=ONLINE if away(day, False) else ONSITE,
                             present=leaders, chair=self.pid(s.leaders[1]), agenda=agenda))
            if m not in gaps.study_group_missing:
                day = wd(2, 24) if m == 2 else wd(m, 18)
                out.append(Draft(f"sg{m}", MeetingKind.STUDY_GROUP, [gb], day,
                                 f"理论学习中心组集体学习：{_STUDY_TOPICS[m]}",
                                 mode=ONLINE if away(day, False) else ONSITE, present=center,
                                 chair=self.secretary(gb, day), hours=Decimal(2)))
            if m not in gaps.ideology_missing:
                day = wd(2, 25) if m == 2 else wd(m, 26)
                out.append(Draft(f"ia{m}", MeetingKind.IDEOLOGY_ANALYSIS, [gb], day,
                                 f"{m}月政治安全和意识形态工作研判会",
                                 mode=ONLINE if away(day, False) else ONSITE,
                                 present=list(dict.fromkeys([*leaders, *officer])),
                                 chair=self.secretary(gb, day)))
            if m % 3 == 0:
                day = wd(m, 29)
                out.append(Draft(f"ij{m}", MeetingKind.IDEOLOGY_JOINT, [gb], day,
                                 f"第{m // 3}季度政治安全和意识形态工作联席会议",
                                 present=list(dict.fromkeys([*leaders, *officer, *counselor_heads])),
                                 chair=self.secretary(gb, day)))
            self._birthdays(out, m)
            self._media(out, m)
        # The centenary: one theme day and one party lecture for every branch together.
        day = D("2021-07-01")
        everyone = [e.id for e in self.all_members(day)]
        out.append(Draft("td-centenary", MeetingKind.THEME_DAY, self.branch_ids, day,
                         "主题党日：集中收看庆祝中国共产党成立100周年大会直播，重温入党誓词",
                         present=self.attend(everyone, 3), chair=self.secretary(gb, day),
                         hours=Decimal(3)))
        day = D("2021-06-29")
        everyone = [e.id for e in self.all_members(day)]
        gb_sec = self.secretary(gb, day)
        out.append(Draft("lc-centenary", MeetingKind.LECTURE, [gb, *self.branch_ids], day,
                         "党总支书记讲专题党课：百年党史中的初心和使命",
                         present=self.attend(everyone, 5, keep=[gb_sec]), speaker=gb_sec,
                         hours=Decimal(2)))
        for n, (day_text, topic) in enumerate(s.youth_class):
            out.append(Draft(f"yc{n}", MeetingKind.YOUTH_CLASS, [gb], D(day_text),
                             f"青马班：{topic}", present=40 + n % 7,
                             chair=self.pid(s.leaders[2])))
        for n, (series, day_text, topic) in enumerate(s.series_sessions):
            out.append(Draft(f"ls{n}", MeetingKind.LECTURE_SERIES, [gb], D(day_text),
                             f"{series}：{topic}", present=120 + (n * 37) % 180, open_=True,
                             series=series))
        for n, (day_text, org_keys, kind, title) in enumerate(s.extras):
            orgs = [gb if key == "gb" else self.oid(key) for key in org_keys.split()]
            out.append(Draft(f"ex{n}", kind, orgs, D(day_text), title,
                             present=30 + (n * 13) % 40, open_=kind is not MeetingKind.SERVICE))
        if s.democratic_life is not None:
            day_text, title = s.democratic_life
            day = D(day_text)
            out.append(Draft("dl", MeetingKind.DEMOCRATIC_LIFE, [gb], day, title,
                             entitled=leaders, present=leaders, chair=self.secretary(gb, day)))

    def _birthdays(self, out: list[Draft], m: int) -> None:
        if m in self.s.gaps.birthday_missing:
            return
        day = wd(2, 24) if m == 2 else wd(m, 22)
        honoured = [e.id for e in self.all_members(day)
                    if e.party["admission"].month == m and e.party["admission"].year < YEAR]
        if not honoured:
            return
        student_only = all(self.by_id[pid].category is STU for pid in honoured)
        out.append(Draft(f"pb{m}", MeetingKind.POLITICAL_BIRTHDAY, [self.gb], day,
                         f"“五个一”政治生日活动（{m}月）：重温入党誓词、赠送政治生日贺卡、"
                         "讲述入党故事、交流心得、提出一条建议",
                         mode=ONLINE if away(day, student_only) else ONSITE,
                         present=honoured, chair=self.pid(self.s.organiser)))

    def _media(self, out: list[Draft], m: int) -> None:
        count = dict(self.s.gaps.media_short).get(m, 6 if m % 2 else 5)
        titles = self.s.media
        for i in range(count):
            day = wd(m, 2 + i * 5)
            template = titles[(m * 7 + i) % len(titles)]
            # A post about one branch (支部风采) is that branch's publicity too; the branches
            # take turns.
            orgs, names = [self.gb], {}
            for slot in ("teacher", "student"):
                if "{" + slot + "}" in template:
                    pool = [b for b in self.s.branches
                            if (b.category is BranchCategory.STUDENT) == (slot == "student")]
                    b = pool[self._turns[slot] % len(pool)]
                    self._turns[slot] += 1
                    names[slot] = b.name
                    orgs.append(self.oid(b.key))
            title = template.format(short=self.s.short, m=m, **names)
            out.append(Draft(f"mp{m}-{i}", MeetingKind.MEDIA_POST, orgs, day,
                             f"“{self.s.short}”微信公众号：{title}", mode=ONLINE))

    @property
    def by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.entries}

    def _finish(self, drafts: list[Draft]) -> list[Meeting]:
        drafts.sort(key=lambda d: (d.day, _KIND_ORDER[d.kind], d.orgs[0], d.key))
        ids = {d.key: f"{self.p}-m{n:04d}" for n, d in enumerate(drafts, 1)}
        return [
            Meeting(
                id=ids[d.key], kind=d.kind, org_ids=d.orgs, date=d.day, title=d.title,
                mode=d.mode, entitled=d.entitled, present=d.present, chair_id=d.chair,
                speaker_id=d.speaker, hours=d.hours, open_to_non_members=d.open_,
                series=d.series,
                agenda=[AgendaItem(title=t, category=c, prior_party_review=r,
                                   prior_review_meeting_id=ids[ref] if ref else None,
                                   votes_yes=v)
                        for t, c, r, ref, v in d.agenda],
                grades=d.grades,
            )
            for d in drafts
        ]

    # -- development cases ---------------------------------------------------------------
    def _vote(self, handle: str, what: str, day: date) -> Vote:
        """The branch's vote: as recorded at a 2021 general assembly, or (for a vote of an
        earlier year, whose meeting is in that year's ledger) all but one of the full members
        present and in favour."""
        if (handle, what) in self.votes:
            return self.votes[(handle, what)]
        bid = self.by_handle[handle].branch
        entitled = len(self.members(bid, day - timedelta(days=1), full=True))
        present = entitled - (1 if entitled >= 6 else 0)
        return Vote(date=day, entitled=entitled, present=present, yes=present)

    def _sponsors(self, e: Entry, day: date) -> list[str]:
        """Two full members who sponsor ``e`` (培养联系人 and later 入党介绍人)."""
        key = self.kinds[e.branch].key
        if self.kinds[e.branch].counselors:
            return [self.pid(f"{key}.c1"), self.pid(f"{key}.c2")]
        first = self.secretary(e.branch, day)
        other = next(x.id for x in self.entries
                     if x.branch == e.branch and x.id != first and x.member_on(day, full=True))
        return [first, other]

    def cases(self) -> list[DevelopmentCase]:
        out: list[DevelopmentCase] = []
        for e in self.entries:
            if e.batch is None:
                continue
            b = BATCHES[e.batch]

            def at(name: str, e: Entry = e, b: Batch = b) -> date | None:
                return self.batch_date(e.handle, b, name)

            applied = e.party["application"]
            activist, admission, conversion = at("activist"), at("admission"), at("conversion")
            sponsors = self._sponsors(e, activist) if activist else []
            approval, conv_approval = at("approval"), at("conversion_approval")
            pre_review, conv_application = at("pre_review"), at("conversion_application")
            # The 公示 follows the 预审 (admission) or the written 转正申请 (conversion) and
            # ends before the branch votes.
            notice = notice_after(pre_review) if admission and pre_review else None
            conv_notice = (notice_after(conv_application)
                           if conversion and conv_application else None)
            for step, vote_day in ((notice, admission), (conv_notice, conversion)):
                if step is not None and vote_day is not None and not step.end < vote_day:
                    raise ValueError(f"{e.handle}: 公示 {step.end} does not end before {vote_day}")
            out.append(DevelopmentCase(
                id=f"{self.p}-dc{len(out) + 1:03d}",
                person_id=e.id,
                branch_id=e.branch,
                application=applied,
                talk=at("talk") or next_working(applied + timedelta(days=14)),
                activist=activist,
                contacts=sponsors,
                contacts_assigned=activist,
                reviews=[D(r) for r in b.reviews],
                candidate=at("candidate"),
                introducers=sponsors if admission else [],
                political_review=(PoliticalReview(date=D(b.political_review), passed=True)
                                  if b.political_review else None),
                training=(CandidateTraining(start=D(b.training[0]), end=D(b.training[1]),
                                            days=Decimal(3), hours=Decimal(24))
                          if b.training else None),
                pre_review=pre_review,
                admission_notice=notice,
                application_form=at("form"),
                admission_vote=self._vote(e.handle, "admission", admission) if admission else None,
                approval=Approval(date=approval, org_id=SC) if approval else None,
                oath=at("oath"),
                conversion_application=conv_application,
                conversion_notice=conv_notice,
                conversion_vote=(self._vote(e.handle, "conversion", conversion)
                                 if conversion else None),
                conversion_approval=(Approval(date=conv_approval, org_id=SC)
                                     if conv_approval else None),
            ))
        return out

    # -- dues ----------------------------------------------------------------------------
    @staticmethod
    def _base(e: Entry, month: str) -> Decimal:
        effective = [i for i in e.incomes if i[0] <= month]
        latest = max(effective, key=lambda i: i[0])
        return latest[2] or Decimal(0)

    def dues(self) -> list[DuesPayment]:
        """Teachers pay every month; students prepay each quarter (0.20 元 a month)."""
        gaps = self.s.gaps
        unpaid = {(self.pid(h), m) for h, months in gaps.dues_unpaid for m in months}
        late = {(self.pid(h), m): D(day) for h, m, day in gaps.dues_late}
        out: list[DuesPayment] = []

        def pay(e: Entry, months: list[int], amount: Decimal, day: date) -> None:
            out.append(DuesPayment(id=f"{self.p}-d{len(out) + 1:04d}", person_id=e.id,
                                   months=[month_label(m) for m in months], amount=amount,
                                   paid_on=day))

        for n, e in enumerate(self.entries):
            if "admission" not in e.party:
                continue
            months = [m for m in range(1, 13)
                      if e.member_on(month_end(YEAR, m))
                      and any(e.enrolled_in(b, month_end(YEAR, m)) for b in self.branch_ids)
                      and (e.id, m) not in unpaid]
            admitted = e.party["admission"]
            if e.category is STU:
                for q in range(4):
                    quarter = [m for m in months if (m - 1) // 3 == q]
                    if not quarter:
                        continue
                    day = max(wd(quarter[0], 6 + n % 5), next_working(admitted + timedelta(days=1)))
                    pay(e, quarter, STUDENT_DUES * len(quarter), day)
                continue
            for m in months:
                day = max(wd(m, 10 + n % 8), next_working(admitted + timedelta(days=1)))
                pay(e, [m], salaried_due(self._base(e, month_label(m))), late.get((e.id, m), day))
        return out

    # -- trainings -----------------------------------------------------------------------
    def trainings(self) -> list[Training]:
        s = self.s
        out: list[Training] = []

        def add(pid: str, kind: TrainingKind, day: date, hours: int, title: str) -> None:
            out.append(Training(id=f"{self.p}-tr{len(out) + 1:04d}", person_id=pid, kind=kind,
                                date=day, hours=Decimal(hours), title=title))

        specialty = [e for e in self.entries if e.specialty]
        skip = {e.id for e in [x for x in specialty if ".n" in x.handle][::-1][: s.gaps.untrained_specialty]}
        for e in specialty:
            if e.id not in skip:
                add(e.id, TrainingKind.COURSE_IDEOLOGY, D("2021-03-26"), 8,
                    "学院课程思政专题培训（专任教师全员轮训）")
        for i, e in enumerate(self.counselors()):
            if i < 3:
                add(e.id, TrainingKind.COUNSELOR, D("2021-07-23"), 24, "山西省高校辅导员骨干培训班")
            add(e.id, TrainingKind.COUNSELOR, D("2021-08-25"), 16, "学院辅导员素质能力提升培训")
        for r in self.roles:  # secretaries elected in late 2020 were trained within 6 months
            if r.role is SEC and D("2020-07-01") <= r.start <= D("2020-12-31"):
                add(r.person_id, TrainingKind.SECRETARY, next_working(r.start + timedelta(days=35)),
                    16, "学院党委新任党支部书记培训")
        day = D("2021-07-16")
        for org in [self.gb, *self.branch_ids]:
            add(self.secretary(org, day), TrainingKind.SECRETARY, day, 32,
                "学院党委党支部书记示范培训班")
        day = D("2021-11-12")
        others = [r.person_id for org in [self.gb, *self.branch_ids] for r in self.holders(org, day)
                  if r.role is not SEC]
        for pid in dict.fromkeys(others):
            add(pid, TrainingKind.COMMITTEE, day, 16, "学院党委支部委员业务能力培训")
        developing = [e for e in self.entries
                      if e.batch in ("D", "E", "K", "V", "TA", "TV")]
        for e in [*self.all_members(D("2021-04-23")), *developing]:
            if e.category is STU:
                add(e.id, TrainingKind.MEMBER_STUDY, D("2021-04-22"), 8,
                    "党史学习教育专题培训（学生党员和入党积极分子）")
            else:
                add(e.id, TrainingKind.MEMBER_STUDY, D("2021-04-23"), 8,
                    "党史学习教育专题培训（教职工党员和入党积极分子）")
        for e in self.entries:
            course = BATCHES[e.batch].training if e.batch else None
            if course is not None and D(course[1]).year == YEAR:
                add(e.id, TrainingKind.CANDIDATE, D(course[1]), 24, "学院党委党校发展对象培训班")
        for e in self.all_members(D("2021-06-24")):
            if e.batch in ("A", "B"):
                add(e.id, TrainingKind.MEMBER_STUDY, D("2021-06-24"), 6,
                    "毕业生党员离校前专题教育")
                add(e.id, TrainingKind.MEMBER_STUDY, D("2021-06-25"), 6,
                    "“三晋先锋”平台网络学习（1—6月累计）")
        for e in self.all_members(D("2021-12-20")):
            admitted = e.party["admission"]
            hours = 12 if admitted.year < YEAR else min(12, 2 * (13 - admitted.month))
            add(e.id, TrainingKind.MEMBER_STUDY, D("2021-12-20"), hours,
                "“三晋先锋”平台网络学习（全年累计）")
        return out

    # -- posts, contacts, societies ------------------------------------------------------
    def posts(self) -> list[Post]:
        s = self.s
        out = [Post(id=f"{self.p}-ps01", person_id=self.pid(s.organiser), kind=PostKind.ORGANISER,
                    unit_id=self.gb, full_time=True, start=D("2018-09-01"))]
        if s.opinion_officer:
            out.append(Post(id=f"{self.p}-ps02", person_id=self.pid(s.opinion_officer),
                            kind=PostKind.OPINION_OFFICER, unit_id=self.gb, full_time=False,
                            start=D("2019-03-01")))
        for i, e in enumerate(self.counselors(), 3):
            assert e.counselor_since is not None
            out.append(Post(id=f"{self.p}-ps{i:02d}", person_id=e.id, kind=PostKind.COUNSELOR,
                            unit_id=self.gb, full_time=True, start=e.counselor_since))
        return out

    def contacts(self) -> list[ContactAssignment]:
        out: list[ContactAssignment] = []

        def add(leader: str, target: str, start: date, end: date | None = None) -> None:
            out.append(ContactAssignment(id=f"{self.p}-ca{len(out) + 1:03d}", leader_id=leader,
                                         target_id=target, start=start, end=end))

        spring = D("2021-03-01")
        for b in self.s.branches:
            bid = self.oid(b.key)
            leader = self.pid(b.contact_leader)
            add(leader, bid, spring)
            for e in self.entries:
                if e.branch != bid or (e.category is not STU and "admission" in e.party):
                    continue
                cohort = BATCHES[e.batch].cohort if e.batch else 0
                if cohort == 2021:
                    add(leader, e.id, D("2021-09-15"))
                else:
                    add(leader, e.id, spring, GRADUATION if cohort == 2018 else None)
        return out

    def societies(self) -> tuple[list[Society], list[SocietyEvent]]:
        socs: list[Society] = []
        events: list[SocietyEvent] = []
        for i, spec in enumerate(self.s.societies, 1):
            sid = f"{self.p}-so{i}"
            socs.append(Society(id=sid, name=spec.name, org_id=self.gb,
                                advisor_id=self.pid(spec.advisor), founded=D(spec.founded)))
            for title, kind, day_text, ahead in spec.events:
                day = D(day_text)
                if title in self.s.gaps.late_report:
                    reported = day + timedelta(days=1)
                else:
                    reported = day - timedelta(days=ahead)
                    while not working(reported):
                        reported -= timedelta(days=1)
                events.append(SocietyEvent(id=f"{self.p}-se{len(events) + 1:03d}", society_id=sid,
                                           kind=kind, date=day, reported_on=reported, title=title))
        return socs, events

    # -- outcomes ------------------------------------------------------------------------
    def outcomes(self) -> dict[str, list[Any]]:
        s, gb = self.s, self.gb
        documents = [
            Document(id=f"{self.p}-doc{i:02d}", kind=kind, title=title, org_id=gb,
                     category=category, effective=D(effective))
            for i, (kind, (title, category, effective)) in enumerate(
                [*((DocumentKind.REGULATION, r) for r in s.regulations),
                 *((DocumentKind.PLAN, p) for p in s.plans)], 1)
        ]
        awards: list[Award] = []
        for spec in s.awards:
            for i in range(spec.count):
                suffix = f"（获奖团队{i + 1}）" if spec.count > 1 else ""
                named = spec.named if i == 0 else ()
                awards.append(Award(id=f"{self.p}-aw{len(awards) + 1:03d}",
                                    title=spec.title + suffix, level=spec.level, kind=spec.kind,
                                    date=D(spec.day), org_id=gb,
                                    person_ids=[self.pid(h) for h in named],
                                    winner_category=spec.category,
                                    winner_count=spec.winners or None))
        tasks = [
            Task(id=f"{self.p}-tk{i:02d}", title=title, org_id=gb, due=D(due),
                 done_on=(D(due) - timedelta(days=3 + i % 9)) if done else None, count=count)
            for i, (title, count, due, done) in enumerate(s.tasks, 1)
        ]
        metrics = [
            Metric(id=f"{self.p}-mt{i}", name=name, org_id=gb, value=Decimal(value),
                   start=D(start), end=D(end), cohort=cohort, numerator=num, denominator=den)
            for i, (name, cohort, value, start, end, num, den) in enumerate(s.metrics, 1)
        ]
        projects = [
            Project(id=f"{self.p}-pj{i}", title=title, org_id=gb, kind=kind,
                    level=AwardLevel.PROVINCIAL, applied_on=D(applied),
                    approved_on=D(approved) if approved else None)
            for i, (title, kind, applied, approved) in enumerate(s.projects, 1)
        ]
        teachers = sum(1 for e in self.entries if e.category is T)
        staff = sum(1 for e in self.entries if e.category is ST)
        headcounts = [
            Headcount(id=f"{self.p}-hc{i}", unit_id=gb, date=D(day), students=students,
                      full_time_students=students, teachers=teachers, staff=staff)
            for i, (day, students) in enumerate(s.headcounts, 1)
        ]
        incidents = []
        if s.gaps.minor_incident is not None:
            day, category, text = s.gaps.minor_incident
            incidents.append(Incident(id=f"{self.p}-inc1", org_id=gb, date=D(day),
                                      severity=IncidentSeverity.MINOR, category=category,
                                      description=text))
        return {"documents": documents, "awards": awards, "tasks": tasks, "metrics": metrics,
                "projects": projects, "headcounts": headcounts, "incidents": incidents}

    # -- people as records ---------------------------------------------------------------
    def people(self) -> list[Person]:
        return [
            Person(
                id=e.id, name=e.name, category=e.category, department_id=self.gb,
                specialty_teacher=e.specialty,
                student_level=StudentLevel.UNDERGRADUATE if e.category is STU else None,
                birth_date=e.birth, title_rank=e.title, degree=e.degree,
                academic_lead=e.academic_lead, dual_leader=e.dual_leader,
                party=PartyDates(**e.party),
                memberships=[Membership(org_id=o, start=a, end=b) for o, a, b in e.memberships],
                incomes=[Income(effective=m, category=c, base=b) for m, c, b in e.incomes],
            )
            for e in self.entries
        ]

    def ledger(self) -> Ledger:
        meetings = self.meetings()  # records the 2021 votes the cases need
        socs, events = self.societies()
        return Ledger(
            title=self.s.title,
            organizations=self.orgs,
            elections=self.elections,
            party_roles=self.roles,
            people=self.people(),
            posts=self.posts(),
            meetings=meetings,
            development_cases=self.cases(),
            dues_payments=self.dues(),
            trainings=self.trainings(),
            contact_assignments=self.contacts(),
            societies=socs,
            society_events=events,
            **self.outcomes(),
        )


# --------------------------------------------------------------------------------------
# Shared tables
# --------------------------------------------------------------------------------------

FACULTY, STAFF_KIND = TeacherKind.FACULTY, TeacherKind.STAFF
TEACHER_BRANCH, STUDENT_BRANCH = BranchCategory.TEACHER, BranchCategory.STUDENT
MEETING, EVENT = SocietyEventKind.MEETING, SocietyEventKind.EVENT
NAT, PROV, SCHOOL = AwardLevel.NATIONAL, AwardLevel.PROVINCIAL, AwardLevel.SCHOOL
HONOUR, CONTEST, PROJECT = AwardKind.HONOUR, AwardKind.COMPETITION, AwardKind.PROJECT
FILM = MeetingKind.OPEN_ACTIVITY

MEDIA_TITLES = (
    "【党史学习教育】{short}党总支召开党史学习教育推进会",
    "【学习园地】每日一学：百年党史上的今天",
    "【支部风采】{teacher}开展主题党日活动",
    "【支部风采】{student}开展“我为同学办实事”活动",
    "【三讲堂】系部大讲堂开讲，师生共话成长",
    "【青马班】青年马克思主义者培养班开展专题学习",
    "【榜样力量】技能大赛获奖学生风采展示",
    "【双高建设】专业群建设推进会召开",
    "【课程思政】课程思政示范课堂展示",
    "【安全教育】实训室安全操作提示",
    "【疫情防控】师生疫情防控知识问答",
    "【就业服务】走访顶岗实习企业，看望实习学生",
    "【政治生日】为本月入党的党员同志过政治生日",
    "【劳动教育】实训基地劳动实践周",
    "【师德师风】身边的好老师",
    "【红色影院】红色电影展播观后感",
    "【学生社团】社团活动精彩回顾",
    "【理论学习】中心组集体学习掠影",
    "【志愿服务】{student}学生党员先锋队在行动",
    "【工匠精神】企业大师进校园",
    "【创新创业】创新创业项目路演",
    "【传统文化】传统节日里的文化传承",
    "【通知公告】{short}{m}月党建工作安排",
    "【心理健康】阳光心理，健康成长",
)

_TEACHERS_SERVE = "“我为群众办实事”："
_VANGUARD = "学生党员先锋队："

#: The seed's branches: what a department building 七个有力 branches records.  Teacher branches
#: serve about once a month in term (the 2021 “我为群众办实事” practice), the students'
#: 学生党员先锋队 twice a month; every member records a contact each semester.
SEED_LIFE = BranchLife(
    open_={
        "faculty": (
            (4, 20, "党员示范课：课程思政公开课（面向全系教师开放）"),
            (5, 25, "“党员先锋岗”实训室开放日：专业实训室向全系学生开放"),
            (6, 8, "学党史进班级：党员教师为学生班级讲“百年党史中的大国工匠”"),
            (10, 19, "学党史进班级：党员教师为2021级新生讲“七一”重要讲话精神"),
            (11, 23, "党员示范课：课程思政公开课（面向全系教师开放）"),
            (12, 7, "“党员先锋岗”实训室开放日：技能大赛集训室向全系学生开放"),
        ),
        "staff": (
            (4, 27, "党史知识竞赛（面向全系师生）"),
            (6, 22, "“我为师生办实事”座谈会：邀请非党员教师和学生代表参加"),
            (10, 26, "心理健康教育讲座（面向全系学生开放）"),
            (12, 14, "“我为师生办实事”意见征集会：邀请非党员教职工参加"),
        ),
        "student": (
            (3, 30, "入党积极分子助理进班级：2020级班级党史学习分享会"),
            (5, 18, "学生党员“党史宣讲团”进宿舍：面向全体学生开放"),
            (6, 1, "“学党史、颂党恩”主题演讲比赛（面向全系学生）"),
            (10, 12, "入党积极分子助理进新生班级：2021级新生“党的知识”第一课"),
            (11, 16, "入党积极分子助理进新生班级：学习党的十九届六中全会精神分享会"),
            (12, 9, "纪念“一二·九”运动主题活动（面向全系学生）"),
        ),
    },
    service={
        "faculty": (
            (3, 17, _TEACHERS_SERVE + "党员教师为技能大赛集训学生义务辅导"),
            (4, 14, _TEACHERS_SERVE + "走访合作企业，为企业技术难题提供咨询服务"),
            (5, 19, _TEACHERS_SERVE + "送教下乡，为县职教中心开展专业教学指导"),
            (6, 16, _TEACHERS_SERVE + "期末考试前为学习困难学生开展学业帮扶"),
            (7, 7, _TEACHERS_SERVE + "走访顶岗实习企业，看望实习学生"),
            (9, 8, _TEACHERS_SERVE + "迎新季专业认知咨询服务"),
            (10, 20, _TEACHERS_SERVE + "进社区开展安全用电知识讲座和家电义务维修"),
            (11, 10, _TEACHERS_SERVE + "为毕业班学生开展就业指导和简历辅导"),
            (12, 15, _TEACHERS_SERVE + "为合作企业员工开展技能培训"),
        ),
        "staff": (
            (1, 12, "“我为师生办实事”：寒假离校学生安全返乡服务"),
            (3, 2, "“我为师生办实事”：开学返校疫情防控值守服务"),
            (4, 21, "“我为师生办实事”：走访慰问家庭经济困难学生"),
            (6, 25, "“我为师生办实事”：毕业生离校手续“一站式”服务"),
            (9, 9, "“我为师生办实事”：迎新“一站式”报到服务"),
            (10, 13, "“我为师生办实事”：新生心理健康普查与个别辅导"),
            (11, 24, "“我为师生办实事”：冬季宿舍安全检查与取暖服务"),
            (12, 22, "“我为师生办实事”：期末学生资助政策咨询服务"),
        ),
        "student": (
            (3, 5, _VANGUARD + "“学雷锋”社区志愿服务"),
            (3, 23, _VANGUARD + "实训室设备清点与维护志愿服务"),
            (4, 16, _VANGUARD + "新冠疫苗接种点志愿服务"),
            (4, 28, _VANGUARD + "家电义务维修进社区"),
            (5, 12, _VANGUARD + "校园文明督导志愿服务"),
            (5, 26, _VANGUARD + "无偿献血志愿服务"),
            (6, 9, _VANGUARD + "毕业生离校志愿服务"),
            (6, 23, _VANGUARD + "期末学业帮扶（一对一辅导）"),
            (9, 10, _VANGUARD + "迎新志愿服务"),
            (9, 24, _VANGUARD + "新生军训保障志愿服务"),
            (10, 14, _VANGUARD + "敬老院慰问志愿服务"),
            (10, 28, _VANGUARD + "实训室安全巡查志愿服务"),
            (11, 5, _VANGUARD + "校园核酸检测志愿服务"),
            (11, 19, _VANGUARD + "社区防疫宣传志愿服务"),
            (12, 3, _VANGUARD + "“宪法宣传周”普法志愿服务"),
            (12, 17, _VANGUARD + "期末学业帮扶（一对一辅导）"),
        ),
    },
    dynamics=(3, 4, 5, 6, 9, 10, 11, 12),
    platform=(
        (7, 2, "“三晋先锋”平台“支部风采”：{branch}集中收看庆祝中国共产党成立100周年大会直播"),
        (12, 27, "“三晋先锋”平台“支部风采”：{branch}2021年度工作亮点"),
    ),
    contacts={"faculty": ((4, 6), (11, 8)), "staff": ((4, 6), (11, 8)),
              "student": ((4, 6), (11, 8))},
)

#: The weaker department's branches record little beyond 三会一课: a few services, a few
#: open activities and reports, and no member's 联系服务群众 at all.
WEAKER_LIFE = BranchLife(
    open_={
        "faculty": ((11, 23, "党员示范课：课程思政公开课（面向全系教师开放）"),),
        "student": (
            (5, 18, "学生党员“党史宣讲团”进宿舍：面向全体学生开放"),
            (10, 12, "学生党员进新生班级：2021级新生“党的知识”第一课"),
        ),
    },
    service={
        "faculty": (
            (7, 7, _TEACHERS_SERVE + "走访顶岗实习企业，看望实习学生"),
            (11, 10, _TEACHERS_SERVE + "为毕业班学生开展就业指导"),
        ),
        "staff": ((9, 9, "“我为师生办实事”：迎新报到服务"),),
        "student": (
            (3, 5, "学生党员志愿服务：“学雷锋”社区志愿服务"),
            (4, 16, "学生党员志愿服务：新冠疫苗接种点志愿服务"),
            (9, 10, "学生党员志愿服务：迎新志愿服务"),
            (11, 5, "学生党员志愿服务：校园核酸检测志愿服务"),
            (12, 3, "学生党员志愿服务：“宪法宣传周”普法志愿服务"),
        ),
    },
    dynamics=(6, 12),
    platform=((7, 2, "“三晋先锋”平台“支部风采”：{branch}集中收看庆祝中国共产党成立100周年大会直播"),),
)


def _awards_seed() -> tuple[AwardSpec, ...]:
    """2019–2021 awards with their winners: contest teams of 1–3 students (互联网+ teams of
    3), teaching-ability teams of 3 teachers; the department's own honours and the courses
    recognised as 精品/示范 name no winner.  2020–2021 (“两年多来”) come to 88 人次 (75
    students, 13 teachers): the seed's “获奖师生累计80余人次”.  ``named`` lists the winners on
    the ledger's roster — teachers, counsellors and student party members — the other winners
    are students who are not on it."""
    contest = "山西省职业院校技能大赛高职组"
    a = AwardSpec
    return (
        # 2019
        a("全国职业院校技能大赛高职组“机电一体化项目”赛项三等奖", NAT, CONTEST, "2019-06-12",
          winners=2, category=STU),
        a(f"{contest}“机电一体化项目”赛项一等奖", PROV, CONTEST, "2019-04-19", winners=2, category=STU),
        a(f"{contest}“工业机器人技术应用”赛项二等奖", PROV, CONTEST, "2019-04-19", 3, 2, STU),
        a(f"{contest}“数控综合应用技术”赛项三等奖", PROV, CONTEST, "2019-04-26", 3, 1, STU),
        a(f"{contest}“CAD机械设计”赛项二等奖", PROV, CONTEST, "2019-04-26", 2, 1, STU),
        a("中国“互联网+”大学生创新创业大赛山西赛区铜奖", PROV, CONTEST, "2019-08-16", 2, 3, STU),
        a("山西省大学生电子设计竞赛三等奖", PROV, CONTEST, "2019-11-08", 3, 3, STU),
        a("山西省职业院校技能大赛教学能力比赛二等奖", PROV, CONTEST, "2019-07-05", 2, 3, T,
          ("t1.o2", "t1.n1", "t1.o5")),
        a("山西省党建工作标杆院系培育单位", PROV, HONOUR, "2019-12-20"),
        a("山西省职业教育教学成果奖二等奖", PROV, PROJECT, "2019-12-27", winners=4, category=T,
          named=("zhw", "slx", "hjp", "glp")),
        # 2020
        a(f"{contest}“现代电气控制系统安装与调试”赛项一等奖", PROV, CONTEST, "2020-11-13",
          winners=2, category=STU, named=("s1.B1", "s1.B2")),
        a(f"{contest}“工业机器人技术应用”赛项二等奖", PROV, CONTEST, "2020-11-13", 2, 2, STU),
        a(f"{contest}“智能制造生产线安装与调试”赛项三等奖", PROV, CONTEST, "2020-11-20", 3, 3, STU),
        a(f"{contest}“3D打印造型技术”赛项二等奖", PROV, CONTEST, "2020-11-20", 2, 1, STU),
        a("中国国际“互联网+”大学生创新创业大赛山西赛区铜奖", PROV, CONTEST, "2020-09-18", 2, 3, STU),
        a("山西省大学生电子设计竞赛二等奖", PROV, CONTEST, "2020-12-11", 3, 3, STU, ("s2.B1",)),
        a("山西省职业院校技能大赛教学能力比赛三等奖", PROV, CONTEST, "2020-09-30", 2, 3, T,
          ("mxd", "t2.o3", "t2.n2")),
        a("山西省高校优秀思想政治工作者", PROV, HONOUR, "2020-12-18", winners=1, category=T,
          named=("s1.c1",)),
        a("山西省职业教育精品在线开放课程", PROV, PROJECT, "2020-12-25"),
        # 2021
        a("全国职业院校技能大赛高职组“现代电气控制系统安装与调试”赛项一等奖", NAT, CONTEST,
          "2021-06-15", winners=2, category=STU, named=("s1.C1", "s1.C2")),
        a("全国职业院校技能大赛高职组“工业机器人技术应用”赛项三等奖", NAT, CONTEST,
          "2021-06-20", winners=2, category=STU, named=("s2.C1", "s2.C2")),
        a(f"{contest}“现代电气控制系统安装与调试”赛项一等奖", PROV, CONTEST, "2021-04-16",
          winners=2, category=STU, named=("s1.C1", "s1.C2")),
        a(f"{contest}“工业机器人技术应用”赛项一等奖", PROV, CONTEST, "2021-04-16",
          winners=2, category=STU, named=("s2.C1", "s2.C2")),
        a(f"{contest}“机电一体化项目”赛项二等奖", PROV, CONTEST, "2021-04-23", 2, 2, STU, ("s1.D1",)),
        a(f"{contest}“数控综合应用技术”赛项二等奖", PROV, CONTEST, "2021-04-23", winners=1,
          category=STU),
        a(f"{contest}“智能制造生产线安装与调试”赛项三等奖", PROV, CONTEST, "2021-04-30", 2, 3, STU),
        a(f"{contest}“CAD机械设计”赛项一等奖", PROV, CONTEST, "2021-04-30", winners=1, category=STU,
          named=("s2.D2",)),
        a(f"{contest}“CAD机械设计”赛项三等奖", PROV, CONTEST, "2021-04-30", 2, 1, STU),
        a(f"{contest}“电子产品设计及制作”赛项二等奖", PROV, CONTEST, "2021-05-14", winners=1,
          category=STU),
        a(f"{contest}“3D打印造型技术”赛项二等奖", PROV, CONTEST, "2021-05-14", 2, 1, STU),
        a("全国大学生机械创新设计大赛山西赛区一等奖", PROV, CONTEST, "2021-05-28", winners=3,
          category=STU),
        a("中国国际“互联网+”大学生创新创业大赛山西赛区银奖", PROV, CONTEST, "2021-08-20",
          winners=3, category=STU, named=("s1.E1",)),
        a("中国国际“互联网+”大学生创新创业大赛山西赛区铜奖", PROV, CONTEST, "2021-08-20", 2, 3, STU),
        a("山西省大学生电子设计竞赛二等奖", PROV, CONTEST, "2021-11-19", 2, 3, STU),
        a("山西省教育工委先进基层党组织", PROV, HONOUR, "2021-06-28"),
        a("山西省职业院校技能大赛教学能力比赛一等奖", PROV, CONTEST, "2021-06-30", winners=3,
          category=T, named=("glp", "t3.o2", "t3.n1")),
        a("山西省职业院校技能大赛教学能力比赛三等奖", PROV, CONTEST, "2021-06-30", winners=3,
          category=T, named=("t1.o4", "t1.o6", "t1.n2")),
        a("山西省职业教育课程思政示范课程", PROV, PROJECT, "2021-11-26"),
        a("学院先进党总支", SCHOOL, HONOUR, "2021-06-30"),
        a("学院“五四红旗团总支”", SCHOOL, HONOUR, "2021-05-04"),
    )


SEED = DeptSpec(
    prefix="jd",
    short="机电工程系",
    gb_name="中共山西工程职业学院机电工程系总支部委员会",
    title="山西工程职业学院机电工程系党总支 2021 年党建工作台账",
    named={
        "wzg": Named("王志刚", "1971-03-14", T, AS, MA, "1995-06-20", "8350", joined="2016-03-01"),
        "lxy": Named("李晓燕", "1979-08-09", T, AS, MA, "2001-05-18", "7420", joined="2014-09-01"),
        "zhw": Named("张宏伟", "1968-11-02", T, FS, DR, "1992-07-01", "9860", specialty=True,
                     academic_lead=True),
        "ljj": Named("刘建军", "1974-05-21", T, AS, MA, "1998-12-10", "8240", specialty=True),
        "zp": Named("赵鹏", "1977-02-16", T, AS, MA, "2000-06-28", "7960", specialty=True),
        "cl": Named("陈丽", "1983-04-27", ST, IM, MA, "2005-05-20", "6150"),
        "yf": Named("杨帆", "1986-09-30", ST, IM, MA, "2008-06-16", "5680"),
        "zm": Named("周敏", "1990-12-05", ST, IM, BA, "2012-05-25", "4870",
                    raise_to=("2021-07", "5180")),
        "wg": Named("吴刚", "1981-07-19", ST, IM, BA, "2004-11-12", "5320"),
        "slx": Named("孙立新", "1975-10-08", T, AS, MA, "1999-06-18", "8120", specialty=True,
                     academic_lead=True, dual_leader=True),
        "mxd": Named("马向东", "1978-03-22", T, AS, DR, "2002-04-26", "7890", specialty=True,
                     dual_leader=True),
        "hjp": Named("郝建平", "1970-06-15", T, AS, MA, "1994-05-12", "8460", specialty=True,
                     academic_lead=True),
        "glp": Named("高丽萍", "1976-12-03", T, FS, DR, "2000-11-20", "9320", specialty=True,
                     academic_lead=True, dual_leader=True),
    },
    gb_terms=(Term("2019-11-26", "wzg", (("lxy", DEP), ("cl", ORG), ("ljj", PUB), ("zp", DIS),
                                          ("zhw", MEM))),),
    center_group=("wzg", "zhw", "lxy", "ljj", "zp", "cl"),
    leaders=("wzg", "zhw", "lxy", "ljj", "zp"),
    organiser="cl",
    opinion_officer="yf",
    branches=(
        BranchSpec("t1", "机电一体化教工党支部", TEACHER_BRANCH, FACULTY, named=("zhw", "slx"),
                   ordinary=10, nonmembers=5, batches=(("TA", 1),),
                   terms=(Term("2017-05-11", "slx", (("t1.o1", ORG), ("t1.o3", PUB))),
                          Term("2020-05-14", "slx", (("t1.o1", ORG), ("t1.o2", PUB)))),
                   contact_leader="zhw"),
        BranchSpec("t2", "机械制造教工党支部", TEACHER_BRANCH, FACULTY, named=("ljj", "mxd"),
                   ordinary=9, nonmembers=4, batches=(("TV", 1),), service_skips=(5,),
                   terms=(Term("2019-09-19", "mxd",
                               (("t2.o1", ORG), ("t2.o2", PUB), ("t2.o3", DIS))),),
                   contact_leader="ljj"),
        BranchSpec("t3", "电气自动化教工党支部", TEACHER_BRANCH, FACULTY,
                   named=("zp", "hjp", "glp"), ordinary=6, nonmembers=3, batches=(("TT", 1),),
                   terms=(Term("2018-06-14", "hjp", (("t3.o1", ORG), ("glp", PUB))),
                          Term("2021-06-10", "glp", (("hjp", ORG), ("t3.o1", PUB)))),
                   contact_leader="zp"),
        BranchSpec("t4", "机关教工党支部", TEACHER_BRANCH, STAFF_KIND,
                   named=("wzg", "lxy", "cl", "yf", "zm", "wg"), counselors=2,
                   terms=(Term("2019-04-18", "cl", (("yf", ORG), ("zm", PUB))),),
                   contact_leader="wzg"),
        BranchSpec("s1", "机电一体化学生党支部", STUDENT_BRANCH, counselors=4,
                   batches=(("A", 3), ("B", 6), ("C", 4), ("D", 4), ("E", 2), ("K", 3),
                            ("V", 7), ("N", 8)),
                   groups=True,
                   terms=(Term("2020-11-12", "s1.c1",
                               (("s1.c2", ORG), ("s1.c3", PUB), ("s1.c4", DIS))),),
                   contact_leader="wzg"),
        BranchSpec("s2", "机械制造学生党支部", STUDENT_BRANCH, counselors=3,
                   batches=(("A", 2), ("B", 4), ("C", 3), ("D", 3), ("E", 1), ("K", 2),
                            ("V", 5), ("N", 6)),
                   service_skips=(6, 13),  # a smaller 先锋队: not at graduation, not 11-19
                   terms=(Term("2019-11-21", "s2.c1", (("s2.c2", ORG), ("s2.c3", PUB))),),
                   contact_leader="lxy"),
    ),
    headcounts=(("2020-10-15", 1786), ("2021-10-15", 1800)),
    lecture_series=("党的理论大讲堂", "创新创业大讲堂", "传统文化大讲堂"),
    series_sessions=(
        ("党的理论大讲堂", "2020-10-22", "学习党的十九届五中全会精神"),
        ("创新创业大讲堂", "2020-11-12", "从技能大赛到创业路演"),
        ("传统文化大讲堂", "2020-11-26", "三晋文化与晋商精神"),
        ("党的理论大讲堂", "2020-12-10", "“十四五”规划与职业教育"),
        ("创新创业大讲堂", "2020-12-17", "大学生创业政策解读"),
        ("传统文化大讲堂", "2020-12-24", "冬至：节气里的中国"),
        ("传统文化大讲堂", "2021-03-31", "清明：慎终追远与家国情怀"),
        ("党的理论大讲堂", "2021-04-14", "从党史中汲取奋进力量"),
        ("创新创业大讲堂", "2021-04-21", "智能制造领域的创新机会"),
        ("党的理论大讲堂", "2021-05-19", "伟大建党精神的时代内涵"),
        ("创新创业大讲堂", "2021-06-09", "“互联网+”大赛项目打磨"),
        ("传统文化大讲堂", "2021-06-10", "端午：屈原与爱国主义"),
        ("传统文化大讲堂", "2021-09-15", "中秋：团圆与乡愁"),
        ("党的理论大讲堂", "2021-09-29", "学习“七一”重要讲话精神"),
        ("创新创业大讲堂", "2021-10-20", "校友创业经验分享"),
        ("传统文化大讲堂", "2021-11-10", "大国工匠与传统技艺"),
        ("党的理论大讲堂", "2021-11-24", "学习党的十九届六中全会精神"),
        ("创新创业大讲堂", "2021-12-08", "专利申请与成果转化"),
    ),
    youth_class=(
        ("2021-04-09", "第五期青马班开班仪式暨第一讲：马克思主义基本原理"),
        ("2021-04-23", "学习《共产党宣言》"),
        ("2021-05-14", "党史中的青年力量"),
        ("2021-05-28", "参观山西省国民师范旧址革命活动纪念馆"),
        ("2021-06-18", "学习《论中国共产党历史》并结业考核"),
        ("2021-10-15", "第六期青马班开班仪式暨第一讲：新时代青年的使命担当"),
        ("2021-10-29", "学习习近平总书记“七一”重要讲话精神"),
        ("2021-11-12", "青年马克思主义者的理想信念"),
        ("2021-11-26", "学习党的十九届六中全会精神"),
        ("2021-12-10", "社会实践成果交流暨结业考核"),
    ),
    regulations=(
        ("机电工程系政治安全和意识形态工作研判制度", "党建党务", "2019-09-01"),
        ("机电工程系党政领导班子联系基层工作制度", "党建党务", "2019-09-01"),
        ("机电工程系党总支会议和党政联席会议议事规则", "党建党务", "2019-03-01"),
        ("机电工程系教学质量监控与评价办法", "教育教学管理", "2019-09-01"),
        ("机电工程系课程思政建设实施办法", "教育教学管理", "2020-03-01"),
        ("机电工程系学生社团管理办法", "学生教育管理", "2019-09-01"),
        ("机电工程系辅导员工作考核办法", "学生教育管理", "2020-03-01"),
        ("机电工程系实训室管理制度", "实训实习管理", "2019-03-01"),
        ("机电工程系学生顶岗实习管理办法", "实训实习管理", "2019-09-01"),
        ("机电工程系实训安全管理制度", "安全", "2019-03-01"),
    ),
    plans=(
        ("机电工程系防控新型冠状病毒性肺炎疫情工作实施方案", "安全", "2020-01-27"),
        ("机电工程系党总支2021年党建工作要点", "党建党务", "2021-01-15"),
    ),
    societies=(
        SocietySpec("机器人创新协会", "s1.c2", "2015-10-10", (
            ("2021年春季招新见面会", MEETING, "2021-03-12", 3),
            ("校园机器人创意设计大赛", EVENT, "2021-04-23", 7),
            ("机器人编程技能培训", EVENT, "2021-05-21", 5),
            ("2021年秋季招新见面会", MEETING, "2021-09-24", 4),
            ("机器人社团年度总结会", MEETING, "2021-12-17", 3),
        )),
        SocietySpec("电子科技协会", "s2.c2", "2013-10-15", (
            ("春季学期社团骨干会议", MEETING, "2021-03-17", 2),
            ("家电义务维修活动", EVENT, "2021-04-28", 6),
            ("电子设计竞赛校内选拔赛", EVENT, "2021-06-04", 10),
            ("秋季学期社团骨干会议", MEETING, "2021-09-28", 3),
            ("焊接技能比武", EVENT, "2021-11-19", 8),
        )),
        SocietySpec("3D打印创客社", "s1.c3", "2018-03-20", (
            ("创客社学期计划会", MEETING, "2021-03-19", 3),
            ("3D打印作品展", EVENT, "2021-05-20", 7),
            ("创客社换届会议", MEETING, "2021-10-15", 4),
            ("创意建模工作坊", EVENT, "2021-12-03", 5),
        )),
        SocietySpec("机电青年志愿者协会", "t4.c1", "2012-11-05", (
            ("志愿者协会例会", MEETING, "2021-03-10", 2),
            ("“学雷锋”社区志愿服务", EVENT, "2021-03-05", 4),
            ("迎新志愿服务", EVENT, "2021-09-10", 6),
            ("敬老院慰问活动", EVENT, "2021-10-14", 5),
        )),
    ),
    awards=_awards_seed(),
    tasks=(
        ("“双高”建设：专业群人才培养模式创新", 18, "2021-06-30", True),
        ("“双高”建设：课程教学资源建设", 24, "2021-12-20", True),
        ("“双高”建设：教材与教法改革", 16, "2021-12-20", True),
        ("“双高”建设：教师教学创新团队建设", 20, "2021-12-20", True),
        ("“双高”建设：实践教学基地建设", 22, "2021-09-30", True),
        ("“双高”建设：技术技能平台建设", 15, "2021-12-20", True),
        ("“双高”建设：社会服务", 14, "2021-12-20", True),
        ("“双高”建设：国际交流与合作", 6, "2021-12-20", True),
        ("“双高”建设：可持续发展保障机制", 12, "2021-12-20", True),
        ("“双高”建设：党建引领与思政育人", 16, "2021-06-30", True),
    ),
    metrics=(
        ("employment_rate", "2020届", "0.96", "2020-07-01", "2021-06-30", 576, 600),
        ("employment_intent", "2021届", "0.957", "2020-09-01", "2021-06-30", 603, 630),
    ),
    projects=(
        ("产教融合背景下高职机电类专业人才培养模式研究", "山西省教育科学“十四五”规划课题",
         "2021-03-15", "2021-07-08"),
        ("高职机电类专业课程思政教学体系构建与实践", "山西省高等学校教学改革创新项目",
         "2021-04-12", "2021-09-28"),
        ("基于在线平台的《液压与气动技术》混合式教学改革研究", "山西省职业教育教学改革研究课题",
         "2021-04-20", "2021-10-26"),
        ("新时代高职院校党建与业务深度融合路径研究", "山西省高校思想政治工作研究课题",
         "2021-05-10", "2021-11-16"),
        ("工业机器人技术专业群“岗课赛证”融通研究", "山西省职业教育教学改革研究课题",
         "2021-05-18", None),
        ("中小制造企业智能化改造技术服务模式研究", "山西省软科学研究计划项目", "2021-06-02", None),
    ),
    media=MEDIA_TITLES,
    pool_offset=0,
    extras=(  # the 红色电影展播室: each showing is run by one branch, open to all
        ("2021-03-11", "gb t1", FILM, "红色电影展播室：《觉醒年代》展播（机电一体化教工党支部承办）"),
        ("2021-04-08", "gb s1", FILM, "红色电影展播室：《建党伟业》展播（机电一体化学生党支部承办）"),
        ("2021-05-13", "gb t2", FILM, "红色电影展播室：《悬崖之上》展播（机械制造教工党支部承办）"),
        ("2021-06-10", "gb s2", FILM, "红色电影展播室：《我和我的祖国》展播（机械制造学生党支部承办）"),
        ("2021-07-08", "gb t3", FILM, "红色电影展播室：《1921》展播（电气自动化教工党支部承办）"),
        ("2021-09-16", "gb t4", FILM, "红色电影展播室：《革命者》展播（机关教工党支部承办）"),
        ("2021-10-14", "gb s1", FILM, "红色电影展播室：《长津湖》展播（机电一体化学生党支部承办）"),
        ("2021-11-18", "gb s2", FILM, "红色电影展播室：《金刚川》展播（机械制造学生党支部承办）"),
    ),
    life=SEED_LIFE,
    democratic_life=("2021-12-23", "党总支领导班子党史学习教育专题民主生活会"),
    gaps=Gaps(dues_late=(("t2.o6", 2, "2021-03-02"),), media_short=((8, 3),),
              overrides=(("s1.N8", "talk", "2021-11-12"),)),
)


WEAKER = DeptSpec(
    prefix="xx",
    short="信息工程系",
    gb_name="中共山西工程职业学院信息工程系总支部委员会",
    title="山西工程职业学院信息工程系党总支 2021 年党建工作台账",
    named={
        "hxm": Named("韩晓明", "1973-05-06", T, AS, MA, "1996-11-15", "8120", joined="2017-03-01"),
        "qyl": Named("秦玉兰", "1982-02-17", T, IM, MA, "2004-06-08", "6480"),
        "dwj": Named("段文杰", "1976-09-12", T, AS, DR, "2001-04-20", "8650", specialty=True,
                     academic_lead=True),
        "myq": Named("孟雅琴", "1979-11-25", T, AS, MA, "2003-05-16", "7780", specialty=True),
        "shm": Named("申海明", "1984-03-30", ST, IM, MA, "2007-05-11", "5960"),
        "lsf": Named("卢少华", "1987-08-14", ST, IM, BA, "2010-06-18", "5120"),
        "wyf": Named("温宇飞", "1977-12-09", T, AS, MA, "2001-12-06", "8010", specialty=True,
                     academic_lead=True, dual_leader=True),
        "cwj": Named("崔文娟", "1989-04-02", T, IM, MA, "2011-05-27", "5860", specialty=True),
    },
    gb_terms=(Term("2020-09-24", "hxm", (("qyl", DEP), ("shm", ORG), ("myq", PUB),
                                          ("dwj", MEM))),),
    center_group=("hxm", "dwj", "qyl", "myq", "shm"),
    leaders=("hxm", "dwj", "qyl", "myq"),
    organiser="shm",
    opinion_officer=None,
    branches=(
        BranchSpec("t1", "计算机应用教工党支部", TEACHER_BRANCH, FACULTY, named=("dwj", "wyf"),
                   ordinary=7, nonmembers=4,
                   terms=(Term("2019-10-17", "wyf", (("t1.o1", ORG), ("t1.o2", PUB))),),
                   contact_leader="dwj"),
        BranchSpec("t2", "软件技术教工党支部", TEACHER_BRANCH, FACULTY, named=("myq", "cwj"),
                   ordinary=6, nonmembers=4,
                   terms=(Term("2020-04-16", "cwj", (("t2.o1", ORG), ("t2.o2", PUB))),),
                   contact_leader="myq"),
        BranchSpec("t3", "机关教工党支部", TEACHER_BRANCH, STAFF_KIND,
                   named=("hxm", "qyl", "shm", "lsf"), terms=(Term("2019-05-16", "shm"),),
                   contact_leader="hxm"),
        BranchSpec("s1", "计算机学生党支部", STUDENT_BRANCH, counselors=3,
                   batches=(("A", 2), ("B", 3), ("C", 3), ("D", 3), ("E", 1), ("K", 1),
                            ("V", 4), ("N", 5)),
                   terms=(Term("2020-10-22", "s1.c1", (("s1.c2", ORG), ("s1.c3", PUB))),),
                   contact_leader="hxm"),
        BranchSpec("s2", "电子信息学生党支部", STUDENT_BRANCH, counselors=2,
                   batches=(("A", 1), ("B", 2), ("C", 2), ("D", 2), ("E", 1), ("K", 1),
                            ("V", 3), ("N", 4)),
                   terms=(Term("2019-12-05", "s2.c1", (("s2.c2", ORG),)),),
                   contact_leader="qyl"),
    ),
    headcounts=(("2020-10-15", 1462), ("2021-10-15", 1500)),
    lecture_series=("信息技术大讲堂", "思政大讲堂"),
    series_sessions=(
        ("信息技术大讲堂", "2020-10-29", "5G时代的职业机会"),
        ("思政大讲堂", "2020-11-19", "学习党的十九届五中全会精神"),
        ("信息技术大讲堂", "2020-12-03", "网络安全与个人信息保护"),
        ("思政大讲堂", "2020-12-17", "宪法与青年"),
        ("信息技术大讲堂", "2021-04-15", "工业互联网入门"),
        ("思政大讲堂", "2021-05-20", "党史中的青年榜样"),
        ("信息技术大讲堂", "2021-06-03", "人工智能应用案例"),
        ("信息技术大讲堂", "2021-10-21", "数字经济与就业"),
        ("思政大讲堂", "2021-11-04", "学习“七一”重要讲话精神"),
        ("思政大讲堂", "2021-12-02", "学习党的十九届六中全会精神"),
        ("信息技术大讲堂", "2021-12-09", "软件测试岗位认知"),
    ),
    youth_class=(),
    regulations=(
        ("信息工程系党总支会议议事规则", "党建党务", "2019-03-01"),
        ("信息工程系意识形态工作责任制实施细则", "党建党务", "2019-09-01"),
        ("信息工程系教学管理规定", "教育教学管理", "2019-09-01"),
        ("信息工程系学生社团管理办法", "学生教育管理", "2020-03-01"),
        ("信息工程系顶岗实习管理办法", "实训实习管理", "2019-09-01"),
        ("信息工程系机房安全管理制度", "安全", "2019-03-01"),
    ),
    plans=(("信息工程系疫情防控工作方案", "安全", "2020-02-03"),),
    societies=(
        SocietySpec("网络技术协会", "s1.c2", "2014-10-20", (
            ("春季学期社团例会", MEETING, "2021-03-18", 2),
            ("计算机义务维修", EVENT, "2021-04-22", 5),
            ("网络安全知识竞赛", EVENT, "2021-10-21", 5),
            ("社团年度总结会", MEETING, "2021-12-16", 3),
        )),
        SocietySpec("电子商务创业协会", "s2.c1", "2016-03-25", (
            ("协会例会", MEETING, "2021-03-24", 2),
            ("直播带货技能培训", EVENT, "2021-05-27", 6),
            ("秋季招新见面会", MEETING, "2021-09-23", 3),
        )),
    ),
    awards=(
        AwardSpec("山西省职业院校技能大赛高职组“计算机网络应用”赛项二等奖", PROV, CONTEST, "2020-11-13",
                  winners=2, category=STU),
        AwardSpec("山西省职业院校技能大赛高职组“软件测试”赛项三等奖", PROV, CONTEST, "2020-11-20", 2,
                  2, STU),
        AwardSpec("山西省职业院校技能大赛高职组“计算机网络应用”赛项三等奖", PROV, CONTEST, "2021-04-16",
                  winners=2, category=STU),
        AwardSpec("山西省职业院校技能大赛高职组“电子商务技能”赛项三等奖", PROV, CONTEST, "2021-04-23",
                  winners=3, category=STU),
        AwardSpec("山西省大学生计算机设计大赛三等奖", PROV, CONTEST, "2021-06-11", winners=2,
                  category=STU),
        AwardSpec("学院“五四红旗团总支”", SCHOOL, HONOUR, "2021-05-04"),
        AwardSpec("学院技能节程序设计比赛一等奖", SCHOOL, CONTEST, "2021-11-26", winners=1,
                  category=STU),
    ),
    tasks=(
        ("“双高”建设：专业群人才培养模式创新", 20, "2021-06-30", True),
        ("“双高”建设：课程教学资源建设", 25, "2021-12-20", True),
        ("“双高”建设：教材与教法改革", 14, "2021-12-20", True),
        ("“双高”建设：教师教学创新团队建设", 18, "2021-12-20", True),
        ("“双高”建设：实践教学基地建设", 20, "2021-09-30", True),
        ("“双高”建设：技术技能平台建设", 13, "2021-12-20", False),
        ("“双高”建设：社会服务", 12, "2021-12-20", False),
        ("“双高”建设：国际交流与合作", 6, "2021-12-20", False),
        ("“双高”建设：可持续发展保障机制", 12, "2021-12-20", False),
        ("“双高”建设：党建引领与思政育人", 23, "2021-06-30", True),
    ),
    metrics=(
        ("employment_rate", "2020届", "0.88", "2020-07-01", "2021-06-30", 440, 500),
        ("employment_intent", "2021届", "0.90", "2020-09-01", "2021-06-30", 468, 520),
    ),
    projects=(
        ("高职软件技术专业“1+X”证书融通研究", "山西省职业教育教学改革研究课题",
         "2021-04-15", "2021-10-26"),
        ("基于工作过程的《数据库应用》课程改革", "山西省高等学校教学改革创新项目",
         "2021-04-20", None),
        ("高职学生网络素养提升路径研究", "山西省高校思想政治工作研究课题", "2021-05-12", None),
    ),
    media=MEDIA_TITLES,
    pool_offset=97,
    life=WEAKER_LIFE,
    democratic_life=("2021-01-21", "党总支领导班子2020年度民主生活会"),
    gaps=Gaps(
        committee_missing=(("t1", 7), ("t1", 8)),
        study_group_missing=(7, 8),
        ideology_missing=(8,),
        unreviewed_months=(12,),
        heart_talk_missing=("t2.o5", "t2.o6"),
        untrained_specialty=3,
        dues_unpaid=(("t2.o4", (9, 10, 11, 12)),),
        late_report=("网络安全知识竞赛",),
        birthday_missing=(8,),
        overrides=(("s2.E1", "activist", "2020-12-24"), ("s1.D1", "approval", "2021-09-24"),
                   ("s1.D1", "oath", "2021-10-15")),
        media_short=((7, 2), (8, 1)),
        minor_incident=("2021-11-18", "安全",
                        "学生宿舍违规使用大功率电器导致跳闸，当场处置，未造成损失"),
    ),
)


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def build(spec: DeptSpec) -> Ledger:
    """The ledger of ``spec`` (constructing it runs every integrity check)."""
    return Builder(spec).ledger()


def build_seed() -> Ledger:
    """机电工程系党总支, 2021 (the seed department)."""
    return build(SEED)


def build_weaker() -> Ledger:
    """信息工程系党总支, 2021 (the weaker department)."""
    return build(WEAKER)


def render(ledger: Ledger) -> str:
    """The JSON text of a ledger: model field order, English enum values, UTF-8."""
    data = ledger.model_dump(mode="json", exclude_defaults=True)
    return json.dumps({"schema_version": SCHEMA_VERSION, **data}, ensure_ascii=False,
                      indent=1) + "\n"


def render_seed() -> str:
    return render(build_seed())


def render_weaker() -> str:
    return render(build_weaker())


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    for target, text in ((SEED_OUTPUT, render_seed()), (WEAKER_OUTPUT, render_weaker())):
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
