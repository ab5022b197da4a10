"""A real client: LibreOffice Calc re-saves our workbooks as .xlsx and .ods, and they import
unchanged.  Skips only where soffice is absent, and fails instead when CI is set."""

from __future__ import annotations

import pytest

import dangjian_core as dj
from dangjian_core.io import excel

from .conftest import ROOT, convert


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_exported_ledger_resaved_by_libreoffice_imports_unchanged(tmp_path, fmt):
    ledger = dj.load_ledger(ROOT / "examples" / "department.json")
    source = excel.write_ledger(ledger, tmp_path / "in" / "台账.xlsx")
    resaved = convert(source, fmt, tmp_path / "out")
    assert excel.read_workbooks(resaved).model_dump_json() == ledger.model_dump_json()


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_template_resaved_by_libreoffice_imports_unchanged(tmp_path, fmt):
    source = excel.write_template(tmp_path / "in" / "模板.xlsx")
    resaved = convert(source, fmt, tmp_path / "out")
    assert excel.read_workbooks(resaved) == dj.Ledger()
