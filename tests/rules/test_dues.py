"""``dues.*``: amount due by bracket, monthly payment on time, arrears streaks, back-payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangjian_core.model import Ledger
from dangjian_core.periods import Window
from dangjian_core.rules import Finding, Findings, Status, SubjectKind
from dangjian_core.testing.builders import LedgerBuilder

from .conftest import by_period
from .conftest import run as _run

AS_OF = date(2025, 6, 15)
run = partial(_run, as_of=AS_OF)  # these rules are checked mid-year unless told otherwise


def salaried(base: str, effective: str = "2020-01") -> dict[str, Any]:
    return {"effective": effective, "category": "salaried", "base": base}


class Dues:
    """A one-branch ledger for dues tests."""

    def __init__(self) -> None:
        self.b = LedgerBuilder()
        self.branch = self.b.branch(self.b.department(), id="br")

    def member(self, pid: str = "m", *, incomes: list[dict[str, Any]] | None = None,
               **kw: Any) -> str:
        if incomes is None:
            incomes = [salaried("3000.00")]
        return self.b.member(self.branch, id=pid, incomes=incomes, **kw)

    def pay(self, person: str, months: list[str] | str, amount: str, day: str,
            pid: str | None = None) -> str:
        months = [months] if isinstance(months, str) else months
        return self.b.record("dues_payments", id=pid, person_id=person, months=months,
                             amount=amount, paid_on=day)

    def pay_on_time(self, person: str, months: list[str], amount: str = "15.00") -> None:
        """One payment per month, dated the 10th of that month."""
        for month in months:
            self.pay(person, month, amount, f"{month}-10", pid=f"pay-{person}-{month}")

    def build(self) -> Ledger:
        return self.b.build()


def months(year: int, first: int, last: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in range(first, last + 1)]


# -- dues.amount -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "base", "due"),
    [
        ("salaried", "2999.99", "15.00"),  # 14.99995 rounds half-up
        ("salaried", "3000.00", "15.00"),  # upper bound inclusive: 0.5%
        ("salaried", "3000.01", "30.00"),  # brackets, not progressive: 1% of all of it
        ("salaried", "5000.00", "50.00"),
        ("salaried", "5000.01", "75.00"),
        ("salaried", "10000.00", "150.00"),
        ("salaried", "10000.01", "200.00"),
        ("salaried", "3333.30", "33.33"),  # 33.333
        ("salaried", "3334.50", "33.35"),  # 33.345: half-up, not half-even (33.34)
        ("salaried", "3000.90", "30.01"),  # 30.009
        ("retired", "5000.00", "25.00"),
        ("retired", "5000.01", "50.00"),
        ("other", "4000.00", "40.00"),  # other incomes follow the salaried brackets
    ],
)
def test_amount_due_by_bracket(category, base, due):
    d = Dues()
    d.member(incomes=[{"effective": "2020-01", "category": category, "base": base}])
    jan = by_period(run(d.build(), "dues.amount"), "m")["2025-01"]
    assert jan.status is Status.FAIL
    assert jan.message_key == "unpaid"
    assert jan.expected == Decimal(due)
    assert str(jan.expected) == due
    assert jan.measured == Decimal("0.00")
    assert jan.evidence == ()


@pytest.mark.parametrize("category", ["student", "unemployed", "low_income"])
def test_amount_flat_categories_pay_twenty_fen(category):
    d = Dues()
    d.member(incomes=[{"effective": "2020-01", "category": category}])
    d.pay("m", "2025-01", "0.20", "2025-01-05", pid="pay1")
    d.pay("m", "2025-02", "0.19", "2025-02-05", pid="pay2")
    found = by_period(run(d.build(), "dues.amount"), "m")
    assert found["2025-01"].status is Status.PASS
    assert found["2025-01"].expected == Decimal("0.20")
    assert found["2025-01"].evidence == ("pay1",)
    assert found["2025-02"].status is Status.FAIL
    assert (found["2025-02"].measured, found["2025-02"].message_key) == (Decimal("0.19"), "fail")


def test_amount_a_student_without_income_owes_the_flat_amount():
    d = Dues()
    d.member(incomes=[], category="student")
    d.pay("m", "2025-01", "0.20", "2025-01-05", pid="pay1")
    found = by_period(run(d.build(), "dues.amount"), "m")
    assert (found["2025-01"].status, found["2025-01"].expected) == (Status.PASS, Decimal("0.20"))
    assert (found["2025-02"].status, found["2025-02"].message_key) == (Status.FAIL, "unpaid")
    assert found["2025-02"].expected == Decimal("0.20")
    assert "学生党员定额" in found["2025-02"].message_zh


def test_amount_a_student_s_recorded_income_wins_from_its_month_on():
    d = Dues()
    d.member(incomes=[salaried("4000.00", effective="2025-03")], category="student")
    found = by_period(run(d.build(), "dues.amount"), "m")
    assert found["2025-02"].expected == Decimal("0.20")  # before the income: the category
    assert found["2025-03"].expected == Decimal("40.00")


def test_amount_pass_and_short_payment():
    d = Dues()
    d.member(incomes=[salaried("8000.00")])  # 1.5% → 120.00
    d.pay("m", "2025-01", "120.00", "2025-01-20", pid="ok")
    d.pay("m", "2025-02", "119.99", "2025-02-20", pid="short")
    found = by_period(run(d.build(), "dues.amount"), "m")
    jan, feb = found["2025-01"], found["2025-02"]
    assert (jan.status, jan.measured, jan.expected, jan.evidence) == (
        Status.PASS, Decimal("120.00"), Decimal("120.00"), ("ok",))
    assert (feb.status, feb.measured, feb.expected, feb.evidence) == (
        Status.FAIL, Decimal("119.99"), Decimal("120.00"), ("short",))
    assert "120.00" in feb.message_zh and "1.5%" in feb.message_zh
    assert found["2025-06"].status is Status.NOT_APPLICABLE
    assert found["2025-06"].reason == "not_yet_due"
    assert found["2025-06"].expected == Decimal("120.00")


def test_amount_two_payments_of_one_month_add_up_and_late_money_counts():
    d = Dues()
    d.member()
    d.pay("m", "2025-01", "10.00", "2025-01-10", pid="a")
    d.pay("m", "2025-01", "5.00", "2025-03-01", pid="b")  # a late top-up still pays the amount
    jan = by_period(run(d.build(), "dues.amount"), "m")["2025-01"]
    assert (jan.status, jan.measured, jan.evidence) == (Status.PASS, Decimal("15.00"), ("a", "b"))


def test_amount_hardship_reduction_overrides_the_bracket():
    d = Dues()
    d.member(
        incomes=[salaried("8000.00")],
        hardship_reductions=[{"start": "2025-01", "end": "2025-03", "monthly_amount": "5.00",
                              "approved_by": "院系党总支"}],
    )
    d.pay("m", "2025-02", "5.00", "2025-02-05", pid="p2")
    d.pay("m", "2025-04", "5.00", "2025-04-05", pid="p4")
    found = by_period(run(d.build(), "dues.amount"), "m")
    assert found["2025-01"].expected == Decimal("5.00")
    assert found["2025-02"].status is Status.PASS
    assert "院系党总支" in found["2025-02"].message_zh
    assert found["2025-04"].expected == Decimal("120.00")
    assert found["2025-04"].status is Status.FAIL


def test_amount_income_change_effective_mid_year():
    d = Dues()
    d.member(incomes=[salaried("6000.00", "2025-07"), salaried("3000.00", "2024-01")])
    found = by_period(run(d.build(), "dues.amount", as_of=date(2025, 9, 15)), "m")
    assert found["2025-06"].expected == Decimal("15.00")
    assert found["2025-07"].expected == Decimal("90.00")
    assert found["2025-08"].expected == Decimal("90.00")


def test_amount_without_a_base_is_no_data():
    d = Dues()
    d.member(incomes=[])
    d.member("n", incomes=[{"effective": "2020-01", "category": "salaried"}])
    d.member("late", incomes=[salaried("3000.00", "2025-04")])
    found = run(d.build(), "dues.amount")
    assert {f.reason for f in found.filter(subject=["m", "n"])} == {"no_data"}
    late = by_period(found, "late")
    assert late["2025-03"].reason == "no_data"
    assert late["2025-04"].status is Status.FAIL


@pytest.mark.parametrize(
    ("base", "amount", "count", "status", "measured"),
    [
        ("666.00", "10.00", 3, Status.PASS, "3.33"),  # due 3.33, share 10/3 = 3.333…
        ("668.00", "10.00", 3, Status.FAIL, "3.33"),  # due 3.34, share 3.333…
        ("668.00", "10.02", 3, Status.PASS, "3.34"),  # exactly 3 × 3.34
        ("668.00", "6.67", 2, Status.FAIL, "3.33"),  # share 3.335 < 3.34; shown rounded down
    ],
)
def test_amount_split_of_a_payment_is_exact(base, amount, count, status, measured):
    d = Dues()
    d.member(incomes=[salaried(base)])
    d.pay("m", months(2025, 1, count), amount, "2025-01-10", pid="p")
    found = by_period(run(d.build(), "dues.amount"), "m")
    for label in months(2025, 1, count):
        assert found[label].status is status
        assert found[label].measured == Decimal(measured)
        assert found[label].evidence == ("p",)


def test_amount_quarterly_payer_is_not_yet_due_before_the_quarter_ends():
    d = Dues()
    d.member(quarterly_dues=True)
    found = by_period(run(d.build(), "dues.amount"), "m")
    assert found["2025-03"].status is Status.FAIL
    assert {found[m].reason for m in ("2025-04", "2025-05", "2025-06")} == {"not_yet_due"}


def test_amount_ignores_payments_after_as_of_and_non_members():
    d = Dues()
    d.member()
    d.b.person(id="outsider", incomes=[salaried("3000.00")])
    d.pay("m", "2025-05", "15.00", "2025-06-16", pid="future")
    found = run(d.build(), "dues.amount")
    assert found.filter(subject="outsider") == Findings()
    may = by_period(found, "m")["2025-05"]
    assert (may.status, may.evidence) == (Status.FAIL, ())


def _half_up(value: Fraction) -> Fraction:
    cents = value * 100
    return Fraction(int(cents + Fraction(1, 2)), 100)


def _reference_due(base: Decimal) -> Fraction:
    exact = Fraction(base)
    for bound, rate in ((3000, Fraction(5, 1000)), (5000, Fraction(1, 100)),
                        (10000, Fraction(15, 1000))):
        if exact <= bound:
            return _half_up(exact * rate)
    return _half_up(exact * Fraction(2, 100))


@settings(max_examples=60, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=2_000_000),
    count=st.integers(min_value=1, max_value=5),
)
def test_amount_property_due_and_exact_split(cents, count):
    base = Decimal(cents) / 100
    due = _reference_due(base)
    total = Decimal(due.numerator * count) / due.denominator
    d = Dues()
    d.member(incomes=[salaried(f"{base:.2f}")])
    d.pay("m", months(2025, 1, count), f"{total:.2f}", "2025-01-10", pid="full")
    if total > 0:
        d.member("short", incomes=[salaried(f"{base:.2f}")])
        d.pay("short", months(2025, 1, count), f"{total - Decimal('0.01'):.2f}", "2025-01-10")
    found = run(d.build(), "dues.amount")
    for label in months(2025, 1, count):
        f = by_period(found, "m")[label]
        assert Fraction(f.expected) == due
        assert f.status is Status.PASS
        if total > 0:
            assert by_period(found, "short")[label].status is Status.FAIL


# -- dues.monthly ------------------------------------------------------------------------------


def test_monthly_paid_on_the_last_day_passes_first_day_of_next_month_is_late():
    d = Dues()
    d.member()
    d.pay("m", "2025-01", "15.00", "2025-01-31", pid="jan")
    d.pay("m", "2025-02", "15.00", "2025-03-01", pid="feb")
    found = by_period(run(d.build(), "dues.monthly"), "m")
    jan, feb, mar = found["2025-01"], found["2025-02"], found["2025-03"]
    assert (jan.status, jan.measured, jan.expected, jan.evidence) == (
        Status.PASS, date(2025, 1, 31), date(2025, 1, 31), ("jan",))
    assert (feb.status, feb.message_key, feb.measured, feb.expected, feb.evidence) == (
        Status.FAIL, "late", date(2025, 3, 1), date(2025, 2, 28), ("feb",))
    assert (mar.status, mar.message_key, mar.evidence) == (
        Status.FAIL, "fail", ("unpaid:2025-03",))
    assert found["2025-06"].reason == "not_yet_due"
    assert all(f.subject_kind is SubjectKind.PERSON for f in found.values())
    assert list(found) == months(2025, 1, 6)
    # the late payment is a back-payment of one month
    back = run(d.build(), "dues.backpay")
    assert [(f.subject_id, f.status, f.measured) for f in back] == [("feb", Status.PASS, 1)]


def test_monthly_current_month_paid_passes():
    d = Dues()
    d.member()
    d.pay("m", "2025-06", "15.00", "2025-06-02", pid="jun")
    june = by_period(run(d.build(), "dues.monthly"), "m")["2025-06"]
    assert (june.status, june.evidence) == (Status.PASS, ("jun",))


def test_monthly_quarterly_payer_may_pay_on_the_quarters_last_day():
    d = Dues()
    d.member(quarterly_dues=True)
    d.pay("m", months(2025, 1, 3), "45.00", "2025-03-31", pid="q1")
    d.pay("m", months(2025, 4, 6), "45.00", "2025-07-01", pid="q2")
    found = by_period(run(d.build(), "dues.monthly", as_of=date(2025, 7, 15)), "m")
    for label in months(2025, 1, 3):
        assert found[label].status is Status.PASS
        assert found[label].expected == date(2025, 3, 31)
    for label in months(2025, 4, 6):
        assert (found[label].status, found[label].message_key) == (Status.FAIL, "late")
        assert found[label].expected == date(2025, 6, 30)
    # before the quarter ends, its months are not yet due
    early = by_period(run(d.build(), "dues.monthly", as_of=date(2025, 2, 15)), "m")
    assert early["2025-01"].reason == "not_yet_due"
    assert early["2025-01"].expected == date(2025, 3, 31)


def test_monthly_probationary_member_admitted_on_the_31st_owes_that_month():
    d = Dues()
    d.member(status="probationary", since="2025-01-31")
    d.member("n", status="probationary", since="2025-02-01")
    found = run(d.build(), "dues.monthly", as_of=date(2025, 3, 15))
    m = by_period(found, "m")
    assert list(m) == ["2025-01", "2025-02", "2025-03"]
    assert m["2025-01"].status is Status.FAIL
    assert m["2025-01"].evidence == ("unpaid:2025-01",)
    assert list(by_period(found, "n")) == ["2025-02", "2025-03"]


def test_monthly_member_who_left_owes_no_later_month():
    d = Dues()
    d.member(party={"admission": "2009-01-01", "conversion": "2010-01-01", "left": "2025-03-10"})
    found = by_period(run(d.build(), "dues.monthly"), "m")
    assert list(found) == ["2025-01", "2025-02"]


def test_monthly_exemption_passes_and_an_approved_reason_is_still_unpaid():
    d = Dues()
    d.member(
        hardship_reductions=[{"start": "2025-01", "end": "2025-01", "monthly_amount": "0",
                              "approved_by": "院系党总支"}],
        arrears_reasons=[{"start": "2025-02", "end": "2025-02", "reason": "出国访学",
                          "approved_by": "院系党总支"}],
    )
    found = by_period(run(d.build(), "dues.monthly"), "m")
    assert (found["2025-01"].status, found["2025-01"].message_key) == (Status.PASS, "exempt")
    assert (found["2025-02"].status, found["2025-02"].message_key) == (Status.FAIL, "excused")
    assert "出国访学" in found["2025-02"].message_zh
    amount = by_period(run(d.build(), "dues.amount"), "m")
    assert (amount["2025-01"].status, amount["2025-01"].expected) == (Status.PASS, Decimal("0.00"))


# -- dues.arrears ------------------------------------------------------------------------------

JULY = date(2025, 7, 15)  # last due month: June


def arrears_of(d: Dues, as_of: date = JULY, **kw: Any) -> Finding:
    found = run(d.build(), "dues.arrears", as_of=as_of, **kw).filter(subject="m")
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("paid_until", "status", "count"),
    [
        ("2024-12", Status.FAIL, 6),
        ("2025-01", Status.WARN, 5),
        ("2025-03", Status.WARN, 3),
        ("2025-04", Status.PASS, 2),
        ("2025-06", Status.PASS, 0),
    ],
)
def test_arrears_streak_lengths(paid_until, status, count):
    d = Dues()
    d.member()
    year, month = map(int, paid_until.split("-"))
    d.pay_on_time("m", [*months(2024, 1, 12), *(months(2025, 1, month) if year == 2025 else [])])
    f = arrears_of(d)
    assert (f.status, f.measured) == (status, count)
    assert f.expected == (6 if status is Status.FAIL else 3)
    assert f.evidence == tuple(f"unpaid:{m}" for m in months(2025, 7 - count, 6))
    assert f.period.label == "2025"
    if status is Status.FAIL:
        assert "党章第九条" in f.message_zh and "脱党" in f.message_zh


@pytest.mark.parametrize(("as_of", "count"), [(date(2025, 6, 29), 5), (date(2025, 6, 30), 6)])
def test_arrears_month_is_due_on_its_last_day(as_of, count):
    d = Dues()
    d.member()
    d.pay_on_time("m", months(2024, 1, 12))
    f = arrears_of(d, as_of=as_of)
    assert f.measured == count
    assert f.evidence[-1] == ("unpaid:2025-06" if count == 6 else "unpaid:2025-05")


def test_arrears_looks_back_before_the_window_but_not_before_membership():
    d = Dues()
    d.b.data["coverage"] = {"start": "2020-01-01"}  # the ledger records earlier years too
    d.member()
    d.pay_on_time("m", months(2024, 1, 9))
    f = arrears_of(d, as_of=date(2025, 4, 15))  # unpaid 2024-10 … 2025-03
    assert (f.status, f.measured) == (Status.FAIL, 6)
    assert f.evidence[0] == "unpaid:2024-10"
    d2 = Dues()
    d2.member(status="probationary", since="2025-02-10")  # never paid: Feb … Jun
    assert (arrears_of(d2).status, arrears_of(d2).measured) == (Status.WARN, 5)
    d3 = Dues()
    d3.member(status="probationary", since="2025-01-31")  # Jan … Jun
    assert (arrears_of(d3).status, arrears_of(d3).measured) == (Status.FAIL, 6)


def test_arrears_never_look_back_before_the_window_by_default():
    """A ledger without a coverage records the window: a member who never paid since 2010
    is 6 months in arrears at mid-July, not 186."""
    d = Dues()
    d.member()
    f = arrears_of(d)
    assert (f.status, f.measured) == (Status.FAIL, 6)
    assert f.evidence == tuple(f"unpaid:{m}" for m in months(2025, 1, 6))


@pytest.mark.parametrize(
    ("start", "status", "first"),
    [
        ("2025-03-15", Status.WARN, "2025-03"),  # March ends after the start: it counts
        ("2025-04-01", Status.WARN, "2025-04"),
        ("2025-05-01", Status.PASS, "2025-05"),
        ("2023-01-01", Status.FAIL, "2023-01"),  # earlier records: the run looks back to them
    ],
)
def test_arrears_streak_starts_at_the_coverage_start_at_the_earliest(start, status, first):
    d = Dues()
    d.b.data["coverage"] = {"start": start}
    d.member()
    f = arrears_of(d)
    assert f.status is status
    assert f.evidence[0] == f"unpaid:{first}" and f.evidence[-1] == "unpaid:2025-06"


def test_arrears_before_the_records_is_not_judged():
    d = Dues()
    d.b.data["coverage"] = {"start": "2025-07-01"}  # June, the last month due, is before it
    d.member()
    f = arrears_of(d)
    assert (f.status, f.reason) == (Status.NOT_APPLICABLE, "before_records")


def test_monthly_months_before_the_coverage_start_are_not_judged():
    d = Dues()
    d.b.data["coverage"] = {"start": "2025-04-01"}
    d.member()
    found = by_period(run(d.build(), "dues.monthly"), "m")
    assert {found[m].reason for m in months(2025, 1, 3)} == {"before_records"}
    assert {found[m].status for m in months(2025, 1, 3)} == {Status.NOT_APPLICABLE}
    assert found["2025-04"].status is Status.FAIL
    d2 = Dues()  # no coverage: the window's start, so January is judged
    d2.member()
    assert by_period(run(d2.build(), "dues.monthly"), "m")["2025-01"].status is Status.FAIL


def test_arrears_streak_broken_by_a_back_payment():
    d = Dues()
    d.member()
    d.pay_on_time("m", months(2024, 1, 12))
    d.pay("m", months(2025, 1, 3), "45.00", "2025-07-01", pid="back")
    f = arrears_of(d)
    assert (f.status, f.measured) == (Status.WARN, 3)
    assert f.evidence == ("unpaid:2025-04", "unpaid:2025-05", "unpaid:2025-06")


def test_arrears_back_payment_after_as_of_does_not_count():
    d = Dues()
    d.member()
    d.pay_on_time("m", months(2024, 1, 12))
    d.pay("m", months(2025, 1, 3), "45.00", "2025-07-16", pid="back")
    assert arrears_of(d).measured == 6


def test_arrears_approved_reason_ends_the_streak():
    reasons = [{"start": "2025-03", "end": "2025-04", "reason": "病重住院",
                "approved_by": "院系党总支"}]
    d = Dues()
    d.member(arrears_reasons=reasons)
    d.pay_on_time("m", months(2024, 1, 12))
    f = arrears_of(d)
    assert (f.status, f.measured) == (Status.PASS, 2)
    skipped = arrears_of(d, params={"dues.arrears": {"reason_breaks_streak": False}})
    assert (skipped.status, skipped.measured) == (Status.WARN, 4)
    assert skipped.evidence == tuple(
        f"unpaid:{m}" for m in ("2025-01", "2025-02", "2025-05", "2025-06"))
    unapproved = Dues()
    unapproved.member(arrears_reasons=[{**reasons[0], "approved_by": None}])
    unapproved.pay_on_time("m", months(2024, 1, 12))
    assert arrears_of(unapproved).status is Status.FAIL


def test_arrears_quarterly_payer_last_due_month_is_the_quarters():
    d = Dues()
    d.member(quarterly_dues=True)
    d.pay("m", months(2024, 10, 12), "45.00", "2024-12-20")
    f = arrears_of(d, as_of=AS_OF)  # Apr, May not yet due
    assert (f.status, f.measured) == (Status.WARN, 3)
    assert f.evidence[-1] == "unpaid:2025-03"


def test_arrears_new_member_not_yet_due_and_non_members_skipped():
    d = Dues()
    d.member(status="probationary", since="2025-06-03")
    d.b.person(id="x")
    found = run(d.build(), "dues.arrears")
    assert [(f.subject_id, f.reason) for f in found] == [("m", "not_yet_due")]


def test_arrears_custom_thresholds():
    d = Dues()
    d.member()
    d.pay_on_time("m", months(2024, 1, 12))
    f = arrears_of(d, params={"dues.arrears": {"warn_months": 2, "fail_months": 12}})
    assert (f.status, f.expected) == (Status.WARN, 2)


# -- dues.backpay ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("covered", "status"),
    [(months(2025, 1, 6), Status.PASS), (["2024-12", *months(2025, 1, 6)], Status.WARN)],
)
def test_backpay_six_months_pass_seven_warn(covered, status):
    d = Dues()
    d.member()
    d.pay("m", covered, f"{15 * len(covered)}.00", "2025-07-05", pid="back")
    found = run(d.build(), "dues.backpay", as_of=JULY)
    assert len(found) == 1
    f = found[0]
    assert (f.subject_id, f.subject_kind, f.period.label) == ("back", SubjectKind.PAYMENT, "2025-07")
    assert (f.status, f.measured, f.expected, f.evidence) == (status, len(covered), 6, ("back",))
    assert f.org_chain[0] == "br"  # a payment rolls up to its payer's branch


def test_backpay_counts_only_overdue_months_and_skips_timely_or_outside_payments():
    d = Dues()
    d.member()
    d.pay("m", ["2025-06", "2025-07"], "30.00", "2025-07-05", pid="mixed")
    d.pay("m", "2025-07", "15.00", "2025-07-06", pid="timely")
    d.pay("m", "2024-11", "15.00", "2024-12-05", pid="last-year")
    d.pay("m", "2025-05", "15.00", "2025-07-20", pid="future")
    found = run(d.build(), "dues.backpay", as_of=JULY)
    assert [(f.subject_id, f.measured) for f in found] == [("mixed", 1)]
    assert "2025-06" in found[0].message_zh


def test_backpay_quarterly_payer_is_late_only_after_the_quarter():
    d = Dues()
    d.member(quarterly_dues=True)
    d.pay("m", months(2025, 1, 3), "45.00", "2025-03-31", pid="q1")
    d.pay("m", months(2025, 4, 6), "45.00", "2025-07-01", pid="q2")
    found = run(d.build(), "dues.backpay", as_of=JULY)
    assert [(f.subject_id, f.measured) for f in found] == [("q2", 3)]


# -- shared ------------------------------------------------------------------------------------


def test_findings_do_not_depend_on_record_order():
    d = Dues()
    d.member(quarterly_dues=True)
    d.member("n", incomes=[salaried("4000.00")])
    d.pay("m", months(2025, 1, 3), "45.00", "2025-04-02", pid="a")
    d.pay("n", months(2025, 1, 2), "40.00", "2025-01-31", pid="b")
    d.pay("n", "2025-02", "0.01", "2025-02-01", pid="c")
    d.pay("n", months(2025, 3, 5), "120.00", "2025-06-01", pid="d")
    ledger = d.build()
    shuffled = ledger.model_copy(update={
        "dues_payments": list(reversed(ledger.dues_payments)),
        "people": list(reversed(ledger.people)),
    })
    for rule in ("dues.amount", "dues.monthly", "dues.arrears", "dues.backpay"):
        assert run(ledger, rule).to_records() == run(shuffled, rule).to_records()


def test_window_other_than_a_calendar_year():
    d = Dues()
    d.member()
    window = Window(date(2024, 9, 1), date(2025, 8, 31))
    found = run(d.build(), "dues.monthly", window=window)
    assert list(by_period(found, "m")) == [*months(2024, 9, 12), *months(2025, 1, 6)]
    arrears = run(d.build(), "dues.arrears", window=window)
    assert arrears[0].period.label == "2024-09-01..2025-08-31"
