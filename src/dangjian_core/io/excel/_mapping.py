"""A school's own workbook layout, described in a TOML mapping file.

Why: schools keep their 台账 in sheets they designed years ago — a 会议记录 sheet with 时间,
地点, 主持人, 参加人员; notes and a merged group header above the real header on row 4; one
row per person holding the whole development case.  Asking them to re-type it into our
template would lose the real ledger.  A mapping says, per sheet, where the header is and
which records each row makes, and for each field which column holds it (or a constant, or
an id made from the row number).  docs/excel.md walks through a complete example.

::

    [[sheet]]
    name = "会议记录"            # the sheet's name in the workbook
    header_row = 4               # 1-based; rows above it are notes
    [[sheet.record]]
    collection = "meetings"
    [sheet.record.fields]
    id = { template = "hy-{row}" }
    kind = { value = "党员大会" }
    org_ids = { value = "机电一体化学生党支部" }
    date = "时间"
    chair_id = "主持人"
    present = "参加人员"
    entitled = { columns = ["参加人员", "缺席人员"] }
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import LedgerError, Problem
from ._layout import Column, Sheet, sheets

__all__ = ["FieldSource", "RecordSpec", "SheetSpec", "load_mapping"]


@dataclass(frozen=True)
class FieldSource:
    """Where one field's value comes from: columns (by header), a constant or a template."""

    column: Column
    headers: tuple[str, ...] = ()
    value: Any = None
    template: str | None = None


@dataclass(frozen=True)
class RecordSpec:
    """One record each data row makes."""

    layout: Sheet
    fields: tuple[FieldSource, ...]


@dataclass(frozen=True)
class SheetSpec:
    """One mapped sheet: its name, header row (1-based, None to find it) and records."""

    name: str
    header_row: int | None
    records: tuple[RecordSpec, ...]


def _problem(where: str, zh: str, en: str) -> Problem:
    return Problem(where, zh, en, "mapping_invalid")


def load_mapping(source: str | os.PathLike[str] | Mapping[str, Any]) -> list[SheetSpec]:
    """Read and check a mapping (a TOML path, TOML text or a dict); every problem at once."""
    name = None
    if isinstance(source, Mapping):
        data: Mapping[str, Any] = source
    else:
        text = str(source)
        if isinstance(source, os.PathLike) or ("\n" not in text and "=" not in text):
            name = str(source)
            try:
                text = Path(source).read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise LedgerError(
                    [_problem(name, f"无法读取映射文件：{exc.strerror}", f"cannot read: {exc}")],
                    source=name,
                ) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise LedgerError(
                [
                    _problem(
                        name or "(mapping)",
                        f"映射文件不是有效的 TOML：{exc}",
                        f"invalid TOML: {exc}",
                    )
                ],
                source=name,
            ) from None
    problems: list[Problem] = []
    specs: list[SheetSpec] = []
    by_key = {s.key: s for s in sheets()}
    for i, raw in enumerate(data.get("sheet", [])):
        where = f"sheet[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            problems.append(_problem(where, "缺少工作表名称 name", "a sheet needs a name"))
            continue
        header_row = raw.get("header_row")
        if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
            problems.append(
                _problem(f"{where}.header_row", "表头行应为正整数", "header_row must be ≥ 1")
            )
            header_row = None
        records = []
        for j, rec in enumerate(raw.get("record", [])):
            rwhere = f"{where}.record[{j}]"
            key = rec.get("collection") if isinstance(rec, Mapping) else None
            layout = by_key.get(str(key))
            if layout is None:
                problems.append(
                    _problem(
                        f"{rwhere}.collection",
                        f"未知的记录类型“{key}”（可选：{'、'.join(by_key)}）",
                        f"unknown collection {key!r}",
                    )
                )
                continue
            fields = []
            for path_text, src in dict(rec.get("fields", {})).items():
                path = tuple(str(path_text).split("."))
                if layout.parent is not None and path == ("parent",):
                    path = ("__parent__",)
                column = layout.column(path)
                if column is None:
                    problems.append(
                        _problem(
                            f"{rwhere}.fields.{path_text}",
                            f"“{layout.name}”没有字段“{path_text}”",
                            f"{layout.key} has no field {path_text!r}",
                        )
                    )
                    continue
                if isinstance(src, str):
                    fields.append(FieldSource(column, headers=(src,)))
                elif isinstance(src, Mapping) and "column" in src:
                    fields.append(FieldSource(column, headers=(str(src["column"]),)))
                elif isinstance(src, Mapping) and "columns" in src:
                    fields.append(FieldSource(column, headers=tuple(map(str, src["columns"]))))
                elif isinstance(src, Mapping) and "value" in src:
                    fields.append(FieldSource(column, value=src["value"]))
                elif isinstance(src, Mapping) and "template" in src:
                    fields.append(FieldSource(column, template=str(src["template"])))
                else:
                    problems.append(
                        _problem(
                            f"{rwhere}.fields.{path_text}",
                            "应写列名，或 {column=…}、{columns=[…]}、{value=…}、{template=…}",
                            "expected a header, or column/columns/value/template",
                        )
                    )
            records.append(RecordSpec(layout, tuple(fields)))
        specs.append(SheetSpec(raw["name"], header_row, tuple(records)))
    if problems:
        raise LedgerError(problems, source=name)
    return specs
