"""Findings: what one rule concluded about one subject for one period.

Findings are made in bulk (a school-year of dues is members × months), so they are attrs
frozen/slotted value objects, not pydantic models.  A finding never changes; a waiver makes a
*new* finding with status ``waived`` that keeps the original status.
"""

from __future__ import annotations

import enum
import fnmatch
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

import attrs

from ..periods import Period
from ._render import PendingMessage

__all__ = [
    "Finding",
    "FindingKey",
    "Findings",
    "Severity",
    "Status",
    "SubjectKind",
]


class Status(enum.StrEnum):
    """Outcome of a finding.  ``warn`` counts as met; ``waived`` keeps the original."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    NOT_APPLICABLE = "not_applicable"
    WAIVED = "waived"
    ERROR = "error"

    @property
    def zh(self) -> str:
        """Chinese label, as reports show it."""
        return _STATUS_ZH[self]


_STATUS_ZH = {
    Status.PASS: "符合",
    Status.FAIL: "不符合",
    Status.WARN: "提醒",
    Status.NOT_APPLICABLE: "不适用",
    Status.WAIVED: "已豁免",
    Status.ERROR: "出错",
}


class Severity(enum.StrEnum):
    """A rule's weight in law: a hard rule (``violation``) or one the regulation words as
    "一般" (``advisory``, whose findings warn and never fail)."""

    VIOLATION = "violation"
    ADVISORY = "advisory"


class SubjectKind(enum.StrEnum):
    """What a finding is about."""

    ORGANIZATION = "organization"
    PERSON = "person"
    CASE = "case"
    SOCIETY = "society"
    PAYMENT = "payment"
    MEETING = "meeting"
    LEDGER = "ledger"


FindingKey = tuple[str, str, str, str | None]
"""``(rule_id, subject_id, period label, facet)`` — unique within one check run."""


_set = object.__setattr__


def _plain(value: object) -> object:
    """A JSON-friendly rendering of a measured/expected value (exact numbers as text)."""
    if value is None or isinstance(value, bool | int | str | float):
        return value
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    if isinstance(value, Decimal | date | enum.Enum):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


@attrs.frozen(slots=True, eq=False, repr=False, getstate_setstate=False)
class Finding:
    """One rule's verdict on one subject for one period (and facet).

    ``measured`` and ``expected`` are exact values (``Fraction``, ``Decimal``, ``int``);
    ``evidence`` names the records that decided it — for a meeting that was not held, the
    label of the missing period.  ``org_chain`` is the chain of organisations the subject belongs
    to, from its own up to the root, so that schemes can roll findings up without the ledger.

    ``message_zh`` and ``message_en`` are given as text, or — by
    :meth:`RuleContext.finding` — as one :class:`~dangjian_core.rules._render.PendingMessage`
    rendered on first read (most findings of a large run are passes whose text is never
    read; issue 12).  Either way a finding reads, compares, hashes, copies and pickles as
    the rendered text.  The two are stored as the attrs fields ``_message_zh`` and
    ``_message_en`` (aliases ``message_zh`` / ``message_en`` in the constructor and in
    ``attrs.evolve``); for a plain dict use :meth:`to_record`, not ``attrs.asdict``, which
    shows what is stored.
    """

    rule_id: str
    subject_id: str
    subject_kind: SubjectKind
    period: Period
    status: Status
    severity: Severity
    _message_zh: str | PendingMessage = attrs.field(alias="message_zh")
    _message_en: str | PendingMessage = attrs.field(alias="message_en")
    facet: str | None = None
    reason: str | None = None
    measured: Any = None
    expected: Any = None
    evidence: tuple[str, ...] = ()
    message_key: str = ""
    org_chain: tuple[str, ...] = ()
    source: str = ""
    original_status: Status | None = None
    waiver_id: str | None = None
    subject_name: str | None = None
    due: date | None = None
    """The day the obligation falls due: its period's last day, or the rule's deadline
    (``None`` only on a finding built by hand or a rule's ``error``).  ``dj.upcoming`` and the
    calendar read it, so that "when" is decided by the rule that judges, in one place."""

    @property
    def message_zh(self) -> str:
        """The Chinese message (rendered on first read)."""
        text = self._message_zh
        return text if type(text) is str else self._rendered()[0]

    @property
    def message_en(self) -> str:
        """The English message (rendered on first read)."""
        text = self._message_en
        return text if type(text) is str else self._rendered()[1]

    def _rendered(self) -> tuple[str, str]:
        """Both messages as text, rendering a pending one and keeping the text (a frozen
        finding's only change after construction: the same text, computed once)."""
        zh, en = self._message_zh, self._message_en
        if isinstance(zh, PendingMessage):
            texts = zh.render()
            zh = texts[0]
            if en is self._message_zh:
                en = texts[1]
            _set(self, "_message_zh", zh)
        if isinstance(en, PendingMessage):
            en = en.render()[1]
        _set(self, "_message_en", en)
        return zh, en

    def _values(self) -> tuple[Any, ...]:
        """Every field's value, messages rendered: what equality, hashing, ``repr`` and
        pickling read, so a pending message never makes two equal findings differ."""
        zh, en = self._rendered()
        return tuple(
            zh if name == "_message_zh" else en if name == "_message_en" else getattr(self, name)
            for name in _FIELD_NAMES
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Finding)
        return self._values() == other._values()

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{alias}={value!r}"
            for alias, value in zip(_FIELD_ALIASES, self._values(), strict=True)
        )
        return f"Finding({shown})"

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(_FIELD_NAMES, state, strict=True):
            _set(self, name, value)

    @property
    def key(self) -> FindingKey:
        """The identity of the finding across runs, for diffs and waivers."""
        return (self.rule_id, self.subject_id, self.period.label, self.facet)

    @property
    def effective_status(self) -> Status:
        """The status before any waiver (the *raw* status)."""
        return self.original_status if self.original_status is not None else self.status

    @property
    def met(self) -> bool | None:
        """True for pass/warn, False for fail, None where the finding does not count."""
        raw = self.effective_status
        if raw in (Status.PASS, Status.WARN):
            return True
        if raw is Status.FAIL:
            return False
        return None

    def message(self, lang: str = "zh") -> str:
        """The rendered message in ``zh`` (default) or ``en``."""
        return self.message_en if lang == "en" else self.message_zh

    def to_record(self) -> dict[str, Any]:
        """A plain dict (JSON-ready): exact numbers become text, dates ISO strings."""
        return {
            "rule_id": self.rule_id,
            "subject_id": self.subject_id,
            "subject_kind": self.subject_kind.value,
            "subject_name": self.subject_name,
            "period": self.period.label,
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
            "due": self.due.isoformat() if self.due is not None else None,
            "facet": self.facet,
            "status": self.status.value,
            "original_status": self.original_status.value if self.original_status else None,
            "reason": self.reason,
            "severity": self.severity.value,
            "measured": _plain(self.measured),
            "expected": _plain(self.expected),
            "evidence": list(self.evidence),
            "message_key": self.message_key,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "org_chain": list(self.org_chain),
            "source": self.source,
            "waiver_id": self.waiver_id,
        }


_FIELD_NAMES = tuple(a.name for a in attrs.fields(Finding))
_FIELD_ALIASES = tuple(a.alias for a in attrs.fields(Finding))


def _matches(value: str, patterns: str | Iterable[str] | None) -> bool:
    if patterns is None:
        return True
    if isinstance(patterns, str):
        patterns = (patterns,)
    return any(fnmatch.fnmatchcase(value, p) for p in patterns)


class Findings(Sequence[Finding]):
    """The findings of one run: an immutable sequence with filters and groupings.

    ``expired_waivers`` lists the ids of waivers that matched nothing because they had
    expired at ``as_of``: they are reported, not applied.
    """

    __slots__ = ("_items", "as_of", "expired_waivers", "window")

    def __init__(
        self,
        items: Iterable[Finding] = (),
        *,
        as_of: date | None = None,
        window: Period | None = None,
        expired_waivers: Iterable[str] = (),
    ) -> None:
        self._items: tuple[Finding, ...] = tuple(items)
        self.as_of = as_of
        self.window = window
        self.expired_waivers: tuple[str, ...] = tuple(expired_waivers)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Findings: ...
    def __getitem__(self, index: int | slice) -> Finding | Findings:
        if isinstance(index, slice):
            return self._derive(self._items[index])
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings):
            return self._items == other._items
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts().items()))
        return f"<Findings {len(self)}: {counts}>"

    def _derive(self, items: Iterable[Finding]) -> Findings:
        return Findings(
            items, as_of=self.as_of, window=self.window, expired_waivers=self.expired_waivers
        )

    def filter(
        self,
        *,
        status: Status | str | Iterable[Status | str] | None = None,
        rule: str | Iterable[str] | None = None,
        subject: str | Iterable[str] | None = None,
        within: str | None = None,
        predicate: Callable[[Finding], bool] | None = None,
    ) -> Findings:
        """Findings with the given status(es), rule id glob(s) (``"meeting.*"``), subject
        id(s), inside the organisation ``within`` (its subtree), and/or a predicate."""
        statuses: set[str] | None = None
        if status is not None:
            statuses = {status} if isinstance(status, str) else {str(s) for s in status}
        subjects: set[str] | None = None
        if subject is not None:
            subjects = {subject} if isinstance(subject, str) else set(subject)
        return self._derive(
            f
            for f in self._items
            if (statuses is None or f.status.value in statuses)
            and _matches(f.rule_id, rule)
            and (subjects is None or f.subject_id in subjects)
            and (within is None or within in f.org_chain)
            and (predicate is None or predicate(f))
        )

    def failing(self) -> Findings:
        """Findings whose status is ``fail`` (not waived)."""
        return self.filter(status=Status.FAIL)

    def by_rule(self) -> dict[str, Findings]:
        """Findings grouped by rule id, in first-seen order."""
        return self._group(lambda f: f.rule_id)

    def by_subject(self) -> dict[str, Findings]:
        """Findings grouped by subject id, in first-seen order."""
        return self._group(lambda f: f.subject_id)

    def _group(self, key: Callable[[Finding], str]) -> dict[str, Findings]:
        groups: dict[str, list[Finding]] = {}
        for f in self._items:
            groups.setdefault(key(f), []).append(f)
        return {k: self._derive(v) for k, v in groups.items()}

    def counts(self) -> Counter[str]:
        """Number of findings per status value."""
        return Counter(f.status.value for f in self._items)

    def get(self, key: FindingKey) -> Finding | None:
        """The finding with this key, if any."""
        for f in self._items:
            if f.key == key:
                return f
        return None

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per finding (for JSON, CSV or a DataFrame)."""
        return [f.to_record() for f in self._items]

    def to_pandas(self, ledger: Any = None) -> Any:
        """One row per finding as a pandas DataFrame (needs the ``pandas`` extra): names,
        branch, period dates, status as a categorical, measured/expected as numbers.  Pass
        the ``ledger`` checked for exact departments and branches (see
        :func:`dangjian_core.report.frames.findings_frame`)."""
        # Deferred: a view (report/), and pandas is an optional extra loaded only here.
        from ..report.frames import findings_frame  # noqa: PLC0415 (a view, above this model)

        return findings_frame(self, ledger)

    def _repr_html_(self) -> str:
        """Jupyter's view: counts by status and the first failing findings."""
        # Deferred: the card is a view (report/), above this model.
        from ..report._html_repr import findings_html  # noqa: PLC0415 (a view, above this model)

        return findings_html(self)
