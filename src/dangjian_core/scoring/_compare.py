"""Comparing and combining assessments: ``diff`` (this year vs last) and ``merge``."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..errors import Problem, SchemeError
from ._assessment import Assessment, FindingRef

__all__ = ["AssessmentDiff", "diff", "merge"]


@attrs.frozen(slots=True)
class AssessmentDiff:
    """What changed between two assessments of the same scheme version."""

    score: dict[str, float]
    dimensions: dict[str, dict[str, float]]
    indicators: dict[str, dict[str, float]]
    new: list[FindingRef]
    resolved: list[FindingRef]
    changed: list[tuple[FindingRef, FindingRef]]
    unchanged: list[FindingRef]


def _require_same(a: Assessment, b: Assessment) -> None:
    if (a.scheme_id, a.scheme_version) != (b.scheme_id, b.scheme_version):
        raise SchemeError(
            [
                Problem(
                    "scheme",
                    "两次评估的方案或版本不同，不能比较",
                    f"{a.scheme_id} {a.scheme_version} vs {b.scheme_id} {b.scheme_version}",
                    "scheme_mismatch",
                )
            ]
        )


def diff(a: Assessment, b: Assessment) -> AssessmentDiff:
    """Changes from ``a`` to ``b``: score deltas per subject, dimension and indicator
    (keyed ``subject/dimension`` and ``subject/indicator``), and findings new / resolved /
    changed / unchanged keyed by (rule, subject, period, facet).  A finding that stops failing
    is *resolved*; one failing only in ``b`` is *new*; other status changes are *changed*."""
    _require_same(a, b)
    before = {s.subject_id: s for s in a.subjects}
    after = {s.subject_id: s for s in b.subjects}
    score: dict[str, float] = {}
    dims: dict[str, dict[str, float]] = {}
    inds: dict[str, dict[str, float]] = {}
    for sid in dict.fromkeys([*before, *after]):
        sa, sb = before.get(sid), after.get(sid)
        score[sid] = round((sb.score if sb else 0) - (sa.score if sa else 0), 4)
        da = {d.id: d for d in sa.dimensions} if sa else {}
        db = {d.id: d for d in sb.dimensions} if sb else {}
        for did in dict.fromkeys([*da, *db]):
            x, y = da.get(did), db.get(did)
            dims.setdefault(sid, {})[did] = round(
                (y.earned if y else 0) - (x.earned if x else 0), 4
            )
            ia = {i.id: i for i in x.indicators} if x else {}
            ib = {i.id: i for i in y.indicators} if y else {}
            for iid in dict.fromkeys([*ia, *ib]):
                p, q = ia.get(iid), ib.get(iid)
                inds.setdefault(sid, {})[iid] = round(
                    (q.earned if q else 0) - (p.earned if p else 0), 4
                )
    fa = {f.key: f for s in a.subjects for f in s.findings}
    fb = {f.key: f for s in b.subjects for f in s.findings}
    new: list[FindingRef] = []
    resolved: list[FindingRef] = []
    changed: list[tuple[FindingRef, FindingRef]] = []
    unchanged: list[FindingRef] = []
    for key in dict.fromkeys([*fa, *fb]):
        x2, y2 = fa.get(key), fb.get(key)
        if x2 is None and y2 is not None:
            (new if y2.status == "fail" else unchanged).append(y2)
        elif y2 is None and x2 is not None:
            if x2.status == "fail":
                resolved.append(x2)
        elif x2 is not None and y2 is not None:
            if x2.status == y2.status:
                unchanged.append(y2)
            elif x2.status == "fail":
                resolved.append(y2)
            elif y2.status == "fail":
                new.append(y2)
            else:
                changed.append((x2, y2))
    return AssessmentDiff(score, dims, inds, new, resolved, changed, unchanged)


def merge(assessments: Iterable[Assessment]) -> Assessment:
    """Combine assessments of independent ledgers (one per school) into one.

    They must share scheme, version, ``as_of`` and window, and name disjoint subjects; the
    result equals assessing the union of the ledgers, because every subject is scored only
    from the findings inside its own subtree.
    """
    items = list(assessments)
    if not items:
        raise SchemeError([Problem("assessments", "没有可合并的评估", "nothing to merge", "empty")])
    first = items[0]
    seen: set[str] = set()
    subjects = []
    skipped: dict[str, str] = {}
    for item in items:
        _require_same(first, item)
        if (item.as_of, item.window_start, item.window_end) != (
            first.as_of,
            first.window_start,
            first.window_end,
        ):
            raise SchemeError(
                [
                    Problem(
                        "as_of",
                        "评估日期或考核期不同，不能合并",
                        "as_of or window differ",
                        "window_mismatch",
                    )
                ]
            )
        for s in item.subjects:
            if s.subject_id in seen:
                raise SchemeError(
                    [
                        Problem(
                            s.subject_id,
                            "评价对象重复，不能合并",
                            f"subject {s.subject_id} appears twice",
                            "duplicate_subject",
                        )
                    ]
                )
            seen.add(s.subject_id)
            subjects.append(s)
        skipped.update(item.skipped)
    return first.model_copy(update={"subjects": subjects, "skipped": skipped})
