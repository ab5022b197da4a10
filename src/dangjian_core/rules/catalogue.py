"""The built-in catalogue: every family's rules, joined in one list.

Each family module ends with its ``RULES`` tuple; this module only joins them.  The registry
starts from :data:`BUILTIN_RULES` — nothing registers itself by being imported.
"""

from __future__ import annotations

from typing import Any

from . import (
    development,
    dues,
    education,
    governance,
    leadership,
    meeting,
    outcome,
    staffing,
    structure,
)
from ._rule import Rule

__all__ = ["BUILTIN_RULES", "FAMILIES"]

#: The family modules, in the order the docs present them.
FAMILIES = (structure, meeting, leadership, staffing, development, dues, education, governance, outcome)

#: Every built-in rule.
BUILTIN_RULES: tuple[Rule[Any], ...] = tuple(r for family in FAMILIES for r in family.RULES)
