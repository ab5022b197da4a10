"""``assert_finding``: one line in a test, and a failure that says what the rule saw.

Why a helper: ``assert f.status == "pass"`` on a finding picked out of hundreds fails with
``'fail' != 'pass'`` and nothing else; the person reading the failure then re-runs the check
by hand to learn what was measured.  :func:`assert_finding` puts the finding's measured and
expected values and its Chinese message into the failure itself, and when no finding matches
at all, it lists what the rule did say (for that subject in other periods, or for subjects
with similar ids) — a mistyped id or period shows at once.

It raises a plain :class:`AssertionError`, so it works under pytest, unittest or a script,
and needs nothing beyond the core.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

from ..periods import Period
from ..rules import Finding, Status
from ..scoring import FindingRef

__all__ = ["assert_finding"]

#: At most this many findings are listed in one failure message (the rest are counted).
MAX_LISTED = 12

_AnyFinding = Finding | FindingRef


def _status(value: Status | str) -> Status:
    if isinstance(value, Status):
        return value
    try:
        return Status(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ValueError(
            f"未知的结论状态 {value!r}，应为 {allowed} 之一 "
            f"(unknown status {value!r}; one of {allowed})"
        ) from None


def _label(f: _AnyFinding) -> str:
    return f.period.label if isinstance(f.period, Period) else f.period


def _in_period(f: _AnyFinding, period: str | Period | date) -> bool:
    """A period given as a label or :class:`Period` matches by label; a date matches the
    finding whose period contains it (a :class:`FindingRef` keeps only the label)."""
    if isinstance(period, Period):
        return _label(f) == period.label
    if isinstance(period, date):
        return isinstance(f.period, Period) and period in f.period
    return _label(f) == period


def _describe(f: _AnyFinding) -> str:
    status = f.status.value if isinstance(f.status, Status) else f.status
    facet = f" facet={f.facet}" if f.facet is not None else ""
    head = f"    - {f.subject_id} {_label(f)}{facet} [{status}]"
    if isinstance(f, Finding):
        head += f" measured={f.measured!r} expected={f.expected!r}"
        if f.reason:
            head += f" reason={f.reason}"
    return f"{head}\n        {f.message_zh}"


def _listing(found: list[_AnyFinding]) -> list[str]:
    lines = [_describe(f) for f in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"    … 另有 {len(found) - MAX_LISTED} 条 ({len(found) - MAX_LISTED} more)")
    return lines


def assert_finding(
    findings: Iterable[_AnyFinding],
    rule_id: str,
    subject: str,
    status: Status | str,
    *,
    period: str | Period | date | None = None,
    facet: str | None = None,
) -> _AnyFinding:
    """Assert that ``rule_id`` concluded ``status`` about ``subject`` (an id).

    ``findings`` is what :func:`dangjian_core.check` returned (or an assessment subject's
    ``findings``).  ``period`` narrows to one period — a label (``"2025-03"``, ``"2025Q1"``),
    a :class:`~dangjian_core.Period`, or a date inside it; ``facet`` to one facet.  Left out,
    they match every period and facet, and *every* matching finding must have ``status``
    (``assert_finding(fs, "meeting.committee", br, "pass")`` means "every month passed").

    Returns the first matching finding, for further checks on ``measured`` or ``evidence``.
    Raises :class:`AssertionError` with the findings' measured and expected values and
    Chinese messages; :class:`ValueError` for a status that does not exist.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this helper's
    wanted = _status(status)
    items = list(findings)
    of_rule = [f for f in items if f.rule_id == rule_id]
    of_subject = [f for f in of_rule if f.subject_id == subject]
    chosen = [
        f
        for f in of_subject
        if (period is None or _in_period(f, period)) and (facet is None or f.facet == facet)
    ]
    where = subject
    if period is not None:
        where += f" @ {period.label if isinstance(period, Period) else period}"
    if facet is not None:
        where += f" facet={facet}"
    if not chosen:
        raise AssertionError(
            "\n".join(_no_match(items, of_rule, of_subject, rule_id, subject, where))
        )
    wrong = [f for f in chosen if f.status != wanted]
    if wrong:
        lines = [
            f"{rule_id} 对 {where} 的结论应为 {wanted.value}（{wanted.zh}），"
            f"但有 {len(wrong)}/{len(chosen)} 条不是 "
            f"({rule_id} on {where}: expected {wanted.value}, "
            f"{len(wrong)} of {len(chosen)} finding(s) differ):",
            *_listing(wrong),
        ]
        raise AssertionError("\n".join(lines))
    return chosen[0]


def _no_match(
    items: list[_AnyFinding],
    of_rule: list[_AnyFinding],
    of_subject: list[_AnyFinding],
    rule_id: str,
    subject: str,
    where: str,
) -> list[str]:
    """The failure message when nothing matched: what the rule did say, nearest first."""
    lines = [f"没有 {rule_id} 对 {where} 的结论 (no {rule_id} finding for {where})"]
    if of_subject:
        lines.append("  该对象在其他周期或分项的结论 (its findings in other periods or facets):")
        lines.extend(_listing(of_subject))
        return lines
    if not of_rule:
        rules = sorted({f.rule_id for f in items})
        close = difflib.get_close_matches(rule_id, rules, n=5, cutoff=0.5)
        lines.append(
            f"  本次检查没有规则 {rule_id} 的任何结论（共 {len(items)} 条结论）"
            f" (the rule made no findings here; {len(items)} findings in all)"
        )
        if close:
            lines.append(f"  相近的规则 (similar rule ids): {', '.join(close)}")
        return lines
    subjects = list(dict.fromkeys(f.subject_id for f in of_rule))
    near = difflib.get_close_matches(subject, subjects, n=5, cutoff=0.0) or subjects[:5]
    lines.append(
        f"  该规则对相近对象的结论 (the rule's findings for nearby subjects; "
        f"{len(subjects)} subject(s) in all):"
    )
    lines.extend(_listing([f for s in near for f in of_rule if f.subject_id == s]))
    return lines
