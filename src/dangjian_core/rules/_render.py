"""A finding's two messages, rendered when first read rather than when the finding is built.

A school's run builds hundreds of thousands of findings and most of them are passes whose
text nobody reads: a compliance check in a notebook counts them, a scheme scores them, the
default JSON output leaves them out.  Rendering both messages eagerly was the largest single
cost of building a finding (issue 12), so :meth:`RuleContext.finding` stores a
:class:`PendingMessage` instead — the two templates and every value they read, captured
when the finding is built — and :class:`~dangjian_core.Finding` renders it on first access.

Everything the text reads is captured at build time, never read back from the finding, so
a finding copied with another subject (``attrs.evolve``, redaction) keeps the message it
was built with, exactly as an eagerly rendered one did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["PendingMessage", "SafeDict", "reason_zh", "show"]


class SafeDict(dict[str, Any]):
    """Format-map values where a placeholder the context lacks stays ``{name}`` in the text
    (a scheme's or plugin's template may name a value a rule does not give)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_REASONS_ZH = {
    "not_yet_due": "尚未到期",
    "no_committee": "未设支部委员会",
    "no_subjects": "没有需检查的对象",
    "no_data": "台账中没有数据",
    "no_members": "没有党员",
    "no_students": "没有学生",
    "not_founded": "组织尚未成立",
    "no_secretary": "无书记",
    "not_a_teacher_branch": "非专业教师党支部",
    "no_term": "无选举记录",
    "no_school_data": "台账中没有学校层面的人数统计",
    "below_threshold": "未达到设立条件",
    "no_groups": "未设党小组",
    "dissolved": "组织已撤销",
    "before_records": "早于台账记录起始日期",
}


def reason_zh(reason: str | None) -> str:
    """A not-applicable reason in Chinese (an unknown reason as it is)."""
    if reason is None:
        return ""
    return _REASONS_ZH.get(reason, reason)


#: Values a message shows as they are: most of what rules pass (names, dates, counts).
_AS_IS = frozenset({str, int, type(None)})


def show(value: Any) -> Any:
    """How a value appears in a message: fractions as ``a/b``, decimals as given."""
    if type(value) in _AS_IS:
        return value
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(str(show(v)) for v in value)
    return value


@attrs.define(slots=True, eq=False)
class PendingMessage:
    """The messages of one finding, not yet rendered: the Chinese and English templates,
    the values the general placeholders read (``subject``, ``period``, ``measured``,
    ``expected``, ``reason``, ``facet``) and the rule's own ``context``."""

    zh: str
    en: str
    subject_id: str
    subject_name: str | None
    period: str
    measured: Any
    expected: Any
    reason: str | None
    facet: str | None
    context: Mapping[str, Any]

    def render(self) -> tuple[str, str]:
        """Both messages, prefixed with the subject and the period as every finding's are."""
        subject = self.subject_name or self.subject_id
        values = SafeDict(
            measured=show(self.measured),
            expected=show(self.expected),
            reason=reason_zh(self.reason),
            period=self.period,
            subject=subject,
            facet=self.facet or "",
        )
        for name, value in self.context.items():
            values[name] = show(value)
        zh = self.zh.format_map(values)
        # English names the subject by id and gives the reason code (docs/rules/README.md).
        values["reason"] = self.reason or ""
        values["subject"] = self.subject_id
        en = self.en.format_map(values)
        return f"{subject} {self.period}：{zh}", f"{self.subject_id} {self.period}: {en}"
