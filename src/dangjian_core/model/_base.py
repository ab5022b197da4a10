"""Shared building blocks of the ledger models: the base model, bilingual enums, months.

Why a custom enum base: a school's 台账 is typed in Chinese ("正式党员", "线上"), while code
and JSON use English identifiers ("full", "online").  :class:`LabelledEnum` accepts either on
input and always writes the English value, so a round trip is exact and the glossary's one
English identifier per Chinese term holds everywhere.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = ["Id", "LabelledEnum", "LedgerModel", "Month", "labels", "month_start", "zh"]


class LedgerModel(BaseModel):
    """Base of every ledger record: frozen, strict about unknown fields.

    ``extra="forbid"`` is deliberate: a misspelt column must be reported, never dropped.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        use_enum_values=False,
        validate_default=False,
    )


_LABELS: dict[type[enum.Enum], dict[str, tuple[str, ...]]] = {}


class LabelledEnum(enum.StrEnum):
    """A string enum that also accepts its Chinese label(s) on input."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, str):
            text = value.strip()
            for member_value, labels in _LABELS.get(cls, {}).items():
                if text in labels or text == member_value:
                    return cls(member_value)
        return None

    @property
    def zh(self) -> str:
        """The Chinese label of this member (its first label)."""
        return _LABELS.get(type(self), {}).get(self.value, (self.value,))[0]


def labels(mapping: Mapping[str, str | tuple[str, ...]]) -> Any:
    """Class decorator: attach Chinese labels (first one is the display label) to an enum."""

    def apply(cls: type[LabelledEnum]) -> type[LabelledEnum]:
        table = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in mapping.items()}
        missing = {m.value for m in cls} - set(table)
        if missing:  # pragma: no cover - a programming error caught at import
            raise TypeError(f"{cls.__name__}: no Chinese label for {sorted(missing)}")
        _LABELS[cls] = table
        return cls

    return apply


def zh(value: enum.Enum | str) -> str:
    """The Chinese label of an enum member, or the text itself."""
    if isinstance(value, LabelledEnum):
        return value.zh
    return str(value.value if isinstance(value, enum.Enum) else value)


_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _check_month(value: str) -> str:
    if not _MONTH_RE.match(value):
        raise ValueError("月份应写成 YYYY-MM (a month must be written YYYY-MM)")
    return value


Month = Annotated[
    str,
    AfterValidator(_check_month),
    Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2025-03"]),
]
"""A calendar month written ``YYYY-MM`` (dues are paid per month)."""

Id = Annotated[str, Field(min_length=1, max_length=200)]
"""A record id: any non-empty text, unique across the whole ledger."""


def month_start(month: str) -> date:
    """The first day of a ``YYYY-MM`` month."""
    year, mon = month.split("-")
    return date(int(year), int(mon), 1)
