"""An Assessment as an Excel workbook: one sheet per table of :mod:`.tables`.

Why openpyxl, and why only here: a party secretary hands the 整改清单 on as an Excel file,
so the export writes real ``.xlsx`` (bold frozen header, column widths, date cells that sort
as dates, points with their four stored decimals).  openpyxl is an optional extra
(``pip install 'dangjian-core[excel]'``) and ``import dangjian_core`` must not load it
(tests/test_quality.py), so it is imported on first use, in :func:`_openpyxl` only.

The file is reproducible: the same tables give the same bytes.  openpyxl stamps a workbook
with the time it is created and saved, and ZIP entries with the time they are written; this
module sets both to ``created`` (the assessment's ``as_of`` for :func:`write_xlsx`), so that
exporting never reads the clock — the command line's default ``--as-of`` stays the only place
that does — and two exports of one assessment compare equal.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import DangjianError
from .tables import Cell, Column, Table, assessment_tables

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger
    from ..rules import Findings, RuleRegistry
    from ..scoring import Assessment

__all__ = ["MissingExtraError", "write_tables_xlsx", "write_xlsx"]

#: Excel's limits: a sheet name has at most 31 characters, a cell at most 32,767.
_SHEET_NAME_MAX = 31
_CELL_MAX = 32767

#: How each column kind is shown.  Points keep the four decimals the assessment stores
#: ("0.00##": 99.8765 shows as 99.8765, never rounded up to 99.88 — a view must not show
#: more than was earned, docs/schemes.md); a share is a percentage to a tenth, as the text
#: report shows it.
_FORMATS = {"int": "0", "points": "0.00##", "share": "0.0%", "date": "yyyy-mm-dd"}

#: Column widths, in Excel's character units (a CJK character counts two).
_MIN_WIDTH, _MAX_WIDTH, _DATE_WIDTH = 6, 60, 12

#: The ZIP format's first day: the stamp of a workbook written without a date.
_ZIP_EPOCH = date(1980, 1, 1)
_ZIP_LAST = date(2107, 12, 31)


class MissingExtraError(DangjianError, ImportError):
    """An optional dependency of a feature is not installed; the message says what to install."""


def _openpyxl() -> Any:
    """openpyxl, imported on first use: it is an optional extra, and ``import dangjian_core``
    (and every other view) must work and stay light without it.  It ships no type hints, so
    it is ``Any`` here; ``unused-ignore`` keeps mypy quiet should ``types-openpyxl`` appear."""
    try:
        # The writer submodule is named so that ExcelWriter is loaded with the package.
        import openpyxl.writer.excel  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415 (optional extra, imported on first use)
    except ImportError:
        raise MissingExtraError(
            "写 Excel 文件需要 openpyxl：pip install 'dangjian-core[excel]' "
            "(writing .xlsx needs openpyxl: pip install 'dangjian-core[excel]')"
        ) from None
    return openpyxl


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _width(column: Column, values: Iterable[Cell]) -> float:
    if column.kind == "date":
        return max(_DATE_WIDTH, _display_width(column.title_zh) + 2)
    widest = _display_width(column.title_zh)
    for v in values:
        if v is None:
            continue
        text = f"{v:.4f}".rstrip("0") if isinstance(v, float) else str(v)
        widest = max(widest, *(_display_width(line) for line in text.split("\n")))
    return min(_MAX_WIDTH, max(_MIN_WIDTH, widest + 2))


def _sheet_names(tables: Sequence[Table]) -> list[str]:
    """Each table's Chinese title as a valid, unique sheet name."""
    names: list[str] = []
    for t in tables:
        base = "".join("_" if c in "[]:*?/\\" else c for c in t.title_zh)[:_SHEET_NAME_MAX]
        name, n = base or t.name, 2
        while name in names:
            suffix = f"({n})"
            name, n = base[: _SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def _fill(sheet: Any, table: Table, xl: Any) -> None:
    bold = xl.styles.Font(bold=True)
    wrap = xl.styles.Alignment(wrap_text=True, vertical="top")
    illegal = xl.cell.cell.ILLEGAL_CHARACTERS_RE
    sheet.append(table.header_zh)
    for cell in sheet[1]:
        cell.font = bold
    for r, row in enumerate(table.rows, start=2):
        for c, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, str):
                # Text stays text: control characters Excel refuses are dropped, an overlong
                # text is cut, and a text starting with "=" is not made a formula.
                text = illegal.sub("", value)[:_CELL_MAX]
                cell.value = text
                cell.data_type = "s"
                if "\n" in text:
                    cell.alignment = wrap
                continue
            cell.value = value
            fmt = _FORMATS.get("date" if isinstance(value, date) else column.kind)
            if fmt is not None:
                cell.number_format = fmt
    letter = xl.utils.get_column_letter
    for c, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[letter(c)].width = _width(
            column, (row[c - 1] for row in table.rows)
        )
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{letter(len(table.columns))}{len(table.rows) + 1}"


def _restamp(data: bytes, day: date) -> bytes:
    """The same ZIP with every entry dated ``day`` (openpyxl dates them with the clock)."""
    day = min(max(day, _ZIP_EPOCH), _ZIP_LAST)  # what a ZIP entry's date can hold
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_tables_xlsx(
    tables: Sequence[Table], target: str | Path | IO[bytes], *, created: date | None = None
) -> None:
    """Write ``tables`` as one workbook, a sheet each, to a path or a binary stream.

    ``created`` dates the workbook (its properties and ZIP entries; default 1980-01-01, the
    ZIP format's first day), so that the same tables always give the same bytes.  Raises
    :class:`MissingExtraError` without openpyxl.
    """
    xl = _openpyxl()

    day = created if created is not None else _ZIP_EPOCH
    book = xl.Workbook()
    book.remove(book.active)
    for table, name in zip(tables, _sheet_names(tables), strict=True):
        _fill(book.create_sheet(title=name), table, xl)
    stamp = datetime(day.year, day.month, day.day)
    book.properties.creator = "dangjian_core"
    book.properties.created = stamp
    book.properties.modified = stamp
    raw = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() stamps "modified" with the clock.
    xl.writer.excel.ExcelWriter(
        book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ).save()
    data = _restamp(raw.getvalue(), day)
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def write_xlsx(
    assessment: Assessment,
    target: str | Path | IO[bytes],
    findings: Findings | None = None,
    *,
    ledger: Ledger | None = None,
    registry: RuleRegistry | None = None,
    tables: Iterable[str] | None = None,
) -> None:
    """Write an assessment as an Excel workbook (sheets: 院系总评 or 支部排名, 得分明细,
    检查结果, 整改清单, 评估信息 — or only the ``tables`` named).

    ``findings``, ``ledger`` and ``registry`` are as for
    :func:`~dangjian_core.report.tables.findings_table`: give the ledger for organisation
    names, and the run's findings, if kept, for measured values and exact branches.  The
    workbook is dated the assessment's ``as_of``.
    """
    _openpyxl()  # fail before building tables when the extra is missing
    built = assessment_tables(assessment, findings, ledger=ledger, registry=registry, tables=tables)
    write_tables_xlsx(built, target, created=assessment.as_of)
