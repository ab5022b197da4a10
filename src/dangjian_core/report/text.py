"""A terminal report: the dimension table, grade, verdict and the top gaps per subject."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from .._format import points as _num
from .._format import share

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment, SubjectResult

__all__ = ["render_text"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _subject(a: Assessment, s: SubjectResult, lang: str, top: int) -> list[str]:
    zh = lang != "en"
    lines = [f"== {s.subject_name} ({s.subject_id}) =="]
    header = (
        ("维度", "得分", "可得", "满分", "得分率")
        if zh
        else ("dimension", "earned", "possible", "points", "share")
    )
    rows = [
        (
            d.title if zh else d.id,
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
            f"Total {_num(s.score)} / 100 (with waivers {_num(s.score_waived)})  grade: {s.grade}"
        )
        if s.verdict is not None and a.verdict_title:
            lines.append(f"Verdict: {'meets' if s.verdict else 'does not meet'} {a.verdict_title}")
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
            lines.append(f"  {gain:>6}  {g.indicator} {g.indicator_title}：{msg}{more}")
    return lines


def render_text(assessment: Assessment, *, lang: str = "zh", top: int = 5) -> str:
    """The whole assessment as terminal text, one block per subject."""
    a = assessment
    zh = lang != "en"
    lines = [
        (
            f"{a.scheme_title}（{a.scheme_id} {a.scheme_version}）  截至 {a.as_of}  "
            f"考核期 {a.window_start} 至 {a.window_end}"
        )
        if zh
        else (
            f"{a.scheme_id} {a.scheme_version}  as of {a.as_of}  window {a.window_start}.."
            f"{a.window_end}"
        )
    ]
    for ind, reason in a.skipped.items():
        lines.append(f"不考核 {ind}：{reason}" if zh else f"skipped {ind}: {reason}")
    for s in a.subjects:
        lines.append("")
        lines += _subject(a, s, lang, top)
    return "\n".join(lines) + "\n"
