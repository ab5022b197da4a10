"""Where schemes come from: built-ins, ``register_scheme()``, and installed packages.

Installed packages publish schemes through the ``dangjian_core.schemes`` entry-point group.
An entry point may name a :class:`Scheme`, a TOML file (path or importlib resource), plain
scheme data, or a zero-argument callable returning one of those.  Nothing in the TOML is
executed.

A registry is an instance.  It is filled once, under a lock: first every scheme's plain data
(built-ins, then plugins in name order), then — once every base is known — each scheme is
validated, overlays merged into their bases, and the rules and scoring functions it names
verified against the registries it was given (as pluggy verifies hooks at register time).  So
an overlay works whichever plugin is discovered first, and a scheme naming an unknown rule is
reported at discovery, not mid-assessment.  A plugin that fails is recorded and reported on
every use (``strict=True`` raises).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs
from pydantic import ValidationError

from .._plugins import SCHEMES_GROUP, Plugin, PluginLoader, PluginRegistry, report_failures
from ..errors import Problem, RuleError, SchemeError
from ..rules import RuleRegistry, default_rules
from ._functions import FunctionRegistry, default_functions
from ._scheme import (
    MAX_SCHEME_BYTES,
    Scheme,
    build_scheme,
    name_problems,
    read_scheme_bytes,
    read_scheme_data,
)

__all__ = [
    "SchemeInfo",
    "SchemeRegistry",
    "default_schemes",
    "get_scheme",
    "load_scheme",
    "parse_scheme",
    "register_scheme",
    "scheme_data",
    "schemes",
    "unregister_scheme",
]

_BUILTIN_FILES = ("five-in-place.toml", "seven-effective.toml")


@attrs.frozen(slots=True)
class SchemeInfo:
    """A known scheme and where it came from (``builtin``, ``registered`` or a package)."""

    id: str
    version: str
    title: str
    scope: str
    origin: str
    package: str | None = None
    package_version: str | None = None


@attrs.define
class _Entry:
    """A known scheme: where it came from, its plain data, and its validated form."""

    origin: str
    data: dict[str, Any]
    package: str | None = None
    package_version: str | None = None
    parsed: Scheme | None = None

    def info(self) -> SchemeInfo:
        assert self.parsed is not None  # entries are listed only once resolved
        s = self.parsed
        return SchemeInfo(
            s.id, s.version, s.title, s.scope, self.origin, self.package, self.package_version
        )


def _problem(where: str, zh: str, en: str, code: str) -> SchemeError:
    return SchemeError([Problem(where, zh, en, code)])


def _read(obj: Any) -> dict[str, Any]:
    if callable(obj) and not isinstance(obj, Scheme):
        obj = obj()
    if isinstance(obj, Scheme):
        return obj.model_dump(mode="json", exclude_none=True)
    if isinstance(obj, Mapping):
        return dict(obj)
    if isinstance(obj, str | Path):
        return read_scheme_data(obj)
    if isinstance(obj, Traversable):  # a plugin's packaged file: read as any scheme file
        with obj.open("rb") as fh:
            raw = fh.read(MAX_SCHEME_BYTES + 1)
        return read_scheme_bytes(raw, source=str(obj))
    raise TypeError(f"不是评分方案 (not a scheme): {obj!r}")


class SchemeRegistry(PluginRegistry):
    """Schemes by id, verified against a rule and a function registry.

    ``rules`` and ``functions`` default to the process-wide registries, ``loader`` to the
    process-wide plugin loader; a test passes fresh ones.
    """

    group = SCHEMES_GROUP

    def __init__(
        self,
        *,
        rules: RuleRegistry | None = None,
        functions: FunctionRegistry | None = None,
        loader: PluginLoader | None = None,
        builtin: Iterable[Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(loader)
        self.rules = rules if rules is not None else default_rules()
        self.functions = functions if functions is not None else default_functions()
        self._builtin = builtin
        self._entries: dict[str, _Entry] = {}

    # -- filling -------------------------------------------------------------------------

    def _fill_builtins(self) -> None:
        if self._builtin is None:
            folder = resources.files("dangjian_core.scoring") / "schemes"
            builtin: Iterable[Mapping[str, Any]] = [_read(folder / n) for n in _BUILTIN_FILES]
        else:
            builtin = self._builtin
        for data in builtin:
            self._add(_Entry("builtin", dict(data)))
        for sid in list(self._entries):  # built-ins must be sound: fail loudly if not
            self._resolve(sid, ())

    def _take(self, plugin: Plugin) -> None:
        self._add(_Entry(plugin.origin, _read(plugin.obj), plugin.package, plugin.package_version))

    def _after_fill(self) -> None:
        """Resolve every plugin scheme; the invalid ones are dropped only once all have been
        tried, so each member of a cycle reports the cycle, and an overlay of an invalid base
        says its base is invalid (not unknown)."""
        failed: list[str] = []
        for sid in [s for s, e in self._entries.items() if e.parsed is None]:
            entry = self._entries[sid]
            if entry.parsed is not None:
                continue  # already resolved as another overlay's base
            try:
                self._resolve(sid, ())
            except Exception as exc:  # a plugin's data, whatever it holds, fails alone
                failed.append(sid)
                if not isinstance(exc, SchemeError):
                    exc = SchemeError([Problem(sid, str(exc), str(exc), "plugin")])
                self._failures += [
                    Problem(
                        f"{SCHEMES_GROUP}:{entry.origin.removeprefix('plugin ')}",
                        f"方案插件 {entry.origin}（{sid}）无效：{p}",
                        f"scheme plugin {entry.origin} ({sid}) is invalid: {p.message_en}",
                        "plugin",
                    )
                    for p in exc.problems
                ]
        for sid in failed:
            del self._entries[sid]

    def _add(self, entry: _Entry) -> str:
        sid = entry.data.get("id")
        if not isinstance(sid, str) or not sid:
            raise _problem("id", "方案缺少编号 id", "the scheme has no id", "no_id")
        if sid in self._entries:
            first = self._entries[sid].origin
            raise _problem(
                f"id={sid}",
                f"方案编号“{sid}”重复（已由 {first} 提供）",
                f"duplicate scheme id '{sid}' (already from {first})",
                "duplicate_scheme",
            )
        self._entries[sid] = entry
        return sid

    def _resolve(self, sid: str, chain: tuple[str, ...]) -> Scheme:
        """The validated scheme ``sid``, resolving its base first (``chain``: overlays on the
        way here, to refuse a cycle)."""
        entry = self._entries.get(sid)
        if entry is None:
            known = ", ".join(sorted(self._entries))
            raise _problem(
                sid,
                f"未知方案“{sid}”（可用：{known}）",
                f"unknown scheme '{sid}' (available: {known})",
                "unknown_scheme",
            )
        if entry.parsed is not None:
            return entry.parsed
        if sid in chain:
            raise _problem(
                "extends",
                f"方案继承形成循环：{' → '.join((*chain, sid))}",
                f"schemes extend each other in a cycle: {' → '.join((*chain, sid))}",
                "cycle",
            )
        entry.parsed = self._validate(entry.data, source=sid, chain=(*chain, sid))
        return entry.parsed

    def _validate(
        self, data: Mapping[str, Any], *, source: str | None, chain: tuple[str, ...] = ()
    ) -> Scheme:
        def base(base_id: str) -> dict[str, Any]:
            if base_id not in self._entries:
                known = ", ".join(sorted(self._entries))
                raise _problem(
                    "extends",
                    f"未知的基础方案“{base_id}”（可用：{known}）",
                    f"unknown base scheme '{base_id}' (available: {known})",
                    "unknown_scheme",
                )
            try:
                parsed = self._resolve(base_id, chain)
            except SchemeError as exc:  # say it is the base that is wrong, once
                raise SchemeError(
                    [
                        p
                        if p.code in ("cycle", "invalid_base")
                        else Problem(
                            "extends",
                            f"基础方案“{base_id}”无效：{p}",
                            f"the base scheme '{base_id}' is invalid: {p.location}: {p.message_en}",
                            "invalid_base",
                        )
                        for p in exc.problems
                    ]
                ) from None
            return parsed.model_dump(mode="json", exclude_none=True)

        scheme = build_scheme(data, source=source, resolve=base)
        self.verify(scheme)
        return scheme

    # -- public --------------------------------------------------------------------------

    def verify(self, scheme: Scheme) -> None:
        """Raise a :class:`SchemeError` if ``scheme`` names a rule or scoring function this
        registry's rule and function registries do not know."""
        known = {name for r in self.rules.all(report=False) for name in (r.id, *r.aliases)}
        checks = {name: f.check for name, f in self.functions.all(report=False).items()}
        problems = name_problems(scheme, known, checks) + self._param_problems(scheme)
        if problems:
            raise SchemeError(problems, source=scheme.id)

    def _param_problems(self, scheme: Scheme) -> list[Problem]:
        """The rule parameters ``scheme`` sets that its rules refuse (an unknown name, a
        value of the wrong kind), found here rather than when an assessment runs."""
        problems: list[Problem] = []
        for rule_id, values in scheme.params.items():
            try:
                rule = self.rules.get(rule_id)
            except RuleError:
                continue  # an unknown rule: name_problems reports it
            try:
                rule.with_params(values)
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    loc = ".".join(str(part) for part in err["loc"])
                    problems.append(
                        Problem(
                            f"params.{rule_id}.{loc}".rstrip("."),
                            "规则参数无效",
                            err["msg"],
                            "params",
                        )
                    )
        return problems

    def infos(self, *, strict: bool = False) -> list[SchemeInfo]:
        """Every known scheme, built-in first, then by id."""
        self._ensure()
        report_failures(self._failures, strict=strict, raise_error=_scheme_error)
        infos = [e.info() for e in self._entries.values() if e.parsed is not None]
        return sorted(infos, key=lambda i: (i.origin != "builtin", i.id))

    def info(self, scheme_id: str) -> SchemeInfo:
        """Where the known scheme ``scheme_id`` came from."""
        self.get(scheme_id)
        return self._entries[scheme_id].info()

    def get(self, scheme: str | Scheme) -> Scheme:
        """A validated scheme by id; a :class:`Scheme` given itself is verified and returned."""
        self._ensure()
        if isinstance(scheme, Scheme):
            self.verify(scheme)
            return scheme
        with self._lock:
            return self._resolve(scheme, ())

    def data(self, scheme_id: str) -> dict[str, Any]:
        """The plain data of a known scheme, overlays resolved (the base of an overlay)."""
        return self.get(scheme_id).model_dump(mode="json", exclude_none=True)

    def parse(self, data: Mapping[str, Any], *, source: str | None = None) -> Scheme:
        """Validate scheme data against this registry: structure, overlay base, names."""
        self._ensure()
        with self._lock:
            return self._validate(data, source=source)

    def load(self, path: str | os.PathLike[str], *, encoding: str | None = None) -> Scheme:
        """Read and validate a TOML scheme file (an overlay resolves its base here).

        The file is UTF-8 (a BOM accepted) or UTF-16/32 with a BOM unless ``encoding`` names
        another; see :func:`~dangjian_core.scoring.read_scheme_data` for what is refused."""
        return self.parse(read_scheme_data(path, encoding=encoding), source=str(path))

    def register(self, scheme: Scheme | Mapping[str, Any] | str | Path) -> Scheme:
        """Make a scheme known by id: a :class:`Scheme`, its data, or a TOML file."""
        self._ensure()
        with self._lock:
            if isinstance(scheme, Scheme):
                self.verify(scheme)
                parsed = scheme
            else:
                data = _read(scheme)
                source = str(scheme) if isinstance(scheme, str | Path) else data.get("id")
                parsed = self._validate(data, source=source if isinstance(source, str) else None)
            dumped = parsed.model_dump(mode="json", exclude_none=True)
            self._add(_Entry("registered", dumped, parsed=parsed))
            return parsed

    def unregister(self, scheme_id: str) -> None:
        """Forget a scheme added with :meth:`register` (built-ins and plugins stay)."""
        self._ensure()
        with self._lock:
            entry = self._entries.get(scheme_id)
            if entry is None or entry.origin != "registered":
                raise _problem(
                    scheme_id,
                    "只能移除 register_scheme 注册的方案",
                    "only registered schemes can be removed",
                    "builtin",
                )
            del self._entries[scheme_id]


def _scheme_error(problems: Sequence[Problem]) -> SchemeError:
    return SchemeError(problems)


_DEFAULT = SchemeRegistry()


def default_schemes() -> SchemeRegistry:
    """The process-wide scheme registry behind :func:`schemes`, ``assess`` and the CLI."""
    return _DEFAULT


def scheme_data(scheme_id: str) -> dict[str, Any]:
    """The plain data of a known scheme (the base of an overlay)."""
    return _DEFAULT.data(scheme_id)


def get_scheme(scheme_id: str | Scheme) -> Scheme:
    """A validated scheme by id (a :class:`Scheme` is verified and returned as it is)."""
    return _DEFAULT.get(scheme_id)


def load_scheme(path: str | os.PathLike[str], *, encoding: str | None = None) -> Scheme:
    """Read and validate a scheme from a TOML file (an overlay resolves its base by id).

    UTF-8 (a BOM accepted) or UTF-16/32 with a BOM; ``encoding`` names another (``"gbk"``).
    Every bad file is one :class:`~dangjian_core.SchemeError` listing its problems."""
    return _DEFAULT.load(path, encoding=encoding)


def parse_scheme(
    data: Mapping[str, Any], *, source: str | None = None, registry: SchemeRegistry | None = None
) -> Scheme:
    """Validate scheme data (already parsed from TOML): its structure, the base of an
    overlay, and the rules and functions it names — against ``registry`` (default: the
    process-wide one)."""
    return (registry if registry is not None else _DEFAULT).parse(data, source=source)


def register_scheme(scheme: Scheme | Mapping[str, Any] | str | Path) -> Scheme:
    """Make a scheme known by id (for notebooks and tests): a :class:`Scheme`, its data, or a
    TOML file.  Overlays may extend it afterwards."""
    return _DEFAULT.register(scheme)


def unregister_scheme(scheme_id: str) -> None:
    """Forget a scheme added with :func:`register_scheme`."""
    _DEFAULT.unregister(scheme_id)


def schemes(*, strict: bool = False) -> list[SchemeInfo]:
    """Every known scheme, built-in first, then by id; failed plugins are reported (raised
    when ``strict``)."""
    return _DEFAULT.infos(strict=strict)
