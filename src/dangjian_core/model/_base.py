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
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, PydanticKnownError

from ..periods import FIRST_YEAR, LAST_YEAR

__all__ = [
    "MAX_COUNT",
    "MAX_HOURS",
    "MAX_METRIC",
    "MAX_MONEY",
    "MAX_PLACES",
    "Count",
    "Day",
    "Hours",
    "Id",
    "LabelledEnum",
    "LedgerModel",
    "MetricValue",
    "Money",
    "Month",
    "PositiveCount",
    "labels",
    "month_start",
    "problem_error",
    "zh",
]


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


def _nested_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold a model or a list of models."""
    return tuple(
        name
        for name, info in cls.model_fields.items()
        if any(isinstance(t, type) and issubclass(t, BaseModel) for t in _types_in(info.annotation))
    )


def _types_in(annotation: object) -> list[object]:
    """Every type named in an annotation (``list[A] | None`` gives list, A and NoneType)."""
    found: list[object] = []
    stack = [annotation]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(getattr(item, "__args__", ()))
    return found


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def share_fields_sets(records: list[Any], shared: dict[frozenset[str], set[str]]) -> None:
    """Give every model in ``records`` (all of one class) and in their nested models one
    shared set of the names of its fields set, instead of a set of its own.

    pydantic keeps ``__pydantic_fields_set__`` per instance: a set of 5 to 18 names costs 216
    to 728 bytes, 42 % of a loaded ledger's memory (issue 12).  Equal sets are shared through
    ``shared``.  The models are frozen, and pydantic copies the set before changing it
    (``model_copy``, ``copy``), so ``model_fields_set`` stays equal to what it was.  One class
    at a time, so the nested fields are found once and the loops stay tight.
    """
    if not records:
        return
    setter = object.__setattr__
    one: set[str] | None = None
    for model in records:
        names = model.__pydantic_fields_set__
        # Records of one kind mostly set the same fields: comparing with the last shared set
        # is cheaper than building the frozenset key.
        if one is None or names != one:
            one = shared.setdefault(frozenset(names), names)
        if one is not names:
            setter(model, "__pydantic_fields_set__", one)
    cls = type(records[0])
    nested = _NESTED.get(cls)
    if nested is None:
        nested = _NESTED[cls] = _nested_fields(cls)
    for name in nested:
        values = [getattr(model, name) for model in records]
        inner = [v for v in values if isinstance(v, BaseModel)]
        for value in values:
            if isinstance(value, list):
                inner.extend(value)
        by_class: dict[type, list[Any]] = {}
        for item in inner:
            by_class.setdefault(type(item), []).append(item)
        for group in by_class.values():
            share_fields_sets(group, shared)


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


def problem_error(code: str, message_zh: str, message_en: str) -> PydanticCustomError:
    """A pydantic error whose Chinese message travels with it (``ctx["zh"]``), so that
    :func:`dangjian_core.io.problems_from_validation` can show the value in both languages
    instead of a generic "取值无效"."""
    return PydanticCustomError(code, "{en}", {"zh": message_zh, "en": message_en})


_YEARS_ZH = f"{FIRST_YEAR}–{LAST_YEAR}"


def _check_day(value: date) -> date:
    # Every date of a ledger lies in the supported years: 0001-01-01 or 9999-12-31 is a typing
    # error, and a rule doing calendar arithmetic next to year 1 or 9999 would fail mid-run.
    # (in_supported_years written out: this runs for every date of a ledger, issue 12.)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise problem_error(
            "date_out_of_range",
            f"日期 {value} 超出支持的年份 {_YEARS_ZH}",
            f"date {value} is outside the supported years {_YEARS_ZH}",
        )
    return value


def _no_number(value: Any) -> Any:
    # pydantic reads a number as a Unix timestamp: 1735689600 would silently become
    # 2025-01-01.  A 台账 never means that, so a number is refused, not guessed at.
    # (Text, what a ledger holds, is let through first: this runs for every date, issue 12.)
    if type(value) is str:
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise problem_error(
            "date_type",
            f"日期应写成 YYYY-MM-DD，不能是数字（{value}）",
            f"a date must be written YYYY-MM-DD, not as a number ({value})",
        )
    return value


Day = Annotated[date, BeforeValidator(_no_number), AfterValidator(_check_day)]
"""A calendar date (``YYYY-MM-DD``) in :data:`~dangjian_core.periods.FIRST_YEAR` …
:data:`~dangjian_core.periods.LAST_YEAR`; every date field of the ledger uses it."""


_MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

#: Every month of the supported years, spelled ``YYYY-MM`` in ASCII digits: what nearly every
#: value is, accepted by one set lookup (this runs for every month of a ledger, issue 12).
_MONTHS = frozenset(
    f"{year:04d}-{month:02d}" for year in range(FIRST_YEAR, LAST_YEAR + 1) for month in range(1, 13)
)


def _check_month(value: str) -> str:
    """A month in the supported years, checked as the field's pattern checks it.

    Python's ``$`` also matches before a final newline, which the pattern (Rust's engine, in
    pydantic-core) refuses; the pattern used to run as a second step after this function,
    and that step's error is raised here instead, so a value is checked by one function.
    """
    if value in _MONTHS:
        return value
    found = _MONTH_RE.match(value)
    if not found:
        raise problem_error("value_error", "月份应写成 YYYY-MM", "a month must be written YYYY-MM")
    if not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
        raise problem_error(
            "date_out_of_range",
            f"月份 {value} 超出支持的年份 {_YEARS_ZH}",
            f"month {value} is outside the supported years {_YEARS_ZH}",
        )
    if value.endswith("\n"):
        raise PydanticKnownError("string_pattern_mismatch", {"pattern": _MONTH_PATTERN})
    return value


class _PatternWhenSerialized:
    """The month pattern in the serialization-mode JSON schema, as ``Field(pattern=…)`` put it
    there (pydantic leaves it out of the validation-mode one, after a validator).

    ``Field(pattern=…)`` after a validator also ran the pattern as a second, Python-wrapped
    step for every month; :func:`_check_month` checks the same, so only the schema is kept.
    """

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        if handler.mode == "serialization":
            out["pattern"] = _MONTH_PATTERN
        return out


Month = Annotated[
    str, AfterValidator(_check_month), Field(examples=["2025-03"]), _PatternWhenSerialized()
]
"""A calendar month written ``YYYY-MM`` (dues are paid per month)."""

Id = Annotated[str, Field(min_length=1, max_length=200)]
"""A record id: any non-empty text, unique across the whole ledger."""


def month_start(month: str) -> date:
    """The first day of a ``YYYY-MM`` month."""
    year, mon = month.split("-")
    return date(int(year), int(mon), 1)


# -- bounded numbers ---------------------------------------------------------------------------
# Why bounds at all: a value like 1E+28 is a typing error in any 台账, and arithmetic on it
# (a dues base × a rate, a share shown as a percent) exceeds the decimal context and fails in
# the middle of a run.  The bounds are far above any real figure of a school, so no real
# ledger meets them; they are documented in docs/ledger.md (“限制”).

#: The largest money amount (党费、交纳基数、减免后金额), in yuan: a billion.
MAX_MONEY = Decimal(10) ** 9

#: The largest number of hours or days (学时、培训天数).
MAX_HOURS = Decimal(10) ** 5

#: The largest magnitude of a metric value (指标数值), either sign.
MAX_METRIC = Decimal(10) ** 12

#: The most decimal places of hours and metric values (money has two).
MAX_PLACES = 20

#: The largest count of people or items (应到、实到、票数、人数、分子分母、任务数).
MAX_COUNT = 10**9

Money = Annotated[Decimal, Field(ge=0, le=MAX_MONEY, decimal_places=2)]
"""Yuan, 0 … 10^9, at most two decimal places."""

Hours = Annotated[Decimal, Field(ge=0, le=MAX_HOURS, decimal_places=MAX_PLACES)]
"""Hours or days, 0 … 10^5."""

MetricValue = Annotated[Decimal, Field(ge=-MAX_METRIC, le=MAX_METRIC, decimal_places=MAX_PLACES)]
"""A measured value, −10^12 … 10^12."""


def _no_huge_decimal(value: object) -> object:
    # Turning Decimal("1E+999999999") into an int builds a billion-digit number: pydantic
    # would hang on it.  Such a spelling is never a count; refuse it before the conversion.
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        if value.adjusted() > 18 or (isinstance(exponent, int) and exponent < -18):
            raise problem_error(
                "count_range",
                f"人数或件数应为 0 到 {MAX_COUNT} 之间的整数，实际为 {value}",
                f"a count is a whole number from 0 to {MAX_COUNT}, got {value}",
            )
    return value


Count = Annotated[int, BeforeValidator(_no_huge_decimal), Field(ge=0, le=MAX_COUNT)]
"""A number of people or items, 0 … 10^9."""

PositiveCount = Annotated[int, BeforeValidator(_no_huge_decimal), Field(ge=1, le=MAX_COUNT)]
"""A number of items of which there is at least one, 1 … 10^9.  Its own type rather than
``Count`` with another ``ge``: two bounds on one field render differently in different
pydantic releases' schemas."""
