"""Ledger JSON in and out, with every problem reported as one :class:`LedgerError`."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._gc import collector_paused
from ..errors import LedgerError, Problem
from ..model import SCHEMA_VERSION, Ledger
from ._limits import DEFAULT_LIMITS, Limits
from ._read import (
    decode,
    depth_needed_first,
    depth_of,
    location,
    may_hold_long_text,
    parse_marked,
    read_file,
    scan,
    too_big,
    too_deep,
    too_many_records,
)
from ._schema import SCHEMA_BASE, json_schema_of
from .excel import read_workbooks

__all__ = ["Limits", "ledger_json_schema", "load_ledger", "problems_from_validation"]

# Chinese wording for pydantic's error types; anything else falls back to a generic line.
_ZH_BY_TYPE = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（可能拼写有误）",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "date_parsing": "日期格式有误，应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式有误，应为 YYYY-MM-DD",
    "date_type": "应为日期",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_places": "小数位数过多",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式有误",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "too_short": "条目过少",
    "json_invalid": "JSON 格式有误",
    "finite_number": "应为有限数值",
    "int_parsing_size": "数值过大",
}


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """Turn a pydantic error into problems; integrity problems are unpacked, not wrapped."""
    problems: list[Problem] = []
    branched: set[str] = set()
    for item in error.errors(include_url=False):
        ctx = item.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, LedgerError):
            problems.extend(inner.problems)
            continue
        # For a list-or-count union pydantic reports each branch; keep the message readable.
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        loc = tuple(
            p for p in loc if p not in ("list[str]", "int", "function-after", "function-before")
        )
        zh = ctx.get("zh") or _ZH_BY_TYPE.get(item["type"], "取值无效")
        if item["type"] in _BOUND_ZH:
            zh = f"{zh}（{_BOUND_ZH[item['type']]} {ctx[_BOUND_KEY[item['type']]]}）"
        problems.append(Problem(location(loc), zh, item["msg"], item["type"]))
        if len(loc) != len(item["loc"]):
            branched.add(location(loc))
    # A union yields one entry per alternative at the same place; keep the first of each,
    # and where one alternative says more than "wrong type" (a count below 0 in a
    # list-or-count field), drop the "应为列表" of the other alternative.
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.location, p.code), p)
    specific = {p.location for p in unique.values() if p.code not in _WRONG_TYPE}
    return [
        p
        for p in unique.values()
        if not (p.code in _WRONG_TYPE and p.location in specific and p.location in branched)
    ]


_WRONG_TYPE = frozenset({"list_type", "int_type", "int_parsing", "string_type"})


# The bound a too-large or too-small value broke, shown with the message ("数值过大（上限 1000000000）").
_BOUND_ZH = {
    "less_than_equal": "上限",
    "greater_than_equal": "下限",
    "decimal_max_places": "最多",
}
_BOUND_KEY = {
    "less_than_equal": "le",
    "greater_than_equal": "ge",
    "decimal_max_places": "decimal_places",
}

_JSON_START = ("{", "[")


def _display(name: str) -> str:
    """A path as shown in the error's title: a long or multi-line str (JSON text passed as a
    path by mistake) is cut, so the title stays one short line."""
    flat = name.replace("\n", " ")
    return flat if len(flat) <= 80 and flat == name else flat[:60] + "…"


def _check_call(source: object, text: object, encoding: object, limits: object) -> None:
    """A wrong call is the caller's bug, not a broken ledger: a ``TypeError`` at once."""
    if (source is None) == (text is None):
        raise TypeError(
            "load_ledger() takes exactly one of: a path or a mapping as source, "
            "or JSON text as text="
        )
    if source is not None and not isinstance(source, str | os.PathLike | Mapping):
        hint = " (pass JSON bytes as text=)" if isinstance(source, bytes | bytearray) else ""
        raise TypeError(
            f"source must be a path (str or os.PathLike) or a Mapping, "
            f"not {type(source).__name__}{hint}"
        )
    if text is not None and not isinstance(text, str | bytes | bytearray):
        raise TypeError(f"text= must be str or bytes, not {type(text).__name__}")
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError(f"encoding= must be a str, not {type(encoding).__name__}")
    if limits is not None and not isinstance(limits, Limits):
        raise TypeError(f"limits= must be a Limits, not {type(limits).__name__}")


#: Suffixes read as Excel workbooks rather than JSON.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


def load_ledger(
    source: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    text: str | bytes | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
) -> Ledger:
    """Read a ledger from a file, from JSON text or from a mapping, validating it completely.

    ``source`` is a path (``str`` or ``os.PathLike``) or a ``Mapping``; a ``str`` is always a
    path, never JSON — JSON text goes through ``text=`` (``str`` or ``bytes``), so what a
    call means never depends on what a string happens to start with.  ``encoding`` decodes
    a file or bytes (default UTF-8, a BOM accepted; ``"gbk"`` reads a 中文 Windows file
    directly).  ``limits`` bounds size, nesting, text length and record count
    (:class:`Limits`, defaults in docs/ledger.md).

    Raises :class:`~dangjian_core.LedgerError` listing every problem with its location
    (``meetings[12].org_id``); nothing the source holds is dropped or coerced silently —
    an unknown field or a repeated key is an error, not ignored.  A wrong call (no source,
    both a source and ``text=``, a source of another type) raises ``TypeError``.
    """
    _check_call(source, text, encoding, limits)
    if (
        source is not None
        and not isinstance(source, Mapping)
        and Path(os.fspath(source)).suffix.lower() in WORKBOOK_SUFFIXES
    ):
        # A workbook: the Excel reader takes it (docs/excel.md); it needs the `excel` extra.
        return read_workbooks(source)
    # The whole load — parsing, scanning and building the models — with the collector paused
    # (_gc.py): about a third of a school-sized load was collection (issue 12).
    with collector_paused():
        return _load_json(source, text, encoding, limits or DEFAULT_LIMITS)


def _load_json(
    source: str | os.PathLike[str] | Mapping[str, Any] | None,
    text: str | bytes | None,
    encoding: str | None,
    lim: Limits,
) -> Ledger:
    name: str | None = None
    # The text whose depth is still to be measured should the load fail (see _parse).
    unmeasured: str | None = None
    if isinstance(source, Mapping):
        data: Any = source
        early = scan(source, lim, shared=True)
    else:
        raw: str | bytes | bytearray
        if source is not None:
            path_text = os.fspath(source)
            if not isinstance(path_text, str):
                raise TypeError("source must be a str path, not a bytes path")
            name = _display(path_text)
            if "\x00" in path_text:
                raise LedgerError(
                    [
                        Problem(
                            "(source)",
                            "路径中含有 NUL 字符，不是文件名；JSON 文本请用 text= 传入",
                            "the path holds a NUL character; pass JSON text as text=",
                            "io",
                        )
                    ],
                    source=name,
                )
            hint = isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith(
                _JSON_START
            )
            read = read_file(Path(path_text), name, lim, hint_json=hint)
            if isinstance(read, Problem):
                raise LedgerError([read], source=name)
            raw = read
        else:
            assert text is not None
            raw = text
        data, unmeasured, suspect = _parse(raw, encoding, lim, name)
        # The walk finds nothing the hooks and the text check have not ruled out (_read.py).
        early = scan(data, lim) if suspect else []
    if not early and isinstance(data, Mapping):
        crowded = too_many_records(data, lim)
        early = [crowded] if crowded else []
    if early:
        _refuse_too_deep(unmeasured, lim, name)
        raise LedgerError(early, source=name)
    try:
        return Ledger.model_validate(dict(data))
    except ValidationError as exc:
        _refuse_too_deep(unmeasured, lim, name)
        raise LedgerError(problems_from_validation(exc), source=name) from None


def _refuse_too_deep(body: str | None, lim: Limits, name: str | None) -> None:
    """Raise the ``too_deep`` problem when ``body`` (text parsed before its depth was measured)
    is nested deeper than the limit: it comes first, as when measured before parsing."""
    if body is not None:
        depth = depth_of(body)
        if depth > lim.max_depth:
            raise LedgerError([too_deep(depth, lim)], source=name)


def _parse(
    raw: str | bytes | bytearray, encoding: str | None, lim: Limits, name: str | None
) -> tuple[Any, str | None, bool]:
    """Text or bytes to a JSON object, or a ``LedgerError`` saying why not.

    Also returns the text when its depth is not yet measured (the caller measures it if the
    load fails: :func:`~dangjian_core.io._read.depth_needed_first`), and whether the value
    may hold what :func:`~dangjian_core.io._read.scan` reports (a hook marked something, or
    a string may be too long); when not, the walk is skipped.
    """
    if isinstance(raw, bytes | bytearray):
        if len(raw) > lim.max_bytes:
            raise LedgerError([too_big(name or "(text)", len(raw), lim)], source=name)
        decoded = decode(bytes(raw), encoding)
        if isinstance(decoded, Problem):
            raise LedgerError([decoded], source=name)
        body = decoded
    else:
        if len(raw) > lim.max_bytes:
            raise LedgerError([too_big("(text)", len(raw), lim)], source=name)
        body = raw.removeprefix("\ufeff")  # a BOM from Notepad or an Excel export
    if not body.strip():
        raise LedgerError(
            [
                Problem(
                    "line 1 column 1",
                    "台账为空（没有任何 JSON 内容）",
                    "the ledger is empty (no JSON at all)",
                    "empty",
                )
            ],
            source=name,
        )
    unmeasured: str | None = None
    if depth_needed_first(lim):
        depth = depth_of(body)
        if depth > lim.max_depth:
            raise LedgerError([too_deep(depth, lim)], source=name)
    else:
        unmeasured = body
    try:
        data, marked = parse_marked(body, lim)
    except json.JSONDecodeError as exc:
        _refuse_too_deep(unmeasured, lim, name)
        raise LedgerError(
            [
                Problem(
                    f"line {exc.lineno} column {exc.colno}",
                    "JSON 格式有误",
                    f"invalid JSON: {exc.msg}",
                    "json_invalid",
                )
            ],
            source=name,
        ) from None
    except RecursionError:
        # On the fast path, text nested deeper than the parser goes; measured first, such
        # text is refused before parsing.
        raise LedgerError([too_deep(depth_of(body), lim)], source=name) from None
    if not isinstance(data, dict):
        _refuse_too_deep(unmeasured, lim, name)
        kind_zh, kind_en = _JSON_KIND.get(type(data), ("单个值", "a single value"))
        raise LedgerError(
            [
                Problem(
                    "(ledger)",
                    f"台账应为 JSON 对象（以 {{ 开头），而不是{kind_zh}",
                    f"a ledger must be a JSON object ({{…}}), not {kind_en}",
                    "model_type",
                )
            ],
            source=name,
        )
    return data, unmeasured, marked or may_hold_long_text(body, lim)


_JSON_KIND: dict[type, tuple[str, str]] = {
    list: ("数组", "an array"),
    str: ("字符串", "a string"),
}


def dump_ledger(ledger: Ledger) -> str:
    """The ledger as JSON text, as the bundled examples are written: UTF-8 Chinese kept as
    it is, defaults left out, ``schema_version`` first; :func:`load_ledger` reads it back
    equal."""
    data = ledger.model_dump(mode="json", exclude_defaults=True)
    data.pop("schema_version", None)
    body = {"schema_version": ledger.schema_version, **data}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ledger format, for other languages' tools:
    English type and field names (Chinese in descriptions), enums accepting both spellings,
    money and months as patterned strings, and a versioned ``$id`` (see io/_schema.py)."""
    return json_schema_of(
        Ledger,
        title="Ledger",
        title_zh="台账",
        schema_id=f"{SCHEMA_BASE}ledger-{SCHEMA_VERSION}.json",
    )
