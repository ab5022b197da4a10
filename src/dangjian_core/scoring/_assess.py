"""``assess``: run ``check`` once and score every subject with a scheme."""

from __future__ import annotations

import fnmatch
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import NamedTuple, get_args

from .._format import percent
from .._gc import collector_paused
from .._version import library_version
from ..errors import Problem, SchemeError
from ..model import Ledger, OrgKind
from ..model.index import LedgerIndex
from ..periods import Window
from ..rules import Finding, Findings, Status, check
from ..rules._check import Progress, run_arguments
from ._assessment import (
    QUIET_STATUSES,
    Assessment,
    DimensionResult,
    FindingRef,
    FindingsKept,
    IndicatorResult,
    LossItem,
    SubjectResult,
)
from ._functions import Score, ScoringFunction, met
from ._registry import SchemeRegistry, default_schemes
from ._scheme import Scheme, Verdict

__all__ = ["assess", "score_findings"]


def _round(value: Fraction) -> float:
    return float(round(value, 4))


def _shown(score: Fraction) -> float:
    """A score as shown: rounded *down* to 2 decimals, so that a shown 90.00 always means at
    least 90 (docs/schemes.md).  Grades and verdicts use the exact score, never this one."""
    return float(Fraction(math.floor(score * 100), 100))


def _ref(f: Finding) -> FindingRef:
    return FindingRef(
        rule_id=f.rule_id,
        subject_id=f.subject_id,
        subject_name=f.subject_name,
        period=f.period.label,
        facet=f.facet,
        status=f.status.value,
        original_status=f.original_status.value if f.original_status else None,
        message_zh=f.message_zh,
        message_en=f.message_en,
        evidence=list(f.evidence),
    )


def _matches(rule_id: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, p) for p in patterns)


class _Routes(NamedTuple):
    """Where findings of one rule id go in a scheme: whether the scheme reads them at all,
    and the positions of the indicators (in :meth:`Scheme.indicators` order), vetoes and the
    verdict gate whose globs match it."""

    relevant: bool
    indicators: tuple[int, ...]
    vetoes: tuple[int, ...]
    gate: bool


class _Compiled:
    """A scheme's globs resolved once per rule id.

    Matching every finding's rule id against every glob of every indicator costs millions of
    ``fnmatch`` calls on a school (issue 12); a ledger has a few dozen rule ids, so each is
    matched once per scoring run and remembered.  Built per :func:`score_findings` call, so a
    scheme object needs no cache that could outlive it; the answers are those of
    :func:`_matches` and :meth:`Indicator.matches` exactly."""

    def __init__(self, scheme: Scheme) -> None:
        self.patterns = scheme.rule_patterns()
        self.indicators = [ind for _, ind in scheme.indicators()]
        self.vetoes = [v.rules for v in scheme.veto]
        self.gate = scheme.verdict.gate_rules if scheme.verdict is not None else []
        self._routes: dict[str, _Routes] = {}

    def routes(self, rule_id: str) -> _Routes:
        found = self._routes.get(rule_id)
        if found is None:
            found = _Routes(
                _matches(rule_id, self.patterns),
                tuple(k for k, ind in enumerate(self.indicators) if ind.matches(rule_id)),
                tuple(k for k, rules in enumerate(self.vetoes) if _matches(rule_id, rules)),
                _matches(rule_id, self.gate),
            )
            self._routes[rule_id] = found
        return found


class _Refs:
    """One :class:`FindingRef` per finding per scoring run: a finding listed by a subject, a
    loss and a veto — and by every subject above it — shares one frozen ref instead of being
    validated again each time.  Keyed by ``id()``; the findings outlive the run."""

    def __init__(self) -> None:
        self._made: dict[int, FindingRef] = {}

    def __call__(self, f: Finding) -> FindingRef:
        ref = self._made.get(id(f))
        if ref is None:
            ref = self._made[id(f)] = _ref(f)
        return ref


def _grade(scheme: Scheme, score: Fraction, vetoed: str | None) -> str:
    if vetoed is not None:
        return vetoed
    for band in scheme.grades:
        if score >= Fraction(band.min):
            return band.grade
    return scheme.grades[-1].grade


class _Routed(NamedTuple):
    """A subject's findings sorted to where the scheme reads them, each list in the order of
    the findings: the scheme's (``relevant``), per indicator position, per veto position,
    and those of the verdict's gate rules."""

    relevant: list[Finding]
    by_indicator: dict[int, list[Finding]]
    by_veto: dict[int, list[Finding]]
    gated: list[Finding]


def _routed(compiled: _Compiled, findings: Sequence[Finding]) -> _Routed:
    """One pass over ``findings``; the same lists as filtering them by each glob in turn."""
    out = _Routed([], defaultdict(list), defaultdict(list), [])
    for f in findings:
        route = compiled.routes(f.rule_id)
        if not route.relevant:
            continue
        out.relevant.append(f)
        for k in route.indicators:
            out.by_indicator[k].append(f)
        for k in route.vetoes:
            out.by_veto[k].append(f)
        if route.gate:
            out.gated.append(f)
    return out


def _score_subject(
    scheme: Scheme,
    subject_id: str,
    subject_name: str,
    findings: Sequence[Finding],
    functions: Mapping[str, ScoringFunction],
    compiled: _Compiled | None = None,
    refs: Callable[[Finding], FindingRef] = _ref,
    kept: FindingsKept = "all",
) -> SubjectResult:
    compiled = compiled if compiled is not None else _Compiled(scheme)
    relevant, by_indicator, by_veto, gated = _routed(compiled, findings)
    position = 0
    dims: list[DimensionResult] = []
    totals = {False: [Fraction(0), Fraction(0)], True: [Fraction(0), Fraction(0)]}
    dim_shares: dict[bool, list[tuple[str, Fraction]]] = {False: [], True: []}
    for d in scheme.dimensions:
        inds: list[IndicatorResult] = []
        d_tot = {False: [Fraction(0), Fraction(0)], True: [Fraction(0), Fraction(0)]}
        for ind in d.indicators:
            points = Fraction(ind.points)
            position += 1
            if ind.skipped is not None:
                inds.append(
                    IndicatorResult(
                        id=ind.id,
                        title=ind.title,
                        function=ind.function,
                        points=_round(points),
                        possible=0,
                        earned=0,
                        earned_waived=0,
                        excluded=f"skipped: {ind.skipped}",
                    )
                )
                continue
            mine = by_indicator.get(position - 1, [])
            scores: dict[bool, Score] = {
                w: functions[ind.function].score(ind, mine, w) for w in (False, True)
            }
            for w, s in scores.items():
                if s.earned is not None:
                    d_tot[w][0] += s.earned
                    d_tot[w][1] += points
            raw = scores[False]
            applicable = raw.earned is not None or scores[True].earned is not None
            inds.append(
                IndicatorResult(
                    id=ind.id,
                    title=ind.title,
                    function=ind.function,
                    points=_round(points),
                    possible=_round(points) if applicable else 0,
                    earned=_round(raw.earned or Fraction(0)),
                    earned_waived=_round(scores[True].earned or Fraction(0)),
                    excluded=None if applicable else "not_applicable",
                    passed=raw.passed,
                    failed=raw.failed,
                    metric=None if raw.metric is None else _round(Fraction(raw.metric)),
                    losses=[
                        LossItem(
                            gain=_round(loss.gain),
                            note=loss.note,
                            findings=[refs(f) for f in loss.findings],
                        )
                        for loss in raw.losses
                    ],
                )
            )
        for w in (False, True):
            totals[w][0] += d_tot[w][0]
            totals[w][1] += d_tot[w][1]
            if d_tot[w][1]:
                dim_shares[w].append((d.title, d_tot[w][0] / d_tot[w][1]))
        dims.append(
            DimensionResult(
                id=d.id,
                title=d.title,
                points=_round(Fraction(d.points)),
                possible=_round(d_tot[False][1]),
                earned=_round(d_tot[False][0]),
                earned_waived=_round(d_tot[True][0]),
                indicators=inds,
            )
        )
    # One pass per view: the raw view (statuses before waivers) also names the hits.
    veto_hits: dict[bool, list[Finding]] = {False: [], True: []}
    veto_grade: dict[bool, str | None] = {False: None, True: None}
    for k, v in enumerate(scheme.veto):
        for w in (False, True):
            hits = [f for f in by_veto.get(k, ()) if met(f, w) is False]
            veto_hits[w] += hits
            if hits and veto_grade[w] is None:
                veto_grade[w] = v.grade
    scores100 = {
        w: (totals[w][0] / totals[w][1] * 100 if totals[w][1] else Fraction(0))
        for w in (False, True)
    }
    verdicts: dict[bool, bool | None] = {False: None, True: None}
    reasons: list[str] = []
    if scheme.verdict is not None:
        verdict = scheme.verdict
        for w in (False, True):
            missed = _verdict_misses(
                verdict,
                scores100[w],
                dim_shares[w],
                veto_grade[w],
                _gate_misses(verdict, gated, w, checked=True),
                totals[w][1] > 0,
            )
            verdicts[w] = not missed
            if not w:
                reasons = missed
    return SubjectResult(
        subject_id=subject_id,
        subject_name=subject_name,
        earned=_round(totals[False][0]),
        earned_waived=_round(totals[True][0]),
        possible=_round(totals[False][1]),
        score=_shown(scores100[False]),
        score_waived=_shown(scores100[True]),
        grade=_grade(scheme, scores100[False], veto_grade[False]),
        grade_waived=_grade(scheme, scores100[True], veto_grade[True]),
        verdict=verdicts[False],
        verdict_waived=verdicts[True],
        veto=[refs(f) for f in veto_hits[False]],
        verdict_misses=reasons,
        incomplete=any(f.status is Status.ERROR for f in findings),
        dimensions=dims,
        findings=_listed(relevant, refs, kept),
    )


def _listed(
    relevant: Sequence[Finding], refs: Callable[[Finding], FindingRef], kept: FindingsKept
) -> list[FindingRef]:
    """The subject's findings as listed: each ``relevant`` one, or only those ``kept``.
    A finding left out is never turned into a ref, so its message is never rendered: most
    of a school's findings are passes (issue 12)."""
    if kept == "all":
        return [refs(f) for f in relevant]
    if kept == "none":
        return []
    return [refs(f) for f in relevant if f.status.value not in QUIET_STATUSES]


#: Reasons of a ``not_applicable`` gate finding that say the gate does not concern the
#: subject at all (a branch that is no teacher branch); any other reason closes the gate.
_GATE_EXEMPT = frozenset({"not_a_teacher_branch"})


def _gate_misses(
    verdict: Verdict, findings: Sequence[Finding], waived: bool, *, checked: bool = False
) -> list[Finding]:
    """The gate findings that close the gate: every finding of a gate rule within the subject
    must *pass* (docs/schemes.md: "no secretary, or a finding other than pass, closes the gate").
    A failing or warning finding closes it, and so does a ``not_applicable`` one — no
    secretary in post proves no qualified secretary — unless its reason says the rule does
    not concern the subject.  In the waived view a waived finding passes.  The findings are the subject's by
    their org_chain, so a gate rule whose subject is a person (a branch's secretary) is found
    through the branch in the finding's org_chain, like one whose subject is the branch.
    ``checked``: the findings are already those of gate rules (matched once per rule id)."""
    return [
        f
        for f in findings
        if (checked or _matches(f.rule_id, verdict.gate_rules))
        and not (f.effective_status is Status.PASS or (waived and f.status is Status.WAIVED))
        and not (f.status is Status.NOT_APPLICABLE and f.reason in _GATE_EXEMPT)
    ]


def _verdict_misses(
    verdict: Verdict,
    score: Fraction,
    shares: list[tuple[str, Fraction]],
    vetoed: str | None,
    gate_failures: list[Finding],
    scored: bool,
) -> list[str]:
    """Why a subject misses the verdict, one Chinese line per unmet condition (empty: met)."""
    out: list[str] = []
    if not scored:
        out.append("没有可计分的指标")
    if verdict.no_veto and vetoed is not None:
        out.append("存在一票否决项")
    if score < Fraction(verdict.min_total):
        out.append(f"总分 {_shown(score):.2f} 低于 {verdict.min_total}")
    floor = Fraction(verdict.min_dimension_share)
    for title, share in shares:
        if share < floor:
            out.append(f"“{title}”得分率 {percent(share)} 低于 {percent(floor)}")
    for f in gate_failures:
        out.append(f"必备条件未满足：{f.message_zh}")
    return out


def score_findings(
    findings: Findings,
    scheme: str | Scheme,
    subjects: Sequence[tuple[str, str]],
    *,
    registry: SchemeRegistry | None = None,
    findings_kept: FindingsKept = "all",
) -> list[SubjectResult]:
    """Score stored findings for the given ``(subject_id, name)`` pairs — a pure function of
    the findings, so a third-party scheme can re-score a run without checking again.
    ``findings_kept`` picks which findings each subject lists (:data:`FindingsKept`)."""
    _check_kept(findings_kept)
    registry = registry if registry is not None else default_schemes()
    chosen = registry.get(scheme)
    functions = registry.functions.all(report=False)
    wanted = {sid for sid, _ in subjects}
    errors: list[Finding] = []
    within: dict[str, list[Finding]] = {sid: [] for sid in wanted}
    for f in findings:  # one pass: each finding goes to every subject above it
        if f.status is Status.ERROR:
            errors.append(f)
        for org_id in f.org_chain:
            if org_id in wanted:
                within[org_id].append(f)
    compiled, refs = _Compiled(chosen), _Refs()
    with collector_paused():  # a subject's results are thousands of acyclic models
        return [
            _score_subject(
                chosen,
                sid,
                name,
                [*errors, *within[sid]],
                functions,
                compiled,
                refs,
                findings_kept,
            )
            for sid, name in subjects
        ]


def _check_kept(which: object) -> None:
    if which not in get_args(FindingsKept):
        raise ValueError(
            f"findings 应为 failing、all 或 none，而不是 {which!r} "
            f"(findings must be failing, all or none, not {which!r})"
        )


def assess(
    ledger: Ledger,
    scheme: str | Scheme = "five-in-place",
    *,
    as_of: date,
    window: Window | None = None,
    subject: str | None = None,
    registry: SchemeRegistry | None = None,
    progress: Progress | None = None,
    findings: FindingsKept = "all",
) -> Assessment:
    """Check ``ledger`` once and score it with ``scheme``.

    A department-scope scheme scores each department organisation (or only ``subject``); a
    branch-scope scheme scores each branch.  Rule parameters come from the scheme.
    ``registry`` looks up the scheme, its rules and scoring functions in another
    :class:`SchemeRegistry` than the process-wide one.  ``as_of`` and ``window`` are checked
    as :func:`~dangjian_core.check` checks them (a ``datetime`` counts as its date; a wrong
    type is a ``TypeError``, a day outside 1900–2199 or a window over 20 years a
    ``ValueError``), before any rule runs.  ``progress`` is handed to
    :func:`~dangjian_core.check` (called before each rule: done, total, rule id).
    ``findings`` picks which findings each subject lists: ``"all"`` (default), ``"failing"``
    (all but passes and not-applicable ones) or ``"none"`` — the same result as trimming
    afterwards with :func:`dangjian_core.scale.slim_findings`, but the findings left out are
    never copied into the result (a third faster on a school, and far less memory).
    """
    as_of, window = run_arguments(ledger, as_of, window)
    _check_kept(findings)
    if subject is not None and not isinstance(subject, str):
        raise TypeError(
            f"subject 应为组织编号字符串，而不是 {type(subject).__name__} "
            f"(subject must be an organisation id string, not {type(subject).__name__})"
        )
    registry = registry if registry is not None else default_schemes()
    chosen = registry.get(scheme)
    index = LedgerIndex(ledger)
    if chosen.scope == "department":
        candidates = index.departments
    else:
        candidates = [o for o in index.of_kind(OrgKind.BRANCH)]
    if subject is not None:
        candidates = [o for o in candidates if o.id == subject]
        if not candidates:
            raise SchemeError(
                [
                    Problem(
                        "subject",
                        f"台账中没有可评价的对象“{subject}”",
                        f"no {chosen.scope} '{subject}' in the ledger",
                        "unknown_subject",
                    )
                ]
            )
    found = check(
        ledger,
        as_of=as_of,
        window=window,
        rules=chosen.rule_patterns(),
        params=chosen.params,
        registry=registry.rules,
        progress=progress,
    )
    results = score_findings(
        found,
        chosen,
        [(o.id, o.name) for o in candidates],
        registry=registry,
        findings_kept=findings,
    )
    info = registry.info(scheme) if isinstance(scheme, str) else None
    if info is not None and info.package is None:
        info = None
    return Assessment(
        scheme_id=chosen.id,
        scheme_version=chosen.version,
        scheme_title=chosen.title,
        scheme_scope=chosen.scope,
        scheme_package=f"{info.package} {info.package_version}" if info else None,
        verdict_title=chosen.verdict.title if chosen.verdict else None,
        library_version=library_version(),
        as_of=as_of,
        window_start=window.start,
        window_end=window.end,
        skipped={i.id: i.skipped for _, i in chosen.indicators() if i.skipped is not None},
        subjects=results,
    )
