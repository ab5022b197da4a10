"""``check`` and ``assess`` check their run arguments at the call (issue 11).

A ``datetime`` as ``as_of`` counts as its date (before: 68 ``error`` findings from ``check``
and a raw pydantic error from ``assess``); anything else that is not a date, or a window
that is not a :class:`Window`, is a ``TypeError`` naming the argument; a day outside the
supported years or a window longer than ``MAX_WINDOW_YEARS`` is a ``ValueError`` raised at
once, before any rule runs (before: minutes of work and an incomplete result).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import dangjian_core as dj
from dangjian_core.periods import MAX_WINDOW_YEARS, Period, Window
from dangjian_core.rules import Status
from dangjian_core.testing import LedgerBuilder

SEED = Path(__file__).resolve().parents[1] / "examples" / "jidian" / "ledger.json"
AS_OF = date(2021, 12, 31)


@pytest.fixture(scope="module")
def ledger() -> dj.Ledger:
    return dj.load_ledger(SEED)


def run_check(ledger: object, **kw: object) -> object:
    return dj.check(ledger, **kw)  # type: ignore[arg-type]


def run_assess(ledger: object, **kw: object) -> object:
    return dj.assess(ledger, "five-in-place", **kw)  # type: ignore[arg-type]


RUNS = [pytest.param(run_check, id="check"), pytest.param(run_assess, id="assess")]


def test_check_takes_a_datetime_as_its_date(ledger):
    moment = datetime(2021, 12, 31, 17, 30, tzinfo=UTC)
    found = dj.check(ledger, as_of=moment)  # type: ignore[arg-type]
    assert not [f for f in found if f.status is Status.ERROR]
    assert found.as_of == AS_OF and type(found.as_of) is date
    assert list(found) == list(dj.check(ledger, as_of=AS_OF))


def test_assess_takes_a_datetime_as_its_date(ledger):
    a = dj.assess(ledger, as_of=datetime(2021, 12, 31, 8))  # type: ignore[arg-type]
    assert a.as_of == AS_OF
    assert a == dj.assess(ledger, as_of=AS_OF)


@pytest.mark.parametrize("run", RUNS)
def test_a_window_of_datetimes_is_taken_as_dates(run, ledger):
    window = Window(datetime(2021, 1, 1, 9), datetime(2021, 6, 30, 18))  # type: ignore[arg-type]
    same = Window(date(2021, 1, 1), date(2021, 6, 30))
    assert run(ledger, as_of=AS_OF, window=window) == run(ledger, as_of=AS_OF, window=same)


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("as_of", ["2021-12-31", 20211231, None, (2021, 12, 31)])
def test_an_as_of_that_is_no_date_is_a_type_error(run, ledger, as_of):
    with pytest.raises(TypeError, match=r"as_of .*datetime\.date"):
        run(ledger, as_of=as_of)


def test_a_string_as_of_gets_a_hint(ledger):
    with pytest.raises(TypeError, match="fromisoformat"):
        run_check(ledger, as_of="2021-12-31")


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize(
    "window",
    [
        (date(2021, 1, 1), date(2021, 6, 30)),
        "2021",
        Period.span(date(2021, 1, 1), date(2021, 6, 30)),
    ],
)
def test_a_window_that_is_no_window_is_a_type_error(run, ledger, window):
    with pytest.raises(TypeError, match="window"):
        run(ledger, as_of=AS_OF, window=window)


@pytest.mark.parametrize("run", RUNS)
def test_a_ledger_that_is_no_ledger_is_a_type_error(run, ledger):
    with pytest.raises(TypeError, match="load_ledger"):
        run(ledger.model_dump(mode="json"), as_of=AS_OF)


def test_assess_subject_must_be_a_string(ledger):
    with pytest.raises(TypeError, match="subject"):
        dj.assess(ledger, as_of=AS_OF, subject=7)  # type: ignore[arg-type]


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("as_of", [date(1, 1, 1), date(1899, 12, 31), date(2200, 1, 1)])
def test_as_of_outside_the_supported_years_is_refused(run, ledger, as_of):
    with pytest.raises(ValueError, match="1900–2199"):
        run(ledger, as_of=as_of)


@pytest.mark.parametrize("run", RUNS)
def test_as_of_in_the_last_year_is_refused(run, ledger):
    # 9999-12-31: its window (the year 9999) must not overflow while being measured
    with pytest.raises(ValueError, match="outside the supported years 1900–2199"):
        run(ledger, as_of=date(9999, 12, 31))


@pytest.mark.parametrize("run", RUNS)
def test_a_window_over_thousands_of_years_is_refused_at_once(run, ledger):
    window = Window(date(1900, 1, 1), date(2199, 12, 31))
    with pytest.raises(ValueError, match=f"{MAX_WINDOW_YEARS}"):
        run(ledger, as_of=AS_OF, window=window)


@pytest.mark.parametrize("run", RUNS)
def test_a_window_of_exactly_the_longest_length_runs(run):
    b = LedgerBuilder()
    b.member(b.branch(b.department(), category="teacher"))
    ledger = b.build()  # small: the seed ledger over 20 years takes seconds
    window = Window(date(2002, 1, 1), date(2022, 1, 1))
    run(ledger, as_of=AS_OF, window=window)
