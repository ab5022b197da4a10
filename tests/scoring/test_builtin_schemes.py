"""The built-in schemes on the bundled ledgers: veto, branch scope, gates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.scoring import parse_scheme
from dangjian_core.testing.builders import LedgerBuilder

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2021, 12, 31)


@pytest.fixture(scope="module")
def seed() -> dj.Ledger:
    return dj.load_ledger(ROOT / "examples" / "jidian" / "ledger.json")


def test_a_major_incident_vetoes_whatever_the_points(seed):
    data = seed.model_dump(mode="json")
    dept = dj.assess(seed, as_of=AS_OF).subjects[0].subject_id
    data["incidents"] = [*data["incidents"], {
        "id": "inc-major", "org_id": dept, "date": "2021-05-04", "severity": "major",
        "category": "安全", "description": "实训室安全事故"}]
    clean = dj.assess(seed, as_of=AS_OF).subject()
    vetoed = dj.assess(dj.load_ledger(data), as_of=AS_OF).subject()
    assert clean.grade == "优秀" and clean.verdict is True
    assert vetoed.score == clean.score  # the points do not move …
    assert vetoed.grade == "不合格"       # … the grade does
    assert vetoed.verdict is False
    assert [f.rule_id for f in vetoed.veto] == ["governance.major_incident"]
    assert "存在一票否决项" in vetoed.verdict_misses
    assert "一票否决" in dj.assess(dj.load_ledger(data), as_of=AS_OF).explain()


def test_a_waived_veto_is_lifted_only_in_the_waived_grade(seed):
    data = seed.model_dump(mode="json")
    dept = dj.assess(seed, as_of=AS_OF).subjects[0].subject_id
    data["incidents"] = [{"id": "inc-major", "org_id": dept, "date": "2021-05-04",
                          "severity": "major"}]
    data["waivers"] = [{"id": "w-inc", "rule_id": "governance.major_incident",
                        "subject_id": dept, "start": "2021-01-01", "end": "2021-12-31",
                        "reason": "经复核系外部原因", "approver": "学院党委",
                        "expires": "2022-06-30"}]
    s = dj.assess(dj.load_ledger(data), as_of=AS_OF).subject()
    assert (s.grade, s.grade_waived) == ("不合格", "优秀")
    assert (s.verdict, s.verdict_waived) == (False, True)


def test_seven_effective_scores_every_branch(seed):
    a = dj.assess(seed, "seven-effective", as_of=AS_OF)
    branches = {o.id for o in seed.organizations if o.kind.value == "branch" and not o.external}
    assert {s.subject_id for s in a.subjects} == branches
    for s in a.subjects:
        assert [d.id for d in s.dimensions] == ["educate", "manage", "supervise", "organize",
                                                "publicize", "unite", "serve"]
        assert 0 <= s.score <= 100
        assert s.possible <= 100


def test_seven_effective_gate_needs_a_dual_leader_secretary():
    weaker = dj.load_ledger(ROOT / "examples" / "jidian" / "weaker.json")
    a = dj.assess(weaker, "seven-effective", as_of=AS_OF)
    gated = [s for s in a.subjects
             if any("必备条件未满足" in why for why in s.verdict_misses)]
    assert len(gated) == 1
    assert gated[0].verdict is False


def test_scheme_parameters_reach_the_rules(seed):
    # An overlay that wants two lectures a semester changes the lecture findings.
    base = dj.assess(seed, as_of=AS_OF).subject()
    scheme = parse_scheme({
        "id": "two-lectures", "version": "1", "extends": "five-in-place",
        "params": {"meeting.lecture": {"per": "month", "min": 1}},
    })
    monthly = dj.assess(seed, scheme, as_of=AS_OF).subject()
    o1 = {i.id: i for d in monthly.dimensions for i in d.indicators}["O1"]
    o1_base = {i.id: i for d in base.dimensions for i in d.indicators}["O1"]
    assert o1.failed > o1_base.failed


def test_five_in_place_organization_dimension_includes_democratic_life_and_sums_to_25():
    scheme = dj.get_scheme("five-in-place")
    (org,) = [d for d in scheme.dimensions if d.id == "organization"]
    weights = {i.id: i.points for i in org.indicators}
    assert org.points == 25
    assert sum(weights.values()) == 25
    assert sum(d.points for d in scheme.dimensions) == scheme.total == 100
    (o8,) = [i for i in org.indicators if "meeting.democratic_life" in i.rules]
    assert (o8.id, o8.points, o8.function) == ("O8", 2, "ratio")
    # its points come from O1 (三会一课) and O2 (组织生活), nothing outside the dimension
    assert (weights["O1"], weights["O2"]) == (7, 3)
    other = {d.id: d.points for d in scheme.dimensions if d.id != "organization"}
    assert other == {"mechanism": 20, "gatekeeping": 20, "ideology": 20, "reform": 15}


def test_five_in_place_scores_the_department_democratic_life():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    b.meeting("democratic_life", dept, "2025-12-20", id="dl")
    held = dj.assess(b.build(), "five-in-place", as_of=date(2025, 12, 31)).subject("dept")
    o8 = {i.id: i for d in held.dimensions for i in d.indicators}["O8"]
    assert (o8.earned, o8.possible) == (2, 2)
    b.data["meetings"].clear()
    missed = dj.assess(b.build(), "five-in-place", as_of=date(2025, 12, 31)).subject("dept")
    o8 = {i.id: i for d in missed.dimensions for i in d.indicators}["O8"]
    assert (o8.earned, o8.possible) == (0, 2)
