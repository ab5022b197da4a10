"""Rule checks: the engine, the registry, and the built-in catalogue.

The package is also callable — ``dangjian_core.rules()`` — as the old name of
:func:`list_rules`, so code written before the rename keeps working while
``import dangjian_core.rules`` reaches the package (the function used to shadow it).
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ..model.index import LedgerIndex, PartyTimeline, Quorum
from ._check import check
from ._docs import rule_catalogue, rule_family_markdown
from ._finding import Finding, FindingKey, Findings, Severity, Status, SubjectKind
from ._registry import (
    RuleRegistry,
    default_rules,
    get_rule,
    list_rules,
    register_rule,
    select_rules,
    unregister_rule,
)
from ._rule import NoParams, Params, Rule, RuleContext, Scope, rule
from .catalogue import BUILTIN_RULES

__all__ = [
    "BUILTIN_RULES",
    "Finding",
    "FindingKey",
    "Findings",
    "LedgerIndex",
    "NoParams",
    "Params",
    "PartyTimeline",
    "Quorum",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "Scope",
    "Severity",
    "Status",
    "SubjectKind",
    "check",
    "default_rules",
    "get_rule",
    "list_rules",
    "register_rule",
    "rule",
    "rule_catalogue",
    "rule_family_markdown",
    "select_rules",
    "unregister_rule",
]


class _CallablePackage(types.ModuleType):
    """This package, callable as the former ``rules()`` function (an alias of list_rules)."""

    def __call__(self, *, strict: bool = False) -> list[Rule[Any]]:
        return list_rules(strict=strict)


sys.modules[__name__].__class__ = _CallablePackage
