"""Charts for notebooks: ``dj.plot.compare([a1, a2])`` and ``dj.plot.radar(a)``.

Why a module of its own at the top: ``dj.plot`` is what a notebook user types, and it must
cost nothing until used — ``import dangjian_core`` must not load matplotlib (the optional
``plot`` extra).  Each function here forwards to :mod:`dangjian_core.report.plot`, imported on
the first call; docs/notebooks.md says which Chinese font the charts pick and how to choose
another.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scoring import Assessment

__all__ = ["cjk_font", "compare", "radar", "use_font"]


def compare(
    assessments: Sequence[Assessment],
    labels: Sequence[str] | None = None,
    **options: Any,
) -> Any:
    """Overlay the radars of several assessments of one scheme (departments, or years);
    returns the matplotlib Axes.  ``options``: ``subject_id``, ``ax``, ``waived``, ``font``,
    ``title`` (see :func:`dangjian_core.report.plot.compare`)."""
    # Deferred: matplotlib is an optional extra; this module must import without it.
    from .report.plot import compare as draw  # noqa: PLC0415 (optional extra, on first use)

    return draw(assessments, labels, **options)


def radar(assessment: Assessment, subject_id: str | None = None, **options: Any) -> Any:
    """The radar of one assessment (``assessment.plot()`` does the same); returns the Axes."""
    # Deferred: matplotlib is an optional extra; this module must import without it.
    from .report.plot import radar as draw  # noqa: PLC0415 (optional extra, on first use)

    return draw(assessment, subject_id, **options)


def cjk_font(font: str | None = None) -> str | None:
    """The Chinese font the charts use (``None``, with a warning, when none is installed)."""
    # Deferred: matplotlib is an optional extra; this module must import without it.
    from .report.plot import cjk_font as choose  # noqa: PLC0415 (optional extra, on first use)

    return choose(font)


def use_font(name: str | None) -> None:
    """Draw every chart from now on with the installed font ``name`` (``None``: automatic)."""
    # Deferred: matplotlib is an optional extra; this module must import without it.
    from .report.plot import use_font as choose  # noqa: PLC0415 (optional extra, on first use)

    choose(name)
