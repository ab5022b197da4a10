"""The ledger model: bilingual input, integrity checks, every problem with its location."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import dangjian_core as dj
from dangjian_core.model import MeetingKind, MemberStatus, Mode, OrgKind, Role


def base() -> dict[str, Any]:
    return {
        "organizations": [
            {"id": "school", "name": "校党委", "kind": "校党委"},
            {"id": "gb", "name": "机电系党总支", "kind": "党总支", "parent_id": "school"},
            {"id": "b1", "name": "教工一支部", "kind": "党支部", "parent_id": "gb",
             "category": "教工", "teacher_kind": "专业教师", "founded": "2019-09-01"},
            {"id": "g1", "name": "第一党小组", "kind": "党小组", "parent_id": "b1"},
        ],
        "people": [
            {"id": "p1", "name": "张三", "category": "教师",
             "party": {"admission": "2010-06-01", "conversion": "2011-06-01"},
             "memberships": [{"org_id": "b1", "start": "2015-01-01"}]},
            {"id": "p2", "name": "李四", "category": "学生"},
        ],
        "development_cases": [
            {"id": "c1", "person_id": "p2", "branch_id": "b1", "application": "2023-03-01",
             "activist": "2023-04-01"},
        ],
        "meetings": [
            {"id": "m1", "kind": "支委会", "org_ids": ["b1"], "date": "2025-01-10",
             "mode": "线上", "entitled": 5, "present": 4},
        ],
        "dues_payments": [
            {"id": "d1", "person_id": "p1", "months": ["2025-01"], "amount": "12.50",
             "paid_on": "2025-01-20"},
        ],
    }


def problems_of(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(data)
    return {(p.location, p.code) for p in info.value.problems}


def test_valid_ledger_loads_and_reads_chinese_labels():
    ledger = dj.load_ledger(base())
    assert ledger.organizations[1].kind is OrgKind.GENERAL_BRANCH
    assert ledger.organizations[1].department  # a 党总支 is a department by default
    assert not ledger.organizations[2].department
    assert ledger.meetings[0].kind is MeetingKind.COMMITTEE
    assert ledger.meetings[0].mode is Mode.ONLINE
    assert ledger.dues_payments[0].amount == Decimal("12.50")
    assert MemberStatus("正式党员") is MemberStatus.FULL
    assert Role("书记").zh == "书记"


def test_english_values_are_written_back():
    dumped = dj.load_ledger(base()).model_dump(mode="json")
    assert dumped["organizations"][1]["kind"] == "general_branch"
    assert dumped["meetings"][0]["mode"] == "online"


def test_unknown_field_is_an_error_not_dropped():
    data = base()
    data["people"][0]["nmae"] = "typo"
    assert ("people[0].nmae", "extra_forbidden") in problems_of(data)


def test_every_integrity_problem_is_listed_with_its_location():
    data = base()
    data["organizations"].append({"id": "b1", "name": "重复", "kind": "branch", "parent_id": "gb"})
    data["organizations"][2]["dissolved"] = "2018-01-01"
    data["meetings"][0]["org_ids"] = ["nowhere"]
    data["meetings"][0]["present"] = 9
    data["people"][0]["memberships"].append({"org_id": "gb", "start": "2016-01-01"})
    data["people"][1]["party"] = {"application": "2023-02-01"}
    data["dues_payments"][0]["person_id"] = "ghost"
    found = problems_of(data)
    assert found == {
        ("organizations[4].id", "duplicate_id"),
        ("organizations[2].dissolved", "date_order"),
        ("meetings[0].org_ids[0]", "unknown_reference"),
        ("meetings[0].present", "attendance"),
        ("people[0].memberships[1].org_id", "bad_membership"),
        ("people[1].party.application", "status_conflict"),
        ("dues_payments[0].person_id", "unknown_reference"),
    }


def test_problems_carry_chinese_and_english_messages():
    data = base()
    data["meetings"][0]["org_ids"] = ["nowhere"]
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(data)
    (problem,) = info.value.problems
    assert "不存在" in problem.message_zh
    assert "unknown organization" in problem.message_en
    assert "meetings[0].org_ids[0]" in str(info.value)
    assert isinstance(info.value, ValueError)  # callers' `except ValueError` still works


@pytest.mark.parametrize(
    ("child", "parent", "ok"),
    [
        ("group", "branch", True),
        ("group", "general_branch", False),
        ("branch", "school_committee", True),  # 直属党支部
        ("general_branch", "branch", False),
        ("dept_committee", "school_committee", True),
    ],
)
def test_parent_kinds(child: str, parent: str, ok: bool):
    data = {
        "organizations": [
            {"id": "a", "name": "上级", "kind": parent},
            {"id": "b", "name": "下级", "kind": child, "parent_id": "a"},
        ]
    }
    if ok:
        dj.load_ledger(data)
    else:
        assert problems_of(data) == {("organizations[1].parent_id", "bad_parent")}


def test_parent_cycle_is_reported():
    data = {
        "organizations": [
            {"id": "a", "name": "甲", "kind": "branch", "parent_id": "c"},
            {"id": "b", "name": "乙", "kind": "branch", "parent_id": "a"},
            {"id": "c", "name": "丙", "kind": "branch", "parent_id": "b"},
        ]
    }
    codes = {code for _, code in problems_of(data)}
    assert "cycle" in codes


def test_development_case_order_and_votes():
    data = base()
    data["development_cases"][0].update(
        candidate="2023-01-01",  # before activist designation
        admission_vote={"date": "2024-06-01", "entitled": 10, "present": 11, "yes": 9},
    )
    assert problems_of(data) == {
        ("development_cases[0].candidate", "date_order"),
        ("development_cases[0].admission_vote", "vote_counts"),
    }


def test_case_dates_equal_to_person_dates_are_fine():
    data = base()
    data["people"][1]["party"] = {"application": "2023-03-01", "activist": "2023-04-01"}
    dj.load_ledger(data)


def test_waiver_subject_must_exist():
    data = base()
    data["waivers"] = [
        {"id": "w1", "rule_id": "meeting.committee", "subject_id": "b9",
         "start": "2025-01-01", "end": "2025-01-31", "reason": "疫情", "approver": "校党委",
         "expires": "2025-12-31"}
    ]
    assert problems_of(data) == {("waivers[0].subject_id", "unknown_reference")}


def test_bad_json_text_and_missing_file_are_ledger_errors(tmp_path):
    with pytest.raises(dj.LedgerError, match="JSON"):
        dj.load_ledger(text="{not json")
    with pytest.raises(dj.LedgerError) as info:
        dj.load_ledger(tmp_path / "missing.json")
    assert info.value.problems[0].code == "io"


def test_month_strings_are_checked():
    data = base()
    data["dues_payments"][0]["months"] = ["2025-13", "2025-1"]
    found = problems_of(data)
    assert {loc for loc, _ in found} == {"dues_payments[0].months[0]", "dues_payments[0].months[1]"}


def test_ledger_is_frozen():
    ledger = dj.load_ledger(base())
    with pytest.raises(ValidationError):
        ledger.title = "changed"  # type: ignore[misc]


def test_input_dict_is_not_mutated():
    data = base()
    before = copy.deepcopy(data)
    dj.load_ledger(data)
    assert data == before


def test_party_dates_are_ordered_across_empty_steps():
    data = base()
    data["people"][1]["party"] = {"application": "2023-03-01", "candidate": "2023-02-01"}
    data["development_cases"] = []
    assert problems_of(data) == {("people[1].party.candidate", "date_order")}


def test_a_utf8_bom_is_accepted_in_files_and_text(tmp_path):
    text = json.dumps(base(), ensure_ascii=False)
    path = tmp_path / "bom.json"
    path.write_text("\ufeff" + text, encoding="utf-8")
    assert dj.load_ledger(path) == dj.load_ledger(text="\ufeff" + text) == dj.load_ledger(base())
