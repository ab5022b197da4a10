"""``dues.*`` — 党费 (中组部《关于中国共产党党费收缴、使用和管理的规定》2008; 党章 第九条).

All four rules share one reading of the ledger:

* **Months of membership.** A month is due from a person when they are a member (正式 or 预备)
  of this ledger on its last day (on ``as_of`` for the current month), read with
  ``index.is_member`` (party status and an active organisational relation): the month of the
  admission vote is therefore due (even when the vote was on the 31st), and the month in which
  someone leaves the party — or transfers out of the branch — is not.
* **Payments.** A payment covering several months is split equally among them, as an exact
  :class:`~fractions.Fraction` (10.00 over 3 months is 10/3 per month, never 3.33 or a float).
  Payments dated after ``as_of`` are ignored.  The per-person payment index is built once per
  run (``dues.payments``).
* **Deadline of a month.** Its last day; the last day of its quarter when the person pays
  quarterly with the branch's agreement (``Person.quarterly_dues``).  A payment covering the
  month dated on or before the deadline pays it on time; one dated later is a back-payment.
* **Coverage.** Nothing before the ledger's coverage start (``Ledger.coverage``, default: the
  window's start) is judged: those months are ``before_records``, and an arrears run never
  reaches back past it.
* **Exemption.** An approved hardship reduction (``HardshipReduction``) of 0.00 for a month
  exempts it: the month counts as paid.  Reductions approved after ``as_of`` are ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction
from itertools import pairwise
from typing import Any

import attrs
from pydantic import Field, field_validator

from .._format import percent
from ..model import (
    DuesPayment,
    HardshipReduction,
    Income,
    IncomeCategory,
    Person,
    PersonCategory,
)
from ..model.index import LedgerIndex
from ..periods import (
    Cadence,
    JudgedPeriod,
    Period,
    judged_periods,
    month_index,
    month_of_index,
    period_of,
)
from ._finding import Finding, Severity, Status, SubjectKind
from ._rule import NoParams, Params, Rule, RuleContext, Scope, rule

__all__ = ["AmountParams", "ArrearsParams", "BackpayParams", "DuesBracket"]

_CENT = Decimal("0.01")

#: The context of every money computation here, whatever the caller's context is: 60 digits
#: hold any amount the ledger admits (at most 10^9 yuan, two places) times any rate exactly,
#: so quantizing to the cent never runs out of digits; a genuine error still raises.
_MONEY_CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)
_SOURCE_DUES = "党费规定 [N]"


# -- parameters ------------------------------------------------------------------------------


class DuesBracket(Params):
    """One bracket of a rate table: ``rate`` applies to bases up to ``up_to`` (inclusive);
    the last bracket has no upper bound (``up_to = None``)."""

    up_to: Decimal | None = Field(default=None, ge=0, title="月交纳基数上限（含）")
    rate: Decimal = Field(ge=0, le=1, title="交纳比例")


def _brackets(*pairs: tuple[str | None, str]) -> tuple[DuesBracket, ...]:
    return tuple(
        DuesBracket(up_to=None if up is None else Decimal(up), rate=Decimal(rate))
        for up, rate in pairs
    )


class AmountParams(Params):
    """The 2008 rate tables (brackets, not progressive) and the flat amount."""

    salaried: tuple[DuesBracket, ...] = Field(
        default=_brackets(("3000", "0.005"), ("5000", "0.01"), ("10000", "0.015"), (None, "0.02")),
        title="在职党员交纳比例",
    )
    retired: tuple[DuesBracket, ...] = Field(
        default=_brackets(("5000", "0.005"), (None, "0.01")),
        title="离退休党员交纳比例",
    )
    flat_amount: Decimal = Field(default=Decimal("0.20"), ge=0, title="定额党费（元/月）")
    flat_categories: tuple[IncomeCategory, ...] = Field(
        default=(IncomeCategory.STUDENT, IncomeCategory.UNEMPLOYED, IncomeCategory.LOW_INCOME),
        title="按定额交纳的类别",
    )

    @field_validator("salaried", "retired")
    @classmethod
    def _ordered(cls, value: tuple[DuesBracket, ...]) -> tuple[DuesBracket, ...]:
        if not value:
            raise ValueError("至少需要一档 (at least one bracket is needed)")
        bounds = [b.up_to for b in value]
        if bounds[-1] is not None or None in bounds[:-1]:
            raise ValueError(
                "只有最后一档不设上限 (only the last bracket is unbounded, and it must be)"
            )
        bounded = [b for b in bounds if b is not None]
        if any(a >= b for a, b in pairwise(bounded)):
            raise ValueError("各档上限须递增 (upper bounds must increase)")
        return value


class ArrearsParams(Params):
    """Streak lengths of ``dues.arrears``."""

    warn_months: int = Field(default=3, ge=1, title="连续未交提醒月数")
    fail_months: int = Field(default=6, ge=1, title="连续未交视为脱党月数")
    reason_breaks_streak: bool = Field(default=True, title="经批准的未交理由中断连续计数")


class BackpayParams(Params):
    """Longest back-payment of ``dues.backpay``."""

    max_months: int = Field(default=6, ge=1, title="补交最多月数")


# -- the payment index -----------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Share:
    """One payment's equal share of one month."""

    payment_id: str
    paid_on: date
    amount: Fraction


_PaymentIndex = dict[str, dict[int, list[_Share]]]
"""person id → month index → shares of the payments covering that month, by date and id."""


def _month_number(month: str) -> int:
    """``YYYY-MM`` as a :func:`month_index` value."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _build_payments(payments: Iterable[DuesPayment]) -> _PaymentIndex:
    out: _PaymentIndex = defaultdict(lambda: defaultdict(list))
    for pay in payments:
        share = Fraction(pay.amount) / len(pay.months)
        for month in pay.months:
            out[pay.person_id][_month_number(month)].append(_Share(pay.id, pay.paid_on, share))
    for months in out.values():
        for shares in months.values():
            shares.sort(key=lambda s: (s.paid_on, s.payment_id))
    return {pid: dict(months) for pid, months in out.items()}


def _shares(index: LedgerIndex, person_id: str, month: int, until: date) -> list[_Share]:
    """Shares of the payments covering ``month`` dated on or before ``until``."""
    payments: _PaymentIndex = index.memo(
        "dues.payments", lambda: _build_payments(index.ledger.dues_payments)
    )
    found = payments.get(person_id, {}).get(month, ())
    return [s for s in found if s.paid_on <= until]


# -- shared readings -------------------------------------------------------------------------


def _money(value: Decimal, rate: Decimal | None = None) -> Decimal:
    """``value`` (times ``rate``, if given) rounded half-up to the cent, in the money context."""
    with localcontext(_MONEY_CONTEXT):
        exact = value if rate is None else value * rate
        return exact.quantize(_CENT, rounding=ROUND_HALF_UP)


def _floor_cents(value: Fraction) -> Decimal:
    """An exact amount shown in cents, rounded down (so ``shown >= due`` ⇔ ``value >= due``
    for any due in whole cents).  Remembered by numerator and denominator — a month's
    payments repeat a few amounts thousands of times, and a ``Fraction``'s own hash costs
    more than the rounding it would save."""
    key = (value.numerator, value.denominator)
    shown = _FLOORED.get(key)
    if shown is None:
        with localcontext(_MONEY_CONTEXT):
            shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
                _CENT, rounding=ROUND_DOWN
            )
        if len(_FLOORED) < _FLOORED_MAX:
            _FLOORED[key] = shown
    return shown


#: Amounts already shown in cents (bounded: a hostile ledger cannot grow it without end).
_FLOORED: dict[tuple[int, int], Decimal] = {}
_FLOORED_MAX = 4096


def _deadline(person: Person, month: Period) -> date:
    """Last day to pay ``month``: its own last day, or its quarter's for quarterly payers."""
    if person.quarterly_dues:
        return period_of(Cadence.QUARTER, month.start).end
    return month.end


def _in_months(start: str, end: str | None, month: int) -> bool:
    return _month_number(start) <= month and (end is None or month <= _month_number(end))


def _reduction(person: Person, month: int, as_of: date) -> HardshipReduction | None:
    """The approved hardship reduction covering ``month``: the latest starting one; between
    two starting the same month, the lower amount (the member's benefit)."""
    found = [
        h
        for h in person.hardship_reductions
        if _in_months(h.start, h.end, month) and (h.approved_on is None or h.approved_on <= as_of)
    ]
    if not found:
        return None
    return min(found, key=lambda h: (-_month_number(h.start), h.monthly_amount))


def _exempt(person: Person, month: int, as_of: date) -> bool:
    reduction = _reduction(person, month, as_of)
    return reduction is not None and _money(reduction.monthly_amount) == 0


def _excused(person: Person, month: int) -> str | None:
    """The approved arrears reason covering ``month`` (one with ``approved_by``), if any."""
    reasons = sorted(
        r.reason
        for r in person.arrears_reasons
        if r.approved_by and _in_months(r.start, r.end, month)
    )
    return reasons[0] if reasons else None


def _member_months(ctx: RuleContext[Any]) -> list[tuple[Person, JudgedPeriod]]:
    """Every (member, judged month) of the window: member on the month's last day (``as_of``
    for the current month).  Listed once per run and day: ``dues.amount`` and
    ``dues.monthly`` walk the same member-months."""
    index = ctx.index

    def build() -> list[tuple[Person, JudgedPeriod]]:
        periods = judged_periods(Cadence.MONTH, ctx.window, ctx.as_of)
        return [
            (index.people[pid], jp)
            for pid in sorted(index.people)
            for jp in periods
            if index.is_member(pid, min(jp.period.end, ctx.as_of))
        ]

    key = f"dues.member_months:{ctx.as_of}:{ctx.window.start}:{ctx.window.end}"
    return index.memo(key, build)


# -- the amount due --------------------------------------------------------------------------


@attrs.frozen(slots=True)
class _Due:
    amount: Decimal
    basis_zh: str
    basis_en: str
    exact: Fraction = attrs.field(init=False)
    """``amount`` as a fraction, for the exact comparison with what was paid."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "exact", Fraction(self.amount))


_NOTHING = Fraction(0)


def _rate(brackets: Sequence[DuesBracket], base: Decimal) -> Decimal:
    """The rate of the bracket containing ``base`` (upper bounds inclusive, not progressive)."""
    for bracket in brackets:
        if bracket.up_to is None or base <= bracket.up_to:
            return bracket.rate
    return brackets[-1].rate


def _due_of_income(income: Income, p: AmountParams) -> _Due | None:
    category = income.category
    if category in p.flat_categories:
        amount = _money(p.flat_amount)
        return _Due(amount, f"{category.zh}党员定额", f"flat amount ({category.value})")
    if income.base is None:
        return None
    brackets = p.retired if category is IncomeCategory.RETIRED else p.salaried
    rate = _rate(brackets, income.base)
    with localcontext(_MONEY_CONTEXT):
        shown = percent(rate)
    return _Due(
        _money(income.base, rate),
        f"{category.zh}，交纳基数 {income.base} 元 × {shown}",
        f"{category.value}, base {income.base} × {shown}",
    )


#: The dues category a person's own category implies when no income is recorded: a student
#: pays the flat amount (the people list has no unemployed or 低保 category; those are
#: recorded as an ``Income`` of that category).
_CATEGORY_INCOME: dict[PersonCategory, IncomeCategory] = {
    PersonCategory.STUDENT: IncomeCategory.STUDENT,
}


def _due_of_category(person: Person, p: AmountParams) -> _Due | None:
    """The flat due a person's category implies when no income is recorded, else None."""
    category = _CATEGORY_INCOME.get(person.category)
    if category is None or category not in p.flat_categories:
        return None
    return _Due(
        _money(p.flat_amount),
        f"{category.zh}党员定额（按人员类别，未记录交纳基数）",
        f"flat amount ({category.value}, from the person's category; no income recorded)",
    )


def _income_dues(ctx: RuleContext[AmountParams], person: Person) -> list[tuple[int, _Due | None]]:
    """Each income of ``person`` as (effective month, its due), by month; once per run."""
    cache: dict[str, list[tuple[int, _Due | None]]] = ctx.index.memo("dues.income_dues", dict)
    if person.id not in cache:
        cache[person.id] = sorted(
            ((_month_number(i.effective), _due_of_income(i, ctx.params)) for i in person.incomes),
            key=lambda pair: pair[0],
        )
    return cache[person.id]


def _due(ctx: RuleContext[AmountParams], person: Person, month: int) -> _Due | None:
    """The amount due for ``month``: an approved reduction, else the latest income effective
    on or before the month (two in the same month: the lower due), else — no income effective
    yet — the flat amount the person's category implies (a student), else unknown (None)."""
    reduction = _reduction(person, month, ctx.as_of)
    if reduction is not None:
        amount = _money(reduction.monthly_amount)
        return _Due(
            amount,
            f"经{reduction.approved_by}批准减免为每月 {amount} 元",
            f"hardship reduction approved by {reduction.approved_by}",
        )
    effective = [(m, d) for m, d in _income_dues(ctx, person) if m <= month]
    if not effective:
        by_category: dict[PersonCategory, _Due | None] = ctx.index.memo(
            f"dues.category_due:{id(ctx.params)}", dict
        )
        if person.category not in by_category:
            by_category[person.category] = _due_of_category(person, ctx.params)
        return by_category[person.category]
    latest = effective[-1][0]
    dues = [d for m, d in effective if m == latest and d is not None]
    return min(dues, key=lambda d: d.amount) if dues else None


# -- rules -----------------------------------------------------------------------------------


@rule(
    "dues.amount",
    title=("党费按规定标准足额交纳", "Dues are paid in full at the prescribed rate"),
    scope=Scope.PERSON,
    source=_SOURCE_DUES,
    params=AmountParams(),
    messages={
        "pass": (
            "应交 {expected} 元（{basis}），已交 {measured} 元",
            "due {expected} ({basis_en}), paid {measured}",
        ),
        "fail": (
            "党费交纳不足：应交 {expected} 元（{basis}），实交 {measured} 元",
            "dues short: due {expected} ({basis_en}), paid {measured}",
        ),
        "unpaid": (
            "本月党费未交纳：应交 {expected} 元（{basis}）",
            "no payment for the month: due {expected} ({basis_en})",
        ),
        "not_applicable": (
            "台账中无交纳基数，无法核定应交党费",
            "no dues base recorded: the amount due is unknown",
        ),
        "not_yet_due": (
            "应交 {expected} 元（{basis}），交纳期限未到",
            "due {expected} ({basis_en}), deadline not reached",
        ),
    },
)
def amount(ctx: RuleContext[AmountParams]) -> Iterator[Finding]:
    """One finding per member per month of the window: the payments covering the month pay at
    least the amount due.

    Due: an approved hardship reduction covering the month overrides everything (its
    ``monthly_amount``); otherwise the latest ``Income`` effective on or before the month
    decides — salaried (and ``other``) bases by the salaried brackets (≤3000 → 0.5%, ≤5000 →
    1%, ≤10000 → 1.5%, above → 2%), retirees by theirs (≤5000 → 0.5%, above → 1%), students,
    the unemployed and 低保 recipients a flat 0.20 元.  With no income effective for the month,
    the person's category decides where it implies a flat category: a student
    (``PersonCategory.student``) owes the flat 0.20 元 (the people list has no unemployed or
    低保 category: those are recorded as an income of that category).  Brackets are not progressive and their
    upper bound is inclusive (3000.00 → 15.00; 3000.01 → 30.00).  The due is
    ``Decimal`` rounded to 0.01 half-up (33.345 → 33.35).  Two incomes effective in the same
    month: the lower due counts.

    Paid: the sum of the equal shares of every payment covering the month dated on or before
    ``as_of``, late ones included (timeliness is ``dues.monthly``'s business), compared with
    the due **exactly** as fractions: 10.00 paid for three months of 3.33 passes, for three
    months of 3.34 fails.  ``measured`` shows the paid share rounded down to the cent, which
    compares with a due in whole cents exactly as the fraction does.

    A month with no payment fails (key ``unpaid``); a month whose deadline is after ``as_of``
    and not yet paid in full is ``not_yet_due``; a member without any dues base (no income
    record and a category that implies none, or a salaried income without a base) is
    ``not_applicable`` (``no_data``)."""
    for person, jp in _member_months(ctx):
        yield _amount_finding(ctx, person, jp.period)


def _amount_finding(ctx: RuleContext[AmountParams], person: Person, month: Period) -> Finding:
    m = month_index(month.start)
    due = _due(ctx, person, m)
    if due is None:
        return ctx.not_applicable(person.id, SubjectKind.PERSON, month, "no_data")
    shares = _shares(ctx.index, person.id, m, ctx.as_of)
    paid = shares[0].amount if len(shares) == 1 else sum((s.amount for s in shares), _NOTHING)
    deadline = _deadline(person, month)
    if paid >= due.exact:
        status, reason, key = Status.PASS, None, None
    elif deadline > ctx.as_of:
        status, reason, key = Status.NOT_APPLICABLE, "not_yet_due", None
    else:
        status, reason, key = Status.FAIL, None, "fail" if shares else "unpaid"
    return ctx.finding(
        person.id,
        SubjectKind.PERSON,
        month,
        status,
        reason=reason,
        key=key,
        measured=_floor_cents(paid),
        expected=due.amount,
        due_on=deadline,
        evidence=dict.fromkeys(s.payment_id for s in shares),
        basis=due.basis_zh,
        basis_en=due.basis_en,
    )


@rule(
    "dues.monthly",
    title=("党费按月按期交纳", "Dues are paid every month, on time"),
    scope=Scope.PERSON,
    source="党费规定 [N2]",
    params=NoParams(),
    messages={
        "pass": (
            "已于 {measured} 按期交纳（期限 {expected}）",
            "paid on {measured} (due {expected})",
        ),
        "exempt": ("经批准免交党费", "exempt by an approved hardship reduction"),
        "late": (
            "未按期交纳：交纳期限 {expected}，{measured} 才补交",
            "not paid by {expected}: back-paid on {measured}",
        ),
        "fail": ("未交纳党费（交纳期限 {expected}）", "not paid (due {expected})"),
        "excused": (
            "未交纳党费（交纳期限 {expected}）；已批准的未交理由：{excuse}",
            "not paid (due {expected}); approved reason: {excuse}",
        ),
        "not_yet_due": ("交纳期限 {expected} 未到", "due by {expected}, not yet reached"),
    },
)
def monthly(ctx: RuleContext[NoParams]) -> Iterator[Finding]:
    """One finding per member per month of the window: a payment covering the month is dated
    on or before the month's last day — or the quarter's last day for a member who pays
    quarterly with the branch's agreement (``Person.quarterly_dues``).

    Any amount counts here (the amount is ``dues.amount``'s business).  A month first paid
    after its deadline fails with key ``late`` and its evidence names the back-payment; a
    month never paid fails with evidence ``unpaid:<month>`` (key ``excused`` when an approved
    arrears reason covers it: the month is still unpaid, the reason only matters to
    ``dues.arrears``).  A month exempted by an approved reduction to 0.00 passes (key
    ``exempt``).  A month whose deadline is after ``as_of`` and not yet paid (the current
    month; the earlier months of the quarter for a quarterly payer) is ``not_yet_due``.
    A month ending before the ledger's coverage start (``Ledger.coverage``; default: the
    window's start) is not judged (``before_records``).  ``measured`` is the date of the
    first payment, ``expected`` the deadline."""
    for person, jp in _member_months(ctx):
        yield _monthly_finding(ctx, person, jp.period)


def _monthly_finding(ctx: RuleContext[NoParams], person: Person, month: Period) -> Finding:
    m = month_index(month.start)
    deadline = _deadline(person, month)
    shares = _shares(ctx.index, person.id, m, ctx.as_of)
    on_time = [s for s in shares if s.paid_on <= deadline]

    def make(status: Status, key: str | None = None, **kw: Any) -> Finding:
        return ctx.finding(
            person.id,
            SubjectKind.PERSON,
            month,
            status,
            key=key,
            expected=deadline,
            due_on=deadline,
            **kw,
        )

    if on_time:
        return make(
            Status.PASS,
            measured=on_time[0].paid_on,
            evidence=dict.fromkeys(s.payment_id for s in on_time),
        )
    if _exempt(person, m, ctx.as_of):
        return make(Status.PASS, "exempt")
    if deadline > ctx.as_of:
        return make(Status.NOT_APPLICABLE, reason="not_yet_due")
    if shares:
        return make(
            Status.FAIL,
            "late",
            measured=shares[0].paid_on,
            evidence=dict.fromkeys(s.payment_id for s in shares),
        )
    excuse = _excused(person, m)
    return make(
        Status.FAIL,
        "excused" if excuse else "fail",
        evidence=[f"unpaid:{month.label}"],
        excuse=excuse or "",
    )


@rule(
    "dues.arrears",
    title=("不得连续欠交党费", "No run of unpaid months"),
    scope=Scope.PERSON,
    source="党章 第九条 [N]; 3 months [L]",
    params=ArrearsParams(),
    messages={
        "pass": (
            "无连续欠交党费（当前连续未交 {measured} 个月）",
            "no arrears ({measured} unpaid month(s) in a row)",
        ),
        "warn": (
            "已连续 {measured} 个月未交纳党费（{months}），请督促补交",
            "{measured} months in a row unpaid ({months}): remind the member",
        ),
        "fail": (
            "【严重】已连续 {measured} 个月未交纳党费且无正当理由（{months}）："
            "依党章第九条，视为自行脱党，支部应按程序处理！",
            "SERIOUS: {measured} months in a row unpaid without an approved reason ({months}): "
            "under Article 9 of the Party Constitution this is treated as leaving the party",
        ),
        "not_yet_due": ("尚无到期的党费", "no month due yet"),
    },
)
def arrears(ctx: RuleContext[ArrearsParams]) -> Iterator[Finding]:
    """One finding per member at ``as_of`` (period: the window): the current run of unpaid
    months ending at the last month already due — the latest month whose deadline (its last
    day, or its quarter's last day for a quarterly payer) is on or before ``as_of`` (or the
    window's end, if earlier).

    The run looks back before the window, but never before the ledger's coverage start
    (``Ledger.coverage``; default: the window's start) — a ledger kept since 2025 does not
    report a member unpaid since 2014: a month counts only when its last day is on or after
    the coverage start — and never before membership (a month counts while the person was a
    member on its last day).  A month is paid when any payment covering it is
    dated on or before ``as_of`` — a back-payment made later pays it too — or when an approved
    reduction exempts it; a paid month ends the run.  A month covered by an approved arrears
    reason (``ArrearsReason`` with ``approved_by``) is not counted and, by default, also ends
    the run (``reason_breaks_streak``: "consecutive months without a reason" are interrupted
    by a month with one; set it false to skip such months instead).  ``warn_months`` (3) in a
    row warns; ``fail_months`` (6) fails, and the message says loudly that the 党章 treats it as
    leaving the party.  Evidence: ``unpaid:<month>`` for each month of the run.  A member with
    no month due yet is ``not_yet_due``; one whose last due month ends before the coverage
    start is ``before_records``."""
    p = ctx.params
    index = ctx.index
    day = min(ctx.as_of, ctx.window.end)
    period = ctx.window_period
    since = _records_from(ctx)
    for pid in sorted(index.people):
        if not index.is_member(pid, day):
            continue
        person = index.people[pid]
        last = _last_due_month(person, day)
        if not index.is_member(pid, month_of_index(last).end):
            yield ctx.not_applicable(pid, SubjectKind.PERSON, period, "not_yet_due")
            continue
        if month_of_index(last).end < since:
            yield ctx.not_applicable(pid, SubjectKind.PERSON, period, "before_records")
            continue
        run = _unpaid_run(ctx, person, last, since)
        count = len(run)
        if count >= p.fail_months:
            status, expected = Status.FAIL, p.fail_months
        elif count >= p.warn_months:
            status, expected = Status.WARN, p.warn_months
        else:
            status, expected = Status.PASS, p.warn_months
        labels = [month_of_index(m).label for m in run]
        yield ctx.finding(
            pid,
            SubjectKind.PERSON,
            period,
            status,
            measured=count,
            expected=expected,
            evidence=[f"unpaid:{label}" for label in labels],
            months=labels,
        )


def _last_due_month(person: Person, day: date) -> int:
    """The latest month whose payment deadline is on or before ``day``."""
    m = month_index(day)
    while _deadline(person, month_of_index(m)) > day:
        m -= 1
    return m


def _records_from(ctx: RuleContext[Any]) -> date:
    """The first day the ledger records: its coverage start, else the window's start."""
    return ctx.records_from if ctx.records_from is not None else ctx.window.start


def _unpaid_run(
    ctx: RuleContext[ArrearsParams], person: Person, last: int, since: date
) -> list[int]:
    """The months of the unpaid run ending at ``last``, oldest first, none ending before
    ``since`` (the coverage start)."""
    run: list[int] = []
    m = last
    while month_of_index(m).end >= since and ctx.index.is_member(person.id, month_of_index(m).end):
        if _shares(ctx.index, person.id, m, ctx.as_of) or _exempt(person, m, ctx.as_of):
            break
        if _excused(person, m) is None:
            run.append(m)
        elif ctx.params.reason_breaks_streak:
            break
        m -= 1
    return run[::-1]


@rule(
    "dues.backpay",
    title=("补交党费一般不超过6个月", "A back-payment covers at most 6 months"),
    scope=Scope.PAYMENT,
    severity=Severity.ADVISORY,
    source="党费规定 [N2]",
    params=BackpayParams(),
    messages={
        "pass": (
            "补交 {measured} 个月党费（{months}），未超过 {expected} 个月",
            "back-payment of {measured} month(s) ({months}), at most {expected}",
        ),
        "fail": (
            "一次补交 {measured} 个月党费（{months}），超过 {expected} 个月",
            "back-payment of {measured} months ({months}), more than {expected}",
        ),
    },
)
def backpay(ctx: RuleContext[BackpayParams]) -> Iterator[Finding]:
    """One finding per back-payment dated in the window on or before ``as_of`` (period: the
    month it was paid in).  A back-payment is a payment dated after the deadline of at least
    one month it covers (the month's last day, or its quarter's for a quarterly payer); it
    is judged on the number of those overdue months — months it pays in advance or on time
    are ordinary dues and do not count.  More than ``max_months`` (6) warns (advisory).
    Payments made on time produce no finding."""
    index = ctx.index
    last = min(ctx.as_of, ctx.window.end)
    payments = sorted(index.ledger.dues_payments, key=lambda pay: pay.id)
    for pay in payments:
        person = index.people.get(pay.person_id)
        if person is None or not ctx.window.start <= pay.paid_on <= last:
            continue
        overdue = sorted(
            m
            for m in map(_month_number, pay.months)
            if pay.paid_on > _deadline(person, month_of_index(m))
        )
        if not overdue:
            continue
        count = len(overdue)
        yield ctx.finding(
            pay.id,
            SubjectKind.PAYMENT,
            period_of(Cadence.MONTH, pay.paid_on),
            Status.PASS if count <= ctx.params.max_months else Status.FAIL,
            measured=count,
            expected=ctx.params.max_months,
            evidence=[pay.id],
            months=[month_of_index(m).label for m in overdue],
        )


#: The rules of this family, in the order the docs list them.
RULES: tuple[Rule[Any], ...] = (
    amount,
    monthly,
    arrears,
    backpay,
)
