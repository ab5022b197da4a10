"""Rule checks: the engine, the index built once per run, and the built-in catalogue."""

from __future__ import annotations

from ._check import check
from ._docs import rule_catalogue, rule_family_markdown
from ._finding import Finding, FindingKey, Findings, Severity, Status, SubjectKind
from ._index import LedgerIndex, PartyTimeline, Quorum
from ._registry import get_rule, register_rule, rules, select_rules, unregister_rule
from ._rule import NoParams, Params, Rule, RuleContext, Scope, rule

__all__ = [
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
    "Scope",
    "Severity",
    "Status",
    "SubjectKind",
    "check",
    "get_rule",
    "register_rule",
    "rule",
    "rule_catalogue",
    "rule_family_markdown",
    "rules",
    "select_rules",
    "unregister_rule",
]
