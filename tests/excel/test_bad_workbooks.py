"""Bad workbooks end in one clear LedgerError, quickly and in bounded memory (issue 9)."""

from __future__ import annotations

import builtins
import time
import zipfile

import pytest

import dangjian_core as dj
from dangjian_core import LedgerError
from dangjian_core.io import excel

from .conftest import ROOT

BAD = ROOT / "tests" / "data" / "bad" / "workbooks"


def _problems(path, **kw):
    with pytest.raises(LedgerError) as caught:
        excel.read_workbooks(path, **kw)
    return caught.value.problems


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("csv_renamed.xlsx", "not_workbook", "CSV"),
        ("plain_zip.xlsx", "not_workbook", "ZIP"),
        ("encrypted.xlsx", "encrypted", "加密"),
        ("zip_bomb.xlsx", "zip_bomb", "解压后过大"),
    ],
)
def test_files_that_are_not_workbooks(name, code, words):
    (problem,) = _problems(BAD / name)
    assert problem.code == code
    assert words in problem.message_zh
    assert problem.location == name


def test_bad_cells_are_all_reported_with_cell_and_header():
    problems = _problems(BAD / "bad_cells.xlsx")
    text = [f"{p.location}：{p.message_zh}" for p in problems]
    assert any("D1（组织名称）" in t and "重复" in t for t in text)
    assert any("E3（成立日期）" in t and "20250305" in t for t in text)  # not a serial
    assert any("E4（成立日期）" in t and "公式没有计算结果" in t for t in text)
    assert any(
        t
        == "bad_cells.xlsx › 党组织 › E5（成立日期）：“2025-13-01”不是有效日期（应写成 2025-03-05、2025/3/5、2025.3.5 或 2025年3月5日）"
        for t in text
    )
    assert not any("E2" in t for t in text)  # 45721 is a valid serial: 2025-03-05


def test_macro_workbook_is_read_as_data(tmp_path):
    """An .xlsm's macros are never run; its cells are read as usual."""
    source = excel.write_template(tmp_path / "t.xlsx")
    target = tmp_path / "宏.xlsm"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run")
    assert excel.read_workbooks(target).organizations == []


def test_a_million_empty_formatted_rows_are_read_quickly(tmp_path):
    path = tmp_path / "big.xlsx"
    excel.write_template(path)
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i) for i in src.infolist()}
    book = items["xl/workbook.xml"].decode()
    # find the 党组织 sheet part and pad it with a million styled empty rows
    member = next(
        n
        for n in items
        if (n.startswith("xl/worksheets/sheet") and "组织编号".encode() in items[n]) or False
    )
    xml = items[member].decode()
    rows = "".join(
        f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>'
        for r in range(2, 1_000_002)
    )
    xml = (
        xml.replace("</sheetData>", rows + "</sheetData>")
        if "</sheetData>" in xml
        else xml.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>")
    )
    items[member] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items.items():
            dst.writestr(name, data)
    del book
    start = time.perf_counter()
    assert excel.read_workbooks(path).organizations == []
    assert time.perf_counter() - start < 20


def test_missing_extra_is_one_clear_line(monkeypatch):
    real = builtins.__import__

    def fake(name, *args, **kwargs):
        if name == "python_calamine":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(excel.ExcelUnavailableError, match=r"dangjian-core\[excel\]"):
        excel.read_workbooks(BAD / "bad_cells.xlsx")


def test_duplicate_ids_across_workbooks_are_reported(tmp_path):
    ledger = dj.load_ledger(ROOT / "examples" / "department.json")
    one = excel.write_ledger(ledger, tmp_path / "一支部.xlsx")
    two = excel.write_ledger(ledger, tmp_path / "二支部.xlsx")
    problems = _problems([one, two])
    assert any(
        p.location.startswith("二支部.xlsx › ") and "一支部.xlsx" in p.message_zh for p in problems
    )
