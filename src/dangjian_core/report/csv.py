"""An Assessment as CSV: one file per table of :mod:`.tables`, in one folder.

Why a folder: CSV has no sheets, and the tables differ in columns, so one file cannot hold
them without a reader having to split it again.  :func:`write_csv` writes every table (or the
ones named in ``tables``) as ``<folder>/<name>.csv`` — ``summary.csv``, ``scores.csv``,
``findings.csv``, ``gaps.csv``, ``info.csv``.  File names are the ASCII table ids, not the
Chinese titles, because a folder zipped on one Windows and opened on another (or mailed) often
loses non-ASCII names; the Chinese titles are in the tables' headers.
:func:`write_table_csv` writes a single table to any text stream (standard output, say).

The text is UTF-8 with a byte-order mark (``utf-8-sig``): without it, Excel on a Chinese
Windows reads a CSV as GBK and shows mojibake.  Lines end in CRLF (RFC 4180, and what Excel
writes).  Dates are ISO ``2021-03-01``, which Excel reads as dates; numbers are written in
full (points keep their four stored decimals); an empty cell is an absent value.  A text that
Excel would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return:
a name typed into a ledger may) is written with a leading apostrophe, as OWASP advises against
CSV injection; no text the library itself writes starts so.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .tables import Cell, Table, assessment_tables

if TYPE_CHECKING:  # annotations only: a view sits above the model it reads
    from ..model import Ledger
    from ..rules import Findings, RuleRegistry
    from ..scoring import Assessment

__all__ = ["CSV_ENCODING", "write_csv", "write_table_csv", "write_tables_csv"]

#: UTF-8 with a byte-order mark, so that Excel on a Chinese Windows opens the file correctly.
CSV_ENCODING = "utf-8-sig"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _field(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, date):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


def write_table_csv(table: Table, stream: IO[str]) -> None:
    """Write one table, its Chinese header first, to a text stream.

    The stream's encoding is the caller's: open files with ``encoding=CSV_ENCODING,
    newline=""`` (as :func:`write_tables_csv` does) so that Excel reads them.
    """
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(table.header_zh)
    writer.writerows([_field(v) for v in row] for row in table.rows)


def write_tables_csv(tables: Sequence[Table], folder: str | Path) -> list[Path]:
    """Write each table as ``<folder>/<table.name>.csv`` (the folder is made if missing);
    returns the paths written, in table order.  A file of the same name is replaced."""
    where = Path(folder)
    where.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in tables:
        path = where / f"{table.name}.csv"
        with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
            write_table_csv(table, stream)
        written.append(path)
    return written


def write_csv(
    assessment: Assessment,
    folder: str | Path,
    findings: Findings | None = None,
    *,
    ledger: Ledger | None = None,
    registry: RuleRegistry | None = None,
    tables: Iterable[str] | None = None,
) -> list[Path]:
    """Write an assessment as CSV files in ``folder``, one per table (all, or those named in
    ``tables``: ``summary``, ``scores``, ``findings``, ``gaps``, ``info``); returns the paths.

    ``findings``, ``ledger`` and ``registry`` are as for
    :func:`~dangjian_core.report.tables.findings_table`.
    """
    built = assessment_tables(assessment, findings, ledger=ledger, registry=registry, tables=tables)
    return write_tables_csv(built, folder)
