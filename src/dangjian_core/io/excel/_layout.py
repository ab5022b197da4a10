"""The workbook layout, derived from the ledger models: which sheet holds which records and
which column holds which field.

Why derive it: the pydantic models are the one description of a 台账.  Sheet names and
headers come from the collections' and fields' Chinese ``title``; a field added to a model
gets its column without anyone editing this package, and the template, the reader and the
writer can never disagree about a header.

Shapes: every collection of :class:`~dangjian_core.Ledger` is a sheet, one record a row.
A nested record (``party``, ``admission_vote`` …) is flattened into ``父·子`` columns.  A list
of records (``memberships``, ``agenda`` …) or a mapping (``grades``) is a child sheet whose
first column names the parent record.  Lists of plain values (months, dates, references,
topics) share one cell, separated by 、.  The ledger's own fields (title, coverage) sit on
the 台账信息 sheet, one per row.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ...model import LabelledEnum, Ledger

__all__ = [
    "INFO_SHEET",
    "NOTES_SHEET",
    "OPTIONS_SHEET",
    "REF_TARGETS",
    "SHEET_ALIASES",
    "Column",
    "Kind",
    "Sheet",
    "column_letter",
    "info_rows",
    "sheets",
]

#: The sheet of the ledger's own fields (台账名称, 记录起止).
INFO_SHEET = "台账信息"
#: The sheet of explanations the template carries; never read.
NOTES_SHEET = "说明"
#: The hidden sheet of long drop-down lists; never read.
OPTIONS_SHEET = "选项"

Kind = Literal[
    "id",  # the record's own id: text, kept exactly
    "text",  # free text, kept exactly
    "ref",  # one reference to another record: an id, or a name shown on that sheet
    "refs",  # several references in one cell
    "texts",  # several texts in one cell
    "date",
    "dates",
    "month",
    "months",
    "money",  # yuan, stored as text so 0.20 stays 0.20
    "decimal",
    "int",
    "bool",
    "enum",
    "count_or_refs",  # attendance: a number of people, or who they were
    "literal",
]

# Which collections a reference field points to, by field name.  A new reference field in the
# model must be added here (tests/excel/test_layout.py fails until it is): guessing would turn
# a name into the wrong record's id.
_ORGS = ("organizations",)
_PEOPLE = ("people",)
REF_TARGETS: dict[str, tuple[str, ...]] = {
    "org_id": _ORGS,
    "org_ids": _ORGS,
    "parent_id": _ORGS,
    "branch_id": _ORGS,
    "department_id": _ORGS,
    "unit_id": ("organizations", "societies"),
    "person_id": _PEOPLE,
    "person_ids": _PEOPLE,
    "leader_id": _PEOPLE,
    "chair_id": _PEOPLE,
    "speaker_id": _PEOPLE,
    "advisor_id": _PEOPLE,
    "contacts": _PEOPLE,
    "introducers": _PEOPLE,
    "entitled": _PEOPLE,
    "present": _PEOPLE,
    "grades": _PEOPLE,
    "society_id": ("societies",),
    "document_ids": ("documents",),
    "prior_review_meeting_id": ("meetings",),
    "target_id": ("people", "organizations"),
    "subject_id": (),  # any record: only ids are understood
}

#: Sheet names schools commonly use for our sheets, accepted on import.
SHEET_ALIASES: dict[str, str] = {
    "党员名册": "people",
    "人员名册": "people",
    "党员信息": "people",
    "三会一课记录": "meetings",
    "三会一课": "meetings",
    "会议记录": "meetings",
    "党费收缴": "dues_payments",
    "党费收缴记录": "dues_payments",
    "党费": "dues_payments",
    "发展党员": "development_cases",
    "组织": "organizations",
    "党组织名册": "organizations",
}


@dataclass(frozen=True)
class Column:
    """One column: the field it holds (``path`` inside the record) and how to read it."""

    path: tuple[str, ...]
    header: str
    kind: Kind
    required: bool
    enum: type[LabelledEnum] | None = None
    targets: tuple[str, ...] = ()
    #: A list whose empty value differs from "not recorded" (``entitled=[]`` vs ``None``).
    empty_list_is_value: bool = False

    @property
    def english(self) -> str:
        """The English header also accepted on import (``party.admission``)."""
        return ".".join(self.path)


@dataclass(frozen=True)
class Sheet:
    """One sheet: a collection (or a child list of one) and its columns, in order."""

    key: str  # "meetings" or "meetings.agenda"
    name: str  # the sheet name, e.g. 会议与活动
    model: type[BaseModel] | None
    columns: tuple[Column, ...]
    what: str  # what one row is, for the 说明 sheet
    parent: Sheet | None = None
    field_name: str = ""  # the parent's field holding these rows
    mapping: bool = False  # a dict field: columns are parent, key, value
    children: list[Sheet] = field(default_factory=list, compare=False)

    @property
    def collection(self) -> str:
        """The ledger collection this sheet (or its top parent) belongs to."""
        return self.key.split(".")[0]

    def column(self, path: tuple[str, ...]) -> Column | None:
        """The column holding ``path``, if any."""
        for col in self.columns:
            if col.path == path:
                return col
        return None


def column_letter(index: int) -> str:
    """A1 letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type, the metadata gathered from ``Annotated`` layers, and whether None is allowed."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            args = get_args(annotation)
            annotation = args[0]
            for item in args[1:]:
                meta.append(item)
                if isinstance(item, FieldInfo):
                    meta.extend(item.metadata)
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) < len(get_args(annotation)):
                optional = True
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, meta, optional


def _is_month(meta: list[Any]) -> bool:
    for item in meta:
        func = getattr(item, "func", None)
        if getattr(func, "__name__", "") == "_check_month":
            return True
        if "0[1-9]|1[0-2]" in str(getattr(item, "pattern", "") or ""):
            return True
    return False


def _places(meta: list[Any]) -> int | None:
    for item in meta:
        places = getattr(item, "decimal_places", None)
        if places is not None:
            return int(places)
    return None


def _scalar_kind(name: str, tp: Any, meta: list[Any]) -> tuple[Kind, type[LabelledEnum] | None]:
    if isinstance(tp, type) and issubclass(tp, LabelledEnum):
        return "enum", tp
    if tp is bool:
        return "bool", None
    if tp is int:
        return "int", None
    if tp is Decimal:
        return ("money" if _places(meta) == 2 else "decimal"), None
    if tp is dt.date:
        return "date", None
    if get_origin(tp) is Literal:
        return "literal", None
    if tp is str:
        if _is_month(meta):
            return "month", None
        if name in REF_TARGETS:
            return "ref", None
        return ("id" if name == "id" else "text"), None
    raise TypeError(f"no Excel column kind for {name}: {tp!r}")  # pragma: no cover


_PLURAL: dict[Kind, Kind] = {
    "ref": "refs",
    "text": "texts",
    "id": "refs",
    "date": "dates",
    "month": "months",
}


def _columns(
    model: type[BaseModel], prefix: tuple[str, ...], title_prefix: str, optional_parent: bool
) -> tuple[list[Column], list[tuple[str, FieldInfo]]]:
    """The flat columns of ``model`` and its list/dict fields (which become child sheets)."""
    columns: list[Column] = []
    nested: list[tuple[str, FieldInfo]] = []
    for name, info in model.model_fields.items():
        tp, meta, _ = _unwrap(info.annotation)
        meta = [*meta, *info.metadata]
        header = f"{title_prefix}{info.title or name}"
        path = (*prefix, name)
        required = info.is_required() and not optional_parent
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            sub, sub_nested = _columns(tp, path, f"{header}·", optional_parent or not required)
            columns.extend(sub)
            nested.extend(sub_nested)
            continue
        if origin is dict:
            nested.append((name, info))
            continue
        if origin is list:
            (item,) = get_args(tp)
            item_tp, item_meta, _ = _unwrap(item)
            if isinstance(item_tp, type) and issubclass(item_tp, BaseModel):
                nested.append((name, info))
                continue
            kind, _enum = _scalar_kind(name, item_tp, item_meta)
            plural = _PLURAL[kind]
            if name in REF_TARGETS:
                plural = "refs"
            columns.append(
                Column(path, header, plural, required, targets=REF_TARGETS.get(name, ()))
            )
            continue
        if origin in (Union, types.UnionType):  # list[Id] | Count: attendance
            columns.append(
                Column(
                    path,
                    header,
                    "count_or_refs",
                    required,
                    targets=REF_TARGETS.get(name, ()),
                    empty_list_is_value=True,
                )
            )
            continue
        kind, enum_type = _scalar_kind(name, tp, meta)
        targets = REF_TARGETS.get(name, ()) if kind == "ref" else ()
        columns.append(Column(path, header, kind, required, enum_type, targets))
    return columns, nested


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n")[0]


def _child_sheets(parent: Sheet, nested: list[tuple[str, FieldInfo]], names: set[str]) -> None:
    id_col = parent.columns[0]
    parent_col = Column(("__parent__",), id_col.header, "ref", True, targets=(parent.collection,))
    for name, info in nested:
        title = info.title or name
        sheet_name = title if title not in names else f"{parent.name}·{title}"
        names.add(sheet_name)
        tp, _, _ = _unwrap(info.annotation)
        key = f"{parent.key}.{name}"
        if get_origin(tp) is dict:
            _key_tp, value_tp = get_args(tp)
            vt, vmeta, _ = _unwrap(value_tp)
            vkind, venum = _scalar_kind(name + "_value", vt, vmeta)
            cols = (
                parent_col,
                Column(("__key__",), "人员", "ref", True, targets=REF_TARGETS.get(name, ())),
                Column(("__value__",), title, vkind, True, venum),
            )
            child = Sheet(
                key, sheet_name, None, cols, f"{parent.name}的一项{title}", parent, name, True
            )
        else:
            (item,) = get_args(tp)
            item_tp, _, _ = _unwrap(item)
            cols_list, _more = _columns(item_tp, (), "", False)
            what = _first_line(item_tp.__doc__)
            child = Sheet(key, sheet_name, item_tp, (parent_col, *cols_list), what, parent, name)
        parent.children.append(child)


def _collection_model(info: FieldInfo) -> type[BaseModel]:
    tp, _, _ = _unwrap(info.annotation)
    (item,) = get_args(tp)
    model, _, _ = _unwrap(item)
    assert isinstance(model, type)
    assert issubclass(model, BaseModel)
    return model


@cache
def sheets() -> tuple[Sheet, ...]:
    """Every record sheet, parents before their children, in the ledger's field order."""
    out: list[Sheet] = []
    names = {INFO_SHEET, NOTES_SHEET, OPTIONS_SHEET}
    for name, info in Ledger.model_fields.items():
        if get_origin(_unwrap(info.annotation)[0]) is not list:
            continue
        model = _collection_model(info)
        cols, nested = _columns(model, (), "", False)
        title = info.title or name
        names.add(title)
        sheet = Sheet(name, title, model, tuple(cols), _first_line(model.__doc__))
        _child_sheets(sheet, nested, names)
        out.append(sheet)
        out.extend(_descendants(sheet))
    return tuple(out)


def _descendants(sheet: Sheet) -> list[Sheet]:
    found: list[Sheet] = []
    for child in sheet.children:
        found.append(child)
        found.extend(_descendants(child))
    return found


@cache
def info_rows() -> tuple[Column, ...]:
    """The ledger's own fields, one per row of the 台账信息 sheet."""
    rows: list[Column] = []
    for name, info in Ledger.model_fields.items():
        tp, meta, _ = _unwrap(info.annotation)
        if get_origin(tp) is list:
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            cols, _ = _columns(tp, (name,), "", True)
            rows.extend(cols)
            continue
        kind, enum_type = _scalar_kind(name, tp, [*meta, *info.metadata])
        rows.append(Column((name,), info.title or name, kind, False, enum_type))
    return tuple(rows)


def enum_labels(enum_type: type[enum.Enum]) -> list[str]:
    """The Chinese labels of an enum, in member order: the drop-down list of its column."""
    return [m.zh if isinstance(m, LabelledEnum) else str(m.value) for m in enum_type]
