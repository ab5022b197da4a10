"""The fast paths of ``load_ledger`` (issue 12) give exactly what the straightforward ones give.

Split from tests/test_optimised_paths.py: the limits walk and the depth measure run only when
they can find something, months and dates validate with less Python, integrity looks lists up
in one set operation, and the records share their field-name sets.  Each is compared with the
plain path it replaced, on the examples and on hypothesis input.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BeforeValidator, Field, TypeAdapter, ValidationError

import dangjian_core as dj
from dangjian_core.io import _json, _read
from dangjian_core.model import Ledger, _base, integrity
from dangjian_core.periods import FIRST_YEAR, LAST_YEAR, in_supported_years

ROOT = Path(__file__).resolve().parents[1]


# -- load_ledger: the limits walk and the depth measure only when they can find something ------


LOAD_EXAMPLES = [
    ROOT / "examples" / "department.json",
    ROOT / "examples" / "jidian" / "ledger.json",
]


def _outcome(text: str, limits: dj.Limits) -> object:
    """A loaded ledger, or the problems of the ``LedgerError`` (a ``RecursionError`` as such)."""
    try:
        return dj.load_ledger(text=text, limits=limits)
    except dj.LedgerError as exc:
        return [(p.location, p.code, p.message_zh, p.message_en) for p in exc.problems]


def _straight(text: str, limits: dj.Limits) -> object:
    """The straightforward path: depth measured before parsing, the whole value walked."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_json, "depth_needed_first", lambda limits: True)
        mp.setattr(_json, "may_hold_long_text", lambda text, limits: True)
        mp.setattr(_json, "parse_marked", lambda text, limits: (_read.parse(text, limits), True))
        return _outcome(text, limits)


def _same_outcome(text: str, limits: dj.Limits) -> object:
    fast = _outcome(text, limits)
    assert fast == _straight(text, limits)
    return fast


def _schema_depth(node: object, defs: dict[str, object], open_ended: list[object]) -> int:
    """Nesting of objects and arrays the JSON schema allows; notes nodes that allow any JSON."""
    if node is True or node == {}:
        open_ended.append(node)
        return 0
    assert isinstance(node, dict)
    if "$ref" in node:
        return _schema_depth(defs[node["$ref"].rsplit("/", 1)[1]], defs, open_ended)
    deepest = max(
        (_schema_depth(sub, defs, open_ended) for key in ("anyOf", "oneOf", "allOf")
         for sub in node.get(key, [])),
        default=0,
    )  # fmt: skip
    if node.get("type") == "object":
        extra = node.get("additionalProperties", True)
        inner = [_schema_depth(v, defs, open_ended) for v in node.get("properties", {}).values()]
        if extra is not False:
            inner.append(_schema_depth(extra, defs, open_ended))
        return max(deepest, 1 + max(inner, default=0))
    if node.get("type") == "array":
        return max(deepest, 1 + _schema_depth(node.get("items", True), defs, open_ended))
    return deepest


def test_ledger_depth_is_the_deepest_the_model_accepts() -> None:
    schema = Ledger.model_json_schema()
    open_ended: list[object] = []
    assert _schema_depth(schema, schema.get("$defs", {}), open_ended) == _read.LEDGER_DEPTH
    assert open_ended == []  # no field takes free-form JSON, so deeper values cannot validate


@pytest.mark.parametrize("path", LOAD_EXAMPLES, ids=lambda p: p.parent.name)
def test_fast_load_equals_the_straightforward_one_on_the_examples(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    loaded = _same_outcome(text, dj.Limits())
    assert isinstance(loaded, Ledger)
    for limits in (dj.Limits(max_string=20), dj.Limits(max_depth=4), dj.Limits(max_depth=5)):
        _same_outcome(text, limits)


# JSON values spelled by hand, so that a repeated key, a refused number, an escaped quote or
# a deep nest can be written as a file would hold it.
_NUMBERS = st.sampled_from(
    ["1", "-0", "2.50", "1e3", "1E+41", "1e-41", "NaN", "-Infinity", "1" * 9, "0.1234567"]
)
_TEXT = st.text(
    st.sampled_from(["a", "中", '"', "\\", "\n", "\u00e9", "\U0001f600", " "]), max_size=14
).map(lambda s: json.dumps(s, ensure_ascii=False))
_ESCAPED = st.text(st.sampled_from(["a", '"', "\\"]), max_size=14).map(json.dumps)
_LEAF = st.one_of(_NUMBERS, _TEXT, _ESCAPED, st.sampled_from(["true", "null", '"2025-01-01"']))
_KEYS = st.sampled_from(['"id"', '"title"', '"a"', '"kind"', '"long key of text"', '"\\"q\\""'])


def _object(items: list[tuple[str, str]]) -> str:
    return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"


_VALUE = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]"),
        st.lists(st.tuples(_KEYS, inner), max_size=3).map(_object),
        st.tuples(st.integers(1, 9), inner).map(lambda d: "[" * d[0] + d[1] + "]" * d[0]),
    ),
    max_leaves=12,
)
_LIMITS = st.builds(
    dj.Limits,
    max_depth=st.integers(1, 9),
    max_string=st.integers(1, 12),
    max_number=st.integers(1, 12),
    max_records=st.integers(1, 4),
)


@given(value=_VALUE, where=st.sampled_from(["top", "title", "meetings", "extra"]),
       limits=_LIMITS, cut=st.integers(0, 3))  # fmt: skip
@settings(max_examples=300, deadline=None)
def test_fast_load_equals_the_straightforward_one_on_hand_spelled_json(
    value: str, where: str, limits: dj.Limits, cut: int
) -> None:
    text = {
        "top": value,
        "title": f'{{"title": {value}}}',
        "meetings": f'{{"schema_version": "1.0", "meetings": [{value}]}}',
        "extra": f'{{"people": [], "x": {value}, "people": []}}',
    }[where]
    _same_outcome(text[: len(text) - cut] if cut < len(text) else text, limits)


def _mutated(text: str, at: int, kind: int, size: int) -> str:
    """The example ledger with one change at the ``at``-th value start."""
    starts = [m.start() for m in re.finditer(r'(?<=: )[\[{"\d]', text)]
    i = starts[at % len(starts)]
    if kind == 0:  # nest the value
        end = i + len(json.dumps(json.JSONDecoder().raw_decode(text, i)[0], ensure_ascii=False))
        return text[:i] + "[" * size + text[i:end] + "]" * size + text[end:]
    if kind == 1:  # a long string, with an escaped quote
        return text[:i] + json.dumps("长" * size + '"' + "x" * size) + ", " + '"zz": 1, ' + text[i:]
    if kind == 2:  # a repeated key
        brace = text.rfind("{", 0, i)
        key = text[brace + 1 : text.index(":", brace)]
        return text[: brace + 1] + f"{key}: 1, " + text[brace + 1 :]
    return text[:i] + ("9" * size if kind == 3 else "NaN") + text[i:]


@given(at=st.integers(0, 10_000), kind=st.integers(0, 4), size=st.integers(1, 80))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fast_load_equals_the_straightforward_one_on_changed_examples(
    at: int, kind: int, size: int
) -> None:
    text = _mutated(LOAD_EXAMPLES[0].read_text(encoding="utf-8"), at, kind, size)
    _same_outcome(text, dj.Limits(max_string=60, max_number=40, max_depth=40))


@given(strings=st.lists(st.text(st.sampled_from(['a', '"', '\\', '中', '\x01']), max_size=30),
                        min_size=1, max_size=4),
       limit=st.integers(1, 25), ascii_only=st.booleans())  # fmt: skip
def test_the_text_check_never_misses_a_long_string(
    strings: list[str], limit: int, ascii_only: bool
) -> None:
    text = json.dumps({s: [s, {"k": s}] for s in strings}, ensure_ascii=ascii_only)
    limits = dj.Limits(max_string=limit)
    if any(len(s) > limit for s in strings):
        assert _read.may_hold_long_text(text, limits)
    if not _read.may_hold_long_text(text, limits):
        assert _read.scan(_read.parse(text, limits), limits) == []


def _ledger_with_title(title: str) -> str:
    # The title last: no run of text after its closing quote to match by chance.
    return json.dumps({"organizations": [], "title": title}, ensure_ascii=False)


@pytest.mark.parametrize("title", ["x" * 30, '"' * 30, "\\" * 30, "中" * 30, "é" * 30])
def test_a_string_of_exactly_max_string_loads_and_one_more_is_refused(title: str) -> None:
    limits = dj.Limits(max_string=30)
    assert isinstance(_same_outcome(_ledger_with_title(title), limits), Ledger)
    refused = _same_outcome(_ledger_with_title(title + title[0]), limits)
    assert [(where, code) for where, code, *_ in refused] == [("title", "too_long")]


def test_a_long_string_split_by_escaped_quotes_is_found() -> None:
    limits = dj.Limits(max_string=30)
    title = 'ab"' * 11  # no run of 30 characters between two quotes of the text
    assert '"' + "x" * 31 not in json.dumps(title)
    refused = _same_outcome(_ledger_with_title(title), limits)
    assert [(where, code) for where, code, *_ in refused] == [("title", "too_long")]


def _nest(depth: int) -> str:
    """A ledger whose deepest value is ``depth`` levels down (the ledger itself is one)."""
    inner = depth - 1
    return '{"title": ' + "[" * inner + "]" * inner + "}"


@pytest.mark.parametrize("max_depth", [3, 5, 6, 64])
def test_depth_of_exactly_max_depth_and_one_more(max_depth: int) -> None:
    limits = dj.Limits(max_depth=max_depth)
    at_limit = _same_outcome(_nest(max_depth), limits)
    # A nest the model refuses, but not as too deep.
    assert all(code != "too_deep" for _, code, *_ in at_limit)
    assert _same_outcome(_nest(max_depth + 1), limits) == [
        ("(ledger)", "too_deep", *_problem_text(max_depth + 1, limits))
    ]


def _problem_text(depth: int, limits: dj.Limits) -> tuple[str, str]:
    p = _read.too_deep(depth, limits)
    return p.message_zh, p.message_en


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                  "[" * 2000 + "]" * 2000, "{" * 5000])  # fmt: skip
def test_text_deeper_than_the_parser_goes_is_refused_as_too_deep(text: str) -> None:
    problems = _same_outcome(text, dj.Limits())
    assert [(where, code) for where, code, *_ in problems] == [("(ledger)", "too_deep")]


# -- validation: a month checked by one function, dates let through by their type first ---------


def _old_check_month(value: str) -> str:
    found = _base._MONTH_RE.match(value)
    if not found:
        raise _base.problem_error(
            "value_error", "月份应写成 YYYY-MM", "a month must be written YYYY-MM"
        )
    if not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
        raise _out_of_range("月份", "month", value)
    return value


def _old_check_day(value: date) -> date:
    if not in_supported_years(value):
        raise _out_of_range("日期", "date", value)
    return value


def _out_of_range(what_zh: str, what_en: str, value: object) -> Exception:
    """The old validators' error for a month or a date outside the supported years."""
    return _base.problem_error(
        "date_out_of_range",
        f"{what_zh} {value} 超出支持的年份 {_base._YEARS_ZH}",
        f"{what_en} {value} is outside the supported years {_base._YEARS_ZH}",
    )


def _old_no_number(value: Any) -> Any:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise _base.problem_error(
            "date_type",
            f"日期应写成 YYYY-MM-DD，不能是数字（{value}）",
            f"a date must be written YYYY-MM-DD, not as a number ({value})",
        )
    return value


_OLD_MONTH = Annotated[
    str,
    AfterValidator(_old_check_month),
    Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2025-03"]),
]
_OLD_DAY = Annotated[date, BeforeValidator(_old_no_number), AfterValidator(_old_check_day)]


def _validated(adapter: TypeAdapter[Any], value: object) -> object:
    try:
        return ("ok", adapter.validate_python(value))
    except ValidationError as exc:
        return exc.errors(include_url=False)


_MONTHS_NEW, _MONTHS_OLD = TypeAdapter(list[_base.Month]), TypeAdapter(list[_OLD_MONTH])
_DAYS_NEW, _DAYS_OLD = TypeAdapter(list[_base.Day]), TypeAdapter(list[_OLD_DAY])
_ODD = st.one_of(
    st.integers(-10, 3_000_000_000), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2), st.binary(max_size=12),
    st.dates(), st.datetimes(), st.just([]), st.just({}),
)  # fmt: skip
_SPELLINGS = st.one_of(
    st.text(st.sampled_from("0123456789-\n \u0663\uff11xT:"), max_size=12),
    st.builds("{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13)),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13),
              st.integers(0, 32)),
).flatmap(lambda s: st.sampled_from([s, s + "\n", " " + s, s + "T00:00:00"]))  # fmt: skip


@given(st.lists(st.one_of(_SPELLINGS, _ODD), max_size=4))
@settings(max_examples=400)
def test_months_and_days_validate_as_before(values: list[object]) -> None:
    assert _validated(_MONTHS_NEW, values) == _validated(_MONTHS_OLD, values)
    assert _validated(_DAYS_NEW, values) == _validated(_DAYS_OLD, values)


@pytest.mark.parametrize(
    "value", ["2025-03", "2025-03\n", "1899-12", "1900-01", "2199-12", "2200-01", "２０２５-03",
              "\u0663\u0663\u0663\u0663-03", "2025-3", datetime(2025, 3, 1), b"2025-03"],
)  # fmt: skip
def test_month_boundaries_validate_as_before(value: object) -> None:
    assert _validated(_MONTHS_NEW, [value]) == _validated(_MONTHS_OLD, [value])
    assert _validated(_DAYS_NEW, [value]) == _validated(_DAYS_OLD, [value])


# -- integrity: lists looked up in one set operation, locations spelled only for a problem ------


_ID_LIKE = re.compile(r'"(?:id|[a-z_]*_ids?|entitled|present|contacts|introducers)": ')


def _corrupted(text: str, picks: list[int]) -> Ledger:
    """The example ledger with some ids and references replaced, built without the check."""
    spots = [m.end() for m in _ID_LIKE.finditer(text)]
    for k, pick in enumerate(sorted({p % len(spots) for p in picks}, reverse=True)):
        at = spots[pick]
        if text[at] == '"':
            end = text.index('"', at + 1)
            text = text[:at] + json.dumps(["zz-unknown", "p-dup"][k % 2]) + text[end + 1 :]
        elif text[at] == "[":
            text = (
                text[: at + 1] + '"zz-unknown", ' + text[at + 1 :] if text[at + 1] != "]" else text
            )
    data = json.loads(text, parse_float=Decimal)
    fields = {
        name: TypeAdapter(Ledger.model_fields[name].annotation).validate_python(value)
        for name, value in data.items()
    }
    return Ledger.model_construct(**fields)


#: Locations of the checks that now look a list up in one set operation first.
_FAST_CHECKED = re.compile(
    r"^(meetings\[\d+\]\.(org_ids\[\d+\]|entitled\[\d+\]|present\[\d+\]|grades\..*"
    r"|document_ids\[\d+\])|dues_payments\[\d+\]\.(person_id|months)"
    r"|trainings\[\d+\]\.person_id|[a-z_]+\[\d+\]\.id)$"
)


def _straightforward(ledger: Ledger) -> list[tuple[str, str, str]]:
    """What those checks find, item by item as they were written before: each unknown
    reference and each repeated id (naming where it was first used), in ledger order."""
    people = {p.id for p in ledger.people}
    orgs = {o.id for o in ledger.organizations}
    documents = {d.id for d in ledger.documents}
    out: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for name in integrity._ID_COLLECTIONS:
        for i, record in enumerate(getattr(ledger, name)):
            where = f"{name}[{i}].id"
            if record.id in seen:
                out.append(
                    (where, "duplicate_id", f"编号“{record.id}”重复（已用于 {seen[record.id]}）")
                )
            else:
                seen[record.id] = where

    def ref(where: str, value: str, known: set[str], what: str) -> None:
        if value not in known:
            out.append((where, "unknown_reference", f"引用的{what}“{value}”不存在"))

    for i, m in enumerate(ledger.meetings):
        for j, org_id in enumerate(m.org_ids):
            ref(f"meetings[{i}].org_ids[{j}]", org_id, orgs, "组织")
        for field in ("entitled", "present"):
            value = getattr(m, field)
            for j, pid in enumerate(value if isinstance(value, list) else []):
                ref(f"meetings[{i}].{field}[{j}]", pid, people, "人员")
        for pid in m.grades:
            ref(f"meetings[{i}].grades.{pid}", pid, people, "人员")
        for j, doc in enumerate(m.document_ids):
            ref(f"meetings[{i}].document_ids[{j}]", doc, documents, "文件")
    for i, pay in enumerate(ledger.dues_payments):
        ref(f"dues_payments[{i}].person_id", pay.person_id, people, "人员")
        if len(set(pay.months)) != len(pay.months):
            out.append((f"dues_payments[{i}].months", "duplicate_month", "所属月份重复"))
    for i, t in enumerate(ledger.trainings):
        ref(f"trainings[{i}].person_id", t.person_id, people, "人员")
    return out


def _fast(ledger: Ledger) -> list[tuple[str, str, str]]:
    return [
        (p.location, p.code, p.message_zh)
        for p in integrity.find_problems(ledger)
        if _FAST_CHECKED.match(p.location) and p.code in _CODES
    ]


_CODES = {"duplicate_id", "unknown_reference", "duplicate_month"}


def _compared(ledger: Ledger) -> None:
    fast, slow = _fast(ledger), _straightforward(ledger)
    assert sorted(fast) == sorted(slow)


@pytest.mark.parametrize("path", LOAD_EXAMPLES, ids=lambda p: p.parent.name)
def test_integrity_equals_the_straightforward_checks_on_the_examples(path: Path) -> None:
    ledger = dj.load_ledger(path)
    assert integrity.find_problems(ledger) == []
    assert _straightforward(ledger) == []


@given(st.lists(st.integers(0, 100_000), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_integrity_equals_the_straightforward_checks_on_broken_references(picks: list[int]) -> None:
    _compared(_corrupted(LOAD_EXAMPLES[0].read_text(encoding="utf-8"), picks))


def test_the_comparison_sees_a_broken_reference_of_every_kind() -> None:
    """The reference is not vacuous: a ledger with one of each kind of broken reference."""
    ledger = dj.load_ledger(LOAD_EXAMPLES[0])
    m = ledger.meetings[0].model_copy(
        update={
            "org_ids": ["zz-org"],
            "present": ["zz-p"],
            "grades": {"zz-g": ledger.meetings[0].grades.get(next(iter(ledger.meetings[0].grades)))}
            if ledger.meetings[0].grades
            else {},
            "document_ids": ["zz-doc"],
        }
    )
    pay = ledger.dues_payments[0].model_copy(update={"person_id": "zz-payer"})
    broken = Ledger.model_construct(
        **{
            **{name: getattr(ledger, name) for name in Ledger.model_fields},
            "meetings": [m, *ledger.meetings[1:], ledger.meetings[1]],
            "dues_payments": [pay, *ledger.dues_payments[1:]],
        }
    )
    found = _straightforward(broken)
    assert {"duplicate_id", "unknown_reference"} <= {code for _, code, _ in found}
    assert any(".org_ids[" in w for w, _, _ in found) and any(
        ".document_ids[" in w for w, _, _ in found
    )
    _compared(broken)


# -- memory: one set of field names per distinct set, shared by the records ------------------


@pytest.mark.parametrize("path", LOAD_EXAMPLES, ids=lambda p: p.parent.name)
def test_shared_fields_sets_equal_those_of_a_plain_validation(path: Path) -> None:
    ledger = dj.load_ledger(path)
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    for name, value in data.items():
        if not isinstance(value, list):
            continue
        plain = TypeAdapter(Ledger.model_fields[name].annotation).validate_python(value)
        assert plain == getattr(ledger, name)
        assert [r.model_dump(exclude_unset=True) for r in plain] == [
            r.model_dump(exclude_unset=True) for r in getattr(ledger, name)
        ]
    sets = {id(p.model_fields_set) for p in ledger.people}
    assert len(sets) < len(ledger.people)  # shared, not one each


def test_a_copy_with_an_update_leaves_the_shared_set_alone() -> None:
    ledger = dj.load_ledger(LOAD_EXAMPLES[0])
    by_set: dict[int, list[object]] = {}
    for person in ledger.people:
        by_set.setdefault(id(person.model_fields_set), []).append(person)
    first, second = next(group for group in by_set.values() if len(group) > 1)[:2]
    before = set(second.model_fields_set)
    copied = first.model_copy(update={"dual_leader": True})
    assert "dual_leader" in copied.model_fields_set
    assert first.model_fields_set == second.model_fields_set == before
