"""The rule registry: built-in rules, rules registered by hand, and plugin rules.

Plugins are found through the ``dangjian_core.rules`` entry-point group (loaded lazily, once).
An entry point may name a :class:`Rule`, an iterable of rules, or a callable returning them.
A broken plugin is skipped with a warning naming it (``strict=True`` makes it fatal); two
rules with one id (or alias) are always an error.
"""

from __future__ import annotations

import fnmatch
import warnings
from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any

from ..errors import RuleError
from ._rule import Rule

__all__ = ["get_rule", "register_rule", "rules", "select_rules", "unregister_rule"]

ENTRY_POINT_GROUP = "dangjian_core.rules"


class _Registry:
    def __init__(self) -> None:
        self._rules: dict[str, Rule[Any]] = {}
        self._aliases: dict[str, str] = {}
        self._origin: dict[str, str] = {}

    def add(self, rule: Rule[Any], origin: str = "builtin") -> None:
        for name in (rule.id, *rule.aliases):
            if name in self._rules or name in self._aliases:
                owner = self._aliases.get(name, name)
                raise RuleError(
                    f"规则编号“{name}”已被使用（{self._origin.get(owner, '?')}）"
                    f" (duplicate rule id {name!r}, already registered by "
                    f"{self._origin.get(owner, '?')})"
                )
        self._rules[rule.id] = rule
        self._origin[rule.id] = origin
        for alias in rule.aliases:
            self._aliases[alias] = rule.id

    def remove(self, rule_id: str) -> None:
        rule = self._rules.pop(rule_id)
        self._origin.pop(rule_id, None)
        for alias in rule.aliases:
            self._aliases.pop(alias, None)

    def get(self, name: str) -> Rule[Any] | None:
        return self._rules.get(self._aliases.get(name, name))

    def origin(self, rule_id: str) -> str:
        return self._origin.get(rule_id, "builtin")

    def all(self) -> list[Rule[Any]]:
        return list(self._rules.values())


_BUILTIN = _Registry()
_plugins_loaded = False


def _load_plugins(strict: bool = False) -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = f"{ep.dist.name} {ep.dist.version}" if ep.dist else ep.value
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, Rule):
                obj = obj()
            items = [obj] if isinstance(obj, Rule) else list(obj)
            bad = [i for i in items if not isinstance(i, Rule)]
            if bad:
                raise TypeError(f"not a Rule: {bad[0]!r}")
            for item in items:
                _BUILTIN.add(item, origin=f"plugin {ep.name} ({dist})")
        except RuleError:
            raise
        except Exception as exc:
            if strict:
                raise RuleError(
                    f"规则插件 {ep.name} 加载失败 (rule plugin {ep.name!r}: {exc})"
                ) from exc
            warnings.warn(
                f"规则插件 {ep.name}（{dist}）加载失败，已跳过 (skipped broken rule plugin "
                f"{ep.name!r}: {exc})",
                RuntimeWarning,
                stacklevel=2,
            )


def _ensure_builtins() -> None:
    from . import catalogue  # noqa: F401  (importing registers the built-in rules)


def register_rule(rule: Rule[Any]) -> Rule[Any]:
    """Add a rule to the catalogue (for notebooks, tests and schools' own rules).

    Raises :class:`~dangjian_core.RuleError` when its id or an alias is taken.  Returns the
    rule, so it can be used as ``my_rule = register_rule(my_rule)``.
    """
    _ensure_builtins()
    if not isinstance(rule, Rule):
        raise RuleError(
            f"register_rule 需要 Rule 对象 (expected a Rule, got {type(rule).__name__})"
        )
    _BUILTIN.add(rule, origin="registered")
    return rule


def unregister_rule(rule_id: str) -> None:
    """Remove a rule added with :func:`register_rule` (built-ins cannot be removed)."""
    if _BUILTIN.origin(rule_id) == "builtin":
        raise RuleError(f"不能移除内置规则 {rule_id} (cannot unregister built-in rule)")
    _BUILTIN.remove(rule_id)


def rules(*, strict: bool = False) -> list[Rule[Any]]:
    """Every known rule — built-in, registered and from plugins — sorted by id."""
    _ensure_builtins()
    _load_plugins(strict)
    return sorted(_BUILTIN.all(), key=lambda r: r.id)


def get_rule(rule_id: str) -> Rule[Any]:
    """The rule with this id or alias; :class:`~dangjian_core.RuleError` if unknown."""
    _ensure_builtins()
    _load_plugins()
    found = _BUILTIN.get(rule_id)
    if found is None:
        raise RuleError(f"未知规则 {rule_id} (unknown rule id {rule_id!r})")
    return found


def select_rules(patterns: str | Iterable[str] | None) -> list[Rule[Any]]:
    """Rules whose id (or alias) matches any of ``patterns`` (ids or globs like ``meeting.*``).

    A pattern that matches nothing is an error: a typo must not silently check nothing.
    """
    every = rules()
    if patterns is None:
        return every
    if isinstance(patterns, str):
        patterns = [patterns]
    chosen: dict[str, Rule[Any]] = {}
    unmatched = []
    for pattern in patterns:
        hits = [
            r
            for r in every
            if fnmatch.fnmatchcase(r.id, pattern)
            or any(fnmatch.fnmatchcase(a, pattern) for a in r.aliases)
        ]
        if not hits:
            unmatched.append(pattern)
        for r in hits:
            chosen[r.id] = r
    if unmatched:
        raise RuleError(
            f"没有匹配的规则：{', '.join(unmatched)} (no rule matches {', '.join(unmatched)})"
        )
    return sorted(chosen.values(), key=lambda r: r.id)
