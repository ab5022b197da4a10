"""Fuzzing the two inputs a user writes by hand: the ledger (台账) and the scoring scheme.

The standard of issue 11: every bad input is refused with *one* documented error
(:class:`~dangjian_core.LedgerError`, :class:`~dangjian_core.SchemeError`) — never a traceback
of another type, a hang or a half-loaded ledger — and whatever loads can be checked without a
rule crashing.  Hand-written examples only cover the mistakes someone thought of; here valid
inputs are taken apart at random: a key deleted, a value of the wrong type, a string where a
number belongs, an unknown key, a list item twice, an impossible date, a huge number, the
text cut short or corrupted.

The valid starting points are ledgers from :func:`dangjian_core.testing.strategies.ledgers`
and the realistic ``examples/department.json``, and the built-in five-in-place scheme (as data
and as TOML text).  Each property runs a bounded number of examples so that CI stays fast.
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dangjian_core as dj
from dangjian_core.periods import FIRST_YEAR, LAST_YEAR
from dangjian_core.rules import Status
from dangjian_core.scoring import parse_scheme
from dangjian_core.testing import strategies as dst

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "department.json"

# Each fuzz test does real work per example (load, then a full check), so a few dozen
# examples each keep the file to a few seconds while CI still sees hundreds in total.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

JsonPath = tuple[str | int, ...]

# --------------------------------------------------------------------------- starting points


@cache
def example_data() -> dict[str, Any]:
    """The realistic department ledger as JSON-mode data (read once)."""
    return dj.load_ledger(EXAMPLE).model_dump(mode="json")


@cache
def scheme_data() -> dict[str, Any]:
    """The built-in five-in-place scheme as plain data, as a scheme author would write it.

    ``exclude_none``: the plain dump carries ``extends = None``, which reads as an overlay
    (see test_guarantees.py::test_a_dumped_scheme_parses_back_equal)."""
    return dj.get_scheme("five-in-place").model_dump(mode="json", exclude_none=True)


@cache
def scheme_toml() -> str:
    """The built-in five-in-place scheme file, byte for byte."""
    folder = resources.files("dangjian_core.scoring") / "schemes"
    return (folder / "five-in-place.toml").read_text(encoding="utf-8")


ledger_data = st.one_of(
    dst.ledgers(max_people=3, max_meetings=3).map(lambda ledger: ledger.model_dump(mode="json")),
    st.builds(lambda: copy.deepcopy(example_data())),
)

# --------------------------------------------------------------------------- mutation engine

_IMPOSSIBLE_DATES = (
    "2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01",
    "0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31", "10000-01-01", "-2025-01-01",
    "2025-1-1", "2025/01/01", "20250101", "2025-01-01T25:00", "2025-01", "", "二〇二五年一月",
)  # fmt: skip
_HUGE_NUMBERS: tuple[Any, ...] = (
    10**400, -(10**400), 2**63, -(2**63) - 1, 1e308, -1e308, 5e-324, 10**30, -1,
    math.inf, -math.inf, math.nan, "1e999999", "9" * 200, "-0", "0E-1000000",
)  # fmt: skip
_NASTY_STRINGS = (
    "", " ", "\x00", "\ud800", "\u202e", "null", "NaN", "true", "{}", "[]", "a" * 5000,
    "支部\n大会", "../../etc/passwd", "${x}", "%s%n",
)  # fmt: skip

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(_NASTY_STRINGS),
    st.sampled_from(_HUGE_NUMBERS),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)

MUTATIONS = (
    "delete", "retype", "swap_string_number", "unknown_key", "duplicate_item",
    "impossible_date", "huge_number", "nasty_string", "empty_container",
)  # fmt: skip


def _paths(node: Any, here: JsonPath = ()) -> list[JsonPath]:
    """Every place inside ``node`` (not the root itself), parents before children."""
    out: list[JsonPath] = []
    children: list[tuple[str | int, Any]] = []
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node))
    for key, child in children:
        out.append((*here, key))
        out.extend(_paths(child, (*here, key)))
    return out


def _get(node: Any, path: JsonPath) -> Any:
    for part in path:
        node = node[part]
    return node


def _swapped(value: Any, draw: st.DrawFn) -> Any:
    """A string spelled as a number, a number spelled as a string, anything else a number."""
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else 0
        except ValueError:
            return draw(st.integers() | st.floats(allow_nan=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return draw(st.integers())


@st.composite
def mutated(
    draw: st.DrawFn, data: st.SearchStrategy[dict[str, Any]], max_mutations: int = 3
) -> Any:
    """A valid document (``data``) with one to ``max_mutations`` random mutations applied."""
    doc: Any = draw(data)
    for _ in range(draw(st.integers(1, max_mutations))):
        paths = _paths(doc)
        if not paths:
            doc = draw(json_values)
            continue
        path = paths[draw(st.integers(0, len(paths) - 1))]
        parent = _get(doc, path[:-1])
        key = path[-1]
        value = parent[key]
        kind = draw(st.sampled_from(MUTATIONS))
        if kind == "delete":
            del parent[key]
        elif kind == "retype":
            parent[key] = draw(json_values)
        elif kind == "swap_string_number":
            parent[key] = _swapped(value, draw)
        elif kind == "unknown_key":
            target = value if isinstance(value, dict) else parent
            if isinstance(target, dict):
                target[draw(st.text(max_size=8))] = draw(json_values)
            else:
                target.append(draw(json_values))
        elif kind == "duplicate_item":
            if isinstance(parent, list):
                assert isinstance(key, int)
                parent.insert(key, copy.deepcopy(value))
            else:
                parent[key] = [copy.deepcopy(value), copy.deepcopy(value)]
        elif kind == "impossible_date":
            parent[key] = draw(st.sampled_from(_IMPOSSIBLE_DATES))
        elif kind == "huge_number":
            parent[key] = draw(st.sampled_from(_HUGE_NUMBERS))
        elif kind == "nasty_string":
            parent[key] = draw(st.sampled_from(_NASTY_STRINGS))
        else:  # empty_container
            parent[key] = draw(st.sampled_from(([], {}, None)))
    return doc


TEXT_MUTATIONS = (
    "truncate", "insert_char", "delete_char", "replace_char", "huge_literal", "nan_literal",
    "deep_nesting", "duplicate_key", "bad_bytes", "bom", "other_encoding",
)  # fmt: skip


@st.composite
def mutated_text(draw: st.DrawFn, data: st.SearchStrategy[dict[str, Any]]) -> str | bytes:
    """A valid ledger's JSON text, damaged the way files are damaged: cut short, corrupted
    characters, number literals Python cannot read, nesting deep enough to exhaust the
    stack, keys given twice, bytes that are not UTF-8."""
    text = json.dumps(draw(data), ensure_ascii=draw(st.booleans()))
    kind = draw(st.sampled_from(TEXT_MUTATIONS))
    at = draw(st.integers(0, len(text)))
    if kind == "truncate":
        return text[:at]
    if kind == "insert_char":
        return text[:at] + draw(st.characters()) + text[at:]
    if kind == "delete_char":
        return text[:at] + text[at + 1 :]
    if kind == "replace_char":
        return text[:at] + draw(st.sampled_from('{}[]",:0 -.e\\nt')) + text[at + 1 :]
    if kind == "huge_literal":
        digits = draw(st.sampled_from((400, 4301, 20_000)))
        literal = draw(st.sampled_from(("9" * digits, f"1e{digits}", f"0.{'1' * digits}")))
        return f'{{"title": {literal}, {text[1:]}' if len(text) > 2 else f'{{"title": {literal}}}'
    if kind == "nan_literal":
        literal = draw(st.sampled_from(("NaN", "Infinity", "-Infinity")))
        return f'{{"coverage": {{"start": {literal}}}, {text[1:]}' if len(text) > 2 else "NaN"
    if kind == "deep_nesting":
        depth = draw(st.sampled_from((200, 5_000, 200_000)))
        nested = "[" * depth + "]" * depth
        return f'{{"title": {nested}, {text[1:]}' if len(text) > 2 else nested
    if kind == "duplicate_key":
        return '{"title": "甲", "title": "乙", ' + text[1:] if len(text) > 2 else text
    raw = text.encode("utf-8")
    if kind == "bad_bytes":
        cut = draw(st.integers(0, len(raw)))
        return (
            raw[:cut]
            + draw(st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00")))
            + raw[cut:]
        )
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    return text.encode(draw(st.sampled_from(("utf-16", "gb18030", "latin-1"))), errors="replace")


# --------------------------------------------------------------------------- the oracle

AS_OF = st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))


def _loaded_or_refused(load: Any) -> dj.Ledger | None:
    """Run ``load()``: a Ledger, or None after a LedgerError that names its problems.  Any
    other exception propagates and fails the test, with the input hypothesis shrank to."""
    try:
        ledger = load()
    except dj.LedgerError as exc:
        refused = exc
    else:
        assert isinstance(ledger, dj.Ledger)
        return ledger
    assert refused.problems, "a LedgerError must list at least one problem"
    assert all(p.location for p in refused.problems)
    return None


def _checks_without_error(ledger: dj.Ledger, as_of: date) -> None:
    errors = [f for f in dj.check(ledger, as_of=as_of) if f.status is Status.ERROR]
    assert not errors, [f.message_en for f in errors]


# --------------------------------------------------------------------------- ledger fuzz


@FUZZ
@given(mutated(ledger_data), AS_OF)
def test_a_mutated_ledger_loads_or_is_refused_and_a_loaded_one_checks_cleanly(data, as_of):
    ledger = _loaded_or_refused(lambda: dj.load_ledger(data))
    if ledger is not None:
        _checks_without_error(ledger, as_of)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(st.builds(lambda: copy.deepcopy(example_data())), max_mutations=1), AS_OF)
def test_one_mutation_of_the_example_ledger_loads_or_is_refused(data, as_of):
    """A single mutation of a rich ledger is the common real case: one cell typed wrong."""
    ledger = _loaded_or_refused(lambda: dj.load_ledger(data))
    if ledger is not None:
        _checks_without_error(ledger, as_of)


@FUZZ
@given(mutated_text(ledger_data), AS_OF)
def test_damaged_ledger_text_loads_or_is_refused(text, as_of):
    ledger = _loaded_or_refused(lambda: dj.load_ledger(text=text))
    if ledger is not None:
        _checks_without_error(ledger, as_of)


@settings(max_examples=30, deadline=None)
@given(json_values)
def test_any_json_value_as_a_ledger_loads_or_is_refused(value):
    """Not even an object: a list, a number, null — as data and as text."""
    if isinstance(value, dict):
        _loaded_or_refused(lambda: dj.load_ledger(value))
    try:
        text = json.dumps(value)
    except ValueError:
        return
    _loaded_or_refused(lambda: dj.load_ledger(text=text))


# --------------------------------------------------------------------------- scheme fuzz


def _parsed_or_refused(parse: Any) -> dj.Scheme | None:
    try:
        scheme = parse()
    except dj.SchemeError as exc:
        refused = exc
    else:
        assert isinstance(scheme, dj.Scheme)
        return scheme
    assert refused.problems, "a SchemeError must list at least one problem"
    return None


scheme_mutations = mutated(st.builds(lambda: copy.deepcopy(scheme_data())))


def test_the_scheme_fuzz_starts_from_valid_data():
    assert isinstance(parse_scheme(scheme_data()), dj.Scheme)


@FUZZ
@given(scheme_mutations)
def test_mutated_scheme_data_parses_or_is_refused(data):
    if not isinstance(data, dict):
        return  # parse_scheme takes a mapping; anything else is the caller's TypeError
    _parsed_or_refused(lambda: parse_scheme(data))


@settings(max_examples=30, deadline=None)
@given(scheme_mutations, st.sampled_from(("five-in-place", "seven-effective", "nowhere", "")))
def test_a_mutated_overlay_parses_or_is_refused(data, base):
    """The same mutations as an overlay (``extends``) of a built-in, or of nothing."""
    if not isinstance(data, dict):
        return
    overlay = {"extends": base, "id": "overlay", "version": "1"}
    for key in ("indicators", "skip", "dimensions_points", "params", "title", "total"):
        if key in data:
            overlay[key] = data[key]
    _parsed_or_refused(lambda: parse_scheme(overlay))


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 10**6),
    st.sampled_from(("truncate", "insert", "replace", "delete")),
    st.characters(),
)
def test_damaged_scheme_toml_loads_or_is_refused(at, kind, char):
    text = scheme_toml()
    at %= len(text) + 1
    damaged = {
        "truncate": text[:at],
        "insert": text[:at] + char + text[at:],
        "replace": text[:at] + char + text[at + 1 :],
        "delete": text[:at] + text[at + 1 :],
    }[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scheme.toml"
        path.write_text(damaged, encoding="utf-8", errors="surrogatepass")
        _parsed_or_refused(lambda: dj.load_scheme(path))
