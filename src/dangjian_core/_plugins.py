"""The one entry-point loader: rules, scoring functions and schemes from installed packages.

Why one loader for three groups: each registry used to find its own entry points and latch a
"loaded" flag *before* loading, so the first caller from another thread saw an empty registry,
a failure was reported once and then forgotten, and ``strict=True`` meant different things
depending on which registry was asked first.  Here every group is loaded in one pass, in a
fixed order (scoring functions, then rules, then schemes — a scheme may name the others), under
a lock, and the pass is published only once complete.  An entry point that fails to import is
*recorded* with its error, never dropped: registries report it on every use.

The loader only imports; what an object means (a rule, a scheme, a function) is for the
registry of its group to decide — as pluggy's manager, not its markers, registers and
verifies.  Tests pass their own ``source`` of entry points to a fresh loader.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import attrs

from .errors import Problem

__all__ = [
    "FUNCTIONS_GROUP",
    "GROUPS",
    "RULES_GROUP",
    "SCHEMES_GROUP",
    "Plugin",
    "PluginLoader",
    "PluginRegistry",
    "default_loader",
    "report_failures",
]

FUNCTIONS_GROUP = "dangjian_core.scoring_functions"
RULES_GROUP = "dangjian_core.rules"
SCHEMES_GROUP = "dangjian_core.schemes"

#: The groups, in the order they are loaded.
GROUPS: tuple[str, ...] = (FUNCTIONS_GROUP, RULES_GROUP, SCHEMES_GROUP)

EntryPointSource = Callable[[str], Iterable[EntryPoint]]
"""Gives the entry points of one group (default: the installed distributions')."""


def _installed(group: str) -> Iterable[EntryPoint]:
    return entry_points(group=group)


@attrs.frozen(slots=True)
class Plugin:
    """One entry point after loading: the object it names, or the error loading raised."""

    group: str
    name: str
    value: str
    package: str | None = None
    package_version: str | None = None
    obj: Any = attrs.field(default=None, eq=False, repr=False)
    error: str | None = None

    @property
    def origin(self) -> str:
        """How registries name where an item came from: ``plugin <name>``."""
        return f"plugin {self.name}"

    @property
    def label(self) -> str:
        """The entry point and its package, for messages."""
        if self.package:
            return f"{self.name}（{self.package} {self.package_version or ''}".rstrip() + "）"
        return f"{self.name}（{self.value}）"

    def problem(self, reason: str | None = None) -> Problem:
        """This plugin's failure as a located problem (``reason`` overrides the load error)."""
        text = reason if reason is not None else (self.error or "")
        return Problem(
            f"{self.group}:{self.name}",
            f"插件 {self.label} 加载失败：{text}",
            f"plugin {self.name!r} ({self.value}) failed: {text}",
            "plugin",
        )


class PluginLoader:
    """Loads the entry points of :data:`GROUPS` once, in a fixed order, thread-safely.

    Entry points of a group are taken in name order (then value), so two machines with the
    same packages load them alike whatever order the metadata lists them in.
    """

    def __init__(self, source: EntryPointSource = _installed) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._loaded: dict[str, tuple[Plugin, ...]] | None = None

    def plugins(self, group: str) -> tuple[Plugin, ...]:
        """The loaded entry points of ``group`` (loading every group on first use)."""
        loaded = self._loaded
        if loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = {g: tuple(self._load(g)) for g in GROUPS}
                loaded = self._loaded
        return loaded.get(group, ())

    def _load(self, group: str) -> list[Plugin]:
        out = []
        found = sorted(self._source(group), key=lambda ep: (ep.name, ep.value))
        for ep in found:
            dist = getattr(ep, "dist", None)
            package = dist.name if dist is not None else None
            version = dist.version if dist is not None else None
            try:
                obj = ep.load()
            except Exception as exc:  # any import failure is the plugin's, and is recorded
                out.append(
                    Plugin(group, ep.name, ep.value, package, version, error=_describe(exc))
                )
                continue
            out.append(Plugin(group, ep.name, ep.value, package, version, obj=obj))
        return out


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def report_failures(
    problems: Sequence[Problem],
    *,
    strict: bool,
    raise_error: Callable[[Sequence[Problem]], Exception],
) -> None:
    """Report recorded plugin failures: raise them all at once when ``strict``, else warn.

    Called on every use of a registry, so a broken plugin is never forgotten after the first
    report (Python's warning filters decide how often the same warning is shown).
    """
    if not problems:
        return
    if strict:
        raise raise_error(problems)
    for p in problems:
        warnings.warn(
            f"{p.message_zh}，已跳过 (skipped: {p.message_en})", RuntimeWarning, stacklevel=3
        )


class PluginRegistry:
    """What the three registries share: filled once, on first use, under a lock, from their
    built-ins and then their group's plugins; a plugin that fails is recorded, not dropped.

    A subclass says how to take its built-ins (:meth:`_fill_builtins`) and one loaded plugin
    (:meth:`_take`, raising to refuse it), and may finish the fill (:meth:`_after_fill`, where
    schemes resolve overlays once every base is known).
    """

    group: str = ""

    def __init__(self, loader: PluginLoader | None = None) -> None:
        self._loader = loader if loader is not None else default_loader()
        self._lock = threading.RLock()
        self._ready = False
        self._failures: list[Problem] = []

    def _ensure(self) -> None:
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            self._fill_builtins()
            for plugin in self._loader.plugins(self.group):
                if plugin.error is not None:
                    self._failures.append(plugin.problem())
                    continue
                try:
                    self._take(plugin)
                except Exception as exc:  # the plugin's own failure, recorded with its name
                    self._failures.append(plugin.problem(str(exc)))
            self._after_fill()
            self._ready = True

    def _fill_builtins(self) -> None:
        raise NotImplementedError

    def _take(self, plugin: Plugin) -> None:
        raise NotImplementedError

    def _after_fill(self) -> None:
        """Called once every plugin is taken, still under the lock."""

    @property
    def failures(self) -> tuple[Problem, ...]:
        """The plugins of this registry's group that could not be used, each located."""
        self._ensure()
        return tuple(self._failures)


_DEFAULT = PluginLoader()


def default_loader() -> PluginLoader:
    """The loader behind the module-level functions (``rules()``, ``schemes()`` …)."""
    return _DEFAULT
