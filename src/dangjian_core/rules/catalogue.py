"""The built-in catalogue: importing this module registers every rule of RULES.md."""

from __future__ import annotations

from . import (  # noqa: F401  (each import registers its family's rules)
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
