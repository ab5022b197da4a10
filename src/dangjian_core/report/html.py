"""An Assessment as one self-contained HTML page: to read, print and file.

Why one file with everything inline: a party secretary e-mails the report, prints it, or
files it with the 台账; it must open anywhere, years later, without network, fonts served
from elsewhere or JavaScript.  So the CSS is inline, the radar charts are inline SVG
(:func:`.svg.radar_svg`), and an A4 print stylesheet keeps table rows whole across pages.

The page holds, per assessed subject (the department, or each branch for ``seven-effective``):
a summary (score, grade, verdict and why it is missed, vetoes), the radar chart of dimension
shares, the dimension and indicator table, the 整改清单 (gaps by points to win back) and the
findings grouped by organisation with their evidence records; for a branch-scope scheme a
ranking of the branches comes first, and the scheme, library version, ``as_of`` and the hash
of the input close the page.

Like every view this module reads an Assessment and never recomputes it.  jinja2 is an
optional extra (``pip install 'dangjian-core[report]'``), imported on first use only
(:func:`_jinja2`), with autoescape on: every text from a ledger or scheme is escaped.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._format import points as _pts
from .._format import share as _share
from ..rules import Status
from .svg import radar_svg
from .tables import findings_table, summary_table
from .text import english_names, verdict_words
from .xlsx import MissingExtraError

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger
    from ..rules import Findings, RuleRegistry
    from ..scoring import Assessment, FindingRef, SubjectResult

__all__ = ["render_html", "write_html"]

#: Every label the page shows, (Chinese, English); the template reads them as ``t.key``.
_LABELS: dict[str, tuple[str, str]] = {
    "title": ("党建工作评估报告", "Party-building assessment report"),
    "colon": ("：", ": "),
    "scheme": ("评估方案", "Scheme"),
    "scope": ("评价范围", "Scope"),
    "scope_department": ("院系", "department"),
    "scope_branch": ("党支部", "branch"),
    "as_of": ("评估截至", "As of"),
    "window": ("考核期", "Assessment window"),
    "library": ("dangjian_core 版本", "dangjian_core version"),
    "package": ("方案来源", "Scheme package"),
    "input_sha256": ("输入文件 SHA-256", "Input SHA-256"),
    "skipped": ("不考核的指标", "Indicators not assessed"),
    "ranking": ("支部排名", "Branch ranking"),
    "rank": ("名次", "Rank"),
    "subject": ("评价对象", "Subject"),
    "score": ("得分", "Score"),
    "grade": ("等次", "Grade"),
    "verdict": ("结论", "Verdict"),
    "waived": ("计入豁免", "with waivers"),
    "score_waived": ("得分（计入豁免）", "Score with waivers"),
    "summary": ("总体情况", "Summary"),
    "earned_of": ("实得 / 可得", "Earned / possible"),
    "misses": ("未达标原因", "Why the verdict is missed"),
    "veto": ("一票否决", "Veto"),
    "incomplete": (
        "注意：有规则运行出错，评估不完整。",
        "Note: a rule raised an error; the assessment is incomplete.",
    ),
    "radar": ("各维度得分率", "Share of possible points by dimension"),
    "dimensions": ("维度与指标得分", "Dimensions and indicators"),
    "dimension": ("维度 / 指标", "Dimension / indicator"),
    "dimension_only": ("维度", "Dimension"),
    "function": ("计分方法", "Method"),
    "points": ("满分", "Points"),
    "possible": ("可得", "Possible"),
    "earned": ("得分", "Earned"),
    "share": ("得分率", "Share"),
    "passed_failed": ("符合 / 不符合", "Passed / failed"),
    "excluded": ("不计分", "Not scored"),
    "not_applicable": ("无适用项", "nothing applicable"),
    "gaps": ("整改清单（按可挽回分值排序）", "Gap list (by points to win back)"),
    "no_gaps": ("无失分项。", "No points lost."),
    "order": ("序号", "No."),
    "gain": ("可挽回", "Gain"),
    "indicator": ("指标", "Indicator"),
    "problems": ("问题", "Problems"),
    "more": ("另有 {n} 条", "{n} more"),
    "findings": ("检查发现（按组织）", "Findings by organisation"),
    "findings_note": (
        "列出不符合、出错、提醒和已豁免的检查结果；符合与不适用只计数。",
        "Failing, error, warning and waived findings are listed; passes and "
        "not-applicable ones are counted.",
    ),
    "findings_note_all": ("列出全部检查结果。", "Every finding is listed."),
    "no_findings": ("无需关注的检查结果。", "Nothing to attend to."),
    "status": ("状态", "Status"),
    "rule": ("规则", "Rule"),
    "object": ("对象", "About"),
    "period": ("期间", "Period"),
    "message": ("说明", "Message"),
    "evidence": ("依据记录", "Evidence records"),
    "original": ("豁免前", "before waiver"),
    "org_itself": ("（本级及人员）", "(own level and people)"),
    "generated": (
        "由 dangjian_core {v} 生成，仅读取评估结果，不重新计算。",
        "Made by dangjian_core {v} from the assessment, without re-checking.",
    ),
}

_STATUS_EN = {s.value: s.value.replace("_", " ") for s in Status}
_STATUS_ZH = {s.value: s.zh for s in Status}
#: Statuses a reader must attend to, listed in full; the rest are counted.
_LISTED = (Status.FAIL.value, Status.ERROR.value, Status.WARN.value, Status.WAIVED.value)
_STATUS_ORDER = {
    s: n for n, s in enumerate([*_LISTED, Status.NOT_APPLICABLE.value, Status.PASS.value])
}
#: The standard grades in English (a scheme's own grade names are shown as they are).
_FUNCTION_ZH = {
    "ratio": "比例",
    "all": "全部符合",
    "linear": "线性",
    "steps": "分档",
    "count": "计数",
}
#: Gaps list at most this many finding messages each; the rest are counted.
_GAP_MESSAGES = 5


def _jinja2() -> Any:
    """jinja2, imported on first use: an optional extra (``report``), and ``import
    dangjian_core`` must not load it."""
    try:
        import jinja2  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise MissingExtraError(
            "生成 HTML/PDF 报告需要 jinja2：pip install 'dangjian-core[report]' "
            "(HTML and PDF reports need jinja2: pip install 'dangjian-core[report]')"
        ) from None
    return jinja2


@functools.cache
def _environment() -> Any:
    """The template environment: package templates, autoescape on, undefined names fail."""
    jinja2 = _jinja2()
    return jinja2.Environment(
        loader=jinja2.PackageLoader("dangjian_core.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class _Labels:
    """``t.key`` in a template: the label in the page's language."""

    def __init__(self, lang: str) -> None:
        self._index = 1 if lang == "en" else 0

    def __getattr__(self, key: str) -> str:
        try:
            return _LABELS[key][self._index]
        except KeyError:
            raise AttributeError(key) from None


@attrs.frozen
class _FindingRow:
    status: str
    status_label: str
    rule_id: str
    about: str
    period: str
    message: str
    evidence: tuple[str, ...]
    original: str | None


@attrs.frozen
class _Group:
    name: str
    counts: tuple[tuple[str, str, int], ...]  # (status, label, count)
    rows: tuple[_FindingRow, ...]


class _View:
    """What the template shows, computed once in Python (typed, testable), formatted."""

    def __init__(
        self,
        assessment: Assessment,
        *,
        lang: str,
        ledger: Ledger | None,
        findings: Findings | None,
        registry: RuleRegistry | None,
        all_findings: bool,
    ) -> None:
        self.a = assessment
        self.en = lang == "en"
        # English names come from the scheme, as in the text report (report/text.py).
        self.names = english_names(assessment) if self.en else None
        self.all_findings = all_findings
        self._places: dict[tuple[str, tuple[str, str, str, str | None]], str | None] = {}
        if ledger is not None or findings is not None:
            table = findings_table(assessment, findings, ledger=ledger, registry=registry)
            cols = table.column_names
            at = {name: cols.index(name) for name in cols}
            for row in table.rows:
                key = (
                    str(row[at["rule_id"]]),
                    str(row[at["finding_subject_id"]]),
                    str(row[at["period"]]),
                    None if row[at["facet"]] is None else str(row[at["facet"]]),
                )
                branch = row[at["branch"]]
                self._places[(str(row[at["subject_id"]]), key)] = (
                    None if branch is None else str(branch)
                )

    # ---------------------------------------------------------------- words

    def status(self, status: str) -> str:
        return (_STATUS_EN if self.en else _STATUS_ZH).get(status, status)

    def grade(self, grade: str) -> str:
        return self.names.grade(grade) if self.names else grade

    def dimension_title(self, dimension: Any) -> str:
        return self.names.dimension(dimension.id) if self.names else str(dimension.title)

    def verdict(self, verdict: bool | None) -> str | None:
        return verdict_words(self.a, verdict, self.names)

    def message(self, ref: FindingRef) -> str:
        return ref.message_en if self.en else ref.message_zh

    def excluded(self, reason: str | None) -> str | None:
        if reason is None:
            return None
        if reason == "not_applicable":
            return _LABELS["not_applicable"][1 if self.en else 0]
        if reason.startswith("skipped:") and not self.en:
            return "不考核：" + reason.removeprefix("skipped:").strip()
        return reason

    # ---------------------------------------------------------------- parts

    def meta(self) -> list[tuple[str, str]]:
        a = self.a
        t = _Labels("en" if self.en else "zh")
        scope = t.scope_branch if a.scheme_scope == "branch" else t.scope_department
        rows = [
            (
                t.scheme,
                f"{a.scheme_title} ({a.scheme_id} {a.scheme_version})"
                if self.en
                else f"{a.scheme_title}（{a.scheme_id} {a.scheme_version}）",
            ),
            (t.scope, scope),
            (t.as_of, a.as_of.isoformat()),
            (t.window, f"{a.window_start.isoformat()} — {a.window_end.isoformat()}"),
            (t.library, a.library_version),
        ]
        if a.scheme_package:
            rows.append((t.package, a.scheme_package))
        return rows

    def ranking(self) -> list[dict[str, Any]]:
        table = summary_table(self.a)
        cols = table.column_names
        by_id = {s.subject_id: s for s in self.a.subjects}
        out = []
        for row in table.rows:
            s = by_id[str(row[cols.index("subject_id")])]
            out.append(
                {
                    "rank": row[cols.index("rank")],
                    "id": s.subject_id,
                    "name": s.subject_name,
                    "score": _pts(s.score),
                    "grade": self.grade(s.grade),
                    "verdict": self.verdict(s.verdict),
                    "verdict_ok": s.verdict,
                    "score_waived": _pts(s.score_waived),
                    "shares": [
                        (self.dimension_title(d), _share(d.earned, d.possible))
                        for d in s.dimensions
                    ],
                }
            )
        return out

    def subject(self, s: SubjectResult) -> dict[str, Any]:
        t = _Labels("en" if self.en else "zh")
        dims = []
        for d in s.dimensions:
            indicators = [
                {
                    "id": i.id,
                    "title": i.title,
                    "function": i.function if self.en else _FUNCTION_ZH.get(i.function, i.function),
                    "points": _pts(i.points),
                    "possible": _pts(i.possible),
                    "earned": _pts(i.earned),
                    "share": _share(i.earned, i.possible),
                    "lost": bool(i.possible) and i.earned < i.possible,
                    "counts": f"{i.passed} / {i.failed}",
                    "excluded": self.excluded(i.excluded),
                }
                for i in d.indicators
            ]
            dims.append(
                {
                    "id": d.id,
                    "title": self.dimension_title(d),
                    "points": _pts(d.points),
                    "possible": _pts(d.possible),
                    "earned": _pts(d.earned),
                    "share": _share(d.earned, d.possible),
                    "bar": round(100 * d.share, 1) if d.share is not None else 0,
                    "indicators": indicators,
                }
            )
        radar = radar_svg(
            [self.dimension_title(d) for d in s.dimensions],
            [d.share for d in s.dimensions],
            size=440,
            title=f"{s.subject_name}：{t.radar}" if not self.en else f"{s.subject_name}: {t.radar}",
        )
        titles = {d.id: self.dimension_title(d) for d in s.dimensions}
        gaps = []
        for n, g in enumerate(self.a.gaps(s.subject_id), 1):
            messages = [self.message(f) for f in g.findings[:_GAP_MESSAGES]]
            hidden = len(g.findings) - len(messages)
            gaps.append(
                {
                    "n": n,
                    "gain": "+" + _pts(g.gain) if g.gain >= 0.01 else "<0.01",
                    "dimension": titles.get(g.dimension, g.dimension),
                    "indicator": f"{g.indicator} {g.indicator_title}",
                    "messages": messages,
                    "more": t.more.format(n=hidden) if hidden > 0 else None,
                    "note": g.note or None,
                }
            )
        return {
            "id": s.subject_id,
            "name": s.subject_name,
            "score": _pts(s.score),
            "grade": self.grade(s.grade),
            "score_waived": _pts(s.score_waived),
            "grade_waived": self.grade(s.grade_waived),
            "earned": _pts(s.earned),
            "possible": _pts(s.possible),
            "verdict": self.verdict(s.verdict),
            "verdict_ok": s.verdict,
            "misses": list(s.verdict_misses),
            "veto": [self.message(f) for f in s.veto],
            "incomplete": s.incomplete,
            "radar": radar,
            "dimensions": dims,
            "gaps": gaps,
            "groups": self.groups(s),
        }

    def groups(self, s: SubjectResult) -> list[_Group]:
        """The subject's findings by organisation: its branches (when a ledger or the run's
        findings tell where a finding sits), else the subject itself."""
        t = _Labels("en" if self.en else "zh")
        grouped: dict[str, list[FindingRef]] = {}
        for ref in s.findings:
            branch = self._places.get((s.subject_id, ref.key))
            name = branch if branch and branch != s.subject_name else s.subject_name
            grouped.setdefault(name, []).append(ref)
        # The subject itself first, then its branches in name order.
        names = sorted(grouped, key=lambda n: (n != s.subject_name, n))
        out = []
        for name in names:
            refs = grouped[name]
            counted = Counter(r.status for r in refs)
            counts = tuple(
                (status, self.status(status), counted[status])
                for status in sorted(counted, key=lambda x: _STATUS_ORDER.get(x, 9))
            )
            shown = refs if self.all_findings else [r for r in refs if r.status in _LISTED]
            shown = sorted(
                shown,
                key=lambda r: (_STATUS_ORDER.get(r.status, 9), r.rule_id, r.period, r.subject_id),
            )
            rows = tuple(
                _FindingRow(
                    status=r.status,
                    status_label=self.status(r.status),
                    rule_id=r.rule_id,
                    about=r.subject_name or r.subject_id,
                    period=r.period,
                    message=self.message(r),
                    evidence=tuple(r.evidence),
                    original=self.status(r.original_status) if r.original_status else None,
                )
                for r in shown
            )
            label = name if name != s.subject_name or len(names) == 1 else name + t.org_itself
            out.append(_Group(label, counts, rows))
        return out


def render_html(
    assessment: Assessment,
    *,
    lang: str = "zh",
    input_sha256: str | None = None,
    ledger: Ledger | None = None,
    findings: Findings | None = None,
    registry: RuleRegistry | None = None,
    all_findings: bool = False,
    subjects: Sequence[str] | None = None,
) -> str:
    """The report as one self-contained HTML page (Chinese; ``lang="en"`` for English labels).

    ``input_sha256`` is the hash of the ledger file the assessment was made from, shown so a
    printed report can be matched to its input (the assessment does not hold it).
    ``ledger`` or ``findings`` (the run's :class:`~dangjian_core.Findings`) let the findings
    be grouped by branch within a department; without them they are grouped by the assessed
    subject.  Findings that need attention are listed and the rest counted, unless
    ``all_findings``.  ``subjects`` limits the page to some subjects' sections (the ranking
    still shows all).  Needs the ``report`` extra (jinja2).
    """
    env = _environment()
    view = _View(
        assessment,
        lang=lang,
        ledger=ledger,
        findings=findings,
        registry=registry,
        all_findings=all_findings,
    )
    chosen = [s for s in assessment.subjects if subjects is None or s.subject_id in set(subjects)]
    a = assessment
    return str(
        env.get_template("report.html.j2").render(
            lang="en" if lang == "en" else "zh-CN",
            t=_Labels(lang),
            a=a,
            meta=view.meta(),
            input_sha256=input_sha256,
            skipped=list(a.skipped.items()),
            ranking=view.ranking() if a.scheme_scope == "branch" or len(a.subjects) > 1 else [],
            subjects=[view.subject(s) for s in chosen],
            all_findings=all_findings,
            generated=_LABELS["generated"][1 if lang == "en" else 0].format(v=a.library_version),
        )
    )


def write_html(assessment: Assessment, path: str | Path, **options: Any) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8); ``options`` as for it."""
    out = Path(path)
    out.write_text(render_html(assessment, **options), encoding="utf-8", newline="\n")
    return out
