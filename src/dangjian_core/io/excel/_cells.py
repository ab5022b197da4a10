"""One cell in, one ledger value out: the normalisation a secretary's typing needs.

Why a module of its own: Excel hands over whatever was typed — a date cell, a serial number,
``2025/3/5`` or ``２０２５年３月５日``, ``是``, ``0.2`` for 0.20 — and every column kind must
read all of them the same way on every sheet, in our layout or a school's own.  Values that
are parsed (dates, numbers, enums, yes/no, references) are normalised first: surrounding
spaces go, full-width digits and punctuation become ASCII (NFKC).  Text the ledger stores
(names, titles, ids) is kept exactly as typed.

The writer's side lives here too: :func:`escape_text` and :func:`join_items` are the exact
inverses of what the reader does, which is what makes export → import lossless.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from ...model import LabelledEnum

__all__ = [
    "CellError",
    "CellValue",
    "escape_text",
    "is_blank",
    "join_items",
    "norm",
    "parse_bool",
    "parse_date",
    "parse_decimal",
    "parse_enum",
    "parse_int",
    "parse_month",
    "serial_date",
    "shown",
    "split_items",
    "to_text",
]

CellValue = int | float | str | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

#: Excel's day zero (serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was).
_EPOCH = dt.date(1899, 12, 30)
#: The plausible serials: the supported years 1900–2199, as the ledger's dates are.
_FIRST_SERIAL = 1
_LAST_SERIAL = (dt.date(2199, 12, 31) - _EPOCH).days


class CellError(ValueError):
    """A cell that cannot be read as its column asks; carries both languages."""

    def __init__(self, message_zh: str, message_en: str, code: str = "cell_invalid") -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en
        self.code = code


def norm(text: str) -> str:
    """Text for matching and parsing: NFKC (full-width → ASCII, 　 → space), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(value: CellValue) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not norm(value))


def shown(value: CellValue) -> str:
    """How a cell's value appears in a message: the text as typed, numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def to_text(value: CellValue) -> str:
    """A cell as text, for text columns: a number typed into an id column becomes ``123``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def serial_date(serial: float) -> dt.date:
    """The date of an Excel serial number (a date cell without its date format)."""
    if not (math.isfinite(serial) and _FIRST_SERIAL <= serial < _LAST_SERIAL + 1):
        raise CellError(
            f"“{shown(serial)}”不是有效日期（数字不是 1900–2199 年间的 Excel 日期序号）",
            f"{shown(serial)!r} is not a date (not an Excel date serial for 1900-2199)",
            "date_invalid",
        )
    days = int(serial)
    if days < 61:  # Excel's 1900-02-29 does not exist; serials before it are off by one
        days += 1
    return _EPOCH + dt.timedelta(days=days)


_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _bad_date(value: CellValue) -> CellError:
    return CellError(
        f"“{shown(value)}”不是有效日期（应写成 2025-03-05、2025/3/5、2025.3.5 或 2025年3月5日）",
        f"{shown(value)!r} is not a valid date (write 2025-03-05)",
        "date_invalid",
    )


def parse_date(value: CellValue) -> dt.date:
    """A date from a date cell, an Excel serial, or text in the forms secretaries type."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _bad_date(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            # a serial with a time of day still names its day
            return serial_date(value)
        return serial_date(float(value))
    if isinstance(value, str):
        text = norm(value)
        found = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
        if found:
            try:
                return dt.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                raise _bad_date(value) from None
    raise _bad_date(value)


_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def parse_month(value: CellValue) -> str:
    """A ``YYYY-MM`` month from text (2025-03, 2025/3, 2025年3月) or a first-of-month date.

    Excel turns a typed ``2025-03`` into the date 2025-03-01, so a date on the 1st is read as
    its month; any other day is an error, never truncated silently (docs/ledger.md).
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
    elif isinstance(value, str):
        found = _MONTH_RE.match(norm(value))
        if found and 1 <= int(found.group(2)) <= 12:
            return f"{int(found.group(1)):04d}-{int(found.group(2)):02d}"
    raise CellError(
        f"“{shown(value)}”不是有效月份（应写成 2025-03 或 2025年3月）",
        f"{shown(value)!r} is not a valid month (write 2025-03)",
        "month_invalid",
    )


_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_decimal(value: CellValue, *, money: bool = False) -> Decimal:
    """A decimal from a number cell or text (``1,234.50``, ``12.50元``); money keeps cents."""
    if isinstance(value, bool):
        raise _bad_number(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _bad_number(value)
        number = Decimal(repr(value))
        if money:
            cents = value * 100
            if abs(cents - round(cents)) < 1e-6:  # 12.499999999 from a formula is 12.50
                number = Decimal(round(cents)).scaleb(-2)
        return number
    if isinstance(value, str):
        text = norm(value).replace(",", "").removesuffix("元").strip()
        if _NUMBER_RE.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
    raise _bad_number(value)


def _bad_number(value: CellValue) -> CellError:
    return CellError(
        f"“{shown(value)}”不是有效数字", f"{shown(value)!r} is not a number", "number_invalid"
    )


def parse_int(value: CellValue) -> int:
    """A whole number from a number cell or text; 3.5 people is an error."""
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(
            f"“{shown(value)}”不是整数", f"{shown(value)!r} is not a whole number", "int_invalid"
        )
    return int(number)


_TRUE = {"是", "true", "yes", "y", "1", "√", "✓", "✔", "对", "有"}
_FALSE = {"否", "false", "no", "n", "0", "×", "✗", "✘", "不是", "无"}


def parse_bool(value: CellValue) -> bool:
    """是/否 (and TRUE/FALSE, √/×, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = norm(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise CellError(
        f"“{shown(value)}”应填“是”或“否”", f"{shown(value)!r} should be 是 or 否", "bool_invalid"
    )


def parse_enum(value: CellValue, enum_type: type[LabelledEnum]) -> LabelledEnum:
    """An enum member from its Chinese label or English id (any case)."""
    text = norm(to_text(value))
    for candidate in (text, text.lower()):
        try:
            return enum_type(candidate)
        except ValueError:
            continue
    choices = "、".join(m.zh for m in enum_type)
    raise CellError(
        f"“{shown(value)}”不是可选值（可选：{choices}）",
        f"{shown(value)!r} is not one of: {', '.join(m.value for m in enum_type)}",
        "enum_invalid",
    )


# -- several values in one cell ----------------------------------------------------------------

_SEPARATORS = re.compile(r"[、,，;；\n]")


def split_items(value: CellValue) -> list[str]:
    """The items of a list cell: separated by 、 , ; or line breaks, or a JSON array.

    The JSON form is what the exporter writes when an item itself holds a separator or
    surrounding spaces; a person never needs to type it.
    """
    if not isinstance(value, str):
        return [to_text(value)]
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return items
    return [item for item in _SEPARATORS.split(value) if norm(item)]


def join_items(items: list[str], *, count_like: bool = False) -> str:
    """The cell text of a list, read back by :func:`split_items` as exactly ``items``."""
    plain = "、".join(items)
    if (
        items
        and all(item and item == item.strip() and not _SEPARATORS.search(item) for item in items)
        and not (plain.startswith("[") and plain.endswith("]"))
        and not (count_like and _NUMBER_RE.match(norm(plain)))
        and split_items(plain) == items
    ):
        return plain
    return json.dumps(items, ensure_ascii=False)


# -- text escapes (ECMA-376 ST_Xstring) ---------------------------------------------------------

_ESCAPE_RE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def _hex(text: str) -> str:
    return "".join(f"_x{ord(c):04X}_" for c in text)


def escape_text(text: str) -> str:
    """Text as a cell stores it so every reader gives back exactly ``text``.

    XML cannot hold control characters, and readers trim unprotected surrounding spaces; the
    workbook format's own escape ``_xHHHH_`` carries both (Excel, LibreOffice and calamine
    all decode it), and a literal ``_x0041_`` in the text is protected as ``_x005F_x0041_``.
    """
    text = _ESCAPE_RE.sub(r"_x005F_\1", text)
    text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    core = text.strip()
    if core != text:
        start = len(text) - len(text.lstrip())
        end = start + len(core)
        text = _hex(text[:start]) + core + _hex(text[end:])
    return text


def as_any(value: Any) -> CellValue:
    """Narrow an arbitrary object to a cell value (what a mapping's constant holds)."""
    if value is None or isinstance(value, int | float | str | bool | dt.date | dt.time):
        return value
    return str(value)
