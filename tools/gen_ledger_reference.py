"""Write docs/ledger-reference.md from the published ledger JSON Schema.

The reference page is generated, never written by hand, so that the page a secretary or a
school's Java/TypeScript developer reads cannot drift from the schema they validate against.
tests/test_mkdocs.py compares the committed page with this script's output: after the schema
changes, rerun

    python tools/gen_ledger_reference.py            # rewrites docs/ledger-reference.md
    python tools/gen_ledger_reference.py --check    # exit 1 if the page is stale

The page is built from the schema alone (types, required fields, titles, descriptions, enum
values).  Only where the schema lists an enum's Chinese spellings without saying which English
value each one stands for, the library's own enum classes pair them up — the same classes that
accept those spellings on input.
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "schema" / "ledger.schema.json"
PAGE = ROOT / "docs" / "ledger-reference.md"

_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def _text(value: object) -> str:
    """A schema title or description as one Markdown table cell.

    Docstring markup (``code``, :func:`~a.b`) becomes Markdown; paragraphs are kept apart with
    <br> since a table cell cannot hold a blank line.
    """
    if not isinstance(value, str):
        return ""
    text = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", value)
    text = text.replace("``", "`")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "<br>".join(p for p in paragraphs if p).replace("|", "\\|")


def _paragraphs(value: object) -> str:
    """A description as Markdown paragraphs (outside a table)."""
    return _text(value).replace("\\|", "|").replace("<br>", "\n\n")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _anchor(name: str) -> str:
    # Headings are the bare $defs key, so Python-Markdown's toc gives this slug.
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", name).strip().lower())


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _is_null(s: dict[str, Any]) -> bool:
    return s.get("type") == "null"


def _type(s: dict[str, Any]) -> str:
    """A short Chinese description of a field's type; `$ref`s become links."""
    if "$ref" in s:
        name = _ref_name(s["$ref"])
        return f"[{name}](#{_anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in s:
            options = [o for o in s[key] if not _is_null(o)]
            if options and all("const" in o for o in options):
                return "取值 " + " / ".join(f"`{_json(o['const'])}`" for o in options)
            return " 或 ".join(_type(o) for o in options) or "null"
    if "allOf" in s and len(s["allOf"]) == 1:
        return _type(s["allOf"][0])
    if "const" in s:
        return f"常量 `{_json(s['const'])}`"
    if "enum" in s:
        return "取值 " + " / ".join(f"`{_json(v)}`" for v in s["enum"])
    kind = s.get("type")
    if isinstance(kind, list):
        return " 或 ".join(_type({**s, "type": k}) for k in kind if k != "null")
    if kind == "array":
        items = _type(s.get("items", {})) if s.get("items") else "任意"
        extra = f"，至少 {s['minItems']} 项" if "minItems" in s else ""
        return f"列表（{items}{extra}）"
    if kind == "object":
        values = s.get("additionalProperties")
        if isinstance(values, dict):
            return f"对象（键 → {_type(values)}）"
        return "对象"
    if kind == "string":
        fmt = s.get("format")
        base = {"date": "日期 `YYYY-MM-DD`", "date-time": "日期时间"}.get(fmt or "", "字符串")
        if "pattern" in s:
            base += f"，格式 `{s['pattern']}`"
        return base
    if kind in ("integer", "number"):
        base = "整数" if kind == "integer" else "数"
        low, high = s.get("minimum", s.get("ge")), s.get("maximum", s.get("le"))
        if low is not None or high is not None:
            base += f" {_number(low)}–{_number(high)}"
        return base
    return {"boolean": "布尔值 `true`/`false`", "null": "null"}.get(str(kind), "任意")


def _number(value: object) -> str:
    if value is None:
        return "…"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _nullable(s: dict[str, Any]) -> bool:
    return any(_is_null(o) for o in s.get("anyOf", []) + s.get("oneOf", [])) or (
        isinstance(s.get("type"), list) and "null" in s["type"]
    )


def _examples(s: dict[str, Any]) -> list[object]:
    found = list(s.get("examples", []))
    for key in ("items", "anyOf", "oneOf"):
        sub = s.get(key)
        for o in sub if isinstance(sub, list) else [sub] if isinstance(sub, dict) else []:
            found += _examples(o)
    return found


def _zh_title(s: dict[str, Any]) -> str:
    """The Chinese name of a type or field: ``x-title-zh``, else a title that is Chinese."""
    title = s.get("x-title-zh") or s.get("title")
    return title if isinstance(title, str) and not title.isascii() else ""


def _field_rows(obj: dict[str, Any]) -> Iterator[str]:
    required = set(obj.get("required", []))
    yield "| 字段 | 类型 | 必填 | 默认值 | 中文名称 | 说明 |"
    yield "|---|---|---|---|---|---|"
    for name, s in obj.get("properties", {}).items():
        kind = _type(s) + ("，可为 `null`" if _nullable(s) else "")
        must = "是" if name in required else ""
        default = f"`{_json(s['default'])}`" if "default" in s and name not in required else ""
        zh = _zh_title(s)
        note = "" if s.get("description") == zh else _text(s.get("description"))
        examples = _examples(s)
        if examples:
            note = (
                (note + " " if note else "") + "例：" + "、".join(f"`{_json(e)}`" for e in examples)
            )
        yield f"| `{name}` | {kind} | {must} | {default} | {_text(zh)} | {note} |"


def _strings(s: object, defs: dict[str, Any]) -> Iterator[str]:
    """Every enum or const string of an enum definition, in order, wherever it is listed
    (inline, in ``oneOf``/``anyOf`` alternatives, or in the definitions they refer to)."""
    if isinstance(s, dict):
        if isinstance(s.get("$ref"), str):
            yield from _strings(defs.get(_ref_name(s["$ref"]), {}), defs)
        if isinstance(s.get("const"), str):
            yield s["const"]
        for v in s.get("enum", []):
            if isinstance(v, str):
                yield v
        for key in ("anyOf", "oneOf", "allOf"):
            for o in s.get(key, []):
                yield from _strings(o, defs)


def _const_labels(s: dict[str, Any]) -> dict[str, str]:
    """`const` → its title or description, where the schema names each value (oneOf style)."""
    out: dict[str, str] = {}
    for key in ("anyOf", "oneOf"):
        for o in s.get(key, []):
            if isinstance(o, dict) and isinstance(o.get("const"), str):
                label = o.get("title") or o.get("description")
                if isinstance(label, str):
                    out[o["const"]] = label
    return out


def _library_enum(name: str) -> type[enum.Enum] | None:
    """The library's enum class of this name, which knows its Chinese spellings."""
    from dangjian_core.model import enums  # noqa: PLC0415 - only for pairing labels; see module doc

    found = getattr(enums, name, None)
    return found if isinstance(found, type) and issubclass(found, enum.Enum) else None


def _library_labels(cls: type[enum.Enum] | None) -> dict[str, tuple[str, ...]]:
    if cls is None:
        return {}
    from dangjian_core.model._base import _LABELS  # noqa: PLC0415 - see _library_enum

    table: dict[str, tuple[str, ...]] = _LABELS.get(cls, {})
    return table


def _is_english(value: str) -> bool:
    return value.isascii()


def _schema_labels(s: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """English value → Chinese spellings, where the schema pairs them (``x-labels-zh``)."""
    table = s.get("x-labels-zh")
    if not isinstance(table, dict):
        return {}
    return {
        k: (v,) if isinstance(v, str) else tuple(x for x in v if isinstance(x, str))
        for k, v in table.items()
    }


def _enum_rows(name: str, s: dict[str, Any], defs: dict[str, Any]) -> Iterator[str]:
    values = list(dict.fromkeys(_strings(s, defs)))
    english = [v for v in values if _is_english(v)]
    chinese = [v for v in values if not _is_english(v)]
    named = _const_labels(s)
    cls = _library_enum(name)
    library = _schema_labels(s) or _library_labels(cls)
    parts = [_ref_name(o["$ref"]) for o in s.get("anyOf", []) + s.get("oneOf", []) if "$ref" in o]
    if parts:
        yield "JSON Schema 中由 " + "、".join(f"`{p}`" for p in parts) + " 组成，二者之一即有效。"
        yield ""
    spellings: dict[str, list[str]] = {v: [] for v in english}
    stray: list[str] = []
    for label in chinese:
        owner = next((v for v, labels in library.items() if label in labels), None)
        if owner is None and cls is not None:
            try:
                owner = str(cls(label).value)
            except ValueError:
                owner = None
        if owner in spellings:
            spellings[owner].append(label)
        else:
            stray.append(label)
    if not chinese:  # the schema does not list the Chinese spellings: the library accepts these
        for v in english:
            spellings[v] = list(library.get(v, ()))
    yield "| 英文取值 | 中文写法（均可输入） | 说明 |"
    yield "|---|---|---|"
    for v in english:
        zh = "、".join(f"`{x}`" for x in spellings[v])
        yield f"| `{v}` | {zh} | {_text(named.get(v, ''))} |"
    if stray:
        yield "| | " + "、".join(f"`{x}`" for x in stray) + " | |"


def _object_defs(defs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in defs.items() if v.get("type") == "object" or "properties" in v}


def _enum_defs(defs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        k: v
        for k, v in defs.items()
        if k not in _object_defs(defs) and ("enum" in v or len(list(_strings(v, defs))) > 1)
    }


def _refs(s: object) -> Iterator[str]:
    if isinstance(s, dict):
        if isinstance(s.get("$ref"), str):
            yield _ref_name(s["$ref"])
        for v in s.values():
            yield from _refs(v)
    elif isinstance(s, list):
        for v in s:
            yield from _refs(v)


def _section(name: str, s: dict[str, Any], rows: Iterable[str], used_by: list[str]) -> list[str]:
    lines = ["", f"### {name}", ""]
    title = _zh_title(s) or s.get("title")
    if isinstance(title, str) and title != name:
        lines += [f"**{_text(title)}**", ""]
    if s.get("description"):
        lines += [_paragraphs(s["description"]), ""]
    if used_by:
        lines += ["用于：" + "、".join(f"[{u}](#{_anchor(u)})" for u in used_by), ""]
    lines += list(rows)
    return lines


def render(schema: dict[str, Any]) -> str:
    """The whole reference page for a ledger schema."""
    defs: dict[str, dict[str, Any]] = schema.get("$defs", {})
    objects, enums = _object_defs(defs), _enum_defs(defs)
    scalars = {k: v for k, v in defs.items() if k not in objects and k not in enums}
    users: dict[str, list[str]] = {k: [] for k in defs}
    for owner, s in defs.items():
        for n in dict.fromkeys(_refs(s)):
            if n in users and n != owner:
                users[n].append(owner)
    # An enum's halves (English codes, Chinese labels) are shown with the enum that joins them.
    parts = {k for k in enums if users[k] and all(u in enums for u in users[k])}
    enums = {k: v for k, v in enums.items() if k not in parts}
    records = [n for s in schema.get("properties", {}).values() for n in _refs(s) if n in objects]
    records = list(dict.fromkeys(records))
    nested = sorted(set(objects) - set(records))

    lines = [
        "# 台账格式参考 (ledger reference)",
        "",
        "此页由 `tools/gen_ledger_reference.py` 从 "
        "[`schema/ledger.schema.json`](schema/ledger.schema.json) 生成，请勿手工修改；"
        "格式的设计和理由见[台账格式](ledger.md)。"
        "This page is generated from the ledger JSON Schema.",
        "",
        f"- Schema：`{schema.get('$schema', '')}`",
        f"- `$id`：`{schema.get('$id', '')}`",
        f"- 根类型：`{schema.get('title', '')}` {_text(_zh_title(schema))}".rstrip(),
        "- 必填：字段缺失即报错；“可为 `null`”的字段可以写 `null` 或省略。",
        "- 枚举写英文取值或任一中文写法均可，导出时一律写英文取值。",
        "",
    ]
    if schema.get("description"):
        lines += [_paragraphs(schema["description"]), ""]
    lines += ["## 顶层字段", "", *_field_rows(schema), "", "## 记录类型"]
    for name in records:
        lines += _section(name, defs[name], _field_rows(defs[name]), [])
    if nested:
        lines += ["", "## 嵌套类型"]
        for name in nested:
            lines += _section(name, defs[name], _field_rows(defs[name]), users[name])
    if scalars:
        lines += ["", "## 值类型"]
        for name in sorted(scalars):
            row = ["| 类型 |", "|---|", f"| {_type(scalars[name])} |"]
            lines += _section(name, scalars[name], row, users[name])
    if enums:
        lines += ["", "## 枚举"]
        for name in sorted(enums):
            rows = _enum_rows(name, enums[name], defs)
            lines += _section(name, enums[name], rows, users[name])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 docs/ledger-reference.md")
    parser.add_argument("--schema", type=Path, default=SCHEMA)
    parser.add_argument("-o", "--output", type=Path, default=PAGE)
    parser.add_argument("--check", action="store_true", help="只检查，页面过期时退出码为 1")
    args = parser.parse_args(argv)
    page = render(json.loads(args.schema.read_text(encoding="utf-8")))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != page:
            print(
                f"{args.output} 已过期：运行 python tools/gen_ledger_reference.py", file=sys.stderr
            )
            return 1
        return 0
    args.output.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
