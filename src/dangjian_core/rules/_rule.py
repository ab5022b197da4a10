"""Rules: a stable id, a statement, its source, typed parameters and an evaluation function.

A rule's parameters are a small frozen pydantic model whose defaults are the regulation's
numbers, so an override from a scheme file (``per = "semester"``) is validated and converted
exactly like ledger input; the evaluation function receives them typed.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
from pydantic import BaseModel, ConfigDict

from ..periods import Period, Window
from ._chain import ChainCache, org_chain_of
from ._finding import Finding, Severity, Status, SubjectKind
from ._render import PendingMessage, SafeDict

if TYPE_CHECKING:
    from ..model.index import LedgerIndex

__all__ = [
    "NoParams",
    "Params",
    "Rule",
    "RuleContext",
    "Scope",
    "rule",
]


class Scope(enum.StrEnum):
    """What kind of subject a rule judges."""

    SCHOOL = "school"
    DEPARTMENT = "department"
    ORGANIZATION = "organization"
    BRANCH = "branch"
    GROUP = "group"
    PERSON = "person"
    CASE = "case"
    SOCIETY = "society"
    PAYMENT = "payment"
    MEETING = "meeting"


class Params(BaseModel):
    """Base of every rule's parameters: frozen, unknown names refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParams(Params):
    """For rules without parameters."""


P = TypeVar("P", bound=Params)

Messages = Mapping[str, tuple[str, str]]
"""Message templates by key: ``{"fail": ("中文 {measured}", "English {measured}")}``."""

_DEFAULT_MESSAGES: dict[str, tuple[str, str]] = {
    "pass": ("符合要求", "requirement met"),
    "fail": (
        "不符合要求：实际 {measured}，要求 {expected}",
        "not met: {measured}, expected {expected}",
    ),
    "warn": ("提醒：实际 {measured}，建议 {expected}", "warning: {measured}, expected {expected}"),
    "not_applicable": ("不适用（{reason}）", "not applicable ({reason})"),
    "not_yet_due": ("本期尚未到期，暂未完成", "not yet due in this period"),
}


@attrs.frozen(slots=True)
class Rule(Generic[P]):
    """A rule of the catalogue (or a third party's), identified by a stable id.

    ``evaluate`` receives a :class:`RuleContext` and yields findings; it must not read the
    clock — ``ctx.as_of`` and ``ctx.window`` are its time.
    """

    id: str
    title_zh: str
    title_en: str
    scope: Scope
    severity: Severity
    source: str
    evaluate: Callable[[RuleContext[P]], Iterable[Finding]] = attrs.field(repr=False)
    params: P = attrs.field(repr=False)
    messages: Messages = attrs.field(factory=dict, repr=False)
    aliases: tuple[str, ...] = ()
    description: str = attrs.field(default="", repr=False)

    @property
    def family(self) -> str:
        """The rule's family: the part of its id before the first dot."""
        return self.id.split(".", 1)[0]

    @property
    def defaults(self) -> dict[str, Any]:
        """The parameters' default values as plain data."""
        return self.params.model_dump(mode="json")

    def with_params(self, overrides: Mapping[str, Any]) -> P:
        """Validated parameters with ``overrides`` applied (raises pydantic's error)."""
        merged = {**self.params.model_dump(), **overrides}
        return type(self.params).model_validate(merged)

    def render(
        self, key: str, context: Mapping[str, Any], context_en: Mapping[str, Any] | None = None
    ) -> tuple[str, str]:
        """Render the message ``key`` in Chinese and English (``context_en`` overrides)."""
        zh, en = self.templates(key)
        return (
            zh.format_map(SafeDict(context)),
            en.format_map(SafeDict({**context, **(context_en or {})})),
        )

    def templates(self, key: str) -> tuple[str, str]:
        """The Chinese and English templates of message ``key``: the rule's own, else the
        general one of that key, else the general ``fail`` or ``pass`` text."""
        return (
            self.messages.get(key)
            or _DEFAULT_MESSAGES.get(key)
            or _DEFAULT_MESSAGES["fail" if key.startswith("fail") else "pass"]
        )

    def __repr__(self) -> str:
        # One short line (attrs' repr also spelt out scope, severity and the source).
        return f"<Rule {self.id} {self.title_zh}>"

    def _repr_html_(self) -> str:
        """Jupyter's view: id, titles, scope, source and the parameters with defaults."""
        # Deferred: the card is a view (report/), which sits above the rules it shows.
        from ..report._html_repr import rule_html  # noqa: PLC0415 (a view, above the rules)

        return rule_html(self)


@attrs.frozen(slots=True)
class RuleContext(Generic[P]):
    """Everything an evaluation may read: the ledger's index, time, and typed parameters."""

    rule: Rule[P]
    index: LedgerIndex
    as_of: date
    window: Window
    params: P
    records_from: date | None = None
    """The ledger's coverage start (default: the window's start); nothing due before it is
    judged.  ``None`` only where a context is built by hand without a ledger's coverage."""
    chains: ChainCache = attrs.field(factory=dict, repr=False, eq=False)
    """Organisation chains already computed in this run, shared by every rule's context
    (a subject's chain depends only on its kind, id and day)."""

    @property
    def window_period(self) -> Period:
        """The whole window as one period (for findings judged once per window)."""
        return self.window.as_period()

    def finding(
        self,
        subject_id: str,
        subject_kind: SubjectKind,
        period: Period,
        status: Status,
        *,
        facet: str | None = None,
        reason: str | None = None,
        measured: Any = None,
        expected: Any = None,
        evidence: Iterable[str] = (),
        key: str | None = None,
        due: bool = True,
        due_on: date | None = None,
        **context: Any,
    ) -> Finding:
        """Build a finding with its messages rendered from the rule's templates.

        ``due=False`` marks the period that contains ``as_of``: there an unmet obligation is
        not a failure yet but ``not_applicable`` (``not_yet_due``), whatever ``key`` says —
        the general semantics of docs/rules/README.md, applied here once for every rule.  An advisory
        rule's ``fail`` becomes ``warn``; ``reason`` on a not-applicable finding is required.
        ``key`` picks the message template (default: the status, or ``not_yet_due``).
        ``due_on`` is the obligation's deadline where a rule has one (a term's expiry, a
        probation's end); by default the finding falls due on its period's last day.
        A period that ends before the ledger's coverage starts is not judged at all:
        ``not_applicable`` (``before_records``), whatever the rule found.
        """
        rule = self.rule
        if (
            self.records_from is not None
            and period.end < self.records_from
            and status is not Status.NOT_APPLICABLE
        ):
            status, reason, key = Status.NOT_APPLICABLE, "before_records", None
        if status is Status.FAIL and not due:
            status, reason, key = Status.NOT_APPLICABLE, "not_yet_due", "not_yet_due"
        if status is Status.FAIL and rule.severity is Severity.ADVISORY:
            status = Status.WARN
        if status is Status.NOT_APPLICABLE and not reason:
            raise ValueError(f"{rule.id}: a not_applicable finding needs a reason")
        if key is None:
            key = "not_yet_due" if reason == "not_yet_due" else status.value
        subject_name = self.index.name_of(subject_id)
        day = period.end
        where = (subject_kind, subject_id, day)
        chain = self.chains.get(where)
        if chain is None:
            chain = self.chains[where] = org_chain_of(self.index, subject_kind, subject_id, day)
        zh, en = rule.templates(key)
        # Rendered on first read (rules/_render.py): most findings are never read as text.
        text = PendingMessage(
            zh,
            en,
            subject_id,
            subject_name,
            period.label,
            measured,
            expected,
            reason,
            facet,
            context,
        )
        return Finding(
            rule_id=rule.id,
            subject_id=subject_id,
            subject_kind=subject_kind,
            period=period,
            status=status,
            severity=rule.severity,
            message_zh=text,
            message_en=text,
            facet=facet,
            reason=reason,
            measured=measured,
            expected=expected,
            evidence=tuple(evidence),
            message_key=key,
            org_chain=chain,
            source=rule.source,
            subject_name=subject_name,
            due=due_on if due_on is not None else day,
        )

    def not_applicable(
        self,
        subject_id: str,
        subject_kind: SubjectKind,
        period: Period,
        reason: str,
        *,
        facet: str | None = None,
        **context: Any,
    ) -> Finding:
        """Shorthand for a ``not_applicable`` finding with its reason."""
        return self.finding(
            subject_id,
            subject_kind,
            period,
            Status.NOT_APPLICABLE,
            reason=reason,
            facet=facet,
            **context,
        )


def rule(
    id: str,
    *,
    title: tuple[str, str],
    scope: Scope,
    severity: Severity = Severity.VIOLATION,
    source: str,
    params: Params | None = None,
    messages: Messages | None = None,
    aliases: Iterable[str] = (),
    register: bool | None = None,
) -> Callable[[Callable[[RuleContext[Any]], Iterable[Finding]]], Rule[Any]]:
    """Decorator that turns an evaluation function into a :class:`Rule` — and does nothing else.

    Building and registering are apart (pluggy's way: the marker marks, the registry
    registers).  A built-in rule is listed in its family module's ``RULES`` tuple; a third
    party hands the rule to :func:`~dangjian_core.register_rule` or ships it through the
    ``dangjian_core.rules`` entry-point group.  ``register`` is accepted and ignored, so code
    written when the decorator still registered keeps working.  The function's docstring
    becomes the rule's description in the generated docs, so it should say how edge cases
    are decided.
    """
    del register  # accepted for compatibility only: a decorator never registers

    def decorate(func: Callable[[RuleContext[Any]], Iterable[Finding]]) -> Rule[Any]:
        return Rule(
            id=id,
            title_zh=title[0],
            title_en=title[1],
            scope=scope,
            severity=severity,
            source=source,
            evaluate=func,
            params=params if params is not None else NoParams(),
            messages=dict(messages or {}),
            aliases=tuple(aliases),
            description=inspect.cleandoc(func.__doc__ or ""),
        )

    return decorate
