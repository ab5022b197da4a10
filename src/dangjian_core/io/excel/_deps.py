"""The optional Excel libraries, imported only when a workbook is actually opened.

Why here and lazily: ``import dangjian_core`` must stay light and must work without the
``excel`` extra; a user without it who opens a workbook gets one line saying what to install
instead of an ImportError from deep inside.
"""

from __future__ import annotations

import types

from ...errors import DangjianError

__all__ = ["ExcelUnavailableError", "calamine", "openpyxl"]

_HINT_ZH = "读写 Excel 台账需要安装可选依赖：pip install 'dangjian-core[excel]'"
_HINT_EN = (
    "reading or writing Excel ledgers needs the excel extra: pip install 'dangjian-core[excel]'"
)


class ExcelUnavailableError(DangjianError, ImportError):
    """The ``excel`` extra (python-calamine, openpyxl) is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(f"{_HINT_ZH}（缺少 {package}） ({_HINT_EN}; {package} is missing)")
        self.package = package


def calamine() -> types.ModuleType:
    """``python_calamine``, which reads .xlsx, .xlsm, .xls and .ods without evaluating formulas."""
    try:
        # Deferred on purpose: the extra is optional and import dangjian_core must not load it.
        import python_calamine  # noqa: PLC0415
    except ImportError:
        raise ExcelUnavailableError("python-calamine") from None
    return python_calamine


def openpyxl() -> types.ModuleType:
    """``openpyxl``, which writes the template and exports (validation, formats, widths)."""
    try:
        # Deferred on purpose: the extra is optional and import dangjian_core must not load it.
        import openpyxl as module  # noqa: PLC0415
    except ImportError:
        raise ExcelUnavailableError("openpyxl") from None
    return module
