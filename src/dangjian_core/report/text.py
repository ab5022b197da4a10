"""A terminal report: the dimension table, grade, verdict and the top gaps per subject."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from .._format import points as _num
from .._format import share
from ..errors import DangjianError
from ..scoring import get_scheme

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment, Scheme, SubjectResult

__all__ = ["EnglishNames", "english_names", "render_text"]

#: The four grades every built-in scheme uses, for a scheme file that names no ``grade_en``.
GRADES_EN = {"优秀": "Excellent", "良好": "Good", "合格": "Pass", "不合格": "Fail"}

#: The verdict's Chinese reasons (scoring/_assess.py ``_verdict_misses``), as English.  An
#: Assessment stores them in Chinese only; a line that matches none is shown as it is.
_MISSES_EN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^没有可计分的指标$"), "no indicator could be scored"),
    (re.compile(r"^存在一票否决项$"), "a veto applies"),
    (re.compile(r"^总分 (\S+) 低于 (\S+)$"), r"total \1 is below \2"),
    (re.compile(r"^“(.+)”得分率 (\S+) 低于 (\S+)$"), r"“\1” scored \2, below \3"),
    (re.compile(r"^必备条件未满足：(.*)$"), r"a required condition is not met: \1"),
]


@attrs.frozen
class EnglishNames:
    """The English names of what an Assessment stores in Chinese only (scheme, verdict,
    dimension, indicator and grade names), read from the scheme that produced it.

    The Assessment keeps the scheme's Chinese titles; the English ones live in the scheme
    file (``title_en``, ``grade_en``).  A name the scheme does not translate falls back to
    its id (dimensions, indicators) or to the Chinese text (verdict), never to a guess."""

    scheme: str
    verdict: str | None = None
    dimensions: Mapping[str, str] = attrs.field(factory=dict)
    indicators: Mapping[str, str] = attrs.field(factory=dict)
    grades: Mapping[str, str] = attrs.field(factory=dict)

    def grade(self, grade: str) -> str:
        """``优秀`` → ``Excellent`` (the scheme's ``grade_en``, else the usual four)."""
        return self.grades.get(grade) or GRADES_EN.get(grade, grade)

    def dimension(self, dimension_id: str) -> str:
        return self.dimensions.get(dimension_id, dimension_id)

    def indicator(self, indicator_id: str) -> str:
        """The indicator's English title, or its id alone when the scheme has none."""
        title = self.indicators.get(indicator_id)
        return f"{indicator_id} {title}" if title else indicator_id

    def miss(self, reason: str, dimension_titles: Mapping[str, str]) -> str:
        """One of the verdict's Chinese reasons in English (a dimension named by its
        English title), or the reason as it is."""
        for pattern, english in _MISSES_EN:
            if pattern.match(reason):
                out = pattern.sub(english, reason)
                for zh, dim_id in dimension_titles.items():
                    out = out.replace(f"“{zh}”", f"“{self.dimension(dim_id)}”")
                return out
        return reason


def english_names(assessment: Assessment, scheme: Scheme | None = None) -> EnglishNames:
    """English names for ``assessment``, from ``scheme`` or else from the registered scheme
    of the same id and version.  A scheme that is not registered (a TOML file the caller did
    not pass) gives the fallbacks: ids and the Chinese verdict."""
    if scheme is None:
        try:
            found = get_scheme(assessment.scheme_id)
        except (DangjianError, KeyError):
            found = None
        if found is not None and found.version == assessment.scheme_version:
            scheme = found
    if scheme is None:
        return EnglishNames(scheme=assessment.scheme_id, verdict=assessment.verdict_title)
    verdict = scheme.verdict.title_en if scheme.verdict is not None else None
    return EnglishNames(
        scheme=scheme.title_en or assessment.scheme_id,
        verdict=verdict or assessment.verdict_title,
        dimensions={d.id: d.title_en for d in scheme.dimensions if d.title_en},
        indicators={
            i.id: i.title_en for d in scheme.dimensions for i in d.indicators if i.title_en
        },
        grades={g.grade: g.grade_en for g in scheme.grades if g.grade_en},
    )


def verdict_words(
    assessment: Assessment, verdict: bool | None, names: EnglishNames | None
) -> str | None:
    """The verdict as a view shows it: ``已达到…`` / ``未达到…``, or with ``names`` (an
    English view) ``meets “…”`` / ``does not meet “…”``; ``None`` where there is no verdict."""
    title = assessment.verdict_title
    if verdict is None or not title:
        return None
    if names is None:
        return ("已" if verdict else "未") + title
    return f"{'meets' if verdict else 'does not meet'} “{names.verdict or title}”"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _subject(a: Assessment, s: SubjectResult, lang: str, top: int, en: EnglishNames) -> list[str]:
    zh = lang != "en"
    lines = [f"== {s.subject_name} ({s.subject_id}) =="]
    header = (
        ("维度", "得分", "可得", "满分", "得分率")
        if zh
        else ("dimension", "earned", "possible", "points", "share")
    )
    rows = [
        (
            d.title if zh else en.dimension(d.id),
            _num(d.earned),
            _num(d.possible),
            _num(d.points),
            share(d.earned, d.possible),
        )
        for d in s.dimensions
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(5)]
    for r in [header, *rows]:
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)))
    if zh:
        lines.append(
            f"总分 {_num(s.score)} / 100（计入豁免 {_num(s.score_waived)}）  等次：{s.grade}"
        )
        if s.verdict is not None and a.verdict_title:
            lines.append(f"结论：{'已' if s.verdict else '未'}{a.verdict_title}")
            lines.extend(f"  · {why}" for why in s.verdict_misses)
    else:
        lines.append(
            f"Total {_num(s.score)} / 100 (with waivers {_num(s.score_waived)})  "
            f"grade: {en.grade(s.grade)}"
        )
        if s.verdict is not None and a.verdict_title:
            lines.append(f"Verdict “{en.verdict}”: {'yes' if s.verdict else 'no'}")
            titles = {d.title: d.id for d in s.dimensions}
            lines.extend(f"  · {en.miss(why, titles)}" for why in s.verdict_misses)
    for f in s.veto:
        lines.append(("一票否决：" if zh else "VETO: ") + (f.message_zh if zh else f.message_en))
    if s.incomplete:
        lines.append("注意：有规则出错，结果不完整" if zh else "note: incomplete (a rule raised)")
    gaps = a.gaps(s.subject_id)[:top]
    if gaps:
        lines.append("主要失分（整改可挽回）：" if zh else "Top gaps (points to win back):")
        for g in gaps:
            first = g.findings[0] if g.findings else None
            msg = (first.message_zh if zh else first.message_en) if first else g.note
            more = (
                f"（等 {len(g.findings)} 条）"
                if zh and len(g.findings) > 1
                else (f" (+{len(g.findings) - 1} more)" if len(g.findings) > 1 else "")
            )
            gain = "+" + _num(g.gain) if g.gain >= 0.01 else "<0.01"
            what = (
                f"{g.indicator} {g.indicator_title}：" if zh else f"{en.indicator(g.indicator)}: "
            )
            lines.append(f"  {gain:>6}  {what}{msg}{more}")
    return lines


def render_text(
    assessment: Assessment, *, lang: str = "zh", top: int = 5, scheme: Scheme | None = None
) -> str:
    """The whole assessment as terminal text, one block per subject.  ``lang="en"`` names
    the scheme, dimensions, grades and verdict in English, from ``scheme`` (default: the
    registered scheme of the assessment's id and version; see :func:`english_names`)."""
    a = assessment
    zh = lang != "en"
    en = english_names(a, scheme)
    lines = [
        (
            f"{a.scheme_title}（{a.scheme_id} {a.scheme_version}）  截至 {a.as_of}  "
            f"考核期 {a.window_start} 至 {a.window_end}"
        )
        if zh
        else (
            f"{en.scheme} ({a.scheme_id} {a.scheme_version})  as of {a.as_of}  "
            f"window {a.window_start}..{a.window_end}"
        )
    ]
    for ind, reason in a.skipped.items():
        lines.append(
            f"不考核 {ind}：{reason}" if zh else f"not scored: {en.indicator(ind)} ({reason})"
        )
    for s in a.subjects:
        lines.append("")
        lines += _subject(a, s, lang, top, en)
    return "\n".join(lines) + "\n"
