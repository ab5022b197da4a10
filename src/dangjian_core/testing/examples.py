"""The example ledgers, shipped inside the package so that users' tests can start from them.

Why copies: the repository's ``examples/`` folder holds the seed department
(``examples/jidian/ledger.json``) and the realistic department (``examples/department.json``),
but a wheel ships only the package.  ``data/seed.json`` and ``data/department.json`` are
byte-for-byte copies of them; ``tests/test_testing_kit.py`` fails when they drift apart.
Each call loads a fresh ledger, so one test cannot change what the next one reads.
"""

from __future__ import annotations

from importlib import resources

from ..io import load_ledger
from ..model import Ledger

__all__ = ["EXAMPLE_FILES", "example_ledger", "seed_ledger"]

#: The shipped file name of each example, and the repository file it copies.
EXAMPLE_FILES = {
    "seed.json": "examples/jidian/ledger.json",
    "department.json": "examples/department.json",
}


def _load(name: str) -> Ledger:
    # as_file: the package may be imported from a zip, where a resource has no path.
    with resources.as_file(resources.files("dangjian_core.testing") / "data" / name) as path:
        return load_ledger(path)


def seed_ledger() -> Ledger:
    """The seed department (山西工程职业学院机电工程系党总支, 2021): judge it as of
    2021-12-31; it scores 99.87 on “五个到位” (see ``examples/jidian/README.md``)."""
    return _load("seed.json")


def example_ledger() -> Ledger:
    """The realistic 示例学院 department (2025), with some findings failing on purpose."""
    return _load("department.json")
