"""An Assessment as GitHub-flavoured Markdown: the report's summary, tables and gap list.

Why a Markdown view next to the HTML page: results are passed on in chat tools and wikis,
which take Markdown and refuse files.  It shows what the HTML report shows above its
findings — per subject the score, grade, verdict and why it is missed, the dimension and
indicator table and the 整改清单 — plus the branch ranking for a branch-scope scheme, in the
same words and with the same number formatting (``_format``).  No extra is needed.

Every text from a ledger or scheme is escaped: a name holding ``|`` or ``<script>`` stays
text in the table and never becomes markup in a wiki that renders HTML inside Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .._format import points as _pts
from .._format import share as _share
from .html import _FUNCTION_ZH, _LABELS
from .tables import summary_table
from .text import english_names, verdict_words

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment, DimensionResult, SubjectResult

__all__ = ["escape_markdown", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~!])")
_GAP_MESSAGES = 5
_HEX = re.compile(r"[0-9a-fA-F]{64}")


def escape_markdown(text: object) -> str:
    """``text`` as literal Markdown inline text, safe in a table cell: markup characters
    are backslash-escaped, ``&`` made an entity, line breaks become spaces."""
    s = str(text).replace("&", "&amp;")
    s = _SPECIAL.sub(r"\\\1", s)
    return " ".join(s.splitlines()) if "\n" in s or "\r" in s else s


class _Raw(str):
    """Markdown already escaped (a bold dimension name); :func:`_row` keeps it as it is."""

    __slots__ = ()


def _bold(text: str) -> _Raw:
    return _Raw(f"**{escape_markdown(text)}**")


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(c if isinstance(c, _Raw) else escape_markdown(c) for c in cells) + " |"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric: set[int]) -> list[str]:
    align = ["---:" if n in numeric else "---" for n in range(len(header))]
    return [_row(header), "| " + " | ".join(align) + " |", *(_row(r) for r in rows)]


class _Words:
    def __init__(self, assessment: Assessment, lang: str) -> None:
        self.a = assessment
        self.en = lang == "en"
        self.names = english_names(assessment) if self.en else None

    def t(self, key: str) -> str:
        return _LABELS[key][1 if self.en else 0]

    def grade(self, grade: str) -> str:
        return self.names.grade(grade) if self.names else grade

    def dimension(self, d: DimensionResult) -> str:
        return self.names.dimension(d.id) if self.names else d.title

    def verdict(self, verdict: bool | None) -> str | None:
        return verdict_words(self.a, verdict, self.names)


def _subject(w: _Words, s: SubjectResult) -> list[str]:
    a = w.a
    t = w.t
    lines = [f"## {escape_markdown(s.subject_name)}", ""]
    lines.append(f"### {t('summary')}")
    lines.append("")
    lines.append(
        f"- **{t('score')}**：{_pts(s.score)} / 100（{t('earned_of')} {_pts(s.earned)} / "
        f"{_pts(s.possible)}）"
        if not w.en
        else f"- **{t('score')}**: {_pts(s.score)} / 100 ({t('earned_of')} {_pts(s.earned)} / "
        f"{_pts(s.possible)})"
    )
    sep = ": " if w.en else "："
    lines.append(f"- **{t('grade')}**{sep}{escape_markdown(w.grade(s.grade))}")
    lines.append(
        f"- **{t('waived')}**{sep}{_pts(s.score_waived)} · {escape_markdown(w.grade(s.grade_waived))}"
    )
    verdict = w.verdict(s.verdict)
    if verdict:
        lines.append(f"- **{t('verdict')}**{sep}{escape_markdown(verdict)}")
        lines.extend(f"  - {escape_markdown(why)}" for why in s.verdict_misses)
    for f in s.veto:
        lines.append(
            f"- **{t('veto')}**{sep}{escape_markdown(f.message_en if w.en else f.message_zh)}"
        )
    if s.incomplete:
        lines.append(f"- {t('incomplete')}")
    lines.append("")

    lines.append(f"### {t('dimensions')}")
    lines.append("")
    rows: list[list[object]] = []
    for d in s.dimensions:
        rows.append(
            [
                _bold(w.dimension(d)),
                "",
                _pts(d.points),
                _pts(d.possible),
                _pts(d.earned),
                _share(d.earned, d.possible),
                "",
            ]
        )
        for i in d.indicators:
            function = i.function if w.en else _FUNCTION_ZH.get(i.function, i.function)
            if i.excluded:
                reason = t("not_applicable") if i.excluded == "not_applicable" else i.excluded
                rows.append(
                    [f"· {i.id} {i.title}", function, _pts(i.points), "", "", "",
                     f"{t('excluded')}{sep}{reason}"]
                )  # fmt: skip
                continue
            rows.append(
                [
                    f"· {i.id} {i.title}",
                    function,
                    _pts(i.points),
                    _pts(i.possible),
                    _pts(i.earned),
                    _share(i.earned, i.possible),
                    f"{i.passed} / {i.failed}",
                ]
            )
    lines += _table(
        [t("dimension"), t("function"), t("points"), t("possible"), t("earned"), t("share"),
         t("passed_failed")],
        rows,
        {2, 3, 4, 5, 6},
    )  # fmt: skip
    lines.append("")

    lines.append(f"### {t('gaps')}")
    lines.append("")
    gaps = a.gaps(s.subject_id)
    if not gaps:
        lines.append(t("no_gaps"))
    else:
        titles = {d.id: w.dimension(d) for d in s.dimensions}
        gap_rows: list[list[object]] = []
        for n, g in enumerate(gaps, 1):
            messages = [f.message_en if w.en else f.message_zh for f in g.findings]
            shown = "；".join(messages[:_GAP_MESSAGES])
            if len(messages) > _GAP_MESSAGES:
                shown += "；" + t("more").format(n=len(messages) - _GAP_MESSAGES)
            if g.note:
                shown = f"{shown}（{g.note}）" if shown else g.note
            gap_rows.append(
                [
                    n,
                    "+" + _pts(g.gain) if g.gain >= 0.01 else "<0.01",
                    titles.get(g.dimension, g.dimension),
                    f"{g.indicator} {g.indicator_title}",
                    shown,
                ]
            )
        lines += _table(
            [t("order"), t("gain"), t("dimension_only"), t("indicator"), t("problems")],
            gap_rows,
            {0, 1},
        )
    lines.append("")
    return lines


def render_markdown(
    assessment: Assessment,
    *,
    lang: str = "zh",
    input_sha256: str | None = None,
    subjects: Sequence[str] | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown (Chinese; ``lang="en"`` for English labels).

    ``input_sha256`` (the ledger file's hash) is shown with the scheme, library version and
    ``as_of`` at the end; ``subjects`` limits the sections to some subjects.
    """
    a = assessment
    w = _Words(a, lang)
    t = w.t
    sep = ": " if w.en else "："
    lines = [
        f"# {t('title')}",
        "",
        f"{escape_markdown(a.scheme_title)} · {t('as_of')} {a.as_of}",
        "",
    ]
    if a.scheme_scope == "branch" or len(a.subjects) > 1:
        table = summary_table(a)
        cols = table.column_names
        by_id = {s.subject_id: s for s in a.subjects}
        lines += [f"## {t('ranking')}", ""]
        rows = []
        for row in table.rows:
            s = by_id[str(row[cols.index("subject_id")])]
            rows.append(
                [row[cols.index("rank")], s.subject_name, _pts(s.score), w.grade(s.grade),
                 w.verdict(s.verdict) or "", _pts(s.score_waived)]
            )  # fmt: skip
        lines += _table(
            [t("rank"), t("subject"), t("score"), t("grade"), t("verdict"),
             t("score_waived")],
            rows,
            {0, 2, 5},
        )  # fmt: skip
        lines.append("")
    for s in a.subjects:
        if subjects is None or s.subject_id in subjects:
            lines += _subject(w, s)
    scope = t("scope_branch") if a.scheme_scope == "branch" else t("scope_department")
    meta: list[tuple[str, str]] = [
        (
            t("scheme"),
            f"{a.scheme_title} ({a.scheme_id} {a.scheme_version})"
            if w.en
            else f"{a.scheme_title}（{a.scheme_id} {a.scheme_version}）",
        ),
        (t("scope"), scope),
        (t("as_of"), a.as_of.isoformat()),
        (t("window"), f"{a.window_start.isoformat()} — {a.window_end.isoformat()}"),
        (t("library"), a.library_version),
    ]
    if a.scheme_package:
        meta.append((t("package"), a.scheme_package))
    if input_sha256:
        meta.append((t("input_sha256"), input_sha256))
    meta += [(t("skipped"), f"{ind}{sep}{why}") for ind, why in a.skipped.items()]
    lines.append("---")
    lines.append("")
    for key, value in meta:
        # A hash shows as code; anything else (a caller's text) is escaped.
        shown = f"`{value}`" if _HEX.fullmatch(value) else escape_markdown(value)
        lines.append(f"- {escape_markdown(key)}{sep}{shown}")
    return "\n".join(lines) + "\n"
