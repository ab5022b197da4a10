"""Scoring functions: how an indicator turns findings into points.

The set is small on purpose (``ratio``, ``all``, ``linear``, ``steps``, ``count``, as
docs/schemes.md defines them); plugins add more by name with :func:`register_function` or the
``dangjian_core.scoring_functions`` entry-point group.  Every function is computed twice —
once on the raw statuses and once counting waived findings as passed (for ``linear`` and
``steps``: earning the indicator's full points) — and returns exact ``Fraction`` points
together with the losses a department could win back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from .._plugins import FUNCTIONS_GROUP, Plugin, PluginLoader, PluginRegistry, report_failures
from ..errors import Problem, SchemeError
from ..rules import Finding, Status
from ._scheme import Indicator

__all__ = [
    "BUILTIN_FUNCTIONS",
    "FunctionRegistry",
    "Loss",
    "Score",
    "ScoringFunction",
    "default_functions",
    "function_names",
    "met",
    "register_function",
]


@attrs.frozen(slots=True)
class Loss:
    """Points lost to some findings, and how many fixing them would win back."""

    gain: Fraction
    findings: tuple[Finding, ...]
    note: str = ""


@attrs.frozen(slots=True)
class Score:
    """An indicator's result: ``earned`` is None when nothing applicable was found."""

    earned: Fraction | None
    passed: int = 0
    failed: int = 0
    losses: tuple[Loss, ...] = ()
    metric: Any = None


Checker = Callable[[Indicator], list[tuple[str, str, str]]]
Scorer = Callable[[Indicator, Sequence[Finding], bool], Score]


@attrs.frozen(slots=True)
class ScoringFunction:
    """A named scoring function with a check of its indicator's arguments."""

    name: str
    score: Scorer
    check: Checker = attrs.field(default=lambda _ind: [])


def met(finding: Finding, waived: bool) -> bool | None:
    """Whether a finding counts as met: raw status, or waived-as-passed when ``waived``."""
    if waived and finding.status is Status.WAIVED:
        return True
    return finding.met


def _frac(value: Decimal | int) -> Fraction:
    return Fraction(value)


def _units(ind: Indicator, findings: Sequence[Finding]) -> list[list[Finding]]:
    if ind.per == "finding":
        return [[f] for f in findings]
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for f in findings:
        key = (f.subject_id,) if ind.per == "subject" else (f.subject_id, f.period.label)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


def _ratio(ind: Indicator, findings: Sequence[Finding], waived: bool) -> Score:
    passed: list[list[Finding]] = []
    failed: list[list[Finding]] = []
    for unit in _units(ind, findings):
        states = [met(f, waived) for f in unit]
        if False in states:
            failed.append([f for f, s in zip(unit, states, strict=True) if s is False])
        elif True in states:
            passed.append(unit)
    n = len(passed) + len(failed)
    if n == 0:
        return Score(None)
    points = _frac(ind.points)
    share = points / n
    return Score(
        points * len(passed) / n,
        len(passed),
        len(failed),
        tuple(Loss(share, tuple(u)) for u in failed),
    )


def _all(ind: Indicator, findings: Sequence[Finding], waived: bool) -> Score:
    states = [(f, met(f, waived)) for f in findings]
    applicable = [(f, s) for f, s in states if s is not None]
    if not applicable:
        return Score(None)
    failing = tuple(f for f, s in applicable if s is False)
    passed = len(applicable) - len(failing)
    if failing:
        return Score(Fraction(0), passed, len(failing), (Loss(_frac(ind.points), failing),))
    return Score(_frac(ind.points), passed, 0)


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Fraction | int | Decimal):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value).limit_denominator(10**9)
    return None


def _metric(findings: Sequence[Finding], waived: bool) -> tuple[Fraction | None, list[Finding]]:
    """The mean measured value of the applicable findings (exact), and those findings.

    A finding is applicable when it counts (``met`` is not None) and either measured a number
    or, in the waived view, is waived (it then earns full points whatever it measured)."""
    used = [
        f
        for f in findings
        if met(f, waived) is not None
        and (_number(f.measured) is not None or (waived and f.status is Status.WAIVED))
    ]
    values = [v for v in (_number(f.measured) for f in used) if v is not None]
    if not used:
        return None, []
    mean = sum(values, Fraction(0)) / len(values) if values else None
    return mean, used


def _mapped(
    ind: Indicator,
    findings: Sequence[Finding],
    waived: bool,
    points_of: Callable[[Fraction], Fraction],
) -> Score:
    """Points of a metric indicator (``linear``, ``steps``): the mean of each finding's points
    (docs/schemes.md: several departments' ratios each earn their own points), where a finding
    earns ``points_of(its measured value)`` — or, in the waived view, the indicator's full
    points when it is waived, since a waiver says the shortfall is excused.  The raw view
    maps every finding's measured value.  ``metric`` is the mean measured value."""
    value, used = _metric(findings, waived)
    if not used:
        return Score(None)
    points = _frac(ind.points)
    each: list[tuple[Finding, Fraction]] = []
    for f in used:
        measured = _number(f.measured)
        if (waived and f.status is Status.WAIVED) or measured is None:
            each.append((f, points))
        else:
            each.append((f, points_of(measured)))
    n = len(each)
    earned = sum((p for _, p in each), Fraction(0)) / n
    short = [(f, p) for f, p in each if p < points]
    losses = tuple(Loss((points - p) / n, (f,)) for f, p in short)
    return Score(earned, n - len(short), len(short), losses, value)


def _linear(ind: Indicator, findings: Sequence[Finding], waived: bool) -> Score:
    lo, hi = _frac(ind.lo or 0), _frac(ind.hi or 1)
    points = _frac(ind.points)

    def points_of(value: Fraction) -> Fraction:
        return points * min(Fraction(1), max(Fraction(0), (value - lo) / (hi - lo)))

    return _mapped(ind, findings, waived, points_of)


def _steps(ind: Indicator, findings: Sequence[Finding], waived: bool) -> Score:
    ladder = sorted(ind.steps or [], key=lambda s: s[0], reverse=True)

    def points_of(value: Fraction) -> Fraction:
        for threshold, pts in ladder:
            if value >= _frac(threshold):
                return _frac(pts)
        return Fraction(0)

    return _mapped(ind, findings, waived, points_of)


def _count_items(ind: Indicator, measured: Any) -> Fraction:
    if isinstance(measured, dict):
        if ind.weights is not None:
            return sum(
                (_frac(w) * Fraction(measured.get(k, 0)) for k, w in ind.weights.items()),
                Fraction(0),
            )
        value = measured.get(ind.key, 0) if ind.key else sum(measured.values())
        return _frac(ind.per_item or 1) * Fraction(value)
    number = _number(measured) or Fraction(0)
    return _frac(ind.per_item or 1) * number


def _count(ind: Indicator, findings: Sequence[Finding], waived: bool) -> Score:
    # For a count, "no items" is zero items: a metric finding that is not applicable for
    # lack of data still scores (0), so a unit without awards does not leave the denominator.
    usable = [
        f
        for f in findings
        if met(f, waived) is not None
        or (f.status is Status.NOT_APPLICABLE and f.reason == "no_data")
    ]
    if not usable:
        return Score(None)
    total = sum(
        (_count_items(ind, f.measured) for f in usable if met(f, waived) is not None), Fraction(0)
    )
    points = _frac(ind.points)
    earned = min(points, total)
    losses = (Loss(points - earned, tuple(usable), "more_items"),) if earned < points else ()
    return Score(earned, int(earned == points), int(earned < points), losses, total)


def _check_linear(ind: Indicator) -> list[tuple[str, str, str]]:
    if ind.lo is None or ind.hi is None or ind.hi <= ind.lo:
        return [("hi", "linear 需要 lo < hi", "linear needs lo < hi")]
    return []


def _check_steps(ind: Indicator) -> list[tuple[str, str, str]]:
    if not ind.steps:
        return [("steps", "steps 需要阶梯，如 [[0.95, 3]]", "steps needs [[threshold, points], …]")]
    if any(p > ind.points for _, p in ind.steps):
        return [
            ("steps", "阶梯分值不能超过指标分值", "a step gives more than the indicator's points")
        ]
    return []


def _check_count(ind: Indicator) -> list[tuple[str, str, str]]:
    if ind.per_item is None and ind.weights is None:
        return [("per_item", "count 需要 per_item 或 weights", "count needs per_item or weights")]
    return []


#: The scoring functions docs/schemes.md defines.
BUILTIN_FUNCTIONS: tuple[ScoringFunction, ...] = (
    ScoringFunction("ratio", _ratio),
    ScoringFunction("all", _all),
    ScoringFunction("linear", _linear, _check_linear),
    ScoringFunction("steps", _steps, _check_steps),
    ScoringFunction("count", _count, _check_count),
)


def _function_error(problems: Sequence[Problem]) -> SchemeError:
    return SchemeError(problems)


def _duplicate(name: str, origin: str) -> SchemeError:
    return SchemeError(
        [
            Problem(
                name,
                f"计分方法名称“{name}”已被使用（{origin}）",
                f"scoring function name {name!r} already taken ({origin})",
                "duplicate",
            )
        ]
    )


class FunctionRegistry(PluginRegistry):
    """Scoring functions by name: the built-ins, registered ones, and plugins of the
    ``dangjian_core.scoring_functions`` group (a :class:`ScoringFunction` or an iterable of
    them).  A failed plugin is recorded and reported on every use."""

    group = FUNCTIONS_GROUP

    def __init__(
        self,
        builtin: Iterable[ScoringFunction] = BUILTIN_FUNCTIONS,
        *,
        loader: PluginLoader | None = None,
    ) -> None:
        super().__init__(loader)
        self._builtin = tuple(builtin)
        self._functions: dict[str, ScoringFunction] = {}
        self._origin: dict[str, str] = {}

    def _fill_builtins(self) -> None:
        for f in self._builtin:
            self._add(f, "builtin")

    def _take(self, plugin: Plugin) -> None:
        obj = plugin.obj
        items = [obj] if isinstance(obj, ScoringFunction) else list(obj)
        bad = [i for i in items if not isinstance(i, ScoringFunction)]
        if bad:
            raise TypeError(f"不是计分方法 (not a ScoringFunction): {bad[0]!r}")
        for f in items:
            if f.name in self._functions:
                raise _duplicate(f.name, self._origin[f.name])
        for f in items:
            self._add(f, plugin.origin)

    def _add(self, function: ScoringFunction, origin: str) -> None:
        if function.name in self._functions:
            raise _duplicate(function.name, self._origin[function.name])
        self._functions[function.name] = function
        self._origin[function.name] = origin

    def all(self, *, strict: bool = False, report: bool = True) -> dict[str, ScoringFunction]:
        """Every known function by name.  Failed plugins are reported — raised when
        ``strict``, else warned — unless ``report`` is false (for internal look-ups)."""
        self._ensure()
        if report or strict:
            report_failures(self._failures, strict=strict, raise_error=_function_error)
        return dict(self._functions)

    def register(self, function: ScoringFunction) -> ScoringFunction:
        """Add a function by name; a taken name is a :class:`~dangjian_core.SchemeError`."""
        self._ensure()
        with self._lock:
            self._add(function, "registered")
        return function

    def unregister(self, name: str) -> None:
        """Forget a registered or plugin function (the built-ins stay)."""
        self._ensure()
        with self._lock:
            if self._origin.get(name, "builtin") == "builtin":
                raise SchemeError(
                    [
                        Problem(
                            name,
                            "只能移除注册或插件提供的计分方法",
                            "only registered or plugin functions can be removed",
                            "builtin",
                        )
                    ]
                )
            del self._functions[name], self._origin[name]


_DEFAULT = FunctionRegistry()


def default_functions() -> FunctionRegistry:
    """The process-wide function registry behind :func:`register_function` and ``assess``."""
    return _DEFAULT


def register_function(function: ScoringFunction) -> ScoringFunction:
    """Add a scoring function by name; a taken name is a :class:`~dangjian_core.SchemeError`."""
    return _DEFAULT.register(function)


def function_names(*, strict: bool = False) -> dict[str, ScoringFunction]:
    """Every known scoring function by name."""
    return _DEFAULT.all(strict=strict)
