"""Scheme files: validation with clear errors, overlays, discovery."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

import dangjian_core as dj
from dangjian_core.scoring import (
    get_scheme,
    load_scheme,
    parse_scheme,
    register_scheme,
    schemes,
    unregister_scheme,
)

BASE: dict[str, Any] = {
    "id": "test-base",
    "version": "1",
    "title": "测试方案",
    "scope": "department",
    "total": 10,
    "grades": [{"grade": "优秀", "min": 90}, {"grade": "合格", "min": 60},
               {"grade": "不合格", "min": 0}],
    "dimensions": [
        {"id": "a", "title": "甲", "points": 6, "indicators": [
            {"id": "A1", "title": "支委会", "points": 4, "function": "ratio",
             "rules": ["meeting.committee"]},
            {"id": "A2", "title": "支委会全勤", "points": 2, "function": "all",
             "rules": ["meeting.committee"]},
        ]},
        {"id": "b", "title": "乙", "points": 4, "indicators": [
            {"id": "B1", "title": "委员会", "points": 4, "function": "ratio",
             "rules": ["meeting.comm*"]},
        ]},
    ],
}


def problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(dj.SchemeError) as info:
        parse_scheme(data)
    return [(p.location, p.code) for p in info.value.problems]


def test_valid_scheme_parses_with_exact_points():
    scheme = parse_scheme(BASE)
    assert scheme.total == Decimal(10)
    assert scheme.rule_patterns() == ["meeting.committee", "meeting.comm*"]


def test_weights_that_do_not_add_up_name_the_dimension():
    data = copy.deepcopy(BASE)
    data["dimensions"][0]["indicators"][0]["points"] = 5
    with pytest.raises(dj.SchemeError) as info:
        parse_scheme(data)
    text = str(info.value)
    assert "“a”" in text and "dimensions[0].points" in text
    assert [(p.location, p.code) for p in info.value.problems] == [
        ("dimensions[0].points", "weights")
    ]
    data["dimensions"][0]["points"] = 7
    data["dimensions"][0]["indicators"][1]["points"] = 2
    assert ("dimensions", "weights") in problems(data)  # now the total is off: 11 vs 10


def test_unknown_rule_function_and_field_are_all_reported():
    data = copy.deepcopy(BASE)
    data["dimensions"][0]["indicators"][0]["rules"] = ["meeting.nope"]
    data["dimensions"][0]["indicators"][1]["function"] = "magic"
    data["dimensions"][1]["indicators"][0]["wieght"] = 1
    found = problems(data)
    assert ("dimensions[1].indicators[0].wieght", "extra_forbidden") in found
    data["dimensions"][1]["indicators"][0].pop("wieght")
    found = problems(data)
    assert ("dimensions[0].indicators[0].rules[0]", "unknown_rule") in found
    assert ("dimensions[0].indicators[1].function", "unknown_function") in found


def test_function_arguments_are_checked():
    data = copy.deepcopy(BASE)
    data["dimensions"][0]["indicators"][0].update(function="linear", lo=1, hi=0.5)
    assert ("dimensions[0].indicators[0].hi", "function_args") in problems(data)


@pytest.fixture
def base_registered():
    register_scheme(BASE)
    yield
    unregister_scheme("test-base")


def test_overlay_reweights_skips_and_reparameterises(base_registered):
    overlay = {
        "id": "test-overlay", "version": "2025.1", "extends": "test-base",
        "title": "省级变体",
        "params": {"meeting.committee": {"per": "quarter"}},
        "indicators": {"A1": {"points": 3}, "A2": {"points": 3}},
        "skip": {"B1": "本省不考核"},
    }
    scheme = parse_scheme(overlay)
    assert scheme.extends == "test-base" and scheme.title == "省级变体"
    a1, a2, b1 = (i for _, i in scheme.indicators())
    assert (a1.points, a2.points) == (3, 3)
    assert b1.skipped == "本省不考核"
    assert scheme.params == {"meeting.committee": {"per": "quarter"}}
    assert "meeting.comm*" not in scheme.rule_patterns()


def test_overlay_that_breaks_the_weights_is_refused(base_registered):
    overlay = {"id": "bad-overlay", "version": "1", "extends": "test-base",
               "indicators": {"A1": {"points": 5}}}
    assert ("dimensions[0].points", "weights") in problems(overlay)
    with pytest.raises(dj.SchemeError, match="A9"):
        parse_scheme({"id": "x", "version": "1", "extends": "test-base",
                      "indicators": {"A9": {"points": 1}}})


def test_unknown_base_scheme():
    with pytest.raises(dj.SchemeError, match="nowhere"):
        parse_scheme({"id": "x", "version": "1", "extends": "nowhere"})


def test_registered_scheme_is_listed_and_duplicates_refused(base_registered):
    ids = [s.id for s in schemes()]
    assert ids[:2] == ["five-in-place", "seven-effective"] and "test-base" in ids
    with pytest.raises(dj.SchemeError, match="test-base"):
        register_scheme(BASE)
    with pytest.raises(dj.SchemeError):
        unregister_scheme("five-in-place")


def test_toml_file_loads_and_bad_toml_is_a_scheme_error(tmp_path):
    good = tmp_path / "s.toml"
    good.write_text(
        'id = "file-scheme"\nversion = "1"\ntitle = "文件方案"\nscope = "branch"\ntotal = 4\n'
        'grades = [{ grade = "合格", min = 0 }]\n'
        '[[dimensions]]\nid = "d"\ntitle = "维度"\npoints = 4\n'
        'indicators = [{ id = "X", title = "支委会", points = 4, function = "ratio", '
        'rules = ["meeting.committee"] }]\n', encoding="utf-8")
    assert load_scheme(good).id == "file-scheme"
    bad = tmp_path / "bad.toml"
    bad.write_text("id = ", encoding="utf-8")
    with pytest.raises(dj.SchemeError, match="TOML"):
        load_scheme(bad)


def test_builtin_schemes_validate():
    five = get_scheme("five-in-place")
    assert five.total == 100 and [d.points for d in five.dimensions] == [20, 20, 20, 25, 15]
    assert len(list(five.indicators())) == 26  # O8 民主生活会 since 1.1
    seven = get_scheme("seven-effective")
    assert seven.scope == "branch" and len(seven.dimensions) == 7
