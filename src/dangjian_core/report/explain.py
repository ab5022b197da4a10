"""A readable account of one subject's assessment, in Chinese (default) or English.

A view: it reads an :class:`~dangjian_core.Assessment` and never recomputes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._format import points as _pts
from .._format import share as _share
from .text import english_names

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment, Scheme, SubjectResult


def explain(
    assessment: Assessment,
    result: SubjectResult,
    *,
    lang: str = "zh",
    limit: int = 5,
    scheme: Scheme | None = None,
) -> str:
    """Dimension by dimension: points, the indicators that lost points, the records to fix.
    In English (``lang="en"``) the names come from ``scheme`` or the registered scheme
    (:func:`~dangjian_core.report.text.english_names`)."""
    zh = lang != "en"
    en = english_names(assessment, scheme)
    lines: list[str] = []
    head = (
        f"{result.subject_name}（{assessment.scheme_title} {assessment.scheme_version}，"
        f"截至 {assessment.as_of}）"
        if zh
        else f"{result.subject_name} ({en.scheme} {assessment.scheme_version}, "
        f"as of {assessment.as_of})"
    )
    lines.append(head)
    if zh:
        lines.append(
            f"总分 {_pts(result.score)} / 100（实得 {_pts(result.earned)}，可得 "
            f"{_pts(result.possible)}），等次：{result.grade}；计入豁免后 "
            f"{_pts(result.score_waived)}，{result.grade_waived}"
        )
    else:
        lines.append(
            f"Score {_pts(result.score)} / 100 ({_pts(result.earned)} of "
            f"{_pts(result.possible)} possible), grade {en.grade(result.grade)}; with waivers "
            f"{_pts(result.score_waived)}, {en.grade(result.grade_waived)}"
        )
    if result.verdict is not None and assessment.verdict_title:
        if zh:
            lines.append(f"结论：{'已' if result.verdict else '未'}{assessment.verdict_title}")
            lines.extend(f"  · {why}" for why in result.verdict_misses)
        else:
            lines.append(f"Verdict “{en.verdict}”: {'yes' if result.verdict else 'no'}")
            titles = {d.title: d.id for d in result.dimensions}
            lines.extend(f"  · {en.miss(why, titles)}" for why in result.verdict_misses)
    for f in result.veto:
        lines.append(("一票否决：" if zh else "Veto: ") + (f.message_zh if zh else f.message_en))
    if result.incomplete:
        lines.append(
            "注意：有规则运行出错，评估不完整。"
            if zh
            else "Note: a rule raised an error; the assessment is incomplete."
        )
    for d in result.dimensions:
        share = _share(d.earned, d.possible)
        lines.append("")
        lines.append(
            f"【{d.title}】 {_pts(d.earned)} / {_pts(d.possible)}（{share}）"
            if zh
            else f"[{en.dimension(d.id)}] {_pts(d.earned)} / {_pts(d.possible)} ({share})"
        )
        for i in d.indicators:
            if i.excluded:
                reason = i.excluded
                lines.append(
                    f"  · {i.id} {i.title}：不计分（{'无适用项' if reason == 'not_applicable' else reason}）"
                    if zh
                    else f"  · {en.indicator(i.id)}: not scored ({reason})"
                )
                continue
            if i.earned >= i.points:
                continue
            lines.append(
                f"  · {i.id} {i.title}：{_pts(i.earned)} / {_pts(i.points)}，失分 "
                f"{_pts(i.points - i.earned)}"
                if zh
                else f"  · {en.indicator(i.id)}: {_pts(i.earned)} / {_pts(i.points)}, lost "
                f"{_pts(i.points - i.earned)}"
            )
            shown = 0
            for loss in sorted(i.losses, key=lambda x: -x.gain):
                for f in loss.findings:
                    if shown >= limit:
                        break
                    msg = f.message_zh if zh else f.message_en
                    lines.append(f"      - {msg}")
                    shown += 1
            remaining = sum(len(x.findings) for x in i.losses) - shown
            if remaining > 0:
                lines.append(
                    f"      - ……另有 {remaining} 条" if zh else f"      - … {remaining} more"
                )
    gaps = assessment.gaps(result.subject_id)[:limit]
    if gaps:
        lines.append("")
        lines.append(
            "优先整改（按可挽回分值排序）：" if zh else "Fix first (by points to win back):"
        )
        for n, g in enumerate(gaps, 1):
            first = g.findings[0] if g.findings else None
            what = (first.message_zh if zh else first.message_en) if first else ""
            lines.append(
                f"  {n}. +{_pts(g.gain)} {g.indicator} {g.indicator_title}：{what}"
                if zh
                else f"  {n}. +{_pts(g.gain)} {en.indicator(g.indicator)}: {what}"
            )
    return "\n".join(lines)
