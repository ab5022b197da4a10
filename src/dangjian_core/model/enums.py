"""Every enumeration of the ledger, named after ``GLOSSARY.md``.

Each member's value is the English identifier; its Chinese label(s) are accepted on input
and shown in messages (``MemberStatus("正式党员") is MemberStatus.FULL``).
"""

from __future__ import annotations

from ._base import LabelledEnum, labels

__all__ = [
    "AgendaCategory",
    "AppraisalGrade",
    "AwardKind",
    "AwardLevel",
    "BranchCategory",
    "Degree",
    "DocumentKind",
    "IncidentSeverity",
    "IncomeCategory",
    "MeetingKind",
    "MemberStatus",
    "Mode",
    "OrgKind",
    "PersonCategory",
    "PostKind",
    "Role",
    "SocietyEventKind",
    "StudentLevel",
    "TeacherKind",
    "TitleRank",
    "TrainingKind",
]


@labels(
    {
        "school_committee": ("校党委", "学校党委"),
        "dept_committee": ("院系党委", "分党委", "二级党委"),
        "general_branch": "党总支",
        "branch": ("党支部", "支部", "直属党支部"),
        "group": "党小组",
    }
)
class OrgKind(LabelledEnum):
    """Kind of party organisation (党组织)."""

    SCHOOL_COMMITTEE = "school_committee"
    DEPT_COMMITTEE = "dept_committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    GROUP = "group"


@labels(
    {
        "teacher": ("教工", "教工支部"),
        "student": ("学生", "学生支部"),
        "retired": ("离退休", "离退休支部"),
        "mixed": ("混合", "混合支部"),
    }
)
class BranchCategory(LabelledEnum):
    """Category of a branch by its members (教工 / 学生 / 离退休 / 混合)."""

    TEACHER = "teacher"
    STUDENT = "student"
    RETIRED = "retired"
    MIXED = "mixed"


@labels({"faculty": ("专业教师",), "staff": ("非专业教师", "管理服务")})
class TeacherKind(LabelledEnum):
    """Sub-category of a teacher branch: specialty teachers or other staff."""

    FACULTY = "faculty"
    STAFF = "staff"


@labels(
    {"undergraduate": ("本科生", "专科生", "本专科生"), "master": "硕士生", "doctoral": "博士生"}
)
class StudentLevel(LabelledEnum):
    """Level of students (本科生 / 硕士生 / 博士生)."""

    UNDERGRADUATE = "undergraduate"
    MASTER = "master"
    DOCTORAL = "doctoral"


@labels({"teacher": "教师", "student": "学生", "staff": ("职工", "管理人员"), "retired": "离退休"})
class PersonCategory(LabelledEnum):
    """What a person is at the school."""

    TEACHER = "teacher"
    STUDENT = "student"
    STAFF = "staff"
    RETIRED = "retired"


@labels(
    {
        "full": ("正式党员", "正式"),
        "probationary": ("预备党员", "预备"),
        "applicant": ("入党申请人", "申请人"),
        "activist": ("入党积极分子", "积极分子"),
        "candidate": "发展对象",
        "none": ("群众", "非党员"),
    }
)
class MemberStatus(LabelledEnum):
    """Party status of a person on a date (derived from dated milestones)."""

    FULL = "full"
    PROBATIONARY = "probationary"
    CANDIDATE = "candidate"
    ACTIVIST = "activist"
    APPLICANT = "applicant"
    NONE = "none"


@labels(
    {
        "secretary": "书记",
        "deputy_secretary": "副书记",
        "organization": "组织委员",
        "publicity": "宣传委员",
        "discipline": "纪检委员",
        "united_front": "统战委员",
        "committee_member": ("委员", "其他委员"),
        "group_leader": ("组长", "党小组长"),
    }
)
class Role(LabelledEnum):
    """A party post within an organisation (dated in :class:`PartyRole`)."""

    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    ORGANIZATION = "organization"
    PUBLICITY = "publicity"
    DISCIPLINE = "discipline"
    UNITED_FRONT = "united_front"
    COMMITTEE_MEMBER = "committee_member"
    GROUP_LEADER = "group_leader"


@labels(
    {"full_senior": "正高", "associate_senior": "副高", "intermediate": "中级", "junior": "初级"}
)
class TitleRank(LabelledEnum):
    """Professional title rank (职称)."""

    FULL_SENIOR = "full_senior"
    ASSOCIATE_SENIOR = "associate_senior"
    INTERMEDIATE = "intermediate"
    JUNIOR = "junior"


@labels(
    {
        "doctorate": ("博士", "博士研究生"),
        "master": ("硕士", "硕士研究生"),
        "bachelor": ("学士", "本科"),
        "other": "其他",
    }
)
class Degree(LabelledEnum):
    """Highest degree."""

    DOCTORATE = "doctorate"
    MASTER = "master"
    BACHELOR = "bachelor"
    OTHER = "other"


@labels(
    {
        "organiser": ("专职组织员", "组织员"),
        "counselor": "辅导员",
        "ideology_teacher": "思政课教师",
        "party_staff": ("党务工作人员", "党务干部"),
        "opinion_officer": "网络舆情信息员",
        "society_advisor": ("社团指导教师", "社团指导老师"),
    }
)
class PostKind(LabelledEnum):
    """A staffing post (岗位), dated in :class:`Post`; each has a ``full_time`` flag."""

    ORGANISER = "organiser"
    COUNSELOR = "counselor"
    IDEOLOGY_TEACHER = "ideology_teacher"
    PARTY_STAFF = "party_staff"
    OPINION_OFFICER = "opinion_officer"
    SOCIETY_ADVISOR = "society_advisor"


@labels(
    {
        "general_assembly": ("党员大会", "支部党员大会"),
        "committee": ("支委会", "支部委员会"),
        "group": "党小组会",
        "lecture": "党课",
        "theme_day": "主题党日",
        "org_life": "组织生活会",
        "democratic_appraisal": "民主评议党员",
        "democratic_life": "民主生活会",
        "heart_talk": "谈心谈话",
        "dept_party_meeting": ("党组织会议", "党总支会议", "党委会议"),
        "dept_joint_meeting": "党政联席会议",
        "study_group": ("理论学习中心组", "中心组学习"),
        "ideology_analysis": ("意识形态研判", "月研判"),
        "ideology_joint": ("意识形态联席会议", "季度联席会议"),
        "training": ("培训", "集中学习"),
        "political_birthday": "政治生日",
        "lecture_series": "讲堂",
        "youth_class": ("青马班", "青年马克思主义者培养班"),
        "media_post": ("新媒体推文", "推文"),
        "publicity": "宣传",
        "service": ("志愿服务", "服务"),
        "open_activity": "开放活动",
        "member_contact": ("联系服务群众", "联系群众"),
        "other": "其他",
    }
)
class MeetingKind(LabelledEnum):
    """Kind of meeting or activity (三会一课, organisational life, department meetings …)."""

    GENERAL_ASSEMBLY = "general_assembly"
    COMMITTEE = "committee"
    GROUP = "group"
    LECTURE = "lecture"
    THEME_DAY = "theme_day"
    ORG_LIFE = "org_life"
    DEMOCRATIC_APPRAISAL = "democratic_appraisal"
    DEMOCRATIC_LIFE = "democratic_life"
    HEART_TALK = "heart_talk"
    DEPT_PARTY_MEETING = "dept_party_meeting"
    DEPT_JOINT_MEETING = "dept_joint_meeting"
    STUDY_GROUP = "study_group"
    IDEOLOGY_ANALYSIS = "ideology_analysis"
    IDEOLOGY_JOINT = "ideology_joint"
    TRAINING = "training"
    POLITICAL_BIRTHDAY = "political_birthday"
    LECTURE_SERIES = "lecture_series"
    YOUTH_CLASS = "youth_class"
    MEDIA_POST = "media_post"
    PUBLICITY = "publicity"
    SERVICE = "service"
    OPEN_ACTIVITY = "open_activity"
    MEMBER_CONTACT = "member_contact"
    OTHER = "other"


@labels({"onsite": ("线下", "现场"), "online": ("线上", "云上")})
class Mode(LabelledEnum):
    """How a meeting was held; online meetings count unless a rule says otherwise."""

    ONSITE = "onsite"
    ONLINE = "online"


@labels(
    {
        "direction": ("办学方向",),
        "staff": ("教师队伍建设",),
        "interests": ("师生切身利益",),
        "other": "其他",
    }
)
class AgendaCategory(LabelledEnum):
    """Category of a joint-meeting agenda item; the first three need prior party review."""

    DIRECTION = "direction"
    STAFF = "staff"
    INTERESTS = "interests"
    OTHER = "other"


@labels(
    {
        "excellent": "优秀",
        "qualified": "合格",
        "basically_qualified": "基本合格",
        "unqualified": "不合格",
    }
)
class AppraisalGrade(LabelledEnum):
    """A member's grade in the democratic appraisal (民主评议党员)."""

    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASICALLY_QUALIFIED = "basically_qualified"
    UNQUALIFIED = "unqualified"


@labels(
    {
        "salaried": ("在职", "工资收入"),
        "retired": ("离退休",),
        "student": "学生",
        "unemployed": ("下岗失业", "失业"),
        "low_income": ("低保", "领取低保", "依靠抚恤或救济"),
        "other": "其他",
    }
)
class IncomeCategory(LabelledEnum):
    """What a member's dues are computed from (党费规定)."""

    SALARIED = "salaried"
    RETIRED = "retired"
    STUDENT = "student"
    UNEMPLOYED = "unemployed"
    LOW_INCOME = "low_income"
    OTHER = "other"


@labels({"regulation": "制度", "plan": "方案", "report": "总结"})
class DocumentKind(LabelledEnum):
    """Kind of document (制度 / 方案 / 总结)."""

    REGULATION = "regulation"
    PLAN = "plan"
    REPORT = "report"


@labels(
    {
        "member_study": ("党员学习", "集中学习"),
        "course_ideology": "课程思政",
        "counselor": "辅导员培训",
        "secretary": ("书记培训", "支部书记培训"),
        "committee": "支委培训",
        "candidate": ("发展对象培训",),
        "other": "其他",
    }
)
class TrainingKind(LabelledEnum):
    """Kind of training (培训) a person took."""

    MEMBER_STUDY = "member_study"
    COURSE_IDEOLOGY = "course_ideology"
    COUNSELOR = "counselor"
    SECRETARY = "secretary"
    COMMITTEE = "committee"
    CANDIDATE = "candidate"
    OTHER = "other"


@labels({"meeting": ("会议", "一会一报"), "event": ("活动", "一事一报")})
class SocietyEventKind(LabelledEnum):
    """A student-society meeting or event (each must be reported beforehand)."""

    MEETING = "meeting"
    EVENT = "event"


@labels(
    {
        "national": ("国家级", "国家"),
        "provincial": ("省级", "省部级"),
        "municipal": ("市级", "地市级"),
        "school": ("校级", "院级"),
    }
)
class AwardLevel(LabelledEnum):
    """Level of an award or project."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    SCHOOL = "school"


@labels({"honour": ("荣誉", "荣誉称号"), "competition": ("竞赛", "技能大赛"), "project": "项目"})
class AwardKind(LabelledEnum):
    """Kind of award."""

    HONOUR = "honour"
    COMPETITION = "competition"
    PROJECT = "project"


@labels({"major": ("重大", "重大事件"), "minor": ("一般", "一般事件")})
class IncidentSeverity(LabelledEnum):
    """Severity of an incident; a major one may veto a scheme (一票否决)."""

    MAJOR = "major"
    MINOR = "minor"
