"""Scoring functions at their edges, on hand-made findings (no ledger needed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dangjian_core as dj
from dangjian_core._plugins import PluginLoader
from dangjian_core.periods import Period
from dangjian_core.rules import Finding, Severity, Status, SubjectKind
from dangjian_core.scoring import (
    FunctionRegistry,
    Indicator,
    SchemeRegistry,
    Score,
    ScoringFunction,
    function_names,
    parse_scheme,
)

P = Period(date(2025, 1, 1), date(2025, 1, 31), "2025-01")


def finding(status: Status, *, subject: str = "s", period: Period = P, measured=None,
            original: Status | None = None, reason: str | None = None, facet=None) -> Finding:
    return Finding(rule_id="r.x", subject_id=subject, subject_kind=SubjectKind.ORGANIZATION,
                   period=period, status=status, severity=Severity.VIOLATION, message_zh="",
                   message_en="", measured=measured, original_status=original, reason=reason,
                   facet=facet)


def ind(function: str, points: str = "10", **kw) -> Indicator:
    return Indicator(id="I", title="指标", points=Decimal(points), function=function,
                     rules=["r.*"], **kw)


def score(indicator: Indicator, findings, waived: bool = False):
    return function_names()[indicator.function].score(indicator, findings, waived)


def test_ratio_counts_warn_as_passed_and_leaves_out_not_applicable():
    fs = [finding(Status.PASS), finding(Status.WARN), finding(Status.FAIL),
          finding(Status.NOT_APPLICABLE, reason="not_yet_due"), finding(Status.ERROR)]
    s = score(ind("ratio", "9"), fs)
    assert s.earned == Fraction(6)  # 2 of 3 units
    assert (s.passed, s.failed) == (2, 1)
    assert [loss.gain for loss in s.losses] == [Fraction(3)]


def test_ratio_without_applicable_units_is_not_applicable():
    assert score(ind("ratio"), [finding(Status.NOT_APPLICABLE, reason="no_subjects")]).earned is None
    assert score(ind("ratio"), []).earned is None


def test_raw_uses_the_original_status_and_waived_counts_as_passed():
    fs = [finding(Status.WAIVED, original=Status.FAIL), finding(Status.PASS)]
    assert score(ind("ratio"), fs, waived=False).earned == 5
    assert score(ind("ratio"), fs, waived=True).earned == 10


def test_ratio_per_subject_and_per_subject_period():
    feb = Period(date(2025, 2, 1), date(2025, 2, 28), "2025-02")
    fs = [finding(Status.PASS, subject="a"), finding(Status.FAIL, subject="a", facet="x"),
          finding(Status.PASS, subject="b"),
          finding(Status.PASS, subject="a", period=feb)]
    assert score(ind("ratio", "10", per="subject"), fs).earned == 5  # a fails, b passes
    assert score(ind("ratio", "9", per="subject_period"), fs).earned == 6  # a-01 fails of 3


def test_all_is_all_or_nothing():
    assert score(ind("all"), [finding(Status.PASS), finding(Status.WARN)]).earned == 10
    s = score(ind("all"), [finding(Status.PASS), finding(Status.FAIL)])
    assert s.earned == 0 and s.losses[0].gain == 10
    assert score(ind("all"), [finding(Status.NOT_APPLICABLE, reason="x")]).earned is None


@pytest.mark.parametrize(("measured", "earned"), [
    (Fraction(1, 2), 0), (Fraction(3, 4), Fraction(5, 2)), (1, 5), (Fraction(3, 2), 5),
    (Fraction(1, 4), 0),
])
def test_linear_maps_and_clips(measured, earned):
    s = score(ind("linear", "5", lo=Decimal("0.5"), hi=Decimal("1.0")),
              [finding(Status.PASS, measured=measured)])
    assert s.earned == earned


@pytest.mark.parametrize(("rate", "earned"), [
    (Decimal("0.96"), 3), (Decimal("0.95"), 3), (Decimal("0.9499"), 2), (Decimal("0.90"), 2),
    (Decimal("0.85"), 1), (Decimal("0.8499"), 0),
])
def test_steps_take_the_highest_threshold_reached(rate, earned):
    steps = [(Decimal("0.95"), Decimal(3)), (Decimal("0.90"), Decimal(2)),
             (Decimal("0.85"), Decimal(1))]
    assert score(ind("steps", "3", steps=steps), [finding(Status.PASS, measured=rate)]).earned == earned


def test_count_weights_by_key_and_caps_at_points():
    weights = {"national": Decimal(2), "provincial": Decimal(1), "municipal": Decimal("0.5"),
               "school": Decimal("0.25")}
    s = score(ind("count", "5", weights=weights),
              [finding(Status.PASS, measured={"national": 1, "school": 2})])
    assert s.earned == Fraction(5, 2) and s.metric == Fraction(5, 2)
    capped = score(ind("count", "5", weights=weights),
                   [finding(Status.PASS, measured={"national": 3, "provincial": 58})])
    assert capped.earned == 5 and not capped.losses


def test_count_by_key_and_zero_items_score_zero_not_na():
    projects = ind("count", "2", per_item=Decimal("0.5"), key="approved")
    assert score(projects, [finding(Status.PASS, measured={"approved": 4, "applied": 6})]).earned == 2
    none = score(ind("count", "7", per_item=Decimal(1)),
                 [finding(Status.NOT_APPLICABLE, reason="no_data")])
    assert none.earned == 0


@given(st.lists(st.sampled_from([Status.PASS, Status.FAIL, Status.WARN,
                                 Status.NOT_APPLICABLE]), max_size=30),
       st.sampled_from(["ratio", "all"]))
def test_points_stay_within_bounds_and_fixing_never_lowers(statuses, fn):
    fs = [finding(s, reason="x" if s is Status.NOT_APPLICABLE else None, facet=str(i))
          for i, s in enumerate(statuses)]
    before = score(ind(fn), fs).earned
    if before is None:
        return
    assert 0 <= before <= 10
    fixed = [finding(Status.PASS, facet=f.facet) if f.status is Status.FAIL else f for f in fs]
    assert score(ind(fn), fixed).earned >= before


def test_a_plugin_function_is_usable_by_name_and_names_are_unique():
    def any_pass(indicator, findings, waived):
        states = [f.met for f in findings if f.met is not None]
        if not states:
            return Score(None)
        return Score(Fraction(indicator.points) if any(states) else Fraction(0))

    # A fresh registry: nothing leaks into the process-wide one, no clean-up needed.
    functions = FunctionRegistry(loader=PluginLoader(lambda group: []))
    functions.register(ScoringFunction("any", any_pass))
    registry = SchemeRegistry(functions=functions)
    data = {
        "id": "any-scheme", "version": "1", "title": "任一", "scope": "branch", "total": 2,
        "grades": [{"grade": "合格", "min": 0}],
        "dimensions": [{"id": "d", "title": "维度", "points": 2, "indicators": [
            {"id": "X", "title": "支委会", "points": 2, "function": "any",
             "rules": ["meeting.committee"]}]}],
    }
    scheme = parse_scheme(data, registry=registry)
    assert scheme.dimensions[0].indicators[0].function == "any"
    assert functions.all()["any"].score is any_pass
    with pytest.raises(dj.SchemeError, match="any"):  # unknown to the process-wide registry
        parse_scheme(data)
    with pytest.raises(dj.SchemeError):
        functions.register(ScoringFunction("ratio", any_pass))


LINEAR = {"lo": Decimal("0.5"), "hi": Decimal("1.0")}
STEPS = {"steps": [(Decimal("0.95"), Decimal(3)), (Decimal("0.90"), Decimal(2)),
                   (Decimal("0.85"), Decimal(1))]}


@pytest.mark.parametrize(("function", "points", "kw", "measured", "raw"), [
    ("linear", "5", LINEAR, Fraction(2, 3), Fraction(5, 3)),  # a counsellor ratio of 2/3
    ("steps", "3", STEPS, Decimal("0.88"), Fraction(1)),
])
def test_a_waived_metric_earns_full_points_in_the_waived_view_only(function, points, kw,
                                                                   measured, raw):
    waived = [finding(Status.WAIVED, original=Status.FAIL, measured=measured)]
    indicator = ind(function, points, **kw)
    assert score(indicator, waived).earned == raw
    s = score(indicator, waived, waived=True)
    assert (s.earned, s.passed, s.failed, s.losses) == (Fraction(points), 1, 0, ())
    assert s.metric == Fraction(measured)  # the metric shown is still what was measured


def test_a_waived_metric_without_a_measured_value_still_earns_full_points_when_waived():
    waived = [finding(Status.WAIVED, original=Status.FAIL)]
    assert score(ind("linear", "5", **LINEAR), waived).earned is None
    assert score(ind("linear", "5", **LINEAR), waived, waived=True).earned == 5


def test_several_metric_findings_earn_the_mean_of_their_points():
    # linear: 0.25 → 0 points, 1.0 → 5 points; the mean of points is 2.5 (the points of
    # the mean metric 0.625 would be 1.25)
    fs = [finding(Status.FAIL, subject="a", measured=Fraction(1, 4)),
          finding(Status.PASS, subject="b", measured=1)]
    s = score(ind("linear", "5", **LINEAR), fs)
    assert (s.earned, s.passed, s.failed, s.metric) == (Fraction(5, 2), 1, 1, Fraction(5, 8))
    assert [(loss.gain, loss.findings[0].subject_id) for loss in s.losses] == [
        (Fraction(5, 2), "a")]
    # steps: 0.80 → 0, 1.0 → 3: mean 1.5 (the mean metric 0.90 would give 2)
    fs = [finding(Status.FAIL, subject="a", measured=Decimal("0.80")),
          finding(Status.PASS, subject="b", measured=1)]
    assert score(ind("steps", "3", **STEPS), fs).earned == Fraction(3, 2)
    # a waived finding next to a measured one: (5 + 3) / 2 in the waived view
    fs = [finding(Status.WAIVED, subject="a", original=Status.FAIL, measured=Fraction(3, 5)),
          finding(Status.PASS, subject="b", measured=Fraction(4, 5))]
    assert score(ind("linear", "5", **LINEAR), fs, waived=True).earned == 4
    assert score(ind("linear", "5", **LINEAR), fs).earned == Fraction(2)  # (1 + 3) / 2
