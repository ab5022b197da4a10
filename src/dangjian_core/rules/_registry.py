"""The rule registry: the built-in catalogue, rules registered by hand, and plugin rules.

A registry is an instance, started from a list of rules (by default the catalogue's) and fed
by the one plugin loader (:mod:`dangjian_core._plugins`).  Nothing registers itself by being
imported: :func:`~dangjian_core.rule` only builds a :class:`Rule`.  An entry point of the
``dangjian_core.rules`` group may name a :class:`Rule`, an iterable of rules, or a callable
returning them.  A plugin that fails — at import, by giving something that is not a rule, or
by reusing a taken id — is recorded and reported on every use (a warning, or a
:class:`~dangjian_core.RuleError` with ``strict=True``), and the other plugins still load.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from typing import Any

from .._plugins import RULES_GROUP, Plugin, PluginLoader, PluginRegistry, report_failures
from ..errors import Problem, RuleError
from ._rule import Rule
from .catalogue import BUILTIN_RULES

__all__ = [
    "RuleRegistry",
    "default_rules",
    "get_rule",
    "list_rules",
    "register_rule",
    "select_rules",
    "unregister_rule",
]


def _rule_error(problems: Sequence[Problem]) -> RuleError:
    lines = "\n  - ".join(str(p) for p in problems)
    return RuleError(f"规则插件有误 (broken rule plugin(s)):\n  - {lines}")


def _rules_of(obj: Any) -> list[Rule[Any]]:
    if callable(obj) and not isinstance(obj, Rule):
        obj = obj()
    items = [obj] if isinstance(obj, Rule) else list(obj)
    bad = [i for i in items if not isinstance(i, Rule)]
    if bad:
        raise TypeError(f"不是规则对象 (not a Rule): {bad[0]!r}")
    return items


class RuleRegistry(PluginRegistry):
    """Rules by id and alias, with where each came from (``builtin``, ``registered``,
    ``plugin <name>``).

    ``builtin`` defaults to the catalogue; ``loader`` to the process-wide plugin loader.
    Tests build a fresh registry with a loader over their own entry points.  Filling happens
    once, on first use, under a lock: threads arriving together all see the whole registry.
    """

    group = RULES_GROUP

    def __init__(
        self,
        builtin: Iterable[Rule[Any]] | None = None,
        *,
        loader: PluginLoader | None = None,
    ) -> None:
        super().__init__(loader)
        self._builtin = builtin
        self._rules: dict[str, Rule[Any]] = {}
        self._aliases: dict[str, str] = {}
        self._origin: dict[str, str] = {}

    def _fill_builtins(self) -> None:
        builtin = self._builtin
        if builtin is None:
            builtin = BUILTIN_RULES
        for r in builtin:
            self._add(r, "builtin")

    def _take(self, plugin: Plugin) -> None:
        items = _rules_of(plugin.obj)
        names = [n for r in items for n in (r.id, *r.aliases)]
        if len(set(names)) != len(names):
            raise RuleError("插件内部规则编号重复 (the plugin repeats a rule id)")
        for r in items:  # all or nothing: a clash refuses the whole plugin
            clash = self._taken(r)
            if clash:
                raise RuleError(clash)
        for r in items:
            self._add(r, plugin.origin)

    def _taken(self, rule: Rule[Any]) -> str | None:
        for name in (rule.id, *rule.aliases):
            if name in self._rules or name in self._aliases:
                owner = self._aliases.get(name, name)
                origin = self._origin.get(owner, "?")
                return (
                    f"规则编号“{name}”已被使用（{origin}） "
                    f"(duplicate rule id {name!r}, already registered by {origin})"
                )
        return None

    def _add(self, rule: Rule[Any], origin: str) -> None:
        clash = self._taken(rule)
        if clash:
            raise RuleError(clash)
        self._rules[rule.id] = rule
        self._origin[rule.id] = origin
        for alias in rule.aliases:
            self._aliases[alias] = rule.id

    # -- public --------------------------------------------------------------------------

    def all(self, *, strict: bool = False, report: bool = True) -> list[Rule[Any]]:
        """Every rule, sorted by id.  Failed plugins are reported — raised when ``strict``,
        else warned — unless ``report`` is false (for internal look-ups)."""
        self._ensure()
        if report or strict:
            report_failures(self._failures, strict=strict, raise_error=_rule_error)
        return sorted(self._rules.values(), key=lambda r: r.id)

    def get(self, name: str) -> Rule[Any]:
        """The rule with this id or alias; :class:`~dangjian_core.RuleError` if unknown."""
        self._ensure()
        found = self._rules.get(self._aliases.get(name, name))
        if found is None:
            raise RuleError(f"未知规则 {name} (unknown rule id {name!r})")
        return found

    def origin(self, rule_id: str) -> str:
        """Where a known rule came from: ``builtin``, ``registered`` or ``plugin <name>``."""
        self._ensure()
        return self._origin[self.get(rule_id).id]

    def register(self, rule: Rule[Any]) -> Rule[Any]:
        """Add ``rule``; a taken id or alias is a :class:`~dangjian_core.RuleError`."""
        if not isinstance(rule, Rule):
            raise RuleError(
                f"register_rule 需要 Rule 对象 (expected a Rule, got {type(rule).__name__})"
            )
        self._ensure()
        with self._lock:
            self._add(rule, "registered")
        return rule

    def unregister(self, rule_id: str) -> None:
        """Remove a registered or plugin rule; built-ins stay, unknown ids are refused."""
        self._ensure()
        with self._lock:
            if rule_id not in self._rules:
                raise RuleError(f"未知规则 {rule_id} (unknown rule id {rule_id!r})")
            if self._origin[rule_id] == "builtin":
                raise RuleError(f"不能移除内置规则 {rule_id} (cannot unregister built-in rule)")
            rule = self._rules.pop(rule_id)
            del self._origin[rule_id]
            for alias in rule.aliases:
                self._aliases.pop(alias, None)

    def select(self, patterns: str | Iterable[str] | None) -> list[Rule[Any]]:
        """Rules whose id (or alias) matches any of ``patterns`` (ids or globs such as
        ``meeting.*``); a pattern that matches nothing is an error — a typo must not silently
        check nothing."""
        every = self.all(report=False)
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


_DEFAULT = RuleRegistry()


def default_rules() -> RuleRegistry:
    """The process-wide registry behind :func:`list_rules`, :func:`check` and the CLI."""
    return _DEFAULT


def register_rule(rule: Rule[Any]) -> Rule[Any]:
    """Add a rule to the catalogue (for notebooks, tests and schools' own rules).

    Raises :class:`~dangjian_core.RuleError` when its id or an alias is taken.  Returns the
    rule, so it can be used as ``my_rule = register_rule(my_rule)``.
    """
    return _DEFAULT.register(rule)


def unregister_rule(rule_id: str) -> None:
    """Remove a rule added with :func:`register_rule` or by a plugin (built-ins stay)."""
    _DEFAULT.unregister(rule_id)


def list_rules(*, strict: bool = False) -> list[Rule[Any]]:
    """Every known rule — built-in, registered and from plugins — sorted by id.

    A plugin that failed to load is reported on every call: a :class:`RuntimeWarning`, or a
    :class:`~dangjian_core.RuleError` listing every failure when ``strict`` is true.
    """
    return _DEFAULT.all(strict=strict)


def get_rule(rule_id: str) -> Rule[Any]:
    """The rule with this id or alias; :class:`~dangjian_core.RuleError` if unknown."""
    return _DEFAULT.get(rule_id)


def select_rules(
    patterns: str | Iterable[str] | None, *, registry: RuleRegistry | None = None
) -> list[Rule[Any]]:
    """Rules matching ``patterns`` (ids or globs); see :meth:`RuleRegistry.select`."""
    return (registry or _DEFAULT).select(patterns)
