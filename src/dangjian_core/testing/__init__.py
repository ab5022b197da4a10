"""Test helpers for code built on ``dangjian_core`` (an explicit opt-in).

``from dangjian_core.testing import LedgerBuilder`` builds small ledgers at a boundary in a
few lines (no extra dependency); :func:`assert_finding` checks one rule's conclusion and, when
it fails, shows what the rule measured; :func:`seed_ledger` and :func:`example_ledger` load
the example ledgers shipped in the package (the pytest plugin offers them as the fixtures
``dj_seed_ledger`` and ``dj_example_ledger``; see ``docs/testing.md``).  ``from dangjian_core.testing import ledgers`` gives a
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

from .assertions import assert_finding
from .builders import LedgerBuilder
from .copies import renumbered, replicated
from .examples import example_ledger, seed_ledger

if TYPE_CHECKING:
    from .strategies import (
        DEFAULT_MAX_DATE,
        DEFAULT_MIN_DATE,
        amounts,
        chinese_names,
        committee_sizes,
        counsellor_loads,
        dates,
        decimals,
        development_cases,
        dues_incomes,
        edge_dates,
        ids,
        ledgers,
        meetings,
        minimum_sizes,
        month_end_days,
        month_ranges,
        months,
        organizations_trees,
        party_dates,
        party_dates_of,
        people,
        quarter_end_days,
        sizes_around,
        texts,
    )

__all__ = [
    "DEFAULT_MAX_DATE",
    "DEFAULT_MIN_DATE",
    "LedgerBuilder",
    "amounts",
    "assert_finding",
    "chinese_names",
    "committee_sizes",
    "counsellor_loads",
    "dates",
    "decimals",
    "development_cases",
    "dues_incomes",
    "edge_dates",
    "example_ledger",
    "ids",
    "ledgers",
    "meetings",
    "minimum_sizes",
    "month_end_days",
    "month_ranges",
    "months",
    "organizations_trees",
    "party_dates",
    "party_dates_of",
    "people",
    "quarter_end_days",
    "renumbered",
    "replicated",
    "seed_ledger",
    "sizes_around",
    "texts",
]

#: Names defined here, not in the strategies module (which imports Hypothesis).
_EAGER = frozenset(
    {"LedgerBuilder", "assert_finding", "example_ledger", "renumbered", "replicated", "seed_ledger"}
)


def __getattr__(name: str) -> Any:
    if name == "synth":  # the generator module (it needs no hypothesis)
        return importlib.import_module(".synth", __name__)
    if name in __all__ and name not in _EAGER:
        return getattr(importlib.import_module(".strategies", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
