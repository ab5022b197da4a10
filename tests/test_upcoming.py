"""Due dates on findings and ``upcoming``: what falls due next and is not met yet.

Read on the seed department (examples/jidian), whose records run through 2021.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.periods import Cadence, period_of
from dangjian_core.rules._finding import SubjectKind
from dangjian_core.upcoming import upcoming

SEED = Path(__file__).resolve().parents[1] / "examples" / "jidian" / "ledger.json"


@pytest.fixture(scope="module")
def seed() -> dj.Ledger:
    return dj.load_ledger(SEED)


# -- Finding.due --------------------------------------------------------------------------------


def test_a_period_obligation_falls_due_on_its_period_s_last_day(seed):
    found = dj.check(seed, as_of=date(2021, 12, 31), rules="meeting.*")
    periodic = [f for f in found if f.period.cadence is not None]
    assert periodic
    assert all(f.due == f.period.end for f in periodic)


def test_a_deadline_rule_passes_its_deadline(seed):
    terms = dj.check(seed, as_of=date(2021, 12, 31), rules="structure.term_expiry")
    # the term's expiry, not the window's end
    assert {f.subject_id: f.due for f in terms}["jd-t4"] == date(2022, 4, 18)
    assert all(f.due == f.measured for f in terms)
    pending = dj.check(seed, as_of=date(2021, 6, 10), rules="development.*").filter(
        predicate=lambda f: f.reason == "not_yet_due"
    )
    assert pending
    assert all(f.due == f.expected for f in pending)


def test_the_due_date_is_in_the_record(seed):
    found = dj.check(seed, as_of=date(2021, 12, 31), rules="meeting.committee")
    record = found[0].to_record()
    assert record["due"] == found[0].due.isoformat() == record["period_end"]


# -- upcoming -----------------------------------------------------------------------------------


def test_items_lie_in_the_span_are_unique_and_in_order(seed):
    as_of = date(2021, 3, 1)
    items = upcoming(seed, as_of, days=90)
    assert items
    assert all(as_of <= u.due <= as_of + timedelta(days=90) for u in items)
    assert len({u.key for u in items}) == len(items)
    assert [u.due for u in items] == sorted(u.due for u in items)
    assert all(u.description_zh and u.title_zh for u in items)


def test_it_lists_the_kinds_the_issue_names(seed):
    kinds = Counter(u.rule_id for u in upcoming(seed, date(2021, 6, 10), days=45))
    for rule in (
        "meeting.general_assembly",  # quarterly, due 30 June
        "development.probation_end",  # probation ends 11 June
        "dues.monthly",
        "education.political_birthday",
    ):
        assert kinds[rule] > 0, rule
    spring = Counter(u.rule_id for u in upcoming(seed, date(2021, 3, 1), days=90))
    assert spring["meeting.committee"] > 0 and spring["development.activist_reviews"] > 0


def test_later_periods_are_projected_from_the_rules_cadence(seed):
    # 1 March + 91 days is 31 May: three month ends
    items = [u for u in upcoming(seed, date(2021, 3, 1), 91) if u.rule_id == "meeting.committee"]
    by_branch: dict[str, set[date]] = {}
    for u in items:
        by_branch.setdefault(u.subject_id, set()).add(u.due)
    assert by_branch
    for dues in by_branch.values():
        # March is this month's (not yet held on 1 March); April and May start later
        assert dues == {date(2021, 3, 31), date(2021, 4, 30), date(2021, 5, 31)}
    assert all(u.cadence is Cadence.MONTH and u.org_id == u.subject_id for u in items)


def test_a_meeting_already_held_is_not_listed(seed):
    # jd-t1 held its June committee meeting on 3 June 2021
    june = ("meeting.committee", "jd-t1", "2021-06", None)
    before = {u.key for u in upcoming(seed, date(2021, 6, 1), days=30)}
    after = {u.key for u in upcoming(seed, date(2021, 6, 3), days=30)}
    assert june in before
    assert june not in after


def test_a_term_expiry_is_listed_when_it_falls_in_the_span(seed):
    items = upcoming(seed, date(2022, 4, 1), days=30)
    terms = [u for u in items if u.rule_id == "structure.term_expiry"]
    assert [(u.subject_id, u.due) for u in terms] == [("jd-t4", date(2022, 4, 18))]
    assert terms[0].cadence is None and terms[0].org_name
    assert not any(
        u.rule_id == "structure.term_expiry" for u in upcoming(seed, date(2022, 4, 19), days=30)
    )


def test_people_and_cases_carry_their_names_and_organisation(seed):
    items = upcoming(seed, date(2021, 6, 10), days=45)
    person = next(u for u in items if u.subject_kind is SubjectKind.PERSON)
    assert person.person_id == person.subject_id and person.person_name
    assert person.org_id and person.org_name
    case = next(u for u in items if u.subject_kind is SubjectKind.CASE)
    assert case.person_id and case.person_name and case.person_name in case.description_zh


def test_days_zero_is_today_only_and_negative_days_are_refused(seed):
    assert all(u.due == date(2021, 6, 30) for u in upcoming(seed, date(2021, 6, 30), days=0))
    with pytest.raises(ValueError, match="days"):
        upcoming(seed, date(2021, 6, 30), days=-1)


def test_dues_months_fall_due_on_the_payment_deadline(seed):
    items = [u for u in upcoming(seed, date(2021, 6, 10), days=45) if u.rule_id == "dues.monthly"]
    assert items
    for u in items:
        assert u.due == period_of(Cadence.MONTH, u.period.start).end  # no quarterly payer here
    assert not any(u.rule_id == "dues.amount" for u in upcoming(seed, date(2021, 6, 10), 45))


def test_it_is_repeatable(seed):
    first = [u.to_record() for u in upcoming(seed, date(2021, 9, 1), days=30)]
    assert first == [u.to_record() for u in upcoming(seed, date(2021, 9, 1), days=30)]
