"""Message templates of the common rule shapes, so that a rule states only what is its own.

A rule's messages are a mapping from a message key (``pass``, ``fail``, ``fail_late`` …) to a
(中文, English) pair of ``str.format`` templates, filled by
:meth:`~dangjian_core.RuleContext.finding` with ``measured``, ``expected``, ``period``,
``subject`` and whatever context the rule passes.  Most rules are one of a few shapes; each
helper here gives a shape's templates from the words that name the obligation.  Merge a
rule's extra keys into the result: ``{**deadline_messages(...), "fail_early": (...)}``.
"""

from __future__ import annotations

from ._rule import Messages

__all__ = ["deadline_messages", "frequency_messages", "step_messages"]


def frequency_messages(what_zh: str, what_en: str) -> Messages:
    """At least ``{expected}`` of ``what`` per period; ``{measured}`` were held."""
    return {
        "pass": (f"召开{what_zh} {{measured}} 次", f"{{measured}} {what_en} held"),
        "fail": (
            f"本期{what_zh}次数不足（要求至少 {{expected}} 次，实际 {{measured}} 次）",
            f"too few {what_en}: {{measured}} of {{expected}}",
        ),
        "not_yet_due": (
            f"本期尚未到期，已召开{what_zh} {{measured}} 次（要求 {{expected}} 次）",
            f"not yet due: {{measured}} of {{expected}} {what_en} so far",
        ),
    }


def deadline_messages(act_zh: str, act_en: str, start_zh: str, start_en: str) -> Messages:
    """``act`` is due by ``{expected}``, counted from ``start`` (dated ``{start}``); it was
    done on ``{measured}``.  Keys: ``pass``, ``fail`` (not done), ``fail_late``,
    ``fail_early`` (dated before its start), ``not_yet_due``."""
    return {
        "pass": (
            f"于 {{measured}} {act_zh}（期限 {{expected}}）",
            f"{act_en} on {{measured}} (due {{expected}})",
        ),
        "fail": (
            f"{start_zh}（{{start}}）后至 {{expected}} 未{act_zh}",
            f"no {act_en} by {{expected}} ({start_en} {{start}})",
        ),
        "fail_late": (
            f"{act_zh}日期 {{measured}} 晚于期限 {{expected}}",
            f"{act_en} on {{measured}}, after the deadline {{expected}}",
        ),
        "fail_early": (
            f"{act_zh}日期 {{measured}} 早于{start_zh}（{{start}}），不能算作其后的{act_zh}",
            f"{act_en} dated {{measured}}, before the {start_en} {{start}}",
        ),
        "not_yet_due": (
            f"{act_zh}期限 {{expected}} 尚未到期",
            f"{act_en} due by {{expected}}, not yet due",
        ),
    }


def step_messages(step_zh: str, step_en: str, event_zh: str, event_en: str) -> Messages:
    """A record of ``step`` must be dated on or before ``event`` (dated ``{vote}``); it is
    dated ``{measured}``.  Keys: ``pass``, ``fail`` (no record), ``fail_late``."""
    return {
        "pass": (f"于 {{measured}} {step_zh}", f"{step_en} on {{measured}}"),
        "fail": (
            f"{event_zh}（{{vote}}）前无{step_zh}记录",
            f"no {step_en} before the {event_en} {{vote}}",
        ),
        "fail_late": (
            f"{step_zh}日期 {{measured}} 晚于{event_zh}（{{vote}}）",
            f"{step_en} dated {{measured}}, after the {event_en} {{vote}}",
        ),
    }
