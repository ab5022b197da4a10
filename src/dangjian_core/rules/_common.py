"""Building blocks shared by rule families: how often something happened in each judged
period, and which day a state is read on.  Every family reads time through these, so the
current period is treated the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from pydantic import Field

from ..model import Meeting, MeetingKind, Organization
from ..periods import Cadence, JudgedPeriod, Period, judged_periods
from ._finding import Finding, Status, SubjectKind
from ._rule import Params, RuleContext

__all__ = [
    "FrequencyParams",
    "JudgedState",
    "StateParams",
    "frequency_finding",
    "frequency_findings",
    "judged_states",
]


class FrequencyParams(Params):
    """How often something must happen: at least ``min`` per ``per``.

    ``count_online`` (default true) lets meetings held online count, as the seed's
    "云上过" organisational life did.
    """

    per: Cadence = Field(default=Cadence.MONTH, title="周期")
    min: int = Field(default=1, ge=1, title="最少次数")
    count_online: bool = Field(default=True, title="线上会议计入")


FP = TypeVar("FP", bound=FrequencyParams)


class StateParams(Params):
    """A state (a count, a post, a ratio) judged once per period of ``per`` (default: the
    calendar year), read on the period's last day — or on ``as_of`` for the current one."""

    per: Cadence = Field(default=Cadence.YEAR, title="周期")


class JudgedState(NamedTuple):
    """A judged period, whether it is due at ``as_of``, and the day its state is read on."""

    period: Period
    due: bool
    day: date


def judged_states(
    ctx: RuleContext[Any],
    per: Cadence,
    *,
    founded: date | None = None,
    dissolved: date | None = None,
    quota: bool = False,
) -> list[JudgedState]:
    """The periods of ``per`` judged in the run, each with the day its state is read on: the
    period's last day, or ``as_of`` for the period containing it.  A period whose reading day
    comes before the subject was founded is left out.

    Every state is due (``due=True``), the current period included: a state — a committee,
    a secretary, a ratio, a post — is judged as it stands on ``as_of`` ("States are judged
    now"), unlike a frequency, which still has time to be met.  An inspector visiting in June
    fails a department with no organiser in June.

    ``quota=True`` is for what accumulates over the period while being read like a state
    (study hours, trainings taken in the year): there the current period keeps the grace of a
    frequency and is ``due`` only once it has ended."""
    out = []
    for jp in judged_periods(per, ctx.window, ctx.as_of, founded=founded, dissolved=dissolved):
        day = min(jp.period.end, ctx.as_of)
        if founded is None or founded <= day:
            out.append(JudgedState(jp.period, jp.due or not quota, day))
    return out


def frequency_finding(
    ctx: RuleContext[FP],
    org: Organization,
    jp: JudgedPeriod,
    held: Sequence[Meeting],
    *,
    facet: str | None = None,
) -> Finding:
    """The finding of one judged period from the meetings that count in it: met with at least
    ``min``; otherwise ``fail`` with evidence ``missing:<period>``, or ``not_yet_due`` for the
    current period."""
    ids = [m.id for m in sorted(held, key=lambda m: (m.date, m.id))]
    met = len(held) >= ctx.params.min
    evidence = ids if met or not jp.due else [f"missing:{jp.period.label}", *ids]
    return ctx.finding(
        org.id,
        SubjectKind.ORGANIZATION,
        jp.period,
        Status.PASS if met else Status.FAIL,
        due=jp.due,
        facet=facet,
        measured=len(held),
        expected=ctx.params.min,
        evidence=evidence,
    )


def frequency_findings(
    ctx: RuleContext[FP],
    org: Organization,
    kinds: MeetingKind | tuple[MeetingKind, ...],
    *,
    facet: str | None = None,
) -> Iterator[Finding]:
    """One finding per judged period: met when at least ``min`` counting meetings of ``kinds``
    were held for ``org`` in it (see :func:`frequency_finding`)."""
    p = ctx.params
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    for jp in judged_periods(
        p.per, ctx.window, ctx.as_of, founded=org.founded, dissolved=org.dissolved
    ):
        held = [
            m
            for kind in kinds
            for m in ctx.index.counting_meetings(
                org.id,
                kind,
                jp.period.start,
                jp.period.end,
                count_online=p.count_online,
                as_of=ctx.as_of,
            )
        ]
        yield frequency_finding(ctx, org, jp, held, facet=facet)
