"""Excel 台账: the fill-in template, import from workbooks (ours or a school's own layout
via a mapping file) and export of a ledger in the template's layout.

Reading uses python-calamine (.xlsx, .xlsm, .xls, .ods; formulas are never evaluated, the
cached value is read); writing uses openpyxl.  Both are the optional ``excel`` extra and are
imported only when a workbook is opened, so ``import dangjian_core`` loads neither.
See docs/excel.md.
"""

from __future__ import annotations

from ._deps import ExcelUnavailableError
from ._mapping import load_mapping
from ._read import read_workbook_data, read_workbooks
from ._template import write_template
from ._write import write_ledger

__all__ = [
    "ExcelUnavailableError",
    "load_mapping",
    "read_workbook_data",
    "read_workbooks",
    "write_ledger",
    "write_template",
]
