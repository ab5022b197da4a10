"""Test helpers for code built on ``dangjian_core`` (an explicit opt-in).

``from dangjian_core.testing import LedgerBuilder`` builds small ledgers at a boundary in a
few lines (no extra dependency).  ``from dangjian_core.testing import ledgers`` gives a
Hypothesis strategy of valid ledgers;
see :mod:`dangjian_core.testing.strategies` for the rest.  Nothing in ``dangjian_core``
imports this package, so the library itself never depends on Hypothesis.

The strategies are re-exported lazily: importing this package (or a sibling module such as
``dangjian_core.testing.builders``) does not import Hypothesis; touching one of the names
below does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .builders import LedgerBuilder

if TYPE_CHECKING:
    from .strategies import (
        DEFAULT_MAX_DATE,
        DEFAULT_MIN_DATE,
        amounts,
        chinese_names,
        dates,
        decimals,
        development_cases,
        edge_dates,
        ids,
        ledgers,
        meetings,
        month_ranges,
        months,
        organizations_trees,
        party_dates,
        party_dates_of,
        people,
        texts,
    )

__all__ = [
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "LedgerBuilder",
    "amounts",
    "chinese_names",
    "dates",
    "decimals",
    "development_cases",
    "edge_dates",
    "ids",
    "ledgers",
    "meetings",
    "month_ranges",
    "months",
    "organizations_trees",
    "party_dates",
    "party_dates_of",
    "people",
    "texts",
]


def __getattr__(name: str) -> Any:
    if name in __all__ and name != "LedgerBuilder":
        return getattr(importlib.import_module(".strategies", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
