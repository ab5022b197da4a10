"""load_ledger's input side (issue 11 B, C, D, I, M, N, S): path or text, encodings, limits,
repeated keys, bounded numbers and dates, and an organisation walk that stays linear.

Each test names the crash or silent loss it pins: before the fix these inputs raised
``decimal.InvalidOperation``, ``UnicodeDecodeError``, ``RecursionError`` or ``ValueError``,
dropped 391 meetings without a word, or took over a minute.
"""

from __future__ import annotations

import decimal
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core.io import DEFAULT_LIMITS, Limits

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENT = ROOT / "examples" / "department.json"


def small() -> dict[str, Any]:
    return {
        "organizations": [
            {"id": "school", "name": "校党委", "kind": "校党委"},
            {"id": "gb", "name": "机电系党总支", "kind": "党总支", "parent_id": "school"},
            {"id": "b1", "name": "教工一支部", "kind": "党支部", "parent_id": "gb"},
        ],
        "people": [{"id": "p1", "name": "张三", "category": "教师"}],
    }


def problems(**call: Any) -> list[tuple[str, str]]:
    source = call.pop("source", None)
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(source, **call)
    error = info.value
    rendered = str(error)
    assert "Traceback" not in rendered
    shown = {line.removeprefix("  - ").split(": ")[0] for line in rendered.splitlines()[1:]}
    for p in error.problems:
        assert p.location and p.location in shown
    return [(p.location, p.code) for p in error.problems]


def messages(**call: Any) -> str:
    source = call.pop("source", None)
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(source, **call)
    return str(info.value)


# -- M, N: a str is a path; JSON text goes through text= -------------------------------------


def test_text_reads_json_text_str_and_bytes():
    text = json.dumps(small(), ensure_ascii=False)
    assert dj.load_ledger(text=text) == dj.load_ledger(small())
    assert dj.load_ledger(text=text.encode()) == dj.load_ledger(small())
    assert dj.load_ledger(text="\ufeff" + text) == dj.load_ledger(small())


def test_json_text_given_as_a_path_is_refused_with_the_text_hint():
    # before: '[]' was "No such file '[]'", and '{…}' was silently parsed as JSON
    for source in ("[]", '{"people": []}', "  \n{}"):
        found = messages(source=source)
        assert "text=" in found
        assert "JSON" in found


def test_a_ledger_must_be_a_json_object():
    assert messages(text="[]").count("a ledger must be a JSON object") == 1
    assert problems(text='"台账"') == [("(ledger)", "model_type")]


def test_nul_in_a_path_is_a_ledger_error_not_a_value_error():
    # before: ValueError("embedded null byte") escaped from pathlib
    assert problems(source="ledger\x00.json") == [("(source)", "io")]


def test_a_long_json_text_as_path_is_a_ledger_error():
    text = json.dumps(small()) + " " * 5000  # "File name too long" from the OS
    assert "text=" in messages(source=text)


@pytest.mark.parametrize(
    "call",
    [
        {},
        {"source": DEPARTMENT, "text": "{}"},
        {"source": b"{}"},
        {"source": 42},
        {"text": 42},
        {"text": "{}", "encoding": 8},
        {"text": "{}", "limits": {"max_bytes": 1}},
    ],
    ids=["nothing", "both", "bytes-source", "int-source", "int-text", "int-encoding", "limits"],
)
def test_a_wrong_call_is_a_type_error(call: dict[str, Any]):
    source = call.pop("source", None)
    with pytest.raises(TypeError):
        dj.load_ledger(source, **call)


# -- I: encodings, binary files, limits ------------------------------------------------------


def test_gbk_is_recognised_and_can_be_read_with_encoding():
    data = json.dumps({"title": "机电工程系台账", **small()}, ensure_ascii=False).encode("gbk")
    found = messages(text=data)
    assert "GBK" in found and "iconv -f GBK -t UTF-8" in found and "另存为 UTF-8" in found
    assert dj.load_ledger(text=data, encoding="gbk").title == "机电工程系台账"


def test_latin1_is_not_utf8_and_says_so(tmp_path: Path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"title": "Caf\xe9", "people": []}')
    found = messages(source=path)
    assert "UTF-8" in found and "0xE9" in found
    assert dj.load_ledger(path, encoding="latin-1").title == "Café"


def test_an_unknown_encoding_is_a_ledger_error():
    assert problems(text=b"{}", encoding="no-such-codec") == [("(encoding)", "encoding")]


def test_utf16_is_named():
    data = json.dumps(small(), ensure_ascii=False).encode("utf-16")
    assert "UTF-16" in messages(text=data)
    assert dj.load_ledger(text=data, encoding="utf-16") == dj.load_ledger(small())


def test_a_zip_is_named_never_opened():
    found = messages(text=b"PK\x03\x04" + b"\x00" * 100)
    assert "zip" in found


def test_limits_are_configurable_and_located():
    text = json.dumps({**small(), "title": "长" * 50})
    assert problems(text=text, limits=Limits(max_string=20)) == [("title", "too_long")]
    assert problems(text=text, limits=Limits(max_bytes=100)) == [("(text)", "too_large")]
    assert problems(text=text, limits=Limits(max_records=3)) == [("people", "too_many_records")]
    assert problems(text='{"title": 12345}', limits=Limits(max_number=3)) == [
        ("title", "bad_number")
    ]
    nested = '{"title": [[[[1]]]]}'
    assert problems(text=nested, limits=Limits(max_depth=3))[0][1] == "too_deep"
    with pytest.raises(TypeError):
        Limits(max_depth=0)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(2000)  # sparse: 2000 bytes of NUL, none of them read
    assert problems(source=path, limits=Limits(max_bytes=1000)) == [(str(path), "too_large")]


def test_default_limits_are_documented():
    doc = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    assert DEFAULT_LIMITS.max_bytes == 40 * 1024 * 1024
    for value in ("40 MiB", str(DEFAULT_LIMITS.max_depth), "100,000", "1,000,000", "100 个字符"):
        assert value in doc, value


def test_a_self_containing_mapping_ends():
    looped: dict[str, Any] = {}
    looped["again"] = looped
    data = {**small(), "title": looped}
    assert problems(source=data)[0][0] == "title"


# -- D: a repeated key is an error, at any depth ---------------------------------------------


def test_a_repeated_top_level_key_does_not_drop_the_first():
    # before: the second "meetings": [] won and the first list was lost without a word
    data = json.loads(DEPARTMENT.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)[:-1] + ', "meetings": []}'
    assert problems(text=text) == [("meetings", "duplicate_key")]


def test_a_repeated_nested_key_is_located():
    text = (
        '{"organizations": [{"id": "b1", "name": "一支部", "kind": "党支部"}], "meetings": ['
        + ", ".join(
            f'{{"id": "m{i}", "kind": "支委会", "org_ids": ["b1"], "date": "2025-01-10"'
            + (', "date": "2025-02-10"' if i == 3 else "")
            + "}"
            for i in range(5)
        )
        + "]}"
    )
    found = messages(text=text)
    assert "meetings[3].date: 键“date”重复" in found


# -- B: bounded amounts, bases and metric values; money in its own decimal context -----------


@pytest.mark.parametrize(
    ("where", "edit"),
    [
        ("dues_payments[0].amount", lambda d: d["dues_payments"][0].update(amount="1E+28")),
        (
            "people[0].incomes[0].base",
            lambda d: d["people"][0].update(
                incomes=[{"effective": "2025-01", "category": "在职", "base": "1E+28"}]
            ),
        ),
        ("metrics[0].value", lambda d: d["metrics"][0].update(value="1E+28")),
        ("trainings[0].hours", lambda d: d["trainings"][0].update(hours="1E+28")),
    ],
)
def test_huge_numbers_are_refused_with_the_field(where: str, edit: Any):
    data = small()
    data["people"][0]["memberships"] = [{"org_id": "b1", "start": "2024-01-01"}]
    data["dues_payments"] = [
        {
            "id": "d1",
            "person_id": "p1",
            "months": ["2025-01"],
            "amount": "1",
            "paid_on": "2025-01-02",
        }
    ]
    data["metrics"] = [
        {
            "id": "x1",
            "name": "rate",
            "org_id": "gb",
            "value": "1",
            "start": "2025-01-01",
            "end": "2025-06-30",
        }
    ]
    data["trainings"] = [
        {"id": "t1", "person_id": "p1", "kind": "member_study", "date": "2025-01-02", "hours": 1}
    ]
    dj.load_ledger(data)
    edit(data)
    assert (where, "less_than_equal") in problems(source=data)
    assert "上限" in messages(source=data)


def test_money_and_shares_keep_their_own_decimal_context():
    # before: a caller's context (or the default 28 digits against 1E+28) made dues.amount
    # and outcome.employment_rate raise decimal.InvalidOperation in the middle of a run
    data = small()
    data["people"][0].update(
        memberships=[{"org_id": "b1", "start": "2024-01-01"}],
        party={"admission": "2010-06-01", "conversion": "2011-06-01"},
        incomes=[{"effective": "2025-01", "category": "在职", "base": "999999999.99"}],
    )
    data["metrics"] = [
        {
            "id": "x1",
            "name": "rate",
            "org_id": "gb",
            "value": "999999999999",
            "start": "2025-01-01",
            "end": "2025-06-30",
        }
    ]
    ledger = dj.load_ledger(data)
    with decimal.localcontext(decimal.Context(prec=6)):
        found = dj.check(
            ledger,
            as_of=date(2025, 6, 30),
            rules=["dues.amount", "outcome.employment_rate"],
            params={"outcome.employment_rate": {"metric_name": "rate"}},
        )
    assert found.counts().get("error", 0) == 0, [f.message_en for f in found]
    rate = [f for f in found if f.rule_id == "outcome.employment_rate"]
    assert rate and "99999999999900%" in rate[0].message_zh


def test_a_huge_exponent_never_reaches_int_conversion():
    # 1e999999999 as a count would build a billion-digit int (a hang); refused in time
    start = time.perf_counter()
    text = '{"headcounts": [{"id": "h", "unit_id": "u", "date": "2025-01-01", "students": 1e999999999}]}'
    assert problems(text=text) == [("headcounts[0].students", "bad_number")]
    data = {
        "headcounts": [
            {
                "id": "h",
                "unit_id": "u",
                "date": "2025-01-01",
                "students": decimal.Decimal("1E+999999999"),
            }
        ]
    }
    assert problems(source=data) == [("headcounts[0].students", "bad_number")]
    assert time.perf_counter() - start < 2


# -- C: every date and month lies in the supported years --------------------------------------


def test_dues_months_and_dates_outside_the_supported_years_are_located():
    # before: 0000-01 and 9999-12 loaded, then dues.backpay raised "year 0 is out of range"
    data = small()
    data["dues_payments"] = [
        {
            "id": "d1",
            "person_id": "p1",
            "months": ["0000-01", "9999-12", "2025-01"],
            "amount": "1.00",
            "paid_on": "2025-01-02",
        }
    ]
    data["coverage"] = {"start": "0001-01-01"}
    data["people"][0]["party"] = {"application": "9999-12-31"}
    data["development_cases"] = [
        {"id": "c1", "person_id": "p1", "branch_id": "b1", "reviews": ["1899-12-31"]}
    ]
    assert set(problems(source=data)) == {
        ("dues_payments[0].months[0]", "date_out_of_range"),
        ("dues_payments[0].months[1]", "date_out_of_range"),
        ("coverage.start", "date_out_of_range"),
        ("people[0].party.application", "date_out_of_range"),
        ("development_cases[0].reviews[0]", "date_out_of_range"),
    }
    assert "1900–2199" in messages(source=data)


def test_the_edges_of_the_supported_years_load():
    data = small()
    data["coverage"] = {"start": "1900-01-01", "end": "2199-12-31"}
    data["dues_payments"] = [
        {
            "id": "d1",
            "person_id": "p1",
            "months": ["1900-01", "2199-12"],
            "amount": "1.00",
            "paid_on": "2199-12-31",
        }
    ]
    dj.load_ledger(data)


# -- S: the organisation walk is linear ------------------------------------------------------


def _chain(n: int, *, loop: bool) -> dict[str, Any]:
    orgs = [{"id": "o0", "name": "根", "kind": "校党委"}]
    orgs += [
        {"id": f"o{i}", "name": f"组织{i}", "kind": "党支部", "parent_id": f"o{i - 1}"}
        for i in range(1, n)
    ]
    if loop:
        orgs[0] = {"id": "o0", "name": "根", "kind": "党支部", "parent_id": f"o{n - 1}"}
    return {"organizations": orgs}


@pytest.mark.parametrize("loop", [False, True], ids=["chain", "cycle"])
def test_a_10000_deep_chain_is_refused_quickly(loop: bool):
    # before: over a minute (each organisation walked its whole chain of parents).  A chain
    # this deep is never valid — a branch cannot sit under a branch — so it is refused.
    data = _chain(10_000, loop=loop)
    start = time.perf_counter()
    found = problems(source=data)
    assert time.perf_counter() - start < 3
    codes = {code for _, code in found}
    assert "bad_parent" in codes
    assert ("cycle" in codes) is loop


def test_a_number_is_never_read_as_a_date():
    # pydantic alone reads 1735689600 as the Unix timestamp of 2025-01-01.
    data = json.loads((ROOT / "examples" / "department.json").read_text(encoding="utf-8"))
    data["meetings"][0]["date"] = 1735689600
    with pytest.raises(dj.LedgerError) as caught:
        dj.load_ledger(data)
    assert caught.value.locations() == ["meetings[0].date"]
    assert "YYYY-MM-DD" in str(caught.value)
