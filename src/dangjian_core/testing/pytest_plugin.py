"""The pytest plugin of ``dangjian_core``: fixtures for the example ledgers, nothing else.

Installed with the library as the ``pytest11`` entry point ``dangjian_core``, so pytest loads
it in every project of the environment.  That is why it only *adds* fixtures, all named
``dj_*``, and defines no hook: collection, reporting and options stay exactly as they were.
``pytest -p no:dangjian_core`` switches it off.  The assertion helper lives in
:mod:`dangjian_core.testing` (``from dangjian_core.testing import assert_finding``), usable
with or without pytest.

The ledgers are session-scoped: loaded once and shared by every test that asks, so treat
them as read-only (a ledger's records are frozen; its lists are not).  A test that must
change one takes ``dj_seed_ledger.model_copy(deep=True)``.
"""

from __future__ import annotations

import pytest

from ..model import Ledger
from .examples import example_ledger, seed_ledger

__all__ = ["dj_example_ledger", "dj_seed_ledger"]


@pytest.fixture(scope="session")
def dj_seed_ledger() -> Ledger:
    """The seed department (机电工程系党总支, 2021) — judge it as of ``date(2021, 12, 31)``."""
    return seed_ledger()


@pytest.fixture(scope="session")
def dj_example_ledger() -> Ledger:
    """The realistic 示例学院 department (2025) — judge it as of ``date(2025, 12, 31)``."""
    return example_ledger()
