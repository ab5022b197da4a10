"""``meeting.*`` — 三会一课 and organisational life (支部工作条例 第十一至十九条)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import MeetingKind, OrgKind
from ..periods import Cadence, judged_periods
from ._common import FrequencyParams, frequency_findings
from ._finding import Finding, SubjectKind
from ._rule import RuleContext, Scope, rule

__all__: list[str] = []


@rule(
    "meeting.committee",
    title=("支委会每月至少召开一次", "The branch committee meets at least once a month"),
    scope=Scope.BRANCH,
    source="支部条例 第十二条 [N]",
    params=FrequencyParams(per=Cadence.MONTH, min=1),
    messages={
        "pass": ("召开支委会 {measured} 次", "{measured} committee meeting(s) held"),
        "fail": (
            "本期未召开有效支委会（要求至少 {expected} 次，实际 {measured} 次）",
            "no valid committee meeting ({measured} of {expected})",
        ),
        "not_applicable": ("未设支部委员会，不适用", "no branch committee"),
    },
)
def committee(ctx: RuleContext[FrequencyParams]) -> Iterator[Finding]:
    """Every branch that has a committee on a period's last day (or on ``as_of`` for the
    current period) holds at least ``min`` committee meetings per ``per``.  A meeting below
    quorum or without attendance does not count (it gets its own ``meeting.quorum`` finding).
    A branch without a committee gets one ``not_applicable`` (``no_committee``) per period."""
    index = ctx.index
    for org in index.of_kind(OrgKind.BRANCH):
        periods = judged_periods(
            ctx.params.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
        )
        with_committee = {
            jp.period.label
            for jp in periods
            if index.committee_on(org.id, min(jp.period.end, ctx.as_of))
        }
        for f in frequency_findings(ctx, org, MeetingKind.COMMITTEE):
            if f.period.label in with_committee:
                yield f
            else:
                yield ctx.not_applicable(org.id, SubjectKind.ORGANIZATION, f.period, "no_committee")
