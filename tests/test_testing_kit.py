"""The testing kit for users: the pytest plugin, ``assert_finding`` and the threshold strategies.

The plugin is installed as the ``pytest11`` entry point ``dangjian_core``; ``pytester`` runs
a small test file in a fresh pytest session to show what a user sees: the fixtures, a
passing ``assert_finding``, and a failing one whose message carries the measured and
expected values and the Chinese message.
"""

from __future__ import annotations

import calendar
import inspect
import re
from datetime import date, timedelta
from decimal import Decimal
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from hypothesis import find, settings
from hypothesis.errors import InvalidArgument, NoSuchExample

import dangjian_core as dj
from dangjian_core.testing import (
    LedgerBuilder,
    assert_finding,
    example_ledger,
    pytest_plugin,
    renumbered,
    replicated,
    seed_ledger,
)
from dangjian_core.testing import examples as examples_module
from dangjian_core.testing import strategies as s

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dangjian_core" / "testing" / "data"
SEED_DAY = date(2021, 12, 31)

# find() settings: deterministic, no example database, enough tries for a three-valued draw.
FIND = settings(max_examples=300, derandomize=True, database=None)


# -- the shipped example ledgers --------------------------------------------------------------


@pytest.mark.parametrize(("shipped", "original"), sorted(examples_module.EXAMPLE_FILES.items()))
def test_shipped_example_ledgers_are_copies_of_the_examples(shipped, original):
    assert (DATA / shipped).read_bytes() == (ROOT / original).read_bytes(), (
        f"src/dangjian_core/testing/data/{shipped} differs from {original}: "
        f"cp {original} src/dangjian_core/testing/data/{shipped}"
    )


def test_example_loaders_give_fresh_ledgers():
    first, second = seed_ledger(), seed_ledger()
    assert first == dj.load_ledger(ROOT / "examples" / "jidian" / "ledger.json")
    assert first is not second
    assert example_ledger() == dj.load_ledger(ROOT / "examples" / "department.json")


# -- the plugin --------------------------------------------------------------------------------


def test_plugin_is_registered_as_a_pytest11_entry_point():
    found = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert found.get("dangjian_core") == "dangjian_core.testing.pytest_plugin"


def test_plugin_defines_fixtures_and_no_hook():
    names = [n for n, _ in inspect.getmembers(pytest_plugin) if n.startswith("pytest_")]
    assert names == []
    assert set(pytest_plugin.__all__) == {"dj_seed_ledger", "dj_example_ledger"}


USER_TESTS = """
from datetime import date

import dangjian_core as dj
from dangjian_core.testing import assert_finding


def test_seed_branch_passes(dj_seed_ledger):
    findings = dj.check(dj_seed_ledger, as_of=date(2021, 12, 31))
    f = assert_finding(findings, "structure.branch_min_members", "jd-s1", "pass", period="2021")
    assert f.measured == 8


def test_same_ledger_object_for_the_session(dj_seed_ledger, dj_example_ledger):
    assert dj_seed_ledger is SEEN.setdefault("seed", dj_seed_ledger)
    assert dj_example_ledger.organizations


def test_again(dj_seed_ledger):
    assert dj_seed_ledger is SEEN.setdefault("seed", dj_seed_ledger)


def test_example_committee_fails(dj_example_ledger):
    findings = dj.check(dj_example_ledger, as_of=date(2025, 12, 31), rules="meeting.committee")
    assert_finding(findings, "meeting.committee", "br-t2", "pass", period="2025-08")


SEEN = {}
"""


def test_pytester_user_sees_fixtures_a_pass_and_an_informative_failure(pytester):
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=1)
    out = result.stdout.str()
    # The failure names the rule, subject and period, and shows what was measured.
    assert "meeting.committee 对 br-t2 @ 2025-08 的结论应为 pass（符合）" in out
    assert "measured=0 expected=1" in out
    assert "本期未召开有效支委会（要求至少 1 次，实际 0 次）" in out


def test_pytester_plugin_can_be_switched_off(pytester):
    pytester.makepyfile(test_user="def test_x(dj_seed_ledger):\n    pass\n")
    result = pytester.runpytest("-p", "no:dangjian_core", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'dj_seed_ledger' not found*"])


# -- assert_finding ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def committee_findings():
    b = LedgerBuilder()
    dept = b.department(id="dept")
    br = b.branch(dept, id="br-1")
    b.branch(dept, id="br-2")
    members = [b.member(br) for _ in range(3)]
    b.role(br, members[0], "secretary")
    b.role(br, members[1], "organization")
    b.meeting("committee", br, "2025-01-31")
    return dj.check(b.build(), as_of=date(2025, 3, 31), rules="meeting.committee")


def test_assert_finding_returns_the_finding_and_accepts_a_date_or_str_status(committee_findings):
    f = assert_finding(
        committee_findings, "meeting.committee", "br-1", dj.Status.PASS, period=date(2025, 1, 15)
    )
    assert f.period.label == "2025-01"
    assert (
        assert_finding(
            committee_findings, "meeting.committee", "br-1", "fail", period="2025-02"
        ).measured
        == 0
    )


def test_assert_finding_without_period_needs_every_period(committee_findings):
    with pytest.raises(AssertionError) as err:
        assert_finding(committee_findings, "meeting.committee", "br-1", "pass")
    text = str(err.value)
    assert "2/3" in text and "2025-02" in text and "2025-03" in text
    assert "2025-01 [" not in text


def test_assert_finding_lists_other_periods_of_the_subject(committee_findings):
    with pytest.raises(AssertionError) as err:
        assert_finding(committee_findings, "meeting.committee", "br-1", "pass", period="2025-13")
    text = str(err.value)
    assert "没有 meeting.committee 对 br-1 @ 2025-13 的结论" in text
    assert "br-1 2025-01 [pass]" in text and "br-1 2025-02 [fail]" in text


def test_assert_finding_lists_nearby_subjects(committee_findings):
    with pytest.raises(AssertionError) as err:
        assert_finding(committee_findings, "meeting.committee", "br1", "pass")
    text = str(err.value)
    assert "nearby subjects" in text and "br-1 2025-01" in text and "br-2 2025-01" in text


def test_assert_finding_suggests_a_rule_id(committee_findings):
    with pytest.raises(AssertionError, match=r"similar rule ids\): meeting\.committee"):
        assert_finding(committee_findings, "meeting.comittee", "br-1", "pass")


def test_assert_finding_refuses_an_unknown_status(committee_findings):
    with pytest.raises(ValueError, match="unknown status 'passed'"):
        assert_finding(committee_findings, "meeting.committee", "br-1", "passed")


def test_assert_finding_caps_long_listings():
    b = LedgerBuilder()
    br = b.branch(b.department(), id="br")
    window = dj.Window(date(2024, 1, 1), date(2025, 12, 31))
    fs = dj.check(b.build(), as_of=date(2025, 12, 31), window=window, rules="meeting.committee")
    with pytest.raises(AssertionError, match=r"… 另有 12 条 \(12 more\)"):
        assert_finding(fs, "meeting.committee", br, "pass")


def test_assert_finding_reads_an_assessments_findings():
    a = dj.assess(seed_ledger(), "five-in-place", as_of=SEED_DAY)
    refs = a.subject("jd-gb").findings
    ref = assert_finding(refs, "structure.branch_min_members", "jd-s1", "pass", period="2021")
    assert ref.message_zh.endswith("正式党员 8 人")


# -- threshold strategies: each reaches both sides of its threshold -----------------------------


def _both_sides(strategy, below, at_or_above):
    assert below(find(strategy, below, settings=FIND))
    assert at_or_above(find(strategy, at_or_above, settings=FIND))


def test_committee_sizes_straddle_seven():
    _both_sides(s.committee_sizes(), lambda n: n < 7, lambda n: n >= 7)
    assert find(s.committee_sizes(), lambda n: n > 7, settings=FIND) == 8
    assert find(s.committee_sizes(), lambda n: True, settings=FIND) == 6


def test_minimum_sizes_straddle_three():
    _both_sides(s.minimum_sizes(), lambda n: n < 3, lambda n: n >= 3)
    assert find(s.minimum_sizes(), lambda n: n > 3, settings=FIND) == 4


def test_sizes_around_never_goes_negative_and_refuses_a_negative_spread():
    assert find(s.sizes_around(0, 2), lambda n: True, settings=FIND) == 0
    with pytest.raises(InvalidArgument):
        s.sizes_around(3, -1).validate()


def _last_of_month(day):
    return day.day == calendar.monthrange(day.year, day.month)[1]


def test_month_end_days_straddle_the_month_end():
    _both_sides(s.month_end_days(), _last_of_month, lambda d: d.day == 1)
    # 28 February both as a month's end and as the day before one; 29 February too.
    find(
        s.month_end_days(),
        lambda d: (d.month, d.day) == (2, 28) and _last_of_month(d),
        settings=FIND,
    )
    find(
        s.month_end_days(),
        lambda d: (d.month, d.day) == (2, 28) and not _last_of_month(d),
        settings=FIND,
    )
    find(s.month_end_days(), lambda d: (d.month, d.day) == (2, 29), settings=FIND)


def test_quarter_end_days_straddle_the_quarter_end():
    def quarter_end(d):
        return d.month in (3, 6, 9, 12) and _last_of_month(d)

    def next_quarter_first(d):
        return d.day == 1 and d.month in (1, 4, 7, 10)

    _both_sides(s.quarter_end_days(), quarter_end, next_quarter_first)


def test_period_end_days_stay_in_range():
    lo, hi = date(2024, 2, 1), date(2024, 3, 1)
    days = s.month_end_days(lo, hi)
    assert find(days, lambda d: True, settings=FIND) == date(2024, 2, 1)  # 31 January's next day
    find(days, lambda d: d == date(2024, 2, 29), settings=FIND)
    find(days, lambda d: d == date(2024, 2, 28), settings=FIND)
    find(s.quarter_end_days(date(2024, 4, 5), date(2024, 5, 5)), lambda d: True, settings=FIND)
    with pytest.raises(NoSuchExample):
        find(days, lambda d: not lo <= d <= hi, settings=FIND)
    # The day after 31 December 9999 does not exist: no OverflowError, the end itself instead.
    find(
        s.month_end_days(date.max - timedelta(days=3), date.max),
        lambda d: d == date.max,
        settings=FIND,
    )


def test_dues_incomes_straddle_each_bracket_bound():
    salaried = s.dues_incomes()
    for bound in ("3000.00", "5000.00", "10000.00"):
        at = Decimal(bound)
        find(salaried, lambda v, at=at: v == at, settings=FIND)
        find(salaried, lambda v, at=at: v == at + Decimal("0.01"), settings=FIND)
    assert find(s.dues_incomes(retired=True), lambda v: v > 5000, settings=FIND) == Decimal(
        "5000.01"
    )
    with pytest.raises(NoSuchExample):
        find(salaried, lambda v: v.as_tuple().exponent != -2, settings=FIND)


def test_dues_incomes_cross_the_rate_bracket_in_the_rule():
    # 3000.00 pays 0.5% (15.00); 3000.01 pays 1% (30.00): the bracket bound is inclusive.
    b = LedgerBuilder()
    br = b.branch(b.department())
    low = b.member(
        br, incomes=[{"effective": "2025-01", "category": "salaried", "base": "3000.00"}]
    )
    high = b.member(
        br, incomes=[{"effective": "2025-01", "category": "salaried", "base": "3000.01"}]
    )
    for pid, paid in ((low, "15.00"), (high, "15.00")):
        b.record(
            "dues_payments", person_id=pid, months=["2025-01"], amount=paid, paid_on="2025-01-20"
        )
    fs = dj.check(b.build(), as_of=date(2025, 1, 31), rules="dues.amount")
    assert_finding(fs, "dues.amount", low, "pass", period="2025-01")
    assert_finding(fs, "dues.amount", high, "fail", period="2025-01")


def test_counsellor_loads_straddle_one_per_two_hundred():
    loads = s.counsellor_loads()
    _both_sides(loads, lambda cs: cs[1] <= 200 * cs[0], lambda cs: cs[1] > 200 * cs[0])
    assert find(loads, lambda cs: cs[1] == 200 * cs[0], settings=FIND) == (1, 200)
    with pytest.raises(InvalidArgument):
        find(s.counsellor_loads(max_counsellors=0), lambda cs: True, settings=FIND)


# -- docs/testing.md runs as written ------------------------------------------------------------

DOC = ROOT / "docs" / "testing.md"


def _blocks(language):
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.DOTALL | re.MULTILINE)


def test_testing_doc_runs_as_a_test_file(pytester):
    code = "\n\n".join(_blocks("python"))
    tests = len(re.findall(r"^def test_", code, flags=re.MULTILINE))
    assert tests >= 5
    pytester.makepyfile(test_school_scheme=code)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=tests)


def test_testing_doc_shows_the_failure_it_describes(pytester):
    code = "\n\n".join(_blocks("python"))
    tests = len(re.findall(r"^def test_", code, flags=re.MULTILINE))
    assert "min_full = 5" in code
    pytester.makepyfile(test_school_scheme=code.replace("min_full = 5", "min_full = 7"))
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "committee_threshold")
    result.assert_outcomes(failed=1, deselected=tests - 1)
    out = result.stdout.str()
    (shown,) = _blocks("text")
    for line in shown.splitlines():
        assert line.removeprefix("E").strip() in out, line


# -- independent copies ------------------------------------------------------------------------


def test_renumbered_prefixes_every_id_and_every_reference():
    data = example_ledger().model_dump(mode="json")
    copy = renumbered(data, "x-")
    ledger = dj.load_ledger(copy)  # every reference still resolves
    assert all(p.id.startswith("x-") for p in ledger.people)
    assert all(o.id.startswith("x-") for o in ledger.organizations)
    assert all(oid.startswith("x-") for m in ledger.meetings for oid in m.org_ids)
    assert ledger.model_dump(mode="json") == copy
    assert renumbered(data, "") == data


def test_replicated_merges_independent_copies():
    one = example_ledger()
    three = replicated(one, 3)
    assert three.record_count() == 3 * one.record_count()
    assert len({p.id for p in three.people}) == 3 * len(one.people)
    assert {p.id.split("-", 1)[0] for p in three.people} == {"c0", "c1", "c2"}
    with pytest.raises(ValueError, match="at least 1"):
        replicated(one, 0)
