"""Synthetic ledgers at scale: a department, a school, or a province one school at a time.

Benchmarks and load tests need ledgers of realistic size and shape that anyone can rebuild
from a seed, without the real people in them.  :func:`synth` writes one calendar year:

- ``department``: one 党总支 with about 10 branches and 300 members and activists;
- ``school``: about 30 departments, 600 branches and 15,000 members in one ledger;
- ``province``: about 40 schools, 8,000 branches and 150,000 members, one file per school in
  a folder; generated and written one school at a time, so memory stays that of one school.

Every record type appears at realistic rates (meetings of every 三会一课 kind at their
cadences with attendance lists, dues per member-month at the bracket amounts, development
cases at every stage with their milestones and 公示, trainings, contacts, societies, documents,
tasks, metrics, awards …).  A requested share of *obligation units* is broken on purpose
(:data:`VIOLATION_RULES`, :func:`measured_violation_rate`; docs/scale.md defines them).

Why plain dicts: building pydantic objects for 300,000 records would cost more than the
checks being benchmarked.  The generator writes JSON-ready dicts in the ledger's canonical
form (model field order, English enum values, defaults left out), so the text is exactly what
:func:`dangjian_core.dump_ledger` writes for the loaded ledger; the tests validate it with
:func:`dangjian_core.load_ledger`.  Determinism: one :class:`random.Random` per file, seeded
from the seed (a string seed is hashed with SHA-512, independent of ``PYTHONHASHSEED``), no
clock, no iteration over sets.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "SCALES",
    "VIOLATION_RULES",
    "Scale",
    "iter_province",
    "measured_violation_rate",
    "render",
    "synth",
    "synth_ledger",
]

Record = dict[str, Any]

#: The rules whose obligation units the generator breaks at the requested rate; every
#: other rule is left as it falls (mostly ``pass``).  One unit is one finding of these rules:
#: a branch-month 支委会 (``meeting.committee``: the month's meeting is left out), a
#: member-month of dues (``dues.monthly``: the month is paid after its deadline, in a
#: separate late payment — after ``as_of`` for December, so unpaid), and a development case's
#: admission 公示 (``development.admission_notice``: four working days instead of five).
VIOLATION_RULES: tuple[str, ...] = (
    "meeting.committee",
    "dues.monthly",
    "development.admission_notice",
)


@dataclass(frozen=True)
class Scale:
    """Size of one generated school (or of the one department)."""

    departments: tuple[int, int]
    branches: tuple[int, int]  # branches per department, inclusive range
    members: float  # mean members per branch
    schools: int = 1


SCALES: Mapping[str, Scale] = {
    "department": Scale(departments=(1, 1), branches=(10, 10), members=25.0),
    "school": Scale(departments=(30, 30), branches=(18, 22), members=25.0),
    "province": Scale(departments=(6, 14), branches=(17, 24), members=18.0, schools=40),
}

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文斌宇浩然欣怡子涵梓轩雨萱思远嘉琪博文晨曦一诺书瑶佳音天翊可馨雅婷俊杰鑫瑞泽宁航"
_DEPT_NAMES = (
    "机电工程", "电气工程", "土木工程", "信息工程", "计算机科学", "数学与统计", "物理与电子",
    "化学化工", "材料科学", "环境工程", "生命科学", "经济管理", "会计", "外国语", "文学与新闻",
    "法学", "马克思主义", "教育科学", "体育", "音乐", "美术与设计", "建筑", "交通运输",
    "能源与动力", "食品科学", "农学", "医学", "护理", "药学", "历史文化", "哲学", "艺术传媒",
    "航空航天", "海洋科学", "地理科学", "旅游管理", "公共管理", "社会学", "心理学", "软件",
)
_SCHOOL_NAMES = (
    "东方", "北辰", "南山", "西岭", "中原", "江城", "海滨", "青山", "长河", "云岭", "星海",
    "黄河", "长江", "太行", "燕山", "泰山", "珠江", "汉水", "湘江", "赣江", "闽江", "松花江",
    "天山", "昆仑", "秦岭", "大别山", "武夷", "峨眉", "庐山", "衡山", "华山", "嵩山", "恒山",
    "洞庭", "鄱阳", "太湖", "巢湖", "洪泽", "滇池", "洱海", "渤海", "黄海", "东海", "南海",
)
_REGULATIONS = (
    ("会议议事规则", "党建党务"), ("党政联席会议制度", "党建党务"),
    ("党政领导班子联系基层工作制度", "党建党务"), ("意识形态工作研判制度", "党建党务"),
    ("教学质量监控管理办法", "教育教学管理"), ("课程思政建设实施办法", "教育教学管理"),
    ("学生社团管理办法", "学生教育管理"), ("辅导员工作考核办法", "学生教育管理"),
    ("实训室管理规定", "实训实习管理"), ("学生岗位实习管理办法", "实训实习管理"),
    ("实验实训安全管理制度", "安全"), ("网络与信息安全管理办法", "安全"),
)
_THEMES = (
    "学习贯彻全国教育大会精神", "新学期再出发", "学雷锋志愿服务月", "清明祭英烈",
    "劳动创造幸福", "重温入党誓词", "庆祝建党周年", "暑期红色研学分享", "迎新季党员先锋岗",
    "学习党的创新理论", "深化作风建设", "年度党建工作回顾",
)
_LECTURES = (
    "深入学习习近平新时代中国特色社会主义思想", "以教育家精神铸魂强师",
    "中央八项规定精神学习教育专题党课", "学习贯彻党的二十届四中全会精神",
)
_KIND_ORDER = {k: i for i, k in enumerate((
    "general_assembly", "committee", "group", "lecture", "theme_day", "org_life",
    "democratic_appraisal", "heart_talk", "political_birthday", "dept_party_meeting",
    "dept_joint_meeting", "study_group", "ideology_analysis", "ideology_joint",
    "democratic_life", "lecture_series", "youth_class", "media_post", "training",
    "publicity", "open_activity", "service", "member_contact",
))}


def _iso(d: date) -> str:
    return d.isoformat()


def _weekday(d: date) -> date:
    """The day itself, or the next Monday for a weekend day (meetings are on weekdays)."""
    wd = d.weekday()
    return d + timedelta(days=7 - wd) if wd >= 5 else d


def _weekday_in(year: int, month: int, day: int) -> date:
    """A weekday of the month near ``day`` (moved back when the month would end)."""
    d = _weekday(date(year, month, min(day, 28)))
    if d.month != month:
        d = date(year, month, 26)
        while d.weekday() >= 5:
            d -= timedelta(days=1)
    return d


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _notice(vote: date, working_days: int) -> Record:
    """A 公示 of ``working_days`` weekdays ending at least one day before ``vote``."""
    end = vote - timedelta(days=2)
    while end.weekday() >= 5:
        end -= timedelta(days=1)
    start, counted = end, 1
    while counted < working_days:
        start -= timedelta(days=1)
        if start.weekday() < 5:
            counted += 1
    return {"start": _iso(start), "end": _iso(end)}


def _cents(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


def _due_cents(category: str, base_cents: int) -> int:
    """党费 per month in cents under the default brackets (not progressive, bounds inclusive)."""
    if category == "student":
        return 20
    if category == "retired":
        permille = 5 if base_cents <= 500_000 else 10
    elif base_cents <= 300_000:
        permille = 5
    elif base_cents <= 500_000:
        permille = 10
    elif base_cents <= 1_000_000:
        permille = 15
    else:
        permille = 20
    return (base_cents * permille * 2 + 1000) // 2000  # half-up, positive integers


@dataclass
class _Member:
    """A member's dated facts, as the rules will read them back."""

    pid: str
    category: str
    admission: date
    conversion: date | None
    start: date
    end: date | None = None
    groups: list[str] = field(default_factory=list)

    def member_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end) and self.admission <= day

    def full_on(self, day: date) -> bool:
        return self.member_on(day) and self.conversion is not None and self.conversion <= day


@dataclass
class _Branch:
    oid: str
    name: str
    category: str  # teacher | student | retired
    staff: bool
    founded: date
    elected: date
    members: list[_Member] = field(default_factory=list)
    secretary: str = ""
    committee: list[str] = field(default_factory=list)  # excluding the secretary
    groups: list[tuple[str, str]] = field(default_factory=list)  # (group id, leader)

    def members_on(self, day: date) -> list[str]:
        return [m.pid for m in self.members if m.member_on(day)]

    def full_on(self, day: date) -> list[str]:
        return [m.pid for m in self.members if m.full_on(day)]


class _School:
    """Accumulates one ledger's records; every list is sorted before it is written."""

    def __init__(self, rng: random.Random, year: int, rate: float, prefix: str,
                 school_name: str, external_school: bool) -> None:
        self.rng = rng
        self.year = year
        self.rate = rate
        self.prefix = prefix
        self.school_name = school_name
        self.external_school = external_school
        self.sc = f"{prefix}org-sc"
        self.lists: dict[str, list[Record]] = {
            k: [] for k in ("organizations", "elections", "party_roles", "people", "posts",
                            "development_cases", "documents", "trainings",
                            "contact_assignments", "societies", "society_events", "awards",
                            "projects", "tasks", "metrics", "incidents", "waivers",
                            "headcounts")
        }
        self.meetings: list[tuple[tuple[Any, ...], Record]] = []
        self.dues: list[tuple[tuple[Any, ...], Record]] = []
        self.counters: dict[str, int] = {}
        self.names: set[str] = set()
        self.total_students = 0

    # -- helpers ------------------------------------------------------------------------
    def next_id(self, kind: str, width: int = 5) -> str:
        n = self.counters.get(kind, 0) + 1
        self.counters[kind] = n
        return f"{self.prefix}{kind}-{n:0{width}d}"

    def broken(self) -> bool:
        """Whether this obligation unit is broken on purpose (one draw per unit)."""
        return self.rng.random() < self.rate

    def name(self) -> str:
        rng = self.rng
        for _ in range(50):
            given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
            text = rng.choice(_SURNAMES) + given
            if text not in self.names or len(self.names) > 200_000:
                break
        self.names.add(text)
        return text

    def meeting(self, kind: str, org: str | list[str], day: date, title: str,
                **extra: Any) -> Record:
        orgs = [org] if isinstance(org, str) else org
        rec: Record = {"id": "", "kind": kind, "org_ids": orgs, "date": _iso(day),
                       "title": title}
        for key in ("mode", "entitled", "present", "chair_id", "speaker_id", "hours",
                    "open_to_non_members", "series", "topics", "agenda", "grades"):
            if key in extra:
                rec[key] = extra[key]
        self.meetings.append(((rec["date"], _KIND_ORDER[kind], orgs[0], len(self.meetings)),
                              rec))
        return rec

    def role(self, org: str, pid: str, role: str, start: date, end: date | None = None) -> None:
        rec: Record = {"id": self.next_id("pr"), "org_id": org, "person_id": pid, "role": role,
                       "start": _iso(start)}
        if end is not None:
            rec["end"] = _iso(end)
        self.lists["party_roles"].append(rec)
        if role == "secretary":  # a new secretary is trained within six months
            self.training(pid, "secretary", _weekday(start + timedelta(days=40)), "24",
                          "新任党组织书记培训")

    def training(self, pid: str, kind: str, day: date, hours: str, title: str) -> None:
        self.lists["trainings"].append({"id": self.next_id("tr", 6), "person_id": pid,
                                        "kind": kind, "date": _iso(day), "hours": hours,
                                        "title": title})

    def pay(self, pid: str, months: list[int], cents: int, day: date) -> None:
        y = self.year
        labels = [f"{y}-{m:02d}" for m in months]
        rec = {"id": "", "person_id": pid, "months": labels, "amount": _cents(cents),
               "paid_on": _iso(day)}
        self.dues.append(((rec["paid_on"], pid, labels[0]), rec))

    # -- output -------------------------------------------------------------------------
    def ledger(self, title: str) -> Record:
        """The finished ledger dict in canonical order (ids numbered in date order)."""
        self.meetings.sort(key=lambda kr: kr[0])
        meetings = []
        for i, (_, rec) in enumerate(self.meetings, start=1):
            rec["id"] = f"{self.prefix}m-{i:06d}"
            meetings.append(rec)
        # agenda references were made by object: resolve them now that ids exist
        for rec in meetings:
            for item in rec.get("agenda", ()):
                ref = item.get("prior_review_meeting_id")
                if isinstance(ref, dict):
                    item["prior_review_meeting_id"] = ref["id"]
        self.dues.sort(key=lambda kr: kr[0])
        dues = []
        for i, (_, rec) in enumerate(self.dues, start=1):
            rec["id"] = f"{self.prefix}dp-{i:06d}"
            dues.append(rec)
        y = self.year
        out: Record = {"schema_version": "1.0", "title": title,
                       "coverage": {"start": f"{y}-01-01", "end": f"{y}-12-31"}}
        order = ("organizations", "elections", "party_roles", "people", "posts", "meetings",
                 "development_cases", "dues_payments", "documents", "trainings",
                 "contact_assignments", "societies", "society_events", "awards", "projects",
                 "tasks", "metrics", "incidents", "waivers", "headcounts")
        for key in order:
            items = meetings if key == "meetings" else dues if key == "dues_payments" \
                else self.lists[key]
            if items:
                out[key] = items
        return out


def render(ledger: Mapping[str, Any]) -> str:
    """The JSON text exactly as :func:`dangjian_core.dump_ledger` writes a ledger."""
    return json.dumps(ledger, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------


def _person(s: _School, pid: str, category: str, dept: str | None, *, birth: date,
            arrived: date | None = None, left: date | None = None,
            title: str | None = None, degree: str | None = None, specialty: bool = False,
            dual_leader: bool | None = None, party: Record | None = None,
            memberships: list[Record] | None = None, income: Record | None = None,
            quarterly: bool = False, retirement: date | None = None) -> Record:
    rec: Record = {"id": pid, "name": s.name(), "category": category}
    if dept is not None:
        rec["department_id"] = dept
    if arrived is not None:
        rec["arrived_on"] = _iso(arrived)
    if left is not None:
        rec["left_on"] = _iso(left)
    if specialty:
        rec["specialty_teacher"] = True
    if category == "student":
        rec["student_level"] = "undergraduate"
    rec["birth_date"] = _iso(birth)
    if retirement is not None:
        rec["retirement_date"] = _iso(retirement)
    if title is not None:
        rec["title_rank"] = title
    if degree is not None:
        rec["degree"] = degree
    if dual_leader is not None:
        rec["dual_leader"] = dual_leader
    if party:
        rec["party"] = party
    if memberships:
        rec["memberships"] = memberships
    if income is not None:
        rec["incomes"] = [income]
    if quarterly:
        rec["quarterly_dues"] = True
    s.lists["people"].append(rec)
    return rec


def _rand_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


# --------------------------------------------------------------------------------------
# One department
# --------------------------------------------------------------------------------------


@dataclass
class _Dept:
    oid: str
    code: str
    name: str
    branches: list[_Branch] = field(default_factory=list)
    committee: dict[str, str] = field(default_factory=dict)  # role -> pid
    dean: str = ""
    organiser: str = ""
    party_staff: str = ""
    counsellors: list[str] = field(default_factory=list)
    non_members: list[str] = field(default_factory=list)
    activists: list[str] = field(default_factory=list)
    students: int = 0


def _department(s: _School, index: int, n_branches: int, mean_members: float) -> _Dept:
    rng, y = s.rng, s.year
    code = f"d{index:02d}"
    dname = _DEPT_NAMES[index % len(_DEPT_NAMES)] + ("学院" if index < len(_DEPT_NAMES)
                                                     else f"{index // len(_DEPT_NAMES) + 1}学院")
    dept = _Dept(oid=f"{s.prefix}org-{code}", code=code, name=dname)
    founded = date(rng.randrange(1990, 2012), 9, 1)
    s.lists["organizations"].append({
        "id": dept.oid, "name": f"{s.school_name}{dname}党委" if n_branches >= 15
        else f"{s.school_name}{dname}党总支",
        "kind": "dept_committee" if n_branches >= 15 else "general_branch",
        "parent_id": s.sc, "is_department": True, "founded": _iso(founded),
        "lecture_series": [f"{dname}讲堂", "青年讲堂"],
    })
    dept_elected = _rand_day(rng, date(y - 2, 7, 1), date(y - 1, 12, 31))
    s.lists["elections"].append({"id": s.next_id("el"), "org_id": dept.oid,
                                 "date": _iso(dept_elected),
                                 "term_years": 5 if n_branches >= 15 else 3,
                                 "approved_by": f"{s.school_name}大学党委",
                                 "approved_on": _iso(dept_elected + timedelta(days=9))})

    # branch mix: one retired branch, about 40% teacher (one of them staff), the rest student
    n_teacher = max(1, round(n_branches * 0.4))
    n_retired = 1 if n_branches >= 4 else 0
    kinds = (["teacher"] * n_teacher + ["retired"] * n_retired
             + ["student"] * (n_branches - n_teacher - n_retired))
    pno = 0

    def new_pid() -> str:
        nonlocal pno
        pno += 1
        return f"{s.prefix}p-{code}-{pno:04d}"

    for b, kind in enumerate(kinds, start=1):
        oid = f"{s.prefix}br-{code}-{b:02d}"
        staff = kind == "teacher" and b == n_teacher and n_teacher > 1
        label = {"teacher": "行政教辅党支部" if staff else f"第{b}教工党支部",
                 "student": f"第{b}学生党支部", "retired": "离退休党支部"}[kind]
        br_founded = max(founded, date(rng.randrange(2005, 2020), rng.choice((3, 9)), 1))
        branch = _Branch(oid=oid, name=f"{dname}{label}", category=kind, staff=staff,
                         founded=br_founded,
                         elected=_rand_day(rng, date(y - 2, 7, 1), date(y - 1, 12, 31)))
        dept.branches.append(branch)
        org: Record = {"id": oid, "name": branch.name, "kind": "branch", "parent_id": dept.oid,
                       "category": kind}
        if kind == "teacher":
            org["teacher_kind"] = "staff" if staff else "faculty"
        if kind == "student":
            org["student_level"] = "undergraduate"
        org["founded"] = _iso(br_founded)
        s.lists["organizations"].append(org)
        s.lists["elections"].append({"id": s.next_id("el"), "org_id": oid,
                                     "date": _iso(branch.elected), "term_years": 3,
                                     "approved_by": f"{s.school_name}大学党委组织部",
                                     "approved_on": _iso(branch.elected + timedelta(days=7))})
        size = max(6, round(rng.gauss(mean_members, mean_members * 0.25)))
        if kind == "retired":
            size = max(5, size // 2)
        size = min(size, 45)
        for i in range(size):
            pid = new_pid()
            counsellor = kind == "student" and i == 0
            if kind == "student" and not counsellor:
                adm = _rand_day(rng, date(y - 3, 9, 1), date(y - 1, 6, 30)) if i > 2 \
                    else _rand_day(rng, date(y - 1, 7, 1), date(y - 1, 12, 31))
                birth = _rand_day(rng, date(y - 23, 1, 1), date(y - 20, 12, 31))
                graduate = adm.year <= y - 3 and rng.random() < 0.5
                end = date(y, 6, 30) if graduate else None
                conv = _add_years(adm, 1)
                m = _Member(pid, "student", adm, conv, adm, end)
                ms: Record = {"org_id": oid, "start": _iso(adm)}
                if end is not None:
                    ms["end"] = _iso(end)
                _person(s, pid, "student", dept.oid, birth=birth,
                        arrived=date(birth.year + 18, 9, 1), left=end,
                        party={"admission": _iso(adm), "conversion": _iso(conv)},
                        memberships=[ms], income={"effective": f"{y}-01", "category": "student"},
                        quarterly=True)
                dept.students += 1
            else:
                retired = kind == "retired"
                birth = _rand_day(rng, date(y - 80, 1, 1), date(y - 62, 12, 31)) if retired \
                    else _rand_day(rng, date(y - 58, 1, 1), date(y - 28, 12, 31))
                adm = _rand_day(rng, date(birth.year + 20, 1, 1), date(birth.year + 27, 12, 31))
                # a secretary (the branch's first member) has years of party age
                adm = min(adm, date(y - 6, 6, 30) if i == 0 else date(y - 2, 6, 30))
                conv = _add_years(adm, 1)
                start = max(adm, br_founded)
                m = _Member(pid, "retired" if retired else "teacher", adm, conv, start)
                base = rng.randrange(2800, 15000) if not retired else rng.randrange(3000, 8000)
                senior = i < 3 and kind == "teacher" and not staff
                title = None if retired else ("full_senior" if senior and i == 0 else
                                              "associate_senior" if senior else
                                              rng.choice(("intermediate", "junior",
                                                          "associate_senior")))
                cat = "retired" if retired else ("staff" if staff or counsellor else "teacher")
                _person(s, pid, cat, dept.oid, birth=birth,
                        title=title, degree=None if retired else
                        ("doctorate" if senior else rng.choice(("master", "doctorate", "master"))),
                        specialty=kind == "teacher" and not staff,
                        dual_leader=True if (senior and i == 0) else None,
                        party={"admission": _iso(adm), "conversion": _iso(conv)},
                        memberships=[{"org_id": oid, "start": _iso(start)}],
                        income={"effective": f"{y}-01",
                                "category": "retired" if retired else "salaried",
                                "base": str(base)},
                        quarterly=retired and rng.random() < 0.5,
                        retirement=_add_years(birth, 60) if retired else None)
                if counsellor:
                    dept.counsellors.append(pid)
            branch.members.append(m)
        # secretary: the counsellor (student), the most senior (teacher), the first (retired)
        branch.secretary = branch.members[0].pid
        year_end = date(y, 12, 31)
        full_end = [p for p in branch.full_on(year_end) if p != branch.secretary]
        if len(full_end) + 1 >= 7:
            branch.committee = full_end[:rng.choice((2, 2, 3, 4))]
        s.role(oid, branch.secretary, "secretary", branch.elected)
        for pid, role in zip(branch.committee, ("organization", "publicity", "discipline",
                                                "committee_member"), strict=False):
            s.role(oid, pid, role, branch.elected)
        # party groups in large teacher branches
        if kind == "teacher" and len(branch.members) >= 20:
            for g in ("a", "b"):
                gid = f"{oid}{g}"
                gfound = branch.elected
                s.lists["organizations"].append({
                    "id": gid, "name": f"{branch.name}第{'一' if g == 'a' else '二'}党小组",
                    "kind": "group", "parent_id": oid, "founded": _iso(gfound)})
                half = branch.members[1::2] if g == "a" else branch.members[2::2]
                for m in half:
                    m.groups.append(gid)
                leader = half[0].pid
                branch.groups.append((gid, leader))
                s.role(gid, leader, "group_leader", gfound)
            # memberships of the groups (written after the branch one)
            by_pid = {p["id"]: p for p in s.lists["people"][-len(branch.members):]}
            for m in branch.members:
                for gid in m.groups:
                    start = max(m.start, branch.elected)
                    by_pid[m.pid]["memberships"].append({"org_id": gid, "start": _iso(start)})

    # department leadership, drawn from the teacher branches' full members
    teachers = [m.pid for b in dept.branches if b.category == "teacher" for m in b.members]
    roles = ("secretary", "deputy_secretary", "organization", "publicity", "discipline")
    chosen = teachers[1:1 + len(roles)] if len(teachers) > len(roles) else teachers[:len(roles)]
    for role, pid in zip(roles, chosen, strict=False):
        dept.committee[role] = pid
        s.role(dept.oid, pid, role, dept_elected)
    dept.dean = chosen[1] if len(chosen) > 1 else chosen[0]
    dept.organiser = chosen[2] if len(chosen) > 2 else chosen[0]
    dept.party_staff = chosen[-1]
    # non-members: teachers and students outside the party, some of them on the way in
    n_non = max(4, round(sum(len(b.members) for b in dept.branches) * 0.2))
    student_branches = [b for b in dept.branches if b.category == "student"]
    for i in range(n_non):
        pid = new_pid()
        if i % 3 == 0 or not student_branches:
            _person(s, pid, "teacher", dept.oid,
                    birth=_rand_day(rng, date(y - 50, 1, 1), date(y - 26, 12, 31)),
                    title=rng.choice(("junior", "intermediate")), degree="master",
                    specialty=True)
        else:
            _person(s, pid, "student", dept.oid,
                    birth=_rand_day(rng, date(y - 22, 1, 1), date(y - 19, 12, 31)),
                    arrived=date(y - rng.randrange(1, 4), 9, 1))
            dept.students += 1
        dept.non_members.append(pid)
    s.total_students += dept.students
    return dept


# --------------------------------------------------------------------------------------
# Development cases (people of their own: applicants become members during the year)
# --------------------------------------------------------------------------------------


def _two_full(branch: _Branch, *days: date) -> list[str]:
    """Two full members on every one of ``days`` (the secretary first: always in post)."""
    full = [p for p in branch.full_on(days[0])
            if all(p in branch.full_on(d) for d in days[1:]) and p != branch.secretary]
    return [branch.secretary, *full[:1]]


def _cases(s: _School, dept: _Dept) -> None:
    """Cases at every stage; the admission 公示 is the obligation unit broken at the rate."""
    rng, y = s.rng, s.year
    school = s.sc
    for branch in dept.branches:
        if branch.category == "retired":
            continue
        n = rng.choice((2, 3, 3, 4)) if branch.category == "student" else rng.choice((0, 1, 1))
        for _ in range(n):
            stage = rng.choice(("applicant", "activist", "candidate", "admitted", "converted",
                                "converted", "admitted"))
            # the application date that puts the case at ``stage`` at the end of the year
            back = {"applicant": (30, 300), "activist": (330, 700), "candidate": (560, 820),
                    "admitted": (780, 1010), "converted": (1120, 1300)}[stage]
            app = date(y, 12, 31) - timedelta(days=rng.randrange(*back))
            student = branch.category == "student"
            birth = _rand_day(rng, date(app.year - 21, 1, 1),
                              _add_years(app, -18) - timedelta(days=30)) \
                if student else _rand_day(rng, date(app.year - 40, 1, 1),
                                          date(app.year - 25, 12, 31))
            pid = f"{s.prefix}p-{dept.code}-c{s.next_id('c', 4)[-4:]}"
            case: Record = {"id": s.next_id("dc", 5), "person_id": pid, "branch_id": branch.oid,
                            "application": _iso(app),
                            "talk": _iso(app + timedelta(days=12))}
            party: Record = {"application": case["application"]}
            activist = app + timedelta(days=160)
            candidate = _add_years(activist, 1) + timedelta(days=10)
            vote = _weekday(candidate + timedelta(days=75))
            conv_vote = _add_years(vote, 1)
            member: _Member | None = None
            if activist <= date(y, 12, 31):
                case["activist"] = _iso(activist)
                party["activist"] = case["activist"]
                case["contacts"] = _two_full(branch, activist)
                case["contacts_assigned"] = case["activist"]
                reviews, r = [], activist
                while True:
                    r = r + timedelta(days=170)
                    if r >= candidate or r > date(y, 12, 31):
                        break
                    reviews.append(_iso(r))
                if reviews:
                    case["reviews"] = reviews
            if candidate <= date(y, 12, 31):
                case["candidate"] = _iso(candidate)
                party["candidate"] = case["candidate"]
                case["introducers"] = _two_full(branch, candidate, vote)
                pr = candidate + timedelta(days=21)
                if pr <= date(y, 12, 31):
                    case["political_review"] = {"date": _iso(pr), "passed": True}
                ts = _weekday(candidate + timedelta(days=28))
                if ts + timedelta(days=4) <= date(y, 12, 31):
                    case["training"] = {"start": _iso(ts), "end": _iso(ts + timedelta(days=4)),
                                        "days": "5", "hours": "32"}
                    s.training(pid, "candidate", ts + timedelta(days=4), "32", "发展对象培训班")
            if vote <= date(y, 12, 31):
                case["pre_review"] = _iso(candidate + timedelta(days=46))
                notice = _notice(vote, 4 if s.broken() else 5)
                case["admission_notice"] = notice
                case["application_form"] = _iso(date.fromisoformat(notice["start"])
                                                - timedelta(days=1))
                full = len(branch.full_on(vote))
                case["admission_vote"] = {"date": _iso(vote), "entitled": full,
                                          "present": full, "yes": full}
                case["approval"] = {"date": _iso(vote + timedelta(days=20)), "org_id": school}
                party["admission"] = _iso(vote)
                oath = date(vote.year, 7, 1) if vote < date(vote.year, 6, 10) \
                    else vote + timedelta(days=26)
                case["oath"] = _iso(oath)
                member = _Member(pid, "student" if student else "teacher", vote, None, vote)
            if conv_vote <= date(y, 12, 31) and member is not None:
                case["conversion_application"] = _iso(conv_vote - timedelta(days=27))
                case["conversion_notice"] = _notice(conv_vote, 5)
                full = len([p for p in branch.full_on(conv_vote) if p != pid])
                case["conversion_vote"] = {"date": _iso(conv_vote), "entitled": full,
                                           "present": full, "yes": full}
                case["conversion_approval"] = {"date": _iso(conv_vote + timedelta(days=19)),
                                               "org_id": school}
                party["conversion"] = _iso(conv_vote)
                member.conversion = conv_vote
            s.lists["development_cases"].append(case)
            ms = [{"org_id": branch.oid, "start": _iso(member.start)}] if member else None
            inc = None
            if member is not None:
                inc = {"effective": f"{max(member.start.year, y)}-01", "category": "student"} \
                    if student else {"effective": f"{y}-01", "category": "salaried",
                                     "base": str(rng.randrange(3000, 9000))}
            _person(s, pid, "student" if student else "teacher", dept.oid, birth=birth,
                    arrived=date(app.year if student else app.year - 3, 9, 1)
                    if student else None,
                    specialty=not student, title=None if student else "intermediate",
                    degree=None if student else "master", party=party, memberships=ms,
                    income=inc, quarterly=student and member is not None)
            if member is not None:
                branch.members.append(member)
            else:
                dept.activists.append(pid)
            if student:
                dept.students += 1
                s.total_students += 1


# --------------------------------------------------------------------------------------
# Meetings, dues, trainings and the rest
# --------------------------------------------------------------------------------------


def _all_but_one(rng: random.Random, ids: list[str], keep: str) -> list[str]:
    if len(ids) < 6:
        return list(ids)
    gone = rng.choice([i for i in ids if i != keep] or ids)
    return [i for i in ids if i != gone]


def _branch_meetings(s: _School, dept: _Dept, branch: _Branch) -> None:
    rng, y = s.rng, s.year
    sec, oid = branch.secretary, branch.oid
    off = rng.randrange(0, 8)
    student = branch.category == "student"
    for m in range(1, 13):
        # 支委会: the obligation unit broken at the rate
        if branch.committee and not s.broken():
            day = _weekday_in(y, m, 6 + off)
            committee = [sec, *branch.committee]
            s.meeting("committee", oid, day, f"{m}月支部委员会会议", entitled=committee,
                      present=committee, chair_id=sec,
                      **({"mode": "online"} if student and m in (7, 8) else {}))
        day = _weekday_in(y, m, 14 + off)
        n = len(branch.members_on(day))
        s.meeting("theme_day", oid, day, _THEMES[m - 1], entitled=n,
                  present=n - (1 if n > 8 and m % 3 == 0 else 0),
                  **({"mode": "online"} if m == 2 or (student and m in (7, 8)) else {}))
        for gid, leader in branch.groups:
            gday = _weekday_in(y, m, 10 + off)
            members = [mm.pid for mm in branch.members if gid in mm.groups and mm.member_on(gday)]
            s.meeting("group", gid, gday, f"{m}月党小组学习会", entitled=members,
                      present=_all_but_one(rng, members, leader), chair_id=leader)
        # 政治生日
        pday = _weekday_in(y, m, 19)
        due = [mm.pid for mm in branch.members if mm.member_on(pday)
               and mm.admission.month == m and mm.admission.year < y]
        if due:
            s.meeting("political_birthday", oid, pday, "“五个一”政治生日活动", present=due)
    for q in range(4):
        day = _weekday_in(y, 3 * q + 3, 16 + off)
        full = branch.full_on(day)
        s.meeting("general_assembly", oid, day, f"第{q + 1}季度支部党员大会", entitled=full,
                  present=_all_but_one(rng, full, sec), chair_id=sec)
        lday = _weekday_in(y, 3 * q + 2, 12 + off)
        audience = branch.members_on(lday)
        speaker = sec if q == 1 else dept.committee.get("secretary", sec)
        s.meeting("lecture", oid, lday, _LECTURES[q], entitled=audience,
                  present=_all_but_one(rng, audience, speaker), speaker_id=speaker, hours="2")
    day = _weekday_in(y, 12, 17 + off)
    full = branch.full_on(day)
    s.meeting("org_life", oid, day, f"{y} 年度组织生活会", entitled=full, present=full,
              chair_id=sec)
    n_exc = len(full) // 3
    grades = {pid: "excellent" if i < n_exc else "qualified" for i, pid in enumerate(full)}
    s.meeting("democratic_appraisal", oid, day, f"{y} 年度民主评议党员", entitled=full,
              present=full, grades=dict(sorted(grades.items())))
    for i, pid in enumerate(branch.full_on(date(y, 12, 31))):
        talker = sec if pid != sec else dept.committee.get("secretary", sec)
        if talker == pid:
            talker = dept.committee.get("deputy_secretary", sec)
        tday = _weekday_in(y, 3 + i % 9, 5 + (3 * i) % 18)
        if not any(mm.pid == pid and mm.full_on(tday) for mm in branch.members):
            tday = _weekday_in(y, 12, 10)
        s.meeting("heart_talk", oid, tday, "谈心谈话", present=[talker, pid])
    if branch.category == "teacher":
        s.meeting("open_activity", oid, _weekday_in(y, 5, 16 + off), "党员先锋岗开放日",
                  present=30 + rng.randrange(30), open_to_non_members=True)
    if student:
        s.meeting("service", oid, _weekday_in(y, 3, 5 + off), "学雷锋志愿服务进社区",
                  present=15 + rng.randrange(15))
        s.meeting("member_contact", oid, _weekday_in(y, 10, 20 + off), "学生党员联系宿舍",
                  present=len(branch.members_on(date(y, 10, 20))))
    if branch.category == "retired":
        s.meeting("service", oid, _weekday_in(y, 9, 20 + off), "银发宣讲团进社区",
                  present=len(branch.members))


def _dept_meetings(s: _School, dept: _Dept) -> None:
    rng, y = s.rng, s.year
    oid = dept.oid
    committee = sorted(dept.committee.values())
    sec = dept.committee["secretary"]
    leaders = sorted({*committee, dept.dean})
    analysts = sorted({sec, dept.organiser, dept.party_staff, *dept.counsellors})
    for m in range(1, 13):
        party = s.meeting("dept_party_meeting", oid, _weekday_in(y, m, 5), f"{m}月党委（总支）会议",
                          entitled=committee, present=_all_but_one(rng, committee, sec),
                          chair_id=sec, topics=[f"{m}月重要事项"])
        s.meeting("dept_joint_meeting", oid, _weekday_in(y, m, 12), f"{m}月党政联席会议",
                  entitled=leaders, present=leaders, chair_id=dept.dean,
                  agenda=[{"title": f"{m}月重要事项", "category": "direction",
                           "prior_party_review": True, "prior_review_meeting_id": party},
                          {"title": "日常工作安排"}])
        s.meeting("study_group", oid, _weekday_in(y, m, 20), "理论学习中心组集体学习",
                  entitled=leaders, present=leaders, chair_id=sec, hours="3",
                  topics=["党的创新理论"])
        s.meeting("ideology_analysis", oid, _weekday_in(y, m, 23), f"{m}月意识形态工作研判会",
                  entitled=analysts, present=analysts, chair_id=sec)
        if m % 3 == 0:
            s.meeting("ideology_joint", oid, _weekday_in(y, m, 26),
                      f"第{m // 3}季度意识形态工作联席会议", entitled=analysts,
                      present=analysts, chair_id=sec)
        for d in (3, 10, 17, 24):
            s.meeting("media_post", oid, _weekday_in(y, m, d), f"【党建动态】{m}月工作纪实",
                      mode="online")
    series_days = ((y - 1, 10, 15), (y - 1, 12, 10), (y, 3, 19), (y, 5, 21), (y, 10, 15),
                   (y, 12, 10))
    dname = dept.name
    for series in (f"{dname}讲堂", "青年讲堂"):
        for i, (yy, mm, dd) in enumerate(series_days):
            s.meeting("lecture_series", oid, _weekday_in(yy, mm, dd + (3 if series == "青年讲堂"
                                                                        else 0)),
                      f"{series}第{i + 1}讲", present=80 + rng.randrange(80),
                      speaker_id=rng.choice(committee), hours="2", open_to_non_members=True,
                      series=series)
    youth = len(dept.non_members)
    for i, (mm, dd) in enumerate(((4, 18), (5, 16), (6, 13), (10, 17), (11, 14))):
        s.meeting("youth_class", oid, _weekday_in(y, mm, dd), f"青马班第{i + 1}次集中学习",
                  entitled=youth, present=youth, speaker_id=sec, hours="4")
    s.meeting("democratic_life", oid, _weekday_in(y, 12, 22), "领导班子年度专题民主生活会",
              entitled=committee, present=committee, chair_id=sec)
    s.meeting("publicity", oid, _weekday_in(y, 6, 30), "“七一”党建成果展",
              open_to_non_members=True)


def _dues(s: _School, dept: _Dept) -> None:
    """One payment per member-month (per quarter for quarterly payers); a broken unit is
    the month paid late, on its own, after the deadline."""
    y = s.year
    people = {p["id"]: p for p in s.lists["people"] if p.get("department_id") == dept.oid}
    for branch in dept.branches:
        pay_day = 8 + s.rng.randrange(0, 15)
        for m_ in branch.members:
            p = people[m_.pid]
            inc = p["incomes"][0]
            cat = inc["category"]
            due = _due_cents(cat, int(inc.get("base", "0")) * 100)
            months = [mo for mo in range(1, 13)
                      if m_.start <= _month_end(y, mo) and (m_.end is None or
                                                           m_.end >= date(y, mo, 1))
                      and m_.admission <= _month_end(y, mo)]
            quarterly = p.get("quarterly_dues", False)
            late = [mo for mo in months if s.broken()]
            regular = [mo for mo in months if mo not in late]
            if quarterly:
                for q in range(4):
                    cover = [mo for mo in regular if 3 * q < mo <= 3 * q + 3]
                    if cover:
                        last = max(3 * q + 3, cover[-1])
                        day = min(_weekday_in(y, last, pay_day), _month_end(y, last))
                        if m_.end is not None:
                            day = min(day, m_.end)
                        day = max(day, m_.start)
                        s.pay(m_.pid, cover, due * len(cover), day)
                deadline = {mo: _month_end(y, 3 * ((mo - 1) // 3) + 3) for mo in late}
            else:
                for mo in regular:
                    day = max(_weekday_in(y, mo, pay_day), m_.start)
                    if m_.end is not None:
                        day = min(day, m_.end)
                    s.pay(m_.pid, [mo], due, min(day, _month_end(y, mo)))
                deadline = {mo: _month_end(y, mo) for mo in late}
            for mo in late:
                s.pay(m_.pid, [mo], due, deadline[mo] + timedelta(days=10))


def _rest(s: _School, dept: _Dept) -> None:
    """Trainings, posts, contacts, societies, documents, outcomes, headcounts, waivers."""
    rng, y = s.rng, s.year
    oid = dept.oid
    sec = dept.committee["secretary"]
    # trainings: two member-study sessions for everyone who is a member on 31 December
    for branch in dept.branches:
        for m_ in branch.members:
            if m_.member_on(date(y, 12, 31)) or m_.member_on(date(y, 6, 1)):
                s.training(m_.pid, "member_study", date(y, 5, 23), "16", "春季党员集中学习")
                s.training(m_.pid, "member_study", date(y, 11, 21), "16", "秋季党员集中学习")
        role_holders = [branch.secretary, *branch.committee]
        for pid in role_holders:
            kind = "secretary" if pid == branch.secretary else "committee"
            s.training(pid, kind, date(y, 7, 15), "32", "基层党组织书记和委员示范培训班")
            s.training(pid, kind, date(y, 11, 12), "24", "书记和委员网络专题培训")
    for pid in sorted(set(dept.committee.values()) - {b.secretary for b in dept.branches}
                      - {p for b in dept.branches for p in b.committee}):
        s.training(pid, "secretary" if pid == sec else "committee", date(y, 7, 16), "32",
                   "院系党组织班子成员培训")
        s.training(pid, "secretary" if pid == sec else "committee", date(y, 11, 13), "24",
                   "院系党组织班子成员网络培训")
    specialty = [p["id"] for p in s.lists["people"]
                 if p.get("department_id") == oid and p.get("specialty_teacher")]
    for pid in specialty:
        s.training(pid, "course_ideology", date(y, 7, 10), "16", "专业教师课程思政专题培训")
    for pid in dept.counsellors:
        s.training(pid, "counselor", date(y, 8, 20), "24", "辅导员素质能力提升培训")
    # posts
    posts: list[tuple[str, str, str | None, bool]] = [
        (dept.organiser, "organiser", oid, True),
        (dept.party_staff, "party_staff", oid, True),
        (dept.party_staff, "opinion_officer", oid, False),
        *((c, "counselor", oid, True) for c in dept.counsellors),
    ]
    start = date(y - 3, 9, 1)
    socs = []
    for i in range(max(1, len(dept.counsellors) // 2 + 1)):
        soc = f"{s.prefix}soc-{dept.code}-{i + 1}"
        advisor = (dept.counsellors or [sec])[i % max(1, len(dept.counsellors))]
        socs.append(soc)
        kind = ("志愿者协会", "科技创新协会", "文学社", "篮球协会")[i % 4]
        s.lists["societies"].append({"id": soc, "name": f"{dept.name}{kind}"
                                     + (str(i // 4 + 1) if i >= 4 else ""),
                                     "org_id": oid, "advisor_id": advisor,
                                     "founded": _iso(date(y - 5 - i, 10, 1))})
        posts.append((advisor, "society_advisor", soc, False))
        for j, (mm, dd) in enumerate(((3, 5), (5, 17), (10, 25), (12, 5))[:rng.randrange(2, 5)]):
            day = _weekday_in(y, mm, dd)
            s.lists["society_events"].append({
                "id": s.next_id("se"), "society_id": soc, "kind": "meeting" if j == 0 else "event",
                "date": _iso(day), "reported_on": _iso(day - timedelta(days=rng.randrange(3, 9))),
                "title": "社团活动"})
    for pid, kind, unit, full_time in posts:
        rec: Record = {"id": s.next_id("post"), "person_id": pid, "kind": kind, "unit_id": unit}
        if not full_time:
            rec["full_time"] = False
        rec["start"] = _iso(start)
        s.lists["posts"].append(rec)
    # contacts: leaders take branches; non-members are contacted by name
    leaders = sorted(dept.committee.values())
    for i, branch in enumerate(dept.branches):
        s.lists["contact_assignments"].append({
            "id": s.next_id("ca"), "leader_id": leaders[i % len(leaders)],
            "target_id": branch.oid, "start": _iso(date(y - 1, 9, 2))})
    for i, pid in enumerate([*dept.non_members, *dept.activists]):
        s.lists["contact_assignments"].append({
            "id": s.next_id("ca"), "leader_id": leaders[i % len(leaders)], "target_id": pid,
            "start": _iso(date(y - 1, 9, 2))})
    # documents
    for title, cat in _REGULATIONS:
        s.lists["documents"].append({"id": s.next_id("doc"), "kind": "regulation",
                                     "title": f"{dept.name}{title}", "org_id": oid,
                                     "category": cat, "effective": _iso(date(y - 3, 9, 1))})
    s.lists["documents"].append({"id": s.next_id("doc"), "kind": "plan",
                                 "title": f"{dept.name} {y} 年党建工作要点", "org_id": oid,
                                 "effective": _iso(_weekday_in(y, 1, 6))})
    s.lists["documents"].append({"id": s.next_id("doc"), "kind": "report",
                                 "title": f"{dept.name} {y} 年度党建工作总结", "org_id": oid,
                                 "effective": _iso(_weekday_in(y, 12, 26))})
    # outcomes
    for i in range(rng.randrange(2, 6)):
        level = rng.choice(("school", "school", "municipal", "provincial", "national"))
        s.lists["awards"].append({"id": s.next_id("aw"), "title": f"{dept.name}技能大赛获奖",
                                  "level": level, "kind": "competition",
                                  "date": _iso(_weekday_in(y, 4 + i, 20)),
                                  "winner_category": "student",
                                  "winner_count": rng.randrange(1, 8)})
    s.lists["awards"].append({"id": s.next_id("aw"), "title": "先进基层党组织", "level": "school",
                              "kind": "honour", "date": _iso(_weekday_in(y, 6, 26)),
                              "org_id": dept.branches[0].oid})
    for i in range(rng.randrange(1, 4)):
        applied = _weekday_in(y, 3 + i, 15)
        rec = {"id": s.next_id("pj"), "title": f"{dept.name}党建课题{i + 1}", "org_id": oid,
               "kind": "党建课题", "level": rng.choice(("school", "provincial")),
               "applied_on": _iso(applied)}
        if rng.random() < 0.7:
            rec["approved_on"] = _iso(applied + timedelta(days=90))
        s.lists["projects"].append(rec)
    for half, due in ((1, date(y, 6, 30)), (2, date(y, 12, 31))):
        rec = {"id": s.next_id("tk"), "title": f"年度重点任务（{'上' if half == 1 else '下'}半年）",
               "org_id": oid, "due": _iso(due), "done_on": _iso(due - timedelta(days=5)),
               "count": rng.randrange(5, 60)}
        s.lists["tasks"].append(rec)
    for cohort in (y - 1, y):
        den = rng.randrange(150, 600)
        num = den - rng.randrange(0, den // 10)
        value = f"{num / den:.4f}".rstrip("0").rstrip(".")
        s.lists["metrics"].append({"id": s.next_id("mt"), "name": "employment_rate",
                                   "org_id": oid, "value": value,
                                   "start": _iso(date(cohort, 1, 1)),
                                   "end": _iso(date(cohort, 8, 31)), "cohort": f"{cohort}届",
                                   "numerator": num, "denominator": den})
    if rng.random() < 0.3:
        s.lists["incidents"].append({"id": s.next_id("inc"), "org_id": oid,
                                     "date": _iso(_weekday_in(y, rng.randrange(1, 13), 15)),
                                     "severity": "minor", "category": "安全",
                                     "description": "实训室用电隐患，当场处置，未造成损失"})
    if rng.random() < 0.2:  # an approved exemption now and then (not of a measured rule)
        s.lists["waivers"].append({
            "id": s.next_id("wv"), "rule_id": "education.media_active", "subject_id": oid,
            "start": f"{y}-08-01", "end": f"{y}-08-31", "reason": "暑假期间新媒体平台维护",
            "approver": f"{s.school_name}大学党委宣传部", "granted_on": f"{y}-07-15",
            "expires": f"{y + 1}-03-31"})
    counsellors = max(1, len(dept.counsellors))
    for day in (date(y, 3, 15), date(y, 10, 15)):
        s.lists["headcounts"].append({"id": s.next_id("hc"), "unit_id": oid, "date": _iso(day),
                                      "students": min(dept.students * 4, counsellors * 190),
                                      "teachers": 40 + rng.randrange(40),
                                      "staff": 8 + rng.randrange(8)})


# --------------------------------------------------------------------------------------
# Schools
# --------------------------------------------------------------------------------------


def _school(rng: random.Random, scale: Scale, *, year: int, rate: float, prefix: str,
            school_name: str, external: bool, depts_offset: int = 0) -> Record:
    s = _School(rng, year, rate, prefix, school_name, external)
    sc: Record = {"id": s.sc, "name": f"{school_name}大学党委", "kind": "school_committee",
                  "is_department": False, "founded": "1958-09-01"}
    if external:
        sc["external"] = True
    s.lists["organizations"].append(sc)
    n_depts = rng.randint(*scale.departments)
    depts = [_department(s, depts_offset + i + 1, rng.randint(*scale.branches), scale.members)
             for i in range(n_depts)]
    for dept in depts:
        _cases(s, dept)
    for dept in depts:
        _dept_meetings(s, dept)
        for branch in dept.branches:
            _branch_meetings(s, dept, branch)
        _dues(s, dept)
        _rest(s, dept)
    if not external:
        # the school itself: secretary, ideology-course teachers, its own headcount
        sec = f"{prefix}p-sc-0001"
        _person(s, sec, "staff", None, birth=date(year - 58, 5, 4), title="full_senior",
                degree="doctorate")
        s.lists["elections"].append({"id": s.next_id("el"), "org_id": s.sc,
                                     "date": f"{year - 2}-11-20", "term_years": 5,
                                     "approved_by": "省委教育工委",
                                     "approved_on": f"{year - 2}-11-29"})
        s.role(s.sc, sec, "secretary", date(year - 2, 11, 20))
        s.training(sec, "secretary", date(year, 8, 18), "32", "高校党委书记暑期专题培训班")
        s.meeting("lecture", s.sc, _weekday_in(year, 4, 24), "校党委书记专题党课",
                  present=300 + rng.randrange(300), speaker_id=sec, hours="2")
        s.training(sec, "secretary", date(year, 11, 10), "24", "高校党委书记网络专题培训")
        students = sum(h["students"] for h in s.lists["headcounts"]
                       if h["date"] == f"{year}-10-15")
        staff_teachers, staff_other = 50 * n_depts, 12 * n_depts
        for i in range(-(-students // 350)):  # 思政课教师 1:350
            pid = f"{prefix}p-sc-{i + 2:04d}"
            _person(s, pid, "teacher", None, birth=date(year - 40, 3, 1 + i % 28),
                    title="intermediate", degree="doctorate")
            s.lists["posts"].append({"id": s.next_id("post"), "person_id": pid,
                                     "kind": "ideology_teacher", "unit_id": s.sc,
                                     "start": f"{year - 3}-09-01"})
        # full-time party and ideological staff: 1% of teachers, staff and students
        counted = {p["person_id"] for p in s.lists["posts"] if p.get("full_time", True)
                   and p["kind"] in ("party_staff", "counselor")}
        base = students + staff_teachers + staff_other
        for i in range(max(0, -(-base // 100) - len(counted))):
            pid = f"{prefix}p-sc-s{i + 1:04d}"
            _person(s, pid, "staff", None, birth=date(year - 30 - i % 25, 1 + i % 12, 10),
                    title="intermediate", degree="master")
            s.lists["posts"].append({"id": s.next_id("post"), "person_id": pid,
                                     "kind": "party_staff", "unit_id": s.sc,
                                     "start": f"{year - 3}-09-01"})
        s.lists["headcounts"].append({"id": s.next_id("hc"), "unit_id": s.sc,
                                      "date": f"{year}-10-15", "students": students,
                                      "full_time_students": students,
                                      "teachers": staff_teachers, "staff": staff_other})
    title = f"{school_name}大学{year} 年台账（合成）" if not external \
        else f"{school_name}大学{depts[0].name} {year} 年台账（合成）"
    return s.ledger(title)


def synth_ledger(scale: str | Scale = "department", *, seed: int = 0,
                 violation_rate: float = 0.05, year: int = 2025) -> Record:
    """One synthetic ledger as a JSON-ready dict: ``department`` (its school committee is
    ``external``, as in a department's own ledger), ``school``, or a :class:`Scale` of your
    own (a school of that size: small ones keep tests fast)."""
    if isinstance(scale, str) and scale not in ("department", "school"):
        raise ValueError(f"synth_ledger builds one ledger: 'department' or 'school', not {scale!r}"
                         " (the province is written one school at a time: iter_province)")
    _check_rate(violation_rate)
    size = SCALES[scale] if isinstance(scale, str) else scale
    label = scale if isinstance(scale, str) else "custom"
    rng = random.Random(f"dangjian-synth:{label}:{seed}")
    return _school(rng, size, year=year, rate=violation_rate, prefix="",
                   school_name=_SCHOOL_NAMES[seed % len(_SCHOOL_NAMES)],
                   external=scale == "department")


def iter_province(*, seed: int = 0, violation_rate: float = 0.05, year: int = 2025,
                  schools: int | None = None, scale: Scale | None = None,
                  ) -> Iterator[tuple[str, Record]]:
    """The province one school at a time: ``(file name, ledger dict)``.  Each school has its
    own random stream (school *k* is the same whether or not the others are built) and its
    own id prefix (``s07-…``), so the schools' ids never collide when results are merged."""
    _check_rate(violation_rate)
    size = SCALES["province"] if scale is None else scale
    for k in range(size.schools if schools is None else schools):
        rng = random.Random(f"dangjian-synth:province:{seed}:{k}")
        name = _SCHOOL_NAMES[k % len(_SCHOOL_NAMES)] + (str(k // len(_SCHOOL_NAMES) + 1)
                                                        if k >= len(_SCHOOL_NAMES) else "")
        yield f"school-{k + 1:02d}.json", _school(
            rng, size, year=year, rate=violation_rate, prefix=f"s{k + 1:02d}-",
            school_name=name, external=False)


def _check_rate(rate: float) -> None:
    if not 0 <= rate <= 1:
        raise ValueError(f"violation_rate must lie between 0 and 1, not {rate!r}")


def synth(scale: str, output: str | os.PathLike[str], *, seed: int = 0,
          violation_rate: float = 0.05, year: int = 2025, schools: int | None = None,
          school_scale: Scale | None = None) -> list[Path]:
    """Write a synthetic year: one JSON file (``department``, ``school``) or a folder of
    one file per school (``province``, streamed: only one school is in memory at a time;
    ``schools`` and ``school_scale`` shrink it).  Returns the paths written."""
    target = Path(output)
    if scale == "province":
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, ledger in iter_province(seed=seed, violation_rate=violation_rate, year=year,
                                          schools=schools, scale=school_scale):
            path = target / name
            path.write_text(render(ledger), encoding="utf-8")
            written.append(path)
            del ledger
        return written
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: department, school or province")
    target.write_text(render(synth_ledger(scale, seed=seed, violation_rate=violation_rate,
                                          year=year)), encoding="utf-8")
    return [target]


def measured_violation_rate(findings: Iterable[Any],
                            rules: Iterable[str] = VIOLATION_RULES) -> float:
    """failing / (passing + failing) over the findings of ``rules`` — the obligation units
    the generator breaks; other statuses (``not_applicable``, ``waived``, ``warn``) are left
    out."""
    wanted = frozenset(rules)
    passing = failing = 0
    for f in findings:
        if f.rule_id not in wanted:
            continue
        status = getattr(f.status, "value", f.status)
        if status == "pass":
            passing += 1
        elif status == "fail":
            failing += 1
    return failing / (passing + failing) if passing + failing else 0.0
