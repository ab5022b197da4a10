"""Findings and assessments as pandas DataFrames, for analysts working in a notebook.

Why a module of its own: an analyst's first wish is a branch × rule table of failures, and
without names, branches and dates in the rows that took seven lines of hand-mapping ids.
:func:`findings_frame` puts them in (organisation, department and branch with their names,
period start and end as real dates, status as a categorical, measured/expected as numbers
where they are numbers), and :func:`assessment_frames` turns the tables of :mod:`.tables` —
the same rows the Excel and CSV exports write — into DataFrames, so the figures agree with
every other view.  Like every view this reads and never recomputes.

pandas is the optional ``pandas`` extra and is imported on first use only, in :func:`_pandas`:
``import dangjian_core`` must not load it (tests/test_quality.py).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..errors import RuleError
from ..model import OrgKind
from ..rules import Scope, Status, default_rules
from .tables import Table, gaps_table, scores_table, summary_table
from .xlsx import MissingExtraError

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger
    from ..rules import Finding, Findings
    from ..scoring import Assessment

__all__ = ["FRAME_NAMES", "assessment_frames", "findings_frame", "table_frame"]

#: The frames :func:`assessment_frames` returns, in this order.
FRAME_NAMES = ("subjects", "dimensions", "indicators", "gaps")

#: Status categories in the enum's order, so that every frame has all of them (a pivot table
#: of a clean ledger still has a ``fail`` column, with zeros).
_STATUSES = [s.value for s in Status]

_DIMENSION_COLUMNS = [
    "subject_id", "subject_name", "dimension_id", "dimension",
    "points", "possible", "earned", "earned_waived", "share",
]  # fmt: skip
_INDICATOR_COLUMNS = [
    "subject_id", "subject_name", "dimension_id", "dimension", "indicator_id", "indicator",
    "function", "points", "possible", "earned", "earned_waived", "share",
    "passed", "failed", "metric", "excluded",
]  # fmt: skip


def _pandas() -> Any:
    """pandas, imported on first use: it is an optional extra and ``import dangjian_core``
    must stay light without it.  Typed ``Any`` so the library does not need pandas-stubs."""
    try:
        import pandas  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise MissingExtraError(
            "生成 DataFrame 需要 pandas：pip install 'dangjian-core[pandas]' "
            "(DataFrames need pandas: pip install 'dangjian-core[pandas]')"
        ) from None
    return pandas


# --------------------------------------------------------------------------- tables


def table_frame(table: Table) -> Any:
    """A :class:`~.tables.Table` as a DataFrame with its column ids as headers.

    Dates become ``datetime64``, points and shares ``float64`` (missing: NaN), counts the
    nullable ``Int64``; ``df.attrs["title_zh"]`` and ``df.attrs["headers_zh"]`` keep the
    Chinese titles a reader sees in the workbook (``df.rename(columns=df.attrs["headers_zh"])``).
    """
    pd = _pandas()
    df = pd.DataFrame(list(table.rows), columns=table.column_names)
    for column in table.columns:
        name = column.name
        if column.kind == "date":
            df[name] = pd.to_datetime(df[name])
        elif column.kind in ("points", "share"):
            df[name] = pd.to_numeric(df[name]).astype("float64")
        elif column.kind == "int":
            df[name] = df[name].astype("Int64")
    df.attrs["title_zh"] = table.title_zh
    df.attrs["headers_zh"] = {c.name: c.title_zh for c in table.columns}
    return df


def assessment_frames(assessment: Assessment) -> dict[str, Any]:
    """The assessment as DataFrames: ``subjects`` (score, grade, verdict, ranked),
    ``dimensions``, ``indicators`` (one row per subject and dimension / indicator, with
    ``share`` = earned / possible) and ``gaps`` (整改清单, by points to win back)."""
    scores = table_frame(scores_table(assessment))
    dimensions = scores[scores["level"] == "维度"][_DIMENSION_COLUMNS].reset_index(drop=True)
    indicators = scores[scores["level"] == "指标"][_INDICATOR_COLUMNS].reset_index(drop=True)
    for frame in (dimensions, indicators):
        frame.attrs = {
            "title_zh": scores.attrs["title_zh"],
            "headers_zh": {c: scores.attrs["headers_zh"][c] for c in frame.columns},
        }
    return {
        "subjects": table_frame(summary_table(assessment)),
        "dimensions": dimensions,
        "indicators": indicators,
        "gaps": table_frame(gaps_table(assessment)),
    }


# --------------------------------------------------------------------------- findings


def _number(value: object) -> float:
    """A measured/expected value as a float where it is a number, else NaN (never a bool)."""
    if isinstance(value, bool):
        return math.nan
    if isinstance(value, int | float | Decimal | Fraction):
        return float(value)
    return math.nan


def _text(value: object) -> str | None:
    """A measured/expected value as a reader would write it (exact: ``2/3``, ``12.00``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        zh = getattr(value, "zh", None)
        return zh if isinstance(zh, str) else str(value.value)
    if isinstance(value, Mapping):
        return "；".join(f"{_text(k)}：{_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "、".join(str(_text(v)) for v in items)
    return str(value)


class _Places:
    """Kinds and names of organisations: from the ledger when given, else from the findings.

    Without a ledger the findings still say a lot: a finding about an organisation carries its
    name, and the scope of the rule that made it says whether it is a department (院系) or a
    branch (支部).  A ledger makes it exact (and names organisations no finding is about).
    """

    def __init__(self, findings: Findings, ledger: Ledger | None) -> None:
        self.names: dict[str, str] = {}
        self.departments: set[str] = set()
        self.branches: set[str] = set()
        registry = default_rules()
        scopes: dict[str, Scope | None] = {}
        for f in findings:
            if f.subject_kind.value != "organization":
                continue
            if f.subject_name:
                self.names.setdefault(f.subject_id, f.subject_name)
            if f.rule_id not in scopes:
                try:
                    scopes[f.rule_id] = registry.get(f.rule_id).scope
                except RuleError:  # a rule no longer (or not yet) registered
                    scopes[f.rule_id] = None
            scope = scopes[f.rule_id]
            if scope is Scope.DEPARTMENT:
                self.departments.add(f.subject_id)
            elif scope is Scope.BRANCH:
                self.branches.add(f.subject_id)
        if ledger is not None:
            self.departments = {o.id for o in ledger.organizations if o.department}
            self.branches = {o.id for o in ledger.organizations if o.kind is OrgKind.BRANCH}
            self.names.update({o.id: o.name for o in ledger.organizations})

    def of(self, f: Finding) -> tuple[str | None, str | None, str | None]:
        """``(organisation, department, branch)`` ids of a finding, from its org chain."""
        chain = f.org_chain
        organization = chain[0] if chain else None
        department = next((o for o in chain if o in self.departments), None)
        branch = next((o for o in chain if o in self.branches), None)
        return organization, department, branch


def _rule_titles(findings: Findings) -> dict[str, str | None]:
    registry = default_rules()
    titles: dict[str, str | None] = {}
    for f in findings:
        if f.rule_id not in titles:
            try:
                titles[f.rule_id] = registry.get(f.rule_id).title_zh
            except RuleError:
                titles[f.rule_id] = None
    return titles


def findings_frame(findings: Findings, ledger: Ledger | None = None) -> Any:
    """One row per finding, ready for ``pivot_table`` and ``groupby``.

    Columns: ``rule_id``, ``rule_title``; ``subject_id``, ``subject_kind``, ``subject_name``;
    ``organization_id``/``organization`` (the subject's own organisation), ``department_id``/
    ``department`` and ``branch_id``/``branch`` (ids and names); ``period`` (its label),
    ``period_start`` and ``period_end`` (``datetime64``); ``status`` and ``original_status``
    (categoricals of every status), ``severity``, ``facet``, ``reason``; ``measured`` and
    ``expected`` as floats where the value is a number (NaN otherwise: a date, a list, a
    kind) with ``measured_text``/``expected_text`` holding every value as text; ``evidence``
    (record ids joined by ``、``), ``message_zh``, ``message_en``, ``waiver_id``.

    Pass the ``ledger`` the findings came from for exact departments, branches and names;
    without it they are read from the findings themselves (see :class:`_Places`).
    """
    pd = _pandas()
    places = _Places(findings, ledger)
    titles = _rule_titles(findings)
    rows: list[dict[str, Any]] = []
    for f in findings:
        org, dept, branch = places.of(f)
        rows.append(
            {
                "rule_id": f.rule_id,
                "rule_title": titles[f.rule_id],
                "subject_id": f.subject_id,
                "subject_kind": f.subject_kind.value,
                "subject_name": f.subject_name,
                "organization_id": org,
                "organization": places.names.get(org) if org else None,
                "department_id": dept,
                "department": places.names.get(dept) if dept else None,
                "branch_id": branch,
                "branch": places.names.get(branch) if branch else None,
                "period": f.period.label,
                "period_start": f.period.start,
                "period_end": f.period.end,
                "status": f.status.value,
                "original_status": f.original_status.value if f.original_status else None,
                "severity": f.severity.value,
                "facet": f.facet,
                "reason": f.reason,
                "measured": _number(f.measured),
                "measured_text": _text(f.measured),
                "expected": _number(f.expected),
                "expected_text": _text(f.expected),
                "evidence": "、".join(f.evidence) or None,
                "message_zh": f.message_zh,
                "message_en": f.message_en,
                "waiver_id": f.waiver_id,
            }
        )
    columns = [
        "rule_id", "rule_title", "subject_id", "subject_kind", "subject_name",
        "organization_id", "organization", "department_id", "department", "branch_id", "branch",
        "period", "period_start", "period_end", "status", "original_status", "severity",
        "facet", "reason", "measured", "measured_text", "expected", "expected_text",
        "evidence", "message_zh", "message_en", "waiver_id",
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=columns)
    df["period_start"] = pd.to_datetime(df["period_start"])
    df["period_end"] = pd.to_datetime(df["period_end"])
    df["measured"] = df["measured"].astype("float64")
    df["expected"] = df["expected"].astype("float64")
    for name in ("status", "original_status"):
        df[name] = pd.Categorical(df[name], categories=_STATUSES)
    return df
