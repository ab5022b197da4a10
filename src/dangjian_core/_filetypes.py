"""What a file is, from its first bytes: the formats people save by mistake under the name of
a ledger (.json) or a scheme (.toml).  One table, so every reader names them alike."""

from __future__ import annotations

__all__ = ["BINARY_MAGIC", "sniff_binary"]

#: (first bytes, 中文, English) of formats that are not text.
BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "zip 压缩包（如 Excel .xlsx、Word .docx 或 .zip 文件）", "a zip archive"),
    (b"PK\x05\x06", "zip 压缩包（空）", "an (empty) zip archive"),
    (b"\x1f\x8b", "gzip 压缩文件", "a gzip file"),
    (b"%PDF", "PDF 文件", "a PDF file"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文件（.xls 或 .doc）", "an old Office file (.xls, .doc)"),
    (b"7z\xbc\xaf", "7z 压缩包", "a 7z archive"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"SQLite format 3\x00", "SQLite 数据库", "an SQLite database"),
)


def sniff_binary(data: bytes) -> tuple[str, str] | None:
    """(中文, English) naming the binary format ``data`` starts with, or ``None``."""
    for magic, zh, en in BINARY_MAGIC:
        if data.startswith(magic):
            return zh, en
    return None
