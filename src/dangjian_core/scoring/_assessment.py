"""The Assessment: a scheme's verdict on each subject, with every lost point explained.

It is a pydantic model so it serialises to JSON (with a published JSON Schema) and loads
back equal.  Points are stored rounded to four decimals; they are computed exactly (as
fractions) before that, so sums and merges never drift.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._format import points
from ..io._schema import SCHEMA_BASE, json_schema_of

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "QUIET_STATUSES",
    "Assessment",
    "DimensionResult",
    "FindingRef",
    "FindingsKept",
    "Gap",
    "IndicatorResult",
    "LossItem",
    "SubjectResult",
]

ASSESSMENT_SCHEMA_VERSION = "1.0"

FindingsKept = Literal["failing", "all", "none"]
"""Which findings each subject lists (``SubjectResult.findings``): ``all``; ``failing`` —
all but ``pass`` and ``not_applicable`` (a waived, warning or error finding stays: each is
something a reader must see); ``none``.  Scores, counts, losses and vetoes never change."""

#: The statuses ``failing`` leaves out — the command line's ``--findings failing`` too.
QUIET_STATUSES = frozenset({"pass", "not_applicable"})


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingRef(_Model):
    """A finding as the assessment keeps it: its key, status and message."""

    rule_id: str
    subject_id: str
    subject_name: str | None = None
    period: str
    facet: str | None = None
    status: str
    original_status: str | None = None
    message_zh: str
    message_en: str
    evidence: list[str] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """``(rule_id, subject_id, period, facet)``."""
        return (self.rule_id, self.subject_id, self.period, self.facet)


class LossItem(_Model):
    """Points lost to some findings; ``gain`` is what fixing them would win back."""

    gain: float
    note: str = ""
    findings: list[FindingRef]


class IndicatorResult(_Model):
    """One indicator: points earned (raw and with waivers) of those possible."""

    id: str
    title: str
    function: str
    points: float
    possible: float
    earned: float
    earned_waived: float
    excluded: str | None = Field(default=None, description="not_applicable | skipped: <reason>")
    passed: int = 0
    failed: int = 0
    metric: float | None = Field(default=None, description="the metric read (linear, steps, count)")
    losses: list[LossItem] = Field(default_factory=list)


class DimensionResult(_Model):
    """One dimension and its indicators."""

    id: str
    title: str
    points: float
    possible: float
    earned: float
    earned_waived: float
    indicators: list[IndicatorResult]

    @property
    def share(self) -> float | None:
        """Earned / possible, or None when nothing was applicable."""
        return self.earned / self.possible if self.possible else None


class SubjectResult(_Model):
    """The assessment of one subject (a department or a branch)."""

    subject_id: str
    subject_name: str
    earned: float
    earned_waived: float
    possible: float
    score: float = Field(description="earned / possible × 100 (raw statuses)")
    score_waived: float = Field(description="the same, counting waived findings as passed")
    grade: str
    grade_waived: str
    verdict: bool | None = None
    verdict_waived: bool | None = None
    veto: list[FindingRef] = Field(default_factory=list)
    verdict_misses: list[str] = Field(
        default_factory=list, description="why the verdict is not met (raw statuses), in Chinese"
    )
    incomplete: bool = False
    dimensions: list[DimensionResult]
    findings: list[FindingRef] = Field(default_factory=list)

    def __repr__(self) -> str:
        # One short line: the subject's findings made pydantic's repr hundreds of kilobytes.
        return f"<SubjectResult {self.subject_id} {points(self.score)} {self.grade}>"

    __str__ = __repr__


class Gap(_Model):
    """A lost point on a subject's to-do list: what to fix and how much it wins."""

    dimension: str
    indicator: str
    indicator_title: str
    gain: float
    findings: list[FindingRef]
    note: str = ""


class Assessment(_Model):
    """The result of scoring a ledger with a scheme."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="评估结果")

    schema_version: Literal["1.0"] = "1.0"
    scheme_id: str
    scheme_version: str
    scheme_title: str
    scheme_scope: str
    scheme_package: str | None = Field(
        default=None, description="the installed package the scheme came from, with its version"
    )
    verdict_title: str | None = None
    library_version: str
    as_of: date
    window_start: date
    window_end: date
    skipped: dict[str, str] = Field(default_factory=dict)
    subjects: list[SubjectResult]

    def subject(self, subject_id: str | None = None) -> SubjectResult:
        """One subject's result (the only one when ``subject_id`` is omitted)."""
        if subject_id is None:
            if len(self.subjects) != 1:
                raise KeyError(
                    f"{len(self.subjects)} subjects: name one of "
                    f"{[s.subject_id for s in self.subjects]}"
                )
            return self.subjects[0]
        for s in self.subjects:
            if s.subject_id == subject_id:
                return s
        raise KeyError(subject_id)

    def gaps(self, subject_id: str | None = None) -> list[Gap]:
        """Lost points ordered by how much fixing them would win: the to-do list."""
        result = self.subject(subject_id)
        out = [
            Gap(
                dimension=d.id,
                indicator=i.id,
                indicator_title=i.title,
                gain=loss.gain,
                findings=loss.findings,
                note=loss.note,
            )
            for d in result.dimensions
            for i in d.indicators
            for loss in i.losses
        ]
        return sorted(
            out, key=lambda g: (-g.gain, g.indicator, g.findings[0].key if g.findings else ("",))
        )

    def explain(self, subject_id: str | None = None, *, lang: str = "zh", limit: int = 5) -> str:
        """A readable account, dimension by dimension: what lost points and what to fix."""
        # Deferred: the text is a view (report/), which sits above the model it reads; a
        # convenience method here must not make the model import its views at load time.
        from ..report.explain import explain  # noqa: PLC0415 (a view, above this model)

        return explain(self, self.subject(subject_id), lang=lang, limit=limit)

    def to_html(self, *, lang: str = "zh", input_sha256: str | None = None) -> str:
        """The report as one self-contained HTML page (needs the ``report`` extra, jinja2)."""
        # Deferred: the page is a view (report/), above this model; jinja2 loads on first use.
        from ..report.html import render_html  # noqa: PLC0415 (a view, above this model)

        return render_html(self, lang=lang, input_sha256=input_sha256)

    def to_markdown(self, *, lang: str = "zh", input_sha256: str | None = None) -> str:
        """The summary, tables and gap list as GitHub-flavoured Markdown."""
        # Deferred for the same reason as explain(): a view sits above the model it reads.
        from ..report.markdown import render_markdown  # noqa: PLC0415 (a view, above this model)

        return render_markdown(self, lang=lang, input_sha256=input_sha256)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The assessment as JSON text (loads back equal with ``Assessment.model_validate_json``)."""
        return self.model_dump_json(indent=indent)

    def __repr__(self) -> str:
        # One short line: pydantic's repr printed every finding (875,000 characters).
        return _short_repr(self)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """Jupyter's view: summary, dimension table, radar chart and first gaps."""
        # Deferred, as explain(): the card is a view (report/), above this model.
        from ..report._html_repr import assessment_html  # noqa: PLC0415 (a view, above this model)

        return assessment_html(self)

    def to_frames(self) -> dict[str, Any]:
        """``subjects``, ``dimensions``, ``indicators`` and ``gaps`` as pandas DataFrames
        (needs the ``pandas`` extra)."""
        # Deferred: a view (report/), and pandas is an optional extra loaded only here.
        from ..report.frames import assessment_frames  # noqa: PLC0415 (a view, above this model)

        return assessment_frames(self)

    def plot(self, subject_id: str | None = None, **options: Any) -> Any:
        """A matplotlib radar chart of the dimensions' shares; returns the Axes (needs the
        ``plot`` extra).  ``options``: ``ax``, ``waived``, ``font``, ``title``."""
        # Deferred: a view (report/), and matplotlib is an optional extra loaded only here.
        from ..report.plot import radar  # noqa: PLC0415 (a view, above this model)

        return radar(self, subject_id, **options)


def _short_repr(a: Assessment) -> str:
    """``<Assessment five-in-place 2021-12-31: 机电工程系… 99.87 优秀 ✓>``, or the spread of
    scores when there are several subjects."""
    head = f"<Assessment {a.scheme_id} {a.as_of.isoformat()}"
    if len(a.subjects) == 1:
        s = a.subjects[0]
        name = s.subject_name if len(s.subject_name) <= 24 else s.subject_name[:23] + "…"
        mark = {True: " ✓", False: " ✗", None: ""}[s.verdict]
        return f"{head}: {name} {points(s.score)} {s.grade}{mark}>"
    scores = [s.score for s in a.subjects]
    spread = f" {points(min(scores))}–{points(max(scores))}" if scores else ""
    return f"{head}: {len(a.subjects)} subjects{spread}>"


def assessment_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of an assessment, for other languages' tools: English
    names (Chinese in descriptions) and a versioned ``$id``, as for the ledger."""
    return json_schema_of(
        Assessment,
        title="Assessment",
        title_zh="评估结果",
        schema_id=f"{SCHEMA_BASE}assessment-{ASSESSMENT_SCHEMA_VERSION}.json",
    )
