"""The fill-in template (:func:`write_template`): a workbook a secretary completes without
reading any docs.

Why a 说明 sheet: the people filling the 台账 are branch secretaries, not programmers.  The
first sheet says, for every sheet, what one row is, which columns must be filled (they are
also shaded on the sheet) and shows an example row; headers, drop-downs and formats do the
rest.  The template is the exporter's layout with no rows, so a filled template imports
exactly as an exported ledger does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._deps import openpyxl
from ._layout import NOTES_SHEET, Column, Sheet, enum_labels, sheets
from ._write import fill, new_workbook, save

__all__ = ["example_value", "write_template"]

_REF_HINT = {
    "organizations": "党组织表中的组织名称或编号",
    "people": "人员表中的姓名或编号",
    "societies": "学生社团表中的名称或编号",
    "documents": "制度与文件表中的编号",
    "meetings": "会议与活动表中的编号",
}


def example_value(sheet: Sheet, column: Column) -> str:
    """An example of what a cell of ``column`` holds, as a person would type it."""
    kind = column.kind
    if column.path == ("__parent__",) and sheet.parent is not None:
        return f"{sheet.parent.name}表中的编号"
    if kind == "id":
        return f"{sheet.key.split('_')[0][:3]}-001"
    if kind == "enum" and column.enum is not None:
        return enum_labels(column.enum)[0]
    if kind == "bool":
        return "是 / 否"
    if kind == "date":
        return "2025-03-05"
    if kind == "dates":
        return "2025-03-05、2025-09-05"
    if kind == "month":
        return "2025-03"
    if kind == "months":
        return "2025-01、2025-02、2025-03"
    if kind == "money":
        return "0.20"
    if kind == "decimal":
        return "2"
    if kind == "int":
        return "1"
    if kind in ("ref", "refs", "count_or_refs"):
        hint = "、".join(_REF_HINT.get(t, t) for t in column.targets) or "任一记录的编号"
        if kind == "refs":
            return f"{hint}，多个用“、”分隔"
        if kind == "count_or_refs":
            return f"人数，或{hint}（多个用“、”分隔）"
        return hint
    return "（文字）"


def _notes(workbook: Any) -> None:
    ws = workbook.create_sheet(NOTES_SHEET, 0)
    styles = openpyxl().styles
    bold = styles.Font(bold=True)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    lines: list[tuple[str, str, str, str]] = [
        ("工作表", "一行是", "必填列（表中以黄色标出）", "示例行（列名：示例）"),
        (
            "台账信息",
            "台账名称和记录起止日期，每项一行",
            "",
            "记录起始日期：2025-01-01",
        ),
    ]
    for sheet in sheets():
        required = "、".join(c.header for c in sheet.columns if c.required)
        example = "；".join(f"{c.header}：{example_value(sheet, c)}" for c in sheet.columns)
        what = sheet.what
        if sheet.parent is not None:
            what = (
                f"{what}（第一列填所属{sheet.parent.name}的编号；一条{sheet.parent.name}可有多行）"
            )
        lines.append((sheet.name, what, required, example))
    intro = (
        "填写方法：每张表第一行是列名，请勿修改；从第二行起一行一条记录，空行会被跳过。"
        "日期可写 2025-03-05、2025/3/5、2025.3.5 或 2025年3月5日；是/否列填“是”或“否”；"
        "有下拉箭头的列请从列表中选择。引用其他表的记录（如会议的“所属组织”）可填对方表中的名称或编号，"
        "重名时请填编号。多项写在一格内时用“、”分隔。本表（说明）导入时不读取。"
    )
    ws.cell(row=1, column=1, value=intro).alignment = wrap
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    ws.row_dimensions[1].height = 75
    for r, line in enumerate(lines, start=3):
        for c, text in enumerate(line, start=1):
            cell = ws.cell(row=r, column=c, value=text)
            cell.alignment = wrap
            if r == 3:
                cell.font = bold
    for letter, width in zip("ABCD", (22, 40, 40, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the empty fill-in workbook: 说明, 台账信息 and one sheet per record type."""
    workbook = new_workbook()
    fill(workbook, None)
    _notes(workbook)
    return save(workbook, path)
