"""An Assessment as plain tables: the layer under the Excel and CSV exports (issue 9).

Why a table layer of its own: the xlsx and CSV writers, and later a pandas ``DataFrame``
(``pd.DataFrame(t.rows, columns=t.column_names)``), all want the same rows; building them once,
as plain Python values (``str``, ``int``, ``float``, ``date``, ``None``), keeps the writers thin
and the figures identical in every format.  Like every view this module reads an
:class:`~dangjian_core.Assessment` and never recomputes it: no rule runs and no score is summed
again — a subject's total row repeats the assessment's own totals.

The tables (``Table.name`` is the stable id a program or ``table=`` choice uses,
``Table.title_zh`` the sheet name a reader sees):

``summary`` — 支部排名 (branch scope, ranked) or 院系总评 (department scope): score, grade and
    verdict of every subject, raw and with waivers.
``scores`` — 得分明细: per subject a total row, then each dimension and its indicators.
``findings`` — 检查结果: every finding the assessment kept for a subject (see
    :func:`findings_table` for what it holds and where the organisations come from).
``gaps`` — 整改清单: the lost points of each subject, by points to win back.
``info`` — 评估信息: scheme, dates and versions, so that a sheet handed on still says what it is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

import attrs

from ..errors import RuleError
from ..model import OrgKind
from ..periods import Cadence, SemesterCalendar, period_of
from ..rules import Status, default_rules

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger, Organization
    from ..rules import Finding, Findings, RuleRegistry
    from ..scoring import Assessment, FindingRef, SubjectResult

__all__ = [
    "TABLE_NAMES",
    "Cell",
    "Column",
    "ColumnKind",
    "Table",
    "assessment_tables",
    "findings_table",
    "gaps_table",
    "info_table",
    "period_dates",
    "scores_table",
    "summary_table",
]

#: A cell: what every writer (and pandas) takes without conversion.
Cell = str | int | float | date | None

#: How a writer shows a column: ``points`` are scores kept to four decimals, ``share`` a
#: fraction shown as a percentage, ``date`` a real date cell.
ColumnKind = Literal["text", "int", "points", "share", "date"]

#: The tables :func:`assessment_tables` returns, in this order (``summary`` first: the sheet a
#: workbook opens on should be the verdict).
TABLE_NAMES = ("summary", "scores", "findings", "gaps", "info")


@attrs.frozen(slots=True)
class Column:
    """One column: a stable id (for programs), its Chinese header (for readers), its kind."""

    name: str
    title_zh: str
    kind: ColumnKind = "text"


@attrs.frozen(slots=True)
class Table:
    """A named table of plain rows; ``rows[i][j]`` belongs to ``columns[j]``."""

    name: str
    title_zh: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __attrs_post_init__(self) -> None:
        width = len(self.columns)
        for n, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"{self.name}: row {n} has {len(row)} cells, not {width}")

    @property
    def column_names(self) -> list[str]:
        """The column ids, for ``pandas.DataFrame(t.rows, columns=t.column_names)``."""
        return [c.name for c in self.columns]

    @property
    def header_zh(self) -> list[str]:
        """The Chinese header row, as the writers put it above the rows."""
        return [c.title_zh for c in self.columns]

    def column(self, name: str) -> list[Cell]:
        """Every value of one column, by its id."""
        j = self.column_names.index(name)
        return [row[j] for row in self.rows]


def _table(
    name: str, title_zh: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]
) -> Table:
    return Table(name, title_zh, tuple(columns), tuple(tuple(r) for r in rows))


# --------------------------------------------------------------------------- helpers

_STATUS_ZH = {s.value: s.zh for s in Status}

#: Findings sort failing first, so that a sheet opens on what needs doing.
_STATUS_ORDER = {
    Status.FAIL.value: 0,
    Status.ERROR.value: 1,
    Status.WARN.value: 2,
    Status.WAIVED.value: 3,
    Status.NOT_APPLICABLE.value: 4,
    Status.PASS.value: 5,
}


def _status_zh(status: str | None) -> str | None:
    return None if status is None else _STATUS_ZH.get(status, status)


def _excluded_zh(reason: str | None) -> str | None:
    """The Chinese of an indicator's ``excluded`` (``not_applicable`` | ``skipped: <why>``)."""
    if reason is None:
        return None
    if reason == "not_applicable":
        return "无适用项"
    if reason.startswith("skipped:"):
        return "不考核：" + reason.removeprefix("skipped:").strip()
    return reason


def _verdict_zh(verdict: bool | None, title: str | None) -> str | None:
    if verdict is None or not title:
        return None
    return ("已" if verdict else "未") + title


def _sum(values: Iterable[float]) -> float:
    """A sum of stored (four-decimal) points, exact and stored the same way again."""
    return float(round(sum((Fraction(str(v)) for v in values), Fraction(0)), 4))


def _ratio(earned: float, possible: float) -> float | None:
    """Earned / possible of stored points, divided exactly (0.998765, not 0.99876499…)."""
    if not possible:
        return None
    return float(Fraction(str(earned)) / Fraction(str(possible)))


def _plain(value: object) -> Cell:
    """A finding's measured/expected value as a cell: exact numbers become numbers (a
    fraction rounded to four decimals, as the assessment stores points), dates stay dates,
    anything else becomes text a reader understands."""
    if value is None or isinstance(value, str | date):
        return value
    if isinstance(value, bool):  # before int: a bool is an int
        return "是" if value else "否"
    if isinstance(value, int | float):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(round(value, 4))
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, enum.Enum):
        zh = getattr(value, "zh", None)
        return zh if isinstance(zh, str) else str(value.value)
    return _text(value)


def _text(value: object) -> str:
    if isinstance(value, Mapping):
        return "；".join(f"{_text(k)}：{_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "、".join(_text(v) for v in items)
    cell = _plain(value)
    return "" if cell is None else str(cell)


def period_dates(label: str, semesters: SemesterCalendar | None = None) -> tuple[date, date] | None:
    """The first and last day of a period label as findings write it (``2021-03``,
    ``2021Q1``, ``2021H2``, ``2021-spring``, ``2021``, ``2021-01-01..2021-06-30``), or None
    for a label this does not know.

    Why: the assessment keeps a finding's period as its label only, and a spreadsheet wants
    real dates to sort and filter by.  The dates come from :func:`periods.period_of`, the one
    place periods are defined, and the label it gives back must equal the one read — so a
    label is never guessed into wrong dates.  Rules judge semesters with the default calendar
    (spring from March, autumn from September); pass ``semesters`` for another one.
    """
    semesters = semesters if semesters is not None else SemesterCalendar()
    try:
        if ".." in label:
            start_text, end_text = label.split("..", 1)
            start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
            return (start, end) if start <= end else None
        year = int(label[:4])
        rest = label[4:]
        if rest == "":
            cadence, first = Cadence.YEAR, date(year, 1, 1)
        elif rest.startswith("Q"):
            cadence, first = Cadence.QUARTER, date(year, 3 * int(rest[1:]) - 2, 1)
        elif rest.startswith("H"):
            cadence, first = Cadence.HALF_YEAR, date(year, 6 * int(rest[1:]) - 5, 1)
        elif rest in ("-spring", "-autumn"):
            month = semesters.spring_start if rest == "-spring" else semesters.autumn_start
            cadence, first = Cadence.SEMESTER, date(year, month, 1)
        elif rest.startswith("-"):
            cadence, first = Cadence.MONTH, date(year, int(rest[1:]), 1)
        else:
            return None
    except ValueError:  # not a number, month 13, quarter 5 …
        return None
    period = period_of(cadence, first, semesters)
    return (period.start, period.end) if period.label == label else None


# --------------------------------------------------------------------------- summary


def summary_table(assessment: Assessment) -> Table:
    """Every subject's score, grade and verdict, raw and with waivers, ranked.

    For a branch-scope scheme (``seven-effective``) this is the branch ranking (支部排名); for
    a department scope the same columns are the department summary (院系总评).  Subjects are
    ranked by the score as the assessment shows it (rounded down to two decimals, as every
    view shows it): equal shown scores share a rank (1, 2, 2, 4), so that no branch is ranked
    below another on a difference nobody can see; within a rank the assessment's (ledger)
    order is kept.
    """
    a = assessment
    ordered = sorted(a.subjects, key=lambda s: -s.score)  # stable: ledger order within ties
    rows: list[list[Cell]] = []
    previous: float | None = None
    rank = 0
    for n, s in enumerate(ordered, 1):
        if s.score != previous:
            rank, previous = n, s.score
        rows.append(
            [
                rank,
                s.subject_id,
                s.subject_name,
                s.score,
                s.grade,
                _verdict_zh(s.verdict, a.verdict_title),
                s.score_waived,
                s.grade_waived,
                _verdict_zh(s.verdict_waived, a.verdict_title),
                s.earned,
                s.earned_waived,
                s.possible,
                "；".join(s.verdict_misses) or None,
                "；".join(f.message_zh for f in s.veto) or None,
                "是" if s.incomplete else None,
            ]
        )
    branch = a.scheme_scope == "branch"
    return _table(
        "summary",
        "支部排名" if branch else "院系总评",
        [
            Column("rank", "名次", "int"),
            Column("subject_id", "支部编号" if branch else "院系编号"),
            Column("subject_name", "党支部" if branch else "院系党组织"),
            Column("score", "得分", "points"),
            Column("grade", "等次"),
            Column("verdict", "结论"),
            Column("score_waived", "得分（计入豁免）", "points"),
            Column("grade_waived", "等次（计入豁免）"),
            Column("verdict_waived", "结论（计入豁免）"),
            Column("earned", "实得分", "points"),
            Column("earned_waived", "实得分（计入豁免）", "points"),
            Column("possible", "可得分", "points"),
            Column("verdict_misses", "未达标原因"),
            Column("veto", "一票否决"),
            Column("incomplete", "结果不完整"),
        ],
        rows,
    )


# --------------------------------------------------------------------------- scores


def scores_table(assessment: Assessment) -> Table:
    """Dimension and indicator scores of every subject, raw and with waivers.

    One row per subject (层级 合计: the assessment's own totals), per dimension and per
    indicator, so that the sheet reads top-down and a program filters by ``level``
    (``subject`` / ``dimension`` / ``indicator``).  ``points`` is what the scheme sets,
    ``possible`` what was applicable; an indicator not scored says why in 不计分原因.
    """
    rows: list[list[Cell]] = []
    for s in assessment.subjects:
        rows.append(
            [
                s.subject_id, s.subject_name, "合计", None, None, None, None, None,
                _sum(d.points for d in s.dimensions), s.possible, s.earned, s.earned_waived,
                _ratio(s.earned, s.possible),
                None, None, None, None,
            ]
        )  # fmt: skip
        for d in s.dimensions:
            rows.append(
                [
                    s.subject_id, s.subject_name, "维度", d.id, d.title, None, None, None,
                    d.points, d.possible, d.earned, d.earned_waived, _ratio(d.earned, d.possible),
                    None, None, None, None,
                ]
            )  # fmt: skip
            for i in d.indicators:
                rows.append(
                    [
                        s.subject_id, s.subject_name, "指标", d.id, d.title, i.id, i.title,
                        i.function, i.points, i.possible, i.earned, i.earned_waived,
                        _ratio(i.earned, i.possible),
                        i.passed, i.failed, i.metric, _excluded_zh(i.excluded),
                    ]
                )  # fmt: skip
    return _table(
        "scores",
        "得分明细",
        [
            Column("subject_id", "评价对象编号"),
            Column("subject_name", "评价对象"),
            Column("level", "层级"),
            Column("dimension_id", "维度编号"),
            Column("dimension", "维度"),
            Column("indicator_id", "指标编号"),
            Column("indicator", "指标"),
            Column("function", "计分方法"),
            Column("points", "满分", "points"),
            Column("possible", "可得分", "points"),
            Column("earned", "得分", "points"),
            Column("earned_waived", "得分（计入豁免）", "points"),
            Column("share", "得分率", "share"),
            Column("passed", "符合数", "int"),
            Column("failed", "不符合数", "int"),
            Column("metric", "指标读数", "points"),
            Column("excluded", "不计分原因"),
        ],
        rows,
    )


# --------------------------------------------------------------------------- findings


class _Places:
    """Where a finding sits: its department and branch, with names.

    Why a class: the organisation of a finding is not in the assessment (a ``FindingRef``
    has no org chain), so it is read, in this order, from the run's own findings (their
    ``org_chain``), from the ledger's organisations when the finding's subject is one, and
    last from the assessed subject itself — never by running a rule again.
    """

    def __init__(self, assessment: Assessment, ledger: Ledger | None) -> None:
        self.scope = assessment.scheme_scope
        self.orgs: dict[str, Organization] = (
            {o.id: o for o in ledger.organizations} if ledger is not None else {}
        )

    def chain(self, org_id: str) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        current: str | None = org_id
        while current is not None and current in self.orgs and current not in seen:
            seen.add(current)
            out.append(current)
            current = self.orgs[current].parent_id
        return out

    def name(self, org_id: str | None, fallback: str | None = None) -> str | None:
        if org_id is None:
            return None
        org = self.orgs.get(org_id)
        return org.name if org is not None else fallback

    def of(
        self, subject: SubjectResult, ref: FindingRef, found: Finding | None
    ) -> tuple[str | None, str | None, str | None, str | None]:
        """``(department id, department name, branch id, branch name)`` of one finding."""
        chain: list[str] = []
        if found is not None and found.org_chain:
            chain = list(found.org_chain)
        elif ref.subject_id in self.orgs:
            chain = self.chain(ref.subject_id)
        if subject.subject_id not in chain:  # at least the assessed subject and above it
            chain += [o for o in self.chain(subject.subject_id) if o not in chain]
        dept = next((o for o in chain if o in self.orgs and self.orgs[o].department), None)
        branch = next(
            (o for o in chain if o in self.orgs and self.orgs[o].kind is OrgKind.BRANCH), None
        )
        if not self.orgs:  # no ledger: only the assessed subject's own place is known
            if self.scope == "department":
                dept = subject.subject_id
            elif self.scope == "branch":
                branch = subject.subject_id
        dept_name = self.name(dept, subject.subject_name if dept == subject.subject_id else None)
        branch_name = self.name(
            branch, subject.subject_name if branch == subject.subject_id else None
        )
        return dept, dept_name, branch, branch_name


def findings_table(
    assessment: Assessment,
    findings: Findings | None = None,
    *,
    ledger: Ledger | None = None,
    registry: RuleRegistry | None = None,
) -> Table:
    """Every finding the assessment kept, one row per assessed subject and finding.

    What it holds: ``SubjectResult.findings`` — every finding of the scheme's rules within
    that subject (passes included, not only the lost points), plus any rule error, which
    counts against every subject.  A finding under two assessed subjects is listed under
    each.  Rows go failing first (不符合, 出错, 提醒, 已豁免, 不适用, 符合), then by rule,
    period and subject.

    The assessment keeps less than a check run: no organisation chain, no measured and
    expected values, the period as its label only.  So:

    - ``findings`` (the :class:`~dangjian_core.Findings` of the run the assessment was made
      from, if the caller kept them) fills 实测 / 标准 and places every finding in its branch
      and department exactly; matched by key, never re-run.
    - ``ledger`` gives the organisation names and kinds: without ``findings``, a finding about
      an organisation is placed by the ledger's tree, any other (a person, a meeting) by the
      assessed subject only — so in a department-scope sheet its 党支部 stays empty.
    - without either, only the assessed subject's own column (院系 or 党支部) is filled.
    - period start and end are real dates: from ``findings`` when given, else read back from
      the label (:func:`period_dates`).

    ``registry`` is where the Chinese rule titles come from (default: the process-wide one);
    a rule it does not know keeps its id and an empty title.
    """
    registry = registry if registry is not None else default_rules()
    titles: dict[str, str | None] = {}
    places = _Places(assessment, ledger)
    keyed: dict[tuple[str, str, str, str | None], Finding] = (
        {f.key: f for f in findings} if findings is not None else {}
    )
    rows: list[tuple[tuple[object, ...], list[Cell]]] = []
    for s in assessment.subjects:
        for ref in s.findings:
            found = keyed.get(ref.key)
            if ref.rule_id not in titles:
                try:
                    titles[ref.rule_id] = registry.get(ref.rule_id).title_zh
                except RuleError:
                    titles[ref.rule_id] = None
            if found is not None:
                span: tuple[date, date] | None = (found.period.start, found.period.end)
            else:
                span = period_dates(ref.period)
            dept, dept_name, branch, branch_name = places.of(s, ref, found)
            row: list[Cell] = [
                s.subject_id,
                s.subject_name,
                dept_name,
                branch_name,
                _status_zh(ref.status),
                ref.rule_id,
                titles[ref.rule_id],
                ref.subject_id,
                ref.subject_name,
                ref.period,
                span[0] if span else None,
                span[1] if span else None,
                ref.facet,
                _plain(found.measured) if found is not None else None,
                _plain(found.expected) if found is not None else None,
                ref.message_zh,
                _status_zh(ref.original_status),
                "、".join(ref.evidence) or None,
                dept,
                branch,
            ]
            key = (
                _STATUS_ORDER.get(ref.status, 9),
                ref.rule_id,
                span[0] if span else date.max,
                ref.period,
                ref.subject_id,
                ref.facet or "",
            )
            rows.append((key, row))
    # Subjects stay in assessment order; within one, failing first.
    order = {s.subject_id: n for n, s in enumerate(assessment.subjects)}
    rows.sort(key=lambda kr: (order[str(kr[1][0])], kr[0]))
    return _table(
        "findings",
        "检查结果",
        [
            Column("subject_id", "评价对象编号"),
            Column("subject_name", "评价对象"),
            Column("department", "院系"),
            Column("branch", "党支部"),
            Column("status", "状态"),
            Column("rule_id", "规则编号"),
            Column("rule_title", "规则"),
            Column("finding_subject_id", "对象编号"),
            Column("finding_subject", "对象"),
            Column("period", "期间"),
            Column("period_start", "期间起", "date"),
            Column("period_end", "期间止", "date"),
            Column("facet", "细项"),
            Column("measured", "实测"),
            Column("expected", "标准"),
            Column("message", "说明"),
            Column("original_status", "豁免前状态"),
            Column("evidence", "依据记录"),
            Column("department_id", "院系编号"),
            Column("branch_id", "支部编号"),
        ],
        [r for _, r in rows],
    )


# --------------------------------------------------------------------------- gaps


def gaps_table(assessment: Assessment) -> Table:
    """整改清单: each subject's lost points, by points to win back (``Assessment.gaps``).

    One row per gap, numbered per subject in the assessment's own order; 问题 lists every
    finding behind the gap, one per line, so that the sheet is a to-do list on its own.
    """
    rows: list[list[Cell]] = []
    for s in assessment.subjects:
        dims = {d.id: d.title for d in s.dimensions}
        for n, g in enumerate(assessment.gaps(s.subject_id), 1):
            rows.append(
                [
                    s.subject_id,
                    s.subject_name,
                    n,
                    g.gain,
                    g.dimension,
                    dims.get(g.dimension),
                    g.indicator,
                    g.indicator_title,
                    len(g.findings),
                    "\n".join(f.message_zh for f in g.findings) or None,
                    g.note or None,
                ]
            )
    return _table(
        "gaps",
        "整改清单",
        [
            Column("subject_id", "评价对象编号"),
            Column("subject_name", "评价对象"),
            Column("order", "序号", "int"),
            Column("gain", "可挽回分值", "points"),
            Column("dimension_id", "维度编号"),
            Column("dimension", "维度"),
            Column("indicator_id", "指标编号"),
            Column("indicator", "指标"),
            Column("finding_count", "问题数", "int"),
            Column("findings", "问题"),
            Column("note", "备注"),
        ],
        rows,
    )


# --------------------------------------------------------------------------- info


def info_table(assessment: Assessment) -> Table:
    """What the workbook is: scheme, version, dates, library — one item per row."""
    a = assessment
    rows: list[list[Cell]] = [
        ["方案", f"{a.scheme_title}（{a.scheme_id}）"],
        ["方案版本", a.scheme_version],
        ["评价范围", "支部" if a.scheme_scope == "branch" else "院系"],
        ["评估截至", a.as_of],
        ["考核期起", a.window_start],
        ["考核期止", a.window_end],
        ["方案来源", a.scheme_package],
        ["dangjian_core 版本", a.library_version],
    ]
    rows += [[f"不考核 {ind}", why] for ind, why in a.skipped.items()]
    return _table("info", "评估信息", [Column("item", "项目"), Column("value", "内容")], rows)


# --------------------------------------------------------------------------- all


def assessment_tables(
    assessment: Assessment,
    findings: Findings | None = None,
    *,
    ledger: Ledger | None = None,
    registry: RuleRegistry | None = None,
    tables: Iterable[str] | None = None,
) -> list[Table]:
    """The tables of :data:`TABLE_NAMES` (or only those named in ``tables``), in that order.

    ``findings``, ``ledger`` and ``registry`` go to :func:`findings_table`; an unknown name
    in ``tables`` is a ``ValueError`` naming the known ones.
    """
    wanted = TABLE_NAMES if tables is None else tuple(tables)
    unknown = [t for t in wanted if t not in TABLE_NAMES]
    if unknown:
        raise ValueError(
            f"未知的表：{', '.join(unknown)}，可选：{', '.join(TABLE_NAMES)} "
            f"(unknown table(s); known: {', '.join(TABLE_NAMES)})"
        )
    out: list[Table] = []
    for name in TABLE_NAMES:
        if name not in wanted:
            continue
        if name == "summary":
            out.append(summary_table(assessment))
        elif name == "scores":
            out.append(scores_table(assessment))
        elif name == "findings":
            out.append(findings_table(assessment, findings, ledger=ledger, registry=registry))
        elif name == "gaps":
            out.append(gaps_table(assessment))
        else:
            out.append(info_table(assessment))
    return out
