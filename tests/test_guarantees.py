"""The guarantees a user may build on, each proven as a property rather than by example.

1. JSON round trips are lossless — proven in ``tests/test_roundtrip.py``
   (``test_json_text_round_trip_is_exact``, ``test_load_ledger_reads_back_dumped_text_and_dict``)
   for ledgers; here only what it leaves out: an Assessment of any generated ledger, and a
   scheme's own dump read back by :func:`~dangjian_core.scoring.parse_scheme`.
2. ``check`` is deterministic and does not depend on the order of records — here over
   generated ledgers with every list shuffled (``tests/rules/test_properties.py`` does the
   same for the top-level collections of the example department).
3. Monotonicity: a record that can only fulfil obligations never lowers a score (raw and
   waived), with five-in-place and seven-effective; removing one never raises it.
4. Assessing independent ledgers and merging equals assessing their union — proven in
   ``tests/scoring/test_assess.py::test_merge_of_independent_ledgers_equals_the_union``.
5. A waiver never changes the raw score; an expired waiver changes neither score.
6. Threads assessing the same ledger at once get identical results.

Generated ledgers are kept small and ``max_examples`` low so the file runs in seconds.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dangjian_core as dj
from dangjian_core.model import MeetingKind
from dangjian_core.scoring import Assessment, SchemeRegistry, parse_scheme
from dangjian_core.testing import strategies as dst
from dangjian_core.testing.builders import LedgerBuilder

SCHEMES = ("five-in-place", "seven-effective")
AS_OF = date(2025, 12, 31)
SMALL = {"max_people": 3, "max_meetings": 3, "max_records": 1, "max_organizations": 4}
# Generated ledgers span 1900–2100; judging them as of a day inside that span makes the rules
# meet the records (a judgement in 2199 would find every record long past).
AS_OF_ANY = st.dates(date(1990, 1, 1), date(2100, 12, 31))
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _scores(a: Assessment) -> dict[str, tuple[float, float]]:
    return {s.subject_id: (s.score, s.score_waived) for s in a.subjects}


# --------------------------------------------------------------------------- 1. round trips


@QUICK
@given(dst.ledgers(**SMALL), AS_OF_ANY, st.sampled_from(SCHEMES))
def test_an_assessment_of_any_ledger_survives_json(ledger, as_of, scheme):
    a = dj.assess(ledger, scheme, as_of=as_of)
    text = a.to_json()
    again = Assessment.model_validate_json(text)
    assert again == a
    assert again.to_json() == text


def test_a_dumped_scheme_parses_back_equal():
    """A Scheme's plain dump is valid scheme data: what the library writes, it reads."""
    for scheme_id in SCHEMES:
        scheme = dj.get_scheme(scheme_id)
        assert parse_scheme(scheme.model_dump(mode="json")) == scheme


# --------------------------------------------------------------------------- 2. order


def _shuffled(node: Any, rng: random.Random) -> Any:
    """``node`` with every list at every depth in another order — except a meeting's
    ``org_ids``, whose first entry is the meeting's own organisation, and agenda items,
    whose order is the meeting's order of business."""
    if isinstance(node, dict):
        return {k: v if k in ("org_ids", "agenda") else _shuffled(v, rng) for k, v in node.items()}
    if isinstance(node, list):
        items = [_shuffled(v, rng) for v in node]
        rng.shuffle(items)
        return items
    return node


@QUICK
@given(dst.ledgers(**SMALL), AS_OF_ANY, st.randoms(use_true_random=False))
def test_check_is_deterministic_and_independent_of_record_order(ledger, as_of, rng):
    first = dj.check(ledger, as_of=as_of)
    assert dj.check(ledger, as_of=as_of) == first
    shuffled = dj.load_ledger(_shuffled(ledger.model_dump(mode="json"), rng))
    assert dj.check(shuffled, as_of=as_of) == first


# --------------------------------------------------------------------------- 3. monotonicity


def _department() -> tuple[LedgerBuilder, dict[str, list[str]], list[dict[str, Any]]]:
    """A small department built to be judged in 2025, and the pool of records that can only
    fulfil its obligations: meetings and activities with every full member present, trainings,
    and dues payments of exactly the amount due, paid in the month they are for."""
    b = LedgerBuilder()
    dept = b.department(id="dept", is_department=True)
    teachers = b.branch(dept, id="t-br", name="教工党支部")
    students = b.branch(dept, category="student", id="s-br", name="学生党支部")
    income = [{"effective": "2020-01", "category": "salaried", "base": "8000"}]
    members = {
        teachers: [b.member(teachers, id=f"t{i}", incomes=income) for i in range(5)],
        students: [b.member(students, id=f"s{i}", category="student") for i in range(4)],
    }
    b.data["people"][0]["title_rank"] = "associate_senior"
    b.role(teachers, "t0", "secretary", id="r-t0")
    b.role(teachers, "t1", "organization", id="r-t1")
    b.role(teachers, "t2", "publicity", id="r-t2")
    b.role(students, "s0", "secretary", id="r-s0")
    b.role(dept, "t0", "secretary", id="r-d0")
    committees = {teachers: ["t0", "t1", "t2"], students: ["s0"]}
    everyone = members[teachers] + members[students]
    members[dept] = everyone
    committees[dept] = ["t0"]

    pool: list[dict[str, Any]] = []
    kinds = [k.value for k in MeetingKind if k.value != "democratic_appraisal"]
    for month in range(1, 13):
        day = f"2025-{month:02d}-15"
        for org in (dept, teachers, students):
            for kind in kinds:
                present = committees[org] if kind == "committee" else members[org]
                pool.append({
                    "_collection": "meetings", "kind": kind, "org_ids": [org], "date": day,
                    "entitled": present, "present": present, "hours": "4",
                    **({"speaker_id": committees[org][0]} if kind == "lecture" else {}),
                })  # fmt: skip
        for person in everyone:
            pool.append({
                "_collection": "dues_payments", "person_id": person, "months": [day[:7]],
                "amount": "0.20" if person.startswith("s") else "120.00", "paid_on": day,
            })  # fmt: skip
    for person in everyone:
        for kind in ("member_study", "secretary", "committee", "course_ideology"):
            pool.append({"_collection": "trainings", "person_id": person, "kind": kind,
                         "date": "2025-05-20", "hours": "16"})  # fmt: skip
    return b, members, pool


_, _, _POOL = _department()


def _with(records: list[int]) -> dj.Ledger:
    b, _, pool = _department()
    for n in records:
        record = dict(pool[n])
        collection = record.pop("_collection")
        b.add(collection, {"id": f"x{n}", **record})
    return b.build()


_POOL_SUBSETS = st.lists(st.integers(0, len(_POOL) - 1), unique=True, max_size=40)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_POOL_SUBSETS, st.integers(0, len(_POOL) - 1), st.sampled_from(SCHEMES))
def test_a_fulfilling_record_never_lowers_a_score(records, extra, scheme):
    """``records`` plus one more fulfilling record scores at least as high, raw and waived —
    read backwards: removing that record never raises a score."""
    without = [n for n in records if n != extra]
    before = _scores(dj.assess(_with(without), scheme, as_of=AS_OF))
    after = _scores(dj.assess(_with([*without, extra]), scheme, as_of=AS_OF))
    assert before.keys() == after.keys()
    for subject, (raw, waived) in before.items():
        assert after[subject][0] >= raw, (subject, _POOL[extra])
        assert after[subject][1] >= waived, (subject, _POOL[extra])


# --------------------------------------------------------------------------- 5. waivers


@st.composite
def waivers(draw: st.DrawFn, ledger: dj.Ledger, scheme: str) -> dict[str, Any]:
    """A waiver naming a rule the scheme scores and an organisation or person of ``ledger``,
    over any stretch of the year, expiring before or after the assessment."""
    rules = sorted({r for r in dj.get_scheme(scheme).rule_patterns() if "*" not in r})
    subjects = [o.id for o in ledger.organizations] + [p.id for p in ledger.people]
    start, end = sorted(draw(st.lists(st.dates(date(2025, 1, 1), AS_OF), min_size=2, max_size=2)))
    expires = draw(st.dates(end, date(2026, 12, 31)))
    return {
        "rule_id": draw(st.sampled_from(rules)), "subject_id": draw(st.sampled_from(subjects)),
        "start": start.isoformat(), "end": end.isoformat(), "expires": expires.isoformat(),
        "reason": "疫情停课", "approver": "校党委",
    }  # fmt: skip


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), _POOL_SUBSETS, st.sampled_from(SCHEMES))
def test_a_waiver_never_changes_the_raw_score_and_an_expired_one_nothing(data, records, scheme):
    plain = _with(records)
    drawn = data.draw(st.lists(waivers(plain, scheme), min_size=1, max_size=4))
    dumped = plain.model_dump(mode="json")
    dumped["waivers"] = [{"id": f"w{i}", **w} for i, w in enumerate(drawn)]
    waived = dj.load_ledger(dumped)
    before = _scores(dj.assess(plain, scheme, as_of=AS_OF))
    after = _scores(dj.assess(waived, scheme, as_of=AS_OF))
    assert {s: raw for s, (raw, _) in after.items()} == {s: raw for s, (raw, _) in before.items()}
    for subject, (_, with_waivers) in after.items():
        assert with_waivers >= before[subject][1]
    # The same waivers, expired by the day of judgement: nothing changes at all.
    judged = date(2027, 1, 1)
    for w in dumped["waivers"]:
        w["expires"] = "2026-12-31"
    expired = dj.load_ledger(dumped)
    assert dj.assess(expired, scheme, as_of=judged) == dj.assess(plain, scheme, as_of=judged)


# --------------------------------------------------------------------------- 6. threads


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dst.ledgers(**SMALL), AS_OF_ANY)
def test_threads_assessing_one_ledger_get_identical_results(ledger, as_of):
    registry = SchemeRegistry()  # fresh: the threads race to fill it, too
    threads = 8
    start = threading.Barrier(threads)

    def run(n: int) -> Assessment:
        start.wait()
        return dj.assess(ledger, SCHEMES[n % 2], as_of=as_of, registry=registry)

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(run, range(threads)))
    for scheme_index, scheme in enumerate(SCHEMES):
        alone = dj.assess(ledger, scheme, as_of=as_of, registry=SchemeRegistry())
        assert all(r == alone for r in results[scheme_index::2])
