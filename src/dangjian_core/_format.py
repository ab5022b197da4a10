"""How numbers are shown to people: one formatter per kind, shared by messages and reports.

Why one module: four rule families and two views each wrote their own percent and points
formatter, and they disagreed ("66.67%" here, "66.7%" there for the same 2/3).  Numbers kept
in findings and assessments stay exact (``Fraction``, ``Decimal``); only their text comes from
here.  The module sits at the bottom of the package so that rules and views alike may use it.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = ["percent", "points", "share"]

_TENTH = Decimal("0.1")


def _exact(value: Fraction | Decimal | float | int) -> Fraction:
    if isinstance(value, float):
        # A float is taken as the decimal it prints as: 19.88 is 19.88, not 19.8799999…
        return Fraction(Decimal(repr(value)))
    return value if isinstance(value, Fraction) else Fraction(value)


def percent(value: Fraction | Decimal | float | int) -> str:
    """A share as a percentage: rounded half-up to a tenth, trailing zeros dropped.

    ``percent(Fraction(2, 3)) == "66.7%"``, ``percent(1) == "100%"``,
    ``percent(Decimal("0.005")) == "0.5%"``.
    """
    exact = _exact(value) * 100
    shown = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(_TENTH, ROUND_HALF_UP)
    return f"{shown.normalize():f}%"


def share(earned: float | Fraction, possible: float | Fraction) -> str:
    """``earned / possible`` as a percentage, or "—" when nothing was possible."""
    if not possible:
        return "—"
    return percent(Fraction(earned) / Fraction(possible))


def points(value: float | Fraction | Decimal) -> str:
    """Points with two decimals, rounded *down* (docs/schemes.md: a shown 90.00 always means at
    least 90); a positive amount under a cent shows as ``<0.01`` rather than ``0.00``."""
    exact = _exact(value)
    if 0 < exact < Fraction(1, 100):
        return "<0.01"
    cents = math.floor(exact * 100)
    sign = "-" if cents < 0 else ""
    whole, cent = divmod(abs(cents), 100)
    return f"{sign}{whole}.{cent:02d}"
