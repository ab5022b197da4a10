"""The synthetic-ledger generator: deterministic, valid, canonical, and broken at the rate asked.

Benchmarks trust these ledgers to be realistic and reproducible; the rate test is what makes
"5 % of obligations broken" mean something (docs/scale.md defines the units).  Department scale
and a tiny school keep the tests fast; the full school and province are measured, not tested.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.testing.synth import (
    VIOLATION_RULES,
    Scale,
    iter_province,
    measured_violation_rate,
    render,
    synth,
    synth_ledger,
)

AS_OF = date(2025, 12, 31)
TINY_SCHOOL = Scale(departments=(3, 3), branches=(4, 5), members=12.0, schools=2)


@pytest.fixture(scope="module")
def department_text() -> str:
    return render(synth_ledger("department", seed=7))


@pytest.fixture(scope="module")
def department(department_text: str) -> dj.Ledger:
    return dj.load_ledger(text=department_text)  # every integrity check runs here


@pytest.fixture(scope="module")
def department_findings(department: dj.Ledger) -> dj.Findings:
    return dj.check(department, as_of=AS_OF)


def test_same_seed_same_bytes_and_another_seed_differs(department_text: str) -> None:
    assert render(synth_ledger("department", seed=7)) == department_text
    assert render(synth_ledger("department", seed=8)) != department_text


def test_the_file_is_what_dump_ledger_writes(department_text: str,
                                             department: dj.Ledger) -> None:
    """Canonical form: the generator's text is byte for byte the loaded ledger's dump."""
    assert dj.dump_ledger(department) == department_text


def test_department_has_the_promised_size_and_every_record_type(department: dj.Ledger) -> None:
    branches = [o for o in department.organizations if o.kind.value == "branch"]
    assert len(branches) == 10
    members = [p for p in department.people if p.memberships]
    assert 200 <= len(department.people) <= 420
    assert 180 <= len(members) <= 330
    for name in ("organizations", "elections", "party_roles", "people", "posts", "meetings",
                 "development_cases", "dues_payments", "documents", "trainings",
                 "contact_assignments", "societies", "society_events", "awards", "projects",
                 "tasks", "metrics", "headcounts"):
        assert getattr(department, name), name
    kinds = Counter(m.kind.value for m in department.meetings)
    for kind in ("general_assembly", "committee", "group", "lecture", "theme_day", "org_life",
                 "democratic_appraisal", "heart_talk", "political_birthday",
                 "dept_party_meeting", "dept_joint_meeting", "study_group",
                 "ideology_analysis", "ideology_joint", "democratic_life", "lecture_series",
                 "youth_class", "media_post"):
        assert kinds[kind], kind
    # committee meetings at a monthly cadence: 12 a year for a branch with a committee
    assert kinds["general_assembly"] == 4 * len(branches)
    stages = Counter(
        "converted" if c.conversion_vote else "admitted" if c.admission_vote
        else "candidate" if c.candidate else "activist" if c.activist else "applicant"
        for c in department.development_cases
    )
    assert len(stages) >= 4, stages


def test_findings_are_mostly_pass_but_not_all(department_findings: dj.Findings) -> None:
    counts = department_findings.counts()
    assert counts["fail"] > 0
    assert counts["pass"] > 20 * counts["fail"]
    assert counts["error"] == 0


def test_measured_rate_matches_the_requested_one(department_findings: dj.Findings) -> None:
    assert measured_violation_rate(department_findings) == pytest.approx(0.05, abs=0.02)
    failing_rules = {f.rule_id for f in department_findings.failing()}
    assert set(VIOLATION_RULES[:2]) <= failing_rules


@pytest.mark.parametrize("rate", [0.0, 0.2])
def test_rate_at_other_settings(rate: float) -> None:
    ledger = dj.load_ledger(synth_ledger("department", seed=3, violation_rate=rate))
    findings = dj.check(ledger, as_of=AS_OF, rules=["meeting.*", "dues.*", "development.*"])
    assert measured_violation_rate(findings) == pytest.approx(rate, abs=0.02)


def test_tiny_school_loads_and_breaks_at_the_rate() -> None:
    data = synth_ledger(TINY_SCHOOL, seed=5, violation_rate=0.1)
    ledger = dj.load_ledger(data)
    departments = [o for o in ledger.organizations if o.is_department]
    assert len(departments) == 3
    school = next(o for o in ledger.organizations if o.kind.value == "school_committee")
    assert not school.external
    findings = dj.check(ledger, as_of=AS_OF)
    assert measured_violation_rate(findings) == pytest.approx(0.1, abs=0.02)


def test_province_is_written_one_file_per_school(tmp_path: Path) -> None:
    paths = synth("province", tmp_path / "prov", seed=1, schools=2, school_scale=TINY_SCHOOL)
    assert [p.name for p in paths] == ["school-01.json", "school-02.json"]
    ids = []
    for path in paths:
        ledger = dj.load_ledger(path)
        ids.append({p.id for p in ledger.people})
        assert all(i.startswith(path.name[7:9].join(("s", "-"))) for i in ids[-1])
    assert not ids[0] & ids[1]
    # school k does not depend on the schools before it
    (_, second), = [kv for i, kv in enumerate(iter_province(seed=1, schools=2,
                                                            scale=TINY_SCHOOL)) if i == 1]
    assert render(second) == paths[1].read_text(encoding="utf-8")


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="violation_rate"):
        synth_ledger("department", violation_rate=1.5)
    with pytest.raises(ValueError, match="province"):
        synth_ledger("province")


def test_output_is_plain_json(department_text: str) -> None:
    data = json.loads(department_text)
    assert next(iter(data)) == "schema_version"
