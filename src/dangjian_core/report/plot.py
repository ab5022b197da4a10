"""Radar charts of an assessment's dimensions with matplotlib, Chinese labels included.

Why a font chooser: matplotlib's default font (DejaVu Sans) has no Chinese glyphs, so the five
dimension names of “五个到位” come out as empty boxes with a "Glyph … missing" warning.
:func:`cjk_font` picks a CJK font the machine has — Noto Sans CJK (Debian's ``fonts-noto-cjk``)
first, then the usual Windows and macOS ones — and every text of the chart is given that font
with DejaVu Sans behind it for Latin and digits.  ``font=`` (or :func:`use_font`) chooses
another; with none installed one clear warning says what to install.

Each point of the radar is a dimension's share of its possible points (earned / possible, as
the assessment stores them): dimensions of different weights compare fairly.  Like every view
this reads the assessment and never recomputes it.

matplotlib is the optional ``plot`` extra, imported on first use only (:func:`_pyplot`,
:func:`_font_manager`): ``import dangjian_core`` must not load it (tests/test_quality.py).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._format import percent
from .xlsx import MissingExtraError

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..scoring import Assessment

__all__ = [
    "CJK_FONTS",
    "CjkFontWarning",
    "cjk_font",
    "compare",
    "missing_glyphs",
    "radar",
    "use_font",
]

#: CJK fonts tried in this order: Debian/Ubuntu's fonts-noto-cjk (Simplified Chinese face
#: first), Adobe's Source Han, WenQuanYi (older Linux), then Windows and macOS system fonts.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)

#: Behind the CJK font, for Latin letters and digits (matplotlib's own, always present).
_LATIN = "DejaVu Sans"

#: Dimension names longer than this many characters are split onto two lines.
_WRAP = 7

_chosen: str | None = None


class CjkFontWarning(UserWarning):
    """No font with Chinese glyphs was found: the chart's Chinese would show as boxes."""


def _pyplot() -> Any:
    """matplotlib.pyplot, imported on first use: an optional extra that ``import
    dangjian_core`` must not load.  pyplot (not a bare Figure) so that a notebook shows the
    chart on its own, as it does for any matplotlib plot."""
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise MissingExtraError(
            "绘图需要 matplotlib：pip install 'dangjian-core[plot]' "
            "(plotting needs matplotlib: pip install 'dangjian-core[plot]')"
        ) from None
    return plt


def _font_manager() -> Any:
    """matplotlib.font_manager (see :func:`_pyplot` for why it is imported here)."""
    _pyplot()  # the same clear line when matplotlib is missing
    from matplotlib import font_manager  # noqa: PLC0415 (optional extra, imported on first use)

    return font_manager


def _installed() -> set[str]:
    return {entry.name for entry in _font_manager().fontManager.ttflist}


def use_font(name: str | None) -> None:
    """Make ``name`` the font of every chart from now on (``None``: choose again)."""
    global _chosen
    if name is not None and name not in _installed():
        raise ValueError(f"没有安装字体“{name}” (font {name!r} is not installed)")
    _chosen = name


def cjk_font(font: str | None = None) -> str | None:
    """The font the charts use for Chinese: ``font`` if given, else the one set with
    :func:`use_font`, else the first of :data:`CJK_FONTS` installed.  ``None`` (with a
    :class:`CjkFontWarning`) when the machine has none."""
    installed = _installed()
    if font is not None:
        if font not in installed:
            raise ValueError(f"没有安装字体“{font}” (font {font!r} is not installed)")
        return font
    if _chosen is not None:
        return _chosen
    for name in CJK_FONTS:
        if name in installed:
            return name
    warnings.warn(
        "没有找到中文字体，图中的中文会显示为方框：请安装 Noto Sans CJK（Debian/Ubuntu："
        "apt install fonts-noto-cjk），或用 font= 指定一个已安装的中文字体 "
        "(no CJK font found: install fonts-noto-cjk or pass font=)",
        CjkFontWarning,
        stacklevel=3,
    )
    return None


def missing_glyphs(text: str, font: str) -> set[str]:
    """The characters of ``text`` that ``font`` has no glyph for (spaces ignored)."""
    fm = _font_manager()
    path = fm.findfont(fm.FontProperties(family=font), fallback_to_default=False)
    charmap = fm.get_font(path).get_charmap()
    return {c for c in text if not c.isspace() and ord(c) not in charmap}


def _series(
    assessment: Assessment, subject_id: str | None, waived: bool
) -> list[tuple[str, list[str], list[float]]]:
    """``(label, dimension ids, shares)`` per subject: the one asked for, else all of them."""
    subjects = [assessment.subject(subject_id)] if subject_id is not None else assessment.subjects
    out: list[tuple[str, list[str], list[float]]] = []
    for s in subjects:
        shares = [
            ((d.earned_waived if waived else d.earned) / d.possible) if d.possible else 0.0
            for d in s.dimensions
        ]
        out.append((s.subject_name, [d.id for d in s.dimensions], shares))
    return out


def _wrap(label: str) -> str:
    """A long dimension name on two balanced lines (党组织保证监督 / 和运行机制到位)."""
    if len(label) <= _WRAP:
        return label
    half = math.ceil(len(label) / 2)
    return f"{label[:half]}\n{label[half:]}"


def _titles(assessment: Assessment) -> dict[str, str]:
    return {d.id: d.title for s in assessment.subjects for d in s.dimensions}


def _draw(
    series: Sequence[tuple[str, list[float]]],
    labels: Sequence[str],
    *,
    ax: Any,
    font: str | None,
    title: str | None,
) -> Any:
    plt = _pyplot()
    fm = _font_manager()
    family = [font, _LATIN] if font else [_LATIN]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 6.4), subplot_kw={"projection": "polar"})
    n = len(labels)
    angles = [2 * math.pi * k / n for k in range(n)]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    alpha = 0.15 if len(series) == 1 else 0.05
    for name, shares in series:
        ax.plot([*angles, angles[0]], [*shares, shares[0]], linewidth=2, label=name)
        ax.fill([*angles, angles[0]], [*shares, shares[0]], alpha=alpha)
    ax.set_ylim(0, 1)
    ax.set_rlabel_position(180 / n if n else 0)  # between the first two axes, off the labels
    ticks = [0.2, 0.4, 0.6, 0.8, 1.0]
    ax.set_yticks(ticks, [percent(t) for t in ticks], fontfamily=family, fontsize=8)
    wrapped = [_wrap(t) for t in labels]
    ax.set_xticks(angles, wrapped, fontfamily=family, fontsize=10)
    ax.tick_params(axis="x", pad=14)  # clear of the outer ring
    if title:
        ax.set_title(title, fontfamily=family, pad=24)
    if len(series) > 1:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncol=2 if len(series) > 3 else 1,
            frameon=False,
            prop=fm.FontProperties(family=family, size=9),
        )
    return ax


def radar(
    assessment: Assessment,
    subject_id: str | None = None,
    *,
    ax: Any = None,
    waived: bool = False,
    font: str | None = None,
    title: str | None = None,
) -> Any:
    """A radar chart of each dimension's share of its possible points; returns the Axes.

    One subject (``subject_id``, or the only one) is one polygon; a branch-scope assessment
    (``seven-effective``) overlays every branch.  ``waived=True`` counts waived findings as
    passed; ``ax`` draws into an existing polar Axes; ``font`` names the Chinese font.
    """
    chosen = cjk_font(font)
    series = _series(assessment, subject_id, waived)
    titles = _titles(assessment)
    ids = series[0][1] if series else []
    if title is None:
        title = assessment.scheme_title
        if len(series) == 1:
            title = f"{series[0][0]}\n{title}（截至 {assessment.as_of.isoformat()}）"
    return _draw(
        [(name, shares) for name, _, shares in series],
        [titles[i] for i in ids],
        ax=ax,
        font=chosen,
        title=title,
    )


def compare(
    assessments: Sequence[Assessment],
    labels: Sequence[str] | None = None,
    *,
    subject_id: str | None = None,
    ax: Any = None,
    waived: bool = False,
    font: str | None = None,
    title: str | None = None,
) -> Any:
    """Overlay the radars of several assessments of one scheme — departments, or one
    department in different years; returns the Axes.

    Each assessment gives one polygon: its ``subject_id`` subject, or its only one.  Labels
    default to the subject's name and the ``as_of`` date.  The dimensions must be the same
    (one scheme): a radar of different axes would compare nothing.
    """
    if not assessments:
        raise ValueError("没有要比较的评估 (no assessments to compare)")
    if labels is not None and len(labels) != len(assessments):
        raise ValueError(
            f"标签数（{len(labels)}）与评估数（{len(assessments)}）不同 (one label per assessment)"
        )
    chosen = cjk_font(font)
    series: list[tuple[str, list[float]]] = []
    ids: list[str] | None = None
    for n, a in enumerate(assessments):
        s = a.subject(subject_id) if subject_id is not None else a.subject()
        name, dims, shares = _series(a, s.subject_id, waived)[0]
        if ids is None:
            ids = dims
        elif dims != ids:
            raise ValueError(
                f"第 {n + 1} 个评估的维度与第 1 个不同，不能叠加比较 "
                f"(assessment {n + 1} has other dimensions: {dims} vs {ids})"
            )
        label = labels[n] if labels is not None else f"{name}（{a.as_of.isoformat()}）"
        series.append((label, shares))
    titles = _titles(assessments[0])
    return _draw(
        series,
        [titles[i] for i in ids or []],
        ax=ax,
        font=chosen,
        title=title if title is not None else assessments[0].scheme_title,
    )
