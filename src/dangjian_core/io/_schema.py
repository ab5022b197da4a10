"""JSON Schemas that other languages' tools can use: English names, Chinese in descriptions.

Why a generator of our own: schools' systems are Java or TypeScript, and their code
generators name every type after its ``title``.  Pydantic's plain rendering gave them a root
class called ``台账``, hundreds of anonymous unions (``NoName…``), money as a class
``Empty``, and enums that refuse the Chinese labels the library accepts.  So the schema is
rewritten here, while it is generated, and the models keep their Chinese ``title`` (the
Excel template reads its headers from ``FieldInfo.title``, docs/excel.md):

* every property gets an English ``title`` derived from its name; the Chinese title moves
  to ``description`` and, exactly, to the extension ``x-title-zh``;
* an enum accepts both spellings: ``anyOf`` of the English codes (canonical, what the
  library writes) and the Chinese labels (accepted on input);
* money is one named string-decimal type with a pattern; hours and measured values are
  named number-or-string types with our own pattern, so the published schema does not
  change with how a pydantic release renders ``Decimal``; a month is ``YYYY-MM``;
* ``$id`` is a versioned identifier (an identifier, not a URL that must resolve).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import CoreRef, GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from ..model._base import _LABELS, MAX_HOURS, MAX_METRIC, MAX_MONEY, LabelledEnum, _check_month

__all__ = ["DRAFT_2020_12", "SCHEMA_BASE", "DangjianJsonSchema", "json_schema_of"]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

#: Where our schemas' ``$id``s live: a name the project's documentation site owns.  An
#: ``$id`` names a schema; nothing needs to be served at it (docs/ledger.md says so).
SCHEMA_BASE = "https://dangjian-core.readthedocs.io/schema/"

_CJK = re.compile(r"[^\x00-\x7f]")

# Our own named types.  Bounds a pattern cannot state (hours up to 10^5) are documented.
_MONEY_PATTERN = r"^(1000000000(\.0{1,2})?|(0|[1-9][0-9]{0,8})(\.[0-9]{1,2})?)$"
_UNSIGNED_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
_SIGNED_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

_OWN_TYPES: dict[str, dict[str, Any]] = {
    "Money": {
        "title": "Money",
        "description": (
            '金额（元）：十进制数写成字符串，0 到 1000000000，最多两位小数，如 "12.50"。'
            "规范写法是字符串（本库输出的就是字符串）；本库读入时也接受 JSON 数字。"
        ),
        "type": "string",
        "pattern": _MONEY_PATTERN,
        "examples": ["12.50"],
    },
    "Hours": {
        "title": "Hours",
        "description": (
            '学时或天数：0 到 100000 的十进制数，写成 JSON 数字或字符串（如 "2.5"）；'
            "本库输出字符串，以免二进制浮点误差。字符串形式的上限无法用正则表达，由本库检查。"
        ),
        "type": ["number", "string"],
        "minimum": 0,
        "maximum": int(MAX_HOURS),
        "pattern": _UNSIGNED_PATTERN,
        "examples": ["2.5"],
    },
    "MetricValue": {
        "title": "Metric value",
        "description": (
            '指标数值：-10^12 到 10^12 的十进制数，写成 JSON 数字或字符串（如 "-3.75"）；'
            "本库输出字符串。字符串形式的上下限无法用正则表达，由本库检查。"
        ),
        "type": ["number", "string"],
        "minimum": -int(MAX_METRIC),
        "maximum": int(MAX_METRIC),
        "pattern": _SIGNED_PATTERN,
        "examples": ["0.95"],
    },
    "Decimal": {
        "title": "Decimal",
        "description": '十进制数，写成 JSON 数字或字符串（如 "1.5"）；本库输出字符串。',
        "type": ["number", "string"],
        "pattern": _SIGNED_PATTERN,
    },
    "Month": {
        "title": "Month",
        "description": "月份，写成 YYYY-MM（如 2025-03）。",
        "type": "string",
        "pattern": _MONTH_PATTERN,
        "examples": ["2025-03"],
    },
}

# A pydantic constraint the rendering left under its Python name (a bound after a validator).
_CONSTRAINT_NAMES = {
    "ge": "minimum",
    "le": "maximum",
    "gt": "exclusiveMinimum",
    "lt": "exclusiveMaximum",
}


def english_title(name: str) -> str:
    """``admission_notice`` → ``Admission notice``: the English title of a field."""
    words = name.strip("_").replace("_", " ")
    return words[:1].upper() + words[1:] if words else name


def _decimal_type(schema: core_schema.DecimalSchema) -> str:
    """Which of our named decimal types a ``Decimal`` field is, by its bounds."""
    le = schema.get("le")
    if le == MAX_MONEY and schema.get("decimal_places") == 2:
        return "Money"
    if le == MAX_HOURS:
        return "Hours"
    if le == MAX_METRIC:
        return "MetricValue"
    return "Decimal"


class DangjianJsonSchema(GenerateJsonSchema):
    """Pydantic's generator with our names, types and bilingual enums (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._enum_notes: dict[str, str] = {}

    def _own_ref(self, name: str) -> JsonSchemaValue:
        """A reference to our named type ``name``."""
        return self._named(name, _OWN_TYPES[name])

    def _named(self, name: str, body: dict[str, Any]) -> JsonSchemaValue:
        """A reference to ``body``, registered as the pydantic definition ``name``."""
        defs_ref, ref = self.get_cache_defs_ref_schema(CoreRef(f"dangjian_core.schema.{name}"))
        self.definitions[defs_ref] = dict(body)
        return ref

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        """A ``Decimal`` is a reference to one of our named types, never pydantic's union."""
        return self._own_ref(_decimal_type(schema))

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        """A month (its validator tells it from other text) is the named ``Month`` type."""
        if schema["function"]["function"] is _check_month:
            return self._own_ref("Month")
        return super().function_after_schema(schema)

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        """An enum with Chinese labels accepts both spellings, the English one canonical."""
        result = super().enum_schema(schema)
        cls: type[enum.Enum] = schema["cls"]
        table = _LABELS.get(cls) if issubclass(cls, LabelledEnum) else None
        if not table:
            return result
        codes = result.pop("enum")
        result.pop("type", None)
        zh = [label for code in codes for label in table.get(code, ())]
        glossary = "；".join(f"{code} = {'/'.join(table.get(code, ()))}" for code in codes)
        # pydantic sets the enum's description from its docstring after this method
        # returns, so the note on the two spellings is appended in ``generate``.
        self._enum_notes[cls.__name__] = (
            f"英文代码是规范写法（本库输出英文代码）；读入时也接受中文名称：{glossary}。"
        )
        # Each spelling is a named type of its own, so that a generator names it
        # (``ModeCode``, ``ModeLabel``) instead of numbering anonymous branches.
        result["anyOf"] = [
            self._named(
                f"{cls.__name__}Code",
                {
                    "title": f"{cls.__name__}Code",
                    "description": f"{cls.__name__} 的英文代码（规范写法）。",
                    "type": "string",
                    "enum": codes,
                },
            ),
            self._named(
                f"{cls.__name__}Label",
                {
                    "title": f"{cls.__name__}Label",
                    "description": f"{cls.__name__} 的中文名称（读入时与英文代码等价）。",
                    "type": "string",
                    "enum": zh,
                },
            ),
        ]
        result["x-labels-zh"] = {code: list(table.get(code, ())) for code in codes}
        return result

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        """Pydantic's schema, then English titles, our named types and no stray siblings."""
        out = super().generate(schema, mode)
        for name, note in self._enum_notes.items():
            enum_def = out.get("$defs", {}).get(name)
            if isinstance(enum_def, dict):
                described = enum_def.get("description")
                enum_def["description"] = f"{described}\n\n{note}" if described else note
        _rewrite(out, own=set(_OWN_TYPES))
        return out


def _rewrite(node: Any, *, own: set[str]) -> None:
    """English titles on properties (Chinese into ``description`` / ``x-title-zh``),
    pydantic's leftover ``ge``/``le`` as ``minimum``/``maximum``, and nothing but a
    description beside a reference to one of our named types (a code generator would
    otherwise derive a new anonymous type from the sibling keywords)."""
    if isinstance(node, list):
        for item in node:
            _rewrite(item, own=own)
        return
    if not isinstance(node, dict):
        return
    for python, json_name in _CONSTRAINT_NAMES.items():
        if python in node and isinstance(node[python], int | float) and "type" in node:
            node[json_name] = node.pop(python)
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.rsplit("/", 1)[-1] in own:
        for key in ("examples", "pattern", "minimum", "maximum"):
            node.pop(key, None)
    props = node.get("properties")
    if isinstance(props, dict) and node.get("type") == "object":
        for name, prop in props.items():
            if isinstance(prop, dict):
                _bilingual(prop, english_title(name))
    for value in node.values():
        _rewrite(value, own=own)


def _bilingual(node: dict[str, Any], english: str) -> None:
    """Give ``node`` the English ``title``; a Chinese one becomes its description."""
    title = node.get("title")
    if isinstance(title, str) and _CJK.search(title):
        node["x-title-zh"] = title
        described = node.get("description")
        node["description"] = f"{title}。{described}" if described else title
    node["title"] = english


def json_schema_of(
    model: type[BaseModel], *, title: str, schema_id: str, title_zh: str | None = None
) -> dict[str, Any]:
    """The published JSON Schema of ``model``: draft 2020-12, ``$id`` first, English root
    ``title`` (its Chinese name in ``x-title-zh`` and at the head of the description)."""
    body = model.model_json_schema(mode="validation", schema_generator=DangjianJsonSchema)
    body.pop("$id", None)
    zh = title_zh or (body.get("title") if _CJK.search(str(body.get("title", ""))) else None)
    body["title"] = title
    if zh:
        body["x-title-zh"] = zh
        body["description"] = f"{zh}。{body['description']}" if body.get("description") else zh
    return {"$schema": DRAFT_2020_12, "$id": schema_id, **body}
