"""``check``: run the catalogue over a ledger, once, deterministically."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs
from pydantic import ValidationError

from .._gc import collector_paused
from ..errors import RuleError
from ..model import Ledger, Waiver
from ..model.index import LedgerIndex
from ..periods import Window, check_run
from ._chain import ChainCache, org_chain_of
from ._finding import Finding, Findings, Status, SubjectKind
from ._registry import RuleRegistry, default_rules
from ._rule import Rule, RuleContext

__all__ = ["Progress", "check", "run_arguments"]

#: Told ``(done, total, rule_id)`` before each rule runs: a command line draws a progress bar
#: from it; the library itself never writes to the terminal.
Progress = Callable[[int, int, str], None]


def _day(value: object, name: str) -> date:
    """``value`` as a plain :class:`date`: a ``datetime`` gives its date (a caller passing
    ``datetime.now()`` means "today"; comparing it with the ledger's dates would raise in
    every rule), anything else that is not a date is refused at the call."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    kind = type(value).__name__
    zh, en = (
        ("（可用 date.fromisoformat() 转换）", "; use date.fromisoformat()")
        if isinstance(value, str)
        else ("", "")
    )
    raise TypeError(
        f"{name} 应为日期 datetime.date，而不是 {kind}{zh} "
        f"({name} must be a datetime.date, not {kind} {value!r:.60}{en})"
    )


def run_arguments(ledger: object, as_of: object, window: object) -> tuple[date, Window]:
    """Check the arguments every run shares, at the call, and return them normalised.

    ``check`` and ``assess`` both start here so that a wrong argument fails the same way in
    both, before any rule runs: a ``ledger`` that is not a :class:`Ledger` or an ``as_of``
    / ``window`` of the wrong type is a ``TypeError`` (a ``datetime`` counts as its date); a
    day outside :data:`~dangjian_core.periods.FIRST_YEAR` … ``LAST_YEAR`` or a window longer
    than ``MAX_WINDOW_YEARS`` is a ``ValueError`` from :func:`~dangjian_core.periods.check_run`
    — without it a run over year 1 … 9999 takes minutes and comes back incomplete.  The
    window defaults to the calendar year of ``as_of``.
    """
    if not isinstance(ledger, Ledger):
        raise TypeError(
            f"ledger 应为 Ledger（用 load_ledger() 读入），而不是 {type(ledger).__name__} "
            f"(ledger must be a Ledger, e.g. from load_ledger(), not {type(ledger).__name__})"
        )
    day = _day(as_of, "as_of")
    if window is None:
        span = Window.calendar_year(day)
    elif isinstance(window, Window):
        start, end = _day(window.start, "window.start"), _day(window.end, "window.end")
        span = window if (start, end) == (window.start, window.end) else Window(start, end)
    else:
        raise TypeError(
            f"window 应为 periods.Window 或 None，而不是 {type(window).__name__} "
            f"(window must be a dangjian_core.periods.Window or None, not {type(window).__name__})"
        )
    check_run(day, span)
    return day, span


def _org_chain(index: LedgerIndex, f: Finding) -> tuple[str, ...]:
    """The organisations a finding rolls up to (its subject's chain; see rules/_chain.py)."""
    return org_chain_of(index, f.subject_kind, f.subject_id, f.period.end)


_FINDING_FIELDS = tuple(a.name for a in attrs.fields(Finding))
_set = object.__setattr__


def _with_chain(f: Finding, chain: tuple[str, ...]) -> Finding:
    """``attrs.evolve(f, org_chain=chain)`` at a third of its cost (a school has a few hundred
    thousand findings; evolve was an eighth of ``check``, issue 12).  A copy, not a change
    of ``f``: a rule may keep and yield the same finding again.  ``Finding`` has no
    validators or converters to skip, so the copy equals what evolve returns."""
    new = object.__new__(Finding)
    for name in _FINDING_FIELDS:
        _set(new, name, getattr(f, name))
    _set(new, "org_chain", chain)
    return new


def _resolve_params(
    selected: list[Rule[Any]],
    params: Mapping[str, Mapping[str, Any]] | None,
    registry: RuleRegistry,
) -> dict[str, Any]:
    resolved = {r.id: r.params for r in selected}
    problems = []
    for name, overrides in (params or {}).items():
        try:
            rule = registry.get(name)
        except RuleError:
            problems.append(f"{name}: 未知规则 (unknown rule)")
            continue
        if rule.id not in resolved:
            continue  # parameters for a rule not run this time are harmless
        try:
            resolved[rule.id] = rule.with_params(overrides)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{name}.{loc}: {err['msg']}")
    if problems:
        raise RuleError("规则参数有误 (invalid rule parameters):\n  - " + "\n  - ".join(problems))
    return resolved


def _error_finding(rule: Rule[Any], window: Window, exc: BaseException) -> Finding:
    text = f"{type(exc).__name__}: {exc}"
    return Finding(
        rule_id=rule.id,
        subject_id="ledger",
        subject_kind=SubjectKind.LEDGER,
        period=window.as_period(),
        status=Status.ERROR,
        severity=rule.severity,
        message_zh=f"规则 {rule.id} 运行出错：{text}",
        message_en=f"rule {rule.id} raised {text}",
        reason=text,
        message_key="error",
        source=rule.source,
    )


def _apply_waivers(
    findings: list[Finding], waivers: Iterable[Waiver], as_of: date, registry: RuleRegistry
) -> tuple[list[Finding], list[str]]:
    by_target: dict[tuple[str, str], list[Waiver]] = defaultdict(list)
    expired: list[str] = []
    for w in waivers:
        if as_of > w.expires:
            expired.append(w.id)
            continue
        try:
            rule_id = registry.get(w.rule_id).id
        except RuleError:
            rule_id = w.rule_id
        by_target[(rule_id, w.subject_id)].append(w)
    if not by_target:
        return findings, expired
    out = []
    for f in findings:
        if f.status in (Status.FAIL, Status.WARN):
            for w in by_target.get((f.rule_id, f.subject_id), ()):
                if (w.facet is None or w.facet == f.facet) and (
                    w.start <= f.period.start and f.period.end <= w.end
                ):
                    f = attrs.evolve(
                        f,
                        status=Status.WAIVED,
                        original_status=f.status,
                        waiver_id=w.id,
                        message_zh=f"{f.message_zh}（已豁免：{w.reason}，批准：{w.approver}）",
                        message_en=f"{f.message_en} (waived {w.id}: {w.reason})",
                    )
                    break
        out.append(f)
    return out, expired


def check(
    ledger: Ledger,
    *,
    as_of: date,
    window: Window | None = None,
    rules: str | Iterable[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    strict: bool = False,
    waivers: bool = True,
    registry: RuleRegistry | None = None,
    progress: Progress | None = None,
) -> Findings:
    """Run rules over ``ledger`` and return every finding.

    ``as_of`` is the day of judgement (a ``datetime`` counts as its date); nothing reads the
    clock.  ``window`` defaults to the calendar year containing ``as_of``.  A wrong type is a
    ``TypeError``, and a day outside the supported years (1900–2199) or a window longer than
    20 years a ``ValueError``, both raised before any rule runs (:func:`run_arguments`).  ``rules`` selects by id or glob (``"meeting.*"``);
    ``params`` overrides parameters per rule id (``{"meeting.lecture": {"per": "semester"}}``).
    A rule that raises yields one ``error`` finding and the run continues — unless
    ``strict=True``, which re-raises (for tests).  ``waivers=False`` ignores the ledger's
    waivers.  ``registry`` picks the rules from another :class:`RuleRegistry` than the
    process-wide one (a test's fresh registry, a school's own).  Findings come sorted by
    rule, subject, period and facet.  ``progress``, when given, is called before each rule
    with ``(rules done, rules selected, rule id)``.
    """
    as_of, window = run_arguments(ledger, as_of, window)
    registry = registry if registry is not None else default_rules()
    selected = registry.select(rules)
    resolved = _resolve_params(selected, params, registry)
    with collector_paused():
        return _run(ledger, as_of, window, registry, selected, resolved, strict, waivers, progress)


def _run(
    ledger: Ledger,
    as_of: date,
    window: Window,
    registry: RuleRegistry,
    selected: list[Rule[Any]],
    resolved: dict[str, Any],
    strict: bool,
    waivers: bool,
    progress: Progress | None,
) -> Findings:
    """The body of :func:`check`, its arguments checked."""
    index = LedgerIndex(ledger)
    records_from = ledger.coverage.start if ledger.coverage is not None else window.start
    found: list[Finding] = []
    # A subject's chain depends only on its kind, id and day: dues findings of one member,
    # meetings of one branch … share it.  RuleContext.finding sets it as it builds; a
    # finding a rule made some other way gets it here.
    chains: ChainCache = {}
    for done, rule in enumerate(selected):
        if progress is not None:
            progress(done, len(selected), rule.id)
        ctx = RuleContext(
            rule=rule,
            index=index,
            as_of=as_of,
            window=window,
            params=resolved[rule.id],
            records_from=records_from,
            chains=chains,
        )
        try:
            produced = list(rule.evaluate(ctx))
        except Exception as exc:
            if strict:
                raise
            found.append(_error_finding(rule, window, exc))
            continue
        for f in produced:
            if f.org_chain or f.subject_kind is SubjectKind.LEDGER:
                found.append(f)
                continue
            where = (f.subject_kind, f.subject_id, f.period.end)
            chain = chains.get(where)
            if chain is None:
                chain = chains[where] = _org_chain(index, f)
            found.append(_with_chain(f, chain))
    if strict:
        _check_unique(found)
    found.sort(key=lambda f: (f.rule_id, f.subject_id, f.period.start, f.period.end, f.facet or ""))
    expired: list[str] = []
    if waivers:
        found, expired = _apply_waivers(found, ledger.waivers, as_of, registry)
    return Findings(found, as_of=as_of, window=window.as_period(), expired_waivers=expired)


def _check_unique(found: list[Finding]) -> None:
    seen: set[tuple[str, str, str, str | None]] = set()
    for f in found:
        if f.key in seen:
            raise RuleError(f"重复的检查结果 (duplicate finding key) {f.key}")
        seen.add(f.key)
