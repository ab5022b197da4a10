"""Look at a file before handing it to a workbook reader: what it really is, and whether it
is safe to open.

Why: a secretary's "台账.xlsx" may be a CSV renamed, a password-protected workbook, an old
.xls, or — from anywhere — a zip bomb.  Each must end in one clear sentence, quickly and in
bounded memory, never in a parser's traceback or an exhausted machine.  The zip directory
declares every member's uncompressed size; we add them up before anything is inflated.

It also finds formula cells that carry no cached value: the reader never evaluates formulas,
so such a cell has no value to give, and saying so beats reading it as empty.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from ._cells import CellError

__all__ = ["MAX_FILE_BYTES", "MAX_UNZIPPED_BYTES", "Inspection", "inspect"]

#: Largest workbook file accepted (a real 台账 is a few MB).
MAX_FILE_BYTES = 200 * 2**20
#: Largest total of the uncompressed members a zip workbook may declare.
MAX_UNZIPPED_BYTES = 512 * 2**20
#: Most members a zip workbook may hold.
MAX_MEMBERS = 20_000

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Inspection:
    """What a file is, and the formula cells without a cached value, by sheet name."""

    kind: str  # "xlsx", "ods" or "xls"
    uncached: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def _fail(zh: str, en: str, code: str) -> CellError:
    return CellError(zh, en, code)


def inspect(path: Path) -> Inspection:
    """Check ``path`` and say what it is; raises :class:`CellError` with the reason it can't be read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise _fail(f"无法读取文件：{exc.strerror}", f"cannot read: {exc}", "io") from None
    if size > MAX_FILE_BYTES:
        raise _fail(
            f"文件过大（{size // 2**20} MB，上限 {MAX_FILE_BYTES // 2**20} MB）",
            f"file too large ({size} bytes)",
            "too_large",
        )
    if head.startswith(_CFB):
        data = path.read_bytes()
        if _ENCRYPTION_INFO in data:
            raise _fail(
                "工作簿已加密（设有打开密码），请在 Excel 中取消密码后另存为 .xlsx 再导入",
                "the workbook is encrypted (password protected); remove the password and save as .xlsx",
                "encrypted",
            )
        if path.suffix.lower() != ".xls":
            raise _fail(
                "文件是旧版 .xls 或加密的工作簿，不是 .xlsx；请在 Excel 中另存为 .xlsx（或改扩展名为 .xls）",
                "the file is an old .xls or an encrypted workbook, not .xlsx",
                "not_xlsx",
            )
        return Inspection("xls")
    if not head.startswith(_ZIP):
        if path.suffix.lower() == ".xls" and head:
            raise _fail(
                "文件不是 Excel 工作簿（可能是改了扩展名的文本或网页文件）",
                "not an Excel workbook (a renamed text or web page?)",
                "not_workbook",
            )
        text_like = head and all(b in b"\t\r\n" or 32 <= b < 127 or b >= 128 for b in head)
        raise _fail(
            "文件不是 Excel 工作簿"
            + (
                "（内容是文本，可能是改了扩展名的 CSV；请用 Excel 打开后另存为 .xlsx）"
                if text_like
                else ""
            ),
            "not an Excel workbook" + (" (it is text, perhaps a renamed CSV)" if text_like else ""),
            "not_workbook",
        )
    return _inspect_zip(path)


def _inspect_zip(path: Path) -> Inspection:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _fail(
            "文件损坏，无法作为工作簿打开", "damaged file: not a readable zip", "damaged"
        ) from None
    with archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if len(members) > MAX_MEMBERS or total > MAX_UNZIPPED_BYTES:
            raise _fail(
                f"文件解压后过大（声明 {total // 2**20} MB，上限 {MAX_UNZIPPED_BYTES // 2**20} MB），"
                "可能是恶意构造的压缩包，已拒绝读取",
                f"the file would inflate to {total} bytes; refused (zip bomb?)",
                "zip_bomb",
            )
        names = {m.filename for m in members}
        if "content.xml" in names and "mimetype" in names:
            return Inspection("ods")
        if "xl/workbook.xml" not in names:
            raise _fail(
                "文件是 ZIP 压缩包，但不是 Excel 工作簿（缺少 xl/workbook.xml）",
                "a zip archive, but not an Excel workbook",
                "not_workbook",
            )
        return Inspection("xlsx", _uncached_formulas(archive, names))


def _sheet_paths(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Worksheet member path → sheet name, from workbook.xml and its relationships."""
    rels_name = "xl/_rels/workbook.xml.rels"
    if rels_name not in names:
        return {}
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read(rels_name))
    except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError):
        return {}
    targets: dict[str | None, str] = {}
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        raw = rel.get("Target", "")
        target = raw.lstrip("/") if raw.startswith("/") else posixpath.join("xl", raw)
        targets[rel.get("Id")] = posixpath.normpath(target)
    found: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        member = targets.get(sheet.get(f"{_REL}id"))
        if member:
            found[member] = sheet.get("name", "")
    return found


_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _uncached_formulas(
    archive: zipfile.ZipFile, names: set[str]
) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for member, sheet_name in _sheet_paths(archive, names).items():
        if member not in names or not _mentions_formula(archive, member):
            continue
        cells: set[tuple[int, int]] = set()
        try:
            with archive.open(member) as stream:
                for _, elem in ElementTree.iterparse(stream):
                    if elem.tag != f"{_MAIN}c":
                        continue
                    formula = elem.find(f"{_MAIN}f")
                    value = elem.find(f"{_MAIN}v")
                    inline = elem.find(f"{_MAIN}is")
                    if formula is not None and inline is None and (value is None or not value.text):
                        found = _CELL_REF.match(elem.get("r", ""))
                        if found:
                            cells.add((int(found.group(2)) - 1, _column_index(found.group(1))))
                    elem.clear()
        except (ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError):
            continue  # the reader reports a damaged sheet in its own words
        if cells:
            out[sheet_name] = cells
    return out


def _mentions_formula(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the sheet's XML holds any ``<f>`` element; streamed, so big sheets cost little."""
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                if b"<f>" in window or b"<f " in window or b":f>" in window or b":f " in window:
                    return True
                tail = window[-4:]
    except (zipfile.BadZipFile, zlib.error, OSError):
        return False
    return False


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1
