"""Building blocks shared by rule families: frequency checks and their parameters."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..model import MeetingKind, Organization
from ..periods import Cadence, judged_periods
from ._finding import Finding, Status, SubjectKind
from ._rule import Params, RuleContext

__all__ = ["FrequencyParams", "frequency_findings"]


class FrequencyParams(Params):
    """How often something must happen: at least ``min`` per ``per``.

    ``count_online`` (default true) lets meetings held online count, as the seed's
    "云上过" organisational life did.
    """

    per: Cadence = Field(default=Cadence.MONTH, title="周期")
    min: int = Field(default=1, ge=1, title="最少次数")
    count_online: bool = Field(default=True, title="线上会议计入")


def frequency_findings(
    ctx: RuleContext[FrequencyParams],
    org: Organization,
    kinds: MeetingKind | tuple[MeetingKind, ...],
    *,
    facet: str | None = None,
) -> Iterator[Finding]:
    """One finding per judged period: met when at least ``min`` counting meetings of ``kinds``
    were held for ``org`` in it.

    A missing period is ``fail`` with evidence ``missing:<period>``; the current period
    (containing ``as_of``) is ``pass`` if already met, else ``not_yet_due``.
    """
    p = ctx.params
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    for jp in judged_periods(
        p.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
    ):
        period = jp.period
        held = sorted(
            (
                m
                for kind in kinds
                for m in ctx.index.counting_meetings(
                    org.id,
                    kind,
                    period.start,
                    period.end,
                    count_online=p.count_online,
                    as_of=ctx.as_of,
                )
            ),
            key=lambda m: (m.date, m.id),
        )
        ids = [m.id for m in held]
        if len(held) >= p.min:
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                period,
                Status.PASS,
                facet=facet,
                measured=len(held),
                expected=p.min,
                evidence=ids,
            )
        elif not jp.due:
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                period,
                Status.NOT_APPLICABLE,
                facet=facet,
                reason="not_yet_due",
                measured=len(held),
                expected=p.min,
                evidence=ids,
            )
        else:
            yield ctx.finding(
                org.id,
                SubjectKind.ORGANIZATION,
                period,
                Status.FAIL,
                facet=facet,
                measured=len(held),
                expected=p.min,
                evidence=[f"missing:{period.label}", *ids],
            )
