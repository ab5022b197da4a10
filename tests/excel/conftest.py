"""Shared helpers for the Excel tests: the school-layout workbook and LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from _libreoffice import convert, soffice  # noqa: F401 (the Excel tests import them from here)

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("python_calamine")

ROOT = Path(__file__).resolve().parents[2]
MAPPING = ROOT / "examples" / "excel" / "school_mapping.toml"

ORG_ROWS = [
    ("组织编号", "组织名称", "组织类型", "上级组织", "支部类别", "学生层次"),
    ("jd-gb", "机电工程系党总支", "党总支", None, None, None),
    ("jd-s1", "机电一体化学生党支部", "党支部", "机电工程系党总支", "学生", "本专科生"),
    ("t-1", "王老师", None, None, None, None),  # replaced below: people live on their own sheet
]

MEETING_HEADER = ["时间", "地点", "会议类型", "会议主题", "主持人", "参加人员", "缺席人员"]
MEETINGS = [
    ["2025-03-05", "实训楼 301", "支部党员大会", "学习全会精神", "张三", "张三、李四", "王五"],
    ["2025/4/9", "线上", "党课", "党史学习", "李四", "张三、李四、王五", None],
]
DEV_HEADER = [
    "序号",
    "姓名",
    "递交申请书",
    "确定积极分子",
    "确定发展对象",
    "入党介绍人",
    "政审日期",
    "政审合格",
]
DEV_ROWS = [
    [1, "赵六", "2023年3月5日", "2023.9.10", "2024-09-01", "张三、李四", "2024-10-08", "是"],
]


def write_school_workbook(path: Path, *, with_meetings: bool = True) -> Path:
    """The school's own layout, made with openpyxl: our 党组织 and 人员 sheets, their 会议记录
    and 发展党员 sheets with a title, a note and a merged group header above row 4."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党组织"
    for row in ORG_ROWS[:3]:
        ws.append(list(row))
    people = wb.create_sheet("人员")
    people.append(["人员编号", "姓名", "人员类别"])
    for pid, name in (("p-1", "张三"), ("p-2", "李四"), ("p-3", "王五")):
        people.append([pid, name, "学生"])
    memberships = wb.create_sheet("组织关系")
    memberships.append(["人员编号", "组织", "转入日期"])
    for pid in ("p-1", "p-2", "p-3"):
        memberships.append([pid, "机电一体化学生党支部", "2022-09-01"])
    if with_meetings:
        ws = wb.create_sheet("会议记录")
        ws.append(["机电一体化学生党支部 2025 年会议记录"])
        ws.append(["填表说明：参加人员、缺席人员写姓名，以“、”分隔"])
        ws.append(["会议", None, None, None, "人员", None, None])
        ws.merge_cells("A3:D3")
        ws.merge_cells("E3:G3")
        ws.append(MEETING_HEADER)
        for row in MEETINGS:
            ws.append(row)
        ws.append([])  # an empty row is skipped
    ws = wb.create_sheet("发展党员")
    ws.append(["发展党员工作台账"])
    ws.append(["一行一人"])
    ws.append(["基本信息", None, "发展阶段", None, None, None, None, None])
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:H3")
    ws.append(DEV_HEADER)
    for row in DEV_ROWS:
        ws.append(row)
    wb.save(path)
    return path
