"""From a file or bytes to a JSON value, refusing whatever is not a ledger's JSON cleanly.

Every step here turns a failure that would otherwise surface as ``UnicodeDecodeError``,
``RecursionError`` or ``ValueError`` into :class:`~dangjian_core.errors.Problem` objects with
a location, so :func:`~dangjian_core.load_ledger` can raise one ``LedgerError``:

- the size is checked from the file's metadata before it is read, and the read is capped;
- binary files (zip — an ``.xlsx`` renamed ``.json`` — gzip, PDF, old Office, images) are
  recognised by their first bytes and named; nothing is ever decompressed;
- bytes that are not UTF-8 are refused with a hint: GBK when they decode as GBK (中文 Windows
  的默认编码), with the ``iconv`` command and the editor's “另存为 UTF-8”;
- nesting depth is measured on the text before parsing (the parser recurses) — or, on the
  fast path, only once the load has failed: see :func:`depth_needed_first`;
- repeated keys, over-long strings and numbers, and NaN/Infinity are found in one walk
  over the parsed value, each with its path (``meetings[3].date``).  The walk costs as much
  as parsing, so it runs only when it can find something: :func:`parse_marked` notes
  whether a hook saw a repeated key or a refused number, and :func:`may_hold_long_text`
  rules out over-long strings with one regular expression in C (issue 12).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from .._filetypes import sniff_binary
from ..errors import Problem
from ._limits import Limits

__all__ = [
    "LEDGER_DEPTH",
    "decode",
    "depth_needed_first",
    "depth_of",
    "location",
    "may_hold_long_text",
    "parse",
    "parse_marked",
    "read_file",
    "scan",
    "too_big",
    "too_deep",
    "too_many_records",
]

#: JSON numbers whose decimal exponent lies outside ±this are refused: no figure of a
#: 台账 needs them, and turning ``1E+999999999`` into an int would build a billion digits.
_MAX_EXPONENT = 40


def location(loc: Iterable[int | str]) -> str:
    """A path such as ``meetings[3].date`` from its parts."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(ledger)"


def _kib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size} 字节"


def too_big(where: str, size: int | None, limits: Limits) -> Problem:
    shown = f"{_kib(size)}，" if size is not None else ""
    return Problem(
        where,
        f"文件过大（{shown}上限 {_kib(limits.max_bytes)}；可用 limits=Limits(max_bytes=…) 放宽）",
        f"the ledger is larger than the limit of {limits.max_bytes} bytes "
        "(raise it with limits=Limits(max_bytes=…))",
        "too_large",
    )


def read_file(path: Path, name: str, limits: Limits, *, hint_json: bool) -> bytes | Problem:
    """The bytes of ``path``, never more than ``limits.max_bytes`` read, or the problem."""
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.max_bytes:
                return too_big(name, size, limits)
            # st_size is 0 for pipes and devices: cap the read itself as well.
            data = handle.read(limits.max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if hint_json:
            return Problem(
                "(source)",
                f"找不到文件（{reason}）；这段字符串看起来是 JSON 文本，JSON 文本请用 text= 传入",
                "no such file; this str looks like JSON text: pass JSON text as text=, "
                "a str source is always a path",
                "io",
            )
        return Problem(name, f"无法读取文件：{reason}", f"cannot read: {exc}", "io")
    if len(data) > limits.max_bytes:
        return too_big(name, None, limits)
    return data


_SAVE_AS = "请在编辑器中“另存为 UTF-8”"


def _not_json(kind_zh: str, kind_en: str) -> Problem:
    return Problem(
        "(file)",
        f"这不是 JSON 文本，而是{kind_zh}：请导出为 JSON 台账",
        f"this is not JSON text but {kind_en}: export the ledger as JSON",
        "not_json",
    )


def _line_of(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line} byte {column}"


def _sniff(data: bytes) -> Problem | None:
    """A problem when the bytes are plainly not UTF-8 JSON text (binary, UTF-16/32)."""
    for boms, name in (
        ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16"),
    ):
        if data.startswith(boms):
            return _wide(name)
    binary = sniff_binary(data)
    if binary is not None:
        return _not_json(*binary)
    head = data[:8192]
    if b"\x00" in head:
        # ASCII text in UTF-16 without a BOM has every other byte zero.
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) * 4 >= len(head) and min(odd, even) * 20 < len(head):
            return _wide("utf-16")
        return _not_json("二进制文件（含 NUL 字节）", "a binary file (it holds NUL bytes)")
    return None


def _wide(name: str) -> Problem:
    upper = name.upper()
    return Problem(
        "(file)",
        f'文件是 {upper} 编码，台账应为 UTF-8：{_SAVE_AS}，或用 encoding="{name}" 读取',
        f"the file is {upper}, a ledger is UTF-8: save it as UTF-8, or pass encoding='{name}'",
        "encoding",
    )


def decode(data: bytes, encoding: str | None) -> str | Problem:
    """Bytes as text: UTF-8 (a BOM accepted) unless ``encoding`` names another codec."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            return Problem(
                "(encoding)",
                f"未知的文本编码“{encoding}”",
                f"unknown text encoding {encoding!r}",
                "encoding",
            )
        if codec.name == "utf-8":
            codec = codecs.lookup("utf-8-sig")
        try:
            text = codec.decode(data)[0]
        except (UnicodeDecodeError, ValueError) as exc:
            start = exc.start if isinstance(exc, UnicodeDecodeError) else 0
            return Problem(
                _line_of(data, start),
                f"无法按 {encoding} 解码：{exc}",
                f"cannot decode as {encoding}: {exc}",
                "encoding",
            )
        return text.removeprefix("\ufeff")
    problem = _sniff(data)
    if problem is not None:
        return problem
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _line_of(data, exc.start)
        bad = data[exc.start : exc.start + 1].hex().upper()
        try:
            data.decode("gbk")
        except UnicodeDecodeError:
            return Problem(
                where,
                f"文件不是 UTF-8 编码（字节 0x{bad} 无法解码，可能是 Latin-1 或其他编码）："
                f"请转换为 UTF-8，如 iconv -f 原编码 -t UTF-8，或{_SAVE_AS}，"
                "或用 encoding= 指定原编码",
                f"the file is not UTF-8 (byte 0x{bad}): convert it to UTF-8 "
                "(iconv -f ENCODING -t UTF-8) or pass encoding=",
                "encoding",
            )
        return Problem(
            where,
            "文件不是 UTF-8 编码，看起来是 GBK（中文 Windows 的默认编码）：请用 "
            f'iconv -f GBK -t UTF-8 转换，或{_SAVE_AS}，或用 encoding="gbk" 直接读取',
            "the file is not UTF-8 and looks like GBK: convert it with "
            "iconv -f GBK -t UTF-8, or pass encoding='gbk'",
            "encoding",
        )


# -- nesting depth, measured before parsing --------------------------------------------------

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def depth_of(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings; linear, in C loops.

    The JSON parser recurses once per level, so a file of 100,000 ``[`` ends in a
    ``RecursionError``; measuring first lets that file be refused with a message.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


#: The deepest nesting of a valid ledger: Ledger → a record list → a record → a list in it
#: (``agenda``, ``memberships``) → its items.  No field takes free-form JSON, so any deeper
#: value fails validation (tests/test_optimised_paths.py derives it from the JSON schema).
LEDGER_DEPTH = 5

#: The interpreter's default recursion limit.  Up to it the C JSON scanner, which calls
#: ``Py_EnterRecursiveCall`` for every level, raises ``RecursionError`` long before the C
#: stack runs out; a program that raised the limit gets the measurement before parsing.
_SAFE_RECURSION_LIMIT = 1000


def depth_needed_first(limits: Limits) -> bool:
    """Whether the depth must be measured before parsing, as the straightforward path does.

    Measuring costs twice a ``json.loads`` of the text (issue 12), so the fast path parses
    first and measures only once the load has failed: a value deeper than
    :data:`LEDGER_DEPTH` can never validate, so when ``max_depth`` admits every valid
    ledger, a load that succeeds had no too-deep value, and a load that fails is measured
    before its problems are reported — the same ``too_deep`` problem, first, as before.
    Too-deep text that would exhaust the parser raises ``RecursionError``, which is caught.
    """
    return limits.max_depth < LEDGER_DEPTH or sys.getrecursionlimit() > _SAFE_RECURSION_LIMIT


def too_deep(depth: int, limits: Limits, where: str = "(ledger)") -> Problem:
    """The problem of a value nested deeper than the limit."""
    return Problem(
        where,
        f"嵌套层数 {depth} 超过上限 {limits.max_depth}（台账本身只需 6 层）",
        f"nesting depth {depth} exceeds the limit of {limits.max_depth}",
        "too_deep",
    )


# -- parsing, with markers the walk locates --------------------------------------------------


class _Keys(dict[str, Any]):
    """An object in which a key was repeated (``repeated`` lists them, in order)."""

    repeated: list[str]


class _Refused:
    """A JSON number or constant that is not taken as a value; the walk reports it."""

    __slots__ = ("en", "zh")

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of repeated keys; a second "meetings": [] would drop every
    # meeting of the first silently.  Keep the first and mark the object instead.
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    marked = _Keys()
    marked.repeated = []
    for key, value in pairs:
        if key in marked:
            if key not in marked.repeated:
                marked.repeated.append(key)
        else:
            marked[key] = value
    return marked


def parse(text: str, limits: Limits) -> Any:
    """``json.loads`` with decimals kept exact, long numbers and NaN marked, keys checked.

    Raises ``json.JSONDecodeError`` for text that is not JSON (the caller locates it).
    """
    return parse_marked(text, limits)[0]


def parse_marked(text: str, limits: Limits) -> tuple[Any, bool]:
    """:func:`parse`, and whether any hook marked something :func:`scan` reports (a repeated
    key, a refused number or constant): when none did, the scan can only find over-long text
    (:func:`may_hold_long_text`) or too-deep values (:func:`depth_needed_first`)."""
    marked = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal marked
        out = _pairs(items)
        if type(out) is _Keys:
            marked = True
        return out

    def number(spelling: str) -> Any:
        nonlocal marked
        if len(spelling) > limits.max_number:
            marked = True
            return _Refused(
                f"数字长达 {len(spelling)} 个字符，超过上限 {limits.max_number}",
                f"a number of {len(spelling)} characters exceeds the limit of {limits.max_number}",
            )
        try:
            value = Decimal(spelling)
        except InvalidOperation:  # pragma: no cover - json only passes valid numbers
            marked = True
            return _Refused("数字格式有误", "malformed number")
        if value and abs(value.adjusted()) > _MAX_EXPONENT:
            marked = True
            return _Refused(f"数值 {spelling} 超出范围", f"the number {spelling} is out of range")
        return value

    def whole(spelling: str) -> Any:
        if len(spelling) > limits.max_number:
            return number(spelling)
        return int(spelling)

    def constant(name: str) -> Any:
        nonlocal marked
        marked = True
        return _Refused(f"{name} 不是合法的 JSON 数值", f"{name} is not a valid JSON number")

    data = json.loads(
        text,
        object_pairs_hook=pairs,
        parse_float=number,
        parse_int=whole,
        parse_constant=constant,
    )
    return data, marked


#: Below the regular expression engine's largest repeat count (``MAXREPEAT``, 2**32 - 1).
_MAX_REPEAT = 2**31


@lru_cache(maxsize=8)
def _long_run(limit: int) -> re.Pattern[str]:
    return re.compile(f'"[^"]{{{limit + 1},}}')


def may_hold_long_text(text: str, limits: Limits) -> bool:
    """False only when no string or key of the JSON ``text`` is longer than ``max_string``.

    Conservative, in C: a string whose decoded length exceeds N is spelled with more than N
    characters (an escape is never shorter than what it stands for), all following its
    opening quote with no other quote between them once each escaped quote ``\\"`` is
    replaced by two other characters.  So "no quote followed by N + 1 non-quotes" proves
    there is none; the replacement can only join runs (``"a\\\\"`` loses its closing quote),
    never shorten one.  True means only "walk the value to find out" (:func:`scan`).  The
    leading quote lets the engine jump from quote to quote, so each character is read about
    once (about a fifth of a ``json.loads``; matching escapes in the expression instead
    costs three ``json.loads``).
    """
    limit = limits.max_string
    if len(text) <= limit:
        return False
    if limit >= _MAX_REPEAT:  # more than a regular expression counts: let the walk decide
        return True
    # str.replace returns the text itself when there is no escaped quote.
    return _long_run(limit).search(text.replace('\\"', "\\_")) is not None


def _sane_decimal(value: Decimal) -> bool:
    return not value.is_finite() or not value or abs(value.adjusted()) <= _MAX_EXPONENT


def scan(data: Any, limits: Limits, *, shared: bool = False) -> list[Problem]:
    """Every repeated key, over-long string or key, refused number and too-deep value.

    Breadth first and without recursion, so a deep value cannot exhaust the stack.  With
    ``shared`` (a value built in Python, which may hold one list in many places or even
    itself) each container is visited once, so the walk stays linear and ends.
    """
    problems: list[Problem] = []
    queue: deque[tuple[Any, tuple[int | str, ...]]] = deque([(data, ())])
    long_text = limits.max_string
    seen: set[int] = set()
    while queue:
        value, loc = queue.popleft()
        if shared:
            if id(value) in seen:
                continue
            seen.add(id(value))
        if len(loc) >= limits.max_depth:
            problems.append(too_deep(len(loc) + 1, limits, location(loc)))
            continue
        if isinstance(value, _Keys):
            for twice in value.repeated:
                problems.append(
                    Problem(
                        location((*loc, twice)),
                        f"键“{twice}”重复：同一对象中出现两次，请合并或删去其一",
                        f"duplicate key '{twice}' in one object (JSON keeps only one of them)",
                        "duplicate_key",
                    )
                )
        items: Iterable[tuple[Any, Any]]
        items = value.items() if isinstance(value, Mapping) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and len(key) > long_text:
                problems.append(_long(location(loc), len(key), limits, "键", "key"))
                continue
            kind = type(item)
            if kind is str:
                if len(item) > long_text:
                    problems.append(_long(location((*loc, key)), len(item), limits, "文本", "text"))
            elif kind is dict or kind is list or kind is _Keys:
                queue.append((item, (*loc, key)))
            elif kind is _Refused:
                problems.append(Problem(location((*loc, key)), item.zh, item.en, "bad_number"))
            elif isinstance(item, Mapping | list | tuple):
                queue.append((item, (*loc, key)))
            elif isinstance(item, str) and len(item) > long_text:
                problems.append(_long(location((*loc, key)), len(item), limits, "文本", "text"))
            elif isinstance(item, Decimal) and not _sane_decimal(item):
                problems.append(
                    Problem(
                        location((*loc, key)),
                        f"数值 {item} 超出范围",
                        f"the number {item} is out of range",
                        "bad_number",
                    )
                )
    return problems


def _long(where: str, size: int, limits: Limits, zh: str, en: str) -> Problem:
    return Problem(
        where,
        f"{zh}长达 {size} 个字符，超过上限 {limits.max_string}",
        f"a {en} of {size} characters exceeds the limit of {limits.max_string}",
        "too_long",
    )


def too_many_records(data: Mapping[str, Any], limits: Limits) -> Problem | None:
    """The problem when the top-level lists hold more records than the limit, at the list
    that crosses it."""
    total = 0
    for name, value in data.items():
        if isinstance(value, list | tuple):
            total += len(value)
            if total > limits.max_records:
                return Problem(
                    str(name),
                    f"记录总数超过上限 {limits.max_records}（到 {name} 为止已有 {total} 条）",
                    f"more than {limits.max_records} records (limit reached in {name})",
                    "too_many_records",
                )
    return None
