"""A ledger out to a workbook in the template's layout (:func:`write_ledger`).

Why each choice: id, phone, money and month cells are stored as text so Excel never shows
an 18-digit id as 1.2E+17 or 0.20 as 0.2; dates are real dates with a date format, so a
secretary's Excel sorts and filters them; enums are written as their Chinese label, with a
drop-down of every label; a reference is written as the name a person sees on the other
sheet when that name is unambiguous, else as the id.  Every value is written so that the
reader gives back exactly the ledger that was written — the hypothesis test in
tests/excel/test_roundtrip.py holds us to it.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ...model import LabelledEnum, Ledger
from . import _cells as C
from ._deps import openpyxl
from ._layout import INFO_SHEET, Column, Sheet, column_letter, enum_labels, info_rows, sheets
from ._layout import OPTIONS_SHEET as _OPTIONS_SHEET

__all__ = ["DATE_FORMAT", "TEXT_FORMAT", "Names", "new_workbook", "save", "write_ledger"]

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
_LAST_ROW = 1_048_576
_TEXT_KINDS = {
    "id",
    "text",
    "ref",
    "refs",
    "texts",
    "dates",
    "month",
    "months",
    "money",
    "decimal",
    "count_or_refs",
    "literal",
    "bool",
    "enum",
}


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Names:
    """What to write for a reference: the record's name when it names one record only."""

    def __init__(self, ledger: Ledger | None) -> None:
        self._shown: dict[str, dict[str, str]] = {}
        if ledger is None:
            return
        ids: dict[str, set[str]] = {}
        names: dict[str, dict[str, list[str]]] = {}
        for key in ("organizations", "people", "societies"):
            records = getattr(ledger, key)
            ids[key] = {r.id for r in records}
            names[key] = {}
            for r in records:
                names[key].setdefault(r.name, []).append(r.id)
        self._ids = ids
        self._names = names

    def shown(self, value: str, targets: tuple[str, ...]) -> str:
        """The name for id ``value`` if reading it back gives ``value`` again, else the id."""
        if not self._shown and not hasattr(self, "_names"):
            return value
        if not targets or any(t not in self._names for t in targets):
            return value
        cache = self._shown.setdefault(",".join(targets), self._table(targets))
        return cache.get(value, value)

    def _table(self, targets: tuple[str, ...]) -> dict[str, str]:
        all_ids = set().union(*(self._ids[t] for t in targets))
        counts: dict[str, list[str]] = {}
        for t in targets:
            for name, owners in self._names[t].items():
                counts.setdefault(name, []).extend(owners)
        out = {}
        for name, owners in counts.items():
            if len(owners) == 1 and name not in all_ids and name == name.strip() and name:
                out[owners[0]] = name
        return out


def new_workbook() -> Any:
    """An empty openpyxl workbook (its default sheet removed)."""
    workbook = openpyxl().Workbook()
    workbook.remove(workbook.active)
    return workbook


def _header(ws: Any, columns: Iterable[Column], names_sheet: dict[str, str]) -> None:
    styles = openpyxl().styles
    bold = styles.Font(bold=True)
    fill = styles.PatternFill("solid", fgColor="FFF2CC")
    for c, column in enumerate(columns):
        letter = column_letter(c)
        cell = ws.cell(row=1, column=c + 1, value=column.header)
        cell.font = bold
        cell.number_format = TEXT_FORMAT
        if column.required:
            cell.fill = fill
        dim = ws.column_dimensions[letter]
        dim.width = max(display_width(column.header), 10 if column.kind != "date" else 12) + 3
        dim.number_format = DATE_FORMAT if column.kind == "date" else TEXT_FORMAT
        _validation(ws, column, letter, names_sheet)
    ws.freeze_panes = "A2"


def _validation(ws: Any, column: Column, letter: str, names_sheet: dict[str, str]) -> None:
    dv_cls = openpyxl().worksheet.datavalidation.DataValidation
    area = f"{letter}2:{letter}{_LAST_ROW}"
    if column.kind in ("enum", "bool"):
        options = enum_labels(column.enum) if column.enum is not None else ["是", "否"]
        formula = '"' + ",".join(options) + '"'
        if len(formula) > 255:  # Excel's limit for an inline list
            formula = _options_range(ws.parent, options)
        dv = dv_cls(type="list", formula1=formula, allow_blank=True)
        dv.error = "请从下拉列表中选择：" + "、".join(options)
        dv.errorTitle = "取值无效"
        dv.showErrorMessage = True
        dv.add(area)
        ws.add_data_validation(dv)
    elif column.kind == "ref" and len(column.targets) == 1 and column.targets[0] in names_sheet:
        # A drop-down of the names on the other sheet; ids typed by hand stay allowed.
        source = names_sheet[column.targets[0]]
        dv = dv_cls(type="list", formula1=source, allow_blank=True)
        dv.showErrorMessage = False
        dv.add(area)
        ws.add_data_validation(dv)
    elif column.kind == "date":
        dv = dv_cls(
            type="date", operator="between", formula1="1", formula2="109573", allow_blank=True
        )
        dv.error = "请填写日期，如 2025-03-05"
        dv.errorTitle = "日期无效"
        dv.showErrorMessage = False
        dv.add(area)
        ws.add_data_validation(dv)


def _options_range(workbook: Any, options: list[str]) -> str:
    if _OPTIONS_SHEET in workbook.sheetnames:
        ws = workbook[_OPTIONS_SHEET]
    else:
        ws = workbook.create_sheet(_OPTIONS_SHEET)
        ws.sheet_state = "hidden"
    col = ws.max_column + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for r, option in enumerate(options, start=1):
        ws.cell(row=r, column=col, value=option)
    letter = column_letter(col - 1)
    return f"{_OPTIONS_SHEET}!${letter}$1:${letter}${len(options)}"


def names_sources() -> dict[str, str]:
    """Collection → the range of the names (or ids) a reference drop-down offers."""
    out: dict[str, str] = {}
    for sheet in sheets():
        if sheet.parent is not None:
            continue
        idx = next((i for i, c in enumerate(sheet.columns) if c.path == ("name",)), 0)
        letter = column_letter(idx)
        out[sheet.key] = f"'{sheet.name}'!${letter}$2:${letter}$5000"
    return out


def add_sheet(workbook: Any, sheet: Sheet) -> Any:
    """A sheet with the header, formats and drop-downs of ``sheet``, and no rows."""
    ws = workbook.create_sheet(sheet.name)
    _header(ws, sheet.columns, names_sources())
    return ws


def _get(record: Any, path: tuple[str, ...]) -> Any:
    value = record
    for part in path:
        if value is None:
            return None
        value = getattr(value, part) if isinstance(value, BaseModel) else value.get(part)
    return value


def cell_value(column: Column, value: Any, names: Names) -> Any:
    """What to put in the cell for ``value``; None leaves it empty."""
    kind = column.kind
    if value is None:
        return None
    if isinstance(value, list) and not value and not column.empty_list_is_value:
        return None
    if kind in ("id", "text", "literal"):
        return C.escape_text(str(value))
    if kind == "ref":
        return C.escape_text(names.shown(value, column.targets))
    if kind == "refs":
        return C.escape_text(C.join_items([names.shown(v, column.targets) for v in value]))
    if kind == "texts":
        return C.escape_text(C.join_items(list(value)))
    if kind == "count_or_refs":
        if isinstance(value, int):
            return value
        return C.escape_text(
            C.join_items([names.shown(v, column.targets) for v in value], count_like=True)
        )
    if kind == "date":
        return value
    if kind == "dates":
        return C.join_items([d.isoformat() for d in value])
    if kind == "month":
        return value
    if kind == "months":
        return C.join_items(list(value))
    if kind in ("money", "decimal"):
        assert isinstance(value, Decimal)
        return str(value)
    if kind == "int":
        return value
    if kind == "bool":
        return "是" if value else "否"
    if kind == "enum":
        assert isinstance(value, LabelledEnum)
        return value.zh
    raise AssertionError(kind)  # pragma: no cover


def _put_row(ws: Any, r: int, columns: Iterable[Column], values: Iterable[Any]) -> None:
    for c, (column, value) in enumerate(zip(columns, values, strict=True)):
        if value is None:
            continue
        cell = ws.cell(row=r, column=c + 1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text beginning with = is text, never a formula
        if column.kind == "date":
            cell.number_format = DATE_FORMAT
        elif column.kind in _TEXT_KINDS or isinstance(value, str):
            cell.number_format = TEXT_FORMAT


def _rows(sheet: Sheet, ledger: Ledger, names: Names) -> Iterable[list[Any]]:
    if sheet.parent is None:
        for record in getattr(ledger, sheet.key):
            yield [cell_value(c, _get(record, c.path), names) for c in sheet.columns]
        return
    for parent in getattr(ledger, sheet.parent.key):
        items = getattr(parent, sheet.field_name)
        parent_cell = C.escape_text(parent.id)
        if sheet.mapping:
            assert isinstance(items, Mapping)
            key_col, value_col = sheet.columns[1], sheet.columns[2]
            for key, value in items.items():
                yield [
                    parent_cell,
                    cell_value(key_col, key, names),
                    cell_value(value_col, value, names),
                ]
            continue
        for item in items:
            yield [
                parent_cell,
                *(cell_value(c, _get(item, c.path), names) for c in sheet.columns[1:]),
            ]


def _info_sheet(workbook: Any, ledger: Ledger | None) -> None:
    ws = workbook.create_sheet(INFO_SHEET, 0)
    bold = openpyxl().styles.Font(bold=True)
    for c, text in enumerate(("项目", "内容", "说明")):
        ws.cell(row=1, column=c + 1, value=text).font = bold
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 50
    ws.column_dimensions["B"].number_format = TEXT_FORMAT
    notes = {
        "schema_version": "台账格式版本，不必修改",
        "title": "如：某某学院党委 2025 年党建工作台账",
        "coverage.start": "台账从哪天开始记录；此前到期的义务不评判",
        "coverage.end": "台账记录到哪天（可不填）",
    }
    names = Names(None)
    for r, column in enumerate(info_rows(), start=2):
        ws.cell(row=r, column=1, value=column.header)
        ws.cell(row=r, column=3, value=notes.get(column.english, ""))
        value = _get(ledger, column.path) if ledger is not None else None
        if ledger is None and column.english == "schema_version":
            value = "1.0"
        shown = cell_value(column, value, names)
        if shown is not None:
            cell = ws.cell(row=r, column=2, value=shown)
            if isinstance(shown, str):
                cell.data_type = "s"
            cell.number_format = DATE_FORMAT if isinstance(shown, dt.date) else TEXT_FORMAT


def fill(workbook: Any, ledger: Ledger | None) -> None:
    """Add the info sheet and every record sheet, with the ledger's rows if one is given."""
    _info_sheet(workbook, ledger)
    names = Names(ledger)
    for sheet in sheets():
        ws = add_sheet(workbook, sheet)
        if ledger is None:
            continue
        for r, values in enumerate(_rows(sheet, ledger, names), start=2):
            _put_row(ws, r, sheet.columns, values)


def save(workbook: Any, path: str | os.PathLike[str]) -> Path:
    """Save, making the folder if needed; the hidden options sheet goes last."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if _OPTIONS_SHEET in workbook.sheetnames:
        workbook.move_sheet(_OPTIONS_SHEET, offset=len(workbook.sheetnames))
    workbook.save(target)
    return target


def write_ledger(ledger: Ledger, path: str | os.PathLike[str]) -> Path:
    """Write ``ledger`` as a workbook in the template's layout; import gives it back exactly."""
    workbook = new_workbook()
    fill(workbook, ledger)
    return save(workbook, path)
