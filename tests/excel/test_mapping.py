"""A school's own layout read through a TOML mapping (docs/excel.md, examples/excel/)."""

from __future__ import annotations

import datetime as dt

import dangjian_core as dj
from dangjian_core.io import excel

from .conftest import MAPPING, MEETING_HEADER, MEETINGS, ROOT, convert, write_school_workbook


def _check_meetings(ledger):
    first, second = ledger.meetings
    assert first.date == dt.date(2025, 3, 5)
    assert first.kind.value == "general_assembly"
    assert first.org_ids == ["jd-s1"]
    assert first.chair_id == "p-1"
    assert first.present == ["p-1", "p-2"]
    assert first.entitled == ["p-1", "p-2", "p-3"]
    assert second.date == dt.date(2025, 4, 9)
    assert second.present == ["p-1", "p-2", "p-3"]


def test_openpyxl_made_school_workbook(tmp_path):
    path = write_school_workbook(tmp_path / "学校格式台账.xlsx")
    ledger = excel.read_workbooks(path, mapping=MAPPING)
    _check_meetings(ledger)
    (case,) = ledger.development_cases
    assert case.person_id == "学生-5"
    assert ledger.people[-1].name == "赵六"
    assert case.application == dt.date(2023, 3, 5)
    assert case.activist == dt.date(2023, 9, 10)
    assert case.introducers == ["p-1", "p-2"]
    assert case.political_review is not None
    assert case.political_review.passed is True


def test_a_school_workbook_made_in_libreoffice_is_imported_and_checked(tmp_path):
    """The issue's "made by hand in LibreOffice": LibreOffice writes the workbook (from the
    school's CSV export), the mapping reads it, and the ledger is checked like any other."""
    csv = tmp_path / "会议记录.csv"
    lines = ["会议记录", "说明", "会议,,,,人员,,", ",".join(MEETING_HEADER)]
    lines += [",".join(v or "" for v in row) for row in MEETINGS]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    converted = convert(csv, "xlsx", tmp_path / "out")
    base = write_school_workbook(tmp_path / "组织与人员.xlsx", with_meetings=False)
    ledger = excel.read_workbooks([base, converted], mapping=MAPPING)
    found = dj.check(ledger, as_of=dt.date(2025, 6, 30), rules="meeting.general_assembly")
    assert "jd-s1" in {f.subject_id for f in found}
    assert not [f for f in found if f.status is dj.Status.ERROR]


def test_libreoffice_converted_csv_imports(tmp_path):
    csv = tmp_path / "会议记录.csv"
    lines = ["会议记录", "说明", "会议,,,,人员,,", ",".join(MEETING_HEADER)]
    lines += [",".join(v or "" for v in row) for row in MEETINGS]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    converted = convert(csv, "xlsx", tmp_path / "out")
    base = write_school_workbook(tmp_path / "组织与人员.xlsx", with_meetings=False)
    ledger = excel.read_workbooks([base, converted], mapping=MAPPING)
    _check_meetings(ledger)


def test_the_example_mapping_loads():
    specs = excel.load_mapping(MAPPING)
    assert [s.name for s in specs] == ["会议记录", "发展党员"]
    assert [r.layout.key for r in specs[1].records] == ["people", "development_cases"]


def test_sample_workbook_in_examples_imports():
    """examples/excel/学校格式台账.xlsx is written by examples/excel/build.py."""
    sample = ROOT / "examples" / "excel" / "学校格式台账.xlsx"
    _check_meetings(excel.read_workbooks(sample, mapping=MAPPING))
