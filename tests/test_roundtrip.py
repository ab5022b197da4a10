"""A ledger survives JSON exactly: what is dumped loads back equal, by every entry point.

The properties run on ledgers from :mod:`dangjian_core.testing.strategies`, which are valid by
construction and full of the values that break serialisation (Decimal amounts, Chinese text,
attendance as lists or counts, empty optional fields, month ends and 29 February).  The
examples pin the input side: Chinese labels in, English values out; unknown fields refused;
every integrity problem reported at once; money kept to the cent.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

import dangjian_core as dj
from dangjian_core.model import (
    AppraisalGrade,
    IncomeCategory,
    Ledger,
    MeetingKind,
    MemberStatus,
    Mode,
    OrgKind,
    PersonCategory,
    Role,
)
from dangjian_core.testing import strategies as dst

# --------------------------------------------------------------------------- properties


@given(dst.ledgers())
def test_json_text_round_trip_is_exact(ledger: Ledger):
    text = ledger.model_dump_json()
    again = Ledger.model_validate_json(text)
    assert again == ledger
    # Dumping is deterministic, and a reloaded ledger dumps to the very same text: equality
    # alone would hide a Decimal("1.10") coming back as Decimal("1.1").
    assert ledger.model_dump_json() == text
    assert again.model_dump_json() == text


@given(dst.ledgers())
def test_load_ledger_reads_back_dumped_text_and_dict(ledger: Ledger):
    text = ledger.model_dump_json()
    as_dict = ledger.model_dump(mode="json")
    assert dj.load_ledger(text=text) == ledger
    assert dj.load_ledger(as_dict) == ledger
    # The JSON-mode dict and the JSON text say the same thing.
    assert json.loads(text) == as_dict


@given(dst.organizations_trees())
def test_generated_organization_trees_are_valid_ledgers(tree):
    ledger = Ledger(organizations=tree)
    assert len({o.id for o in ledger.organizations}) == len(tree)


@given(dst.edge_dates(date(2024, 2, 10), date(2024, 3, 5)))
def test_edge_dates_stay_in_range(day: date):
    assert date(2024, 2, 10) <= day <= date(2024, 3, 5)


@given(dst.party_dates())
def test_generated_party_dates_are_ordered(party):
    steps = [party.application, party.activist, party.candidate, party.admission]
    steps += [party.conversion, party.left]
    present = [d for d in steps if d is not None]
    assert present == sorted(present)
    assert party.conversion is None or party.admission is not None


# --------------------------------------------------------------------------- examples


def _labelled() -> dict[str, Any]:
    """A ledger typed the way a school types it: every enum as its Chinese label."""
    return {
        "organizations": [
            {"id": "gb", "name": "机电系党总支", "kind": "党总支"},
            {"id": "b1", "name": "学生第一党支部", "kind": "党支部", "parent_id": "gb",
             "category": "学生支部", "student_level": "本科生"},
        ],
        "people": [
            {"id": "p1", "name": "欧阳娜娜", "category": "教师",
             "incomes": [{"effective": "2024-02", "category": "在职", "base": "8000.00"}]},
        ],
        "party_roles": [
            {"id": "r1", "org_id": "b1", "person_id": "p1", "role": "书记", "start": "2024-02-29"}
        ],
        "meetings": [
            {"id": "m1", "kind": "支委会", "org_ids": ["b1"], "date": "2024-02-29", "mode": "线上",
             "entitled": ["p1"], "present": ["p1"], "grades": {"p1": "优秀"}},
        ],
    }


@pytest.mark.parametrize("as_text", [False, True], ids=["dict", "json"])
def test_chinese_labels_are_read_and_dumped_as_english_values(as_text: bool):
    data = _labelled()
    ledger = (
        dj.load_ledger(text=json.dumps(data, ensure_ascii=False)) if as_text else dj.load_ledger(data)
    )
    assert ledger.organizations[0].kind is OrgKind.GENERAL_BRANCH
    assert ledger.organizations[1].kind is OrgKind.BRANCH
    assert ledger.people[0].category is PersonCategory.TEACHER
    assert ledger.people[0].incomes[0].category is IncomeCategory.SALARIED
    assert ledger.party_roles[0].role is Role.SECRETARY
    meeting = ledger.meetings[0]
    assert meeting.kind is MeetingKind.COMMITTEE
    assert meeting.mode is Mode.ONLINE
    assert meeting.grades == {"p1": AppraisalGrade.EXCELLENT}

    dumped = ledger.model_dump(mode="json")
    assert [o["kind"] for o in dumped["organizations"]] == ["general_branch", "branch"]
    assert dumped["organizations"][1]["category"] == "student"
    assert dumped["organizations"][1]["student_level"] == "undergraduate"
    assert dumped["people"][0]["category"] == "teacher"
    assert dumped["people"][0]["incomes"][0]["category"] == "salaried"
    assert dumped["party_roles"][0]["role"] == "secretary"
    assert dumped["meetings"][0]["kind"] == "committee"
    assert dumped["meetings"][0]["mode"] == "online"
    assert dumped["meetings"][0]["grades"] == {"p1": "excellent"}
    text = ledger.model_dump_json()
    for label in ("党总支", "党支部", "书记", "线上", "支委会", "优秀", "在职"):
        assert f'"{label}"' not in text
    # and the English dump reads back to the same ledger
    assert dj.load_ledger(text=text) == ledger


def test_every_label_of_a_status_is_accepted():
    assert MemberStatus("正式党员") is MemberStatus.FULL
    assert MemberStatus("正式") is MemberStatus.FULL
    assert MemberStatus("预备党员") is MemberStatus.PROBATIONARY
    assert MemberStatus(" 群众 ") is MemberStatus.NONE
    assert MemberStatus.FULL.zh == "正式党员"
    assert Mode("云上") is Mode.ONLINE


def test_unknown_fields_are_errors_not_dropped():
    data = _labelled()
    data["organisations"] = []  # a misspelt top-level key
    data["people"][0]["nmae"] = "张三"  # a misspelt column
    data["meetings"][0]["agenda"] = [{"title": "发展党员", "note": "nested too"}]
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(data)
    found = {(p.location, p.code) for p in info.value.problems}
    assert found == {
        ("organisations", "extra_forbidden"),
        ("people[0].nmae", "extra_forbidden"),
        ("meetings[0].agenda[0].note", "extra_forbidden"),
    }
    # The model itself refuses them too; nothing is silently ignored.
    with pytest.raises(ValidationError):
        Ledger.model_validate({"organisations": []})


def test_ledger_error_lists_every_integrity_problem():
    data: dict[str, Any] = {
        "organizations": [
            {"id": "gb", "name": "党总支", "kind": "general_branch"},
            {"id": "b1", "name": "第一支部", "kind": "branch", "parent_id": "gb"},
            {"id": "b1", "name": "重号支部", "kind": "branch", "parent_id": "gb"},
        ],
        "people": [
            {"id": "p1", "name": "张三", "category": "teacher",
             "party": {"admission": "2024-06-01", "conversion": "2024-01-05"},
             "memberships": [{"org_id": "gb", "start": "2020-01-01"}]},
        ],
        "meetings": [{"id": "m1", "kind": "committee", "org_ids": ["b9"], "date": "2025-01-31"}],
        "development_cases": [
            {"id": "c1", "person_id": "p1", "branch_id": "b1",
             "admission_vote": {"date": "2024-06-01", "entitled": 5, "present": 7, "yes": 7}},
        ],
    }
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(data)
    error = info.value
    expected = {
        "organizations[2].id",  # duplicate id
        "people[0].party.conversion",  # conversion before admission
        "people[0].memberships[0].org_id",  # membership in a general branch
        "meetings[0].org_ids[0]",  # unknown organisation
        "development_cases[0].admission_vote",  # more present than entitled
    }
    assert expected <= set(error.locations())
    assert len(error) >= len(expected)
    # the message a user reads names every one of them
    for location in expected:
        assert location in str(error)


def test_decimal_amount_keeps_its_exact_value():
    data = _labelled()
    data["dues_payments"] = [
        {"id": "d1", "person_id": "p1", "months": ["2024-01", "2024-02"], "amount": "12.30",
         "paid_on": "2024-02-29"},
        {"id": "d2", "person_id": "p1", "months": ["2024-03"], "amount": 0.1,
         "paid_on": "2024-03-31"},
    ]
    data["metrics"] = [
        {"id": "x1", "name": "employment_rate", "value": "0.93500000000000000001",
         "start": "2024-01-01", "end": "2024-12-31"},
    ]
    ledger = dj.load_ledger(data)
    assert str(ledger.dues_payments[0].amount) == "12.30"
    # a JSON number is read as the decimal it spells, not as the nearest binary float
    assert ledger.dues_payments[1].amount == Decimal("0.1")
    text = ledger.model_dump_json()
    assert '"amount":"12.30"' in text
    assert '"value":"0.93500000000000000001"' in text
    for again in (dj.load_ledger(text=text), Ledger.model_validate_json(text)):
        assert str(again.dues_payments[0].amount) == "12.30"
        assert str(again.dues_payments[1].amount) == "0.1"
        assert again.metrics[0].value == Decimal("0.93500000000000000001")
        assert again == ledger


def test_more_than_two_decimal_places_of_money_is_an_error():
    data = _labelled()
    data["dues_payments"] = [
        {"id": "d1", "person_id": "p1", "months": ["2024-01"], "amount": "12.345",
         "paid_on": "2024-01-31"},
    ]
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(data)
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("dues_payments[0].amount", "decimal_max_places")
    ]
