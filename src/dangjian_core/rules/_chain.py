"""The organisations a finding rolls up to: its subject's chain, from its own organisation up.

Computed when a finding is built (:meth:`RuleContext.finding`) and once per subject and day
— the dues findings of one member, the meetings of one branch share it — rather than
attached afterwards by copying every finding (issue 12).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ._finding import SubjectKind

if TYPE_CHECKING:
    from ..model.index import LedgerIndex

__all__ = ["ChainCache", "org_chain_of"]

ChainCache = dict[tuple[SubjectKind, str, date], tuple[str, ...]]
"""Chains already computed in one run, by (subject kind, subject id, day)."""


def org_chain_of(
    index: LedgerIndex, kind: SubjectKind, subject_id: str, day: date
) -> tuple[str, ...]:
    """The chain of a finding about ``subject_id`` on ``day``.  No finding but a ledger-level
    one is left without a chain: what its subject does not place falls to the department of a
    one-department ledger (docs/rules/README.md, "Person findings roll up")."""
    if kind is SubjectKind.LEDGER:
        return ()
    found = _subject_chain(index, kind, subject_id, day)
    if not found and len(index.departments) == 1:
        return index.org_chain(index.departments[0].id)
    return found


def _subject_chain(index: LedgerIndex, kind: SubjectKind, sid: str, day: date) -> tuple[str, ...]:
    if kind is SubjectKind.ORGANIZATION:
        return index.org_chain(sid)
    if kind is SubjectKind.PERSON:
        return index.person_chain(sid, day)
    lookups: dict[str, dict[str, tuple[str, ...]]] = index.memo(
        "_org_chain_records",
        lambda: {
            "case": {c.id: index.org_chain(c.branch_id) for c in index.ledger.development_cases},
            "society": {s.id: index.org_chain(s.org_id) for s in index.ledger.societies},
            "meeting": {
                m.id: tuple(dict.fromkeys(o for oid in m.org_ids for o in index.org_chain(oid)))
                for m in index.ledger.meetings
            },
        },
    )
    if kind is SubjectKind.CASE:
        return lookups["case"].get(sid, ())
    if kind is SubjectKind.SOCIETY:
        return lookups["society"].get(sid, ())
    if kind is SubjectKind.MEETING:
        return lookups["meeting"].get(sid, ())
    if kind is SubjectKind.PAYMENT:
        payer = index.memo(
            "_payers", lambda: {p.id: p.person_id for p in index.ledger.dues_payments}
        ).get(sid)
        return index.person_chain(payer, day) if payer else ()
    return ()
