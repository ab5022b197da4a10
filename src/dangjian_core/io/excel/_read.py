"""Workbooks in, a validated :class:`~dangjian_core.Ledger` out, every problem at once.

Three passes, because a reference on one sheet may name a record on another sheet or in
another workbook: (1) read every row of every workbook into record data, parsing each cell
by its column's kind; (2) resolve references — an id, or a name the person sees on the other
sheet — and attach child rows (组织关系, 议程 …) to their parents; (3) validate with the
ledger model.  Every problem, from a cell that is not a date to an id used twice across two
branches' workbooks, is located the way a secretary finds it:
``二支部.xlsx › 三会一课记录 › C17（日期）``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import LedgerError, Problem
from ...model import Ledger
from . import _cells as C
from ._cells import CellError, CellValue
from ._deps import calamine
from ._guard import Inspection, inspect
from ._layout import (
    INFO_SHEET,
    NOTES_SHEET,
    OPTIONS_SHEET,
    SHEET_ALIASES,
    Column,
    Sheet,
    column_letter,
    info_rows,
    sheets,
)
from ._mapping import FieldSource, RecordSpec, SheetSpec, load_mapping

__all__ = ["read_workbook_data", "read_workbooks"]

#: Most cells a sheet's data range may span (a real sheet has a few thousand rows).
MAX_CELLS = 5_000_000
#: Rows searched for the header when the mapping does not say where it is.
HEADER_SEARCH_ROWS = 20

Paths = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
MappingSource = str | os.PathLike[str] | Mapping[str, Any] | None

# The names by which records are referred to on other sheets, besides their ids.
_NAME_FIELD = {"organizations": "name", "people": "name", "societies": "name"}


@dataclass
class _Origin:
    """Where a record came from, to put a problem back on its cell."""

    book: str
    sheet: str
    row: int  # 0-based
    cells: dict[tuple[str, ...], tuple[int, str]] = field(default_factory=dict)
    children: dict[tuple[str, Any], _Origin] = field(default_factory=dict)

    def where(self, path: tuple[Any, ...] = ()) -> str:
        for cut in range(len(path), 0, -1):
            found = self.cells.get(tuple(str(p) for p in path[:cut]))
            if found:
                col, header = found
                return (
                    f"{self.book} › {self.sheet} › {column_letter(col)}{self.row + 1}（{header}）"
                )
        return f"{self.book} › {self.sheet} › 第 {self.row + 1} 行"


@dataclass
class _Ref:
    """A reference cell not yet resolved: its text items, column and place."""

    items: list[str]
    column: Column
    col: int
    many: bool


@dataclass
class _Row:
    """One record read from one row."""

    layout: Sheet
    origin: _Origin
    data: dict[str, Any]
    refs: list[tuple[tuple[str, ...], _Ref]] = field(default_factory=list)
    failed: set[tuple[str, ...]] = field(default_factory=set)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.rows: list[_Row] = []
        self.info: dict[str, Any] = {}
        self.info_origin: _Origin | None = None

    def problem(self, where: str, zh: str, en: str, code: str = "cell_invalid") -> None:
        self.problems.append(Problem(where, zh, en, code))

    # -- pass 1: rows --------------------------------------------------------------------

    def read_book(self, path: Path, specs: list[SheetSpec] | None) -> None:
        book = path.name
        try:
            found = inspect(path)
        except CellError as exc:
            self.problem(book, exc.message_zh, exc.message_en, exc.code)
            return
        module = calamine()
        try:
            workbook = module.CalamineWorkbook.from_path(str(path))
        except module.PasswordError:
            self.problem(
                book,
                "工作簿已加密（设有密码），请取消密码后再导入",
                "the workbook is encrypted",
                "encrypted",
            )
            return
        except Exception as exc:  # calamine raises several unrelated types for damaged files
            self.problem(
                book,
                f"文件损坏，无法读取（{type(exc).__name__}）",
                f"damaged workbook: {exc}",
                "damaged",
            )
            return
        try:
            self._read_sheets(book, workbook, found, specs)
        finally:
            workbook.close()

    def _read_sheets(
        self, book: str, workbook: Any, found: Inspection, specs: list[SheetSpec] | None
    ) -> None:
        by_name = {s.name: s for s in sheets()}
        by_key = {s.key: s for s in sheets()}
        mapped = {s.name: s for s in specs or []}
        for name in workbook.sheet_names:
            uncached = found.uncached.get(name, set())
            if name in mapped:
                grid = self._grid(book, workbook, name)
                if grid is not None:
                    self._read_mapped(book, name, grid, mapped[name], uncached)
                continue
            if name in (NOTES_SHEET, OPTIONS_SHEET):
                continue
            if name == INFO_SHEET:
                grid = self._grid(book, workbook, name)
                if grid is not None:
                    self._read_info(book, name, grid, uncached)
                continue
            layout = (
                by_name.get(name)
                or by_key.get(name)
                or by_key.get(SHEET_ALIASES.get(name.strip(), ""))
            )
            if layout is None:
                if specs is None:
                    self.problem(
                        f"{book} › {name}",
                        "未知的工作表（台账模板没有这张表；如是学校自己的格式，请用映射文件说明）",
                        "unknown sheet (not in the template; describe it in a mapping file)",
                        "unknown_sheet",
                    )
                continue
            grid = self._grid(book, workbook, name)
            if grid is not None:
                self._read_layout(book, name, grid, layout, uncached)

    def _grid(self, book: str, workbook: Any, name: str) -> list[list[CellValue]] | None:
        sheet = workbook.get_sheet_by_name(name)
        end = sheet.end
        if end is None:
            return []
        rows, cols = end[0] + 1, end[1] + 1
        if rows * cols > MAX_CELLS:
            self.problem(
                f"{book} › {name}",
                f"工作表数据范围过大（{rows} 行 × {cols} 列），请删除表格末尾多余的内容",
                f"sheet data range too large ({rows} × {cols})",
                "too_large",
            )
            return None
        grid: list[list[CellValue]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            if r0 >= len(grid):
                continue
            top = grid[r0][c0] if c0 < len(grid[r0]) else None
            for r in range(r0, min(r1, len(grid) - 1) + 1):
                row = grid[r]
                for c in range(c0, min(c1, len(row) - 1) + 1):
                    if (r, c) != (r0, c0):
                        row[c] = top
        return grid

    def _find_header(self, grid: list[list[CellValue]], known: set[str]) -> int:
        best, best_row = 0, 0
        for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
            hits = sum(1 for v in row if isinstance(v, str) and C.norm(v) in known)
            if hits > best:
                best, best_row = hits, r
        return best_row

    def _read_layout(
        self,
        book: str,
        name: str,
        grid: list[list[CellValue]],
        layout: Sheet,
        uncached: set[tuple[int, int]],
    ) -> None:
        aliases = _aliases(layout)
        header_row = self._find_header(grid, set(aliases))
        headers = grid[header_row] if grid else []
        sources: list[FieldSource] = []
        seen: dict[str, int] = {}
        by_col: dict[int, Column] = {}
        for c, value in enumerate(headers):
            if C.is_blank(value):
                if any(not C.is_blank(r[c]) for r in grid[header_row + 1 :] if c < len(r)):
                    self.problem(
                        f"{book} › {name} › {column_letter(c)}{header_row + 1}",
                        "此列有内容但没有列名",
                        "this column has values but no header",
                        "header_missing",
                    )
                continue
            text = C.norm(C.to_text(value))
            column = aliases.get(text)
            where = f"{book} › {name} › {column_letter(c)}{header_row + 1}（{text}）"
            if column is None:
                self.problem(
                    where,
                    f"未知的列“{text}”（可能拼写有误）",
                    f"unknown column {text!r}",
                    "unknown_column",
                )
                continue
            if column.header in seen:
                self.problem(
                    where,
                    f"列“{text}”重复（已在 {column_letter(seen[column.header])} 列）",
                    f"duplicate column {text!r} (already in column {column_letter(seen[column.header])})",
                    "duplicate_column",
                )
                continue
            seen[column.header] = c
            by_col[c] = column
        for column in layout.columns:
            if column.required and column.header not in seen:
                self.problem(
                    f"{book} › {name} › 第 {header_row + 1} 行",
                    f"缺少必填列“{column.header}”",
                    f"missing required column {column.english!r}",
                    "missing_column",
                )
        for c, column in by_col.items():
            sources.append(FieldSource(column, headers=(str(c),)))
        spec = RecordSpec(layout, tuple(sources))
        self._read_rows(book, name, grid, header_row, [spec], {str(c): c for c in by_col}, uncached)

    def _read_mapped(
        self,
        book: str,
        name: str,
        grid: list[list[CellValue]],
        spec: SheetSpec,
        uncached: set[tuple[int, int]],
    ) -> None:
        wanted = {h for r in spec.records for f in r.fields for h in f.headers}
        if spec.header_row is not None:
            header_row = spec.header_row - 1
        else:
            header_row = self._find_header(grid, {C.norm(h) for h in wanted})
        headers = grid[header_row] if header_row < len(grid) else []
        positions: dict[str, int] = {}
        for c, value in enumerate(headers):
            if not C.is_blank(value):
                positions.setdefault(C.norm(C.to_text(value)), c)
        by_header: dict[str, int] = {}
        for h in sorted(wanted):
            if C.norm(h) in positions:
                by_header[h] = positions[C.norm(h)]
            else:
                self.problem(
                    f"{book} › {name} › 第 {header_row + 1} 行",
                    f"映射文件要求的列“{h}”不在表头中",
                    f"the mapping's column {h!r} is not in the header row",
                    "missing_column",
                )
        self._read_rows(book, name, grid, header_row, list(spec.records), by_header, uncached)

    def _read_rows(
        self,
        book: str,
        name: str,
        grid: list[list[CellValue]],
        header_row: int,
        specs: list[RecordSpec],
        positions: Mapping[str, int],
        uncached: set[tuple[int, int]],
    ) -> None:
        for r in range(header_row + 1, len(grid)):
            row = grid[r]
            if all(C.is_blank(v) for v in row) and not any(
                (r, c) in uncached for c in range(len(row))
            ):
                continue
            for spec in specs:
                self._read_record(book, name, r, row, spec, positions, uncached)

    def _read_record(
        self,
        book: str,
        name: str,
        r: int,
        row: list[CellValue],
        spec: RecordSpec,
        positions: Mapping[str, int],
        uncached: set[tuple[int, int]],
    ) -> None:
        origin = _Origin(book, name, r)
        out = _Row(spec.layout, origin, {})
        for src in spec.fields:
            column = src.column
            if src.template is not None:
                value: CellValue = src.template.format(row=r + 1, sheet=name, book=Path(book).stem)
                cols: list[int] = []
            elif src.headers:
                cols = [positions[h] for h in src.headers if h in positions]
                if not cols:
                    continue
                origin.cells[column.path] = (cols[0], _header_text(column, src))
                for c in cols:
                    if (r, c) in uncached and (c >= len(row) or C.is_blank(row[c])):
                        self.problem(
                            origin.where(column.path),
                            "公式没有计算结果（请在 Excel 中打开并保存，或把公式换成数值）",
                            "a formula without a cached value (open and save in Excel)",
                            "formula_uncached",
                        )
                        out.failed.add(column.path)
                values = [row[c] if c < len(row) else None for c in cols]
                if len(values) == 1:
                    value = values[0]
                else:  # several columns make one list (参加人员 + 缺席人员)
                    joined = [i for v in values if not C.is_blank(v) for i in C.split_items(v)]
                    value = C.join_items(joined) if joined else None
            else:
                value = C.as_any(src.value)
                cols = []
            if column.path in out.failed:
                continue
            blank = (
                value is None or value == "" if column.kind in ("text", "id") else C.is_blank(value)
            )
            if blank:
                continue
            try:
                self._put(out, column, value, cols[0] if cols else -1)
            except CellError as exc:
                self.problem(origin.where(column.path), exc.message_zh, exc.message_en, exc.code)
                out.failed.add(column.path)
        if out.data or out.refs:
            self.rows.append(out)

    def _put(self, out: _Row, column: Column, value: CellValue, col: int) -> None:
        kind = column.kind
        path = column.path
        if kind in ("text", "id"):
            _set(out.data, path, C.to_text(value))
        elif kind == "texts":
            _set(out.data, path, C.split_items(value))
        elif kind == "ref":
            out.refs.append((path, _Ref([C.to_text(value)], column, col, False)))
        elif kind == "refs":
            out.refs.append((path, _Ref(C.split_items(value), column, col, True)))
        elif kind == "count_or_refs":
            text = C.norm(C.to_text(value))
            if (isinstance(value, int | float) and not isinstance(value, bool)) or re.fullmatch(
                r"\d+", text
            ):
                _set(out.data, path, C.parse_int(value))
            else:
                out.refs.append((path, _Ref(C.split_items(value), column, col, True)))
        elif kind == "date":
            _set(out.data, path, C.parse_date(value).isoformat())
        elif kind == "dates":
            items = [value] if not isinstance(value, str) else C.split_items(value)
            _set(out.data, path, [C.parse_date(v).isoformat() for v in items])
        elif kind == "month":
            _set(out.data, path, C.parse_month(value))
        elif kind == "months":
            items = [value] if not isinstance(value, str) else C.split_items(value)
            _set(out.data, path, [C.parse_month(v) for v in items])
        elif kind == "money":
            _set(out.data, path, str(C.parse_decimal(value, money=True)))
        elif kind == "decimal":
            _set(out.data, path, str(C.parse_decimal(value)))
        elif kind == "int":
            _set(out.data, path, C.parse_int(value))
        elif kind == "bool":
            _set(out.data, path, C.parse_bool(value))
        elif kind == "enum":
            assert column.enum is not None
            _set(out.data, path, C.parse_enum(value, column.enum).value)
        else:  # literal: the format version
            _set(out.data, path, C.norm(C.to_text(value)))

    def _read_info(
        self, book: str, name: str, grid: list[list[CellValue]], uncached: set[tuple[int, int]]
    ) -> None:
        columns = {C.norm(c.header): c for c in info_rows()} | {c.english: c for c in info_rows()}
        origin = _Origin(book, name, 0)
        out = _Row(sheets()[0], origin, {})
        for r, row in enumerate(grid):
            if not row or C.is_blank(row[0]):
                continue
            column = columns.get(C.norm(C.to_text(row[0])))
            if column is None:
                continue  # the sheet's own header (项目 / 内容) or a note
            value = row[1] if len(row) > 1 else None
            if value is None or value == "":
                continue
            cell = _Origin(book, name, r, {column.path: (1, column.header)})
            try:
                self._put(out, column, value, 1)
            except CellError as exc:
                self.problem(cell.where(column.path), exc.message_zh, exc.message_en, exc.code)
            origin.cells[column.path] = (1, column.header)
            origin.children[("__row__", column.path)] = cell
        for key, value in out.data.items():
            if key in self.info and self.info[key] != value:
                self.problem(
                    origin.where((key,)),
                    f"与另一个工作簿的台账信息不一致（{self.info[key]}）",
                    f"differs from another workbook's ledger info ({self.info[key]})",
                    "info_conflict",
                )
            self.info.setdefault(key, value)
        if self.info_origin is None:
            self.info_origin = origin

    # -- pass 2: references and child rows -----------------------------------------------

    def resolve(self) -> tuple[dict[str, Any], dict[tuple[str, int], _Origin]]:
        index = _Index()
        top: dict[str, list[_Row]] = {}
        for row in self.rows:
            if row.layout.parent is None:
                top.setdefault(row.layout.key, []).append(row)
                index.add(row)
        for again, first in index.duplicates:
            self.problem(
                again.origin.where(("id",)),
                f"编号“{again.data['id']}”重复（已用于 {first.origin.where(('id',))}），不会合并",
                f"duplicate id {again.data['id']!r} (already used at {first.origin.where(('id',))})",
                "duplicate_id",
            )
        data: dict[str, Any] = dict(self.info)
        origins: dict[tuple[str, int], _Origin] = {}
        for key, rows in top.items():
            data[key] = [row.data for row in rows]
            for i, row in enumerate(rows):
                origins[(key, i)] = row.origin
        for row in self.rows:
            for path, ref in row.refs:
                resolved = [self._resolve(index, ref, item, row) for item in ref.items]
                if any(r is None for r in resolved):
                    row.failed.add(path)
                    continue
                _set(row.data, path, resolved if ref.many else resolved[0])
        for row in self.rows:
            if row.layout.parent is None:
                continue
            parent_id = row.data.pop("__parent__", None)
            candidates = index.row_by_id.get((row.layout.parent.key, parent_id), [])
            # a child row belongs to its parent in the same workbook when ids repeat across books
            same_book = [p for p in candidates if p.origin.book == row.origin.book]
            pool = same_book or candidates
            parent = pool[0] if pool else None
            if parent is None:
                if "__parent__" not in {p[0] for p in row.failed}:
                    self.problem(
                        row.origin.where(),
                        "缺少所属记录的编号",
                        "the parent record's id is missing",
                        "parent_missing",
                    )
                continue
            name = row.layout.field_name
            if row.layout.mapping:
                target = parent.data.setdefault(name, {})
                key_value = row.data.get("__key__")
                if key_value is None or "__value__" not in row.data:
                    continue
                if key_value in target:
                    self.problem(
                        row.origin.where(("__key__",)),
                        f"“{key_value}”重复",
                        f"{key_value!r} listed twice",
                        "duplicate_key",
                    )
                    continue
                target[key_value] = row.data["__value__"]
                parent.origin.children[(name, key_value)] = _shift(row.origin, "__value__")
            else:
                items = parent.data.setdefault(name, [])
                parent.origin.children[(name, len(items))] = row.origin
                items.append(row.data)
        return data, origins

    def _resolve(self, index: _Index, ref: _Ref, item: str, row: _Row) -> str | None:
        targets = ref.column.targets
        found = index.find(item, targets)
        if isinstance(found, str):
            return found
        where = row.origin.where(ref.column.path)
        if found:
            self.problem(
                where,
                f"“{item}”对应多条记录（编号 {'、'.join(found[:5])}），请改填编号",
                f"{item!r} matches several records ({', '.join(found[:5])}); write the id",
                "ambiguous_name",
            )
            return None
        if not targets:  # any record: unknown ids are the integrity check's to report
            return item
        sheet_names = "、".join(_sheet_name(t) for t in targets)
        self.problem(
            where,
            f"找不到“{item}”（应填{sheet_names}表中的编号或名称）",
            f"{item!r} not found on sheet(s) {', '.join(targets)}",
            "unknown_reference",
        )
        return None


def _shift(origin: _Origin, path: str) -> _Origin:
    out = _Origin(origin.book, origin.sheet, origin.row, dict(origin.cells))
    if (path,) in origin.cells:
        out.cells[()] = origin.cells[(path,)]
    return out


def _sheet_name(key: str) -> str:
    return next((s.name for s in sheets() if s.key == key), key)


class _Index:
    """Ids and names of the top-level records, exact and normalised, for references."""

    def __init__(self) -> None:
        self.row_by_id: dict[tuple[str, Any], list[_Row]] = {}
        self.first: dict[str, _Row] = {}  # ids are unique across the whole ledger
        self.duplicates: list[tuple[_Row, _Row]] = []
        self.ids: dict[str, list[str]] = {}  # collection -> ids
        self.names: dict[str, dict[str, list[str]]] = {}
        self.norm_ids: dict[str, dict[str, list[str]]] = {}
        self.norm_names: dict[str, dict[str, list[str]]] = {}

    def add(self, row: _Row) -> None:
        key = row.layout.key
        rid = row.data.get("id")
        if not isinstance(rid, str):
            return
        self.row_by_id.setdefault((key, rid), []).append(row)
        if rid in self.first:
            self.duplicates.append((row, self.first[rid]))
        else:
            self.first[rid] = row
        self.ids.setdefault(key, []).append(rid)
        self.norm_ids.setdefault(key, {}).setdefault(C.norm(rid), []).append(rid)
        name_field = _NAME_FIELD.get(key)
        name = row.data.get(name_field) if name_field else None
        if isinstance(name, str):
            self.names.setdefault(key, {}).setdefault(name, []).append(rid)
            self.norm_names.setdefault(key, {}).setdefault(C.norm(name), []).append(rid)

    def find(self, item: str, targets: Iterable[str]) -> str | list[str]:
        """The id ``item`` means, or the candidates (several: ambiguous; none: unknown)."""
        keys = list(targets) or list(self.ids)
        for key in keys:
            if item in self.ids.get(key, ()):
                return item
        if not targets:
            return []
        for table in (self.names, self.norm_ids, self.norm_names):
            probe = item if table is self.names else C.norm(item)
            hits = list(dict.fromkeys(i for k in keys for i in table.get(k, {}).get(probe, ())))
            if len(hits) == 1:
                return hits[0]
            if hits:
                return hits
        return []


def _aliases(layout: Sheet) -> dict[str, Column]:
    """Header text → column: the Chinese header, the English path, and short forms if unique."""
    out: dict[str, Column] = {}
    short: dict[str, list[Column]] = {}
    for column in layout.columns:
        out[C.norm(column.header)] = column
        out[column.english] = column
        if column.path == ("__parent__",):
            continue
        short.setdefault(C.norm(column.header.split("·")[-1]), []).append(column)
        short.setdefault(column.path[-1], []).append(column)
    if layout.parent is not None:
        out.setdefault("parent", layout.columns[0])
    for text, columns in short.items():
        if len(columns) == 1:
            out.setdefault(text, columns[0])
    return out


def _header_text(column: Column, src: FieldSource) -> str:
    if src.headers and not src.headers[0].isdigit():
        return "、".join(src.headers)
    return column.header


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = value


# -- pass 3: validation, and problems put back on their cells ----------------------------------

_PATH_RE = re.compile(r"\b([a-z_]+)\[(\d+)\]((?:\.[A-Za-z_]+|\[\d+\])*)")


def _locate(
    loc: Sequence[Any], origins: Mapping[tuple[str, int], _Origin], info: _Origin | None
) -> str | None:
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        origin = origins.get((loc[0], loc[1]))
        if origin is None:
            return None
        rest = tuple(loc[2:])
        if len(rest) >= 2 and (rest[0], rest[1]) in origin.children:
            return origin.children[(rest[0], rest[1])].where(rest[2:])
        return origin.where(rest)
    if loc and info is not None:
        child = info.children.get(("__row__", tuple(str(p) for p in loc)))
        if child is not None:
            return child.where(tuple(str(p) for p in loc))
        return info.where(tuple(str(p) for p in loc))
    return None


def _parse_location(text: str) -> list[Any]:
    parts: list[Any] = []
    for token in re.finditer(r"([A-Za-z_][A-Za-z_0-9]*)|\[(\d+)\]", text):
        parts.append(token.group(1) if token.group(1) else int(token.group(2)))
    return parts


def _translate(
    problem: Problem, origins: Mapping[tuple[str, int], _Origin], info: _Origin | None
) -> Problem:
    where = _locate(_parse_location(problem.location), origins, info)

    def swap(found: re.Match[str]) -> str:
        return _locate(_parse_location(found.group(0)), origins, info) or found.group(0)

    message = _PATH_RE.sub(swap, problem.message_zh)
    return Problem(where or problem.location, message, problem.message_en, problem.code)


_ZH = {
    "missing": "缺少必填项",
    "string_too_short": "不能为空",
    "too_short": "至少应填一项",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "greater_than": "数值过小",
    "decimal_max_places": "小数位数过多",
    "literal_error": "取值不在允许范围内",
    "string_too_long": "内容过长",
}


def _pydantic_problems(
    error: ValidationError,
    origins: Mapping[tuple[str, int], _Origin],
    info: _Origin | None,
    skip: set[tuple[Any, ...]],
    integrity: bool,
) -> list[Problem]:
    out: list[Problem] = []
    for item in error.errors(include_url=False):
        inner = (item.get("ctx") or {}).get("error")
        if isinstance(inner, LedgerError):
            if integrity:
                out.extend(_translate(p, origins, info) for p in inner.problems)
            continue
        loc = tuple(
            p
            for p in item["loc"]
            if not (isinstance(p, str) and ("[" in p or p in ("int", "function-after")))
        )
        if item["type"] == "missing" and any(loc[: len(s)] == s for s in skip):
            continue
        ctx = item.get("ctx") or {}
        zh = str(ctx["zh"]) if "zh" in ctx else _ZH.get(item["type"], "取值无效")
        where = _locate(loc, origins, info) or ".".join(map(str, loc))
        out.append(Problem(where, zh, item["msg"], item["type"]))
    unique: dict[tuple[str, str], Problem] = {}
    for p in out:
        unique.setdefault((p.location, p.code), p)
    return list(unique.values())


def _as_paths(paths: Paths) -> list[Path]:
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _collect(
    paths: Paths, mapping: MappingSource
) -> tuple[_Reader, dict[str, Any], dict[tuple[str, int], _Origin]]:
    specs = load_mapping(mapping) if mapping is not None else None
    reader = _Reader()
    for path in _as_paths(paths):
        reader.read_book(path, specs)
    data, origins = reader.resolve()
    return reader, data, origins


def _source(paths: Paths) -> str:
    return "、".join(p.name for p in _as_paths(paths))


def read_workbook_data(paths: Paths, *, mapping: MappingSource = None) -> dict[str, Any]:
    """The ledger data (JSON-ready, as ``ledger.json`` holds it) the workbooks hold.

    Cells are parsed and references resolved; the data is not yet validated as a ledger.
    Raises :class:`~dangjian_core.LedgerError` with every cell that cannot be read.
    """
    reader, data, _ = _collect(paths, mapping)
    if reader.problems:
        raise LedgerError(reader.problems, source=_source(paths))
    return data


def read_workbooks(paths: Paths, *, mapping: MappingSource = None) -> Ledger:
    """Read one or more workbooks (.xlsx, .xlsm, .xls, .ods) into one validated ledger.

    Several workbooks — one per branch is usual — merge into one ledger; an id used in two
    of them is reported, never merged.  ``mapping`` (a TOML path, TOML text or a dict)
    describes a school's own layout (docs/excel.md).  Every problem, located by workbook,
    sheet, cell and header, comes in one :class:`~dangjian_core.LedgerError`.
    """
    reader, data, origins = _collect(paths, mapping)
    skip = {
        (row.layout.collection, i, *path)
        for key in {r.layout.key for r in reader.rows if r.layout.parent is None}
        for i, row in enumerate(r for r in reader.rows if r.layout.key == key)
        for path in row.failed
    }
    try:
        ledger = Ledger.model_validate(data)
    except ValidationError as exc:
        found = _pydantic_problems(exc, origins, reader.info_origin, skip, not reader.problems)
        raise LedgerError([*reader.problems, *found], source=_source(paths)) from None
    except LedgerError as exc:  # pragma: no cover - pydantic wraps validator errors
        raise LedgerError(
            [_translate(p, origins, reader.info_origin) for p in exc.problems],
            source=_source(paths),
        ) from None
    if reader.problems:
        raise LedgerError(reader.problems, source=_source(paths))
    return ledger
