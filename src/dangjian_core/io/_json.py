"""Ledger JSON in and out, with every problem reported as one :class:`LedgerError`."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import LedgerError, Problem
from ..model import Ledger

__all__ = ["ledger_json_schema", "load_ledger", "problems_from_validation"]

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
}


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(ledger)"


def problems_from_validation(error: ValidationError) -> list[Problem]:
    """Turn a pydantic error into problems; integrity problems are unpacked, not wrapped."""
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        inner = (item.get("ctx") or {}).get("error")
        if isinstance(inner, LedgerError):
            problems.extend(inner.problems)
            continue
        # For a list-or-count union pydantic reports each branch; keep the message readable.
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and "[" in p))
        loc = tuple(p for p in loc if p not in ("list[str]", "int", "function-after"))
        zh = _ZH_BY_TYPE.get(item["type"], "取值无效")
        problems.append(Problem(_location(loc), zh, item["msg"], item["type"]))
    # A union yields one entry per alternative at the same place; keep the first of each.
    unique: dict[tuple[str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.location, p.code), p)
    return list(unique.values())


def load_ledger(source: str | os.PathLike[str] | Mapping[str, Any]) -> Ledger:
    """Read a ledger from a path, a JSON string or a dict, validating it completely.

    Raises :class:`~dangjian_core.LedgerError` listing every problem with its location
    (``meetings[12].org_id``); nothing the source holds is dropped or coerced silently —
    an unknown field is an error, not ignored.
    """
    name: str | None = None
    try:
        if isinstance(source, Mapping):
            return Ledger.model_validate(dict(source))
        if isinstance(source, str):
            source = source.removeprefix("\ufeff")  # a BOM from Notepad or an Excel export
        if isinstance(source, os.PathLike) or (
            isinstance(source, str) and not source.lstrip().startswith("{")
        ):
            path = Path(source)
            name = str(path)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise LedgerError(
                    [Problem(name, f"无法读取文件：{exc.strerror}", f"cannot read: {exc}", "io")],
                    source=name,
                ) from None
        else:
            text = source
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
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
        if not isinstance(data, dict):
            raise LedgerError(
                [
                    Problem(
                        "(ledger)", "台账应为 JSON 对象", "a ledger is a JSON object", "model_type"
                    )
                ],
                source=name,
            )
        return Ledger.model_validate(data)
    except ValidationError as exc:
        raise LedgerError(problems_from_validation(exc), source=name) from None


def ledger_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the ledger format, as pydantic publishes it."""
    schema = Ledger.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
