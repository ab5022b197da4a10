"""A radar chart of dimension shares as inline SVG, in pure Python.

Why SVG text and no plotting library: the HTML report must be one self-contained file that
reads without network or JavaScript, and prints sharp on paper; an inline ``<svg>`` does all
three and needs no extra.  The same function serves notebooks (``_repr_html_``), so its
signature is kept small and stable:

``radar_svg(labels, shares, *, size=320, series=None) -> str``

``shares`` are fractions of the possible points (0–1; ``None`` where nothing was
applicable, drawn at the centre and labelled "—").  ``series`` overlays more polygons (two
years, two departments): each is ``(name, shares)``, and a legend names them, the main
polygon by ``title``.  Every text is XML-escaped, so labels from a ledger or a
scheme can never inject markup.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from html import escape

from .._format import percent

__all__ = ["radar_svg"]

#: Series colours (colour-blind safe, after Okabe & Ito), the main polygon first.
_COLOURS = ("#c0392b", "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")

#: Chinese first: the page's own font stack, repeated so that the SVG also renders alone.
_FONT = (
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "'WenQuanYi Micro Hei',sans-serif"
)

_FONT_SIZE = 12.0
_LINE = 15.0  # line height of a label
_GAP = 8.0  # between the outer ring and a label
_MARGIN = 6.0
_WRAP_PX = 7 * _FONT_SIZE  # a label line holds at most seven CJK characters
_RINGS = (0.2, 0.4, 0.6, 0.8, 1.0)


def _text_width(text: str) -> float:
    """An estimate in pixels: a wide (CJK) character is one em, any other about half."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)
    return ems * _FONT_SIZE


def _wrap(label: str) -> list[str]:
    """Split a label into short lines, so that a 14-character dimension title does not push
    the chart off the page: at spaces for Latin text, into lines of equal length otherwise
    ("党组织保证监督和运行机制到位" becomes two lines of seven)."""
    if _text_width(label) <= _WRAP_PX:
        return [label]
    if " " not in label.strip():
        count = math.ceil(_text_width(label) / _WRAP_PX)
        step = math.ceil(len(label) / count)
        return [label[k : k + step] for k in range(0, len(label), step)]
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate) > _WRAP_PX:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _clamp(value: float | None) -> float:
    if value is None or math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def radar_svg(
    labels: Sequence[str],
    shares: Sequence[float | None],
    *,
    size: int = 320,
    series: Sequence[tuple[str, Sequence[float | None]]] | None = None,
    title: str | None = None,
) -> str:
    """An ``<svg>`` element, ``size`` pixels wide, of one or more radar polygons.

    ``labels[i]`` names axis ``i``; ``shares[i]`` is its share (0–1, clamped; ``None`` for
    "not applicable").  With one series each label shows its percentage; with ``series``
    a legend shows the names instead.  ``title`` is the chart's accessible name and the
    main polygon's legend entry (default "各维度得分率").  Raises ``ValueError`` when a series has not one share
    per label.
    """
    n = len(labels)
    extra = list(series or ())
    for name, values in [("shares", shares), *extra]:
        if len(values) != n:
            raise ValueError(f"{name}: {len(values)} shares for {n} labels")
    name = title or "各维度得分率"
    if n == 0:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(name)}" '
            f'width="{size}" height="{size // 4}" viewBox="0 0 {size} {size // 4}"></svg>'
        )
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]
    single = not extra
    texts = [
        _wrap(label) + ([percent(s) if s is not None else "—"] if single else [])
        for label, s in zip(labels, shares, strict=True)
    ]
    widths = [max(_text_width(line) for line in lines) for lines in texts]
    heights = [len(lines) * _LINE for lines in texts]

    # The largest radius that keeps every label inside the width: a label on the right is
    # anchored at its start and grows rightwards, one at the top or bottom is centred.
    half = size / 2 - _MARGIN
    radius = size * 0.36
    anchors: list[str] = []
    for a, w in zip(angles, widths, strict=True):
        c = math.cos(a)
        if c > 0.2:
            anchors.append("start")
            room = (half - w) / c - _GAP
        elif c < -0.2:
            anchors.append("end")
            room = (half - w) / -c - _GAP
        else:
            anchors.append("middle")
            room = (half - w / 2) / max(abs(c), 1e-9) - _GAP
        radius = min(radius, room)
    radius = max(radius, size * 0.12)

    # Heights follow from the radius: the lowest and highest label bound the drawing.
    top = -radius
    bottom = radius
    for a, h in zip(angles, heights, strict=True):
        y = (radius + _GAP) * math.sin(a)
        s = math.sin(a)
        if s < -0.2:
            top = min(top, y - h)
        elif s > 0.2:
            bottom = max(bottom, y + h)
        else:
            top = min(top, y - h / 2)
            bottom = max(bottom, y + h / 2)
    legend_h = (len(extra) + 1) * _LINE + _GAP if extra else 0.0
    cx = size / 2
    cy = -top + _MARGIN
    height = math.ceil(bottom - top + 2 * _MARGIN + legend_h)

    def point(i: int, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    def polygon(values: Sequence[float | None]) -> str:
        return " ".join(
            f"{_fmt(x)},{_fmt(y)}"
            for x, y in (point(i, radius * _clamp(v)) for i, v in enumerate(values))
        )

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" role="img" '
        f'aria-label="{escape(name)}" width="{size}" height="{height}" '
        f'viewBox="0 0 {size} {height}" font-family="{escape(_FONT)}" '
        f'font-size="{_FONT_SIZE:g}">',
        f"<title>{escape(name)}</title>",
    ]
    # Grid: rings at every fifth, spokes, and the ring values along the first spoke.
    for ring in _RINGS:
        pts = " ".join(
            f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, radius * ring) for i in range(n))
        )
        width = "1" if ring == 1.0 else "0.6"
        out.append(f'<polygon points="{pts}" fill="none" stroke="#bbb" stroke-width="{width}"/>')
    for i in range(n):
        x, y = point(i, radius)
        out.append(
            f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}" '
            'stroke="#bbb" stroke-width="0.6"/>'
        )
    for ring in _RINGS[1::2]:
        x, y = point(0, radius * ring)
        out.append(
            f'<text x="{_fmt(x + 3)}" y="{_fmt(y + 4)}" font-size="9" fill="#888">'
            f"{round(ring * 100)}%</text>"
        )
    # Polygons: the overlays first, so that the main one is drawn on top.
    drawn = [*[(n_, v, _COLOURS[(k + 1) % len(_COLOURS)]) for k, (n_, v) in enumerate(extra)]]
    drawn.append((name, shares, _COLOURS[0]))
    for series_name, values, colour in drawn:
        out.append(
            f'<polygon points="{polygon(values)}" fill="{colour}" fill-opacity="0.18" '
            f'stroke="{colour}" stroke-width="2" stroke-linejoin="round">'
            f"<title>{escape(series_name)}</title></polygon>"
        )
        for i, v in enumerate(values):
            x, y = point(i, radius * _clamp(v))
            out.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="2.5" fill="{colour}"/>')
    # Labels, each line a tspan; the percentage (single series) in bold on the last line.
    for i, lines in enumerate(texts):
        x, y = point(i, radius + _GAP)
        s = math.sin(angles[i])
        block = len(lines) * _LINE
        first = (
            y - block + _LINE * 0.8
            if s < -0.2
            else (y + _LINE * 0.8 if s > 0.2 else y - block / 2 + _LINE * 0.8)
        )
        spans = []
        for k, line in enumerate(lines):
            bold = ' font-weight="bold"' if single and k == len(lines) - 1 else ""
            dy = "0" if k == 0 else f"{_LINE:g}"
            spans.append(f'<tspan x="{_fmt(x)}" dy="{dy}"{bold}>{escape(line)}</tspan>')
        out.append(
            f'<text x="{_fmt(x)}" y="{_fmt(first)}" text-anchor="{anchors[i]}" fill="#222">'
            + "".join(spans)
            + "</text>"
        )
    if extra:
        y0 = bottom - top + _MARGIN + _GAP
        for k, (series_name, _, colour) in enumerate(reversed(drawn)):
            y = y0 + k * _LINE
            out.append(
                f'<rect x="{_fmt(_MARGIN)}" y="{_fmt(y)}" width="10" height="10" '
                f'fill="{colour}" fill-opacity="0.5" stroke="{colour}"/>'
                f'<text x="{_fmt(_MARGIN + 16)}" y="{_fmt(y + 9)}">{escape(series_name)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)
