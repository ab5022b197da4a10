"""Where schemes come from: built-ins, ``register_scheme()``, and installed packages.

Installed packages publish schemes through the ``dangjian_core.schemes`` entry-point group.
An entry point may name a :class:`Scheme`, a TOML file (path or importlib resource), plain
scheme data, or a zero-argument callable returning one of those.  Nothing in the TOML is
executed.  A broken plugin is skipped with a warning that names it (``strict=True`` makes it
fatal); two schemes with one id are always an error.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from importlib import resources
from importlib.metadata import entry_points
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from ..errors import Problem, SchemeError
from ._scheme import Scheme, parse_scheme, read_scheme_data

__all__ = ["SchemeInfo", "get_scheme", "register_scheme", "scheme_data", "schemes"]

ENTRY_POINT_GROUP = "dangjian_core.schemes"
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
    """A known scheme: where it came from, its plain data, and its validated form once asked."""

    info: SchemeInfo
    data: dict[str, Any]
    parsed: Scheme | None = None


_entries: dict[str, _Entry] = {}
_loaded = False


def _add(
    data: Mapping[str, Any],
    origin: str,
    package: str | None = None,
    package_version: str | None = None,
    parsed: Scheme | None = None,
) -> str:
    sid = str(data.get("id", ""))
    if sid in _entries:
        first = _entries[sid].info.origin
        raise SchemeError(
            [
                Problem(
                    f"id={sid}",
                    f"方案编号“{sid}”重复（已由 {first} 提供）",
                    f"duplicate scheme id '{sid}' (already from {first})",
                    "duplicate_scheme",
                )
            ]
        )
    info = SchemeInfo(
        sid,
        str(data.get("version", "")),
        str(data.get("title", "")),
        str(data.get("scope", "")),
        origin,
        package,
        package_version,
    )
    _entries[sid] = _Entry(info, dict(data), parsed)
    return sid


def _read(obj: Any) -> dict[str, Any]:
    if callable(obj) and not isinstance(obj, Scheme):
        obj = obj()
    if isinstance(obj, Scheme):
        return obj.model_dump(mode="json", exclude_none=True)
    if isinstance(obj, Mapping):
        return dict(obj)
    if isinstance(obj, str | Path):
        return read_scheme_data(obj)
    if isinstance(obj, Traversable):
        import tomllib

        return tomllib.loads(obj.read_text(encoding="utf-8"))
    raise TypeError(f"not a scheme: {obj!r}")


def _load(strict: bool = False) -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    folder = resources.files("dangjian_core.scoring") / "schemes"
    for name in _BUILTIN_FILES:
        _add(_read(folder / name), "builtin")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        sid: str | None = None
        try:
            data = _read(ep.load())
            sid = _add(
                data,
                f"plugin {ep.name}",
                dist.name if dist else None,
                dist.version if dist else None,
            )
            # Validate now, so a broken scheme is reported at discovery, not mid-assessment.
            _entries[sid].parsed = parse_scheme(data, source=ep.name)
        except SchemeError as exc:
            if any(p.code == "duplicate_scheme" for p in exc.problems):
                raise
            _discard(ep.name, sid, exc, strict)
        except Exception as exc:
            _discard(ep.name, sid, exc, strict)


def _discard(name: str, sid: str | None, exc: Exception, strict: bool) -> None:
    if sid is not None:
        _entries.pop(sid, None)
    if strict:
        raise SchemeError([Problem(name, f"方案插件 {name} 无法加载", str(exc), "plugin")]) from exc
    warnings.warn(
        f"方案插件 {name} 加载失败，已跳过 (skipped broken scheme plugin {name!r}: {exc})",
        RuntimeWarning,
        stacklevel=3,
    )


def _entry(scheme_id: str) -> _Entry:
    _load()
    if scheme_id not in _entries:
        raise SchemeError(
            [
                Problem(
                    scheme_id,
                    f"未知方案“{scheme_id}”（可用：{', '.join(sorted(_entries))}）",
                    f"unknown scheme '{scheme_id}'",
                    "unknown_scheme",
                )
            ]
        )
    return _entries[scheme_id]


def scheme_data(scheme_id: str) -> dict[str, Any]:
    """The plain data of a known scheme (the base of an overlay)."""
    entry = _entry(scheme_id)
    if entry.parsed is not None:  # an overlay's base, already resolved
        return entry.parsed.model_dump(mode="json", exclude_none=True)
    return dict(entry.data)


def get_scheme(scheme_id: str | Scheme) -> Scheme:
    """A validated scheme by id (a :class:`Scheme` is returned as it is)."""
    if isinstance(scheme_id, Scheme):
        return scheme_id
    entry = _entry(scheme_id)
    if entry.parsed is None:
        entry.parsed = parse_scheme(entry.data, source=scheme_id)
    return entry.parsed


def register_scheme(scheme: Scheme | Mapping[str, Any] | str | Path) -> Scheme:
    """Make a scheme known by id (for notebooks and tests): a :class:`Scheme`, its data, or a
    TOML file.  Overlays may extend it afterwards."""
    _load()
    data = _read(scheme)
    parsed = (
        scheme if isinstance(scheme, Scheme) else parse_scheme(data, source=str(data.get("id")))
    )
    _add(parsed.model_dump(mode="json", exclude_none=True), "registered", parsed=parsed)
    return parsed


def unregister_scheme(scheme_id: str) -> None:
    """Forget a scheme added with :func:`register_scheme`."""
    entry = _entries.get(scheme_id)
    if entry is None or entry.info.origin != "registered":
        raise SchemeError(
            [
                Problem(
                    scheme_id,
                    "只能移除 register_scheme 注册的方案",
                    "only registered schemes can be removed",
                    "builtin",
                )
            ]
        )
    del _entries[scheme_id]


def schemes(*, strict: bool = False) -> list[SchemeInfo]:
    """Every known scheme, built-in first, then by id."""
    _load(strict)
    return sorted((e.info for e in _entries.values()), key=lambda i: (i.origin != "builtin", i.id))
